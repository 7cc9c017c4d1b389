//! A typed pull reader over saphyr-parser's YAML event stream.
//!
//! Why events and not serde: serde_yaml is unmaintained and, like its forks, gives no
//! position for a value that parses fine, and serde derive stops at the first error. Here
//! the typed loaders pull one event at a time, record a span on every node and keep going
//! after a schema error, so one run reports every problem. saphyr's own tree loader
//! recurses and overflows the stack on deeply nested input; pulling events with an
//! explicit depth cap cannot. Aliases are replayed from recorded events with a budget, so
//! an alias bomb stops with an error instead of eating memory.

use crate::diagnostic::Finding;
use crate::source::{SourceFile, Span};
use saphyr_parser::{Event, Parser, ScalarStyle, StrInput};
use std::borrow::Cow;
use std::collections::HashMap;

/// Deepest nesting of mappings and sequences accepted. A journey needs 8.
pub const MAX_DEPTH: usize = 64;
/// Most events that alias expansion may replay in one file.
pub const MAX_ALIAS_EVENTS: usize = 100_000;
/// Most bytes of scalar text that alias expansion may replay in one file: a few large
/// anchored values repeated under the event limit would otherwise copy gigabytes.
pub const MAX_ALIAS_BYTES: usize = 8 * 1024 * 1024;
/// Raw control characters reported before the reader gives up on a file.
const MAX_CONTROL_ERRORS: usize = 10;

type RawEvent<'a> = (Event<'a>, Span);

/// What the next node is. Mappings and sequences must be read with
/// [`Reader::next_key`] / [`Reader::next_item`] until they return `None`, or skipped.
#[derive(Debug)]
pub enum Node<'a> {
    Scalar(Scalar<'a>),
    Mapping(Span),
    Sequence(Span),
    /// The stream stopped (syntax error or a limit); the error is already recorded.
    Broken(Span),
}

#[derive(Debug, Clone)]
pub struct Scalar<'a> {
    pub text: Cow<'a, str>,
    pub style: ScalarStyle,
    pub span: Span,
}

impl Scalar<'_> {
    pub fn is_plain(&self) -> bool {
        self.style == ScalarStyle::Plain
    }

    /// `null`, `~` or nothing at all, written plain (YAML 1.2 core schema).
    pub fn is_null(&self) -> bool {
        self.is_plain() && matches!(&*self.text, "" | "~" | "null" | "Null" | "NULL")
    }
}

impl Node<'_> {
    pub fn span(&self) -> Span {
        match self {
            Node::Scalar(scalar) => scalar.span,
            Node::Mapping(span) | Node::Sequence(span) | Node::Broken(span) => *span,
        }
    }

    /// How a user would name what they wrote, for "expected X, found Y".
    pub fn describe(&self) -> &'static str {
        match self {
            Node::Scalar(scalar) if scalar.is_null() => "nothing",
            Node::Scalar(scalar) if !scalar.is_plain() => "a quoted string",
            Node::Scalar(scalar) if scalar_looks_numeric(&scalar.text) => "a number",
            Node::Scalar(scalar) if matches!(&*scalar.text, "true" | "false") => "a boolean",
            Node::Scalar(_) => "a string",
            Node::Mapping(_) => "a mapping",
            Node::Sequence(_) => "a list",
            Node::Broken(_) => "broken YAML",
        }
    }
}

fn scalar_looks_numeric(text: &str) -> bool {
    crate::model::parse_number(text).is_some()
}

struct Recorder<'a> {
    anchor: usize,
    depth: usize,
    events: Vec<RawEvent<'a>>,
}

/// What an anchor recorded: its events and the bytes of scalar text they hold.
struct Anchored<'a> {
    events: Vec<RawEvent<'a>>,
    bytes: usize,
}

pub struct Reader<'a> {
    parser: Parser<'a, StrInput<'a>>,
    source: &'a SourceFile,
    peeked: Option<RawEvent<'a>>,
    replay: Vec<std::vec::IntoIter<RawEvent<'a>>>,
    anchors: HashMap<usize, Anchored<'a>>,
    recorders: Vec<Recorder<'a>>,
    replayed: usize,
    replayed_bytes: usize,
    depth: usize,
    broken: bool,
    last_span: Span,
    pub errors: Vec<Finding>,
}

impl<'a> Reader<'a> {
    pub fn new(source: &'a SourceFile, text: &'a str) -> Self {
        let errors = control_characters(text);
        Reader {
            parser: Parser::new_from_str(text),
            source,
            peeked: None,
            replay: Vec::new(),
            anchors: HashMap::new(),
            recorders: Vec::new(),
            replayed: 0,
            replayed_bytes: 0,
            depth: 0,
            // A stream YAML forbids is not parsed: its errors are the characters.
            broken: !errors.is_empty(),
            last_span: Span::default(),
            errors,
        }
    }

    pub fn source(&self) -> &'a SourceFile {
        self.source
    }

    pub fn is_broken(&self) -> bool {
        self.broken
    }

    /// Moves to the root node of the single document. `None` for an empty file.
    pub fn document(&mut self) -> Option<Node<'a>> {
        loop {
            let (event, span) = self.pull()?;
            match event {
                Event::StreamStart | Event::DocumentStart(_) | Event::Nothing => continue,
                Event::StreamEnd => return None,
                other => return Some(self.node_from(other, span)),
            }
        }
    }

    /// After the root node: reports a second document, if any.
    pub fn finish(&mut self) {
        while let Some((event, span)) = self.pull() {
            match event {
                Event::DocumentEnd | Event::Nothing => {}
                Event::StreamEnd => return,
                Event::DocumentStart(_) => {
                    self.push(
                        Finding::error(
                            "yaml-syntax",
                            span,
                            "a journey file holds one YAML document; this is a second one",
                        )
                        .with_help(
                            "remove the `---` and everything after it, or move it to its own file",
                        ),
                    );
                    self.broken = true;
                    return;
                }
                _ => {}
            }
        }
    }

    /// The next value in the current mapping or sequence.
    pub fn node(&mut self) -> Node<'a> {
        match self.pull() {
            Some((event, span)) => self.node_from(event, span),
            None => Node::Broken(self.last_span),
        }
    }

    /// The next key of the mapping being read, or `None` at its end. Keys that are not
    /// scalars are reported and skipped with their values.
    pub fn next_key(&mut self) -> Option<Scalar<'a>> {
        loop {
            let (event, span) = self.pull()?;
            match event {
                Event::MappingEnd => {
                    self.depth -= 1;
                    return None;
                }
                Event::Scalar(text, style, _, _) => {
                    return Some(Scalar { text, style, span });
                }
                other => {
                    let key = self.node_from(other, span);
                    self.skip(key);
                    self.schema_error(
                        span,
                        "a mapping key must be a plain name",
                        "write keys as `name: value`",
                    );
                    let value = self.node();
                    self.skip(value);
                }
            }
        }
    }

    /// The next item of the sequence being read, or `None` at its end.
    pub fn next_item(&mut self) -> Option<Node<'a>> {
        let (event, span) = self.pull()?;
        match event {
            Event::SequenceEnd => {
                self.depth -= 1;
                None
            }
            other => Some(self.node_from(other, span)),
        }
    }

    /// Consumes the rest of a node that the caller does not read.
    pub fn skip(&mut self, node: Node<'a>) {
        match node {
            Node::Mapping(_) => {
                while self.next_key().is_some() {
                    let value = self.node();
                    self.skip(value);
                }
            }
            Node::Sequence(_) => {
                while let Some(item) = self.next_item() {
                    self.skip(item);
                }
            }
            Node::Scalar(_) | Node::Broken(_) => {}
        }
    }

    pub fn schema_error(
        &mut self,
        span: Span,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        self.errors
            .push(Finding::error("schema", span, message).with_help(help));
    }

    pub fn push(&mut self, finding: Finding) {
        self.errors.push(finding);
    }

    fn node_from(&mut self, event: Event<'a>, span: Span) -> Node<'a> {
        match event {
            Event::Scalar(text, style, _, _) => {
                if text.len() > super::MAX_SCALAR_CHARS
                    && text.chars().count() > super::MAX_SCALAR_CHARS
                {
                    self.errors.push(
                        Finding::error(
                            "schema",
                            Span::new(span.start, span.start),
                            format!(
                                "this value is longer than {} characters",
                                super::MAX_SCALAR_CHARS
                            ),
                        )
                        .with_help(
                            "a journey holds names and short notes: link to long documents instead",
                        ),
                    );
                    return Node::Scalar(Scalar {
                        text: Cow::Borrowed(""),
                        style,
                        span,
                    });
                }
                Node::Scalar(Scalar { text, style, span })
            }
            Event::MappingStart(..) => self.enter(span).map_or(Node::Broken(span), Node::Mapping),
            Event::SequenceStart(..) => self.enter(span).map_or(Node::Broken(span), Node::Sequence),
            _ => {
                // Ends and stream markers where a value belongs: the stream is malformed.
                self.broken = true;
                Node::Broken(span)
            }
        }
    }

    fn enter(&mut self, span: Span) -> Option<Span> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            self.errors.push(
                Finding::error(
                    "yaml-syntax",
                    span,
                    format!("nesting is deeper than {MAX_DEPTH} levels"),
                )
                .with_help("a journey needs a handful of levels; flatten this structure"),
            );
            self.broken = true;
            return None;
        }
        Some(span)
    }

    /// The next event, with aliases replayed and anchors recorded. `None` once broken.
    fn pull(&mut self) -> Option<RawEvent<'a>> {
        if self.broken {
            return None;
        }
        let (event, span) = loop {
            if let Some(peeked) = self.peeked.take() {
                break peeked;
            }
            if let Some(replay) = self.replay.last_mut() {
                match replay.next() {
                    Some(event) => break event,
                    None => {
                        self.replay.pop();
                        continue;
                    }
                }
            }
            let (event, span) = self.pull_parser()?;
            if let Event::Alias(anchor) = event {
                self.expand_alias(anchor, span)?;
                continue;
            }
            self.start_recording(&event);
            break (event, span);
        };
        self.last_span = span;
        self.record(&event, span);
        Some((event, span))
    }

    fn pull_parser(&mut self) -> Option<RawEvent<'a>> {
        match self.parser.next_event() {
            None => None,
            Some(Ok((event, span))) => {
                let start = self.source.byte_offset(span.start.line(), span.start.col());
                let end = self.source.byte_offset(span.end.line(), span.end.col());
                Some((event, Span::new(start, end)))
            }
            Some(Err(error)) => {
                let marker = error.marker();
                let mut span = {
                    let offset = self.source.byte_offset(marker.line(), marker.col());
                    Span::new(offset, offset)
                };
                if error.info().contains("tab") {
                    span = tab_at_or_after(&self.source.text, span.start).unwrap_or(span);
                }
                let (message, help) = describe_scan_error(error.info());
                self.errors
                    .push(Finding::error("yaml-syntax", span, message).with_help(help));
                self.broken = true;
                None
            }
        }
    }

    /// Replays an anchor's events where the alias is used. Every replayed node is placed at
    /// the alias (`*name`): a finding about it points where the value is used, not at the
    /// anchor it was copied from.
    fn expand_alias(&mut self, anchor: usize, span: Span) -> Option<()> {
        let Some(anchored) = self.anchors.get(&anchor) else {
            self.errors.push(
                Finding::error(
                    "yaml-syntax",
                    span,
                    "this alias names no anchor defined before it",
                )
                .with_help("define `&name` before using `*name`"),
            );
            self.broken = true;
            return None;
        };
        self.replayed += anchored.events.len();
        self.replayed_bytes += anchored.bytes;
        if self.replayed_bytes > MAX_ALIAS_BYTES {
            self.errors.push(
                Finding::error(
                    "yaml-syntax",
                    span,
                    format!(
                        "aliases expand to more than {} MiB of text",
                        MAX_ALIAS_BYTES / (1024 * 1024)
                    ),
                )
                .with_help("anchors repeat a large value far more than a journey needs: write the values out, or link to a document"),
            );
            self.broken = true;
            return None;
        }
        if self.replayed > MAX_ALIAS_EVENTS {
            self.errors.push(
                Finding::error(
                    "yaml-syntax",
                    span,
                    format!("aliases expand to more than {MAX_ALIAS_EVENTS} YAML nodes"),
                )
                .with_help("an alias bomb, or anchors used far more than a journey needs: write the values out"),
            );
            self.broken = true;
            return None;
        }
        let events: Vec<RawEvent<'a>> = anchored
            .events
            .iter()
            .map(|(event, _)| (event.clone(), span))
            .collect();
        self.replay.push(events.into_iter());
        Some(())
    }

    fn start_recording(&mut self, event: &Event<'a>) {
        let anchor = match event {
            Event::Scalar(_, _, anchor, _)
            | Event::MappingStart(anchor, _)
            | Event::SequenceStart(anchor, _) => *anchor,
            _ => 0,
        };
        if anchor != 0 {
            self.recorders.push(Recorder {
                anchor,
                depth: 0,
                events: Vec::new(),
            });
        }
    }

    fn record(&mut self, event: &Event<'a>, span: Span) {
        if self.recorders.is_empty() {
            return;
        }
        let step: isize = match event {
            Event::MappingStart(..) | Event::SequenceStart(..) => 1,
            Event::MappingEnd | Event::SequenceEnd => -1,
            _ => 0,
        };
        for recorder in &mut self.recorders {
            recorder.events.push((event.clone(), span));
            recorder.depth = recorder.depth.saturating_add_signed(step);
        }
        while let Some(recorder) = self.recorders.last() {
            if recorder.depth != 0 {
                break;
            }
            if let Some(done) = self.recorders.pop() {
                let bytes = done
                    .events
                    .iter()
                    .map(|(event, _)| match event {
                        Event::Scalar(text, ..) => text.len(),
                        _ => 0,
                    })
                    .sum();
                self.anchors.insert(
                    done.anchor,
                    Anchored {
                        events: done.events,
                        bytes,
                    },
                );
            }
        }
    }
}

/// The tab a scanner error is about. saphyr places a tab error either just after the tab
/// (a line indented with tabs) or where the token before it ended (often the end of the
/// previous line, with the tab after it): the run of tabs just before the marker, or else
/// the first tab after it.
fn tab_at_or_after(text: &str, offset: usize) -> Option<Span> {
    let bytes = text.as_bytes();
    if offset > 0 && bytes.get(offset - 1) == Some(&b'\t') {
        let mut start = offset - 1;
        while start > 0 && bytes.get(start - 1) == Some(&b'\t') {
            start -= 1;
        }
        return Some(Span::new(start, start + 1));
    }
    let index = offset + memchr::memchr(b'\t', bytes.get(offset..)?)?;
    Some(Span::new(index, index + 1))
}

/// Characters YAML 1.2 does not allow in a stream (outside `c-printable`): C0 controls
/// other than TAB, LF and CR; DEL; C1 controls other than NEL; U+FFFE and U+FFFF. Each is
/// a `yaml-syntax` error at its position (the first few of them); an escape such as
/// `"\u001b"` inside a double-quoted string is how a value may hold one.
pub fn control_characters(text: &str) -> Vec<Finding> {
    let mut errors = Vec::new();
    let bytes = text.as_bytes();
    for (index, &byte) in bytes.iter().enumerate() {
        let next = |n: usize| bytes.get(index + n).copied().unwrap_or(0);
        let width = match byte {
            b'\t' | b'\n' | b'\r' => continue,
            0x00..=0x1f | 0x7f => 1,
            0xc2 if (0x80..=0x9f).contains(&next(1)) && next(1) != 0x85 => 2,
            0xef if next(1) == 0xbf && matches!(next(2), 0xbe | 0xbf) => 3,
            _ => continue,
        };
        let Some(character) = text
            .get(index..index + width)
            .and_then(|c| c.chars().next())
        else {
            continue;
        };
        if errors.len() == MAX_CONTROL_ERRORS {
            break;
        }
        errors.push(
            Finding::error(
                "yaml-syntax",
                Span::new(index, index + width),
                format!(
                    "raw control character U+{:04X} ({}): YAML does not allow it in a file",
                    u32::from(character),
                    control_name(character)
                ),
            )
            .with_help(
                "delete it; to keep it in a value, write it as an escape in a double-quoted \
                 string, e.g. \"\\u001b\"",
            ),
        );
    }
    errors
}

fn control_name(character: char) -> &'static str {
    match character {
        '\0' => "NUL",
        '\u{7}' => "BEL",
        '\u{8}' => "backspace",
        '\u{b}' => "vertical tab",
        '\u{c}' => "form feed",
        '\u{1b}' => "ESC, starts terminal escape sequences",
        '\u{7f}' => "DEL",
        '\u{9b}' => "CSI, starts terminal escape sequences",
        '\u{fffe}' | '\u{ffff}' => "a noncharacter",
        '\u{80}'..='\u{9f}' => "a C1 control",
        _ => "a C0 control",
    }
}

/// saphyr's scanner messages, said the way a user thinks of the problem.
fn describe_scan_error(info: &str) -> (String, String) {
    let help = if info.contains("tab") {
        "YAML indents with spaces only: replace the tab with spaces"
    } else if info.contains("mapping values are not allowed") {
        "a value containing `: ` must be quoted, or the indentation is off"
    } else if info.contains("did not find expected") || info.contains("while parsing") {
        "check the indentation and brackets around this point"
    } else {
        "fix the YAML syntax at this point"
    };
    (format!("invalid YAML: {info}"), help.to_string())
}
