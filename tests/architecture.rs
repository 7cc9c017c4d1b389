//! The pipeline is visible in the folder tree and nothing imports upward: this test reads
//! `src/` and fails when a module uses one from a later stage, or when two modules import
//! each other (directly or through others). The layers are the README's Design section.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // test code may fail loudly

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Each top-level module of `src/` and its stage: a module may import modules of its own
/// stage or an earlier one, never a later one.
const LAYERS: &[(&str, u8)] = &[
    // Foundations: text, spans, edits, bounded input, the schema definition.
    ("text", 0),
    ("source", 0),
    ("edit", 0),
    ("input", 0),
    ("schema", 0),
    ("fix", 1),
    // The typed journey and its facts.
    ("model", 1),
    ("diagnostic", 2),
    // YAML → model.
    ("load", 3),
    ("git", 4),
    // The rule catalog, then the configuration that names its rules, then the runner.
    ("rules", 4),
    ("config", 5),
    ("lint", 6),
    // Outputs.
    ("baseline", 7),
    ("output", 7),
    ("render", 7),
    ("report", 7),
    ("export", 7),
    ("diff", 7),
    ("metrics", 7),
    ("history", 7),
    ("lsp", 7),
    // The command line, on top of everything.
    ("cli", 8),
];

fn rust_files(path: &Path, files: &mut Vec<std::path::PathBuf>) {
    if path.is_dir() {
        for entry in std::fs::read_dir(path).unwrap() {
            rust_files(&entry.unwrap().path(), files);
        }
    } else if path.extension().is_some_and(|ext| ext == "rs") {
        files.push(path.to_path_buf());
    }
}

/// The top-level modules a source text names as `crate::NAME`, including each name of a
/// `use crate::{a, b::c}` group. Unit-test modules (`#[cfg(test)] mod tests`) are skipped.
fn imports(text: &str) -> BTreeSet<String> {
    let text = text
        .find("#[cfg(test)]\nmod tests")
        .map_or(text, |end| &text[..end]);
    let mut found = BTreeSet::new();
    let ident = |rest: &str| -> String {
        rest.chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect()
    };
    for (at, _) in text.match_indices("crate::") {
        let rest = &text[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            // Top-level names of the group: after `{` and after each `,` at depth 0.
            let mut depth = 0;
            let mut start = true;
            for (i, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => start = true,
                    c if start && !c.is_whitespace() => {
                        start = false;
                        found.insert(ident(&group[i..]));
                    }
                    _ => {}
                }
            }
        } else {
            found.insert(ident(rest));
        }
    }
    found
}

fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let layers: BTreeMap<&str, u8> = LAYERS.iter().copied().collect();
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for entry in std::fs::read_dir("src").unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        if name == "lib" || name == "main" {
            continue;
        }
        if path.is_file() && path.extension().is_none_or(|ext| ext != "rs") {
            continue;
        }
        let mut files = Vec::new();
        rust_files(&path, &mut files);
        let used = graph.entry(name.clone()).or_default();
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            used.extend(
                imports(&text)
                    .into_iter()
                    .filter(|module| *module != name && layers.contains_key(module.as_str())),
            );
        }
    }
    graph
}

#[test]
fn every_module_of_src_has_a_stage() {
    let layers: BTreeSet<&str> = LAYERS.iter().map(|(name, _)| *name).collect();
    let missing: Vec<String> = graph()
        .into_keys()
        .filter(|name| !layers.contains(name.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "add these modules to LAYERS (and the README's Design section): {missing:?}"
    );
}

#[test]
fn nothing_imports_a_later_stage() {
    let layers: BTreeMap<&str, u8> = LAYERS.iter().copied().collect();
    let mut upward = Vec::new();
    for (module, used) in graph() {
        let Some(&stage) = layers.get(module.as_str()) else {
            continue;
        };
        for other in used {
            if layers[other.as_str()] > stage {
                upward.push(format!("{module} imports {other}"));
            }
        }
    }
    assert!(upward.is_empty(), "upward imports: {upward:#?}");
}

#[test]
fn no_two_modules_import_each_other() {
    let graph = graph();
    let reaches = |from: &str, to: &str| {
        let mut seen = BTreeSet::new();
        let mut stack = vec![from.to_string()];
        while let Some(module) = stack.pop() {
            for next in graph.get(&module).into_iter().flatten() {
                if next == to {
                    return true;
                }
                if seen.insert(next.clone()) {
                    stack.push(next.clone());
                }
            }
        }
        false
    };
    let mut cycles = Vec::new();
    for (module, used) in &graph {
        for other in used {
            if reaches(other, module) {
                cycles.push(format!("{module} → {other} → … → {module}"));
            }
        }
    }
    assert!(cycles.is_empty(), "import cycles: {cycles:#?}");
}

#[test]
fn the_import_scanner_sees_groups_and_paths() {
    let found = imports(
        "use crate::model::{Journey, Text};\nuse crate::{diagnostic::Finding, text};\n\
         fn f() { crate::rules::find_meta(\"x\"); }\n#[cfg(test)]\nmod tests { use crate::cli; }",
    );
    let found: Vec<&str> = found.iter().map(String::as_str).collect();
    assert_eq!(found, ["diagnostic", "model", "rules", "text"]);
}
