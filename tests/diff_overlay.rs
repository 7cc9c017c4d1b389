//! The diff overlay's geometry and paging: ghosts of removed handoffs and moved
//! touchpoints' links are routed like handoffs (they cross no card but their own ends), a
//! removed lane's ghost row sits where it was in the lane order with its ghost cards in
//! it, a move across pages says on both pages where the other end is, and on paged output
//! the "Removed" strip is drawn once and every change is listed once and numbered on the
//! map.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // test code may fail loudly

mod diff_support;

use diff_support::{jmap, root};
use serde_json::Value;

const AS_IS: &str = "examples/custom-software-delivery.as-is.journey.yaml";
const TO_BE: &str = "examples/custom-software-delivery.to-be.journey.yaml";
const EVERY_OLD: &str = "tests/fixtures/diff/every-change.old.journey.yaml";
const EVERY_NEW: &str = "tests/fixtures/diff/every-change.new.journey.yaml";
const PAGED_OLD: &str = "tests/fixtures/diff/paged.old.journey.yaml";
const PAGED_NEW: &str = "tests/fixtures/diff/paged.new.journey.yaml";

#[derive(Debug, Clone, Copy)]
struct Box {
    x: f64,
    y: f64,
    w: f64,
    h: f64,
}

/// The JSON diff and the SVG documents of `jmap diff OLD NEW --map OUT.svg --page PAGE`
/// (one for the canvas).
fn render(old: &str, new: &str, page: &str) -> (Vec<Value>, Vec<String>) {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("map.svg");
    let output = jmap(&root())
        .args(["diff", old, new, "--format", "json", "--map"])
        .arg(&out)
        .args(["--page", page])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let json: Value = serde_json::from_slice(&output.stdout).expect("json");
    let changes = json["changes"].as_array().expect("changes").clone();
    let pages = diff_support::map_pages(dir.path(), &out);
    assert!(!pages.is_empty());
    (changes, pages)
}

fn attribute(tag: &str, name: &str) -> Option<f64> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    tag.get(start..)?.split('"').next()?.parse().ok()
}

fn rect_at(svg: &str, at: usize) -> Option<Box> {
    let start = at + svg.get(at..)?.find("<rect ")?;
    let tag = svg.get(start..start + svg.get(start..)?.find('>')?)?;
    Some(Box {
        x: attribute(tag, "x")?,
        y: attribute(tag, "y")?,
        w: attribute(tag, "width")?,
        h: attribute(tag, "height")?,
    })
}

/// Every card box on the page: touchpoints' cards and ghosts (removed touchpoints, moved
/// ones' old places).
fn cards(svg: &str) -> Vec<Box> {
    let mut boxes = Vec::new();
    for (at, _) in svg.match_indices("<rect ") {
        let tag = &svg[at..at + svg[at..].find('>').unwrap()];
        if tag.contains("class=\"card-box\"") {
            boxes.push(rect_at(svg, at).unwrap());
        }
    }
    for needle in ["<g class=\"ghost\"", "<g class=\"ghost moved-from\""] {
        for (at, _) in svg.match_indices(needle) {
            boxes.push(rect_at(svg, at).unwrap());
        }
    }
    boxes
}

/// The polylines of the paths with `class` (`M x,y L x,y …`).
fn polylines(svg: &str, class: &str) -> Vec<Vec<(f64, f64)>> {
    let mut lines = Vec::new();
    for (at, _) in svg.match_indices("<path d=\"") {
        let tag = &svg[at..at + svg[at..].find('>').unwrap()];
        if !tag.contains(&format!("class=\"{class}\"")) {
            continue;
        }
        let d = tag["<path d=\"".len()..].split('"').next().unwrap();
        let points = d
            .split(' ')
            .map(|step| {
                let (x, y) = step[1..].split_once(',').unwrap();
                (x.parse().unwrap(), y.parse().unwrap())
            })
            .collect();
        lines.push(points);
    }
    lines
}

fn on_edge(point: (f64, f64), card: &Box) -> bool {
    let near = |a: f64, b: f64| (a - b).abs() <= 1.5;
    let within_x = point.0 >= card.x - 1.5 && point.0 <= card.x + card.w + 1.5;
    let within_y = point.1 >= card.y - 1.5 && point.1 <= card.y + card.h + 1.5;
    (within_x && (near(point.1, card.y) || near(point.1, card.y + card.h)))
        || (within_y && (near(point.0, card.x) || near(point.0, card.x + card.w)))
}

/// Whether the axis-aligned stretch p–q runs through the inside of `card`.
fn crosses(p: (f64, f64), q: (f64, f64), card: &Box) -> bool {
    let (x0, x1) = (p.0.min(q.0), p.0.max(q.0));
    let (y0, y1) = (p.1.min(q.1), p.1.max(q.1));
    x0 < card.x + card.w - 2.0
        && x1 > card.x + 2.0
        && y0 < card.y + card.h - 2.0
        && y1 > card.y + 2.0
}

/// No ghost link crosses a card other than the two it joins; returns how many links the
/// pages hold.
fn assert_links_cross_no_card(name: &str, pages: &[String]) -> usize {
    let mut count = 0;
    for (page, svg) in pages.iter().enumerate() {
        let cards = cards(svg);
        // A removed handoff cut by a page break (`ghost-stub`) has one end on a card.
        for (class, card_ends) in [("ghost-route", 2), ("moved-link", 2), ("ghost-stub", 1)] {
            for line in polylines(svg, class) {
                count += 1;
                assert!(line.len() >= 2, "{name} p{page}: {line:?}");
                // Long enough to be seen past its ✕ and its change tag (two stacked cards
                // a removed handoff joined are moved apart for it).
                let length: f64 = line
                    .windows(2)
                    .map(|pair| (pair[0].0 - pair[1].0).abs() + (pair[0].1 - pair[1].1).abs())
                    .sum();
                assert!(
                    length >= 40.0,
                    "{name} p{}: a {length} px {class}: {line:?}",
                    page + 1
                );
                let (first, last) = (line[0], *line.last().unwrap());
                let ends: Vec<usize> = (0..cards.len())
                    .filter(|&i| on_edge(first, &cards[i]) || on_edge(last, &cards[i]))
                    .collect();
                assert!(
                    ends.len() >= card_ends,
                    "{name} p{}: a {class} starts and ends on a card: {line:?}",
                    page + 1
                );
                for pair in line.windows(2) {
                    for (i, card) in cards.iter().enumerate() {
                        assert!(
                            ends.contains(&i) || !crosses(pair[0], pair[1], card),
                            "{name} p{}: {class} {line:?} crosses card {card:?}",
                            page + 1
                        );
                    }
                }
            }
        }
    }
    count
}

#[test]
fn ghost_links_cross_no_card_but_their_own_ends() {
    let (_, pages) = render(EVERY_OLD, EVERY_NEW, "canvas");
    // Three removed handoffs, one moved touchpoint: all routed on the one canvas.
    assert_eq!(polylines(&pages[0], "ghost-route").len(), 3);
    assert_eq!(polylines(&pages[0], "moved-link").len(), 1);
    assert_links_cross_no_card("every-change", &pages);
    let (_, pages) = render(AS_IS, TO_BE, "canvas");
    assert!(assert_links_cross_no_card("example", &pages) >= 3);
    for page in ["a3", "slide"] {
        let (_, pages) = render(AS_IS, TO_BE, page);
        assert_links_cross_no_card(&format!("example {page}"), &pages);
        let (_, pages) = render(EVERY_OLD, EVERY_NEW, page);
        assert_links_cross_no_card(&format!("every-change {page}"), &pages);
    }
    // A removed handoff whose other end is on another page is a red stub to the page
    // edge, tagged with that page; one into the "Removed" strip runs on to its ghost there.
    let (_, pages) = render(AS_IS, TO_BE, "slide");
    let stubs: usize = pages
        .iter()
        .map(|svg| polylines(svg, "ghost-stub").len())
        .sum();
    assert!(stubs >= 2, "{stubs} removed-handoff stubs");
    assert!(!pages_with(&pages, "REMOVED · to p.").is_empty());
    let (_, pages) = render(PAGED_OLD, PAGED_NEW, "canvas");
    // Intake call → Plan work, Desk check → Plan work, and Review plan → Old survey (in
    // the strip): three lines from card to card.
    assert_eq!(polylines(&pages[0], "ghost-route").len(), 3);
    assert_links_cross_no_card("paged", &pages);
    // The check can fail: a straight line from the first card to the last crosses some.
    let svg = &render(AS_IS, TO_BE, "canvas").1[0];
    let cards = cards(svg);
    let (a, b) = (cards[0], cards[cards.len() / 2]);
    let line = [(a.x + a.w / 2.0, a.y + a.h), (a.x + a.w / 2.0, b.y + 400.0)];
    assert!(
        cards[1..]
            .iter()
            .any(|card| crosses(line[0], line[1], card))
    );
}

/// The top of the lane head of lane `id`, or of the ghost row of removed lane `name`.
fn lane_top(svg: &str, id: &str) -> f64 {
    let at = svg
        .find(&format!("<g class=\"lane\" data-id=\"{id}\""))
        .unwrap_or_else(|| panic!("lane {id}"));
    rect_at(svg, at).unwrap().y
}

fn ghost_lane(svg: &str, name: &str) -> Box {
    let at = svg
        .find(&format!("<title>Removed lane: {name}"))
        .unwrap_or_else(|| panic!("ghost lane {name}"));
    rect_at(svg, at).unwrap()
}

fn ghost_card(svg: &str, name: &str) -> Box {
    let at = svg
        .find(&format!("<title>Removed: {name} ("))
        .unwrap_or_else(|| panic!("ghost {name}"));
    rect_at(svg, at).unwrap()
}

fn inside(inner: &Box, outer: &Box) -> bool {
    inner.x >= outer.x
        && inner.y >= outer.y
        && inner.x + inner.w <= outer.x + outer.w
        && inner.y + inner.h <= outer.y + outer.h
}

#[test]
fn a_removed_lane_sits_where_it_was_with_its_ghost_cards() {
    // Old: client, front, desk (frontstage), back. New: client, front, help (frontstage,
    // added), back. The desk's ghost row follows the front office, above the help desk.
    let (_, pages) = render(PAGED_OLD, PAGED_NEW, "canvas");
    let svg = &pages[0];
    let desk = ghost_lane(svg, "Old desk");
    assert!(lane_top(svg, "front") < desk.y, "below the front office");
    assert!(
        desk.y + desk.h <= lane_top(svg, "help"),
        "above the help desk"
    );
    assert!(lane_top(svg, "help") < lane_top(svg, "back"));
    assert!(
        inside(&ghost_card(svg, "Desk check"), &desk),
        "its touchpoint's ghost is in its row"
    );
    // A support lane removed from the bottom: its row is after the backstage lane, with
    // its ghost card, not in the strip of touchpoints whose stage is gone.
    let (_, pages) = render(EVERY_OLD, EVERY_NEW, "canvas");
    let svg = &pages[0];
    let legacy = ghost_lane(svg, "Legacy desk");
    assert!(lane_top(svg, "back") < legacy.y);
    assert!(inside(&ghost_card(svg, "Legacy ticket"), &legacy));
    assert!(!svg.contains("whose stage is gone"), "no strip needed");
}

fn number_of(changes: &[Value], kind: &str, change: &str, name: &str) -> usize {
    changes
        .iter()
        .position(|c| c["kind"] == kind && c["change"] == change && c["name"] == name)
        .unwrap_or_else(|| panic!("{kind} {change} {name}"))
        + 1
}

/// The 1-based numbers of the pages containing `needle`.
fn pages_with(pages: &[String], needle: &str) -> Vec<usize> {
    pages
        .iter()
        .enumerate()
        .filter(|(_, svg)| svg.contains(needle))
        .map(|(index, _)| index + 1)
        .collect()
}

#[test]
fn a_move_across_pages_points_both_ways() {
    // "Intake call" moved from stage 1 to stage 7: on a3 they are pages apart.
    let (changes, pages) = render(PAGED_OLD, PAGED_NEW, "a3");
    let number = number_of(&changes, "touchpoint", "moved", "Intake call");
    let ghost_pages = pages_with(&pages, &format!("<title>#{number} moved from here:"));
    assert_eq!(ghost_pages.len(), 1, "one old place: {ghost_pages:?}");
    let ghost_page = ghost_pages[0];
    let card_pages = pages_with(
        &pages,
        "<g class=\"touchpoint\" data-id=\"b\" data-change=\"moved\"",
    );
    assert_eq!(card_pages.len(), 1, "one card: {card_pages:?}");
    let card_page = card_pages[0];
    assert_ne!(ghost_page, card_page);
    // The old place says where the card is, the card's tag where the old place is.
    let out = format!("<g class=\"moved-stub\" data-stub=\"out\" data-page=\"{card_page}\">");
    assert_eq!(pages_with(&pages, &out), vec![ghost_page]);
    assert!(pages[ghost_page - 1].contains(&format!(">#{number} moved to p. {card_page} →<")));
    let into = format!(
        "<g class=\"change-tag\" data-change-number=\"{number}\" data-stub=\"in\" data-page=\"{ghost_page}\">"
    );
    assert_eq!(pages_with(&pages, &into), vec![card_page]);
    assert!(pages[card_page - 1].contains(&format!(">#{number} MOVED · from p. {ghost_page}<")));
    // No link is drawn between pages.
    assert!(
        pages
            .iter()
            .all(|svg| !svg.contains("class=\"moved-link\""))
    );
    // On one canvas the two are linked instead.
    let (_, canvas) = render(PAGED_OLD, PAGED_NEW, "canvas");
    assert_eq!(polylines(&canvas[0], "moved-link").len(), 1);
    assert!(!canvas[0].contains("moved-stub"));
    assert!(canvas[0].contains(&format!(">#{number} moved from here<")));
}

#[test]
fn paged_output_lists_every_change_once_and_numbers_it_on_the_map() {
    for (old, new, name) in [
        (PAGED_OLD, PAGED_NEW, "paged"),
        (AS_IS, TO_BE, "example"),
        (EVERY_OLD, EVERY_NEW, "every-change"),
    ] {
        for page in ["a3", "slide"] {
            let (changes, pages) = render(old, new, page);
            let name = format!("{name} {page}");
            let mut listed: Vec<usize> = pages
                .iter()
                .flat_map(|svg| {
                    svg.match_indices("<g class=\"change-entry\" data-number=\"")
                        .map(|(at, found)| {
                            svg[at + found.len()..]
                                .split('"')
                                .next()
                                .unwrap()
                                .parse()
                                .unwrap()
                        })
                        .collect::<Vec<usize>>()
                })
                .collect();
            listed.sort_unstable();
            assert_eq!(
                listed,
                (1..=changes.len()).collect::<Vec<_>>(),
                "{name}: every change listed once"
            );
            // Each change's number is on a map page in a tag (the journey's own fields mark
            // the header).
            for (index, change) in changes.iter().enumerate() {
                let number = index + 1;
                if change["kind"] == "journey" {
                    continue;
                }
                let tag = format!("<g class=\"change-tag\" data-change-number=\"{number}\"");
                assert!(
                    pages.iter().any(|svg| svg.contains(&tag)),
                    "{name}: #{number} ({} {} {}) has its number on the map",
                    change["kind"],
                    change["change"],
                    change["name"]
                );
            }
            // The "Removed" strip: on one page at most.
            assert!(
                pages_with(&pages, "whose stage is gone").len() <= 1,
                "{name}: one strip"
            );
        }
    }
    // A changed handoff into a card moved to a lower band of lanes is drawn as on the plain
    // map: a stub from its source naming the page of its target's card (not of the
    // target's old place), carrying its change number, with no "to p." tag instead.
    let (changes, pages) = render(EVERY_OLD, EVERY_NEW, "a3");
    let number = number_of(&changes, "handoff", "changed", "Request form → Triage call");
    let stub = format!(
        "<g class=\"handoff\" data-from=\"a\" data-to=\"b\" data-stub=\"out\" data-page=\"2\" \
data-change=\"changed\" data-change-number=\"{number}\">"
    );
    assert_eq!(pages_with(&pages, &stub), vec![1]);
    assert_eq!(pages_with(&pages, ">to page 2: Triage call<"), vec![1]);
    let tag = format!("<g class=\"change-tag\" data-change-number=\"{number}\">");
    assert_eq!(pages_with(&pages, &tag), vec![1]);
    assert!(pages_with(&pages, &format!(">#{number} CHANGED · to p. 2<")).is_empty());
    // The paged pair has a stage removed with its touchpoint: both ghosts are in the strip,
    // on the first page.
    let (_, pages) = render(PAGED_OLD, PAGED_NEW, "a3");
    assert_eq!(pages_with(&pages, "whose stage is gone"), vec![1]);
    assert_eq!(pages_with(&pages, "<title>Removed: Old survey"), vec![1]);
    assert_eq!(
        pages_with(&pages, "<title>Removed stage: Survey (stage:gone)"),
        vec![1]
    );
    assert_eq!(pages_with(&pages, ">Stage: Survey<"), vec![1]);
}

#[test]
fn no_tag_sits_on_another() {
    for (old, new) in [
        (AS_IS, TO_BE),
        (EVERY_OLD, EVERY_NEW),
        (PAGED_OLD, PAGED_NEW),
    ] {
        for page in ["canvas", "a3", "slide"] {
            let (_, pages) = render(old, new, page);
            for (number, svg) in pages.iter().enumerate() {
                let tags: Vec<Box> = svg
                    .match_indices("<g class=\"change-tag\"")
                    .map(|(at, _)| rect_at(svg, at).unwrap())
                    .collect();
                for (i, a) in tags.iter().enumerate() {
                    for b in &tags[i + 1..] {
                        let apart = a.x + a.w <= b.x + 0.5
                            || b.x + b.w <= a.x + 0.5
                            || a.y + a.h <= b.y + 0.5
                            || b.y + b.h <= a.y + 0.5;
                        assert!(apart, "{new} {page} p{}: {a:?} and {b:?}", number + 1);
                    }
                }
            }
        }
    }
}
