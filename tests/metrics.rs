//! `jmap metrics`: values computed by hand from the fixture exports (a plain CSV, a
//! HubSpot summary export with `%` values, a Qualtrics export with three header rows),
//! `--write` keeping comments and layout, `--check`, and located errors for bad sources.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // test code may fail loudly

use assert_cmd::Command;
use std::path::{Path, PathBuf};

const PROJECT: &str = "tests/fixtures/metrics/project";
const TODAY: &str = "2026-12-01";

fn jmap(folder: &Path) -> Command {
    let mut command = Command::cargo_bin("jmap").unwrap_or_else(|error| panic!("{error}"));
    command
        .env("JMAP_TODAY", TODAY)
        .env("NO_COLOR", "1")
        .env_remove("COLUMNS")
        .current_dir(folder);
    command
}

/// Runs `jmap ARGS` in `folder`, expects `code`, returns (stdout, stderr).
fn run(folder: &Path, args: &[&str], code: i32) -> (String, String) {
    let output = jmap(folder)
        .args(args)
        .output()
        .unwrap_or_else(|error| panic!("{error}"));
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(
        output.status.code(),
        Some(code),
        "jmap {args:?}\nstdout:\n{stdout}\nstderr:\n{stderr}"
    );
    (stdout, stderr)
}

fn project() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(PROJECT)
}

/// A copy of the fixture project in a temporary folder (with a `.git` so that config
/// discovery stops there).
fn copy_project() -> tempfile::TempDir {
    copy_fixture(&project())
}

fn copy_fixture(from: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
    copy_dir(from, dir.path());
    std::fs::create_dir(dir.path().join(".git")).unwrap_or_else(|error| panic!("{error}"));
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap_or_else(|error| panic!("{error}")) {
        let entry = entry.unwrap_or_else(|error| panic!("{error}"));
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            std::fs::create_dir_all(&target).unwrap_or_else(|error| panic!("{error}"));
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap_or_else(|error| panic!("{error}"));
        }
    }
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

fn metric<'a>(json: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    json["metrics"]
        .as_array()
        .and_then(|metrics| metrics.iter().find(|metric| metric["id"] == id))
        .unwrap_or_else(|| panic!("no metric {id} in {json}"))
}

#[test]
fn values_computed_by_hand() {
    let (stdout, stderr) = run(&project(), &["metrics", "--format", "json"], 0);
    let json: serde_json::Value =
        serde_json::from_str(&stdout).unwrap_or_else(|error| panic!("{error}: {stdout}"));
    let check = |id: &str, value: f64, sample: u64, measured: &str, writable: bool| {
        let m = metric(&json, id);
        assert_eq!(m["value"].as_f64(), Some(value), "{id}: {m}");
        assert_eq!(m["sample"].as_u64(), Some(sample), "{id}: {m}");
        assert_eq!(m["measured"], measured, "{id}: {m}");
        assert_eq!(m["writable"], writable, "{id}: {m}");
    };
    // Plain CSV. NPS: 10 answers (one row is unanswered): promoters 10, 9, 9, 10, 9 (5),
    // detractors 6, 3, 0 (3): 50 % − 30 % = 20.
    check("project-nps", 20.0, 10, "2026-11-28", true);
    // Top-box on 5 points (4 and 5): 5, 4, 5, 4 of 5, 4, 3, 5, 2, 4 → 4/6 = 66.7 %.
    check("csat-scoping", 66.7, 6, "2026-11-12", true);
    // Mean over the last 30 days (from 2026-11-01): 7, 6, 5 → 6, from 3 responses:
    // fewer than min_sample 5, so never written.
    check("ces-uat", 6.0, 3, "2026-11-25", false);
    assert_eq!(
        metric(&json, "ces-uat")["window"],
        serde_json::json!({"days": 30, "from": "2026-11-01", "to": "2026-12-01"})
    );
    // Count: every row of the file, the unanswered one too: 11 + 6 + 5.
    check("responses", 22.0, 22, "2026-11-30", true);
    // HubSpot summary rows weighted by `Responses`: (72.5 × 40 + 80 × 10) / 50 = 74.
    // No date column: measured today.
    check("csat-support", 74.0, 50, TODAY, true);
    // `6.5%` is a number.
    check("response-rate", 6.5, 400, TODAY, true);
    // Qualtrics, top-box on 3 points (only 3), finished responses: 3, 2, 3, 1, 3 → 60 %.
    check("csat-handover", 60.0, 5, "2026-11-27", true);
    assert_eq!(
        metric(&json, "csat-handover")["file"],
        "handover.journey.yaml"
    );
    assert_eq!(metric(&json, "project-nps")["status"], "misses");
    assert_eq!(metric(&json, "ces-uat")["status"], "meets");
    assert_eq!(metric(&json, "responses")["status"], "no-target");
    assert_eq!(
        stderr,
        "warning: metric `ces-uat`: 3 responses, fewer than min_sample 5; not written\n"
    );
}

#[test]
fn table_and_csv() {
    let (table, _) = run(&project(), &["metrics"], 0);
    insta::assert_snapshot!("metrics_table", table);
    let (csv, _) = run(&project(), &["metrics", "--format", "csv"], 0);
    insta::assert_snapshot!("metrics_csv", csv);
    // One journey named: only its metrics, and no error for the other journey's.
    let (table, _) = run(&project(), &["metrics", "handover.journey.yaml"], 0);
    assert_eq!(table.lines().count(), 2, "{table}");
    assert!(table.contains("csat-handover"), "{table}");
}

#[test]
fn write_changes_only_the_three_fields_and_a_second_run_nothing() {
    let dir = copy_project();
    let before = read(&dir.path().join("delivery.journey.yaml"));
    let handover_before = read(&dir.path().join("handover.journey.yaml"));

    // --check: exit 1, nothing written.
    let (_, stderr) = run(dir.path(), &["metrics", "--check"], 1);
    assert!(
        stderr.contains("would update delivery.journey.yaml"),
        "{stderr}"
    );
    assert_eq!(read(&dir.path().join("delivery.journey.yaml")), before);

    let (_, stderr) = run(dir.path(), &["metrics", "--write"], 0);
    assert!(
        stderr.contains("updated handover.journey.yaml: `csat-handover`"),
        "{stderr}"
    );
    let after = read(&dir.path().join("delivery.journey.yaml"));
    let handover_after = read(&dir.path().join("handover.journey.yaml"));
    insta::assert_snapshot!(
        "write_delivery_diff",
        similar::TextDiff::from_lines(&before, &after)
            .unified_diff()
            .header("before", "after")
            .to_string()
    );
    insta::assert_snapshot!(
        "write_handover_diff",
        similar::TextDiff::from_lines(&handover_before, &handover_after)
            .unified_diff()
            .header("before", "after")
            .to_string()
    );
    // Every changed line is one of the three fields; comments stay.
    for line in after.lines().filter(|line| !before.contains(*line)) {
        assert!(
            ["current:", "measured:", "sample:"]
                .iter()
                .any(|key| line.contains(key)),
            "{line}"
        );
    }
    assert!(after.contains("current: 20         # last quarter, by hand"));

    // The written journeys load and lint; a second run changes nothing.
    run(dir.path(), &["lint", "handover.journey.yaml"], 0);
    run(dir.path(), &["metrics", "--check"], 0);
    run(dir.path(), &["metrics", "--write"], 0);
    assert_eq!(read(&dir.path().join("delivery.journey.yaml")), after);
    assert_eq!(
        read(&dir.path().join("handover.journey.yaml")),
        handover_after
    );
}

/// The library project: `shared/metrics.jmap-lib.yaml` (with comments, one flow mapping)
/// defines `project-nps` and `csat-support`, used by two journeys that name the library by
/// two relative paths; `journeys/onboarding.journey.yaml` also defines `csat-a` itself.
#[test]
fn library_metrics_are_written_in_the_library_once() {
    let dir = copy_fixture(&project().with_file_name("library-project"));
    let files = [
        "shared/metrics.jmap-lib.yaml",
        "journeys/onboarding.journey.yaml",
        "support.journey.yaml",
    ];
    let before: Vec<String> = files.iter().map(|f| read(&dir.path().join(f))).collect();

    // Hand-computed: NPS of 10, 9, 8, 7, 6, 10, 9, 3: 4 promoters, 2 detractors of 8 =
    // 50 % − 25 % = 25; top-box (4–5) of 5, 4, 3, 5, 2 = 3/5 = 60 %; mean of 4, 5, 3 = 4.
    let (stdout, _) = run(dir.path(), &["metrics", "--format", "json"], 0);
    let json: serde_json::Value =
        serde_json::from_str(&stdout).unwrap_or_else(|error| panic!("{error}: {stdout}"));
    let rows = json["metrics"].as_array().map_or(0, Vec::len);
    assert_eq!(
        rows, 3,
        "a library metric used by two journeys is one row: {json}"
    );
    for (id, value, file) in [
        ("project-nps", 25.0, "shared/metrics.jmap-lib.yaml"),
        ("csat-support", 60.0, "shared/metrics.jmap-lib.yaml"),
        ("csat-a", 4.0, "journeys/onboarding.journey.yaml"),
    ] {
        assert_eq!(metric(&json, id)["value"].as_f64(), Some(value), "{id}");
        assert_eq!(metric(&json, id)["file"], file, "{id}");
    }

    // --check: exit 1, names the library, writes nothing.
    let (_, stderr) = run(dir.path(), &["metrics", "--check"], 1);
    assert!(
        stderr.contains("would update shared/metrics.jmap-lib.yaml: `project-nps`, `csat-support`"),
        "{stderr}"
    );
    let unchanged: Vec<String> = files.iter().map(|f| read(&dir.path().join(f))).collect();
    assert_eq!(unchanged, before);

    let (_, stderr) = run(dir.path(), &["metrics", "--write"], 0);
    assert_eq!(
        stderr,
        "updated shared/metrics.jmap-lib.yaml: `project-nps`, `csat-support`\n\
         updated journeys/onboarding.journey.yaml: `csat-a`\n"
    );
    let after: Vec<String> = files.iter().map(|f| read(&dir.path().join(f))).collect();
    insta::assert_snapshot!(
        "write_library_diff",
        similar::TextDiff::from_lines(&before[0], &after[0])
            .unified_diff()
            .header("before", "after")
            .to_string()
    );
    // The journey that only lists library metrics is not touched.
    assert_eq!(after[2], before[2]);
    // Only the three fields changed in the library; its comments stay.
    for line in after[0].lines().filter(|line| !before[0].contains(*line)) {
        assert!(
            ["current:", "measured:", "sample:"]
                .iter()
                .any(|key| line.contains(key)),
            "{line}"
        );
    }
    assert!(after[0].contains("current: 25       # by hand, last quarter"));
    assert!(after[0].contains("# Asked at go-live, owned by the PMO."));

    // The journeys load with the written library, and read its values.
    run(dir.path(), &["lint", "support.journey.yaml"], 0);
    let (stdout, _) = run(
        dir.path(),
        &["export", "support.journey.yaml", "--format", "json"],
        0,
    );
    assert!(stdout.contains("\"current\": 25"), "{stdout}");

    // A second run changes nothing, and --check agrees.
    run(dir.path(), &["metrics", "--check"], 0);
    let (_, stderr) = run(dir.path(), &["metrics", "--write"], 0);
    assert_eq!(stderr, "");
    let again: Vec<String> = files.iter().map(|f| read(&dir.path().join(f))).collect();
    assert_eq!(again, after);
}

/// Replaces `from` with `to` in a file of a copied project.
fn edit(dir: &Path, file: &str, from: &str, to: &str) {
    let path = dir.join(file);
    let text = read(&path);
    assert!(text.contains(from), "{from} not in {file}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap_or_else(|error| panic!("{error}"));
}

#[test]
fn bad_sources_are_located_errors() {
    // A score that is not a number, and one outside the NPS scale.
    let dir = copy_project();
    edit(
        dir.path(),
        "data/feedback.csv",
        "Project NPS,8,",
        "Project NPS,eight,",
    );
    edit(
        dir.path(),
        "data/feedback.csv",
        "Project NPS,3,",
        "Project NPS,11,",
    );
    edit(dir.path(), "data/qualtrics.csv", "R_1b,7,2", "R_1b,7,4");
    let (stdout, stderr) = run(dir.path(), &["metrics"], 1);
    assert_eq!(stdout, "");
    insta::assert_snapshot!("bad_scores", stderr);

    // A column the file does not have, a metric id no journey defines.
    let dir = copy_project();
    edit(dir.path(), ".jmap.yaml", "Submitted at", "Submited at");
    let (_, stderr) = run(dir.path(), &["metrics"], 1);
    insta::assert_snapshot!("missing_column", stderr);
    let dir = copy_project();
    edit(dir.path(), ".jmap.yaml", "responses:  ", "response:   ");
    let (_, stderr) = run(dir.path(), &["metrics"], 1);
    insta::assert_snapshot!("unknown_metric", stderr);

    // A malformed `sources` section is a bad configuration: exit 2.
    let dir = copy_project();
    edit(
        dir.path(),
        ".jmap.yaml",
        "aggregate: nps",
        "aggregate: net-promoter",
    );
    let (_, stderr) = run(dir.path(), &["metrics"], 2);
    assert!(
        stderr.contains("unknown aggregate `net-promoter`") && stderr.contains(".jmap.yaml:6:"),
        "{stderr}"
    );
    // A missing export: exit 2, naming the source's entry.
    let dir = copy_project();
    std::fs::remove_file(dir.path().join("data/hubspot.csv"))
        .unwrap_or_else(|error| panic!("{error}"));
    let (_, stderr) = run(dir.path(), &["metrics"], 2);
    assert!(
        stderr.contains("(the source at .jmap.yaml:11:11)"),
        "{stderr}"
    );
}

#[test]
fn semicolons_decimal_commas_and_forced_qualtrics() {
    let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
    std::fs::create_dir(dir.path().join(".git")).unwrap_or_else(|error| panic!("{error}"));
    std::fs::write(
        dir.path().join(".jmap.yaml"),
        "sources:\n  - file: export.csv\n    format: qualtrics\n    columns: { score: Score }\n    metrics:\n      effort: { aggregate: mean }\n      total: { aggregate: sum }\n",
    )
    .unwrap_or_else(|error| panic!("{error}"));
    // Three header rows without import ids: only `format: qualtrics` says so.
    std::fs::write(
        dir.path().join("export.csv"),
        "\u{feff}Score;Name\nHow easy was it?;Name\nQID1;QID2\n5,5;a\n 4 ;b\n6;c\n",
    )
    .unwrap_or_else(|error| panic!("{error}"));
    std::fs::write(
        dir.path().join("a.journey.yaml"),
        "jmap: 1\njourney: {id: a, title: A}\nlanes: [{id: c, name: C, kind: customer}]\nmetrics:\n  - {id: effort, name: Effort, kind: ces}\n  - {id: total, name: Total, kind: count}\nstages:\n  - id: s\n    name: S\n    metrics: [effort, total]\n    touchpoints: [{id: t, name: T, lane: c}]\n",
    )
    .unwrap_or_else(|error| panic!("{error}"));
    let (stdout, _) = run(dir.path(), &["metrics", "--format", "json"], 0);
    let json: serde_json::Value =
        serde_json::from_str(&stdout).unwrap_or_else(|error| panic!("{error}"));
    // (5.5 + 4 + 6) / 3 = 5.1666… → 5.17; sum 15.5.
    assert_eq!(metric(&json, "effort")["value"].as_f64(), Some(5.17));
    assert_eq!(metric(&json, "total")["value"].as_f64(), Some(15.5));
    assert_eq!(metric(&json, "total")["sample"].as_u64(), Some(3));
}

#[test]
fn no_sources_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
    std::fs::create_dir(dir.path().join(".git")).unwrap_or_else(|error| panic!("{error}"));
    let (_, stderr) = run(dir.path(), &["metrics"], 2);
    assert!(stderr.contains("no .jmap.yaml found"), "{stderr}");
    std::fs::write(dir.path().join(".jmap.yaml"), "rules: {}\n")
        .unwrap_or_else(|error| panic!("{error}"));
    let (_, stderr) = run(dir.path(), &["metrics"], 2);
    assert!(stderr.contains("has no `sources` section"), "{stderr}");
}

#[test]
fn the_documented_workflow_is_the_example_and_runs_metrics_write() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let workflow = read(&root.join("examples/ci/jmap-metrics.yml"));
    let docs = read(&root.join("docs/metrics.md"));
    let body: String = workflow
        .lines()
        .skip_while(|line| line.starts_with('#'))
        .map(|line| format!("{line}\n"))
        .collect();
    assert!(
        docs.contains(&format!("```yaml\n{body}```")),
        "docs/metrics.md and the example differ"
    );
    use saphyr::LoadableYamlNode;
    let documents =
        saphyr::Yaml::load_from_str(&workflow).unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(documents.len(), 1);
    assert!(workflow.contains("cron: "));
    assert!(workflow.contains("run: jmap metrics --write"));
    assert!(workflow.contains("peter-evans/create-pull-request"));
}
