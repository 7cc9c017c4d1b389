//! `unused-metric`: a metric that no stage or touchpoint names.

use super::{Context, Element, Rule, RuleMeta};
use crate::diagnostic::Level;

pub struct UnusedMetric;

static META: RuleMeta = RuleMeta {
    name: "unused-metric",
    default_level: Level::Warning,
    summary: "a metric that no stage or touchpoint names",
    explanation: include_str!("docs/unused-metric.md"),
    options: &[],
    silenceable: true,
};

impl Rule for UnusedMetric {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context<'_>) {
        let journey = cx.journey;
        let mut used = vec![false; journey.metrics.len()];
        let stage_refs = journey.stages.iter().flat_map(|stage| &stage.metrics);
        let touchpoint_refs = journey
            .touchpoints
            .iter()
            .flat_map(|touchpoint| &touchpoint.metrics);
        for reference in stage_refs.chain(touchpoint_refs) {
            if let Some(slot) = used.get_mut(reference.value) {
                *slot = true;
            }
        }
        for ((index, metric), used) in journey.metrics.iter().enumerate().zip(used) {
            if !used {
                cx.report(
                    Element::Metric(index),
                    metric.id.span,
                    format!(
                        "metric `{}` is not measured at any stage or touchpoint",
                        metric.id.value
                    ),
                    "name it in a stage's or touchpoint's `metrics:`, or remove it",
                );
            }
        }
    }
}
