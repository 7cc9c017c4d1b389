//! Reads a journey document into raw, still unresolved structs.

use super::fields::MapInfo;
use super::reader::{Node, Reader, Scalar};
use crate::diagnostic::Finding;
use crate::model::{Duration, LaneKind, MetricKind, Severity, State, Target, Text};
use crate::source::{Span, Spanned};

pub const TOP_FIELDS: &[&str] = &["jmap", "journey", "lanes", "metrics", "stages"];
pub const JOURNEY_FIELDS: &[&str] = &[
    "id",
    "title",
    "state",
    "owner",
    "reviewed",
    "persona",
    "description",
    "allow",
];
pub const LANE_FIELDS: &[&str] = &["id", "name", "kind", "owner", "allow"];
pub const METRIC_FIELDS: &[&str] = &["id", "name", "kind", "unit", "target", "current"];
pub const STAGE_FIELDS: &[&str] = &["id", "name", "goal", "metrics", "touchpoints", "allow"];
pub const TOUCHPOINT_FIELDS: &[&str] = &[
    "id",
    "name",
    "lane",
    "channel",
    "emotion",
    "milestone",
    "metrics",
    "pains",
    "opportunities",
    "handoffs",
    "allow",
];
pub const PAIN_FIELDS: &[&str] = &["text", "severity"];
pub const HANDOFF_FIELDS: &[&str] = &["to", "owner", "artifact", "sla", "rework", "allow"];

/// The format versions this build reads.
pub const SUPPORTED_VERSIONS: &[i64] = &[1];

#[derive(Debug, Default)]
pub struct RawDocument {
    pub root: Span,
    pub version: Option<Spanned<i64>>,
    pub journey: Option<RawJourney>,
    pub lanes: Option<(Span, Vec<RawLane>)>,
    pub metrics: Vec<RawMetric>,
    pub stages: Option<(Span, Vec<RawStage>)>,
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
    pub description: Option<Text>,
    pub allow: Vec<Text>,
}

#[derive(Debug, Default)]
pub struct RawLane {
    pub span: Span,
    pub id: Option<Text>,
    pub name: Option<Text>,
    pub kind: Option<Spanned<LaneKind>>,
    pub owner: Option<Text>,
    pub allow: Vec<Text>,
}

#[derive(Debug, Default)]
pub struct RawMetric {
    pub span: Span,
    pub id: Option<Text>,
    pub name: Option<Text>,
    pub kind: Option<Spanned<MetricKind>>,
    pub unit: Option<Text>,
    pub target: Option<Spanned<Target>>,
    pub current: Option<Spanned<f64>>,
}

#[derive(Debug, Default)]
pub struct RawStage {
    pub span: Span,
    pub id: Option<Text>,
    pub name: Option<Text>,
    pub goal: Option<Text>,
    pub metrics: Vec<Text>,
    pub touchpoints: Vec<RawTouchpoint>,
    pub allow: Vec<Text>,
}

#[derive(Debug, Default)]
pub struct RawTouchpoint {
    pub span: Span,
    pub id: Option<Text>,
    pub name: Option<Text>,
    pub lane: Option<Text>,
    pub channel: Option<Text>,
    pub emotion: Option<Spanned<i8>>,
    pub milestone: Option<Spanned<bool>>,
    pub metrics: Vec<Text>,
    pub pains: Vec<crate::model::Pain>,
    pub opportunities: Vec<Text>,
    pub handoffs: Vec<RawHandoff>,
    pub allow: Vec<Text>,
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
            "journey" => document.journey = read_journey(reader, key),
            "lanes" => {
                let mut lanes = Vec::new();
                reader.list(key, |reader, item| lanes.extend(read_lane(reader, item)));
                document.lanes = Some((key.span, lanes));
            }
            "metrics" => {
                reader.list(key, |reader, item| {
                    document.metrics.extend(read_metric(reader, item))
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
    if let Some(info) = root_info.filter(|_| !reader.is_broken()) {
        require(reader, &document.version, &info, "jmap", "journey file");
        require(reader, &document.journey, &info, "journey", "journey file");
        require(reader, &document.lanes, &info, "lanes", "journey file");
        require(reader, &document.stages, &info, "stages", "journey file");
    }
    reader.finish();
    document
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
            suggestion = crate::text::did_you_mean(&scalar.text, names);
        }
        parsed
    });
    if value.is_none()
        && let Some(suggestion) = suggestion
        && let Some(last) = reader.errors.last_mut()
    {
        last.help = Some(format!("did you mean `{suggestion}`?"));
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
                journey.reviewed = reader.parsed(
                    key,
                    "an ISO date (YYYY-MM-DD)",
                    "write the date of the last review, e.g. `2026-09-30`",
                    |scalar| {
                        let text = scalar.text.trim();
                        (text.len() == 10)
                            .then(|| text.parse::<jiff::civil::Date>().ok())
                            .flatten()
                    },
                )
            }
            "persona" => journey.persona = reader.text(key),
            "description" => journey.description = reader.text(key),
            "allow" => journey.allow = reader.text_list(key),
            _ => {}
        }
    })?;
    require(reader, &journey.id, &info, "id", "journey");
    require(reader, &journey.title, &info, "title", "journey");
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

pub fn is_valid_id(id: &str) -> bool {
    let mut bytes = id.bytes();
    matches!(bytes.next(), Some(b'a'..=b'z' | b'0'..=b'9'))
        && bytes.all(|b| matches!(b, b'a'..=b'z' | b'0'..=b'9' | b'_' | b'-'))
}

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
            _ => {}
        }
    })?;
    metric.span = info.span;
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
            "metrics" => stage.metrics = reader.text_list(key),
            "touchpoints" => reader.list(key, |reader, item| {
                stage.touchpoints.extend(read_touchpoint(reader, item))
            }),
            "allow" => stage.allow = reader.text_list(key),
            _ => {}
        }
    })?;
    stage.span = info.span;
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
        });
    }
    let mut text = None;
    let mut severity = None;
    let info = reader.mapping(node, "pain", PAIN_FIELDS, |reader, key| match &*key.text {
        "text" => text = reader.text(key),
        "severity" => severity = read_enum(reader, key, Severity::NAMES, Severity::parse),
        _ => {}
    })?;
    require(reader, &text, &info, "text", "pain");
    Some(crate::model::Pain {
        text: text?,
        severity: severity.map_or(Severity::Medium, |severity| severity.value),
        span: info.span,
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
    require(reader, &handoff.to, &info, "to", "handoff");
    Some(handoff)
}
