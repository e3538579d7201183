//! Drawing seal images (D16, D17 "印模制作"): every seal kind at its real physical size.
//!
//! A seal is drawn into a coverage mask (one `f32` per pixel, 0 = empty, 1 = fully inked),
//! shapes and glyph outlines are rasterised with `ab_glyph`'s antialiasing rasteriser, and the
//! mask becomes an RGBA PNG whose ink pixels carry the requested colour and an alpha of
//! `255 × opacity × coverage`; everything else is fully transparent. Same inputs give a
//! byte-identical PNG (no metadata, fixed encoder settings).
//!
//! Geometry follows the usual Chinese seal rules:
//! - official / contract / finance seals (公章, 合同专用章, 财务专用章): round, ⌀40 mm, outer ring,
//!   five-pointed star (外接圆 ⌀14 mm on a 40 mm seal) in the centre, the enterprise name
//!   along the upper arc read left to right (自左而右环行), the seal name horizontally below
//!   the star and an optional 13-digit seal code along the lower arc;
//! - invoice seal (发票专用章, 国家税务总局公告 2011 年第 7 号): oval 40 × 30 mm, 1 mm ring, the
//!   name along the upper arc (字高 4.2 mm, 0.5 mm inside the ring), the taxpayer number across
//!   the middle (字高 3.7 mm, 18 characters ≈ 26 mm wide) and 发票专用章 below (字高 4.6 mm,
//!   字宽 3 mm, its top 4.2 mm below the centre line);
//! - legal-representative and personal name seals (法人章, 人名章): square, border, four
//!   characters in a 2 × 2 grid read in traditional right-to-left columns;
//! - handwritten signature (手写签名): the name slanted and slightly overlapping, with an
//!   underline flourish, on a transparent background.
//!
//! Nothing here prints or touches the registry.

use std::fmt;
use std::sync::OnceLock;

use ab_glyph::{
    Font, FontRef, Glyph, GlyphId, Outline, OutlineCurve, OutlinedGlyph, Point, PxScale,
    PxScaleFactor, Rect, point,
};
use image::ExtendedColorType;
use image::ImageEncoder;
use image::codecs::png::{CompressionType, FilterType, PngEncoder};

use crate::error::{Error, Result};

/// Noto Serif CJK SC Bold, subset to GB 2312 + ASCII (see assets/fonts/README.md).
const EMBEDDED_FONT: &[u8] = include_bytes!("../../assets/fonts/NotoSerifSC-Bold-GB2312.otf");

/// Smallest and largest accepted resolution (dots per inch).
pub const DPI_RANGE: std::ops::RangeInclusive<u32> = 72..=1200;
/// Smallest and largest accepted seal width or height in millimetres.
pub const SIZE_RANGE_MM: std::ops::RangeInclusive<f32> = 5.0..=100.0;

/// The embedded font, parsed once per process.
fn embedded_font() -> Result<&'static FontRef<'static>> {
    static FONT: OnceLock<Option<FontRef<'static>>> = OnceLock::new();
    FONT.get_or_init(|| FontRef::try_from_slice(EMBEDDED_FONT).ok())
        .as_ref()
        .ok_or_else(|| Error::Internal("the embedded seal font cannot be parsed".into()))
}

/// The seal kinds of D16.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SealKind {
    /// 公章: round, star, enterprise name.
    Official,
    /// 合同专用章: round, star, name, "合同专用章".
    Contract,
    /// 财务专用章: round, star, name, "财务专用章".
    Finance,
    /// 发票专用章: oval, name, taxpayer number, "发票专用章".
    Invoice,
    /// 法人章 / 法定代表人章: square, the legal representative's name.
    LegalRep,
    /// 人名章 / 姓名章: square, a person's name.
    Name,
    /// 手写签名: a signature-style image of a person's name.
    Signature,
}

/// The outline family a kind is drawn with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    Round,
    Oval,
    Square,
    Signature,
}

impl SealKind {
    /// Every kind, in the order of D16.
    pub const ALL: [SealKind; 7] = [
        SealKind::Official,
        SealKind::Contract,
        SealKind::Finance,
        SealKind::Invoice,
        SealKind::LegalRep,
        SealKind::Name,
        SealKind::Signature,
    ];

    /// Stable machine name: "official", "contract", "finance", "invoice", "legal_rep",
    /// "name", "signature".
    pub fn as_str(self) -> &'static str {
        match self {
            SealKind::Official => "official",
            SealKind::Contract => "contract",
            SealKind::Finance => "finance",
            SealKind::Invoice => "invoice",
            SealKind::LegalRep => "legal_rep",
            SealKind::Name => "name",
            SealKind::Signature => "signature",
        }
    }

    /// Parses a machine name (`legal-rep` is accepted for `legal_rep`).
    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim();
        SealKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s || k.as_str().replace('_', "-") == s)
    }

    /// The operator's Chinese word for the kind (公章, 合同专用章, …).
    pub fn chinese_name(self) -> &'static str {
        match self {
            SealKind::Official => "公章",
            SealKind::Contract => "合同专用章",
            SealKind::Finance => "财务专用章",
            SealKind::Invoice => "发票专用章",
            SealKind::LegalRep => "法人章",
            SealKind::Name => "人名章",
            SealKind::Signature => "手写签名",
        }
    }

    /// The seal name printed on the seal; `None` for the official seal and personal kinds.
    pub fn default_label(self) -> Option<&'static str> {
        match self {
            SealKind::Contract => Some("合同专用章"),
            SealKind::Finance => Some("财务专用章"),
            SealKind::Invoice => Some("发票专用章"),
            SealKind::Official | SealKind::LegalRep | SealKind::Name | SealKind::Signature => None,
        }
    }

    /// The usual physical size (width, height) in millimetres.
    pub fn default_size_mm(self) -> (f32, f32) {
        match self {
            SealKind::Official | SealKind::Contract | SealKind::Finance => (40.0, 40.0),
            SealKind::Invoice => (40.0, 30.0),
            SealKind::LegalRep | SealKind::Name => (20.0, 20.0),
            SealKind::Signature => (40.0, 15.0),
        }
    }

    fn shape(self) -> Shape {
        match self {
            SealKind::Official | SealKind::Contract | SealKind::Finance => Shape::Round,
            SealKind::Invoice => Shape::Oval,
            SealKind::LegalRep | SealKind::Name => Shape::Square,
            SealKind::Signature => Shape::Signature,
        }
    }
}

impl fmt::Display for SealKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Everything that decides how a seal looks. Start from [`SealSpec::new`] and change fields.
#[derive(Clone)]
pub struct SealSpec {
    pub kind: SealKind,
    /// Enterprise name (round and oval seals) or person name (square seals, signature).
    pub text: String,
    /// Seal name below the star / tax number (合同专用章 …); only round and oval seals.
    pub label: Option<String>,
    /// 13-digit seal code on the lower arc (round seals) or the taxpayer number / unified
    /// social credit code across the middle (invoice seal, required there).
    pub code: Option<String>,
    pub width_mm: f32,
    pub height_mm: f32,
    pub dpi: u32,
    /// Width of the outer ring or border (ignored for signatures).
    pub ring_width_mm: f32,
    /// Star circumscribed diameter / seal diameter (round seals; 0 = no star).
    pub star_diameter_ratio: f32,
    /// Largest angle the name may cover along the upper arc, in degrees.
    pub arc_span_deg: f32,
    /// Ink colour (sRGB).
    pub color: [u8; 3],
    /// 0 < opacity ≤ 1: solid ink gets alpha 255 × opacity.
    pub opacity: f32,
    /// Font file (TrueType/OpenType) to use instead of the embedded one.
    pub font: Option<Vec<u8>>,
}

impl fmt::Debug for SealSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SealSpec")
            .field("kind", &self.kind)
            .field("text", &self.text)
            .field("label", &self.label)
            .field("code", &self.code)
            .field("width_mm", &self.width_mm)
            .field("height_mm", &self.height_mm)
            .field("dpi", &self.dpi)
            .field("ring_width_mm", &self.ring_width_mm)
            .field("star_diameter_ratio", &self.star_diameter_ratio)
            .field("arc_span_deg", &self.arc_span_deg)
            .field("color", &self.color)
            .field("opacity", &self.opacity)
            .field(
                "font",
                &self.font.as_ref().map(|f| format!("{} bytes", f.len())),
            )
            .finish()
    }
}

/// Vermilion (朱红) used for seal ink.
pub const SEAL_RED: [u8; 3] = [230, 0, 18];
/// Ink colour of handwritten signatures.
pub const SIGNATURE_INK: [u8; 3] = [16, 16, 16];

impl SealSpec {
    /// Defaults for `kind`: its usual size at 300 dpi, ring 1.2 mm (公章) or 1.0 mm (专用章,
    /// 发票专用章, square seals), star ⌀ = 0.35 × seal ⌀ (14 mm on 40 mm), name arc up to
    /// 240° (220° on the oval), vermilion ink (black for signatures), opaque, embedded font.
    pub fn new(kind: SealKind, text: &str) -> SealSpec {
        let (width_mm, height_mm) = kind.default_size_mm();
        let (ring_width_mm, star_diameter_ratio, arc_span_deg) = match kind {
            SealKind::Official => (1.2, 0.35, 240.0),
            SealKind::Contract | SealKind::Finance => (1.0, 0.35, 240.0),
            SealKind::Invoice => (1.0, 0.0, 220.0),
            SealKind::LegalRep | SealKind::Name => (1.0, 0.0, 0.0),
            SealKind::Signature => (0.0, 0.0, 0.0),
        };
        SealSpec {
            kind,
            text: text.to_string(),
            label: kind.default_label().map(str::to_string),
            code: None,
            width_mm,
            height_mm,
            dpi: 300,
            ring_width_mm,
            star_diameter_ratio,
            arc_span_deg,
            color: if kind == SealKind::Signature {
                SIGNATURE_INK
            } else {
                SEAL_RED
            },
            opacity: 1.0,
            font: None,
        }
    }
}

/// A drawn seal: PNG bytes (RGBA, transparent background) and its size.
#[derive(Debug, Clone)]
pub struct Rendered {
    pub png: Vec<u8>,
    pub width_px: u32,
    pub height_px: u32,
    pub width_mm: f32,
    pub height_mm: f32,
}

/// Millimetres to pixels at `dpi` (not rounded).
pub fn mm_to_px(mm: f32, dpi: u32) -> f32 {
    mm * dpi as f32 / 25.4
}

/// Draws the seal `spec` describes.
pub fn render(spec: &SealSpec) -> Result<Rendered> {
    validate(spec)?;
    let custom;
    let font: &FontRef<'_> = match &spec.font {
        Some(bytes) => {
            custom = FontRef::try_from_slice(bytes).map_err(|e| {
                Error::BadInput(format!(
                    "the seal font cannot be read ({e}); give a TrueType or OpenType font file"
                ))
            })?;
            &custom
        }
        None => embedded_font()?,
    };
    let width_px = (mm_to_px(spec.width_mm, spec.dpi).round() as u32).max(1);
    let height_px = (mm_to_px(spec.height_mm, spec.dpi).round() as u32).max(1);
    let mut canvas = Canvas::new(width_px as usize, height_px as usize);
    let ctx = Ctx {
        spec,
        font,
        k: mm_to_px(1.0, spec.dpi),
    };
    match spec.kind.shape() {
        Shape::Round => draw_round(&ctx, &mut canvas)?,
        Shape::Oval => draw_oval(&ctx, &mut canvas)?,
        Shape::Square => draw_square(&ctx, &mut canvas)?,
        Shape::Signature => draw_signature(&ctx, &mut canvas)?,
    }
    let png = canvas.encode(spec.color, spec.opacity)?;
    Ok(Rendered {
        png,
        width_px,
        height_px,
        width_mm: spec.width_mm,
        height_mm: spec.height_mm,
    })
}

/// The person name as laid out on a square seal: 2 characters + 之印, 3 + 印, 4 as is.
pub fn square_seal_text(name: &str) -> Result<String> {
    let chars: Vec<char> = name.chars().filter(|c| !c.is_whitespace()).collect();
    let base: String = chars.iter().collect();
    match chars.len() {
        0 => Err(Error::BadInput("the name for the seal is empty".into())),
        2 => Ok(format!("{base}之印")),
        3 => Ok(format!("{base}印")),
        4 => Ok(base),
        n => Err(Error::BadInput(format!(
            "a square name seal holds 2 to 4 characters, \"{base}\" has {n}; use the signature kind (手写签名) for this name"
        ))),
    }
}

// ---------------------------------------------------------------------------------------------
// Validation

fn validate(spec: &SealSpec) -> Result<()> {
    let bad = |m: String| Err(Error::BadInput(m));
    if !DPI_RANGE.contains(&spec.dpi) {
        return bad(format!(
            "resolution {} dpi is outside 72..=1200 dpi",
            spec.dpi
        ));
    }
    for (what, v) in [("width", spec.width_mm), ("height", spec.height_mm)] {
        if !SIZE_RANGE_MM.contains(&v) {
            return bad(format!("seal {what} {v} mm is outside 5..=100 mm"));
        }
    }
    if !(spec.opacity > 0.0 && spec.opacity <= 1.0) {
        return bad(format!(
            "opacity {} is outside 0 (exclusive) ..= 1",
            spec.opacity
        ));
    }
    let shape = spec.kind.shape();
    let min_side = spec.width_mm.min(spec.height_mm);
    if shape != Shape::Signature
        && !(spec.ring_width_mm > 0.0 && spec.ring_width_mm <= min_side * 0.1)
    {
        return bad(format!(
            "ring width {} mm must be above 0 and at most a tenth of the seal ({:.1} mm)",
            spec.ring_width_mm,
            min_side * 0.1
        ));
    }
    if shape == Shape::Round {
        if (spec.width_mm - spec.height_mm).abs() > 0.01 {
            return bad(format!(
                "a {} is round: width and height must be equal (got {}×{} mm)",
                spec.kind.chinese_name(),
                spec.width_mm,
                spec.height_mm
            ));
        }
        if !(0.0..=0.5).contains(&spec.star_diameter_ratio) {
            return bad(format!(
                "star diameter ratio {} is outside 0..=0.5 of the seal diameter",
                spec.star_diameter_ratio
            ));
        }
    }
    if matches!(shape, Shape::Round | Shape::Oval) && !(90.0..=330.0).contains(&spec.arc_span_deg) {
        return bad(format!(
            "name arc span {}° is outside 90..=330°",
            spec.arc_span_deg
        ));
    }
    if matches!(shape, Shape::Square | Shape::Signature) {
        if spec.label.as_deref().is_some_and(|l| !l.trim().is_empty()) {
            return bad(format!(
                "a {} carries only the name: it takes no label",
                spec.kind.chinese_name()
            ));
        }
        if spec.code.as_deref().is_some_and(|c| !c.trim().is_empty()) {
            return bad(format!(
                "a {} carries only the name: it takes no code",
                spec.kind.chinese_name()
            ));
        }
    }
    if spec.text.trim().is_empty() {
        let what = match shape {
            Shape::Round | Shape::Oval => "enterprise name",
            Shape::Square | Shape::Signature => "person's name",
        };
        return bad(format!(
            "the {what} for the {} is empty",
            spec.kind.chinese_name()
        ));
    }
    for (what, s) in [
        ("name", Some(spec.text.as_str())),
        ("label", spec.label.as_deref()),
        ("code", spec.code.as_deref()),
    ] {
        if let Some(c) = s.and_then(|s| s.chars().find(|c| c.is_control())) {
            return bad(format!(
                "the seal {what} contains a control character (U+{:04X})",
                c as u32
            ));
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Coverage canvas and paths

/// A path in pixel coordinates (y down) made of closed contours.
#[derive(Default)]
struct Path {
    curves: Vec<OutlineCurve>,
}

impl Path {
    /// Adds a closed polygon.
    fn polygon(&mut self, pts: &[(f32, f32)]) {
        for (i, &(x0, y0)) in pts.iter().enumerate() {
            let (x1, y1) = pts[(i + 1) % pts.len()];
            self.curves
                .push(OutlineCurve::Line(point(x0, y0), point(x1, y1)));
        }
    }

    /// Adds an ellipse polygon (clockwise on screen, or counter-clockwise if `reverse`).
    fn ellipse(&mut self, cx: f32, cy: f32, a: f32, b: f32, reverse: bool) {
        let n = ((std::f32::consts::TAU * a.max(b)) / 1.5)
            .ceil()
            .clamp(64.0, 4096.0) as usize;
        let mut pts: Vec<(f32, f32)> = (0..n)
            .map(|i| {
                let t = std::f32::consts::TAU * i as f32 / n as f32;
                (cx + a * t.cos(), cy + b * t.sin())
            })
            .collect();
        if reverse {
            pts.reverse();
        }
        self.polygon(&pts);
    }
}

struct Canvas {
    w: usize,
    h: usize,
    cov: Vec<f32>,
}

impl Canvas {
    fn new(w: usize, h: usize) -> Canvas {
        Canvas {
            w,
            h,
            cov: vec![0.0; w * h],
        }
    }

    /// Fills `path` (non-zero winding, antialiased), combining with what is there by maximum.
    fn fill(&mut self, path: &Path) {
        let mut min = point(f32::INFINITY, f32::INFINITY);
        let mut max = point(f32::NEG_INFINITY, f32::NEG_INFINITY);
        let mut grow = |p: &Point| {
            min.x = min.x.min(p.x);
            min.y = min.y.min(p.y);
            max.x = max.x.max(p.x);
            max.y = max.y.max(p.y);
        };
        for c in &path.curves {
            match c {
                OutlineCurve::Line(a, b) => [a, b].into_iter().for_each(&mut grow),
                OutlineCurve::Quad(a, b, c) => [a, b, c].into_iter().for_each(&mut grow),
                OutlineCurve::Cubic(a, b, c, d) => [a, b, c, d].into_iter().for_each(&mut grow),
            }
        }
        if !(min.x.is_finite() && max.x.is_finite() && min.y.is_finite() && max.y.is_finite()) {
            return;
        }
        // Clip to the canvas (with a margin): nothing outside can show.
        if max.x < 0.0 || max.y < 0.0 || min.x > self.w as f32 || min.y > self.h as f32 {
            return;
        }
        // ab_glyph works in font space (y up): flip y, and give bounds as (x_min, y_max) …
        let flip = |p: &Point| point(p.x, -p.y);
        let curves = path
            .curves
            .iter()
            .map(|c| match c {
                OutlineCurve::Line(a, b) => OutlineCurve::Line(flip(a), flip(b)),
                OutlineCurve::Quad(a, b, c) => OutlineCurve::Quad(flip(a), flip(b), flip(c)),
                OutlineCurve::Cubic(a, b, c, d) => {
                    OutlineCurve::Cubic(flip(a), flip(b), flip(c), flip(d))
                }
            })
            .collect();
        let outline = Outline {
            bounds: Rect {
                min: point(min.x, -min.y),
                max: point(max.x, -max.y),
            },
            curves,
        };
        let glyph = Glyph {
            id: GlyphId(0),
            scale: PxScale::from(1.0),
            position: point(0.0, 0.0),
        };
        let outlined = OutlinedGlyph::new(
            glyph,
            outline,
            PxScaleFactor {
                horizontal: 1.0,
                vertical: 1.0,
            },
        );
        let bounds = outlined.px_bounds();
        let (ox, oy) = (bounds.min.x as i64, bounds.min.y as i64);
        let (w, h) = (self.w as i64, self.h as i64);
        let cov = &mut self.cov;
        outlined.draw(|x, y, c| {
            let (px, py) = (ox + i64::from(x), oy + i64::from(y));
            if px >= 0 && py >= 0 && px < w && py < h {
                let i = (py * w + px) as usize;
                let c = c.min(1.0);
                if c > cov[i] {
                    cov[i] = c;
                }
            }
        });
    }

    /// Grayscale erosion with a disk of `radius` px: makes strokes thinner.
    fn erode(&mut self, radius: u8) {
        if radius == 0 {
            return;
        }
        let bytes: Vec<u8> = self
            .cov
            .iter()
            .map(|c| (c.clamp(0.0, 1.0) * 255.0).round() as u8)
            .collect();
        if bytes.len() != self.w * self.h {
            return;
        }
        let eroded = erode_disk(&bytes, self.w, self.h, radius);
        for (c, &p) in self.cov.iter_mut().zip(&eroded) {
            *c = f32::from(p) / 255.0;
        }
    }

    fn encode(&self, color: [u8; 3], opacity: f32) -> Result<Vec<u8>> {
        let scale = 255.0 * opacity;
        let mut rgba = vec![0u8; self.w * self.h * 4];
        for (px, &c) in rgba.chunks_exact_mut(4).zip(&self.cov) {
            let a = (c.clamp(0.0, 1.0) * scale).round() as u8;
            if a > 0 {
                px.copy_from_slice(&[color[0], color[1], color[2], a]);
            }
        }
        let mut out = Vec::with_capacity(self.w * self.h / 2);
        PngEncoder::new_with_quality(&mut out, CompressionType::Default, FilterType::Adaptive)
            .write_image(
                &rgba,
                self.w as u32,
                self.h as u32,
                ExtendedColorType::Rgba8,
            )
            .map_err(|e| Error::Internal(format!("PNG encoding failed: {e}")))?;
        Ok(out)
    }
}

/// Grayscale erosion of a `w` × `h` 8-bit plane by the disk of `radius` px: each output
/// pixel is the minimum of the input pixels at offsets (dx, dy) with dx² + dy² ≤ radius²
/// that lie inside the plane (outside pixels are ignored, not taken as 0).
///
/// Written here rather than taken from `imageproc` (`grayscale_erode` with `Mask::disk`,
/// whose result this reproduces byte for byte: 30 signature seals of 72 to 1200 dpi came
/// out identical before and after the switch): this was the only call into that crate,
/// and its non-optional dependencies (nalgebra, rand, num …) plus its default features
/// (every `image` codec: AVIF, EXR, TIFF, WebP …) were a large share of a fresh build.
/// Cost: w × h × (disk area), the same as imageproc's; the radius is at most 8 here.
fn erode_disk(src: &[u8], w: usize, h: usize, radius: u8) -> Vec<u8> {
    let r = i64::from(radius);
    // Half width of the disk on each row dy: the largest x with x² + dy² ≤ r².
    let rows: Vec<(i64, i64)> = (-r..=r)
        .map(|dy| {
            let mut hw = 0;
            while (hw + 1) * (hw + 1) + dy * dy <= r * r {
                hw += 1;
            }
            (dy, hw)
        })
        .collect();
    let (wi, hi) = (w as i64, h as i64);
    let mut out = vec![u8::MAX; w * h];
    for y in 0..hi {
        let out_row = &mut out[(y * wi) as usize..((y + 1) * wi) as usize];
        for &(dy, hw) in &rows {
            let sy = y + dy;
            if !(0..hi).contains(&sy) {
                continue;
            }
            let src_row = &src[(sy * wi) as usize..((sy + 1) * wi) as usize];
            for (x, o) in (0..wi).zip(out_row.iter_mut()) {
                let lo = (x - hw).max(0) as usize;
                let hi_x = (x + hw).min(wi - 1) as usize;
                if let Some(&m) = src_row[lo..=hi_x].iter().min() {
                    *o = (*o).min(m);
                }
            }
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Text runs

struct RunGlyph {
    advance: f32,
    outline: Option<Outline>,
}

/// A string shaped with the seal font: one glyph per character (no kerning, no ligatures).
struct Run {
    glyphs: Vec<RunGlyph>,
    /// Union of the glyphs' ink, vertically, in font units (y up).
    ink_lo: f32,
    ink_hi: f32,
}

impl Run {
    fn len(&self) -> usize {
        self.glyphs.len()
    }

    fn ink_h(&self) -> f32 {
        self.ink_hi - self.ink_lo
    }

    /// Sum of advances in units of the ink height: a run drawn `h` px tall with width ratio
    /// `wr` is `wr × h × rel_width()` px long (without letter spacing).
    fn rel_width(&self) -> f32 {
        self.glyphs.iter().map(|g| g.advance).sum::<f32>() / self.ink_h()
    }

    fn rel_advance(&self, i: usize) -> f32 {
        self.glyphs[i].advance / self.ink_h()
    }
}

/// Shapes `text`, refusing characters the font has no glyph for.
fn shape_text(font: &FontRef<'_>, text: &str, what: &str) -> Result<Run> {
    let upem = font.units_per_em().unwrap_or(1000.0);
    let mut glyphs = Vec::new();
    let (mut lo, mut hi) = (f32::INFINITY, f32::NEG_INFINITY);
    for ch in text.chars() {
        let id = font.glyph_id(ch);
        if id.0 == 0 {
            if ch.is_whitespace() {
                glyphs.push(RunGlyph {
                    advance: upem * 0.5,
                    outline: None,
                });
                continue;
            }
            return Err(Error::BadInput(format!(
                "the seal font has no glyph for '{ch}' (U+{:04X}) in the {what}; \
                 give a font that has it with --font FILE",
                ch as u32
            )));
        }
        let outline = font.outline(id);
        if let Some(o) = &outline {
            // ab_glyph bounds: min = (x_min, y_max), max = (x_max, y_min).
            hi = hi.max(o.bounds.min.y);
            lo = lo.min(o.bounds.max.y);
        }
        glyphs.push(RunGlyph {
            advance: font.h_advance_unscaled(id),
            outline,
        });
    }
    if hi <= lo {
        return Err(Error::BadInput(format!("the {what} has nothing to draw")));
    }
    Ok(Run {
        glyphs,
        ink_lo: lo,
        ink_hi: hi,
    })
}

/// Where and how one glyph is drawn: its cell centre (px), px per font unit horizontally and
/// vertically, a clockwise rotation (radians, on screen) and a horizontal shear (slant).
#[derive(Clone, Copy)]
struct Place {
    x: f32,
    y: f32,
    sx: f32,
    sy: f32,
    rot: f32,
    shear: f32,
}

impl Place {
    /// Maps a point given relative to the cell centre (px, y down, before rotation) to the canvas.
    fn map_local(&self, u: f32, v: f32) -> (f32, f32) {
        let u = u - self.shear * v;
        let (s, c) = self.rot.sin_cos();
        (self.x + u * c - v * s, self.y + u * s + v * c)
    }
}

fn draw_glyph(canvas: &mut Canvas, run: &Run, i: usize, p: &Place) {
    let g = &run.glyphs[i];
    let Some(outline) = &g.outline else { return };
    let (fcx, fcy) = (g.advance / 2.0, (run.ink_lo + run.ink_hi) / 2.0);
    let m = |q: &Point| {
        let (x, y) = p.map_local((q.x - fcx) * p.sx, -(q.y - fcy) * p.sy);
        point(x, y)
    };
    let curves = outline
        .curves
        .iter()
        .map(|c| match c {
            OutlineCurve::Line(a, b) => OutlineCurve::Line(m(a), m(b)),
            OutlineCurve::Quad(a, b, c) => OutlineCurve::Quad(m(a), m(b), m(c)),
            OutlineCurve::Cubic(a, b, c, d) => OutlineCurve::Cubic(m(a), m(b), m(c), m(d)),
        })
        .collect();
    canvas.fill(&Path { curves });
}

/// The four corners and edge points of a glyph's cell, on the canvas.
fn cell_outline(run: &Run, i: usize, p: &Place) -> Vec<(f32, f32)> {
    let hw = run.glyphs[i].advance * p.sx / 2.0;
    let hh = run.ink_h() * p.sy / 2.0;
    let mut pts = Vec::with_capacity(16);
    for k in 0..4 {
        let f = k as f32 / 4.0;
        pts.push(p.map_local(-hw + 2.0 * hw * f, -hh));
        pts.push(p.map_local(hw, -hh + 2.0 * hh * f));
        pts.push(p.map_local(hw - 2.0 * hw * f, hh));
        pts.push(p.map_local(-hw, hh - 2.0 * hh * f));
    }
    pts
}

/// How a run is sized: ink height `h` (px), width ratio `wr` (horizontal / vertical scale)
/// and letter spacing `gap` (px).
#[derive(Clone, Copy, Debug)]
struct Fit {
    h: f32,
    wr: f32,
    gap: f32,
}

/// Limits for fitting a run into a length.
#[derive(Clone, Copy)]
struct FitRule {
    h0: f32,
    h_min: f32,
    wr0: f32,
    wr_min: f32,
    /// Letter spacing bounds as fractions of `h`: spacing grows up to `gap_max` to fill the
    /// length and shrinks down to `gap_min` before glyphs get narrower.
    gap_min: f32,
    gap_max: f32,
}

/// Fits a run into `avail(h)` px: first by tightening letter spacing, then by narrowing glyphs
/// down to `wr_min`, then by lowering them down to `h_min`.
fn fit_run(run: &Run, rule: &FitRule, avail: impl Fn(f32) -> f32) -> Option<Fit> {
    let n = run.len() as f32;
    let rel = run.rel_width();
    let mut h = rule.h0;
    loop {
        let len = avail(h);
        let (gmin, gmax) = (rule.gap_min * h, rule.gap_max * h);
        let wr_need = (len - (n - 1.0) * gmin) / (h * rel);
        if len > 0.0 && wr_need >= rule.wr_min {
            let wr = wr_need.min(rule.wr0);
            let gap = if n > 1.0 {
                ((len - wr * h * rel) / (n - 1.0)).clamp(gmin, gmax)
            } else {
                0.0
            };
            return Some(Fit { h, wr, gap });
        }
        if h <= rule.h_min {
            return None;
        }
        h = (h * 0.98).max(rule.h_min);
    }
}

/// Total length of a run laid out with `fit`.
fn run_length(run: &Run, fit: &Fit) -> f32 {
    fit.wr * fit.h * run.rel_width() + (run.len() as f32 - 1.0) * fit.gap
}

/// Centres of the glyph cells along a line of the run's length starting at 0.
fn run_offsets(run: &Run, fit: &Fit) -> Vec<f32> {
    let mut s = 0.0;
    (0..run.len())
        .map(|i| {
            let cell = fit.wr * fit.h * run.rel_advance(i);
            let c = s + cell / 2.0;
            s += cell + fit.gap;
            c
        })
        .collect()
}

fn place_for(run: &Run, fit: &Fit, x: f32, y: f32, rot: f32) -> Place {
    let sy = fit.h / run.ink_h();
    Place {
        x,
        y,
        sx: sy * fit.wr,
        sy,
        rot,
        shear: 0.0,
    }
}

/// Draws a run horizontally, centred on (cx, cy).
fn draw_line(canvas: &mut Canvas, run: &Run, fit: &Fit, cx: f32, cy: f32) -> Vec<Place> {
    let x0 = cx - run_length(run, fit) / 2.0;
    let places: Vec<Place> = run_offsets(run, fit)
        .into_iter()
        .map(|s| place_for(run, fit, x0 + s, cy, 0.0))
        .collect();
    for (i, p) in places.iter().enumerate() {
        draw_glyph(canvas, run, i, p);
    }
    places
}

// ---------------------------------------------------------------------------------------------
// Text along elliptical arcs

/// The inner edge of a round or oval ring, walked along its upper or lower half.
/// Parameter t: 0 at the top (or bottom), increasing to the right.
struct Arc {
    cx: f32,
    cy: f32,
    a: f32,
    b: f32,
    bottom: bool,
}

impl Arc {
    /// Outward unit normal at t.
    fn normal(&self, t: f32) -> (f32, f32) {
        let (s, c) = t.sin_cos();
        let (nx, ny) = (
            self.b * s,
            if self.bottom { self.a * c } else { -self.a * c },
        );
        let l = (nx * nx + ny * ny).sqrt().max(f32::EPSILON);
        (nx / l, ny / l)
    }

    /// The point at t, `d` px inside the edge along the normal.
    fn at(&self, t: f32, d: f32) -> (f32, f32) {
        let (s, c) = t.sin_cos();
        let (n_x, n_y) = self.normal(t);
        let ey = if self.bottom {
            self.cy + self.b * c
        } else {
            self.cy - self.b * c
        };
        (self.cx + self.a * s - n_x * d, ey - n_y * d)
    }

    /// Rotation that makes a glyph's top point outward (upper arc) or inward (lower arc).
    fn rotation(&self, t: f32) -> f32 {
        let (nx, ny) = self.normal(t);
        let (ux, uy) = if self.bottom { (-nx, -ny) } else { (nx, ny) };
        ux.atan2(-uy)
    }

    /// Arc-length table of the curve `d` px inside the edge over t in [-span/2, span/2].
    fn table(&self, d: f32, span: f32) -> ArcTable {
        const N: usize = 512;
        let mut t = Vec::with_capacity(N + 1);
        let mut s = Vec::with_capacity(N + 1);
        let mut acc = 0.0;
        let mut prev = self.at(-span / 2.0, d);
        for i in 0..=N {
            let ti = -span / 2.0 + span * i as f32 / N as f32;
            let p = self.at(ti, d);
            acc += ((p.0 - prev.0).powi(2) + (p.1 - prev.1).powi(2)).sqrt();
            prev = p;
            t.push(ti);
            s.push(acc);
        }
        ArcTable { t, s }
    }
}

struct ArcTable {
    t: Vec<f32>,
    s: Vec<f32>,
}

impl ArcTable {
    fn len(&self) -> f32 {
        self.s.last().copied().unwrap_or(0.0)
    }

    /// The parameter at arc length `s` (clamped to the table).
    fn t_at(&self, s: f32) -> f32 {
        let i = self.s.partition_point(|&x| x < s);
        if i == 0 {
            return self.t[0];
        }
        if i >= self.s.len() {
            return self.t[self.t.len() - 1];
        }
        let (s0, s1) = (self.s[i - 1], self.s[i]);
        let f = if s1 > s0 { (s - s0) / (s1 - s0) } else { 0.0 };
        self.t[i - 1] + f * (self.t[i] - self.t[i - 1])
    }
}

/// Glyph spacing is measured this far (× h) below the glyph centre, on the side nearer the
/// seal centre, where neighbours on a curve come closest.
const ARC_SPACING_DEPTH: f32 = 0.35;

/// A run laid out along an arc.
struct ArcLayout {
    places: Vec<Place>,
    fit: Fit,
    /// Parameter range actually covered.
    t_lo: f32,
    t_hi: f32,
}

/// Fits and places a run centred on the arc, glyph tops `edge_gap` px inside the ring.
fn layout_arc(run: &Run, arc: &Arc, span: f32, edge_gap: f32, rule: &FitRule) -> Option<ArcLayout> {
    let ref_depth = |h: f32| edge_gap + h * (0.5 + ARC_SPACING_DEPTH);
    let fit = fit_run(run, rule, |h| arc.table(ref_depth(h), span).len())?;
    let table = arc.table(ref_depth(fit.h), span);
    let total = run_length(run, &fit);
    let s0 = (table.len() - total) / 2.0;
    let places = run_offsets(run, &fit)
        .into_iter()
        .map(|s| {
            let t = table.t_at(s0 + s);
            let (x, y) = arc.at(t, edge_gap + fit.h / 2.0);
            place_for(run, &fit, x, y, arc.rotation(t))
        })
        .collect();
    Some(ArcLayout {
        places,
        fit,
        t_lo: table.t_at(s0),
        t_hi: table.t_at(s0 + total),
    })
}

/// How many characters like those of `run` fit on the arc at the smallest legible size.
fn arc_capacity(run: &Run, arc: &Arc, span: f32, edge_gap: f32, rule: &FitRule) -> usize {
    let len = arc
        .table(edge_gap + rule.h_min * (0.5 + ARC_SPACING_DEPTH), span)
        .len();
    let cell = rule.wr_min * rule.h_min * run.rel_width() / run.len() as f32;
    let gap = rule.gap_min * rule.h_min;
    ((len + gap) / (cell + gap)).floor().max(0.0) as usize
}

/// Half the width left free at heights [y0, y1] by already placed glyph cells.
fn free_half_width(cells: &[(f32, f32)], cx: f32, y0: f32, y1: f32, margin: f32) -> f32 {
    cells
        .iter()
        .filter(|(_, y)| *y >= y0 - margin && *y <= y1 + margin)
        .map(|(x, _)| (x - cx).abs() - margin)
        .fold(f32::INFINITY, f32::min)
}

fn all_cells(run: &Run, places: &[Place]) -> Vec<(f32, f32)> {
    places
        .iter()
        .enumerate()
        .flat_map(|(i, p)| cell_outline(run, i, p))
        .collect()
}

/// Half chord of the ellipse (a, b) centred on the origin at vertical offset y.
fn half_chord(a: f32, b: f32, y: f32) -> f32 {
    if y.abs() >= b {
        0.0
    } else {
        a * (1.0 - (y / b).powi(2)).sqrt()
    }
}

// ---------------------------------------------------------------------------------------------
// Seal kinds

struct Ctx<'a> {
    spec: &'a SealSpec,
    font: &'a FontRef<'a>,
    /// Pixels per millimetre.
    k: f32,
}

fn non_empty(s: Option<&str>) -> Option<&str> {
    s.map(str::trim).filter(|s| !s.is_empty())
}

fn too_long(ctx: &Ctx<'_>, what: &str, n: usize, cap: usize) -> Error {
    let s = ctx.spec;
    Error::BadInput(format!(
        "the {what} has {n} characters, too many to stay legible on a {}×{} mm {}: at most about {cap} fit; \
         use a shorter name or a larger seal",
        s.width_mm,
        s.height_mm,
        s.kind.chinese_name()
    ))
}

/// Lays the enterprise name out along the top arc and draws it; returns the layout and the
/// glyph cells it covers (what the lines below must keep clear of).
fn draw_name_arc(
    canvas: &mut Canvas,
    ctx: &Ctx<'_>,
    run: &Run,
    arc: &Arc,
    edge_gap: f32,
    rule: &FitRule,
) -> Result<(ArcLayout, Vec<(f32, f32)>)> {
    let span = ctx.spec.arc_span_deg.to_radians();
    let layout = layout_arc(run, arc, span, edge_gap, rule).ok_or_else(|| {
        too_long(
            ctx,
            "enterprise name",
            run.len(),
            arc_capacity(run, arc, span, edge_gap, rule),
        )
    })?;
    for (i, p) in layout.places.iter().enumerate() {
        draw_glyph(canvas, run, i, p);
    }
    let cells = all_cells(run, &layout.places);
    Ok((layout, cells))
}

fn draw_ring(canvas: &mut Canvas, cx: f32, cy: f32, a: f32, b: f32, ring: f32) {
    let mut p = Path::default();
    p.ellipse(cx, cy, a, b, false);
    p.ellipse(cx, cy, a - ring, b - ring, true);
    canvas.fill(&p);
}

/// Round seals: ring, star, name on the upper arc, label below the star, code on the lower arc.
fn draw_round(ctx: &Ctx<'_>, canvas: &mut Canvas) -> Result<()> {
    let spec = ctx.spec;
    let k = ctx.k;
    let (cx, cy) = (canvas.w as f32 / 2.0, canvas.h as f32 / 2.0);
    let r = cx.min(cy);
    let u = spec.width_mm / 40.0 * k; // px per "mm of a 40 mm seal"
    let ring = spec.ring_width_mm * k;
    let r_in = r - ring;
    draw_ring(canvas, cx, cy, r, r, ring);

    // Name along the upper arc.
    let name = spec.text.trim();
    let run = shape_text(ctx.font, name, "enterprise name")?;
    let edge_gap = 0.6 * u;
    let rule = FitRule {
        h0: 6.2 * u,
        h_min: (3.0 * u).max(1.5 * k).min(6.2 * u),
        wr0: 0.85,
        wr_min: 0.5,
        gap_min: 0.06,
        gap_max: 0.9,
    };
    let top = Arc {
        cx,
        cy,
        a: r_in,
        b: r_in,
        bottom: false,
    };
    let (name_layout, name_cells) = draw_name_arc(canvas, ctx, &run, &top, edge_gap, &rule)?;

    // Star.
    let star_r = spec.star_diameter_ratio * spec.width_mm * k / 2.0;
    if star_r > 0.0 {
        let inner = star_r * 0.381_966; // regular pentagram
        let pts: Vec<(f32, f32)> = (0..10)
            .map(|i| {
                let ang = -std::f32::consts::FRAC_PI_2 + std::f32::consts::PI * i as f32 / 5.0;
                let rr = if i % 2 == 0 { star_r } else { inner };
                (cx + rr * ang.cos(), cy + rr * ang.sin())
            })
            .collect();
        let mut p = Path::default();
        p.polygon(&pts);
        canvas.fill(&p);
    }

    // Code along the lower arc, in the room the name leaves.
    let mut code_inner = r_in - edge_gap;
    if let Some(code) = non_empty(spec.code.as_deref()) {
        let crun = shape_text(ctx.font, code, "seal code")?;
        let bottom = Arc {
            cx,
            cy,
            a: r_in,
            b: r_in,
            bottom: true,
        };
        let used = name_layout.t_hi - name_layout.t_lo;
        let span =
            (std::f32::consts::TAU - used - 2.0 * 14f32.to_radians()).min(150f32.to_radians());
        let crule = FitRule {
            h0: 2.3 * u,
            h_min: (1.5 * u).max(1.0 * k).min(2.3 * u),
            wr0: 0.75,
            wr_min: 0.45,
            gap_min: 0.08,
            gap_max: 0.32,
        };
        let edge = 0.7 * u;
        let lay = (span > 0.0)
            .then(|| layout_arc(&crun, &bottom, span, edge, &crule))
            .flatten()
            .ok_or_else(|| {
                let cap = if span > 0.0 {
                    arc_capacity(&crun, &bottom, span, edge, &crule)
                } else {
                    0
                };
                too_long(ctx, "seal code", crun.len(), cap)
            })?;
        for (i, p) in lay.places.iter().enumerate() {
            draw_glyph(canvas, &crun, i, p);
        }
        code_inner = r_in - edge - lay.fit.h;
    }

    // Label below the star.
    if let Some(label) = non_empty(spec.label.as_deref()) {
        let lrun = shape_text(ctx.font, label, "seal label")?;
        let star_bottom = star_r * 0.809;
        let y_top = cy + star_bottom.max(2.0 * u) + 1.8 * u;
        let margin = 0.9 * u;
        let lrule = FitRule {
            h0: 4.6 * u,
            h_min: (2.2 * u).max(1.2 * k).min(4.6 * u),
            wr0: 0.78,
            wr_min: 0.6,
            gap_min: 0.05,
            gap_max: 0.12,
        };
        let avail = |h: f32| {
            let y1 = y_top + h;
            let chord = half_chord(code_inner - margin, code_inner - margin, y1 - cy);
            let free = free_half_width(&name_cells, cx, y_top, y1, margin);
            2.0 * chord.min(free)
        };
        let fit = fit_run(&lrun, &lrule, avail).ok_or_else(|| {
            Error::BadInput(format!(
                "the seal label \"{label}\" is too long for a {} mm {}; use a shorter label",
                spec.width_mm,
                spec.kind.chinese_name()
            ))
        })?;
        draw_line(canvas, &lrun, &fit, cx, y_top + fit.h / 2.0);
    }
    Ok(())
}

/// The invoice seal (发票专用章): oval ring, name on the upper arc, taxpayer number across the
/// middle, label below.
fn draw_oval(ctx: &Ctx<'_>, canvas: &mut Canvas) -> Result<()> {
    let spec = ctx.spec;
    let k = ctx.k;
    let (cx, cy) = (canvas.w as f32 / 2.0, canvas.h as f32 / 2.0);
    let u = (spec.width_mm / 40.0).min(spec.height_mm / 30.0) * k;
    let ring = spec.ring_width_mm * k;
    let (a_in, b_in) = (cx - ring, cy - ring);
    draw_ring(canvas, cx, cy, cx, cy, ring);

    let code = non_empty(spec.code.as_deref()).ok_or_else(|| {
        Error::BadInput(
            "an invoice seal (发票专用章) carries the taxpayer number (unified social credit code); give it as the code".into(),
        )
    })?;

    // Name: 字高 4.2 mm, 0.5 mm inside the ring.
    let name = spec.text.trim();
    let run = shape_text(ctx.font, name, "enterprise name")?;
    let edge_gap = 0.5 * u;
    let rule = FitRule {
        h0: 4.2 * u,
        h_min: (2.6 * u).max(1.5 * k).min(4.2 * u),
        wr0: 0.9,
        wr_min: 0.45,
        gap_min: 0.06,
        gap_max: 0.7,
    };
    let top = Arc {
        cx,
        cy,
        a: a_in,
        b: b_in,
        bottom: false,
    };
    let (_, name_cells) = draw_name_arc(canvas, ctx, &run, &top, edge_gap, &rule)?;
    let margin = 0.5 * u;

    // Taxpayer number: 字高 3.7 mm, 18 characters over 26 mm, centred on the centre line.
    let crun = shape_text(ctx.font, code, "taxpayer number")?;
    let pitch = 26.0 / 18.0 * u;
    let avg_adv = crun.rel_width() / crun.len() as f32;
    let h0 = 3.7 * u;
    let crule = FitRule {
        h0,
        h_min: (2.0 * u).max(1.0 * k).min(h0),
        wr0: pitch / (h0 * avg_adv),
        wr_min: 0.3,
        gap_min: 0.0,
        gap_max: 0.0,
    };
    let cavail = |h: f32| {
        let (y0, y1) = (cy - h / 2.0, cy + h / 2.0);
        let chord = half_chord(a_in - margin, b_in - margin, h / 2.0);
        2.0 * chord
            .min(free_half_width(&name_cells, cx, y0, y1, margin))
            .min(14.0 * u)
    };
    let cfit = fit_run(&crun, &crule, cavail).ok_or_else(|| {
        too_long(
            ctx,
            "taxpayer number",
            crun.len(),
            (28.0 * u / (pitch * 0.5)) as usize,
        )
    })?;
    draw_line(canvas, &crun, &cfit, cx, cy);

    // Label: 字高 4.6 mm, 字宽 3 mm, its top 4.2 mm below the centre line.
    if let Some(label) = non_empty(spec.label.as_deref()) {
        let lrun = shape_text(ctx.font, label, "seal label")?;
        let avg_adv = lrun.rel_width() / lrun.len() as f32;
        let h0 = 4.6 * u;
        let y_top = cy + (4.2 * u).max(cfit.h / 2.0 + 0.5 * u);
        let lrule = FitRule {
            h0,
            h_min: (2.2 * u).max(1.2 * k).min(h0),
            wr0: 3.0 * u / (h0 * avg_adv),
            wr_min: 0.35,
            gap_min: 0.03,
            gap_max: 0.1,
        };
        let lavail = |h: f32| {
            let y1 = y_top + h;
            let chord = half_chord(a_in - margin, b_in - margin, y1 - cy);
            2.0 * chord.min(free_half_width(&name_cells, cx, y_top, y1, margin))
        };
        let fit = fit_run(&lrun, &lrule, lavail).ok_or_else(|| {
            Error::BadInput(format!(
                "the seal label \"{label}\" is too long for a {}×{} mm 发票专用章; use a shorter label",
                spec.width_mm, spec.height_mm
            ))
        })?;
        draw_line(canvas, &lrun, &fit, cx, y_top + fit.h / 2.0);
    }
    Ok(())
}

/// Square name seals: border and four characters in two columns, read right column first.
fn draw_square(ctx: &Ctx<'_>, canvas: &mut Canvas) -> Result<()> {
    let spec = ctx.spec;
    let k = ctx.k;
    let (w, h) = (canvas.w as f32, canvas.h as f32);
    let ring = spec.ring_width_mm * k;
    let text = square_seal_text(&spec.text)?;
    let run = shape_text(ctx.font, &text, "name")?;

    let mut border = Path::default();
    border.polygon(&[(0.0, 0.0), (w, 0.0), (w, h), (0.0, h)]);
    border.polygon(&[
        (ring, ring),
        (ring, h - ring),
        (w - ring, h - ring),
        (w - ring, ring),
    ]);
    canvas.fill(&border);

    let side = spec.width_mm.min(spec.height_mm) * k;
    let pad = 0.05 * side;
    let gap = 0.04 * side;
    let (x0, y0) = (ring + pad, ring + pad);
    let cw = (w - 2.0 * x0 - gap) / 2.0;
    let ch = (h - 2.0 * y0 - gap) / 2.0;
    for i in 0..run.len() {
        // 1st top-right, 2nd bottom-right, 3rd top-left, 4th bottom-left.
        let col = if i < 2 { 1.0 } else { 0.0 };
        let row = (i % 2) as f32;
        let x = x0 + col * (cw + gap) + cw / 2.0;
        let y = y0 + row * (ch + gap) + ch / 2.0;
        let sy = ch / run.ink_h();
        let sx = cw / run.glyphs[i].advance.max(1.0);
        draw_glyph(
            canvas,
            &run,
            i,
            &Place {
                x,
                y,
                sx,
                sy,
                rot: 0.0,
                shear: 0.0,
            },
        );
    }
    Ok(())
}

/// A small deterministic hash (FNV-1a) for per-character variation in signatures.
fn jitter(seed: u64, i: usize, salt: u64) -> f32 {
    let mut x: u64 = 0xcbf2_9ce4_8422_2325 ^ seed;
    for b in (i as u64)
        .to_le_bytes()
        .into_iter()
        .chain(salt.to_le_bytes())
    {
        x ^= u64::from(b);
        x = x.wrapping_mul(0x0100_0000_01b3);
    }
    x ^= x >> 33;
    (x % 10_000) as f32 / 5_000.0 - 1.0 // in [-1, 1)
}

/// Handwritten-style signature: slanted, slightly overlapping glyphs and an underline stroke.
fn draw_signature(ctx: &Ctx<'_>, canvas: &mut Canvas) -> Result<()> {
    let spec = ctx.spec;
    let k = ctx.k;
    let (w, h) = (canvas.w as f32, canvas.h as f32);
    let name: String = spec.text.split_whitespace().collect::<Vec<_>>().join(" ");
    let run = shape_text(ctx.font, &name, "name")?;
    let seed = name
        .chars()
        .fold(0u64, |a, c| a.wrapping_mul(31).wrapping_add(u64::from(c)));

    let shear = 0.3;
    let wr = 0.84;
    let overlap = 0.07;
    let n = run.len();
    // The first character a little larger, the others varying slightly, as a hand does.
    let scale_of = |i: usize| {
        if i == 0 {
            1.1
        } else {
            0.93 + 0.05 * jitter(seed, i, 1)
        }
    };
    // Length at glyph height hh: advances minus overlaps plus the slant's overhang.
    let length = |hh: f32| {
        let cells: f32 = (0..n)
            .map(|i| wr * hh * scale_of(i) * run.rel_advance(i))
            .sum();
        cells * (1.0 - overlap) + shear * hh
    };
    let mut gh = 0.6 * h;
    let avail = 0.92 * w;
    if length(gh) > avail {
        gh *= avail / length(gh);
    }
    let h_min = (3.0 * k).max(0.2 * h);
    if gh < h_min {
        return Err(Error::BadInput(format!(
            "the name \"{name}\" ({n} characters) is too long for a {}×{} mm signature; use a wider signature",
            spec.width_mm, spec.height_mm
        )));
    }
    let total = length(gh);
    let mut x = (w - total) / 2.0 + shear * gh / 2.0;
    let base_y = 0.42 * h;
    let sy0 = gh / run.ink_h();
    let rise = 0.08 * gh / n.max(2) as f32;
    for i in 0..n {
        let sc = scale_of(i);
        let sy = sy0 * sc;
        let cell = wr * gh * sc * run.rel_advance(i);
        let p = Place {
            x: x + cell / 2.0,
            // A baseline rising to the right, with a little wobble.
            y: base_y + 0.03 * h * jitter(seed, i, 2) + (sc - 1.0) * gh * 0.3 - rise * i as f32,
            sx: sy * wr,
            sy,
            rot: (3.0 * jitter(seed, i, 3) - 2.0).to_radians(),
            shear,
        };
        draw_glyph(canvas, &run, i, &p);
        x += cell * (1.0 - overlap);
    }
    // The seal font is bold: thin its strokes towards a pen's weight.
    canvas.erode((0.09 * k).round().min(8.0) as u8);

    // Underline flourish: a tapered stroke along a cubic curve.
    let x_start = (w - total) / 2.0 + 0.05 * total;
    let x_end = (w - total) / 2.0 + total + 0.02 * w;
    let p0 = (x_start, base_y + 0.55 * gh);
    let p1 = (x_start + 0.35 * total, base_y + 0.62 * gh);
    let p2 = (x_start + 0.75 * total, base_y + 0.52 * gh);
    let p3 = (x_end.min(w - 0.02 * w), base_y + 0.30 * gh);
    let bez = |t: f32| {
        let m = 1.0 - t;
        let (a, b, c, d) = (m * m * m, 3.0 * m * m * t, 3.0 * m * t * t, t * t * t);
        (
            a * p0.0 + b * p1.0 + c * p2.0 + d * p3.0,
            a * p0.1 + b * p1.1 + c * p2.1 + d * p3.1,
        )
    };
    let width = 0.055 * gh;
    let steps = 64;
    let mut left = Vec::with_capacity(steps + 1);
    let mut right = Vec::with_capacity(steps + 1);
    for i in 0..=steps {
        let t = i as f32 / steps as f32;
        let (x, y) = bez(t);
        let (xa, ya) = bez((t - 0.01).max(0.0));
        let (xb, yb) = bez((t + 0.01).min(1.0));
        let (dx, dy) = (xb - xa, yb - ya);
        let l = (dx * dx + dy * dy).sqrt().max(f32::EPSILON);
        let half = width / 2.0 * (std::f32::consts::PI * t).sin().powf(0.7).max(0.08);
        left.push((x - dy / l * half, y + dx / l * half));
        right.push((x + dy / l * half, y - dx / l * half));
    }
    right.reverse();
    left.extend(right);
    let mut stroke = Path::default();
    stroke.polygon(&left);
    canvas.fill(&stroke);
    Ok(())
}
