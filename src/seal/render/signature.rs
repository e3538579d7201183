//! The generated signature (`seal make --kind signature`): a person's name written in a Kai
//! (楷体) font drawn with a pen, set a little unevenly the way a hand writes. It is a
//! **fallback**, not a signature: a real one is a photo of the person's handwriting, cleaned
//! by `seal::handwriting` (`seal upload --kind signature`).

use super::Ctx;
use super::canvas::Canvas;
use super::text::{Place, draw_glyph, shape_text};
use crate::seal::error::{Field, Result, SealImageError};

/// A small deterministic hash (FNV-1a) for per-character variation: in [-1, 1).
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
    (x % 10_000) as f32 / 5_000.0 - 1.0
}

/// The name centred on the canvas: glyphs about 60 % of the height, each varying a little in
/// size, angle and height, the line rising slightly to the right, neighbours close together.
pub(super) fn draw_signature(ctx: &Ctx<'_>, canvas: &mut Canvas) -> Result<()> {
    let spec = ctx.spec;
    let k = ctx.k;
    let (w, h) = (canvas.w as f32, canvas.h as f32);
    let name: String = spec.text.split_whitespace().collect::<Vec<_>>().join(" ");
    let run = shape_text(ctx.fonts, &name, Field::PersonName)?;
    let seed = name
        .chars()
        .fold(0u64, |a, c| a.wrapping_mul(31).wrapping_add(u64::from(c)));

    let overlap = 0.04;
    let n = run.len();
    let scale_of = |i: usize| {
        if i == 0 {
            1.06
        } else {
            0.96 + 0.04 * jitter(seed, i, 1)
        }
    };
    // Length at glyph ink height gh: advances minus overlaps.
    let length = |gh: f32| {
        (0..n)
            .map(|i| gh * scale_of(i) * run.rel_advance(i))
            .sum::<f32>()
            * (1.0 - overlap)
    };
    let mut gh = 0.6 * h;
    let avail = 0.92 * w;
    if length(gh) > avail {
        gh *= avail / length(gh);
    }
    if gh < (3.0 * k).max(0.2 * h) {
        return Err(SealImageError::SignatureTooLong {
            name,
            chars: n,
            width_mm: spec.width_mm,
            height_mm: spec.height_mm,
        });
    }
    let mut x = (w - length(gh)) / 2.0;
    let base_y = 0.5 * h;
    let sy0 = gh / run.ink_h();
    let rise = 0.06 * gh / n.max(2) as f32;
    for i in 0..n {
        let sc = scale_of(i);
        let sy = sy0 * sc;
        let cell = gh * sc * run.rel_advance(i);
        let p = Place {
            x: x + cell / 2.0,
            y: base_y + 0.025 * h * jitter(seed, i, 2) + rise * (n as f32 / 2.0 - i as f32),
            sx: sy,
            sy,
            rot: (2.5 * jitter(seed, i, 3)).to_radians(),
            shear: 0.0,
        };
        draw_glyph(canvas, &run, i, &p);
        x += cell * (1.0 - overlap);
    }
    Ok(())
}
