//! jmap: customer journey maps as code.
//!
//! The pipeline: [`load`] (YAML → spanned model) → [`model`] (typed journey and handoff
//! graph) → [`rules`] (lint findings) → [`output`] (one module per format).

pub mod baseline;
pub mod cli;
pub mod config;
pub mod diagnostic;
pub mod diff;
pub mod export;
pub mod git;
pub mod lint;
pub mod load;
pub mod model;
pub mod output;
pub mod render;
pub mod report;
pub mod rules;
pub mod schema;
pub mod source;
pub mod text;
