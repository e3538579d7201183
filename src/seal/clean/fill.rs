//! Structural fill: ink hidden under black print restored from the seal's own structure,
//! instead of leaving holes where a line of text or a ruled line crossed the seal.
//!
//! 1. **Border continuity, in polar coordinates.** Seen from the seal's centre, the outer
//!    border (ring of a round seal, ellipse of an oval or tilted one, frame of a square one)
//!    is the outermost ink in every direction. Its outer radius and thickness are measured
//!    per half degree and smoothed by a running median along the angle; where print hides the
//!    border the median carries it across. Print pixels inside the border band are ink. The
//!    border must be seen all round (most directions), otherwise (a signature) nothing is
//!    filled.
//! 2. **The star's symmetry.** A five-pointed star looks the same turned by 72°. A print
//!    pixel near the centre is ink when most of its four turned copies that print does not
//!    hide are ink, provided the ink near the centre is itself that symmetric.
//! 3. **Strokes across thin print.** A print pixel with ink on both sides, within a few
//!    pixels, along a row, a column or a diagonal, across print no wider than that, is ink:
//!    a glyph's stroke crossed by a ruled line or a thin stroke of print continues under it.

use std::f32::consts::TAU;

/// Angular resolution of the border profile (bins per turn).
const BINS: usize = 720;
/// Share of directions in which the border must be seen for it to be trusted.
const BORDER_SEEN: f32 = 0.7;
/// Share of ink near the centre that must match its 72° turn for the star fill.
const STAR_SYMMETRY: f32 = 0.6;

/// Pixels of `dark` (print hiding what is under it) that the seal's structure says are ink:
/// 0/1, region-sized (`w` × `h`), disjoint from `mask`.
pub(super) fn structural(mask: &[u8], dark: &[u8], w: u32, h: u32) -> Vec<u8> {
    let (w, h) = (w as usize, h as usize);
    let mut filled = vec![0u8; mask.len()];
    let Some((cx, cy)) = ink_box_centre(mask, w) else {
        return filled;
    };
    if let Some(border) = Border::measure(mask, w, cx, cy) {
        border.fill(dark, w, cx, cy, &mut filled);
    }
    star_fill(mask, dark, w, h, cx, cy, &mut filled);
    bridge_fill(mask, dark, w, h, &mut filled);
    for (f, &m) in filled.iter_mut().zip(mask) {
        *f &= 1 - m.min(1);
    }
    filled
}

/// Centre of the ink's bounding box.
fn ink_box_centre(mask: &[u8], w: usize) -> Option<(f32, f32)> {
    let (mut x0, mut y0, mut x1, mut y1) = (usize::MAX, usize::MAX, 0, 0);
    for (y, row) in mask.chunks_exact(w).enumerate() {
        if let (Some(a), Some(b)) = (
            row.iter().position(|&m| m != 0),
            row.iter().rposition(|&m| m != 0),
        ) {
            x0 = x0.min(a);
            x1 = x1.max(b);
            y0 = y0.min(y);
            y1 = y1.max(y);
        }
    }
    (x0 <= x1).then(|| ((x0 + x1) as f32 / 2.0 + 0.5, (y0 + y1) as f32 / 2.0 + 0.5))
}

#[inline]
fn polar(x: usize, y: usize, cx: f32, cy: f32) -> (usize, f32) {
    let (dx, dy) = (x as f32 + 0.5 - cx, y as f32 + 0.5 - cy);
    let a = dy.atan2(dx).rem_euclid(TAU);
    (
        ((a / TAU) * BINS as f32) as usize % BINS,
        (dx * dx + dy * dy).sqrt(),
    )
}

/// The outer border as outer radius and thickness per direction.
struct Border {
    outer: Vec<f32>,
    thick: Vec<f32>,
}

impl Border {
    fn measure(mask: &[u8], w: usize, cx: f32, cy: f32) -> Option<Border> {
        // Radii of the ink in every direction, outermost first.
        let mut radii: Vec<Vec<f32>> = vec![Vec::new(); BINS];
        for (y, row) in mask.chunks_exact(w).enumerate() {
            for (x, &m) in row.iter().enumerate() {
                if m != 0 {
                    let (b, r) = polar(x, y, cx, cy);
                    radii[b].push(r);
                }
            }
        }
        let mut outer = vec![f32::NAN; BINS];
        let mut thick = vec![f32::NAN; BINS];
        for (b, rs) in radii.iter_mut().enumerate() {
            if rs.is_empty() {
                continue;
            }
            rs.sort_unstable_by(|a, b| b.total_cmp(a));
            // The outermost run of ink: radii following each other without a gap of paper.
            let mut inner = rs[0];
            for &r in rs.iter().skip(1) {
                if inner - r > 1.5 {
                    break;
                }
                inner = r;
            }
            outer[b] = rs[0];
            thick[b] = rs[0] - inner + 1.0;
        }
        // Smooth along the angle with a running median over about ±4°; the print crossing the
        // border is narrower than that.
        let half = BINS / 90;
        let outer_s = running_median(&outer, half);
        // Directions where the border is seen: the outermost ink is at the smoothed radius.
        let seen: Vec<bool> = (0..BINS)
            .map(|b| outer[b].is_finite() && (outer[b] - outer_s[b]).abs() <= 2.0)
            .collect();
        if (seen.iter().filter(|&&s| s).count() as f32) < BORDER_SEEN * BINS as f32 {
            return None;
        }
        let thick_seen: Vec<f32> = (0..BINS)
            .map(|b| if seen[b] { thick[b] } else { f32::NAN })
            .collect();
        let thick_s = running_median(&thick_seen, half);
        // A border is thin compared with the seal: a filled disc is no ring.
        let mean_r = outer_s.iter().filter(|r| r.is_finite()).sum::<f32>() / BINS as f32;
        let mut thick_m: Vec<f32> = thick_s.iter().copied().filter(|t| t.is_finite()).collect();
        thick_m.sort_unstable_by(f32::total_cmp);
        let typical = *thick_m.get(thick_m.len() / 2)?;
        if typical > 0.2 * mean_r {
            return None;
        }
        Some(Border {
            outer: outer_s,
            thick: thick_s,
        })
    }

    /// Sets the print pixels inside the border band.
    fn fill(&self, dark: &[u8], w: usize, cx: f32, cy: f32, filled: &mut [u8]) {
        for (y, row) in dark.chunks_exact(w).enumerate() {
            for (x, &d) in row.iter().enumerate() {
                if d == 0 {
                    continue;
                }
                let (b, r) = polar(x, y, cx, cy);
                let (o, t) = (self.outer[b], self.thick[b]);
                if o.is_finite() && t.is_finite() && r <= o + 0.5 && r >= o - t + 0.5 {
                    filled[y * w + x] = 1;
                }
            }
        }
    }
}

/// Running median over ±`half` entries of a circular profile, ignoring NaN (NaN where there
/// is nothing to take the median of).
fn running_median(v: &[f32], half: usize) -> Vec<f32> {
    let n = v.len();
    let mut window = Vec::with_capacity(2 * half + 1);
    (0..n)
        .map(|i| {
            window.clear();
            for k in 0..=2 * half {
                let x = v[(i + n + k - half) % n];
                if x.is_finite() {
                    window.push(x);
                }
            }
            if window.len() <= half / 2 {
                return f32::NAN;
            }
            window.sort_unstable_by(f32::total_cmp);
            window[window.len() / 2]
        })
        .collect()
}

/// Five-fold symmetric fill near the centre (the star of round seals).
fn star_fill(mask: &[u8], dark: &[u8], w: usize, h: usize, cx: f32, cy: f32, out: &mut [u8]) {
    let reach = (w.min(h) as f32) * 0.2;
    let (x0, x1) = (
        (cx - reach).max(0.0) as usize,
        ((cx + reach) as usize).min(w),
    );
    let (y0, y1) = (
        (cy - reach).max(0.0) as usize,
        ((cy + reach) as usize).min(h),
    );
    // The star's centre: the centroid of the ink near the seal's centre.
    let (mut sx, mut sy, mut n) = (0f32, 0f32, 0f32);
    for y in y0..y1 {
        for x in x0..x1 {
            if mask[y * w + x] != 0 {
                sx += x as f32 + 0.5;
                sy += y as f32 + 0.5;
                n += 1.0;
            }
        }
    }
    if n < 50.0 {
        return;
    }
    let (scx, scy) = (sx / n, sy / n);
    let turns: Vec<(f32, f32)> = (1..5).map(|k| (k as f32 * TAU / 5.0).sin_cos()).collect();
    let at = |x: f32, y: f32| -> Option<(bool, bool)> {
        let (ix, iy) = (x.floor(), y.floor());
        if ix < 0.0 || iy < 0.0 || ix >= w as f32 || iy >= h as f32 {
            return None;
        }
        let i = iy as usize * w + ix as usize;
        Some((mask[i] != 0, dark[i] != 0))
    };
    let turned = |x: usize, y: usize, (s, c): (f32, f32)| {
        let (dx, dy) = (x as f32 + 0.5 - scx, y as f32 + 0.5 - scy);
        (scx + dx * c - dy * s, scy + dx * s + dy * c)
    };
    // Is the ink near the centre five-fold symmetric at all?
    let (mut agree, mut total) = (0u32, 0u32);
    for y in y0..y1 {
        for x in x0..x1 {
            if mask[y * w + x] == 0 {
                continue;
            }
            let (tx, ty) = turned(x, y, turns[0]);
            if let Some((ink, print)) = at(tx, ty)
                && !print
            {
                total += 1;
                agree += u32::from(ink);
            }
        }
    }
    if total < 50 || (agree as f32) < STAR_SYMMETRY * total as f32 {
        return;
    }
    for y in y0..y1 {
        for x in x0..x1 {
            if dark[y * w + x] == 0 {
                continue;
            }
            let (mut ink, mut seen) = (0, 0);
            for &t in &turns {
                let (tx, ty) = turned(x, y, t);
                if let Some((i, print)) = at(tx, ty)
                    && !print
                {
                    seen += 1;
                    ink += i32::from(i);
                }
            }
            if seen >= 2 && 3 * ink >= 2 * seen {
                out[y * w + x] = 1;
            }
        }
    }
}

/// Fills print pixels that have ink on both sides within `reach` along a row, a column or a
/// diagonal, across print only.
fn bridge_fill(mask: &[u8], dark: &[u8], w: usize, h: usize, out: &mut [u8]) {
    const REACH: isize = 4;
    let dirs: [(isize, isize); 4] = [(1, 0), (0, 1), (1, 1), (1, -1)];
    let (wi, hi) = (w as isize, h as isize);
    for y in 0..hi {
        for x in 0..wi {
            let i = (y * wi + x) as usize;
            if dark[i] == 0 || mask[i] != 0 {
                continue;
            }
            let ink_within = |dx: isize, dy: isize| -> bool {
                for k in 1..=REACH {
                    let (xx, yy) = (x + dx * k, y + dy * k);
                    if xx < 0 || yy < 0 || xx >= wi || yy >= hi {
                        return false;
                    }
                    let j = (yy * wi + xx) as usize;
                    if mask[j] != 0 {
                        return true;
                    }
                    if dark[j] == 0 {
                        return false;
                    }
                }
                false
            };
            if dirs
                .iter()
                .any(|&(dx, dy)| ink_within(dx, dy) && ink_within(-dx, -dy))
            {
                out[i] = 1;
            }
        }
    }
}
