//! Structure-aware: the fuzzer's bytes pick a journey, written as JSON (which is YAML), and
//! a `.jmap.yaml` with random levels and options. Ids are numbered per kind (`l0`, `s1`,
//! `t2`) and references pick among them, one past the end dangling, so most journeys load
//! and a few collide or dangle. Random bytes almost never load as a journey, so this is what
//! drives the rules, and every format on real findings.
#![no_main]

mod check;

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use serde_json::{Value, json};

const IDS: &[&str] = &["a", "b", "c", "d", "e", "f", "g", "h"];
const RULES: &[&str] = &[
    "unowned-handoff",
    "unmeasured-stage",
    "metric-without-target",
    "unused-metric",
    "unused-lane",
    "empty-stage",
    "no-customer-lane",
    "disconnected-touchpoint",
    "backward-handoff",
    "pain-without-opportunity",
    "milestone-without-feedback",
    "handoff-heavy-stage",
    "emotion-drop",
    "stale-review",
    "unused-allow",
    "schema",
    "no-such-rule",
];
const LANE_KINDS: &[&str] = &["customer", "frontstage", "backstage", "support"];
const METRIC_KINDS: &[&str] = &["nps", "csat", "ces", "churn", "duration", "rate", "custom"];
const OPERATORS: &[&str] = &[">=", ">", "<=", "<", "="];
const TEXTS: &[&str] = &[
    "Client",
    "",
    "<script>alert(1)</script>",
    "a,b:c%25\r\n%0A",
    "\u{202e}rtl\u{202c} 😀",
    "\u{1}\u{7f}\u{fffe}",
    "]]> & \" '",
    "[link](javascript:x) | pipe",
];

#[derive(Arbitrary, Debug)]
struct Spec {
    id: u8,
    title: u8,
    to_be: bool,
    reviewed: Option<(u8, u8, u8)>,
    allow: Vec<u8>,
    lanes: Vec<Lane>,
    metrics: Vec<Metric>,
    stages: Vec<Stage>,
    config: Vec<(u8, u8, Option<i16>)>,
}

#[derive(Arbitrary, Debug)]
struct Lane {
    reuse_id: u8,
    name: u8,
    kind: u8,
    owner: Option<u8>,
    allow: Vec<u8>,
}

#[derive(Arbitrary, Debug)]
struct Metric {
    reuse_id: u8,
    kind: u8,
    target: Option<(u8, i16)>,
    current: Option<i16>,
}

#[derive(Arbitrary, Debug)]
struct Stage {
    reuse_id: u8,
    name: u8,
    metrics: Vec<u8>,
    allow: Vec<u8>,
    touchpoints: Vec<Touchpoint>,
}

#[derive(Arbitrary, Debug)]
struct Touchpoint {
    reuse_id: u8,
    lane: u8,
    name: u8,
    emotion: Option<i8>,
    milestone: bool,
    metrics: Vec<u8>,
    pains: Vec<u8>,
    opportunities: Vec<u8>,
    handoffs: Vec<Handoff>,
    allow: Vec<u8>,
}

#[derive(Arbitrary, Debug)]
struct Handoff {
    to: u8,
    owner: Option<u8>,
    rework: bool,
    sla: Option<u8>,
    allow: Vec<u8>,
}

fn pick<'a>(list: &[&'a str], index: u8) -> &'a str {
    list[usize::from(index) % list.len()]
}

/// Rare choices (a dangling reference, a colliding id, an invalid value): 3 in 256, on
/// bytes libFuzzer does not favour (it loves 0x00, 0x7f, 0x80 and 0xff).
fn rare(byte: u8) -> bool {
    (0xa5..=0xa7).contains(&byte)
}

/// A reference into `count` ids `{prefix}0..`: one of them, rarely one that dangles.
fn reference(prefix: &str, count: usize, index: u8) -> Option<String> {
    if rare(index) {
        Some(format!("{prefix}{count}"))
    } else if count == 0 {
        None
    } else {
        Some(format!("{prefix}{}", usize::from(index) % count))
    }
}

fn references(prefix: &str, count: usize, indices: &[u8]) -> Value {
    indices
        .iter()
        .filter_map(|&index| reference(prefix, count, index))
        .map(Value::from)
        .collect()
}

/// The id of the `index`th element; rarely the first's, to collide.
fn numbered(prefix: &str, index: usize, reuse: u8) -> String {
    format!("{prefix}{}", if rare(reuse) { 0 } else { index })
}

/// A rule name for `allow`: a lint rule, rarely a load error or an unknown name.
fn rule(index: u8) -> &'static str {
    if rare(index) {
        pick(&["schema", "no-such-rule"], index)
    } else {
        pick(&RULES[..RULES.len() - 2], index)
    }
}

/// Mostly a valid choice from `list`, rarely `invalid`.
fn pick_or<'a>(list: &[&'a str], invalid: &'a str, index: u8) -> &'a str {
    if rare(index) {
        invalid
    } else {
        pick(list, index)
    }
}

fn rules(indices: &[u8]) -> Value {
    indices.iter().map(|&index| json!(rule(index))).collect()
}

fn texts(indices: &[u8]) -> Value {
    indices
        .iter()
        .map(|&index| json!(pick(TEXTS, index)))
        .collect()
}

/// How many of each kind a spec holds, for references.
struct Counts {
    lanes: usize,
    metrics: usize,
    touchpoints: usize,
}

fn journey(spec: &Spec) -> Value {
    let counts = Counts {
        // A touchpoint needs a lane: a journey without lanes gets one (below).
        lanes: spec.lanes.len().max(1),
        metrics: spec.metrics.len(),
        touchpoints: spec
            .stages
            .iter()
            .map(|stage| stage.touchpoints.len())
            .sum(),
    };
    let mut meta = json!({
        "id": pick(IDS, spec.id),
        "title": pick(TEXTS, spec.title),
        "state": if spec.to_be { "to-be" } else { "as-is" },
        "allow": rules(&spec.allow),
    });
    if let Some((year, month, day)) = spec.reviewed {
        meta["reviewed"] = json!(format!(
            "{}-{:02}-{:02}",
            2020 + u32::from(year % 8),
            1 + month % 13,
            1 + day % 31
        ));
    }
    let mut lanes: Vec<Value> = spec
        .lanes
        .iter()
        .enumerate()
        .map(|(index, lane)| {
            let mut value = json!({
                "id": numbered("l", index, lane.reuse_id),
                "name": pick(TEXTS, lane.name),
                "kind": pick_or(LANE_KINDS, "alien", lane.kind),
                "allow": rules(&lane.allow),
            });
            if let Some(owner) = lane.owner {
                value["owner"] = json!(pick(TEXTS, owner));
            }
            value
        })
        .collect();
    if lanes.is_empty() {
        lanes.push(json!({"id": "l0", "name": "Team", "kind": "backstage"}));
    }
    let metrics: Vec<Value> = spec
        .metrics
        .iter()
        .enumerate()
        .map(|(index, metric)| {
            let mut value = json!({
                "id": numbered("m", index, metric.reuse_id),
                "name": "Metric",
                "kind": pick(METRIC_KINDS, metric.kind),
            });
            if let Some((operator, number)) = metric.target {
                value["target"] = json!(format!("{} {number}", pick_or(OPERATORS, "~", operator)));
            }
            if let Some(current) = metric.current {
                value["current"] = json!(current);
            }
            value
        })
        .collect();
    let mut next_touchpoint = 0;
    let stages: Vec<Value> = spec
        .stages
        .iter()
        .enumerate()
        .map(|(index, stage)| {
            let touchpoints: Vec<Value> = stage
                .touchpoints
                .iter()
                .map(|spec| {
                    next_touchpoint += 1;
                    touchpoint(spec, next_touchpoint - 1, &counts)
                })
                .collect();
            json!({
                "id": numbered("s", index, stage.reuse_id),
                "name": pick(TEXTS, stage.name),
                "metrics": references("m", counts.metrics, &stage.metrics),
                "allow": rules(&stage.allow),
                "touchpoints": touchpoints,
            })
        })
        .collect();
    json!({
        "jmap": 1,
        "journey": meta,
        "lanes": lanes,
        "metrics": metrics,
        "stages": stages,
    })
}

fn touchpoint(touchpoint: &Touchpoint, index: usize, counts: &Counts) -> Value {
    let handoffs: Vec<Value> = touchpoint
        .handoffs
        .iter()
        .map(|handoff| {
            let mut value = json!({
                "to": reference("t", counts.touchpoints, handoff.to),
                "rework": handoff.rework,
                "allow": rules(&handoff.allow),
            });
            if let Some(owner) = handoff.owner {
                value["owner"] = json!(pick(TEXTS, owner));
            }
            if let Some(sla) = handoff.sla {
                value["sla"] = json!(format!("{}{}", sla / 4, pick(&["m", "h", "d", "w"], sla)));
            }
            value
        })
        .collect();
    let mut value = json!({
        "id": numbered("t", index, touchpoint.reuse_id),
        "name": pick(TEXTS, touchpoint.name),
        "lane": reference("l", counts.lanes, touchpoint.lane),
        "milestone": touchpoint.milestone,
        "metrics": references("m", counts.metrics, &touchpoint.metrics),
        "pains": texts(&touchpoint.pains),
        "opportunities": texts(&touchpoint.opportunities),
        "handoffs": handoffs,
        "allow": rules(&touchpoint.allow),
    });
    if let Some(emotion) = touchpoint.emotion {
        value["emotion"] = json!(if rare(emotion as u8) { 3 } else { emotion % 3 });
    }
    value
}

fn config(spec: &Spec) -> jmap::config::Config {
    let mut rules = serde_json::Map::new();
    for &(rule, level, option) in &spec.config {
        let level = pick(&["error", "warn", "off"], level);
        let mut setting = json!({ "level": level });
        if let Some(number) = option {
            match pick(RULES, rule) {
                "handoff-heavy-stage" => setting["max"] = json!(number),
                "emotion-drop" => setting["min_drop"] = json!(f64::from(number) / 4.0),
                "stale-review" => setting["max_age_days"] = json!(number),
                _ => {}
            }
        }
        rules.insert(pick(RULES, rule).to_string(), setting);
    }
    let text = json!({ "rules": rules }).to_string();
    jmap::config::parse(std::path::Path::new(".jmap.yaml"), &text).unwrap_or_default()
}

/// `JMAP_FUZZ_DUMP=FOLDER` writes each generated journey there, to see what the target makes.
static DUMP: std::sync::OnceLock<Option<std::path::PathBuf>> = std::sync::OnceLock::new();

fuzz_target!(|spec: Spec| {
    let text = serde_json::to_string_pretty(&journey(&spec)).unwrap_or_default();
    let dump = DUMP.get_or_init(|| std::env::var_os("JMAP_FUZZ_DUMP").map(Into::into));
    if let Some(folder) = dump {
        let name = format!("{:016x}.journey.yaml", fxhash(&text));
        let _ = std::fs::write(folder.join(name), &text);
    }
    check::lint_everything(text.into_bytes(), &config(&spec));
});

fn fxhash(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}
