//! text: the one place where user text is made safe for an output and where numbers and
//! words are formatted.
//!
//! - [`is_hostile`] names the characters that must never reach an output raw: C0 controls
//!   (tab, line feed and carriage return included), DEL, C1 controls, the bidirectional
//!   embeddings, overrides, isolates and marks, the byte-order mark and the Unicode line and
//!   paragraph separators. They could move a terminal's cursor, open an OSC 8 hyperlink,
//!   start a new line in a CI log (where a line beginning with `::` is a workflow command) or
//!   make text display as something other than what it is.
//! - [`terminal`] (also [`inert`]) makes them visible and harmless: `\u{1b}`, `\n`.
//!   Every terminal, log and plain-text output (human, short, github, sarif, junit, stderr,
//!   diff text) passes user text through it.
//! - [`markdown`], [`xml`], [`json`] and [`csv_cell`] escape for their target on top of that.
//! - [`number`], [`signed`] and [`mean`] are the one number format: at most two decimals,
//!   no trailing zeros, an exponent for huge values, never `inf`.
//! - [`plural`], [`count_of`], [`capitalize`] and [`did_you_mean`] serve every message.

pub mod json;
pub mod markdown;
pub mod xml;

use std::borrow::Cow;
use std::fmt::Write as _;

/// A character that must never reach an output raw (see the module docs).
pub fn is_hostile(ch: char) -> bool {
    ch.is_control()
        || matches!(
            ch,
            '\u{061C}'
                | '\u{200E}'
                | '\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2066}'..='\u{2069}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{FEFF}'
                | '\u{FFFE}'
                | '\u{FFFF}'
        )
}

/// Appends the visible form of a hostile character: `\t`, `\n`, `\r`, else `\u{1b}`.
pub fn push_visible(out: &mut String, ch: char) {
    match ch {
        '\t' => out.push_str("\\t"),
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        other => {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(other));
        }
    }
}

/// The sanitiser: every hostile character written visibly (`\u{1b}`, `\n`), everything
/// else unchanged. The result is one line that cannot move a cursor, open a hyperlink,
/// start a log line or reorder text. Borrowed when nothing needed escaping.
pub fn inert(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_hostile) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for ch in text.chars() {
        if is_hostile(ch) {
            push_visible(&mut out, ch);
        } else {
            out.push(ch);
        }
    }
    Cow::Owned(out)
}

/// User text for a terminal, a CI log or stderr: [`inert`].
pub fn terminal(text: &str) -> Cow<'_, str> {
    inert(text)
}

/// Runs of whitespace (line breaks and tabs included) as one space, other hostile
/// characters visible: user text for one line of a label, a table cell or a heading.
pub fn one_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for ch in text.chars() {
        if ch.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        if is_hostile(ch) {
            push_visible(&mut out, ch);
        } else {
            out.push(ch);
        }
    }
    out
}

/// A spreadsheet cell: [`inert`] (a line break inside a value is written `\n`: printed in a
/// CI log, no cell can start a line with `::`), then a leading `=`, `+`, `-` or `@` (which
/// a spreadsheet would run as a formula) guarded with `'`, the usual defence against CSV
/// injection. The `csv` crate does the quoting.
pub fn csv_cell(text: &str) -> String {
    let mut out = inert(text).into_owned();
    if out.starts_with(['=', '+', '-', '@']) {
        out.insert(0, '\'');
    }
    out
}

/// Rounds to the two decimals every output shows; values too large to have decimals are
/// returned unchanged (multiplying them would overflow to infinity).
pub fn round(value: f64) -> f64 {
    if !value.is_finite() || value.abs() >= 1e13 {
        return value;
    }
    let rounded = (value * 100.0).round() / 100.0;
    if rounded == 0.0 { 0.0 } else { rounded }
}

/// The one number format: at most two decimals without trailing zeros (`85`, `-1.5`,
/// `0.67`), an exponent for magnitudes of 10^15 and more (`1e308`), never `inf` for a
/// finite value.
pub fn number(value: f64) -> String {
    let value = round(value);
    if value.is_nan() {
        return "NaN".to_string();
    }
    if value.is_infinite() {
        return if value > 0.0 { "inf" } else { "-inf" }.to_string();
    }
    if value.abs() >= 1e15 {
        return format!("{value:e}");
    }
    if value.fract() == 0.0 {
        if value != 0.0 {
            // A whole number below 1e15 is exact as an integer (and prints the same).
            return itoa::Buffer::new().format(value as i64).to_string();
        }
        return format!("{value:.0}");
    }
    let text = format!("{value:.2}");
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// [`number`] with a `+` for positive values: `+1.5`, `-0.67`, `0`.
pub fn signed(value: f64) -> String {
    let text = number(value);
    if round(value) > 0.0 {
        format!("+{text}")
    } else {
        text
    }
}

/// A mean emotion as every output prints it: [`signed`].
pub fn mean(value: f64) -> String {
    signed(value)
}

/// `""` for one, `"s"` otherwise.
pub fn plural(count: usize) -> &'static str {
    if count == 1 { "" } else { "s" }
}

/// `"1 stage"`, `"3 stages"`.
pub fn count_of(count: usize, noun: &str) -> String {
    format!("{count} {noun}{}", plural(count))
}

/// `one` or `many` after the count: `"1 error"`, `"2 errors"`.
pub fn count_with(count: usize, one: &str, many: &str) -> String {
    format!("{count} {}", if count == 1 { one } else { many })
}

/// The text with its first character upper-cased.
pub fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The closest known name, for "did you mean" (Jaro-Winkler similarity of 0.8 or more).
pub fn did_you_mean<'n>(unknown: &str, known: &[&'n str]) -> Option<&'n str> {
    known
        .iter()
        .map(|candidate| (strsim::jaro_winkler(unknown, candidate), *candidate))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, candidate)| candidate)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_characters_become_visible() {
        assert_eq!(inert("a\u{1b}[31mb"), "a\\u{1b}[31mb");
        assert_eq!(
            inert("x\r\n::stop-commands::y"),
            "x\\r\\n::stop-commands::y"
        );
        assert_eq!(inert("\u{0}\u{7f}\u{9b}"), "\\u{0}\\u{7f}\\u{9b}");
        assert_eq!(
            inert("\u{202e}\u{2066}\u{200f}\u{61c}"),
            "\\u{202e}\\u{2066}\\u{200f}\\u{61c}"
        );
        assert_eq!(inert("tab\there"), "tab\\there");
        assert!(matches!(inert("plain שלום 🎉"), Cow::Borrowed(_)));
        assert_eq!(one_line(" a\n\n b\tc \u{1b}"), "a b c \\u{1b}");
    }

    #[test]
    fn numbers_have_one_format() {
        assert_eq!(number(85.0), "85");
        assert_eq!(number(-1.5), "-1.5");
        assert_eq!(number(2.0 / 3.0), "0.67");
        assert_eq!(number(-0.001), "0");
        assert_eq!(number(1e308), "1e308");
        assert_eq!(number(-1.5e300), "-1.5e300");
        assert_eq!(number(123_456_789_012.345), "123456789012.35");
        assert_eq!(signed(-2.0 / 3.0), "-0.67");
        assert_eq!(signed(0.5), "+0.5");
        assert_eq!(signed(0.0), "0");
        assert_eq!(signed(2.0), "+2");
    }

    #[test]
    fn words() {
        assert_eq!(count_of(1, "stage"), "1 stage");
        assert_eq!(count_of(0, "stage"), "0 stages");
        assert_eq!(capitalize("éa"), "Éa");
        assert_eq!(did_you_mean("titel", &["title", "owner"]), Some("title"));
        assert_eq!(did_you_mean("zzz", &["title"]), None);
    }

    #[test]
    fn csv_cells_never_run() {
        assert_eq!(csv_cell("=1+1"), "'=1+1");
        assert_eq!(csv_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_cell("\tx"), "\\tx");
        assert_eq!(csv_cell("ok\nyes"), "ok\\nyes");
    }
}
