//! Every bad input gets a located error of the right rule, and none makes the loader panic,
//! hang or overflow the stack.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // test code may fail loudly

use jmap::diagnostic::FileFindings;

/// (rule, line, column) of every error, in file order.
fn errors(text: &str) -> Vec<(String, usize, usize)> {
    errors_of(jmap::load::load_str("t.journey.yaml", text.to_string()).unwrap_err())
}

fn errors_of(failed: FileFindings) -> Vec<(String, usize, usize)> {
    failed
        .findings
        .iter()
        .map(|finding| {
            let at = failed.source.line_col(finding.span.start);
            (finding.rule.to_string(), at.line, at.column)
        })
        .collect()
}

fn first(text: &str) -> (String, usize, usize) {
    errors(text).into_iter().next().unwrap()
}

fn rule_at(rule: &str, line: usize, column: usize) -> (String, usize, usize) {
    (rule.to_string(), line, column)
}

const VALID: &str = "jmap: 1
journey:
  id: j
  title: J
  reviewed: 2026-10-15
lanes:
  - id: client
    name: Client
    kind: customer
metrics:
  - id: m
    name: M
    target: '>= 1'
stages:
  - id: s
    name: S
    metrics: [m]
    touchpoints:
      - id: t
        name: T
        lane: client
";

#[test]
fn the_valid_base_loads() {
    let journey = jmap::load::load_str("t", VALID).unwrap();
    assert_eq!(journey.touchpoints[0].id.value, "t");
    assert_eq!(
        journey.meta.reviewed.unwrap().value.to_string(),
        "2026-10-15"
    );
}

#[test]
fn empty_file() {
    assert_eq!(errors(""), vec![rule_at("schema", 1, 1)]);
    assert_eq!(errors("# only a comment\n"), vec![rule_at("schema", 1, 1)]);
}

#[test]
fn top_level_list_and_scalar() {
    assert_eq!(first("- a\n- b\n"), rule_at("schema", 1, 1));
    assert_eq!(first("just text\n"), rule_at("schema", 1, 1));
}

#[test]
fn yaml_syntax_error_is_located() {
    let found = errors("jmap: 1\njourney: {id: j\n");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].0, "yaml-syntax");
}

#[test]
fn tabs_are_a_syntax_error() {
    let found = errors("jmap: 1\njourney:\n\tid: j\n");
    assert_eq!(found[0].0, "yaml-syntax");
    assert_eq!(found[0].1, 3);
}

#[test]
fn binary_and_non_utf8_bytes() {
    let failed = jmap::load::load_bytes("b", vec![0x6a, 0x6d, 0xff, 0xfe, 0x00]).unwrap_err();
    assert_eq!(errors_of(failed), vec![rule_at("yaml-syntax", 1, 3)]);
    let failed = jmap::load::load_bytes("b", b"jmap: 1\n\x00\x01\x02".to_vec()).unwrap_err();
    assert_eq!(errors_of(failed)[0].0, "yaml-syntax");
}

#[test]
fn alias_bomb_stops_at_the_expansion_limit() {
    let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x]\n");
    for level in 1..10 {
        let previous = (b'a' + level - 1) as char;
        let name = (b'a' + level) as char;
        bomb.push_str(&format!(
            "{name}: &{name} [*{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}]\n"
        ));
    }
    let found = errors(&bomb);
    assert!(
        found.iter().any(|(rule, ..)| rule == "yaml-syntax"),
        "{found:?}"
    );
}

#[test]
fn aliases_within_the_limit_work() {
    let text = VALID.replace("    metrics: [m]", "    metrics: &ms [m]")
        + "  - id: s2\n    name: S2\n    metrics: *ms\n    touchpoints:\n      - {id: t2, name: T2, lane: client}\n";
    let journey = jmap::load::load_str("t", text).unwrap();
    assert_eq!(journey.stages[1].metrics.len(), 1);
}

#[test]
fn deep_nesting_is_capped() {
    let found = errors(&"[".repeat(10_000));
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].0, "yaml-syntax");
    let is_syntax =
        |found: Vec<(String, usize, usize)>| found.iter().any(|(rule, ..)| rule == "yaml-syntax");
    assert!(is_syntax(errors(&"- ".repeat(50_000))));
    let nested_maps: String = (0..5_000)
        .map(|depth| format!("{}k:\n", " ".repeat(depth)))
        .collect();
    assert!(is_syntax(errors(&nested_maps)));
}

#[test]
fn a_one_megabyte_string_is_refused_at_its_place() {
    let text = VALID.replace("title: J", &format!("title: {}", "x".repeat(1 << 20)));
    assert_eq!(errors(&text), vec![rule_at("schema", 4, 10)]);
}

#[test]
fn unknown_field_suggests_the_close_one() {
    let failed = jmap::load::load_str(
        "t",
        VALID.replace("    kind: customer", "    kind: customer\n    ownr: X"),
    )
    .unwrap_err();
    assert_eq!(
        failed.findings[0].help.as_deref(),
        Some("did you mean `owner`?")
    );
    assert_eq!(errors_of(failed), vec![rule_at("schema", 10, 5)]);
}

#[test]
fn every_error_in_one_pass() {
    let text = "jmap: 2
journey:
  id: Bad Id
  title: [not, text]
  reviewed: yesterday
  state: maybe
lanes:
  - id: client
    name: Client
    kind: customer
    kind: frontstage
  - id: client
    name: Again
    kind: support
metrics:
  - id: m
    name: M
    target: 'about 80'
stages:
  - id: s
    name: S
    metrics: [m, nope]
    touchpoints:
      - id: t
        name: T
        lane: nowhere
        emotion: 3
        milestone: yes
        handoffs:
          - to: missing
            sla: soon
            rework: 'true'
";
    let found = errors(text);
    assert_eq!(
        found,
        vec![
            rule_at("unsupported-version", 1, 7),
            rule_at("schema", 3, 7),
            rule_at("schema", 4, 10),
            rule_at("schema", 5, 13),
            rule_at("schema", 6, 10),
            rule_at("schema", 11, 5),
            rule_at("duplicate-id", 12, 9),
            rule_at("schema", 18, 13),
            rule_at("unknown-reference", 22, 18),
            rule_at("unknown-reference", 26, 15),
            rule_at("schema", 27, 18),
            rule_at("schema", 28, 20),
            rule_at("unknown-reference", 30, 17),
            rule_at("schema", 31, 18),
            rule_at("schema", 32, 21),
        ]
    );
}

#[test]
fn strings_stay_strings_and_booleans_are_strict() {
    // YAML 1.2 core: dates, `no`, `on` and numbers are text where the format wants text.
    let text = VALID.replace("title: J", "title: no").replace(
        "name: T\n",
        "name: 123\n        channel: on\n        milestone: false\n",
    );
    let journey = jmap::load::load_str("t", text).unwrap();
    assert_eq!(journey.meta.title.value, "no");
    assert_eq!(journey.touchpoints[0].name.value, "123");
    assert_eq!(journey.touchpoints[0].channel.as_ref().unwrap().value, "on");
}

#[test]
fn missing_required_fields() {
    let found = errors("jmap: 1\njourney: {title: x}\n");
    assert_eq!(
        found,
        vec![
            rule_at("schema", 1, 1),
            rule_at("schema", 1, 1),
            rule_at("schema", 2, 10)
        ]
    );
}

#[test]
fn unknown_and_unsilenceable_rules_in_allow() {
    // The loader does not know the rule catalog: the journey loads, and lint (which does)
    // reports both entries as `schema` errors, without also calling them `unused-allow`.
    let text = VALID.replace(
        "  reviewed: 2026-10-15",
        "  reviewed: 2026-10-15\n  allow: [stale-reveiw, schema, custom/fine]",
    );
    let journey = jmap::load::load_str("t", text).unwrap();
    let today = jiff::civil::date(2026, 10, 20);
    let findings = jmap::lint::lint(&journey, &jmap::config::Config::default(), today);
    let on_allow: Vec<_> = findings
        .iter()
        .filter(|f| f.rule == "schema" || f.rule == "unused-allow")
        .map(|f| (f.rule, f.message.as_str(), f.help.as_deref().unwrap()))
        .collect();
    assert_eq!(
        on_allow,
        [
            (
                "schema",
                "unknown rule `stale-reveiw` in `allow`",
                "did you mean `stale-review`?"
            ),
            (
                "schema",
                "`schema` cannot be silenced",
                "load errors must be fixed; remove this entry"
            ),
            (
                "unused-allow",
                "`allow: custom/fine` silences nothing here",
                "remove the stale entry so it cannot hide a future problem"
            ),
        ]
    );
    let misspelt = findings.iter().find(|f| f.message.contains("stale-reveiw"));
    assert!(misspelt.unwrap().fix.is_some(), "the suggestion is a fix");
}

#[test]
fn two_documents_are_refused() {
    assert_eq!(errors(&format!("{VALID}---\na: 1\n"))[0].0, "yaml-syntax");
}

#[test]
fn columns_count_characters_not_bytes() {
    let text = format!("{VALID}      - {{id: t2, name: Ünï🚀, lane: client, emotion: 9}}\n");
    assert_eq!(errors(&text), vec![rule_at("schema", 22, 53)]);
}

#[test]
fn fixtures_of_bad_inputs_fail_to_load() {
    for entry in std::fs::read_dir("tests/fixtures/bad").unwrap() {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        assert!(
            jmap::load::load_bytes(&path.display().to_string(), bytes).is_err(),
            "{} loaded",
            path.display()
        );
    }
}
