//! load: YAML text → a spanned, resolved [`Journey`], or every error found on the way.

pub mod fields;
pub mod journey;
pub mod reader;
pub mod resolve;
/// Spans and source files live in [`crate::source`], shared by load, model and outputs;
/// this alias keeps `load::source::…` paths working.
pub use crate::source;

use crate::diagnostic::{FileFindings, Finding};
use crate::model::Journey;
use crate::source::{SourceFile, Span};
use std::sync::Arc;

/// Largest journey file read (a 40,000-touchpoint journey is about 10 MB).
pub const MAX_FILE_BYTES: usize = 64 * 1024 * 1024;
/// Longest single value accepted: names and descriptions, not documents.
pub const MAX_SCALAR_CHARS: usize = 64 * 1024;

/// Why a file could not become a journey: its findings (all at level error).
pub type LoadErrors = FileFindings;

/// Loads a journey from raw bytes read from `path`.
pub fn load_bytes(path: &str, bytes: Vec<u8>) -> Result<Journey, LoadErrors> {
    if bytes.len() > MAX_FILE_BYTES {
        let source = Arc::new(SourceFile::new(path, ""));
        return Err(FileFindings {
            source,
            findings: vec![
                Finding::error(
                    "yaml-syntax",
                    Span::new(0, 0),
                    format!(
                        "the file is {} bytes, more than the {MAX_FILE_BYTES} a journey may have",
                        bytes.len()
                    ),
                )
                .with_help("split the journey into several files"),
            ],
        });
    }
    match String::from_utf8(bytes) {
        Ok(text) => load_str(path, text),
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

/// Loads a journey from text.
pub fn load_str(path: &str, text: impl Into<Arc<str>>) -> Result<Journey, LoadErrors> {
    let source = Arc::new(SourceFile::new(path, text));
    let text = Arc::clone(&source.text);
    let mut reader = reader::Reader::new(&source, &text);
    let document = journey::read_document(&mut reader);
    let mut errors = std::mem::take(&mut reader.errors);
    drop(reader);
    let journey = resolve::resolve(Arc::clone(&source), document, &mut errors);
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
            Err(failed)
        }
    }
}
