//! Text for the map: cleaning user strings for XML, and measuring, wrapping and truncating
//! them with the bundled font's real metrics ([`super::font`]).

pub use super::font::{truncate, width, wrap};

/// A user string made safe for an XML 1.0 text node, before the svg crate escapes
/// `&`, `<` and `>`: C0 and C1 controls other than tab and newline are dropped (XML 1.0
/// forbids most of them), so are the non-characters U+FFFE/U+FFFF and the bidi embedding,
/// override and isolate controls, which would let one label reorder how its neighbours read.
pub fn clean(text: &str) -> String {
    text.chars()
        .filter(|&ch| {
            let forbidden_control = (ch.is_control() && ch != '\t' && ch != '\n')
                || matches!(ch, '\u{FFFE}' | '\u{FFFF}');
            let bidi_control = matches!(ch, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
            !forbidden_control && !bidi_control
        })
        .collect()
}

/// [`clean`], then every run of whitespace (newlines and tabs included) as one space:
/// what a one-line label shows.
pub fn one_line(text: &str) -> String {
    clean(text).split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_drops_controls_but_keeps_tab_newline_rtl_and_emoji() {
        let text = "a\u{0}b\u{7}c\td\ne\u{1b}[31m\u{202E}f\u{9c}g שלום 🎉";
        assert_eq!(clean(text), "abc\td\ne[31mfg שלום 🎉");
        assert_eq!(one_line("a\n\n b\tc"), "a b c");
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
