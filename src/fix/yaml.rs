//! Edit builders for YAML text: each returns the smallest edits that make one change, so
//! comments, quoting and layout outside them stay as written (block and flow style alike).
//!
//! They work on the source text and the spans the loader recorded; a result that would not
//! load is caught by the caller (`jmap lint --fix` re-loads before writing).

use crate::edit::TextEdit;
use crate::source::Span;

/// Replaces a scalar's value, keeping its quotes: `"kickof"` becomes `"kickoff"`.
pub fn replace_scalar(text: &str, span: Span, value: &str) -> TextEdit {
    let written = text.get(span.start..span.end).unwrap_or("");
    let quoted = written.len() >= 2
        && (written.starts_with('"') && written.ends_with('"')
            || written.starts_with('\'') && written.ends_with('\''));
    if quoted {
        TextEdit::replace(span.start + 1..span.end - 1, value)
    } else {
        TextEdit::replace(span.start..span.end, value)
    }
}

/// Removes `item` from the list `siblings` (every item of that list, `item` among them),
/// written as the value of `key`. The last item takes the key with it when the key stands
/// alone on its line (`allow: [x]` → nothing), else leaves an empty list (`allow: []`).
pub fn remove_list_item(text: &str, key: &str, item: Span, siblings: &[Span]) -> Vec<TextEdit> {
    let before = text[..item.start].trim_end_matches([' ', '\t']);
    let flow = before.ends_with('[') || before.ends_with(',');
    let next = siblings
        .iter()
        .filter(|other| other.start > item.start)
        .min_by_key(|other| other.start);
    let previous = siblings
        .iter()
        .filter(|other| other.start < item.start)
        .max_by_key(|other| other.start);
    if flow {
        if let Some(next) = next {
            return vec![TextEdit::delete(item.start..next.start)];
        }
        if let Some(previous) = previous {
            return vec![TextEdit::delete(previous.end..item.end)];
        }
        return remove_sole_flow_item(text, key, item);
    }
    let (item_line, item_end) = line_bounds(text, item);
    if next.is_some() || previous.is_some() {
        return vec![TextEdit::delete(item_line..item_end)];
    }
    remove_sole_block_item(text, key, item_line, item_end)
}

fn remove_sole_flow_item(text: &str, key: &str, item: Span) -> Vec<TextEdit> {
    let open = text[..item.start].trim_end_matches([' ', '\t']).len() - 1;
    let after = &text[item.end..];
    let close = item.end + (after.len() - after.trim_start_matches([' ', '\t']).len());
    if text.as_bytes().get(close) != Some(&b']') {
        return Vec::new();
    }
    let empty = TextEdit::replace(open..close + 1, "[]");
    let head = text[..open].trim_end_matches([' ', '\t']);
    let Some(head) = head.strip_suffix(':') else {
        return vec![empty];
    };
    let Some(key_start) = head.strip_suffix(key).map(str::len) else {
        return vec![empty];
    };
    let line_start = text[..key_start].rfind('\n').map_or(0, |index| index + 1);
    let rest_end = text[close..]
        .find('\n')
        .map_or(text.len(), |index| close + index);
    let alone = text[line_start..key_start].trim().is_empty()
        && text[close + 1..rest_end].trim().is_empty();
    if !alone {
        return vec![empty];
    }
    let line_end = (rest_end + 1).min(text.len());
    vec![TextEdit::delete(line_start..line_end)]
}

fn remove_sole_block_item(
    text: &str,
    key: &str,
    item_line: usize,
    item_end: usize,
) -> Vec<TextEdit> {
    // The key's line: the nearest line above that is not blank or a comment.
    let mut line_end = item_line;
    while line_end > 0 {
        let line_start = text[..line_end - 1]
            .rfind('\n')
            .map_or(0, |index| index + 1);
        let line = &text[line_start..line_end - 1];
        let content = line.trim();
        if content.is_empty() || content.starts_with('#') {
            line_end = line_start;
            continue;
        }
        let code = line.split(" #").next().unwrap_or(line).trim_end();
        let Some(head) = code
            .strip_suffix(':')
            .and_then(|head| head.strip_suffix(key))
        else {
            return Vec::new();
        };
        if head.trim().is_empty() {
            return vec![TextEdit::delete(line_start..item_end)];
        }
        // `- allow:` opens a list item: keep the key, empty the list.
        let colon = line_start + code.len();
        let item_text_end = text[..item_end].trim_end_matches(['\n', '\r']).len();
        return vec![TextEdit::replace(colon..item_text_end, " []")];
    }
    Vec::new()
}

/// The start of the line holding `span.start` and the end of the line holding `span.end`
/// (after its line break).
fn line_bounds(text: &str, span: Span) -> (usize, usize) {
    let start = text[..span.start].rfind('\n').map_or(0, |index| index + 1);
    let end = text[span.end..]
        .find('\n')
        .map_or(text.len(), |index| span.end + index + 1);
    (start, end)
}

/// The whole text of the mapping that starts at `start`: up to its matching `}` for a flow
/// mapping, up to the end of its last line for a block mapping (the lines indented at least
/// as far as its first key; blank and comment lines after it are not part of it).
pub fn mapping_extent(text: &str, start: usize) -> Option<Span> {
    let rest = text.get(start..)?;
    if rest.starts_with('{') {
        let mut depth = 0usize;
        let mut quote: Option<char> = None;
        let mut escaped = false;
        for (offset, c) in rest.char_indices() {
            match quote {
                Some('"') if escaped => escaped = false,
                Some('"') if c == '\\' => escaped = true,
                Some(q) if c == q => quote = None,
                Some(_) => {}
                None => match c {
                    '"' | '\'' => quote = Some(c),
                    '{' | '[' => depth += 1,
                    '}' | ']' => {
                        depth = depth.checked_sub(1)?;
                        if depth == 0 {
                            return Some(Span::new(start, start + offset + 1));
                        }
                    }
                    _ => {}
                },
            }
        }
        return None;
    }
    let line_start = text[..start].rfind('\n').map_or(0, |index| index + 1);
    let column = start - line_start;
    let first_end = rest.find('\n').map_or(text.len(), |index| start + index);
    let mut end = first_end;
    let mut cursor = first_end;
    while cursor < text.len() {
        let next = cursor + 1;
        let line_end = text[next..]
            .find('\n')
            .map_or(text.len(), |index| next + index);
        let line = &text[next..line_end];
        let content = line.trim_start_matches(' ');
        if content.trim().is_empty() || content.starts_with('#') {
            cursor = line_end;
            continue;
        }
        if line.len() - content.len() < column {
            break;
        }
        end = line_end;
        cursor = line_end;
    }
    let end = if text[..end].ends_with('\r') {
        end - 1
    } else {
        end
    };
    Some(Span::new(start, end))
}

/// The span of the value of `key` written directly in the mapping at `mapping`, if any.
pub fn find_value(text: &str, mapping: Span, key: &str) -> Option<Span> {
    let body = text.get(mapping.start..mapping.end)?;
    let mut from = 0;
    while let Some(found) = body[from..].find(key) {
        let at = from + found;
        from = at + key.len();
        let before = body[..at].trim_end_matches([' ', '\t']);
        let starts_key = at == 0 || before.ends_with(['{', ',', '\n', '-']) || before.is_empty();
        let after = &body[at + key.len()..];
        if !starts_key || !(after.starts_with(": ") || after.starts_with(":\n")) {
            continue;
        }
        let value_start = at + key.len() + 1;
        let value = &body[value_start..];
        let skipped = value.len() - value.trim_start_matches([' ', '\t']).len();
        let value = &value[skipped..];
        let length = value
            .find(['\n', ',', '}'])
            .map_or(value.len(), |end| end)
            .min(value.find(" #").unwrap_or(usize::MAX));
        let start = mapping.start + value_start + skipped;
        let end = start + value[..length].trim_end().len();
        return Some(Span::new(start, end));
    }
    None
}

/// Sets `key: value` in the mapping that starts at `mapping_start`: replaces the value when the key is
/// written, else adds the key after the last line of a block mapping (same indentation) or
/// before the `}` of a flow mapping.
pub fn set_key(text: &str, mapping_start: usize, key: &str, value: &str) -> Option<TextEdit> {
    let mapping = mapping_extent(text, mapping_start)?;
    if let Some(existing) = find_value(text, mapping, key) {
        return Some(replace_scalar(text, existing, value));
    }
    let body = text.get(mapping.start..mapping.end)?;
    if body.starts_with('{') {
        let inner = body.strip_suffix('}')?.trim_end();
        let at = mapping.start + inner.len();
        let separator = if inner.trim_end() == "{" { " " } else { ", " };
        return Some(TextEdit::insert(at, format!("{separator}{key}: {value}")));
    }
    let line_start = text[..mapping.start]
        .rfind('\n')
        .map_or(0, |index| index + 1);
    let indent = " ".repeat(text[line_start..mapping.start].chars().count());
    let last = mapping.start + body.trim_end().len();
    let line_end = text[last..]
        .find('\n')
        .map_or(text.len(), |index| last + index);
    let line_end = if text[..line_end].ends_with('\r') {
        line_end - 1
    } else {
        line_end
    };
    let newline = if text[line_end..].starts_with("\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    Some(TextEdit::insert(
        line_end,
        format!("{newline}{indent}{key}: {value}"),
    ))
}

/// Adds `value` to the list of `key` in the mapping starting at `mapping_start`, whose
/// entries are `items`: after the last entry, in the list's own style, or as a new
/// `key: [value]` when the mapping has no such list.
pub fn add_list_item(
    text: &str,
    mapping_start: usize,
    key: &str,
    items: &[Span],
    value: &str,
) -> Option<TextEdit> {
    let Some(last) = items.iter().max_by_key(|item| item.start) else {
        return set_key(text, mapping_start, key, &format!("[{value}]"));
    };
    let before = text.get(..last.start)?.trim_end_matches([' ', '\t']);
    if before.ends_with('[') || before.ends_with(',') {
        return Some(TextEdit::insert(last.end, format!(", {value}")));
    }
    let line_start = before.rfind('\n').map_or(0, |index| index + 1);
    let marker = &text[line_start..last.start];
    if !marker.trim_start_matches(' ').starts_with('-') {
        return None;
    }
    let line_end = text[last.end..]
        .find('\n')
        .map_or(text.len(), |index| last.end + index);
    let line_end = if text[..line_end].ends_with('\r') {
        line_end - 1
    } else {
        line_end
    };
    Some(TextEdit::insert(line_end, format!("\n{marker}{value}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::apply;

    fn span_of(text: &str, needle: &str) -> Span {
        let start = text.find(needle).unwrap();
        Span::new(start, start + needle.len())
    }

    fn remove(text: &str, item: &str, siblings: &[&str]) -> String {
        let spans: Vec<Span> = siblings.iter().map(|s| span_of(text, s)).collect();
        apply(
            text,
            &remove_list_item(text, "allow", span_of(text, item), &spans),
        )
        .unwrap()
    }

    #[test]
    fn removes_from_flow_lists() {
        let text = "  allow: [aa, bb,  cc]  # why\n";
        assert_eq!(
            remove(text, "aa", &["aa", "bb", "cc"]),
            "  allow: [bb,  cc]  # why\n"
        );
        assert_eq!(
            remove(text, "cc", &["aa", "bb", "cc"]),
            "  allow: [aa, bb]  # why\n"
        );
        assert_eq!(
            remove("x: 1\nallow: [ aa ]\ny: 2\n", "aa", &["aa"]),
            "x: 1\ny: 2\n"
        );
        assert_eq!(
            remove("allow: [aa] # keep\n", "aa", &["aa"]),
            "allow: [] # keep\n"
        );
        assert_eq!(remove("- allow: [aa]\n", "aa", &["aa"]), "- allow: []\n");
    }

    #[test]
    fn removes_from_block_lists() {
        let text = "allow:\n  - aa # one\n  - bb\nnext: 1\n";
        assert_eq!(
            remove(text, "aa", &["aa", "bb"]),
            "allow:\n  - bb\nnext: 1\n"
        );
        let text = "a: 1\nallow:\n  # why\n  - aa\nnext: 1\n";
        assert_eq!(remove(text, "aa", &["aa"]), "a: 1\nnext: 1\n");
        let text = "- allow:\n    - aa\n  to: x\n";
        assert_eq!(remove(text, "aa", &["aa"]), "- allow: []\n  to: x\n");
    }

    #[test]
    fn replaces_scalars_keeping_quotes() {
        let text = "to: \"kickof\"\nlane: 'sa'\n";
        let edits = [
            replace_scalar(text, span_of(text, "\"kickof\""), "kickoff"),
            replace_scalar(text, span_of(text, "'sa'"), "sales"),
        ];
        assert_eq!(
            apply(text, &edits).unwrap(),
            "to: \"kickoff\"\nlane: 'sales'\n"
        );
    }

    #[test]
    fn sets_keys_in_block_and_flow_mappings() {
        let text = "handoffs:\n  - to: a   # c\n    owner: x\n\nnext: 1\n";
        let mapping = Span::new(text.find("to:").unwrap(), text.find("\nnext").unwrap());
        let edit = set_key(text, mapping.start, "rework", "true").unwrap();
        assert_eq!(
            apply(text, &[edit]).unwrap(),
            "handoffs:\n  - to: a   # c\n    owner: x\n    rework: true\n\nnext: 1\n"
        );
        let text = "handoffs: [ {to: a,  owner: x } ]\n";
        let mapping = span_of(text, "{to: a,  owner: x }");
        let edit = set_key(text, mapping.start, "rework", "true").unwrap();
        assert_eq!(
            apply(text, &[edit]).unwrap(),
            "handoffs: [ {to: a,  owner: x, rework: true } ]\n"
        );
        let text = "- to: a\n  rework:  false # no\n";
        let mapping = Span::new(2, text.len());
        let edit = set_key(text, mapping.start, "rework", "true").unwrap();
        assert_eq!(
            apply(text, &[edit]).unwrap(),
            "- to: a\n  rework:  true # no\n"
        );
        let text = "[{to: a, rework: false}]";
        let edit = set_key(text, 1, "rework", "true");
        assert_eq!(
            apply(text, &[edit.unwrap()]).unwrap(),
            "[{to: a, rework: true}]"
        );
    }

    #[test]
    fn adds_list_items_in_the_list_style() {
        let text = "- id: t
  allow: [a]
";
        let items = [span_of(text, "a]")];
        let items = [Span::new(items[0].start, items[0].start + 1)];
        let edit = add_list_item(text, 2, "allow", &items, "b").unwrap();
        assert_eq!(apply(text, &[edit]).unwrap(), "- id: t\n  allow: [a, b]\n");
        let text = "- id: t
  allow:
    - aa # x
  name: T
";
        let edit = add_list_item(text, 2, "allow", &[span_of(text, "aa")], "b").unwrap();
        assert_eq!(
            apply(text, &[edit]).unwrap(),
            "- id: t\n  allow:\n    - aa # x\n    - b\n  name: T\n"
        );
        let text = "- id: t
  name: T
";
        let edit = add_list_item(text, 2, "allow", &[], "b").unwrap();
        assert_eq!(
            apply(text, &[edit]).unwrap(),
            "- id: t\n  name: T\n  allow: [b]\n"
        );
        let text = "- {id: t, allow: []}
";
        let edit = add_list_item(text, 2, "allow", &[], "b").unwrap();
        assert_eq!(apply(text, &[edit]).unwrap(), "- {id: t, allow: [b]}\n");
    }
}
