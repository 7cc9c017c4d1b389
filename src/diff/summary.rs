//! The measures of each side a reviewer compares (counts, means, metrics on target),
//! taken from the model's facts, and which way each went.

use crate::diagnostic::{Finding, Level};
use crate::model::{Journey, MetricStatus};
use serde::Serialize;

/// The measures of one side that a reviewer compares.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    pub touchpoints: usize,
    pub handoffs: usize,
    pub cross_lane_handoffs: usize,
    pub unowned_handoffs: usize,
    pub unmeasured_stages: usize,
    /// Mean emotion of the touchpoints that state one (the model's
    /// [`Journey::mean_emotion`]), to two decimals; `null` when none does.
    pub mean_emotion: Option<f64>,
    pub pains: usize,
    pub errors: usize,
    pub warnings: usize,
    pub metrics: usize,
    /// Metrics whose current value meets their target ([`crate::model::Metric::status`]).
    pub metrics_on_target: usize,
    /// Each stage's mean emotion ([`Journey::stage_mean`]), in journey order.
    pub stage_means: Vec<StageMean>,
}

/// One stage's mean emotion on one side.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StageMean {
    pub stage: String,
    pub mean: Option<f64>,
}

impl Summary {
    pub fn of(journey: &Journey, findings: &[Finding]) -> Summary {
        let cross_lane: Vec<_> = journey
            .handoffs
            .iter()
            .filter(|handoff| journey.is_cross_lane(handoff))
            .collect();
        let unmeasured_stages = journey
            .stages
            .iter()
            .filter(|stage| {
                stage.metrics.is_empty()
                    && stage.touchpoints.iter().all(|&index| {
                        journey
                            .touchpoints
                            .get(index)
                            .is_none_or(|touchpoint| touchpoint.metrics.is_empty())
                    })
            })
            .count();
        Summary {
            touchpoints: journey.touchpoints.len(),
            handoffs: journey.handoffs.len(),
            cross_lane_handoffs: cross_lane.len(),
            unowned_handoffs: cross_lane
                .iter()
                .filter(|handoff| handoff.owner.is_none())
                .count(),
            unmeasured_stages,
            mean_emotion: journey.mean_emotion().map(crate::text::round),
            pains: journey
                .touchpoints
                .iter()
                .map(|touchpoint| touchpoint.pains.len())
                .sum(),
            errors: count_level(findings, Level::Error),
            warnings: count_level(findings, Level::Warning),
            metrics: journey.metrics.len(),
            metrics_on_target: journey
                .metrics
                .iter()
                .filter(|metric| metric.status() == MetricStatus::Meets)
                .count(),
            stage_means: journey
                .stages
                .iter()
                .enumerate()
                .map(|(index, stage)| StageMean {
                    stage: stage.id.value.clone(),
                    mean: journey.stage_mean(index).map(crate::text::round),
                })
                .collect(),
        }
    }

    /// The mean of the stage with id `stage`, when it exists and has one.
    pub fn stage_mean(&self, stage: &str) -> Option<f64> {
        self.stage_means
            .iter()
            .find(|mean| mean.stage == stage)
            .and_then(|mean| mean.mean)
    }
}

fn count_level(findings: &[Finding], level: Level) -> usize {
    findings
        .iter()
        .filter(|finding| finding.level == level)
        .count()
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summaries {
    pub old: Summary,
    pub new: Summary,
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
            label: "metrics on target",
            old: count(old.metrics_on_target),
            new: count(new.metrics_on_target),
            lower_is_better: false,
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
        row(
            "metrics on target",
            old.metrics_on_target,
            new.metrics_on_target,
        ),
        row("lint errors", old.errors, new.errors),
        row("lint warnings", old.warnings, new.warnings),
    ]
}
