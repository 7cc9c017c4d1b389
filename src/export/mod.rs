//! `jmap export`: the journey model for other tools — JSON (the whole normalised model),
//! CSV (one row per touchpoint) and a Mermaid `journey` diagram.

pub mod csv;
pub mod json;
pub mod mermaid;

use crate::model::{Duration, Journey, Metric};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Json,
    Csv,
    Mermaid,
}

/// The export of `journey` in `format`.
pub fn export(journey: &Journey, format: Format) -> Result<String, String> {
    match format {
        Format::Json => json::to_string(journey),
        Format::Csv => csv::to_string(journey),
        Format::Mermaid => Ok(mermaid::journey_diagram(journey)),
    }
}

/// Where a metric stands against its target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MetricStatus {
    Meets,
    Misses,
    NoCurrentValue,
    NoTarget,
}

impl MetricStatus {
    pub fn of(metric: &Metric) -> Self {
        match (&metric.target, &metric.current) {
            (None, _) => MetricStatus::NoTarget,
            (Some(_), None) => MetricStatus::NoCurrentValue,
            (Some(target), Some(current)) if target.is_met_by(current.value) => MetricStatus::Meets,
            (Some(_), Some(_)) => MetricStatus::Misses,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            MetricStatus::Meets => "meets",
            MetricStatus::Misses => "misses",
            MetricStatus::NoCurrentValue => "no current value",
            MetricStatus::NoTarget => "no target",
        }
    }
}

/// An SLA as written in journey files: the largest unit that divides it (`2d`, `90m`).
pub fn format_duration(duration: Duration) -> String {
    let minutes = duration.minutes;
    for (unit, size) in [('w', 60 * 24 * 7), ('d', 60 * 24), ('h', 60)] {
        if minutes > 0 && minutes.is_multiple_of(size) {
            return format!("{}{unit}", minutes / size);
        }
    }
    format!("{minutes}m")
}
