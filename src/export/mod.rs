//! `jmap export`: the journey model for other tools — JSON (the whole normalised model),
//! CSV (one row per touchpoint) and a Mermaid `journey` diagram.

pub mod csv;
pub mod json;
pub mod mermaid;

use crate::model::Journey;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Json,
    Csv,
    Mermaid,
}

/// The export of `journey` in `format`.
pub fn export(journey: &Journey, format: Format) -> Result<String, String> {
    match format {
        Format::Json => json::to_string(journey),
        Format::Csv => csv::to_string(journey),
        Format::Mermaid => Ok(mermaid::journey_diagram(journey)),
    }
}
