//! User text for XML (the SVG map, JUnit reports).
//!
//! XML 1.0 cannot carry most C0 controls at all, and the bidi controls would let one label
//! reorder how its neighbours read: [`content`] writes them visibly (`\u{1b}`), keeping tab
//! and line feed, which a text node may hold. [`escape`] adds quick-xml's escaping of
//! `&`, `<`, `>`, `"` and `'` for XML written by hand; the svg crate and quick-xml's writer
//! escape on their own and take [`content`].

use super::{is_hostile, push_visible};
use std::borrow::Cow;

/// Text an XML 1.0 text node or attribute can hold, hostile characters made visible.
pub fn content(text: &str) -> Cow<'_, str> {
    let keep = |ch: char| !is_hostile(ch) || ch == '\t' || ch == '\n';
    if all_kept(text, keep) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for ch in text.chars() {
        if keep(ch) {
            out.push(ch);
        } else {
            push_visible(&mut out, ch);
        }
    }
    Cow::Owned(out)
}

/// Whether `keep` holds for every character of `text`. Printable ASCII, tab and line
/// feed are always kept, so only the characters between runs of those are decoded and
/// asked: most text is all ASCII, or ASCII with a few `→` or `·`.
fn all_kept(text: &str, keep: impl Fn(char) -> bool) -> bool {
    let plain = |b: &u8| (b' '..=b'~').contains(b) || *b == b'\t' || *b == b'\n';
    let mut rest = text;
    loop {
        let bytes = rest.as_bytes();
        let Some(at) = bytes.iter().position(|b| !plain(b)) else {
            return true;
        };
        let mut chars = rest.get(at..).unwrap_or_default().chars();
        match chars.next() {
            Some(ch) if keep(ch) => rest = chars.as_str(),
            Some(_) => return false,
            None => return true,
        }
    }
}

/// [`content`], then escaped for XML text or a quoted attribute.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(&mut out, text);
    out
}

/// [`escape`], appended to `out` (no copy when there is nothing to change).
pub fn escape_into(out: &mut String, text: &str) {
    // Most text is printable ASCII with nothing to escape: one pass over its bytes says so.
    if text
        .bytes()
        .all(|b| SAFE.get(usize::from(b)) == Some(&true))
    {
        out.push_str(text);
        return;
    }
    out.push_str(&quick_xml::escape::escape(content(text).as_ref()));
}

/// The bytes [`escape`] leaves as they are: printable ASCII but `& < > " '`, tab, line feed.
#[allow(clippy::indexing_slicing)] // a byte indexes a table of 256
static SAFE: [bool; 256] = {
    let mut safe = [false; 256];
    let mut b = b' ';
    while b <= b'~' {
        safe[b as usize] = !matches!(b, b'&' | b'<' | b'>' | b'"' | b'\'');
        b += 1;
    }
    safe[b'\t' as usize] = true;
    safe[b'\n' as usize] = true;
    safe
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_holds_only_what_it_may() {
        assert_eq!(content("a\u{0}b\tc\nd\u{202e}"), "a\\u{0}b\tc\nd\\u{202e}");
        assert_eq!(escape("<script>&\u{1b}"), "&lt;script&gt;&amp;\\u{1b}");
        let mut out = String::from("x");
        escape_into(&mut out, "<a>\u{7}é→");
        assert_eq!(out, "x&lt;a&gt;\\u{7}é→");
        assert_eq!(content("\r"), "\\r");
    }

    #[test]
    fn the_safe_bytes_are_those_escaping_leaves_alone() {
        for b in 0..=255u8 {
            let text = char::from(b).to_string();
            let escaped = quick_xml::escape::escape(content(&text).as_ref()).into_owned();
            assert_eq!(SAFE[usize::from(b)], b < 128 && escaped == text, "byte {b}");
        }
    }
}
