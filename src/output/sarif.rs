//! `--format sarif`: SARIF 2.1.0 (one run) for GitHub code scanning and other SARIF viewers.
//!
//! The types come from `serde-sarif`, generated from the SARIF JSON schema. Every rule of
//! [`rules::all_meta`] is listed in the driver, so `ruleIndex` points into that list.

use super::{LintReport, location};
use crate::diagnostic::{FileFindings, Finding, Level};
use crate::rules;
use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};
use serde_sarif::sarif::{
    ArtifactLocation, Location, Message, MultiformatMessageString, PhysicalLocation, Region,
    ReportingConfiguration, ReportingDescriptor, Result as SarifResult, ResultLevel, Run, Sarif,
    Tool, ToolComponent,
};
use std::collections::{BTreeMap, HashMap};
use std::io::{self, Write};
use std::path::Path;

const SCHEMA_URI: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
/// The uri base of relative artifact locations; GitHub resolves it to the checkout root.
const SRCROOT: &str = "%SRCROOT%";
/// The `partialFingerprints` key: lets GitHub follow a finding when lines above it move.
pub const FINGERPRINT_KEY: &str = "jmapElement/v1";

/// Characters kept out of a URI path segment (RFC 3986), on top of control characters;
/// `:` too, since a relative URI's first segment must not hold one.
const PATH_SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b':')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'[')
    .add(b'\\')
    .add(b']')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

pub fn write(report: &LintReport, out: &mut dyn Write) -> io::Result<()> {
    let cwd = std::env::current_dir().ok();
    let sarif = document(report, cwd.as_deref());
    crate::text::json::to_writer_pretty(&mut *out, &sarif)?;
    writeln!(out)
}

/// The SARIF log of a lint run; `cwd` makes absolute paths under it relative.
pub fn document(report: &LintReport, cwd: Option<&Path>) -> Sarif {
    let metas: Vec<&rules::RuleMeta> = rules::all_meta().collect();
    let rule_index: HashMap<&str, usize> = metas
        .iter()
        .enumerate()
        .map(|(index, meta)| (meta.name, index))
        .collect();
    let descriptors: Vec<ReportingDescriptor> = metas.iter().map(|meta| descriptor(meta)).collect();

    let mut results = Vec::new();
    for file in &report.files {
        let uri = artifact_location(&file.source.path, cwd);
        // The same (rule, element) twice in a file gets a distinct fingerprint each time.
        let mut seen: HashMap<(&str, String), usize> = HashMap::new();
        for finding in &file.findings {
            let subject = subject(finding);
            let occurrence = seen.entry((finding.rule, subject.clone())).or_insert(0);
            *occurrence += 1;
            let fingerprint = format!(
                "{}|{}|{}|{}",
                file.source.path, finding.rule, subject, occurrence
            );
            results.push(result(
                file,
                finding,
                &uri,
                rule_index.get(finding.rule).copied(),
                fingerprint,
            ));
        }
    }

    let driver = ToolComponent::builder()
        .name("jmap")
        .version(env!("CARGO_PKG_VERSION"))
        .semantic_version(env!("CARGO_PKG_VERSION"))
        .rules(descriptors)
        .build();
    let run = Run::builder()
        .tool(Tool::builder().driver(driver).build())
        .results(results)
        .column_kind(serde_json::json!("unicodeCodePoints"))
        .build();
    Sarif::builder()
        .schema(SCHEMA_URI)
        .version(serde_json::json!("2.1.0"))
        .runs(vec![run])
        .build()
}

fn descriptor(meta: &rules::RuleMeta) -> ReportingDescriptor {
    let configuration = ReportingConfiguration::builder()
        .level(level_value(meta.default_level))
        .build();
    let help = MultiformatMessageString::builder()
        .text(meta.explanation)
        .markdown(meta.explanation)
        .build();
    ReportingDescriptor::builder()
        .id(meta.name)
        .name(meta.name)
        .short_description(
            MultiformatMessageString::builder()
                .text(meta.summary)
                .build(),
        )
        .full_description(
            MultiformatMessageString::builder()
                .text(full_description(meta))
                .build(),
        )
        .help(help)
        .default_configuration(configuration)
        .build()
}

/// The first paragraph of the explanation's "What it does" section, on one line.
fn full_description(meta: &rules::RuleMeta) -> String {
    let paragraph: Vec<&str> = meta
        .explanation
        .lines()
        .skip_while(|line| !(line.starts_with('#') && line.contains("What it does")))
        .skip(1)
        .skip_while(|line| line.trim().is_empty())
        .take_while(|line| !line.trim().is_empty() && !line.starts_with('#'))
        .map(str::trim)
        .collect();
    if paragraph.is_empty() {
        meta.summary.to_string()
    } else {
        paragraph.join(" ")
    }
}

fn result(
    file: &FileFindings,
    finding: &Finding,
    uri: &ArtifactLocation,
    rule_index: Option<usize>,
    fingerprint: String,
) -> SarifResult {
    let (start, end) = location(file, finding);
    let region = Region::builder()
        .start_line(count(start.line))
        .start_column(count(start.column))
        .end_line(count(end.line))
        .end_column(count(end.column))
        .build();
    let physical = PhysicalLocation::builder()
        .artifact_location(uri.clone())
        .region(region)
        .build();
    let related: Vec<Location> = finding
        .related
        .iter()
        .enumerate()
        .map(|(index, (span, label))| {
            let (start, end) = (
                file.source.line_col(span.start),
                file.source.line_col(span.end),
            );
            Location::builder()
                .id(count(index + 1))
                .message(
                    Message::builder()
                        .text(crate::text::terminal(label).into_owned())
                        .build(),
                )
                .physical_location(
                    PhysicalLocation::builder()
                        .artifact_location(uri.clone())
                        .region(
                            Region::builder()
                                .start_line(count(start.line))
                                .start_column(count(start.column))
                                .end_line(count(end.line))
                                .end_column(count(end.column))
                                .build(),
                        )
                        .build(),
                )
                .build()
        })
        .collect();
    let text = match &finding.help {
        Some(help) => format!(
            "{}\nhelp: {}",
            crate::text::terminal(&finding.message),
            crate::text::terminal(help)
        ),
        None => crate::text::terminal(&finding.message).into_owned(),
    };
    let mut fingerprints = BTreeMap::new();
    fingerprints.insert(FINGERPRINT_KEY.to_string(), fingerprint);
    let builder = SarifResult::builder()
        .rule_id(finding.rule)
        .level(ResultLevel::from(finding.level))
        .message(Message::builder().text(text).build())
        .locations(vec![
            Location::builder().physical_location(physical).build(),
        ])
        .partial_fingerprints(fingerprints);
    let mut result = builder.build();
    result.rule_index = rule_index.map(count);
    if !related.is_empty() {
        result.related_locations = Some(related);
    }
    result
}

/// What a finding is about, independent of lines: its element key, else (load errors)
/// its message.
fn subject(finding: &Finding) -> String {
    finding
        .element
        .as_ref()
        .map_or_else(|| finding.message.clone(), ToString::to_string)
}

impl From<Level> for ResultLevel {
    fn from(level: Level) -> Self {
        match level {
            Level::Error => ResultLevel::Error,
            Level::Warning => ResultLevel::Warning,
        }
    }
}

/// SARIF's level names happen to be jmap's: `error` and `warning`.
fn level_value(level: Level) -> serde_json::Value {
    serde_json::Value::String(level.as_str().to_string())
}

/// SARIF counts in `i64`; a file big enough to overflow it cannot be read.
fn count(value: usize) -> i64 {
    i64::try_from(value).unwrap_or(i64::MAX)
}

/// A relative path becomes a `%SRCROOT%`-relative URI with forward slashes; an absolute
/// path under `cwd` is made relative first, any other absolute path becomes a `file:` URI.
pub fn artifact_location(path: &str, cwd: Option<&Path>) -> ArtifactLocation {
    let as_path = Path::new(path);
    let relative = if as_path.is_absolute() {
        cwd.and_then(|cwd| as_path.strip_prefix(cwd).ok())
    } else {
        Some(as_path)
    };
    match relative {
        Some(relative) => ArtifactLocation::builder()
            .uri(encode_path(relative))
            .uri_base_id(SRCROOT)
            .build(),
        None => ArtifactLocation::builder()
            .uri(format!("file://{}", encode_path(as_path)))
            .build(),
    }
}

fn encode_path(path: &Path) -> String {
    let mut uri = String::new();
    for (index, component) in path.components().enumerate() {
        use std::path::Component;
        let segment = match component {
            Component::RootDir => {
                uri.push('/');
                continue;
            }
            Component::CurDir => continue,
            Component::ParentDir => "..".into(),
            Component::Prefix(prefix) => prefix.as_os_str().to_string_lossy(),
            Component::Normal(name) => name.to_string_lossy(),
        };
        if index > 0 && !uri.is_empty() && !uri.ends_with('/') {
            uri.push('/');
        }
        uri.extend(utf8_percent_encode(&segment, PATH_SEGMENT));
    }
    uri
}
