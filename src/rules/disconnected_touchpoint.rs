//! `disconnected-touchpoint`: a touchpoint with no handoff in or out, in a journey that has handoffs.

use super::{Context, Element, Rule, RuleMeta};
use crate::diagnostic::Level;

pub struct DisconnectedTouchpoint;

static META: RuleMeta = RuleMeta {
    name: "disconnected-touchpoint",
    default_level: Level::Warning,
    summary: "a touchpoint with no handoff in or out, in a journey that has handoffs",
    explanation: include_str!("docs/disconnected-touchpoint.md"),
    options: &[],
    silenceable: true,
};

impl Rule for DisconnectedTouchpoint {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context<'_>) {
        let journey = cx.journey;
        if journey.handoffs.is_empty() {
            return;
        }
        for (index, touchpoint) in journey.touchpoints.iter().enumerate() {
            if !journey.graph.is_connected(index) {
                cx.report(
                    Element::Touchpoint(index),
                    touchpoint.id.span,
                    format!("touchpoint `{}` has no handoff in or out", touchpoint.id.value),
                    "add a handoff to or from it so the journey shows how the client gets here and moves on",
                );
            }
        }
    }
}
