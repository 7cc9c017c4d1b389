//! Where the findings list and the legend go under the map: one above the other (a
//! canvas, a notes page), or side by side (a poster, so that they share its one sheet):
//! the findings on the left, each wrapped to at most [`BESIDE_LINES`] lines, the legend
//! on the right in as many columns as make the block shortest. A diff's poster puts its
//! change list first: across the block with the findings and the legend under it, or
//! beside the legend with the findings under it, whichever is shorter; the list in as
//! many columns as its width holds, each as short as that many make it.

use super::layout::list_flow::{self, LIST_HEAD};
use super::layout::{FINDING_LINE_H, LEGEND_GROUP_W, LEGEND_ITEMS, LEGEND_ROW_H, SECTION_GAP};
use super::style::size;
use super::text;
use std::ops::Range;

/// Most lines one finding takes when the list is beside the legend.
pub const BESIDE_LINES: usize = 2;
/// Space between the findings list and the legend beside it.
const BESIDE_GAP: f64 = 40.0;
/// A finding's text starts this far right of the list's left edge (its badge before it).
pub const FINDING_INDENT: f64 = 26.0;
/// How much lower the legend's heading sits in its block than the findings list's.
const LEGEND_HEADING_DROP: f64 = 4.0;
/// The findings column is never narrower than this.
const MIN_FINDINGS_W: f64 = 320.0;

/// The notes block's place: where the change list, the findings list and the legend
/// start, how wide the lists run, and where the block ends.
#[derive(Debug, Clone, Default)]
pub struct Notes {
    /// Top of the diff's change list, and the entries of each of its columns (offsets
    /// into the entries listed; empty: no list here).
    pub changes_y: f64,
    pub change_columns: Vec<Range<usize>>,
    pub findings_y: f64,
    /// Left edge of the findings list, when it is not the block's (beside a diff's change
    /// list).
    pub findings_left: Option<f64>,
    /// Right edge of the findings list's text.
    pub findings_right: f64,
    /// Each listed finding's lines, when the list is beside the legend (empty: one line
    /// each, cut at `findings_right`).
    pub finding_text: Vec<Vec<String>>,
    pub legend_y: f64,
    pub legend_left: f64,
    pub legend_per_row: usize,
    /// Left end of the rule above the legend.
    pub legend_rule_left: f64,
    /// Bottom of the block.
    pub bottom: f64,
    /// Right edge of the block.
    pub right: f64,
}

/// What goes in the notes block.
pub struct Listed<'a> {
    /// Findings listed (one line each, one above the other with the legend).
    pub findings: usize,
    /// The listed findings' texts, to set beside the legend; `None`: above it.
    pub beside: Option<&'a [String]>,
    /// Legend groups (0: no legend).
    pub legend_groups: usize,
    /// The heights of the diff's change list entries listed first (empty: none).
    pub changes: &'a [f64],
    /// The map's right edge and its top (under the header): the room right of the map,
    /// when the block is wider, may hold the legend.
    pub map_right: f64,
    pub map_top: f64,
}

fn findings_h(lines: usize) -> f64 {
    if lines == 0 {
        0.0
    } else {
        34.0 + lines as f64 * FINDING_LINE_H + SECTION_GAP * 2.0
    }
}

fn legend_h(groups: usize, per_row: usize) -> f64 {
    let rows = groups.div_ceil(per_row.max(1));
    30.0 + rows as f64 * (LEGEND_ITEMS as f64 * LEGEND_ROW_H + 30.0)
}

/// The notes block from `top`, between `left` and `right`.
pub fn place(listed: &Listed<'_>, left: f64, right: f64, top: f64) -> Notes {
    if listed.changes.is_empty() {
        findings_and_legend(listed, left, right, top)
    } else {
        with_changes(listed, left, right, top)
    }
}

/// The findings list and the legend from `top`, between `left` and `right`.
fn findings_and_legend(listed: &Listed<'_>, left: f64, right: f64, top: f64) -> Notes {
    let stacked_per_row = (((right - left) / LEGEND_GROUP_W).floor() as usize).max(1);
    let stacked = || {
        let legend_y = top + findings_h(listed.findings);
        Notes {
            findings_y: top,
            findings_right: right - 2.0,
            finding_text: Vec::new(),
            legend_y,
            legend_left: left,
            legend_per_row: stacked_per_row,
            legend_rule_left: left,
            bottom: legend_y + legend_h(listed.legend_groups, stacked_per_row),
            right,
            ..Notes::default()
        }
    };
    let Some(texts) = listed.beside.filter(|texts| !texts.is_empty()) else {
        return stacked();
    };
    if listed.legend_groups == 0 {
        return stacked();
    }
    // Every legend width from one column to all groups in a row: the shortest block,
    // ties to the wider findings list.
    let mut best: Option<Notes> = None;
    for per_row in 1..=listed.legend_groups.min(stacked_per_row) {
        let legend_left = right - per_row as f64 * LEGEND_GROUP_W;
        let findings_right = legend_left - BESIDE_GAP;
        let text_w = findings_right - left - FINDING_INDENT;
        if text_w < MIN_FINDINGS_W {
            break;
        }
        let finding_text: Vec<Vec<String>> = texts
            .iter()
            .map(|line| text::wrap(line, text_w, size::LEGEND, false, BESIDE_LINES).0)
            .collect();
        let lines = finding_text.iter().map(Vec::len).sum();
        // The list's heading on the legend's baseline, both under the legend's rule.
        let findings_y = top + LEGEND_HEADING_DROP;
        let bottom =
            (findings_y + findings_h(lines)).max(top + legend_h(listed.legend_groups, per_row));
        if best.as_ref().is_none_or(|best| bottom < best.bottom) {
            best = Some(Notes {
                findings_y,
                findings_right,
                finding_text,
                bottom,
                ..legend_at_right(left, right, top, per_row)
            });
        }
    }
    best.unwrap_or_else(stacked)
}

/// The change list in at most `most` columns (at least one) from `top`, as short as
/// that many make them, and the list's bottom.
/// A block from `left` to `right` whose legend stands at its right end from `top`, in
/// `per_row` columns, under a rule across the whole block; the rest to be filled in.
fn legend_at_right(left: f64, right: f64, top: f64, per_row: usize) -> Notes {
    Notes {
        legend_y: top,
        legend_left: right - per_row as f64 * LEGEND_GROUP_W,
        legend_per_row: per_row,
        legend_rule_left: left,
        right,
        ..Notes::default()
    }
}

fn change_columns(changes: &[f64], most: usize, top: f64) -> (Vec<Range<usize>>, f64) {
    let columns = list_flow::balanced(changes, most);
    let h = list_flow::column_h(&columns, changes);
    (columns, top + LIST_HEAD + h)
}

/// The change list first: across the block with the findings list and the legend under
/// it (side by side or stacked, the shorter); on the left of the legend with the
/// findings under the list (the legend in as many columns as make the block shortest);
/// or, when the block is wider than the map, across it with the findings under it and
/// the legend in the room right of the map (in the fewest columns that fit there). The
/// shortest of these; ties to the first.
fn with_changes(listed: &Listed<'_>, left: f64, right: f64, top: f64) -> Notes {
    let mut best: Option<Notes> = None;
    let mut consider = |notes: Notes| {
        if best.as_ref().is_none_or(|best| notes.bottom < best.bottom) {
            best = Some(notes);
        }
    };
    let rest = Listed {
        changes: &[],
        ..*listed
    };
    {
        let most = list_flow::columns_in(right - left);
        let (columns, bottom) = change_columns(listed.changes, most, top);
        let below = bottom + SECTION_GAP * 2.0;
        let stacked = findings_and_legend(
            &Listed {
                beside: None,
                ..rest
            },
            left,
            right,
            below,
        );
        let beside = findings_and_legend(&rest, left, right, below);
        let under = if beside.bottom < stacked.bottom {
            beside
        } else {
            stacked
        };
        consider(Notes {
            changes_y: top,
            change_columns: columns,
            ..under
        });
    }
    let stacked_per_row = (((right - left) / LEGEND_GROUP_W).floor() as usize).max(1);
    let groups = listed.legend_groups;
    for per_row in 1..=groups.min(stacked_per_row) {
        let legend_left = right - per_row as f64 * LEGEND_GROUP_W;
        let list_right = legend_left - BESIDE_GAP;
        let most = list_flow::columns_in(list_right - left);
        if most == 0 {
            break;
        }
        let (columns, list_bottom) = change_columns(listed.changes, most, top);
        let below = list_bottom + SECTION_GAP * 2.0;
        let lists_bottom = if listed.findings == 0 {
            list_bottom
        } else {
            below + findings_h(listed.findings)
        };
        let bottom = lists_bottom.max(top + legend_h(groups, per_row));
        consider(Notes {
            changes_y: top,
            change_columns: columns,
            findings_y: below,
            findings_right: list_right - 2.0,
            bottom,
            ..legend_at_right(left, right, top, per_row)
        });
    }
    // The legend right of the map, top-aligned with it; the list across the block.
    let beside_map = (1..=groups)
        .take_while(|&per_row| {
            right - per_row as f64 * LEGEND_GROUP_W - BESIDE_GAP >= listed.map_right
        })
        .find(|&per_row| listed.map_top + legend_h(groups, per_row) <= top);
    if let Some(per_row) = beside_map {
        let legend_left = right - per_row as f64 * LEGEND_GROUP_W;
        let most = list_flow::columns_in(right - left);
        let (columns, list_bottom) = change_columns(listed.changes, most, top);
        let below = list_bottom + SECTION_GAP * 2.0;
        let under_list = Notes {
            changes_y: top,
            change_columns: columns,
            findings_y: below,
            findings_left: None,
            findings_right: right - 2.0,
            finding_text: Vec::new(),
            legend_y: listed.map_top,
            legend_left,
            legend_per_row: per_row,
            legend_rule_left: legend_left,
            bottom: if listed.findings == 0 {
                list_bottom
            } else {
                below + findings_h(listed.findings)
            },
            right,
        };
        consider(under_list.clone());
        // Or the findings right of the list's first columns, each wrapped as beside the
        // legend, when that is shorter: a short list leaves the width to them.
        let texts = listed.beside.filter(|texts| !texts.is_empty());
        for columns in (1..most).take_while(|_| texts.is_some()) {
            let findings_left = left + columns as f64 * (list_flow::LIST_W + list_flow::LIST_GAP);
            let text_w = right - 2.0 - findings_left - FINDING_INDENT;
            if text_w < MIN_FINDINGS_W {
                break;
            }
            let finding_text: Vec<Vec<String>> = texts
                .unwrap_or_default()
                .iter()
                .map(|line| text::wrap(line, text_w, size::LEGEND, false, BESIDE_LINES).0)
                .collect();
            let lines = finding_text.iter().map(Vec::len).sum();
            let (change_columns, list_bottom) = change_columns(listed.changes, columns, top);
            consider(Notes {
                change_columns,
                findings_y: top,
                findings_left: Some(findings_left),
                finding_text,
                bottom: list_bottom.max(top + findings_h(lines)),
                ..under_list.clone()
            });
        }
    }
    best.unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(count: usize) -> Vec<String> {
        (0..count)
            .map(|index| format!("rule-{index} · an element — a message long enough to read"))
            .collect()
    }

    /// The notes of `findings` lines (their texts set beside the legend when given) and
    /// five legend groups under a 2,400 px map, from `top`.
    fn notes(findings: usize, beside: Option<&[String]>, top: f64) -> Notes {
        let listed = Listed {
            findings,
            beside,
            legend_groups: 5,
            changes: &[],
            map_right: 2400.0,
            map_top: 0.0,
        };
        place(&listed, 32.0, 2400.0, top)
    }

    #[test]
    fn beside_is_shorter_than_stacked_and_keeps_apart() {
        let texts = texts(8);
        let stacked = notes(8, None, 100.0);
        let beside = notes(8, Some(&texts), 100.0);
        assert!(beside.bottom < stacked.bottom, "{beside:?} vs {stacked:?}");
        assert_eq!(beside.legend_y + LEGEND_HEADING_DROP, beside.findings_y);
        assert!(beside.findings_right + BESIDE_GAP <= beside.legend_left + 0.01);
        assert!(
            beside.legend_left + beside.legend_per_row as f64 * LEGEND_GROUP_W <= 2400.0 + 0.01
        );
        assert_eq!(beside.finding_text.len(), 8);
        assert_eq!(stacked.legend_y, stacked.findings_y + findings_h(8));
    }

    #[test]
    fn a_long_finding_wraps_beside_the_legend_and_no_line_is_wider_than_its_column() {
        let long = vec!["word ".repeat(200)];
        let beside = notes(1, Some(&long), 0.0);
        let lines = beside.finding_text.first().map_or(0, Vec::len);
        assert_eq!(lines, BESIDE_LINES);
        let column = beside.findings_right - 32.0 - FINDING_INDENT;
        for line in beside.finding_text.iter().flatten() {
            assert!(
                text::width(line, size::LEGEND, false) <= column + 0.01,
                "{line}"
            );
        }
    }

    #[test]
    fn a_change_list_flows_across_and_the_legend_takes_the_room_beside_the_map() {
        let heights = vec![58.0; 30];
        let listed = Listed {
            findings: 0,
            beside: None,
            legend_groups: 7,
            changes: &heights,
            map_right: 2000.0,
            map_top: 132.0,
        };
        let (left, right, top) = (32.0, 2900.0, 1600.0);
        let wide = place(&listed, left, right, top);
        // Beside the map, top-aligned with it; the list in every column the block holds.
        assert_eq!(wide.legend_y, 132.0);
        assert!(wide.legend_left >= 2000.0 + BESIDE_GAP);
        assert!(wide.legend_left + wide.legend_per_row as f64 * LEGEND_GROUP_W <= right);
        assert_eq!(wide.legend_rule_left, wide.legend_left);
        let columns = list_flow::columns_in(right - left);
        assert_eq!(wide.change_columns.len(), columns);
        assert_eq!(wide.changes_y, top);
        let column_h = list_flow::column_h(&wide.change_columns, &heights);
        assert_eq!(wide.bottom, top + LIST_HEAD + column_h);
        // No room beside the map: the legend under the list's top, the block taller.
        let narrow = place(
            &Listed {
                map_right: right,
                ..listed
            },
            left,
            right,
            top,
        );
        assert!(narrow.legend_y >= top);
        assert!(narrow.bottom > wide.bottom);
        let flowed: usize = narrow.change_columns.iter().map(|c| c.len()).sum();
        assert_eq!(flowed, heights.len());
        let list_w = narrow.change_columns.len() as f64 * (list_flow::LIST_W + list_flow::LIST_GAP);
        if narrow.legend_y == top {
            // Beside the list: the list stops short of it.
            assert!(left + list_w - list_flow::LIST_GAP + BESIDE_GAP <= narrow.legend_left);
        } else {
            assert!(narrow.legend_y > top + LIST_HEAD);
            assert!(left + list_w - list_flow::LIST_GAP <= right);
        }
    }
}
