//! `jmap explain RULE`: the rule's documentation.

use super::{Exit, usage_error};
use crate::text::did_you_mean;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A rule name, as `jmap rules` lists them.
    rule: String,
}

pub fn run(args: Args) -> Exit {
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
    println!(
        "# {}\n\n{}. {level}.\n",
        meta.name,
        crate::text::capitalize(meta.summary)
    );
    print!("{}", meta.explanation);
    if !meta.options.is_empty() && !meta.explanation.contains("## Options") {
        println!("\n## Options\n");
        for option in meta.options {
            println!(
                "- `{}` (default {}): {}",
                option.name, option.default, option.description
            );
        }
    }
    Exit::Success
}
