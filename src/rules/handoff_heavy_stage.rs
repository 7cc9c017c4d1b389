//! `handoff-heavy-stage`: a stage with more cross-lane handoffs leaving it than `max` (default 5).

use super::{Context, Element, OptionKind, Rule, RuleMeta, RuleOption};
use crate::diagnostic::Level;

pub struct HandoffHeavyStage;

const MAX: RuleOption = RuleOption {
    name: "max",
    kind: OptionKind::Count,
    default: 5.0,
    description: "most cross-lane handoffs that may leave one stage",
};

static META: RuleMeta = RuleMeta {
    name: "handoff-heavy-stage",
    default_level: Level::Warning,
    summary: "a stage with more cross-lane handoffs leaving it than `max` (default 5)",
    explanation: include_str!("docs/handoff-heavy-stage.md"),
    options: &[MAX],
    silenceable: true,
};

impl Rule for HandoffHeavyStage {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context<'_>) {
        let journey = cx.journey;
        let max = cx.option(&MAX);
        for (index, stage) in journey.stages.iter().enumerate() {
            let leaving = stage
                .touchpoints
                .iter()
                .flat_map(|&touchpoint| journey.graph.outgoing(touchpoint))
                .filter_map(|&handoff| journey.handoffs.get(handoff))
                .filter(|handoff| journey.is_cross_lane(handoff))
                .count();
            if leaving as f64 > max {
                cx.report(
                    Element::Stage(index),
                    stage.id.span,
                    format!(
                        "{} cross-lane handoffs leave stage `{}` (max {})",
                        leaving,
                        stage.id.value,
                        crate::text::number(max),
                    ),
                    "every cross-lane handoff is a place where the experience can break: merge steps or give one team the stage",
                );
            }
        }
    }
}
