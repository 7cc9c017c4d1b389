//! `schemas/journey.schema.json` is generated from `src/schema.rs`; these tests fail when the
//! committed file, the loader and the examples disagree. Regenerate with
//! `cargo run -- schema > schemas/journey.schema.json`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // test code may fail loudly

use saphyr::{LoadableYamlNode, Scalar, Yaml};
use serde_json::{Map, Value, json};
use std::collections::BTreeSet;

fn schema() -> Value {
    serde_json::from_str(&std::fs::read_to_string("schemas/journey.schema.json").unwrap()).unwrap()
}

#[test]
fn committed_schema_is_the_generated_one() {
    assert_eq!(
        std::fs::read_to_string("schemas/journey.schema.json")
            .unwrap()
            .trim_end(),
        jmap::schema::journey_schema_json(),
        "run `cargo run -- schema > schemas/journey.schema.json`"
    );
}

fn properties(schema: &Value, pointer: &str) -> BTreeSet<String> {
    schema
        .pointer(pointer)
        .and_then(Value::as_object)
        .unwrap_or_else(|| panic!("no {pointer}"))
        .keys()
        .cloned()
        .collect()
}

fn names(fields: &[&str]) -> BTreeSet<String> {
    fields.iter().map(|field| field.to_string()).collect()
}

#[test]
fn schema_properties_are_the_fields_the_loader_reads() {
    use jmap::load::journey::*;
    let schema = schema();
    for (pointer, fields) in [
        ("/properties", TOP_FIELDS),
        ("/$defs/Journey/properties", JOURNEY_FIELDS),
        ("/$defs/Lane/properties", LANE_FIELDS),
        ("/$defs/Metric/properties", METRIC_FIELDS),
        ("/$defs/Stage/properties", STAGE_FIELDS),
        ("/$defs/Touchpoint/properties", TOUCHPOINT_FIELDS),
        ("/$defs/LongPain/properties", PAIN_FIELDS),
        ("/$defs/Handoff/properties", HANDOFF_FIELDS),
    ] {
        assert_eq!(properties(&schema, pointer), names(fields), "{pointer}");
    }
}

#[test]
fn schema_enums_are_the_values_the_loader_accepts() {
    use jmap::model::*;
    let schema = schema();
    for (definition, values) in [
        ("State", State::NAMES),
        ("LaneKind", LaneKind::NAMES),
        ("MetricKind", MetricKind::NAMES),
        ("Severity", Severity::NAMES),
    ] {
        let found: BTreeSet<String> = schema
            .pointer(&format!("/$defs/{definition}/enum"))
            .and_then(Value::as_array)
            .unwrap_or_else(|| panic!("{definition}"))
            .iter()
            .map(|value| value.as_str().unwrap().to_string())
            .collect();
        assert_eq!(found, names(values), "{definition}");
    }
}

/// YAML (1.2 core schema) to JSON, for validating journeys against the schema.
fn to_json(yaml: &Yaml) -> Value {
    match yaml {
        Yaml::Value(Scalar::String(text)) => json!(text.as_ref()),
        Yaml::Value(Scalar::Integer(number)) => json!(number),
        Yaml::Value(Scalar::FloatingPoint(number)) => json!(number.into_inner()),
        Yaml::Value(Scalar::Boolean(flag)) => json!(flag),
        Yaml::Value(Scalar::Null) => Value::Null,
        Yaml::Sequence(items) => Value::Array(items.iter().map(to_json).collect()),
        Yaml::Mapping(entries) => Value::Object(
            entries
                .iter()
                .map(|(key, value)| (key.as_str().unwrap().to_string(), to_json(value)))
                .collect::<Map<_, _>>(),
        ),
        other => panic!("unexpected YAML node {other:?}"),
    }
}

#[test]
fn every_example_validates_against_the_schema() {
    let validator = jsonschema::validator_for(&schema()).unwrap();
    let mut checked = 0;
    for entry in std::fs::read_dir("examples").unwrap() {
        let path = entry.unwrap().path();
        if !path.to_string_lossy().ends_with(".journey.yaml") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let documents = Yaml::load_from_str(&text).unwrap();
        let instance = to_json(&documents[0]);
        let errors: Vec<String> = validator
            .iter_errors(&instance)
            .map(|error| format!("{} at {}", error, error.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{}: {errors:?}", path.display());
        checked += 1;
    }
    assert!(checked >= 4);
}

#[test]
fn the_schema_rejects_what_the_loader_rejects() {
    let validator = jsonschema::validator_for(&schema()).unwrap();
    let base = json!({"jmap": 1, "journey": {"id": "j", "title": "J"}, "lanes": [], "stages": []});
    assert!(validator.is_valid(&base));
    for (pointer, bad) in [
        ("/jmap", json!(2)),
        ("/journey/id", json!("Bad Id")),
        ("/journey/colour", json!("red")),
        ("/journey/reviewed", json!("yesterday")),
    ] {
        let mut instance = base.clone();
        let (parent, key) = pointer.rsplit_once('/').unwrap();
        instance
            .pointer_mut(if parent.is_empty() { "" } else { parent })
            .unwrap()
            .as_object_mut()
            .unwrap()
            .insert(key.to_string(), bad);
        assert!(!validator.is_valid(&instance), "{pointer}");
    }
}

#[test]
fn committed_library_and_config_schemas_are_the_generated_ones() {
    for (path, generated) in [
        (
            "schemas/library.schema.json",
            jmap::schema::library_schema_json(),
        ),
        (
            "schemas/config.schema.json",
            jmap::schema::config::config_schema_json(),
        ),
    ] {
        assert_eq!(
            std::fs::read_to_string(path).unwrap().trim_end(),
            generated,
            "run `cargo run -- schema --library > schemas/library.schema.json` and \
             `cargo run -- schema --config > schemas/config.schema.json`"
        );
    }
}

fn validate(schema_path: &str, yaml_path: &str) -> Vec<String> {
    let schema: Value =
        serde_json::from_str(&std::fs::read_to_string(schema_path).unwrap()).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let text = std::fs::read_to_string(yaml_path).unwrap();
    let documents = Yaml::load_from_str(&text).unwrap();
    let instance = to_json(&documents[0]);
    validator
        .iter_errors(&instance)
        .map(|error| format!("{} at {}", error, error.instance_path()))
        .collect()
}

#[test]
fn the_example_library_and_configuration_validate_against_their_schemas() {
    let errors = validate(
        "schemas/library.schema.json",
        "examples/shared/delivery-practice.jmap-lib.yaml",
    );
    assert!(errors.is_empty(), "{errors:?}");
    let errors = validate("schemas/config.schema.json", "examples/.jmap.yaml");
    assert!(errors.is_empty(), "{errors:?}");
    let errors = validate(
        "schemas/config.schema.json",
        "tests/fixtures/custom/rules.jmap.yaml",
    );
    assert!(errors.is_empty(), "{errors:?}");
}

#[test]
fn library_schema_properties_are_the_fields_the_loader_reads() {
    use jmap::load::journey::*;
    let schema: Value =
        serde_json::from_str(&std::fs::read_to_string("schemas/library.schema.json").unwrap())
            .unwrap();
    assert_eq!(
        properties(&schema, "/properties"),
        names(LIBRARY_TOP_FIELDS)
    );
    assert_eq!(
        properties(&schema, "/$defs/Library/properties"),
        names(LIBRARY_FIELDS)
    );
    assert_eq!(
        properties(&schema, "/$defs/Metric/properties"),
        names(METRIC_FIELDS)
    );
    let journey = schema_of("schemas/journey.schema.json");
    assert_eq!(
        properties(&journey, "/$defs/PersonaProfile/properties"),
        names(PERSONA_FIELDS)
    );
    assert_eq!(
        properties(&journey, "/$defs/LongEvidence/properties"),
        names(EVIDENCE_FIELDS)
    );
}

fn schema_of(path: &str) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn x_keys_are_accepted_by_the_schema_and_other_unknown_keys_are_not() {
    let validator = jsonschema::validator_for(&schema()).unwrap();
    let mut instance = json!({"jmap": 1, "journey": {"id": "j", "title": "J", "x-board": "b"}, "lanes": [], "stages": []});
    assert!(validator.is_valid(&instance));
    instance["x-top"] = json!({"any": [1, 2]});
    assert!(validator.is_valid(&instance));
    instance["journey"]["y-board"] = json!("b");
    assert!(!validator.is_valid(&instance));
}
