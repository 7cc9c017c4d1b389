//! Where the findings list and the legend go under the map: one above the other (a
//! canvas, a notes page), or side by side (a poster, so that they share its one sheet):
//! the findings on the left, each wrapped to at most [`BESIDE_LINES`] lines, the legend
//! on the right in as many columns as make the block shortest.

use super::layout::{FINDING_LINE_H, LEGEND_GROUP_W, LEGEND_ITEMS, LEGEND_ROW_H, SECTION_GAP};
use super::style::size;
use super::text;

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

/// The notes block's place: where the findings list and the legend start, how wide the
/// list runs, and where the block ends.
#[derive(Debug, Clone, Default)]
pub struct Notes {
    pub findings_y: f64,
    /// Right edge of the findings list's text.
    pub findings_right: f64,
    /// Each listed finding's lines, when the list is beside the legend (empty: one line
    /// each, cut at `findings_right`).
    pub finding_text: Vec<Vec<String>>,
    pub legend_y: f64,
    pub legend_left: f64,
    pub legend_per_row: usize,
    /// Bottom of the block.
    pub bottom: f64,
}

/// What goes in the notes block.
pub struct Listed<'a> {
    /// Findings listed (one line each, one above the other with the legend).
    pub findings: usize,
    /// The listed findings' texts, to set beside the legend; `None`: above it.
    pub beside: Option<&'a [String]>,
    /// Legend groups (0: no legend).
    pub legend_groups: usize,
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
            bottom: legend_y + legend_h(listed.legend_groups, stacked_per_row),
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
                legend_y: top,
                legend_left,
                legend_per_row: per_row,
                bottom,
            });
        }
    }
    best.unwrap_or_else(stacked)
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
}
