//! `jmap metrics [PATH...]`: compute metrics from the exports named in `.jmap.yaml`
//! `sources`, print them, and with `--write` set `current`, `measured` and `sample` in the
//! files that define the metrics.

use super::{Exit, print_errors, usage_error};
use crate::diagnostic::{FileFindings, Finding};
use crate::metrics::{self, Measurement, sources::Sources, table::Table, write};
use crate::model::{Journey, Metric, MetricStatus};
use crate::source::Spanned;
use crate::text;
use std::collections::BTreeMap;
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
    Csv,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Journey files or folders (default: every journey under the current folder).
    paths: Vec<PathBuf>,
    /// text (a table), json or csv.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Set `current`, `measured` and `sample` of each metric in the file defining it.
    #[arg(long)]
    write: bool,
    /// Exit 1 when `--write` would change a file (for CI), changing nothing.
    #[arg(long, conflicts_with = "write")]
    check: bool,
    /// Use this configuration instead of the discovered .jmap.yaml.
    #[arg(long, value_name = "PATH")]
    config: Option<PathBuf>,
}

/// Where a metric is defined: a journey (or library) file and its text.
struct Definition {
    path: PathBuf,
    /// The file's identity: its canonical path (two journeys may name one library by two
    /// relative paths).
    key: PathBuf,
    display: String,
    text: std::sync::Arc<str>,
    /// The metric as the file defines it (target, current value).
    metric: Metric,
}

/// One line of the output: a measurement laid against one definition of its metric.
struct Line<'a> {
    measurement: &'a Measurement,
    definition: &'a Definition,
}

impl Line<'_> {
    /// The model's status of the metric with the computed value as its `current`.
    fn status(&self) -> MetricStatus {
        let mut metric = self.definition.metric.clone();
        metric.current = self
            .measurement
            .value
            .map(|value| Spanned::new(value, metric.id.span));
        metric.status()
    }

    fn target(&self) -> String {
        self.definition
            .metric
            .target
            .as_ref()
            .map_or_else(String::new, |target| target.value.to_string())
    }
}

pub fn run(args: Args) -> Exit {
    match metrics(args) {
        Ok(exit) => exit,
        Err(exit) => exit,
    }
}

fn metrics(args: Args) -> Result<Exit, Exit> {
    let config = super::load_config(args.config.as_ref())?;
    let Some(config_path) = config.path.clone() else {
        return Err(usage_error(
            "no .jmap.yaml found: `jmap metrics` computes the metrics named in its `sources` section (see docs/metrics.md)",
        ));
    };
    let bytes = crate::input::read(&config_path, crate::input::CONFIG)
        .map_err(|error| super::io::read_error(&config_path, &error))?;
    let text = String::from_utf8(bytes).map_err(|_| {
        usage_error(format_args!(
            "{}: the file is not valid UTF-8",
            config_path.display()
        ))
    })?;
    // Paths under the current folder are shown (and sources found) relative to it.
    let config_path = std::env::current_dir()
        .ok()
        .and_then(|cwd| config_path.strip_prefix(&cwd).ok().map(PathBuf::from))
        .unwrap_or(config_path);
    let sources = match metrics::sources::parse(&config_path, &text) {
        Ok(Some(sources)) => sources,
        Ok(None) => {
            return Err(usage_error(format_args!(
                "{} has no `sources` section: nothing to compute (see docs/metrics.md)",
                config_path.display()
            )));
        }
        Err(errors) => {
            print_errors(&errors);
            return Err(Exit::Usage);
        }
    };
    let today = super::today()?;

    // The journeys, and where each metric id is defined.
    // Libraries are reached through the journeys that use them.
    let mut files = super::lint::collect_files(&args.paths, &config)?;
    files.retain(|file| {
        !file
            .to_string_lossy()
            .ends_with(crate::load::library::LIBRARY_SUFFIX)
    });
    let mut definitions: BTreeMap<String, Vec<Definition>> = BTreeMap::new();
    let mut failed = false;
    for file in &files {
        match super::load_journey(file) {
            Ok(journey) => note_definitions(file, &journey, &mut definitions),
            Err(Exit::Failure) => failed = true,
            Err(exit) => return Err(exit),
        }
    }
    if failed {
        return Err(Exit::Failure);
    }
    if !unknown_metrics(&sources, &definitions, args.paths.is_empty()) {
        return Err(Exit::Failure);
    }

    let tables = read_tables(&sources)?;
    let measurements = metrics::measure(&sources, &tables, today).map_err(|errors| {
        for file in &errors.files {
            print_errors(file);
        }
        Exit::Failure
    })?;

    let lines: Vec<Line<'_>> = measurements
        .iter()
        .flat_map(|measurement| {
            definitions
                .get(&measurement.id)
                .into_iter()
                .flatten()
                .map(move |definition| Line {
                    measurement,
                    definition,
                })
        })
        .collect();
    for measurement in &measurements {
        if definitions.contains_key(&measurement.id)
            && let Some(warning) = measurement.shortfall()
        {
            super::io::note(format_args!("warning: {}", clean(&warning)));
        }
    }
    let output = match args.format {
        Format::Text => text_table(&lines),
        Format::Json => json(&lines, &sources),
        Format::Csv => csv(&lines),
    };
    super::write_output(None, output.as_bytes())?;

    if args.write || args.check {
        return apply(&lines, args.check);
    }
    Ok(Exit::Success)
}

/// Notes where each of the journey's metrics is defined: the journey itself, or, for a
/// metric brought in from a `uses:` library, that library. A library metric used by
/// several journeys is one definition.
fn note_definitions(
    file: &std::path::Path,
    journey: &Journey,
    definitions: &mut BTreeMap<String, Vec<Definition>>,
) {
    for metric in &journey.metrics {
        let (path, display, text) = match metric
            .origin
            .and_then(|origin| journey.uses.get(origin.library))
        {
            Some(library) => (
                PathBuf::from(&library.source.path),
                library.source.path.clone(),
                std::sync::Arc::clone(&library.source.text),
            ),
            None => (
                file.to_path_buf(),
                journey.source.path.clone(),
                std::sync::Arc::clone(&journey.source.text),
            ),
        };
        let key = path.canonicalize().unwrap_or_else(|_| path.clone());
        let known = definitions.entry(metric.id.value.clone()).or_default();
        if known.iter().any(|definition| definition.key == key) {
            continue;
        }
        known.push(Definition {
            path,
            key,
            display: super::display_path(std::path::Path::new(&display)),
            text,
            metric: metric.clone(),
        });
    }
}

/// A metric id that no journey defines is an error at its entry in `.jmap.yaml` when the
/// whole project was read; when journeys are named, it belongs to others and is skipped.
fn unknown_metrics(
    sources: &Sources,
    definitions: &BTreeMap<String, Vec<Definition>>,
    whole_project: bool,
) -> bool {
    if !whole_project {
        return true;
    }
    let known: Vec<&str> = definitions.keys().map(String::as_str).collect();
    let mut findings = Vec::new();
    for source in &sources.sources {
        for metric in &source.metrics {
            if definitions.contains_key(&metric.id.value) {
                continue;
            }
            let help = match text::did_you_mean(&metric.id.value, &known) {
                Some(close) => format!("did you mean `{close}`?"),
                None => "define the metric in a journey's `metrics`, or remove it here".to_string(),
            };
            findings.push(
                Finding::error(
                    "config",
                    metric.id.span,
                    format!("no journey defines metric `{}`", metric.id.value),
                )
                .with_help(help),
            );
        }
    }
    if findings.is_empty() {
        return true;
    }
    print_errors(&FileFindings {
        source: std::sync::Arc::clone(&sources.config),
        findings,
    });
    false
}

fn read_tables(sources: &Sources) -> Result<Vec<Table>, Exit> {
    let mut tables = Vec::new();
    let mut failed = false;
    for source in &sources.sources {
        let path = sources.path_of(source);
        let at = sources.config.line_col(source.file.span.start);
        let bytes = crate::input::read(&path, crate::input::SURVEY_EXPORT).map_err(|error| {
            usage_error(format_args!(
                "cannot read {} (the source at {}:{}:{}): {error}",
                path.display(),
                sources.config.path,
                at.line,
                at.column
            ))
        })?;
        match metrics::table::read(&super::display_path(&path), bytes, source.format) {
            Ok(table) => tables.push(table),
            Err(errors) => {
                print_errors(&errors);
                failed = true;
            }
        }
    }
    if failed {
        return Err(Exit::Failure);
    }
    Ok(tables)
}

fn value_text(measurement: &Measurement) -> String {
    measurement.value.map_or_else(String::new, text::number)
}

fn window_text(measurement: &Measurement) -> String {
    measurement
        .window
        .map_or_else(|| "all".to_string(), |window| window.to_string())
}

fn text_table(lines: &[Line<'_>]) -> String {
    let several = lines
        .iter()
        .any(|line| Some(&line.definition.display) != lines.first().map(|l| &l.definition.display));
    let mut table = comfy_table::Table::new();
    table
        .load_style(comfy_table::presets::NOTHING)
        .set_content_arrangement(comfy_table::ContentArrangement::Disabled);
    let mut header = vec!["metric", "value", "sample", "window", "target", "status"];
    if several {
        header.insert(0, "file");
    }
    table.set_header(header);
    for line in lines {
        let measurement = line.measurement;
        let mut status = line.status().as_str().to_string();
        if !measurement.is_writable() {
            status.push_str(" (not written)");
        }
        let mut row = vec![
            clean(&measurement.id),
            value_text(measurement),
            measurement.sample.to_string(),
            window_text(measurement),
            line.target(),
            status,
        ];
        if several {
            row.insert(0, clean(&line.definition.display));
        }
        table.add_row(row);
    }
    let mut out = String::new();
    for text in table.to_string().lines() {
        // The preset pads every cell by one space: drop the first column's.
        out.push_str(text.strip_prefix(' ').unwrap_or(text).trim_end());
        out.push('\n');
    }
    out
}

fn json(lines: &[Line<'_>], sources: &Sources) -> String {
    use serde_json::json;
    let metrics: Vec<serde_json::Value> = lines
        .iter()
        .map(|line| {
            let m = line.measurement;
            let source = sources.sources.get(m.source);
            json!({
                "id": m.id,
                "file": line.definition.display,
                "source": source.map(|source| source.file.value.as_str()),
                "aggregate": m.aggregate.as_str(),
                "value": m.value,
                "sample": m.sample,
                "min_sample": m.min_sample,
                "window": m.window.map(|w| json!({"days": w.days, "from": w.from.to_string(), "to": w.to.to_string()})),
                "measured": m.measured.to_string(),
                "target": line.definition.metric.target.as_ref().map(|target| target.value.to_string()),
                "status": line.status(),
                "writable": m.is_writable(),
            })
        })
        .collect();
    let mut text = crate::text::json::to_string_pretty(&json!({"version": 1, "metrics": metrics}))
        .unwrap_or_default();
    text.push('\n');
    text
}

fn csv(lines: &[Line<'_>]) -> String {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    let _ = writer.write_record([
        "metric",
        "file",
        "value",
        "sample",
        "window_days",
        "from",
        "to",
        "measured",
        "target",
        "status",
        "writable",
    ]);
    for line in lines {
        let m = line.measurement;
        let _ = writer.write_record([
            safe(&m.id),
            safe(&line.definition.display),
            value_text(m),
            m.sample.to_string(),
            m.window.map_or_else(String::new, |w| w.days.to_string()),
            m.window.map_or_else(String::new, |w| w.from.to_string()),
            m.window.map_or_else(String::new, |w| w.to.to_string()),
            m.measured.to_string(),
            line.target(),
            line.status().as_str().to_string(),
            m.is_writable().to_string(),
        ]);
    }
    String::from_utf8(writer.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// `--write` / `--check`: the edits of every file, applied (or only reported).
fn apply(lines: &[Line<'_>], check: bool) -> Result<Exit, Exit> {
    // Edits per file, in the order files were read.
    let mut files: Vec<(&Definition, Vec<crate::edit::TextEdit>, Vec<&str>)> = Vec::new();
    for line in lines {
        let measurement = line.measurement;
        let Some(value) = measurement.value.filter(|_| measurement.is_writable()) else {
            continue;
        };
        let values = write::Values {
            current: text::number(value),
            measured: measurement.measured.to_string(),
            sample: measurement.sample.to_string(),
        };
        let edits = write::edits(&line.definition.text, &measurement.id, &values)
            .map_err(|error| usage_error(format_args!("{}: {error}", line.definition.display)))?;
        if edits.is_empty() {
            continue;
        }
        match files
            .iter_mut()
            .find(|(definition, _, _)| definition.key == line.definition.key)
        {
            Some((_, all, ids)) => {
                all.extend(edits);
                ids.push(&measurement.id);
            }
            None => files.push((line.definition, edits, vec![&measurement.id])),
        }
    }
    let mut changed = false;
    for (definition, edits, ids) in files {
        let new = crate::edit::apply(&definition.text, &edits).map_err(|error| {
            usage_error(format_args!("{}: cannot edit: {error}", definition.display))
        })?;
        if new == *definition.text {
            continue;
        }
        changed = true;
        let names = ids
            .iter()
            .map(|id| format!("`{}`", clean(id)))
            .collect::<Vec<_>>()
            .join(", ");
        if check {
            super::io::note(format_args!(
                "would update {}: {names}",
                clean(&definition.display)
            ));
            super::io::note_bytes(
                crate::edit::unified_diff(&definition.display, &definition.text, &new).as_bytes(),
            );
            continue;
        }
        crate::edit::write_atomic(&definition.path, new.as_bytes()).map_err(|error| {
            usage_error(format_args!(
                "cannot write {}: {error}",
                definition.path.display()
            ))
        })?;
        super::io::note(format_args!(
            "updated {}: {names}",
            clean(&definition.display)
        ));
    }
    Ok(if check && changed {
        Exit::Failure
    } else {
        Exit::Success
    })
}

/// One line for a terminal: hostile characters visible.
fn clean(cell: &str) -> String {
    text::one_line(cell)
}

fn safe(cell: &str) -> String {
    text::csv_cell(cell)
}
