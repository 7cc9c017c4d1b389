//! `jmap export --format csv`: one row per touchpoint, in journey order, for spreadsheets.
//!
//! Lists inside a cell (pains, opportunities, metrics) are joined with `; `. Text cells go
//! through [`crate::text::csv_cell`]: control and bidi characters written visibly, and a
//! cell that a spreadsheet would run as a formula (`=`, `+`, `-`, `@` first) prefixed with
//! `'`, the usual defence against CSV injection.

use crate::model::Journey;

pub const COLUMNS: &[&str] = &[
    "stage_id",
    "stage",
    "touchpoint_id",
    "touchpoint",
    "lane_id",
    "lane",
    "channel",
    "emotion",
    "milestone",
    "pains",
    "high_pains",
    "opportunities",
    "metrics",
    "handoffs_out",
];

pub fn to_string(journey: &Journey) -> Result<String, String> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::with_capacity(128 * (journey.touchpoints.len() + 1)));
    let fail = |error: csv::Error| format!("cannot write CSV: {error}");
    writer.write_record(COLUMNS).map_err(fail)?;
    let mut record: Vec<String> = Vec::with_capacity(COLUMNS.len());
    for touchpoint in &journey.touchpoints {
        let stage = journey.stages.get(touchpoint.stage);
        let lane = journey.lanes.get(touchpoint.lane.value);
        let pains = touchpoint
            .pains
            .iter()
            .map(|pain| format!("[{}] {}", pain.severity.as_str(), pain.text.value))
            .collect::<Vec<_>>()
            .join("; ");
        let high = touchpoint
            .pains
            .iter()
            .filter(|pain| pain.severity == crate::model::Severity::High)
            .count();
        let metrics = touchpoint
            .metrics
            .iter()
            .filter_map(|metric| journey.metrics.get(metric.value))
            .map(|metric| metric.id.value.as_str())
            .collect::<Vec<_>>()
            .join("; ");
        let handoffs = touchpoint
            .handoffs
            .iter()
            .filter_map(|&index| journey.handoffs.get(index))
            .filter_map(|handoff| journey.touchpoints.get(handoff.to.value))
            .map(|target| target.id.value.as_str())
            .collect::<Vec<_>>()
            .join("; ");
        record.clear();
        record.push(stage.map_or(String::new(), |stage| stage.id.value.clone()));
        record.push(safe(stage.map_or("", |stage| stage.name.value.as_str())));
        record.push(touchpoint.id.value.clone());
        record.push(safe(&touchpoint.name.value));
        record.push(lane.map_or(String::new(), |lane| lane.id.value.clone()));
        record.push(safe(lane.map_or("", |lane| lane.name.value.as_str())));
        record.push(safe(
            touchpoint.channel.as_ref().map_or("", |c| c.value.as_str()),
        ));
        record.push(
            touchpoint
                .emotion
                .as_ref()
                .map_or(String::new(), |e| e.value.to_string()),
        );
        record.push(touchpoint.milestone.to_string());
        record.push(safe(&pains));
        record.push(high.to_string());
        record.push(safe(
            &touchpoint
                .opportunities
                .iter()
                .map(|o| o.value.as_str())
                .collect::<Vec<_>>()
                .join("; "),
        ));
        record.push(metrics);
        record.push(handoffs);
        writer.write_record(&record).map_err(fail)?;
    }
    let bytes = writer
        .into_inner()
        .map_err(|error| format!("cannot write CSV: {error}"))?;
    String::from_utf8(bytes).map_err(|error| format!("cannot write CSV: {error}"))
}

/// Text a spreadsheet will show as text, never evaluate: [`crate::text::csv_cell`].
fn safe(text: &str) -> String {
    crate::text::csv_cell(text)
}
