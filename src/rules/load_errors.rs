//! The load errors: reported by the loader, listed here so that `jmap rules`, `jmap explain`
//! and SARIF know them. No configuration can silence them.

use super::RuleMeta;
use crate::diagnostic::Level;
use crate::fix::{Applicability, FixMeta};

const fn load_error(
    name: &'static str,
    summary: &'static str,
    explanation: &'static str,
) -> RuleMeta {
    RuleMeta {
        name,
        default_level: Level::Error,
        summary,
        explanation,
        options: &[],
        silenceable: false,
    }
}

pub static LOAD_ERRORS: [RuleMeta; 5] = [
    load_error(
        "yaml-syntax",
        "the file is not valid YAML, or breaks a safety limit",
        include_str!("docs/yaml-syntax.md"),
    ),
    load_error(
        "schema",
        "a field of the wrong type, unknown, missing, or with a bad value",
        include_str!("docs/schema.md"),
    ),
    load_error(
        "duplicate-id",
        "two lanes, metrics, stages or touchpoints share an id",
        include_str!("docs/duplicate-id.md"),
    ),
    load_error(
        "unknown-reference",
        "a lane, stage, metric or handoff target that does not exist",
        include_str!("docs/unknown-reference.md"),
    ),
    load_error(
        "unsupported-version",
        "a `jmap:` format version this build does not read",
        include_str!("docs/unsupported-version.md"),
    ),
];

static SCHEMA_FIX: FixMeta = FixMeta {
    applicability: Applicability::Unsafe,
    description: "replaces a misspelt field name, value or rule name with the close match \
        the \"did you mean\" help names (unsafe: the guess may be wrong)",
};

static REFERENCE_FIX: FixMeta = FixMeta {
    applicability: Applicability::Unsafe,
    description: "replaces the unknown id with the close match the \"did you mean\" help \
        names (unsafe: it changes what the element points at)",
};

/// What the fix of a load error does.
pub fn fix_meta(name: &str) -> Option<&'static FixMeta> {
    match name {
        "schema" => Some(&SCHEMA_FIX),
        "unknown-reference" => Some(&REFERENCE_FIX),
        _ => None,
    }
}
