//! Handoffs: one group per handoff holding its arrow and its label (or its number), and
//! the handoff key listing the numbered ones.

use super::{Change, Ctx, N, finding_badge, overlay};
use crate::model::Element;
use crate::render::layout::{self, Rect};
use crate::render::style::{AMBER, ARROW, GREEN, INK, RED, size};
use crate::render::svg::{Svg, push_point};
use crate::render::text::{self, one_line};

struct Look {
    color: &'static str,
    marker: &'static str,
    width: f64,
    dash: &'static str,
}

fn look(ctx: &Ctx<'_>, index: usize) -> Look {
    let journey = ctx.journey;
    let Some(handoff) = journey.handoffs.get(index) else {
        return Look {
            color: ARROW,
            marker: "arrow",
            width: 1.6,
            dash: "none",
        };
    };
    let unowned = handoff.owner.is_none() && journey.is_cross_lane(handoff);
    let (mut color, mut marker, mut width) = if unowned {
        (RED, "arrow-red", 2.2)
    } else {
        (ARROW, "arrow", 1.6)
    };
    match ctx.change(&Element::Handoff(index).key(journey)) {
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
    Look {
        color,
        marker,
        width,
        dash,
    }
}

pub fn draw(svg: &mut Svg, ctx: &Ctx<'_>) {
    svg.group("handoffs", "");
    super::in_order(svg, ctx, ctx.layout.routes.len(), |svg, index| {
        if let Some(route) = ctx.layout.routes.get(index) {
            arrow(svg, ctx, route);
        }
    });
    svg.close_g();
}

/// One handoff: its arrow's paths and its label, in one group.
fn arrow(svg: &mut Svg, ctx: &Ctx<'_>, route: &layout::Route) {
    let journey = ctx.journey;
    let Some(handoff) = journey.handoffs.get(route.handoff) else {
        return;
    };
    let handoff_key = Element::Handoff(route.handoff).key(journey);
    let look = look(ctx, route.handoff);
    let from = journey.handoff_source(handoff);
    let to = journey.handoff_target(handoff);
    svg.begin_group("handoff");
    svg.data("from", &from.id.value);
    svg.data("to", &to.id.value);
    if let Some(stub) = &route.stub {
        svg.raw(if stub.outgoing {
            " data-stub=\"out\""
        } else {
            " data-stub=\"in\""
        });
        if let Some(page) = stub.page {
            svg.fmt(format_args!(" data-page=\"{page}\""));
        }
    }
    ctx.mark(svg, &Element::Handoff(route.handoff).key(ctx.journey));
    svg.end_open();
    let mut title = tooltip(ctx, route.handoff);
    if let Some(stub) = &route.stub {
        let (name, place) = layout::stub_words(journey, handoff, stub.outgoing, stub.page);
        title.push_str(&format!("\nContinues off this page: {name}, {place}"));
    }
    svg.title(&title);
    overlay::handoff_tag(ctx, &handoff_key, route);
    svg.path(
        &rounded_path(&route.points, if handoff.rework { 18.0 } else { 10.0 }),
        &arrow_style(&look, handoff.rework),
    );
    if let Some(label) = &route.label {
        let found = ctx.marks.of(&handoff_key);
        let changed = ctx.change(&handoff_key) != Change::None;
        let unowned = look.dash == "9 4";
        svg.group("handoff-label", "");
        svg.rect(
            label.rect,
            &format!(
                "rx=\"{}\" fill=\"#ffffff\" stroke=\"{}\" stroke-width=\"{}\" stroke-dasharray=\"{}\"",
                N((label.rect.h / 2.0).min(9.0)),
                look.color,
                if changed { 2.0 } else { 1.0 },
                if unowned { "4 2" } else { "none" }
            ),
        );
        let mut text_x = label.rect.x + layout::LABEL_PAD_X;
        if !found.is_empty() {
            finding_badge(
                svg,
                label.rect.x + 12.0,
                label.rect.y + label.rect.h / 2.0,
                found,
            );
            text_x += layout::LABEL_BADGE_W;
        }
        match label.number {
            Some(number) => {
                let cx = (text_x - layout::LABEL_PAD_X + label.rect.right()) / 2.0;
                svg.text(
                    cx,
                    label.rect.y + 14.0,
                    if unowned { "label-alert" } else { "label" },
                    "text-anchor=\"middle\" font-weight=\"700\"",
                    &number.to_string(),
                );
            }
            None => {
                let mut y = label.rect.y + 3.5 + 11.0;
                for (position, line) in label.lines.iter().enumerate() {
                    let class = if position == 0 && label.alert {
                        "label-alert"
                    } else {
                        "label"
                    };
                    svg.text(text_x, y, class, "", line);
                    y += layout::LABEL_LINE_H;
                }
            }
        }
        svg.close_g();
    }
    svg.close_g();
}

/// The key of numbered handoffs: number, from → to, and the label's words.
pub fn draw_key(svg: &mut Svg, ctx: &Ctx<'_>) {
    let layout = &ctx.layout;
    if layout.key.is_empty() {
        return;
    }
    let journey = ctx.journey;
    let left = layout.grid_left;
    let top = layout.key_y;
    svg.group("handoff-key", "");
    super::rule(svg, left, layout.grid_right, top);
    svg.text(
        left,
        top + 22.0,
        "h2",
        "",
        "Handoff key: numbered arrows whose label did not fit beside them",
    );
    let width = layout.grid_right - left - 40.0;
    // Handoff index → its stub, for cut handoffs in the key.
    let mut stubs = vec![None; journey.handoffs.len()];
    for route in &layout.routes {
        if let (Some(stub), Some(slot)) = (&route.stub, stubs.get_mut(route.handoff)) {
            *slot = Some(stub);
        }
    }
    super::in_order(svg, ctx, layout.key.len(), |svg, position| {
        let Some((index, handoff)) = layout
            .key
            .get(position)
            .and_then(|&index| Some((index, journey.handoffs.get(index)?)))
        else {
            return;
        };
        let y = top + 34.0 + (position as f64 + 0.7) * layout::KEY_LINE_H;
        let from = journey.handoff_source(handoff);
        let to = journey.handoff_target(handoff);
        let (owner, details) = layout::handoff_label_parts(journey, handoff);
        let words = owner
            .into_iter()
            .chain(details)
            .collect::<Vec<_>>()
            .join(" · ");
        let mut full = format!(
            "{} → {}: {}",
            one_line(&from.name.value),
            one_line(&to.name.value),
            if words.is_empty() { "no label" } else { &words }
        );
        if let Some(stub) = stubs.get(index).copied().flatten() {
            let (_, place) = layout::stub_words(journey, handoff, stub.outgoing, stub.page);
            let end = if stub.outgoing { "target" } else { "source" };
            full.push_str(&format!(" ({end} on {place})"));
        }
        let shown = text::truncate(&full, width, size::LEGEND, false);
        svg.begin_group("key-entry");
        svg.data("from", &from.id.value);
        svg.data("to", &to.id.value);
        svg.end_open();
        svg.title(&full);
        let number = (position + 1).to_string();
        let w = text::width(&number, size::LABEL, true) + 14.0;
        svg.rect(
            Rect::new(left, y - 13.0, w.max(22.0), 18.0),
            &format!("rx=\"9\" fill=\"#ffffff\" stroke=\"{INK}\""),
        );
        svg.text(
            left + w.max(22.0) / 2.0,
            y,
            "label",
            "text-anchor=\"middle\" font-weight=\"700\"",
            &number,
        );
        svg.text(left + 34.0, y, "legend", "", &shown);
        svg.close_g();
    });
    svg.close_g();
}

fn tooltip(ctx: &Ctx<'_>, index: usize) -> String {
    let journey = ctx.journey;
    let Some(handoff) = journey.handoffs.get(index) else {
        return String::new();
    };
    let from = journey.handoff_source(handoff);
    let to = journey.handoff_target(handoff);
    // Written piece by piece: this runs once per arrow (12,000 times at 10k touchpoints).
    let mut text = String::with_capacity(160);
    for piece in ["Handoff: ", &from.name.value, " → ", &to.name.value] {
        text.push_str(piece);
    }
    match &handoff.owner {
        Some(owner) => {
            text.push_str("\nOwner: ");
            text.push_str(&owner.value);
        }
        None if journey.is_cross_lane(handoff) => {
            text.push_str("\nOwner: none (a cross-lane handoff nobody owns)");
        }
        None => {}
    }
    if let Some(artifact) = &handoff.artifact {
        text.push_str("\nArtifact: ");
        text.push_str(&artifact.value);
    }
    if let Some(sla) = &handoff.sla {
        text.push_str("\nSLA: ");
        text.push_str(&layout::format_sla(sla.value.minutes));
    }
    if handoff.rework {
        text.push_str("\nRework loop back to an earlier step");
    }
    text
}

/// An arrow's presentation attributes (once per arrow: built without the formatter).
fn arrow_style(look: &Look, rework: bool) -> String {
    let mut style = String::with_capacity(200);
    style.push_str("class=\"arrow\" fill=\"none\" stroke=\"");
    style.push_str(look.color);
    style.push_str("\" stroke-width=\"");
    N(look.width).push_to(&mut style);
    for piece in [
        "\" stroke-dasharray=\"",
        look.dash,
        "\" stroke-linecap=\"",
        if rework { "round" } else { "butt" },
        "\" stroke-linejoin=\"round\" marker-end=\"url(#",
        look.marker,
        ")\"",
    ] {
        style.push_str(piece);
    }
    style
}

/// An orthogonal polyline with its corners rounded.
fn rounded_path(points: &[(f64, f64)], radius: f64) -> String {
    let mut d = String::with_capacity(points.len() * 32);
    let Some(&(x0, y0)) = points.first() else {
        return d;
    };
    push_point(&mut d, "M", x0, y0);
    for window in points.windows(3) {
        let &[(ax, ay), (bx, by), (cx, cy)] = window else {
            continue;
        };
        let in_len = ((bx - ax).powi(2) + (by - ay).powi(2)).sqrt();
        let out_len = ((cx - bx).powi(2) + (cy - by).powi(2)).sqrt();
        let r = radius.min(in_len / 2.0).min(out_len / 2.0);
        if r < 0.5 || in_len == 0.0 || out_len == 0.0 {
            push_point(&mut d, " L", bx, by);
            continue;
        }
        let (px, py) = (bx - (bx - ax) / in_len * r, by - (by - ay) / in_len * r);
        let (qx, qy) = (bx + (cx - bx) / out_len * r, by + (cy - by) / out_len * r);
        push_point(&mut d, " L", px, py);
        push_point(&mut d, " Q", bx, by);
        push_point(&mut d, " ", qx, qy);
    }
    if let Some(&(x, y)) = points.last()
        && points.len() > 1
    {
        push_point(&mut d, " L", x, y);
    }
    d
}
