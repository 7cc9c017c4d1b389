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
    let outputs: Vec<super::io::Output<'_>> = args
        .output
        .iter()
        .map(|path| super::io::Output { flag: "-o", path })
        .collect();
    let mut named: Vec<&Path> = args.paths.iter().map(PathBuf::as_path).collect();
    named.extend(args.config.as_deref());
    super::io::refuse_overwriting_inputs(&outputs, &named)?;
    let config = super::load_config(args.config.as_ref())?;
    let today = super::today()?;
    let root = git::toplevel().map_err(usage_error)?;
    let changed = git::changed_files(&args.base, &args.paths).map_err(usage_error)?;
    let libraries: Vec<String> = changed
        .iter()
        .flat_map(|file| std::iter::once(file.path.as_str()).chain(file.old_path()))
        .filter(|path| path.ends_with(crate::load::library::LIBRARY_SUFFIX))
        .map(str::to_string)
        .collect();
    let mut changed: Vec<ChangedFile> = changed.into_iter().filter_map(journey_change).collect();
    // A journey that uses a changed library changed too, even if its own file did not.
    if !libraries.is_empty() {
        for path in journeys_using(&root, &args.paths, &libraries) {
            if !changed.iter().any(|file| file.path == path) {
                changed.push(ChangedFile {
                    path,
                    status: Status::Modified,
                });
            }
        }
        changed.sort_by(|a, b| a.path.cmp(&b.path));
    }
    // The journeys this review reads from the working tree, and the config it read.
    let mut read: Vec<PathBuf> = changed
        .iter()
        .filter(|file| file.status != git::Status::Deleted)
        .map(|file| root.join(&file.path))
        .collect();
    read.extend(config.path.clone());
    let read: Vec<&Path> = read.iter().map(PathBuf::as_path).collect();
    super::io::refuse_overwriting_inputs(&outputs, &read)?;
    let mut files = Vec::new();
    for file in changed {
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

/// Journey files in the working tree (under `paths`, or the whole repository) whose `uses:`
/// names one of `libraries`; every path is relative to the repository root.
fn journeys_using(root: &Path, paths: &[PathBuf], libraries: &[String]) -> Vec<String> {
    let top = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let roots: Vec<PathBuf> = if paths.is_empty() {
        vec![top.clone()]
    } else {
        paths.to_vec()
    };
    let mut found = Vec::new();
    for start in roots {
        let walker = ignore::WalkBuilder::new(&start)
            .require_git(false)
            .sort_by_file_name(|a, b| a.cmp(b))
            .build();
        for entry in walker.flatten() {
            let path = entry.path();
            let Some(name) = path.file_name().and_then(|name| name.to_str()) else {
                continue;
            };
            if !is_journey(name) {
                continue;
            }
            let absolute = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
            let Ok(relative) = absolute.strip_prefix(&top) else {
                continue;
            };
            let relative = relative.to_string_lossy().replace('\\', "/");
            let Ok(bytes) = crate::input::read(path, crate::input::JOURNEY) else {
                continue;
            };
            let Ok(text) = String::from_utf8(bytes) else {
                continue;
            };
            let uses = crate::load::library::uses_of(&relative, &text);
            if uses.iter().any(|library| {
                let library = library.to_string_lossy().replace('\\', "/");
                libraries.contains(&library)
            }) {
                found.push(relative);
            }
        }
    }
    found.sort();
    found.dedup();
    found
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
            let libraries = git::RevisionLibraries::new(base);
            let label = format!("{base}:{old_path}");
            Some(lint(&label, bytes, &libraries, config, today))
        }
        None => None,
    };
    let new = match file.status {
        Status::Deleted => None,
        _ => {
            let bytes = super::read_journey(&root.join(&file.path))?;
            let libraries = crate::load::library::FileSystemUnder {
                root: root.to_path_buf(),
            };
            Some(lint(&file.path, bytes, &libraries, config, today))
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
    libraries: &dyn crate::load::library::LibrarySource,
    config: &Config,
    today: jiff::civil::Date,
) -> (Linted, Option<Journey>) {
    match crate::load::load_bytes_with(label, bytes, libraries) {
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
        Err(failure) => (
            Linted {
                findings: failure.journey,
                summary: None,
            },
            None,
        ),
    }
}
