//! Text for the map: cleaning user strings for XML, and measuring, wrapping and truncating
//! them with the bundled font's real metrics ([`super::font`]).

pub use super::font::{truncate, width, wrap};

/// A user string made safe for an XML 1.0 text node, before the svg crate escapes
/// `&`, `<` and `>`: the text module's [`crate::text::xml::content`] (controls and bidi
/// controls written visibly, tab and newline kept).
pub fn clean(text: &str) -> String {
    crate::text::xml::content(text).into_owned()
}

/// [`clean`], then every run of whitespace (newlines and tabs included) as one space:
/// what a one-line label shows.
pub fn one_line(text: &str) -> String {
    let cleaned = crate::text::xml::content(text);
    if is_one_line(&cleaned) {
        return cleaned.into_owned();
    }
    cleaned.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether `text` is already one line: printable ASCII words separated by single spaces
/// (anything else takes the general path).
fn is_one_line(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.first().is_none_or(|&b| b != b' ')
        && bytes.last().is_none_or(|&b| b != b' ')
        && bytes.iter().all(|b| (b' '..=b'~').contains(b))
        && !bytes.windows(2).any(|pair| pair == b"  ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_shows_controls_but_keeps_tab_newline_rtl_and_emoji() {
        let text = "a\u{0}b\u{7}c\td\ne\u{1b}[31m\u{202E}f\u{9c}g שלום 🎉";
        assert_eq!(
            clean(text),
            "a\\u{0}b\\u{7}c\td\ne\\u{1b}[31m\\u{202e}f\\u{9c}g שלום 🎉"
        );
        assert_eq!(one_line("a\n\n b\tc"), "a b c");
        assert_eq!(one_line(" a  b "), "a b");
        assert_eq!(one_line("a\u{a0}b c"), "a b c");
        assert_eq!(one_line("plain words"), "plain words");
    }

    #[test]
    fn wrap_fits_lines_and_ellipsizes() {
        let (lines, cut) = wrap(
            "Weekend cut-over: release to production",
            120.0,
            12.0,
            true,
            2,
        );
        assert_eq!(lines.len(), 2);
        assert!(cut);
        assert!(lines.iter().all(|line| width(line, 12.0, true) <= 120.0));
        assert!(lines[1].ends_with('…'));
    }
}
