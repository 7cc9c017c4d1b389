//! The benchmark's synthetic journeys (benches/gen_journey.py) load and lint.
//!
//! A small generated journey is committed under `tests/fixtures/bench/` so this holds
//! without Python; when python3 is present the generator is run too, and its output must
//! equal the committed fixture (the generator is deterministic).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // test code may fail loudly

use assert_cmd::Command;
use std::path::Path;

const FIXTURE: &str = "tests/fixtures/bench/synthetic-200.journey.yaml";
const FIXTURE_NEXT: &str = "tests/fixtures/bench/synthetic-200-next.journey.yaml";

fn lint_rules(path: &str) -> Vec<String> {
    let text = std::fs::read_to_string(path).unwrap();
    let journey = match jmap::load::load_str(path, text) {
        Ok(journey) => journey,
        Err(errors) => panic!("{path} does not load: {:#?}", errors.findings),
    };
    let today = "2026-11-22".parse().unwrap();
    let config = jmap::config::Config::default();
    let mut rules: Vec<String> = jmap::lint::lint(&journey, &config, today)
        .into_iter()
        .map(|finding| finding.rule.to_string())
        .collect();
    rules.sort();
    rules.dedup();
    rules
}

#[test]
fn committed_synthetic_journeys_load_with_the_intended_findings() {
    let rules = lint_rules(FIXTURE);
    for rule in [
        "unowned-handoff",
        "unmeasured-stage",
        "metric-without-target",
        "pain-without-opportunity",
    ] {
        assert!(
            rules.iter().any(|found| found == rule),
            "no {rule} in {rules:?}"
        );
    }
    lint_rules(FIXTURE_NEXT);
}

fn python3() -> Option<std::process::Command> {
    let found = std::process::Command::new("python3")
        .arg("--version")
        .output()
        .is_ok_and(|output| output.status.success());
    found.then(|| std::process::Command::new("python3"))
}

#[test]
fn generator_reproduces_the_fixtures_and_writes_folders_jmap_lints() {
    let Some(_) = python3() else {
        eprintln!("python3 not found: only the committed fixtures are checked");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let generate = |args: &[&str]| {
        let status = python3()
            .unwrap()
            .arg("benches/gen_journey.py")
            .args(args)
            .status()
            .unwrap();
        assert!(status.success(), "gen_journey.py {args:?} failed");
    };
    let journey = dir.path().join("a.journey.yaml");
    let next = dir.path().join("b.journey.yaml");
    generate(&["journey", "200", journey.to_str().unwrap()]);
    generate(&["journey", "200", next.to_str().unwrap(), "--variant"]);
    for (generated, committed) in [(&journey, FIXTURE), (&next, FIXTURE_NEXT)] {
        assert_eq!(
            std::fs::read_to_string(generated).unwrap(),
            std::fs::read_to_string(committed).unwrap(),
            "the generator's output changed: regenerate {committed}"
        );
    }

    let folder = dir.path().join("folder");
    generate(&["folder", "4", "30", folder.to_str().unwrap()]);
    let output = Command::cargo_bin("jmap")
        .unwrap()
        .env("JMAP_TODAY", "2026-11-22")
        .args(["lint", "--format", "json"])
        .arg(&folder)
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(1),
        "the synthetic journeys have errors"
    );
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["summary"]["files"], 4);
    let findings = report["findings"].as_array().unwrap();
    assert!(
        findings
            .iter()
            .all(|finding| !matches!(finding["rule"].as_str(), Some("schema" | "yaml-syntax"))),
        "a generated journey failed to load"
    );
    assert!(Path::new(FIXTURE).exists());
}
