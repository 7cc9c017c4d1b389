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
    // The removed touchpoint is drawn as a ghost; added and changed elements are tagged
    // with their number in the change list.
    assert!(svg.contains("Removed: Change request by email (touchpoint:change-request) · #24"));
    assert_eq!(svg.matches(">REMOVED<").count(), 1);
    assert!(svg.contains(" NEW<"));
    assert!(svg.contains(" CHANGED<"));
    assert!(
        svg.contains(">#19 MOVED<"),
        "the moved touchpoint is tagged"
    );
    // A tag's tooltip says what changed, old → new.
    assert!(svg.contains(
        "<g class=\"change-tag\" data-change-number=\"18\"><title>#18 changed touchpoint UAT sessions&#10;channel: staging + shared spreadsheet → staging + issue tracker&#10;emotion: -2 → 0"
    ));
    assert!(
        svg.contains("#19 moved from here"),
        "its ghost stays at the old place"
    );
    // Both curves, the as-is one before the to-be one; each stage's mean before → after.
    let as_is = svg.find("<g class=\"emotion-curve\" data-state=\"as-is\">");
    let to_be = svg.find("<g class=\"emotion-curve\" data-state=\"to-be\">");
    assert!(as_is.is_some() && to_be.is_some() && as_is < to_be);
    assert!(
        svg.contains(">mean -1.5 → +0.75<"),
        "UAT's mean before → after"
    );
    // The header strip: before → after, not the lint summary.
    assert!(svg.contains(">unowned handoffs<"));
    assert!(svg.contains(">2 → 0<"));
    assert!(!svg.contains("Lint: no findings"));
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

/// The overlay's `data-change` marks and its change list match the JSON diff one for one:
/// every change but the journey's own is one element carrying its kind of change and its
/// number, exactly once; the journey's own fields mark the header; the change list has one
/// entry per change, numbered in order.
fn overlay_matches_json(old: &str, new: &str, name: &str) {
    let dir = tempfile::tempdir().expect("temp dir");
    let svg_path = dir.path().join("map.svg");
    let svg_arg = svg_path.to_string_lossy().to_string();
    let (code, out) = run_diff(&[old, new, "--format", "json", "--svg", &svg_arg]);
    assert_eq!(code, 0);
    let json: Value = serde_json::from_str(&out).expect("json");
    let changes = json["changes"].as_array().expect("changes");
    let svg = std::fs::read_to_string(&svg_path).expect("svg");
    let mut expected: Vec<(usize, String)> = changes
        .iter()
        .enumerate()
        .filter(|(_, change)| change["kind"] != "journey")
        .map(|(index, change)| {
            (
                index + 1,
                change["change"].as_str().expect("change").to_string(),
            )
        })
        .collect();
    expected.sort();
    let prefix = "data-change=\"";
    let mut marks: Vec<(usize, String)> = svg
        .match_indices(prefix)
        .filter_map(|(at, _)| svg.get(at + prefix.len()..))
        .filter_map(|rest| {
            let (change, rest) = rest.split_once('"')?;
            let number = rest
                .strip_prefix(" data-change-number=\"")?
                .split('"')
                .next()?;
            Some((number.parse().ok()?, change.to_string()))
        })
        .collect();
    marks.sort();
    let header = "class=\"header\" data-change=\"changed\"";
    let journey_changed = changes.iter().any(|change| change["kind"] == "journey");
    assert_eq!(svg.contains(header), journey_changed, "{name}: header mark");
    assert_eq!(
        svg.matches("data-change=\"").count(),
        expected.len() + usize::from(journey_changed),
        "{name}: one data-change per change"
    );
    assert_eq!(marks, expected, "{name}: marks match the JSON diff");
    // A moved touchpoint's ghost carries no mark of its own.
    assert!(!svg.contains("<g class=\"ghost moved-from\" data-change"));
    // The change list: one child per change, in order.
    let list_start = svg.find("<g class=\"change-list\">").expect("change list");
    let list = &svg[list_start..];
    let numbers: Vec<usize> = list
        .match_indices("<g class=\"change-entry\" data-number=\"")
        .filter_map(|(at, found)| list.get(at + found.len()..))
        .filter_map(|rest| rest.split('"').next()?.parse().ok())
        .collect();
    assert_eq!(
        numbers,
        (1..=changes.len()).collect::<Vec<_>>(),
        "{name}: change list entries"
    );
    assert!(svg.contains(&format!("Changes ({})", changes.len())));
    // Every mark on the map shows its number in a tag, whose tooltip says what changed.
    for (number, _) in &expected {
        assert!(
            svg.contains(&format!(
                "<g class=\"change-tag\" data-change-number=\"{number}\"><title>#{number} "
            )),
            "{name}: #{number} has a tag"
        );
    }
}

#[test]
fn overlay_marks_every_change_once_on_the_example_pair() {
    overlay_matches_json(AS_IS, TO_BE, "example");
}

#[test]
fn overlay_marks_every_change_once_on_every_kind_of_change() {
    overlay_matches_json(
        "tests/fixtures/diff/every-change.old.journey.yaml",
        "tests/fixtures/diff/every-change.new.journey.yaml",
        "every-change",
    );
    // Each kind of element and of change is in the pair.
    let (_, out) = run_diff(&[
        "tests/fixtures/diff/every-change.old.journey.yaml",
        "tests/fixtures/diff/every-change.new.journey.yaml",
        "--format",
        "json",
    ]);
    let json: Value = serde_json::from_str(&out).expect("json");
    let changes = json["changes"].as_array().expect("changes");
    let has = |kind: &str, change: &str| {
        changes
            .iter()
            .any(|c| c["kind"] == kind && c["change"] == change)
    };
    for kind in ["touchpoint", "handoff", "lane", "metric"] {
        assert!(has(kind, "added") && has(kind, "removed"), "{kind}");
    }
    assert!(has("touchpoint", "changed") && has("touchpoint", "moved"));
    let field = |name: &str| {
        changes.iter().any(|c| {
            c["change"] == "changed"
                && c["fields"]
                    .as_array()
                    .is_some_and(|fields| fields.iter().any(|f| f["field"] == name))
        })
    };
    for name in ["owner", "sla", "emotion", "target"] {
        assert!(field(name), "a changed {name}");
    }
}

#[test]
fn overlay_marks_every_change_once_on_moves() {
    overlay_matches_json(
        "tests/fixtures/diff/moves.old.journey.yaml",
        "tests/fixtures/diff/moves.new.journey.yaml",
        "moves",
    );
}

#[test]
fn paged_overlay_keeps_the_change_list_on_a_few_pages() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("map.svg");
    let out_arg = out.to_string_lossy().to_string();
    let (code, json) = run_diff(&[
        AS_IS, TO_BE, "--format", "json", "--map", &out_arg, "--page", "a3",
    ]);
    assert_eq!(code, 0);
    let json: Value = serde_json::from_str(&json).expect("json");
    let changes = json["changes"].as_array().expect("changes").len();
    let mut pages = Vec::new();
    for number in 1.. {
        match std::fs::read_to_string(dir.path().join(format!("map-{number}.svg"))) {
            Ok(svg) => pages.push(svg),
            Err(_) => break,
        }
    }
    // The plain map takes 7 a3 pages; the change list adds pages of its own, in columns.
    assert!(
        pages.len() > 1 && pages.len() <= 11,
        "{} pages",
        pages.len()
    );
    let entries: usize = pages
        .iter()
        .map(|svg| svg.matches("<g class=\"change-entry\"").count())
        .sum();
    assert_eq!(
        entries, changes,
        "every change listed once across the pages"
    );
    for svg in &pages {
        assert!(
            svg.contains("class=\"measures\""),
            "the strip is on every page"
        );
    }
}
