//! fix: the edits a finding carries, and applying them to a file.
//!
//! A rule (or the loader) attaches a [`Fix`] to a finding: a title, whether a reviewer
//! would accept it unseen ([`Applicability::Safe`]) or it changes meaning
//! ([`Applicability::Unsafe`]), and [`TextEdit`]s on the source. `jmap lint --fix` and the
//! language server's code actions apply the same edits. The helpers in [`yaml`] build
//! edits that keep everything outside them (comments, quoting, key order) byte for byte.

pub mod yaml;

use crate::edit::{self, TextEdit};
use crate::source::Span;

/// Whether a fix may be applied without a person looking at it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Applicability {
    /// Changes nothing a reviewer would question (`--fix`, and a preferred code action).
    Safe,
    /// Changes what the journey says (`--unsafe-fixes` only).
    Unsafe,
}

impl Applicability {
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::Safe => "safe",
            Applicability::Unsafe => "unsafe",
        }
    }
}

/// Edits that resolve one finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    pub applicability: Applicability,
    /// What the fix does, as a code action title: "Replace `kickof` with `kickoff`".
    pub title: String,
    pub edits: Vec<TextEdit>,
}

impl Fix {
    pub fn safe(title: impl Into<String>, edits: Vec<TextEdit>) -> Self {
        Fix {
            applicability: Applicability::Safe,
            title: title.into(),
            edits,
        }
    }

    pub fn unsafe_(title: impl Into<String>, edits: Vec<TextEdit>) -> Self {
        Fix {
            applicability: Applicability::Unsafe,
            title: title.into(),
            edits,
        }
    }
}

/// The unsafe "did you mean" fix: `written` (at `span`) becomes `suggestion`.
pub fn did_you_mean(text: &str, span: Span, written: &str, suggestion: &str) -> Fix {
    Fix::unsafe_(
        format!("Replace `{written}` with `{suggestion}`"),
        vec![yaml::replace_scalar(text, span, suggestion)],
    )
}

/// What a rule's fix does, for `jmap explain` and `jmap rules`.
#[derive(Debug)]
pub struct FixMeta {
    pub applicability: Applicability,
    /// One sentence: what the fix changes.
    pub description: &'static str,
}

/// The outcome of applying the fixes of one file's findings.
#[derive(Debug)]
pub struct Applied {
    pub text: String,
    /// How many findings' fixes went in.
    pub fixed: usize,
}

/// Applies the `fixes` allowed by `unsafe_fixes`, in order of position. A fix whose edits
/// overlap an earlier one is left for the next round (`jmap lint --fix` runs rounds until
/// nothing changes).
pub fn apply_fixes<'f>(
    source: &str,
    fixes: impl IntoIterator<Item = &'f Fix>,
    unsafe_fixes: bool,
) -> Applied {
    let mut fixes: Vec<&Fix> = fixes
        .into_iter()
        .filter(|fix| unsafe_fixes || fix.applicability == Applicability::Safe)
        .filter(|fix| !fix.edits.is_empty())
        .collect();
    fixes.sort_by_key(|fix| {
        fix.edits
            .iter()
            .map(|edit| (edit.range.start, edit.range.end))
            .min()
    });
    let mut chosen: Vec<TextEdit> = Vec::new();
    let mut fixed = 0;
    for fix in fixes {
        let clashes = fix
            .edits
            .iter()
            .any(|new| chosen.iter().any(|old| overlaps(&old.range, &new.range)));
        if !clashes {
            chosen.extend(fix.edits.iter().cloned());
            fixed += 1;
        }
    }
    match edit::apply(source, &chosen) {
        Ok(text) => Applied { text, fixed },
        Err(_) => Applied {
            text: source.to_string(),
            fixed: 0,
        },
    }
}

/// Two edits that touch the same bytes, or insert at the same place.
fn overlaps(a: &std::ops::Range<usize>, b: &std::ops::Range<usize>) -> bool {
    a.start < b.end && b.start < a.end || a.start == b.start
}

/// Most rounds of fixing one file: a fix that makes another finding appear gets one more
/// round, a pair of fixes that undo each other does not loop forever.
pub const MAX_ROUNDS: usize = 8;

/// Applies fixes in rounds until none is left: `fixes_of` lints a text and returns the fixes
/// of its findings. Each round re-lints the text the previous one produced.
pub fn fix_until_stable(
    source: &str,
    unsafe_fixes: bool,
    mut fixes_of: impl FnMut(&str) -> Vec<Fix>,
) -> Applied {
    let mut text = source.to_string();
    let mut fixed = 0;
    for _ in 0..MAX_ROUNDS {
        let fixes = fixes_of(&text);
        let round = apply_fixes(&text, &fixes, unsafe_fixes);
        if round.fixed == 0 || round.text == text {
            break;
        }
        fixed += round.fixed;
        text = round.text;
    }
    Applied { text, fixed }
}
