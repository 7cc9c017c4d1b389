//! `allow` lists: which cover an element, which entries name no rule, and which silenced
//! nothing (`unused-allow`). Rule names are the catalog's business, so they are checked
//! here, where the catalog is known, and not by the loader.

use crate::diagnostic::{Finding, Level};
use crate::model::{Element, Journey, Text, is_valid_id};
use crate::rules::{UNUSED_ALLOW, find_meta, silenceable_names, unused_allow_fix};
use crate::source::Span;
use std::collections::HashSet;

/// The `allow` lists that cover an element: its own, then its containers', then the
/// journey's.
pub fn lists_covering(element: Element, journey: &Journey) -> Vec<&[Text]> {
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

/// Every `allow` list of the journey, with the element that carries it.
fn every_list(journey: &Journey) -> impl Iterator<Item = (Element, &[Text])> {
    let lanes = journey.lanes.iter().enumerate();
    let stages = journey.stages.iter().enumerate();
    let touchpoints = journey.touchpoints.iter().enumerate();
    let handoffs = journey.handoffs.iter().enumerate();
    std::iter::once((Element::Journey, journey.meta.allow.as_slice()))
        .chain(lanes.map(|(i, lane)| (Element::Lane(i), lane.allow.as_slice())))
        .chain(stages.map(|(i, stage)| (Element::Stage(i), stage.allow.as_slice())))
        .chain(touchpoints.map(|(i, tp)| (Element::Touchpoint(i), tp.allow.as_slice())))
        .chain(handoffs.map(|(i, handoff)| (Element::Handoff(i), handoff.allow.as_slice())))
}

/// Every `allow` entry of the journey: its element, its list and itself.
fn every_entry(journey: &Journey) -> impl Iterator<Item = (Element, &[Text], &Text)> {
    every_list(journey)
        .flat_map(|(element, list)| list.iter().map(move |entry| (element, list, entry)))
}

/// What an `allow` entry names.
enum Named {
    /// A rule that can be silenced, or a well-formed `custom/ID` (custom rules live in
    /// `.jmap.yaml`; one that is not defined silences nothing, which `unused-allow` says).
    Silenceable,
    /// A rule that no `allow` can silence (`schema`, `yaml-syntax`, …).
    Unsilenceable,
    Unknown,
}

fn named(entry: &str) -> Named {
    if silenceable_names().contains(&entry)
        || entry.strip_prefix("custom/").is_some_and(is_valid_id)
    {
        Named::Silenceable
    } else if find_meta(entry).is_some() {
        Named::Unsilenceable
    } else {
        Named::Unknown
    }
}

/// `schema` errors for entries that name no rule, or a rule that cannot be silenced.
pub fn unknown_names(journey: &Journey) -> Vec<Finding> {
    let names = silenceable_names();
    let text = &journey.source.text;
    let mut findings = Vec::new();
    for (element, _, entry) in every_entry(journey) {
        let (message, help, fix) = match named(&entry.value) {
            Named::Silenceable => continue,
            Named::Unsilenceable => (
                format!("`{}` cannot be silenced", entry.value),
                "load errors must be fixed; remove this entry".to_string(),
                None,
            ),
            Named::Unknown => {
                let suggestion = crate::text::did_you_mean(&entry.value, &names);
                let help = match suggestion {
                    Some(suggestion) => format!("did you mean `{suggestion}`?"),
                    None => "`jmap rules` lists the rule names".to_string(),
                };
                let fix = suggestion.map(|suggestion| {
                    crate::fix::did_you_mean(text, entry.span, &entry.value, suggestion)
                });
                (
                    format!("unknown rule `{}` in `allow`", entry.value),
                    help,
                    fix,
                )
            }
        };
        let mut finding = Finding::error("schema", entry.span, message).with_help(help);
        finding.element = Some(element.key(journey).allow_entry(&entry.value));
        finding.fix = fix;
        findings.push(finding);
    }
    findings
}

/// `unused-allow`: an entry naming a rule that is on and silenced nothing. Entries that
/// name no silenceable rule are [`unknown_names`]' business, not this rule's.
pub fn unused(
    journey: &Journey,
    level: Level,
    used: &HashSet<Span>,
    disabled: impl Fn(&str) -> bool,
) -> Vec<Finding> {
    let text = &journey.source.text;
    let mut findings = Vec::new();
    for (element, list, entry) in every_entry(journey) {
        if used.contains(&entry.span)
            || entry.value == UNUSED_ALLOW.name
            || disabled(&entry.value)
            || !matches!(named(&entry.value), Named::Silenceable)
        {
            continue;
        }
        findings.push(Finding {
            rule: UNUSED_ALLOW.name,
            level,
            span: entry.span,
            message: format!("`allow: {}` silences nothing here", entry.value),
            help: Some("remove the stale entry so it cannot hide a future problem".into()),
            related: Vec::new(),
            element: Some(element.key(journey).allow_entry(&entry.value)),
            fix: unused_allow_fix(text, list, entry),
        });
    }
    findings
}
