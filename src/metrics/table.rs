//! Reading a survey or CRM export: a CSV with one header row, or a Qualtrics export with
//! three (column ids, question texts, import ids).
//!
//! The separator (comma, semicolon or tab) is sniffed from the header line; a UTF-8 byte
//! order mark is dropped. Cells are kept as text with the byte offset of their record, so
//! an error can point at the cell (file, line, column).

use super::sources::Format;
use crate::diagnostic::{FileFindings, Finding};
use crate::source::{SourceFile, Span};
use std::sync::Arc;

/// Largest export read.
pub const MAX_FILE_BYTES: usize = 256 * 1024 * 1024;

/// One data row.
#[derive(Debug, Clone)]
pub struct Row {
    pub cells: Vec<String>,
    /// Byte range of the record in the file's text.
    pub span: Span,
}

/// A whole export, read.
#[derive(Debug)]
pub struct Table {
    pub source: Arc<SourceFile>,
    pub delimiter: u8,
    /// The column names: the header row (a Qualtrics export's first row, its column ids).
    pub headers: Vec<String>,
    /// A Qualtrics export's second row (question texts); empty otherwise.
    pub labels: Vec<String>,
    /// Where the header row is.
    pub header_span: Span,
    pub rows: Vec<Row>,
}

impl Table {
    /// The index of a column, by header (or, for Qualtrics, by question text too).
    /// Headers are compared after trimming spaces, case-sensitively first, then not.
    pub fn column(&self, name: &str) -> Option<usize> {
        let name = name.trim();
        let find = |list: &[String], exact: bool| {
            list.iter().position(|header| {
                let header = header.trim();
                if exact {
                    header == name
                } else {
                    header.eq_ignore_ascii_case(name)
                }
            })
        };
        find(&self.headers, true)
            .or_else(|| find(&self.labels, true))
            .or_else(|| find(&self.headers, false))
            .or_else(|| find(&self.labels, false))
    }

    /// The span of one cell of a row, for error messages: the record rescanned with the
    /// same separator and quoting rules.
    pub fn cell_span(&self, row: &Row, column: usize) -> Span {
        cell_span(&self.source.text, row.span, self.delimiter, column)
    }

    pub fn cell_span_in_header(&self, column: usize) -> Span {
        cell_span(&self.source.text, self.header_span, self.delimiter, column)
    }
}

/// Reads an export. `path` names it in messages; `format` forces the layout.
pub fn read(path: &str, bytes: Vec<u8>, format: Option<Format>) -> Result<Table, FileFindings> {
    let fail = |source: Arc<SourceFile>, span: Span, message: String, help: &str| FileFindings {
        source,
        findings: vec![Finding::error("source", span, message).with_help(help)],
    };
    if bytes.len() > MAX_FILE_BYTES {
        return Err(fail(
            Arc::new(SourceFile::new(path, "")),
            Span::default(),
            format!(
                "the file is {} bytes, more than the {MAX_FILE_BYTES} an export may have",
                bytes.len()
            ),
            "export fewer rows (a date range) or split the file",
        ));
    }
    let bytes = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => rest.to_vec(),
        None => bytes,
    };
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => {
            let offset = error.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(error.as_bytes()).into_owned();
            return Err(fail(
                Arc::new(SourceFile::new(path, text)),
                Span::new(offset, offset + 1),
                "the file is not valid UTF-8".to_string(),
                "export the file as UTF-8 CSV (with or without BOM)",
            ));
        }
    };
    let delimiter = sniff_delimiter(&text);
    let source = Arc::new(SourceFile::new(path, text));
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(source.text.as_bytes());
    let mut records: Vec<(Vec<String>, usize)> = Vec::new();
    for record in reader.records() {
        match record {
            Ok(record) => {
                let start = record
                    .position()
                    .map_or(0, |position| usize::try_from(position.byte()).unwrap_or(0));
                records.push((record.iter().map(str::to_string).collect(), start));
            }
            Err(error) => {
                let offset = error
                    .position()
                    .map_or(0, |position| usize::try_from(position.byte()).unwrap_or(0));
                return Err(fail(
                    Arc::clone(&source),
                    Span::new(offset, offset),
                    format!("cannot read the CSV: {error}"),
                    "check the quoting around this point",
                ));
            }
        }
    }
    // Spans: a record runs to the start of the next one, without its line break.
    let text_len = source.text.len();
    let mut spans: Vec<Span> = Vec::with_capacity(records.len());
    for (index, (_, start)) in records.iter().enumerate() {
        let start = skip_line_breaks(&source.text, (*start).min(text_len));
        let end = records
            .get(index + 1)
            .map_or(text_len, |(_, next)| (*next).min(text_len));
        let raw = source.text.get(start..end.max(start)).unwrap_or("");
        let trimmed = raw.trim_end_matches(['\n', '\r']);
        spans.push(Span::new(start, start + trimmed.len()));
    }
    let mut rows = records
        .into_iter()
        .zip(spans)
        .map(|((cells, _), span)| Row { cells, span })
        .filter(|row| !row.cells.iter().all(|cell| cell.trim().is_empty()));
    let Some(header) = rows.next() else {
        return Err(fail(
            Arc::clone(&source),
            Span::default(),
            "the file is empty: no header row".to_string(),
            "export the file with its header row",
        ));
    };
    let mut rest: Vec<Row> = rows.collect();
    let qualtrics = match format {
        Some(Format::Qualtrics) => true,
        Some(Format::Csv) => false,
        None => is_qualtrics(&rest),
    };
    let mut labels = Vec::new();
    if qualtrics {
        if rest.len() < 2 {
            return Err(fail(
                Arc::clone(&source),
                header.span,
                "a Qualtrics export has three header rows; this file has fewer".to_string(),
                "export from Qualtrics with \"Download all fields\", or drop `format: qualtrics`",
            ));
        }
        let mut drained = rest.drain(..2);
        labels = drained.next().map(|row| row.cells).unwrap_or_default();
        drop(drained);
    }
    Ok(Table {
        source,
        delimiter,
        headers: header.cells,
        labels,
        header_span: header.span,
        rows: rest,
    })
}

/// Qualtrics's third header row holds `{"ImportId":"…"}` in its cells.
fn is_qualtrics(rows: &[Row]) -> bool {
    rows.get(1).is_some_and(|row| {
        row.cells
            .iter()
            .any(|cell| cell.trim_start().starts_with("{\"ImportId\""))
    })
}

fn skip_line_breaks(text: &str, mut offset: usize) -> usize {
    let bytes = text.as_bytes();
    while matches!(bytes.get(offset), Some(b'\n' | b'\r')) {
        offset += 1;
    }
    offset
}

/// The separator of the header line: the most frequent of `,`, `;` and tab outside
/// quotes (comma on a tie).
fn sniff_delimiter(text: &str) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for byte in text.bytes() {
        match byte {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => break,
            b',' if !quoted => counts[0] += 1,
            b';' if !quoted => counts[1] += 1,
            b'\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let mut best = (b',', counts[0]);
    for candidate in [(b';', counts[1]), (b'\t', counts[2])] {
        if candidate.1 > best.1 {
            best = candidate;
        }
    }
    best.0
}

/// The byte span of cell `column` in the record at `record`.
fn cell_span(text: &str, record: Span, delimiter: u8, column: usize) -> Span {
    let bytes = text.as_bytes();
    let mut index = 0;
    let mut start = record.start;
    let mut quoted = false;
    let mut offset = record.start;
    while offset < record.end {
        match bytes.get(offset) {
            Some(b'"') => quoted = !quoted,
            Some(&byte) if byte == delimiter && !quoted => {
                if index == column {
                    return Span::new(start, offset);
                }
                index += 1;
                start = offset + 1;
            }
            _ => {}
        }
        offset += 1;
    }
    if index == column {
        Span::new(start, record.end)
    } else {
        // A short row: point just after its end.
        Span::new(record.end, record.end)
    }
}

/// A number as exports write them: surrounding spaces and a trailing `%` are accepted,
/// and, in a file separated by `;` or tabs, a decimal comma (`6,5`).
pub fn parse_number(text: &str, delimiter: u8) -> Option<f64> {
    let text = text.trim_matches(|c: char| c.is_whitespace());
    let text = text
        .strip_suffix('%')
        .unwrap_or(text)
        .trim_matches(|c: char| c.is_whitespace());
    if delimiter != b',' && text.matches(',').count() == 1 && !text.contains('.') {
        return crate::model::parse_number(&text.replace(',', "."));
    }
    crate::model::parse_number(text)
}

/// A date at the start of a cell: `2026-11-20`, `2026/11/20`, optionally followed by a
/// time (`2026-11-20 14:03:00`, `2026-11-20T14:03:00Z`).
pub fn parse_date(text: &str) -> Option<jiff::civil::Date> {
    let text = text.trim();
    let day = text.get(..10)?;
    let rest = &text[10..];
    if !(rest.is_empty() || rest.starts_with([' ', 'T'])) {
        return None;
    }
    day.replace('/', "-").parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(text: &str) -> Table {
        match read("t.csv", text.as_bytes().to_vec(), None) {
            Ok(table) => table,
            Err(errors) => panic!("{:?}", errors.findings),
        }
    }

    #[test]
    fn sniffs_separators_and_drops_the_bom() {
        let t = table("\u{feff}a;b;\"c;d\"\n1;2;3\n");
        assert_eq!(t.delimiter, b';');
        assert_eq!(t.headers, ["a", "b", "c;d"]);
        assert_eq!(t.rows[0].cells, ["1", "2", "3"]);
        assert_eq!(table("a\tb\n1\t2\n").delimiter, b'\t');
        assert_eq!(table("a,b\n1,2\n").delimiter, b',');
    }

    #[test]
    fn detects_qualtrics() {
        let t = table(
            "StartDate,Q1\r\nStart Date,How likely are you to recommend us?\r\n\"{\"\"ImportId\"\":\"\"startDate\"\"}\",\"{\"\"ImportId\"\":\"\"QID1\"\"}\"\r\n2026-11-01 10:00:00,9\r\n",
        );
        assert_eq!(t.headers, ["StartDate", "Q1"]);
        assert_eq!(t.rows.len(), 1);
        assert_eq!(t.column("How likely are you to recommend us?"), Some(1));
        assert_eq!(t.column("q1"), Some(1));
    }

    #[test]
    fn cells_are_located() {
        let t = table("a,b,c\n\n1,\"x,y\",3\n");
        let row = &t.rows[0];
        let span = t.cell_span(row, 2);
        assert_eq!(&t.source.text[span.start..span.end], "3");
        assert_eq!(t.source.line_col(span.start).line, 3);
        let span = t.cell_span(row, 1);
        assert_eq!(&t.source.text[span.start..span.end], "\"x,y\"");
    }

    #[test]
    fn numbers_and_dates() {
        assert_eq!(parse_number(" 6.5% ", b','), Some(6.5));
        assert_eq!(parse_number("6,5 %", b';'), Some(6.5));
        assert_eq!(parse_number("6,5", b','), None);
        assert_eq!(parse_number("high", b','), None);
        assert_eq!(
            parse_date("2026-11-20T14:03:00Z").map(|d| d.to_string()),
            Some("2026-11-20".into())
        );
        assert_eq!(
            parse_date("2026/11/20 14:03").map(|d| d.to_string()),
            Some("2026-11-20".into())
        );
        assert_eq!(parse_date("11/20/2026"), None);
    }
}
