//! What a touchpoint card says, fitted to the card: its name, channel, the words of its
//! pains (worst first, each tagged with its severity) and of its opportunities, wrapped,
//! with "+N more" when the card cannot hold them all (`--detail full`, the default), or
//! only their counts (`--detail summary`).

use super::Detail;
use super::style::size;
use super::text;
use crate::model::{Severity, Touchpoint};

pub const CARD_W: f64 = 208.0;
pub const PAD_X: f64 = 12.0;
pub const PAD_TOP: f64 = 12.0;
pub const PAD_BOTTOM: f64 = 10.0;
pub const NAME_LH: f64 = 17.0;
pub const CHANNEL_LH: f64 = 15.0;
pub const BODY_LH: f64 = 15.0;
pub const ITEM_GAP: f64 = 4.0;
pub const TAG_W: f64 = 40.0;
pub const TAG_GAP: f64 = 6.0;
pub const PILL_H: f64 = 18.0;
pub const CARD_MIN_H: f64 = 64.0;
/// Lines of pain and opportunity words a card shows at most, "+N more" included.
pub const MAX_ITEM_LINES: usize = 9;
/// Lines one pain or opportunity takes at most (then an ellipsis).
pub const MAX_LINES_PER_ITEM: usize = 3;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemKind {
    Pain(Severity),
    Opportunity,
}

impl ItemKind {
    /// The tag's text, fill and text class.
    pub fn tag(self) -> (&'static str, &'static str, &'static str) {
        use super::style::{GREEN, SEV_HIGH, SEV_LOW, SEV_MEDIUM};
        match self {
            ItemKind::Pain(Severity::High) => ("HIGH", SEV_HIGH, "tag"),
            ItemKind::Pain(Severity::Medium) => ("MED", SEV_MEDIUM, "tag"),
            ItemKind::Pain(Severity::Low) => ("LOW", SEV_LOW, "tag-dark"),
            ItemKind::Opportunity => ("IDEA", GREEN, "tag"),
        }
    }
}

/// One pain or opportunity as shown: its kind and its wrapped words.
#[derive(Debug, Clone)]
pub struct Item {
    pub kind: ItemKind,
    pub lines: Vec<String>,
}

/// The summary pills: (text, kind).
#[derive(Debug, Clone)]
pub struct Pill {
    pub text: String,
    pub kind: ItemKind,
    pub w: f64,
}

/// A card's text, laid out; `h` is the card's height.
#[derive(Debug, Clone, Default)]
pub struct CardText {
    pub name: Vec<String>,
    pub channel: Option<String>,
    pub items: Vec<Item>,
    /// How many pains and opportunities did not fit ("+N more").
    pub more: usize,
    pub pills: Vec<Pill>,
    pub h: f64,
}

/// Width of the words column right of the tags.
pub fn body_w() -> f64 {
    CARD_W - 2.0 * PAD_X - TAG_W - TAG_GAP
}

/// Lays out one card's text.
///
/// At most `item_lines` lines of pains and opportunities ([`MAX_ITEM_LINES`] on a canvas; a
/// page too short for the tallest cards shows fewer, with "+N more").
pub fn card_text_within(touchpoint: &Touchpoint, detail: Detail, item_lines: usize) -> CardText {
    let inner = CARD_W - 2.0 * PAD_X;
    let (name, _) = text::wrap(
        &text::one_line(&touchpoint.name.value),
        inner - 8.0,
        size::CARD,
        true,
        2,
    );
    // The touchpoint's owner (revision 2), then its channel, share one line.
    let owner_channel = match (&touchpoint.channel, &touchpoint.owner) {
        (Some(channel), Some(owner)) => Some(format!(
            "{} · {}",
            text::one_line(&owner.value),
            text::one_line(&channel.value)
        )),
        (Some(channel), None) => Some(text::one_line(&channel.value)),
        (None, Some(owner)) => Some(format!("Owner: {}", text::one_line(&owner.value))),
        (None, None) => None,
    };
    let channel = owner_channel.map(|line| text::truncate(&line, inner, size::CHANNEL, false));
    let mut h = PAD_TOP + 4.0 + name.len() as f64 * NAME_LH;
    if channel.is_some() {
        h += CHANNEL_LH;
    }
    let mut card = CardText {
        name,
        channel,
        ..CardText::default()
    };
    match detail {
        Detail::Summary => {
            card.pills = summary_pills(touchpoint);
            if !card.pills.is_empty() {
                h += 6.0 + PILL_H;
            }
        }
        Detail::Full => {
            let (items, more) = items(touchpoint, item_lines.min(MAX_ITEM_LINES));
            let lines: usize = items.iter().map(|item| item.lines.len()).sum();
            if !items.is_empty() || more > 0 {
                h += 6.0;
            }
            h += lines as f64 * BODY_LH + items.len() as f64 * ITEM_GAP;
            if more > 0 {
                h += BODY_LH;
            }
            card.items = items;
            card.more = more;
        }
    }
    card.h = (h + PAD_BOTTOM).max(CARD_MIN_H);
    card
}

/// Pains worst first (file order among equals), then opportunities, as many as
/// [`MAX_ITEM_LINES`] hold; the count of those left out.
fn items(touchpoint: &Touchpoint, item_lines: usize) -> (Vec<Item>, usize) {
    let mut pains: Vec<usize> = (0..touchpoint.pains.len()).collect();
    pains.sort_by_key(|&index| {
        std::cmp::Reverse(touchpoint.pains.get(index).map(|pain| pain.severity))
    });
    let all = pains
        .into_iter()
        .filter_map(|index| {
            let pain = touchpoint.pains.get(index)?;
            Some((ItemKind::Pain(pain.severity), pain.text.value.as_str()))
        })
        .chain(
            touchpoint
                .opportunities
                .iter()
                .map(|text| (ItemKind::Opportunity, text.value.as_str())),
        );
    let total = touchpoint.pains.len() + touchpoint.opportunities.len();
    let mut used = 0;
    let mut items = Vec::new();
    for (kind, words) in all {
        let left = total - items.len();
        // Keep a line for "+N more" unless this is the last item.
        let budget = item_lines
            .saturating_sub(used)
            .saturating_sub(usize::from(left > 1));
        if budget == 0 {
            break;
        }
        let (lines, _) = text::wrap(
            &text::one_line(words),
            body_w(),
            size::BODY,
            false,
            MAX_LINES_PER_ITEM.min(budget),
        );
        if lines.is_empty() {
            continue;
        }
        used += lines.len();
        items.push(Item { kind, lines });
    }
    let more = total - items.len();
    (items, more)
}

fn summary_pills(touchpoint: &Touchpoint) -> Vec<Pill> {
    let mut pills = Vec::new();
    let pill = |text: String, kind| {
        let w = text::width(&text, size::PILL, true) + 14.0;
        Pill { text, kind, w }
    };
    if let Some(worst) = touchpoint.pains.iter().map(|pain| pain.severity).max() {
        let count = touchpoint.pains.len();
        let noun = if count == 1 { "pain" } else { "pains" };
        pills.push(pill(
            format!("{count} {noun} · {}", worst.as_str()),
            ItemKind::Pain(worst),
        ));
    }
    if !touchpoint.opportunities.is_empty() {
        let count = touchpoint.opportunities.len();
        let noun = if count == 1 { "idea" } else { "ideas" };
        pills.push(pill(format!("{count} {noun}"), ItemKind::Opportunity));
    }
    pills
}
