//! Element identity: [`Element`] points into one loaded journey; [`ElementKey`] names an
//! element independently of lines and of which version of the journey it is in
//! (`touchpoint:kickoff`, `handoff:a->b`). Findings, baselines, SARIF fingerprints, the
//! map's finding marks and diff overlays all use these two types: no element key is built
//! or parsed anywhere else.

use super::Journey;
use std::fmt;

/// What kind of element a key names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ElementKind {
    Journey,
    Lane,
    Metric,
    Stage,
    Touchpoint,
    Handoff,
    Pain,
}

impl ElementKind {
    pub const ALL: &[ElementKind] = &[
        ElementKind::Journey,
        ElementKind::Lane,
        ElementKind::Metric,
        ElementKind::Stage,
        ElementKind::Touchpoint,
        ElementKind::Handoff,
        ElementKind::Pain,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ElementKind::Journey => "journey",
            ElementKind::Lane => "lane",
            ElementKind::Metric => "metric",
            ElementKind::Stage => "stage",
            ElementKind::Touchpoint => "touchpoint",
            ElementKind::Handoff => "handoff",
            ElementKind::Pain => "pain",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|kind| kind.as_str() == text)
    }
}

/// One element of a loaded journey, by index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Element {
    Journey,
    Lane(usize),
    Metric(usize),
    Stage(usize),
    Touchpoint(usize),
    Handoff(usize),
    /// The `pain`-th pain of a touchpoint.
    Pain {
        touchpoint: usize,
        pain: usize,
    },
}

impl Element {
    pub fn kind(self) -> ElementKind {
        match self {
            Element::Journey => ElementKind::Journey,
            Element::Lane(_) => ElementKind::Lane,
            Element::Metric(_) => ElementKind::Metric,
            Element::Stage(_) => ElementKind::Stage,
            Element::Touchpoint(_) => ElementKind::Touchpoint,
            Element::Handoff(_) => ElementKind::Handoff,
            Element::Pain { .. } => ElementKind::Pain,
        }
    }

    /// The stable key: `touchpoint:kickoff`, `handoff:a->b`, `pain:kickoff/2` (1-based).
    /// An index outside the journey gives an empty id (never a panic).
    pub fn key(self, journey: &Journey) -> ElementKey {
        let id = |text: Option<&String>| text.cloned().unwrap_or_default();
        let id = match self {
            Element::Journey => journey.meta.id.value.clone(),
            Element::Lane(index) => id(journey.lanes.get(index).map(|lane| &lane.id.value)),
            Element::Metric(index) => id(journey.metrics.get(index).map(|m| &m.id.value)),
            Element::Stage(index) => id(journey.stages.get(index).map(|s| &s.id.value)),
            Element::Touchpoint(index) => id(journey.touchpoints.get(index).map(|t| &t.id.value)),
            Element::Handoff(index) => journey
                .handoffs
                .get(index)
                .map(|handoff| {
                    handoff_id(
                        journey
                            .touchpoints
                            .get(handoff.from)
                            .map_or("", |t| &t.id.value),
                        journey
                            .touchpoints
                            .get(handoff.to.value)
                            .map_or("", |t| &t.id.value),
                    )
                })
                .unwrap_or_default(),
            Element::Pain { touchpoint, pain } => format!(
                "{}/{}",
                id(journey.touchpoints.get(touchpoint).map(|t| &t.id.value)),
                pain.saturating_add(1)
            ),
        };
        ElementKey {
            kind: self.kind(),
            id,
            part: None,
        }
    }

    /// How a reader names the element: a touchpoint by its name, `stage NAME`,
    /// `lane NAME`, `metric NAME`, a handoff as `FROM → TO`, `journey`.
    pub fn label(self, journey: &Journey) -> String {
        let touchpoint =
            |index: usize| journey.touchpoints.get(index).map(|t| t.name.value.clone());
        let label = match self {
            Element::Journey => Some("journey".to_string()),
            Element::Lane(index) => journey
                .lanes
                .get(index)
                .map(|lane| format!("lane {}", lane.name.value)),
            Element::Metric(index) => journey
                .metrics
                .get(index)
                .map(|metric| format!("metric {}", metric.name.value)),
            Element::Stage(index) => journey
                .stages
                .get(index)
                .map(|stage| format!("stage {}", stage.name.value)),
            Element::Touchpoint(index) => touchpoint(index),
            Element::Handoff(index) => journey.handoffs.get(index).and_then(|handoff| {
                Some(format!(
                    "{} → {}",
                    touchpoint(handoff.from)?,
                    touchpoint(handoff.to.value)?
                ))
            }),
            Element::Pain {
                touchpoint: index, ..
            } => touchpoint(index).map(|name| format!("pain at {name}")),
        };
        label.unwrap_or_else(|| self.key(journey).to_string())
    }
}

/// The id a handoff goes by: `SOURCE->TARGET`.
pub fn handoff_id(from: &str, to: &str) -> String {
    [from, "->", to].concat()
}

/// An element's identity across lines and versions: kind, id and, for a finding about a
/// part of the element, that part (`allow:RULE` for one entry of its `allow` list).
/// Written `kind:id` or `kind:id#part`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ElementKey {
    pub kind: ElementKind,
    pub id: String,
    pub part: Option<String>,
}

impl ElementKey {
    pub fn new(kind: ElementKind, id: impl Into<String>) -> Self {
        ElementKey {
            kind,
            id: id.into(),
            part: None,
        }
    }

    /// The key of one `allow` entry of this element.
    pub fn allow_entry(mut self, rule: &str) -> Self {
        self.part = Some(format!("allow:{rule}"));
        self
    }

    /// The whole element, without the part.
    pub fn element(&self) -> ElementKey {
        ElementKey::new(self.kind, self.id.clone())
    }

    /// The element of `journey` this key names, if it has one.
    pub fn resolve(&self, journey: &Journey) -> Option<Element> {
        let id = self.id.as_str();
        match self.kind {
            ElementKind::Journey => (journey.meta.id.value == id).then_some(Element::Journey),
            ElementKind::Lane => journey.lane_index.get(id).map(|&i| Element::Lane(i)),
            ElementKind::Metric => journey.metric_index.get(id).map(|&i| Element::Metric(i)),
            ElementKind::Stage => journey.stage_index.get(id).map(|&i| Element::Stage(i)),
            ElementKind::Touchpoint => journey
                .touchpoint_index
                .get(id)
                .map(|&i| Element::Touchpoint(i)),
            ElementKind::Handoff => {
                let (from, to) = id.split_once("->")?;
                let from = *journey.touchpoint_index.get(from)?;
                let to = *journey.touchpoint_index.get(to)?;
                journey
                    .handoffs
                    .iter()
                    .position(|handoff| handoff.from == from && handoff.to.value == to)
                    .map(Element::Handoff)
            }
            ElementKind::Pain => {
                let (touchpoint, number) = id.rsplit_once('/')?;
                let touchpoint = *journey.touchpoint_index.get(touchpoint)?;
                let pain = number.parse::<usize>().ok()?.checked_sub(1)?;
                let exists = journey
                    .touchpoints
                    .get(touchpoint)
                    .is_some_and(|t| pain < t.pains.len());
                exists.then_some(Element::Pain { touchpoint, pain })
            }
        }
    }

    /// Reads a key as [`fmt::Display`] writes it (baseline files hold them as text).
    pub fn parse(text: &str) -> Option<Self> {
        let (base, part) = match text.split_once('#') {
            Some((base, part)) => (base, Some(part.to_string())),
            None => (text, None),
        };
        let (kind, id) = base.split_once(':')?;
        Some(ElementKey {
            kind: ElementKind::parse(kind)?,
            id: id.to_string(),
            part,
        })
    }
}

impl fmt::Display for ElementKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.kind.as_str(), self.id)?;
        if let Some(part) = &self.part {
            write!(f, "#{part}")?;
        }
        Ok(())
    }
}

/// `^[a-z0-9][a-z0-9_-]*$`: the contract's pattern for every id.
pub fn is_valid_id(id: &str) -> bool {
    let mut bytes = id.bytes();
    matches!(bytes.next(), Some(b'a'..=b'z' | b'0'..=b'9'))
        && bytes.all(|b| matches!(b, b'a'..=b'z' | b'0'..=b'9' | b'_' | b'-'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_read_back_as_written() {
        for text in [
            "touchpoint:kickoff",
            "handoff:a->b",
            "journey:j#allow:stale-review",
            "pain:kickoff/2",
        ] {
            let key = ElementKey::parse(text).map(|key| key.to_string());
            assert_eq!(key.as_deref(), Some(text));
        }
        assert_eq!(ElementKey::parse("nothing:x"), None);
        assert_eq!(ElementKey::parse("touchpoint"), None);
        let key = ElementKey::new(ElementKind::Lane, "ops").allow_entry("unused-lane");
        assert_eq!(key.to_string(), "lane:ops#allow:unused-lane");
        assert_eq!(key.element().to_string(), "lane:ops");
    }
}
