//! render: a journey as a self-contained SVG swimlane map, on one canvas or on pages.
//!
//! [`render_svg`] draws the whole map as one document; [`render_pages`] lays it out for a
//! paper size or a slide ([`Page`]) and returns one document per page (a journey too wide
//! for one page is split by stages). `jmap render` calls them with the journey's lint
//! findings, `jmap diff --svg` with an [`Overlay`] that marks what changed. The output is
//! deterministic (same input, same bytes), has no scripts, external fonts, images or
//! `foreignObject`, and every user string is cleaned ([`text::clean`]) and XML-escaped by
//! the one writer ([`svg::Svg`]), so hostile text stays inert text.
//!
//! [`layout`] decides where everything goes (linear in touchpoints and handoffs; [`content`]
//! fits each card's words, [`labels`] puts each handoff label on its own arrow); [`draw`]
//! writes that geometry as SVG, one file per section. See `docs/render.md`.

mod changes;
mod content;
mod draw;
pub mod font;
mod labels;
mod layout;
mod notes;
pub mod page;
pub mod par;
pub mod raster;
pub mod style;
mod svg;
pub mod text;

use crate::diagnostic::Finding;
use crate::model::Journey;
use std::collections::HashSet;

pub use changes::{GhostHandoff, GhostLane, GhostLink, GhostMetric, MeasureChange, StageEmotion};
pub use layout::lane_order;
pub use page::Page;

/// How much of each pain and opportunity a card shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Detail {
    /// Their words, worst pain first, wrapped; "+N more" when the card is full.
    #[default]
    Full,
    /// Only counts: `2 pains · high`, `1 idea`.
    Summary,
}

/// Who the map is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Audience {
    /// Lint marks, rule names and the findings list included.
    #[default]
    Team,
    /// The map a client sees: no lint marks, no rule names, no findings list.
    Client,
}

/// How to draw the map.
#[derive(Debug, Clone)]
pub struct RenderOptions {
    /// Mark lint findings on the elements they are about and list them under the map
    /// (always off for [`Audience::Client`]).
    pub show_findings: bool,
    /// Changes to mark, for a visual diff; `None` for a plain map.
    pub overlay: Option<Overlay>,
    pub detail: Detail,
    pub audience: Audience,
    /// Each metric's `current` over the journey's git history (`render --history`): a
    /// trend line in its badge. Computed by [`crate::history`]; `None` draws none.
    pub trends: Option<crate::history::trend::MetricTrends>,
}

impl Default for RenderOptions {
    fn default() -> Self {
        RenderOptions {
            show_findings: true,
            overlay: None,
            detail: Detail::Full,
            audience: Audience::Team,
            trends: None,
        }
    }
}

impl RenderOptions {
    /// Whether lint marks are drawn at all.
    pub fn findings_shown(&self) -> bool {
        self.show_findings && self.audience == Audience::Team
    }
}

/// What changed between two versions of a journey, drawn over the newer one.
///
/// `added` and `changed` hold typed element keys ([`crate::model::ElementKey`], as
/// [`crate::model::Element::key`] makes them). Added
/// elements are outlined green (solid, tagged NEW), changed ones amber (dashed, tagged
/// CHANGED). Keys naming nothing in the journey are ignored.
#[derive(Debug, Clone, Default)]
pub struct Overlay {
    pub added: HashSet<crate::model::ElementKey>,
    pub changed: HashSet<crate::model::ElementKey>,
    /// Removed touchpoints, drawn as ghosts.
    pub removed: Vec<Ghost>,
    /// Element key → its mark: `data-change` on the element's group and its number in
    /// the change list.
    pub marks: std::collections::HashMap<crate::model::ElementKey, Mark>,
    /// The journey's own fields changed: the header carries `data-change="changed"`.
    pub header_changed: bool,
    /// The change list drawn beside the map (`<g class="change-list">`), one entry per
    /// change, numbered from 1 in order.
    pub list: Vec<ListEntry>,
    /// The old journey's emotion per stage: the as-is curve, under the to-be one.
    pub before: Vec<StageEmotion>,
    /// The header strip: errors, warnings, unowned handoffs, … before → after.
    pub measures: Vec<MeasureChange>,
    /// Removed handoffs, lanes and metrics, drawn as ghosts where they were.
    pub removed_handoffs: Vec<GhostHandoff>,
    pub removed_lanes: Vec<GhostLane>,
    pub removed_metrics: Vec<GhostMetric>,
}

/// How an element changed, and its number in the change list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mark {
    /// `added`, `removed`, `changed` or `moved`.
    pub change: &'static str,
    pub number: usize,
}

/// One entry of the change list: `#N CHANGE name`, then one `field: old → new` line per
/// field. `ghost` is set for removed elements the map has no place for (stages): the
/// entry itself is their ghost and carries `data-change`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListEntry {
    pub change: &'static str,
    pub title: String,
    pub lines: Vec<String>,
    pub ghost: bool,
}

/// A removed touchpoint: drawn semi-transparent with a red dashed outline and a struck
/// label, in its stage × lane cell when both still exist in the journey, else in a
/// "Removed" strip under the map. Ghosts are drawn in the order given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ghost {
    /// The element key it had, e.g. `touchpoint:kickoff`.
    pub key: crate::model::ElementKey,
    /// Its name, as shown on the card.
    pub label: String,
    /// Stage id it sat in.
    pub stage: Option<String>,
    /// Lane id it sat in.
    pub lane: Option<String>,
}

/// Draws `journey` as one SVG document (the whole map on one canvas).
///
/// `findings` are the journey's lint findings (`lint::lint`); they are marked on their
/// elements when [`RenderOptions::findings_shown`]. A `stale-review` finding also marks the
/// review date in the header as stale.
pub fn render_svg(journey: &Journey, findings: &[Finding], options: &RenderOptions) -> String {
    draw::draw(journey, findings, options, &page::Frame::canvas())
}

/// [`render_svg`] written to `sink` as it is drawn, never whole in memory.
pub fn write_svg(
    sink: &mut dyn std::io::Write,
    journey: &Journey,
    findings: &[Finding],
    options: &RenderOptions,
) -> std::io::Result<()> {
    draw::draw_to(sink, journey, findings, options, &page::Frame::canvas())
}

/// Draws `journey` laid out for `page`: one SVG document per page, in order. A journey too
/// wide for one page is split by stages; each page repeats the lane headers and the
/// emotion scale and says which stages it holds ("stages 1–3 of 6").
/// [`Page::Canvas`] gives exactly one document, the same as [`render_svg`].
pub fn render_pages(
    journey: &Journey,
    findings: &[Finding],
    options: &RenderOptions,
    page: Page,
) -> Vec<String> {
    page::render_pages(journey, findings, options, page)
}
