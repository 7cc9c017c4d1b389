//! Where each handoff label goes: on its own arrow, where no other arrow runs under or
//! through it, clear of every card and every other label.
//!
//! Each label tries spots along its own route, the run into the target first: centred on
//! the arrow, or hanging off either side of it. The first spot whose box touches no other
//! route's segment, no card (with a margin, so a label never reads as belonging to a card it
//! sits against) and no placed label wins. When no spot holds the text, the handoff becomes
//! a small numbered badge on its arrow, placed the same way, and its text goes to the
//! handoff key under the map. A uniform grid keeps every test local, so placing is about
//! linear in handoffs.

use super::layout::{Rect, Route};
use std::collections::HashMap;

/// Room kept between a label and any card.
pub const CARD_MARGIN: f64 = 8.0;
/// Room kept between a label and another route's line.
pub const LINE_MARGIN: f64 = 3.0;
/// Room kept between two labels.
pub const LABEL_MARGIN: f64 = 3.0;
/// A numbered badge: its height, and its width per digit.
pub const BADGE_H: f64 = 19.0;

const CELL: f64 = 96.0;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Owner {
    Route(usize),
    Card,
    Label,
}

struct Grid {
    items: Vec<(Rect, Owner)>,
    cells: HashMap<(i64, i64), Vec<u32>>,
}

impl Grid {
    fn new() -> Self {
        Grid {
            items: Vec::new(),
            cells: HashMap::new(),
        }
    }

    fn span(a: f64, b: f64) -> std::ops::RangeInclusive<i64> {
        ((a / CELL).floor() as i64)..=((b / CELL).floor() as i64)
    }

    fn insert(&mut self, rect: Rect, owner: Owner) {
        let id = self.items.len() as u32;
        self.items.push((rect, owner));
        for cx in Self::span(rect.x, rect.right()) {
            for cy in Self::span(rect.y, rect.bottom()) {
                self.cells.entry((cx, cy)).or_default().push(id);
            }
        }
    }

    /// Whether `rect` touches anything but `route`'s own lines, with each kind's margin.
    fn blocked(&self, rect: Rect, route: usize) -> bool {
        let margin = CARD_MARGIN.max(LINE_MARGIN).max(LABEL_MARGIN);
        for cx in Self::span(rect.x - margin, rect.right() + margin) {
            for cy in Self::span(rect.y - margin, rect.bottom() + margin) {
                let Some(ids) = self.cells.get(&(cx, cy)) else {
                    continue;
                };
                for &id in ids {
                    let Some(&(item, owner)) = self.items.get(id as usize) else {
                        continue;
                    };
                    let margin = match owner {
                        Owner::Route(other) if other == route => continue,
                        Owner::Route(_) => LINE_MARGIN,
                        Owner::Card => CARD_MARGIN,
                        Owner::Label => LABEL_MARGIN,
                    };
                    if touches(&inflate(rect, margin), &item) {
                        return true;
                    }
                }
            }
        }
        false
    }
}

fn inflate(r: Rect, by: f64) -> Rect {
    Rect::new(r.x - by, r.y - by, r.w + 2.0 * by, r.h + 2.0 * by)
}

/// Closed-box intersection (a zero-width segment counts).
fn touches(a: &Rect, b: &Rect) -> bool {
    a.x <= b.right() && b.x <= a.right() && a.y <= b.bottom() && b.y <= a.bottom()
}

fn contains(outer: &Rect, inner: &Rect) -> bool {
    inner.x >= outer.x
        && inner.y >= outer.y
        && inner.right() <= outer.right()
        && inner.bottom() <= outer.bottom()
}

/// An axis-aligned segment as a zero-width box.
pub fn segment_box(p: (f64, f64), q: (f64, f64)) -> Rect {
    Rect::new(
        p.0.min(q.0),
        p.1.min(q.1),
        (p.0 - q.0).abs(),
        (p.1 - q.1).abs(),
    )
}

/// Candidate boxes of size `w`×`h` on `route`, best first.
fn candidates(points: &[(f64, f64)], w: f64, h: f64, step: f64, cap: usize) -> Vec<Rect> {
    let mut out = Vec::new();
    let count = points.len();
    // The run into the target first, then the others from the target back.
    let mut order: Vec<usize> = (0..count.saturating_sub(1)).rev().collect();
    if let Some(position) = order
        .iter()
        .position(|&i| matches!((points.get(i), points.get(i + 1)), (Some(p), Some(q)) if (p.0 - q.0).abs() < 0.01))
    {
        let vertical = order.remove(position);
        order.insert(0, vertical);
    }
    for i in order {
        let (Some(&p), Some(&q)) = (points.get(i), points.get(i + 1)) else {
            continue;
        };
        let vertical = (p.0 - q.0).abs() < 0.01;
        let length = if vertical {
            (p.1 - q.1).abs()
        } else {
            (p.0 - q.0).abs()
        };
        let samples = ((length / step) as usize).clamp(1, cap);
        // Middle first, then outwards.
        let mut fractions: Vec<f64> = (0..=samples).map(|k| k as f64 / samples as f64).collect();
        fractions.sort_by(|a, b| (a - 0.5).abs().total_cmp(&(b - 0.5).abs()));
        for t in fractions {
            let x = p.0 + (q.0 - p.0) * t;
            let y = p.1 + (q.1 - p.1) * t;
            if vertical {
                for left in [x - w / 2.0, x - 4.0, x - w + 4.0] {
                    out.push(Rect::new(left, y - h / 2.0, w, h));
                }
            } else {
                for top in [y - h / 2.0, y - 4.0, y - h + 4.0] {
                    out.push(Rect::new(x - w / 2.0, top, w, h));
                }
            }
        }
    }
    out
}

/// Places every route's label (see the module docs); returns the handoffs shown as
/// numbers, in number order.
pub fn place(routes: &mut [Route], cards: &[Rect], bounds: Rect) -> Vec<usize> {
    let mut grid = Grid::new();
    for card in cards {
        grid.insert(*card, Owner::Card);
    }
    for (index, route) in routes.iter().enumerate() {
        for pair in route.points.windows(2) {
            if let [p, q] = pair {
                grid.insert(segment_box(*p, *q), Owner::Route(index));
            }
        }
    }
    let mut key = Vec::new();
    for (index, route) in routes.iter_mut().enumerate() {
        let Some(label) = route.label.as_mut() else {
            continue;
        };
        let fits =
            |grid: &Grid, rect: &Rect| contains(&bounds, rect) && !grid.blocked(*rect, index);
        let (w, h) = (label.rect.w, label.rect.h);
        if let Some(spot) = candidates(&route.points, w, h, 14.0, 16)
            .into_iter()
            .find(|rect| fits(&grid, rect))
        {
            label.rect = spot;
            grid.insert(spot, Owner::Label);
            continue;
        }
        // No room for the words: a numbered badge, its words in the key.
        let number = key.len() + 1;
        let digits = number.to_string().len() as f64;
        let bw = (digits * 7.5 + 12.0).max(BADGE_H + 2.0) + if label.flagged { 20.0 } else { 0.0 };
        let all = candidates(&route.points, bw, BADGE_H, 3.0, 400);
        let spot = all
            .iter()
            .find(|rect| fits(&grid, rect))
            .or_else(|| all.first())
            .copied()
            .unwrap_or_default();
        label.rect = spot;
        label.number = Some(number);
        grid.insert(spot, Owner::Label);
        key.push(route.handoff);
    }
    key
}
