//! Reads a journey document into raw, still unresolved structs.

use super::fields::MapInfo;
use super::reader::{Node, Reader, Scalar};
use crate::diagnostic::Finding;
use crate::model::{
    Duration, Evidence, EvidenceSource, Extension, LaneKind, MetricKind, Origin, PersonaProfile,
    Severity, State, Target, Text,
};
use crate::source::{Span, Spanned};

pub const TOP_FIELDS: &[&str] = &["jmap", "uses", "journey", "lanes", "metrics", "stages"];
pub const LIBRARY_TOP_FIELDS: &[&str] = &["jmap", "library"];
pub const LIBRARY_FIELDS: &[&str] = &["lanes", "metrics"];
pub const JOURNEY_FIELDS: &[&str] = &[
    "id",
    "title",
    "state",
    "owner",
    "reviewed",
    "persona",
    "description",
    "evidence",
    "allow",
];
pub const PERSONA_FIELDS: &[&str] = &["name", "role", "goals", "needs", "quote"];
pub const EVIDENCE_FIELDS: &[&str] = &["source", "ref", "date", "quote"];
pub const LANE_FIELDS: &[&str] = &["id", "name", "kind", "owner", "allow"];
pub const METRIC_FIELDS: &[&str] = &[
    "id", "name", "kind", "unit", "target", "current", "measured", "sample",
];
pub const STAGE_FIELDS: &[&str] = &[
    "id",
    "name",
    "goal",
    "description",
    "metrics",
    "touchpoints",
    "allow",
];
pub const TOUCHPOINT_FIELDS: &[&str] = &[
    "id",
    "name",
    "lane",
    "owner",
    "description",
    "channel",
    "emotion",
    "milestone",
    "metrics",
    "pains",
    "opportunities",
    "handoffs",
    "evidence",
    "allow",
];
pub const PAIN_FIELDS: &[&str] = &["text", "severity", "evidence"];
pub const HANDOFF_FIELDS: &[&str] = &["to", "owner", "artifact", "sla", "rework", "allow"];

/// The format versions this build reads.
pub const SUPPORTED_VERSIONS: &[i64] = &[1];

/// An entry of `lanes:` or `metrics:`: a definition, or (revision 2) the id of one in a
/// used library.
#[derive(Debug, Clone)]
pub enum Entry<T> {
    Local(T),
    Used(Text),
}

#[derive(Debug, Default)]
pub struct RawDocument {
    pub root: Span,
    pub version: Option<Spanned<i64>>,
    /// `uses:` entries, as written.
    pub uses: Vec<Text>,
    pub journey: Option<RawJourney>,
    pub lanes: Option<(Span, Vec<Entry<RawLane>>)>,
    pub metrics: Vec<Entry<RawMetric>>,
    pub stages: Option<(Span, Vec<RawStage>)>,
    pub extensions: Vec<Extension>,
}

/// A `*.jmap-lib.yaml` file as read: full definitions only.
#[derive(Debug, Default)]
pub struct RawLibrary {
    pub version: Option<Spanned<i64>>,
    pub lanes: Vec<RawLane>,
    pub metrics: Vec<RawMetric>,
}

#[derive(Debug, Default)]
pub struct RawJourney {
    pub span: Span,
    pub id: Option<Text>,
    pub title: Option<Text>,
    pub state: Option<Spanned<State>>,
    pub owner: Option<Text>,
    pub reviewed: Option<Spanned<jiff::civil::Date>>,
    pub persona: Option<Text>,
    pub persona_profile: Option<PersonaProfile>,
    pub description: Option<Text>,
    pub evidence: Vec<Evidence>,
    pub allow: Vec<Text>,
    pub extensions: Vec<Extension>,
}

#[derive(Debug, Default, Clone)]
pub struct RawLane {
    pub span: Span,
    pub id: Option<Text>,
    pub name: Option<Text>,
    pub kind: Option<Spanned<LaneKind>>,
    pub owner: Option<Text>,
    pub allow: Vec<Text>,
    pub extensions: Vec<Extension>,
    pub origin: Option<Origin>,
}

#[derive(Debug, Default, Clone)]
pub struct RawMetric {
    pub span: Span,
    pub id: Option<Text>,
    pub name: Option<Text>,
    pub kind: Option<Spanned<MetricKind>>,
    pub unit: Option<Text>,
    pub target: Option<Spanned<Target>>,
    pub current: Option<Spanned<f64>>,
    pub measured: Option<Spanned<jiff::civil::Date>>,
    pub sample: Option<Spanned<u64>>,
    pub extensions: Vec<Extension>,
    pub origin: Option<Origin>,
}

#[derive(Debug, Default)]
pub struct RawStage {
    pub span: Span,
    pub id: Option<Text>,
    pub name: Option<Text>,
    pub goal: Option<Text>,
    pub description: Option<Text>,
    pub metrics: Vec<Text>,
    pub touchpoints: Vec<RawTouchpoint>,
    pub allow: Vec<Text>,
    pub extensions: Vec<Extension>,
}

#[derive(Debug, Default)]
pub struct RawTouchpoint {
    pub span: Span,
    pub id: Option<Text>,
    pub name: Option<Text>,
    pub lane: Option<Text>,
    pub owner: Option<Text>,
    pub description: Option<Text>,
    pub channel: Option<Text>,
    pub emotion: Option<Spanned<i8>>,
    pub milestone: Option<Spanned<bool>>,
    pub metrics: Vec<Text>,
    pub pains: Vec<crate::model::Pain>,
    pub opportunities: Vec<Text>,
    pub handoffs: Vec<RawHandoff>,
    pub evidence: Vec<Evidence>,
    pub allow: Vec<Text>,
    pub extensions: Vec<Extension>,
}

#[derive(Debug, Default)]
pub struct RawHandoff {
    pub span: Span,
    pub to: Option<Text>,
    pub owner: Option<Text>,
    pub artifact: Option<Text>,
    pub sla: Option<Spanned<Duration>>,
    pub rework: Option<Spanned<bool>>,
    pub allow: Vec<Text>,
    pub extensions: Vec<Extension>,
}

/// Reads the whole document. Errors accumulate in the reader.
pub fn read_document<'a>(reader: &mut Reader<'a>) -> RawDocument {
    let mut document = RawDocument::default();
    let Some(root) = reader.document() else {
        if reader.is_broken() {
            return document;
        }
        reader.push(
            Finding::error("schema", Span::new(0, 0), "the file is empty").with_help(
                "start with `jmap: 1` and a `journey:` mapping; `jmap init` writes a starter file",
            ),
        );
        return document;
    };
    document.root = root.span();
    let root_info = reader.mapping(
        root,
        "a journey file",
        TOP_FIELDS,
        |reader, key| match &*key.text {
            "jmap" => document.version = read_version(reader, key),
            "uses" => document.uses = read_uses(reader, key),
            "journey" => document.journey = read_journey(reader, key),
            "lanes" => {
                let mut lanes = Vec::new();
                reader.list(key, |reader, item| {
                    lanes.extend(read_entry(reader, item, read_lane))
                });
                document.lanes = Some((key.span, lanes));
            }
            "metrics" => {
                reader.list(key, |reader, item| {
                    document
                        .metrics
                        .extend(read_entry(reader, item, read_metric))
                });
            }
            "stages" => {
                let mut stages = Vec::new();
                reader.list(key, |reader, item| stages.extend(read_stage(reader, item)));
                document.stages = Some((key.span, stages));
            }
            _ => {}
        },
    );
    if let Some(info) = &root_info {
        document.extensions = info.extensions.clone();
    }
    if let Some(info) = root_info.filter(|_| !reader.is_broken()) {
        require(reader, &document.version, &info, "jmap", "journey file");
        require(reader, &document.journey, &info, "journey", "journey file");
        require(reader, &document.lanes, &info, "lanes", "journey file");
        require(reader, &document.stages, &info, "stages", "journey file");
    }
    reader.finish();
    document
}

/// Reads a `*.jmap-lib.yaml` document. Errors accumulate in the reader.
pub fn read_library_document<'a>(reader: &mut Reader<'a>) -> RawLibrary {
    let mut library = RawLibrary::default();
    let Some(root) = reader.document() else {
        if !reader.is_broken() {
            reader.push(
                Finding::error("schema", Span::new(0, 0), "the library file is empty").with_help(
                    "start with `jmap: 1` and a `library:` mapping holding `lanes:` and/or `metrics:`",
                ),
            );
        }
        return library;
    };
    let mut seen_library = false;
    let root_info =
        reader.mapping(
            root,
            "a library file",
            LIBRARY_TOP_FIELDS,
            |reader, key| match &*key.text {
                "jmap" => library.version = read_version(reader, key),
                "library" => {
                    seen_library = true;
                    let node = reader.node();
                    reader.mapping(node, "library", LIBRARY_FIELDS, |reader, key| {
                        match &*key.text {
                            "lanes" => reader.list(key, |reader, item| {
                                library
                                    .lanes
                                    .extend(read_definition(reader, item, "lane", read_lane))
                            }),
                            "metrics" => reader.list(key, |reader, item| {
                                library.metrics.extend(read_definition(
                                    reader,
                                    item,
                                    "metric",
                                    read_metric,
                                ))
                            }),
                            _ => {}
                        }
                    });
                }
                _ => {}
            },
        );
    if let Some(info) = root_info.filter(|_| !reader.is_broken()) {
        require(reader, &library.version, &info, "jmap", "library file");
        let library_written = seen_library.then_some(());
        require(reader, &library_written, &info, "library", "library file");
    }
    reader.finish();
    library
}

/// A library's entry: a full definition; a string entry is an error here.
fn read_definition<'a, T>(
    reader: &mut Reader<'a>,
    node: Node<'a>,
    what: &str,
    read: fn(&mut Reader<'a>, Node<'a>) -> Option<T>,
) -> Option<T> {
    if let Node::Scalar(scalar) = &node
        && !scalar.is_null()
    {
        reader.schema_error(
            scalar.span,
            format!("a library defines each {what} in full, found the id `{}`", scalar.text),
            format!("write the {what} as a mapping with `id`, `name`, ...; string entries belong in journeys"),
        );
        return None;
    }
    read(reader, node)
}

/// A journey's `lanes:`/`metrics:` entry: an id of a library definition, or a definition.
fn read_entry<'a, T>(
    reader: &mut Reader<'a>,
    node: Node<'a>,
    read: fn(&mut Reader<'a>, Node<'a>) -> Option<T>,
) -> Option<Entry<T>> {
    if let Node::Scalar(scalar) = &node
        && !scalar.is_null()
    {
        return Some(Entry::Used(Spanned::new(
            scalar.text.to_string(),
            scalar.span,
        )));
    }
    read(reader, node).map(Entry::Local)
}

/// `uses:`: a list of library paths, each a `*.jmap-lib.yaml` file.
fn read_uses<'a>(reader: &mut Reader<'a>, key: &Scalar<'a>) -> Vec<Text> {
    let uses = reader.text_list(key);
    for entry in &uses {
        if !entry.value.ends_with(".jmap-lib.yaml") {
            reader.schema_error(
                entry.span,
                format!("`{}` is not a library file", entry.value),
                "libraries are named `*.jmap-lib.yaml`",
            );
        }
    }
    uses
}

/// An ISO date `YYYY-MM-DD`.
fn read_date<'a>(
    reader: &mut Reader<'a>,
    key: &Scalar<'a>,
    help: &str,
) -> Option<Spanned<jiff::civil::Date>> {
    reader.parsed(key, "an ISO date (YYYY-MM-DD)", help, |scalar| {
        let text = scalar.text.trim();
        (text.len() == 10)
            .then(|| text.parse::<jiff::civil::Date>().ok())
            .flatten()
    })
}

/// `evidence:`: a list of text or `{source, ref, date, quote}` items.
fn read_evidence<'a>(reader: &mut Reader<'a>, key: &Scalar<'a>) -> Vec<Evidence> {
    let mut items = Vec::new();
    reader.list(key, |reader, node| {
        if let Node::Scalar(scalar) = &node
            && !scalar.is_null()
        {
            items.push(Evidence {
                source: None,
                reference: Some(Spanned::new(scalar.text.to_string(), scalar.span)),
                date: None,
                quote: None,
                extensions: Vec::new(),
                span: scalar.span,
            });
            return;
        }
        let mut item = Evidence {
            source: None,
            reference: None,
            date: None,
            quote: None,
            extensions: Vec::new(),
            span: node.span(),
        };
        let info = reader.mapping(
            node,
            "evidence",
            EVIDENCE_FIELDS,
            |reader, key| match &*key.text {
                "source" => {
                    item.source =
                        read_enum(reader, key, EvidenceSource::NAMES, EvidenceSource::parse)
                }
                "ref" => item.reference = reader.text(key),
                "date" => {
                    item.date = read_date(
                        reader,
                        key,
                        "write the date of the evidence, e.g. `2026-09-12`",
                    )
                }
                "quote" => item.quote = reader.text(key),
                _ => {}
            },
        );
        if let Some(info) = info {
            require(reader, &item.source, &info, "source", "evidence item");
            item.extensions = info.extensions;
            item.span = info.span;
            items.push(item);
        }
    });
    items
}

/// `persona:` as a mapping.
fn read_persona_profile<'a>(reader: &mut Reader<'a>, node: Node<'a>) -> Option<PersonaProfile> {
    let mut profile = PersonaProfile::default();
    let info = reader.mapping(node, "persona", PERSONA_FIELDS, |reader, key| {
        match &*key.text {
            "name" => profile.name = reader.text(key),
            "role" => profile.role = reader.text(key),
            "goals" => profile.goals = reader.text_list(key),
            "needs" => profile.needs = reader.text_list(key),
            "quote" => profile.quote = reader.text(key),
            _ => {}
        }
    })?;
    require(reader, &profile.name, &info, "name", "persona");
    profile.span = info.span;
    profile.extensions = info.extensions;
    Some(profile)
}

fn read_version<'a>(reader: &mut Reader<'a>, key: &Scalar<'a>) -> Option<Spanned<i64>> {
    let version = reader.integer(key)?;
    if !SUPPORTED_VERSIONS.contains(&version.value) {
        reader.push(
            Finding::error(
                "unsupported-version",
                version.span,
                format!("format version {} is not supported", version.value),
            )
            .with_help("this jmap reads `jmap: 1`; upgrade jmap or change the version"),
        );
    }
    Some(version)
}

/// Reports a required field that is missing, or written with no value.
fn require<'a, T>(
    reader: &mut Reader<'a>,
    value: &Option<T>,
    info: &MapInfo,
    field: &str,
    what: &str,
) {
    // After a syntax error the element was cut short: a missing field says nothing.
    if value.is_some() || reader.is_broken() {
        return;
    }
    match info.key(field) {
        Some((_, true)) => {} // its value was already reported
        Some((span, false)) => reader.schema_error(
            span,
            format!("`{field}` of a {what} must have a value"),
            format!("write the {what}'s {field} after `{field}:`"),
        ),
        None => reader.schema_error(
            Span::new(info.span.start, info.span.start),
            format!("{what} is missing required field `{field}`"),
            format!("add `{field}:` to this {what}"),
        ),
    }
}

fn read_enum<'a, T>(
    reader: &mut Reader<'a>,
    key: &Scalar<'a>,
    names: &[&str],
    parse: impl Fn(&str) -> Option<T>,
) -> Option<Spanned<T>> {
    let expected = format!("one of {}", names.join(", "));
    let help = format!("write one of: {}", names.join(", "));
    let mut suggestion = None;
    let value = reader.parsed(key, &expected, &help, |scalar| {
        let parsed = parse(&scalar.text);
        if parsed.is_none() {
            suggestion = crate::text::did_you_mean(&scalar.text, names)
                .map(|name| (name, scalar.span, scalar.text.to_string()));
        }
        parsed
    });
    let text = &reader.source().text;
    if value.is_none()
        && let Some((suggestion, span, written)) = suggestion
    {
        let fix = crate::fix::did_you_mean(text, span, &written, suggestion);
        if let Some(last) = reader.errors.last_mut() {
            last.help = Some(format!("did you mean `{suggestion}`?"));
            last.fix = Some(fix);
        }
    }
    value
}

fn read_journey<'a>(reader: &mut Reader<'a>, key: &Scalar<'a>) -> Option<RawJourney> {
    let mut journey = RawJourney {
        span: key.span,
        ..RawJourney::default()
    };
    let node = reader.node();
    let info = reader.mapping(node, "journey", JOURNEY_FIELDS, |reader, key| {
        match &*key.text {
            "id" => journey.id = read_id(reader, key),
            "title" => journey.title = reader.text(key),
            "state" => journey.state = read_enum(reader, key, State::NAMES, State::parse),
            "owner" => journey.owner = reader.text(key),
            "reviewed" => {
                journey.reviewed = read_date(
                    reader,
                    key,
                    "write the date of the last review, e.g. `2026-09-30`",
                )
            }
            "persona" => match reader.node() {
                Node::Mapping(span) => {
                    let profile = read_persona_profile(reader, Node::Mapping(span));
                    journey.persona = profile.as_ref().and_then(|profile| profile.name.clone());
                    journey.persona_profile = profile;
                }
                Node::Scalar(scalar) if scalar.is_null() => {}
                Node::Scalar(scalar) => {
                    journey.persona = Some(Spanned::new(scalar.text.into_owned(), scalar.span))
                }
                other => {
                    reader.wrong_type(&other, "`persona` must be text or a profile mapping", "");
                    reader.skip(other);
                }
            },
            "description" => journey.description = reader.text(key),
            "evidence" => journey.evidence = read_evidence(reader, key),
            "allow" => journey.allow = reader.text_list(key),
            _ => {}
        }
    })?;
    require(reader, &journey.id, &info, "id", "journey");
    require(reader, &journey.title, &info, "title", "journey");
    journey.extensions = info.extensions;
    Some(journey)
}

/// An id: text matching `^[a-z0-9][a-z0-9_-]*$`.
fn read_id<'a>(reader: &mut Reader<'a>, key: &Scalar<'a>) -> Option<Text> {
    let id = reader.text(key)?;
    if !is_valid_id(&id.value) {
        let suggestion = suggest_id(&id.value);
        let help = if suggestion.is_empty() {
            "ids use lowercase letters, digits, `-` and `_`, starting with a letter or digit"
                .to_string()
        } else {
            format!("ids use lowercase letters, digits, `-` and `_`: try `{suggestion}`")
        };
        reader.schema_error(id.span, format!("invalid id `{}`", id.value), help);
    }
    Some(id)
}

pub use crate::model::is_valid_id;

fn suggest_id(id: &str) -> String {
    let mut out = String::new();
    for ch in id.trim().chars() {
        let ch = ch.to_ascii_lowercase();
        if ch.is_ascii_alphanumeric() || ch == '_' || ch == '-' {
            out.push(ch);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_matches(|c| c == '-' || c == '_').to_string()
}

fn read_lane<'a>(reader: &mut Reader<'a>, node: Node<'a>) -> Option<RawLane> {
    let mut lane = RawLane::default();
    let info = reader.mapping(node, "lane", LANE_FIELDS, |reader, key| match &*key.text {
        "id" => lane.id = read_id(reader, key),
        "name" => lane.name = reader.text(key),
        "kind" => lane.kind = read_enum(reader, key, LaneKind::NAMES, LaneKind::parse),
        "owner" => lane.owner = reader.text(key),
        "allow" => lane.allow = reader.text_list(key),
        _ => {}
    })?;
    lane.span = info.span;
    lane.extensions = info.extensions.clone();
    require(reader, &lane.id, &info, "id", "lane");
    require(reader, &lane.name, &info, "name", "lane");
    require(reader, &lane.kind, &info, "kind", "lane");
    Some(lane)
}

fn read_metric<'a>(reader: &mut Reader<'a>, node: Node<'a>) -> Option<RawMetric> {
    let mut metric = RawMetric::default();
    let info = reader.mapping(node, "metric", METRIC_FIELDS, |reader, key| {
        match &*key.text {
            "id" => metric.id = read_id(reader, key),
            "name" => metric.name = reader.text(key),
            "kind" => metric.kind = read_enum(reader, key, MetricKind::NAMES, MetricKind::parse),
            "unit" => metric.unit = reader.text(key),
            "target" => {
                metric.target = reader.parsed(
                    key,
                    "a comparison and a number",
                    "write an operator (>=, >, <=, <, =) then a number, e.g. `\">= 85\"`",
                    |scalar| Target::parse(&scalar.text),
                )
            }
            "current" => metric.current = reader.number(key),
            "measured" => {
                metric.measured = read_date(
                    reader,
                    key,
                    "write the date `current` was measured, e.g. `2026-11-20`",
                )
            }
            "sample" => {
                metric.sample =
                    reader
                        .integer(key)
                        .and_then(|sample| match u64::try_from(sample.value) {
                            Ok(value) => Some(Spanned::new(value, sample.span)),
                            Err(_) => {
                                reader.schema_error(
                                    sample.span,
                                    "`sample` must not be negative",
                                    "write how many responses are behind `current`, e.g. `41`",
                                );
                                None
                            }
                        })
            }
            _ => {}
        }
    })?;
    metric.span = info.span;
    metric.extensions = info.extensions.clone();
    require(reader, &metric.id, &info, "id", "metric");
    require(reader, &metric.name, &info, "name", "metric");
    Some(metric)
}

fn read_stage<'a>(reader: &mut Reader<'a>, node: Node<'a>) -> Option<RawStage> {
    let mut stage = RawStage::default();
    let info = reader.mapping(node, "stage", STAGE_FIELDS, |reader, key| {
        match &*key.text {
            "id" => stage.id = read_id(reader, key),
            "name" => stage.name = reader.text(key),
            "goal" => stage.goal = reader.text(key),
            "description" => stage.description = reader.text(key),
            "metrics" => stage.metrics = reader.text_list(key),
            "touchpoints" => reader.list(key, |reader, item| {
                stage.touchpoints.extend(read_touchpoint(reader, item))
            }),
            "allow" => stage.allow = reader.text_list(key),
            _ => {}
        }
    })?;
    stage.span = info.span;
    stage.extensions = info.extensions.clone();
    require(reader, &stage.id, &info, "id", "stage");
    require(reader, &stage.name, &info, "name", "stage");
    Some(stage)
}

fn read_touchpoint<'a>(reader: &mut Reader<'a>, node: Node<'a>) -> Option<RawTouchpoint> {
    let mut touchpoint = RawTouchpoint::default();
    let info = reader.mapping(
        node,
        "touchpoint",
        TOUCHPOINT_FIELDS,
        |reader, key| match &*key.text {
            "id" => touchpoint.id = read_id(reader, key),
            "name" => touchpoint.name = reader.text(key),
            "lane" => touchpoint.lane = reader.text(key),
            "owner" => touchpoint.owner = reader.text(key),
            "description" => touchpoint.description = reader.text(key),
            "evidence" => touchpoint.evidence = read_evidence(reader, key),
            "channel" => touchpoint.channel = reader.text(key),
            "emotion" => {
                touchpoint.emotion = reader.parsed(
                    key,
                    "a whole number from -2 to 2",
                    "emotion runs from -2 (very unhappy) through 0 (neutral) to 2 (delighted)",
                    |scalar| {
                        let text = scalar.text.strip_prefix('+').unwrap_or(&scalar.text);
                        if !scalar.is_plain() {
                            return None;
                        }
                        text.parse::<i8>()
                            .ok()
                            .filter(|value| (-2..=2).contains(value))
                    },
                )
            }
            "milestone" => touchpoint.milestone = reader.boolean(key),
            "metrics" => touchpoint.metrics = reader.text_list(key),
            "pains" => reader.list(key, |reader, item| {
                touchpoint.pains.extend(read_pain(reader, item))
            }),
            "opportunities" => touchpoint.opportunities = reader.text_list(key),
            "handoffs" => reader.list(key, |reader, item| {
                touchpoint.handoffs.extend(read_handoff(reader, item))
            }),
            "allow" => touchpoint.allow = reader.text_list(key),
            _ => {}
        },
    )?;
    touchpoint.span = info.span;
    touchpoint.extensions = info.extensions.clone();
    require(reader, &touchpoint.id, &info, "id", "touchpoint");
    require(reader, &touchpoint.name, &info, "name", "touchpoint");
    require(reader, &touchpoint.lane, &info, "lane", "touchpoint");
    Some(touchpoint)
}

fn read_pain<'a>(reader: &mut Reader<'a>, node: Node<'a>) -> Option<crate::model::Pain> {
    if let Node::Scalar(scalar) = &node
        && !scalar.is_null()
    {
        return Some(crate::model::Pain {
            text: Spanned::new(scalar.text.to_string(), scalar.span),
            severity: Severity::Medium,
            span: scalar.span,
            evidence: Vec::new(),
            extensions: Vec::new(),
        });
    }
    let mut text = None;
    let mut severity = None;
    let mut evidence = Vec::new();
    let info = reader.mapping(node, "pain", PAIN_FIELDS, |reader, key| match &*key.text {
        "text" => text = reader.text(key),
        "severity" => severity = read_enum(reader, key, Severity::NAMES, Severity::parse),
        "evidence" => evidence = read_evidence(reader, key),
        _ => {}
    })?;
    require(reader, &text, &info, "text", "pain");
    Some(crate::model::Pain {
        text: text?,
        severity: severity.map_or(Severity::Medium, |severity| severity.value),
        span: info.span,
        evidence,
        extensions: info.extensions,
    })
}

fn read_handoff<'a>(reader: &mut Reader<'a>, node: Node<'a>) -> Option<RawHandoff> {
    let mut handoff = RawHandoff::default();
    let info = reader.mapping(node, "handoff", HANDOFF_FIELDS, |reader, key| {
        match &*key.text {
            "to" => handoff.to = reader.text(key),
            "owner" => handoff.owner = reader.text(key),
            "artifact" => handoff.artifact = reader.text(key),
            "sla" => {
                handoff.sla = reader.parsed(
                    key,
                    "a duration",
                    "write a number then m, h, d or w: `30m`, `4h`, `2d`, `1w`",
                    |scalar| Duration::parse(&scalar.text),
                )
            }
            "rework" => handoff.rework = reader.boolean(key),
            "allow" => handoff.allow = reader.text_list(key),
            _ => {}
        }
    })?;
    handoff.span = info.span;
    handoff.extensions = info.extensions.clone();
    require(reader, &handoff.to, &info, "to", "handoff");
    Some(handoff)
}
