//! Pages: the map laid out for a paper size or a slide.
//!
//! Every page is landscape. The map is drawn in its own px units and scaled onto the
//! page so that its smallest text ([`style::MIN_TEXT`]) prints at 8 pt (slides: 14 px at
//! 1920×1080); every page of a deck at one scale. A journey wider than that allows is
//! split by stages; each page repeats the lane headers and the emotion scale and says
//! which stages it holds. A journey taller than a page is split by lanes too, and a lane
//! between its cards when that fills the pages better (the stage headers repeated, the
//! emotion chart on the page holding the first lanes, the metrics on the last band). A
//! page of some stages leaves out the lanes with no card in them. How the cuts are chosen
//! (`pack_lanes`): the fewest pages and lines cut from cards, six lines weighing a page,
//! then the most even fill. The findings list and the legend are on a last notes page (under the
//! map on a poster when they fit), after a diff's change list on pages of its own (on a
//! poster, the list too under the map when it fits, so that the poster is one sheet); the
//! metrics that no stage names are on one page of a deck, with the notes or under a map
//! page's metrics row.

use super::content::MAX_ITEM_LINES;
use super::layout::list_flow;
use super::style::MIN_TEXT;
use super::{RenderOptions, draw};
use crate::diagnostic::Finding;
use crate::model::Journey;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

pub use super::layout::Sheet;

/// A paper size (landscape) or a slide.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Page {
    /// One canvas as big as the map needs (the default).
    #[default]
    Canvas,
    /// A1 landscape, 841 × 594 mm.
    Poster,
    /// A3 landscape, 420 × 297 mm.
    A3,
    /// A4 landscape, 297 × 210 mm.
    A4,
    /// A 16:9 slide, 1920 × 1080 px.
    Slide,
}

/// 8 pt in mm.
pub const MIN_PRINT_MM: f64 = 8.0 * 25.4 / 72.0;
/// The smallest text on a slide, in px at 1920 × 1080.
pub const MIN_SLIDE_PX: f64 = 14.0;
/// Paper margin in mm.
pub const MARGIN_MM: f64 = 10.0;

impl Page {
    pub fn name(self) -> &'static str {
        match self {
            Page::Canvas => "canvas",
            Page::Poster => "poster",
            Page::A3 => "a3",
            Page::A4 => "a4",
            Page::Slide => "slide",
        }
    }

    /// (width, height, unit) of the sheet; `None` for the canvas.
    pub fn sheet(self) -> Option<(f64, f64, &'static str)> {
        match self {
            Page::Canvas => None,
            Page::Poster => Some((841.0, 594.0, "mm")),
            Page::A3 => Some((420.0, 297.0, "mm")),
            Page::A4 => Some((297.0, 210.0, "mm")),
            Page::Slide => Some((1920.0, 1080.0, "px")),
        }
    }

    /// The printable area in sheet units, and how many sheet units one map px may take
    /// at least (so that [`MIN_TEXT`] px reads at the page's minimum).
    pub fn area(self) -> Option<(Rect2, f64)> {
        let (w, h, unit) = self.sheet()?;
        if unit == "px" {
            let margin = 24.0;
            Some((
                Rect2 {
                    x: margin,
                    y: margin,
                    w: w - 2.0 * margin,
                    h: h - 2.0 * margin,
                },
                MIN_SLIDE_PX / MIN_TEXT,
            ))
        } else {
            Some((
                Rect2 {
                    x: MARGIN_MM,
                    y: MARGIN_MM,
                    w: w - 2.0 * MARGIN_MM,
                    h: h - 2.0 * MARGIN_MM,
                },
                MIN_PRINT_MM / MIN_TEXT,
            ))
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub struct Rect2 {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

/// One page being drawn: which stages and lanes it holds, its number, what else is on it.
#[derive(Debug, Clone)]
pub struct Frame {
    pub page: Page,
    /// Stages on this page; `None` for all.
    pub stages: Option<Range<usize>>,
    /// Lane rows on this page (top to bottom); `None` for all.
    pub rows: Option<Range<usize>>,
    /// The cards of each cell of the page's first lane, by place in the cell, when the
    /// page holds a slice of a lane too tall for a page; `None` for all.
    pub slots: Option<Range<usize>>,
    /// The cards of each cell of the page's last lane, by place in the cell, when the
    /// page (of several lanes) ends with the top cards of a lane the next page goes on
    /// with; `None` for all.
    pub tail: Option<Range<usize>>,
    /// Most lines of pains and opportunities a card shows: fewer on a page too short for
    /// its tallest card.
    pub card_lines: usize,
    /// 1-based page number and page count.
    pub number: usize,
    pub count: usize,
    /// Whether the metrics row, the findings list and the legend are on this page, and
    /// whether the page holds nothing else (the notes page of a paged map).
    pub metrics: bool,
    /// Whether the metrics no stage names are on this page: on one canvas with the
    /// stages' metrics; on a paged map once (so that a page's metrics row is as tall as
    /// its stages' metrics and can share the page above): on a poster's page holding the
    /// notes, else the first notes page, or the last map page whose metrics row holds
    /// them when the notes would take one more page for them.
    pub loose_metrics: bool,
    pub findings: bool,
    pub legend: bool,
    pub notes: bool,
    /// Every map page of the layout (empty for one canvas and while sizing pages), so a
    /// handoff cut by a page break can say where its other card is.
    pub sheets: Arc<Vec<Sheet>>,
    /// A map page after the first: a one-line header (title and page line), so the page
    /// has room for more of the map.
    pub compact: bool,
    /// The findings listed on this page (a long list runs over several notes pages);
    /// `None` for all.
    pub listed: Option<Range<usize>>,
    /// The diff overlay's change list entries on this page: `None` beside the map on a
    /// canvas; a page of its own when paged (`notes` set), or under the map on a poster's
    /// one sheet (`notes` unset).
    pub changes: Option<Range<usize>>,
    /// Sheet units per map px on every page of a paged map (one scale for the whole
    /// deck, so text keeps its size from page to page); a page whose map would not fit
    /// at it is scaled down to fit, never below the page's minimum. `None`: each page
    /// its own scale.
    pub scale: Option<f64>,
    /// A page of some of the stages leaves out the lanes with no card in them (a paged
    /// map without a diff overlay: a diff shows every lane, removed ones included).
    pub hide_empty_lanes: bool,
    /// The page above holds these stages' emotion chart and goals on its own: the chart
    /// and the first lanes did not fit one page.
    pub chart_above: bool,
    /// The least width of the map in px: a notes page is as wide as its sheet at the
    /// deck's scale, so its title and findings are cut no shorter than on the map pages;
    /// 0 for none.
    pub min_width: f64,
    /// The findings list beside the legend rather than above it (a poster's last page,
    /// so that they fit its one sheet under the map).
    pub notes_beside: bool,
    /// The least width in px of a map page whose notes block (a poster's change list
    /// under the map) may run wider than the map; 0: the map's width.
    pub notes_width: f64,
}

impl Frame {
    /// The change list entries under this page's map (a poster's one sheet): a page of a
    /// paged map that shows its map and lists changes.
    pub fn changes_under_map(&self) -> Option<Range<usize>> {
        self.changes
            .clone()
            .filter(|range| !range.is_empty() && !self.notes && self.page != Page::Canvas)
    }

    pub fn canvas() -> Frame {
        Frame {
            page: Page::Canvas,
            stages: None,
            rows: None,
            slots: None,
            tail: None,
            card_lines: MAX_ITEM_LINES,
            number: 1,
            count: 1,
            metrics: true,
            loose_metrics: true,
            findings: true,
            legend: true,
            notes: false,
            sheets: Arc::default(),
            compact: false,
            changes: None,
            listed: None,
            scale: None,
            hide_empty_lanes: false,
            chart_above: false,
            min_width: 0.0,
            notes_beside: false,
            notes_width: 0.0,
        }
    }

    fn map_page(page: Page, stages: Range<usize>, band: Band, hide_empty_lanes: bool) -> Frame {
        let Band {
            rows,
            slots,
            tail,
            metrics,
            card_lines,
            chart_above,
        } = band;
        let compact = stages.start > 0
            || rows.start > 0
            || slots.as_ref().is_some_and(|s| s.start > 0)
            || chart_above;
        Frame {
            page,
            stages: Some(stages),
            rows: Some(rows),
            slots,
            tail,
            card_lines,
            number: 1,
            count: 1,
            metrics,
            loose_metrics: false,
            findings: false,
            legend: false,
            notes: false,
            compact,
            sheets: Arc::default(),
            changes: Some(0..0),
            listed: None,
            scale: None,
            hide_empty_lanes,
            chart_above,
            min_width: 0.0,
            notes_beside: false,
            notes_width: 0.0,
        }
    }
}

/// A band of lanes on a page: whole lane rows, a slice of the cards of one lane, or the
/// rest of a lane, whole lanes and the top cards of a lane; the metrics row under the
/// last band.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Band {
    rows: Range<usize>,
    /// The cards of the first row's cells, by place, when the band starts or ends inside
    /// that row.
    slots: Option<Range<usize>>,
    /// The top cards of the last row's cells, when a band of several rows ends inside its
    /// last row.
    tail: Option<Range<usize>>,
    metrics: bool,
    card_lines: usize,
    /// The page above holds the emotion chart of these stages.
    chart_above: bool,
}

impl Band {
    /// Whole lane rows, their cards in full.
    fn rows(rows: Range<usize>, metrics: bool) -> Band {
        Band {
            rows,
            slots: None,
            tail: None,
            metrics,
            card_lines: MAX_ITEM_LINES,
            chart_above: false,
        }
    }
}

/// The pages of a paged map: stage groups as wide as a page holds, each cut into bands
/// of lanes as tall as a page holds (`pack_lanes`), then the notes pages with the
/// findings list and the legend. The stage groups are chosen together, by the same
/// measure as the bands (a shortest path over where a group can end): a page narrower
/// than the sheet does not fill it, and tall lanes in fewer stages are often shorter, so
/// fewer stages per page can mean fewer, fuller pages (ties go to more stages per page).
pub fn frames(
    journey: &Journey,
    findings: &[Finding],
    options: &RenderOptions,
    page: Page,
) -> Vec<Frame> {
    let Some((area, scale)) = page.area() else {
        return vec![Frame::canvas()];
    };
    let (max_w, max_h) = (area.w / scale, area.h / scale);
    let stage_total = journey.stages.len();
    let row_total = journey.lanes.len();
    let flagged = draw::handoff_flags(journey, findings, options);
    // Lanes with no card in a page's stages are left out of it (not on a diff map).
    let hide = options.overlay.is_none();
    let size = |stages: &Range<usize>, band: &Band| {
        draw::map_size(
            journey,
            findings,
            options,
            &flagged,
            &Frame::map_page(page, stages.clone(), band.clone(), hide),
        )
    };
    let sheet = Fit { max_w, max_h };
    let cards = slot_counts(journey);
    let group = |stages: &Range<usize>| -> Option<Group> {
        let hidden = |row: usize| hide && stages.len() < stage_total && cards(row, stages) == 0;
        pack_lanes(
            row_total,
            |row| cards(row, stages),
            hidden,
            |band| size(stages, band),
            &sheet,
        )
        .filter(|group| group.narrow || stages.len() == 1)
    };
    // The width of some stages with all their lanes: more stages than fit one page's
    // width are never tried.
    let width = |stages: Range<usize>| size(&stages, &Band::rows(0..row_total, true)).0;
    let mut most = 1;
    while most < stage_total && width(0..most + 1) <= max_w {
        most += 1;
    }
    // Stage groups chosen from the last stage back: the best split of the stages from
    // `start` on is a group `start..end` and the best split from `end` on (ties go to more
    // stages per page).
    let mut best: Vec<Option<(Cost, usize, Vec<Band>)>> = vec![None; stage_total];
    best.push(Some((Cost::default(), stage_total, Vec::new())));
    for start in (0..stage_total).rev() {
        let mut chosen: Option<(Cost, usize, Vec<Band>)> = None;
        for end in (start + 1..=(start + most).min(stage_total)).rev() {
            let Some(rest) = best
                .get(end)
                .and_then(Option::as_ref)
                .map(|(cost, _, _)| *cost)
            else {
                continue;
            };
            if end > start + 1 && width(start..end) > max_w {
                continue;
            }
            let Some(group) = group(&(start..end)) else {
                continue;
            };
            let cost = group.cost.plus(rest);
            if chosen.as_ref().is_none_or(|(best, _, _)| cost.better(best)) {
                chosen = Some((cost, end, group.bands));
            }
        }
        if let Some(slot) = best.get_mut(start) {
            *slot = chosen;
        }
    }
    let mut pages: Vec<(Range<usize>, Vec<Band>)> = Vec::new();
    let mut start = 0;
    while start < stage_total {
        let Some((_, end, bands)) = best.get_mut(start).and_then(Option::take) else {
            break;
        };
        pages.push((start..end, bands));
        start = end;
    }
    if pages.is_empty() {
        pages.push((0..stage_total, vec![Band::rows(0..row_total, true)]));
    }
    let mut frames: Vec<Frame> = pages
        .into_iter()
        .flat_map(|(stages, bands)| {
            bands
                .into_iter()
                .map(move |band| Frame::map_page(page, stages.clone(), band, hide))
        })
        .collect();
    // Notes pages: the metrics no stage names on the first (`loose`), then the findings
    // list, as many lines a page as it holds, the legend under the last lines.
    let notes = |listed: Range<usize>, legend: bool, loose: bool| Frame {
        page,
        stages: Some(0..0),
        rows: Some(0..0),
        slots: None,
        tail: None,
        card_lines: MAX_ITEM_LINES,
        number: 1,
        count: 1,
        metrics: false,
        loose_metrics: loose,
        findings: true,
        legend,
        notes: true,
        sheets: Arc::default(),
        compact: false,
        changes: Some(0..0),
        listed: Some(listed),
        scale: None,
        hide_empty_lanes: false,
        chart_above: false,
        min_width: 0.0,
        notes_beside: false,
        notes_width: 0.0,
    };
    let total = if options.findings_shown() {
        findings.len()
    } else {
        0
    };
    let size = |frame: &Frame| draw::map_size(journey, findings, options, &flagged, frame);
    // A diff's poster: its change list, the findings list, the legend and the metrics no
    // stage names under the last map page when they all fit there, so that the poster is
    // one sheet.
    let entries = options
        .overlay
        .as_ref()
        .map_or(0, |overlay| overlay.list.len());
    if let Some(last) = changes_under_map(&frames, entries, total, (area, max_w, max_h), &size) {
        frames.pop();
        frames.push(last);
    } else {
        // On a poster, the findings list and the legend under the last map page when they
        // fit there, one above the other or else side by side: a poster is one sheet when
        // it can be (a deck of pages or slides keeps them on its last page, where a reader
        // of a deck looks for them). A diff's change list, then, on pages of its own.
        let under_map = frames
            .last()
            .filter(|last| !last.notes && page == Page::Poster)
            .and_then(|last| {
                [false, true].into_iter().find_map(|beside| {
                    let frame = Frame {
                        loose_metrics: true,
                        findings: true,
                        legend: true,
                        listed: Some(0..total),
                        notes_beside: beside,
                        ..last.clone()
                    };
                    sheet_fits(size(&frame), max_w, max_h).then_some(frame)
                })
            });
        let change_frames: Vec<Frame> = draw::change_pages(options, page)
            .into_iter()
            .map(|changes| Frame {
                findings: false,
                changes: Some(changes),
                listed: None,
                ..notes(0..0, false, false)
            })
            .collect();
        match under_map {
            Some(last) => {
                frames.pop();
                frames.push(last);
                frames.extend(change_frames);
            }
            _ => {
                frames.extend(change_frames);
                // The metrics no stage names go on the first notes page, unless that takes
                // one more page and the metrics row of a map page holds them within its
                // sheet (the last such page).
                let height = |frame: &Frame| size(frame).1;
                let with = notes_pages(total, max_h, true, &notes, &height);
                let without = notes_pages(total, max_h, false, &notes, &height);
                let host = if with.len() > without.len() {
                    frames.iter().rposition(|frame| {
                        let frame = Frame {
                            loose_metrics: true,
                            ..frame.clone()
                        };
                        frame.metrics && !frame.notes && sheet_fits(size(&frame), max_w, max_h)
                    })
                } else {
                    None
                };
                match host.and_then(|index| frames.get_mut(index)) {
                    Some(frame) => {
                        frame.loose_metrics = true;
                        frames.extend(without);
                    }
                    None => frames.extend(with),
                }
            }
        }
    }
    let count = frames.len();
    for (index, frame) in frames.iter_mut().enumerate() {
        frame.number = index + 1;
        frame.count = count;
    }
    let sheets: Arc<Vec<Sheet>> = Arc::new(
        frames
            .iter()
            .filter(|frame| !frame.notes)
            .map(|frame| Sheet {
                number: frame.number,
                stages: frame.stages.clone().unwrap_or(0..stage_total),
                rows: frame.rows.clone().unwrap_or(0..row_total),
                slots: frame.slots.clone().unwrap_or(0..usize::MAX),
                tail: frame.tail.clone().unwrap_or(0..usize::MAX),
            })
            .collect(),
    );
    for frame in &mut frames {
        frame.sheets = Arc::clone(&sheets);
    }
    // One scale for the deck: the largest every page's map fits at.
    let deck = frames
        .iter()
        .map(|frame| {
            let (w, h) = draw::map_size(journey, findings, options, &flagged, frame);
            (area.w / w.max(1.0)).min(area.h / h.max(1.0))
        })
        .fold(f64::INFINITY, f64::min)
        .max(scale);
    for frame in &mut frames {
        frame.scale = Some(deck);
        if frame.notes {
            frame.min_width = area.w / deck;
        }
    }
    frames
}

/// The notes pages: the findings list, as many lines a page as it holds, the legend under
/// the last lines; with `loose`, the metrics no stage names on the first page (which
/// holds fewer lines then). `notes(listed, legend, loose)` is a notes page, `height` its
/// map's height in px.
fn notes_pages(
    total: usize,
    max_h: f64,
    loose: bool,
    notes: &impl Fn(Range<usize>, bool, bool) -> Frame,
    height: &impl Fn(&Frame) -> f64,
) -> Vec<Frame> {
    // Lines a notes page from `first` holds: its height grows by one line height a
    // finding.
    let holds = |first: usize, legend: bool| {
        let size = |lines: usize| height(&notes(first..first + lines, legend, loose && first == 0));
        let (one, two) = (size(1), size(2));
        let line = (two - one).max(1.0);
        (((max_h - one) / line).floor() as usize + 1).max(1)
    };
    // (lines the last notes page holds, lines another holds), on the first page and after.
    let first = (holds(0, true), holds(0, false));
    let then = if loose {
        (holds(1, true), holds(1, false))
    } else {
        first
    };
    let mut pages = Vec::new();
    let mut start = 0;
    loop {
        let (last_holds, page_holds) = if start == 0 { first } else { then };
        if total - start <= last_holds {
            break;
        }
        let end = (start + page_holds).min(total);
        pages.push(notes(start..end, false, loose && start == 0));
        start = end;
    }
    pages.push(notes(start..total, true, loose && start == 0));
    pages
}

fn sheet_fits((w, h): (f64, f64), max_w: f64, max_h: f64) -> bool {
    w <= max_w && h <= max_h
}

/// A diff's poster on one sheet: the last map page with the change list, the findings
/// list and the legend under its map ([`super::notes`] places them), when they fit the
/// sheet at its minimum scale. The block under the map is as wide as the map, or wider
/// by one column of the list at a time up to the sheet's width (the map then keeps its
/// place on the left): the width at which the page is drawn largest wins, the narrower
/// on a tie. `None` for any other page, or when it cannot fit.
fn changes_under_map(
    frames: &[Frame],
    entries: usize,
    total: usize,
    (area, max_w, max_h): (Rect2, f64, f64),
    size: &impl Fn(&Frame) -> (f64, f64),
) -> Option<Frame> {
    let last = frames.last().filter(|last| !last.notes)?;
    if last.page != Page::Poster || entries == 0 {
        return None;
    }
    let frame = |notes_width: f64| Frame {
        loose_metrics: true,
        findings: true,
        legend: true,
        listed: Some(0..total),
        notes_beside: true,
        changes: Some(0..entries),
        notes_width,
        ..last.clone()
    };
    let sized = |notes_width: f64| {
        let frame = frame(notes_width);
        let size = size(&frame);
        (frame, size)
    };
    let as_wide_as_the_map = sized(0.0);
    let map_w = as_wide_as_the_map.1.0;
    let step = list_flow::LIST_W + list_flow::LIST_GAP;
    let wider = (1..)
        .map(|columns| map_w + columns as f64 * step)
        .take_while(|&w| w < max_w)
        .chain(std::iter::once(max_w).filter(|&w| w > map_w))
        .map(sized);
    let mut best: Option<(f64, Frame)> = None;
    for (frame, (w, h)) in std::iter::once(as_wide_as_the_map).chain(wider) {
        if !sheet_fits((w, h), max_w, max_h) {
            continue;
        }
        let drawn = (area.w / w.max(1.0)).min(area.h / h.max(1.0));
        if best.as_ref().is_none_or(|(best, _)| drawn > *best) {
            best = Some((drawn, frame));
        }
    }
    best.map(|(_, frame)| frame)
}

/// The px a page's map may take at most, at the page's minimum scale.
struct Fit {
    max_w: f64,
    max_h: f64,
}

impl Fit {
    fn holds(&self, (w, h): (f64, f64)) -> bool {
        w <= self.max_w && h <= self.max_h
    }

    /// How much of the printable area's height a map `h` px tall fills at the page's
    /// minimum scale: the deck's scale is the largest every page fits at, so at least one
    /// page of a deck of several is drawn at about that scale, and every page at the
    /// deck's scale (zooming each page on its own would make a short page look full).
    fn fill(&self, (_, h): (f64, f64)) -> f64 {
        (h / self.max_h).min(1.0)
    }
}

/// What a way to cut a map into pages costs, compared in this order: pages and lines of
/// pains and ideas cut from cards together (in half pages: a lane cut between its cards
/// counts half a page more, as a reader follows a lane across pages less easily than a
/// stage; and [`LINES_PER_HALF_PAGE`] lines cut weigh half a page, so a page is not saved
/// by cutting more than twice that from the cards: the map is there to show what hurts
/// in words), then fewer pages, then how unevenly the pages are filled (the sum of each
/// page's empty share, squared: for the same pages, balanced beats one full page and one
/// near empty).
/// Lines of pains and ideas cut from cards that weigh as much as half a page.
const LINES_PER_HALF_PAGE: usize = 3;

#[derive(Debug, Clone, Copy, Default)]
struct Cost {
    half_pages: usize,
    cut_lines: usize,
    empty: f64,
}

impl Cost {
    fn plus(self, other: Cost) -> Cost {
        Cost {
            half_pages: self.half_pages + other.half_pages,
            cut_lines: self.cut_lines + other.cut_lines,
            empty: self.empty + other.empty,
        }
    }

    fn better(&self, other: &Cost) -> bool {
        let weight = |cost: &Cost| cost.half_pages * LINES_PER_HALF_PAGE + cost.cut_lines;
        (weight(self), self.half_pages)
            .cmp(&(weight(other), other.half_pages))
            .then(self.empty.total_cmp(&other.empty))
            .is_lt()
    }
}

/// The bands of one stage group and what they cost; `narrow` when every band is as
/// narrow as the page (the arrows to other pages widen the gutters they run in).
struct Group {
    bands: Vec<Band>,
    cost: Cost,
    narrow: bool,
    /// Whether the first band fits its page (or had to be drawn taller).
    first_fits: bool,
}

/// Where one band of lanes ends and the next begins: before card `slot` of every cell of
/// lane row `row` (slot 0: before the row), or after the metrics row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cut {
    At(usize, usize),
    End,
}

/// Lines of pains and ideas a card keeps on a page too short for it, most first: never
/// fewer than two, so the worst pain keeps its words ("+N more" says what is left out).
const SHORTENED: [usize; 3] = [6, 4, 2];

/// Cuts the lane rows of one stage group into bands, each as tall as a page holds: the
/// fewest pages and lines cut from cards (as [`Cost`] weighs them), then the most even
/// fill (a
/// shortest-path over the places a band can end, so every way to cut is weighed, not
/// only the greedy one). A band is whole lane rows, a slice of the cards of one row, or
/// the rest of a row, whole rows under it and the top cards of the next; the metrics row
/// is on the last band, or a page of its own when it cannot share one. `cards(row)` is how many cards the fullest
/// cell of a row holds; `size(band)` the map's (width, height) in px.
fn pack_lanes(
    row_total: usize,
    cards: impl Fn(usize) -> usize,
    hidden: impl Fn(usize) -> bool,
    size: impl Fn(&Band) -> (f64, f64),
    sheet: &Fit,
) -> Option<Group> {
    let group = pack_bands(row_total, &cards, &hidden, &size, sheet, false)?;
    if group.first_fits {
        return Some(group);
    }
    // The emotion chart, the stage goals and the first band do not fit one page even
    // shortened (a diff map's header and removed-touchpoint strip on A4): the chart on a
    // page of its own, the lanes from the next page on.
    let chart = Band::rows(0..0, false);
    let chart_size = size(&chart);
    if !sheet.holds(chart_size) {
        return Some(group);
    }
    let lanes = pack_bands(row_total, &cards, &hidden, &size, sheet, true)?;
    if !lanes.first_fits {
        return Some(group);
    }
    let mut bands = vec![chart];
    bands.extend(lanes.bands);
    Some(Group {
        bands,
        cost: Cost {
            half_pages: 2,
            cut_lines: 0,
            empty: (1.0 - sheet.fill(chart_size)).powi(2),
        }
        .plus(lanes.cost),
        narrow: lanes.narrow && chart_size.0 <= sheet.max_w,
        first_fits: true,
    })
}

/// One step of the shortest path from a cut: its cost to the end, the next cut, the band
/// between them and its size in px.
type Step = (Cost, usize, Band, (f64, f64));

/// [`pack_lanes`]' shortest path, every band with `chart_above` as given.
fn pack_bands(
    row_total: usize,
    cards: &impl Fn(usize) -> usize,
    hidden: &impl Fn(usize) -> bool,
    size: &impl Fn(&Band) -> (f64, f64),
    sheet: &Fit,
    chart_above: bool,
) -> Option<Group> {
    let mut cuts = Vec::new();
    for row in 0..row_total {
        // A lane the page leaves out is no place to end a band: it joins the band above.
        if row > 0 && hidden(row) {
            continue;
        }
        cuts.extend((0..cards(row).max(1)).map(|slot| Cut::At(row, slot)));
    }
    cuts.push(Cut::At(row_total, 0));
    cuts.push(Cut::End);
    // The band from one cut to a later one, when a page can hold that shape.
    let between = |from: Cut, to: Cut| -> Option<Band> {
        let Cut::At(row, slot) = from else {
            return None;
        };
        let rest = (slot > 0 && row < row_total).then(|| slot..cards(row));
        let band = |rows: Range<usize>, slots: Option<Range<usize>>, metrics: bool| Band {
            rows,
            slots,
            tail: None,
            metrics,
            card_lines: MAX_ITEM_LINES,
            chart_above,
        };
        match to {
            Cut::End => Some(band(row..row_total, rest, true)),
            Cut::At(end, 0) if end > row => Some(band(row..end, rest, false)),
            Cut::At(end, end_slot) if end == row && end_slot > slot => {
                Some(band(row..row + 1, Some(slot..end_slot), false))
            }
            Cut::At(end, end_slot) if end > row => {
                let mut band = band(row..end + 1, rest, false);
                band.tail = Some(0..end_slot);
                Some(band)
            }
            _ => None,
        }
    };
    // A band as it fits the page: whole cards, or shortened ones; `None` if neither.
    let fitted = |band: Band| -> Option<(Band, (f64, f64), usize)> {
        std::iter::once(MAX_ITEM_LINES)
            .chain(SHORTENED)
            .map(|lines| Band {
                card_lines: lines,
                ..band.clone()
            })
            .map(|band| {
                let size = size(&band);
                (band, size)
            })
            .find(|(_, size)| sheet.holds(*size))
            .map(|(band, size)| {
                let cut = MAX_ITEM_LINES - band.card_lines;
                (band, size, cut)
            })
    };
    // `best[i]`: the cheapest bands from cut `i` to the end (cost, next cut, band, width).
    let last = cuts.len() - 1;
    let mut best: Vec<Option<Step>> = vec![None; last];
    best.push(Some((
        Cost::default(),
        last,
        Band::rows(0..0, false),
        (0.0, 0.0),
    )));
    for (from, &start) in cuts.iter().enumerate().take(last).rev() {
        let mut chosen: Option<Step> = None;
        let mut tried = false;
        for (to, &end) in cuts.iter().enumerate().skip(from + 1) {
            let Some(band) = between(start, end) else {
                continue;
            };
            let Some(rest) = best
                .get(to)
                .and_then(Option::as_ref)
                .map(|(cost, _, _, _)| *cost)
            else {
                continue;
            };
            let (band, size, cut) = match fitted(band.clone()) {
                Some(fit) => fit,
                // The smallest band from here does not fit even shortened: its cards
                // show no pains, only "+N more", if that fits; it is drawn anyway.
                None if !tried => {
                    let bare = Band {
                        card_lines: 0,
                        ..band.clone()
                    };
                    let bare_size = size(&bare);
                    if sheet.holds(bare_size) {
                        (bare, bare_size, MAX_ITEM_LINES)
                    } else {
                        let size = size(&band);
                        (band, size, 0)
                    }
                }
                // Longer bands only grow: none from here fits.
                None => break,
            };
            tried = true;
            // A lane cut between its cards at the end of this band, or a page of only the
            // metrics row (a near-empty sheet, away from the lanes it sums up): half a page
            // more.
            let lane_cut = matches!(end, Cut::At(_, slot) if slot > 0);
            let metrics_only = start == Cut::At(row_total, 0) && end == Cut::End;
            let page = Cost {
                half_pages: if lane_cut || metrics_only { 3 } else { 2 },
                cut_lines: cut,
                empty: (1.0 - sheet.fill(size)).powi(2),
            };
            let cost = page.plus(rest);
            if chosen
                .as_ref()
                .is_none_or(|(best, _, _, _)| cost.better(best))
            {
                chosen = Some((cost, to, band, size));
            }
        }
        if let Some(slot) = best.get_mut(from) {
            *slot = chosen;
        }
    }
    let mut bands = Vec::new();
    let mut narrow = true;
    let mut first_fits = true;
    let mut at = 0;
    let cost = best.first()?.as_ref()?.0;
    while at < last {
        let (_, next, band, size) = best.get(at)?.clone()?;
        narrow &= size.0 <= sheet.max_w;
        if at == 0 {
            first_fits = sheet.holds(size);
        }
        bands.push(band);
        at = next;
    }
    Some(Group {
        bands,
        cost,
        narrow,
        first_fits,
    })
}

pub fn render_pages(
    journey: &Journey,
    findings: &[Finding],
    options: &RenderOptions,
    page: Page,
) -> Vec<String> {
    // Pages drawn on every core, in page order.
    super::par::map_heavy(&frames(journey, findings, options, page), |_, frame| {
        draw::draw(journey, findings, options, frame)
    })
}

/// How many cards the fullest cell of a lane row holds within some stages: `f(row,
/// stages)`.
fn slot_counts(journey: &Journey) -> impl Fn(usize, &Range<usize>) -> usize {
    let order = super::layout::lane_order(journey);
    let mut row_of = vec![0; journey.lanes.len()];
    for (row, &lane) in order.iter().enumerate() {
        if let Some(slot) = row_of.get_mut(lane) {
            *slot = row;
        }
    }
    // (row, stage) → cards.
    let mut cells: HashMap<(usize, usize), usize> = HashMap::new();
    for touchpoint in &journey.touchpoints {
        let row = row_of.get(touchpoint.lane.value).copied().unwrap_or(0);
        *cells.entry((row, touchpoint.stage)).or_insert(0) += 1;
    }
    move |row: usize, stages: &Range<usize>| {
        stages
            .clone()
            .map(|stage| cells.get(&(row, stage)).copied().unwrap_or(0))
            .max()
            .unwrap_or(0)
    }
}
