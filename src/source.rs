//! Source text, byte spans and the line table that turns spans into line/column.

use std::sync::Arc;

/// A half-open byte range into a [`SourceFile`]'s text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Span {
            start,
            end: end.max(start),
        }
    }

    pub fn len(&self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
}

/// A value together with where it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct Spanned<T> {
    pub value: T,
    pub span: Span,
}

impl<T> Spanned<T> {
    pub fn new(value: T, span: Span) -> Self {
        Spanned { value, span }
    }
}

impl<T> std::ops::Deref for Spanned<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

/// A 1-based line and column (columns count characters, like ruff and clippy).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

/// A loaded file: its display path, its text and a table of line starts.
#[derive(Debug)]
pub struct SourceFile {
    pub path: String,
    pub text: Arc<str>,
    line_starts: Vec<usize>,
    ascii: bool,
    lone_cr: bool,
    /// The text as a terminal may show it, built on first use ([`SourceFile::shown_text`]).
    shown: std::sync::OnceLock<Arc<str>>,
}

impl SourceFile {
    pub fn new(path: impl Into<String>, text: impl Into<Arc<str>>) -> Self {
        let text: Arc<str> = text.into();
        let mut line_starts = vec![0];
        line_starts.extend(line_breaks(&text));
        let ascii = text.is_ascii();
        let lone_cr = memchr::memchr_iter(b'\r', text.as_bytes())
            .any(|index| text.as_bytes().get(index + 1) != Some(&b'\n'));
        SourceFile {
            path: path.into(),
            text,
            line_starts,
            ascii,
            lone_cr,
            shown: std::sync::OnceLock::new(),
        }
    }

    /// The text with every hostile character ([`crate::text::is_hostile`]) except tab and
    /// line breaks replaced by as many bytes of `?` (or one U+FFFD for a 3-byte character),
    /// so every byte offset still points at the same place: what a source snippet shows.
    /// Computed once per file.
    pub fn shown_text(&self) -> &Arc<str> {
        self.shown.get_or_init(|| {
            let hostile =
                |ch: char| crate::text::is_hostile(ch) && !matches!(ch, '\t' | '\n' | '\r');
            if !self.text.chars().any(hostile) {
                return Arc::clone(&self.text);
            }
            let mut shown = String::with_capacity(self.text.len());
            for ch in self.text.chars() {
                if !hostile(ch) {
                    shown.push(ch);
                } else if ch.len_utf8() == 3 {
                    shown.push('\u{FFFD}');
                } else {
                    shown.extend(std::iter::repeat_n('?', ch.len_utf8()));
                }
            }
            Arc::from(shown)
        })
    }

    /// Byte offset of a saphyr marker. saphyr counts characters, miette wants bytes:
    /// the marker's 1-based line and 0-based character column locate it in the line table.
    pub fn byte_offset(&self, line: usize, char_col: usize) -> usize {
        let Some(&line_start) = self.line_starts.get(line.saturating_sub(1)) else {
            return self.text.len();
        };
        if self.ascii {
            return (line_start + char_col).min(self.text.len());
        }
        let rest = &self.text[line_start..];
        rest.char_indices()
            .nth(char_col)
            .map(|(offset, _)| line_start + offset)
            .unwrap_or_else(|| {
                // A marker just past the last character of the line (or file).
                line_start
                    + rest
                        .chars()
                        .take(char_col)
                        .map(char::len_utf8)
                        .sum::<usize>()
            })
            .min(self.text.len())
    }

    /// An offset as a position in the text: at most the text's length, and an offset
    /// between the CR and the LF of a CRLF (inside one line break) moved to the break's own
    /// position, the CR. Every output and the snippet place offsets through this.
    pub fn position(&self, offset: usize) -> usize {
        let offset = offset.min(self.text.len());
        let bytes = self.text.as_bytes();
        if offset > 0 && bytes.get(offset) == Some(&b'\n') && bytes.get(offset - 1) == Some(&b'\r')
        {
            offset - 1
        } else {
            offset
        }
    }

    /// 1-based line and character column of a byte offset, placed by [`Self::position`].
    pub fn line_col(&self, offset: usize) -> LineCol {
        let offset = self.position(offset);
        let line_index = match self.line_starts.binary_search(&offset) {
            Ok(index) => index,
            Err(index) => index - 1,
        };
        let line_start = self.line_starts.get(line_index).copied().unwrap_or(0);
        let column = if self.ascii {
            offset - line_start
        } else {
            let mut end = offset;
            while !self.text.is_char_boundary(end) {
                end -= 1;
            }
            self.text[line_start..end].chars().count()
        };
        LineCol {
            line: line_index + 1,
            column: column + 1,
        }
    }

    /// 0-based index of the line holding a byte offset.
    pub fn line_index(&self, offset: usize) -> usize {
        let offset = offset.min(self.text.len());
        match self.line_starts.binary_search(&offset) {
            Ok(index) => index,
            Err(index) => index.saturating_sub(1),
        }
    }

    /// Byte offset where a 0-based line starts, if the file has that line.
    pub fn line_start(&self, index: usize) -> Option<usize> {
        self.line_starts.get(index).copied()
    }

    /// A `\r` not followed by `\n`: a line break of its own (the line table counts it).
    pub fn has_lone_cr(&self) -> bool {
        self.lone_cr
    }

    /// The text of a 1-based line, without its line break.
    pub fn line_text(&self, line: usize) -> &str {
        let Some(&start) = self.line_starts.get(line.saturating_sub(1)) else {
            return "";
        };
        let end = self
            .line_starts
            .get(line)
            .copied()
            .unwrap_or(self.text.len());
        self.text[start..end].trim_end_matches(['\n', '\r'])
    }
}

/// Where each line after the first starts. LF, CRLF and a lone CR are each one line
/// break, as YAML (and saphyr, which gives the positions) counts them.
fn line_breaks(text: &str) -> impl Iterator<Item = usize> + '_ {
    let bytes = text.as_bytes();
    memchr::memchr2_iter(b'\n', b'\r', bytes).filter_map(move |index| {
        if bytes.get(index) == Some(&b'\r') && bytes.get(index + 1) == Some(&b'\n') {
            None
        } else {
            Some(index + 1)
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters() {
        let file = SourceFile::new("x", "a: é\nbb: ü x\n");
        let offset = file.byte_offset(2, 6);
        assert_eq!(&file.text[offset..offset + 1], "x");
        assert_eq!(file.line_col(offset), LineCol { line: 2, column: 7 });
        assert_eq!(file.line_text(2), "bb: ü x");
    }

    #[test]
    fn cr_lf_and_crlf_each_break_a_line() {
        let file = SourceFile::new("x", "a\rb\nc\r\nd\r\re");
        let lines: Vec<(usize, &str)> = (1..=6).map(|line| (line, file.line_text(line))).collect();
        assert_eq!(
            lines,
            [(1, "a"), (2, "b"), (3, "c"), (4, "d"), (5, ""), (6, "e")]
        );
        let e = file.text.find('e').unwrap_or_default();
        assert_eq!(file.line_col(e), LineCol { line: 6, column: 1 });
        assert_eq!(file.byte_offset(6, 0), e);
    }

    #[test]
    fn the_middle_of_a_crlf_is_the_line_break_itself() {
        // Found by the `human` fuzz target: a span starting between CR and LF had its
        // header at 1:3 in JSON and 1:2 in the snippet.
        let file = SourceFile::new("x", "\u{f}\r\nb");
        assert_eq!(file.line_col(2), file.line_col(1));
        assert_eq!(file.line_col(1), LineCol { line: 1, column: 2 });
        assert_eq!(file.line_col(3), LineCol { line: 2, column: 1 });
    }
}
