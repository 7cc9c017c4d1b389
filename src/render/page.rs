//! Pages: the map laid out for a paper size or a slide.
//!
//! Every page is landscape. The map is drawn in its own px units and scaled onto the
//! page so that its smallest text ([`style::MIN_TEXT`]) prints at 8 pt (slides: 14 px at
//! 1920×1080). A journey wider than that allows is split by stages, as many stages per
//! page as fit; each page repeats the lane headers and the emotion scale and says which
//! stages it holds. A journey taller than a page is split by lanes too (lane groups
//! top to bottom, the stage headers and emotion chart repeated, the metrics on the last
//! band). The findings list and the legend are on a last notes page.

use super::style::MIN_TEXT;
use super::{RenderOptions, draw};
use crate::diagnostic::Finding;
use crate::model::Journey;
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
            number: 1,
            count: 1,
            metrics: true,
            findings: true,
            legend: true,
            notes: false,
            sheets: Arc::default(),
            compact: false,
            changes: None,
        }
    }

    fn map_page(page: Page, stages: Range<usize>, rows: Range<usize>, metrics: bool) -> Frame {
        let compact = stages.start > 0 || rows.start > 0;
        Frame {
            page,
            stages: Some(stages),
            rows: Some(rows),
            number: 1,
            count: 1,
            metrics,
            findings: false,
            legend: false,
            notes: false,
            compact,
            sheets: Arc::default(),
            changes: Some(0..0),
        }
    }
}

/// The pages of a paged map: stage ranges as wide as a page holds, each split into bands
/// of lanes as tall as a page holds (the metrics row on the last band), then one notes
/// page with the findings list and the legend.
pub fn frames(journey: &Journey, options: &RenderOptions, page: Page) -> Vec<Frame> {
    let Some((area, scale)) = page.area() else {
        return vec![Frame::canvas()];
    };
    let (max_w, max_h) = (area.w / scale, area.h / scale);
    let stage_total = journey.stages.len();
    let row_total = journey.lanes.len();
    let size = |stages: Range<usize>, rows: Range<usize>, metrics: bool| {
        draw::map_size(
            journey,
            options,
            &Frame::map_page(page, stages, rows, metrics),
        )
    };
    let mut frames = Vec::new();
    let mut start = 0;
    loop {
        let mut end = (start + 1).min(stage_total);
        while end < stage_total && size(start..end + 1, 0..row_total, true).0 <= max_w {
            end += 1;
        }
        let mut row_start = 0;
        loop {
            let mut row_end = (row_start + 1).min(row_total);
            while row_end < row_total
                && size(start..end, row_start..row_end + 1, row_end + 1 == row_total).1 <= max_h
            {
                row_end += 1;
            }
            frames.push(Frame::map_page(
                page,
                start..end,
                row_start..row_end,
                row_end >= row_total,
            ));
            if row_end >= row_total {
                break;
            }
            row_start = row_end;
        }
        if end >= stage_total {
            break;
        }
        start = end;
    }
    for changes in draw::change_pages(options, page) {
        frames.push(Frame {
            page,
            stages: Some(0..0),
            rows: Some(0..0),
            number: 1,
            count: 1,
            metrics: false,
            findings: false,
            legend: false,
            notes: true,
            sheets: Arc::default(),
            compact: false,
            changes: Some(changes),
        });
    }
    frames.push(Frame {
        page,
        stages: Some(0..0),
        rows: Some(0..0),
        number: 1,
        count: 1,
        metrics: false,
        findings: true,
        legend: true,
        notes: true,
        sheets: Arc::default(),
        compact: false,
        changes: Some(0..0),
    });
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
    frames(journey, options, page)
        .iter()
        .map(|frame| draw::draw(journey, findings, options, frame))
        .collect()
}
