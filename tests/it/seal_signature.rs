//! Handwritten signatures (手写签名, D7, D16): a photo of ink on paper cut out by
//! `catool::seal::handwriting` and stored by `seal upload --kind signature`; the generated one
//! is a font fallback and says so.
//!
//! The photos are synthesised here with known ground truth: a cursive signature (looping main
//! stroke, a capital, an underline and a dot) drawn into a mask, then laid on tinted paper,
//! optionally ruled (light blue lines tilted 0.6°, a red margin line), under a shadow that
//! darkens a third of the page and the end of the signature by 45 %, slightly blurred, with
//! noise and JPEG compression (quality 80).
//!
//! `CATOOL_WRITE_SIGNATURE_EXAMPLE=1 cargo test --test it seal_signature::example` rewrites
//! examples/signature.jpg (the photo the README's commands use) from the same synthesis.

use crate::common;

use catool::i18n::Catalogued;
use catool::seal::error::SealImageError;
use catool::seal::handwriting::{
    Handwriting, HandwritingOptions, clean_handwriting, clean_handwriting_image,
};
use common::*;
use image::codecs::jpeg::JpegEncoder;
use image::{GrayImage, Luma, Rgb, RgbImage, RgbaImage};
use imageproc::drawing::draw_filled_circle_mut;

// ---------------------------------------------------------------------------------------------
// Synthesis.

const BLUE_INK: [u8; 3] = [30, 50, 150];
const BLACK_INK: [u8; 3] = [28, 28, 32];

/// Deterministic pseudo-random numbers (64-bit LCG), uniform in [-1, 1).
struct Lcg(u64);

impl Lcg {
    fn signed(&mut self) -> f32 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 40) as f32 / (1u64 << 23) as f32 - 1.0
    }
}

struct Photo {
    jpeg: Vec<u8>,
    /// 255 where the signature's strokes are.
    truth: GrayImage,
}

/// Draws a stroke of radius `r` px through the points of `f` over t in [0, 1], its ink
/// `pressure` × 255 strong.
fn stroke(mask: &mut GrayImage, r: i32, pressure: u8, f: impl Fn(f32) -> (f32, f32)) {
    let n = 2000;
    for i in 0..=n {
        let (x, y) = f(i as f32 / n as f32);
        draw_filled_circle_mut(
            mask,
            (x.round() as i32, y.round() as i32),
            r,
            Luma([pressure]),
        );
    }
}

/// A cursive signature about 440 × 150 px (its strokes 9 px wide) centred on (cx, cy).
fn signature(w: u32, h: u32, cx: f32, cy: f32) -> GrayImage {
    use std::f32::consts::{PI, TAU};
    let mut m = GrayImage::new(w, h);
    // A capital: a tall loop with a tail into the main stroke.
    stroke(&mut m, 4, 255, |t| {
        let a = TAU * t;
        (cx - 175.0 + 28.0 * a.sin(), cy - 15.0 - 55.0 * a.cos())
    });
    // The main stroke: five loops (a prolate trochoid) rising and falling.
    stroke(&mut m, 4, 255, |t| {
        let ph = t * 5.0 * TAU;
        let x = cx - 160.0 + 330.0 * t - 20.0 * ph.sin();
        let y = cy + 10.0 - (28.0 + 14.0 * (PI * t).sin()) * (1.0 - ph.cos()) * 0.9;
        (x, y)
    });
    // Underline flourish, thinner and lighter (a quick stroke leaves less ink).
    stroke(&mut m, 3, 200, |t| {
        (
            cx - 190.0 + 400.0 * t,
            cy + 48.0 + 12.0 * (PI * t).sin() - 20.0 * t,
        )
    });
    // A dot.
    draw_filled_circle_mut(
        &mut m,
        ((cx + 200.0) as i32, (cy - 45.0) as i32),
        6,
        Luma([255]),
    );
    m
}

/// A photo of `ink` strokes (or none) on tinted paper, ruled when `lined`, with a shadow.
fn photo(ink: Option<[u8; 3]>, lined: bool, seed: u64) -> Photo {
    let (w, h) = (760u32, 420u32);
    let truth = match ink {
        Some(_) => signature(w, h, 380.0, 215.0),
        None => GrayImage::new(w, h),
    };
    let tint = [238.0, 232.0, 214.0];
    let tilt = 0.6f32.to_radians().tan();
    let mut img = RgbImage::new(w, h);
    for (x, y, p) in img.enumerate_pixels_mut() {
        let (xf, yf) = (x as f32, y as f32);
        let mut c = tint;
        if lined {
            // Light blue rules every 46 px, 2 px thick, turned 0.6°; a red margin line.
            let v = (yf - xf * tilt).rem_euclid(46.0);
            if (20.0..22.0).contains(&v) {
                c = [c[0] * 0.68, c[1] * 0.80, c[2] * 0.98];
            }
            if (60.0..62.0).contains(&xf) {
                c = [c[0] * 0.95, c[1] * 0.62, c[2] * 0.62];
            }
        }
        let strength = f32::from(truth.get_pixel(x, y)[0]) / 255.0;
        if let Some(k) = ink
            && strength > 0.0
        {
            c = [0, 1, 2].map(|i| {
                let inked = f32::from(k[i]) * c[i] / 255.0;
                inked * strength + c[i] * (1.0 - strength)
            });
        }
        // A shadow over the lower right and the end of the signature: 45 % darker, its edge
        // 40 px wide.
        let s = ((xf + yf - 700.0) / 40.0).clamp(0.0, 1.0);
        let light = 1.0 - 0.45 * s;
        *p = Rgb(c.map(|v| (v * light).clamp(0.0, 255.0) as u8));
    }
    let mut img = imageproc::filter::gaussian_blur_f32(&img, 0.8);
    let mut rng = Lcg(seed);
    for p in img.pixels_mut() {
        let n = 6.0 * rng.signed();
        p.0 = p.0.map(|v| (f32::from(v) + n).clamp(0.0, 255.0) as u8);
    }
    let mut jpeg = Vec::new();
    JpegEncoder::new_with_quality(&mut jpeg, 80)
        .encode_image(&img)
        .unwrap();
    Photo { jpeg, truth }
}

// ---------------------------------------------------------------------------------------------
// Measures.

fn decode(cut: &Handwriting) -> RgbaImage {
    let img = image::load_from_memory(&cut.png).unwrap().to_rgba8();
    assert_eq!(
        (img.width(), img.height()),
        (cut.report.output_width, cut.report.output_height)
    );
    img
}

/// Output alpha at (x, y), bilinear; 0 outside.
fn alpha_at(img: &RgbaImage, x: f32, y: f32) -> f32 {
    let a = |x: i64, y: i64| {
        if x < 0 || y < 0 || x >= img.width() as i64 || y >= img.height() as i64 {
            0.0
        } else {
            f32::from(img.get_pixel(x as u32, y as u32)[3])
        }
    };
    let (x0, y0) = (x.floor(), y.floor());
    let (fx, fy) = (x - x0, y - y0);
    let (x0, y0) = (x0 as i64, y0 as i64);
    let top = a(x0, y0) * (1.0 - fx) + a(x0 + 1, y0) * fx;
    let bot = a(x0, y0 + 1) * (1.0 - fx) + a(x0 + 1, y0 + 1) * fx;
    top * (1.0 - fy) + bot * fy
}

/// Intersection over union of the true strokes and the output's ink (alpha ≥ 128), compared
/// in the photo's pixels: each photo pixel is looked up where the report says the crop landed.
fn iou(cut: &Handwriting, truth: &GrayImage) -> f64 {
    let out = decode(cut);
    let [cx, cy, cw, ch] = cut.report.crop.map(|v| v as f32);
    let [px, py, pw, ph] = cut.report.placed.map(|v| v as f32);
    let (sx, sy) = (pw / cw, ph / ch);
    let (mut inter, mut union) = (0u64, 0u64);
    for (x, y, t) in truth.enumerate_pixels() {
        let (xf, yf) = (x as f32, y as f32);
        let inside = xf >= cx && xf < cx + cw && yf >= cy && yf < cy + ch;
        let ink = inside
            && alpha_at(
                &out,
                px + (xf - cx + 0.5) * sx - 0.5,
                py + (yf - cy + 0.5) * sy - 0.5,
            ) >= 128.0;
        let stroke = t[0] > 127;
        inter += u64::from(ink && stroke);
        union += u64::from(ink || stroke);
    }
    inter as f64 / union as f64
}

/// Median colour of the output's solid ink (alpha ≥ 200).
fn ink_colour(cut: &Handwriting) -> [u8; 3] {
    let out = decode(cut);
    let mut ch: [Vec<u8>; 3] = Default::default();
    for p in out.pixels().filter(|p| p[3] >= 200) {
        for i in 0..3 {
            ch[i].push(p[i]);
        }
    }
    ch.map(|mut v| {
        v.sort_unstable();
        v[v.len() / 2]
    })
}

fn cut(photo: &Photo) -> Handwriting {
    clean_handwriting(&photo.jpeg, &HandwritingOptions::default()).unwrap()
}

/// The error of a refused photo or option, checked to be bad input (exit 5).
fn refusal(r: Result<Handwriting, SealImageError>) -> SealImageError {
    match r {
        Err(e) => {
            assert_eq!(e.describe().exit, 5, "{e:?}");
            e
        }
        Ok(h) => panic!("expected a refusal, got {h:?}"),
    }
}

// ---------------------------------------------------------------------------------------------
// The cleaner.

#[test]
fn blue_ink_on_lined_tinted_paper_is_cut_out_with_iou_at_least_0_85() {
    let p = photo(Some(BLUE_INK), true, 1);
    let c = cut(&p);
    let iou = iou(&c, &p.truth);
    assert!(iou >= 0.85, "IoU {iou:.3}, report {:?}", c.report);
    assert!(c.report.lines_removed, "{:?}", c.report);
}

#[test]
fn blue_ink_stays_blue() {
    let c = cut(&photo(Some(BLUE_INK), true, 2));
    let [r, g, b] = ink_colour(&c);
    assert!(
        i32::from(b) > i32::from(r) + 60 && i32::from(b) > i32::from(g) + 40,
        "ink ({r}, {g}, {b})"
    );
    assert_eq!(c.report.ink, "blue");
}

#[test]
fn black_ink_on_plain_shadowed_paper_is_cut_out_black_with_iou_at_least_0_85() {
    let p = photo(Some(BLACK_INK), false, 3);
    let c = cut(&p);
    let iou = iou(&c, &p.truth);
    assert!(iou >= 0.85, "IoU {iou:.3}, report {:?}", c.report);
    let [r, g, b] = ink_colour(&c);
    assert!(r.max(g).max(b) < 90, "ink ({r}, {g}, {b})");
    assert_eq!(c.report.ink, "black");
}

#[test]
fn black_ink_on_lined_paper_keeps_the_strokes_that_cross_the_lines() {
    let p = photo(Some(BLACK_INK), true, 4);
    let c = cut(&p);
    let iou = iou(&c, &p.truth);
    assert!(iou >= 0.85, "IoU {iou:.3}, report {:?}", c.report);
}

#[test]
fn paper_lines_and_shadow_are_fully_transparent() {
    let c = cut(&photo(Some(BLUE_INK), true, 5));
    let out = decode(&c);
    let [px, py, pw, ph] = c.report.placed;
    // Outside the placed ink box nothing is drawn at all.
    for (x, y, p) in out.enumerate_pixels() {
        if x < px || y < py || x >= px + pw || y >= py + ph {
            assert_eq!(p[3], 0, "alpha at ({x}, {y})");
        }
    }
    let inked = out.pixels().filter(|p| p[3] > 0).count();
    let total = (out.width() * out.height()) as usize;
    assert!(
        inked * 50 > total && inked * 3 < total,
        "{inked} of {total} pixels inked"
    );
}

#[test]
fn the_signature_fills_its_40_by_15_mm_at_300_dpi_keeping_its_aspect() {
    let c = cut(&photo(Some(BLUE_INK), false, 6));
    let r = &c.report;
    assert_eq!((r.output_width, r.output_height), (472, 177));
    let [_, _, cw, ch] = r.crop;
    let [px, py, pw, ph] = r.placed;
    // Centred, one side touching the margin, the aspect kept within a pixel.
    assert!((px as i64 * 2 + pw as i64 - 472).abs() <= 1, "{r:?}");
    assert!((py as i64 * 2 + ph as i64 - 177).abs() <= 1, "{r:?}");
    assert!(pw == 472 - 2 * 14 || ph == 177 - 2 * 14, "{r:?}");
    let aspect = |w: u32, h: u32| w as f32 / h as f32;
    assert!(
        (aspect(pw, ph) - aspect(cw, ch)).abs() < 0.02 * aspect(cw, ch),
        "{r:?}"
    );
}

#[test]
fn the_size_given_sets_the_output() {
    let p = photo(Some(BLACK_INK), false, 7);
    let opts = HandwritingOptions {
        width_mm: 60.0,
        height_mm: 20.0,
        dpi: 600,
        ..HandwritingOptions::default()
    };
    let c = clean_handwriting(&p.jpeg, &opts).unwrap();
    assert_eq!((c.report.output_width, c.report.output_height), (1417, 472));
}

#[test]
fn a_photo_of_lined_paper_without_ink_is_refused() {
    let p = photo(None, true, 8);
    let e = refusal(clean_handwriting(&p.jpeg, &HandwritingOptions::default()));
    assert!(matches!(e, SealImageError::NoHandwriting { .. }), "{e:?}");
    assert!(e.to_string().starts_with("no handwriting found"), "{e}");
}

#[test]
fn a_photo_of_plain_shadowed_paper_is_refused() {
    let p = photo(None, false, 9);
    let e = refusal(clean_handwriting(&p.jpeg, &HandwritingOptions::default()));
    assert!(matches!(e, SealImageError::NoHandwriting { .. }), "{e:?}");
}

#[test]
fn a_picture_over_the_pixel_limit_is_refused_before_decoding() {
    let p = photo(Some(BLUE_INK), false, 10);
    let opts = HandwritingOptions {
        max_pixels: 760 * 420 - 1,
        ..HandwritingOptions::default()
    };
    let e = refusal(clean_handwriting(&p.jpeg, &opts));
    assert_eq!(
        e,
        SealImageError::TooLarge {
            width: 760,
            height: 420,
            max_pixels: 760 * 420 - 1
        }
    );
}

#[test]
fn a_tiny_picture_is_refused() {
    let img = image::DynamicImage::ImageRgb8(RgbImage::from_pixel(20, 300, Rgb([0, 0, 0])));
    let e = refusal(clean_handwriting_image(
        &img,
        &HandwritingOptions::default(),
    ));
    assert_eq!(
        e,
        SealImageError::PictureTooSmall {
            width: 20,
            height: 300,
            min: 32
        }
    );
}

#[test]
fn an_output_size_or_resolution_out_of_range_is_refused() {
    let p = photo(Some(BLUE_INK), false, 11);
    for opts in [
        HandwritingOptions {
            width_mm: 4.0,
            ..HandwritingOptions::default()
        },
        HandwritingOptions {
            height_mm: 101.0,
            ..HandwritingOptions::default()
        },
        HandwritingOptions {
            dpi: 2400,
            ..HandwritingOptions::default()
        },
    ] {
        let e = refusal(clean_handwriting(&p.jpeg, &opts));
        assert!(
            matches!(e, SealImageError::Size { .. } | SealImageError::Dpi { .. }),
            "{e:?}"
        );
        assert!(e.to_string().contains("outside"), "{e}");
    }
}

#[test]
fn same_photo_gives_byte_identical_png() {
    let p = photo(Some(BLUE_INK), true, 12);
    assert_eq!(cut(&p).png, cut(&p).png);
}

/// examples/signature.jpg is this synthesis; CATOOL_WRITE_SIGNATURE_EXAMPLE=1 rewrites it
/// and the README's sample of what `seal upload --kind signature` keeps of it
/// (assets/seals/signature-upload.png).
#[test]
fn example_signature_photo_is_cut_out() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let path = root.join("examples/signature.jpg");
    let write = std::env::var_os("CATOOL_WRITE_SIGNATURE_EXAMPLE").is_some_and(|v| v == "1");
    if write {
        std::fs::write(&path, photo(Some(BLUE_INK), true, 2024).jpeg).unwrap();
    }
    let bytes = std::fs::read(&path).unwrap();
    assert!(bytes.len() < 100_000, "{} bytes", bytes.len());
    let c = clean_handwriting(&bytes, &HandwritingOptions::default()).unwrap();
    assert_eq!(c.report.ink, "blue");
    if write {
        std::fs::write(root.join("assets/seals/signature-upload.png"), &c.png).unwrap();
    }
}

// ---------------------------------------------------------------------------------------------
// The registry: `seal upload --kind signature`, `seal make --kind signature`.

fn s(env: &Env, name: &str) -> String {
    env.path(name).to_string_lossy().into_owned()
}

#[test]
fn uploading_a_signature_photo_stores_the_cut_out_ink_pending_review() {
    let env = Env::onboarded(true);
    std::fs::write(env.path("sig.jpg"), photo(Some(BLUE_INK), true, 13).jpeg).unwrap();
    let v = env.json(&[
        "seal",
        "upload",
        &s(&env, "sig.jpg"),
        "--kind",
        "signature",
        "--person",
        "李娜",
    ]);
    assert_eq!(
        (v["state"].as_str(), v["source"].as_str()),
        (Some("pending"), Some("cleaned")),
        "{v}"
    );
    assert_eq!(v["handwriting"]["ink"], "blue", "{v}");
    assert_eq!(
        (v["width_mm"].as_f64(), v["height_mm"].as_f64()),
        (Some(40.0), Some(15.0))
    );
    let id = v["id"].as_i64().unwrap().to_string();
    env.ok(&[
        "seal",
        "export",
        "--seal",
        &id,
        "--out",
        &s(&env, "out.png"),
    ]);
    let png = image::open(env.path("out.png")).unwrap().to_rgba8();
    assert_eq!((png.width(), png.height()), (472, 177));
    assert_eq!(png.get_pixel(0, 0)[3], 0);
}

#[test]
fn uploading_a_photo_without_handwriting_is_refused_and_stores_nothing() {
    let env = Env::onboarded(true);
    std::fs::write(env.path("blank.jpg"), photo(None, true, 14).jpeg).unwrap();
    let err = env.fails(
        5,
        &[
            "seal",
            "upload",
            &s(&env, "blank.jpg"),
            "--kind",
            "signature",
            "--person",
            "李娜",
        ],
    );
    assert!(err.contains("no handwriting found"), "{err}");
    assert_eq!(env.json(&["seal", "list"]).as_array().unwrap().len(), 0);
}

#[test]
fn a_generated_signature_says_it_is_a_font_fallback() {
    let env = Env::onboarded(true);
    let v = env.json(&["seal", "make", "--kind", "signature", "--person", "李娜"]);
    assert_eq!(v["rendering"], "font_fallback", "{v}");
    assert!(
        v["note"]
            .as_str()
            .unwrap()
            .contains("not a handwritten signature"),
        "{v}"
    );
    let text = env.ok(&["seal", "make", "--kind", "signature", "--person", "王芳"]);
    assert!(text.contains("font fallback"), "{text}");
    assert!(text.contains("seal upload --kind signature"), "{text}");
    let show = env.ok(&["seal", "show", "1"]);
    assert!(show.contains("font fallback"), "{show}");
}

#[test]
fn a_generated_enterprise_seal_is_drawn_by_template() {
    let env = Env::onboarded(true);
    let v = env.json(&["seal", "make", "--kind", "official", "--org", "1"]);
    assert_eq!(v["rendering"], "template", "{v}");
    assert!(v["note"].is_null(), "{v}");
}
