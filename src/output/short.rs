//! `--format short`: `FILE:LINE:COL: LEVEL[RULE] MESSAGE`, one line per finding.

use super::{LintReport, location};
use std::io::{self, Write};

pub fn write(report: &LintReport, out: &mut dyn Write) -> io::Result<()> {
    for (file, finding) in report.findings() {
        let (start, _) = location(file, finding);
        writeln!(
            out,
            "{}:{}:{}: {}[{}] {}",
            file.source.path,
            start.line,
            start.column,
            finding.level.as_str(),
            finding.rule,
            one_line(&finding.message),
        )?;
    }
    Ok(())
}

/// Keeps one finding on one line whatever its message holds.
pub fn one_line(message: &str) -> String {
    message
        .chars()
        .map(|ch| if ch.is_control() { ' ' } else { ch })
        .collect()
}
