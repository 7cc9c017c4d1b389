//! The JSON Schema of journey files, generated from these types (schemars) so that there is
//! one description to keep right. A test checks that `schemas/journey.schema.json` is this
//! output and that each object's properties are the fields the loader reads.
//! These types describe the file; the loader does not deserialize into them.

#![allow(dead_code)]

pub mod config;

use schemars::JsonSchema;

/// A customer journey map, format version 1.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields, title = "jmap journey")]
#[schemars(extend("patternProperties" = {"^x-": {"description": "Any key starting with `x-` is kept (JSON export `extensions`) and never linted."}}))]
struct JourneyFile {
    /// Format version; only 1 is supported.
    #[schemars(range(min = 1, max = 1))]
    jmap: u8,
    /// Libraries of shared lanes and metrics (`*.jmap-lib.yaml`), relative to this file.
    uses: Option<Vec<LibraryPath>>,
    journey: Journey,
    /// Swimlanes, top to bottom: a lane defined here, or the id of a lane of a used library.
    lanes: Vec<LaneEntry>,
    /// A metric defined here, or the id of a metric of a used library.
    #[serde(default)]
    metrics: Vec<MetricEntry>,
    /// Columns, left to right.
    stages: Vec<Stage>,
}

/// A library file, relative to the journey's folder.
#[derive(JsonSchema)]
struct LibraryPath(#[schemars(pattern(r"\.jmap-lib\.yaml$"))] String);

#[derive(JsonSchema)]
#[serde(untagged)]
enum LaneEntry {
    /// The id of a lane defined in a used library.
    Used(Id),
    Local(Lane),
}

#[derive(JsonSchema)]
#[serde(untagged)]
enum MetricEntry {
    /// The id of a metric defined in a used library.
    Used(Id),
    Local(Metric),
}

/// A library of shared lanes and metrics, format version 1.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields, title = "jmap library")]
#[schemars(extend("patternProperties" = {"^x-": {"description": "Any key starting with `x-` is kept (JSON export `extensions`) and never linted."}}))]
struct LibraryFile {
    /// Format version; only 1 is supported.
    #[schemars(range(min = 1, max = 1))]
    jmap: u8,
    library: Library,
}

#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
#[schemars(extend("patternProperties" = {"^x-": {"description": "Any key starting with `x-` is kept (JSON export `extensions`) and never linted."}}))]
struct Library {
    /// Full lane definitions (a library lane cannot carry `allow`).
    lanes: Option<Vec<LibraryLane>>,
    /// Full metric definitions.
    metrics: Option<Vec<Metric>>,
}

#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
#[schemars(extend("patternProperties" = {"^x-": {"description": "Any key starting with `x-` is kept (JSON export `extensions`) and never linted."}}))]
struct LibraryLane {
    id: Id,
    name: String,
    kind: LaneKind,
    owner: Option<String>,
}

/// Where knowledge comes from: text, or `{source, ref, date, quote}`.
#[derive(JsonSchema)]
#[serde(untagged)]
enum Evidence {
    Short(String),
    Long(LongEvidence),
}

#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
#[schemars(extend("patternProperties" = {"^x-": {"description": "Any key starting with `x-` is kept (JSON export `extensions`) and never linted."}}))]
struct LongEvidence {
    source: EvidenceSource,
    /// What the evidence is: "6 client interviews", a ticket query, a survey name.
    #[serde(rename = "ref")]
    reference: Option<String>,
    date: Option<Date>,
    quote: Option<String>,
}

#[derive(JsonSchema)]
#[serde(rename_all = "kebab-case")]
enum EvidenceSource {
    Interview,
    Survey,
    Analytics,
    SupportTickets,
    Workshop,
    Observation,
    Other,
}

/// The persona: one line, or a profile.
#[derive(JsonSchema)]
#[serde(untagged)]
enum Persona {
    Line(String),
    Profile(PersonaProfile),
}

#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
#[schemars(extend("patternProperties" = {"^x-": {"description": "Any key starting with `x-` is kept (JSON export `extensions`) and never linted."}}))]
struct PersonaProfile {
    name: String,
    role: Option<String>,
    goals: Option<Vec<String>>,
    needs: Option<Vec<String>>,
    quote: Option<String>,
}

/// An id: lowercase letters, digits, `-` and `_`, unique within its kind.
#[derive(JsonSchema)]
struct Id(#[schemars(pattern(r"^[a-z0-9][a-z0-9_-]*$"))] String);

/// Rule names silenced for this element and what it contains.
#[derive(JsonSchema)]
struct Allow(Vec<String>);

#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
#[schemars(extend("patternProperties" = {"^x-": {"description": "Any key starting with `x-` is kept (JSON export `extensions`) and never linted."}}))]
struct Journey {
    id: Id,
    title: String,
    #[serde(default)]
    state: Option<State>,
    /// Who is accountable for this map.
    owner: Option<String>,
    /// ISO date of the last review.
    reviewed: Option<Date>,
    persona: Option<Persona>,
    /// Free text, markdown allowed.
    description: Option<String>,
    /// Where this map's knowledge comes from.
    evidence: Option<Vec<Evidence>>,
    allow: Option<Allow>,
}

/// An ISO date, `YYYY-MM-DD`.
#[derive(JsonSchema)]
struct Date(#[schemars(pattern(r"^\d{4}-\d{2}-\d{2}$"))] String);

#[derive(JsonSchema)]
#[serde(rename_all = "kebab-case")]
enum State {
    AsIs,
    ToBe,
}

#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
#[schemars(extend("patternProperties" = {"^x-": {"description": "Any key starting with `x-` is kept (JSON export `extensions`) and never linted."}}))]
struct Lane {
    id: Id,
    name: String,
    kind: LaneKind,
    owner: Option<String>,
    allow: Option<Allow>,
}

#[derive(JsonSchema)]
#[serde(rename_all = "lowercase")]
enum LaneKind {
    Customer,
    Frontstage,
    Backstage,
    Support,
}

#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
#[schemars(extend("patternProperties" = {"^x-": {"description": "Any key starting with `x-` is kept (JSON export `extensions`) and never linted."}}))]
struct Metric {
    id: Id,
    name: String,
    kind: Option<MetricKind>,
    unit: Option<String>,
    target: Option<TargetText>,
    /// Today's measured value.
    current: Option<f64>,
    /// The date `current` was measured.
    measured: Option<Date>,
    /// Responses behind `current`.
    #[schemars(range(min = 0))]
    sample: Option<u64>,
}

/// An operator (>=, >, <=, <, =) then a number, e.g. `>= 85`.
#[derive(JsonSchema)]
struct TargetText(
    #[schemars(pattern(r"^\s*(>=|<=|>|<|=)\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$"))] String,
);

#[derive(JsonSchema)]
#[serde(rename_all = "lowercase")]
enum MetricKind {
    Nps,
    Csat,
    Ces,
    Churn,
    Retention,
    Duration,
    Rate,
    Count,
    Custom,
}

#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
#[schemars(extend("patternProperties" = {"^x-": {"description": "Any key starting with `x-` is kept (JSON export `extensions`) and never linted."}}))]
struct Stage {
    id: Id,
    name: String,
    goal: Option<String>,
    /// Markdown text about the stage.
    description: Option<String>,
    /// Metric ids measured at this stage.
    metrics: Option<Vec<String>>,
    /// Touchpoints in journey order.
    touchpoints: Option<Vec<Touchpoint>>,
    allow: Option<Allow>,
}

#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
#[schemars(extend("patternProperties" = {"^x-": {"description": "Any key starting with `x-` is kept (JSON export `extensions`) and never linted."}}))]
struct Touchpoint {
    id: Id,
    name: String,
    /// A lane id.
    lane: String,
    /// Who is accountable for this touchpoint.
    owner: Option<String>,
    /// Markdown text.
    description: Option<String>,
    channel: Option<String>,
    /// The client's feeling here, -2 to 2.
    #[schemars(range(min = -2, max = 2))]
    emotion: Option<i8>,
    milestone: Option<bool>,
    metrics: Option<Vec<String>>,
    pains: Option<Vec<Pain>>,
    opportunities: Option<Vec<String>>,
    handoffs: Option<Vec<Handoff>>,
    evidence: Option<Vec<Evidence>>,
    allow: Option<Allow>,
}

#[derive(JsonSchema)]
#[serde(untagged)]
enum Pain {
    Short(String),
    Long(LongPain),
}

#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
#[schemars(extend("patternProperties" = {"^x-": {"description": "Any key starting with `x-` is kept (JSON export `extensions`) and never linted."}}))]
struct LongPain {
    text: String,
    severity: Option<Severity>,
    evidence: Option<Vec<Evidence>>,
}

#[derive(JsonSchema)]
#[serde(rename_all = "lowercase")]
enum Severity {
    Low,
    Medium,
    High,
}

#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
#[schemars(extend("patternProperties" = {"^x-": {"description": "Any key starting with `x-` is kept (JSON export `extensions`) and never linted."}}))]
struct Handoff {
    /// A touchpoint id, any stage.
    to: String,
    /// Accountable for this handoff.
    owner: Option<String>,
    /// What is handed over.
    artifact: Option<String>,
    sla: Option<DurationText>,
    /// True: an intended loop back to an earlier stage.
    rework: Option<bool>,
    allow: Option<Allow>,
}

/// A duration: a number then m, h, d or w (`30m`, `4h`, `2d`, `1w`).
#[derive(JsonSchema)]
struct DurationText(#[schemars(pattern(r"^\d+[mhdw]$"))] String);

/// The schema as pretty JSON, as `jmap schema` prints it and `schemas/` keeps it.
pub fn journey_schema_json() -> String {
    let schema = schemars::schema_for!(JourneyFile);
    serde_json::to_string_pretty(&schema).unwrap_or_default()
}

/// The schema of library files (`*.jmap-lib.yaml`), as `jmap schema --library` prints it.
pub fn library_schema_json() -> String {
    let schema = schemars::schema_for!(LibraryFile);
    serde_json::to_string_pretty(&schema).unwrap_or_default()
}
