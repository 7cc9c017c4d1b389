//! `jmap review --base REV [PATH...]`: the pull-request comment and its gate.

use super::{Exit, usage_error};
use crate::config::Config;
use crate::diagnostic::FileFindings;
use crate::diff::git::{self, ChangedFile, Status};
use crate::diff::review::{FileReview, Linted, Review};
use crate::diff::{self as journey_diff, Side, Summary};
use crate::model::Journey;
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The revision to compare with, e.g. origin/main.
    #[arg(long, value_name = "REV")]
    base: String,
    /// Only journey files under these files or folders (default: the whole repository).
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Write the comment to this file instead of stdout.
    #[arg(short, long, value_name = "OUT")]
    output: Option<PathBuf>,
    /// Use this configuration instead of the discovered .jmap.yaml.
    #[arg(long, value_name = "PATH")]
    config: Option<PathBuf>,
}

pub fn run(args: Args) -> Exit {
    match run_inner(args) {
        Ok(exit) | Err(exit) => exit,
    }
}

fn run_inner(args: Args) -> Result<Exit, Exit> {
    let config = super::load_config(args.config.as_ref())?;
    let today = super::today()?;
    let root = git::toplevel().map_err(usage_error)?;
    let changed = git::changed_files(&args.base, &args.paths).map_err(usage_error)?;
    let mut files = Vec::new();
    for file in changed.into_iter().filter_map(journey_change) {
        files.push(review_file(&args.base, &root, file, &config, today)?);
    }
    let review = Review {
        base: args.base.clone(),
        files,
    };
    let comment = crate::diff::review::render(&review);
    super::write_output(args.output.as_deref(), comment.as_bytes())?;
    Ok(if review.passes() {
        Exit::Success
    } else {
        Exit::Failure
    })
}

fn is_journey(path: &str) -> bool {
    path.ends_with(".journey.yaml")
}

/// Keeps journey files; a rename across the `.journey.yaml` suffix becomes an add or a delete.
fn journey_change(file: ChangedFile) -> Option<ChangedFile> {
    match &file.status {
        Status::Renamed(from) => match (is_journey(from), is_journey(&file.path)) {
            (true, true) => Some(file),
            (false, true) => Some(ChangedFile {
                path: file.path,
                status: Status::Added,
            }),
            (true, false) => Some(ChangedFile {
                path: from.clone(),
                status: Status::Deleted,
            }),
            (false, false) => None,
        },
        _ => is_journey(&file.path).then_some(file),
    }
}

fn review_file(
    base: &str,
    root: &Path,
    file: ChangedFile,
    config: &Config,
    today: jiff::civil::Date,
) -> Result<FileReview, Exit> {
    let old = match file.old_path() {
        Some(old_path) => {
            let bytes = git::read_file(base, old_path).map_err(usage_error)?;
            Some(lint(&format!("{base}:{old_path}"), bytes, config, today))
        }
        None => None,
    };
    let new = match file.status {
        Status::Deleted => None,
        _ => {
            let full = root.join(&file.path);
            let bytes = std::fs::read(&full).map_err(|error| {
                usage_error(format_args!("cannot read {}: {error}", full.display()))
            })?;
            Some(lint(&file.path, bytes, config, today))
        }
    };
    let diff = match (&old, &new) {
        (Some((old_linted, Some(old_journey))), Some((new_linted, Some(new_journey)))) => {
            Some(journey_diff::diff(
                &Side {
                    label: &old_linted.findings.source.path,
                    journey: old_journey,
                    findings: &old_linted.findings.findings,
                },
                &Side {
                    label: &new_linted.findings.source.path,
                    journey: new_journey,
                    findings: &new_linted.findings.findings,
                },
            ))
        }
        _ => None,
    };
    Ok(FileReview {
        path: file.path,
        status: file.status,
        old: old.map(|(linted, _)| linted),
        new: new.map(|(linted, _)| linted),
        diff,
    })
}

/// Loads and lints one version; a version that does not load keeps its load errors.
fn lint(
    label: &str,
    bytes: Vec<u8>,
    config: &Config,
    today: jiff::civil::Date,
) -> (Linted, Option<Journey>) {
    match crate::load::load_bytes(label, bytes) {
        Ok(journey) => {
            let findings = crate::lint::lint(&journey, config, today);
            let summary = Summary::of(&journey, &findings);
            let linted = Linted {
                findings: FileFindings {
                    source: std::sync::Arc::clone(&journey.source),
                    findings,
                },
                summary: Some(summary),
            };
            (linted, Some(journey))
        }
        Err(errors) => (
            Linted {
                findings: errors,
                summary: None,
            },
            None,
        ),
    }
}
