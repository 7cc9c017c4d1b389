//! `jmap diff`: the example pair in every format, git object syntax, exit codes, escaping.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // test code may fail loudly

mod diff_support;

use diff_support::{Repo, assert_tables_well_formed, fixture, jmap, root};
use serde_json::Value;

const AS_IS: &str = "examples/custom-software-delivery.as-is.journey.yaml";
const TO_BE: &str = "examples/custom-software-delivery.to-be.journey.yaml";

fn run_diff(args: &[&str]) -> (i32, String) {
    let output = jmap(&root()).arg("diff").args(args).output().expect("runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8(output.stdout).expect("utf-8"),
    )
}

#[test]
fn example_pair_text() {
    let (code, out) = run_diff(&[AS_IS, TO_BE]);
    assert_eq!(code, 0);
    insta::assert_snapshot!("example_pair_text", out);
}

#[test]
fn example_pair_markdown() {
    let (code, out) = run_diff(&[AS_IS, TO_BE, "--format", "markdown"]);
    assert_eq!(code, 0);
    assert_tables_well_formed(&out);
    insta::assert_snapshot!("example_pair_markdown", out);
}

#[test]
fn example_pair_json() {
    let (code, out) = run_diff(&[AS_IS, TO_BE, "--format", "json"]);
    assert_eq!(code, 0);
    insta::assert_snapshot!("example_pair_json", out);

    let json: Value = serde_json::from_str(&out).expect("json");
    assert_eq!(json["version"], 1);
    assert_eq!(json["old"], AS_IS);
    assert_eq!(json["new"], TO_BE);
    let keys: Vec<&str> = json["summary"]["old"]
        .as_object()
        .expect("summary")
        .keys()
        .map(String::as_str)
        .collect();
    let mut expected = vec![
        "touchpoints",
        "handoffs",
        "cross_lane_handoffs",
        "unowned_handoffs",
        "unmeasured_stages",
        "mean_emotion",
        "pains",
        "errors",
        "warnings",
        "metrics",
        "metrics_on_target",
        "stage_means",
    ];
    let mut keys_sorted = keys.clone();
    keys_sorted.sort_unstable();
    expected.sort_unstable();
    assert_eq!(keys_sorted, expected);
    assert_eq!(json["summary"]["old"]["unowned_handoffs"], 2);
    assert_eq!(json["summary"]["new"]["unowned_handoffs"], 0);
    assert_eq!(json["summary"]["old"]["errors"], 3);
    assert_eq!(json["summary"]["new"]["errors"], 0);

    let changes = json["changes"].as_array().expect("changes");
    // Kinds come in the documented order.
    let order = [
        "journey",
        "lane",
        "metric",
        "stage",
        "touchpoint",
        "handoff",
    ];
    let ranks: Vec<usize> = changes
        .iter()
        .map(|change| {
            order
                .iter()
                .position(|kind| change["kind"] == *kind)
                .expect("known kind")
        })
        .collect();
    assert!(ranks.windows(2).all(|pair| pair[0] <= pair[1]));
    let find = |kind: &str, id: &str| {
        changes
            .iter()
            .find(|change| change["kind"] == kind && change["id"] == id)
            .unwrap_or_else(|| panic!("{kind} {id} listed"))
    };
    assert_eq!(find("touchpoint", "change-request")["change"], "removed");
    assert_eq!(find("touchpoint", "client-portal")["change"], "added");
    assert_eq!(find("lane", "success")["change"], "added");
    // Moved to another stage: a change of `stage`, with ids as values.
    let moved = find("touchpoint", "support-handover");
    assert!(
        moved["fields"]
            .as_array()
            .expect("fields")
            .iter()
            .any(|field| {
                field["field"] == "stage" && field["old"] == "support" && field["new"] == "uat"
            })
    );
    // Numbers are numbers, lists are arrays, missing is null.
    let emotion = find("touchpoint", "uat-session")["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .find(|field| field["field"] == "emotion")
        .cloned()
        .expect("emotion changed");
    assert_eq!(emotion["old"], -2);
    assert_eq!(emotion["new"], 0);
    let owner = find("handoff", "proposal-draft->discovery-workshop")["fields"][0].clone();
    assert_eq!(owner["field"], "owner");
    assert!(owner["old"].is_null());
    assert!(find("stage", "sprints")["fields"][1]["new"].is_array());
    // Unchanged elements are not reported.
    assert!(
        !changes
            .iter()
            .any(|change| change["id"] == "sprint-build" || change["id"] == "sales")
    );
}

#[test]
fn reversed_pair_mirrors_the_changes() {
    let (_, forward) = run_diff(&[AS_IS, TO_BE, "--format", "json"]);
    let (_, backward) = run_diff(&[TO_BE, AS_IS, "--format", "json"]);
    let forward: Value = serde_json::from_str(&forward).expect("json");
    let backward: Value = serde_json::from_str(&backward).expect("json");
    let count = |json: &Value, change: &str| {
        json["changes"]
            .as_array()
            .expect("changes")
            .iter()
            .filter(|c| c["change"] == change)
            .count()
    };
    assert_eq!(count(&forward, "added"), count(&backward, "removed"));
    assert_eq!(count(&forward, "removed"), count(&backward, "added"));
    assert_eq!(count(&forward, "changed"), count(&backward, "changed"));
    assert_eq!(forward["summary"]["old"], backward["summary"]["new"]);
}

#[test]
fn identical_files_have_no_changes() {
    let (code, out) = run_diff(&[TO_BE, TO_BE, "--format", "json"]);
    assert_eq!(code, 0);
    let json: Value = serde_json::from_str(&out).expect("json");
    assert_eq!(json["changes"], Value::Array(Vec::new()));
    let (_, text) = run_diff(&[TO_BE, TO_BE]);
    assert!(text.contains("No structural changes."));
}

#[test]
fn moves_reorders_and_equivalent_spellings() {
    let (code, out) = run_diff(&[
        "tests/fixtures/diff/moves.old.journey.yaml",
        "tests/fixtures/diff/moves.new.journey.yaml",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0);
    insta::assert_snapshot!("moves_json", out);
}

#[test]
fn moves_text() {
    let (code, out) = run_diff(&[
        "tests/fixtures/diff/moves.old.journey.yaml",
        "tests/fixtures/diff/moves.new.journey.yaml",
    ]);
    assert_eq!(code, 0);
    insta::assert_snapshot!("moves_text", out);
}

#[test]
fn hostile_text_stays_inert_in_markdown() {
    let (code, out) = run_diff(&[
        "tests/fixtures/diff/hostile.old.journey.yaml",
        "tests/fixtures/diff/hostile.new.journey.yaml",
        "--format",
        "markdown",
    ]);
    assert_eq!(code, 0);
    assert_tables_well_formed(&out);
    // Every `<` of user text is escaped (`\<` or an entity): no HTML survives.
    let unescaped = out.replace("\\<", "");
    for raw in [
        "<script",
        "<img",
        "<b>",
        "<!--",
        "<details>",
        "\u{202e}",
        "\u{7}",
    ] {
        assert!(!unescaped.contains(raw), "{raw:?} left raw in:\n{out}");
    }
    assert!(
        !out.replace("\\](", "").contains("]("),
        "a live link in:\n{out}"
    );
    insta::assert_snapshot!("hostile_markdown", out);
}

#[test]
fn output_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let target = dir.path().join("diff.json");
    let (code, out) = run_diff(&[
        AS_IS,
        TO_BE,
        "--format",
        "json",
        "-o",
        target.to_str().expect("utf-8 path"),
    ]);
    assert_eq!(code, 0);
    assert!(out.is_empty());
    let written = std::fs::read_to_string(target).expect("written");
    assert!(written.starts_with("{\n  \"version\": 1,"));
}

#[test]
fn missing_file_is_exit_2() {
    let (code, _) = run_diff(&["no-such.journey.yaml", TO_BE]);
    assert_eq!(code, 2);
}

#[test]
fn broken_journey_is_exit_1() {
    let dir = tempfile::tempdir().expect("temp dir");
    let broken = dir.path().join("broken.journey.yaml");
    std::fs::write(&broken, "jmap: 1\njourney: [\n").expect("write");
    let output = jmap(&root())
        .args(["diff", AS_IS, broken.to_str().expect("utf-8")])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
}

#[test]
fn fail_on_new_errors_gate() {
    let base = "tests/fixtures/review/improved.journey.yaml";
    let worse = "tests/fixtures/review/worse.journey.yaml";
    let (code, _) = run_diff(&[base, worse]);
    assert_eq!(code, 0, "no gate asked: exit 0 whatever the differences");
    let (code, _) = run_diff(&[base, worse, "--fail-on-new-errors"]);
    assert_eq!(code, 1);
    let (code, _) = run_diff(&[worse, base, "--fail-on-new-errors"]);
    assert_eq!(code, 0);
}

#[test]
fn svg_overlay_of_the_new_map() {
    let dir = tempfile::tempdir().expect("temp dir");
    let svg_path = dir.path().join("diff.svg");
    let run = || {
        let output = jmap(&root())
            .args(["diff", AS_IS, TO_BE, "--format", "json", "--svg"])
            .arg(&svg_path)
            .output()
            .expect("runs");
        assert_eq!(output.status.code(), Some(0), "{output:?}");
        assert!(
            output.stdout.starts_with(b"{"),
            "the diff still goes to stdout"
        );
        std::fs::read_to_string(&svg_path).expect("svg written")
    };
    let svg = run();
    assert!(svg.starts_with("<svg"));
    assert!(svg.contains("Journey map: Custom software delivery"));
    // The removed touchpoint is drawn as a ghost; added and changed elements are tagged.
    assert!(svg.contains("Removed: Change request by email (touchpoint:change-request)"));
    assert_eq!(svg.matches(">REMOVED<").count(), 1);
    assert!(svg.contains(">NEW<"));
    assert!(svg.contains(">CHANGED<"));
    assert_eq!(run(), svg, "same input, same bytes");
}

#[test]
fn git_object_syntax_in_a_real_repository() {
    let repo = Repo::new();
    repo.write(
        "journeys/onboarding.journey.yaml",
        &fixture("review/base.journey.yaml"),
    );
    repo.commit("base");
    repo.write(
        "journeys/onboarding.journey.yaml",
        &fixture("review/improved.journey.yaml"),
    );
    repo.commit("improved");

    let output = repo
        .jmap()
        .args([
            "diff",
            "HEAD~1:journeys/onboarding.journey.yaml",
            "HEAD:journeys/onboarding.journey.yaml",
            "--format",
            "json",
        ])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let json: Value = serde_json::from_slice(&output.stdout).expect("json");
    assert_eq!(json["old"], "HEAD~1:journeys/onboarding.journey.yaml");
    assert_eq!(json["summary"]["old"]["errors"], 2);
    assert_eq!(json["summary"]["new"]["errors"], 0);
    insta::assert_snapshot!("git_object_syntax", String::from_utf8_lossy(&output.stdout));

    // A revision against the working tree, from a subfolder with a `./` path.
    let output = repo
        .jmap()
        .current_dir(repo.path().join("journeys"))
        .args([
            "diff",
            "HEAD~1:./onboarding.journey.yaml",
            "onboarding.journey.yaml",
            "--format",
            "json",
        ])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let json: Value = serde_json::from_slice(&output.stdout).expect("json");
    assert_eq!(json["new"], "onboarding.journey.yaml");
    assert_eq!(json["summary"]["new"]["errors"], 0);
}

#[test]
fn unknown_revision_or_path_is_exit_2() {
    let repo = Repo::new();
    repo.write("a.journey.yaml", &fixture("review/base.journey.yaml"));
    repo.commit("base");
    for (old, message) in [
        (
            "no-such-rev:a.journey.yaml",
            "unknown git revision `no-such-rev`",
        ),
        (
            "HEAD:missing.journey.yaml",
            "`missing.journey.yaml` is not a file",
        ),
        ("HEAD~5:a.journey.yaml", "unknown git revision `HEAD~5`"),
    ] {
        let output = repo
            .jmap()
            .args(["diff", old, "a.journey.yaml"])
            .output()
            .expect("runs");
        assert_eq!(output.status.code(), Some(2), "{old}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(message), "{old}: {stderr}");
        assert!(output.stdout.is_empty());
    }
}

#[test]
fn git_syntax_outside_a_repository_is_exit_2() {
    let dir = tempfile::tempdir().expect("temp dir");
    let output = jmap(dir.path())
        .env(
            "GIT_CEILING_DIRECTORIES",
            dir.path().parent().unwrap_or(dir.path()),
        )
        .args(["diff", "HEAD:a.journey.yaml", "HEAD:b.journey.yaml"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("not inside a git repository"));
}

#[test]
fn hostile_text_is_plain_in_the_terminal_format() {
    let (code, out) = run_diff(&[
        "tests/fixtures/diff/hostile.old.journey.yaml",
        "tests/fixtures/diff/hostile.new.journey.yaml",
    ]);
    assert_eq!(code, 0);
    assert!(
        !out.chars()
            .any(|c| (c.is_control() && c != '\n') || c == '\u{202e}'),
        "control or bidi characters in:\n{out}"
    );
    assert!(out.contains("\\u{202e}evil"));
}

#[test]
fn duplicate_handoffs_stay_apart() {
    let dir = tempfile::tempdir().expect("temp dir");
    let old = root().join("tests/fixtures/diff/hostile.old.journey.yaml");
    let new = dir.path().join("dup.journey.yaml");
    let text = std::fs::read_to_string(&old).expect("fixture").replace(
        "handoffs: [{to: b, owner: Ops lead}]",
        "handoffs: [{to: b, owner: Ops lead}, {to: b, artifact: Second}]",
    );
    std::fs::write(&new, text).expect("write");
    let (code, out) = run_diff(&[
        old.to_str().expect("utf-8"),
        new.to_str().expect("utf-8"),
        "--format",
        "json",
    ]);
    assert_eq!(code, 0);
    let json: Value = serde_json::from_str(&out).expect("json");
    let changes = json["changes"].as_array().expect("changes");
    assert_eq!(changes.len(), 1, "{out}");
    assert_eq!(changes[0]["id"], "a->b#2");
    assert_eq!(changes[0]["change"], "added");
}

/// The overlay's `data-change` marks and its change list match the JSON diff one for one.
fn overlay_matches_json(old: &str, new: &str, name: &str) {
    let dir = std::env::temp_dir().join(format!("jmap-overlay-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let svg_path = dir.join("map.svg");
    let svg_arg = svg_path.to_string_lossy().to_string();
    let (code, out) = run_diff(&[old, new, "--format", "json", "--svg", &svg_arg]);
    assert_eq!(code, 0);
    let json: Value = serde_json::from_str(&out).expect("json");
    let changes = json["changes"].as_array().expect("changes");
    let svg = std::fs::read_to_string(&svg_path).expect("svg");
    for kind in ["added", "removed", "changed", "moved"] {
        let expected = changes
            .iter()
            .filter(|change| change["change"] == kind && change["kind"] != "journey")
            .count();
        // A metric shown under two stages is drawn twice with one number: count numbers.
        let prefix = format!("data-change=\"{kind}\" data-change-number=\"");
        let numbers: std::collections::BTreeSet<&str> = svg
            .match_indices(&prefix)
            .filter_map(|(at, _)| svg.get(at + prefix.len()..))
            .filter_map(|rest| rest.split('"').next())
            .collect();
        let ghosts = if kind == "removed" {
            svg.matches("<g class=\"ghost\" data-change=\"removed\">")
                .count()
        } else {
            0
        };
        let marks = numbers.len() + ghosts;
        assert_eq!(marks, expected, "{name}: {kind} marks");
    }
    let journey_changed = changes.iter().any(|change| change["kind"] == "journey");
    assert_eq!(
        svg.contains("class=\"header\" data-change=\"changed\""),
        journey_changed
    );
    assert_eq!(
        svg.matches("class=\"change-entry").count(),
        changes.len(),
        "{name}: change list entries"
    );
    assert!(svg.contains(&format!("Changes ({})", changes.len())));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn overlay_marks_every_change_once_on_the_example_pair() {
    overlay_matches_json(AS_IS, TO_BE, "example");
}

#[test]
fn overlay_marks_every_change_once_on_moves() {
    overlay_matches_json(
        "tests/fixtures/diff/moves.old.journey.yaml",
        "tests/fixtures/diff/moves.new.journey.yaml",
        "moves",
    );
}
