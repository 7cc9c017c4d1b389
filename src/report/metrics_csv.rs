//! `--metrics FILE.csv`: current metric values exported from a CRM or survey tool, laid
//! over the journey's `current` values for one run.
//!
//! The file has a header `metric,value` with an optional third column `date`
//! (`YYYY-MM-DD`). A row for an id the journey does not know is a warning; a malformed
//! file (bad header, missing or non-numeric value, bad date) is an error located at its line.

use crate::model::{Journey, parse_number};
use crate::source::Spanned;
use crate::text::did_you_mean;

/// One value read from the CSV for a metric of the journey.
#[derive(Debug, Clone, PartialEq)]
pub struct MetricValue {
    /// Index into [`Journey::metrics`].
    pub metric: usize,
    pub value: f64,
    pub date: Option<jiff::civil::Date>,
    /// 1-based line of the CSV row.
    pub line: u64,
}

/// What a metrics CSV says, checked against one journey.
#[derive(Debug, Clone, Default)]
pub struct MetricsOverlay {
    /// The CSV's path as the user wrote it.
    pub path: String,
    /// At most one value per metric, in the journey's metric order.
    pub values: Vec<MetricValue>,
    /// `FILE:LINE: …` warnings for ids the journey does not know.
    pub warnings: Vec<String>,
}

impl MetricsOverlay {
    /// Reads `csv` (named `path` in messages) against `journey`'s metric ids.
    pub fn read(journey: &Journey, csv: &str, path: &str) -> Result<Self, String> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .trim(csv::Trim::All)
            .from_reader(csv.as_bytes());
        let mut lines = LineCounter::new(csv);
        let mut records = reader.records();
        let header = match records.next() {
            Some(Ok(header)) => header,
            Some(Err(error)) => return Err(csv_error(path, &error)),
            None => {
                return Err(format!(
                    "{path}:1: empty file, expected the header `metric,value`"
                ));
            }
        };
        let columns: Vec<String> = header.iter().map(str::to_ascii_lowercase).collect();
        let has_date = match columns.as_slice() {
            [metric, value] if metric == "metric" && value == "value" => false,
            [metric, value, date] if metric == "metric" && value == "value" && date == "date" => {
                true
            }
            _ => {
                return Err(format!(
                    "{path}:{}: the header is `{}`, expected `metric,value` or `metric,value,date`",
                    lines.line_of(&header),
                    header.iter().collect::<Vec<_>>().join(",")
                ));
            }
        };

        let known: Vec<&str> = journey
            .metrics
            .iter()
            .map(|m| m.id.value.as_str())
            .collect();
        let mut by_metric: Vec<Option<MetricValue>> = vec![None; journey.metrics.len()];
        let mut warnings = Vec::new();
        for record in records {
            let record = record.map_err(|error| csv_error(path, &error))?;
            let line = lines.line_of(&record);
            if record.iter().all(str::is_empty) {
                continue;
            }
            let expected = if has_date { 2..=3 } else { 2..=2 };
            if !expected.contains(&record.len()) {
                return Err(format!(
                    "{path}:{line}: {} columns, expected {}",
                    record.len(),
                    if has_date {
                        "2 or 3 (metric,value,date)"
                    } else {
                        "2 (metric,value)"
                    }
                ));
            }
            let id = record.get(0).unwrap_or_default();
            let value_text = record.get(1).unwrap_or_default();
            if id.is_empty() {
                return Err(format!("{path}:{line}: the metric id is empty"));
            }
            if value_text.is_empty() {
                return Err(format!("{path}:{line}: no value for metric `{id}`"));
            }
            let value = parse_number(value_text).ok_or_else(|| {
                format!("{path}:{line}: `{value_text}` is not a number (metric `{id}`)")
            })?;
            let date =
                match record.get(2).filter(|text| !text.is_empty()) {
                    None => None,
                    Some(text) => Some(text.parse::<jiff::civil::Date>().map_err(|_| {
                        format!("{path}:{line}: `{text}` is not a date (YYYY-MM-DD)")
                    })?),
                };
            let Some(&metric) = journey.metric_index.get(id) else {
                let hint = did_you_mean(id, &known)
                    .map(|close| format!(" (did you mean `{close}`?)"))
                    .unwrap_or_default();
                warnings.push(format!(
                    "{path}:{line}: unknown metric `{id}`: the journey has no metric with this id, value {} ignored{hint}",
                    crate::text::number(value)
                ));
                continue;
            };
            let Some(slot) = by_metric.get_mut(metric) else {
                continue;
            };
            // A later row replaces an earlier one, unless both are dated and it is older.
            let replaces = match (slot.as_ref().and_then(|old| old.date), date) {
                (Some(old), Some(new)) => new >= old,
                _ => true,
            };
            if replaces {
                *slot = Some(MetricValue {
                    metric,
                    value,
                    date,
                    line,
                });
            }
        }
        Ok(MetricsOverlay {
            path: path.to_string(),
            values: by_metric.into_iter().flatten().collect(),
            warnings,
        })
    }

    /// Replaces the `current` value of every metric the CSV names.
    pub fn apply(&self, journey: &mut Journey) {
        for value in &self.values {
            if let Some(metric) = journey.metrics.get_mut(value.metric) {
                let span = metric
                    .current
                    .as_ref()
                    .map_or(metric.id.span, |current| current.span);
                metric.current = Some(Spanned::new(value.value, span));
            }
        }
    }

    /// The CSV value of a metric, if the file has one.
    pub fn value_of(&self, metric: usize) -> Option<&MetricValue> {
        self.values
            .binary_search_by_key(&metric, |value| value.metric)
            .ok()
            .and_then(|index| self.values.get(index))
    }
}

/// Lays the values of a metrics CSV over `journey`'s `current` values and returns the
/// warnings (unknown metric ids), each `FILE:LINE: …`. A malformed CSV is an error
/// `FILE:LINE: …` and leaves the journey unchanged.
pub fn apply_metrics_csv(
    journey: &mut Journey,
    csv: &str,
    path: &str,
) -> Result<Vec<String>, String> {
    let overlay = MetricsOverlay::read(journey, csv, path)?;
    overlay.apply(journey);
    Ok(overlay.warnings)
}

/// 1-based line numbers of records from their byte offsets. The csv crate's own line
/// count skips blank lines; records come in order, so counting on from the last one keeps
/// this linear.
struct LineCounter<'t> {
    text: &'t [u8],
    offset: usize,
    line: u64,
}

impl<'t> LineCounter<'t> {
    fn new(text: &'t str) -> Self {
        LineCounter {
            text: text.as_bytes(),
            offset: 0,
            line: 1,
        }
    }

    fn line_of(&mut self, record: &csv::StringRecord) -> u64 {
        let Some(position) = record.position() else {
            return self.line;
        };
        let mut start = usize::try_from(position.byte())
            .unwrap_or(usize::MAX)
            .min(self.text.len());
        // A record's offset may point at the blank lines before it.
        while start < self.text.len() && matches!(self.text.get(start), Some(b'\n' | b'\r')) {
            start += 1;
        }
        if start < self.offset {
            return self.line;
        }
        let newlines = self.text.get(self.offset..start).map_or(0, |skipped| {
            skipped.iter().filter(|&&byte| byte == b'\n').count()
        });
        self.line += newlines as u64;
        self.offset = start;
        self.line
    }
}

fn csv_error(path: &str, error: &csv::Error) -> String {
    let line = error.position().map_or(1, csv::Position::line);
    let reason = match error.kind() {
        csv::ErrorKind::Utf8 { .. } => "the file is not valid UTF-8".to_string(),
        _ => error.to_string(),
    };
    format!("{path}:{line}: {reason}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn journey() -> Journey {
        let text = "jmap: 1\njourney: {id: j, title: J}\nlanes: [{id: c, name: C, kind: customer}]\n\
            metrics:\n  - {id: csat, name: CSAT, kind: csat, target: \">= 80\", current: 70}\n  - {id: nps, name: NPS, kind: nps}\n\
            stages:\n  - id: s\n    name: S\n    metrics: [csat, nps]\n    touchpoints: [{id: t, name: T, lane: c}]\n";
        match crate::load::load_str("j.journey.yaml", text) {
            Ok(journey) => journey,
            Err(errors) => panic!("{:?}", errors.findings),
        }
    }

    #[test]
    fn overrides_and_warns() {
        let mut journey = journey();
        let warnings = apply_metrics_csv(
            &mut journey,
            "metric,value,date\ncsat,85,2026-11-01\ncsta,3,\nnps, 12 ,\n",
            "m.csv",
        )
        .unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(
            journey.metrics[0].current.as_ref().map(|c| c.value),
            Some(85.0)
        );
        assert_eq!(
            journey.metrics[1].current.as_ref().map(|c| c.value),
            Some(12.0)
        );
        assert_eq!(warnings.len(), 1);
        assert!(
            warnings[0].starts_with("m.csv:3: unknown metric `csta`"),
            "{}",
            warnings[0]
        );
        assert!(warnings[0].contains("did you mean `csat`"));
    }

    #[test]
    fn located_errors() {
        let mut journey = journey();
        let error = |csv: &str| apply_metrics_csv(&mut self::journey(), csv, "m.csv").err();
        assert_eq!(
            error("metric,value\ncsat,high\n").as_deref(),
            Some("m.csv:2: `high` is not a number (metric `csat`)")
        );
        assert_eq!(
            error("metric,value\n\ncsat\n").as_deref(),
            Some("m.csv:3: 1 columns, expected 2 (metric,value)")
        );
        assert_eq!(
            error("id,score\n").as_deref(),
            Some(
                "m.csv:1: the header is `id,score`, expected `metric,value` or `metric,value,date`"
            )
        );
        assert!(apply_metrics_csv(&mut journey, "", "m.csv").is_err());
        assert_eq!(
            journey.metrics[0].current.as_ref().map(|c| c.value),
            Some(70.0)
        );
    }

    #[test]
    fn newer_date_wins() {
        let journey = journey();
        let overlay = MetricsOverlay::read(
            &journey,
            "metric,value,date\ncsat,90,2026-11-01\ncsat,60,2026-10-01\n",
            "m.csv",
        )
        .unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(overlay.value_of(0).map(|v| v.value), Some(90.0));
    }
}
