//! One stamping job on one PDF: where the seal goes (page and position, page ranges, all
//! pages, cross-page 骑缝章, keyword 关键字), drawn by `stamp`. Pure: bytes in, bytes out.

use serde::Serialize;

use super::cross_page::{self, Area, Group};
use super::error::PdfError;
use super::geometry::{PT_PER_MM, PageBox, parse_pages};
use super::stamp::{self, Mark, Placed, SealImage};
use super::{Pdf, text};
use crate::error::{Error, Result};

/// Which pages (D19: current page, all pages, page range).
#[derive(Debug, Clone)]
pub enum Pages {
    One(u32),
    List(String),
    All,
}

impl Pages {
    fn resolve(&self, count: u32) -> Result<Vec<u32>> {
        match self {
            Pages::One(n) => parse_pages(&n.to_string(), count),
            Pages::List(spec) => parse_pages(spec, count),
            Pages::All => Ok((1..=count).collect()),
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub enum Occurrence {
    First,
    All,
    Nth(usize),
}

/// What an `--at` position is measured from: the visible page's top-left corner (the seal's
/// centre at X,Y, y down), or an anchor — a corner, an edge's middle or the centre — where the
/// seal's own matching point goes, moved by (DX right, DY up), as pdfcpu anchors do. Anchors
/// place a seal the same way on pages of any size and orientation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    Origin,
    TopLeft,
    TopCenter,
    TopRight,
    Left,
    Center,
    Right,
    BottomLeft,
    BottomCenter,
    BottomRight,
}

impl Anchor {
    /// `tl`, `tc`, `tr`, `l`, `c`, `r`, `bl`, `bc`, `br`.
    pub fn parse(s: &str) -> Option<Anchor> {
        Some(match s {
            "tl" => Anchor::TopLeft,
            "tc" => Anchor::TopCenter,
            "tr" => Anchor::TopRight,
            "l" => Anchor::Left,
            "c" => Anchor::Center,
            "r" => Anchor::Right,
            "bl" => Anchor::BottomLeft,
            "bc" => Anchor::BottomCenter,
            "br" => Anchor::BottomRight,
            _ => return None,
        })
    }

    /// The seal's centre (visible coordinates, points, y down) on a page of `page` size for
    /// a seal of `seal` size and the position (`dx`, `dy`) given with the anchor.
    fn center(self, page: (f32, f32), seal: (f32, f32), (dx, dy): (f32, f32)) -> (f32, f32) {
        // Column and row of the anchor: 0 start, 1 middle, 2 end.
        let (col, row) = match self {
            Anchor::Origin => return (dx, dy),
            Anchor::TopLeft => (0, 0),
            Anchor::TopCenter => (1, 0),
            Anchor::TopRight => (2, 0),
            Anchor::Left => (0, 1),
            Anchor::Center => (1, 1),
            Anchor::Right => (2, 1),
            Anchor::BottomLeft => (0, 2),
            Anchor::BottomCenter => (1, 2),
            Anchor::BottomRight => (2, 2),
        };
        // The seal's matching point on the anchor: its centre half a seal inwards.
        let along = |i: i32, len: f32, size: f32| match i {
            0 => size / 2.0,
            1 => len / 2.0,
            _ => len - size / 2.0,
        };
        (
            along(col, page.0, seal.0) + dx,
            along(row, page.1, seal.1) - dy,
        )
    }
}

/// A seal moved inside its page by `--clamp`.
#[derive(Debug, Clone, Serialize)]
pub struct Moved {
    pub page: u32,
    /// Where it would have been and where it went (centre, mm from the visible top-left).
    pub from_mm: (f32, f32),
    pub to_mm: (f32, f32),
}

#[derive(Debug, Clone)]
pub enum Placement {
    /// The seal at (x, y) mm from `anchor` on each page; `clamp` moves a seal that would
    /// leave the page inside it (else the file is refused).
    At {
        pages: Pages,
        anchor: Anchor,
        x_mm: f32,
        y_mm: f32,
        clamp: bool,
    },
    /// 骑缝章: strips on one edge of `pages`, cut and grouped by `options`; with
    /// `full_seal`, the whole seal also on each group's first page.
    CrossPage {
        pages: Pages,
        options: cross_page::Options,
        full_seal: Option<FullSeal>,
    },
    /// 关键字签章: centred on where `text` appears, moved by `offset_mm` (right, down).
    Keyword {
        text: String,
        occurrence: Occurrence,
        offset_mm: (f32, f32),
        allow_missing: bool,
        clamp: bool,
    },
}

/// Where `--with-full-seal` puts the whole seal on each cross-page group's first page: the
/// seal's centre from `anchor` as for `--at`; `clamp` moves one that would leave the page
/// inside it.
#[derive(Debug, Clone, Copy)]
pub struct FullSeal {
    pub anchor: Anchor,
    pub x_mm: f32,
    pub y_mm: f32,
    pub clamp: bool,
}

impl Default for FullSeal {
    /// Where a seal usually goes (落款): its bottom-right corner 20 mm left of and above the
    /// page's (`br:-20,20`), clear of strips placed by default on any edge.
    fn default() -> FullSeal {
        FullSeal {
            anchor: Anchor::BottomRight,
            x_mm: -20.0,
            y_mm: 20.0,
            clamp: false,
        }
    }
}

/// The seal to draw: its image (prepared once: `SealImage::from_png`), physical size and
/// ink opacity.
pub struct Seal<'a> {
    pub image: &'a SealImage,
    pub width_mm: f32,
    pub height_mm: f32,
    pub opacity: f32,
}

/// What a stamping did.
#[derive(Debug, Clone, Serialize)]
pub struct StampReport {
    pub pages: u32,
    pub placed: Vec<Placed>,
    /// Seals `--clamp` moved inside their page.
    pub moved: Vec<Moved>,
    /// Cross-page seals: each group's pages, strips and whole seal.
    pub groups: Vec<Group>,
}

/// Where every seal of a job goes.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    pub marks: Vec<Mark>,
    /// Seals `--clamp` moved inside their page.
    pub moved: Vec<Moved>,
    /// Cross-page seals (empty for other placements).
    pub groups: Vec<Group>,
}

/// A stamped document, ready to be written.
pub struct Stamped {
    pub report: StampReport,
    /// The stamped document, not yet serialised: written straight to its file, a large PDF
    /// is never held twice in memory.
    pdf: Box<Pdf>,
    /// Nothing was drawn (a missing keyword allowed): the output is the input.
    unchanged: bool,
}

impl Stamped {
    /// Writes the output (the input's bytes plus the appended revision).
    pub fn write_to(mut self, w: &mut dyn std::io::Write) -> Result<StampReport> {
        if self.unchanged {
            self.pdf.write_input(w)?;
        } else {
            self.pdf.write_to(w)?;
        }
        Ok(self.report)
    }

    /// Writes the output to a file: a lazily opened input is copied by the kernel.
    pub fn write_file(mut self, f: &mut std::fs::File) -> Result<StampReport> {
        if self.unchanged {
            self.pdf.write_input_file(f)?;
        } else {
            self.pdf.write_file(f)?;
        }
        Ok(self.report)
    }

    /// The output as bytes (for callers that go on working on it).
    pub fn into_bytes(self) -> Result<(StampReport, Vec<u8>)> {
        let mut out = Vec::new();
        let report = self.write_to(&mut out)?;
        Ok((report, out))
    }
}

pub fn stamp(
    input: Vec<u8>,
    password: Option<&str>,
    seal: &Seal,
    placement: &Placement,
) -> Result<Stamped> {
    stamp_opened(|| super::load(input, password), seal, placement)
}

/// As [`stamp`], the PDF at `path` opened lazily (`pdf::open`): only what the stamp
/// changes is read, the rest of the input is copied when the output is written.
pub fn stamp_file(
    path: &std::path::Path,
    password: Option<&str>,
    seal: &Seal,
    placement: &Placement,
) -> Result<Stamped> {
    stamp_opened(|| super::open(path, password), seal, placement)
}

fn stamp_opened(
    open: impl FnOnce() -> Result<Pdf>,
    seal: &Seal,
    placement: &Placement,
) -> Result<Stamped> {
    if !(5.0..=300.0).contains(&seal.width_mm) || !(5.0..=300.0).contains(&seal.height_mm) {
        return Err(PdfError::SealSizeMm {
            width: seal.width_mm.to_string(),
            height: seal.height_mm.to_string(),
        }
        .into());
    }
    let image = seal.image;
    let mut pdf = open()?;
    if pdf.signed {
        // Page content (or an annotation) added after a signature is a modification of the
        // signed document: every earlier signature would stop being valid (pdf verify and
        // pyHanko agree). A seal on a signed document goes in as a new signature's appearance.
        return Err(PdfError::SignedNoStamp.into());
    }
    let count = pdf.page_count();
    let size_pt = (seal.width_mm * PT_PER_MM, seal.height_mm * PT_PER_MM);
    let plan = marks(&pdf, count, size_pt, placement)?;
    let placed = if plan.marks.is_empty() {
        Vec::new()
    } else {
        stamp::draw(&mut pdf, image, size_pt, seal.opacity, &plan.marks)?
    };
    Ok(Stamped {
        report: StampReport {
            pages: count,
            placed,
            moved: plan.moved,
            groups: plan.groups,
        },
        unchanged: plan.marks.is_empty(),
        pdf: Box::new(pdf),
    })
}

/// Where a seal of `size_mm` goes in `input` under `placement` (the positions of a visible
/// signature's widgets).
pub fn plan(
    input: Vec<u8>,
    password: Option<&str>,
    size_mm: (f32, f32),
    placement: &Placement,
) -> Result<Vec<Mark>> {
    plan_all(input, password, size_mm, placement).map(|plan| plan.marks)
}

/// As [`plan`], with the seals `--clamp` moved and the cross-page groups.
pub fn plan_all(
    input: Vec<u8>,
    password: Option<&str>,
    size_mm: (f32, f32),
    placement: &Placement,
) -> Result<Plan> {
    plan_opened(&super::load(input, password)?, size_mm, placement)
}

/// As [`plan_all`], for a PDF already opened (`pdf::open` or `pdf::load`).
pub fn plan_opened(pdf: &Pdf, size_mm: (f32, f32), placement: &Placement) -> Result<Plan> {
    let count = pdf.page_count();
    marks(
        pdf,
        count,
        (size_mm.0 * PT_PER_MM, size_mm.1 * PT_PER_MM),
        placement,
    )
}

/// The visible size (points) of every page, by page number.
fn page_sizes(pdf: &Pdf) -> Result<std::collections::BTreeMap<u32, (f32, f32)>> {
    let doc = pdf.doc.get_prev_documents();
    pdf.pages()
        .into_iter()
        .map(|(n, id)| Ok((n, PageBox::of(doc, id)?.visible_size())))
        .collect()
}

/// Keeps every seal whole on its page: one that would reach past the visible page is moved
/// inside (`clamp`) or refused — a stamp that silently misses the page is worse than none.
fn on_page(
    marks: Vec<Mark>,
    sizes: &std::collections::BTreeMap<u32, (f32, f32)>,
    seal: (f32, f32),
    clamp: bool,
) -> Result<(Vec<Mark>, Vec<Moved>)> {
    // Rounding of millimetres to points is no reason to refuse.
    const SLACK: f32 = 0.05;
    let mm = |v: f32| (v / PT_PER_MM * 10.0).round() / 10.0;
    let mut moved = Vec::new();
    let mut kept = Vec::with_capacity(marks.len());
    for mut m in marks {
        let (w, h) = sizes.get(&m.page).copied().unwrap_or((0.0, 0.0));
        let (hx, hy) = (seal.0 / 2.0, seal.1 / 2.0);
        let (x, y) = m.center;
        let inside =
            x - hx >= -SLACK && x + hx <= w + SLACK && y - hy >= -SLACK && y + hy <= h + SLACK;
        if inside {
            kept.push(m);
            continue;
        }
        let fits = seal.0 <= w + SLACK && seal.1 <= h + SLACK;
        if !clamp || !fits {
            return Err(PdfError::OffPage {
                x_mm: mm(x).to_string(),
                y_mm: mm(y).to_string(),
                page: m.page,
                width_mm: mm(w).to_string(),
                height_mm: mm(h).to_string(),
                fits,
            }
            .into());
        }
        let to = (x.clamp(hx, w - hx), y.clamp(hy, h - hy));
        moved.push(Moved {
            page: m.page,
            from_mm: (mm(x), mm(y)),
            to_mm: (mm(to.0), mm(to.1)),
        });
        m.center = to;
        kept.push(m);
    }
    Ok((kept, moved))
}

fn marks(pdf: &Pdf, count: u32, size_pt: (f32, f32), placement: &Placement) -> Result<Plan> {
    let found = |(marks, moved)| Plan {
        marks,
        moved,
        groups: Vec::new(),
    };
    match placement {
        Placement::At {
            pages,
            anchor,
            x_mm,
            y_mm,
            clamp,
        } => {
            let pages = pages.resolve(count)?;
            let sizes = page_sizes(pdf)?;
            let marks = pages
                .into_iter()
                .map(|page| {
                    let size = sizes.get(&page).copied().unwrap_or((0.0, 0.0));
                    Mark {
                        page,
                        center: anchor.center(size, size_pt, (x_mm * PT_PER_MM, y_mm * PT_PER_MM)),
                        clip: None,
                    }
                })
                .collect();
            on_page(marks, &sizes, size_pt, *clamp).map(found)
        }
        Placement::CrossPage {
            pages,
            options,
            full_seal,
        } => {
            if count < 2 {
                return Err(PdfError::CrossPageOnePage.into());
            }
            let pages = pages.resolve(count)?;
            cross_page_plan(
                &page_sizes(pdf)?,
                &pages,
                size_pt,
                options,
                full_seal.as_ref(),
            )
        }
        Placement::Keyword {
            text: needle,
            occurrence,
            offset_mm,
            allow_missing,
            clamp,
        } => {
            let doc = pdf.doc.get_prev_documents();
            let hits = match pdf.source() {
                // One page's streams read from the file at a time, into a copy of the
                // document's structure.
                Some(source) => text::find_text_paged(&mut doc.clone(), needle, |doc, page| {
                    source.fill_reachable(doc, page)
                })?,
                None => text::find_text(doc, needle)?,
            };
            if hits.is_empty() {
                return if *allow_missing {
                    Ok(Plan::default())
                } else {
                    Err(PdfError::KeywordNotFound {
                        keyword: needle.clone(),
                        pages: count,
                    }
                    .into())
                };
            }
            let chosen: Vec<_> = match occurrence {
                Occurrence::First => hits.into_iter().take(1).collect(),
                Occurrence::All => hits,
                Occurrence::Nth(n) => {
                    let total = hits.len();
                    let hit = hits.into_iter().nth(n.saturating_sub(1)).ok_or_else(|| {
                        PdfError::NoSuchOccurrence {
                            keyword: needle.clone(),
                            total: u32::try_from(total).unwrap_or(u32::MAX),
                            n: u32::try_from(*n).unwrap_or(u32::MAX),
                        }
                    })?;
                    vec![hit]
                }
            };
            let pages: std::collections::BTreeMap<u32, lopdf::ObjectId> =
                pdf.pages().into_iter().collect();
            let marks = chosen
                .into_iter()
                .map(|hit| {
                    let page_id = pages
                        .get(&hit.page)
                        .copied()
                        .ok_or_else(|| Error::Internal("keyword on a missing page".into()))?;
                    let geo = PageBox::of(doc, page_id)?;
                    let [x0, y0, x1, y1] = hit.rect;
                    let (vx, vy) = geo.to_visible((x0 + x1) / 2.0, (y0 + y1) / 2.0);
                    Ok(Mark {
                        page: hit.page,
                        center: (vx + offset_mm.0 * PT_PER_MM, vy + offset_mm.1 * PT_PER_MM),
                        clip: None,
                    })
                })
                .collect::<Result<Vec<Mark>>>()?;
            on_page(marks, &page_sizes(pdf)?, size_pt, *clamp).map(found)
        }
    }
}

/// 骑缝章: the strips of every group, and with `full` the whole seal on each group's first
/// page (before its strips: a visible signature's widget is the first mark), kept whole on
/// the page and off the strip there.
fn cross_page_plan(
    sizes: &std::collections::BTreeMap<u32, (f32, f32)>,
    pages: &[u32],
    size_pt: (f32, f32),
    options: &cross_page::Options,
    full: Option<&FullSeal>,
) -> Result<Plan> {
    let mut layout = cross_page::layout(sizes, pages, size_pt, options)?;
    let Some(full) = full else {
        return Ok(Plan {
            marks: layout.marks,
            moved: Vec::new(),
            groups: layout.groups,
        });
    };
    let at = (full.x_mm * PT_PER_MM, full.y_mm * PT_PER_MM);
    let seals = layout
        .groups
        .iter()
        .map(|g| {
            let page = g.pages[0];
            let size = sizes.get(&page).copied().unwrap_or((0.0, 0.0));
            Mark {
                page,
                center: full.anchor.center(size, size_pt, at),
                clip: None,
            }
        })
        .collect();
    let (seals, moved) = on_page(seals, sizes, size_pt, full.clamp)?;
    // Rounding of millimetres to points is no reason to refuse.
    const SLACK: f32 = 0.05;
    let mut marks = Vec::with_capacity(layout.marks.len() + seals.len());
    let mut strips = layout.marks.into_iter();
    for ((group, seal), strip) in layout.groups.iter_mut().zip(seals).zip(layout.first_strips) {
        let (cx, cy) = seal.center;
        let (hw, hh) = (size_pt.0 / 2.0, size_pt.1 / 2.0);
        let whole = [cx - hw, cy - hh, cx + hw, cy + hh];
        let [sx0, sy0, sx1, sy1] = strip;
        if whole[0] < sx1 - SLACK
            && sx0 < whole[2] - SLACK
            && whole[1] < sy1 - SLACK
            && sy0 < whole[3] - SLACK
        {
            let mm = |v: f32| (v / PT_PER_MM * 10.0).round() / 10.0;
            return Err(PdfError::FullSealOnStrip {
                x_mm: mm(cx).to_string(),
                y_mm: mm(cy).to_string(),
                page: seal.page,
                edge: options.edge,
            }
            .into());
        }
        group.full_seal = Some(Area::from_pt(seal.page, whole));
        marks.push(seal);
        marks.extend(strips.by_ref().take(group.pages.len()));
    }
    Ok(Plan {
        marks,
        moved,
        groups: layout.groups,
    })
}
