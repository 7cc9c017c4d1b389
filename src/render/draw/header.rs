//! The header: title, state badge, persona, owner, review date, lint summary, and on a
//! page, which stages the page holds.

use super::{Ctx, finding_badge, overlay, plural, text_with_tooltip};
use crate::model::State;
use crate::render::layout::{self, Rect};
use crate::render::style::{AMBER, AMBER_FILL, INK, size};
use crate::render::svg::Svg;
use crate::render::text::{self, one_line};

const HEADER_RULE: f64 = 90.0;

pub fn draw(svg: &mut Svg, ctx: &Ctx<'_>) {
    let layout = &ctx.layout;
    let meta = &ctx.journey.meta;
    let left = layout.grid_left;
    let top = layout::MARGIN;
    svg.group(
        "header",
        if ctx.overlay.is_some_and(|overlay| overlay.header_changed) {
            "data-change=\"changed\""
        } else {
            ""
        },
    );
    let state = match meta.state {
        State::AsIs => "AS-IS",
        State::ToBe => "TO-BE",
    };
    let badge_w = text::width(state, size::TAG, true) + 22.0;
    // Room for the page line and the lint summary right of the title.
    let right_w = page_line(ctx).map_or(0.0, |line| text::width(&line, size::META, true));
    let title_max = layout.notes_right() - left - badge_w - (right_w + 40.0).max(420.0);
    let title_text = text::truncate(&one_line(&meta.title.value), title_max, size::TITLE, true);
    let title_w = text::width(&title_text, size::TITLE, true);
    text_with_tooltip(
        svg,
        left,
        top + 28.0,
        "title",
        &title_text,
        &meta.title.value,
    );

    // State badge: TO-BE filled, AS-IS outlined, so the two differ in grey too.
    let badge = Rect::new(left + title_w + 16.0, top + 8.0, badge_w, 24.0);
    let (fill, class) = match meta.state {
        State::AsIs => ("#ffffff", "tag-dark"),
        State::ToBe => (INK, "tag"),
    };
    svg.rect(
        badge,
        &format!("rx=\"12\" fill=\"{fill}\" stroke=\"{INK}\" stroke-width=\"1.5\""),
    );
    svg.text(
        badge.center_x(),
        badge.y + 16.5,
        class,
        "text-anchor=\"middle\"",
        state,
    );

    let compact = layout.header_h < layout::HEADER_H;
    if !compact {
        persona_owner_review(svg, ctx);
    }
    right_side(svg, ctx, compact);
    let rule = if compact {
        layout.header_h - 10.0
    } else {
        HEADER_RULE
    };
    super::rule(svg, left, layout.notes_right(), top + rule);
    svg.close_g();
}

/// The persona, owner and review date lines under the title.
fn persona_owner_review(svg: &mut Svg, ctx: &Ctx<'_>) {
    let layout = &ctx.layout;
    let meta = &ctx.journey.meta;
    let left = layout.grid_left;
    let top = layout::MARGIN;
    let width = layout.notes_right() - left;
    if let Some(persona) = &meta.persona {
        let full = format!("Persona: {}", one_line(&persona.value));
        // Clear of the right side: the lint summary, or a diff's before → after strip.
        let reserved = overlay::strip_width(ctx).map_or(360.0, |w| (w + 24.0).max(360.0));
        let shown = text::truncate(&full, width - reserved, size::SUB, false);
        text_with_tooltip(svg, left, top + 54.0, "sub", &shown, &full);
    }

    // Owner and review date, one line.
    let mut x = left;
    let y = if meta.persona.is_some() {
        top + 77.0
    } else {
        top + 56.0
    };
    let owner = meta
        .owner
        .as_ref()
        .map_or("not named".to_string(), |owner| one_line(&owner.value));
    let owner_full = format!("Owner: {owner}");
    let owner_text = text::truncate(&owner_full, 420.0, size::META, false);
    text_with_tooltip(svg, x, y, "meta", &owner_text, &owner_full);
    x += text::width(&owner_text, size::META, false) + 18.0;
    let reviewed = meta
        .reviewed
        .as_ref()
        .map_or("never".to_string(), |date| date.value.to_string());
    let reviewed_text = format!("Last reviewed: {reviewed}");
    svg.text(x, y, "meta", "", &reviewed_text);
    x += text::width(&reviewed_text, size::META, false) + 8.0;
    if ctx.marks.stale {
        let stale = "STALE";
        let w = text::width(stale, size::TAG, true) + 14.0;
        svg.group("stale", "");
        svg.title("The review date is missing or older than the stale-review rule allows");
        svg.rect(
            Rect::new(x, y - 13.0, w, 18.0),
            &format!("rx=\"3\" fill=\"{AMBER_FILL}\" stroke=\"{AMBER}\""),
        );
        svg.text(x + w / 2.0, y, "tag-dark", "text-anchor=\"middle\"", stale);
        svg.close_g();
    }
}

/// What a notes page holds: "journey metrics, legend and findings", "findings", ….
fn notes_line(ctx: &Ctx<'_>) -> String {
    let listed = ctx
        .frame
        .listed
        .as_ref()
        .is_none_or(|listed| !listed.is_empty());
    let parts: Vec<&str> = [
        (ctx.layout.metrics_h > 0.0, "journey metrics"),
        (ctx.frame.legend, "legend"),
        (listed && ctx.marks.show, "findings"),
    ]
    .into_iter()
    .filter_map(|(shown, part)| shown.then_some(part))
    .collect();
    match parts.as_slice() {
        [] => "findings".to_string(),
        [one] => (*one).to_string(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// "Page N of M · stages … · lanes …" on a paged map; `None` on one canvas.
fn page_line(ctx: &Ctx<'_>) -> Option<String> {
    if ctx.frame.count <= 1 && ctx.frame.stages.is_none() {
        return None;
    }
    let total = ctx.journey.stages.len();
    let range = ctx.frame.stages.clone().unwrap_or(0..total);
    let stages = if range.len() == 1 {
        format!("stage {} of {total}", range.start + 1)
    } else {
        format!("stages {}–{} of {total}", range.start + 1, range.end)
    };
    let lanes_total = ctx.journey.lanes.len();
    let rows = ctx.frame.rows.clone().unwrap_or(0..lanes_total);
    // A page of the change list (a poster's map with the list under it says its stages).
    let list_page = ctx
        .frame
        .changes
        .as_ref()
        .filter(|c| ctx.frame.notes && !c.is_empty());
    let part = if let Some(changes) = list_page {
        format!("changes {}–{}", changes.start + 1, changes.end)
    } else if ctx.frame.notes {
        notes_line(ctx)
    } else if rows.is_empty() && ctx.frame.metrics {
        format!("{stages} · metrics")
    } else if rows.is_empty() {
        // The chart alone: it and the first lanes did not fit one page.
        format!("{stages} · emotion")
    } else if rows.len() < lanes_total || ctx.frame.slots.is_some() || ctx.frame.tail.is_some() {
        let lanes = shown_lanes(ctx, lanes_total);
        // A page of several lanes that ends with the top cards of a lane the next page
        // goes on with.
        let top = ctx
            .frame
            .tail
            .as_ref()
            .map(|_| format!("lane {} top", rows.end));
        match (&ctx.frame.slots, top) {
            // A lane too tall for one page: its top cards, then the rest.
            (Some(slots), _) if slots.start == 0 => format!("{stages} · {lanes}, top"),
            (Some(_), _) if rows.len() == 1 => format!("{stages} · {lanes}, continued"),
            (Some(_), None) => {
                format!("{stages} · {lanes} (lane {} continued)", rows.start + 1)
            }
            (Some(_), Some(top)) => {
                format!(
                    "{stages} · {lanes} (lane {} continued, {top})",
                    rows.start + 1
                )
            }
            (None, Some(top)) => format!("{stages} · {lanes} ({top})"),
            (None, None) => format!("{stages} · {lanes}"),
        }
    } else {
        stages
    };
    Some(format!(
        "Page {} of {} · {part}",
        ctx.frame.number, ctx.frame.count
    ))
}

/// The lanes a page shows, by their places in the lane order: "lane 2 of 6", "lanes 1–3
/// of 6", "lanes 1, 3 and 4 of 6". A lane with no card on the page's stages is left off
/// the page, so it is left off this line too.
fn shown_lanes(ctx: &Ctx<'_>, lanes_total: usize) -> String {
    let order = layout::lane_order(ctx.journey);
    let mut places: Vec<usize> = ctx
        .layout
        .rows
        .iter()
        .filter_map(|row| order.iter().position(|&lane| lane == row.lane))
        .map(|place| place + 1)
        .collect();
    places.sort_unstable();
    places.dedup();
    let contiguous = places
        .windows(2)
        .all(|pair| matches!(pair, [a, b] if a + 1 == *b));
    match places.as_slice() {
        [] => "no cards".to_string(),
        [one] => format!("lane {one} of {lanes_total}"),
        [first, .., last] if contiguous => format!("lanes {first}–{last} of {lanes_total}"),
        [most @ .., last] => {
            let most: Vec<String> = most.iter().map(usize::to_string).collect();
            format!("lanes {} and {last} of {lanes_total}", most.join(", "))
        }
    }
}

/// Right side: the page's share of the stages, then the lint summary (not in a compact
/// header).
fn right_side(svg: &mut Svg, ctx: &Ctx<'_>, compact: bool) {
    let layout = &ctx.layout;
    let top = layout::MARGIN;
    let right = layout.notes_right();
    let mut right_y = top + 20.0;
    if let Some(line) = page_line(ctx) {
        svg.text(right, right_y, "meta-b", "text-anchor=\"end\"", &line);
        right_y += 20.0;
    }
    if overlay::draw_strip(svg, ctx, right, right_y) {
        // A diff overlay: the before → after strip says what the change did to the
        // findings, instead of the lint summary.
    } else if ctx.marks.show && !compact {
        let (error_count, warning_count) = ctx.marks.counts();
        let summary = if error_count + warning_count == 0 {
            "Lint: no findings".to_string()
        } else {
            let place = if ctx.frame.count > 1 {
                "listed after the map".to_string()
            } else {
                "listed below the map".to_string()
            };
            format!(
                "Lint: {} · {} ({place})",
                plural(error_count, "error", "errors"),
                plural(warning_count, "warning", "warnings")
            )
        };
        svg.text(right, right_y, "meta", "text-anchor=\"end\"", &summary);
        if !ctx.marks.journey.is_empty() {
            let w = text::width(&summary, size::META, false);
            finding_badge(svg, right - w - 16.0, right_y - 4.0, &ctx.marks.journey);
        }
    }
}
