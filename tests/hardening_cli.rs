#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
//! The command line under hostile conditions: a full or closed stdout, outputs that name
//! inputs, inputs without end, FIFOs, symlink loops, links that would leave the report.
//! Each test runs the real binary (assert_cmd).

use assert_cmd::Command;
use std::path::{Path, PathBuf};
use std::process::Stdio;

const EXAMPLE: &str = "examples/managed-services-renewal.journey.yaml";
const AS_IS: &str = "examples/custom-software-delivery.as-is.journey.yaml";
const TO_BE: &str = "examples/custom-software-delivery.to-be.journey.yaml";
const MINIMAL: &str = "tests/fixtures/minimal.journey.yaml";

fn jmap() -> Command {
    let mut command = Command::cargo_bin("jmap").expect("the jmap binary is built");
    command.env("JMAP_TODAY", "2026-11-22").env("NO_COLOR", "1");
    command
}

/// The binary as a plain process, for tests that choose its stdout.
fn jmap_process() -> std::process::Command {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_jmap"));
    command.env("JMAP_TODAY", "2026-11-22").env("NO_COLOR", "1");
    command
}

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn absolute(path: &str) -> String {
    repo_root().join(path).display().to_string()
}

/// Every subcommand that writes to stdout, with arguments that make it write.
fn writing_commands() -> Vec<Vec<String>> {
    let commands: Vec<Vec<&str>> = vec![
        vec!["schema"],
        vec!["rules"],
        vec!["explain", "emotion-drop"],
        vec!["completions", "bash"],
        vec!["--help"],
        vec!["--version"],
        vec!["lint", EXAMPLE],
        vec!["lint", "--format", "json", EXAMPLE],
        vec!["render", EXAMPLE],
        vec!["report", EXAMPLE],
        vec!["report", "--format", "text", EXAMPLE],
        vec!["export", EXAMPLE],
        vec!["export", "--format", "csv", EXAMPLE],
        vec!["diff", AS_IS, TO_BE],
        vec!["diff", "--format", "markdown", AS_IS, TO_BE],
    ];
    commands
        .into_iter()
        .map(|args| {
            args.into_iter()
                .map(|arg| {
                    if arg.contains('/') {
                        absolute(arg)
                    } else {
                        arg.to_string()
                    }
                })
                .collect()
        })
        .collect()
}

/// A git repository with one committed journey, changed since: what `review` needs.
fn review_repo() -> tempfile::TempDir {
    let folder = tempfile::tempdir().expect("temp dir");
    let git = |args: &[&str]| {
        let status = std::process::Command::new("git")
            .args(args)
            .current_dir(folder.path())
            .env("GIT_AUTHOR_NAME", "t")
            .env("GIT_AUTHOR_EMAIL", "t@example.com")
            .env("GIT_COMMITTER_NAME", "t")
            .env("GIT_COMMITTER_EMAIL", "t@example.com")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .expect("git runs");
        assert!(status.success(), "git {args:?}");
    };
    git(&["init", "-q", "-b", "main"]);
    std::fs::copy(AS_IS, folder.path().join("x.journey.yaml")).expect("copy");
    // The example journeys use the example library, next to them.
    std::fs::create_dir(folder.path().join("shared")).expect("mkdir");
    std::fs::copy(
        "examples/shared/delivery-practice.jmap-lib.yaml",
        folder.path().join("shared/delivery-practice.jmap-lib.yaml"),
    )
    .expect("copy");
    git(&["add", "."]);
    git(&["commit", "-qm", "base"]);
    std::fs::copy(TO_BE, folder.path().join("x.journey.yaml")).expect("copy");
    folder
}

#[test]
fn a_full_stdout_is_exit_2_with_a_message_for_every_command() {
    let mut runs: Vec<(Vec<String>, Option<PathBuf>)> = writing_commands()
        .into_iter()
        .map(|args| (args, None))
        .collect();
    let repo = review_repo();
    runs.push((
        vec!["review".into(), "--base".into(), "HEAD".into()],
        Some(repo.path().to_path_buf()),
    ));
    let init = tempfile::tempdir().expect("temp dir");
    runs.push((vec!["init".into()], Some(init.path().to_path_buf())));
    for (args, folder) in runs {
        let full = std::fs::File::create("/dev/full").expect("/dev/full");
        let mut command = jmap_process();
        if let Some(folder) = &folder {
            command.current_dir(folder);
        }
        let output = command
            .args(&args)
            .stdout(full)
            .stderr(Stdio::piped())
            .output()
            .expect("jmap runs");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains("cannot write to stdout") && !stderr.contains("panicked"),
            "{args:?}: {stderr}"
        );
    }
}

#[test]
fn a_closed_pipe_is_a_quiet_exit_with_the_commands_own_code() {
    let mut runs: Vec<(Vec<String>, Option<PathBuf>)> = writing_commands()
        .into_iter()
        .map(|args| (args, None))
        .collect();
    let repo = review_repo();
    runs.push((
        vec!["review".into(), "--base".into(), "HEAD".into()],
        Some(repo.path().to_path_buf()),
    ));
    for (args, folder) in runs {
        let mut command = jmap_process();
        command
            .args(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        if let Some(folder) = &folder {
            command.current_dir(folder);
        }
        let mut child = command.spawn().expect("jmap runs");
        // Close the reading end before jmap writes: `jmap ... | head -c0`.
        drop(child.stdout.take());
        let output = child.wait_with_output().expect("jmap ends");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            !stderr.contains("panicked") && !stderr.contains("cannot write"),
            "{args:?}: {stderr}"
        );
        // `lint` of an example with errors fails; the review of that change passes.
        let lints_with_errors = args.first().is_some_and(|command| command == "lint");
        let expected = if lints_with_errors { 1 } else { 0 };
        assert_eq!(output.status.code(), Some(expected), "{args:?}: {stderr}");
    }
}

/// The commands with an output file, each naming one of its own inputs (spelt several
/// ways). Every one must refuse with exit 2 and leave the input as it was.
#[test]
fn an_output_naming_an_input_is_refused_and_the_input_kept() {
    let folder = tempfile::tempdir().expect("temp dir");
    let dir = folder.path();
    let journey = dir.join("j.journey.yaml");
    let other = dir.join("k.journey.yaml");
    let config = dir.join("c.yaml");
    let csv = dir.join("m.csv");
    let baseline = dir.join("b.json");
    std::fs::copy(MINIMAL, &journey).expect("copy");
    std::fs::copy(MINIMAL, &other).expect("copy");
    std::fs::write(&config, "rules: {}\n").expect("write");
    std::fs::write(&csv, "metric,value\n").expect("write");
    std::fs::write(&baseline, "not read\n").expect("write");
    #[cfg(unix)]
    std::os::unix::fs::symlink(&journey, dir.join("link.yaml")).expect("symlink");
    std::fs::hard_link(&journey, dir.join("hard.yaml")).expect("hard link");
    std::fs::create_dir(dir.join("sub")).expect("mkdir");

    let cases: Vec<Vec<&str>> = vec![
        vec!["report", "j.journey.yaml", "-o", "j.journey.yaml"],
        vec!["report", "j.journey.yaml", "-o", "./j.journey.yaml"],
        vec!["report", "j.journey.yaml", "-o", "sub/../j.journey.yaml"],
        vec!["report", "j.journey.yaml", "-o", "link.yaml"],
        vec!["report", "j.journey.yaml", "-o", "hard.yaml"],
        vec![
            "report",
            "j.journey.yaml",
            "--metrics",
            "m.csv",
            "-o",
            "m.csv",
        ],
        vec![
            "report",
            "j.journey.yaml",
            "--config",
            "c.yaml",
            "-o",
            "c.yaml",
        ],
        vec!["export", "j.journey.yaml", "-o", "j.journey.yaml"],
        vec![
            "export",
            "j.journey.yaml",
            "--format",
            "csv",
            "-o",
            "link.yaml",
        ],
        vec!["render", "j.journey.yaml", "-o", "./j.journey.yaml"],
        vec!["lint", "j.journey.yaml", "-o", "j.journey.yaml"],
        vec!["lint", ".", "-o", "k.journey.yaml"],
        vec![
            "lint",
            "j.journey.yaml",
            "--config",
            "c.yaml",
            "-o",
            "c.yaml",
        ],
        vec!["lint", "j.journey.yaml", "--write-baseline", "link.yaml"],
        vec![
            "lint",
            "j.journey.yaml",
            "--baseline",
            "b.json",
            "--write-baseline",
            "b.json",
        ],
        vec![
            "lint",
            "j.journey.yaml",
            "-o",
            "out.txt",
            "--write-baseline",
            "out.txt",
        ],
        vec![
            "diff",
            "j.journey.yaml",
            "k.journey.yaml",
            "-o",
            "k.journey.yaml",
        ],
        vec![
            "diff",
            "j.journey.yaml",
            "k.journey.yaml",
            "--svg",
            "./j.journey.yaml",
        ],
    ];
    let before = |path: &Path| std::fs::read(path).expect("read");
    let kept = [&journey, &other, &config, &csv, &baseline].map(|path| (path, before(path)));
    for args in cases {
        let output = jmap()
            .current_dir(dir)
            .args(&args)
            .output()
            .expect("jmap runs");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains("is also an input") || stderr.contains("both name"),
            "{args:?}: {stderr}"
        );
        for (path, bytes) in &kept {
            assert_eq!(&before(path), bytes, "{args:?} changed {}", path.display());
        }
        assert!(!dir.join("out.txt").exists(), "{args:?}");
    }
}

#[test]
fn an_output_naming_a_broken_input_is_refused_before_reading_it() {
    let folder = tempfile::tempdir().expect("temp dir");
    let journey = folder.path().join("broken.journey.yaml");
    std::fs::write(&journey, "jmap: [\n").expect("write");
    for command in ["report", "export", "render"] {
        let output = jmap()
            .current_dir(folder.path())
            .args([command, "broken.journey.yaml", "-o", "broken.journey.yaml"])
            .output()
            .expect("jmap runs");
        // Exit 1 would mean the journey was read (and found broken) first.
        assert_eq!(output.status.code(), Some(2), "{command}");
        assert_eq!(std::fs::read(&journey).ok(), Some(b"jmap: [\n".to_vec()));
    }
}

/// A file of `size` zero bytes that takes no disk space.
fn sparse(path: &Path, size: u64) {
    let file = std::fs::File::create(path).expect("create");
    file.set_len(size).expect("set_len");
}

#[test]
fn every_input_has_a_size_limit_and_the_error_names_the_file() {
    const MIB: u64 = 1024 * 1024;
    let folder = tempfile::tempdir().expect("temp dir");
    let dir = folder.path();
    std::fs::copy(MINIMAL, dir.join("j.journey.yaml")).expect("copy");
    sparse(&dir.join("big.yaml"), MIB + 1);
    sparse(&dir.join("big.json"), 64 * MIB + 1);
    sparse(&dir.join("big.csv"), 16 * MIB + 1);
    sparse(&dir.join("big.journey.yaml"), 64 * MIB + 1);
    let cases: Vec<(Vec<&str>, i32, &str)> = vec![
        (
            vec!["lint", "j.journey.yaml", "--config", "big.yaml"],
            2,
            "big.yaml: larger than 1 MiB, the limit for a configuration",
        ),
        (
            vec!["lint", "j.journey.yaml", "--baseline", "big.json"],
            2,
            "big.json: larger than 64 MiB, the limit for a baseline",
        ),
        (
            vec!["report", "j.journey.yaml", "--metrics", "big.csv"],
            2,
            "big.csv: larger than 16 MiB, the limit for a metrics CSV",
        ),
        (
            vec!["lint", "--format", "short", "big.journey.yaml"],
            1,
            "big.journey.yaml:1:1: error[yaml-syntax] the file is larger than 64 MiB",
        ),
        // An endless input stops at the limit.
        (
            vec!["lint", "--format", "short", "/dev/zero"],
            1,
            "larger than 64 MiB",
        ),
    ];
    for (args, code, expected) in cases {
        let output = jmap()
            .current_dir(dir)
            .args(&args)
            .output()
            .expect("jmap runs");
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        assert_eq!(output.status.code(), Some(code), "{args:?}: {text}");
        assert!(text.contains(expected), "{args:?}: {text}");
    }
}

#[test]
fn a_git_object_has_the_journey_size_limit() {
    let folder = tempfile::tempdir().expect("temp dir");
    let dir = folder.path();
    let git = |args: &[&str]| {
        let status = std::process::Command::new("git")
            .args(args)
            .current_dir(dir)
            .env("GIT_AUTHOR_NAME", "t")
            .env("GIT_AUTHOR_EMAIL", "t@example.com")
            .env("GIT_COMMITTER_NAME", "t")
            .env("GIT_COMMITTER_EMAIL", "t@example.com")
            .stdout(Stdio::null())
            .status()
            .expect("git runs");
        assert!(status.success(), "git {args:?}");
    };
    git(&["init", "-q", "-b", "main"]);
    sparse(&dir.join("big.journey.yaml"), 64 * 1024 * 1024 + 1);
    std::fs::copy(MINIMAL, dir.join("j.journey.yaml")).expect("copy");
    git(&["add", "."]);
    git(&["commit", "-qm", "big"]);
    let output = jmap()
        .current_dir(dir)
        .args(["diff", "HEAD:big.journey.yaml", "j.journey.yaml"])
        .output()
        .expect("jmap runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr
            .contains("HEAD:big.journey.yaml is larger than 64 MiB, the limit for a journey file"),
        "{stderr}"
    );
}

/// Runs `script` with bash in the repository, `$OUT` naming `out`.
fn bash(script: &str, out: &Path) -> std::process::Output {
    std::process::Command::new("bash")
        .args(["-c", script])
        .current_dir(repo_root())
        .env("JMAP_TODAY", "2026-11-22")
        .env("OUT", out)
        .output()
        .expect("bash runs")
}

#[test]
fn process_substitution_is_read_as_a_file() {
    let binary = env!("CARGO_BIN_EXE_jmap");
    let folder = tempfile::tempdir().expect("temp dir");
    let out = folder.path().join("out.json");
    for script in [
        format!("{binary} lint --format short <(cat {MINIMAL})"),
        format!("{binary} report <(cat {MINIMAL})"),
        format!("{binary} export <(cat {MINIMAL})"),
        // (A journey read from a pipe has no folder for `uses:`: these two use no library.)
        format!("{binary} diff <(cat {MINIMAL}) <(cat {MINIMAL})"),
        // Checking `-o` against the inputs must not open (and so drain) the FIFO.
        format!(
            "{binary} export <(cat {MINIMAL}) -o \"$OUT\" && \
             {binary} export <(cat {MINIMAL}) -o \"$OUT\" && cat \"$OUT\""
        ),
    ] {
        let output = bash(&script, &out);
        let stdout = String::from_utf8_lossy(&output.stdout);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            matches!(output.status.code(), Some(0 | 1)),
            "{script}: {stderr}"
        );
        assert!(!stderr.contains("no such file"), "{script}: {stderr}");
        assert!(!stdout.is_empty(), "{script}");
    }
}

#[cfg(unix)]
#[test]
fn a_symlink_loop_has_its_own_message() {
    let folder = tempfile::tempdir().expect("temp dir");
    let dir = folder.path();
    std::os::unix::fs::symlink("b.journey.yaml", dir.join("a.journey.yaml")).expect("symlink");
    std::os::unix::fs::symlink("a.journey.yaml", dir.join("b.journey.yaml")).expect("symlink");
    std::fs::copy(MINIMAL, dir.join("m.journey.yaml")).expect("copy");
    for args in [
        vec!["lint", "a.journey.yaml"],
        vec!["report", "a.journey.yaml"],
        vec!["export", "a.journey.yaml"],
        vec!["render", "a.journey.yaml"],
        vec!["diff", "a.journey.yaml", "m.journey.yaml"],
        vec!["lint", "m.journey.yaml", "--config", "a.journey.yaml"],
        vec!["lint", "m.journey.yaml", "--baseline", "a.journey.yaml"],
    ] {
        let output = jmap()
            .current_dir(dir)
            .args(&args)
            .output()
            .expect("jmap runs");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains("a.journey.yaml") && stderr.contains("symbolic link loop"),
            "{args:?}: {stderr}"
        );
    }
}

#[test]
fn report_svg_links_only_relative_paths_written_from_the_report() {
    let folder = tempfile::tempdir().expect("temp dir");
    let dir = folder.path();
    std::fs::copy(MINIMAL, dir.join("j.journey.yaml")).expect("copy");
    std::fs::create_dir_all(dir.join("out/deep")).expect("mkdir");
    for svg in [
        "//evil.example/x.svg",
        "https://evil.example/x.svg",
        "javascript:alert(1)",
        "data:image/svg+xml,<svg/>",
        "/etc/map.svg",
        "\\\\host\\share\\x.svg",
        "",
    ] {
        let output = jmap()
            .current_dir(dir)
            .args(["report", "j.journey.yaml", "--svg", svg])
            .output()
            .expect("jmap runs");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{svg}: {stderr}");
        assert!(stderr.contains("relative path"), "{svg}: {stderr}");
    }
    for (svg, report, link) in [
        ("map.svg", None, "(map.svg)"),
        ("map.svg", Some("out/report.md"), "(../map.svg)"),
        ("./maps/m.svg", Some("out/deep/r.md"), "(../../maps/m.svg)"),
        ("out/map.svg", Some("out/r.md"), "(map.svg)"),
        (
            "out/deep/../map.svg",
            Some("./out/deep/r.md"),
            "(../map.svg)",
        ),
    ] {
        let mut args = vec!["report", "j.journey.yaml", "--svg", svg];
        args.extend(report.iter().flat_map(|path| ["-o", path]));
        let output = jmap()
            .current_dir(dir)
            .args(&args)
            .output()
            .expect("jmap runs");
        assert_eq!(output.status.code(), Some(0), "{args:?}");
        let text = match report {
            Some(path) => std::fs::read_to_string(dir.join(path)).expect("report"),
            None => String::from_utf8_lossy(&output.stdout).into_owned(),
        };
        assert!(text.contains(link), "{args:?}: {text}");
    }
}

#[test]
fn a_full_stderr_never_panics() {
    // Notes ("Fixed 2 findings", "fixable with `jmap lint --fix`") go to stderr; a stderr
    // that cannot be written is ignored, never a panic (`eprintln!` would abort with 101).
    let folder = tempfile::tempdir().expect("temp dir");
    let journey = folder.path().join("x.journey.yaml");
    // Findings with safe and unsafe fixes: every note is printed.
    std::fs::copy("tests/fixtures/fix/messy.journey.yaml", &journey).expect("copy");
    let path = journey.to_string_lossy().into_owned();
    for args in [
        vec!["lint", path.as_str()],
        vec!["lint", "--fix", "--unsafe-fixes", path.as_str()],
        vec!["lint", "--fix", path.as_str()],
        vec!["lint", "--fix", path.as_str()],
        vec!["lint", "no-such-file.journey.yaml"],
    ] {
        let full = std::fs::File::create("/dev/full").expect("/dev/full");
        let output = jmap_process()
            .args(&args)
            .stdout(Stdio::null())
            .stderr(full)
            .output()
            .expect("jmap runs");
        let code = output.status.code();
        assert!(matches!(code, Some(0..=2)), "{args:?}: exit {code:?}");
    }
}

#[test]
fn a_library_over_its_size_limit_is_a_located_error_naming_it() {
    let folder = tempfile::tempdir().expect("temp dir");
    let journey = folder.path().join("x.journey.yaml");
    std::fs::copy(AS_IS, &journey).expect("copy");
    std::fs::create_dir(folder.path().join("shared")).expect("mkdir");
    // A sparse file one byte over the 64 MiB limit: read up to the limit, then refused.
    let library =
        std::fs::File::create(folder.path().join("shared/delivery-practice.jmap-lib.yaml"))
            .expect("create");
    library.set_len(64 * 1024 * 1024 + 1).expect("set_len");
    let output = jmap_process()
        .args(["lint", "--format", "short"])
        .arg(&journey)
        .output()
        .expect("jmap runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("delivery-practice.jmap-lib.yaml")
            && stdout.contains("larger than 64 MiB, the limit for a library file"),
        "{stdout}"
    );
}

#[test]
fn an_output_that_is_a_pipe_is_written_in_place() {
    // `-o >(…)`, `-o /dev/stdout`: the output is a pipe, not a file to replace with a
    // renamed temp file (there is no folder to put one in, and as root the rename would
    // replace a device such as /dev/null with a plain file).
    let binary = env!("CARGO_BIN_EXE_jmap");
    let folder = tempfile::tempdir().expect("temp dir");
    for (command, start) in [("render", "<svg"), ("export", "{"), ("report", "#")] {
        let out = folder.path().join(format!("{command}.out"));
        let script = format!(
            "{binary} {command} {EXAMPLE} -o >(cat > \"$OUT\"); code=$?; wait $!; exit $code"
        );
        let output = bash(&script, &out);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(0), "{command}: {stderr}");
        let written = std::fs::read_to_string(&out).expect("the pipe's reader wrote the file");
        assert!(written.starts_with(start), "{command}: {written:.80}");
    }
}
