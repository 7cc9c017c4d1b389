//! `jmap report --history`: the trend section — per metric a sparkline of its `current`
//! over the commits and its first → last value, then the finding counts over time.

use super::History;
use super::output::number;

/// One line of the trend: what is followed, its sparkline, its first and last value.
#[derive(Debug, Clone, PartialEq)]
pub struct Trend {
    pub name: String,
    pub sparkline: String,
    pub first: Option<f64>,
    pub last: Option<f64>,
    /// Printed with a sign, as every output prints a mean emotion.
    pub signed: bool,
}

const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/// The values that exist, each as its height between their minimum (0) and maximum (1);
/// `None` for all of them when they are all equal (a flat line).
fn levels(values: &[Option<f64>]) -> Vec<Option<f64>> {
    let known: Vec<f64> = values.iter().flatten().copied().collect();
    let (Some(low), Some(high)) = (
        known.iter().copied().reduce(f64::min),
        known.iter().copied().reduce(f64::max),
    ) else {
        return Vec::new();
    };
    known
        .iter()
        .map(|&value| (high - low >= 1e-12).then(|| (value - low) / (high - low)))
        .collect()
}

/// A sparkline of the values that exist, scaled between their minimum and maximum.
pub fn sparkline(values: &[Option<f64>]) -> String {
    levels(values)
        .into_iter()
        .map(|level| {
            let step = level.map_or(3, |level| (level * 7.0).round() as usize);
            BARS.get(step.min(7)).copied().unwrap_or('▄')
        })
        .collect()
}

/// One metric's `current` over the history, for drawing: computed here once, the
/// renderer only scales it into its box.
#[derive(Debug, Clone, PartialEq)]
pub struct MetricTrend {
    /// The commits with a value, oldest first: `(x, y)` with `x` the commit's position
    /// among all rows and `y` the value's height between the lowest (0) and the highest
    /// (1) value; both from 0 to 1, `y` 0.5 for a flat line.
    pub points: Vec<(f64, f64)>,
    pub first: f64,
    pub last: f64,
    /// How many commits have a value.
    pub count: usize,
}

/// Every metric's trend, by metric id: what `jmap render --history` draws in the badges.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MetricTrends {
    pub metrics: std::collections::BTreeMap<String, MetricTrend>,
}

impl MetricTrends {
    pub fn of(history: &History) -> MetricTrends {
        let mut metrics = std::collections::BTreeMap::new();
        let span = history.rows.len().saturating_sub(1).max(1) as f64;
        for id in &history.metrics {
            let series = history.series(id);
            let positions = series
                .iter()
                .enumerate()
                .filter(|(_, value)| value.is_some())
                .map(|(index, _)| index as f64 / span);
            let points: Vec<(f64, f64)> = positions
                .zip(levels(&series))
                .map(|(x, level)| (x, level.unwrap_or(0.5)))
                .collect();
            let known: Vec<f64> = series.iter().flatten().copied().collect();
            let (Some(&first), Some(&last)) = (known.first(), known.last()) else {
                continue;
            };
            metrics.insert(
                id.clone(),
                MetricTrend {
                    points,
                    first,
                    last,
                    count: known.len(),
                },
            );
        }
        MetricTrends { metrics }
    }

    pub fn get(&self, id: &str) -> Option<&MetricTrend> {
        self.metrics.get(id)
    }
}

/// Reads one number off a snapshot.
type Reading = fn(&super::Snapshot) -> Option<f64>;

/// The lines of the trend: every metric, then errors, warnings, unowned handoffs and the
/// mean emotion.
pub fn trends(history: &History) -> Vec<Trend> {
    let mut series: Vec<(String, Vec<Option<f64>>)> = history
        .metrics
        .iter()
        .map(|id| (id.clone(), history.series(id)))
        .collect();
    let counts: [(&str, Reading); 4] = [
        ("errors", |s| Some(s.errors as f64)),
        ("warnings", |s| Some(s.warnings as f64)),
        ("unowned handoffs", |s| Some(s.unowned_handoffs as f64)),
        ("mean emotion", |s| s.mean_emotion),
    ];
    for (name, get) in counts {
        series.push((
            name.to_string(),
            history
                .rows
                .iter()
                .map(|row| row.snapshot().and_then(get))
                .collect(),
        ));
    }
    series
        .into_iter()
        .map(|(name, values)| Trend {
            sparkline: sparkline(&values),
            first: values.iter().flatten().next().copied(),
            last: values.iter().flatten().last().copied(),
            signed: name == "mean emotion",
            name,
        })
        .collect()
}

fn first_last(trend: &Trend) -> String {
    match (trend.first, trend.last) {
        (Some(first), Some(last)) if trend.signed => {
            format!("{} → {}", crate::text::mean(first), crate::text::mean(last))
        }
        (Some(first), Some(last)) => format!("{} → {}", number(first), number(last)),
        _ => "not measured".to_string(),
    }
}

fn span_line(history: &History) -> String {
    let count = history.rows.len();
    match (history.rows.first(), history.rows.last()) {
        (Some(first), Some(last)) => format!(
            "{count} commit{} from {} to {} ({} → {})",
            if count == 1 { "" } else { "s" },
            first.date,
            last.date,
            first.short_commit(),
            last.short_commit()
        ),
        _ => "no commit changed this file".to_string(),
    }
}

/// The section in markdown.
pub fn markdown(history: &History) -> String {
    use crate::text::markdown::escape_cell;
    let mut out = format!("## Trend\n\n{}.\n", span_line(history));
    if history.rows.is_empty() {
        return out;
    }
    out.push_str("\n| | trend | first → last |\n|---|---|---|\n");
    for trend in trends(history) {
        out.push_str(&format!(
            "| {} | {} | {} |\n",
            escape_cell(&trend.name),
            trend.sparkline,
            first_last(&trend)
        ));
    }
    out
}

/// The section as terminal text.
pub fn text(history: &History) -> String {
    let mut out = format!("Trend\n-----\n\n{}.\n", span_line(history));
    if history.rows.is_empty() {
        return out;
    }
    out.push('\n');
    let width = trends(history)
        .iter()
        .map(|trend| trend.name.chars().count())
        .max()
        .unwrap_or(0);
    for trend in trends(history) {
        let name = crate::text::one_line(&trend.name);
        out.push_str(
            format!(
                "- {name:<width$}  {:<12} {}",
                trend.sparkline,
                first_last(&trend)
            )
            .trim_end(),
        );
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sparklines_scale_between_min_and_max() {
        assert_eq!(sparkline(&[Some(0.0), None, Some(7.0), Some(3.5)]), "▁█▅");
        assert_eq!(sparkline(&[Some(2.0), Some(2.0)]), "▄▄");
        assert_eq!(sparkline(&[None]), "");
    }

    #[test]
    fn metric_trends_place_commits_and_scale_values() {
        let row = |value: Option<f64>| super::super::Row {
            commit: "c".into(),
            date: "2026-01-01".into(),
            subject: String::new(),
            path: "a".into(),
            journey_changed: true,
            libraries_changed: Vec::new(),
            state: super::super::State::Loaded(super::super::Snapshot {
                metrics: vec![("nps".into(), value), ("flat".into(), Some(3.0))],
                errors: 0,
                warnings: 0,
                unowned_handoffs: 0,
                mean_emotion: None,
            }),
        };
        let history = History {
            file: "a".into(),
            rows: vec![row(Some(10.0)), row(None), row(Some(30.0)), row(Some(20.0))],
            metrics: vec!["nps".into(), "flat".into()],
        };
        let trends = MetricTrends::of(&history);
        let nps = trends.get("nps").cloned();
        assert_eq!(
            nps.map(|trend| (trend.points, trend.first, trend.last, trend.count)),
            Some((
                vec![(0.0, 0.0), (2.0 / 3.0, 1.0), (1.0, 0.5)],
                10.0,
                20.0,
                3
            ))
        );
        assert_eq!(
            trends.get("flat").map(|trend| trend.points.clone()),
            Some(vec![
                (0.0, 0.5),
                (1.0 / 3.0, 0.5),
                (2.0 / 3.0, 0.5),
                (1.0, 0.5)
            ])
        );
    }
}
