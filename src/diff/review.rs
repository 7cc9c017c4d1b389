//! `jmap review`: one markdown comment for a pull request, from the lint and the diff of
//! every journey file changed since a base revision.
//!
//! A finding is *new* when the base version had no finding of the same rule about the same
//! element (see [`super::finding_key`]); lines do not matter, so moving an element does
//! not make its findings new. The gate fails only on new errors.

use super::git::Status;
use super::markdown::{cell, changes_table, escape};
use super::{JourneyDiff, Summary, Trend, mark_new, measures};
use crate::diagnostic::{FileFindings, Finding, Level};

use std::fmt::Write;

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
    let mut out = String::new();
    let new_errors = review.new_errors();
    if new_errors == 0 {
        out.push_str("## ✅ jmap review: no new errors\n\n");
    } else {
        let _ = writeln!(
            out,
            "## ❌ jmap review: {}\n",
            plural(new_errors, "new error", "new errors")
        );
    }
    if review.files.is_empty() {
        let _ = writeln!(
            out,
            "No journey files changed since {}.",
            cell(&review.base)
        );
        return out;
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
    let _ = write!(
        out,
        "{} changed since {} ({}).",
        plural(review.files.len(), "journey file", "journey files"),
        cell(&review.base),
        parts.join(", ")
    );
    if fixed_errors > 0 {
        let _ = write!(out, " {} fixed.", plural(fixed_errors, "error", "errors"));
    }
    if new_errors > 0 {
        out.push_str(
            " Errors marked **new** were not there at the base revision: fix them, or \
             silence them with `allow` and say why.",
        );
    }
    out.push('\n');
    for file in &review.files {
        out.push('\n');
        render_file(&mut out, &review.base, file, detail);
    }
    if !detail.change_lists {
        out.push_str(
            "\n_Shortened to fit in a comment: run `jmap review` or `jmap diff` locally for the \
             full change lists._\n",
        );
    }
    out
}

fn render_file(out: &mut String, base: &str, file: &FileReview, detail: Detail) {
    let status = match &file.status {
        Status::Added => "added".to_string(),
        Status::Modified => "modified".to_string(),
        Status::Deleted => "deleted".to_string(),
        Status::Renamed(from) => format!("renamed from {}", escape(from)),
    };
    let _ = writeln!(out, "### {} — {status}\n", escape(&file.path));

    let Some(new) = &file.new else {
        let findings = file.old_findings();
        let errors = findings.iter().filter(|f| f.level == Level::Error).count();
        let _ = writeln!(
            out,
            "Removed. At {} it had {} and {}.",
            cell(base),
            plural(errors, "error", "errors"),
            plural(findings.len() - errors, "warning", "warnings")
        );
        return;
    };

    render_findings(out, file, new, detail.max_findings);

    match (&file.old, &new.summary) {
        (_, None) => {
            out.push_str("\nThis version does not load, so it cannot be compared.\n");
        }
        (None, Some(summary)) => {
            let emotion = summary
                .mean_emotion
                .map_or("—".to_string(), crate::text::mean);
            let _ = writeln!(
                out,
                "\nNew journey: {}, {} ({} cross-lane, {} unowned), {}, mean emotion {emotion}.",
                plural(summary.touchpoints, "touchpoint", "touchpoints"),
                plural(summary.handoffs, "handoff", "handoffs"),
                summary.cross_lane_handoffs,
                summary.unowned_handoffs,
                plural(
                    summary.unmeasured_stages,
                    "unmeasured stage",
                    "unmeasured stages"
                ),
            );
        }
        (Some(old), Some(_)) if old.summary.is_none() => {
            let _ = writeln!(
                out,
                "\nThe version at {} did not load, so there is nothing to compare with.",
                cell(base)
            );
        }
        (Some(_), Some(_)) => {
            if let Some(diff) = &file.diff {
                render_trends(out, diff);
                if diff.changes.is_empty() {
                    out.push_str("\nNo structural changes.\n");
                    return;
                }
                if !detail.change_lists {
                    let _ = writeln!(
                        out,
                        "\n{}.",
                        plural(diff.changes.len(), "change", "changes")
                    );
                    return;
                }
                let _ = writeln!(
                    out,
                    "\n<details><summary>All changes ({})</summary>\n",
                    diff.changes.len()
                );
                changes_table(out, diff);
                out.push_str("\n</details>\n");
            }
        }
    }
}

fn render_findings(out: &mut String, file: &FileReview, new: &Linted, max_findings: usize) {
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
    let _ = write!(
        out,
        "**Lint:** {} ({} new), {} ({} new)",
        plural(errors, "error", "errors"),
        new_errors,
        plural(warnings, "warning", "warnings"),
        new_warnings
    );
    if fixed_errors + fixed_warnings > 0 {
        let _ = write!(
            out,
            "; fixed {} and {}",
            plural(fixed_errors, "error", "errors"),
            plural(fixed_warnings, "warning", "warnings")
        );
    }
    out.push_str(".\n");
    if findings.is_empty() {
        return;
    }
    out.push_str("\n| | Level | Rule | Line | Element | Message |\n|---|---|---|---:|---|---|\n");
    // New findings first when the list is cut, so the ones that fail the gate stay visible.
    let mut rows: Vec<(&Finding, bool)> = findings.iter().zip(marks).collect();
    if rows.len() > max_findings {
        rows.sort_by_key(|(finding, is_new)| (!is_new, finding.level != Level::Error));
    }
    let hidden = rows.len().saturating_sub(max_findings);
    for (finding, is_new) in rows.into_iter().take(max_findings) {
        let (start, _) = crate::output::location(&new.findings, finding);
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            if is_new { "**new**" } else { " " },
            finding.level.as_str(),
            escape(finding.rule),
            start.line,
            finding
                .element
                .as_ref()
                .map_or("—".to_string(), |key| cell(&key.to_string())),
            cell(&finding.message)
        );
    }
    if hidden > 0 {
        let _ = writeln!(
            out,
            "\n…and {} more, not shown to keep the comment short.",
            plural(hidden, "finding", "findings")
        );
    }
}

fn render_trends(out: &mut String, diff: &JourneyDiff) {
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
    out.push('\n');
    if better.is_empty() && worse.is_empty() {
        out.push_str("No change in errors, warnings, unowned handoffs, unmeasured stages, mean emotion or pains.\n");
        return;
    }
    if !better.is_empty() {
        let _ = writeln!(out, "- **Better:** {}", better.join(", "));
    }
    if !worse.is_empty() {
        let _ = writeln!(out, "- **Worse:** {}", worse.join(", "));
    }
}
