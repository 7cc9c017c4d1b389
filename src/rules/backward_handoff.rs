//! `backward-handoff`: a handoff to an earlier stage not marked `rework: true`.

use super::{Context, Element, Rule, RuleMeta};
use crate::diagnostic::Level;
use crate::fix::{Applicability, Fix, FixMeta, yaml};

pub struct BackwardHandoff;

static META: RuleMeta = RuleMeta {
    name: "backward-handoff",
    default_level: Level::Warning,
    summary: "a handoff to an earlier stage not marked `rework: true`",
    explanation: include_str!("docs/backward-handoff.md"),
    options: &[],
    silenceable: true,
};

static FIX: FixMeta = FixMeta {
    applicability: Applicability::Unsafe,
    description: "marks the handoff `rework: true` (unsafe: it declares the loop intended)",
};

impl Rule for BackwardHandoff {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn fix(&self) -> Option<&'static FixMeta> {
        Some(&FIX)
    }

    fn check(&self, cx: &mut Context<'_>) {
        let journey = cx.journey;
        for (index, handoff) in journey.handoffs.iter().enumerate() {
            let from = journey.handoff_source(handoff);
            let to = journey.handoff_target(handoff);
            if handoff.rework || to.stage >= from.stage {
                continue;
            }
            let fix = yaml::set_key(&journey.source.text, handoff.span.start, "rework", "true")
                .map(|edit| Fix::unsafe_("Mark the handoff `rework: true`", vec![edit]));
            cx.report_fixable(
                Element::Handoff(index),
                handoff.to.span,
                format!(
                    "handoff `{}` -> `{}` goes back from stage `{}` to earlier stage `{}`",
                    from.id.value,
                    to.id.value,
                    journey.stage_id(from.stage),
                    journey.stage_id(to.stage),
                ),
                "mark an intended loop with `rework: true`, or point the handoff forward",
                fix,
            );
        }
    }
}
