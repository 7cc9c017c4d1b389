//! The diff overlay: every change of the diff drawn once and numbered as in the change
//! list: outlines and `#N NEW / CHANGED / MOVED` tags on the new journey's elements,
//! ghosts of removed touchpoints, handoffs, lanes and metrics where they were, a moved
//! touchpoint's ghost linked to its new place, the as-is emotion curve under the to-be
//! one, the before → after strip in the header, and the change list.
//!
//! Tags are collected while the map is drawn and painted last ([`draw_tags`]), so no
//! other mark covers them.

mod before;
mod ghosts;
mod links;
mod list;
mod pages;

pub use before::{draw_before_curve, draw_strip, mean_text, strip_width};
pub use ghosts::{draw_ghost_lanes, draw_ghost_metrics, draw_ghosts};
pub use list::{change_pages, draw_change_list, make_room};

use super::Ctx;
use crate::model::ElementKey;
use crate::render::layout::{self, Rect};
use crate::render::style::{GREEN, RED, size};
#[cfg(test)]
use crate::render::style::{INK, INK_2, WHITE};
use crate::render::svg::Svg;
use crate::render::text;

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
    (INK_2, GHOST_FILL, size::SMALL, false),
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
    /// The other end is on another page: (this end is where it starts, that page). The
    /// tag then reads `#N MOVED · from p. P` (or `· to p. P`) and carries
    /// `data-stub="in|out" data-page="P"`, as a handoff cut by a page break.
    pub stub: Option<(bool, usize)>,
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
    let Some(mark) = mark_of(ctx, key) else {
        return;
    };
    let stub = if mark.change == "moved" {
        moved_from_page(ctx, key).map(|page| (false, page))
    } else {
        None
    };
    ctx.tags().push(Tag {
        right: area.right() - 10.0,
        y,
        change: mark.change,
        number: mark.number,
        stub,
    });
}

/// The page of a moved touchpoint's old place, when it is not on this page.
fn moved_from_page(ctx: &Ctx<'_>, key: &ElementKey) -> Option<usize> {
    let overlay = ctx.overlay?;
    let ghost = overlay.removed.iter().position(|ghost| ghost.key == *key)?;
    if ctx.layout.ghosts.iter().any(|&(index, _)| index == ghost) {
        return None;
    }
    pages::ghost_page(ctx, ghost).filter(|&page| page != ctx.frame.number)
}

/// A tag whose left edge is at `left`.
pub fn tag_beside(ctx: &Ctx<'_>, key: &ElementKey, left: f64, y: f64) {
    if let Some(mark) = mark_of(ctx, key) {
        let w = text::width(&tag_text(mark.change, mark.number), size::TAG, true) + 12.0;
        push_tag(ctx, left + w, y, mark.change, mark.number);
    }
}

fn push_tag(ctx: &Ctx<'_>, right: f64, y: f64, change: &'static str, number: usize) {
    push_stub_tag(ctx, right, y, change, number, None);
}

fn push_stub_tag(
    ctx: &Ctx<'_>,
    right: f64,
    y: f64,
    change: &'static str,
    number: usize,
    stub: Option<(bool, usize)>,
) {
    ctx.tags().push(Tag {
        right,
        y,
        change,
        number,
        stub,
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

/// What a tag says: `#N MOVED`, and where a moved card came from when that is on another
/// page.
fn tag_words(tag: &Tag) -> String {
    match tag.stub {
        Some((outgoing, page)) => format!(
            "{} · {} p. {page}",
            tag_text(tag.change, tag.number),
            if outgoing { "to" } else { "from" }
        ),
        None => tag_text(tag.change, tag.number),
    }
}

fn tag_rect(tag: &Tag) -> Rect {
    let w = text::width(&tag_words(tag), size::TAG, true) + 12.0;
    Rect::new(tag.right - w, tag.y, w, 16.0)
}

fn overlaps(a: &Rect, b: &Rect) -> bool {
    a.x < b.right() && b.x < a.right() && a.y < b.bottom() && b.y < a.bottom()
}

/// Paints every tag collected while drawing, on top of everything; a tag that would sit
/// on an earlier one moves left of it.
pub fn draw_tags(svg: &mut Svg, ctx: &Ctx<'_>) {
    links::draw_moved_links(svg, ctx);
    let tags = ctx.tags();
    if tags.is_empty() {
        return;
    }
    svg.group("change-tags", "");
    let mut placed: Vec<Rect> = Vec::with_capacity(tags.len());
    // Step markers stand out of their cards' corners: a tag on one moves right of it.
    let markers: Vec<Rect> =
        layout::step_marker_boxes(ctx.journey, &ctx.layout.cards, &ctx.layout.shown)
            .into_iter()
            .map(|marker| links::grow(marker, links::MARKER_ROOM))
            .collect();
    for tag in tags.iter() {
        let wanted = tag_rect(tag);
        let free = |rect: &Rect| {
            !placed.iter().any(|other| overlaps(other, rect))
                && !markers.iter().any(|marker| overlaps(marker, rect))
        };
        // The nearest free spot along the tag's line, left first; else where it was
        // meant to be.
        let rect = (0..=60)
            .flat_map(|step| [-(f64::from(step)) * 6.0, f64::from(step) * 6.0])
            .map(|dx| Rect::new(wanted.x + dx, wanted.y, wanted.w, wanted.h))
            .find(|rect| free(rect))
            .unwrap_or(wanted);
        placed.push(rect);
        let mut attributes = format!("data-change-number=\"{}\"", tag.number);
        if let Some((outgoing, page)) = tag.stub {
            let end = if outgoing { "out" } else { "in" };
            attributes.push_str(&format!(" data-stub=\"{end}\" data-page=\"{page}\""));
        }
        svg.group("change-tag", &attributes);
        if let Some(entry) = ctx
            .overlay
            .and_then(|overlay| overlay.list.get(tag.number.wrapping_sub(1)))
        {
            let mut tooltip = list::entry_tooltip(entry, tag.number);
            if let Some((_, page)) = tag.stub {
                tooltip.push_str(&format!("\nThe other end is on page {page}"));
            }
            svg.title(&tooltip);
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
            &tag_words(tag),
        );
        svg.close_g();
    }
    svg.close_g();
}

/// Removed handoffs, routed as handoffs ([`links`]).
pub fn draw_removed_handoffs(svg: &mut Svg, ctx: &Ctx<'_>) {
    links::draw_removed_handoffs(svg, ctx);
    links::tag_cut_handoffs(ctx);
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
}
