//! The `sources:` section of `.jmap.yaml`: which survey or CRM exports feed which metrics.
//!
//! Read with the same event reader as journeys and the rest of `.jmap.yaml`, so every
//! mistake gets a located error (file, line, column, help) and all of them come in one run.
//! Only the `sources` key is read here; [`crate::config`] reads the others.

use crate::diagnostic::{FileFindings, Finding};
use crate::load::reader::{Node, Reader, Scalar};
use crate::source::{SourceFile, Span, Spanned};
use crate::text::did_you_mean;
use std::path::{Path, PathBuf};
use std::sync::Arc;

const SOURCE_FIELDS: &[&str] = &["file", "format", "columns", "metrics", "min_sample"];
const METRIC_FIELDS: &[&str] = &["aggregate", "scale", "where", "since", "min_sample"];
/// Column roles with a meaning of their own; any other name only serves `where`.
pub const SCORE: &str = "score";
pub const DATE: &str = "date";
pub const WEIGHT: &str = "weight";

/// How the rows of a source are laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// One header row (the default; a Qualtrics export is still recognised).
    Csv,
    /// Qualtrics: column ids, question texts, then `{"ImportId": …}` rows.
    Qualtrics,
}

/// How a metric is computed from the scores of its rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Aggregate {
    /// 0–10 scores: % of 9–10 minus % of 0–6.
    Nps,
    /// % of scores in the top box of a 1–`scale` scale.
    TopBox,
    Mean,
    /// Rows.
    Count,
    Sum,
}

impl Aggregate {
    pub const NAMES: &[&str] = &["nps", "top-box", "mean", "count", "sum"];

    fn parse(text: &str) -> Option<Self> {
        Some(match text {
            "nps" => Aggregate::Nps,
            "top-box" => Aggregate::TopBox,
            "mean" => Aggregate::Mean,
            "count" => Aggregate::Count,
            "sum" => Aggregate::Sum,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Aggregate::Nps => "nps",
            Aggregate::TopBox => "top-box",
            Aggregate::Mean => "mean",
            Aggregate::Count => "count",
            Aggregate::Sum => "sum",
        }
    }

    /// Whether the aggregate reads the `score` column.
    pub fn needs_score(self) -> bool {
        self != Aggregate::Count
    }
}

/// `where: { survey: "Project NPS" }`: the column's value must be one of `values`.
#[derive(Debug, Clone)]
pub struct Filter {
    /// A role named in `columns`, or a header of the file.
    pub column: Spanned<String>,
    pub values: Vec<Spanned<String>>,
}

/// One entry of a source's `metrics`.
#[derive(Debug, Clone)]
pub struct MetricSource {
    pub id: Spanned<String>,
    pub aggregate: Spanned<Aggregate>,
    /// Points of the scale for `top-box` (5 when not written).
    pub scale: Option<Spanned<u32>>,
    pub filters: Vec<Filter>,
    /// `since: 90d`: only rows dated within this many days of today.
    pub since: Option<Spanned<u32>>,
    pub min_sample: Option<Spanned<u64>>,
}

impl MetricSource {
    pub fn scale(&self) -> u32 {
        self.scale.as_ref().map_or(5, |scale| scale.value)
    }
}

/// One export file and the metrics it feeds.
#[derive(Debug, Clone)]
pub struct Source {
    /// As written: relative to the folder holding `.jmap.yaml`.
    pub file: Spanned<String>,
    pub format: Option<Format>,
    /// Role (`score`, `date`, `weight` or a `where` name) → header in the file.
    pub columns: Vec<(Spanned<String>, Spanned<String>)>,
    pub metrics: Vec<MetricSource>,
    pub min_sample: Option<Spanned<u64>>,
    /// The whole entry.
    pub span: Span,
}

impl Source {
    /// The header a role is mapped to, with where that mapping is written.
    pub fn column(&self, role: &str) -> Option<&Spanned<String>> {
        self.columns
            .iter()
            .find(|(name, _)| name.value == role)
            .map(|(_, header)| header)
    }

    /// The smallest sample a metric may be written with (0: any).
    pub fn min_sample(&self, metric: &MetricSource) -> u64 {
        metric
            .min_sample
            .as_ref()
            .or(self.min_sample.as_ref())
            .map_or(0, |min| min.value)
    }
}

/// The `sources` of one `.jmap.yaml`.
#[derive(Debug, Clone)]
pub struct Sources {
    /// `.jmap.yaml` itself, for locating errors about what it says.
    pub config: Arc<SourceFile>,
    /// The folder that `file` paths are relative to.
    pub root: PathBuf,
    pub sources: Vec<Source>,
}

impl Sources {
    pub fn path_of(&self, source: &Source) -> PathBuf {
        self.root.join(&source.file.value)
    }
}

/// Reads the `sources` key of `.jmap.yaml` (`path`, holding `text`). `Ok(None)` when there
/// is none; every mistake in it is an error in the result.
pub fn parse(path: &Path, text: &str) -> Result<Option<Sources>, FileFindings> {
    let source = Arc::new(SourceFile::new(path.display().to_string(), text));
    let mut reader = Reader::new(&source, text);
    let mut found = None;
    if let Some(root) = reader.document() {
        if let Node::Mapping(_) = root {
            while let Some(key) = reader.next_key() {
                if &*key.text == "sources" {
                    found = Some(read_sources(&mut reader, &key));
                } else {
                    let value = reader.node();
                    reader.skip(value);
                }
            }
        } else {
            reader.skip(root);
        }
        reader.finish();
    }
    let mut errors = std::mem::take(&mut reader.errors);
    if let Some(sources) = &found {
        check(sources, &mut errors);
    }
    if !errors.is_empty() {
        for error in &mut errors {
            if error.rule == "schema" {
                error.rule = "config";
            }
        }
        let mut findings = FileFindings {
            source,
            findings: errors,
        };
        findings.sort();
        return Err(findings);
    }
    let root = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    Ok(found.map(|sources| Sources {
        config: source,
        root,
        sources,
    }))
}

fn read_sources<'a>(reader: &mut Reader<'a>, key: &Scalar<'a>) -> Vec<Source> {
    let mut sources = Vec::new();
    reader.list(key, |reader, item| {
        if let Some(source) = read_source(reader, item) {
            sources.push(source);
        }
    });
    sources
}

fn read_source<'a>(reader: &mut Reader<'a>, node: Node<'a>) -> Option<Source> {
    let mut file = None;
    let mut format = None;
    let mut columns = Vec::new();
    let mut metrics = Vec::new();
    let mut min_sample = None;
    let info = reader.mapping(node, "a source", SOURCE_FIELDS, |reader, key| {
        match &*key.text {
            "file" => file = reader.text(key),
            "format" => {
                format = reader
                    .parsed(
                        key,
                        "csv or qualtrics",
                        "write `format: qualtrics` or leave it out",
                        |s| match &*s.text {
                            "csv" => Some(Format::Csv),
                            "qualtrics" => Some(Format::Qualtrics),
                            _ => None,
                        },
                    )
                    .map(|format| format.value);
            }
            "columns" => columns = read_columns(reader),
            "metrics" => metrics = read_metrics(reader),
            "min_sample" => min_sample = count(reader, key),
            _ => {}
        }
    })?;
    let Some(file) = file else {
        if info.key("file").is_none() {
            reader.schema_error(
                info.span,
                "a source needs a `file`",
                "write `file: data/feedback.csv` (relative to the folder holding .jmap.yaml)",
            );
        }
        return None;
    };
    Some(Source {
        file,
        format,
        columns,
        metrics,
        min_sample,
        span: info.span,
    })
}

/// `columns: { score: "Response value", date: "Submitted at" }`.
fn read_columns<'a>(reader: &mut Reader<'a>) -> Vec<(Spanned<String>, Spanned<String>)> {
    let mut columns: Vec<(Spanned<String>, Spanned<String>)> = Vec::new();
    let node = reader.node();
    let Node::Mapping(_) = node else {
        reader.wrong_type(&node, "`columns` must map names to headers of the file", "");
        reader.skip(node);
        return columns;
    };
    while let Some(key) = reader.next_key() {
        let name = Spanned::new(key.text.to_string(), key.span);
        let Some(header) = reader.text(&key) else {
            reader.schema_error(
                key.span,
                format!("column `{}` names no header", key.text),
                "write the header as it appears in the file's first row",
            );
            continue;
        };
        if let Some((first, _)) = columns.iter().find(|(first, _)| first.value == name.value) {
            let first = first.span;
            reader.push(
                Finding::error("schema", key.span, format!("duplicate key `{}`", key.text))
                    .with_related(first, "first written here")
                    .with_help("a key may appear once in a mapping: remove or merge one of them"),
            );
            continue;
        }
        columns.push((name, header));
    }
    columns
}

fn read_metrics<'a>(reader: &mut Reader<'a>) -> Vec<MetricSource> {
    let mut metrics: Vec<MetricSource> = Vec::new();
    let node = reader.node();
    let Node::Mapping(_) = node else {
        reader.wrong_type(
            &node,
            "`metrics` must map metric ids to how they are computed",
            "",
        );
        reader.skip(node);
        return metrics;
    };
    while let Some(key) = reader.next_key() {
        let id = Spanned::new(key.text.to_string(), key.span);
        let value = reader.node();
        if let Some(first) = metrics.iter().find(|metric| metric.id.value == id.value) {
            let first = first.id.span;
            reader.push(
                Finding::error(
                    "schema",
                    key.span,
                    format!("metric `{}` is computed twice in this source", key.text),
                )
                .with_related(first, "first written here")
                .with_help("keep one entry per metric id"),
            );
            reader.skip(value);
            continue;
        }
        if let Some(metric) = read_metric(reader, id, value) {
            metrics.push(metric);
        }
    }
    metrics
}

fn read_metric<'a>(
    reader: &mut Reader<'a>,
    id: Spanned<String>,
    node: Node<'a>,
) -> Option<MetricSource> {
    let mut aggregate = None;
    let mut scale = None;
    let mut filters = Vec::new();
    let mut since = None;
    let mut min_sample = None;
    let what = format!("metric `{}`", id.value);
    let info = reader.mapping(node, &what, METRIC_FIELDS, |reader, key| match &*key.text {
        "aggregate" => {
            let node = reader.node();
            match node {
                Node::Scalar(scalar) if !scalar.is_null() => match Aggregate::parse(&scalar.text) {
                    Some(value) => aggregate = Some(Spanned::new(value, scalar.span)),
                    None => {
                        let help = match did_you_mean(&scalar.text, Aggregate::NAMES) {
                            Some(close) => format!("did you mean `{close}`?"),
                            None => format!("use one of {}", Aggregate::NAMES.join(", ")),
                        };
                        reader.schema_error(
                            scalar.span,
                            format!("unknown aggregate `{}`", scalar.text),
                            help,
                        );
                    }
                },
                other => {
                    reader.wrong_type(
                        &other,
                        "`aggregate` must be nps, top-box, mean, count or sum",
                        "",
                    );
                    reader.skip(other);
                }
            }
        }
        "scale" => {
            scale = reader
                .integer(key)
                .and_then(|value| match u32::try_from(value.value) {
                    Ok(points) if (2..=100).contains(&points) => {
                        Some(Spanned::new(points, value.span))
                    }
                    _ => {
                        reader.schema_error(
                            value.span,
                            format!("`scale` must be 2 to 100 points, found {}", value.value),
                            "a 5-point CSAT is `scale: 5`, HubSpot's 3-point CSAT `scale: 3`",
                        );
                        None
                    }
                })
        }
        "where" => filters = read_where(reader),
        "since" => {
            since = reader.parsed(
                key,
                "a number of days or weeks such as `90d` or `12w`",
                "write `since: 90d` (days) or `since: 12w` (weeks)",
                |scalar| parse_window(&scalar.text),
            )
        }
        "min_sample" => min_sample = count(reader, key),
        _ => {}
    })?;
    let Some(aggregate) = aggregate else {
        if info.key("aggregate").is_none() {
            reader.schema_error(
                id.span,
                format!("metric `{}` needs an `aggregate`", id.value),
                "write `aggregate: nps`, `top-box`, `mean`, `count` or `sum`",
            );
        }
        return None;
    };
    if let Some(scale) = &scale
        && aggregate.value != Aggregate::TopBox
    {
        reader.schema_error(
            scale.span,
            format!(
                "`scale` applies to `top-box` only, not `{}`",
                aggregate.value.as_str()
            ),
            "remove `scale`, or use `aggregate: top-box`",
        );
    }
    Some(MetricSource {
        id,
        aggregate,
        scale,
        filters,
        since,
        min_sample,
    })
}

/// `where: { survey: "Project NPS", region: [EMEA, APAC] }`.
fn read_where<'a>(reader: &mut Reader<'a>) -> Vec<Filter> {
    let mut filters: Vec<Filter> = Vec::new();
    let node = reader.node();
    let Node::Mapping(_) = node else {
        reader.wrong_type(&node, "`where` must map columns to values", "");
        reader.skip(node);
        return filters;
    };
    while let Some(key) = reader.next_key() {
        let column = Spanned::new(key.text.to_string(), key.span);
        let mut values = Vec::new();
        match reader.node() {
            Node::Scalar(scalar) => {
                values.push(Spanned::new(scalar.text.into_owned(), scalar.span))
            }
            Node::Sequence(_) => {
                while let Some(item) = reader.next_item() {
                    match item {
                        Node::Scalar(scalar) => {
                            values.push(Spanned::new(scalar.text.into_owned(), scalar.span));
                        }
                        other => {
                            reader.wrong_type(&other, "each value in `where` must be text", "");
                            reader.skip(other);
                        }
                    }
                }
            }
            other => {
                reader.wrong_type(
                    &other,
                    &format!(
                        "`{}` in `where` must be a value or a list of values",
                        key.text
                    ),
                    "",
                );
                reader.skip(other);
                continue;
            }
        }
        if filters
            .iter()
            .any(|filter| filter.column.value == column.value)
        {
            reader.schema_error(
                key.span,
                format!("duplicate key `{}`", key.text),
                "list every accepted value once: `column: [a, b]`",
            );
            continue;
        }
        filters.push(Filter { column, values });
    }
    filters
}

fn count<'a>(reader: &mut Reader<'a>, key: &Scalar<'a>) -> Option<Spanned<u64>> {
    let value = reader.integer(key)?;
    match u64::try_from(value.value) {
        Ok(count) => Some(Spanned::new(count, value.span)),
        Err(_) => {
            reader.schema_error(
                value.span,
                format!("`{}` must not be negative", key.text),
                "use 0 or more",
            );
            None
        }
    }
}

/// `90d` or `12w` as days.
pub fn parse_window(text: &str) -> Option<u32> {
    let text = text.trim();
    let (number, per) = if let Some(days) = text.strip_suffix('d') {
        (days, 1)
    } else if let Some(weeks) = text.strip_suffix('w') {
        (weeks, 7)
    } else {
        return None;
    };
    if number.is_empty() || !number.bytes().all(|byte| byte.is_ascii_digit()) {
        return None;
    }
    let days = number.parse::<u32>().ok()?.checked_mul(per)?;
    (1..=36_600).contains(&days).then_some(days)
}

/// Checks that need a whole source: the columns each metric uses are named.
fn check(sources: &[Source], errors: &mut Vec<Finding>) {
    let mut seen: Vec<&Spanned<String>> = Vec::new();
    for metric in sources.iter().flat_map(|source| &source.metrics) {
        match seen.iter().find(|id| id.value == metric.id.value) {
            Some(first) => errors.push(
                Finding::error(
                    "config",
                    metric.id.span,
                    format!("metric `{}` is computed by two sources", metric.id.value),
                )
                .with_related(first.span, "first computed here")
                .with_help("a metric gets its value from one source: remove one of them"),
            ),
            None => seen.push(&metric.id),
        }
    }
    for source in sources {
        for metric in &source.metrics {
            if metric.aggregate.value.needs_score() && source.column(SCORE).is_none() {
                errors.push(
                    Finding::error(
                        "config",
                        metric.aggregate.span,
                        format!(
                            "`{}` needs a score, and this source names no `score` column",
                            metric.aggregate.value.as_str()
                        ),
                    )
                    .with_related(source.file.span, "this source")
                    .with_help(
                        "add `columns: { score: \"HEADER\" }` with the header of the score column",
                    ),
                );
            }
            if let Some(since) = &metric.since
                && source.column(DATE).is_none()
            {
                errors.push(
                    Finding::error(
                        "config",
                        since.span,
                        "`since` needs dates, and this source names no `date` column",
                    )
                    .with_help("add `date: \"HEADER\"` to the source's `columns`"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_ok(text: &str) -> Sources {
        match parse(Path::new(".jmap.yaml"), text) {
            Ok(Some(sources)) => sources,
            Ok(None) => panic!("no sources"),
            Err(errors) => panic!("{:?}", errors.findings),
        }
    }

    fn messages(text: &str) -> Vec<String> {
        match parse(Path::new(".jmap.yaml"), text) {
            Err(errors) => errors
                .findings
                .iter()
                .map(|finding| {
                    let at = errors.source.line_col(finding.span.start);
                    format!("{}:{}: {}", at.line, at.column, finding.message)
                })
                .collect(),
            Ok(_) => Vec::new(),
        }
    }

    #[test]
    fn reads_the_contract_example() {
        let sources = parse_ok(
            "rules: {}\nsources:\n  - file: data/feedback.csv\n    columns: { score: \"Response value\", date: \"Submitted at\", survey: \"Survey name\" }\n    metrics:\n      project-nps:   { where: { survey: \"Project NPS\" }, aggregate: nps }\n      csat-scoping:  { where: { survey: \"Scoping CSAT\" }, aggregate: top-box, scale: 5 }\n      ces-uat:       { where: { survey: [\"UAT effort\", UAT] }, aggregate: mean, since: 12w }\n    min_sample: 30\n",
        );
        let source = &sources.sources[0];
        assert_eq!(source.file.value, "data/feedback.csv");
        assert_eq!(
            source.column(SCORE).map(|c| c.value.as_str()),
            Some("Response value")
        );
        assert_eq!(source.metrics.len(), 3);
        assert_eq!(source.metrics[1].aggregate.value, Aggregate::TopBox);
        assert_eq!(source.metrics[2].since.as_ref().map(|s| s.value), Some(84));
        assert_eq!(source.metrics[2].filters[0].values.len(), 2);
        assert_eq!(source.min_sample(&source.metrics[0]), 30);
    }

    #[test]
    fn no_sources_is_none() {
        assert!(matches!(
            parse(Path::new(".jmap.yaml"), "rules: {}\n"),
            Ok(None)
        ));
    }

    #[test]
    fn located_errors() {
        assert_eq!(
            messages(
                "sources:\n  - file: a.csv\n    columns: { survey: S }\n    metrics:\n      a: { aggregate: nsp }\n      b: { aggregate: mean, scale: 3, since: 3 months }\n      c: {}\n    colums: {}\n  - metrics: {}\n"
            ),
            [
                "5:23: unknown aggregate `nsp`",
                "6:23: `mean` needs a score, and this source names no `score` column",
                "6:36: `scale` applies to `top-box` only, not `mean`",
                "6:46: `since` must be a number of days or weeks such as `90d` or `12w`, found `3 months`",
                "7:7: metric `c` needs an `aggregate`",
                "8:5: unknown field `colums` in a source",
                "9:5: a source needs a `file`",
            ]
        );
    }

    #[test]
    fn windows() {
        assert_eq!(parse_window("90d"), Some(90));
        assert_eq!(parse_window("2w"), Some(14));
        assert_eq!(parse_window("0d"), None);
        assert_eq!(parse_window("d"), None);
        assert_eq!(parse_window("3m"), None);
    }
}
