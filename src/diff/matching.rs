//! Matching two journeys' elements by id and listing what each changed: one entry per
//! element with the fields it owns (never its children's), compared field by field.

use super::{Change, ChangeKind, FieldChange, Kind, Place};
use crate::model::{Journey, Pain, Text};
use serde_json::Value;
use std::collections::HashMap;

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
                name: entry.place.label.clone(),
                place: entry.place.clone(),
                from: None,
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
                    let moved = kind == Kind::Touchpoint
                        && fields
                            .iter()
                            .any(|field| field.field == "stage" || field.field == "lane");
                    changes.push(Change {
                        kind,
                        id: entry.id.clone(),
                        name: entry.place.label.clone(),
                        change: if moved {
                            ChangeKind::Moved
                        } else {
                            ChangeKind::Changed
                        },
                        fields,
                        place: entry.place.clone(),
                        from: moved.then(|| before.place.clone()),
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
                name: entry.place.label.clone(),
                place: entry.place.clone(),
                from: None,
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
                    label: handoff_name(journey, handoff.from, handoff.to.value),
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

/// A handoff as a reader names it: `From → To` by the touchpoints' names.
fn handoff_name(journey: &Journey, from: usize, to: usize) -> String {
    let name = |index: usize| {
        journey
            .touchpoints
            .get(index)
            .map(|touchpoint| touchpoint.name.value.as_str())
            .unwrap_or_default()
    };
    format!("{} → {}", name(from), name(to))
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
        name: new.meta.title.value.clone(),
        change: ChangeKind::Changed,
        fields,
        from: None,
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
                    name: place.label.clone(),
                    id,
                    change: ChangeKind::Changed,
                    fields: vec![field],
                    place,
                    from: None,
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
