//! render: a journey as a self-contained SVG swimlane map.
//!
//! [`render_svg`] is the one entry point: `jmap render` calls it with the journey's lint
//! findings, `jmap diff --svg` calls it with an [`Overlay`] that marks what changed. The
//! output is deterministic (same input, same bytes), has no scripts, external fonts, images
//! or `foreignObject`, and every user string is cleaned ([`text::clean`]) and then escaped
//! by the `svg` crate, so hostile text stays inert text.
//!
//! [`layout`] decides where everything goes (linear in touchpoints and handoffs); [`draw`]
//! turns that geometry into SVG elements. See `docs/render.md` for what the map shows.

mod draw;
mod layout;
pub mod text;

use crate::diagnostic::Finding;
use crate::model::Journey;
use std::collections::HashSet;

/// How to draw the map.
#[derive(Debug, Clone)]
pub struct RenderOptions {
    /// Mark lint findings on the elements they are about and list them under the map.
    pub show_findings: bool,
    /// Changes to mark, for a visual diff; `None` for a plain map.
    pub overlay: Option<Overlay>,
}

impl Default for RenderOptions {
    fn default() -> Self {
        RenderOptions {
            show_findings: true,
            overlay: None,
        }
    }
}

/// What changed between two versions of a journey, drawn over the newer one.
///
/// `added` and `changed` hold typed element keys ([`crate::model::ElementKey`], as
/// [`crate::model::Element::key`] makes them). Added
/// elements are outlined green (solid, tagged NEW), changed ones amber (dashed, tagged
/// CHANGED). Keys naming nothing in the journey are ignored.
#[derive(Debug, Clone, Default)]
pub struct Overlay {
    pub added: HashSet<crate::model::ElementKey>,
    pub changed: HashSet<crate::model::ElementKey>,
    /// Removed touchpoints, drawn as ghosts.
    pub removed: Vec<Ghost>,
}

/// A removed touchpoint: drawn semi-transparent with a red dashed outline and a struck
/// label, in its stage × lane cell when both still exist in the journey, else in a
/// "Removed" strip under the map. Ghosts are drawn in the order given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ghost {
    /// The element key it had, e.g. `touchpoint:kickoff`.
    pub key: crate::model::ElementKey,
    /// Its name, as shown on the card.
    pub label: String,
    /// Stage id it sat in.
    pub stage: Option<String>,
    /// Lane id it sat in.
    pub lane: Option<String>,
}

/// Draws `journey` as an SVG document.
///
/// `findings` are the journey's lint findings (`lint::lint`); they are marked on their
/// elements when `options.show_findings` is set. A `stale-review` finding also marks the
/// review date in the header as stale.
pub fn render_svg(journey: &Journey, findings: &[Finding], options: &RenderOptions) -> String {
    line_breaks_as_references(&draw::draw(journey, findings, options))
}

/// Every line break inside text or an attribute written as the character reference
/// `&#10;` (the same character to an XML reader): each line of the file then starts with
/// a tag, so a tooltip quoting user text can never start a line (printed in a CI log, a
/// line starting with `::` would be a workflow command). The svg crate breaks lines only
/// before tags, and escapes every `<` in text.
fn line_breaks_as_references(svg: &str) -> String {
    let mut out = String::with_capacity(svg.len());
    let mut rest = svg;
    while let Some(at) = rest.find('\n') {
        let (line, after) = rest.split_at(at);
        out.push_str(line);
        let after = after.get(1..).unwrap_or_default();
        if after.is_empty() || after.starts_with('<') {
            out.push('\n');
        } else {
            out.push_str("&#10;");
        }
        rest = after;
    }
    out.push_str(rest);
    out
}
