//! Cutting a seal out of a photo or a scan (D17: 扫描印章, "the system automatically cuts the
//! seal out of the picture" / 系统会自动从图片中抠出签章).
//!
//! Pure image work: bytes or a decoded picture in, a transparent PNG of the seal and a short
//! report out. Nothing here prints or touches the registry.
//!
//! # Method
//!
//! 1. **Paper colour, locally.** The picture is averaged into a coarse grid (about 192 cells on
//!    the long side). A grey-level *closing* of every colour channel (maximum filter, then
//!    minimum filter, radius about 7 % of the picture) removes everything darker than the
//!    paper that is narrower than the filter (seal strokes, the star, printed text) while
//!    keeping smooth lighting ramps. Cells whose colour is within a few percent of that
//!    envelope are "clean paper"; a normalised box blur of the clean-paper cells only is the
//!    background estimate, so ink never leaks into it.
//! 2. **Illumination normalisation.** Every pixel is divided, channel by channel, by the
//!    bilinearly interpolated local paper colour. Paper becomes white (1, 1, 1) whatever its
//!    yellowing and whatever shadow or vignette lies on it.
//! 3. **Red ink.** Three per-pixel measures of the normalised colour: *redness*
//!    `r − max(g, b)` (positive only when red dominates, i.e. hue around 0°, vermilion 朱砂 to
//!    crimson; about 0 for paper, shadows and grey noise), *darkness* `1 − luma`, and the red
//!    channel itself. JPEG stores colour at half resolution, so redness only says "red is
//!    here"; darkness is full resolution and says how much of the pixel the ink covers. The
//!    seal calibrates itself: its typical redness (80th percentile) and darkness (median of
//!    clearly red pixels) set the thresholds. A pixel is ink when it is red (a quarter of the
//!    typical redness) and at least half covered (half the typical darkness), which puts the
//!    mask edge where the ink edge is; hairlines too thin to reach half coverage after blur
//!    count when they are a darkness ridge of at least a quarter coverage.
//! 4. **Black text is not ink.** Red ink reflects red light almost as well as paper: its
//!    normalised red channel stays high. A red channel below 80 % of the seal's is "dark"
//!    (black print, or print crossing the seal); dark regions then grow for up to 5 pixels
//!    through pixels whose red channel is below 90 % of the seal's (the blurred edges of print
//!    strokes, where print and ink mix). None of these is ink: where black text crosses the
//!    seal the output is fully transparent.
//! 5. **Mask cleaning.** Connected components (8-connected, computed on row runs) smaller
//!    than a speck size are dropped; the seal is the largest component plus every component
//!    near it (within 20 % of the seal's size), so a stray red mark elsewhere in the photo
//!    does not stretch the crop. A 3×3 closing fills pin holes; it runs before the black-text
//!    exclusion, so text gaps are not bridged.
//! 6. **Output.** RGBA cropped to the seal plus `margin_px` (clamped to the picture). Alpha
//!    follows ink coverage (darkness relative to the seal's typical darkness; at least 50 %
//!    inside the mask), with a one-pixel soft fringe below 50 %; colour is the
//!    illumination-corrected ink colour with the paper mixed out (`ink = 1 − (1 − n)/a`), or
//!    `normalize_color`. Fully transparent pixels carry the ink colour with alpha 0 so that
//!    viewers that scale the image do not draw dark halos.
//! 7. **Straightening (optional).** Round and oval seals have the same bounding box at every
//!    angle, so a minimum-area rectangle cannot find their tilt; what they do have is a mirror
//!    axis (the star's tip, the middle of the name arc, the centred bottom line). The tilt is
//!    the angle in ±45° that makes the ink mask (downsampled to about 96 cells and slightly
//!    blurred) most mirror-symmetric about the vertical through the middle of its bounding
//!    box, minus a penalty on the bounding-box area so that square and rectangular seals
//!    are squared up too. The search is coarse (1°) then fine (0.1°); when no angle scores
//!    clearly better than 0°, the seal is left as it is. A seal whose design has no mirror
//!    axis and no straight border (a handwritten signature) cannot be straightened reliably.
//!
//! # Cost
//!
//! Linear in the pixels; a 12-megapixel photo takes about 120–140 ms on two cores (release
//! build), straightening adds about 100 ms. Memory: the decoded picture plus three bytes per
//! pixel, plus the cut-out.
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

use crate::error::{Error, Result};
use background::Background;
use classify::{Strength, Thresholds, classify};
pub use decode::decode_limited;
use decode::{to_rgb_over_white, too_large};
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
    let img = decode_limited(bytes, opts.max_pixels)?;
    clean_image(&img, opts)
}

/// Cleans an already decoded picture (see the module documentation for the method).
pub fn clean_image(img: &DynamicImage, opts: &CleanOptions) -> Result<Cleaned> {
    let (w, h) = img.dimensions();
    let pixels = u64::from(w) * u64::from(h);
    if pixels > opts.max_pixels {
        return Err(too_large(w, h, opts.max_pixels));
    }
    let owned;
    let rgb: &RgbImage = match img {
        DynamicImage::ImageRgb8(i) => i,
        other => {
            owned = to_rgb_over_white(other);
            &owned
        }
    };
    if w < 8 || h < 8 {
        return Err(no_seal(&format!("the picture is only {w}x{h} pixels")));
    }

    let bg = Background::estimate(rgb);
    let planes = classify(rgb, &bg)?;
    let th = Thresholds::from_planes(&planes)
        .ok_or_else(|| no_seal("nothing in it is red enough to be seal ink"))?;
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
        return Err(no_seal(&format!(
            "only {ink_pixels} pixels of red ink, at least {min_ink} needed"
        )));
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
    let keep = select_seal(&comps, speck).ok_or_else(|| no_seal("only scattered red specks"))?;

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

fn no_seal(why: &str) -> Error {
    Error::BadInput(format!(
        "no red seal found in the picture ({why}); take the photo of a red seal on paper, in \
         daylight, filling most of the frame"
    ))
}
