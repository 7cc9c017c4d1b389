//! `render --history`: a metric's `current` over the journey's history as a small trend
//! line at the right end of its badge's value line. The trend is computed by
//! [`crate::history::trend::MetricTrends`]; this only scales it into its box.

use super::N;
use crate::history::trend::MetricTrend;
use crate::render::layout::Rect;
use crate::render::svg::Svg;

/// The trend line's box: width and height.
pub const WIDTH: f64 = 52.0;
const HEIGHT: f64 = 16.0;

/// Draws the trend in the bottom-right corner of a badge: `<g class="trend">` holding a
/// `<polyline class="trend">` (one point per commit with a value) and a dot on the last
/// value; a single value is the dot alone.
pub fn draw(svg: &mut Svg, trend: &MetricTrend, badge: Rect, colour: &str) {
    let left = badge.right() - 8.0 - WIDTH;
    let bottom = badge.bottom() - 7.0;
    let place = |(x, y): (f64, f64)| (left + x * WIDTH, bottom - y * HEIGHT);
    svg.fmt(format_args!(
        "<g class=\"trend\" data-points=\"{}\">",
        trend.points.len()
    ));
    let points: Vec<(f64, f64)> = trend.points.iter().copied().map(place).collect();
    if points.len() > 1 {
        let list: Vec<String> = points
            .iter()
            .map(|(x, y)| format!("{},{}", N(*x), N(*y)))
            .collect();
        svg.fmt(format_args!(
            "<polyline class=\"trend\" points=\"{}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"1.5\" stroke-linejoin=\"round\" stroke-linecap=\"round\"/>",
            list.join(" ")
        ));
    }
    if let Some(&(x, y)) = points.last() {
        svg.circle(
            x,
            y,
            2.2,
            &format!("class=\"trend-last\" fill=\"{colour}\""),
        );
    }
    svg.close_g();
}

/// The tooltip's line about the trend: `Trend over 5 commits: 10 → 31`.
pub fn tooltip(trend: &MetricTrend, unit: Option<&str>) -> String {
    let value = |value: f64| match unit {
        Some("%") => format!("{}%", crate::text::number(value)),
        _ => crate::text::number(value),
    };
    format!(
        "\nTrend over {} commit{}: {} → {}",
        trend.count,
        if trend.count == 1 { "" } else { "s" },
        value(trend.first),
        value(trend.last)
    )
}
