//! The overlay's links, routed by the layout like handoffs ([`crate::render::GhostLink`]):
//! removed handoffs as red dotted arrows cut by a cross, and a moved touchpoint's old
//! place linked to its card by a blue dashed arrow. Neither crosses a card.

use super::super::{Ctx, N};
use super::ghosts::open_removed;
use super::{MOVED, push_stub_tag};
use crate::render::GhostLink;
use crate::render::layout::{self, Rect, Route};
use crate::render::style::RED;
use crate::render::svg::Svg;

/// Where the map shows touchpoint `key` on this page: its ghost (removed, or a moved
/// one's old place) when that is here, else its card.
fn end_rect(ctx: &Ctx<'_>, key: &crate::model::ElementKey) -> Option<Rect> {
    let overlay = ctx.overlay?;
    let ghost = ctx.layout.ghosts.iter().find_map(|&(index, rect)| {
        overlay
            .removed
            .get(index)
            .filter(|ghost| ghost.key == *key)
            .map(|_| rect)
    });
    ghost.or_else(|| match key.resolve(ctx.journey) {
        Some(crate::model::Element::Touchpoint(index))
            if ctx.layout.shown.get(index).copied().unwrap_or(false) =>
        {
            ctx.layout.cards.get(index).copied()
        }
        _ => None,
    })
}

/// An orthogonal polyline through `points`.
fn polyline(points: &[(f64, f64)]) -> String {
    let mut d = String::with_capacity(points.len() * 16);
    for (position, (x, y)) in points.iter().enumerate() {
        if position > 0 {
            d.push(' ');
        }
        d.push(if position == 0 { 'M' } else { 'L' });
        d.push_str(&format!("{},{}", N(*x), N(*y)));
    }
    d
}

/// An arrow head at the route's end, along its last stretch.
fn head(svg: &mut Svg, points: &[(f64, f64)], fill: &str) {
    let [.., from, to] = points else {
        return;
    };
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

/// Room a tag keeps from a step marker.
pub const MARKER_ROOM: f64 = 4.0;

/// `rect` grown by `by` on every side.
pub fn grow(rect: Rect, by: f64) -> Rect {
    Rect::new(
        rect.x - by,
        rect.y - by,
        rect.w + 2.0 * by,
        rect.h + 2.0 * by,
    )
}

fn overlaps(a: &Rect, b: &Rect) -> bool {
    a.x < b.right() && b.x < a.right() && a.y < b.bottom() && b.y < a.bottom()
}

/// Everything on the map a link's tag must not cover: cards and their step markers,
/// ghosts, arrow labels, arrows (its own included: the tag sits beside its line).
fn obstacles(ctx: &Ctx<'_>) -> Vec<Rect> {
    let layout = &ctx.layout;
    let markers = layout::step_marker_boxes(ctx.journey, &layout.cards, &layout.shown);
    layout
        .cards
        .iter()
        .zip(&layout.shown)
        .filter(|(_, shown)| **shown)
        .map(|(card, _)| *card)
        .chain(markers.iter().map(|marker| grow(*marker, MARKER_ROOM)))
        .chain(layout.ghosts.iter().map(|(_, rect)| *rect))
        .chain(
            layout
                .routes
                .iter()
                .filter_map(|route| route.label.as_ref().map(|label| label.rect)),
        )
        .chain(
            layout
                .routes
                .iter()
                .chain(layout.ghost_routes.iter().map(|(_, route)| route))
                .flat_map(|route| route.points.windows(2))
                .filter_map(|pair| match pair {
                    [p, q] => Some(stretch_box(*p, *q)),
                    _ => None,
                }),
        )
        .collect()
}

/// A stretch of a route as a thin box.
fn stretch_box(p: (f64, f64), q: (f64, f64)) -> Rect {
    Rect::new(
        p.0.min(q.0) - 1.5,
        p.1.min(q.1) - 1.5,
        (q.0 - p.0).abs() + 3.0,
        (q.1 - p.1).abs() + 3.0,
    )
}

/// Where a removed handoff's cross and tag go: the middle of its longest stretch whose
/// tag (beside a vertical stretch, above or below a horizontal one) covers no card, label
/// or other arrow; else the middle of the longest stretch, tag below. Returns the cross's
/// centre and the tag's (right, top).
fn cut_at(route: &Route, tag_w: f64, obstacles: &[Rect]) -> Option<((f64, f64), (f64, f64))> {
    let mut stretches: Vec<((f64, f64), (f64, f64))> = route
        .points
        .windows(2)
        .filter_map(|pair| match pair {
            [p, q] => Some((*p, *q)),
            _ => None,
        })
        .collect();
    let length = |(p, q): &((f64, f64), (f64, f64))| (q.0 - p.0).abs() + (q.1 - p.1).abs();
    stretches.sort_by(|a, b| length(b).total_cmp(&length(a)));
    let candidates = |(p, q): &((f64, f64), (f64, f64))| {
        let (mx, my) = ((p.0 + q.0) / 2.0, (p.1 + q.1) / 2.0);
        let vertical = (q.0 - p.0).abs() < (q.1 - p.1).abs();
        let tags = if vertical {
            [
                Rect::new(mx - 10.0 - tag_w, my - 8.0, tag_w, 16.0),
                Rect::new(mx + 10.0, my - 8.0, tag_w, 16.0),
                Rect::new(mx - tag_w / 2.0, my + 9.0, tag_w, 16.0),
            ]
        } else {
            [
                Rect::new(mx - tag_w / 2.0, my - 25.0, tag_w, 16.0),
                Rect::new(mx - tag_w / 2.0, my + 9.0, tag_w, 16.0),
                Rect::new(mx + 10.0, my - 8.0, tag_w, 16.0),
            ]
        };
        tags.map(|tag| ((mx, my), tag))
    };
    let clear = stretches
        .iter()
        .flat_map(candidates)
        .find(|(_, tag)| !obstacles.iter().any(|rect| overlaps(rect, tag)));
    clear
        .or_else(|| stretches.first().map(|s| candidates(s)[2]))
        .map(|(cross, tag)| (cross, (tag.right(), tag.y)))
}

/// Removed handoffs: a red dotted arrow along the route a handoff between their two ends
/// (cards, or ghosts of removed or moved touchpoints) would take, cut by a cross, tagged
/// with its number.
pub fn draw_removed_handoffs(svg: &mut Svg, ctx: &Ctx<'_>) {
    let Some(overlay) = ctx.overlay else {
        return;
    };
    let routes: Vec<_> = ctx
        .layout
        .ghost_routes
        .iter()
        .filter_map(|(link, route)| match link {
            GhostLink::Handoff(index) => Some((overlay.removed_handoffs.get(*index)?, route)),
            GhostLink::Moved(_) => None,
        })
        .collect();
    let unrouted: Vec<_> = overlay
        .removed_handoffs
        .iter()
        .enumerate()
        .filter(|(index, _)| {
            !ctx.layout
                .ghost_routes
                .iter()
                .any(|(link, _)| *link == GhostLink::Handoff(*index))
        })
        .filter_map(|(_, ghost)| Some((ghost, end_rect(ctx, &ghost.from)?)))
        .collect();
    if routes.is_empty() && unrouted.is_empty() {
        return;
    }
    let obstacles = obstacles(ctx);
    svg.group("removed-handoffs", "");
    // Ends not both drawn here (on other pages, or one in the "Removed" strip): the
    // source end carries the tag, saying on which page the other end is.
    for (ghost, from) in unrouted {
        open_removed(svg, ctx, "ghost-handoff", &ghost.key);
        let other = super::pages::end_page(ctx, &ghost.to).filter(|&page| page != ctx.frame.number);
        let mut tooltip = format!("Removed handoff: {}", ghost.label);
        if let Some(page) = other {
            tooltip.push_str(&format!(" (its target is on page {page})"));
        }
        for line in &ghost.details {
            tooltip.push('\n');
            tooltip.push_str(line);
        }
        svg.title(&tooltip);
        svg.close_g();
        if let Some(mark) = overlay.marks.get(&ghost.key) {
            push_cut_tag(
                ctx,
                from,
                "removed",
                mark.number,
                other.map(|page| (true, page)),
            );
        }
    }
    for (ghost, route) in routes {
        // A stub: its other end on another page (the tag names it), or in the "Removed"
        // strip under the map, which the line then runs on to.
        let outgoing = route.stub.as_ref().map(|stub| stub.outgoing);
        let other_key = if outgoing == Some(false) {
            &ghost.from
        } else {
            &ghost.to
        };
        let page = outgoing.and_then(|_| {
            super::pages::end_page(ctx, other_key).filter(|&page| page != ctx.frame.number)
        });
        let mut points = route.points.clone();
        let mut cut = outgoing.is_some();
        if let Some(outgoing) = outgoing
            && page.is_none()
            && let Some(strip) = ctx.layout.removed
            && let Some(end) = end_rect(ctx, other_key).filter(|end| end.y > strip.y)
        {
            let lane = strip.y + 12.0;
            cut = false;
            if outgoing {
                if let Some(&(x, _)) = points.last() {
                    points.extend([(x, lane), (end.center_x(), lane), (end.center_x(), end.y)]);
                }
            } else if let Some(&(x, _)) = points.first() {
                points.splice(
                    0..0,
                    [(end.center_x(), end.y), (end.center_x(), lane), (x, lane)],
                );
            }
        }
        let route = &Route {
            points,
            ..route.clone()
        };
        open_removed(svg, ctx, "ghost-handoff", &ghost.key);
        let mut tooltip = format!("Removed handoff: {}", ghost.label);
        if let Some(page) = page {
            let end = if outgoing == Some(true) {
                "target"
            } else {
                "source"
            };
            tooltip.push_str(&format!(" (its {end} is on page {page})"));
        }
        for line in &ghost.details {
            tooltip.push('\n');
            tooltip.push_str(line);
        }
        svg.title(&tooltip);
        svg.path(
            &polyline(&route.points),
            &format!(
                "class=\"{}\" fill=\"none\" stroke=\"{RED}\" stroke-width=\"2.5\" \
stroke-dasharray=\"2 5\" stroke-linecap=\"round\" stroke-linejoin=\"round\"",
                // A stub to the page edge, or a line from card to card.
                if cut { "ghost-stub" } else { "ghost-route" }
            ),
        );
        head(svg, &route.points, RED);
        let number = overlay.marks.get(&ghost.key).map(|mark| mark.number);
        let stub = page.zip(outgoing).map(|(page, outgoing)| (outgoing, page));
        let tag_w = number.map_or(0.0, |number| {
            super::tag_rect(&super::Tag {
                right: 0.0,
                y: 0.0,
                change: "removed",
                number,
                stub,
            })
            .w
        });
        if let Some(((mx, my), (right, top))) = cut_at(route, tag_w, &obstacles) {
            // A cross says "cut".
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
            if let Some(number) = number {
                push_stub_tag(ctx, right, top, "removed", number, stub);
            }
        }
        svg.close_g();
    }
    svg.close_g();
}

/// Each moved touchpoint's old place linked to its card on this page.
pub fn draw_moved_links(svg: &mut Svg, ctx: &Ctx<'_>) {
    for (link, route) in &ctx.layout.ghost_routes {
        if !matches!(link, GhostLink::Moved(_)) {
            continue;
        }
        svg.path(
            &polyline(&route.points),
            &format!(
                "class=\"moved-link\" fill=\"none\" stroke=\"{MOVED}\" stroke-width=\"2.5\" \
stroke-dasharray=\"3 3\" stroke-linejoin=\"round\""
            ),
        );
        head(svg, &route.points, MOVED);
    }
}

/// Marked handoffs this page holds the source of but draws no arrow for (the target is in
/// another band of lanes on another page): their tag on the source card, saying on which
/// page the target is, so every change keeps its number on the map.
pub fn tag_cut_handoffs(ctx: &Ctx<'_>) {
    let Some(overlay) = ctx.overlay else {
        return;
    };
    let journey = ctx.journey;
    for (index, handoff) in journey.handoffs.iter().enumerate() {
        let key = crate::model::Element::Handoff(index).key(journey);
        let Some(mark) = overlay.marks.get(&key) else {
            continue;
        };
        if ctx.layout.routes.iter().any(|route| route.handoff == index)
            || !ctx.layout.shown.get(handoff.from).copied().unwrap_or(false)
        {
            continue;
        }
        let Some(&from) = ctx.layout.cards.get(handoff.from) else {
            continue;
        };
        let other = super::pages::touchpoint_page(ctx, handoff.to.value)
            .filter(|&page| page != ctx.frame.number);
        push_cut_tag(
            ctx,
            from,
            mark.change,
            mark.number,
            other.map(|page| (true, page)),
        );
    }
}

/// The tag of a handoff cut at `card` (its other end is not drawn here): on the card's
/// bottom edge at the left, on its top edge, or beside it, the first place that covers no
/// other card, label, arrow or tag.
fn push_cut_tag(
    ctx: &Ctx<'_>,
    card: Rect,
    change: &'static str,
    number: usize,
    stub: Option<(bool, usize)>,
) {
    let w = super::tag_rect(&super::Tag {
        right: 0.0,
        y: 0.0,
        change,
        number,
        stub,
    })
    .w;
    let mut blocked: Vec<Rect> = obstacles(ctx)
        .into_iter()
        .filter(|rect| *rect != card)
        .collect();
    blocked.extend(ctx.tags().iter().map(super::tag_rect));
    let middle = card.y + card.h / 2.0 - 8.0;
    let candidates = [
        Rect::new(card.x + 8.0, card.bottom() - 4.0, w, 16.0),
        Rect::new(card.x + 26.0, card.y - 12.0, w, 16.0),
        Rect::new(card.right() + 8.0, middle, w, 16.0),
        Rect::new(card.x - 8.0 - w, middle, w, 16.0),
    ];
    let spot = candidates
        .iter()
        .find(|spot| !blocked.iter().any(|rect| overlaps(rect, spot)))
        .or(candidates.first())
        .copied()
        .unwrap_or_default();
    push_stub_tag(ctx, spot.right(), spot.y, change, number, stub);
}
