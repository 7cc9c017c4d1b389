//! Any text with any findings (spans anywhere, related spans near or far, on long lines,
//! across CR/LF/CRLF line breaks and control characters) → the human format's snippet.
//! It must render every finding under a header with its true line:column, and print no
//! character that could act on a terminal.
#![no_main]

use jmap::diagnostic::{FileFindings, Finding};
use jmap::source::{SourceFile, Span};
use libfuzzer_sys::arbitrary::{self, Arbitrary};
use libfuzzer_sys::fuzz_target;
use std::sync::Arc;

#[derive(Debug, Arbitrary)]
struct Input {
    text: String,
    /// Each finding: its span and, maybe, a related span (as byte offsets, wrapped).
    findings: Vec<((u32, u32), Option<(u32, u32)>)>,
    /// Repeats the text's last line this many times × 1,000 bytes: long lines.
    stretch: u8,
}

fuzz_target!(|input: Input| {
    let mut text = input.text;
    if input.stretch > 0 {
        let last = text.rsplit(['\n', '\r']).next().unwrap_or_default().to_string();
        if !last.is_empty() {
            let times = (usize::from(input.stretch) * 1_000 / last.len()).max(1);
            text.push_str(&last.repeat(times));
        }
    }
    let len = text.len();
    let at = |offset: u32| {
        let mut offset = offset as usize % (len + 1);
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    };
    let span = |(a, b): (u32, u32)| {
        let (a, b) = (at(a), at(b));
        Span::new(a.min(b), a.max(b))
    };
    let findings: Vec<Finding> = input
        .findings
        .iter()
        .take(8)
        .map(|(main, related)| {
            let finding = Finding::error("schema", span(*main), "a finding");
            match related {
                Some(related) => finding.with_related(span(*related), "related"),
                None => finding,
            }
        })
        .collect();
    let file = FileFindings {
        source: Arc::new(SourceFile::new("fuzz.journey.yaml", text.as_str())),
        findings,
    };
    let rendered = jmap::output::human::render_file(&file, false);
    for finding in &file.findings {
        let at = file.source.line_col(finding.span.start);
        let header = format!("[fuzz.journey.yaml:{}:{}]", at.line, at.column);
        assert!(rendered.contains(&header), "{header} in:\n{rendered}");
    }
    assert!(
        !rendered.contains("Failed to read contents"),
        "a label miette could not read:\n{rendered}"
    );
    assert!(
        !rendered
            .chars()
            .any(|ch| ch != '\n' && jmap::text::is_hostile(ch)),
        "a hostile character in:\n{rendered}"
    );
});
