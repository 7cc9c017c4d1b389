//! Facts about a journey, computed here and nowhere else: mean emotions (per stage and for
//! the journey), the emotion curve, its lowest and highest points and biggest drops, each
//! metric's status against its target, how durations and the emotion scale read.
//!
//! Rules, report, export, the map and diff read these; outputs only format them (numbers
//! through [`crate::text::number`] / [`crate::text::mean`]).

use super::{Duration, Journey, Metric};
use serde::Serialize;

/// The words of the emotion scale, -2 to +2, used by every output.
pub const EMOTION_WORDS: [(i8, &str); 5] = [
    (-2, "very unhappy"),
    (-1, "unhappy"),
    (0, "neutral"),
    (1, "happy"),
    (2, "delighted"),
];

/// The word for an emotion (values outside -2..2 take the nearest end's word).
pub fn emotion_word(emotion: i8) -> &'static str {
    match emotion {
        i8::MIN..=-2 => "very unhappy",
        -1 => "unhappy",
        0 => "neutral",
        1 => "happy",
        _ => "delighted",
    }
}

/// The scale in one phrase: `-2 (very unhappy) through 0 (neutral) to +2 (delighted)`.
pub fn emotion_scale() -> String {
    format!(
        "-2 ({}) through 0 ({}) to +2 ({})",
        emotion_word(-2),
        emotion_word(0),
        emotion_word(2)
    )
}

/// A stage's mean emotion on the curve.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StagePoint {
    pub stage: usize,
    pub mean: f64,
}

/// A touchpoint's stated emotion.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TouchpointPoint {
    pub touchpoint: usize,
    pub emotion: i8,
}

/// A fall between two consecutive points of a curve: `from` (index of a stage or a
/// touchpoint) at `before`, then `to` at `after`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Drop {
    pub from: usize,
    pub before: f64,
    pub to: usize,
    pub after: f64,
}

impl Drop {
    /// How far it falls (positive).
    pub fn size(&self) -> f64 {
        self.before - self.after
    }
}

/// Where a metric stands against its target: the one status every output shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MetricStatus {
    /// It has a target and a current value that meets it.
    Meets,
    /// It has a target and a current value that misses it.
    Misses,
    /// It has a target but no current value yet.
    NoCurrentValue,
    /// It has no target (whether or not it has a current value).
    NoTarget,
}

impl MetricStatus {
    pub const ALL: &[MetricStatus] = &[
        MetricStatus::Meets,
        MetricStatus::Misses,
        MetricStatus::NoCurrentValue,
        MetricStatus::NoTarget,
    ];

    /// `meets`, `misses`, `no current value`, `no target`.
    pub fn as_str(self) -> &'static str {
        match self {
            MetricStatus::Meets => "meets",
            MetricStatus::Misses => "misses",
            MetricStatus::NoCurrentValue => "no current value",
            MetricStatus::NoTarget => "no target",
        }
    }

    /// The status as a predicate about one metric: `meets its target`, `has no target`.
    pub fn phrase(self) -> &'static str {
        match self {
            MetricStatus::Meets => "meets its target",
            MetricStatus::Misses => "misses its target",
            MetricStatus::NoCurrentValue => "has no current value",
            MetricStatus::NoTarget => "has no target",
        }
    }
}

impl Metric {
    pub fn status(&self) -> MetricStatus {
        match (&self.target, &self.current) {
            (None, _) => MetricStatus::NoTarget,
            (Some(_), None) => MetricStatus::NoCurrentValue,
            (Some(target), Some(current)) if target.is_met_by(current.value) => MetricStatus::Meets,
            (Some(_), Some(_)) => MetricStatus::Misses,
        }
    }

    /// A value of this metric with its unit ([`value_with_unit`]).
    pub fn value_text(&self, value: f64) -> String {
        value_with_unit(value, self.unit.as_ref().map(|unit| unit.value.as_str()))
    }

    /// How far the current value is from the target, when it misses it.
    pub fn shortfall(&self) -> Option<f64> {
        match (self.status(), &self.target, &self.current) {
            (MetricStatus::Misses, Some(target), Some(current)) => {
                Some((current.value - target.value.value).abs())
            }
            _ => None,
        }
    }
}

/// A metric value with its unit, as every output writes it: `71%`, `9 days`, `3.4 (1-7)`
/// (a unit that starts with a digit is a scale), the number alone without a unit.
pub fn value_with_unit(value: f64, unit: Option<&str>) -> String {
    let number = crate::text::number(value);
    match unit.map(str::trim) {
        None | Some("") => number,
        Some("%") => format!("{number}%"),
        Some(unit) if unit.starts_with(|ch: char| ch.is_ascii_digit()) => {
            format!("{number} ({unit})")
        }
        Some(unit) => format!("{number} {unit}"),
    }
}

impl Duration {
    /// As written in journey files: the largest unit that divides it (`2d`, `90m`).
    pub fn display(self) -> String {
        let minutes = self.minutes;
        for (unit, size) in [('w', 60 * 24 * 7), ('d', 60 * 24), ('h', 60)] {
            if minutes > 0 && minutes.is_multiple_of(size) {
                return format!("{}{unit}", minutes / size);
            }
        }
        format!("{minutes}m")
    }
}

impl std::fmt::Display for Duration {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.display())
    }
}

/// The mean of some emotions, `None` when there are none.
fn mean_of(emotions: impl Iterator<Item = i8>) -> Option<f64> {
    let (sum, count) = emotions.fold((0i64, 0u32), |(sum, count), emotion| {
        (sum + i64::from(emotion), count.saturating_add(1))
    });
    (count > 0).then(|| sum as f64 / f64::from(count))
}

/// The largest fall between consecutive points; the first one wins a tie.
fn biggest(drops: impl Iterator<Item = Drop>) -> Option<Drop> {
    drops.fold(None, |best: Option<Drop>, drop| match best {
        Some(best) if best.size() >= drop.size() => Some(best),
        _ => Some(drop),
    })
}

/// Every step between consecutive `(index, value)` points, falls and rises alike.
fn steps(points: Vec<(usize, f64)>) -> impl Iterator<Item = Drop> {
    let mut previous: Option<(usize, f64)> = None;
    points.into_iter().filter_map(move |(index, value)| {
        let step = previous.map(|(from, before)| Drop {
            from,
            before,
            to: index,
            after: value,
        });
        previous = Some((index, value));
        step
    })
}

/// Every fall between consecutive points.
fn falls(points: Vec<(usize, f64)>) -> impl Iterator<Item = Drop> {
    steps(points).filter(|step| step.after < step.before)
}

impl Journey {
    /// Mean emotion of the stage at `stage`'s touchpoints that state one.
    pub fn stage_mean(&self, stage: usize) -> Option<f64> {
        let stage = self.stages.get(stage)?;
        mean_of(
            stage
                .touchpoints
                .iter()
                .filter_map(|&index| self.touchpoints.get(index))
                .filter_map(|touchpoint| touchpoint.emotion.as_ref().map(|e| e.value)),
        )
    }

    /// Whether a metric measures the stage: named by the stage or one of its touchpoints.
    pub fn is_stage_measured(&self, stage: usize) -> bool {
        self.stages.get(stage).is_some_and(|stage| {
            !stage.metrics.is_empty()
                || stage
                    .touchpoints
                    .iter()
                    .filter_map(|&touchpoint| self.touchpoints.get(touchpoint))
                    .any(|touchpoint| !touchpoint.metrics.is_empty())
        })
    }

    /// The metrics measuring the stage at `stage`: its own, then its touchpoints', each
    /// once.
    pub fn metrics_of_stage(&self, stage: usize) -> Vec<usize> {
        let Some(stage) = self.stages.get(stage) else {
            return Vec::new();
        };
        let touchpoint_metrics = stage
            .touchpoints
            .iter()
            .filter_map(|&index| self.touchpoints.get(index))
            .flat_map(|touchpoint| touchpoint.metrics.iter());
        let mut list: Vec<usize> = Vec::new();
        for metric in stage.metrics.iter().chain(touchpoint_metrics) {
            if !list.contains(&metric.value) {
                list.push(metric.value);
            }
        }
        list
    }

    /// [`Journey::metrics_of_stage`] of every stage, in stage order.
    pub fn stage_metrics(&self) -> Vec<Vec<usize>> {
        (0..self.stages.len())
            .map(|stage| self.metrics_of_stage(stage))
            .collect()
    }

    /// Per metric, the stages that measure it, in stage order (the other way round of
    /// [`Journey::stage_metrics`]).
    pub fn metric_stages(&self) -> Vec<Vec<usize>> {
        let mut stages = vec![Vec::new(); self.metrics.len()];
        for (stage, metrics) in self.stage_metrics().into_iter().enumerate() {
            for metric in metrics {
                if let Some(list) = stages.get_mut(metric) {
                    list.push(stage);
                }
            }
        }
        stages
    }

    /// The metrics that no stage or touchpoint names, in journey order.
    pub fn unnamed_metrics(&self) -> Vec<usize> {
        self.metric_stages()
            .iter()
            .enumerate()
            .filter(|(_, stages)| stages.is_empty())
            .map(|(metric, _)| metric)
            .collect()
    }

    /// Mean emotion of every touchpoint that states one.
    pub fn mean_emotion(&self) -> Option<f64> {
        mean_of(
            self.touchpoints
                .iter()
                .filter_map(|t| t.emotion.as_ref().map(|e| e.value)),
        )
    }

    /// The emotion curve by stage: each stage with a mean, in journey order.
    pub fn emotion_curve(&self) -> Vec<StagePoint> {
        (0..self.stages.len())
            .filter_map(|stage| {
                self.stage_mean(stage)
                    .map(|mean| StagePoint { stage, mean })
            })
            .collect()
    }

    /// The emotion curve by touchpoint: each touchpoint that states an emotion, in
    /// journey order.
    pub fn felt(&self) -> Vec<TouchpointPoint> {
        self.touchpoints
            .iter()
            .enumerate()
            .filter_map(|(touchpoint, t)| {
                t.emotion.as_ref().map(|emotion| TouchpointPoint {
                    touchpoint,
                    emotion: emotion.value,
                })
            })
            .collect()
    }

    /// The lowest points of the curve: every touchpoint at the lowest emotion stated, in
    /// journey order (empty when none states one).
    pub fn lowest_touchpoints(&self) -> Vec<TouchpointPoint> {
        let felt = self.felt();
        let Some(lowest) = felt.iter().map(|point| point.emotion).min() else {
            return felt;
        };
        felt.into_iter()
            .filter(|point| point.emotion == lowest)
            .collect()
    }

    /// The highest points of the curve: every touchpoint at the highest emotion stated.
    pub fn highest_touchpoints(&self) -> Vec<TouchpointPoint> {
        let felt = self.felt();
        let Some(highest) = felt.iter().map(|point| point.emotion).max() else {
            return felt;
        };
        felt.into_iter()
            .filter(|point| point.emotion == highest)
            .collect()
    }

    /// The first stage with the lowest mean emotion.
    pub fn lowest_stage(&self) -> Option<StagePoint> {
        self.emotion_curve()
            .into_iter()
            .reduce(|best, point| if point.mean < best.mean { point } else { best })
    }

    /// The first stage with the highest mean emotion.
    pub fn highest_stage(&self) -> Option<StagePoint> {
        self.emotion_curve()
            .into_iter()
            .reduce(|best, point| if point.mean > best.mean { point } else { best })
    }

    /// Every step of the mean emotion from one stage with a mean to the next (a rise has a
    /// negative [`Drop::size`]).
    pub fn stage_steps(&self) -> Vec<Drop> {
        steps(
            self.emotion_curve()
                .into_iter()
                .map(|point| (point.stage, point.mean))
                .collect(),
        )
        .collect()
    }

    /// The biggest fall of the mean emotion between consecutive stages.
    pub fn biggest_stage_drop(&self) -> Option<Drop> {
        biggest(
            self.stage_steps()
                .into_iter()
                .filter(|step| step.after < step.before),
        )
    }

    /// The biggest fall of emotion between consecutive touchpoints that state one.
    pub fn biggest_touchpoint_drop(&self) -> Option<Drop> {
        biggest(falls(
            self.felt()
                .into_iter()
                .map(|point| (point.touchpoint, f64::from(point.emotion)))
                .collect(),
        ))
    }
}
