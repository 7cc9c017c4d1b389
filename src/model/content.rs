//! Revision 2 content: persona profiles, evidence, `x-` extension keys and where an
//! element defined in a library came from.

use crate::source::{SourceFile, Span, Spanned};
use std::sync::Arc;

use super::Text;

/// Where a finding, pain or whole map's knowledge comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EvidenceSource {
    Interview,
    Survey,
    Analytics,
    SupportTickets,
    Workshop,
    Observation,
    Other,
}

impl EvidenceSource {
    pub const NAMES: &[&str] = &[
        "interview",
        "survey",
        "analytics",
        "support-tickets",
        "workshop",
        "observation",
        "other",
    ];
    pub fn parse(text: &str) -> Option<Self> {
        use EvidenceSource::*;
        Some(match text {
            "interview" => Interview,
            "survey" => Survey,
            "analytics" => Analytics,
            "support-tickets" => SupportTickets,
            "workshop" => Workshop,
            "observation" => Observation,
            "other" => Other,
            _ => return None,
        })
    }
    pub fn as_str(self) -> &'static str {
        Self::NAMES.get(self as usize).copied().unwrap_or("other")
    }
}

/// One item of an `evidence` list: text (short form) or `{source, ref, date, quote}`.
#[derive(Debug, Clone)]
pub struct Evidence {
    /// `None` for the short form.
    pub source: Option<Spanned<EvidenceSource>>,
    /// The short form's text, or the long form's `ref`.
    pub reference: Option<Text>,
    pub date: Option<Spanned<jiff::civil::Date>>,
    pub quote: Option<Text>,
    pub extensions: Vec<Extension>,
    pub span: Span,
}

/// `persona:` written as a mapping.
#[derive(Debug, Clone, Default)]
pub struct PersonaProfile {
    pub name: Option<Text>,
    pub role: Option<Text>,
    pub goals: Vec<Text>,
    pub needs: Vec<Text>,
    pub quote: Option<Text>,
    pub extensions: Vec<Extension>,
    pub span: Span,
}

/// An `x-` key and its value, carried to the JSON export untouched and never linted.
#[derive(Debug, Clone, PartialEq)]
pub struct Extension {
    pub key: Text,
    pub value: serde_json::Value,
}

/// A library named in `uses:`, as loaded.
#[derive(Debug, Clone)]
pub struct UsedLibrary {
    /// The `uses:` entry as written in the journey.
    pub entry: Text,
    /// The library file (its display path is the journey's folder joined with the entry).
    pub source: Arc<SourceFile>,
}

/// Where a lane or metric brought in by a string entry is defined.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Origin {
    /// Index into [`super::Journey::uses`].
    pub library: usize,
    /// The definition (the whole mapping) in the library's source.
    pub span: Span,
    /// The `id` value in the library's source.
    pub id_span: Span,
}

/// How much of a journey rests on evidence: computed once, shown by the report.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct EvidenceCounts {
    /// Items on the journey itself.
    pub journey: usize,
    /// Items on touchpoints.
    pub touchpoints: usize,
    /// Items on pains.
    pub pains: usize,
    /// Pains of severity `high`.
    pub high_pains: usize,
    /// High pains with evidence on the pain, its touchpoint or the journey.
    pub high_pains_evidenced: usize,
}

impl super::Journey {
    /// Whether a pain has evidence on itself, its touchpoint or the journey.
    pub fn pain_has_evidence(&self, touchpoint: usize, pain: usize) -> bool {
        let Some(owner) = self.touchpoints.get(touchpoint) else {
            return false;
        };
        !self.meta.evidence.is_empty()
            || !owner.evidence.is_empty()
            || owner
                .pains
                .get(pain)
                .is_some_and(|pain| !pain.evidence.is_empty())
    }

    pub fn evidence_counts(&self) -> EvidenceCounts {
        let mut counts = EvidenceCounts {
            journey: self.meta.evidence.len(),
            ..EvidenceCounts::default()
        };
        for (t, touchpoint) in self.touchpoints.iter().enumerate() {
            counts.touchpoints += touchpoint.evidence.len();
            for (p, pain) in touchpoint.pains.iter().enumerate() {
                counts.pains += pain.evidence.len();
                if pain.severity == super::Severity::High {
                    counts.high_pains += 1;
                    if self.pain_has_evidence(t, p) {
                        counts.high_pains_evidenced += 1;
                    }
                }
            }
        }
        counts
    }
}
