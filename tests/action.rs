//! The GitHub Action (`action.yml`) and the workflows: the metadata and every workflow
//! validate against SchemaStore's schemas (vendored in tests/fixtures/schemastore), and the
//! action's steps (`scripts/action.sh`) run here against fixture git repositories, with the
//! jmap under test, a local "release" and stand-ins for `cargo` and `gh`.
#![cfg(unix)]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // test code may fail loudly

use saphyr::{LoadableYamlNode, Scalar, Yaml};
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

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
                .map(|(key, value)| {
                    let key = match key {
                        Yaml::Value(Scalar::String(text)) => text.to_string(),
                        Yaml::Value(Scalar::Integer(number)) => number.to_string(),
                        other => panic!("unexpected key {other:?}"),
                    };
                    (key, to_json(value))
                })
                .collect::<Map<_, _>>(),
        ),
        other => panic!("unexpected YAML node {other:?}"),
    }
}

fn yaml_file(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|_| panic!("read {path:?}"));
    let documents = Yaml::load_from_str(&text).unwrap_or_else(|error| panic!("{path:?}: {error}"));
    to_json(&documents[0])
}

fn validate(schema: &str, files: &[PathBuf]) {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(Path::new("tests/fixtures/schemastore").join(schema))
            .expect("vendored schema"),
    )
    .expect("JSON");
    let validator = jsonschema::validator_for(&schema).expect("a valid schema");
    assert!(!files.is_empty());
    for file in files {
        let instance = yaml_file(file);
        let errors: Vec<String> = validator
            .iter_errors(&instance)
            .map(|error| format!("{} at {}", error, error.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{file:?}: {errors:#?}");
    }
}

fn yaml_files(folder: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(folder)
        .expect("folder")
        .map(|entry| entry.expect("entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "yml"))
        // GitLab's recipe is tested below, by running it.
        .filter(|path| !path.ends_with("gitlab-ci.yml"))
        .collect();
    files.sort();
    files
}

#[test]
fn action_metadata_validates() {
    validate("github-action.json", &[PathBuf::from("action.yml")]);
}

#[test]
fn the_schema_catches_a_broken_action() {
    // The validation above can fail: a composite step without `shell` is rejected.
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string("tests/fixtures/schemastore/github-action.json").expect("read"),
    )
    .expect("JSON");
    let validator = jsonschema::validator_for(&schema).expect("schema");
    let mut action = yaml_file(Path::new("action.yml"));
    let step = action
        .pointer_mut("/runs/steps/0")
        .and_then(Value::as_object_mut)
        .expect("a first step with run");
    assert!(step.contains_key("run"));
    step.remove("shell");
    assert!(!validator.is_valid(&action));
}

#[test]
fn workflows_validate() {
    let mut files = yaml_files("examples/ci");
    files.extend(yaml_files(".github/workflows"));
    validate("github-workflow.json", &files);
}

#[test]
fn every_input_the_action_uses_is_declared_and_every_declared_one_used() {
    let action = yaml_file(Path::new("action.yml"));
    let declared: Vec<String> = action["inputs"]
        .as_object()
        .expect("inputs")
        .keys()
        .cloned()
        .collect();
    let text = std::fs::read_to_string("action.yml").expect("read");
    let used: Vec<&str> = text
        .match_indices("inputs.")
        .map(|(at, _)| {
            let rest = &text[at + "inputs.".len()..];
            let end = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
                .unwrap_or(rest.len());
            &rest[..end]
        })
        .collect();
    for name in &used {
        assert!(
            declared.iter().any(|d| d == name),
            "undeclared input {name}"
        );
    }
    for name in &declared {
        assert!(used.contains(&name.as_str()), "unused input {name}");
    }
    // The workflows pass only inputs the action has.
    for file in yaml_files("examples/ci") {
        let workflow = yaml_file(&file);
        for job in workflow["jobs"].as_object().expect("jobs").values() {
            for step in job["steps"].as_array().expect("steps") {
                let uses = step["uses"].as_str().unwrap_or("");
                if uses.starts_with("./") {
                    for key in step["with"]
                        .as_object()
                        .into_iter()
                        .flatten()
                        .map(|(k, _)| k)
                    {
                        assert!(declared.contains(key), "{file:?}: unknown input {key}");
                    }
                }
            }
        }
    }
}

// -----------------------------------------------------------------------------------------
// The action's script, run locally.

fn fixture_text(name: &str) -> String {
    std::fs::read_to_string(Path::new("tests/fixtures").join(name)).expect("fixture")
}

fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .current_dir(dir)
        .args(args)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.com")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.com")
        .status()
        .expect("git runs");
    assert!(status.success(), "git {args:?}");
}

/// A temp folder with a git repository (`repo/`, branch `main` with a clean journey, then
/// branch `pr` adding one with findings), a `bin/` for stand-in commands and a runner temp.
struct Fixture {
    dir: tempfile::TempDir,
}

impl Fixture {
    fn new() -> Self {
        let fixture = Fixture {
            dir: tempfile::tempdir().expect("temp dir"),
        };
        let repo = fixture.repo();
        std::fs::create_dir_all(repo.join("journeys")).expect("mkdir");
        std::fs::create_dir_all(fixture.bin()).expect("mkdir");
        std::fs::create_dir_all(fixture.path("runner")).expect("mkdir");
        git(&repo, &["init", "-q", "-b", "main"]);
        std::fs::write(
            repo.join("journeys/clean.journey.yaml"),
            fixture_text("ci/clean.journey.yaml"),
        )
        .expect("write");
        git(&repo, &["add", "-A"]);
        git(&repo, &["commit", "-qm", "base"]);
        git(&repo, &["checkout", "-qb", "pr"]);
        std::fs::write(
            repo.join("journeys/findings.journey.yaml"),
            fixture_text("ci/findings.journey.yaml"),
        )
        .expect("write");
        git(&repo, &["add", "-A"]);
        git(&repo, &["commit", "-qm", "pr"]);
        fixture
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn repo(&self) -> PathBuf {
        self.path("repo")
    }

    fn bin(&self) -> PathBuf {
        self.path("bin")
    }

    /// A stand-in command in `bin/`, first on PATH.
    fn stub(&self, name: &str, script: &str) {
        let path = self.bin().join(name);
        std::fs::write(&path, format!("#!/usr/bin/env bash\n{script}")).expect("write");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    }

    /// Runs `scripts/action.sh STEP` in the repository as a runner would, with `env`.
    fn step(&self, step: &str, env: &[(&str, &str)]) -> Step {
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/action.sh");
        let jmap_dir = Path::new(env!("CARGO_BIN_EXE_jmap"))
            .parent()
            .expect("a folder")
            .to_path_buf();
        let outputs = self.path("runner/outputs");
        let _ = std::fs::remove_file(&outputs);
        let path = format!(
            "{}:{}:{}",
            self.bin().display(),
            jmap_dir.display(),
            std::env::var("PATH").unwrap_or_default()
        );
        let mut command = Command::new("bash");
        command
            .arg(&script)
            .arg(step)
            .current_dir(self.repo())
            .env_clear()
            .env("PATH", path)
            .env("HOME", self.dir.path())
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("JMAP_TODAY", "2026-11-22")
            .env("NO_COLOR", "1")
            .env("RUNNER_OS", "Linux")
            .env("RUNNER_ARCH", "X64")
            .env("RUNNER_TEMP", self.path("runner"))
            .env("GITHUB_OUTPUT", &outputs)
            .env("GITHUB_PATH", self.path("runner/path"))
            .env("GITHUB_STEP_SUMMARY", self.path("runner/summary"));
        for (key, value) in env {
            command.env(key, value);
        }
        let output: Output = command.output().expect("bash runs");
        let outputs = std::fs::read_to_string(&outputs).unwrap_or_default();
        Step {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
            outputs: outputs
                .lines()
                .filter_map(|line| line.split_once('='))
                .map(|(key, value)| (key.to_string(), value.to_string()))
                .collect(),
        }
    }
}

#[derive(Debug)]
struct Step {
    code: i32,
    stdout: String,
    stderr: String,
    outputs: BTreeMap<String, String>,
}

impl Step {
    fn output(&self, name: &str) -> &str {
        self.outputs
            .get(name)
            .map(String::as_str)
            .unwrap_or_else(|| panic!("no output {name}: {self:#?}"))
    }
}

#[test]
fn lint_step_annotates_uploads_sarif_and_the_job_fails_at_the_end() {
    let fixture = Fixture::new();
    let install = fixture.step("install", &[("JMAP_INSTALL", "path")]);
    assert_eq!(install.code, 0, "{install:#?}");
    let jmap = install.output("path").to_string();
    assert!(jmap.ends_with("runner/jmap/bin/jmap"), "{jmap}");
    assert!(install.output("version").starts_with("jmap "));
    let path_file = std::fs::read_to_string(fixture.path("runner/path")).expect("GITHUB_PATH");
    assert!(path_file.contains("runner/jmap/bin"));

    let lint = fixture.step(
        "lint",
        &[("JMAP_BIN", jmap.as_str()), ("JMAP_SARIF", "true")],
    );
    assert_eq!(lint.code, 0, "the step itself passes: {lint:#?}");
    assert_eq!(lint.output("exit-code"), "1");
    assert!(
        lint.stdout.contains(
            "::error file=journeys/findings.journey.yaml,line=28,col=18,endLine=28,endColumn=29,\
             title=jmap(unowned-handoff)::"
        ),
        "{}",
        lint.stdout
    );
    let sarif: Value = serde_json::from_str(
        &std::fs::read_to_string(lint.output("sarif-file")).expect("SARIF written"),
    )
    .expect("SARIF is JSON");
    assert_eq!(sarif["version"], "2.1.0");
    assert_eq!(
        sarif["runs"][0]["results"].as_array().map(Vec::len),
        Some(8)
    );

    let conclude = fixture.step("conclude", &[("JMAP_LINT_EXIT_CODE", "1")]);
    assert_eq!(conclude.code, 1);
    assert!(conclude.stdout.contains("::error title=jmap lint::"));
    let conclude = fixture.step("conclude", &[("JMAP_LINT_EXIT_CODE", "0")]);
    assert_eq!(conclude.code, 0);
}

#[test]
fn lint_step_takes_paths_baseline_and_format() {
    let fixture = Fixture::new();
    let jmap = env!("CARGO_BIN_EXE_jmap");
    // Only the clean journey: exit code 0.
    let lint = fixture.step(
        "lint",
        &[
            ("JMAP_BIN", jmap),
            ("JMAP_PATHS", "journeys/clean.journey.yaml\n"),
            ("JMAP_FORMAT", "short"),
        ],
    );
    assert_eq!(lint.output("exit-code"), "0", "{lint:#?}");
    // Everything, with a baseline recording today's findings: exit code 0 again.
    let write = Command::new(jmap)
        .current_dir(fixture.repo())
        .env("JMAP_TODAY", "2026-11-22")
        .args(["lint", "--write-baseline", "jmap-baseline.json"])
        .output()
        .expect("jmap runs");
    assert_eq!(write.status.code(), Some(0));
    let lint = fixture.step(
        "lint",
        &[
            ("JMAP_BIN", jmap),
            ("JMAP_BASELINE", "jmap-baseline.json"),
            ("JMAP_FORMAT", "short"),
        ],
    );
    assert_eq!(lint.output("exit-code"), "0", "{lint:#?}");
    assert_eq!(lint.stdout, "");
    // A missing configuration stops the step (exit 2), before any gate.
    let lint = fixture.step(
        "lint",
        &[
            ("JMAP_BIN", jmap),
            ("JMAP_PATHS", "journeys/findings.journey.yaml"),
            ("JMAP_CONFIG", "missing.yaml"),
        ],
    );
    assert_eq!(lint.code, 2, "a missing config stops the step: {lint:#?}");
    assert!(
        lint.stdout
            .contains("::error title=jmap action::jmap lint could not run")
    );
}

/// Packs a stand-in jmap (the debug build is too big to gzip quickly) as the release
/// workflow does, into `folder`.
fn package(target: &str, folder: &Path) -> PathBuf {
    std::fs::create_dir_all(folder).expect("mkdir");
    let binary = folder.join("stand-in");
    std::fs::write(&binary, "#!/bin/sh\necho 'jmap 0.1.0'\n").expect("write");
    let output = Command::new("bash")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/package-release.sh"))
        .arg(&binary)
        .arg(target)
        .arg(folder)
        .output()
        .expect("bash runs");
    assert!(output.status.success(), "{output:?}");
    std::fs::remove_file(&binary).expect("rm");
    PathBuf::from(String::from_utf8(output.stdout).expect("utf-8").trim())
}

#[test]
fn release_archives_are_what_binstall_and_the_action_fetch() {
    let dir = tempfile::tempdir().expect("temp dir");
    let target = "aarch64-apple-darwin";
    let archive = package(target, dir.path());
    assert_eq!(archive, dir.path().join(format!("jmap-{target}.tar.gz")));
    let sums = std::fs::read_to_string(dir.path().join(format!("jmap-{target}.tar.gz.sha256")))
        .expect("checksum file");
    assert!(
        sums.ends_with(&format!("  jmap-{target}.tar.gz\n")),
        "{sums}"
    );
    let listing = Command::new("tar")
        .arg("-tzf")
        .arg(&archive)
        .output()
        .expect("tar");
    let listing = String::from_utf8(listing.stdout).expect("utf-8");
    assert!(
        listing
            .lines()
            .any(|line| line == format!("jmap-{target}/jmap")),
        "{listing}"
    );

    // Cargo.toml's binstall templates name the same archive and binary.
    let manifest = std::fs::read_to_string("Cargo.toml").expect("Cargo.toml");
    let expand = |key: &str, target: &str| -> Vec<String> {
        manifest
            .lines()
            .filter_map(|line| line.strip_prefix(&format!("{key} = \"")))
            .map(|template| {
                template
                    .trim_end_matches('"')
                    .replace("{ repo }", "REPO")
                    .replace("{ version }", "0.1.0")
                    .replace("{ name }", "jmap")
                    .replace("{ target }", target)
                    .replace("{ bin }", "jmap")
                    .replace("{ binary-ext }", "")
            })
            .collect()
    };
    assert_eq!(
        expand("pkg-url", target),
        [
            format!("REPO/releases/download/v0.1.0/jmap-{target}.tar.gz"),
            format!("REPO/releases/download/v0.1.0/jmap-{target}.zip"),
        ]
    );
    assert_eq!(expand("bin-dir", target), [format!("jmap-{target}/jmap")]);

    // The release workflow builds every target the action knows, and no other.
    let workflow = yaml_file(Path::new(".github/workflows/release.yml"));
    let mut built: Vec<String> = workflow
        .pointer("/jobs/build/strategy/matrix/include")
        .and_then(Value::as_array)
        .expect("a build matrix")
        .iter()
        .map(|entry| entry["target"].as_str().expect("target").to_string())
        .collect();
    built.sort();
    let script = std::fs::read_to_string("scripts/action.sh").expect("script");
    let mut known: Vec<String> = script
        .lines()
        .filter_map(|line| line.trim().split_once(") echo "))
        .map(|(_, target)| target.trim().trim_end_matches(" ;;").to_string())
        .filter(|target| {
            target.contains("-")
                && target
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        })
        .collect();
    known.sort();
    assert_eq!(built, known);
    assert_eq!(built.len(), 5);
}

#[test]
fn install_uses_a_verified_release_binary() {
    let fixture = Fixture::new();
    let release = fixture.path("release");
    let target = "x86_64-unknown-linux-musl";
    let archive = format!("jmap-{target}.tar.gz");
    package(target, &release);

    // `cargo` must not be needed when the release has a binary.
    fixture.stub("cargo", "echo cargo must not run >&2; exit 3\n");
    let url = format!("file://{}", release.display());
    let env = [
        ("JMAP_VERSION", "0.1.0"),
        ("JMAP_REPOSITORY", "example/jmap"),
        ("JMAP_RELEASE_URL", url.as_str()),
    ];
    let install = fixture.step("install", &env);
    assert_eq!(install.code, 0, "{install:#?}");
    assert!(
        install
            .stdout
            .contains(&format!("Downloading {url}/{archive}"))
    );
    assert_eq!(install.output("version"), "jmap 0.1.0");
    assert!(
        !install.stderr.contains("cargo must not run"),
        "{install:#?}"
    );

    // A tampered archive is refused.
    let mut bytes = std::fs::read(release.join(&archive)).expect("read");
    bytes.extend_from_slice(b"tampered");
    std::fs::write(release.join(&archive), bytes).expect("write");
    let install = fixture.step("install", &env);
    assert_eq!(install.code, 2, "{install:#?}");
    assert!(install.stdout.contains("checksum mismatch"), "{install:#?}");
}

#[test]
fn install_builds_from_source_when_there_is_no_release_and_caches_it() {
    let fixture = Fixture::new();
    // A stand-in cargo: records its arguments and "installs" the jmap under test.
    let log = fixture.path("cargo.log");
    fixture.stub(
        "cargo",
        &format!(
            "echo \"$@\" >> '{log}'\n\
             root=\"${{@: -1}}\"\n\
             mkdir -p \"$root/bin\" && cp '{jmap}' \"$root/bin/jmap\"\n",
            log = log.display(),
            jmap = env!("CARGO_BIN_EXE_jmap"),
        ),
    );
    // No version and no vX.Y.Z action ref (a branch): build the action's own source.
    let env = [
        ("JMAP_ACTION_REF", "main"),
        ("JMAP_REPOSITORY", "example/jmap"),
    ];
    let install = fixture.step("install", &env);
    assert_eq!(install.code, 0, "{install:#?}");
    let calls = std::fs::read_to_string(&log).expect("cargo ran");
    let source = env!("CARGO_MANIFEST_DIR");
    assert_eq!(
        calls.trim(),
        format!(
            "install --locked --path {source} --root {}",
            fixture.path("runner/jmap").display()
        )
    );
    // The second run finds the cached build and does not run cargo again.
    let install = fixture.step("install", &env);
    assert_eq!(install.code, 0, "{install:#?}");
    assert!(install.stdout.contains("Using the cached jmap"));
    assert_eq!(
        std::fs::read_to_string(&log).expect("log").lines().count(),
        1
    );

    // The cache key is the source's hash.
    let key = fixture.step("cache-key", &[]);
    assert!(
        key.output("cache-key").starts_with("jmap-Linux-X64-"),
        "{key:#?}"
    );
    assert_eq!(key.output("cache-key").len(), "jmap-Linux-X64-".len() + 16);
}

#[test]
fn install_refuses_the_jdk_jmap() {
    let fixture = Fixture::new();
    fixture.stub(
        "jmap",
        "echo 'Usage:' >&2; echo '    jmap -clstats <pid>' >&2; exit 1\n",
    );
    let install = fixture.step("install", &[("JMAP_INSTALL", "path")]);
    assert_eq!(install.code, 2, "{install:#?}");
    assert!(
        install
            .stdout
            .contains("is not jmap (the JDK has a jmap too)"),
        "{install:#?}"
    );
}

#[test]
fn review_posts_one_comment_and_updates_it_on_the_next_push() {
    let fixture = Fixture::new();
    // The base branch is fetched from `origin` when it is not there.
    let origin = fixture.repo();
    let clone = fixture.path("clone");
    git(
        fixture.dir.path(),
        &[
            "clone",
            "-q",
            "--branch",
            "pr",
            "--single-branch",
            &origin.display().to_string(),
            "clone",
        ],
    );
    std::fs::rename(&clone, fixture.path("checkout")).expect("rename");
    std::fs::rename(&origin, fixture.path("origin")).expect("rename");
    std::fs::rename(fixture.path("checkout"), &origin).expect("rename");
    git(
        &origin,
        &[
            "remote",
            "set-url",
            "origin",
            &fixture.path("origin").display().to_string(),
        ],
    );

    // A stand-in gh: lists comments from a file, records every call.
    let calls = fixture.path("gh.log");
    let comments = fixture.path("comments");
    fixture.stub(
        "gh",
        &format!(
            "echo \"$@\" >> '{calls}'\n\
             if [ \"$2\" = repos/acme/journeys/issues/7/comments ] && [ \"$3\" = --paginate ]; then\n\
             \x20 cat '{comments}' 2>/dev/null; exit 0\n\
             fi\n\
             [ \"$GH_TOKEN\" = secret ] || exit 4\n",
            calls = calls.display(),
            comments = comments.display(),
        ),
    );
    let env = [
        ("JMAP_BIN", env!("CARGO_BIN_EXE_jmap")),
        ("JMAP_REVIEW_BASE", "main"),
        ("JMAP_PR_NUMBER", "7"),
        ("GITHUB_REPOSITORY", "acme/journeys"),
        ("JMAP_GITHUB_TOKEN", "secret"),
    ];
    let review = fixture.step("review", &env);
    assert_eq!(review.code, 0, "{review:#?}");
    assert_eq!(review.output("review-exit-code"), "1");
    let body = std::fs::read_to_string(review.output("review-file")).expect("review file");
    assert!(
        body.starts_with("## ❌ jmap review: 2 new errors"),
        "{body}"
    );
    assert!(body.ends_with("<!-- jmap-review -->\n"));
    let summary = std::fs::read_to_string(fixture.path("runner/summary")).expect("summary");
    assert!(summary.contains("jmap review: 2 new errors"));
    let log = std::fs::read_to_string(&calls).expect("gh ran");
    let posted = log.lines().last().expect("a call");
    assert!(
        posted.starts_with("api repos/acme/journeys/issues/7/comments -F body=@"),
        "{log}"
    );

    // Next push: the earlier comment (found by its marker) is updated, not duplicated.
    std::fs::write(&comments, "42\n").expect("write");
    let review = fixture.step("review", &env);
    assert_eq!(review.code, 0, "{review:#?}");
    let log = std::fs::read_to_string(&calls).expect("gh ran");
    let updated = log.lines().last().expect("a call");
    assert!(
        updated.starts_with("api -X PATCH repos/acme/journeys/issues/comments/42 -F body=@"),
        "{log}"
    );

    let conclude = fixture.step("conclude", &[("JMAP_REVIEW_EXIT_CODE", "1")]);
    assert_eq!(conclude.code, 1);
    assert!(conclude.stdout.contains("adds journey lint errors"));
}

#[test]
fn the_gitlab_recipe_installs_jmap_and_writes_the_junit_report() {
    let fixture = Fixture::new();
    // The recipe's release URL is `${JMAP_REPO%.git}/releases/download/$JMAP_VERSION/...`.
    let releases = fixture.path("jmap/releases/download/v0.1.0");
    std::fs::create_dir_all(&releases).expect("mkdir");
    let wrapper = fixture.path("jmap-wrapper");
    std::fs::write(
        &wrapper,
        format!("#!/bin/sh\nexec '{}' \"$@\"\n", env!("CARGO_BIN_EXE_jmap")),
    )
    .expect("write");
    let output = Command::new("bash")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/package-release.sh"))
        .arg(&wrapper)
        .args(["x86_64-unknown-linux-musl"])
        .arg(&releases)
        .output()
        .expect("bash runs");
    assert!(output.status.success(), "{output:?}");

    let recipe = yaml_file(Path::new("examples/ci/gitlab-ci.yml"));
    let job = &recipe["jmap"];
    let lines: Vec<&str> = ["before_script", "script"]
        .iter()
        .flat_map(|key| job[key].as_array().expect("a list of commands"))
        .map(|line| line.as_str().expect("a command"))
        // The runner image's packages are on this machine already.
        .filter(|line| !line.starts_with("apk "))
        .collect();
    assert_eq!(lines.len(), 6);
    let repo_url = format!("file://{}", fixture.path("jmap.git").display());
    let mut command = Command::new("sh");
    command
        .args(["-e", "-c", &lines.join("\n")])
        .current_dir(fixture.repo())
        .env("JMAP_REPO", &repo_url)
        .env("JMAP_TODAY", "2026-11-22");
    for (key, value) in job["variables"].as_object().expect("variables") {
        command.env(key, value.as_str().expect("text"));
    }
    let output = command.output().expect("sh runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("jmap 0.1.0"), "{output:?}");
    // The fixture has lint errors: the job fails, and the report is there for GitLab.
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let report = std::fs::read_to_string(fixture.repo().join("jmap-junit.xml")).expect("report");
    assert!(report.contains("<testsuite"), "{report}");
    assert!(report.contains("unowned-handoff"), "{report}");

    // The README shows this recipe as it is.
    let readme = std::fs::read_to_string("README.md").expect("README");
    let text = std::fs::read_to_string("examples/ci/gitlab-ci.yml").expect("recipe");
    let job_text = &text[text.find("jmap:\n").expect("the job")..];
    assert!(
        readme.contains(job_text),
        "README's GitLab recipe differs from the example"
    );
}

#[test]
fn the_docs_have_no_placeholders_and_the_readme_starts_with_install_and_test() {
    let mut files = vec![PathBuf::from("README.md"), PathBuf::from("action.yml")];
    for folder in ["docs", "examples/ci", ".github/workflows"] {
        for entry in std::fs::read_dir(folder).expect("folder") {
            let path = entry.expect("entry").path();
            // Text files only: docs/ also holds the map PNGs and a folder of editor files.
            let text = path.extension().is_some_and(|extension| {
                ["md", "yml", "yaml"].contains(&extension.to_str().unwrap_or(""))
            });
            if path.is_file() && text {
                files.push(path);
            }
        }
    }
    for file in &files {
        let text = std::fs::read_to_string(file).expect("read");
        for placeholder in ["your-org", "OWNER/", "<owner>", "example.com/jmap"] {
            assert!(!text.contains(placeholder), "{file:?} has `{placeholder}`");
        }
    }
    // The README's first block: install and run on an example, then exactly CI's tests.
    let readme = std::fs::read_to_string("README.md").expect("README");
    let first = readme
        .split("```sh\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("a first sh block");
    let lines: Vec<&str> = first.lines().collect();
    assert_eq!(
        lines[0],
        "cargo install --locked --path . && jmap lint examples/"
    );
    let ci = std::fs::read_to_string(".ci/run").expect(".ci/run");
    let test_command = ci
        .lines()
        .find(|line| line.starts_with("cargo test"))
        .expect("a test command");
    assert_eq!(lines[1], test_command);
}

#[test]
fn the_readme_release_download_installs_jmap() {
    let dir = tempfile::tempdir().expect("temp dir");
    let releases = dir.path().join("jmap/releases/download/v0.1.0");
    package("x86_64-unknown-linux-musl", &releases);
    let readme = std::fs::read_to_string("README.md").expect("README");
    let block = readme
        .split("```sh\ntarget=x86_64-unknown-linux-musl\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("the README's release download");
    let home = dir.path().join("home");
    std::fs::create_dir_all(&home).expect("mkdir");
    let output = Command::new("sh")
        .args([
            "-e",
            "-c",
            &format!("target=x86_64-unknown-linux-musl\n{block}"),
        ])
        .current_dir(dir.path())
        .env("HOME", &home)
        .env(
            "JMAP_REPO",
            format!("file://{}", dir.path().join("jmap.git").display()),
        )
        .output()
        .expect("sh runs");
    assert!(output.status.success(), "{output:?}");
    let installed = home.join(".local/bin/jmap");
    let version = Command::new(&installed)
        .arg("--version")
        .output()
        .expect("runs");
    assert_eq!(String::from_utf8_lossy(&version.stdout), "jmap 0.1.0\n");
}

#[test]
fn the_dockerfile_is_multi_stage_non_root_with_jmap_as_entrypoint() {
    // No Docker daemon where the tests run: docs/release.md has the manual check. This
    // keeps the shape that check relies on.
    let dockerfile = std::fs::read_to_string("Dockerfile").expect("Dockerfile");
    let instructions: Vec<&str> = dockerfile
        .lines()
        .filter(|line| !line.starts_with('#') && !line.starts_with(' ') && !line.is_empty())
        .collect();
    let stages: Vec<&&str> = instructions
        .iter()
        .filter(|line| line.starts_with("FROM "))
        .collect();
    assert_eq!(stages.len(), 2, "{stages:?}");
    assert!(stages[0].ends_with(" AS build"));
    assert!(dockerfile.contains("cargo build --release --locked --bin jmap"));
    assert!(
        instructions.contains(&"COPY --from=build /src/target/release/jmap /usr/local/bin/jmap")
    );
    let user = instructions
        .iter()
        .rfind(|line| line.starts_with("USER "))
        .expect("a USER");
    let uid: u32 = user["USER ".len()..].parse().expect("a numeric uid");
    assert_ne!(uid, 0);
    assert_eq!(instructions.last(), Some(&r#"CMD ["--help"]"#));
    assert!(instructions.contains(&r#"ENTRYPOINT ["jmap"]"#));
    // The build context keeps out what is big and not needed.
    let ignore = std::fs::read_to_string(".dockerignore").expect(".dockerignore");
    for entry in ["target/", ".git/"] {
        assert!(ignore.lines().any(|line| line == entry), "{entry}");
    }
}
