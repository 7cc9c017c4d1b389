//! rules: the lint rules, one file each, and the one registry that lists them.
//!
//! A rule looks at a loaded [`Journey`] and reports problems about elements. It knows
//! nothing of levels, `allow` lists or output formats: [`lint`] applies the configured
//! level, drops what an `allow` silences and turns the rest into [`Finding`]s.

mod backward_handoff;
mod disconnected_touchpoint;
mod emotion_drop;
mod empty_stage;
mod handoff_heavy_stage;
mod load_errors;
mod metric_without_target;
mod milestone_without_feedback;
mod no_customer_lane;
mod pain_without_opportunity;
mod stale_review;
mod unmeasured_stage;
mod unowned_handoff;
mod unused_allow;
mod unused_lane;
mod unused_metric;

use crate::config::{Config, LevelSetting};
use crate::diagnostic::{Finding, Level};
use crate::fix::{Fix, FixMeta};
use crate::load::source::Span;
use crate::model::{Journey, Text};
use std::collections::HashSet;

pub use load_errors::LOAD_ERRORS;

/// A numeric option a rule reads from `.jmap.yaml`, e.g. `handoff-heavy-stage: { max: 3 }`.
#[derive(Debug)]
pub struct RuleOption {
    pub name: &'static str,
    pub default: f64,
    pub description: &'static str,
}

/// What `jmap rules` and `jmap explain` show, and what SARIF lists as rule metadata.
#[derive(Debug)]
pub struct RuleMeta {
    pub name: &'static str,
    pub default_level: Level,
    /// One line: what it catches.
    pub summary: &'static str,
    /// Markdown: what it catches, why it matters, an example and its fix.
    pub explanation: &'static str,
    pub options: &'static [RuleOption],
    /// Load errors cannot be silenced by `allow` or configuration.
    pub silenceable: bool,
}

pub trait Rule: Sync {
    fn meta(&self) -> &'static RuleMeta;
    fn check(&self, cx: &mut Context<'_>);
    /// What the rule's fix does, when its findings carry one.
    fn fix(&self) -> Option<&'static FixMeta> {
        None
    }
}

/// Every lint rule, in the order `jmap rules` lists them.
pub static RULES: &[&dyn Rule] = &[
    &unowned_handoff::UnownedHandoff,
    &unmeasured_stage::UnmeasuredStage,
    &metric_without_target::MetricWithoutTarget,
    &unused_metric::UnusedMetric,
    &unused_lane::UnusedLane,
    &empty_stage::EmptyStage,
    &no_customer_lane::NoCustomerLane,
    &disconnected_touchpoint::DisconnectedTouchpoint,
    &backward_handoff::BackwardHandoff,
    &pain_without_opportunity::PainWithoutOpportunity,
    &milestone_without_feedback::MilestoneWithoutFeedback,
    &handoff_heavy_stage::HandoffHeavyStage,
    &emotion_drop::EmotionDrop,
    &stale_review::StaleReview,
];

/// Metadata of every lint rule, then of the load errors.
pub fn all_meta() -> impl Iterator<Item = &'static RuleMeta> {
    RULES
        .iter()
        .map(|rule| rule.meta())
        .chain(std::iter::once(&unused_allow::META))
        .chain(LOAD_ERRORS.iter())
}

/// What the fix of a rule (or load error) does, if it has one.
pub fn fix_meta(name: &str) -> Option<&'static FixMeta> {
    if name == unused_allow::META.name {
        return Some(&unused_allow::FIX);
    }
    RULES
        .iter()
        .find(|rule| rule.meta().name == name)
        .and_then(|rule| rule.fix())
        .or_else(|| load_errors::fix_meta(name))
}

pub fn find_meta(name: &str) -> Option<&'static RuleMeta> {
    all_meta().find(|meta| meta.name == name)
}

/// Names of the rules that `allow` and `.jmap.yaml` may name.
pub fn silenceable_names() -> Vec<&'static str> {
    all_meta()
        .filter(|meta| meta.silenceable)
        .map(|meta| meta.name)
        .collect()
}

/// The element a finding is about; it decides which `allow` lists apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Element {
    Journey,
    Lane(usize),
    Metric(usize),
    Stage(usize),
    Touchpoint(usize),
    Handoff(usize),
}

impl Element {
    /// A stable key such as `touchpoint:kickoff`, independent of line numbers.
    pub fn key(self, journey: &Journey) -> String {
        match self {
            Element::Journey => format!("journey:{}", journey.meta.id.value),
            Element::Lane(index) => format!("lane:{}", journey.lanes[index].id.value),
            Element::Metric(index) => format!("metric:{}", journey.metrics[index].id.value),
            Element::Stage(index) => format!("stage:{}", journey.stages[index].id.value),
            Element::Touchpoint(index) => {
                format!("touchpoint:{}", journey.touchpoints[index].id.value)
            }
            Element::Handoff(index) => {
                format!("handoff:{}", journey.handoff_id(&journey.handoffs[index]))
            }
        }
    }

    /// The `allow` lists that cover this element: its own, then its containers'.
    fn allow_lists(self, journey: &Journey) -> Vec<&[Text]> {
        fn touchpoint_chain<'j>(journey: &'j Journey, index: usize, lists: &mut Vec<&'j [Text]>) {
            let touchpoint = &journey.touchpoints[index];
            lists.push(&touchpoint.allow);
            lists.push(&journey.stages[touchpoint.stage].allow);
            lists.push(&journey.lanes[touchpoint.lane.value].allow);
        }
        let mut lists: Vec<&[Text]> = Vec::with_capacity(5);
        match self {
            Element::Journey | Element::Metric(_) => {}
            Element::Lane(index) => lists.push(&journey.lanes[index].allow),
            Element::Stage(index) => lists.push(&journey.stages[index].allow),
            Element::Touchpoint(index) => touchpoint_chain(journey, index, &mut lists),
            Element::Handoff(index) => {
                let handoff = &journey.handoffs[index];
                lists.push(&handoff.allow);
                touchpoint_chain(journey, handoff.from, &mut lists);
            }
        }
        lists.push(&journey.meta.allow);
        lists
    }
}

/// What a rule reports, before levels and `allow` apply.
#[derive(Debug)]
pub struct Report {
    pub element: Element,
    pub span: Span,
    pub message: String,
    pub help: String,
    pub fix: Option<Fix>,
}

/// What a rule sees: the journey, its options and today's date.
pub struct Context<'j> {
    pub journey: &'j Journey,
    pub today: jiff::civil::Date,
    options: Vec<(&'static str, f64)>,
    reports: Vec<Report>,
}

impl Context<'_> {
    /// The value of one of the rule's declared options.
    pub fn option(&self, name: &str) -> f64 {
        self.options
            .iter()
            .find(|(option, _)| *option == name)
            .map_or(0.0, |(_, value)| *value)
    }

    pub fn report(
        &mut self,
        element: Element,
        span: Span,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        self.reports.push(Report {
            element,
            span,
            message: message.into(),
            help: help.into(),
            fix: None,
        });
    }

    /// Reports a problem together with the edits that fix it.
    pub fn report_fixable(
        &mut self,
        element: Element,
        span: Span,
        message: impl Into<String>,
        help: impl Into<String>,
        fix: Option<Fix>,
    ) {
        self.report(element, span, message, help);
        if let Some(report) = self.reports.last_mut() {
            report.fix = fix;
        }
    }
}

/// Runs every enabled rule over a journey.
pub fn lint(journey: &Journey, config: &Config, today: jiff::civil::Date) -> Vec<Finding> {
    let mut findings = Vec::new();
    let mut used_allows: HashSet<Span> = HashSet::new();
    for rule in RULES {
        let meta = rule.meta();
        let settings = config.rule(meta.name);
        let level = match settings.and_then(|settings| settings.level) {
            Some(LevelSetting::Off) => continue,
            Some(LevelSetting::Error) => Level::Error,
            Some(LevelSetting::Warn) => Level::Warning,
            None => meta.default_level,
        };
        let options = meta
            .options
            .iter()
            .map(|option| {
                let value = settings
                    .and_then(|settings| settings.option(option.name))
                    .unwrap_or(option.default);
                (option.name, value)
            })
            .collect();
        let mut cx = Context {
            journey,
            today,
            options,
            reports: Vec::new(),
        };
        rule.check(&mut cx);
        for report in cx.reports {
            let allowed = report
                .element
                .allow_lists(journey)
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

/// `unused-allow`: an `allow` entry naming an enabled rule that silenced nothing.
fn unused_allows(journey: &Journey, config: &Config, used: &HashSet<Span>) -> Vec<Finding> {
    let meta = &unused_allow::META;
    let level = match config.rule(meta.name).and_then(|settings| settings.level) {
        Some(LevelSetting::Off) => return Vec::new(),
        Some(LevelSetting::Error) => Level::Error,
        Some(LevelSetting::Warn) | None => Level::Warning,
    };
    let lists = std::iter::once((Element::Journey, &journey.meta.allow))
        .chain((0..journey.lanes.len()).map(|i| (Element::Lane(i), &journey.lanes[i].allow)))
        .chain((0..journey.stages.len()).map(|i| (Element::Stage(i), &journey.stages[i].allow)))
        .chain(
            (0..journey.touchpoints.len())
                .map(|i| (Element::Touchpoint(i), &journey.touchpoints[i].allow)),
        )
        .chain(
            (0..journey.handoffs.len()).map(|i| (Element::Handoff(i), &journey.handoffs[i].allow)),
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
            element: Some(format!("{}#allow:{}", element.key(journey), entry.value)),
            fix: unused_allow::fix(text, list, entry),
        });
    }
    findings
}
