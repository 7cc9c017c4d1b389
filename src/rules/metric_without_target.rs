//! `metric-without-target`: a metric with no `target`.

use super::{Context, Element, Rule, RuleMeta};
use crate::diagnostic::Level;

pub struct MetricWithoutTarget;

static META: RuleMeta = RuleMeta {
    name: "metric-without-target",
    default_level: Level::Warning,
    summary: "a metric with no `target`",
    explanation: include_str!("docs/metric-without-target.md"),
    options: &[],
    silenceable: true,
};

impl Rule for MetricWithoutTarget {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context<'_>) {
        for (index, metric) in cx.journey.metrics.iter().enumerate() {
            if metric.target.is_none() {
                cx.report(
                    Element::Metric(index),
                    metric.id.span,
                    format!("metric `{}` has no target", metric.id.value),
                    "add `target:` with an operator and a number, e.g. `\">= 85\"`",
                );
            }
        }
    }
}
