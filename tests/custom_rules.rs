//! `.jmap.yaml` revision 2: custom rules of every `for` kind and every operator, each way a
//! custom rule can be malformed (exit 2, located in `.jmap.yaml`), and overrides by glob
//! and by state.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use assert_cmd::Command;
use jmap::config::{Config, LevelSetting};
use jmap::model::State;
use std::collections::BTreeSet;
use std::path::Path;

const JOURNEY: &str = "tests/fixtures/custom/custom.journey.yaml";
const RULES: &str = "tests/fixtures/custom/rules.jmap.yaml";

fn today() -> jiff::civil::Date {
    jiff::civil::date(2026, 11, 22)
}

fn config(path: &str) -> Config {
    let text = std::fs::read_to_string(path).expect("config");
    jmap::config::parse(Path::new(path), &text)
        .unwrap_or_else(|errors| panic!("{path} does not load: {:?}", errors.findings))
}

fn lint(config: &Config) -> BTreeSet<String> {
    let text = std::fs::read_to_string(JOURNEY).expect("journey");
    let journey = jmap::load::load_str(JOURNEY, text).expect("loads");
    jmap::lint::lint(&journey, config, today())
        .into_iter()
        .filter(|finding| finding.rule.starts_with("custom/") || finding.rule == "unused-allow")
        .map(|finding| {
            format!(
                "{} {} {}",
                finding.rule,
                finding.level.as_str(),
                finding
                    .element
                    .map(|element| element.to_string())
                    .unwrap_or_default()
            )
        })
        .collect()
}

#[test]
fn custom_rules_of_every_kind_and_operator_find_exactly_their_elements() {
    let expected: BTreeSet<String> = [
        "custom/journey-evidence warning journey:cj",
        "custom/lane-owner error lane:finance",
        "custom/metric-sample warning metric:nps",
        "custom/stage-csat warning stage:buy",
        "custom/support-csat warning touchpoint:ticket",
        "custom/desk-sla warning handoff:order->ticket",
        "custom/desk-sla warning handoff:invoice->ticket",
        "custom/pain-evidence warning pain:order/1",
        "custom/capitalised warning touchpoint:invoice",
        "custom/few-pains warning touchpoint:ticket",
        "custom/help-mood warning touchpoint:ticket",
        "custom/help-mood warning touchpoint:answer",
        // `answer` allows lane-owner, which does not fire there.
        "unused-allow warning touchpoint:answer#allow:custom/lane-owner",
    ]
    .into_iter()
    .map(str::to_string)
    .collect();
    assert_eq!(lint(&config(RULES)), expected);
}

#[test]
fn a_custom_finding_points_at_the_element_and_says_which() {
    let text = std::fs::read_to_string(JOURNEY).expect("journey");
    let journey = jmap::load::load_str(JOURNEY, text.clone()).expect("loads");
    let findings = jmap::lint::lint(&journey, &config(RULES), today());
    let pain = findings
        .iter()
        .find(|finding| finding.rule == "custom/pain-evidence")
        .expect("fires");
    assert_eq!(&text[pain.span.start..pain.span.end], "Slow checkout");
    assert_eq!(
        pain.message,
        "pain \"Slow checkout\" at touchpoint `order`: a high pain has its own evidence"
    );
    let lane = findings
        .iter()
        .find(|finding| finding.rule == "custom/lane-owner")
        .expect("fires");
    assert_eq!(&text[lane.span.start..lane.span.end], "finance");
    assert_eq!(lane.help.as_deref(), Some("add `owner:` to the lane"));
}

#[test]
fn rules_and_overrides_set_a_custom_rules_level() {
    let text = std::fs::read_to_string(RULES).expect("config")
        + "rules: { custom/metric-sample: error, custom/stage-csat: off }\n";
    let config = jmap::config::parse(Path::new(RULES), &text).expect("valid");
    let found = lint(&config);
    assert!(
        found.contains("custom/metric-sample error metric:nps"),
        "{found:?}"
    );
    assert!(!found.iter().any(|f| f.starts_with("custom/stage-csat")));
}

/// `.jmap.yaml` text → `LINE:COL message` of each error.
fn errors(text: &str) -> Vec<String> {
    let failed = jmap::config::parse(Path::new(".jmap.yaml"), text).expect_err("invalid");
    failed
        .findings
        .iter()
        .map(|finding| {
            assert_eq!(finding.rule, "config");
            let at = failed.source.line_col(finding.span.start);
            format!("{}:{} {}", at.line, at.column, finding.message)
        })
        .collect()
}

fn rule(body: &str) -> String {
    format!("custom-rules:\n  - id: r\n    message: m\n{body}")
}

#[test]
fn each_malformed_custom_rule_is_a_located_error() {
    let cases = [
        (
            rule("    for: touchpont\n    require: { owner: { present: true } }\n"),
            "4:10 `for` is not an element kind, found `touchpont`",
        ),
        (
            rule("    for: touchpoint\n    require: { lane.knd: support }\n"),
            "5:16 unknown path `lane.knd`: a lane has no `knd`",
        ),
        (
            rule("    for: touchpoint\n    require: { owner.name: x }\n"),
            "5:16 `owner` is a value: `owner.name` goes nowhere",
        ),
        (
            rule("    for: touchpoint\n    require: { emotion: { between: 1 } }\n"),
            "5:27 unknown operator `between`",
        ),
        (
            rule("    for: touchpoint\n    require: { name: { matches: '([' } }\n"),
            "5:33 invalid regular expression `([`: error: unclosed character class",
        ),
        (
            rule("    for: touchpoint\n    require: { owner: { contains: x } }\n"),
            "5:25 `contains` needs a list path; `owner` is one value",
        ),
        (
            rule("    for: touchpoint\n    require: { lane.kind: suport }\n"),
            "5:27 `lane.kind` is never `suport`",
        ),
        (
            rule("    for: touchpoint\n    require: { emotion: { min: low } }\n"),
            "5:32 `min` must be a number",
        ),
        (
            rule("    for: touchpoint\n    require: { name: { min: 3 } }\n"),
            "5:24 `min` compares numbers, dates or durations; `name` is text",
        ),
        (
            rule("    for: touchpoint\n    require: { pains: { count-min: -1 } }\n"),
            "5:36 `count-min` takes a whole number, 0 or more",
        ),
        (
            rule("    for: touchpoint\n    require: { lane: { in: support } }\n"),
            "5:28 `in` takes a list of values",
        ),
        (
            rule("    for: touchpoint\n"),
            "2:5 custom rule is missing required field `require`",
        ),
        (
            "custom-rules: []\nrules: { custom/nope: off }\n".to_string(),
            "2:10 unknown rule `custom/nope`: no custom rule has that id",
        ),
    ];
    for (text, expected) in cases {
        assert_eq!(errors(&text), [expected], "{text}");
    }
}

#[test]
fn a_bad_custom_rule_stops_lint_with_exit_2() {
    let dir = tempfile::tempdir().expect("temp");
    std::fs::write(
        dir.path().join(".jmap.yaml"),
        rule("    for: touchpoint\n    require: { lane.knd: support }\n"),
    )
    .expect("write");
    let output = Command::cargo_bin("jmap")
        .expect("binary")
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .arg("lint")
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains(".jmap.yaml:5:16"), "{stderr}");
    assert!(stderr.contains("did you mean `kind`?"), "{stderr}");
}

#[test]
fn custom_rules_are_listed_explained_and_in_sarif() {
    let run = |args: &[&str]| {
        let output = Command::cargo_bin("jmap")
            .expect("binary")
            .env("NO_COLOR", "1")
            .env("JMAP_TODAY", "2026-11-22")
            .args(args)
            .output()
            .expect("runs");
        String::from_utf8(output.stdout).expect("utf-8")
    };
    let rules = run(&["rules", "--config", RULES]);
    assert!(rules.contains("custom/desk-sla"), "{rules}");
    let explained = run(&["explain", "custom/desk-sla", "--config", RULES]);
    assert!(explained.contains("a handoff to the service desk has an SLA of 2 days or less"));
    assert!(
        explained.contains("require: { sla: { max: 2d } }"),
        "{explained}"
    );
    let sarif: serde_json::Value = serde_json::from_str(&run(&[
        "lint", "--config", RULES, "--format", "sarif", JOURNEY,
    ]))
    .expect("json");
    let descriptors = sarif
        .pointer("/runs/0/tool/driver/rules")
        .and_then(|rules| rules.as_array())
        .expect("rules");
    let desk = descriptors
        .iter()
        .position(|rule| rule["id"] == "custom/desk-sla")
        .expect("custom rule metadata");
    let result = sarif
        .pointer("/runs/0/results")
        .and_then(|results| results.as_array())
        .and_then(|results| results.iter().find(|r| r["ruleId"] == "custom/desk-sla"))
        .expect("a custom finding");
    assert_eq!(result["ruleIndex"], desk);
    let short = run(&["lint", "--config", RULES, "--format", "short", JOURNEY]);
    assert!(short.contains("warning[custom/desk-sla]"), "{short}");
}

const OVERRIDES: &str = "rules: { unowned-handoff: error, stale-review: { max_age_days: 90 } }
overrides:
  - files: [\"as-is/**\"]
    rules: { unowned-handoff: warn }
  - state: to-be
    rules: { unowned-handoff: off, stale-review: { max_age_days: 10 } }
  - files: [\"as-is/**\"]
    state: to-be
    rules: { unowned-handoff: error }
";

#[test]
fn overrides_apply_by_glob_and_by_state_later_entries_winning() {
    let config = jmap::config::parse(Path::new("tests/fixtures/custom/.jmap.yaml"), OVERRIDES)
        .expect("valid");
    let in_force = |path: &str, state: State| {
        let effective = config.for_journey(path, state);
        let settings = effective
            .rule("unowned-handoff")
            .cloned()
            .unwrap_or_default();
        let age = effective
            .rule("stale-review")
            .and_then(|settings| settings.option("max_age_days"));
        (settings.level, age)
    };
    let as_is_folder = "tests/fixtures/custom/as-is/a.journey.yaml";
    let elsewhere = "tests/fixtures/custom/b.journey.yaml";
    assert_eq!(
        in_force(as_is_folder, State::AsIs),
        (Some(LevelSetting::Warn), Some(90.0))
    );
    assert_eq!(
        in_force(as_is_folder, State::ToBe),
        (Some(LevelSetting::Error), Some(10.0))
    );
    assert_eq!(
        in_force(elsewhere, State::ToBe),
        (Some(LevelSetting::Off), Some(10.0))
    );
    assert_eq!(
        in_force(elsewhere, State::AsIs),
        (Some(LevelSetting::Error), Some(90.0))
    );
    // Outside the config's folder, no glob matches.
    assert_eq!(
        in_force("tests/fixtures/as-is/c.journey.yaml", State::AsIs),
        (Some(LevelSetting::Error), Some(90.0))
    );
}

#[test]
fn jmap_config_prints_the_levels_in_force_for_a_file() {
    let dir = tempfile::tempdir().expect("temp");
    std::fs::write(dir.path().join(".jmap.yaml"), OVERRIDES).expect("write");
    std::fs::create_dir_all(dir.path().join("as-is")).expect("mkdir");
    std::fs::copy(JOURNEY, dir.path().join("as-is/a.journey.yaml")).expect("copy");
    let output = Command::cargo_bin("jmap")
        .expect("binary")
        .current_dir(dir.path())
        .args(["config", "as-is/a.journey.yaml", "--format", "json"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json");
    let rules = json["rules"].as_array().expect("rules");
    let find = |name: &str| {
        rules
            .iter()
            .find(|rule| rule["rule"] == name)
            .expect(name)
            .clone()
    };
    assert_eq!(find("unowned-handoff")["level"], "warning");
    assert_eq!(find("unowned-handoff")["from"], "overrides[0] (line 3)");
    assert_eq!(find("stale-review")["options"]["max_age_days"], 90.0);
    assert_eq!(find("stale-review")["from"], "rules");
    assert_eq!(find("empty-stage")["from"], "default");
}

#[test]
fn a_malformed_override_is_a_located_error() {
    assert_eq!(
        errors("overrides:\n  - files: [\"a/[\"]\n    rules: { unowned-handoff: warn }\n"),
        ["2:13 invalid glob `a/[`: unclosed character class; missing ']'"]
    );
    assert_eq!(
        errors("overrides:\n  - rules: { unowned-handoff: warn }\n"),
        ["2:5 an override needs `files` or `state` to say which journeys it applies to"]
    );
    assert_eq!(
        errors("overrides:\n  - state: as-was\n    rules: {}\n"),
        ["2:12 `state` must be as-is or to-be, found `as-was`"]
    );
}

#[test]
fn the_sources_section_is_accepted_for_jmap_metrics() {
    let text = "sources:\n  - file: data/feedback.csv\n    metrics: { nps: { aggregate: nps } }\n";
    let config = jmap::config::parse(Path::new(".jmap.yaml"), text).expect("valid");
    let span = config.sources.expect("kept");
    assert!(text[span.start..].starts_with("- file"));
}

#[test]
fn the_examples_configuration_lets_as_is_maps_warn_and_adds_the_practice_rule() {
    let output = Command::cargo_bin("jmap")
        .expect("binary")
        .current_dir("examples")
        .env("JMAP_TODAY", "2026-11-22")
        .args(["lint", "--format", "short"])
        .output()
        .expect("runs");
    let stdout = String::from_utf8(output.stdout).expect("utf-8");
    // Without examples/.jmap.yaml the as-is map has errors (tests/cli.rs); with it, none.
    assert_eq!(output.status.code(), Some(0), "{stdout}");
    assert!(
        stdout.contains(
            "custom-software-delivery.as-is.journey.yaml:45:25: warning[unowned-handoff]"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "warning[custom/support-handoff-sla] handoff `go-live-cutover` -> `support-handover`"
        ),
        "{stdout}"
    );
    assert!(
        !stdout.contains("to-be.journey.yaml"),
        "the to-be map is clean: {stdout}"
    );
}
