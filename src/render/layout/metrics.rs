//! The metrics row: which metrics each stage shows, the journey's metrics that no stage
//! names ("Not on any stage"), and where they go. On one canvas those are in the row's
//! label column, under its heading. A paged map shows them once (the pager chooses the
//! page), so that a page's row is as short as its own stages' metrics and can share the
//! page above; on a notes page, which has no stage metrics, they stand in a row right of
//! the heading, where stage metrics would be.

use super::{CARD_W, EDGE_GUTTER_W, Journey, LANE_HEAD_W, METRIC_GAP, METRIC_H, Rect};

/// Room above the first row of metric cards (the row's heading beside it), and under the
/// last.
const HEAD: f64 = 20.0;
const FOOT: f64 = 20.0;
/// Space between two cards side by side.
const BESIDE_GAP: f64 = 16.0;

/// The metrics row of one page.
#[derive(Debug, Clone, Default)]
pub struct MetricsRow {
    /// Top of the row and its height (0: no row).
    pub y: f64,
    pub h: f64,
    /// Column (stage on the page) → metric indices shown under it.
    pub stages: Vec<Vec<usize>>,
    /// The metrics no stage or touchpoint names, with their cards, when this page shows
    /// them.
    pub loose: Vec<(usize, Rect)>,
    /// Baseline of "Not on any stage:" over them.
    pub loose_label_y: f64,
}

/// What a page's metrics row holds.
pub struct Wanted {
    /// The metrics of the page's stages.
    pub stages: bool,
    /// The metrics no stage names.
    pub loose: bool,
}

/// The metrics row of the stages `range` from `y`, between `left` and `right`, holding
/// what `wanted` says; no row when it holds nothing.
pub fn place(
    journey: &Journey,
    range: std::ops::Range<usize>,
    wanted: &Wanted,
    (left, right): (f64, f64),
    y: f64,
) -> MetricsRow {
    let stages: Vec<Vec<usize>> = if wanted.stages {
        range
            .filter(|&stage| stage < journey.stages.len())
            .map(|stage| journey.metrics_of_stage(stage))
            .collect()
    } else {
        Vec::new()
    };
    let loose = if wanted.loose {
        journey.unnamed_metrics()
    } else {
        Vec::new()
    };
    if !wanted.stages && loose.is_empty() {
        return MetricsRow {
            y,
            stages,
            ..MetricsRow::default()
        };
    }
    let step = METRIC_H + METRIC_GAP;
    let (loose, loose_label_y, loose_rows) = if !wanted.stages {
        // No stage metrics (a notes page): the cards in a row right of the heading, as many a line as
        // the page's width holds.
        let x0 = left + LANE_HEAD_W + EDGE_GUTTER_W;
        let per_line =
            (((right - x0 + BESIDE_GAP) / (CARD_W + BESIDE_GAP)).floor() as usize).max(1);
        let cards = loose
            .iter()
            .enumerate()
            .map(|(position, &metric)| {
                let (line, column) = (position / per_line, position % per_line);
                let x = x0 + column as f64 * (CARD_W + BESIDE_GAP);
                let top = y + HEAD + line as f64 * step;
                (metric, Rect::new(x, top, CARD_W, METRIC_H))
            })
            .collect();
        (cards, y + HEAD + 38.0, loose.len().div_ceil(per_line))
    } else {
        // Under the row's heading, one above the other in its label column.
        let y0 = y + HEAD + step;
        let cards = loose
            .iter()
            .enumerate()
            .map(|(position, &metric)| {
                let top = y0 + position as f64 * step + 6.0;
                (
                    metric,
                    Rect::new(left + 8.0, top, LANE_HEAD_W - 24.0, METRIC_H),
                )
            })
            .collect();
        let rows = if loose.is_empty() { 0 } else { loose.len() + 1 };
        (cards, y0 - 2.0, rows)
    };
    let most = stages
        .iter()
        .map(Vec::len)
        .max()
        .unwrap_or(0)
        .max(loose_rows)
        .max(1);
    MetricsRow {
        y,
        h: HEAD + FOOT + most as f64 * step,
        stages,
        loose,
        loose_label_y,
    }
}
