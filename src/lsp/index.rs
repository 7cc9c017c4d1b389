//! What the editor features need to know about one file: where each lane, metric, stage and
//! touchpoint id is defined and referred to, and what each element says (for hover).
//!
//! Built from the loader's raw document, which exists even when the file has schema errors
//! (and holds everything before a syntax error), so navigation keeps working on the parts
//! that did load.

use crate::load::journey::{Entry, RawDocument, RawHandoff, RawLane, RawMetric, RawTouchpoint};
use crate::model::{ElementKey, ElementKind, Text};
use crate::source::{SourceFile, Span};
use std::path::PathBuf;
use std::sync::Arc;

/// The kinds of element that have ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Lane,
    Metric,
    Stage,
    Touchpoint,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Lane => "lane",
            Kind::Metric => "metric",
            Kind::Stage => "stage",
            Kind::Touchpoint => "touchpoint",
        }
    }
}

/// Where an element with an id is written.
#[derive(Debug, Clone)]
pub struct Definition {
    pub kind: Kind,
    pub id: String,
    pub id_span: Span,
    /// Where the element's mapping starts (its first key, or its `{`).
    pub mapping_start: usize,
    pub name: Option<String>,
    /// More about the element for hover, as `(label, value)`: lane, stage, owner, kind.
    pub facts: Vec<(&'static str, String)>,
    /// Its `allow` entries.
    pub allow: Vec<Span>,
    /// For a touchpoint: the index (in `definitions`) of its stage.
    pub parent: Option<usize>,
    /// A string entry of `lanes:`/`metrics:`: the id of a library's definition.
    pub used: bool,
    /// For a string entry, the library definition it brings in (when a used library
    /// defines the id); `name` and `facts` are then the library's.
    pub origin: Option<Origin>,
}

/// Where a library defines a lane or metric a journey brings in.
#[derive(Debug, Clone)]
pub struct Origin {
    /// The library file (normalized path).
    pub path: PathBuf,
    /// The `uses:` entry as the journey writes it.
    pub entry: String,
    pub source: Arc<SourceFile>,
    /// The `id` value in the library.
    pub id_span: Span,
}

/// A place that names an id: `lane:`, `to:`, a `metrics:` entry.
#[derive(Debug, Clone)]
pub struct Reference {
    pub kind: Kind,
    pub id: String,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct HandoffEntry {
    pub from: String,
    pub to: Option<String>,
    pub mapping_start: usize,
    pub allow: Vec<Span>,
}

#[derive(Debug, Default)]
pub struct Index {
    pub definitions: Vec<Definition>,
    pub references: Vec<Reference>,
    pub handoffs: Vec<HandoffEntry>,
    /// The journey mapping's start and its `allow` entries.
    pub journey: Option<(usize, Vec<Span>)>,
}

impl Index {
    pub fn build(text: &str, document: &RawDocument) -> Self {
        let mut index = Index::default();
        if let Some(journey) = &document.journey {
            let start = value_start(text, journey.span.end);
            index.journey = Some((start, spans(&journey.allow)));
        }
        for entry in document.lanes.iter().flat_map(|(_, lanes)| lanes) {
            match entry {
                Entry::Local(lane) => index.lane(lane),
                Entry::Used(id) => index.used(Kind::Lane, id),
            }
        }
        for entry in &document.metrics {
            match entry {
                Entry::Local(metric) => index.metric(metric),
                Entry::Used(id) => index.used(Kind::Metric, id),
            }
        }
        for stage in document.stages.iter().flat_map(|(_, stages)| stages) {
            let stage_index = index.definitions.len();
            let stage_defined = index.define(
                Kind::Stage,
                &stage.id,
                stage.span.start,
                &stage.name,
                Vec::new(),
                &stage.allow,
                None,
            );
            index.refer_all(Kind::Metric, &stage.metrics);
            let parent = stage_defined.then_some(stage_index);
            for touchpoint in &stage.touchpoints {
                index.touchpoint(touchpoint, stage.id.as_ref(), parent);
            }
        }
        index
    }

    /// The index of a library file: its lanes and metrics.
    pub fn library(lanes: &[RawLane], metrics: &[RawMetric]) -> Self {
        let mut index = Index::default();
        for lane in lanes {
            index.lane(lane);
        }
        for metric in metrics {
            index.metric(metric);
        }
        index
    }

    fn lane(&mut self, lane: &RawLane) {
        let mut facts = Vec::new();
        push_fact(
            &mut facts,
            "kind",
            lane.kind.as_ref().map(|kind| kind.value.as_str()),
        );
        push_fact(
            &mut facts,
            "owner",
            lane.owner.as_deref().map(String::as_str),
        );
        self.define(
            Kind::Lane,
            &lane.id,
            lane.span.start,
            &lane.name,
            facts,
            &lane.allow,
            None,
        );
    }

    fn metric(&mut self, metric: &RawMetric) {
        let mut facts = Vec::new();
        push_fact(
            &mut facts,
            "kind",
            metric.kind.as_ref().map(|kind| kind.value.as_str()),
        );
        let target = metric
            .target
            .as_ref()
            .map(|target| target.value.to_string());
        push_fact(&mut facts, "target", target.as_deref());
        let current = metric
            .current
            .as_ref()
            .map(|current| crate::text::number(current.value));
        push_fact(&mut facts, "current", current.as_deref());
        push_fact(
            &mut facts,
            "unit",
            metric.unit.as_deref().map(String::as_str),
        );
        self.define(
            Kind::Metric,
            &metric.id,
            metric.span.start,
            &metric.name,
            facts,
            &[],
            None,
        );
    }

    /// A string entry: defined here as far as the journey is concerned; [`Index::link`]
    /// finds the library definition.
    fn used(&mut self, kind: Kind, id: &Text) {
        self.definitions.push(Definition {
            kind,
            id: id.value.clone(),
            id_span: id.span,
            mapping_start: id.span.start,
            name: None,
            facts: Vec::new(),
            allow: Vec::new(),
            parent: None,
            used: true,
            origin: None,
        });
    }

    /// Points each string entry at the definition of its id in the used libraries (the
    /// first that has it), taking the library's name and facts.
    pub fn link(&mut self, libraries: &[Library]) {
        for definition in self.definitions.iter_mut().filter(|d| d.used) {
            let found = libraries.iter().find_map(|library| {
                library
                    .index
                    .definitions_of(definition.kind, &definition.id)
                    .next()
                    .map(|found| (library, found))
            });
            if let Some((library, found)) = found {
                definition.name = found.name.clone();
                definition.facts = found.facts.clone();
                definition.origin = Some(Origin {
                    path: library.path.clone(),
                    entry: library.entry.clone(),
                    source: Arc::clone(&library.source),
                    id_span: found.id_span,
                });
            }
        }
    }

    fn touchpoint(
        &mut self,
        touchpoint: &RawTouchpoint,
        stage: Option<&Text>,
        parent: Option<usize>,
    ) {
        let mut facts = Vec::new();
        push_fact(
            &mut facts,
            "lane",
            touchpoint.lane.as_deref().map(String::as_str),
        );
        push_fact(&mut facts, "stage", stage.map(|stage| stage.value.as_str()));
        push_fact(
            &mut facts,
            "channel",
            touchpoint.channel.as_deref().map(String::as_str),
        );
        let emotion = touchpoint
            .emotion
            .as_ref()
            .map(|emotion| emotion.value.to_string());
        push_fact(&mut facts, "emotion", emotion.as_deref());
        self.define(
            Kind::Touchpoint,
            &touchpoint.id,
            touchpoint.span.start,
            &touchpoint.name,
            facts,
            &touchpoint.allow,
            parent,
        );
        if let Some(lane) = &touchpoint.lane {
            self.refer(Kind::Lane, lane);
        }
        self.refer_all(Kind::Metric, &touchpoint.metrics);
        for handoff in &touchpoint.handoffs {
            self.handoff(handoff, touchpoint.id.as_ref());
        }
    }

    fn handoff(&mut self, handoff: &RawHandoff, from: Option<&Text>) {
        if let Some(to) = &handoff.to {
            self.refer(Kind::Touchpoint, to);
        }
        if let Some(from) = from {
            self.handoffs.push(HandoffEntry {
                from: from.value.clone(),
                to: handoff.to.as_ref().map(|to| to.value.clone()),
                mapping_start: handoff.span.start,
                allow: spans(&handoff.allow),
            });
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn define(
        &mut self,
        kind: Kind,
        id: &Option<Text>,
        mapping_start: usize,
        name: &Option<Text>,
        facts: Vec<(&'static str, String)>,
        allow: &[Text],
        parent: Option<usize>,
    ) -> bool {
        let Some(id) = id else { return false };
        self.definitions.push(Definition {
            kind,
            id: id.value.clone(),
            id_span: id.span,
            mapping_start,
            name: name.as_ref().map(|name| name.value.clone()),
            facts,
            allow: spans(allow),
            parent,
            used: false,
            origin: None,
        });
        true
    }

    fn refer(&mut self, kind: Kind, id: &Text) {
        self.references.push(Reference {
            kind,
            id: id.value.clone(),
            span: id.span,
        });
    }

    fn refer_all(&mut self, kind: Kind, ids: &[Text]) {
        for id in ids {
            self.refer(kind, id);
        }
    }

    /// The id under the cursor (a definition or a reference): its kind, id and span. The
    /// end of an id counts as on it, so a cursor right after a word finds it.
    pub fn at(&self, offset: usize) -> Option<(Kind, &str, Span)> {
        let on = |span: Span| span.start <= offset && offset <= span.end;
        self.definitions
            .iter()
            .find(|definition| on(definition.id_span))
            .map(|definition| (definition.kind, definition.id.as_str(), definition.id_span))
            .or_else(|| {
                self.references
                    .iter()
                    .find(|reference| on(reference.span))
                    .map(|reference| (reference.kind, reference.id.as_str(), reference.span))
            })
    }

    pub fn definitions_of<'i>(
        &'i self,
        kind: Kind,
        id: &'i str,
    ) -> impl Iterator<Item = &'i Definition> + 'i {
        self.definitions
            .iter()
            .filter(move |definition| definition.kind == kind && definition.id == id)
    }

    pub fn references_to<'i>(
        &'i self,
        kind: Kind,
        id: &'i str,
    ) -> impl Iterator<Item = &'i Reference> + 'i {
        self.references
            .iter()
            .filter(move |reference| reference.kind == kind && reference.id == id)
    }

    pub fn of_kind(&self, kind: Kind) -> impl Iterator<Item = &Definition> {
        self.definitions
            .iter()
            .filter(move |definition| definition.kind == kind)
    }

    /// Where the element a finding is about keeps its `allow`: its mapping start and
    /// entries. A metric has no `allow` (the journey's covers it), a pain neither (its
    /// touchpoint's does).
    pub fn allow_site(&self, element: &ElementKey) -> Option<(usize, Vec<Span>)> {
        let id = element.id.as_str();
        let (kind, id) = match element.kind {
            ElementKind::Journey | ElementKind::Metric => return self.journey.clone(),
            ElementKind::Lane => (Kind::Lane, id),
            ElementKind::Stage => (Kind::Stage, id),
            ElementKind::Touchpoint => (Kind::Touchpoint, id),
            // A pain has no `allow`: its touchpoint's covers it.
            ElementKind::Pain => (Kind::Touchpoint, id.rsplit_once('/')?.0),
            ElementKind::Handoff => {
                let (from, to) = id.split_once("->")?;
                let handoff = self
                    .handoffs
                    .iter()
                    .find(|handoff| handoff.from == from && handoff.to.as_deref() == Some(to))?;
                return Some((handoff.mapping_start, handoff.allow.clone()));
            }
        };
        // A string entry has no mapping to hold an `allow`: the journey's covers its lane.
        let mut definitions = self.definitions_of(kind, id).peekable();
        definitions.peek()?;
        match definitions.find(|definition| !definition.used) {
            Some(definition) => Some((definition.mapping_start, definition.allow.clone())),
            None => self.journey.clone(),
        }
    }
}

/// A used library as a journey's index sees it.
pub struct Library<'l> {
    pub path: PathBuf,
    pub entry: String,
    pub source: Arc<SourceFile>,
    pub index: &'l Index,
}

fn push_fact(facts: &mut Vec<(&'static str, String)>, label: &'static str, value: Option<&str>) {
    if let Some(value) = value {
        facts.push((label, value.to_string()));
    }
}

fn spans(texts: &[Text]) -> Vec<Span> {
    texts.iter().map(|text| text.span).collect()
}

/// Where the value of a key ending at `key_end` starts: after the `:`, blanks, line breaks
/// and comment lines.
fn value_start(text: &str, key_end: usize) -> usize {
    let mut offset = key_end;
    let bytes = text.as_bytes();
    if bytes.get(offset) == Some(&b':') {
        offset += 1;
    }
    loop {
        match bytes.get(offset) {
            Some(b' ' | b'\t' | b'\r' | b'\n') => offset += 1,
            Some(b'#') => {
                offset = text[offset..]
                    .find('\n')
                    .map_or(text.len(), |index| offset + index);
            }
            _ => return offset.min(text.len()),
        }
    }
}
