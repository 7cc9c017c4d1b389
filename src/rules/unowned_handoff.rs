//! `unowned-handoff`: a cross-lane handoff with no `owner`.

use super::{Context, Element, Rule, RuleMeta};
use crate::diagnostic::Level;

pub struct UnownedHandoff;

static META: RuleMeta = RuleMeta {
    name: "unowned-handoff",
    default_level: Level::Error,
    summary: "a cross-lane handoff with no `owner`",
    explanation: include_str!("docs/unowned-handoff.md"),
    options: &[],
    silenceable: true,
};

impl Rule for UnownedHandoff {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context<'_>) {
        let journey = cx.journey;
        for (index, handoff) in journey.handoffs.iter().enumerate() {
            if handoff.owner.is_some() || !journey.is_cross_lane(handoff) {
                continue;
            }
            let from = journey.handoff_source(handoff);
            let to = journey.handoff_target(handoff);
            cx.report(
                Element::Handoff(index),
                handoff.to.span,
                format!(
                    "handoff `{}` -> `{}` crosses from lane `{}` to `{}` with no owner",
                    from.id.value,
                    to.id.value,
                    journey.lane_id(from.lane.value),
                    journey.lane_id(to.lane.value),
                ),
                "add `owner:` naming the role accountable for this handoff",
            );
        }
    }
}
