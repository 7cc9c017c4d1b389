//! `--format json`: the stable object of the contract, version 1.

use super::{LintReport, location};
use crate::diagnostic::Level;
use serde::Serialize;
use std::io::{self, Write};

#[derive(Serialize)]
struct Document<'r> {
    version: u32,
    findings: Vec<JsonFinding<'r>>,
    summary: Summary,
}

#[derive(Serialize)]
struct JsonFinding<'r> {
    file: &'r str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    level: &'static str,
    rule: &'r str,
    message: &'r str,
    help: Option<&'r str>,
}

#[derive(Serialize)]
struct Summary {
    files: usize,
    errors: usize,
    warnings: usize,
}

pub fn write(report: &LintReport, out: &mut dyn Write) -> io::Result<()> {
    let findings = report
        .findings()
        .map(|(file, finding)| {
            let (start, end) = location(file, finding);
            JsonFinding {
                file: &file.source.path,
                line: start.line,
                column: start.column,
                end_line: end.line,
                end_column: end.column,
                level: finding.level.as_str(),
                rule: finding.rule,
                message: &finding.message,
                help: finding.help.as_deref(),
            }
        })
        .collect();
    let document = Document {
        version: 1,
        findings,
        summary: Summary {
            files: report.files.len(),
            errors: report.count(Level::Error),
            warnings: report.count(Level::Warning),
        },
    };
    crate::text::json::to_writer_pretty(&mut *out, &document)?;
    writeln!(out)
}
