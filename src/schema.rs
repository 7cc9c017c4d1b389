//! The JSON Schema of journey files, generated from these types (schemars) so that there is
//! one description to keep right. A test checks that `schemas/journey.schema.json` is this
//! output and that each object's properties are the fields the loader reads.
//! These types describe the file; the loader does not deserialize into them.

#![allow(dead_code)]

use schemars::JsonSchema;

/// A customer journey map, format version 1.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields, title = "jmap journey")]
struct JourneyFile {
    /// Format version; only 1 is supported.
    #[schemars(range(min = 1, max = 1))]
    jmap: u8,
    journey: Journey,
    /// Swimlanes, top to bottom.
    lanes: Vec<Lane>,
    #[serde(default)]
    metrics: Vec<Metric>,
    /// Columns, left to right.
    stages: Vec<Stage>,
}

/// An id: lowercase letters, digits, `-` and `_`, unique within its kind.
#[derive(JsonSchema)]
struct Id(#[schemars(pattern(r"^[a-z0-9][a-z0-9_-]*$"))] String);

/// Rule names silenced for this element and what it contains.
#[derive(JsonSchema)]
struct Allow(Vec<String>);

#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
struct Journey {
    id: Id,
    title: String,
    #[serde(default)]
    state: Option<State>,
    /// Who is accountable for this map.
    owner: Option<String>,
    /// ISO date of the last review.
    reviewed: Option<Date>,
    persona: Option<String>,
    /// Free text, markdown allowed.
    description: Option<String>,
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
struct Metric {
    id: Id,
    name: String,
    kind: Option<MetricKind>,
    unit: Option<String>,
    target: Option<TargetText>,
    /// Today's measured value.
    current: Option<f64>,
    /// The date of `current` (revision 2).
    measured: Option<Date>,
    /// Responses behind `current` (revision 2).
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
struct Stage {
    id: Id,
    name: String,
    goal: Option<String>,
    /// Metric ids measured at this stage.
    metrics: Option<Vec<String>>,
    /// Touchpoints in journey order.
    touchpoints: Option<Vec<Touchpoint>>,
    allow: Option<Allow>,
}

#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
struct Touchpoint {
    id: Id,
    name: String,
    /// A lane id.
    lane: String,
    channel: Option<String>,
    /// The client's feeling here, -2 to 2.
    #[schemars(range(min = -2, max = 2))]
    emotion: Option<i8>,
    milestone: Option<bool>,
    metrics: Option<Vec<String>>,
    pains: Option<Vec<Pain>>,
    opportunities: Option<Vec<String>>,
    handoffs: Option<Vec<Handoff>>,
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
struct LongPain {
    text: String,
    severity: Option<Severity>,
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
