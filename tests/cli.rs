//! The binary as users run it: output formats (snapshots) and exit codes.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // test code may fail loudly

use assert_cmd::Command;

fn jmap() -> Command {
    let mut command = Command::cargo_bin("jmap").unwrap();
    command
        .env("JMAP_TODAY", "2026-11-22")
        .env_remove("NO_COLOR");
    command
}

fn run(args: &[&str]) -> (String, String, i32) {
    let output = jmap().args(args).output().unwrap();
    (
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
        output.status.code().unwrap(),
    )
}

#[test]
fn lint_examples_in_every_format() {
    for format in ["human", "short", "json"] {
        let (stdout, _, code) = run(&["lint", "--format", format, "examples/"]);
        assert_eq!(code, 1, "the as-is examples have errors");
        insta::assert_snapshot!(format!("lint_examples_{format}"), stdout);
    }
}

#[test]
fn lint_bad_input_in_every_format() {
    let file = "tests/fixtures/bad/every-error.journey.yaml";
    for format in ["human", "short", "json"] {
        let (stdout, _, code) = run(&["lint", "--format", format, file]);
        assert_eq!(code, 1);
        insta::assert_snapshot!(format!("lint_bad_{format}"), stdout);
    }
}

#[test]
fn json_output_has_the_contract_shape() {
    let (stdout, _, _) = run(&["lint", "--format", "json", "examples/"]);
    let value: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(value["version"], 1);
    let finding = &value["findings"][0];
    for key in [
        "file",
        "line",
        "column",
        "end_line",
        "end_column",
        "level",
        "rule",
        "message",
        "help",
    ] {
        assert!(finding.get(key).is_some(), "missing {key}");
    }
    // Four journeys and the library they share.
    assert_eq!(value["summary"]["files"], 5);
    assert_eq!(value["summary"]["errors"], 4);
}

#[test]
fn short_lines_match_the_contract_pattern() {
    let (stdout, _, _) = run(&["lint", "--format", "short", "examples/"]);
    for line in stdout.lines() {
        let (location, rest) = line.split_once(": ").unwrap();
        let parts: Vec<&str> = location.rsplitn(3, ':').collect();
        assert!(
            parts[0].parse::<usize>().is_ok() && parts[1].parse::<usize>().is_ok(),
            "{line}"
        );
        assert!(
            rest.starts_with("error[") || rest.starts_with("warning["),
            "{line}"
        );
    }
}

#[test]
fn exit_codes() {
    let clean = "examples/custom-software-delivery.to-be.journey.yaml";
    let warnings_only = "examples/professional-services-sow.journey.yaml";
    assert_eq!(run(&["lint", clean]).2, 0);
    assert_eq!(run(&["lint", warnings_only]).2, 0);
    assert_eq!(run(&["lint", "--deny-warnings", warnings_only]).2, 1);
    assert_eq!(run(&["lint", "--deny-warnings", clean]).2, 0);
    assert_eq!(
        run(&[
            "lint",
            "examples/custom-software-delivery.as-is.journey.yaml"
        ])
        .2,
        1
    );
    assert_eq!(run(&["lint", "tests/fixtures/bad/empty.journey.yaml"]).2, 1);
    assert_eq!(run(&["lint", "no/such/file.journey.yaml"]).2, 2);
    assert_eq!(run(&["lint", "--format", "fancy", clean]).2, 2);
    assert_eq!(run(&["lint", "--config", "no/such/.jmap.yaml", clean]).2, 2);
    assert_eq!(run(&["explain", "unowned-handoff"]).2, 0);
    assert_eq!(run(&["explain", "no-such-rule"]).2, 2);
    assert_eq!(run(&["rules"]).2, 0);
    assert_eq!(run(&["--version"]).2, 0);
    assert_eq!(run(&["frobnicate"]).2, 2);
}

#[test]
fn bad_config_is_exit_2_with_a_located_error() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join(".jmap.yaml");
    std::fs::write(&config, "rules:\n  unowned-handof: warn\n").unwrap();
    let output = jmap()
        .args(["lint", "--config", config.to_str().unwrap(), "examples/"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains(":2:3]"), "{stderr}");
    assert!(
        stderr.contains("did you mean `unowned-handoff`?"),
        "{stderr}"
    );
}

#[test]
fn config_is_discovered_up_to_the_git_root() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    std::fs::write(
        dir.path().join(".jmap.yaml"),
        "rules:\n  unowned-handoff: warn\n  unmeasured-stage: off\n",
    )
    .unwrap();
    let sub = dir.path().join("journeys");
    std::fs::create_dir(&sub).unwrap();
    std::fs::copy(
        "examples/custom-software-delivery.as-is.journey.yaml",
        sub.join("a.journey.yaml"),
    )
    .unwrap();
    // The journey uses the example library, next to it.
    std::fs::create_dir(sub.join("shared")).unwrap();
    std::fs::copy(
        "examples/shared/delivery-practice.jmap-lib.yaml",
        sub.join("shared/delivery-practice.jmap-lib.yaml"),
    )
    .unwrap();
    let output = jmap()
        .current_dir(&sub)
        .args(["lint", "--format", "short"])
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert_eq!(output.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("warning[unowned-handoff]"), "{stdout}");
    assert!(!stdout.contains("unmeasured-stage"), "{stdout}");
}

#[test]
fn no_path_lints_journeys_under_the_current_folder_respecting_gitignore() {
    let dir = tempfile::tempdir().unwrap();
    let copy = |to: &str| {
        let target = dir.path().join(to);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::copy("examples/professional-services-sow.journey.yaml", target).unwrap();
    };
    copy("a.journey.yaml");
    copy("deep/b.journey.yaml");
    copy("ignored/c.journey.yaml");
    copy("notes.yaml");
    std::fs::write(dir.path().join(".gitignore"), "ignored/\n").unwrap();
    let output = jmap()
        .current_dir(dir.path())
        .args(["lint", "--format", "json"])
        .output()
        .unwrap();
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(value["summary"]["files"], 2);
    assert_eq!(output.status.code(), Some(0));
}

#[test]
fn include_and_exclude_globs() {
    let dir = tempfile::tempdir().unwrap();
    for name in [
        "journeys/a.journey.yaml",
        "journeys/old/b.journey.yaml",
        "other/c.journey.yaml",
    ] {
        let target = dir.path().join(name);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::copy("examples/professional-services-sow.journey.yaml", target).unwrap();
    }
    std::fs::write(
        dir.path().join(".jmap.yaml"),
        "include: [\"journeys/**/*.journey.yaml\"]\nexclude: [\"journeys/old/**\"]\n",
    )
    .unwrap();
    let output = jmap()
        .current_dir(dir.path())
        .args(["lint", "--format", "short", "--deny-warnings"])
        .output()
        .unwrap();
    let value = jmap()
        .current_dir(dir.path())
        .args(["lint", "--format", "json"])
        .output()
        .unwrap();
    let value: serde_json::Value = serde_json::from_slice(&value.stdout).unwrap();
    assert_eq!(
        value["summary"]["files"],
        1,
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
}

#[test]
fn init_writes_a_clean_starter_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let assert_init = |code: i32| {
        let output = jmap().current_dir(dir.path()).arg("init").output().unwrap();
        assert_eq!(output.status.code(), Some(code));
    };
    assert_init(0);
    let file = dir.path().join("customer.journey.yaml");
    let lint = jmap()
        .current_dir(dir.path())
        .args(["lint", "--deny-warnings", "customer.journey.yaml"])
        .output()
        .unwrap();
    assert_eq!(
        lint.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&lint.stdout)
    );
    std::fs::write(&file, "mine").unwrap();
    assert_init(2);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "mine");
}

#[test]
fn explain_prints_the_rule_documentation() {
    let (stdout, _, _) = run(&["explain", "unowned-handoff"]);
    assert!(stdout.starts_with("# unowned-handoff"));
    assert!(stdout.contains("## Why it matters"));
    let (stdout, _, _) = run(&["explain", "handoff-heavy-stage"]);
    assert!(stdout.contains("max"));
}

#[test]
fn rules_lists_every_rule() {
    let (stdout, _, _) = run(&["rules"]);
    for meta in jmap::rules::all_meta() {
        assert!(stdout.contains(meta.name), "{}", meta.name);
    }
}

#[test]
fn load_errors_stop_other_output_and_are_human_on_stderr() {
    let (stdout, _, code) = run(&[
        "lint",
        "--format",
        "short",
        "tests/fixtures/bad/tab-indent.journey.yaml",
    ]);
    assert_eq!(code, 1);
    assert!(
        stdout.contains("tab-indent.journey.yaml:3:1: error[yaml-syntax]"),
        "{stdout}"
    );
}

#[test]
fn no_color_unless_a_terminal() {
    let (stdout, _, _) = run(&["lint", "examples/"]);
    assert!(!stdout.contains('\u{1b}'), "escape codes in piped output");
    // On a terminal (a pseudo-terminal from util-linux `script`): colour, unless NO_COLOR.
    let on_terminal = |no_color: Option<&str>| {
        let mut command = std::process::Command::new("script");
        command
            .args([
                "-qec",
                &format!("{} lint examples/", env!("CARGO_BIN_EXE_jmap")),
                "/dev/null",
            ])
            .env("JMAP_TODAY", "2026-11-22")
            .stdin(std::process::Stdio::null());
        match no_color {
            Some(value) => command.env("NO_COLOR", value),
            None => command.env_remove("NO_COLOR"),
        };
        let output = command
            .output()
            .expect("`script` (util-linux) runs: .ci/run installs it");
        String::from_utf8_lossy(&output.stdout).into_owned()
    };
    let colored = on_terminal(None);
    assert!(
        colored.contains("\u{1b}["),
        "no colour on a terminal:\n{colored}"
    );
    assert!(colored.contains("stale-review"), "{colored}");
    let plain = on_terminal(Some("1"));
    assert!(
        !plain.contains('\u{1b}'),
        "colour despite NO_COLOR:\n{plain}"
    );
    assert!(plain.contains("stale-review"), "{plain}");
    // An empty NO_COLOR does not count (no-color.org).
    assert!(on_terminal(Some("")).contains("\u{1b}["));
}
