//! The commits that changed one file, and its text at each of them, from git.
//!
//! `git log --follow` lists the commits (following renames); when the journey `uses:`
//! libraries, one more `git log` lists the commits that changed them. Every blob (the
//! journey and its libraries at each commit) is then read through ONE `git cat-file
//! --batch` process, so 200 commits cost two or three processes, not 200.

use crate::git::GitError;
use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};

/// One commit that changed the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commit {
    pub id: String,
    /// Author date, `YYYY-MM-DD`.
    pub date: String,
    pub subject: String,
    /// The file's path at this commit (from the repository root).
    pub path: String,
    /// The commit deleted the file.
    pub deleted: bool,
    /// The file's path before this commit when the commit renamed it.
    pub previous: Option<String>,
}

fn git() -> Command {
    let mut command = Command::new("git");
    command
        .env("LC_ALL", "C")
        .env("GIT_TERMINAL_PROMPT", "0")
        .env("GIT_OPTIONAL_LOCKS", "0")
        .stdin(Stdio::null());
    command
}

/// The path of `file` (relative to the current folder) from the repository root.
pub fn root_relative(file: &std::path::Path) -> Result<String, GitError> {
    let toplevel = crate::git::toplevel()?;
    if file.is_absolute() {
        let canonical =
            |path: &std::path::Path| path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
        let inside = canonical(file)
            .strip_prefix(canonical(&toplevel))
            .map(std::path::Path::to_path_buf)
            .unwrap_or_else(|_| file.to_path_buf());
        return Ok(inside
            .components()
            .map(|part| part.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/"));
    }
    let output = git()
        .args(["rev-parse", "--show-prefix"])
        .output()
        .map_err(|error| GitError::NotInstalled(error.to_string()))?;
    let prefix = String::from_utf8_lossy(&output.stdout)
        .trim_end_matches(['\n', '\r'])
        .to_string();
    let joined = std::path::Path::new(&prefix).join(file);
    let mut parts: Vec<String> = Vec::new();
    for component in joined.components() {
        match component {
            std::path::Component::Normal(part) => parts.push(part.to_string_lossy().into_owned()),
            std::path::Component::ParentDir => {
                parts.pop();
            }
            _ => {}
        }
    }
    Ok(parts.join("/"))
}

/// The commits that changed `path` (root-relative), newest first, following renames;
/// only those after `since` when given (`since..HEAD`).
pub fn log(path: &str, since: Option<&str>) -> Result<Vec<Commit>, GitError> {
    let range = match since {
        Some(revision) => {
            crate::git::verify_revision(revision)?;
            format!("{revision}..HEAD")
        }
        None => "HEAD".to_string(),
    };
    let output = git()
        .args([
            "log",
            "--follow",
            "-M",
            "--no-ext-diff",
            "--format=%x1e%H%x1f%aI%x1f%s",
            "--name-status",
            "-z",
            &range,
            "--",
            &format!(":(top,literal){path}"),
        ])
        .output()
        .map_err(|error| GitError::NotInstalled(error.to_string()))?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        if stderr.contains("does not have any commits") || stderr.contains("bad revision 'HEAD'") {
            return Ok(Vec::new());
        }
        return Err(GitError::Failed(stderr.trim().to_string()));
    }
    Ok(parse_log(&output.stdout, path))
}

/// One commit that changed any of several paths, and the paths it changed (both sides
/// of a rename).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub id: String,
    /// Author date, `YYYY-MM-DD`.
    pub date: String,
    pub subject: String,
    pub paths: Vec<String>,
}

/// The commits that changed any of `paths` (root-relative), newest first, in git's order;
/// only those after `since` when given. One `git log` whatever the number of paths.
pub fn log_paths(paths: &[String], since: Option<&str>) -> Result<Vec<Change>, GitError> {
    if paths.is_empty() {
        return Ok(Vec::new());
    }
    let range = match since {
        Some(revision) => format!("{revision}..HEAD"),
        None => "HEAD".to_string(),
    };
    let mut command = git();
    command.args([
        "log",
        "-M",
        "--no-ext-diff",
        "--format=%x1e%H%x1f%aI%x1f%s",
        "--name-status",
        "-z",
        &range,
        "--",
    ]);
    command.args(paths.iter().map(|path| format!(":(top,literal){path}")));
    let output = command
        .output()
        .map_err(|error| GitError::NotInstalled(error.to_string()))?;
    if !output.status.success() {
        return Err(GitError::Failed(
            String::from_utf8_lossy(&output.stderr).trim().to_string(),
        ));
    }
    Ok(parse_changes(&output.stdout))
}

/// One commit's chunk of `git log` output (see [`parse_log`]): id, date (`YYYY-MM-DD`),
/// subject, and the `STATUS`/path parts that follow.
fn split_commit(chunk: &[u8]) -> (String, String, String, Vec<String>) {
    let mut parts = chunk.split(|&byte| byte == 0);
    let header = String::from_utf8_lossy(parts.next().unwrap_or_default()).into_owned();
    let mut fields = header.splitn(3, '\x1f');
    let id = fields.next().unwrap_or_default().to_string();
    let date: String = fields.next().unwrap_or_default().chars().take(10).collect();
    let subject = fields.next().unwrap_or_default().to_string();
    let rest = parts
        .map(|part| {
            String::from_utf8_lossy(part)
                .trim_start_matches('\n')
                .to_string()
        })
        .filter(|part| !part.is_empty())
        .collect();
    (id, date, subject, rest)
}

/// Parses the same output as [`parse_log`] into every commit's changed paths.
fn parse_changes(bytes: &[u8]) -> Vec<Change> {
    let mut changes = Vec::new();
    for chunk in bytes.split(|&byte| byte == 0x1e) {
        if chunk.is_empty() {
            continue;
        }
        let (id, date, subject, rest) = split_commit(chunk);
        let mut paths = Vec::new();
        let mut rest = rest.into_iter();
        while let Some(status) = rest.next() {
            let sides = if status.starts_with(['R', 'C']) { 2 } else { 1 };
            paths.extend(rest.by_ref().take(sides));
        }
        changes.push(Change {
            id,
            date,
            subject,
            paths,
        });
    }
    changes
}

/// Parses `--format=%x1e%H%x1f%aI%x1f%s --name-status -z`: per commit `\x1e` + header +
/// `\0`, then `\n` and `STATUS\0PATH\0` (a rename: `RNNN\0OLD\0NEW\0`).
fn parse_log(bytes: &[u8], head_path: &str) -> Vec<Commit> {
    let mut commits = Vec::new();
    // Walking back in time: the file's name at the commit being read.
    let mut current = head_path.to_string();
    for chunk in bytes.split(|&byte| byte == 0x1e) {
        if chunk.is_empty() {
            continue;
        }
        let (id, date, subject, rest) = split_commit(chunk);
        let mut path = current.clone();
        let mut deleted = false;
        let mut before = None;
        match rest.as_slice() {
            [status, old, new, ..] if status.starts_with(['R', 'C']) => {
                path = new.clone();
                if status.starts_with('R') {
                    before = Some(old.clone());
                }
            }
            [status, gone, ..] if status.starts_with('D') => {
                path = gone.clone();
                deleted = true;
            }
            [_, changed, ..] => path = changed.clone(),
            _ => {}
        }
        current = before.clone().unwrap_or_else(|| path.clone());
        commits.push(Commit {
            id,
            date,
            subject,
            path,
            deleted,
            previous: before,
        });
    }
    commits
}

/// One `git cat-file --batch` process answering requests one at a time (git flushes each
/// answer), for reads that depend on earlier answers.
pub struct Batch {
    child: std::process::Child,
    stdin: Option<std::process::ChildStdin>,
    stdout: BufReader<std::process::ChildStdout>,
}

impl Batch {
    pub fn start() -> Result<Batch, GitError> {
        let mut child = git()
            .args(["cat-file", "--batch"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|error| GitError::NotInstalled(error.to_string()))?;
        let (Some(stdin), Some(stdout)) = (child.stdin.take(), child.stdout.take()) else {
            let _ = child.kill();
            let _ = child.wait();
            return Err(GitError::Failed("cannot talk to git cat-file".into()));
        };
        Ok(Batch {
            child,
            stdin: Some(stdin),
            stdout: BufReader::new(stdout),
        })
    }

    /// The blob `object:path` (`object` a commit id or any revision expression); `None`
    /// when there is none.
    pub fn read(&mut self, object: &str, path: &str) -> Result<Option<Vec<u8>>, GitError> {
        // One request per line: a path holding a line break cannot be asked for.
        if object.contains('\n') || path.contains('\n') {
            return Ok(None);
        }
        let failed = |error: std::io::Error| GitError::Failed(format!("git cat-file: {error}"));
        let Some(stdin) = self.stdin.as_mut() else {
            return Err(GitError::Failed("git cat-file: closed".into()));
        };
        stdin
            .write_all(format!("{object}:{path}\n").as_bytes())
            .and_then(|()| stdin.flush())
            .map_err(failed)?;
        read_one(&mut self.stdout).map_err(failed)
    }
}

impl Drop for Batch {
    fn drop(&mut self) {
        // Closing its input ends git; it is waited for so that no zombie is left.
        drop(self.stdin.take());
        let _ = self.child.wait();
    }
}

fn read_one(reader: &mut impl BufRead) -> std::io::Result<Option<Vec<u8>>> {
    let mut header = String::new();
    if reader.read_line(&mut header)? == 0 {
        return Err(std::io::Error::new(
            std::io::ErrorKind::UnexpectedEof,
            "the answers stopped early",
        ));
    }
    let header = header.trim_end();
    let mut fields = header.rsplitn(3, ' ');
    let size = fields.next().unwrap_or_default();
    let kind = fields.next().unwrap_or_default();
    if header.ends_with(" missing") || header.ends_with(" ambiguous") || kind.is_empty() {
        return Ok(None);
    }
    let size: usize = size.parse().map_err(|_| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("bad header `{header}`"),
        )
    })?;
    // A blob larger than a journey may be is kept only up to one byte over the limit, so
    // the loader reports it as too large (a row that does not load), without allocating
    // what the header claims.
    let kept = size.min(crate::load::MAX_FILE_BYTES.saturating_add(1));
    let mut content = vec![0; kept];
    reader.read_exact(&mut content)?;
    let rest = (size - kept) as u64;
    let skipped = std::io::copy(
        &mut std::io::Read::take(&mut *reader, rest),
        &mut std::io::sink(),
    )?;
    if skipped < rest {
        return Err(std::io::Error::new(
            std::io::ErrorKind::UnexpectedEof,
            "the answers stopped early",
        ));
    }
    let mut newline = [0u8; 1];
    reader.read_exact(&mut newline)?;
    Ok((kind == "blob").then_some(content))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_oversized_blob_is_cut_one_byte_over_the_limit_and_the_next_still_reads() {
        let size = crate::load::MAX_FILE_BYTES + 5;
        let mut answers = format!("aaa blob {size}\n").into_bytes();
        answers.resize(answers.len() + size, b'x');
        answers.extend_from_slice(b"\nbbb blob 2\nok\n");
        let mut reader = std::io::Cursor::new(answers);
        let big = read_one(&mut reader).unwrap().unwrap();
        assert_eq!(big.len(), crate::load::MAX_FILE_BYTES + 1);
        assert_eq!(read_one(&mut reader).unwrap().unwrap(), b"ok");
    }

    #[test]
    fn parses_log_with_renames_and_deletes() {
        let bytes = b"\x1eaaa\x1f2026-12-02T07:56:33Z\x1fdel\0\nD\0b.txt\0\x1ebbb\x1f2026-12-01T07:56:32+01:00\x1fthird\0\nM\0b.txt\0\x1eccc\x1f2026-11-30T07:56:32Z\x1frename\0\nR050\0a.txt\0b.txt\0\x1eddd\x1f2026-11-29T00:00:00Z\x1ffirst one\0\nA\0a.txt\0";
        let commits = parse_log(bytes, "b.txt");
        let summary: Vec<(&str, &str, &str, bool)> = commits
            .iter()
            .map(|c| (c.id.as_str(), c.date.as_str(), c.path.as_str(), c.deleted))
            .collect();
        assert_eq!(
            summary,
            [
                ("aaa", "2026-12-02", "b.txt", true),
                ("bbb", "2026-12-01", "b.txt", false),
                ("ccc", "2026-11-30", "b.txt", false),
                ("ddd", "2026-11-29", "a.txt", false),
            ]
        );
        assert_eq!(commits[3].subject, "first one");
    }

    #[test]
    fn parses_changed_paths() {
        let bytes = b"\x1eaaa\x1f2026-12-02T07:56:33Z\x1fboth\0\nM\0lib/a.jmap-lib.yaml\0R090\0x.yaml\0y.yaml\0\x1ebbb\x1f2026-12-01T00:00:00Z\x1fone\0\nD\0lib/b.jmap-lib.yaml\0";
        let changes = parse_changes(bytes);
        assert_eq!(changes.len(), 2);
        assert_eq!(
            changes[0].paths,
            ["lib/a.jmap-lib.yaml", "x.yaml", "y.yaml"]
        );
        assert_eq!(changes[0].date, "2026-12-02");
        assert_eq!(changes[1].subject, "one");
        assert_eq!(changes[1].paths, ["lib/b.jmap-lib.yaml"]);
    }

    #[test]
    fn reads_batch_answers() {
        let mut input: &[u8] = b"abc blob 4\nx: 1\nHEAD:nope missing\ndef tree 0\n\n";
        assert_eq!(read_one(&mut input).ok(), Some(Some(b"x: 1".to_vec())));
        assert_eq!(read_one(&mut input).ok(), Some(None));
        assert_eq!(read_one(&mut input).ok(), Some(None));
        assert!(read_one(&mut input).is_err());
    }
}
