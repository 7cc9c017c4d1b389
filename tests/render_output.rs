#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
//! `jmap render` output backends: PNG and PDF files that a decoder and a parser accept,
//! byte-identical across runs; `--format` and `-o` extension rules; numbered pages;
//! `REV:PATH` for render, report and export.

mod diff_support;

use diff_support::{Repo, fixture, jmap, root};
use std::path::Path;

const EXAMPLE: &str = "examples/managed-services-renewal.journey.yaml";
const OTHER: &str = "examples/professional-services-sow.journey.yaml";

/// Runs `jmap render ARGS` from the repository root; returns exit code, stdout, stderr.
fn render(args: &[&str], out: Option<&Path>) -> (i32, Vec<u8>, String) {
    let mut command = jmap(&root());
    command.arg("render").args(args);
    if let Some(out) = out {
        command.arg("-o").arg(out);
    }
    let output = command.output().expect("runs");
    (
        output.status.code().unwrap_or(-1),
        output.stdout,
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// Decodes a PNG: width, height and pixels (RGB).
fn decode_png(bytes: &[u8]) -> (u32, u32, Vec<u8>) {
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    let mut reader = decoder.read_info().expect("a PNG header");
    let mut buffer = vec![0; reader.output_buffer_size().expect("buffer size")];
    let frame = reader.next_frame(&mut buffer).expect("PNG pixels");
    buffer.truncate(frame.buffer_size());
    assert_eq!(frame.color_type, png::ColorType::Rgb);
    (frame.width, frame.height, buffer)
}

/// The width and height the SVG map declares.
fn svg_size(svg: &str) -> (f64, f64) {
    let document = roxmltree::Document::parse(svg).expect("svg parses");
    let root = document.root_element();
    let number = |name: &str| -> f64 {
        root.attribute(name)
            .expect("size attribute")
            .trim_end_matches("px")
            .parse()
            .expect("a number")
    };
    (number("width"), number("height"))
}

#[test]
fn png_decodes_at_the_svg_size_and_shows_the_map() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("map.png");
    let (code, stdout, stderr) = render(&[EXAMPLE], Some(&out));
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.is_empty());
    let bytes = std::fs::read(&out).expect("written");
    let (width, height, pixels) = decode_png(&bytes);

    let (_, svg, _) = render(&[EXAMPLE], None);
    let (svg_width, svg_height) = svg_size(&String::from_utf8(svg).expect("utf-8"));
    assert_eq!(f64::from(width), svg_width.ceil());
    assert_eq!(f64::from(height), svg_height.ceil());

    // A map, not a blank page: a good share of the pixels are not background white, and
    // some are dark (text).
    let total = pixels.len() / 3;
    let coloured = pixels
        .chunks(3)
        .filter(|pixel| pixel != &[255, 255, 255])
        .count();
    let dark = pixels
        .chunks(3)
        .filter(|pixel| pixel.iter().all(|&channel| channel < 80))
        .count();
    assert!(coloured * 10 > total, "{coloured} of {total} pixels drawn");
    assert!(dark > 1_000, "{dark} dark pixels: is the text drawn?");
}

#[test]
fn pdf_parses_with_one_page_of_the_map_and_its_title() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("map.pdf");
    let (code, _, stderr) = render(&[EXAMPLE], Some(&out));
    assert_eq!(code, 0, "{stderr}");
    let bytes = std::fs::read(&out).expect("written");
    assert!(bytes.starts_with(b"%PDF-"));
    let document = lopdf::Document::load_mem(&bytes).expect("lopdf parses the PDF");
    let pages = document.get_pages();
    assert_eq!(pages.len(), 1);
    let info = document
        .trailer
        .get(b"Info")
        .and_then(|info| info.as_reference())
        .and_then(|id| document.get_dictionary(id))
        .expect("document info");
    let producer = info.get(b"Producer").expect("producer");
    assert_eq!(lopdf::decode_text_string(producer).expect("text"), "jmap");
    assert!(info.get(b"CreationDate").is_err(), "no timestamp");
    // The text is text: the font is embedded, so the words can be found and selected.
    let text = document
        .extract_text(&pages.keys().copied().collect::<Vec<_>>())
        .expect("text extracts");
    let text: String = text.split_whitespace().collect();
    assert!(
        text.contains("ManagedITservices"),
        "the title is text in the PDF: {text:.200}"
    );
}

#[test]
fn png_and_pdf_are_byte_identical_across_runs() {
    let dir = tempfile::tempdir().expect("temp dir");
    for extension in ["png", "pdf", "svg"] {
        let first = dir.path().join(format!("first.{extension}"));
        let second = dir.path().join(format!("second.{extension}"));
        assert_eq!(render(&[EXAMPLE], Some(&first)).0, 0);
        assert_eq!(render(&[EXAMPLE], Some(&second)).0, 0);
        let first = std::fs::read(first).expect("first");
        let second = std::fs::read(second).expect("second");
        assert!(first == second, "{extension} differs between two runs");
    }
}

#[test]
fn format_flag_without_extension_and_to_a_pipe() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("map");
    let (code, _, stderr) = render(&[EXAMPLE, "--format", "png"], Some(&out));
    assert_eq!(code, 0, "{stderr}");
    decode_png(&std::fs::read(&out).expect("written"));
    // stdout is a pipe here, so a binary format may go there.
    let (code, stdout, stderr) = render(&[EXAMPLE, "--format", "pdf"], None);
    assert_eq!(code, 0, "{stderr}");
    lopdf::Document::load_mem(&stdout).expect("a PDF on stdout");
    let (code, stdout, _) = render(&[EXAMPLE, "--format", "png"], None);
    assert_eq!(code, 0);
    decode_png(&stdout);
}

#[test]
fn extension_contradicting_format_is_exit_2_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, format, message) in [
        ("map.png", "pdf", "names a PNG file but `--format pdf`"),
        ("map.pdf", "svg", "names a PDF file but `--format svg`"),
        ("map.SVG", "png", "names a SVG file but `--format png`"),
    ] {
        let out = dir.path().join(name);
        let (code, stdout, stderr) = render(&[EXAMPLE, "--format", format], Some(&out));
        assert_eq!(code, 2, "{name} with --format {format}");
        assert!(stderr.contains(message), "{stderr}");
        assert!(stdout.is_empty());
        assert!(!out.exists(), "{name} was written");
    }
    let out = dir.path().join("map.jpg");
    let (code, _, stderr) = render(&[EXAMPLE], Some(&out));
    assert_eq!(code, 2);
    assert!(stderr.contains("not .jpg"), "{stderr}");
    assert!(!out.exists());
    // Agreeing flag and extension are fine, in any case.
    let out = dir.path().join("map.PNG");
    assert_eq!(render(&[EXAMPLE, "--format", "png"], Some(&out)).0, 0);
    decode_png(&std::fs::read(&out).expect("written"));
}

#[test]
fn several_inputs_with_a_file_name_is_exit_2() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("maps.svg");
    let (code, _, stderr) = render(&[EXAMPLE, OTHER], Some(&out));
    assert_eq!(code, 2);
    assert!(stderr.contains("looks like a file"), "{stderr}");
    assert!(!out.exists(), "no folder named maps.svg either");
}

#[test]
fn several_inputs_into_a_folder_in_the_format_asked() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("maps");
    let (code, _, stderr) = render(&[EXAMPLE, OTHER, "--format", "png"], Some(&out));
    assert_eq!(code, 0, "{stderr}");
    for name in [
        "managed-services-renewal.png",
        "professional-services-sow.png",
    ] {
        decode_png(&std::fs::read(out.join(name)).expect(name));
    }
    let out = dir.path().join("pdfs");
    let (code, _, stderr) = render(&[EXAMPLE, OTHER, "--format", "pdf"], Some(&out));
    assert_eq!(code, 0, "{stderr}");
    for name in [
        "managed-services-renewal.pdf",
        "professional-services-sow.pdf",
    ] {
        let bytes = std::fs::read(out.join(name)).expect(name);
        lopdf::Document::load_mem(&bytes).expect("a PDF");
    }
}

#[test]
fn render_report_and_export_read_rev_path() {
    let repo = Repo::new();
    let path = "journeys/onboarding.journey.yaml";
    repo.write(path, &fixture("review/base.journey.yaml"));
    repo.commit("base");
    repo.write(path, &fixture("review/improved.journey.yaml"));
    repo.commit("improved");
    let old = format!("HEAD~1:{path}");

    // render: the old version's map, the same as rendering the old file itself.
    let from_git = repo.jmap().args(["render", &old]).output().expect("runs");
    assert_eq!(from_git.status.code(), Some(0), "{from_git:?}");
    repo.write("old.journey.yaml", &fixture("review/base.journey.yaml"));
    let from_file = repo
        .jmap()
        .args(["render", "old.journey.yaml"])
        .output()
        .expect("runs");
    assert!(!from_git.stdout.is_empty());
    assert_eq!(from_git.stdout, from_file.stdout);
    let newer = repo
        .jmap()
        .args(["render", &format!("HEAD:{path}")])
        .output()
        .expect("runs");
    assert_ne!(newer.stdout, from_git.stdout, "each revision its own map");

    // render to PNG from a revision.
    let png = repo.path().join("old.png");
    let output = repo
        .jmap()
        .args(["render", &old, "-o"])
        .arg(&png)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    decode_png(&std::fs::read(&png).expect("png written"));

    // report and export: same output as from the file.
    for command in [
        ["report", "--format", "markdown"],
        ["export", "--format", "json"],
    ] {
        let run = |file: &str| {
            repo.jmap()
                .args([command[0], file, command[1], command[2]])
                .output()
                .expect("runs")
        };
        let from_git = run(&old);
        let from_file = run("old.journey.yaml");
        assert_eq!(from_git.status.code(), Some(0), "{from_git:?}");
        // The same document, but for the name of its source.
        let from_git = String::from_utf8_lossy(&from_git.stdout).replace(&old, "old.journey.yaml");
        assert!(!from_git.is_empty());
        assert_eq!(
            from_git,
            String::from_utf8_lossy(&from_file.stdout),
            "{}",
            command[0]
        );
    }

    // Unknown revisions and paths are exit 2, and say which.
    for (argument, message) in [
        (
            format!("no-such-rev:{path}"),
            "unknown git revision `no-such-rev`",
        ),
        ("HEAD:missing.journey.yaml".to_string(), "is not a file"),
    ] {
        for command in ["render", "report", "export"] {
            let output = repo
                .jmap()
                .args([command, argument.as_str()])
                .output()
                .expect("runs");
            assert_eq!(output.status.code(), Some(2), "{command} {argument}");
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert!(stderr.contains(message), "{command}: {stderr}");
            assert!(output.stdout.is_empty());
        }
    }
}

#[test]
fn a_journey_at_a_revision_that_does_not_load_names_rev_path() {
    let repo = Repo::new();
    repo.write("a.journey.yaml", "jmap: 1\njourney: [not, a, map\n");
    repo.commit("broken");
    let output = repo
        .jmap()
        .args(["render", "HEAD:a.journey.yaml"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("HEAD:a.journey.yaml"));
    assert!(output.stdout.is_empty());
}

#[test]
fn a_map_of_several_pages_is_numbered_files_or_one_pdf() {
    let dir = tempfile::tempdir().expect("temp dir");
    let count = |extension: &str| {
        (1..)
            .take_while(|number| {
                dir.path()
                    .join(format!("map-{number}.{extension}"))
                    .exists()
            })
            .count()
    };
    for extension in ["svg", "png", "pdf"] {
        let out = dir.path().join(format!("map.{extension}"));
        let (code, _, stderr) = render(&[EXAMPLE, "--page", "a4"], Some(&out));
        assert_eq!(code, 0, "{stderr}");
    }
    let pages = count("svg");
    assert!(pages > 1, "the example does not fit one A4 page");
    assert!(!dir.path().join("map.svg").exists(), "no unnumbered file");
    assert_eq!(count("png"), pages);
    for number in 1..=pages {
        let bytes = std::fs::read(dir.path().join(format!("map-{number}.png"))).expect("png");
        decode_png(&bytes);
    }
    assert_eq!(count("pdf"), 0, "a PDF holds every page");
    let bytes = std::fs::read(dir.path().join("map.pdf")).expect("pdf");
    let document = lopdf::Document::load_mem(&bytes).expect("a PDF");
    assert_eq!(document.get_pages().len(), pages);

    // Several SVG or PNG pages cannot go to stdout.
    let (code, stdout, stderr) = render(&[EXAMPLE, "--page", "a4"], None);
    assert_eq!(code, 2);
    assert!(stdout.is_empty());
    assert!(stderr.contains("pages"), "{stderr}");
}
