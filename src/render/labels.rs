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
//!
//! The search is the costly part, so it is guessed on every core first: each label's first
//! spot among the fixed items (cards, markers, lines), with no label placed yet. Placing
//! then goes in order and only checks each guess against the labels placed before it; a
//! guess one of them took is searched on from that spot. The result is exactly the
//! in-order search's (a unit test compares the two).

use super::layout::{Label, Rect, Route};

/// Room kept between a label and any card.
pub const CARD_MARGIN: f64 = 8.0;
/// Room kept between a label and another route's line.
pub const LINE_MARGIN: f64 = 3.0;
/// Room kept between two labels.
pub const LABEL_MARGIN: f64 = 3.0;
/// Room kept between a label and a card's step marker (the numbered circle or diamond at
/// its top-left corner, which stands out of the card): a label never covers or touches
/// a step number, its own card's included.
pub const MARKER_MARGIN: f64 = 4.0;
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
    /// A card's step marker.
    Marker,
    Label,
    /// Kept clear where the label has the choice (see [`place`]): a lane divider or
    /// blueprint line, the arrowhead of a stub leaving the page (its own included).
    Soft,
}

/// A uniform grid over the map: each cell lists the items that touch it. Cells are a flat
/// array (no hashing); anything outside the grid's area counts as in its edge cells, so a
/// query sees every item that could touch it. The test itself is exact, so the grid only
/// decides how many items are looked at, never the answer.
struct Grid {
    items: Vec<(Rect, Owner)>,
    /// The items known from the start (cards, routes), cell by cell: cell `c` holds
    /// `fixed[start[c]..start[c + 1]]`. Built in two passes (count, then fill), so the
    /// million or so entries of a big map cost no per-cell growth.
    start: Vec<u32>,
    fixed: Vec<u32>,
    /// Labels placed so far, per cell (few: most cells stay empty).
    placed: Vec<Vec<u32>>,
    x0: f64,
    y0: f64,
    /// 1 / cell side.
    scale: f64,
    columns: usize,
    rows: usize,
}

impl Grid {
    /// A grid over `area` holding `items`.
    fn new(area: Rect, items: Vec<(Rect, Owner)>) -> Self {
        let w = area.w.max(1.0);
        let h = area.h.max(1.0);
        let side = CELL.max((w * h / MAX_CELLS).sqrt());
        let columns = ((w / side).ceil() as usize).max(1);
        let rows = ((h / side).ceil() as usize).max(1);
        let mut grid = Grid {
            items,
            start: vec![0; columns * rows + 1],
            fixed: Vec::new(),
            placed: vec![Vec::new(); columns * rows],
            x0: area.x,
            y0: area.y,
            scale: 1.0 / side,
            columns,
            rows,
        };
        // Count each cell's items, turn the counts into starts, then fill.
        for (rect, _) in &grid.items {
            let (xs, ys) = grid.span(rect);
            for cy in ys {
                for cx in xs.clone() {
                    if let Some(count) = grid.start.get_mut(cy * columns + cx + 1) {
                        *count += 1;
                    }
                }
            }
        }
        let mut total = 0u32;
        for slot in &mut grid.start {
            total += *slot;
            *slot = total;
        }
        grid.fixed = vec![0; total as usize];
        let mut next = grid.start.clone();
        for (id, (rect, _)) in grid.items.iter().enumerate() {
            let (xs, ys) = grid.span(rect);
            for cy in ys {
                for cx in xs.clone() {
                    if let Some(at) = next.get_mut(cy * columns + cx)
                        && let Some(entry) = grid.fixed.get_mut(*at as usize)
                    {
                        *entry = id as u32;
                        *at += 1;
                    }
                }
            }
        }
        grid
    }

    /// The items touching cell `index`.
    fn cell(&self, index: usize) -> impl Iterator<Item = u32> + '_ {
        let fixed = match (self.start.get(index), self.start.get(index + 1)) {
            (Some(&from), Some(&to)) => self.fixed.get(from as usize..to as usize),
            _ => None,
        };
        let placed = self.placed.get(index);
        fixed
            .unwrap_or_default()
            .iter()
            .chain(placed.map(Vec::as_slice).unwrap_or_default())
            .copied()
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

    /// Whether a placed label keeps `rect` from being used.
    fn label_blocks(&self, rect: &Rect) -> bool {
        let (xs, ys) = self.span(&inflate(*rect, LABEL_MARGIN));
        ys.into_iter().any(|cy| {
            xs.clone().any(|cx| {
                self.placed
                    .get(cy * self.columns + cx)
                    .into_iter()
                    .flatten()
                    .filter_map(|&id| self.items.get(id as usize))
                    .any(|(item, _)| touches(&inflate(*rect, LABEL_MARGIN), item))
            })
        })
    }

    /// Adds a placed label.
    fn insert_label(&mut self, rect: Rect) {
        let id = self.items.len() as u32;
        self.items.push((rect, Owner::Label));
        let (xs, ys) = self.span(&rect);
        for cy in ys {
            for cx in xs.clone() {
                if let Some(cell) = self.placed.get_mut(cy * self.columns + cx) {
                    cell.push(id);
                }
            }
        }
    }

    /// The box of item `id` grown by its kind's margin, if it keeps `rect` (a spot for
    /// `route`'s label) from being used; the soft items block only when `strict`.
    fn blocks(&self, id: u32, rect: &Rect, route: usize, strict: bool) -> Option<Rect> {
        let &(item, owner) = self.items.get(id as usize)?;
        let margin = match owner {
            Owner::Route(other) if other == route => return None,
            Owner::Route(_) => LINE_MARGIN,
            Owner::Card => CARD_MARGIN,
            Owner::Marker => MARKER_MARGIN,
            Owner::Label => LABEL_MARGIN,
            Owner::Soft if strict => LINE_MARGIN,
            Owner::Soft => return None,
        };
        touches(&inflate(*rect, margin), &item).then(|| inflate(item, margin))
    }

    /// What keeps `rect` from being used by `route`'s label: an item it touches (anything
    /// but `route`'s own lines), grown by that kind's margin; `None` if free. A soft item
    /// is given only when nothing else blocks the spot ([`Block::soft`]), so that a
    /// search knows whether the lenient pass could find anything the strict one did not.
    ///
    /// `last` is the item that blocked the previous spot tried on the same side of the
    /// line: it is tested first, since spots next to each other along a busy gutter are
    /// mostly blocked by the same line. Only how many items are looked at depends on it.
    fn blocked(
        &self,
        rect: Rect,
        route: usize,
        last: &mut Option<u32>,
        strict: bool,
    ) -> Option<Block> {
        let block = |id: u32| {
            let grown = self.blocks(id, &rect, route, strict)?;
            let soft = self
                .items
                .get(id as usize)
                .is_some_and(|&(_, owner)| owner == Owner::Soft);
            Some(Block { grown, soft })
        };
        if let Some(found) = last.and_then(block)
            && !found.soft
        {
            return Some(found);
        }
        let margin = CARD_MARGIN
            .max(LINE_MARGIN)
            .max(LABEL_MARGIN)
            .max(MARKER_MARGIN);
        let (xs, ys) = self.span(&inflate(rect, margin));
        let mut soft = None;
        for cy in ys {
            for cx in xs.clone() {
                for id in self.cell(cy * self.columns + cx) {
                    match block(id) {
                        Some(found) if !found.soft => {
                            *last = Some(id);
                            return Some(found);
                        }
                        Some(found) => {
                            soft.get_or_insert((id, found));
                        }
                        None => {}
                    }
                }
            }
        }
        soft.map(|(id, found)| {
            *last = Some(id);
            found
        })
    }
}

/// What blocks a spot: the item's box grown by its kind's margin, and whether it is a
/// soft item (then nothing else blocks the spot).
#[derive(Clone, Copy)]
struct Block {
    grown: Rect,
    soft: bool,
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

/// The arrowhead at `q`, the end of a run from `p`: its length back along the run and
/// its half-width either side.
fn head_box(p: (f64, f64), q: (f64, f64)) -> Rect {
    const LENGTH: f64 = 12.0;
    const HALF: f64 = 5.0;
    let (dx, dy) = (q.0 - p.0, q.1 - p.1);
    let length = (dx * dx + dy * dy).sqrt().max(1e-6);
    let back = (q.0 - dx / length * LENGTH, q.1 - dy / length * LENGTH);
    inflate(segment_box(back, q), HALF)
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

    /// The known stretch on `side` holding position `at`, if any. Each side's stretches
    /// are kept sorted and disjoint, so this is a binary search.
    fn stretch(&self, side: usize, at: f64) -> Option<(f64, f64)> {
        let stretches = self.0.get(side)?;
        let after = stretches.partition_point(|&(lo, _)| lo <= at);
        let &(lo, hi) = stretches.get(after.checked_sub(1)?)?;
        (at <= hi).then_some((lo, hi))
    }

    /// The stretch around `at` where all three sides are known to be blocked.
    fn all_sides(&self, at: f64) -> Option<(f64, f64)> {
        let (a, b, c) = (
            self.stretch(0, at)?,
            self.stretch(1, at)?,
            self.stretch(2, at)?,
        );
        Some((a.0.max(b.0).max(c.0), a.1.min(b.1).min(c.1)))
    }

    /// A spot of extent `half` either side of its position along the run was blocked by
    /// an item (grown by its margin) whose extent along the run is `lo..=hi`: every
    /// position within `lo - half ..= hi + half` is blocked by it too.
    fn add(&mut self, side: usize, lo: f64, hi: f64, half: f64) {
        let Some(stretches) = self.0.get_mut(side) else {
            return;
        };
        let (mut lo, mut hi) = (lo - half + Self::HAIR, hi + half - Self::HAIR);
        if lo > hi {
            return;
        }
        // Merge with every stretch it overlaps, keeping the list sorted and disjoint.
        let start = stretches.partition_point(|&(_, end)| end < lo);
        let mut end = start;
        while let Some(&(other_lo, other_hi)) = stretches.get(end) {
            if other_lo > hi {
                break;
            }
            lo = lo.min(other_lo);
            hi = hi.max(other_hi);
            end += 1;
        }
        stretches.splice(start..end, [(lo, hi)]);
    }
}

/// The sample positions of one run, `0..=samples`, middle first then outwards (of two
/// equally far, the lower first), as two cursors walking away from the middle. A cursor
/// can jump over a stretch of positions that need no test.
struct MiddleOut {
    samples: f64,
    /// Next position below the middle to give, if any.
    down: Option<u32>,
    /// Next position above it, if any.
    up: Option<u32>,
    last: u32,
}

impl MiddleOut {
    fn new(samples: u32) -> Self {
        let middle = samples / 2;
        MiddleOut {
            samples: f64::from(samples),
            down: Some(middle),
            up: (middle < samples).then_some(middle + 1),
            last: samples,
        }
    }

    /// How far sample `k` is from the middle of the run (as a fraction of it).
    fn distance(&self, k: u32) -> f64 {
        (f64::from(k) / self.samples - 0.5).abs()
    }

    /// The next position, and whether it came from the downward cursor.
    fn peek(&self) -> Option<(u32, bool)> {
        match (self.down, self.up) {
            (Some(d), Some(u)) if self.distance(u) < self.distance(d) => Some((u, false)),
            (Some(d), _) => Some((d, true)),
            (None, Some(u)) => Some((u, false)),
            (None, None) => None,
        }
    }

    /// Moves the cursor that gave `k` past it, to `beyond` (the farthest position it may
    /// skip to, inclusive).
    fn pass(&mut self, downward: bool, beyond: u32) {
        if downward {
            self.down = beyond.checked_sub(1);
        } else {
            self.up = (beyond < self.last).then_some(beyond + 1);
        }
    }
}

/// The first box of size `w`×`h` on `route` that `fits` (`fits` returns what blocks a
/// spot, grown by its margin, or `None` when the spot is free), trying spots best first:
/// the run into the target first, then the others from the target back; along each run
/// from its middle outwards, every `step` px (at most `cap` steps); at each spot centred
/// on the line, then hanging off either side of it. Boxes are made only as they are tried,
/// and positions inside a stretch known blocked on all three sides are jumped over: the
/// spot found is the one testing every spot in that order would find.
///
/// With `after`, the spots up to that one are not tried (known blocked): the search goes
/// on from there. Returns the spot and its [`Rank`].
fn first_fit(
    points: &[(f64, f64)],
    (w, h): (f64, f64),
    (step, cap): (f64, usize),
    dead: &mut Dead,
    after: Option<Rank>,
    mut fits: impl FnMut(&Rect, usize) -> Option<Option<Rect>>,
) -> Option<(Rect, Rank)> {
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
    for (run, i) in order.into_iter().enumerate() {
        let (Some(&p), Some(&q)) = (points.get(i), points.get(i + 1)) else {
            continue;
        };
        if after.is_some_and(|after| run < after.run) {
            continue;
        }
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
        let samples = ((length / step) as usize).clamp(1, cap) as u32;
        let total = f64::from(samples);
        // Where sample `k` is: the point, and its position along the run.
        let point = |k: u32| {
            let t = f64::from(k) / total;
            let x = p.0 + (q.0 - p.0) * t;
            let y = p.1 + (q.1 - p.1) * t;
            (x, y, if vertical { y } else { x })
        };
        let mut walk = MiddleOut::new(samples);
        while let Some((k, downward)) = walk.peek() {
            let (x, y, at) = point(k);
            if straight && let Some((lo, hi)) = dead.all_sides(at) {
                // Every spot at a position inside lo..=hi is blocked on every side; the
                // positions form one run of samples next to `k` (position is monotone in
                // the sample number), so the cursor skips them all.
                let inside = |k: u32| {
                    let at = point(k).2;
                    lo <= at && at <= hi
                };
                let mut far = k;
                if downward {
                    while far > 0 && inside(far - 1) {
                        far -= 1;
                    }
                } else {
                    while far < samples && inside(far + 1) {
                        far += 1;
                    }
                }
                walk.pass(downward, far);
                continue;
            }
            walk.pass(downward, k);
            let spots = if vertical {
                [x - w / 2.0, x - 4.0, x - w + 4.0].map(|left| Rect::new(left, y - h / 2.0, w, h))
            } else {
                [y - h / 2.0, y - 4.0, y - h + 4.0].map(|top| Rect::new(x - w / 2.0, top, w, h))
            };
            for (side, spot) in spots.into_iter().enumerate() {
                let rank = Rank {
                    run,
                    distance: walk.distance(k),
                    sample: k,
                    side,
                };
                if after.is_some_and(|after| rank <= after)
                    || (straight && dead.stretch(side, at).is_some())
                {
                    continue;
                }
                match fits(&spot, side) {
                    None => return Some((spot, rank)),
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

/// Where a spot comes in [`first_fit`]'s order, which tries spots in increasing rank: the
/// run's place among the runs tried, the sample's distance from the run's middle and its
/// number (of two equally far, the lower first), the side of the line.
#[derive(Clone, Copy, PartialEq, PartialOrd)]
struct Rank {
    run: usize,
    distance: f64,
    sample: u32,
    side: usize,
}

/// A spot found by [`search`]: its box, and where it came in the search (the pass, strict
/// or not, and its rank in that pass).
#[derive(Clone, Copy)]
struct Found {
    spot: Rect,
    strict: bool,
    rank: Rank,
}

/// Places every route's label (see the module docs); returns the handoffs shown as
/// numbers, in number order. `markers` are the boxes of the cards' step markers,
/// `dividers` the lines between lanes: a label keeps off them, and off the arrowhead of
/// a stub leaving the page, where its route has a spot that does; else it may lie across
/// them rather than become a number.
pub fn place(
    routes: &mut [Route],
    cards: &[Rect],
    markers: &[Rect],
    dividers: &[Rect],
    bounds: Rect,
) -> Vec<usize> {
    let mut items: Vec<(Rect, Owner)> = cards.iter().map(|card| (*card, Owner::Card)).collect();
    items.extend(markers.iter().map(|marker| (*marker, Owner::Marker)));
    items.extend(dividers.iter().map(|divider| (*divider, Owner::Soft)));
    for (index, route) in routes.iter().enumerate() {
        for pair in route.points.windows(2) {
            if let [p, q] = pair {
                items.push((segment_box(*p, *q), Owner::Route(index)));
            }
        }
        if route.stub.as_ref().is_some_and(|stub| stub.outgoing)
            && let [.., p, q] = route.points.as_slice()
        {
            items.push((head_box(*p, *q), Owner::Soft));
        }
    }
    let mut grid = Grid::new(inflate(bounds, CARD_MARGIN), items);
    // Every label's first spot clear of the cards, markers and lines alone, on every core:
    // the grid holds no label yet. Placing then goes in order. A guess that no label placed
    // before it touches is the spot the full search would find (every spot before it is
    // blocked by something fixed); a guess a label took is searched on from, since the
    // spots before it stay blocked.
    let guesses: Vec<Option<Found>> = super::par::map_init(
        super::par::MIN_ITEMS,
        routes,
        Dead::default,
        |dead, index, route| {
            let label = route.label.as_ref()?;
            let line = Line::new(&grid, &route.points, index, bounds);
            line.search((label.rect.w, label.rect.h), WORDS, dead, None)
        },
    );
    // A label with no room for its words anywhere becomes a numbered badge, whose width
    // depends on its number's digits. Its number is at least one more than the labels
    // before it with no room either, at most one more than all labels before it: its
    // badge is guessed the same way for the sizes those numbers can have.
    let (mut sure, mut labels) = (0, 0);
    let numbers: Vec<Option<(usize, usize)>> = routes
        .iter()
        .zip(&guesses)
        .map(|(route, guess)| {
            let has_label = route.label.is_some();
            labels += usize::from(has_label);
            (has_label && guess.is_none()).then(|| {
                sure += 1;
                (sure, labels)
            })
        })
        .collect();
    let badge_guesses: Vec<Vec<BadgeGuess>> = super::par::map_init(
        super::par::MIN_ITEMS,
        routes,
        Dead::default,
        |dead, index, route| {
            let Some((least, most)) = numbers.get(index).copied().flatten() else {
                return Vec::new();
            };
            let flagged = route.label.as_ref().is_some_and(|label| label.flagged);
            let line = Line::new(&grid, &route.points, index, bounds);
            let mut sizes = vec![badge_size(least, flagged)];
            // The first number with one more digit, when the badge may have it.
            let next = 10usize
                .checked_pow(least.to_string().len() as u32)
                .unwrap_or(usize::MAX);
            if most >= next {
                sizes.push(badge_size(next, flagged));
            }
            sizes
                .into_iter()
                .map(|size| BadgeGuess {
                    size,
                    found: line.search(size, BADGE, dead, None),
                })
                .collect()
        },
    );
    let mut dead = Dead::default();
    let mut key = Vec::new();
    for (index, route) in routes.iter_mut().enumerate() {
        let Some(label) = route.label.as_mut() else {
            continue;
        };
        let line = Line::new(&grid, &route.points, index, bounds);
        let size = (label.rect.w, label.rect.h);
        // Every label's words were guessed.
        let guess = guesses.get(index).copied();
        if let Some(found) = line.confirm(size, WORDS, &mut dead, guess) {
            label.rect = found.spot;
            grid.insert_label(found.spot);
            continue;
        }
        // No room for the words: a numbered badge, its words in the key.
        let number = key.len() + 1;
        let badge = badge_size(number, label.flagged);
        // A guess holds when it was made for a badge of this size.
        let guess = badge_guesses
            .get(index)
            .and_then(|guesses| guesses.iter().find(|guess| guess.size == badge))
            .map(|guess| guess.found);
        let found = line.confirm(badge, BADGE, &mut dead, guess);
        settle_badge(&mut grid, &route.points, label, number, found, &mut dead);
        key.push(route.handoff);
    }
    key
}

/// Makes `label` numbered badge `number` at `found`'s spot, or, with none, at the first
/// spot on its line whatever covers it; the grid holds it from then on.
fn settle_badge(
    grid: &mut Grid,
    points: &[(f64, f64)],
    label: &mut Label,
    number: usize,
    found: Option<Found>,
    dead: &mut Dead,
) {
    let badge = badge_size(number, label.flagged);
    let spot = found
        .map(|found| found.spot)
        .or_else(|| first_fit(points, badge, BADGE, dead, None, |_, _| None).map(|(spot, _)| spot))
        .unwrap_or_default();
    label.rect = spot;
    label.number = Some(number);
    grid.insert_label(spot);
}

/// A numbered badge's spot among the fixed items, for one size it may have.
struct BadgeGuess {
    size: (f64, f64),
    found: Option<Found>,
}

/// The size of badge `number` (with room for a finding badge when `flagged`).
fn badge_size(number: usize, flagged: bool) -> (f64, f64) {
    let digits = number.to_string().len() as f64;
    let w = (digits * 7.5 + 12.0).max(BADGE_H + 2.0) + if flagged { 26.0 } else { 0.0 };
    (w, BADGE_H)
}

/// How far apart a label's spots are along a run.
pub const WORD_STEP: f64 = 14.0;
/// Spots for a label's words: every [`WORD_STEP`] px along a run, at most 16 a run.
const WORDS: (f64, usize) = (WORD_STEP, 16);
/// Spots for a numbered badge: every 3 px, at most 400 a run.
const BADGE: (f64, usize) = (3.0, 400);

/// One route's line as a label's search sees it: the grid of what blocks, the line's
/// points and route number (its own segments never block), the map's bounds.
#[derive(Clone, Copy)]
struct Line<'a> {
    grid: &'a Grid,
    points: &'a [(f64, f64)],
    route: usize,
    bounds: Rect,
}

impl<'a> Line<'a> {
    fn new(grid: &'a Grid, points: &'a [(f64, f64)], route: usize, bounds: Rect) -> Self {
        Line {
            grid,
            points,
            route,
            bounds,
        }
    }

    /// The first spot of `size` on the line that nothing in the grid blocks: clear of the
    /// soft items first, then across them. With `after`, the search goes on from that
    /// spot (every spot before it known blocked).
    fn search(
        &self,
        size: (f64, f64),
        steps: (f64, usize),
        dead: &mut Dead,
        after: Option<Found>,
    ) -> Option<Found> {
        // What blocked the last spot tried on each side of the line (see `Grid::blocked`).
        let mut last = [None; 3];
        for strict in [true, false] {
            // A spot found by the lenient pass means the strict one found none.
            let from = match after {
                Some(after) if after.strict && !strict => None,
                Some(after) if after.strict == strict => Some(after.rank),
                Some(_) => continue,
                None => None,
            };
            // Whether a spot was kept free only of soft items (the lenient pass may
            // take it).
            let mut soft = false;
            // Outside the map, or blocked by what (`Some(None)`: outside, no blocker to
            // learn).
            let fits = |rect: &Rect, side: usize| -> Option<Option<Rect>> {
                if !contains(&self.bounds, rect) {
                    return Some(None);
                }
                let mut spare = None;
                let last = last.get_mut(side).unwrap_or(&mut spare);
                let block = self.grid.blocked(*rect, self.route, last, strict)?;
                soft |= block.soft;
                Some(Some(block.grown))
            };
            if let Some((spot, rank)) = first_fit(self.points, size, steps, dead, from, fits) {
                return Some(Found { spot, strict, rank });
            }
            // A whole strict pass where every spot was blocked by something that is not
            // soft (each spot skipped was blocked by one such too): the lenient pass,
            // which only lets soft items be, would find nothing either.
            if strict && from.is_none() && !soft {
                return None;
            }
        }
        None
    }

    /// The spot a guess made among the fixed items alone, when no label placed since
    /// touches it; else the search on from it. `guess`: `None` when none was made for
    /// this size (a whole search), `Some(None)` when nothing fixed leaves room (so the
    /// labels placed since cannot either).
    fn confirm(
        &self,
        size: (f64, f64),
        steps: (f64, usize),
        dead: &mut Dead,
        guess: Option<Option<Found>>,
    ) -> Option<Found> {
        match guess {
            Some(Some(guess)) if !self.grid.label_blocks(&guess.spot) => Some(guess),
            Some(None) => None,
            guess => self.search(size, steps, dead, guess.flatten()),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )]
    use super::*;

    /// A dense scene: a grid of cards and many arrows between them bundled through the
    /// same gutters, labels of many sizes (deterministic: a fixed linear congruential
    /// sequence).
    fn scene(count: usize, open: bool) -> (Vec<Route>, Vec<Rect>, Rect) {
        let mut seed = 0x2545_f491_u64;
        let mut next = move |below: u64| {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            (seed >> 33) % below
        };
        let bounds = Rect::new(0.0, 0.0, 2_400.0, 1_500.0);
        let mut cards = Vec::new();
        for column in 0..4 {
            for row in 0..8 {
                cards.push(Rect::new(
                    60.0 + column as f64 * 600.0,
                    40.0 + row as f64 * 180.0,
                    180.0,
                    70.0,
                ));
            }
        }
        let routes = (0..count)
            .map(|handoff| {
                // From a card to one in the next column, through the gutter between.
                let column = next(3) as usize;
                let a = cards[column * 8 + next(8) as usize];
                let b = cards[(column + 1) * 8 + next(8) as usize];
                let gutter = a.right() + 20.0 + next(6) as f64 * 70.0;
                let y = a.y + 10.0 + next(50) as f64;
                let mut points = vec![
                    (a.right(), y),
                    (gutter, y),
                    (gutter, b.y + 35.0),
                    (b.x, b.y + 35.0),
                ];
                if open {
                    // An L in the open: labels on lines near each other compete for room.
                    let (x, y) = (40.0 + next(2_200) as f64, 40.0 + next(1_300) as f64);
                    let (dx, dy) = (next(300) as f64 + 30.0, next(300) as f64 + 30.0);
                    points = vec![(x, y), (x + dx, y), (x + dx, y + dy)];
                }
                let label = (next(4) != 0).then(|| Label {
                    rect: Rect::new(0.0, 0.0, 60.0 + next(90) as f64, 20.0 + next(25) as f64),
                    lines: Vec::new(),
                    alert: false,
                    number: None,
                    flagged: next(5) == 0,
                });
                Route {
                    handoff,
                    points,
                    label,
                    stub: None,
                }
            })
            .collect();
        (routes, cards, bounds)
    }

    /// The grid of a scene's fixed items: its cards and its routes' segments.
    fn fixed_grid(routes: &[Route], cards: &[Rect], bounds: Rect) -> Grid {
        let mut items: Vec<(Rect, Owner)> = cards.iter().map(|card| (*card, Owner::Card)).collect();
        for (index, route) in routes.iter().enumerate() {
            for pair in route.points.windows(2) {
                items.push((segment_box(pair[0], pair[1]), Owner::Route(index)));
            }
        }
        Grid::new(inflate(bounds, CARD_MARGIN), items)
    }

    /// The placing [`place`] must give: every label in order, searched among everything
    /// placed before it, with no guesses.
    fn place_in_order(routes: &mut [Route], cards: &[Rect], bounds: Rect) -> Vec<usize> {
        let mut grid = fixed_grid(routes, cards, bounds);
        let mut dead = Dead::default();
        let mut key = Vec::new();
        for (index, route) in routes.iter_mut().enumerate() {
            let Some(label) = route.label.as_mut() else {
                continue;
            };
            let line = Line::new(&grid, &route.points, index, bounds);
            let size = (label.rect.w, label.rect.h);
            if let Some(found) = line.search(size, WORDS, &mut dead, None) {
                label.rect = found.spot;
                grid.insert_label(found.spot);
                continue;
            }
            let number = key.len() + 1;
            let badge = badge_size(number, label.flagged);
            let found = line.search(badge, BADGE, &mut dead, None);
            settle_badge(&mut grid, &route.points, label, number, found, &mut dead);
            key.push(route.handoff);
        }
        key
    }

    /// Places the labels of a scene of `count` arrows both ways and compares; returns how
    /// many labels are numbered and how many did not get their first spot among the
    /// fixed items (another label took it first).
    fn compare(count: usize, open: bool) -> (usize, usize) {
        let (routes, cards, bounds) = scene(count, open);
        let cards = if open { Vec::new() } else { cards };
        let mut guessed = routes.clone();
        let key = place(&mut guessed, &cards, &[], &[], bounds);
        let mut reference = routes.clone();
        let expected_key = place_in_order(&mut reference, &cards, bounds);
        assert_eq!(key, expected_key);
        for (a, b) in guessed.iter().zip(&reference) {
            let (a, b) = (a.label.as_ref(), b.label.as_ref());
            assert_eq!(a.map(|l| (l.rect, l.number)), b.map(|l| (l.rect, l.number)));
        }
        let grid = fixed_grid(&routes, &cards, bounds);
        let moved = routes
            .iter()
            .zip(&reference)
            .enumerate()
            .filter(|(index, (route, placed))| {
                let (Some(label), Some(placed)) = (&route.label, &placed.label) else {
                    return false;
                };
                let (size, steps) = match placed.number {
                    None => ((label.rect.w, label.rect.h), WORDS),
                    Some(number) => (badge_size(number, label.flagged), BADGE),
                };
                let line = Line::new(&grid, &route.points, *index, bounds);
                let first = line.search(size, steps, &mut Dead::default(), None);
                first.is_some_and(|found| found.spot != placed.rect)
            })
            .count();
        (key.len(), moved)
    }

    /// What [`Line::search`] must find: every spot tested against every item (no cells,
    /// no blocker remembered, no stretch skipped), the strict pass then the lenient one in
    /// full.
    fn search_every_spot(
        grid: &Grid,
        points: &[(f64, f64)],
        route: usize,
        bounds: Rect,
        size: (f64, f64),
        steps: (f64, usize),
    ) -> Option<(Rect, bool)> {
        for strict in [true, false] {
            let fits = |rect: &Rect, _: usize| {
                let blocked = !contains(&bounds, rect)
                    || (0..grid.items.len() as u32)
                        .any(|id| grid.blocks(id, rect, route, strict).is_some());
                blocked.then_some(None)
            };
            if let Some((spot, _)) =
                first_fit(points, size, steps, &mut Dead::default(), None, fits)
            {
                return Some((spot, strict));
            }
        }
        None
    }

    #[test]
    fn the_search_finds_what_testing_every_spot_finds_with_soft_items() {
        // The dense scene, with soft items across its gutters: lines across the map as lane
        // dividers are (twice as many as rows of cards) and an arrowhead at every route's
        // end.
        let (routes, cards, bounds) = scene(150, false);
        let mut items: Vec<(Rect, Owner)> = cards.iter().map(|card| (*card, Owner::Card)).collect();
        for row in 0..16 {
            let y = 25.0 + row as f64 * 90.0;
            items.push((Rect::new(0.0, y, bounds.w, 0.0), Owner::Soft));
        }
        for (index, route) in routes.iter().enumerate() {
            for pair in route.points.windows(2) {
                items.push((segment_box(pair[0], pair[1]), Owner::Route(index)));
            }
            let [.., p, q] = route.points.as_slice() else {
                continue;
            };
            items.push((head_box(*p, *q), Owner::Soft));
        }
        let grid = Grid::new(inflate(bounds, CARD_MARGIN), items);
        let (mut strict, mut lenient, mut none) = (0, 0, 0);
        for (index, route) in routes.iter().enumerate() {
            let Some(label) = &route.label else {
                continue;
            };
            let line = Line::new(&grid, &route.points, index, bounds);
            let badge = badge_size(10, label.flagged);
            for (size, steps) in [((label.rect.w, label.rect.h), WORDS), (badge, BADGE)] {
                let found = line.search(size, steps, &mut Dead::default(), None);
                let expected = search_every_spot(&grid, &route.points, index, bounds, size, steps);
                assert_eq!(found.map(|found| (found.spot, found.strict)), expected);
                match expected {
                    Some((_, true)) => strict += 1,
                    Some((_, false)) => lenient += 1,
                    None => none += 1,
                }
            }
        }
        // Every outcome is taken: a spot clear of the soft items, one across them only,
        // and none at all.
        assert!(
            strict > 30 && lenient >= 5 && none > 50,
            "{strict} strict, {lenient} lenient, {none} none"
        );
    }

    #[test]
    fn guessed_placing_is_placing_in_order() {
        let (sparse_badges, sparse_moved) = compare(200, false);
        let (dense_badges, dense_moved) = compare(1200, false);
        let (_, open_moved) = compare(150, true);
        // The scenes take every path: badges past 9 and 99 (some wider than guessed), and
        // labels and badges whose first spot another label took.
        assert!(dense_badges > 100, "{dense_badges} badges");
        assert!(open_moved >= 5, "{open_moved} moved in the open");
        assert!(
            sparse_moved + dense_moved >= 4,
            "{sparse_moved} + {dense_moved} moved, {sparse_badges} badges"
        );
    }
}
