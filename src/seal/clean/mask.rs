//! Mask work: labelling connected ink (8-connected, on row runs), choosing the seal among the
//! red marks of a photo, binary morphology, and the clean-up of the seal's mask (specks
//! dropped, pin holes closed, print cut out).

use super::classify::{INK_RED, MIN_TAU, Planes, R_SCALE, Thresholds};

#[derive(Clone, Copy)]
pub(super) struct Run {
    pub(super) y: u32,
    pub(super) x0: u32,
    /// Exclusive.
    pub(super) x1: u32,
}

pub(super) struct Runs {
    pub(super) runs: Vec<Run>,
    /// Union-find root of each run after labelling.
    pub(super) comp_of: Vec<u32>,
}

/// Candidate seal ink of the whole picture as labelled runs.
pub(super) fn candidate_runs(p: &Planes, th: &Thresholds) -> Runs {
    runs_where(p.w as usize, p.h as usize, Some((&p.s, th.ink_s)), |i| {
        th.is_candidate(p, i)
    })
}

/// The set pixels of a 0/1 mask as labelled runs.
pub(super) fn mask_runs(mask: &[u8], w: u32, h: u32) -> Runs {
    runs_where(w as usize, h as usize, Some((mask, 1)), |i| mask[i] != 0)
}

/// Runs of pixels where `pred` holds, labelled 8-connected. `skip`: a plane and a value; 32
/// pixels in a row all below it are skipped at once (most of a photo is not red at all).
fn runs_where(w: usize, h: usize, skip: Option<(&[u8], u8)>, pred: impl Fn(usize) -> bool) -> Runs {
    let mut runs: Vec<Run> = Vec::new();
    let mut parent: Vec<u32> = Vec::new();
    let mut prev = 0..0usize;
    for y in 0..h {
        let start = runs.len();
        let row = y * w;
        let mut x = 0usize;
        while x < w {
            if let Some((plane, min)) = skip
                && x + 32 <= w
                && plane[row + x..row + x + 32]
                    .iter()
                    .fold(0, |a, &b| a.max(b))
                    < min
            {
                x += 32;
                continue;
            }
            if pred(row + x) {
                let x0 = x;
                while x < w && pred(row + x) {
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
pub(super) struct Rect {
    pub(super) x: u32,
    pub(super) y: u32,
    pub(super) w: u32,
    pub(super) h: u32,
}

impl Rect {
    /// `r` grown by `pad` on every side, clamped to a `w` × `h` picture.
    pub(super) fn around(r: Rect, pad: u32, w: u32, h: u32) -> Rect {
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

    /// The part of `self` inside `o` (they overlap).
    pub(super) fn within(&self, o: &Rect) -> Rect {
        let x0 = self.x.max(o.x);
        let y0 = self.y.max(o.y);
        let x1 = (self.x + self.w).min(o.x + o.w).max(x0);
        let y1 = (self.y + self.h).min(o.y + o.h).max(y0);
        Rect {
            x: x0,
            y: y0,
            w: x1 - x0,
            h: y1 - y0,
        }
    }

    pub(super) fn area(&self) -> usize {
        self.w as usize * self.h as usize
    }

    pub(super) fn union(&self, o: &Rect) -> Rect {
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

pub(super) struct Components {
    /// Component index of each union-find root (u32::MAX for non-roots).
    pub(super) index_of: Vec<u32>,
    pub(super) area: Vec<u64>,
    pub(super) bbox: Vec<Rect>,
}

pub(super) fn components(runs: &Runs) -> Components {
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

pub(super) struct Selection {
    pub(super) members: Vec<bool>,
    pub(super) bbox: Rect,
}

/// The seal: the largest component, then every component of at least `speck` pixels lying
/// within 20 % of the growing group's size, repeated until nothing more joins.
pub(super) fn select_seal(c: &Components, speck: u64) -> Option<Selection> {
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

// Binary morphology on 0/1 masks.

/// 3×3 dilation; outside the mask counts as background.
pub(super) fn dilate3(m: &[u8], w: u32, h: u32) -> Vec<u8> {
    morph3::<true>(m, w as usize, h as usize)
}

/// 3×3 erosion; outside the mask is ignored (counts as ink), so ink at the border survives.
pub(super) fn erode3(m: &[u8], w: u32, h: u32) -> Vec<u8> {
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

/// How far (pixels) print grows from dark pixels through somewhat dark ones: the blurred
/// edge of a stroke, and the colour JPEG smears over two pixels where print meets ink.
const PRINT_GROW: usize = 2;

/// Black print in `region` that hides what is under it (0/1): pixels whose red channel says
/// the print lets less than [`MIN_TAU`] of the light through, grown for [`PRINT_GROW`] pixels
/// through pixels whose red channel is dark (the blurred edge of a stroke, where JPEG smears
/// colour from print into ink).
pub(super) fn print_mask(p: &Planes, th: &Thresholds, region: &Rect) -> Vec<u8> {
    let hidden = (MIN_TAU * INK_RED * R_SCALE) as u8;
    let mut dark = vec![0u8; region.area()];
    let mut dim = vec![0u8; region.area()];
    for yy in 0..region.h {
        let src = (region.y + yy) as usize * p.w as usize + region.x as usize;
        let dst = yy as usize * region.w as usize;
        for xx in 0..region.w as usize {
            dark[dst + xx] = u8::from(p.r[src + xx] < hidden);
            dim[dst + xx] = u8::from(p.r[src + xx] < th.dark_r);
        }
    }
    for _ in 0..PRINT_GROW {
        let grown = dilate3(&dark, region.w, region.h);
        for ((d, g), m) in dark.iter_mut().zip(&grown).zip(&dim) {
            *d |= *g & *m;
        }
    }
    dark
}

/// Clears the connected parts of a 0/1 mask smaller than `speck` pixels.
pub(super) fn drop_specks(mask: &mut [u8], w: u32, h: u32, speck: u64) {
    let runs = mask_runs(mask, w, h);
    let comps = components(&runs);
    for (run, comp) in runs.runs.iter().zip(&runs.comp_of) {
        if comps.area[comps.index_of[*comp as usize] as usize] < speck {
            let row = run.y as usize * w as usize;
            mask[row + run.x0 as usize..row + run.x1 as usize].fill(0);
        }
    }
}

/// Sets the holes of a 0/1 mask (connected unset parts that do not reach the border) of at
/// most `max` pixels: speckle where the stamp did not take, not the counters of glyphs.
pub(super) fn fill_pin_holes(mask: &mut [u8], w: u32, h: u32, max: u64) {
    let inverse: Vec<u8> = mask.iter().map(|&m| 1 - m.min(1)).collect();
    let runs = mask_runs(&inverse, w, h);
    let comps = components(&runs);
    for (run, comp) in runs.runs.iter().zip(&runs.comp_of) {
        let c = comps.index_of[*comp as usize] as usize;
        let b = comps.bbox[c];
        let inside = b.x > 0 && b.y > 0 && b.x + b.w < w && b.y + b.h < h;
        if inside && comps.area[c] <= max {
            let row = run.y as usize * w as usize;
            mask[row + run.x0 as usize..row + run.x1 as usize].fill(1);
        }
    }
}

/// Keeps the connected parts of `weak` that touch `strong` (hysteresis) and adds `strong`.
pub(super) fn hysteresis(weak: &[u8], strong: &[u8], w: u32, h: u32) -> Vec<u8> {
    let runs = mask_runs(weak, w, h);
    let comps = components(&runs);
    let mut touches = vec![false; comps.area.len()];
    for (run, comp) in runs.runs.iter().zip(&runs.comp_of) {
        let row = run.y as usize * w as usize;
        if strong[row + run.x0 as usize..row + run.x1 as usize].contains(&1) {
            touches[comps.index_of[*comp as usize] as usize] = true;
        }
    }
    let mut out = strong.to_vec();
    for (run, comp) in runs.runs.iter().zip(&runs.comp_of) {
        if touches[comps.index_of[*comp as usize] as usize] {
            let row = run.y as usize * w as usize;
            out[row + run.x0 as usize..row + run.x1 as usize].fill(1);
        }
    }
    out
}
