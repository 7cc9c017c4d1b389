//! The diff's change list in columns: how tall each entry is, the entries flowed into
//! columns no taller than asked, and the flow into a given number of columns that makes
//! the tallest one shortest.

use crate::render::ListEntry;
use std::ops::Range;

/// Width of one column of the change list.
pub const LIST_W: f64 = 460.0;
/// Space between two columns.
pub const LIST_GAP: f64 = 20.0;
/// One line of an entry.
pub const LINE_H: f64 = 16.0;
/// Space under an entry.
pub const ENTRY_GAP: f64 = 10.0;
/// Room above the first entry of a column (the list's title).
pub const LIST_HEAD: f64 = 34.0;

/// An entry's height: its title line, a line per changed field, and the gap under it.
pub fn entry_h(entry: &ListEntry) -> f64 {
    LINE_H * (1 + entry.lines.len()) as f64 + ENTRY_GAP
}

/// How many columns of the list a width holds.
pub fn columns_in(width: f64) -> usize {
    ((width + LIST_GAP) / (LIST_W + LIST_GAP)).floor().max(0.0) as usize
}

/// Entries of heights `heights` flowed into columns no taller than `column_h` (an entry
/// taller than that has a column of its own): the entries of each column.
pub fn flow(heights: &[f64], column_h: f64) -> Vec<Range<usize>> {
    let mut columns = Vec::new();
    let mut start = 0;
    let mut used = 0.0;
    for (index, &h) in heights.iter().enumerate() {
        if index > start && used + h > column_h {
            columns.push(start..index);
            start = index;
            used = 0.0;
        }
        used += h;
    }
    if start < heights.len() {
        columns.push(start..heights.len());
    }
    columns
}

/// The tallest column's height.
pub fn column_h(columns: &[Range<usize>], heights: &[f64]) -> f64 {
    columns
        .iter()
        .map(|range| heights.get(range.clone()).map_or(0.0, |h| h.iter().sum()))
        .fold(0.0, f64::max)
}

/// The entries flowed into at most `most` columns (at least one), the tallest as short as
/// it can be: the least column height that flows into that many, found by halving.
pub fn balanced(heights: &[f64], most: usize) -> Vec<Range<usize>> {
    let tallest = heights.iter().copied().fold(0.0, f64::max);
    let total: f64 = heights.iter().sum();
    let (mut low, mut high) = (tallest, total.max(tallest));
    if flow(heights, low).len() <= most.max(1) {
        return flow(heights, low);
    }
    // `low` flows into too many columns, `high` into one.
    while high - low > 0.5 {
        let mid = (low + high) / 2.0;
        if flow(heights, mid).len() <= most.max(1) {
            high = mid;
        } else {
            low = mid;
        }
    }
    flow(heights, high)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn heights(count: usize) -> Vec<f64> {
        (0..count)
            .map(|i| LINE_H * (1 + i % 3) as f64 + ENTRY_GAP)
            .collect()
    }

    fn contiguous(columns: &[Range<usize>], count: usize) {
        assert_eq!(columns.first().map(|c| c.start), Some(0));
        assert_eq!(columns.last().map(|c| c.end), Some(count));
        for pair in columns.windows(2) {
            assert_eq!(pair[0].end, pair[1].start);
        }
    }

    #[test]
    fn the_list_flows_into_columns_no_taller_than_asked() {
        let heights = heights(10);
        let columns = flow(&heights, 100.0);
        assert!(columns.len() > 1);
        contiguous(&columns, 10);
        assert!(column_h(&columns, &heights) <= 100.0);
    }

    #[test]
    fn a_balanced_flow_uses_its_columns_and_no_fewer_makes_it_shorter() {
        let heights = heights(37);
        for most in 1..8 {
            let columns = balanced(&heights, most);
            assert!(columns.len() <= most, "{most}: {columns:?}");
            contiguous(&columns, 37);
            let tallest = column_h(&columns, &heights);
            // Any shorter column height needs more columns.
            assert!(flow(&heights, tallest - 1.0).len() > most, "{most}");
        }
        assert_eq!(balanced(&[], 3), Vec::<Range<usize>>::new());
        assert_eq!(columns_in(LIST_W), 1);
        assert_eq!(columns_in(LIST_W * 2.0 + LIST_GAP), 2);
        assert_eq!(columns_in(LIST_W - 1.0), 0);
    }
}
