//! `jmap report FILE`: the markdown (or terminal text) report about one journey.

use super::{Exit, usage_error};
use crate::report::{self, MetricsOverlay};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Markdown,
    Text,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The journey file, or `REV:PATH` for the file at a git revision
    /// (e.g. `HEAD~1:journeys/onboarding.journey.yaml`).
    file: PathBuf,
    /// Write the report here instead of stdout.
    #[arg(short, long, value_name = "OUT")]
    output: Option<PathBuf>,
    /// markdown (GitHub-flavoured, for a wiki or a pull request) or text (terminal tables).
    #[arg(long, value_enum, default_value_t = Format::Markdown)]
    format: Format,
    /// Current metric values from a CRM or survey export: a CSV with the header
    /// `metric,value` or `metric,value,date`; they replace the journey's `current` values.
    #[arg(long, value_name = "FILE.csv")]
    metrics: Option<PathBuf>,
    /// Link a rendered map (e.g. from `jmap render`) as an image at the top of the report.
    #[arg(long, value_name = "PATH")]
    svg: Option<String>,
    /// Use this configuration instead of the discovered .jmap.yaml.
    #[arg(long, value_name = "PATH")]
    config: Option<PathBuf>,
}

pub fn run(args: Args) -> Exit {
    match report(args) {
        Ok(()) => Exit::Success,
        Err(exit) => exit,
    }
}

fn report(args: Args) -> Result<(), Exit> {
    let config = super::load_config(args.config.as_ref())?;
    let today = super::today()?;
    let csv = match &args.metrics {
        Some(path) => Some(read_csv(path)?),
        None => None,
    };
    let mut journey = super::load_journey(&args.file)?;
    let overlay = match &csv {
        Some((path, text)) => {
            // A malformed metrics file is a bad argument: exit 2, nothing written.
            let overlay = MetricsOverlay::read(&journey, text, path).map_err(usage_error)?;
            for warning in &overlay.warnings {
                eprintln!("warning: {}", crate::text::terminal(warning));
            }
            overlay.apply(&mut journey);
            Some(overlay)
        }
        None => None,
    };
    let findings = crate::lint::lint(&journey, &config, today);
    let input = report::Input {
        journey: &journey,
        findings: &findings,
        today,
        metrics: overlay.as_ref(),
        svg: args.svg.as_deref(),
    };
    let document = match args.format {
        Format::Markdown => report::markdown(&input),
        Format::Text => report::text(&input, text_width(args.output.is_none())),
    };
    super::write_output(args.output.as_deref(), document.as_bytes())
}

/// The metrics CSV's display path and text; unreadable or not UTF-8 is exit 2.
fn read_csv(path: &Path) -> Result<(String, String), Exit> {
    let display = super::display_path(path);
    let bytes = std::fs::read(path)
        .map_err(|error| usage_error(format_args!("cannot read {}: {error}", path.display())))?;
    match String::from_utf8(bytes) {
        Ok(text) => Ok((display, text)),
        Err(error) => {
            let valid = error.utf8_error().valid_up_to();
            let line = error.as_bytes()[..valid]
                .iter()
                .filter(|&&byte| byte == b'\n')
                .count()
                + 1;
            Err(usage_error(format_args!(
                "{display}:{line}: the file is not valid UTF-8"
            )))
        }
    }
}

/// The terminal's width when the report goes to one; a fixed width otherwise, so the
/// output does not depend on where it was produced.
fn text_width(to_stdout: bool) -> u16 {
    const DEFAULT: u16 = 120;
    if to_stdout && let Some(width) = comfy_table::Table::new().width() {
        return width.max(60);
    }
    DEFAULT
}
