//! `jmap diff --format markdown`, and the blocks `jmap review` reuses, built as the
//! report's document model.
//!
//! User text stays plain text in the blocks; the document's markdown renderer is the one
//! escaper, so a name holding `<script>`, a markdown link, a `|` or a newline stays inert
//! text and every table row keeps its cells.

use super::{JourneyDiff, Summaries, display_value, summary_rows};
use crate::report::document::{self, Block, Document, Table};

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
    fn hostile_cells_stay_inert_and_keep_their_row() {
        let text = "<script>alert(1)</script> [x](javascript:y) | a\nb `c` *d* \u{202e}e @team";
        let markdown = Document {
            blocks: vec![Block::Table(Table {
                headers: vec!["Kind", "Element"],
                numeric: vec![],
                rows: vec![vec![document::cell("touchpoint"), document::cell(text)]],
            })],
        }
        .to_markdown();
        let row = markdown.lines().nth(2).unwrap_or_default();
        assert_eq!(markdown.lines().count(), 3, "{markdown}");
        assert_eq!(row.matches(" | ").count(), 1, "{row}");
        assert!(!markdown.contains('\u{202e}'));
        assert!(!markdown.replace("\\<", "").contains('<'));
        assert!(!markdown.replace("\\](", "").contains("]("));
        assert!(!markdown.contains("@team"));
    }
}
