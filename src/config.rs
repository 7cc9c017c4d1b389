//! `.jmap.yaml`: rule levels and options, and which files `jmap lint` reads.
//!
//! Found by walking up from the current directory to the git root (the folder holding
//! `.git`); `--config PATH` overrides. Read with the same event reader as journeys, so a
//! bad config gets the same located errors (and exit 2).

mod custom_rules;
pub mod files;
mod overrides;

pub use overrides::{Override, RuleSource};

use crate::diagnostic::FileFindings;
use crate::load::reader::{Node, Reader};
use crate::rules::{self, OptionKind};
use crate::source::{SourceFile, Spanned};
use crate::text::did_you_mean;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub const CONFIG_FILE: &str = ".jmap.yaml";
const FIELDS: &[&str] = &[
    "include",
    "exclude",
    "rules",
    "overrides",
    "custom-rules",
    "sources",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LevelSetting {
    Error,
    Warn,
    Off,
}

impl LevelSetting {
    const NAMES: &[&str] = &["error", "warn", "off"];
    fn parse(text: &str) -> Option<Self> {
        match text {
            "error" => Some(LevelSetting::Error),
            "warn" | "warning" => Some(LevelSetting::Warn),
            "off" => Some(LevelSetting::Off),
            _ => None,
        }
    }
}

#[derive(Debug, Default, Clone)]
pub struct RuleSettings {
    pub level: Option<LevelSetting>,
    pub options: Vec<(String, f64)>,
}

impl RuleSettings {
    pub fn option(&self, name: &str) -> Option<f64> {
        self.options
            .iter()
            .find(|(option, _)| option == name)
            .map(|(_, value)| *value)
    }
}

#[derive(Debug, Default, Clone)]
pub struct Config {
    /// The file this came from; `None` for the defaults.
    pub path: Option<PathBuf>,
    pub include: Vec<String>,
    pub exclude: Vec<String>,
    pub rules: HashMap<String, RuleSettings>,
    /// `overrides:`, in the order written (a later entry wins).
    pub overrides: Vec<Override>,
    /// `custom-rules:`, compiled.
    pub custom_rules: Vec<crate::rules::custom::CustomRule>,
    /// Where the `sources:` value is in [`Config::source`] (read by `jmap metrics`).
    pub sources: Option<crate::source::Span>,
    /// The configuration's text, for tools that read a section themselves.
    pub source: Option<Arc<SourceFile>>,
}

impl Config {
    pub fn rule(&self, name: &str) -> Option<&RuleSettings> {
        self.rules.get(name)
    }

    /// The folder relative to which `include`/`exclude` globs are matched.
    pub fn root(&self) -> Option<&Path> {
        self.path.as_deref().and_then(Path::parent)
    }
}

/// Why a configuration could not be used.
#[derive(Debug)]
pub enum ConfigError {
    Io(PathBuf, crate::input::InputError),
    Invalid(FileFindings),
}

/// Finds `.jmap.yaml` from `start` upwards, stopping at the git root.
pub fn discover(start: &Path) -> Option<PathBuf> {
    for folder in start.ancestors() {
        let candidate = folder.join(CONFIG_FILE);
        if candidate.is_file() {
            return Some(candidate);
        }
        if folder.join(".git").exists() {
            return None;
        }
    }
    None
}

/// Loads the configuration named by `--config`, or the one discovered, or the defaults.
pub fn load(explicit: Option<&Path>, start: &Path) -> Result<Config, ConfigError> {
    let Some(path) = explicit.map(Path::to_path_buf).or_else(|| discover(start)) else {
        return Ok(Config::default());
    };
    let bytes = crate::input::read(&path, crate::input::CONFIG)
        .map_err(|error| ConfigError::Io(path.clone(), error))?;
    let text = String::from_utf8(bytes).map_err(|error| {
        ConfigError::Io(
            path.clone(),
            crate::input::InputError::Io(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!("not valid UTF-8 ({})", error.utf8_error()),
            )),
        )
    })?;
    parse(&path, &text).map_err(ConfigError::Invalid)
}

pub fn parse(path: &Path, text: &str) -> Result<Config, FileFindings> {
    let source = Arc::new(SourceFile::new(path.display().to_string(), text));
    let mut config = Config {
        path: Some(path.to_path_buf()),
        ..Config::default()
    };
    let mut reader = Reader::new(&source, text);
    let mut custom_keys = Vec::new();
    if let Some(root) = reader.document() {
        reader.mapping(root, "`.jmap.yaml`", FIELDS, |reader, key| {
            match &*key.text {
                "include" => {
                    let list = reader.text_list(key);
                    config.include = globs(reader, list);
                }
                "exclude" => {
                    let list = reader.text_list(key);
                    config.exclude = globs(reader, list);
                }
                "rules" => {
                    let node = reader.node();
                    read_rules(reader, node, &mut config.rules, &mut custom_keys);
                }
                "overrides" => {
                    config.overrides = overrides::read(reader, key, &mut custom_keys);
                }
                "custom-rules" => {
                    config.custom_rules = custom_rules::read(reader, key);
                }
                "sources" => {
                    // Read by `jmap metrics`; kept as a span into the text here.
                    let node = reader.node();
                    config.sources = Some(node.span());
                    reader.skip(node);
                }
                _ => {}
            }
        });
        reader.finish();
    }
    custom_rules::check_named(&mut reader, &config.custom_rules, &custom_keys);
    let mut errors = std::mem::take(&mut reader.errors);
    config.source = Some(Arc::clone(&source));
    if errors.is_empty() {
        Ok(config)
    } else {
        for error in &mut errors {
            error.rule = "config";
        }
        let mut findings = FileFindings {
            source,
            findings: errors,
        };
        findings.sort();
        Err(findings)
    }
}

/// The patterns of `include`/`exclude`; a pattern that is not a glob is an error at it.
fn globs(reader: &mut Reader<'_>, list: Vec<Spanned<String>>) -> Vec<String> {
    let mut patterns = Vec::with_capacity(list.len());
    for item in list {
        match globset::Glob::new(&item.value) {
            Ok(_) => patterns.push(item.value),
            Err(error) => reader.schema_error(
                item.span,
                format!("invalid glob `{}`: {}", item.value, error.kind()),
                "`*` matches within a folder, `**` across folders; close every `[` and `{`",
            ),
        }
    }
    patterns
}

fn read_rules<'a>(
    reader: &mut Reader<'a>,
    node: Node<'a>,
    rules: &mut HashMap<String, RuleSettings>,
    custom_keys: &mut Vec<crate::model::Text>,
) {
    let names = rules::silenceable_names();
    let mut known_keys: Vec<&str> = names.clone();
    // Unknown rule names are reported by hand below, with a suggestion; accept every key here.
    let Node::Mapping(_) = node else {
        reader.wrong_type(&node, "`rules` must be a mapping of rule names", "");
        reader.skip(node);
        return;
    };
    while let Some(key) = reader.next_key() {
        if key.text.starts_with("custom/") {
            // Checked once every custom rule is read (`custom-rules` may come later).
            custom_keys.push(Spanned::new(key.text.to_string(), key.span));
            let mut settings = RuleSettings::default();
            match reader.node() {
                Node::Scalar(scalar) => settings.level = level(reader, &scalar.text, scalar.span),
                other => {
                    reader.wrong_type(&other, "a custom rule's setting must be a level", "");
                    reader.skip(other);
                }
            }
            rules.insert(key.text.to_string(), settings);
            continue;
        }
        let Some(meta) = rules::find_meta(&key.text)
            .filter(|meta| meta.silenceable && !meta.name.starts_with("custom/"))
        else {
            let help = match did_you_mean(&key.text, &known_keys) {
                Some(suggestion) => format!("did you mean `{suggestion}`?"),
                None if rules::find_meta(&key.text).is_some() => {
                    "load errors cannot be configured or silenced".to_string()
                }
                None => "`jmap rules` lists the rule names".to_string(),
            };
            reader.schema_error(key.span, format!("unknown rule `{}`", key.text), help);
            let value = reader.node();
            reader.skip(value);
            continue;
        };
        known_keys.retain(|name| *name != meta.name);
        let mut settings = RuleSettings::default();
        match reader.node() {
            Node::Scalar(scalar) => settings.level = level(reader, &scalar.text, scalar.span),
            Node::Mapping(span) => {
                let option_names: Vec<&str> = std::iter::once("level")
                    .chain(meta.options.iter().map(|option| option.name))
                    .collect();
                reader.mapping(
                    Node::Mapping(span),
                    &format!("rule `{}`", meta.name),
                    &option_names,
                    |reader, key| {
                        if &*key.text == "level" {
                            if let Node::Scalar(scalar) = reader.node() {
                                settings.level = level(reader, &scalar.text, scalar.span);
                            } else {
                                reader.schema_error(
                                    key.span,
                                    "`level` must be error, warn or off",
                                    "write `level: warn`",
                                );
                            }
                        } else if let Some(value) = reader.number(key) {
                            // `mapping` only hands over declared names: the option exists.
                            let kind = meta
                                .options
                                .iter()
                                .find(|option| option.name == &*key.text)
                                .map(|option| option.kind);
                            if value.value < 0.0 {
                                reader.schema_error(
                                    value.span,
                                    format!("`{}` must not be negative", key.text),
                                    "use 0 or more",
                                );
                            } else if kind == Some(OptionKind::Count) && value.value.fract() != 0.0
                            {
                                reader.schema_error(
                                    value.span,
                                    format!("`{}` must be a whole number", key.text),
                                    format!("`{}` is {}", key.text, OptionKind::Count.as_str()),
                                );
                            }
                            settings.options.push((key.text.to_string(), value.value));
                        }
                    },
                );
            }
            other => {
                reader.wrong_type(&other, "a rule setting must be a level or a mapping", "");
                reader.skip(other);
            }
        }
        rules.insert(meta.name.to_string(), settings);
    }
}

fn level(reader: &mut Reader<'_>, text: &str, span: crate::source::Span) -> Option<LevelSetting> {
    let parsed = LevelSetting::parse(text);
    if parsed.is_none() {
        let help = match did_you_mean(text, LevelSetting::NAMES) {
            Some(suggestion) => format!("did you mean `{suggestion}`?"),
            None => "write error, warn or off".to_string(),
        };
        reader.schema_error(span, format!("unknown level `{text}`"), help);
    }
    parsed
}
