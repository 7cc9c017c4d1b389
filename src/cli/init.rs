//! `jmap init [FILE]`: a starter journey that lints clean.

use super::{Exit, usage_error};
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Where to write it (missing folders are created; an existing file is never replaced).
    #[arg(default_value = "customer.journey.yaml")]
    file: PathBuf,
}

pub fn starter(today: jiff::civil::Date) -> String {
    include_str!("starter.journey.yaml").replace("{{TODAY}}", &today.to_string())
}

pub fn run(args: Args) -> Exit {
    let today = match super::today() {
        Ok(today) => today,
        Err(exit) => return exit,
    };
    // `jmap init journeys/new.journey.yaml` in a fresh repository: make the folders first.
    if let Some(folder) = args
        .file
        .parent()
        .filter(|folder| !folder.as_os_str().is_empty())
        && let Err(error) = std::fs::create_dir_all(folder)
    {
        return usage_error(format_args!(
            "cannot create the folder {}: {error}",
            folder.display()
        ));
    }
    let file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&args.file);
    let mut file = match file {
        Ok(file) => file,
        Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => {
            return usage_error(format_args!(
                "{} already exists; jmap init never overwrites a file",
                args.file.display()
            ));
        }
        Err(error) => {
            return usage_error(format_args!(
                "cannot create {}: {error}",
                args.file.display()
            ));
        }
    };
    if let Err(error) = file.write_all(starter(today).as_bytes()) {
        return usage_error(format_args!(
            "cannot write {}: {error}",
            args.file.display()
        ));
    }
    let text = format!(
        "Wrote {}. Next: `jmap lint {}`.\n",
        args.file.display(),
        args.file.display()
    );
    match super::write_output(None, text.as_bytes()) {
        Ok(()) => Exit::Success,
        Err(exit) => exit,
    }
}
