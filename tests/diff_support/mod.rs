//! Helpers shared by the diff and review tests: the binary, fixtures, throwaway git repos.
#![allow(dead_code)]

use assert_cmd::Command;
use std::path::{Path, PathBuf};

pub const TODAY: &str = "2026-11-22";

/// The jmap binary with a fixed date and no colour.
pub fn jmap(dir: &Path) -> Command {
    let mut command = Command::cargo_bin("jmap").expect("binary");
    command
        .current_dir(dir)
        .env("JMAP_TODAY", TODAY)
        .env("NO_COLOR", "1")
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE");
    command
}

/// The pages `diff --map OUT` wrote: OUT itself, or `map-1.svg`, `map-2.svg`, … in `dir`.
pub fn map_pages(dir: &Path, out: &Path) -> Vec<String> {
    let mut pages = Vec::new();
    if out.exists() {
        pages.push(std::fs::read_to_string(out).expect("svg"));
    }
    for number in 1.. {
        match std::fs::read_to_string(dir.join(format!("map-{number}.svg"))) {
            Ok(svg) => pages.push(svg),
            Err(_) => break,
        }
    }
    pages
}

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixture(path: &str) -> String {
    std::fs::read_to_string(root().join("tests/fixtures").join(path)).expect("fixture")
}

/// A git repository in a temp dir, isolated from the user's git configuration.
pub struct Repo {
    pub dir: tempfile::TempDir,
}

impl Repo {
    pub fn new() -> Repo {
        let repo = Repo {
            dir: tempfile::tempdir().expect("temp dir"),
        };
        repo.git(&["init", "-q", "-b", "main"]);
        repo
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn git(&self, args: &[&str]) -> String {
        let output = std::process::Command::new("git")
            .args(args)
            .current_dir(self.path())
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env(
                "GIT_CEILING_DIRECTORIES",
                self.path().parent().unwrap_or(self.path()),
            )
            .env_remove("GIT_DIR")
            .env_remove("GIT_WORK_TREE")
            .env_remove("GIT_INDEX_FILE")
            .output()
            .expect("git runs");
        assert!(
            output.status.success(),
            "git {args:?} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    pub fn write(&self, path: &str, text: &str) {
        let full = self.path().join(path);
        if let Some(parent) = full.parent() {
            std::fs::create_dir_all(parent).expect("mkdir");
        }
        std::fs::write(full, text).expect("write");
    }

    pub fn commit(&self, message: &str) {
        self.git(&["add", "-A"]);
        self.git(&[
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@t",
            "-c",
            "commit.gpgsign=false",
            "commit",
            "-q",
            "-m",
            message,
        ]);
    }

    /// jmap run inside the repository.
    pub fn jmap(&self) -> Command {
        let mut command = jmap(self.path());
        command.env(
            "GIT_CEILING_DIRECTORIES",
            self.path().parent().unwrap_or(self.path()),
        );
        command
    }
}

/// Every GFM table row of `markdown` has as many cells as its header (unescaped `|`s).
pub fn assert_tables_well_formed(markdown: &str) {
    let mut expected: Option<usize> = None;
    for line in markdown.lines() {
        if !line.starts_with('|') {
            expected = None;
            continue;
        }
        let mut pipes = 0;
        let mut escaped = false;
        for character in line.chars() {
            match character {
                '\\' if !escaped => escaped = true,
                '|' if !escaped => pipes += 1,
                _ => escaped = false,
            }
            if character != '\\' {
                escaped = false;
            }
        }
        match expected {
            None => expected = Some(pipes),
            Some(count) => assert_eq!(count, pipes, "row with a different cell count: {line}"),
        }
    }
}
