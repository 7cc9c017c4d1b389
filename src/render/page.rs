//! Pages: the map laid out for a paper size or a slide.
//!
//! Every page is landscape. The map is drawn in its own px units and scaled onto the
//! page so that its smallest text ([`style::MIN_TEXT`]) prints at 8 pt (slides: 14 px at
//! 1920×1080). A journey wider than that allows is split by stages, as many stages per
//! page as fit; each page repeats the lane headers and the emotion scale and says which
//! stages it holds. The findings list is on the last page only.

use super::style::MIN_TEXT;
use super::{RenderOptions, draw};
use crate::diagnostic::Finding;
use crate::model::Journey;
use std::ops::Range;

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

    /// The map width in px one page holds.
    pub fn max_map_width(self) -> f64 {
        self.area()
            .map_or(f64::INFINITY, |(area, scale)| area.w / scale)
    }
}

#[derive(Debug, Clone, Copy)]
pub struct Rect2 {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

/// One page being drawn: which stages it holds, its number.
#[derive(Debug, Clone)]
pub struct Frame {
    pub page: Page,
    /// Stages on this page; `None` for all.
    pub stages: Option<Range<usize>>,
    /// 1-based page number and page count.
    pub number: usize,
    pub count: usize,
    /// Whether the findings list goes on this page.
    pub findings: bool,
}

impl Frame {
    pub fn canvas() -> Frame {
        Frame {
            page: Page::Canvas,
            stages: None,
            number: 1,
            count: 1,
            findings: true,
        }
    }
}

/// The stage ranges of each page: as many stages per page as its width holds (one at
/// least).
pub fn split(journey: &Journey, options: &RenderOptions, page: Page) -> Vec<Range<usize>> {
    let total = journey.stages.len();
    let max_w = page.max_map_width();
    if total == 0 || !max_w.is_finite() {
        return std::iter::once(0..total).collect();
    }
    let mut ranges = Vec::new();
    let mut start = 0;
    while start < total {
        let mut end = start + 1;
        while end < total && draw::map_width(journey, options, start..end + 1) <= max_w {
            end += 1;
        }
        ranges.push(start..end);
        start = end;
    }
    ranges
}

pub fn render_pages(
    journey: &Journey,
    findings: &[Finding],
    options: &RenderOptions,
    page: Page,
) -> Vec<String> {
    if page == Page::Canvas {
        return vec![draw::draw(journey, findings, options, &Frame::canvas())];
    }
    let ranges = split(journey, options, page);
    let count = ranges.len();
    ranges
        .into_iter()
        .enumerate()
        .map(|(index, range)| {
            let frame = Frame {
                page,
                stages: Some(range),
                number: index + 1,
                count,
                findings: index + 1 == count,
            };
            draw::draw(journey, findings, options, &frame)
        })
        .collect()
}
