//! `jmap render FILE... [-o OUT]`: SVG swimlane maps.

use super::{Exit, usage_error};
use crate::render::{RenderOptions, render_svg};
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Journey files to draw.
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
    /// Where to write: a file for one journey, a folder (created if missing) for several,
    /// each map then named `<journey id>.svg`. Without it one journey goes to stdout.
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
    };

    // Load everything first: a journey that does not load means nothing is written.
    let mut maps = Vec::with_capacity(args.files.len());
    let mut failed = false;
    for path in &args.files {
        match super::load_journey(path) {
            Ok(journey) => {
                let findings = crate::rules::lint(&journey, &config, today);
                let svg = render_svg(&journey, &findings, &options);
                maps.push((journey.meta.id.value.clone(), svg));
            }
            Err(Exit::Failure) => failed = true,
            Err(exit) => return exit,
        }
    }
    if failed {
        return Exit::Failure;
    }

    match (&args.output, maps.as_slice()) {
        (None, [(_, svg)]) => write(None, svg),
        (Some(path), [(_, svg)]) if args.files.len() == 1 && !path.is_dir() => {
            write(Some(path), svg)
        }
        (Some(folder), _) => {
            if let Err(error) = std::fs::create_dir_all(folder) {
                return usage_error(format_args!("cannot create {}: {error}", folder.display()));
            }
            let mut seen = std::collections::HashSet::new();
            for (id, _) in &maps {
                if !seen.insert(id.as_str()) {
                    return usage_error(format_args!(
                        "two journeys have the id `{id}`; their maps would overwrite each other"
                    ));
                }
            }
            for (id, svg) in &maps {
                let exit = write(Some(&folder.join(format!("{id}.svg"))), svg);
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
