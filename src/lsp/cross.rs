//! Lanes and metrics across files: a library's definition and the journeys that bring it
//! in with a string entry (`lanes: [client]`) and refer to it (`lane: client`).

use super::features::{Analysis, FileKind, FileRef, is_valid_id};
use super::index::Kind;
use crate::edit::TextEdit;
use crate::fix::yaml;
use crate::load::library::normalize;
use crate::source::Span;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A lane or metric defined in a library.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub kind: Kind,
    pub id: String,
    /// The library file (normalized path).
    pub library: PathBuf,
}

/// The library definition the id at `offset` stands for: the id itself in a library file,
/// or, in a journey, a lane or metric its string entry brings in from a library.
pub fn target(analysis: &Analysis, path: Option<&Path>, offset: usize) -> Option<Target> {
    let (kind, id, _) = analysis.index.at(offset)?;
    if !matches!(kind, Kind::Lane | Kind::Metric) {
        return None;
    }
    let library = match analysis.kind {
        FileKind::Library => {
            analysis.index.definitions_of(kind, id).next()?;
            normalize(path?)
        }
        FileKind::Journey => analysis
            .index
            .definitions_of(kind, id)
            .find_map(|definition| definition.origin.as_ref())?
            .path
            .clone(),
    };
    Some(Target {
        kind,
        id: id.to_string(),
        library,
    })
}

/// A journey file as analysed (unsaved contents first).
pub struct Journey {
    pub path: PathBuf,
    pub analysis: Arc<Analysis>,
}

impl Journey {
    fn file(&self) -> FileRef {
        FileRef {
            path: self.path.clone(),
            source: Arc::clone(&self.analysis.source),
        }
    }
}

/// Whether a journey brings the target in: one of its string entries for the id resolves
/// to the target's library.
fn brings_in(journey: &Analysis, target: &Target) -> bool {
    journey
        .index
        .definitions_of(target.kind, &target.id)
        .any(|definition| {
            definition
                .origin
                .as_ref()
                .is_some_and(|origin| origin.path == target.library)
        })
}

/// The places in a journey that name the target: its string entry and the references.
fn places_in(journey: &Analysis, target: &Target) -> Vec<Span> {
    if !brings_in(journey, target) {
        return Vec::new();
    }
    let mut spans: Vec<Span> = journey
        .index
        .definitions_of(target.kind, &target.id)
        .filter(|definition| definition.used)
        .map(|definition| definition.id_span)
        .chain(
            journey
                .index
                .references_to(target.kind, &target.id)
                .map(|reference| reference.span),
        )
        .collect();
    spans.sort();
    spans.dedup();
    spans
}

/// Every place that names the target: its definition in the library (with `declaration`)
/// and, in each journey, the string entry and the references.
pub fn references(
    target: &Target,
    library: &Analysis,
    journeys: &[Journey],
    declaration: bool,
) -> Vec<(FileRef, Vec<Span>)> {
    let mut out = Vec::new();
    if declaration {
        let spans: Vec<Span> = library
            .index
            .definitions_of(target.kind, &target.id)
            .map(|definition| definition.id_span)
            .collect();
        out.push((
            FileRef {
                path: target.library.clone(),
                source: Arc::clone(&library.source),
            },
            spans,
        ));
    }
    for journey in journeys {
        let spans = places_in(&journey.analysis, target);
        if !spans.is_empty() {
            out.push((journey.file(), spans));
        }
    }
    out
}

/// The edits that rename the target in its library and every journey that brings it in;
/// refused when the new id is not valid or is taken in the library, in one of those
/// journeys, or in another library one of them uses.
pub fn rename(
    target: &Target,
    library: &Analysis,
    journeys: &[Journey],
    new_id: &str,
) -> Result<Vec<(FileRef, Vec<TextEdit>)>, String> {
    if !is_valid_id(new_id) {
        return Err(format!(
            "`{new_id}` is not a valid id: use lowercase letters, digits, `-` and `_`, starting with a letter or digit"
        ));
    }
    let kind = target.kind.as_str();
    let library_name = target.library.display();
    if new_id != target.id {
        if library
            .index
            .definitions_of(target.kind, new_id)
            .next()
            .is_some()
        {
            return Err(format!(
                "a {kind} with the id `{new_id}` already exists in {library_name}"
            ));
        }
        for journey in journeys
            .iter()
            .filter(|journey| brings_in(&journey.analysis, target))
        {
            let here = journey.path.display();
            if journey
                .analysis
                .index
                .definitions_of(target.kind, new_id)
                .next()
                .is_some()
            {
                return Err(format!(
                    "a {kind} with the id `{new_id}` already exists in {here}"
                ));
            }
            let other = journey.analysis.uses.iter().find(|used| {
                used.path != target.library
                    && used.library.as_ref().is_some_and(|other| {
                        other
                            .index
                            .definitions_of(target.kind, new_id)
                            .next()
                            .is_some()
                    })
            });
            if let Some(other) = other {
                return Err(format!(
                    "the library {} that {here} also uses has a {kind} `{new_id}`",
                    other.entry
                ));
            }
        }
    }
    let mut out = Vec::new();
    let edits = |text: &str, spans: &[Span]| -> Vec<TextEdit> {
        let mut edits: Vec<TextEdit> = spans
            .iter()
            .map(|span| yaml::replace_scalar(text, *span, new_id))
            .collect();
        edits.sort_by_key(|edit| edit.range.start);
        edits.dedup_by_key(|edit| edit.range.start);
        edits
    };
    for (file, spans) in references(target, library, journeys, true) {
        let edits = edits(&file.source.text, &spans);
        if !edits.is_empty() {
            out.push((file, edits));
        }
    }
    Ok(out)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::super::analysis;
    use super::super::files::Files;
    use super::*;

    const A: &str =
        "jmap: 1\nlibrary:\n  lanes:\n    - {id: client, name: Client, kind: customer}\n";
    const B: &str =
        "jmap: 1\nlibrary:\n  lanes:\n    - {id: customer, name: Customer, kind: customer}\n";
    const JOURNEY: &str = "jmap: 1\nuses: [a.jmap-lib.yaml, b.jmap-lib.yaml]\njourney: {id: j, title: J}\nlanes: [client]\nstages:\n  - id: s\n    name: S\n    touchpoints:\n      - {id: t, name: T, lane: client}\n";

    #[test]
    fn rename_refuses_an_id_another_used_library_defines() {
        let mut files = Files::default();
        let mut libraries = Vec::new();
        for (name, text) in [("/w/a.jmap-lib.yaml", A), ("/w/b.jmap-lib.yaml", B)] {
            let library = Arc::new(analysis::library(name, text.as_bytes().to_vec()));
            files.insert(Path::new(name), Arc::from(text), Some(Arc::clone(&library)));
            libraries.push(library);
        }
        let path = Path::new("/w/j.journey.yaml");
        let journey = analysis::journey(
            Some(path),
            "/w/j.journey.yaml",
            Arc::from(JOURNEY),
            &files,
            false,
        );
        let offset = JOURNEY.find("lane: client").unwrap() + 7;
        let target = target(&journey, Some(path), offset).unwrap();
        assert_eq!(target.library, PathBuf::from("/w/a.jmap-lib.yaml"));
        let journeys = [Journey {
            path: path.to_path_buf(),
            analysis: Arc::new(journey),
        }];
        let refused = rename(&target, &libraries[0], &journeys, "customer").unwrap_err();
        assert!(refused.contains("b.jmap-lib.yaml"), "{refused}");
        let edits = rename(&target, &libraries[0], &journeys, "patron").unwrap();
        let counts: Vec<(PathBuf, usize)> = edits
            .iter()
            .map(|(file, edits)| (file.path.clone(), edits.len()))
            .collect();
        assert_eq!(
            counts,
            [
                (PathBuf::from("/w/a.jmap-lib.yaml"), 1),
                (PathBuf::from("/w/j.journey.yaml"), 2)
            ]
        );
    }
}
