//! lint: runs the rule catalog ([`crate::rules`]) over a journey with a configuration.
//!
//! The one place where configuration meets rules: each enabled rule gets its configured
//! level and options, an `allow` list covering the element silences a report, and what is
//! left becomes a [`Finding`]. `rules/` is only the catalog and imports neither this
//! module nor `config`.

mod allow;

use crate::config::{Config, LevelSetting};
use crate::diagnostic::{Finding, Level};
use crate::model::Journey;
use crate::rules::custom::CustomRule;
use crate::rules::{Context, RULES, Rule, RuleMeta, UNUSED_ALLOW};
use crate::source::Span;
use std::collections::HashSet;

/// The level a rule runs at under `config`, or `None` when it is off.
fn level_of(meta: &RuleMeta, config: &Config) -> Option<Level> {
    match config.rule(meta.name).and_then(|settings| settings.level) {
        Some(LevelSetting::Off) => None,
        Some(LevelSetting::Error) => Some(Level::Error),
        Some(LevelSetting::Warn) => Some(Level::Warning),
        None => Some(meta.default_level),
    }
}

/// A built-in rule or a custom rule of `.jmap.yaml`, compiled when it was read.
#[derive(Clone, Copy)]
enum Checker<'c> {
    Builtin(&'static dyn Rule),
    Custom(&'c CustomRule),
}

/// Runs every enabled rule, then every custom rule, over a journey: findings sorted by
/// position. The `overrides` of `.jmap.yaml` that match the journey apply first.
pub fn lint(journey: &Journey, config: &Config, today: jiff::civil::Date) -> Vec<Finding> {
    let config = &*config.for_journey(&journey.source.path, journey.meta.state);
    let mut findings = Vec::new();
    let mut used_allows: HashSet<Span> = HashSet::new();
    let builtin = RULES
        .iter()
        .map(|rule| (rule.meta(), Checker::Builtin(*rule)));
    let custom = config
        .custom_rules
        .iter()
        .map(|rule| (rule.meta, Checker::Custom(rule)));
    for (meta, checker) in builtin.chain(custom) {
        let Some(level) = level_of(meta, config) else {
            continue;
        };
        let settings = config.rule(meta.name);
        let options = meta
            .options
            .iter()
            .map(|option| {
                settings
                    .and_then(|settings| settings.option(option.name))
                    .unwrap_or(option.default)
            })
            .collect();
        let mut cx = Context::new(journey, today, meta, options);
        match checker {
            Checker::Builtin(rule) => rule.check(&mut cx),
            Checker::Custom(rule) => rule.check(&mut cx),
        }
        for report in cx.into_reports() {
            let allowed = allow::lists_covering(report.element, journey)
                .into_iter()
                .flatten()
                .find(|entry| entry.value == meta.name);
            if let Some(entry) = allowed {
                used_allows.insert(entry.span);
                continue;
            }
            findings.push(Finding {
                rule: meta.name,
                level,
                span: report.span,
                message: report.message,
                help: Some(report.help),
                related: Vec::new(),
                element: Some(report.element.key(journey)),
                fix: report.fix,
            });
        }
    }
    findings.extend(allow::unknown_names(journey));
    findings.extend(unused_allows_at(journey, config, &used_allows));
    findings.sort_by(|a, b| {
        (a.span.start, a.rule, &a.message).cmp(&(b.span.start, b.rule, &b.message))
    });
    findings
}

/// `unused-allow` at its configured level (nothing when it is off).
fn unused_allows_at(
    journey: &Journey,
    config: &Config,
    used: &HashSet<Span>,
) -> Vec<crate::diagnostic::Finding> {
    let Some(level) = level_of(&UNUSED_ALLOW, config) else {
        return Vec::new();
    };
    let disabled = |rule: &str| {
        matches!(
            config.rule(rule).and_then(|settings| settings.level),
            Some(LevelSetting::Off)
        )
    };
    allow::unused(journey, level, used, disabled)
}
