//! Revision 2 content: persona profile, descriptions, touchpoint owner, evidence, metric
//! `measured`/`sample`, `x-` keys (kept in the JSON export), and their schema errors.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use assert_cmd::Command;

const TO_BE: &str = "examples/custom-software-delivery.to-be.journey.yaml";

#[test]
fn the_json_export_carries_revision_2_content_and_extensions() {
    let output = Command::cargo_bin("jmap")
        .expect("binary")
        .args(["export", TO_BE, "--format", "json"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json");
    let journey = &json["journey"];
    assert_eq!(
        journey["extensions"]["x-miro-board"],
        "https://example.invalid/board/fy27-delivery"
    );
    assert_eq!(
        journey["persona_profile"]["role"],
        "Sponsor; signs the SOW and the UAT sign-off"
    );
    assert_eq!(
        journey["persona_profile"]["goals"][1],
        "Dispatchers trained before cutover"
    );
    assert_eq!(journey["evidence"][0]["source"], "interview");
    assert_eq!(journey["evidence"][0]["ref"], "6 client interviews");
    assert_eq!(journey["evidence"][0]["date"], "2026-02-12");
    assert_eq!(json["uses"][0], "shared/delivery-practice.jmap-lib.yaml");
    let ttr = json["metrics"]
        .as_array()
        .and_then(|metrics| metrics.iter().find(|metric| metric["id"] == "ttr-p1"))
        .expect("metric");
    assert_eq!(ttr["library"], "shared/delivery-practice.jmap-lib.yaml");
    assert_eq!(ttr["extensions"]["x-source"], "ServiceNow P1 report");
    assert_eq!(ttr["measured"], "2026-10-31");
    let csat = json["metrics"]
        .as_array()
        .and_then(|metrics| {
            metrics
                .iter()
                .find(|metric| metric["id"] == "csat-discovery")
        })
        .expect("metric");
    assert_eq!(csat["sample"], 24);
    let proposal = json["touchpoints"]
        .as_array()
        .and_then(|list| list.iter().find(|tp| tp["id"] == "proposal-draft"))
        .expect("touchpoint");
    assert_eq!(proposal["owner"], "Solution architect");
    assert!(proposal["description"].is_string());
    assert_eq!(
        json["stages"][0]["description"],
        "An engineer reviews **every** estimate before it goes out."
    );
}

#[test]
fn x_keys_of_every_kind_of_value_are_kept_and_never_linted() {
    let text = "jmap: 1\nx-top: {a: [1, true, null, text]}\njourney: {id: j, title: J, x-n: 1.5}\n\
                lanes: [{id: c, name: C, kind: customer, x-l: yes}]\nstages:\n  - id: s\n    name: S\n    x-s: ~\n    \
                touchpoints: [{id: t, name: T, lane: c, x-t: 1, pains: [{text: P, x-p: q, evidence: [{source: other, x-e: 2}]}], handoffs: [{to: t, x-h: h}]}]\n";
    let journey = jmap::load::load_str("x.journey.yaml", text).expect("loads");
    assert_eq!(
        journey.extensions[0].value,
        serde_json::json!({"a": [1, true, null, "text"]})
    );
    assert_eq!(journey.meta.extensions[0].value, serde_json::json!(1.5));
    assert_eq!(
        journey.lanes[0].extensions[0].value,
        serde_json::json!("yes")
    );
    assert_eq!(
        journey.stages[0].extensions[0].value,
        serde_json::Value::Null
    );
    let touchpoint = &journey.touchpoints[0];
    assert_eq!(touchpoint.extensions[0].key.value, "x-t");
    assert_eq!(touchpoint.pains[0].extensions[0].key.value, "x-p");
    assert_eq!(
        touchpoint.pains[0].evidence[0].extensions[0].key.value,
        "x-e"
    );
    assert_eq!(journey.handoffs[0].extensions[0].key.value, "x-h");
}

fn errors(text: &str) -> Vec<String> {
    let failed = jmap::load::load_str("t.journey.yaml", text).expect_err("invalid");
    failed
        .findings
        .iter()
        .map(|finding| {
            let at = failed.source.line_col(finding.span.start);
            format!(
                "{}:{} {} {}",
                at.line,
                at.column,
                finding.message,
                finding.help.clone().unwrap_or_default()
            )
        })
        .collect()
}

#[test]
fn revision_2_fields_report_located_schema_errors() {
    let head = "jmap: 1\nlanes: [{id: c, name: C, kind: customer}]\nstages: []\n";
    assert_eq!(
        errors(&format!(
            "{head}journey:\n  id: j\n  title: J\n  evidence: [{{source: intervew}}, {{ref: x}}]\n"
        )),
        [
            "7:23 `source` must be one of interview, survey, analytics, support-tickets, workshop, observation, other, found `intervew` did you mean `interview`?",
            "7:34 evidence item is missing required field `source` add `source:` to this evidence item",
        ]
    );
    assert_eq!(
        errors(&format!(
            "{head}journey:\n  id: j\n  title: J\n  persona: {{role: Sponsor}}\n"
        )),
        ["7:12 persona is missing required field `name` add `name:` to this persona"]
    );
    assert_eq!(
        errors(&format!(
            "{head}journey: {{id: j, title: J}}\nmetrics: [{{id: m, name: M, sample: -3, measured: last week}}]\n"
        )),
        [
            "5:36 `sample` must not be negative write how many responses are behind `current`, e.g. `41`",
            "5:50 `measured` must be an ISO date (YYYY-MM-DD), found `last week` write the date `current` was measured, e.g. `2026-11-20`",
        ]
    );
}
