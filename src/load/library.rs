//! Libraries (`*.jmap-lib.yaml`): shared lanes and metrics that journeys bring in with
//! `uses:` and string entries in `lanes:`/`metrics:`.
//!
//! A library is read with the same event reader as a journey, so its errors are located in
//! the library itself. Where the bytes come from is a [`LibrarySource`]: the file system
//! next to the journey, or a git revision when the journey was read as `REV:PATH`.

use super::journey::{RawLane, RawMetric, read_library_document};
use super::reader::Reader;
use crate::diagnostic::{FileFindings, Finding};
use crate::source::{SourceFile, Span};
use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

/// A library file name ends with this.
pub const LIBRARY_SUFFIX: &str = ".jmap-lib.yaml";

/// A library as loaded: its source and its definitions (spans in the library's source).
#[derive(Debug)]
pub struct Library {
    pub source: Arc<SourceFile>,
    pub lanes: Vec<RawLane>,
    pub metrics: Vec<RawMetric>,
}

/// Where libraries are read from.
pub trait LibrarySource: Sync {
    /// The display path of the library that `entry` (a `uses:` entry) names for the
    /// journey at `journey_path`, and its bytes; or why it cannot be read.
    fn read(&self, journey_path: &str, entry: &str) -> (String, Result<Vec<u8>, String>);
}

/// Libraries on disk, relative to the journey file's folder.
#[derive(Debug, Default, Clone, Copy)]
pub struct FileSystem;

impl LibrarySource for FileSystem {
    fn read(&self, journey_path: &str, entry: &str) -> (String, Result<Vec<u8>, String>) {
        let path = join(journey_path, entry);
        let display = path.to_string_lossy().into_owned();
        let bytes = crate::input::read(&path, crate::input::LIBRARY).map_err(|e| e.describe());
        (display, bytes)
    }
}

/// Libraries on disk under `root`: for a journey whose display path is relative to `root`
/// (e.g. a path from the repository root, as `jmap review` has them).
#[derive(Debug, Clone)]
pub struct FileSystemUnder {
    pub root: PathBuf,
}

impl LibrarySource for FileSystemUnder {
    fn read(&self, journey_path: &str, entry: &str) -> (String, Result<Vec<u8>, String>) {
        let path = join(journey_path, entry);
        let display = path.to_string_lossy().into_owned();
        let bytes = crate::input::read(&self.root.join(&path), crate::input::LIBRARY)
            .map_err(|error| error.describe());
        (display, bytes)
    }
}

/// The library paths a journey's text names in `uses:`, joined to the journey's folder;
/// nothing when the text is not a readable journey. For finding the journeys that use a
/// changed library without loading them.
pub fn uses_of(journey_path: &str, text: &str) -> Vec<PathBuf> {
    let source = SourceFile::new(journey_path, text);
    let mut reader = Reader::new(&source, text);
    let document = super::journey::read_document(&mut reader);
    document
        .uses
        .iter()
        .map(|entry| join(journey_path, &entry.value))
        .collect()
}

/// `entry` relative to the folder of `journey_path`, with `.` and `..` resolved lexically
/// (an absolute `entry` stays as it is). A leading `./` or `../` of the journey's path is
/// kept, so git's `REV:./PATH` keeps meaning "relative to the current folder".
pub fn join(journey_path: &str, entry: &str) -> PathBuf {
    let entry = Path::new(entry);
    if entry.is_absolute() {
        return normalize(entry);
    }
    let folder = Path::new(journey_path).parent().unwrap_or(Path::new(""));
    let joined = normalize(&folder.join(entry));
    if journey_path.starts_with("./") && !joined.starts_with("..") && !joined.is_absolute() {
        return Path::new(".").join(joined);
    }
    joined
}

/// Resolves `.` and `..` without touching the disk.
pub fn normalize(path: &Path) -> PathBuf {
    let mut normal = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                let last_is_normal =
                    matches!(normal.components().next_back(), Some(Component::Normal(_)));
                if last_is_normal {
                    normal.pop();
                } else if !normal.has_root() {
                    normal.push("..");
                }
            }
            other => normal.push(other),
        }
    }
    normal
}

/// Loads a library file: syntax, schema and duplicate ids within it.
pub fn load_library(path: &str, bytes: Vec<u8>) -> Result<Library, FileFindings> {
    let text = super::checked_text(path, bytes)?;
    let source = Arc::new(SourceFile::new(path, text));
    let text = Arc::clone(&source.text);
    let mut reader = Reader::new(&source, &text);
    let raw = read_library_document(&mut reader);
    let mut errors = std::mem::take(&mut reader.errors);
    drop(reader);
    for lane in &raw.lanes {
        if let Some(first) = lane.allow.first() {
            errors.push(
                Finding::error("schema", first.span, "a library lane cannot carry `allow`")
                    .with_help(
                        "silence rules in the journeys that use the lane, where the finding is",
                    ),
            );
        }
    }
    check_unique(
        "lane",
        raw.lanes.iter().map(|lane| lane.id.as_ref()),
        &mut errors,
    );
    check_unique(
        "metric",
        raw.metrics.iter().map(|metric| metric.id.as_ref()),
        &mut errors,
    );
    if errors.is_empty() {
        Ok(Library {
            source,
            lanes: raw.lanes,
            metrics: raw.metrics,
        })
    } else {
        let mut failed = FileFindings {
            source,
            findings: errors,
        };
        failed.sort();
        Err(failed)
    }
}

fn check_unique<'t>(
    kind: &str,
    ids: impl Iterator<Item = Option<&'t crate::model::Text>>,
    errors: &mut Vec<Finding>,
) {
    let mut seen: HashMap<&str, Span> = HashMap::new();
    for id in ids.flatten() {
        if let Some(&first) = seen.get(id.value.as_str()) {
            errors.push(
                Finding::error(
                    "duplicate-id",
                    id.span,
                    format!("{kind} id `{}` is already used", id.value),
                )
                .with_related(first, "first used here")
                .with_help(format!(
                    "{kind} ids must be unique across the library: rename one"
                )),
            );
        } else {
            seen.insert(&id.value, id.span);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn join_resolves_relative_to_the_journey() {
        assert_eq!(
            join("journeys/a.journey.yaml", "../shared/t.jmap-lib.yaml"),
            PathBuf::from("shared/t.jmap-lib.yaml")
        );
        assert_eq!(
            join("./journeys/a.journey.yaml", "../shared/t.jmap-lib.yaml"),
            PathBuf::from("./shared/t.jmap-lib.yaml")
        );
        assert_eq!(
            join("a.journey.yaml", "../t.jmap-lib.yaml"),
            PathBuf::from("../t.jmap-lib.yaml")
        );
        assert_eq!(
            join("a.journey.yaml", "lib/t.jmap-lib.yaml"),
            PathBuf::from("lib/t.jmap-lib.yaml")
        );
    }
}
