//! Drawing: the laid-out map written as SVG, one file per section of the map (header,
//! stages, emotion, lanes, cards, handoffs, metrics, findings, legend, overlay).
//!
//! Sections write into one [`Svg`] writer in paint order. User text only reaches the
//! document through the writer's text, title and data methods, which clean and escape it.

mod cards;
mod emotion;
mod findings;
mod handoffs;
mod header;
mod lanes;
mod legend;
mod metrics;
mod overlay;
mod stages;
mod trend;

use super::layout::{self, Layout};
use super::page::Frame;
use super::style::{self, RED};
use super::svg::{N, Svg};
use super::{Overlay, RenderOptions};
use crate::diagnostic::{Finding, Level};
use crate::model::{Element, ElementKey, ElementKind, Journey};
use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard, PoisonError};

/// A lock that a panic elsewhere cannot poison for the rest of the drawing.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Findings grouped by the element they are about.
pub struct Marks<'a> {
    by_element: HashMap<ElementKey, Vec<&'a Finding>>,
    pub journey: Vec<&'a Finding>,
    pub stale: bool,
    pub show: bool,
}

impl<'a> Marks<'a> {
    fn new(findings: &'a [Finding], show: bool) -> Self {
        let mut by_element: HashMap<ElementKey, Vec<&Finding>> = HashMap::new();
        let mut journey = Vec::new();
        for finding in findings {
            // `unused-allow` keys name a part of the element: mark the whole element.
            match &finding.element {
                // A pain has no shape of its own on the map: its touchpoint's card shows it.
                Some(key) if key.kind == ElementKind::Pain => {
                    let touchpoint = key.id.rsplit_once('/').map_or(&*key.id, |(id, _)| id);
                    by_element
                        .entry(ElementKey::new(ElementKind::Touchpoint, touchpoint))
                        .or_default()
                        .push(finding)
                }
                Some(key) if key.kind != ElementKind::Journey => {
                    by_element.entry(key.element()).or_default().push(finding)
                }
                _ => journey.push(finding),
            }
        }
        Marks {
            by_element,
            journey,
            stale: show
                && findings
                    .iter()
                    .any(|finding| finding.rule == "stale-review"),
            show,
        }
    }

    pub fn of(&self, key: &ElementKey) -> &[&'a Finding] {
        if !self.show {
            return &[];
        }
        self.by_element.get(key).map_or(&[], Vec::as_slice)
    }

    /// (errors, warnings) over every finding.
    pub fn counts(&self) -> (usize, usize) {
        self.by_element
            .values()
            .flatten()
            .chain(&self.journey)
            .fold((0, 0), |(e, w), f| match f.level {
                Level::Error => (e + 1, w),
                Level::Warning => (e, w + 1),
            })
    }
}

/// Overlay state of one element.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Change {
    None,
    Added,
    Changed,
}

/// Everything a section needs.
pub struct Ctx<'a> {
    pub journey: &'a Journey,
    pub marks: Marks<'a>,
    pub overlay: Option<&'a Overlay>,
    pub layout: Layout,
    pub options: &'a RenderOptions,
    pub frame: &'a Frame,
    /// Overlay tags, painted last ([`overlay::draw_tags`]).
    tags: Mutex<Vec<overlay::Tag>>,
    /// Elements whose `data-change` mark is written (an element drawn twice, such as a
    /// metric under two stages, carries it once).
    marked: Mutex<std::collections::HashSet<ElementKey>>,
}

impl Ctx<'_> {
    /// Writes ` data-change="…" data-change-number="N"` on an open group tag when the
    /// overlay marks `key`, the first time only.
    pub fn mark(&self, svg: &mut Svg, key: &ElementKey) {
        if let Some(mark) = self.overlay.and_then(|overlay| overlay.marks.get(key))
            && lock(&self.marked).insert(key.clone())
        {
            svg.fmt(format_args!(
                " data-change=\"{}\" data-change-number=\"{}\"",
                mark.change, mark.number
            ));
        }
    }

    /// The overlay tags recorded so far, in drawing order.
    pub fn tags(&self) -> MutexGuard<'_, Vec<overlay::Tag>> {
        lock(&self.tags)
    }

    pub fn change(&self, key: &ElementKey) -> Change {
        match self.overlay {
            Some(overlay) if overlay.added.contains(key) => Change::Added,
            Some(overlay) if overlay.changed.contains(key) => Change::Changed,
            _ => Change::None,
        }
    }
}

fn inputs<'a>(
    journey: &'a Journey,
    options: &'a RenderOptions,
    handoff_flagged: &'a [bool],
    finding_lines: usize,
    finding_texts: Option<&'a [String]>,
    frame: &'a Frame,
    stages: std::ops::Range<usize>,
) -> layout::Inputs<'a> {
    layout::Inputs {
        journey,
        overlay: options.overlay.as_ref(),
        handoff_flagged,
        finding_lines,
        finding_texts,
        detail: options.detail,
        stages,
        rows: frame.rows.clone(),
        slots: frame.slots.clone(),
        tail: frame.tail.clone(),
        metrics: frame.metrics,
        loose_metrics: frame.loose_metrics,
        card_lines: frame.card_lines,
        notes: frame.notes,
        legend_groups: if frame.legend {
            legend::groups(options).len()
        } else {
            0
        },
        sheets: &frame.sheets,
        // A diff overlay keeps the full header: its before → after strip is on every page.
        compact_header: frame.compact && options.overlay.is_none(),
        hide_empty_lanes: frame.hide_empty_lanes,
        chart_above: frame.chart_above,
        min_width: frame.min_width,
        changes: frame.changes_under_map(),
        notes_width: frame.notes_width,
    }
}

/// The change list's pages of a paged diff overlay: entry ranges, one per page.
pub fn change_pages(options: &RenderOptions, page: super::Page) -> Vec<std::ops::Range<usize>> {
    overlay::change_pages(options.overlay.as_ref(), page)
}

/// Handoff index → whether its label carries a finding badge (as [`draw`] draws it).
pub fn handoff_flags(
    journey: &Journey,
    findings: &[Finding],
    options: &RenderOptions,
) -> Vec<bool> {
    let marks = Marks::new(findings, options.findings_shown());
    (0..journey.handoffs.len())
        .map(|index| !marks.of(&Element::Handoff(index).key(journey)).is_empty())
        .collect()
}

/// The findings `frame` lists, as indices into the drawing order.
fn listed_range(frame: &Frame, total: usize) -> std::ops::Range<usize> {
    let listed = frame.listed.clone().unwrap_or(0..total);
    listed.start.min(total)..listed.end.min(total)
}

/// The listed findings' texts, when `frame` sets the list beside the legend.
fn beside_texts(
    journey: &Journey,
    findings: &[Finding],
    frame: &Frame,
    listed: usize,
    range: std::ops::Range<usize>,
) -> Option<Vec<String>> {
    if !frame.notes_beside || listed == 0 {
        return None;
    }
    let ordered = findings::ordered(findings);
    Some(
        ordered
            .get(range)
            .unwrap_or_default()
            .iter()
            .map(|finding| findings::line(journey, finding))
            .collect(),
    )
}

/// The (width, height) of the map `frame` shows (for splitting into pages), its labels
/// badged as `flagged` says (a badge makes a label wider, which can send it to the key).
pub fn map_size(
    journey: &Journey,
    findings: &[Finding],
    options: &RenderOptions,
    flagged: &[bool],
    frame: &Frame,
) -> (f64, f64) {
    let stages = frame.stages.clone().unwrap_or(0..journey.stages.len());
    // Lines as the frame says (the pager sizes notes pages of 1 and 2 lines to learn a
    // line's height, whatever the findings).
    let lines = if options.findings_shown() && frame.findings {
        frame.listed.as_ref().map_or(0, |listed| listed.len())
    } else {
        0
    };
    let range = listed_range(frame, findings.len());
    let texts = beside_texts(journey, findings, frame, lines, range);
    let mut layout = layout::layout(&inputs(
        journey,
        options,
        flagged,
        lines,
        texts.as_deref(),
        frame,
        stages,
    ));
    overlay::make_room(&mut layout, options.overlay.as_ref(), journey, frame);
    (layout.width, layout.height)
}

/// The map of `frame` as one SVG document.
pub fn draw(
    journey: &Journey,
    findings: &[Finding],
    options: &RenderOptions,
    frame: &Frame,
) -> String {
    // About 1.5 kB per card and arrow.
    let svg =
        Svg::with_capacity(16_384 + (journey.touchpoints.len() + journey.handoffs.len()) * 1_600);
    draw_into(svg, journey, findings, options, frame).finish()
}

/// The map of `frame` written to `sink` as it is drawn, in chunks: the document is never
/// whole in memory (a 10,000-touchpoint canvas is 26 MB).
pub fn draw_to(
    sink: &mut dyn std::io::Write,
    journey: &Journey,
    findings: &[Finding],
    options: &RenderOptions,
    frame: &Frame,
) -> std::io::Result<()> {
    draw_into(Svg::streaming(sink), journey, findings, options, frame).finish_stream()
}

fn draw_into<'w>(
    mut svg: Svg<'w>,
    journey: &Journey,
    findings: &[Finding],
    options: &RenderOptions,
    frame: &Frame,
) -> Svg<'w> {
    let show = options.findings_shown();
    let marks = Marks::new(findings, show);
    let handoff_flagged: Vec<bool> = journey
        .handoffs
        .iter()
        .enumerate()
        .map(|(index, _)| !marks.of(&Element::Handoff(index).key(journey)).is_empty())
        .collect();
    let range = listed_range(frame, findings.len());
    let listed = if show && frame.findings {
        range.len()
    } else {
        0
    };
    let stages = frame.stages.clone().unwrap_or(0..journey.stages.len());
    let texts = beside_texts(journey, findings, frame, listed, range.clone());
    let mut layout = layout::layout(&inputs(
        journey,
        options,
        &handoff_flagged,
        listed,
        texts.as_deref(),
        frame,
        stages,
    ));
    overlay::make_room(&mut layout, options.overlay.as_ref(), journey, frame);
    let ctx = Ctx {
        journey,
        marks,
        overlay: options.overlay.as_ref(),
        layout,
        options,
        frame,
        tags: Default::default(),
        marked: Default::default(),
    };
    open_document(&mut svg, &ctx);
    header::draw(&mut svg, &ctx);
    if !frame.notes {
        stages::draw(&mut svg, &ctx);
        if ctx.layout.emotion {
            emotion::draw(&mut svg, &ctx);
        }
        lanes::draw(&mut svg, &ctx);
        overlay::draw_ghost_lanes(&mut svg, &ctx);
        if frame.metrics {
            metrics::draw(&mut svg, &ctx);
            overlay::draw_ghost_metrics(&mut svg, &ctx);
        }
        cards::draw(&mut svg, &ctx);
        overlay::draw_ghosts(&mut svg, &ctx);
        handoffs::draw(&mut svg, &ctx);
        handoffs::draw_key(&mut svg, &ctx);
        overlay::draw_removed_handoffs(&mut svg, &ctx);
        overlay::draw_tags(&mut svg, &ctx);
    } else if ctx.layout.metrics_h > 0.0 {
        // The metrics no stage names, on a paged map's first notes page.
        metrics::draw(&mut svg, &ctx);
    }
    overlay::draw_change_list(&mut svg, &ctx);
    if listed > 0 {
        findings::draw_list(&mut svg, &ctx, findings, range);
    }
    if frame.legend {
        legend::draw(&mut svg, &ctx);
    }
    if frame.page.sheet().is_some() {
        svg.close_g();
    }
    svg.raw("</svg>");
    svg
}

/// Draws items `0..count` in order, each with `item`. Without an overlay (whose tags and
/// marks are recorded in drawing order) a long run is drawn in pieces on rayon's pool
/// ([`crate::render::par`]) and the pieces are appended in order: the same bytes as
/// drawing the items one after the other, with one window of pieces in memory at a time.
pub fn in_order(svg: &mut Svg, ctx: &Ctx<'_>, count: usize, item: impl Fn(&mut Svg, usize) + Sync) {
    /// Items per piece, pieces per window, and the markup an item makes, about.
    const PIECE: usize = 64;
    const WINDOW: usize = 16;
    const ITEM_BYTES: usize = 1_600;
    if ctx.overlay.is_some() || count < 2 * PIECE {
        for index in 0..count {
            item(svg, index);
        }
        return;
    }
    let firsts: Vec<usize> = (0..count).step_by(PIECE).collect();
    for window in firsts.chunks(WINDOW) {
        let pieces = super::par::map_heavy(window, |_, &first| {
            let mut piece = Svg::with_capacity(PIECE * ITEM_BYTES);
            for index in first..(first + PIECE).min(count) {
                item(&mut piece, index);
            }
            piece.into_piece()
        });
        for piece in &pieces {
            svg.append(piece);
        }
    }
}

/// Sheet units per map px: the deck's scale ([`Frame::scale`]) or, without one, as large
/// as the printable area allows; smaller when the map would not fit at it, never below
/// the page's minimum (a map taller than that makes the sheet longer instead).
fn page_scale(frame: &Frame, area: super::page::Rect2, min_scale: f64, w: f64, h: f64) -> f64 {
    let fit = (area.w / w).min(area.h / h);
    frame.scale.map_or(fit, |deck| deck.min(fit)).max(min_scale)
}

fn open_document(svg: &mut Svg, ctx: &Ctx<'_>) {
    let layout = &ctx.layout;
    let (w, h) = (layout.width, layout.height);
    svg.raw("<svg xmlns=\"http://www.w3.org/2000/svg\" lang=\"en\" role=\"img\"");
    match ctx.frame.page.area() {
        None => svg.fmt(format_args!(
            " width=\"{}\" height=\"{}\" viewBox=\"0 0 {} {}\">",
            N(w),
            N(h),
            N(w),
            N(h)
        )),
        Some((area, min_scale)) => {
            // The sheet in its own units; the map scaled to fit its printable area, never
            // below the scale that keeps the smallest text at the page's minimum: a map
            // taller than that makes the sheet longer instead.
            let (sheet_w, sheet_h, unit) = ctx.frame.page.sheet().unwrap_or((w, h, "px"));
            let scale = page_scale(ctx.frame, area, min_scale, w, h);
            let sheet_h = sheet_h.max(h * scale + 2.0 * area.y);
            svg.fmt(format_args!(
                " width=\"{}{unit}\" height=\"{}{unit}\" viewBox=\"0 0 {} {}\" data-page=\"{}\" data-scale=\"{}\">",
                N(sheet_w),
                N(sheet_h),
                N(sheet_w),
                N(sheet_h),
                ctx.frame.page.name(),
                scale
            ));
        }
    }
    svg.title(&format!("Journey map: {}", ctx.journey.meta.title.value));
    svg.desc(&format!(
        "{} lanes, {} stages, {} touchpoints, {} handoffs",
        ctx.journey.lanes.len(),
        ctx.journey.stages.len(),
        ctx.journey.touchpoints.len(),
        ctx.journey.handoffs.len()
    ));
    svg.raw("<style>");
    svg.raw(&style::stylesheet());
    svg.raw("</style>");
    definitions(svg);
    if let Some((area, min_scale)) = ctx.frame.page.area() {
        let (sheet_w, sheet_h, _) = ctx.frame.page.sheet().unwrap_or((w, h, "px"));
        let scale = page_scale(ctx.frame, area, min_scale, w, h);
        let sheet_h = sheet_h.max(h * scale + 2.0 * area.y);
        svg.rect(
            layout::Rect::new(0.0, 0.0, sheet_w, sheet_h),
            "fill=\"#ffffff\"",
        );
        // Centred across the sheet.
        let x = area.x + (area.w - w * scale).max(0.0) / 2.0;
        svg.fmt(format_args!(
            "<g transform=\"translate({} {}) scale({})\">",
            N(x),
            N(area.y),
            scale
        ));
    }
    svg.rect(layout::Rect::new(0.0, 0.0, w, h), "fill=\"#ffffff\"");
}

fn definitions(svg: &mut Svg) {
    svg.raw("<defs>");
    for (id, color) in [
        ("arrow", style::ARROW),
        ("arrow-red", RED),
        ("arrow-green", style::GREEN),
        ("arrow-amber", style::AMBER),
    ] {
        svg.fmt(format_args!(
            "<marker id=\"{id}\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"8\" \
markerHeight=\"8\" markerUnits=\"userSpaceOnUse\" orient=\"auto\"><path d=\"M0,1 L10,5 L0,9 Z\" \
fill=\"{color}\"/></marker>"
        ));
    }
    svg.raw("</defs>");
}

pub use crate::text::count_with as plural;
pub use crate::text::signed;

/// A line of text with its full text as tooltip when it was shortened.
pub fn text_with_tooltip(svg: &mut Svg, x: f64, y: f64, class: &str, shown: &str, full: &str) {
    use super::text::one_line_cow;
    if one_line_cow(shown) == one_line_cow(full) {
        svg.text(x, y, class, "", shown);
    } else {
        svg.open_g();
        svg.title(full);
        svg.text(x, y, class, "", shown);
        svg.close_g();
    }
}

/// A thin rule across from `left` to `right` at `y`, as over the notes and the key.
pub fn rule(svg: &mut Svg, left: f64, right: f64, y: f64) {
    svg.line(
        left,
        y,
        right,
        y,
        &format!("stroke=\"{}\" stroke-width=\"1\"", super::style::RULE),
    );
}

/// A count in a red circle (errors) or an amber triangle (warnings only), with every
/// finding in its tooltip.
pub fn finding_badge(svg: &mut Svg, cx: f64, cy: f64, findings: &[&Finding]) {
    badge_with(svg, cx, cy, findings, &findings.len().to_string());
}

pub fn badge_with(svg: &mut Svg, cx: f64, cy: f64, findings: &[&Finding], mark: &str) {
    let worst = findings
        .iter()
        .map(|finding| finding.level)
        .max()
        .unwrap_or(Level::Warning);
    let tooltip = findings
        .iter()
        .map(|finding| {
            format!(
                "{} [{}] {}",
                finding.level.as_str(),
                finding.rule,
                finding.message
            )
        })
        .collect::<Vec<_>>()
        .join("\n");
    svg.group("finding", "");
    svg.title(&tooltip);
    badge_shape(svg, cx, cy, worst, mark);
    svg.close_g();
}

/// The badge itself: a red circle for errors, an amber triangle for warnings.
pub fn badge_shape(svg: &mut Svg, cx: f64, cy: f64, level: Level, mark: &str) {
    match level {
        Level::Error => {
            svg.circle(
                cx,
                cy,
                9.5,
                &format!("fill=\"{RED}\" stroke=\"#ffffff\" stroke-width=\"1.5\""),
            );
            svg.text(cx, cy + 4.0, "badge", "text-anchor=\"middle\"", mark);
        }
        Level::Warning => {
            svg.path(
                &format!(
                    "M{},{} L{},{} L{},{} Z",
                    N(cx),
                    N(cy - 11.0),
                    N(cx + 11.0),
                    N(cy + 8.5),
                    N(cx - 11.0),
                    N(cy + 8.5)
                ),
                &format!(
                    "fill=\"{}\" stroke=\"{}\" stroke-width=\"1.2\" stroke-linejoin=\"round\"",
                    style::AMBER_FILL,
                    style::AMBER
                ),
            );
            svg.text(cx, cy + 6.0, "badge-dark", "text-anchor=\"middle\"", mark);
        }
    }
}

/// A readable name for an element key: `touchpoint:x` → its name, `handoff:a->b` → `A → B`
/// ([`Element::label`]); a key this journey does not hold shows as written.
pub fn element_name(journey: &Journey, key: &ElementKey) -> String {
    use super::text::one_line;
    match key.resolve(journey) {
        Some(element) => one_line(&element.label(journey)),
        None => one_line(&key.to_string()),
    }
}
