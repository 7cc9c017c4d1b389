//! Findings: what load errors and lint rules report, and what every output format prints.

use crate::model::ElementKey;
use crate::source::{SourceFile, Span};
use serde::Serialize;
use std::sync::Arc;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Warning,
    Error,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Error => "error",
            Level::Warning => "warning",
        }
    }
}

/// One problem at one place in one file.
#[derive(Debug, Clone)]
pub struct Finding {
    pub rule: &'static str,
    pub level: Level,
    pub span: Span,
    pub message: String,
    pub help: Option<String>,
    /// Other places worth showing, e.g. where a duplicate id was first written.
    pub related: Vec<(Span, String)>,
    /// A stable name of the element the finding is about (`touchpoint:kickoff`),
    /// used by baselines so that editing lines above an element does not break them.
    pub element: Option<ElementKey>,
    /// Edits that resolve the finding (`jmap lint --fix`, code actions).
    pub fix: Option<crate::fix::Fix>,
}

impl Finding {
    pub fn error(rule: &'static str, span: Span, message: impl Into<String>) -> Self {
        Finding {
            rule,
            level: Level::Error,
            span,
            message: message.into(),
            help: None,
            related: Vec::new(),
            element: None,
            fix: None,
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn with_related(mut self, span: Span, label: impl Into<String>) -> Self {
        self.related.push((span, label.into()));
        self
    }

    pub fn with_fix(mut self, fix: crate::fix::Fix) -> Self {
        self.fix = Some(fix);
        self
    }

    pub fn with_element(mut self, element: ElementKey) -> Self {
        self.element = Some(element);
        self
    }
}

/// The findings of one file, in the order they appear in it.
#[derive(Debug, Clone)]
pub struct FileFindings {
    pub source: Arc<SourceFile>,
    pub findings: Vec<Finding>,
}

impl FileFindings {
    pub fn sort(&mut self) {
        self.findings.sort_by(|a, b| {
            (a.span.start, a.span.end, a.rule, &a.message).cmp(&(
                b.span.start,
                b.span.end,
                b.rule,
                &b.message,
            ))
        });
    }
}

/// Everything one `jmap lint` run found.
#[derive(Debug, Default)]
pub struct LintReport {
    /// Every file read, with its findings (possibly none), in path order.
    pub files: Vec<FileFindings>,
}

impl LintReport {
    pub fn count(&self, level: Level) -> usize {
        self.findings()
            .filter(|(_, finding)| finding.level == level)
            .count()
    }

    pub fn findings(&self) -> impl Iterator<Item = (&FileFindings, &Finding)> {
        self.files
            .iter()
            .flat_map(|file| file.findings.iter().map(move |finding| (file, finding)))
    }
}
