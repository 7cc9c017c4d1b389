//! `stale-metric`: a metric whose `measured` date is older than `max_age_days` (default 120).

use super::{Context, Element, OptionKind, Rule, RuleMeta, RuleOption};
use crate::diagnostic::Level;

pub struct StaleMetric;

const MAX_AGE_DAYS: RuleOption = RuleOption {
    name: "max_age_days",
    kind: OptionKind::Count,
    default: 120.0,
    description: "days after `measured` before a metric's `current` counts as stale",
};

static META: RuleMeta = RuleMeta {
    name: "stale-metric",
    default_level: Level::Warning,
    summary: "a metric whose `measured` date is older than `max_age_days` (default 120)",
    explanation: include_str!("docs/stale-metric.md"),
    options: &[MAX_AGE_DAYS],
    silenceable: true,
};

impl Rule for StaleMetric {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context<'_>) {
        let journey = cx.journey;
        let max_age = cx.option(&MAX_AGE_DAYS);
        for (index, metric) in journey.metrics.iter().enumerate() {
            let Some(measured) = &metric.measured else {
                continue;
            };
            let age = (cx.today - measured.value).get_days();
            if f64::from(age) > max_age {
                cx.report(
                    Element::Metric(index),
                    measured.span,
                    format!(
                        "metric `{}` was measured {} days ago, more than {} days",
                        metric.id.value,
                        age,
                        crate::text::number(max_age)
                    ),
                    "measure it again and update `current`, `measured` and `sample` (`jmap metrics --write` does it from `sources`)",
                );
            }
        }
    }
}
