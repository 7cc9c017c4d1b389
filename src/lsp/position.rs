//! Byte offsets ↔ LSP positions, in the encoding negotiated at `initialize` (LSP 3.17
//! `positionEncoding`): UTF-8 when the client offers it, else UTF-16 (the default every
//! client understands).

use crate::source::{SourceFile, Span};
use lsp_types::{Position, PositionEncodingKind, Range};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
}

impl Encoding {
    /// UTF-8 if the client lists it, else UTF-16.
    pub fn negotiate(offered: Option<&[PositionEncodingKind]>) -> Self {
        let utf8 = offered
            .unwrap_or_default()
            .contains(&PositionEncodingKind::UTF8);
        if utf8 {
            Encoding::Utf8
        } else {
            Encoding::Utf16
        }
    }

    pub fn kind(self) -> PositionEncodingKind {
        match self {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
        }
    }

    fn width(self, c: char) -> usize {
        match self {
            Encoding::Utf8 => c.len_utf8(),
            Encoding::Utf16 => c.len_utf16(),
        }
    }
}

/// The position of a byte offset (clamped to the text, and back to a char boundary).
pub fn position(source: &SourceFile, encoding: Encoding, offset: usize) -> Position {
    let text = &source.text;
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let line = source.line_index(offset);
    let start = source.line_start(line).unwrap_or(0).min(offset);
    let character: usize = match encoding {
        Encoding::Utf8 => offset - start,
        Encoding::Utf16 => text[start..offset].chars().map(char::len_utf16).sum(),
    };
    Position::new(saturate(line), saturate(character))
}

pub fn range(source: &SourceFile, encoding: Encoding, span: Span) -> Range {
    Range::new(
        position(source, encoding, span.start),
        position(source, encoding, span.end),
    )
}

/// The byte offset of a position. A line past the end is the end of the text; a character
/// past the end of its line is the end of the line; one inside a character snaps to its
/// start.
pub fn offset(source: &SourceFile, encoding: Encoding, position: Position) -> usize {
    let text = &source.text;
    let Some(start) = source.line_start(position.line as usize) else {
        return text.len();
    };
    let end = source
        .line_start(position.line as usize + 1)
        .unwrap_or(text.len());
    let line = text[start..end].trim_end_matches(['\n', '\r']);
    let mut units = 0usize;
    for (index, c) in line.char_indices() {
        if units >= position.character as usize {
            return start + index;
        }
        units += encoding.width(c);
    }
    start + line.len()
}

fn saturate(value: usize) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_in_the_negotiated_encoding() {
        // "ü" is 2 bytes / 1 UTF-16 unit, "😀" 4 bytes / 2 units, "日" 3 bytes / 1 unit.
        let source = SourceFile::new("x", "a: 1\nname: ü😀日 x\n");
        let x = source.text.find(" x").unwrap() + 1;
        assert_eq!(position(&source, Encoding::Utf8, x), Position::new(1, 16));
        assert_eq!(position(&source, Encoding::Utf16, x), Position::new(1, 11));
        assert_eq!(offset(&source, Encoding::Utf8, Position::new(1, 16)), x);
        assert_eq!(offset(&source, Encoding::Utf16, Position::new(1, 11)), x);
        // Past the end of a line, past the last line.
        assert_eq!(offset(&source, Encoding::Utf16, Position::new(0, 99)), 4);
        assert_eq!(
            offset(&source, Encoding::Utf16, Position::new(9, 0)),
            source.text.len()
        );
    }

    #[test]
    fn negotiates_utf8_only_when_offered() {
        let both = [PositionEncodingKind::UTF16, PositionEncodingKind::UTF8];
        assert_eq!(Encoding::negotiate(Some(&both)), Encoding::Utf8);
        assert_eq!(
            Encoding::negotiate(Some(&[PositionEncodingKind::UTF16])),
            Encoding::Utf16
        );
        assert_eq!(Encoding::negotiate(None), Encoding::Utf16);
    }
}
