//! `jmap schema`: the JSON Schema of journey files.

use super::Exit;

pub fn run() -> Exit {
    println!("{}", crate::schema::journey_schema_json());
    Exit::Success
}
