//! Reading journeys out of git: `REV:PATH` blobs (for `diff`, `render`, `report`, `export`)
//! and the files changed since a revision (for `review`).
//!
//! Runs the `git` program (`std::process::Command`), always in the current folder, never
//! touching the network. Paths that git prints are relative to the repository root.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Why git could not answer; every case stops the command with exit 2.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GitError {
    NotInstalled(String),
    NotARepository,
    UnknownRevision(String),
    MissingPath {
        revision: String,
        path: String,
    },
    Failed(String),
    TooLarge {
        revision: String,
        path: String,
        limit: crate::input::Limit,
    },
}

impl std::fmt::Display for GitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            GitError::NotInstalled(error) => write!(f, "cannot run git: {error}"),
            GitError::NotARepository => write!(f, "not inside a git repository"),
            GitError::UnknownRevision(revision) => {
                write!(f, "unknown git revision `{revision}`")
            }
            GitError::MissingPath { revision, path } => {
                write!(f, "`{path}` is not a file at revision `{revision}`")
            }
            GitError::Failed(message) => write!(f, "git failed: {message}"),
            GitError::TooLarge {
                revision,
                path,
                limit,
            } => write!(
                f,
                "{revision}:{path} is larger than {}, the limit for a {}",
                crate::input::human_bytes(limit.bytes),
                limit.what
            ),
        }
    }
}

/// One side of `jmap diff`: a file on disk, or a file at a git revision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Spec {
    Path(PathBuf),
    Git { revision: String, path: String },
}

impl Spec {
    /// An existing file is always a path (even with a `:` in its name); otherwise
    /// `REV:PATH` is git object syntax, and anything else a path (that will be missing).
    pub fn parse(argument: &str) -> Spec {
        // Anything that exists and is not a folder is a file: a FIFO too (`<(git show ...)`).
        if std::fs::metadata(argument).is_ok_and(|meta| !meta.is_dir()) {
            return Spec::Path(PathBuf::from(argument));
        }
        match argument.split_once(':') {
            Some((revision, path)) => Spec::Git {
                revision: revision.to_string(),
                path: path.to_string(),
            },
            None => Spec::Path(PathBuf::from(argument)),
        }
    }
}

fn git<I, S>(arguments: I) -> Result<Output, GitError>
where
    I: IntoIterator<Item = S>,
    S: Into<OsString>,
{
    Command::new("git")
        .args(arguments.into_iter().map(Into::into))
        .env("LC_ALL", "C")
        .env("GIT_TERMINAL_PROMPT", "0")
        .env("GIT_OPTIONAL_LOCKS", "0")
        .stdin(std::process::Stdio::null())
        .output()
        .map_err(|error| GitError::NotInstalled(error.to_string()))
}

fn stderr_of(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).trim().to_string()
}

/// The root of the repository holding the current folder.
pub fn toplevel() -> Result<PathBuf, GitError> {
    let output = git(["rev-parse", "--show-toplevel"])?;
    if !output.status.success() {
        return Err(GitError::NotARepository);
    }
    let text = String::from_utf8_lossy(&output.stdout);
    Ok(PathBuf::from(text.trim_end_matches(['\n', '\r'])))
}

/// Checks that `revision` names a commit (or tree) in this repository.
pub fn verify_revision(revision: &str) -> Result<(), GitError> {
    toplevel()?;
    // A leading `-` would be read as an option.
    if revision.is_empty() || revision.starts_with('-') {
        return Err(GitError::UnknownRevision(revision.to_string()));
    }
    let output = git([
        "rev-parse",
        "--verify",
        "--quiet",
        &format!("{revision}^{{tree}}"),
    ])?;
    if output.status.success() {
        Ok(())
    } else {
        Err(GitError::UnknownRevision(revision.to_string()))
    }
}

/// The bytes of `path` at `revision` (`git cat-file blob REV:PATH`). As in git, PATH is
/// relative to the repository root unless it starts with `./` or `../`. An empty
/// revision reads the index, as `git show :PATH` does.
pub fn read_file(revision: &str, path: &str) -> Result<Vec<u8>, GitError> {
    if revision.is_empty() {
        toplevel()?;
    } else {
        verify_revision(revision)?;
    }
    let missing = || GitError::MissingPath {
        revision: revision.to_string(),
        path: path.to_string(),
    };
    if path.is_empty() {
        return Err(missing());
    }
    // Read through a bounded reader: a huge blob stops at the journey file limit.
    let mut child = Command::new("git")
        .args(["cat-file", "blob", &format!("{revision}:{path}")])
        .env("LC_ALL", "C")
        .env("GIT_TERMINAL_PROMPT", "0")
        .env("GIT_OPTIONAL_LOCKS", "0")
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map_err(|error| GitError::NotInstalled(error.to_string()))?;
    let read = match child.stdout.take() {
        Some(stdout) => crate::input::read_from(stdout, crate::input::JOURNEY),
        None => Ok(Vec::new()),
    };
    if read.is_err() {
        let _ = child.kill();
    }
    let status = child
        .wait()
        .map_err(|error| GitError::Failed(error.to_string()))?;
    match read {
        Err(crate::input::InputError::TooLarge(limit)) => Err(GitError::TooLarge {
            revision: revision.to_string(),
            path: path.to_string(),
            limit,
        }),
        Err(error) => Err(GitError::Failed(error.to_string())),
        Ok(_) if !status.success() => Err(missing()),
        Ok(bytes) => Ok(bytes),
    }
}

/// Libraries of a journey read as `REV:PATH`: read at the same revision, relative to the
/// journey's path there (`uses:` entries are relative to the journey's folder).
#[derive(Debug, Clone)]
pub struct RevisionLibraries {
    revision: String,
}

impl RevisionLibraries {
    pub fn new(revision: &str) -> Self {
        RevisionLibraries {
            revision: revision.to_string(),
        }
    }
}

impl crate::load::library::LibrarySource for RevisionLibraries {
    fn read(&self, journey_path: &str, entry: &str) -> (String, Result<Vec<u8>, String>) {
        let prefix = format!("{}:", self.revision);
        let path = journey_path.strip_prefix(&prefix).unwrap_or(journey_path);
        let library = crate::load::library::join(path, entry);
        let library = library.to_string_lossy().replace('\\', "/");
        let display = format!("{prefix}{library}");
        let bytes = read_file(&self.revision, &library).map_err(|error| error.to_string());
        (display, bytes)
    }
}

/// How a file changed between a revision and the working tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    Added,
    Modified,
    Deleted,
    /// Renamed (possibly edited too) from this root-relative path.
    Renamed(String),
}

/// A file changed since a revision; `path` is relative to the repository root (for a
/// deleted file, where it was).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangedFile {
    pub path: String,
    pub status: Status,
}

impl ChangedFile {
    /// The path of the file at the revision, if it existed there.
    pub fn old_path(&self) -> Option<&str> {
        match &self.status {
            Status::Added => None,
            Status::Modified | Status::Deleted => Some(&self.path),
            Status::Renamed(from) => Some(from),
        }
    }
}

/// Files changed between `revision` and the working tree (`git diff --name-status -M`),
/// plus untracked files that are not ignored, limited to `paths` (files or folders,
/// relative to the current folder; all when empty). Sorted by path.
///
/// The whole tree is listed and filtered here rather than with git pathspecs, so a
/// rename is still seen as one when only one of its two paths is named.
pub fn changed_files(revision: &str, paths: &[PathBuf]) -> Result<Vec<ChangedFile>, GitError> {
    verify_revision(revision)?;
    let scope = Scope::new(paths)?;

    let output = git([
        "diff",
        "--name-status",
        "-z",
        "-M",
        "--no-ext-diff",
        revision,
        "--",
    ])?;
    if !output.status.success() {
        return Err(GitError::Failed(stderr_of(&output)));
    }
    let mut files = parse_name_status(&output.stdout);

    let output = git([
        "ls-files",
        "--others",
        "--exclude-standard",
        "--full-name",
        "-z",
        "--",
        ":/",
    ])?;
    if !output.status.success() {
        return Err(GitError::Failed(stderr_of(&output)));
    }
    files.extend(
        split_nul(&output.stdout)
            .into_iter()
            .map(|path| ChangedFile {
                path,
                status: Status::Added,
            }),
    );
    files.retain(|file| {
        scope.contains(&file.path) || file.old_path().is_some_and(|old| scope.contains(old))
    });
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files.dedup_by(|a, b| a.path == b.path);
    Ok(files)
}

/// The files and folders named on the command line, as paths from the repository root.
struct Scope {
    /// Empty: the whole repository.
    roots: Vec<String>,
}

impl Scope {
    fn new(paths: &[PathBuf]) -> Result<Scope, GitError> {
        if paths.is_empty() {
            return Ok(Scope { roots: Vec::new() });
        }
        let toplevel = toplevel()?;
        let output = git(["rev-parse", "--show-prefix"])?;
        let prefix = String::from_utf8_lossy(&output.stdout)
            .trim_end_matches(['\n', '\r'])
            .to_string();
        let mut roots = Vec::new();
        for path in paths {
            let relative = if path.is_absolute() {
                let canonical = path.canonicalize().unwrap_or_else(|_| path.clone());
                let top = toplevel.canonicalize().unwrap_or_else(|_| toplevel.clone());
                match canonical.strip_prefix(&top) {
                    Ok(inside) => inside.to_path_buf(),
                    // Outside the repository: matches nothing.
                    Err(_) => continue,
                }
            } else {
                Path::new(&prefix).join(path)
            };
            roots.push(normalize(&relative));
        }
        Ok(Scope { roots })
    }

    fn contains(&self, path: &str) -> bool {
        self.roots.is_empty()
            || self.roots.iter().any(|root| {
                root.is_empty()
                    || path == root
                    || path
                        .strip_prefix(root.as_str())
                        .is_some_and(|rest| rest.starts_with('/'))
            })
    }
}

/// `a/./b/../c` → `a/c`, with `/` separators as git prints them.
fn normalize(path: &Path) -> String {
    let mut parts: Vec<String> = Vec::new();
    for component in path.components() {
        match component {
            std::path::Component::Normal(part) => parts.push(part.to_string_lossy().into_owned()),
            std::path::Component::ParentDir => {
                parts.pop();
            }
            _ => {}
        }
    }
    parts.join("/")
}

fn split_nul(bytes: &[u8]) -> Vec<String> {
    bytes
        .split(|&byte| byte == 0)
        .filter(|part| !part.is_empty())
        .map(|part| String::from_utf8_lossy(part).into_owned())
        .collect()
}

/// Parses `git diff --name-status -z`: `STATUS\0PATH\0`, or `RNNN\0FROM\0TO\0` for renames.
fn parse_name_status(bytes: &[u8]) -> Vec<ChangedFile> {
    let parts = split_nul(bytes);
    let mut parts = parts.into_iter();
    let mut files = Vec::new();
    while let Some(status) = parts.next() {
        let Some(path) = parts.next() else { break };
        let file = match status.chars().next() {
            Some('A') => ChangedFile {
                path,
                status: Status::Added,
            },
            Some('D') => ChangedFile {
                path,
                status: Status::Deleted,
            },
            Some('R') => {
                let Some(to) = parts.next() else { break };
                ChangedFile {
                    path: to,
                    status: Status::Renamed(path),
                }
            }
            Some('C') => {
                // A copy: the new file is new, the original stays as it was.
                let Some(to) = parts.next() else { break };
                ChangedFile {
                    path: to,
                    status: Status::Added,
                }
            }
            _ => ChangedFile {
                path,
                status: Status::Modified,
            },
        };
        files.push(file);
    }
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_status_with_renames() {
        let files = parse_name_status(b"M\0a.yaml\0R087\0old.yaml\0new.yaml\0D\0gone.yaml\0");
        assert_eq!(
            files,
            vec![
                ChangedFile {
                    path: "a.yaml".into(),
                    status: Status::Modified
                },
                ChangedFile {
                    path: "new.yaml".into(),
                    status: Status::Renamed("old.yaml".into())
                },
                ChangedFile {
                    path: "gone.yaml".into(),
                    status: Status::Deleted
                },
            ]
        );
    }

    #[test]
    fn scope_matches_files_and_folders() {
        let scope = Scope {
            roots: vec![
                normalize(Path::new("journeys/./sales/../ops")),
                "a.journey.yaml".into(),
            ],
        };
        assert!(scope.contains("journeys/ops/x.journey.yaml"));
        assert!(scope.contains("a.journey.yaml"));
        assert!(!scope.contains("journeys/ops-old/x.journey.yaml"));
        assert!(!scope.contains("b/a.journey.yaml"));
    }

    #[test]
    fn spec_parsing() {
        assert_eq!(
            Spec::parse("HEAD~1:examples/a.journey.yaml"),
            Spec::Git {
                revision: "HEAD~1".into(),
                path: "examples/a.journey.yaml".into()
            }
        );
        assert_eq!(
            Spec::parse("no-such.journey.yaml"),
            Spec::Path("no-such.journey.yaml".into())
        );
    }
}
