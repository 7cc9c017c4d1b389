//! Custom rules (`custom-rules:` in `.jmap.yaml`): a team's own checks, without code.
//!
//! A rule is compiled once when the configuration is read ([`Path::compile`] resolves
//! every path segment to a [`Step`], regular expressions are built then), so checking a
//! journey walks the model directly, like a built-in rule of the same shape.

use super::{Context, Element, RuleMeta};
use crate::diagnostic::Level;
use crate::model::{Evidence, Journey, Text};
use std::sync::RwLock;

/// The kind of element a custom rule looks at (`for:`), and of each path segment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Journey,
    Lane,
    Metric,
    Stage,
    Touchpoint,
    Handoff,
    Pain,
    Evidence,
    Opportunity,
}

impl Kind {
    /// The kinds `for:` accepts.
    pub const FOR_NAMES: &[&str] = &[
        "journey",
        "lane",
        "metric",
        "stage",
        "touchpoint",
        "handoff",
        "pain",
    ];

    pub fn parse_for(text: &str) -> Option<Kind> {
        Some(match text {
            "journey" => Kind::Journey,
            "lane" => Kind::Lane,
            "metric" => Kind::Metric,
            "stage" => Kind::Stage,
            "touchpoint" => Kind::Touchpoint,
            "handoff" => Kind::Handoff,
            "pain" => Kind::Pain,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Journey => "journey",
            Kind::Lane => "lane",
            Kind::Metric => "metric",
            Kind::Stage => "stage",
            Kind::Touchpoint => "touchpoint",
            Kind::Handoff => "handoff",
            Kind::Pain => "pain",
            Kind::Evidence => "evidence",
            Kind::Opportunity => "opportunity",
        }
    }

    /// The path segments this kind of element has.
    pub fn steps(self) -> &'static [(&'static str, Step)] {
        use Step::*;
        match self {
            Kind::Journey => &[
                ("id", JourneyId),
                ("title", JourneyTitle),
                ("state", JourneyState),
                ("owner", JourneyOwner),
                ("reviewed", JourneyReviewed),
                ("persona", JourneyPersona),
                ("description", JourneyDescription),
                ("evidence", JourneyEvidence),
                ("lanes", JourneyLanes),
                ("metrics", JourneyMetrics),
                ("stages", JourneyStages),
                ("touchpoints", JourneyTouchpoints),
                ("handoffs", JourneyHandoffs),
                ("pains", JourneyPains),
            ],
            Kind::Lane => &[
                ("id", LaneId),
                ("name", LaneName),
                ("kind", LaneKind),
                ("owner", LaneOwner),
                ("touchpoints", LaneTouchpoints),
            ],
            Kind::Metric => &[
                ("id", MetricId),
                ("name", MetricName),
                ("kind", MetricKind),
                ("unit", MetricUnit),
                ("target", MetricTarget),
                ("current", MetricCurrent),
                ("measured", MetricMeasured),
                ("sample", MetricSample),
                ("stages", MetricStages),
                ("touchpoints", MetricTouchpoints),
            ],
            Kind::Stage => &[
                ("id", StageId),
                ("name", StageName),
                ("goal", StageGoal),
                ("description", StageDescription),
                ("metrics", StageMetrics),
                ("touchpoints", StageTouchpoints),
                ("handoffs", StageHandoffs),
                ("pains", StagePains),
            ],
            Kind::Touchpoint => &[
                ("id", TouchpointId),
                ("name", TouchpointName),
                ("owner", TouchpointOwner),
                ("description", TouchpointDescription),
                ("channel", TouchpointChannel),
                ("emotion", TouchpointEmotion),
                ("milestone", TouchpointMilestone),
                ("lane", TouchpointLane),
                ("stage", TouchpointStage),
                ("metrics", TouchpointMetrics),
                ("pains", TouchpointPains),
                ("opportunities", TouchpointOpportunities),
                ("handoffs", TouchpointHandoffs),
                ("evidence", TouchpointEvidence),
            ],
            Kind::Handoff => &[
                ("owner", HandoffOwner),
                ("artifact", HandoffArtifact),
                ("sla", HandoffSla),
                ("rework", HandoffRework),
                ("cross-lane", HandoffCrossLane),
                ("touchpoint", HandoffSource),
                ("to", HandoffTarget),
            ],
            Kind::Pain => &[
                ("text", PainText),
                ("severity", PainSeverity),
                ("touchpoint", PainTouchpoint),
                ("evidence", PainEvidence),
            ],
            Kind::Evidence => &[
                ("source", EvidenceSource),
                ("ref", EvidenceRef),
                ("date", EvidenceDate),
                ("quote", EvidenceQuote),
            ],
            Kind::Opportunity => &[],
        }
    }
}

/// What a path segment leads to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// A value of this type.
    Value(ValueType),
    /// One related element.
    One(Kind),
    /// A list of related elements.
    List(Kind),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueType {
    Text,
    /// Text with a fixed set of values.
    Enum(&'static [&'static str]),
    Number,
    Bool,
    /// A date, compared as a date; `min`/`max` take `YYYY-MM-DD`.
    Date,
    /// An SLA, compared in minutes; arguments may be written `2d`.
    Duration,
}

/// One resolved path segment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    JourneyId,
    JourneyTitle,
    JourneyState,
    JourneyOwner,
    JourneyReviewed,
    JourneyPersona,
    JourneyDescription,
    JourneyEvidence,
    JourneyLanes,
    JourneyMetrics,
    JourneyStages,
    JourneyTouchpoints,
    JourneyHandoffs,
    JourneyPains,
    LaneId,
    LaneName,
    LaneKind,
    LaneOwner,
    LaneTouchpoints,
    MetricId,
    MetricName,
    MetricKind,
    MetricUnit,
    MetricTarget,
    MetricCurrent,
    MetricMeasured,
    MetricSample,
    MetricStages,
    MetricTouchpoints,
    StageId,
    StageName,
    StageGoal,
    StageDescription,
    StageMetrics,
    StageTouchpoints,
    StageHandoffs,
    StagePains,
    TouchpointId,
    TouchpointName,
    TouchpointOwner,
    TouchpointDescription,
    TouchpointChannel,
    TouchpointEmotion,
    TouchpointMilestone,
    TouchpointLane,
    TouchpointStage,
    TouchpointMetrics,
    TouchpointPains,
    TouchpointOpportunities,
    TouchpointHandoffs,
    TouchpointEvidence,
    HandoffOwner,
    HandoffArtifact,
    HandoffSla,
    HandoffRework,
    HandoffCrossLane,
    HandoffSource,
    HandoffTarget,
    PainText,
    PainSeverity,
    PainTouchpoint,
    PainEvidence,
    EvidenceSource,
    EvidenceRef,
    EvidenceDate,
    EvidenceQuote,
}

impl Step {
    pub fn shape(self) -> Shape {
        use Shape::*;
        use Step::*;
        use ValueType as V;
        match self {
            JourneyId
            | JourneyTitle
            | JourneyOwner
            | JourneyPersona
            | JourneyDescription
            | LaneId
            | LaneName
            | LaneOwner
            | MetricId
            | MetricName
            | MetricUnit
            | MetricTarget
            | StageId
            | StageName
            | StageGoal
            | StageDescription
            | TouchpointId
            | TouchpointName
            | TouchpointOwner
            | TouchpointDescription
            | TouchpointChannel
            | HandoffOwner
            | HandoffArtifact
            | PainText
            | EvidenceRef
            | EvidenceQuote => Value(V::Text),
            JourneyState => Value(V::Enum(crate::model::State::NAMES)),
            LaneKind => Value(V::Enum(crate::model::LaneKind::NAMES)),
            MetricKind => Value(V::Enum(crate::model::MetricKind::NAMES)),
            PainSeverity => Value(V::Enum(crate::model::Severity::NAMES)),
            EvidenceSource => Value(V::Enum(crate::model::EvidenceSource::NAMES)),
            JourneyReviewed | MetricMeasured | EvidenceDate => Value(V::Date),
            MetricCurrent | MetricSample | TouchpointEmotion => Value(V::Number),
            TouchpointMilestone | HandoffRework | HandoffCrossLane => Value(V::Bool),
            HandoffSla => Value(V::Duration),
            TouchpointLane => One(Kind::Lane),
            TouchpointStage => One(Kind::Stage),
            HandoffSource | HandoffTarget | PainTouchpoint => One(Kind::Touchpoint),
            JourneyLanes => List(Kind::Lane),
            JourneyMetrics => List(Kind::Metric),
            JourneyStages | MetricStages => List(Kind::Stage),
            JourneyTouchpoints | LaneTouchpoints | StageTouchpoints | MetricTouchpoints => {
                List(Kind::Touchpoint)
            }
            JourneyHandoffs | StageHandoffs | TouchpointHandoffs => List(Kind::Handoff),
            JourneyPains | StagePains | TouchpointPains => List(Kind::Pain),
            JourneyEvidence | TouchpointEvidence | PainEvidence => List(Kind::Evidence),
            TouchpointOpportunities => List(Kind::Opportunity),
            StageMetrics | TouchpointMetrics => List(Kind::Metric),
        }
    }
}

/// A compiled path such as `lane.kind` or `metrics.kind`.
#[derive(Debug, Clone)]
pub struct Path {
    pub text: String,
    pub steps: Vec<Step>,
    /// What the last segment is.
    pub end: Shape,
    /// Some segment is a list: the path yields a list.
    pub is_list: bool,
}

/// Why a path does not compile: the segment (0-based) and a message and help.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathError {
    pub segment: usize,
    pub message: String,
    pub help: String,
}

impl Path {
    /// Resolves `text` from an element of kind `start`.
    pub fn compile(start: Kind, text: &str) -> Result<Path, PathError> {
        let mut kind = start;
        let mut steps = Vec::new();
        let mut end = Shape::One(start);
        let mut is_list = false;
        let segments: Vec<&str> = text.split('.').collect();
        for (index, segment) in segments.iter().enumerate() {
            if let Shape::Value(_) = end {
                return Err(PathError {
                    segment: index,
                    message: format!(
                        "`{}` is a value: `{}` goes nowhere",
                        segments.get(..index).unwrap_or_default().join("."),
                        text
                    ),
                    help: format!(
                        "end the path at `{}`",
                        segments.get(..index).unwrap_or_default().join(".")
                    ),
                });
            }
            let known = kind.steps();
            let Some(&(_, step)) = known.iter().find(|(name, _)| name == segment) else {
                let names: Vec<&str> = known.iter().map(|(name, _)| *name).collect();
                let help = match crate::text::did_you_mean(segment, &names) {
                    Some(suggestion) => format!("did you mean `{suggestion}`?"),
                    None if names.is_empty() => format!("a {} has no fields", kind.as_str()),
                    None => format!("a {} has: {}", kind.as_str(), names.join(", ")),
                };
                return Err(PathError {
                    segment: index,
                    message: format!(
                        "unknown path `{text}`: a {} has no `{segment}`",
                        kind.as_str()
                    ),
                    help,
                });
            };
            steps.push(step);
            end = step.shape();
            match end {
                Shape::One(next) => kind = next,
                Shape::List(next) => {
                    kind = next;
                    is_list = true;
                }
                Shape::Value(_) => {}
            }
        }
        Ok(Path {
            text: text.to_string(),
            steps,
            end,
            is_list,
        })
    }

    /// The type of the values the path yields: an element path compares ids (text).
    pub fn value_type(&self) -> ValueType {
        match self.end {
            Shape::Value(value) => value,
            Shape::One(_) | Shape::List(_) => ValueType::Text,
        }
    }

    /// The last segment is itself a list (`pains`, `metrics`): `present` and `count-*`
    /// look at the list, not at its items.
    pub fn ends_on_list(&self) -> bool {
        matches!(self.end, Shape::List(_))
    }
}

/// A condition argument, converted to the path's value type when compiled.
#[derive(Debug, Clone, PartialEq)]
pub enum Scalar {
    Text(String),
    Number(f64),
    Bool(bool),
}

#[derive(Debug, Clone)]
pub enum Test {
    Equals(Scalar),
    In(Vec<Scalar>),
    Present(bool),
    Matches(regex::Regex),
    Min(f64),
    Max(f64),
    Contains(Scalar),
    CountMin(usize),
    CountMax(usize),
}

impl Test {
    pub const OPS: &[&str] = &[
        "in",
        "present",
        "matches",
        "min",
        "max",
        "contains",
        "count-min",
        "count-max",
    ];
}

#[derive(Debug, Clone)]
pub struct Condition {
    pub path: Path,
    pub test: Test,
    /// As written in `.jmap.yaml`, for `jmap explain`.
    pub written: String,
}

/// A compiled custom rule.
#[derive(Debug, Clone)]
pub struct CustomRule {
    pub id: String,
    /// `custom/ID`, the name findings carry.
    pub name: &'static str,
    pub level: Level,
    pub kind: Kind,
    pub conditions: Vec<Condition>,
    pub requirements: Vec<Condition>,
    pub message: String,
    pub help: Option<String>,
    pub meta: &'static RuleMeta,
}

/// A value a path yields.
#[derive(Debug, Clone, Copy)]
enum Value<'j> {
    Missing,
    Text(&'j str),
    Number(f64),
    Bool(bool),
    Node(Node<'j>),
}

#[derive(Debug, Clone, Copy)]
enum Node<'j> {
    Journey,
    Lane(usize),
    Metric(usize),
    Stage(usize),
    Touchpoint(usize),
    Handoff(usize),
    Pain(usize, usize),
    Evidence(&'j Evidence),
    Opportunity(&'j Text),
}

fn text(value: Option<&Text>) -> Value<'_> {
    value.map_or(Value::Missing, |text| Value::Text(&text.value))
}

fn day_number(date: jiff::civil::Date) -> f64 {
    f64::from((date - jiff::civil::date(1970, 1, 1)).get_days())
}

/// Days since 1970-01-01 of a `YYYY-MM-DD` argument.
pub fn parse_date_argument(text: &str) -> Option<f64> {
    let text = text.trim();
    (text.len() == 10)
        .then(|| text.parse::<jiff::civil::Date>().ok())
        .flatten()
        .map(day_number)
}

fn follow<'j>(journey: &'j Journey, node: Node<'j>, step: Step, out: &mut Vec<Value<'j>>) {
    use Step::*;
    let nodes = |out: &mut Vec<Value<'j>>, items: &mut dyn Iterator<Item = Node<'j>>| {
        out.extend(items.map(Value::Node));
    };
    let one = match (node, step) {
        (Node::Journey, JourneyId) => Value::Text(&journey.meta.id.value),
        (Node::Journey, JourneyTitle) => Value::Text(&journey.meta.title.value),
        (Node::Journey, JourneyState) => Value::Text(journey.meta.state.as_str()),
        (Node::Journey, JourneyOwner) => text(journey.meta.owner.as_ref()),
        (Node::Journey, JourneyReviewed) => journey
            .meta
            .reviewed
            .as_ref()
            .map_or(Value::Missing, |date| Value::Number(day_number(date.value))),
        (Node::Journey, JourneyPersona) => text(journey.meta.persona.as_ref()),
        (Node::Journey, JourneyDescription) => text(journey.meta.description.as_ref()),
        (Node::Journey, JourneyEvidence) => {
            return nodes(out, &mut journey.meta.evidence.iter().map(Node::Evidence));
        }
        (Node::Journey, JourneyLanes) => {
            return nodes(out, &mut (0..journey.lanes.len()).map(Node::Lane));
        }
        (Node::Journey, JourneyMetrics) => {
            return nodes(out, &mut (0..journey.metrics.len()).map(Node::Metric));
        }
        (Node::Journey, JourneyStages) => {
            return nodes(out, &mut (0..journey.stages.len()).map(Node::Stage));
        }
        (Node::Journey, JourneyTouchpoints) => {
            return nodes(
                out,
                &mut (0..journey.touchpoints.len()).map(Node::Touchpoint),
            );
        }
        (Node::Journey, JourneyHandoffs) => {
            return nodes(out, &mut (0..journey.handoffs.len()).map(Node::Handoff));
        }
        (Node::Journey, JourneyPains) => {
            return nodes(
                out,
                &mut journey
                    .touchpoints
                    .iter()
                    .enumerate()
                    .flat_map(|(t, tp)| (0..tp.pains.len()).map(move |p| Node::Pain(t, p))),
            );
        }
        (Node::Lane(index), step) => {
            let Some(lane) = journey.lanes.get(index) else {
                return out.push(Value::Missing);
            };
            match step {
                LaneId => Value::Text(&lane.id.value),
                LaneName => Value::Text(&lane.name.value),
                LaneKind => Value::Text(lane.kind.as_str()),
                LaneOwner => text(lane.owner.as_ref()),
                LaneTouchpoints => {
                    return nodes(
                        out,
                        &mut journey
                            .touchpoints
                            .iter()
                            .enumerate()
                            .filter(|(_, tp)| tp.lane.value == index)
                            .map(|(t, _)| Node::Touchpoint(t)),
                    );
                }
                _ => Value::Missing,
            }
        }
        (Node::Metric(index), step) => {
            let Some(metric) = journey.metrics.get(index) else {
                return out.push(Value::Missing);
            };
            match step {
                MetricId => Value::Text(&metric.id.value),
                MetricName => Value::Text(&metric.name.value),
                MetricKind => Value::Text(metric.kind.as_str()),
                MetricUnit => text(metric.unit.as_ref()),
                MetricTarget => {
                    // The target as written has no owned text: compare its number.
                    metric
                        .target
                        .as_ref()
                        .map_or(Value::Missing, |target| Value::Number(target.value.value))
                }
                MetricCurrent => metric
                    .current
                    .as_ref()
                    .map_or(Value::Missing, |current| Value::Number(current.value)),
                MetricMeasured => metric
                    .measured
                    .as_ref()
                    .map_or(Value::Missing, |date| Value::Number(day_number(date.value))),
                MetricSample => metric
                    .sample
                    .as_ref()
                    .map_or(Value::Missing, |sample| Value::Number(sample.value as f64)),
                MetricStages => {
                    return nodes(
                        out,
                        &mut journey
                            .stages
                            .iter()
                            .enumerate()
                            .filter(|(_, stage)| stage.metrics.iter().any(|m| m.value == index))
                            .map(|(s, _)| Node::Stage(s)),
                    );
                }
                MetricTouchpoints => {
                    return nodes(
                        out,
                        &mut journey
                            .touchpoints
                            .iter()
                            .enumerate()
                            .filter(|(_, tp)| tp.metrics.iter().any(|m| m.value == index))
                            .map(|(t, _)| Node::Touchpoint(t)),
                    );
                }
                _ => Value::Missing,
            }
        }
        (Node::Stage(index), step) => {
            let Some(stage) = journey.stages.get(index) else {
                return out.push(Value::Missing);
            };
            match step {
                StageId => Value::Text(&stage.id.value),
                StageName => Value::Text(&stage.name.value),
                StageGoal => text(stage.goal.as_ref()),
                StageDescription => text(stage.description.as_ref()),
                StageMetrics => {
                    return nodes(
                        out,
                        &mut stage.metrics.iter().map(|m| Node::Metric(m.value)),
                    );
                }
                StageTouchpoints => {
                    return nodes(
                        out,
                        &mut stage.touchpoints.iter().map(|&t| Node::Touchpoint(t)),
                    );
                }
                StageHandoffs => {
                    return nodes(
                        out,
                        &mut stage.touchpoints.iter().flat_map(|&t| {
                            journey
                                .touchpoints
                                .get(t)
                                .into_iter()
                                .flat_map(|touchpoint| touchpoint.handoffs.iter())
                                .map(|&h| Node::Handoff(h))
                        }),
                    );
                }
                StagePains => {
                    return nodes(
                        out,
                        &mut stage.touchpoints.iter().flat_map(|&t| {
                            let count = journey.touchpoints.get(t).map_or(0, |tp| tp.pains.len());
                            (0..count).map(move |p| Node::Pain(t, p))
                        }),
                    );
                }
                _ => Value::Missing,
            }
        }
        (Node::Touchpoint(index), step) => {
            let Some(touchpoint) = journey.touchpoints.get(index) else {
                return out.push(Value::Missing);
            };
            match step {
                TouchpointId => Value::Text(&touchpoint.id.value),
                TouchpointName => Value::Text(&touchpoint.name.value),
                TouchpointOwner => text(touchpoint.owner.as_ref()),
                TouchpointDescription => text(touchpoint.description.as_ref()),
                TouchpointChannel => text(touchpoint.channel.as_ref()),
                TouchpointEmotion => touchpoint
                    .emotion
                    .as_ref()
                    .map_or(Value::Missing, |emotion| {
                        Value::Number(f64::from(emotion.value))
                    }),
                TouchpointMilestone => Value::Bool(touchpoint.milestone),
                TouchpointLane => Value::Node(Node::Lane(touchpoint.lane.value)),
                TouchpointStage => Value::Node(Node::Stage(touchpoint.stage)),
                TouchpointMetrics => {
                    return nodes(
                        out,
                        &mut touchpoint.metrics.iter().map(|m| Node::Metric(m.value)),
                    );
                }
                TouchpointPains => {
                    return nodes(
                        out,
                        &mut (0..touchpoint.pains.len()).map(|p| Node::Pain(index, p)),
                    );
                }
                TouchpointOpportunities => {
                    return nodes(
                        out,
                        &mut touchpoint.opportunities.iter().map(Node::Opportunity),
                    );
                }
                TouchpointHandoffs => {
                    return nodes(
                        out,
                        &mut touchpoint.handoffs.iter().map(|&h| Node::Handoff(h)),
                    );
                }
                TouchpointEvidence => {
                    return nodes(out, &mut touchpoint.evidence.iter().map(Node::Evidence));
                }
                _ => Value::Missing,
            }
        }
        (Node::Handoff(index), step) => {
            let Some(handoff) = journey.handoffs.get(index) else {
                return out.push(Value::Missing);
            };
            match step {
                HandoffOwner => text(handoff.owner.as_ref()),
                HandoffArtifact => text(handoff.artifact.as_ref()),
                HandoffSla => handoff.sla.as_ref().map_or(Value::Missing, |sla| {
                    Value::Number(sla.value.minutes as f64)
                }),
                HandoffRework => Value::Bool(handoff.rework),
                HandoffCrossLane => Value::Bool(journey.is_cross_lane(handoff)),
                HandoffSource => Value::Node(Node::Touchpoint(handoff.from)),
                HandoffTarget => Value::Node(Node::Touchpoint(handoff.to.value)),
                _ => Value::Missing,
            }
        }
        (Node::Pain(touchpoint, index), step) => {
            let Some(pain) = journey
                .touchpoints
                .get(touchpoint)
                .and_then(|owner| owner.pains.get(index))
            else {
                return out.push(Value::Missing);
            };
            match step {
                PainText => Value::Text(&pain.text.value),
                PainSeverity => Value::Text(pain.severity.as_str()),
                PainTouchpoint => Value::Node(Node::Touchpoint(touchpoint)),
                PainEvidence => {
                    return nodes(out, &mut pain.evidence.iter().map(Node::Evidence));
                }
                _ => Value::Missing,
            }
        }
        (Node::Evidence(evidence), step) => match step {
            EvidenceSource => evidence
                .source
                .as_ref()
                .map_or(Value::Missing, |source| Value::Text(source.value.as_str())),
            EvidenceRef => text(evidence.reference.as_ref()),
            EvidenceDate => evidence
                .date
                .as_ref()
                .map_or(Value::Missing, |date| Value::Number(day_number(date.value))),
            EvidenceQuote => text(evidence.quote.as_ref()),
            _ => Value::Missing,
        },
        _ => Value::Missing,
    };
    out.push(one);
}

/// The text an element compares as: its id (a pain's text, an evidence's `ref`).
fn node_text<'j>(journey: &'j Journey, node: Node<'j>) -> Option<&'j str> {
    Some(match node {
        Node::Journey => &journey.meta.id.value,
        Node::Lane(index) => &journey.lanes.get(index)?.id.value,
        Node::Metric(index) => &journey.metrics.get(index)?.id.value,
        Node::Stage(index) => &journey.stages.get(index)?.id.value,
        Node::Touchpoint(index) => &journey.touchpoints.get(index)?.id.value,
        Node::Pain(touchpoint, index) => {
            &journey
                .touchpoints
                .get(touchpoint)?
                .pains
                .get(index)?
                .text
                .value
        }
        Node::Evidence(evidence) => &evidence.reference.as_ref()?.value,
        Node::Opportunity(text) => &text.value,
        Node::Handoff(_) => return None,
    })
}

impl Condition {
    fn holds<'j>(
        &self,
        journey: &'j Journey,
        start: Node<'j>,
        (values, next): (&mut Vec<Value<'j>>, &mut Vec<Value<'j>>),
    ) -> bool {
        values.clear();
        values.push(Value::Node(start));
        for &step in &self.path.steps {
            next.clear();
            for value in values.iter() {
                if let Value::Node(node) = *value {
                    follow(journey, node, step, next);
                }
            }
            std::mem::swap(values, next);
        }
        let items = &values[..];
        match &self.test {
            Test::CountMin(min) => items.len() >= *min,
            Test::CountMax(max) => items.len() <= *max,
            Test::Contains(wanted) => items.iter().any(|item| equals(journey, *item, wanted)),
            Test::Present(wanted) if self.path.ends_on_list() => items.is_empty() != *wanted,
            test if self.path.is_list => items.iter().all(|item| check(journey, *item, test)),
            test => items
                .first()
                .is_some_and(|item| check(journey, *item, test)),
        }
    }
}

fn equals(journey: &Journey, value: Value<'_>, wanted: &Scalar) -> bool {
    match (value, wanted) {
        (Value::Text(text), Scalar::Text(wanted)) => text == wanted,
        (Value::Node(node), Scalar::Text(wanted)) => node_text(journey, node) == Some(wanted),
        (Value::Number(number), Scalar::Number(wanted)) => (number - wanted).abs() < 1e-9,
        (Value::Bool(flag), Scalar::Bool(wanted)) => flag == *wanted,
        _ => false,
    }
}

fn check(journey: &Journey, value: Value<'_>, test: &Test) -> bool {
    match test {
        Test::Equals(wanted) => equals(journey, value, wanted),
        Test::In(options) => options.iter().any(|wanted| equals(journey, value, wanted)),
        Test::Present(wanted) => matches!(value, Value::Missing) != *wanted,
        Test::Matches(regex) => match value {
            Value::Text(text) => regex.is_match(text),
            Value::Node(node) => node_text(journey, node).is_some_and(|text| regex.is_match(text)),
            Value::Number(number) => regex.is_match(&crate::text::number(number)),
            Value::Bool(flag) => regex.is_match(if flag { "true" } else { "false" }),
            Value::Missing => false,
        },
        Test::Min(min) => matches!(value, Value::Number(number) if number >= *min),
        Test::Max(max) => matches!(value, Value::Number(number) if number <= *max),
        // List tests on a single value: compiled away (a list path is required).
        Test::Contains(_) | Test::CountMin(_) | Test::CountMax(_) => false,
    }
}

impl CustomRule {
    /// Reports every element of the rule's kind that passes `where` and fails `require`.
    pub fn check(&self, cx: &mut Context<'_>) {
        let journey = cx.journey;
        let mut elements: Vec<(Node<'_>, Element, crate::source::Span, String)> = Vec::new();
        match self.kind {
            Kind::Journey => elements.push((
                Node::Journey,
                Element::Journey,
                journey.meta.id.span,
                format!("journey `{}`", journey.meta.id.value),
            )),
            Kind::Lane => elements.extend(journey.lanes.iter().enumerate().map(|(i, lane)| {
                (
                    Node::Lane(i),
                    Element::Lane(i),
                    lane.id.span,
                    format!("lane `{}`", lane.id.value),
                )
            })),
            Kind::Metric => {
                elements.extend(journey.metrics.iter().enumerate().map(|(i, metric)| {
                    (
                        Node::Metric(i),
                        Element::Metric(i),
                        metric.id.span,
                        format!("metric `{}`", metric.id.value),
                    )
                }))
            }
            Kind::Stage => elements.extend(journey.stages.iter().enumerate().map(|(i, stage)| {
                (
                    Node::Stage(i),
                    Element::Stage(i),
                    stage.id.span,
                    format!("stage `{}`", stage.id.value),
                )
            })),
            Kind::Touchpoint => {
                elements.extend(journey.touchpoints.iter().enumerate().map(|(i, tp)| {
                    (
                        Node::Touchpoint(i),
                        Element::Touchpoint(i),
                        tp.id.span,
                        format!("touchpoint `{}`", tp.id.value),
                    )
                }))
            }
            Kind::Handoff => {
                elements.extend(journey.handoffs.iter().enumerate().map(|(i, handoff)| {
                    (
                        Node::Handoff(i),
                        Element::Handoff(i),
                        handoff.to.span,
                        format!(
                            "handoff `{}` -> `{}`",
                            journey.handoff_source(handoff).id.value,
                            journey.handoff_target(handoff).id.value
                        ),
                    )
                }))
            }
            Kind::Pain => {
                for (t, touchpoint) in journey.touchpoints.iter().enumerate() {
                    for (p, pain) in touchpoint.pains.iter().enumerate() {
                        elements.push((
                            Node::Pain(t, p),
                            Element::Pain {
                                touchpoint: t,
                                pain: p,
                            },
                            pain.text.span,
                            format!(
                                "pain \"{}\" at touchpoint `{}`",
                                pain.text.value, touchpoint.id.value
                            ),
                        ));
                    }
                }
            }
            Kind::Evidence | Kind::Opportunity => {}
        }
        // Two buffers reused for every element and condition: no allocation per check.
        let (mut values, mut next) = (Vec::new(), Vec::new());
        for (node, element, span, label) in elements {
            let applies = self
                .conditions
                .iter()
                .all(|condition| condition.holds(journey, node, (&mut values, &mut next)));
            if !applies {
                continue;
            }
            let met = self
                .requirements
                .iter()
                .all(|condition| condition.holds(journey, node, (&mut values, &mut next)));
            if !met {
                cx.report(
                    element,
                    span,
                    format!("{label}: {}", self.message),
                    self.help.clone().unwrap_or_else(|| {
                        format!("`jmap explain {}` shows what this rule requires", self.name)
                    }),
                );
            }
        }
    }
}

/// Custom rules' metadata, registered when a configuration is read so that `jmap explain`,
/// SARIF's rule list and `allow` know them. Entries live for the process: a rule read
/// again with the same text reuses its entry.
static REGISTERED: RwLock<Vec<&'static RuleMeta>> = RwLock::new(Vec::new());

pub fn registered() -> Vec<&'static RuleMeta> {
    REGISTERED
        .read()
        .map(|metas| metas.clone())
        .unwrap_or_default()
}

/// Registers (or finds) the metadata of a custom rule.
pub fn register(name: &str, level: Level, summary: &str, explanation: &str) -> &'static RuleMeta {
    let same = |meta: &&&RuleMeta| {
        meta.name == name
            && meta.default_level == level
            && meta.summary == summary
            && meta.explanation == explanation
    };
    if let Ok(metas) = REGISTERED.read()
        && let Some(meta) = metas.iter().find(same)
    {
        return meta;
    }
    let meta: &'static RuleMeta = Box::leak(Box::new(RuleMeta {
        name: Box::leak(name.to_string().into_boxed_str()),
        default_level: level,
        summary: Box::leak(summary.to_string().into_boxed_str()),
        explanation: Box::leak(explanation.to_string().into_boxed_str()),
        options: &[],
        silenceable: true,
    }));
    if let Ok(mut metas) = REGISTERED.write() {
        metas.retain(|known| known.name != name);
        metas.push(meta);
    }
    meta
}
