//! `jmap review`: one markdown comment for a pull request, from the lint and the diff of
//! every journey file changed since a base revision.
//!
//! A finding is *new* when the base version had no finding of the same rule about the same
//! element (see [`super::finding_key`]); lines do not matter, so moving an element does
//! not make its findings new. The gate fails only on new errors.

use super::git::Status;
use super::markdown::changes_block;
use super::{JourneyDiff, Summary, Trend, mark_new, measures};
use crate::diagnostic::{FileFindings, Finding, Level};
use crate::report::document::{
    Block, Document, Inlines, Table, cell, code, emphasis, strong, text,
};

/// One version of a file: what lint (or the loader) found, and its measures when it loaded.
#[derive(Debug)]
pub struct Linted {
    pub findings: FileFindings,
    /// `None` when the version could not be loaded (its findings are the load errors).
    pub summary: Option<Summary>,
}

/// One changed journey file.
#[derive(Debug)]
pub struct FileReview {
    /// Relative to the repository root.
    pub path: String,
    pub status: Status,
    /// The version at the base revision; `None` when the file was added.
    pub old: Option<Linted>,
    /// The version in the working tree; `None` when the file was deleted.
    pub new: Option<Linted>,
    /// When both versions loaded.
    pub diff: Option<JourneyDiff>,
}

impl FileReview {
    fn old_findings(&self) -> &[Finding] {
        self.old.as_ref().map_or(&[], |old| &old.findings.findings)
    }

    fn new_findings(&self) -> &[Finding] {
        self.new.as_ref().map_or(&[], |new| &new.findings.findings)
    }

    /// Errors in the new version that the base version did not have.
    pub fn new_errors(&self) -> usize {
        super::new_error_count(self.old_findings(), self.new_findings())
    }

    /// Findings of the base version that the new version no longer has, by level.
    fn fixed(&self) -> (usize, usize) {
        let gone = mark_new(self.new_findings(), self.old_findings());
        let mut fixed = (0, 0);
        for (finding, gone) in self.old_findings().iter().zip(gone) {
            match (gone, finding.level) {
                (true, Level::Error) => fixed.0 += 1,
                (true, Level::Warning) => fixed.1 += 1,
                _ => {}
            }
        }
        fixed
    }
}

/// Every reviewed file, and the revision they were compared with.
#[derive(Debug)]
pub struct Review {
    pub base: String,
    pub files: Vec<FileReview>,
}

impl Review {
    pub fn new_errors(&self) -> usize {
        self.files.iter().map(FileReview::new_errors).sum()
    }

    /// The gate: exit 1 only when the change brings an error the base did not have.
    pub fn passes(&self) -> bool {
        self.new_errors() == 0
    }
}

use crate::text::count_with as plural;

/// GitHub refuses comments longer than 65,536 characters; stay below with some room.
pub const MAX_COMMENT_CHARS: usize = 60_000;

/// How much detail fits: everything, then without the change lists, then with at most a
/// few findings per file.
#[derive(Clone, Copy)]
struct Detail {
    change_lists: bool,
    max_findings: usize,
}

/// The comment, shortened if needed so that GitHub accepts it.
pub fn render(review: &Review) -> String {
    let levels = [
        Detail {
            change_lists: true,
            max_findings: usize::MAX,
        },
        Detail {
            change_lists: false,
            max_findings: usize::MAX,
        },
        Detail {
            change_lists: false,
            max_findings: 10,
        },
    ];
    let mut comment = String::new();
    for detail in levels {
        comment = render_with(review, detail);
        if comment.chars().count() <= MAX_COMMENT_CHARS {
            break;
        }
    }
    comment
}

fn render_with(review: &Review, detail: Detail) -> String {
    let mut blocks = Vec::new();
    let new_errors = review.new_errors();
    blocks.push(Block::Heading(
        2,
        if new_errors == 0 {
            "✅ jmap review: no new errors".to_string()
        } else {
            format!(
                "❌ jmap review: {}",
                plural(new_errors, "new error", "new errors")
            )
        },
    ));
    if review.files.is_empty() {
        blocks.push(Block::Paragraph(vec![text(format!(
            "No journey files changed since {}.",
            review.base
        ))]));
        return Document { blocks }.to_markdown();
    }
    let count =
        |wanted: fn(&Status) -> bool| review.files.iter().filter(|f| wanted(&f.status)).count();
    let parts: Vec<String> = [
        (count(|s| matches!(s, Status::Added)), "added"),
        (count(|s| matches!(s, Status::Modified)), "modified"),
        (count(|s| matches!(s, Status::Renamed(_))), "renamed"),
        (count(|s| matches!(s, Status::Deleted)), "deleted"),
    ]
    .into_iter()
    .filter(|(count, _)| *count > 0)
    .map(|(count, label)| format!("{count} {label}"))
    .collect();
    // A deleted file's errors are gone, not fixed.
    let (fixed_errors, _) = review
        .files
        .iter()
        .filter(|file| file.new.is_some())
        .map(FileReview::fixed)
        .fold((0, 0), |total, fixed| {
            (total.0 + fixed.0, total.1 + fixed.1)
        });
    let mut intro = format!(
        "{} changed since {} ({}).",
        plural(review.files.len(), "journey file", "journey files"),
        review.base,
        parts.join(", ")
    );
    if fixed_errors > 0 {
        intro.push_str(&format!(
            " {} fixed.",
            plural(fixed_errors, "error", "errors")
        ));
    }
    let mut paragraph = vec![text(intro)];
    if new_errors > 0 {
        paragraph.extend([
            text(" Errors marked "),
            strong("new"),
            text(" were not there at the base revision: fix them, or silence them with "),
            code("allow"),
            text(" and say why."),
        ]);
    }
    blocks.push(Block::Paragraph(paragraph));
    for file in &review.files {
        render_file(&mut blocks, &review.base, file, detail);
    }
    if !detail.change_lists {
        blocks.push(Block::Paragraph(vec![
            emphasis("Shortened to fit in a comment:"),
            text(" run "),
            code("jmap review"),
            text(" or "),
            code("jmap diff"),
            text(" locally for the full change lists."),
        ]));
    }
    Document { blocks }.to_markdown()
}

/// A table cell: the text, or `—` when there is none (a cell is never empty).
fn filled(value: &str) -> Inlines {
    if value.trim().is_empty() {
        cell("—")
    } else {
        cell(value.trim())
    }
}

fn paragraph(value: String) -> Block {
    Block::Paragraph(vec![text(value)])
}

fn render_file(blocks: &mut Vec<Block>, base: &str, file: &FileReview, detail: Detail) {
    let status = match &file.status {
        Status::Added => "added".to_string(),
        Status::Modified => "modified".to_string(),
        Status::Deleted => "deleted".to_string(),
        Status::Renamed(from) => format!("renamed from {from}"),
    };
    blocks.push(Block::Heading(3, format!("{} — {status}", file.path)));

    let Some(new) = &file.new else {
        let findings = file.old_findings();
        let errors = findings.iter().filter(|f| f.level == Level::Error).count();
        blocks.push(paragraph(format!(
            "Removed. At {base} it had {} and {}.",
            plural(errors, "error", "errors"),
            plural(findings.len() - errors, "warning", "warnings")
        )));
        return;
    };

    render_findings(blocks, file, new, detail.max_findings);

    match (&file.old, &new.summary) {
        (_, None) => {
            blocks.push(paragraph(
                "This version does not load, so it cannot be compared.".to_string(),
            ));
        }
        (None, Some(summary)) => {
            let emotion = summary
                .mean_emotion
                .map_or("—".to_string(), crate::text::mean);
            blocks.push(paragraph(format!(
                "New journey: {}, {} ({} cross-lane, {} unowned), {}, mean emotion {emotion}.",
                plural(summary.touchpoints, "touchpoint", "touchpoints"),
                plural(summary.handoffs, "handoff", "handoffs"),
                summary.cross_lane_handoffs,
                summary.unowned_handoffs,
                plural(
                    summary.unmeasured_stages,
                    "unmeasured stage",
                    "unmeasured stages"
                ),
            )));
        }
        (Some(old), Some(_)) if old.summary.is_none() => {
            blocks.push(paragraph(format!(
                "The version at {base} did not load, so there is nothing to compare with."
            )));
        }
        (Some(_), Some(_)) => {
            if let Some(diff) = &file.diff {
                blocks.push(render_trends(diff));
                if diff.changes.is_empty() {
                    blocks.push(paragraph("No structural changes.".to_string()));
                    return;
                }
                if !detail.change_lists {
                    blocks.push(paragraph(format!(
                        "{}.",
                        plural(diff.changes.len(), "change", "changes")
                    )));
                    return;
                }
                blocks.push(Block::Details {
                    summary: format!("All changes ({})", diff.changes.len()),
                    blocks: vec![changes_block(diff)],
                });
            }
        }
    }
}

fn render_findings(blocks: &mut Vec<Block>, file: &FileReview, new: &Linted, max_findings: usize) {
    let findings = &new.findings.findings;
    let marks = mark_new(file.old_findings(), findings);
    let count = |level: Level| {
        let all = findings.iter().filter(|f| f.level == level).count();
        let fresh = findings
            .iter()
            .zip(&marks)
            .filter(|(f, is_new)| f.level == level && **is_new)
            .count();
        (all, fresh)
    };
    let (errors, new_errors) = count(Level::Error);
    let (warnings, new_warnings) = count(Level::Warning);
    let (fixed_errors, fixed_warnings) = file.fixed();
    let mut lint = format!(
        " {} ({} new), {} ({} new)",
        plural(errors, "error", "errors"),
        new_errors,
        plural(warnings, "warning", "warnings"),
        new_warnings
    );
    if fixed_errors + fixed_warnings > 0 {
        lint.push_str(&format!(
            "; fixed {} and {}",
            plural(fixed_errors, "error", "errors"),
            plural(fixed_warnings, "warning", "warnings")
        ));
    }
    lint.push('.');
    blocks.push(Block::Paragraph(vec![strong("Lint:"), text(lint)]));
    if findings.is_empty() {
        return;
    }
    // New findings first when the list is cut, so the ones that fail the gate stay visible.
    let mut rows: Vec<(&Finding, bool)> = findings.iter().zip(marks).collect();
    if rows.len() > max_findings {
        rows.sort_by_key(|(finding, is_new)| (!is_new, finding.level != Level::Error));
    }
    let hidden = rows.len().saturating_sub(max_findings);
    let rows = rows
        .into_iter()
        .take(max_findings)
        .map(|(finding, is_new)| {
            let (start, _) = crate::output::location(&new.findings, finding);
            vec![
                if is_new {
                    vec![strong("new")]
                } else {
                    cell("")
                },
                cell(finding.level.as_str()),
                cell(finding.rule),
                cell(start.line.to_string()),
                finding
                    .element
                    .as_ref()
                    .map_or_else(|| cell("—"), |key| filled(&key.to_string())),
                filled(&finding.message),
            ]
        })
        .collect();
    blocks.push(Block::Table(Table {
        headers: vec!["", "Level", "Rule", "Line", "Element", "Message"],
        numeric: vec![3],
        rows,
    }));
    if hidden > 0 {
        blocks.push(paragraph(format!(
            "…and {} more, not shown to keep the comment short.",
            plural(hidden, "finding", "findings")
        )));
    }
}

fn render_trends(diff: &JourneyDiff) -> Block {
    let measures = measures(&diff.summary.old, &diff.summary.new);
    let describe = |trend: Trend| -> Vec<String> {
        measures
            .iter()
            .filter(|measure| measure.trend() == trend)
            .map(|measure| {
                let show = |value: Option<f64>| value.map_or("—".to_string(), measure.show);
                format!(
                    "{} {} → {}",
                    measure.label,
                    show(measure.old),
                    show(measure.new)
                )
            })
            .collect()
    };
    let better = describe(Trend::Better);
    let worse = describe(Trend::Worse);
    if better.is_empty() && worse.is_empty() {
        return paragraph(
            "No change in errors, warnings, unowned handoffs, unmeasured stages, mean emotion \
             or pains."
                .to_string(),
        );
    }
    let mut items = Vec::new();
    if !better.is_empty() {
        items.push(vec![
            strong("Better:"),
            text(format!(" {}", better.join(", "))),
        ]);
    }
    if !worse.is_empty() {
        items.push(vec![
            strong("Worse:"),
            text(format!(" {}", worse.join(", "))),
        ]);
    }
    Block::Bullets(items)
}
