//! The map's look in one place: colours, text sizes and the stylesheet.
//!
//! Every text class has a size of at least [`MIN_TEXT`] px, so a page layout that keeps
//! [`MIN_TEXT`] at 8 pt keeps every text at 8 pt or more. [`CONTRAST`] lists every text
//! colour with the background it is drawn on; a test holds each pair to WCAG AA.

pub const INK: &str = "#1f2933";
pub const INK_2: &str = "#4a5663";
pub const RULE: &str = "#cbd2d9";
pub const RED: &str = "#c62828";
pub const AMBER: &str = "#b7791f";
pub const AMBER_FILL: &str = "#f6c344";
pub const GREEN: &str = "#2e7d32";
pub const ARROW: &str = "#52606d";
pub const WHITE: &str = "#ffffff";
pub const PANEL: &str = "#fafbfc";
/// Severity pill fills (text on them: white, white, ink).
pub const SEV_HIGH: &str = "#c62828";
pub const SEV_MEDIUM: &str = "#a8520a";
pub const SEV_LOW: &str = "#f6d365";
/// The lowest-emotion mark: a dark ink triangle, nothing like a lint badge.
pub const LOWEST: &str = "#1f2933";

/// The smallest text size on the map, in px of the map's own coordinates.
pub const MIN_TEXT: f64 = 11.0;

/// Sizes in px of the text classes.
pub mod size {
    pub const TITLE: f64 = 28.0;
    pub const SUB: f64 = 14.0;
    pub const META: f64 = 13.0;
    pub const STAGE: f64 = 15.0;
    pub const GOAL: f64 = 12.0;
    pub const KICKER: f64 = 11.0;
    pub const LANE: f64 = 14.0;
    pub const OWNER: f64 = 11.5;
    pub const CARD: f64 = 13.5;
    pub const CHANNEL: f64 = 11.5;
    pub const BODY: f64 = 12.0;
    pub const TAG: f64 = 11.0;
    pub const PILL: f64 = 11.0;
    pub const STEP: f64 = 11.0;
    pub const METRIC: f64 = 12.0;
    pub const METRIC_VALUE: f64 = 11.5;
    pub const SMALL: f64 = 11.0;
    pub const LEGEND: f64 = 12.0;
    pub const H2: f64 = 14.0;
    pub const LABEL: f64 = 11.5;
    pub const BADGE: f64 = 11.0;
}

pub const FONT_STACK: &str = "'DejaVu Sans', 'Bitstream Vera Sans', Verdana, \
'Segoe UI', Roboto, Arial, sans-serif";

/// Every (class, size px, bold, text colour) the stylesheet defines.
pub const CLASSES: &[(&str, f64, bool, &str)] = &[
    ("title", size::TITLE, true, INK),
    ("sub", size::SUB, false, INK_2),
    ("meta", size::META, false, INK_2),
    ("meta-b", size::META, true, INK),
    ("stage", size::STAGE, true, INK),
    ("goal", size::GOAL, false, INK_2),
    ("kicker", size::KICKER, true, INK_2),
    ("lane", size::LANE, true, INK),
    ("owner", size::OWNER, false, INK_2),
    ("card", size::CARD, true, INK),
    ("channel", size::CHANNEL, false, INK_2),
    ("body", size::BODY, false, INK),
    ("more", size::TAG, true, INK_2),
    ("tag", size::TAG, true, WHITE),
    ("tag-dark", size::TAG, true, INK),
    ("pill", size::PILL, true, WHITE),
    ("pill-dark", size::PILL, true, INK),
    ("pill-green", size::PILL, true, GREEN),
    ("step", size::STEP, true, INK_2),
    ("metric", size::METRIC, true, INK),
    ("value", size::METRIC_VALUE, false, INK),
    ("small", size::SMALL, false, INK_2),
    ("label", size::LABEL, false, INK),
    ("label-alert", size::LABEL, true, RED),
    ("legend", size::LEGEND, false, INK_2),
    ("h2", size::H2, true, INK),
    ("badge", size::BADGE, true, WHITE),
    ("badge-dark", size::BADGE, true, INK),
    ("alert", size::SMALL, true, RED),
    ("lowest", size::TAG, true, LOWEST),
];

/// Text colour → the backgrounds it is drawn on, for the contrast test: (fg, bg, size, bold).
pub const CONTRAST: &[(&str, &str, f64, bool)] = &[
    (INK, WHITE, size::BODY, false),
    (INK, PANEL, size::SMALL, false),
    (INK_2, WHITE, size::SMALL, false),
    (INK_2, PANEL, size::SMALL, false),
    // Lane fills behind lane headers and blueprint-line names.
    (INK_2, "#dfeaf8", size::KICKER, true),
    (INK_2, "#deefe1", size::KICKER, true),
    (INK_2, "#e7e2f1", size::KICKER, true),
    (INK_2, "#f2e8d3", size::KICKER, true),
    (INK_2, "#f1f6fd", size::KICKER, true),
    (INK_2, "#f2f8f3", size::KICKER, true),
    (INK_2, "#f6f4fa", size::KICKER, true),
    (INK_2, "#fbf7ef", size::KICKER, true),
    // Stage chevrons.
    (INK, "#eceff3", size::STAGE, true),
    (INK_2, "#e3e7ec", size::GOAL, false),
    (INK_2, "#eceff3", size::GOAL, false),
    // Severity tags and pills.
    (WHITE, SEV_HIGH, size::TAG, true),
    (WHITE, SEV_MEDIUM, size::TAG, true),
    (INK, SEV_LOW, size::TAG, true),
    (GREEN, "#e6f4ea", size::TAG, true),
    (WHITE, GREEN, size::TAG, true),
    // Metric badges.
    (INK, "#e8f5e9", size::METRIC_VALUE, false),
    (INK, "#fdecea", size::METRIC_VALUE, false),
    (INK, "#f0f2f5", size::METRIC_VALUE, false),
    // Alerts, badges, tags.
    (RED, WHITE, size::LABEL, true),
    (WHITE, RED, size::BADGE, true),
    (INK, AMBER_FILL, size::BADGE, true),
    (WHITE, "#8a5a14", size::TAG, true),
    (WHITE, INK, size::TAG, true),
    (LOWEST, PANEL, size::TAG, true),
    (RED, "#fdf3f2", size::KICKER, true),
];

/// The `<style>` sheet.
pub fn stylesheet() -> String {
    let mut css = format!("text{{font-family:{FONT_STACK};fill:{INK}}}");
    // On text only: a group named like a text class (`<g class="stage">`, `"lane"`) must
    // not hand its weight down to texts of a regular class, which are measured regular.
    for (class, px, bold, color) in CLASSES {
        let weight = if *bold { ";font-weight:700" } else { "" };
        css.push_str(&format!(
            "text.{class}{{font-size:{px}px{weight};fill:{color}}}"
        ));
    }
    css.push_str(".halo{paint-order:stroke;stroke:#fafbfc;stroke-width:3px;stroke-linejoin:round}");
    css
}

/// The size and weight of a text class (for measuring); unknown classes are body text.
pub fn class_font(class: &str) -> (f64, bool) {
    let base = class.split(' ').next().unwrap_or(class);
    CLASSES
        .iter()
        .find(|(name, ..)| *name == base)
        .map_or((size::BODY, false), |(_, px, bold, _)| (*px, *bold))
}

/// WCAG 2 contrast ratio of two `#rrggbb` colours.
pub fn contrast(a: &str, b: &str) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    let (hi, lo) = if la > lb { (la, lb) } else { (lb, la) };
    (hi + 0.05) / (lo + 0.05)
}

fn luminance(color: &str) -> f64 {
    let hex = color.trim_start_matches('#');
    let channel = |at: usize| {
        let value = hex
            .get(at..at + 2)
            .and_then(|h| u8::from_str_radix(h, 16).ok())
            .unwrap_or(0);
        let c = f64::from(value) / 255.0;
        if c <= 0.03928 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_text_colour_meets_wcag_aa_on_its_background() {
        for &(fg, bg, px, bold) in CONTRAST {
            let large = px >= 24.0 || (bold && px >= 18.66);
            let needed = if large { 3.0 } else { 4.5 };
            let ratio = contrast(fg, bg);
            assert!(ratio >= needed, "{fg} on {bg}: {ratio:.2} < {needed}");
        }
        // The check itself can fail.
        assert!(contrast("#7b8794", WHITE) < 4.5);
    }

    #[test]
    fn no_text_class_is_below_the_minimum() {
        for (class, px, ..) in CLASSES {
            assert!(*px >= MIN_TEXT, "{class} is {px}px");
        }
    }
}
