//! The JSON Schema of `.jmap.yaml`, generated from these types like the journey schema.
//! A test checks that `schemas/config.schema.json` is this output and that each object's
//! properties are the fields the configuration reader accepts.

use schemars::JsonSchema;
use std::collections::BTreeMap;

/// jmap project configuration (`.jmap.yaml`).
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields, title = "jmap configuration")]
#[schemars(extend("patternProperties" = {"^x-": {}}))]
struct ConfigFile {
    /// Globs of the files `jmap lint` reads, relative to this file's folder (default: every
    /// `*.journey.yaml` and `*.jmap-lib.yaml`).
    include: Option<Vec<String>>,
    /// Globs of files and folders `jmap lint` skips.
    exclude: Option<Vec<String>>,
    rules: Option<Rules>,
    /// Other rule levels for the journeys each entry matches; a later entry wins for the rules it names.
    overrides: Option<Vec<Override>>,
    /// A team's own checks, reported as `custom/ID`.
    #[serde(rename = "custom-rules")]
    custom_rules: Option<Vec<CustomRule>>,
    /// Survey / CRM exports that feed metrics (`jmap metrics`).
    sources: Option<serde_json::Value>,
}

/// Rule levels and options: `RULE: error|warn|off` or `RULE: { level, OPTION: NUMBER }`.
#[derive(JsonSchema)]
struct Rules(BTreeMap<String, RuleSetting>);

#[derive(JsonSchema)]
#[serde(untagged)]
enum RuleSetting {
    Level(LevelSetting),
    Detailed(DetailedSetting),
}

#[derive(JsonSchema)]
#[serde(rename_all = "lowercase")]
enum LevelSetting {
    Error,
    Warn,
    Off,
}

/// `level` and the rule's numeric options (`max`, `min_drop`, `max_age_days`).
#[derive(JsonSchema)]
struct DetailedSetting {
    level: Option<LevelSetting>,
    #[serde(flatten)]
    options: BTreeMap<String, f64>,
}

#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
struct Override {
    /// Globs relative to the folder holding `.jmap.yaml`.
    files: Option<Vec<String>>,
    /// With `files`: both must match.
    state: Option<State>,
    rules: Rules,
}

#[derive(JsonSchema)]
#[serde(rename_all = "kebab-case")]
enum State {
    AsIs,
    ToBe,
}

#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
struct CustomRule {
    /// Reported as rule `custom/ID`.
    #[schemars(pattern(r"^[a-z0-9][a-z0-9_-]*$"))]
    id: String,
    /// Default warn.
    level: Option<CustomLevel>,
    #[serde(rename = "for")]
    kind: ForKind,
    /// Every condition must hold for the rule to look at an element.
    #[serde(rename = "where")]
    conditions: Option<Conditions>,
    /// Every condition must hold, else a finding.
    require: Conditions,
    message: String,
    help: Option<String>,
}

#[derive(JsonSchema)]
#[serde(rename_all = "lowercase")]
enum CustomLevel {
    Error,
    Warn,
}

#[derive(JsonSchema)]
#[serde(rename_all = "lowercase")]
enum ForKind {
    Journey,
    Lane,
    Metric,
    Stage,
    Touchpoint,
    Handoff,
    Pain,
}

/// `PATH: VALUE` (equals) or `PATH: {OP: ARG}`; PATH may go through related elements
/// (`lane.kind`, `to.lane`, `metrics.kind`).
#[derive(JsonSchema)]
struct Conditions(BTreeMap<String, ConditionValue>);

#[derive(JsonSchema)]
#[serde(untagged)]
enum ConditionValue {
    Text(String),
    Number(f64),
    Bool(bool),
    Op(Op),
}

/// One operator.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
#[schemars(extend("minProperties" = 1, "maxProperties" = 1))]
struct Op {
    #[serde(rename = "in")]
    one_of: Option<Vec<serde_json::Value>>,
    present: Option<bool>,
    /// A regular expression (Rust `regex` syntax).
    matches: Option<String>,
    min: Option<serde_json::Value>,
    max: Option<serde_json::Value>,
    /// A list holds this value.
    contains: Option<serde_json::Value>,
    #[serde(rename = "count-min")]
    count_min: Option<u32>,
    #[serde(rename = "count-max")]
    count_max: Option<u32>,
}

/// The schema as pretty JSON, as `jmap schema --config` prints it.
pub fn config_schema_json() -> String {
    let schema = schemars::schema_for!(ConfigFile);
    serde_json::to_string_pretty(&schema).unwrap_or_default()
}
