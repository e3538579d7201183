//! Cutting a seal out of a photo (D17, 扫描印章): `catool::seal::clean`.
//!
//! Every test works on photos synthesised here with known ground truth: a red round seal
//! (ring, star, Chinese text along the arc and across the bottom) drawn into a mask, then a
//! "photo" composed from it: yellowed, textured paper, uneven lighting with a shadow, black
//! printed text crossing the seal, the whole page turned by 7°, a slight blur and JPEG
//! compression. A square name seal (人名章) is drawn the same way for straightening.
//!
//! Two ignored tests do more than check:
//! - `cargo test --release --test seal_clean -- --ignored --nocapture twelve_megapixel`
//!   times a 12 MP photo;
//! - `cargo test --release --test seal_clean -- --ignored readme_samples` rewrites
//!   `assets/seals/photo-before.jpg` and `photo-after.png`.

use std::sync::OnceLock;
use std::time::Instant;

use ab_glyph::{FontRef, PxScale};
use catool::error::Error;
use catool::seal::clean::{CleanOptions, Cleaned, clean, clean_image, decode_limited};
use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::PngEncoder;
use image::{DynamicImage, GrayImage, ImageEncoder, Luma, Rgb, RgbImage, RgbaImage};
use imageproc::drawing::{draw_filled_circle_mut, draw_polygon_mut, draw_text_mut};
use imageproc::geometric_transformations::{Border, Interpolation, rotate_about_center};
use imageproc::point::Point;

// ---------------------------------------------------------------------------------------------
// Synthesis.

fn font() -> FontRef<'static> {
    static BYTES: OnceLock<Vec<u8>> = OnceLock::new();
    let bytes = BYTES.get_or_init(|| {
        std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/assets/fonts/NotoSerifSC-Bold-GB2312.otf"
        ))
        .unwrap()
    });
    FontRef::try_from_slice(bytes).unwrap()
}

/// Deterministic pseudo-random numbers (64-bit LCG, top bits).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> f32 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 40) as f32 / (1u64 << 24) as f32
    }

    /// Uniform in [-1, 1).
    fn signed(&mut self) -> f32 {
        self.next() * 2.0 - 1.0
    }
}

/// What to draw.
#[derive(Clone, Copy)]
struct Scene {
    w: u32,
    h: u32,
    /// Seal centre and outer radius, in page pixels before the page is turned.
    cx: f32,
    cy: f32,
    r: f32,
    /// Clockwise turn of the whole page (seal and print).
    angle_deg: f32,
    seal: bool,
    /// A square name seal (人名章) instead of the round contract seal.
    square: bool,
    jpeg_quality: u8,
}

impl Scene {
    fn standard() -> Scene {
        Scene {
            w: 1200,
            h: 1200,
            cx: 640.0,
            cy: 610.0,
            r: 360.0,
            angle_deg: 7.0,
            seal: true,
            square: false,
            jpeg_quality: 80,
        }
    }
}

/// A synthetic photo and its ground truth (in photo pixels).
struct Photo {
    jpeg: Vec<u8>,
    img: DynamicImage,
    /// Seal ink, 255 where at least half covered.
    seal: GrayImage,
    /// Seal ink coverage (0 = no ink at all).
    seal_cov: GrayImage,
    /// Black print, 255 where at least half covered.
    text: GrayImage,
}

impl Photo {
    /// Ink that should be found: the seal where no black print covers it.
    fn visible_seal(&self, x: u32, y: u32) -> bool {
        self.seal.get_pixel(x, y)[0] != 0 && self.text.get_pixel(x, y)[0] == 0
    }
}

/// Draws `glyph` (text of one character) centred at (x, y), turned clockwise by `deg`.
fn stamp_glyph(mask: &mut GrayImage, glyph: &str, size: f32, x: f32, y: f32, deg: f32) {
    let font = font();
    let side = (size * 2.0) as u32;
    let mut g = GrayImage::new(side, side);
    draw_text_mut(
        &mut g,
        Luma([255]),
        (size / 2.0) as i32,
        (size / 2.0) as i32,
        PxScale::from(size),
        &font,
        glyph,
    );
    // Centre of the inked part of the glyph.
    let (mut x0, mut y0, mut x1, mut y1) = (side, side, 0, 0);
    for (gx, gy, p) in g.enumerate_pixels() {
        if p[0] > 0 {
            x0 = x0.min(gx);
            y0 = y0.min(gy);
            x1 = x1.max(gx);
            y1 = y1.max(gy);
        }
    }
    if x0 > x1 {
        return;
    }
    let sx = (x0 + x1) as f32 / 2.0;
    let sy = (y0 + y1) as f32 / 2.0;
    let (s, c) = deg.to_radians().sin_cos();
    let reach = size as i32;
    for dy in -reach..=reach {
        for dx in -reach..=reach {
            let (tx, ty) = (x as i32 + dx, y as i32 + dy);
            if tx < 0 || ty < 0 || tx >= mask.width() as i32 || ty >= mask.height() as i32 {
                continue;
            }
            // Inverse of a clockwise turn.
            let (fx, fy) = (dx as f32, dy as f32);
            let gx = fx * c + fy * s + sx;
            let gy = -fx * s + fy * c + sy;
            if gx < 0.0 || gy < 0.0 || gx >= (side - 1) as f32 || gy >= (side - 1) as f32 {
                continue;
            }
            let (ix, iy) = (gx as u32, gy as u32);
            let (ax, ay) = (gx - ix as f32, gy - iy as f32);
            let v = f32::from(g.get_pixel(ix, iy)[0]) * (1.0 - ax) * (1.0 - ay)
                + f32::from(g.get_pixel(ix + 1, iy)[0]) * ax * (1.0 - ay)
                + f32::from(g.get_pixel(ix, iy + 1)[0]) * (1.0 - ax) * ay
                + f32::from(g.get_pixel(ix + 1, iy + 1)[0]) * ax * ay;
            let p = mask.get_pixel_mut(tx as u32, ty as u32);
            p[0] = p[0].max(v.round() as u8);
        }
    }
}

/// The seal of 龙口市恒通汽车贸易有限公司 (contract seal), drawn upright.
fn draw_seal(mask: &mut GrayImage, cx: f32, cy: f32, r: f32) {
    let ring = r * 0.075;
    draw_filled_circle_mut(mask, (cx as i32, cy as i32), r as i32, Luma([255]));
    draw_filled_circle_mut(mask, (cx as i32, cy as i32), (r - ring) as i32, Luma([0]));

    // Five-pointed star, tip up.
    let (outer, inner) = (r * 0.25, r * 0.25 * 0.382);
    let star: Vec<Point<i32>> = (0..10)
        .map(|k| {
            let rad = if k % 2 == 0 { outer } else { inner };
            let a = (k as f32 * 36.0).to_radians();
            Point::new(
                (cx + rad * a.sin()).round() as i32,
                (cy - rad * a.cos()).round() as i32,
            )
        })
        .collect();
    draw_polygon_mut(mask, &star, Luma([255]));

    // Company name along the upper arc, tops pointing outwards.
    let name: Vec<char> = "龙口市恒通汽车贸易有限公司".chars().collect();
    let size = r * 0.21;
    let rt = r - ring - size * 0.62;
    let span = 236.0f32;
    for (i, ch) in name.iter().enumerate() {
        let phi = -span / 2.0 + span * i as f32 / (name.len() - 1) as f32;
        let a = phi.to_radians();
        stamp_glyph(
            mask,
            &ch.to_string(),
            size,
            cx + rt * a.sin(),
            cy - rt * a.cos(),
            phi,
        );
    }
    // Seal kind across the bottom.
    let kind: Vec<char> = "合同专用章".chars().collect();
    let ks = r * 0.16;
    for (i, ch) in kind.iter().enumerate() {
        let x = cx + (i as f32 - 2.0) * ks * 1.02;
        stamp_glyph(mask, &ch.to_string(), ks, x, cy + r * 0.5, 0.0);
    }
    // Registration number along the lower arc, tops pointing inwards.
    let digits: Vec<char> = "3706810012345".chars().collect();
    let ds = r * 0.085;
    let rd = r - ring - ds * 0.75;
    let dspan = 70.0f32;
    for (i, ch) in digits.iter().enumerate() {
        let phi = -dspan / 2.0 + dspan * i as f32 / (digits.len() - 1) as f32;
        let a = phi.to_radians();
        stamp_glyph(
            mask,
            &ch.to_string(),
            ds,
            cx + rd * a.sin(),
            cy + rd * a.cos(),
            -phi,
        );
    }
}

/// A square name seal (人名章) of 王建国: border and four characters, drawn upright;
/// `half` is half the side.
fn draw_square_seal(mask: &mut GrayImage, cx: f32, cy: f32, half: f32) {
    let border = half * 0.09;
    for y in (cy - half) as u32..(cy + half) as u32 {
        for x in (cx - half) as u32..(cx + half) as u32 {
            let (dx, dy) = ((x as f32 - cx).abs(), (y as f32 - cy).abs());
            if dx.max(dy) >= half - border {
                mask.put_pixel(x, y, Luma([255]));
            }
        }
    }
    let size = half * 0.8;
    let off = half * 0.42;
    // Read in columns from the right, as name seals are: 王建 on the right, 国印 on the left.
    let cells = [
        ("王", 1.0, -1.0),
        ("建", 1.0, 1.0),
        ("国", -1.0, -1.0),
        ("印", -1.0, 1.0),
    ];
    for (ch, sx, sy) in cells {
        stamp_glyph(mask, ch, size, cx + sx * off, cy + sy * off, 0.0);
    }
}

/// Black print of a bid form page: a paragraph above, signature lines crossing the seal, a
/// table rule.
fn draw_print(mask: &mut GrayImage, scene: &Scene) {
    let font = font();
    let k = scene.w as f32 / 1200.0;
    let size = 34.0 * k;
    let lines = [
        "投标函",
        "致：龙口市公共资源交易中心",
        "根据贵方招标项目的招标文件，我方按要求提交投标文件，",
        "并保证所提交材料真实有效，愿承担相应法律责任。",
        "",
        "投标人（盖章）：龙口市恒通汽车贸易有限公司",
        "法定代表人或其委托代理人（签字）：王建国",
        "统一社会信用代码：91370681MA3C4XYZ7Q",
        "日期：二〇二五年十一月二十五日",
        "",
        "附件：授权委托书、营业执照副本复印件",
    ];
    let x0 = (110.0 * k) as i32;
    let mut y = 120.0 * k;
    for line in lines {
        draw_text_mut(
            mask,
            Luma([255]),
            x0,
            y as i32,
            PxScale::from(size),
            &font,
            line,
        );
        y += size * 2.0;
    }
    // Table rule, 3 px, across the lower half of the seal.
    let ry = (scene.cy + scene.r * 0.72) as u32;
    for yy in ry..ry + (3.0 * k).max(1.0) as u32 {
        for xx in (60.0 * k) as u32..scene.w - (60.0 * k) as u32 {
            mask.put_pixel(xx, yy, Luma([255]));
        }
    }
}

fn binary(m: &GrayImage) -> GrayImage {
    GrayImage::from_fn(m.width(), m.height(), |x, y| {
        Luma([if m.get_pixel(x, y)[0] >= 128 { 255 } else { 0 }])
    })
}

fn synthesise(scene: &Scene) -> Photo {
    let (w, h) = (scene.w, scene.h);
    let mut seal = GrayImage::new(w, h);
    if scene.seal && scene.square {
        draw_square_seal(&mut seal, scene.cx, scene.cy, scene.r);
    } else if scene.seal {
        draw_seal(&mut seal, scene.cx, scene.cy, scene.r);
    }
    let mut text = GrayImage::new(w, h);
    draw_print(&mut text, scene);
    let theta = scene.angle_deg.to_radians();
    let seal = rotate_about_center(
        &seal,
        theta,
        Interpolation::Bilinear,
        Border::Constant(Luma([0])),
    );
    let text = rotate_about_center(
        &text,
        theta,
        Interpolation::Bilinear,
        Border::Constant(Luma([0])),
    );

    // Coarse blotches of yellowing and ink mottle.
    let mut rng = Lcg(0x5EA1_C1EA);
    let g = 13usize;
    let blotch: Vec<f32> = (0..g * g).map(|_| rng.signed()).collect();
    let mottle: Vec<f32> = (0..g * g * 4).map(|_| rng.next()).collect();
    let coarse = |grid: &[f32], n: usize, x: u32, y: u32| {
        let fx = x as f32 / w as f32 * (n - 1) as f32;
        let fy = y as f32 / h as f32 * (n - 1) as f32;
        let (ix, iy) = ((fx as usize).min(n - 2), (fy as usize).min(n - 2));
        let (ax, ay) = (fx - ix as f32, fy - iy as f32);
        let at = |i: usize, j: usize| grid[j * n + i];
        at(ix, iy) * (1.0 - ax) * (1.0 - ay)
            + at(ix + 1, iy) * ax * (1.0 - ay)
            + at(ix, iy + 1) * (1.0 - ax) * ay
            + at(ix + 1, iy + 1) * ax * ay
    };

    let paper = [236.0f32, 224.0, 188.0];
    let ink = [0.93f32, 0.27, 0.20]; // vermilion transmittance
    let tint = [1.0f32, 0.98, 0.92]; // warm lamp
    let mut photo = RgbImage::new(w, h);
    for y in 0..h {
        for x in 0..w {
            let (u, v) = (x as f32 / w as f32, y as f32 / h as f32);
            // Light from the upper right, vignette, and a soft shadow over the lower left.
            let mut light = 0.58 + 0.42 * (0.6 * u + 0.4 * (1.0 - v));
            let (du, dv) = (u - 0.6, v - 0.45);
            light *= 1.0 - 0.35 * (du * du + dv * dv);
            let edge = (v - u) * 1.0 - 0.35;
            light *= 1.0 - 0.3 / (1.0 + (-edge * 25.0).exp());

            let fine = rng.signed();
            let b = coarse(&blotch, g, x, y);
            let ic = f32::from(seal.get_pixel(x, y)[0]) / 255.0;
            let density = 0.8 + 0.2 * coarse(&mottle, g * 2, x, y) * (0.85 + 0.15 * rng.next());
            let tc = f32::from(text.get_pixel(x, y)[0]) / 255.0;
            let mut px = [0u8; 3];
            for c in 0..3 {
                let yellowing = if c == 2 { 0.06 * b } else { 0.025 * b };
                let p = paper[c] * (1.0 + 0.03 * fine + yellowing);
                let t_ink = 1.0 - ic * density * (1.0 - ink[c]);
                let t_txt = 1.0 - tc * 0.9;
                px[c] = (p * t_ink * t_txt * light * tint[c]).clamp(0.0, 255.0) as u8;
            }
            photo.put_pixel(x, y, Rgb(px));
        }
    }
    let photo = imageproc::filter::gaussian_blur_f32(&photo, 1.0);
    let mut jpeg = Vec::new();
    JpegEncoder::new_with_quality(&mut jpeg, scene.jpeg_quality)
        .encode_image(&photo)
        .unwrap();
    let img = image::load_from_memory(&jpeg).unwrap();
    Photo {
        jpeg,
        img,
        seal: binary(&seal),
        seal_cov: seal,
        text: binary(&text),
    }
}

/// The standard photo, made once per test run.
fn photo() -> &'static Photo {
    static PHOTO: OnceLock<Photo> = OnceLock::new();
    PHOTO.get_or_init(|| synthesise(&Scene::standard()))
}

fn cleaned_standard() -> &'static Cleaned {
    static CLEANED: OnceLock<Cleaned> = OnceLock::new();
    CLEANED.get_or_init(|| clean_image(&photo().img, &CleanOptions::default()).unwrap())
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

fn bad_input_message<T>(r: Result<T, Error>) -> String {
    match r {
        Err(Error::BadInput(m)) => m,
        Err(other) => panic!("expected BadInput, got {other:?}"),
        Ok(_) => panic!("expected BadInput, got success"),
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

fn crc32(data: &[u8]) -> u32 {
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

fn iou(c: &Cleaned, p: &Photo) -> f64 {
    let (ox, oy) = origin(c, CleanOptions::default().margin_px);
    let (w, h) = p.seal.dimensions();
    let (mut inter, mut uni) = (0u64, 0u64);
    for y in 0..h {
        for x in 0..w {
            let truth = p.visible_seal(x, y);
            let found = x >= ox
                && y >= oy
                && x - ox < c.mask.width()
                && y - oy < c.mask.height()
                && c.mask.get_pixel(x - ox, y - oy)[0] == 255;
            inter += u64::from(truth && found);
            uni += u64::from(truth || found);
        }
    }
    inter as f64 / uni as f64
}

// ---------------------------------------------------------------------------------------------
// Extraction quality.

#[test]
fn extracted_ink_matches_the_ground_truth_seal_with_iou_at_least_0_9() {
    let iou = iou(cleaned_standard(), photo());
    eprintln!("IoU = {iou:.4}");
    assert!(iou >= 0.9, "IoU {iou:.4} < 0.9");
}

#[test]
fn no_black_text_pixel_survives_where_print_crosses_the_seal() {
    let c = cleaned_standard();
    let p = photo();
    let out = rgba(c);
    let (ox, oy) = origin(c, CleanOptions::default().margin_px);
    let (mut crossing, mut surviving) = (0u32, 0u32);
    for (x, y, a) in out.enumerate_pixels() {
        if p.text.get_pixel(x + ox, y + oy)[0] != 0 {
            crossing += u32::from(p.seal.get_pixel(x + ox, y + oy)[0] != 0);
            surviving += u32::from(a[3] != 0);
        }
    }
    assert!(
        crossing > 1000,
        "the print must cross the seal ({crossing} pixels)"
    );
    assert_eq!(surviving, 0, "black text pixels with alpha > 0");
}

#[test]
fn paper_around_the_seal_is_fully_transparent() {
    let c = cleaned_standard();
    let out = rgba(c);
    let (w, h) = out.dimensions();
    for (x, y) in [(0, 0), (w - 1, 0), (0, h - 1), (w - 1, h - 1)] {
        assert_eq!(out.get_pixel(x, y)[3], 0, "corner ({x}, {y})");
    }
    // The whole margin band and all paper inside the crop (no ink at all within 2 px).
    let p = photo();
    let (ox, oy) = origin(c, CleanOptions::default().margin_px);
    let mut stray = 0u32;
    for (x, y, px) in out.enumerate_pixels() {
        let (ix, iy) = (x + ox, y + oy);
        let near_seal = (ix.saturating_sub(2)..=(ix + 2).min(p.seal.width() - 1)).any(|xx| {
            (iy.saturating_sub(2)..=(iy + 2).min(p.seal.height() - 1))
                .any(|yy| p.seal_cov.get_pixel(xx, yy)[0] != 0)
        });
        if !near_seal && px[3] != 0 {
            stray += 1;
        }
    }
    assert_eq!(stray, 0, "opaque pixels farther than 2 px from any ink");
}

#[test]
fn ink_is_red_and_opaque_where_the_seal_is_solid() {
    let c = cleaned_standard();
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
        mean[0] > 180 && mean[1] < 120 && mean[2] < 110,
        "ink colour {mean:?}"
    );
    assert!(mean[3] > 200, "mean ink alpha {}", mean[3]);
}

#[test]
fn output_is_cropped_to_the_seal_plus_the_margin() {
    let c = cleaned_standard();
    let r = &c.report;
    let m = CleanOptions::default().margin_px;
    assert_eq!(
        (r.output_width, r.output_height),
        (r.bbox[2] + 2 * m, r.bbox[3] + 2 * m)
    );
    assert_eq!(c.mask.dimensions(), (r.output_width, r.output_height));
    let out = rgba(c);
    assert_eq!(out.dimensions(), (r.output_width, r.output_height));
    // The seal's diameter is 720 px; the crop is not much larger.
    assert!(
        (700..800).contains(&r.bbox[2]) && (700..800).contains(&r.bbox[3]),
        "{r:?}"
    );
    assert_eq!(r.rotation_deg, 0.0);
    assert_eq!((r.input_width, r.input_height), (1200, 1200));
    assert!(r.ink_pixels > 10_000);
    assert!((r.ink_fraction - r.ink_pixels as f64 / 1_440_000.0).abs() < 1e-12);
}

#[test]
fn margin_is_clamped_to_the_picture() {
    let opts = CleanOptions {
        margin_px: 10_000,
        ..CleanOptions::default()
    };
    let c = clean_image(&photo().img, &opts).unwrap();
    assert_eq!(
        (c.report.output_width, c.report.output_height),
        (1200, 1200)
    );
}

#[test]
fn normalize_color_paints_every_ink_pixel_in_that_colour() {
    let opts = CleanOptions {
        normalize_color: Some([200, 16, 32]),
        ..CleanOptions::default()
    };
    let c = clean_image(&photo().img, &opts).unwrap();
    for px in rgba(&c).pixels() {
        assert_eq!([px[0], px[1], px[2]], [200, 16, 32]);
    }
}

#[test]
fn a_transparent_seal_png_is_read_as_ink_on_white_paper() {
    // Cleaning a cut-out again: transparency counts as paper, so the same seal comes back.
    let first = cleaned_standard();
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
    let p = photo();
    let a = clean(&p.jpeg, &CleanOptions::default()).unwrap();
    let b = clean(&p.jpeg, &CleanOptions::default()).unwrap();
    assert_eq!(a.png, b.png);
    assert_eq!(a.report, b.report);
}

#[test]
fn straighten_recovers_a_7_degree_tilt_within_2_degrees() {
    let opts = CleanOptions {
        straighten: true,
        ..CleanOptions::default()
    };
    let c = clean_image(&photo().img, &opts).unwrap();
    let deg = c.report.rotation_deg;
    eprintln!("rotation_deg = {deg}");
    assert!((deg - 7.0).abs() <= 2.0, "rotation_deg {deg}");
    assert_eq!(
        c.mask.dimensions(),
        (c.report.output_width, c.report.output_height)
    );
}

#[test]
fn straighten_leaves_an_upright_seal_alone() {
    let scene = Scene {
        w: 700,
        h: 700,
        cx: 350.0,
        cy: 350.0,
        r: 250.0,
        angle_deg: 0.0,
        ..Scene::standard()
    };
    let c = clean_image(
        &synthesise(&scene).img,
        &CleanOptions {
            straighten: true,
            ..CleanOptions::default()
        },
    )
    .unwrap();
    assert!(
        c.report.rotation_deg.abs() <= 1.0,
        "rotation_deg {}",
        c.report.rotation_deg
    );
}

#[test]
fn straighten_squares_up_a_tilted_square_name_seal() {
    let scene = Scene {
        w: 700,
        h: 700,
        cx: 350.0,
        cy: 360.0,
        r: 200.0,
        angle_deg: -10.0,
        square: true,
        ..Scene::standard()
    };
    let opts = CleanOptions {
        straighten: true,
        ..CleanOptions::default()
    };
    let c = clean_image(&synthesise(&scene).img, &opts).unwrap();
    let deg = c.report.rotation_deg;
    assert!((deg + 10.0).abs() <= 2.0, "rotation_deg {deg}");
    // Upright again: the 400 px square fits a box barely larger than itself.
    let m = opts.margin_px;
    let side = c.report.output_width.max(c.report.output_height) - 2 * m;
    assert!(side < 420, "straightened seal spans {side} px");
}

// ---------------------------------------------------------------------------------------------
// Refusals.

#[test]
fn picture_without_a_seal_is_bad_input_no_seal_found() {
    let scene = Scene {
        w: 600,
        h: 600,
        cx: 300.0,
        cy: 300.0,
        r: 200.0,
        seal: false,
        ..Scene::standard()
    };
    let msg = bad_input_message(clean(&synthesise(&scene).jpeg, &CleanOptions::default()));
    assert!(
        msg.starts_with("no seal found: no red ink in the picture"),
        "{msg}"
    );
}

#[test]
fn blank_white_picture_is_bad_input_no_seal_found() {
    let white = GrayImage::from_pixel(300, 200, Luma([255]));
    let msg = bad_input_message(clean(&png_bytes(&white), &CleanOptions::default()));
    assert!(msg.starts_with("no seal found"), "{msg}");
}

#[test]
fn bytes_that_are_not_an_image_are_bad_input() {
    let msg = bad_input_message(clean(
        b"%PDF-1.7\n this is not a picture",
        &CleanOptions::default(),
    ));
    assert_eq!(msg, "not an image (expected PNG or JPEG)");
    let msg = bad_input_message(decode_limited(b"", 1000));
    assert_eq!(msg, "not an image (expected PNG or JPEG)");
}

#[test]
fn truncated_png_is_bad_input_naming_truncation() {
    let mut rng = Lcg(7);
    let noisy = GrayImage::from_fn(200, 200, |_, _| Luma([(rng.next() * 255.0) as u8]));
    let bytes = png_bytes(&noisy);
    let msg = bad_input_message(clean(&bytes[..bytes.len() / 2], &CleanOptions::default()));
    assert!(msg.contains("truncated"), "{msg}");
}

#[test]
fn truncated_jpeg_is_bad_input() {
    let jpeg = &photo().jpeg;
    let msg = bad_input_message(decode_limited(&jpeg[..jpeg.len() / 3], 50_000_000));
    assert!(msg.contains("truncated"), "{msg}");
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

    let started = Instant::now();
    let msg = bad_input_message(clean(&bytes, &CleanOptions::default()));
    assert!(
        started.elapsed().as_millis() < 500,
        "took {:?}",
        started.elapsed()
    );
    assert!(msg.contains("20000x20000"), "{msg}");
    assert!(msg.contains("50000000"), "{msg}");
}

#[test]
fn picture_over_a_custom_pixel_limit_is_refused() {
    let img = GrayImage::new(100, 100);
    let msg = bad_input_message(decode_limited(&png_bytes(&img), 9_999));
    assert!(msg.contains("100x100") && msg.contains("9999"), "{msg}");
    let opts = CleanOptions {
        max_pixels: 9_999,
        ..CleanOptions::default()
    };
    let msg = bad_input_message(clean_image(&DynamicImage::ImageLuma8(img), &opts));
    assert!(msg.contains("100x100"), "{msg}");
}

#[test]
fn default_pixel_limit_is_50_megapixels() {
    assert_eq!(CleanOptions::default().max_pixels, 50_000_000);
    assert_eq!(CleanOptions::default().margin_px, 8);
    assert!(!CleanOptions::default().straighten);
    assert_eq!(CleanOptions::default().normalize_color, None);
}

// ---------------------------------------------------------------------------------------------
// Timing and README samples (ignored: run them explicitly, in release).

#[test]
#[ignore = "timing: run with --release -- --ignored --nocapture"]
fn twelve_megapixel_photo_is_cleaned_in_under_300_ms() {
    let scene = Scene {
        w: 4000,
        h: 3000,
        cx: 2100.0,
        cy: 1500.0,
        r: 1050.0,
        ..Scene::standard()
    };
    let p = synthesise(&scene);
    let opts = CleanOptions::default();
    let _ = clean_image(&p.img, &opts).unwrap(); // warm-up
    let mut best = u128::MAX;
    for _ in 0..5 {
        let t = Instant::now();
        let c = clean_image(&p.img, &opts).unwrap();
        best = best.min(t.elapsed().as_millis());
        assert!(c.report.ink_pixels > 100_000);
    }
    let t = Instant::now();
    let c = clean(&p.jpeg, &opts).unwrap();
    let end_to_end = t.elapsed().as_millis();
    let t = Instant::now();
    let s = clean_image(
        &p.img,
        &CleanOptions {
            straighten: true,
            ..opts.clone()
        },
    )
    .unwrap();
    let straighten = t.elapsed().as_millis();
    println!(
        "12 MP: clean_image {best} ms (best of 5); clean() incl. JPEG decode + PNG encode \
         {end_to_end} ms ({} KB PNG, {}x{}); with straighten {straighten} ms ({}°)",
        c.png.len() / 1024,
        c.report.output_width,
        c.report.output_height,
        s.report.rotation_deg
    );
    if !cfg!(debug_assertions) {
        assert!(best < 300, "clean_image took {best} ms");
    }
}

#[test]
#[ignore = "writes assets/seals/photo-before.jpg and photo-after.png"]
fn readme_samples() {
    let p = photo();
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/seals");
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(format!("{dir}/photo-before.jpg"), &p.jpeg).unwrap();
    let c = clean(
        &p.jpeg,
        &CleanOptions {
            straighten: true,
            ..CleanOptions::default()
        },
    )
    .unwrap();
    std::fs::write(format!("{dir}/photo-after.png"), &c.png).unwrap();
}
