//! `--format human`: miette's report per finding (snippet, underlined span, help), then a
//! summary line.

use super::LintReport;
use super::snippet::Snippet;
use crate::diagnostic::{FileFindings, Finding, Level};
use crate::text::plural;
use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, Severity,
};
use std::fmt;
use std::io::{self, Write};
use std::sync::Arc;

/// One finding as miette sees it.
pub struct Report<'f> {
    finding: &'f Finding,
    source: NamedSource<Snippet>,
}

impl<'f> Report<'f> {
    pub fn new(file: &'f FileFindings, finding: &'f Finding) -> Self {
        let spans: Vec<_> = std::iter::once(finding.span)
            .chain(finding.related.iter().map(|(span, _)| *span))
            .collect();
        let name = crate::text::terminal(&file.source.path).into_owned();
        Report {
            finding,
            source: NamedSource::new(name, Snippet::new(Arc::clone(&file.source), &spans)),
        }
    }
}

impl fmt::Debug for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.finding.message)
    }
}

impl fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::text::terminal(&self.finding.message))
    }
}

impl std::error::Error for Report<'_> {}

impl Diagnostic for Report<'_> {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(self.finding.rule))
    }

    fn severity(&self) -> Option<Severity> {
        Some(match self.finding.level {
            Level::Error => Severity::Error,
            Level::Warning => Severity::Warning,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.finding
            .help
            .as_ref()
            .map(|help| Box::new(crate::text::terminal(help)) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        // Spans are placed in the snippet's own text (see `snippet`).
        let snippet = self.source.inner();
        let main = LabeledSpan::new_primary_with_span(
            Some("here".to_string()),
            snippet.view_span(self.finding.span),
        );
        let related = self.finding.related.iter().map(|(span, label)| {
            LabeledSpan::new_with_span(
                Some(crate::text::terminal(label).into_owned()),
                snippet.view_span(*span),
            )
        });
        Some(Box::new(std::iter::once(main).chain(related)))
    }
}

pub fn handler(color: bool) -> GraphicalReportHandler {
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    GraphicalReportHandler::new_themed(theme)
        .with_width(100)
        .with_links(false)
        .with_context_lines(super::snippet::CONTEXT_LINES)
}

/// Renders one file's findings as miette reports.
pub fn render_file(file: &FileFindings, color: bool) -> String {
    let handler = handler(color);
    let mut text = String::new();
    for finding in &file.findings {
        let report = Report::new(file, finding);
        if handler.render_report(&mut text, &report).is_err() {
            text.push_str(&format!(
                "{}: {}\n",
                crate::text::terminal(&file.source.path),
                crate::text::terminal(&finding.message)
            ));
        }
        text.push('\n');
    }
    text
}

pub fn write(report: &LintReport, color: bool, out: &mut dyn Write) -> io::Result<()> {
    for file in &report.files {
        out.write_all(render_file(file, color).as_bytes())?;
    }
    let errors = report.count(Level::Error);
    let warnings = report.count(Level::Warning);
    let files = report.files.len();
    if errors + warnings == 0 {
        writeln!(out, "No problems found in {files} file{}.", plural(files))
    } else {
        writeln!(
            out,
            "Found {errors} error{} and {warnings} warning{} in {files} file{}.",
            plural(errors),
            plural(warnings),
            plural(files),
        )
    }
}
