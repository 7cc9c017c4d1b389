//! `jmap lint [PATH...]`: the CI gate.

use super::io;
use super::{Exit, usage_error};
use crate::baseline::Baseline;
use crate::config::Config;
use crate::diagnostic::{FileFindings, Level};
use crate::load::library::normalize;
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
    /// Apply the safe fixes in place (atomically, keeping comments and layout), then report
    /// what is left. `jmap explain RULE` says what a rule's fix does.
    #[arg(long)]
    fix: bool,
    /// Apply the unsafe fixes too (they change what the journey says); implies --fix unless
    /// --diff is given.
    #[arg(long)]
    unsafe_fixes: bool,
    /// Print the fixes as a unified diff instead of writing them; exit 1 when there is one.
    #[arg(long, conflicts_with_all = ["output", "write_baseline"])]
    diff: bool,
}

impl Args {
    fn fixing(&self) -> bool {
        self.fix || self.unsafe_fixes || self.diff
    }
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
    if args.fixing() {
        let outcomes: Vec<Result<Fixed, Exit>> = files
            .par_iter()
            .map(|path| fix_file(path, &config, today, args.unsafe_fixes))
            .collect();
        let mut fixed = Vec::with_capacity(outcomes.len());
        for outcome in outcomes {
            match outcome {
                Ok(outcome) => fixed.push(outcome),
                Err(exit) => return exit,
            }
        }
        if args.diff {
            return print_diffs(&fixed);
        }
        if let Err(exit) = write_fixes(&fixed) {
            return exit;
        }
        let report = LintReport {
            files: fixed.into_iter().map(|outcome| outcome.findings).collect(),
        };
        return finish(&args, baseline.as_ref(), report);
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

    finish(&args, baseline.as_ref(), report)
}

/// Applies the baselines, prints the report and picks the exit code.
fn finish(args: &Args, baseline: Option<&Baseline>, mut report: LintReport) -> Exit {
    if let Err(exit) = apply_baselines(args, baseline, &mut report) {
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

    if args.format == Format::Human {
        hint_fixes(&report);
    }
    let errors = report.count(Level::Error);
    let warnings = report.count(Level::Warning);
    if errors > 0 || (args.deny_warnings && warnings > 0) {
        Exit::Failure
    } else {
        Exit::Success
    }
}

/// Says on stderr how many findings a fix covers, as ruff does, so `--fix` is found.
fn hint_fixes(report: &LintReport) {
    let fixes = report
        .files
        .iter()
        .flat_map(|file| &file.findings)
        .filter_map(|finding| finding.fix.as_ref());
    let (mut safe, mut unsafe_) = (0, 0);
    for fix in fixes {
        match fix.applicability {
            crate::fix::Applicability::Safe => safe += 1,
            crate::fix::Applicability::Unsafe => unsafe_ += 1,
        }
    }
    if safe > 0 {
        io::note(format_args!(
            "{} fixable with `jmap lint --fix`.",
            crate::text::count_with(safe, "finding is", "findings are")
        ));
    }
    if unsafe_ > 0 {
        io::note(format_args!(
            "{} a fix that changes meaning: review it with `jmap lint --diff --unsafe-fixes`.",
            crate::text::count_with(unsafe_, "finding has", "findings have")
        ));
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

/// One file after `--fix`: its findings after fixing, and the change (none when nothing was
/// fixed, or when the fixed text would not load).
struct Fixed {
    findings: FileFindings,
    change: Option<Change>,
}

struct Change {
    path: PathBuf,
    before: String,
    after: String,
    fixed: usize,
}

/// Loads and lints a text. The flag says whether it loaded.
pub fn lint_text(
    display: &str,
    text: &str,
    config: &Config,
    today: jiff::civil::Date,
) -> (FileFindings, bool) {
    match crate::load::load_str(display, text) {
        Ok(journey) => (
            FileFindings {
                findings: crate::lint::lint(&journey, config, today),
                source: journey.source,
            },
            true,
        ),
        Err(errors) => (errors, false),
    }
}

/// Fixes one file in memory, in rounds, and lints the result. A file that is not UTF-8
/// is only reported.
fn fix_file(
    path: &Path,
    config: &Config,
    today: jiff::civil::Date,
    unsafe_fixes: bool,
) -> Result<Fixed, Exit> {
    if is_library(path) {
        // A library has no fixes of its own: it is checked for syntax and schema only.
        if let Some(findings) = lint_file(path, config, today)?.into_iter().next() {
            return Ok(Fixed {
                findings,
                change: None,
            });
        }
    }
    let bytes = super::read_journey(path)?;
    let display = super::display_path(path);
    let before = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => {
            let findings = match crate::load::load_bytes(&display, error.into_bytes()) {
                Ok(journey) => FileFindings {
                    findings: crate::lint::lint(&journey, config, today),
                    source: journey.source,
                },
                Err(errors) => errors,
            };
            return Ok(Fixed {
                findings,
                change: None,
            });
        }
    };
    let applied = crate::fix::fix_until_stable(&before, unsafe_fixes, |text| {
        let (findings, _) = lint_text(&display, text, config, today);
        findings
            .findings
            .into_iter()
            .filter_map(|finding| finding.fix)
            .collect()
    });
    if applied.fixed == 0 || applied.text == before {
        let (findings, _) = lint_text(&display, &before, config, today);
        return Ok(Fixed {
            findings,
            change: None,
        });
    }
    let (findings, loads) = lint_text(&display, &applied.text, config, today);
    if !loads {
        io::note(format_args!(
            "{display}: not fixed: the fixed file would not load; fix the errors below by hand"
        ));
        let (findings, _) = lint_text(&display, &before, config, today);
        return Ok(Fixed {
            findings,
            change: None,
        });
    }
    Ok(Fixed {
        findings,
        change: Some(Change {
            path: path.to_path_buf(),
            before,
            after: applied.text,
            fixed: applied.fixed,
        }),
    })
}

/// `--diff`: every change as a unified diff; exit 1 when there is one, like `ruff --diff`.
fn print_diffs(fixed: &[Fixed]) -> Exit {
    let mut diffs = String::new();
    let mut changed = 0;
    let mut count = 0;
    for change in fixed.iter().filter_map(|outcome| outcome.change.as_ref()) {
        let display = super::display_path(&change.path);
        diffs.push_str(&crate::edit::unified_diff(
            &display,
            &change.before,
            &change.after,
        ));
        changed += 1;
        count += change.fixed;
    }
    if let Err(exit) = super::write_output(None, diffs.as_bytes()) {
        return exit;
    }
    if changed == 0 {
        io::note(format_args!("No fixes to apply."));
        return Exit::Success;
    }
    io::note(format_args!(
        "Would fix {count} finding{} in {changed} file{}.",
        crate::text::plural(count),
        crate::text::plural(changed)
    ));
    Exit::Failure
}

/// `--fix`: writes each changed file atomically and says how much was fixed.
fn write_fixes(fixed: &[Fixed]) -> Result<(), Exit> {
    let mut changed = 0;
    let mut count = 0;
    for change in fixed.iter().filter_map(|outcome| outcome.change.as_ref()) {
        // A symlink's target is what gets fixed; a FIFO or device is never replaced.
        let target = std::fs::canonicalize(&change.path).unwrap_or_else(|_| change.path.clone());
        if !std::fs::metadata(&target).is_ok_and(|metadata| metadata.is_file()) {
            io::note(format_args!(
                "{}: not fixed: not a regular file",
                super::display_path(&change.path)
            ));
            continue;
        }
        crate::edit::write_atomic(&target, change.after.as_bytes()).map_err(|error| {
            usage_error(format_args!(
                "cannot write {}: {error}",
                change.path.display()
            ))
        })?;
        changed += 1;
        count += change.fixed;
    }
    if changed > 0 {
        io::note(format_args!(
            "Fixed {count} finding{} in {changed} file{}.",
            crate::text::plural(count),
            crate::text::plural(changed)
        ));
    }
    Ok(())
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
    crate::config::files::collect(paths, config).map_err(usage_error)
}
