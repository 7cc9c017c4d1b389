//! `jmap history` output: one row per commit, oldest first, as a terminal table,
//! markdown, JSON or CSV. Every piece of user text (commit subjects, paths, metric ids,
//! error messages) goes through the escaper of its target.

use super::{History, Row, State};
use crate::text;
use serde_json::{Map, Value, json};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Markdown,
    Json,
    Csv,
}

pub fn render(history: &History, format: Format) -> String {
    match format {
        Format::Text => text(history),
        Format::Markdown => markdown(history),
        Format::Json => json(history),
        Format::Csv => csv(history),
    }
}

/// A number as every output prints it (`text::number`).
pub fn number(value: f64) -> String {
    text::number(value)
}

/// What happened to the file at this commit, besides its numbers.
fn note(history: &History, index: usize) -> String {
    let Some(row) = history.rows.get(index) else {
        return String::new();
    };
    let mut notes = Vec::new();
    if let Some(before) = index.checked_sub(1).and_then(|i| history.rows.get(i))
        && before.path != row.path
    {
        notes.push(format!("renamed from {}", before.path));
    }
    match row.libraries_changed.as_slice() {
        [] => {}
        [library] => notes.push(format!("library {library} changed")),
        libraries => notes.push(format!("libraries {} changed", libraries.join(", "))),
    }
    match &row.state {
        State::Loaded(_) => {}
        State::Deleted => notes.push("deleted".to_string()),
        State::Broken {
            message,
            line,
            column,
            count,
        } => {
            let more = if *count > 1 {
                format!(" (+{} more)", count - 1)
            } else {
                String::new()
            };
            notes.push(format!("does not load: {line}:{column}: {message}{more}"));
        }
    }
    notes.join("; ")
}

/// The cells of one row after date, commit and subject: each metric, then the counts.
fn numbers(history: &History, row: &Row) -> Vec<String> {
    let mut cells = Vec::new();
    let snapshot = row.snapshot();
    for id in &history.metrics {
        cells.push(
            snapshot
                .and_then(|snapshot| snapshot.metric(id))
                .map_or_else(String::new, number),
        );
    }
    match snapshot {
        Some(snapshot) => {
            cells.push(snapshot.errors.to_string());
            cells.push(snapshot.warnings.to_string());
            cells.push(snapshot.unowned_handoffs.to_string());
            cells.push(snapshot.mean_emotion.map_or_else(String::new, text::mean));
        }
        None => cells.extend(std::iter::repeat_n(String::new(), 4)),
    }
    cells
}

fn headers(history: &History) -> Vec<String> {
    let mut headers: Vec<String> = vec!["date".into(), "commit".into(), "subject".into()];
    headers.extend(history.metrics.iter().cloned());
    headers.extend(
        [
            "errors",
            "warnings",
            "unowned handoffs",
            "mean emotion",
            "note",
        ]
        .iter()
        .map(|header| header.to_string()),
    );
    headers
}

fn text(history: &History) -> String {
    if history.rows.is_empty() {
        return format!("{}: no commit changed this file\n", terminal(&history.file));
    }
    let mut table = comfy_table::Table::new();
    table
        .load_style(comfy_table::presets::NOTHING)
        .set_content_arrangement(comfy_table::ContentArrangement::Disabled);
    table.set_header(headers(history).iter().map(|h| terminal(h)));
    for (index, row) in history.rows.iter().enumerate() {
        let mut cells = vec![
            row.date.clone(),
            row.short_commit().to_string(),
            terminal(&truncate(&row.subject, 50)),
        ];
        cells.extend(numbers(history, row));
        cells.push(terminal(&note(history, index)));
        table.add_row(cells);
    }
    let mut out = format!(
        "{}: {} commit{}\n",
        terminal(&history.file),
        history.rows.len(),
        if history.rows.len() == 1 { "" } else { "s" }
    );
    for line in table.to_string().lines() {
        // The preset pads every cell by one space: drop the first column's.
        out.push_str(line.strip_prefix(' ').unwrap_or(line).trim_end());
        out.push('\n');
    }
    out
}

fn markdown(history: &History) -> String {
    use crate::text::markdown::{escape_cell, escape_inline};
    let mut out = format!("## History of {}\n\n", escape_inline(&history.file));
    if history.rows.is_empty() {
        out.push_str("No commit changed this file.\n");
        return out;
    }
    let headers = headers(history);
    out.push('|');
    for header in &headers {
        out.push(' ');
        out.push_str(&escape_cell(header));
        out.push_str(" |");
    }
    out.push_str("\n|");
    let numeric = 3..headers.len() - 1;
    for index in 0..headers.len() {
        out.push_str(if numeric.contains(&index) {
            "---:|"
        } else {
            "---|"
        });
    }
    out.push('\n');
    for (index, row) in history.rows.iter().enumerate() {
        let mut cells = vec![
            row.date.clone(),
            format!("`{}`", row.short_commit()),
            escape_cell(&row.subject),
        ];
        cells.extend(numbers(history, row));
        cells.push(escape_cell(&note(history, index)));
        out.push('|');
        for cell in cells {
            out.push(' ');
            out.push_str(&cell);
            out.push_str(" |");
        }
        out.push('\n');
    }
    out
}

fn json(history: &History) -> String {
    let commits: Vec<Value> = history
        .rows
        .iter()
        .map(|row| {
            let mut object = Map::new();
            object.insert("commit".into(), json!(row.commit));
            object.insert("date".into(), json!(row.date));
            object.insert("subject".into(), json!(row.subject));
            object.insert("path".into(), json!(row.path));
            object.insert("journey_changed".into(), json!(row.journey_changed));
            object.insert("libraries_changed".into(), json!(row.libraries_changed));
            match &row.state {
                State::Loaded(snapshot) => {
                    object.insert("state".into(), json!("loaded"));
                    let metrics: Map<String, Value> = snapshot
                        .metrics
                        .iter()
                        .map(|(id, value)| (id.clone(), json!(value)))
                        .collect();
                    object.insert("metrics".into(), Value::Object(metrics));
                    object.insert("errors".into(), json!(snapshot.errors));
                    object.insert("warnings".into(), json!(snapshot.warnings));
                    object.insert("unowned_handoffs".into(), json!(snapshot.unowned_handoffs));
                    object.insert("mean_emotion".into(), json!(snapshot.mean_emotion));
                }
                State::Deleted => {
                    object.insert("state".into(), json!("deleted"));
                }
                State::Broken {
                    message,
                    line,
                    column,
                    count,
                } => {
                    object.insert("state".into(), json!("broken"));
                    object.insert(
                        "load_error".into(),
                        json!({"message": message, "line": line, "column": column, "count": count}),
                    );
                }
            }
            Value::Object(object)
        })
        .collect();
    let document = json!({
        "version": 1,
        "file": history.file,
        "metrics": history.metrics,
        "commits": commits,
    });
    let mut text = crate::text::json::to_string_pretty(&document).unwrap_or_default();
    text.push('\n');
    text
}

fn csv(history: &History) -> String {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    let mut header = vec![
        "date".to_string(),
        "commit".into(),
        "subject".into(),
        "path".into(),
        "state".into(),
    ];
    header.extend(history.metrics.iter().map(|id| safe(id)));
    header.extend(
        [
            "errors",
            "warnings",
            "unowned_handoffs",
            "mean_emotion",
            "note",
        ]
        .iter()
        .map(|h| h.to_string()),
    );
    let _ = writer.write_record(&header);
    for (index, row) in history.rows.iter().enumerate() {
        let state = match row.state {
            State::Loaded(_) => "loaded",
            State::Broken { .. } => "broken",
            State::Deleted => "deleted",
        };
        let mut record = vec![
            row.date.clone(),
            row.commit.clone(),
            safe(&row.subject),
            safe(&row.path),
            state.to_string(),
        ];
        record.extend(numbers(history, row));
        record.push(safe(&note(history, index)));
        let _ = writer.write_record(&record);
    }
    let bytes = writer.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

fn safe(cell: &str) -> String {
    text::csv_cell(cell)
}

/// One line for a terminal table: whitespace runs as one space, hostile characters visible.
fn terminal(cell: &str) -> String {
    text::one_line(cell)
}

fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut out: String = text.chars().take(max - 1).collect();
    out.push('…');
    out
}
