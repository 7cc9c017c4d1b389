//! `jmap export FILE --format json|csv|mermaid`: the journey model for other tools.

use super::{Exit, usage_error};
use crate::export::{self, Format};
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The journey file, or `REV:PATH` for the file at a git revision
    /// (e.g. `HEAD~1:journeys/onboarding.journey.yaml`).
    file: PathBuf,
    /// json: the whole normalised model; csv: one row per touchpoint; mermaid: a
    /// Mermaid `journey` diagram of the emotion curve.
    #[arg(long, value_enum, default_value_t = Format::Json)]
    format: Format,
    /// Write the export here instead of stdout.
    #[arg(short, long, value_name = "OUT")]
    output: Option<PathBuf>,
}

pub fn run(args: Args) -> Exit {
    if let Some(path) = &args.output {
        let output = super::io::Output { flag: "-o", path };
        if let Err(exit) = super::io::refuse_overwriting_inputs(&[output], &[&args.file]) {
            return exit;
        }
    }
    let journey = match super::load_journey(&args.file) {
        Ok(journey) => journey,
        Err(exit) => return exit,
    };
    let text = match export::export(&journey, args.format) {
        Ok(text) => text,
        Err(message) => return usage_error(message),
    };
    match super::write_output(args.output.as_deref(), text.as_bytes()) {
        Ok(()) => Exit::Success,
        Err(exit) => exit,
    }
}
