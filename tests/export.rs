//! `jmap export`: snapshots of every format for one example, and the guarantees other
//! tools rely on (versioned JSON with resolved ids, rectangular CSV, a Mermaid diagram
//! that hostile names cannot break).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // test code may fail loudly

use assert_cmd::Command;

const EXAMPLE: &str = "examples/custom-software-delivery.as-is.journey.yaml";
const HOSTILE: &str = "tests/fixtures/hostile.journey.yaml";

fn export(file: &str, format: &str) -> String {
    let output = Command::cargo_bin("jmap")
        .unwrap_or_else(|error| panic!("{error}"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["export", file, "--format", format])
        .output()
        .unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap_or_else(|error| panic!("{error}"))
}

#[test]
fn json_snapshot() {
    insta::assert_snapshot!("json", export(EXAMPLE, "json"));
}

#[test]
fn csv_snapshot() {
    insta::assert_snapshot!("csv", export(EXAMPLE, "csv"));
}

#[test]
fn mermaid_snapshot() {
    insta::assert_snapshot!("mermaid", export(EXAMPLE, "mermaid"));
}

#[test]
fn json_is_versioned_normalised_and_resolved() {
    let json: serde_json::Value =
        serde_json::from_str(&export(EXAMPLE, "json")).unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(json["version"], 1);
    let ids = |kind: &str| -> Vec<String> {
        json[kind]
            .as_array()
            .map(|items| {
                items
                    .iter()
                    .filter_map(|item| item["id"].as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    };
    let (lanes, stages, touchpoints, metrics) = (
        ids("lanes"),
        ids("stages"),
        ids("touchpoints"),
        ids("metrics"),
    );
    assert_eq!(touchpoints.len(), 12);
    for touchpoint in json["touchpoints"].as_array().into_iter().flatten() {
        assert!(lanes.iter().any(|id| touchpoint["lane"] == id.as_str()));
        assert!(stages.iter().any(|id| touchpoint["stage"] == id.as_str()));
        assert!(touchpoint["milestone"].is_boolean(), "default filled");
        for pain in touchpoint["pains"].as_array().into_iter().flatten() {
            assert!(["low", "medium", "high"].contains(&pain["severity"].as_str().unwrap_or("")));
        }
        for metric in touchpoint["metrics"].as_array().into_iter().flatten() {
            assert!(metrics.iter().any(|id| metric == id.as_str()));
        }
    }
    for handoff in json["handoffs"].as_array().into_iter().flatten() {
        assert!(touchpoints.iter().any(|id| handoff["from"] == id.as_str()));
        assert!(touchpoints.iter().any(|id| handoff["to"] == id.as_str()));
        assert!(handoff["rework"].is_boolean(), "default filled");
    }
    let first = &json["metrics"][0];
    assert_eq!(first["target"]["operator"], "<=");
    assert_eq!(first["status"], "misses");
}

#[test]
fn csv_has_one_row_per_touchpoint_and_no_formulas() {
    for file in [EXAMPLE, HOSTILE] {
        let text = export(file, "csv");
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let headers = reader.headers().map(|h| h.len()).unwrap_or_default();
        let rows: Vec<csv::StringRecord> = reader
            .records()
            .map(|row| row.unwrap_or_else(|error| panic!("{error}")))
            .collect();
        assert!(rows.iter().all(|row| row.len() == headers));
        if file == HOSTILE {
            assert_eq!(rows.len(), 2);
            let opportunities = rows[0].get(11).unwrap_or_default();
            assert!(opportunities.starts_with("'=cmd"), "{opportunities}");
            // Line breaks are shown, never written: no row breaks in a log.
            assert_eq!(
                rows[1].get(3),
                Some("journey\\r\\n%%{init: {'theme':'dark'}}%%")
            );
        } else {
            assert_eq!(rows.len(), 12);
        }
    }
}

#[test]
fn hostile_names_cannot_break_the_mermaid_diagram() {
    let diagram = export(HOSTILE, "mermaid");
    insta::assert_snapshot!("mermaid_hostile", diagram);
    let mut lines = diagram.lines();
    assert_eq!(lines.next(), Some("journey"));
    for line in lines {
        assert!(
            !line.contains(['#', ';', '%', '`', '<', '>', '{', '}', '\r']),
            "{line:?}"
        );
        assert!(!line.chars().any(char::is_control), "{line:?}");
        let statement = line.trim_start();
        if let Some(title) = statement.strip_prefix("title ") {
            assert!(!title.is_empty());
        } else if let Some(section) = statement.strip_prefix("section ") {
            assert!(!section.contains(':'), "{line:?}");
        } else {
            // A task: NAME: SCORE: ACTOR, the name not starting a statement.
            let parts: Vec<&str> = statement.split(':').collect();
            assert_eq!(parts.len(), 3, "{line:?}");
            let score: i32 = parts[1].trim().parse().unwrap_or(0);
            assert!((1..=5).contains(&score), "{line:?}");
            let lower = parts[0].to_ascii_lowercase();
            for keyword in ["journey", "title", "section", "acc"] {
                assert!(!lower.starts_with(keyword), "{line:?}");
            }
        }
    }
}

#[test]
fn export_exit_codes() {
    let mut command = Command::cargo_bin("jmap").unwrap_or_else(|error| panic!("{error}"));
    command
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["export", "missing.journey.yaml", "--format", "csv"])
        .assert()
        .code(2);
    let mut command = Command::cargo_bin("jmap").unwrap_or_else(|error| panic!("{error}"));
    command
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["export", EXAMPLE, "--format", "xml"])
        .assert()
        .code(2);
}
