//! On which page of a paged map a moved touchpoint's two places are, so each end can say
//! where the other is when they are on different pages.

use super::super::Ctx;
use crate::render::layout::lane_order;

/// The map page holding stage `stage` and lane row `row` (of [`lane_order`]).
fn page_of(ctx: &Ctx<'_>, stage: usize, row: usize) -> Option<usize> {
    ctx.frame
        .sheets
        .iter()
        .find(|sheet| sheet.stages.contains(&stage) && sheet.rows.contains(&row))
        .map(|sheet| sheet.number)
}

fn row_of(ctx: &Ctx<'_>, lane: usize) -> Option<usize> {
    lane_order(ctx.journey).iter().position(|&l| l == lane)
}

/// The page of the card of the touchpoint whose old place is ghost `ghost`.
pub fn card_page(ctx: &Ctx<'_>, ghost: usize) -> Option<usize> {
    let key = &ctx.overlay?.removed.get(ghost)?.key;
    let Some(crate::model::Element::Touchpoint(index)) = key.resolve(ctx.journey) else {
        return None;
    };
    let touchpoint = ctx.journey.touchpoints.get(index)?;
    page_of(ctx, touchpoint.stage, row_of(ctx, touchpoint.lane.value)?)
        .filter(|&page| page != ctx.frame.number)
}

/// The page of ghost `ghost` (a moved touchpoint's old place): its cell's page, the page
/// of the lane its removed lane's ghost row follows, or the first page (the "Removed"
/// strip) when its stage is gone.
pub fn ghost_page(ctx: &Ctx<'_>, ghost: usize) -> Option<usize> {
    let overlay = ctx.overlay?;
    let ghost = overlay.removed.get(ghost)?;
    let journey = ctx.journey;
    let first = || {
        ctx.frame
            .sheets
            .iter()
            .find(|sheet| sheet.stages.start == 0 && sheet.rows.start == 0)
            .map(|sheet| sheet.number)
    };
    let Some(&stage) = ghost
        .stage
        .as_deref()
        .and_then(|stage| journey.stage_index.get(stage))
    else {
        return first();
    };
    let lane = ghost.lane.as_deref()?;
    let row = match journey.lane_index.get(lane) {
        Some(&lane) => row_of(ctx, lane)?,
        None => {
            let removed = overlay.removed_lanes.iter().find(|l| l.key.id == lane)?;
            match removed
                .after
                .as_deref()
                .and_then(|after| journey.lane_index.get(after))
            {
                Some(&after) => row_of(ctx, after)?,
                None => 0,
            }
        }
    };
    page_of(ctx, stage, row)
}

/// The page of touchpoint `key` as the map shows it: its ghost's page when it has one
/// (removed, or the old place of a moved one), else its card's.
pub fn end_page(ctx: &Ctx<'_>, key: &crate::model::ElementKey) -> Option<usize> {
    let overlay = ctx.overlay?;
    if let Some(ghost) = overlay.removed.iter().position(|ghost| ghost.key == *key) {
        return ghost_page(ctx, ghost);
    }
    let Some(crate::model::Element::Touchpoint(index)) = key.resolve(ctx.journey) else {
        return None;
    };
    let touchpoint = ctx.journey.touchpoints.get(index)?;
    page_of(ctx, touchpoint.stage, row_of(ctx, touchpoint.lane.value)?)
}

/// The page of touchpoint `index`'s card.
pub fn touchpoint_page(ctx: &Ctx<'_>, index: usize) -> Option<usize> {
    let touchpoint = ctx.journey.touchpoints.get(index)?;
    page_of(ctx, touchpoint.stage, row_of(ctx, touchpoint.lane.value)?)
}
