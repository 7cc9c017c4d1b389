//! Text for the map: cleaning user strings for XML, estimating their width, wrapping and
//! truncating them.
//!
//! SVG has no text layout, so widths are estimated from the advance widths of DejaVu Sans,
//! the widest of the common sans-serif fonts: text measured here fits in Arial, Helvetica,
//! Segoe UI or Roboto too.

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthChar;

/// A user string made safe for an XML 1.0 text node, before the svg crate escapes
/// `&`, `<` and `>`: the text module's [`crate::text::xml::content`] (controls and bidi
/// controls written visibly, tab and newline kept).
pub fn clean(text: &str) -> String {
    crate::text::xml::content(text).into_owned()
}

/// [`clean`], then every run of whitespace (newlines and tabs included) as one space:
/// what a one-line label shows.
pub fn one_line(text: &str) -> String {
    clean(text).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Advance widths of printable ASCII in DejaVu Sans, in thousandths of an em.
const ASCII_WIDTHS: [u16; 95] = [
    318, 400, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 318,
    337, // ' '..'/'
    636, 636, 636, 636, 636, 636, 636, 636, 636, 636, // '0'..'9'
    337, 337, 838, 838, 838, 531, 1000, // ':'..'@'
    684, 686, 698, 770, 632, 575, 775, 752, 295, 295, 656, 557, 863, 748, 787, 603, 787, 695, 635,
    611, 732, 684, 989, 685, 611, 685, // 'A'..'Z'
    390, 337, 390, 838, 500, 500, // '['..'`'
    613, 635, 550, 635, 615, 352, 635, 634, 278, 278, 579, 278, 974, 634, 612, 635, 635, 411, 521,
    392, 634, 592, 818, 592, 592, 525, // 'a'..'z'
    636, 337, 636, 838, // '{'..'~'
];

/// How wide `text` is at `size` px; DejaVu Sans Bold is about a sixth wider.
pub fn width(text: &str, size: f64, bold: bool) -> f64 {
    let thousandths: u32 = text.chars().map(char_width).sum();
    let factor = if bold { 1.16 } else { 1.0 };
    f64::from(thousandths) / 1000.0 * size * factor
}

fn char_width(ch: char) -> u32 {
    let code = ch as u32;
    if (32..127).contains(&code) {
        return ASCII_WIDTHS
            .get((code - 32) as usize)
            .map_or(600, |&w| u32::from(w));
    }
    match ch.width() {
        Some(0) | None => 0,
        Some(2) => 1000,
        _ => 650,
    }
}

const ELLIPSIS: &str = "…";

/// `text` cut at a grapheme boundary and ended with an ellipsis so that it fits `max`;
/// returned unchanged when it already fits.
pub fn truncate(text: &str, max: f64, size: f64, bold: bool) -> String {
    if width(text, size, bold) <= max {
        return text.to_string();
    }
    let budget = max - width(ELLIPSIS, size, bold);
    let mut used = 0.0;
    let mut kept = String::new();
    for grapheme in text.graphemes(true) {
        let grapheme_width = width(grapheme, size, bold);
        if used + grapheme_width > budget {
            break;
        }
        used += grapheme_width;
        kept.push_str(grapheme);
    }
    let mut kept = kept.trim_end().to_string();
    kept.push_str(ELLIPSIS);
    kept
}

/// A label wrapped at spaces into at most `max_lines` lines of width `max`; the last line
/// ends with an ellipsis when the text does not fit. The flag says whether anything was cut.
pub fn wrap(text: &str, max: f64, size: f64, bold: bool, max_lines: usize) -> (Vec<String>, bool) {
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        let candidate = if current.is_empty() {
            word.to_string()
        } else {
            format!("{current} {word}")
        };
        if width(&candidate, size, bold) <= max {
            current = candidate;
            continue;
        }
        if !current.is_empty() {
            lines.push(std::mem::take(&mut current));
        }
        // A word longer than a line is cut at grapheme boundaries.
        let mut rest = word;
        while width(rest, size, bold) > max {
            let cut = hard_cut(rest, max, size, bold);
            if cut.is_empty() {
                break;
            }
            lines.push(cut.to_string());
            rest = rest.get(cut.len()..).unwrap_or_default();
        }
        current = rest.to_string();
    }
    if !current.is_empty() {
        lines.push(current);
    }
    if lines.len() <= max_lines {
        return (lines, false);
    }
    let remainder = lines.split_off(max_lines.max(1)).join(" ");
    if let Some(last) = lines.last_mut() {
        let joined = format!("{last} {remainder}");
        *last = truncate(&joined, max, size, bold);
        if !last.ends_with(ELLIPSIS) {
            last.push_str(ELLIPSIS);
        }
    }
    (lines, true)
}

/// The longest prefix of `word`, at a grapheme boundary, that fits `max`.
fn hard_cut(word: &str, max: f64, size: f64, bold: bool) -> &str {
    let mut end = 0;
    let mut used = 0.0;
    for (offset, grapheme) in word.grapheme_indices(true) {
        let grapheme_width = width(grapheme, size, bold);
        if used + grapheme_width > max {
            break;
        }
        used += grapheme_width;
        end = offset + grapheme.len();
    }
    word.get(..end).unwrap_or_default()
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
        let (lines, cut) = wrap("Short", 120.0, 12.0, true, 2);
        assert_eq!((lines, cut), (vec!["Short".to_string()], false));
    }

    #[test]
    fn wrap_cuts_a_word_longer_than_a_line() {
        let word = "x".repeat(100);
        let (lines, cut) = wrap(&word, 60.0, 10.0, false, 2);
        assert!(cut);
        assert_eq!(lines.len(), 2);
        assert!(lines.iter().all(|line| width(line, 10.0, false) <= 60.0));
    }

    #[test]
    fn truncate_keeps_graphemes_whole() {
        let family = "👨‍👩‍👧‍👦";
        let text = family.repeat(20);
        let cut = truncate(&text, 50.0, 10.0, false);
        assert!(cut.ends_with('…'));
        let body = cut.trim_end_matches('…');
        assert_eq!(body.len() % family.len(), 0);
    }
}
