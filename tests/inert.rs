//! Hostile text stays inert in every output: ESC/CSI/OSC 8 sequences, CR/LF followed by
//! `::stop-commands::` (a GitHub workflow command), NUL, DEL, C1, bidi controls and
//! `@team` mentions, in names, owners, field names, `allow` entries and file names, through
//! every lint format, stderr, report, export, the map, diff and review.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // test code may fail loudly

mod diff_support;

use assert_cmd::Command;
use diff_support::{Repo, fixture};
use jmap::text::is_hostile;
use std::path::Path;

const HOSTILE: &str = "tests/fixtures/inert/hostile.journey.yaml";
const BASE: &str = "tests/fixtures/inert/base.journey.yaml";

/// A journey that does not load, whose errors quote hostile text: an unknown field named
/// with an OSC 8 hyperlink and a CR/LF workflow command, an `allow` entry with CSI and bidi.
const BROKEN: &str = "jmap: 1\njourney:\n  id: j\n  title: T\n  \"\\e]8;;https://evil.example/\\e\\\\x\\r\\n::stop-commands::tok\": 1\n  allow: [\"\\e[31mrule\\u202E@team\"]\nlanes: []\nstages: []\n";

/// Raw control and bidi characters in the file itself: the human format's source snippet
/// must not print them.
const RAW: &str = "jmap: 1\njourney:\n  id: j\n  title: T\n  bad\u{1b}]8;;http://x\u{7}: 1\n  x\u{202e}y\u{9b}: 2\nlanes: []\nstages: []\n";

/// A file name no one should trust either.
const BROKEN_NAME: &str = "h\u{1b}[31m\n::error::forged\u{202e}.journey.yaml";

fn jmap(dir: &Path) -> Command {
    let mut command = Command::cargo_bin("jmap").expect("binary");
    command
        .current_dir(dir)
        .env("JMAP_TODAY", "2026-11-22")
        .env("NO_COLOR", "1");
    command
}

fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let output = jmap(dir).args(args).output().expect("runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    )
}

/// No hostile character but line feeds (and tabs where `tabs` allows), and no line that
/// a CI runner would take for a workflow command unless `github` says it is one of ours.
fn assert_inert(what: &str, out: &str, tabs: bool, github: bool) {
    let bad: Vec<char> = out
        .chars()
        .filter(|&ch| is_hostile(ch) && ch != '\n' && !(tabs && ch == '\t'))
        .collect();
    assert!(bad.is_empty(), "{what}: raw {bad:?} in:\n{out}");
    for line in out.lines() {
        let ours = github && (line.starts_with("::error ") || line.starts_with("::warning "));
        assert!(
            ours || !line.trim_start().starts_with("::"),
            "{what}: a line a runner would execute: {line:?}"
        );
    }
}

/// No `@name` left that GitHub would turn into a notification.
fn assert_no_mentions(what: &str, markdown: &str) {
    let mut chars = markdown.chars().peekable();
    while let Some(ch) = chars.next() {
        if ch == '@' {
            let next = chars.peek().copied().unwrap_or(' ');
            assert!(
                !next.is_alphanumeric(),
                "{what}: a live mention `@{next}…` in:\n{markdown}"
            );
        }
    }
}

fn temp_with(files: &[(&str, &str)]) -> tempfile::TempDir {
    let folder = tempfile::tempdir().expect("temp dir");
    for (name, text) in files {
        std::fs::write(folder.path().join(name), text).expect("write");
    }
    folder
}

#[test]
fn every_lint_format_keeps_hostile_text_inert() {
    let folder = temp_with(&[
        ("broken.journey.yaml", BROKEN),
        ("raw.journey.yaml", RAW),
        (BROKEN_NAME, BROKEN),
        (
            "hostile.journey.yaml",
            &fixture("inert/hostile.journey.yaml"),
        ),
    ]);
    for format in ["human", "short", "json", "sarif", "github", "junit"] {
        let (code, out, err) = run(
            folder.path(),
            &[
                "lint",
                "--format",
                format,
                "broken.journey.yaml",
                "raw.journey.yaml",
                BROKEN_NAME,
                "hostile.journey.yaml",
            ],
        );
        assert_eq!(code, 1, "{format}: {err}");
        assert!(!out.is_empty(), "{format}: no output");
        assert_inert(format, &out, false, format == "github");
        assert_inert(&format!("{format} stderr"), &err, false, false);
        match format {
            // Escaped, not lost: a JSON reader gets the text back.
            "json" | "sarif" => {
                let value: serde_json::Value = serde_json::from_str(&out).expect("JSON");
                assert!(value.to_string().contains("::stop-commands::tok"));
            }
            "junit" => {
                roxmltree::Document::parse(&out).expect("well-formed XML");
            }
            "github" => {
                assert!(out.lines().all(|line| line.starts_with("::")));
                assert!(out.contains("\\r\\n::stop-commands::tok"), "{out}");
            }
            _ => assert!(
                out.contains("\\u{1b}]8;;https://evil.example/"),
                "{format}: {out}"
            ),
        }
    }
}

#[test]
fn errors_on_stderr_are_inert() {
    let folder = temp_with(&[(BROKEN_NAME, BROKEN)]);
    for command in [
        vec!["report", BROKEN_NAME],
        vec!["render", BROKEN_NAME],
        vec!["export", BROKEN_NAME],
        vec![
            "report",
            "missing\u{1b}[2J\r\n::stop-commands::x.journey.yaml",
        ],
    ] {
        let (code, out, err) = run(folder.path(), &command);
        assert!(code == 1 || code == 2, "{command:?}: {code}");
        assert!(out.is_empty(), "{command:?}: {out}");
        assert!(!err.is_empty());
        assert_inert(&format!("{command:?}"), &err, false, false);
    }
}

#[test]
fn report_export_and_map_keep_hostile_text_inert() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (code, markdown, err) = run(root, &["report", HOSTILE]);
    assert_eq!(code, 0, "{err}");
    assert_inert("report", &markdown, false, false);
    assert_no_mentions("report", &markdown);
    let (_, text, _) = run(root, &["report", "--format", "text", HOSTILE]);
    assert_inert("report text", &text, false, false);
    for format in ["json", "csv", "mermaid"] {
        let (code, out, err) = run(root, &["export", "--format", format, HOSTILE]);
        assert_eq!(code, 0, "{format}: {err}");
        assert_inert(format, &out, false, false);
    }
    let (code, svg, err) = run(root, &["render", HOSTILE]);
    assert_eq!(code, 0, "{err}");
    assert_inert("svg", &svg, true, false);
    roxmltree::Document::parse(&svg).expect("well-formed SVG");
}

#[test]
fn diff_keeps_hostile_text_inert() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for format in ["text", "markdown", "json"] {
        let (code, out, err) = run(root, &["diff", "--format", format, BASE, HOSTILE]);
        assert_eq!(code, 0, "{format}: {err}");
        assert_inert(format, &out, false, false);
        if format == "markdown" {
            assert_no_mentions("diff markdown", &out);
        }
    }
}

#[test]
fn review_keeps_hostile_text_inert() {
    let repo = Repo::new();
    repo.write(
        "journeys/j.journey.yaml",
        &fixture("inert/base.journey.yaml"),
    );
    repo.commit("base");
    repo.write(
        "journeys/j.journey.yaml",
        &fixture("inert/hostile.journey.yaml"),
    );
    let output = repo
        .jmap()
        .args(["review", "--base", "HEAD"])
        .output()
        .expect("runs");
    let out = String::from_utf8(output.stdout).expect("UTF-8");
    assert!(
        !out.is_empty(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_inert("review", &out, false, false);
    assert_no_mentions("review", &out);
}
