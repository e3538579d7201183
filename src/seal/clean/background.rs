//! The paper's colour, locally: a coarse grid of the picture's cell means, a grey-level
//! closing that removes everything darker than the paper and narrower than the filter
//! (strokes, the star, print) while keeping lighting ramps, then a normalised blur of the
//! cells close to that envelope ("clean paper") so that ink never leaks into the estimate.
//! Every pixel is later divided by the interpolated paper colour: paper becomes white whatever
//! its tint and whatever light falls on it.

use image::RgbImage;

/// Cells of the background grid on the long side of the picture.
const GRID_CELLS: u32 = 192;

/// The local paper colour on a coarse grid, stored as reciprocals for the per-pixel division.
pub(super) struct Background {
    cell: u32,
    gw: usize,
    gh: usize,
    /// 1 / paper colour, 3 floats per cell, row-major.
    inv: Vec<f32>,
    /// For each column x: left grid column and interpolation weight.
    xs: Vec<(u32, f32)>,
}

impl Background {
    pub(super) fn estimate(rgb: &RgbImage) -> Background {
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
    pub(super) fn row(&self, y: u32, grid_row: &mut [f32], out: &mut [f32]) {
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

    pub(super) fn scratch(&self, width: u32) -> (Vec<f32>, Vec<f32>) {
        (
            vec![0f32; (self.gw + 1) * 3],
            vec![0f32; width as usize * 3],
        )
    }
}

pub(super) fn max_filter(src: &[f32], w: usize, h: usize, r: usize) -> Vec<f32> {
    rank_filter(src, w, h, r, f32::max)
}

pub(super) fn min_filter(src: &[f32], w: usize, h: usize, r: usize) -> Vec<f32> {
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
pub(super) fn box_blur(src: &[f32], w: usize, h: usize, r: usize) -> Vec<f32> {
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
