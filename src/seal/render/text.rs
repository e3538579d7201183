//! Text on seals: strings turned into runs of glyph outlines (one glyph per character, each
//! from the font that draws it), runs fitted into a length, glyphs placed and drawn.

use ab_glyph::{Font, Outline, Point, point};

use super::canvas::{Canvas, Path, map_curve};
use super::fonts::{FontFace, Fonts};
use crate::seal::error::{Field, Result, SealImageError};

/// In a line that mixes Chinese and Latin, capitals and digits are drawn this tall relative
/// to the Chinese characters' ink (the rest of the Latin glyphs scale with them).
const LATIN_CAP_SHARE: f32 = 0.8;

pub(super) struct RunGlyph {
    /// Advance in em.
    pub(super) advance: f32,
    /// Outline in em (y up).
    outline: Option<Outline>,
}

/// A string shaped for a seal: one glyph per character (no kerning, no ligatures), all in em
/// units whatever font each came from.
pub(super) struct Run {
    pub(super) glyphs: Vec<RunGlyph>,
    /// Union of the glyphs' ink, vertically, in em (y up).
    ink_lo: f32,
    ink_hi: f32,
}

impl Run {
    pub(super) fn len(&self) -> usize {
        self.glyphs.len()
    }

    pub(super) fn ink_h(&self) -> f32 {
        self.ink_hi - self.ink_lo
    }

    /// Sum of advances in units of the ink height: a run drawn `h` px tall with width ratio
    /// `wr` is `wr × h × rel_width()` px long (without letter spacing).
    pub(super) fn rel_width(&self) -> f32 {
        self.glyphs.iter().map(|g| g.advance).sum::<f32>() / self.ink_h()
    }

    pub(super) fn rel_advance(&self, i: usize) -> f32 {
        self.glyphs[i].advance / self.ink_h()
    }
}

/// `o` scaled by `s` and moved up by `dy`.
fn transform(o: Outline, s: f32, dy: f32) -> Outline {
    let m = |p: &Point| point(p.x * s, p.y * s + dy);
    Outline {
        bounds: ab_glyph::Rect {
            min: m(&o.bounds.min),
            max: m(&o.bounds.max),
        },
        curves: o.curves.iter().map(|c| map_curve(c, m)).collect(),
    }
}

/// Vertical ink range (lo, hi) of outlines; ab_glyph bounds are min = (x_min, y_max),
/// max = (x_max, y_min).
fn ink_range<'g>(outlines: impl Iterator<Item = &'g Outline>) -> (f32, f32) {
    outlines.fold((f32::INFINITY, f32::NEG_INFINITY), |(lo, hi), o| {
        (lo.min(o.bounds.max.y), hi.max(o.bounds.min.y))
    })
}

/// Shapes `text`, each character with the font that draws it, refusing characters that font
/// has no glyph for. Latin glyphs in a line with Chinese are scaled so that their capitals
/// are [`LATIN_CAP_SHARE`] of the Chinese ink height, centred on it.
pub(super) fn shape_text(fonts: &Fonts<'_>, text: &str, field: Field) -> Result<Run> {
    let mut glyphs = Vec::new();
    let mut faces = Vec::new();
    for ch in text.chars() {
        let face = fonts.face(ch);
        let font = fonts.font(face)?;
        let em = 1.0 / font.units_per_em().unwrap_or(1000.0);
        let id = font.glyph_id(ch);
        if id.0 == 0 {
            if ch.is_whitespace() {
                glyphs.push(RunGlyph {
                    advance: 0.5,
                    outline: None,
                });
                faces.push(face);
                continue;
            }
            return Err(SealImageError::NoGlyph { face, field, ch });
        }
        glyphs.push(RunGlyph {
            advance: font.h_advance_unscaled(id) * em,
            outline: font.outline(id).map(|o| transform(o, em, 0.0)),
        });
        faces.push(face);
    }
    let is_latin = |i: usize| faces[i] == FontFace::SansLatin;
    let (lo, hi) = ink_range(
        glyphs
            .iter()
            .enumerate()
            .filter(|(i, _)| !is_latin(*i))
            .filter_map(|(_, g)| g.outline.as_ref()),
    );
    if hi > lo && faces.contains(&FontFace::SansLatin) {
        let sans = fonts.font(FontFace::SansLatin)?;
        let cap = sans
            .outline(sans.glyph_id('H'))
            .map(|o| o.bounds.min.y / sans.units_per_em().unwrap_or(2048.0))
            .filter(|c| *c > 0.0)
            .unwrap_or(0.7);
        let f = LATIN_CAP_SHARE * (hi - lo) / cap;
        let dy = (lo + hi) / 2.0 - f * cap / 2.0;
        for (i, g) in glyphs.iter_mut().enumerate() {
            if is_latin(i) {
                g.advance *= f;
                g.outline = g.outline.take().map(|o| transform(o, f, dy));
            }
        }
    }
    let (lo, hi) = ink_range(glyphs.iter().filter_map(|g| g.outline.as_ref()));
    if hi <= lo {
        return Err(SealImageError::NothingToDraw { field });
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
pub(super) struct Place {
    pub(super) x: f32,
    pub(super) y: f32,
    pub(super) sx: f32,
    pub(super) sy: f32,
    pub(super) rot: f32,
    pub(super) shear: f32,
}

impl Place {
    /// Maps a point given relative to the cell centre (px, y down, before rotation) to the canvas.
    pub(super) fn map_local(&self, u: f32, v: f32) -> (f32, f32) {
        let u = u - self.shear * v;
        let (s, c) = self.rot.sin_cos();
        (self.x + u * c - v * s, self.y + u * s + v * c)
    }
}

pub(super) fn draw_glyph(canvas: &mut Canvas, run: &Run, i: usize, p: &Place) {
    let g = &run.glyphs[i];
    let Some(outline) = &g.outline else { return };
    let (fcx, fcy) = (g.advance / 2.0, (run.ink_lo + run.ink_hi) / 2.0);
    let m = |q: &Point| {
        let (x, y) = p.map_local((q.x - fcx) * p.sx, -(q.y - fcy) * p.sy);
        point(x, y)
    };
    let curves = outline.curves.iter().map(|c| map_curve(c, m)).collect();
    canvas.fill(&Path { curves });
}

/// The four corners and edge points of a glyph's cell, on the canvas.
pub(super) fn cell_outline(run: &Run, i: usize, p: &Place) -> Vec<(f32, f32)> {
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
pub(super) struct Fit {
    pub(super) h: f32,
    pub(super) wr: f32,
    pub(super) gap: f32,
}

/// Limits for fitting a run into a length.
#[derive(Clone, Copy)]
pub(super) struct FitRule {
    pub(super) h0: f32,
    pub(super) h_min: f32,
    pub(super) wr0: f32,
    pub(super) wr_min: f32,
    /// Letter spacing bounds as fractions of `h`: spacing grows up to `gap_max` to fill the
    /// length and shrinks down to `gap_min` before glyphs get narrower.
    pub(super) gap_min: f32,
    pub(super) gap_max: f32,
}

/// Fits a run into `avail(h)` px: first by tightening letter spacing, then by narrowing glyphs
/// down to `wr_min`, then by lowering them down to `h_min`.
pub(super) fn fit_run(run: &Run, rule: &FitRule, avail: impl Fn(f32) -> f32) -> Option<Fit> {
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
pub(super) fn run_length(run: &Run, fit: &Fit) -> f32 {
    fit.wr * fit.h * run.rel_width() + (run.len() as f32 - 1.0) * fit.gap
}

/// Centres of the glyph cells along a line of the run's length starting at 0.
pub(super) fn run_offsets(run: &Run, fit: &Fit) -> Vec<f32> {
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

pub(super) fn place_for(run: &Run, fit: &Fit, x: f32, y: f32, rot: f32) -> Place {
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
pub(super) fn draw_line(canvas: &mut Canvas, run: &Run, fit: &Fit, cx: f32, cy: f32) -> Vec<Place> {
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
