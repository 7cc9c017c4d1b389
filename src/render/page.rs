//! Pages: the map laid out for a paper size or a slide.
//!
//! Every page is landscape. The map is drawn in its own px units and scaled onto the
//! page so that its smallest text ([`style::MIN_TEXT`]) prints at 8 pt (slides: 14 px at
//! 1920×1080). A journey wider than that allows is split by stages, as many stages per
//! page as fit; each page repeats the lane headers and the emotion scale and says which
//! stages it holds. A journey taller than a page is split by lanes too (lane groups
//! top to bottom, the stage headers and emotion chart repeated, the metrics on the last
//! band). The findings list and the legend are on a last notes page.

use super::content::MAX_ITEM_LINES;
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
    /// Most lines of pains and opportunities a card shows: fewer on a page too short for
    /// its tallest card.
    pub card_lines: usize,
    /// 1-based page number and page count.
    pub number: usize,
    pub count: usize,
    /// Whether the metrics row, the findings list and the legend are on this page, and
    /// whether the page holds nothing else (the notes page of a paged map).
    pub metrics: bool,
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
    /// canvas; a page of its own when paged (`notes` set).
    pub changes: Option<Range<usize>>,
}

impl Frame {
    pub fn canvas() -> Frame {
        Frame {
            page: Page::Canvas,
            stages: None,
            rows: None,
            slots: None,
            card_lines: MAX_ITEM_LINES,
            number: 1,
            count: 1,
            metrics: true,
            findings: true,
            legend: true,
            notes: false,
            sheets: Arc::default(),
            compact: false,
            changes: None,
            listed: None,
        }
    }

    fn map_page(page: Page, stages: Range<usize>, band: Band) -> Frame {
        let Band {
            rows,
            slots,
            metrics,
            card_lines,
        } = band;
        let compact =
            stages.start > 0 || rows.start > 0 || slots.as_ref().is_some_and(|s| s.start > 0);
        Frame {
            page,
            stages: Some(stages),
            rows: Some(rows),
            slots,
            card_lines,
            number: 1,
            count: 1,
            metrics,
            findings: false,
            legend: false,
            notes: false,
            compact,
            sheets: Arc::default(),
            changes: Some(0..0),
            listed: None,
        }
    }
}

/// A band of lanes on a page: whole lane rows, or a slice of the cards of one lane too
/// tall for a page; the metrics row under the last band.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Band {
    rows: Range<usize>,
    slots: Option<Range<usize>>,
    metrics: bool,
    card_lines: usize,
}

/// The pages of a paged map: stage ranges as wide as a page holds, each split into bands
/// of lanes as tall as a page holds (the metrics row on the last band; a lane taller than
/// a page is split between its cards), then one notes page with the findings list and the
/// legend. How many stages a page takes is chosen for the fewest pages: a page narrower
/// than the sheet is scaled up, and tall lanes in fewer stages are often shorter, so
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
    let size = |stages: Range<usize>, band: Band| {
        draw::map_size(
            journey,
            options,
            &flagged,
            &Frame::map_page(page, stages, band),
        )
    };
    let whole = |rows: Range<usize>| Band {
        metrics: rows.end >= row_total,
        rows,
        slots: None,
        card_lines: MAX_ITEM_LINES,
    };
    // Widths of stage ranges, and the bands of each stage range, computed once.
    let mut widths: HashMap<(usize, usize), f64> = HashMap::new();
    let mut width = |stages: Range<usize>| {
        *widths
            .entry((stages.start, stages.end))
            .or_insert_with(|| size(stages.clone(), whole(0..row_total)).0)
    };
    let slot_counts = slot_counts(journey);
    let fits = |stages: &Range<usize>, band: Band| {
        let (w, h) = size(stages.clone(), band);
        h <= max_h && w <= max_w
    };
    // A band that still does not fit: its cards show fewer pains and ideas ("+N more"),
    // as many as the page holds.
    let shortened = |stages: &Range<usize>, band: Band| {
        [6, 4, 2, 0]
            .into_iter()
            .map(|lines| Band {
                card_lines: lines,
                ..band.clone()
            })
            .find(|band| fits(stages, band.clone()))
            .unwrap_or(band)
    };
    // The bands of some stages, or `None` when one of them is wider than the page (the
    // arrows to the pages above and below widen the gutters they run in).
    let bands = |stages: &Range<usize>| -> Option<Vec<Band>> {
        let mut bands = Vec::new();
        let mut row_start = 0;
        while row_start < row_total {
            if fits(stages, whole(row_start..row_start + 1)) {
                let mut row_end = row_start + 1;
                while row_end < row_total && fits(stages, whole(row_start..row_end + 1)) {
                    row_end += 1;
                }
                bands.push(whole(row_start..row_end));
                row_start = row_end;
                continue;
            }
            // One lane taller than the page: its cards in slices, top to bottom.
            let cards = slot_counts(row_start, stages);
            let last_row = row_start + 1 >= row_total;
            let slice = |slots: Range<usize>| Band {
                metrics: last_row && slots.end >= cards,
                rows: row_start..row_start + 1,
                slots: Some(slots),
                card_lines: MAX_ITEM_LINES,
            };
            if cards < 2 {
                bands.push(shortened(stages, whole(row_start..row_start + 1)));
                row_start += 1;
                continue;
            }
            let mut slot_start = 0;
            while slot_start < cards {
                let mut slot_end = slot_start + 1;
                while slot_end < cards && fits(stages, slice(slot_start..slot_end + 1)) {
                    slot_end += 1;
                }
                if slot_start > 0 && slot_end >= cards && !last_row {
                    // The rest of the lane: the lanes below join it while they fit.
                    let rest = |rows: Range<usize>| Band {
                        metrics: rows.end >= row_total,
                        rows,
                        slots: Some(slot_start..cards),
                        card_lines: MAX_ITEM_LINES,
                    };
                    let mut row_end = row_start + 1;
                    while row_end < row_total && fits(stages, rest(row_start..row_end + 1)) {
                        row_end += 1;
                    }
                    bands.push(rest(row_start..row_end));
                    row_start = row_end - 1;
                    break;
                }
                let band = slice(slot_start..slot_end);
                bands.push(
                    if slot_end == slot_start + 1 && !fits(stages, band.clone()) {
                        shortened(stages, band)
                    } else {
                        band
                    },
                );
                slot_start = slot_end;
            }
            row_start += 1;
        }
        if bands.is_empty() {
            bands.push(whole(0..row_total));
        }
        // The metrics row too tall to share a page with the last lanes: a page of its own.
        if let Some(last) = bands.pop() {
            if last.metrics && !last.rows.is_empty() && !fits(stages, last.clone()) {
                let lanes = Band {
                    metrics: false,
                    ..last.clone()
                };
                let lanes = if fits(stages, lanes.clone()) {
                    lanes
                } else {
                    shortened(stages, lanes)
                };
                bands.push(lanes);
                bands.push(Band {
                    rows: row_total..row_total,
                    slots: None,
                    metrics: true,
                    card_lines: MAX_ITEM_LINES,
                });
            } else {
                bands.push(last);
            }
        }
        let narrow = bands
            .iter()
            .all(|band| size(stages.clone(), band.clone()).0 <= max_w);
        (narrow || stages.len() == 1).then_some(bands)
    };
    // The most stages any page can take.
    let mut most = 1;
    while most < stage_total && width(0..most + 1) <= max_w {
        most += 1;
    }
    let mut banded: HashMap<(usize, usize), Option<Vec<Band>>> = HashMap::new();
    let mut best: Option<Vec<(Range<usize>, Vec<Band>)>> = None;
    for cap in (1..=most.max(1)).rev() {
        let mut pages = Vec::new();
        let mut start = 0;
        loop {
            let mut end = (start + 1).min(stage_total);
            while end < stage_total && end - start < cap && width(start..end + 1) <= max_w {
                end += 1;
            }
            // Fewer stages while a band is too wide.
            let group = loop {
                let stages = start..end;
                let group = banded
                    .entry((start, end))
                    .or_insert_with(|| bands(&stages))
                    .clone();
                match group {
                    Some(group) => break group,
                    None => end -= 1,
                }
            };
            pages.push((start..end, group));
            if end >= stage_total {
                break;
            }
            start = end;
        }
        // Pages, counting a lane cut between pages as half a page more (a reader follows
        // a lane across pages less easily than a stage).
        let count = |pages: &[(Range<usize>, Vec<Band>)]| {
            pages
                .iter()
                .flat_map(|(_, bands)| bands)
                .map(|band| if band.slots.is_some() { 3 } else { 2 })
                .sum::<usize>()
        };
        if best.as_ref().is_none_or(|best| count(&pages) < count(best)) {
            best = Some(pages);
        }
    }
    let mut frames: Vec<Frame> = best
        .unwrap_or_default()
        .into_iter()
        .flat_map(|(stages, bands)| {
            bands
                .into_iter()
                .map(move |band| Frame::map_page(page, stages.clone(), band))
        })
        .collect();
    for changes in draw::change_pages(options, page) {
        frames.push(Frame {
            page,
            stages: Some(0..0),
            rows: Some(0..0),
            slots: None,
            card_lines: MAX_ITEM_LINES,
            number: 1,
            count: 1,
            metrics: false,
            findings: false,
            legend: false,
            notes: true,
            sheets: Arc::default(),
            compact: false,
            changes: Some(changes),
            listed: None,
        });
    }
    // Notes pages: the findings list, as many lines a page as it holds, the legend under
    // the last lines.
    let notes = |listed: Range<usize>, legend: bool| Frame {
        page,
        stages: Some(0..0),
        rows: Some(0..0),
        slots: None,
        card_lines: MAX_ITEM_LINES,
        number: 1,
        count: 1,
        metrics: false,
        findings: true,
        legend,
        notes: true,
        sheets: Arc::default(),
        compact: false,
        changes: Some(0..0),
        listed: Some(listed),
    };
    let total = if options.findings_shown() {
        findings.len()
    } else {
        0
    };
    let holds = |legend: bool| {
        // Lines a notes page holds: its height grows by one line height a finding.
        let size =
            |lines: usize| draw::map_size(journey, options, &flagged, &notes(0..lines, legend)).1;
        let (one, two) = (size(1), size(2));
        let line = (two - one).max(1.0);
        (((max_h - one) / line).floor() as usize + 1).max(1)
    };
    let (last_holds, page_holds) = (holds(true), holds(false));
    let mut start = 0;
    while total - start > last_holds {
        let end = (start + page_holds).min(total);
        frames.push(notes(start..end, false));
        start = end;
    }
    frames.push(notes(start..total, true));
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
            })
            .collect(),
    );
    for frame in &mut frames {
        frame.sheets = Arc::clone(&sheets);
    }
    frames
}

pub fn render_pages(
    journey: &Journey,
    findings: &[Finding],
    options: &RenderOptions,
    page: Page,
) -> Vec<String> {
    frames(journey, findings, options, page)
        .iter()
        .map(|frame| draw::draw(journey, findings, options, frame))
        .collect()
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
