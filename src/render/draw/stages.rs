//! Stage headers: a row of chevrons, one per stage, with number, name and goal.

use super::{Ctx, N, finding_badge, overlay};
use crate::model::{Element, ElementKey, ElementKind};
use crate::render::content::CARD_W;
use crate::render::layout::{self, Rect};
use crate::render::style::size;
use crate::render::svg::Svg;
use crate::render::text::{self, one_line};

/// A chevron filling `area`, its point on the right; all but the first are notched on
/// the left to take the previous one's point.
fn chevron(area: Rect, first: bool, depth: f64) -> String {
    let (x, y, right, bottom) = (area.x, area.y, area.right(), area.bottom());
    let middle = y + area.h / 2.0;
    let notch = if first { x } else { x + depth };
    format!(
        "M{},{} L{},{} L{},{} L{},{} L{},{} L{},{} Z",
        N(x),
        N(y),
        N(right - depth),
        N(y),
        N(right),
        N(middle),
        N(right - depth),
        N(bottom),
        N(x),
        N(bottom),
        N(notch),
        N(middle)
    )
}

pub fn draw(svg: &mut Svg, ctx: &Ctx<'_>) {
    let layout = &ctx.layout;
    svg.group("stages", "");
    svg.text(
        layout.grid_left + 4.0,
        layout.stage_y + 22.0,
        "kicker",
        "",
        "STAGES",
    );
    // Short headers (a page continuing the lanes above): number and name only.
    let short = layout.stage_h < layout::STAGE_HEAD_H;
    if !short {
        svg.text(
            layout.grid_left + 4.0,
            layout.stage_y + 40.0,
            "small",
            "",
            "left to right, with goal",
        );
    }
    for (column, &x) in layout.columns.iter().enumerate() {
        let index = layout.first_stage + column;
        let Some(stage) = ctx.journey.stages.get(index) else {
            continue;
        };
        let stage_key = Element::Stage(index).key(ctx.journey);
        let next = layout
            .columns
            .get(column + 1)
            .copied()
            .unwrap_or(layout.grid_right + 12.0);
        let area = Rect::new(
            x - 10.0,
            layout.stage_y,
            (next - x - 8.0).max(CARD_W + 12.0),
            layout.stage_h - 6.0,
        );
        svg.begin_group("stage");
        svg.data("id", &stage.id.value);
        ctx.mark(
            svg,
            &ElementKey::new(ElementKind::Stage, stage.id.value.as_str()),
        );
        svg.end_open();
        let mut tooltip = format!("Stage {}: {}", index + 1, stage.name.value);
        if let Some(goal) = &stage.goal {
            tooltip.push_str(&format!("\nGoal: {}", goal.value));
        }
        svg.title(&tooltip);
        svg.path(
            &chevron(area, column == 0, 14.0),
            if index.is_multiple_of(2) {
                "fill=\"#eceff3\""
            } else {
                "fill=\"#e3e7ec\""
            },
        );
        let text_w = area.w - 40.0;
        svg.text(
            x + 6.0,
            area.y + 20.0,
            "kicker",
            "",
            &format!("STAGE {}", index + 1),
        );
        let (name_lines, _) = text::wrap(
            &one_line(&stage.name.value),
            text_w,
            size::STAGE,
            true,
            if short { 1 } else { 2 },
        );
        let mut y = area.y + 39.0;
        for name_line in &name_lines {
            svg.text(x + 6.0, y, "stage", "", name_line);
            y += 18.0;
        }
        if let Some(goal) = stage.goal.as_ref().filter(|_| !short) {
            let room = if name_lines.len() > 1 { 2 } else { 3 };
            let (goal_lines, _) =
                text::wrap(&one_line(&goal.value), text_w, size::GOAL, false, room);
            for goal_line in goal_lines {
                svg.text(x + 6.0, y, "goal", "", &goal_line);
                y += 15.0;
            }
        }
        let area = Rect::new(area.x, area.y, area.w - 14.0, area.h);
        overlay::outline_and_tag(svg, ctx, &stage_key, area);
        let found = ctx.marks.of(&stage_key);
        if !found.is_empty() {
            // Inside the chevron's top right corner, clear of its outline and its words.
            finding_badge(svg, area.right() - 14.0, area.y + 14.0, found);
        }
        svg.close_g();
    }
    svg.close_g();
}
