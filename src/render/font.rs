//! The map's font: DejaVu Sans (regular and bold), bundled in the binary, and its metrics.
//!
//! Text on the map is measured here with the font's real advance widths and kerning (read
//! with `ttf-parser` from the same bytes the PNG and PDF backends draw with), so a label
//! measured to fit its box fits it in the PNG and the PDF exactly, and in a browser that
//! has DejaVu Sans (or the close Bitstream Vera / Verdana metrics) nearly so. The SVG names
//! [`FONT_STACK`], which starts with the same family.
//!
//! Widths are in px for a font size in px. Whitespace in a label is one space
//! ([`wrap`] collapses runs); control characters are zero wide. A character the font does
//! not have is as wide as its replacement box, or 1 em when it is an East Asian wide
//! character (what a browser's fallback font would take).
//!
//! Speed: the faces are parsed once, and the advances and kerning pairs of printable ASCII
//! are tables, so measuring ASCII text is a table look-up per character.

use std::sync::LazyLock;
use ttf_parser::{Face, GlyphId};
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthChar;

/// DejaVu Sans, the regular face (Bitstream Vera licence, `assets/fonts/LICENSE-DejaVu.txt`).
pub static REGULAR_TTF: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
/// DejaVu Sans Bold.
pub static BOLD_TTF: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

/// The family name of the bundled faces, as their `name` table spells it.
pub const FAMILY: &str = "DejaVu Sans";

/// The CSS `font-family` the SVG uses: the bundled family first, then faces with nearly the
/// same metrics, then the generic family.
pub const FONT_STACK: &str = "'DejaVu Sans', 'Bitstream Vera Sans', Verdana, sans-serif";

/// The ellipsis that marks cut text.
pub const ELLIPSIS: &str = "…";

/// First character and number of characters of printable ASCII.
const ASCII_FIRST: u32 = 0x20;
const ASCII_COUNT: usize = 95;
/// Characters the map writes itself (label separators, arrows, ellipses, dashes): in the
/// tables after printable ASCII, so that measuring a label never reaches the font tables.
const EXTRA: [char; 7] = ['·', '→', '←', '…', '–', '—', '×'];
/// Characters in the tables.
const TABLE_COUNT: usize = ASCII_COUNT + EXTRA.len();

/// One face's metrics, in font units, with the tables filled in.
struct Metrics {
    face: Option<Face<'static>>,
    units_per_em: f64,
    ascender: f64,
    descender: f64,
    line_gap: f64,
    /// Glyph of each table character ([`table_index`]).
    table_glyph: [GlyphId; TABLE_COUNT],
    /// Advance of each table character.
    table_advance: [i32; TABLE_COUNT],
    /// Kerning between two table characters, `left * TABLE_COUNT + right`.
    table_kern: Vec<i16>,
    /// Advance of the missing-glyph box.
    notdef_advance: i32,
}

impl Metrics {
    #[allow(clippy::indexing_slicing)] // the ASCII tables hold ASCII_COUNT (or its square) entries; every index is below that
    fn load(bytes: &'static [u8]) -> Metrics {
        let face = Face::parse(bytes, 0).ok();
        let mut metrics = Metrics {
            units_per_em: 1000.0,
            // Fallback values, only used if the bundled font failed to parse (a test
            // guards against that): roughly DejaVu Sans.
            ascender: 928.0,
            descender: -236.0,
            line_gap: 0.0,
            table_glyph: [GlyphId(0); TABLE_COUNT],
            table_advance: [600; TABLE_COUNT],
            table_kern: vec![0; TABLE_COUNT * TABLE_COUNT],
            notdef_advance: 600,
            face: None,
        };
        let Some(face) = face else {
            return metrics;
        };
        metrics.units_per_em = f64::from(face.units_per_em());
        metrics.ascender = f64::from(face.ascender());
        metrics.descender = f64::from(face.descender());
        metrics.line_gap = f64::from(face.line_gap());
        metrics.notdef_advance = i32::from(face.glyph_hor_advance(GlyphId(0)).unwrap_or(0));
        metrics.face = Some(face);
        let table = (ASCII_FIRST..)
            .take(ASCII_COUNT)
            .filter_map(char::from_u32)
            .chain(EXTRA);
        for (index, ch) in table.enumerate() {
            let (glyph, advance) = metrics.glyph_in_font(ch);
            if let (Some(g), Some(a)) = (
                metrics.table_glyph.get_mut(index),
                metrics.table_advance.get_mut(index),
            ) {
                (*g, *a) = (glyph, advance);
            }
        }
        if let Some(face) = &metrics.face {
            metrics.table_kern = kern_table(face, &metrics.table_glyph);
        }
        metrics
    }

    /// The glyph and advance of `ch`, and whether the font has it.
    fn glyph(&self, ch: char) -> (GlyphId, i32) {
        match table_index(ch) {
            Some(index) => (
                self.table_glyph.get(index).copied().unwrap_or(GlyphId(0)),
                self.table_advance.get(index).copied().unwrap_or(0),
            ),
            None => self.glyph_in_font(ch),
        }
    }

    /// [`Metrics::glyph`] read from the font.
    fn glyph_in_font(&self, ch: char) -> (GlyphId, i32) {
        if ch.is_control() || matches!(ch.width(), Some(0) | None) && !is_mark(ch) {
            return (GlyphId(0), 0);
        }
        let found = self.face.as_ref().and_then(|face| {
            let glyph = face.glyph_index(ch)?;
            Some((glyph, i32::from(face.glyph_hor_advance(glyph).unwrap_or(0))))
        });
        match found {
            Some(found) => found,
            None if ch.width() == Some(2) => {
                let em = self.units_per_em as i32;
                (GlyphId(0), self.notdef_advance.max(em))
            }
            None => (GlyphId(0), self.notdef_advance),
        }
    }

    /// Kerning between two characters, in font units.
    fn kerning(&self, left: (char, GlyphId), right: (char, GlyphId)) -> i32 {
        if let (Some(l), Some(r)) = (table_index(left.0), table_index(right.0)) {
            return self
                .table_kern
                .get(l * TABLE_COUNT + r)
                .map_or(0, |&k| i32::from(k));
        }
        if left.1 == GlyphId(0) || right.1 == GlyphId(0) {
            return 0;
        }
        self.face
            .as_ref()
            .map_or(0, |face| i32::from(kern(face, left.1, right.1)))
    }

    /// Width of `text` in font units.
    fn units(&self, text: &str) -> i64 {
        self.run(text).units.max(0)
    }

    /// `text` measured as a [`Run`].
    fn run(&self, text: &str) -> Run {
        let mut run = Run::default();
        for ch in text.chars() {
            let (glyph, advance) = self.glyph(ch);
            run.units += i64::from(advance);
            if let Some(previous) = run.last {
                run.units += i64::from(self.kerning(previous, (ch, glyph)));
            }
            run.first.get_or_insert((ch, glyph));
            run.last = Some((ch, glyph));
        }
        run
    }

    /// The run of `left` followed by `right`: exactly [`Metrics::run`] of the joined text.
    fn join(&self, left: Run, right: Run) -> Run {
        let kerning = match (left.last, right.first) {
            (Some(l), Some(r)) => i64::from(self.kerning(l, r)),
            _ => 0,
        };
        Run {
            units: left.units + kerning + right.units,
            first: left.first.or(right.first),
            last: right.last.or(left.last),
        }
    }

    fn px(&self, units: i64, size: f64) -> f64 {
        units as f64 * size / self.units_per_em
    }
}

/// A measured piece of text: its width in font units before clamping at zero, and its
/// first and last characters (for the kerning where it is joined to another).
#[derive(Debug, Clone, Copy, Default)]
struct Run {
    units: i64,
    first: Option<(char, GlyphId)>,
    last: Option<(char, GlyphId)>,
}

/// Combining marks have no width of their own in `unicode-width` but a glyph in the font.
fn is_mark(ch: char) -> bool {
    matches!(ch, '\u{0300}'..='\u{036F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{20D0}'..='\u{20FF}')
}

/// A character's place in the tables: printable ASCII, then [`EXTRA`].
fn table_index(ch: char) -> Option<usize> {
    let code = ch as u32;
    if (ASCII_FIRST..ASCII_FIRST + ASCII_COUNT as u32).contains(&code) {
        return Some((code - ASCII_FIRST) as usize);
    }
    if code < 0xb7 {
        return None;
    }
    EXTRA
        .iter()
        .position(|&extra| extra == ch)
        .map(|index| ASCII_COUNT + index)
}

/// The kerning of every pair of table characters: [`kern`] of each pair, read off the
/// `kern` table's pair lists in one pass (a look-up per pair took about 2,500 instructions,
/// 10,000 pairs per face at every start). A pair with a missing glyph is not kerned, as in
/// [`Metrics::kerning`].
fn kern_table(face: &Face<'_>, glyphs: &[GlyphId; TABLE_COUNT]) -> Vec<i16> {
    let mut table = vec![0i16; TABLE_COUNT * TABLE_COUNT];
    let Some(kern) = face.tables().kern else {
        return table;
    };
    // Glyph → the table characters drawn with it.
    let mut by_glyph: std::collections::HashMap<u16, Vec<usize>> = Default::default();
    for (index, glyph) in glyphs.iter().enumerate() {
        if *glyph != GlyphId(0) {
            by_glyph.entry(glyph.0).or_default().push(index);
        }
    }
    let mut add = |left: &[usize], right: &[usize], value: i16| {
        for l in left {
            for r in right {
                if let Some(cell) = table.get_mut(l * TABLE_COUNT + r) {
                    *cell = cell.saturating_add(value);
                }
            }
        }
    };
    let subtables = kern.subtables.into_iter();
    for subtable in subtables.filter(|subtable| subtable.horizontal && !subtable.variable) {
        if let ttf_parser::kern::Format::Format0(pairs) = &subtable.format {
            for pair in pairs.pairs {
                if let (Some(left), Some(right)) =
                    (by_glyph.get(&pair.left().0), by_glyph.get(&pair.right().0))
                {
                    add(left, right, pair.value);
                }
            }
            continue;
        }
        for (left, l) in &by_glyph {
            for (right, r) in &by_glyph {
                if let Some(value) = subtable.glyphs_kerning(GlyphId(*left), GlyphId(*right)) {
                    add(l, r, value);
                }
            }
        }
    }
    table
}

/// Kerning of a glyph pair from the font's `kern` table (DejaVu's `GPOS` kerning carries the
/// same pairs).
fn kern(face: &Face<'_>, left: GlyphId, right: GlyphId) -> i16 {
    let Some(kern) = face.tables().kern else {
        return 0;
    };
    kern.subtables
        .into_iter()
        .filter(|subtable| subtable.horizontal && !subtable.variable)
        .filter_map(|subtable| subtable.glyphs_kerning(left, right))
        .fold(0i16, i16::saturating_add)
}

static REGULAR: LazyLock<Metrics> = LazyLock::new(|| Metrics::load(REGULAR_TTF));
static BOLD: LazyLock<Metrics> = LazyLock::new(|| Metrics::load(BOLD_TTF));

fn metrics(bold: bool) -> &'static Metrics {
    if bold { &BOLD } else { &REGULAR }
}

/// Whether both bundled faces parse (they always should; a test checks it).
pub fn loaded() -> bool {
    REGULAR.face.is_some() && BOLD.face.is_some()
}

/// How wide `text` is, in px, set in one line at `size` px, bold or regular.
pub fn width(text: &str, size: f64, bold: bool) -> f64 {
    let metrics = metrics(bold);
    metrics.px(metrics.units(text), size)
}

/// Height of the font's ascender above the baseline at `size` px.
pub fn ascent(size: f64, bold: bool) -> f64 {
    let metrics = metrics(bold);
    metrics.ascender * size / metrics.units_per_em
}

/// Depth of the font's descender below the baseline at `size` px (a positive number).
pub fn descent(size: f64, bold: bool) -> f64 {
    let metrics = metrics(bold);
    -metrics.descender * size / metrics.units_per_em
}

/// The font's own line height at `size` px: ascent + descent + line gap.
pub fn line_height(size: f64, bold: bool) -> f64 {
    let metrics = metrics(bold);
    (metrics.ascender - metrics.descender + metrics.line_gap) * size / metrics.units_per_em
}

/// `text` cut at a grapheme boundary and ended with an ellipsis so that it fits `max` px;
/// returned unchanged when it already fits. When not even the ellipsis fits, the result is
/// empty.
pub fn truncate(text: &str, max: f64, size: f64, bold: bool) -> String {
    if width(text, size, bold) <= max {
        return text.to_string();
    }
    with_ellipsis(text, max, size, bold)
}

/// The longest grapheme prefix of `text` that fits `max` px with an ellipsis after it, and
/// the ellipsis; empty when not even the ellipsis fits.
fn with_ellipsis(text: &str, max: f64, size: f64, bold: bool) -> String {
    let ellipsis = width(ELLIPSIS, size, bold);
    if ellipsis > max {
        return String::new();
    }
    let mut end = fitting_prefix(text, max - ellipsis, size, bold);
    // Cut after a whole word ("report…", not "report agai…") when that keeps at least half
    // of what fits; a single long word is cut where it must be.
    let prefix = text.get(..end).unwrap_or_default();
    let mid_word = text
        .get(end..)
        .and_then(|rest| rest.chars().next())
        .is_some_and(|next| !next.is_whitespace())
        && prefix
            .chars()
            .next_back()
            .is_some_and(|last| !last.is_whitespace());
    if mid_word
        && let Some(space) = prefix.rfind(char::is_whitespace)
        && space >= end / 2
    {
        end = space;
    }
    let mut kept = text.get(..end).unwrap_or_default().trim_end().to_string();
    kept.push_str(ELLIPSIS);
    // Kerning between the last kept character and the ellipsis can only be checked
    // once they are side by side.
    while width(&kept, size, bold) > max {
        let body = kept.trim_end_matches(ELLIPSIS);
        let Some((last, _)) = body.grapheme_indices(true).next_back() else {
            return ELLIPSIS.to_string();
        };
        kept = format!(
            "{}{ELLIPSIS}",
            body.get(..last).unwrap_or_default().trim_end()
        );
    }
    kept
}

/// Byte length of the longest prefix of `text`, ending at a grapheme boundary, that fits
/// `max` px.
fn fitting_prefix(text: &str, max: f64, size: f64, bold: bool) -> usize {
    let metrics = metrics(bold);
    let budget = max * metrics.units_per_em / size;
    let mut used: i64 = 0;
    let mut previous: Option<(char, GlyphId)> = None;
    let mut end = 0;
    for (offset, grapheme) in text.grapheme_indices(true) {
        let mut grapheme_units: i64 = 0;
        let mut last = previous;
        for ch in grapheme.chars() {
            let (glyph, advance) = metrics.glyph(ch);
            grapheme_units += i64::from(advance);
            if let Some(last) = last {
                grapheme_units += i64::from(metrics.kerning(last, (ch, glyph)));
            }
            last = Some((ch, glyph));
        }
        if (used + grapheme_units) as f64 > budget {
            break;
        }
        used += grapheme_units;
        previous = last;
        end = offset + grapheme.len();
    }
    end
}

/// `text` wrapped into lines at most `max` px wide, at most `max_lines` lines (at least
/// one). Runs of whitespace are one space. Lines break between words, or after a `-` or
/// `/` inside a word too long for a line; a piece still too long for a line is cut with an
/// ellipsis, never silently. When the text needs more than `max_lines` lines, the last line
/// holds as much as fits and ends with an ellipsis. The flag says whether anything was cut.
pub fn wrap(text: &str, max: f64, size: f64, bold: bool, max_lines: usize) -> (Vec<String>, bool) {
    let metrics = metrics(bold);
    // Each candidate line is measured by joining the measured line so far with the next
    // word (the same units as measuring the whole line again, in a fraction of the time).
    let fits = |run: Run| metrics.px(run.units.max(0), size) <= max;
    let space = metrics.run(" ");
    let max_lines = max_lines.max(1);
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut current_run = Run::default();
    let mut cut = false;
    for (index, word) in words.iter().enumerate() {
        let word_run = metrics.run(word);
        let candidate = if current.is_empty() {
            word_run
        } else {
            metrics.join(metrics.join(current_run, space), word_run)
        };
        if fits(candidate) {
            if !current.is_empty() {
                current.push(' ');
            }
            current.push_str(word);
            current_run = candidate;
            continue;
        }
        if !current.is_empty() {
            lines.push(std::mem::take(&mut current));
            current_run = Run::default();
            if lines.len() == max_lines {
                let remaining = words.get(index..).unwrap_or_default().join(" ");
                return (finish_cut(lines, &remaining, max, size, bold), true);
            }
        }
        for piece in pieces(word, max, size, bold) {
            let piece_run = metrics.run(piece);
            let candidate = metrics.join(current_run, piece_run);
            if fits(candidate) {
                current.push_str(piece);
                current_run = candidate;
                continue;
            }
            if !current.is_empty() {
                lines.push(std::mem::take(&mut current));
                if lines.len() == max_lines {
                    let mut remaining = piece.to_string();
                    if let Some(rest) = words.get(index + 1..).filter(|rest| !rest.is_empty()) {
                        remaining.push(' ');
                        remaining.push_str(&rest.join(" "));
                    }
                    return (finish_cut(lines, &remaining, max, size, bold), true);
                }
            }
            if fits(piece_run) {
                current = piece.to_string();
                current_run = piece_run;
            } else {
                current = with_ellipsis(piece, max, size, bold);
                current_run = metrics.run(&current);
                cut = true;
            }
        }
    }
    if !current.is_empty() {
        lines.push(current);
    }
    (lines, cut)
}

/// `lines`, full, with `remaining` still to place: the last line takes as much of it as
/// fits and an ellipsis.
fn finish_cut(
    mut lines: Vec<String>,
    remaining: &str,
    max: f64,
    size: f64,
    bold: bool,
) -> Vec<String> {
    if let Some(last) = lines.last_mut() {
        let joined = if remaining.is_empty() {
            last.clone()
        } else {
            format!("{last} {remaining}")
        };
        *last = with_ellipsis(&joined, max, size, bold);
    }
    lines
}

/// A word split after each `-` or `/` that is not its last character, when the whole word
/// does not fit `max`: the places a long compound or path may break.
fn pieces(word: &str, max: f64, size: f64, bold: bool) -> Vec<&str> {
    if width(word, size, bold) <= max {
        return vec![word];
    }
    let mut pieces = Vec::new();
    let mut start = 0;
    for (offset, ch) in word.char_indices() {
        let end = offset + ch.len_utf8();
        if matches!(ch, '-' | '/') && end < word.len() && offset > start {
            pieces.extend(word.get(start..end));
            start = end;
        }
    }
    pieces.extend(word.get(start..));
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_cut_after_a_whole_word_when_one_fits() {
        let room = width("The QBR will report agai…", 12.0, false);
        assert_eq!(
            truncate("The QBR will report again next quarter", room, 12.0, false),
            "The QBR will report…"
        );
        // One long word is cut inside it; so is a last word that would leave too little.
        let room = width("Supercalifragil…", 12.0, false);
        assert_eq!(
            truncate("Supercalifragilistic", room, 12.0, false),
            "Supercalifragil…"
        );
        let room = width("A Supercalifragil…", 12.0, false);
        assert_eq!(
            truncate("A Supercalifragilistic", room, 12.0, false),
            "A Supercalifragil…"
        );
    }

    #[test]
    fn wrapping_is_greedy_on_the_measured_width_of_each_whole_line() {
        // Lines measured by joining runs must be the lines measuring each whole line gives:
        // every line fits, and the next line's first word would not have fitted on it.
        let text = "AVAV To. Ty, WAVE Yo! LT → café · naïve 漢字 Kick-off \u{301}e \
                    Wa Va Ta T. Ly P. F, r. y. AWAY TOTAL";
        for (max, bold) in [(60.0, false), (90.0, true), (140.0, false), (33.0, true)] {
            let (lines, _) = wrap(text, max, 12.0, bold, 99);
            for pair in lines.windows(2) {
                let next_word = pair[1].split(' ').next().unwrap_or_default();
                assert!(width(&pair[0], 12.0, bold) <= max, "{pair:?}");
                if text.split_whitespace().any(|word| word == next_word) {
                    let joined = format!("{} {next_word}", pair[0]);
                    assert!(width(&joined, 12.0, bold) > max, "{pair:?} at {max}");
                }
            }
        }
    }

    #[test]
    fn the_kerning_table_is_the_fonts_kerning_of_every_pair() {
        for metrics in [&*REGULAR, &*BOLD] {
            let face = metrics.face.as_ref().expect("the bundled face parses");
            let mut kerned = 0;
            for (l, left) in metrics.table_glyph.iter().enumerate() {
                for (r, right) in metrics.table_glyph.iter().enumerate() {
                    let expected = if *left == GlyphId(0) || *right == GlyphId(0) {
                        0
                    } else {
                        kern(face, *left, *right)
                    };
                    assert_eq!(metrics.table_kern[l * TABLE_COUNT + r], expected, "{l} {r}");
                    kerned += usize::from(expected != 0);
                }
            }
            // DejaVu kerns many pairs (`AV`, `T.`, …): a table of zeros would pass the
            // comparison only if the font had none.
            assert!(kerned > 100, "{kerned} kerned pairs");
        }
        // The table characters measure as the font does.
        assert_eq!(REGULAR.glyph('·'), REGULAR.glyph_in_font('·'));
        assert_eq!(BOLD.glyph('→'), BOLD.glyph_in_font('→'));
    }

    #[test]
    fn bundled_faces_parse_with_their_family_name() {
        assert!(loaded());
        for bytes in [REGULAR_TTF, BOLD_TTF] {
            let face = Face::parse(bytes, 0).expect("bundled font parses");
            let family = face
                .names()
                .into_iter()
                .filter(|name| name.name_id == ttf_parser::name_id::FAMILY)
                .find_map(|name| name.to_string());
            assert_eq!(family.as_deref(), Some(FAMILY));
        }
    }

    #[test]
    fn widths_come_from_the_fonts_advances() {
        // DejaVu Sans: 2048 units per em; 'a' advances 1255, 'W' 2025; bold 'a' 1382.
        assert!((width("a", 2048.0, false) - 1255.0).abs() < 1e-9);
        assert!((width("W", 2048.0, false) - 2025.0).abs() < 1e-9);
        assert!((width("a", 2048.0, true) - 1382.0).abs() < 1e-9);
        assert!(width("mmmm", 12.0, false) > width("iiii", 12.0, false) * 2.0);
        assert!(width("Onboarding", 12.0, true) > width("Onboarding", 12.0, false));
        assert_eq!(width("", 12.0, false), 0.0);
        // Linear in size.
        let w10 = width("Kick-off call", 10.0, false);
        assert!((width("Kick-off call", 20.0, false) - 2.0 * w10).abs() < 1e-9);
    }

    #[test]
    fn kerning_tightens_known_pairs() {
        let apart = width("A", 100.0, false) + width("V", 100.0, false);
        assert!(width("AV", 100.0, false) < apart);
        let apart = width("T", 100.0, false) + width("o", 100.0, false);
        assert!(width("To", 100.0, false) < apart);
    }

    #[test]
    fn non_ascii_characters_are_measured() {
        // In the font: accented Latin, Hebrew, the ellipsis.
        assert!(width("é", 12.0, false) > 0.0);
        assert!(width("שלום", 12.0, false) > 0.0);
        assert!(width(ELLIPSIS, 12.0, false) > 0.0);
        // Not in the font: a CJK character takes at least 1 em.
        assert!(width("漢", 12.0, false) >= 12.0);
        // Zero-width and control characters take nothing.
        assert_eq!(width("\u{200B}\u{7}", 12.0, false), 0.0);
        assert!((width("e\u{301}", 12.0, false) - width("e", 12.0, false)).abs() < 0.5);
    }

    #[test]
    fn vertical_metrics() {
        // DejaVu Sans hhea: ascender 1901, descender -483, line gap 0, of 2048.
        assert!((ascent(2048.0, false) - 1901.0).abs() < 1e-9);
        assert!((descent(2048.0, false) - 483.0).abs() < 1e-9);
        assert!((line_height(2048.0, false) - 2384.0).abs() < 1e-9);
    }

    #[test]
    fn truncate_fits_and_keeps_graphemes_whole() {
        let text = "Weekend cut-over: release to production";
        assert_eq!(truncate(text, 1000.0, 12.0, false), text);
        let cut = truncate(text, 100.0, 12.0, false);
        assert!(cut.ends_with(ELLIPSIS));
        assert!(width(&cut, 12.0, false) <= 100.0);
        assert!(text.starts_with(cut.trim_end_matches(ELLIPSIS)));
        let family = "👨‍👩‍👧‍👦";
        let cut = truncate(&family.repeat(20), 50.0, 10.0, false);
        assert_eq!(cut.trim_end_matches(ELLIPSIS).len() % family.len(), 0);
        assert_eq!(truncate("Anything", 1.0, 12.0, false), "");
    }

    #[test]
    fn wrap_fills_lines_within_the_width() {
        let text = "The customer waits two weeks for access to the staging environment";
        let (lines, cut) = wrap(text, 150.0, 12.0, false, 10);
        assert!(!cut);
        assert!(lines.len() > 2);
        assert!(lines.iter().all(|line| width(line, 12.0, false) <= 150.0));
        assert_eq!(lines.join(" "), text);
        // Greedy: no line could have taken the next line's first word.
        for pair in lines.windows(2) {
            let first_word = pair[1].split(' ').next().unwrap_or_default();
            assert!(width(&format!("{} {first_word}", pair[0]), 12.0, false) > 150.0);
        }
    }

    #[test]
    fn wrap_cuts_with_an_ellipsis_at_max_lines() {
        let text = "The customer waits two weeks for access to the staging environment";
        let (lines, cut) = wrap(text, 150.0, 12.0, true, 2);
        assert!(cut);
        assert_eq!(lines.len(), 2);
        assert!(lines.iter().all(|line| width(line, 12.0, true) <= 150.0));
        assert!(lines[1].ends_with(ELLIPSIS));
        assert!(!lines[0].ends_with(ELLIPSIS));
        let (lines, cut) = wrap("Short", 120.0, 12.0, true, 2);
        assert_eq!((lines, cut), (vec!["Short".to_string()], false));
        let (lines, cut) = wrap("  a \n\t b  ", 120.0, 12.0, false, 2);
        assert_eq!((lines, cut), (vec!["a b".to_string()], false));
        let (lines, cut) = wrap("", 120.0, 12.0, false, 2);
        assert!(lines.is_empty() && !cut);
    }

    #[test]
    fn wrap_never_cuts_a_word_without_an_ellipsis() {
        let word = "x".repeat(100);
        let (lines, cut) = wrap(&format!("{word} tail"), 60.0, 10.0, false, 5);
        assert!(cut);
        assert_eq!(lines.len(), 2);
        assert!(lines[0].ends_with(ELLIPSIS));
        assert_eq!(lines[1], "tail");
        assert!(lines.iter().all(|line| width(line, 10.0, false) <= 60.0));
        // Every line is either whole words of the text or ends with an ellipsis.
        let text = "Contract-signature/countersignature round-trip via procurement portal";
        for max in [40.0, 60.0, 90.0, 130.0] {
            let (lines, _) = wrap(text, max, 11.0, false, 20);
            for line in &lines {
                assert!(width(line, 11.0, false) <= max, "{line} wider than {max}");
                let body = line.trim_end_matches(ELLIPSIS);
                assert!(text.contains(body), "{line} is not a piece of the text");
            }
        }
    }

    #[test]
    fn wrap_breaks_long_compounds_after_hyphens_and_slashes() {
        let (lines, cut) = wrap("pre-production/staging-environment", 80.0, 12.0, false, 5);
        assert!(!cut);
        assert!(lines.len() > 1);
        assert_eq!(lines.concat(), "pre-production/staging-environment");
        assert!(lines.iter().all(|line| width(line, 12.0, false) <= 80.0));
    }

    #[test]
    fn wrap_handles_a_huge_text_quickly_and_narrow_boxes() {
        let text = "word ".repeat(100_000);
        let (lines, cut) = wrap(&text, 200.0, 12.0, false, 3);
        assert!(cut && lines.len() == 3);
        let (lines, cut) = wrap("Hello world", 2.0, 12.0, false, 3);
        assert!(cut);
        assert!(lines.iter().all(|line| width(line, 12.0, false) <= 2.0));
    }
}
