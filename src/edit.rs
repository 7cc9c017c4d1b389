//! Text edits on a source file: the one way jmap changes a user's file.
//!
//! An edit replaces a byte range of the source with new text; everything outside the ranges
//! (comments, key order, quoting, blank lines) is kept byte for byte. [`apply`] takes a set
//! of edits, checks them (in bounds, on char boundaries, not overlapping) and returns the new
//! text; [`unified_diff`] shows the change; [`write_atomic`] puts it on disk.

use std::fmt;
use std::io::Write;
use std::ops::Range;
use std::path::Path;

/// Replace `range` (byte offsets into the source) with `new_text`.
///
/// An empty range inserts; an empty `new_text` deletes.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TextEdit {
    pub range: Range<usize>,
    pub new_text: String,
}

impl TextEdit {
    /// Replaces `range` with `new_text`.
    pub fn replace(range: Range<usize>, new_text: impl Into<String>) -> Self {
        Self {
            range,
            new_text: new_text.into(),
        }
    }

    /// Inserts `text` at byte `offset`.
    pub fn insert(offset: usize, text: impl Into<String>) -> Self {
        Self::replace(offset..offset, text)
    }

    /// Deletes `range`.
    pub fn delete(range: Range<usize>) -> Self {
        Self::replace(range, String::new())
    }
}

/// Why a set of edits could not be applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EditError {
    /// The range ends before it starts, or past the end of the source.
    OutOfBounds { range: Range<usize>, len: usize },
    /// An end of the range falls inside a multi-byte character.
    NotCharBoundary { range: Range<usize> },
    /// Two edits touch the same bytes (or insert at the same offset).
    Overlap {
        first: Range<usize>,
        second: Range<usize>,
    },
}

impl fmt::Display for EditError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::OutOfBounds { range, len } => write!(
                f,
                "edit {}..{} is outside the text ({len} bytes)",
                range.start, range.end
            ),
            Self::NotCharBoundary { range } => write!(
                f,
                "edit {}..{} does not fall on character boundaries",
                range.start, range.end
            ),
            Self::Overlap { first, second } => write!(
                f,
                "edits {}..{} and {}..{} overlap",
                first.start, first.end, second.start, second.end
            ),
        }
    }
}

impl std::error::Error for EditError {}

/// Applies `edits` to `source` and returns the new text.
///
/// The edits may come in any order; they are applied as if simultaneously (offsets refer to
/// the original `source`). Ranges must be in bounds, on char boundaries and pairwise
/// disjoint; two insertions at the same offset count as overlapping, since their order
/// would be a guess.
pub fn apply(source: &str, edits: &[TextEdit]) -> Result<String, EditError> {
    let mut sorted: Vec<&TextEdit> = edits.iter().collect();
    sorted.sort_by_key(|edit| (edit.range.start, edit.range.end));
    for edit in &sorted {
        check_range(source, &edit.range)?;
    }
    for pair in sorted.windows(2) {
        let [first, second] = pair else { continue };
        let (first, second) = (&first.range, &second.range);
        let same_insertion = first.is_empty() && second.is_empty() && first.start == second.start;
        if second.start < first.end || same_insertion {
            return Err(EditError::Overlap {
                first: first.clone(),
                second: second.clone(),
            });
        }
    }
    let added: usize = sorted.iter().map(|edit| edit.new_text.len()).sum();
    let mut out = String::with_capacity(source.len() + added);
    let mut cursor = 0;
    for edit in sorted {
        out.push_str(&source[cursor..edit.range.start]);
        out.push_str(&edit.new_text);
        cursor = edit.range.end;
    }
    out.push_str(&source[cursor..]);
    Ok(out)
}

fn check_range(source: &str, range: &Range<usize>) -> Result<(), EditError> {
    if range.start > range.end || range.end > source.len() {
        return Err(EditError::OutOfBounds {
            range: range.clone(),
            len: source.len(),
        });
    }
    if !source.is_char_boundary(range.start) || !source.is_char_boundary(range.end) {
        return Err(EditError::NotCharBoundary {
            range: range.clone(),
        });
    }
    Ok(())
}

/// A unified diff (`--- a/PATH`, `+++ b/PATH`, 3 lines of context) from `old` to `new`, or
/// an empty string when they are equal.
pub fn unified_diff(path: &str, old: &str, new: &str) -> String {
    if old == new {
        return String::new();
    }
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .missing_newline_hint(true)
        .to_string()
}

/// Writes `bytes` to `path` atomically: a temp file in the same folder, then a rename, so a
/// reader never sees half a file. An existing file keeps its permissions; a new one gets
/// the usual `0666 & !umask`.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".jmap-").suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut temp = builder.tempfile_in(folder)?;
    temp.write_all(bytes)?;
    temp.as_file().sync_all()?;
    if let Ok(metadata) = std::fs::metadata(path) {
        temp.as_file().set_permissions(metadata.permissions())?;
    }
    temp.persist(path).map_err(|error| error.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn applies_edits_in_any_order_against_the_original_offsets() {
        let source = "lanes: [a, b]  # keep\n";
        let edits = [
            TextEdit::replace(11..12, "bee"),
            TextEdit::replace(8..9, "ay"),
            TextEdit::insert(0, "# top\n"),
        ];
        assert_eq!(
            apply(source, &edits).unwrap(),
            "# top\nlanes: [ay, bee]  # keep\n"
        );
    }

    #[test]
    fn no_edits_returns_the_source() {
        assert_eq!(apply("x: 1\n", &[]).unwrap(), "x: 1\n");
    }

    #[test]
    fn deletes_and_inserts_at_the_end() {
        let edits = [TextEdit::delete(0..2), TextEdit::insert(4, "\n")];
        assert_eq!(apply("a bc", &edits).unwrap(), "bc\n");
    }

    #[test]
    fn adjacent_edits_are_not_overlapping() {
        let edits = [TextEdit::replace(0..1, "X"), TextEdit::replace(1..2, "Y")];
        assert_eq!(apply("ab", &edits).unwrap(), "XY");
        let edits = [TextEdit::replace(0..1, "X"), TextEdit::insert(1, "Y")];
        assert_eq!(apply("ab", &edits).unwrap(), "XYb");
    }

    #[test]
    fn rejects_overlaps() {
        let edits = [TextEdit::replace(0..3, "X"), TextEdit::replace(2..4, "Y")];
        assert_eq!(
            apply("abcd", &edits),
            Err(EditError::Overlap {
                first: 0..3,
                second: 2..4
            })
        );
        let inside = [TextEdit::insert(2, "Y"), TextEdit::replace(0..3, "X")];
        assert!(matches!(
            apply("abcd", &inside),
            Err(EditError::Overlap { .. })
        ));
        let same_spot = [TextEdit::insert(1, "X"), TextEdit::insert(1, "Y")];
        assert!(matches!(
            apply("abcd", &same_spot),
            Err(EditError::Overlap { .. })
        ));
    }

    #[test]
    fn rejects_out_of_bounds_and_reversed_ranges() {
        assert_eq!(
            apply("ab", &[TextEdit::insert(3, "x")]),
            Err(EditError::OutOfBounds {
                range: 3..3,
                len: 2
            })
        );
        #[allow(clippy::reversed_empty_ranges)]
        let reversed = TextEdit::replace(2..1, "x");
        assert!(matches!(
            apply("abc", &[reversed]),
            Err(EditError::OutOfBounds { .. })
        ));
    }

    #[test]
    fn rejects_ranges_inside_a_character() {
        // "é" is two bytes: offset 1 is inside it.
        assert_eq!(
            apply("éa", &[TextEdit::replace(1..3, "x")]),
            Err(EditError::NotCharBoundary { range: 1..3 })
        );
        assert_eq!(apply("éa", &[TextEdit::replace(2..3, "ß")]).unwrap(), "éß");
    }

    #[test]
    fn unified_diff_has_headers_and_context() {
        let old = "a\nb\nc\n";
        let new = "a\nB\nc\n";
        assert_eq!(
            unified_diff("x.journey.yaml", old, new),
            "--- a/x.journey.yaml\n+++ b/x.journey.yaml\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n"
        );
        assert_eq!(unified_diff("x", old, old), "");
    }

    #[test]
    fn write_atomic_replaces_the_file_and_keeps_its_mode() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("j.journey.yaml");
        std::fs::write(&path, "old\n").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        }
        write_atomic(&path, b"new\n").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new\n");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o640);
        }
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1);
    }
}
