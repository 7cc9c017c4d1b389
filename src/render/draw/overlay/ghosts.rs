//! Ghosts of removed things where they were: touchpoints in their cell (or in the
//! "Removed" strip when their stage is gone), a moved touchpoint's old place, removed
//! lanes as ghost rows holding their ghost cards, removed metrics in the metrics row.

use super::super::Ctx;
use super::{GHOST_FILL, MOVED, MOVED_FILL, push_tag};
use crate::model::{ElementKey, LaneKind};
use crate::render::Overlay;
use crate::render::content::CARD_W;
use crate::render::layout::{LANE_HEAD_W, Layout, METRIC_GAP, METRIC_H, Rect};
use crate::render::style::{INK_2, RED, size};
use crate::render::svg::Svg;
use crate::render::text::{self, one_line};

/// A ghost marker group for a removed element: `<g class="CLASS" data-change="removed"
/// data-change-number="N">`, written once per element.
pub(super) fn open_removed(svg: &mut Svg, ctx: &Ctx<'_>, class: &str, key: &ElementKey) {
    svg.begin_group(class);
    ctx.mark(svg, key);
    svg.end_open();
}

/// Removed touchpoints as faded red ghosts, struck through, in the cell where they were
/// (or in the "Removed" strip); a moved touchpoint's ghost at its old place, linked to its
/// card ([`super::links`]) or, when the card is on another page, saying which.
pub fn draw_ghosts(svg: &mut Svg, ctx: &Ctx<'_>) {
    let Some(overlay) = ctx.overlay else {
        return;
    };
    let layout = &ctx.layout;
    svg.group("removed", "");
    if let Some(strip) = layout.removed {
        svg.rect(
            strip,
            &format!("rx=\"6\" fill=\"{GHOST_FILL}\" stroke=\"{RED}\" stroke-dasharray=\"6 4\""),
        );
        svg.text(strip.x + 12.0, strip.y + 20.0, "alert", "", "REMOVED");
        svg.text(
            strip.x + 12.0,
            strip.y + 37.0,
            "small",
            "",
            "stages, and touchpoints",
        );
        svg.text(
            strip.x + 12.0,
            strip.y + 51.0,
            "small",
            "",
            "whose stage is gone",
        );
    }
    for &(index, card) in &layout.ghosts {
        let Some(ghost) = overlay.removed.get(index) else {
            continue;
        };
        let stage = ghost.key.kind == crate::model::ElementKind::Stage;
        let name = if stage {
            format!("Stage: {}", one_line(&ghost.label))
        } else {
            one_line(&ghost.label)
        };
        let (lines, _) = text::wrap(&name, CARD_W - 24.0, size::CARD, true, 1);
        let moved = ghost.key.resolve(ctx.journey).is_some();
        let number = overlay.marks.get(&ghost.key).map_or(0, |mark| mark.number);
        if moved {
            // The moved card carries the mark; its old place carries none.
            svg.group("ghost moved-from", "");
            svg.title(&format!(
                "#{number} moved from here: {} ({})",
                ghost.label, ghost.key
            ));
            svg.rect(
                card,
                &format!(
                    "rx=\"7\" fill=\"{MOVED_FILL}\" stroke=\"{MOVED}\" stroke-width=\"2\" \
stroke-dasharray=\"3 3\""
                ),
            );
        } else {
            open_removed(svg, ctx, "ghost", &ghost.key);
            let number = match number {
                0 => String::new(),
                n => format!(" · #{n}"),
            };
            let what = if stage { "Removed stage" } else { "Removed" };
            svg.title(&format!("{what}: {} ({}){number}", ghost.label, ghost.key));
            svg.rect(
                card,
                &format!(
                    "rx=\"7\" fill=\"{GHOST_FILL}\" stroke=\"{RED}\" stroke-width=\"2\" \
stroke-dasharray=\"6 4\""
                ),
            );
        }
        let y = card.y + 22.0;
        for name_line in &lines {
            svg.text(
                card.x + 12.0,
                y,
                "card",
                &format!("style=\"fill:{INK_2}\""),
                name_line,
            );
            if !moved {
                let w = text::width(name_line, size::CARD, true);
                svg.line(
                    card.x + 10.0,
                    y - 5.0,
                    card.x + 14.0 + w,
                    y - 5.0,
                    &format!("stroke=\"{RED}\" stroke-width=\"1.5\""),
                );
            }
        }
        if moved {
            moved_from(svg, ctx, index, card, number);
        } else {
            svg.text(card.x + 12.0, card.bottom() - 12.0, "alert", "", "REMOVED");
        }
        svg.close_g();
        if !moved {
            // The ghost is the removed element's mark: wrap nothing else around it.
            removed_tag(ctx, overlay, card, &ghost.key);
        }
    }
    svg.close_g();
}

/// What a moved touchpoint's old place says at its foot: "moved from here" when its card
/// is on this page (a link joins them), else on which page its card is, as a stub
/// (`data-stub="out" data-page="N"`).
fn moved_from(svg: &mut Svg, ctx: &Ctx<'_>, ghost: usize, card: Rect, number: usize) {
    let linked = ctx
        .layout
        .ghost_routes
        .iter()
        .any(|(link, _)| *link == crate::render::GhostLink::Moved(ghost));
    let page = (!linked)
        .then(|| super::pages::card_page(ctx, ghost))
        .flatten();
    let style = format!("style=\"fill:{MOVED};font-weight:700\"");
    match page {
        Some(page) => {
            svg.begin_group("moved-stub");
            svg.fmt(format_args!(" data-stub=\"out\" data-page=\"{page}\""));
            svg.end_open();
            svg.title(&format!("#{number} moved: its card is on page {page}"));
            svg.text(
                card.x + 12.0,
                card.bottom() - 12.0,
                "small",
                &style,
                &format!("#{number} moved to p. {page} →"),
            );
            svg.close_g();
        }
        None => svg.text(
            card.x + 12.0,
            card.bottom() - 12.0,
            "small",
            &style,
            &format!("#{number} moved from here"),
        ),
    }
}

/// Removed lanes as ghost rows where they sat in the old lane order (the layout gives
/// them rows: [`Overlay::with_ghost_rows`]): a red dashed band, its kind, struck name and
/// owner in the lane-head column; its ghost cards sit in it.
pub fn draw_ghost_lanes(svg: &mut Svg, ctx: &Ctx<'_>) {
    let Some(overlay) = ctx.overlay else {
        return;
    };
    let base = ctx.journey.lanes.len();
    let left = ctx.layout.grid_left;
    let right = ctx.layout.grid_right;
    let rows: Vec<_> = ctx
        .layout
        .rows
        .iter()
        .filter_map(|row| {
            let ghost = overlay.removed_lanes.get(row.lane.checked_sub(base)?)?;
            Some((row, ghost))
        })
        .collect();
    if rows.is_empty() {
        return;
    }
    svg.group("removed-lanes", "");
    for (row, ghost) in rows {
        let band = Rect::new(left, row.y + 3.0, right - left, row.h - 6.0);
        open_removed(svg, ctx, "ghost-lane", &ghost.key);
        let mut tooltip = format!("Removed lane: {}", ghost.name);
        if let Some(owner) = &ghost.owner {
            tooltip.push_str(&format!("\nOwner: {owner}"));
        }
        svg.title(&tooltip);
        svg.rect(
            band,
            &format!(
                "rx=\"6\" fill=\"{GHOST_FILL}\" stroke=\"{RED}\" stroke-width=\"2\" \
stroke-dasharray=\"6 4\""
            ),
        );
        let head_w = LANE_HEAD_W - 30.0;
        let kind = ghost.kind.map_or("lane", LaneKind::as_str).to_uppercase();
        let kicker = format!("REMOVED {kind} LANE");
        let kicker = if text::width(&kicker, size::SMALL, true) <= head_w {
            kicker
        } else {
            "REMOVED LANE".to_string()
        };
        svg.text(left + 12.0, band.y + 18.0, "alert", "", &kicker);
        let name = text::truncate(&one_line(&ghost.name), head_w, size::CARD, true);
        svg.text(
            left + 12.0,
            band.y + 38.0,
            "card",
            &format!("style=\"fill:{INK_2}\""),
            &name,
        );
        let w = text::width(&name, size::CARD, true);
        svg.line(
            left + 10.0,
            band.y + 33.0,
            left + 14.0 + w,
            band.y + 33.0,
            &format!("stroke=\"{RED}\" stroke-width=\"1.5\""),
        );
        if let Some(owner) = &ghost.owner {
            let owner = format!("Owner was: {}", one_line(owner));
            svg.text(
                left + 12.0,
                band.y + 55.0,
                "small",
                "",
                &text::truncate(&owner, head_w, size::SMALL, false),
            );
        }
        svg.close_g();
        if let Some(mark) = overlay.marks.get(&ghost.key) {
            let w = text::width(&super::tag_text("removed", mark.number), size::TAG, true) + 12.0;
            push_tag(
                ctx,
                left + LANE_HEAD_W + 4.0 + w,
                band.y + 1.0,
                "removed",
                mark.number,
            );
        }
    }
    svg.close_g();
}

/// Where each removed metric's ghost goes on this page: (index, column, slot).
pub(super) fn ghost_metric_slots(
    layout: &Layout,
    overlay: &Overlay,
    journey: &crate::model::Journey,
) -> Vec<(usize, usize, usize)> {
    let mut used: Vec<usize> = layout
        .stage_metrics
        .iter()
        .map(|metrics| metrics.len().max(1))
        .collect();
    let mut slots = Vec::new();
    for (index, ghost) in overlay.removed_metrics.iter().enumerate() {
        let stage = ghost
            .stage
            .as_deref()
            .and_then(|stage| journey.stage_index.get(stage).copied())
            .unwrap_or(0);
        let Some(column) = stage.checked_sub(layout.first_stage) else {
            continue;
        };
        let Some(count) = used.get_mut(column) else {
            continue;
        };
        slots.push((index, column, *count));
        *count += 1;
    }
    slots
}

/// Removed metrics as ghost cards in the metrics row, under the stage that showed them.
pub fn draw_ghost_metrics(svg: &mut Svg, ctx: &Ctx<'_>) {
    let Some(overlay) = ctx.overlay else {
        return;
    };
    let layout = &ctx.layout;
    let slots = ghost_metric_slots(layout, overlay, ctx.journey);
    if slots.is_empty() {
        return;
    }
    svg.group("removed-metrics", "");
    for (index, column, slot) in slots {
        let (Some(ghost), Some(&x)) = (
            overlay.removed_metrics.get(index),
            layout.columns.get(column),
        ) else {
            continue;
        };
        let y = layout.metrics_y + 20.0 + slot as f64 * (METRIC_H + METRIC_GAP);
        let area = Rect::new(x, y, CARD_W, METRIC_H);
        open_removed(svg, ctx, "ghost-metric", &ghost.key);
        svg.title(&format!("Removed metric: {}\n{}", ghost.name, ghost.value));
        svg.rect(
            area,
            &format!(
                "rx=\"6\" fill=\"{GHOST_FILL}\" stroke=\"{RED}\" stroke-width=\"2\" \
stroke-dasharray=\"6 4\""
            ),
        );
        let name = text::truncate(&one_line(&ghost.name), area.w - 20.0, size::METRIC, true);
        svg.text(
            area.x + 10.0,
            area.y + 21.0,
            "metric",
            &format!("style=\"fill:{INK_2}\""),
            &name,
        );
        let w = text::width(&name, size::METRIC, true);
        svg.line(
            area.x + 8.0,
            area.y + 17.0,
            area.x + 12.0 + w,
            area.y + 17.0,
            &format!("stroke=\"{RED}\" stroke-width=\"1.5\""),
        );
        svg.text(area.x + 10.0, area.bottom() - 12.0, "alert", "", "REMOVED");
        svg.close_g();
        removed_tag(ctx, overlay, area, &ghost.key);
    }
    svg.close_g();
}

/// The "#N REMOVED" tag at the bottom-right corner of a ghost's box, when the element is in
/// the change list.
fn removed_tag(ctx: &Ctx<'_>, overlay: &Overlay, ghost: Rect, key: &ElementKey) {
    if let Some(mark) = overlay.marks.get(key) {
        push_tag(
            ctx,
            ghost.right() - 10.0,
            ghost.bottom() - 4.0,
            "removed",
            mark.number,
        );
    }
}
