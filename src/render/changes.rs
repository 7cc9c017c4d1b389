//! What a diff overlay carries beyond marks: the old side's emotion, the before → after
//! measures, and the removed handoffs, lanes and metrics drawn as ghosts where they were.
//! Filled by `diff::overlay` from the model's facts; the renderer only formats them.

use crate::model::{ElementKey, LaneKind};

/// One stage of the old journey: its touchpoints' emotions in stage order (`None` where a
/// touchpoint states none) and its mean ([`crate::model::Journey::stage_mean`]).
#[derive(Debug, Clone, PartialEq)]
pub struct StageEmotion {
    /// Stage id: the as-is curve is drawn in the column of the new stage with this id.
    pub stage: String,
    pub emotions: Vec<Option<i8>>,
    pub mean: Option<f64>,
}

/// One measure of the header strip, before → after, as the diff prints it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeasureChange {
    pub label: &'static str,
    pub old: String,
    pub new: String,
    /// `better`, `worse` or `same`.
    pub trend: &'static str,
}

/// A removed handoff: a ghost arrow between its two ends, where the new map draws them
/// (a touchpoint's card, or the ghost of a removed one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GhostHandoff {
    pub key: ElementKey,
    pub from: ElementKey,
    pub to: ElementKey,
    /// `From → To` by the touchpoints' names.
    pub label: String,
    /// Owner, artifact, SLA as they were (one line each).
    pub details: Vec<String>,
}

/// A removed lane: a ghost row where it sat in the old lane order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GhostLane {
    pub key: ElementKey,
    pub name: String,
    pub kind: Option<LaneKind>,
    pub owner: Option<String>,
    /// The nearest lane above it in the old map that the new journey still has (its
    /// ghost goes under that lane's row); `None`: above every kept lane.
    pub after: Option<String>,
}

/// A removed metric: a ghost card in the metrics row, under the first stage that showed
/// it (drawn once, as every change).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GhostMetric {
    pub key: ElementKey,
    pub name: String,
    /// Its value and target as they were (`38% (target ≤ 15%)`).
    pub value: String,
    /// Id of the first stage it was shown under (its own list or a touchpoint's);
    /// `None` (or a stage the new journey lacks): under the first stage.
    pub stage: Option<String>,
}
