//! Page geometry: the visible box (CropBox, else MediaBox, inherited through the page tree),
//! the display rotation (/Rotate), and the mapping between what a person measures on the
//! visible page (origin top-left, y down, points) and PDF user space.

use lopdf::{Dictionary, Document, Object, ObjectId};

use super::error::{Cause, PageRef, PagesProblem, PdfError};
use crate::error::Result;

pub const PT_PER_MM: f32 = 72.0 / 25.4;

/// One page as displayed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PageBox {
    /// Visible box in user space: llx, lly, urx, ury.
    pub llx: f32,
    pub lly: f32,
    pub urx: f32,
    pub ury: f32,
    /// Clockwise display rotation: 0, 90, 180 or 270.
    pub rotate: i32,
}

/// Looks a page attribute up on the page, then on its ancestors (MediaBox, CropBox, Rotate
/// and Resources are inheritable).
fn inherited<'a>(doc: &'a Document, page: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    let mut node = page;
    for _ in 0..64 {
        if let Ok(v) = node.get(key) {
            return Some(v);
        }
        let parent = node.get(b"Parent").and_then(Object::as_reference).ok()?;
        node = doc.get_dictionary(parent).ok()?;
    }
    None
}

fn number(doc: &Document, o: &Object) -> Option<f32> {
    match o {
        Object::Integer(i) => Some(*i as f32),
        Object::Real(r) => Some(*r),
        Object::Reference(id) => doc.get_object(*id).ok().and_then(|o| number(doc, o)),
        _ => None,
    }
}

fn rect(doc: &Document, o: &Object) -> Option<[f32; 4]> {
    let arr = match o {
        Object::Reference(id) => doc.get_object(*id).ok()?.as_array().ok()?,
        o => o.as_array().ok()?,
    };
    if arr.len() != 4 {
        return None;
    }
    let v: Vec<f32> = arr.iter().filter_map(|x| number(doc, x)).collect();
    (v.len() == 4).then(|| {
        [
            v[0].min(v[2]),
            v[1].min(v[3]),
            v[0].max(v[2]),
            v[1].max(v[3]),
        ]
    })
}

impl PageBox {
    pub fn of(doc: &Document, page_id: ObjectId) -> Result<PageBox> {
        let page = doc
            .get_dictionary(page_id)
            .map_err(|e| PdfError::DamagedPage {
                page: PageRef::Object(page_id.0, page_id.1),
                cause: Cause::new(e),
            })?;
        let media = inherited(doc, page, b"MediaBox")
            .and_then(|o| rect(doc, o))
            .unwrap_or([0.0, 0.0, 612.0, 792.0]);
        // The visible area is the CropBox clipped to the MediaBox.
        let b = inherited(doc, page, b"CropBox")
            .and_then(|o| rect(doc, o))
            .map(|c| {
                [
                    c[0].max(media[0]),
                    c[1].max(media[1]),
                    c[2].min(media[2]),
                    c[3].min(media[3]),
                ]
            })
            .filter(|c| c[2] > c[0] && c[3] > c[1])
            .unwrap_or(media);
        let rotate = inherited(doc, page, b"Rotate")
            .and_then(|o| number(doc, o))
            .map(|r| (r as i32).rem_euclid(360) / 90 * 90)
            .unwrap_or(0);
        Ok(PageBox {
            llx: b[0],
            lly: b[1],
            urx: b[2],
            ury: b[3],
            rotate,
        })
    }

    /// Width and height of the page as displayed, in points.
    pub fn visible_size(&self) -> (f32, f32) {
        let (w, h) = (self.urx - self.llx, self.ury - self.lly);
        if self.rotate % 180 == 0 {
            (w, h)
        } else {
            (h, w)
        }
    }

    /// A point measured on the displayed page (from its top-left corner, y down, points)
    /// in user space.
    pub fn to_user(&self, vx: f32, vy: f32) -> (f32, f32) {
        match self.rotate {
            90 => (self.llx + vy, self.lly + vx),
            180 => (self.urx - vx, self.lly + vy),
            270 => (self.urx - vy, self.ury - vx),
            _ => (self.llx + vx, self.ury - vy),
        }
    }

    /// The inverse of `to_user`.
    pub fn to_visible(&self, ux: f32, uy: f32) -> (f32, f32) {
        match self.rotate {
            90 => (uy - self.lly, ux - self.llx),
            180 => (self.urx - ux, uy - self.lly),
            270 => (self.ury - uy, self.urx - ux),
            _ => (ux - self.llx, self.ury - uy),
        }
    }

    /// Counter-clockwise angle (degrees) at which an image must be drawn in user space to
    /// appear upright on the displayed page.
    pub fn upright_angle(&self) -> f32 {
        self.rotate as f32
    }
}

/// Pages named by `--pages 1-3,5,last` (1-based, in the order given, duplicates dropped).
pub fn parse_pages(spec: &str, count: u32) -> Result<Vec<u32>> {
    let bad = |problem: PagesProblem| PdfError::InvalidPages {
        spec: spec.to_string(),
        problem,
    };
    let page = |s: &str| -> Result<u32> {
        let s = s.trim();
        let n = if s.eq_ignore_ascii_case("last") {
            count
        } else {
            s.parse::<u32>()
                .map_err(|_| bad(PagesProblem::NotANumber(s.to_string())))?
        };
        if n == 0 || n > count {
            return Err(PdfError::PageOutOfRange { page: n, count }.into());
        }
        Ok(n)
    };
    let mut out = Vec::new();
    for part in spec.split(',').filter(|p| !p.trim().is_empty()) {
        let (a, b) = match part.split_once('-') {
            Some((a, b)) => (page(a)?, page(b)?),
            None => {
                let n = page(part)?;
                (n, n)
            }
        };
        if a > b {
            return Err(bad(PagesProblem::Backwards(a, b)).into());
        }
        for n in a..=b {
            if !out.contains(&n) {
                out.push(n);
            }
        }
    }
    if out.is_empty() {
        return Err(bad(PagesProblem::Nothing).into());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(rotate: i32) -> PageBox {
        PageBox {
            llx: 10.0,
            lly: 20.0,
            urx: 610.0,
            ury: 820.0,
            rotate,
        }
    }

    #[test]
    fn visible_points_round_trip_through_user_space_at_every_rotation() {
        for r in [0, 90, 180, 270] {
            let p = page(r);
            let (ux, uy) = p.to_user(100.0, 50.0);
            let (vx, vy) = p.to_visible(ux, uy);
            assert!(
                (vx - 100.0).abs() < 1e-3 && (vy - 50.0).abs() < 1e-3,
                "rotate {r}"
            );
        }
    }

    #[test]
    fn the_visible_top_left_corner_is_where_the_rotation_puts_it() {
        assert_eq!(page(0).to_user(0.0, 0.0), (10.0, 820.0));
        assert_eq!(page(90).to_user(0.0, 0.0), (10.0, 20.0));
        assert_eq!(page(180).to_user(0.0, 0.0), (610.0, 20.0));
        assert_eq!(page(270).to_user(0.0, 0.0), (610.0, 820.0));
        assert_eq!(page(90).visible_size(), (800.0, 600.0));
    }

    #[test]
    fn page_ranges_accept_last_and_refuse_out_of_range() {
        assert_eq!(parse_pages("1-3,5,last", 7).unwrap(), vec![1, 2, 3, 5, 7]);
        assert_eq!(
            parse_pages("9", 7).unwrap_err().typed::<PdfError>(),
            Some(&PdfError::PageOutOfRange { page: 9, count: 7 })
        );
        assert!(parse_pages("3-1", 7).is_err());
        assert!(parse_pages("x", 7).is_err());
    }
}
