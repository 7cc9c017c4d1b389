//! One fact, one spelling: every output of the examples (rule messages, report, export
//! JSON and CSV, SVG map, diff) shows the stage means and metric statuses the model
//! computes, formatted by the one number format.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // test code may fail loudly

use jmap::config::Config;
use jmap::diff::{self as journey_diff, Side};
use jmap::export::{self, Format};
use jmap::model::{Journey, MetricStatus};
use jmap::render::{RenderOptions, render_svg};
use jmap::text;

const EXAMPLES: &[&str] = &[
    "custom-software-delivery.as-is",
    "custom-software-delivery.to-be",
    "managed-services-renewal",
    "professional-services-sow",
];

fn load(name: &str) -> Journey {
    let path = format!("examples/{name}.journey.yaml");
    let text = std::fs::read_to_string(&path).expect("example exists");
    jmap::load::load_str(&path, text).expect("example loads")
}

fn today() -> jiff::civil::Date {
    jiff::civil::date(2026, 11, 22)
}

/// Every emotion-drop step reported (min_drop 0 reports every fall and flat step).
fn every_step() -> Config {
    jmap::config::parse(
        std::path::Path::new(".jmap.yaml"),
        "rules:\n  emotion-drop: { min_drop: 0 }\n",
    )
    .expect("config parses")
}

#[test]
fn stage_means_read_the_same_everywhere() {
    let mut compared = 0;
    for name in EXAMPLES {
        let journey = load(name);
        let findings = jmap::lint::lint(&journey, &Config::default(), today());
        let report = jmap::report::markdown(&jmap::report::Input {
            journey: &journey,
            findings: &findings,
            today: today(),
            metrics: None,
            svg: None,
        });
        let svg = render_svg(&journey, &findings, &RenderOptions::default());
        let json: serde_json::Value =
            serde_json::from_str(&export::export(&journey, Format::Json).expect("exports"))
                .expect("export is JSON");
        let steps = jmap::lint::lint(&journey, &every_step(), today());
        for (index, stage) in journey.stages.iter().enumerate() {
            let exported = &json["stages"][index]["mean_emotion"];
            let Some(mean) = journey.stage_mean(index) else {
                assert!(exported.is_null(), "{name}: {}", stage.id.value);
                continue;
            };
            let shown = text::mean(mean);
            compared += 1;
            // Report: the stage's row of the stage table.
            let row = report
                .lines()
                .find(|line| {
                    line.starts_with(&format!(
                        "| {} |",
                        text::markdown::escape_cell(&stage.name.value)
                    ))
                })
                .unwrap_or_else(|| panic!("{name}: no report row for {}", stage.id.value));
            assert!(row.contains(&format!("| {shown} |")), "{name}: {row}");
            // Map: the stage mean's tooltip.
            assert!(
                svg.contains(&format!(
                    "{}: mean emotion {shown}<",
                    text::xml::escape(&stage.name.value)
                )),
                "{name}: map lacks mean {shown} of {}",
                stage.id.value
            );
            // Export: the same rounding.
            let number = exported.as_f64().expect("a mean is a number");
            assert_eq!(text::mean(number), shown, "{name}: export");
            // Rule messages that name the stage's mean.
            for finding in steps.iter().filter(|f| f.rule == "emotion-drop") {
                let mentions = format!("`{}` (", stage.id.value);
                if let Some(at) = finding.message.find(&mentions) {
                    let rest = &finding.message[at + mentions.len()..];
                    let value = &rest[..rest.find(')').expect("closing paren")];
                    assert_eq!(value, shown, "{name}: {}", finding.message);
                }
            }
        }
        // Diff: the journey's mean, in the model's rounding and format.
        let diff = journey_diff::diff(
            &Side {
                label: "a",
                journey: &journey,
                findings: &findings,
            },
            &Side {
                label: "b",
                journey: &journey,
                findings: &findings,
            },
        );
        let mean = journey.mean_emotion().map(text::mean);
        let markdown = journey_diff::markdown::render(&diff);
        if let Some(mean) = mean {
            assert!(
                markdown.contains(&format!("| mean emotion | {mean} | {mean} |")),
                "{name}: {markdown}"
            );
        }
        assert_eq!(
            diff.summary.old.mean_emotion.map(text::mean),
            journey.mean_emotion().map(text::mean)
        );
    }
    assert!(compared > 10, "the examples have stage means to compare");
}

#[test]
fn metric_statuses_read_the_same_everywhere() {
    let mut seen = std::collections::HashSet::new();
    for name in EXAMPLES {
        let journey = load(name);
        let findings = jmap::lint::lint(&journey, &Config::default(), today());
        let report = jmap::report::markdown(&jmap::report::Input {
            journey: &journey,
            findings: &findings,
            today: today(),
            metrics: None,
            svg: None,
        });
        let svg = render_svg(&journey, &findings, &RenderOptions::default());
        let json: serde_json::Value =
            serde_json::from_str(&export::export(&journey, Format::Json).expect("exports"))
                .expect("export is JSON");
        for (index, metric) in journey.metrics.iter().enumerate() {
            let status = metric.status();
            seen.insert(status);
            let exported = serde_json::to_value(status).expect("status serialises");
            assert_eq!(json["metrics"][index]["status"], exported, "{name}");
            let row = report
                .lines()
                .find(|line| {
                    line.starts_with(&format!(
                        "| {} | {} |",
                        text::markdown::escape_cell(&metric.name.value),
                        metric.kind.as_str()
                    ))
                })
                .unwrap_or_else(|| panic!("{name}: no report row for {}", metric.id.value));
            assert!(
                row.ends_with(&format!("{}** |", status.as_str()))
                    || row.ends_with(&format!("| {} |", status.as_str()))
                    || row.contains(&format!("**{}** by", status.as_str())),
                "{name}: {row}"
            );
            assert!(
                svg.contains(&format!(
                    "Metric: {} ({})&#10;{}:",
                    text::xml::escape(&metric.name.value),
                    metric.kind.as_str(),
                    status.phrase()
                )),
                "{name}: map says something else about {}",
                metric.id.value
            );
            // The rule and the status agree on what "no target" means.
            let flagged = findings.iter().any(|finding| {
                finding.rule == "metric-without-target"
                    && finding.element.as_ref().map(ToString::to_string)
                        == Some(format!("metric:{}", metric.id.value))
            });
            assert_eq!(
                flagged,
                status == MetricStatus::NoTarget,
                "{name}: {}",
                metric.id.value
            );
        }
    }
    assert!(
        seen.len() >= 3,
        "the examples show several statuses: {seen:?}"
    );
}

#[test]
fn huge_finite_numbers_never_print_as_infinity() {
    let yaml = "jmap: 1\njourney:\n  id: j\n  title: T\n  reviewed: 2026-11-01\nlanes:\n  - id: c\n    name: C\n    kind: customer\nmetrics:\n  - id: m\n    name: Big\n    kind: count\n    target: \">= 1e308\"\n    current: 1.5e308\nstages:\n  - id: s\n    name: S\n    metrics: [m]\n    touchpoints:\n      - id: t\n        name: T\n        lane: c\n        emotion: 1\n";
    let journey = jmap::load::load_str("big.journey.yaml", yaml).expect("loads");
    let findings = jmap::lint::lint(&journey, &Config::default(), today());
    let report = jmap::report::markdown(&jmap::report::Input {
        journey: &journey,
        findings: &findings,
        today: today(),
        metrics: None,
        svg: None,
    });
    let svg = render_svg(&journey, &findings, &RenderOptions::default());
    for (what, out) in [("report", &report), ("map", &svg)] {
        assert!(!out.contains("inf"), "{what} prints inf:\n{out}");
        assert!(out.contains("1.5e308"), "{what} lacks the value:\n{out}");
    }
}
