//! The editor features, on byte offsets: completion, hover, navigation, rename, code
//! actions and the outline. [`super`] converts positions and speaks the protocol.

use super::context::{self, At};
use super::index::{Definition, Index, Kind};
use super::schema::Schema;
use crate::diagnostic::Finding;
use crate::edit::TextEdit;
use crate::fix::{Applicability, yaml};
use crate::model::ElementKind;
use crate::source::{SourceFile, Span};
use std::path::PathBuf;
use std::sync::Arc;

/// One file as the server knows it: its text, its lint findings and its index.
pub struct Analysis {
    pub source: Arc<SourceFile>,
    pub findings: Vec<Finding>,
    pub index: Index,
    pub kind: FileKind,
    /// A journey's `uses:` libraries, in the order written.
    pub uses: Vec<Used>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Journey,
    Library,
}

/// A `uses:` entry of a journey.
pub struct Used {
    /// As written.
    pub entry: String,
    /// The library file: the journey's folder joined with the entry, normalized.
    pub path: PathBuf,
    /// The library as analysed (unsaved editor contents first); `None` when unreadable.
    pub library: Option<Arc<Analysis>>,
}

/// A file other than the one asked about, with the text positions refer to.
#[derive(Debug, Clone)]
pub struct FileRef {
    pub path: PathBuf,
    pub source: Arc<SourceFile>,
}

/// A place in this file (`file: None`) or another.
#[derive(Clone)]
pub struct Place {
    pub file: Option<FileRef>,
    pub span: Span,
}

impl Place {
    pub fn here(span: Span) -> Self {
        Place { file: None, span }
    }
}

impl Analysis {
    fn text(&self) -> &str {
        &self.source.text
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemKind {
    Field,
    Value,
    Id,
    Rule,
    Snippet,
}

#[derive(Debug, Clone)]
pub struct Completion {
    pub label: String,
    pub kind: ItemKind,
    pub detail: Option<String>,
    pub documentation: Option<String>,
    /// Text that replaces `replace` (a snippet when `kind` is `Snippet`).
    pub insert: String,
    pub replace: Span,
}

/// Completions at `offset`.
pub fn completion(analysis: &Analysis, schema: &Schema, offset: usize) -> Vec<Completion> {
    let text = analysis.text();
    let cursor = context::cursor(text, offset);
    let replace = Span::new(cursor.word_start, cursor.word_start + cursor.word.len());
    let mut items = Vec::new();
    let last = cursor.path.last().map(String::as_str);
    match &cursor.at {
        At::Key { item } => {
            if *item
                && analysis.kind == FileKind::Journey
                && let [list] = cursor.path.as_slice()
            {
                items.extend(library_ids(analysis, list, replace));
            }
            for (name, description) in schema.fields(&cursor.path) {
                items.push(Completion {
                    insert: format!("{name}: "),
                    label: name,
                    kind: ItemKind::Field,
                    detail: description.clone(),
                    documentation: description,
                    replace,
                });
            }
            let lanes: Vec<&str> = analysis
                .index
                .of_kind(Kind::Lane)
                .map(|lane| lane.id.as_str())
                .collect();
            let indent = if *item { "  " } else { "" };
            if *item && last == Some("touchpoints") {
                let lane_choice = if lanes.is_empty() {
                    "${3:lane}".to_string()
                } else {
                    format!("${{3|{}|}}", lanes.join(","))
                };
                items.push(snippet(
                    "new touchpoint",
                    format!(
                        "id: ${{1:new-touchpoint}}\n{indent}name: ${{2:New touchpoint}}\n{indent}lane: {lane_choice}\n{indent}emotion: ${{4:0}}$0"
                    ),
                    replace,
                ));
            }
            if *item && last == Some("handoffs") {
                items.push(snippet(
                    "new handoff",
                    format!("to: ${{1:touchpoint}}\n{indent}owner: ${{2:Owner}}\n{indent}artifact: ${{3:What is handed over}}$0"),
                    replace,
                ));
            }
            if !*item && last == Some("touchpoints") {
                items.push(snippet(
                    "new handoff",
                    "handoffs:\n  - to: ${1:touchpoint}\n    owner: ${2:Owner}$0".to_string(),
                    replace,
                ));
            }
        }
        At::Value { key } => {
            let ids = |kind: Kind| -> Vec<Completion> {
                analysis
                    .index
                    .of_kind(kind)
                    .map(|definition| Completion {
                        label: definition.id.clone(),
                        kind: ItemKind::Id,
                        detail: Some(element_detail(definition, &analysis.index)),
                        documentation: None,
                        insert: definition.id.clone(),
                        replace,
                    })
                    .collect()
            };
            match (last, key.as_str()) {
                (Some("touchpoints"), "lane") => items = ids(Kind::Lane),
                (Some("handoffs"), "to") => items = ids(Kind::Touchpoint),
                (Some("stages" | "touchpoints"), "metrics") => items = ids(Kind::Metric),
                (None, "lanes" | "metrics") if analysis.kind == FileKind::Journey => {
                    items = library_ids(analysis, key, replace);
                }
                (_, "allow") => {
                    for meta in crate::rules::all_meta().filter(|meta| meta.silenceable) {
                        items.push(Completion {
                            label: meta.name.to_string(),
                            kind: ItemKind::Rule,
                            detail: Some(meta.summary.to_string()),
                            documentation: None,
                            insert: meta.name.to_string(),
                            replace,
                        });
                    }
                }
                _ => {
                    for value in schema.values(&cursor.path, key) {
                        items.push(Completion {
                            label: value.clone(),
                            kind: ItemKind::Value,
                            detail: None,
                            documentation: None,
                            insert: value,
                            replace,
                        });
                    }
                }
            }
        }
    }
    items
}

/// For a string entry of the top-level `lanes:` or `metrics:`: the ids the journey's
/// libraries define and it does not list yet, with name and library file as detail.
fn library_ids(analysis: &Analysis, list: &str, replace: Span) -> Vec<Completion> {
    let kind = match list {
        "lanes" => Kind::Lane,
        "metrics" => Kind::Metric,
        _ => return Vec::new(),
    };
    let mut items: Vec<Completion> = Vec::new();
    for used in &analysis.uses {
        let Some(library) = &used.library else {
            continue;
        };
        for definition in library.index.of_kind(kind) {
            let listed = analysis
                .index
                .definitions_of(kind, &definition.id)
                .next()
                .is_some();
            if listed || items.iter().any(|item| item.label == definition.id) {
                continue;
            }
            let mut detail: Vec<String> = definition.name.iter().cloned().collect();
            detail.push(format!("from {}", used.entry));
            items.push(Completion {
                label: definition.id.clone(),
                kind: ItemKind::Id,
                detail: Some(detail.join(" · ")),
                documentation: Some(describe_element(definition)),
                insert: definition.id.clone(),
                replace,
            });
        }
    }
    items
}

fn snippet(label: &str, insert: String, replace: Span) -> Completion {
    Completion {
        label: label.to_string(),
        kind: ItemKind::Snippet,
        detail: Some("snippet".to_string()),
        documentation: None,
        insert,
        replace,
    }
}

/// `Kick-off · lane client · stage scoping`: the element's name, then its facts.
fn element_detail(definition: &Definition, index: &Index) -> String {
    let _ = index;
    let mut parts: Vec<String> = definition.name.iter().cloned().collect();
    parts.extend(
        definition
            .facts
            .iter()
            .filter(|(label, _)| matches!(*label, "lane" | "stage" | "kind"))
            .map(|(label, value)| format!("{label} {value}")),
    );
    if let Some(origin) = &definition.origin {
        parts.push(format!("from {}", origin.entry));
    }
    parts.join(" · ")
}

/// Hover text (markdown) at `offset`, and the span it is about.
pub fn hover(analysis: &Analysis, schema: &Schema, offset: usize) -> Option<(String, Span)> {
    let mut sections = Vec::new();
    let mut about: Option<Span> = None;
    for finding in analysis
        .findings
        .iter()
        .filter(|finding| finding.span.start <= offset && offset <= finding.span.end)
    {
        about.get_or_insert(finding.span);
        let mut section = format!(
            "**{}** ({}): {}",
            finding.rule,
            finding.level.as_str(),
            inert(&finding.message)
        );
        if let Some(meta) = crate::rules::find_meta(finding.rule) {
            section.push_str(&format!("\n\n{}", meta.explanation.trim_end()));
        }
        sections.push(section);
    }
    if let Some((kind, id, span)) = analysis.index.at(offset) {
        about.get_or_insert(span);
        for definition in analysis.index.definitions_of(kind, id) {
            sections.push(describe_element(definition));
        }
        if analysis.index.definitions_of(kind, id).next().is_none() {
            sections.push(format!("no {} has the id `{id}`", kind.as_str()));
        }
    } else if let Some((path, key, span)) = key_at(analysis.text(), offset)
        && let Some(description) = schema.description(&path, &key)
    {
        about.get_or_insert(span);
        sections.push(format!("**{key}**: {description}"));
    }
    if sections.is_empty() {
        return None;
    }
    Some((
        sections.join("\n\n---\n\n"),
        about.unwrap_or(Span::new(offset, offset)),
    ))
}

fn describe_element(definition: &Definition) -> String {
    let mut text = format!("**{} `{}`**", definition.kind.as_str(), definition.id);
    if let Some(name) = &definition.name {
        text.push_str(&format!(": {}", inert(name)));
    }
    for (label, value) in &definition.facts {
        text.push_str(&format!("\n- {label}: {}", inert(value)));
    }
    if let Some(origin) = &definition.origin {
        let line = origin.source.line_col(origin.id_span.start).line;
        text.push_str(&format!(
            "\n\ndefined in {}, line {line}",
            inert(&origin.entry)
        ));
    } else if definition.used {
        text.push_str("\n\nnot defined in any library of `uses:`");
    }
    text
}

/// The key under the cursor, with the path of its mapping.
fn key_at(text: &str, offset: usize) -> Option<(Vec<String>, String, Span)> {
    let is_word = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let start = text[..offset].trim_end_matches(is_word).len();
    let end = offset + (text[offset..].len() - text[offset..].trim_start_matches(is_word).len());
    if start == end || !text[end..].starts_with(':') {
        return None;
    }
    let cursor = context::cursor(text, start);
    matches!(cursor.at, At::Key { .. }).then(|| {
        (
            cursor.path,
            text[start..end].to_string(),
            Span::new(start, end),
        )
    })
}

/// Where the id under the cursor is defined: in a library for a lane or metric brought
/// in by a string entry.
pub fn definition(analysis: &Analysis, offset: usize) -> Vec<Place> {
    let Some((kind, id, _)) = analysis.index.at(offset) else {
        return Vec::new();
    };
    analysis
        .index
        .definitions_of(kind, id)
        .map(|definition| match &definition.origin {
            Some(origin) => Place {
                file: Some(FileRef {
                    path: origin.path.clone(),
                    source: Arc::clone(&origin.source),
                }),
                span: origin.id_span,
            },
            None => Place::here(definition.id_span),
        })
        .collect()
}

/// Every place that names the id under the cursor.
pub fn references(analysis: &Analysis, offset: usize, declaration: bool) -> Vec<Span> {
    let Some((kind, id, _)) = analysis.index.at(offset) else {
        return Vec::new();
    };
    let mut spans: Vec<Span> = Vec::new();
    if declaration {
        spans.extend(analysis.index.definitions_of(kind, id).map(|d| d.id_span));
    }
    spans.extend(analysis.index.references_to(kind, id).map(|r| r.span));
    spans.sort();
    spans
}

/// The id that a rename at `offset` would change.
pub fn prepare_rename(analysis: &Analysis, offset: usize) -> Option<Span> {
    analysis.index.at(offset).map(|(_, _, span)| span)
}

/// The edits that rename the id under the cursor to `new_id`, or why not.
pub fn rename(analysis: &Analysis, offset: usize, new_id: &str) -> Result<Vec<TextEdit>, String> {
    let Some((kind, id, _)) = analysis.index.at(offset) else {
        return Err("there is no lane, metric, stage or touchpoint id here".to_string());
    };
    if !is_valid_id(new_id) {
        return Err(format!(
            "`{new_id}` is not a valid id: use lowercase letters, digits, `-` and `_`, starting with a letter or digit"
        ));
    }
    if new_id != id && analysis.index.definitions_of(kind, new_id).next().is_some() {
        return Err(format!(
            "a {} with the id `{new_id}` already exists",
            kind.as_str()
        ));
    }
    let text = analysis.text();
    let mut edits: Vec<TextEdit> = analysis
        .index
        .definitions_of(kind, id)
        .map(|definition| yaml::replace_scalar(text, definition.id_span, new_id))
        .chain(
            analysis
                .index
                .references_to(kind, id)
                .map(|reference| yaml::replace_scalar(text, reference.span, new_id)),
        )
        .collect();
    edits.sort_by_key(|edit| edit.range.start);
    edits.dedup_by_key(|edit| edit.range.start);
    Ok(edits)
}

pub use crate::model::is_valid_id;

/// A code action: a fix of a finding, or "allow this rule here".
#[derive(Debug, Clone)]
pub struct Action {
    pub title: String,
    pub preferred: bool,
    pub edits: Vec<TextEdit>,
    /// The finding it resolves (an index into `Analysis::findings`).
    pub finding: usize,
}

/// Actions for the findings whose span meets `span`.
pub fn code_actions(analysis: &Analysis, span: Span) -> Vec<Action> {
    let mut actions = Vec::new();
    for (index, finding) in analysis.findings.iter().enumerate() {
        let meets = finding.span.start <= span.end && span.start <= finding.span.end;
        if !meets {
            continue;
        }
        if let Some(fix) = &finding.fix {
            actions.push(Action {
                title: fix.title.clone(),
                preferred: fix.applicability == Applicability::Safe,
                edits: fix.edits.clone(),
                finding: index,
            });
        }
        let silenceable =
            crate::rules::find_meta(finding.rule).is_some_and(|meta| meta.silenceable);
        if !silenceable || finding.rule == "unused-allow" {
            continue;
        }
        let Some(element) = &finding.element else {
            continue;
        };
        let Some((start, items)) = analysis.index.allow_site(element) else {
            continue;
        };
        if let Some(edit) =
            yaml::add_list_item(analysis.text(), start, "allow", &items, finding.rule)
        {
            let on_journey = analysis
                .index
                .journey
                .as_ref()
                .is_some_and(|(journey, _)| *journey == start);
            let place = match element.kind {
                _ if on_journey => "the journey".to_string(),
                ElementKind::Journey | ElementKind::Metric => "the journey".to_string(),
                ElementKind::Pain => "its touchpoint".to_string(),
                kind => format!("{} `{}`", kind.as_str(), element.id),
            };
            actions.push(Action {
                title: format!("Allow `{}` on {place}", finding.rule),
                preferred: false,
                edits: vec![edit],
                finding: index,
            });
        }
    }
    actions
}

/// An outline entry.
#[derive(Debug, Clone)]
pub struct Symbol {
    pub name: String,
    pub detail: String,
    pub kind: Kind,
    pub range: Span,
    pub selection: Span,
    pub children: Vec<Symbol>,
}

/// Stages (with their touchpoints), then lanes, then metrics.
pub fn symbols(analysis: &Analysis) -> Vec<Symbol> {
    let text = analysis.text();
    let symbol = |definition: &Definition| {
        let extent =
            yaml::mapping_extent(text, definition.mapping_start).unwrap_or(definition.id_span);
        let range = Span::new(
            extent.start.min(definition.id_span.start),
            extent.end.max(definition.id_span.end),
        );
        Symbol {
            name: definition
                .name
                .clone()
                .unwrap_or_else(|| definition.id.clone()),
            detail: definition.id.clone(),
            kind: definition.kind,
            range,
            selection: definition.id_span,
            children: Vec::new(),
        }
    };
    let index = &analysis.index;
    let mut out = Vec::new();
    for (position, definition) in index.definitions.iter().enumerate() {
        if definition.kind != Kind::Stage {
            continue;
        }
        let mut stage = symbol(definition);
        stage.children = index
            .definitions
            .iter()
            .filter(|child| child.kind == Kind::Touchpoint && child.parent == Some(position))
            .map(symbol)
            .collect();
        out.push(stage);
    }
    out.extend(index.of_kind(Kind::Lane).map(symbol));
    out.extend(index.of_kind(Kind::Metric).map(symbol));
    out
}

/// Text from the file, inert in hover markdown.
fn inert(text: &str) -> String {
    crate::text::markdown::escape_inline(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    const JOURNEY: &str = "jmap: 1
journey: {id: j, title: J, reviewed: 2026-11-01}
lanes:
  - {id: client, name: \"<script>alert(1)</script> [x](javascript:y) @team\", kind: customer}
metrics:
  - {id: csat, name: CSAT, kind: csat, target: \">= 80\"}
stages:
  - id: s
    name: S
    metrics: [csat]
    touchpoints:
      - id: a
        name: A
        lane: client
        handoffs:
          - to: b
      - id: b
        name: B
        lane: client
";

    fn analysis(text: &str) -> Analysis {
        super::super::analyze(None, "j.journey.yaml", text.to_string())
    }

    #[test]
    fn hover_keeps_hostile_names_inert() {
        let analysis = analysis(JOURNEY);
        let offset = JOURNEY.find("lane: client").unwrap() + 8;
        let (text, _) = hover(&analysis, &Schema::new(), offset).unwrap();
        assert!(text.contains("\\<script\\>"), "{text}");
        assert!(text.contains("\\[x\\](javascript"), "{text}");
        assert!(!text.contains("@team"), "{text}");
        assert!(text.contains("lane `client`"), "{text}");
    }

    #[test]
    fn completion_after_a_dash_under_touchpoints_offers_the_snippet() {
        let text = JOURNEY.replace("      - id: b\n", "      - \n      - id: b\n");
        let analysis = analysis(&text);
        let offset = text.find("      - \n").unwrap() + 8;
        let items = completion(&analysis, &Schema::new(), offset);
        let snippet = items
            .iter()
            .find(|item| item.label == "new touchpoint")
            .unwrap();
        assert!(
            snippet.insert.contains("${3|client|}"),
            "{}",
            snippet.insert
        );
        assert!(items.iter().any(|item| item.label == "lane"));
    }

    #[test]
    fn navigation_works_on_a_file_with_schema_errors() {
        // `colour` is not a field: the file does not load, the ids are still known.
        let text = JOURNEY.replace(
            "        name: B\n",
            "        name: B\n        colour: red\n",
        );
        let analysis = analysis(&text);
        assert!(analysis.findings.iter().any(|f| f.rule == "schema"));
        let to_b = text.find("to: b").unwrap() + 4;
        let target = definition(&analysis, to_b);
        assert_eq!(target.len(), 1);
        assert!(target[0].file.is_none());
        assert_eq!(&text[target[0].span.start..target[0].span.end], "b");
        assert_eq!(references(&analysis, to_b, true).len(), 2);
    }

    #[test]
    fn a_library_lane_is_allowed_on_the_journey() {
        let library = "jmap: 1\nlibrary:\n  lanes:\n    - {id: client, name: Client, kind: customer}\n    - {id: idle, name: Idle, kind: backstage}\n";
        let text = JOURNEY
            .replace("jmap: 1\n", "jmap: 1\nuses: [t.jmap-lib.yaml]\n")
            .replace("lanes:\n", "lanes:\n  - idle\n");
        let mut files = super::super::files::Files::default();
        let path = std::path::Path::new("/w/t.jmap-lib.yaml");
        files.insert(path, Arc::from(library), None);
        let journey = std::path::Path::new("/w/j.journey.yaml");
        let analysis = super::super::analysis::journey(
            Some(journey),
            "/w/j.journey.yaml",
            Arc::from(text.as_str()),
            &files,
            true,
        );
        let unused = analysis
            .findings
            .iter()
            .find(|finding| finding.rule == "unused-lane")
            .unwrap();
        let actions = code_actions(&analysis, unused.span);
        let allow = actions
            .iter()
            .find(|action| action.title == "Allow `unused-lane` on the journey")
            .unwrap();
        let allowed = crate::edit::apply(&text, &allow.edits).unwrap();
        assert!(
            allowed.contains("reviewed: 2026-11-01, allow: [unused-lane]}"),
            "{allowed}"
        );
        // Hover on the entry: the library's lane and where it is.
        let offset = text.find("- idle").unwrap() + 3;
        let (hover, _) = hover(&analysis, &Schema::new(), offset).unwrap();
        assert!(
            hover.contains("Idle") && hover.contains("t.jmap-lib.yaml, line 5"),
            "{hover}"
        );
    }

    #[test]
    fn rename_refuses_taken_and_invalid_ids() {
        let analysis = analysis(JOURNEY);
        let on_a = JOURNEY.find("id: a").unwrap() + 4;
        assert!(
            rename(&analysis, on_a, "b")
                .unwrap_err()
                .contains("already exists")
        );
        assert!(
            rename(&analysis, on_a, "-a")
                .unwrap_err()
                .contains("not a valid id")
        );
        assert!(rename(&analysis, on_a, "").is_err());
        let edits = rename(&analysis, on_a, "a2").unwrap();
        assert_eq!(edits.len(), 1);
        let on_b = JOURNEY.find("to: b").unwrap() + 4;
        let edits = rename(&analysis, on_b, "b2").unwrap();
        let renamed = crate::edit::apply(JOURNEY, &edits).unwrap();
        assert!(renamed.contains("to: b2") && renamed.contains("id: b2"));
    }
}
