//! Metrics under each stage: name, current value and target, and whether it meets it.

use super::{Ctx, N, finding_badge, overlay, trend};
use crate::model::{Comparison, Element, ElementKey, ElementKind, MetricStatus};
use crate::render::content::CARD_W;
use crate::render::layout::{self, Rect};
use crate::render::style::{GREEN, INK_2, PANEL, RED, RULE, size};
use crate::render::svg::Svg;
use crate::render::text::{self, one_line};
use crate::text::number as format_number;

fn with_unit(value: f64, unit: Option<&str>) -> String {
    match unit {
        Some("%") => format!("{}%", format_number(value)),
        Some(unit) if !unit.is_empty() => format!("{} {}", format_number(value), one_line(unit)),
        _ => format_number(value),
    }
}

fn comparison_symbol(comparison: Comparison) -> &'static str {
    match comparison {
        Comparison::AtLeast => "≥",
        Comparison::Above => ">",
        Comparison::AtMost => "≤",
        Comparison::Below => "<",
        Comparison::Equal => "=",
    }
}

pub fn draw(svg: &mut Svg, ctx: &Ctx<'_>) {
    let layout = &ctx.layout;
    let left = layout.grid_left;
    let area = Rect::new(
        left,
        layout.metrics_y,
        layout.grid_right - left,
        layout.metrics_h,
    );
    svg.group("metrics", "");
    svg.rect(area, &format!("fill=\"{PANEL}\" stroke=\"{RULE}\""));
    svg.line(
        left,
        area.y,
        area.right(),
        area.y,
        &format!("stroke=\"{INK_2}\" stroke-width=\"1.5\""),
    );
    svg.text(left + 12.0, area.y + 24.0, "kicker", "", "METRICS");
    svg.text(left + 12.0, area.y + 41.0, "small", "", "current vs target");
    for (column, metrics) in layout.stage_metrics.iter().enumerate() {
        let Some(&x) = layout.columns.get(column) else {
            continue;
        };
        if metrics.is_empty() {
            svg.text(
                x + 4.0,
                area.y + 42.0,
                "small",
                "font-style=\"italic\"",
                "no metric",
            );
        }
        for (position, &metric) in metrics.iter().enumerate() {
            let y = area.y + 20.0 + position as f64 * (layout::METRIC_H + layout::METRIC_GAP);
            badge(svg, ctx, metric, Rect::new(x, y, CARD_W, layout::METRIC_H));
        }
    }
    if !layout.loose_metrics.is_empty() {
        svg.text(
            left + 12.0,
            layout.loose_label_y,
            "small",
            "",
            "Not on any stage:",
        );
        for &(metric, card) in &layout.loose_metrics {
            badge(svg, ctx, metric, card);
        }
    }
    svg.close_g();
}

fn badge(svg: &mut Svg, ctx: &Ctx<'_>, index: usize, area: Rect) {
    let Some(metric) = ctx.journey.metrics.get(index) else {
        return;
    };
    let metric_key = Element::Metric(index).key(ctx.journey);
    let status = metric.status();
    let status_text = status.phrase();
    let (fill, stroke, dash) = match status {
        MetricStatus::Meets => ("#e8f5e9", GREEN, "none"),
        MetricStatus::Misses => ("#fdecea", RED, "none"),
        MetricStatus::NoCurrentValue | MetricStatus::NoTarget => ("#f0f2f5", "#9aa5b1", "4 3"),
    };
    let unit = metric.unit.as_ref().map(|unit| unit.value.as_str());
    let current = metric
        .current
        .as_ref()
        .map(|current| with_unit(current.value, unit));
    // The target repeats the unit only when it is a sign (%), not a word.
    let target = metric.target.as_ref().map(|target| {
        let number = match unit {
            Some("%") => with_unit(target.value.value, unit),
            _ => format_number(target.value.value),
        };
        format!("{} {number}", comparison_symbol(target.value.comparison))
    });
    let value_line = match (&current, &target) {
        (Some(current), Some(target)) => format!("{current} (target {target})"),
        (Some(current), None) => format!("{current} (no target)"),
        (None, Some(target)) => format!("not measured (target {target})"),
        (None, None) => "not measured, no target".to_string(),
    };
    let mut tooltip = format!(
        "Metric: {} ({})\n{}: {}",
        metric.name.value,
        metric.kind.as_str(),
        status_text,
        value_line
    );
    if let Some(unit) = unit {
        tooltip.push_str(&format!("\nUnit: {unit}"));
    }
    let history = ctx
        .options
        .trends
        .as_ref()
        .and_then(|trends| trends.get(&metric.id.value));
    if let Some(history) = history {
        tooltip.push_str(&trend::tooltip(history, unit));
    }
    svg.begin_group("metric");
    svg.data("id", &metric.id.value);
    ctx.mark(
        svg,
        &ElementKey::new(ElementKind::Metric, metric.id.value.as_str()),
    );
    svg.end_open();
    svg.title(&tooltip);
    svg.rect(
        area,
        &format!(
            "rx=\"6\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"{}\" stroke-dasharray=\"{dash}\"",
            if status == MetricStatus::Misses {
                1.5
            } else {
                1.0
            }
        ),
    );
    status_icon(svg, area.x + 15.0, area.y + 17.0, status);
    let (name_lines, _) = text::wrap(
        &one_line(&metric.name.value),
        area.w - 40.0,
        size::METRIC,
        true,
        2,
    );
    let mut y = area.y + 21.0;
    for name_line in &name_lines {
        svg.text(area.x + 30.0, y, "metric", "", name_line);
        y += 15.0;
    }
    // A trend line, when drawn, takes the right end of the value line.
    let trend_w = history.map_or(0.0, |_| trend::WIDTH + 8.0);
    svg.text(
        area.x + 10.0,
        area.bottom() - 9.0,
        "value",
        "",
        &text::truncate(
            &value_line,
            area.w - 18.0 - trend_w,
            size::METRIC_VALUE,
            false,
        ),
    );
    if let Some(history) = history {
        trend::draw(svg, history, area, stroke);
    }
    overlay::outline_and_tag(svg, ctx, &metric_key, area);
    let found = ctx.marks.of(&metric_key);
    if !found.is_empty() {
        finding_badge(svg, area.right(), area.y, found);
    }
    svg.close_g();
}

/// ✓ in a green disc, ✗ in a red one, – in a grey one: shapes that survive grey print.
pub fn status_icon(svg: &mut Svg, cx: f64, cy: f64, status: MetricStatus) {
    let (fill, d) = match status {
        MetricStatus::Meets => (
            GREEN,
            format!(
                "M{},{} L{},{} L{},{}",
                N(cx - 4.0),
                N(cy),
                N(cx - 1.0),
                N(cy + 3.5),
                N(cx + 4.5),
                N(cy - 3.5)
            ),
        ),
        MetricStatus::Misses => (
            RED,
            format!(
                "M{},{} L{},{} M{},{} L{},{}",
                N(cx - 3.5),
                N(cy - 3.5),
                N(cx + 3.5),
                N(cy + 3.5),
                N(cx + 3.5),
                N(cy - 3.5),
                N(cx - 3.5),
                N(cy + 3.5)
            ),
        ),
        MetricStatus::NoCurrentValue | MetricStatus::NoTarget => (
            "#7b8794",
            format!("M{},{} L{},{}", N(cx - 4.0), N(cy), N(cx + 4.0), N(cy)),
        ),
    };
    svg.circle(cx, cy, 9.0, &format!("fill=\"{fill}\""));
    svg.path(
        &d,
        "fill=\"none\" stroke=\"#ffffff\" stroke-width=\"2\" stroke-linecap=\"round\" stroke-linejoin=\"round\"",
    );
}
