//! The CI formats of `jmap lint`: SARIF, GitHub workflow commands and JUnit XML carry the
//! same findings as `--format short`, and SARIF validates against the SARIF 2.1.0 schema.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // test code may fail loudly

use assert_cmd::Command;
use quick_xml::XmlVersion;
use quick_xml::events::Event;
use std::collections::BTreeSet;
use std::path::Path;

const FIXTURES: &str = "tests/fixtures/ci";
const FILES: &[&str] = &[
    "broken.journey.yaml",
    "clean.journey.yaml",
    "findings.journey.yaml",
];

fn jmap() -> Command {
    let mut command = Command::cargo_bin("jmap").expect("the jmap binary is built");
    command.env("JMAP_TODAY", "2026-11-22").env("NO_COLOR", "1");
    command
}

/// Runs `jmap lint --format FORMAT` over the fixtures; returns stdout and the exit code.
fn lint(format: &str) -> (String, i32) {
    let output = jmap()
        .current_dir(FIXTURES)
        .args(["lint", "--format", format])
        .args(FILES)
        .output()
        .expect("jmap runs");
    let stdout = String::from_utf8(output.stdout).expect("UTF-8 output");
    (stdout, output.status.code().unwrap_or(-1))
}

type Key = (String, usize, usize, String);

fn short_keys() -> BTreeSet<Key> {
    let (text, _) = lint("short");
    text.lines()
        .map(|line| {
            let mut parts = line.splitn(4, ':');
            let file = parts.next().unwrap_or_default().to_string();
            let line_no = parts.next().unwrap_or_default().parse().unwrap_or(0);
            let column = parts.next().unwrap_or_default().parse().unwrap_or(0);
            let rest = parts.next().unwrap_or_default();
            let rule = between(rest, '[', ']');
            (file, line_no, column, rule)
        })
        .collect()
}

fn between(text: &str, open: char, close: char) -> String {
    let start = text.find(open).map_or(0, |index| index + 1);
    let end = text[start..]
        .find(close)
        .map_or(text.len(), |index| start + index);
    text[start..end].to_string()
}

fn sarif() -> serde_json::Value {
    let (text, _) = lint("sarif");
    serde_json::from_str(&text).expect("SARIF is JSON")
}

fn sarif_keys(sarif: &serde_json::Value) -> BTreeSet<Key> {
    sarif["runs"][0]["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|result| {
            let location = &result["locations"][0]["physicalLocation"];
            (
                location["artifactLocation"]["uri"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string(),
                location["region"]["startLine"].as_u64().unwrap_or(0) as usize,
                location["region"]["startColumn"].as_u64().unwrap_or(0) as usize,
                result["ruleId"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

fn github_keys(text: &str) -> BTreeSet<Key> {
    text.lines()
        .map(|line| {
            let (properties, _) = line
                .split_once(" ")
                .map(|(_, rest)| rest.split_once("::").unwrap_or((rest, "")))
                .unwrap_or(("", ""));
            let mut file = String::new();
            let (mut line_no, mut column, mut rule) = (0, 0, String::new());
            for property in properties.split(',') {
                match property.split_once('=') {
                    Some(("file", value)) => file = value.to_string(),
                    Some(("line", value)) => line_no = value.parse().unwrap_or(0),
                    Some(("col", value)) => column = value.parse().unwrap_or(0),
                    Some(("title", value)) => rule = between(value, '(', ')'),
                    _ => {}
                }
            }
            (file, line_no, column, rule)
        })
        .collect()
}

/// Every testcase of a JUnit report: (classname, name, failure?, body text).
fn junit_cases(xml: &str) -> Vec<(String, String, bool, String)> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut cases = Vec::new();
    let mut failure = false;
    let mut body = String::new();
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(tag) | Event::Empty(tag) if tag.name().as_ref() == "testcase" => {
                let attribute = |name: &str| {
                    tag.try_get_attribute(name)
                        .ok()
                        .flatten()
                        .and_then(|value| value.normalized_value(XmlVersion::Explicit1_0).ok())
                        .map(|value| value.to_string())
                        .unwrap_or_default()
                };
                cases.push((
                    attribute("classname"),
                    attribute("name"),
                    false,
                    String::new(),
                ));
                failure = false;
                body.clear();
            }
            Event::Start(tag) if tag.name().as_ref() == "failure" => failure = true,
            Event::Text(text) => body.push_str(&text.xml10_content()),
            Event::GeneralRef(reference) => {
                let name = reference.into_inner();
                body.push_str(match &*name {
                    "lt" => "<",
                    "gt" => ">",
                    "amp" => "&",
                    "quot" => "\"",
                    "apos" => "'",
                    _ => "?",
                });
            }
            Event::End(tag) if tag.name().as_ref() == "testcase" => {
                if let Some(last) = cases.last_mut() {
                    last.2 = failure;
                    last.3 = body.trim().to_string();
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    cases
}

fn junit_keys(xml: &str) -> BTreeSet<Key> {
    junit_cases(xml)
        .into_iter()
        .filter(|(_, name, _, _)| name != "jmap lint")
        .map(|(_, _, _, body)| {
            // The body starts with the finding in the short format.
            let first = body.lines().next().unwrap_or_default().to_string();
            let mut parts = first.splitn(4, ':');
            let file = parts.next().unwrap_or_default().to_string();
            let line_no = parts.next().unwrap_or_default().parse().unwrap_or(0);
            let column = parts.next().unwrap_or_default().parse().unwrap_or(0);
            (
                file,
                line_no,
                column,
                between(parts.next().unwrap_or_default(), '[', ']'),
            )
        })
        .collect()
}

#[test]
fn every_format_carries_the_findings_of_short() {
    let short = short_keys();
    assert_eq!(short.len(), 9, "the fixture has 9 findings: {short:#?}");
    assert_eq!(sarif_keys(&sarif()), short, "sarif");
    assert_eq!(github_keys(&lint("github").0), short, "github");
    assert_eq!(junit_keys(&lint("junit").0), short, "junit");
}

#[test]
fn every_format_exits_like_short() {
    for format in ["short", "json", "sarif", "github", "junit", "human"] {
        assert_eq!(lint(format).1, 1, "{format}: the fixtures have errors");
    }
    for format in ["sarif", "github", "junit"] {
        jmap()
            .current_dir(FIXTURES)
            .args(["lint", "--format", format, "clean.journey.yaml"])
            .assert()
            .success();
    }
}

#[test]
fn sarif_validates_against_the_sarif_2_1_0_schema() {
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string("tests/schemas/sarif-2.1.0.json").expect("schema copy"),
    )
    .expect("schema is JSON");
    // The schema is draft-04, whose meta-schema the validator bundles: nothing is fetched.
    let validator = jsonschema::draft4::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the SARIF schema compiles");
    let document = sarif();
    let errors: Vec<String> = validator
        .iter_errors(&document)
        .map(|error| format!("{} at {}", error, error.instance_path()))
        .collect();
    assert!(errors.is_empty(), "SARIF is invalid: {errors:#?}");

    // Related locations (a duplicate id points at its first use) validate too.
    let folder = tempfile::tempdir().expect("temp dir");
    let text = std::fs::read_to_string(Path::new(FIXTURES).join("clean.journey.yaml"))
        .expect("fixture")
        .replace("id: proposal", "id: discovery-call");
    std::fs::write(folder.path().join("dup.journey.yaml"), text).expect("write");
    let output = jmap()
        .current_dir(folder.path())
        .args(["lint", "--format", "sarif", "dup.journey.yaml"])
        .output()
        .expect("jmap runs");
    let duplicate: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let results = duplicate["runs"][0]["results"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let result = results
        .iter()
        .find(|result| result["ruleId"] == "duplicate-id")
        .expect("a duplicate-id result");
    assert!(result["relatedLocations"][0]["physicalLocation"]["region"]["startLine"].is_u64());
    assert!(validator.is_valid(&duplicate));

    // The validator does reject what the schema forbids.
    let mut broken = document.clone();
    broken["runs"][0]["results"][0]["level"] = "fatal".into();
    assert!(!validator.is_valid(&broken));
}

#[test]
fn sarif_lists_every_rule_with_its_metadata() {
    let document = sarif();
    let driver = &document["runs"][0]["tool"]["driver"];
    assert_eq!(driver["name"], "jmap");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    let rules = driver["rules"].as_array().expect("rules");
    let metas: Vec<_> = jmap::rules::all_meta().collect();
    assert_eq!(rules.len(), metas.len());
    for (rule, meta) in rules.iter().zip(&metas) {
        assert_eq!(rule["id"], meta.name);
        assert_eq!(rule["shortDescription"]["text"], meta.summary);
        assert_eq!(rule["help"]["markdown"], meta.explanation);
        assert!(
            rule["fullDescription"]["text"]
                .as_str()
                .is_some_and(|text| !text.is_empty())
        );
        assert_eq!(
            rule["defaultConfiguration"]["level"],
            meta.default_level.as_str()
        );
    }
    for result in document["runs"][0]["results"].as_array().expect("results") {
        let index = result["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(
            rules[index]["id"], result["ruleId"],
            "ruleIndex points at the rule"
        );
        let fingerprint = result["partialFingerprints"]["jmapElement/v1"]
            .as_str()
            .expect("a partial fingerprint");
        assert!(fingerprint.contains(result["ruleId"].as_str().unwrap_or("?")));
    }
}

#[test]
fn sarif_fingerprints_survive_moved_lines() {
    let folder = tempfile::tempdir().expect("temp dir");
    let text = std::fs::read_to_string(Path::new(FIXTURES).join("findings.journey.yaml"))
        .expect("fixture");
    let fingerprints = |text: &str| {
        std::fs::write(folder.path().join("j.journey.yaml"), text).expect("write");
        let output = jmap()
            .current_dir(folder.path())
            .args(["lint", "--format", "sarif", "j.journey.yaml"])
            .output()
            .expect("jmap runs");
        let document: serde_json::Value =
            serde_json::from_slice(&output.stdout).expect("SARIF is JSON");
        let results = document["runs"][0]["results"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        let lines: Vec<u64> = results
            .iter()
            .map(|result| {
                result["locations"][0]["physicalLocation"]["region"]["startLine"]
                    .as_u64()
                    .unwrap_or(0)
            })
            .collect();
        let prints: Vec<String> = results
            .iter()
            .map(|result| result["partialFingerprints"].to_string())
            .collect();
        (lines, prints)
    };
    let (before_lines, before) = fingerprints(&text);
    let moved = text.replacen(
        "journey:\n",
        "# a new comment\n# and another\njourney:\n",
        1,
    );
    let (after_lines, after) = fingerprints(&moved);
    assert_ne!(before_lines, after_lines, "the lines moved");
    assert_eq!(before, after, "the fingerprints did not");
}

/// The snapshot keeps each rule's id, summary and level; its long texts are checked above.
fn sarif_for_snapshot() -> String {
    let mut document = sarif();
    if let Some(rules) = document["runs"][0]["tool"]["driver"]["rules"].as_array_mut() {
        for rule in rules {
            rule["fullDescription"]["text"] = "…".into();
            rule["help"] = serde_json::json!({"text": "…", "markdown": "…"});
        }
    }
    document["runs"][0]["tool"]["driver"]["version"] = "[version]".into();
    document["runs"][0]["tool"]["driver"]["semanticVersion"] = "[version]".into();
    serde_json::to_string_pretty(&document).expect("JSON")
}

#[test]
fn snapshot_sarif() {
    insta::assert_snapshot!(sarif_for_snapshot());
}

#[test]
fn snapshot_github() {
    insta::assert_snapshot!(lint("github").0);
}

#[test]
fn snapshot_junit() {
    insta::assert_snapshot!(lint("junit").0);
}

#[test]
fn junit_fails_errors_and_lists_warnings_and_clean_files() {
    let cases = junit_cases(&lint("junit").0);
    let clean: Vec<_> = cases
        .iter()
        .filter(|(classname, ..)| classname == "clean.journey.yaml")
        .collect();
    assert_eq!(clean.len(), 1, "a clean file shows as one passing testcase");
    assert!(!clean[0].2);
    for (_, name, failure, body) in &cases {
        if body.contains(": error[") {
            assert!(failure, "{name} is an error: a failure");
        } else {
            assert!(!failure, "{name} is a warning or a pass: no failure");
        }
    }
}

#[test]
fn odd_file_names_are_escaped_in_every_format() {
    let folder = tempfile::tempdir().expect("temp dir");
    let name = "odd, name: 50% <x>.journey.yaml";
    std::fs::write(
        folder.path().join(name),
        std::fs::read(Path::new(FIXTURES).join("findings.journey.yaml")).expect("fixture"),
    )
    .expect("write");
    let run = |format: &str| {
        let output = jmap()
            .current_dir(folder.path())
            .args(["lint", "--format", format, name])
            .output()
            .expect("jmap runs");
        String::from_utf8(output.stdout).expect("UTF-8")
    };
    let github = run("github");
    assert!(
        github.contains("file=odd%2C name%3A 50%25 <x>.journey.yaml,line="),
        "{github}"
    );
    let sarif: serde_json::Value = serde_json::from_str(&run("sarif")).expect("JSON");
    assert_eq!(
        sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "odd,%20name%3A%2050%25%20%3Cx%3E.journey.yaml"
    );
    let junit = run("junit");
    assert!(junit.contains("classname=\"odd, name: 50% &lt;x&gt;.journey.yaml\""));
    assert!(!junit_cases(&junit).is_empty());
}

#[test]
fn github_message_escapes_newlines_and_percent() {
    let folder = tempfile::tempdir().expect("temp dir");
    // An unknown field whose name holds a newline and a percent sign.
    std::fs::write(
        folder.path().join("j.journey.yaml"),
        "jmap: 1\njourney:\n  \"a\\nb%c\\r\": 1\n",
    )
    .expect("write");
    let output = jmap()
        .current_dir(folder.path())
        .args(["lint", "--format", "github", "j.journey.yaml"])
        .output()
        .expect("jmap runs");
    let text = String::from_utf8(output.stdout).expect("UTF-8");
    // The value's own line breaks are shown, never written: no new line in the log.
    assert!(text.contains("a\\nb%25c\\r"), "{text}");
    for line in text.lines() {
        assert!(
            line.starts_with("::error ") || line.starts_with("::warning "),
            "{line}"
        );
    }
}

#[test]
fn output_file_is_written_and_stdout_stays_empty() {
    let folder = tempfile::tempdir().expect("temp dir");
    let target = folder.path().join("jmap.sarif");
    jmap()
        .current_dir(FIXTURES)
        .args(["lint", "--format", "sarif", "findings.journey.yaml", "-o"])
        .arg(&target)
        .assert()
        .code(1)
        .stdout("");
    let written: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&target).expect("written")).expect("JSON");
    assert_eq!(written["version"], "2.1.0");
    let leftovers: Vec<_> = std::fs::read_dir(folder.path())
        .expect("read dir")
        .filter_map(Result::ok)
        .map(|entry| entry.file_name())
        .collect();
    assert_eq!(
        leftovers.len(),
        1,
        "no temp file left behind: {leftovers:?}"
    );
}

#[test]
fn output_into_a_missing_folder_is_exit_2() {
    jmap()
        .current_dir(FIXTURES)
        .args(["lint", "clean.journey.yaml", "-o", "no/such/folder/out.txt"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("cannot write"));
}

#[test]
fn every_format_is_in_format_all() {
    use clap::ValueEnum;
    assert_eq!(
        jmap::output::Format::ALL,
        jmap::output::Format::value_variants()
    );
}
