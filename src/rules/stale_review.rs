//! `stale-review`: `reviewed` missing or older than `max_age_days` (default 180).

use super::{Context, Element, OptionKind, Rule, RuleMeta, RuleOption};
use crate::diagnostic::Level;

pub struct StaleReview;

const MAX_AGE_DAYS: RuleOption = RuleOption {
    name: "max_age_days",
    kind: OptionKind::Count,
    default: 180.0,
    description: "days after `reviewed` before the map counts as stale",
};

static META: RuleMeta = RuleMeta {
    name: "stale-review",
    default_level: Level::Warning,
    summary: "`reviewed` missing or older than `max_age_days` (default 180)",
    explanation: include_str!("docs/stale-review.md"),
    options: &[MAX_AGE_DAYS],
    silenceable: true,
};

impl Rule for StaleReview {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context<'_>) {
        let journey = cx.journey;
        let max_age = cx.option(&MAX_AGE_DAYS);
        let Some(reviewed) = &journey.meta.reviewed else {
            cx.report(
                Element::Journey,
                journey.meta.span,
                "the journey has no `reviewed` date",
                "add `reviewed: YYYY-MM-DD` with the date the map was last checked against reality",
            );
            return;
        };
        let age = (cx.today - reviewed.value).get_days();
        if f64::from(age) > max_age {
            cx.report(
                Element::Journey,
                reviewed.span,
                format!(
                    "last reviewed {} days ago, more than {} days",
                    age,
                    crate::text::number(max_age)
                ),
                "walk the journey with the teams, update it, and set `reviewed` to today's date",
            );
        }
    }
}
