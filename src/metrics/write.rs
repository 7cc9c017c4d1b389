//! `jmap metrics --write`: set `current`, `measured` and `sample` of metrics as text edits
//! of the file that defines them, keeping every comment, key order and layout.
//!
//! The file is parsed into a small tree of spans (saphyr events), the metric's mapping is
//! found under `metrics:` (a journey) or `library: metrics:` (a library), and each of the
//! three keys either has its value replaced or is added after the last of them (or after
//! the mapping's last entry): on a line of its own at the keys' indentation in a block
//! mapping, as `, key: value` in a flow mapping (`{ id: a, current: 3 }`).

use crate::edit::TextEdit;
use crate::source::{SourceFile, Span};
use saphyr_parser::{Event, Parser, ScalarStyle};

/// The three values written for one metric.
#[derive(Debug, Clone, PartialEq)]
pub struct Values {
    pub current: String,
    pub measured: String,
    pub sample: String,
}

impl Values {
    fn pairs(&self) -> [(&'static str, &str); 3] {
        [
            ("current", self.current.as_str()),
            ("measured", self.measured.as_str()),
            ("sample", self.sample.as_str()),
        ]
    }
}

/// Why a metric could not be edited.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WriteError {
    /// The file is not YAML the locator can read.
    Unreadable(String),
    /// No metric mapping with this id.
    NotFound(String),
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteError::Unreadable(reason) => write!(f, "cannot read the file as YAML: {reason}"),
            WriteError::NotFound(id) => write!(f, "no metric `{id}` is defined in the file"),
        }
    }
}

/// The edits that set `values` on metric `id` in `text`; empty when they are already set.
/// A missing key goes after the one before it in the order `current`, `measured`,
/// `sample` (or before the one after it, or after the mapping's last entry).
pub fn edits(text: &str, id: &str, values: &Values) -> Result<Vec<TextEdit>, WriteError> {
    let tree = Tree::parse(text)?;
    let metric = tree
        .metric(id)
        .ok_or_else(|| WriteError::NotFound(id.into()))?;
    let Node::Map(map) = metric else {
        return Err(WriteError::NotFound(id.into()));
    };
    let layout = Layout::of(text, map);
    let pairs = values.pairs();
    let present: Vec<Option<&(Node, Node)>> = pairs.iter().map(|(key, _)| map.entry(key)).collect();
    let mut edits = Vec::new();
    let mut inserts: Vec<(usize, String)> = Vec::new();
    for (index, ((key, value), entry)) in pairs.iter().zip(&present).enumerate() {
        if let Some(entry) = entry {
            let span = entry.1.span();
            let old = text.get(span.start..span.end).unwrap_or("");
            if old != *value {
                if span.is_empty() {
                    // `current:` with no value: the value goes after the colon.
                    edits.push(TextEdit::insert(span.start, format!(" {value}")));
                } else {
                    edits.push(TextEdit::replace(span.start..span.end, *value));
                }
            }
            continue;
        }
        let before = present
            .get(..index)
            .and_then(|earlier| earlier.iter().rev().find_map(|entry| *entry));
        let after = present
            .get(index + 1..)
            .and_then(|later| later.iter().find_map(|entry| *entry));
        let insert = match (before, after) {
            (Some(entry), _) => Some(layout.after(entry, key, value)),
            (None, Some(entry)) => layout.before(entry, key, value).or_else(|| {
                map.entries
                    .last()
                    .map(|last| layout.after(last, key, value))
            }),
            (None, None) => map
                .entries
                .last()
                .map(|last| layout.after(last, key, value)),
        };
        inserts.extend(insert);
    }
    // Inserts at one offset become one edit, in key order.
    let mut merged: Vec<(usize, String)> = Vec::new();
    for (offset, added) in inserts {
        match merged.iter_mut().find(|(at, _)| *at == offset) {
            Some((_, text)) => text.push_str(&added),
            None => merged.push((offset, added)),
        }
    }
    edits.extend(
        merged
            .into_iter()
            .map(|(offset, added)| TextEdit::insert(offset, added)),
    );
    Ok(edits)
}

/// How entries are written in one mapping: flow or block, indentation, line breaks.
struct Layout<'t> {
    text: &'t str,
    flow: bool,
    indent: String,
    newline: &'static str,
    source: SourceFile,
}

impl<'t> Layout<'t> {
    fn of(text: &'t str, map: &MapNode) -> Layout<'t> {
        let source = SourceFile::new("", text);
        let indent = map.entries.first().map_or(0, |(key, _)| {
            let start = key.span().start;
            let line_start = source.line_start(source.line_index(start)).unwrap_or(0);
            text.get(line_start..start)
                .map_or(0, |prefix| prefix.chars().count())
        });
        Layout {
            text,
            flow: map.flow,
            indent: " ".repeat(indent),
            newline: if text.contains("\r\n") { "\r\n" } else { "\n" },
            source,
        }
    }

    /// Where and what to insert so that `key: value` follows `entry`.
    fn after(&self, entry: &(Node, Node), key: &str, value: &str) -> (usize, String) {
        let end = entry.1.end();
        if self.flow {
            return (end, format!(", {key}: {value}"));
        }
        let bytes = self.text.as_bytes();
        let (indent, newline) = (&self.indent, self.newline);
        if end > 0 && bytes.get(end - 1) == Some(&b'\n') {
            // A block scalar ends at the start of the next line: add a whole line there.
            return (end, format!("{indent}{key}: {value}{newline}"));
        }
        let mut line_end = memchr::memchr(b'\n', bytes.get(end..).unwrap_or(&[]))
            .map_or(self.text.len(), |offset| end + offset);
        if line_end > 0 && bytes.get(line_end - 1) == Some(&b'\r') {
            line_end -= 1;
        }
        (line_end, format!("{newline}{indent}{key}: {value}"))
    }

    /// Where and what to insert so that `key: value` precedes `entry`; `None` when the
    /// entry does not start its line (`- current: 3`).
    fn before(&self, entry: &(Node, Node), key: &str, value: &str) -> Option<(usize, String)> {
        let start = entry.0.span().start;
        if self.flow {
            return Some((start, format!("{key}: {value}, ")));
        }
        let line_start = self
            .source
            .line_start(self.source.line_index(start))
            .unwrap_or(0);
        let prefix = self.text.get(line_start..start)?;
        prefix.chars().all(|c| c == ' ').then(|| {
            (
                line_start,
                format!("{}{key}: {value}{}", self.indent, self.newline),
            )
        })
    }
}

/// The three values as they are written on metric `id` now (for checking a write).
pub fn read_back(text: &str, id: &str) -> Result<[Option<String>; 3], WriteError> {
    let tree = Tree::parse(text)?;
    let Some(Node::Map(map)) = tree.metric(id) else {
        return Err(WriteError::NotFound(id.into()));
    };
    let get = |key: &str| match map.entry(key) {
        Some((_, Node::Scalar(scalar))) => Some(scalar.text.clone()),
        _ => None,
    };
    Ok([get("current"), get("measured"), get("sample")])
}

#[derive(Debug)]
struct ScalarNode {
    text: String,
    span: Span,
}

#[derive(Debug)]
struct MapNode {
    flow: bool,
    entries: Vec<(Node, Node)>,
    /// Flow mappings: the closing `}`.
    end: Span,
    start: Span,
}

impl MapNode {
    fn entry(&self, key: &str) -> Option<&(Node, Node)> {
        self.entries
            .iter()
            .find(|(name, _)| matches!(name, Node::Scalar(s) if s.text == key))
    }
}

#[derive(Debug)]
struct SeqNode {
    flow: bool,
    items: Vec<Node>,
    end: Span,
    start: Span,
}

#[derive(Debug)]
enum Node {
    Scalar(ScalarNode),
    Map(MapNode),
    Seq(SeqNode),
}

impl Node {
    fn span(&self) -> Span {
        match self {
            Node::Scalar(scalar) => scalar.span,
            Node::Map(map) => Span::new(map.start.start, self.end()),
            Node::Seq(seq) => Span::new(seq.start.start, self.end()),
        }
    }

    /// Where the node's text ends: a scalar's last character, a flow collection's
    /// closing bracket, a block collection's last value.
    fn end(&self) -> usize {
        match self {
            Node::Scalar(scalar) => scalar.span.end,
            Node::Map(map) if map.flow => map.end.end,
            Node::Seq(seq) if seq.flow => seq.end.end,
            Node::Map(map) => map
                .entries
                .last()
                .map_or(map.start.end, |(_, value)| value.end()),
            Node::Seq(seq) => seq.items.last().map_or(seq.start.end, Node::end),
        }
    }

    fn get(&self, key: &str) -> Option<&Node> {
        match self {
            Node::Map(map) => map.entry(key).map(|(_, value)| value),
            _ => None,
        }
    }
}

struct Tree {
    root: Node,
}

impl Tree {
    fn parse(text: &str) -> Result<Tree, WriteError> {
        let source = SourceFile::new("", text);
        let mut events = Vec::new();
        for event in Parser::new_from_str(text) {
            let (event, span) = event.map_err(|error| WriteError::Unreadable(error.to_string()))?;
            let start = source.byte_offset(span.start.line(), span.start.col());
            let end = source.byte_offset(span.end.line(), span.end.col());
            events.push((event, Span::new(start, end)));
        }
        let mut iter = events.into_iter().peekable();
        // Skip to the first node of the first document.
        while let Some((event, _)) = iter.peek() {
            if matches!(
                event,
                Event::StreamStart | Event::DocumentStart(_) | Event::Nothing
            ) {
                iter.next();
            } else {
                break;
            }
        }
        let root = build(&mut iter, text, 0)?
            .ok_or_else(|| WriteError::Unreadable("the file is empty".into()))?;
        Ok(Tree { root })
    }

    /// The mapping of metric `id` in `metrics:` or `library: metrics:`.
    fn metric(&self, id: &str) -> Option<&Node> {
        let list = self
            .root
            .get("metrics")
            .or_else(|| self.root.get("library").and_then(|lib| lib.get("metrics")))?;
        let Node::Seq(seq) = list else { return None };
        seq.items
            .iter()
            .find(|item| matches!(item.get("id"), Some(Node::Scalar(scalar)) if scalar.text == id))
    }
}

type Events<'a> = std::iter::Peekable<std::vec::IntoIter<(Event<'a>, Span)>>;

fn build(events: &mut Events<'_>, text: &str, depth: usize) -> Result<Option<Node>, WriteError> {
    if depth > crate::load::reader::MAX_DEPTH {
        return Err(WriteError::Unreadable("nesting is too deep".into()));
    }
    let Some((event, span)) = events.next() else {
        return Ok(None);
    };
    let flow_at = |bracket: u8| text.as_bytes().get(span.start) == Some(&bracket);
    Ok(Some(match event {
        Event::Scalar(value, style, _, _) => {
            let mut span = span;
            // A plain empty value (`current:`) has a zero-width span already; quoted
            // scalars include their quotes.
            if style == ScalarStyle::Plain && value.is_empty() {
                span = Span::new(span.start, span.start);
            }
            // saphyr may end a scalar's span after the spaces that follow it.
            let bytes = text.as_bytes();
            while span.end > span.start && matches!(bytes.get(span.end - 1), Some(b' ' | b'\t')) {
                span.end -= 1;
            }
            Node::Scalar(ScalarNode {
                text: value.into_owned(),
                span,
            })
        }
        Event::Alias(_) => Node::Scalar(ScalarNode {
            text: String::new(),
            span,
        }),
        Event::MappingStart(..) => {
            let flow = flow_at(b'{');
            let mut entries = Vec::new();
            loop {
                if let Some((Event::MappingEnd, end)) = events.peek() {
                    let end = *end;
                    events.next();
                    break Node::Map(MapNode {
                        flow,
                        entries,
                        end,
                        start: span,
                    });
                }
                let key = build(events, text, depth + 1)?
                    .ok_or_else(|| WriteError::Unreadable("unexpected end".into()))?;
                let value = build(events, text, depth + 1)?
                    .ok_or_else(|| WriteError::Unreadable("unexpected end".into()))?;
                entries.push((key, value));
            }
        }
        Event::SequenceStart(..) => {
            let flow = flow_at(b'[');
            let mut items = Vec::new();
            loop {
                if let Some((Event::SequenceEnd, end)) = events.peek() {
                    let end = *end;
                    events.next();
                    break Node::Seq(SeqNode {
                        flow,
                        items,
                        end,
                        start: span,
                    });
                }
                let item = build(events, text, depth + 1)?
                    .ok_or_else(|| WriteError::Unreadable("unexpected end".into()))?;
                items.push(item);
            }
        }
        _ => return Err(WriteError::Unreadable("unexpected YAML event".into())),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values() -> Values {
        Values {
            current: "81.5".into(),
            measured: "2026-11-20".into(),
            sample: "41".into(),
        }
    }

    fn write(text: &str, id: &str) -> String {
        let edits = edits(text, id, &values()).unwrap_or_else(|e| panic!("{e}"));
        crate::edit::apply(text, &edits).unwrap_or_else(|e| panic!("{e:?}"))
    }

    #[test]
    fn block_mapping_adds_after_the_last_entry() {
        let text = "metrics:\n  - id: a   # the first\n    name: A\n    target: \">= 80\"  # keep\n  # between\n  - id: b\n    name: B\n";
        assert_eq!(
            write(text, "a"),
            "metrics:\n  - id: a   # the first\n    name: A\n    target: \">= 80\"  # keep\n    current: 81.5\n    measured: 2026-11-20\n    sample: 41\n  # between\n  - id: b\n    name: B\n"
        );
        let once = write(text, "b");
        assert!(once.ends_with(
            "    name: B\n    current: 81.5\n    measured: 2026-11-20\n    sample: 41\n"
        ));
        assert_eq!(write(&once, "b"), once);
    }

    #[test]
    fn replaces_existing_values_and_keeps_comments() {
        let text =
            "metrics:\n  - id: a\n    current: 78 # by hand\n    name: A\n    sample: \"3\"\n";
        assert_eq!(
            write(text, "a"),
            "metrics:\n  - id: a\n    current: 81.5 # by hand\n    measured: 2026-11-20\n    name: A\n    sample: 41\n"
        );
    }

    #[test]
    fn flow_mapping_stays_flow() {
        let text = "metrics:\n  - { id: a, name: A, current: 3 }\n  - {id: b, name: B}\n";
        let written = write(&write(text, "a"), "b");
        assert_eq!(
            written,
            "metrics:\n  - { id: a, name: A, current: 81.5, measured: 2026-11-20, sample: 41 }\n  - {id: b, name: B, current: 81.5, measured: 2026-11-20, sample: 41}\n"
        );
        assert_eq!(
            read_back(&written, "b").ok(),
            Some([
                Some("81.5".into()),
                Some("2026-11-20".into()),
                Some("41".into())
            ])
        );
    }

    #[test]
    fn libraries_crlf_and_missing_metrics() {
        let text = "jmap: 1\r\nlibrary:\r\n  metrics:\r\n    - id: a\r\n      name: A";
        assert_eq!(
            write(text, "a"),
            "jmap: 1\r\nlibrary:\r\n  metrics:\r\n    - id: a\r\n      name: A\r\n      current: 81.5\r\n      measured: 2026-11-20\r\n      sample: 41"
        );
        assert_eq!(
            edits(text, "zz", &values()).err(),
            Some(WriteError::NotFound("zz".into()))
        );
    }

    #[test]
    fn missing_keys_go_before_the_next_one() {
        let text = "metrics:\n  - id: a\n    sample: 3\n  - {id: b, sample: 3}\n";
        let once = write(&write(text, "a"), "b");
        assert_eq!(
            once,
            "metrics:\n  - id: a\n    current: 81.5\n    measured: 2026-11-20\n    sample: 41\n  - {id: b, current: 81.5, measured: 2026-11-20, sample: 41}\n"
        );
    }

    #[test]
    fn block_scalar_last() {
        let text = "metrics:\n  - id: a\n    name: >\n      A long\n      name\nstages: []\n";
        assert_eq!(
            write(text, "a"),
            "metrics:\n  - id: a\n    name: >\n      A long\n      name\n    current: 81.5\n    measured: 2026-11-20\n    sample: 41\nstages: []\n"
        );
    }
}
