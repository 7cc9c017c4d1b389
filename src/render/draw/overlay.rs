//! The diff overlay: outlines and NEW / CHANGED tags on changed elements, and ghosts of
//! removed touchpoints.

use super::{Change, Ctx};
use crate::render::content::CARD_W;
use crate::render::layout::Rect;
use crate::render::style::{AMBER, GREEN, INK_2, RED, size};
use crate::render::svg::Svg;
use crate::render::text::{self, one_line};

fn change_style(change: Change) -> Option<(&'static str, &'static str, &'static str)> {
    match change {
        Change::None => None,
        Change::Added => Some((GREEN, "none", "NEW")),
        Change::Changed => Some(("#8a5a14", "7 3", "CHANGED")),
    }
}

/// The overlay outline around an element: green solid (added) or amber dashed (changed).
pub fn outline(svg: &mut Svg, area: Rect, change: Change) {
    let Some((color, dash, _)) = change_style(change) else {
        return;
    };
    let color = if change == Change::Changed {
        AMBER
    } else {
        color
    };
    let outline = Rect::new(area.x - 4.0, area.y - 4.0, area.w + 8.0, area.h + 8.0);
    svg.rect(
        outline,
        &format!(
            "class=\"change\" rx=\"9\" fill=\"none\" stroke=\"{color}\" stroke-width=\"3\" \
stroke-dasharray=\"{dash}\""
        ),
    );
}

/// The NEW / CHANGED tag on an element's bottom edge, so the change reads without colour.
pub fn tag(svg: &mut Svg, area: Rect, change: Change) {
    tag_at(svg, area, change, area.bottom() - 4.0);
}

pub fn tag_at(svg: &mut Svg, area: Rect, change: Change, y: f64) {
    let Some((color, _, tag)) = change_style(change) else {
        return;
    };
    let w = text::width(tag, size::TAG, true) + 12.0;
    let tag_rect = Rect::new(area.right() - w - 14.0, y, w, 16.0);
    svg.rect(tag_rect, &format!("rx=\"3\" fill=\"{color}\""));
    svg.text(
        tag_rect.center_x(),
        tag_rect.y + 12.0,
        "tag",
        "text-anchor=\"middle\"",
        tag,
    );
}

pub fn outline_and_tag(svg: &mut Svg, area: Rect, change: Change) {
    outline(svg, area, change);
    tag(svg, area, change);
}

pub fn draw_ghosts(svg: &mut Svg, ctx: &Ctx<'_>) {
    let Some(overlay) = ctx.overlay else {
        return;
    };
    let layout = &ctx.layout;
    svg.group("removed", "");
    if let Some(strip) = layout.removed {
        svg.rect(
            strip,
            &format!("rx=\"6\" fill=\"#fdf3f2\" stroke=\"{RED}\" stroke-dasharray=\"6 4\""),
        );
        svg.text(strip.x + 12.0, strip.y + 20.0, "alert", "", "REMOVED");
        svg.text(
            strip.x + 12.0,
            strip.y + 37.0,
            "small",
            "",
            "touchpoints whose stage",
        );
        svg.text(
            strip.x + 12.0,
            strip.y + 51.0,
            "small",
            "",
            "or lane is gone",
        );
    }
    for &(index, card) in &layout.ghosts {
        let Some(ghost) = overlay.removed.get(index) else {
            continue;
        };
        let name = one_line(&ghost.label);
        let (lines, _) = text::wrap(&name, CARD_W - 24.0, size::CARD, true, 2);
        svg.group("ghost", "");
        svg.title(&format!("Removed: {} ({})", ghost.label, ghost.key));
        svg.rect(
            card,
            &format!(
                "rx=\"7\" fill=\"#fdf3f2\" stroke=\"{RED}\" stroke-width=\"2\" \
stroke-dasharray=\"6 4\""
            ),
        );
        let mut y = card.y + 22.0;
        for name_line in lines.iter().take(1) {
            let w = text::width(name_line, size::CARD, true);
            svg.text(
                card.x + 12.0,
                y,
                "card",
                &format!("style=\"fill:{INK_2}\""),
                name_line,
            );
            svg.line(
                card.x + 10.0,
                y - 5.0,
                card.x + 14.0 + w,
                y - 5.0,
                &format!("stroke=\"{RED}\" stroke-width=\"1.5\""),
            );
            y += 17.0;
        }
        svg.text(card.x + 12.0, card.bottom() - 10.0, "alert", "", "REMOVED");
        svg.close_g();
    }
    svg.close_g();
}
