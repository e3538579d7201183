//! Text along the upper and lower arcs of round and oval seals, and the room the placed
//! glyphs leave for the lines inside.

use super::text::{
    Fit, FitRule, Place, Run, cell_outline, fit_run, place_for, run_length, run_offsets,
};

/// The inner edge of a round or oval ring, walked along its upper or lower half.
/// Parameter t: 0 at the top (or bottom), increasing to the right.
pub(super) struct Arc {
    pub(super) cx: f32,
    pub(super) cy: f32,
    pub(super) a: f32,
    pub(super) b: f32,
    pub(super) bottom: bool,
}

impl Arc {
    /// Outward unit normal at t.
    fn normal(&self, t: f32) -> (f32, f32) {
        let (s, c) = t.sin_cos();
        let (nx, ny) = (
            self.b * s,
            if self.bottom { self.a * c } else { -self.a * c },
        );
        let l = (nx * nx + ny * ny).sqrt().max(f32::EPSILON);
        (nx / l, ny / l)
    }

    /// The point at t, `d` px inside the edge along the normal.
    fn at(&self, t: f32, d: f32) -> (f32, f32) {
        let (s, c) = t.sin_cos();
        let (n_x, n_y) = self.normal(t);
        let ey = if self.bottom {
            self.cy + self.b * c
        } else {
            self.cy - self.b * c
        };
        (self.cx + self.a * s - n_x * d, ey - n_y * d)
    }

    /// Rotation that makes a glyph's top point outward (upper arc) or inward (lower arc).
    fn rotation(&self, t: f32) -> f32 {
        let (nx, ny) = self.normal(t);
        let (ux, uy) = if self.bottom { (-nx, -ny) } else { (nx, ny) };
        ux.atan2(-uy)
    }

    /// Arc-length table of the curve `d` px inside the edge over t in [-span/2, span/2].
    fn table(&self, d: f32, span: f32) -> ArcTable {
        const N: usize = 512;
        let mut t = Vec::with_capacity(N + 1);
        let mut s = Vec::with_capacity(N + 1);
        let mut acc = 0.0;
        let mut prev = self.at(-span / 2.0, d);
        for i in 0..=N {
            let ti = -span / 2.0 + span * i as f32 / N as f32;
            let p = self.at(ti, d);
            acc += ((p.0 - prev.0).powi(2) + (p.1 - prev.1).powi(2)).sqrt();
            prev = p;
            t.push(ti);
            s.push(acc);
        }
        ArcTable { t, s }
    }
}

struct ArcTable {
    t: Vec<f32>,
    s: Vec<f32>,
}

impl ArcTable {
    fn len(&self) -> f32 {
        self.s.last().copied().unwrap_or(0.0)
    }

    /// The parameter at arc length `s` (clamped to the table).
    fn t_at(&self, s: f32) -> f32 {
        let i = self.s.partition_point(|&x| x < s);
        if i == 0 {
            return self.t[0];
        }
        if i >= self.s.len() {
            return self.t[self.t.len() - 1];
        }
        let (s0, s1) = (self.s[i - 1], self.s[i]);
        let f = if s1 > s0 { (s - s0) / (s1 - s0) } else { 0.0 };
        self.t[i - 1] + f * (self.t[i] - self.t[i - 1])
    }
}

/// Glyph spacing is measured this far (× h) below the glyph centre, on the side nearer the
/// seal centre, where neighbours on a curve come closest.
const ARC_SPACING_DEPTH: f32 = 0.35;

/// A run laid out along an arc.
pub(super) struct ArcLayout {
    pub(super) places: Vec<Place>,
    pub(super) fit: Fit,
    /// Parameter range actually covered.
    pub(super) t_lo: f32,
    pub(super) t_hi: f32,
}

/// Fits and places a run centred on the arc, glyph tops `edge_gap` px inside the ring.
pub(super) fn layout_arc(
    run: &Run,
    arc: &Arc,
    span: f32,
    edge_gap: f32,
    rule: &FitRule,
) -> Option<ArcLayout> {
    let ref_depth = |h: f32| edge_gap + h * (0.5 + ARC_SPACING_DEPTH);
    let fit = fit_run(run, rule, |h| arc.table(ref_depth(h), span).len())?;
    let table = arc.table(ref_depth(fit.h), span);
    let total = run_length(run, &fit);
    let s0 = (table.len() - total) / 2.0;
    let places = run_offsets(run, &fit)
        .into_iter()
        .map(|s| {
            let t = table.t_at(s0 + s);
            let (x, y) = arc.at(t, edge_gap + fit.h / 2.0);
            place_for(run, &fit, x, y, arc.rotation(t))
        })
        .collect();
    Some(ArcLayout {
        places,
        fit,
        t_lo: table.t_at(s0),
        t_hi: table.t_at(s0 + total),
    })
}

/// How many characters like those of `run` fit on the arc at the smallest legible size.
pub(super) fn arc_capacity(
    run: &Run,
    arc: &Arc,
    span: f32,
    edge_gap: f32,
    rule: &FitRule,
) -> usize {
    let len = arc
        .table(edge_gap + rule.h_min * (0.5 + ARC_SPACING_DEPTH), span)
        .len();
    let cell = rule.wr_min * rule.h_min * run.rel_width() / run.len() as f32;
    let gap = rule.gap_min * rule.h_min;
    ((len + gap) / (cell + gap)).floor().max(0.0) as usize
}

/// Half the width left free at heights [y0, y1] by already placed glyph cells.
pub(super) fn free_half_width(cells: &[(f32, f32)], cx: f32, y0: f32, y1: f32, margin: f32) -> f32 {
    cells
        .iter()
        .filter(|(_, y)| *y >= y0 - margin && *y <= y1 + margin)
        .map(|(x, _)| (x - cx).abs() - margin)
        .fold(f32::INFINITY, f32::min)
}

pub(super) fn all_cells(run: &Run, places: &[Place]) -> Vec<(f32, f32)> {
    places
        .iter()
        .enumerate()
        .flat_map(|(i, p)| cell_outline(run, i, p))
        .collect()
}

/// Half chord of the ellipse (a, b) centred on the origin at vertical offset y.
pub(super) fn half_chord(a: f32, b: f32, y: f32) -> f32 {
    if y.abs() >= b {
        0.0
    } else {
        a * (1.0 - (y / b).powi(2)).sqrt()
    }
}
