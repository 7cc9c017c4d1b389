//! `custom-rules:` in `.jmap.yaml`: read, validated and compiled once, with every error
//! located in `.jmap.yaml` (a bad custom rule stops the run with exit 2).

use crate::diagnostic::Level;
use crate::load::reader::{Node, Reader, Scalar as YamlScalar};
use crate::model::{Duration, Text, parse_number};
use crate::rules::custom::{
    Condition, CustomRule, Kind, Path, Scalar, Test, ValueType, parse_date_argument, register,
};
use crate::source::{Span, Spanned};
use crate::text::did_you_mean;

const FIELDS: &[&str] = &["id", "level", "for", "where", "require", "message", "help"];

/// An argument as written: one scalar or a list of scalars.
enum Argument {
    One(Spanned<String>, bool),
    List(Vec<(Spanned<String>, bool)>, Span),
    /// Already reported.
    Bad,
}

impl Argument {
    fn span(&self) -> Span {
        match self {
            Argument::One(text, _) => text.span,
            Argument::List(_, span) => *span,
            Argument::Bad => Span::default(),
        }
    }
}

/// A condition before its rule's `for` is known.
struct RawCondition {
    path: Text,
    op: Option<Text>,
    argument: Argument,
    /// `PATH: VALUE` as written.
    written: String,
}

#[derive(Default)]
struct RawRule {
    span: Span,
    id: Option<Text>,
    level: Option<Level>,
    kind: Option<Spanned<Kind>>,
    conditions: Vec<RawCondition>,
    requirements: Option<Vec<RawCondition>>,
    message: Option<Text>,
    help: Option<Text>,
}

pub(super) fn read<'a>(reader: &mut Reader<'a>, key: &YamlScalar<'a>) -> Vec<CustomRule> {
    let mut rules: Vec<CustomRule> = Vec::new();
    let mut seen: Vec<Text> = Vec::new();
    reader.list(key, |reader, item| {
        let mut raw = RawRule {
            span: item.span(),
            ..RawRule::default()
        };
        let info = reader.mapping(item, "custom rule", FIELDS, |reader, key| {
            match &*key.text {
                "id" => raw.id = reader.text(key),
                "level" => {
                    raw.level = reader
                        .parsed(key, "error or warn", "write `level: error` or `level: warn`", |s| {
                            match &*s.text {
                                "error" => Some(Level::Error),
                                "warn" | "warning" => Some(Level::Warning),
                                _ => None,
                            }
                        })
                        .map(|level| level.value)
                }
                "for" => {
                    let mut suggestion = None;
                    let help = format!("write one of: {}", Kind::FOR_NAMES.join(", "));
                    raw.kind = reader.parsed(key, "an element kind", &help, |scalar| {
                        let kind = Kind::parse_for(&scalar.text);
                        if kind.is_none() {
                            suggestion = did_you_mean(&scalar.text, Kind::FOR_NAMES);
                        }
                        kind
                    });
                    if raw.kind.is_none()
                        && let Some(suggestion) = suggestion
                        && let Some(last) = reader.errors.last_mut()
                    {
                        last.message = last.message.replace("must be an element kind", "is not an element kind");
                        last.help = Some(format!("did you mean `{suggestion}`?"));
                    }
                }
                "where" => raw.conditions = read_conditions(reader, key),
                "require" => raw.requirements = Some(read_conditions(reader, key)),
                "message" => raw.message = reader.text(key),
                "help" => raw.help = reader.text(key),
                _ => {}
            }
        });
        let Some(info) = info else {
            return;
        };
        raw.span = info.span;
        let at = Span::new(info.span.start, info.span.start);
        for (field, present) in [
            ("id", raw.id.is_some()),
            ("for", raw.kind.is_some()),
            ("require", raw.requirements.is_some()),
            ("message", raw.message.is_some()),
        ] {
            if !present && info.key(field).is_none_or(|(_, failed)| !failed) {
                let span = info.key(field).map_or(at, |(span, _)| span);
                reader.schema_error(
                    span,
                    format!("custom rule is missing required field `{field}`"),
                    "a custom rule needs `id`, `for`, `require` and `message`",
                );
            }
        }
        if let Some(id) = &raw.id {
            if !crate::load::journey::is_valid_id(&id.value) {
                reader.schema_error(
                    id.span,
                    format!("invalid custom rule id `{}`", id.value),
                    "ids use lowercase letters, digits, `-` and `_`, starting with a letter or digit",
                );
            } else if let Some(first) = seen.iter().find(|known| known.value == id.value) {
                let first = first.span;
                reader.push(
                    crate::diagnostic::Finding::error(
                        "schema",
                        id.span,
                        format!("custom rule `{}` is already defined", id.value),
                    )
                    .with_related(first, "first defined here")
                    .with_help("give each custom rule its own id"),
                );
            } else {
                seen.push(id.clone());
            }
        }
        if let Some(rule) = compile(reader, raw) {
            rules.push(rule);
        }
    });
    rules
}

fn read_conditions<'a>(reader: &mut Reader<'a>, key: &YamlScalar<'a>) -> Vec<RawCondition> {
    let mut conditions = Vec::new();
    let node = reader.node();
    let Node::Mapping(_) = node else {
        if !matches!(&node, Node::Scalar(scalar) if scalar.is_null()) {
            reader.wrong_type(
                &node,
                &format!(
                    "`{}` must be a mapping of `PATH: VALUE` conditions",
                    key.text
                ),
                "",
            );
        }
        reader.skip(node);
        return conditions;
    };
    while let Some(path) = reader.next_key() {
        let path_text = Spanned::new(path.text.to_string(), path.span);
        let value = reader.node();
        let (op, argument, end) = match value {
            Node::Scalar(scalar) => {
                let end = scalar.span.end;
                let plain = scalar.is_plain();
                (
                    None,
                    Argument::One(Spanned::new(scalar.text.into_owned(), scalar.span), plain),
                    end,
                )
            }
            Node::Mapping(span) => {
                let mut op = None;
                let mut argument = Argument::Bad;
                let mut end = span.end;
                let mut count = 0;
                while let Some(op_key) = reader.next_key() {
                    count += 1;
                    let value = reader.node();
                    if count > 1 {
                        reader.schema_error(
                            op_key.span,
                            "a condition has one operator",
                            "write each operator as its own condition",
                        );
                        reader.skip(value);
                        continue;
                    }
                    op = Some(Spanned::new(op_key.text.to_string(), op_key.span));
                    argument = read_argument(reader, value);
                    end = end.max(argument.span().end);
                }
                (op, argument, end)
            }
            other => {
                let span = other.span();
                reader.skip(other);
                reader.schema_error(
                    span,
                    format!("condition `{}` must be a value or `{{OP: ARG}}`", path.text),
                    "write `PATH: VALUE`, or `PATH: { in: [a, b] }` for a list of values",
                );
                continue;
            }
        };
        let _ = end;
        let written = match (&op, &argument) {
            (None, argument) => format!("{}: {}", path.text, argument_text(argument)),
            (Some(op), argument) => {
                format!(
                    "{}: {{ {}: {} }}",
                    path.text,
                    op.value,
                    argument_text(argument)
                )
            }
        };
        conditions.push(RawCondition {
            path: path_text,
            op,
            argument,
            written,
        });
    }
    conditions
}

/// An argument as it reads in YAML flow style.
fn argument_text(argument: &Argument) -> String {
    let one = |text: &Spanned<String>, plain: bool| {
        if plain {
            text.value.clone()
        } else {
            serde_json::Value::String(text.value.clone()).to_string()
        }
    };
    match argument {
        Argument::One(text, plain) => one(text, *plain),
        Argument::List(items, _) => format!(
            "[{}]",
            items
                .iter()
                .map(|(text, plain)| one(text, *plain))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Argument::Bad => String::new(),
    }
}

fn read_argument<'a>(reader: &mut Reader<'a>, node: Node<'a>) -> Argument {
    match node {
        Node::Scalar(scalar) => {
            let plain = scalar.is_plain();
            Argument::One(Spanned::new(scalar.text.into_owned(), scalar.span), plain)
        }
        Node::Sequence(span) => {
            let mut items = Vec::new();
            while let Some(item) = reader.next_item() {
                match item {
                    Node::Scalar(scalar) => {
                        let plain = scalar.is_plain();
                        items.push((Spanned::new(scalar.text.into_owned(), scalar.span), plain));
                    }
                    other => {
                        reader.wrong_type(&other, "each value of the list must be a value", "");
                        reader.skip(other);
                    }
                }
            }
            Argument::List(items, span)
        }
        other => {
            reader.wrong_type(
                &other,
                "an operator's argument must be a value or a list",
                "",
            );
            reader.skip(other);
            Argument::Bad
        }
    }
}

fn compile(reader: &mut Reader<'_>, raw: RawRule) -> Option<CustomRule> {
    let kind = raw.kind.as_ref()?.value;
    let conditions = compile_conditions(reader, kind, raw.conditions);
    let requirements = compile_conditions(reader, kind, raw.requirements?);
    let (conditions, requirements) = (conditions?, requirements?);
    let id = raw.id?;
    let message = raw.message?;
    if !crate::load::journey::is_valid_id(&id.value) {
        return None;
    }
    let name = format!("custom/{}", id.value);
    let level = raw.level.unwrap_or(Level::Warning);
    let source = reader.source();
    let line = source.line_col(raw.span.start).line;
    let flow = |conditions: &[Condition]| {
        conditions
            .iter()
            .map(|condition| condition.written.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let quote = |text: &str| serde_json::Value::String(text.to_string()).to_string();
    let mut written = format!("id: {}\n", id.value);
    if let Some(level) = raw.level {
        written.push_str(&format!(
            "level: {}\n",
            if level == Level::Error {
                "error"
            } else {
                "warn"
            }
        ));
    }
    written.push_str(&format!("for: {}\n", kind.as_str()));
    if !conditions.is_empty() {
        written.push_str(&format!("where: {{ {} }}\n", flow(&conditions)));
    }
    written.push_str(&format!("require: {{ {} }}\n", flow(&requirements)));
    written.push_str(&format!("message: {}\n", quote(&message.value)));
    if let Some(help) = &raw.help {
        written.push_str(&format!("help: {}\n", quote(&help.value)));
    }
    let written = written.as_str();
    let explanation = explanation(
        &name,
        kind,
        &conditions,
        &requirements,
        &message.value,
        raw.help.as_ref().map(|help| help.value.as_str()),
        &source.path,
        line,
        written,
    );
    let meta = register(&name, level, &message.value, &explanation);
    Some(CustomRule {
        id: id.value,
        name: meta.name,
        level,
        kind,
        conditions,
        requirements,
        message: message.value,
        help: raw.help.map(|help| help.value),
        meta,
    })
}

#[allow(clippy::too_many_arguments)] // the parts of one document
fn explanation(
    name: &str,
    kind: Kind,
    conditions: &[Condition],
    requirements: &[Condition],
    message: &str,
    help: Option<&str>,
    path: &str,
    line: usize,
    written: &str,
) -> String {
    let list = |conditions: &[Condition]| {
        conditions
            .iter()
            .map(|condition| format!("`{}`", condition.written))
            .collect::<Vec<_>>()
            .join(" and ")
    };
    let scope = if conditions.is_empty() {
        format!("every {}", kind.as_str())
    } else {
        format!("every {} where {}", kind.as_str(), list(conditions))
    };
    // The rule itself, as a list entry.
    let mut example = String::new();
    for (index, text) in written.lines().enumerate() {
        let bullet = if index == 0 { "- " } else { "  " };
        example.push_str(&format!("  {bullet}{text}\n"));
    }
    format!(
        "## What it does\nA custom rule, `{name}`, defined in `{path}` (line {line}). For {scope}, it requires {}; an element that fails reports:\n\n> {message}\n\n## Why it matters\nIt is a standard your team wrote down in `.jmap.yaml`: see that file, and whoever wrote the rule, for the reason.\n\n## Example\n```yaml\ncustom-rules:\n{example}```\n\n## Fix\n{}\n\n## Silencing\n`allow: [{name}]` on the element (or the journey); `rules: {{ {name}: off }}` in `.jmap.yaml`, or in an `overrides` entry.\n",
        list(requirements),
        help.unwrap_or("Change the element so that every `require` condition holds."),
    )
}

fn compile_conditions(
    reader: &mut Reader<'_>,
    kind: Kind,
    raw: Vec<RawCondition>,
) -> Option<Vec<Condition>> {
    let mut compiled = Vec::with_capacity(raw.len());
    let mut ok = true;
    for condition in raw {
        match compile_condition(reader, kind, condition) {
            Some(condition) => compiled.push(condition),
            None => ok = false,
        }
    }
    ok.then_some(compiled)
}

fn compile_condition(reader: &mut Reader<'_>, kind: Kind, raw: RawCondition) -> Option<Condition> {
    let path = match Path::compile(kind, &raw.path.value) {
        Ok(path) => path,
        Err(error) => {
            reader.schema_error(raw.path.span, error.message, error.help);
            return None;
        }
    };
    if matches!(raw.argument, Argument::Bad) {
        return None;
    }
    let test = match &raw.op {
        None => Test::Equals(scalar(reader, &path, &raw.argument)?),
        Some(op) => match op.value.as_str() {
            "in" => match &raw.argument {
                Argument::List(items, _) => {
                    let mut values = Vec::with_capacity(items.len());
                    for (item, plain) in items {
                        values.push(convert(reader, &path, item, *plain)?);
                    }
                    Test::In(values)
                }
                other => {
                    return wrong(
                        reader,
                        other.span(),
                        "`in` takes a list of values",
                        "write `{ in: [a, b] }`",
                    );
                }
            },
            "present" => match &raw.argument {
                Argument::One(text, true) if matches!(text.value.as_str(), "true" | "false") => {
                    Test::Present(text.value == "true")
                }
                other => {
                    return wrong(
                        reader,
                        other.span(),
                        "`present` takes `true` or `false`",
                        "write `{ present: true }`",
                    );
                }
            },
            "matches" => match &raw.argument {
                Argument::One(text, _) => match regex::Regex::new(&text.value) {
                    Ok(regex) => Test::Matches(regex),
                    Err(error) => {
                        let detail = error.to_string();
                        let last = detail
                            .lines()
                            .last()
                            .unwrap_or("invalid")
                            .trim()
                            .to_string();
                        return wrong(
                            reader,
                            text.span,
                            &format!("invalid regular expression `{}`: {last}", text.value),
                            "use Rust `regex` syntax (no look-around); quote the pattern in single quotes",
                        );
                    }
                },
                other => {
                    return wrong(
                        reader,
                        other.span(),
                        "`matches` takes a regular expression",
                        "write `{ matches: '^[A-Z]' }`",
                    );
                }
            },
            "min" | "max" => {
                let Argument::One(text, _) = &raw.argument else {
                    return wrong(
                        reader,
                        raw.argument.span(),
                        &format!("`{}` takes one number", op.value),
                        "write `{ min: 3 }`",
                    );
                };
                let bound = match path.value_type() {
                    ValueType::Number => parse_number(text.value.trim()),
                    ValueType::Date => parse_date_argument(&text.value),
                    ValueType::Duration => Duration::parse(&text.value)
                        .map(|duration| duration.minutes as f64)
                        .or_else(|| parse_number(text.value.trim())),
                    _ => {
                        return wrong(
                            reader,
                            op.span,
                            &format!(
                                "`{}` compares numbers, dates or durations; `{}` is text",
                                op.value, path.text
                            ),
                            "use `matches`, `in` or a value",
                        );
                    }
                };
                let Some(bound) = bound else {
                    return wrong(
                        reader,
                        text.span,
                        &format!("`{}` must be {}", op.value, describe(path.value_type())),
                        "write a bound of the path's type",
                    );
                };
                if op.value == "min" {
                    Test::Min(bound)
                } else {
                    Test::Max(bound)
                }
            }
            "contains" => {
                if !path.is_list {
                    return wrong(
                        reader,
                        op.span,
                        &format!("`contains` needs a list path; `{}` is one value", path.text),
                        "use a value, `in` or `matches`, or a list path such as `metrics.kind`",
                    );
                }
                Test::Contains(scalar(reader, &path, &raw.argument)?)
            }
            "count-min" | "count-max" => {
                if !path.is_list {
                    return wrong(
                        reader,
                        op.span,
                        &format!(
                            "`{}` needs a list path; `{}` is one value",
                            op.value, path.text
                        ),
                        "count a list such as `pains`, `metrics` or `handoffs`",
                    );
                }
                let count = match &raw.argument {
                    Argument::One(text, true) => text.value.parse::<usize>().ok(),
                    _ => None,
                };
                let Some(count) = count else {
                    return wrong(
                        reader,
                        raw.argument.span(),
                        &format!("`{}` takes a whole number, 0 or more", op.value),
                        "write `{ count-min: 1 }`",
                    );
                };
                if op.value == "count-min" {
                    Test::CountMin(count)
                } else {
                    Test::CountMax(count)
                }
            }
            unknown => {
                let help = match did_you_mean(unknown, Test::OPS) {
                    Some(suggestion) => format!("did you mean `{suggestion}`?"),
                    None => format!("operators: {}", Test::OPS.join(", ")),
                };
                return wrong(
                    reader,
                    op.span,
                    &format!("unknown operator `{unknown}`"),
                    &help,
                );
            }
        },
    };
    Some(Condition {
        path,
        test,
        written: raw.written,
    })
}

fn wrong<T>(reader: &mut Reader<'_>, span: Span, message: &str, help: &str) -> Option<T> {
    reader.schema_error(span, message.to_string(), help.to_string());
    None
}

fn describe(value: ValueType) -> &'static str {
    match value {
        ValueType::Number => "a number",
        ValueType::Date => "a date (YYYY-MM-DD)",
        ValueType::Duration => "a duration (`30m`, `4h`, `2d`, `1w`) or minutes",
        ValueType::Bool => "`true` or `false`",
        ValueType::Text | ValueType::Enum(_) => "text",
    }
}

fn scalar(reader: &mut Reader<'_>, path: &Path, argument: &Argument) -> Option<Scalar> {
    match argument {
        Argument::One(text, plain) => convert(reader, path, text, *plain),
        other => wrong(
            reader,
            other.span(),
            "this operator takes one value",
            "write one value, or use `in` for a list of values",
        ),
    }
}

/// An argument as a value of the path's type.
fn convert(
    reader: &mut Reader<'_>,
    path: &Path,
    text: &Spanned<String>,
    plain: bool,
) -> Option<Scalar> {
    let value = text.value.trim();
    let converted = match path.value_type() {
        ValueType::Text => Some(Scalar::Text(text.value.clone())),
        ValueType::Enum(names) => {
            if names.contains(&value) {
                Some(Scalar::Text(value.to_string()))
            } else {
                let help = match did_you_mean(value, names) {
                    Some(suggestion) => format!("did you mean `{suggestion}`?"),
                    None => format!("`{}` is one of: {}", path.text, names.join(", ")),
                };
                return wrong(
                    reader,
                    text.span,
                    &format!("`{}` is never `{value}`", path.text),
                    &help,
                );
            }
        }
        ValueType::Number => parse_number(value).map(Scalar::Number),
        ValueType::Bool => match (value, plain) {
            ("true", true) => Some(Scalar::Bool(true)),
            ("false", true) => Some(Scalar::Bool(false)),
            _ => None,
        },
        ValueType::Date => parse_date_argument(value).map(Scalar::Number),
        ValueType::Duration => Duration::parse(value)
            .map(|duration| Scalar::Number(duration.minutes as f64))
            .or_else(|| parse_number(value).map(Scalar::Number)),
    };
    match converted {
        Some(converted) => Some(converted),
        None => wrong(
            reader,
            text.span,
            &format!(
                "`{}` must be compared with {}, found `{value}`",
                path.text,
                describe(path.value_type())
            ),
            "write a value of the path's type",
        ),
    }
}

/// `custom/ID` names in `rules` and `overrides` must be custom rules of this file.
pub(super) fn check_named(reader: &mut Reader<'_>, rules: &[CustomRule], named: &[Text]) {
    let ids: Vec<&str> = rules.iter().map(|rule| rule.name).collect();
    for name in named {
        if ids.contains(&name.value.as_str()) {
            continue;
        }
        let help = match did_you_mean(&name.value, &ids) {
            Some(suggestion) => format!("did you mean `{suggestion}`?"),
            None => "define it under `custom-rules:` (its `id` without `custom/`)".to_string(),
        };
        reader.schema_error(
            name.span,
            format!("unknown rule `{}`: no custom rule has that id", name.value),
            help,
        );
    }
}
