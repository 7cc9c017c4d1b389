//! Any bytes → load → lint → every `jmap lint --format`. Nothing may panic, and every
//! format must be writable.
#![no_main]

use jmap::config::Config;
use jmap::diagnostic::FileFindings;
use jmap::output::{self, Format, LintReport, Options};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let today = jiff::civil::Date::constant(2026, 11, 22);
    let file = match jmap::load::load_bytes("fuzz.journey.yaml", data.to_vec()) {
        Ok(journey) => FileFindings {
            findings: jmap::rules::lint(&journey, &Config::default(), today),
            source: journey.source,
        },
        Err(errors) => errors,
    };
    let report = LintReport { files: vec![file] };
    for format in Format::ALL {
        let mut out = Vec::new();
        let written = output::write(*format, &report, &Options { color: false }, &mut out);
        assert!(written.is_ok(), "{format:?} failed to write");
    }
});
