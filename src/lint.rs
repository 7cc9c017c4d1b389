//! lint: runs the rule catalog ([`crate::rules`]) over a journey with a configuration.
//!
//! The one place where configuration meets rules: each enabled rule gets its configured
//! level and options, an `allow` list covering the element silences a report, and what is
//! left becomes a [`Finding`]. `rules/` is only the catalog and imports neither this
//! module nor `config`.

use crate::config::{Config, LevelSetting};
use crate::diagnostic::{Finding, Level};
use crate::model::{Element, Journey, Text};
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
            let allowed = allow_lists(report.element, journey)
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
    findings.extend(unused_allows(journey, config, &used_allows));
    findings.sort_by(|a, b| {
        (a.span.start, a.rule, &a.message).cmp(&(b.span.start, b.rule, &b.message))
    });
    findings
}

/// The `allow` lists that cover an element: its own, then its containers', then the
/// journey's.
fn allow_lists(element: Element, journey: &Journey) -> Vec<&[Text]> {
    fn touchpoint_chain<'j>(journey: &'j Journey, index: usize, lists: &mut Vec<&'j [Text]>) {
        let Some(touchpoint) = journey.touchpoints.get(index) else {
            return;
        };
        lists.push(&touchpoint.allow);
        if let Some(stage) = journey.stages.get(touchpoint.stage) {
            lists.push(&stage.allow);
        }
        if let Some(lane) = journey.lanes.get(touchpoint.lane.value) {
            lists.push(&lane.allow);
        }
    }
    let mut lists: Vec<&[Text]> = Vec::with_capacity(5);
    match element {
        Element::Journey | Element::Metric(_) => {}
        Element::Lane(index) => lists.extend(journey.lanes.get(index).map(|l| &l.allow[..])),
        Element::Stage(index) => lists.extend(journey.stages.get(index).map(|s| &s.allow[..])),
        Element::Touchpoint(index)
        | Element::Pain {
            touchpoint: index, ..
        } => {
            touchpoint_chain(journey, index, &mut lists);
        }
        Element::Handoff(index) => {
            if let Some(handoff) = journey.handoffs.get(index) {
                lists.push(&handoff.allow);
                touchpoint_chain(journey, handoff.from, &mut lists);
            }
        }
    }
    lists.push(&journey.meta.allow);
    lists
}

/// `unused-allow`: an `allow` entry naming an enabled rule that silenced nothing.
fn unused_allows(journey: &Journey, config: &Config, used: &HashSet<Span>) -> Vec<Finding> {
    let meta = &UNUSED_ALLOW;
    let Some(level) = level_of(meta, config) else {
        return Vec::new();
    };
    let lists = std::iter::once((Element::Journey, &journey.meta.allow))
        .chain(
            journey
                .lanes
                .iter()
                .enumerate()
                .map(|(i, lane)| (Element::Lane(i), &lane.allow)),
        )
        .chain(
            journey
                .stages
                .iter()
                .enumerate()
                .map(|(i, stage)| (Element::Stage(i), &stage.allow)),
        )
        .chain(
            journey
                .touchpoints
                .iter()
                .enumerate()
                .map(|(i, touchpoint)| (Element::Touchpoint(i), &touchpoint.allow)),
        )
        .chain(
            journey
                .handoffs
                .iter()
                .enumerate()
                .map(|(i, handoff)| (Element::Handoff(i), &handoff.allow)),
        );
    let mut findings = Vec::new();
    let text = &journey.source.text;
    for (element, list, entry) in lists.flat_map(|(element, list)| {
        list.iter()
            .map(move |entry| (element, list.as_slice(), entry))
    }) {
        let disabled = matches!(
            config
                .rule(&entry.value)
                .and_then(|settings| settings.level),
            Some(LevelSetting::Off)
        );
        if used.contains(&entry.span) || disabled || entry.value == meta.name {
            continue;
        }
        findings.push(Finding {
            rule: meta.name,
            level,
            span: entry.span,
            message: format!("`allow: {}` silences nothing here", entry.value),
            help: Some("remove the stale entry so it cannot hide a future problem".into()),
            related: Vec::new(),
            element: Some(element.key(journey).allow_entry(&entry.value)),
            fix: crate::rules::unused_allow_fix(text, list, entry),
        });
    }
    findings
}
