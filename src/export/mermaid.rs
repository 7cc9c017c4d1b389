//! `jmap export --format mermaid`: the emotion curve as a Mermaid `journey` diagram, one
//! section per stage and one task per touchpoint that states an emotion.
//!
//! Mermaid's journey grammar ends a task name at `:`, `;`, `#` or a line break and reads
//! lines starting with `title`, `section`, `journey`, `acc…` or `%%` as statements, so
//! every name is sanitised: those characters become look-alikes, control characters go,
//! and a name that would start a statement is prefixed with a zero-width space.

use crate::model::Journey;
use std::fmt::Write as _;

/// The diagram, without markdown fences.
pub fn journey_diagram(journey: &Journey) -> String {
    let mut out = String::with_capacity(64 + journey.touchpoints.len() * 48);
    out.push_str("journey\n");
    let _ = writeln!(
        out,
        "    title {}",
        sanitize(&journey.meta.title.value, &journey.meta.id.value)
    );
    let lane_names: Vec<String> = journey
        .lanes
        .iter()
        .map(|lane| actor(&lane.name.value, &lane.id.value))
        .collect();
    let mut skipped = 0usize;
    for stage in &journey.stages {
        let mut section_written = false;
        for &index in &stage.touchpoints {
            let Some(touchpoint) = journey.touchpoints.get(index) else {
                continue;
            };
            let Some(emotion) = &touchpoint.emotion else {
                skipped += 1;
                continue;
            };
            if !section_written {
                let _ = writeln!(
                    out,
                    "    section {}",
                    sanitize(&stage.name.value, &stage.id.value)
                );
                section_written = true;
            }
            let actor = lane_names
                .get(touchpoint.lane.value)
                .map_or("", String::as_str);
            let _ = writeln!(
                out,
                "      {}: {}: {}",
                sanitize(&touchpoint.name.value, &touchpoint.id.value),
                score(emotion.value),
                actor
            );
        }
    }
    if skipped > 0 {
        let _ = writeln!(
            out,
            "    %% {skipped} touchpoint(s) without an emotion are not drawn"
        );
    }
    out
}

/// Mermaid scores run 1..5; emotions run -2..2.
pub fn score(emotion: i8) -> i8 {
    emotion.clamp(-2, 2) + 3
}

/// An actor (a lane): sanitised, and without commas, which separate actors.
fn actor(name: &str, fallback: &str) -> String {
    let text = clean(name).replace(',', " /");
    if text.is_empty() {
        fallback.to_string()
    } else {
        text
    }
}

/// Makes `name` safe as a Mermaid journey title, section or task at the start of a line;
/// `fallback` (an id, always safe) stands in for a name that sanitises to nothing.
pub fn sanitize(name: &str, fallback: &str) -> String {
    let mut out = clean(name);
    if out.is_empty() {
        return fallback.to_string();
    }
    let lower = out.to_ascii_lowercase();
    let starts_statement = ["journey", "title", "section", "acctitle", "accdescr"]
        .iter()
        .any(|keyword| lower.starts_with(keyword));
    if starts_statement {
        out.insert(0, '\u{200B}');
    }
    out
}

/// One line without Mermaid's statement and comment characters.
fn clean(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut pending_space = false;
    let mut chars = name.chars().peekable();
    while let Some(ch) = chars.next() {
        if ch.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        // `@team` in the report's mermaid block: written like the markdown escaper does.
        if ch == '@' && chars.peek().is_some_and(|next| next.is_alphanumeric()) {
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            out.push('@');
            out.push(crate::text::markdown::MENTION_BREAK);
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        if crate::text::is_hostile(ch) {
            // Visible, its braces as parentheses like any other brace.
            let mut visible = String::new();
            crate::text::push_visible(&mut visible, ch);
            out.extend(visible.chars().map(|ch| match ch {
                '{' => '(',
                '}' => ')',
                other => other,
            }));
            continue;
        }
        out.push(match ch {
            ':' => '\u{A789}', // modifier letter colon
            ';' => ',',
            '#' => '\u{FF03}', // fullwidth number sign
            '%' => '\u{FF05}', // fullwidth percent: no `%%` comment or directive
            '<' => '\u{2039}',
            '>' => '\u{203A}',
            '`' => '\u{2032}',
            '{' => '(',
            '}' => ')',
            other => other,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_names_stay_on_their_line() {
        assert_eq!(
            sanitize("a: b; c # d\n%%{init}%%", "x"),
            "a\u{A789} b, c \u{FF03} d \u{FF05}\u{FF05}(init)\u{FF05}\u{FF05}"
        );
        assert_eq!(sanitize("section 2", "x"), "\u{200B}section 2");
        assert_eq!(sanitize("\u{7}\n", "fallback"), "\\u(7)");
        assert_eq!(sanitize(" \n", "fallback"), "fallback");
        assert_eq!(sanitize("Account team", "x"), "Account team");
        assert_eq!(actor("Client (CIO, CFO)", "x"), "Client (CIO / CFO)");
        assert_eq!(score(-2), 1);
        assert_eq!(score(2), 5);
    }
}
