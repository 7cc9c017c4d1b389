//! `jmap render`: golden SVGs of the examples, XML safety, overlays, scale and the CLI.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // test code may fail loudly

use assert_cmd::Command;
use jmap::model::{Element, ElementKey, ElementKind, Journey};
use jmap::render::{Ghost, Overlay, RenderOptions, render_svg};
use std::collections::HashSet;
use std::path::Path;

const TODAY: &str = "2026-11-22";

const EXAMPLES: &[&str] = &[
    "custom-software-delivery.as-is",
    "custom-software-delivery.to-be",
    "managed-services-renewal",
    "professional-services-sow",
];

fn load(path: &str) -> Journey {
    let text = std::fs::read_to_string(path).unwrap_or_else(|error| panic!("{path}: {error}"));
    jmap::load::load_str(path, text).unwrap_or_else(|errors| panic!("{path}: {errors:?}"))
}

fn lint(journey: &Journey) -> Vec<jmap::diagnostic::Finding> {
    let today: jiff::civil::Date = TODAY.parse().expect("date");
    jmap::lint::lint(journey, &jmap::config::Config::default(), today)
}

fn render(path: &str, options: &RenderOptions) -> String {
    let journey = load(path);
    render_svg(&journey, &lint(&journey), options)
}

fn example(name: &str) -> String {
    format!("examples/{name}.journey.yaml")
}

/// Parses the SVG and checks it is inert: well-formed, no scripts, no foreign content, no
/// event handlers or links, no characters XML 1.0 forbids, no user text in attributes.
fn assert_safe_svg(svg: &str) -> roxmltree::Document<'_> {
    let document = roxmltree::Document::parse(svg).expect("the SVG is well-formed XML");
    let root = document.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    assert_eq!(
        root.tag_name().namespace(),
        Some("http://www.w3.org/2000/svg")
    );
    for node in document.descendants().filter(|node| node.is_element()) {
        let name = node.tag_name().name();
        assert!(
            !matches!(
                name,
                "script" | "foreignObject" | "image" | "iframe" | "a" | "use" | "feImage"
            ),
            "unexpected <{name}>"
        );
        for attribute in node.attributes() {
            let attribute_name = attribute.name().to_ascii_lowercase();
            assert!(
                !attribute_name.starts_with("on"),
                "event handler {attribute_name}"
            );
            assert!(
                !attribute_name.contains("href"),
                "link attribute {attribute_name}"
            );
            let value = attribute.value();
            assert!(
                !value.contains(['<', '>', '&', '"']) && !value.contains("script"),
                "user text in attribute {attribute_name}={value:?}"
            );
        }
    }
    assert!(
        svg.chars()
            .all(|ch| ch == '\n' || ch == '\t' || !ch.is_control()),
        "a control character reached the SVG"
    );
    assert!(!svg.contains("<script") && !svg.contains("<foreignObject"));
    assert!(!svg.contains("@import") && !svg.contains("url(http"));
    document
}

/// All text a viewer sees (text nodes of `<text>`) and all tooltips (`<title>`).
fn texts(document: &roxmltree::Document<'_>, element: &str) -> Vec<String> {
    document
        .descendants()
        .filter(|node| node.has_tag_name(element))
        .map(|node| {
            node.descendants()
                .filter(|n| n.is_text())
                .filter_map(|n| n.text())
                .collect::<String>()
        })
        .collect()
}

#[test]
fn examples_match_their_golden_svgs() {
    for name in EXAMPLES {
        let svg = render(&example(name), &RenderOptions::default());
        assert_safe_svg(&svg);
        insta::assert_snapshot!(name.to_string(), svg);
    }
}

#[test]
fn examples_without_findings_show_no_finding_marks() {
    let options = RenderOptions {
        show_findings: false,
        overlay: None,
        ..Default::default()
    };
    let svg = render(&example("custom-software-delivery.as-is"), &options);
    let document = assert_safe_svg(&svg);
    let shown = texts(&document, "text").join("\n");
    assert!(!shown.contains("Lint findings"));
    assert!(!shown.contains("LINT FINDINGS"));
    assert!(!svg.contains("unowned-handoff"));
    // The map itself is all there.
    assert!(shown.contains("Weekend cut-over:"));
    assert!(shown.contains("NO OWNER"));
}

#[test]
fn every_element_of_the_examples_is_on_the_map() {
    for name in EXAMPLES {
        let journey = load(&example(name));
        let svg = render_svg(&journey, &lint(&journey), &RenderOptions::default());
        let document = assert_safe_svg(&svg);
        let tooltips = texts(&document, "title").join("\n");
        for lane in &journey.lanes {
            assert!(
                tooltips.contains(&format!("Lane: {}", lane.name.value)),
                "{name}: lane"
            );
        }
        for (index, stage) in journey.stages.iter().enumerate() {
            let expected = format!("Stage {}: {}", index + 1, stage.name.value);
            assert!(tooltips.contains(&expected), "{name}: {expected}");
        }
        for (index, touchpoint) in journey.touchpoints.iter().enumerate() {
            let expected = format!("{}. {}", index + 1, touchpoint.name.value);
            assert!(tooltips.contains(&expected), "{name}: {expected}");
        }
        for handoff in &journey.handoffs {
            let expected = format!(
                "Handoff: {} → {}",
                journey.handoff_source(handoff).name.value,
                journey.handoff_target(handoff).name.value
            );
            assert!(tooltips.contains(&expected), "{name}: {expected}");
        }
        for metric in &journey.metrics {
            let expected = format!("Metric: {}", metric.name.value);
            assert!(tooltips.contains(&expected), "{name}: {expected}");
        }
    }
}

#[test]
fn hostile_text_stays_text() {
    let path = "tests/fixtures/render/hostile.journey.yaml";
    let svg = render(path, &RenderOptions::default());
    let document = assert_safe_svg(&svg);
    let shown = texts(&document, "text").join("\n");
    let tooltips = texts(&document, "title").join("\n");
    // Markup in names arrives as the characters the user typed, escaped in the file.
    assert!(tooltips.contains("<script>document.cookie</script>"));
    assert!(svg.contains("&lt;script&gt;document.cookie&lt;/script&gt;"));
    assert!(tooltips.contains("Owner \"quoted\" & <tag>"));
    assert!(shown.contains("Owner <b>bold</b> & co"));
    assert!(tooltips.contains("Score </text><script>bad()</script>"));
    assert!(tooltips.contains("Idea <![CDATA[ x ]]>"));
    assert!(shown.contains("e-mail & \"chat\""));
    // A text element holds exactly the line shown, no surrounding whitespace.
    assert!(
        texts(&document, "text")
            .iter()
            .any(|text| text == "Stage & <stage>")
    );
    // Right-to-left text and emoji are kept; bidi overrides and control characters are
    // written visibly (`\u{1b}`), never raw.
    assert!(shown.contains("עמית לקוח (RTL)"));
    assert!(shown.contains("مدير الحساب"));
    assert!(shown.contains("🎉"));
    assert!(tooltips.contains("👩‍👩‍👧"));
    assert!(!svg.contains('\u{202E}') && !svg.contains('\u{202C}'));
    assert!(!svg.contains('\u{7}') && !svg.contains('\u{1b}'));
    assert!(shown.contains(
        "Persona: Persona with a bell\\u{7}, a NUL-free escape\\u{1b}[31m and a tab here"
    ));
    insta::assert_snapshot!("hostile", svg);
}

#[test]
fn output_is_byte_identical_across_runs() {
    for path in [
        example("managed-services-renewal"),
        "tests/fixtures/render/crowded.journey.yaml".to_string(),
    ] {
        let first = render(&path, &RenderOptions::default());
        let second = render(&path, &RenderOptions::default());
        assert_eq!(first, second, "{path}");
    }
}

#[test]
fn crowded_cells_stack_and_render() {
    let svg = render(
        "tests/fixtures/render/crowded.journey.yaml",
        &RenderOptions::default(),
    );
    let document = assert_safe_svg(&svg);
    let shown = texts(&document, "text").join("\n");
    // Lanes are grouped by kind even though the file lists them out of order.
    let client = shown.find("CUSTOMER").expect("customer lane");
    let front = shown.find("FRONTSTAGE").expect("frontstage lane");
    let back = shown.find("BACKSTAGE").expect("backstage lane");
    let support = shown.find("SUPPORT").expect("support lane");
    assert!(client < front && front < back && back < support);
    assert!(shown.contains("LINE OF INTERACTION"));
    assert!(shown.contains("LINE OF VISIBILITY"));
    assert!(shown.contains("LINE OF INTERNAL"));
    // Long names are shortened with an ellipsis; the tooltip keeps them whole.
    assert!(shown.contains('…'));
    let tooltips = texts(&document, "title").join("\n");
    assert!(tooltips.contains(
        "Second with a name so long that it has to be wrapped over two lines and truncated"
    ));
    insta::assert_snapshot!("crowded", svg);
}

fn touchpoint(id: &str) -> ElementKey {
    ElementKey::new(ElementKind::Touchpoint, id)
}

/// A small diff of the as-is and to-be examples, as `jmap diff --svg` would build it.
fn example_overlay(old: &Journey, new: &Journey) -> Overlay {
    let keys = |journey: &Journey| -> Vec<ElementKey> {
        let elements = (0..journey.lanes.len())
            .map(Element::Lane)
            .chain((0..journey.stages.len()).map(Element::Stage))
            .chain((0..journey.metrics.len()).map(Element::Metric))
            .chain((0..journey.touchpoints.len()).map(Element::Touchpoint))
            .chain((0..journey.handoffs.len()).map(Element::Handoff));
        elements.map(|element| element.key(journey)).collect()
    };
    let old_keys: HashSet<ElementKey> = keys(old).into_iter().collect();
    let added = keys(new)
        .into_iter()
        .filter(|key| !old_keys.contains(key))
        .collect();
    let changed = new
        .touchpoints
        .iter()
        .filter(|t| {
            old.touchpoint_index
                .get(&t.id.value)
                .is_some_and(|&i| old.touchpoints[i].name.value != t.name.value)
        })
        .map(|t| touchpoint(&t.id.value))
        .collect();
    let mut removed: Vec<Ghost> = old
        .touchpoints
        .iter()
        .filter(|t| !new.touchpoint_index.contains_key(&t.id.value))
        .map(|t| Ghost {
            key: touchpoint(&t.id.value),
            label: t.name.value.clone(),
            stage: Some(old.stages[t.stage].id.value.clone()),
            lane: Some(old.lanes[t.lane.value].id.value.clone()),
        })
        .collect();
    // One whose stage is gone goes to the "removed" strip.
    removed.push(Ghost {
        key: touchpoint("fax-intake"),
        label: "Order form by fax <retired> & gone".into(),
        stage: Some("no-such-stage".into()),
        lane: Some("client".into()),
    });
    Overlay {
        added,
        changed,
        removed,
        ..Default::default()
    }
}

#[test]
fn overlay_marks_added_changed_and_removed() {
    let old = load(&example("custom-software-delivery.as-is"));
    let new = load(&example("custom-software-delivery.to-be"));
    let overlay = example_overlay(&old, &new);
    assert!(!overlay.added.is_empty());
    let removed_names: Vec<String> = overlay.removed.iter().map(|g| g.label.clone()).collect();
    let options = RenderOptions {
        show_findings: true,
        overlay: Some(overlay),
        ..Default::default()
    };
    let svg = render_svg(&new, &lint(&new), &options);
    let document = assert_safe_svg(&svg);
    let shown = texts(&document, "text").join("\n");
    assert!(shown.contains("NEW"));
    assert!(
        shown.contains("CHANGES"),
        "the legend gains an overlay group"
    );
    assert!(shown.contains("REMOVED"));
    let tooltips = texts(&document, "title").join("\n");
    for name in removed_names {
        assert!(tooltips.contains(&format!("Removed: {name}")), "{name}");
    }
    insta::assert_snapshot!("overlay", svg);

    // Without an overlay there is no overlay legend.
    let plain = render_svg(&new, &lint(&new), &RenderOptions::default());
    assert!(!plain.contains("CHANGES"));
}

/// A generated journey: `stages` × `per_stage` touchpoints over six lanes, each handing
/// off to the next, some across lanes, some back as rework.
fn big_journey(stages: usize, per_stage: usize) -> String {
    let kinds = [
        "customer",
        "frontstage",
        "frontstage",
        "backstage",
        "backstage",
        "support",
    ];
    let mut yaml = String::from(
        "jmap: 1\njourney:\n  id: big\n  title: Big\n  reviewed: 2026-11-01\nlanes:\n",
    );
    for (index, kind) in kinds.iter().enumerate() {
        yaml.push_str(&format!(
            "  - {{id: l{index}, name: Lane {index}, kind: {kind}, owner: Owner {index}}}\n"
        ));
    }
    yaml.push_str("metrics:\n  - {id: m, name: M, kind: csat, target: \">= 1\", current: 2}\n");
    yaml.push_str("stages:\n");
    let total = stages * per_stage;
    for stage in 0..stages {
        yaml.push_str(&format!(
            "  - id: s{stage}\n    name: Stage {stage}\n    metrics: [m]\n    touchpoints:\n"
        ));
        for slot in 0..per_stage {
            let index = stage * per_stage + slot;
            let lane = (index * 7 / 3) % kinds.len();
            yaml.push_str(&format!(
                "      - id: t{index}\n        name: Touchpoint number {index} with a name\n        lane: l{lane}\n        emotion: {}\n",
                (index % 5) as i32 - 2
            ));
            let mut handoffs = Vec::new();
            if index + 1 < total {
                handoffs.push(format!("{{to: t{}, owner: Owner, sla: 2d}}", index + 1));
            }
            if index % 10 == 9 && index >= 30 {
                handoffs.push(format!(
                    "{{to: t{}, owner: Owner, rework: true}}",
                    index - 30
                ));
            }
            if !handoffs.is_empty() {
                yaml.push_str(&format!("        handoffs: [{}]\n", handoffs.join(", ")));
            }
        }
    }
    yaml
}

#[test]
fn a_thousand_touchpoints_render_every_card_and_arrow() {
    let yaml = big_journey(40, 25);
    let journey = jmap::load::load_str("big.journey.yaml", yaml).expect("loads");
    assert_eq!(journey.touchpoints.len(), 1000);
    let findings = lint(&journey);
    // Speed is measured in benches/ (BENCHMARKS.md), not here.
    let svg = render_svg(&journey, &findings, &RenderOptions::default());
    assert_safe_svg(&svg);
    assert_eq!(svg.matches("<g class=\"touchpoint\"").count(), 1000);
    assert_eq!(
        svg.matches("<g class=\"handoff\"").count(),
        journey.handoffs.len()
    );
}

#[test]
fn degenerate_journeys_render() {
    let cases = [
        "jmap: 1\njourney: {id: a, title: A}\nlanes: []\nstages: []\n",
        "jmap: 1\njourney: {id: a, title: A}\nlanes: [{id: l, name: L, kind: support}]\nstages: [{id: s, name: S}]\n",
        "jmap: 1\njourney: {id: a, title: A}\nlanes: [{id: l, name: L, kind: support}]\nstages: [{id: s, name: S, touchpoints: [{id: t, name: T, lane: l, emotion: 1, handoffs: [{to: t}]}]}]\n",
    ];
    for yaml in cases {
        let journey = jmap::load::load_str("case.journey.yaml", yaml).expect("loads");
        for show_findings in [true, false] {
            let options = RenderOptions {
                show_findings,
                overlay: Some(Overlay {
                    added: [touchpoint("t"), ElementKey::new(ElementKind::Lane, "nope")].into(),
                    changed: [ElementKey::new(ElementKind::Stage, "s")].into(),
                    removed: vec![Ghost {
                        key: touchpoint("x"),
                        label: String::new(),
                        stage: None,
                        lane: None,
                    }],
                    ..Default::default()
                }),
                ..Default::default()
            };
            let svg = render_svg(&journey, &lint(&journey), &options);
            assert_safe_svg(&svg);
        }
    }
}

// ---------------------------------------------------------------------------------------
// The command line

fn jmap() -> Command {
    let mut command = Command::cargo_bin("jmap").expect("binary");
    command.env("JMAP_TODAY", TODAY).env_remove("NO_COLOR");
    command
}

#[test]
fn cli_one_file_goes_to_stdout() {
    let output = jmap()
        .args(["render", &example("professional-services-sow")])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0));
    let svg = String::from_utf8(output.stdout).expect("utf-8");
    assert_safe_svg(&svg);
    assert_eq!(
        svg,
        render(
            &example("professional-services-sow"),
            &RenderOptions::default()
        )
    );
}

#[test]
fn cli_one_file_with_output_writes_that_file() {
    let folder = tempfile::tempdir().expect("temp dir");
    let out = folder.path().join("map.svg");
    jmap()
        .args(["render", &example("managed-services-renewal"), "-o"])
        .arg(&out)
        .assert()
        .code(0)
        .stdout("");
    let svg = std::fs::read_to_string(&out).expect("written");
    assert_safe_svg(&svg);
}

#[test]
fn cli_several_files_need_an_output_folder() {
    jmap()
        .args([
            "render",
            &example("managed-services-renewal"),
            &example("professional-services-sow"),
        ])
        .assert()
        .code(2)
        .stdout("");
}

#[test]
fn cli_several_files_write_one_map_per_journey_id() {
    let folder = tempfile::tempdir().expect("temp dir");
    let out = folder.path().join("maps");
    let mut command = jmap();
    command.arg("render");
    for name in EXAMPLES {
        command.arg(example(name));
    }
    command.arg("-o").arg(&out).assert().code(0);
    let mut written: Vec<String> = std::fs::read_dir(&out)
        .expect("folder")
        .map(|entry| {
            entry
                .expect("entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    written.sort();
    // The as-is/to-be pair shares an id, so its state tells the two apart.
    assert_eq!(
        written,
        [
            "custom-software-delivery.as-is.svg",
            "custom-software-delivery.to-be.svg",
            "managed-services-renewal.svg",
            "professional-services-sow.svg",
        ]
    );
}

#[test]
fn cli_a_journey_that_does_not_load_writes_nothing() {
    let folder = tempfile::tempdir().expect("temp dir");
    let broken = folder.path().join("broken.journey.yaml");
    std::fs::write(&broken, "jmap: 1\njourney: [not, a, map\n").expect("write");
    let out = folder.path().join("maps");
    jmap()
        .args(["render", &example("managed-services-renewal")])
        .arg(&broken)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(1);
    assert!(!out.join("managed-services-renewal.svg").exists());

    let single = folder.path().join("single.svg");
    jmap()
        .arg("render")
        .arg(&broken)
        .arg("-o")
        .arg(&single)
        .assert()
        .code(1);
    assert!(!single.exists());
}

#[test]
fn cli_missing_file_is_a_usage_error() {
    jmap()
        .args(["render", "tests/fixtures/render/no-such.journey.yaml"])
        .assert()
        .code(2)
        .stdout("");
    jmap().args(["render"]).assert().code(2);
}

#[test]
fn cli_lint_errors_do_not_stop_the_map() {
    // The as-is example has lint errors; render still draws it and exits 0.
    let output = jmap()
        .args(["render", &example("custom-software-delivery.as-is")])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0));
    let svg = String::from_utf8(output.stdout).expect("utf-8");
    assert!(svg.contains("Lint findings: 3 errors"));
}

#[test]
fn cli_no_findings_hides_them() {
    let output = jmap()
        .args([
            "render",
            "--no-findings",
            &example("custom-software-delivery.as-is"),
        ])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0));
    let svg = String::from_utf8(output.stdout).expect("utf-8");
    assert!(!svg.contains("Lint findings"));
}

#[test]
fn rsvg_convert_accepts_the_examples() {
    // librsvg's converter: `.ci/run` installs it (librsvg2-bin) when it is missing.
    let folder = tempfile::tempdir().expect("temp dir");
    for name in EXAMPLES {
        let svg_path = folder.path().join(format!("{name}.svg"));
        std::fs::write(&svg_path, render(&example(name), &RenderOptions::default()))
            .expect("write");
        let png = folder.path().join(format!("{name}.png"));
        let status = std::process::Command::new("rsvg-convert")
            .arg("-o")
            .arg(&png)
            .arg(&svg_path)
            .status()
            .expect("rsvg-convert runs: install librsvg2-bin (.ci/run does)");
        assert!(status.success(), "{name}");
        assert!(Path::new(&png).exists());
        let bytes = std::fs::read(&png).expect("the PNG is written");
        assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"), "{name}: not a PNG");
        assert!(bytes.len() > 10_000, "{name}: an empty picture");
    }
}

/// A sink that takes at most 7 bytes a call, and one that fails after 1,000 bytes.
struct Trickle(Vec<u8>, Option<usize>);

impl std::io::Write for Trickle {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        if self.1.is_some_and(|limit| self.0.len() >= limit) {
            return Err(std::io::Error::other("disk full"));
        }
        let n = bytes.len().min(7);
        self.0.extend_from_slice(&bytes[..n]);
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn a_streamed_map_is_the_map_drawn_in_memory_and_reports_a_failed_write() {
    // `jmap render -o` streams the canvas into its file: byte for byte the same document.
    let mut journeys: Vec<(String, Journey)> = EXAMPLES
        .iter()
        .map(|name| (example(name), load(&example(name))))
        .collect();
    let big = jmap::load::load_str("big.journey.yaml", big_journey(8, 25)).expect("loads");
    journeys.push(("big".to_string(), big));
    for (path, journey) in &journeys {
        let findings = lint(journey);
        let options = RenderOptions::default();
        let mut sink = Trickle(Vec::new(), None);
        jmap::render::write_svg(&mut sink, journey, &findings, &options).expect("written");
        let whole = render_svg(journey, &findings, &options);
        assert!(
            sink.0 == whole.as_bytes(),
            "{path}: streamed ≠ drawn in memory"
        );
    }
    // The big one is handed over in several 64 kB pieces.
    assert!(journeys.last().is_some_and(|(_, j)| {
        render_svg(j, &lint(j), &RenderOptions::default()).len() > 3 * 65_536
    }));
    let journey = load(&example(EXAMPLES[0]));
    let mut full = Trickle(Vec::new(), Some(1_000));
    let result = jmap::render::write_svg(&mut full, &journey, &[], &RenderOptions::default());
    assert_eq!(
        result.expect_err("the sink failed").to_string(),
        "disk full"
    );
}

/// `f` run on a rayon pool of `threads` threads.
fn on_pool<R: Send>(threads: usize, f: impl FnOnce() -> R + Send) -> R {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("pool")
        .install(f)
}

#[test]
fn a_map_drawn_on_several_cores_is_the_map_drawn_on_one() {
    // Cards and arrows of a long map are drawn in pieces on rayon's pool and appended in
    // order: every pool size gives the same bytes, cards in touchpoint order.
    let journey = jmap::load::load_str("big.journey.yaml", big_journey(8, 100)).expect("loads");
    let findings = lint(&journey);
    let draw = |threads: usize| {
        on_pool(threads, || {
            render_svg(&journey, &findings, &RenderOptions::default())
        })
    };
    let one = draw(1);
    let ids: Vec<&str> = one
        .split("<g class=\"touchpoint\" data-id=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .collect();
    let expected: Vec<String> = (0..800).map(|index| format!("t{index}")).collect();
    assert_eq!(ids, expected);
    for threads in [2, 3, 4] {
        assert!(draw(threads) == one, "{threads} threads ≠ one thread");
    }
}

#[test]
fn pages_drawn_on_several_cores_are_the_pages_drawn_on_one() {
    // A paged map draws its pages on rayon's pool: the same documents, in page order.
    let journey = load(&example(EXAMPLES[0]));
    let findings = lint(&journey);
    let draw = |threads: usize| {
        on_pool(threads, || {
            jmap::render::render_pages(
                &journey,
                &findings,
                &RenderOptions::default(),
                jmap::render::Page::Slide,
            )
        })
    };
    let one = draw(1);
    assert!(one.len() > 3, "{} slides", one.len());
    for (number, page) in one.iter().enumerate() {
        assert!(page.contains(&format!("Page {} of {}", number + 1, one.len())));
    }
    assert!(draw(3) == one, "3 threads ≠ one thread");
}
