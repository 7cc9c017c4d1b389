//! `jmap diff --format text`: the markdown diff's document ([`super::markdown::document`])
//! rendered as terminal text, tables wrapped to `width` columns.

use super::JourneyDiff;

/// The diff as text, its tables `width` columns wide.
pub fn render(diff: &JourneyDiff, width: u16) -> String {
    super::markdown::document(diff).to_text(width)
}
