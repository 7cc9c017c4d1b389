//! `unevidenced-pain`: a `high` pain with no `evidence` on the pain, its touchpoint or the
//! journey.

use super::{Context, Element, Rule, RuleMeta};
use crate::diagnostic::Level;
use crate::model::Severity;

pub struct UnevidencedPain;

static META: RuleMeta = RuleMeta {
    name: "unevidenced-pain",
    default_level: Level::Warning,
    summary: "a `high` pain with no `evidence` on the pain, its touchpoint or the journey",
    explanation: include_str!("docs/unevidenced-pain.md"),
    options: &[],
    silenceable: true,
};

impl Rule for UnevidencedPain {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context<'_>) {
        let journey = cx.journey;
        for (index, touchpoint) in journey.touchpoints.iter().enumerate() {
            for (number, pain) in touchpoint.pains.iter().enumerate() {
                if pain.severity == Severity::High && !journey.pain_has_evidence(index, number) {
                    cx.report(
                        Element::Pain {
                            touchpoint: index,
                            pain: number,
                        },
                        pain.text.span,
                        format!(
                            "high pain \"{}\" at touchpoint `{}` has no evidence",
                            pain.text.value, touchpoint.id.value
                        ),
                        "add `evidence:` to the pain (or its touchpoint): the interview, survey or tickets it comes from",
                    );
                }
            }
        }
    }
}
