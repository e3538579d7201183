//! Generator of synthetic seal photos with exact ground truth, for `tests/it/seal_clean.rs`.
//!
//! A seal is drawn by catool's own renderer (`catool::seal::render`, the `seal make`
//! drawing) and its alpha taken as ink coverage. A page of black print (lines of contract
//! text, ruled lines) is drawn around and across it. Both are warped into the "photo" through
//! a homography (perspective tilt), and the photo is formed the way a camera or scanner forms
//! it: paper colour and texture, ink density (mottle, speckle, a faded arc), lighting
//! gradient, vignette and shadow, light tint and exposure, Gaussian blur, sensor noise, and a
//! real JPEG encode. The ground truth is geometric, at photo resolution: a pixel is ink when
//! the seal design covers at least half of it (whatever the ink's density there), print
//! likewise.
//!
//! Everything is decided by a [`Spec`], which [`Spec::new`] draws at random from a seed for
//! one of three groups: `photo` (clean-ish phone photo), `dim` (dim, yellowed, faded ink,
//! stronger blur and JPEG loss) and `scan` (flat light, white paper, light JPEG). The same
//! seed gives the same bytes.

use ab_glyph::{FontRef, PxScale};
use catool::seal::render::{SealKind, SealSpec, render, square_seal_text};
use image::codecs::jpeg::JpegEncoder;
use image::{GrayImage, Luma, Rgb, Rgb32FImage, RgbImage};
use imageproc::drawing::draw_text_mut;

/// The bundled font (the seal renderer's), also used for the page's print.
pub fn font() -> FontRef<'static> {
    static BYTES: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    let bytes = BYTES.get_or_init(|| {
        std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/assets/fonts/NotoSerifSC-Bold-GB2312.otf"
        ))
        .expect("bundled font")
    });
    FontRef::try_from_slice(bytes).expect("bundled font parses")
}

/// SplitMix64: small, deterministic, good enough for test scenes.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x5EA1_C1EA_0000_0000)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    pub fn f(&mut self) -> f32 {
        (self.next_u64() >> 40) as f32 / (1u64 << 24) as f32
    }

    pub fn range(&mut self, lo: f32, hi: f32) -> f32 {
        lo + (hi - lo) * self.f()
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[(self.next_u64() % items.len() as u64) as usize]
    }

    /// Approximately standard normal (sum of four uniforms).
    pub fn normal(&mut self) -> f32 {
        (self.f() + self.f() + self.f() + self.f() - 2.0) * 1.732
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Group {
    /// A phone photo in reasonable light.
    Photo,
    /// Dim, yellowed paper, faded ink, more blur and JPEG loss.
    Dim,
    /// A flatbed scan.
    Scan,
}

impl Group {
    pub const ALL: [Group; 3] = [Group::Photo, Group::Dim, Group::Scan];

    pub fn name(self) -> &'static str {
        match self {
            Group::Photo => "photo",
            Group::Dim => "dim",
            Group::Scan => "scan",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    Round,
    Oval,
    Square,
}

impl Shape {
    pub const ALL: [Shape; 3] = [Shape::Round, Shape::Oval, Shape::Square];

    pub fn name(self) -> &'static str {
        match self {
            Shape::Round => "round",
            Shape::Oval => "oval",
            Shape::Square => "square",
        }
    }
}

/// Everything that decides a synthetic photo.
#[derive(Clone, Debug)]
pub struct Spec {
    pub group: Group,
    pub shape: Shape,
    pub seed: u64,
    pub width: u32,
    pub height: u32,
    /// Draw a seal at all (false: a page of print only).
    pub seal: bool,
    pub kind: SealKind,
    pub seal_text: String,
    /// Seal width in photo pixels (before perspective).
    pub seal_px: f32,
    /// Seal centre as a fraction of the page.
    pub centre: (f32, f32),
    /// Clockwise turn of the seal on the page, degrees.
    pub seal_turn_deg: f32,
    /// Clockwise turn of the whole page in the photo, degrees.
    pub page_turn_deg: f32,
    /// Perspective: each page corner moves by up to this fraction of the page size.
    pub perspective: f32,
    /// Ink transmittance per channel (1 = lets all light through).
    pub ink: [f32; 3],
    /// Ink density of solid ink (0..1).
    pub density: f32,
    /// Faded arc: (centre angle in degrees, half width in degrees, density multiplier there).
    pub fade: Option<(f32, f32, f32)>,
    /// Relative mottle of the ink density and share of speckle holes.
    pub mottle: f32,
    pub speckle: f32,
    /// Paper colour (0..1 reflectance) and texture amplitude.
    pub paper: [f32; 3],
    pub paper_texture: f32,
    /// Light: exposure, colour, gradient depth, vignette depth, shadow depth.
    pub exposure: f32,
    pub light_tint: [f32; 3],
    pub gradient: f32,
    pub vignette: f32,
    pub shadow: f32,
    /// Print: text size in pixels (0 = no text), darkness of text and of ruled lines.
    pub text_px: f32,
    pub text_dark: f32,
    pub rules: u32,
    pub rule_dark: f32,
    pub rule_px: f32,
    pub blur: f32,
    pub noise: f32,
    pub jpeg_quality: u8,
}

const COMPANIES: [&str; 6] = [
    "龙口市恒通汽车贸易有限公司",
    "山东华信建设工程有限公司",
    "青岛海润环保科技有限公司",
    "烟台市公共资源交易中心",
    "济南天诚信息技术股份有限公司",
    "威海蓝海物流有限公司",
];
const PEOPLE: [&str; 5] = ["王建国", "李红梅", "张伟", "刘志强", "陈静"];
const CODES: [&str; 3] = [
    "91370681MA3C4XYZ7Q",
    "91370200163562681G",
    "913706007060123456",
];
const PRINT: [&str; 12] = [
    "投标函",
    "致：龙口市公共资源交易中心",
    "根据贵方招标项目的招标文件，我方按要求提交投标文件，",
    "并保证所提交材料真实有效，愿承担相应法律责任。",
    "投标人（盖章）：",
    "法定代表人或其委托代理人（签字）：",
    "统一社会信用代码：91370681MA3C4XYZ7Q",
    "日期：二〇二五年十一月二十五日",
    "附件：授权委托书、营业执照副本复印件",
    "Contract No. 2025-0417  Amount: 1,280,000.00 CNY",
    "甲方（盖章）：            乙方（盖章）：",
    "本合同一式肆份，双方各执贰份，具有同等法律效力。",
];

impl Spec {
    /// A random scene of `group` with a seal of `shape`, decided by `seed`.
    pub fn new(group: Group, shape: Shape, seed: u64) -> Spec {
        let mut r = Rng::new(seed.wrapping_mul(31).wrapping_add(group as u64 * 7 + 1));
        let company = r.pick(&COMPANIES).to_string();
        let person = r.pick(&PEOPLE).to_string();
        let (kind, seal_text) = match shape {
            Shape::Round => (
                *r.pick(&[SealKind::Official, SealKind::Contract, SealKind::Finance]),
                company,
            ),
            Shape::Oval => (SealKind::Invoice, company),
            Shape::Square => (
                *r.pick(&[SealKind::Name, SealKind::LegalRep]),
                square_seal_text(&person).expect("2 to 4 characters"),
            ),
        };
        let (width, height) = match group {
            Group::Scan => (1100, 1200),
            _ => (1280, 1024),
        };
        // A seal filling a good part of the frame: 40 mm round and oval seals at about
        // 250–350 dpi, 20 mm square seals likewise (a flatbed scan: 300 dpi).
        let (lo, hi) = match group {
            Group::Scan => (270.0, 330.0),
            _ => (250.0, 350.0),
        };
        let dpi = r.range(lo, hi);
        let seal_px = match shape {
            Shape::Square => 20.0,
            _ => 40.0,
        } / 25.4
            * dpi;
        let inks = [
            [0.95, 0.24, 0.20], // vermilion 朱红
            [0.86, 0.12, 0.20], // crimson
            [0.97, 0.36, 0.24], // orange-red (印泥 worn)
            [0.90, 0.22, 0.36], // purplish red (红色印油)
        ];
        let mut ink = *r.pick(&inks);
        for c in &mut ink {
            *c = (*c + r.range(-0.03, 0.03)).clamp(0.05, 0.99);
        }
        let mut s = Spec {
            group,
            shape,
            seed,
            width,
            height,
            seal: true,
            kind,
            seal_text,
            seal_px,
            centre: (r.range(0.42, 0.58), r.range(0.42, 0.58)),
            seal_turn_deg: r.range(-20.0, 20.0),
            page_turn_deg: r.range(-6.0, 6.0),
            perspective: r.range(0.02, 0.06),
            ink,
            density: r.range(0.8, 1.0),
            fade: None,
            mottle: 0.12,
            speckle: 0.02,
            paper: [0.93, 0.92, 0.88],
            paper_texture: 0.02,
            exposure: r.range(0.85, 1.0),
            light_tint: [1.0, r.range(0.95, 1.0), r.range(0.86, 0.96)],
            gradient: r.range(0.15, 0.35),
            vignette: r.range(0.1, 0.25),
            shadow: if r.f() < 0.5 { r.range(0.1, 0.25) } else { 0.0 },
            text_px: dpi / 25.4 * r.range(3.2, 4.2),
            text_dark: r.range(0.85, 0.95),
            rules: 1 + (r.next_u64() % 2) as u32,
            rule_dark: r.range(0.55, 0.9),
            rule_px: r.range(1.0, 3.0),
            blur: r.range(0.7, 1.1),
            noise: r.range(2.0, 3.5),
            jpeg_quality: r.range(80.0, 90.0) as u8,
        };
        if r.f() < 0.5 {
            s.fade = Some((r.range(0.0, 360.0), r.range(30.0, 60.0), r.range(0.65, 0.8)));
        }
        match group {
            Group::Photo => {}
            Group::Dim => {
                s.density = r.range(0.6, 0.85);
                s.fade = Some((r.range(0.0, 360.0), r.range(50.0, 90.0), r.range(0.4, 0.6)));
                s.mottle = 0.2;
                s.speckle = 0.05;
                s.paper = [r.range(0.9, 0.94), r.range(0.82, 0.87), r.range(0.6, 0.7)];
                s.paper_texture = 0.035;
                s.exposure = r.range(0.5, 0.65);
                s.light_tint = [1.0, r.range(0.9, 0.95), r.range(0.72, 0.82)];
                s.gradient = r.range(0.3, 0.5);
                s.vignette = r.range(0.2, 0.35);
                s.blur = r.range(1.0, 1.5);
                s.noise = r.range(3.5, 5.5);
                s.jpeg_quality = r.range(65.0, 78.0) as u8;
            }
            Group::Scan => {
                s.perspective = 0.0;
                s.page_turn_deg = r.range(-1.5, 1.5);
                s.paper = [r.range(0.95, 0.98); 3];
                s.paper_texture = 0.008;
                s.exposure = 1.0;
                s.light_tint = [1.0, 1.0, 1.0];
                s.gradient = r.range(0.0, 0.04);
                s.vignette = 0.0;
                s.shadow = 0.0;
                s.fade = None;
                s.mottle = 0.08;
                s.speckle = 0.01;
                s.blur = r.range(0.45, 0.6);
                s.noise = 1.2;
                s.jpeg_quality = r.range(88.0, 94.0) as u8;
            }
        }
        s
    }

    /// `{group}-{shape}-{seed}`.
    pub fn name(&self) -> String {
        format!("{}-{}-{}", self.group.name(), self.shape.name(), self.seed)
    }

    /// Draws the photo.
    pub fn make(&self) -> Sample {
        make(self)
    }
}

/// A synthetic photo and its ground truth, in photo pixels.
pub struct Sample {
    pub name: String,
    pub spec: Spec,
    /// The photo as the camera or scanner wrote it (JPEG).
    pub bytes: Vec<u8>,
    /// 255 where the seal design covers at least half of the pixel.
    pub ink: GrayImage,
    /// 255 where black print (text, ruled lines) covers at least half of the pixel.
    pub text: GrayImage,
}

/// A homography as a row-major 3×3 matrix.
#[derive(Clone, Copy)]
struct Homography([f64; 9]);

impl Homography {
    /// The homography taking `from[i]` to `to[i]` (four point pairs).
    fn from_points(from: [(f64, f64); 4], to: [(f64, f64); 4]) -> Homography {
        // 8 unknowns (h33 = 1), Gaussian elimination with partial pivoting.
        let mut a = [[0f64; 9]; 8];
        for i in 0..4 {
            let ((x, y), (u, v)) = (from[i], to[i]);
            a[2 * i] = [x, y, 1.0, 0.0, 0.0, 0.0, -u * x, -u * y, u];
            a[2 * i + 1] = [0.0, 0.0, 0.0, x, y, 1.0, -v * x, -v * y, v];
        }
        for col in 0..8 {
            let piv = (col..8)
                .max_by(|&p, &q| a[p][col].abs().total_cmp(&a[q][col].abs()))
                .unwrap_or(col);
            a.swap(col, piv);
            let pivot = a[col];
            for (row, r) in a.iter_mut().enumerate() {
                if row != col {
                    let f = r[col] / pivot[col];
                    for (x, p) in r[col..].iter_mut().zip(&pivot[col..]) {
                        *x -= f * p;
                    }
                }
            }
        }
        let mut h = [0f64; 9];
        for i in 0..8 {
            h[i] = a[i][8] / a[i][i];
        }
        h[8] = 1.0;
        Homography(h)
    }

    fn apply(&self, x: f64, y: f64) -> (f32, f32) {
        let h = &self.0;
        let d = h[6] * x + h[7] * y + h[8];
        (
            ((h[0] * x + h[1] * y + h[2]) / d) as f32,
            ((h[3] * x + h[4] * y + h[5]) / d) as f32,
        )
    }
}

/// Bilinear sample of a coverage plane (0 outside).
fn bilinear(p: &[f32], w: usize, h: usize, x: f32, y: f32) -> f32 {
    if !(x >= 0.0 && y >= 0.0) {
        return 0.0;
    }
    let (ix, iy) = (x as usize, y as usize);
    if ix + 1 >= w || iy + 1 >= h {
        return 0.0;
    }
    let (fx, fy) = (x - ix as f32, y - iy as f32);
    let at = |i: usize, j: usize| p[j * w + i];
    at(ix, iy) * (1.0 - fx) * (1.0 - fy)
        + at(ix + 1, iy) * fx * (1.0 - fy)
        + at(ix, iy + 1) * (1.0 - fx) * fy
        + at(ix + 1, iy + 1) * fx * fy
}

/// Smooth value noise in [-1, 1] with features about `scale` pixels apart.
struct ValueNoise {
    n: usize,
    scale: f32,
    v: Vec<f32>,
}

impl ValueNoise {
    fn new(r: &mut Rng, extent: f32, scale: f32) -> ValueNoise {
        let n = (extent / scale).ceil() as usize + 3;
        ValueNoise {
            n,
            scale,
            v: (0..n * n).map(|_| r.f() * 2.0 - 1.0).collect(),
        }
    }

    fn at(&self, x: f32, y: f32) -> f32 {
        let max = (self.n - 2) as f32;
        let fx = (x / self.scale + 1.0).clamp(0.0, max);
        let fy = (y / self.scale + 1.0).clamp(0.0, max);
        let (ix, iy) = (fx as usize, fy as usize);
        let (tx, ty) = (fx - ix as f32, fy - iy as f32);
        let (tx, ty) = (tx * tx * (3.0 - 2.0 * tx), ty * ty * (3.0 - 2.0 * ty));
        let at = |i: usize, j: usize| self.v[j * self.n + i];
        at(ix, iy) * (1.0 - tx) * (1.0 - ty)
            + at(ix + 1, iy) * tx * (1.0 - ty)
            + at(ix, iy + 1) * (1.0 - tx) * ty
            + at(ix + 1, iy + 1) * tx * ty
    }
}

/// Black print of the page (coverage 0..1, page pixels): lines of text and ruled lines, some
/// of them across the seal at (cx, cy) with radius `r`.
fn draw_print(s: &Spec, r: &mut Rng, cx: f32, cy: f32, rad: f32) -> (Vec<f32>, Vec<f32>) {
    let (w, h) = (s.width, s.height);
    let mut text = GrayImage::new(w, h);
    if s.text_px > 0.0 {
        let font = font();
        let size = s.text_px;
        let step = size * r.range(1.7, 2.2);
        let mut y = r.range(0.3, 1.0) * step;
        let mut k = r.next_u64() as usize;
        while y < h as f32 - size {
            let x = r.range(0.04, 0.15) * w as f32;
            // Now and then a blank line, so that some of the seal sits on bare paper.
            if r.f() > 0.2 {
                let line = PRINT[k % PRINT.len()];
                draw_text_mut(
                    &mut text,
                    Luma([255]),
                    x as i32,
                    y as i32,
                    PxScale::from(size),
                    &font,
                    line,
                );
            }
            k += 1;
            y += step;
        }
    }
    let mut rules = GrayImage::new(w, h);
    for i in 0..s.rules {
        // Horizontal rules across the seal; the second one vertical now and then (a table).
        let off = r.range(-0.7, 0.7) * rad;
        let vertical = i == 1 && r.f() < 0.5;
        let (lo, hi) = (off - s.rule_px / 2.0, off + s.rule_px / 2.0);
        for y in 0..h {
            for x in 0..w {
                let t = if vertical {
                    x as f32 + 0.5 - cx
                } else {
                    y as f32 + 0.5 - cy
                };
                // Coverage of a pixel by the band [lo, hi].
                let c = ((t + 0.5).min(hi) - (t - 0.5).max(lo)).clamp(0.0, 1.0);
                if c > 0.0 {
                    let p = rules.get_pixel_mut(x, y);
                    p[0] = p[0].max((c * 255.0).round() as u8);
                }
            }
        }
    }
    let to_f = |g: &GrayImage| g.as_raw().iter().map(|&v| f32::from(v) / 255.0).collect();
    (to_f(&text), to_f(&rules))
}

fn make(s: &Spec) -> Sample {
    let mut r = Rng::new(s.seed.wrapping_mul(0x1234_5677) ^ (s.group as u64 + 11));
    let (w, h) = (s.width as usize, s.height as usize);
    let (cx, cy) = (s.centre.0 * w as f32, s.centre.1 * h as f32);

    // The seal, drawn by catool at a resolution that makes it `seal_px` wide.
    let (sw_mm, _) = s.kind.default_size_mm();
    let dpi = (s.seal_px / sw_mm * 25.4).round() as u32;
    let mut spec = SealSpec::new(s.kind, &s.seal_text);
    spec.dpi = dpi.clamp(72, 1200);
    if s.kind == SealKind::Invoice {
        spec.code = Some(r.pick(&CODES).to_string());
    } else if matches!(s.kind, SealKind::Contract | SealKind::Finance) && r.f() < 0.5 {
        spec.code = Some("3706810012345".to_string());
    }
    let (seal_w, seal_h, seal_cov) = if s.seal {
        let rendered = render(&spec).expect("seal renders");
        let rgba = image::load_from_memory(&rendered.png)
            .expect("rendered PNG")
            .to_rgba8();
        let cov: Vec<f32> = rgba.pixels().map(|p| f32::from(p[3]) / 255.0).collect();
        (rgba.width() as usize, rgba.height() as usize, cov)
    } else {
        (2, 2, vec![0.0; 4])
    };
    let rad = seal_w.max(seal_h) as f32 / 2.0;
    let (text_cov, rule_cov) = draw_print(s, &mut r, cx, cy, rad);

    // Photo pixel → page point: the page's corners move (perspective) and the page turns.
    let (wf, hf) = (w as f64, h as f64);
    let (ts, tc) = (f64::from(s.page_turn_deg).to_radians()).sin_cos();
    let corners = [(0.0, 0.0), (wf, 0.0), (wf, hf), (0.0, hf)];
    let mut moved = corners;
    for (i, c) in moved.iter_mut().enumerate() {
        let (dx, dy) = (c.0 - wf / 2.0, c.1 - hf / 2.0);
        let jx = f64::from(r.range(-1.0, 1.0) * s.perspective) * wf;
        let jy = f64::from(r.range(-1.0, 1.0) * s.perspective) * hf;
        // Keep the page filling the frame: corners move outwards a little on average.
        let out = 1.0 + f64::from(s.perspective) * if i % 2 == 0 { 1.0 } else { 1.2 };
        *c = (
            wf / 2.0 + (dx * tc - dy * ts) * out + jx,
            hf / 2.0 + (dx * ts + dy * tc) * out + jy,
        );
    }
    let photo_to_page = Homography::from_points(moved, corners);

    let (ss, sc) = s.seal_turn_deg.to_radians().sin_cos();
    let mottle = ValueNoise::new(&mut r, w.max(h) as f32, 9.0);
    let speckle = ValueNoise::new(&mut r, w.max(h) as f32, 2.5);
    let texture = ValueNoise::new(&mut r, w.max(h) as f32, 3.0);
    let blotch = ValueNoise::new(&mut r, w.max(h) as f32, 160.0);
    let grad_dir = r.range(0.0, std::f32::consts::TAU);
    let shadow_dir = r.range(0.0, std::f32::consts::TAU);
    let shadow_off = r.range(0.15, 0.4);

    let mut ink = GrayImage::new(s.width, s.height);
    let mut text = GrayImage::new(s.width, s.height);
    let mut img = Rgb32FImage::new(s.width, s.height);
    let diag = ((w * w + h * h) as f32).sqrt();
    for y in 0..h {
        for x in 0..w {
            let (px, py) = photo_to_page.apply(x as f64 + 0.5, y as f64 + 0.5);
            // Seal coverage: page point → seal pixel (turned about the seal centre).
            let (dx, dy) = (px - cx, py - cy);
            let u = dx * sc + dy * ss + seal_w as f32 / 2.0 - 0.5;
            let v = -dx * ss + dy * sc + seal_h as f32 / 2.0 - 0.5;
            let a = bilinear(&seal_cov, seal_w, seal_h, u, v);
            let t = bilinear(&text_cov, w, h, px - 0.5, py - 0.5);
            let l = bilinear(&rule_cov, w, h, px - 0.5, py - 0.5);
            if a >= 0.5 {
                ink.put_pixel(x as u32, y as u32, Luma([255]));
            }
            if t.max(l) >= 0.5 {
                text.put_pixel(x as u32, y as u32, Luma([255]));
            }

            // Ink density: mottle, speckle holes, the faded arc.
            let mut dens = s.density * (1.0 + s.mottle * mottle.at(px, py));
            if speckle.at(px, py) > 1.0 - 2.0 * s.speckle * 4.0 {
                dens *= 0.35;
            }
            if let Some((centre, half, depth)) = s.fade {
                let ang = dy.atan2(dx).to_degrees();
                let d = ((ang - centre + 540.0).rem_euclid(360.0) - 180.0).abs();
                if d < half * 1.5 {
                    let k = ((d / (half * 1.5)) * std::f32::consts::PI).cos() * 0.5 + 0.5;
                    dens *= 1.0 - (1.0 - depth) * k.min(1.0);
                }
            }
            let dens = dens.clamp(0.0, 1.0);

            // Light at this photo pixel.
            let (nx, ny) = (x as f32 / w as f32 - 0.5, y as f32 / h as f32 - 0.5);
            let along = nx * grad_dir.cos() + ny * grad_dir.sin();
            let mut light = s.exposure * (1.0 - s.gradient * (0.5 - along).clamp(0.0, 1.0));
            let rr = ((x as f32 - w as f32 / 2.0).powi(2) + (y as f32 - h as f32 / 2.0).powi(2))
                .sqrt()
                / (diag / 2.0);
            light *= 1.0 - s.vignette * rr * rr;
            if s.shadow > 0.0 {
                let e = nx * shadow_dir.cos() + ny * shadow_dir.sin() - shadow_off;
                light *= 1.0 - s.shadow / (1.0 + (-e * 30.0).exp());
            }
            let paper_k = 1.0 + s.paper_texture * texture.at(px, py);
            let yellow = 0.03 * blotch.at(px, py);
            let print = 1.0 - (t * s.text_dark).max(l * s.rule_dark);
            let mut out = [0f32; 3];
            for (c, o) in out.iter_mut().enumerate() {
                let paper = s.paper[c] * paper_k * (1.0 + if c == 2 { 2.0 } else { 0.6 } * yellow);
                let t_ink = 1.0 - a * dens * (1.0 - s.ink[c]);
                *o = 255.0 * light * s.light_tint[c] * paper * t_ink * print;
            }
            img.put_pixel(x as u32, y as u32, Rgb(out));
        }
    }
    let img = if s.blur > 0.0 {
        imageproc::filter::gaussian_blur_f32(&img, s.blur)
    } else {
        img
    };
    let mut rgb = RgbImage::new(s.width, s.height);
    for (o, p) in rgb.pixels_mut().zip(img.pixels()) {
        for c in 0..3 {
            o[c] = (p[c] + s.noise * r.normal()).round().clamp(0.0, 255.0) as u8;
        }
    }
    let mut bytes = Vec::new();
    JpegEncoder::new_with_quality(&mut bytes, s.jpeg_quality)
        .encode_image(&rgb)
        .expect("JPEG encodes");
    Sample {
        name: s.name(),
        spec: s.clone(),
        bytes,
        ink,
        text,
    }
}

/// The photos of one seed set: every group, with the shape turning with the seed so that each
/// group holds round, oval and square seals.
pub fn set(seeds: impl IntoIterator<Item = u64> + Clone) -> Vec<Spec> {
    let mut out = Vec::new();
    for group in Group::ALL {
        for seed in seeds.clone() {
            let shape = Shape::ALL[(seed % 3) as usize];
            out.push(Spec::new(group, shape, seed));
        }
    }
    out
}
