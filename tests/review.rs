//! `jmap review`: the pull-request comment and its "no new errors" gate, in real git repos.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // test code may fail loudly

mod diff_support;

use diff_support::{Repo, assert_tables_well_formed, fixture};

const JOURNEY: &str = "journeys/onboarding.journey.yaml";

fn review(repo: &Repo, args: &[&str]) -> (i32, String, String) {
    let output = repo.jmap().arg("review").args(args).output().expect("runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8(output.stdout).expect("utf-8"),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// A repository whose first commit holds `first` and second commit `second`.
fn two_commits(first: &str, second: &str) -> Repo {
    let repo = Repo::new();
    repo.write("README.md", "not a journey\n");
    repo.write(JOURNEY, &fixture(first));
    repo.commit("first");
    repo.write(JOURNEY, &fixture(second));
    repo.commit("second");
    repo
}

#[test]
fn an_improving_change_passes() {
    let repo = two_commits("review/base.journey.yaml", "review/improved.journey.yaml");
    let (code, out, stderr) = review(&repo, &["--base", "HEAD~1"]);
    assert_eq!(code, 0, "{stderr}");
    assert_tables_well_formed(&out);
    assert!(out.starts_with("## ✅ jmap review: no new errors"));
    insta::assert_snapshot!("review_improving", out);
}

#[test]
fn a_change_that_adds_an_unowned_handoff_fails() {
    let repo = two_commits("review/improved.journey.yaml", "review/worse.journey.yaml");
    let (code, out, stderr) = review(&repo, &["--base", "HEAD~1"]);
    assert_eq!(code, 1, "{stderr}");
    assert_tables_well_formed(&out);
    assert!(out.contains("| **new** | error | unowned-handoff |"));
    insta::assert_snapshot!("review_unowned_handoff", out);
}

#[test]
fn fixing_some_errors_and_leaving_others_passes() {
    let repo = Repo::new();
    repo.write(JOURNEY, &fixture("review/base.journey.yaml"));
    repo.commit("base");
    // Uncommitted: the working tree is what is reviewed.
    repo.write(JOURNEY, &fixture("review/partial.journey.yaml"));
    let (code, out, stderr) = review(&repo, &["--base", "HEAD"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(out.contains("|  | error | unmeasured-stage |"), "{out}");
    assert!(!out.contains("**new**"), "{out}");
    assert!(out.contains("fixed 1 error and 0 warnings"), "{out}");
}

#[test]
fn moving_an_element_does_not_make_its_errors_new() {
    let repo = Repo::new();
    repo.write(JOURNEY, &fixture("review/base.journey.yaml"));
    repo.commit("base");
    // Same errors, on other lines.
    let shifted = fixture("review/base.journey.yaml").replace(
        "  reviewed: 2026-10-01\n",
        "  reviewed: 2026-10-01\n  persona: A new buyer\n  description: |\n    Two\n    more lines.\n",
    );
    repo.write(JOURNEY, &shifted);
    let (code, out, stderr) = review(&repo, &["--base", "HEAD"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(!out.contains("**new**"), "{out}");
}

#[test]
fn added_renamed_and_deleted_files() {
    let repo = Repo::new();
    repo.write(
        "journeys/keep.journey.yaml",
        &fixture("review/improved.journey.yaml"),
    );
    repo.write(
        "journeys/old-name.journey.yaml",
        &fixture("review/base.journey.yaml"),
    );
    repo.write(
        "journeys/gone.journey.yaml",
        &fixture("review/partial.journey.yaml"),
    );
    repo.commit("base");
    repo.git(&[
        "mv",
        "journeys/old-name.journey.yaml",
        "journeys/new-name.journey.yaml",
    ]);
    repo.git(&["rm", "-q", "journeys/gone.journey.yaml"]);
    // Untracked and never added: still reviewed; everything in it is new.
    repo.write(
        "journeys/fresh.journey.yaml",
        &fixture("review/worse.journey.yaml"),
    );
    repo.write("notes.txt", "ignored\n");
    let (code, out, stderr) = review(&repo, &["--base", "HEAD"]);
    assert_eq!(code, 1, "{stderr}");
    assert_tables_well_formed(&out);
    insta::assert_snapshot!("review_added_renamed_deleted", out);

    // PATH limits the files considered.
    let (code, out, _) = review(&repo, &["--base", "HEAD", "journeys/new-name.journey.yaml"]);
    assert_eq!(code, 0);
    assert!(out.contains("1 journey file changed"), "{out}");
    assert!(!out.contains("fresh"), "{out}");

    // From a subfolder, with a path relative to it.
    let output = repo
        .jmap()
        .current_dir(repo.path().join("journeys"))
        .args(["review", "--base", "HEAD", "./new-name.journey.yaml"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0));
    let out = String::from_utf8_lossy(&output.stdout);
    assert!(
        out.contains(
            "journeys/new-name.journey.yaml — renamed from journeys/old-name.journey.yaml"
        ),
        "{out}"
    );
}

#[test]
fn an_invalid_new_version_fails() {
    let repo = Repo::new();
    repo.write(JOURNEY, &fixture("review/improved.journey.yaml"));
    repo.commit("base");
    repo.write(JOURNEY, "jmap: 1\njourney: {id: x, title: [\n");
    let (code, out, _) = review(&repo, &["--base", "HEAD"]);
    assert_eq!(code, 1);
    assert!(out.contains("| **new** | error | yaml-syntax |"), "{out}");
    assert!(out.contains("does not load"), "{out}");
}

#[test]
fn no_journey_changes() {
    let repo = Repo::new();
    repo.write(JOURNEY, &fixture("review/improved.journey.yaml"));
    repo.commit("base");
    repo.write("README.md", "docs only\n");
    let (code, out, _) = review(&repo, &["--base", "HEAD"]);
    assert_eq!(code, 0);
    assert_eq!(
        out,
        "## ✅ jmap review: no new errors\n\nNo journey files changed since HEAD.\n"
    );
}

#[test]
fn unknown_revision_is_exit_2() {
    let repo = two_commits("review/base.journey.yaml", "review/improved.journey.yaml");
    let (code, out, stderr) = review(&repo, &["--base", "origin/nope"]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(
        stderr.contains("unknown git revision `origin/nope`"),
        "{stderr}"
    );
}

#[test]
fn outside_a_repository_is_exit_2() {
    let dir = tempfile::tempdir().expect("temp dir");
    let output = diff_support::jmap(dir.path())
        .env(
            "GIT_CEILING_DIRECTORIES",
            dir.path().parent().unwrap_or(dir.path()),
        )
        .args(["review", "--base", "main"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("not inside a git repository"));
}

#[test]
fn the_configuration_sets_what_counts_as_an_error() {
    let repo = two_commits("review/improved.journey.yaml", "review/worse.journey.yaml");
    repo.write(".jmap.yaml", "rules:\n  unowned-handoff: warn\n");
    let (code, out, stderr) = review(&repo, &["--base", "HEAD~1"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        out.contains("| **new** | warning | unowned-handoff |"),
        "{out}"
    );
}

#[test]
fn a_huge_change_is_shortened_to_fit_a_comment() {
    let repo = Repo::new();
    repo.write(JOURNEY, &fixture("review/improved.journey.yaml"));
    repo.commit("base");
    // 600 new unowned handoffs, each its own touchpoint.
    let mut text = fixture("review/improved.journey.yaml");
    text.push_str(
        "  - id: extra\n    name: Extra\n    metrics: [csat-kickoff]\n    touchpoints:\n",
    );
    for index in 0..600 {
        let lane = if index % 2 == 0 { "client" } else { "ops" };
        text.push_str(&format!(
            "      - id: extra-{index}\n        name: Extra {index}\n        lane: {lane}\n        handoffs: [{{to: extra-{}}}]\n",
            (index + 1) % 600
        ));
    }
    repo.write(JOURNEY, &text);
    let (code, out, stderr) = review(&repo, &["--base", "HEAD"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        out.chars().count() <= jmap::diff::review::MAX_COMMENT_CHARS,
        "{}",
        out.len()
    );
    assert!(
        out.starts_with("## ❌ jmap review: 600 new errors"),
        "{}",
        &out[..200]
    );
    assert!(out.contains("Shortened to fit in a comment"));
    assert_tables_well_formed(&out);
}
