//! `jmap schema`: the JSON Schema of journey files, library files or `.jmap.yaml`.

use super::Exit;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The schema of library files (`*.jmap-lib.yaml`).
    #[arg(long, conflicts_with = "config")]
    library: bool,
    /// The schema of `.jmap.yaml`.
    #[arg(long)]
    config: bool,
}

pub fn run(args: Args) -> Exit {
    let schema = if args.library {
        crate::schema::library_schema_json()
    } else if args.config {
        crate::schema::config::config_schema_json()
    } else {
        crate::schema::journey_schema_json()
    };
    let text = format!("{schema}\n");
    match super::write_output(None, text.as_bytes()) {
        Ok(()) => Exit::Success,
        Err(exit) => exit,
    }
}
