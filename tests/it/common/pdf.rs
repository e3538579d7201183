//! Test PDFs built with lopdf, seal PNGs, and measuring rendered pages.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use lopdf::{Dictionary, Document, Object, Stream, dictionary};

use serde_json::Value;

use super::{Env, require_tool};

/// One page to build: MediaBox, optional CropBox, /Rotate.
pub struct PageSpec {
    pub media: [f32; 4],
    pub crop: Option<[f32; 4]>,
    pub rotate: i64,
}

pub fn a4() -> PageSpec {
    PageSpec {
        media: [0.0, 0.0, 595.0, 842.0],
        crop: None,
        rotate: 0,
    }
}

fn rect(r: [f32; 4]) -> Object {
    Object::Array(r.iter().map(|v| Object::Real(*v)).collect())
}

/// A PDF whose pages carry some black text (Helvetica), built with lopdf.
pub fn make_pdf(pages: &[PageSpec]) -> Vec<u8> {
    let mut doc = Document::with_version("1.7");
    let pages_id = doc.new_object_id();
    let font_id = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
    });
    let mut kids = Vec::new();
    for (i, p) in pages.iter().enumerate() {
        let content = format!(
            "BT /F1 14 Tf {} {} Td (Page {} of the test document) Tj ET",
            p.media[0] + 60.0,
            p.media[3] - 80.0,
            i + 1
        );
        let content_id = doc.add_object(Stream::new(Dictionary::new(), content.into_bytes()));
        let mut page = dictionary! {
            "Type" => "Page",
            "Parent" => pages_id,
            "MediaBox" => rect(p.media),
            "Contents" => content_id,
            "Resources" => dictionary! { "Font" => dictionary! { "F1" => font_id } },
        };
        if let Some(c) = p.crop {
            page.set("CropBox", rect(c));
        }
        if p.rotate != 0 {
            page.set("Rotate", p.rotate);
        }
        kids.push(Object::Reference(doc.add_object(page)));
    }
    let count = kids.len() as i64;
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => count }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("save test pdf");
    out
}

/// A red disc seal (symmetric: its ink centroid is its centre), transparent outside.
pub fn red_disc_png(px: u32) -> Vec<u8> {
    let rim = 1.0 / px as f32;
    seal_png(px, |u, v| {
        ((u - 0.5).powi(2) + (v - 0.5).powi(2)).sqrt() <= 0.5 - rim
    })
}

/// A square seal picture `px` wide: red where `inked(u, v)` (u, v from 0 to 1 across and
/// down, at each pixel's centre), transparent elsewhere.
pub fn seal_png(px: u32, inked: impl Fn(f32, f32) -> bool) -> Vec<u8> {
    let mut img = image::RgbaImage::new(px, px);
    for (x, y, p) in img.enumerate_pixels_mut() {
        let (u, v) = ((x as f32 + 0.5) / px as f32, (y as f32 + 0.5) / px as f32);
        *p = if inked(u, v) {
            image::Rgba([230, 0, 18, 255])
        } else {
            image::Rgba([0, 0, 0, 0])
        };
    }
    let mut out = Vec::new();
    img.write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .unwrap();
    out
}

/// Renders one page with pdftoppm at `dpi`.
pub fn render(pdf: &Path, page: u32, dpi: u32) -> image::RgbImage {
    require_tool("pdftoppm", "apt-get install poppler-utils");
    let out = Command::new("pdftoppm")
        // -cropbox: render what a viewer shows (the CropBox), not the whole MediaBox.
        .args([
            "-cropbox",
            "-r",
            &dpi.to_string(),
            "-f",
            &page.to_string(),
            "-l",
            &page.to_string(),
            "-png",
            "-singlefile",
        ])
        .arg(pdf)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "pdftoppm failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    image::load_from_memory(&out.stdout).unwrap().to_rgb8()
}

/// Red ink pixels of a rendered page: count, centroid (px), and bounding box.
pub struct Red {
    pub count: u64,
    pub cx: f32,
    pub cy: f32,
    pub min_x: u32,
    pub max_x: u32,
    pub min_y: u32,
    pub max_y: u32,
}

pub fn red(img: &image::RgbImage) -> Red {
    let (mut n, mut sx, mut sy) = (0u64, 0f64, 0f64);
    let (mut min_x, mut max_x, mut min_y, mut max_y) = (u32::MAX, 0, u32::MAX, 0);
    for (x, y, p) in img.enumerate_pixels() {
        let [r, g, b] = p.0;
        if r > 150 && g < 100 && b < 100 {
            n += 1;
            sx += x as f64;
            sy += y as f64;
            min_x = min_x.min(x);
            max_x = max_x.max(x);
            min_y = min_y.min(y);
            max_y = max_y.max(y);
        }
    }
    let d = n.max(1) as f64;
    Red {
        count: n,
        cx: (sx / d) as f32 + 0.5,
        cy: (sy / d) as f32 + 0.5,
        min_x,
        max_x,
        min_y,
        max_y,
    }
}

/// `qpdf --check` must accept the file.
pub fn qpdf_check(pdf: &Path) {
    qpdf_check_with_password(pdf, None);
}

pub fn qpdf_check_with_password(pdf: &Path, password: Option<&str>) {
    require_tool("qpdf", "apt-get install qpdf");
    let mut cmd = Command::new("qpdf");
    if let Some(p) = password {
        cmd.arg(format!("--password={p}"));
    }
    let out = cmd.arg("--check").arg(pdf).output().unwrap();
    assert!(
        out.status.success(),
        "qpdf --check failed on {}:\n{}{}",
        pdf.display(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Runs qpdf with `args` (e.g. to make object streams, linearize, encrypt).
pub fn qpdf(args: &[&str]) {
    require_tool("qpdf", "apt-get install qpdf");
    let out = Command::new("qpdf").args(args).output().unwrap();
    // Exit 3 is "succeeded with warnings".
    assert!(
        matches!(out.status.code(), Some(0 | 3)),
        "qpdf {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Where the last cross-reference section of a PDF starts (its last `startxref`): the
/// /Prev of a revision appended to it.
pub fn last_startxref(pdf: &[u8]) -> usize {
    String::from_utf8_lossy(pdf)
        .rsplit("startxref")
        .next()
        .and_then(|t| t.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .expect("a startxref")
}

/// `pdf verify` on `file`: the verdict per signature field (from `--json`), the plain-text
/// report (stdout and stderr), and the exit code.
pub fn verify_verdicts(env: &Env, file: &Path) -> (BTreeMap<String, bool>, String, i32) {
    let out = env.run(&["--json", "pdf", "verify", &file.to_string_lossy()]);
    let code = out.status.code().unwrap_or(-1);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "catool --json pdf verify {}: not JSON ({e}):\n{}",
            file.display(),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    let verdicts = v["signatures"]
        .as_array()
        .unwrap_or_else(|| panic!("no signatures array: {v}"))
        .iter()
        .map(|s| {
            (
                s["field"].as_str().unwrap().to_string(),
                s["valid"].as_bool().unwrap(),
            )
        })
        .collect();
    let plain = env.run(&["pdf", "verify", &file.to_string_lossy()]);
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&plain.stdout),
        String::from_utf8_lossy(&plain.stderr)
    );
    (verdicts, report, code)
}
