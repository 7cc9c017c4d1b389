//! `emotion-drop`: the mean emotion falls by `min_drop` (default 2) or more from one stage to the next.

use super::{Context, Element, Rule, RuleMeta, RuleOption};
use crate::diagnostic::Level;

pub struct EmotionDrop;

static META: RuleMeta = RuleMeta {
    name: "emotion-drop",
    default_level: Level::Warning,
    summary: "the mean emotion falls by `min_drop` (default 2) or more from one stage to the next",
    explanation: include_str!("docs/emotion-drop.md"),
    options: &[RuleOption {
        name: "min_drop",
        default: 2.0,
        description: "smallest fall of the mean emotion between stages that is reported",
    }],
    silenceable: true,
};

impl Rule for EmotionDrop {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context<'_>) {
        let journey = cx.journey;
        let min_drop = cx.option("min_drop");
        let mut previous: Option<(usize, f64)> = None;
        for (index, stage) in journey.stages.iter().enumerate() {
            let Some(mean) = journey.stage_mean_emotion(stage) else {
                continue;
            };
            if let Some((before_index, before)) = previous {
                let drop = before - mean;
                if drop >= min_drop - 1e-9 {
                    cx.report(
                        Element::Stage(index),
                        stage.id.span,
                        format!(
                            "mean emotion falls by {} from stage `{}` ({}) to `{}` ({})",
                            crate::text::number(drop),
                            journey.stages[before_index].id.value,
                            crate::text::mean(before),
                            stage.id.value,
                            crate::text::mean(mean),
                        ),
                        "look at what the client lives through between these stages and add opportunities to soften the fall",
                    );
                }
            }
            previous = Some((index, mean));
        }
    }
}
