//! `jmap schema`: the JSON Schema of journey files.

use super::Exit;

pub fn run() -> Exit {
    let text = format!("{}\n", crate::schema::journey_schema_json());
    match super::write_output(None, text.as_bytes()) {
        Ok(()) => Exit::Success,
        Err(exit) => exit,
    }
}
