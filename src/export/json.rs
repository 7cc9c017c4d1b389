//! `jmap export --format json`: the whole model, normalised and versioned.
//!
//! Defaults are filled in (`state`, metric `kind`, pain `severity`, `milestone`,
//! `rework`), every reference is an id, absent optional fields are `null`, lists are
//! always present. Derived facts a dashboard wants (metric status, cross-lane handoffs,
//! stage mean emotion) are included. The shape is documented in `docs/report.md`.

use crate::model::MetricStatus;
use crate::model::{Evidence, Extension, Journey, PersonaProfile, Text};
use serde::Serialize;

pub const VERSION: u32 = 1;

#[derive(Serialize)]
struct Document<'j> {
    version: u32,
    file: &'j str,
    /// The libraries of `uses:`, as written.
    uses: Vec<&'j str>,
    journey: JourneyJson<'j>,
    lanes: Vec<LaneJson<'j>>,
    metrics: Vec<MetricJson<'j>>,
    stages: Vec<StageJson<'j>>,
    touchpoints: Vec<TouchpointJson<'j>>,
    handoffs: Vec<HandoffJson<'j>>,
    /// `x-` keys at the top of the file.
    extensions: Extensions,
}

/// `x-` keys and their values, carried as written.
type Extensions = serde_json::Map<String, serde_json::Value>;

fn extensions(list: &[Extension]) -> Extensions {
    list.iter()
        .map(|extension| (extension.key.value.clone(), extension.value.clone()))
        .collect()
}

#[derive(Serialize)]
struct EvidenceJson<'j> {
    source: Option<&'static str>,
    #[serde(rename = "ref")]
    reference: Option<&'j str>,
    date: Option<String>,
    quote: Option<&'j str>,
    extensions: Extensions,
}

fn evidence(list: &[Evidence]) -> Vec<EvidenceJson<'_>> {
    list.iter()
        .map(|item| EvidenceJson {
            source: item.source.as_ref().map(|source| source.value.as_str()),
            reference: opt(&item.reference),
            date: item.date.as_ref().map(|date| date.value.to_string()),
            quote: opt(&item.quote),
            extensions: extensions(&item.extensions),
        })
        .collect()
}

#[derive(Serialize)]
struct PersonaJson<'j> {
    name: Option<&'j str>,
    role: Option<&'j str>,
    goals: Vec<&'j str>,
    needs: Vec<&'j str>,
    quote: Option<&'j str>,
    extensions: Extensions,
}

fn persona(profile: &PersonaProfile) -> PersonaJson<'_> {
    PersonaJson {
        name: opt(&profile.name),
        role: opt(&profile.role),
        goals: texts(&profile.goals),
        needs: texts(&profile.needs),
        quote: opt(&profile.quote),
        extensions: extensions(&profile.extensions),
    }
}

#[derive(Serialize)]
struct JourneyJson<'j> {
    id: &'j str,
    title: &'j str,
    state: &'static str,
    owner: Option<&'j str>,
    reviewed: Option<String>,
    persona: Option<&'j str>,
    /// `persona:` written as a profile, else null.
    persona_profile: Option<PersonaJson<'j>>,
    description: Option<&'j str>,
    evidence: Vec<EvidenceJson<'j>>,
    allow: Vec<&'j str>,
    extensions: Extensions,
}

#[derive(Serialize)]
struct LaneJson<'j> {
    id: &'j str,
    name: &'j str,
    kind: &'static str,
    owner: Option<&'j str>,
    touchpoints: Vec<&'j str>,
    allow: Vec<&'j str>,
    /// The library that defines this lane (a `uses:` entry), else null.
    library: Option<&'j str>,
    extensions: Extensions,
}

#[derive(Serialize)]
struct TargetJson {
    operator: &'static str,
    value: f64,
}

#[derive(Serialize)]
struct MetricJson<'j> {
    id: &'j str,
    name: &'j str,
    kind: &'static str,
    unit: Option<&'j str>,
    target: Option<TargetJson>,
    current: Option<f64>,
    measured: Option<String>,
    sample: Option<u64>,
    status: MetricStatus,
    /// Stage ids where the metric is measured (named by the stage or one of its touchpoints).
    stages: Vec<&'j str>,
    /// The library that defines this metric (a `uses:` entry), else null.
    library: Option<&'j str>,
    extensions: Extensions,
}

#[derive(Serialize)]
struct StageJson<'j> {
    id: &'j str,
    name: &'j str,
    goal: Option<&'j str>,
    description: Option<&'j str>,
    metrics: Vec<&'j str>,
    touchpoints: Vec<&'j str>,
    mean_emotion: Option<f64>,
    allow: Vec<&'j str>,
    extensions: Extensions,
}

#[derive(Serialize)]
struct PainJson<'j> {
    text: &'j str,
    severity: &'static str,
    evidence: Vec<EvidenceJson<'j>>,
    extensions: Extensions,
}

#[derive(Serialize)]
struct TouchpointJson<'j> {
    id: &'j str,
    name: &'j str,
    stage: &'j str,
    lane: &'j str,
    owner: Option<&'j str>,
    description: Option<&'j str>,
    channel: Option<&'j str>,
    emotion: Option<i8>,
    milestone: bool,
    metrics: Vec<&'j str>,
    pains: Vec<PainJson<'j>>,
    opportunities: Vec<&'j str>,
    /// Ids of the handoffs leaving this touchpoint.
    handoffs: Vec<String>,
    evidence: Vec<EvidenceJson<'j>>,
    allow: Vec<&'j str>,
    extensions: Extensions,
}

#[derive(Serialize)]
struct HandoffJson<'j> {
    id: String,
    from: &'j str,
    to: &'j str,
    from_lane: &'j str,
    to_lane: &'j str,
    cross_lane: bool,
    owner: Option<&'j str>,
    artifact: Option<&'j str>,
    sla: Option<String>,
    sla_minutes: Option<u64>,
    rework: bool,
    allow: Vec<&'j str>,
    extensions: Extensions,
}

fn texts(list: &[Text]) -> Vec<&str> {
    list.iter().map(|text| text.value.as_str()).collect()
}

fn opt(text: &Option<Text>) -> Option<&str> {
    text.as_ref().map(|text| text.value.as_str())
}

pub fn to_string(journey: &Journey) -> Result<String, String> {
    let mut json = crate::text::json::to_string_pretty(&document(journey))
        .map_err(|error| format!("cannot write JSON: {error}"))?;
    json.push('\n');
    Ok(json)
}

fn document(journey: &Journey) -> Document<'_> {
    let touchpoint_id = |index: usize| {
        journey
            .touchpoints
            .get(index)
            .map_or("", |touchpoint| touchpoint.id.value.as_str())
    };
    let lane_id = |index: usize| {
        journey
            .lanes
            .get(index)
            .map_or("", |lane| lane.id.value.as_str())
    };
    let metric_ids = |list: &[crate::source::Spanned<usize>]| -> Vec<&str> {
        list.iter()
            .filter_map(|metric| journey.metrics.get(metric.value))
            .map(|metric| metric.id.value.as_str())
            .collect()
    };

    // Stages where each metric is measured.
    let measured_at: Vec<Vec<&str>> = journey
        .metric_stages()
        .iter()
        .map(|stages| {
            stages
                .iter()
                .filter_map(|&stage| journey.stages.get(stage))
                .map(|stage| stage.id.value.as_str())
                .collect()
        })
        .collect();
    let mut lane_touchpoints: Vec<Vec<&str>> = vec![Vec::new(); journey.lanes.len()];
    for touchpoint in &journey.touchpoints {
        if let Some(list) = lane_touchpoints.get_mut(touchpoint.lane.value) {
            list.push(&touchpoint.id.value);
        }
    }

    let library = |origin: Option<crate::model::Origin>| {
        origin
            .and_then(|origin| journey.uses.get(origin.library))
            .map(|used| used.entry.value.as_str())
    };
    let meta = &journey.meta;
    Document {
        version: VERSION,
        file: &journey.source.path,
        uses: journey
            .uses
            .iter()
            .map(|used| used.entry.value.as_str())
            .collect(),
        extensions: extensions(&journey.extensions),
        journey: JourneyJson {
            id: &meta.id.value,
            title: &meta.title.value,
            state: meta.state.as_str(),
            owner: opt(&meta.owner),
            reviewed: meta.reviewed.as_ref().map(|date| date.value.to_string()),
            persona: opt(&meta.persona),
            persona_profile: meta.persona_profile.as_ref().map(persona),
            description: opt(&meta.description),
            evidence: evidence(&meta.evidence),
            allow: texts(&meta.allow),
            extensions: extensions(&meta.extensions),
        },
        lanes: journey
            .lanes
            .iter()
            .zip(lane_touchpoints)
            .map(|(lane, touchpoints)| LaneJson {
                id: &lane.id.value,
                name: &lane.name.value,
                kind: lane.kind.as_str(),
                owner: opt(&lane.owner),
                touchpoints,
                allow: texts(&lane.allow),
                library: library(lane.origin),
                extensions: extensions(&lane.extensions),
            })
            .collect(),
        metrics: journey
            .metrics
            .iter()
            .zip(measured_at)
            .map(|(metric, stages)| MetricJson {
                id: &metric.id.value,
                name: &metric.name.value,
                kind: metric.kind.as_str(),
                unit: opt(&metric.unit),
                target: metric.target.as_ref().map(|target| TargetJson {
                    operator: target.value.comparison.as_str(),
                    value: target.value.value,
                }),
                current: metric.current.as_ref().map(|current| current.value),
                measured: metric.measured.as_ref().map(|date| date.value.to_string()),
                sample: metric.sample.as_ref().map(|sample| sample.value),
                status: metric.status(),
                stages,
                library: library(metric.origin),
                extensions: extensions(&metric.extensions),
            })
            .collect(),
        stages: journey
            .stages
            .iter()
            .enumerate()
            .map(|(index, stage)| StageJson {
                id: &stage.id.value,
                name: &stage.name.value,
                goal: opt(&stage.goal),
                description: opt(&stage.description),
                metrics: metric_ids(&stage.metrics),
                touchpoints: stage
                    .touchpoints
                    .iter()
                    .map(|&index| touchpoint_id(index))
                    .collect(),
                mean_emotion: journey.stage_mean(index).map(crate::text::round),
                allow: texts(&stage.allow),
                extensions: extensions(&stage.extensions),
            })
            .collect(),
        touchpoints: journey
            .touchpoints
            .iter()
            .map(|touchpoint| TouchpointJson {
                id: &touchpoint.id.value,
                name: &touchpoint.name.value,
                stage: journey
                    .stages
                    .get(touchpoint.stage)
                    .map_or("", |stage| stage.id.value.as_str()),
                lane: lane_id(touchpoint.lane.value),
                owner: opt(&touchpoint.owner),
                description: opt(&touchpoint.description),
                channel: opt(&touchpoint.channel),
                emotion: touchpoint.emotion.as_ref().map(|emotion| emotion.value),
                milestone: touchpoint.milestone,
                metrics: metric_ids(&touchpoint.metrics),
                pains: touchpoint
                    .pains
                    .iter()
                    .map(|pain| PainJson {
                        text: &pain.text.value,
                        severity: pain.severity.as_str(),
                        evidence: evidence(&pain.evidence),
                        extensions: extensions(&pain.extensions),
                    })
                    .collect(),
                opportunities: texts(&touchpoint.opportunities),
                handoffs: touchpoint
                    .handoffs
                    .iter()
                    .filter_map(|&index| journey.handoffs.get(index))
                    .map(|handoff| journey.handoff_id(handoff))
                    .collect(),
                evidence: evidence(&touchpoint.evidence),
                allow: texts(&touchpoint.allow),
                extensions: extensions(&touchpoint.extensions),
            })
            .collect(),
        handoffs: journey
            .handoffs
            .iter()
            .map(|handoff| {
                let from = journey.handoff_source(handoff);
                let to = journey.handoff_target(handoff);
                HandoffJson {
                    id: journey.handoff_id(handoff),
                    from: &from.id.value,
                    to: &to.id.value,
                    from_lane: lane_id(from.lane.value),
                    to_lane: lane_id(to.lane.value),
                    cross_lane: journey.is_cross_lane(handoff),
                    owner: opt(&handoff.owner),
                    artifact: opt(&handoff.artifact),
                    sla: handoff.sla.as_ref().map(|sla| sla.value.display()),
                    sla_minutes: handoff.sla.as_ref().map(|sla| sla.value.minutes),
                    rework: handoff.rework,
                    allow: texts(&handoff.allow),
                    extensions: extensions(&handoff.extensions),
                }
            })
            .collect(),
    }
}
