//! The command line: argument parsing (clap) and one file per subcommand.

mod diff;
mod explain;
mod export;
mod init;
mod lint;
mod render;
mod report;
mod review;
mod rules;
mod schema;

use crate::diagnostic::FileFindings;
use crate::model::Journey;
use clap::{CommandFactory, Parser, Subcommand};
use std::io::{IsTerminal, Write};
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
    /// List every rule with its default level.
    Rules,
    /// Explain what a rule catches, why it matters and how to fix it.
    Explain(explain::Args),
    /// Print the JSON Schema of journey files.
    Schema,
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
            let _ = error.print();
            return if error.use_stderr() {
                Exit::Usage.into()
            } else {
                Exit::Success.into()
            };
        }
    };
    let exit = match cli.command {
        Command::Lint(args) => lint::run(args),
        Command::Render(args) => render::run(args),
        Command::Rules => rules::run(),
        Command::Explain(args) => explain::run(args),
        Command::Schema => schema::run(),
        Command::Init(args) => init::run(args),
        Command::Diff(args) => diff::run(args),
        Command::Review(args) => review::run(args),
        Command::Report(args) => report::run(args),
        Command::Export(args) => export::run(args),
        Command::Completions { shell } => {
            let mut command = Cli::command();
            clap_complete::generate(shell, &mut command, "jmap", &mut std::io::stdout());
            Exit::Success
        }
    };
    exit.into()
}

/// Prints an error that stops a command before it could run, and returns exit 2.
/// The message goes through [`crate::text::terminal`]: paths and values it names cannot
/// reach the terminal with control characters.
pub fn usage_error(message: impl std::fmt::Display) -> Exit {
    eprintln!("error: {}", crate::text::terminal(&message.to_string()));
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
    let _ = std::io::stderr().write_all(text.as_bytes());
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
    let (name, bytes) = match spec {
        crate::git::Spec::Path(path) => {
            let bytes = std::fs::read(&path).map_err(|error| {
                usage_error(format_args!("cannot read {}: {error}", path.display()))
            })?;
            (display_path(&path), bytes)
        }
        crate::git::Spec::Git { revision, path } => {
            let bytes = crate::git::read_file(&revision, &path).map_err(usage_error)?;
            (format!("{revision}:{path}"), bytes)
        }
    };
    crate::load::load_bytes(&name, bytes).map_err(|errors| {
        print_errors(&errors);
        Exit::Failure
    })
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
        crate::config::ConfigError::Io(path, error) => {
            usage_error(format_args!("cannot read {}: {error}", path.display()))
        }
        crate::config::ConfigError::Invalid(errors) => {
            print_errors(&errors);
            Exit::Usage
        }
    })
}

/// Writes a command's output to `path` atomically (a temp file in the same folder, then a
/// rename, so an interrupted run never leaves half a file), or to stdout when `None`.
pub fn write_output(path: Option<&Path>, bytes: &[u8]) -> Result<(), Exit> {
    let Some(path) = path else {
        let mut stdout = std::io::stdout().lock();
        // A closed pipe is not worth a message.
        let _ = stdout.write_all(bytes).and_then(|()| stdout.flush());
        return Ok(());
    };
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let fail = |error: std::io::Error| {
        usage_error(format_args!("cannot write {}: {error}", path.display()))
    };
    let mut builder = tempfile::Builder::new();
    // A temp file is private (0600) by default; an output file gets the usual 0666 & !umask.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut temp = builder.tempfile_in(folder).map_err(fail)?;
    temp.write_all(bytes).map_err(fail)?;
    temp.persist(path).map_err(|error| fail(error.error))?;
    Ok(())
}
