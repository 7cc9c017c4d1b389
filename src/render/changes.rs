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

/// A removed lane: a ghost row where it sat in the old lane order, between the lanes it
/// was between ([`super::Overlay::with_ghost_rows`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GhostLane {
    pub key: ElementKey,
    pub name: String,
    pub kind: Option<LaneKind>,
    pub owner: Option<String>,
    /// The lane of the new map its ghost row follows: the last kept lane of its kind that
    /// was above it in the old map, else the last lane of an earlier kind; `None`: first.
    /// Its ghost row holds the ghosts of the touchpoints it had.
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

/// Height of a removed lane's ghost row when it holds no ghost card: room for its
/// `REMOVED … LANE` kicker, its struck name and its owner.
pub const GHOST_LANE_H: f64 = 72.0;

/// A link the overlay draws between two places of the map, routed like a handoff (it
/// gets its own tracks in the gutters and bands, so it crosses no card).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GhostLink {
    /// A removed handoff: index in [`super::Overlay::removed_handoffs`].
    Handoff(usize),
    /// A moved touchpoint's old place to its card: index in [`super::Overlay::removed`].
    Moved(usize),
}

impl super::Overlay {
    /// The lane slot of lane `id` on a map of `journey`: its index, or for a removed lane
    /// `journey.lanes.len()` + its index in `removed_lanes` (a ghost row).
    pub fn lane_slot(&self, journey: &crate::model::Journey, id: &str) -> Option<usize> {
        journey.lane_index.get(id).copied().or_else(|| {
            self.removed_lanes
                .iter()
                .position(|lane| lane.key.id == id)
                .map(|position| journey.lanes.len() + position)
        })
    }

    /// `order` (lane indices top to bottom, a page's share of [`super::lane_order`]) with
    /// the removed lanes' ghost rows inserted where they sat in the old lane order: after
    /// the lane they follow ([`GhostLane::after`]), or first when they follow none (on the
    /// page holding the first rows, `first`). A ghost row's lane is
    /// `journey.lanes.len()` + its index in `removed_lanes`.
    pub fn with_ghost_rows(
        &self,
        journey: &crate::model::Journey,
        mut order: Vec<usize>,
        first: bool,
    ) -> Vec<usize> {
        let base = journey.lanes.len();
        let mut top = 0;
        for (index, ghost) in self.removed_lanes.iter().enumerate() {
            let at = match ghost.after.as_deref() {
                None if first => {
                    top += 1;
                    top - 1
                }
                None => continue,
                Some(after) => {
                    let Some(&lane) = journey.lane_index.get(after) else {
                        continue;
                    };
                    let Some(mut at) = order.iter().position(|&row| row == lane) else {
                        continue;
                    };
                    // After the ghosts already following the same lane.
                    at += 1;
                    while order.get(at).is_some_and(|&row| row >= base) {
                        at += 1;
                    }
                    at
                }
            };
            order.insert(at.min(order.len()), base + index);
        }
        order
    }
}
