//! `emotion-drop`: the mean emotion falls by `min_drop` (default 2) or more from one stage to the next.

use super::{Context, Element, OptionKind, Rule, RuleMeta, RuleOption};
use crate::diagnostic::Level;

pub struct EmotionDrop;

const MIN_DROP: RuleOption = RuleOption {
    name: "min_drop",
    kind: OptionKind::Number,
    default: 2.0,
    description: "smallest fall of the mean emotion between stages that is reported",
};

static META: RuleMeta = RuleMeta {
    name: "emotion-drop",
    default_level: Level::Warning,
    summary: "the mean emotion falls by `min_drop` (default 2) or more from one stage to the next",
    explanation: include_str!("docs/emotion-drop.md"),
    options: &[MIN_DROP],
    silenceable: true,
};

impl Rule for EmotionDrop {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context<'_>) {
        let journey = cx.journey;
        let min_drop = cx.option(&MIN_DROP);
        for step in journey.stage_steps() {
            let (Some(from), Some(to)) =
                (journey.stages.get(step.from), journey.stages.get(step.to))
            else {
                continue;
            };
            if step.size() >= min_drop - 1e-9 {
                cx.report(
                    Element::Stage(step.to),
                    to.id.span,
                    format!(
                        "mean emotion falls by {} from stage `{}` ({}) to `{}` ({})",
                        crate::text::number(step.size()),
                        from.id.value,
                        crate::text::mean(step.before),
                        to.id.value,
                        crate::text::mean(step.after),
                    ),
                    "look at what the client lives through between these stages and add opportunities to soften the fall",
                );
            }
        }
    }
}
