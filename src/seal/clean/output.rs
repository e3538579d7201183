//! The output: an RGBA cut-out of the seal (ink opaque with alpha following its coverage,
//! paper transparent, filled pixels in the seal's solid ink colour) and its PNG encoding.

use image::codecs::png::{CompressionType, FilterType, PngEncoder};
use image::{GrayImage, ImageEncoder, RgbImage, RgbaImage};

use super::CleanOptions;
use super::background::Background;
use super::classify::{Planes, S_SCALE, Strength, Thresholds};
use super::mask::Rect;
use crate::seal::error::{Result, SealImageError};

/// What the picture gave: its pixels, the paper, the per-pixel measures and thresholds.
#[derive(Clone, Copy)]
pub(super) struct Source<'a> {
    pub(super) rgb: &'a RgbImage,
    pub(super) bg: &'a Background,
    pub(super) planes: &'a Planes,
    pub(super) th: &'a Thresholds,
}

/// The seal found in a region of the picture; every mask is 0/1, region-sized.
pub(super) struct SealMask {
    pub(super) region: Rect,
    pub(super) strength: Strength,
    /// Ink.
    pub(super) mask: Vec<u8>,
    /// Ink grown by a pixel: the soft edge drawn below half alpha.
    pub(super) fringe: Vec<u8>,
    /// Black print (never drawn unless filled).
    pub(super) dark: Vec<u8>,
    /// Ink restored under print from the seal's structure (a subset of `mask`).
    pub(super) filled: Vec<u8>,
}

/// RGBA and binary mask of `crop` (a sub-rectangle of `region`).
pub(super) fn render(
    src: &Source,
    opts: &CleanOptions,
    seal: &SealMask,
    crop: &Rect,
) -> (RgbaImage, GrayImage) {
    let Source {
        rgb,
        bg,
        planes,
        th,
    } = *src;
    let SealMask {
        region,
        strength,
        mask,
        fringe,
        dark,
        filled,
    } = seal;
    let min_s = th.ink_s;
    let mut out = RgbaImage::new(crop.w, crop.h);
    let mut out_mask = GrayImage::new(crop.w, crop.h);
    let (mut grid_row, mut inv) = bg.scratch(planes.w);
    let (mut sum, mut count) = ([0f64; 3], 0u64);
    let mut filled_at = Vec::new();
    let (w, cw) = (planes.w as usize, crop.w as usize);
    let raw = rgb.as_raw();
    let out_rows = out
        .chunks_exact_mut(cw * 4)
        .zip(out_mask.chunks_exact_mut(cw));
    for (yy, (out_row, mask_row)) in out_rows.enumerate() {
        let y = crop.y as usize + yy;
        let pi = y * w + crop.x as usize;
        let ri = (y - region.y as usize) * region.w as usize + (crop.x - region.x) as usize;
        let d = &planes.d[pi..pi + cw];
        let s = &planes.s[pi..pi + cw];
        let r = &planes.r[pi..pi + cw];
        let (m, f, k) = (&mask[ri..ri + cw], &fringe[ri..ri + cw], &dark[ri..ri + cw]);
        let fl = &filled[ri..ri + cw];
        let mut have_inv = false;
        for xx in 0..cw {
            let in_mask = m[xx] != 0;
            // The soft edge: next to ink, red, and not seen through print.
            if !in_mask && (f[xx] == 0 || k[xx] != 0 || s[xx] < min_s || r[xx] < th.dark_r) {
                continue;
            }
            if fl[xx] != 0 {
                // Filled from the seal's structure: solid ink, coloured after the loop.
                out_row[xx * 4 + 3] = 255;
                mask_row[xx] = 255;
                filled_at.push(yy * cw + xx);
                continue;
            }
            // Ink coverage from darkness (full resolution), where the colour says "red",
            // relative to the solid ink around it.
            let full = strength.at(crop.x - region.x + xx as u32, y as u32 - region.y) / S_SCALE;
            let opaque = 0.85 * full;
            let cov = f32::from(d[xx]) / S_SCALE;
            // Ink is at least half opaque (128), the fringe less than half (at most 127).
            let a8 = ((cov / opaque).clamp(0.0, 1.0) * 255.0).round() as u8;
            let a8 = if in_mask { a8.max(128) } else { a8.min(127) };
            if a8 == 0 {
                continue;
            }
            let color = match opts.normalize_color {
                Some(c) => c,
                None => {
                    if !have_inv {
                        bg.row(y as u32, &mut grid_row, &mut inv);
                        have_inv = true;
                    }
                    let x = crop.x as usize + xx;
                    let p = &raw[(y * w + x) * 3..(y * w + x) * 3 + 3];
                    let q = &inv[x * 3..x * 3 + 3];
                    // Mix the paper out: n = a·ink + (1 − a)·white  ⇒  ink = 1 − (1 − n)/a.
                    let a = (cov / full).clamp(0.35, 1.0);
                    let un = |c: usize| {
                        let n = f32::from(p[c]) * q[c];
                        ((1.0 - (1.0 - n) / a).clamp(0.0, 1.0) * 255.0).round() as u8
                    };
                    [un(0), un(1), un(2)]
                }
            };
            if in_mask && a8 == 255 {
                for c in 0..3 {
                    sum[c] += f64::from(color[c]);
                }
                count += 1;
            }
            out_row[xx * 4..xx * 4 + 4].copy_from_slice(&[color[0], color[1], color[2], a8]);
            if in_mask {
                mask_row[xx] = 255;
            }
        }
    }
    // Transparent pixels carry the ink colour, so scaling viewers blend towards ink, not black.
    let fill = match opts.normalize_color {
        Some(c) => c,
        None if count > 0 => [0, 1, 2].map(|c| (sum[c] / count as f64).round() as u8),
        None => [200, 30, 30],
    };
    for p in out.chunks_exact_mut(4) {
        if p[3] == 0 {
            p.copy_from_slice(&[fill[0], fill[1], fill[2], 0]);
        }
    }
    // Filled pixels: the seal's typical solid ink.
    for i in filled_at {
        out.as_mut()[i * 4..i * 4 + 3].copy_from_slice(&fill);
    }
    (out, out_mask)
}

/// An RGBA picture as a PNG (fast compression; deterministic bytes).
pub(super) fn encode_png(img: &RgbaImage) -> Result<Vec<u8>> {
    let mut png = Vec::new();
    PngEncoder::new_with_quality(&mut png, CompressionType::Fast, FilterType::Adaptive)
        .write_image(
            img.as_raw(),
            img.width(),
            img.height(),
            image::ExtendedColorType::Rgba8,
        )
        .map_err(SealImageError::encode)?;
    Ok(png)
}
