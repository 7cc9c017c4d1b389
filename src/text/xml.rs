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
    // Printable ASCII, tab and line feed: nothing to show. The common case, checked
    // without branching per byte so that the compiler can check many bytes at once.
    let plain = text.bytes().fold(true, |plain, b| {
        plain & ((b' '..=b'~').contains(&b) | (b == b'\t') | (b == b'\n'))
    });
    if plain {
        return Cow::Borrowed(text);
    }
    let keep = |ch: char| !is_hostile(ch) || ch == '\t' || ch == '\n';
    if text.chars().all(keep) {
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

/// [`content`], then escaped for XML text or a quoted attribute.
pub fn escape(text: &str) -> String {
    quick_xml::escape::escape(content(text).as_ref()).into_owned()
}

/// [`escape`], appended to `out` (no copy when there is nothing to change).
pub fn escape_into(out: &mut String, text: &str) {
    out.push_str(&quick_xml::escape::escape(content(text).as_ref()));
}

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
}
