//! jmap: customer journey maps as code.
//!
//! The pipeline: [`load`] (YAML → spanned model) → [`model`] (typed journey, its facts in
//! [`model::facts`], element identity in [`model::element`]) → [`lint`] (runs the
//! [`rules`] catalog with a [`config`]) → outputs ([`output`] for lint formats, [`render`],
//! [`report`], [`export`], [`diff`]), which format facts and never recompute them.
//! [`source`] (spans, line/column) and [`text`] (the sanitiser, escapers per target, the
//! number format) are shared by every stage. Nothing imports upward.

pub mod baseline;
pub mod cli;
pub mod config;
pub mod diagnostic;
pub mod diff;
pub mod edit;
pub mod export;
pub mod fix;
pub mod git;
pub mod history;
pub mod input;
pub mod lint;
pub mod load;
pub mod lsp;
pub mod metrics;
pub mod model;
pub mod output;
pub mod render;
pub mod report;
pub mod rules;
pub mod schema;
pub mod source;
pub mod text;
