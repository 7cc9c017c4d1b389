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
        for index in journey.unnamed_metrics() {
            if let Some(metric) = journey.metrics.get(index) {
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
