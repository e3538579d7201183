//! The seal-cleaning test set: a generator of synthetic photos with exact ink and print
//! masks (`generate`) and the scores of a cleaned seal against them.
//!
//! Two seed sets are generated: [`DEV_SEEDS`] for looking and tuning during development,
//! and [`HELD_OUT_SEEDS`], different scenes that the assertions are made on.

#![allow(dead_code)]

pub mod generate;

use catool::seal::clean::Cleaned;
use image::{GrayImage, RgbaImage};

/// Seeds used while developing the cleaner (24 photos: 8 per group).
pub const DEV_SEEDS: std::ops::RangeInclusive<u64> = 1..=8;
/// Seeds the tests assert on (18 photos: 6 per group, two of each shape), never used for
/// tuning.
pub const HELD_OUT_SEEDS: std::ops::RangeInclusive<u64> = 1001..=1006;

/// Alpha at or above which an output pixel counts as ink.
pub const INK_ALPHA: u8 = 128;

/// How a cleaned seal compares with the truth.
#[derive(Clone, Copy, Debug, Default)]
pub struct Score {
    /// Intersection over union of output ink and true ink, print pixels left out.
    pub iou: f64,
    /// Share of print pixels near the seal (not on its ink) that the output marks as ink.
    pub text_kept: f64,
    /// Share of the true ink hidden under print that the output fills in.
    pub fill_recall: f64,
    /// Share of the pixels under print that the output fills which are true ink.
    pub fill_precision: f64,
    /// Counts behind the numbers: ink pixels missed and added (print left out).
    pub missed: u64,
    pub added: u64,
}

/// The output's alpha in input coordinates: `rgba` placed with its top-left corner at
/// `origin`; pixels outside it are transparent.
pub fn alpha_in_input(rgba: &RgbaImage, origin: (u32, u32), w: u32, h: u32) -> GrayImage {
    let mut a = GrayImage::new(w, h);
    for (x, y, p) in rgba.enumerate_pixels() {
        let (ix, iy) = (x + origin.0, y + origin.1);
        if ix < w && iy < h {
            a.put_pixel(ix, iy, image::Luma([p[3]]));
        }
    }
    a
}

/// The alpha of an (unstraightened) cleaned seal in input coordinates.
pub fn cleaned_alpha(c: &Cleaned, margin: u32) -> GrayImage {
    let rgba = image::load_from_memory(&c.png)
        .expect("cleaned PNG decodes")
        .to_rgba8();
    let origin = (
        c.report.bbox[0].saturating_sub(margin),
        c.report.bbox[1].saturating_sub(margin),
    );
    alpha_in_input(&rgba, origin, c.report.input_width, c.report.input_height)
}

/// Bounding box (x, y, width, height) of the set pixels of a mask.
pub fn bbox(m: &GrayImage) -> Option<[u32; 4]> {
    let (mut x0, mut y0, mut x1, mut y1) = (u32::MAX, u32::MAX, 0, 0);
    for (x, y, p) in m.enumerate_pixels() {
        if p[0] != 0 {
            x0 = x0.min(x);
            y0 = y0.min(y);
            x1 = x1.max(x);
            y1 = y1.max(y);
        }
    }
    (x0 <= x1).then(|| [x0, y0, x1 - x0 + 1, y1 - y0 + 1])
}

/// Scores an alpha plane (input coordinates) against the sample's truth.
pub fn score(alpha: &GrayImage, ink: &GrayImage, text: &GrayImage) -> Score {
    let (w, h) = ink.dimensions();
    // "Near the seal": the true ink's bounding box grown by a fifth of its size.
    let [x0, y0, bw, bh] = bbox(ink).expect("the sample has ink");
    let (x1, y1) = (x0 + bw - 1, y0 + bh - 1);
    let grow = (x1.saturating_sub(x0)).max(y1.saturating_sub(y0)) / 5;
    let (x0, y0) = (x0.saturating_sub(grow), y0.saturating_sub(grow));
    let (x1, y1) = ((x1 + grow).min(w - 1), (y1 + grow).min(h - 1));

    let (mut inter, mut union, mut missed, mut added) = (0u64, 0u64, 0u64, 0u64);
    let (mut text_near, mut text_kept) = (0u64, 0u64);
    let (mut hidden, mut filled_true, mut filled) = (0u64, 0u64, 0u64);
    for y in 0..h {
        for x in 0..w {
            let truth = ink.get_pixel(x, y)[0] != 0;
            let found = alpha.get_pixel(x, y)[0] >= INK_ALPHA;
            if text.get_pixel(x, y)[0] != 0 {
                hidden += u64::from(truth);
                filled += u64::from(found);
                filled_true += u64::from(found && truth);
                if !truth && (x0..=x1).contains(&x) && (y0..=y1).contains(&y) {
                    text_near += 1;
                    text_kept += u64::from(found);
                }
                continue;
            }
            inter += u64::from(truth && found);
            union += u64::from(truth || found);
            missed += u64::from(truth && !found);
            added += u64::from(found && !truth);
        }
    }
    let ratio = |a: u64, b: u64| if b == 0 { 1.0 } else { a as f64 / b as f64 };
    Score {
        iou: ratio(inter, union),
        text_kept: ratio(text_kept, text_near),
        fill_recall: ratio(filled_true, hidden),
        fill_precision: ratio(filled_true, filled),
        missed,
        added,
    }
}
