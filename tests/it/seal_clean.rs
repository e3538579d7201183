//! Cutting a seal out of a photo (D17, 扫描印章): `catool::seal::clean`.
//!
//! Every test works on synthetic photos with exact ground truth made by
//! `tests/it/clean_set/generate.rs`: seals drawn by catool's renderer (round, oval, square), a page of
//! black print and ruled lines across them, perspective tilt, lighting gradient, paper tint,
//! faded ink, blur, noise and a real JPEG encode. The quality tests assert on the held-out
//! seed set (`clean_set::HELD_OUT_SEEDS`); the development seed set is only printed, by an
//! ignored test.
//!
//! Ignored tests that do more than check (run them in release):
//! - `cargo test --release --test it seal_clean::dev_set_scores -- --ignored --nocapture` prints
//!   the development set's table;
//! - `… -- --ignored --nocapture twelve_megapixel` times a 12 MP photo;
//! - `… -- --ignored before_after_grid` rewrites `docs/img/seal-clean-grid.png`;
//! - `… -- --ignored bench_` writes and scores the benchmark's photo (`benches/clean.sh`).

use crate::clean_set;

use std::sync::OnceLock;
use std::time::Instant;

use catool::i18n::Catalogued;
use catool::seal::clean::{CleanOptions, Cleaned, clean, clean_image, decode};
use catool::seal::error::{NoSeal, SealImageError};
use clean_set::generate::{Group, Sample, Shape, Spec};
use clean_set::{HELD_OUT_SEEDS, Score, cleaned_alpha, score};
use image::codecs::png::PngEncoder;
use image::{DynamicImage, GrayImage, ImageEncoder, Luma, RgbaImage};

// ---------------------------------------------------------------------------------------------
// Shared samples.

/// Makes the photos of `specs` on every core.
fn make_all(specs: Vec<Spec>) -> Vec<Sample> {
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let chunk = specs.len().div_ceil(threads).max(1);
    std::thread::scope(|s| {
        let handles: Vec<_> = specs
            .chunks(chunk)
            .map(|part| s.spawn(move || part.iter().map(Spec::make).collect::<Vec<_>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect()
    })
}

/// A cleaned sample and its score.
struct Scored {
    sample: Sample,
    cleaned: Cleaned,
    score: Score,
}

fn clean_and_score(samples: Vec<Sample>) -> Vec<Scored> {
    let margin = CleanOptions::default().margin_px;
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let chunk = samples.len().div_ceil(threads).max(1);
    let mut parts: Vec<Vec<Sample>> = Vec::new();
    let mut it = samples.into_iter().peekable();
    while it.peek().is_some() {
        parts.push(it.by_ref().take(chunk).collect());
    }
    std::thread::scope(|s| {
        let handles: Vec<_> = parts
            .into_iter()
            .map(|part| {
                s.spawn(move || {
                    part.into_iter()
                        .map(|sample| {
                            let cleaned = clean(&sample.bytes, &CleanOptions::default())
                                .unwrap_or_else(|e| panic!("{}: {e}", sample.name));
                            let alpha = cleaned_alpha(&cleaned, margin);
                            let score = score(&alpha, &sample.ink, &sample.text);
                            Scored {
                                sample,
                                cleaned,
                                score,
                            }
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect()
    })
}

/// The held-out set, made, cleaned and scored once per test run.
fn held_out() -> &'static [Scored] {
    static SET: OnceLock<Vec<Scored>> = OnceLock::new();
    SET.get_or_init(|| clean_and_score(make_all(clean_set::generate::set(HELD_OUT_SEEDS))))
}

/// The minimum IoU each group must reach (issue 15).
fn required_iou(g: Group) -> f64 {
    match g {
        Group::Photo => 0.90,
        Group::Dim => 0.80,
        Group::Scan => 0.95,
    }
}

/// The IoUs of one group's photos.
fn group_ious(set: &[Scored], g: Group) -> Vec<f64> {
    set.iter()
        .filter(|s| s.sample.spec.group == g)
        .map(|s| s.score.iou)
        .collect()
}

/// The table the quality tests print (also the README's).
fn table(set: &[Scored]) -> String {
    let mut out = String::from(
        "| photo | group | IoU (print excluded) | print kept | ink under print filled | fill precision |\n\
         |---|---|---|---|---|---|\n",
    );
    for s in set {
        let c = &s.score;
        out += &format!(
            "| {} | {} | {:.3} | {:.2} % | {:.1} % | {:.1} % |\n",
            s.sample.name,
            s.sample.spec.group.name(),
            c.iou,
            c.text_kept * 100.0,
            c.fill_recall * 100.0,
            c.fill_precision * 100.0
        );
    }
    for g in Group::ALL {
        let ious = group_ious(set, g);
        if ious.is_empty() {
            continue;
        }
        let mean = ious.iter().sum::<f64>() / ious.len() as f64;
        let min = ious.iter().copied().fold(f64::MAX, f64::min);
        out += &format!(
            "| **{} (mean / min)** | | {mean:.3} / {min:.3} (need ≥ {:.2}) | | | |\n",
            g.name(),
            required_iou(g)
        );
    }
    out
}

/// The standard photo of the API tests: the first held-out clean-ish round seal.
fn standard() -> &'static Scored {
    held_out()
        .iter()
        .find(|s| s.sample.spec.group == Group::Photo && s.sample.spec.shape == Shape::Round)
        .unwrap()
}

fn rgba(c: &Cleaned) -> RgbaImage {
    image::load_from_memory(&c.png).unwrap().to_rgba8()
}

/// Top-left corner of an unstraightened output, in input pixels.
fn origin(c: &Cleaned, margin: u32) -> (u32, u32) {
    (
        c.report.bbox[0].saturating_sub(margin),
        c.report.bbox[1].saturating_sub(margin),
    )
}

/// The error of a refused picture, checked to be bad input (exit 5).
fn refusal<T>(r: Result<T, SealImageError>) -> SealImageError {
    match r {
        Err(e) => {
            assert_eq!(e.describe().exit, 5, "{e:?}");
            e
        }
        Ok(_) => panic!("expected a refusal, got success"),
    }
}

fn png_bytes(img: &GrayImage) -> Vec<u8> {
    let mut out = Vec::new();
    PngEncoder::new(&mut out)
        .write_image(
            img.as_raw(),
            img.width(),
            img.height(),
            image::ExtendedColorType::L8,
        )
        .unwrap();
    out
}

pub(crate) fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// A scene without perspective or page turn, the seal turned by `deg`.
fn flat_scene(shape: Shape, deg: f32) -> Spec {
    let mut s = Spec::new(Group::Photo, shape, 7);
    s.perspective = 0.0;
    s.page_turn_deg = 0.0;
    s.seal_turn_deg = deg;
    s
}

// ---------------------------------------------------------------------------------------------
// Extraction quality (held-out set).

#[test]
fn held_out_photos_reach_the_iou_of_their_group() {
    // Each group's mean reaches the IoU, and no photo falls more than 0.05 below it.
    let set = held_out();
    println!("{}", table(set));
    assert!(set.len() >= 12);
    let mut failing = Vec::new();
    for g in Group::ALL {
        let ious = group_ious(set, g);
        assert!(
            ious.len() >= 4,
            "{} photos in group {}",
            ious.len(),
            g.name()
        );
        let mean = ious.iter().sum::<f64>() / ious.len() as f64;
        if mean < required_iou(g) {
            failing.push(format!("{} mean {mean:.3}", g.name()));
        }
    }
    for s in set {
        if s.score.iou < required_iou(s.sample.spec.group) - 0.05 {
            failing.push(format!("{} {:.3}", s.sample.name, s.score.iou));
        }
    }
    assert!(failing.is_empty(), "below the group's IoU: {failing:?}");
}

#[test]
fn held_out_photos_keep_under_2_percent_of_the_print_near_the_seal() {
    let failing: Vec<String> = held_out()
        .iter()
        .filter(|s| s.score.text_kept >= 0.02)
        .map(|s| format!("{} {:.2} %", s.sample.name, s.score.text_kept * 100.0))
        .collect();
    assert!(failing.is_empty(), "print kept as ink: {failing:?}");
}

#[test]
fn ink_hidden_under_print_is_filled_from_the_seal_structure() {
    // Over the whole held-out set: most of the ring and star pixels under print come back,
    // and what is filled in is nearly all true ink.
    let (mut recall, mut precision) = (0f64, 0f64);
    let set = held_out();
    for s in set {
        recall += s.score.fill_recall;
        precision += s.score.fill_precision;
    }
    let (recall, precision) = (recall / set.len() as f64, precision / set.len() as f64);
    println!("fill: recall {recall:.3}, precision {precision:.3}");
    assert!(recall >= 0.5, "fill recall {recall:.3}");
    assert!(precision >= 0.8, "fill precision {precision:.3}");
}

#[test]
#[ignore = "development table: cargo test --release --test it seal_clean::dev_set_scores -- --ignored --nocapture"]
fn dev_set_scores() {
    let set = clean_and_score(make_all(clean_set::generate::set(clean_set::DEV_SEEDS)));
    println!("{}", table(&set));
    // CLEAN_DUMP=DIR: the photos and error maps (green found, red missed, blue added, grey
    // print) for looking at.
    if let Some(dir) = std::env::var_os("CLEAN_DUMP") {
        let dir = std::path::PathBuf::from(dir);
        std::fs::create_dir_all(&dir).unwrap();
        for s in &set {
            let alpha = cleaned_alpha(&s.cleaned, CleanOptions::default().margin_px);
            let mut shifts = String::new();
            for dy in -1i32..=1 {
                for dx in -1i32..=1 {
                    let shifted = GrayImage::from_fn(alpha.width(), alpha.height(), |x, y| {
                        let (sx, sy) = (x as i32 + dx, y as i32 + dy);
                        if sx < 0
                            || sy < 0
                            || sx >= alpha.width() as i32
                            || sy >= alpha.height() as i32
                        {
                            Luma([0])
                        } else {
                            *alpha.get_pixel(sx as u32, sy as u32)
                        }
                    });
                    let sc = score(&shifted, &s.sample.ink, &s.sample.text);
                    shifts += &format!(" ({dx},{dy}) {:.3}", sc.iou);
                }
            }
            println!(
                "{} missed {} added {} shifts:{shifts}",
                s.sample.name, s.score.missed, s.score.added
            );
            std::fs::write(dir.join(format!("{}.jpg", s.sample.name)), &s.sample.bytes).unwrap();
            std::fs::write(
                dir.join(format!("{}.out.png", s.sample.name)),
                &s.cleaned.png,
            )
            .unwrap();
            let map = image::RgbImage::from_fn(alpha.width(), alpha.height(), |x, y| {
                let truth = s.sample.ink.get_pixel(x, y)[0] != 0;
                let found = alpha.get_pixel(x, y)[0] >= clean_set::INK_ALPHA;
                let print = s.sample.text.get_pixel(x, y)[0] != 0;
                image::Rgb(match (truth, found, print) {
                    (true, true, false) => [0, 160, 0],
                    (true, false, false) => [255, 0, 0],
                    (false, true, false) => [0, 0, 255],
                    (true, true, true) => [120, 200, 120],
                    (true, false, true) => [255, 150, 150],
                    (false, true, true) => [150, 150, 255],
                    (false, false, true) => [200, 200, 200],
                    (false, false, false) => [255, 255, 255],
                })
            });
            map.save(dir.join(format!("{}.err.png", s.sample.name)))
                .unwrap();
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The output.

#[test]
fn paper_around_the_seal_is_fully_transparent() {
    let s = standard();
    let out = rgba(&s.cleaned);
    let (w, h) = out.dimensions();
    for (x, y) in [(0, 0), (w - 1, 0), (0, h - 1), (w - 1, h - 1)] {
        assert_eq!(out.get_pixel(x, y)[3], 0, "corner ({x}, {y})");
    }
    // Next to nothing visible farther than 3 px from true ink (at most 0.1 %).
    let ink = &s.sample.ink;
    let (ox, oy) = origin(&s.cleaned, CleanOptions::default().margin_px);
    let mut stray = 0u32;
    for (x, y, px) in out.enumerate_pixels() {
        let (ix, iy) = (x + ox, y + oy);
        let near_ink = (ix.saturating_sub(3)..=(ix + 3).min(ink.width() - 1)).any(|xx| {
            (iy.saturating_sub(3)..=(iy + 3).min(ink.height() - 1))
                .any(|yy| ink.get_pixel(xx, yy)[0] != 0)
        });
        if !near_ink && px[3] != 0 {
            stray += 1;
        }
    }
    let visible = out.pixels().filter(|p| p[3] != 0).count() as u32;
    assert!(
        stray * 1000 <= visible,
        "{stray} of {visible} visible pixels farther than 3 px from any ink"
    );
}

#[test]
fn ink_is_red_and_opaque_where_the_seal_is_solid() {
    let c = &standard().cleaned;
    let out = rgba(c);
    let (mut n, mut sum) = (0u64, [0u64; 4]);
    for (x, y, px) in out.enumerate_pixels() {
        if c.mask.get_pixel(x, y)[0] == 255 {
            n += 1;
            for k in 0..4 {
                sum[k] += u64::from(px[k]);
            }
        }
    }
    let mean = sum.map(|s| s / n);
    assert!(
        mean[0] > 170 && mean[1] < 110 && mean[2] < 120,
        "ink colour {mean:?}"
    );
    assert!(mean[3] > 200, "mean ink alpha {}", mean[3]);
}

#[test]
fn output_is_cropped_to_the_seal_plus_the_margin() {
    let s = standard();
    let r = &s.cleaned.report;
    let m = CleanOptions::default().margin_px;
    assert_eq!(
        (r.output_width, r.output_height),
        (r.bbox[2] + 2 * m, r.bbox[3] + 2 * m)
    );
    assert_eq!(
        s.cleaned.mask.dimensions(),
        (r.output_width, r.output_height)
    );
    assert_eq!(
        rgba(&s.cleaned).dimensions(),
        (r.output_width, r.output_height)
    );
    // The box is the true ink's box, give or take a few pixels.
    let truth = clean_set::bbox(&s.sample.ink).unwrap();
    for k in 0..4 {
        assert!(
            r.bbox[k].abs_diff(truth[k]) <= 4,
            "{:?} vs {truth:?}",
            r.bbox
        );
    }
    assert_eq!(r.rotation_deg, 0.0);
    let (w, h) = s.sample.ink.dimensions();
    assert_eq!((r.input_width, r.input_height), (w, h));
    let pixels = f64::from(w) * f64::from(h);
    assert!((r.ink_fraction - r.ink_pixels as f64 / pixels).abs() < 1e-12);
}

#[test]
fn margin_is_clamped_to_the_picture() {
    let s = standard();
    let opts = CleanOptions {
        margin_px: 10_000,
        ..CleanOptions::default()
    };
    let c = clean(&s.sample.bytes, &opts).unwrap();
    assert_eq!(
        (c.report.output_width, c.report.output_height),
        s.sample.ink.dimensions()
    );
}

#[test]
fn normalize_color_paints_every_ink_pixel_in_that_colour() {
    let opts = CleanOptions {
        normalize_color: Some([200, 16, 32]),
        ..CleanOptions::default()
    };
    let c = clean(&standard().sample.bytes, &opts).unwrap();
    for px in rgba(&c).pixels() {
        assert_eq!([px[0], px[1], px[2]], [200, 16, 32]);
    }
}

#[test]
fn a_transparent_seal_png_is_read_as_ink_on_white_paper() {
    // Cleaning a cut-out again: transparency counts as paper, so the same seal comes back.
    let first = &standard().cleaned;
    let again = clean(&first.png, &CleanOptions::default()).unwrap();
    let (a, b) = (&first.report, &again.report);
    assert!(
        a.bbox[2].abs_diff(b.bbox[2]) <= 4 && a.bbox[3].abs_diff(b.bbox[3]) <= 4,
        "{a:?} {b:?}"
    );
    let ratio = b.ink_pixels as f64 / a.ink_pixels as f64;
    assert!(
        (0.95..1.05).contains(&ratio),
        "ink {} → {}",
        a.ink_pixels,
        b.ink_pixels
    );
}

#[test]
fn same_input_gives_the_same_png_bytes() {
    let bytes = &standard().sample.bytes;
    let a = clean(bytes, &CleanOptions::default()).unwrap();
    assert_eq!(a.png, standard().cleaned.png);
    assert_eq!(a.report, standard().cleaned.report);
}

// ---------------------------------------------------------------------------------------------
// Straightening.

fn straightened(spec: &Spec) -> Cleaned {
    let opts = CleanOptions {
        straighten: true,
        ..CleanOptions::default()
    };
    clean(&spec.make().bytes, &opts).unwrap()
}

#[test]
fn straighten_recovers_a_7_degree_tilt_within_2_degrees() {
    let c = straightened(&flat_scene(Shape::Round, 7.0));
    let deg = c.report.rotation_deg;
    assert!((deg - 7.0).abs() <= 2.0, "rotation_deg {deg}");
    assert_eq!(
        c.mask.dimensions(),
        (c.report.output_width, c.report.output_height)
    );
}

#[test]
fn straighten_leaves_an_upright_seal_alone() {
    let c = straightened(&flat_scene(Shape::Round, 0.0));
    let deg = c.report.rotation_deg;
    assert!(deg.abs() <= 1.0, "rotation_deg {deg}");
}

#[test]
fn straighten_squares_up_a_tilted_square_name_seal() {
    let spec = flat_scene(Shape::Square, -10.0);
    let c = straightened(&spec);
    let deg = c.report.rotation_deg;
    assert!((deg + 10.0).abs() <= 2.0, "rotation_deg {deg}");
    // Upright again: the square fits a box barely larger than itself.
    let m = CleanOptions::default().margin_px;
    let side = c.report.output_width.max(c.report.output_height) - 2 * m;
    let want = spec.seal_px;
    assert!(
        (side as f32) < want * 1.05,
        "straightened seal spans {side} px, the seal is {want} px"
    );
}

// ---------------------------------------------------------------------------------------------
// Refusals: one line each, nothing written (the CLI writes only after success).

#[test]
fn page_of_print_without_a_seal_is_no_red_seal_found() {
    let mut spec = Spec::new(Group::Photo, Shape::Round, 1001);
    spec.seal = false;
    let e = refusal(clean(&spec.make().bytes, &CleanOptions::default()));
    assert!(matches!(e, SealImageError::NoSeal { .. }), "{e:?}");
    let msg = e.to_string();
    assert!(msg.starts_with("no red seal found"), "{msg}");
    assert!(!msg.contains('\n'), "{msg}");
}

#[test]
fn blank_white_picture_is_no_red_seal_found() {
    let white = GrayImage::from_pixel(300, 200, Luma([255]));
    let e = refusal(clean(&png_bytes(&white), &CleanOptions::default()));
    assert_eq!(
        e,
        SealImageError::NoSeal {
            why: NoSeal::NotRed
        }
    );
}

#[test]
fn bytes_that_are_not_an_image_are_bad_input() {
    let e = refusal(clean(
        b"%PDF-1.7\n this is not a picture",
        &CleanOptions::default(),
    ));
    assert_eq!(e, SealImageError::NotAnImage);
    assert_eq!(e.to_string(), "not an image (expected PNG or JPEG)");
    assert_eq!(refusal(decode(b"", 1000)), SealImageError::NotAnImage);
}

#[test]
fn truncated_png_is_bad_input_naming_truncation() {
    let mut rng = clean_set::generate::Rng::new(7);
    let noisy = GrayImage::from_fn(200, 200, |_, _| Luma([(rng.f() * 255.0) as u8]));
    let bytes = png_bytes(&noisy);
    let msg = refusal(clean(&bytes[..bytes.len() / 2], &CleanOptions::default())).to_string();
    assert!(msg.contains("truncated"), "{msg}");
}

#[test]
fn truncated_jpeg_is_bad_input() {
    let jpeg = &standard().sample.bytes;
    let e = refusal(decode(&jpeg[..jpeg.len() / 3], 50_000_000));
    assert_eq!(e, SealImageError::TruncatedJpeg);
}

#[test]
fn png_claiming_20000x20000_is_refused_before_its_pixels_are_decoded() {
    // A real 1×1 PNG whose IHDR is patched to say 20000×20000 (CRC fixed): decoding it would
    // need 400 MB (grey) before noticing the pixel data is missing.
    let mut bytes = png_bytes(&GrayImage::new(1, 1));
    assert_eq!(&bytes[12..16], b"IHDR");
    bytes[16..20].copy_from_slice(&20_000u32.to_be_bytes());
    bytes[20..24].copy_from_slice(&20_000u32.to_be_bytes());
    let crc = crc32(&bytes[12..29]);
    bytes[29..33].copy_from_slice(&crc.to_be_bytes());

    // Refused from the header: the message names the declared size, which only the header
    // holds (the pixel data is missing, so a decode would have failed with another error).
    let e = refusal(clean(&bytes, &CleanOptions::default()));
    assert_eq!(
        e,
        SealImageError::TooLarge {
            width: 20_000,
            height: 20_000,
            max_pixels: 50_000_000
        }
    );
    let msg = e.to_string();
    assert!(msg.contains("20000x20000"), "{msg}");
    assert!(!msg.contains('\n'), "{msg}");
}

#[test]
fn picture_over_a_custom_pixel_limit_is_refused() {
    let img = GrayImage::new(100, 100);
    let too_large = SealImageError::TooLarge {
        width: 100,
        height: 100,
        max_pixels: 9_999,
    };
    assert_eq!(refusal(decode(&png_bytes(&img), 9_999)), too_large);
    let opts = CleanOptions {
        max_pixels: 9_999,
        ..CleanOptions::default()
    };
    let e = refusal(clean_image(&DynamicImage::ImageLuma8(img), &opts));
    assert_eq!(e, too_large);
}

#[test]
fn default_pixel_limit_is_50_megapixels() {
    assert_eq!(CleanOptions::default().max_pixels, 50_000_000);
    assert_eq!(CleanOptions::default().margin_px, 8);
    assert!(!CleanOptions::default().straighten);
    assert_eq!(CleanOptions::default().normalize_color, None);
}

// ---------------------------------------------------------------------------------------------
// Timing, the README grid and the benchmark's files (ignored: run them explicitly, in release).

/// The 12-megapixel photo of the timing test and the benchmark.
fn twelve_megapixel_spec() -> Spec {
    let mut s = Spec::new(Group::Photo, Shape::Round, 4242);
    s.width = 4000;
    s.height = 3000;
    s.seal_px = 1300.0;
    s.text_px = 110.0;
    s.rule_px = 6.0;
    s.blur = 2.0;
    s
}

#[test]
#[ignore = "benchmark, not a test (speed is measured, never asserted): run with --release -- --ignored --nocapture"]
fn twelve_megapixel_photo_timing() {
    let p = twelve_megapixel_spec().make();
    let img = image::load_from_memory(&p.bytes).unwrap();
    let opts = CleanOptions::default();
    let _ = clean_image(&img, &opts).unwrap(); // warm-up
    let mut times = Vec::new();
    for _ in 0..7 {
        let t = Instant::now();
        let c = clean_image(&img, &opts).unwrap();
        times.push(t.elapsed().as_millis());
        assert!(c.report.ink_pixels > 100_000);
    }
    times.sort_unstable();
    let median = times[times.len() / 2];
    let t = Instant::now();
    let c = clean(&p.bytes, &opts).unwrap();
    let end_to_end = t.elapsed().as_millis();
    let sc = score(&cleaned_alpha(&c, opts.margin_px), &p.ink, &p.text);
    println!(
        "12 MP: clean_image {median} ms (median of 7); clean() incl. JPEG decode + PNG encode \
         {end_to_end} ms; IoU {:.3}, print kept {:.2} %",
        sc.iou,
        sc.text_kept * 100.0
    );
}

#[test]
#[ignore = "writes docs/img/seal-clean-grid.png: cargo test --release --test it seal_clean::before_after_grid -- --ignored"]
fn before_after_grid() {
    use image::imageops::{FilterType, resize};
    const TILE: u32 = 140;
    let picks = [
        (Group::Photo, Shape::Round),
        (Group::Photo, Shape::Oval),
        (Group::Dim, Shape::Round),
        (Group::Dim, Shape::Square),
        (Group::Scan, Shape::Oval),
        (Group::Scan, Shape::Square),
    ];
    let set = held_out();
    let mut grid = RgbaImage::from_pixel(TILE * 4 + 10, TILE * 3 + 8, image::Rgba([255; 4]));
    for (k, (g, sh)) in picks.iter().enumerate() {
        let s = set
            .iter()
            .find(|s| s.sample.spec.group == *g && s.sample.spec.shape == *sh)
            .unwrap();
        let photo = image::load_from_memory(&s.sample.bytes).unwrap().to_rgba8();
        let r = &s.cleaned.report;
        // A square around the seal, the same for before and after.
        let side = r.bbox[2].max(r.bbox[3]) + 24;
        let cx = r.bbox[0] + r.bbox[2] / 2;
        let cy = r.bbox[1] + r.bbox[3] / 2;
        let x0 = cx.saturating_sub(side / 2).min(photo.width() - side);
        let y0 = cy.saturating_sub(side / 2).min(photo.height() - side);
        let before = image::imageops::crop_imm(&photo, x0, y0, side, side).to_image();
        // After: the cut-out over a light checkerboard (transparency visible).
        let mut after = RgbaImage::from_fn(side, side, |x, y| {
            let v = if (x / 12 + y / 12) % 2 == 0 { 255 } else { 232 };
            image::Rgba([v, v, v, 255])
        });
        let out = rgba(&s.cleaned);
        let (ox, oy) = origin(&s.cleaned, CleanOptions::default().margin_px);
        image::imageops::overlay(
            &mut after,
            &out,
            i64::from(ox) - i64::from(x0),
            i64::from(oy) - i64::from(y0),
        );
        let (col, row) = ((k % 2) as u32 * 2, (k / 2) as u32);
        let (bx, by) = (col * TILE + (k % 2) as u32 * 10, row * (TILE + 4));
        let small = |img: &RgbaImage| resize(img, TILE, TILE, FilterType::Triangle);
        image::imageops::overlay(&mut grid, &small(&before), i64::from(bx), i64::from(by));
        image::imageops::overlay(
            &mut grid,
            &small(&after),
            i64::from(bx + TILE),
            i64::from(by),
        );
    }
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/img");
    std::fs::create_dir_all(dir).unwrap();
    let rgb = DynamicImage::ImageRgba8(grid).to_rgb8();
    rgb.save(format!("{dir}/seal-clean-grid.png")).unwrap();
}

/// The benchmark's directory (`benches/clean.sh` sets it).
fn bench_dir() -> std::path::PathBuf {
    std::path::PathBuf::from(std::env::var_os("CLEAN_BENCH_DIR").expect("CLEAN_BENCH_DIR"))
}

#[test]
#[ignore = "benches/clean.sh: writes the 12 MP photo and its truth into $CLEAN_BENCH_DIR"]
fn bench_write_photo() {
    let dir = bench_dir();
    let p = twelve_megapixel_spec().make();
    std::fs::write(dir.join("photo.jpg"), &p.bytes).unwrap();
    p.ink.save(dir.join("ink.png")).unwrap();
    p.text.save(dir.join("text.png")).unwrap();
}

#[test]
#[ignore = "benches/clean.sh: scores every NAME.png in $CLEAN_BENCH_DIR placed at NAME.origin"]
fn bench_score_outputs() {
    let dir = bench_dir();
    let ink = image::open(dir.join("ink.png")).unwrap().to_luma8();
    let text = image::open(dir.join("text.png")).unwrap().to_luma8();
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| {
            let name = e.unwrap().file_name().into_string().unwrap();
            name.strip_suffix(".origin").map(str::to_string)
        })
        .collect();
    names.sort();
    for name in names {
        let at = std::fs::read_to_string(dir.join(format!("{name}.origin"))).unwrap();
        let xy: Vec<u32> = at.split_whitespace().map(|v| v.parse().unwrap()).collect();
        let out = image::open(dir.join(format!("{name}.png")))
            .unwrap()
            .to_rgba8();
        let alpha = clean_set::alpha_in_input(&out, (xy[0], xy[1]), ink.width(), ink.height());
        let s = score(&alpha, &ink, &text);
        println!(
            "score {name} iou {:.3} print_kept {:.2}",
            s.iou,
            s.text_kept * 100.0
        );
    }
}
