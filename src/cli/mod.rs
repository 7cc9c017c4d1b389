//! The command line: argument parsing (clap) and one file per subcommand.

mod config;
mod diff;
mod explain;
mod export;
mod history;
mod init;
pub mod io;
mod lint;
mod metrics;
mod render;
mod report;
mod review;
mod rules;
mod schema;

use crate::diagnostic::FileFindings;
use crate::model::Journey;
use clap::{CommandFactory, Parser, Subcommand};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// What a command ends with: the contract's exit codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// 0: done.
    Success,
    /// 1: lint errors, a journey that could not be loaded, or a failed gate.
    Failure,
    /// 2: the command could not run (arguments, missing file, bad config).
    Usage,
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> ExitCode {
        ExitCode::from(match exit {
            Exit::Success => 0,
            Exit::Failure => 1,
            Exit::Usage => 2,
        })
    }
}

#[derive(Debug, Parser)]
#[command(
    name = "jmap",
    version,
    about = "Customer journey maps as code: lint, render, report, diff."
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Lint journey files (every *.journey.yaml under the current folder by default).
    Lint(lint::Args),
    /// Draw journeys as SVG swimlane maps.
    Render(render::Args),
    /// List every rule with its default level (and the custom rules of .jmap.yaml).
    Rules(rules::Args),
    /// Show the rule levels and options in force for one journey file, and where each
    /// comes from (.jmap.yaml `rules:` or an `overrides` entry).
    Config(config::Args),
    /// Explain what a rule catches, why it matters and how to fix it.
    Explain(explain::Args),
    /// Print the JSON Schema of journey files (or of library files, or of .jmap.yaml).
    Schema(schema::Args),
    /// Write a starter journey that lints clean.
    Init(init::Args),
    /// Compare two journeys by element id (each a path or REV:PATH).
    Diff(diff::Args),
    /// Lint and diff the journey files changed since a git revision: one PR comment.
    Review(review::Args),
    /// Write a markdown (or terminal text) report about a journey for a delivery lead.
    Report(report::Args),
    /// Export a journey as JSON, CSV or a Mermaid diagram for other tools.
    Export(export::Args),
    /// Compute metrics from the survey/CRM exports in .jmap.yaml `sources`; `--write` them.
    Metrics(metrics::Args),
    /// Each commit that changed a journey: metrics, findings, unowned handoffs, emotion.
    History(history::Args),
    /// Run the language server on stdin/stdout (diagnostics, completion, hover, rename...).
    Lsp,
    /// Print shell completions.
    Completions {
        /// bash, zsh, fish, elvish or powershell
        shell: clap_complete::Shell,
    },
}

pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            // `--help` and `--version` print to stdout: a write error there is exit 2 as
            // for any output, a closed pipe is quiet.
            let printed = error.print();
            return if error.use_stderr() {
                Exit::Usage.into()
            } else {
                match printed {
                    Err(write) if write.kind() != std::io::ErrorKind::BrokenPipe => {
                        usage_error(format_args!("cannot write to stdout: {write}")).into()
                    }
                    _ => Exit::Success.into(),
                }
            };
        }
    };
    let exit = match cli.command {
        Command::Lint(args) => lint::run(args),
        Command::Render(args) => render::run(args),
        Command::Rules(args) => rules::run(args),
        Command::Config(args) => config::run(args),
        Command::Explain(args) => explain::run(args),
        Command::Schema(args) => schema::run(args),
        Command::Lsp => match crate::lsp::run() {
            Ok(()) => Exit::Success,
            Err(error) => usage_error(format_args!("language server: {error}")),
        },
        Command::Init(args) => init::run(args),
        Command::Diff(args) => diff::run(args),
        Command::Review(args) => review::run(args),
        Command::Report(args) => report::run(args),
        Command::Export(args) => export::run(args),
        Command::Metrics(args) => metrics::run(args),
        Command::History(args) => history::run(args),
        Command::Completions { shell } => {
            let mut command = Cli::command();
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut command, "jmap", &mut script);
            match write_output(None, &script) {
                Ok(()) => Exit::Success,
                Err(exit) => exit,
            }
        }
    };
    exit.into()
}

/// Prints an error that stops a command before it could run, and returns exit 2.
/// The message goes through [`crate::text::terminal`]: paths and values it names cannot
/// reach the terminal with control characters.
pub fn usage_error(message: impl std::fmt::Display) -> Exit {
    io::note(format_args!(
        "error: {}",
        crate::text::terminal(&message.to_string())
    ));
    Exit::Usage
}

/// Colour for the human format: only on a terminal, and never when `NO_COLOR` is set.
pub fn use_color(stream_is_terminal: bool) -> bool {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|value| !value.is_empty());
    stream_is_terminal && !no_color
}

/// Prints load errors (or config errors) in the human format on stderr.
pub fn print_errors(errors: &FileFindings) {
    let color = use_color(std::io::stderr().is_terminal());
    let text = crate::output::human::render_file(errors, color);
    io::note_bytes(text.as_bytes());
}

/// Reads and loads one journey for commands other than lint: a missing file is exit 2,
/// a journey that does not load is printed and exit 1.
///
/// `path` may also be `REV:PATH`, a file at a git revision, as `diff` takes it (an
/// existing file always wins): an unknown revision or path is exit 2. Errors then name the
/// file `REV:PATH`.
pub fn load_journey(path: &Path) -> Result<Journey, Exit> {
    let spec = match path.to_str() {
        Some(argument) => crate::git::Spec::parse(argument),
        None => crate::git::Spec::Path(path.to_path_buf()),
    };
    match spec {
        crate::git::Spec::Path(path) => {
            let bytes = read_journey(&path)?;
            let libraries = crate::load::library::FileSystem;
            crate::load::load_bytes_with(&display_path(&path), bytes, &libraries)
                .map_err(|failure| print_failure(&failure))
        }
        crate::git::Spec::Git { revision, path } => {
            let bytes = crate::git::read_file(&revision, &path).map_err(usage_error)?;
            // Its libraries are read at the same revision.
            let libraries = crate::git::RevisionLibraries::new(&revision);
            crate::load::load_bytes_with(&format!("{revision}:{path}"), bytes, &libraries)
                .map_err(|failure| print_failure(&failure))
        }
    }
}

/// Prints why a journey did not load (its errors, then each broken library's); exit 1.
pub fn print_failure(failure: &crate::load::LoadFailure) -> Exit {
    for file in failure.files() {
        print_errors(file);
    }
    Exit::Failure
}

/// A journey file's bytes (one more than the limit at most: the loader reports a file that
/// is too large as a located error); a file that cannot be read is exit 2.
pub fn read_journey(path: &Path) -> Result<Vec<u8>, Exit> {
    crate::input::read_capped(path, crate::input::JOURNEY)
        .map_err(|error| io::read_error(path, &error))
}

/// A path as users wrote it, without a leading `./`.
pub fn display_path(path: &Path) -> String {
    let text = path.to_string_lossy();
    text.strip_prefix("./").unwrap_or(&text).to_string()
}

/// Today's date for `stale-review`; `JMAP_TODAY=YYYY-MM-DD` fixes it for reproducible runs.
pub fn today() -> Result<jiff::civil::Date, Exit> {
    if let Ok(text) = std::env::var("JMAP_TODAY") {
        return text.parse().map_err(|_| {
            usage_error(format_args!("JMAP_TODAY={text} is not a date (YYYY-MM-DD)"))
        });
    }
    Ok(jiff::Timestamp::now()
        .to_zoned(jiff::tz::TimeZone::UTC)
        .date())
}

/// Loads `.jmap.yaml` (or `--config`), printing errors; a bad config is exit 2.
pub fn load_config(explicit: Option<&PathBuf>) -> Result<crate::config::Config, Exit> {
    let start = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    crate::config::load(explicit.map(PathBuf::as_path), &start).map_err(|error| match error {
        crate::config::ConfigError::Io(path, error) => io::read_error(&path, &error),
        crate::config::ConfigError::Invalid(errors) => {
            print_errors(&errors);
            Exit::Usage
        }
    })
}

pub use io::{write_output, write_output_with};
