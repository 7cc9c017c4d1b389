//! history: how a journey changed over its git history (`jmap history`,
//! `jmap report --history`).
//!
//! [`git`] lists the commits that changed the file (following renames) and the commits
//! that changed only a library the journey `uses:` at that commit, and reads the journey
//! and its libraries at each of them; each version is loaded (its libraries as they were at
//! that commit) and linted like a file on disk, and reduced to a [`Snapshot`] of the
//! numbers worth following. A version that does not load is a row that says so.
//! [`output`] prints the rows as text, markdown, JSON or CSV.

pub mod git;
pub mod output;
pub mod trend;

use crate::config::Config;
use crate::diagnostic::Level;
use crate::model::Journey;
use rayon::prelude::*;
use std::collections::{BTreeSet, HashMap, HashSet};

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
    /// Whether the commit changed the journey file itself (else only its libraries).
    pub journey_changed: bool,
    /// The libraries the journey uses at this commit that the commit changed
    /// (repository paths).
    pub libraries_changed: Vec<String>,
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

    /// Builds the rows from the versions (newest first, as git lists them).
    pub fn build(
        file: &str,
        versions: Vec<Version>,
        config: &Config,
        today: jiff::civil::Date,
    ) -> History {
        let mut rows: Vec<Row> = versions
            .into_par_iter()
            .map(|version| {
                let commit = version.commit;
                let state = match version.journey {
                    _ if commit.deleted => State::Deleted,
                    None => State::Deleted,
                    Some(bytes) => {
                        let prefix = format!("{}:", short(&commit.id));
                        let name = format!("{prefix}{}", commit.path);
                        let libraries = AtCommit {
                            prefix,
                            blobs: &version.libraries,
                        };
                        match crate::load::load_bytes_with(&name, bytes, &libraries) {
                            Ok(journey) => State::Loaded(Snapshot::of(&journey, config, today)),
                            Err(failure) => broken(&failure),
                        }
                    }
                };
                Row {
                    commit: commit.id,
                    date: commit.date,
                    subject: commit.subject,
                    path: commit.path,
                    journey_changed: version.journey_changed,
                    libraries_changed: version.libraries_changed,
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

/// A version that does not load: the first error of the journey (or, when only a library
/// is broken, of that library), located in its file.
fn broken(failure: &crate::load::LoadFailure) -> State {
    let count: usize = failure.files().map(|file| file.findings.len()).sum();
    let first = failure
        .files()
        .find_map(|file| file.findings.first().map(|finding| (file, finding)));
    match first {
        Some((file, finding)) => {
            let at = file.source.line_col(finding.span.start);
            let message = if std::sync::Arc::ptr_eq(&file.source, &failure.journey.source) {
                finding.message.clone()
            } else {
                format!("{}: {}", file.source.path, finding.message)
            };
            State::Broken {
                message,
                line: at.line,
                column: at.column,
                count,
            }
        }
        None => State::Broken {
            message: "the file does not load".to_string(),
            line: 1,
            column: 1,
            count,
        },
    }
}

/// One version of the journey to load.
#[derive(Debug, Clone, PartialEq)]
pub struct Version {
    pub commit: git::Commit,
    /// The journey's bytes at the commit (`None`: not there).
    pub journey: Option<Vec<u8>>,
    /// The libraries it uses, by repository path, as they are at the commit (`None`:
    /// not there).
    pub libraries: HashMap<String, Option<Vec<u8>>>,
    pub journey_changed: bool,
    pub libraries_changed: Vec<String>,
}

/// Libraries read from what was fetched for one commit: `uses:` entries are relative to
/// the journey's path at that commit, the journey being named `SHORT:PATH`.
struct AtCommit<'a> {
    prefix: String,
    blobs: &'a HashMap<String, Option<Vec<u8>>>,
}

impl crate::load::library::LibrarySource for AtCommit<'_> {
    fn read(&self, journey_path: &str, entry: &str) -> (String, Result<Vec<u8>, String>) {
        let path = journey_path
            .strip_prefix(&self.prefix)
            .unwrap_or(journey_path);
        let library = library_path(path, entry);
        let bytes = self
            .blobs
            .get(&library)
            .cloned()
            .flatten()
            .ok_or_else(|| "no such file at this commit".to_string());
        (format!("{}{library}", self.prefix), bytes)
    }
}

/// A `uses:` entry as a repository path (the journey's path is one).
fn library_path(journey: &str, entry: &str) -> String {
    crate::load::library::join(journey, entry)
        .to_string_lossy()
        .replace('\\', "/")
}

/// The `uses:` of each distinct version of the journey, read once: most commits of a
/// history share their journey text with others (every commit that changed only a
/// library), and reading a large journey costs as much as loading it.
#[derive(Default)]
struct UsesCache {
    known: HashMap<(String, u64), Vec<String>>,
}

impl UsesCache {
    fn get(&mut self, path: &str, bytes: Option<&[u8]>) -> Vec<String> {
        use std::hash::{Hash, Hasher};
        let Some(bytes) = bytes else {
            return Vec::new();
        };
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        bytes.hash(&mut hasher);
        self.known
            .entry((path.to_string(), hasher.finish()))
            .or_insert_with(|| uses(path, Some(bytes)))
            .clone()
    }
}

/// The libraries a version of the journey names in `uses:`, as repository paths.
fn uses(path: &str, bytes: Option<&[u8]>) -> Vec<String> {
    let Some(text) = bytes.and_then(|bytes| std::str::from_utf8(bytes).ok()) else {
        return Vec::new();
    };
    // Most journeys use no library: no need to read them twice.
    if !text.contains("uses") {
        return Vec::new();
    }
    crate::load::library::uses_of(path, text)
        .iter()
        .map(|library| library.to_string_lossy().replace('\\', "/"))
        .collect()
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
) -> Result<History, crate::git::GitError> {
    let path = git::root_relative(file)?;
    let commits = git::log(&path, since)?;
    let mut batch = git::Batch::start()?;
    let mut versions = Vec::with_capacity(commits.len());
    for commit in commits {
        let journey = if commit.deleted {
            None
        } else {
            batch.read(&commit.id, &commit.path)?
        };
        versions.push(Version {
            commit,
            journey,
            libraries: HashMap::new(),
            journey_changed: true,
            libraries_changed: Vec::new(),
        });
    }
    let mut cache = UsesCache::default();
    let mut versions = with_library_commits(&path, since, versions, &mut batch, &mut cache)?;
    for version in &mut versions {
        let used = cache.get(&version.commit.path, version.journey.as_deref());
        for library in used {
            let bytes = batch.read(&version.commit.id, &library)?;
            version.libraries.insert(library, bytes);
        }
    }
    drop(batch);
    let display = file.to_string_lossy();
    let display = display.strip_prefix("./").unwrap_or(&display);
    Ok(History::build(display, versions, config, today))
}

/// Adds the commits that changed only a library the journey used at that commit, in git's
/// order among the journey's own commits, and notes which libraries each commit changed.
/// `versions` are the journey's commits, newest first.
fn with_library_commits(
    head_path: &str,
    since: Option<&str>,
    versions: Vec<Version>,
    batch: &mut git::Batch,
    cache: &mut UsesCache,
) -> Result<Vec<Version>, crate::git::GitError> {
    // Every library any version uses, and the versions in effect when the range starts
    // (before its oldest commit) or throughout it (at HEAD).
    let mut libraries: BTreeSet<String> = versions
        .iter()
        .flat_map(|version| cache.get(&version.commit.path, version.journey.as_deref()))
        .collect();
    let mut before_range = vec![("HEAD".to_string(), head_path.to_string())];
    if let Some(oldest) = versions.last() {
        let path = oldest
            .commit
            .previous
            .as_ref()
            .unwrap_or(&oldest.commit.path);
        before_range.push((format!("{}^", oldest.commit.id), path.clone()));
    }
    for (object, path) in &before_range {
        let bytes = batch.read(object, path)?;
        libraries.extend(cache.get(path, bytes.as_deref()));
    }
    if libraries.is_empty() {
        return Ok(versions);
    }
    let mut pathspec: Vec<String> = libraries.iter().cloned().collect();
    pathspec.push(head_path.to_string());
    for version in &versions {
        pathspec.push(version.commit.path.clone());
        pathspec.extend(version.commit.previous.clone());
    }
    pathspec.sort();
    pathspec.dedup();
    let changes = git::log_paths(&pathspec, since)?;
    let listed: HashSet<&str> = changes.iter().map(|change| change.id.as_str()).collect();
    if !versions
        .iter()
        .all(|version| listed.contains(version.commit.id.as_str()))
    {
        // git ordered the two logs differently (unusual merges): the journey's own
        // commits only.
        return Ok(versions);
    }
    // The journey's path at each listed commit: after the nearest older commit of the
    // journey, or before the nearest newer one, or as it is now.
    let own: HashMap<&str, &git::Commit> = versions
        .iter()
        .map(|version| (version.commit.id.as_str(), &version.commit))
        .collect();
    let mut older: Vec<Option<String>> = Vec::with_capacity(changes.len());
    let mut last: Option<String> = None;
    for change in changes.iter().rev() {
        older.push(last.clone());
        if let Some(commit) = own.get(change.id.as_str()) {
            last = Some(commit.path.clone());
        }
    }
    older.reverse();
    let mut newer: Option<String> = None;
    let mut paths: Vec<String> = Vec::with_capacity(changes.len());
    for (change, older) in changes.iter().zip(older) {
        let path = older
            .or_else(|| newer.clone())
            .unwrap_or_else(|| head_path.to_string());
        paths.push(path);
        if let Some(commit) = own.get(change.id.as_str()) {
            newer = Some(
                commit
                    .previous
                    .clone()
                    .unwrap_or_else(|| commit.path.clone()),
            );
        }
    }
    drop(own);
    let mut by_id: HashMap<String, Version> = versions
        .into_iter()
        .map(|version| (version.commit.id.clone(), version))
        .collect();
    let mut merged = Vec::new();
    for (change, path) in changes.into_iter().zip(paths) {
        let changed = |used: &[String]| -> Vec<String> {
            used.iter()
                .filter(|library| change.paths.contains(library))
                .cloned()
                .collect()
        };
        if let Some(mut version) = by_id.remove(&change.id) {
            let used = cache.get(&version.commit.path, version.journey.as_deref());
            version.libraries_changed = changed(&used);
            merged.push(version);
            continue;
        }
        let Some(journey) = batch.read(&change.id, &path)? else {
            continue;
        };
        let libraries_changed = changed(&cache.get(&path, Some(&journey)));
        if libraries_changed.is_empty() {
            continue;
        }
        merged.push(Version {
            commit: git::Commit {
                id: change.id,
                date: change.date,
                subject: change.subject,
                path,
                deleted: false,
                previous: None,
            },
            journey: Some(journey),
            libraries: HashMap::new(),
            journey_changed: false,
            libraries_changed,
        });
    }
    Ok(merged)
}
