//! The coverage canvas seals are drawn on: closed paths filled with antialiasing into one
//! `f32` of ink coverage per pixel, encoded as an RGBA PNG of one ink colour.

use ab_glyph::{
    Glyph, GlyphId, Outline, OutlineCurve, OutlinedGlyph, Point, PxScale, PxScaleFactor, Rect,
    point,
};
use image::ExtendedColorType;
use image::ImageEncoder;
use image::codecs::png::{CompressionType, FilterType, PngEncoder};

use crate::seal::error::{Result, SealImageError};

/// A path in pixel coordinates (y down) made of closed contours.
#[derive(Default)]
pub(super) struct Path {
    pub(super) curves: Vec<OutlineCurve>,
}

impl Path {
    /// Adds a closed polygon.
    pub(super) fn polygon(&mut self, pts: &[(f32, f32)]) {
        for (i, &(x0, y0)) in pts.iter().enumerate() {
            let (x1, y1) = pts[(i + 1) % pts.len()];
            self.curves
                .push(OutlineCurve::Line(point(x0, y0), point(x1, y1)));
        }
    }

    /// Adds an ellipse polygon (clockwise on screen, or counter-clockwise if `reverse`).
    pub(super) fn ellipse(&mut self, cx: f32, cy: f32, a: f32, b: f32, reverse: bool) {
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

/// `c` with every point moved by `m`.
pub(super) fn map_curve(c: &OutlineCurve, m: impl Fn(&Point) -> Point) -> OutlineCurve {
    match c {
        OutlineCurve::Line(a, b) => OutlineCurve::Line(m(a), m(b)),
        OutlineCurve::Quad(a, b, c) => OutlineCurve::Quad(m(a), m(b), m(c)),
        OutlineCurve::Cubic(a, b, c, d) => OutlineCurve::Cubic(m(a), m(b), m(c), m(d)),
    }
}

pub(super) struct Canvas {
    pub(super) w: usize,
    pub(super) h: usize,
    cov: Vec<f32>,
}

impl Canvas {
    pub(super) fn new(w: usize, h: usize) -> Canvas {
        Canvas {
            w,
            h,
            cov: vec![0.0; w * h],
        }
    }

    /// Fills `path` (non-zero winding, antialiased), combining with what is there by maximum.
    pub(super) fn fill(&mut self, path: &Path) {
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
        let curves = path.curves.iter().map(|c| map_curve(c, flip)).collect();
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

    pub(super) fn encode(&self, color: [u8; 3], opacity: f32) -> Result<Vec<u8>> {
        let scale = 255.0 * opacity;
        let mut rgba = vec![0u8; self.w * self.h * 4];
        for (px, &c) in rgba.chunks_exact_mut(4).zip(&self.cov) {
            let a = (c.clamp(0.0, 1.0) * scale).round() as u8;
            if a > 0 {
                px.copy_from_slice(&[color[0], color[1], color[2], a]);
            }
        }
        encode_png(&rgba, self.w as u32, self.h as u32)
    }
}

/// An RGBA image as PNG with fixed settings and no metadata: same pixels, same bytes.
pub(crate) fn encode_png(rgba: &[u8], w: u32, h: u32) -> Result<Vec<u8>> {
    let mut out = Vec::with_capacity(rgba.len() / 8);
    PngEncoder::new_with_quality(&mut out, CompressionType::Default, FilterType::Adaptive)
        .write_image(rgba, w, h, ExtendedColorType::Rgba8)
        .map_err(SealImageError::encode)?;
    Ok(out)
}
