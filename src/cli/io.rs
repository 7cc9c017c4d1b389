//! Every byte the command line reads or writes goes through here, so every command gets
//! the same rules:
//!
//! - a write error (a full disk, `> /dev/full`, an unwritable `-o`) is exit 2 with a
//!   message; a closed pipe (`jmap rules | head -1`) ends the output quietly and the
//!   command keeps its own exit code;
//! - messages on stderr never panic, even when stderr itself is closed or full;
//! - an output (`-o`, `--write-baseline`, `--svg`) that names one of the command's own
//!   input files is refused with exit 2 before anything is written;
//! - inputs are read with their size limit ([`crate::input`]), and a failure names the file.

use super::Exit;
use crate::input::{self, InputError, Limit};
use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};

/// A message on stderr. If stderr cannot be written there is no one left to tell: the
/// error is ignored rather than turned into a panic (as `eprintln!` would).
pub fn note(message: std::fmt::Arguments<'_>) {
    let mut stderr = std::io::stderr().lock();
    let _ = writeln!(stderr, "{message}").and_then(|()| stderr.flush());
}

/// Raw bytes on stderr (a rendered report), with the same rule as [`note`].
pub fn note_bytes(bytes: &[u8]) {
    let mut stderr = std::io::stderr().lock();
    let _ = stderr.write_all(bytes).and_then(|()| stderr.flush());
}

/// Writes a command's output to `path` atomically (a temp file in the same folder, then a
/// rename, so an interrupted run never leaves half a file), or to stdout when `None`.
///
/// The file is not forced to disk (no `fsync`): an output is made again by running the
/// command, and waiting for the disk cost more than the rest of a 1,000-touchpoint render
/// (BENCHMARKS.md). Edits of a user's own journeys (`lint --fix`) are synced ([`crate::edit::write_atomic`]).
pub fn write_output(path: Option<&Path>, bytes: &[u8]) -> Result<(), Exit> {
    write_output_with(path, &mut |out: &mut dyn Write| out.write_all(bytes))
}

/// [`write_output`] for an output written in pieces as it is made (a large map): `write`
/// gets the stdout or the temp file, with the same rules for errors and the same rename.
pub fn write_output_with(
    path: Option<&Path>,
    write: &mut dyn FnMut(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), Exit> {
    match path {
        None => write_stdout_with(write),
        Some(path) => write_file(path, write),
    }
}

/// Writes to stdout: a closed pipe is a quiet stop, any other error exit 2.
fn write_stdout_with(
    write: &mut dyn FnMut(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), Exit> {
    let mut stdout = std::io::stdout().lock();
    match write(&mut stdout).and_then(|()| stdout.flush()) {
        Ok(()) => Ok(()),
        Err(error) if error.kind() == ErrorKind::BrokenPipe => Ok(()),
        Err(error) => Err(super::usage_error(format_args!(
            "cannot write to stdout: {error}"
        ))),
    }
}

fn write_file(
    path: &Path,
    write: &mut dyn FnMut(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), Exit> {
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let fail = |error: std::io::Error| {
        if error.kind() == ErrorKind::NotFound && !folder.is_dir() {
            return super::usage_error(format_args!(
                "cannot write {}: no folder {}",
                path.display(),
                folder.display()
            ));
        }
        super::usage_error(format_args!("cannot write {}: {error}", path.display()))
    };
    // A device or a pipe (`-o /dev/stdout`, `-o /dev/null`) is written in place: renaming
    // a temp file over it would replace the device with a plain file.
    if let Ok(metadata) = std::fs::metadata(path)
        && !metadata.is_file()
        && !metadata.is_dir()
    {
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .open(path)
            .map_err(fail)?;
        return write(&mut file).and_then(|()| file.flush()).map_err(fail);
    }
    let mut builder = tempfile::Builder::new();
    // A temp file is private (0600) by default; an output file gets the usual 0666 & !umask.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut temp = builder.tempfile_in(folder).map_err(fail)?;
    write(temp.as_file_mut()).map_err(fail)?;
    temp.persist(path).map_err(|error| fail(error.error))?;
    Ok(())
}

/// Reads an input file within its size limit; any failure is exit 2, naming the file.
pub fn read_input(path: &Path, limit: Limit) -> Result<Vec<u8>, Exit> {
    input::read(path, limit).map_err(|error| {
        super::usage_error(format_args!(
            "cannot read the {} {}: {error}",
            limit.what,
            super::display_path(path)
        ))
    })
}

/// `error: cannot read PATH: WHY` (exit 2).
pub fn read_error(path: &Path, error: &InputError) -> Exit {
    super::usage_error(format_args!(
        "cannot read {}: {error}",
        super::display_path(path)
    ))
}

/// An output of a command: the flag that named it (for the message) and its path.
pub struct Output<'a> {
    pub flag: &'static str,
    pub path: &'a Path,
}

/// Refuses (exit 2) an output that is one of the inputs, or that another output also
/// names: writing it would destroy the input, or one output would overwrite the other.
/// Paths are compared as files, not as text: `./x`, `a/../x`, a symlink and a hard link to
/// `x` are all `x`.
pub fn refuse_overwriting_inputs(outputs: &[Output<'_>], inputs: &[&Path]) -> Result<(), Exit> {
    for (index, output) in outputs.iter().enumerate() {
        // An output that does not exist yet cannot be an existing input.
        let exists = std::fs::symlink_metadata(output.path).is_ok();
        for input in inputs.iter().filter(|_| exists) {
            if same_file(output.path, input) {
                return Err(super::usage_error(format_args!(
                    "{} {} is also an input of this command; writing it would overwrite {}",
                    output.flag,
                    super::display_path(output.path),
                    super::display_path(input),
                )));
            }
        }
        for other in outputs.iter().take(index) {
            if same_file(output.path, other.path) {
                return Err(super::usage_error(format_args!(
                    "{} and {} both name {}; give each output its own file",
                    other.flag,
                    output.flag,
                    super::display_path(output.path),
                )));
            }
        }
    }
    Ok(())
}

/// True when two paths name the same file: the same device and inode (symlinks followed,
/// hard links), or, for files that do not exist yet, the same canonical location. Only
/// `stat`: an input is never opened here (opening a FIFO would consume it).
pub fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let (Ok(a), Ok(b)) = (std::fs::metadata(a), std::fs::metadata(b)) {
            return a.dev() == b.dev() && a.ino() == b.ino();
        }
    }
    match (location(a), location(b)) {
        (Some(a), Some(b)) => a == b,
        _ => false,
    }
}

/// Where a path points: canonical if it exists, else its canonical folder and its name.
fn location(path: &Path) -> Option<PathBuf> {
    if let Ok(canonical) = path.canonicalize() {
        return Some(canonical);
    }
    let name = path.file_name()?;
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    Some(folder.canonicalize().ok()?.join(name))
}

/// The width of text tables: the terminal's when the output goes to one, else a fixed
/// 120 columns, so files and pipes get the same bytes wherever they were produced.
pub fn text_width(to_stdout: bool) -> u16 {
    const DEFAULT: u16 = 120;
    if to_stdout && let Some(width) = comfy_table::Table::new().width() {
        return width.max(60);
    }
    DEFAULT
}
