//! `jmap explain RULE`: the rule's documentation.

use super::{Exit, usage_error};
use crate::text::did_you_mean;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A rule name, as `jmap rules` lists them (`custom/ID` for a custom rule).
    rule: String,
    /// Use this configuration instead of the discovered .jmap.yaml (for custom rules).
    #[arg(long, value_name = "PATH")]
    config: Option<std::path::PathBuf>,
}

pub fn run(args: Args) -> Exit {
    // Custom rules are defined by `.jmap.yaml`: reading it registers them.
    if args.rule.starts_with("custom/") || args.config.is_some() {
        let config = match super::load_config(args.config.as_ref()) {
            Ok(config) => config,
            Err(exit) => return exit,
        };
        let known = config
            .custom_rules
            .iter()
            .any(|rule| rule.name == args.rule);
        if args.rule.starts_with("custom/") && !known {
            let names: Vec<&str> = config.custom_rules.iter().map(|rule| rule.name).collect();
            return match did_you_mean(&args.rule, &names) {
                Some(suggestion) => usage_error(format_args!(
                    "unknown custom rule `{}`; did you mean `{suggestion}`?",
                    args.rule
                )),
                None => usage_error(format_args!(
                    "unknown custom rule `{}`; `jmap rules` lists the custom rules of .jmap.yaml",
                    args.rule
                )),
            };
        }
    }
    let Some(meta) = crate::rules::find_meta(&args.rule) else {
        let names: Vec<&str> = crate::rules::all_meta().map(|meta| meta.name).collect();
        return match did_you_mean(&args.rule, &names) {
            Some(suggestion) => usage_error(format_args!(
                "unknown rule `{}`; did you mean `{suggestion}`?",
                args.rule
            )),
            None => usage_error(format_args!(
                "unknown rule `{}`; `jmap rules` lists them",
                args.rule
            )),
        };
    };
    let level = if meta.silenceable {
        format!("Default level: {}", meta.default_level.as_str())
    } else {
        "Level: error, cannot be silenced".to_string()
    };
    let mut text = format!(
        "# {}\n\n{}. {level}.\n\n{}",
        meta.name,
        crate::text::capitalize(meta.summary),
        meta.explanation
    );
    if !meta.options.is_empty() && !meta.explanation.contains("## Options") {
        text.push_str("\n## Options\n\n");
        for option in meta.options {
            text.push_str(&format!(
                "- `{}` (default {}): {}\n",
                option.name, option.default, option.description
            ));
        }
    }
    if let Some(fix) = crate::rules::fix_meta(meta.name) {
        let how = match fix.applicability {
            crate::fix::Applicability::Safe => "`jmap lint --fix` applies it",
            crate::fix::Applicability::Unsafe => "`jmap lint --unsafe-fixes` applies it",
        };
        text.push_str(&format!(
            "\n## Automatic fix ({})\n\n{}; {how}, and editors offer it as a code action \
             (`jmap lsp`).\n",
            fix.applicability.as_str(),
            crate::text::capitalize(fix.description)
        ));
    }
    match super::write_output(None, text.as_bytes()) {
        Ok(()) => Exit::Success,
        Err(exit) => exit,
    }
}
