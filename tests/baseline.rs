//! `jmap lint --write-baseline FILE` / `--baseline FILE`: adopt jmap on an old journey and
//! see only new findings.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // test code may fail loudly

use assert_cmd::Command;
use predicates::prelude::*;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

fn jmap(folder: &Path) -> Command {
    let mut command = Command::cargo_bin("jmap").expect("the jmap binary is built");
    command
        .current_dir(folder)
        .env("JMAP_TODAY", "2026-11-22")
        .env("NO_COLOR", "1");
    command
}

/// A temp folder holding copies of fixture journeys.
fn workspace(fixtures: &[&str]) -> TempDir {
    let folder = tempfile::tempdir().expect("temp dir");
    for fixture in fixtures {
        let source = PathBuf::from("tests/fixtures").join(fixture);
        let name = source.file_name().expect("a file name");
        std::fs::copy(&source, folder.path().join(name)).expect("copy fixture");
    }
    folder
}

fn short(folder: &Path, extra: &[&str]) -> (String, String, i32) {
    let output = jmap(folder)
        .args(["lint", "--format", "short"])
        .args(extra)
        .output()
        .expect("jmap runs");
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
        output.status.code().unwrap_or(-1),
    )
}

#[test]
fn write_baseline_records_sorted_findings_and_load_errors_stay() {
    let folder = workspace(&["ci/findings.journey.yaml", "ci/broken.journey.yaml"]);
    jmap(folder.path())
        .args(["lint", "--write-baseline", "jmap-baseline.json"])
        .assert()
        // The schema error in broken.journey.yaml cannot be baselined.
        .code(1)
        .stdout(predicate::str::contains("error[schema]").or(predicate::str::contains("schema")))
        .stderr(predicate::str::contains("Wrote 8 findings to the baseline"));
    let text = std::fs::read_to_string(folder.path().join("jmap-baseline.json")).expect("written");
    insta::assert_snapshot!(text);
    let document: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    assert_eq!(document["version"], 1);
    let findings = document["findings"].as_array().expect("findings");
    assert!(findings.iter().all(|finding| finding["rule"] != "schema"));
    let keys: Vec<String> = findings
        .iter()
        .map(|finding| {
            format!(
                "{}|{}|{}",
                finding["file"], finding["rule"], finding["element"]
            )
        })
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted, "sorted");
}

#[test]
fn baseline_hides_recorded_findings_and_says_how_many() {
    let folder = workspace(&["ci/findings.journey.yaml"]);
    jmap(folder.path())
        .args(["lint", "--write-baseline", "base.json"])
        .assert()
        .success();
    jmap(folder.path())
        .args(["lint", "--baseline", "base.json"])
        .assert()
        .success()
        .stdout(predicate::str::contains("No problems found in 1 file."))
        .stderr(predicate::str::contains(
            "8 findings suppressed by the baseline base.json.",
        ));
    // Machine formats keep stderr quiet.
    let (stdout, stderr, code) = short(folder.path(), &["--baseline", "base.json"]);
    assert_eq!((stdout.as_str(), stderr.as_str(), code), ("", "", 0));
}

#[test]
fn baseline_survives_edits_above_an_element_and_reports_new_findings() {
    let folder = workspace(&["ci/findings.journey.yaml"]);
    let path = folder.path().join("findings.journey.yaml");
    jmap(folder.path())
        .args(["lint", "--write-baseline", "base.json"])
        .assert()
        .success();
    let text = std::fs::read_to_string(&path).expect("read");
    // Lines move: a description above everything, and a new unowned cross-lane handoff.
    let edited = text
        .replacen(
            "  owner: Head of Customer Success\n",
            "  owner: Head of Customer Success\n  description: |\n    Two\n    new lines.\n",
            1,
        )
        .replacen(
            "        handoffs:\n          - {to: welcome-call, owner: CS lead}\n",
            "        handoffs:\n          - {to: welcome-call, owner: CS lead}\n          - {to: first-login, rework: true}\n",
            1,
        );
    assert_ne!(edited, text);
    std::fs::write(&path, edited).expect("write");
    let (stdout, _, code) = short(folder.path(), &["--baseline", "base.json"]);
    assert_eq!(code, 1, "{stdout}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 1, "only the new finding: {stdout}");
    assert!(
        lines
            .iter()
            .all(|line| line.contains("`training` -> `first-login`")),
        "{stdout}"
    );
}

#[test]
fn baseline_counts_multiplicity() {
    let folder = workspace(&["baseline/twin-handoffs.journey.yaml"]);
    let (stdout, _, _) = short(folder.path(), &[]);
    assert_eq!(stdout.matches("unowned-handoff").count(), 2, "{stdout}");
    let entry = serde_json::json!({
        "version": 1,
        "findings": [{
            "file": "twin-handoffs.journey.yaml",
            "rule": "unowned-handoff",
            "element": "handoff:a->b",
            "message": "recorded once",
        }],
    });
    std::fs::write(folder.path().join("base.json"), entry.to_string()).expect("write");
    let (stdout, _, code) = short(folder.path(), &["--baseline", "base.json"]);
    assert_eq!(code, 1);
    assert_eq!(
        stdout.matches("unowned-handoff").count(),
        1,
        "one entry hides one: {stdout}"
    );
}

#[test]
fn baseline_matches_however_the_path_is_written() {
    let folder = workspace(&["ci/findings.journey.yaml"]);
    jmap(folder.path())
        .args([
            "lint",
            "--write-baseline",
            "base.json",
            "./findings.journey.yaml",
        ])
        .assert()
        .success();
    let text = std::fs::read_to_string(folder.path().join("base.json")).expect("written");
    assert!(
        text.contains("\"file\": \"findings.journey.yaml\""),
        "{text}"
    );
    let (stdout, _, code) = short(
        folder.path(),
        &["--baseline", "base.json", "findings.journey.yaml"],
    );
    assert_eq!((stdout.as_str(), code), ("", 0));
}

#[test]
fn baseline_applies_to_every_format() {
    let folder = workspace(&["ci/findings.journey.yaml"]);
    jmap(folder.path())
        .args(["lint", "--write-baseline", "base.json"])
        .assert()
        .success();
    for format in ["json", "sarif", "github", "junit"] {
        let output = jmap(folder.path())
            .args(["lint", "--baseline", "base.json", "--format", format])
            .output()
            .expect("jmap runs");
        assert_eq!(output.status.code(), Some(0), "{format}");
        let text = String::from_utf8_lossy(&output.stdout);
        if format == "sarif" {
            // The rules metadata names every rule; the results must be empty.
            let document: serde_json::Value = serde_json::from_str(&text).expect("JSON");
            assert_eq!(document["runs"][0]["results"], serde_json::json!([]));
        } else {
            assert!(!text.contains("unowned-handoff"), "{format}: {text}");
        }
    }
}

#[test]
fn missing_or_bad_baselines_are_exit_2() {
    let folder = workspace(&["ci/findings.journey.yaml"]);
    jmap(folder.path())
        .args(["lint", "--baseline", "missing.json"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "cannot read the baseline missing.json",
        ));
    for (name, text, message) in [
        ("garbage.json", "not json", "is not a jmap baseline"),
        ("list.json", "[]", "is not a jmap baseline"),
        (
            "fields.json",
            r#"{"version": 1}"#,
            "missing field `findings`",
        ),
        (
            "version.json",
            r#"{"version": 2, "findings": []}"#,
            "unsupported baseline version 2",
        ),
        (
            "unknown.json",
            r#"{"version": 1, "findings": [{"file": "a", "rule": "b", "element": "c", "line": 3}]}"#,
            "unknown field `line`",
        ),
    ] {
        std::fs::write(folder.path().join(name), text).expect("write");
        jmap(folder.path())
            .args(["lint", "--baseline", name])
            .assert()
            .code(2)
            .stdout("")
            .stderr(predicate::str::contains(message));
    }
}

#[test]
fn write_baseline_into_a_missing_folder_is_exit_2() {
    let folder = workspace(&["ci/findings.journey.yaml"]);
    jmap(folder.path())
        .args(["lint", "--write-baseline", "no/such/folder/base.json"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot write"));
}

#[test]
fn baseline_library_round_trip() {
    let baseline = jmap::baseline::Baseline {
        version: 1,
        findings: vec![jmap::baseline::Entry {
            file: "a.journey.yaml".into(),
            rule: "unused-lane".into(),
            element: "lane:x".into(),
            message: String::new(),
        }],
    };
    let parsed = jmap::baseline::Baseline::parse(&baseline.to_json()).expect("parses");
    assert_eq!(parsed, baseline);
}
