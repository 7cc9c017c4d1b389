//! The before side of the overlay: the as-is emotion curve under the to-be one, each
//! stage's mean before → after, and the header strip of measures before → after.

use super::super::signed as signed_mean;
use super::super::{Ctx, N};
use super::{AS_IS, BETTER, WORSE};
use crate::render::MeasureChange;
use crate::render::content::CARD_W;
use crate::render::style::{INK, size};
use crate::render::svg::Svg;
use crate::render::text;

/// The as-is emotion curve, muted and dashed, drawn in the chart before the to-be one:
/// each old stage's touchpoints spread across the column of the new stage with its id.
pub fn draw_before_curve(svg: &mut Svg, ctx: &Ctx<'_>, y_of: &dyn Fn(f64) -> f64) {
    let Some(overlay) = ctx.overlay else {
        return;
    };
    let layout = &ctx.layout;
    let mut points = Vec::new();
    for (column, &x) in layout.columns.iter().enumerate() {
        let Some(stage) = ctx.journey.stages.get(layout.first_stage + column) else {
            continue;
        };
        let Some(before) = overlay.before.iter().find(|b| b.stage == stage.id.value) else {
            continue;
        };
        let n = before.emotions.len() as f64;
        for (position, emotion) in before.emotions.iter().enumerate() {
            if let Some(emotion) = emotion {
                let px = x + (position as f64 + 0.5) * CARD_W / n.max(1.0);
                points.push((px, y_of(f64::from(*emotion))));
            }
        }
    }
    svg.group("emotion-curve", "data-state=\"as-is\"");
    svg.title("As-is emotion (dashed): the old journey's touchpoints, stage by stage");
    if points.len() > 1 {
        let mut d = String::with_capacity(points.len() * 14);
        for (position, (x, y)) in points.iter().enumerate() {
            let command = if position == 0 { 'M' } else { 'L' };
            d.push_str(&format!("{command}{},{} ", N(*x), N(*y)));
        }
        svg.path(
            d.trim_end(),
            &format!(
                "fill=\"none\" stroke=\"{AS_IS}\" stroke-width=\"2\" stroke-dasharray=\"6 4\" \
stroke-linejoin=\"round\""
            ),
        );
    }
    for (x, y) in &points {
        svg.circle(
            *x,
            *y,
            3.5,
            &format!("fill=\"#ffffff\" stroke=\"{AS_IS}\" stroke-width=\"1.5\""),
        );
    }
    svg.close_g();
}

/// A stage's mean as the chart prints it: `mean +1`, or with an overlay `mean −0.4 → +1`.
pub fn mean_text(ctx: &Ctx<'_>, stage: &str, mean: f64) -> String {
    let before = ctx
        .overlay
        .and_then(|overlay| overlay.before.iter().find(|b| b.stage == stage));
    match before {
        Some(before) => {
            let old = before.mean.map_or("—".to_string(), signed_mean);
            format!("mean {old} → {}", signed_mean(mean))
        }
        None if ctx.overlay.is_some() => format!("mean new → {}", signed_mean(mean)),
        None => format!("mean {}", signed_mean(mean)),
    }
}

/// The header strip: each measure before → after, better values green, worse red, in
/// two lines right-aligned at `right`, from `y`.
/// Space between two measures of the strip.
const STRIP_GAP: f64 = 16.0;

/// The strip's measures in its two lines.
fn strip_lines(measures: &[MeasureChange]) -> std::slice::Chunks<'_, MeasureChange> {
    measures.chunks(measures.len().div_ceil(2).max(1))
}

/// One line's `(label, value)` texts and its width.
fn strip_parts(measures: &[MeasureChange]) -> (Vec<(String, String)>, f64) {
    let parts: Vec<(String, String)> = measures
        .iter()
        .map(|m| (format!("{} ", m.label), format!("{} → {}", m.old, m.new)))
        .collect();
    let total: f64 = parts
        .iter()
        .map(|(label, value)| {
            text::width(label, size::SMALL, false) + text::width(value, size::SMALL, true)
        })
        .sum::<f64>()
        + STRIP_GAP * parts.len().saturating_sub(1) as f64;
    (parts, total)
}

/// How wide the before → after strip is (its wider line), or `None` when there is none:
/// the header keeps the persona line clear of it.
pub fn strip_width(ctx: &Ctx<'_>) -> Option<f64> {
    let overlay = ctx.overlay.filter(|overlay| !overlay.measures.is_empty())?;
    strip_lines(&overlay.measures)
        .map(|measures| strip_parts(measures).1)
        .reduce(f64::max)
}

pub fn draw_strip(svg: &mut Svg, ctx: &Ctx<'_>, right: f64, y: f64) -> bool {
    let Some(overlay) = ctx.overlay else {
        return false;
    };
    if overlay.measures.is_empty() {
        return false;
    }
    svg.group("measures", "");
    svg.title("Before → after (as-is → to-be)");
    let gap = STRIP_GAP;
    for (line, measures) in strip_lines(&overlay.measures).enumerate() {
        let (parts, total) = strip_parts(measures);
        let mut x = right - total;
        let line_y = y + line as f64 * 18.0;
        for (measure, (label, value)) in measures.iter().zip(&parts) {
            svg.group("measure", &format!("data-trend=\"{}\"", measure.trend));
            svg.text(x, line_y, "small", "", label);
            x += text::width(label, size::SMALL, false);
            let fill = match measure.trend {
                "better" => BETTER,
                "worse" => WORSE,
                _ => INK,
            };
            svg.text(
                x,
                line_y,
                "small",
                &format!("style=\"fill:{fill};font-weight:700\""),
                value,
            );
            x += text::width(value, size::SMALL, true) + gap;
            svg.close_g();
        }
    }
    svg.close_g();
    true
}
