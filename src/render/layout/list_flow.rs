//! The diff's change list in columns: how tall each entry is, and the entries flowed into
//! columns no taller than asked.

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
}
