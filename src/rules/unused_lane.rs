//! `unused-lane`: a lane with no touchpoint.

use super::{Context, Element, Rule, RuleMeta};
use crate::diagnostic::Level;

pub struct UnusedLane;

static META: RuleMeta = RuleMeta {
    name: "unused-lane",
    default_level: Level::Warning,
    summary: "a lane with no touchpoint",
    explanation: include_str!("docs/unused-lane.md"),
    options: &[],
    silenceable: true,
};

impl Rule for UnusedLane {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context<'_>) {
        let journey = cx.journey;
        let mut used = vec![false; journey.lanes.len()];
        for touchpoint in &journey.touchpoints {
            if let Some(slot) = used.get_mut(touchpoint.lane.value) {
                *slot = true;
            }
        }
        for ((index, lane), used) in journey.lanes.iter().enumerate().zip(used) {
            if !used {
                cx.report(
                    Element::Lane(index),
                    lane.id.span,
                    format!("lane `{}` has no touchpoint", lane.id.value),
                    "place a touchpoint in this lane, or remove the lane",
                );
            }
        }
    }
}
