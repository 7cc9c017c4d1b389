//! `handoff-heavy-stage`: a stage with more cross-lane handoffs leaving it than `max` (default 5).

use super::{Context, Element, Rule, RuleMeta, RuleOption};
use crate::diagnostic::Level;

pub struct HandoffHeavyStage;

static META: RuleMeta = RuleMeta {
    name: "handoff-heavy-stage",
    default_level: Level::Warning,
    summary: "a stage with more cross-lane handoffs leaving it than `max` (default 5)",
    explanation: include_str!("docs/handoff-heavy-stage.md"),
    options: &[RuleOption {
        name: "max",
        default: 5.0,
        description: "most cross-lane handoffs that may leave one stage",
    }],
    silenceable: true,
};

impl Rule for HandoffHeavyStage {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context<'_>) {
        let journey = cx.journey;
        let max = cx.option("max");
        let mut leaving = vec![0usize; journey.stages.len()];
        for handoff in &journey.handoffs {
            if journey.is_cross_lane(handoff) {
                leaving[journey.handoff_source(handoff).stage] += 1;
            }
        }
        for (index, stage) in journey.stages.iter().enumerate() {
            if leaving[index] as f64 > max {
                cx.report(
                    Element::Stage(index),
                    stage.id.span,
                    format!(
                        "{} cross-lane handoffs leave stage `{}` (max {})",
                        leaving[index],
                        stage.id.value,
                        crate::text::number(max),
                    ),
                    "every cross-lane handoff is a place where the experience can break: merge steps or give one team the stage",
                );
            }
        }
    }
}
