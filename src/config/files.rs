//! Which files `jmap lint` reads under folders: `*.journey.yaml` and `*.jmap-lib.yaml`
//! found by walking them (`.gitignore` respected), or `.jmap.yaml`'s `include`/`exclude`.
//! The command line and the language server (the journeys that use a library) share it.

use super::Config;
use crate::load::library::normalize;
use std::path::{Path, PathBuf};

/// The files to lint: named files as they are, folders walked for journey files.
pub fn collect(paths: &[PathBuf], config: &Config) -> Result<Vec<PathBuf>, String> {
    let matcher = Matcher::new(config)?;
    let default = [PathBuf::from(".")];
    let roots = if paths.is_empty() {
        &default[..]
    } else {
        paths
    };
    let mut files = Vec::new();
    for root in roots {
        // Anything named that is not a folder is read as a file: a FIFO or a process
        // substitution (`jmap lint <(git show HEAD:x.journey.yaml)`) too.
        match std::fs::metadata(root) {
            Ok(meta) if meta.is_dir() => {}
            Ok(_) => {
                files.push(root.clone());
                continue;
            }
            Err(error) if crate::input::is_symlink_loop(&error) => {
                return Err(format!(
                    "{}: a symbolic link loop (the link leads back to itself)",
                    root.display()
                ));
            }
            Err(_) => {
                return Err(format!("{}: no such file or folder", root.display()));
            }
        }
        let walker = ignore::WalkBuilder::new(root)
            .require_git(false)
            .sort_by_file_name(|a, b| a.cmp(b))
            .build();
        for entry in walker {
            let entry =
                entry.map_err(|error| format!("cannot walk {}: {error}", root.display()))?;
            let is_file = entry.file_type().is_some_and(|kind| kind.is_file());
            if is_file && matcher.matches(entry.path()) {
                files.push(entry.path().to_path_buf());
            }
        }
    }
    files.sort();
    files.dedup();
    Ok(files)
}

/// `*.journey.yaml` by default; `.jmap.yaml`'s `include`/`exclude` globs, relative to the
/// folder holding it, when it has them.
struct Matcher {
    include: Option<globset::GlobSet>,
    exclude: globset::GlobSet,
    root: PathBuf,
}

impl Matcher {
    fn new(config: &Config) -> Result<Self, String> {
        let build = |patterns: &[String]| {
            let mut set = globset::GlobSetBuilder::new();
            for pattern in patterns {
                let glob = globset::GlobBuilder::new(pattern)
                    .literal_separator(true)
                    .build()
                    .map_err(|error| format!("bad glob `{pattern}`: {error}"))?;
                set.add(glob);
            }
            set.build().map_err(|error| format!("bad globs: {error}"))
        };
        let include = if config.include.is_empty() {
            None
        } else {
            Some(build(&config.include)?)
        };
        let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
        let root = normalize(&config.root().map_or(cwd.clone(), |root| cwd.join(root)));
        Ok(Matcher {
            include,
            exclude: build(&config.exclude)?,
            root,
        })
    }

    fn matches(&self, path: &Path) -> bool {
        let absolute = std::env::current_dir()
            .map(|cwd| cwd.join(path))
            .unwrap_or_else(|_| path.to_path_buf());
        let is_journey = || {
            path.file_name()
                .and_then(|name| name.to_str())
                .is_some_and(|name| name.ends_with(".journey.yaml"))
                || is_library(path)
        };
        // Globs count from the config's folder; a file outside it matches none of them.
        let Ok(relative) = normalize(&absolute)
            .strip_prefix(&self.root)
            .map(Path::to_path_buf)
        else {
            return self.include.is_none() && is_journey();
        };
        // `exclude: [drafts]` excludes the folder's files too, as in .gitignore.
        let excluded = relative
            .ancestors()
            .filter(|ancestor| !ancestor.as_os_str().is_empty())
            .any(|ancestor| self.exclude.is_match(ancestor));
        if excluded {
            return false;
        }
        match &self.include {
            Some(include) => include.is_match(&relative),
            None => is_journey(),
        }
    }
}

fn is_library(path: &Path) -> bool {
    path.file_name()
        .and_then(|name| name.to_str())
        .is_some_and(|name| name.ends_with(crate::load::library::LIBRARY_SUFFIX))
}
