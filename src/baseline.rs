//! Baselines: adopt jmap on an old journey without fixing everything first.
//!
//! `jmap lint --write-baseline FILE` records today's findings; `--baseline FILE` then drops
//! the findings it records and reports only new ones. A finding is keyed by file, rule and
//! element (`touchpoint:kickoff`), never by line, so editing lines above an element keeps
//! it baselined. Keys are counted: a baseline with one `(file, rule, element)` hides one
//! such finding, not a second new one. Load errors are never baselined.

use crate::diagnostic::LintReport;
use crate::diagnostic::{FileFindings, Finding};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub const VERSION: u32 = 1;

/// The baseline file: `{"version": 1, "findings": [{"file", "rule", "element", "message"}]}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    pub version: u32,
    pub findings: Vec<Entry>,
}

/// One recorded finding. `message` is for the humans reading the file; matching ignores it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub file: String,
    pub rule: String,
    pub element: String,
    #[serde(default)]
    pub message: String,
}

type Key = (String, String, String);

impl Baseline {
    /// Records every finding of a report that a baseline may hold, sorted.
    pub fn from_report(report: &LintReport) -> Self {
        let mut findings: Vec<Entry> = report
            .findings()
            .filter_map(|(file, finding)| {
                let element = baselinable(finding)?;
                Some(Entry {
                    file: normalize_path(&file.source.path),
                    rule: finding.rule.to_string(),
                    element,
                    message: finding.message.clone(),
                })
            })
            .collect();
        findings.sort();
        Baseline {
            version: VERSION,
            findings,
        }
    }

    /// Reads a baseline file's text.
    pub fn parse(text: &str) -> Result<Self, String> {
        let baseline: Baseline = serde_json::from_str(text).map_err(|error| error.to_string())?;
        if baseline.version != VERSION {
            return Err(format!(
                "unsupported baseline version {} (this jmap writes version {VERSION})",
                baseline.version
            ));
        }
        Ok(baseline)
    }

    pub fn to_json(&self) -> String {
        let mut text = crate::text::json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }

    /// Drops the findings this baseline records, each entry hiding at most one finding.
    /// Returns how many were dropped.
    pub fn apply(&self, report: &mut LintReport) -> usize {
        let mut remaining: BTreeMap<Key, usize> = BTreeMap::new();
        for entry in &self.findings {
            let key = (
                normalize_path(&entry.file),
                entry.rule.clone(),
                entry.element.clone(),
            );
            *remaining.entry(key).or_insert(0) += 1;
        }
        let mut suppressed = 0;
        for file in &mut report.files {
            suppressed += suppress_in(file, &mut remaining);
        }
        suppressed
    }
}

fn suppress_in(file: &mut FileFindings, remaining: &mut BTreeMap<Key, usize>) -> usize {
    let path = normalize_path(&file.source.path);
    let before = file.findings.len();
    file.findings.retain(|finding| {
        let Some(element) = baselinable(finding) else {
            return true;
        };
        let key = (path.clone(), finding.rule.to_string(), element);
        match remaining.get_mut(&key) {
            Some(count) if *count > 0 => {
                *count -= 1;
                false
            }
            _ => true,
        }
    });
    before - file.findings.len()
}

/// The element key of a finding a baseline may hold, as baseline files write it. Only
/// lint findings are about an element; load errors (which have none) are never baselined.
fn baselinable(finding: &Finding) -> Option<String> {
    finding.element.as_ref().map(ToString::to_string)
}

/// The same file whichever way the path was written: forward slashes, no leading `./`.
fn normalize_path(path: &str) -> String {
    let path = path.replace('\\', "/");
    let mut rest = path.as_str();
    while let Some(stripped) = rest.strip_prefix("./") {
        rest = stripped;
    }
    rest.to_string()
}
