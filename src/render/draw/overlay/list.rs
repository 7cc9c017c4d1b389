//! The change list (one entry per change, numbered as the tags on the map; beside the
//! map on a canvas, on pages of its own when paged) and the room the overlay takes on the
//! map.

use super::super::Ctx;
use super::{color, tag_text};
use crate::render::Overlay;
use crate::render::layout::list_flow::{
    ENTRY_GAP, LINE_H, LIST_GAP, LIST_HEAD, LIST_W, column_h, entry_h, flow,
};
use crate::render::layout::{self, Layout, METRIC_GAP, METRIC_H, Rect};
use crate::render::page::{Frame, Page};
use crate::render::style::{INK, size};
use crate::render::svg::Svg;
use crate::render::text::{self, one_line};

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
    let ghost_routes = layout.ghost_routes.iter_mut().map(|(_, route)| route);
    for route in layout.routes.iter_mut().chain(ghost_routes) {
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
    for (_, card) in &mut layout.loose_metrics {
        shift(&mut card.y);
    }
    shift(&mut layout.loose_label_y);
    shift(&mut layout.key_y);
    shift(&mut layout.notes.changes_y);
    shift(&mut layout.notes.findings_y);
    shift(&mut layout.notes.legend_y);
    shift(&mut layout.notes.bottom);
    layout.height += dy;
}

fn heights(entries: &[crate::render::ListEntry]) -> Vec<f64> {
    entries.iter().map(entry_h).collect()
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
    flow(&heights(&overlay.list), height.max(LINE_H * 4.0))
        .chunks(per_page)
        .filter_map(|columns| Some(columns.first()?.start..columns.last()?.end))
        .collect()
}

/// Makes room for the overlay: ghost metric slots on the map, and the change list
/// (beside the map on a canvas, alone on its pages when paged; under the map on a
/// poster's one sheet, the layout placed it with the notes).
pub fn make_room(
    layout: &mut Layout,
    overlay: Option<&Overlay>,
    journey: &crate::model::Journey,
    frame: &Frame,
) {
    let Some(overlay) = overlay else {
        return;
    };
    // Ghost lanes are rows of the layout ([`Overlay::with_ghost_rows`]); ghost metrics
    // may need more of the metrics row.
    if !frame.notes && frame.metrics {
        let needed = super::ghosts::ghost_metric_slots(layout, overlay, journey)
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
    let Some(entries) = list_range(overlay, frame) else {
        return;
    };
    let Some(list) = overlay.list.get(entries) else {
        return;
    };
    let list = heights(list);
    if frame.page == Page::Canvas {
        let top = layout.stage_y + LIST_HEAD;
        let available = (layout.height - top - layout::MARGIN).max(900.0);
        let columns = flow(&list, available);
        layout.width += LIST_GAP + columns.len() as f64 * (LIST_W + LIST_GAP);
        layout.height = layout
            .height
            .max(top + column_h(&columns, &list) + layout::MARGIN);
    } else if frame.notes
        && let Some((area, scale)) = frame.page.area()
    {
        let top = layout::MARGIN + layout::HEADER_H + LIST_HEAD;
        let available = (area.h / scale - top - layout::MARGIN).max(LINE_H * 4.0);
        let columns = flow(&list, available);
        let width = layout::MARGIN * 2.0 + columns.len() as f64 * (LIST_W + LIST_GAP);
        layout.width = layout.width.max(width).max(area.w / scale);
        layout.height = top + column_h(&columns, &list) + layout::MARGIN;
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
pub(super) fn entry_tooltip(entry: &crate::render::ListEntry, number: usize) -> String {
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
/// the map (`data-number`), flowed into columns; beside the map on a canvas, under it on
/// a poster's one sheet (in the columns the layout chose), on pages of its own when
/// paged.
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
    let flowed = |left: f64, top: f64, available: f64| {
        let columns = flow(&heights(list), available.max(LINE_H * 4.0));
        (left, top, columns)
    };
    let under_map = ctx.frame.changes_under_map().is_some();
    let (left, top, columns) = if ctx.frame.page == Page::Canvas {
        let top = layout.stage_y;
        flowed(
            layout.grid_right + layout::MARGIN + LIST_GAP,
            top,
            (layout.height - top - LIST_HEAD - layout::MARGIN).max(900.0),
        )
    } else if under_map {
        let notes = &layout.notes;
        (
            layout.grid_left,
            notes.changes_y,
            notes.change_columns.clone(),
        )
    } else {
        let top = layout::MARGIN + layout::HEADER_H;
        flowed(
            layout::MARGIN,
            top,
            layout.height - top - LIST_HEAD - layout::MARGIN,
        )
    };
    svg.group("change-list", "");
    let total = overlay.list.len();
    let title = if range.len() == total {
        format!("Changes ({total})")
    } else {
        format!("Changes ({total}): {}–{}", range.start + 1, range.end)
    };
    svg.title(&title);
    if under_map {
        // Headed as the findings list and the legend under the map are, under a rule
        // (the legend's, when the legend is beside the list).
        let notes = &layout.notes;
        if (notes.legend_y - top).abs() > 0.5 {
            super::super::rule(svg, left, layout.notes_right(), top);
        }
        svg.text(left, top + 22.0, "h2", "", &title);
    } else {
        svg.text(left, top + 14.0, "card", "", &title);
    }
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
