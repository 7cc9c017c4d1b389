//! Where the cursor is in the YAML: the keys leading to the mapping it is in, and whether
//! it is at a key or at the value of a key. Read from the text by indentation and brackets,
//! not from a parse, because while typing the file is often not valid YAML.

/// What the cursor is on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cursor {
    /// Keys from the top of the document to the mapping the cursor is in, list levels
    /// skipped: `["stages", "touchpoints"]` inside a touchpoint.
    pub path: Vec<String>,
    pub at: At,
    /// The word being typed (id characters before the cursor) and where it starts.
    pub word_start: usize,
    pub word: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum At {
    /// A key of the mapping at `path`; `item` when it is the first key of a new list
    /// item (`- |`).
    Key { item: bool },
    /// The value of `key` in the mapping at `path` (or an entry of its list).
    Value { key: String },
}

fn is_word(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-' || c == '_'
}

/// The cursor context at byte `offset` of `text`.
pub fn cursor(text: &str, offset: usize) -> Cursor {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let line_start = text[..offset].rfind('\n').map_or(0, |index| index + 1);
    let prefix = &text[line_start..offset];
    let word_len = prefix.len() - prefix.trim_end_matches(is_word).len();
    let word_start = offset - word_len;
    let word = text[word_start..offset].to_string();
    let before = &prefix[..prefix.len() - word_len];

    // Inside a flow collection on this line: the innermost open bracket decides.
    if let Some((bracket, at)) = open_bracket(before) {
        let head = &before[..at];
        let after = before[at + 1..].trim_end();
        match bracket {
            '[' => {
                // `key: [a, b|` — or `- {... key: [a|`.
                let key = key_before(head);
                let path = block_path(text, line_start, indentation_of(head));
                return Cursor {
                    path: flow_path(path, head),
                    at: At::Value {
                        key: key.unwrap_or_default(),
                    },
                    word_start,
                    word,
                };
            }
            _ => {
                let path = block_path(text, line_start, indentation_of(head));
                let path = flow_path(path, head);
                let in_flow = &before[at + 1..];
                let segment = in_flow.rsplit(',').next().unwrap_or(in_flow);
                let at = match segment.split_once(':') {
                    Some((key, _)) => At::Value {
                        key: key.trim().to_string(),
                    },
                    None => At::Key {
                        item: after.is_empty(),
                    },
                };
                return Cursor {
                    path,
                    at,
                    word_start,
                    word,
                };
            }
        }
    }

    let trimmed = before.trim_start_matches(' ');
    let indent = before.len() - trimmed.len();
    // `- - ` and `- ` prefixes: a list item.
    let mut rest = trimmed;
    let mut column = indent;
    let mut item = false;
    while let Some(after_dash) = rest
        .strip_prefix("- ")
        .or_else(|| (rest == "-").then_some(""))
    {
        item = true;
        let spaces = after_dash.len() - after_dash.trim_start_matches(' ').len();
        column += rest.len() - after_dash.len() + spaces;
        rest = &after_dash[spaces..];
    }
    if let Some((key, _)) = rest.split_once(':') {
        let key = key.trim().to_string();
        let path = block_path(text, line_start, column);
        return Cursor {
            path,
            at: At::Value { key },
            word_start,
            word,
        };
    }
    if item && rest.is_empty() {
        // `- |` under `metrics:` is a value; under `touchpoints:` a key of a new item.
        let path = block_path(text, line_start, indent);
        let mut path = path;
        let owner = path.pop();
        if let Some(owner) = owner {
            if is_list_of_scalars(&owner) {
                return Cursor {
                    path,
                    at: At::Value { key: owner },
                    word_start,
                    word,
                };
            }
            path.push(owner);
        }
        return Cursor {
            path,
            at: At::Key { item: true },
            word_start,
            word,
        };
    }
    let path = block_path(text, line_start, column);
    Cursor {
        path,
        at: At::Key { item: false },
        word_start,
        word,
    }
}

/// Lists whose entries are ids or text, not mappings.
fn is_list_of_scalars(key: &str) -> bool {
    matches!(key, "metrics" | "allow" | "opportunities" | "uses")
}

/// The innermost bracket left open on this line before the cursor, and its byte index.
fn open_bracket(before: &str) -> Option<(char, usize)> {
    let mut stack: Vec<(char, usize)> = Vec::new();
    let mut quote: Option<char> = None;
    for (index, c) in before.char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None => match c {
                '"' | '\'' => quote = Some(c),
                '#' if before[..index].ends_with(' ') || index == 0 => return None,
                '[' | '{' => stack.push((c, index)),
                ']' | '}' => {
                    stack.pop();
                }
                _ => {}
            },
        }
    }
    stack.pop()
}

/// In `- {id: x, lanes: [` the key before the bracket: `lanes`.
fn key_before(head: &str) -> Option<String> {
    let head = head.trim_end().strip_suffix(':')?;
    let start = head.trim_end_matches(is_word).len();
    Some(head[start..].to_string())
}

fn indentation_of(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// Adds the keys of the brackets opened on this line before the innermost one:
/// `handoffs: [{to: a, allow: [` sits in a handoff, so the path gains `handoffs`.
fn flow_path(mut path: Vec<String>, head: &str) -> Vec<String> {
    let mut from = 0;
    let mut quote: Option<char> = None;
    let mut keys: Vec<String> = Vec::new();
    for (index, c) in head.char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None => match c {
                '"' | '\'' => quote = Some(c),
                '[' | '{' => {
                    if let Some(key) = key_before(&head[from..index]) {
                        keys.push(key);
                    }
                    from = index + 1;
                }
                ',' => from = index + 1,
                _ => {}
            },
        }
    }
    path.extend(keys);
    path
}

/// The keys of the block mappings enclosing column `column` of the line starting at
/// `line_start`: each line above with a key at a smaller column and no inline value opens
/// one.
fn block_path(text: &str, line_start: usize, column: usize) -> Vec<String> {
    let mut path = Vec::new();
    let mut column = column;
    let mut end = line_start;
    while end > 0 && column > 0 {
        let start = text[..end - 1].rfind('\n').map_or(0, |index| index + 1);
        let line = &text[start..end - 1];
        end = start;
        let content = line.trim_start_matches(' ');
        if content.trim().is_empty() || content.starts_with('#') {
            continue;
        }
        let indent = line.len() - content.len();
        // The key column of this line, after any `- ` markers.
        let mut rest = content;
        let mut key_column = indent;
        while let Some(after) = rest.strip_prefix("- ") {
            let spaces = after.len() - after.trim_start_matches(' ').len();
            key_column += 2 + spaces;
            rest = &after[spaces..];
        }
        if key_column >= column {
            continue;
        }
        if indent < column
            && let Some((key, value)) = rest.split_once(':')
        {
            let value = value.split(" #").next().unwrap_or(value).trim();
            if value.is_empty() && !key.contains(['{', '[', '"', '\'']) {
                path.push(key.trim().to_string());
                column = indent;
                continue;
            }
        }
        // A list item line above us at a smaller indentation: we are in that item.
        column = column.min(key_column);
    }
    path.reverse();
    path
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Cursor {
        let offset = text.find('|').unwrap();
        let text = text.replace('|', "");
        cursor(&text, offset)
    }

    fn path(cursor: &Cursor) -> Vec<&str> {
        cursor.path.iter().map(String::as_str).collect()
    }

    const STAGES: &str =
        "jmap: 1\nstages:\n  - id: s\n    touchpoints:\n      - id: t\n        name: T\n";

    #[test]
    fn value_of_a_block_key() {
        let cursor = at(&format!("{STAGES}        lane: cl|\n"));
        assert_eq!(path(&cursor), ["stages", "touchpoints"]);
        assert_eq!(cursor.at, At::Value { key: "lane".into() });
        assert_eq!(cursor.word, "cl");
    }

    #[test]
    fn key_of_a_mapping() {
        let cursor = at(&format!("{STAGES}        na|\n"));
        assert_eq!(path(&cursor), ["stages", "touchpoints"]);
        assert_eq!(cursor.at, At::Key { item: false });
        let cursor = at(&format!("{STAGES}        handoffs:\n          - |\n"));
        assert_eq!(path(&cursor), ["stages", "touchpoints", "handoffs"]);
        assert_eq!(cursor.at, At::Key { item: true });
        let cursor = at("jmap: 1\njourney:\n  |\n");
        assert_eq!(path(&cursor), ["journey"]);
        let cursor = at("jmap: 1\n|");
        assert_eq!(path(&cursor), Vec::<&str>::new());
    }

    #[test]
    fn list_entries_are_values() {
        let cursor = at(&format!("{STAGES}        metrics:\n          - cs|\n"));
        assert_eq!(path(&cursor), ["stages", "touchpoints"]);
        assert_eq!(
            cursor.at,
            At::Value {
                key: "metrics".into()
            }
        );
        let cursor = at(&format!("{STAGES}        allow: [unused-lane, |]\n"));
        assert_eq!(
            cursor.at,
            At::Value {
                key: "allow".into()
            }
        );
        assert_eq!(path(&cursor), ["stages", "touchpoints"]);
    }

    #[test]
    fn flow_mappings() {
        let cursor = at(&format!(
            "{STAGES}        handoffs:\n          - {{to: |}}\n"
        ));
        assert_eq!(path(&cursor), ["stages", "touchpoints", "handoffs"]);
        assert_eq!(cursor.at, At::Value { key: "to".into() });
        let cursor = at(&format!("{STAGES}        handoffs: [{{to: x, ow|}}]\n"));
        assert_eq!(path(&cursor), ["stages", "touchpoints", "handoffs"]);
        assert_eq!(cursor.at, At::Key { item: false });
        let cursor = at("lanes:\n  - {id: a, kind: |}\n");
        assert_eq!(path(&cursor), ["lanes"]);
        assert_eq!(cursor.at, At::Value { key: "kind".into() });
    }
}
