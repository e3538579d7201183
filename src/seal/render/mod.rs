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
//!   the middle (字高 3.7 mm, 18 characters ≈ 26 mm wide), 发票专用章 below (字高 4.6 mm,
//!   字宽 3 mm, its top 4.2 mm below the centre line) and the serial number "(1)" under it;
//! - legal-representative and personal name seals (法人章, 人名章): square, border, four
//!   characters in a 2 × 2 grid read in traditional right-to-left columns;
//! - handwritten signature (手写签名): generated only as a font fallback (see `signature`);
//!   the real one is a cleaned photo (`seal::handwriting`).
//!
//! Chinese is drawn in a serif (Song) face, digits and Latin in an Arial-metric sans-serif
//! (`fonts`). Files: `spec` (kinds, spec, checks), `fonts`, `canvas` (coverage and PNG),
//! `text` (shaping and fitting lines), `arc` (text along arcs), `shapes` (round, oval,
//! square seals), `signature`. Nothing here prints or touches the registry.

mod arc;
mod canvas;
mod fonts;
mod shapes;
mod signature;
mod spec;
mod text;

pub(crate) use canvas::encode_png;
pub use fonts::{FontFace, face_for};
pub use spec::{
    DPI_RANGE, SEAL_RED, SERIAL_RANGE, SIGNATURE_INK, SIZE_RANGE_MM, SealKind, SealSpec,
    square_seal_text,
};

use crate::seal::error::Result;
use canvas::Canvas;
use fonts::Fonts;
use spec::Shape;

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

/// What every drawing step needs.
struct Ctx<'a> {
    spec: &'a SealSpec,
    fonts: &'a Fonts<'a>,
    /// Pixels per millimetre.
    k: f32,
}

/// Draws the seal `spec` describes.
pub fn render(spec: &SealSpec) -> Result<Rendered> {
    spec::validate(spec)?;
    let fonts = Fonts::new(spec)?;
    let width_px = (mm_to_px(spec.width_mm, spec.dpi).round() as u32).max(1);
    let height_px = (mm_to_px(spec.height_mm, spec.dpi).round() as u32).max(1);
    let mut canvas = Canvas::new(width_px as usize, height_px as usize);
    let ctx = Ctx {
        spec,
        fonts: &fonts,
        k: mm_to_px(1.0, spec.dpi),
    };
    match spec.kind.shape() {
        Shape::Round => shapes::draw_round(&ctx, &mut canvas)?,
        Shape::Oval => shapes::draw_oval(&ctx, &mut canvas)?,
        Shape::Square => shapes::draw_square(&ctx, &mut canvas)?,
        Shape::Signature => signature::draw_signature(&ctx, &mut canvas)?,
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
