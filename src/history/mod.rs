//! history: how a journey changed over its git history (`jmap history`,
//! `jmap report --history`).
//!
//! [`git`] lists the commits that changed the file (following renames) and reads the file
//! at each of them; each version is loaded and linted like a file on disk, and reduced to a
//! [`Snapshot`] of the numbers worth following. A version that does not load is a row that
//! says so. [`output`] prints the rows as text, markdown, JSON or CSV.

pub mod git;
pub mod output;
pub mod trend;

use crate::config::Config;
use crate::diagnostic::Level;
use crate::model::Journey;
use rayon::prelude::*;

/// What one version of the journey says.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    /// Each metric's `current` (`None`: not measured), in the file's order.
    pub metrics: Vec<(String, Option<f64>)>,
    pub errors: usize,
    pub warnings: usize,
    /// Cross-lane handoffs without an owner.
    pub unowned_handoffs: usize,
    pub mean_emotion: Option<f64>,
}

impl Snapshot {
    pub fn of(journey: &Journey, config: &Config, today: jiff::civil::Date) -> Snapshot {
        let findings = crate::lint::lint(journey, config, today);
        let errors = findings
            .iter()
            .filter(|finding| finding.level == Level::Error)
            .count();
        Snapshot {
            metrics: journey
                .metrics
                .iter()
                .map(|metric| {
                    (
                        metric.id.value.clone(),
                        metric.current.as_ref().map(|current| current.value),
                    )
                })
                .collect(),
            errors,
            warnings: findings.len() - errors,
            unowned_handoffs: journey
                .handoffs
                .iter()
                .filter(|handoff| handoff.owner.is_none() && journey.is_cross_lane(handoff))
                .count(),
            mean_emotion: journey.mean_emotion(),
        }
    }

    pub fn metric(&self, id: &str) -> Option<f64> {
        self.metrics
            .iter()
            .find(|(metric, _)| metric == id)
            .and_then(|(_, value)| *value)
    }
}

/// How the file stood at one commit.
#[derive(Debug, Clone, PartialEq)]
pub enum State {
    Loaded(Snapshot),
    /// The file does not load: its first error, located.
    Broken {
        message: String,
        line: usize,
        column: usize,
        count: usize,
    },
    /// The commit deleted the file.
    Deleted,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub commit: String,
    pub date: String,
    pub subject: String,
    /// The file's path at this commit (it changes at a rename).
    pub path: String,
    pub state: State,
}

impl Row {
    pub fn snapshot(&self) -> Option<&Snapshot> {
        match &self.state {
            State::Loaded(snapshot) => Some(snapshot),
            _ => None,
        }
    }

    pub fn short_commit(&self) -> &str {
        self.commit.get(..7).unwrap_or(&self.commit)
    }
}

/// A journey's history, oldest commit first.
#[derive(Debug, Clone, PartialEq)]
pub struct History {
    /// The file as the user named it.
    pub file: String,
    pub rows: Vec<Row>,
    /// Every metric id seen, in order of first appearance.
    pub metrics: Vec<String>,
}

impl History {
    /// One metric's `current` at each row (`None` where unmeasured or not loaded).
    pub fn series(&self, id: &str) -> Vec<Option<f64>> {
        self.rows
            .iter()
            .map(|row| row.snapshot().and_then(|snapshot| snapshot.metric(id)))
            .collect()
    }

    /// Builds the rows from commits (newest first, as git lists them) and the file's
    /// bytes at each (`None`: not there).
    pub fn build(
        file: &str,
        commits: Vec<git::Commit>,
        blobs: Vec<Option<Vec<u8>>>,
        config: &Config,
        today: jiff::civil::Date,
    ) -> History {
        let mut rows: Vec<Row> = commits
            .into_par_iter()
            .zip(blobs)
            .map(|(commit, blob)| {
                let state = match blob {
                    _ if commit.deleted => State::Deleted,
                    None => State::Deleted,
                    Some(bytes) => {
                        let name = format!("{}:{}", short(&commit.id), commit.path);
                        match crate::load::load_bytes(&name, bytes) {
                            Ok(journey) => State::Loaded(Snapshot::of(&journey, config, today)),
                            Err(errors) => {
                                let first = errors.findings.first();
                                let at = first.map_or(
                                    crate::source::LineCol { line: 1, column: 1 },
                                    |finding| errors.source.line_col(finding.span.start),
                                );
                                State::Broken {
                                    message: first
                                        .map_or("the file does not load".to_string(), |finding| {
                                            finding.message.clone()
                                        }),
                                    line: at.line,
                                    column: at.column,
                                    count: errors.findings.len(),
                                }
                            }
                        }
                    }
                };
                Row {
                    commit: commit.id,
                    date: commit.date,
                    subject: commit.subject,
                    path: commit.path,
                    state,
                }
            })
            .collect();
        rows.reverse();
        let mut metrics: Vec<String> = Vec::new();
        for row in &rows {
            if let Some(snapshot) = row.snapshot() {
                for (id, _) in &snapshot.metrics {
                    if !metrics.contains(id) {
                        metrics.push(id.clone());
                    }
                }
            }
        }
        History {
            file: file.to_string(),
            rows,
            metrics,
        }
    }
}

fn short(commit: &str) -> &str {
    commit.get(..7).unwrap_or(commit)
}

/// The history of `file` (a path from the current folder), since `since` when given.
pub fn collect(
    file: &std::path::Path,
    since: Option<&str>,
    config: &Config,
    today: jiff::civil::Date,
) -> Result<History, crate::diff::git::GitError> {
    let path = git::root_relative(file)?;
    let commits = git::log(&path, since)?;
    let requests: Vec<(String, String)> = commits
        .iter()
        .map(|commit| (commit.id.clone(), commit.path.clone()))
        .collect();
    let blobs = git::read_blobs(&requests)?;
    let display = file.to_string_lossy();
    let display = display.strip_prefix("./").unwrap_or(&display);
    Ok(History::build(display, commits, blobs, config, today))
}
