//! `unused-allow`: an `allow` entry that silences nothing. It runs after every other rule,
//! from [`super::lint`], because only then is it known which entries were used.

use super::RuleMeta;
use crate::diagnostic::Level;

pub static META: RuleMeta = RuleMeta {
    name: "unused-allow",
    default_level: Level::Warning,
    summary: "an `allow` entry that silences nothing (a stale suppression)",
    explanation: include_str!("docs/unused-allow.md"),
    options: &[],
    silenceable: true,
};
