//! A small document model the report is built as, and its two renderings: GitHub-flavoured
//! markdown and terminal text (comfy-table). Every piece of user text stays plain text
//! here; only the markdown renderer escapes it, in one place.

use crate::text::markdown::{escape_url, push_escaped};
use comfy_table::{ContentArrangement, Table as TextTable, presets::UTF8_FULL_CONDENSED};
use std::fmt::Write as _;

/// A run of text inside a paragraph, list item or cell.
#[derive(Debug, Clone)]
pub enum Inline {
    Text(String),
    Strong(String),
    Emphasis(String),
    /// Monospace: rule names and element keys.
    Code(String),
}

pub type Inlines = Vec<Inline>;

#[derive(Debug, Clone)]
pub struct Table {
    pub headers: Vec<&'static str>,
    /// Columns whose values are numbers: right-aligned.
    pub numeric: Vec<usize>,
    pub rows: Vec<Vec<Inlines>>,
}

#[derive(Debug, Clone)]
pub enum Block {
    Heading(u8, String),
    Paragraph(Inlines),
    Bullets(Vec<Inlines>),
    /// Quoted paragraphs (the journey's description).
    Quote(Vec<Inlines>),
    Table(Table),
    /// A Mermaid diagram and a line about how to read it; only markdown shows them.
    Mermaid {
        diagram: String,
        caption: String,
    },
    /// A link to a rendered map; markdown shows it as an image.
    Image {
        alt: String,
        path: String,
    },
    /// A part folded away behind a one-line summary: `<details>` in markdown, shown in
    /// full in the text rendering.
    Details {
        summary: String,
        blocks: Vec<Block>,
    },
}

pub struct Document {
    pub blocks: Vec<Block>,
}

pub fn text(value: impl Into<String>) -> Inline {
    Inline::Text(value.into())
}

pub fn strong(value: impl Into<String>) -> Inline {
    Inline::Strong(value.into())
}

pub fn code(value: impl Into<String>) -> Inline {
    Inline::Code(value.into())
}

pub fn cell(value: impl Into<String>) -> Inlines {
    vec![Inline::Text(value.into())]
}

pub fn emphasis(value: impl Into<String>) -> Inline {
    Inline::Emphasis(value.into())
}

impl Document {
    pub fn to_markdown(&self) -> String {
        let mut out = String::with_capacity(16 * 1024);
        for (index, block) in self.blocks.iter().enumerate() {
            if index > 0 {
                out.push('\n');
            }
            write_markdown_block(&mut out, block);
        }
        out
    }

    /// Terminal text; tables are wrapped to `width` columns.
    pub fn to_text(&self, width: u16) -> String {
        let mut out = String::with_capacity(16 * 1024);
        let mut first = true;
        for block in &self.blocks {
            if matches!(block, Block::Mermaid { .. }) {
                continue;
            }
            if !first {
                out.push('\n');
            }
            first = false;
            write_text_block(&mut out, block, width);
        }
        out
    }
}

fn write_markdown_block(out: &mut String, block: &Block) {
    match block {
        Block::Heading(level, title) => {
            for _ in 0..*level {
                out.push('#');
            }
            out.push(' ');
            push_escaped(out, title, true);
            out.push('\n');
        }
        Block::Paragraph(inlines) => {
            push_markdown_inlines(out, inlines, true);
            end_line(out);
        }
        Block::Bullets(items) => {
            for item in items {
                out.push_str("- ");
                push_markdown_inlines(out, item, true);
                end_line(out);
            }
        }
        Block::Quote(paragraphs) => {
            for (index, paragraph) in paragraphs.iter().enumerate() {
                if index > 0 {
                    out.push_str(">\n");
                }
                out.push_str("> ");
                push_markdown_inlines(out, paragraph, true);
                end_line(out);
            }
        }
        Block::Table(table) => write_markdown_table(out, table),
        Block::Mermaid { diagram, caption } => {
            push_escaped(out, caption, true);
            out.push_str("\n\n```mermaid\n");
            out.push_str(diagram);
            if !diagram.ends_with('\n') {
                out.push('\n');
            }
            out.push_str("```\n");
        }
        Block::Image { alt, path } => {
            out.push_str("![");
            push_escaped(out, alt, false);
            out.push_str("](");
            out.push_str(&escape_url(path));
            out.push_str(")\n");
        }
        Block::Details { summary, blocks } => {
            out.push_str("<details><summary>");
            push_html_escaped(out, summary);
            out.push_str("</summary>\n\n");
            for (index, block) in blocks.iter().enumerate() {
                if index > 0 {
                    out.push('\n');
                }
                write_markdown_block(out, block);
            }
            out.push_str("\n</details>\n");
        }
    }
}

/// Text inside the HTML of a `<details>` line, where markdown escapes do not apply: one
/// line, HTML-escaped (the XML escaper), hostile characters visible, no `@mention`.
fn push_html_escaped(out: &mut String, text: &str) {
    let escaped = crate::text::xml::escape(&crate::text::one_line(text));
    let mut chars = escaped.chars().peekable();
    while let Some(ch) = chars.next() {
        out.push(ch);
        if ch == '@' && chars.peek().is_some_and(|next| next.is_alphanumeric()) {
            out.push(crate::text::markdown::MENTION_BREAK);
        }
    }
}

fn write_markdown_table(out: &mut String, table: &Table) {
    out.push('|');
    for header in &table.headers {
        out.push(' ');
        push_escaped(out, header, false);
        out.push_str(" |");
    }
    out.push_str("\n|");
    for column in 0..table.headers.len() {
        out.push_str(if table.numeric.contains(&column) {
            "---:|"
        } else {
            "---|"
        });
    }
    out.push('\n');
    for row in &table.rows {
        out.push('|');
        // Every row gets exactly as many cells as the header, whatever the caller built.
        for column in 0..table.headers.len() {
            out.push(' ');
            if let Some(cell) = row.get(column) {
                push_markdown_inlines(out, cell, false);
            }
            out.push_str(" |");
        }
        out.push('\n');
    }
}

/// Ends a line without trailing spaces (two of them would make a hard break).
fn end_line(out: &mut String) {
    while out.ends_with(' ') {
        out.pop();
    }
    out.push('\n');
}

/// `line_start`: the inlines begin a line (a paragraph or a list item).
fn push_markdown_inlines(out: &mut String, inlines: &[Inline], line_start: bool) {
    for (index, inline) in inlines.iter().enumerate() {
        let line_start = line_start && index == 0;
        match inline {
            Inline::Text(value) => push_run(out, value, line_start),
            Inline::Strong(value) if value.trim().is_empty() => {}
            Inline::Strong(value) => push_delimited(out, value, "**"),
            Inline::Emphasis(value) if value.trim().is_empty() => {}
            Inline::Emphasis(value) => push_delimited(out, value, "*"),
            Inline::Code(value) if is_plain_code(value) => {
                let _ = write!(out, "`{value}`");
            }
            Inline::Code(value) => push_run(out, value, line_start),
        }
    }
}

/// `**text**` with the spaces at either end of `value` outside the delimiters, where
/// they do not stop the emphasis from opening or closing.
fn push_delimited(out: &mut String, value: &str, delimiter: &str) {
    if value.starts_with(char::is_whitespace) {
        out.push(' ');
    }
    out.push_str(delimiter);
    push_escaped(out, value, false);
    out.push_str(delimiter);
    if value.ends_with(char::is_whitespace) {
        out.push(' ');
    }
}

/// Escaped text that keeps one space at either end, so runs join as written.
fn push_run(out: &mut String, value: &str, line_start: bool) {
    if value.starts_with(char::is_whitespace) && !line_start {
        out.push(' ');
    }
    push_escaped(out, value, line_start);
    if value.ends_with(char::is_whitespace) && !value.trim().is_empty() {
        out.push(' ');
    }
}

/// Code spans cannot escape anything: only text without backticks, pipes or line breaks
/// goes into one, the rest is written as escaped text.
fn is_plain_code(value: &str) -> bool {
    !value.is_empty()
        && !value.starts_with(' ')
        && !value.ends_with(' ')
        && value.chars().all(|ch| {
            ch == ' '
                || (!matches!(ch, '`' | '|') && !ch.is_whitespace() && !crate::text::is_hostile(ch))
        })
}

fn write_text_block(out: &mut String, block: &Block, width: u16) {
    match block {
        Block::Heading(level, title) => {
            let title = plain(title);
            out.push_str(&title);
            out.push('\n');
            let underline = if *level <= 1 { '=' } else { '-' };
            for _ in 0..title.chars().count() {
                out.push(underline);
            }
            out.push('\n');
        }
        Block::Paragraph(inlines) => {
            out.push_str(plain_inlines(inlines).trim_end());
            out.push('\n');
        }
        Block::Bullets(items) => {
            for item in items {
                out.push_str("- ");
                out.push_str(plain_inlines(item).trim_end());
                out.push('\n');
            }
        }
        Block::Quote(paragraphs) => {
            for paragraph in paragraphs {
                out.push_str("  ");
                out.push_str(plain_inlines(paragraph).trim_end());
                out.push('\n');
            }
        }
        Block::Table(table) => {
            let mut text_table = TextTable::new();
            text_table
                .load_style(UTF8_FULL_CONDENSED)
                .set_content_arrangement(ContentArrangement::Dynamic)
                .set_width(width)
                .set_header(table.headers.iter().copied());
            for row in &table.rows {
                let cells: Vec<String> = (0..table.headers.len())
                    .map(|column| {
                        row.get(column)
                            .map(|cell| plain_inlines(cell))
                            .unwrap_or_default()
                    })
                    .collect();
                text_table.add_row(cells);
            }
            for (index, header) in table.headers.iter().enumerate() {
                let numeric = table.numeric.contains(&index);
                // Words break between lines only when longer than 20 characters; numbers
                // never break.
                let longest_word = |text: &str| {
                    text.split(' ')
                        .map(|word| word.chars().count())
                        .max()
                        .unwrap_or(0)
                };
                let minimum = table
                    .rows
                    .iter()
                    .filter_map(|row| row.get(index))
                    .map(|cell| {
                        let cell = plain_inlines(cell);
                        if numeric {
                            cell.chars().count()
                        } else {
                            longest_word(&cell).min(20)
                        }
                    })
                    .fold(longest_word(header), usize::max);
                if let Some(column) = text_table.column_mut(index) {
                    // The constraint counts the two padding columns too.
                    let minimum = u16::try_from(minimum.min(24) + 2).unwrap_or(26);
                    column.set_constraint(comfy_table::ColumnConstraint::LowerBoundary(
                        comfy_table::Width::Fixed(minimum),
                    ));
                    if numeric {
                        column.set_cell_alignment(comfy_table::CellAlignment::Right);
                    }
                }
            }
            let _ = writeln!(out, "{text_table}");
        }
        Block::Mermaid { .. } => {}
        Block::Image { alt, path } => {
            let _ = writeln!(out, "{}: {}", plain(alt), plain(path));
        }
        Block::Details { summary, blocks } => {
            out.push_str(&plain(summary));
            out.push('\n');
            for block in blocks {
                if matches!(block, Block::Mermaid { .. }) {
                    continue;
                }
                out.push('\n');
                write_text_block(out, block, width);
            }
        }
    }
}

fn plain_inlines(inlines: &[Inline]) -> String {
    let mut out = String::new();
    for inline in inlines {
        let (Inline::Text(value)
        | Inline::Strong(value)
        | Inline::Emphasis(value)
        | Inline::Code(value)) = inline;
        if value.starts_with(char::is_whitespace) {
            out.push(' ');
        }
        out.push_str(&plain(value));
        if value.ends_with(char::is_whitespace) && !value.trim().is_empty() {
            out.push(' ');
        }
    }
    out
}

/// Terminal text on one line: the text module's [`crate::text::one_line`] (no escape
/// sequence reaches the terminal).
fn plain(value: &str) -> String {
    crate::text::one_line(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folded(summary: &str) -> Document {
        Document {
            blocks: vec![
                Block::Paragraph(vec![text("Before.")]),
                Block::Details {
                    summary: summary.to_string(),
                    blocks: vec![
                        Block::Bullets(vec![vec![text("one")]]),
                        Block::Paragraph(vec![text("two")]),
                    ],
                },
            ],
        }
    }

    #[test]
    fn details_fold_in_markdown_and_unfold_in_text() {
        let document = folded("All changes (2)");
        assert_eq!(
            document.to_markdown(),
            "Before.\n\n<details><summary>All changes (2)</summary>\n\n- one\n\ntwo\n\n</details>\n"
        );
        assert_eq!(
            document.to_text(80),
            "Before.\n\nAll changes (2)\n\n- one\n\ntwo\n"
        );
    }

    #[test]
    fn a_details_summary_is_inert_html() {
        let markdown = folded("<script>x</script> @team\n\u{202e}</summary>").to_markdown();
        let first = markdown.lines().nth(2).unwrap_or_default();
        assert_eq!(
            first,
            "<details><summary>&lt;script&gt;x&lt;/script&gt; @\u{2060}team \\u{202e}&lt;/summary&gt;</summary>"
        );
    }
}
