//! Counts the report tabulates (pains by severity, handoffs per stage and lane, where
//! each metric is measured), gathered in one pass. Emotion facts and metric statuses are
//! the model's ([`crate::model::facts`]); nothing here recomputes them.

use crate::model::{Journey, Severity};

#[derive(Default)]
pub struct StageFacts {
    /// Lane indices, top to bottom.
    pub lanes: Vec<usize>,
    pub mean: Option<f64>,
    /// Pains by severity: low, medium, high.
    pub pains: [usize; 3],
    pub opportunities: usize,
    pub cross_lane: usize,
    pub unowned: usize,
    /// Metric indices named by the stage or its touchpoints, first mention first.
    pub metrics: Vec<usize>,
}

#[derive(Default)]
pub struct LaneFacts {
    pub touchpoints: usize,
    pub pains: usize,
    pub cross_lane: usize,
    pub unowned: usize,
}

pub struct Facts {
    pub stages: Vec<StageFacts>,
    pub lanes: Vec<LaneFacts>,
    /// Per metric, the stages where it is measured.
    pub metric_stages: Vec<Vec<usize>>,
    /// Handoff indices of cross-lane handoffs, in file order.
    pub cross_lane: Vec<usize>,
    pub unowned: Vec<usize>,
    /// (touchpoint, pain) pairs, worst first.
    pub pains: Vec<(usize, usize)>,
}

impl Facts {
    pub fn gather(journey: &Journey) -> Self {
        let mut stages: Vec<StageFacts> = journey
            .stages
            .iter()
            .map(|_| StageFacts::default())
            .collect();
        let mut lanes: Vec<LaneFacts> =
            journey.lanes.iter().map(|_| LaneFacts::default()).collect();
        let stage_metrics = journey.stage_metrics();
        // The stage that last listed a lane: dedupes without a set per stage.
        let mut lane_seen = vec![usize::MAX; journey.lanes.len()];

        for (stage_index, (stage, facts)) in journey.stages.iter().zip(&mut stages).enumerate() {
            facts.mean = journey.stage_mean(stage_index);
            facts.metrics = stage_metrics.get(stage_index).cloned().unwrap_or_default();
            for &index in &stage.touchpoints {
                let Some(touchpoint) = journey.touchpoints.get(index) else {
                    continue;
                };
                let lane = touchpoint.lane.value;
                if let Some(seen) = lane_seen.get_mut(lane)
                    && *seen != stage_index
                {
                    *seen = stage_index;
                    facts.lanes.push(lane);
                }
                for pain in &touchpoint.pains {
                    if let Some(count) = facts.pains.get_mut(pain.severity as usize) {
                        *count += 1;
                    }
                }
                facts.opportunities += touchpoint.opportunities.len();
                if let Some(lane) = lanes.get_mut(lane) {
                    lane.touchpoints += 1;
                    lane.pains += touchpoint.pains.len();
                }
            }
            facts.lanes.sort_unstable();
        }

        let mut cross_lane = Vec::new();
        let mut unowned = Vec::new();
        for (index, handoff) in journey.handoffs.iter().enumerate() {
            if !journey.is_cross_lane(handoff) {
                continue;
            }
            cross_lane.push(index);
            let source = journey.handoff_source(handoff);
            let is_unowned = handoff.owner.is_none();
            if is_unowned {
                unowned.push(index);
            }
            if let Some(stage) = stages.get_mut(source.stage) {
                stage.cross_lane += 1;
                stage.unowned += usize::from(is_unowned);
            }
            if let Some(lane) = lanes.get_mut(source.lane.value) {
                lane.cross_lane += 1;
                lane.unowned += usize::from(is_unowned);
            }
        }

        let mut pains: Vec<(usize, usize)> = journey
            .touchpoints
            .iter()
            .enumerate()
            .flat_map(|(index, touchpoint)| {
                (0..touchpoint.pains.len()).map(move |pain| (index, pain))
            })
            .collect();
        // Worst first: severity, then how the client feels there, then journey order.
        pains.sort_by_key(|&(touchpoint, pain)| {
            let touchpoint_ref = journey.touchpoints.get(touchpoint);
            let severity = touchpoint_ref
                .and_then(|t| t.pains.get(pain))
                .map_or(Severity::Low, |pain| pain.severity);
            let emotion = touchpoint_ref
                .and_then(|t| t.emotion.as_ref())
                .map_or(0, |emotion| emotion.value);
            (std::cmp::Reverse(severity), emotion, touchpoint, pain)
        });

        Facts {
            stages,
            lanes,
            metric_stages: journey.metric_stages(),
            cross_lane,
            unowned,
            pains,
        }
    }
}
