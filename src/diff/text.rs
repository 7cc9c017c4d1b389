//! `jmap diff --format text`: comfy-table tables for the terminal.

use super::{JourneyDiff, display_value, summary_rows};
use comfy_table::{ColumnConstraint, ContentArrangement, Table, presets};

/// Width used when the output is not a terminal, so pipes and tests get the same bytes.
const FIXED_WIDTH: u16 = 120;

/// User text safe to print on a terminal, on one line: the text module's
/// [`crate::text::one_line`].
pub fn plain(text: &str) -> String {
    crate::text::one_line(text)
}

fn table(terminal: bool) -> Table {
    let mut table = Table::new();
    table
        .load_style(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic);
    if !terminal {
        table.force_no_tty().set_width(FIXED_WIDTH);
    }
    table
}

/// The diff as text; `terminal` lets the tables take the terminal's width.
pub fn render(diff: &JourneyDiff, terminal: bool) -> String {
    let mut out = format!(
        "Journey diff\n  old: {}\n  new: {}\n\n",
        plain(&diff.old),
        plain(&diff.new)
    );

    let mut summary = table(terminal);
    summary.set_header(vec!["Measure", "Old", "New"]);
    for (label, old, new) in summary_rows(&diff.summary) {
        summary.add_row(vec![label.to_string(), old, new]);
    }
    out.push_str(&summary.to_string());
    out.push_str("\n\n");

    if diff.changes.is_empty() {
        out.push_str("No structural changes.\n");
        return out;
    }
    out.push_str(&format!("Changes ({})\n", diff.changes.len()));
    let mut changes = table(terminal);
    changes.set_header(vec!["Kind", "Id", "Change", "Field", "Old", "New"]);
    // Ids and field names stay whole; the values wrap.
    for index in 0..4 {
        if let Some(column) = changes.column_mut(index) {
            column.set_constraint(ColumnConstraint::ContentWidth);
        }
    }
    for change in &diff.changes {
        let element = [
            change.kind.as_str().to_string(),
            plain(&change.id),
            change.change.as_str().to_string(),
        ];
        if change.fields.is_empty() {
            let mut cells = element.to_vec();
            cells.extend([String::new(), String::new(), String::new()]);
            changes.add_row(cells);
        }
        for (position, field) in change.fields.iter().enumerate() {
            let mut cells = if position == 0 {
                element.to_vec()
            } else {
                vec![String::new(); 3]
            };
            cells.push(field.field.to_string());
            cells.push(plain(display_value(&field.old).trim()));
            cells.push(plain(display_value(&field.new).trim()));
            changes.add_row(cells);
        }
    }
    out.push_str(&changes.to_string());
    out.push('\n');
    out
}
