//! `jmap report`: one document about a journey for a delivery lead — where the journey
//! hurts, who owns each handoff, which metrics miss their targets — as GitHub-flavoured
//! markdown or terminal text.
//!
//! [`content`] turns the journey into a [`document::Document`] of plain text; the document
//! renders itself as markdown (escaping every piece of user text through
//! [`crate::text::markdown`]) or
//! as comfy-table text.

mod content;
mod description;
mod document;
mod facts;
mod metrics_csv;

use crate::diagnostic::Finding;
use crate::model::Journey;

pub use metrics_csv::{MetricValue, MetricsOverlay, apply_metrics_csv};

/// Everything one report is made of.
pub struct Input<'a> {
    pub journey: &'a Journey,
    /// What `lint::lint` found, in file order.
    pub findings: &'a [Finding],
    pub today: jiff::civil::Date,
    /// The `--metrics` CSV, when its values replaced the journey's `current` values.
    pub metrics: Option<&'a MetricsOverlay>,
    /// `--svg PATH`: a rendered map to link as an image.
    pub svg: Option<&'a str>,
}

/// The report as GitHub-flavoured markdown.
pub fn markdown(input: &Input<'_>) -> String {
    content::build(input).to_markdown()
}

/// The report as terminal text, tables wrapped to `width` columns.
pub fn text(input: &Input<'_>, width: u16) -> String {
    content::build(input).to_text(width)
}
