//! The stumbles of a new team's first hour with jmap, each fixed and kept fixed:
//! `init` into a missing folder, baselines used from another folder, several maps with a
//! file-like `-o`, and the comma that splits a flow-style pain.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // test code may fail loudly

use assert_cmd::Command;
use predicates::prelude::*;
use std::path::Path;

fn jmap(folder: &Path) -> Command {
    let mut command = Command::cargo_bin("jmap").expect("the jmap binary is built");
    command
        .current_dir(folder)
        .env("JMAP_TODAY", "2026-11-22")
        .env("NO_COLOR", "1");
    command
}

fn fixture(name: &str) -> String {
    std::fs::read_to_string(Path::new("tests/fixtures").join(name)).expect("fixture")
}

#[test]
fn init_creates_missing_folders() {
    let dir = tempfile::tempdir().expect("temp dir");
    jmap(dir.path())
        .args(["init", "journeys/onboarding/new.journey.yaml"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "Wrote journeys/onboarding/new.journey.yaml",
        ));
    let written = dir.path().join("journeys/onboarding/new.journey.yaml");
    assert!(written.is_file());
    // The starter it wrote lints clean from its new folder.
    jmap(dir.path())
        .args(["lint", "journeys/onboarding/new.journey.yaml"])
        .assert()
        .code(0);
}

#[test]
fn init_in_an_existing_folder_never_overwrites() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir(dir.path().join("journeys")).expect("mkdir");
    std::fs::write(dir.path().join("journeys/mine.journey.yaml"), "keep me\n").expect("write");
    jmap(dir.path())
        .args(["init", "journeys/mine.journey.yaml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("never overwrites"));
    let kept = std::fs::read_to_string(dir.path().join("journeys/mine.journey.yaml"));
    assert_eq!(kept.expect("still there"), "keep me\n");
}

#[test]
fn init_reports_a_folder_it_cannot_create() {
    let dir = tempfile::tempdir().expect("temp dir");
    // A file stands where the folder would go.
    std::fs::write(dir.path().join("journeys"), "").expect("write");
    jmap(dir.path())
        .args(["init", "journeys/new.journey.yaml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "cannot create the folder journeys",
        ));
}

/// A repository with `journeys/findings.journey.yaml` (8 lint findings).
fn repository() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir(dir.path().join("journeys")).expect("mkdir");
    std::fs::write(
        dir.path().join("journeys/findings.journey.yaml"),
        fixture("ci/findings.journey.yaml"),
    )
    .expect("write");
    dir
}

#[test]
fn baseline_written_at_the_root_works_from_a_subfolder() {
    let repo = repository();
    jmap(repo.path())
        .args(["lint", "--write-baseline", "jmap-baseline.json"])
        .assert()
        .code(0)
        .stderr(predicate::str::contains("Wrote 8 findings"));
    let text = std::fs::read_to_string(repo.path().join("jmap-baseline.json")).expect("read");
    assert!(
        text.contains(r#""file": "journeys/findings.journey.yaml""#),
        "{text}"
    );

    jmap(&repo.path().join("journeys"))
        .args([
            "lint",
            "--format",
            "short",
            "--baseline",
            "../jmap-baseline.json",
        ])
        .assert()
        .code(0)
        .stdout("");
    // Named by an absolute path, the file still matches.
    let absolute = repo.path().join("journeys/findings.journey.yaml");
    jmap(repo.path())
        .args([
            "lint",
            "--format",
            "short",
            "--baseline",
            "jmap-baseline.json",
        ])
        .arg(&absolute)
        .assert()
        .code(0)
        .stdout("");
}

#[test]
fn baseline_written_from_a_subfolder_names_files_from_its_own_folder() {
    let repo = repository();
    jmap(&repo.path().join("journeys"))
        .args(["lint", "--write-baseline", "../jmap-baseline.json"])
        .assert()
        .code(0);
    let text = std::fs::read_to_string(repo.path().join("jmap-baseline.json")).expect("read");
    assert!(
        text.contains(r#""file": "journeys/findings.journey.yaml""#),
        "{text}"
    );
    jmap(repo.path())
        .args([
            "lint",
            "--format",
            "short",
            "--baseline",
            "jmap-baseline.json",
        ])
        .assert()
        .code(0)
        .stdout("")
        .stderr("");
    // A baseline kept in another folder names the files from there.
    std::fs::create_dir(repo.path().join("ci")).expect("mkdir");
    jmap(repo.path())
        .args(["lint", "--write-baseline", "ci/base.json"])
        .assert()
        .code(0);
    let text = std::fs::read_to_string(repo.path().join("ci/base.json")).expect("read");
    assert!(
        text.contains(r#""file": "../journeys/findings.journey.yaml""#),
        "{text}"
    );
    jmap(&repo.path().join("journeys"))
        .args(["lint", "--format", "short", "--baseline", "../ci/base.json"])
        .assert()
        .code(0)
        .stdout("");
}

#[test]
fn several_maps_with_a_file_like_output_is_exit_2() {
    let dir = tempfile::tempdir().expect("temp dir");
    for name in ["a", "b"] {
        let text =
            fixture("minimal.journey.yaml").replacen("id: minimal", &format!("id: {name}"), 1);
        std::fs::write(dir.path().join(format!("{name}.journey.yaml")), text).expect("write");
    }
    jmap(dir.path())
        .args([
            "render",
            "a.journey.yaml",
            "b.journey.yaml",
            "-o",
            "out/both.svg",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "`-o out/both.svg` looks like a file",
        ));
    assert!(!dir.path().join("out").exists(), "nothing is created");
    // A folder still works.
    jmap(dir.path())
        .args(["render", "a.journey.yaml", "b.journey.yaml", "-o", "out"])
        .assert()
        .code(0);
    assert!(dir.path().join("out/a.svg").is_file());
    assert!(dir.path().join("out/b.svg").is_file());
}

/// A journey whose one touchpoint has the given `pains:` value.
fn with_pains(pains: &str) -> String {
    format!(
        "jmap: 1\n\
         journey: {{id: j, title: J}}\n\
         lanes:\n  - {{id: client, name: Client, kind: customer}}\n\
         stages:\n  - id: s\n    name: S\n    touchpoints:\n\
         \x20     - id: t\n        name: T\n        lane: client\n        pains: {pains}\n"
    )
}

#[test]
fn a_comma_in_a_flow_style_pain_suggests_quotes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("comma.journey.yaml");
    std::fs::write(&file, with_pains("[{text: late, not on time}]")).expect("write");
    jmap(dir.path())
        .args(["lint", "comma.journey.yaml"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "unknown field `not on time` in pain",
        ))
        .stdout(predicate::str::contains("a comma ends a value"));

    // Quoted, it loads.
    std::fs::write(&file, with_pains(r#"[{text: "late, not on time"}]"#)).expect("write");
    jmap(dir.path())
        .args(["lint", "--format", "short", "comma.journey.yaml"])
        .assert()
        .stdout(predicate::str::contains("schema").not());

    // An unknown field written with a value is a typo, not a split text.
    std::fs::write(&file, with_pains("[{text: late, sevrity: 2}]")).expect("write");
    jmap(dir.path())
        .args(["lint", "comma.journey.yaml"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("unknown field `sevrity` in pain"))
        .stdout(predicate::str::contains("did you mean `severity`?"))
        .stdout(predicate::str::contains("quotes").not());

    // A block mapping has no commas to split on.
    std::fs::write(
        &file,
        with_pains("\n          - text: late\n            not on time:"),
    )
    .expect("write");
    jmap(dir.path())
        .args(["lint", "comma.journey.yaml"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "unknown field `not on time` in pain",
        ))
        .stdout(predicate::str::contains("quotes").not());
}
