//! Typed field readers on top of [`Reader`]: each reads one value, reports a schema error
//! at the value when it has the wrong type, and always consumes the whole node.

use super::reader::{Node, Reader, Scalar};
use crate::diagnostic::Finding;
use crate::source::{Span, Spanned};
use std::collections::HashMap;

use crate::text::did_you_mean;

/// `{text: late, not on time}`: a plain key written between a comma and a comma or `}`,
/// without `: value`, is the rest of a text that a comma split in a flow mapping.
fn looks_like_comma_split(text: &str, key: &Scalar<'_>) -> bool {
    let (Some(before), Some(after)) = (text.get(..key.span.start), text.get(key.span.end..)) else {
        return false;
    };
    let before = before.trim_end_matches([' ', '\t']);
    let after = after.trim_start_matches([' ', '\t']);
    key.is_plain() && before.ends_with(',') && (after.starts_with(',') || after.starts_with('}'))
}

/// Most fields a mapping of the format has (a touchpoint has 11).
const MAX_FIELDS: usize = 16;

/// What [`Reader::mapping`] saw: the mapping's span and, per known field written, its key's
/// span and whether reading its value reported an error (so a required-field check does not
/// report it twice).
#[derive(Debug, Default)]
pub struct MapInfo<'f> {
    pub span: Span,
    fields: &'f [&'f str],
    /// Indexed like `fields`: no allocation and no hashing per key.
    keys: [Option<(Span, bool)>; MAX_FIELDS],
    /// `x-` keys and their values, in the order written: accepted on every mapping.
    pub extensions: Vec<crate::model::Extension>,
}

impl MapInfo<'_> {
    /// The key's span and whether its value already had an error, if the key was written.
    pub fn key(&self, name: &str) -> Option<(Span, bool)> {
        let index = self.fields.iter().position(|field| *field == name)?;
        self.keys.get(index).copied().flatten()
    }
}

impl<'a> Reader<'a> {
    /// Reads a mapping whose keys are `fields`. `read_field` gets each known key and must
    /// consume its value; unknown and duplicate keys are reported here. Returns the mapping's
    /// span, or `None` (after reporting) when the node is not a mapping.
    pub fn mapping<'f>(
        &mut self,
        node: Node<'a>,
        what: &str,
        fields: &'f [&'f str],
        mut read_field: impl FnMut(&mut Self, &Scalar<'a>),
    ) -> Option<MapInfo<'f>> {
        let Node::Mapping(span) = node else {
            self.wrong_type(&node, &format!("{what} must be a mapping of fields"), what);
            self.skip(node);
            return None;
        };
        debug_assert!(fields.len() <= MAX_FIELDS, "raise MAX_FIELDS for `{what}`");
        let mut info = MapInfo {
            span,
            fields,
            keys: [None; MAX_FIELDS],
            extensions: Vec::new(),
        };
        // Keys that are not fields, kept only to report their duplicates. Rare, and an empty
        // map does not allocate; a map (not a list) so thousands of them stay linear.
        let mut unknown: HashMap<String, Span> = HashMap::new();
        while let Some(key) = self.next_key() {
            let field = fields
                .iter()
                .position(|field| *field == &*key.text)
                .filter(|&index| index < MAX_FIELDS);
            let first = match field {
                Some(index) => info
                    .keys
                    .get(index)
                    .copied()
                    .flatten()
                    .map(|(span, _)| span),
                None => unknown.get(&*key.text).copied(),
            };
            if let Some(first) = first {
                self.push(
                    Finding::error("schema", key.span, format!("duplicate key `{}`", key.text))
                        .with_related(first, "first written here")
                        .with_help(
                            "a key may appear once in a mapping: remove or merge one of them",
                        ),
                );
                let value = self.node();
                self.skip(value);
                continue;
            }
            match field {
                Some(index) => {
                    let errors_before = self.errors.len();
                    read_field(self, &key);
                    let failed = self.errors.len() > errors_before;
                    if let Some(slot) = info.keys.get_mut(index) {
                        *slot = Some((key.span, failed));
                    }
                }
                None if key.text.starts_with("x-") => {
                    unknown.insert(key.text.to_string(), key.span);
                    let value = self.node();
                    let value = self.value(value);
                    info.extensions.push(crate::model::Extension {
                        key: Spanned::new(key.text.to_string(), key.span),
                        value,
                    });
                }
                None => {
                    unknown.insert(key.text.to_string(), key.span);
                    self.unknown_field(&key, what, fields);
                    let value = self.node();
                    self.skip(value);
                }
            }
        }
        Some(info)
    }

    /// Any YAML value as JSON, for `x-` keys: plain scalars keep their YAML 1.2 core type
    /// (null, booleans, numbers), everything else is a string; mapping keys are text.
    pub fn value(&mut self, node: Node<'a>) -> serde_json::Value {
        use serde_json::Value;
        match node {
            Node::Scalar(scalar) if scalar.is_null() => Value::Null,
            Node::Scalar(scalar) if scalar.is_plain() => match &*scalar.text {
                "true" | "True" | "TRUE" => Value::Bool(true),
                "false" | "False" | "FALSE" => Value::Bool(false),
                text => crate::model::parse_number(text)
                    .and_then(|number| {
                        if number.fract() == 0.0 && number.abs() < 9.0e15 {
                            Some(Value::from(number as i64))
                        } else {
                            serde_json::Number::from_f64(number).map(Value::Number)
                        }
                    })
                    .unwrap_or_else(|| Value::String(text.to_string())),
            },
            Node::Scalar(scalar) => Value::String(scalar.text.into_owned()),
            Node::Sequence(_) => {
                let mut items = Vec::new();
                while let Some(item) = self.next_item() {
                    items.push(self.value(item));
                }
                Value::Array(items)
            }
            Node::Mapping(_) => {
                let mut object = serde_json::Map::new();
                while let Some(key) = self.next_key() {
                    let value = self.node();
                    let value = self.value(value);
                    object.insert(key.text.into_owned(), value);
                }
                Value::Object(object)
            }
            Node::Broken(_) => Value::Null,
        }
    }

    fn unknown_field(&mut self, key: &Scalar<'a>, what: &str, fields: &[&str]) {
        let suggestion = did_you_mean(&key.text, fields);
        let help = match suggestion {
            _ if looks_like_comma_split(&self.source().text, key) => format!(
                "inside `{{...}}` a comma ends a value, so `{}` became a field of its own: \
                 put the value that holds the comma in quotes, e.g. `\"..., {}\"`",
                key.text, key.text
            ),
            Some(suggestion) => format!("did you mean `{suggestion}`?"),
            None => format!("{what} accepts: {}", fields.join(", ")),
        };
        let mut finding = Finding::error(
            "schema",
            key.span,
            format!("unknown field `{}` in {what}", key.text),
        )
        .with_help(help);
        if let Some(suggestion) = suggestion {
            let text = &self.source().text;
            finding = finding.with_fix(crate::fix::did_you_mean(
                text, key.span, &key.text, suggestion,
            ));
        }
        self.push(finding);
    }

    pub fn wrong_type(&mut self, node: &Node<'a>, message: &str, _what: &str) {
        if let Node::Broken(_) = node {
            return;
        }
        let span = node.span();
        self.schema_error(
            span,
            format!("{message}, found {}", node.describe()),
            "see `jmap schema` for the shape of a journey file",
        );
    }

    /// A text value; any scalar counts (YAML 1.2 core: `no`, `123` and dates stay text).
    /// Null counts as absent.
    pub fn text(&mut self, key: &Scalar<'a>) -> Option<Spanned<String>> {
        match self.node() {
            Node::Scalar(scalar) if scalar.is_null() => None,
            Node::Scalar(scalar) => Some(Spanned::new(scalar.text.into_owned(), scalar.span)),
            other => {
                self.wrong_type(&other, &format!("`{}` must be text", key.text), "");
                self.skip(other);
                None
            }
        }
    }

    /// A scalar checked by `parse`; `expected` says what was wanted.
    pub fn parsed<T>(
        &mut self,
        key: &Scalar<'a>,
        expected: &str,
        help: &str,
        parse: impl FnOnce(&Scalar<'a>) -> Option<T>,
    ) -> Option<Spanned<T>> {
        let node = self.node();
        if let Node::Scalar(scalar) = &node {
            if scalar.is_null() {
                return None;
            }
            if let Some(value) = parse(scalar) {
                return Some(Spanned::new(value, scalar.span));
            }
            let span = scalar.span;
            self.schema_error(
                span,
                format!("`{}` must be {expected}, found `{}`", key.text, scalar.text),
                help,
            );
            return None;
        }
        self.wrong_type(&node, &format!("`{}` must be {expected}", key.text), "");
        self.skip(node);
        None
    }

    /// `true` or `false`, written plain. `yes`, `on` and quoted strings are not booleans.
    pub fn boolean(&mut self, key: &Scalar<'a>) -> Option<Spanned<bool>> {
        self.parsed(
            key,
            "`true` or `false`",
            "write `true` or `false`",
            |scalar| {
                if !scalar.is_plain() {
                    return None;
                }
                match &*scalar.text {
                    "true" | "True" | "TRUE" => Some(true),
                    "false" | "False" | "FALSE" => Some(false),
                    _ => None,
                }
            },
        )
    }

    /// A plain decimal integer.
    pub fn integer(&mut self, key: &Scalar<'a>) -> Option<Spanned<i64>> {
        self.parsed(
            key,
            "a whole number",
            "write a whole number such as `1`",
            |scalar| {
                let text = scalar.text.strip_prefix('+').unwrap_or(&scalar.text);
                let digits = text.strip_prefix('-').unwrap_or(text);
                if !scalar.is_plain()
                    || digits.is_empty()
                    || !digits.bytes().all(|b| b.is_ascii_digit())
                {
                    return None;
                }
                text.parse().ok()
            },
        )
    }

    /// A plain finite number.
    pub fn number(&mut self, key: &Scalar<'a>) -> Option<Spanned<f64>> {
        self.parsed(
            key,
            "a number",
            "write a number such as `78` or `4.5`",
            |scalar| {
                if !scalar.is_plain() {
                    return None;
                }
                crate::model::parse_number(&scalar.text)
            },
        )
    }

    /// A list of text values, e.g. `allow: [stale-review]` or `metrics: [csat]`.
    pub fn text_list(&mut self, key: &Scalar<'a>) -> Vec<Spanned<String>> {
        let mut items = Vec::new();
        self.list(key, |reader, item| match item {
            Node::Scalar(scalar) if !scalar.is_null() => {
                items.push(Spanned::new(scalar.text.into_owned(), scalar.span));
            }
            other => {
                reader.wrong_type(
                    &other,
                    &format!("each entry of `{}` must be text", key.text),
                    "",
                );
                reader.skip(other);
            }
        });
        items
    }

    /// Reads a list, handing each item to `read_item`, which must consume it.
    /// Null counts as an empty list.
    pub fn list(&mut self, key: &Scalar<'a>, mut read_item: impl FnMut(&mut Self, Node<'a>)) {
        match self.node() {
            Node::Sequence(_) => {
                while let Some(item) = self.next_item() {
                    read_item(self, item);
                }
            }
            Node::Scalar(scalar) if scalar.is_null() => {}
            other => {
                let span = other.span();
                let found = other.describe();
                self.skip(other);
                self.schema_error(
                    span,
                    format!("`{}` must be a list, found {found}", key.text),
                    format!(
                        "write a list: `{}: [a, b]` or one `- item` per line",
                        key.text
                    ),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    /// Duplicate keys are found without a map: known fields by index, unknown ones by name.
    #[test]
    fn duplicate_known_and_unknown_keys_are_reported_once_each() {
        let text = "jmap: 1\njourney:\n  id: j\n  title: T\n  colour: red\n  colour: blue\n  \
                    title: U\nlanes: []\nstages: []\n";
        let errors = crate::load::load_str("t.yaml", text).expect_err("duplicates are errors");
        let messages: Vec<&str> = errors
            .findings
            .iter()
            .map(|finding| finding.message.as_str())
            .collect();
        assert_eq!(
            messages,
            [
                "unknown field `colour` in journey",
                "duplicate key `colour`",
                "duplicate key `title`",
            ]
        );
        let title = &errors.findings[2];
        assert_eq!(title.related[0].0.start, text.find("title").unwrap());
    }
}
