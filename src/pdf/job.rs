//! One stamping job on one PDF: where the seal goes (page and position, page ranges, all
//! pages, cross-page 骑缝章, keyword 关键字), drawn by `stamp`. Pure: bytes in, bytes out.

use serde::Serialize;

use super::geometry::{PT_PER_MM, PageBox, parse_pages};
use super::stamp::{self, Edge, Mark, Placed, SealImage};
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

#[derive(Debug, Clone)]
pub enum Placement {
    /// The seal's centre at (x, y) mm from the visible top-left corner of each page.
    At { pages: Pages, x_mm: f32, y_mm: f32 },
    /// 骑缝章: strips on the pages' edge, at height `y_mm` (default: the middle).
    CrossPage {
        pages: Pages,
        edge: Edge,
        y_mm: Option<f32>,
    },
    /// 关键字签章: centred on where `text` appears, moved by `offset_mm` (right, down).
    Keyword {
        text: String,
        occurrence: Occurrence,
        offset_mm: (f32, f32),
        allow_missing: bool,
    },
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
            w.write_all(self.pdf.doc.get_prev_documents_bytes())
                .map_err(|e| Error::BadInput(format!("cannot write the PDF: {e}")))?;
        } else {
            self.pdf.write_to(w)?;
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
    if !(5.0..=300.0).contains(&seal.width_mm) || !(5.0..=300.0).contains(&seal.height_mm) {
        return Err(Error::BadInput(format!(
            "invalid seal size {}x{} mm: expected 5 to 300 mm",
            seal.width_mm, seal.height_mm
        )));
    }
    let image = seal.image;
    let mut pdf = super::load(input, password)?;
    if pdf.signed {
        // Page content (or an annotation) added after a signature is a modification of the
        // signed document: every earlier signature would stop being valid (pdf verify and
        // pyHanko agree). A seal on a signed document goes in as a new signature's appearance.
        return Err(Error::Refused(
            "the PDF is signed (已签名): stamping it would change signed content and invalidate its signatures; seal it as a signature instead: `catool pdf sign FILE --cert N --seal S --at X,Y` (or stamp before signing)".into(),
        ));
    }
    let count = pdf.page_count();
    let size_pt = (seal.width_mm * PT_PER_MM, seal.height_mm * PT_PER_MM);
    let marks = marks(&pdf, count, size_pt, placement)?;
    let placed = if marks.is_empty() {
        Vec::new()
    } else {
        stamp::draw(&mut pdf, image, size_pt, seal.opacity, &marks)?
    };
    Ok(Stamped {
        report: StampReport {
            pages: count,
            placed,
        },
        unchanged: marks.is_empty(),
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
    let pdf = super::load(input, password)?;
    let count = pdf.page_count();
    marks(
        &pdf,
        count,
        (size_mm.0 * PT_PER_MM, size_mm.1 * PT_PER_MM),
        placement,
    )
}

fn marks(pdf: &Pdf, count: u32, size_pt: (f32, f32), placement: &Placement) -> Result<Vec<Mark>> {
    match placement {
        Placement::At { pages, x_mm, y_mm } => {
            let pages = pages.resolve(count)?;
            Ok(pages
                .into_iter()
                .map(|page| Mark {
                    page,
                    center: (x_mm * PT_PER_MM, y_mm * PT_PER_MM),
                    clip: None,
                })
                .collect())
        }
        Placement::CrossPage { pages, edge, y_mm } => {
            let pages = pages.resolve(count)?;
            stamp::cross_page_marks(pdf, &pages, size_pt, *edge, y_mm.map(|y| y * PT_PER_MM))
        }
        Placement::Keyword {
            text: needle,
            occurrence,
            offset_mm,
            allow_missing,
        } => {
            let doc = pdf.doc.get_prev_documents();
            let hits = text::find_text(doc, needle)?;
            if hits.is_empty() {
                return if *allow_missing {
                    Ok(Vec::new())
                } else {
                    Err(Error::NotFound(format!(
                        "keyword '{}' not found in the PDF ({count} page{}); nothing was stamped (use --allow-missing to accept this)",
                        shown(needle),
                        if count == 1 { "" } else { "s" }
                    )))
                };
            }
            let chosen: Vec<_> = match occurrence {
                Occurrence::First => hits.into_iter().take(1).collect(),
                Occurrence::All => hits,
                Occurrence::Nth(n) => {
                    let total = hits.len();
                    let hit = hits.into_iter().nth(n.saturating_sub(1)).ok_or_else(|| {
                        Error::NotFound(format!(
                            "keyword '{}' occurs {total} time(s); there is no occurrence {n}",
                            shown(needle)
                        ))
                    })?;
                    vec![hit]
                }
            };
            let pages: std::collections::BTreeMap<u32, lopdf::ObjectId> =
                pdf.pages().into_iter().collect();
            chosen
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
                .collect()
        }
    }
}

/// A keyword as messages show it: at most 40 characters (a message stays one readable line
/// whatever was searched for).
fn shown(needle: &str) -> String {
    const MAX: usize = 40;
    match needle.char_indices().nth(MAX) {
        Some((cut, _)) => format!(
            "{}… ({} characters)",
            &needle[..cut],
            needle.chars().count()
        ),
        None => needle.to_string(),
    }
}
