//! `jmap config FILE`: the rule levels and options in force for one journey, and where
//! each comes from (default, `rules:`, or an `overrides` entry).

use super::{Exit, usage_error};
use crate::config::{LevelSetting, RuleSource};
use comfy_table::{ContentArrangement, Table, presets::UTF8_FULL_CONDENSED};
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A journey file.
    file: PathBuf,
    /// Use this configuration instead of the discovered .jmap.yaml.
    #[arg(long, value_name = "PATH")]
    config: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
}

pub fn level_name(level: LevelSetting) -> &'static str {
    match level {
        LevelSetting::Error => "error",
        LevelSetting::Warn => "warning",
        LevelSetting::Off => "off",
    }
}

pub fn run(args: Args) -> Exit {
    match run_inner(args) {
        Ok(exit) | Err(exit) => exit,
    }
}

fn run_inner(args: Args) -> Result<Exit, Exit> {
    let config = super::load_config(args.config.as_ref())?;
    let journey = super::load_journey(&args.file)?;
    let path = journey.source.path.clone();
    let state = journey.meta.state;
    let effective = config.for_journey(&path, state);
    let sources = config.sources_for(&path, state);
    let custom: Vec<&str> = config.custom_rules.iter().map(|rule| rule.name).collect();
    let mut rows = Vec::new();
    for meta in crate::rules::all_meta().filter(|meta| meta.silenceable) {
        if meta.name.starts_with("custom/") && !custom.contains(&meta.name) {
            continue;
        }
        let settings = effective.rule(meta.name);
        let level = match settings.and_then(|settings| settings.level) {
            Some(level) => level_name(level),
            None => meta.default_level.as_str(),
        };
        let options: Vec<(String, f64)> = meta
            .options
            .iter()
            .map(|option| {
                let value = settings
                    .and_then(|settings| settings.option(option.name))
                    .unwrap_or(option.default);
                (option.name.to_string(), value)
            })
            .collect();
        let source = match sources
            .get(meta.name)
            .copied()
            .unwrap_or(RuleSource::Default)
        {
            RuleSource::Default if meta.name.starts_with("custom/") => "custom-rules".to_string(),
            RuleSource::Default => "default".to_string(),
            RuleSource::Rules => "rules".to_string(),
            RuleSource::Override(index) => {
                let line = config
                    .source
                    .as_ref()
                    .zip(config.overrides.get(index))
                    .map(|(source, entry)| source.line_col(entry.span.start).line)
                    .unwrap_or(0);
                format!("overrides[{index}] (line {line})")
            }
        };
        rows.push((meta.name, level, options, source));
    }
    let text = match args.format {
        Format::Json => {
            let rules: Vec<serde_json::Value> = rows
                .iter()
                .map(|(name, level, options, source)| {
                    serde_json::json!({
                        "rule": name,
                        "level": level,
                        "options": options
                            .iter()
                            .map(|(name, value)| (name.clone(), serde_json::json!(value)))
                            .collect::<serde_json::Map<_, _>>(),
                        "from": source,
                    })
                })
                .collect();
            let document = serde_json::json!({
                "file": path,
                "state": state.as_str(),
                "config": config.path.as_ref().map(|path| path.display().to_string()),
                "rules": rules,
            });
            let mut json = serde_json::to_string_pretty(&document)
                .map_err(|error| usage_error(format_args!("cannot write JSON: {error}")))?;
            json.push('\n');
            json
        }
        Format::Text => {
            let mut table = Table::new();
            table
                .load_style(UTF8_FULL_CONDENSED)
                .set_content_arrangement(ContentArrangement::Dynamic)
                .set_header(["rule", "level", "options", "from"]);
            for (name, level, options, source) in &rows {
                let options: Vec<String> = options
                    .iter()
                    .map(|(name, value)| format!("{name}: {}", crate::text::number(*value)))
                    .collect();
                table.add_row([
                    name.to_string(),
                    level.to_string(),
                    options.join(", "),
                    source.clone(),
                ]);
            }
            let config_path = config
                .path
                .as_ref()
                .map_or("no .jmap.yaml (defaults)".to_string(), |path| {
                    path.display().to_string()
                });
            format!(
                "Rules in force for {} (state {}), from {}:\n{table}\n",
                crate::cli::display_path(std::path::Path::new(&path)),
                state.as_str(),
                config_path
            )
        }
    };
    super::write_output(None, text.as_bytes())?;
    Ok(Exit::Success)
}
