//! `empty-stage`: a stage with no touchpoints.

use super::{Context, Element, Rule, RuleMeta};
use crate::diagnostic::Level;

pub struct EmptyStage;

static META: RuleMeta = RuleMeta {
    name: "empty-stage",
    default_level: Level::Warning,
    summary: "a stage with no touchpoints",
    explanation: include_str!("docs/empty-stage.md"),
    options: &[],
    silenceable: true,
};

impl Rule for EmptyStage {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context<'_>) {
        for (index, stage) in cx.journey.stages.iter().enumerate() {
            if stage.touchpoints.is_empty() {
                cx.report(
                    Element::Stage(index),
                    stage.id.span,
                    format!("stage `{}` has no touchpoints", stage.id.value),
                    "add the touchpoints where the client meets you in this stage, or remove it",
                );
            }
        }
    }
}
