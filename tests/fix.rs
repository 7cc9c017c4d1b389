//! `jmap lint --fix`, `--unsafe-fixes` and `--diff` on fixtures with comments, flow style
//! and odd spacing: byte-exact results (snapshots), atomic writes, a second run that finds
//! nothing, and files whose fixed text would not load left alone.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // test code may fail loudly

use assert_cmd::Command;
use std::path::{Path, PathBuf};

const FIXTURES: &str = "tests/fixtures/fix";

fn jmap(dir: &Path) -> Command {
    let mut command = Command::cargo_bin("jmap").unwrap();
    command
        .current_dir(dir)
        .env("JMAP_TODAY", "2026-12-01")
        .env("NO_COLOR", "1");
    command
}

/// A fresh folder holding a copy of one fixture (and a `.git` so no outer config applies).
fn copy(name: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    let path = dir.path().join(name);
    std::fs::copy(Path::new(FIXTURES).join(name), &path).unwrap();
    (dir, path)
}

fn stdout(output: &std::process::Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

#[test]
fn diff_shows_the_safe_fixes_and_writes_nothing() {
    let (dir, path) = copy("allows.journey.yaml");
    let before = std::fs::read_to_string(&path).unwrap();
    let output = jmap(dir.path())
        .args(["lint", "--diff", "allows.journey.yaml"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "a diff to apply exits 1");
    insta::assert_snapshot!("diff_safe_allows", stdout(&output));
    assert_eq!(stderr(&output), "Would fix 6 findings in 1 file.\n");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), before);
}

#[test]
fn diff_with_unsafe_fixes_adds_rework_and_did_you_mean() {
    for name in ["allows.journey.yaml", "messy.journey.yaml"] {
        let (dir, _) = copy(name);
        let output = jmap(dir.path())
            .args(["lint", "--diff", "--unsafe-fixes", name])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1));
        insta::assert_snapshot!(format!("diff_unsafe_{name}"), stdout(&output));
    }
}

#[test]
fn fix_writes_the_safe_fixes_and_a_second_run_finds_nothing() {
    let (dir, path) = copy("allows.journey.yaml");
    let output = jmap(dir.path())
        .args(["lint", "--fix", "--format", "short", "allows.journey.yaml"])
        .output()
        .unwrap();
    assert_eq!(stderr(&output), "Fixed 6 findings in 1 file.\n");
    // What is left: the two backward handoffs, whose fix is unsafe.
    insta::assert_snapshot!("fix_safe_allows_report", stdout(&output));
    let fixed = std::fs::read_to_string(&path).unwrap();
    insta::assert_snapshot!("fix_safe_allows_file", fixed);

    let again = jmap(dir.path())
        .args(["lint", "--diff", "allows.journey.yaml"])
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(0));
    assert_eq!(stdout(&again), "");
    assert_eq!(stderr(&again), "No fixes to apply.\n");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), fixed);
    // No temp file is left behind.
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|entry| entry.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
}

#[test]
fn unsafe_fixes_leave_no_finding_a_fix_covers() {
    for name in ["allows.journey.yaml", "messy.journey.yaml"] {
        let (dir, path) = copy(name);
        let output = jmap(dir.path())
            .args(["lint", "--unsafe-fixes", "--format", "json", name])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        assert_eq!(report["findings"], serde_json::json!([]), "{name}");
        insta::assert_snapshot!(
            format!("fix_unsafe_{name}"),
            std::fs::read_to_string(&path).unwrap()
        );
        let again = jmap(dir.path())
            .args(["lint", "--diff", "--unsafe-fixes", name])
            .output()
            .unwrap();
        assert_eq!(again.status.code(), Some(0));
        assert_eq!(stdout(&again), "");
    }
}

#[test]
fn safe_fix_does_not_apply_unsafe_fixes_to_a_file_that_does_not_load() {
    let (dir, path) = copy("messy.journey.yaml");
    let before = std::fs::read_to_string(&path).unwrap();
    let output = jmap(dir.path())
        .args(["lint", "--fix", "--format", "short", "messy.journey.yaml"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(stdout(&output).contains("error[unknown-reference]"));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), before);
}

#[test]
fn a_fix_whose_result_would_not_load_is_not_written() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    let path = dir.path().join("dup.journey.yaml");
    // `onwer` would become a second `owner`: a duplicate key.
    let text = "jmap: 1\njourney: {id: j, title: J, owner: A, onwer: B}\nlanes: []\nstages: []\n";
    std::fs::write(&path, text).unwrap();
    let output = jmap(dir.path())
        .args(["lint", "--unsafe-fixes", "dup.journey.yaml"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("not fixed: the fixed file would not load"),
        "{}",
        stderr(&output)
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
}

#[test]
fn explain_says_what_a_fix_does() {
    let dir = tempfile::tempdir().unwrap();
    let output = jmap(dir.path())
        .args(["explain", "unused-allow"])
        .output()
        .unwrap();
    assert!(stdout(&output).contains("## Automatic fix (safe)"));
    let output = jmap(dir.path())
        .args(["explain", "backward-handoff"])
        .output()
        .unwrap();
    assert!(
        stdout(&output).contains("## Automatic fix (unsafe)\n\nMarks the handoff `rework: true`")
    );
    let output = jmap(dir.path())
        .args(["explain", "unowned-handoff"])
        .output()
        .unwrap();
    assert!(!stdout(&output).contains("Automatic fix"));
}

#[test]
fn the_human_report_says_what_fix_would_do() {
    let (dir, _) = copy("allows.journey.yaml");
    let output = jmap(dir.path())
        .args(["lint", "allows.journey.yaml"])
        .output()
        .unwrap();
    let text = stderr(&output);
    assert!(
        text.contains("6 findings are fixable with `jmap lint --fix`.\n"),
        "{text}"
    );
    assert!(
        text.contains("2 findings have a fix that changes meaning: review it with `jmap lint --diff --unsafe-fixes`.\n"),
        "{text}"
    );
    // Machine formats stay quiet.
    let output = jmap(dir.path())
        .args(["lint", "--format", "json", "allows.journey.yaml"])
        .output()
        .unwrap();
    assert_eq!(stderr(&output), "");
}
