//! Lanes: one row per lane with its header (kind, name, owner), and the service
//! blueprint's lines between lane kinds.

use super::{Ctx, finding_badge, overlay};
use crate::model::LaneKind;
use crate::model::{Element, ElementKey, ElementKind};
use crate::render::layout::{self, LANE_HEAD_W, Rect};
use crate::render::style::{RULE, size};
use crate::render::svg::Svg;
use crate::render::text::{self, one_line};

pub fn lane_fill(kind: LaneKind) -> (&'static str, &'static str) {
    match kind {
        LaneKind::Customer => ("#f1f6fd", "#dfeaf8"),
        LaneKind::Frontstage => ("#f2f8f3", "#deefe1"),
        LaneKind::Backstage => ("#f6f4fa", "#e7e2f1"),
        LaneKind::Support => ("#fbf7ef", "#f2e8d3"),
    }
}

pub fn draw(svg: &mut Svg, ctx: &Ctx<'_>) {
    let layout = &ctx.layout;
    let left = layout.grid_left;
    let right = layout.grid_right;
    svg.group("lanes", "");
    let mut previous_kind: Option<LaneKind> = None;
    let mut boundaries = Vec::new();
    for row in &layout.rows {
        let Some(lane) = ctx.journey.lanes.get(row.lane) else {
            continue;
        };
        let (fill, head_fill) = lane_fill(lane.kind);
        svg.rect(
            Rect::new(left, row.y, right - left, row.h),
            &format!("fill=\"{fill}\""),
        );
        let head = Rect::new(left, row.y, LANE_HEAD_W - 14.0, row.h);
        let lane_key = Element::Lane(row.lane).key(ctx.journey);
        svg.begin_group("lane");
        svg.data("id", &lane.id.value);
        ctx.mark(
            svg,
            &ElementKey::new(ElementKind::Lane, lane.id.value.as_str()),
        );
        svg.end_open();
        let mut tooltip = format!("Lane: {} ({})", lane.name.value, lane.kind.as_str());
        if let Some(owner) = &lane.owner {
            tooltip.push_str(&format!("\nOwner: {}", owner.value));
        }
        svg.title(&tooltip);
        svg.rect(head, &format!("fill=\"{head_fill}\""));
        svg.text(
            left + 12.0,
            row.y + 22.0,
            "kicker",
            "",
            &lane.kind.as_str().to_uppercase(),
        );
        let (name_lines, _) = text::wrap(
            &one_line(&lane.name.value),
            head.w - 24.0,
            size::LANE,
            true,
            3,
        );
        let mut y = row.y + 42.0;
        for name_line in &name_lines {
            svg.text(left + 12.0, y, "lane", "", name_line);
            y += 17.0;
        }
        if let Some(owner) = &lane.owner {
            let (owner_lines, _) = text::wrap(
                &format!("Owner: {}", one_line(&owner.value)),
                head.w - 24.0,
                size::OWNER,
                false,
                2,
            );
            y += 2.0;
            for owner_line in owner_lines {
                svg.text(left + 12.0, y, "owner", "", &owner_line);
                y += 14.0;
            }
        }
        let inset = Rect::new(head.x + 4.0, head.y + 4.0, head.w - 8.0, head.h - 8.0);
        overlay::outline(svg, ctx, &lane_key, inset);
        // Just right of the lane's head, in the row's top padding: clear of its words, of
        // a finding badge and of the blueprint line's name.
        overlay::tag_beside(ctx, &lane_key, head.right() + 18.0, row.y + 3.0);
        let found = ctx.marks.of(&lane_key);
        if !found.is_empty() {
            finding_badge(svg, head.right() - 14.0, row.y + 16.0, found);
        }
        svg.close_g();
        match previous_kind {
            Some(kind) if kind != lane.kind => boundaries.push((row.y, kind, lane.kind)),
            Some(_) => svg.line(
                left,
                row.y,
                right,
                row.y,
                "stroke=\"#d9dee4\" stroke-width=\"1\"",
            ),
            None => {}
        }
        previous_kind = Some(lane.kind);
    }
    // Blueprint lines last, so they sit over lane fills; named just above the line in the
    // lane header column, where no arrow runs.
    for (y, above, below) in boundaries {
        let names: Vec<&str> = layout::BLUEPRINT_LINES
            .iter()
            .filter(|(_, kind)| *kind > above && *kind <= below)
            .map(|(name, _)| *name)
            .collect();
        let name = names.join(" · ").to_uppercase();
        svg.line(
            left,
            y,
            right,
            y,
            "class=\"blueprint\" stroke=\"#3e4c59\" stroke-width=\"1.5\" stroke-dasharray=\"10 5\"",
        );
        let (name_lines, _) = text::wrap(&name, LANE_HEAD_W - 40.0, size::KICKER, true, 2);
        let mut text_y = y - 6.0 - (name_lines.len() as f64 - 1.0) * 13.0;
        for name_line in name_lines {
            svg.text(left + 12.0, text_y, "kicker", "", &name_line);
            text_y += 13.0;
        }
    }
    if let (Some(first), Some(last)) = (layout.rows.first(), layout.rows.last()) {
        svg.rect(
            Rect::new(left, first.y, right - left, last.y + last.h - first.y),
            &format!("fill=\"none\" stroke=\"{RULE}\""),
        );
    }
    svg.close_g();
}
