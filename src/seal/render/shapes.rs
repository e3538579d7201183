//! The seal shapes: round enterprise seals (公章, 合同专用章, 财务专用章), the oval invoice
//! seal (发票专用章) and square name seals (法人章, 人名章), each with its lines of text.

use super::Ctx;
use super::arc::{
    Arc, ArcLayout, all_cells, arc_capacity, free_half_width, half_chord, layout_arc,
};
use super::canvas::{Canvas, Path};
use super::spec::square_seal_text;
use super::text::{FitRule, Place, Run, draw_glyph, draw_line, fit_run, shape_text};
use crate::seal::error::{Field, Result, SealImageError};

fn non_empty(s: Option<&str>) -> Option<&str> {
    s.map(str::trim).filter(|s| !s.is_empty())
}

fn too_long(ctx: &Ctx<'_>, field: Field, chars: usize, fit: usize) -> SealImageError {
    let s = ctx.spec;
    SealImageError::TooLong {
        field,
        chars,
        fit,
        kind: s.kind,
        width_mm: s.width_mm,
        height_mm: s.height_mm,
    }
}

fn label_too_long(spec: &super::SealSpec, label: &str) -> SealImageError {
    SealImageError::LabelTooLong {
        label: label.to_string(),
        kind: spec.kind,
        width_mm: spec.width_mm,
        height_mm: spec.height_mm,
    }
}

/// Lays the enterprise name out along the top arc and draws it; returns the layout and the
/// glyph cells it covers (what the lines below must keep clear of).
fn draw_name_arc(
    canvas: &mut Canvas,
    ctx: &Ctx<'_>,
    run: &Run,
    arc: &Arc,
    edge_gap: f32,
    rule: &FitRule,
) -> Result<(ArcLayout, Vec<(f32, f32)>)> {
    let span = ctx.spec.arc_span_deg.to_radians();
    let layout = layout_arc(run, arc, span, edge_gap, rule).ok_or_else(|| {
        too_long(
            ctx,
            Field::EnterpriseName,
            run.len(),
            arc_capacity(run, arc, span, edge_gap, rule),
        )
    })?;
    for (i, p) in layout.places.iter().enumerate() {
        draw_glyph(canvas, run, i, p);
    }
    let cells = all_cells(run, &layout.places);
    Ok((layout, cells))
}

fn draw_ring(canvas: &mut Canvas, cx: f32, cy: f32, a: f32, b: f32, ring: f32) {
    let mut p = Path::default();
    p.ellipse(cx, cy, a, b, false);
    p.ellipse(cx, cy, a - ring, b - ring, true);
    canvas.fill(&p);
}

/// Round seals: ring, star, name on the upper arc, label below the star, code on the lower arc.
pub(super) fn draw_round(ctx: &Ctx<'_>, canvas: &mut Canvas) -> Result<()> {
    let spec = ctx.spec;
    let k = ctx.k;
    let (cx, cy) = (canvas.w as f32 / 2.0, canvas.h as f32 / 2.0);
    let r = cx.min(cy);
    let u = spec.width_mm / 40.0 * k; // px per "mm of a 40 mm seal"
    let ring = spec.ring_width_mm * k;
    let r_in = r - ring;
    draw_ring(canvas, cx, cy, r, r, ring);

    // Name along the upper arc.
    let name = spec.text.trim();
    let run = shape_text(ctx.fonts, name, Field::EnterpriseName)?;
    let edge_gap = 0.6 * u;
    let rule = FitRule {
        h0: 6.2 * u,
        h_min: (3.0 * u).max(1.5 * k).min(6.2 * u),
        wr0: 0.85,
        wr_min: 0.5,
        gap_min: 0.06,
        gap_max: 0.9,
    };
    let top = Arc {
        cx,
        cy,
        a: r_in,
        b: r_in,
        bottom: false,
    };
    let (name_layout, name_cells) = draw_name_arc(canvas, ctx, &run, &top, edge_gap, &rule)?;

    // Star.
    let star_r = spec.star_diameter_ratio * spec.width_mm * k / 2.0;
    if star_r > 0.0 {
        let inner = star_r * 0.381_966; // regular pentagram
        let pts: Vec<(f32, f32)> = (0..10)
            .map(|i| {
                let ang = -std::f32::consts::FRAC_PI_2 + std::f32::consts::PI * i as f32 / 5.0;
                let rr = if i % 2 == 0 { star_r } else { inner };
                (cx + rr * ang.cos(), cy + rr * ang.sin())
            })
            .collect();
        let mut p = Path::default();
        p.polygon(&pts);
        canvas.fill(&p);
    }

    // Code along the lower arc, in the room the name leaves.
    let mut code_inner = r_in - edge_gap;
    if let Some(code) = non_empty(spec.code.as_deref()) {
        let crun = shape_text(ctx.fonts, code, Field::Code)?;
        let bottom = Arc {
            cx,
            cy,
            a: r_in,
            b: r_in,
            bottom: true,
        };
        let used = name_layout.t_hi - name_layout.t_lo;
        let span =
            (std::f32::consts::TAU - used - 2.0 * 14f32.to_radians()).min(150f32.to_radians());
        let crule = FitRule {
            h0: 2.3 * u,
            h_min: (1.5 * u).max(1.0 * k).min(2.3 * u),
            wr0: 0.75,
            wr_min: 0.45,
            gap_min: 0.08,
            gap_max: 0.32,
        };
        let edge = 0.7 * u;
        let lay = (span > 0.0)
            .then(|| layout_arc(&crun, &bottom, span, edge, &crule))
            .flatten()
            .ok_or_else(|| {
                let cap = if span > 0.0 {
                    arc_capacity(&crun, &bottom, span, edge, &crule)
                } else {
                    0
                };
                too_long(ctx, Field::Code, crun.len(), cap)
            })?;
        for (i, p) in lay.places.iter().enumerate() {
            draw_glyph(canvas, &crun, i, p);
        }
        code_inner = r_in - edge - lay.fit.h;
    }

    // Label below the star.
    if let Some(label) = non_empty(spec.label.as_deref()) {
        let lrun = shape_text(ctx.fonts, label, Field::Label)?;
        let star_bottom = star_r * 0.809;
        let y_top = cy + star_bottom.max(2.0 * u) + 1.8 * u;
        let margin = 0.9 * u;
        let lrule = FitRule {
            h0: 4.6 * u,
            h_min: (2.2 * u).max(1.2 * k).min(4.6 * u),
            wr0: 0.78,
            wr_min: 0.6,
            gap_min: 0.05,
            gap_max: 0.12,
        };
        let avail = |h: f32| {
            let y1 = y_top + h;
            let chord = half_chord(code_inner - margin, code_inner - margin, y1 - cy);
            let free = free_half_width(&name_cells, cx, y_top, y1, margin);
            2.0 * chord.min(free)
        };
        let fit = fit_run(&lrun, &lrule, avail).ok_or_else(|| label_too_long(spec, label))?;
        draw_line(canvas, &lrun, &fit, cx, y_top + fit.h / 2.0);
    }
    Ok(())
}

/// The invoice seal (发票专用章): oval ring, name on the upper arc, taxpayer number across the
/// middle, label below, serial number below the label.
pub(super) fn draw_oval(ctx: &Ctx<'_>, canvas: &mut Canvas) -> Result<()> {
    let spec = ctx.spec;
    let k = ctx.k;
    let (cx, cy) = (canvas.w as f32 / 2.0, canvas.h as f32 / 2.0);
    let u = (spec.width_mm / 40.0).min(spec.height_mm / 30.0) * k;
    let ring = spec.ring_width_mm * k;
    let (a_in, b_in) = (cx - ring, cy - ring);
    draw_ring(canvas, cx, cy, cx, cy, ring);

    let code = non_empty(spec.code.as_deref()).ok_or(SealImageError::InvoiceNeedsCode)?;

    // Name: 字高 4.2 mm, 0.5 mm inside the ring.
    let name = spec.text.trim();
    let run = shape_text(ctx.fonts, name, Field::EnterpriseName)?;
    let edge_gap = 0.5 * u;
    let rule = FitRule {
        h0: 4.2 * u,
        h_min: (2.6 * u).max(1.5 * k).min(4.2 * u),
        wr0: 0.9,
        wr_min: 0.45,
        gap_min: 0.06,
        gap_max: 0.7,
    };
    let top = Arc {
        cx,
        cy,
        a: a_in,
        b: b_in,
        bottom: false,
    };
    let (_, name_cells) = draw_name_arc(canvas, ctx, &run, &top, edge_gap, &rule)?;
    let margin = 0.5 * u;

    // Taxpayer number: 字高 3.7 mm, 18 characters over 26 mm, centred on the centre line.
    let crun = shape_text(ctx.fonts, code, Field::TaxpayerNumber)?;
    let pitch = 26.0 / 18.0 * u;
    let avg_adv = crun.rel_width() / crun.len() as f32;
    let h0 = 3.7 * u;
    let crule = FitRule {
        h0,
        h_min: (2.0 * u).max(1.0 * k).min(h0),
        wr0: pitch / (h0 * avg_adv),
        wr_min: 0.3,
        gap_min: 0.0,
        gap_max: 0.0,
    };
    let cavail = |h: f32| {
        let (y0, y1) = (cy - h / 2.0, cy + h / 2.0);
        let chord = half_chord(a_in - margin, b_in - margin, h / 2.0);
        2.0 * chord
            .min(free_half_width(&name_cells, cx, y0, y1, margin))
            .min(14.0 * u)
    };
    let cfit = fit_run(&crun, &crule, cavail).ok_or_else(|| {
        too_long(
            ctx,
            Field::TaxpayerNumber,
            crun.len(),
            (28.0 * u / (pitch * 0.5)) as usize,
        )
    })?;
    draw_line(canvas, &crun, &cfit, cx, cy);
    let mut bottom = cy + cfit.h / 2.0;

    let below = Below {
        cx,
        cy,
        a: a_in - margin,
        b: b_in - margin,
        margin,
        cells: &name_cells,
    };

    // Label: 字高 4.6 mm, 字宽 3 mm, its top 4.2 mm below the centre line.
    if let Some(label) = non_empty(spec.label.as_deref()) {
        let lrun = shape_text(ctx.fonts, label, Field::Label)?;
        let avg_adv = lrun.rel_width() / lrun.len() as f32;
        let h0 = 4.6 * u;
        let lrule = FitRule {
            h0,
            h_min: (2.2 * u).max(1.2 * k).min(h0),
            wr0: 3.0 * u / (h0 * avg_adv),
            wr_min: 0.35,
            gap_min: 0.03,
            gap_max: 0.1,
        };
        let y_top = cy + (4.2 * u).max(cfit.h / 2.0 + 0.5 * u);
        bottom = below
            .draw(canvas, &lrun, &lrule, y_top)
            .ok_or_else(|| label_too_long(spec, label))?;
    }

    // Serial "(1)" right below the label, at least 1 mm from it (编号与印章名称之间至少留一毫米
    // 间隔), 字高 2.5 mm.
    if let Some(n) = spec.serial {
        let text = format!("({n})");
        let srun = shape_text(ctx.fonts, &text, Field::Serial)?;
        let h0 = 2.5 * u;
        let srule = FitRule {
            h0,
            h_min: (1.5 * u).max(1.0 * k).min(h0),
            wr0: 0.8,
            wr_min: 0.5,
            gap_min: 0.02,
            gap_max: 0.08,
        };
        below.draw(canvas, &srun, &srule, bottom + 1.0 * u).ok_or(
            SealImageError::SerialDoesNotFit {
                serial: n,
                width_mm: spec.width_mm,
                height_mm: spec.height_mm,
            },
        )?;
    }
    Ok(())
}

/// The room below the centre of an oval seal: inside the ellipse (a, b) around (cx, cy) and
/// `margin` clear of the name's glyph cells.
struct Below<'a> {
    cx: f32,
    cy: f32,
    a: f32,
    b: f32,
    margin: f32,
    cells: &'a [(f32, f32)],
}

impl Below<'_> {
    /// Fits `run` as a centred line whose top is at `y_top` and draws it; returns its bottom,
    /// or `None` when it does not fit.
    fn draw(&self, canvas: &mut Canvas, run: &Run, rule: &FitRule, y_top: f32) -> Option<f32> {
        let avail = |h: f32| {
            let y1 = y_top + h;
            let chord = half_chord(self.a, self.b, y1 - self.cy);
            2.0 * chord.min(free_half_width(self.cells, self.cx, y_top, y1, self.margin))
        };
        let fit = fit_run(run, rule, avail)?;
        draw_line(canvas, run, &fit, self.cx, y_top + fit.h / 2.0);
        Some(y_top + fit.h)
    }
}

/// Square name seals: border and four characters in two columns, read right column first.
pub(super) fn draw_square(ctx: &Ctx<'_>, canvas: &mut Canvas) -> Result<()> {
    let spec = ctx.spec;
    let k = ctx.k;
    let (w, h) = (canvas.w as f32, canvas.h as f32);
    let ring = spec.ring_width_mm * k;
    let text = square_seal_text(&spec.text)?;
    let run = shape_text(ctx.fonts, &text, Field::PersonName)?;

    let mut border = Path::default();
    border.polygon(&[(0.0, 0.0), (w, 0.0), (w, h), (0.0, h)]);
    border.polygon(&[
        (ring, ring),
        (ring, h - ring),
        (w - ring, h - ring),
        (w - ring, ring),
    ]);
    canvas.fill(&border);

    let side = spec.width_mm.min(spec.height_mm) * k;
    let pad = 0.05 * side;
    let gap = 0.04 * side;
    let (x0, y0) = (ring + pad, ring + pad);
    let cw = (w - 2.0 * x0 - gap) / 2.0;
    let ch = (h - 2.0 * y0 - gap) / 2.0;
    for i in 0..run.len() {
        // 1st top-right, 2nd bottom-right, 3rd top-left, 4th bottom-left.
        let col = if i < 2 { 1.0 } else { 0.0 };
        let row = (i % 2) as f32;
        let x = x0 + col * (cw + gap) + cw / 2.0;
        let y = y0 + row * (ch + gap) + ch / 2.0;
        let sy = ch / run.ink_h();
        let sx = cw / run.glyphs[i].advance.max(f32::EPSILON);
        draw_glyph(
            canvas,
            &run,
            i,
            &Place {
                x,
                y,
                sx,
                sy,
                rot: 0.0,
                shear: 0.0,
            },
        );
    }
    Ok(())
}
