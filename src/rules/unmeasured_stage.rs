//! `unmeasured-stage`: a stage where neither the stage nor any of its touchpoints names a metric.

use super::{Context, Element, Rule, RuleMeta};
use crate::diagnostic::Level;

pub struct UnmeasuredStage;

static META: RuleMeta = RuleMeta {
    name: "unmeasured-stage",
    default_level: Level::Error,
    summary: "a stage where neither the stage nor any of its touchpoints names a metric",
    explanation: include_str!("docs/unmeasured-stage.md"),
    options: &[],
    silenceable: true,
};

impl Rule for UnmeasuredStage {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context<'_>) {
        let journey = cx.journey;
        for (index, stage) in journey.stages.iter().enumerate() {
            if !journey.is_stage_measured(index) {
                cx.report(
                    Element::Stage(index),
                    stage.id.span,
                    format!("stage `{}` is not measured by any metric", stage.id.value),
                    "name a metric under the stage's `metrics:` or on one of its touchpoints",
                );
            }
        }
    }
}
