//! `overrides:` in `.jmap.yaml`: other rule levels and options for the journeys an entry
//! matches (by `files` globs and/or `state`); a later entry wins for the rules it names.

use super::{Config, RuleSettings};
use crate::load::library::normalize;
use crate::load::reader::{Reader, Scalar};
use crate::model::{State, Text};
use crate::source::{Span, Spanned};
use std::borrow::Cow;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

const FIELDS: &[&str] = &["files", "state", "rules"];

#[derive(Debug, Clone)]
pub struct Override {
    /// The globs as written, relative to the folder holding `.jmap.yaml`.
    pub files: Vec<String>,
    matcher: Option<globset::GlobSet>,
    pub state: Option<State>,
    pub rules: HashMap<String, RuleSettings>,
    /// The entry in `.jmap.yaml`.
    pub span: Span,
}

impl Override {
    /// Both `files` (when given) and `state` (when given) match.
    pub fn matches(&self, relative: Option<&Path>, state: State) -> bool {
        let files = match &self.matcher {
            None => true,
            Some(matcher) => relative.is_some_and(|path| matcher.is_match(path)),
        };
        files && self.state.is_none_or(|wanted| wanted == state)
    }
}

/// Where the level in force for a rule comes from, for `jmap config FILE`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleSource {
    Default,
    /// `rules:` of `.jmap.yaml`.
    Rules,
    /// The `overrides:` entry of this index (0-based).
    Override(usize),
}

pub(super) fn read<'a>(
    reader: &mut Reader<'a>,
    key: &Scalar<'a>,
    custom_keys: &mut Vec<Text>,
) -> Vec<Override> {
    let mut overrides = Vec::new();
    reader.list(key, |reader, item| {
        let mut entry = Override {
            files: Vec::new(),
            matcher: None,
            state: None,
            rules: HashMap::new(),
            span: item.span(),
        };
        let mut saw_rules = false;
        let info = reader.mapping(item, "override", FIELDS, |reader, key| {
            match &*key.text {
                "files" => {
                    let list = reader.text_list(key);
                    entry.matcher = matcher(reader, &list);
                    entry.files = list.into_iter().map(|glob| glob.value).collect();
                }
                "state" => {
                    let help = format!("write one of: {}", State::NAMES.join(", "));
                    entry.state = reader
                        .parsed(key, "as-is or to-be", &help, |scalar| State::parse(&scalar.text))
                        .map(|state| state.value);
                }
                "rules" => {
                    saw_rules = true;
                    let node = reader.node();
                    super::read_rules(reader, node, &mut entry.rules, custom_keys);
                }
                _ => {}
            }
        });
        let Some(info) = info else {
            return;
        };
        if info.key("files").is_none() && info.key("state").is_none() {
            reader.schema_error(
                Span::new(info.span.start, info.span.start),
                "an override needs `files` or `state` to say which journeys it applies to",
                "add `files: [\"journeys/as-is/**\"]` or `state: as-is`; for every journey use `rules:` at the top",
            );
        }
        if !saw_rules {
            reader.schema_error(
                Span::new(info.span.start, info.span.start),
                "override is missing required field `rules`",
                "add `rules:` with the levels this override sets, e.g. `rules: { unowned-handoff: warn }`",
            );
        }
        overrides.push(entry);
    });
    overrides
}

fn matcher(reader: &mut Reader<'_>, globs: &[Spanned<String>]) -> Option<globset::GlobSet> {
    let mut set = globset::GlobSetBuilder::new();
    for glob in globs {
        match globset::GlobBuilder::new(&glob.value)
            .literal_separator(true)
            .build()
        {
            Ok(built) => {
                set.add(built);
            }
            Err(error) => reader.schema_error(
                glob.span,
                format!("invalid glob `{}`: {}", glob.value, error.kind()),
                "`*` matches within a folder, `**` across folders; close every `[` and `{`",
            ),
        }
    }
    set.build().ok()
}

impl Config {
    /// The path of a journey relative to the folder holding `.jmap.yaml`, as `overrides`
    /// globs match it. A `REV:PATH` label (git) counts as PATH from the repository root.
    pub fn relative_path(&self, journey_path: &str) -> Option<PathBuf> {
        let cwd = std::env::current_dir().ok()?;
        let root = normalize(&cwd.join(self.root().unwrap_or(Path::new("."))));
        let on_disk = Path::new(journey_path);
        if !on_disk.exists()
            && let Some((_, inside)) = journey_path.split_once(':')
        {
            return Some(normalize(Path::new(inside)));
        }
        normalize(&cwd.join(on_disk))
            .strip_prefix(&root)
            .ok()
            .map(Path::to_path_buf)
    }

    /// The configuration in force for one journey: `rules` with every matching override
    /// applied in order (a later entry wins, per rule, for the level and each option it sets).
    pub fn for_journey(&self, journey_path: &str, state: State) -> Cow<'_, Config> {
        if self.overrides.is_empty() {
            return Cow::Borrowed(self);
        }
        let relative = self.relative_path(journey_path);
        let mut matching = self
            .overrides
            .iter()
            .filter(|entry| entry.matches(relative.as_deref(), state))
            .peekable();
        if matching.peek().is_none() {
            return Cow::Borrowed(self);
        }
        let mut config = self.clone();
        for entry in matching {
            for (name, settings) in &entry.rules {
                let merged = config.rules.entry(name.clone()).or_default();
                merge(merged, settings);
            }
        }
        Cow::Owned(config)
    }

    /// For each rule named anywhere in the configuration: where its level and options in
    /// force for this journey come from.
    pub fn sources_for(&self, journey_path: &str, state: State) -> HashMap<String, RuleSource> {
        let mut sources: HashMap<String, RuleSource> = self
            .rules
            .keys()
            .map(|name| (name.clone(), RuleSource::Rules))
            .collect();
        let relative = self.relative_path(journey_path);
        for (index, entry) in self.overrides.iter().enumerate() {
            if entry.matches(relative.as_deref(), state) {
                for name in entry.rules.keys() {
                    sources.insert(name.clone(), RuleSource::Override(index));
                }
            }
        }
        sources
    }
}

fn merge(into: &mut RuleSettings, from: &RuleSettings) {
    if let Some(level) = from.level {
        into.level = Some(level);
    }
    for (name, value) in &from.options {
        match into.options.iter_mut().find(|(known, _)| known == name) {
            Some(option) => option.1 = *value,
            None => into.options.push((name.clone(), *value)),
        }
    }
}
