//! The floor of the jmap benchmark: what it costs just to parse a journey file into typed
//! structs with serde, no spans, no references resolved, no rules. Prints the touchpoint
//! count so the work cannot be optimised away.

use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;

#[allow(dead_code)]
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    jmap: u32,
    journey: Journey,
    lanes: Vec<Lane>,
    #[serde(default)]
    metrics: Vec<Metric>,
    stages: Vec<Stage>,
}

#[allow(dead_code)]
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Journey {
    id: String,
    title: String,
    state: Option<String>,
    owner: Option<String>,
    reviewed: Option<String>,
    persona: Option<String>,
    description: Option<String>,
    #[serde(default)]
    allow: Vec<String>,
}

#[allow(dead_code)]
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Lane {
    id: String,
    name: String,
    kind: String,
    owner: Option<String>,
    #[serde(default)]
    allow: Vec<String>,
}

#[allow(dead_code)]
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Metric {
    id: String,
    name: String,
    kind: Option<String>,
    unit: Option<String>,
    target: Option<String>,
    current: Option<f64>,
}

#[allow(dead_code)]
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Stage {
    id: String,
    name: String,
    goal: Option<String>,
    #[serde(default)]
    metrics: Vec<String>,
    #[serde(default)]
    touchpoints: Vec<Touchpoint>,
    #[serde(default)]
    allow: Vec<String>,
}

#[allow(dead_code)]
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Touchpoint {
    id: String,
    name: String,
    lane: String,
    channel: Option<String>,
    emotion: Option<i8>,
    milestone: Option<bool>,
    #[serde(default)]
    metrics: Vec<String>,
    #[serde(default)]
    pains: Vec<Pain>,
    #[serde(default)]
    opportunities: Vec<String>,
    #[serde(default)]
    handoffs: Vec<Handoff>,
    #[serde(default)]
    allow: Vec<String>,
}

/// `- text` or `- {text, severity}`.
#[allow(dead_code)]
#[derive(Deserialize)]
#[serde(untagged)]
enum Pain {
    Short(String),
    Long(BTreeMap<String, String>),
}

#[allow(dead_code)]
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Handoff {
    to: String,
    owner: Option<String>,
    artifact: Option<String>,
    sla: Option<String>,
    rework: Option<bool>,
    #[serde(default)]
    allow: Vec<String>,
}

/// Files named on the command line, and every `*.journey.yaml` in named folders.
fn collect(path: PathBuf, files: &mut Vec<PathBuf>) -> std::io::Result<()> {
    if !path.is_dir() {
        files.push(path);
        return Ok(());
    }
    let mut entries: Vec<PathBuf> = std::fs::read_dir(&path)?
        .map(|entry| entry.map(|entry| entry.path()))
        .collect::<Result<_, _>>()?;
    entries.sort();
    for entry in entries {
        let is_journey = entry
            .file_name()
            .and_then(|name| name.to_str())
            .is_some_and(|name| name.ends_with(".journey.yaml"));
        if entry.is_dir() || is_journey {
            collect(entry, files)?;
        }
    }
    Ok(())
}

/// Parses every file, one after the other (no threads: this is the floor).
fn main() -> ExitCode {
    let mut files = Vec::new();
    for path in std::env::args_os().skip(1) {
        if let Err(error) = collect(PathBuf::from(path), &mut files) {
            eprintln!("{error}");
            return ExitCode::from(2);
        }
    }
    if files.is_empty() {
        eprintln!("usage: jmap-floor FILE|FOLDER...");
        return ExitCode::from(2);
    }
    let mut touchpoints = 0;
    for path in &files {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(error) => {
                eprintln!("cannot read {}: {error}", path.display());
                return ExitCode::from(2);
            }
        };
        match serde_yaml::from_str::<File>(&text) {
            Ok(file) => {
                touchpoints += file
                    .stages
                    .iter()
                    .map(|stage| stage.touchpoints.len())
                    .sum::<usize>()
            }
            Err(error) => {
                eprintln!("{}: {error}", path.display());
                return ExitCode::from(1);
            }
        }
    }
    println!("{touchpoints}");
    ExitCode::SUCCESS
}
