//! `jmap rules`: a table of every rule, the custom rules of `.jmap.yaml` included.

use super::Exit;
use comfy_table::{ContentArrangement, Table, presets::UTF8_FULL_CONDENSED};
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Use this configuration instead of the discovered .jmap.yaml: its custom rules are
    /// listed, and the `level` column shows the levels its `rules:` set.
    #[arg(long, value_name = "PATH")]
    config: Option<PathBuf>,
}

pub fn run(args: Args) -> Exit {
    let config = match super::load_config(args.config.as_ref()) {
        Ok(config) => config,
        Err(exit) => return exit,
    };
    let mut table = Table::new();
    table
        .load_style(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(["rule", "default", "level", "catches"]);
    let custom: Vec<&str> = config.custom_rules.iter().map(|rule| rule.name).collect();
    for meta in crate::rules::all_meta() {
        // Registered custom rules of other configurations are not this one's.
        if meta.name.starts_with("custom/") && !custom.contains(&meta.name) {
            continue;
        }
        let default = if meta.silenceable {
            meta.default_level.as_str().to_string()
        } else {
            "error (always)".to_string()
        };
        let level = match config.rule(meta.name).and_then(|settings| settings.level) {
            Some(level) => super::config::level_name(level).to_string(),
            None => default.clone(),
        };
        table.add_row([meta.name, &default, &level, meta.summary]);
    }
    let mut text = format!("{table}\n");
    if !config.overrides.is_empty() {
        text.push_str(&format!(
            "{} override{} may change levels per file: `jmap config FILE` shows the levels in force for one.\n",
            config.overrides.len(),
            if config.overrides.len() == 1 { "" } else { "s" }
        ));
    }
    text.push_str(
        "Run `jmap explain RULE` for what a rule catches, why it matters and how to fix it.\n",
    );
    match super::write_output(None, text.as_bytes()) {
        Ok(()) => Exit::Success,
        Err(exit) => exit,
    }
}
