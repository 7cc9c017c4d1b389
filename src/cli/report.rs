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
    /// Add a trend section from the file's git history: each metric's `current` and the
    /// finding counts over the commits that changed it (see `jmap history`).
    #[arg(long)]
    history: bool,
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
    let svg = match &args.svg {
        Some(svg) => Some(svg_link(svg, args.output.as_deref()).map_err(usage_error)?),
        None => None,
    };
    if let Some(path) = &args.output {
        let mut inputs: Vec<&Path> = vec![&args.file];
        inputs.extend(args.metrics.as_deref());
        inputs.extend(args.config.as_deref());
        let output = super::io::Output { flag: "-o", path };
        super::io::refuse_overwriting_inputs(&[output], &inputs)?;
    }
    let config = super::load_config(args.config.as_ref())?;
    if let (Some(path), Some(config_path)) = (&args.output, &config.path) {
        let output = super::io::Output { flag: "-o", path };
        super::io::refuse_overwriting_inputs(&[output], &[config_path])?;
    }
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
                super::io::note(format_args!("warning: {}", crate::text::terminal(warning)));
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
        svg: svg.as_deref(),
    };
    let mut document = match args.format {
        Format::Markdown => report::markdown(&input),
        Format::Text => report::text(&input, super::io::text_width(args.output.is_none())),
    };
    if args.history {
        let history = super::history::collect(&args.file, None, &config, today)?;
        if !document.ends_with("\n\n") {
            document.push('\n');
        }
        document.push_str(&match args.format {
            Format::Markdown => crate::history::trend::markdown(&history),
            Format::Text => crate::history::trend::text(&history),
        });
    }
    super::write_output(args.output.as_deref(), document.as_bytes())
}

/// The `--svg` map as the report links it: relative to the report's own folder (`-o
/// out/report.md --svg map.svg` links `../map.svg`; on stdout, to the current folder).
/// Only a relative path becomes a link: a URL (`https:`, `javascript:`), a
/// protocol-relative `//host/x.svg` or an absolute path would make a reader's browser
/// fetch something from elsewhere, and is refused.
pub fn svg_link(svg: &str, report: Option<&Path>) -> Result<String, String> {
    let has_scheme = svg
        .split_once(':')
        .is_some_and(|(scheme, _)| !scheme.is_empty() && !scheme.contains(['/', '\\']));
    if svg.is_empty() || has_scheme || svg.starts_with(['/', '\\']) || Path::new(svg).is_absolute()
    {
        return Err(format!(
            "--svg {}: give the map as a relative path (it is linked relative to the report), not a URL or an absolute path",
            crate::text::terminal(svg)
        ));
    }
    let Some(report) = report else {
        return Ok(svg.to_string());
    };
    let cwd = std::env::current_dir()
        .map_err(|error| format!("cannot read the current folder: {error}"))?;
    let folder = match report.parent() {
        Some(parent) => cwd.join(parent),
        None => cwd.clone(),
    };
    let from = normal_parts(&folder);
    let to = normal_parts(&cwd.join(svg));
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = vec!["..".to_string(); from.len().saturating_sub(common)];
    parts.extend(to.iter().skip(common).cloned());
    Ok(parts.join("/"))
}

/// A path's parts with `.` and `..` resolved (without touching the disk).
fn normal_parts(path: &Path) -> Vec<String> {
    let mut parts: Vec<String> = Vec::new();
    for component in path.components() {
        match component {
            std::path::Component::Normal(part) => parts.push(part.to_string_lossy().into_owned()),
            std::path::Component::ParentDir => {
                parts.pop();
            }
            _ => {}
        }
    }
    parts
}

/// The metrics CSV's display path and text; unreadable or not UTF-8 is exit 2.
fn read_csv(path: &Path) -> Result<(String, String), Exit> {
    let display = super::display_path(path);
    let bytes = super::io::read_input(path, crate::input::METRICS_CSV)?;
    match String::from_utf8(bytes) {
        Ok(text) => Ok((display, text)),
        Err(error) => {
            let valid = error.utf8_error().valid_up_to();
            let line = error
                .as_bytes()
                .get(..valid)
                .unwrap_or_default()
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
