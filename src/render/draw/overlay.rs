//! The diff overlay: every change of the diff drawn once and numbered as in the change
//! list: outlines and `#N NEW / CHANGED / MOVED` tags on the new journey's elements,
//! ghosts of removed touchpoints, handoffs, lanes and metrics where they were, a moved
//! touchpoint's ghost linked to its new place, the as-is emotion curve under the to-be
//! one, the before → after strip in the header, and the change list.
//!
//! Tags are collected while the map is drawn and painted last ([`draw_tags`]), so no
//! other mark covers them.

use super::signed as signed_mean;
use super::{Ctx, N};
use crate::model::{ElementKey, LaneKind};
use crate::render::Overlay;
use crate::render::content::CARD_W;
use crate::render::layout::{self, EMOTION_H, LANE_HEAD_W, Layout, METRIC_GAP, METRIC_H, Rect};
use crate::render::page::{Frame, Page};
#[cfg(test)]
use crate::render::style::WHITE;
use crate::render::style::{GREEN, INK, INK_2, RED, size};
use crate::render::svg::Svg;
use crate::render::text::{self, one_line};

/// Changed: outline and tag (white text on it).
pub const CHANGED: &str = "#8a5a14";
/// Moved: outline, tag and the link from the old place.
pub const MOVED: &str = "#1d5fa8";
/// Ghost fill (removed elements).
pub const GHOST_FILL: &str = "#fdf3f2";
/// Moved-from ghost fill.
pub const MOVED_FILL: &str = "#eef4fb";
/// The as-is curve: muted, dashed, still 3:1 against the chart panel.
pub const AS_IS: &str = "#7b8794";
/// Better / worse values in the header strip.
pub const BETTER: &str = GREEN;
pub const WORSE: &str = RED;

/// Every text colour the overlay draws, with its background, for the contrast test:
/// (fg, bg, size px, bold).
#[cfg(test)]
pub const CONTRAST: &[(&str, &str, f64, bool)] = &[
    (WHITE, GREEN, size::TAG, true),
    (WHITE, CHANGED, size::TAG, true),
    (WHITE, MOVED, size::TAG, true),
    (WHITE, RED, size::TAG, true),
    (INK_2, GHOST_FILL, size::CARD, true),
    (RED, GHOST_FILL, size::SMALL, true),
    (INK_2, MOVED_FILL, size::CARD, true),
    (MOVED, MOVED_FILL, size::SMALL, true),
    (INK_2, WHITE, size::SMALL, false),
    (BETTER, WHITE, size::SMALL, true),
    (WORSE, WHITE, size::SMALL, true),
    (INK, WHITE, size::SMALL, true),
    (INK_2, crate::render::style::PANEL, size::SMALL, false),
];

/// Non-text marks (outlines, ghost strokes, the as-is curve) against what they sit on:
/// WCAG 1.4.11 asks 3:1.
#[cfg(test)]
pub const GRAPHICS: &[(&str, &str)] = &[
    (GREEN, WHITE),
    (CHANGED, WHITE),
    (MOVED, WHITE),
    (RED, GHOST_FILL),
    (MOVED, MOVED_FILL),
    (AS_IS, crate::render::style::PANEL),
];

/// A tag waiting to be painted: its right edge, top, and the mark it shows.
#[derive(Debug, Clone)]
pub struct Tag {
    pub right: f64,
    pub y: f64,
    pub change: &'static str,
    pub number: usize,
}

fn color(change: &str) -> &'static str {
    match change {
        "added" => GREEN,
        "removed" => RED,
        "moved" => MOVED,
        _ => CHANGED,
    }
}

fn word(change: &str) -> &'static str {
    match change {
        "added" => "NEW",
        "removed" => "REMOVED",
        "moved" => "MOVED",
        _ => "CHANGED",
    }
}

fn mark_of<'a>(ctx: &'a Ctx<'_>, key: &ElementKey) -> Option<&'a crate::render::Mark> {
    ctx.overlay.and_then(|overlay| overlay.marks.get(key))
}

/// The overlay outline around a marked element: green solid (added), brown dashed
/// (changed), blue dashed (moved).
pub fn outline(svg: &mut Svg, ctx: &Ctx<'_>, key: &ElementKey, area: Rect) {
    let Some(mark) = mark_of(ctx, key) else {
        return;
    };
    let dash = match mark.change {
        "added" => "none",
        "moved" => "3 3",
        _ => "7 3",
    };
    let outline = Rect::new(area.x - 4.0, area.y - 4.0, area.w + 8.0, area.h + 8.0);
    svg.rect(
        outline,
        &format!(
            "class=\"change\" rx=\"9\" fill=\"none\" stroke=\"{}\" stroke-width=\"3\" \
stroke-dasharray=\"{dash}\"",
            color(mark.change)
        ),
    );
}

/// The `#N NEW` / `#N CHANGED` / `#N MOVED` tag on an element's bottom edge (painted last).
pub fn tag(ctx: &Ctx<'_>, key: &ElementKey, area: Rect) {
    tag_at(ctx, key, area, area.bottom() - 4.0);
}

pub fn tag_at(ctx: &Ctx<'_>, key: &ElementKey, area: Rect, y: f64) {
    if let Some(mark) = mark_of(ctx, key) {
        push_tag(ctx, area.right() - 10.0, y, mark.change, mark.number);
    }
}

/// A tag whose left edge is at `left`.
pub fn tag_beside(ctx: &Ctx<'_>, key: &ElementKey, left: f64, y: f64) {
    if let Some(mark) = mark_of(ctx, key) {
        let w = text::width(&tag_text(mark.change, mark.number), size::TAG, true) + 12.0;
        push_tag(ctx, left + w, y, mark.change, mark.number);
    }
}

fn push_tag(ctx: &Ctx<'_>, right: f64, y: f64, change: &'static str, number: usize) {
    ctx.tags.borrow_mut().push(Tag {
        right,
        y,
        change,
        number,
    });
}

pub fn outline_and_tag(svg: &mut Svg, ctx: &Ctx<'_>, key: &ElementKey, area: Rect) {
    outline(svg, ctx, key, area);
    tag(ctx, key, area);
}

/// A handoff's tag: on its label's top edge, or at the middle of its arrow.
pub fn handoff_tag(ctx: &Ctx<'_>, key: &ElementKey, route: &layout::Route) {
    let Some(mark) = mark_of(ctx, key) else {
        return;
    };
    let (right, y) = match &route.label {
        Some(label) => (label.rect.right() + 6.0, label.rect.y - 14.0),
        None => {
            let middle = route.points.len() / 2;
            let (x, y) = route.points.get(middle).copied().unwrap_or_default();
            let w = text::width(&tag_text(mark.change, mark.number), size::TAG, true) + 12.0;
            (x + w / 2.0, y - 8.0)
        }
    };
    push_tag(ctx, right, y, mark.change, mark.number);
}

fn tag_text(change: &str, number: usize) -> String {
    format!("#{number} {}", word(change))
}

fn tag_rect(tag: &Tag) -> Rect {
    let w = text::width(&tag_text(tag.change, tag.number), size::TAG, true) + 12.0;
    Rect::new(tag.right - w, tag.y, w, 16.0)
}

fn overlaps(a: &Rect, b: &Rect) -> bool {
    a.x < b.right() && b.x < a.right() && a.y < b.bottom() && b.y < a.bottom()
}

/// Paints every tag collected while drawing, on top of everything; a tag that would sit
/// on an earlier one moves left of it.
pub fn draw_tags(svg: &mut Svg, ctx: &Ctx<'_>) {
    let tags = ctx.tags.borrow();
    if tags.is_empty() {
        return;
    }
    svg.group("change-tags", "");
    let mut placed: Vec<Rect> = Vec::with_capacity(tags.len());
    for tag in tags.iter() {
        let mut rect = tag_rect(tag);
        for _ in 0..8 {
            match placed.iter().find(|other| overlaps(other, &rect)) {
                Some(other) => rect.x = other.x - rect.w - 4.0,
                None => break,
            }
        }
        placed.push(rect);
        svg.group(
            "change-tag",
            &format!("data-change-number=\"{}\"", tag.number),
        );
        if let Some(entry) = ctx
            .overlay
            .and_then(|overlay| overlay.list.get(tag.number.wrapping_sub(1)))
        {
            svg.title(&entry_tooltip(entry, tag.number));
        }
        svg.rect(
            rect,
            &format!(
                "rx=\"3\" fill=\"{}\" stroke=\"#ffffff\" stroke-width=\"1.5\"",
                color(tag.change)
            ),
        );
        svg.text(
            rect.center_x(),
            rect.y + 12.0,
            "tag",
            "text-anchor=\"middle\"",
            &tag_text(tag.change, tag.number),
        );
        svg.close_g();
    }
    svg.close_g();
}

/// Where the map shows touchpoint `key`: a ghost's place first (a removed touchpoint, or
/// where a moved one was), else its card.
fn touchpoint_rect(ctx: &Ctx<'_>, key: &ElementKey) -> Option<Rect> {
    let overlay = ctx.overlay?;
    let ghost = ctx.layout.ghosts.iter().find_map(|&(index, rect)| {
        overlay
            .removed
            .get(index)
            .filter(|ghost| ghost.key == *key)
            .map(|_| rect)
    });
    ghost.or_else(|| card_rect(ctx, key))
}

/// The card of touchpoint `key`, when this page shows it.
fn card_rect(ctx: &Ctx<'_>, key: &ElementKey) -> Option<Rect> {
    match key.resolve(ctx.journey) {
        Some(crate::model::Element::Touchpoint(index))
            if ctx.layout.shown.get(index).copied().unwrap_or(false) =>
        {
            ctx.layout.cards.get(index).copied()
        }
        _ => None,
    }
}

/// Removed touchpoints as faded red ghosts, struck through, in the cell where they were;
/// a moved touchpoint's ghost at its old place, linked to its card.
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
            "touchpoints whose stage",
        );
        svg.text(
            strip.x + 12.0,
            strip.y + 51.0,
            "small",
            "",
            "or lane is gone",
        );
    }
    for &(index, card) in &layout.ghosts {
        let Some(ghost) = overlay.removed.get(index) else {
            continue;
        };
        let name = one_line(&ghost.label);
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
            svg.title(&format!("Removed: {} ({}){number}", ghost.label, ghost.key));
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
            svg.text(
                card.x + 12.0,
                card.bottom() - 12.0,
                "small",
                &format!("style=\"fill:{MOVED};font-weight:700\""),
                &format!("#{number} moved from here"),
            );
            // Linked to its card when that is on this page.
            if let Some(to) = card_rect(ctx, &ghost.key) {
                link(svg, card, to);
            }
        } else {
            svg.text(card.x + 12.0, card.bottom() - 12.0, "alert", "", "REMOVED");
        }
        svg.close_g();
        if !moved && let Some(mark) = overlay.marks.get(&ghost.key) {
            // The ghost is the removed element's mark: wrap nothing else around it.
            push_tag(
                ctx,
                card.right() - 10.0,
                card.bottom() - 4.0,
                "removed",
                mark.number,
            );
        }
    }
    svg.close_g();
}

/// A ghost marker group for a removed element: `<g class="CLASS" data-change="removed"
/// data-change-number="N">`, written once per element.
fn open_removed(svg: &mut Svg, ctx: &Ctx<'_>, class: &str, key: &ElementKey) {
    svg.begin_group(class);
    ctx.mark(svg, key);
    svg.end_open();
}

/// The two points where a line from rect `a` to rect `b` leaves `a` and enters `b`: side
/// to side when they are in different columns, else bottom to top.
fn ends(a: Rect, b: Rect) -> ((f64, f64), (f64, f64)) {
    let mid = |r: Rect| r.y + r.h / 2.0;
    if b.x >= a.right() {
        ((a.right(), mid(a)), (b.x, mid(b)))
    } else if b.right() <= a.x {
        ((a.x, mid(a)), (b.right(), mid(b)))
    } else if b.y >= a.bottom() {
        ((a.center_x(), a.bottom()), (b.center_x(), b.y))
    } else {
        ((a.center_x(), a.y), (b.center_x(), b.bottom()))
    }
}

fn curve(from: (f64, f64), to: (f64, f64)) -> String {
    let horizontal = (to.0 - from.0).abs() >= (to.1 - from.1).abs();
    let (c1, c2) = if horizontal {
        let mid = (from.0 + to.0) / 2.0;
        ((mid, from.1), (mid, to.1))
    } else {
        let mid = (from.1 + to.1) / 2.0;
        ((from.0, mid), (to.0, mid))
    };
    format!(
        "M{},{} C{},{} {},{} {},{}",
        N(from.0),
        N(from.1),
        N(c1.0),
        N(c1.1),
        N(c2.0),
        N(c2.1),
        N(to.0),
        N(to.1)
    )
}

/// An arrow head at `to`, pointing from `from`.
fn head(svg: &mut Svg, from: (f64, f64), to: (f64, f64), fill: &str) {
    let (dx, dy) = (to.0 - from.0, to.1 - from.1);
    let length = (dx * dx + dy * dy).sqrt().max(1e-6);
    let (ux, uy) = (dx / length, dy / length);
    let back = (to.0 - ux * 10.0, to.1 - uy * 10.0);
    svg.path(
        &format!(
            "M{},{} L{},{} L{},{} Z",
            N(to.0),
            N(to.1),
            N(back.0 - uy * 5.0),
            N(back.1 + ux * 5.0),
            N(back.0 + uy * 5.0),
            N(back.1 - ux * 5.0)
        ),
        &format!("fill=\"{fill}\""),
    );
}

/// The link from a moved touchpoint's old place to its card.
fn link(svg: &mut Svg, from: Rect, to: Rect) {
    let (a, b) = ends(from, to);
    svg.path(
        &curve(a, b),
        &format!(
            "class=\"moved-link\" fill=\"none\" stroke=\"{MOVED}\" stroke-width=\"2.5\" \
stroke-dasharray=\"3 3\""
        ),
    );
    // The head points along the curve's last stretch (horizontal or vertical).
    let horizontal = (b.0 - a.0).abs() >= (b.1 - a.1).abs();
    let before = if horizontal {
        (b.0 - (b.0 - a.0).signum() * 10.0, b.1)
    } else {
        (b.0, b.1 - (b.1 - a.1).signum() * 10.0)
    };
    head(svg, before, b, MOVED);
}

/// Removed handoffs: a red dashed arrow between where their two ends are now drawn
/// (cards, or ghosts of removed or moved touchpoints), with its number at the middle.
pub fn draw_removed_handoffs(svg: &mut Svg, ctx: &Ctx<'_>) {
    let Some(overlay) = ctx.overlay else {
        return;
    };
    if overlay.removed_handoffs.is_empty() {
        return;
    }
    svg.group("removed-handoffs", "");
    for ghost in &overlay.removed_handoffs {
        let (Some(from), Some(to)) = (
            touchpoint_rect(ctx, &ghost.from),
            touchpoint_rect(ctx, &ghost.to),
        ) else {
            continue;
        };
        open_removed(svg, ctx, "ghost-handoff", &ghost.key);
        let mut tooltip = format!("Removed handoff: {}", ghost.label);
        for line in &ghost.details {
            tooltip.push('\n');
            tooltip.push_str(line);
        }
        svg.title(&tooltip);
        let (a, b) = ends(from, to);
        svg.path(
            &curve(a, b),
            &format!(
                "fill=\"none\" stroke=\"{RED}\" stroke-width=\"2.5\" stroke-dasharray=\"2 5\" \
stroke-linecap=\"round\""
            ),
        );
        let horizontal = (b.0 - a.0).abs() >= (b.1 - a.1).abs();
        let before = if horizontal {
            (b.0 - (b.0 - a.0).signum() * 10.0, b.1)
        } else {
            (b.0, b.1 - (b.1 - a.1).signum() * 10.0)
        };
        head(svg, before, b, RED);
        // A cross at the middle says "cut".
        let (mx, my) = ((a.0 + b.0) / 2.0, (a.1 + b.1) / 2.0);
        svg.path(
            &format!(
                "M{},{} L{},{} M{},{} L{},{}",
                N(mx - 6.0),
                N(my - 6.0),
                N(mx + 6.0),
                N(my + 6.0),
                N(mx - 6.0),
                N(my + 6.0),
                N(mx + 6.0),
                N(my - 6.0)
            ),
            &format!("stroke=\"{RED}\" stroke-width=\"3\""),
        );
        svg.close_g();
        if let Some(mark) = overlay.marks.get(&ghost.key) {
            let w = text::width(&tag_text("removed", mark.number), size::TAG, true) + 12.0;
            push_tag(ctx, mx + 10.0 + w, my - 8.0, "removed", mark.number);
        }
    }
    svg.close_g();
}

/// Height of a removed lane's ghost row.
const GHOST_LANE_H: f64 = 58.0;

/// Where each removed lane's ghost row goes on this page: (index in
/// `overlay.removed_lanes`, top). Under the row of the lane it followed in the old map,
/// stacked when several followed the same lane; above the first row when it followed none.
fn ghost_lane_slots(
    layout: &Layout,
    overlay: &Overlay,
    ctx_journey: &crate::model::Journey,
    frame: &Frame,
) -> Vec<(usize, f64)> {
    let lanes_top = layout.emotion_y + EMOTION_H + layout::SECTION_GAP;
    let first_page_row = frame.rows.as_ref().is_none_or(|rows| rows.start == 0);
    let mut slots = Vec::new();
    let mut stacked: Vec<(Option<&str>, usize)> = Vec::new();
    for (index, ghost) in overlay.removed_lanes.iter().enumerate() {
        let base = match ghost.after.as_deref() {
            None if first_page_row && !layout.rows.is_empty() => lanes_top,
            None => continue,
            Some(after) => {
                let Some(row) = layout.rows.iter().find(|row| {
                    ctx_journey
                        .lanes
                        .get(row.lane)
                        .is_some_and(|lane| lane.id.value == after)
                }) else {
                    continue;
                };
                row.y + row.h
            }
        };
        let count = match stacked
            .iter_mut()
            .find(|(key, _)| *key == ghost.after.as_deref())
        {
            Some((_, count)) => {
                *count += 1;
                *count - 1
            }
            None => {
                stacked.push((ghost.after.as_deref(), 1));
                0
            }
        };
        slots.push((index, base + count as f64 * GHOST_LANE_H));
    }
    slots
}

/// Moves everything at or below `y0` down by `dy`.
fn shift_below(layout: &mut Layout, y0: f64, dy: f64) {
    let shift = |y: &mut f64| {
        if *y >= y0 - 0.5 {
            *y += dy;
        }
    };
    for row in &mut layout.rows {
        shift(&mut row.y);
    }
    for card in &mut layout.cards {
        shift(&mut card.y);
    }
    for (_, ghost) in &mut layout.ghosts {
        shift(&mut ghost.y);
    }
    for route in &mut layout.routes {
        for point in &mut route.points {
            shift(&mut point.1);
        }
        if let Some(label) = &mut route.label {
            shift(&mut label.rect.y);
        }
    }
    if let Some(strip) = &mut layout.removed {
        shift(&mut strip.y);
    }
    shift(&mut layout.metrics_y);
    shift(&mut layout.key_y);
    shift(&mut layout.findings_y);
    shift(&mut layout.legend_y);
    layout.height += dy;
}

/// Removed lanes as ghost rows where they sat: a struck name, its owner, a red dashed band.
pub fn draw_ghost_lanes(svg: &mut Svg, ctx: &Ctx<'_>) {
    let Some(overlay) = ctx.overlay else {
        return;
    };
    let slots = ghost_lane_slots(&ctx.layout, overlay, ctx.journey, ctx.frame);
    if slots.is_empty() {
        return;
    }
    let left = ctx.layout.grid_left;
    let right = ctx.layout.grid_right;
    svg.group("removed-lanes", "");
    for (index, y) in slots {
        let Some(ghost) = overlay.removed_lanes.get(index) else {
            continue;
        };
        let band = Rect::new(left, y + 4.0, right - left, GHOST_LANE_H - 8.0);
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
        let kind = ghost.kind.map_or("lane", LaneKind::as_str).to_uppercase();
        svg.text(
            left + 12.0,
            band.y + 17.0,
            "alert",
            "",
            &format!("REMOVED {kind} LANE"),
        );
        let name = text::truncate(&one_line(&ghost.name), LANE_HEAD_W - 30.0, size::CARD, true);
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
                left + LANE_HEAD_W + 8.0,
                band.y + 38.0,
                "small",
                "",
                &text::truncate(
                    &owner,
                    right - left - LANE_HEAD_W - 160.0,
                    size::SMALL,
                    false,
                ),
            );
        }
        svg.close_g();
        if let Some(mark) = overlay.marks.get(&ghost.key) {
            push_tag(
                ctx,
                band.right() - 10.0,
                band.y + 6.0,
                "removed",
                mark.number,
            );
        }
    }
    svg.close_g();
}

/// Where each removed metric's ghost goes on this page: (index, column, slot).
fn ghost_metric_slots(
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
        if let Some(mark) = overlay.marks.get(&ghost.key) {
            push_tag(
                ctx,
                area.right() - 10.0,
                area.bottom() - 4.0,
                "removed",
                mark.number,
            );
        }
    }
    svg.close_g();
}

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
pub fn draw_strip(svg: &mut Svg, ctx: &Ctx<'_>, right: f64, y: f64) -> bool {
    let Some(overlay) = ctx.overlay else {
        return false;
    };
    if overlay.measures.is_empty() {
        return false;
    }
    svg.group("measures", "");
    svg.title("Before → after (as-is → to-be)");
    let half = overlay.measures.len().div_ceil(2);
    for (line, measures) in overlay.measures.chunks(half).enumerate() {
        let parts: Vec<(String, String)> = measures
            .iter()
            .map(|m| (format!("{} ", m.label), format!("{} → {}", m.old, m.new)))
            .collect();
        let gap = 16.0;
        let total: f64 = parts
            .iter()
            .map(|(label, value)| {
                text::width(label, size::SMALL, false) + text::width(value, size::SMALL, true)
            })
            .sum::<f64>()
            + gap * parts.len().saturating_sub(1) as f64;
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

/// Width of one column of the change list.
const LIST_W: f64 = 460.0;
const LIST_GAP: f64 = 20.0;
const LINE_H: f64 = 16.0;
const ENTRY_GAP: f64 = 10.0;
/// Room above the first entry of a column (the list's title).
const LIST_HEAD: f64 = 34.0;

fn entry_h(entry: &crate::render::ListEntry) -> f64 {
    LINE_H * (1 + entry.lines.len()) as f64 + ENTRY_GAP
}

/// Entries flowed into columns no taller than `column_h`: (first, end) of each column.
fn flow(entries: &[crate::render::ListEntry], column_h: f64) -> Vec<std::ops::Range<usize>> {
    let mut columns = Vec::new();
    let mut start = 0;
    let mut used = 0.0;
    for (index, entry) in entries.iter().enumerate() {
        let h = entry_h(entry);
        if index > start && used + h > column_h {
            columns.push(start..index);
            start = index;
            used = 0.0;
        }
        used += h;
    }
    if start < entries.len() {
        columns.push(start..entries.len());
    }
    columns
}

fn column_h(columns: &[std::ops::Range<usize>], entries: &[crate::render::ListEntry]) -> f64 {
    columns
        .iter()
        .map(|range| {
            entries
                .get(range.clone())
                .map_or(0.0, |e| e.iter().map(entry_h).sum())
        })
        .fold(0.0, f64::max)
}

/// The change list's share of a paged map: ranges of entries, one per page of their own
/// (as many columns as the page holds, each as tall as the page).
pub fn change_pages(overlay: Option<&Overlay>, page: Page) -> Vec<std::ops::Range<usize>> {
    let Some(overlay) = overlay else {
        return Vec::new();
    };
    let Some((area, scale)) = page.area() else {
        return Vec::new();
    };
    if overlay.list.is_empty() {
        return Vec::new();
    }
    let (max_w, max_h) = (area.w / scale, area.h / scale);
    let height = max_h - layout::MARGIN * 2.0 - layout::HEADER_H - LIST_HEAD;
    let per_page =
        (((max_w - 2.0 * layout::MARGIN + LIST_GAP) / (LIST_W + LIST_GAP)).floor() as usize).max(1);
    flow(&overlay.list, height.max(LINE_H * 4.0))
        .chunks(per_page)
        .filter_map(|columns| Some(columns.first()?.start..columns.last()?.end))
        .collect()
}

/// Makes room for the overlay: ghost lane rows and ghost metric slots on the map, and the
/// change list (beside the map on a canvas, alone on its pages when paged).
pub fn make_room(
    layout: &mut Layout,
    overlay: Option<&Overlay>,
    journey: &crate::model::Journey,
    frame: &Frame,
) {
    let Some(overlay) = overlay else {
        return;
    };
    if !frame.notes {
        // Ghost lanes, from the bottom up so the tops found stay right.
        let mut slots = ghost_lane_slots(layout, overlay, journey, frame);
        slots.sort_by(|a, b| b.1.total_cmp(&a.1));
        for (_, y) in slots {
            shift_below(layout, y, GHOST_LANE_H);
        }
        if frame.metrics {
            let needed = ghost_metric_slots(layout, overlay, journey)
                .iter()
                .map(|&(_, _, slot)| slot + 1)
                .max()
                .unwrap_or(0);
            let has = ((layout.metrics_h - 40.0) / (METRIC_H + METRIC_GAP)).round() as usize;
            if needed > has {
                let dy = (needed - has) as f64 * (METRIC_H + METRIC_GAP);
                let below = layout.metrics_y + layout.metrics_h;
                shift_below(layout, below, dy);
                layout.metrics_h += dy;
            }
        }
    }
    let Some(entries) = list_range(overlay, frame) else {
        return;
    };
    let Some(list) = overlay.list.get(entries) else {
        return;
    };
    if frame.page == Page::Canvas {
        let top = layout.stage_y + LIST_HEAD;
        let available = (layout.height - top - layout::MARGIN).max(900.0);
        let columns = flow(list, available);
        layout.width += LIST_GAP + columns.len() as f64 * (LIST_W + LIST_GAP);
        layout.height = layout
            .height
            .max(top + column_h(&columns, list) + layout::MARGIN);
    } else if let Some((area, scale)) = frame.page.area() {
        let top = layout::MARGIN + layout::HEADER_H + LIST_HEAD;
        let available = (area.h / scale - top - layout::MARGIN).max(LINE_H * 4.0);
        let columns = flow(list, available);
        let width = layout::MARGIN * 2.0 + columns.len() as f64 * (LIST_W + LIST_GAP);
        layout.width = layout.width.max(width).max(area.w / scale);
        layout.height = top + column_h(&columns, list) + layout::MARGIN;
        layout.grid_right = layout.width - layout::MARGIN;
    }
}

/// The entries of the change list drawn on this frame, if any.
fn list_range(overlay: &Overlay, frame: &Frame) -> Option<std::ops::Range<usize>> {
    if overlay.list.is_empty() {
        return None;
    }
    match &frame.changes {
        None if frame.page == Page::Canvas && !frame.notes => Some(0..overlay.list.len()),
        Some(range) if !range.is_empty() => Some(range.clone()),
        _ => None,
    }
}

/// A change as its tooltip says it: `#N changed touchpoint X`, then `field: old → new`.
fn entry_tooltip(entry: &crate::render::ListEntry, number: usize) -> String {
    let mut tooltip = format!("#{number} {} {}", entry.change, entry.title);
    for line in &entry.lines {
        tooltip.push('\n');
        tooltip.push_str(line);
    }
    tooltip
}

/// One line of the list, cut to `width` (the tooltip holds it whole).
fn fit(line: &str, width: f64, bold: bool) -> String {
    text::truncate(&one_line(line), width, size::SMALL, bold)
}

/// The change list: one `<g class="change-entry">` per change, numbered as the tags on
/// the map (`data-number`), flowed into columns; beside the map on a canvas, on pages of
/// its own when paged.
pub fn draw_change_list(svg: &mut Svg, ctx: &Ctx<'_>) {
    let Some(overlay) = ctx.overlay else {
        return;
    };
    let Some(range) = list_range(overlay, ctx.frame) else {
        return;
    };
    let Some(list) = overlay.list.get(range.clone()) else {
        return;
    };
    let layout = &ctx.layout;
    let (left, top, available) = if ctx.frame.page == Page::Canvas {
        let top = layout.stage_y;
        (
            layout.grid_right + layout::MARGIN + LIST_GAP,
            top,
            (layout.height - top - LIST_HEAD - layout::MARGIN).max(900.0),
        )
    } else {
        let top = layout::MARGIN + layout::HEADER_H;
        (
            layout::MARGIN,
            top,
            layout.height - top - LIST_HEAD - layout::MARGIN,
        )
    };
    let columns = flow(list, available.max(LINE_H * 4.0));
    svg.group("change-list", "");
    let total = overlay.list.len();
    let title = if range.len() == total {
        format!("Changes ({total})")
    } else {
        format!("Changes ({total}): {}–{}", range.start + 1, range.end)
    };
    svg.title(&title);
    svg.text(left, top + 14.0, "card", "", &title);
    for (column, entries) in columns.iter().enumerate() {
        let x = left + column as f64 * (LIST_W + LIST_GAP);
        let mut y = top + LIST_HEAD + 12.0;
        for offset in entries.clone() {
            let Some(entry) = list.get(offset) else {
                continue;
            };
            let number = range.start + offset + 1;
            svg.group("change-entry", &format!("data-number=\"{number}\""));
            svg.title(&entry_tooltip(entry, number));
            let tag = tag_text(entry.change, number);
            let w = text::width(&tag, size::TAG, true) + 12.0;
            let tag_rect = Rect::new(x, y - 12.0, w, 16.0);
            svg.rect(
                tag_rect,
                &format!("rx=\"3\" fill=\"{}\"", color(entry.change)),
            );
            svg.text(
                tag_rect.center_x(),
                y,
                "tag",
                "text-anchor=\"middle\"",
                &tag,
            );
            svg.text(
                x + w + 6.0,
                y,
                "small",
                &format!("style=\"fill:{INK};font-weight:700\""),
                &fit(&entry.title, LIST_W - w - 10.0, true),
            );
            for line in &entry.lines {
                y += LINE_H;
                svg.text(x + 12.0, y, "small", "", &fit(line, LIST_W - 16.0, false));
            }
            y += LINE_H + ENTRY_GAP;
            svg.close_g();
        }
    }
    svg.close_g();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::style::contrast;

    #[test]
    fn every_overlay_text_meets_wcag_aa() {
        for &(fg, bg, px, bold) in CONTRAST {
            let large = px >= 24.0 || (bold && px >= 18.66);
            let needed = if large { 3.0 } else { 4.5 };
            let ratio = contrast(fg, bg);
            assert!(ratio >= needed, "{fg} on {bg}: {ratio:.2} < {needed}");
        }
        // The old amber tag failed: the check can fail.
        assert!(contrast(WHITE, crate::render::style::AMBER) < 4.5);
    }

    #[test]
    fn every_overlay_mark_meets_three_to_one() {
        for &(fg, bg) in GRAPHICS {
            let ratio = contrast(fg, bg);
            assert!(ratio >= 3.0, "{fg} on {bg}: {ratio:.2} < 3");
        }
        assert!(contrast("#9aa5b1", crate::render::style::PANEL) < 3.0);
    }

    #[test]
    fn the_list_flows_into_columns_no_taller_than_asked() {
        let entry = |lines: usize| crate::render::ListEntry {
            change: "changed",
            title: "x".into(),
            lines: vec!["a: 1 → 2".into(); lines],
            ghost: false,
        };
        let entries: Vec<_> = (0..10).map(|i| entry(i % 3)).collect();
        let columns = flow(&entries, 100.0);
        assert!(columns.len() > 1);
        assert_eq!(columns.first().map(|c| c.start), Some(0));
        assert_eq!(columns.last().map(|c| c.end), Some(10));
        for pair in columns.windows(2) {
            assert_eq!(pair[0].end, pair[1].start);
        }
        assert!(column_h(&columns, &entries) <= 100.0);
    }
}
