//! Libraries (`uses:`, `*.jmap-lib.yaml`, string entries): a journey using two libraries,
//! every library error located in the file where it is, lint of library files on their own,
//! and `jmap diff`/`jmap review` at git revisions where only a library changed.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod diff_support;

use diff_support::{Repo, jmap, root};

const DIR: &str = "tests/fixtures/libraries";

fn load(name: &str) -> Result<jmap::model::Journey, jmap::load::LoadFailure> {
    let path = format!("{DIR}/{name}");
    let bytes = std::fs::read(&path).expect("fixture");
    jmap::load::load_bytes_with(&path, bytes, &jmap::load::library::FileSystem)
}

/// `FILE:LINE:COL RULE MESSAGE` of every finding of a failed load, journey first.
fn located(failure: &jmap::load::LoadFailure) -> Vec<String> {
    failure
        .files()
        .flat_map(|file| {
            file.findings.iter().map(move |finding| {
                let at = file.source.line_col(finding.span.start);
                format!(
                    "{}:{}:{} {} {}",
                    file.source.path, at.line, at.column, finding.rule, finding.message
                )
            })
        })
        .collect()
}

#[test]
fn a_journey_using_two_libraries_has_their_lanes_and_metrics_in_order() {
    let journey = load("two-libraries.journey.yaml").expect("loads");
    let lanes: Vec<&str> = journey.lanes.iter().map(|lane| lane.id.as_str()).collect();
    assert_eq!(lanes, ["client", "sales", "ps"]);
    let metrics: Vec<&str> = journey.metrics.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(metrics, ["project-nps", "csat-scoping"]);
    // Only what the journey lists is in scope: `finance` and `csat-support` are not.
    assert!(!journey.lane_index.contains_key("finance"));
    assert!(!journey.metric_index.contains_key("csat-support"));
    assert_eq!(journey.uses.len(), 2);

    let sales = &journey.lanes[1];
    assert_eq!(sales.owner.as_ref().map(|o| o.as_str()), Some("Sales lead"));
    assert_eq!(sales.extensions[0].key.value, "x-cost-centre");
    // Findings about a used lane point at its entry in the journey...
    let at = journey.source.line_col(sales.id.span.start);
    assert_eq!((at.line, at.column), (10, 5));
    // ...and its origin says where the library defines it.
    let origin = sales.origin.expect("from a library");
    let library = &journey.uses[origin.library].source;
    assert_eq!(library.path, format!("{DIR}/shared/teams.jmap-lib.yaml"));
    assert_eq!(
        &library.text[origin.id_span.start..origin.id_span.end],
        "sales"
    );
    let nps = &journey.metrics[0];
    assert_eq!(nps.sample.as_ref().map(|s| s.value), Some(52));
    assert_eq!(
        nps.measured
            .as_ref()
            .map(|m| m.value.to_string())
            .as_deref(),
        Some("2026-10-01")
    );
    assert!(journey.lanes[2].origin.is_none());
}

#[test]
fn a_missing_library_is_an_error_at_its_uses_entry() {
    let failure = load("missing-library.journey.yaml").expect_err("fails");
    assert_eq!(
        located(&failure),
        [format!(
            "{DIR}/missing-library.journey.yaml:2:36 schema cannot read the library `shared/no-such.jmap-lib.yaml`: no such file"
        )]
    );
}

#[test]
fn a_broken_library_is_reported_at_the_entry_and_inside_the_library() {
    let failure = load("broken-library.journey.yaml").expect_err("fails");
    let found = located(&failure);
    assert_eq!(found.len(), 3, "{found:#?}");
    assert!(
        found[0].starts_with(&format!(
            "{DIR}/broken-library.journey.yaml:3:5 schema the library `shared/broken.jmap-lib.yaml` does not load: 2 errors"
        )),
        "{found:#?}"
    );
    assert_eq!(
        found[1],
        format!(
            "{DIR}/shared/broken.jmap-lib.yaml:6:13 schema `kind` must be one of customer, frontstage, backstage, support, found `customr`"
        )
    );
    assert_eq!(
        found[2],
        format!(
            "{DIR}/shared/broken.jmap-lib.yaml:7:7 schema a library defines each lane in full, found the id `support`"
        )
    );
}

#[test]
fn an_id_from_two_libraries_or_listed_and_defined_is_a_duplicate() {
    let failure = load("duplicate-across-libraries.journey.yaml").expect_err("fails");
    let journey = format!("{DIR}/duplicate-across-libraries.journey.yaml");
    assert_eq!(
        located(&failure),
        [
            format!(
                "{journey}:8:5 duplicate-id lane `sales` is defined by two used libraries, `{DIR}/shared/teams.jmap-lib.yaml` and `{DIR}/shared/other-teams.jmap-lib.yaml`"
            ),
            format!("{journey}:9:9 duplicate-id lane id `client` is already used"),
        ]
    );
}

#[test]
fn an_unknown_string_entry_is_an_unknown_reference_with_a_suggestion() {
    let failure = load("unknown-entry.journey.yaml").expect_err("fails");
    let journey = format!("{DIR}/unknown-entry.journey.yaml");
    assert_eq!(
        located(&failure),
        [
            format!(
                "{journey}:6:17 unknown-reference no used library defines a lane with the id `salse`"
            ),
            format!(
                "{journey}:7:11 unknown-reference no used library defines a metric with the id `project-nsp`"
            ),
        ]
    );
    let helps: Vec<_> = failure
        .journey
        .findings
        .iter()
        .map(|f| f.help.clone())
        .collect();
    assert_eq!(
        helps,
        [
            Some("did you mean `sales`?".to_string()),
            Some("did you mean `project-nps`?".to_string())
        ]
    );
}

#[test]
fn a_string_entry_without_uses_says_how_to_fix_it() {
    let text = "jmap: 1\njourney: {id: j, title: J}\nlanes: [client]\nstages: []\n";
    let errors = jmap::load::load_str("t.journey.yaml", text).expect_err("fails");
    assert_eq!(errors.findings.len(), 1);
    assert!(
        errors.findings[0]
            .help
            .as_deref()
            .is_some_and(|help| help.contains("uses none")),
        "{:?}",
        errors.findings
    );
}

#[test]
fn lint_reports_a_broken_library_once_in_its_own_file() {
    let output = jmap(&root())
        .args(["lint", "--format", "short"])
        .arg(format!("{DIR}/broken-library.journey.yaml"))
        .arg(format!("{DIR}/shared/broken.jmap-lib.yaml"))
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8(output.stdout).expect("utf-8");
    let library_lines = stdout
        .lines()
        .filter(|line| line.starts_with(&format!("{DIR}/shared/broken.jmap-lib.yaml:")))
        .count();
    assert_eq!(library_lines, 2, "{stdout}");
}

#[test]
fn a_library_file_is_linted_on_its_own() {
    let good = jmap(&root())
        .args(["lint", "--format", "short"])
        .arg(format!("{DIR}/shared/teams.jmap-lib.yaml"))
        .output()
        .expect("runs");
    assert_eq!(good.status.code(), Some(0));
    let dir = tempfile::tempdir().expect("temp");
    std::fs::write(
        dir.path().join("bad.jmap-lib.yaml"),
        "jmap: 1\nlibrary:\n  lanes:\n    - {id: a, name: A, kind: customer}\n    - {id: a, name: B, kind: customer, colour: red}\n",
    )
    .expect("write");
    // No path: every journey and library file under the folder.
    let bad = jmap(dir.path())
        .args(["lint", "--format", "short"])
        .output()
        .expect("runs");
    assert_eq!(bad.status.code(), Some(1));
    assert_eq!(
        String::from_utf8(bad.stdout).expect("utf-8"),
        "bad.jmap-lib.yaml:5:12: error[duplicate-id] lane id `a` is already used\n\
         bad.jmap-lib.yaml:5:40: error[schema] unknown field `colour` in lane\n"
    );
}

const JOURNEY: &str = "jmap: 1
uses: [../shared/teams.jmap-lib.yaml]
journey: {id: j, title: J, owner: O, reviewed: 2026-11-01}
lanes: [client, sales]
metrics: [{id: csat, name: CSAT, kind: csat, target: '>= 80'}]
stages:
  - id: s
    name: S
    metrics: [csat]
    touchpoints:
      - {id: a, name: A, lane: client, handoffs: [{to: b, owner: O}]}
      - {id: b, name: B, lane: sales}
";

fn teams(sales_name: &str) -> String {
    format!(
        "jmap: 1\nlibrary:\n  lanes:\n    - {{id: client, name: Client, kind: customer}}\n    - {{id: sales, name: {sales_name}, kind: frontstage}}\n"
    )
}

fn repo_where_only_the_library_changed() -> Repo {
    let repo = Repo::new();
    repo.write("journeys/j.journey.yaml", JOURNEY);
    repo.write("shared/teams.jmap-lib.yaml", &teams("Sales"));
    repo.commit("first");
    repo.write("shared/teams.jmap-lib.yaml", &teams("Account management"));
    repo.commit("rename the sales lane");
    repo
}

#[test]
fn diff_of_two_revisions_where_only_the_library_changed_shows_the_change() {
    let repo = repo_where_only_the_library_changed();
    let output = repo
        .jmap()
        .args([
            "diff",
            "HEAD~1:journeys/j.journey.yaml",
            "HEAD:journeys/j.journey.yaml",
            "--format",
            "json",
        ])
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    let stdout = String::from_utf8(output.stdout).expect("utf-8");
    assert!(stdout.contains("Account management"), "{stdout}");
    assert!(stdout.contains("\"Sales\""), "{stdout}");
}

#[test]
fn a_library_missing_at_the_revision_is_located_at_the_uses_entry() {
    let repo = Repo::new();
    repo.write("journeys/j.journey.yaml", JOURNEY);
    repo.commit("first, without the library");
    repo.write("shared/teams.jmap-lib.yaml", &teams("Sales"));
    let output = repo
        .jmap()
        .args([
            "diff",
            "HEAD:journeys/j.journey.yaml",
            "journeys/j.journey.yaml",
        ])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("cannot read the library `../shared/teams.jmap-lib.yaml`")
            && stderr.contains("HEAD:journeys/j.journey.yaml:2:8"),
        "{stderr}"
    );
}

#[test]
fn review_lints_and_diffs_the_journeys_that_use_a_changed_library() {
    let repo = repo_where_only_the_library_changed();
    let output = repo
        .jmap()
        .args(["review", "--base", "HEAD~1"])
        .output()
        .expect("runs");
    let stdout = String::from_utf8(output.stdout).expect("utf-8");
    assert_eq!(output.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("journeys/j.journey.yaml"), "{stdout}");
    assert!(stdout.contains("Account management"), "{stdout}");
}
