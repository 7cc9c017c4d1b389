//! JSON every reader can print safely: serde_json escapes C0 controls, `"` and `\`; this
//! writer also escapes every other hostile character ([`super::is_hostile`]: DEL, C1,
//! bidi controls, line separators) as `\uXXXX`. The data is unchanged (a JSON reader
//! gets the same string back); only the bytes on the wire are inert. Otherwise the output
//! is exactly `serde_json`'s pretty format.

use super::is_hostile;
use serde::Serialize;
use serde_json::ser::{Formatter, PrettyFormatter};
use std::io;

/// `serde_json::to_writer_pretty` with hostile characters escaped.
pub fn to_writer_pretty<W: io::Write, T: Serialize + ?Sized>(
    writer: W,
    value: &T,
) -> serde_json::Result<()> {
    let mut serializer =
        serde_json::Serializer::with_formatter(writer, InertFormatter(PrettyFormatter::new()));
    value.serialize(&mut serializer)
}

/// `serde_json::to_string_pretty` with hostile characters escaped.
pub fn to_string_pretty<T: Serialize + ?Sized>(value: &T) -> serde_json::Result<String> {
    let mut bytes = Vec::with_capacity(128);
    to_writer_pretty(&mut bytes, value)?;
    // serde_json writes UTF-8 and the escapes are ASCII.
    String::from_utf8(bytes).map_err(|error| serde::ser::Error::custom(error.to_string()))
}

struct InertFormatter<'a>(PrettyFormatter<'a>);

impl Formatter for InertFormatter<'_> {
    fn write_string_fragment<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let mut rest = fragment;
        while let Some((at, ch)) = rest.char_indices().find(|&(_, ch)| is_hostile(ch)) {
            let (before, after) = rest.split_at(at);
            writer.write_all(before.as_bytes())?;
            let mut units = [0u16; 2];
            for unit in ch.encode_utf16(&mut units) {
                write!(writer, "\\u{unit:04x}")?;
            }
            rest = after.get(ch.len_utf8()..).unwrap_or_default();
        }
        writer.write_all(rest.as_bytes())
    }

    fn begin_array<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.begin_array(writer)
    }

    fn end_array<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_array(writer)
    }

    fn begin_array_value<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_array_value(writer, first)
    }

    fn end_array_value<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_array_value(writer)
    }

    fn begin_object<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.begin_object(writer)
    }

    fn end_object<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_object(writer)
    }

    fn begin_object_key<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_object_key(writer, first)
    }

    fn begin_object_value<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.begin_object_value(writer)
    }

    fn end_object_value<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_object_value(writer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_characters_are_escaped_and_the_data_kept() {
        let value = serde_json::json!({ "a": ["x\u{1b}[31m\u{202e}y\u{7f}\u{9b}", 1], "b": {} });
        let text = to_string_pretty(&value).expect("serialises");
        assert_eq!(
            text,
            serde_json::to_string_pretty(&value)
                .expect("serialises")
                .replace('\u{202e}', "\\u202e")
                .replace('\u{7f}', "\\u007f")
                .replace('\u{9b}', "\\u009b")
        );
        assert!(!text.chars().any(|ch| is_hostile(ch) && ch != '\n'));
        let back: serde_json::Value = serde_json::from_str(&text).expect("parses");
        assert_eq!(back, value);
    }
}
