//! `jmap report`: snapshots of every example, hostile text rendered by a real markdown
//! renderer, the metrics CSV overlay and exit codes.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // test code may fail loudly

use assert_cmd::Command;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use std::path::Path;

const EXAMPLES: &[&str] = &[
    "custom-software-delivery.as-is",
    "custom-software-delivery.to-be",
    "managed-services-renewal",
    "professional-services-sow",
];

const HOSTILE: &str = "tests/fixtures/hostile.journey.yaml";

fn jmap() -> Command {
    let mut command = Command::cargo_bin("jmap").unwrap_or_else(|error| panic!("{error}"));
    command
        .env("JMAP_TODAY", "2026-11-22")
        .env("NO_COLOR", "1")
        .current_dir(env!("CARGO_MANIFEST_DIR"));
    command
}

/// Runs `jmap ARGS`, expects `code`, returns (stdout, stderr).
fn run(args: &[&str], code: i32) -> (String, String) {
    let output = jmap()
        .args(args)
        .output()
        .unwrap_or_else(|error| panic!("{error}"));
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(
        output.status.code(),
        Some(code),
        "jmap {args:?}\nstdout:\n{stdout}\nstderr:\n{stderr}"
    );
    (stdout, stderr)
}

fn example(name: &str) -> String {
    format!("examples/{name}.journey.yaml")
}

#[test]
fn markdown_report_of_every_example() {
    for name in EXAMPLES {
        let (report, _) = run(&["report", &example(name)], 0);
        insta::assert_snapshot!(format!("markdown_{name}"), report);
        check_markdown(&report);
    }
}

#[test]
fn text_report_of_every_example() {
    for name in EXAMPLES {
        let (report, _) = run(&["report", &example(name), "--format", "text"], 0);
        insta::assert_snapshot!(format!("text_{name}"), report);
    }
}

#[test]
fn minimal_journey_reports_what_is_missing() {
    let (report, _) = run(&["report", "tests/fixtures/minimal.journey.yaml"], 0);
    insta::assert_snapshot!("markdown_minimal", report);
    check_markdown(&report);
    let (text, _) = run(
        &[
            "report",
            "tests/fixtures/minimal.journey.yaml",
            "--format",
            "text",
        ],
        0,
    );
    insta::assert_snapshot!("text_minimal", text);
}

#[test]
fn report_is_deterministic() {
    let (first, _) = run(&["report", &example(EXAMPLES[0])], 0);
    let (second, _) = run(&["report", &example(EXAMPLES[0])], 0);
    assert_eq!(first, second);
}

#[test]
fn report_tells_where_it_hurts_who_owns_handoffs_and_which_metrics_miss() {
    let (report, _) = run(&["report", &example("custom-software-delivery.as-is")], 0);
    assert!(
        report.contains(
            "**Where it hurts:** the client feels worst (-2, very unhappy) at UAT sessions"
        )
    );
    assert!(report.contains("**2 without an owner**"));
    assert!(report.contains("**6 of 7 miss their target**"));
    assert!(report.contains("| Time to resolve P1 tickets | duration | Support handover | \\< 4 h | 9.5 h | **misses** by 5.5 h |"));
    assert!(report.contains("### Errors (3)"));
    assert!(report.contains("```mermaid\njourney\n    title Custom software delivery\n"));
}

#[test]
fn hostile_text_stays_inert_when_rendered() {
    let (report, _) = run(
        &[
            "report",
            HOSTILE,
            "--svg",
            "maps/x\")<script>alert(11)</script>.svg",
        ],
        0,
    );
    insta::assert_snapshot!("markdown_hostile", report);
    check_markdown(&report);

    let html = to_html(&report);
    // Text `<` is escaped as `&lt;`, so every `<` left starts a real tag: each must be one
    // the report writes itself, and none may carry a script, a handler or a link.
    let tags = html_tags(&html);
    let allowed = [
        "h1",
        "h2",
        "h3",
        "p",
        "ul",
        "li",
        "strong",
        "blockquote",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "code",
        "pre",
        "img",
    ];
    for tag in &tags {
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect();
        assert!(
            allowed.contains(&name.as_str()),
            "unexpected tag <{tag}> in:\n{html}"
        );
        let lower = tag.to_ascii_lowercase();
        assert!(!lower.contains("javascript:"), "<{tag}>");
        assert!(!lower.contains("onerror"), "<{tag}>");
    }
    // The only image is the --svg link, its markup percent-encoded.
    let images: Vec<&String> = tags.iter().filter(|tag| tag.starts_with("img")).collect();
    assert_eq!(images.len(), 1, "{images:?}");
    assert!(
        images[0].starts_with("img src=\"maps/x%22%29%3Cscript%3Ealert%2811%29%3C/script%3E.svg\""),
        "{images:?}"
    );

    let text = rendered_text(&report);
    for shown in [
        "Evil | title # heading <script>alert(1)</script>",
        "[x](javascript:alert(1))",
        "<img src=x onerror=alert(2)>",
        "title [x](javascript:alert(5)) | \\u{202e}evil",
        "<img src=x onerror=alert(6)> ``` | |",
        "***bold*** _it_ ~~strike~~ \\| escaped pipe \\",
        "Client | `tick` \\u{7}bell\\u{1b}[31m",
        "</td></tr><script>alert(7)</script>",
        "=cmd|' /C calc'!A0; &lt;script&gt; entity &#60;",
        // A word joiner after `@`: shown as written, notifies nobody.
        "@\u{2060}everyone | <a href=\"javascript:alert(9)\">link</a>",
        "![img](javascript:alert(10))",
        "\\ backslash | pipe",
        "1. ordered - bullet",
        "– a list? <script>alert(3)</script> click",
        "strong <img src=y onerror=alert(12)> and code|pipe and <b>raw html</b>",
    ] {
        assert!(
            text.contains(shown),
            "`{shown}` not shown as text in:\n{text}"
        );
    }
    for control in ['\u{7}', '\u{1b}', '\u{202E}', '\r'] {
        assert!(
            !report.contains(control),
            "control character {control:?} in the report"
        );
    }
}

#[test]
fn hostile_text_report_has_no_control_characters() {
    let (report, _) = run(&["report", HOSTILE, "--format", "text"], 0);
    for control in ['\u{7}', '\u{1b}', '\u{202E}', '\r'] {
        assert!(
            !report.contains(control),
            "control character {control:?} in:\n{report}"
        );
    }
    assert!(report.contains("<script>alert(4)</script>"));
}

#[test]
fn svg_is_linked_as_an_image() {
    let (report, _) = run(
        &[
            "report",
            &example(EXAMPLES[2]),
            "--svg",
            "maps/renewal map.svg",
        ],
        0,
    );
    assert!(report.contains(
        "![Journey map of Managed IT services, from pre-sales to renewal](maps/renewal%20map.svg)"
    ));
    let html = to_html(&report);
    assert!(
        html.contains("<img src=\"maps/renewal%20map.svg\""),
        "{html}"
    );
}

#[test]
fn metrics_csv_overrides_current_values_and_warns_about_unknown_ids() {
    let folder = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
    let csv = folder.path().join("metrics.csv");
    std::fs::write(
        &csv,
        "metric,value,date\ncsat-discovery,88,2026-11-15\nttr-p1, 3.5 ,2026-11-20\ncsat-discovry,90,\n",
    )
    .unwrap_or_else(|error| panic!("{error}"));
    let csv = csv.to_string_lossy().into_owned();
    let (report, stderr) = run(
        &[
            "report",
            &example("custom-software-delivery.as-is"),
            "--metrics",
            &csv,
        ],
        0,
    );
    assert_eq!(
        stderr,
        format!(
            "warning: {csv}:4: unknown metric `csat-discovry`: the journey has no metric with this id, value 90 ignored (did you mean `csat-discovery`?)\n"
        )
    );
    assert!(report.contains("| CSAT after discovery workshop | csat | Discovery | \\>= 85% | 88% (CSV, 2026-11-15) | meets |"), "{report}");
    assert!(report.contains("| Time to resolve P1 tickets | duration | Support handover | \\< 4 h | 3.5 h (CSV, 2026-11-20) | meets |"));
    assert!(report.contains("measured 2026-11-15 to 2026-11-20, not from the journey file."));
    assert!(report.contains("**4 of 7 miss their target**"));
}

#[test]
fn malformed_metrics_csv_is_a_located_usage_error() {
    let folder = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
    let out = folder.path().join("report.md");
    let out = out.to_string_lossy().into_owned();
    for (content, expected) in [
        (
            "metric,value\ncsat-discovery,88\nttr-p1,fast\n",
            ":3: `fast` is not a number (metric `ttr-p1`)",
        ),
        (
            "metric,value\n\nttr-p1\n",
            ":3: 1 columns, expected 2 (metric,value)",
        ),
        (
            "metric;value\n",
            ":1: the header is `metric;value`, expected `metric,value` or `metric,value,date`",
        ),
        (
            "metric,value,date\nttr-p1,3,yesterday\n",
            ":2: `yesterday` is not a date (YYYY-MM-DD)",
        ),
    ] {
        let csv = folder.path().join("bad.csv");
        std::fs::write(&csv, content).unwrap_or_else(|error| panic!("{error}"));
        let csv = csv.to_string_lossy().into_owned();
        let (stdout, stderr) = run(
            &[
                "report",
                &example(EXAMPLES[0]),
                "--metrics",
                &csv,
                "-o",
                &out,
            ],
            2,
        );
        assert!(stdout.is_empty());
        assert_eq!(stderr, format!("error: {csv}{expected}\n"));
        assert!(!Path::new(&out).exists(), "nothing is written");
    }
}

#[test]
fn exit_codes() {
    let (_, stderr) = run(&["report", "missing.journey.yaml"], 2);
    assert!(
        stderr.contains("cannot read missing.journey.yaml"),
        "{stderr}"
    );
    let (_, stderr) = run(
        &["report", &example(EXAMPLES[0]), "--metrics", "missing.csv"],
        2,
    );
    assert!(
        stderr.contains("cannot read the metrics CSV missing.csv"),
        "{stderr}"
    );
    run(&["report", &example(EXAMPLES[0]), "--format", "pdf"], 2);

    let folder = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
    let broken = folder.path().join("broken.journey.yaml");
    std::fs::write(&broken, "jmap: 1\njourney: {id: x, title: X}\nstages: [\n")
        .unwrap_or_else(|error| panic!("{error}"));
    let out = folder.path().join("report.md");
    let (stdout, _) = run(
        &[
            "report",
            &broken.to_string_lossy(),
            "-o",
            &out.to_string_lossy(),
        ],
        1,
    );
    assert!(stdout.is_empty());
    assert!(!out.exists());
}

#[test]
fn writes_to_a_file() {
    let folder = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
    let out = folder.path().join("report.md");
    let (stdout, _) = run(
        &[
            "report",
            &example(EXAMPLES[1]),
            "-o",
            &out.to_string_lossy(),
        ],
        0,
    );
    assert!(stdout.is_empty());
    let written = std::fs::read_to_string(&out).unwrap_or_else(|error| panic!("{error}"));
    let (expected, _) = run(&["report", &example(EXAMPLES[1])], 0);
    assert_eq!(written, expected);
}

#[test]
fn large_journey_reports_every_row() {
    let journey = large_journey(2_000, 10);
    let folder = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
    let path = folder.path().join("large.journey.yaml");
    std::fs::write(&path, journey).unwrap_or_else(|error| panic!("{error}"));
    let (report, _) = run(&["report", &path.to_string_lossy()], 0);
    check_markdown(&report);
    assert!(report.contains("**Scope:** 10 stages, 2000 touchpoints"));
    // One pain per touchpoint, one row each.
    assert_eq!(report.matches("| medium | Waits for ").count(), 2_000);
}

/// A journey of `touchpoints` touchpoints over `stages` stages, each handing off to the
/// next in another lane, one pain each.
pub fn large_journey(touchpoints: usize, stages: usize) -> String {
    use std::fmt::Write as _;
    let mut out = String::from(
        "jmap: 1\njourney: {id: large, title: Large, owner: Me, reviewed: 2026-11-01}\nlanes:\n  - {id: client, name: Client, kind: customer}\n  - {id: team, name: Team, kind: frontstage}\nmetrics:\n  - {id: csat, name: CSAT, kind: csat, target: \">= 80\", current: 70}\nstages:\n",
    );
    let per_stage = touchpoints / stages;
    let mut index = 0;
    for stage in 0..stages {
        let _ = writeln!(
            out,
            "  - id: s{stage}\n    name: Stage {stage}\n    metrics: [csat]\n    touchpoints:"
        );
        for _ in 0..per_stage {
            let lane = if index % 2 == 0 { "client" } else { "team" };
            let _ = writeln!(
                out,
                "      - {{id: t{index}, name: Touchpoint {index}, lane: {lane}, emotion: {}, pains: [Waits for {index}], opportunities: [Faster {index}]{}}}",
                (index % 5) as i64 - 2,
                if index + 1 < touchpoints {
                    format!(", handoffs: [{{to: t{}, owner: Owner {index}}}]", index + 1)
                } else {
                    String::new()
                }
            );
            index += 1;
        }
    }
    out
}

/// The inside of every `<…>` in rendered HTML.
fn html_tags(html: &str) -> Vec<String> {
    let mut tags = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        let after = &rest[start + 1..];
        let end = after.find('>').unwrap_or(after.len());
        tags.push(after[..end].to_string());
        rest = &after[end..];
    }
    tags
}

fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS
}

fn to_html(markdown: &str) -> String {
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, Parser::new_ext(markdown, options()));
    html
}

/// All text the renderer shows, blocks separated by newlines.
fn rendered_text(markdown: &str) -> String {
    let mut text = String::new();
    for event in Parser::new_ext(markdown, options()) {
        match event {
            Event::Text(value) | Event::Code(value) => text.push_str(&value),
            Event::End(TagEnd::Strong | TagEnd::Emphasis | TagEnd::Strikethrough) => {}
            Event::End(_) | Event::SoftBreak | Event::HardBreak => text.push('\n'),
            Event::Html(value) | Event::InlineHtml(value) => {
                panic!("raw HTML reached the renderer: {value}")
            }
            _ => {}
        }
    }
    text
}

/// Every table: as many cells in each row as in its header, both in the rendered tree
/// and in the raw lines (no `|` from user text splits a cell). No raw HTML at all.
fn check_markdown(markdown: &str) {
    let mut header_cells = 0;
    let mut row_cells = 0;
    let mut in_head = false;
    let mut tables = 0;
    for event in Parser::new_ext(markdown, options()) {
        match event {
            Event::Start(Tag::Table(_)) => tables += 1,
            Event::Start(Tag::TableHead) => {
                in_head = true;
                header_cells = 0;
            }
            Event::End(TagEnd::TableHead) => in_head = false,
            Event::Start(Tag::TableRow) => row_cells = 0,
            Event::End(TagEnd::TableRow) => assert_eq!(row_cells, header_cells),
            Event::Start(Tag::TableCell) => {
                if in_head {
                    header_cells += 1;
                } else {
                    row_cells += 1;
                }
            }
            Event::Html(value) | Event::InlineHtml(value) => {
                panic!("raw HTML reached the renderer: {value}")
            }
            Event::Start(Tag::Link { dest_url, .. }) => panic!("unexpected link to {dest_url}"),
            _ => {}
        }
    }
    assert!(tables >= 3, "the report has its tables");

    let mut expected: Option<usize> = None;
    let mut raw_tables = 0;
    for line in markdown.lines() {
        if line.starts_with('|') {
            let pipes = line.matches('|').count();
            match expected {
                None => {
                    expected = Some(pipes);
                    raw_tables += 1;
                }
                Some(count) => assert_eq!(pipes, count, "row with another cell count: {line}"),
            }
        } else {
            expected = None;
        }
    }
    assert_eq!(raw_tables, tables);
}
