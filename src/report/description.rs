//! The journey's description: markdown is allowed there, so it is parsed and reduced to
//! a safe subset before the report writes it.

use super::document::{Inline, Inlines, code, strong, text};

/// The description's markdown, reduced to what is safe to pass on: paragraphs (headings,
/// list items and code blocks become paragraphs too), emphasis, strong and code spans.
/// Links keep their text and lose their target; HTML is kept as text. Every piece of text
/// is escaped again when written.
pub fn paragraphs(markdown: &str) -> Vec<Inlines> {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    let mut paragraphs: Vec<Inlines> = Vec::new();
    let mut current: Inlines = Vec::new();
    let (mut strong_depth, mut emphasis_depth) = (0usize, 0usize);
    let mut finish = |current: &mut Inlines| {
        if current
            .iter()
            .any(|inline| !inline_text(inline).trim().is_empty())
        {
            paragraphs.push(std::mem::take(current));
        } else {
            current.clear();
        }
    };
    for event in Parser::new(markdown) {
        let piece = match event {
            Event::Start(Tag::Strong) => {
                strong_depth += 1;
                continue;
            }
            Event::End(TagEnd::Strong) => {
                strong_depth = strong_depth.saturating_sub(1);
                continue;
            }
            Event::Start(Tag::Emphasis) => {
                emphasis_depth += 1;
                continue;
            }
            Event::End(TagEnd::Emphasis) => {
                emphasis_depth = emphasis_depth.saturating_sub(1);
                continue;
            }
            Event::Start(Tag::Item) => {
                finish(&mut current);
                text("– ")
            }
            Event::End(
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::CodeBlock | TagEnd::Item,
            )
            | Event::Start(Tag::Paragraph | Tag::Heading { .. } | Tag::CodeBlock(_)) => {
                finish(&mut current);
                continue;
            }
            Event::Text(value) | Event::Html(value) | Event::InlineHtml(value)
                if strong_depth > 0 =>
            {
                strong(value.as_ref())
            }
            Event::Text(value) | Event::Html(value) | Event::InlineHtml(value)
                if emphasis_depth > 0 =>
            {
                Inline::Emphasis(value.to_string())
            }
            Event::Text(value) | Event::Html(value) | Event::InlineHtml(value) => {
                text(value.as_ref())
            }
            Event::Code(value) => code(value.as_ref()),
            Event::SoftBreak | Event::HardBreak => text(" "),
            _ => continue,
        };
        push_merged(&mut current, piece);
    }
    finish(&mut current);
    paragraphs
}

/// Appends an inline, joining it to the previous one of the same kind: `**a****b**`
/// would not render as strong text.
fn push_merged(inlines: &mut Inlines, piece: Inline) {
    match (inlines.last_mut(), piece) {
        (Some(Inline::Text(last)), Inline::Text(next))
        | (Some(Inline::Strong(last)), Inline::Strong(next))
        | (Some(Inline::Emphasis(last)), Inline::Emphasis(next)) => last.push_str(&next),
        (_, piece) => inlines.push(piece),
    }
}

fn inline_text(inline: &Inline) -> &str {
    match inline {
        Inline::Text(value)
        | Inline::Strong(value)
        | Inline::Emphasis(value)
        | Inline::Code(value) => value,
    }
}
