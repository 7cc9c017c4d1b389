//! The legend: every mark on the map, explained.

use super::metrics::status_icon;
use super::{Ctx, badge_shape};
use crate::diagnostic::Level;
use crate::model::MetricStatus;
use crate::render::layout::{self, Rect};
use crate::render::style::{ARROW, GREEN, INK_2, LOWEST, RED, SEV_HIGH};
use crate::render::svg::Svg;
use crate::render::{Detail, RenderOptions};

#[derive(Clone, Copy)]
enum Swatch {
    Arrow {
        color: &'static str,
        dash: &'static str,
        width: f64,
    },
    Number,
    BlueprintLine,
    Step,
    Milestone,
    Tag {
        fill: &'static str,
        text: &'static str,
        class: &'static str,
    },
    Metric(MetricStatus),
    EmotionPoint,
    EmotionMean,
    EmotionLowest,
    Error,
    Warning,
    Outline {
        color: &'static str,
        dash: &'static str,
    },
    Ghost,
    /// A removed handoff: red dotted and crossed, as the overlay draws it.
    GhostHandoff,
    /// The diff overlay's as-is emotion curve: muted, dashed, hollow points.
    AsIsCurve,
}

pub struct LegendGroup {
    name: &'static str,
    items: Vec<(Swatch, &'static str)>,
}

pub fn groups(options: &RenderOptions) -> Vec<LegendGroup> {
    let touchpoint_items = match options.detail {
        Detail::Full => vec![
            (Swatch::Step, "step number in journey order"),
            (Swatch::Milestone, "milestone the client notices"),
            (
                Swatch::Tag {
                    fill: SEV_HIGH,
                    text: "HIGH",
                    class: "tag",
                },
                "pain, worst first: HIGH · MED · LOW",
            ),
            (
                Swatch::Tag {
                    fill: GREEN,
                    text: "IDEA",
                    class: "tag",
                },
                "opportunity",
            ),
        ],
        Detail::Summary => vec![
            (Swatch::Step, "step number in journey order"),
            (Swatch::Milestone, "milestone the client notices"),
            (
                Swatch::Tag {
                    fill: SEV_HIGH,
                    text: "2",
                    class: "tag",
                },
                "pains, coloured by worst severity",
            ),
            (
                Swatch::Tag {
                    fill: GREEN,
                    text: "1",
                    class: "tag",
                },
                "opportunities (ideas)",
            ),
        ],
    };
    let mut groups = vec![
        LegendGroup {
            name: "HANDOFFS",
            items: vec![
                (
                    Swatch::Arrow {
                        color: ARROW,
                        dash: "none",
                        width: 1.6,
                    },
                    "handoff, labelled owner · SLA",
                ),
                (
                    Swatch::Arrow {
                        color: ARROW,
                        dash: "2 4",
                        width: 1.6,
                    },
                    "rework loop back (intended)",
                ),
                (
                    Swatch::Arrow {
                        color: RED,
                        dash: "9 4",
                        width: 2.2,
                    },
                    "cross-lane, NO OWNER",
                ),
                (Swatch::Number, "numbered: words in the handoff key"),
            ],
        },
        LegendGroup {
            name: "TOUCHPOINTS",
            items: touchpoint_items,
        },
        LegendGroup {
            name: "METRICS",
            items: vec![
                (
                    Swatch::Metric(MetricStatus::Meets),
                    "current value meets target",
                ),
                (
                    Swatch::Metric(MetricStatus::Misses),
                    "current value misses target",
                ),
                (
                    Swatch::Metric(MetricStatus::NoCurrentValue),
                    "not measured, or no target",
                ),
                (Swatch::BlueprintLine, "blueprint line between lane groups"),
            ],
        },
        LegendGroup {
            name: "CLIENT EMOTION",
            items: vec![
                (Swatch::EmotionPoint, "one point per touchpoint"),
                (Swatch::EmotionMean, "stage mean"),
                (Swatch::EmotionLowest, "lowest point of the journey"),
            ],
        },
    ];
    if options.overlay.is_some()
        && let Some(emotion) = groups.last_mut()
    {
        emotion
            .items
            .push((Swatch::AsIsCurve, "as-is (before), dashed"));
    }
    if options.findings_shown() {
        groups.push(LegendGroup {
            name: "LINT FINDINGS",
            items: vec![
                (Swatch::Error, "errors on this element (count)"),
                (Swatch::Warning, "warnings only (count)"),
            ],
        });
    }
    if options.overlay.is_some() {
        groups.push(LegendGroup {
            name: "CHANGES",
            items: vec![
                (
                    Swatch::Outline {
                        color: GREEN,
                        dash: "none",
                    },
                    "added (NEW)",
                ),
                (
                    Swatch::Outline {
                        color: super::overlay::CHANGED,
                        dash: "7 3",
                    },
                    "changed (#N: change list)",
                ),
                (
                    Swatch::Outline {
                        color: super::overlay::MOVED,
                        dash: "3 3",
                    },
                    "moved, linked from its old place",
                ),
            ],
        });
        groups.push(LegendGroup {
            name: "REMOVED ELEMENTS",
            items: vec![
                (Swatch::Ghost, "touchpoint, lane, metric (struck, faded)"),
                (Swatch::GhostHandoff, "handoff (red dots, crossed)"),
            ],
        });
    }
    groups
}

pub fn draw(svg: &mut Svg, ctx: &Ctx<'_>) {
    let layout = &ctx.layout;
    let groups = groups(ctx.options);
    let notes = &layout.notes;
    let left = notes.legend_rule_left;
    let top = notes.legend_y;
    svg.group("legend", "");
    // A rule above it, unless it opens a notes page right under the header's own rule.
    if top > layout::MARGIN + layout.header_h + 0.5 {
        super::rule(svg, left, layout.notes_right(), top);
    }
    svg.text(notes.legend_left, top + 22.0, "h2", "", "Legend");
    let group_h = layout::LEGEND_ITEMS as f64 * layout::LEGEND_ROW_H + 30.0;
    for (index, legend_group) in groups.iter().enumerate() {
        let column = index % notes.legend_per_row;
        let row = index / notes.legend_per_row;
        let x = notes.legend_left + column as f64 * layout::LEGEND_GROUP_W;
        let y = top + 32.0 + row as f64 * group_h;
        svg.text(x, y + 12.0, "kicker", "", legend_group.name);
        for (position, (swatch, text)) in legend_group.items.iter().enumerate() {
            let cy = y + 32.0 + position as f64 * layout::LEGEND_ROW_H;
            draw_swatch(svg, *swatch, x, cy);
            svg.text(x + 52.0, cy + 4.5, "legend", "", text);
        }
    }
    svg.close_g();
}

fn draw_swatch(svg: &mut Svg, swatch: Swatch, x: f64, cy: f64) {
    match swatch {
        Swatch::Arrow { color, dash, width } => {
            let marker = if color == RED { "arrow-red" } else { "arrow" };
            svg.line(
                x,
                cy,
                x + 40.0,
                cy,
                &format!(
                    "stroke=\"{color}\" stroke-width=\"{width}\" stroke-dasharray=\"{dash}\" \
marker-end=\"url(#{marker})\""
                ),
            );
        }
        Swatch::Number => {
            svg.line(
                x,
                cy,
                x + 40.0,
                cy,
                &format!("stroke=\"{ARROW}\" stroke-width=\"1.6\""),
            );
            svg.rect(
                Rect::new(x + 10.0, cy - 9.5, 21.0, 19.0),
                &format!("rx=\"9\" fill=\"#ffffff\" stroke=\"{ARROW}\""),
            );
            svg.text(
                x + 20.5,
                cy + 4.0,
                "label",
                "text-anchor=\"middle\" font-weight=\"700\"",
                "3",
            );
        }
        Swatch::BlueprintLine => svg.line(
            x,
            cy,
            x + 40.0,
            cy,
            "stroke=\"#3e4c59\" stroke-width=\"1.5\" stroke-dasharray=\"10 5\"",
        ),
        Swatch::Step => super::cards::step_marker(svg, Rect::new(x + 20.0, cy, 0.0, 0.0), 3, false),
        Swatch::Milestone => {
            super::cards::step_marker(svg, Rect::new(x + 20.0, cy, 0.0, 0.0), 4, true)
        }
        Swatch::Tag { fill, text, class } => {
            svg.rect(
                Rect::new(x, cy - 7.5, 40.0, 15.0),
                &format!("rx=\"3\" fill=\"{fill}\""),
            );
            svg.text(x + 20.0, cy + 4.0, class, "text-anchor=\"middle\"", text);
        }
        Swatch::Metric(status) => status_icon(svg, x + 20.0, cy, status),
        Swatch::EmotionPoint => svg.circle(x + 20.0, cy, 4.5, &format!("fill=\"{INK_2}\"")),
        Swatch::AsIsCurve => {
            let color = super::overlay::AS_IS;
            svg.line(
                x,
                cy,
                x + 40.0,
                cy,
                &format!("stroke=\"{color}\" stroke-width=\"2\" stroke-dasharray=\"6 4\""),
            );
            svg.circle(
                x + 20.0,
                cy,
                3.5,
                &format!("fill=\"#ffffff\" stroke=\"{color}\" stroke-width=\"1.5\""),
            );
        }
        Swatch::EmotionMean => svg.line(
            x,
            cy,
            x + 40.0,
            cy,
            "stroke=\"#3e4c59\" stroke-width=\"2\" stroke-dasharray=\"6 4\" opacity=\"0.55\"",
        ),
        Swatch::EmotionLowest => {
            svg.circle(x + 20.0, cy - 4.0, 4.5, &format!("fill=\"{RED}\""));
            svg.path(
                &format!(
                    "M{},{} L{},{} L{},{} Z",
                    x + 14.0,
                    cy + 3.0,
                    x + 26.0,
                    cy + 3.0,
                    x + 20.0,
                    cy + 11.0
                ),
                &format!("fill=\"{LOWEST}\""),
            );
        }
        Swatch::Error => badge_shape(svg, x + 20.0, cy, Level::Error, "2"),
        Swatch::Warning => badge_shape(svg, x + 20.0, cy, Level::Warning, "1"),
        Swatch::Outline { color, dash } => svg.rect(
            Rect::new(x, cy - 8.0, 40.0, 16.0),
            &format!(
                "rx=\"4\" fill=\"#ffffff\" stroke=\"{color}\" stroke-width=\"3\" \
stroke-dasharray=\"{dash}\""
            ),
        ),
        Swatch::GhostHandoff => {
            svg.line(
                x,
                cy,
                x + 40.0,
                cy,
                &format!(
                    "stroke=\"{RED}\" stroke-width=\"2.5\" stroke-dasharray=\"2 5\" \
stroke-linecap=\"round\" marker-end=\"url(#arrow-red)\""
                ),
            );
            svg.path(
                &format!(
                    "M{},{} L{},{} M{},{} L{},{}",
                    x + 14.0,
                    cy - 6.0,
                    x + 26.0,
                    cy + 6.0,
                    x + 14.0,
                    cy + 6.0,
                    x + 26.0,
                    cy - 6.0
                ),
                &format!("stroke=\"{RED}\" stroke-width=\"3\""),
            );
        }
        Swatch::Ghost => svg.rect(
            Rect::new(x, cy - 8.0, 40.0, 16.0),
            &format!(
                "rx=\"4\" fill=\"#fdf3f2\" stroke=\"{RED}\" stroke-width=\"2\" \
stroke-dasharray=\"6 4\" opacity=\"0.6\""
            ),
        ),
    }
}
