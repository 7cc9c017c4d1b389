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

pub struct Reader<'a> {
    parser: Parser<'a, StrInput<'a>>,
    source: &'a SourceFile,
    peeked: Option<RawEvent<'a>>,
    replay: Vec<std::vec::IntoIter<RawEvent<'a>>>,
    anchors: HashMap<usize, Vec<RawEvent<'a>>>,
    recorders: Vec<Recorder<'a>>,
    replayed: usize,
    depth: usize,
    broken: bool,
    last_span: Span,
    pub errors: Vec<Finding>,
}

impl<'a> Reader<'a> {
    pub fn new(source: &'a SourceFile, text: &'a str) -> Self {
        Reader {
            parser: Parser::new_from_str(text),
            source,
            peeked: None,
            replay: Vec::new(),
            anchors: HashMap::new(),
            recorders: Vec::new(),
            replayed: 0,
            depth: 0,
            broken: false,
            last_span: Span::default(),
            errors: Vec::new(),
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
                let offset = self.source.byte_offset(marker.line(), marker.col());
                let (message, help) = describe_scan_error(error.info());
                self.errors.push(
                    Finding::error("yaml-syntax", Span::new(offset, offset), message)
                        .with_help(help),
                );
                self.broken = true;
                None
            }
        }
    }

    fn expand_alias(&mut self, anchor: usize, span: Span) -> Option<()> {
        let Some(events) = self.anchors.get(&anchor) else {
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
        self.replayed += events.len();
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
        self.replay.push(events.clone().into_iter());
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
                self.anchors.insert(done.anchor, done.events);
            }
        }
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
