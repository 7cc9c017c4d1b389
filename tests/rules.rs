//! One fixture per rule under `tests/fixtures/rules/`: each states, in `# expect: RULE ELEMENT`
//! lines, exactly which findings it must produce. Each holds an element that fires, one
//! that does not, and one silenced by `allow`, so a rule that stops firing, fires too
//! often or ignores `allow` fails here.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // test code may fail loudly

use jmap::config::Config;
use std::collections::BTreeSet;
use std::path::Path;

fn today() -> jiff::civil::Date {
    jiff::civil::date(2026, 11, 22)
}

fn expectations(text: &str) -> BTreeSet<String> {
    text.lines()
        .filter_map(|line| line.strip_prefix("# expect: "))
        .filter(|expect| *expect != "nothing")
        .map(str::to_string)
        .collect()
}

fn found(path: &Path, config: &Config) -> BTreeSet<String> {
    let text = std::fs::read_to_string(path).unwrap();
    let journey = jmap::load::load_str(&path.display().to_string(), text)
        .unwrap_or_else(|errors| panic!("{} does not load: {:?}", path.display(), errors.findings));
    jmap::lint::lint(&journey, config, today())
        .into_iter()
        .map(|finding| {
            format!(
                "{} {}",
                finding.rule,
                finding
                    .element
                    .map(|key| key.to_string())
                    .unwrap_or_default()
            )
        })
        .collect()
}

#[test]
fn every_rule_fixture_produces_exactly_its_expected_findings() {
    let mut checked = 0;
    for entry in std::fs::read_dir("tests/fixtures/rules").unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(
            found(&path, &Config::default()),
            expectations(&text),
            "{}",
            path.display()
        );
        checked += 1;
    }
    assert!(checked >= 19, "only {checked} fixtures");
}

#[test]
fn every_lint_rule_has_a_fixture_that_fires_it() {
    for meta in jmap::rules::all_meta().filter(|meta| meta.silenceable) {
        let path = format!("tests/fixtures/rules/{}.journey.yaml", meta.name);
        let text = std::fs::read_to_string(&path).unwrap_or_else(|_| panic!("missing {path}"));
        assert!(
            expectations(&text)
                .iter()
                .any(|e| e.starts_with(&format!("{} ", meta.name))),
            "{path} does not expect {}",
            meta.name
        );
    }
}

#[test]
fn every_rule_has_an_explanation_with_example_and_fix() {
    for meta in jmap::rules::all_meta() {
        for heading in [
            "## What it does",
            "## Why it matters",
            "## Example",
            "## Fix",
        ] {
            assert!(
                meta.explanation.contains(heading),
                "{} lacks {heading}",
                meta.name
            );
        }
    }
}

fn config(yaml: &str) -> Config {
    jmap::config::parse(Path::new(".jmap.yaml"), yaml).unwrap()
}

#[test]
fn config_levels_and_options_apply() {
    let path = Path::new("tests/fixtures/rules/handoff-heavy-stage.journey.yaml");
    // max: 6 → six handoffs no longer exceed it.
    assert!(
        !found(path, &config("rules:\n  handoff-heavy-stage: { max: 6 }\n"))
            .iter()
            .any(|f| f.starts_with("handoff-heavy-stage"))
    );
    let path = Path::new("tests/fixtures/rules/stale-review.journey.yaml");
    assert!(found(path, &config("rules:\n  stale-review: off\n")).is_empty());
    let text = std::fs::read_to_string(path).unwrap();
    let journey = jmap::load::load_str("x", text).unwrap();
    let findings = jmap::lint::lint(
        &journey,
        &config("rules:\n  stale-review: error\n"),
        today(),
    );
    assert_eq!(findings[0].level, jmap::diagnostic::Level::Error);
    let findings = jmap::lint::lint(
        &journey,
        &config("rules:\n  stale-review: { max_age_days: 400 }\n"),
        today(),
    );
    assert!(findings.is_empty());
}

#[test]
fn emotion_drop_threshold_is_configurable() {
    let path = Path::new("tests/fixtures/rules/emotion-drop.journey.yaml");
    let found = found(path, &config("rules:\n  emotion-drop: { min_drop: 0.5 }\n"));
    assert!(found.contains("emotion-drop stage:s2"), "{found:?}");
    assert!(found.contains("emotion-drop stage:s3"), "{found:?}");
}

#[test]
fn bad_config_is_reported_with_location() {
    for (yaml, message) in [
        (
            "rules:\n  unowned-handof: off\n",
            "did you mean `unowned-handoff`?",
        ),
        ("rules:\n  schema: off\n", "cannot be configured"),
        ("rules:\n  stale-review: sometimes\n", "unknown level"),
        (
            "rules:\n  stale-review: { max_days: 3 }\n",
            "did you mean `max_age_days`?",
        ),
        ("rulez: {}\n", "did you mean `rules`?"),
        // An option the rule does not declare is an error, never a silent 0.
        (
            "rules:\n  unowned-handoff: { max: 3 }\n",
            "unknown field `max` in rule `unowned-handoff`",
        ),
        (
            "rules:\n  handoff-heavy-stage: { maximum: 3 }\n",
            "did you mean `max`?",
        ),
        // A count takes whole numbers.
        (
            "rules:\n  handoff-heavy-stage: { max: 2.5 }\n",
            "`max` must be a whole number",
        ),
        ("include: [\"[\"]\n", "invalid glob"),
    ] {
        let errors = jmap::config::parse(Path::new(".jmap.yaml"), yaml).unwrap_err();
        let text: Vec<String> = errors
            .findings
            .iter()
            .map(|f| format!("{} {}", f.message, f.help.clone().unwrap_or_default()))
            .collect();
        assert!(
            text.iter().any(|t| t.contains(message)),
            "{yaml:?}: {text:?}"
        );
    }
}

#[test]
fn examples_find_what_a_journey_owner_would_agree_with() {
    let as_is = found(
        Path::new("examples/custom-software-delivery.as-is.journey.yaml"),
        &Config::default(),
    );
    for expected in [
        "unowned-handoff handoff:proposal-draft->discovery-workshop",
        "unowned-handoff handoff:go-live-cutover->support-handover",
        "unmeasured-stage stage:go-live",
        "metric-without-target metric:change-request-rate",
        "pain-without-opportunity touchpoint:first-ticket",
        "milestone-without-feedback touchpoint:go-live-cutover",
        "emotion-drop stage:uat",
        "stale-review journey:custom-software-delivery",
    ] {
        assert!(as_is.contains(expected), "missing {expected}: {as_is:?}");
    }
    assert_eq!(as_is.len(), 8, "{as_is:?}");
    let to_be = found(
        Path::new("examples/custom-software-delivery.to-be.journey.yaml"),
        &Config::default(),
    );
    assert!(to_be.is_empty(), "the to-be must lint clean: {to_be:?}");
}
