//! What a team meets when it adopts jmap: stale `allow` entries, misspelt rule names,
//! `.jmap.yaml` include/exclude globs and shell completions.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // test code may fail loudly

use assert_cmd::Command;
use predicates::prelude::*;
use std::path::Path;
use tempfile::TempDir;

fn jmap(folder: &Path) -> Command {
    let mut command = Command::cargo_bin("jmap").expect("the jmap binary is built");
    command
        .current_dir(folder)
        .env("JMAP_TODAY", "2026-11-22")
        .env("NO_COLOR", "1");
    command
}

fn clean_journey() -> String {
    std::fs::read_to_string("tests/fixtures/ci/clean.journey.yaml").expect("fixture")
}

/// A temp git root (so `.jmap.yaml` discovery stops there) holding `files`.
fn repo(files: &[(&str, &str)]) -> TempDir {
    let folder = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir(folder.path().join(".git")).expect("mkdir .git");
    for (path, text) in files {
        let path = folder.path().join(path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("mkdir");
        }
        std::fs::write(path, text).expect("write");
    }
    folder
}

fn short(folder: &Path, args: &[&str]) -> (String, String, i32) {
    let output = jmap(folder)
        .args(["lint", "--format", "short"])
        .args(args)
        .output()
        .expect("jmap runs");
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
        output.status.code().unwrap_or(-1),
    )
}

#[test]
fn an_allow_that_silences_nothing_is_a_warning() {
    let journey = clean_journey().replace(
        "        lane: sales\n",
        "        lane: sales\n        allow: [pain-without-opportunity]\n",
    );
    let folder = repo(&[("j.journey.yaml", &journey)]);
    let (stdout, _, code) = short(folder.path(), &[]);
    assert_eq!(
        stdout,
        "j.journey.yaml:23:17: warning[unused-allow] `allow: pain-without-opportunity` silences nothing here\n"
    );
    assert_eq!(code, 0, "a warning does not fail the run");
    let (_, _, code) = short(folder.path(), &["--deny-warnings"]);
    assert_eq!(code, 1);
}

#[test]
fn an_allow_that_silences_something_is_not_reported() {
    let journey = clean_journey().replace(
        "  - {id: csat-call",
        "  - {id: unused, name: Unused, kind: csat, target: \">= 1\"}\n  - {id: csat-call",
    );
    let journey = journey.replacen(
        "  reviewed: 2026-11-01\n",
        "  reviewed: 2026-11-01\n  allow: [unused-metric]\n",
        1,
    );
    let folder = repo(&[("j.journey.yaml", &journey)]);
    let (stdout, _, code) = short(folder.path(), &[]);
    assert_eq!((stdout.as_str(), code), ("", 0));
}

#[test]
fn unused_allow_can_be_turned_off_in_config() {
    let journey = clean_journey().replacen(
        "  reviewed: 2026-11-01\n",
        "  reviewed: 2026-11-01\n  allow: [emotion-drop]\n",
        1,
    );
    let folder = repo(&[
        ("j.journey.yaml", &journey),
        (".jmap.yaml", "rules:\n  unused-allow: off\n"),
    ]);
    let (stdout, _, code) = short(folder.path(), &[]);
    assert_eq!((stdout.as_str(), code), ("", 0));
}

#[test]
fn an_unknown_rule_in_allow_is_a_schema_error_with_a_suggestion() {
    let journey = clean_journey().replacen(
        "  reviewed: 2026-11-01\n",
        "  reviewed: 2026-11-01\n  allow: [stale-reveiw]\n",
        1,
    );
    let folder = repo(&[("j.journey.yaml", &journey)]);
    let output = jmap(folder.path())
        .args(["lint", "--format", "json"])
        .output()
        .expect("jmap runs");
    assert_eq!(output.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let finding = &report["findings"][0];
    assert_eq!(finding["rule"], "schema");
    assert_eq!(finding["message"], "unknown rule `stale-reveiw` in `allow`");
    assert_eq!(
        (finding["line"].as_u64(), finding["column"].as_u64()),
        (Some(7), Some(11))
    );
    assert_eq!(finding["help"], "did you mean `stale-review`?");
}

#[test]
fn an_unknown_rule_in_config_is_a_located_error_and_exit_2() {
    let folder = repo(&[
        ("j.journey.yaml", &clean_journey()),
        (".jmap.yaml", "rules:\n  unmeasured-stag: warn\n"),
    ]);
    jmap(folder.path())
        .args(["lint"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(
            predicate::str::contains("unknown rule `unmeasured-stag`")
                .and(predicate::str::contains(".jmap.yaml:2:3"))
                .and(predicate::str::contains("did you mean `unmeasured-stage`?")),
        );
}

#[test]
fn a_bad_config_is_exit_2() {
    for config in [
        "rules: [a, b]\n",
        "rules:\n  emotion-drop: {min_drop: -1}\n",
        "rules:\n  emotion-drop: {min-drop: 1}\n",
        "rules:\n  stale-review: {max_age_days: 1.5}\n",
        "rules:\n  emotion-drop: loud\n",
        "colour: blue\n",
        "include: [\"journeys/[\"]\n",
        "include: [\n",
        "rules:\n  schema: off\n",
    ] {
        let folder = repo(&[("j.journey.yaml", &clean_journey()), (".jmap.yaml", config)]);
        jmap(folder.path())
            .args(["lint"])
            .assert()
            .code(2)
            .stdout("")
            .stderr(predicate::str::contains(".jmap.yaml"));
    }
}

#[test]
fn a_bad_glob_is_located_at_the_pattern() {
    let folder = repo(&[
        ("j.journey.yaml", &clean_journey()),
        (".jmap.yaml", "include: [\"ok/**\", \"journeys/[\"]\n"),
    ]);
    jmap(folder.path()).args(["lint"]).assert().code(2).stderr(
        predicate::str::contains("invalid glob `journeys/[`")
            .and(predicate::str::contains(".jmap.yaml:1:20")),
    );
}

fn layout() -> TempDir {
    let journey = clean_journey();
    repo(&[
        ("journeys/a.journey.yaml", &journey),
        ("journeys/team/b.journey.yaml", &journey),
        ("journeys/drafts/c.journey.yaml", &journey),
        ("journeys/team/drafts/d.journey.yaml", &journey),
        ("journeys/notes.yaml", "not: a journey\n"),
        ("other/e.journey.yaml", &journey),
        ("f.journey.yaml", &journey),
    ])
}

/// The files `jmap lint --format json` read, in order.
fn linted(folder: &Path, args: &[&str]) -> Vec<String> {
    let output = jmap(folder)
        .args(["lint", "--format", "junit"])
        .args(args)
        .output()
        .expect("jmap runs");
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| line.trim().strip_prefix("<testsuite name=\""))
        .filter_map(|rest| rest.split('"').next())
        .map(str::to_string)
        .collect()
}

#[test]
fn without_config_every_journey_file_is_linted() {
    let folder = layout();
    assert_eq!(
        linted(folder.path(), &[]),
        [
            "f.journey.yaml",
            "journeys/a.journey.yaml",
            "journeys/drafts/c.journey.yaml",
            "journeys/team/b.journey.yaml",
            "journeys/team/drafts/d.journey.yaml",
            "other/e.journey.yaml",
        ]
    );
}

#[test]
fn include_and_exclude_globs_pick_the_files() {
    let folder = layout();
    std::fs::write(
        folder.path().join(".jmap.yaml"),
        "include: [\"journeys/**/*.journey.yaml\"]\nexclude: [\"**/drafts/**\"]\n",
    )
    .expect("write");
    assert_eq!(
        linted(folder.path(), &[]),
        ["journeys/a.journey.yaml", "journeys/team/b.journey.yaml"]
    );
    // From a sub-folder the globs still count from the folder holding `.jmap.yaml`.
    assert_eq!(
        linted(&folder.path().join("journeys/team"), &[]),
        ["b.journey.yaml"]
    );
    // A folder named on the command line is filtered the same way.
    assert_eq!(
        linted(folder.path(), &["journeys"]),
        ["journeys/a.journey.yaml", "journeys/team/b.journey.yaml"]
    );
    // A file named on the command line is linted whatever the globs say.
    assert_eq!(
        linted(folder.path(), &["other/e.journey.yaml"]),
        ["other/e.journey.yaml"]
    );
}

#[test]
fn exclude_alone_keeps_the_default_include() {
    let folder = layout();
    std::fs::write(
        folder.path().join(".jmap.yaml"),
        "exclude: [\"journeys/drafts\", \"other/**\"]\n",
    )
    .expect("write");
    assert_eq!(
        linted(folder.path(), &[]),
        [
            "f.journey.yaml",
            "journeys/a.journey.yaml",
            "journeys/team/b.journey.yaml",
            "journeys/team/drafts/d.journey.yaml",
        ]
    );
}

#[test]
fn an_explicit_config_counts_globs_from_its_folder() {
    let folder = layout();
    std::fs::create_dir_all(folder.path().join("ci")).expect("mkdir");
    std::fs::write(
        folder.path().join("ci/jmap.yaml"),
        "include: [\"*.journey.yaml\"]\n",
    )
    .expect("write");
    // Relative to `ci/`, which holds no journeys, nothing matches.
    assert!(linted(folder.path(), &["--config", "ci/jmap.yaml"]).is_empty());
    // A config in a parent folder, named with `..`.
    std::fs::write(
        folder.path().join("jmap.yaml"),
        "include: [\"journeys/team/*.journey.yaml\"]\n",
    )
    .expect("write");
    assert_eq!(
        linted(
            &folder.path().join("journeys"),
            &["--config", "../jmap.yaml"]
        ),
        ["team/b.journey.yaml"]
    );
}

#[test]
fn completions_for_bash_zsh_and_fish() {
    for shell in ["bash", "zsh", "fish"] {
        let output = jmap(Path::new("."))
            .args(["completions", shell])
            .output()
            .expect("jmap runs");
        assert_eq!(output.status.code(), Some(0), "{shell}");
        let script = String::from_utf8_lossy(&output.stdout);
        assert!(script.contains("jmap"), "{shell}");
        assert!(script.contains("lint"), "{shell}");
        assert!(script.contains("baseline"), "{shell}: knows the lint flags");
        assert!(script.contains("sarif"), "{shell}: knows the formats");
    }
    jmap(Path::new("."))
        .args(["completions", "tcsh"])
        .assert()
        .code(2);
}

#[test]
fn the_pre_commit_hook_and_the_ci_example_run_jmap_lint() {
    let hooks = std::fs::read_to_string(".pre-commit-hooks.yaml").expect("hook file");
    for line in [
        "- id: jmap-lint",
        "entry: jmap lint",
        "language: rust",
        "files: \\.journey\\.yaml$",
    ] {
        assert!(hooks.contains(line), "{line}");
    }
    // The workflow runs the action (action.yml), which lints and uploads the SARIF;
    // tests/action.rs runs the action's steps.
    let workflow = std::fs::read_to_string("examples/ci/jmap-lint-sarif.yml").expect("workflow");
    for line in [
        "security-events: write",
        "uses: ./.jmap",
        "upload-sarif: true",
    ] {
        assert!(workflow.contains(line), "{line}");
    }
    let action = std::fs::read_to_string("action.yml").expect("action");
    for line in [
        "uses: github/codeql-action/upload-sarif@v3",
        "sarif_file: ${{ steps.lint.outputs.sarif-file }}",
    ] {
        assert!(action.contains(line), "{line}");
    }
}

#[test]
fn the_hook_passes_file_names_and_jmap_lints_each() {
    // pre-commit runs `jmap lint FILE...` with the staged journey files.
    let folder = repo(&[
        ("a.journey.yaml", &clean_journey()),
        ("sub/b.journey.yaml", &clean_journey()),
    ]);
    jmap(folder.path())
        .args(["lint", "a.journey.yaml", "sub/b.journey.yaml"])
        .assert()
        .success()
        .stdout(predicate::str::contains("No problems found in 2 files."));
}
