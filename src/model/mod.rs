//! The typed journey: what the loader builds and every command reads.
//!
//! After a successful load every reference is resolved: a touchpoint knows the index of
//! its lane and stage, a handoff the indices of both touchpoints. Lookups by id go through
//! the maps in [`Journey`], never through a scan.
//!
//! Facts (means, the emotion curve, lowest points, drops, metric status, durations, the
//! emotion scale's words) are computed in [`facts`] and nowhere else; element identity is
//! [`element`]; the handoff adjacency the rules walk is [`graph`].

pub mod content;
pub mod element;
pub mod facts;
pub mod graph;

use crate::source::{SourceFile, Span, Spanned};
use std::collections::HashMap;
use std::sync::Arc;

pub use content::{
    Evidence, EvidenceCounts, EvidenceSource, Extension, Origin, PersonaProfile, UsedLibrary,
};
pub use element::{Element, ElementKey, ElementKind, is_valid_id};
pub use facts::{Drop, MetricStatus, StagePoint, TouchpointPoint, emotion_scale, emotion_word};
pub use graph::HandoffGraph;

pub type Text = Spanned<String>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    AsIs,
    ToBe,
}

impl State {
    pub const NAMES: &[&str] = &["as-is", "to-be"];
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "as-is" => Some(State::AsIs),
            "to-be" => Some(State::ToBe),
            _ => None,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            State::AsIs => "as-is",
            State::ToBe => "to-be",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum LaneKind {
    Customer,
    Frontstage,
    Backstage,
    Support,
}

impl LaneKind {
    pub const NAMES: &[&str] = &["customer", "frontstage", "backstage", "support"];
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "customer" => Some(LaneKind::Customer),
            "frontstage" => Some(LaneKind::Frontstage),
            "backstage" => Some(LaneKind::Backstage),
            "support" => Some(LaneKind::Support),
            _ => None,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            LaneKind::Customer => "customer",
            LaneKind::Frontstage => "frontstage",
            LaneKind::Backstage => "backstage",
            LaneKind::Support => "support",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MetricKind {
    Nps,
    Csat,
    Ces,
    Churn,
    Retention,
    Duration,
    Rate,
    Count,
    Custom,
}

impl MetricKind {
    pub const NAMES: &[&str] = &[
        "nps",
        "csat",
        "ces",
        "churn",
        "retention",
        "duration",
        "rate",
        "count",
        "custom",
    ];
    pub fn parse(text: &str) -> Option<Self> {
        use MetricKind::*;
        Some(match text {
            "nps" => Nps,
            "csat" => Csat,
            "ces" => Ces,
            "churn" => Churn,
            "retention" => Retention,
            "duration" => Duration,
            "rate" => Rate,
            "count" => Count,
            "custom" => Custom,
            _ => return None,
        })
    }
    pub fn as_str(self) -> &'static str {
        use MetricKind::*;
        match self {
            Nps => "nps",
            Csat => "csat",
            Ces => "ces",
            Churn => "churn",
            Retention => "retention",
            Duration => "duration",
            Rate => "rate",
            Count => "count",
            Custom => "custom",
        }
    }
    /// Kinds that ask the client how they feel: what a milestone should be measured by.
    pub fn is_feedback(self) -> bool {
        matches!(self, MetricKind::Nps | MetricKind::Csat | MetricKind::Ces)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Low,
    Medium,
    High,
}

impl Severity {
    pub const NAMES: &[&str] = &["low", "medium", "high"];
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "low" => Some(Severity::Low),
            "medium" => Some(Severity::Medium),
            "high" => Some(Severity::High),
            _ => None,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Comparison {
    AtLeast,
    Above,
    AtMost,
    Below,
    Equal,
}

impl Comparison {
    pub fn as_str(self) -> &'static str {
        match self {
            Comparison::AtLeast => ">=",
            Comparison::Above => ">",
            Comparison::AtMost => "<=",
            Comparison::Below => "<",
            Comparison::Equal => "=",
        }
    }
}

/// A metric target such as `>= 85`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Target {
    pub comparison: Comparison,
    pub value: f64,
}

impl Target {
    /// Parses `OP NUMBER` with OP one of `>=`, `>`, `<=`, `<`, `=`.
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        let (comparison, rest) = if let Some(rest) = text.strip_prefix(">=") {
            (Comparison::AtLeast, rest)
        } else if let Some(rest) = text.strip_prefix("<=") {
            (Comparison::AtMost, rest)
        } else if let Some(rest) = text.strip_prefix('>') {
            (Comparison::Above, rest)
        } else if let Some(rest) = text.strip_prefix('<') {
            (Comparison::Below, rest)
        } else if let Some(rest) = text.strip_prefix('=') {
            (Comparison::Equal, rest)
        } else {
            return None;
        };
        let value = parse_number(rest.trim())?;
        Some(Target { comparison, value })
    }

    pub fn is_met_by(&self, current: f64) -> bool {
        match self.comparison {
            Comparison::AtLeast => current >= self.value,
            Comparison::Above => current > self.value,
            Comparison::AtMost => current <= self.value,
            Comparison::Below => current < self.value,
            Comparison::Equal => (current - self.value).abs() < 1e-9,
        }
    }
}

impl std::fmt::Display for Target {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} {}",
            self.comparison.as_str(),
            crate::text::number(self.value)
        )
    }
}

/// A finite decimal number as YAML's core schema writes it (`85`, `-1.5`, `1e3`).
pub fn parse_number(text: &str) -> Option<f64> {
    let valid = !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'-' | b'+' | b'.' | b'e' | b'E'))
        && text.bytes().any(|b| b.is_ascii_digit());
    if !valid {
        return None;
    }
    text.parse::<f64>().ok().filter(|value| value.is_finite())
}

/// An SLA such as `30m`, `4h`, `2d` or `1w`, kept in minutes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Duration {
    pub minutes: u64,
}

impl Duration {
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        let unit = text.chars().last()?;
        let number = &text[..text.len() - unit.len_utf8()];
        if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let count: u64 = number.parse().ok()?;
        let per_unit = match unit {
            'm' => 1,
            'h' => 60,
            'd' => 60 * 24,
            'w' => 60 * 24 * 7,
            _ => return None,
        };
        Some(Duration {
            minutes: count.checked_mul(per_unit)?,
        })
    }
}

#[derive(Debug, Clone)]
pub struct Pain {
    pub text: Text,
    pub severity: Severity,
    pub span: Span,
    pub evidence: Vec<Evidence>,
    pub extensions: Vec<Extension>,
}

#[derive(Debug, Clone)]
pub struct JourneyMeta {
    pub id: Text,
    pub title: Text,
    pub state: State,
    pub owner: Option<Text>,
    pub reviewed: Option<Spanned<jiff::civil::Date>>,
    /// The persona's one line: the text form, or a profile's `name`.
    pub persona: Option<Text>,
    /// `persona:` written as a mapping (revision 2).
    pub persona_profile: Option<PersonaProfile>,
    pub description: Option<Text>,
    pub evidence: Vec<Evidence>,
    pub allow: Vec<Text>,
    /// `x-` keys of the `journey:` mapping.
    pub extensions: Vec<Extension>,
    /// The `journey:` key: where findings about the whole journey point.
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct Lane {
    pub id: Text,
    pub name: Text,
    pub kind: LaneKind,
    pub owner: Option<Text>,
    pub allow: Vec<Text>,
    pub extensions: Vec<Extension>,
    /// Set when a string entry brought this lane in from a library; every span above then
    /// points at that entry in the journey.
    pub origin: Option<Origin>,
}

#[derive(Debug, Clone)]
pub struct Metric {
    pub id: Text,
    pub name: Text,
    pub kind: MetricKind,
    pub unit: Option<Text>,
    pub target: Option<Spanned<Target>>,
    pub current: Option<Spanned<f64>>,
    /// Date of `current`.
    pub measured: Option<Spanned<jiff::civil::Date>>,
    /// Responses behind `current`.
    pub sample: Option<Spanned<u64>>,
    pub extensions: Vec<Extension>,
    /// Set when a string entry brought this metric in from a library; every span above then
    /// points at that entry in the journey.
    pub origin: Option<Origin>,
}

#[derive(Debug, Clone)]
pub struct Stage {
    pub id: Text,
    pub name: Text,
    pub goal: Option<Text>,
    pub description: Option<Text>,
    /// Indices into [`Journey::metrics`], in the order written.
    pub metrics: Vec<Spanned<usize>>,
    /// Indices into [`Journey::touchpoints`], in journey order.
    pub touchpoints: Vec<usize>,
    pub allow: Vec<Text>,
    pub extensions: Vec<Extension>,
    /// The whole stage mapping.
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct Touchpoint {
    pub id: Text,
    pub name: Text,
    pub stage: usize,
    pub lane: Spanned<usize>,
    /// Who is accountable for this touchpoint.
    pub owner: Option<Text>,
    pub description: Option<Text>,
    pub channel: Option<Text>,
    pub emotion: Option<Spanned<i8>>,
    pub milestone: bool,
    pub metrics: Vec<Spanned<usize>>,
    pub pains: Vec<Pain>,
    pub opportunities: Vec<Text>,
    /// Indices into [`Journey::handoffs`] leaving this touchpoint, in the order written.
    pub handoffs: Vec<usize>,
    pub evidence: Vec<Evidence>,
    pub allow: Vec<Text>,
    pub extensions: Vec<Extension>,
    /// The whole touchpoint mapping.
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct Handoff {
    pub from: usize,
    pub to: Spanned<usize>,
    pub owner: Option<Text>,
    pub artifact: Option<Text>,
    pub sla: Option<Spanned<Duration>>,
    pub rework: bool,
    pub allow: Vec<Text>,
    pub extensions: Vec<Extension>,
    /// The whole handoff entry.
    pub span: Span,
}

/// What [`Journey::handoff_source`] and [`Journey::handoff_target`] return for an index
/// outside the journey, instead of panicking.
static DETACHED: Touchpoint = Touchpoint {
    id: Spanned {
        value: String::new(),
        span: Span { start: 0, end: 0 },
    },
    name: Spanned {
        value: String::new(),
        span: Span { start: 0, end: 0 },
    },
    stage: usize::MAX,
    lane: Spanned {
        value: usize::MAX,
        span: Span { start: 0, end: 0 },
    },
    owner: None,
    description: None,
    channel: None,
    emotion: None,
    milestone: false,
    metrics: Vec::new(),
    pains: Vec::new(),
    opportunities: Vec::new(),
    handoffs: Vec::new(),
    evidence: Vec::new(),
    allow: Vec::new(),
    extensions: Vec::new(),
    span: Span { start: 0, end: 0 },
};

/// A loaded, fully resolved journey.
#[derive(Debug)]
pub struct Journey {
    pub source: Arc<SourceFile>,
    /// The libraries of `uses:`, in the order written.
    pub uses: Vec<UsedLibrary>,
    /// `x-` keys at the top of the file.
    pub extensions: Vec<Extension>,
    pub meta: JourneyMeta,
    pub lanes: Vec<Lane>,
    pub metrics: Vec<Metric>,
    pub stages: Vec<Stage>,
    pub touchpoints: Vec<Touchpoint>,
    pub handoffs: Vec<Handoff>,
    /// The `lanes:` key, or the `journey:` key when there is none.
    pub lanes_span: Span,
    pub lane_index: HashMap<String, usize>,
    pub metric_index: HashMap<String, usize>,
    pub stage_index: HashMap<String, usize>,
    pub touchpoint_index: HashMap<String, usize>,
    pub graph: HandoffGraph,
}

impl Journey {
    /// The touchpoint a handoff leaves (a detached placeholder if the index were ever
    /// out of range; the loader resolves every handoff).
    pub fn handoff_source(&self, handoff: &Handoff) -> &Touchpoint {
        self.touchpoints.get(handoff.from).unwrap_or(&DETACHED)
    }

    /// The touchpoint a handoff arrives at.
    pub fn handoff_target(&self, handoff: &Handoff) -> &Touchpoint {
        self.touchpoints.get(handoff.to.value).unwrap_or(&DETACHED)
    }

    /// The id of the stage at `index` (empty when there is none).
    pub fn stage_id(&self, index: usize) -> &str {
        self.stages
            .get(index)
            .map_or("", |stage| stage.id.value.as_str())
    }

    /// The id of the lane at `index` (empty when there is none).
    pub fn lane_id(&self, index: usize) -> &str {
        self.lanes
            .get(index)
            .map_or("", |lane| lane.id.value.as_str())
    }

    /// A handoff whose two touchpoints sit in different lanes.
    pub fn is_cross_lane(&self, handoff: &Handoff) -> bool {
        self.handoff_source(handoff).lane.value != self.handoff_target(handoff).lane.value
    }

    /// The id a handoff goes by in diffs and baselines: `SOURCE->TARGET`.
    pub fn handoff_id(&self, handoff: &Handoff) -> String {
        element::handoff_id(
            &self.handoff_source(handoff).id.value,
            &self.handoff_target(handoff).id.value,
        )
    }
}
