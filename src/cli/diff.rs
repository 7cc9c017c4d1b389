//! `jmap diff OLD NEW`: what changed between two journeys, matched by id.

use super::render::PageArg;
use super::{Exit, usage_error};
use crate::diff::git::{self, Spec};
use crate::diff::{self as journey_diff, Side};
use crate::model::Journey;
use crate::render::Page;
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Markdown,
    Json,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The old journey: a path, or REV:PATH in git object syntax (e.g. main:journeys/x.journey.yaml).
    old: String,
    /// The new journey: a path, or REV:PATH.
    new: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Write the diff to this file instead of stdout.
    #[arg(short, long, value_name = "OUT")]
    output: Option<PathBuf>,
    /// Also draw the NEW map as SVG: added elements green, changed amber, removed
    /// touchpoints ghosted in red where they were.
    #[arg(long, value_name = "OUT")]
    svg: Option<PathBuf>,
    /// Draw the overlay laid out for `--page` into OUT; the extension chooses the format:
    /// `.pdf` (one PDF, a page per map page), `.png` or `.svg` (numbered `OUT-1.png`, …
    /// when the map takes several pages).
    #[arg(long, value_name = "OUT")]
    map: Option<PathBuf>,
    /// The page `--map` lays the map out for: canvas, poster, a3, a4 or slide.
    #[arg(long, value_enum, default_value_t = PageArg::Canvas)]
    page: PageArg,
    /// Exit 1 when NEW has an error that OLD did not have (same rule, same element).
    #[arg(long)]
    fail_on_new_errors: bool,
    /// Use this configuration instead of the discovered .jmap.yaml.
    #[arg(long, value_name = "PATH")]
    config: Option<PathBuf>,
}

pub fn run(args: Args) -> Exit {
    match run_inner(args) {
        Ok(exit) | Err(exit) => exit,
    }
}

fn run_inner(args: Args) -> Result<Exit, Exit> {
    let mut outputs = Vec::new();
    if let Some(path) = &args.output {
        outputs.push(super::io::Output { flag: "-o", path });
    }
    if let Some(path) = &args.svg {
        outputs.push(super::io::Output {
            flag: "--svg",
            path,
        });
    }
    let mut inputs: Vec<PathBuf> = [&args.old, &args.new]
        .into_iter()
        .filter_map(|side| match Spec::parse(side) {
            Spec::Path(path) => Some(path),
            Spec::Git { .. } => None,
        })
        .collect();
    inputs.extend(args.config.clone());
    let input_paths: Vec<&std::path::Path> = inputs.iter().map(PathBuf::as_path).collect();
    super::io::refuse_overwriting_inputs(&outputs, &input_paths)?;
    let config = super::load_config(args.config.as_ref())?;
    if let Some(config_path) = &config.path {
        super::io::refuse_overwriting_inputs(&outputs, &[config_path])?;
    }
    let today = super::today()?;
    let (old_label, old) = load_side(&args.old)?;
    let (new_label, new) = load_side(&args.new)?;
    let old_findings = crate::lint::lint(&old, &config, today);
    let new_findings = crate::lint::lint(&new, &config, today);
    let diff = journey_diff::diff(
        &Side {
            label: &old_label,
            journey: &old,
            findings: &old_findings,
        },
        &Side {
            label: &new_label,
            journey: &new,
            findings: &new_findings,
        },
    );
    let text = match args.format {
        Format::Text => {
            journey_diff::text::render(&diff, super::io::text_width(args.output.is_none()))
        }
        Format::Markdown => journey_diff::markdown::render(&diff),
        Format::Json => {
            let mut json = crate::text::json::to_string_pretty(&diff)
                .map_err(|error| usage_error(format_args!("cannot write JSON: {error}")))?;
            json.push('\n');
            json
        }
    };
    super::write_output(args.output.as_deref(), text.as_bytes())?;
    if let Some(svg) = &args.svg {
        let options = crate::render::RenderOptions {
            show_findings: true,
            overlay: Some(journey_diff::overlay(&diff, &old, &new)),
            ..Default::default()
        };
        let map = crate::render::render_svg(&new, &new_findings, &options);
        super::write_output(Some(svg), map.as_bytes())?;
    }
    if let Some(out) = &args.map {
        let options = crate::render::RenderOptions {
            show_findings: true,
            overlay: Some(journey_diff::overlay(&diff, &old, &new)),
            ..Default::default()
        };
        let pages =
            crate::render::render_pages(&new, &new_findings, &options, Page::from(args.page));
        write_map(out, &pages, &new)?;
    }
    if args.fail_on_new_errors {
        let new_errors = journey_diff::new_error_count(&old_findings, &new_findings);
        if new_errors > 0 {
            super::io::note(format_args!(
                "error: {} has {new_errors} error(s) that {} did not have",
                crate::text::terminal(&new_label),
                crate::text::terminal(&old_label)
            ));
            return Ok(Exit::Failure);
        }
    }
    Ok(Exit::Success)
}

/// Loads one side: a file (missing: exit 2) or `REV:PATH` (unknown revision or path:
/// exit 2); a journey that does not load is printed, exit 1.
fn load_side(argument: &str) -> Result<(String, Journey), Exit> {
    match Spec::parse(argument) {
        Spec::Path(path) => {
            let journey = super::load_journey(&path)?;
            Ok((super::display_path(&path), journey))
        }
        Spec::Git { revision, path } => {
            let bytes = git::read_file(&revision, &path).map_err(usage_error)?;
            let libraries = git::RevisionLibraries::new(&revision);
            let journey = crate::load::load_bytes_with(argument, bytes, &libraries)
                .map_err(|failure| super::print_failure(&failure))?;
            Ok((argument.to_string(), journey))
        }
    }
}

/// Writes the overlay's pages to `out` in the format its extension names.
fn write_map(out: &std::path::Path, pages: &[String], journey: &Journey) -> Result<(), Exit> {
    let extension = out
        .extension()
        .map(|extension| extension.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let raster_error = |error: crate::render::raster::RasterError| {
        usage_error(format_args!("cannot draw the map: {error}"))
    };
    if extension == "pdf" {
        let info = crate::render::raster::PdfInfo {
            title: Some(journey.meta.title.value.clone()),
            lang: Some("en".to_string()),
        };
        let bytes = crate::render::raster::pdf(pages, &info).map_err(raster_error)?;
        return super::write_output(Some(out), &bytes);
    }
    if extension != "png" && extension != "svg" {
        return Err(usage_error(format_args!(
            "--map {}: the name must end in .pdf, .png or .svg",
            out.display()
        )));
    }
    let stem = out
        .file_stem()
        .map_or("map".into(), |stem| stem.to_string_lossy().into_owned());
    let folder = out.parent().unwrap_or(std::path::Path::new(""));
    for (index, svg) in pages.iter().enumerate() {
        let path = if pages.len() == 1 {
            out.to_path_buf()
        } else {
            folder.join(format!("{stem}-{}.{extension}", index + 1))
        };
        if extension == "png" {
            let bytes = crate::render::raster::png(svg).map_err(raster_error)?;
            super::write_output(Some(&path), &bytes)?;
        } else {
            super::write_output(Some(&path), svg.as_bytes())?;
        }
    }
    Ok(())
}
