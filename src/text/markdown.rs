//! Escaping user text for GitHub-flavoured markdown, so that whatever a journey says
//! (`|`, backticks, `<script>`, `[x](javascript:…)`, newlines, control characters,
//! `@team` mentions) renders as the same text and never as markup, HTML, a link or a ping.
//!
//! Used by every command that writes markdown (report, diff, review).

use super::{is_hostile, push_visible};
use std::fmt::Write as _;

/// Written after an `@` that starts a mention (`@team`): U+2060 WORD JOINER, invisible,
/// keeps the text readable and stops GitHub from notifying anyone.
pub const MENTION_BREAK: char = '\u{2060}';

/// Escapes text for use at the start of a line (a paragraph, a list item, a heading):
/// one line, every markdown and HTML metacharacter neutralised, and nothing that could
/// open a list, a quote or a heading.
pub fn escape_inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    push_escaped(&mut out, text, true);
    out
}

/// Escapes text for a GFM table cell (or the middle of a line). A `|` is written as the
/// `&#124;` entity, which the table splitter cannot mistake for a cell border whatever
/// precedes it.
pub fn escape_cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    push_escaped(&mut out, text, false);
    out
}

/// Appends the escaped form of `text` to `out`; `line_start` says whether the text
/// begins a line, where `-`, `+`, `=` and `1.` have a meaning of their own.
pub fn push_escaped(out: &mut String, text: &str, line_start: bool) {
    let start = out.len();
    let mut pending_space = false;
    for (offset, ch) in text.char_indices() {
        if ch.is_whitespace() {
            // Newlines, tabs and runs of spaces become one space: a cell or a list item
            // must stay on its line.
            pending_space = out.len() > start;
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        if is_hostile(ch) {
            // Visible, and its backslash escaped so markdown shows it as written.
            let mut visible = String::new();
            push_visible(&mut visible, ch);
            out.push('\\');
            out.push_str(&visible);
            continue;
        }
        let at_start = line_start && out.len() == start;
        match ch {
            '@' if text[offset + 1..].starts_with(|next: char| next.is_alphanumeric()) => {
                out.push('@');
                out.push(MENTION_BREAK);
            }
            '&' if starts_entity(&text[offset + 1..]) => out.push_str("&amp;"),
            '|' => out.push_str("&#124;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '~' | '$' => {
                out.push('\\');
                out.push(ch);
            }
            '-' | '+' | '=' if at_start => {
                out.push('\\');
                out.push(ch);
            }
            _ => out.push(ch),
        }
    }
    if line_start {
        escape_ordered_list_marker(out, start);
    }
}

/// Whether the text after a `&` would make it an entity reference (`&lt;`, `&#60;`).
fn starts_entity(rest: &str) -> bool {
    let mut name = 0;
    for ch in rest.chars().take(40) {
        match ch {
            ';' => return name > 0,
            ch if ch.is_ascii_alphanumeric() || ch == '#' => name += 1,
            _ => return false,
        }
    }
    false
}

/// Percent-encodes a path or URL for a link destination: only unreserved characters and
/// `/` stay, so no `:` scheme (`javascript:`), parenthesis, space or angle bracket survives.
pub fn escape_url(target: &str) -> String {
    let mut out = String::with_capacity(target.len());
    for byte in target.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(byte));
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

/// `1.` or `1)` at the start of a line opens an ordered list: escape the dot or paren.
fn escape_ordered_list_marker(out: &mut String, start: usize) {
    let written = &out[start..];
    let digits = written.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 && digits <= 9 && written[digits..].starts_with(['.', ')']) {
        out.insert(start + digits, '\\');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn neutralises_markup() {
        assert_eq!(escape_cell("a | b"), "a &#124; b");
        assert_eq!(escape_inline("<script>"), "\\<script\\>");
        assert_eq!(
            escape_inline("[x](javascript:alert(1))"),
            "\\[x\\](javascript:alert(1))"
        );
        assert_eq!(escape_cell("Q&A &lt; &#60;"), "Q&A &amp;lt; &amp;\\#60;");
        assert_eq!(escape_cell("- 1. x"), "- 1. x");
        assert_eq!(escape_cell("&lt\u{7};"), "&lt\\\\u{7};");
        assert_eq!(escape_inline("line\none\r\n\ttwo  "), "line one two");
        assert_eq!(escape_inline("bell\u{7}here"), "bell\\\\u{7}here");
        assert_eq!(
            escape_cell("\u{1b}]8;;http://x\u{7}"),
            "\\\\u{1b}\\]8;;http://x\\\\u{7}"
        );
        assert_eq!(
            escape_cell("ping @team and a@b"),
            "ping @\u{2060}team and a@\u{2060}b"
        );
        assert_eq!(escape_cell("@ alone"), "@ alone");
        assert_eq!(escape_inline("- item"), "\\- item");
        assert_eq!(escape_inline("1. first"), "1\\. first");
        assert_eq!(escape_inline("a - b"), "a - b");
        assert_eq!(escape_inline("`code` \\"), "\\`code\\` \\\\");
    }

    #[test]
    fn urls_lose_their_scheme() {
        assert_eq!(escape_url("out/map.svg"), "out/map.svg");
        assert_eq!(
            escape_url("javascript:alert(1)"),
            "javascript%3Aalert%281%29"
        );
        assert_eq!(escape_url("my map.svg"), "my%20map.svg");
    }
}
