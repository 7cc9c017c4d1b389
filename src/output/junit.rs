//! `--format junit`: JUnit XML as GitLab, Jenkins and most CI dashboards read it.
//!
//! One `<testsuite>` per file and one `<testcase>` per finding, named by rule and element
//! (`unowned-handoff handoff:a->b`) so a test's history survives edits that move lines.
//! An error is a `<failure>`. A warning is a passing testcase whose `<system-out>` carries
//! the finding: CI shows it without failing the pipeline, which matches `jmap lint`'s exit
//! code. A file without findings gets one passing testcase, `jmap lint`, so it is listed.

use super::{LintReport, location};
use crate::diagnostic::{FileFindings, Finding, Level};
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};
use std::io::{self, Write};

pub fn write(report: &LintReport, out: &mut dyn Write) -> io::Result<()> {
    let mut writer = Writer::new_with_indent(&mut *out, b' ', 2);
    writer.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    let tests: usize = report.files.iter().map(test_count).sum();
    let failures = report.count(Level::Error);
    writer
        .create_element("testsuites")
        .with_attribute(("name", "jmap lint"))
        .with_attribute(("tests", tests.to_string().as_str()))
        .with_attribute(("failures", failures.to_string().as_str()))
        .with_attribute(("errors", "0"))
        .with_attribute(("time", "0"))
        .write_inner_content(|writer| {
            for file in &report.files {
                write_suite(writer, file)?;
            }
            Ok(())
        })?;
    writeln!(out)
}

fn test_count(file: &FileFindings) -> usize {
    file.findings.len().max(1)
}

fn write_suite<W: Write>(writer: &mut Writer<W>, file: &FileFindings) -> io::Result<()> {
    let path = crate::text::terminal(&file.source.path).into_owned();
    let failures = file
        .findings
        .iter()
        .filter(|finding| finding.level == Level::Error)
        .count();
    writer
        .create_element("testsuite")
        .with_attribute(("name", path.as_str()))
        .with_attribute(("tests", test_count(file).to_string().as_str()))
        .with_attribute(("failures", failures.to_string().as_str()))
        .with_attribute(("errors", "0"))
        .with_attribute(("skipped", "0"))
        .with_attribute(("time", "0"))
        .write_inner_content(|writer| {
            if file.findings.is_empty() {
                writer
                    .create_element("testcase")
                    .with_attribute(("name", "jmap lint"))
                    .with_attribute(("classname", path.as_str()))
                    .with_attribute(("file", path.as_str()))
                    .with_attribute(("time", "0"))
                    .write_empty()?;
            }
            for finding in &file.findings {
                write_case(writer, file, finding, &path)?;
            }
            Ok(())
        })?;
    Ok(())
}

fn write_case<W: Write>(
    writer: &mut Writer<W>,
    file: &FileFindings,
    finding: &Finding,
    path: &str,
) -> io::Result<()> {
    let (start, _) = location(file, finding);
    let subject = match &finding.element {
        Some(element) => element.to_string(),
        None => format!("at {}:{}", start.line, start.column),
    };
    let name = crate::text::terminal(&format!("{} {subject}", finding.rule)).into_owned();
    let message = crate::text::terminal(&finding.message).into_owned();
    let mut details = format!(
        "{path}:{}:{}: {}[{}] {}",
        start.line,
        start.column,
        finding.level.as_str(),
        finding.rule,
        crate::text::terminal(&finding.message)
    );
    if let Some(help) = &finding.help {
        details.push_str("\nhelp: ");
        details.push_str(&crate::text::terminal(help));
    }
    let details = xml_text(&details);
    let case = writer
        .create_element("testcase")
        .with_attribute(("name", name.as_str()))
        .with_attribute(("classname", path))
        .with_attribute(("file", path))
        .with_attribute(("line", start.line.to_string().as_str()))
        .with_attribute(("time", "0"));
    case.write_inner_content(|writer| {
        match finding.level {
            Level::Error => {
                writer
                    .create_element("failure")
                    .with_attribute(("message", message.as_str()))
                    .with_attribute(("type", finding.rule))
                    .write_text_content(BytesText::new(&details))?;
            }
            Level::Warning => {
                writer
                    .create_element("system-out")
                    .write_text_content(BytesText::new(&details))?;
            }
        }
        Ok(())
    })?;
    Ok(())
}

/// Text for an XML node or attribute: hostile characters visible, as the text module
/// writes them (markup characters are escaped by the writer).
fn xml_text(text: &str) -> String {
    crate::text::xml::content(text).into_owned()
}
