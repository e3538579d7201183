//! Stamping PDFs (D19): positions checked on pages rendered by poppler, structure checked by
//! qpdf, inputs of many producers and shapes, bad input refused cleanly.

use crate::common;
use crate::common::pdf;

use common::*;
use pdf::*;

const DPI: u32 = 100;

fn px_per_mm() -> f32 {
    DPI as f32 / 25.4
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

    /// Stamps `input` into `out` with the red disc (30 mm) and extra args; requires success.
    fn stamp(&self, input: &str, out: &str, args: &[&str]) -> serde_json::Value {
        let seal = self.p("seal.png");
        let outp = self.p(out);
        let mut all = vec![
            "pdf", "stamp", input, "--out", &outp, "--image", &seal, "--size", "30",
        ];
        all.extend_from_slice(args);
        let v = self.env.json(&all);
        qpdf_check(&self.env.path(out));
        v
    }

    fn red_on(&self, out: &str, page: u32) -> Red {
        red(&render(&self.env.path(out), page, DPI))
    }
}

fn assert_center(r: &Red, x_mm: f32, y_mm: f32) {
    let (x, y) = (r.cx / px_per_mm(), r.cy / px_per_mm());
    assert!(r.count > 1000, "no seal found ({} red pixels)", r.count);
    assert!(
        (x - x_mm).abs() <= 1.0 && (y - y_mm).abs() <= 1.0,
        "seal centre at ({x:.2}, {y:.2}) mm, wanted ({x_mm}, {y_mm})"
    );
}

#[test]
fn a_seal_lands_where_asked_measured_from_the_top_left() {
    let s = Setup::new();
    let input = s.write("in.pdf", &make_pdf(&[a4()]));
    s.stamp(&input, "out.pdf", &["--page", "1", "--at", "150,240"]);
    assert_center(&s.red_on("out.pdf", 1), 150.0, 240.0);
}

#[test]
fn points_are_accepted_as_a_unit() {
    let s = Setup::new();
    let input = s.write("in.pdf", &make_pdf(&[a4()]));
    s.stamp(
        &input,
        "out.pdf",
        &["--page", "1", "--at", "300,400", "--unit", "pt"],
    );
    assert_center(
        &s.red_on("out.pdf", 1),
        300.0 * 25.4 / 72.0,
        400.0 * 25.4 / 72.0,
    );
}

#[test]
fn rotated_pages_get_the_seal_at_the_visible_position() {
    let s = Setup::new();
    let pages: Vec<PageSpec> = [0, 90, 180, 270]
        .iter()
        .map(|r| PageSpec { rotate: *r, ..a4() })
        .collect();
    let input = s.write("in.pdf", &make_pdf(&pages));
    s.stamp(&input, "out.pdf", &["--all", "--at", "60,45"]);
    for page in 1..=4 {
        assert_center(&s.red_on("out.pdf", page), 60.0, 45.0);
    }
}

#[test]
fn offset_media_and_crop_boxes_are_measured_from_the_visible_corner() {
    let s = Setup::new();
    let spec = PageSpec {
        media: [100.0, 200.0, 700.0, 1000.0],
        crop: Some([150.0, 250.0, 650.0, 950.0]),
        rotate: 0,
    };
    let rotated = PageSpec {
        media: [100.0, 200.0, 700.0, 1000.0],
        crop: Some([150.0, 250.0, 650.0, 950.0]),
        rotate: 90,
    };
    let input = s.write("in.pdf", &make_pdf(&[spec, rotated]));
    s.stamp(&input, "out.pdf", &["--pages", "1-2", "--at", "50,70"]);
    assert_center(&s.red_on("out.pdf", 1), 50.0, 70.0);
    assert_center(&s.red_on("out.pdf", 2), 50.0, 70.0);
}

#[test]
fn mixed_page_sizes_and_a_page_range_with_last() {
    let s = Setup::new();
    let letter = PageSpec {
        media: [0.0, 0.0, 612.0, 792.0],
        crop: None,
        rotate: 0,
    };
    let a3 = PageSpec {
        media: [0.0, 0.0, 842.0, 1191.0],
        crop: None,
        rotate: 0,
    };
    let input = s.write("in.pdf", &make_pdf(&[a4(), letter, a3, a4()]));
    let v = s.stamp(&input, "out.pdf", &["--pages", "2-3,last", "--at", "40,40"]);
    let pages: Vec<i64> = v["result"]["placed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["page"].as_i64().unwrap())
        .collect();
    assert_eq!(pages, [2, 3, 4]);
    for page in [2, 3, 4] {
        assert_center(&s.red_on("out.pdf", page), 40.0, 40.0);
    }
    assert_eq!(s.red_on("out.pdf", 1).count, 0);
}

#[test]
fn the_image_is_embedded_once_for_all_pages() {
    let s = Setup::new();
    let input = s.write("in.pdf", &make_pdf(&[a4(), a4(), a4(), a4(), a4()]));
    s.stamp(&input, "out.pdf", &["--all", "--at", "100,100"]);
    let doc = lopdf::Document::load(s.env.path("out.pdf")).unwrap();
    let images = doc
        .objects
        .values()
        .filter(|o| {
            o.as_stream().is_ok_and(|st| {
                st.dict
                    .get(b"Subtype")
                    .and_then(|t| t.as_name())
                    .is_ok_and(|n| n == b"Image")
            })
        })
        .count();
    assert_eq!(images, 2, "one image and its SMask");
}

#[test]
fn the_output_is_an_incremental_update_of_the_input() {
    let s = Setup::new();
    let original = make_pdf(&[a4()]);
    let input = s.write("in.pdf", &original);
    s.stamp(&input, "out.pdf", &["--at", "100,100"]);
    let out = std::fs::read(s.env.path("out.pdf")).unwrap();
    assert!(
        out.starts_with(&original),
        "the original bytes must be kept as they are"
    );
}

#[test]
fn cross_page_strips_reassemble_the_seal() {
    let s = Setup::new();
    let input = s.write("in.pdf", &make_pdf(&[a4(), a4(), a4()]));
    s.stamp(&input, "out.pdf", &["--cross-page", "--along", "120"]);
    let full_width_px = 30.0 * px_per_mm();
    let strip_px = full_width_px / 3.0;
    let mut total = 0;
    let mut rows = Vec::new();
    for page in 1..=3 {
        let img = render(&s.env.path("out.pdf"), page, DPI);
        let r = red(&img);
        total += r.count;
        // Each strip hugs the right edge and is one third of the seal wide.
        assert!(
            img.width() - r.max_x <= 2,
            "page {page}: strip not on the right edge"
        );
        let width = (r.max_x - r.min_x + 1) as f32;
        assert!(
            (width - strip_px).abs() <= 3.0,
            "page {page}: strip {width} px, wanted {strip_px}"
        );
        rows.push((r.min_y, r.max_y));
    }
    // Vertically aligned: the middle strip spans the whole seal; the outer ones are inside it.
    let (mid_min, mid_max) = rows[1];
    assert!(((mid_min + mid_max) as f32 / 2.0 / px_per_mm() - 120.0).abs() <= 1.0);
    for (lo, hi) in [rows[0], rows[2]] {
        assert!(lo >= mid_min && hi <= mid_max);
    }
    // Together the strips hold the whole seal.
    let s2 = Setup::new();
    let single = s2.write("one.pdf", &make_pdf(&[a4()]));
    s2.stamp(&single, "whole.pdf", &["--at", "100,120"]);
    let whole = s2.red_on("whole.pdf", 1).count as f64;
    assert!(
        (total as f64 - whole).abs() / whole < 0.05,
        "strips {total} px vs whole seal {whole} px"
    );
}

#[test]
fn cross_page_on_the_left_edge() {
    let s = Setup::new();
    let input = s.write("in.pdf", &make_pdf(&[a4(), a4()]));
    s.stamp(&input, "out.pdf", &["--cross-page", "left"]);
    for page in 1..=2 {
        let r = s.red_on("out.pdf", page);
        assert!(
            r.count > 100 && r.min_x <= 1,
            "page {page}: strip not on the left edge"
        );
    }
}

#[test]
fn opacity_lightens_the_ink() {
    let s = Setup::new();
    let input = s.write("in.pdf", &make_pdf(&[a4()]));
    s.stamp(&input, "out.pdf", &["--at", "100,100", "--opacity", "0.5"]);
    let img = render(&s.env.path("out.pdf"), 1, DPI);
    let c = (100.0 * px_per_mm()) as u32;
    let p = img.get_pixel(c, c).0;
    assert!(
        (p[1] as i32 - 128).abs() < 20,
        "half-transparent red over white should be pink, got {p:?}"
    );
}

fn variant(s: &Setup, name: &str, qpdf_args: &[&str]) -> String {
    let base = s.write("base.pdf", &make_pdf(&[a4(), a4()]));
    let out = s.p(name);
    let mut args: Vec<&str> = qpdf_args.to_vec();
    args.push(&base);
    args.push(&out);
    qpdf(&args);
    out
}

#[test]
fn object_streams_and_xref_streams_are_stamped() {
    let s = Setup::new();
    let input = variant(&s, "objstm.pdf", &["--object-streams=generate"]);
    s.stamp(&input, "out.pdf", &["--page", "2", "--at", "80,80"]);
    assert_center(&s.red_on("out.pdf", 2), 80.0, 80.0);
}

#[test]
fn linearized_files_are_stamped() {
    let s = Setup::new();
    let input = variant(&s, "lin.pdf", &["--linearize"]);
    s.stamp(&input, "out.pdf", &["--page", "1", "--at", "80,80"]);
    assert_center(&s.red_on("out.pdf", 1), 80.0, 80.0);
}

#[test]
fn an_incrementally_updated_input_is_stamped() {
    let s = Setup::new();
    let first = s.write("first.pdf", &make_pdf(&[a4()]));
    s.stamp(&first, "second.pdf", &["--at", "40,40"]);
    s.stamp(&s.p("second.pdf"), "third.pdf", &["--at", "150,200"]);
    let r = s.red_on("third.pdf", 1);
    assert!(
        r.min_x < (60.0 * px_per_mm()) as u32 && r.max_x > (160.0 * px_per_mm()) as u32,
        "both seals present"
    );
}

#[test]
fn an_owner_password_only_pdf_is_stamped() {
    let s = Setup::new();
    let input = variant(
        &s,
        "owner.pdf",
        &["--encrypt", "", "owner-secret", "256", "--"],
    );
    s.stamp(&input, "out.pdf", &["--page", "1", "--at", "80,80"]);
    assert_center(&s.red_on("out.pdf", 1), 80.0, 80.0);
}

#[test]
fn a_user_password_pdf_needs_the_password_file() {
    let s = Setup::new();
    let input = variant(
        &s,
        "user.pdf",
        &["--encrypt", "open-me", "owner-secret", "256", "--"],
    );
    let seal = s.p("seal.png");
    let out = s.p("out.pdf");
    let err = s.env.fails(
        5,
        &[
            "pdf", "stamp", &input, "--out", &out, "--image", &seal, "--at", "80,80",
        ],
    );
    assert!(err.contains("--password-file"), "{err}");
    std::fs::write(s.env.path("pw"), "open-me\n").unwrap();
    s.env.ok(&[
        "pdf",
        "stamp",
        &input,
        "--out",
        &out,
        "--image",
        &seal,
        "--at",
        "80,80",
        "--password-file",
        &s.p("pw"),
    ]);
    // The output stays protected by the same password.
    qpdf_check_with_password(&s.env.path("out.pdf"), Some("open-me"));
    let plain = std::process::Command::new("qpdf")
        .args(["--check", &out])
        .output()
        .unwrap();
    assert!(
        !plain.status.success(),
        "the stamped copy must still need the password"
    );
    std::fs::remove_file(s.env.path("out.pdf")).unwrap();
    let wrong = s.write("wrong", b"nope\n");
    let err = s.env.fails(
        5,
        &[
            "pdf",
            "stamp",
            &input,
            "--out",
            &out,
            "--image",
            &seal,
            "--at",
            "80,80",
            "--password-file",
            &wrong,
        ],
    );
    assert!(err.contains("wrong PDF password"), "{err}");
}

#[test]
fn bad_inputs_get_clear_errors_and_no_output() {
    let s = Setup::new();
    let seal = s.p("seal.png");
    let out = s.p("out.pdf");
    let good = make_pdf(&[a4()]);
    for (name, bytes, msg) in [
        ("empty.pdf", Vec::new(), "empty"),
        ("text.pdf", b"hello, not a pdf".to_vec(), "not a PDF"),
        (
            "truncated.pdf",
            good[..good.len() / 3].to_vec(),
            "damaged or truncated",
        ),
    ] {
        let input = s.write(name, &bytes);
        let err = s.env.fails(
            5,
            &[
                "pdf", "stamp", &input, "--out", &out, "--image", &seal, "--at", "10,10",
            ],
        );
        assert!(err.contains(msg), "{name}: {err}");
        assert!(
            !s.env.path("out.pdf").exists(),
            "{name}: an output was written"
        );
    }
}

#[test]
fn a_page_out_of_range_is_refused() {
    let s = Setup::new();
    let input = s.write("in.pdf", &make_pdf(&[a4(), a4()]));
    let (seal, out) = (s.p("seal.png"), s.p("out.pdf"));
    let err = s.env.fails(
        5,
        &[
            "pdf", "stamp", &input, "--out", &out, "--image", &seal, "--page", "3", "--at", "10,10",
        ],
    );
    assert!(err.contains("2 pages"), "{err}");
}

#[test]
fn the_input_is_never_the_output() {
    let s = Setup::new();
    let input = s.write("in.pdf", &make_pdf(&[a4()]));
    let seal = s.p("seal.png");
    let err = s.env.fails(
        5,
        &[
            "pdf", "stamp", &input, "--out", &input, "--image", &seal, "--at", "10,10", "--force",
        ],
    );
    assert!(err.contains("is an input of this command"), "{err}");
    assert_eq!(std::fs::read(&input).unwrap(), make_pdf(&[a4()]));
}

#[test]
fn an_unwritable_output_directory_is_a_clear_error() {
    let s = Setup::new();
    let input = s.write("in.pdf", &make_pdf(&[a4()]));
    let seal = s.p("seal.png");
    let err = s.env.fails(
        5,
        &[
            "pdf",
            "stamp",
            &input,
            "--out",
            "/proc/out.pdf",
            "--image",
            &seal,
            "--at",
            "100,100",
        ],
    );
    assert!(err.contains("cannot write"), "{err}");
}

#[test]
fn a_batch_stamps_every_file_reports_failures_and_exits_non_zero() {
    let s = Setup::new();
    let dir = s.env.path("inbox");
    std::fs::create_dir(&dir).unwrap();
    for i in 1..=4 {
        std::fs::write(dir.join(format!("doc{i}.pdf")), make_pdf(&[a4(), a4()])).unwrap();
    }
    std::fs::write(dir.join("broken.pdf"), b"%PDF-1.7 garbage").unwrap();
    let (seal, out_dir) = (s.p("seal.png"), s.p("outbox"));
    let out = s.env.run(&[
        "--json",
        "pdf",
        "stamp",
        dir.to_str().unwrap(),
        "--out-dir",
        &out_dir,
        "--image",
        &seal,
        "--all",
        "--at",
        "50,50",
        "--jobs",
        "2",
    ]);
    assert_eq!(out.status.code(), Some(5));
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 6, "5 files, then the batch's error line");
    assert_eq!(lines.iter().filter(|l| l["ok"] == true).count(), 4);
    assert_eq!(lines[5]["error"]["kind"], "partial");
    for i in 1..=4 {
        qpdf_check(&s.env.path(&format!("outbox/doc{i}.pdf")));
    }
    assert!(!s.env.path("outbox/broken.pdf").exists());
}

fn fixture(name: &str) -> String {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

#[test]
fn a_keyword_stamp_is_centred_on_the_text_in_a_cid_font_pdf() {
    // reportlab_stsong.pdf: 盖章处 at 12 pt, baseline (400, 150) on page 2 (A4), STSong-Light.
    let s = Setup::new();
    let v = s.stamp(
        &fixture("reportlab_stsong.pdf"),
        "out.pdf",
        &["--keyword", "盖章处"],
    );
    let placed = &v["result"]["placed"][0];
    assert_eq!(placed["page"], 2);
    let (x, y) = (
        placed["x_mm"].as_f64().unwrap(),
        placed["y_mm"].as_f64().unwrap(),
    );
    let mm = 25.4 / 72.0;
    assert!((x - 418.0 * mm).abs() < 1.5, "x {x}");
    assert!((y - (842.0 - 154.0) * mm).abs() < 1.5, "y {y}");
    assert_center(&s.red_on("out.pdf", 2), x as f32, y as f32);
}

#[test]
fn every_occurrence_of_a_keyword_can_be_stamped() {
    let s = Setup::new();
    let v = s.stamp(
        &fixture("reportlab_stsong.pdf"),
        "out.pdf",
        &["--keyword", "盖章处", "--occurrence", "all"],
    );
    assert_eq!(v["result"]["placed"].as_array().unwrap().len(), 3);
    let v = s.stamp(
        &fixture("reportlab_stsong.pdf"),
        "out2.pdf",
        &[
            "--keyword",
            "盖章处",
            "--occurrence",
            "2",
            "--offset",
            "10,-5",
        ],
    );
    assert_eq!(v["result"]["placed"].as_array().unwrap().len(), 1);
}

#[test]
fn keywords_are_found_in_pdfs_of_other_producers() {
    let s = Setup::new();
    for (file, page) in [("fpdf2_ttf_subset.pdf", 1), ("libreoffice.pdf", 2)] {
        let v = s.stamp(
            &fixture(file),
            &format!("{file}.out.pdf"),
            &["--keyword", "盖章处"],
        );
        assert_eq!(v["result"]["placed"][0]["page"], page, "{file}");
        let p = &v["result"]["placed"][0];
        assert_center(
            &s.red_on(&format!("{file}.out.pdf"), page),
            p["x_mm"].as_f64().unwrap() as f32,
            p["y_mm"].as_f64().unwrap() as f32,
        );
    }
}

#[test]
fn an_absent_keyword_fails_unless_allowed() {
    let s = Setup::new();
    let (seal, out) = (s.p("seal.png"), s.p("out.pdf"));
    let input = fixture("reportlab_stsong.pdf");
    let err = s.env.fails(
        3,
        &[
            "pdf",
            "stamp",
            &input,
            "--out",
            &out,
            "--image",
            &seal,
            "--keyword",
            "不存在的词",
        ],
    );
    assert!(err.contains("not found"), "{err}");
    assert!(!s.env.path("out.pdf").exists());
    s.env.ok(&[
        "pdf",
        "stamp",
        &input,
        "--out",
        &out,
        "--image",
        &seal,
        "--keyword",
        "不存在的词",
        "--allow-missing",
    ]);
    assert_eq!(std::fs::read(&out).unwrap(), std::fs::read(&input).unwrap());
}

/// The demo contract with `junk` inserted before its first object: every offset in the
/// cross-reference table is now wrong by its length.
fn shifted_offsets(junk: &[u8]) -> Vec<u8> {
    let contract = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/contract.pdf");
    let good = std::fs::read(contract).unwrap();
    let at = good.windows(7).position(|w| w == b"1 0 obj").unwrap();
    [&good[..at], junk, &good[at..]].concat()
}

#[test]
fn a_large_pdf_with_a_broken_cross_reference_table_is_refused_before_anything_is_written() {
    // Issue 17: read lazily (its images stay in the file), a large PDF's cross-reference data
    // is still checked before the output is started: no output, no temporary file.
    let s = Setup::new();
    let big = crate::pdf_sign::big_pdf(3, 1, 4_000_000);
    let at = big.windows(7).position(|w| w == b"1 0 obj").unwrap();
    let junk = b"% forty bytes that move every object.\n".as_slice();
    let input = s.write("large.pdf", &[&big[..at], junk, &big[at..]].concat());
    let (out, seal) = (s.p("out.pdf"), s.p("seal.png"));
    let err = s.env.fails(
        5,
        &[
            "pdf", "stamp", &input, "--out", &out, "--image", &seal, "--all", "--at", "50,50",
        ],
    );
    assert!(err.contains("cross-reference table is damaged"), "{err}");
    let written: Vec<_> = std::fs::read_dir(s.env.path(""))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("out") || n.starts_with(".catool-"))
        .collect();
    assert!(written.is_empty(), "{written:?}");
}

#[test]
fn a_pdf_whose_cross_reference_table_had_to_be_rebuilt_is_refused_not_damaged_further() {
    // Found by fuzzing: the appended revision pointed back at the broken table, and the
    // output had no readable /Root.
    let s = Setup::new();
    let input = s.write(
        "shifted.pdf",
        &shifted_offsets(b"% forty bytes that move every object.\n"),
    );
    let (out, seal) = (s.p("out.pdf"), s.p("seal.png"));
    let err = s.env.fails(
        5,
        &[
            "pdf", "stamp", &input, "--out", &out, "--image", &seal, "--page", "1", "--at", "50,50",
        ],
    );
    assert!(
        err.contains("cross-reference table is damaged") && err.contains("qpdf"),
        "{err}"
    );
    assert!(!s.env.path("out.pdf").exists());
    // The repair it suggests works, and the repaired copy stamps.
    pdf::qpdf(&[&input, &s.p("repaired.pdf")]);
    s.stamp(
        &s.p("repaired.pdf"),
        "out.pdf",
        &["--page", "1", "--at", "50,50"],
    );
}

#[test]
fn a_startxref_a_few_bytes_off_is_corrected_and_the_output_is_sound() {
    let s = Setup::new();
    let mut bytes = make_pdf(&[a4()]);
    let at = bytes.windows(9).rposition(|w| w == b"startxref").unwrap() + 10;
    let end = at + bytes[at..].iter().position(|b| *b == b'\n').unwrap();
    let offset: usize = std::str::from_utf8(&bytes[at..end])
        .unwrap()
        .parse()
        .unwrap();
    bytes.splice(at..end, (offset - 3).to_string().into_bytes());
    let input = s.write("off.pdf", &bytes);
    s.stamp(&input, "out.pdf", &["--page", "1", "--at", "50,50"]);
    assert_center(&s.red_on("out.pdf", 1), 50.0, 50.0);
}
