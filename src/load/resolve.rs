//! Turns raw structs into a [`Journey`]: unique ids, resolved references, the graph.

use super::journey::{Entry, RawDocument, RawLane, RawMetric, RawStage};
use super::library::Library;
use crate::diagnostic::Finding;
use crate::model::{
    Handoff, HandoffGraph, Journey, JourneyMeta, Lane, Metric, MetricKind, Origin, Stage, State,
    Text, Touchpoint, UsedLibrary,
};
use crate::source::{SourceFile, Span, Spanned};
use std::collections::HashMap;
use std::sync::Arc;

/// Registers ids of one kind, reporting duplicates. Builds the final id → index map as it
/// goes (no second map to convert), with the first span of each index on the side.
struct Ids<'k> {
    kind: &'k str,
    index: HashMap<String, usize>,
    spans: Vec<Span>,
}

impl<'k> Ids<'k> {
    fn new(kind: &'k str, capacity: usize) -> Self {
        Ids {
            kind,
            index: HashMap::with_capacity(capacity),
            spans: Vec::with_capacity(capacity),
        }
    }

    fn insert(&mut self, id: &Text, index: usize, errors: &mut Vec<Finding>) -> bool {
        if let Some(&first) = self.index.get(&id.value) {
            let first = self.spans.get(first).copied().unwrap_or_default();
            errors.push(
                Finding::error(
                    "duplicate-id",
                    id.span,
                    format!("{} id `{}` is already used", self.kind, id.value),
                )
                .with_related(first, "first used here")
                .with_help(format!(
                    "{} ids must be unique across the file: rename one",
                    self.kind
                )),
            );
            return false;
        }
        if self.spans.len() <= index {
            self.spans.resize(index + 1, Span::default());
        }
        if let Some(slot) = self.spans.get_mut(index) {
            *slot = id.span;
        }
        self.index.insert(id.value.clone(), index);
        true
    }

    fn index(self) -> HashMap<String, usize> {
        self.index
    }
}

/// Comparisons with known ids that "did you mean" may spend on one file.
const SUGGESTION_COMPARISONS: usize = 2_000_000;

/// "Did you mean" for unknown references. A suggestion compares the reference with every
/// id of its kind, so thousands of broken references in a large file would be quadratic:
/// each file gets a fixed budget of comparisons, and a reference that would overrun it is
/// reported without a suggestion.
struct Suggestions {
    budget: usize,
    /// Each kind's ids, sorted once: map order is random, sorted order makes a tie between
    /// two equally close ids resolve the same on every run.
    sorted_ids: Vec<(&'static str, Vec<String>)>,
    /// The file's text, for the edits of a "did you mean" fix.
    text: Arc<str>,
}

impl Suggestions {
    fn new(text: Arc<str>) -> Self {
        Suggestions {
            budget: SUGGESTION_COMPARISONS,
            sorted_ids: Vec::new(),
            text,
        }
    }

    fn suggest(
        &mut self,
        index: &HashMap<String, usize>,
        kind: &'static str,
        reference: &str,
    ) -> Option<String> {
        if index.len() > self.budget {
            return None;
        }
        self.budget -= index.len();
        let position = match self.sorted_ids.iter().position(|(known, _)| *known == kind) {
            Some(position) => position,
            None => {
                let mut ids: Vec<String> = index.keys().cloned().collect();
                ids.sort_unstable();
                self.sorted_ids.push((kind, ids));
                self.sorted_ids.len() - 1
            }
        };
        let known: Vec<&str> = self
            .sorted_ids
            .get(position)
            .map(|(_, ids)| ids.iter().map(String::as_str).collect())
            .unwrap_or_default();
        crate::text::did_you_mean(reference, &known).map(str::to_string)
    }
}

/// Looks a reference up, reporting `unknown-reference` with a suggestion.
fn lookup(
    index: &HashMap<String, usize>,
    reference: &Text,
    kind: &'static str,
    suggestions: &mut Suggestions,
    errors: &mut Vec<Finding>,
) -> Option<usize> {
    if let Some(&found) = index.get(&reference.value) {
        return Some(found);
    }
    let suggestion = suggestions.suggest(index, kind, &reference.value);
    let help = match &suggestion {
        Some(suggestion) => format!("did you mean `{suggestion}`?"),
        None if index.is_empty() => format!("this file defines no {kind}"),
        None => format!(
            "define a {kind} with id `{}`, or fix the reference",
            reference.value
        ),
    };
    let mut finding = Finding::error(
        "unknown-reference",
        reference.span,
        format!("no {kind} has the id `{}`", reference.value),
    )
    .with_help(help);
    if let Some(suggestion) = suggestion {
        finding = finding.with_fix(crate::fix::did_you_mean(
            &suggestions.text,
            reference.span,
            &reference.value,
            &suggestion,
        ));
    }
    errors.push(finding);
    None
}

fn placeholder(span: Span) -> Text {
    Spanned::new(String::new(), span)
}

/// Replaces each string entry by the definition of that id in the used libraries, its
/// spans moved to the entry (where findings about it belong in this journey).
#[allow(clippy::too_many_arguments)] // one call per kind: lanes, metrics
fn bring_in<T: Clone>(
    entries: Vec<Entry<T>>,
    kind: &'static str,
    libraries: &[(Text, Library)],
    definitions: impl Fn(&Library) -> &[T],
    id_of: impl Fn(&T) -> Option<&Text>,
    mut relocate: impl FnMut(&mut T, Span, Origin),
    placeholder: impl Fn(&Text) -> T,
    complete: bool,
    errors: &mut Vec<Finding>,
) -> Vec<T> {
    let mut brought = Vec::with_capacity(entries.len());
    for entry in entries {
        let id = match entry {
            Entry::Local(definition) => {
                brought.push(definition);
                continue;
            }
            Entry::Used(id) => id,
        };
        let mut found = libraries
            .iter()
            .enumerate()
            .filter_map(|(index, (_, library))| {
                definitions(library)
                    .iter()
                    .find(|definition| {
                        id_of(definition).is_some_and(|known| known.value == id.value)
                    })
                    .map(|definition| (index, library, definition))
            });
        let Some((index, library, definition)) = found.next() else {
            if complete {
                errors.push(unknown_used(&id, kind, libraries, &definitions, &id_of));
            } else {
                // A library did not load (already an error): the id may be defined there,
                // so it stands in for the definition and its references stay quiet.
                brought.push(placeholder(&id));
            }
            continue;
        };
        if let Some((_, other, _)) = found.next() {
            errors.push(
                Finding::error(
                    "duplicate-id",
                    id.span,
                    format!(
                        "{kind} `{}` is defined by two used libraries, `{}` and `{}`",
                        id.value, library.source.path, other.source.path
                    ),
                )
                .with_help(format!(
                    "rename the {kind} in one library, or define it here instead of listing it"
                )),
            );
            continue;
        }
        let mut definition = definition.clone();
        let id_span = id_of(&definition).map_or(Span::default(), |known| known.span);
        let origin = Origin {
            library: index,
            span: Span::default(),
            id_span,
        };
        relocate(&mut definition, id.span, origin);
        brought.push(definition);
    }
    brought
}

fn unknown_used<T>(
    id: &Text,
    kind: &'static str,
    libraries: &[(Text, Library)],
    definitions: &impl Fn(&Library) -> &[T],
    id_of: &impl Fn(&T) -> Option<&Text>,
) -> Finding {
    let mut known: Vec<&str> = libraries
        .iter()
        .flat_map(|(_, library)| definitions(library).iter().filter_map(id_of))
        .map(|known| known.value.as_str())
        .collect();
    known.sort_unstable();
    let help = if libraries.is_empty() {
        format!(
            "a string entry names a {kind} of a library in `uses:`; this journey uses none: add `uses: [FILE.jmap-lib.yaml]` or define the {kind} here"
        )
    } else {
        match crate::text::did_you_mean(&id.value, &known) {
            Some(suggestion) => format!("did you mean `{suggestion}`?"),
            None => format!(
                "the used libraries define no {kind} `{}`: define it here or add it to a library",
                id.value
            ),
        }
    };
    Finding::error(
        "unknown-reference",
        id.span,
        format!(
            "no used library defines a {kind} with the id `{}`",
            id.value
        ),
    )
    .with_help(help)
}

fn relocate_text(text: &mut Option<Text>, span: Span) {
    if let Some(text) = text {
        text.span = span;
    }
}

fn relocate_lane(lane: &mut RawLane, span: Span, origin: Origin) {
    relocate_text(&mut lane.id, span);
    relocate_text(&mut lane.name, span);
    relocate_text(&mut lane.owner, span);
    if let Some(kind) = &mut lane.kind {
        kind.span = span;
    }
    for extension in &mut lane.extensions {
        extension.key.span = span;
    }
    lane.origin = Some(Origin {
        span: lane.span,
        ..origin
    });
    lane.span = span;
}

fn relocate_metric(metric: &mut RawMetric, span: Span, origin: Origin) {
    relocate_text(&mut metric.id, span);
    relocate_text(&mut metric.name, span);
    relocate_text(&mut metric.unit, span);
    if let Some(kind) = &mut metric.kind {
        kind.span = span;
    }
    if let Some(target) = &mut metric.target {
        target.span = span;
    }
    if let Some(current) = &mut metric.current {
        current.span = span;
    }
    if let Some(measured) = &mut metric.measured {
        measured.span = span;
    }
    if let Some(sample) = &mut metric.sample {
        sample.span = span;
    }
    for extension in &mut metric.extensions {
        extension.key.span = span;
    }
    metric.origin = Some(Origin {
        span: metric.span,
        ..origin
    });
    metric.span = span;
}

/// `complete` is false when a used library could not be loaded (that is already an error).
pub fn resolve(
    source: Arc<SourceFile>,
    document: RawDocument,
    libraries: Vec<(Text, Library)>,
    complete: bool,
    errors: &mut Vec<Finding>,
) -> Option<Journey> {
    let mut suggestions = Suggestions::new(Arc::clone(&source.text));
    let (lanes_span, lane_entries) = document.lanes.unwrap_or_default();
    let (_, raw_stages) = document.stages.unwrap_or_default();
    let raw_lanes = bring_in(
        lane_entries,
        "lane",
        &libraries,
        |library| &library.lanes,
        |lane| lane.id.as_ref(),
        relocate_lane,
        |id| RawLane {
            id: Some(id.clone()),
            span: id.span,
            ..RawLane::default()
        },
        complete,
        errors,
    );
    let raw_metrics = bring_in(
        document.metrics,
        "metric",
        &libraries,
        |library| &library.metrics,
        |metric| metric.id.as_ref(),
        relocate_metric,
        |id| RawMetric {
            id: Some(id.clone()),
            span: id.span,
            ..RawMetric::default()
        },
        complete,
        errors,
    );

    let mut lane_ids = Ids::new("lane", raw_lanes.len());
    let lanes: Vec<Lane> = raw_lanes
        .into_iter()
        .enumerate()
        .map(|(index, raw)| {
            if let Some(id) = &raw.id {
                lane_ids.insert(id, index, errors);
            }
            Lane {
                id: raw.id.unwrap_or_else(|| placeholder(raw.span)),
                name: raw.name.unwrap_or_else(|| placeholder(raw.span)),
                kind: raw
                    .kind
                    .map_or(crate::model::LaneKind::Frontstage, |kind| kind.value),
                owner: raw.owner,
                allow: raw.allow,
                extensions: raw.extensions,
                origin: raw.origin,
            }
        })
        .collect();
    let lane_index = lane_ids.index();

    let mut metric_ids = Ids::new("metric", raw_metrics.len());
    let metrics: Vec<Metric> = raw_metrics
        .into_iter()
        .enumerate()
        .map(|(index, raw)| {
            if let Some(id) = &raw.id {
                metric_ids.insert(id, index, errors);
            }
            Metric {
                id: raw.id.unwrap_or_else(|| placeholder(raw.span)),
                name: raw.name.unwrap_or_else(|| placeholder(raw.span)),
                kind: raw.kind.map_or(MetricKind::Custom, |kind| kind.value),
                unit: raw.unit,
                target: raw.target,
                current: raw.current,
                measured: raw.measured,
                sample: raw.sample,
                extensions: raw.extensions,
                origin: raw.origin,
            }
        })
        .collect();
    let metric_index = metric_ids.index();

    let touchpoint_count = raw_stages.iter().map(|stage| stage.touchpoints.len()).sum();
    let mut stage_ids = Ids::new("stage", raw_stages.len());
    let mut touchpoint_ids = Ids::new("touchpoint", touchpoint_count);
    let mut stages = Vec::with_capacity(raw_stages.len());
    let mut touchpoints = Vec::with_capacity(touchpoint_count);
    // Handoffs wait for every touchpoint id to be known: a handoff may point forward.
    let mut pending_handoffs = Vec::new();

    for (stage_number, raw_stage) in raw_stages.into_iter().enumerate() {
        let RawStage {
            span,
            id,
            name,
            goal,
            description,
            metrics: stage_metrics,
            touchpoints: raw_touchpoints,
            allow,
            extensions,
        } = raw_stage;
        if let Some(id) = &id {
            stage_ids.insert(id, stage_number, errors);
        }
        let mut stage = Stage {
            id: id.unwrap_or_else(|| placeholder(span)),
            name: name.unwrap_or_else(|| placeholder(span)),
            goal,
            description,
            metrics: resolve_metrics(&metric_index, &stage_metrics, &mut suggestions, errors),
            touchpoints: Vec::with_capacity(raw_touchpoints.len()),
            allow,
            extensions,
            span,
        };
        for raw in raw_touchpoints {
            let index = touchpoints.len();
            if let Some(id) = &raw.id {
                touchpoint_ids.insert(id, index, errors);
            }
            let lane = raw.lane.as_ref().and_then(|lane| {
                lookup(&lane_index, lane, "lane", &mut suggestions, errors)
                    .map(|found| Spanned::new(found, lane.span))
            });
            for handoff in raw.handoffs {
                pending_handoffs.push((index, handoff));
            }
            stage.touchpoints.push(index);
            touchpoints.push(Touchpoint {
                id: raw.id.unwrap_or_else(|| placeholder(raw.span)),
                name: raw.name.unwrap_or_else(|| placeholder(raw.span)),
                stage: stage_number,
                lane: lane.unwrap_or_else(|| Spanned::new(0, raw.span)),
                owner: raw.owner,
                description: raw.description,
                channel: raw.channel,
                emotion: raw.emotion,
                milestone: raw.milestone.is_some_and(|milestone| milestone.value),
                metrics: resolve_metrics(&metric_index, &raw.metrics, &mut suggestions, errors),
                pains: raw.pains,
                opportunities: raw.opportunities,
                handoffs: Vec::new(),
                evidence: raw.evidence,
                allow: raw.allow,
                extensions: raw.extensions,
                span: raw.span,
            });
        }
        stages.push(stage);
    }
    let stage_index = stage_ids.index();
    let touchpoint_index = touchpoint_ids.index();

    let mut handoffs = Vec::with_capacity(pending_handoffs.len());
    for (from, raw) in pending_handoffs {
        let Some(target) = raw.to.as_ref() else {
            continue;
        };
        let Some(to) = lookup(
            &touchpoint_index,
            target,
            "touchpoint",
            &mut suggestions,
            errors,
        ) else {
            continue;
        };
        if let Some(touchpoint) = touchpoints.get_mut(from) {
            touchpoint.handoffs.push(handoffs.len());
        }
        handoffs.push(Handoff {
            from,
            to: Spanned::new(to, target.span),
            owner: raw.owner,
            artifact: raw.artifact,
            sla: raw.sla,
            rework: raw.rework.is_some_and(|rework| rework.value),
            allow: raw.allow,
            extensions: raw.extensions,
            span: raw.span,
        });
    }

    let raw_journey = document.journey?;
    if !errors.is_empty() || document.version.is_none() {
        return None;
    }
    let meta = JourneyMeta {
        id: raw_journey.id?,
        title: raw_journey.title?,
        state: raw_journey.state.map_or(State::AsIs, |state| state.value),
        owner: raw_journey.owner,
        reviewed: raw_journey.reviewed,
        persona: raw_journey.persona,
        persona_profile: raw_journey.persona_profile,
        description: raw_journey.description,
        evidence: raw_journey.evidence,
        allow: raw_journey.allow,
        extensions: raw_journey.extensions,
        span: raw_journey.span,
    };
    let graph = HandoffGraph::new(
        touchpoints.len(),
        handoffs
            .iter()
            .map(|handoff| (handoff.from, handoff.to.value)),
    );
    let uses = libraries
        .into_iter()
        .map(|(entry, library)| UsedLibrary {
            entry,
            source: library.source,
        })
        .collect();
    Some(Journey {
        source,
        uses,
        extensions: document.extensions,
        lanes_span: if lanes_span == Span::default() {
            meta.span
        } else {
            lanes_span
        },
        meta,
        lanes,
        metrics,
        stages,
        touchpoints,
        handoffs,
        lane_index,
        metric_index,
        stage_index,
        touchpoint_index,
        graph,
    })
}

fn resolve_metrics(
    index: &HashMap<String, usize>,
    references: &[Text],
    suggestions: &mut Suggestions,
    errors: &mut Vec<Finding>,
) -> Vec<Spanned<usize>> {
    references
        .iter()
        .filter_map(|reference| {
            lookup(index, reference, "metric", suggestions, errors)
                .map(|found| Spanned::new(found, reference.span))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_stop_when_the_budget_is_spent() {
        let index: HashMap<String, usize> =
            [("kickoff".to_string(), 0), ("handover".to_string(), 1)].into();
        let mut suggestions = Suggestions::new(Arc::from(""));
        let suggested = suggestions.suggest(&index, "touchpoint", "kickof");
        assert_eq!(suggested.as_deref(), Some("kickoff"));
        suggestions.budget = 1;
        assert_eq!(suggestions.suggest(&index, "touchpoint", "kickof"), None);
    }
}
