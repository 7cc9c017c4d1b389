//! Drawing: the laid-out map as SVG elements (svg crate).
//!
//! User text only ever reaches the document through [`label`] / [`title`], which clean it
//! ([`text::clean`]) and hand it to the svg crate's text nodes, which escape it. Attribute
//! values are numbers, fixed class names and colours, never user text.

use super::layout::{self, CARD_W, LANE_HEAD_W, Layout, Rect};
use super::text::{self, clean, one_line};
use super::{Overlay, RenderOptions};
use crate::diagnostic::{Finding, Level};
use crate::model::{
    Comparison, Element as ModelElement, ElementKey, ElementKind, Journey, LaneKind, MetricStatus,
    Severity, State, emotion_word,
};
use std::collections::HashMap;
use svg::Document;
use svg::Node;
use svg::node::element::{
    Circle, Definitions, Description, Element, Group, Line, Marker, Path, Rectangle, Style, Title,
};

const INK: &str = "#1f2933";
const INK_2: &str = "#52606d";
const INK_3: &str = "#7b8794";
const RULE: &str = "#cbd2d9";
const RED: &str = "#c62828";
const AMBER: &str = "#b7791f";
const AMBER_FILL: &str = "#f6c344";
const GREEN: &str = "#2e7d32";
const ARROW: &str = "#52606d";

const FONT_STACK: &str = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', \
Arial, 'Liberation Sans', 'DejaVu Sans', sans-serif";

/// Sizes in px of the text classes, shared by the stylesheet and the width estimates.
mod size {
    pub const TITLE: f64 = 26.0;
    pub const SUB: f64 = 13.0;
    pub const META: f64 = 12.0;
    pub const STAGE: f64 = 14.0;
    pub const GOAL: f64 = 11.0;
    pub const KICKER: f64 = 9.5;
    pub const LANE: f64 = 13.0;
    pub const OWNER: f64 = 10.5;
    pub const CARD: f64 = 12.5;
    pub const CHANNEL: f64 = 10.5;
    pub const PILL: f64 = 9.5;
    pub const STEP: f64 = 9.5;
    pub const METRIC: f64 = 11.0;
    pub const METRIC_VALUE: f64 = 10.0;
    pub const SMALL: f64 = 10.0;
    pub const LEGEND: f64 = 11.0;
    pub const H2: f64 = 13.0;
}

fn stylesheet() -> String {
    use size::*;
    format!(
        "text{{font-family:{FONT_STACK};fill:{INK}}}\
.title{{font-size:{TITLE}px;font-weight:700}}\
.sub{{font-size:{SUB}px;fill:{INK_2}}}\
.meta{{font-size:{META}px;fill:{INK_2}}}\
.meta-b{{font-size:{META}px;font-weight:700}}\
.stage{{font-size:{STAGE}px;font-weight:700}}\
.goal{{font-size:{GOAL}px;fill:{INK_2}}}\
.kicker{{font-size:{KICKER}px;font-weight:700;letter-spacing:0.06em;fill:{INK_3}}}\
.lane{{font-size:{LANE}px;font-weight:700}}\
.owner{{font-size:{OWNER}px;fill:{INK_2}}}\
.card{{font-size:{CARD}px;font-weight:700}}\
.channel{{font-size:{CHANNEL}px;fill:{INK_2}}}\
.pill{{font-size:{PILL}px;font-weight:700}}\
.step{{font-size:{STEP}px;font-weight:700;fill:{INK_2}}}\
.metric{{font-size:{METRIC}px;font-weight:700}}\
.value{{font-size:{METRIC_VALUE}px;fill:{INK}}}\
.small{{font-size:{SMALL}px;fill:{INK_2}}}\
.label{{font-size:{}px;fill:{INK}}}\
.label-alert{{font-size:{}px;font-weight:700;fill:{RED}}}\
.legend{{font-size:{LEGEND}px;fill:{INK_2}}}\
.h2{{font-size:{H2}px;font-weight:700}}\
.halo{{paint-order:stroke;stroke:#fafbfc;stroke-width:3px;stroke-linejoin:round}}\
.badge{{font-size:9px;font-weight:700;fill:#fff}}\
.badge-dark{{font-size:9px;font-weight:700;fill:{INK}}}",
        layout::LABEL_FONT,
        layout::LABEL_FONT,
    )
}

/// A `<text>` element written without whitespace around its content (the svg crate's own
/// `Text` element pretty-prints newlines inside it, which some renderers would show).
#[derive(Debug, Clone)]
struct Label(Element);

impl Label {
    fn set(mut self, name: &str, value: impl Into<svg::node::Value>) -> Self {
        self.0.assign(name, value);
        self
    }
}

impl From<Label> for Box<dyn svg::Node> {
    fn from(label: Label) -> Self {
        Box::new(label.0)
    }
}

/// A line of user (or fixed) text: cleaned to one line, then escaped by the svg crate.
fn label(x: f64, y: f64, content: &str, class: &str) -> Label {
    let mut element = Element::new("text");
    element.append(svg::node::Text::new(one_line(content)));
    Label(element)
        .set("x", round(x))
        .set("y", round(y))
        .set("class", class)
}

fn label_end(x: f64, y: f64, content: &str, class: &str) -> Label {
    label(x, y, content, class).set("text-anchor", "end")
}

fn label_middle(x: f64, y: f64, content: &str, class: &str) -> Label {
    label(x, y, content, class).set("text-anchor", "middle")
}

/// A tooltip: the full, cleaned text (newlines kept).
fn title(content: &str) -> Title {
    Title::new(clean(content))
}

/// Coordinates rounded to 0.1 px: shorter files, stable output.
fn round(value: f64) -> f64 {
    let rounded = (value * 10.0).round() / 10.0;
    if rounded == 0.0 { 0.0 } else { rounded }
}

fn rect(r: Rect) -> Rectangle {
    Rectangle::new()
        .set("x", round(r.x))
        .set("y", round(r.y))
        .set("width", round(r.w))
        .set("height", round(r.h))
}

fn line(x1: f64, y1: f64, x2: f64, y2: f64) -> Line {
    Line::new()
        .set("x1", round(x1))
        .set("y1", round(y1))
        .set("x2", round(x2))
        .set("y2", round(y2))
}

/// Findings grouped by the element they are about.
struct Marks<'a> {
    by_element: HashMap<ElementKey, Vec<&'a Finding>>,
    journey: Vec<&'a Finding>,
    stale: bool,
    show: bool,
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
            stale: findings
                .iter()
                .any(|finding| finding.rule == "stale-review"),
            show,
        }
    }

    fn of(&self, key: &ElementKey) -> &[&'a Finding] {
        if !self.show {
            return &[];
        }
        self.by_element.get(key).map_or(&[], Vec::as_slice)
    }
}

/// Overlay state of one element.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Change {
    None,
    Added,
    Changed,
}

fn change_of(overlay: Option<&Overlay>, key: &ElementKey) -> Change {
    match overlay {
        Some(overlay) if overlay.added.contains(key) => Change::Added,
        Some(overlay) if overlay.changed.contains(key) => Change::Changed,
        _ => Change::None,
    }
}

pub fn draw(journey: &Journey, findings: &[Finding], options: &RenderOptions) -> String {
    let marks = Marks::new(findings, options.show_findings);
    let overlay = options.overlay.as_ref();
    let handoff_flagged: Vec<bool> = journey
        .handoffs
        .iter()
        .enumerate()
        .map(|(index, _)| {
            !marks
                .of(&ModelElement::Handoff(index).key(journey))
                .is_empty()
        })
        .collect();
    let listed = if options.show_findings {
        findings.len()
    } else {
        0
    };
    let legend = legend_groups(options);
    let layout = layout::layout(&layout::Inputs {
        journey,
        overlay,
        handoff_flagged: &handoff_flagged,
        finding_lines: listed,
        legend_groups: legend.len(),
    });

    let mut document = Document::new()
        .set("width", round(layout.width))
        .set("height", round(layout.height))
        .set("viewBox", (0, 0, round(layout.width), round(layout.height)))
        .set("role", "img")
        .add(title(&format!("Journey map: {}", journey.meta.title.value)))
        .add(Description::new().add(svg::node::Text::new(clean(&format!(
            "{} lanes, {} stages, {} touchpoints, {} handoffs",
            journey.lanes.len(),
            journey.stages.len(),
            journey.touchpoints.len(),
            journey.handoffs.len()
        )))))
        .add(Style::new(stylesheet()))
        .add(definitions())
        .add(rect(Rect::new(0.0, 0.0, layout.width, layout.height)).set("fill", "#ffffff"));
    document = document
        .add(header(journey, &marks, &layout))
        .add(stage_headers(journey, &marks, overlay, &layout))
        .add(emotion_curve(journey, &layout))
        .add(lanes(journey, &marks, overlay, &layout))
        .add(metrics_row(journey, &marks, overlay, &layout))
        .add(cards(journey, &marks, overlay, &layout))
        .add(ghosts(overlay, &layout))
        .add(routes(journey, &marks, overlay, &layout));
    if options.show_findings && !findings.is_empty() {
        document = document.add(findings_list(journey, findings, &layout));
    }
    document = document.add(draw_legend(&legend, &layout));
    let mut out = document.to_string();
    out.push('\n');
    out
}

fn definitions() -> Definitions {
    let arrow = |id: &str, color: &str| {
        Marker::new()
            .set("id", id)
            .set("viewBox", "0 0 10 10")
            .set("refX", 9)
            .set("refY", 5)
            .set("markerWidth", 7)
            .set("markerHeight", 7)
            .set("markerUnits", "userSpaceOnUse")
            .set("orient", "auto")
            .add(Path::new().set("d", "M0,1 L10,5 L0,9 Z").set("fill", color))
    };
    Definitions::new()
        .add(arrow("arrow", ARROW))
        .add(arrow("arrow-red", RED))
        .add(arrow("arrow-green", GREEN))
        .add(arrow("arrow-amber", AMBER))
}

// ---------------------------------------------------------------------------------------
// Header

fn header(journey: &Journey, marks: &Marks<'_>, layout: &Layout) -> Group {
    let meta = &journey.meta;
    let left = layout.grid_left;
    let top = layout::MARGIN;
    let mut group = Group::new().set("class", "header");
    let state = match meta.state {
        State::AsIs => "AS-IS",
        State::ToBe => "TO-BE",
    };
    let badge_w = text::width(state, 11.0, true) + 20.0;
    let title_max = layout.grid_right - left - badge_w - 380.0;
    let title_text = text::truncate(&one_line(&meta.title.value), title_max, size::TITLE, true);
    let title_w = text::width(&title_text, size::TITLE, true);
    group = group.add(with_tooltip(
        label(left, top + 26.0, &title_text, "title"),
        &title_text,
        &meta.title.value,
    ));

    // State badge: TO-BE filled, AS-IS outlined, so the two differ in grey too.
    let badge = Rect::new(left + title_w + 14.0, top + 8.0, badge_w, 22.0);
    let (fill, text_fill) = match meta.state {
        State::AsIs => ("#ffffff", INK),
        State::ToBe => (INK, "#ffffff"),
    };
    group = group
        .add(
            rect(badge)
                .set("rx", 11)
                .set("fill", fill)
                .set("stroke", INK)
                .set("stroke-width", 1.5),
        )
        .add(
            label_middle(badge.center_x(), badge.y + 15.0, state, "meta-b").set(
                "style",
                format!("fill:{text_fill};font-size:11px;letter-spacing:0.08em"),
            ),
        );

    let width = layout.grid_right - left;
    if let Some(persona) = &meta.persona {
        let full = format!("Persona: {}", one_line(&persona.value));
        let shown = text::truncate(&full, width - 320.0, size::SUB, false);
        group = group.add(with_tooltip(
            label(left, top + 50.0, &shown, "sub"),
            &shown,
            &full,
        ));
    }

    // Owner and review date, one line.
    let mut x = left;
    let y = if meta.persona.is_some() {
        top + 72.0
    } else {
        top + 52.0
    };
    let owner = meta
        .owner
        .as_ref()
        .map_or("not named".to_string(), |owner| one_line(&owner.value));
    let owner_full = format!("Owner: {owner}");
    let owner_text = text::truncate(&owner_full, 420.0, size::META, false);
    group = group.add(with_tooltip(
        label(x, y, &owner_text, "meta"),
        &owner_text,
        &owner_full,
    ));
    x += text::width(&owner_text, size::META, false) + 18.0;
    let reviewed = meta
        .reviewed
        .as_ref()
        .map_or("never".to_string(), |date| date.value.to_string());
    let reviewed_text = format!("Last reviewed: {reviewed}");
    group = group.add(label(x, y, &reviewed_text, "meta"));
    x += text::width(&reviewed_text, size::META, false) + 8.0;
    if marks.stale {
        let stale = "STALE";
        let w = text::width(stale, size::KICKER, true) + 14.0;
        group = group
            .add(
                rect(Rect::new(x, y - 12.0, w, 16.0))
                    .set("rx", 3)
                    .set("fill", AMBER_FILL)
                    .set("stroke", AMBER),
            )
            .add(title_group(
                label_middle(x + w / 2.0, y - 0.5, stale, "pill"),
                "The review date is missing or older than the stale-review rule allows",
            ));
    }

    // Lint summary on the right.
    if marks.show {
        let all = marks.by_element.values().flatten().chain(&marks.journey);
        let (error_count, warning_count) = all.fold((0, 0), |(e, w), f| match f.level {
            Level::Error => (e + 1, w),
            Level::Warning => (e, w + 1),
        });
        let summary = if error_count + warning_count == 0 {
            "Lint: no findings".to_string()
        } else {
            format!(
                "Lint: {} · {} (listed below the map)",
                plural(error_count, "error", "errors"),
                plural(warning_count, "warning", "warnings")
            )
        };
        let right = layout.grid_right;
        group = group.add(label_end(right, top + 20.0, &summary, "meta"));
        if !marks.journey.is_empty() {
            let w = text::width(&summary, size::META, false);
            group = group.add(finding_badge(right - w - 14.0, top + 16.0, &marks.journey));
        }
    }
    group.add(
        line(
            left,
            top + HEADER_RULE,
            layout.grid_right,
            top + HEADER_RULE,
        )
        .set("stroke", RULE)
        .set("stroke-width", 1),
    )
}

const HEADER_RULE: f64 = 86.0;

/// A chevron filling `area`, its point on the right; all but the first are notched on
/// the left to take the previous one's point.
fn chevron(area: Rect, first: bool, depth: f64) -> String {
    let (x, y, right, bottom) = (area.x, area.y, area.right(), area.bottom());
    let middle = y + area.h / 2.0;
    let notch = if first { x } else { x + depth };
    format!(
        "M{},{} L{},{} L{},{} L{},{} L{},{} L{},{} Z",
        round(x),
        round(y),
        round(right - depth),
        round(y),
        round(right),
        round(middle),
        round(right - depth),
        round(bottom),
        round(x),
        round(bottom),
        round(notch),
        round(middle)
    )
}

use crate::text::count_with as plural;

/// The text at `index`, or nothing.
fn pick(texts: &[String], index: usize) -> &str {
    texts.get(index).map_or("", String::as_str)
}

// ---------------------------------------------------------------------------------------
// Stages

fn stage_headers(
    journey: &Journey,
    marks: &Marks<'_>,
    overlay: Option<&Overlay>,
    layout: &Layout,
) -> Group {
    let mut group = Group::new().set("class", "stages");
    group = group.add(label(
        layout.grid_left + 4.0,
        layout.stage_y + 22.0,
        "STAGES",
        "kicker",
    ));
    group = group.add(label(
        layout.grid_left + 4.0,
        layout.stage_y + 38.0,
        "left to right, with their goal",
        "small",
    ));
    for (index, stage) in journey.stages.iter().enumerate() {
        let Some(&x) = layout.columns.get(index) else {
            continue;
        };
        let key = ModelElement::Stage(index).key(journey);
        // A chevron from this column to the next: the stages read as one flow.
        let next = layout
            .columns
            .get(index + 1)
            .copied()
            .unwrap_or(layout.grid_right + 12.0);
        let area = Rect::new(
            x - 10.0,
            layout.stage_y,
            (next - x - 8.0).max(CARD_W + 12.0),
            layout::STAGE_HEAD_H - 6.0,
        );
        let mut node = Group::new();
        let mut tooltip = format!("Stage {}: {}", index + 1, stage.name.value);
        if let Some(goal) = &stage.goal {
            tooltip.push_str(&format!("\nGoal: {}", goal.value));
        }
        node = node.add(title(&tooltip));
        node = node.add(
            Path::new()
                .set("d", chevron(area, index == 0, 14.0))
                .set("fill", if index % 2 == 0 { "#eceff3" } else { "#e3e7ec" }),
        );
        let text_w = area.w - 36.0;
        node = node.add(label(
            x + 6.0,
            area.y + 19.0,
            &format!("STAGE {}", index + 1),
            "kicker",
        ));
        let (name_lines, _) =
            text::wrap(&one_line(&stage.name.value), text_w, size::STAGE, true, 2);
        let mut y = area.y + 37.0;
        for name_line in &name_lines {
            node = node.add(label(x + 6.0, y, name_line, "stage"));
            y += 17.0;
        }
        if let Some(goal) = &stage.goal {
            let room = if name_lines.len() > 1 { 2 } else { 3 };
            let (goal_lines, _) =
                text::wrap(&one_line(&goal.value), text_w, size::GOAL, false, room);
            y += 1.0;
            for goal_line in goal_lines {
                node = node.add(label(x + 6.0, y, &goal_line, "goal"));
                y += 14.0;
            }
        }
        let area = Rect::new(area.x, area.y, area.w - 14.0, area.h);
        node = add_change(node, area, change_of(overlay, &key));
        let found = marks.of(&key);
        if !found.is_empty() {
            node = node.add(finding_badge(area.right(), area.y, found));
        }
        group = group.add(node);
    }
    group
}

// ---------------------------------------------------------------------------------------
// Emotion curve

const EMOTION_TOP_PAD: f64 = 34.0;
const EMOTION_STEP: f64 = 22.0;

fn emotion_y(layout: &Layout, emotion: f64) -> f64 {
    layout.emotion_y + EMOTION_TOP_PAD + (2.0 - emotion) * EMOTION_STEP
}

/// x of every touchpoint's point: its place in journey order within its stage's column.
fn emotion_xs(journey: &Journey, layout: &Layout) -> Vec<Option<f64>> {
    let mut xs = vec![None; journey.touchpoints.len()];
    for (stage_index, stage) in journey.stages.iter().enumerate() {
        let Some(&x) = layout.columns.get(stage_index) else {
            continue;
        };
        let n = stage.touchpoints.len() as f64;
        for (position, &touchpoint) in stage.touchpoints.iter().enumerate() {
            if let Some(slot) = xs.get_mut(touchpoint) {
                *slot = Some(x + (position as f64 + 0.5) * CARD_W / n);
            }
        }
    }
    xs
}

fn emotion_curve(journey: &Journey, layout: &Layout) -> Group {
    let mut group = Group::new().set("class", "emotion");
    let top = layout.emotion_y;
    let left = layout.grid_left;
    let right = layout.grid_right;
    group = group.add(
        rect(Rect::new(left, top, right - left, layout::EMOTION_H))
            .set("rx", 6)
            .set("fill", "#fafbfc")
            .set("stroke", RULE),
    );
    group = group
        .add(label(left + 12.0, top + 20.0, "CLIENT EMOTION", "kicker"))
        .add(label(
            left + 12.0,
            top + layout::EMOTION_H - 12.0,
            "per touchpoint, -2 … +2",
            "small",
        ));
    // The scale's words at its ends and middle, as every output names them.
    let names = [2i8, 1, 0, -1, -2].map(|value| {
        let number = crate::text::signed(f64::from(value));
        if value == 0 || value.abs() == 2 {
            (value, format!("{number} {}", emotion_word(value)))
        } else {
            (value, number)
        }
    });
    let axis_right = left + LANE_HEAD_W - 8.0;
    for (value, name) in names {
        let y = emotion_y(layout, f64::from(value));
        let (stroke, dash) = if value == 0 {
            ("#9aa5b1", "none")
        } else {
            ("#e4e7eb", "none")
        };
        group = group
            .add(
                line(axis_right + 4.0, y, right - 8.0, y)
                    .set("stroke", stroke)
                    .set("stroke-width", 1)
                    .set("stroke-dasharray", dash),
            )
            .add(label_end(axis_right, y + 3.5, &name, "small"));
    }

    // Per-touchpoint points in journey order; a gap where a touchpoint states no emotion.
    let mut points: Vec<(usize, f64, f64, i8)> = Vec::new();
    let xs = emotion_xs(journey, layout);
    for (index, touchpoint) in journey.touchpoints.iter().enumerate() {
        let Some(emotion) = &touchpoint.emotion else {
            continue;
        };
        let Some(x) = xs.get(index).copied().flatten() else {
            continue;
        };
        points.push((
            index,
            x,
            emotion_y(layout, f64::from(emotion.value)),
            emotion.value,
        ));
    }
    if points.len() > 1 {
        let mut d = String::new();
        for (position, (_, x, y, _)) in points.iter().enumerate() {
            let command = if position == 0 { 'M' } else { 'L' };
            d.push_str(&format!("{command}{},{} ", round(*x), round(*y)));
        }
        group = group.add(
            Path::new()
                .set("d", d.trim_end())
                .set("fill", "none")
                .set("stroke", INK_2)
                .set("stroke-width", 2)
                .set("stroke-linejoin", "round"),
        );
    }

    // Stage means: a dashed bar across the column.
    for (index, stage) in journey.stages.iter().enumerate() {
        let (Some(mean), Some(&x)) = (journey.stage_mean(index), layout.columns.get(index)) else {
            continue;
        };
        let y = emotion_y(layout, mean);
        let text = format!("mean {}", signed(mean));
        group = group
            .add(title_group(
                line(x + 4.0, y, x + CARD_W - 4.0, y)
                    .set("stroke", "#3e4c59")
                    .set("stroke-width", 2)
                    .set("stroke-dasharray", "6 4")
                    .set("opacity", 0.55),
                &format!("{}: mean emotion {}", stage.name.value, signed(mean)),
            ))
            .add(label_end(
                x + CARD_W - 2.0,
                layout.emotion_y + 16.0,
                &text,
                "small",
            ));
    }

    let lowest = journey
        .lowest_touchpoints()
        .first()
        .map(|point| point.emotion);
    let mut lowest_labelled = false;
    for &(index, x, y, value) in &points {
        let Some(touchpoint) = journey.touchpoints.get(index) else {
            continue;
        };
        let color = match value {
            v if v < 0 => RED,
            0 => INK_2,
            _ => GREEN,
        };
        let mut point = Group::new().add(title(&format!(
            "{}. {}: emotion {}",
            index + 1,
            touchpoint.name.value,
            signed(f64::from(value))
        )));
        if Some(value) == lowest && points.len() > 1 {
            point = point.add(
                Circle::new()
                    .set("cx", round(x))
                    .set("cy", round(y))
                    .set("r", 9)
                    .set("fill", "none")
                    .set("stroke", RED)
                    .set("stroke-width", 2),
            );
            if !lowest_labelled {
                lowest_labelled = true;
                point = point.add(
                    label_middle(x, y + 24.0, "▲ lowest", "pill halo")
                        .set("style", format!("fill:{RED}")),
                );
            }
        }
        point = point
            .add(
                Circle::new()
                    .set("cx", round(x))
                    .set("cy", round(y))
                    .set("r", 4.5)
                    .set("fill", color)
                    .set("stroke", "#ffffff")
                    .set("stroke-width", 1.5),
            )
            .add(label_middle(
                x,
                y - 9.0,
                &(index + 1).to_string(),
                "step halo",
            ));
        group = group.add(point);
    }
    group
}

use crate::text::signed;

/// A text line, wrapped in a group with the full text as tooltip when it was shortened.
/// (A `<title>` inside `<text>` would add whitespace to the text itself.)
fn with_tooltip(node: Label, shown: &str, full: &str) -> Group {
    let group = Group::new();
    if one_line(shown) == one_line(full) {
        group.add(node)
    } else {
        group.add(title(full)).add(node)
    }
}

fn title_group(node: impl Into<Box<dyn svg::Node>>, tooltip: &str) -> Group {
    Group::new().add(title(tooltip)).add(node)
}

// ---------------------------------------------------------------------------------------
// Lanes

fn lane_fill(kind: LaneKind) -> (&'static str, &'static str) {
    match kind {
        LaneKind::Customer => ("#f1f6fd", "#dfeaf8"),
        LaneKind::Frontstage => ("#f2f8f3", "#deefe1"),
        LaneKind::Backstage => ("#f6f4fa", "#e7e2f1"),
        LaneKind::Support => ("#fbf7ef", "#f2e8d3"),
    }
}

fn lanes(
    journey: &Journey,
    marks: &Marks<'_>,
    overlay: Option<&Overlay>,
    layout: &Layout,
) -> Group {
    let mut group = Group::new().set("class", "lanes");
    let left = layout.grid_left;
    let right = layout.grid_right;
    let mut previous_kind: Option<LaneKind> = None;
    let mut boundaries = Vec::new();
    for row in &layout.rows {
        let Some(lane) = journey.lanes.get(row.lane) else {
            continue;
        };
        let (fill, head_fill) = lane_fill(lane.kind);
        let band = Rect::new(left, row.y, right - left, row.h);
        group = group.add(rect(band).set("fill", fill));
        let head = Rect::new(left, row.y, LANE_HEAD_W - 14.0, row.h);
        let key = ModelElement::Lane(row.lane).key(journey);
        let mut node = Group::new();
        let mut tooltip = format!("Lane: {} ({})", lane.name.value, lane.kind.as_str());
        if let Some(owner) = &lane.owner {
            tooltip.push_str(&format!("\nOwner: {}", owner.value));
        }
        node = node
            .add(title(&tooltip))
            .add(rect(head).set("fill", head_fill));
        node = node.add(label(
            left + 12.0,
            row.y + 22.0,
            &lane.kind.as_str().to_uppercase(),
            "kicker",
        ));
        let (name_lines, _) = text::wrap(
            &one_line(&lane.name.value),
            head.w - 24.0,
            size::LANE,
            true,
            3,
        );
        let mut y = row.y + 40.0;
        for name_line in &name_lines {
            node = node.add(label(left + 12.0, y, name_line, "lane"));
            y += 16.0;
        }
        if let Some(owner) = &lane.owner {
            let (owner_lines, _) = text::wrap(
                &format!("Owner: {}", one_line(&owner.value)),
                head.w - 24.0,
                size::OWNER,
                false,
                2,
            );
            y += 2.0;
            for owner_line in owner_lines {
                node = node.add(label(left + 12.0, y, &owner_line, "owner"));
                y += 13.0;
            }
        }
        // Inside the header, tagged at the top: its foot may hold a blueprint line's name.
        let inset = Rect::new(head.x + 4.0, head.y + 4.0, head.w - 8.0, head.h - 8.0);
        let change = change_of(overlay, &key);
        node = add_change_outline(node, inset, change);
        node = add_change_tag_at(node, inset, change, inset.y - 3.0);
        let found = marks.of(&key);
        if !found.is_empty() {
            node = node.add(finding_badge(head.right() - 12.0, row.y + 14.0, found));
        }
        group = group.add(node);
        // Separator, or a blueprint line where the lane kind changes.
        match previous_kind {
            Some(kind) if kind != lane.kind => boundaries.push((row.y, kind, lane.kind)),
            Some(_) => {
                group = group.add(
                    line(left, row.y, right, row.y)
                        .set("stroke", "#d9dee4")
                        .set("stroke-width", 1),
                );
            }
            None => {}
        }
        previous_kind = Some(lane.kind);
    }
    // Blueprint lines last, so they sit over lane fills.
    for (y, above, below) in boundaries {
        let names: Vec<&str> = layout::BLUEPRINT_LINES
            .iter()
            .filter(|(_, kind)| *kind > above && *kind <= below)
            .map(|(name, _)| *name)
            .collect();
        let name = names.join(" · ").to_uppercase();
        group = group.add(
            line(left, y, right, y)
                .set("stroke", "#3e4c59")
                .set("stroke-width", 1.5)
                .set("stroke-dasharray", "10 5"),
        );
        // Named just above the line, in the lane header column where no arrow runs.
        let (name_lines, _) = text::wrap(&name, LANE_HEAD_W - 40.0, size::KICKER, true, 2);
        let mut text_y = y - 6.0 - (name_lines.len() as f64 - 1.0) * 12.0;
        for name_line in name_lines {
            group = group
                .add(label(left + 12.0, text_y, &name_line, "kicker").set("style", "fill:#3e4c59"));
            text_y += 12.0;
        }
    }
    if let (Some(first), Some(last)) = (layout.rows.first(), layout.rows.last()) {
        group = group.add(
            rect(Rect::new(
                left,
                first.y,
                right - left,
                last.y + last.h - first.y,
            ))
            .set("fill", "none")
            .set("stroke", RULE),
        );
    }
    group
}

// ---------------------------------------------------------------------------------------
// Cards

fn worst_severity(severities: impl Iterator<Item = Severity>) -> Option<Severity> {
    severities.max()
}

fn severity_style(severity: Severity) -> (&'static str, &'static str, &'static str) {
    match severity {
        Severity::High => (RED, "#ffffff", "high"),
        Severity::Medium => ("#e8710a", "#ffffff", "medium"),
        Severity::Low => ("#f6d365", INK, "low"),
    }
}

fn cards(
    journey: &Journey,
    marks: &Marks<'_>,
    overlay: Option<&Overlay>,
    layout: &Layout,
) -> Group {
    let mut group = Group::new().set("class", "cards");
    for (index, touchpoint) in journey.touchpoints.iter().enumerate() {
        let Some(&card) = layout.cards.get(index) else {
            continue;
        };
        let key = ModelElement::Touchpoint(index).key(journey);
        let change = change_of(overlay, &key);
        let mut node = Group::new().add(title(&card_tooltip(journey, index)));
        node = add_change_outline(node, card, change);
        node = node
            .add(
                rect(Rect::new(card.x + 1.0, card.y + 2.0, card.w, card.h))
                    .set("rx", 7)
                    .set("fill", "#1f2933")
                    .set("opacity", 0.07),
            )
            .add(
                rect(card)
                    .set("rx", 7)
                    .set("fill", "#ffffff")
                    .set("stroke", if touchpoint.milestone { INK } else { "#9aa5b1" })
                    .set("stroke-width", if touchpoint.milestone { 2 } else { 1 }),
            );
        let (name_lines, _) = text::wrap(
            &one_line(&touchpoint.name.value),
            CARD_W - 24.0,
            size::CARD,
            true,
            2,
        );
        let mut y = card.y + 24.0;
        for name_line in &name_lines {
            node = node.add(label(card.x + 12.0, y, name_line, "card"));
            y += 16.0;
        }
        // The touchpoint's owner (revision 2), then its channel, share one line.
        let detail = match (&touchpoint.channel, &touchpoint.owner) {
            (Some(channel), Some(owner)) => Some(format!(
                "{} · {}",
                one_line(&owner.value),
                one_line(&channel.value)
            )),
            (Some(channel), None) => Some(one_line(&channel.value)),
            (None, Some(owner)) => Some(format!("Owner: {}", one_line(&owner.value))),
            (None, None) => None,
        };
        if let Some(detail) = detail {
            let shown = text::truncate(&detail, CARD_W - 24.0, size::CHANNEL, false);
            node = node.add(label(card.x + 12.0, y, &shown, "channel"));
        }
        // Pills along the bottom: pains (by worst severity), then opportunities; shorter
        // wording when both do not fit.
        let pains =
            worst_severity(touchpoint.pains.iter().map(|pain| pain.severity)).map(|worst| {
                let count = touchpoint.pains.len();
                let severity = severity_style(worst).2;
                let short = severity.get(..3).unwrap_or(severity);
                (
                    worst,
                    [
                        format!("{} · {severity}", plural(count, "pain", "pains")),
                        format!("{} · {short}", plural(count, "pain", "pains")),
                    ],
                )
            });
        let opportunities = (!touchpoint.opportunities.is_empty()).then(|| {
            let count = touchpoint.opportunities.len();
            [
                plural(count, "opportunity", "opportunities"),
                format!("{count} opp."),
            ]
        });
        let pill_w = |text: &str| text::width(text, size::PILL, true) + 14.0;
        let room = CARD_W - 20.0;
        let mut choice = (0, 0);
        for candidate in [(0, 0), (0, 1), (1, 1)] {
            choice = candidate;
            let total = pains
                .as_ref()
                .map_or(0.0, |(_, texts)| pill_w(pick(texts, candidate.0)) + 6.0)
                + opportunities
                    .as_ref()
                    .map_or(0.0, |texts| pill_w(pick(texts, candidate.1)));
            if total <= room {
                break;
            }
        }
        let mut x = card.x + 10.0;
        let pill_y = card.bottom() - 22.0;
        if let Some((worst, texts)) = &pains {
            let (fill, ink, _) = severity_style(*worst);
            let text = pick(texts, choice.0);
            let w = pill_w(text);
            node = node
                .add(
                    rect(Rect::new(x, pill_y, w, 15.0))
                        .set("rx", 7.5)
                        .set("fill", fill),
                )
                .add(
                    label(x + 7.0, pill_y + 11.0, text, "pill").set("style", format!("fill:{ink}")),
                );
            x += w + 6.0;
        }
        if let Some(texts) = &opportunities {
            let text = pick(texts, choice.1);
            let w = pill_w(text);
            node = node
                .add(
                    rect(Rect::new(x, pill_y, w, 15.0))
                        .set("rx", 7.5)
                        .set("fill", "#e6f4ea")
                        .set("stroke", GREEN)
                        .set("stroke-width", 1),
                )
                .add(
                    label(x + 7.0, pill_y + 11.0, text, "pill")
                        .set("style", format!("fill:{GREEN}")),
                );
        }
        node = node.add(step_marker(card, index + 1, touchpoint.milestone));
        node = add_change_tag(node, card, change);
        let found = marks.of(&key);
        if !found.is_empty() {
            node = node.add(finding_badge(card.right(), card.y, found));
        }
        group = group.add(node);
    }
    group
}

/// The journey-order number at a card's top-left corner: a circle, or a dark diamond for
/// a milestone.
fn step_marker(card: Rect, step: usize, milestone: bool) -> Group {
    let number = step.to_string();
    let cx = card.x;
    let cy = card.y;
    let radius = (text::width(&number, size::STEP, true) / 2.0 + 4.0).max(9.0);
    let mut group = Group::new();
    if milestone {
        let r = radius + 3.0;
        group = group
            .add(
                Path::new()
                    .set(
                        "d",
                        format!(
                            "M{},{} L{},{} L{},{} L{},{} Z",
                            round(cx),
                            round(cy - r),
                            round(cx + r),
                            round(cy),
                            round(cx),
                            round(cy + r),
                            round(cx - r),
                            round(cy)
                        ),
                    )
                    .set("fill", INK),
            )
            .add(label_middle(cx, cy + 3.4, &number, "badge"));
    } else {
        group = group
            .add(
                Circle::new()
                    .set("cx", round(cx))
                    .set("cy", round(cy))
                    .set("r", round(radius))
                    .set("fill", "#ffffff")
                    .set("stroke", "#9aa5b1"),
            )
            .add(label_middle(cx, cy + 3.4, &number, "step"));
    }
    group
}

fn card_tooltip(journey: &Journey, index: usize) -> String {
    let Some(touchpoint) = journey.touchpoints.get(index) else {
        return String::new();
    };
    let mut lines = vec![format!("{}. {}", index + 1, touchpoint.name.value)];
    if let Some(lane) = journey.lanes.get(touchpoint.lane.value) {
        lines.push(format!("Lane: {}", lane.name.value));
    }
    if let Some(channel) = &touchpoint.channel {
        lines.push(format!("Channel: {}", channel.value));
    }
    if let Some(owner) = &touchpoint.owner {
        lines.push(format!("Owner: {}", owner.value));
    }
    if let Some(emotion) = &touchpoint.emotion {
        lines.push(format!("Emotion: {}", signed(f64::from(emotion.value))));
    }
    if touchpoint.milestone {
        lines.push("Milestone".to_string());
    }
    for pain in &touchpoint.pains {
        lines.push(format!(
            "Pain ({}): {}",
            pain.severity.as_str(),
            pain.text.value
        ));
    }
    for opportunity in &touchpoint.opportunities {
        lines.push(format!("Opportunity: {}", opportunity.value));
    }
    lines.join("\n")
}

// ---------------------------------------------------------------------------------------
// Overlay

fn change_style(change: Change) -> Option<(&'static str, &'static str, &'static str)> {
    match change {
        Change::None => None,
        Change::Added => Some((GREEN, "none", "NEW")),
        Change::Changed => Some((AMBER, "7 3", "CHANGED")),
    }
}

/// The overlay outline around an element: green solid (added) or amber dashed (changed).
fn add_change_outline(node: Group, area: Rect, change: Change) -> Group {
    let Some((color, dash, _)) = change_style(change) else {
        return node;
    };
    let outline = Rect::new(area.x - 4.0, area.y - 4.0, area.w + 8.0, area.h + 8.0);
    node.add(
        rect(outline)
            .set("rx", 9)
            .set("fill", "none")
            .set("stroke", color)
            .set("stroke-width", 3)
            .set("stroke-dasharray", dash),
    )
}

/// The NEW / CHANGED tag on an element's bottom edge, so the change reads without colour.
fn add_change_tag(node: Group, area: Rect, change: Change) -> Group {
    add_change_tag_at(node, area, change, area.bottom() - 3.0)
}

fn add_change_tag_at(node: Group, area: Rect, change: Change, y: f64) -> Group {
    let Some((color, _, tag)) = change_style(change) else {
        return node;
    };
    let w = text::width(tag, 8.5, true) + 12.0;
    let tag_rect = Rect::new(area.right() - w - 14.0, y, w, 13.0);
    node.add(rect(tag_rect).set("rx", 3).set("fill", color))
        .add(
            label_middle(tag_rect.center_x(), tag_rect.y + 9.8, tag, "badge")
                .set("style", "font-size:8.5px;letter-spacing:0.06em"),
        )
}

fn add_change(node: Group, area: Rect, change: Change) -> Group {
    add_change_tag(add_change_outline(node, area, change), area, change)
}

fn ghosts(overlay: Option<&Overlay>, layout: &Layout) -> Group {
    let mut group = Group::new().set("class", "removed");
    let Some(overlay) = overlay else {
        return group;
    };
    if let Some(strip) = layout.removed {
        group = group
            .add(
                rect(strip)
                    .set("rx", 6)
                    .set("fill", "#fdf3f2")
                    .set("stroke", RED)
                    .set("stroke-dasharray", "6 4"),
            )
            .add(
                label(strip.x + 12.0, strip.y + 20.0, "REMOVED", "kicker")
                    .set("style", format!("fill:{RED}")),
            )
            .add(label(
                strip.x + 12.0,
                strip.y + 36.0,
                "touchpoints whose stage",
                "small",
            ))
            .add(label(
                strip.x + 12.0,
                strip.y + 49.0,
                "or lane is gone",
                "small",
            ));
    }
    for &(index, card) in &layout.ghosts {
        let Some(ghost) = overlay.removed.get(index) else {
            continue;
        };
        let name = one_line(&ghost.label);
        let (lines, _) = text::wrap(&name, CARD_W - 24.0, size::CARD, true, 2);
        let mut node = Group::new()
            .set("opacity", 0.6)
            .add(title(&format!("Removed: {} ({})", ghost.label, ghost.key)))
            .add(
                rect(card)
                    .set("rx", 7)
                    .set("fill", "#fdf3f2")
                    .set("stroke", RED)
                    .set("stroke-width", 2)
                    .set("stroke-dasharray", "6 4"),
            );
        let mut y = card.y + 24.0;
        for name_line in &lines {
            let w = text::width(name_line, size::CARD, true);
            node = node
                .add(
                    label(card.x + 12.0, y, name_line, "card")
                        .set("style", format!("fill:{INK_2}")),
                )
                .add(
                    line(card.x + 10.0, y - 4.5, card.x + 14.0 + w, y - 4.5)
                        .set("stroke", RED)
                        .set("stroke-width", 1.5),
                );
            y += 16.0;
        }
        node = node.add(
            label(card.x + 12.0, card.bottom() - 11.0, "REMOVED", "kicker")
                .set("style", format!("fill:{RED}")),
        );
        group = group.add(node);
    }
    group
}

// ---------------------------------------------------------------------------------------
// Handoffs

fn routes(
    journey: &Journey,
    marks: &Marks<'_>,
    overlay: Option<&Overlay>,
    layout: &Layout,
) -> Group {
    let mut lines = Group::new().set("class", "handoffs");
    let mut labels = Group::new().set("class", "handoff-labels");
    for route in &layout.routes {
        let Some(handoff) = journey.handoffs.get(route.handoff) else {
            continue;
        };
        let key = ModelElement::Handoff(route.handoff).key(journey);
        let unowned = handoff.owner.is_none() && journey.is_cross_lane(handoff);
        let change = change_of(overlay, &key);
        let (mut color, mut marker, mut width) = if unowned {
            (RED, "arrow-red", 2.2)
        } else {
            (ARROW, "arrow", 1.6)
        };
        match change {
            Change::Added => (color, marker, width) = (GREEN, "arrow-green", 3.0),
            Change::Changed => (color, marker, width) = (AMBER, "arrow-amber", 3.0),
            Change::None => {}
        }
        let dash = if unowned {
            "9 4"
        } else if handoff.rework {
            "2 4"
        } else {
            "none"
        };
        let tooltip = handoff_tooltip(journey, route.handoff);
        lines = lines.add(
            Group::new().add(title(&tooltip)).add(
                Path::new()
                    // Rework loops get wider bends: they curve back.
                    .set(
                        "d",
                        rounded_path(&route.points, if handoff.rework { 18.0 } else { 10.0 }),
                    )
                    .set("fill", "none")
                    .set("stroke", color)
                    .set("stroke-width", width)
                    .set("stroke-dasharray", dash)
                    .set(
                        "stroke-linecap",
                        if handoff.rework { "round" } else { "butt" },
                    )
                    .set("stroke-linejoin", "round")
                    .set("marker-end", format!("url(#{marker})")),
            ),
        );
        let Some(pill) = &route.label else {
            continue;
        };
        let mut node = Group::new().add(title(&tooltip));
        node = node.add(
            rect(pill.rect)
                .set("rx", round((pill.rect.h / 2.0).min(9.0)))
                .set("fill", "#ffffff")
                .set("fill-opacity", 0.95)
                .set("stroke", color)
                .set(
                    "stroke-width",
                    if change == Change::None { 1.0 } else { 2.0 },
                )
                .set("stroke-dasharray", if unowned { "4 2" } else { "none" }),
        );
        let found = marks.of(&key);
        let mut text_x = pill.rect.x + layout::LABEL_PAD_X;
        if !found.is_empty() {
            node = node.add(finding_badge(
                pill.rect.x + 11.0,
                pill.rect.y + pill.rect.h / 2.0,
                found,
            ));
            text_x += layout::LABEL_BADGE_W;
        }
        let mut y = pill.rect.y + 3.0 + 10.0;
        for (position, text_line) in pill.lines.iter().enumerate() {
            let class = if position == 0 && pill.alert {
                "label-alert"
            } else {
                "label"
            };
            node = node.add(label(text_x, y, text_line, class));
            y += layout::LABEL_LINE_H;
        }
        labels = labels.add(node);
    }
    Group::new().add(lines).add(labels)
}

fn handoff_tooltip(journey: &Journey, index: usize) -> String {
    let Some(handoff) = journey.handoffs.get(index) else {
        return String::new();
    };
    let from = journey.handoff_source(handoff);
    let to = journey.handoff_target(handoff);
    let mut lines = vec![format!("Handoff: {} → {}", from.name.value, to.name.value)];
    match &handoff.owner {
        Some(owner) => lines.push(format!("Owner: {}", owner.value)),
        None if journey.is_cross_lane(handoff) => {
            lines.push("Owner: none (a cross-lane handoff nobody owns)".to_string())
        }
        None => {}
    }
    if let Some(artifact) = &handoff.artifact {
        lines.push(format!("Artifact: {}", artifact.value));
    }
    if let Some(sla) = &handoff.sla {
        lines.push(format!("SLA: {}", layout::format_sla(sla.value.minutes)));
    }
    if handoff.rework {
        lines.push("Rework loop back to an earlier step".to_string());
    }
    lines.join("\n")
}

/// An orthogonal polyline with its corners rounded.
fn rounded_path(points: &[(f64, f64)], radius: f64) -> String {
    let mut d = String::new();
    let Some(&(x0, y0)) = points.first() else {
        return d;
    };
    d.push_str(&format!("M{},{}", round(x0), round(y0)));
    for window in points.windows(3) {
        let &[(ax, ay), (bx, by), (cx, cy)] = window else {
            continue;
        };
        let in_len = ((bx - ax).powi(2) + (by - ay).powi(2)).sqrt();
        let out_len = ((cx - bx).powi(2) + (cy - by).powi(2)).sqrt();
        let r = radius.min(in_len / 2.0).min(out_len / 2.0);
        if r < 0.5 || in_len == 0.0 || out_len == 0.0 {
            d.push_str(&format!(" L{},{}", round(bx), round(by)));
            continue;
        }
        let (px, py) = (bx - (bx - ax) / in_len * r, by - (by - ay) / in_len * r);
        let (qx, qy) = (bx + (cx - bx) / out_len * r, by + (cy - by) / out_len * r);
        d.push_str(&format!(
            " L{},{} Q{},{} {},{}",
            round(px),
            round(py),
            round(bx),
            round(by),
            round(qx),
            round(qy)
        ));
    }
    if let Some(&(x, y)) = points.last()
        && points.len() > 1
    {
        d.push_str(&format!(" L{},{}", round(x), round(y)));
    }
    d
}

// ---------------------------------------------------------------------------------------
// Metrics

fn with_unit(value: f64, unit: Option<&str>) -> String {
    crate::model::facts::value_with_unit(value, unit)
}

fn comparison_symbol(comparison: Comparison) -> &'static str {
    match comparison {
        Comparison::AtLeast => "≥",
        Comparison::Above => ">",
        Comparison::AtMost => "≤",
        Comparison::Below => "<",
        Comparison::Equal => "=",
    }
}

fn metrics_row(
    journey: &Journey,
    marks: &Marks<'_>,
    overlay: Option<&Overlay>,
    layout: &Layout,
) -> Group {
    let mut group = Group::new().set("class", "metrics");
    let left = layout.grid_left;
    let area = Rect::new(
        left,
        layout.metrics_y,
        layout.grid_right - left,
        layout.metrics_h,
    );
    group = group
        .add(rect(area).set("fill", "#fafbfc").set("stroke", RULE))
        .add(
            line(left, area.y, area.right(), area.y)
                .set("stroke", INK_2)
                .set("stroke-width", 1.5),
        )
        .add(label(left + 12.0, area.y + 22.0, "METRICS", "kicker"))
        .add(label(
            left + 12.0,
            area.y + 38.0,
            "current vs target, per stage",
            "small",
        ));
    for (stage_index, metrics) in layout.stage_metrics.iter().enumerate() {
        let Some(&x) = layout.columns.get(stage_index) else {
            continue;
        };
        if metrics.is_empty() {
            group = group.add(
                label(x + 4.0, area.y + 40.0, "no metric", "small")
                    .set("style", "font-style:italic"),
            );
        }
        for (position, &metric) in metrics.iter().enumerate() {
            let y = area.y + 18.0 + position as f64 * (layout::METRIC_H + layout::METRIC_GAP);
            group = group.add(metric_badge(
                journey,
                marks,
                overlay,
                metric,
                Rect::new(x, y, CARD_W, layout::METRIC_H),
            ));
        }
    }
    if !layout.loose_metrics.is_empty() {
        let y0 = area.y + 18.0 + layout::METRIC_H + layout::METRIC_GAP;
        group = group.add(label(left + 12.0, y0 - 4.0, "Not on any stage:", "small"));
        for (position, &metric) in layout.loose_metrics.iter().enumerate() {
            let y = y0 + position as f64 * (layout::METRIC_H + layout::METRIC_GAP) + 4.0;
            group = group.add(metric_badge(
                journey,
                marks,
                overlay,
                metric,
                Rect::new(left + 8.0, y, LANE_HEAD_W - 24.0, layout::METRIC_H),
            ));
        }
    }
    group
}

fn metric_badge(
    journey: &Journey,
    marks: &Marks<'_>,
    overlay: Option<&Overlay>,
    index: usize,
    area: Rect,
) -> Group {
    let Some(metric) = journey.metrics.get(index) else {
        return Group::new();
    };
    let key = ModelElement::Metric(index).key(journey);
    let status = metric.status();
    let status_text = status.phrase();
    let (fill, stroke, dash) = match status {
        MetricStatus::Meets => ("#e8f5e9", GREEN, "none"),
        MetricStatus::Misses => ("#fdecea", RED, "none"),
        MetricStatus::NoCurrentValue | MetricStatus::NoTarget => ("#f0f2f5", "#9aa5b1", "4 3"),
    };
    let unit = metric.unit.as_ref().map(|unit| unit.value.as_str());
    let current = metric
        .current
        .as_ref()
        .map(|current| with_unit(current.value, unit));
    // The target repeats the unit only when it is a sign (%), not a word.
    let target = metric.target.as_ref().map(|target| {
        let number = match unit {
            Some("%") => with_unit(target.value.value, unit),
            _ => crate::text::number(target.value.value),
        };
        format!("{} {number}", comparison_symbol(target.value.comparison))
    });
    let value_line = match (&current, &target) {
        (Some(current), Some(target)) => format!("{current} (target {target})"),
        (Some(current), None) => format!("{current} (no target)"),
        (None, Some(target)) => format!("not measured (target {target})"),
        (None, None) => "not measured, no target".to_string(),
    };
    let mut tooltip = format!(
        "Metric: {} ({})\n{}: {}",
        metric.name.value,
        metric.kind.as_str(),
        status_text,
        value_line
    );
    if let Some(unit) = unit {
        tooltip.push_str(&format!("\nUnit: {unit}"));
    }
    let mut node = Group::new().add(title(&tooltip)).add(
        rect(area)
            .set("rx", 6)
            .set("fill", fill)
            .set("stroke", stroke)
            .set(
                "stroke-width",
                if status == MetricStatus::Misses {
                    1.5
                } else {
                    1.0
                },
            )
            .set("stroke-dasharray", dash),
    );
    node = node.add(status_icon(area.x + 15.0, area.y + 16.0, status));
    let (name_lines, _) = text::wrap(
        &one_line(&metric.name.value),
        area.w - 40.0,
        size::METRIC,
        true,
        2,
    );
    let mut y = area.y + 20.0;
    for name_line in &name_lines {
        node = node.add(label(area.x + 30.0, y, name_line, "metric"));
        y += 14.0;
    }
    node = node.add(label(
        area.x + 10.0,
        area.bottom() - 9.0,
        &text::truncate(&value_line, area.w - 18.0, size::METRIC_VALUE, false),
        "value",
    ));
    node = add_change(node, area, change_of(overlay, &key));
    let found = marks.of(&key);
    if !found.is_empty() {
        node = node.add(finding_badge(area.right(), area.y, found));
    }
    node
}

/// ✓ in a green disc, ✗ in a red one, – in a grey one: shapes that survive grey print.
fn status_icon(cx: f64, cy: f64, status: MetricStatus) -> Group {
    let (fill, d) = match status {
        MetricStatus::Meets => (
            GREEN,
            format!(
                "M{},{} L{},{} L{},{}",
                round(cx - 4.0),
                round(cy),
                round(cx - 1.0),
                round(cy + 3.5),
                round(cx + 4.5),
                round(cy - 3.5)
            ),
        ),
        MetricStatus::Misses => (
            RED,
            format!(
                "M{},{} L{},{} M{},{} L{},{}",
                round(cx - 3.5),
                round(cy - 3.5),
                round(cx + 3.5),
                round(cy + 3.5),
                round(cx + 3.5),
                round(cy - 3.5),
                round(cx - 3.5),
                round(cy + 3.5)
            ),
        ),
        MetricStatus::NoCurrentValue | MetricStatus::NoTarget => (
            "#9aa5b1",
            format!(
                "M{},{} L{},{}",
                round(cx - 4.0),
                round(cy),
                round(cx + 4.0),
                round(cy)
            ),
        ),
    };
    Group::new()
        .add(
            Circle::new()
                .set("cx", round(cx))
                .set("cy", round(cy))
                .set("r", 9)
                .set("fill", fill),
        )
        .add(
            Path::new()
                .set("d", d)
                .set("fill", "none")
                .set("stroke", "#ffffff")
                .set("stroke-width", 2)
                .set("stroke-linecap", "round")
                .set("stroke-linejoin", "round"),
        )
}

// ---------------------------------------------------------------------------------------
// Findings

/// A count in a red circle (errors) or an amber triangle (warnings only), with every
/// finding in its tooltip.
fn finding_badge(cx: f64, cy: f64, findings: &[&Finding]) -> Group {
    badge_with(cx, cy, findings, &findings.len().to_string())
}

/// A finding badge showing `mark` (a count, or `!` in the findings list).
fn badge_with(cx: f64, cy: f64, findings: &[&Finding], mark: &str) -> Group {
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
    Group::new()
        .add(title(&tooltip))
        .add(badge_shape(cx, cy, worst, mark))
}

/// The badge itself: a red circle for errors, an amber triangle for warnings.
fn badge_shape(cx: f64, cy: f64, level: Level, mark: &str) -> Group {
    let group = Group::new();
    match level {
        Level::Error => group
            .add(
                Circle::new()
                    .set("cx", round(cx))
                    .set("cy", round(cy))
                    .set("r", 8.5)
                    .set("fill", RED)
                    .set("stroke", "#ffffff")
                    .set("stroke-width", 1.5),
            )
            .add(label_middle(cx, cy + 3.2, mark, "badge")),
        Level::Warning => group
            .add(
                Path::new()
                    .set(
                        "d",
                        format!(
                            "M{},{} L{},{} L{},{} Z",
                            round(cx),
                            round(cy - 10.0),
                            round(cx + 10.0),
                            round(cy + 7.5),
                            round(cx - 10.0),
                            round(cy + 7.5)
                        ),
                    )
                    .set("fill", AMBER_FILL)
                    .set("stroke", AMBER)
                    .set("stroke-width", 1.2)
                    .set("stroke-linejoin", "round"),
            )
            .add(label_middle(cx, cy + 5.0, mark, "badge-dark")),
    }
}

fn findings_list(journey: &Journey, findings: &[Finding], layout: &Layout) -> Group {
    let left = layout.grid_left;
    let top = layout.findings_y;
    let errors = findings.iter().filter(|f| f.level == Level::Error).count();
    let warnings = findings.len() - errors;
    let mut group = Group::new().set("class", "findings").add(label(
        left,
        top + 16.0,
        &format!(
            "Lint findings: {} · {}",
            plural(errors, "error", "errors"),
            plural(warnings, "warning", "warnings")
        ),
        "h2",
    ));
    let width = layout.grid_right - left - 24.0;
    for (position, finding) in findings.iter().enumerate() {
        let y = top + 30.0 + (position as f64 + 0.5) * layout::FINDING_LINE_H;
        let element = finding
            .element
            .as_ref()
            .map(|key| element_name(journey, key))
            .unwrap_or_default();
        let full = if element.is_empty() {
            format!("{}  —  {}", finding.rule, one_line(&finding.message))
        } else {
            format!(
                "{}  ·  {}  —  {}",
                finding.rule,
                element,
                one_line(&finding.message)
            )
        };
        let shown = text::truncate(&full, width, size::LEGEND, false);
        let mut node = Group::new().add(badge_with(left + 9.0, y, &[finding], "!"));
        node = node.add(with_tooltip(
            label(left + 24.0, y + 4.0, &shown, "legend"),
            &shown,
            &full,
        ));
        group = group.add(node);
    }
    group
}

/// A readable name for an element key: `touchpoint:x` → its name, `handoff:a->b` → `A → B`
/// ([`ModelElement::label`]); a key this journey does not hold shows as written.
fn element_name(journey: &Journey, key: &ElementKey) -> String {
    match key.resolve(journey) {
        Some(element) => one_line(&element.label(journey)),
        None => one_line(&key.to_string()),
    }
}

// ---------------------------------------------------------------------------------------
// Legend

#[derive(Clone, Copy)]
enum Swatch {
    Arrow {
        color: &'static str,
        dash: &'static str,
        width: f64,
    },
    BlueprintLine,
    Step,
    Milestone,
    Pill {
        fill: &'static str,
        stroke: &'static str,
    },
    Metric(MetricStatus),
    EmotionPoint,
    EmotionMean,
    EmotionLowest,
    Error,
    Warning,
    Outline {
        color: &'static str,
        dash: &'static str,
    },
    Ghost,
}

struct LegendGroup {
    name: &'static str,
    items: Vec<(Swatch, &'static str)>,
}

fn legend_groups(options: &RenderOptions) -> Vec<LegendGroup> {
    let mut groups = vec![
        LegendGroup {
            name: "HANDOFFS",
            items: vec![
                (
                    Swatch::Arrow {
                        color: ARROW,
                        dash: "none",
                        width: 1.6,
                    },
                    "handoff, labelled owner · SLA",
                ),
                (
                    Swatch::Arrow {
                        color: ARROW,
                        dash: "2 4",
                        width: 1.6,
                    },
                    "rework loop back (intended)",
                ),
                (
                    Swatch::Arrow {
                        color: RED,
                        dash: "9 4",
                        width: 2.2,
                    },
                    "cross-lane, NO OWNER",
                ),
                (Swatch::BlueprintLine, "blueprint line between lane groups"),
            ],
        },
        LegendGroup {
            name: "TOUCHPOINTS",
            items: vec![
                (Swatch::Step, "step number in journey order"),
                (Swatch::Milestone, "milestone the client notices"),
                (
                    Swatch::Pill {
                        fill: RED,
                        stroke: RED,
                    },
                    "pains, coloured by worst severity",
                ),
                (
                    Swatch::Pill {
                        fill: "#e6f4ea",
                        stroke: GREEN,
                    },
                    "opportunities",
                ),
            ],
        },
        LegendGroup {
            name: "METRICS",
            items: vec![
                (
                    Swatch::Metric(MetricStatus::Meets),
                    "current value meets target",
                ),
                (
                    Swatch::Metric(MetricStatus::Misses),
                    "current value misses target",
                ),
                (
                    Swatch::Metric(MetricStatus::NoCurrentValue),
                    "not measured, or no target",
                ),
            ],
        },
        LegendGroup {
            name: "CLIENT EMOTION",
            items: vec![
                (Swatch::EmotionPoint, "one point per touchpoint"),
                (Swatch::EmotionMean, "stage mean"),
                (Swatch::EmotionLowest, "lowest point of the journey"),
            ],
        },
    ];
    if options.show_findings {
        groups.push(LegendGroup {
            name: "LINT FINDINGS",
            items: vec![
                (Swatch::Error, "errors on this element (count)"),
                (Swatch::Warning, "warnings only (count)"),
            ],
        });
    }
    if options.overlay.is_some() {
        groups.push(LegendGroup {
            name: "CHANGES",
            items: vec![
                (
                    Swatch::Outline {
                        color: GREEN,
                        dash: "none",
                    },
                    "added (NEW)",
                ),
                (
                    Swatch::Outline {
                        color: AMBER,
                        dash: "7 3",
                    },
                    "changed (CHANGED)",
                ),
                (Swatch::Ghost, "removed (struck, faded)"),
            ],
        });
    }
    groups
}

fn draw_legend(groups: &[LegendGroup], layout: &Layout) -> Group {
    let left = layout.grid_left;
    let top = layout.legend_y;
    let mut group = Group::new()
        .set("class", "legend")
        .add(
            line(left, top, layout.grid_right, top)
                .set("stroke", RULE)
                .set("stroke-width", 1),
        )
        .add(label(left, top + 20.0, "Legend", "h2"));
    let group_h = layout::LEGEND_ITEMS as f64 * layout::LEGEND_ROW_H + 30.0;
    for (index, legend_group) in groups.iter().enumerate() {
        let column = index % layout.legend_per_row;
        let row = index / layout.legend_per_row;
        let x = left + column as f64 * layout::LEGEND_GROUP_W;
        let y = top + 30.0 + row as f64 * group_h;
        group = group.add(label(x, y + 12.0, legend_group.name, "kicker"));
        for (position, (swatch, text)) in legend_group.items.iter().enumerate() {
            let cy = y + 30.0 + position as f64 * layout::LEGEND_ROW_H;
            group = group.add(draw_swatch(*swatch, x, cy)).add(label(
                x + 50.0,
                cy + 4.0,
                text,
                "legend",
            ));
        }
    }
    group
}

fn draw_swatch(swatch: Swatch, x: f64, cy: f64) -> Group {
    let group = Group::new();
    match swatch {
        Swatch::Arrow { color, dash, width } => {
            let marker = if color == RED { "arrow-red" } else { "arrow" };
            group.add(
                line(x, cy, x + 38.0, cy)
                    .set("stroke", color)
                    .set("stroke-width", width)
                    .set("stroke-dasharray", dash)
                    .set("marker-end", format!("url(#{marker})")),
            )
        }
        Swatch::BlueprintLine => group.add(
            line(x, cy, x + 38.0, cy)
                .set("stroke", "#3e4c59")
                .set("stroke-width", 1.5)
                .set("stroke-dasharray", "10 5"),
        ),
        Swatch::Step => group.add(step_marker(Rect::new(x + 18.0, cy, 0.0, 0.0), 3, false)),
        Swatch::Milestone => group.add(step_marker(Rect::new(x + 18.0, cy, 0.0, 0.0), 4, true)),
        Swatch::Pill { fill, stroke } => group.add(
            rect(Rect::new(x, cy - 7.5, 38.0, 15.0))
                .set("rx", 7.5)
                .set("fill", fill)
                .set("stroke", stroke),
        ),
        Swatch::Metric(status) => group.add(status_icon(x + 18.0, cy, status)),
        Swatch::EmotionPoint => group.add(
            Circle::new()
                .set("cx", round(x + 18.0))
                .set("cy", round(cy))
                .set("r", 4.5)
                .set("fill", INK_2),
        ),
        Swatch::EmotionMean => group.add(
            line(x, cy, x + 38.0, cy)
                .set("stroke", "#3e4c59")
                .set("stroke-width", 2)
                .set("stroke-dasharray", "6 4")
                .set("opacity", 0.55),
        ),
        Swatch::EmotionLowest => group
            .add(
                Circle::new()
                    .set("cx", round(x + 18.0))
                    .set("cy", round(cy))
                    .set("r", 9)
                    .set("fill", "none")
                    .set("stroke", RED)
                    .set("stroke-width", 2),
            )
            .add(
                Circle::new()
                    .set("cx", round(x + 18.0))
                    .set("cy", round(cy))
                    .set("r", 4.5)
                    .set("fill", RED),
            ),
        Swatch::Error => group.add(badge_shape(x + 18.0, cy, Level::Error, "2")),
        Swatch::Warning => group.add(badge_shape(x + 18.0, cy, Level::Warning, "1")),
        Swatch::Outline { color, dash } => group.add(
            rect(Rect::new(x, cy - 8.0, 38.0, 16.0))
                .set("rx", 4)
                .set("fill", "#ffffff")
                .set("stroke", color)
                .set("stroke-width", 3)
                .set("stroke-dasharray", dash),
        ),
        Swatch::Ghost => group.add(
            rect(Rect::new(x, cy - 8.0, 38.0, 16.0))
                .set("rx", 4)
                .set("fill", "#fdf3f2")
                .set("stroke", RED)
                .set("stroke-width", 2)
                .set("stroke-dasharray", "6 4")
                .set("opacity", 0.6),
        ),
    }
}
