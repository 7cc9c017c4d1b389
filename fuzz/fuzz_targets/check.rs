//! The checks every lint fuzz target runs on a loaded (or failed) file.

use jmap::baseline::Baseline;
use jmap::config::Config;
use jmap::diagnostic::FileFindings;
use jmap::output::{self, Format, LintReport, Options};

/// load → lint → every format → a baseline round trip. Panics on any broken invariant.
pub fn lint_everything(bytes: Vec<u8>, config: &Config) {
    let today = jiff::civil::Date::constant(2026, 11, 22);
    let file = match jmap::load::load_bytes("fuzz.journey.yaml", bytes) {
        Ok(journey) => FileFindings {
            findings: jmap::lint::lint(&journey, config, today),
            source: journey.source,
        },
        Err(errors) => errors,
    };
    for finding in &file.findings {
        let (start, end) = output::location(&file, finding);
        assert!(start.line >= 1 && start.column >= 1, "1-based location");
        assert!(
            (start.line, start.column) <= (end.line, end.column),
            "start before end"
        );
    }
    let report = LintReport { files: vec![file] };
    let total = report.findings().count();
    for format in Format::ALL {
        let mut out = Vec::new();
        let written = output::write(*format, &report, &Options { color: false }, &mut out);
        assert!(written.is_ok(), "{format:?} failed to write");
        let text = String::from_utf8(out).expect("every format writes UTF-8");
        if matches!(format, Format::Short | Format::Github) {
            assert_eq!(
                text.lines().count(),
                total,
                "{format:?}: one line per finding"
            );
        }
    }

    let recorded = Baseline::from_report(&report);
    let reread = Baseline::parse(&recorded.to_json()).expect("a written baseline reads back");
    assert_eq!(reread, recorded);
    let mut filtered = LintReport {
        files: report.files.clone(),
    };
    assert_eq!(reread.apply(&mut filtered), recorded.findings.len());
}
