//! diff: a structural comparison of two journeys, matched by id (never by line), and the
//! pull-request review built on it.
//!
//! Order of [`JourneyDiff::changes`]: by kind (journey, lane, metric, stage, touchpoint,
//! handoff); within a kind, the elements of the new journey in the order they are written
//! there, then the removed ones in the order they were written in the old journey. So the
//! list reads like the map, top to bottom, and the same inputs always give the same list.

mod findings;
/// Reading journeys out of git lives in [`crate::git`], shared with render, report and export.
pub use crate::git;
pub mod markdown;
mod matching;
pub mod review;
mod summary;
pub mod text;

pub use findings::{finding_key, mark_new, new_error_count};
pub use matching::{changes, number};
pub use summary::{Measure, Summaries, Summary, Trend, measures, summary_rows};

use crate::diagnostic::Finding;
use crate::model::{ElementKey, ElementKind, Journey};
use serde::Serialize;
use serde_json::Value;

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
    /// A touchpoint now in another stage or lane (its `stage` / `lane` fields say from
    /// where to where; other fields that changed are listed too).
    Moved,
}

impl ChangeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
            ChangeKind::Changed => "changed",
            ChangeKind::Moved => "moved",
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
    /// What a reader calls it: its name (a handoff: `From → To` by the touchpoints'
    /// names), from the new journey, or the old one when removed.
    pub name: String,
    pub change: ChangeKind,
    pub fields: Vec<FieldChange>,
    /// Where the element sits (in the new journey, or the old one when removed).
    #[serde(skip)]
    pub place: Place,
    /// Where a moved touchpoint was in the old journey.
    #[serde(skip)]
    pub from: Option<Place>,
}

impl Change {
    /// A change to the journey's own fields (drawn on the map's header).
    pub fn is_journey(&self) -> bool {
        self.kind == Kind::Journey
    }

    /// The element's key, as [`crate::model::Element::key`] makes it.
    pub fn element_key(&self) -> ElementKey {
        ElementKey::new(self.kind.element_kind(), self.id.clone())
    }
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

impl JourneyDiff {
    /// How a reader names `change`: its name, followed by its id in parentheses when
    /// another change of the same kind has the same name (or the name is empty).
    pub fn label(&self, change: &Change) -> String {
        let shared = self.changes.iter().any(|other| {
            other.kind == change.kind && other.id != change.id && other.name == change.name
        });
        if change.name.trim().is_empty() {
            change.id.clone()
        } else if shared {
            format!("{} ({})", change.name, change.id)
        } else {
            change.name.clone()
        }
    }
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

/// What `jmap diff --svg` / `--map` draws over the new journey: every change of the diff
/// marked once, numbered as in the change list beside the map. Added and changed elements
/// by key ([`crate::model::ElementKey`]); removed touchpoints, handoffs, lanes and metrics
/// as ghosts where they were; a moved touchpoint's ghost at its old place (a ghost whose
/// key the new journey still holds). Also the old journey's emotion per stage (the as-is
/// curve) and the before → after measures of the header strip, from the model's facts.
pub fn overlay(diff: &JourneyDiff, old: &Journey, new: &Journey) -> crate::render::Overlay {
    use crate::render::{GhostHandoff, GhostMetric};
    let mut overlay = crate::render::Overlay::default();
    for (position, change) in diff.changes.iter().enumerate() {
        let number = position + 1;
        overlay.list.push(crate::render::ListEntry {
            change: change.change.as_str(),
            title: format!("{} {}", change.kind.as_str(), diff.label(change)),
            lines: change
                .fields
                .iter()
                .map(|field| {
                    format!(
                        "{}: {} → {}",
                        field.field,
                        display_value(&field.old),
                        display_value(&field.new)
                    )
                })
                .collect(),
            ghost: false,
        });
        if change.is_journey() {
            overlay.header_changed = true;
            continue;
        }
        overlay.marks.insert(
            change.element_key(),
            crate::render::Mark {
                change: change.change.as_str(),
                number,
            },
        );
        match (change.change, change.kind) {
            (ChangeKind::Added, _) => {
                overlay.added.insert(change.element_key());
            }
            (ChangeKind::Changed | ChangeKind::Moved, _) => {
                overlay.changed.insert(change.element_key());
            }
            (ChangeKind::Removed, Kind::Touchpoint) => {
                overlay.removed.push(crate::render::Ghost {
                    key: change.element_key(),
                    label: change.place.label.clone(),
                    stage: change.place.stage.clone(),
                    lane: change.place.lane.clone(),
                });
            }
            (ChangeKind::Removed, Kind::Handoff) => {
                let (from, to) = handoff_ends(&change.id);
                overlay.removed_handoffs.push(GhostHandoff {
                    key: change.element_key(),
                    from: ElementKey::new(ElementKind::Touchpoint, from),
                    to: ElementKey::new(ElementKind::Touchpoint, to),
                    label: change.name.clone(),
                    details: field_lines(change),
                });
            }
            // A removed stage has no column on the new map: a ghost in the "Removed"
            // strip, with the touchpoints whose stage is gone.
            (ChangeKind::Removed, Kind::Stage) => {
                overlay.removed.push(crate::render::Ghost {
                    key: change.element_key(),
                    label: change.name.clone(),
                    stage: None,
                    lane: None,
                });
            }
            (ChangeKind::Removed, Kind::Lane) => {
                overlay.removed_lanes.push(ghost_lane(change, old, new));
            }
            (ChangeKind::Removed, Kind::Metric) => {
                overlay.removed_metrics.push(GhostMetric {
                    key: change.element_key(),
                    name: change.name.clone(),
                    value: field_lines(change)
                        .into_iter()
                        .filter(|line| line.starts_with("current") || line.starts_with("target"))
                        .collect::<Vec<_>>()
                        .join(" · "),
                    stage: metric_stage(old, &change.id),
                });
            }
            (ChangeKind::Removed, _) => {}
        }
        // A moved touchpoint also leaves a ghost where it was (its key still resolves).
        if change.change == ChangeKind::Moved
            && let Some(from) = &change.from
        {
            overlay.removed.push(crate::render::Ghost {
                key: change.element_key(),
                label: from.label.clone(),
                stage: from.stage.clone(),
                lane: from.lane.clone(),
            });
        }
    }
    // Ghost rows in the old lane order (kinds grouped), so two that follow the same lane
    // stack as they were.
    let old_order = crate::render::lane_order(old);
    overlay.removed_lanes.sort_by_key(|ghost| {
        old.lane_index
            .get(&ghost.key.id)
            .and_then(|index| old_order.iter().position(|lane| lane == index))
    });
    overlay.before = old
        .stages
        .iter()
        .enumerate()
        .map(|(index, stage)| crate::render::StageEmotion {
            stage: stage.id.value.clone(),
            emotions: stage
                .touchpoints
                .iter()
                .map(|&touchpoint| {
                    old.touchpoints
                        .get(touchpoint)
                        .and_then(|t| t.emotion.as_ref())
                        .map(|emotion| emotion.value)
                })
                .collect(),
            mean: old.stage_mean(index),
        })
        .collect();
    overlay.measures = measures(&diff.summary.old, &diff.summary.new)
        .into_iter()
        .filter(|measure| measure.label != "pains")
        .map(|measure| {
            let show = |value: Option<f64>| value.map_or("—".to_string(), measure.show);
            crate::render::MeasureChange {
                label: measure.label,
                old: show(measure.old),
                new: show(measure.new),
                trend: match measure.trend() {
                    Trend::Better => "better",
                    Trend::Worse => "worse",
                    Trend::Same => "same",
                },
            }
        })
        .collect();
    overlay
}

/// The two touchpoint ids of a handoff id (`A->B`, `A->B#2`).
fn handoff_ends(id: &str) -> (&str, &str) {
    let (from, to) = id.split_once("->").unwrap_or((id, ""));
    let to = to.split_once('#').map_or(to, |(to, _)| to);
    (from, to)
}

/// `field: value` for each field a removed element had.
fn field_lines(change: &Change) -> Vec<String> {
    change
        .fields
        .iter()
        .map(|field| format!("{}: {}", field.field, display_value(&field.old)))
        .collect()
}

/// A removed lane and the lane of the new map its ghost row follows, so it sits where it
/// sat in the old lane order: among the lanes of its kind (lanes are grouped by kind, the
/// blueprint's lines between the groups), after the last kept lane of its kind that was
/// above it in the old map; with none, after the last lane of an earlier kind; with none
/// either, first.
fn ghost_lane(change: &Change, old: &Journey, new: &Journey) -> crate::render::GhostLane {
    let index = old.lane_index.get(&change.id).copied();
    let lane = index.and_then(|index| old.lanes.get(index));
    let old_order = crate::render::lane_order(old);
    let old_at = |id: &str| {
        let index = old.lane_index.get(id)?;
        old_order.iter().position(|lane| lane == index)
    };
    let at = index.and_then(|index| old_order.iter().position(|&l| l == index));
    let after = lane.and_then(|removed| {
        crate::render::lane_order(new)
            .iter()
            .rev()
            .filter_map(|&l| new.lanes.get(l))
            .find(|kept| {
                kept.kind < removed.kind
                    || (kept.kind == removed.kind
                        && matches!((old_at(&kept.id.value), at), (Some(k), Some(r)) if k < r))
            })
            .map(|kept| kept.id.value.clone())
    });
    crate::render::GhostLane {
        key: change.element_key(),
        name: change.name.clone(),
        kind: lane.map(|lane| lane.kind),
        owner: lane.and_then(|lane| lane.owner.as_ref().map(|owner| owner.value.clone())),
        after,
    }
}

/// The first stage (in the old journey's order) that showed metric `id`: its own list,
/// or one of its touchpoints'.
fn metric_stage(old: &Journey, id: &str) -> Option<String> {
    let metric = *old.metric_index.get(id)?;
    old.stages
        .iter()
        .find(|stage| {
            stage.metrics.iter().any(|m| m.value == metric)
                || stage.touchpoints.iter().any(|&touchpoint| {
                    old.touchpoints
                        .get(touchpoint)
                        .is_some_and(|t| t.metrics.iter().any(|m| m.value == metric))
                })
        })
        .map(|stage| stage.id.value.clone())
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
        let overlay = overlay(&diff, &old, &new);
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
        // Only touchpoints (and removed stages, none here) become card ghosts.
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
