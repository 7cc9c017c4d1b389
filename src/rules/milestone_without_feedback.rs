//! `milestone-without-feedback`: a `milestone: true` touchpoint with no nps, csat or ces metric on it or its stage.

use super::{Context, Element, Rule, RuleMeta};
use crate::diagnostic::Level;
use crate::source::Spanned;

pub struct MilestoneWithoutFeedback;

static META: RuleMeta = RuleMeta {
    name: "milestone-without-feedback",
    default_level: Level::Warning,
    summary: "a `milestone: true` touchpoint with no nps, csat or ces metric on it or its stage",
    explanation: include_str!("docs/milestone-without-feedback.md"),
    options: &[],
    silenceable: true,
};

impl Rule for MilestoneWithoutFeedback {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context<'_>) {
        let journey = cx.journey;
        let is_feedback = |metrics: &[Spanned<usize>]| {
            metrics
                .iter()
                .filter_map(|metric| journey.metrics.get(metric.value))
                .any(|metric| metric.kind.is_feedback())
        };
        for (index, touchpoint) in journey.touchpoints.iter().enumerate() {
            if !touchpoint.milestone
                || is_feedback(&touchpoint.metrics)
                || journey
                    .stages
                    .get(touchpoint.stage)
                    .is_some_and(|stage| is_feedback(&stage.metrics))
            {
                continue;
            }
            cx.report(
                Element::Touchpoint(index),
                touchpoint.id.span,
                format!(
                    "milestone `{}` has no nps, csat or ces metric on it or its stage",
                    touchpoint.id.value
                ),
                "measure how the client feels at this milestone: name an nps, csat or ces metric",
            );
        }
    }
}
