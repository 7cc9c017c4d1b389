//! `jmap diff --format markdown`, and the markdown pieces `jmap review` reuses.
//!
//! Every piece of user text goes through [`escape`] (the report's escaper), so a name
//! holding `<script>`, a markdown link, a `|` or a newline stays inert text and every
//! table row keeps its cells.

use super::{Change, JourneyDiff, Summaries, display_value, summary_rows};
use std::fmt::Write;

/// User text made inert for GitHub-flavoured markdown, on one line, for a table cell or
/// the middle of a line: the report's escaper, shared so every markdown output agrees.
pub(crate) fn escape(text: &str) -> String {
    crate::text::markdown::escape_cell(text)
}

/// A table cell: escaped text, or `—` when there is none (a cell is never empty).
pub(crate) fn cell(text: &str) -> String {
    if text.trim().is_empty() {
        "—".to_string()
    } else {
        escape(text.trim())
    }
}

fn row(out: &mut String, cells: &[String]) {
    out.push('|');
    for cell in cells {
        let _ = write!(out, " {cell} |");
    }
    out.push('\n');
}

/// The two sides' measures as a table.
pub fn summary_table(out: &mut String, summary: &Summaries) {
    out.push_str("| Measure | Old | New |\n|---|---:|---:|\n");
    for (label, old, new) in summary_rows(summary) {
        row(out, &[label.to_string(), cell(&old), cell(&new)]);
    }
}

/// Every change as a table: one row per field, the element named on its first row.
pub fn changes_table(out: &mut String, changes: &[Change]) {
    if changes.is_empty() {
        out.push_str("No structural changes.\n");
        return;
    }
    out.push_str("| Kind | Id | Change | Field | Old | New |\n|---|---|---|---|---|---|\n");
    for change in changes {
        let element = [
            change.kind.as_str().to_string(),
            cell(&change.id),
            change.change.as_str().to_string(),
        ];
        if change.fields.is_empty() {
            let mut cells = element.to_vec();
            cells.extend(["—".to_string(), "—".to_string(), "—".to_string()]);
            row(out, &cells);
        }
        for (position, field) in change.fields.iter().enumerate() {
            let mut cells = if position == 0 {
                element.to_vec()
            } else {
                vec![" ".to_string(); 3]
            };
            cells.push(field.field.to_string());
            cells.push(cell(&display_value(&field.old)));
            cells.push(cell(&display_value(&field.new)));
            row(out, &cells);
        }
    }
}

pub fn render(diff: &JourneyDiff) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "## Journey diff\n\nOld: {}  \nNew: {}\n",
        cell(&diff.old),
        cell(&diff.new)
    );
    summary_table(&mut out, &diff.summary);
    let _ = writeln!(out, "\n### Changes ({})\n", diff.changes.len());
    changes_table(&mut out, &diff.changes);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_text_stays_inert() {
        let text = "<script>alert(1)</script> [x](javascript:y) | a\nb `c` *d* \u{202e}e";
        let escaped = escape(text);
        assert!(!escaped.contains('\n'));
        assert!(!escaped.contains('\u{202e}'));
        assert!(!escaped.contains('|'));
        assert!(!escaped.replace("\\<", "").contains('<'));
        assert!(!escaped.replace("\\](", "").contains("]("));
    }

    #[test]
    fn empty_cells_get_a_dash() {
        assert_eq!(cell("  "), "—");
    }
}
