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
}

impl SourceFile {
    pub fn new(path: impl Into<String>, text: impl Into<Arc<str>>) -> Self {
        let text: Arc<str> = text.into();
        let mut line_starts = vec![0];
        line_starts.extend(memchr_newlines(&text));
        let ascii = text.is_ascii();
        let lone_cr = memchr::memchr_iter(b'\r', text.as_bytes())
            .any(|index| text.as_bytes().get(index + 1) != Some(&b'\n'));
        SourceFile {
            path: path.into(),
            text,
            line_starts,
            ascii,
            lone_cr,
        }
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

    /// 1-based line and character column of a byte offset.
    pub fn line_col(&self, offset: usize) -> LineCol {
        let offset = offset.min(self.text.len());
        let line_index = match self.line_starts.binary_search(&offset) {
            Ok(index) => index,
            Err(index) => index - 1,
        };
        let line_start = self.line_starts[line_index];
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

    /// A `\r` not followed by `\n`: a line break for some readers (miette), not for the
    /// line table.
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

fn memchr_newlines(text: &str) -> impl Iterator<Item = usize> + '_ {
    memchr::memchr_iter(b'\n', text.as_bytes()).map(|index| index + 1)
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
}
