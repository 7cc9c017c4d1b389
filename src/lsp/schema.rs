//! The journey schema (`jmap schema`, generated from the same definition the loader checks
//! against) read for the editor: which fields a mapping has, what each means, which values
//! an enum takes.

use serde_json::Value;

pub struct Schema {
    root: Value,
}

impl Schema {
    pub fn new() -> Self {
        let root = serde_json::from_str(&crate::schema::journey_schema_json()).unwrap_or_default();
        Schema { root }
    }

    /// The schema of library files (`jmap schema --library`).
    pub fn library() -> Self {
        let root = serde_json::from_str(&crate::schema::library_schema_json()).unwrap_or_default();
        Schema { root }
    }

    fn deref<'v>(&'v self, value: &'v Value) -> &'v Value {
        let mut value = value;
        for _ in 0..8 {
            let Some(reference) = value.get("$ref").and_then(Value::as_str) else {
                break;
            };
            let Some(name) = reference.strip_prefix("#/$defs/") else {
                break;
            };
            match self.root.get("$defs").and_then(|defs| defs.get(name)) {
                Some(target) => value = target,
                None => break,
            }
        }
        value
    }

    /// The mapping schema that `value` describes: through `$ref`, list items and the
    /// variants of a union (`Option`, short or long form).
    fn object<'v>(&'v self, value: &'v Value, depth: usize) -> Option<&'v Value> {
        if depth > 8 {
            return None;
        }
        let value = self.deref(value);
        if value.get("properties").is_some() {
            return Some(value);
        }
        if let Some(items) = value.get("items") {
            return self.object(items, depth + 1);
        }
        ["anyOf", "oneOf"]
            .iter()
            .filter_map(|union| value.get(*union).and_then(Value::as_array))
            .flatten()
            .find_map(|variant| self.object(variant, depth + 1))
    }

    /// The schema of the mapping reached by `path` (keys from the top).
    pub fn mapping(&self, path: &[String]) -> Option<&Value> {
        let mut current = &self.root;
        for key in path {
            let property = current.get("properties")?.get(key)?;
            current = self.object(property, 0)?;
        }
        Some(current)
    }

    /// The fields of the mapping at `path`, with their descriptions, in schema order.
    pub fn fields(&self, path: &[String]) -> Vec<(String, Option<String>)> {
        let Some(properties) = self
            .mapping(path)
            .and_then(|mapping| mapping.get("properties"))
            .and_then(Value::as_object)
        else {
            return Vec::new();
        };
        properties
            .iter()
            .map(|(name, value)| (name.clone(), self.describe(value)))
            .collect()
    }

    fn property(&self, path: &[String], key: &str) -> Option<&Value> {
        self.mapping(path)?.get("properties")?.get(key)
    }

    /// What the field `key` of the mapping at `path` means.
    pub fn description(&self, path: &[String], key: &str) -> Option<String> {
        self.describe(self.property(path, key)?)
    }

    fn describe(&self, value: &Value) -> Option<String> {
        let text = value
            .get("description")
            .or_else(|| self.deref(value).get("description"))
            .or_else(|| {
                value
                    .get("anyOf")
                    .and_then(Value::as_array)
                    .and_then(|variants| {
                        variants
                            .iter()
                            .find_map(|variant| self.deref(variant).get("description"))
                    })
            })?;
        text.as_str().map(str::to_string)
    }

    /// The values the field `key` of the mapping at `path` may take, when it is an enum or
    /// a boolean.
    pub fn values(&self, path: &[String], key: &str) -> Vec<String> {
        let mut values = Vec::new();
        if let Some(property) = self.property(path, key) {
            self.collect_values(property, &mut values, 0);
        }
        values
    }

    fn collect_values(&self, value: &Value, out: &mut Vec<String>, depth: usize) {
        if depth > 8 {
            return;
        }
        let value = self.deref(value);
        if let Some(items) = value.get("enum").and_then(Value::as_array) {
            out.extend(items.iter().filter_map(Value::as_str).map(str::to_string));
        }
        if let Some(constant) = value.get("const").and_then(Value::as_str) {
            out.push(constant.to_string());
        }
        let boolean = match value.get("type") {
            Some(Value::String(kind)) => kind == "boolean",
            Some(Value::Array(kinds)) => kinds.iter().any(|kind| kind == "boolean"),
            _ => false,
        };
        if boolean {
            out.extend(["true".to_string(), "false".to_string()]);
        }
        for union in ["anyOf", "oneOf"] {
            for variant in value
                .get(union)
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                self.collect_values(variant, out, depth + 1);
            }
        }
    }
}

impl Default for Schema {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(keys: &[&str]) -> Vec<String> {
        keys.iter().map(|key| key.to_string()).collect()
    }

    #[test]
    fn fields_follow_the_loader() {
        let schema = Schema::new();
        let names: Vec<String> = schema
            .fields(&path(&["stages", "touchpoints", "handoffs"]))
            .into_iter()
            .map(|(name, _)| name)
            .collect();
        let expected: Vec<String> = crate::load::journey::HANDOFF_FIELDS
            .iter()
            .map(|name| name.to_string())
            .collect();
        let mut sorted = names.clone();
        sorted.sort();
        let mut expected_sorted = expected;
        expected_sorted.sort();
        assert_eq!(sorted, expected_sorted);
        assert!(
            schema
                .fields(&path(&["stages", "touchpoints", "pains"]))
                .iter()
                .any(|(name, _)| name == "severity")
        );
    }

    #[test]
    fn enum_values_and_descriptions() {
        let schema = Schema::new();
        assert_eq!(
            schema.values(&path(&["lanes"]), "kind"),
            ["customer", "frontstage", "backstage", "support"]
        );
        assert_eq!(
            schema.values(&path(&["journey"]), "state"),
            ["as-is", "to-be"]
        );
        assert_eq!(
            schema.values(&path(&["stages", "touchpoints"]), "milestone"),
            ["true", "false"]
        );
        assert!(schema.description(&path(&["journey"]), "owner").is_some());
        let library = Schema::library();
        assert_eq!(
            library.values(&path(&["library", "lanes"]), "kind"),
            ["customer", "frontstage", "backstage", "support"]
        );
        assert!(
            library
                .fields(&path(&["library", "metrics"]))
                .iter()
                .any(|(name, _)| name == "target")
        );
    }
}
