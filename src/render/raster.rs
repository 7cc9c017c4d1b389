//! PNG and PDF from the map's SVG, without a browser.
//!
//! The SVG is parsed by `usvg`, rasterised by `resvg`/`tiny-skia` (PNG) or converted to
//! vector PDF by `krilla-svg` (text stays text: selectable and searchable). Fonts come only
//! from the bundled DejaVu Sans ([`super::font`]); system fonts are never loaded and
//! `<image>` references are never followed, so a map looks the same on every machine and
//! reads nothing but its SVG. Output is deterministic byte for byte: a fixed scale (one
//! SVG px is one PNG pixel, 96 dpi), no timestamps, no random document ids.
//!
//! Each function takes SVG documents as text, one per page, so it works with any layout
//! that produces SVG.

use std::fmt;
use std::sync::{Arc, LazyLock};

use resvg::tiny_skia;
use resvg::usvg::{self, fontdb};

use super::font;

/// Pixels per inch of the PNG: the SVG's own CSS pixels, one for one.
pub const PNG_DPI: f64 = 96.0;

/// The longest side a PNG may have, in pixels; a bigger map is scaled down to it.
pub const PNG_MAX_SIDE: u32 = 16_384;

/// The most pixels a PNG may have (width × height); a bigger map is scaled down to it.
pub const PNG_MAX_PIXELS: u64 = 100_000_000;

/// PDF points per SVG px (72 pt per inch, 96 px per inch).
const PT_PER_PX: f32 = 72.0 / 96.0;

/// Why an SVG could not be turned into a PNG or PDF.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RasterError {
    /// The SVG did not parse (a bug in the renderer, never the user's input).
    Svg(String),
    /// The picture has no area.
    Empty,
    /// Encoding the PNG failed.
    Png(String),
    /// Converting to PDF failed.
    Pdf(String),
    /// No pages were given.
    NoPages,
}

impl fmt::Display for RasterError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RasterError::Svg(message) => write!(f, "the map's SVG did not parse: {message}"),
            RasterError::Empty => write!(f, "the map has no area to draw"),
            RasterError::Png(message) => write!(f, "could not encode the PNG: {message}"),
            RasterError::Pdf(message) => write!(f, "could not convert the map to PDF: {message}"),
            RasterError::NoPages => write!(f, "there is no page to write"),
        }
    }
}

impl std::error::Error for RasterError {}

/// Fonts the backends may use: the bundled faces, and every generic family mapped to them.
static FONTS: LazyLock<Arc<fontdb::Database>> = LazyLock::new(|| {
    let mut db = fontdb::Database::new();
    for bytes in [font::REGULAR_TTF, font::BOLD_TTF] {
        db.load_font_source(fontdb::Source::Binary(Arc::new(bytes)));
    }
    db.set_sans_serif_family(font::FAMILY);
    db.set_serif_family(font::FAMILY);
    db.set_monospace_family(font::FAMILY);
    db.set_cursive_family(font::FAMILY);
    db.set_fantasy_family(font::FAMILY);
    Arc::new(db)
});

/// Parses one SVG page with the bundled fonts only and no access to files.
fn parse(svg: &str) -> Result<usvg::Tree, RasterError> {
    let options = usvg::Options {
        resources_dir: None,
        dpi: PNG_DPI as f32,
        font_family: font::FAMILY.to_string(),
        languages: vec!["en".to_string()],
        image_href_resolver: usvg::ImageHrefResolver {
            resolve_data: Box::new(|_, _, _| None),
            resolve_string: Box::new(|_, _| None),
        },
        fontdb: Arc::clone(&FONTS),
        ..usvg::Options::default()
    };
    usvg::Tree::from_str(svg, &options).map_err(|error| RasterError::Svg(error.to_string()))
}

/// The pixel size of a PNG of a `width` × `height` px picture, and the scale that gets
/// there: 1 unless the picture exceeds [`PNG_MAX_SIDE`] or [`PNG_MAX_PIXELS`].
pub fn png_size(width: f32, height: f32) -> Option<(u32, u32, f32)> {
    if !(width.is_finite() && height.is_finite() && width > 0.0 && height > 0.0) {
        return None;
    }
    let (width, height) = (f64::from(width), f64::from(height));
    let side = f64::from(PNG_MAX_SIDE);
    let mut scale = (side / width).min(side / height).min(1.0);
    let area = width * height * scale * scale;
    if area > PNG_MAX_PIXELS as f64 {
        scale *= (PNG_MAX_PIXELS as f64 / area).sqrt();
    }
    let w = (width * scale).ceil().clamp(1.0, side) as u32;
    let h = (height * scale).ceil().clamp(1.0, side) as u32;
    Some((w, h, scale as f32))
}

/// One SVG page as a PNG: opaque (white behind the map), 8-bit RGB, 96 dpi recorded in the
/// file, deterministic.
pub fn png(svg: &str) -> Result<Vec<u8>, RasterError> {
    let tree = parse(svg)?;
    let size = tree.size();
    let (width, height, scale) = png_size(size.width(), size.height()).ok_or(RasterError::Empty)?;
    let mut pixmap = tiny_skia::Pixmap::new(width, height).ok_or(RasterError::Empty)?;
    pixmap.fill(tiny_skia::Color::WHITE);
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    encode_png(&pixmap)
}

/// The pixmap as an RGB PNG. The background is opaque, so alpha carries nothing.
fn encode_png(pixmap: &tiny_skia::Pixmap) -> Result<Vec<u8>, RasterError> {
    let rgb: Vec<u8> = pixmap
        .pixels()
        .iter()
        .flat_map(|pixel| {
            let color = pixel.demultiply();
            [color.red(), color.green(), color.blue()]
        })
        .collect();
    let mut bytes = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut bytes, pixmap.width(), pixmap.height());
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        encoder.set_compression(png::Compression::Balanced);
        // 96 dpi = 3780 px per metre.
        let per_metre = (PNG_DPI / 0.0254).round() as u32;
        encoder.set_pixel_dims(Some(png::PixelDimensions {
            xppu: per_metre,
            yppu: per_metre,
            unit: png::Unit::Meter,
        }));
        let mut writer = encoder
            .write_header()
            .map_err(|error| RasterError::Png(error.to_string()))?;
        writer
            .write_image_data(&rgb)
            .map_err(|error| RasterError::Png(error.to_string()))?;
        writer
            .finish()
            .map_err(|error| RasterError::Png(error.to_string()))?;
    }
    Ok(bytes)
}

/// What the PDF says about itself.
#[derive(Debug, Clone, Default)]
pub struct PdfInfo {
    /// The document title (the journey's title), shown by PDF viewers.
    pub title: Option<String>,
    /// The document's language, e.g. `en`.
    pub lang: Option<String>,
}

/// SVG pages as one PDF, one PDF page per SVG, each page the SVG's size (1 px = 0.75 pt, so
/// a page laid out at 96 px per inch prints at its paper size). Text stays text, set in
/// the embedded subset of DejaVu Sans. No creation date; the document id is a hash of the
/// content: deterministic.
pub fn pdf<S: AsRef<str>>(pages: &[S], info: &PdfInfo) -> Result<Vec<u8>, RasterError> {
    use krilla_svg::SurfaceExt;

    if pages.is_empty() {
        return Err(RasterError::NoPages);
    }
    let mut document = krilla::Document::new();
    for svg in pages {
        let tree = parse(svg.as_ref())?;
        let width = tree.size().width() * PT_PER_PX;
        let height = tree.size().height() * PT_PER_PX;
        let size = krilla::geom::Size::from_wh(width, height).ok_or(RasterError::Empty)?;
        let mut page = document.start_page_with(krilla::page::PageSettings::new(size));
        let mut surface = page.surface();
        surface
            .draw_svg(&tree, size, krilla_svg::SvgSettings::default())
            .ok_or_else(|| RasterError::Pdf("the map could not be drawn".to_string()))?;
        surface.finish();
        page.finish();
    }
    let mut metadata = krilla::metadata::Metadata::new().producer("jmap".to_string());
    if let Some(title) = &info.title {
        metadata = metadata.title(title.clone());
    }
    if let Some(lang) = &info.lang {
        metadata = metadata.language(lang.clone());
    }
    document.set_metadata(metadata);
    document
        .finish()
        .map_err(|error| RasterError::Pdf(error.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SVG: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100" viewBox="0 0 200 100"><rect x="10" y="10" width="50" height="30" fill="#c00"/><text x="10" y="80" font-family="'DejaVu Sans', sans-serif" font-size="20">Kick-off</text></svg>"##;

    #[test]
    fn png_is_the_svg_size_and_opaque() {
        let bytes = png(SVG).expect("png");
        let decoder = png::Decoder::new(std::io::Cursor::new(bytes.as_slice()));
        let mut reader = decoder.read_info().expect("png header");
        let mut buffer = vec![0; reader.output_buffer_size().expect("buffer size")];
        let frame = reader.next_frame(&mut buffer).expect("png frame");
        assert_eq!((frame.width, frame.height), (200, 100));
        assert_eq!(frame.color_type, png::ColorType::Rgb);
        // White background, red rectangle, dark text pixels.
        let at = |x: usize, y: usize| {
            let i = (y * 200 + x) * 3;
            (buffer[i], buffer[i + 1], buffer[i + 2])
        };
        assert_eq!(at(150, 20), (255, 255, 255));
        assert_eq!(at(30, 20), (0xcc, 0, 0));
        let inked = (60..100)
            .flat_map(|y| (10..100).map(move |x| (x, y)))
            .filter(|&(x, y)| at(x, y).0 < 100)
            .count();
        assert!(inked > 50, "the text was drawn ({inked} dark pixels)");
    }

    #[test]
    fn png_and_pdf_are_deterministic() {
        assert_eq!(png(SVG), png(SVG));
        let info = PdfInfo {
            title: Some("Onboarding".to_string()),
            lang: Some("en".to_string()),
        };
        assert_eq!(pdf(&[SVG, SVG], &info), pdf(&[SVG, SVG], &info));
    }

    #[test]
    fn pdf_has_one_page_per_svg_at_their_size() {
        let bytes = pdf(&[SVG, SVG, SVG], &PdfInfo::default()).expect("pdf");
        let document = lopdf::Document::load_mem(&bytes).expect("lopdf parses it");
        let pages = document.get_pages();
        assert_eq!(pages.len(), 3);
        for id in pages.values() {
            let page = document.get_dictionary(*id).expect("page");
            let media_box = page
                .get(b"MediaBox")
                .and_then(|b| b.as_array())
                .expect("box");
            let numbers: Vec<f32> = media_box
                .iter()
                .map(|n| n.as_float().expect("number"))
                .collect();
            assert_eq!(numbers, vec![0.0, 0.0, 150.0, 75.0]);
        }
        assert!(!String::from_utf8_lossy(&bytes).contains("CreationDate"));
        assert_eq!(
            pdf::<&str>(&[], &PdfInfo::default()),
            Err(RasterError::NoPages)
        );
    }

    #[test]
    fn bad_svg_is_an_error_not_a_panic() {
        assert!(matches!(png("<svg"), Err(RasterError::Svg(_))));
        assert!(matches!(
            pdf(&["nope"], &PdfInfo::default()),
            Err(RasterError::Svg(_))
        ));
        let empty = r#"<svg xmlns="http://www.w3.org/2000/svg" width="0" height="0"/>"#;
        assert!(png(empty).is_err());
    }

    #[test]
    fn huge_pictures_are_scaled_down_to_the_limits() {
        assert_eq!(png_size(200.0, 100.0), Some((200, 100, 1.0)));
        let (w, h, scale) = png_size(100_000.0, 1_000.0).expect("size");
        assert!(w <= PNG_MAX_SIDE && h <= PNG_MAX_SIDE && scale < 1.0);
        let (w, h, _) = png_size(16_000.0, 16_000.0).expect("size");
        assert!(u64::from(w) * u64::from(h) <= PNG_MAX_PIXELS + 2 * 16_384);
        assert_eq!(png_size(0.0, 10.0), None);
        assert_eq!(png_size(f32::NAN, 10.0), None);
    }

    #[test]
    fn text_is_set_in_the_bundled_font_with_the_measured_width() {
        // usvg shapes the text with rustybuzz; font.rs measures it with the same font's
        // advances and kerning: the two must agree.
        for (text, bold) in [
            ("Kick-off call with the delivery team", false),
            ("AVATAR To-do: Wave, Yoke", false),
            ("Weekend cut-over: release to production", true),
            ("Accès réservé – équipe", false),
        ] {
            let weight = if bold { "700" } else { "400" };
            let svg = format!(
                r#"<svg xmlns="http://www.w3.org/2000/svg" width="900" height="60"><text x="0" y="40" font-family="{}" font-size="16" font-weight="{weight}">{text}</text></svg>"#,
                font::FONT_STACK.replace('\'', "&apos;")
            );
            let tree = parse(&svg).expect("parse");
            let Some(usvg::Node::Text(node)) = tree.root().children().first() else {
                panic!("no text node for {text}");
            };
            let shaped = f64::from(node.bounding_box().width());
            let measured = font::width(text, 16.0, bold);
            assert!(
                (shaped - measured).abs() < 0.01 * measured,
                "{text}: shaped {shaped}, measured {measured}"
            );
        }
    }
}
