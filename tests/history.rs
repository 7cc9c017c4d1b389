//! `jmap history` and `jmap report --history` on a git repository made here, with fixed
//! dates and authors (so commit ids are stable): commits that change metrics, an
//! unrelated commit, a rename, a commit that breaks the file and one that fixes it.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // test code may fail loudly

use assert_cmd::Command;
use std::path::Path;

fn git(dir: &Path, args: &[&str], date: &str) {
    let output = std::process::Command::new("git")
        .args(["-c", "user.name=Dana", "-c", "user.email=dana@example.com"])
        .args([
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .output()
        .unwrap_or_else(|error| panic!("git: {error}"));
    assert!(
        output.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

fn write(dir: &Path, path: &str, text: &str) {
    let path = dir.join(path);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap_or_else(|error| panic!("{error}"));
    }
    std::fs::write(path, text).unwrap_or_else(|error| panic!("{error}"));
}

/// A journey with two metrics; `owner` on its one cross-lane handoff or not.
fn journey(nps: Option<i32>, csat: Option<i32>, owner: bool, emotion: i32) -> String {
    let current = |value: Option<i32>| value.map_or(String::new(), |v| format!(", current: {v}"));
    format!(
        "jmap: 1\njourney: {{ id: onboarding, title: Onboarding, reviewed: 2026-01-01 }}\n\
         lanes:\n  - {{ id: client, name: Client, kind: customer }}\n  - {{ id: ps, name: PS, kind: frontstage }}\n\
         metrics:\n  - {{ id: nps, name: NPS, kind: nps, target: \">= 30\"{} }}\n  - {{ id: csat, name: CSAT, kind: csat, target: \">= 80\"{} }}\n\
         stages:\n  - id: kickoff\n    name: Kickoff\n    metrics: [nps, csat]\n    touchpoints:\n\
         \x20     - id: call\n        name: Kickoff call\n        lane: ps\n        emotion: {emotion}\n        handoffs:\n          - {{ to: plan{} }}\n\
         \x20     - {{ id: plan, name: Plan, lane: client, emotion: 1 }}\n",
        current(nps),
        current(csat),
        if owner { ", owner: PM" } else { "" },
    )
}

/// The repository: returns it and the id of its second commit.
fn repository() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
    let root = dir.path();
    git(root, &["init", "-q"], "2026-01-01T09:00:00Z");
    write(
        root,
        "onboarding.journey.yaml",
        &journey(Some(10), None, false, -1),
    );
    git(root, &["add", "-A"], "2026-01-05T09:00:00Z");
    git(
        root,
        &["commit", "-qm", "Onboarding journey"],
        "2026-01-05T09:00:00Z",
    );

    write(
        root,
        "onboarding.journey.yaml",
        &journey(Some(18), Some(70), true, 0),
    );
    git(
        root,
        &["commit", "-qam", "Q1 numbers; PM owns the plan handoff"],
        "2026-02-01T09:00:00Z",
    );

    write(root, "README.md", "unrelated\n");
    git(root, &["add", "-A"], "2026-02-15T09:00:00Z");
    git(
        root,
        &["commit", "-qm", "Unrelated change"],
        "2026-02-15T09:00:00Z",
    );

    std::fs::create_dir_all(root.join("journeys")).unwrap_or_else(|error| panic!("{error}"));
    git(
        root,
        &["mv", "onboarding.journey.yaml", "journeys/"],
        "2026-03-01T09:00:00Z",
    );
    git(
        root,
        &["commit", "-qm", "Move journeys into a folder"],
        "2026-03-01T09:00:00Z",
    );

    write(
        root,
        "journeys/onboarding.journey.yaml",
        "jmap: 1\njourney: [broken\n",
    );
    git(
        root,
        &["commit", "-qam", "WIP <script>alert(1)</script> | =cmd"],
        "2026-04-01T09:00:00Z",
    );

    write(
        root,
        "journeys/onboarding.journey.yaml",
        &journey(Some(31), Some(82), true, 1),
    );
    git(
        root,
        &["commit", "-qam", "Fix the journey; Q2 numbers"],
        "2026-05-01T09:00:00Z",
    );

    let output = std::process::Command::new("git")
        .args(["rev-parse", "HEAD~4"])
        .current_dir(root)
        .output()
        .unwrap_or_else(|error| panic!("{error}"));
    let second = String::from_utf8_lossy(&output.stdout).trim().to_string();
    (dir, second)
}

fn run(dir: &Path, args: &[&str], code: i32) -> String {
    let output = Command::cargo_bin("jmap")
        .unwrap_or_else(|error| panic!("{error}"))
        .env("JMAP_TODAY", "2026-06-01")
        .env("NO_COLOR", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap_or_else(|error| panic!("{error}"));
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert_eq!(
        output.status.code(),
        Some(code),
        "jmap {args:?}\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

const FILE: &str = "journeys/onboarding.journey.yaml";

#[test]
fn every_format() {
    let (dir, _) = repository();
    for format in ["text", "markdown", "json", "csv"] {
        let output = run(dir.path(), &["history", FILE, "--format", format], 0);
        insta::assert_snapshot!(format!("history_{format}"), output);
    }
}

#[test]
fn json_follows_renames_and_reports_broken_commits() {
    let (dir, _) = repository();
    let json: serde_json::Value =
        serde_json::from_str(&run(dir.path(), &["history", FILE, "--format", "json"], 0))
            .unwrap_or_else(|error| panic!("{error}"));
    let commits = json["commits"].as_array().cloned().unwrap_or_default();
    let subjects: Vec<&str> = commits
        .iter()
        .filter_map(|commit| commit["subject"].as_str())
        .collect();
    // Oldest first; the unrelated commit is not there.
    assert_eq!(
        subjects,
        [
            "Onboarding journey",
            "Q1 numbers; PM owns the plan handoff",
            "Move journeys into a folder",
            "WIP <script>alert(1)</script> | =cmd",
            "Fix the journey; Q2 numbers",
        ]
    );
    assert_eq!(commits[0]["path"], "onboarding.journey.yaml");
    assert_eq!(commits[2]["path"], FILE);
    assert_eq!(
        commits[0]["metrics"],
        serde_json::json!({"nps": 10.0, "csat": null})
    );
    assert_eq!(commits[0]["unowned_handoffs"], 1);
    assert_eq!(commits[0]["mean_emotion"], 0.0);
    assert_eq!(commits[1]["unowned_handoffs"], 0);
    assert_eq!(commits[1]["mean_emotion"], 0.5);
    assert_eq!(commits[3]["state"], "broken");
    assert_eq!(commits[3]["load_error"]["line"], 2);
    assert_eq!(
        commits[4]["metrics"],
        serde_json::json!({"nps": 31.0, "csat": 82.0})
    );
    assert_eq!(commits[0]["date"], "2026-01-05");
}

#[test]
fn since_a_revision() {
    let (dir, second) = repository();
    let csv = run(
        dir.path(),
        &["history", FILE, "--since", &second, "--format", "csv"],
        0,
    );
    // The header and the three commits after the second.
    assert_eq!(csv.lines().count(), 4, "{csv}");
    assert!(
        csv.lines()
            .nth(1)
            .is_some_and(|line| line.contains("Move journeys")),
        "{csv}"
    );
    // From a subfolder, and with an absolute path: the same history.
    let whole = run(dir.path(), &["history", FILE, "--format", "csv"], 0);
    let sub = run(
        &dir.path().join("journeys"),
        &["history", "onboarding.journey.yaml", "--format", "csv"],
        0,
    );
    assert_eq!(sub, whole);
    let absolute = dir.path().join(FILE);
    let absolute = run(
        &dir.path().join("journeys"),
        &["history", &absolute.to_string_lossy(), "--format", "csv"],
        0,
    );
    assert_eq!(absolute, whole);
    run(dir.path(), &["history", FILE, "--since", "no-such-rev"], 2);
    run(dir.path(), &["history", "nope.journey.yaml"], 2);
}

#[test]
fn report_with_history_has_a_trend() {
    let (dir, _) = repository();
    let report = run(dir.path(), &["report", FILE, "--history"], 0);
    let trend = report
        .split("## Trend")
        .nth(1)
        .unwrap_or_else(|| panic!("no trend section in\n{report}"));
    insta::assert_snapshot!("report_trend_markdown", trend);
    let text = run(
        dir.path(),
        &["report", FILE, "--history", "--format", "text"],
        0,
    );
    assert!(text.contains("\nTrend\n-----\n"), "{text}");
    assert!(
        text.contains("- nps               ▁▄▄█         10 → 31\n"),
        "{text}"
    );
}

/// A library of metrics: `nps` with a `current` value, and `csat` when `csat` is given.
fn library(nps: i32, csat: Option<i32>) -> String {
    let mut text = format!(
        "# Shared metrics.\njmap: 1\nlibrary:\n  metrics:\n    - id: nps\n      name: NPS\n      kind: nps\n      target: \">= 30\"\n      current: {nps}   # kept by jmap metrics\n"
    );
    if let Some(csat) = csat {
        text.push_str(&format!(
            "    - {{ id: csat, name: CSAT, kind: csat, target: \">= 80\", current: {csat} }}\n"
        ));
    }
    text
}

/// A journey that takes `nps` from the library `uses` names, with one metric of its own.
fn journey_using(uses: &str, emotion: i32) -> String {
    format!(
        "jmap: 1\nuses: [{uses}]\njourney: {{ id: onboarding, title: Onboarding, reviewed: 2026-01-01 }}\n\
         lanes:\n  - {{ id: client, name: Client, kind: customer }}\n\
         metrics:\n  - nps\n  - {{ id: effort, name: Effort, kind: ces, target: \">= 5\", current: 4 }}\n\
         stages:\n  - id: kickoff\n    name: Kickoff\n    metrics: [nps, effort]\n    touchpoints:\n\
         \x20     - {{ id: call, name: Kickoff call, lane: client, emotion: {emotion} }}\n"
    )
}

/// A repository where a journey's metrics live in a library: commits that change only the
/// library, an unrelated library, a rename of the journey, a broken library and a broken
/// journey (each then fixed), and a switch to another library.
fn library_repository() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
    let root = dir.path();
    let commit = |message: &str, date: &str| {
        git(root, &["add", "-A"], date);
        git(root, &["commit", "-qm", message], date);
    };
    git(root, &["init", "-q"], "2026-01-01T09:00:00Z");
    write(root, "shared/metrics.jmap-lib.yaml", &library(10, None));
    write(root, "shared/other.jmap-lib.yaml", &library(50, Some(90)));
    write(
        root,
        "journeys/onb.journey.yaml",
        &journey_using("../shared/metrics.jmap-lib.yaml", 0),
    );
    commit("Onboarding journey, shared metrics", "2026-01-05T09:00:00Z");

    write(root, "shared/metrics.jmap-lib.yaml", &library(18, None));
    commit("Q1 NPS in the library", "2026-02-01T09:00:00Z");

    write(root, "shared/other.jmap-lib.yaml", &library(55, Some(91)));
    commit("A library the journey does not use", "2026-02-10T09:00:00Z");

    write(root, "README.md", "unrelated\n");
    commit("Unrelated change", "2026-02-15T09:00:00Z");

    git(
        root,
        &[
            "mv",
            "journeys/onb.journey.yaml",
            "journeys/onboarding.journey.yaml",
        ],
        "2026-03-01T09:00:00Z",
    );
    commit("Rename the journey", "2026-03-01T09:00:00Z");

    write(
        root,
        "shared/metrics.jmap-lib.yaml",
        "jmap: 1\nlibrary: [broken\n",
    );
    commit("Break the library", "2026-03-10T09:00:00Z");

    write(root, "shared/metrics.jmap-lib.yaml", &library(24, None));
    commit("Fix the library", "2026-03-20T09:00:00Z");

    write(root, FILE, "jmap: 1\njourney: [broken\n");
    commit("Break the journey", "2026-04-01T09:00:00Z");

    write(
        root,
        FILE,
        &journey_using("../shared/metrics.jmap-lib.yaml", 1),
    );
    commit("Fix the journey", "2026-04-10T09:00:00Z");

    write(
        root,
        FILE,
        &journey_using("../shared/other.jmap-lib.yaml", 1),
    );
    commit("Switch to the other library", "2026-05-01T09:00:00Z");

    write(root, "shared/metrics.jmap-lib.yaml", &library(99, None));
    commit(
        "The old library again: no longer used",
        "2026-05-10T09:00:00Z",
    );

    write(root, "shared/other.jmap-lib.yaml", &library(60, Some(92)));
    commit("Q2 NPS in the other library", "2026-05-20T09:00:00Z");
    dir
}

#[test]
fn library_changes_are_rows_in_every_format() {
    let dir = library_repository();
    for format in ["text", "markdown", "json", "csv"] {
        let output = run(dir.path(), &["history", FILE, "--format", format], 0);
        insta::assert_snapshot!(format!("history_library_{format}"), output);
    }
    let json: serde_json::Value =
        serde_json::from_str(&run(dir.path(), &["history", FILE, "--format", "json"], 0))
            .unwrap_or_else(|error| panic!("{error}"));
    let commits = json["commits"].as_array().cloned().unwrap_or_default();
    let summary: Vec<(&str, serde_json::Value, &str)> = commits
        .iter()
        .map(|commit| {
            (
                commit["subject"].as_str().unwrap_or_default(),
                commit["metrics"]["nps"].clone(),
                commit["state"].as_str().unwrap_or_default(),
            )
        })
        .collect();
    use serde_json::Value::Null;
    // Oldest first. Not there: the unrelated commit, the commit to a library the journey
    // did not use then, and the commit to the library it no longer uses.
    assert_eq!(
        summary,
        [
            ("Onboarding journey, shared metrics", 10.0.into(), "loaded"),
            ("Q1 NPS in the library", 18.0.into(), "loaded"),
            ("Rename the journey", 18.0.into(), "loaded"),
            ("Break the library", Null, "broken"),
            ("Fix the library", 24.0.into(), "loaded"),
            ("Break the journey", Null, "broken"),
            ("Fix the journey", 24.0.into(), "loaded"),
            ("Switch to the other library", 55.0.into(), "loaded"),
            ("Q2 NPS in the other library", 60.0.into(), "loaded"),
        ]
    );
    let library_only: Vec<&str> = commits
        .iter()
        .filter(|commit| commit["journey_changed"] == false)
        .filter_map(|commit| commit["subject"].as_str())
        .collect();
    assert_eq!(
        library_only,
        [
            "Q1 NPS in the library",
            "Break the library",
            "Fix the library",
            "Q2 NPS in the other library"
        ]
    );
    assert_eq!(
        commits[1]["libraries_changed"],
        serde_json::json!(["shared/metrics.jmap-lib.yaml"])
    );
    // Renamed: the library rows before and after carry the path of their time.
    assert_eq!(commits[1]["path"], "journeys/onb.journey.yaml");
    assert_eq!(commits[3]["path"], FILE);
    assert_eq!(commits[8]["metrics"]["effort"], 4.0);

    // --since: a library commit after REV is a row even when no commit of the journey is.
    let csv = run(
        dir.path(),
        &["history", FILE, "--since", "HEAD~1", "--format", "csv"],
        0,
    );
    assert_eq!(csv.lines().count(), 2, "{csv}");
    assert!(csv.contains("Q2 NPS in the other library"), "{csv}");
}

/// A metric badge of a rendered map: id, badge rect (x, y, w, h), trend polyline points,
/// title.
type Badge = (String, [f64; 4], Vec<(f64, f64)>, String);

fn badges(svg: &str) -> Vec<Badge> {
    let document = roxmltree::Document::parse(svg).unwrap_or_else(|error| panic!("{error}"));
    let number = |node: roxmltree::Node<'_, '_>, name: &str| -> f64 {
        node.attribute(name)
            .and_then(|value| value.parse().ok())
            .unwrap_or(f64::NAN)
    };
    document
        .descendants()
        .filter(|node| node.has_tag_name("g") && node.attribute("class") == Some("metric"))
        .map(|group| {
            let id = group.attribute("data-id").unwrap_or_default().to_string();
            let rect = group
                .children()
                .find(|node| node.has_tag_name("rect"))
                .unwrap_or_else(|| panic!("no rect in badge {id}"));
            let area = [
                number(rect, "x"),
                number(rect, "y"),
                number(rect, "width"),
                number(rect, "height"),
            ];
            let title = group
                .children()
                .find(|node| node.has_tag_name("title"))
                .and_then(|title| title.text())
                .unwrap_or_default()
                .to_string();
            // The trend is a `g.trend` child of the badge's group, holding the polyline.
            let points = group
                .children()
                .filter(|node| node.attribute("class") == Some("trend"))
                .flat_map(|trend| trend.children())
                .find(|node| {
                    node.has_tag_name("polyline") && node.attribute("class") == Some("trend")
                })
                .and_then(|line| line.attribute("points"))
                .map(|points| {
                    points
                        .split(' ')
                        .filter_map(|pair| pair.split_once(','))
                        .map(|(x, y)| {
                            (x.parse().unwrap_or(f64::NAN), y.parse().unwrap_or(f64::NAN))
                        })
                        .collect()
                })
                .unwrap_or_default();
            (id, area, points, title)
        })
        .collect()
}

#[test]
fn render_history_draws_a_trend_line_in_each_metric_badge() {
    let (dir, _) = repository();
    let plain = run(dir.path(), &["render", FILE], 0);
    assert!(!plain.contains("class=\"trend\""));
    let svg = run(dir.path(), &["render", "--history", FILE], 0);
    let badges = badges(&svg);
    assert_eq!(badges.len(), 2, "{badges:?}");
    for (id, [x, y, w, h], points, title) in &badges {
        // nps: 10, 18, 18, (broken), 31 → 4 points; csat: 70, 70, (broken), 82 → 3.
        let (count, first, last) = match id.as_str() {
            "nps" => (4, "10", "31"),
            "csat" => (3, "70", "82"),
            other => panic!("unexpected badge {other}"),
        };
        assert_eq!(points.len(), count, "{id}: {points:?}");
        assert!(
            title.ends_with(&format!("Trend over {count} commits: {first} → {last}")),
            "{id}: {title}"
        );
        // Inside the badge, left to right, in its right half.
        for &(px, py) in points {
            assert!(px > x + w / 2.0 && px < x + w, "{id}: {px} outside {x}+{w}");
            assert!(py > *y && py < y + h, "{id}: {py} outside {y}+{h}");
        }
        assert!(points.windows(2).all(|pair| pair[0].0 < pair[1].0), "{id}");
        // The last value is the highest: drawn highest (smallest y); the first the lowest.
        let top = points.iter().map(|p| p.1).fold(f64::INFINITY, f64::min);
        let bottom = points.iter().map(|p| p.1).fold(f64::NEG_INFINITY, f64::max);
        assert_eq!(points.last().map(|p| p.1), Some(top), "{id}");
        assert_eq!(points.first().map(|p| p.1), Some(bottom), "{id}");
        assert!(bottom - top > 10.0, "{id}: a visible rise");
    }
    // The x of a commit is its position among all rows: the broken commit leaves a gap.
    let nps = &badges
        .iter()
        .find(|badge| badge.0 == "nps")
        .map(|badge| badge.2.clone());
    let xs: Vec<f64> = nps.iter().flatten().map(|p| p.0).collect();
    assert!((xs[3] - xs[2]) > 1.5 * (xs[1] - xs[0]), "{xs:?}");

    // PNG too; a journey at a revision has no history to follow.
    let png = dir.path().join("map.png");
    run(
        dir.path(),
        &["render", "--history", FILE, "-o", &png.to_string_lossy()],
        0,
    );
    let bytes = std::fs::read(&png).unwrap_or_else(|error| panic!("{error}"));
    assert!(bytes.starts_with(b"\x89PNG"));
    run(
        dir.path(),
        &["render", "--history", &format!("HEAD:{FILE}")],
        2,
    );
}

#[test]
fn render_history_follows_library_metrics() {
    let dir = library_repository();
    let svg = run(dir.path(), &["render", "--history", FILE], 0);
    let badges = badges(&svg);
    let nps = badges
        .iter()
        .find(|badge| badge.0 == "nps")
        .unwrap_or_else(|| panic!("no nps badge"));
    // 10, 18, 18, (broken library), 24, (broken journey), 24, 55, 60.
    assert_eq!(nps.2.len(), 7, "{nps:?}");
    assert!(
        nps.3.ends_with("Trend over 7 commits: 10 → 60"),
        "{}",
        nps.3
    );
}
