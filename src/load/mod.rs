//! load: YAML text → a spanned, resolved [`Journey`], or every error found on the way.

pub mod fields;
pub mod journey;
pub mod library;
pub mod reader;
pub mod resolve;

use crate::diagnostic::{FileFindings, Finding};
use crate::model::Journey;
use crate::source::{SourceFile, Span};
use library::{Library, LibrarySource};
use std::sync::Arc;

/// Largest journey file read (a 40,000-touchpoint journey is about 10 MB): the limit of
/// [`crate::input::JOURNEY`], which reads at most one byte more.
pub const MAX_FILE_BYTES: usize = crate::input::JOURNEY.bytes as usize;
/// Longest single value accepted: names and descriptions, not documents.
pub const MAX_SCALAR_CHARS: usize = 64 * 1024;

/// Why a file could not become a journey: its findings (all at level error).
pub type LoadErrors = FileFindings;

/// Why a journey could not be loaded: its own errors and, for each used library that is
/// broken, that library's errors (each located in its own file).
#[derive(Debug, Clone)]
pub struct LoadFailure {
    pub journey: FileFindings,
    pub libraries: Vec<FileFindings>,
}

impl LoadFailure {
    /// The journey's findings first, then each broken library's.
    pub fn files(&self) -> impl Iterator<Item = &FileFindings> {
        std::iter::once(&self.journey).chain(&self.libraries)
    }
}

impl From<FileFindings> for LoadFailure {
    fn from(journey: FileFindings) -> Self {
        LoadFailure {
            journey,
            libraries: Vec::new(),
        }
    }
}

/// Loads a journey from raw bytes read from `path`; libraries are read next to it.
pub fn load_bytes(path: &str, bytes: Vec<u8>) -> Result<Journey, LoadErrors> {
    load_bytes_with(path, bytes, &library::FileSystem).map_err(|failure| failure.journey)
}

/// Loads a journey from text; libraries are read next to `path`.
pub fn load_str(path: &str, text: impl Into<Arc<str>>) -> Result<Journey, LoadErrors> {
    load_str_with(path, text, &library::FileSystem).map_err(|failure| failure.journey)
}

/// Loads a journey from raw bytes, reading its libraries from `libraries`.
pub fn load_bytes_with(
    path: &str,
    bytes: Vec<u8>,
    libraries: &dyn LibrarySource,
) -> Result<Journey, LoadFailure> {
    let text = checked_text(path, bytes)?;
    load_str_with(path, text, libraries)
}

/// The bytes as text: not larger than [`MAX_FILE_BYTES`], valid UTF-8.
pub(crate) fn checked_text(path: &str, bytes: Vec<u8>) -> Result<String, FileFindings> {
    if bytes.len() > MAX_FILE_BYTES {
        let source = Arc::new(SourceFile::new(path, ""));
        return Err(FileFindings {
            source,
            findings: vec![
                Finding::error(
                    "yaml-syntax",
                    Span::new(0, 0),
                    format!(
                        "the file is larger than {}, the limit for a journey file",
                        crate::input::human_bytes(crate::input::JOURNEY.bytes)
                    ),
                )
                .with_help("split the journey into several files"),
            ],
        });
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(text),
        Err(error) => {
            let offset = error.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(error.as_bytes()).into_owned();
            // The lossy text has the same bytes up to `offset`.
            let source = Arc::new(SourceFile::new(path, text));
            Err(FileFindings {
                source,
                findings: vec![
                    Finding::error(
                        "yaml-syntax",
                        Span::new(offset, offset + 1),
                        "the file is not valid UTF-8",
                    )
                    .with_help(
                        "save the file as UTF-8 text; a journey file cannot hold binary data",
                    ),
                ],
            })
        }
    }
}

/// Loads a journey from text, reading its libraries from `libraries`.
pub fn load_str_with(
    path: &str,
    text: impl Into<Arc<str>>,
    libraries: &dyn LibrarySource,
) -> Result<Journey, LoadFailure> {
    load_str_inspecting_with(path, text, libraries, |_| {})
}

/// Loads a journey from text (libraries read next to `path`), showing the raw document
/// (everything read before any reference is resolved, even when the file has errors) to
/// `inspect` on the way: the language server indexes ids from it without parsing twice.
pub fn load_inspecting(
    path: &str,
    text: impl Into<Arc<str>>,
    inspect: impl FnOnce(&journey::RawDocument),
) -> Result<Journey, LoadErrors> {
    load_str_inspecting_with(path, text, &library::FileSystem, inspect)
        .map_err(|failure| failure.journey)
}

/// [`load_str_with`] with an `inspect` hook on the raw document (see [`load_inspecting`]).
pub fn load_str_inspecting_with(
    path: &str,
    text: impl Into<Arc<str>>,
    libraries: &dyn LibrarySource,
    inspect: impl FnOnce(&journey::RawDocument),
) -> Result<Journey, LoadFailure> {
    let source = Arc::new(SourceFile::new(path, text));
    let text = Arc::clone(&source.text);
    let mut reader = reader::Reader::new(&source, &text);
    let document = journey::read_document(&mut reader);
    inspect(&document);
    let broken = reader.is_broken();
    let mut errors = std::mem::take(&mut reader.errors);
    drop(reader);
    let mut broken_libraries = Vec::new();
    let errors_before = errors.len();
    let used = if broken {
        Vec::new()
    } else {
        read_libraries(
            path,
            &document.uses,
            libraries,
            &mut errors,
            &mut broken_libraries,
        )
    };
    // A library that did not load (or a `uses:` entry that names no library) may define
    // the ids of string entries: they are not reported as unknown then.
    let complete = !broken
        && errors.len() == errors_before
        && document
            .uses
            .iter()
            .all(|entry| entry.value.ends_with(library::LIBRARY_SUFFIX));
    let journey = resolve::resolve(Arc::clone(&source), document, used, complete, &mut errors);
    match journey {
        Some(journey) if errors.is_empty() => Ok(journey),
        _ => {
            let mut failed = FileFindings {
                source,
                findings: errors,
            };
            if failed.findings.is_empty() {
                failed.findings.push(
                    Finding::error("schema", Span::new(0, 0), "the file is not a journey")
                        .with_help("a journey file is a mapping with `jmap`, `journey`, `lanes` and `stages`"),
                );
            }
            failed.sort();
            Err(LoadFailure {
                journey: failed,
                libraries: broken_libraries,
            })
        }
    }
}

/// Reads every `uses:` entry. A library that cannot be read or does not load is an error
/// at its entry; a broken one's own errors go to `broken`.
fn read_libraries(
    path: &str,
    uses: &[crate::model::Text],
    source: &dyn LibrarySource,
    errors: &mut Vec<Finding>,
    broken: &mut Vec<FileFindings>,
) -> Vec<(crate::model::Text, Library)> {
    let mut loaded: Vec<(crate::model::Text, Library)> = Vec::new();
    let mut seen: Vec<(String, Span)> = Vec::new();
    for entry in uses {
        if !entry.value.ends_with(library::LIBRARY_SUFFIX) {
            continue; // reported by the reader
        }
        let (display, bytes) = source.read(path, &entry.value);
        if let Some((_, first)) = seen.iter().find(|(known, _)| *known == display) {
            errors.push(
                Finding::error(
                    "schema",
                    entry.span,
                    format!("`{}` is already in `uses`", entry.value),
                )
                .with_related(*first, "first listed here")
                .with_help("list each library once"),
            );
            continue;
        }
        seen.push((display.clone(), entry.span));
        let bytes = match bytes {
            Ok(bytes) => bytes,
            Err(why) => {
                errors.push(
                    Finding::error(
                        "schema",
                        entry.span,
                        format!("cannot read the library `{}`: {why}", entry.value),
                    )
                    .with_help(format!(
                        "`uses:` paths are relative to this journey's folder; looked for `{display}`"
                    )),
                );
                continue;
            }
        };
        match library::load_library(&display, bytes) {
            Ok(library) => loaded.push((entry.clone(), library)),
            Err(failed) => {
                let count = failed.findings.len();
                let first = failed
                    .findings
                    .first()
                    .map(|finding| {
                        let at = failed.source.line_col(finding.span.start);
                        format!(
                            " (first at {}:{}:{}: {})",
                            display, at.line, at.column, finding.message
                        )
                    })
                    .unwrap_or_default();
                errors.push(
                    Finding::error(
                        "schema",
                        entry.span,
                        format!(
                            "the library `{}` does not load: {count} error{}{first}",
                            entry.value,
                            if count == 1 { "" } else { "s" }
                        ),
                    )
                    .with_help(format!("fix the errors reported in `{display}`")),
                );
                broken.push(failed);
            }
        }
    }
    loaded
}
