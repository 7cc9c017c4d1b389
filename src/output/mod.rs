//! output: one module per `jmap lint --format`. A format sees findings and sources only,
//! never rules.

pub mod github;
pub mod human;
pub mod json;
pub mod junit;
pub mod sarif;
pub mod short;
pub mod snippet;

use crate::diagnostic::{FileFindings, Finding};
use crate::source::LineCol;
use std::io::{self, Write};

pub use crate::diagnostic::LintReport;

/// Where a finding starts and ends, 1-based; the end column is exclusive.
pub fn location(file: &FileFindings, finding: &Finding) -> (LineCol, LineCol) {
    (
        file.source.line_col(finding.span.start),
        file.source.line_col(finding.span.end),
    )
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Each finding with its source snippet and help, then a summary.
    Human,
    /// One line per finding: FILE:LINE:COL: LEVEL[RULE] MESSAGE.
    Short,
    /// One JSON object (version 1), for scripts.
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
    /// GitHub Actions workflow commands: annotations on the pull request.
    Github,
    /// JUnit XML, for GitLab, Jenkins and other CI test reports.
    Junit,
}

impl Format {
    /// Every format, for tests and the fuzzer.
    pub const ALL: &[Format] = &[
        Format::Human,
        Format::Short,
        Format::Json,
        Format::Sarif,
        Format::Github,
        Format::Junit,
    ];
}

pub struct Options {
    pub color: bool,
}

pub fn write(
    format: Format,
    report: &LintReport,
    options: &Options,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        Format::Human => human::write(report, options.color, out),
        Format::Short => short::write(report, out),
        Format::Json => json::write(report, out),
        Format::Sarif => sarif::write(report, out),
        Format::Github => github::write(report, out),
        Format::Junit => junit::write(report, out),
    }
}
