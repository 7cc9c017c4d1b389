//! `--format github`: one GitHub Actions workflow command per finding, which GitHub shows
//! as an annotation on the pull request's diff:
//! `::error file=F,line=L,col=C,endLine=..,endColumn=..,title=jmap(RULE)::MESSAGE`.

use super::{LintReport, location};
use crate::diagnostic::Level;
use crate::text;
use std::io::{self, Write};

pub fn write(report: &LintReport, out: &mut dyn Write) -> io::Result<()> {
    for (file, finding) in report.findings() {
        let (start, end) = location(file, finding);
        let command = match finding.level {
            Level::Error => "error",
            Level::Warning => "warning",
        };
        // User text never holds a raw line break (text::terminal writes it as `\n`): the
        // only line break is jmap's own before the help, escaped as `%0A` below.
        let message = match &finding.help {
            Some(help) => format!(
                "{}\nhelp: {}",
                text::terminal(&finding.message),
                text::terminal(help)
            ),
            None => text::terminal(&finding.message).into_owned(),
        };
        writeln!(
            out,
            "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            escape_property(&text::terminal(&file.source.path)),
            start.line,
            start.column,
            end.line,
            end.column,
            escape_property(&format!("jmap({})", finding.rule)),
            escape_data(&message),
        )?;
    }
    Ok(())
}

/// A command's message, escaped as the Actions runner unescapes it.
pub fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A command's property value: like the message, and `:` and `,` too.
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_as_the_runner_expects() {
        assert_eq!(escape_data("50% done\r\nnext"), "50%25 done%0D%0Anext");
        assert_eq!(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    }
}
