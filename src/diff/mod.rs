//! diff: a structural comparison of two journeys, matched by id (never by line), and the
//! pull-request review built on it.
//!
//! Order of [`JourneyDiff::changes`]: by kind (journey, lane, metric, stage, touchpoint,
//! handoff); within a kind, the elements of the new journey in the order they are written
//! there, then the removed ones in the order they were written in the old journey. So the
//! list reads like the map, top to bottom, and the same inputs always give the same list.

pub mod git;
pub mod markdown;
pub mod review;
pub mod text;

use crate::diagnostic::{Finding, Level};
use crate::model::{ElementKey, ElementKind, Journey, Pain, Text};
use serde::Serialize;
use serde_json::Value;
use std::collections::HashMap;

/// What kind of element a change is about, in the order changes are listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Journey,
    Lane,
    Metric,
    Stage,
    Touchpoint,
    Handoff,
}

impl Kind {
    /// The model's name for this kind of element.
    pub fn element_kind(self) -> ElementKind {
        match self {
            Kind::Journey => ElementKind::Journey,
            Kind::Lane => ElementKind::Lane,
            Kind::Metric => ElementKind::Metric,
            Kind::Stage => ElementKind::Stage,
            Kind::Touchpoint => ElementKind::Touchpoint,
            Kind::Handoff => ElementKind::Handoff,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Journey => "journey",
            Kind::Lane => "lane",
            Kind::Metric => "metric",
            Kind::Stage => "stage",
            Kind::Touchpoint => "touchpoint",
            Kind::Handoff => "handoff",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ChangeKind {
    Added,
    Removed,
    Changed,
}

impl ChangeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
            ChangeKind::Changed => "changed",
        }
    }
}

/// One field of one element, before and after; `null` where it is not set.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldChange {
    pub field: &'static str,
    pub old: Value,
    pub new: Value,
}

/// Where a removed element was, so a map of the new journey can draw its ghost.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Place {
    pub label: String,
    pub stage: Option<String>,
    pub lane: Option<String>,
}

/// One element added, removed or changed. Added and removed elements list the fields
/// they set (the other side `null`); changed ones list the fields that differ.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    pub kind: Kind,
    pub id: String,
    pub change: ChangeKind,
    pub fields: Vec<FieldChange>,
    /// Where the element sits (in the new journey, or the old one when removed).
    #[serde(skip)]
    pub place: Place,
}

impl Change {
    /// The element's key, as [`crate::model::Element::key`] makes it.
    pub fn element_key(&self) -> ElementKey {
        ElementKey::new(self.kind.element_kind(), self.id.clone())
    }
}

/// The measures of one side that a reviewer compares.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Summary {
    pub touchpoints: usize,
    pub handoffs: usize,
    pub cross_lane_handoffs: usize,
    pub unowned_handoffs: usize,
    pub unmeasured_stages: usize,
    /// Mean emotion of the touchpoints that state one, to two decimals; `null` when none does.
    pub mean_emotion: Option<f64>,
    pub pains: usize,
    pub errors: usize,
    pub warnings: usize,
}

impl Summary {
    pub fn of(journey: &Journey, findings: &[Finding]) -> Summary {
        let cross_lane: Vec<_> = journey
            .handoffs
            .iter()
            .filter(|handoff| journey.is_cross_lane(handoff))
            .collect();
        let unmeasured_stages = (0..journey.stages.len())
            .filter(|&stage| !journey.is_stage_measured(stage))
            .count();
        let mean_emotion = journey.mean_emotion().map(crate::text::round);
        Summary {
            touchpoints: journey.touchpoints.len(),
            handoffs: journey.handoffs.len(),
            cross_lane_handoffs: cross_lane.len(),
            unowned_handoffs: cross_lane
                .iter()
                .filter(|handoff| handoff.owner.is_none())
                .count(),
            unmeasured_stages,
            mean_emotion,
            pains: journey
                .touchpoints
                .iter()
                .map(|touchpoint| touchpoint.pains.len())
                .sum(),
            errors: count_level(findings, Level::Error),
            warnings: count_level(findings, Level::Warning),
        }
    }
}

fn count_level(findings: &[Finding], level: Level) -> usize {
    findings
        .iter()
        .filter(|finding| finding.level == level)
        .count()
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Summaries {
    pub old: Summary,
    pub new: Summary,
}

/// The whole comparison; serialises to the stable JSON of `jmap diff --format json`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct JourneyDiff {
    pub version: u32,
    pub old: String,
    pub new: String,
    pub changes: Vec<Change>,
    pub summary: Summaries,
}

/// One side of a comparison: a loaded journey, its lint findings and how to name it.
pub struct Side<'a> {
    pub label: &'a str,
    pub journey: &'a Journey,
    pub findings: &'a [Finding],
}

/// Compares two journeys.
pub fn diff(old: &Side<'_>, new: &Side<'_>) -> JourneyDiff {
    JourneyDiff {
        version: 1,
        old: old.label.to_string(),
        new: new.label.to_string(),
        changes: changes(old.journey, new.journey),
        summary: Summaries {
            old: Summary::of(old.journey, old.findings),
            new: Summary::of(new.journey, new.findings),
        },
    }
}

/// Every element change between two journeys, in the documented order.
pub fn changes(old: &Journey, new: &Journey) -> Vec<Change> {
    let mut changes = Vec::new();
    if let Some(change) = journey_change(old, new) {
        changes.push(change);
    }
    compare_kind(
        &mut changes,
        Kind::Lane,
        &Elements::new(lane_entries(old)),
        &Elements::new(lane_entries(new)),
    );
    compare_kind(
        &mut changes,
        Kind::Metric,
        &Elements::new(metric_entries(old)),
        &Elements::new(metric_entries(new)),
    );
    let before = changes.len();
    compare_kind(
        &mut changes,
        Kind::Stage,
        &Elements::new(stage_entries(old)),
        &Elements::new(stage_entries(new)),
    );
    add_touchpoint_order(&mut changes, before, old, new);
    compare_kind(
        &mut changes,
        Kind::Touchpoint,
        &Elements::new(touchpoint_entries(old)),
        &Elements::new(touchpoint_entries(new)),
    );
    compare_kind(
        &mut changes,
        Kind::Handoff,
        &Elements::new(handoff_entries(old)),
        &Elements::new(handoff_entries(new)),
    );
    changes
}

/// One field as compared: the value shown, and (when two spellings mean the same, like
/// `sla: 2d` and `sla: 48h`) the value compared.
struct Field {
    name: &'static str,
    shown: Value,
    compared: Option<Value>,
}

impl Field {
    fn new(name: &'static str, shown: Value) -> Self {
        Field {
            name,
            shown,
            compared: None,
        }
    }

    fn compared(&self) -> &Value {
        self.compared.as_ref().unwrap_or(&self.shown)
    }

    /// Set to something worth listing for an added or removed element.
    fn is_set(&self) -> bool {
        match &self.shown {
            Value::Null | Value::Bool(false) => false,
            Value::Array(items) => !items.is_empty(),
            _ => true,
        }
    }
}

/// One element of one kind: its id, its fields and where it sits.
struct Entry {
    id: String,
    fields: Vec<Field>,
    place: Place,
}

/// The elements of one kind of one journey, with an id index.
struct Elements {
    entries: Vec<Entry>,
    index: HashMap<String, usize>,
}

impl Elements {
    fn new(mut entries: Vec<Entry>) -> Self {
        let mut index = HashMap::with_capacity(entries.len());
        for (position, entry) in entries.iter_mut().enumerate() {
            // Two handoffs between the same touchpoints: keep both, apart.
            let mut id = entry.id.clone();
            let mut copy = 1;
            while index.contains_key(&id) {
                copy += 1;
                id = format!("{}#{copy}", entry.id);
            }
            entry.id.clone_from(&id);
            index.insert(id, position);
        }
        Elements { entries, index }
    }
}

fn compare_kind(changes: &mut Vec<Change>, kind: Kind, old: &Elements, new: &Elements) {
    for entry in &new.entries {
        match old.index.get(&entry.id).and_then(|&i| old.entries.get(i)) {
            None => changes.push(Change {
                kind,
                id: entry.id.clone(),
                change: ChangeKind::Added,
                fields: entry
                    .fields
                    .iter()
                    .filter(|field| field.is_set())
                    .map(|field| FieldChange {
                        field: field.name,
                        old: Value::Null,
                        new: field.shown.clone(),
                    })
                    .collect(),
                place: entry.place.clone(),
            }),
            Some(before) => {
                let fields: Vec<FieldChange> = before
                    .fields
                    .iter()
                    .zip(&entry.fields)
                    .filter(|(was, is)| was.compared() != is.compared())
                    .map(|(was, is)| FieldChange {
                        field: is.name,
                        old: was.shown.clone(),
                        new: is.shown.clone(),
                    })
                    .collect();
                if !fields.is_empty() {
                    changes.push(Change {
                        kind,
                        id: entry.id.clone(),
                        change: ChangeKind::Changed,
                        fields,
                        place: entry.place.clone(),
                    });
                }
            }
        }
    }
    for entry in &old.entries {
        if !new.index.contains_key(&entry.id) {
            changes.push(Change {
                kind,
                id: entry.id.clone(),
                change: ChangeKind::Removed,
                fields: entry
                    .fields
                    .iter()
                    .filter(|field| field.is_set())
                    .map(|field| FieldChange {
                        field: field.name,
                        old: field.shown.clone(),
                        new: Value::Null,
                    })
                    .collect(),
                place: entry.place.clone(),
            });
        }
    }
}

fn text(value: &Text) -> Value {
    Value::String(value.value.clone())
}

fn optional_text(value: Option<&Text>) -> Value {
    value.map_or(Value::Null, text)
}

fn texts(values: &[Text]) -> Value {
    Value::Array(values.iter().map(text).collect())
}

fn strings<'a>(values: impl IntoIterator<Item = &'a str>) -> Value {
    Value::Array(
        values
            .into_iter()
            .map(|value| Value::String(value.to_string()))
            .collect(),
    )
}

/// A number as JSON: whole values without a fraction (`5`, not `5.0`).
pub fn number(value: f64) -> Value {
    let text = crate::text::number(value);
    serde_json::from_str(&text)
        .ok()
        .filter(Value::is_number)
        .or_else(|| serde_json::Number::from_f64(value).map(Value::Number))
        .unwrap_or(Value::Null)
}

fn pains(values: &[Pain]) -> Value {
    Value::Array(
        values
            .iter()
            .map(|pain| {
                serde_json::json!({"text": pain.text.value, "severity": pain.severity.as_str()})
            })
            .collect(),
    )
}

fn metric_ids(journey: &Journey, metrics: &[crate::source::Spanned<usize>]) -> Value {
    strings(
        metrics
            .iter()
            .filter_map(|metric| journey.metrics.get(metric.value))
            .map(|metric| metric.id.value.as_str()),
    )
}

fn lane_id(journey: &Journey, index: usize) -> Option<&str> {
    journey.lanes.get(index).map(|lane| lane.id.value.as_str())
}

fn stage_id(journey: &Journey, index: usize) -> Option<&str> {
    journey
        .stages
        .get(index)
        .map(|stage| stage.id.value.as_str())
}

fn touchpoint_id(journey: &Journey, index: usize) -> Option<&str> {
    journey
        .touchpoints
        .get(index)
        .map(|touchpoint| touchpoint.id.value.as_str())
}

fn id_value(id: Option<&str>) -> Value {
    id.map_or(Value::Null, |id| Value::String(id.to_string()))
}

fn lane_entries(journey: &Journey) -> Vec<Entry> {
    journey
        .lanes
        .iter()
        .map(|lane| Entry {
            id: lane.id.value.clone(),
            fields: vec![
                Field::new("name", text(&lane.name)),
                Field::new("kind", Value::String(lane.kind.as_str().into())),
                Field::new("owner", optional_text(lane.owner.as_ref())),
                Field::new("allow", texts(&lane.allow)),
            ],
            place: Place {
                label: lane.name.value.clone(),
                stage: None,
                lane: Some(lane.id.value.clone()),
            },
        })
        .collect()
}

fn metric_entries(journey: &Journey) -> Vec<Entry> {
    journey
        .metrics
        .iter()
        .map(|metric| Entry {
            id: metric.id.value.clone(),
            fields: vec![
                Field::new("name", text(&metric.name)),
                Field::new("kind", Value::String(metric.kind.as_str().into())),
                Field::new("unit", optional_text(metric.unit.as_ref())),
                Field::new(
                    "target",
                    metric.target.as_ref().map_or(Value::Null, |target| {
                        Value::String(target.value.to_string())
                    }),
                ),
                Field::new(
                    "current",
                    metric
                        .current
                        .as_ref()
                        .map_or(Value::Null, |current| number(current.value)),
                ),
            ],
            place: Place {
                label: metric.name.value.clone(),
                stage: None,
                lane: None,
            },
        })
        .collect()
}

fn stage_entries(journey: &Journey) -> Vec<Entry> {
    journey
        .stages
        .iter()
        .map(|stage| Entry {
            id: stage.id.value.clone(),
            fields: vec![
                Field::new("name", text(&stage.name)),
                Field::new("goal", optional_text(stage.goal.as_ref())),
                Field::new("metrics", metric_ids(journey, &stage.metrics)),
                Field::new("allow", texts(&stage.allow)),
            ],
            place: Place {
                label: stage.name.value.clone(),
                stage: Some(stage.id.value.clone()),
                lane: None,
            },
        })
        .collect()
}

fn touchpoint_entries(journey: &Journey) -> Vec<Entry> {
    journey
        .touchpoints
        .iter()
        .map(|touchpoint| Entry {
            id: touchpoint.id.value.clone(),
            fields: vec![
                Field::new("name", text(&touchpoint.name)),
                Field::new("stage", id_value(stage_id(journey, touchpoint.stage))),
                Field::new("lane", id_value(lane_id(journey, touchpoint.lane.value))),
                Field::new("channel", optional_text(touchpoint.channel.as_ref())),
                Field::new(
                    "emotion",
                    touchpoint
                        .emotion
                        .as_ref()
                        .map_or(Value::Null, |emotion| Value::from(emotion.value)),
                ),
                Field::new("milestone", Value::Bool(touchpoint.milestone)),
                Field::new("metrics", metric_ids(journey, &touchpoint.metrics)),
                Field::new("pains", pains(&touchpoint.pains)),
                Field::new("opportunities", texts(&touchpoint.opportunities)),
                Field::new("allow", texts(&touchpoint.allow)),
            ],
            place: Place {
                label: touchpoint.name.value.clone(),
                stage: stage_id(journey, touchpoint.stage).map(str::to_string),
                lane: lane_id(journey, touchpoint.lane.value).map(str::to_string),
            },
        })
        .collect()
}

/// The SLA as written (`2d`), compared in minutes so `2d` and `48h` are the same.
fn sla_field(
    journey: &Journey,
    sla: Option<&crate::source::Spanned<crate::model::Duration>>,
) -> Field {
    let Some(sla) = sla else {
        return Field::new("sla", Value::Null);
    };
    let written = journey
        .source
        .text
        .get(sla.span.start..sla.span.end)
        .map(|text| text.trim().trim_matches(['"', '\'']).to_string())
        .filter(|text| !text.is_empty())
        .unwrap_or_else(|| format!("{}m", sla.value.minutes));
    Field {
        name: "sla",
        shown: Value::String(written),
        compared: Some(Value::from(sla.value.minutes)),
    }
}

fn handoff_entries(journey: &Journey) -> Vec<Entry> {
    journey
        .handoffs
        .iter()
        .map(|handoff| {
            let source = journey.touchpoints.get(handoff.from);
            let id = format!(
                "{}->{}",
                touchpoint_id(journey, handoff.from).unwrap_or_default(),
                touchpoint_id(journey, handoff.to.value).unwrap_or_default()
            );
            Entry {
                fields: vec![
                    Field::new("owner", optional_text(handoff.owner.as_ref())),
                    Field::new("artifact", optional_text(handoff.artifact.as_ref())),
                    sla_field(journey, handoff.sla.as_ref()),
                    Field::new("rework", Value::Bool(handoff.rework)),
                    Field::new("allow", texts(&handoff.allow)),
                ],
                place: Place {
                    label: handoff
                        .artifact
                        .as_ref()
                        .map_or_else(|| id.clone(), |artifact| artifact.value.clone()),
                    stage: source
                        .and_then(|source| stage_id(journey, source.stage).map(str::to_string)),
                    lane: source
                        .and_then(|source| lane_id(journey, source.lane.value).map(str::to_string)),
                },
                id,
            }
        })
        .collect()
}

fn journey_fields(journey: &Journey) -> Vec<Field> {
    let meta = &journey.meta;
    vec![
        Field::new("id", text(&meta.id)),
        Field::new("title", text(&meta.title)),
        Field::new("state", Value::String(meta.state.as_str().into())),
        Field::new("owner", optional_text(meta.owner.as_ref())),
        Field::new(
            "reviewed",
            meta.reviewed
                .as_ref()
                .map_or(Value::Null, |date| Value::String(date.value.to_string())),
        ),
        Field::new("persona", optional_text(meta.persona.as_ref())),
        Field::new("description", optional_text(meta.description.as_ref())),
        Field::new("allow", texts(&meta.allow)),
    ]
}

fn journey_change(old: &Journey, new: &Journey) -> Option<Change> {
    let mut fields: Vec<FieldChange> = journey_fields(old)
        .into_iter()
        .zip(journey_fields(new))
        .filter(|(was, is)| was.compared() != is.compared())
        .map(|(was, is)| FieldChange {
            field: is.name,
            old: was.shown,
            new: is.shown,
        })
        .collect();
    let lane_ids = |journey: &Journey| -> Vec<String> {
        journey
            .lanes
            .iter()
            .map(|lane| lane.id.value.clone())
            .collect()
    };
    let stage_ids = |journey: &Journey| -> Vec<String> {
        journey
            .stages
            .iter()
            .map(|stage| stage.id.value.clone())
            .collect()
    };
    if let Some(field) = order_change(
        "lane_order",
        &lane_ids(old),
        &lane_ids(new),
        |id| new.lane_index.contains_key(id),
        |id| old.lane_index.contains_key(id),
    ) {
        fields.push(field);
    }
    if let Some(field) = order_change(
        "stage_order",
        &stage_ids(old),
        &stage_ids(new),
        |id| new.stage_index.contains_key(id),
        |id| old.stage_index.contains_key(id),
    ) {
        fields.push(field);
    }
    (!fields.is_empty()).then(|| Change {
        kind: Kind::Journey,
        id: new.meta.id.value.clone(),
        change: ChangeKind::Changed,
        fields,
        place: Place {
            label: new.meta.title.value.clone(),
            stage: None,
            lane: None,
        },
    })
}

/// A reordering: the elements both sides share, in a different relative order. Adding or
/// removing an element is not a reordering (it is reported as its own change). The field
/// shows the full lists.
fn order_change(
    field: &'static str,
    old: &[String],
    new: &[String],
    kept_in_new: impl Fn(&str) -> bool,
    kept_from_old: impl Fn(&str) -> bool,
) -> Option<FieldChange> {
    let old_kept = old.iter().filter(|id| kept_in_new(id));
    let new_kept = new.iter().filter(|id| kept_from_old(id));
    if old_kept.eq(new_kept) {
        return None;
    }
    Some(FieldChange {
        field,
        old: strings(old.iter().map(String::as_str)),
        new: strings(new.iter().map(String::as_str)),
    })
}

/// Adds a `touchpoint_order` field to stages whose shared touchpoints were reordered.
fn add_touchpoint_order(
    changes: &mut Vec<Change>,
    stage_start: usize,
    old: &Journey,
    new: &Journey,
) {
    let ids = |journey: &Journey, stage: &crate::model::Stage| -> Vec<String> {
        stage
            .touchpoints
            .iter()
            .filter_map(|&index| touchpoint_id(journey, index).map(str::to_string))
            .collect()
    };
    // A touchpoint still in the same stage on the other side.
    let in_stage = |journey: &Journey, stage_id: &str, touchpoint: &str| {
        journey
            .touchpoint_index
            .get(touchpoint)
            .and_then(|&index| journey.touchpoints.get(index))
            .and_then(|touchpoint| journey.stages.get(touchpoint.stage))
            .is_some_and(|stage| stage.id.value == stage_id)
    };
    let mut additions: Vec<(String, FieldChange)> = Vec::new();
    for new_stage in &new.stages {
        let id = new_stage.id.value.as_str();
        let Some(old_stage) = old.stage_index.get(id).and_then(|&i| old.stages.get(i)) else {
            continue;
        };
        if let Some(field) = order_change(
            "touchpoint_order",
            &ids(old, old_stage),
            &ids(new, new_stage),
            |touchpoint| in_stage(new, id, touchpoint),
            |touchpoint| in_stage(old, id, touchpoint),
        ) {
            additions.push((id.to_string(), field));
        }
    }
    let changed_stages: HashMap<String, usize> = changes
        .iter()
        .enumerate()
        .skip(stage_start)
        .filter(|(_, change)| change.change == ChangeKind::Changed)
        .map(|(position, change)| (change.id.clone(), position))
        .collect();
    for (id, field) in additions {
        match changed_stages
            .get(&id)
            .and_then(|&position| changes.get_mut(position))
        {
            Some(change) => change.fields.push(field),
            None => {
                let place = new
                    .stage_index
                    .get(&id)
                    .and_then(|&i| new.stages.get(i))
                    .map(|stage| Place {
                        label: stage.name.value.clone(),
                        stage: Some(id.clone()),
                        lane: None,
                    })
                    .unwrap_or_default();
                changes.push(Change {
                    kind: Kind::Stage,
                    id,
                    change: ChangeKind::Changed,
                    fields: vec![field],
                    place,
                });
            }
        }
    }
    // Keep stages in new-file order after the insertions above.
    let stage_position = |id: &str| new.stage_index.get(id).copied().unwrap_or(usize::MAX);
    let stages = changes.get_mut(stage_start..).unwrap_or_default();
    stages.sort_by_key(|change| match change.change {
        ChangeKind::Removed => (1, 0),
        _ => (0, stage_position(&change.id)),
    });
}

/// A finding's identity across versions: rule and element key, never the line. Findings
/// about no element (load errors) are matched by their message.
pub fn finding_key(finding: &Finding) -> (&'static str, String) {
    (
        finding.rule,
        finding.element.as_ref().map_or_else(
            || format!("message:{}", finding.message),
            ToString::to_string,
        ),
    )
}

/// For each finding of `new`, whether it is new: not among `old` (matched by rule and
/// element key, counting repeats).
pub fn mark_new(old: &[Finding], new: &[Finding]) -> Vec<bool> {
    let mut remaining: HashMap<(&'static str, String), usize> = HashMap::new();
    for finding in old {
        *remaining.entry(finding_key(finding)).or_default() += 1;
    }
    new.iter()
        .map(|finding| match remaining.get_mut(&finding_key(finding)) {
            Some(count) if *count > 0 => {
                *count -= 1;
                false
            }
            _ => true,
        })
        .collect()
}

/// How many errors of `new` were not in `old`.
pub fn new_error_count(old: &[Finding], new: &[Finding]) -> usize {
    mark_new(old, new)
        .into_iter()
        .zip(new)
        .filter(|(is_new, finding)| *is_new && finding.level == Level::Error)
        .count()
}

/// What `jmap diff --svg` draws over the new journey: added and changed elements by key
/// ([`crate::model::ElementKey`]), and removed touchpoints as ghosts where they
/// were. Removed lanes, stages, metrics and handoffs have nowhere to be drawn on the new
/// map; the change list names them.
pub fn overlay(diff: &JourneyDiff) -> crate::render::Overlay {
    let mut overlay = crate::render::Overlay::default();
    for change in diff.changes.iter().filter(|c| c.kind != Kind::Journey) {
        match change.change {
            ChangeKind::Added => {
                overlay.added.insert(change.element_key());
            }
            ChangeKind::Changed => {
                overlay.changed.insert(change.element_key());
            }
            ChangeKind::Removed if change.kind == Kind::Touchpoint => {
                overlay.removed.push(crate::render::Ghost {
                    key: change.element_key(),
                    label: change.place.label.clone(),
                    stage: change.place.stage.clone(),
                    lane: change.place.lane.clone(),
                });
            }
            ChangeKind::Removed => {}
        }
    }
    overlay
}

/// A value as a reviewer reads it: text as is, lists joined, `—` for nothing.
pub fn display_value(value: &Value) -> String {
    match value {
        Value::Null => "—".to_string(),
        Value::Bool(flag) => flag.to_string(),
        Value::Number(number) => number.to_string(),
        Value::String(text) => text.clone(),
        Value::Array(items) if items.is_empty() => "—".to_string(),
        Value::Array(items) => items
            .iter()
            .map(display_value)
            .collect::<Vec<_>>()
            .join("; "),
        Value::Object(object) => match (object.get("text"), object.get("severity")) {
            (Some(Value::String(text)), Some(Value::String(severity))) => {
                format!("{text} ({severity})")
            }
            _ => Value::Object(object.clone()).to_string(),
        },
    }
}

/// Whether a measure went the better or the worse way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trend {
    Better,
    Worse,
    Same,
}

/// A measure of [`Summary`] that has a better direction.
pub struct Measure {
    pub label: &'static str,
    pub old: Option<f64>,
    pub new: Option<f64>,
    pub lower_is_better: bool,
    /// How a value of this measure prints (a count, or a signed mean).
    pub show: fn(f64) -> String,
}

impl Measure {
    pub fn trend(&self) -> Trend {
        match (self.old, self.new) {
            (Some(old), Some(new)) if (old - new).abs() > 1e-9 => {
                if (new < old) == self.lower_is_better {
                    Trend::Better
                } else {
                    Trend::Worse
                }
            }
            _ => Trend::Same,
        }
    }
}

/// The measures a reviewer weighs, in the order they are shown.
pub fn measures(old: &Summary, new: &Summary) -> Vec<Measure> {
    let count = |value: usize| Some(value as f64);
    vec![
        Measure {
            label: "errors",
            old: count(old.errors),
            new: count(new.errors),
            lower_is_better: true,
            show: crate::text::number,
        },
        Measure {
            label: "warnings",
            old: count(old.warnings),
            new: count(new.warnings),
            lower_is_better: true,
            show: crate::text::number,
        },
        Measure {
            label: "unowned handoffs",
            old: count(old.unowned_handoffs),
            new: count(new.unowned_handoffs),
            lower_is_better: true,
            show: crate::text::number,
        },
        Measure {
            label: "unmeasured stages",
            old: count(old.unmeasured_stages),
            new: count(new.unmeasured_stages),
            lower_is_better: true,
            show: crate::text::number,
        },
        Measure {
            label: "mean emotion",
            old: old.mean_emotion,
            new: new.mean_emotion,
            lower_is_better: false,
            show: crate::text::mean,
        },
        Measure {
            label: "pains",
            old: count(old.pains),
            new: count(new.pains),
            lower_is_better: true,
            show: crate::text::number,
        },
    ]
}

/// Summary rows for the text and markdown tables: label, old, new.
pub fn summary_rows(summary: &Summaries) -> Vec<(&'static str, String, String)> {
    let row = |label, old: usize, new: usize| (label, old.to_string(), new.to_string());
    let emotion = |value: Option<f64>| value.map_or("—".to_string(), crate::text::mean);
    let (old, new) = (&summary.old, &summary.new);
    vec![
        row("touchpoints", old.touchpoints, new.touchpoints),
        row("handoffs", old.handoffs, new.handoffs),
        row(
            "cross-lane handoffs",
            old.cross_lane_handoffs,
            new.cross_lane_handoffs,
        ),
        row(
            "unowned handoffs",
            old.unowned_handoffs,
            new.unowned_handoffs,
        ),
        row(
            "unmeasured stages",
            old.unmeasured_stages,
            new.unmeasured_stages,
        ),
        (
            "mean emotion",
            emotion(old.mean_emotion),
            emotion(new.mean_emotion),
        ),
        row("pains", old.pains, new.pains),
        row("lint errors", old.errors, new.errors),
        row("lint warnings", old.warnings, new.warnings),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(name: &str, text: &str) -> Journey {
        crate::load::load_str(name, text).unwrap_or_else(|errors| panic!("{errors:?}"))
    }

    #[test]
    fn overlay_of_the_example_pair() {
        let old = load(
            "examples/as-is",
            include_str!("../../examples/custom-software-delivery.as-is.journey.yaml"),
        );
        let new = load(
            "examples/to-be",
            include_str!("../../examples/custom-software-delivery.to-be.journey.yaml"),
        );
        let diff = diff(
            &Side {
                label: "as-is",
                journey: &old,
                findings: &[],
            },
            &Side {
                label: "to-be",
                journey: &new,
                findings: &[],
            },
        );
        let overlay = overlay(&diff);
        let key = |kind: ElementKind, id: &str| ElementKey::new(kind, id);
        assert!(
            overlay
                .added
                .contains(&key(ElementKind::Touchpoint, "client-portal"))
        );
        assert!(overlay.added.contains(&key(ElementKind::Lane, "success")));
        assert!(overlay.added.contains(&key(
            ElementKind::Handoff,
            "sprint-demo->pre-uat-walkthrough"
        )));
        assert!(
            overlay
                .changed
                .contains(&key(ElementKind::Touchpoint, "support-handover"))
        );
        assert!(
            !overlay
                .changed
                .contains(&key(ElementKind::Journey, "custom-software-delivery"))
        );
        // Only touchpoints become ghosts: the render draws ghosts as cards.
        assert!(
            overlay
                .removed
                .iter()
                .all(|ghost| ghost.key.kind == ElementKind::Touchpoint)
        );
        let ghost = overlay
            .removed
            .iter()
            .find(|ghost| ghost.key == key(ElementKind::Touchpoint, "change-request"))
            .expect("removed touchpoint");
        assert_eq!(ghost.label, "Change request by email");
        assert_eq!(ghost.stage.as_deref(), Some("sprints"));
        assert_eq!(ghost.lane.as_deref(), Some("client"));
        // Keys are the ones lint findings carry.
        let element = crate::model::Element::Touchpoint(0).key(&new);
        assert_eq!(element, key(ElementKind::Touchpoint, "rfp-intake"));
        assert_eq!(element.to_string(), "touchpoint:rfp-intake");
    }

    #[test]
    fn findings_match_by_rule_and_element_not_line() {
        let finding = |id: &str, start: usize| {
            Finding::error(
                "unowned-handoff",
                crate::source::Span::new(start, start + 1),
                "m",
            )
            .with_element(ElementKey::new(ElementKind::Handoff, id))
        };
        let old = vec![finding("a->b", 10)];
        let new = vec![finding("a->b", 99), finding("c->d", 5)];
        assert_eq!(mark_new(&old, &new), vec![false, true]);
        assert_eq!(new_error_count(&old, &new), 1);
        assert_eq!(new_error_count(&new, &old), 0);
    }

    #[test]
    fn numbers_are_whole_when_they_can_be() {
        assert_eq!(number(5.0), serde_json::json!(5));
        assert_eq!(number(3.4), serde_json::json!(3.4));
        assert_eq!(number(-0.5), serde_json::json!(-0.5));
    }
}
