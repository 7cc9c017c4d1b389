//! `--format human`: miette's report per finding (snippet, underlined span, help), then a
//! summary line.

use super::LintReport;
use crate::diagnostic::{FileFindings, Finding, Level};
use crate::source::SourceFile;
use crate::text::plural;
use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError,
    MietteSpanContents, NamedSource, Severity, SourceCode, SourceSpan, SpanContents,
};
use std::fmt;
use std::io::{self, Write};
use std::sync::Arc;

/// One finding as miette sees it.
pub struct Report<'f> {
    finding: &'f Finding,
    source: NamedSource<IndexedSource>,
}

impl<'f> Report<'f> {
    pub fn new(file: &'f FileFindings, finding: &'f Finding) -> Self {
        Report::with_source(finding, IndexedSource::new(&file.source))
    }

    fn with_source(finding: &'f Finding, source: IndexedSource) -> Self {
        let name = crate::text::terminal(&source.file.path).into_owned();
        Report {
            finding,
            source: NamedSource::new(name, source),
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
        let span = self.finding.span;
        let main =
            LabeledSpan::new_primary_with_span(Some("here".to_string()), (span.start, span.len()));
        let related = self.finding.related.iter().map(|(span, label)| {
            LabeledSpan::new_with_span(
                Some(crate::text::terminal(label).into_owned()),
                (span.start, span.len()),
            )
        });
        Some(Box::new(std::iter::once(main).chain(related)))
    }
}

/// A file's text as miette reads it. miette's own `str` source finds a span's lines by
/// scanning from the first byte, once per finding: quadratic for a large file with many
/// findings. This one hands miette a window of whole lines around the span, found with the
/// line table, and shifts the result back, so every report is byte for byte the same.
///
/// The text handed to miette has every hostile character (`crate::text::is_hostile`,
/// except tab and line breaks) replaced by as many bytes of `?` or a U+FFFD: the snippet
/// cannot reach the terminal with an escape sequence, and every span still points at the
/// same bytes.
#[derive(Debug, Clone)]
pub struct IndexedSource {
    file: Arc<SourceFile>,
    text: Arc<str>,
}

impl IndexedSource {
    pub fn new(file: &Arc<SourceFile>) -> Self {
        let hostile = |ch: char| crate::text::is_hostile(ch) && !matches!(ch, '\t' | '\n' | '\r');
        let text = if file.text.chars().any(hostile) {
            let mut clean = String::with_capacity(file.text.len());
            for ch in file.text.chars() {
                if !hostile(ch) {
                    clean.push(ch);
                } else if ch.len_utf8() == 3 {
                    clean.push('\u{FFFD}');
                } else {
                    clean.extend(std::iter::repeat_n('?', ch.len_utf8()));
                }
            }
            Arc::from(clean)
        } else {
            Arc::clone(&file.text)
        };
        IndexedSource {
            file: Arc::clone(file),
            text,
        }
    }
}

impl SourceCode for IndexedSource {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let file = &self.file;
        let text = self.text.as_bytes();
        let start = span.offset();
        let end = start.saturating_add(span.len());
        // miette also breaks lines at a lone `\r`, which the line table does not count.
        if file.has_lone_cr() || end > text.len() {
            return text.read_span(span, context_lines_before, context_lines_after);
        }
        // A margin of whole lines on both sides: miette's scan stops within the window.
        let first_line = file
            .line_index(start)
            .saturating_sub(context_lines_before.saturating_add(2));
        let last_line = file
            .line_index(end)
            .saturating_add(context_lines_after.saturating_add(3));
        let window_start = file.line_start(first_line).unwrap_or(0);
        let window_end = file.line_start(last_line).unwrap_or(text.len());
        let Some(window) = text.get(window_start..window_end) else {
            return text.read_span(span, context_lines_before, context_lines_after);
        };
        let inner_span = SourceSpan::new((start - window_start).into(), span.len());
        let inner = window.read_span(&inner_span, context_lines_before, context_lines_after)?;
        Ok(Box::new(MietteSpanContents::new(
            inner.data(),
            SourceSpan::new(
                (inner.span().offset() + window_start).into(),
                inner.span().len(),
            ),
            inner.line() + first_line,
            inner.column(),
            inner.line_count() + first_line,
        )))
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
}

/// Renders one file's findings as miette reports.
pub fn render_file(file: &FileFindings, color: bool) -> String {
    let handler = handler(color);
    let source = IndexedSource::new(&file.source);
    let mut text = String::new();
    for finding in &file.findings {
        let report = Report::with_source(finding, source.clone());
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The windowed source gives miette exactly what its own whole-text scan gives.
    #[test]
    fn indexed_source_reads_spans_like_miette() {
        let texts = [
            "a: 1\nb: 2\nc: 3\nd: 4\ne: 5\nf: 6\ng: 7\nh: 8\ni: 9\n",
            "a: 1\r\nb: é\r\nc: 3\r\nd: 4\r\ne: 5\r\nf: 6\r\ng: 7\r\n",
            "one\ntwo\n\n\nfive\nsix\nseven\neight\nnine\nten",
            "x: 1\ry: 2\nz: 3\n",
        ];
        for text in texts {
            let file = Arc::new(SourceFile::new("t", text));
            let indexed = IndexedSource::new(&file);
            for start in 0..=text.len() {
                for len in [0, 1, 3, 12] {
                    if start + len > text.len() {
                        continue;
                    }
                    for context in [0, 1, 2] {
                        let span = SourceSpan::new(start.into(), len);
                        let expected = text.as_bytes().read_span(&span, context, context);
                        let got = indexed.read_span(&span, context, context);
                        let describe = |contents: &dyn SpanContents<'_>| {
                            (
                                contents.data().to_vec(),
                                *contents.span(),
                                contents.line(),
                                contents.column(),
                                contents.line_count(),
                            )
                        };
                        match (expected, got) {
                            (Ok(expected), Ok(got)) => assert_eq!(
                                describe(&*expected),
                                describe(&*got),
                                "{text:?} at {start}+{len}, context {context}"
                            ),
                            (expected, got) => assert_eq!(expected.is_ok(), got.is_ok()),
                        }
                    }
                }
            }
        }
    }
}
