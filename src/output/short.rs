//! `--format short`: `FILE:LINE:COL: LEVEL[RULE] MESSAGE`, one line per finding.

use super::{LintReport, location};
use crate::text;
use std::io::{self, Write};

pub fn write(report: &LintReport, out: &mut dyn Write) -> io::Result<()> {
    for (file, finding) in report.findings() {
        let (start, _) = location(file, finding);
        writeln!(
            out,
            "{}:{}:{}: {}[{}] {}",
            text::terminal(&file.source.path),
            start.line,
            start.column,
            finding.level.as_str(),
            finding.rule,
            text::terminal(&finding.message),
        )?;
    }
    Ok(())
}
