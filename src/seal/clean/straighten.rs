//! Straightening (optional): round and oval seals have the same bounding box at every angle,
//! so a minimum-area rectangle cannot find their tilt; what they do have is a mirror axis (the
//! star's tip, the middle of the name arc, the centred bottom line). The tilt is the angle in
//! ±45° that makes the ink mask (downsampled to about 96 cells, slightly blurred) most
//! mirror-symmetric about the vertical through the middle of its bounding box, minus a penalty
//! on the bounding-box area so that square and rectangular seals are squared up too. Coarse
//! (1°) then fine (0.1°) search; when no angle scores clearly better than 0°, the seal is left
//! as it is. A design with no mirror axis and no straight border (a handwritten signature)
//! cannot be straightened reliably.

use image::{GrayImage, RgbaImage};

use super::background::box_blur;
use super::mask::Rect;

/// Blur (grid cells) of the downsampled mask when scoring mirror symmetry.
const TILT_BLUR: usize = 1;

/// Clockwise tilt of the seal in degrees (see the module documentation): the angle in ±45°
/// whose counter-clockwise rotation makes the ink most mirror-symmetric about a vertical axis,
/// with a penalty on bounding-box area. 0 when no angle is clearly better than 0°.
pub(super) fn estimate_tilt(mask: &GrayImage) -> f32 {
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
pub(super) fn rotate_output(
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
