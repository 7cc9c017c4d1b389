//! Reading input files: every file jmap reads has a size limit, read with a bounded reader
//! (an endless input such as `/dev/zero` or a FIFO stops at the limit), and every failure
//! names the file. The README's "Limits" table lists these numbers.

use std::fmt;
use std::io::Read;
use std::path::Path;

/// What a file is for, and the most bytes jmap reads of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit {
    /// How the file is named in an error: "journey file", "baseline"...
    pub what: &'static str,
    pub bytes: u64,
}

const MIB: u64 = 1024 * 1024;

/// A journey file (a 40,000-touchpoint journey is about 10 MB), on disk or at `REV:PATH`.
pub const JOURNEY: Limit = Limit {
    what: "journey file",
    bytes: 64 * MIB,
};
/// A library named in `uses:` (`*.jmap-lib.yaml`): shared lanes and metrics, read like a
/// journey file.
pub const LIBRARY: Limit = Limit {
    what: "library file",
    bytes: 64 * MIB,
};
/// `.jmap.yaml` or `--config`: a few rule levels and globs.
pub const CONFIG: Limit = Limit {
    what: "configuration",
    bytes: MIB,
};
/// `--baseline`: one short JSON object per recorded finding.
pub const BASELINE: Limit = Limit {
    what: "baseline",
    bytes: 64 * MIB,
};
/// `report --metrics`: one CSV row per metric reading.
pub const METRICS_CSV: Limit = Limit {
    what: "metrics CSV",
    bytes: 16 * MIB,
};

/// `jmap metrics`: a survey or CRM export named in `.jmap.yaml` `sources` (one row per
/// response; a large Qualtrics export is tens of MB).
pub const SURVEY_EXPORT: Limit = Limit {
    what: "survey export",
    bytes: 256 * MIB,
};

/// Why a file could not be read.
#[derive(Debug)]
pub enum InputError {
    NotFound,
    /// A symlink that leads back to itself (ELOOP).
    SymlinkLoop,
    IsFolder,
    TooLarge(Limit),
    Io(std::io::Error),
}

impl InputError {
    pub fn from_io(error: std::io::Error) -> Self {
        if is_symlink_loop(&error) {
            InputError::SymlinkLoop
        } else if error.kind() == std::io::ErrorKind::NotFound {
            InputError::NotFound
        } else if error.kind() == std::io::ErrorKind::IsADirectory {
            InputError::IsFolder
        } else {
            InputError::Io(error)
        }
    }

    /// The sentence for an error message, after the file's name: `{path}: {this}`.
    pub fn describe(&self) -> String {
        match self {
            InputError::NotFound => "no such file".to_string(),
            InputError::SymlinkLoop => {
                "a symbolic link loop (the link leads back to itself)".to_string()
            }
            InputError::IsFolder => "is a folder, not a file".to_string(),
            InputError::TooLarge(limit) => format!(
                "larger than {}, the limit for a {}",
                human_bytes(limit.bytes),
                limit.what
            ),
            InputError::Io(error) => format!("cannot read: {error}"),
        }
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.describe())
    }
}

/// `64 MiB`, `1 MiB`, `512 bytes`.
pub fn human_bytes(bytes: u64) -> String {
    if bytes >= MIB && bytes.is_multiple_of(MIB) {
        format!("{} MiB", bytes / MIB)
    } else {
        format!("{bytes} bytes")
    }
}

/// True for ELOOP: too many symbolic links (a loop) while resolving a path.
pub fn is_symlink_loop(error: &std::io::Error) -> bool {
    #[cfg(unix)]
    {
        error.raw_os_error() == Some(libc::ELOOP)
    }
    #[cfg(not(unix))]
    {
        let _ = error;
        false
    }
}

/// Reads a whole file, or fails once it holds more than `limit` bytes. Works on anything
/// that can be opened and read: files, FIFOs, process substitution (`<(git show ...)`).
pub fn read(path: &Path, limit: Limit) -> Result<Vec<u8>, InputError> {
    let bytes = read_capped(path, limit)?;
    if bytes.len() as u64 > limit.bytes {
        return Err(InputError::TooLarge(limit));
    }
    Ok(bytes)
}

/// Reads at most `limit` bytes and one more, so the caller can report a file that is too
/// large where it reports the file's other errors (a journey's is a located finding).
pub fn read_capped(path: &Path, limit: Limit) -> Result<Vec<u8>, InputError> {
    let file = std::fs::File::open(path).map_err(InputError::from_io)?;
    if file.metadata().is_ok_and(|meta| meta.is_dir()) {
        return Err(InputError::IsFolder);
    }
    let mut bytes = Vec::new();
    file.take(limit.bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(InputError::from_io)?;
    Ok(bytes)
}

/// Reads a stream up to `limit` bytes; one byte more is an error.
pub fn read_from(reader: impl Read, limit: Limit) -> Result<Vec<u8>, InputError> {
    let mut bytes = Vec::new();
    reader
        .take(limit.bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(InputError::from_io)?;
    if bytes.len() as u64 > limit.bytes {
        return Err(InputError::TooLarge(limit));
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stream_longer_than_the_limit_is_refused() {
        let limit = Limit {
            what: "test",
            bytes: 4,
        };
        assert_eq!(read_from(&b"abcd"[..], limit).ok(), Some(b"abcd".to_vec()));
        assert!(matches!(
            read_from(std::io::repeat(b'x'), limit),
            Err(InputError::TooLarge(_))
        ));
    }

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(human_bytes(64 * MIB), "64 MiB");
        assert_eq!(human_bytes(100), "100 bytes");
    }
}
