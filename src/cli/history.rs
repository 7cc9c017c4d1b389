//! `jmap history FILE`: each commit that changed a journey, with its numbers.

use super::{Exit, usage_error};
use crate::history::{self, output::Format};
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The journey file (its history follows renames).
    file: PathBuf,
    /// Only the commits after this revision (`REV..HEAD`).
    #[arg(long, value_name = "REV")]
    since: Option<String>,
    /// text (a terminal table), markdown, json or csv.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Write the history here instead of stdout.
    #[arg(short, long, value_name = "OUT")]
    output: Option<PathBuf>,
    /// Use this configuration instead of the discovered .jmap.yaml.
    #[arg(long, value_name = "PATH")]
    config: Option<PathBuf>,
}

pub fn run(args: Args) -> Exit {
    match history(args) {
        Ok(()) => Exit::Success,
        Err(exit) => exit,
    }
}

fn history(args: Args) -> Result<(), Exit> {
    let config = super::load_config(args.config.as_ref())?;
    let today = super::today()?;
    let history = collect(&args.file, args.since.as_deref(), &config, today)?;
    let text = history::output::render(&history, args.format);
    super::write_output(args.output.as_deref(), text.as_bytes())
}

/// The history of a journey file; git problems and a file git never saw are exit 2.
pub fn collect(
    file: &std::path::Path,
    since: Option<&str>,
    config: &crate::config::Config,
    today: jiff::civil::Date,
) -> Result<history::History, Exit> {
    let history = history::collect(file, since, config, today).map_err(usage_error)?;
    if history.rows.is_empty() && !file.exists() {
        return Err(usage_error(format_args!(
            "{}: no such file, and no commit ever changed it",
            file.display()
        )));
    }
    Ok(history)
}
