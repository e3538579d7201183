//! Stamps that cannot silently miss: a seal lies whole on the visible page or the file is
//! refused (or moved inside with --clamp, and said so); anchors (`--at br:-20,20`) place it
//! the same way on portrait, landscape, rotated and offset-box pages, measured on pages
//! rendered by poppler; `--dry-run` says where seals would go and writes nothing; a seal
//! picture without transparency is refused.

use crate::common;
use crate::common::pdf;

use common::*;
use pdf::*;

const PT_PER_MM: f32 = 72.0 / 25.4;

fn landscape() -> PageSpec {
    PageSpec {
        media: [0.0, 0.0, 842.0, 595.0],
        crop: None,
        rotate: 0,
    }
}

fn rotated() -> PageSpec {
    PageSpec { rotate: 90, ..a4() }
}

/// A4 portrait whose visible area (CropBox) is offset inside a larger MediaBox.
fn offset_box() -> PageSpec {
    PageSpec {
        media: [0.0, 0.0, 700.0, 950.0],
        crop: Some([50.0, 60.0, 645.0, 902.0]),
        rotate: 0,
    }
}

struct Setup {
    env: Env,
}

impl Setup {
    fn new() -> Setup {
        let env = Env::new();
        std::fs::write(env.path("seal.png"), red_disc_png(400)).unwrap();
        Setup { env }
    }

    fn write(&self, name: &str, bytes: &[u8]) -> String {
        std::fs::write(self.env.path(name), bytes).unwrap();
        self.p(name)
    }

    fn p(&self, name: &str) -> String {
        self.env.path(name).to_string_lossy().into_owned()
    }

    /// `pdf stamp` with the 30 mm red disc; the raw output.
    fn stamp(&self, input: &str, out: &str, args: &[&str]) -> std::process::Output {
        let (seal, outp) = (self.p("seal.png"), self.p(out));
        let mut all = vec![
            "--json", "pdf", "stamp", input, "--out", &outp, "--image", &seal, "--size", "30",
        ];
        all.extend_from_slice(args);
        self.env.run(&all)
    }
}

/// The red ink's centre on the rendered page, in mm from the visible top-left corner.
fn ink_centre_mm(file: &std::path::Path) -> (f32, f32) {
    let dpi = 100;
    let r = red(&render(file, 1, dpi));
    assert!(r.count > 100, "no seal on the rendered page");
    let mm = |px: f32| px / dpi as f32 * 25.4;
    (mm(r.cx), mm(r.cy))
}

#[test]
fn a_seal_off_a_landscape_page_is_refused_naming_the_page() {
    let s = Setup::new();
    let input = s.write("land.pdf", &make_pdf(&[landscape()]));
    let out = s.stamp(&input, "out.pdf", &["--at", "160,250"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(5), "{err}");
    assert!(
        err.contains("seal at (160, 250) mm would be off page 1 (297×"),
        "{err}"
    );
    assert!(!s.env.path("out.pdf").exists(), "nothing may be written");
}

#[test]
fn a_batch_stamps_the_pages_it_fits_and_fails_the_others() {
    let s = Setup::new();
    std::fs::create_dir(s.env.path("inbox")).unwrap();
    std::fs::write(s.env.path("inbox/portrait.pdf"), make_pdf(&[a4()])).unwrap();
    std::fs::write(s.env.path("inbox/landscape.pdf"), make_pdf(&[landscape()])).unwrap();
    let (seal, dir, outdir) = (s.p("seal.png"), s.p("inbox"), s.p("out"));
    let out = s.env.run(&[
        "pdf",
        "stamp",
        &dir,
        "--out-dir",
        &outdir,
        "--image",
        &seal,
        "--size",
        "30",
        "--at",
        "160,250",
    ]);
    assert_ne!(out.status.code(), Some(0));
    assert!(s.env.path("out/portrait.pdf").exists());
    assert!(!s.env.path("out/landscape.pdf").exists());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("landscape.pdf") && err.contains("off page 1"),
        "{err}"
    );
}

#[test]
fn clamp_moves_the_seal_inside_and_says_so() {
    let s = Setup::new();
    let input = s.write("land.pdf", &make_pdf(&[landscape()]));
    let out = s.stamp(&input, "out.pdf", &["--at", "160,250", "--clamp"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let moved = &v["result"]["moved"][0];
    assert_eq!(moved["page"], 1, "{v:#}");
    // 30 mm seal on a 210 mm high page: its centre at most 195 mm down.
    let (x, y) = ink_centre_mm(&s.env.path("out.pdf"));
    assert!(
        (x - 160.0).abs() < 1.0 && (y - 195.0).abs() < 1.0,
        "({x}, {y})"
    );
}

#[test]
fn an_anchor_places_the_seal_alike_on_every_kind_of_page() {
    let s = Setup::new();
    // br:-20,20 — the seal's bottom-right corner 20 mm left of and 20 mm above the visible
    // bottom-right corner: its centre 35 mm from the right and 35 mm from the bottom.
    for (name, page, (w, h)) in [
        ("portrait", a4(), (595.0 / PT_PER_MM, 842.0 / PT_PER_MM)),
        (
            "landscape",
            landscape(),
            (842.0 / PT_PER_MM, 595.0 / PT_PER_MM),
        ),
        ("rotated", rotated(), (842.0 / PT_PER_MM, 595.0 / PT_PER_MM)),
        (
            "offset",
            offset_box(),
            (595.0 / PT_PER_MM, 842.0 / PT_PER_MM),
        ),
    ] {
        let input = s.write(&format!("{name}.pdf"), &make_pdf(&[page]));
        let out_name = format!("{name}-br.pdf");
        let out = s.stamp(&input, &out_name, &["--at", "br:-20,20"]);
        assert!(
            out.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        qpdf_check(&s.env.path(&out_name));
        let (x, y) = ink_centre_mm(&s.env.path(&out_name));
        let (ex, ey) = (w - 35.0, h - 35.0);
        assert!(
            (x - ex).abs() < 1.0 && (y - ey).abs() < 1.0,
            "{name}: ink at ({x:.1}, {y:.1}) mm, expected ({ex:.1}, {ey:.1})"
        );
    }
}

#[test]
fn every_anchor_puts_the_seal_where_it_says() {
    let s = Setup::new();
    let input = s.write("land.pdf", &make_pdf(&[landscape()]));
    let (w, h) = (842.0 / PT_PER_MM, 595.0 / PT_PER_MM);
    let r = 15.0; // half the 30 mm seal
    for (anchor, ex, ey) in [
        ("tl", r, r),
        ("tc", w / 2.0, r),
        ("tr", w - r, r),
        ("l", r, h / 2.0),
        ("c", w / 2.0, h / 2.0),
        ("r", w - r, h / 2.0),
        ("bl", r, h - r),
        ("bc", w / 2.0, h - r),
        ("br", w - r, h - r),
    ] {
        let out_name = format!("a-{anchor}.pdf");
        let out = s.stamp(&input, &out_name, &["--at", &format!("{anchor}:0,0")]);
        assert!(
            out.status.success(),
            "{anchor}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let (x, y) = ink_centre_mm(&s.env.path(&out_name));
        assert!(
            (x - ex).abs() < 1.0 && (y - ey).abs() < 1.0,
            "{anchor}: ink at ({x:.1}, {y:.1}) mm, expected ({ex:.1}, {ey:.1})"
        );
    }
}

#[test]
fn an_unknown_anchor_is_a_clear_error() {
    let s = Setup::new();
    let input = s.write("a4.pdf", &make_pdf(&[a4()]));
    let out = s.stamp(&input, "out.pdf", &["--at", "bottom:0,0"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(5), "{err}");
    assert!(err.contains("tl, tc, tr, l, c, r, bl, bc or br"), "{err}");
}

/// `nan` and `inf` parse as numbers: a position made of them is refused, also with
/// --clamp (which once wrote `NaN` into the page's content stream, exit 0).
#[test]
fn a_position_that_is_not_a_finite_number_is_refused() {
    let s = Setup::new();
    let input = s.write("a4.pdf", &make_pdf(&[a4()]));
    for at in [
        "nan,50",
        "inf,50",
        "50,-inf",
        "tr:NaN,-20",
        "br:-20,infinity",
    ] {
        let out = s.stamp(&input, "out.pdf", &["--at", at, "--clamp"]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(5), "--at {at}: {err}");
        assert!(err.contains("invalid --at"), "--at {at}: {err}");
        assert!(!s.env.path("out.pdf").exists(), "--at {at} wrote a file");
    }
}

#[test]
fn dry_run_reports_each_seal_and_writes_nothing() {
    let s = Setup::new();
    let input = s.write("two.pdf", &make_pdf(&[a4(), landscape()]));
    let out = s.stamp(
        &input,
        "out.pdf",
        &["--all", "--at", "br:-20,20", "--dry-run"],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!s.env.path("out.pdf").exists(), "a dry run wrote a file");
    let text = String::from_utf8_lossy(&out.stdout);
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let seals = v["seals"]
        .as_array()
        .unwrap_or_else(|| panic!("no seals in {v:#}"));
    assert_eq!(seals.len(), 2, "{v:#}");
    let x_pt = seals[1]["x_pt"].as_f64().unwrap() as f32;
    assert!((x_pt - (842.0 - 35.0 * PT_PER_MM)).abs() < 1.0, "{v:#}");
}

/// The same `pdf stamp` without `--json` (what a person at a terminal reads).
fn stamp_text(s: &Setup, input: &str, args: &[&str]) -> String {
    let (seal, out) = (s.p("seal.png"), s.p("out.pdf"));
    let mut all = vec![
        "pdf", "stamp", input, "--out", &out, "--image", &seal, "--size", "30",
    ];
    all.extend_from_slice(args);
    s.env.ok(&all)
}

#[test]
fn a_dry_run_prints_each_seals_position_as_text() {
    let s = Setup::new();
    let input = s.write("two.pdf", &make_pdf(&[a4(), landscape()]));
    let text = stamp_text(&s, &input, &["--all", "--at", "br:-20,20", "--dry-run"]);
    // 595 × 842 pt pages (209.9 × 297 mm): the seal's centre 35 mm from the right and the
    // bottom edge, in mm from the top-left corner and in pt.
    assert!(
        text.contains("page 1 at (174.9, 262) mm = (495.8, 742.8) pt")
            && text.contains("page 2 at (262, 174.9) mm = (742.8, 495.8) pt"),
        "{text}"
    );
}

#[test]
fn clamp_says_in_text_where_it_moved_the_seal() {
    let s = Setup::new();
    let input = s.write("land.pdf", &make_pdf(&[landscape()]));
    let text = stamp_text(&s, &input, &["--at", "160,250", "--clamp"]);
    assert!(
        text.contains("moved inside page 1 (--clamp): (160, 250) mm → (160, 194.9) mm"),
        "{text}"
    );
}

#[test]
fn an_opaque_picture_is_refused_unless_asked_for() {
    let s = Setup::new();
    let input = s.write("a4.pdf", &make_pdf(&[a4()]));
    // A photo-like picture: red disc on white paper, no transparency.
    let mut img = image::RgbImage::from_pixel(200, 200, image::Rgb([250, 248, 240]));
    for (x, y, p) in img.enumerate_pixels_mut() {
        if (x as i32 - 100).pow(2) + (y as i32 - 100).pow(2) < 80 * 80 {
            *p = image::Rgb([200, 20, 30]);
        }
    }
    img.save(s.env.path("photo.png")).unwrap();
    let (photo, out) = (s.p("photo.png"), s.p("out.pdf"));
    let args = [
        "pdf", "stamp", &input, "--out", &out, "--image", &photo, "--at", "100,100",
    ];
    let err = s.env.fails(5, &args);
    assert!(
        err.contains("no transparent background") && err.contains("seal clean"),
        "{err}"
    );
    assert!(!s.env.path("out.pdf").exists());
    let mut forced = args.to_vec();
    forced.push("--opaque-ok");
    s.env.ok(&forced);
}
