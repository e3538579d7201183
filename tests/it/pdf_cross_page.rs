//! Cross-page seals (骑缝章, D19) that stay recognisable: the strips of each group, cut back
//! out of the pages rendered by poppler and put side by side, are the seal again (IoU ≥ 0.9
//! against the seal's own shape) on every edge, on pages of different sizes and rotations;
//! long documents are grouped so strips stay wide; `--split-ratio`, `--with-full-seal`,
//! `--dry-run` and `--json` say and do what they claim; bad input is refused in one line and
//! nothing is written for that file.

use crate::common;
use crate::common::contract;
use crate::common::pdf;

use catool::pdf::cross_page::Edge;
use common::*;
use pdf::*;
use serde_json::Value;

const DPI: u32 = 150;
const SEAL_MM: f32 = 30.0;
const PT_PER_MM: f32 = 72.0 / 25.4;

/// The test seal's shape on the unit square (x right, y down): a ring, a block inside it at
/// the upper left and a bar at the lower right — no mirror image or half turn of it matches
/// itself, so strips put back in the wrong order or the wrong way round do not pass.
fn inked(u: f32, v: f32) -> bool {
    let r = ((u - 0.5).powi(2) + (v - 0.5).powi(2)).sqrt();
    (0.36..=0.48).contains(&r)
        || ((0.22..=0.45).contains(&u) && (0.30..=0.50).contains(&v))
        || ((0.50..=0.75).contains(&u) && (0.60..=0.68).contains(&v))
}

fn is_red(p: &image::Rgb<u8>) -> bool {
    let [r, g, b] = p.0;
    r > 150 && g < 100 && b < 100
}

fn a5() -> PageSpec {
    PageSpec {
        media: [0.0, 0.0, 420.0, 595.0],
        crop: None,
        rotate: 0,
    }
}

fn landscape() -> PageSpec {
    PageSpec {
        media: [0.0, 0.0, 842.0, 595.0],
        crop: None,
        rotate: 0,
    }
}

/// A4 portrait, A4 landscape, A5, A4 turned by /Rotate 90 (shown landscape) and A4 whose
/// CropBox is offset inside a larger MediaBox.
fn mixed() -> Vec<PageSpec> {
    vec![
        a4(),
        landscape(),
        a5(),
        PageSpec { rotate: 90, ..a4() },
        PageSpec {
            media: [0.0, 0.0, 700.0, 950.0],
            crop: Some([50.0, 60.0, 645.0, 902.0]),
            rotate: 0,
        },
    ]
}

/// The size (mm) of a page as displayed.
fn shown_mm(p: &PageSpec) -> (f32, f32) {
    let b = p.crop.unwrap_or(p.media);
    let (w, h) = ((b[2] - b[0]) / PT_PER_MM, (b[3] - b[1]) / PT_PER_MM);
    if p.rotate % 180 == 0 { (w, h) } else { (h, w) }
}

/// A rectangle in mm from the displayed page's top-left corner.
#[derive(Clone, Copy, Debug)]
struct Rect {
    x: f32,
    y: f32,
    w: f32,
    h: f32,
}

/// Where strip `inner..outer` (shares of the seal from its inner side) of a square seal
/// centred `along` the edge must show on a page of `size` (mm), and where that part lies in
/// the seal itself.
fn expected_strip(
    edge: Edge,
    size: (f32, f32),
    along: f32,
    inner: f32,
    outer: f32,
) -> (Rect, Rect) {
    let (pw, ph) = size;
    let deep = (outer - inner) * SEAL_MM;
    let a0 = along - SEAL_MM / 2.0;
    let on_page = match edge {
        Edge::Right => Rect {
            x: pw - deep,
            y: a0,
            w: deep,
            h: SEAL_MM,
        },
        Edge::Left => Rect {
            x: 0.0,
            y: a0,
            w: deep,
            h: SEAL_MM,
        },
        Edge::Top => Rect {
            x: a0,
            y: 0.0,
            w: SEAL_MM,
            h: deep,
        },
        Edge::Bottom => Rect {
            x: a0,
            y: ph - deep,
            w: SEAL_MM,
            h: deep,
        },
    };
    // Page 1 of a group shows the seal's inner part: its left part for the right edge, its
    // right part for the left edge, its bottom part for the top edge, its top for the bottom.
    let in_seal = match edge {
        Edge::Right => Rect {
            x: inner * SEAL_MM,
            y: 0.0,
            w: deep,
            h: SEAL_MM,
        },
        Edge::Left => Rect {
            x: (1.0 - outer) * SEAL_MM,
            y: 0.0,
            w: deep,
            h: SEAL_MM,
        },
        Edge::Top => Rect {
            x: 0.0,
            y: (1.0 - outer) * SEAL_MM,
            w: SEAL_MM,
            h: deep,
        },
        Edge::Bottom => Rect {
            x: 0.0,
            y: inner * SEAL_MM,
            w: SEAL_MM,
            h: deep,
        },
    };
    (on_page, in_seal)
}

/// The seal put back together from the rendered `pages` (numbers, with their displayed sizes)
/// of one group, each showing the strip `shares[k]..shares[k + 1]`; returns the IoU of its red
/// ink against the seal's shape.
fn reassembled_iou(
    file: &std::path::Path,
    edge: Edge,
    pages: &[(u32, (f32, f32))],
    along: f32,
    shares: &[f32],
) -> f32 {
    let k = DPI as f32 / 25.4;
    let side = (SEAL_MM * k).round() as u32;
    let mut canvas = image::RgbImage::from_pixel(side, side, image::Rgb([255, 255, 255]));
    for (i, &(page, size)) in pages.iter().enumerate() {
        let img = render(file, page, DPI);
        let (on_page, in_seal) = expected_strip(edge, size, along, shares[i], shares[i + 1]);
        for (cx, cy, p) in canvas.enumerate_pixels_mut() {
            let (sx, sy) = ((cx as f32 + 0.5) / k, (cy as f32 + 0.5) / k);
            let inside = sx >= in_seal.x
                && sx < in_seal.x + in_seal.w
                && sy >= in_seal.y
                && sy < in_seal.y + in_seal.h;
            if !inside {
                continue;
            }
            let px = ((on_page.x + sx - in_seal.x) * k) as u32;
            let py = ((on_page.y + sy - in_seal.y) * k) as u32;
            *p = *img.get_pixel(px.min(img.width() - 1), py.min(img.height() - 1));
        }
    }
    iou(&canvas)
}

/// IoU of the red ink in `img` (the seal, scaled to fill it) against the seal's shape.
fn iou(img: &image::RgbImage) -> f32 {
    let (w, h) = img.dimensions();
    let (mut both, mut either) = (0u32, 0u32);
    for (x, y, p) in img.enumerate_pixels() {
        let want = inked((x as f32 + 0.5) / w as f32, (y as f32 + 0.5) / h as f32);
        let got = is_red(p);
        both += u32::from(want && got);
        either += u32::from(want || got);
    }
    both as f32 / either.max(1) as f32
}

/// The region `r` (mm) of a rendered page, as an image.
fn cut(img: &image::RgbImage, r: Rect) -> image::RgbImage {
    let k = DPI as f32 / 25.4;
    image::imageops::crop_imm(
        img,
        (r.x * k).round() as u32,
        (r.y * k).round() as u32,
        (r.w * k).round() as u32,
        (r.h * k).round() as u32,
    )
    .to_image()
}

fn equal_shares(n: usize) -> Vec<f32> {
    (0..=n).map(|i| i as f32 / n as f32).collect()
}

struct Setup {
    env: Env,
}

impl Setup {
    fn new() -> Setup {
        let env = Env::new();
        std::fs::write(env.path("seal.png"), seal_png(400, inked)).unwrap();
        Setup { env }
    }

    fn write(&self, name: &str, pages: &[PageSpec]) -> String {
        std::fs::write(self.env.path(name), make_pdf(pages)).unwrap();
        self.p(name)
    }

    fn p(&self, name: &str) -> String {
        self.env.path(name).to_string_lossy().into_owned()
    }

    /// `pdf stamp IN --out OUT` with the 30 mm test seal and `args`; the raw output.
    fn run(&self, input: &str, out: &str, args: &[&str]) -> std::process::Output {
        let (seal, outp) = (self.p("seal.png"), self.p(out));
        let mut all = vec![
            "--json", "pdf", "stamp", input, "--out", &outp, "--image", &seal, "--size", "30",
        ];
        all.extend_from_slice(args);
        self.env.run(&all)
    }

    /// As [`Setup::run`], requiring success; the JSON result, the output checked by qpdf.
    fn stamp(&self, input: &str, out: &str, args: &[&str]) -> Value {
        let o = self.run(input, out, args);
        assert!(
            o.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        qpdf_check(&self.env.path(out));
        serde_json::from_slice(&o.stdout).unwrap()
    }

    /// As [`Setup::run`], requiring exit 5, one error on stderr (its line, its hint) and no
    /// output file.
    fn refused(&self, input: &str, args: &[&str]) -> String {
        let o = self.run(input, "out.pdf", args);
        let err = String::from_utf8_lossy(&o.stderr).into_owned();
        assert_eq!(o.status.code(), Some(5), "{args:?}: {err}");
        assert!(is_one_error(&err), "one error: {err}");
        assert!(!self.env.path("out.pdf").exists(), "nothing may be written");
        err
    }
}

fn group_pages(v: &Value) -> Vec<Vec<u64>> {
    v["result"]["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            g["pages"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| p.as_u64().unwrap())
                .collect()
        })
        .collect()
}

/// Stamps `pages` on `edge` (one group), checks the JSON strips where they must be, and
/// that the rendered strips reassemble the seal.
fn assert_reassembles(edge: Edge, pages: Vec<PageSpec>) {
    let s = Setup::new();
    let input = s.write("in.pdf", &pages);
    let v = s.stamp(&input, "out.pdf", &["--cross-page", edge.name()]);
    let sizes: Vec<(u32, (f32, f32))> = pages
        .iter()
        .enumerate()
        .map(|(i, p)| (i as u32 + 1, shown_mm(p)))
        .collect();
    // Default position: the middle of the shortest page along the edge.
    let along = sizes
        .iter()
        .map(|(_, (w, h))| if edge.vertical() { *h } else { *w })
        .fold(f32::INFINITY, f32::min)
        / 2.0;
    let shares = equal_shares(pages.len());
    let group = &v["result"]["groups"][0];
    assert_eq!(group["edge"], edge.name(), "{v:#}");
    for (k, &(page, size)) in sizes.iter().enumerate() {
        let (want, _) = expected_strip(edge, size, along, shares[k], shares[k + 1]);
        let got = &group["strips"][k];
        assert_eq!(got["page"], page);
        for (field, value) in [
            ("x_mm", want.x),
            ("y_mm", want.y),
            ("w_mm", want.w),
            ("h_mm", want.h),
        ] {
            let g = got[field].as_f64().unwrap() as f32;
            assert!(
                (g - value).abs() < 0.05,
                "page {page} {field}: {g} vs {value}"
            );
        }
    }
    let score = reassembled_iou(&s.env.path("out.pdf"), edge, &sizes, along, &shares);
    assert!(score >= 0.9, "{edge:?}: IoU {score}");
}

#[test]
fn strips_on_the_right_edge_reassemble_the_seal() {
    assert_reassembles(Edge::Right, vec![a4(), a4(), a4()]);
}

#[test]
fn strips_on_the_left_edge_reassemble_the_seal() {
    assert_reassembles(Edge::Left, vec![a4(), a4(), a4()]);
}

#[test]
fn strips_on_the_top_edge_reassemble_the_seal() {
    assert_reassembles(Edge::Top, vec![a4(), a4(), a4()]);
}

#[test]
fn strips_on_the_bottom_edge_reassemble_the_seal() {
    assert_reassembles(Edge::Bottom, vec![a4(), a4(), a4()]);
}

#[test]
fn pages_of_different_sizes_and_a_rotated_page_reassemble_on_the_right_edge() {
    assert_reassembles(Edge::Right, mixed());
}

#[test]
fn pages_of_different_sizes_and_a_rotated_page_reassemble_on_the_top_edge() {
    assert_reassembles(Edge::Top, mixed());
}

#[test]
fn a_30_page_document_gets_5_seals_of_6_strips_by_default() {
    let s = Setup::new();
    let pages: Vec<PageSpec> = (0..30).map(|_| a4()).collect();
    let input = s.write("in.pdf", &pages);
    let v = s.stamp(&input, "out.pdf", &["--cross-page"]);
    let want: Vec<Vec<u64>> = (0..5).map(|g| (g * 6 + 1..=g * 6 + 6).collect()).collect();
    assert_eq!(group_pages(&v), want);
    let size = shown_mm(&a4());
    for group in &want {
        let pages: Vec<(u32, (f32, f32))> = group.iter().map(|&p| (p as u32, size)).collect();
        let score = reassembled_iou(
            &s.env.path("out.pdf"),
            Edge::Right,
            &pages,
            size.1 / 2.0,
            &equal_shares(6),
        );
        assert!(score >= 0.9, "pages {group:?}: IoU {score}");
    }
}

#[test]
fn pages_per_seal_balances_groups_instead_of_leaving_a_short_one() {
    let s = Setup::new();
    let pages: Vec<PageSpec> = (0..31).map(|_| a4()).collect();
    let input = s.write("in.pdf", &pages);
    let v = s.stamp(
        &input,
        "out.pdf",
        &["--cross-page", "--pages-per-seal", "6"],
    );
    let sizes: Vec<usize> = group_pages(&v).iter().map(Vec::len).collect();
    assert_eq!(sizes, vec![6, 5, 5, 5, 5, 5]);
}

#[test]
fn split_ratio_puts_that_share_of_the_seal_on_each_groups_first_page() {
    let s = Setup::new();
    let input = s.write("in.pdf", &[a4(), a4(), a4()]);
    let v = s.stamp(&input, "out.pdf", &["--cross-page", "--split-ratio", "0.5"]);
    let widths: Vec<f64> = v["result"]["groups"][0]["strips"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["w_mm"].as_f64().unwrap())
        .collect();
    assert_eq!(widths, vec![15.0, 7.5, 7.5]);
    let size = shown_mm(&a4());
    let pages: Vec<(u32, (f32, f32))> = (1..=3).map(|p| (p, size)).collect();
    let score = reassembled_iou(
        &s.env.path("out.pdf"),
        Edge::Right,
        &pages,
        size.1 / 2.0,
        &[0.0, 0.5, 0.75, 1.0],
    );
    assert!(score >= 0.9, "IoU {score}");
}

#[test]
fn with_full_seal_the_whole_seal_is_on_the_first_page_of_each_group() {
    let s = Setup::new();
    let pages: Vec<PageSpec> = (0..12).map(|_| a4()).collect();
    let input = s.write("in.pdf", &pages);
    let v = s.stamp(
        &input,
        "out.pdf",
        &["--cross-page", "--pages-per-seal", "6", "--with-full-seal"],
    );
    let (w, h) = shown_mm(&a4());
    // The default place: br:-20,20, the seal's bottom-right corner 20 mm in from the page's.
    let whole = Rect {
        x: w - 20.0 - SEAL_MM,
        y: h - 20.0 - SEAL_MM,
        w: SEAL_MM,
        h: SEAL_MM,
    };
    for (group, first) in [(0, 1), (1, 7)] {
        let full = &v["result"]["groups"][group]["full_seal"];
        assert_eq!(full["page"], first, "{v:#}");
        for (field, want) in [("x_mm", whole.x), ("y_mm", whole.y)] {
            let got = full[field].as_f64().unwrap() as f32;
            assert!((got - want).abs() < 0.05, "{field}: {got} vs {want}");
        }
        let img = render(&s.env.path("out.pdf"), first, DPI);
        let score = iou(&cut(&img, whole));
        assert!(score >= 0.9, "page {first}: whole seal IoU {score}");
    }
    let second = render(&s.env.path("out.pdf"), 2, DPI);
    assert_eq!(
        red(&cut(&second, whole)).count,
        0,
        "only first pages carry it"
    );
}

#[test]
fn a_whole_seal_placed_over_the_strip_is_refused() {
    let s = Setup::new();
    let input = s.write("in.pdf", &[a4(), a4()]);
    let err = s.refused(
        &input,
        &["--cross-page", "--with-full-seal", "--at", "r:0,0"],
    );
    assert!(err.contains("would cover the cross-page strip"), "{err}");
}

#[test]
fn dry_run_reports_groups_and_strips_in_mm_and_writes_nothing() {
    let s = Setup::new();
    let pages: Vec<PageSpec> = (0..12).map(|_| a4()).collect();
    let input = s.write("in.pdf", &pages);
    let o = s.run(
        &input,
        "out.pdf",
        &["--cross-page", "top", "--with-full-seal", "--dry-run"],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(!s.env.path("out.pdf").exists());
    let row: Value = serde_json::from_slice(&o.stdout).unwrap();
    let groups = row["groups"].as_array().unwrap();
    assert_eq!(groups.len(), 2, "{row:#}");
    let strip = &groups[0]["strips"][0];
    assert_eq!(strip["page"], 1);
    assert_eq!(
        (strip["y_mm"].as_f64(), strip["h_mm"].as_f64()),
        (Some(0.0), Some(5.0))
    );
    assert_eq!(groups[1]["full_seal"]["page"], 7);
    // People get the same plan as text.
    let text = s.env.ok(&[
        "pdf",
        "stamp",
        &input,
        "--image",
        &s.p("seal.png"),
        "--size",
        "30",
        "--cross-page",
        "top",
        "--dry-run",
    ]);
    assert!(
        text.contains("骑缝章 2 on the top edge: pages 7-12"),
        "{text}"
    );
    assert!(
        text.contains("page 7 strip 30×5 mm, top-left corner at (90, 0) mm"),
        "{text}"
    );
}

#[test]
fn pages_per_seal_0_is_refused() {
    let s = Setup::new();
    let input = s.write("in.pdf", &[a4(), a4()]);
    let err = s.refused(&input, &["--cross-page", "--pages-per-seal", "0"]);
    assert!(err.contains("--pages-per-seal 0"), "{err}");
}

#[test]
fn pages_per_seal_above_the_page_count_is_refused() {
    let s = Setup::new();
    let input = s.write("in.pdf", &[a4(), a4(), a4()]);
    let err = s.refused(&input, &["--cross-page", "--pages-per-seal", "4"]);
    assert!(err.contains("more than the 3 pages"), "{err}");
}

#[test]
fn a_split_ratio_outside_0_to_1_is_refused() {
    let s = Setup::new();
    let input = s.write("in.pdf", &[a4(), a4()]);
    for r in ["0", "1", "1.5", "-0.25"] {
        let err = s.refused(&input, &["--cross-page", "--split-ratio", r]);
        assert!(err.contains("--split-ratio"), "{r}: {err}");
    }
}

#[test]
fn a_one_page_document_is_refused_for_a_cross_page_seal() {
    let s = Setup::new();
    let input = s.write("in.pdf", &[a4()]);
    let err = s.refused(&input, &["--cross-page"]);
    assert!(err.contains("at least two pages"), "{err}");
}

#[test]
fn strips_narrower_than_the_minimum_are_refused_when_pages_per_seal_is_given() {
    let s = Setup::new();
    let pages: Vec<PageSpec> = (0..10).map(|_| a4()).collect();
    let input = s.write("in.pdf", &pages);
    let err = s.refused(&input, &["--cross-page", "--pages-per-seal", "10"]);
    assert!(
        err.contains("3.0 mm") && err.contains("--pages-per-seal 6 or fewer"),
        "{err}"
    );
    // A lower minimum is the operator's explicit choice.
    let v = s.stamp(
        &input,
        "out.pdf",
        &[
            "--cross-page",
            "--pages-per-seal",
            "10",
            "--min-strip-mm",
            "3",
        ],
    );
    assert_eq!(group_pages(&v).len(), 1);
}

#[test]
fn a_batch_writes_nothing_for_the_refused_file_and_stamps_the_others() {
    let s = Setup::new();
    std::fs::create_dir(s.env.path("inbox")).unwrap();
    std::fs::write(s.env.path("inbox/one.pdf"), make_pdf(&[a4()])).unwrap();
    std::fs::write(s.env.path("inbox/three.pdf"), make_pdf(&[a4(), a4(), a4()])).unwrap();
    let o = s.env.run(&[
        "pdf",
        "stamp",
        &s.p("inbox"),
        "--out-dir",
        &s.p("out"),
        "--image",
        &s.p("seal.png"),
        "--size",
        "30",
        "--cross-page",
        "--pages-per-seal",
        "3",
    ]);
    assert_eq!(o.status.code(), Some(5));
    let err = String::from_utf8_lossy(&o.stderr);
    // One line for the file (the summary after the batch quotes the first failure again).
    let one = s.p("inbox/one.pdf");
    let failures: Vec<&str> = err.lines().filter(|l| l.starts_with(&one)).collect();
    assert_eq!(failures.len(), 1, "{err}");
    assert!(!s.env.path("out/one.pdf").exists());
    assert!(s.env.path("out/three.pdf").exists());
}

#[test]
fn the_older_edge_flag_still_chooses_the_edge() {
    let s = Setup::new();
    let input = s.write("in.pdf", &[a4(), a4()]);
    let v = s.stamp(&input, "out.pdf", &["--cross-page", "--edge", "left"]);
    assert_eq!(v["result"]["groups"][0]["edge"], "left", "{v:#}");
}

#[test]
fn an_edge_given_twice_differently_is_refused() {
    let s = Setup::new();
    let input = s.write("in.pdf", &[a4(), a4()]);
    let o = s.run(
        &input,
        "out.pdf",
        &["--cross-page", "top", "--edge", "left"],
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("disagree"), "{err}");
    assert!(!s.env.path("out.pdf").exists());
}

#[test]
fn cross_page_json_has_the_fields_docs_json_md_lists() {
    let s = Setup::new();
    let input = s.write("in.pdf", &[a4(), a4(), a4()]);
    let (seal, out) = (s.p("seal.png"), s.p("out.pdf"));
    let stamp = |extra: &[&'static str]| -> Vec<&str> {
        let base = ["pdf", "stamp", &input, "--image", &seal, "--size", "30"];
        let place = ["--cross-page", "top", "--with-full-seal", "--out", &out];
        [&base[..], &place[..], extra].concat()
    };
    let mut c = contract::Checker::default();
    let v = c.check(&s.env, "pdf stamp (--dry-run)", &stamp(&["--dry-run"]));
    assert_eq!(
        v[0]["groups"][0]["strips"].as_array().unwrap().len(),
        3,
        "{v:#}"
    );
    let v = c.check(&s.env, "pdf stamp", &stamp(&[]));
    assert_eq!(v["result"]["groups"][0]["full_seal"]["page"], 1, "{v:#}");
}
