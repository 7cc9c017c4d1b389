//! The SVG writer: elements written straight into one text buffer, in document order.
//!
//! The map used to be built as a tree of the `svg` crate's elements and then serialised;
//! at 10,000 touchpoints that tree was 83 % of render time and most of its memory (every
//! attribute a boxed `String` pair in a map). Writing the text directly keeps one buffer
//! and a few numbers per element (BENCHMARKS.md, "render").
//!
//! User text only reaches the document through [`Svg::text`], [`Svg::title`] and
//! [`Svg::data`], which clean it ([`super::text::clean`]) and XML-escape it. Every other
//! attribute is a number, a fixed class name or a colour.

use super::layout::Rect;
use super::text::one_line_cow;
use std::fmt::{self, Write as _};
use std::io;

/// A coordinate rounded to 0.1 px: shorter files, stable output.
#[derive(Clone, Copy)]
pub struct N(pub f64);

impl N {
    /// Writes the number into `out` (what `Display` writes, without the formatter).
    pub fn push_to(self, out: &mut String) {
        let tenths = (self.0 * 10.0).round();
        let rounded = tenths / 10.0;
        if rounded == 0.0 || !rounded.is_finite() {
            out.push('0');
            return;
        }
        if tenths.abs() < 1e15 {
            // Whole tenths as integers: the same digits as the shortest form of `rounded`
            // (a tenth needs one decimal), without float formatting.
            let tenths = tenths as i64;
            let (whole, tenth) = (tenths.unsigned_abs() / 10, tenths.unsigned_abs() % 10);
            if tenths < 0 {
                out.push('-');
            }
            out.push_str(itoa::Buffer::new().format(whole));
            if tenth != 0 {
                const DIGITS: [&str; 10] =
                    [".0", ".1", ".2", ".3", ".4", ".5", ".6", ".7", ".8", ".9"];
                out.push_str(DIGITS.get(tenth as usize).copied().unwrap_or_default());
            }
            return;
        }
        let _ = write!(out, "{rounded}");
    }
}

impl fmt::Display for N {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut text = String::with_capacity(12);
        self.push_to(&mut text);
        f.write_str(&text)
    }
}

/// ` COMMANDx,y` of a path's data: `push_point(d, " L", x, y)`.
pub fn push_point(out: &mut String, command: &str, x: f64, y: f64) {
    out.push_str(command);
    N(x).push_to(out);
    out.push(',');
    N(y).push_to(out);
}

/// Whether `text` is already what [`one_line`] and the XML escaper would make of it:
/// printable ASCII without `& < > " '`, words separated by single spaces.
fn plain(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.first().is_none_or(|&b| b != b' ')
        && bytes.last().is_none_or(|&b| b != b' ')
        && !bytes.windows(2).any(|pair| pair == b"  ")
        && bytes
            .iter()
            .all(|&b| (b' '..=b'~').contains(&b) && !matches!(b, b'&' | b'<' | b'>' | b'"' | b'\''))
}

/// One line of user text, cleaned and XML-escaped, into `out`.
fn one_line_into(out: &mut String, text: &str) {
    if plain(text) {
        out.push_str(text);
    } else {
        escape_into(out, &one_line_cow(text));
    }
}

/// The document being written: into one buffer, or through a small buffer into a sink.
#[derive(Default)]
pub struct Svg<'w> {
    out: String,
    /// Where a streamed document goes; `None` keeps the whole document in `out`.
    sink: Option<&'w mut dyn io::Write>,
    /// The first write error of a streamed document (later writes are skipped).
    failed: Option<io::Error>,
}

/// A streamed document is handed to its sink in pieces of about this many bytes.
const CHUNK: usize = 1 << 16;

/// XML-escapes `text` into `out` with the text module's one XML escaper.
fn escape_into(out: &mut String, text: &str) {
    crate::text::xml::escape_into(out, text);
}

impl<'w> Svg<'w> {
    pub fn with_capacity(bytes: usize) -> Self {
        Svg {
            out: String::with_capacity(bytes),
            sink: None,
            failed: None,
        }
    }

    /// A document written to `sink` as it grows.
    pub fn streaming(sink: &'w mut dyn io::Write) -> Self {
        Svg {
            out: String::with_capacity(CHUNK + CHUNK / 2),
            sink: Some(sink),
            failed: None,
        }
    }

    /// The whole document (of [`Svg::with_capacity`]).
    pub fn finish(mut self) -> String {
        self.out.push('\n');
        self.out
    }

    /// Writes the rest of a streamed document and flushes its sink.
    pub fn finish_stream(mut self) -> io::Result<()> {
        self.out.push('\n');
        self.hand_over();
        if let Some(error) = self.failed.take() {
            return Err(error);
        }
        self.sink.take().map_or(Ok(()), |sink| sink.flush())
    }

    /// Hands the buffer to the sink, if there is one.
    fn hand_over(&mut self) {
        let Some(sink) = self.sink.as_mut() else {
            return;
        };
        if self.failed.is_none()
            && let Err(error) = sink.write_all(self.out.as_bytes())
        {
            self.failed = Some(error);
        }
        self.out.clear();
    }

    /// The markup of a piece drawn apart (of [`Svg::with_capacity`], not finished), to be
    /// [`Svg::append`]ed to a document.
    pub fn into_piece(self) -> String {
        self.out
    }

    /// Appends a piece drawn apart ([`Svg::into_piece`]): the same bytes as drawing it here.
    pub fn append(&mut self, piece: &str) {
        if self.sink.is_some() && piece.len() >= CHUNK {
            self.hand_over();
            if let Some(sink) = self.sink.as_mut()
                && self.failed.is_none()
                && let Err(error) = sink.write_all(piece.as_bytes())
            {
                self.failed = Some(error);
            }
        } else {
            self.out.push_str(piece);
            if self.out.len() >= CHUNK {
                self.hand_over();
            }
        }
    }

    /// Raw markup made of fixed strings and numbers only.
    pub fn raw(&mut self, markup: &str) {
        self.out.push_str(markup);
    }

    /// Formatted raw markup (fixed strings and numbers only).
    pub fn fmt(&mut self, args: fmt::Arguments<'_>) {
        let _ = self.out.write_fmt(args);
    }

    /// ` NAME="NUMBER"`.
    fn attr(&mut self, name: &str, value: f64) {
        self.out.push(' ');
        self.out.push_str(name);
        self.out.push_str("=\"");
        N(value).push_to(&mut self.out);
        self.out.push('"');
    }

    /// ` EXTRA/>`: an element's fixed markup (may be empty) and its end.
    fn end_empty(&mut self, extra: &str) {
        self.out.push(' ');
        self.out.push_str(extra);
        self.out.push_str("/>");
    }

    /// `<g class="CLASS" EXTRA>`; EXTRA is fixed markup (may be empty).
    pub fn group(&mut self, class: &str, extra: &str) {
        self.begin_group(class);
        if !extra.is_empty() {
            self.out.push(' ');
            self.out.push_str(extra);
        }
        self.out.push('>');
    }

    /// `<g>` without a class.
    pub fn open_g(&mut self) {
        self.out.push_str("<g>");
    }

    pub fn close_g(&mut self) {
        self.out.push_str("</g>");
        if self.out.len() >= CHUNK {
            self.hand_over();
        }
    }

    /// ` data-NAME="VALUE"` for user text (an id): cleaned and escaped.
    pub fn data(&mut self, name: &str, value: &str) {
        self.out.push_str(" data-");
        self.out.push_str(name);
        self.out.push_str("=\"");
        one_line_into(&mut self.out, value);
        self.out.push('"');
    }

    /// Opens a group whose attributes include user ids: `<g class="CLASS"` then the
    /// caller adds [`Svg::data`] attributes and calls [`Svg::end_open`].
    pub fn begin_group(&mut self, class: &str) {
        self.out.push_str("<g class=\"");
        self.out.push_str(class);
        self.out.push('"');
    }

    pub fn end_open(&mut self) {
        self.out.push('>');
    }

    pub fn rect(&mut self, r: Rect, extra: &str) {
        self.out.push_str("<rect");
        self.attr("x", r.x);
        self.attr("y", r.y);
        self.attr("width", r.w);
        self.attr("height", r.h);
        self.end_empty(extra);
    }

    pub fn line(&mut self, x1: f64, y1: f64, x2: f64, y2: f64, extra: &str) {
        self.out.push_str("<line");
        self.attr("x1", x1);
        self.attr("y1", y1);
        self.attr("x2", x2);
        self.attr("y2", y2);
        self.end_empty(extra);
    }

    pub fn circle(&mut self, cx: f64, cy: f64, r: f64, extra: &str) {
        self.out.push_str("<circle");
        self.attr("cx", cx);
        self.attr("cy", cy);
        self.attr("r", r);
        self.end_empty(extra);
    }

    pub fn path(&mut self, d: &str, extra: &str) {
        self.out.push_str("<path d=\"");
        self.out.push_str(d);
        self.out.push('"');
        self.end_empty(extra);
    }

    /// One line of text, cleaned to one line and escaped. `extra` is fixed markup such as
    /// `text-anchor="middle"` (may be empty).
    pub fn text(&mut self, x: f64, y: f64, class: &str, extra: &str, content: &str) {
        self.out.push_str("<text");
        self.attr("x", x);
        self.attr("y", y);
        self.out.push_str(" class=\"");
        self.out.push_str(class);
        self.out.push('"');
        if !extra.is_empty() {
            self.out.push(' ');
            self.out.push_str(extra);
        }
        self.out.push('>');
        one_line_into(&mut self.out, content);
        self.out.push_str("</text>");
    }

    /// A tooltip / accessible name: the full, cleaned text, its line breaks written as
    /// `&#10;` (the same character to an XML reader) so that every line of the file starts
    /// with a tag and user text never starts a line (in a CI log a line starting with `::`
    /// would be a workflow command).
    pub fn title(&mut self, content: &str) {
        self.out.push_str("<title>");
        self.multi_line(content);
        self.out.push_str("</title>");
    }

    /// `<desc>`: like [`Svg::title`].
    pub fn desc(&mut self, content: &str) {
        self.out.push_str("<desc>");
        self.multi_line(content);
        self.out.push_str("</desc>");
    }

    fn multi_line(&mut self, content: &str) {
        // Cleaning keeps line feeds and escaping leaves them alone, so each line is
        // cleaned and escaped on its own, straight into the document.
        for (index, line) in content.split('\n').enumerate() {
            if index > 0 {
                self.out.push_str("&#10;");
            }
            escape_into(&mut self.out, line);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_round_to_a_tenth() {
        assert_eq!(N(12.0).to_string(), "12");
        assert_eq!(N(12.345).to_string(), "12.3");
        assert_eq!(N(-0.01).to_string(), "0");
        assert_eq!(N(-0.05).to_string(), "-0.1");
        assert_eq!(N(-12.25).to_string(), "-12.3");
        assert_eq!(N(1234.96).to_string(), "1235");
        assert_eq!(N(0.04).to_string(), "0");
        assert_eq!(N(7.08).to_string(), "7.1");
        // The integer path gives the same digits as formatting the rounded float.
        for k in -20_000..20_000 {
            let x = f64::from(k) * 0.0137;
            let rounded = (x * 10.0).round() / 10.0;
            let expected = if rounded == 0.0 {
                "0".to_string()
            } else {
                rounded.to_string()
            };
            assert_eq!(N(x).to_string(), expected, "{x}");
        }
    }

    #[test]
    fn plain_text_is_written_as_is_and_the_rest_cleaned() {
        for text in ["Kick-off call", "a b", "x"] {
            assert!(plain(text));
        }
        for text in [
            " a", "a ", "a  b", "a\tb", "a&b", "<", "é", "a\u{7}", "'", "\"",
        ] {
            assert!(!plain(text), "{text:?}");
        }
        let mut out = String::new();
        one_line_into(&mut out, "a  <b>\n c");
        assert_eq!(out, "a &lt;b&gt; c");
    }

    #[test]
    fn user_text_is_escaped() {
        let mut svg = Svg::default();
        svg.text(0.0, 0.0, "c", "", "<script>&\"x\"\u{7}");
        svg.title("a\nb<");
        let out = svg.finish();
        assert!(out.contains("&lt;script&gt;&amp;&quot;x&quot;\\u{7}</text>"));
        assert!(out.contains("<title>a&#10;b&lt;</title>"));
    }
}
