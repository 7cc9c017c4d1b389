//! The files the server reads besides the one asked about: libraries of `uses:` and the
//! journeys of the workspace. Unsaved editor contents win over the disk.

use super::features::Analysis;
use crate::load::library::{LibrarySource, join, normalize};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// The open documents' texts (and, for open libraries, their analyses) by normalized path.
/// Made for one request or notification: libraries read from disk are analysed once in it.
#[derive(Default)]
pub struct Files {
    open: HashMap<PathBuf, Open>,
    read: Mutex<HashMap<PathBuf, Option<Arc<Analysis>>>>,
}

struct Open {
    text: Arc<str>,
    library: Option<Arc<Analysis>>,
}

impl Files {
    /// Records an open document; `library` is its analysis when it is a library.
    pub fn insert(&mut self, path: &Path, text: Arc<str>, library: Option<Arc<Analysis>>) {
        self.open.insert(normalize(path), Open { text, library });
    }

    pub fn is_open(&self, path: &Path) -> bool {
        self.open.contains_key(&normalize(path))
    }

    /// The text of a file: the editor's when it is open, else the disk's.
    pub fn text(&self, path: &Path) -> Result<Arc<str>, String> {
        if let Some(open) = self.open.get(&normalize(path)) {
            return Ok(Arc::clone(&open.text));
        }
        let bytes = read_disk(path, crate::input::JOURNEY)?;
        String::from_utf8(bytes)
            .map(Arc::from)
            .map_err(|_| "not valid UTF-8".to_string())
    }

    /// A library as analysed: the open document's analysis, else read from disk now.
    pub fn library(&self, path: &Path) -> Option<Arc<Analysis>> {
        let path = normalize(path);
        if let Some(open) = self.open.get(&path) {
            if let Some(library) = &open.library {
                return Some(Arc::clone(library));
            }
            let bytes = open.text.as_bytes().to_vec();
            return Some(Arc::new(super::analysis::library(&display(&path), bytes)));
        }
        if let Ok(read) = self.read.lock()
            && let Some(known) = read.get(&path)
        {
            return known.clone();
        }
        let analysed = read_disk(&path, crate::input::LIBRARY)
            .ok()
            .map(|bytes| Arc::new(super::analysis::library(&display(&path), bytes)));
        if let Ok(mut read) = self.read.lock() {
            read.insert(path, analysed.clone());
        }
        analysed
    }
}

impl LibrarySource for Files {
    fn read(&self, journey_path: &str, entry: &str) -> (String, Result<Vec<u8>, String>) {
        let path = join(journey_path, entry);
        let bytes = match self.open.get(&path) {
            Some(open) => Ok(open.text.as_bytes().to_vec()),
            None => read_disk(&path, crate::input::LIBRARY),
        };
        (display(&path), bytes)
    }
}

pub fn display(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

/// A regular file's bytes, up to `limit`. A FIFO or device would block the server: it is
/// refused.
fn read_disk(path: &Path, limit: crate::input::Limit) -> Result<Vec<u8>, String> {
    match std::fs::metadata(path) {
        Ok(metadata) if metadata.is_file() => {}
        Ok(_) => return Err("not a regular file".to_string()),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            return Err("no such file".to_string());
        }
        Err(error) => return Err(error.to_string()),
    }
    crate::input::read(path, limit).map_err(|error| error.describe())
}

/// The journey files under `root`, found as `jmap lint` run there finds them: `.gitignore`
/// respected, `.jmap.yaml`'s `include`/`exclude` applied. Libraries are left out.
pub fn journeys_under(root: &Path) -> Vec<PathBuf> {
    let Ok(config) = crate::config::load(None, root) else {
        return Vec::new();
    };
    let Ok(files) = crate::config::files::collect(&[root.to_path_buf()], &config) else {
        return Vec::new();
    };
    files
        .into_iter()
        .filter(|path| {
            !path
                .to_string_lossy()
                .ends_with(crate::load::library::LIBRARY_SUFFIX)
        })
        .map(|path| normalize(&path))
        .collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn hostile_libraries_are_diagnostics() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let fifo = root.join("pipe.jmap-lib.yaml");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .is_ok_and(|status| status.success());
        std::fs::create_dir(root.join("folder.jmap-lib.yaml")).unwrap();
        // A journey file named like a library.
        std::fs::write(
            root.join("self.jmap-lib.yaml"),
            "jmap: 1\nuses: [self.jmap-lib.yaml]\nlanes: [a]\n",
        )
        .unwrap();
        let journey = root.join("j.journey.yaml");
        let text = "jmap: 1\nuses: [pipe.jmap-lib.yaml, folder.jmap-lib.yaml, nowhere.jmap-lib.yaml, self.jmap-lib.yaml]\njourney: {id: j, title: J}\nlanes: [a]\nstages: []\n";
        let display = journey.to_string_lossy().into_owned();
        let analysis = super::super::analysis::journey(
            Some(&journey),
            &display,
            Arc::from(text),
            &Files::default(),
            true,
        );
        let messages: Vec<&str> = analysis
            .findings
            .iter()
            .map(|finding| finding.message.as_str())
            .collect();
        let on_entry = |name: &str| {
            let start = text.find(name).unwrap();
            analysis
                .findings
                .iter()
                .any(|finding| finding.span.start == start)
        };
        if made {
            assert!(on_entry("pipe.jmap-lib.yaml"), "{messages:?}");
        }
        assert!(on_entry("folder.jmap-lib.yaml"), "{messages:?}");
        assert!(on_entry("nowhere.jmap-lib.yaml"), "{messages:?}");
        assert!(on_entry("self.jmap-lib.yaml"), "{messages:?}");
        assert_eq!(analysis.uses.len(), 4);
        // The one that reads is analysed as a library: its errors are its own.
        let own = analysis.uses[3].library.as_ref().unwrap();
        assert!(!own.findings.is_empty());
    }
}
