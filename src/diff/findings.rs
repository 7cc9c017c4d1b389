//! Findings across two versions: matched by rule and element, never by line.

use crate::diagnostic::{Finding, Level};
use std::collections::HashMap;

/// A finding's identity across versions: rule and element key, never the line. Findings
/// about no element (load errors) are matched by their message.
pub fn finding_key(finding: &Finding) -> (&'static str, String) {
    (
        finding.rule,
        finding.element.as_ref().map_or_else(
            || format!("message:{}", finding.message),
            ToString::to_string,
        ),
    )
}

/// For each finding of `new`, whether it is new: not among `old` (matched by rule and
/// element key, counting repeats).
pub fn mark_new(old: &[Finding], new: &[Finding]) -> Vec<bool> {
    let mut remaining: HashMap<(&'static str, String), usize> = HashMap::new();
    for finding in old {
        *remaining.entry(finding_key(finding)).or_default() += 1;
    }
    new.iter()
        .map(|finding| match remaining.get_mut(&finding_key(finding)) {
            Some(count) if *count > 0 => {
                *count -= 1;
                false
            }
            _ => true,
        })
        .collect()
}

/// How many errors of `new` were not in `old`.
pub fn new_error_count(old: &[Finding], new: &[Finding]) -> usize {
    mark_new(old, new)
        .into_iter()
        .zip(new)
        .filter(|(is_new, finding)| *is_new && finding.level == Level::Error)
        .count()
}
