//! rules: the lint rule catalog, one file each, and the one registry that lists them.
//!
//! A rule looks at a loaded [`Journey`] and reports problems about elements. It knows
//! nothing of levels, `allow` lists, configuration or output formats: the `lint` module
//! runs the catalog with a configuration, applies the configured level, drops what an
//! `allow` silences and turns the rest into findings.

mod backward_handoff;
pub mod custom;
mod disconnected_touchpoint;
mod emotion_drop;
mod empty_stage;
mod handoff_heavy_stage;
mod load_errors;
mod metric_without_target;
mod milestone_without_feedback;
mod no_customer_lane;
mod pain_without_opportunity;
mod stale_metric;
mod stale_review;
mod unevidenced_pain;
mod unmeasured_stage;
mod unowned_handoff;
mod unused_allow;
mod unused_lane;
mod unused_metric;

use crate::diagnostic::Level;
use crate::fix::{Fix, FixMeta};
use crate::model::Journey;
use crate::source::Span;

pub use crate::model::Element;
pub use load_errors::LOAD_ERRORS;
pub use unused_allow::META as UNUSED_ALLOW;

/// What values an option takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OptionKind {
    /// A whole number, 0 or more (`max: 3`).
    Count,
    /// A number, 0 or more (`min_drop: 1.5`).
    Number,
}

impl OptionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            OptionKind::Count => "a whole number, 0 or more",
            OptionKind::Number => "a number, 0 or more",
        }
    }
}

/// An option a rule declares and reads from `.jmap.yaml`, e.g.
/// `handoff-heavy-stage: { max: 3 }`. A rule declares each option as a `const` that it
/// lists in its [`RuleMeta::options`] and passes to [`Context::option`]: there is no name
/// to mistype, and `.jmap.yaml` naming an option the rule does not declare is an error.
#[derive(Debug)]
pub struct RuleOption {
    pub name: &'static str,
    pub kind: OptionKind,
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
    &unevidenced_pain::UnevidencedPain,
    &stale_metric::StaleMetric,
];

/// Metadata of every lint rule, then of the load errors.
pub fn all_meta() -> impl Iterator<Item = &'static RuleMeta> {
    RULES
        .iter()
        .map(|rule| rule.meta())
        .chain(std::iter::once(&UNUSED_ALLOW))
        .chain(LOAD_ERRORS.iter())
        .chain(custom::registered())
}

/// What the fix of a rule (or load error) does, if it has one.
pub fn fix_meta(name: &str) -> Option<&'static FixMeta> {
    if name == UNUSED_ALLOW.name {
        return Some(&unused_allow::FIX);
    }
    RULES
        .iter()
        .find(|rule| rule.meta().name == name)
        .and_then(|rule| rule.fix())
        .or_else(|| load_errors::fix_meta(name))
}

pub use unused_allow::fix as unused_allow_fix;

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

/// What a rule reports, before levels and `allow` apply.
#[derive(Debug)]
pub struct Report {
    pub element: Element,
    pub span: Span,
    pub message: String,
    pub help: String,
    /// Edits that resolve it, when the rule knows them.
    pub fix: Option<Fix>,
}

/// What a rule sees: the journey, its options and today's date.
pub struct Context<'j> {
    pub journey: &'j Journey,
    pub today: jiff::civil::Date,
    meta: &'static RuleMeta,
    /// One value per declared option, in [`RuleMeta::options`] order.
    options: Vec<f64>,
    reports: Vec<Report>,
}

impl<'j> Context<'j> {
    /// A context for `meta`'s rule; `options` holds a value per declared option, in order
    /// (missing ones take their default).
    pub fn new(
        journey: &'j Journey,
        today: jiff::civil::Date,
        meta: &'static RuleMeta,
        options: Vec<f64>,
    ) -> Self {
        Context {
            journey,
            today,
            meta,
            options,
            reports: Vec::new(),
        }
    }

    /// The configured value of one of the rule's declared options, else its default.
    pub fn option(&self, option: &RuleOption) -> f64 {
        self.meta
            .options
            .iter()
            .position(|declared| declared.name == option.name)
            .and_then(|index| self.options.get(index).copied())
            .unwrap_or(option.default)
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

    /// What the rule reported, in order.
    pub fn into_reports(self) -> Vec<Report> {
        self.reports
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every option a rule declares has a unique name and a default its kind allows.
    #[test]
    fn options_are_declared_once_with_valid_defaults() {
        for meta in all_meta() {
            let mut names: Vec<&str> = meta.options.iter().map(|option| option.name).collect();
            names.sort_unstable();
            names.dedup();
            assert_eq!(names.len(), meta.options.len(), "{}", meta.name);
            for option in meta.options {
                assert!(option.default >= 0.0, "{}.{}", meta.name, option.name);
                if option.kind == OptionKind::Count {
                    assert_eq!(option.default.fract(), 0.0, "{}.{}", meta.name, option.name);
                }
            }
        }
    }
}
