//! Cutting a seal out of a photo or a scan (D17: 扫描印章, "the system automatically cuts the
//! seal out of the picture" / 系统会自动从图片中抠出签章).
//!
//! Pure image work: bytes or a decoded picture in, a transparent PNG of the seal and a short
//! report out. Nothing here prints or touches the registry. One file per job:
//!
//! - `decode`: PNG/JPEG only, refused above the pixel limit before any pixel is decoded;
//! - `background`: the local paper colour (a closing of a coarse grid, clean-paper cells only);
//! - `classify`: every pixel divided by its paper colour, print divided out, redness and
//!   darkness measured, thresholds set by the seal itself, local solid-ink strength;
//! - `mask`: connected ink on row runs, choosing the seal, specks, pin holes, print;
//! - `fill`: ink under print restored from the seal's structure;
//! - `output`: the RGBA cut-out and its PNG; `straighten`: the optional upright turn.
//!
//! # Method
//!
//! 1. **Paper colour, locally.** A grey-level closing of the picture's coarse grid (about 192
//!    cells on the long side) removes everything darker than the paper and narrower than the
//!    filter; a normalised blur of the cells near that envelope is the paper. Every pixel is
//!    divided by it: paper becomes white whatever its tint and the light on it.
//! 2. **Print divided out.** Red ink leaves the red channel almost untouched (it reflects
//!    85–97 % of the red light paper does); black print does not. A red channel below 0.9 is
//!    read as print seen through, and the pixel is divided by that transmittance, so that ink
//!    under a grey ruled line or the blurred edge of a character is still seen as ink. Print
//!    letting through less than 30 % hides what is under it.
//! 3. **Red ink, relative to itself.** *Redness* `r − max(g, b)` says "red is here" (JPEG
//!    keeps colour at half resolution); *darkness* `1 − luma` is full resolution and says how
//!    much of the pixel is covered. Candidates are red (a quarter of the seal's typical
//!    redness) and somewhat dark; the seal is the largest group of candidates plus those near
//!    it. In the seal's region, fainter ink (3×3-averaged redness, 60 % of the thresholds)
//!    joins when it touches candidates (hysteresis), and a pixel is ink when it is at least
//!    half as dark as the *solid ink around it*: the mean darkness inside strokes within a
//!    cell or two (at least 85 % of the darkest ink within a twentieth of the seal). A
//!    faded arc is judged against its own ink, a blurred edge is cut where half the pixel is
//!    covered (no halo), hairlines count as darkness ridges. Pixels seen through print must
//!    be clearly red and three quarters as dark.
//! 4. **Cleaning.** Specks (parts smaller than about 1/250 000 of the picture) go, pin holes
//!    up to (size/120)² pixels where the stamp did not take are closed, print that hides the
//!    ink (grown two pixels through darkish red channels, JPEG's colour smear) is cut out.
//! 5. **Structural fill** (`fill`): print pixels on the seal's border band (outer radius
//!    and thickness per half degree around the centre, running median along the angle, so a
//!    ring, an ellipse or a square frame continues under a line of text or a ruled line), on
//!    the five-fold symmetric star, or between ink on both sides across thin print become
//!    solid ink.
//! 6. **Output.** RGBA cropped to the seal plus `margin_px` (clamped to the picture). Alpha
//!    follows coverage relative to the local solid ink, at least 128 inside the mask, a
//!    one-pixel fringe below 128 (never over print); colour is the illumination-corrected ink
//!    with the paper mixed out (`ink = 1 − (1 − n)/a`), filled pixels in the seal's typical
//!    solid ink, or `normalize_color`. Transparent pixels carry the ink colour with alpha 0
//!    so that viewers that scale the image do not draw dark halos.
//! 7. **Straightening (optional)**: see `straighten`.
//!
//! # Quality and cost
//!
//! Measured by `tests/it/seal_clean.rs` on synthetic photos with exact ground truth
//! (`tests/it/clean_set`): IoU against the true ink with print excluded, print kept as ink,
//! and the share of ink under print that is filled in. Linear in the pixels; a 12-megapixel
//! photo takes about 200 ms on two busy cores (release build), straightening adds about
//! 100 ms. Memory: the decoded picture plus three bytes per pixel, plus the cut-out.
//!
//! The output PNG is deterministic: the same input and options give the same bytes.

mod background;
mod classify;
mod decode;
mod fill;
mod mask;
mod output;
mod straighten;

use image::{DynamicImage, GenericImageView, GrayImage, RgbImage};

use crate::seal::error::{NoSeal, Result, SealImageError};
use background::Background;
use classify::{Strength, Thresholds, classify};
pub(crate) use decode::check_pixels;
use decode::to_rgb_over_white;
pub use decode::{decode, decode_limited};
use mask::{Rect, candidate_runs, components, dilate3, select_seal};
use output::{SealMask, Source};

/// Default for [`CleanOptions::max_pixels`]: 50 megapixels (for example 8660 × 5773), more
/// than any phone camera or A4 scan at 600 dpi (about 35 MP) produces. Decoding a picture
/// this large takes at most 8 bytes per pixel (16-bit RGBA PNG), i.e. 400 MB; pictures above
/// the limit are refused before their pixels are decoded.
pub const DEFAULT_MAX_PIXELS: u64 = 50_000_000;

/// How to clean a seal picture.
#[derive(Debug, Clone, PartialEq)]
pub struct CleanOptions {
    /// Estimate the seal's tilt (±45°) and rotate the output upright.
    pub straighten: bool,
    /// Paint every ink pixel in this colour (alpha still follows ink strength). `None` keeps
    /// the ink's own colour, corrected for lighting and paper tint.
    pub normalize_color: Option<[u8; 3]>,
    /// Transparent border around the seal in the output, in pixels (clamped to the picture
    /// when not straightening).
    pub margin_px: u32,
    /// Pictures with more pixels than this are refused before decoding. Default
    /// [`DEFAULT_MAX_PIXELS`] (50 000 000).
    pub max_pixels: u64,
}

impl Default for CleanOptions {
    fn default() -> Self {
        CleanOptions {
            straighten: false,
            normalize_color: None,
            margin_px: 8,
            max_pixels: DEFAULT_MAX_PIXELS,
        }
    }
}

/// What cleaning found and produced.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct CleanReport {
    pub input_width: u32,
    pub input_height: u32,
    /// Pixels of the input classified as seal ink.
    pub ink_pixels: u64,
    /// `ink_pixels` divided by the input's pixel count.
    pub ink_fraction: f64,
    /// Bounding box of the ink in input pixels: x, y, width, height. Without straightening
    /// the output's top-left corner is input pixel (x − margin, y − margin), each clamped at 0.
    pub bbox: [u32; 4],
    /// Tilt of the seal found in the input, in degrees, clockwise positive; the output was
    /// rotated by the same angle counter-clockwise. 0 when not straightening.
    pub rotation_deg: f32,
    pub output_width: u32,
    pub output_height: u32,
}

/// A seal cut out of a picture.
pub struct Cleaned {
    /// RGBA PNG: ink opaque (alpha follows ink strength), everything else transparent.
    pub png: Vec<u8>,
    /// Ink mask in output coordinates (same size as the PNG), 255 = ink.
    pub mask: GrayImage,
    pub report: CleanReport,
}

impl std::fmt::Debug for Cleaned {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Cleaned")
            .field("png", &format_args!("<{} bytes>", self.png.len()))
            .field(
                "mask",
                &format_args!("<{}x{}>", self.mask.width(), self.mask.height()),
            )
            .field("report", &self.report)
            .finish()
    }
}

/// Decodes a seal picture and cuts the seal out of it.
pub fn clean(bytes: &[u8], opts: &CleanOptions) -> Result<Cleaned> {
    let img = decode(bytes, opts.max_pixels)?;
    clean_image(&img, opts)
}

/// Cleans an already decoded picture (see the module documentation for the method).
pub fn clean_image(img: &DynamicImage, opts: &CleanOptions) -> Result<Cleaned> {
    let (w, h) = img.dimensions();
    check_pixels(w, h, opts.max_pixels)?;
    let pixels = u64::from(w) * u64::from(h);
    let owned;
    let rgb: &RgbImage = match img {
        DynamicImage::ImageRgb8(i) => i,
        other => {
            owned = to_rgb_over_white(other);
            &owned
        }
    };
    if w < 8 || h < 8 {
        return Err(no_seal(NoSeal::TooSmall {
            width: w,
            height: h,
        }));
    }

    let bg = Background::estimate(rgb);
    let planes = classify(rgb, &bg)?;
    let th = Thresholds::from_planes(&planes).ok_or(no_seal(NoSeal::NotRed))?;
    let src = Source {
        rgb,
        bg: &bg,
        planes: &planes,
        th: &th,
    };
    let seal = find_seal(&src, opts, pixels)?;
    let region = seal.region;

    let mut ink_pixels = 0u64;
    let (mut x0, mut y0, mut x1, mut y1) = (u32::MAX, u32::MAX, 0u32, 0u32);
    for (yy, row) in seal.mask.chunks_exact(region.w as usize).enumerate() {
        for (xx, &m) in row.iter().enumerate() {
            if m != 0 {
                let (xx, yy) = (xx as u32, yy as u32);
                ink_pixels += 1;
                x0 = x0.min(xx);
                y0 = y0.min(yy);
                x1 = x1.max(xx);
                y1 = y1.max(yy);
            }
        }
    }
    let min_ink = (pixels / 40_000).max(150);
    if ink_pixels < min_ink {
        return Err(no_seal(NoSeal::LittleInk {
            pixels: ink_pixels,
            min: min_ink,
        }));
    }
    let bbox = [region.x + x0, region.y + y0, x1 - x0 + 1, y1 - y0 + 1];
    let crop = Rect::around(
        Rect {
            x: bbox[0],
            y: bbox[1],
            w: bbox[2],
            h: bbox[3],
        },
        opts.margin_px,
        w,
        h,
    )
    .within(&region);
    let (mut out, mut out_mask) = output::render(&src, opts, &seal, &crop);

    let mut rotation_deg = 0.0f32;
    if opts.straighten {
        rotation_deg = straighten::estimate_tilt(&out_mask);
        if rotation_deg != 0.0 {
            (out, out_mask) =
                straighten::rotate_output(&out, &out_mask, rotation_deg, opts.margin_px);
        }
    }
    let png = output::encode_png(&out)?;
    let report = CleanReport {
        input_width: w,
        input_height: h,
        ink_pixels,
        ink_fraction: ink_pixels as f64 / pixels as f64,
        bbox,
        rotation_deg,
        output_width: out.width(),
        output_height: out.height(),
    };
    Ok(Cleaned {
        png,
        mask: out_mask,
        report,
    })
}

/// Finds the seal and its ink: candidate red marks of the whole picture, the seal among them,
/// then, in the seal's region, ink cut at half the local solid ink, print cut out, specks and
/// pin holes cleaned, and ink under print restored from the seal's structure.
fn find_seal(src: &Source, opts: &CleanOptions, pixels: u64) -> Result<SealMask> {
    let Source { planes, th, .. } = *src;
    let (w, h) = (planes.w, planes.h);
    let speck = (pixels / 250_000).max(8);
    let runs = candidate_runs(planes, th);
    let comps = components(&runs);
    let keep = select_seal(&comps, speck).ok_or(no_seal(NoSeal::Specks))?;

    // Work region: the seal's components plus margin and room for the 3×3 operations.
    let g = keep.bbox;
    let pad = opts.margin_px.saturating_add(2 + g.w.max(g.h) / 16);
    let region = Rect::around(g, pad, w, h);
    let rw = region.w as usize;
    let mut cand = vec![0u8; region.area()];
    for (run, comp) in runs.runs.iter().zip(&runs.comp_of) {
        if keep.members[comps.index_of[*comp as usize] as usize] {
            let row = (run.y - region.y) as usize * rw;
            cand[row + (run.x0 - region.x) as usize..row + (run.x1 - region.x) as usize].fill(1);
        }
    }
    let size = g.w.max(g.h);
    let strength = Strength::estimate(planes, th, &region, &cand, size);
    let weak = classify::weak_candidates(planes, th, &region);
    let cand = mask::hysteresis(&weak, &cand, region.w, region.h);
    let mut mask = vec![0u8; region.area()];
    for (yy, (m_row, c_row)) in mask
        .chunks_exact_mut(rw)
        .zip(cand.chunks_exact(rw))
        .enumerate()
    {
        let pi = (region.y as usize + yy) * w as usize + region.x as usize;
        for (xx, (m, &c)) in m_row.iter_mut().zip(c_row).enumerate() {
            if c != 0 && strength.is_ink(planes, th, pi + xx, xx as u32, yy as u32) {
                *m = 1;
            }
        }
    }
    mask::drop_specks(&mut mask, region.w, region.h, speck);
    mask::fill_pin_holes(
        &mut mask,
        region.w,
        region.h,
        (size / 120).pow(2).max(2) as u64,
    );
    let dark = mask::print_mask(planes, th, &region);
    for (m, &d) in mask.iter_mut().zip(&dark) {
        if d != 0 {
            *m = 0;
        }
    }
    let filled = fill::structural(&mask, &dark, region.w, region.h);
    for (m, &f) in mask.iter_mut().zip(&filled) {
        *m |= f;
    }
    let fringe = dilate3(&mask, region.w, region.h);
    Ok(SealMask {
        region,
        strength,
        mask,
        fringe,
        dark,
        filled,
    })
}

fn no_seal(why: NoSeal) -> SealImageError {
    SealImageError::NoSeal { why }
}
