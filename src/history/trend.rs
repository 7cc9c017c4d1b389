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

/// A sparkline of the values that exist, scaled between their minimum and maximum.
pub fn sparkline(values: &[Option<f64>]) -> String {
    let known: Vec<f64> = values.iter().flatten().copied().collect();
    let (Some(low), Some(high)) = (
        known.iter().copied().reduce(f64::min),
        known.iter().copied().reduce(f64::max),
    ) else {
        return String::new();
    };
    known
        .iter()
        .map(|&value| {
            let step = if high - low < 1e-12 {
                3
            } else {
                ((value - low) / (high - low) * 7.0).round() as usize
            };
            BARS.get(step.min(7)).copied().unwrap_or('▄')
        })
        .collect()
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
}
