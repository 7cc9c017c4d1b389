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

/// Room kept between a label and any card.
pub const CARD_MARGIN: f64 = 8.0;
/// Room kept between a label and another route's line.
pub const LINE_MARGIN: f64 = 3.0;
/// Room kept between two labels.
pub const LABEL_MARGIN: f64 = 3.0;
/// A numbered badge: its height, and its width per digit.
pub const BADGE_H: f64 = 19.0;

/// Side of a grid cell, in px.
const CELL: f64 = 96.0;
/// Most cells the grid has; a bigger map gets bigger cells.
const MAX_CELLS: f64 = 262_144.0;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Owner {
    Route(usize),
    Card,
    Label,
}

/// A uniform grid over the map: each cell lists the items that touch it. Cells are a flat
/// array (no hashing); anything outside the grid's area counts as in its edge cells, so a
/// query sees every item that could touch it. The test itself is exact, so the grid only
/// decides how many items are looked at, never the answer.
struct Grid {
    items: Vec<(Rect, Owner)>,
    cells: Vec<Vec<u32>>,
    x0: f64,
    y0: f64,
    /// 1 / cell side.
    scale: f64,
    columns: usize,
    rows: usize,
}

impl Grid {
    fn new(area: Rect) -> Self {
        let w = area.w.max(1.0);
        let h = area.h.max(1.0);
        let side = CELL.max((w * h / MAX_CELLS).sqrt());
        let columns = ((w / side).ceil() as usize).max(1);
        let rows = ((h / side).ceil() as usize).max(1);
        Grid {
            items: Vec::new(),
            cells: vec![Vec::new(); columns * rows],
            x0: area.x,
            y0: area.y,
            scale: 1.0 / side,
            columns,
            rows,
        }
    }

    /// Index of the cell column (or row) holding `v`, clamped to the grid.
    fn index(v: f64, origin: f64, scale: f64, count: usize) -> usize {
        let cell = (v - origin) * scale;
        if cell > 0.0 {
            (cell as usize).min(count - 1)
        } else {
            0
        }
    }

    fn span(
        &self,
        rect: &Rect,
    ) -> (
        std::ops::RangeInclusive<usize>,
        std::ops::RangeInclusive<usize>,
    ) {
        let (x0, y0, s) = (self.x0, self.y0, self.scale);
        (
            Self::index(rect.x, x0, s, self.columns)
                ..=Self::index(rect.right(), x0, s, self.columns),
            Self::index(rect.y, y0, s, self.rows)..=Self::index(rect.bottom(), y0, s, self.rows),
        )
    }

    fn insert(&mut self, rect: Rect, owner: Owner) {
        let id = self.items.len() as u32;
        self.items.push((rect, owner));
        let (xs, ys) = self.span(&rect);
        for cy in ys {
            for cx in xs.clone() {
                if let Some(cell) = self.cells.get_mut(cy * self.columns + cx) {
                    cell.push(id);
                }
            }
        }
    }

    /// The box of item `id` grown by its kind's margin, if it keeps `rect` (a spot for
    /// `route`'s label) from being used.
    fn blocks(&self, id: u32, rect: &Rect, route: usize) -> Option<Rect> {
        let &(item, owner) = self.items.get(id as usize)?;
        let margin = match owner {
            Owner::Route(other) if other == route => return None,
            Owner::Route(_) => LINE_MARGIN,
            Owner::Card => CARD_MARGIN,
            Owner::Label => LABEL_MARGIN,
        };
        touches(&inflate(*rect, margin), &item).then(|| inflate(item, margin))
    }

    /// What keeps `rect` from being used by `route`'s label: the first item it touches
    /// (anything but `route`'s own lines), grown by that kind's margin; `None` if free.
    ///
    /// `last` is the item that blocked the previous spot tried on the same side of the
    /// line: it is tested first, since spots next to each other along a busy gutter are
    /// mostly blocked by the same line. Only how many items are looked at depends on it.
    fn blocked(&self, rect: Rect, route: usize, last: &mut Option<u32>) -> Option<Rect> {
        if let Some(grown) = last.and_then(|id| self.blocks(id, &rect, route)) {
            return Some(grown);
        }
        let margin = CARD_MARGIN.max(LINE_MARGIN).max(LABEL_MARGIN);
        let (xs, ys) = self.span(&inflate(rect, margin));
        for cy in ys {
            for cx in xs.clone() {
                let Some(ids) = self.cells.get(cy * self.columns + cx) else {
                    continue;
                };
                for &id in ids {
                    if let Some(grown) = self.blocks(id, &rect, route) {
                        *last = Some(id);
                        return Some(grown);
                    }
                }
            }
        }
        None
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

/// The order samples along a run are tried in, middle first then outwards, for each
/// sample count (computed once per count).
#[derive(Default)]
struct Orders(Vec<Vec<u32>>);

impl Orders {
    fn of(&mut self, samples: usize) -> &[u32] {
        if self.0.len() <= samples {
            self.0.resize(samples + 1, Vec::new());
        }
        let slot = match self.0.get_mut(samples) {
            Some(slot) => slot,
            None => return &[],
        };
        if slot.is_empty() {
            let key = |k: u32| (f64::from(k) / samples as f64 - 0.5).abs();
            let mut order: Vec<u32> = (0..=samples as u32).collect();
            order.sort_by(|&a, &b| key(a).total_cmp(&key(b)));
            *slot = order;
        }
        slot
    }
}

/// Stretches along one straight run where a spot is known to be blocked, per side of the
/// line (centred, hanging off one side, off the other).
///
/// Along an axis-aligned run every spot on one side covers the same band across the run,
/// so an item that blocks one spot blocks every spot whose extent along the run meets the
/// item's (grown) extent: that stretch of positions is skipped without asking the grid
/// again. Stretches are shrunk by a hair so that rounding can only make a spot be tested,
/// never skipped wrongly: the spots chosen are exactly those of testing every spot.
#[derive(Default)]
struct Dead([Vec<(f64, f64)>; 3]);

impl Dead {
    const HAIR: f64 = 1e-6;

    fn clear(&mut self) {
        self.0.iter_mut().for_each(Vec::clear);
    }

    fn covers(&self, side: usize, at: f64) -> bool {
        self.0
            .get(side)
            .is_some_and(|stretches| stretches.iter().any(|&(lo, hi)| lo <= at && at <= hi))
    }

    /// A spot of extent `half` either side of its position along the run was blocked by
    /// `blocker` (grown by its margin), whose extent along the run is `lo..=hi`.
    fn add(&mut self, side: usize, lo: f64, hi: f64, half: f64) {
        if let Some(stretches) = self.0.get_mut(side) {
            stretches.push((lo - half + Self::HAIR, hi + half - Self::HAIR));
        }
    }
}

/// The first box of size `w`×`h` on `route` that `fits` (`fits` returns what blocks a
/// spot, grown by its margin, or `None` when the spot is free), trying spots best first:
/// the run into the target first, then the others from the target back; along each run
/// from its middle outwards, every `step` px (at most `cap` steps); at each spot centred
/// on the line, then hanging off either side of it. Boxes are made only as they are tried.
#[allow(clippy::too_many_arguments)]
fn first_fit(
    points: &[(f64, f64)],
    w: f64,
    h: f64,
    step: f64,
    cap: usize,
    orders: &mut Orders,
    dead: &mut Dead,
    mut fits: impl FnMut(&Rect, usize) -> Option<Option<Rect>>,
) -> Option<Rect> {
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
        // Stretches are kept only on axis-aligned runs (a slanted run moves its spots
        // across as well as along).
        let straight = vertical || (p.1 - q.1).abs() < 0.01;
        dead.clear();
        let length = if vertical {
            (p.1 - q.1).abs()
        } else {
            (p.0 - q.0).abs()
        };
        let samples = ((length / step) as usize).clamp(1, cap);
        // Middle first, then outwards.
        for &k in orders.of(samples) {
            let t = f64::from(k) / samples as f64;
            let x = p.0 + (q.0 - p.0) * t;
            let y = p.1 + (q.1 - p.1) * t;
            let spots = if vertical {
                [x - w / 2.0, x - 4.0, x - w + 4.0].map(|left| Rect::new(left, y - h / 2.0, w, h))
            } else {
                [y - h / 2.0, y - 4.0, y - h + 4.0].map(|top| Rect::new(x - w / 2.0, top, w, h))
            };
            let at = if vertical { y } else { x };
            for (side, spot) in spots.into_iter().enumerate() {
                if straight && dead.covers(side, at) {
                    continue;
                }
                match fits(&spot, side) {
                    None => return Some(spot),
                    Some(Some(blocker)) if straight => {
                        if vertical {
                            dead.add(side, blocker.y, blocker.bottom(), h / 2.0);
                        } else {
                            dead.add(side, blocker.x, blocker.right(), w / 2.0);
                        }
                    }
                    Some(_) => {}
                }
            }
        }
    }
    None
}

/// Places every route's label (see the module docs); returns the handoffs shown as
/// numbers, in number order.
pub fn place(routes: &mut [Route], cards: &[Rect], bounds: Rect) -> Vec<usize> {
    let mut grid = Grid::new(inflate(bounds, CARD_MARGIN));
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
    let mut orders = Orders::default();
    let mut dead = Dead::default();
    let mut key = Vec::new();
    for (index, route) in routes.iter_mut().enumerate() {
        let Some(label) = route.label.as_mut() else {
            continue;
        };
        // What blocked the last spot tried on each side of the line (see `Grid::blocked`).
        let mut last = [None; 3];
        // Outside the map, or blocked by what (`Some(None)`: outside, no blocker to learn).
        let mut fits = |grid: &Grid, rect: &Rect, side: usize| -> Option<Option<Rect>> {
            if !contains(&bounds, rect) {
                return Some(None);
            }
            let mut spare = None;
            let last = last.get_mut(side).unwrap_or(&mut spare);
            grid.blocked(*rect, index, last).map(Some)
        };
        let (w, h) = (label.rect.w, label.rect.h);
        if let Some(spot) = first_fit(
            &route.points,
            w,
            h,
            14.0,
            16,
            &mut orders,
            &mut dead,
            |rect, side| fits(&grid, rect, side),
        ) {
            label.rect = spot;
            grid.insert(spot, Owner::Label);
            continue;
        }
        // No room for the words: a numbered badge, its words in the key.
        let number = key.len() + 1;
        let digits = number.to_string().len() as f64;
        let bw = (digits * 7.5 + 12.0).max(BADGE_H + 2.0) + if label.flagged { 20.0 } else { 0.0 };
        let spot = first_fit(
            &route.points,
            bw,
            BADGE_H,
            3.0,
            400,
            &mut orders,
            &mut dead,
            |rect, side| fits(&grid, rect, side),
        )
        .or_else(|| {
            first_fit(
                &route.points,
                bw,
                BADGE_H,
                3.0,
                400,
                &mut orders,
                &mut dead,
                |_, _| None,
            )
        })
        .unwrap_or_default();
        label.rect = spot;
        label.number = Some(number);
        grid.insert(spot, Owner::Label);
        key.push(route.handoff);
    }
    key
}
