//! Cutting a handwritten signature (手写签名, D7, D16) out of a photo or scan of ink on paper:
//! `seal upload --kind signature PHOTO`.
//!
//! Pure image work: bytes in, a transparent PNG of the ink at the signature's physical size and
//! a short report out. Nothing here prints or touches the registry. Decoding (formats, the
//! pixel limit, EXIF orientation) is `clean::decode`, shared with seal cleaning.
//!
//! # Method
//!
//! 1. **Working picture.** Transparent pixels are laid on white; pictures larger than 2048 px
//!    on a side are averaged down by a whole factor (a signature needs no more).
//! 2. **Paper colour, locally.** On a grid of about 96 cells on the long side, each cell's
//!    paper colour is its 90th percentile per channel (ink covers far less than 90 % of any
//!    cell); a grey closing over the grid (radius 2 cells) and a 3 × 3 blur remove the rare
//!    cells that ink covers, keep shadow edges where they are, and the result is interpolated
//!    bilinearly. Every pixel is divided by it: paper becomes white whatever its tint, and
//!    shadows and vignetting go.
//! 3. **Darkness.** `1 − min(r, g, b)` of the normalised colour: 0 on paper, near 1 on black
//!    ink, high on blue ink too (its red channel is low).
//! 4. **Ruled lines.** Lined or squared paper has long straight lines, usually fainter than
//!    ink. Their tilt (±6°) is the angle whose projection of the darkness is most peaked; along
//!    that angle each one-pixel band is cut into 32 px blocks, and a band whose block medians
//!    are raised over at least half the picture's width is a line, its darkness there the
//!    median of the neighbouring blocks. The same runs across (margin lines, squares). Ink
//!    strength is the 99.9th percentile of darkness off the lines; a line lighter than 3/4 of
//!    it is divided out (ink over a line lets through the product of both), so ink crossing it
//!    stays and the line goes; a line as dark as the ink
//!    (an underline) stays.
//! 5. **Ink.** A pixel is ink when at least half covered (darkness ≥ half the ink strength);
//!    connected specks smaller than 0.001 % of the picture are dropped. No ink, or ink too
//!    faint to tell from paper, is refused: "no handwriting found".
//! 6. **Output.** Alpha follows ink coverage (at least 50 % inside the mask, a one-pixel soft
//!    fringe outside); every pixel carries the ink's own colour (median of the solid ink, so
//!    blue stays blue and black black). The ink's bounding box is scaled, keeping its aspect,
//!    into the signature's size (default 40 × 15 mm at 300 dpi) less a margin of 8 % of the
//!    height on each side, and centred.
//!
//! The output PNG is deterministic: the same input and options give the same bytes.

use image::imageops::{self, FilterType as Resample};
use image::{DynamicImage, GrayImage};
use serde::Serialize;

use crate::seal::clean::{DEFAULT_MAX_PIXELS, check_pixels, decode};
use crate::seal::error::{NoInk, Result, SealImageError, Side};
use crate::seal::render::{DPI_RANGE, SIZE_RANGE_MM, SealKind, encode_png, mm_to_px};

/// Longest side of the working picture.
const WORK_MAX_SIDE: usize = 2048;
/// Pictures smaller than this on a side cannot hold a legible signature.
const MIN_SIDE: u32 = 32;
/// Cells of the paper grid on the long side.
const GRID_CELLS: usize = 96;
/// Grey closing radius of the paper grid, cells.
const CLOSING_RADIUS: usize = 2;
/// Ink strength (darkness of solid ink) below which nothing is told from paper.
const MIN_INK: f32 = 0.3;
/// Block medians of darkness at least this raise a band: a line may be there.
const LINE_MIN: f32 = 0.06;
/// Block length along a band, working pixels.
const LINE_BLOCK: usize = 32;
/// A line's darkness at a block is the median of this many blocks either side, and itself.
const LINE_WINDOW: usize = 4;
/// A band raised over at least this share of the picture's blocks is a line.
const LINE_EXTENT: f32 = 0.5;
/// A line lighter than this share of the ink strength is paper ruling, and is removed.
const LINE_INK_RATIO: f32 = 0.75;
/// Largest tilt of ruled lines looked for, degrees.
const MAX_TILT_DEG: f32 = 6.0;
/// Transparent margin on each side of the signature, as a share of the output height.
const MARGIN_SHARE: f32 = 0.08;

/// How to cut a signature out of a picture.
#[derive(Debug, Clone, PartialEq)]
pub struct HandwritingOptions {
    /// Physical size of the output, millimetres (5 to 100 each).
    pub width_mm: f32,
    pub height_mm: f32,
    /// Output resolution, dots per inch (72 to 1200).
    pub dpi: u32,
    /// Pictures with more pixels than this are refused before decoding.
    pub max_pixels: u64,
}

impl Default for HandwritingOptions {
    /// 40 × 15 mm at 300 dpi, at most 50 megapixels.
    fn default() -> Self {
        let (width_mm, height_mm) = SealKind::Signature.default_size_mm();
        HandwritingOptions {
            width_mm,
            height_mm,
            dpi: 300,
            max_pixels: DEFAULT_MAX_PIXELS,
        }
    }
}

/// What cleaning found and produced. Boxes are x, y, width, height.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HandwritingReport {
    pub input_width: u32,
    pub input_height: u32,
    /// Share of the picture that is ink.
    pub ink_fraction: f64,
    /// The ink's colour, sRGB, as it is on the paper.
    pub ink_color: [u8; 3],
    /// `black`, `blue` or `other`.
    pub ink: &'static str,
    /// Ruled lines removed (across and down).
    pub lines_removed: bool,
    /// The ink's bounding box, input pixels.
    pub bbox: [u32; 4],
    /// The part of the input that was scaled into the output, input pixels …
    pub crop: [u32; 4],
    /// … and where it landed, output pixels.
    pub placed: [u32; 4],
    pub output_width: u32,
    pub output_height: u32,
}

/// A signature cut out of a picture.
pub struct Handwriting {
    /// RGBA PNG of the signature's physical size: ink opaque, paper transparent.
    pub png: Vec<u8>,
    pub report: HandwritingReport,
}

impl std::fmt::Debug for Handwriting {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Handwriting")
            .field("png", &format_args!("<{} bytes>", self.png.len()))
            .field("report", &self.report)
            .finish()
    }
}

/// Decodes a photo or scan of a handwritten signature and cuts the ink out of it.
pub fn clean_handwriting(bytes: &[u8], opts: &HandwritingOptions) -> Result<Handwriting> {
    check_options(opts)?;
    let img = decode(bytes, opts.max_pixels)?;
    clean_handwriting_image(&img, opts)
}

fn check_options(opts: &HandwritingOptions) -> Result<()> {
    for (side, mm) in [
        (Side::SignatureWidth, opts.width_mm),
        (Side::SignatureHeight, opts.height_mm),
    ] {
        if !SIZE_RANGE_MM.contains(&mm) {
            return Err(SealImageError::Size { side, mm });
        }
    }
    if !DPI_RANGE.contains(&opts.dpi) {
        return Err(SealImageError::Dpi { dpi: opts.dpi });
    }
    Ok(())
}

fn no_handwriting(why: NoInk) -> SealImageError {
    SealImageError::NoHandwriting { why }
}

/// Cleans an already decoded picture (see the module documentation for the method).
pub fn clean_handwriting_image(
    img: &DynamicImage,
    opts: &HandwritingOptions,
) -> Result<Handwriting> {
    check_options(opts)?;
    let (iw, ih) = (img.width(), img.height());
    check_pixels(iw, ih, opts.max_pixels)?;
    if iw < MIN_SIDE || ih < MIN_SIDE {
        return Err(SealImageError::PictureTooSmall {
            width: iw,
            height: ih,
            min: MIN_SIDE,
        });
    }
    let (mut px, w, h, factor) = working_picture(img);
    normalise_by_paper(&mut px, w, h);
    let mut dark = Plane {
        w,
        h,
        v: px.iter().map(|c| 1.0 - c[0].min(c[1]).min(c[2])).collect(),
    };

    // Ruled lines, across and down.
    let across = line_levels(&dark);
    let down = line_levels(&dark.transposed()).transposed();
    let line: Vec<f32> = across
        .v
        .iter()
        .zip(&down.v)
        .map(|(a, b)| a.max(*b))
        .collect();
    let strength = percentile(
        dark.v
            .iter()
            .zip(&line)
            .filter(|(_, l)| **l == 0.0)
            .map(|(d, _)| *d),
        0.999,
    );
    if strength < MIN_INK {
        return Err(no_handwriting(NoInk::NothingDarker));
    }
    let mut lines_removed = false;
    for (d, l) in dark.v.iter_mut().zip(&line) {
        if *l > 0.0 && *l < LINE_INK_RATIO * strength {
            // Ink over a line lets through the product of both: divide the line out.
            *d = (1.0 - (1.0 - *d) / (1.0 - l)).max(0.0);
            lines_removed = true;
        }
    }

    // Ink mask without specks.
    let threshold = 0.5 * strength;
    let mut mask: Vec<bool> = dark.v.iter().map(|d| *d >= threshold).collect();
    let speck = ((w * h) as f64 * 1e-5).round().max(4.0) as usize;
    drop_specks(&mut mask, w, h, speck);
    let ink_pixels = mask.iter().filter(|m| **m).count();
    if ink_pixels < speck.max(20) {
        return Err(no_handwriting(NoInk::OnlySpecks));
    }

    // Colour of solid ink off the lines; coverage relative to typical solid ink.
    let core: Vec<usize> = (0..w * h)
        .filter(|&i| mask[i] && line[i] == 0.0 && dark.v[i] >= 0.8 * strength)
        .collect();
    let core = if core.is_empty() {
        (0..w * h).filter(|&i| mask[i]).collect()
    } else {
        core
    };
    let ink_color: [u8; 3] = std::array::from_fn(|ch| {
        let v = percentile(core.iter().map(|&i| px[i][ch]), 0.5);
        (v * 255.0).round().clamp(0.0, 255.0) as u8
    });
    let solid =
        percentile((0..w * h).filter(|&i| mask[i]).map(|i| dark.v[i]), 0.75).max(f32::EPSILON);
    let alpha = coverage(&dark, &mask, solid);

    // Bounding box, crop (with the fringe), scaled into the output.
    let (bx0, by0, bx1, by1) = bounding_box(&mask, w, h);
    let (cx0, cy0) = (bx0.saturating_sub(2), by0.saturating_sub(2));
    let (cx1, cy1) = ((bx1 + 2).min(w - 1), (by1 + 2).min(h - 1));
    let (cw, chh) = (cx1 - cx0 + 1, cy1 - cy0 + 1);
    let out_w = (mm_to_px(opts.width_mm, opts.dpi).round() as u32).max(1);
    let out_h = (mm_to_px(opts.height_mm, opts.dpi).round() as u32).max(1);
    let margin = (MARGIN_SHARE * out_h as f32).round();
    let inner_w = (out_w as f32 - 2.0 * margin).max(1.0);
    let inner_h = (out_h as f32 - 2.0 * margin).max(1.0);
    let scale = (inner_w / cw as f32).min(inner_h / chh as f32);
    let pw = ((cw as f32 * scale).round() as u32).clamp(1, out_w);
    let ph = ((chh as f32 * scale).round() as u32).clamp(1, out_h);
    let crop = GrayImage::from_fn(cw as u32, chh as u32, |x, y| {
        image::Luma([alpha[(cy0 + y as usize) * w + cx0 + x as usize]])
    });
    let scaled = imageops::resize(&crop, pw, ph, Resample::CatmullRom);
    let (ox, oy) = ((out_w - pw) / 2, (out_h - ph) / 2);
    let mut rgba = vec![0u8; out_w as usize * out_h as usize * 4];
    for p in rgba.chunks_exact_mut(4) {
        p[..3].copy_from_slice(&ink_color);
    }
    for (x, y, a) in scaled.enumerate_pixels() {
        let i = ((oy + y) as usize * out_w as usize + (ox + x) as usize) * 4;
        rgba[i + 3] = a[0];
    }
    let png = encode_png(&rgba, out_w, out_h)?;

    let f = factor as u32;
    let input_box = |x0: usize, y0: usize, x1: usize, y1: usize| {
        let (x0, y0) = (x0 as u32 * f, y0 as u32 * f);
        [
            x0,
            y0,
            ((x1 as u32 + 1) * f).min(iw) - x0,
            ((y1 as u32 + 1) * f).min(ih) - y0,
        ]
    };
    Ok(Handwriting {
        png,
        report: HandwritingReport {
            input_width: iw,
            input_height: ih,
            ink_fraction: ink_pixels as f64 / (w * h) as f64,
            ink_color,
            ink: ink_name(ink_color),
            lines_removed,
            bbox: input_box(bx0, by0, bx1, by1),
            crop: input_box(cx0, cy0, cx1, cy1),
            placed: [ox, oy, pw, ph],
            output_width: out_w,
            output_height: out_h,
        },
    })
}

/// `blue` when blue clearly leads, `black` when dark and grey, else `other`.
fn ink_name(c: [u8; 3]) -> &'static str {
    let [r, g, b] = c.map(i32::from);
    if b - r.max(g) > 25 {
        "blue"
    } else if r.max(g).max(b) - r.min(g).min(b) < 40 && r.max(g).max(b) < 130 {
        "black"
    } else {
        "other"
    }
}

// ---------------------------------------------------------------------------------------------
// Working picture and paper

/// A plane of `f32`, row-major.
struct Plane {
    w: usize,
    h: usize,
    v: Vec<f32>,
}

impl Plane {
    fn transposed(&self) -> Plane {
        let mut v = vec![0.0; self.v.len()];
        for y in 0..self.h {
            for x in 0..self.w {
                v[x * self.h + y] = self.v[y * self.w + x];
            }
        }
        Plane {
            w: self.h,
            h: self.w,
            v,
        }
    }
}

/// RGB in 0..1 over white, averaged down by a whole factor to at most WORK_MAX_SIDE a side.
fn working_picture(img: &DynamicImage) -> (Vec<[f32; 3]>, usize, usize, usize) {
    let rgba = img.to_rgba8();
    let (iw, ih) = (rgba.width() as usize, rgba.height() as usize);
    let factor = iw.max(ih).div_ceil(WORK_MAX_SIDE).max(1);
    let (w, h) = (iw.div_ceil(factor), ih.div_ceil(factor));
    let mut sum = vec![[0f32; 4]; w * h];
    for (x, y, p) in rgba.enumerate_pixels() {
        let a = f32::from(p[3]) / 255.0;
        let s = &mut sum[(y as usize / factor) * w + x as usize / factor];
        for c in 0..3 {
            s[c] += (f32::from(p[c]) / 255.0) * a + (1.0 - a);
        }
        s[3] += 1.0;
    }
    let px = sum
        .into_iter()
        .map(|s| {
            let n = s[3].max(1.0);
            [s[0] / n, s[1] / n, s[2] / n]
        })
        .collect();
    (px, w, h, factor)
}

/// Divides every pixel by the local paper colour (module documentation, step 2).
fn normalise_by_paper(px: &mut [[f32; 3]], w: usize, h: usize) {
    let cell = w.max(h).div_ceil(GRID_CELLS).max(2);
    let (gw, gh) = (w.div_ceil(cell), h.div_ceil(cell));
    let mut grid = vec![[1f32; 3]; gw * gh];
    let mut vals: Vec<f32> = Vec::with_capacity(cell * cell);
    for gy in 0..gh {
        for gx in 0..gw {
            for c in 0..3 {
                vals.clear();
                for y in gy * cell..((gy + 1) * cell).min(h) {
                    vals.extend(
                        px[y * w + gx * cell..y * w + ((gx + 1) * cell).min(w)]
                            .iter()
                            .map(|p| p[c]),
                    );
                }
                grid[gy * gw + gx][c] = percentile(vals.iter().copied(), 0.9);
            }
        }
    }
    let grid = grid_filter(&grid, gw, gh, CLOSING_RADIUS, f32::max);
    let grid = grid_filter(&grid, gw, gh, CLOSING_RADIUS, f32::min);
    let grid = grid_blur(&grid, gw, gh);
    let coord = |p: usize, n: usize| {
        let g = ((p as f32 + 0.5) / cell as f32 - 0.5).clamp(0.0, (n - 1) as f32);
        let i = (g.floor() as usize).min(n.saturating_sub(2));
        (i, (i + 1).min(n - 1), g - i as f32)
    };
    for y in 0..h {
        let (y0, y1, fy) = coord(y, gh);
        for x in 0..w {
            let (x0, x1, fx) = coord(x, gw);
            let p = &mut px[y * w + x];
            for c in 0..3 {
                let top = grid[y0 * gw + x0][c] * (1.0 - fx) + grid[y0 * gw + x1][c] * fx;
                let bot = grid[y1 * gw + x0][c] * (1.0 - fx) + grid[y1 * gw + x1][c] * fx;
                let paper = (top * (1.0 - fy) + bot * fy).max(0.05);
                p[c] = (p[c] / paper).clamp(0.0, 1.0);
            }
        }
    }
}

/// Square max or min filter of radius `r` over an RGB grid.
fn grid_filter(
    g: &[[f32; 3]],
    w: usize,
    h: usize,
    r: usize,
    op: fn(f32, f32) -> f32,
) -> Vec<[f32; 3]> {
    let mut out = g.to_vec();
    for y in 0..h {
        for x in 0..w {
            let mut acc = g[y * w + x];
            for yy in y.saturating_sub(r)..=(y + r).min(h - 1) {
                for xx in x.saturating_sub(r)..=(x + r).min(w - 1) {
                    for c in 0..3 {
                        acc[c] = op(acc[c], g[yy * w + xx][c]);
                    }
                }
            }
            out[y * w + x] = acc;
        }
    }
    out
}

/// 3 × 3 mean over an RGB grid (edges use the cells they have).
fn grid_blur(g: &[[f32; 3]], w: usize, h: usize) -> Vec<[f32; 3]> {
    let mut out = g.to_vec();
    for y in 0..h {
        for x in 0..w {
            let mut acc = [0f32; 3];
            let mut n = 0.0;
            for yy in y.saturating_sub(1)..=(y + 1).min(h - 1) {
                for xx in x.saturating_sub(1)..=(x + 1).min(w - 1) {
                    for c in 0..3 {
                        acc[c] += g[yy * w + xx][c];
                    }
                    n += 1.0;
                }
            }
            out[y * w + x] = acc.map(|a| a / n);
        }
    }
    out
}

/// The value below which `q` of the values lie (0 for none); values are in 0..=1 and counted
/// in 1024 bins.
fn percentile(values: impl Iterator<Item = f32>, q: f64) -> f32 {
    const BINS: usize = 1024;
    let mut hist = [0u64; BINS];
    let mut n = 0u64;
    for v in values {
        hist[((v.clamp(0.0, 1.0) * (BINS - 1) as f32).round()) as usize] += 1;
        n += 1;
    }
    if n == 0 {
        return 0.0;
    }
    let want = ((n as f64 * q).ceil() as u64).clamp(1, n);
    let mut seen = 0;
    for (i, c) in hist.iter().enumerate() {
        seen += c;
        if seen >= want {
            return i as f32 / (BINS - 1) as f32;
        }
    }
    1.0
}

// ---------------------------------------------------------------------------------------------
// Ruled lines

/// The tilt (radians, ±MAX_TILT_DEG) along which the darkness projects most peaked: the
/// direction of ruled lines running across the picture, if there are any.
fn line_tilt(d: &Plane) -> f32 {
    const S: usize = 4;
    let (w, h) = (d.w.div_ceil(S), d.h.div_ceil(S));
    let mut small = vec![0f32; w * h];
    for y in 0..d.h {
        for x in 0..d.w {
            small[(y / S) * w + x / S] += d.v[y * d.w + x];
        }
    }
    let score = |deg: f32| {
        let t = deg.to_radians().tan();
        let off = ((w as f32 - 1.0) * t.abs()).ceil() as usize + 1;
        let mut sums = vec![(0f32, 0u32); h + 2 * off + 1];
        for y in 0..h {
            for x in 0..w {
                let b = (y as f32 - x as f32 * t).round() as isize + off as isize;
                let s = &mut sums[b.max(0) as usize];
                s.0 += small[y * w + x];
                s.1 += 1;
            }
        }
        sums.iter()
            .filter(|s| s.1 > 0)
            .map(|s| s.0 * s.0 / s.1 as f32)
            .sum::<f32>()
    };
    let best = |from: f32, to: f32, step: f32| {
        let n = ((to - from) / step).round() as i32;
        (0..=n)
            .map(|i| from + i as f32 * step)
            .map(|a| (a, score(a)))
            .fold(
                (0.0, f32::NEG_INFINITY),
                |b, c| if c.1 > b.1 { c } else { b },
            )
            .0
    };
    let coarse = best(-MAX_TILT_DEG, MAX_TILT_DEG, 0.5);
    best(coarse - 0.5, coarse + 0.5, 0.05).to_radians()
}

/// Darkness that straight lines running across the picture (within ±MAX_TILT_DEG) add to each
/// pixel; 0 off the lines (module documentation, step 4).
fn line_levels(d: &Plane) -> Plane {
    let (w, h) = (d.w, d.h);
    let t = line_tilt(d).tan();
    let off = ((w as f32 - 1.0) * t.abs()).ceil() as isize + 1;
    let bands = h + 2 * off as usize + 1;
    let blocks = w.div_ceil(LINE_BLOCK);
    // Row of pixel (x, band b).
    let row = |x: usize, b: usize| (b as isize - off) as f32 + x as f32 * t;
    let mut out = Plane {
        w,
        h,
        v: vec![0.0; w * h],
    };
    let mut medians = vec![f32::NAN; blocks];
    let mut vals = Vec::with_capacity(LINE_BLOCK);
    for b in 0..bands {
        let mut raised = 0usize;
        for (k, m) in medians.iter_mut().enumerate() {
            vals.clear();
            for x in k * LINE_BLOCK..((k + 1) * LINE_BLOCK).min(w) {
                let y = row(x, b).round();
                if y >= 0.0 && (y as usize) < h {
                    vals.push(d.v[y as usize * w + x]);
                }
            }
            *m = if vals.len() * 2 >= LINE_BLOCK.min(w) {
                let v = median(&mut vals);
                if v >= LINE_MIN {
                    raised += 1;
                }
                v
            } else {
                f32::NAN
            };
        }
        if (raised as f32) < LINE_EXTENT * blocks as f32 {
            continue;
        }
        for k in 0..blocks {
            vals.clear();
            vals.extend(
                medians[k.saturating_sub(LINE_WINDOW)..(k + LINE_WINDOW + 1).min(blocks)]
                    .iter()
                    .filter(|m| !m.is_nan()),
            );
            if vals.is_empty() {
                continue;
            }
            let level = median(&mut vals);
            if level < LINE_MIN {
                continue;
            }
            for x in k * LINE_BLOCK..((k + 1) * LINE_BLOCK).min(w) {
                let y = row(x, b).round();
                if y >= 0.0 && (y as usize) < h {
                    out.v[y as usize * w + x] = level;
                }
            }
        }
    }
    out
}

fn median(v: &mut [f32]) -> f32 {
    let mid = v.len() / 2;
    *v.select_nth_unstable_by(mid, f32::total_cmp).1
}

// ---------------------------------------------------------------------------------------------
// Mask and output

/// Clears 8-connected components of fewer than `min` pixels.
fn drop_specks(mask: &mut [bool], w: usize, h: usize, min: usize) {
    let mut seen = vec![false; mask.len()];
    let mut stack = Vec::new();
    let mut comp = Vec::new();
    for start in 0..mask.len() {
        if !mask[start] || seen[start] {
            continue;
        }
        seen[start] = true;
        stack.push(start);
        comp.clear();
        while let Some(i) = stack.pop() {
            comp.push(i);
            let (x, y) = (i % w, i / w);
            for ny in y.saturating_sub(1)..=(y + 1).min(h - 1) {
                for nx in x.saturating_sub(1)..=(x + 1).min(w - 1) {
                    let j = ny * w + nx;
                    if mask[j] && !seen[j] {
                        seen[j] = true;
                        stack.push(j);
                    }
                }
            }
        }
        if comp.len() < min {
            for &i in &comp {
                mask[i] = false;
            }
        }
    }
}

/// Alpha (0..=255) from darkness relative to solid ink: at least half inside the mask, below
/// half on the pixels touching it, 0 elsewhere.
fn coverage(dark: &Plane, mask: &[bool], solid: f32) -> Vec<u8> {
    let (w, h) = (dark.w, dark.h);
    let touches = |x: usize, y: usize| {
        (y.saturating_sub(1)..=(y + 1).min(h - 1))
            .any(|ny| (x.saturating_sub(1)..=(x + 1).min(w - 1)).any(|nx| mask[ny * w + nx]))
    };
    (0..w * h)
        .map(|i| {
            let c = dark.v[i] / solid;
            let a = if mask[i] {
                c.clamp(0.5, 1.0)
            } else if touches(i % w, i / w) {
                c.clamp(0.0, 0.5)
            } else {
                0.0
            };
            (a * 255.0).round() as u8
        })
        .collect()
}

/// Inclusive bounding box (x0, y0, x1, y1) of a non-empty mask.
fn bounding_box(mask: &[bool], w: usize, h: usize) -> (usize, usize, usize, usize) {
    let (mut x0, mut y0, mut x1, mut y1) = (w, h, 0, 0);
    for (i, _) in mask.iter().enumerate().filter(|(_, m)| **m) {
        let (x, y) = (i % w, i / w);
        x0 = x0.min(x);
        y0 = y0.min(y);
        x1 = x1.max(x);
        y1 = y1.max(y);
    }
    (x0.min(x1), y0.min(y1), x1, y1)
}
