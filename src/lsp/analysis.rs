//! One file analysed: a journey loaded, indexed and linted as `jmap lint` would, its
//! libraries read through [`Files`] (unsaved contents first); a library loaded and indexed
//! (`jmap lint` checks a library for syntax and schema only).

use super::features::{Analysis, FileKind, Used};
use super::files::Files;
use super::index::{self, Index};
use crate::config::Config;
use crate::diagnostic::Finding;
use crate::load::library::{LIBRARY_SUFFIX, join};
use crate::source::Span;
use std::path::Path;
use std::sync::Arc;

/// Whether a path names a library file.
pub fn is_library(path: &str) -> bool {
    path.ends_with(LIBRARY_SUFFIX)
}

/// A journey's text as `jmap lint` would see the file at `path`; `lint: false` indexes
/// only (for navigation in journeys that are not open).
pub fn journey(
    path: Option<&Path>,
    display: &str,
    text: Arc<str>,
    files: &Files,
    lint: bool,
) -> Analysis {
    let mut index = Index::default();
    let mut entries = Vec::new();
    // One parse: the index is built from the raw document the loader reads anyway.
    let loaded =
        crate::load::load_str_inspecting_with(display, Arc::clone(&text), files, |document| {
            index = Index::build(&text, document);
            entries = document.uses.clone();
        });
    let mut uses: Vec<Used> = Vec::new();
    for entry in entries {
        if !is_library(&entry.value) {
            continue;
        }
        let path = join(display, &entry.value);
        if uses.iter().any(|used| used.path == path) {
            continue;
        }
        uses.push(Used {
            library: files.library(&path),
            entry: entry.value,
            path,
        });
    }
    let libraries: Vec<index::Library<'_>> = uses
        .iter()
        .filter_map(|used| {
            let library = used.library.as_ref()?;
            Some(index::Library {
                path: used.path.clone(),
                entry: used.entry.clone(),
                source: Arc::clone(&library.source),
                index: &library.index,
            })
        })
        .collect();
    index.link(&libraries);
    drop(libraries);
    let (source, findings) = if lint {
        let (config, config_error) = config_for(path);
        let (source, mut findings) = match loaded {
            Ok(journey) => {
                let findings = crate::lint::lint(&journey, &config, today());
                (Arc::clone(&journey.source), findings)
            }
            Err(failure) => (failure.journey.source, failure.journey.findings),
        };
        if let Some(error) = config_error {
            findings.insert(0, error);
        }
        (source, findings)
    } else {
        match loaded {
            Ok(journey) => (Arc::clone(&journey.source), Vec::new()),
            Err(failure) => (failure.journey.source, Vec::new()),
        }
    };
    Analysis {
        source,
        findings,
        index,
        kind: FileKind::Journey,
        uses,
    }
}

/// A library: its load errors as findings, its lanes and metrics indexed (from what was
/// read, when it does not load).
pub fn library(display: &str, bytes: Vec<u8>) -> Analysis {
    match crate::load::library::load_library(display, bytes) {
        Ok(library) => Analysis {
            index: Index::library(&library.lanes, &library.metrics),
            source: library.source,
            findings: Vec::new(),
            kind: FileKind::Library,
            uses: Vec::new(),
        },
        Err(failed) => {
            let source = failed.source;
            let text = Arc::clone(&source.text);
            let mut reader = crate::load::reader::Reader::new(&source, &text);
            let raw = crate::load::journey::read_library_document(&mut reader);
            drop(reader);
            Analysis {
                index: Index::library(&raw.lanes, &raw.metrics),
                source,
                findings: failed.findings,
                kind: FileKind::Library,
                uses: Vec::new(),
            }
        }
    }
}

/// The configuration that applies to a file: `.jmap.yaml` found from its folder up to the
/// git root, as `jmap lint` run there would find it. A broken configuration is reported
/// at the top of the file, and the defaults apply.
fn config_for(path: Option<&Path>) -> (Config, Option<Finding>) {
    let Some(folder) = path.and_then(Path::parent) else {
        return (Config::default(), None);
    };
    match crate::config::load(None, folder) {
        Ok(config) => (config, None),
        Err(error) => {
            let message = match error {
                crate::config::ConfigError::Io(path, error) => {
                    format!("cannot read {}: {error}", path.display())
                }
                crate::config::ConfigError::Invalid(errors) => {
                    let first = errors.findings.first().map(|finding| {
                        let at = errors.source.line_col(finding.span.start);
                        format!(
                            "{}:{}:{}: {}",
                            errors.source.path, at.line, at.column, finding.message
                        )
                    });
                    first.unwrap_or_else(|| format!("{} is not valid", errors.source.path))
                }
            };
            let finding = Finding::error(
                "config",
                Span::new(0, 0),
                format!("the project configuration is broken, defaults apply here: {message}"),
            )
            .with_help("fix `.jmap.yaml`; `jmap lint` stops with exit 2 until then");
            (Config::default(), Some(finding))
        }
    }
}

fn today() -> jiff::civil::Date {
    std::env::var("JMAP_TODAY")
        .ok()
        .and_then(|text| text.parse().ok())
        .unwrap_or_else(|| {
            jiff::Timestamp::now()
                .to_zoned(jiff::tz::TimeZone::UTC)
                .date()
        })
}
