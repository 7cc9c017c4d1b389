//! `jmap render FILE... [-o OUT] [--format svg|png|pdf]`: swimlane maps as SVG, PNG or PDF.

use super::{Exit, usage_error};
use crate::diagnostic::Finding;
use crate::model::{Journey, State};
use crate::render::raster::{self, PdfInfo};
use crate::render::{Audience, Detail, Page, RenderOptions, render_pages};
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::ffi::OsStr;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

/// What `render` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A self-contained SVG (one file per page).
    Svg,
    /// A PNG picture at 96 dpi (one file per page).
    Png,
    /// A PDF document (all pages in one file).
    Pdf,
}

impl Format {
    fn extension(self) -> &'static str {
        match self {
            Format::Svg => "svg",
            Format::Png => "png",
            Format::Pdf => "pdf",
        }
    }

    fn name(self) -> &'static str {
        match self {
            Format::Svg => "SVG",
            Format::Png => "PNG",
            Format::Pdf => "PDF",
        }
    }

    /// The format a file extension names, ignoring case.
    fn from_extension(extension: &OsStr) -> Option<Format> {
        let extension = extension.to_str()?.to_ascii_lowercase();
        [Format::Svg, Format::Png, Format::Pdf]
            .into_iter()
            .find(|format| format.extension() == extension)
    }
}

/// Extensions of pictures and documents that `render` does not write: an output named so
/// would be a file of the wrong kind.
const OTHER_PICTURE_EXTENSIONS: &[&str] = &[
    "jpg", "jpeg", "gif", "webp", "bmp", "tif", "tiff", "avif", "heic", "ico", "svgz", "eps", "ps",
    "html", "htm", "xps", "docx", "pptx",
];

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Journey files to draw (each a path, or `REV:PATH` for a file at a git revision).
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
    /// Where to write: a file for one journey, a folder (created if missing) for several,
    /// each map then named `<journey id>.<format>` (`<id>.<state>.<format>` when two
    /// journeys share an id). Without it one journey goes to stdout. The extension
    /// `.svg`, `.png` or `.pdf` chooses the format. A map of several pages is one PDF, or
    /// numbered SVG/PNG files beside the name given: `map-1.png`, `map-2.png`, …
    #[arg(short, long, value_name = "OUT")]
    output: Option<PathBuf>,
    /// svg, png or pdf; default: the extension of `-o`, else svg. PNG and PDF are drawn
    /// with the bundled DejaVu Sans font, the same on every machine.
    #[arg(long, value_enum, value_name = "FORMAT")]
    format: Option<Format>,
    /// Do not mark lint findings on the map.
    #[arg(long)]
    no_findings: bool,
    /// What a card says about its pains and opportunities: their words (full, the
    /// default) or only their counts (summary).
    #[arg(long, value_enum, default_value_t = DetailArg::Full)]
    detail: DetailArg,
    /// Who the map is for: team (lint marks and findings) or client (none of them).
    #[arg(long, value_enum, default_value_t = AudienceArg::Team)]
    audience: AudienceArg,
    /// Lay the map out for a page: canvas (one picture as big as the map, the default),
    /// poster (A1), a3, a4 (landscape) or slide (16:9). A journey too wide for one page is
    /// split by stages into several pages.
    #[arg(long, value_enum, default_value_t = PageArg::Canvas)]
    page: PageArg,
    /// Draw a small trend line of each metric's `current` over the journey's git history
    /// (as `jmap history` lists it) in its badge.
    #[arg(long)]
    history: bool,
    /// Use this configuration instead of the discovered .jmap.yaml.
    #[arg(long, value_name = "PATH")]
    config: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum DetailArg {
    Full,
    Summary,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum AudienceArg {
    Team,
    Client,
}

/// `--page`, shared by `render` and `diff --map`.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub(super) enum PageArg {
    Canvas,
    Poster,
    A3,
    A4,
    Slide,
}

impl From<PageArg> for Page {
    fn from(page: PageArg) -> Page {
        match page {
            PageArg::Canvas => Page::Canvas,
            PageArg::Poster => Page::Poster,
            PageArg::A3 => Page::A3,
            PageArg::A4 => Page::A4,
            PageArg::Slide => Page::Slide,
        }
    }
}

/// Where the maps go.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Destination {
    Stdout,
    File(PathBuf),
    Folder(PathBuf),
}

/// One rendered journey: its id and state (for file names), its title (for the PDF) and
/// its drawing.
struct Map {
    id: String,
    state: State,
    title: String,
    drawing: Drawing,
}

/// A map's pages as SVG documents, or (one SVG canvas, the default) what it is drawn from:
/// that map is drawn straight into its file, never whole in memory.
enum Drawing {
    Pages(Vec<String>),
    Canvas {
        journey: Box<Journey>,
        findings: Vec<Finding>,
        options: Box<RenderOptions>,
    },
}

pub fn run(args: Args) -> Exit {
    let (destination, format) = match destination(&args) {
        Ok(plan) => plan,
        Err(exit) => return exit,
    };
    // Before reading anything: `-o` never names one of this command's inputs.
    let mut inputs: Vec<&Path> = args.files.iter().map(PathBuf::as_path).collect();
    inputs.extend(args.config.as_deref());
    if let Some(path) = &args.output
        && let Err(exit) =
            super::io::refuse_overwriting_inputs(&[super::io::Output { flag: "-o", path }], &inputs)
    {
        return exit;
    }
    let config = match super::load_config(args.config.as_ref()) {
        Ok(config) => config,
        Err(exit) => return exit,
    };
    let today = match super::today() {
        Ok(today) => today,
        Err(exit) => return exit,
    };
    let options = RenderOptions {
        show_findings: !args.no_findings,
        overlay: None,
        detail: match args.detail {
            DetailArg::Full => Detail::Full,
            DetailArg::Summary => Detail::Summary,
        },
        audience: match args.audience {
            AudienceArg::Team => Audience::Team,
            AudienceArg::Client => Audience::Client,
        },
        ..RenderOptions::default()
    };
    let page = Page::from(args.page);

    // Load everything first: a journey that does not load means nothing is written.
    let mut maps = Vec::with_capacity(args.files.len());
    let mut failed = false;
    for path in &args.files {
        match super::load_journey(path) {
            Ok(journey) => {
                let findings = crate::lint::lint(&journey, &config, today);
                let options = match with_history(&options, path, args.history, &config, today) {
                    Ok(options) => options,
                    Err(exit) => return exit,
                };
                let (id, state) = (journey.meta.id.value.clone(), journey.meta.state);
                let title = crate::text::one_line(&journey.meta.title.value);
                let drawing = if page == Page::Canvas && format == Format::Svg {
                    Drawing::Canvas {
                        journey: Box::new(journey),
                        findings,
                        options: Box::new(options),
                    }
                } else {
                    Drawing::Pages(render_pages(&journey, &findings, &options, page))
                };
                maps.push(Map {
                    id,
                    state,
                    title,
                    drawing,
                });
            }
            Err(Exit::Failure) => failed = true,
            Err(exit) => return exit,
        }
    }
    if failed {
        return Exit::Failure;
    }
    match write_maps(&destination, format, &maps) {
        Ok(()) => Exit::Success,
        Err(exit) => exit,
    }
}

/// The options for one journey: with `--history`, its metrics' trends over its git
/// history (a journey read as `REV:PATH`, or outside a repository, is exit 2).
fn with_history(
    options: &RenderOptions,
    path: &Path,
    history: bool,
    config: &crate::config::Config,
    today: jiff::civil::Date,
) -> Result<RenderOptions, Exit> {
    if !history {
        return Ok(options.clone());
    }
    if !path.exists() {
        return Err(usage_error(format_args!(
            "--history follows a journey file in a git repository; `{}` is not a file",
            path.display()
        )));
    }
    let history = super::history::collect(path, None, config, today)?;
    Ok(RenderOptions {
        trends: Some(crate::history::trend::MetricTrends::of(&history)),
        ..options.clone()
    })
}

/// Where to write and in which format, from `-o`, `--format` and the number of inputs;
/// every contradiction is exit 2, before anything is read.
fn destination(args: &Args) -> Result<(Destination, Format), Exit> {
    let several = args.files.len() > 1;
    let Some(output) = &args.output else {
        if several {
            return Err(usage_error(
                "several journeys need `-o DIR`: each map is written to DIR/<journey id>.svg",
            ));
        }
        let format = args.format.unwrap_or(Format::Svg);
        if format != Format::Svg && std::io::stdout().is_terminal() {
            return Err(usage_error(format_args!(
                "a {} is binary and stdout is a terminal; write it to a file with `-o map.{}` \
                 (or pipe it)",
                format.name(),
                format.extension()
            )));
        }
        return Ok((Destination::Stdout, format));
    };
    if output.is_dir() {
        return Ok((
            Destination::Folder(output.clone()),
            args.format.unwrap_or(Format::Svg),
        ));
    }
    let named = output.extension().map(|extension| {
        (
            extension.to_string_lossy().into_owned(),
            Format::from_extension(extension),
        )
    });
    if several {
        if let Some((extension, _)) = named {
            return Err(usage_error(format_args!(
                "several journeys are written into a folder, one map each, but `-o {}` looks \
                 like a file (.{extension}); give a folder, e.g. `-o maps/`",
                output.display()
            )));
        }
        return Ok((
            Destination::Folder(output.clone()),
            args.format.unwrap_or(Format::Svg),
        ));
    }
    let format = match (named, args.format) {
        (Some((_, Some(implied))), Some(asked)) if implied != asked => {
            return Err(usage_error(format_args!(
                "`-o {}` names a {} file but `--format {}` asks for a {}; make them agree",
                output.display(),
                implied.name(),
                asked.extension(),
                asked.name()
            )));
        }
        (Some((_, Some(implied))), _) => implied,
        (Some((extension, None)), _)
            if OTHER_PICTURE_EXTENSIONS.contains(&extension.to_ascii_lowercase().as_str()) =>
        {
            return Err(usage_error(format_args!(
                "`-o {}`: jmap writes maps as .svg, .png or .pdf, not .{extension}",
                output.display()
            )));
        }
        (_, asked) => asked.unwrap_or(Format::Svg),
    };
    Ok((Destination::File(output.clone()), format))
}

/// Encodes and writes every map.
fn write_maps(destination: &Destination, format: Format, maps: &[Map]) -> Result<(), Exit> {
    match destination {
        Destination::Stdout | Destination::File(_) => {
            let [map] = maps else {
                return Err(usage_error("several journeys need `-o DIR`"));
            };
            let path = match destination {
                Destination::File(path) => Some(path.as_path()),
                _ => None,
            };
            write_map(path, map, format)
        }
        Destination::Folder(folder) => {
            if let Err(error) = std::fs::create_dir_all(folder) {
                return Err(usage_error(format_args!(
                    "cannot create {}: {error}",
                    folder.display()
                )));
            }
            let names = file_names(maps, format)?;
            for (name, map) in names.iter().zip(maps) {
                write_map(Some(&folder.join(name)), map, format)?;
            }
            Ok(())
        }
    }
}

/// Writes one map to `path` (stdout when `None`): a canvas SVG is drawn straight into it,
/// pages are encoded first (numbered files beside `path` when there are several).
fn write_map(path: Option<&Path>, map: &Map, format: Format) -> Result<(), Exit> {
    let pages = match &map.drawing {
        Drawing::Canvas {
            journey,
            findings,
            options,
        } => {
            return super::write_output_with(path, &mut |out| {
                crate::render::write_svg(out, journey, findings, options)
            });
        }
        Drawing::Pages(pages) => pages,
    };
    let files = encode(map, pages, format)?;
    if let Some(path) = path {
        return write_pages(path, &files);
    }
    match files.as_slice() {
        [] => Ok(()),
        [bytes] => super::write_output(None, bytes),
        _ => Err(usage_error(format_args!(
            "this map has {} pages, one {} each: write them with `-o map.{}` \
             (map-1.{}, map-2.{}, …) or ask for one PDF with `--format pdf`",
            files.len(),
            format.name(),
            format.extension(),
            format.extension(),
            format.extension()
        ))),
    }
}

/// The files of one map's pages: one per page for SVG and PNG, one in all for PDF. An SVG
/// page is written as it is (no copy).
fn encode<'a>(map: &Map, pages: &'a [String], format: Format) -> Result<Vec<Cow<'a, [u8]>>, Exit> {
    let failed = |error: raster::RasterError| usage_error(format_args!("{}: {error}", map.id));
    match format {
        Format::Svg => Ok(pages
            .iter()
            .map(|page| Cow::Borrowed(page.as_bytes()))
            .collect()),
        // Pages rasterised on every core, in page order.
        Format::Png => crate::render::par::map_heavy(pages, |_, page| raster::png(page))
            .into_iter()
            .map(|png| png.map(Cow::Owned).map_err(failed))
            .collect(),
        Format::Pdf => {
            let info = PdfInfo {
                title: Some(map.title.clone()),
                lang: Some("en".to_string()),
            };
            Ok(vec![Cow::Owned(raster::pdf(pages, &info).map_err(failed)?)])
        }
    }
}

/// Writes one file to `path`, or several as `path` numbered: `map.png` → `map-1.png`, ….
fn write_pages(path: &Path, files: &[Cow<'_, [u8]>]) -> Result<(), Exit> {
    if let [bytes] = files {
        return super::write_output(Some(path), bytes);
    }
    for (index, bytes) in files.iter().enumerate() {
        super::write_output(Some(&page_path(path, index + 1)), bytes)?;
    }
    Ok(())
}

/// `dir/map.png` as page `number`: `dir/map-2.png` (no extension: `dir/map-2`).
pub fn page_path(path: &Path, number: usize) -> PathBuf {
    let stem = path.file_stem().unwrap_or_else(|| OsStr::new("map"));
    let mut name = stem.to_os_string();
    name.push(format!("-{number}"));
    if let Some(extension) = path.extension() {
        name.push(".");
        name.push(extension);
    }
    path.with_file_name(name)
}

/// `<id>.<ext>` for each map; when two journeys share an id (an as-is/to-be pair does),
/// `<id>.<state>.<ext>` for those. Two files that would still collide are an error.
fn file_names(maps: &[Map], format: Format) -> Result<Vec<String>, Exit> {
    let mut count: HashMap<&str, usize> = HashMap::new();
    for map in maps {
        *count.entry(map.id.as_str()).or_default() += 1;
    }
    let extension = format.extension();
    let names: Vec<String> = maps
        .iter()
        .map(|map| {
            if count.get(map.id.as_str()).copied().unwrap_or(0) > 1 {
                format!("{}.{}.{extension}", map.id, map.state.as_str())
            } else {
                format!("{}.{extension}", map.id)
            }
        })
        .collect();
    let mut seen = HashSet::new();
    for name in &names {
        if !seen.insert(name.as_str()) {
            return Err(usage_error(format_args!(
                "two journeys would both be written to {name}; render them separately"
            )));
        }
    }
    Ok(names)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_numbered_beside_the_name_given() {
        assert_eq!(
            page_path(Path::new("out/map.png"), 2),
            PathBuf::from("out/map-2.png")
        );
        assert_eq!(page_path(Path::new("map"), 1), PathBuf::from("map-1"));
        assert_eq!(
            page_path(Path::new("a.b.svg"), 10),
            PathBuf::from("a.b-10.svg")
        );
    }

    #[test]
    fn extensions_name_formats_in_any_case() {
        assert_eq!(Format::from_extension(OsStr::new("PNG")), Some(Format::Png));
        assert_eq!(Format::from_extension(OsStr::new("pdf")), Some(Format::Pdf));
        assert_eq!(Format::from_extension(OsStr::new("Svg")), Some(Format::Svg));
        assert_eq!(Format::from_extension(OsStr::new("jpg")), None);
    }
}
