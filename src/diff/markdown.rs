//! `jmap diff --format markdown`, and the markdown pieces `jmap review` reuses.
//!
//! Every piece of user text goes through [`escape`] (the report's escaper), so a name
//! holding `<script>`, a markdown link, a `|` or a newline stays inert text and every
//! table row keeps its cells.

use super::{JourneyDiff, Summaries, display_value, summary_rows};
use crate::report::document::{self, Block, Document, Table};

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

/// The two sides' measures as a table of the report's document model.
pub fn summary_block(summary: &Summaries) -> Block {
    Block::Table(Table {
        headers: vec!["Measure", "Old", "New"],
        numeric: vec![1, 2],
        rows: summary_rows(summary)
            .into_iter()
            .map(|(label, old, new)| {
                vec![
                    document::cell(label),
                    document::cell(old),
                    document::cell(new),
                ]
            })
            .collect(),
    })
}

/// Every change as a table of the document model: one row per field, the element named
/// (by name, with its id when two share a name) on its first row.
pub fn changes_block(diff: &JourneyDiff) -> Block {
    if diff.changes.is_empty() {
        return Block::Paragraph(vec![document::text("No structural changes.")]);
    }
    let mut rows = Vec::new();
    for change in &diff.changes {
        let element = vec![
            document::cell(change.kind.as_str()),
            document::cell(diff.label(change)),
            document::cell(change.change.as_str()),
        ];
        if change.fields.is_empty() {
            let mut cells = element.clone();
            cells.extend([
                document::cell("—"),
                document::cell("—"),
                document::cell("—"),
            ]);
            rows.push(cells);
        }
        for (position, field) in change.fields.iter().enumerate() {
            let mut cells = if position == 0 {
                element.clone()
            } else {
                vec![document::cell(""); 3]
            };
            cells.push(document::cell(field.field));
            cells.push(document::cell(display_value(&field.old)));
            cells.push(document::cell(display_value(&field.new)));
            rows.push(cells);
        }
    }
    Block::Table(Table {
        headers: vec!["Kind", "Element", "Change", "Field", "Old", "New"],
        numeric: vec![],
        rows,
    })
}

/// The changes table as markdown (for `jmap review`).
pub fn changes_table(out: &mut String, diff: &JourneyDiff) {
    out.push_str(
        &Document {
            blocks: vec![changes_block(diff)],
        }
        .to_markdown(),
    );
}

pub fn render(diff: &JourneyDiff) -> String {
    let document = Document {
        blocks: vec![
            Block::Heading(2, "Journey diff".to_string()),
            Block::Paragraph(vec![
                document::strong("Old:"),
                document::text(format!(" {}", diff.old)),
            ]),
            Block::Paragraph(vec![
                document::strong("New:"),
                document::text(format!(" {}", diff.new)),
            ]),
            summary_block(&diff.summary),
            Block::Heading(3, format!("Changes ({})", diff.changes.len())),
            changes_block(diff),
        ],
    };
    document.to_markdown()
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
