//! `unused-allow`: an `allow` entry that silences nothing. It runs after every other rule,
//! from [`super::lint`], because only then is it known which entries were used.

use super::RuleMeta;
use crate::diagnostic::Level;
use crate::fix::{Applicability, Fix, FixMeta, yaml};
use crate::model::Text;

pub static META: RuleMeta = RuleMeta {
    name: "unused-allow",
    default_level: Level::Warning,
    summary: "an `allow` entry that silences nothing (a stale suppression)",
    explanation: include_str!("docs/unused-allow.md"),
    options: &[],
    silenceable: true,
};

pub static FIX: FixMeta = FixMeta {
    applicability: Applicability::Safe,
    description: "removes the entry (and an `allow:` left empty)",
};

/// Removes `entry` from its `allow` list.
pub fn fix(text: &str, list: &[Text], entry: &Text) -> Option<Fix> {
    let siblings: Vec<_> = list.iter().map(|entry| entry.span).collect();
    let edits = yaml::remove_list_item(text, "allow", entry.span, &siblings);
    (!edits.is_empty()).then(|| Fix::safe(format!("Remove `{}` from `allow`", entry.value), edits))
}
