//! The list of lint findings under the map (team audience only).

use super::{Ctx, badge_with, element_name, plural, text_with_tooltip};
use crate::diagnostic::{Finding, Level};
use crate::render::layout;
use crate::render::style::size;
use crate::render::svg::Svg;
use crate::render::text::{self, one_line};

/// The findings in `range` (a long list runs over several notes pages); the heading counts
/// them all.
pub fn draw_list(
    svg: &mut Svg,
    ctx: &Ctx<'_>,
    findings: &[Finding],
    range: std::ops::Range<usize>,
) {
    let layout = &ctx.layout;
    let left = layout.grid_left;
    let top = layout.findings_y;
    let errors = findings.iter().filter(|f| f.level == Level::Error).count();
    let warnings = findings.len() - errors;
    svg.group("findings", "");
    svg.text(
        left,
        top + 18.0,
        "h2",
        "",
        &format!(
            "Lint findings: {} · {}{}",
            plural(errors, "error", "errors"),
            plural(warnings, "warning", "warnings"),
            if range.start > 0 { " (continued)" } else { "" }
        ),
    );
    let width = layout.grid_right - left - 28.0;
    // Errors first, then warnings, each in the order lint gave them.
    let mut ordered: Vec<&Finding> = findings.iter().collect();
    ordered.sort_by_key(|finding| std::cmp::Reverse(finding.level));
    let listed = ordered.get(range).unwrap_or_default();
    super::in_order(svg, ctx, listed.len(), |svg, position| {
        let Some(&finding) = listed.get(position) else {
            return;
        };
        let y = top + 34.0 + (position as f64 + 0.5) * layout::FINDING_LINE_H;
        let element = finding
            .element
            .as_ref()
            .map(|key| element_name(ctx.journey, key))
            .unwrap_or_default();
        // The message's `code` marks are markdown, for the report: plain words here.
        let message = one_line(&finding.message).replace('`', "");
        let full = if element.is_empty() {
            format!("{}  —  {}", finding.rule, message)
        } else {
            format!("{}  ·  {}  —  {}", finding.rule, element, message)
        };
        let shown = text::truncate(&full, width, size::LEGEND, false);
        svg.open_g();
        badge_with(svg, left + 10.0, y, &[finding], "!");
        text_with_tooltip(svg, left + 26.0, y + 4.5, "legend", &shown, &full);
        svg.close_g();
    });
    svg.close_g();
}
