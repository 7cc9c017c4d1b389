//! The source snippet of a human-format report: the lines around a finding's spans, as
//! miette draws them, made safe to draw and to print.
//!
//! miette is handed a small text of its own (the "view") built from those lines only:
//!
//! - a line longer than [`MAX_LINE_BYTES`] is cut around the spans on it, with `…` for
//!   what is left out: a finding at column 1,000,000 of a flow-style file renders (miette
//!   cannot draw a label past column 65,535, and would print the whole line);
//! - characters that would act on a terminal (controls, bidi overrides: everything
//!   [`crate::text::is_hostile`] names but tab) are shown as `crate::text` shows them,
//!   e.g. `\u{1b}`;
//! - LF, CRLF and a lone CR are each one line break, as in the loader's positions (miette
//!   itself draws a lone CR as part of a line);
//! - the header keeps the true `line:column` of the finding (columns in characters, as in
//!   every other format), whatever was cut before it.
//!
//! Only the lines near the spans are copied, so a report costs the same in a large file.

use crate::source::{SourceFile, Span};
use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};
use std::sync::Arc;

/// Lines longer than this (in bytes) are cut around the spans on them.
pub const MAX_LINE_BYTES: usize = 400;
/// Bytes kept on each side of a span on a cut line.
const KEEP_AROUND: usize = 60;
/// Most bytes of one span shown on a cut line; the rest of the span is cut.
const KEEP_OF_SPAN: usize = 120;
/// Context lines around each span; the report handler must use the same number.
pub const CONTEXT_LINES: usize = 1;
/// Spans whose context lines are at most this many lines apart share one snippet.
const MAX_GAP_LINES: usize = 4;
const ELLIPSIS: &str = "…";

/// The lines around some spans of one file, ready for miette.
#[derive(Debug)]
pub struct Snippet {
    file: Arc<SourceFile>,
    blocks: Vec<Block>,
}

/// A run of consecutive lines of the file, as drawn.
#[derive(Debug)]
struct Block {
    /// 0-based index of the block's first line in the file.
    first_line: usize,
    /// Where the block's text starts in the view.
    view_start: usize,
    /// The drawn lines, each followed by `\n`.
    text: String,
    lines: Vec<LineMap>,
}

/// One drawn line: where it is in the file and in the view, and how positions map.
#[derive(Debug)]
struct LineMap {
    /// The line's text in the file, without its line break.
    file_start: usize,
    file_end: usize,
    /// The line's text in the view (offsets into the view), without its `\n`.
    view_start: usize,
    view_end: usize,
    /// Segment starts, in order: (file offset, view offset, copied as is). A segment that
    /// is not copied as is (an escape, a cut) maps all its positions to its start.
    points: Vec<(usize, usize, bool)>,
}

impl Snippet {
    /// The view of the lines around `spans` (with [`CONTEXT_LINES`] on each side).
    pub fn new(file: Arc<SourceFile>, spans: &[Span]) -> Snippet {
        // The empty "line" after a final line break is drawn only for a span on it (at
        // the end of the file), not as context.
        let mut last_line = file.line_index(file.text.len());
        if last_line > 0 && file.line_start(last_line) == Some(file.text.len()) {
            last_line -= 1;
        }
        let mut ranges: Vec<(usize, usize)> = spans
            .iter()
            .map(|span| {
                let start = span.start.min(file.text.len());
                let end = span.end.clamp(start, file.text.len());
                let first = file.line_index(start);
                let last = file.line_index(if end > start { end - 1 } else { start });
                (
                    first.saturating_sub(CONTEXT_LINES),
                    (last + CONTEXT_LINES).min(last_line).max(last),
                )
            })
            .collect();
        ranges.sort_unstable();
        // Ranges a few lines apart make one block: one snippet shows both places (a
        // duplicate and where it was first written); farther apart, two snippets.
        let mut merged: Vec<(usize, usize)> = Vec::new();
        for (first, last) in ranges {
            match merged.last_mut() {
                Some((_, previous_last)) if first <= *previous_last + 1 + MAX_GAP_LINES => {
                    *previous_last = (*previous_last).max(last);
                }
                _ => merged.push((first, last)),
            }
        }
        let mut blocks = Vec::with_capacity(merged.len());
        let mut view_start = 0;
        for (first, last) in merged {
            let block = Block::new(&file, first, last, view_start, spans);
            view_start += block.text.len();
            blocks.push(block);
        }
        Snippet { file, blocks }
    }

    /// Where a span of the file is in the view.
    pub fn view_span(&self, span: Span) -> SourceSpan {
        let start = self.to_view(span.start);
        let end = self.to_view(span.end.max(span.start)).max(start);
        SourceSpan::new(start.into(), end - start)
    }

    fn to_view(&self, offset: usize) -> usize {
        let offset = self.file.position(offset);
        let line = self.file.line_index(offset);
        let index = self
            .blocks
            .partition_point(|block| block.first_line <= line)
            .saturating_sub(1);
        let Some(block) = self.blocks.get(index) else {
            return 0;
        };
        let Some(map) = block
            .lines
            .get(line.saturating_sub(block.first_line))
            .filter(|_| line >= block.first_line)
        else {
            // Not in any block (cannot happen for the spans it was built with): the
            // nearest edge of the block.
            return if line < block.first_line {
                block.view_start
            } else {
                block.view_start + block.text.len().saturating_sub(1)
            };
        };
        map.to_view(offset)
    }

    /// The file offset drawn at a view offset (the start of an escape or a cut).
    fn to_file(&self, view: usize) -> usize {
        let index = self
            .blocks
            .partition_point(|block| block.view_start <= view)
            .saturating_sub(1);
        let Some(block) = self.blocks.get(index) else {
            return 0;
        };
        let line = block
            .lines
            .partition_point(|map| map.view_start <= view)
            .saturating_sub(1);
        block.lines.get(line).map_or(0, |map| map.to_file(view))
    }
}

impl Block {
    fn new(
        file: &SourceFile,
        first: usize,
        last: usize,
        view_start: usize,
        spans: &[Span],
    ) -> Block {
        let mut text = String::new();
        let mut lines = Vec::with_capacity(last + 1 - first);
        for index in first..=last {
            let file_start = file.line_start(index).unwrap_or(file.text.len());
            let file_end = file_start + file.line_text(index + 1).len();
            let mut map = LineMap {
                file_start,
                file_end,
                view_start: view_start + text.len(),
                view_end: 0,
                points: Vec::new(),
            };
            let mut drawn_to = file_start;
            for (from, to) in kept_parts(file, file_start, file_end, spans) {
                if from > drawn_to {
                    map.points.push((drawn_to, view_start + text.len(), false));
                    text.push_str(ELLIPSIS);
                }
                draw(&file.text, from, to, view_start, &mut text, &mut map.points);
                drawn_to = to;
            }
            if drawn_to < file_end {
                map.points.push((drawn_to, view_start + text.len(), false));
                text.push_str(ELLIPSIS);
            }
            map.view_end = view_start + text.len();
            text.push('\n');
            lines.push(map);
        }
        Block {
            first_line: first,
            view_start,
            text,
            lines,
        }
    }
}

/// The parts of a line to draw: all of it when short; around each span on it (or its
/// start, for a context line) when long. Byte ranges on character boundaries, in order.
fn kept_parts(file: &SourceFile, start: usize, end: usize, spans: &[Span]) -> Vec<(usize, usize)> {
    if end - start <= MAX_LINE_BYTES {
        return vec![(start, end)];
    }
    let text = &file.text;
    let floor = |mut offset: usize| {
        while offset > start && !text.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    };
    let mut parts: Vec<(usize, usize)> = spans
        .iter()
        .filter(|span| span.start <= end && span.end.max(span.start) >= start)
        .map(|span| {
            let from = span.start.clamp(start, end);
            let shown_end = span.end.clamp(from, end).min(from + KEEP_OF_SPAN);
            (
                floor(from.saturating_sub(KEEP_AROUND).max(start)),
                floor((shown_end + KEEP_AROUND).min(end)),
            )
        })
        .collect();
    if parts.is_empty() {
        parts.push((start, floor(start + 2 * KEEP_AROUND)));
    }
    parts.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for (from, to) in parts {
        match merged.last_mut() {
            Some((_, previous_to)) if from <= *previous_to => *previous_to = (*previous_to).max(to),
            _ => merged.push((from, to)),
        }
    }
    merged
}

/// Appends `text[from..to]` to the view, escaping what a terminal would act on.
fn draw(
    text: &str,
    from: usize,
    to: usize,
    view_start: usize,
    out: &mut String,
    points: &mut Vec<(usize, usize, bool)>,
) {
    let Some(part) = text.get(from..to) else {
        return;
    };
    let mut verbatim = false;
    for (offset, character) in part.char_indices() {
        let at = from + offset;
        match escape(character) {
            Some(escaped) => {
                points.push((at, view_start + out.len(), false));
                out.push_str(&escaped);
                verbatim = false;
            }
            None => {
                if !verbatim {
                    points.push((at, view_start + out.len(), true));
                    verbatim = true;
                }
                out.push(character);
            }
        }
    }
}

/// How a character that would act on a terminal is drawn (`crate::text`'s visible form);
/// `None` for every other one. A tab stays: miette draws it as spaces.
fn escape(character: char) -> Option<String> {
    if character == '\t' || !crate::text::is_hostile(character) {
        return None;
    }
    let mut visible = String::new();
    crate::text::push_visible(&mut visible, character);
    Some(visible)
}

impl LineMap {
    fn to_view(&self, offset: usize) -> usize {
        if offset >= self.file_end {
            return if offset == self.file_end {
                self.view_end
            } else {
                self.view_end + 1
            };
        }
        let index = self
            .points
            .partition_point(|&(file, _, _)| file <= offset)
            .saturating_sub(1);
        match self.points.get(index) {
            Some(&(file, view, true)) => {
                let limit = self
                    .points
                    .get(index + 1)
                    .map_or(self.view_end, |&(_, next, _)| next);
                (view + offset.saturating_sub(file)).min(limit)
            }
            Some(&(_, view, false)) => view,
            None => self.view_start,
        }
    }

    fn to_file(&self, view: usize) -> usize {
        if view >= self.view_end {
            return self.file_end;
        }
        let index = self
            .points
            .partition_point(|&(_, at, _)| at <= view)
            .saturating_sub(1);
        match self.points.get(index) {
            Some(&(file, at, true)) => file + (view - at),
            Some(&(file, _, false)) => file,
            None => self.file_start,
        }
    }
}

impl SourceCode for Snippet {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let start = span.offset();
        let end = start.saturating_add(span.len());
        let index = self
            .blocks
            .partition_point(|block| block.view_start <= start)
            .saturating_sub(1);
        let block = self.blocks.get(index).ok_or(MietteError::OutOfBounds)?;
        let block_end = block.view_start + block.text.len();
        if start < block.view_start || end > block_end {
            // Spans in two blocks: miette then draws them apart.
            return Err(MietteError::OutOfBounds);
        }
        let line_of = |offset: usize| {
            block
                .lines
                .partition_point(|map| map.view_start <= offset)
                .saturating_sub(1)
        };
        let first_span_line = line_of(start);
        let last_span_line = line_of(if end > start { end - 1 } else { start });
        let first = first_span_line.saturating_sub(context_lines_before);
        let last = (last_span_line + context_lines_after).min(block.lines.len().saturating_sub(1));
        let (Some(first_map), Some(last_map)) = (block.lines.get(first), block.lines.get(last))
        else {
            return Err(MietteError::OutOfBounds);
        };
        let data_start = first_map.view_start;
        let data_end = (last_map.view_end + 1).min(block_end);
        let data = block
            .text
            .as_bytes()
            .get(data_start - block.view_start..data_end - block.view_start)
            .ok_or(MietteError::OutOfBounds)?;
        // The header's column: the true character column where the span starts.
        let column = if context_lines_before == 0 {
            self.file.line_col(self.to_file(start)).column - 1
        } else {
            0
        };
        // miette merges two labels' snippets when the first one's `line + line_count`
        // reaches the second's line, and keeps them apart when reading the merged span
        // fails: a count up to the end of the block makes labels in one block one snippet,
        // and the block edge (`OutOfBounds` above) keeps blocks apart.
        let lines_to_block_end = block.lines.len() - first;
        Ok(Box::new(MietteSpanContents::new(
            data,
            SourceSpan::new(data_start.into(), data_end - data_start),
            block.first_line + first,
            column,
            lines_to_block_end,
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view(text: &str, spans: &[Span]) -> (Snippet, Vec<String>) {
        let snippet = Snippet::new(Arc::new(SourceFile::new("t", text)), spans);
        let texts = snippet
            .blocks
            .iter()
            .map(|block| block.text.clone())
            .collect();
        (snippet, texts)
    }

    #[test]
    fn short_lines_are_drawn_as_they_are_and_spans_map_to_the_same_text() {
        let text = "a: 1\nbb: 2\nccc: 3\n";
        let span = Span::new(5, 7);
        let (snippet, blocks) = view(text, &[span]);
        assert_eq!(blocks, ["a: 1\nbb: 2\nccc: 3\n"]);
        let mapped = snippet.view_span(span);
        assert_eq!(
            &blocks[0][mapped.offset()..mapped.offset() + mapped.len()],
            "bb"
        );
    }

    #[test]
    fn lone_cr_and_crlf_are_line_breaks() {
        let (_, blocks) = view("a\rb\r\nc\nd", &[Span::new(0, 8)]);
        assert_eq!(blocks, ["a\nb\nc\nd\n"]);
    }

    #[test]
    fn a_long_line_is_cut_around_the_span() {
        let mut text = "x".repeat(100_000);
        text.push_str("TARGET");
        text.push_str(&"y".repeat(100_000));
        let span = Span::new(100_000, 100_006);
        let (snippet, blocks) = view(&text, &[span]);
        assert!(blocks[0].len() < 400, "{}", blocks[0]);
        assert!(blocks[0].starts_with(ELLIPSIS) && blocks[0].ends_with("…\n"));
        let mapped = snippet.view_span(span);
        assert_eq!(
            &blocks[0][mapped.offset()..mapped.offset() + mapped.len()],
            "TARGET"
        );
        // The header's column is the true one.
        let contents = snippet.read_span(&mapped, 0, 0).ok();
        assert_eq!(contents.map(|contents| contents.column()), Some(100_000));
    }

    #[test]
    fn controls_are_drawn_as_escapes() {
        let text = "id: a\u{1b}[31mb\u{202e}c\n";
        let (snippet, blocks) = view(text, &[Span::new(4, text.len() - 1)]);
        assert_eq!(blocks, ["id: a\\u{1b}[31mb\\u{202e}c\n"]);
        let mapped = snippet.view_span(Span::new(text.find('c').unwrap_or(0), text.len() - 1));
        assert_eq!(&blocks[0][mapped.offset()..mapped.offset() + 1], "c");
    }

    #[test]
    fn a_span_at_the_end_of_the_file_keeps_its_line() {
        // Found by the `human` fuzz target: a span after the final line break.
        let text = "a: 1\n";
        let (snippet, blocks) = view(text, &[Span::new(5, 5)]);
        assert_eq!(blocks, ["a: 1\n\n"]);
        let contents = snippet.read_span(&snippet.view_span(Span::new(5, 5)), 0, 0);
        assert_eq!(
            contents
                .ok()
                .map(|contents| (contents.line(), contents.column())),
            Some((1, 0))
        );
    }

    #[test]
    fn a_span_starting_inside_a_crlf_is_drawn_on_the_line_it_breaks() {
        // Found by the `human` fuzz target: a span starting between CR and LF was drawn on
        // the next line (header 2:1) while its true position is 1:2, the line break.
        let text = "\u{f}\r\n$";
        let span = Span::new(2, 4);
        let (snippet, _) = view(text, &[span, Span::new(0, 3)]);
        let contents = snippet.read_span(&snippet.view_span(span), 0, 0);
        assert_eq!(
            contents
                .ok()
                .map(|contents| (contents.line(), contents.column())),
            Some((0, 1))
        );
    }

    #[test]
    fn far_apart_spans_make_two_blocks() {
        let text: String = (0..20).map(|line| format!("line {line}\n")).collect();
        let second = text.find("line 15").unwrap_or(0);
        let (snippet, blocks) = view(&text, &[Span::new(0, 4), Span::new(second, second + 4)]);
        assert_eq!(blocks, ["line 0\nline 1\n", "line 14\nline 15\nline 16\n"]);
        let contents = snippet.read_span(&snippet.view_span(Span::new(second, second)), 1, 1);
        assert_eq!(contents.ok().map(|contents| contents.line()), Some(14));
    }
}
