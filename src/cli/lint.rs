//! `jmap lint [PATH...]`: the CI gate.

use super::io;
use super::{Exit, usage_error};
use crate::baseline::Baseline;
use crate::config::Config;
use crate::diagnostic::{FileFindings, Level};
use crate::output::{self, Format, LintReport};
use rayon::prelude::*;
use std::collections::HashMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Journey files or folders (default: every *.journey.yaml under the current folder,
    /// skipping what .gitignore ignores).
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Count warnings as failures (exit 1).
    #[arg(long)]
    deny_warnings: bool,
    /// Use this configuration instead of the discovered .jmap.yaml.
    #[arg(long, value_name = "PATH")]
    config: Option<PathBuf>,
    /// Write the report to FILE (atomically) instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Report only findings not recorded in this baseline (see --write-baseline).
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
    /// Record today's findings in FILE, then report only what it cannot hold (load errors).
    #[arg(long, value_name = "FILE")]
    write_baseline: Option<PathBuf>,
}

pub fn run(args: Args) -> Exit {
    let outputs = outputs(&args);
    // Before reading anything: the files named on the command line.
    let mut named: Vec<&Path> = args.paths.iter().map(PathBuf::as_path).collect();
    named.extend(args.config.as_deref());
    named.extend(args.baseline.as_deref());
    if let Err(exit) = io::refuse_overwriting_inputs(&outputs, &named) {
        return exit;
    }
    let config = match super::load_config(args.config.as_ref()) {
        Ok(config) => config,
        Err(exit) => return exit,
    };
    let baseline = match args.baseline.as_deref().map(read_baseline).transpose() {
        Ok(baseline) => baseline,
        Err(exit) => return exit,
    };
    let today = match super::today() {
        Ok(today) => today,
        Err(exit) => return exit,
    };
    let files = match collect_files(&args.paths, &config) {
        Ok(files) => files,
        Err(exit) => return exit,
    };
    // Before reading a journey: the files found in folders, and the discovered config.
    let mut found: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
    found.extend(config.path.as_deref());
    if let Err(exit) = io::refuse_overwriting_inputs(&outputs, &found) {
        return exit;
    }
    // One file is linted on this thread: no pool to start, no hand-off to a worker.
    let results: Vec<Result<Vec<FileFindings>, Exit>> = if files.len() == 1 {
        files
            .iter()
            .map(|path| lint_file(path, &config, today))
            .collect()
    } else {
        files
            .par_iter()
            .map(|path| lint_file(path, &config, today))
            .collect()
    };
    let mut report = LintReport::default();
    // A library broken for several journeys, or also named on the command line, is
    // reported once, where it first appears.
    let mut seen = std::collections::HashSet::new();
    for result in results {
        match result {
            Ok(linted) => report.files.extend(
                linted
                    .into_iter()
                    .filter(|file| seen.insert(file.source.path.clone())),
            ),
            Err(exit) => return exit,
        }
    }

    if let Err(exit) = apply_baselines(&args, baseline.as_ref(), &mut report) {
        return exit;
    }

    let options = output::Options {
        color: args.output.is_none() && super::use_color(std::io::stdout().is_terminal()),
    };
    let mut bytes = Vec::new();
    if let Err(error) = output::write(args.format, &report, &options, &mut bytes) {
        return usage_error(format_args!("cannot format the report: {error}"));
    }
    if let Err(exit) = super::write_output(args.output.as_deref(), &bytes) {
        return exit;
    }

    let errors = report.count(Level::Error);
    let warnings = report.count(Level::Warning);
    if errors > 0 || (args.deny_warnings && warnings > 0) {
        Exit::Failure
    } else {
        Exit::Success
    }
}

/// The files this run writes, checked against its inputs.
fn outputs(args: &Args) -> Vec<io::Output<'_>> {
    let mut outputs = Vec::new();
    if let Some(path) = &args.output {
        outputs.push(io::Output { flag: "-o", path });
    }
    if let Some(path) = &args.write_baseline {
        outputs.push(io::Output {
            flag: "--write-baseline",
            path,
        });
    }
    outputs
}

/// `--write-baseline` records every finding it can hold and then hides them; `--baseline`
/// hides the findings it records (and, for the human format, says how many on stderr).
fn apply_baselines(
    args: &Args,
    baseline: Option<&Baseline>,
    report: &mut LintReport,
) -> Result<(), Exit> {
    if let Some(path) = &args.write_baseline {
        let recorded = Baseline::from_report(report);
        let mut written = recorded.clone();
        let folder = BaselineFolder::of(path);
        for entry in &mut written.findings {
            entry.file = folder.key(&entry.file);
        }
        written.findings.sort();
        super::write_output(Some(path), written.to_json().as_bytes())?;
        recorded.apply(report);
        let count = recorded.findings.len();
        io::note(format_args!(
            "Wrote {count} finding{} to the baseline {}.",
            crate::text::plural(count),
            crate::text::terminal(&path.display().to_string())
        ));
    }
    if let (Some(baseline), Some(path)) = (baseline, &args.baseline) {
        // The baseline names files relative to its own folder; the report as lint shows them.
        let folder = BaselineFolder::of(path);
        let shown: HashMap<String, String> = report
            .files
            .iter()
            .map(|file| (folder.key(&file.source.path), file.source.path.clone()))
            .collect();
        let mut baseline = baseline.clone();
        for entry in &mut baseline.findings {
            if let Some(path) = shown.get(&entry.file) {
                entry.file.clone_from(path);
            }
        }
        let suppressed = baseline.apply(report);
        if args.format == Format::Human {
            io::note(format_args!(
                "{suppressed} finding{} suppressed by the baseline {}.",
                crate::text::plural(suppressed),
                crate::text::terminal(&path.display().to_string())
            ));
        }
    }
    Ok(())
}

/// A baseline names each file by its path from the baseline file's own folder (forward
/// slashes), so a baseline written in one folder works when used from another.
struct BaselineFolder {
    cwd: PathBuf,
    folder: PathBuf,
}

impl BaselineFolder {
    fn of(baseline: &Path) -> Self {
        let cwd = normalize(&std::env::current_dir().unwrap_or_else(|_| PathBuf::from(".")));
        let folder = normalize(&cwd.join(baseline.parent().unwrap_or(Path::new(""))));
        BaselineFolder { cwd, folder }
    }

    /// The baseline's name for a file that lint shows as `shown`.
    fn key(&self, shown: &str) -> String {
        let absolute = normalize(&self.cwd.join(shown));
        let relative = pathdiff::diff_paths(&absolute, &self.folder).unwrap_or(absolute);
        let text = relative.to_string_lossy().replace('\\', "/");
        text.strip_prefix("./").unwrap_or(&text).to_string()
    }
}

/// Reads `--baseline FILE`; a missing or malformed baseline stops the run (exit 2).
fn read_baseline(path: &Path) -> Result<Baseline, Exit> {
    let bytes = io::read_input(path, crate::input::BASELINE)?;
    let text = String::from_utf8_lossy(&bytes);
    Baseline::parse(&text).map_err(|error| {
        usage_error(format_args!(
            "{} is not a jmap baseline: {error}",
            path.display()
        ))
    })
}

/// Loads and lints one file. A load failure becomes that file's findings, followed by the
/// findings of each broken library it uses. A library file is checked on its own (syntax
/// and schema).
fn lint_file(
    path: &Path,
    config: &Config,
    today: jiff::civil::Date,
) -> Result<Vec<FileFindings>, Exit> {
    let bytes = super::read_journey(path)?;
    let display = super::display_path(path);
    if is_library(path) {
        return Ok(vec![
            match crate::load::library::load_library(&display, bytes) {
                Ok(library) => FileFindings {
                    source: library.source,
                    findings: Vec::new(),
                },
                Err(errors) => errors,
            },
        ]);
    }
    let libraries = crate::load::library::FileSystem;
    Ok(
        match crate::load::load_bytes_with(&display, bytes, &libraries) {
            Ok(journey) => vec![FileFindings {
                findings: crate::lint::lint(&journey, config, today),
                source: journey.source,
            }],
            Err(failure) => failure.files().cloned().collect(),
        },
    )
}

fn is_library(path: &Path) -> bool {
    path.file_name()
        .and_then(|name| name.to_str())
        .is_some_and(|name| name.ends_with(crate::load::library::LIBRARY_SUFFIX))
}

/// The files to lint: named files as they are, folders walked for journey files.
pub fn collect_files(paths: &[PathBuf], config: &Config) -> Result<Vec<PathBuf>, Exit> {
    let matcher = Matcher::new(config)?;
    let default = [PathBuf::from(".")];
    let roots = if paths.is_empty() {
        &default[..]
    } else {
        paths
    };
    let mut files = Vec::new();
    for root in roots {
        // Anything named that is not a folder is read as a file: a FIFO or a process
        // substitution (`jmap lint <(git show HEAD:x.journey.yaml)`) too.
        match std::fs::metadata(root) {
            Ok(meta) if meta.is_dir() => {}
            Ok(_) => {
                files.push(root.clone());
                continue;
            }
            Err(error) if crate::input::is_symlink_loop(&error) => {
                return Err(usage_error(format_args!(
                    "{}: a symbolic link loop (the link leads back to itself)",
                    root.display()
                )));
            }
            Err(_) => {
                return Err(usage_error(format_args!(
                    "{}: no such file or folder",
                    root.display()
                )));
            }
        }
        let walker = ignore::WalkBuilder::new(root)
            .require_git(false)
            .sort_by_file_name(|a, b| a.cmp(b))
            .build();
        for entry in walker {
            let entry = entry.map_err(|error| {
                usage_error(format_args!("cannot walk {}: {error}", root.display()))
            })?;
            let is_file = entry.file_type().is_some_and(|kind| kind.is_file());
            if is_file && matcher.matches(entry.path()) {
                files.push(entry.path().to_path_buf());
            }
        }
    }
    files.sort();
    files.dedup();
    Ok(files)
}

/// `*.journey.yaml` by default; `.jmap.yaml`'s `include`/`exclude` globs, relative to the
/// folder holding it, when it has them.
struct Matcher {
    include: Option<globset::GlobSet>,
    exclude: globset::GlobSet,
    root: PathBuf,
}

impl Matcher {
    fn new(config: &Config) -> Result<Self, Exit> {
        let build = |patterns: &[String]| {
            let mut set = globset::GlobSetBuilder::new();
            for pattern in patterns {
                let glob = globset::GlobBuilder::new(pattern)
                    .literal_separator(true)
                    .build()
                    .map_err(|error| usage_error(format_args!("bad glob `{pattern}`: {error}")))?;
                set.add(glob);
            }
            set.build()
                .map_err(|error| usage_error(format_args!("bad globs: {error}")))
        };
        let include = if config.include.is_empty() {
            None
        } else {
            Some(build(&config.include)?)
        };
        let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
        let root = normalize(&config.root().map_or(cwd.clone(), |root| cwd.join(root)));
        Ok(Matcher {
            include,
            exclude: build(&config.exclude)?,
            root,
        })
    }

    fn matches(&self, path: &Path) -> bool {
        let absolute = std::env::current_dir()
            .map(|cwd| cwd.join(path))
            .unwrap_or_else(|_| path.to_path_buf());
        let is_journey = || {
            path.file_name()
                .and_then(|name| name.to_str())
                .is_some_and(|name| name.ends_with(".journey.yaml"))
                || is_library(path)
        };
        // Globs count from the config's folder; a file outside it matches none of them.
        let Ok(relative) = normalize(&absolute)
            .strip_prefix(&self.root)
            .map(Path::to_path_buf)
        else {
            return self.include.is_none() && is_journey();
        };
        // `exclude: [drafts]` excludes the folder's files too, as in .gitignore.
        let excluded = relative
            .ancestors()
            .filter(|ancestor| !ancestor.as_os_str().is_empty())
            .any(|ancestor| self.exclude.is_match(ancestor));
        if excluded {
            return false;
        }
        match &self.include {
            Some(include) => include.is_match(&relative),
            None => is_journey(),
        }
    }
}

/// Resolves `.` and `..` without touching the disk, so `./a/../b` and `b` compare equal.
fn normalize(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut normal = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                if !normal.pop() {
                    normal.push(component);
                }
            }
            other => normal.push(other),
        }
    }
    normal
}
