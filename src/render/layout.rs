//! Geometry of the map: where every column, lane, card, arrow and label goes.
//!
//! The grid: stages are columns of cards with *gutters* between them; lanes are rows whose
//! cells stack their cards vertically, each row ending in a *band*. Arrows never cross
//! cards: they run straight down a column when nothing sits between their two cards, and
//! otherwise leave a card sideways into a gutter, run vertically there, cross columns
//! horizontally only inside a band (or along an empty row), and enter the target sideways.
//! Arrows that share a gutter, band or column get their own track (interval colouring), so
//! no two lines run on top of each other. Every step is linear in touchpoints plus
//! handoffs, up to the sorting of track intervals and labels.

use super::changes::GhostLink;
use super::content::{self, CardText};
use super::text;
use super::{Ghost, Overlay};
use crate::model::{Handoff, Journey, LaneKind};
use std::collections::{BTreeMap, BinaryHeap, HashMap, HashSet};

pub mod list_flow;
mod metrics;
mod room;
use room::{Fan, Room, fan_run, label_run};

pub use super::content::CARD_W;
pub const MARGIN: f64 = 32.0;
pub const HEADER_H: f64 = 100.0;
/// The header of a page that continues a paged map: title and page line only.
pub const COMPACT_HEADER_H: f64 = 56.0;
pub const LANE_HEAD_W: f64 = 196.0;
pub const STACK_GAP: f64 = 18.0;
pub const ROW_PAD_TOP: f64 = 22.0;
pub const ROW_PAD_BOTTOM: f64 = 22.0;
/// Room between two arrows sharing a gutter or band: a numbered handoff badge fits
/// between two tracks.
pub const TRACK_GAP: f64 = 12.0;
/// Inner gutters hold arrow labels, so they are at least this wide.
pub const GUTTER_W: f64 = 176.0;
pub const EDGE_GUTTER_W: f64 = 28.0;
pub const STAGE_HEAD_H: f64 = 112.0;
/// The stage headers of a page that continues the lanes of the page above: number and
/// name, one line each (the goals are on that page).
pub const SHORT_STAGE_HEAD_H: f64 = 64.0;
pub const EMOTION_H: f64 = 170.0;
pub const SECTION_GAP: f64 = 12.0;
pub const METRIC_H: f64 = 66.0;
pub const METRIC_GAP: f64 = 8.0;
pub const LABEL_LINE_H: f64 = 14.0;
pub const LABEL_FONT: f64 = super::style::size::LABEL;
pub const LABEL_PAD_X: f64 = 7.0;
/// Widest a handoff label's text may be.
pub const LABEL_TEXT_W: f64 = 150.0;
/// Widest text of a stub's label: narrower than an arrow's, so that the label fits beside
/// its run in a gutter next to the card it enters or leaves, off the gutter's centre.
pub const STUB_TEXT_W: f64 = 124.0;
pub const FINDING_LINE_H: f64 = 20.0;
pub const KEY_LINE_H: f64 = 20.0;
pub const LEGEND_ROW_H: f64 = 22.0;
pub const MIN_WIDTH: f64 = 1180.0;
/// The narrowest page of a paged map (A4 holds 1,079 px at 8 pt).
pub const PAGE_MIN_WIDTH: f64 = 960.0;
pub const LEGEND_GROUP_W: f64 = 290.0;
pub const LEGEND_ITEMS: usize = 4;
/// Room a finding badge takes at the start of an arrow label.
pub const LABEL_BADGE_W: f64 = 20.0;
/// A removed touchpoint's card height.
pub const GHOST_H: f64 = 64.0;
/// The gap between two stacked cards a removed handoff ran between.
const GHOST_LINK_GAP: f64 = 56.0;

#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

impl Rect {
    pub fn new(x: f64, y: f64, w: f64, h: f64) -> Self {
        Rect { x, y, w, h }
    }
    pub fn right(&self) -> f64 {
        self.x + self.w
    }
    pub fn bottom(&self) -> f64 {
        self.y + self.h
    }
    pub fn center_x(&self) -> f64 {
        self.x + self.w / 2.0
    }
}

/// The step marker at a card's top-left corner (its journey-order number): the circle's
/// radius, or for a milestone the half-diagonal of its diamond.
pub fn step_marker_radius(step: usize, milestone: bool) -> f64 {
    let number = step.to_string();
    let radius = (text::width(&number, super::style::size::STEP, true) / 2.0 + 4.5).max(10.0);
    if milestone { radius + 3.0 } else { radius }
}

/// The box of the step marker of `card` (touchpoint number `step`, 1-based).
pub fn step_marker_box(card: Rect, step: usize, milestone: bool) -> Rect {
    let r = step_marker_radius(step, milestone);
    Rect::new(card.x - r, card.y - r, 2.0 * r, 2.0 * r)
}

/// The boxes of the step markers of every card `shown` (touchpoint index → card).
pub fn step_marker_boxes(journey: &Journey, cards: &[Rect], shown: &[bool]) -> Vec<Rect> {
    cards
        .iter()
        .zip(shown)
        .zip(&journey.touchpoints)
        .enumerate()
        .filter(|(_, ((_, shown), _))| **shown)
        .map(|(index, ((card, _), touchpoint))| {
            step_marker_box(*card, index + 1, touchpoint.milestone)
        })
        .collect()
}

/// One lane drawn as a row.
#[derive(Debug, Clone)]
pub struct Row {
    pub lane: usize,
    pub y: f64,
    pub h: f64,
}

/// An arrow label: its pill and its text lines, or, where no room by the arrow holds
/// the text, a numbered badge on the arrow and the text in the handoff key.
#[derive(Debug, Clone)]
pub struct Label {
    pub rect: Rect,
    pub lines: Vec<String>,
    /// The first line is the red "NO OWNER" alert.
    pub alert: bool,
    /// Shown as this number (1-based), its text in the handoff key.
    pub number: Option<usize>,
    pub flagged: bool,
}

#[derive(Debug, Clone)]
pub struct Route {
    pub handoff: usize,
    /// An orthogonal polyline from the source card's edge to the target card's edge.
    pub points: Vec<(f64, f64)>,
    pub label: Option<Label>,
    /// Set when one of the handoff's cards is on another page: the arrow runs from the card
    /// on this page to the page's edge (or from the edge to it).
    pub stub: Option<Stub>,
}

/// A handoff cut by a page break: which end is on this page, and where the other is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stub {
    /// The source is on this page (the arrow leaves towards the edge); otherwise the
    /// target is, and the arrow comes in from the edge.
    pub outgoing: bool,
    /// The other card's page (1-based), when the pages are known.
    pub page: Option<usize>,
}

/// A map page of a paged layout: its number and the stages and lane rows it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sheet {
    pub number: usize,
    pub stages: std::ops::Range<usize>,
    pub rows: std::ops::Range<usize>,
    /// The cards of each cell of its first lane row, by their place in the cell (top to
    /// bottom): all of them, or a slice of a lane too tall for one page.
    pub slots: std::ops::Range<usize>,
    /// The cards of each cell of its last lane row when that row goes on over the next
    /// page (its top cards); all of them otherwise.
    pub tail: std::ops::Range<usize>,
}

impl Sheet {
    /// Whether this page holds the card at `slot` of the cell at `stage` × `row`.
    pub fn holds(&self, stage: usize, row: usize, slot: usize) -> bool {
        self.stages.contains(&stage)
            && self.rows.contains(&row)
            && (row != self.rows.start || self.slots.contains(&slot))
            && (row + 1 != self.rows.end || self.tail.contains(&slot))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Left,
    Right,
}

/// The whole map's geometry.
#[derive(Debug, Clone)]
pub struct Layout {
    pub width: f64,
    pub height: f64,
    pub grid_left: f64,
    pub grid_right: f64,
    /// Height of the header above the stages ([`HEADER_H`] or [`COMPACT_HEADER_H`]).
    pub header_h: f64,
    pub stage_y: f64,
    /// Height of the stage headers ([`STAGE_HEAD_H`] or [`SHORT_STAGE_HEAD_H`]).
    pub stage_h: f64,
    pub emotion_y: f64,
    /// Whether the emotion chart is drawn: not on a page that continues the lanes of the
    /// page above it (the chart is on that page).
    pub emotion: bool,
    pub metrics_y: f64,
    pub metrics_h: f64,
    pub removed: Option<Rect>,
    /// Top of the handoff key (numbered handoffs whose label did not fit by the arrow).
    pub key_y: f64,
    /// Handoff indices listed in the key, in number order (number = position + 1).
    pub key: Vec<usize>,
    /// Where the findings list and the legend go.
    pub notes: super::notes::Notes,
    /// Left edge of each stage's card column.
    pub columns: Vec<f64>,
    pub rows: Vec<Row>,
    /// Touchpoint index → card.
    pub cards: Vec<Rect>,
    /// Touchpoint index → what its card says.
    pub card_text: Vec<CardText>,
    /// Touchpoint index → drawn (its stage is on this page).
    pub shown: Vec<bool>,
    /// The stages drawn; column `i` is stage `first_stage + i`.
    pub first_stage: usize,
    /// Ghost index → card, for ghosts drawn in their cell or in the removed strip.
    pub ghosts: Vec<(usize, Rect)>,
    pub routes: Vec<Route>,
    /// The diff overlay's links (removed handoffs, moved touchpoints), routed as handoffs.
    pub ghost_routes: Vec<(GhostLink, Route)>,
    /// Stage index → metric indices shown under it.
    pub stage_metrics: Vec<Vec<usize>>,
    /// Metrics no stage or touchpoint names, and their cards, on the pages that show them
    /// ([`metrics::place`]).
    pub loose_metrics: Vec<(usize, Rect)>,
    /// Baseline of "Not on any stage:" over them.
    pub loose_label_y: f64,
}

impl Layout {
    /// Right edge of the header and of the notes block under the map: the map's, or
    /// further right when a poster's change list needs the room.
    pub fn notes_right(&self) -> f64 {
        self.grid_right.max(self.notes.right)
    }
}

pub struct Inputs<'a> {
    pub journey: &'a Journey,
    pub overlay: Option<&'a Overlay>,
    /// Handoff index → has findings (the label then gets a badge).
    pub handoff_flagged: &'a [bool],
    pub finding_lines: usize,
    /// The listed findings' texts when the list goes beside the legend (a poster), not
    /// above it.
    pub finding_texts: Option<&'a [String]>,
    pub detail: super::Detail,
    /// The stages drawn (a page's share of the journey).
    pub stages: std::ops::Range<usize>,
    /// The lane rows drawn (top to bottom, lanes grouped by kind); `None` for all.
    pub rows: Option<std::ops::Range<usize>>,
    /// The cards drawn in each cell of the first row, by their place in the cell (a page
    /// that holds a slice of a lane too tall for one page); `None` for all.
    pub slots: Option<std::ops::Range<usize>>,
    /// The cards drawn in each cell of the last row, by their place in the cell, when a
    /// page of several rows ends with the top cards of a lane the next page goes on with;
    /// `None` for all.
    pub tail: Option<std::ops::Range<usize>>,
    /// Whether the metrics row is drawn (a page split by lanes has it on its last band).
    pub metrics: bool,
    /// Whether the metrics no stage names are drawn (on one canvas with the rest; on a
    /// paged map on one page only, [`crate::render::page::Frame::loose_metrics`]).
    pub loose_metrics: bool,
    /// Most lines of pains and opportunities a card shows ([`content::MAX_ITEM_LINES`],
    /// fewer on a page too short for the tallest cards).
    pub card_lines: usize,
    /// Only the header, findings list and legend (the notes page of a paged map).
    pub notes: bool,
    /// Legend groups to lay out (each at most [`LEGEND_ITEMS`] items).
    pub legend_groups: usize,
    /// Every map page of a paged layout (empty for one canvas, or while sizing pages):
    /// says on which page the other end of a cut handoff is.
    pub sheets: &'a [Sheet],
    /// A page after the first of a paged map: a one-line header.
    pub compact_header: bool,
    /// A page of some of the stages leaves out the lanes with no card in them (a paged
    /// map without a diff overlay).
    pub hide_empty_lanes: bool,
    /// The page above holds these stages' emotion chart, goals and removed-touchpoint
    /// strip on its own (they and the first lanes did not fit one page).
    pub chart_above: bool,
    /// The least width of the map in px (a notes page as wide as its sheet at the deck's
    /// scale); 0 for none.
    pub min_width: f64,
    /// The diff's change list entries listed under the map, before the findings and the
    /// legend (a poster's one sheet); `None` for none.
    pub changes: Option<std::ops::Range<usize>>,
    /// The least width of the layout in px when the notes block under the map may be
    /// wider than the map (a poster's change list); 0 for the map's width.
    pub notes_width: f64,
}

impl Inputs<'_> {
    /// Whether handoff `index` has findings (its label then carries a badge).
    fn flagged(&self, index: usize) -> bool {
        self.handoff_flagged.get(index).copied().unwrap_or(false)
    }
}

/// Lanes top to bottom: grouped by kind (customer, frontstage, backstage, support), in file
/// order within a kind.
pub fn lane_order(journey: &Journey) -> Vec<usize> {
    let mut order: Vec<usize> = (0..journey.lanes.len()).collect();
    order.sort_by_key(|&lane| (journey.lanes.get(lane).map(|l| l.kind), lane));
    order
}

/// Each touchpoint's place in its lane × stage cell (0 = top), over the whole journey.
pub fn cell_slots(journey: &Journey) -> Vec<usize> {
    let mut used: HashMap<(usize, usize), usize> = HashMap::new();
    journey
        .touchpoints
        .iter()
        .map(|touchpoint| {
            let count = used
                .entry((touchpoint.lane.value, touchpoint.stage))
                .or_insert(0);
            *count += 1;
            *count - 1
        })
        .collect()
}

/// The SLA as written in the file's units (`30m`, `4h`, `2d`, `1w`).
pub fn format_sla(minutes: u64) -> String {
    crate::model::Duration { minutes }.display()
}

/// What a cross-lane handoff without an owner is labelled.
pub const NO_OWNER: &str = "NO OWNER";

/// What an arrow label says: owner (or that there is none), rework, SLA.
pub fn handoff_label_parts(journey: &Journey, handoff: &Handoff) -> (Option<String>, Vec<String>) {
    let owner = match &handoff.owner {
        Some(owner) => Some(text::one_line(&owner.value)),
        None if journey.is_cross_lane(handoff) => Some(NO_OWNER.to_string()),
        None => None,
    };
    let mut details = Vec::new();
    if handoff.rework {
        details.push("rework".to_string());
    }
    if let Some(sla) = &handoff.sla {
        details.push(format!("SLA {}", format_sla(sla.value.minutes)));
    }
    (owner, details)
}

/// Lays out the whole map.
pub fn layout(inputs: &Inputs<'_>) -> Layout {
    let journey = inputs.journey;
    let range =
        inputs.stages.start.min(journey.stages.len())..inputs.stages.end.min(journey.stages.len());
    let stage_count = range.len();
    let all_rows = lane_order(journey);
    let order: Vec<usize> = match &inputs.rows {
        Some(rows) => all_rows
            .get(rows.start.min(all_rows.len())..rows.end.min(all_rows.len()))
            .unwrap_or_default()
            .to_vec(),
        None => all_rows,
    };
    // A page of some of the stages: only the lanes with a card in them.
    let order = if inputs.hide_empty_lanes && range.len() < journey.stages.len() {
        let mut busy = vec![false; journey.lanes.len()];
        for touchpoint in &journey.touchpoints {
            if range.contains(&touchpoint.stage)
                && let Some(slot) = busy.get_mut(touchpoint.lane.value)
            {
                *slot = true;
            }
        }
        order
            .into_iter()
            .filter(|&lane| busy.get(lane).copied().unwrap_or(true))
            .collect()
    } else {
        order
    };
    // A page's real lane rows (ghost rows of removed lanes are added next), and its first
    // lane (the one a page holding a slice of a lane cuts).
    let real_rows = order.len();
    let first_lane = order.first().copied();
    let last_lane = order.last().copied();
    let order = match inputs.overlay {
        Some(overlay) => overlay.with_ghost_rows(
            journey,
            order,
            inputs.rows.as_ref().is_none_or(|rows| rows.start == 0),
        ),
        None => order,
    };
    let ghost_lanes = inputs
        .overlay
        .map_or(0, |overlay| overlay.removed_lanes.len());
    let mut lane_row = vec![usize::MAX; journey.lanes.len() + ghost_lanes];
    for (row, &lane) in order.iter().enumerate() {
        if let Some(slot) = lane_row.get_mut(lane) {
            *slot = row;
        }
    }
    let row_count = order.len();
    // Lane → its row over the whole journey, and every card's place in its cell (for a
    // page that holds a slice of a lane, and for where a cut handoff's other card is).
    let paged = range.len() < journey.stages.len()
        || real_rows < journey.lanes.len()
        || inputs.slots.is_some()
        || inputs.tail.is_some();
    let slots_of = if paged {
        cell_slots(journey)
    } else {
        Vec::new()
    };
    let slot_of = |index: usize| slots_of.get(index).copied().unwrap_or(0);
    let mut global_row = vec![usize::MAX; journey.lanes.len()];
    for (row, &lane) in lane_order(journey).iter().enumerate() {
        if let Some(slot) = global_row.get_mut(lane) {
            *slot = row;
        }
    }

    // Cells: the slot of every card in its lane × stage cell, ghosts after real cards;
    // `cell_h` is the height stacked so far in each cell.
    let mut cell_count = vec![vec![0usize; stage_count]; row_count];
    let mut cell_h = vec![vec![0.0f64; stage_count]; row_count];
    let mut card_cell: Vec<Cell> = Vec::with_capacity(journey.touchpoints.len());
    let mut card_offset: Vec<f64> = Vec::with_capacity(journey.touchpoints.len());
    // `extra`: room added above the card (a labelled arrow from the card above).
    let stack =
        |cells_h: &mut Vec<Vec<f64>>, row: usize, stage: usize, h: f64, extra: f64| match cells_h
            .get_mut(row)
            .and_then(|cells| cells.get_mut(stage))
        {
            Some(used) => {
                let offset = *used + extra;
                *used = offset + h + STACK_GAP;
                offset
            }
            None => 0.0,
        };
    let shown: Vec<bool> = journey
        .touchpoints
        .iter()
        .enumerate()
        .map(|(index, touchpoint)| {
            range.contains(&touchpoint.stage)
                && lane_row
                    .get(touchpoint.lane.value)
                    .copied()
                    .unwrap_or(usize::MAX)
                    != usize::MAX
                && inputs.slots.as_ref().is_none_or(|slots| {
                    Some(touchpoint.lane.value) != first_lane || slots.contains(&slot_of(index))
                })
                && inputs.tail.as_ref().is_none_or(|tail| {
                    Some(touchpoint.lane.value) != last_lane || tail.contains(&slot_of(index))
                })
        })
        .collect();
    // What every card on the page says, hence how tall it is (cards on other pages are
    // not laid out: a page of a big journey wraps only its own cards' words).
    // Measured on every core for the cards this page shows (a page of a big journey,
    // laid out many times while pages are packed, shows few).
    let on_page: Vec<usize> = (0..journey.touchpoints.len())
        .filter(|&index| shown.get(index).copied().unwrap_or(false))
        .collect();
    let measured = super::par::map(&on_page, |_, &index| {
        journey
            .touchpoints
            .get(index)
            .map_or_else(CardText::default, |touchpoint| {
                content::card_text_within(touchpoint, inputs.detail, inputs.card_lines)
            })
    });
    let mut card_text = vec![CardText::default(); journey.touchpoints.len()];
    for (index, text) in on_page.into_iter().zip(measured) {
        if let Some(slot) = card_text.get_mut(index) {
            *slot = text;
        }
    }
    for (touchpoint, &on_page) in journey.touchpoints.iter().zip(&shown) {
        let row = lane_row.get(touchpoint.lane.value).copied().unwrap_or(0);
        if !on_page {
            card_cell.push((row, usize::MAX, 0));
            continue;
        }
        let stage = touchpoint.stage - range.start;
        let slot = bump(&mut cell_count, row, stage);
        card_cell.push((row, stage, slot));
    }
    // A labelled handoff to the next card down (or up) in the same cell runs straight
    // through the gap between the two cards, made tall enough for its label; the gutter
    // beside the cell is left to the arrows that need it.
    let mut gap_above: HashMap<usize, f64> = HashMap::new();
    let mut straight: HashSet<usize> = HashSet::new();
    for (index, handoff) in journey.handoffs.iter().enumerate() {
        let (from, to) = (handoff.from, handoff.to.value);
        let (Some(&a), Some(&b)) = (card_cell.get(from), card_cell.get(to)) else {
            continue;
        };
        if a.1 == usize::MAX
            || b.1 == usize::MAX
            || (a.0, a.1) != (b.0, b.1)
            || a.2.abs_diff(b.2) != 1
        {
            continue;
        }
        let flagged = inputs.flagged(index);
        let Some(label) = make_label(journey, handoff, flagged) else {
            continue;
        };
        let lower = if a.2 > b.2 { from } else { to };
        let gap = label_run(label.rect.h, 0.0);
        let slot = gap_above.entry(lower).or_insert(STACK_GAP);
        *slot = slot.max(gap);
        straight.insert(index);
    }
    // A removed handoff between two cards stacked in one cell runs through the gap
    // between them: made tall enough to show its crossed line under its change tag.
    for ghost in inputs
        .overlay
        .map_or(&[][..], |overlay| &overlay.removed_handoffs)
    {
        let card = |key: &crate::model::ElementKey| match key.resolve(journey) {
            Some(crate::model::Element::Touchpoint(index)) => Some(index),
            _ => None,
        };
        let (Some(from), Some(to)) = (card(&ghost.from), card(&ghost.to)) else {
            continue;
        };
        let (Some(&a), Some(&b)) = (card_cell.get(from), card_cell.get(to)) else {
            continue;
        };
        if a.1 == usize::MAX || (a.0, a.1) != (b.0, b.1) || a.2.abs_diff(b.2) != 1 {
            continue;
        }
        let lower = if a.2 > b.2 { from } else { to };
        let slot = gap_above.entry(lower).or_insert(STACK_GAP);
        *slot = slot.max(GHOST_LINK_GAP);
    }
    for ((index, text), &(row, stage, _)) in card_text.iter().enumerate().zip(&card_cell) {
        if stage == usize::MAX {
            card_offset.push(0.0);
            continue;
        }
        let extra = gap_above.get(&index).map_or(0.0, |gap| gap - STACK_GAP);
        card_offset.push(stack(&mut cell_h, row, stage, text.h, extra));
    }
    let mut ghost_cell: Vec<(usize, Option<(Cell, f64)>)> = Vec::new();
    if let Some(overlay) = inputs.overlay {
        for (index, ghost) in overlay.removed.iter().enumerate() {
            let home = ghost_home(journey, overlay, &lane_row, ghost, &range, &mut cell_count)
                .map(|cell| (cell, stack(&mut cell_h, cell.0, cell.1, GHOST_H, 0.0)));
            ghost_cell.push((index, home));
        }
    }

    // Routes in logical coordinates first: tracks only depend on the order of things.
    let on_page = |index: usize| shown.get(index).copied().unwrap_or(false);
    // A handoff with one card on this page and the other on another page of the same map
    // is drawn as a stub to the page edge.
    let place = |index: usize| {
        journey.touchpoints.get(index).map(|touchpoint| {
            (
                global_row
                    .get(touchpoint.lane.value)
                    .copied()
                    .unwrap_or(usize::MAX),
                slot_of(index),
            )
        })
    };
    let mut plans: Vec<Plan> = journey
        .handoffs
        .iter()
        .enumerate()
        .filter_map(|(index, handoff)| {
            let (from, to) = (on_page(handoff.from), on_page(handoff.to.value));
            if from && to {
                let flagged = inputs.flagged(index);
                let (owner, details) = handoff_label_parts(journey, handoff);
                let labelled = flagged || owner.is_some() || !details.is_empty();
                Some(plan_route(
                    index,
                    handoff,
                    labelled && !straight.contains(&index),
                    &card_cell,
                    &cell_count,
                ))
            } else if paged && (from || to) {
                let (here, there) = if from {
                    (handoff.from, handoff.to.value)
                } else {
                    (handoff.to.value, handoff.from)
                };
                // The other card in the same stages, on the page above or below: a stub
                // down (or up) its gutter to the lanes' bottom (or top) edge.
                let other = place(there).unwrap_or_default();
                let below = place(here).is_none_or(|here| other > here);
                plan_stub(
                    index,
                    handoff,
                    from,
                    &card_cell,
                    journey,
                    &range,
                    stage_count,
                    (below, other, &cell_count),
                )
            } else {
                None
            }
        })
        .collect();
    // The overlay's links (removed handoffs, moved touchpoints' old places), routed with
    // the handoffs: cards are numbered touchpoints first, then ghosts.
    let mut all_cells = card_cell.clone();
    all_cells.extend(
        ghost_cell
            .iter()
            .map(|&(_, home)| home.map_or((0, usize::MAX, 0), |(cell, _)| cell)),
    );
    if let Some(overlay) = inputs.overlay {
        let ghost_links = ghost_links(journey, overlay, &ghost_cell, &on_page);
        plans.extend(ghost_links.into_iter().map(|(link, from, to)| Plan {
            ghost: Some(link),
            ..plan_cells(0, from, to, false, &all_cells, &cell_count)
        }));
        // Removed handoffs with one end here and the other on another page or in the
        // "Removed" strip: a stub towards it, as a live handoff cut by a page break.
        let strip_here =
            !inputs.notes && range.start == 0 && inputs.rows.as_ref().is_none_or(|r| r.start == 0);
        let ends = GhostEnds {
            journey,
            overlay,
            ghost_cell: &ghost_cell,
            on_page: &on_page,
            global_row: &global_row,
        };
        for (index, ghost) in overlay.removed_handoffs.iter().enumerate() {
            let (from, to) = (ends.here(&ghost.from), ends.here(&ghost.to));
            let (here, there, source_here) = match (from, to) {
                (Some(here), None) => (here, &ghost.to, true),
                (None, Some(here)) => (here, &ghost.from, false),
                _ => continue,
            };
            let Some(&cell) = all_cells.get(here) else {
                continue;
            };
            let (stage, below) = match ends.elsewhere(there) {
                Some((stage, row)) => {
                    let here_row = all_cells
                        .get(here)
                        .and_then(|cell| order.get(cell.0))
                        .and_then(|&lane| global_row.get(lane))
                        .copied()
                        .unwrap_or(0);
                    (stage, row.is_none_or(|row| row > here_row))
                }
                // In the strip, under the map on the first page.
                None if strip_here => (range.start, true),
                None => (0, false),
            };
            if let Some(plan) = plan_ghost_stub(
                GhostLink::Handoff(index),
                here,
                cell,
                source_here,
                (stage, below),
                &range,
                stage_count,
            ) {
                plans.push(plan);
            }
        }
    }
    demote_overlapping_columns(&mut plans, stage_count);
    let tracks = assign_all_tracks(&plans, stage_count, row_count);

    // Columns and gutters: room for every track, and for labels beside the bundle.
    let mut gutter_tracks = vec![0usize; stage_count + 1];
    let mut gutter_labels = vec![false; stage_count + 1];
    for (plan, assigned) in plans.iter().zip(&tracks.routes) {
        for &(gutter, track) in assigned.gutters.iter() {
            if let Some(count) = gutter_tracks.get_mut(gutter) {
                *count = (*count).max(track + 1);
            }
        }
        if plan.ghost.is_none()
            && let Some(gutter) = plan.label_gutter()
            && let Some(flag) = gutter_labels.get_mut(gutter)
        {
            *flag = true;
        }
    }
    let grid_left = MARGIN;
    let mut x = grid_left + LANE_HEAD_W;
    let mut columns = Vec::with_capacity(stage_count);
    let mut gutters = Vec::with_capacity(stage_count + 1);
    for gutter in 0..=stage_count {
        let inner = gutter > 0 && gutter < stage_count;
        let needed = gutter_tracks.get(gutter).copied().unwrap_or(0) as f64 * TRACK_GAP + 28.0;
        let labelled = inner || gutter_labels.get(gutter).copied().unwrap_or(false);
        let base = if labelled { GUTTER_W } else { EDGE_GUTTER_W };
        let width = base.max(needed);
        gutters.push((x, width));
        x += width;
        if gutter < stage_count {
            columns.push(x);
            x += CARD_W;
        }
    }
    // A page of a paged map may be narrower: it must fit an A4 sheet at 8 pt.
    let min_width = if inputs.rows.is_some() {
        PAGE_MIN_WIDTH
    } else {
        MIN_WIDTH
    }
    .max(inputs.min_width);
    let grid_right = x.max(min_width - MARGIN);
    let width = grid_right + MARGIN;
    // Stubs run to the map's edges (a page may be wider than its columns).
    let edges = (grid_left + LANE_HEAD_W, grid_right);

    // Rows.
    let header_h = if inputs.compact_header {
        COMPACT_HEADER_H
    } else {
        HEADER_H
    };
    let stage_y = MARGIN + header_h;
    let emotion = !inputs.chart_above
        && inputs.rows.as_ref().is_none_or(|rows| rows.start == 0)
        && inputs.slots.as_ref().is_none_or(|slots| slots.start == 0);
    let stage_h = if emotion {
        STAGE_HEAD_H
    } else {
        SHORT_STAGE_HEAD_H
    };
    let emotion_y = stage_y + stage_h + SECTION_GAP;
    let lanes_y = if emotion {
        emotion_y + EMOTION_H + SECTION_GAP
    } else {
        emotion_y
    };
    let room = Room::new(inputs, &plans, &card_offset, &card_text);
    let mut rows = Vec::with_capacity(row_count);
    let mut y = lanes_y;
    for (row, &lane) in order.iter().enumerate() {
        let stacked = cell_h
            .get(row)
            .and_then(|cells| cells.iter().copied().reduce(f64::max))
            .unwrap_or(0.0);
        let stacked = (stacked - STACK_GAP).max(content::CARD_MIN_H);
        let band = tracks.band_count.get(row).copied().unwrap_or(0) as f64 * TRACK_GAP;
        let h = (ROW_PAD_TOP + stacked + ROW_PAD_BOTTOM + band).max(lane_head_h(journey, lane));
        let h = room.row_h(row, h);
        rows.push(Row { lane, y, h });
        y += h;
    }
    let lanes_bottom = y;

    let card_rect = |row: usize, stage: usize, offset: f64, h: f64| {
        let row_y = rows.get(row).map_or(lanes_y, |r| r.y);
        let x = columns.get(stage).copied().unwrap_or(grid_left);
        Rect::new(x, row_y + ROW_PAD_TOP + offset, CARD_W, h)
    };
    let cards: Vec<Rect> = card_cell
        .iter()
        .zip(&card_offset)
        .zip(&card_text)
        .map(|((&(row, stage, _), &offset), text)| {
            if stage == usize::MAX {
                Rect::default()
            } else {
                card_rect(row, stage, offset, text.h)
            }
        })
        .collect();
    // Touchpoints' cards, then the ghosts' (in their cells).
    let mut all_cards = cards.clone();
    all_cards.extend(ghost_cell.iter().map(|&(_, home)| {
        home.map_or(Rect::default(), |((row, stage, _), offset)| {
            card_rect(row, stage, offset, GHOST_H)
        })
    }));
    let shown_cards: Vec<Rect> = cards
        .iter()
        .zip(&shown)
        .filter(|(_, shown)| **shown)
        .map(|(card, _)| *card)
        .chain(
            all_cards
                .iter()
                .skip(cards.len())
                .zip(&ghost_cell)
                .filter(|(_, (_, home))| home.is_some())
                .map(|(card, _)| *card),
        )
        .collect();

    let geometry = Geometry {
        fans: room.fans(),
        gutters: &gutters,
        edges,
        lanes_edges: (lanes_y, lanes_bottom),
        cards: &all_cards,
        band_top: rows
            .iter()
            .enumerate()
            .map(|(index, row)| {
                let count = tracks.band_count.get(index).copied().unwrap_or(0) as f64;
                row.y + row.h - ROW_PAD_BOTTOM / 2.0 - count * TRACK_GAP
            })
            .collect(),
    };
    let (mut routes, ghost_routes) = build_routes(inputs, &plans, &tracks, &geometry);
    // Labels keep off the overlay's links too.
    let handoff_routes = routes.len();
    routes.extend(ghost_routes.iter().map(|(_, route)| route.clone()));
    let bounds = Rect::new(
        grid_left + LANE_HEAD_W,
        lanes_y,
        grid_right - grid_left - LANE_HEAD_W,
        lanes_bottom - lanes_y,
    );
    // The step markers stand out of their cards' top-left corners.
    let markers = step_marker_boxes(journey, &cards, &shown);
    // Lines between lanes (dividers and blueprint lines), which labels keep off when
    // they can.
    let dividers: Vec<Rect> = rows
        .iter()
        .skip(1)
        .map(|row| Rect::new(bounds.x, row.y, bounds.w, 0.0))
        .collect();
    let key = super::labels::place(&mut routes, &shown_cards, &markers, &dividers, bounds);
    routes.truncate(handoff_routes);

    // Metrics under the lanes (on a notes page, under the header).
    let metrics_row = metrics::place(
        journey,
        range.clone(),
        &metrics::Wanted {
            stages: inputs.metrics,
            loose: inputs.loose_metrics,
        },
        (grid_left, grid_right),
        if inputs.notes {
            MARGIN + header_h + SECTION_GAP
        } else {
            lanes_bottom
        },
    );
    let mut y = if inputs.notes && metrics_row.h == 0.0 {
        MARGIN + header_h
    } else {
        metrics_row.y + metrics_row.h + SECTION_GAP * 2.0
    };

    // The handoff key.
    let key_y = y;
    if !key.is_empty() {
        y += 34.0 + key.len() as f64 * KEY_LINE_H + SECTION_GAP * 2.0;
    }

    // Ghosts: in their cell, or in a strip of removed touchpoints.
    let mut ghosts = Vec::new();
    let mut homeless = Vec::new();
    let strip_here = !inputs.notes
        && !inputs.chart_above
        && range.start == 0
        && inputs.rows.as_ref().is_none_or(|r| r.start == 0);
    for &(index, home) in &ghost_cell {
        match home {
            Some(((row, stage, _), offset)) => {
                ghosts.push((index, card_rect(row, stage, offset, GHOST_H)))
            }
            // Its cell is on another page: drawn there, not in this page's strip.
            None if has_home(journey, inputs.overlay, index) => {}
            // The strip is on the first page only.
            None if strip_here => homeless.push(index),
            None => {}
        }
    }
    let removed = if homeless.is_empty() {
        None
    } else {
        let left = grid_left + LANE_HEAD_W;
        let per_row = (((grid_right - left) / (CARD_W + STACK_GAP)).floor() as usize).max(1);
        let strip_rows = homeless.len().div_ceil(per_row);
        let top = y + 28.0;
        for (position, &index) in homeless.iter().enumerate() {
            let column = position % per_row;
            let line = position / per_row;
            ghosts.push((
                index,
                Rect::new(
                    left + column as f64 * (CARD_W + STACK_GAP),
                    top + line as f64 * (GHOST_H + STACK_GAP),
                    CARD_W,
                    GHOST_H,
                ),
            ));
        }
        let h = 28.0 + strip_rows as f64 * (GHOST_H + STACK_GAP) + 8.0;
        let strip = Rect::new(grid_left, y, grid_right - grid_left, h);
        y += h + SECTION_GAP * 2.0;
        Some(strip)
    };

    let changes: Vec<f64> = inputs
        .overlay
        .zip(inputs.changes.clone())
        .and_then(|(overlay, range)| overlay.list.get(range))
        .map_or_else(Vec::new, |entries| {
            entries.iter().map(list_flow::entry_h).collect()
        });
    let notes = super::notes::place(
        &super::notes::Listed {
            findings: inputs.finding_lines,
            beside: inputs.finding_texts,
            legend_groups: inputs.legend_groups,
            changes: &changes,
            map_right: grid_right,
            map_top: stage_y,
        },
        grid_left,
        grid_right.max(inputs.notes_width - MARGIN),
        y,
    );
    // A map page holding its metrics row and no notes ends under its last section (the
    // row, or the handoff key or removed strip under it): no gap and no heading room for
    // notes it does not hold, so a short metrics row can share the page above it.
    let no_notes = inputs.finding_lines == 0 && inputs.legend_groups == 0 && changes.is_empty();
    y = if inputs.metrics && !inputs.notes && no_notes {
        y - SECTION_GAP * 2.0
    } else {
        notes.bottom
    };
    let width = width.max(notes.right + MARGIN);
    // A page's sheet has its own margin: a paged map keeps a thin one at its foot.
    let height = y + if inputs.rows.is_some() { 8.0 } else { MARGIN };

    Layout {
        width,
        height,
        grid_left,
        grid_right,
        header_h,
        stage_y,
        stage_h,
        emotion_y,
        emotion,
        metrics_y: metrics_row.y,
        metrics_h: metrics_row.h,
        removed,
        key_y,
        key,
        notes,
        columns,
        rows,
        cards,
        card_text,
        shown,
        first_stage: range.start,
        ghosts,
        routes,
        ghost_routes,
        stage_metrics: metrics_row.stages,
        loose_metrics: metrics_row.loose,
        loose_label_y: metrics_row.loose_label_y,
    }
}

/// Height a lane's header needs: kind, name (3 lines at most), owner (2), and room at its
/// foot for the name of a blueprint line.
fn lane_head_h(journey: &Journey, lane: usize) -> f64 {
    use super::style::size;
    let Some(lane) = journey.lanes.get(lane) else {
        return super::changes::GHOST_LANE_H; // a removed lane's ghost row
    };
    let w = LANE_HEAD_W - 14.0 - 24.0;
    let (name, _) = text::wrap(&text::one_line(&lane.name.value), w, size::LANE, true, 3);
    let owner = lane.owner.as_ref().map_or(0, |owner| {
        let owner = format!("Owner: {}", text::one_line(&owner.value));
        text::wrap(&owner, w, size::OWNER, false, 2).0.len()
    });
    42.0 + name.len() as f64 * 17.0 + 2.0 + owner as f64 * 14.0 + 34.0
}

fn bump(cells: &mut [Vec<usize>], row: usize, stage: usize) -> usize {
    match cells.get_mut(row).and_then(|cells| cells.get_mut(stage)) {
        Some(count) => {
            *count += 1;
            *count - 1
        }
        None => 0,
    }
}

/// The cell a removed touchpoint is drawn in, when its stage and lane still exist.
fn ghost_home(
    journey: &Journey,
    overlay: &Overlay,
    lane_row: &[usize],
    ghost: &Ghost,
    range: &std::ops::Range<usize>,
    cells: &mut [Vec<usize>],
) -> Option<Cell> {
    let stage = *journey.stage_index.get(ghost.stage.as_deref()?)?;
    let stage = stage
        .checked_sub(range.start)
        .filter(|_| range.contains(&stage))?;
    // Its lane, or the ghost row of its removed lane.
    let lane = overlay.lane_slot(journey, ghost.lane.as_deref()?)?;
    let row = *lane_row.get(lane).filter(|row| **row != usize::MAX)?;
    let slot = bump(cells, row, stage);
    Some((row, stage, slot))
}

/// The overlay links drawn on this page, as (link, from card, to card) where a card is a
/// touchpoint index or `touchpoints.len()` + a ghost index: each removed handoff whose two
/// ends are here (an end is the ghost of a removed or moved touchpoint when it has one
/// here, else its card), and each moved touchpoint's old place linked to its card.
fn ghost_links(
    journey: &Journey,
    overlay: &Overlay,
    ghost_cell: &[(usize, Option<(Cell, f64)>)],
    on_page: &dyn Fn(usize) -> bool,
) -> Vec<(GhostLink, usize, usize)> {
    let base = journey.touchpoints.len();
    let ghost_here = |key: &crate::model::ElementKey| {
        ghost_cell.iter().find_map(|&(index, home)| {
            overlay
                .removed
                .get(index)
                .filter(|ghost| ghost.key == *key && home.is_some())
                .map(|_| base + index)
        })
    };
    let card_here = |key: &crate::model::ElementKey| match key.resolve(journey) {
        Some(crate::model::Element::Touchpoint(index)) if on_page(index) => Some(index),
        _ => None,
    };
    let mut links = Vec::new();
    for (index, ghost) in overlay.removed_handoffs.iter().enumerate() {
        let end = |key| ghost_here(key).or_else(|| card_here(key));
        if let (Some(from), Some(to)) = (end(&ghost.from), end(&ghost.to))
            && from != to
        {
            links.push((GhostLink::Handoff(index), from, to));
        }
    }
    for &(index, home) in ghost_cell {
        let Some(ghost) = overlay.removed.get(index) else {
            continue;
        };
        if home.is_some()
            && let Some(card) = card_here(&ghost.key)
        {
            links.push((GhostLink::Moved(index), base + index, card));
        }
    }
    links
}

/// Whether ghost `index`'s stage and lane both still exist (its cell is on some page).
fn has_home(journey: &Journey, overlay: Option<&Overlay>, index: usize) -> bool {
    let Some(overlay) = overlay else {
        return false;
    };
    overlay.removed.get(index).is_some_and(|ghost| {
        ghost
            .stage
            .as_deref()
            .is_some_and(|stage| journey.stage_index.contains_key(stage))
            && ghost
                .lane
                .as_deref()
                .and_then(|lane| overlay.lane_slot(journey, lane))
                .is_some()
    })
}

/// A route in logical coordinates: cells, gutters and bands, not pixels.
#[derive(Debug, Clone, Copy)]
struct Plan {
    handoff: usize,
    from: usize,
    to: usize,
    /// (row, stage, slot) of both cards.
    a: Cell,
    b: Cell,
    shape: Shape,
    /// A stub to the page edge: (this page holds the source, the other card's stage).
    stub: Option<(bool, usize)>,
    /// A stub to the page below (`Some(true)`) or above (`Some(false)`): the other card
    /// is in the same stages, in lanes another page holds.
    vertical: Option<bool>,
    /// A stub's other card: its row over the whole journey and its place in its cell.
    other: (usize, usize),
    /// An overlay link, not a handoff (its cards may be ghosts).
    ghost: Option<GhostLink>,
}

#[derive(Debug, Clone, Copy)]
enum Shape {
    Column,
    /// A stub along its card's row straight to the page edge on `side`: nothing sits
    /// between the card and that edge, so it needs no gutter or band (and its label has
    /// the empty cells to itself).
    Straight(Side),
    /// Out of `out_side`, down gutter `first`, maybe along the band of `band` to gutter
    /// `last`, in through `in_side`.
    Gutters {
        out_side: Side,
        in_side: Side,
        first: usize,
        band: Option<(usize, usize)>,
    },
}

impl Plan {
    /// The gutter holding the label: the last vertical run before the target.
    fn label_gutter(&self) -> Option<usize> {
        match self.shape {
            Shape::Column => None,
            // A stub from a card in the first column to the left edge: its label is in
            // gutter 0; from the last column to the right edge, in the gutter after it.
            Shape::Straight(Side::Left) if self.a.1 == 0 => Some(0),
            Shape::Straight(Side::Right) if self.stub.is_some() => Some(self.a.1 + 1),
            Shape::Straight(_) => None,
            Shape::Gutters { first, band, .. } => Some(band.map_or(first, |(_, last)| last)),
        }
    }
}

fn plan_route(
    index: usize,
    handoff: &Handoff,
    labelled: bool,
    card_cell: &[Cell],
    cell_count: &[Vec<usize>],
) -> Plan {
    plan_cells(
        index,
        handoff.from,
        handoff.to.value,
        labelled,
        card_cell,
        cell_count,
    )
}

/// The route from card `from` to card `to` (indices into `card_cell`).
fn plan_cells(
    index: usize,
    from: usize,
    to: usize,
    labelled: bool,
    card_cell: &[Cell],
    cell_count: &[Vec<usize>],
) -> Plan {
    let a = card_cell.get(from).copied().unwrap_or_default();
    let b = card_cell.get(to).copied().unwrap_or_default();
    let (row_a, stage_a, slot_a) = a;
    let (row_b, stage_b, slot_b) = b;
    let count = |row: usize, stage: usize| {
        cell_count
            .get(row)
            .and_then(|cells| cells.get(stage))
            .copied()
            .unwrap_or(0)
    };
    let shape = if stage_a == stage_b {
        // Next card down (or up) in the same cell: a short arrow through the gap between
        // them, too small for a label.
        let adjacent = row_a == row_b && slot_a.abs_diff(slot_b) == 1 && !labelled;
        if adjacent || (row_a != row_b && column_clear(a, b, &count)) {
            Shape::Column
        } else {
            Shape::Gutters {
                out_side: Side::Right,
                in_side: Side::Right,
                first: stage_a + 1,
                band: None,
            }
        }
    } else if stage_b > stage_a {
        let row_clear = row_a == row_b
            && slot_a == slot_b
            && (stage_a + 1..stage_b).all(|stage| count(row_a, stage) <= slot_a);
        if stage_b == stage_a + 1 || row_clear {
            Shape::Gutters {
                out_side: Side::Right,
                in_side: Side::Left,
                first: stage_b,
                band: None,
            }
        } else {
            Shape::Gutters {
                out_side: Side::Right,
                in_side: Side::Left,
                first: stage_a + 1,
                band: Some((row_a.max(row_b), stage_b)),
            }
        }
    } else if stage_a == stage_b + 1 {
        Shape::Gutters {
            out_side: Side::Left,
            in_side: Side::Right,
            first: stage_a,
            band: None,
        }
    } else {
        Shape::Gutters {
            out_side: Side::Left,
            in_side: Side::Right,
            first: stage_a,
            band: Some((row_a.max(row_b), stage_b + 1)),
        }
    };
    Plan {
        handoff: index,
        from,
        to,
        a,
        b,
        shape,
        stub: None,
        vertical: None,
        other: (0, 0),
        ghost: None,
    }
}

/// A handoff whose other card is on another page: out of (or into) its card on this
/// page, along its row's band to the page edge the other card lies beyond (right for a
/// later stage, left for an earlier one). When the other card is in the same stages, in
/// lanes the page below (`below`) or above holds, down (or up) the gutter right of the
/// card to the lanes' edge.
#[allow(clippy::too_many_arguments)]
fn plan_stub(
    index: usize,
    handoff: &Handoff,
    source_here: bool,
    card_cell: &[Cell],
    journey: &Journey,
    range: &std::ops::Range<usize>,
    stage_count: usize,
    (below, other, cell_count): (bool, (usize, usize), &[Vec<usize>]),
) -> Option<Plan> {
    let from = handoff.from;
    let to = handoff.to.value;
    let here = if source_here { from } else { to };
    let there = if source_here { to } else { from };
    let cell = card_cell.get(here).copied()?;
    let (row, stage, _) = cell;
    let other_stage = journey.touchpoints.get(there)?.stage;
    if range.contains(&other_stage) {
        // Drawn on the source's page only: a dense stage cut into slices would otherwise
        // carry two stubs per handoff in one gutter.
        if !source_here {
            return None;
        }
        // The gutter right of the card, or left of it in the last column (an inner gutter,
        // wide anyway, where the right one is the narrow edge of the map).
        let (side, gutter) = if stage + 1 == stage_count && stage > 0 {
            (Side::Left, stage)
        } else {
            (Side::Right, stage + 1)
        };
        return Some(Plan {
            handoff: index,
            from,
            to,
            a: cell,
            b: cell,
            shape: Shape::Gutters {
                out_side: side,
                in_side: side,
                first: gutter,
                band: None,
            },
            stub: Some((source_here, other_stage)),
            vertical: Some(below),
            other,
            ghost: None,
        });
    }
    let beyond_right = other_stage >= range.end;
    let empty = |stages: std::ops::Range<usize>| {
        cell_count
            .get(row)
            .and_then(|cells| cells.get(stages))
            .is_some_and(|cells| cells.iter().all(|&count| count == 0))
    };
    // Straight to the edge when no card is in the way: at least one empty cell between
    // (the label in it), or the card in the edge column on the other card's side (the
    // label in the edge gutter, which widens for it). Else the gutter and band route.
    let clear = if beyond_right {
        stage + 1 == stage_count || empty(stage + 1..stage_count)
    } else {
        stage == 0 || empty(0..stage)
    };
    let shape = match (source_here, beyond_right) {
        _ if clear => Shape::Straight(if beyond_right {
            Side::Right
        } else {
            Side::Left
        }),
        (source_here, beyond_right) => {
            edge_gutters(source_here, beyond_right, stage, stage_count, row)
        }
    };
    Some(Plan {
        handoff: index,
        from,
        to,
        a: cell,
        b: cell,
        shape,
        stub: Some((source_here, other_stage)),
        vertical: None,
        other,
        ghost: None,
    })
}

/// Where the ends of the overlay's removed handoffs are.
struct GhostEnds<'a> {
    journey: &'a Journey,
    overlay: &'a Overlay,
    ghost_cell: &'a [(usize, Option<(Cell, f64)>)],
    on_page: &'a dyn Fn(usize) -> bool,
    global_row: &'a [usize],
}

impl GhostEnds<'_> {
    /// The card (a touchpoint index, or `touchpoints.len()` + a ghost index) showing
    /// touchpoint `key` in a cell of this page: its ghost when it has one here, else its
    /// card.
    fn here(&self, key: &crate::model::ElementKey) -> Option<usize> {
        let base = self.journey.touchpoints.len();
        let ghost = self.ghost_cell.iter().find_map(|&(index, home)| {
            self.overlay
                .removed
                .get(index)
                .filter(|ghost| ghost.key == *key && home.is_some())
                .map(|_| base + index)
        });
        ghost.or_else(|| match key.resolve(self.journey) {
            Some(crate::model::Element::Touchpoint(index)) if (self.on_page)(index) => Some(index),
            _ => None,
        })
    }

    /// The stage and (when known) lane row over the whole journey of touchpoint `key`,
    /// shown on another page; `None` when it is a ghost whose stage is gone (drawn in the
    /// "Removed" strip).
    fn elsewhere(&self, key: &crate::model::ElementKey) -> Option<(usize, Option<usize>)> {
        let journey = self.journey;
        let row = |lane: &str| {
            journey
                .lane_index
                .get(lane)
                .and_then(|&lane| self.global_row.get(lane))
                .copied()
        };
        if let Some(ghost) = self.overlay.removed.iter().find(|ghost| ghost.key == *key) {
            let stage = *journey.stage_index.get(ghost.stage.as_deref()?)?;
            return Some((stage, ghost.lane.as_deref().and_then(row)));
        }
        match key.resolve(journey) {
            Some(crate::model::Element::Touchpoint(index)) => {
                let touchpoint = journey.touchpoints.get(index)?;
                let lane = journey.lanes.get(touchpoint.lane.value)?;
                Some((touchpoint.stage, row(&lane.id.value)))
            }
            _ => None,
        }
    }
}

/// A removed handoff cut at this page: from (or into) card `here` at `cell`, to the page
/// edge the other end lies beyond (`stage` left or right of the page's stages), or, when
/// it is in the page's stages, down (`below`) or up the gutter beside the card.
fn plan_ghost_stub(
    link: GhostLink,
    here: usize,
    cell: Cell,
    source_here: bool,
    (other_stage, below): (usize, bool),
    range: &std::ops::Range<usize>,
    stage_count: usize,
) -> Option<Plan> {
    let (row, stage, _) = cell;
    if stage == usize::MAX {
        return None;
    }
    let shape = if range.contains(&other_stage) {
        let (side, gutter) = if stage + 1 == stage_count && stage > 0 {
            (Side::Left, stage)
        } else {
            (Side::Right, stage + 1)
        };
        Shape::Gutters {
            out_side: side,
            in_side: side,
            first: gutter,
            band: None,
        }
    } else {
        edge_gutters(
            source_here,
            other_stage >= range.end,
            stage,
            stage_count,
            row,
        )
    };
    Some(Plan {
        handoff: 0,
        from: here,
        to: here,
        a: cell,
        b: cell,
        shape,
        stub: Some((source_here, other_stage)),
        vertical: range.contains(&other_stage).then_some(below),
        other: (0, 0),
        ghost: Some(link),
    })
}

/// Whether no card sits in the column between two cards of the same stage.
fn column_clear(a: Cell, b: Cell, count: &impl Fn(usize, usize) -> usize) -> bool {
    let (upper, lower) = if (a.0, a.2) < (b.0, b.2) {
        (a, b)
    } else {
        (b, a)
    };
    let stage = a.1;
    count(upper.0, stage) <= upper.2 + 1
        && (upper.0 + 1..lower.0).all(|row| count(row, stage) == 0)
        && lower.2 == 0
}

/// Tracks given to every route's runs.
struct Tracks {
    routes: Vec<RouteTracks>,
    band_count: Vec<usize>,
}

#[derive(Default, Clone)]
struct RouteTracks {
    /// (gutter, track) of the first and, for band routes, last vertical run.
    gutters: Vec<(usize, usize)>,
    band: usize,
}

/// A card's place: (row, stage, slot in its cell).
type Cell = (usize, usize, usize);
/// A card edge in a column: (row, slot, 0 = top / 1 = bottom).
type Edge = (usize, usize, u8);
/// A vertical run in a gutter: (route, 0 = first / 1 = last run, span).
type GutterRun = (usize, usize, (YKey, YKey));
/// An arrow end on a card side: (where it heads, route, outgoing).
type PortUser = (f64, usize, bool);

/// A position in the vertical order of the grid: (row, 0 = card slot / 1 = band, slot).
type YKey = Cell;

/// Straight column arrows get the gap between their cards to themselves (and their label):
/// one that would share a stretch of column with another goes round by the gutter instead.
fn demote_overlapping_columns(plans: &mut [Plan], stage_count: usize) {
    // (row, slot, 0 = top edge / 1 = bottom edge): an arrow leaving a card's bottom does
    // not meet one arriving at its top.
    let mut runs: Vec<Vec<(usize, (Edge, Edge))>> = vec![Vec::new(); stage_count];
    for (index, plan) in plans.iter().enumerate() {
        if let Shape::Column = plan.shape {
            let (upper, lower) = if (plan.a.0, plan.a.2) < (plan.b.0, plan.b.2) {
                (plan.a, plan.b)
            } else {
                (plan.b, plan.a)
            };
            if let Some(column) = runs.get_mut(plan.a.1) {
                column.push((index, ((upper.0, upper.2, 1), (lower.0, lower.2, 0))));
            }
        }
    }
    for column in &runs {
        let spans: Vec<_> = column.iter().map(|(_, span)| *span).collect();
        let (assigned, _) = assign_tracks(&spans);
        for ((index, _), track) in column.iter().zip(assigned) {
            if track > 0
                && let Some(plan) = plans.get_mut(*index)
            {
                plan.shape = Shape::Gutters {
                    out_side: Side::Right,
                    in_side: Side::Right,
                    first: plan.a.1 + 1,
                    band: None,
                };
            }
        }
    }
}

fn assign_all_tracks(plans: &[Plan], stage_count: usize, row_count: usize) -> Tracks {
    let mut routes = vec![RouteTracks::default(); plans.len()];
    // Bands: horizontal runs between two gutters.
    let mut band_runs: Vec<Vec<(usize, (usize, usize))>> = vec![Vec::new(); row_count];
    // Gutters: vertical runs between two y keys.
    let mut gutter_runs: Vec<Vec<GutterRun>> = vec![Vec::new(); stage_count + 1];
    let card_key = |cell: Cell| (cell.0, 0, cell.2);
    let span = |p: YKey, q: YKey| if p <= q { (p, q) } else { (q, p) };
    for (index, plan) in plans.iter().enumerate() {
        match plan.shape {
            Shape::Column | Shape::Straight(_) => {}
            Shape::Gutters { first, band, .. } => match band {
                None => {
                    // A stub up or down runs from its card to the lanes' top or bottom.
                    let other = match plan.vertical {
                        Some(true) => (row_count, 0, 0),
                        Some(false) => (0, 0, 0),
                        None => card_key(plan.b),
                    };
                    if let Some(runs) = gutter_runs.get_mut(first) {
                        runs.push((index, 0, span(card_key(plan.a), other)));
                    }
                }
                Some((row, last)) => {
                    let band_key = (row, 1, 0);
                    if let Some(runs) = band_runs.get_mut(row) {
                        runs.push((index, (first.min(last), first.max(last))));
                    }
                    // A stub has one vertical run, by its card on this page.
                    let (first_run, last_run) = match plan.stub {
                        None => (true, true),
                        Some((outgoing, _)) => (outgoing, !outgoing),
                    };
                    if first_run && let Some(runs) = gutter_runs.get_mut(first) {
                        runs.push((index, 0, span(card_key(plan.a), band_key)));
                    }
                    if last_run && let Some(runs) = gutter_runs.get_mut(last) {
                        runs.push((index, 1, span(band_key, card_key(plan.b))));
                    }
                }
            },
        }
    }
    let mut band_count = vec![0; row_count];
    for (row, runs) in band_runs.iter().enumerate() {
        let spans: Vec<_> = runs.iter().map(|(_, span)| *span).collect();
        let (assigned, count) = assign_tracks(&spans);
        for ((route, _), track) in runs.iter().zip(assigned) {
            if let Some(route) = routes.get_mut(*route) {
                route.band = track;
            }
        }
        if let Some(slot) = band_count.get_mut(row) {
            *slot = count;
        }
    }
    for (gutter, runs) in gutter_runs.iter().enumerate() {
        let spans: Vec<_> = runs.iter().map(|(_, _, span)| *span).collect();
        let (assigned, _) = assign_tracks(&spans);
        // Runs are pushed first-then-last per route, so the order in `gutters` holds.
        for ((route, _, _), track) in runs.iter().zip(assigned) {
            if let Some(route) = routes.get_mut(*route) {
                route.gutters.push((gutter, track));
            }
        }
    }
    // A band route's two runs may have been pushed out of order (the last gutter can have
    // a lower index than the first): put the first run first.
    for (plan, route) in plans.iter().zip(routes.iter_mut()) {
        if let Shape::Gutters {
            first,
            band: Some(_),
            ..
        } = plan.shape
            && plan.stub.is_none()
            && route.gutters.len() == 2
            && route.gutters.first().map(|g| g.0) != Some(first)
        {
            route.gutters.swap(0, 1);
        }
    }
    Tracks { routes, band_count }
}

/// Greedy interval colouring: closed intervals that overlap get different tracks.
/// Returns each interval's track and the number of tracks used.
fn assign_tracks<K: Ord + Copy>(spans: &[(K, K)]) -> (Vec<usize>, usize) {
    let mut order: Vec<usize> = (0..spans.len()).collect();
    order.sort_by_key(|&index| spans.get(index).map(|span| span.0));
    let mut tracks = vec![0; spans.len()];
    // Busy tracks by end (min-heap via Reverse); free tracks by number.
    let mut busy: BinaryHeap<std::cmp::Reverse<(K, usize)>> = BinaryHeap::new();
    let mut free: BinaryHeap<std::cmp::Reverse<usize>> = BinaryHeap::new();
    let mut count = 0;
    for index in order {
        let Some(&(start, end)) = spans.get(index) else {
            continue;
        };
        while let Some(std::cmp::Reverse((busy_end, track))) = busy.peek().copied() {
            if busy_end < start {
                busy.pop();
                free.push(std::cmp::Reverse(track));
            } else {
                break;
            }
        }
        let track = match free.pop() {
            Some(std::cmp::Reverse(track)) => track,
            None => {
                count += 1;
                count - 1
            }
        };
        if let Some(slot) = tracks.get_mut(index) {
            *slot = track;
        }
        busy.push(std::cmp::Reverse((end, track)));
    }
    (tracks, count)
}

struct Geometry<'a> {
    /// Stubs that leave one card side straight for the page edge, run apart.
    fans: &'a [Fan],
    gutters: &'a [(f64, f64)],
    /// x of the grid's left and right edges (where stubs end).
    edges: (f64, f64),
    /// y of the lanes' top and bottom edges (where stubs to the page above or below end).
    lanes_edges: (f64, f64),
    cards: &'a [Rect],
    band_top: Vec<f64>,
}

impl Geometry<'_> {
    /// x of a track in a gutter: alternating either side of the centre.
    fn gutter_x(&self, gutter: usize, track: usize) -> f64 {
        let (x, w) = self.gutters.get(gutter).copied().unwrap_or_default();
        x + w / 2.0 + track_offset(track)
    }
    fn band_y(&self, row: usize, track: usize) -> f64 {
        self.band_top.get(row).copied().unwrap_or_default() + track as f64 * TRACK_GAP
    }
    fn card(&self, index: usize) -> Rect {
        self.cards.get(index).copied().unwrap_or_default()
    }
}

fn track_offset(track: usize) -> f64 {
    let step = track.div_ceil(2) as f64 * TRACK_GAP;
    if track % 2 == 1 { -step } else { step }
}

fn build_routes(
    inputs: &Inputs<'_>,
    plans: &[Plan],
    tracks: &Tracks,
    geo: &Geometry<'_>,
) -> (Vec<Route>, Vec<(GhostLink, Route)>) {
    let journey = inputs.journey;
    // Ports: arrows sharing a card side are spread along it, ordered by where they go, so
    // they neither overlap nor cross next to the card.
    let mut side_users: BTreeMap<(usize, u8), Vec<PortUser>> = BTreeMap::new();
    let mut routes: Vec<Route> = Vec::with_capacity(plans.len());
    let mut ghost_routes = Vec::new();
    let rough_y = |plan: &Plan, outgoing: bool, route: &RouteTracks| -> f64 {
        // Where the run leaving this side heads: the other card, or the band.
        match plan.shape {
            Shape::Gutters {
                band: Some((row, _)),
                ..
            } => geo.band_y(row, route.band),
            _ if plan.vertical.is_some() => {
                if plan.vertical == Some(true) {
                    geo.lanes_edges.1
                } else {
                    geo.lanes_edges.0
                }
            }
            _ => {
                let other = if outgoing { plan.to } else { plan.from };
                let card = geo.card(other);
                card.y + card.h / 2.0
            }
        }
    };
    for (index, (plan, route)) in plans.iter().zip(&tracks.routes).enumerate() {
        let sides = match plan.shape {
            Shape::Gutters {
                out_side, in_side, ..
            } => Some((out_side, in_side)),
            Shape::Straight(side) => Some((side, side)),
            Shape::Column => None,
        };
        if let Some((out_side, in_side)) = sides {
            let (outgoing, incoming) = match plan.stub {
                None => (true, true),
                Some((source_here, _)) => (source_here, !source_here),
            };
            if outgoing {
                side_users
                    .entry((plan.from, out_side as u8))
                    .or_default()
                    .push((rough_y(plan, true, route), index, true));
            }
            if incoming {
                side_users
                    .entry((plan.to, in_side as u8))
                    .or_default()
                    .push((rough_y(plan, false, route), index, false));
            }
        }
    }
    let mut port_y: HashMap<(usize, bool), f64> = HashMap::with_capacity(plans.len() * 2);
    for ((card, _), users) in side_users.iter_mut() {
        users.sort_by(|p, q| p.0.total_cmp(&q.0).then(p.1.cmp(&q.1)).then(p.2.cmp(&q.2)));
        let rect = geo.card(*card);
        let n = users.len() as f64;
        // Keep ports off the rounded corners and the badges.
        let usable = rect.h - 24.0;
        for (position, &(_, route, outgoing)) in users.iter().enumerate() {
            let y = rect.y + 12.0 + usable * (position as f64 + 1.0) / (n + 1.0);
            port_y.insert((route, outgoing), y);
        }
    }

    for (index, (plan, route_tracks)) in plans.iter().zip(&tracks.routes).enumerate() {
        let handoff_index = plan.handoff;
        let a = geo.card(plan.from);
        let b = geo.card(plan.to);
        let mut points = Vec::with_capacity(6);
        if let (Some((source_here, _)), Shape::Straight(side)) = (plan.stub, plan.shape) {
            let card = if source_here { a } else { b };
            let y = port_y
                .get(&(index, source_here))
                .copied()
                .unwrap_or(card.y + card.h / 2.0);
            let (card_x, edge) = match side {
                Side::Right => (card.right(), geo.edges.1),
                Side::Left => (card.x, geo.edges.0),
            };
            // In a fan, the run to the edge lies under the one above it (room for their
            // labels) and turns up into its port near the card.
            let mut run = vec![(card_x, y)];
            match fan_run(geo.fans, index, &port_y, card_x, side) {
                Some((run_y, turn_x)) => run.extend([(turn_x, y), (turn_x, run_y), (edge, run_y)]),
                None => run.push((edge, y)),
            }
            if !source_here {
                run.reverse();
            }
            points.extend(run);
            if let Some(link) = plan.ghost {
                ghost_routes.push((link, ghost_stub_route(points, source_here)));
                continue;
            }
            routes.extend(stub_route(inputs, plan, source_here, points));
            continue;
        }
        if let (Some((source_here, _)), Some(down)) = (plan.stub, plan.vertical) {
            let gutter = route_tracks.gutters.first().copied().unwrap_or_default();
            let gx = geo.gutter_x(gutter.0, gutter.1);
            let card = if source_here { a } else { b };
            let y = port_y
                .get(&(index, source_here))
                .copied()
                .unwrap_or(card.y + card.h / 2.0);
            let edge = if down {
                geo.lanes_edges.1
            } else {
                geo.lanes_edges.0
            };
            let card_x = match plan.shape {
                Shape::Gutters {
                    out_side: Side::Left,
                    ..
                } => card.x,
                _ => card.right(),
            };
            if source_here {
                points.extend([(card_x, y), (gx, y), (gx, edge)]);
            } else {
                points.extend([(gx, edge), (gx, y), (card_x, y)]);
            }
            if let Some(link) = plan.ghost {
                ghost_routes.push((link, ghost_stub_route(points, source_here)));
                continue;
            }
            routes.extend(stub_route(inputs, plan, source_here, points));
            continue;
        }
        if let (
            Some((source_here, _)),
            Shape::Gutters {
                out_side,
                in_side,
                band: Some((row, _)),
                ..
            },
        ) = (plan.stub, plan.shape)
        {
            let gutter = route_tracks.gutters.first().copied().unwrap_or_default();
            let gx = geo.gutter_x(gutter.0, gutter.1);
            let by = geo.band_y(row, route_tracks.band);
            let (card, side) = if source_here {
                (a, out_side)
            } else {
                (b, in_side)
            };
            let card_x = if side == Side::Right {
                card.right()
            } else {
                card.x
            };
            let edge = if side == Side::Right {
                geo.edges.1
            } else {
                geo.edges.0
            };
            let y = port_y
                .get(&(index, source_here))
                .copied()
                .unwrap_or(card.y + card.h / 2.0);
            if source_here {
                points.extend([(card_x, y), (gx, y), (gx, by), (edge, by)]);
            } else {
                points.extend([(edge, by), (gx, by), (gx, y), (card_x, y)]);
            }
            if let Some(link) = plan.ghost {
                ghost_routes.push((link, ghost_stub_route(points, source_here)));
                continue;
            }
            routes.extend(stub_route(inputs, plan, source_here, points));
            continue;
        }
        match plan.shape {
            // Only stubs run straight to the edge (drawn above).
            Shape::Straight(_) => {}
            Shape::Column => {
                let x = a.center_x();
                let (start, end) = if a.y < b.y {
                    (a.bottom(), b.y)
                } else {
                    (a.y, b.bottom())
                };
                points.push((x, start));
                points.push((x, end));
            }
            Shape::Gutters {
                out_side,
                in_side,
                band,
                ..
            } => {
                let start_x = if out_side == Side::Right {
                    a.right()
                } else {
                    a.x
                };
                let end_x = if in_side == Side::Right {
                    b.right()
                } else {
                    b.x
                };
                let start_y = port_y
                    .get(&(index, true))
                    .copied()
                    .unwrap_or(a.y + a.h / 2.0);
                let end_y = port_y
                    .get(&(index, false))
                    .copied()
                    .unwrap_or(b.y + b.h / 2.0);
                let first = route_tracks.gutters.first().copied().unwrap_or_default();
                let gx1 = geo.gutter_x(first.0, first.1);
                points.push((start_x, start_y));
                points.push((gx1, start_y));
                if let Some((row, _)) = band {
                    let last = route_tracks.gutters.get(1).copied().unwrap_or(first);
                    let by = geo.band_y(row, route_tracks.band);
                    let gx2 = geo.gutter_x(last.0, last.1);
                    points.push((gx1, by));
                    points.push((gx2, by));
                }
                let gx_last = points.last().map_or(gx1, |p| p.0);
                points.push((gx_last, end_y));
                points.push((end_x, end_y));
            }
        }
        dedup_points(&mut points);
        let route = Route {
            handoff: handoff_index,
            points,
            label: None,
            stub: None,
        };
        if let Some(link) = plan.ghost {
            ghost_routes.push((link, route));
            continue;
        }
        routes.push(route);
    }
    // Every whole arrow's label, measured and wrapped (the stubs have theirs).
    let labels = super::par::map(&routes, |_, route| {
        let flagged = inputs.flagged(route.handoff);
        match (&route.stub, journey.handoffs.get(route.handoff)) {
            (None, Some(handoff)) => make_label(journey, handoff, flagged),
            _ => None,
        }
    });
    for (route, label) in routes.iter_mut().zip(labels) {
        if route.stub.is_none() {
            route.label = label;
        }
    }
    (routes, ghost_routes)
}

/// The route of a stub (a handoff cut at the page edge), its points given: labelled with
/// the page its other card is on. `None` for a handoff the journey does not have.
fn stub_route(
    inputs: &Inputs<'_>,
    plan: &Plan,
    source_here: bool,
    mut points: Vec<(f64, f64)>,
) -> Option<Route> {
    dedup_points(&mut points);
    let handoff = inputs.journey.handoffs.get(plan.handoff)?;
    let flagged = inputs.flagged(plan.handoff);
    let page = stub_page(inputs, plan, source_here);
    Some(Route {
        handoff: plan.handoff,
        points,
        label: stub_label(inputs.journey, handoff, source_here, flagged, page),
        stub: Some(Stub {
            outgoing: source_here,
            page,
        }),
    })
}

/// The route of an overlay link cut at the page edge (a removed handoff's stub).
fn ghost_stub_route(mut points: Vec<(f64, f64)>, outgoing: bool) -> Route {
    dedup_points(&mut points);
    Route {
        handoff: 0,
        points,
        label: None,
        stub: Some(Stub {
            outgoing,
            page: None,
        }),
    }
}

fn dedup_points(points: &mut Vec<(f64, f64)>) {
    points.dedup_by(|p, q| (p.0 - q.0).abs() < 0.01 && (p.1 - q.1).abs() < 0.01);
}

/// A label's text: the owner (or NO OWNER) on up to two lines, then rework and SLA; one
/// line when it all fits. Placed later ([`super::labels::place`]).
fn make_label(journey: &Journey, handoff: &Handoff, flagged: bool) -> Option<Label> {
    let (owner, details) = handoff_label_parts(journey, handoff);
    if owner.is_none() && details.is_empty() && !flagged {
        return None;
    }
    let badge = if flagged { LABEL_BADGE_W } else { 0.0 };
    let text_max = LABEL_TEXT_W - badge;
    let alert = handoff.owner.is_none() && journey.is_cross_lane(handoff);
    let joined = owner
        .iter()
        .cloned()
        .chain(details.iter().cloned())
        .collect::<Vec<_>>()
        .join(" · ");
    let mut lines: Vec<String> = Vec::new();
    if !alert && text::width(&joined, LABEL_FONT, false) <= text_max {
        if !joined.is_empty() {
            lines.push(joined);
        }
    } else {
        if let Some(owner) = owner {
            let (owner_lines, _) = text::wrap(&owner, text_max, LABEL_FONT, alert, 2);
            lines.extend(owner_lines);
        }
        if !details.is_empty() {
            lines.push(details.join(" · "));
        }
    }
    let is_bold = |position: usize| alert && position == 0;
    let lines: Vec<String> = lines
        .into_iter()
        .enumerate()
        .map(|(position, line)| text::truncate(&line, text_max, LABEL_FONT, is_bold(position)))
        .collect();
    let text_w = lines
        .iter()
        .enumerate()
        .map(|(position, line)| text::width(line, LABEL_FONT, is_bold(position)))
        .fold(0.0, f64::max);
    let w = (text_w + 2.0 * LABEL_PAD_X + badge).max(if flagged { 26.0 } else { 0.0 });
    let h = lines.len().max(1) as f64 * LABEL_LINE_H + 7.0;
    Some(Label {
        rect: Rect::new(0.0, 0.0, w, h),
        lines,
        alert,
        number: None,
        flagged,
    })
}

/// The page holding a stub's other card, when the pages are known.
fn stub_page(inputs: &Inputs<'_>, plan: &Plan, source_here: bool) -> Option<usize> {
    let journey = inputs.journey;
    let other = journey
        .touchpoints
        .get(if source_here { plan.to } else { plan.from })?;
    if inputs.sheets.is_empty() {
        // Sizing a page: leave room for a two-digit page number.
        return Some(99);
    }
    let (row, slot) = plan.other;
    inputs
        .sheets
        .iter()
        .find(|sheet| sheet.holds(other.stage, row, slot))
        .map(|sheet| sheet.number)
}

/// What a stub says: where the other card is (`→ Support: Ticket triage`, then `stage 5,
/// page 2`), then the owner and SLA as on any arrow.
pub fn stub_words(
    journey: &Journey,
    handoff: &Handoff,
    outgoing: bool,
    page: Option<usize>,
) -> (String, String) {
    let other = if outgoing {
        journey.handoff_target(handoff)
    } else {
        journey.handoff_source(handoff)
    };
    let lane = journey
        .lanes
        .get(other.lane.value)
        .map(|lane| text::one_line(&lane.name.value))
        .unwrap_or_default();
    let arrow = if outgoing { "→" } else { "←" };
    let name = format!("{arrow} {lane}: {}", text::one_line(&other.name.value));
    let stage = other.stage + 1;
    let place = match page {
        Some(page) => format!("stage {stage}, page {page}"),
        None => format!("stage {stage}"),
    };
    (name, place)
}

fn stub_label(
    journey: &Journey,
    handoff: &Handoff,
    outgoing: bool,
    flagged: bool,
    page: Option<usize>,
) -> Option<Label> {
    // Where the other card is (`to page 4: Ticket triage`, `from page 2: …`), then owner
    // and SLA; the lane and stage are in the tooltip and the key. Words, not an arrow
    // glyph: a stub leaving by the left edge points left, one entering from it right.
    let other = if outgoing {
        journey.handoff_target(handoff)
    } else {
        journey.handoff_source(handoff)
    };
    let way = if outgoing { "to" } else { "from" };
    let name = text::one_line(&other.name.value);
    let head = match page {
        Some(page) => format!("{way} page {page}: {name}"),
        None => format!("{way} stage {}: {name}", other.stage + 1),
    };
    let (owner, details) = handoff_label_parts(journey, handoff);
    let badge = if flagged { LABEL_BADGE_W } else { 0.0 };
    let text_max = STUB_TEXT_W - badge;
    let mut lines: Vec<String> = text::wrap(&head, text_max, LABEL_FONT, false, 2).0;
    let about = owner
        .iter()
        .cloned()
        .chain(details.iter().cloned())
        .collect::<Vec<_>>()
        .join(" · ");
    if text::width(&about, LABEL_FONT, false) <= text_max {
        if !about.is_empty() {
            lines.push(about);
        }
    } else {
        // Owner, then rework and SLA, on lines of their own (wrapped) rather than cut.
        if let Some(owner) = owner {
            lines.extend(text::wrap(&owner, text_max, LABEL_FONT, false, 2).0);
        }
        if !details.is_empty() {
            lines.extend(text::wrap(&details.join(" · "), text_max, LABEL_FONT, false, 2).0);
        }
    }
    let lines: Vec<String> = lines
        .into_iter()
        .map(|line| text::truncate(&line, text_max, LABEL_FONT, false))
        .collect();
    let text_w = lines
        .iter()
        .map(|line| text::width(line, LABEL_FONT, false))
        .fold(0.0, f64::max);
    let w = (text_w + 2.0 * LABEL_PAD_X + badge).max(if flagged { 26.0 } else { 0.0 });
    let h = lines.len() as f64 * LABEL_LINE_H + 7.0;
    Some(Label {
        rect: Rect::new(0.0, 0.0, w, h),
        lines,
        alert: false,
        number: None,
        flagged,
    })
}

/// Which lane kinds' boundaries the blueprint's lines mark: (name, between kinds).
pub const BLUEPRINT_LINES: [(&str, LaneKind); 3] = [
    ("line of interaction", LaneKind::Frontstage),
    ("line of visibility", LaneKind::Backstage),
    ("line of internal interaction", LaneKind::Support),
];

/// The gutters a stub runs through between its card (`stage`, `row`) and the page's edge:
/// right when its other end is beyond the page's last stage, else left; out of the card
/// when this page holds the source.
fn edge_gutters(
    source_here: bool,
    beyond_right: bool,
    stage: usize,
    stage_count: usize,
    row: usize,
) -> Shape {
    let (out_side, in_side, first, band_end) = match (source_here, beyond_right) {
        (true, true) => (Side::Right, Side::Left, stage + 1, stage_count),
        (true, false) => (Side::Left, Side::Right, stage, 0),
        (false, false) => (Side::Right, Side::Left, 0, stage),
        (false, true) => (Side::Left, Side::Right, stage_count, stage + 1),
    };
    Shape::Gutters {
        out_side,
        in_side,
        first,
        band: Some((row, band_end)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn overlaps(a: &Rect, b: &Rect) -> bool {
        a.x < b.right() - 0.5
            && b.x < a.right() - 0.5
            && a.y < b.bottom() - 0.5
            && b.y < a.bottom() - 0.5
    }

    fn check(name: &str, text: &str) {
        let journey = crate::load::load_str(name, text.to_string()).expect("loads");
        let flagged = vec![false; journey.handoffs.len()];
        let layout = layout(&Inputs {
            journey: &journey,
            overlay: None,
            handoff_flagged: &flagged,
            finding_lines: 0,
            finding_texts: None,
            detail: crate::render::Detail::Full,
            stages: 0..journey.stages.len(),
            rows: None,
            slots: None,
            tail: None,
            metrics: true,
            loose_metrics: true,
            card_lines: content::MAX_ITEM_LINES,
            notes: false,
            legend_groups: 5,
            sheets: &[],
            compact_header: false,
            hide_empty_lanes: false,
            chart_above: false,
            min_width: 0.0,
            changes: None,
            notes_width: 0.0,
        });
        let labels: Vec<Rect> = layout
            .routes
            .iter()
            .filter_map(|r| r.label.as_ref().map(|l| l.rect))
            .collect();
        for (i, a) in layout.cards.iter().enumerate() {
            for b in layout.cards.iter().skip(i + 1) {
                assert!(!overlaps(a, b), "{name}: cards {a:?} and {b:?} overlap");
            }
            for label in &labels {
                assert!(
                    !overlaps(a, label),
                    "{name}: label {label:?} covers card {a:?}"
                );
            }
        }
        for (i, a) in labels.iter().enumerate() {
            for b in labels.iter().skip(i + 1) {
                assert!(!overlaps(a, b), "{name}: labels {a:?} and {b:?} overlap");
            }
        }
        // Every route starts and ends on its cards' edges.
        for route in &layout.routes {
            assert!(route.points.len() >= 2, "{name}: route {}", route.handoff);
        }
    }

    #[test]
    fn examples_have_no_overlapping_cards_or_labels() {
        check(
            "examples/as-is",
            include_str!("../../examples/custom-software-delivery.as-is.journey.yaml"),
        );
        check(
            "examples/to-be",
            include_str!("../../examples/custom-software-delivery.to-be.journey.yaml"),
        );
        check(
            "managed",
            include_str!("../../examples/managed-services-renewal.journey.yaml"),
        );
        check(
            "sow",
            include_str!("../../examples/professional-services-sow.journey.yaml"),
        );
        check(
            "crowded",
            include_str!("../../tests/fixtures/render/crowded.journey.yaml"),
        );
        check(
            "hostile",
            include_str!("../../tests/fixtures/render/hostile.journey.yaml"),
        );
    }

    #[test]
    fn a_generated_journey_has_no_overlaps() {
        // 12 stages × 15 touchpoints over four lanes: stacked cells, forward chains,
        // jumps across several stages and rework loops.
        let mut text = String::from("jmap: 1\njourney: {id: gen, title: Gen}\nlanes:\n");
        for (lane, kind) in ["customer", "frontstage", "backstage", "support"]
            .iter()
            .enumerate()
        {
            text.push_str(&format!(
                "  - {{id: l{lane}, name: L{lane}, kind: {kind}}}\n"
            ));
        }
        text.push_str("stages:\n");
        let total = 12 * 15;
        for stage in 0..12 {
            text.push_str(&format!(
                "  - id: s{stage}\n    name: S{stage}\n    touchpoints:\n"
            ));
            for slot in 0..15 {
                let index = stage * 15 + slot;
                let mut handoffs = Vec::new();
                if index + 1 < total {
                    handoffs.push(format!(
                        "{{to: t{}, owner: Owner {index}, sla: 1d}}",
                        index + 1
                    ));
                }
                if index % 7 == 3 && index + 40 < total {
                    handoffs.push(format!("{{to: t{}}}", index + 40));
                }
                if index % 11 == 5 && index >= 50 {
                    handoffs.push(format!("{{to: t{}, owner: O, rework: true}}", index - 50));
                }
                text.push_str(&format!(
                    "      - {{id: t{index}, name: T{index}, lane: l{}, handoffs: [{}]}}\n",
                    (index * 5 / 3) % 4,
                    handoffs.join(", ")
                ));
            }
        }
        check("generated", &text);
    }

    #[test]
    fn tracks_separate_overlapping_spans() {
        let (tracks, count) = assign_tracks(&[(0, 5), (1, 3), (4, 8), (6, 9)]);
        assert_eq!(count, 2);
        assert_ne!(tracks[0], tracks[1]);
        assert_ne!(tracks[0], tracks[2]);
        assert_ne!(tracks[2], tracks[3]);
    }

    #[test]
    fn sla_keeps_the_largest_whole_unit() {
        assert_eq!(format_sla(30), "30m");
        assert_eq!(format_sla(240), "4h");
        assert_eq!(format_sla(2 * 24 * 60), "2d");
        assert_eq!(format_sla(14 * 24 * 60), "2w");
    }
}
