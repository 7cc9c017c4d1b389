#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
//! Geometry of the map, read back from the SVG: no two texts overlap, card and label
//! texts stay in their boxes, no other arrow runs under a handoff label, every text is
//! at least the page's minimum size, and the structure tools rely on is there.

use jmap::model::Journey;
use jmap::render::style::class_font;
use jmap::render::{Audience, Detail, Page, RenderOptions, render_pages};
use roxmltree::{Document, Node};

const TODAY: &str = "2026-11-22";

const FILES: &[&str] = &[
    "examples/custom-software-delivery.as-is.journey.yaml",
    "examples/custom-software-delivery.to-be.journey.yaml",
    "examples/managed-services-renewal.journey.yaml",
    "examples/professional-services-sow.journey.yaml",
    "tests/fixtures/render/crowded.journey.yaml",
];

const PAGES: [Page; 5] = [Page::Canvas, Page::Poster, Page::A3, Page::A4, Page::Slide];

fn load_text(name: &str, text: String) -> Journey {
    jmap::load::load_str(name, text).unwrap_or_else(|errors| panic!("{name}: {errors:?}"))
}

fn load(path: &str) -> Journey {
    let text = std::fs::read_to_string(path).unwrap_or_else(|error| panic!("{path}: {error}"));
    load_text(path, text)
}

fn lint(journey: &Journey) -> Vec<jmap::diagnostic::Finding> {
    let today: jiff::civil::Date = TODAY.parse().expect("date");
    jmap::lint::lint(journey, &jmap::config::Config::default(), today)
}

type Segment = ((f64, f64), (f64, f64));

#[derive(Debug, Clone, Copy)]
struct Box2 {
    x: f64,
    y: f64,
    r: f64,
    b: f64,
}

impl Box2 {
    fn overlaps(&self, other: &Box2, slack: f64) -> bool {
        self.x < other.r - slack
            && other.x < self.r - slack
            && self.y < other.b - slack
            && other.y < self.b - slack
    }
    fn inside(&self, outer: &Box2, slack: f64) -> bool {
        self.x >= outer.x - slack
            && self.r <= outer.r + slack
            && self.y >= outer.y - slack
            && self.b <= outer.b + slack
    }
}

fn num(node: Node<'_, '_>, name: &str) -> f64 {
    node.attribute(name)
        .and_then(|value| value.parse().ok())
        .unwrap_or(0.0)
}

fn text_of(node: Node<'_, '_>) -> String {
    node.descendants()
        .filter(|n| n.is_text())
        .filter_map(|n| n.text())
        .collect()
}

/// The box a `<text>` covers, from its class's size and the measured width.
fn text_box(node: Node<'_, '_>) -> (Box2, f64, String) {
    let class = node.attribute("class").unwrap_or("");
    let (mut size, mut bold) = class_font(class);
    if let Some(style) = node.attribute("style")
        && let Some(px) = style
            .split(';')
            .find_map(|part| part.trim().strip_prefix("font-size:"))
    {
        size = px.trim_end_matches("px").parse().unwrap_or(size);
    }
    if node.attribute("font-weight") == Some("700") {
        bold = true;
    }
    let content = text_of(node);
    let w = jmap::render::text::width(&content, size, bold);
    let (x, y) = (num(node, "x"), num(node, "y"));
    let left = match node.attribute("text-anchor") {
        Some("middle") => x - w / 2.0,
        Some("end") => x - w,
        _ => x,
    };
    (
        Box2 {
            x: left,
            y: y - 0.76 * size,
            r: left + w,
            b: y + 0.22 * size,
        },
        size,
        content,
    )
}

fn rect_box(node: Node<'_, '_>) -> Box2 {
    let (x, y) = (num(node, "x"), num(node, "y"));
    Box2 {
        x,
        y,
        r: x + num(node, "width"),
        b: y + num(node, "height"),
    }
}

fn has_class(node: Node<'_, '_>, class: &str) -> bool {
    node.attribute("class")
        .is_some_and(|value| value.split(' ').any(|c| c == class))
}

/// Segments of an arrow path (`M`, `L`, `Q` with absolute coordinates): the polyline
/// through every point named, which covers the rounded corners.
fn segments(d: &str) -> Vec<Segment> {
    let numbers: Vec<f64> = d
        .split(|c: char| c.is_ascii_alphabetic() || c == ',' || c.is_whitespace())
        .filter(|part| !part.is_empty())
        .filter_map(|part| part.parse().ok())
        .collect();
    let points: Vec<(f64, f64)> = numbers.chunks(2).map(|c| (c[0], c[1])).collect();
    points.windows(2).map(|w| (w[0], w[1])).collect()
}

fn segment_hits(segment: Segment, area: &Box2) -> bool {
    let ((x1, y1), (x2, y2)) = segment;
    // Sample the segment: arrows are orthogonal apart from short corner curves.
    let steps = (((x2 - x1).abs() + (y2 - y1).abs()) / 2.0).ceil().max(1.0) as usize;
    (0..=steps).any(|k| {
        let t = k as f64 / steps as f64;
        let (x, y) = (x1 + (x2 - x1) * t, y1 + (y2 - y1) * t);
        x > area.x && x < area.r && y > area.y && y < area.b
    })
}

/// Every geometric promise, for one document.
fn check(name: &str, svg: &str, page: Page) {
    let document = Document::parse(svg).unwrap_or_else(|error| panic!("{name}: {error}"));
    let root = document.root_element();
    assert_eq!(root.attribute("lang"), Some("en"), "{name}: lang");

    // Texts: none overlap another.
    let texts: Vec<(Box2, f64, String, Node<'_, '_>)> = document
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| {
            let (b, size, content) = text_box(n);
            (b, size, content, n)
        })
        .collect();
    for (i, (a, _, ta, _)) in texts.iter().enumerate() {
        for (b, _, tb, _) in texts.iter().skip(i + 1) {
            assert!(
                !a.overlaps(b, 0.5),
                "{name} ({}): texts {ta:?} {a:?} and {tb:?} {b:?} overlap",
                page.name()
            );
        }
    }

    // Card texts stay in the card; label texts in the label.
    for card in document
        .descendants()
        .filter(|n| has_class(*n, "touchpoint"))
    {
        let Some(frame) = card
            .children()
            .find(|n| n.has_tag_name("rect") && has_class(*n, "card-box"))
        else {
            panic!("{name}: a card without its box");
        };
        let frame = rect_box(frame);
        for text in card.descendants().filter(|n| n.has_tag_name("text")) {
            let (b, _, content) = text_box(text);
            let step_or_badge = has_class(text, "step")
                || has_class(text, "badge")
                || has_class(text, "badge-dark");
            if !step_or_badge {
                assert!(
                    b.inside(&frame, 0.5),
                    "{name}: {content:?} {b:?} leaves its card {frame:?}"
                );
            }
        }
    }

    // Handoff labels: their text inside, no other handoff's path through them, no card
    // under them.
    let handoffs: Vec<Node<'_, '_>> = document
        .descendants()
        .filter(|n| has_class(*n, "handoff"))
        .collect();
    let paths: Vec<Vec<Segment>> = handoffs
        .iter()
        .map(|h| {
            h.descendants()
                .filter(|n| n.has_tag_name("path") && has_class(*n, "arrow"))
                .flat_map(|n| segments(n.attribute("d").unwrap_or("")))
                .collect()
        })
        .collect();
    let cards: Vec<Box2> = document
        .descendants()
        .filter(|n| n.has_tag_name("rect") && has_class(*n, "card-box"))
        .map(rect_box)
        .collect();
    for (index, handoff) in handoffs.iter().enumerate() {
        let Some(label) = handoff.children().find(|n| has_class(*n, "handoff-label")) else {
            continue;
        };
        let Some(pill) = label.children().find(|n| n.has_tag_name("rect")) else {
            panic!("{name}: a label without its pill");
        };
        let pill = rect_box(pill);
        for (other, segments) in paths.iter().enumerate() {
            if other == index {
                continue;
            }
            for segment in segments {
                assert!(
                    !segment_hits(*segment, &pill),
                    "{name} ({}): another arrow runs through the label {pill:?} of {:?}",
                    page.name(),
                    text_of(label)
                );
            }
        }
        for card in &cards {
            assert!(
                !pill.overlaps(card, 0.0),
                "{name}: label {pill:?} covers a card"
            );
        }
        for text in label.descendants().filter(|n| n.has_tag_name("text")) {
            let (b, _, content) = text_box(text);
            if !has_class(text, "badge") && !has_class(text, "badge-dark") {
                assert!(b.inside(&pill, 1.0), "{name}: {content:?} leaves its label");
            }
        }
    }

    // Every text at least the page's minimum once scaled onto the sheet.
    if let Some((_, _, unit)) = page.sheet() {
        let scale: f64 = root
            .attribute("data-scale")
            .and_then(|s| s.parse().ok())
            .expect("a page says its scale");
        let minimum = if unit == "px" {
            jmap::render::page::MIN_SLIDE_PX
        } else {
            jmap::render::page::MIN_PRINT_MM
        };
        for (_, size, content, _) in &texts {
            assert!(
                size * scale >= minimum - 1e-9,
                "{name} ({}): {content:?} at {size}px × {scale} is below the minimum",
                page.name()
            );
        }
    }
}

fn pages_of(journey: &Journey, options: &RenderOptions, page: Page) -> Vec<String> {
    render_pages(journey, &lint(journey), options, page)
}

#[test]
fn examples_and_the_crowded_fixture_hold_their_geometry_on_every_page() {
    for path in FILES {
        let journey = load(path);
        for page in PAGES {
            for (number, svg) in pages_of(&journey, &RenderOptions::default(), page)
                .iter()
                .enumerate()
            {
                check(&format!("{path} p{}", number + 1), svg, page);
            }
        }
    }
}

/// One stage holding `busy` touchpoints over three lanes, a chain of owned handoffs
/// through it, jumps and loops, then two quieter stages.
fn busy_journey(busy: usize) -> String {
    let mut text = String::from(
        "jmap: 1\njourney: {id: busy, title: Busy stage}\nlanes:\n  - {id: c, name: Client, kind: customer}\n  - {id: f, name: Front, kind: frontstage}\n  - {id: b, name: Back, kind: backstage}\nstages:\n",
    );
    let lanes = ["c", "f", "b"];
    let mut index = 0;
    for (stage, count) in [(0, 3), (1, busy), (2, 4)] {
        text.push_str(&format!(
            "  - id: s{stage}\n    name: Stage {stage}\n    touchpoints:\n"
        ));
        for _ in 0..count {
            let mut handoffs = vec![format!(
                "{{to: t{}, owner: Team {}, sla: 2d}}",
                index + 1,
                index % 5
            )];
            if index % 6 == 2 {
                handoffs.push(format!("{{to: t{}, owner: Ops}}", index + 5));
            }
            if index % 9 == 8 {
                handoffs.push(format!("{{to: t{}, owner: QA, rework: true}}", index - 4));
            }
            let total = 3 + busy + 4;
            handoffs.retain(|h| {
                let to: usize = h[6..]
                    .split(',')
                    .next()
                    .and_then(|n| n.parse().ok())
                    .unwrap_or(0);
                to < total
            });
            text.push_str(&format!(
                "      - {{id: t{index}, name: Step {index} with a name, lane: {}, emotion: {}, pains: [{{text: Something hurts at step {index}, severity: high}}], handoffs: [{}]}}\n",
                lanes[index % 3],
                (index % 5) as i64 - 2,
                handoffs.join(", ")
            ));
            index += 1;
        }
    }
    text
}

#[test]
fn a_stage_with_fifty_touchpoints_holds_its_geometry() {
    let journey = load_text("busy.journey.yaml", busy_journey(50));
    assert_eq!(journey.stages.get(1).map(|s| s.touchpoints.len()), Some(50));
    for page in [Page::Canvas, Page::A3] {
        for (number, svg) in pages_of(&journey, &RenderOptions::default(), page)
            .iter()
            .enumerate()
        {
            check(&format!("busy p{}", number + 1), svg, page);
        }
    }
}

#[test]
fn the_structure_names_cards_pains_handoffs_and_the_chart() {
    let journey = load("examples/managed-services-renewal.journey.yaml");
    let svg = pages_of(&journey, &RenderOptions::default(), Page::Canvas).remove(0);
    let document = Document::parse(&svg).expect("parses");
    let groups = |class: &str| {
        document
            .descendants()
            .filter(|n| n.has_tag_name("g") && has_class(*n, class))
            .collect::<Vec<_>>()
    };
    let cards = groups("touchpoint");
    assert_eq!(cards.len(), journey.touchpoints.len());
    for (card, touchpoint) in cards.iter().zip(&journey.touchpoints) {
        assert_eq!(
            card.attribute("data-id"),
            Some(touchpoint.id.value.as_str())
        );
        let title = card
            .children()
            .find(|n| n.has_tag_name("title"))
            .expect("title");
        assert!(text_of(title).contains(&touchpoint.name.value));
        // Every pain's words are on the card (this example's cards hold them all).
        let pains: Vec<_> = card
            .descendants()
            .filter(|n| n.has_tag_name("g") && has_class(*n, "pain"))
            .collect();
        assert_eq!(
            pains.len(),
            touchpoint.pains.len(),
            "{}",
            touchpoint.id.value
        );
        for pain in &pains {
            assert!(matches!(
                pain.attribute("data-severity"),
                Some("high" | "medium" | "low")
            ));
        }
    }
    let handoffs = groups("handoff");
    assert_eq!(handoffs.len(), journey.handoffs.len());
    for (group, handoff) in handoffs.iter().zip(&journey.handoffs) {
        assert_eq!(
            group.attribute("data-from"),
            Some(journey.handoff_source(handoff).id.value.as_str())
        );
        assert_eq!(
            group.attribute("data-to"),
            Some(journey.handoff_target(handoff).id.value.as_str())
        );
        assert!(group.children().any(|n| n.has_tag_name("title")));
        assert!(group.descendants().any(|n| n.has_tag_name("path")));
    }
    assert_eq!(groups("emotion").len(), 1);
    assert_eq!(
        groups("lowest").len(),
        1,
        "one lowest mark, not one per tied point"
    );
}

#[test]
fn pains_are_in_words_worst_first_and_summary_gives_counts() {
    let journey = load("tests/fixtures/render/crowded.journey.yaml");
    let svg = pages_of(&journey, &RenderOptions::default(), Page::Canvas).remove(0);
    let document = Document::parse(&svg).expect("parses");
    let severities: Vec<&str> = document
        .descendants()
        .filter(|n| has_class(*n, "pain"))
        .filter_map(|n| n.attribute("data-severity"))
        .collect();
    // The crowded fixture lists low, medium, medium: the card shows medium first.
    assert_eq!(severities.first(), Some(&"medium"));
    assert_eq!(severities.last(), Some(&"low"));
    let summary = RenderOptions {
        detail: Detail::Summary,
        ..RenderOptions::default()
    };
    let svg = pages_of(&journey, &summary, Page::Canvas).remove(0);
    assert!(svg.contains("3 pains · medium"));
    check("crowded summary", &svg, Page::Canvas);
}

#[test]
fn the_client_map_has_no_lint_marks_or_rule_names() {
    let journey = load("examples/custom-software-delivery.as-is.journey.yaml");
    let client = RenderOptions {
        audience: Audience::Client,
        ..RenderOptions::default()
    };
    let svg = pages_of(&journey, &client, Page::Canvas).remove(0);
    assert!(!svg.contains("class=\"finding\""));
    assert!(!svg.contains("Lint"));
    assert!(!svg.contains("unowned-handoff"));
    assert!(svg.contains("NO OWNER"));
    let team = pages_of(&journey, &RenderOptions::default(), Page::Canvas).remove(0);
    assert!(team.contains("class=\"finding\"") && team.contains("unowned-handoff"));
}

#[test]
fn a_big_journey_splits_into_pages_by_stages_and_lanes() {
    let journey = load("examples/managed-services-renewal.journey.yaml");
    let pages = pages_of(&journey, &RenderOptions::default(), Page::A3);
    assert!(
        pages.len() > 2,
        "six stages and six lanes do not fit one A3 page"
    );
    let total = journey.stages.len();
    let (notes, maps) = pages.split_last().expect("pages");
    assert!(notes.contains("Legend") && notes.contains("Lint findings"));
    assert!(!notes.contains("class=\"touchpoint\""));
    let mut stages = std::collections::BTreeSet::new();
    let mut cards = 0;
    for (number, svg) in maps.iter().enumerate() {
        assert!(svg.contains(&format!("Page {} of {}", number + 1, pages.len())));
        assert!(svg.contains(&format!("of {total}")));
        // The stage headers and the lane headers repeat on every page; the emotion chart
        // and its scale on every page holding the first lanes, not on the pages that
        // continue their lanes below them.
        let first_lanes = !svg.contains(" · lane")
            || ((svg.contains(" · lanes 1–") || svg.contains(" · lane 1 of"))
                && !svg.contains(" continued"));
        assert_eq!(
            svg.contains("CLIENT EMOTION") && svg.contains("very unhappy"),
            first_lanes,
            "page {}",
            number + 1
        );
        assert!(svg.contains("<g class=\"lane\""));
        let document = Document::parse(svg).expect("parses");
        for node in document
            .descendants()
            .filter(|n| n.has_tag_name("g") && has_class(*n, "stage"))
        {
            stages.insert(node.attribute("data-id").unwrap_or("").to_string());
        }
        cards += svg.matches("<g class=\"touchpoint\"").count();
    }
    assert_eq!(stages.len(), total, "every stage on some page");
    assert_eq!(
        cards,
        journey.touchpoints.len(),
        "every card on exactly one page"
    );
    // Same input, same pages.
    assert_eq!(
        pages,
        pages_of(&journey, &RenderOptions::default(), Page::A3)
    );
    // A poster holds this whole map on one sheet with its findings and legend: side by
    // side under the map, as they do not fit one above the other.
    let poster = pages_of(&journey, &RenderOptions::default(), Page::Poster);
    assert_eq!(poster.len(), 1);
    let sheet = poster.first().expect("one sheet");
    assert_eq!(
        sheet.matches("<g class=\"touchpoint\"").count(),
        journey.touchpoints.len()
    );
    assert!(sheet.contains("Lint findings") && sheet.contains("Legend"));
    assert!(sheet.contains("(listed below the map)"));
}

/// A handoff whose cards land on different pages is drawn on both: a stub from its card to
/// the page edge on the source's page (`data-stub="out"`), one from the edge into its card
/// on the target's page (`data-stub="in"`), each naming the other page.
#[test]
fn a_handoff_cut_by_a_page_break_is_a_stub_on_both_pages() {
    for path in FILES {
        let journey = load(path);
        for page in [Page::A3, Page::A4, Page::Slide] {
            let pages = pages_of(&journey, &RenderOptions::default(), page);
            let (_, maps) = pages.split_last().expect("pages");
            // Touchpoint id → its page (1-based); page → its stage ids.
            let mut home = std::collections::HashMap::new();
            let mut stages_of: std::collections::HashMap<
                usize,
                std::collections::BTreeSet<String>,
            > = std::collections::HashMap::new();
            let documents: Vec<Document<'_>> = maps
                .iter()
                .map(|svg| Document::parse(svg).expect("parses"))
                .collect();
            for (number, document) in documents.iter().enumerate() {
                for card in document
                    .descendants()
                    .filter(|n| has_class(*n, "touchpoint"))
                {
                    home.insert(
                        card.attribute("data-id").unwrap_or("").to_string(),
                        number + 1,
                    );
                }
                let stages: std::collections::BTreeSet<String> = document
                    .descendants()
                    .filter(|n| n.has_tag_name("g") && has_class(*n, "stage"))
                    .map(|n| n.attribute("data-id").unwrap_or("").to_string())
                    .collect();
                stages_of.insert(number + 1, stages);
            }
            let mut cut = 0;
            for handoff in &journey.handoffs {
                let from = &journey.handoff_source(handoff).id.value;
                let to = &journey.handoff_target(handoff).id.value;
                let (Some(&source_page), Some(&target_page)) = (home.get(from), home.get(to))
                else {
                    panic!("{path}: {from} or {to} on no page");
                };
                // Cut by a stage break (a handoff to the next band of lanes in the same
                // stages is not drawn).
                let target_stage = &journey.stages[journey.handoff_target(handoff).stage]
                    .id
                    .value;
                if stages_of[&source_page].contains(target_stage) {
                    continue;
                }
                cut += 1;
                for (here, there, direction) in [
                    (source_page, target_page, "out"),
                    (target_page, source_page, "in"),
                ] {
                    let document = &documents[here - 1];
                    let stub = document
                        .descendants()
                        .find(|n| {
                            has_class(*n, "handoff")
                                && n.attribute("data-from") == Some(from)
                                && n.attribute("data-to") == Some(to)
                        })
                        .unwrap_or_else(|| {
                            panic!(
                                "{path} ({}): {from} → {to} missing on page {here}",
                                page.name()
                            )
                        });
                    assert_eq!(stub.attribute("data-stub"), Some(direction));
                    let expected = there.to_string();
                    assert_eq!(stub.attribute("data-page"), Some(expected.as_str()));
                    // Its words say where the other card is: on the label, or in the key.
                    let says = format!("page {there}");
                    let on_label = text_of(stub).contains(&says);
                    let in_key = document
                        .descendants()
                        .filter(|n| has_class(*n, "key-entry"))
                        .any(|n| {
                            n.attribute("data-from") == Some(from)
                                && n.attribute("data-to") == Some(to)
                                && text_of(n).contains(&says)
                        });
                    assert!(
                        on_label || in_key,
                        "{path}: {from} → {to} does not say {says}"
                    );
                    // The arrow reaches the map's edge: one end of its path is beyond every
                    // card on the page.
                    let d = stub
                        .descendants()
                        .find(|n| n.has_tag_name("path") && has_class(*n, "arrow"))
                        .and_then(|n| n.attribute("d"))
                        .expect("an arrow");
                    let ends: Vec<f64> = segments(d)
                        .iter()
                        .flat_map(|((x1, _), (x2, _))| [*x1, *x2])
                        .collect();
                    let cards: Vec<Box2> = document
                        .descendants()
                        .filter(|n| n.has_tag_name("rect") && has_class(*n, "card-box"))
                        .map(rect_box)
                        .collect();
                    let (min, max) = ends
                        .iter()
                        .fold((f64::MAX, f64::MIN), |(lo, hi), x| (lo.min(*x), hi.max(*x)));
                    assert!(
                        cards.iter().all(|card| card.r < max)
                            || cards.iter().all(|card| card.x > min),
                        "{path}: the stub of {from} → {to} stops short of the page edge"
                    );
                }
            }
            if page == Page::A4 {
                assert!(
                    cut > 0,
                    "{path}: A4 cuts no handoff (the test would prove nothing)"
                );
            }
        }
    }
}

/// Slides hold more than a lane: pages after the first have a one-line header, pages that
/// continue the lanes of the page above leave the emotion chart to it, so the as-is
/// example fits in at most six slides and a notes slide (it took ten, then eight with one
/// slide 1,249 px tall).
#[test]
fn slides_after_the_first_have_a_compact_header_and_room_for_lanes() {
    let journey = load("examples/custom-software-delivery.as-is.journey.yaml");
    let pages = pages_of(&journey, &RenderOptions::default(), Page::Slide);
    assert!(pages.len() <= 7, "{} slides", pages.len());
    let (_, maps) = pages.split_last().expect("pages");
    for (number, svg) in maps.iter().enumerate() {
        let document = Document::parse(svg).expect("parses");
        let header = document
            .descendants()
            .find(|n| n.has_tag_name("g") && has_class(*n, "header"))
            .expect("a header");
        let words = text_of(header);
        assert_eq!(
            words.contains("Persona:"),
            number == 0,
            "slide {}",
            number + 1
        );
        assert!(words.contains(&format!("Page {} of", number + 1)));
        // The header's rule is above the stage headers.
        let stages_top = document
            .descendants()
            .filter(|n| n.has_tag_name("g") && has_class(*n, "stage"))
            .flat_map(|n| n.descendants().filter(|d| d.has_tag_name("text")))
            .map(|t| text_box(t).0.y)
            .fold(f64::MAX, f64::min);
        for text in header.descendants().filter(|n| n.has_tag_name("text")) {
            assert!(
                text_box(text).0.b <= stages_top,
                "slide {}: header text over the stages",
                number + 1
            );
        }
    }
    // Some slide holds more than one lane.
    assert!(
        maps.iter()
            .any(|svg| svg.matches("<g class=\"lane\"").count() > 1)
    );
}

/// (sheet width, sheet height, map width, map height, scale, left, top) of a page.
fn page_box(svg: &str) -> (f64, f64, f64, f64, f64, f64, f64) {
    let document = Document::parse(svg).expect("parses");
    let root = document.root_element();
    let number = |value: Option<&str>| -> f64 {
        value
            .unwrap_or("")
            .trim_end_matches("mm")
            .trim_end_matches("px")
            .parse()
            .expect("a number")
    };
    let (sheet_w, sheet_h) = (
        number(root.attribute("width")),
        number(root.attribute("height")),
    );
    let group = root
        .children()
        .find(|n| n.has_tag_name("g") && n.attribute("transform").is_some())
        .expect("the map's group");
    let transform = group.attribute("transform").unwrap_or("");
    let numbers: Vec<f64> = transform
        .split(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-'))
        .filter(|part| !part.is_empty())
        .map(|part| part.parse().expect("a number"))
        .collect();
    let map = group
        .children()
        .find(|n| n.has_tag_name("rect"))
        .expect("the map's background");
    (
        sheet_w,
        sheet_h,
        num(map, "width"),
        num(map, "height"),
        numbers[2],
        numbers[0],
        numbers[1],
    )
}

/// Every page is exactly its sheet (a slide 1920 × 1080, never taller), and the map
/// scaled onto it stays inside the sheet's margins: nothing clipped, at any page size,
/// for the examples, the crowded fixture and a stage of fifty touchpoints.
#[test]
fn every_page_is_its_sheet_and_holds_its_map() {
    let mut journeys: Vec<(String, Journey)> = FILES
        .iter()
        .map(|path| (path.to_string(), load(path)))
        .collect();
    journeys.push((
        "busy".to_string(),
        load_text("busy.journey.yaml", busy_journey(50)),
    ));
    for (name, journey) in &journeys {
        for page in [Page::Poster, Page::A3, Page::A4, Page::Slide] {
            let (sheet_w, sheet_h, _) = page.sheet().expect("a sheet");
            let (area, _) = page.area().expect("an area");
            for (number, svg) in pages_of(journey, &RenderOptions::default(), page)
                .iter()
                .enumerate()
            {
                let at = format!("{name} ({}) page {}", page.name(), number + 1);
                let (w, h, map_w, map_h, scale, left, top) = page_box(svg);
                assert_eq!((w, h), (sheet_w, sheet_h), "{at}: the sheet's size");
                assert!(left >= area.x - 0.01 && top >= area.y - 0.01, "{at}");
                assert!(
                    left + map_w * scale <= area.x + area.w + 0.5,
                    "{at}: the map is {} wide on a {} wide area",
                    map_w * scale,
                    area.w
                );
                assert!(
                    top + map_h * scale <= area.y + area.h + 0.5,
                    "{at}: the map is {} tall on a {} tall area",
                    map_h * scale,
                    area.h
                );
            }
        }
    }
}

/// (from, to) → the pages a handoff's groups are on, with the page a stub points to.
type Seen = std::collections::HashMap<(String, String), Vec<(usize, Option<String>)>>;

/// Every handoff of a paged journey is on some page: drawn whole where both its cards
/// are, or a stub (`data-stub`) that names the page holding its other card; a handoff
/// between two bands of lanes of the same stages included.
#[test]
fn every_handoff_of_a_paged_journey_is_drawn_or_stubbed() {
    let mut journeys: Vec<(String, Journey)> = FILES
        .iter()
        .map(|path| (path.to_string(), load(path)))
        .collect();
    journeys.push((
        "busy".to_string(),
        load_text("busy.journey.yaml", busy_journey(50)),
    ));
    let mut same_stages = 0;
    for (name, journey) in &journeys {
        for page in [Page::A3, Page::A4, Page::Slide] {
            let pages = pages_of(journey, &RenderOptions::default(), page);
            let (_, maps) = pages.split_last().expect("pages");
            let documents: Vec<Document<'_>> = maps
                .iter()
                .map(|svg| Document::parse(svg).expect("parses"))
                .collect();
            // Touchpoint id → its page; (from, to) → (drawn whole, stubs as (page, other)).
            let mut home = std::collections::HashMap::new();
            let mut seen: Seen = std::collections::HashMap::new();
            for (number, document) in documents.iter().enumerate() {
                for node in document.descendants() {
                    if has_class(node, "touchpoint") {
                        home.insert(
                            node.attribute("data-id").unwrap_or("").to_string(),
                            number + 1,
                        );
                    }
                    if has_class(node, "handoff") {
                        seen.entry((
                            node.attribute("data-from").unwrap_or("").to_string(),
                            node.attribute("data-to").unwrap_or("").to_string(),
                        ))
                        .or_default()
                        .push((
                            number + 1,
                            node.attribute("data-stub")
                                .map(|_| node.attribute("data-page").unwrap_or("").to_string()),
                        ));
                    }
                }
            }
            for handoff in &journey.handoffs {
                let from = journey.handoff_source(handoff).id.value.clone();
                let to = journey.handoff_target(handoff).id.value.clone();
                let at = format!("{name} ({}): {from} → {to}", page.name());
                let groups = seen
                    .get(&(from.clone(), to.clone()))
                    .unwrap_or_else(|| panic!("{at} is on no page"));
                let (source_page, target_page) = (home[&from], home[&to]);
                if source_page == target_page {
                    assert!(
                        groups
                            .iter()
                            .any(|(at_page, stub)| *at_page == source_page && stub.is_none()),
                        "{at}: both cards on page {source_page}, the arrow is not"
                    );
                    continue;
                }
                // Cut: a stub on the source's page naming the target's.
                assert!(
                    groups.iter().any(|(at_page, stub)| *at_page == source_page
                        && stub.as_deref() == Some(target_page.to_string().as_str())),
                    "{at}: no stub on page {source_page} pointing to page {target_page}"
                );
                let source_stage = journey.handoff_source(handoff).stage;
                let target_stage = journey.handoff_target(handoff).stage;
                let stages_of = |page: usize| {
                    documents[page - 1]
                        .descendants()
                        .filter(|n| n.has_tag_name("g") && has_class(*n, "stage"))
                        .filter_map(|n| n.attribute("data-id").map(str::to_string))
                        .collect::<Vec<_>>()
                };
                if stages_of(source_page).contains(&journey.stages[target_stage].id.value)
                    && stages_of(target_page).contains(&journey.stages[source_stage].id.value)
                {
                    same_stages += 1;
                }
            }
        }
    }
    assert!(
        same_stages > 0,
        "no handoff between two bands of the same stages (the test would prove less)"
    );
}

/// A labelled handoff to the next card in its cell runs straight down the gap between the
/// two cards, made tall enough for its words, instead of looping through the crowded
/// gutter beside the cell (the crowded fixture's stage 1 had six arrows there).
#[test]
fn a_labelled_handoff_to_the_next_card_runs_straight_with_its_words() {
    let journey = load("tests/fixtures/render/crowded.journey.yaml");
    let svg = pages_of(&journey, &RenderOptions::default(), Page::Canvas).remove(0);
    let document = Document::parse(&svg).expect("parses");
    let card = |id: &str| {
        document
            .descendants()
            .find(|n| has_class(*n, "touchpoint") && n.attribute("data-id") == Some(id))
            .and_then(|n| n.children().find(|c| has_class(*c, "card-box")))
            .map(rect_box)
            .expect("a card")
    };
    for (from, to, words) in [
        ("a1", "a2", "Front office lead · SLA 1d"),
        ("a4", "a5", "Front office lead"),
    ] {
        let handoff = document
            .descendants()
            .find(|n| {
                has_class(*n, "handoff")
                    && n.attribute("data-from") == Some(from)
                    && n.attribute("data-to") == Some(to)
            })
            .expect("the handoff");
        let d = handoff
            .descendants()
            .find(|n| has_class(*n, "arrow"))
            .and_then(|n| n.attribute("d"))
            .expect("its arrow");
        let runs = segments(d);
        assert_eq!(runs.len(), 1, "{from} → {to}: one straight run, not {d}");
        let label = handoff
            .descendants()
            .find(|n| has_class(*n, "handoff-label"))
            .expect("a label");
        assert_eq!(
            text_of(label),
            words,
            "{from} → {to}: its words, not a number"
        );
        let pill = rect_box(
            label
                .children()
                .find(|n| n.has_tag_name("rect"))
                .expect("a pill"),
        );
        let (upper, lower) = (card(from), card(to));
        assert!(
            pill.y >= upper.b && pill.b <= lower.y,
            "{from} → {to}: the label {pill:?} sits between its cards"
        );
    }
}

/// One card too tall for an A4 page even alone under the emotion chart: the page keeps its
/// size and the card shows fewer pains, with "+N more", as a full card does; a metrics row
/// too tall to share the page with the lane gets a page of its own.
#[test]
fn a_card_too_tall_for_the_page_shows_fewer_pains_not_a_longer_page() {
    let mut text = String::from(
        "jmap: 1\njourney: {id: tall, title: Tall card}\nlanes:\n  - {id: c, name: Client, kind: customer}\nmetrics:\n  - {id: m1, name: First metric, kind: count}\n  - {id: m2, name: Second metric, kind: count}\n  - {id: m3, name: Third metric, kind: count}\nstages:\n  - id: s\n    name: Only stage\n    metrics: [m1, m2, m3]\n    touchpoints:\n      - id: t\n        name: A touchpoint that hurts in many ways\n        lane: c\n        emotion: -2\n        pains:\n",
    );
    for n in 0..8 {
        text.push_str(&format!(
            "          - {{text: Pain number {n} described in enough words to wrap over three lines of the card, severity: high}}\n"
        ));
    }
    let journey = load_text("tall.journey.yaml", text);
    let pages = pages_of(&journey, &RenderOptions::default(), Page::A4);
    let (sheet_w, sheet_h, _) = Page::A4.sheet().expect("a sheet");
    let (area, _) = Page::A4.area().expect("an area");
    let (_, maps) = pages.split_last().expect("pages");
    // The lane, then the metrics row on a page of its own (too tall to share it).
    assert_eq!(maps.len(), 2, "the lane, then the metrics");
    for (number, svg) in maps.iter().enumerate() {
        let (w, h, _, map_h, scale, _, top) = page_box(svg);
        assert_eq!((w, h), (sheet_w, sheet_h), "page {}", number + 1);
        assert!(
            top + map_h * scale <= area.y + area.h + 0.5,
            "page {}",
            number + 1
        );
        check(&format!("tall p{}", number + 1), svg, Page::A4);
    }
    assert!(maps[1].contains("Third metric") && maps[1].contains("· metrics"));
    let document = Document::parse(&maps[0]).expect("parses");
    let card = document
        .descendants()
        .find(|n| has_class(*n, "touchpoint"))
        .expect("the card");
    let pains = card.descendants().filter(|n| has_class(*n, "pain")).count();
    let canvas = pages_of(&journey, &RenderOptions::default(), Page::Canvas).remove(0);
    let on_canvas = Document::parse(&canvas)
        .expect("parses")
        .descendants()
        .filter(|n| has_class(*n, "pain"))
        .count();
    assert!(
        pains < on_canvas,
        "{pains} pains on the page's card, {on_canvas} on the canvas's"
    );
    assert!(
        text_of(card).contains("more"),
        "the card says what it leaves out"
    );
}

/// The pages of `jmap diff OLD NEW --map … --page PAGE` (lint findings of the new side),
/// and how many changes the diff lists.
fn diff_pages(old: &str, new: &str, page: Page) -> (Vec<String>, usize) {
    use jmap::diff::{self as journey_diff, Side};
    let (old, new) = (load(old), load(new));
    let (old_findings, new_findings) = (lint(&old), lint(&new));
    let diff = journey_diff::diff(
        &Side {
            label: "old",
            journey: &old,
            findings: &old_findings,
        },
        &Side {
            label: "new",
            journey: &new,
            findings: &new_findings,
        },
    );
    let overlay = journey_diff::overlay(&diff, &old, &new);
    let entries = overlay.list.len();
    let options = RenderOptions {
        overlay: Some(overlay),
        ..RenderOptions::default()
    };
    (render_pages(&new, &new_findings, &options, page), entries)
}

/// The change numbers listed on `svg`, in drawing order.
fn listed_changes(svg: &str) -> Vec<usize> {
    let needle = "<g class=\"change-entry\" data-number=\"";
    svg.match_indices(needle)
        .map(|(at, _)| {
            svg[at + needle.len()..]
                .split('"')
                .next()
                .unwrap()
                .parse()
                .unwrap()
        })
        .collect()
}

/// A diff's poster is one sheet when it fits: the map, every entry of the change list
/// under it and the legend, every text at least 8 pt, none on another, all inside the
/// sheet's margins. The example pair's 37 changes flow across the sheet under the map (it
/// was three sheets: the map, the list, the legend). When the map leaves too little room
/// (the as-is side, with its findings), the list gets a sheet of its own and the findings
/// and the legend stay under the map.
#[test]
fn a_diff_poster_is_one_sheet_with_its_change_list_and_legend_under_the_map() {
    const AS_IS: &str = "examples/custom-software-delivery.as-is.journey.yaml";
    const TO_BE: &str = "examples/custom-software-delivery.to-be.journey.yaml";
    let (sheet_w, sheet_h, _) = Page::Poster.sheet().unwrap();
    let (area, _) = Page::Poster.area().unwrap();
    for (old, new, sheets) in [
        (AS_IS, TO_BE, 1),
        (
            "tests/fixtures/diff/every-change.old.journey.yaml",
            "tests/fixtures/diff/every-change.new.journey.yaml",
            1,
        ),
        (
            "tests/fixtures/diff/paged.old.journey.yaml",
            "tests/fixtures/diff/paged.new.journey.yaml",
            1,
        ),
        (TO_BE, AS_IS, 2),
    ] {
        let (pages, entries) = diff_pages(old, new, Page::Poster);
        let name = format!("{old} → {new} (poster)");
        assert_eq!(pages.len(), sheets, "{name}: sheets");
        let first = &pages[0];
        assert!(first.contains("<g class=\"touchpoint\""), "{name}: the map");
        assert!(first.contains("<g class=\"legend\">"), "{name}: the legend");
        let mut listed: Vec<usize> = pages.iter().flat_map(|svg| listed_changes(svg)).collect();
        if sheets == 1 {
            assert!(entries > 12, "{name}: a list worth the test");
            assert_eq!(
                listed,
                (1..=entries).collect::<Vec<_>>(),
                "{name}: the list"
            );
            assert!(first.contains(">Page 1 of 1 · stages 1–"), "{name}");
        } else {
            assert!(
                listed_changes(first).is_empty(),
                "{name}: the list on its own sheet"
            );
            listed.sort_unstable();
            assert_eq!(
                listed,
                (1..=entries).collect::<Vec<_>>(),
                "{name}: the list"
            );
        }
        for (number, svg) in pages.iter().enumerate() {
            let at = format!("{name} p{}", number + 1);
            check(&at, svg, Page::Poster);
            let (w, h, map_w, map_h, scale, left, top) = page_box(svg);
            assert_eq!((w, h), (sheet_w, sheet_h), "{at}: the sheet's size");
            assert!(left >= area.x - 0.01 && top >= area.y - 0.01, "{at}");
            assert!(left + map_w * scale <= area.x + area.w + 0.5, "{at}: width");
            assert!(top + map_h * scale <= area.y + area.h + 0.5, "{at}: height");
        }
    }
    // The example pair: the list in six columns across the sheet, the legend beside the
    // map, drawn larger than the 8 pt the three sheets were at.
    let (pages, _) = diff_pages(AS_IS, TO_BE, Page::Poster);
    let document = Document::parse(&pages[0]).unwrap();
    let mut columns: Vec<i64> = document
        .descendants()
        .filter(|n| has_class(*n, "change-entry"))
        .map(|entry| {
            let tag = entry.children().find(|n| n.has_tag_name("rect")).unwrap();
            num(tag, "x").round() as i64
        })
        .collect();
    columns.sort_unstable();
    columns.dedup();
    assert_eq!(columns.len(), 6, "{columns:?}");
    let legend = document
        .descendants()
        .find(|n| has_class(*n, "legend"))
        .unwrap();
    let cards_right = document
        .descendants()
        .filter(|n| n.has_tag_name("rect") && has_class(*n, "card-box"))
        .map(|n| rect_box(n).r)
        .fold(0.0, f64::max);
    let legend_left = legend
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| text_box(n).0.x)
        .fold(f64::INFINITY, f64::min);
    assert!(legend_left > cards_right, "the legend beside the map");
    let (.., scale, _, _) = page_box(&pages[0]);
    assert!(
        scale > jmap::render::page::MIN_PRINT_MM / jmap::render::style::MIN_TEXT * 1.03,
        "{scale}"
    );
}

/// A short change list on a tall map (the managed-services example with one touchpoint
/// renamed): the findings go right of the list rather than under it, so the poster stays
/// one sheet, holding the metric no stage names too (it was three sheets: the map, the
/// one change, then the legend and findings).
#[test]
fn a_short_change_list_leaves_its_width_to_the_findings_and_the_poster_is_one_sheet() {
    const MANAGED: &str = "examples/managed-services-renewal.journey.yaml";
    let dir = tempfile::tempdir().unwrap();
    let renamed = dir.path().join("renamed.journey.yaml");
    let text = std::fs::read_to_string(MANAGED)
        .unwrap()
        .replace("Monthly scope review", "Monthly scope review call");
    std::fs::write(&renamed, text).unwrap();
    let (pages, entries) = diff_pages(MANAGED, renamed.to_str().unwrap(), Page::Poster);
    assert_eq!(entries, 1);
    assert_eq!(pages.len(), 1, "one sheet");
    let svg = &pages[0];
    check("managed services, one change (poster)", svg, Page::Poster);
    assert_eq!(listed_changes(svg), vec![1]);
    assert!(svg.contains("<g class=\"legend\">"), "the legend");
    assert!(
        svg.contains("Effort to get an issue fixed"),
        "the metric on no stage"
    );
    let document = Document::parse(svg).unwrap();
    let left_of = |class: &str| {
        let group = document
            .descendants()
            .find(|n| has_class(*n, class))
            .unwrap();
        group
            .descendants()
            .filter(|n| n.has_tag_name("text"))
            .map(|n| num(n, "x"))
            .fold(f64::INFINITY, f64::min)
    };
    let list_left = document
        .descendants()
        .filter(|n| has_class(*n, "change-entry"))
        .flat_map(|entry| entry.children().filter(|n| n.has_tag_name("rect")))
        .map(|rect| num(rect, "x"))
        .fold(f64::INFINITY, f64::min);
    assert!(
        left_of("findings") > list_left + 400.0,
        "the findings right of the list"
    );
}
