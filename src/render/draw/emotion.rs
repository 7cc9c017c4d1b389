//! The client-emotion chart: one point per touchpoint on the −2 … +2 scale, stage means,
//! and one mark at the journey's lowest point.

use super::{Ctx, N, overlay, signed};
use crate::model::emotion_word;
use crate::render::content::CARD_W;
use crate::render::layout::{self, LANE_HEAD_W, Rect};
use crate::render::style::{GREEN, INK_2, LOWEST, PANEL, RED, RULE, size};
use crate::render::svg::Svg;
use crate::render::text;

const TOP_PAD: f64 = 40.0;
const STEP: f64 = 24.0;

fn y_of(emotion_y: f64, emotion: f64) -> f64 {
    emotion_y + TOP_PAD + (2.0 - emotion) * STEP
}

pub fn draw(svg: &mut Svg, ctx: &Ctx<'_>) {
    let layout = &ctx.layout;
    let journey = ctx.journey;
    let top = layout.emotion_y;
    let left = layout.grid_left;
    let right = layout.grid_right;
    svg.group("emotion", "");
    svg.title("Client emotion per touchpoint, −2 (frustrated) to +2 (delighted)");
    svg.rect(
        Rect::new(left, top, right - left, layout::EMOTION_H),
        &format!("rx=\"6\" fill=\"{PANEL}\" stroke=\"{RULE}\""),
    );
    svg.text(left + 12.0, top + 22.0, "kicker", "", "CLIENT EMOTION");
    svg.text(
        left + 12.0,
        top + layout::EMOTION_H - 12.0,
        "small",
        "",
        "per touchpoint, -2 … +2",
    );
    let axis_right = left + LANE_HEAD_W - 8.0;
    // The scale's words at its ends and middle, as every output names them.
    let names = [2i8, 1, 0, -1, -2].map(|value| {
        let number = signed(f64::from(value));
        if value == 0 || value.abs() == 2 {
            (value, format!("{number} {}", emotion_word(value)))
        } else {
            (value, number)
        }
    });
    for (value, name) in names {
        let y = y_of(top, f64::from(value));
        let stroke = if value == 0 { "#9aa5b1" } else { "#e4e7eb" };
        svg.line(
            axis_right + 4.0,
            y,
            right - 8.0,
            y,
            &format!("stroke=\"{stroke}\" stroke-width=\"1\""),
        );
        svg.text(axis_right, y + 4.0, "small", "text-anchor=\"end\"", &name);
    }

    // Points: the shown stages' touchpoints in journey order, spread across the column.
    let mut points: Vec<(usize, f64, f64, i8)> = Vec::new();
    let mut spacing = vec![CARD_W; layout.columns.len()];
    for (column, &x) in layout.columns.iter().enumerate() {
        let Some(stage) = journey.stages.get(layout.first_stage + column) else {
            continue;
        };
        let n = stage.touchpoints.len() as f64;
        if let Some(slot) = spacing.get_mut(column) {
            *slot = CARD_W / n.max(1.0);
        }
        for (position, &index) in stage.touchpoints.iter().enumerate() {
            let Some(emotion) = journey
                .touchpoints
                .get(index)
                .and_then(|t| t.emotion.as_ref())
            else {
                continue;
            };
            let px = x + (position as f64 + 0.5) * CARD_W / n;
            points.push((
                index,
                px,
                y_of(top, f64::from(emotion.value)),
                emotion.value,
            ));
        }
    }
    points.sort_by_key(|point| point.0);
    // A diff overlay draws the as-is curve first, and names this one the to-be curve.
    overlay::draw_before_curve(svg, ctx, &|emotion| y_of(top, emotion));
    if ctx.overlay.is_some() {
        svg.group("emotion-curve", "data-state=\"to-be\"");
    }
    if points.len() > 1 {
        let mut d = String::with_capacity(points.len() * 14);
        for (position, (_, x, y, _)) in points.iter().enumerate() {
            let command = if position == 0 { 'M' } else { 'L' };
            d.push_str(&format!("{command}{},{} ", N(*x), N(*y)));
        }
        svg.path(
            d.trim_end(),
            &format!(
                "fill=\"none\" stroke=\"{INK_2}\" stroke-width=\"2\" stroke-linejoin=\"round\""
            ),
        );
    }
    if ctx.overlay.is_some() {
        svg.close_g();
    }

    // Stage means: a dashed bar across the column, its value above the chart.
    let mut mean_y: Vec<Option<f64>> = vec![None; layout.columns.len()];
    for (column, &x) in layout.columns.iter().enumerate() {
        let Some(stage) = journey.stages.get(layout.first_stage + column) else {
            continue;
        };
        let Some(mean) = journey.stage_mean(layout.first_stage + column) else {
            continue;
        };
        let y = y_of(top, mean);
        if let Some(slot) = mean_y.get_mut(column) {
            *slot = Some(y);
        }
        svg.open_g();
        svg.title(&format!(
            "{}: mean emotion {}",
            stage.name.value,
            signed(mean)
        ));
        svg.line(
            x + 4.0,
            y,
            x + CARD_W - 4.0,
            y,
            "stroke=\"#3e4c59\" stroke-width=\"2\" stroke-dasharray=\"6 4\" opacity=\"0.55\"",
        );
        svg.close_g();
        svg.text(
            x + CARD_W - 2.0,
            top + 20.0,
            "small",
            "text-anchor=\"end\"",
            &overlay::mean_text(ctx, &stage.id.value, mean),
        );
    }

    // Step numbers only where they have room; the tooltip always names the point.
    let lowest_points = journey.lowest_touchpoints();
    let lowest = lowest_points
        .first()
        .map(|point| (point.touchpoint, point.emotion, lowest_points.len()));
    for &(index, x, y, value) in &points {
        let Some(touchpoint) = journey.touchpoints.get(index) else {
            continue;
        };
        let color = match value {
            v if v < 0 => RED,
            0 => INK_2,
            _ => GREEN,
        };
        let column = touchpoint.stage.saturating_sub(layout.first_stage);
        let room = spacing.get(column).copied().unwrap_or(CARD_W);
        svg.open_g();
        svg.title(&format!(
            "{}. {}: emotion {}",
            index + 1,
            touchpoint.name.value,
            signed(f64::from(value))
        ));
        svg.circle(
            x,
            y,
            4.5,
            &format!("fill=\"{color}\" stroke=\"#ffffff\" stroke-width=\"1.5\""),
        );
        let number = (index + 1).to_string();
        let width = text::width(&number, size::STEP, true);
        if width + 4.0 <= room {
            // A stage's mean line through the number would read as a minus sign: the
            // number gets a patch of the chart's own colour that hides the line under it.
            let patch = Rect::new(x - width / 2.0 - 2.0, y - 19.0, width + 4.0, 12.0);
            if mean_y
                .get(column)
                .copied()
                .flatten()
                .is_some_and(|mean| mean > patch.y - 2.0 && mean < patch.bottom() + 2.0)
            {
                svg.rect(
                    patch,
                    &["class=\"step-patch\" fill=\"", PANEL, "\""].concat(),
                );
            }
            svg.text(x, y - 9.0, "step halo", "text-anchor=\"middle\"", &number);
        }
        svg.close_g();
    }
    // One mark at the lowest point: a dark downward wedge and the word "lowest", nothing
    // like the red lint badges.
    if let Some((index, value, tied)) = lowest
        && points.len() > 1
        && let Some(&(_, x, y, _)) = points.iter().find(|point| point.0 == index)
    {
        svg.group("lowest", "");
        let mut tooltip = format!("Lowest point of the journey: {}", signed(f64::from(value)));
        if tied > 1 {
            tooltip.push_str(&format!(
                " (shared by {tied} touchpoints; the first is marked)"
            ));
        }
        svg.title(&tooltip);
        svg.path(
            &format!(
                "M{},{} L{},{} L{},{} Z",
                N(x - 6.0),
                N(y + 9.0),
                N(x + 6.0),
                N(y + 9.0),
                N(x),
                N(y + 17.0)
            ),
            &format!("fill=\"{LOWEST}\""),
        );
        svg.text(
            x,
            y + 31.0,
            "lowest halo",
            "text-anchor=\"middle\"",
            "lowest",
        );
        svg.close_g();
    }
    svg.close_g();
}
