//! metrics: compute journey metrics from survey and CRM exports (`.jmap.yaml` `sources`).
//!
//! [`sources`] reads what `.jmap.yaml` says, [`table`] reads each export, [`measure`]
//! filters rows and runs each metric's [`aggregate`], and [`write`] turns the results into
//! text edits of the journey files that define the metrics.

pub mod aggregate;
pub mod sources;
pub mod table;
pub mod write;

use crate::diagnostic::{FileFindings, Finding};
use crate::source::Span;
use crate::text::did_you_mean;
use aggregate::Score;
use jiff::civil::Date;
use sources::{Aggregate, MetricSource, Source, Sources};
use table::Table;

/// Most errors reported per metric: a wrong column would otherwise give one per row.
const MAX_ERRORS_PER_METRIC: usize = 10;

/// The rows a `since` window keeps: dated `from` to `to` (today), both included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub days: u32,
    pub from: Date,
    pub to: Date,
}

impl std::fmt::Display for Window {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}d ({} – {})", self.days, self.from, self.to)
    }
}

/// One metric computed from one source.
#[derive(Debug, Clone, PartialEq)]
pub struct Measurement {
    pub id: String,
    /// Index into [`Sources::sources`].
    pub source: usize,
    pub aggregate: Aggregate,
    /// `None`: no responses to aggregate.
    pub value: Option<f64>,
    /// Responses behind the value (rows, or the sum of the `weight` column).
    pub sample: u64,
    pub window: Option<Window>,
    /// The latest response's date when the source has dates, else today.
    pub measured: Date,
    pub min_sample: u64,
}

impl Measurement {
    /// Whether `--write` may write it: a value from at least `min_sample` responses.
    pub fn is_writable(&self) -> bool {
        self.value.is_some() && self.sample >= self.min_sample
    }

    /// Why it is not written, for the warning.
    pub fn shortfall(&self) -> Option<String> {
        if self.value.is_none() {
            return Some(format!(
                "metric `{}`: no responses to compute `{}` from; not written",
                self.id,
                self.aggregate.as_str()
            ));
        }
        (self.sample < self.min_sample).then(|| {
            format!(
                "metric `{}`: {} responses, fewer than min_sample {}; not written",
                self.id, self.sample, self.min_sample
            )
        })
    }
}

/// Errors found while measuring, by file (`.jmap.yaml` first, then the exports).
#[derive(Debug, Default)]
pub struct Errors {
    pub files: Vec<FileFindings>,
}

impl Errors {
    fn push(&mut self, file: &FileFindings, finding: Finding) {
        match self
            .files
            .iter_mut()
            .find(|known| std::sync::Arc::ptr_eq(&known.source, &file.source))
        {
            Some(known) => known.findings.push(finding),
            None => self.files.push(FileFindings {
                source: std::sync::Arc::clone(&file.source),
                findings: vec![finding],
            }),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.files.iter().all(|file| file.findings.is_empty())
    }
}

/// Computes every metric of every source. `tables[i]` is the export of `sources[i]`.
pub fn measure(
    sources: &Sources,
    tables: &[Table],
    today: Date,
) -> Result<Vec<Measurement>, Errors> {
    let mut errors = Errors::default();
    let config = FileFindings {
        source: std::sync::Arc::clone(&sources.config),
        findings: Vec::new(),
    };
    let mut measurements = Vec::new();
    for (index, (source, table)) in sources.sources.iter().zip(tables).enumerate() {
        let file = FileFindings {
            source: std::sync::Arc::clone(&table.source),
            findings: Vec::new(),
        };
        let Some(columns) = Columns::resolve(source, table, &config, &mut errors) else {
            continue;
        };
        for (metric, filters) in source.metrics.iter().zip(&columns.filters) {
            let mut found = Vec::new();
            let context = Context {
                source_index: index,
                source,
                table,
                columns: &columns,
                filters,
                today,
            };
            let measurement = measure_one(&context, metric, &mut found);
            for finding in found {
                let target = if finding.rule == "config" {
                    &config
                } else {
                    &file
                };
                errors.push(target, finding);
            }
            measurements.extend(measurement);
        }
    }
    if errors.is_empty() {
        Ok(measurements)
    } else {
        for file in &mut errors.files {
            file.sort();
        }
        Err(errors)
    }
}

/// The column indices a source uses, checked against the export's header.
struct Columns {
    score: Option<usize>,
    date: Option<usize>,
    weight: Option<usize>,
    /// Per metric, per filter: the column index.
    filters: Vec<Vec<usize>>,
}

impl Columns {
    fn resolve(
        source: &Source,
        table: &Table,
        config: &FileFindings,
        errors: &mut Errors,
    ) -> Option<Columns> {
        let mut ok = true;
        let mut find = |header: &str, span: Span, what: &str, errors: &mut Errors| {
            let found = table.column(header);
            if found.is_none() {
                ok = false;
                errors.push(config, missing_column(table, header, span, what));
            }
            found
        };
        let mut role = |name: &str, errors: &mut Errors| {
            source
                .column(name)
                .and_then(|header| find(&header.value, header.span, name, errors))
        };
        let score = role(sources::SCORE, errors);
        let date = role(sources::DATE, errors);
        let weight = role(sources::WEIGHT, errors);
        let mut filters = Vec::new();
        for metric in &source.metrics {
            let mut indices = Vec::new();
            for filter in &metric.filters {
                let header = source
                    .column(&filter.column.value)
                    .map_or(filter.column.value.as_str(), |header| header.value.as_str());
                let what = format!("`where` column `{}`", filter.column.value);
                if let Some(index) = find(header, filter.column.span, &what, errors) {
                    indices.push(index);
                }
            }
            filters.push(indices);
        }
        ok.then_some(Columns {
            score,
            date,
            weight,
            filters,
        })
    }
}

fn missing_column(table: &Table, header: &str, span: Span, what: &str) -> Finding {
    let headers: Vec<&str> = table
        .headers
        .iter()
        .chain(&table.labels)
        .map(|header| header.trim())
        .filter(|header| !header.is_empty())
        .collect();
    let help = match did_you_mean(header, &headers) {
        Some(close) => format!("did you mean `{close}`?"),
        None => {
            let shown: Vec<&str> = table.headers.iter().map(|h| h.trim()).take(12).collect();
            format!("its header has: {}", shown.join(", "))
        }
    };
    let at = table.source.line_col(table.header_span.start);
    Finding::error(
        "config",
        span,
        format!(
            "{what}: `{header}` is not a column of {} (header at line {})",
            table.source.path, at.line
        ),
    )
    .with_help(help)
}

/// What one metric is measured against.
struct Context<'a> {
    source_index: usize,
    source: &'a Source,
    table: &'a Table,
    columns: &'a Columns,
    /// The column of each of the metric's filters.
    filters: &'a [usize],
    today: Date,
}

fn measure_one(
    context: &Context<'_>,
    metric: &MetricSource,
    errors: &mut Vec<Finding>,
) -> Option<Measurement> {
    let Context {
        source_index,
        source,
        table,
        columns,
        filters,
        today,
    } = *context;
    let aggregate = metric.aggregate.value;
    let scale = metric.scale();
    let window = metric.since.as_ref().map(|since| Window {
        days: since.value,
        from: today
            .checked_sub(jiff::Span::new().days(i64::from(since.value)))
            .unwrap_or(today),
        to: today,
    });
    let range = aggregate::valid_range(aggregate, scale);
    let mut scores: Vec<Score> = Vec::new();
    let mut latest: Option<Date> = None;
    let mut fail = |finding: Finding| {
        if errors.len() < MAX_ERRORS_PER_METRIC {
            errors.push(finding);
        }
    };
    'rows: for row in &table.rows {
        let cell = |column: usize| row.cells.get(column).map_or("", |cell| cell.trim());
        for (filter, &column) in metric.filters.iter().zip(filters) {
            let value = cell(column);
            if !filter
                .values
                .iter()
                .any(|wanted| wanted.value.trim() == value)
            {
                continue 'rows;
            }
        }
        let date = match columns.date {
            Some(column) => match table::parse_date(cell(column)) {
                Some(date) => Some(date),
                None => {
                    fail(cell_error(
                        table,
                        row,
                        column,
                        format!(
                            "`{}` is not a date (metric `{}`)",
                            cell(column),
                            metric.id.value
                        ),
                        "dates are written YYYY-MM-DD, optionally followed by a time",
                    ));
                    continue;
                }
            },
            None => None,
        };
        if let (Some(window), Some(date)) = (window, date)
            && date < window.from
        {
            continue;
        }
        let weight = match columns.weight {
            Some(column) => match table::parse_number(cell(column), table.delimiter) {
                Some(weight) if weight >= 0.0 => weight,
                _ => {
                    fail(cell_error(
                        table,
                        row,
                        column,
                        format!(
                            "weight `{}` is not a number of responses (metric `{}`)",
                            cell(column),
                            metric.id.value
                        ),
                        "the weight column holds how many responses a row stands for",
                    ));
                    continue;
                }
            },
            None => 1.0,
        };
        let value = match columns.score.filter(|_| aggregate.needs_score()) {
            Some(column) => {
                let text = cell(column);
                if text.is_empty() {
                    // An unanswered question: not a response.
                    continue;
                }
                let Some(value) = table::parse_number(text, table.delimiter) else {
                    fail(cell_error(
                        table,
                        row,
                        column,
                        format!(
                            "score `{text}` is not a number (metric `{}`)",
                            metric.id.value
                        ),
                        "a score is a number; `%` and spaces around it are accepted",
                    ));
                    continue;
                };
                if let Some((low, high)) = range
                    && (value.fract() != 0.0 || value < f64::from(low) || value > f64::from(high))
                {
                    let what = match aggregate {
                        Aggregate::Nps => "an NPS score is a whole number from 0 to 10".to_string(),
                        _ => format!(
                            "a score on a {high}-point scale is a whole number from {low} to {high}"
                        ),
                    };
                    fail(cell_error(
                        table,
                        row,
                        column,
                        format!(
                            "score `{text}` is outside the scale of metric `{}`: {what}",
                            metric.id.value
                        ),
                        if aggregate == Aggregate::TopBox {
                            "set `scale` to the number of points of the question, or filter these rows out with `where`"
                        } else {
                            "filter rows of other questions out with `where`"
                        },
                    ));
                    continue;
                }
                value
            }
            None => 0.0,
        };
        if let Some(date) = date {
            latest = Some(latest.map_or(date, |latest: Date| latest.max(date)));
        }
        scores.push(Score { value, weight });
    }
    let sample: f64 = scores.iter().map(|score| score.weight).sum();
    Some(Measurement {
        id: metric.id.value.clone(),
        source: source_index,
        aggregate,
        value: aggregate::compute(aggregate, scale, &scores),
        sample: sample.round() as u64,
        window,
        measured: latest.unwrap_or(today),
        min_sample: source.min_sample(metric),
    })
}

fn cell_error(
    table: &Table,
    row: &table::Row,
    column: usize,
    message: String,
    help: &str,
) -> Finding {
    Finding::error("source", table.cell_span(row, column), message).with_help(help)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn run(config: &str, csv: &str, today: &str) -> Result<Vec<Measurement>, Vec<String>> {
        let sources = sources::parse(Path::new(".jmap.yaml"), config)
            .map_err(|e| vec![format!("{:?}", e.findings)])?
            .ok_or_else(|| vec!["no sources".to_string()])?;
        let table = table::read("f.csv", csv.as_bytes().to_vec(), None)
            .map_err(|e| vec![format!("{:?}", e.findings)])?;
        let today: Date = today.parse().map_err(|_| vec!["date".to_string()])?;
        measure(&sources, &[table], today).map_err(|errors| {
            errors
                .files
                .iter()
                .flat_map(|file| {
                    file.findings.iter().map(|finding| {
                        let at = file.source.line_col(finding.span.start);
                        format!(
                            "{}:{}:{}: {}",
                            file.source.path, at.line, at.column, finding.message
                        )
                    })
                })
                .collect()
        })
    }

    #[test]
    fn windows_and_filters() {
        let config = "sources:\n  - file: f.csv\n    columns: { score: Score, date: Date, survey: Survey }\n    metrics:\n      a: { where: { survey: A }, aggregate: mean, since: 30d }\n      b: { where: { survey: [A, B] }, aggregate: count }\n";
        let csv =
            "Survey,Score,Date\nA,4,2026-11-30\nA,2,2026-10-01\nB,5,2026-11-29\nC,1,2026-11-29\n";
        let result = run(config, csv, "2026-12-01").unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(result[0].value, Some(4.0));
        assert_eq!(result[0].sample, 1);
        assert_eq!(result[0].measured.to_string(), "2026-11-30");
        assert_eq!(
            result[0].window.map(|w| w.from.to_string()),
            Some("2026-11-01".into())
        );
        assert_eq!(result[1].value, Some(3.0));
    }

    #[test]
    fn bad_cells_and_columns_are_located() {
        let config = "sources:\n  - file: f.csv\n    columns: { score: Score, survey: Survey }\n    metrics:\n      a: { aggregate: nps }\n";
        assert_eq!(
            run(config, "Survey,Score\nA,11\nA,high\nA,\n", "2026-12-01"),
            Err(vec![
                "f.csv:2:3: score `11` is outside the scale of metric `a`: an NPS score is a whole number from 0 to 10".to_string(),
                "f.csv:3:3: score `high` is not a number (metric `a`)".to_string(),
            ])
        );
        assert_eq!(
            run(config, "Survey,Scores\n", "2026-12-01"),
            Err(vec![
                ".jmap.yaml:3:23: score: `Score` is not a column of f.csv (header at line 1)"
                    .to_string()
            ])
        );
    }
}
