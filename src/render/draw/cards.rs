//! Touchpoint cards: step number, name, channel, and the words of the pains (worst first,
//! each tagged with its severity) and opportunities, or their counts (`--detail summary`).

use super::{Ctx, N, finding_badge, overlay, signed};
use crate::model::Element;
use crate::render::content::{
    self, BODY_LH, CHANNEL_LH, CardText, ITEM_GAP, ItemKind, NAME_LH, PAD_TOP, PAD_X, PILL_H,
    TAG_GAP, TAG_W,
};
use crate::render::layout::Rect;
use crate::render::style::{GREEN, INK};
use crate::render::svg::Svg;

pub fn draw(svg: &mut Svg, ctx: &Ctx<'_>) {
    svg.group("cards", "");
    // The cards this page shows (a page of a big journey shows few).
    let shown: Vec<usize> = (0..ctx.journey.touchpoints.len())
        .filter(|&index| ctx.layout.shown.get(index).copied().unwrap_or(false))
        .collect();
    super::in_order(svg, ctx, shown.len(), |svg, position| {
        if let Some(&index) = shown.get(position) {
            card(svg, ctx, index);
        }
    });
    svg.close_g();
}

/// One touchpoint's card (of one this page shows).
fn card(svg: &mut Svg, ctx: &Ctx<'_>, index: usize) {
    let layout = &ctx.layout;
    let (Some(touchpoint), Some(&card), Some(text)) = (
        ctx.journey.touchpoints.get(index),
        layout.cards.get(index),
        layout.card_text.get(index),
    ) else {
        return;
    };
    let touchpoint_key = Element::Touchpoint(index).key(ctx.journey);
    svg.begin_group("touchpoint");
    svg.data("id", &touchpoint.id.value);
    ctx.mark(svg, &Element::Touchpoint(index).key(ctx.journey));
    if touchpoint.milestone {
        svg.raw(" data-milestone=\"true\"");
    }
    svg.end_open();
    svg.title(&tooltip(ctx, index));
    overlay::outline(svg, ctx, &touchpoint_key, card);
    svg.rect(
        Rect::new(card.x + 1.0, card.y + 2.0, card.w, card.h),
        "rx=\"7\" fill=\"#1f2933\" opacity=\"0.07\"",
    );
    svg.rect(
        card,
        if touchpoint.milestone {
            "class=\"card-box\" rx=\"7\" fill=\"#ffffff\" stroke=\"#1f2933\" stroke-width=\"2\""
        } else {
            "class=\"card-box\" rx=\"7\" fill=\"#ffffff\" stroke=\"#9aa5b1\" stroke-width=\"1\""
        },
    );
    body(svg, card, text);
    step_marker(svg, card, index + 1, touchpoint.milestone);
    overlay::tag(ctx, &touchpoint_key, card);
    let found = ctx.marks.of(&touchpoint_key);
    if !found.is_empty() {
        finding_badge(svg, card.right(), card.y, found);
    }
    svg.close_g();
}

/// Name, channel, then pains and opportunities (words or counts).
fn body(svg: &mut Svg, card: Rect, text: &CardText) {
    let x = card.x + PAD_X;
    let mut y = card.y + PAD_TOP + 13.0;
    for line in &text.name {
        svg.text(x + 6.0, y, "card", "", line);
        y += NAME_LH;
    }
    if let Some(channel) = &text.channel {
        svg.text(x, y - 1.0, "channel", "", channel);
        y += CHANNEL_LH;
    }
    y += 6.0 - 13.0;
    for item in &text.items {
        let (tag, fill, class) = item.kind.tag();
        let (group, severity) = match item.kind {
            ItemKind::Pain(severity) => ("pain", Some(severity.as_str())),
            ItemKind::Opportunity => ("opportunity", None),
        };
        svg.begin_group(group);
        if let Some(severity) = severity {
            severity_attribute(svg, severity);
        }
        svg.end_open();
        svg.rect(
            Rect::new(x, y + 1.0, TAG_W, 15.0),
            &["rx=\"3\" fill=\"", fill, "\""].concat(),
        );
        svg.text(
            x + TAG_W / 2.0,
            y + 12.5,
            class,
            "text-anchor=\"middle\"",
            tag,
        );
        let mut line_y = y + 12.5;
        for line in &item.lines {
            svg.text(x + TAG_W + TAG_GAP, line_y, "body", "", line);
            line_y += BODY_LH;
        }
        svg.close_g();
        y += item.lines.len() as f64 * BODY_LH + ITEM_GAP;
    }
    if text.more > 0 {
        svg.text(
            x + TAG_W + TAG_GAP,
            y + 12.5,
            "more",
            "",
            &format!("+{} more", text.more),
        );
    }
    if !text.pills.is_empty() {
        let mut px = x;
        let py = card.bottom() - content::PAD_BOTTOM - PILL_H;
        for pill in &text.pills {
            let (_, fill, class) = pill.kind.tag();
            let (group, severity) = match pill.kind {
                ItemKind::Pain(severity) => ("pain", Some(severity.as_str())),
                ItemKind::Opportunity => ("opportunity", None),
            };
            svg.begin_group(group);
            if let Some(severity) = severity {
                severity_attribute(svg, severity);
            }
            svg.end_open();
            let (fill, stroke, class) = if pill.kind == ItemKind::Opportunity {
                ("#e6f4ea", GREEN, "pill-green")
            } else {
                (fill, fill, class)
            };
            svg.rect(
                Rect::new(px, py, pill.w, PILL_H),
                &["rx=\"9\" fill=\"", fill, "\" stroke=\"", stroke, "\""].concat(),
            );
            svg.text(px + 7.0, py + 13.0, class, "", &pill.text);
            svg.close_g();
            px += pill.w + 6.0;
        }
    }
}

/// ` data-severity="SEVERITY"` on a pain's group.
fn severity_attribute(svg: &mut Svg, severity: &str) {
    svg.raw(" data-severity=\"");
    svg.raw(severity);
    svg.raw("\"");
}

/// The journey-order number at a card's top-left corner: a circle, or a dark diamond for
/// a milestone.
pub fn step_marker(svg: &mut Svg, card: Rect, step: usize, milestone: bool) {
    let number = step.to_string();
    let (cx, cy) = (card.x, card.y);
    let r = crate::render::layout::step_marker_radius(step, milestone);
    if milestone {
        svg.path(
            &format!(
                "M{},{} L{},{} L{},{} L{},{} Z",
                N(cx),
                N(cy - r),
                N(cx + r),
                N(cy),
                N(cx),
                N(cy + r),
                N(cx - r),
                N(cy)
            ),
            &format!("fill=\"{INK}\""),
        );
        svg.text(cx, cy + 4.0, "badge", "text-anchor=\"middle\"", &number);
    } else {
        svg.circle(cx, cy, r, "fill=\"#ffffff\" stroke=\"#9aa5b1\"");
        svg.text(cx, cy + 4.0, "step", "text-anchor=\"middle\"", &number);
    }
}

fn tooltip(ctx: &Ctx<'_>, index: usize) -> String {
    let journey = ctx.journey;
    let Some(touchpoint) = journey.touchpoints.get(index) else {
        return String::new();
    };
    // Written piece by piece: this runs once per card (10,000 times at 10k touchpoints).
    let mut text = String::with_capacity(256);
    text.push_str(itoa::Buffer::new().format(index + 1));
    text.push_str(". ");
    text.push_str(&touchpoint.name.value);
    if let Some(lane) = journey.lanes.get(touchpoint.lane.value) {
        push_line(&mut text, &["Lane: ", &lane.name.value]);
    }
    if let Some(channel) = &touchpoint.channel {
        push_line(&mut text, &["Channel: ", &channel.value]);
    }
    if let Some(owner) = &touchpoint.owner {
        push_line(&mut text, &["Owner: ", &owner.value]);
    }
    if let Some(emotion) = &touchpoint.emotion {
        push_line(&mut text, &["Emotion: ", &signed(f64::from(emotion.value))]);
    }
    if touchpoint.milestone {
        push_line(&mut text, &["Milestone"]);
    }
    for pain in &touchpoint.pains {
        let severity = pain.severity.as_str();
        push_line(&mut text, &["Pain (", severity, "): ", &pain.text.value]);
    }
    for opportunity in &touchpoint.opportunities {
        push_line(&mut text, &["Opportunity: ", &opportunity.value]);
    }
    for &handoff_index in &touchpoint.handoffs {
        if let Some(handoff) = journey.handoffs.get(handoff_index) {
            let to = &journey.handoff_target(handoff).name.value;
            let owner = handoff
                .owner
                .as_ref()
                .map_or("no owner", |owner| &owner.value);
            push_line(&mut text, &["Hands off to ", to, " (", owner, ")"]);
        }
    }
    text
}

/// A new line of a tooltip, from its pieces.
fn push_line(text: &mut String, pieces: &[&str]) {
    text.push('\n');
    for piece in pieces {
        text.push_str(piece);
    }
}
