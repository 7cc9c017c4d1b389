//! The list of lint findings under the map (team audience only).

use super::{Ctx, badge_with, element_name, plural, text_with_tooltip};
use crate::diagnostic::{Finding, Level};
use crate::model::Journey;
use crate::render::layout;
use crate::render::notes::FINDING_INDENT;
use crate::render::style::size;
use crate::render::svg::Svg;
use crate::render::text::{self, one_line};

/// The findings in drawing order: errors first, then warnings, each in the order lint
/// gave them.
pub fn ordered(findings: &[Finding]) -> Vec<&Finding> {
    let mut ordered: Vec<&Finding> = findings.iter().collect();
    ordered.sort_by_key(|finding| std::cmp::Reverse(finding.level));
    ordered
}

/// What a finding's line says: its rule, the element it is about, its message.
pub fn line(journey: &Journey, finding: &Finding) -> String {
    let element = finding
        .element
        .as_ref()
        .map(|key| element_name(journey, key))
        .unwrap_or_default();
    // The message's `code` marks are markdown, for the report: plain words here.
    let message = one_line(&finding.message).replace('`', "");
    if element.is_empty() {
        format!("{}  —  {}", finding.rule, message)
    } else {
        format!("{}  ·  {}  —  {}", finding.rule, element, message)
    }
}

/// The findings in `range` (a long list runs over several notes pages); the heading counts
/// them all. One line each, cut at the list's right edge, or the lines the layout wrapped
/// them to beside the legend.
pub fn draw_list(
    svg: &mut Svg,
    ctx: &Ctx<'_>,
    findings: &[Finding],
    range: std::ops::Range<usize>,
) {
    let layout = &ctx.layout;
    let notes = &layout.notes;
    let left = notes.findings_left.unwrap_or(layout.grid_left);
    let top = notes.findings_y;
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
    let width = notes.findings_right - left - FINDING_INDENT;
    let ordered = ordered(findings);
    let listed = ordered.get(range).unwrap_or_default();
    let line_y = |line: usize| top + 34.0 + (line as f64 + 0.5) * layout::FINDING_LINE_H;
    if !notes.finding_text.is_empty() {
        let mut first = 0;
        for (&finding, lines) in listed.iter().zip(&notes.finding_text) {
            let full = line(ctx.journey, finding);
            svg.open_g();
            // The whole text as the group's title when the wrapped lines cut it.
            if lines.join(" ") != full.split_whitespace().collect::<Vec<_>>().join(" ") {
                svg.title(&full);
            }
            badge_with(svg, left + 10.0, line_y(first), &[finding], "!");
            for (offset, text) in lines.iter().enumerate() {
                let y = line_y(first + offset) + 4.5;
                svg.text(left + FINDING_INDENT, y, "legend", "", text);
            }
            svg.close_g();
            first += lines.len();
        }
        svg.close_g();
        return;
    }
    super::in_order(svg, ctx, listed.len(), |svg, position| {
        let Some(&finding) = listed.get(position) else {
            return;
        };
        let y = line_y(position);
        let full = line(ctx.journey, finding);
        let shown = text::truncate(&full, width, size::LEGEND, false);
        svg.open_g();
        badge_with(svg, left + 10.0, y, &[finding], "!");
        text_with_tooltip(svg, left + FINDING_INDENT, y + 4.5, "legend", &shown, &full);
        svg.close_g();
    });
    svg.close_g();
}
