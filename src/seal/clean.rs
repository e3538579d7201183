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

use std::io::Cursor;

use image::codecs::png::{CompressionType, FilterType, PngEncoder};
use image::{
    DynamicImage, GenericImageView, GrayImage, ImageDecoder, ImageEncoder, ImageError, ImageFormat,
    ImageReader, Limits, Rgb, RgbImage, RgbaImage,
};

use crate::error::{Error, Result};

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

/// Decodes a PNG or JPEG, refusing pictures with more than `max_pixels` pixels before any
/// pixel is decoded (the size comes from the header, and the decoder runs under
/// [`image::Limits`] so that a decompression bomb cannot allocate more than the limit allows).
/// The JPEG EXIF orientation is applied.
pub fn decode_limited(bytes: &[u8], max_pixels: u64) -> Result<DynamicImage> {
    const NOT_AN_IMAGE: &str = "not an image (expected PNG or JPEG)";
    let reader = || -> Result<ImageReader<Cursor<&[u8]>>> {
        let r = ImageReader::new(Cursor::new(bytes))
            .with_guessed_format()
            .map_err(|e| Error::BadInput(format!("cannot read the image: {e}")))?;
        match r.format() {
            Some(ImageFormat::Png | ImageFormat::Jpeg) => Ok(r),
            _ => Err(Error::BadInput(NOT_AN_IMAGE.to_string())),
        }
    };
    // 8 bytes per pixel covers the widest layout these decoders produce (16-bit RGBA),
    // plus room for the decoders' own buffers.
    let max_alloc = max_pixels.saturating_mul(8).saturating_add(64 << 20);
    let mut limits = Limits::default();
    limits.max_alloc = Some(max_alloc);

    let mut probe = reader()?;
    if probe.format() == Some(ImageFormat::Jpeg) && !jpeg_has_end(bytes) {
        // The JPEG decoder fills missing scan data with grey instead of failing.
        return Err(Error::BadInput(
            "cannot decode the image: the JPEG is truncated (no end-of-image marker after \
             the image data)"
                .to_string(),
        ));
    }
    probe.limits(limits.clone());
    let (w, h) = probe.into_dimensions().map_err(decode_error)?;
    let pixels = u64::from(w) * u64::from(h);
    if pixels > max_pixels {
        return Err(too_large(w, h, max_pixels));
    }
    if w == 0 || h == 0 {
        return Err(Error::BadInput(format!("the image is empty ({w}x{h})")));
    }

    let side = u32::try_from(max_pixels).unwrap_or(u32::MAX);
    limits.max_image_width = Some(side);
    limits.max_image_height = Some(side);
    let mut r = reader()?;
    r.limits(limits);
    let mut decoder = r.into_decoder().map_err(decode_error)?;
    if decoder.total_bytes() > max_alloc {
        return Err(too_large(w, h, max_pixels));
    }
    let orientation = decoder.orientation().map_err(decode_error)?;
    let mut img = DynamicImage::from_decoder(decoder).map_err(decode_error)?;
    img.apply_orientation(orientation);
    Ok(img)
}

/// Whether a JPEG's last scan is followed by the end-of-image marker (FF D9). Inside
/// entropy-coded data every FF byte is followed by 00 or a restart marker, so FF D9 after
/// the last start-of-scan (FF DA) is the real end, not a false match; an embedded EXIF
/// thumbnail comes before the main image and does not count.
fn jpeg_has_end(bytes: &[u8]) -> bool {
    let last_sos = bytes.windows(2).rposition(|w| w == [0xFF, 0xDA]);
    match last_sos {
        Some(i) => bytes[i..].windows(2).any(|w| w == [0xFF, 0xD9]),
        None => false,
    }
}

fn too_large(w: u32, h: u32, max_pixels: u64) -> Error {
    Error::BadInput(format!(
        "image too large: {w}x{h} is {} pixels, the limit is {max_pixels} pixels",
        u64::from(w) * u64::from(h)
    ))
}

fn decode_error(e: ImageError) -> Error {
    match e {
        ImageError::Limits(l) => Error::BadInput(format!("image too large to decode: {l}")),
        ImageError::Unsupported(u) => Error::BadInput(format!("unsupported image: {u}")),
        ImageError::IoError(io) if io.kind() == std::io::ErrorKind::UnexpectedEof => {
            Error::BadInput("cannot decode the image: it is truncated".to_string())
        }
        other => Error::BadInput(format!(
            "cannot decode the image (truncated or corrupt): {other}"
        )),
    }
}

// ---------------------------------------------------------------------------------------------
// Tuning constants. Normalised colours are relative to the local paper colour (paper = 1.0).

/// Cells of the background grid on the long side of the picture.
const GRID_CELLS: u32 = 192;
/// Redness (r − max(g, b)) below which a pixel never counts as ink: above paper noise.
const MIN_REDNESS: f32 = 0.12;
/// A seal whose typical redness is below this is too faint to be told from tinted paper.
const MIN_SEAL_REDNESS: f32 = 0.2;
/// Blur (grid cells) of the downsampled mask when scoring mirror symmetry.
const TILT_BLUR: usize = 1;
/// A pixel whose normalised red channel is below this fraction of the seal's is "dark".
const DARK_FACTOR: f32 = 0.8;
/// Next to a dark pixel, a pixel whose red channel is below this fraction is print too.
const DIM_FACTOR: f32 = 0.9;
/// How far (pixels) print grows from dark pixels through somewhat dark ones.
const DIM_STEPS: usize = 5;
/// Quantisation of redness and darkness (× 255) and of the normalised red channel (× 200,
/// so that red channels a little brighter than the paper estimate still fit a byte).
const S_SCALE: f32 = 255.0;
const R_SCALE: f32 = 200.0;

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

    let min_ink = (pixels / 40_000).max(150);
    let speck = (pixels / 250_000).max(8);
    let runs = extract_runs(&planes, &th);
    let comps = components(&runs);
    let keep = select_seal(&comps, speck).ok_or_else(|| no_seal("only scattered red specks"))?;

    // Work region: the seal's components plus margin and room for the 3×3 operations.
    let g = keep.bbox;
    let pad = opts.margin_px.saturating_add(2);
    let region = Rect::around(g, pad, w, h);
    let mut mask = vec![0u8; region.area()];
    for (run, comp) in runs.runs.iter().zip(&runs.comp_of) {
        if keep.members[comps.index_of[*comp as usize] as usize] {
            let row = (run.y - region.y) as usize * region.w as usize;
            mask[row + (run.x0 - region.x) as usize..row + (run.x1 - region.x) as usize].fill(1);
        }
    }
    let mut mask = dilate3(&mask, region.w, region.h);
    mask = erode3(&mask, region.w, region.h);
    // Black print: dark pixels, plus their neighbours that are somewhat dark (the blurred
    // edge of a stroke, where print and ink mix).
    let mut dark = vec![0u8; region.area()];
    let mut dim = vec![0u8; region.area()];
    for yy in 0..region.h {
        let src = (region.y + yy) as usize * w as usize + region.x as usize;
        let dst = yy as usize * region.w as usize;
        for xx in 0..region.w as usize {
            dark[dst + xx] = u8::from(planes.r[src + xx] < th.dark_r);
            dim[dst + xx] = u8::from(planes.r[src + xx] < th.dim_r);
        }
    }
    for _ in 0..DIM_STEPS {
        let grown = dilate3(&dark, region.w, region.h);
        for ((d, g), m) in dark.iter_mut().zip(&grown).zip(&dim) {
            *d |= *g & *m;
        }
    }
    for (m, d) in mask.iter_mut().zip(&dark) {
        *m &= 1 - *d;
    }

    let mut ink_pixels = 0u64;
    let (mut x0, mut y0, mut x1, mut y1) = (u32::MAX, u32::MAX, 0u32, 0u32);
    for (yy, row) in mask.chunks_exact(region.w as usize).enumerate() {
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
    );

    let fringe = dilate3(&mask, region.w, region.h);
    let (mut out, mut out_mask) = render(
        rgb, &bg, &planes, &th, opts, &region, &crop, &mask, &fringe, &dark,
    );

    let mut rotation_deg = 0.0f32;
    if opts.straighten {
        rotation_deg = estimate_tilt(&out_mask);
        if rotation_deg != 0.0 {
            (out, out_mask) = rotate_output(&out, &out_mask, rotation_deg, opts.margin_px);
        }
    }

    let mut png = Vec::new();
    PngEncoder::new_with_quality(&mut png, CompressionType::Fast, FilterType::Adaptive)
        .write_image(
            out.as_raw(),
            out.width(),
            out.height(),
            image::ExtendedColorType::Rgba8,
        )
        .map_err(|e| Error::Internal(format!("encoding the seal PNG: {e}")))?;

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

fn no_seal(why: &str) -> Error {
    Error::BadInput(format!(
        "no seal found: no red ink in the picture ({why}); take the photo of a red seal on \
         paper, in daylight, filling most of the frame"
    ))
}

/// Drops alpha by compositing over white (a transparent PNG of a seal has a white "paper");
/// greyscale and 16-bit pictures are converted.
fn to_rgb_over_white(img: &DynamicImage) -> RgbImage {
    if !img.color().has_alpha() {
        return img.to_rgb8();
    }
    let rgba = img.to_rgba8();
    let mut out = RgbImage::new(rgba.width(), rgba.height());
    for (o, p) in out.pixels_mut().zip(rgba.pixels()) {
        let a = u32::from(p[3]);
        let mix = |c: u8| ((u32::from(c) * a + 255 * (255 - a) + 127) / 255) as u8;
        *o = Rgb([mix(p[0]), mix(p[1]), mix(p[2])]);
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Background (paper colour) estimate.

/// The local paper colour on a coarse grid, stored as reciprocals for the per-pixel division.
struct Background {
    cell: u32,
    gw: usize,
    gh: usize,
    /// 1 / paper colour, 3 floats per cell, row-major.
    inv: Vec<f32>,
    /// For each column x: left grid column and interpolation weight.
    xs: Vec<(u32, f32)>,
}

impl Background {
    fn estimate(rgb: &RgbImage) -> Background {
        let (w, h) = rgb.dimensions();
        let cell = w.max(h).div_ceil(GRID_CELLS).max(1);
        let gw = w.div_ceil(cell) as usize;
        let gh = h.div_ceil(cell) as usize;

        // Cell means.
        let mut sums = vec![0u64; gw * gh * 3];
        let raw = rgb.as_raw();
        for y in 0..h as usize {
            let gy = y / cell as usize;
            let row = &raw[y * w as usize * 3..(y + 1) * w as usize * 3];
            let srow = &mut sums[gy * gw * 3..(gy + 1) * gw * 3];
            for (gx, chunk) in row.chunks(cell as usize * 3).enumerate() {
                let (mut r, mut g, mut b) = (0u32, 0u32, 0u32);
                for p in chunk.chunks_exact(3) {
                    r += u32::from(p[0]);
                    g += u32::from(p[1]);
                    b += u32::from(p[2]);
                }
                srow[gx * 3] += u64::from(r);
                srow[gx * 3 + 1] += u64::from(g);
                srow[gx * 3 + 2] += u64::from(b);
            }
        }
        let mut mean = vec![0f32; gw * gh * 3];
        for gy in 0..gh {
            let ch = (h - gy as u32 * cell).min(cell);
            for gx in 0..gw {
                let cw = (w - gx as u32 * cell).min(cell);
                let n = (u64::from(cw) * u64::from(ch)) as f32;
                for c in 0..3 {
                    let i = (gy * gw + gx) * 3 + c;
                    mean[i] = sums[i] as f32 / n;
                }
            }
        }

        // Upper envelope: grey closing per channel, then a light blur.
        let rc = (gw.max(gh) / 14).max(2);
        let mut env = vec![0f32; gw * gh * 3];
        for c in 0..3 {
            let plane: Vec<f32> = (0..gw * gh).map(|i| mean[i * 3 + c]).collect();
            let closed = min_filter(&max_filter(&plane, gw, gh, rc), gw, gh, rc);
            let smooth = box_blur(&closed, gw, gh, (rc / 2).max(1));
            for (i, v) in smooth.into_iter().enumerate() {
                env[i * 3 + c] = v;
            }
        }

        // Clean paper: cells close to the envelope in every channel. Normalised blur of those.
        let mut weight = vec![0f32; gw * gh];
        for i in 0..gw * gh {
            let ok = (0..3).all(|c| {
                let e = env[i * 3 + c];
                (mean[i * 3 + c] - e).abs() <= 0.06 * e + 3.0
            });
            weight[i] = if ok { 1.0 } else { 0.0 };
        }
        let rb = (rc / 2).max(2);
        let wsum = box_blur(&weight, gw, gh, rb);
        let mut paper = vec![0f32; gw * gh * 3];
        for c in 0..3 {
            let plane: Vec<f32> = (0..gw * gh).map(|i| mean[i * 3 + c] * weight[i]).collect();
            let blurred = box_blur(&plane, gw, gh, rb);
            for i in 0..gw * gh {
                paper[i * 3 + c] = if wsum[i] > 0.05 {
                    blurred[i] / wsum[i]
                } else {
                    env[i * 3 + c]
                };
            }
        }
        let inv = paper.iter().map(|&v| 1.0 / v.max(4.0)).collect();

        let xs = (0..w).map(|x| Self::interp(x, cell, gw)).collect();
        Background {
            cell,
            gw,
            gh,
            inv,
            xs,
        }
    }

    /// Grid index and weight for bilinear interpolation between cell centres.
    fn interp(x: u32, cell: u32, n: usize) -> (u32, f32) {
        if n < 2 {
            return (0, 0.0);
        }
        let f = ((x as f32 + 0.5) / cell as f32 - 0.5).clamp(0.0, (n - 1) as f32);
        let i = (f as usize).min(n - 2);
        (i as u32, f - i as f32)
    }

    /// 1 / paper colour of every pixel of row y, 3 floats per pixel, into `out` (length
    /// 3·width); `grid_row` is scratch of length 3·(gw + 1).
    fn row(&self, y: u32, grid_row: &mut [f32], out: &mut [f32]) {
        let gw3 = self.gw * 3;
        let (j, t) = Self::interp(y, self.cell, self.gh);
        let j = j as usize;
        let a = &self.inv[j * gw3..(j + 1) * gw3];
        if self.gh < 2 {
            grid_row[..gw3].copy_from_slice(a);
        } else {
            let b = &self.inv[(j + 1) * gw3..(j + 2) * gw3];
            for ((o, &p), &q) in grid_row.iter_mut().zip(a).zip(b) {
                *o = p + t * (q - p);
            }
        }
        // Repeat the last cell so that "the next cell" always exists.
        grid_row.copy_within(gw3 - 3..gw3, gw3);
        for (o, &(i, t)) in out.chunks_exact_mut(3).zip(&self.xs) {
            let i = i as usize * 3;
            let (a, b) = (&grid_row[i..i + 3], &grid_row[i + 3..i + 6]);
            o[0] = a[0] + t * (b[0] - a[0]);
            o[1] = a[1] + t * (b[1] - a[1]);
            o[2] = a[2] + t * (b[2] - a[2]);
        }
    }

    fn scratch(&self, width: u32) -> (Vec<f32>, Vec<f32>) {
        (
            vec![0f32; (self.gw + 1) * 3],
            vec![0f32; width as usize * 3],
        )
    }
}

fn max_filter(src: &[f32], w: usize, h: usize, r: usize) -> Vec<f32> {
    rank_filter(src, w, h, r, f32::max)
}

fn min_filter(src: &[f32], w: usize, h: usize, r: usize) -> Vec<f32> {
    rank_filter(src, w, h, r, f32::min)
}

/// Separable square max or min filter of radius r (window clamped at the edges). The grid is
/// small (≤ 192 × 192), so the direct O(r) form is fast enough.
fn rank_filter(src: &[f32], w: usize, h: usize, r: usize, op: fn(f32, f32) -> f32) -> Vec<f32> {
    let mut tmp = vec![0f32; w * h];
    for y in 0..h {
        for x in 0..w {
            let lo = x.saturating_sub(r);
            let hi = (x + r).min(w - 1);
            tmp[y * w + x] = src[y * w + lo..=y * w + hi]
                .iter()
                .copied()
                .fold(src[y * w + x], op);
        }
    }
    let mut out = vec![0f32; w * h];
    for y in 0..h {
        let lo = y.saturating_sub(r);
        let hi = (y + r).min(h - 1);
        for x in 0..w {
            out[y * w + x] = (lo..=hi).map(|yy| tmp[yy * w + x]).fold(tmp[y * w + x], op);
        }
    }
    out
}

/// Separable box blur of radius r; the window is clamped at the edges (mean of what is inside).
fn box_blur(src: &[f32], w: usize, h: usize, r: usize) -> Vec<f32> {
    let blur_line = |get: &dyn Fn(usize) -> f32, n: usize, put: &mut dyn FnMut(usize, f32)| {
        let mut prefix = Vec::with_capacity(n + 1);
        prefix.push(0f64);
        let mut acc = 0f64;
        for i in 0..n {
            acc += f64::from(get(i));
            prefix.push(acc);
        }
        for i in 0..n {
            let lo = i.saturating_sub(r);
            let hi = (i + r).min(n - 1);
            put(
                i,
                ((prefix[hi + 1] - prefix[lo]) / (hi - lo + 1) as f64) as f32,
            );
        }
    };
    let mut tmp = vec![0f32; w * h];
    for y in 0..h {
        blur_line(&|x| src[y * w + x], w, &mut |x, v| tmp[y * w + x] = v);
    }
    let mut out = vec![0f32; w * h];
    for x in 0..w {
        blur_line(&|y| tmp[y * w + x], h, &mut |y, v| out[y * w + x] = v);
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Per-pixel classification.

/// Per-pixel planes of the whole picture.
struct Planes {
    w: u32,
    h: u32,
    /// Redness r − max(g, b) of the normalised colour, × [`S_SCALE`], 0 when not red.
    s: Vec<u8>,
    /// Normalised red channel × [`R_SCALE`].
    r: Vec<u8>,
    /// Darkness 1 − luma of the normalised colour, × [`S_SCALE`]: full resolution even in
    /// JPEGs, whose colour is stored at half resolution.
    d: Vec<u8>,
    /// Histogram of `s` over pixels whose red channel is not dark.
    hist_s: [u64; 256],
    /// Histograms of `r` and `d` over clearly red pixels.
    hist_r: [u64; 256],
    hist_d: [u64; 256],
}

fn classify(rgb: &RgbImage, bg: &Background) -> Result<Planes> {
    let (w, h) = rgb.dimensions();
    let n = w as usize * h as usize;
    let mut s = vec![0u8; n];
    let mut r = vec![0u8; n];
    let mut d = vec![0u8; n];
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .clamp(1, 8);
    let rows_per = (h as usize).div_ceil(threads).max(1);
    let chunk = rows_per * w as usize;
    let raw = rgb.as_raw();
    let strong = (MIN_SEAL_REDNESS * S_SCALE) as u8;
    let not_dark = (0.35 * R_SCALE) as u8;
    let min_s = (MIN_REDNESS * S_SCALE) as u8;

    let hists = std::thread::scope(|scope| {
        let handles: Vec<_> = s
            .chunks_mut(chunk)
            .zip(r.chunks_mut(chunk))
            .zip(d.chunks_mut(chunk))
            .enumerate()
            .map(|(k, ((s_part, r_part), d_part))| {
                scope.spawn(move || {
                    let mut hist = [[0u64; 256]; 3];
                    let (mut grid_row, mut inv) = bg.scratch(w);
                    let y0 = k * rows_per;
                    let rows = s_part
                        .chunks_mut(w as usize)
                        .zip(r_part.chunks_mut(w as usize))
                        .zip(d_part.chunks_mut(w as usize));
                    for (dy, ((s_row, r_row), d_row)) in rows.enumerate() {
                        let y = y0 + dy;
                        bg.row(y as u32, &mut grid_row, &mut inv);
                        let src = &raw[y * w as usize * 3..(y + 1) * w as usize * 3];
                        let pixels = src.chunks_exact(3).zip(inv.chunks_exact(3));
                        let outs = s_row.iter_mut().zip(r_row.iter_mut()).zip(d_row.iter_mut());
                        for ((p, q), ((so, ro), dout)) in pixels.zip(outs) {
                            let nr = f32::from(p[0]) * q[0];
                            let ng = f32::from(p[1]) * q[1];
                            let nb = f32::from(p[2]) * q[2];
                            let luma = 0.299 * nr + 0.587 * ng + 0.114 * nb;
                            // `as u8` saturates: negative → 0, above 255 → 255.
                            let sq = ((nr - ng.max(nb)) * S_SCALE) as u8;
                            let rq = (nr * R_SCALE) as u8;
                            let dq = ((1.0 - luma) * S_SCALE) as u8;
                            *so = sq;
                            *ro = rq;
                            *dout = dq;
                            if sq >= min_s {
                                if rq >= not_dark {
                                    hist[0][sq as usize] += 1;
                                }
                                if sq >= strong {
                                    hist[1][rq as usize] += 1;
                                    hist[2][dq as usize] += 1;
                                }
                            }
                        }
                    }
                    hist
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join())
            .collect::<std::result::Result<Vec<_>, _>>()
    })
    .map_err(|_| Error::Internal("seal cleaning worker failed".to_string()))?;

    let mut sum = [[0u64; 256]; 3];
    for part in hists {
        for (total, counts) in sum.iter_mut().zip(part) {
            for (t, c) in total.iter_mut().zip(counts) {
                *t += c;
            }
        }
    }
    let [hist_s, hist_r, hist_d] = sum;
    Ok(Planes {
        w,
        h,
        s,
        r,
        d,
        hist_s,
        hist_r,
        hist_d,
    })
}

/// Thresholds derived from the picture's own red pixels.
struct Thresholds {
    /// Typical darkness (1 − luma) of the seal's ink (quantised).
    full_d: u8,
    /// Ink: red enough (colour, which JPEG smears over two pixels) …
    ink_s: u8,
    /// … at least half covered according to the full-resolution darkness …
    ink_d: u8,
    /// Hairlines: a ridge of darkness at least this.
    ridge_d: u8,
    /// … and a red channel at least this; below it a pixel is "dark" (black print).
    dark_r: u8,
    /// Next to a dark pixel, a red channel below this is still print.
    dim_r: u8,
}

impl Thresholds {
    fn from_planes(p: &Planes) -> Option<Thresholds> {
        let min_s = (MIN_REDNESS * S_SCALE) as usize;
        let full_s = percentile(&p.hist_s[min_s..], 0.8)? + min_s;
        if (full_s as f32) < MIN_SEAL_REDNESS * S_SCALE {
            return None;
        }
        let full_d = percentile(&p.hist_d, 0.5)?.max(16);
        // Red ink reflects red light almost as well as paper does: a red channel well below
        // the seal's own (median) is black print or black print mixed with ink.
        let med_r = percentile(&p.hist_r, 0.5)? as f32;
        let dark_r = (DARK_FACTOR * med_r).clamp(0.35 * R_SCALE, 0.85 * R_SCALE);
        Some(Thresholds {
            full_d: full_d.min(255) as u8,
            ink_s: (full_s / 4).max(min_s).min(255) as u8,
            ink_d: (full_d / 2).min(255) as u8,
            ridge_d: (full_d / 4).min(255) as u8,
            dark_r: dark_r as u8,
            dim_r: (DIM_FACTOR * med_r).min(255.0) as u8,
        })
    }

    /// Whether pixel `i` of a `w` × `h` picture is ink: red, not dark, and at least half
    /// covered, or, for a hairline thinner than a pixel or two (whose blurred darkness never
    /// reaches half), at least a quarter covered and darker than its neighbours on both sides
    /// horizontally or vertically (a ridge).
    #[inline]
    fn is_ink(&self, p: &Planes, i: usize) -> bool {
        if p.s[i] < self.ink_s || p.r[i] < self.dark_r {
            return false;
        }
        let d = p.d[i];
        if d >= self.ink_d {
            return true;
        }
        if d < self.ridge_d {
            return false;
        }
        let w = p.w as usize;
        let (x, y) = (i % w, i / w);
        let ridge_x = x > 0 && x + 1 < w && d >= p.d[i - 1] && d >= p.d[i + 1];
        let ridge_y = y > 0 && y + 1 < p.h as usize && d >= p.d[i - w] && d >= p.d[i + w];
        ridge_x || ridge_y
    }
}

/// Value below which `q` of the counted samples lie; None when there are too few samples.
fn percentile(hist: &[u64], q: f64) -> Option<usize> {
    let total: u64 = hist.iter().sum();
    if total < 32 {
        return None;
    }
    let target = (total as f64 * q) as u64;
    let mut acc = 0u64;
    for (i, &c) in hist.iter().enumerate() {
        acc += c;
        if acc > target {
            return Some(i);
        }
    }
    Some(hist.len() - 1)
}

// ---------------------------------------------------------------------------------------------
// Connected components on row runs.

#[derive(Clone, Copy)]
struct Run {
    y: u32,
    x0: u32,
    /// Exclusive.
    x1: u32,
}

struct Runs {
    runs: Vec<Run>,
    /// Union-find root of each run after labelling.
    comp_of: Vec<u32>,
}

fn extract_runs(p: &Planes, th: &Thresholds) -> Runs {
    let w = p.w as usize;
    let mut runs: Vec<Run> = Vec::new();
    let mut parent: Vec<u32> = Vec::new();
    let mut prev = 0..0usize;
    for y in 0..p.h as usize {
        let start = runs.len();
        let row = y * w;
        let s_row = &p.s[row..row + w];
        let mut x = 0usize;
        while x < w {
            // Most of a photo is not red at all: skip it 32 pixels at a time.
            if x + 32 <= w && s_row[x..x + 32].iter().fold(0, |a, &b| a.max(b)) < th.ink_s {
                x += 32;
                continue;
            }
            if th.is_ink(p, row + x) {
                let x0 = x;
                while x < w && th.is_ink(p, row + x) {
                    x += 1;
                }
                runs.push(Run {
                    y: y as u32,
                    x0: x0 as u32,
                    x1: x as u32,
                });
                parent.push((runs.len() - 1) as u32);
            } else {
                x += 1;
            }
        }
        // 8-connected: runs touch when their column ranges overlap or are diagonal neighbours.
        let cur = start..runs.len();
        let mut j = prev.start;
        for i in cur.clone() {
            while j < prev.end && runs[j].x1 < runs[i].x0 {
                j += 1;
            }
            let mut k = j;
            while k < prev.end && runs[k].x0 <= runs[i].x1 {
                union(&mut parent, i as u32, k as u32);
                k += 1;
            }
        }
        prev = cur;
    }
    let comp_of = (0..parent.len() as u32)
        .map(|i| find(&mut parent, i))
        .collect();
    Runs { runs, comp_of }
}

fn find(parent: &mut [u32], mut i: u32) -> u32 {
    while parent[i as usize] != i {
        let p = parent[i as usize];
        parent[i as usize] = parent[p as usize];
        i = p;
    }
    i
}

fn union(parent: &mut [u32], a: u32, b: u32) {
    let (ra, rb) = (find(parent, a), find(parent, b));
    if ra != rb {
        // Keep the smaller index as root: deterministic and cheap.
        let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
        parent[hi as usize] = lo;
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
struct Rect {
    x: u32,
    y: u32,
    w: u32,
    h: u32,
}

impl Rect {
    /// `r` grown by `pad` on every side, clamped to a `w` × `h` picture.
    fn around(r: Rect, pad: u32, w: u32, h: u32) -> Rect {
        let x0 = r.x.saturating_sub(pad);
        let y0 = r.y.saturating_sub(pad);
        let x1 = (r.x + r.w).saturating_add(pad).min(w);
        let y1 = (r.y + r.h).saturating_add(pad).min(h);
        Rect {
            x: x0,
            y: y0,
            w: x1 - x0,
            h: y1 - y0,
        }
    }

    fn area(&self) -> usize {
        self.w as usize * self.h as usize
    }

    fn union(&self, o: &Rect) -> Rect {
        let x0 = self.x.min(o.x);
        let y0 = self.y.min(o.y);
        let x1 = (self.x + self.w).max(o.x + o.w);
        let y1 = (self.y + self.h).max(o.y + o.h);
        Rect {
            x: x0,
            y: y0,
            w: x1 - x0,
            h: y1 - y0,
        }
    }

    /// Chebyshev gap between two rectangles (0 when they touch or overlap).
    fn gap(&self, o: &Rect) -> u32 {
        let gx =
            o.x.saturating_sub(self.x + self.w)
                .max(self.x.saturating_sub(o.x + o.w));
        let gy =
            o.y.saturating_sub(self.y + self.h)
                .max(self.y.saturating_sub(o.y + o.h));
        gx.max(gy)
    }
}

struct Components {
    /// Component index of each union-find root (u32::MAX for non-roots).
    index_of: Vec<u32>,
    area: Vec<u64>,
    bbox: Vec<Rect>,
}

fn components(runs: &Runs) -> Components {
    let mut index_of = vec![u32::MAX; runs.runs.len()];
    let mut area = Vec::new();
    let mut bbox: Vec<Rect> = Vec::new();
    for (run, &root) in runs.runs.iter().zip(&runs.comp_of) {
        let rect = Rect {
            x: run.x0,
            y: run.y,
            w: run.x1 - run.x0,
            h: 1,
        };
        let idx = &mut index_of[root as usize];
        if *idx == u32::MAX {
            *idx = area.len() as u32;
            area.push(0);
            bbox.push(rect);
        }
        let i = *idx as usize;
        area[i] += u64::from(run.x1 - run.x0);
        bbox[i] = bbox[i].union(&rect);
    }
    Components {
        index_of,
        area,
        bbox,
    }
}

struct Selection {
    members: Vec<bool>,
    bbox: Rect,
}

/// The seal: the largest component, then every component of at least `speck` pixels lying
/// within 20 % of the growing group's size, repeated until nothing more joins.
fn select_seal(c: &Components, speck: u64) -> Option<Selection> {
    let largest = (0..c.area.len()).max_by_key(|&i| (c.area[i], std::cmp::Reverse(i)))?;
    if c.area[largest] < speck {
        return None;
    }
    let mut members = vec![false; c.area.len()];
    members[largest] = true;
    let mut bbox = c.bbox[largest];
    let mut candidates: Vec<usize> = (0..c.area.len())
        .filter(|&i| i != largest && c.area[i] >= speck)
        .collect();
    loop {
        let tol = bbox.w.max(bbox.h) / 5 + 2;
        let before = candidates.len();
        candidates.retain(|&i| {
            if bbox.gap(&c.bbox[i]) <= tol {
                members[i] = true;
                bbox = bbox.union(&c.bbox[i]);
                false
            } else {
                true
            }
        });
        if candidates.len() == before {
            break;
        }
    }
    Some(Selection { members, bbox })
}

// ---------------------------------------------------------------------------------------------
// Binary morphology on 0/1 masks.

/// 3×3 dilation; outside the mask counts as background.
fn dilate3(m: &[u8], w: u32, h: u32) -> Vec<u8> {
    morph3::<true>(m, w as usize, h as usize)
}

/// 3×3 erosion; outside the mask is ignored (counts as ink), so ink at the border survives.
fn erode3(m: &[u8], w: u32, h: u32) -> Vec<u8> {
    morph3::<false>(m, w as usize, h as usize)
}

/// Separable 3×3 max (`DILATE`) or min of a 0/1 mask. Pixels outside the mask are left out
/// of the window, which is the neutral choice for both.
fn morph3<const DILATE: bool>(m: &[u8], w: usize, h: usize) -> Vec<u8> {
    #[inline(always)]
    fn op<const DILATE: bool>(a: u8, b: u8) -> u8 {
        if DILATE { a | b } else { a & b }
    }
    let mut tmp = vec![0u8; m.len()];
    if w == 0 || h == 0 {
        return tmp;
    }
    for (src, dst) in m.chunks_exact(w).zip(tmp.chunks_exact_mut(w)) {
        if w == 1 {
            dst[0] = src[0];
            continue;
        }
        dst[0] = op::<DILATE>(src[0], src[1]);
        dst[w - 1] = op::<DILATE>(src[w - 2], src[w - 1]);
        for (d, win) in dst[1..w - 1].iter_mut().zip(src.windows(3)) {
            *d = op::<DILATE>(op::<DILATE>(win[0], win[1]), win[2]);
        }
    }
    let mut out = vec![0u8; m.len()];
    for (y, dst) in out.chunks_exact_mut(w).enumerate() {
        let mid = &tmp[y * w..(y + 1) * w];
        let up = if y > 0 { &tmp[(y - 1) * w..y * w] } else { mid };
        let down = if y + 1 < h {
            &tmp[(y + 1) * w..(y + 2) * w]
        } else {
            mid
        };
        for (((d, &a), &b), &c) in dst.iter_mut().zip(up).zip(mid).zip(down) {
            *d = op::<DILATE>(op::<DILATE>(a, b), c);
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Output.

/// RGBA and binary mask of `crop` (a sub-rectangle of `region`).
#[allow(clippy::too_many_arguments)]
fn render(
    rgb: &RgbImage,
    bg: &Background,
    planes: &Planes,
    th: &Thresholds,
    opts: &CleanOptions,
    region: &Rect,
    crop: &Rect,
    mask: &[u8],
    fringe: &[u8],
    dark: &[u8],
) -> (RgbaImage, GrayImage) {
    let full = f32::from(th.full_d) / S_SCALE;
    let opaque = 0.85 * full;
    let min_s = th.ink_s;
    let mut out = RgbaImage::new(crop.w, crop.h);
    let mut out_mask = GrayImage::new(crop.w, crop.h);
    let (mut grid_row, mut inv) = bg.scratch(planes.w);
    let (mut sum, mut count) = ([0f64; 3], 0u64);
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
        let (m, f, k) = (&mask[ri..ri + cw], &fringe[ri..ri + cw], &dark[ri..ri + cw]);
        let mut have_inv = false;
        for xx in 0..cw {
            let in_mask = m[xx] != 0;
            if !in_mask && (f[xx] == 0 || k[xx] != 0 || s[xx] < min_s) {
                continue;
            }
            // Ink coverage from darkness (full resolution), where the colour says "red".
            let cov = f32::from(d[xx]) / S_SCALE;
            let alpha = if in_mask {
                (cov / opaque).clamp(0.5, 1.0)
            } else {
                (cov / opaque).clamp(0.0, 0.5)
            };
            let a8 = (alpha * 255.0).round() as u8;
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
    (out, out_mask)
}

/// Clockwise tilt of the seal in degrees (see the module documentation): the angle in ±45°
/// whose counter-clockwise rotation makes the ink most mirror-symmetric about a vertical axis,
/// with a penalty on bounding-box area. 0 when no angle is clearly better than 0°.
fn estimate_tilt(mask: &GrayImage) -> f32 {
    let (w, h) = mask.dimensions();
    let f = w.max(h).div_ceil(96).max(1);
    let (dw, dh) = (w.div_ceil(f) as usize, h.div_ceil(f) as usize);
    let mut cov = vec![0f32; dw * dh];
    for (x, y, p) in mask.enumerate_pixels() {
        if p[0] != 0 {
            cov[(y / f) as usize * dw + (x / f) as usize] += 1.0;
        }
    }
    let norm = (f * f) as f32;
    let mut pts: Vec<(f32, f32, f32)> = Vec::new();
    let (mut cx, mut cy, mut total) = (0f32, 0f32, 0f32);
    for y in 0..dh {
        for x in 0..dw {
            let c = cov[y * dw + x] / norm;
            if c > 0.0 {
                pts.push((x as f32, y as f32, c));
                cx += x as f32 * c;
                cy += y as f32 * c;
                total += c;
            }
        }
    }
    if total <= 0.0 || pts.len() < 16 {
        return 0.0;
    }
    cx /= total;
    cy /= total;
    for p in &mut pts {
        p.0 -= cx;
        p.1 -= cy;
    }
    let radius = pts
        .iter()
        .map(|p| (p.0 * p.0 + p.1 * p.1).sqrt())
        .fold(0f32, f32::max);
    let half = 2 * radius.ceil() as usize + 2;
    let n = 2 * half + 1;
    let mut grid = vec![0f32; n * n];

    // (symmetry, bbox area) of the ink turned counter-clockwise by `deg`.
    let mut rotated: Vec<(f32, f32, f32)> = Vec::with_capacity(pts.len());
    let mut eval = |deg: f32| -> (f32, f32) {
        let (s, c) = deg.to_radians().sin_cos();
        rotated.clear();
        let (mut x0, mut x1, mut y0, mut y1) = (f32::MAX, f32::MIN, f32::MAX, f32::MIN);
        for &(x, y, wgt) in &pts {
            let u = x * c + y * s;
            let v = -x * s + y * c;
            if wgt >= 0.25 {
                x0 = x0.min(u);
                x1 = x1.max(u);
                y0 = y0.min(v);
                y1 = y1.max(v);
            }
            rotated.push((u, v, wgt));
        }
        if x0 > x1 {
            return (0.0, 1.0);
        }
        // Mirror axis: the vertical through the middle of the bounding box (for a round seal
        // the centre of the ring, whatever the text does to the centroid).
        let axis = (x0 + x1) / 2.0;
        grid.fill(0.0);
        for &(u, v, wgt) in &rotated {
            let u = u - axis + half as f32;
            let v = v + half as f32;
            if u < 0.0 || v < 0.0 {
                continue;
            }
            let (iu, iv) = (u.floor(), v.floor());
            let (fu, fv) = (u - iu, v - iv);
            let (iu, iv) = (iu as usize, iv as usize);
            if iu + 1 >= n || iv + 1 >= n {
                continue;
            }
            grid[iv * n + iu] += wgt * (1.0 - fu) * (1.0 - fv);
            grid[iv * n + iu + 1] += wgt * fu * (1.0 - fv);
            grid[(iv + 1) * n + iu] += wgt * (1.0 - fu) * fv;
            grid[(iv + 1) * n + iu + 1] += wgt * fu * fv;
        }
        // Blur so that a cell of misalignment (and the glyphs' own asymmetry) matters little.
        let blurred = box_blur(&grid, n, n, TILT_BLUR);
        let mut common = 0f32;
        let mut all = 0f32;
        for v in 0..n {
            let row = &blurred[v * n..(v + 1) * n];
            all += row.iter().sum::<f32>();
            for u in 0..n {
                common += row[u].min(row[n - 1 - u]);
            }
        }
        (
            common / all.max(1e-6),
            (x1 - x0).max(1.0) * (y1 - y0).max(1.0),
        )
    };

    let coarse: Vec<(f32, (f32, f32))> =
        (-45..=45).map(|d| d as f32).map(|d| (d, eval(d))).collect();
    let min_area = coarse.iter().map(|c| c.1.1).fold(f32::MAX, f32::min);
    let score = |(sym, area): (f32, f32), deg: f32| {
        sym - 0.5 * (area / min_area - 1.0) - 0.0005 * deg.abs()
    };
    let mut best = (0.0f32, f32::MIN);
    for &(d, e) in &coarse {
        let sc = score(e, d);
        if sc > best.1 {
            best = (d, sc);
        }
    }
    let base = score(coarse[45].1, 0.0);
    let centre = best.0;
    for k in -10..=10 {
        let d = centre + k as f32 * 0.1;
        let sc = score(eval(d), d);
        if sc > best.1 {
            best = (d, sc);
        }
    }
    if best.1 - base < 0.005 {
        return 0.0;
    }
    (best.0 * 10.0).round() / 10.0
}

/// Rotates the cut-out counter-clockwise by `deg` and crops it again to the ink plus margin.
/// Bilinear, in premultiplied alpha (so transparent pixels do not bleed their colour).
fn rotate_output(
    img: &RgbaImage,
    mask: &GrayImage,
    deg: f32,
    margin: u32,
) -> (RgbaImage, GrayImage) {
    let (w, h) = img.dimensions();
    let (s, c) = deg.to_radians().sin_cos();
    let ow = (w as f32 * c.abs() + h as f32 * s.abs()).ceil() as u32 + 2;
    let oh = (w as f32 * s.abs() + h as f32 * c.abs()).ceil() as u32 + 2;
    let (scx, scy) = (w as f32 / 2.0, h as f32 / 2.0);
    let (ocx, ocy) = (ow as f32 / 2.0, oh as f32 / 2.0);
    let fill = img
        .as_raw()
        .get(..3)
        .map(|p| [p[0], p[1], p[2]])
        .unwrap_or([200, 30, 30]);
    let mut out = RgbaImage::new(ow, oh);
    for p in out.chunks_exact_mut(4) {
        p.copy_from_slice(&[fill[0], fill[1], fill[2], 0]);
    }
    let mut out_mask = GrayImage::new(ow, oh);
    let (src, msrc) = (img.as_raw(), mask.as_raw());
    let (wi, hi) = (w as isize, h as isize);
    let out_rows = out
        .chunks_exact_mut(ow as usize * 4)
        .zip(out_mask.chunks_exact_mut(ow as usize));
    for (v, (row, mrow)) in out_rows.enumerate() {
        // Inverse map: turn the output point clockwise back into the source.
        let dy = v as f32 + 0.5 - ocy;
        let dx0 = 0.5 - ocx;
        let sx0 = dx0 * c - dy * s + scx - 0.5;
        let sy0 = dx0 * s + dy * c + scy - 0.5;
        for u in 0..ow as usize {
            let sx = sx0 + u as f32 * c;
            let sy = sy0 + u as f32 * s;
            if sx <= -1.0 || sy <= -1.0 || sx >= w as f32 || sy >= h as f32 {
                continue;
            }
            let (fx, fy) = (sx.floor(), sy.floor());
            let (tx, ty) = (sx - fx, sy - fy);
            let (ix, iy) = (fx as isize, fy as isize);
            let taps = [
                (ix, iy, (1.0 - tx) * (1.0 - ty)),
                (ix + 1, iy, tx * (1.0 - ty)),
                (ix, iy + 1, (1.0 - tx) * ty),
                (ix + 1, iy + 1, tx * ty),
            ];
            let mut acc = [0f32; 4];
            let mut m = 0f32;
            for (x, y, wgt) in taps {
                if x < 0 || y < 0 || x >= wi || y >= hi {
                    continue;
                }
                let i = y as usize * w as usize + x as usize;
                let p = &src[i * 4..i * 4 + 4];
                if p[3] == 0 {
                    continue;
                }
                let a = f32::from(p[3]) * wgt;
                acc[0] += f32::from(p[0]) * a;
                acc[1] += f32::from(p[1]) * a;
                acc[2] += f32::from(p[2]) * a;
                acc[3] += a;
                m += f32::from(msrc[i]) * wgt;
            }
            if acc[3] < 0.5 {
                continue;
            }
            let un = |v: f32| (v / acc[3]).round().clamp(0.0, 255.0) as u8;
            row[u * 4..u * 4 + 4].copy_from_slice(&[
                un(acc[0]),
                un(acc[1]),
                un(acc[2]),
                acc[3].round().min(255.0) as u8,
            ]);
            if m >= 127.5 {
                mrow[u] = 255;
            }
        }
    }
    // Crop to the rotated ink plus margin.
    let (mut x0, mut y0, mut x1, mut y1) = (u32::MAX, u32::MAX, 0, 0);
    for (x, y, p) in out_mask.enumerate_pixels() {
        if p[0] != 0 {
            x0 = x0.min(x);
            y0 = y0.min(y);
            x1 = x1.max(x);
            y1 = y1.max(y);
        }
    }
    if x0 > x1 {
        return (out, out_mask);
    }
    let r = Rect::around(
        Rect {
            x: x0,
            y: y0,
            w: x1 - x0 + 1,
            h: y1 - y0 + 1,
        },
        margin,
        ow,
        oh,
    );
    let cropped = image::imageops::crop_imm(&out, r.x, r.y, r.w, r.h).to_image();
    let cropped_mask = image::imageops::crop_imm(&out_mask, r.x, r.y, r.w, r.h).to_image();
    (cropped, cropped_mask)
}
