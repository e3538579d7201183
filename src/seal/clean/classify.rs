//! Colour classification: every pixel divided by the local paper colour, then three measures
//! of the normalised colour, and the thresholds the seal's own pixels set.
//!
//! - *Redness* `r − max(g, b)`: positive only when red dominates (vermilion 朱砂 to crimson,
//!   orange-red to purplish red); about 0 for paper, shadows, grey noise and black print.
//!   JPEG stores colour at half resolution, so redness says "red is here", not how much.
//! - *Darkness* `1 − luma`: full resolution even in JPEGs; says how much of the pixel the ink
//!   covers.
//! - *The red channel*: red ink reflects red light almost as well as paper, black print does
//!   not, so a red channel well below the seal's marks print (or print over ink).
//!
//! The thresholds are relative: to the seal's typical redness and red channel, and, for
//! darkness, to the *local* strength of solid ink ([`Strength`]), so that a faded arc is
//! judged against its own ink and a blurred edge is cut at half of it.

use image::RgbImage;

use super::background::{Background, box_blur, max_filter};
use super::mask::{Rect, erode3};
use crate::seal::error::{Result, SealImageError};

/// Quantisation of redness and darkness (× 255) and of the normalised red channel (× 200,
/// so that red channels a little brighter than the paper estimate still fit a byte).
pub(super) const S_SCALE: f32 = 255.0;
pub(super) const R_SCALE: f32 = 200.0;
/// Redness below which a pixel never counts as ink: above paper noise.
const MIN_REDNESS: f32 = 0.12;
/// A seal whose typical redness is below this is too faint to be told from tinted paper.
const MIN_SEAL_REDNESS: f32 = 0.2;
/// A pixel whose normalised red channel is below this fraction of the seal's is "dark".
const DARK_FACTOR: f32 = 0.8;
/// The normalised red channel of red ink (vermilion, crimson and orange-red inks reflect
/// 85–97 % of the red light paper reflects); a red channel below it is print seen through.
pub(super) const INK_RED: f32 = 0.9;
/// Print darker than this transmittance hides the ink under it (left to the structural fill).
pub(super) const MIN_TAU: f32 = 0.3;
/// Ink is at least this share of the local solid ink's darkness (the edge of a stroke is
/// where half the pixel is covered).
const HALF: f32 = 0.5;
/// Ink seen through print must be at least this share of the local solid ink.
const THROUGH_PRINT: f32 = 0.75;
/// Finding the seal: pixels this share of solid ink's darkness count.
const SEED_SHARE: f32 = 0.25;
/// Weak candidates: this share of the candidate thresholds.
const WEAK: f32 = 0.6;
/// Local strength is at least this share of the darkest clear ink nearby.
const PEAK_SHARE: f32 = 0.85;
/// Local strength is never taken below this share of the seal's solid ink.
const STRENGTH_FLOOR: f32 = 0.3;

/// Per-pixel planes of the whole picture.
pub(super) struct Planes {
    pub(super) w: u32,
    pub(super) h: u32,
    /// Redness r − max(g, b) of the normalised colour, × [`S_SCALE`], 0 when not red.
    pub(super) s: Vec<u8>,
    /// Normalised red channel × [`R_SCALE`].
    pub(super) r: Vec<u8>,
    /// Darkness 1 − luma of the normalised colour, × [`S_SCALE`].
    pub(super) d: Vec<u8>,
    /// Histogram of `s` over pixels whose red channel is not dark.
    hist_s: [u64; 256],
    /// Histograms of `r` over clearly red pixels, and of `d` over those not dark.
    hist_r: [u64; 256],
    hist_d: [u64; 256],
}

pub(super) fn classify(rgb: &RgbImage, bg: &Background) -> Result<Planes> {
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
                            // Print seen through: divide by the print's transmittance, read
                            // off the red channel that red ink leaves almost untouched.
                            let tau = (nr * (1.0 / INK_RED)).min(1.0);
                            let rq = (nr * R_SCALE) as u8;
                            // `as u8` saturates: negative → 0, above 255 → 255.
                            let (sq, dq) = if tau >= MIN_TAU {
                                let k = 1.0 / tau;
                                (
                                    ((nr - ng.max(nb)) * k * S_SCALE) as u8,
                                    ((1.0 - luma * k) * S_SCALE) as u8,
                                )
                            } else {
                                (0, ((1.0 - luma) * S_SCALE) as u8)
                            };
                            *so = sq;
                            *ro = rq;
                            *dout = dq;
                            if sq >= min_s {
                                if rq >= not_dark {
                                    hist[0][sq as usize] += 1;
                                }
                                if sq >= strong {
                                    hist[1][rq as usize] += 1;
                                    if rq >= not_dark {
                                        hist[2][dq as usize] += 1;
                                    }
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
    .map_err(|_| SealImageError::Worker)?;

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
pub(super) struct Thresholds {
    /// Darkness (1 − luma, quantised) of the seal's solid ink.
    pub(super) full_d: u8,
    /// Ink is red enough (colour, which JPEG smears over two pixels) …
    pub(super) ink_s: u8,
    /// … and, to find the seal at all, at least this dark …
    pub(super) seed_d: u8,
    /// … and has a red channel at least this; below it a pixel is "dark" (black print).
    pub(super) dark_r: u8,
}

impl Thresholds {
    pub(super) fn from_planes(p: &Planes) -> Option<Thresholds> {
        let min_s = (MIN_REDNESS * S_SCALE) as usize;
        let full_s = percentile(&p.hist_s[min_s..], 0.8)? + min_s;
        if (full_s as f32) < MIN_SEAL_REDNESS * S_SCALE {
            return None;
        }
        let full_d = percentile(&p.hist_d, 0.9)?.max(24);
        // Red ink reflects red light almost as well as paper does: a red channel well below
        // the seal's own (median) is black print or black print mixed with ink.
        let med_r = percentile(&p.hist_r, 0.5)? as f32;
        let dark_r = (DARK_FACTOR * med_r).clamp(0.35 * R_SCALE, 0.85 * R_SCALE);
        Some(Thresholds {
            full_d: full_d.min(255) as u8,
            ink_s: (full_s / 4).max(min_s).min(255) as u8,
            seed_d: (SEED_SHARE * full_d as f32) as u8,
            dark_r: dark_r as u8,
        })
    }

    /// Whether pixel `i` may be seal ink: red and somewhat covered once print is divided out. The seal is found
    /// among these; [`Strength::is_ink`] then cuts each stroke at half its local ink.
    #[inline]
    pub(super) fn is_candidate(&self, p: &Planes, i: usize) -> bool {
        p.s[i] >= self.ink_s && p.d[i] >= self.seed_d
    }
}

/// Weak candidate ink in `region` (0/1): the redness averaged over 3×3 pixels (JPEG keeps
/// colour at half resolution anyway, and noise in a dim photo is then a third) at least
/// [`WEAK`] of the candidate threshold, and the darkness at least [`WEAK`] of it. Faint ink
/// of a faded arc passes here; it counts when it touches candidate ink (hysteresis).
pub(super) fn weak_candidates(p: &Planes, th: &Thresholds, region: &Rect) -> Vec<u8> {
    let (rw, rh) = (region.w as usize, region.h as usize);
    let (w, h) = (p.w as usize, p.h as usize);
    let min_s = (WEAK * f32::from(th.ink_s) * 9.0) as u32;
    let min_d = (WEAK * f32::from(th.seed_d)) as u8;
    let mut out = vec![0u8; rw * rh];
    // Column sums of three rows of redness, slid down the region.
    let mut col = vec![0u32; rw + 2];
    for (yy, out_row) in out.chunks_exact_mut(rw).enumerate() {
        let y = region.y as usize + yy;
        col.fill(0);
        for yy2 in y.saturating_sub(1)..=(y + 1).min(h - 1) {
            let row = &p.s[yy2 * w..(yy2 + 1) * w];
            for (k, c) in col.iter_mut().enumerate() {
                let x = (region.x as usize + k).saturating_sub(1).min(w - 1);
                *c += u32::from(row[x]);
            }
        }
        let drow = &p.d[y * w + region.x as usize..y * w + region.x as usize + rw];
        let s_row = &p.s[y * w + region.x as usize..y * w + region.x as usize + rw];
        for (xx, (o, &d)) in out_row.iter_mut().zip(drow).enumerate() {
            let sum = col[xx] + col[xx + 1] + col[xx + 2];
            *o = u8::from(sum >= min_s && d >= min_d && s_row[xx] > 0);
        }
    }
    out
}

/// The darkness of solid ink around each pixel of a region, from the darkest candidate ink
/// nearby: a coarse grid of cell maxima, spread by a maximum filter about a twentieth of the
/// seal wide and smoothed. A faded arc has its own, weaker strength; paper far from ink gets
/// the floor.
pub(super) struct Strength {
    cell: u32,
    gw: usize,
    gh: usize,
    /// Solid-ink darkness per cell (darkness units, × [`S_SCALE`]).
    v: Vec<f32>,
}

impl Strength {
    /// `cand` is the candidate mask of `region` (1 = candidate ink; only those not seen
    /// through print count); `size` the seal's size in pixels.
    pub(super) fn estimate(
        p: &Planes,
        th: &Thresholds,
        region: &Rect,
        cand: &[u8],
        size: u32,
    ) -> Strength {
        let cell = (size / 64).clamp(3, 16);
        let gw = region.w.div_ceil(cell) as usize;
        let gh = region.h.div_ceil(cell) as usize;
        let rw = region.w as usize;
        // Solid ink: candidates seen clearly (not through print) whose 3×3 neighbourhood is
        // all such candidates, i.e. inside a stroke.
        let mut clear = cand.to_vec();
        for (yy, row) in clear.chunks_exact_mut(rw).enumerate() {
            let pi = (region.y as usize + yy) * p.w as usize + region.x as usize;
            for (c, &rv) in row.iter_mut().zip(&p.r[pi..pi + rw]) {
                if rv < th.dark_r {
                    *c = 0;
                }
            }
        }
        let inside = erode3(&clear, region.w, region.h);
        let mut sum = vec![0f32; gw * gh];
        let mut count = vec![0f32; gw * gh];
        for_each_cell(p, region, &inside, cell, gw, |g, d| {
            sum[g] += d;
            count[g] += 1.0;
        });
        // The mean darkness of solid ink within a cell or two; where there is none (thin
        // strokes only), within a twentieth of the seal; else the seal's solid ink.
        let near = (box_blur(&sum, gw, gh, 1), box_blur(&count, gw, gh, 1));
        let reach = (size as usize / 20).div_ceil(cell as usize).max(2);
        let far = (
            box_blur(&sum, gw, gh, reach),
            box_blur(&count, gw, gh, reach),
        );
        let min_near = 6.0 / 9.0;
        let min_far = 6.0 / ((2 * reach + 1) * (2 * reach + 1)) as f32;
        let floor = STRENGTH_FLOOR * f32::from(th.full_d);
        // The darkest clear ink within a twentieth of the seal: a lower bound (85 % of it),
        // so that the thin blurred strokes of a glyph far from any solid stroke are still cut
        // at half of solid ink, not half of their own weakened peak.
        let mut peak = vec![0f32; gw * gh];
        for_each_cell(p, region, &clear, cell, gw, |g, d| peak[g] = peak[g].max(d));
        let spread = reach.div_ceil(2);
        let peak = box_blur(&max_filter(&peak, gw, gh, reach), gw, gh, spread);
        let v = (0..gw * gh)
            .map(|i| {
                let m = if near.1[i] >= min_near {
                    near.0[i] / near.1[i]
                } else if far.1[i] >= min_far {
                    far.0[i] / far.1[i]
                } else {
                    f32::from(th.full_d)
                };
                m.max(PEAK_SHARE * peak[i]).max(floor)
            })
            .collect();
        Strength { cell, gw, gh, v }
    }

    /// Solid-ink darkness at region pixel (xx, yy).
    #[inline]
    pub(super) fn at(&self, xx: u32, yy: u32) -> f32 {
        let gx = ((xx / self.cell) as usize).min(self.gw - 1);
        let gy = ((yy / self.cell) as usize).min(self.gh - 1);
        self.v[gy * self.gw + gx]
    }

    /// Whether candidate pixel `i` of the picture, at region pixel (xx, yy), is ink: at least
    /// half as dark as the solid ink around it, or, for a hairline thinner than a pixel or two
    /// (whose blurred darkness never reaches half), a quarter and darker than its neighbours
    /// on both sides horizontally or vertically (a ridge).
    #[inline]
    pub(super) fn is_ink(&self, p: &Planes, th: &Thresholds, i: usize, xx: u32, yy: u32) -> bool {
        let full = self.at(xx, yy);
        let d = f32::from(p.d[i]);
        if p.r[i] < th.dark_r {
            // Seen through print: only clearly red, clearly covered ink counts (a blurred
            // stroke edge under print is not told from the print's own edge).
            return p.s[i] >= th.ink_s && d >= THROUGH_PRINT * full;
        }
        if d >= HALF * full {
            return true;
        }
        if d < 0.5 * HALF * full {
            return false;
        }
        let d = p.d[i];
        let w = p.w as usize;
        let (x, y) = (i % w, i / w);
        let ridge_x = x > 0 && x + 1 < w && d >= p.d[i - 1] && d >= p.d[i + 1];
        let ridge_y = y > 0 && y + 1 < p.h as usize && d >= p.d[i - w] && d >= p.d[i + w];
        ridge_x || ridge_y
    }
}

/// Calls `f(cell index, darkness)` for every set pixel of the region mask `m`, the region
/// being cut into `cell`-pixel squares, `gw` to a row.
fn for_each_cell(
    p: &Planes,
    region: &Rect,
    m: &[u8],
    cell: u32,
    gw: usize,
    mut f: impl FnMut(usize, f32),
) {
    let rw = region.w as usize;
    for (yy, row) in m.chunks_exact(rw).enumerate() {
        let pi = (region.y as usize + yy) * p.w as usize + region.x as usize;
        let g = (yy / cell as usize) * gw;
        for (xx, (&c, &dv)) in row.iter().zip(&p.d[pi..pi + rw]).enumerate() {
            if c != 0 {
                f(g + xx / cell as usize, f32::from(dv));
            }
        }
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
