//! `jmap render FILE... [-o OUT]`: SVG swimlane maps.

use super::io::Output;
use super::{Exit, usage_error};
use crate::model::State;
use crate::render::{RenderOptions, render_svg};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Journey files to draw.
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
    /// Where to write: a file for one journey, a folder (created if missing) for several,
    /// each map then named `<journey id>.svg` (`<id>.<state>.svg` when two journeys share
    /// an id). Without it one journey goes to stdout.
    #[arg(short, long, value_name = "OUT")]
    output: Option<PathBuf>,
    /// Do not mark lint findings on the map.
    #[arg(long)]
    no_findings: bool,
    /// Use this configuration instead of the discovered .jmap.yaml.
    #[arg(long, value_name = "PATH")]
    config: Option<PathBuf>,
}

pub fn run(args: Args) -> Exit {
    if args.files.len() > 1 && args.output.is_none() {
        return usage_error(
            "several journeys need `-o DIR`: each map is written to DIR/<journey id>.svg",
        );
    }
    if let Some(output) = &args.output
        && args.files.len() > 1
        && output.extension().is_some()
        && !output.is_dir()
    {
        return usage_error(format_args!(
            "several journeys are written to a folder, but {} looks like a file: \
             give `-o DIR` (each map is DIR/<journey id>.svg) or render one journey",
            output.display()
        ));
    }
    let mut inputs: Vec<&Path> = args.files.iter().map(PathBuf::as_path).collect();
    inputs.extend(args.config.as_deref());
    if let Some(path) = &args.output
        && let Err(exit) =
            super::io::refuse_overwriting_inputs(&[Output { flag: "-o", path }], &inputs)
    {
        return exit;
    }
    let config = match super::load_config(args.config.as_ref()) {
        Ok(config) => config,
        Err(exit) => return exit,
    };
    inputs.extend(config.path.as_deref());
    let today = match super::today() {
        Ok(today) => today,
        Err(exit) => return exit,
    };
    let options = RenderOptions {
        show_findings: !args.no_findings,
        overlay: None,
    };

    // Load everything first: a journey that does not load means nothing is written.
    let mut maps = Vec::with_capacity(args.files.len());
    let mut failed = false;
    for path in &args.files {
        match super::load_journey(path) {
            Ok(journey) => {
                let findings = crate::lint::lint(&journey, &config, today);
                let svg = render_svg(&journey, &findings, &options);
                maps.push((journey.meta.id.value.clone(), journey.meta.state, svg));
            }
            Err(Exit::Failure) => failed = true,
            Err(exit) => return exit,
        }
    }
    if failed {
        return Exit::Failure;
    }

    match (&args.output, maps.as_slice()) {
        (None, [(_, _, svg)]) => write(None, svg),
        (Some(path), [(_, _, svg)]) if args.files.len() == 1 && !path.is_dir() => {
            if let Err(exit) =
                super::io::refuse_overwriting_inputs(&[Output { flag: "-o", path }], &inputs)
            {
                return exit;
            }
            write(Some(path), svg)
        }
        (Some(folder), _) => {
            if let Err(error) = std::fs::create_dir_all(folder) {
                return usage_error(format_args!("cannot create {}: {error}", folder.display()));
            }
            let names = match file_names(&maps) {
                Ok(names) => names,
                Err(exit) => return exit,
            };
            let paths: Vec<PathBuf> = names.iter().map(|name| folder.join(name)).collect();
            let outputs: Vec<Output<'_>> = paths
                .iter()
                .map(|path| Output { flag: "-o", path })
                .collect();
            if let Err(exit) = super::io::refuse_overwriting_inputs(&outputs, &inputs) {
                return exit;
            }
            for (name, (_, _, svg)) in names.iter().zip(&maps) {
                let exit = write(Some(&folder.join(name)), svg);
                if exit != Exit::Success {
                    return exit;
                }
            }
            Exit::Success
        }
        (None, _) => usage_error("several journeys need `-o DIR`"),
    }
}

fn write(path: Option<&Path>, svg: &str) -> Exit {
    match super::write_output(path, svg.as_bytes()) {
        Ok(()) => Exit::Success,
        Err(exit) => exit,
    }
}

/// `<id>.svg` for each map; when two journeys share an id (an as-is/to-be pair does),
/// `<id>.<state>.svg` for those. Two files that would still collide are an error.
fn file_names(maps: &[(String, State, String)]) -> Result<Vec<String>, Exit> {
    let mut count: HashMap<&str, usize> = HashMap::new();
    for (id, _, _) in maps {
        *count.entry(id.as_str()).or_default() += 1;
    }
    let names: Vec<String> = maps
        .iter()
        .map(|(id, state, _)| {
            if count.get(id.as_str()).copied().unwrap_or(0) > 1 {
                format!("{id}.{}.svg", state.as_str())
            } else {
                format!("{id}.svg")
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
