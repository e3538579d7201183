//! 骑缝章 (cross-page seals): one seal cut into strips along one edge of consecutive pages,
//! so the pages fanned out along that edge show the seal whole again. Long documents are cut
//! into groups (one seal per group) so that no strip is narrower than a minimum and each
//! stays recognisable. Pure geometry on the displayed pages' sizes: `job` draws the marks.
//!
//! The model is a fanned stack: page 1 of a group lies on top, each later page sticks out a
//! little further past the edge. Page 1 therefore shows the seal's *inner* part (the part
//! over the page body: the left part for the right edge, the bottom part for the top edge)
//! and the group's last page the outer part. Each page shows its part flush with the edge.
//! Along the edge every strip lies at the same distance from the displayed page's top (left
//! and right edges) or left side (top and bottom edges), so pages of different sizes
//! aligned at that side reassemble the seal.

use std::collections::BTreeMap;

use serde::Serialize;

use super::error::{AlongFix, PdfError, StripFix};
use super::geometry::PT_PER_MM;
use super::stamp::Mark;
use crate::error::Result;

/// The default narrowest strip, in millimetres: narrower slivers of a seal are not
/// recognisable.
pub const DEFAULT_MIN_STRIP_MM: f32 = 5.0;

/// Which edge a cross-page seal (骑缝章) straddles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Edge {
    Right,
    Left,
    Top,
    Bottom,
}

impl Edge {
    /// `right`, `left`, `top`, `bottom`.
    pub fn name(self) -> &'static str {
        match self {
            Edge::Right => "right",
            Edge::Left => "left",
            Edge::Top => "top",
            Edge::Bottom => "bottom",
        }
    }

    /// The catalogue entry of its name for people.
    pub fn label_id(self) -> &'static str {
        match self {
            Edge::Right => crate::msg!("pdf-edge-right"),
            Edge::Left => crate::msg!("pdf-edge-left"),
            Edge::Top => crate::msg!("pdf-edge-top"),
            Edge::Bottom => crate::msg!("pdf-edge-bottom"),
        }
    }

    /// The strips run along a vertical edge (cut across the seal's width).
    pub fn vertical(self) -> bool {
        matches!(self, Edge::Right | Edge::Left)
    }
}

/// How a cross-page seal is cut and grouped.
#[derive(Debug, Clone)]
pub struct Options {
    pub edge: Edge,
    /// The seal's centre along the edge: mm from the displayed page's top (left and right
    /// edges) or left side (top and bottom edges). Default: the middle of the shortest page.
    pub along_mm: Option<f32>,
    /// At most this many pages per seal (groups are balanced); default: as many as keep
    /// every strip at least `min_strip_mm` wide.
    pub pages_per_seal: Option<u32>,
    /// The share of the seal on each group's first page (0 < R < 1); the rest is split
    /// evenly over the group's other pages. Default: every page an equal strip.
    pub split_ratio: Option<f32>,
    /// The narrowest strip allowed, in mm.
    pub min_strip_mm: f32,
}

impl Options {
    /// Equal strips on `edge`, grouped by the default minimum strip width.
    pub fn new(edge: Edge) -> Options {
        Options {
            edge,
            along_mm: None,
            pages_per_seal: None,
            split_ratio: None,
            min_strip_mm: DEFAULT_MIN_STRIP_MM,
        }
    }

    /// Refuses values that mean nothing for any document (checked once, before any file).
    pub fn validate(&self) -> Result<()> {
        if let Some(n) = self.pages_per_seal
            && n < 2
        {
            return Err(PdfError::PagesPerSealTooFew { n }.into());
        }
        if let Some(r) = self.split_ratio
            && !(r > 0.0 && r < 1.0)
        {
            return Err(PdfError::SplitRatio {
                value: r.to_string(),
            }
            .into());
        }
        if !(self.min_strip_mm > 0.0 && self.min_strip_mm <= 300.0) {
            return Err(PdfError::MinStrip {
                value: self.min_strip_mm.to_string(),
            }
            .into());
        }
        if let Some(a) = self.along_mm
            && !a.is_finite()
        {
            return Err(PdfError::Along {
                value: a.to_string(),
            }
            .into());
        }
        Ok(())
    }
}

/// A rectangle on a page, in mm from the displayed page's top-left corner (y down): a strip
/// as it shows on its page, or a whole seal.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Area {
    pub page: u32,
    pub x_mm: f64,
    pub y_mm: f64,
    pub w_mm: f64,
    pub h_mm: f64,
}

impl Area {
    /// `[x0, y0, x1, y1]` in points on `page`.
    pub(super) fn from_pt(page: u32, [x0, y0, x1, y1]: [f32; 4]) -> Area {
        // Two decimals, printed as such (an f32 would print 13.329999923706055).
        let mm = |v: f32| (f64::from(v) / f64::from(PT_PER_MM) * 100.0).round() / 100.0;
        Area {
            page,
            x_mm: mm(x0),
            y_mm: mm(y0),
            w_mm: mm(x1 - x0),
            h_mm: mm(y1 - y0),
        }
    }
}

/// One seal's group of pages: its strips in page order (the first page shows the seal's
/// inner part), and the whole seal on the first page when asked (`--with-full-seal`).
#[derive(Debug, Clone, Serialize)]
pub struct Group {
    pub edge: Edge,
    pub pages: Vec<u32>,
    pub strips: Vec<Area>,
    pub full_seal: Option<Area>,
}

impl Group {
    /// The narrowest strip's depth from the edge, in mm.
    pub fn narrowest_mm(&self) -> f64 {
        self.strips
            .iter()
            .map(|s| if self.edge.vertical() { s.w_mm } else { s.h_mm })
            .fold(f64::INFINITY, f64::min)
    }
}

/// The strips of every group, as marks to draw and as the report says them.
#[derive(Debug, Clone)]
pub struct Layout {
    /// Strips in page order, group after group.
    pub marks: Vec<Mark>,
    pub groups: Vec<Group>,
    /// Each group's first strip, in points (to keep a whole seal off it).
    pub first_strips: Vec<[f32; 4]>,
}

/// Group sizes for `count` pages at most `max` per group: as few groups as that allows,
/// sizes differing by at most one (larger first), never a group of one page — with
/// `max` 2 and an odd count one group takes three.
pub fn group_sizes(count: usize, max: usize) -> Vec<usize> {
    let groups = count.div_ceil(max.max(1)).min(count / 2).max(1);
    let (base, extra) = (count / groups, count % groups);
    (0..groups).map(|i| base + usize::from(i < extra)).collect()
}

/// Where the seal is cut for a group of `n` pages, as shares of its length from the inner
/// side: `[0, …, 1]`, `n + 1` values.
fn cuts(n: usize, ratio: Option<f32>) -> Vec<f32> {
    let mut c = vec![0.0];
    match ratio {
        Some(r) => {
            let rest = (1.0 - r) / (n - 1) as f32;
            c.extend((0..n).map(|k| r + k as f32 * rest));
        }
        None => c.extend((1..=n).map(|k| k as f32 / n as f32)),
    }
    c
}

/// The narrowest strip (mm) of a group of `n` pages cut from a seal `len_mm` long.
fn narrowest(len_mm: f32, n: usize, ratio: Option<f32>) -> f32 {
    cuts(n, ratio)
        .windows(2)
        .map(|w| (w[1] - w[0]) * len_mm)
        .fold(f32::INFINITY, f32::min)
}

/// The most pages one seal `len_mm` long may span with every strip at least `min_mm`
/// wide (at least 1).
fn most_pages(len_mm: f32, min_mm: f32, ratio: Option<f32>) -> usize {
    // A hair of slack: 30 mm over 6 pages is 5 mm strips, whatever the float rounding.
    let fits = |share: f32| ((share * len_mm / min_mm) + 1e-3).floor().max(0.0) as usize;
    match ratio {
        Some(r) if r * len_mm + 1e-3 < min_mm => 1,
        Some(r) => 1 + fits(1.0 - r),
        None => fits(1.0).max(1),
    }
}

fn mm(pt: f32) -> String {
    let v = (pt / PT_PER_MM * 10.0).round() / 10.0;
    format!("{v}")
}

/// The strips of a seal of `size_pt` (width, height) over `pages`, whose displayed sizes
/// (points) are in `sizes`, cut and grouped by `o`.
pub fn layout(
    sizes: &BTreeMap<u32, (f32, f32)>,
    pages: &[u32],
    size_pt: (f32, f32),
    o: &Options,
) -> Result<Layout> {
    o.validate()?;
    let count = pages.len();
    if count < 2 {
        return Err(PdfError::CrossPageSelected {
            selected: count as u32,
        }
        .into());
    }
    // The seal is cut across its length `cut_len` (its width for a vertical edge) and runs
    // `run_len` along the edge.
    let (cut_len, run_len) = if o.edge.vertical() {
        size_pt
    } else {
        (size_pt.1, size_pt.0)
    };
    let cut_mm = cut_len / PT_PER_MM;
    let ratio = o.split_ratio;
    let max = match o.pages_per_seal {
        Some(n) if n as usize > count => {
            return Err(PdfError::PagesPerSealTooMany {
                n,
                count: count as u32,
            }
            .into());
        }
        Some(n) => n as usize,
        None => most_pages(cut_mm, o.min_strip_mm, ratio).min(count),
    };
    let sizes_of = group_sizes(count, max);
    let largest = sizes_of.iter().copied().max().unwrap_or(count);
    let thinnest = narrowest(cut_mm, largest, ratio);
    if thinnest + 1e-3 < o.min_strip_mm {
        let fix = match (o.pages_per_seal, most_pages(cut_mm, o.min_strip_mm, ratio)) {
            (Some(_), m) if m >= 2 => StripFix::FewerPages(m as u32),
            _ if ratio.is_some() => StripFix::RatioOrSize,
            _ => StripFix::Size,
        };
        return Err(PdfError::StripsTooThin {
            seal_mm: mm(cut_len),
            pages: largest as u32,
            strip_mm: format!("{thinnest:.1}"),
            min_mm: o.min_strip_mm.to_string(),
            fix,
        }
        .into());
    }
    let page_size = |p: u32| {
        sizes.get(&p).copied().ok_or_else(|| {
            crate::error::Error::from(PdfError::PageOutOfRange {
                page: p,
                count: sizes.len() as u32,
            })
        })
    };
    // Along the edge: the page's height (vertical edges) or width.
    let run_of = |(w, h): (f32, f32)| if o.edge.vertical() { h } else { w };
    let shortest = pages
        .iter()
        .map(|&p| page_size(p).map(run_of))
        .collect::<Result<Vec<f32>>>()?
        .into_iter()
        .fold(f32::INFINITY, f32::min);
    let along = o.along_mm.map_or(shortest / 2.0, |a| a * PT_PER_MM);
    // Rounding of millimetres to points is no reason to refuse.
    const SLACK: f32 = 0.05;
    for &p in pages {
        let run = run_of(page_size(p)?);
        if along - run_len / 2.0 < -SLACK || along + run_len / 2.0 > run + SLACK {
            let fix = if run_len > run + SLACK {
                AlongFix::SealTooLong {
                    length_mm: mm(run_len),
                }
            } else {
                AlongFix::Between {
                    from_mm: mm(run_len / 2.0),
                    to_mm: mm(shortest - run_len / 2.0),
                }
            };
            return Err(PdfError::PastPage {
                along_mm: mm(along),
                edge: o.edge,
                page: p,
                run_mm: mm(run),
                fix,
            }
            .into());
        }
    }
    let mut layout = Layout {
        marks: Vec::with_capacity(count),
        groups: Vec::with_capacity(sizes_of.len()),
        first_strips: Vec::with_capacity(sizes_of.len()),
    };
    let mut rest = pages;
    for n in sizes_of {
        let (group, after) = rest.split_at(n);
        rest = after;
        let cut = cuts(n, ratio);
        let mut strips = Vec::with_capacity(n);
        for (k, &p) in group.iter().enumerate() {
            let (pw, ph) = page_size(p)?;
            let (inner, outer) = (cut[k] * cut_len, cut[k + 1] * cut_len);
            let across = if o.edge.vertical() { pw } else { ph };
            if outer - inner > across + SLACK {
                return Err(PdfError::PartTooDeep {
                    page: p,
                    depth_mm: mm(outer - inner),
                    across_mm: mm(across),
                }
                .into());
            }
            let (mark, strip) = strip(o.edge, (pw, ph), along, size_pt, run_len, inner, outer);
            if k == 0 {
                layout.first_strips.push(strip);
            }
            layout.marks.push(Mark { page: p, ..mark });
            strips.push(Area::from_pt(p, strip));
        }
        layout.groups.push(Group {
            edge: o.edge,
            pages: group.to_vec(),
            strips,
            full_seal: None,
        });
    }
    Ok(layout)
}

/// The mark (centre and clip, points) and the visible strip `[x0, y0, x1, y1]` of the part
/// `inner..outer` (points from the seal's inner side) of a seal centred `along` the `edge`
/// of a page of `page` size.
fn strip(
    edge: Edge,
    (pw, ph): (f32, f32),
    along: f32,
    size_pt: (f32, f32),
    run_len: f32,
    inner: f32,
    outer: f32,
) -> (Mark, [f32; 4]) {
    let cut_len = if edge.vertical() {
        size_pt.0
    } else {
        size_pt.1
    };
    // The seal's centre lies `depth` inside the edge; the strip is `outer - inner` deep.
    let depth = outer - cut_len / 2.0;
    let deep = outer - inner;
    let (a0, a1) = (along - run_len / 2.0, along + run_len / 2.0);
    let (center, strip) = match edge {
        Edge::Right => ((pw - depth, along), [pw - deep, a0, pw, a1]),
        Edge::Left => ((depth, along), [0.0, a0, deep, a1]),
        Edge::Top => ((along, depth), [a0, 0.0, a1, deep]),
        Edge::Bottom => ((along, ph - depth), [a0, ph - deep, a1, ph]),
    };
    // The clip reaches a point past the seal along the edge and past the page edge outwards
    // (anti-aliased ink at the seal's rim is not cut off).
    let [x0, y0, x1, y1] = strip;
    let clip = match edge {
        Edge::Right => [x0, y0 - 1.0, x1 + 1.0, y1 + 1.0],
        Edge::Left => [x0 - 1.0, y0 - 1.0, x1, y1 + 1.0],
        Edge::Top => [x0 - 1.0, y0 - 1.0, x1 + 1.0, y1],
        Edge::Bottom => [x0 - 1.0, y0, x1 + 1.0, y1 + 1.0],
    };
    let mark = Mark {
        page: 0,
        center,
        clip: Some(clip),
    };
    (mark, strip)
}

#[cfg(test)]
mod tests {
    use super::*;

    const A4: (f32, f32) = (595.0, 842.0);

    fn a4_pages(n: u32) -> BTreeMap<u32, (f32, f32)> {
        (1..=n).map(|p| (p, A4)).collect()
    }

    fn seal(mm: f32) -> (f32, f32) {
        (mm * PT_PER_MM, mm * PT_PER_MM)
    }

    fn pages(n: u32) -> Vec<u32> {
        (1..=n).collect()
    }

    #[test]
    fn groups_are_balanced_and_never_a_single_page() {
        assert_eq!(group_sizes(30, 6), vec![6; 5]);
        assert_eq!(group_sizes(31, 6), vec![6, 5, 5, 5, 5, 5]);
        assert_eq!(group_sizes(5, 8), vec![5]);
        assert_eq!(group_sizes(7, 2), vec![3, 2, 2]);
        assert_eq!(group_sizes(2, 2), vec![2]);
        for count in 2..80 {
            for max in 2..12 {
                let g = group_sizes(count, max);
                assert_eq!(g.iter().sum::<usize>(), count);
                assert!(g.iter().all(|&n| n >= 2), "{count}/{max}: {g:?}");
            }
        }
    }

    #[test]
    fn a_30_page_document_gets_5_seals_of_6_strips_with_a_30_mm_seal() {
        let l = layout(
            &a4_pages(30),
            &pages(30),
            seal(30.0),
            &Options::new(Edge::Right),
        )
        .unwrap();
        assert_eq!(l.groups.len(), 5);
        for g in &l.groups {
            assert_eq!(g.strips.len(), 6);
            for s in &g.strips {
                assert!((s.w_mm - 5.0).abs() < 0.01, "{s:?}");
            }
        }
    }

    #[test]
    fn strips_of_a_group_add_up_to_the_seal_and_sit_on_the_edge() {
        for edge in [Edge::Right, Edge::Left, Edge::Top, Edge::Bottom] {
            let mut o = Options::new(edge);
            o.split_ratio = Some(0.4);
            let l = layout(&a4_pages(4), &pages(4), seal(40.0), &o).unwrap();
            let g = &l.groups[0];
            let across = |a: &Area| if edge.vertical() { a.w_mm } else { a.h_mm };
            let total: f64 = g.strips.iter().map(across).sum();
            assert!((total - 40.0).abs() < 0.05, "{edge:?}: {total}");
            assert!((across(&g.strips[0]) - 16.0).abs() < 0.05);
            let (w, h) = (f64::from(A4.0 / PT_PER_MM), f64::from(A4.1 / PT_PER_MM));
            for s in &g.strips {
                let touches = match edge {
                    Edge::Right => (s.x_mm + s.w_mm - w).abs() < 0.02,
                    Edge::Left => s.x_mm == 0.0,
                    Edge::Top => s.y_mm == 0.0,
                    Edge::Bottom => (s.y_mm + s.h_mm - h).abs() < 0.02,
                };
                assert!(touches, "{edge:?}: {s:?}");
            }
        }
    }

    #[test]
    fn the_default_position_is_the_middle_of_the_shortest_page() {
        let mut sizes = a4_pages(2);
        sizes.insert(2, (842.0, 595.0));
        let l = layout(&sizes, &[1, 2], seal(30.0), &Options::new(Edge::Right)).unwrap();
        let half = 595.0 / 2.0;
        for m in &l.marks {
            assert!((m.center.1 - half).abs() < 0.01, "{m:?}");
        }
    }

    #[test]
    fn a_strip_deeper_than_its_page_is_refused() {
        let mut sizes = a4_pages(2);
        sizes.insert(1, (100.0, 842.0));
        let mut o = Options::new(Edge::Right);
        o.split_ratio = Some(0.9);
        let e = layout(&sizes, &[1, 2], seal(60.0), &o).unwrap_err();
        assert!(
            matches!(
                e.typed::<PdfError>(),
                Some(PdfError::PartTooDeep { page: 1, depth_mm, .. }) if depth_mm == "54"
            ),
            "{e}"
        );
    }

    #[test]
    fn too_many_pages_per_seal_or_a_narrow_split_are_refused() {
        let mut o = Options::new(Edge::Right);
        o.pages_per_seal = Some(10);
        let e = layout(&a4_pages(30), &pages(30), seal(30.0), &o).unwrap_err();
        assert!(
            matches!(
                e.typed::<PdfError>(),
                Some(PdfError::StripsTooThin {
                    fix: StripFix::FewerPages(6),
                    ..
                })
            ),
            "{e}"
        );
        o.pages_per_seal = Some(31);
        assert!(layout(&a4_pages(30), &pages(30), seal(30.0), &o).is_err());
        let mut o = Options::new(Edge::Right);
        o.split_ratio = Some(0.1);
        let e = layout(&a4_pages(2), &pages(2), seal(30.0), &o).unwrap_err();
        assert!(
            matches!(
                e.typed::<PdfError>(),
                Some(PdfError::StripsTooThin {
                    fix: StripFix::RatioOrSize,
                    ..
                })
            ),
            "{e}"
        );
    }
}
