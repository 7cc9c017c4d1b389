//! Room for labels where arrows would crowd them: the gap between a card and the card
//! under it in the next lane, made tall enough for the label of the arrow between them
//! (the same rule as for two cards in one cell), and fans of stubs that leave one side
//! of a card for the page edge, run apart so that each keeps its label.

use super::{
    CardText, HashMap, Inputs, Plan, ROW_PAD_BOTTOM, ROW_PAD_TOP, Shape, Side, TRACK_GAP,
    make_label, stub_label, stub_page,
};
use crate::render::labels::{CARD_MARGIN, WORD_STEP};
use std::collections::BTreeMap;

/// The room a page's rows must leave for labels: the gaps between lanes, the fans.
pub(super) struct Room {
    gaps: Vec<ColumnGap>,
    fans: Vec<Fan>,
}

impl Room {
    /// Where `plans` need room, their cards stacked at `card_offset` in their cells and as
    /// tall as `card_text` says.
    pub(super) fn new(
        inputs: &Inputs<'_>,
        plans: &[Plan],
        card_offset: &[f64],
        card_text: &[CardText],
    ) -> Room {
        Room {
            gaps: column_gaps(inputs, plans, card_offset, card_text),
            fans: fans(inputs, plans, card_offset, card_text),
        }
    }

    /// Row `row`, `h` px tall for its cards, grown for the labels of an arrow down (or up)
    /// into the next row and for the runs of a fan of stubs, one under the other.
    pub(super) fn row_h(&self, row: usize, h: f64) -> f64 {
        let gaps = self
            .gaps
            .iter()
            .filter(|gap| gap.row == row)
            .map(|gap| gap.above + label_run(gap.label_h, h - gap.above));
        let fans = self.fans.iter().filter(|fan| fan.row == row).map(|fan| {
            fan.port_top
                + fan.members.iter().map(|(_, h)| h + FAN_GAP).sum::<f64>()
                + ROW_PAD_BOTTOM / 2.0
        });
        gaps.chain(fans).fold(h, f64::max)
    }

    pub(super) fn fans(&self) -> &[Fan] {
        &self.fans
    }
}

/// Room between the labels of a fan's runs.
const FAN_GAP: f64 = 12.0;

/// Three or more labelled stubs that leave (or enter) one side of a card in a page's edge
/// column straight for that edge: at their ports they would be a few px apart, too close
/// for their labels (two have room, one label above and one below), so each runs to the
/// edge under the one above it, a label's height lower, and turns into its port near the
/// card; the card's row grows to hold them.
pub(super) struct Fan {
    /// The card's row.
    row: usize,
    /// About where the fan's top run leaves the card: the middle of its side, below the
    /// row's top.
    port_top: f64,
    /// Plan index and label height of each stub, in plan order.
    members: Vec<(usize, f64)>,
}

fn fans(
    inputs: &Inputs<'_>,
    plans: &[Plan],
    card_offset: &[f64],
    card_text: &[CardText],
) -> Vec<Fan> {
    let journey = inputs.journey;
    // The straight edge stubs of each card side first; labels are measured only for the
    // sides with enough of them to fan (the stubs' routes measure them again).
    let mut sides: BTreeMap<(usize, usize, u8), Vec<usize>> = BTreeMap::new();
    for (index, plan) in plans.iter().enumerate() {
        let (Shape::Straight(side), Some((source_here, _)), None) =
            (plan.shape, plan.stub, plan.ghost)
        else {
            continue;
        };
        if plan.label_gutter().is_none() {
            continue;
        }
        let card = if source_here { plan.from } else { plan.to };
        sides
            .entry((card, plan.a.0, side as u8))
            .or_default()
            .push(index);
    }
    let label_h = |index: usize| {
        let plan = plans.get(index)?;
        let (source_here, _) = plan.stub?;
        let handoff = journey.handoffs.get(plan.handoff)?;
        let page = stub_page(inputs, plan, source_here);
        stub_label(
            journey,
            handoff,
            source_here,
            inputs.flagged(plan.handoff),
            page,
        )
        .map(|label| label.rect.h)
    };
    sides
        .into_iter()
        .filter_map(|((card, row, _), stubs)| {
            let members: Vec<(usize, f64)> = stubs
                .into_iter()
                .filter_map(|index| Some((index, label_h(index)?)))
                .collect();
            (members.len() > 2).then(|| Fan {
                row,
                port_top: ROW_PAD_TOP
                    + card_offset.get(card).copied().unwrap_or(0.0)
                    + card_text.get(card).map_or(0.0, |text| text.h) / 2.0,
                members,
            })
        })
        .collect()
}

/// Where stub `plan` of a fan runs to the page edge and where it turns into its port:
/// `None` for the fan's top stub (straight from its port) and for a stub in no fan. The
/// lower a stub's port, the nearer the card it turns, so no two runs cross.
pub(super) fn fan_run(
    fans: &[Fan],
    plan: usize,
    port_y: &HashMap<(usize, bool), f64>,
    card_x: f64,
    side: Side,
) -> Option<(f64, f64)> {
    let fan = fans
        .iter()
        .find(|fan| fan.members.iter().any(|&(index, _)| index == plan))?;
    let port = |index: usize| {
        port_y
            .get(&(index, true))
            .or_else(|| port_y.get(&(index, false)))
            .copied()
            .unwrap_or(0.0)
    };
    let mut members = fan.members.clone();
    members.sort_by(|a, b| port(a.0).total_cmp(&port(b.0)).then(a.0.cmp(&b.0)));
    let position = members.iter().position(|&(index, _)| index == plan)?;
    if position == 0 {
        return None;
    }
    let first = members.first().map_or(0.0, |&(index, _)| port(index));
    let run_y = first
        + members
            .iter()
            .take(position)
            .map(|(_, h)| h + FAN_GAP)
            .sum::<f64>();
    let away = 14.0 + (members.len() - 1 - position) as f64 * TRACK_GAP;
    let turn_x = match side {
        Side::Left => card_x - away,
        Side::Right => card_x + away,
    };
    Some((run_y, turn_x))
}

/// A labelled arrow straight down (or up) from a card to the card under it in the next
/// row: its label sits in the gap between them, across the rows' boundary.
struct ColumnGap {
    /// The upper card's row.
    row: usize,
    /// The upper card's bottom below its first card's top, less the lower card's (the
    /// gap between them is the upper row's height less this).
    above: f64,
    /// Its label's height.
    label_h: f64,
}

/// How long a run between two cards must be, at least `run`, to hold a label `label_h`
/// tall clear of both cards: labels are tried every [`labels::WORD_STEP`] px along a
/// run, at its middle when the run holds an even number of steps, so a run barely long
/// enough for the label is made one of those.
///
/// [`labels::WORD_STEP`]: crate::render::labels::WORD_STEP
pub(super) fn label_run(label_h: f64, run: f64) -> f64 {
    let need = label_h + 2.0 * CARD_MARGIN + 2.0;
    if run >= need + WORD_STEP {
        return run;
    }
    let run = run.max(need);
    let steps = (run / WORD_STEP).floor();
    if steps as usize % 2 == 1 {
        (steps + 1.0) * WORD_STEP
    } else {
        run
    }
}

fn column_gaps(
    inputs: &Inputs<'_>,
    plans: &[Plan],
    card_offset: &[f64],
    card_text: &[CardText],
) -> Vec<ColumnGap> {
    let bottom = |card: usize| {
        card_offset.get(card).copied().unwrap_or(0.0)
            + card_text.get(card).map_or(0.0, |text| text.h)
    };
    plans
        .iter()
        .filter(|plan| {
            matches!(plan.shape, Shape::Column)
                && plan.stub.is_none()
                && plan.ghost.is_none()
                && plan.a.0.abs_diff(plan.b.0) == 1
        })
        .filter_map(|plan| {
            let handoff = inputs.journey.handoffs.get(plan.handoff)?;
            let flagged = inputs.flagged(plan.handoff);
            let label = make_label(inputs.journey, handoff, flagged)?;
            let (upper, lower) = if plan.a.0 < plan.b.0 {
                (plan.from, plan.to)
            } else {
                (plan.to, plan.from)
            };
            Some(ColumnGap {
                row: plan.a.0.min(plan.b.0),
                above: bottom(upper) - card_offset.get(lower).copied().unwrap_or(0.0),
                label_h: label.rect.h,
            })
        })
        .collect()
}
