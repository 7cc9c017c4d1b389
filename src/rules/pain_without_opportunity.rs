//! `pain-without-opportunity`: a touchpoint that lists pains and no opportunity.

use super::{Context, Element, Rule, RuleMeta};
use crate::diagnostic::Level;

pub struct PainWithoutOpportunity;

static META: RuleMeta = RuleMeta {
    name: "pain-without-opportunity",
    default_level: Level::Warning,
    summary: "a touchpoint that lists pains and no opportunity",
    explanation: include_str!("docs/pain-without-opportunity.md"),
    options: &[],
    silenceable: true,
};

impl Rule for PainWithoutOpportunity {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context<'_>) {
        for (index, touchpoint) in cx.journey.touchpoints.iter().enumerate() {
            if touchpoint.pains.is_empty() || !touchpoint.opportunities.is_empty() {
                continue;
            }
            let count = touchpoint.pains.len();
            cx.report(
                Element::Touchpoint(index),
                touchpoint.id.span,
                format!(
                    "touchpoint `{}` lists {count} pain{} and no opportunity",
                    touchpoint.id.value,
                    if count == 1 { "" } else { "s" },
                ),
                "add `opportunities:` saying what could ease these pains",
            );
        }
    }
}
