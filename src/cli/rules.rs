//! `jmap rules`: a table of every rule.

use super::Exit;
use comfy_table::{ContentArrangement, Table, presets::UTF8_FULL_CONDENSED};

pub fn run() -> Exit {
    let mut table = Table::new();
    table
        .load_style(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(["rule", "default", "catches"]);
    for meta in crate::rules::all_meta() {
        let level = if meta.silenceable {
            meta.default_level.as_str().to_string()
        } else {
            "error (always)".to_string()
        };
        table.add_row([meta.name, &level, meta.summary]);
    }
    let text = format!(
        "{table}\nRun `jmap explain RULE` for what a rule catches, why it matters and how to fix it.\n"
    );
    match super::write_output(None, text.as_bytes()) {
        Ok(()) => Exit::Success,
        Err(exit) => exit,
    }
}
