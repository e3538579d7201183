//! Drawing a seal image onto pages: the image is embedded once (RGB with an SMask for its
//! transparency) and referenced from every page it appears on; each mark is drawn upright on
//! the displayed page whatever the page's /Rotate, optionally clipped (cross-page strips).

use std::collections::BTreeMap;

use lopdf::{Dictionary, Object, ObjectId, Stream};
use serde::Serialize;

use super::Pdf;
use super::error::{Cause, PageRef, PdfError, Wrapped};
use super::geometry::{PT_PER_MM, PageBox};
use crate::error::Result;

/// A seal image ready to embed: its colour plane and alpha plane (the SMask) already
/// compressed, so a batch prepares it once and every file only copies the streams.
#[derive(Clone)]
pub struct SealImage {
    width: u32,
    height: u32,
    rgb: Stream,
    alpha: Stream,
    /// The share of pixels that are (nearly) fully transparent.
    clear: f32,
}

/// Largest seal image accepted (pixels): a 100 mm seal at 1200 dpi is ~22 MP.
const MAX_IMAGE_PIXELS: u64 = 25_000_000;

impl SealImage {
    /// Decodes the seal picture (PNG or JPEG) with the same limits as every picture catool
    /// reads (size checked from the header before decoding; bombs stop at the limit).
    pub fn from_png(bytes: &[u8]) -> Result<SealImage> {
        let img = crate::seal::clean::decode_limited(bytes, MAX_IMAGE_PIXELS)
            .map_err(|e| match e.code() {
                crate::error::exit::BAD_INPUT => PdfError::SealImage { error: Wrapped(e) }.into(),
                _ => e,
            })?
            .to_rgba8();
        let (width, height) = img.dimensions();
        let mut rgb = Vec::with_capacity((width * height * 3) as usize);
        let mut alpha = Vec::with_capacity((width * height) as usize);
        let mut clear = 0u64;
        for p in img.pixels() {
            rgb.extend_from_slice(&p.0[..3]);
            alpha.push(p.0[3]);
            clear += u64::from(p.0[3] < 16);
        }
        let clear = clear as f32 / (u64::from(width) * u64::from(height)).max(1) as f32;
        let mut smask = Dictionary::new();
        smask.set("Type", Object::Name(b"XObject".to_vec()));
        smask.set("Subtype", Object::Name(b"Image".to_vec()));
        smask.set("Width", width as i64);
        smask.set("Height", height as i64);
        smask.set("ColorSpace", Object::Name(b"DeviceGray".to_vec()));
        smask.set("BitsPerComponent", 8);
        let mut dict = smask.clone();
        dict.set("ColorSpace", Object::Name(b"DeviceRGB".to_vec()));
        dict.set("Interpolate", true);
        Ok(SealImage {
            width,
            height,
            rgb: compressed(dict, rgb),
            alpha: compressed(smask, alpha),
            clear,
        })
    }

    /// The share of the picture that is (nearly) fully transparent: about 0.2 for a round
    /// seal cut out of its square, 0 for a photo or a PNG without alpha.
    pub fn clear_fraction(&self) -> f32 {
        self.clear
    }

    /// Width / height.
    pub fn aspect(&self) -> f32 {
        self.width as f32 / self.height.max(1) as f32
    }
}

/// One drawing of the seal: the image centre in visible page coordinates (points from the
/// displayed top-left corner, y down), and an optional visible-coordinate clip rectangle
/// `[x0, y0, x1, y1]` (a cross-page strip).
#[derive(Debug, Clone, Copy)]
pub struct Mark {
    pub page: u32,
    pub center: (f32, f32),
    pub clip: Option<[f32; 4]>,
}

/// Where a mark ended up, for reports: page and centre in millimetres from the visible
/// top-left corner.
#[derive(Debug, Clone, Serialize)]
pub struct Placed {
    pub page: u32,
    pub x_mm: f32,
    pub y_mm: f32,
}

/// The seal's planes deflated at level 4: measured on a 472 × 472 seal, 2.7 ms and 37.5 KB
/// where lopdf's `Stream::compress` (level 9) takes 37 ms for 32.9 KB — a one-page stamp
/// spent most of its time there.
fn compressed(mut dict: Dictionary, content: Vec<u8>) -> Stream {
    use std::io::Write;
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::new(4));
    match z.write_all(&content).and_then(|()| z.finish()) {
        Ok(packed) if packed.len() < content.len() => {
            dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
            Stream::new(dict, packed)
        }
        // Compression failure only leaves the stream uncompressed, which is still valid.
        _ => Stream::new(dict, content),
    }
}

/// Adds the image and its SMask to the update; returns the image's id.
pub(crate) fn image_objects(pdf: &mut Pdf, img: &SealImage) -> ObjectId {
    let doc = &mut pdf.doc.new_document;
    let smask_id = doc.add_object(img.alpha.clone());
    let mut rgb = img.rgb.clone();
    rgb.dict.set("SMask", Object::Reference(smask_id));
    doc.add_object(rgb)
}

/// `q`-wraps the page's existing content and appends `ops`, so the page's own graphics
/// state (an unbalanced `cm`, a clip) cannot move or hide the seal.
fn append_content(pdf: &mut Pdf, page_id: ObjectId, open_id: ObjectId, ops: Vec<u8>) -> Result<()> {
    let ours = pdf
        .doc
        .new_document
        .add_object(Stream::new(Dictionary::new(), ops));
    let damaged = |e| PdfError::DamagedPage {
        page: PageRef::Object(page_id.0, page_id.1),
        cause: Cause::new(e),
    };
    pdf.doc
        .opt_clone_object_to_new_document(page_id)
        .map_err(damaged)?;
    let prev = pdf.doc.get_prev_documents();
    let page = pdf
        .doc
        .new_document
        .get_dictionary(page_id)
        .map_err(damaged)?;
    let mut parts = vec![Object::Reference(open_id)];
    match page.get(b"Contents") {
        Ok(Object::Reference(id)) => match prev.get_object(*id) {
            Ok(Object::Array(items)) => parts.extend(items.iter().cloned()),
            _ => parts.push(Object::Reference(*id)),
        },
        Ok(Object::Array(items)) => parts.extend(items.iter().cloned()),
        _ => {}
    }
    parts.push(Object::Reference(ours));
    let page = pdf
        .doc
        .new_document
        .get_dictionary_mut(page_id)
        .map_err(damaged)?;
    page.set("Contents", Object::Array(parts));
    Ok(())
}

/// A number for a content stream: at most 4 decimals, no trailing zeros, no "-0".
pub(crate) fn fmt(v: f32) -> String {
    let s = format!("{v:.4}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.to_string() }
}

/// Draws `img` at `size_pt` (width, height) for every mark, with ink `opacity`.
pub fn draw(
    pdf: &mut Pdf,
    img: &SealImage,
    size_pt: (f32, f32),
    opacity: f32,
    marks: &[Mark],
) -> Result<Vec<Placed>> {
    if !(0.05..=1.0).contains(&opacity) {
        return Err(PdfError::Opacity {
            value: opacity.to_string(),
        }
        .into());
    }
    let pages: BTreeMap<u32, ObjectId> = pdf.pages().into_iter().collect();
    let image_id = image_objects(pdf, img);
    let name = format!("CatoolSeal{}", image_id.0);
    let gs_name = format!("CatoolGS{}", image_id.0);
    let gs_id = (opacity < 1.0).then(|| {
        let mut gs = Dictionary::new();
        gs.set("Type", Object::Name(b"ExtGState".to_vec()));
        gs.set("ca", opacity);
        gs.set("CA", opacity);
        pdf.doc.new_document.add_object(gs)
    });
    let open_id = pdf
        .doc
        .new_document
        .add_object(Stream::new(Dictionary::new(), b"q\n".to_vec()));
    let mut by_page: BTreeMap<u32, Vec<&Mark>> = BTreeMap::new();
    for m in marks {
        by_page.entry(m.page).or_default().push(m);
    }
    let mut placed = Vec::new();
    for (page_no, marks) in by_page {
        let page_id = *pages.get(&page_no).ok_or(PdfError::PageOutOfRange {
            page: page_no,
            count: pages.len() as u32,
        })?;
        let geo = PageBox::of(pdf.doc.get_prev_documents(), page_id)?;
        let mut ops = String::from("\nQ\n");
        for m in marks {
            ops.push_str("q\n");
            if let Some([x0, y0, x1, y1]) = m.clip {
                let corners = [
                    geo.to_user(x0, y0),
                    geo.to_user(x1, y0),
                    geo.to_user(x1, y1),
                    geo.to_user(x0, y1),
                ];
                ops.push_str(&format!("{} {} m ", fmt(corners[0].0), fmt(corners[0].1)));
                for c in &corners[1..] {
                    ops.push_str(&format!("{} {} l ", fmt(c.0), fmt(c.1)));
                }
                ops.push_str("h W n\n");
            }
            if gs_id.is_some() {
                ops.push_str(&format!("/{gs_name} gs\n"));
            }
            let (ux, uy) = geo.to_user(m.center.0, m.center.1);
            let theta = geo.upright_angle().to_radians();
            let (w, h) = size_pt;
            let (a, b, c, d) = (
                w * theta.cos(),
                w * theta.sin(),
                -h * theta.sin(),
                h * theta.cos(),
            );
            let (e, f) = (ux - 0.5 * (a + c), uy - 0.5 * (b + d));
            ops.push_str(&format!(
                "{} {} {} {} {} {} cm\n/{name} Do\nQ\n",
                fmt(a),
                fmt(b),
                fmt(c),
                fmt(d),
                fmt(e),
                fmt(f)
            ));
            placed.push(Placed {
                page: page_no,
                x_mm: m.center.0 / PT_PER_MM,
                y_mm: m.center.1 / PT_PER_MM,
            });
        }
        let cannot_add = |e| PdfError::CannotAddSeal {
            page: page_no,
            cause: Cause::new(e),
        };
        pdf.doc
            .add_xobject(page_id, name.as_bytes(), image_id)
            .map_err(cannot_add)?;
        if let Some(gs) = gs_id {
            pdf.doc
                .add_graphics_state(page_id, gs_name.as_bytes(), gs)
                .map_err(cannot_add)?;
        }
        append_content(pdf, page_id, open_id, ops.into_bytes())?;
    }
    Ok(placed)
}
