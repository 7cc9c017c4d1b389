//! No input crashes jmap: every bad input is a located error and exit 1, in every
//! output format. Inputs the fuzzer found (`fuzz/`, see docs/fuzzing.md) are kept under
//! `tests/fixtures/hardening/` and replayed here.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // test code may fail loudly

use assert_cmd::Command;
use jmap::config::Config;
use jmap::diagnostic::{FileFindings, Level};
use jmap::output::{self, Format, LintReport, Options};

const NAME: &str = "bad.journey.yaml";

fn alias_bomb(used_in: &str) -> Vec<u8> {
    let mut text = String::from("jmap: 1\n");
    text.push_str(
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
    for pair in names.windows(2) {
        let refs = vec![format!("*{}", pair[0]); 9].join(",");
        text.push_str(&format!("{}: &{} [{refs}]\n", pair[1], pair[1]));
    }
    text.push_str(used_in);
    text.into_bytes()
}

/// Every bad input of the issue, with a fragment its first error must contain.
fn bad_inputs() -> Vec<(&'static str, Vec<u8>, &'static str)> {
    let mut one_mb = String::from("jmap: 1\njourney:\n  id: x\n  title: \"");
    one_mb.push_str(&"x".repeat(1 << 20));
    one_mb.push_str("\"\n");
    let mut binary: Vec<u8> = (0..=255u8).collect();
    binary.extend_from_slice(b"\x00\x00\x7fELF");
    vec![
        ("empty", Vec::new(), "the file is empty"),
        ("only whitespace", b"  \n\n\t\n".to_vec(), "error["),
        (
            "top-level list",
            b"- jmap: 1\n- journey: {id: x}\n".to_vec(),
            "must be a mapping of fields, found a list",
        ),
        ("top-level scalar", b"hello\n".to_vec(), "error[schema]"),
        ("binary", binary, "not valid UTF-8"),
        (
            "non-UTF-8",
            b"jmap: 1\njourney:\n  id: caf\xe9\n".to_vec(),
            "not valid UTF-8",
        ),
        ("alias bomb", alias_bomb(""), "error[schema]"),
        (
            "alias bomb in a field",
            alias_bomb("journey: {id: x, title: X}\nlanes: *i\nstages: *i\n"),
            "error[",
        ),
        (
            "10,000 nested [",
            format!("jmap: 1\njourney: {}\n", "[".repeat(10_000)).into_bytes(),
            "error[",
        ),
        (
            "10,000 nested {",
            format!("jmap: 1\njourney: {}\n", "{a: ".repeat(10_000)).into_bytes(),
            "error[",
        ),
        (
            "1 MB string",
            one_mb.into_bytes(),
            "longer than 65536 characters",
        ),
        (
            "tabs",
            b"jmap: 1\njourney:\n\tid: x\n\ttitle: Tabs\n".to_vec(),
            "tabs",
        ),
        (
            "duplicate keys",
            b"jmap: 1\njmap: 1\njourney:\n  id: x\n  id: y\n".to_vec(),
            "duplicate key `jmap`",
        ),
        (
            "unclosed quote",
            b"jmap: 1\njourney:\n  title: \"open\n".to_vec(),
            "error[yaml-syntax]",
        ),
        (
            "hostile text",
            "jmap: 1\njourney:\n  id: x\n  \"<script>\\u0001\\u202e😀%0A,:\": 1\n"
                .as_bytes()
                .to_vec(),
            "unknown field",
        ),
    ]
}

/// load → lint → every format, as `jmap lint` does it; returns the short output. (Not
/// timed: a test that depends on the machine's load would fail at random; `benches/` and
/// the fuzzer's `-timeout` catch inputs that blow up.)
fn every_format(name: &str, bytes: Vec<u8>) -> (String, FileFindings) {
    let today = jiff::civil::Date::constant(2026, 11, 22);
    let file = match jmap::load::load_bytes(name, bytes) {
        Ok(journey) => FileFindings {
            findings: jmap::lint::lint(&journey, &Config::default(), today),
            source: journey.source,
        },
        Err(errors) => errors,
    };
    let report = LintReport {
        files: vec![file.clone()],
    };
    let mut short = String::new();
    for format in Format::ALL {
        let mut out = Vec::new();
        output::write(*format, &report, &Options { color: false }, &mut out)
            .unwrap_or_else(|error| panic!("{format:?} failed: {error}"));
        let text = String::from_utf8(out).expect("every format writes UTF-8");
        match format {
            Format::Json | Format::Sarif => {
                serde_json::from_str::<serde_json::Value>(&text)
                    .unwrap_or_else(|error| panic!("{format:?} is not JSON: {error}"));
            }
            Format::Junit => assert_well_formed_xml(&text),
            Format::Github => {
                assert_eq!(text.lines().count(), file.findings.len(), "one line each");
            }
            Format::Short => {
                assert_eq!(text.lines().count(), file.findings.len(), "one line each");
                short = text;
            }
            Format::Human => assert_human(&text, &file),
        }
    }
    (short, file)
}

/// The human format shows each finding under a header with its true line:column (the
/// same as every other format), holds no character that could act on a terminal, and
/// ends with the summary.
fn assert_human(text: &str, file: &FileFindings) {
    for finding in &file.findings {
        let at = file.source.line_col(finding.span.start);
        let header = format!("[{NAME}:{}:{}]", at.line, at.column);
        assert!(text.contains(&header), "human header {header} in:\n{text}");
    }
    let hostile: Vec<char> = text
        .chars()
        .filter(|&ch| ch != '\n' && jmap::text::is_hostile(ch))
        .collect();
    assert!(hostile.is_empty(), "{hostile:?} in:\n{text}");
    let summary = text.lines().last().unwrap_or_default();
    assert!(
        summary.starts_with("Found ") || summary.starts_with("No problems"),
        "{summary}"
    );
}

fn assert_well_formed_xml(text: &str) {
    let mut reader = quick_xml::Reader::from_str(text);
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(_) => {}
            Err(error) => panic!("JUnit is not well-formed XML: {error}\n{text}"),
        }
    }
}

#[test]
fn every_bad_input_is_a_located_error_in_every_format() {
    for (label, bytes, expected) in bad_inputs() {
        let (short, file) = every_format(NAME, bytes);
        assert!(
            file.findings
                .iter()
                .any(|finding| finding.level == Level::Error),
            "{label}: an error"
        );
        let first = short.lines().next().unwrap_or_default();
        assert!(
            first.starts_with(&format!("{NAME}:")),
            "{label}: located: {first}"
        );
        let location: Vec<&str> = first.splitn(4, ':').collect();
        assert!(
            location.len() == 4
                && location[1].parse::<usize>().is_ok_and(|line| line >= 1)
                && location[2].parse::<usize>().is_ok_and(|column| column >= 1),
            "{label}: line and column: {first}"
        );
        assert!(short.contains(expected), "{label}: `{expected}` in {short}");
    }
}

#[test]
fn every_bad_input_exits_1_from_the_command_line() {
    let folder = tempfile::tempdir().expect("temp dir");
    let path = folder.path().join(NAME);
    for (label, bytes, expected) in bad_inputs() {
        std::fs::write(&path, bytes).expect("write");
        let output = Command::cargo_bin("jmap")
            .expect("the jmap binary is built")
            .current_dir(folder.path())
            .env("JMAP_TODAY", "2026-11-22")
            .env("NO_COLOR", "1")
            .args(["lint", "--format", "short", NAME])
            .output()
            .expect("jmap runs");
        let stdout = String::from_utf8_lossy(&output.stdout);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{label}: {stdout}{stderr}");
        assert!(!stderr.contains("panicked"), "{label}: {stderr}");
        assert!(stdout.contains(expected), "{label}: {stdout}");
    }
}

#[test]
fn hostile_text_stays_inert_in_junit_and_github() {
    let (_, file) = every_format(
        NAME,
        "jmap: 1\njourney:\n  \"<x>&\\u0001\\r\\n%]]>\": 1\n"
            .as_bytes()
            .to_vec(),
    );
    let report = LintReport { files: vec![file] };
    let mut junit = Vec::new();
    output::write(
        Format::Junit,
        &report,
        &Options { color: false },
        &mut junit,
    )
    .expect("junit");
    let junit = String::from_utf8(junit).expect("UTF-8");
    assert!(junit.contains("&lt;x&gt;&amp;\\u{1}"), "{junit}");
    assert!(!junit.contains('\u{1}'));
    assert!(junit.contains("]]&gt;"));
    let mut github = Vec::new();
    output::write(
        Format::Github,
        &report,
        &Options { color: false },
        &mut github,
    )
    .expect("github");
    let github = String::from_utf8(github).expect("UTF-8");
    assert_eq!(github.lines().count(), report.files[0].findings.len());
    assert!(github.contains("\\r\\n%25]]>"), "{github}");
}

/// Inputs from the fuzzer: every crash it ever found (`crash-*`, none so far) and a sample
/// of its corpus (`corpus-*`, inputs that reach many different errors). Each must load, or
/// fail to, without a panic.
#[test]
fn fuzzer_findings_stay_fixed() {
    let folder = std::path::Path::new("tests/fixtures/hardening");
    let mut entries: Vec<_> = std::fs::read_dir(folder)
        .expect("fixtures")
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.is_file())
        .collect();
    entries.sort();
    for path in entries {
        let bytes = std::fs::read(&path).expect("read");
        let _ = every_format(NAME, bytes);
    }
}

/// Each bad configuration is a located error (exit 2 from the command line), each good
/// one loads; none panics.
#[test]
fn a_bad_config_is_a_located_error_and_exit_2() {
    let cases: Vec<(String, bool)> = vec![
        ("".into(), true),
        ("\u{feff}rules: {}\n".into(), true),
        ("- a\n".into(), false),
        ("rules: *x\n".into(), false),
        (
            "rules:\n  stale-review: {max_age_days: .nan}\n".into(),
            false,
        ),
        (
            "rules:\n  stale-review: {max_age_days: 1e400}\n".into(),
            false,
        ),
        ("include: [\"{a,b\"]\n".into(), false),
        ("rules: {}\n\u{1b}[2J\n".into(), false),
        ("rules:\r  nope: off\r".into(), false),
        ("[".repeat(10_000), false),
    ];
    let folder = tempfile::tempdir().expect("temp dir");
    std::fs::copy(
        "tests/fixtures/minimal.journey.yaml",
        folder.path().join("m.journey.yaml"),
    )
    .expect("copy");
    for (text, good) in cases {
        let label: String = text.chars().take(40).collect();
        match jmap::config::parse(std::path::Path::new(".jmap.yaml"), &text) {
            Ok(_) => assert!(good, "{label:?} loaded"),
            Err(errors) => {
                assert!(!good, "{label:?}: {:?}", errors.findings);
                assert!(!errors.findings.is_empty(), "{label:?}");
                for finding in &errors.findings {
                    assert!(finding.span.end <= text.len(), "{label:?}: {finding:?}");
                }
            }
        }
        std::fs::write(folder.path().join("c.yaml"), &text).expect("write");
        let output = Command::cargo_bin("jmap")
            .expect("the jmap binary is built")
            .current_dir(folder.path())
            .env("JMAP_TODAY", "2026-11-22")
            .args(["lint", "--config", "c.yaml", "m.journey.yaml"])
            .output()
            .expect("jmap runs");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!stderr.contains("panicked"), "{label:?}: {stderr}");
        if !good {
            assert_eq!(output.status.code(), Some(2), "{label:?}: {stderr}");
            assert!(stderr.contains("c.yaml:"), "{label:?}: located: {stderr}");
        }
    }
}

/// Inputs whose errors must sit at an exact place, with the short line expected there.
fn positioned_inputs() -> Vec<(&'static str, Vec<u8>, &'static str)> {
    let long_line = format!(
        "{{jmap: 1, journey: {{id: x, title: {}, bogus: 1}}}}\n",
        "a".repeat(70_000)
    );
    let anchored = format!("\"{}\"", "x".repeat(60_000));
    let alias_bytes = format!(
        "jmap: 1\nbig: &b {anchored}\njourney:\n  id: x\n  notes: [{}]\n",
        vec!["*b"; 5_000].join(",")
    );
    let aliased = "jmap: 1\njourney: {id: x, title: X}\nlanes:\n  - &lane {id: cust, name: C, kind: customer}\n  - *lane\nstages:\n  - id: s1\n    name: S\n    touchpoints:\n      - &tp {id: t1, name: T, lane: cust, emotion: 1}\n      - *tp\n";
    vec![
        (
            "C0 control",
            b"jmap: 1\njourney:\n  id: a\x01b\n".to_vec(),
            "bad.journey.yaml:3:8: error[yaml-syntax] raw control character U+0001",
        ),
        (
            "OSC hyperlink",
            b"jmap: 1\njourney:\n  title: \x1b]8;;https://x\x07y\n".to_vec(),
            "bad.journey.yaml:3:10: error[yaml-syntax] raw control character U+001B",
        ),
        (
            "DEL",
            b"jmap: 1\njourney:\n  title: a\x7f\n".to_vec(),
            "bad.journey.yaml:3:11: error[yaml-syntax] raw control character U+007F",
        ),
        (
            "C1 CSI",
            "jmap: 1\njourney:\n  title: é\u{9b}31m\n"
                .as_bytes()
                .to_vec(),
            "bad.journey.yaml:3:11: error[yaml-syntax] raw control character U+009B",
        ),
        (
            "noncharacter",
            "jmap: 1\njourney:\n  title: \u{fffe}\n".as_bytes().to_vec(),
            "bad.journey.yaml:3:10: error[yaml-syntax] raw control character U+FFFE",
        ),
        (
            "CR line ends",
            b"jmap: 1\rjourney:\r  id: x\r  bogus: 1\r".to_vec(),
            "bad.journey.yaml:4:3: error[schema] unknown field `bogus`",
        ),
        (
            "mixed line ends",
            b"jmap: 1\r\njourney:\r  id: x\n\n  bogus: 1\r\n".to_vec(),
            "bad.journey.yaml:5:3: error[schema] unknown field `bogus`",
        ),
        (
            "tab after a value",
            b"jmap: 1\njourney:\n  id: x\n\ttitle: y\n".to_vec(),
            "bad.journey.yaml:4:1: error[yaml-syntax]",
        ),
        (
            "tab indent",
            b"jmap: 1\njourney:\n\tid: x\n".to_vec(),
            "bad.journey.yaml:3:1: error[yaml-syntax]",
        ),
        (
            "alias of a lane",
            aliased.as_bytes().to_vec(),
            "bad.journey.yaml:5:5: error[duplicate-id] lane id `cust` is already used",
        ),
        (
            "alias of a touchpoint",
            aliased.as_bytes().to_vec(),
            "bad.journey.yaml:11:9: error[duplicate-id] touchpoint id `t1` is already used",
        ),
        (
            "aliases repeating a large value",
            alias_bytes.into_bytes(),
            "bad.journey.yaml:5:428: error[yaml-syntax] aliases expand to more than 8 MiB of text",
        ),
        (
            "finding past column 65,535",
            long_line.into_bytes(),
            "bad.journey.yaml:1:70037: error[schema] unknown field `bogus`",
        ),
    ]
}

#[test]
fn errors_sit_where_the_problem_is() {
    for (label, bytes, expected) in positioned_inputs() {
        let (short, _) = every_format(NAME, bytes);
        assert!(
            short.lines().any(|line| line.starts_with(expected)),
            "{label}: `{expected}` in\n{short}"
        );
    }
    // NEL (U+0085) is printable in YAML 1.2: not an error.
    let (short, _) = every_format(
        NAME,
        "jmap: 1\njourney:\n  title: a\u{85}b\n".as_bytes().to_vec(),
    );
    assert!(!short.contains("yaml-syntax"), "{short}");
}

/// The human format through the binary: a finding past column 65,535 renders (it used to
/// panic), with its true position and a short snippet.
#[test]
fn the_human_format_renders_a_finding_on_a_very_long_line() {
    let folder = tempfile::tempdir().expect("temp dir");
    let (_, bytes, _) = positioned_inputs()
        .into_iter()
        .find(|(label, _, _)| label.contains("65,535"))
        .expect("the long-line input");
    std::fs::write(folder.path().join(NAME), bytes).expect("write");
    let output = Command::cargo_bin("jmap")
        .expect("the jmap binary is built")
        .current_dir(folder.path())
        .env("NO_COLOR", "1")
        .env("JMAP_TODAY", "2026-11-22")
        .args(["lint", NAME])
        .output()
        .expect("jmap runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stdout.contains(&format!("[{NAME}:1:70037]")), "{stdout}");
    assert!(
        stdout.lines().all(|line| line.chars().count() < 400),
        "snippet lines are cut"
    );
    assert!(stdout.contains("…"), "{stdout}");
}

/// The SARIF of every hardening input, hostile text and load errors included, validates
/// against the SARIF 2.1.0 schema.
#[test]
fn sarif_of_every_hardening_input_validates() {
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string("tests/schemas/sarif-2.1.0.json").expect("schema copy"),
    )
    .expect("schema is JSON");
    let validator = jsonschema::draft4::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the SARIF schema compiles");
    let mut inputs: Vec<(String, Vec<u8>)> = bad_inputs()
        .into_iter()
        .map(|(label, bytes, _)| (label.to_string(), bytes))
        .collect();
    for entry in std::fs::read_dir("tests/fixtures/hardening").expect("fixtures") {
        let path = entry.expect("entry").path();
        inputs.push((
            path.display().to_string(),
            std::fs::read(&path).expect("read"),
        ));
    }
    for (label, bytes) in inputs {
        let (_, file) = every_format(NAME, bytes);
        let document = jmap::output::sarif::document(&LintReport { files: vec![file] }, None);
        let value = serde_json::to_value(&document).expect("SARIF is JSON");
        let errors: Vec<String> = validator
            .iter_errors(&value)
            .map(|error| format!("{error} at {}", error.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{label}: {errors:#?}");
    }
}
