//! Finding text on pages (关键字签章, rule D19): where does a keyword such as 盖章处 appear, so
//! that a seal can be centred on it.
//!
//! A small content-stream interpreter tracks the graphics state (CTM, q/Q) and the text state
//! (BT/ET, Tm, Td, TD, T*, TL, Tc, Tw, Tz, Ts, Tf), follows Form XObjects, and for every glyph
//! shown by Tj, TJ, ' and " computes its box in user space (text rendering matrix
//! `[fs·Tz, 0, 0, fs, 0, Ts] × Tm × CTM`) and its Unicode text.
//!
//! Glyph codes are decoded, in this order, with the font's /ToUnicode CMap; for Type0 fonts
//! with the predefined CMap (Uni*-UCS2-*, Uni*-UTF16-*; GBK/GB-EUC only for single-byte ASCII;
//! Identity without /ToUnicode not at all: such glyphs read as U+FFFD but still advance); for
//! simple fonts with /Encoding and its /Differences.
//!
//! Hostile or damaged input never panics: bad operands, unknown operators and missing fonts
//! are skipped, a content stream that stops parsing is read up to that point, Form XObjects
//! nest at most [`MAX_FORM_DEPTH`] deep, and a page needing more than [`MAX_OPERATORS`]
//! operators is refused with an error rather than searched for minutes.

use std::collections::HashMap;
use std::rc::Rc;

use lopdf::content::Content;
use lopdf::{Dictionary, Document, Object, ObjectId};

use super::MAX_STREAM_BYTES;
use super::error::{Cause, PageRef, PdfError};
use crate::error::{Error, Result};

/// A page (with the forms it draws) needing more operators than this is refused.
pub const MAX_OPERATORS: u64 = 10_000_000;
/// Form XObjects drawn inside Form XObjects are followed this deep, no deeper.
pub const MAX_FORM_DEPTH: usize = 8;
/// Glyphs kept for one page; a page showing more is refused.
const MAX_GLYPHS: usize = 4_000_000;
/// Content bytes (page and forms, each time a form is drawn) parsed for one page.
const MAX_CONTENT_BYTES: u64 = 1 << 30;
/// `q` nesting kept; deeper saves are counted and their `Q`s ignored.
const MAX_GSTATE_DEPTH: usize = 256;
/// Codes expanded from one CMap's ranges into its lookup table.
const MAX_CMAP_ENTRIES: usize = 1 << 20;
/// Ranges too large to expand, kept as ranges.
const MAX_CMAP_RANGES: usize = 65_536;

/// One occurrence of the searched text.
#[derive(Debug, Clone, PartialEq)]
pub struct TextHit {
    /// 1-based page number.
    pub page: u32,
    /// The matched glyphs' bounding box in user space: llx, lly, urx, ury.
    pub rect: [f32; 4],
    /// The matched text as the PDF has it (whitespace between the characters included).
    pub text: String,
}

/// Every occurrence of `needle` in page order, then content order. Whitespace inside the
/// PDF's text between the needle's characters is ignored (text split across several
/// show-text operators or with spaces/kerning between glyphs still matches), and so is
/// whitespace in `needle`. Kangxi radicals (U+2F00–U+2FD5, which some producers emit for
/// common ideographs) and full-width ASCII compare equal to the characters they stand for.
/// Occurrences do not overlap. Errors (bad input): an empty `needle`; a page past the work
/// limits ([`MAX_OPERATORS`], content inflating past [`MAX_STREAM_BYTES`]).
pub fn find_text(doc: &Document, needle: &str) -> Result<Vec<TextHit>> {
    let pattern = pattern(needle)?;
    let mut fonts = FontCache::default();
    let mut hits = Vec::new();
    for (page, page_id) in doc.get_pages() {
        let text = PageText::read(doc, page_id, &mut fonts, PageRef::Number(page))?;
        text.find(&pattern, page, &mut hits);
    }
    Ok(hits)
}

/// As [`find_text`] for a document whose stream data is read on demand: `fill` puts the
/// data of what page `id` uses into `doc` and says which streams it filled; they are emptied
/// again once the page is read, so one page's streams are in memory at a time.
pub fn find_text_paged(
    doc: &mut Document,
    needle: &str,
    mut fill: impl FnMut(&mut Document, ObjectId) -> Result<Vec<ObjectId>>,
) -> Result<Vec<TextHit>> {
    let pattern = pattern(needle)?;
    let mut fonts = FontCache::default();
    let mut hits = Vec::new();
    for (page, page_id) in doc.get_pages() {
        let filled = fill(doc, page_id)?;
        let text = PageText::read(doc, page_id, &mut fonts, PageRef::Number(page));
        for id in filled {
            if let Ok(Object::Stream(s)) = doc.get_object_mut(id) {
                s.content = Vec::new();
            }
        }
        text?.find(&pattern, page, &mut hits);
    }
    Ok(hits)
}

/// The needle as compared: folded, without the characters that never take part in a match.
fn pattern(needle: &str) -> Result<Vec<char>> {
    let pattern: Vec<char> = needle
        .chars()
        .filter(|c| !ignorable(*c))
        .map(fold)
        .collect();
    if pattern.is_empty() {
        return Err(PdfError::EmptyKeyword.into());
    }
    Ok(pattern)
}

/// The decoded text of one page (for diagnostics / tests), in content order, with a line
/// break where the text jumps to another line and a space where it leaves a gap. Glyphs
/// that cannot be decoded read as U+FFFD.
pub fn page_text(doc: &Document, page_id: ObjectId) -> Result<String> {
    let label = PageRef::Object(page_id.0, page_id.1);
    Ok(PageText::read(doc, page_id, &mut FontCache::default(), label)?.text())
}

// ---------------------------------------------------------------------------------------
// Characters

/// Characters that never take part in a match: whitespace, controls, zero-width marks.
fn ignorable(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || matches!(
            c,
            '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{AD}'
        )
}

/// The Kangxi radicals U+2F00–U+2FD5 as the unified ideographs they decompose to (NFKC).
const KANGXI: &str = "一丨丶丿乙亅二亠人儿入八冂冖冫几凵刀力勹匕匚匸十卜卩厂厶又口囗土士夂夊夕大女子宀寸小尢尸屮山巛工己巾干幺广廴廾弋弓彐彡彳心戈戶手支攴文斗斤方无日曰月木欠止歹殳毋比毛氏气水火爪父爻爿片牙牛犬玄玉瓜瓦甘生用田疋疒癶白皮皿目矛矢石示禸禾穴立竹米糸缶网羊羽老而耒耳聿肉臣自至臼舌舛舟艮色艸虍虫血行衣襾見角言谷豆豕豸貝赤走足身車辛辰辵邑酉釆里金長門阜隶隹雨靑非面革韋韭音頁風飛食首香馬骨高髟鬥鬯鬲鬼魚鳥鹵鹿麥麻黃黍黑黹黽鼎鼓鼠鼻齊齒龍龜龠";

/// The form a character is compared in.
fn fold(c: char) -> char {
    match c {
        '\u{2F00}'..='\u{2FD5}' => KANGXI.chars().nth(c as usize - 0x2F00).unwrap_or(c),
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

// ---------------------------------------------------------------------------------------
// Geometry

/// An affine matrix `[a b c d e f]`: (x, y) ↦ (a·x + c·y + e, b·x + d·y + f).
#[derive(Debug, Clone, Copy, PartialEq)]
struct Mat([f64; 6]);

impl Mat {
    const ID: Mat = Mat([1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);

    fn translate(x: f64, y: f64) -> Mat {
        Mat([1.0, 0.0, 0.0, 1.0, x, y])
    }

    /// `self` applied first, then `o` (PDF's `self × o`).
    fn then(&self, o: &Mat) -> Mat {
        let [a, b, c, d, e, f] = self.0;
        let [a2, b2, c2, d2, e2, f2] = o.0;
        Mat([
            a * a2 + b * c2,
            a * b2 + b * d2,
            c * a2 + d * c2,
            c * b2 + d * d2,
            e * a2 + f * c2 + e2,
            e * b2 + f * d2 + f2,
        ])
    }

    fn apply(&self, x: f64, y: f64) -> (f64, f64) {
        let [a, b, c, d, e, f] = self.0;
        (a * x + c * y + e, b * x + d * y + f)
    }
}

/// One shown glyph, in user space.
#[derive(Debug, Clone, Copy)]
struct GlyphBox {
    rect: [f64; 4],
    /// Pen position before and after the glyph.
    start: (f64, f64),
    end: (f64, f64),
    /// Unit vector of the writing direction.
    dir: (f64, f64),
    /// Font size in user space.
    size: f64,
}

fn union(r: &mut [f64; 4], o: &[f64; 4]) {
    r[0] = r[0].min(o[0]);
    r[1] = r[1].min(o[1]);
    r[2] = r[2].max(o[2]);
    r[3] = r[3].max(o[3]);
}

// ---------------------------------------------------------------------------------------
// Object helpers (lenient: anything unexpected is None)

fn deref<'a>(doc: &'a Document, o: &'a Object) -> &'a Object {
    doc.dereference(o).map(|(_, o)| o).unwrap_or(o)
}

fn get<'a>(doc: &'a Document, d: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    d.get(key).ok().map(|o| deref(doc, o))
}

fn get_dict<'a>(doc: &'a Document, d: &'a Dictionary, key: &[u8]) -> Option<&'a Dictionary> {
    match get(doc, d, key)? {
        Object::Dictionary(d) => Some(d),
        _ => None,
    }
}

fn get_name<'a>(doc: &'a Document, d: &'a Dictionary, key: &[u8]) -> Option<&'a [u8]> {
    match get(doc, d, key)? {
        Object::Name(n) => Some(n),
        _ => None,
    }
}

fn get_array<'a>(doc: &'a Document, d: &'a Dictionary, key: &[u8]) -> Option<&'a [Object]> {
    match get(doc, d, key)? {
        Object::Array(a) => Some(a),
        _ => None,
    }
}

fn get_num(doc: &Document, d: &Dictionary, key: &[u8]) -> Option<f64> {
    num(get(doc, d, key)?)
}

/// A finite number operand.
fn num(o: &Object) -> Option<f64> {
    let v = match o {
        Object::Integer(i) => *i as f64,
        Object::Real(r) => f64::from(*r),
        _ => return None,
    };
    v.is_finite().then_some(v)
}

fn num_deref(doc: &Document, o: &Object) -> Option<f64> {
    num(deref(doc, o))
}

/// The last `N` operands as numbers (extra leading operands are ignored).
fn nums<const N: usize>(ops: &[Object]) -> Option<[f64; N]> {
    let start = ops.len().checked_sub(N)?;
    let mut out = [0.0; N];
    for (slot, o) in out.iter_mut().zip(&ops[start..]) {
        *slot = num(o)?;
    }
    Some(out)
}

fn matrix(ops: &[Object]) -> Option<Mat> {
    nums::<6>(ops).map(Mat)
}

/// A page attribute looked up on the page, then on its ancestors.
fn inherited<'a>(doc: &'a Document, page: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    let mut node = page;
    for _ in 0..64 {
        if let Some(v) = get(doc, node, key) {
            return Some(v);
        }
        let parent = node.get(b"Parent").and_then(Object::as_reference).ok()?;
        node = doc.get_dictionary(parent).ok()?;
    }
    None
}

fn stream_bytes(stream: &lopdf::Stream, label: PageRef) -> Result<Option<Vec<u8>>> {
    match stream.get_plain_content_with_limit(MAX_STREAM_BYTES) {
        Ok(b) => Ok(Some(b)),
        Err(lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { .. })) => {
            Err(too_large(label))
        }
        Err(_) => Ok(None),
    }
}

fn too_large(label: PageRef) -> Error {
    PdfError::StreamTooLarge {
        page: label,
        mib: (MAX_STREAM_BYTES >> 20) as u32,
    }
    .into()
}

// ---------------------------------------------------------------------------------------
// CMaps (/ToUnicode and embedded /Encoding CMaps)

/// A range of codes of one length: each byte between the bounds' bytes.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Codespace {
    len: usize,
    lo: [u8; 4],
    hi: [u8; 4],
}

impl Codespace {
    fn new(lo: &[u8], hi: &[u8]) -> Option<Codespace> {
        if lo.len() != hi.len() || lo.is_empty() || lo.len() > 4 {
            return None;
        }
        let (mut l, mut h) = ([0u8; 4], [0u8; 4]);
        l[..lo.len()].copy_from_slice(lo);
        h[..hi.len()].copy_from_slice(hi);
        Some(Codespace {
            len: lo.len(),
            lo: l,
            hi: h,
        })
    }

    fn fixed(len: usize, lo: u32, hi: u32) -> Codespace {
        let (l, h) = (lo.to_be_bytes(), hi.to_be_bytes());
        let mut cs = Codespace {
            len,
            lo: [0; 4],
            hi: [0; 4],
        };
        cs.lo[..len].copy_from_slice(&l[4 - len..]);
        cs.hi[..len].copy_from_slice(&h[4 - len..]);
        cs
    }

    fn matches(&self, s: &[u8]) -> bool {
        s.len() >= self.len && (0..self.len).all(|k| self.lo[k] <= s[k] && s[k] <= self.hi[k])
    }
}

fn code_of(bytes: &[u8]) -> Option<u32> {
    (1..=4)
        .contains(&bytes.len())
        .then(|| bytes.iter().fold(0u32, |a, b| (a << 8) | u32::from(*b)))
}

#[derive(Debug, Default)]
struct CMap {
    codespace: Vec<Codespace>,
    /// Code → Unicode (bfchar, and bfranges small enough to expand).
    uni: HashMap<u32, Box<str>>,
    /// Large bfranges: first code, last code, UTF-16 of the first code's text.
    uni_ranges: Vec<(u32, u32, Vec<u16>)>,
    /// Code → CID (cidchar, cidrange).
    cid: HashMap<u32, u32>,
    cid_ranges: Vec<(u32, u32, u32)>,
    wmode: Option<i64>,
}

impl CMap {
    fn unicode(&self, code: u32, out: &mut Vec<char>) -> bool {
        if let Some(s) = self.uni.get(&code) {
            out.extend(s.chars());
            return true;
        }
        for (lo, hi, base) in self.uni_ranges.iter().rev() {
            if (*lo..=*hi).contains(&code) {
                let mut units = base.clone();
                if let Some(last) = units.last_mut() {
                    *last = last.wrapping_add((code - lo) as u16);
                }
                out.extend(char::decode_utf16(units).map(|c| c.unwrap_or('\u{FFFD}')));
                return true;
            }
        }
        false
    }

    fn cid(&self, code: u32) -> Option<u32> {
        if let Some(c) = self.cid.get(&code) {
            return Some(*c);
        }
        self.cid_ranges
            .iter()
            .rev()
            .find(|(lo, hi, _)| (*lo..=*hi).contains(&code))
            .map(|(lo, _, base)| base.wrapping_add(code - lo))
    }

    fn add_range(&mut self, lo: u32, hi: u32, base: Vec<u16>) {
        let count = (hi - lo) as usize + 1;
        if count <= 65_536 && self.uni.len() + count <= MAX_CMAP_ENTRIES {
            let mut units = base;
            for code in lo..=hi {
                self.uni
                    .insert(code, String::from_utf16_lossy(&units).into_boxed_str());
                if let Some(last) = units.last_mut() {
                    *last = last.wrapping_add(1);
                }
            }
        } else if self.uni_ranges.len() < MAX_CMAP_RANGES {
            self.uni_ranges.push((lo, hi, base));
        }
    }

    /// Parses the parts of a CMap this module uses; anything else is skipped.
    fn parse(doc: &Document, bytes: &[u8]) -> CMap {
        let mut cmap = CMap::default();
        let mut lx = Lexer { s: bytes, i: 0 };
        let mut last_name: &[u8] = b"";
        while let Some(tok) = lx.next() {
            match tok {
                Tok::Name(n) => {
                    last_name = n;
                    continue;
                }
                Tok::Word(b"begincodespacerange") => {
                    while let Some(Tok::Hex(lo)) = lx.next() {
                        let Some(Tok::Hex(hi)) = lx.next() else { break };
                        if let Some(cs) = Codespace::new(&lo, &hi) {
                            cmap.codespace.push(cs);
                        }
                    }
                }
                Tok::Word(b"beginbfchar") => {
                    while let Some(Tok::Hex(src)) = lx.next() {
                        let dst = match lx.next() {
                            Some(Tok::Hex(d) | Tok::Str(d)) => utf16_string(&d),
                            Some(Tok::Name(n)) => glyph_name_text(doc, n).unwrap_or_default(),
                            _ => break,
                        };
                        if let Some(code) = code_of(&src)
                            && cmap.uni.len() < MAX_CMAP_ENTRIES
                        {
                            cmap.uni.insert(code, dst.into_boxed_str());
                        }
                    }
                }
                Tok::Word(b"beginbfrange") => {
                    while let Some(Tok::Hex(lo)) = lx.next() {
                        let Some(Tok::Hex(hi)) = lx.next() else { break };
                        let range = code_of(&lo).zip(code_of(&hi)).filter(|(l, h)| l <= h);
                        match lx.next() {
                            Some(Tok::Hex(d) | Tok::Str(d)) => {
                                if let Some((l, h)) = range {
                                    cmap.add_range(l, h, utf16_units(&d));
                                }
                            }
                            Some(Tok::Open) => {
                                let mut code = range.map(|(l, _)| l);
                                loop {
                                    let dst = match lx.next() {
                                        Some(Tok::Hex(d) | Tok::Str(d)) => utf16_string(&d),
                                        Some(Tok::Name(n)) => {
                                            glyph_name_text(doc, n).unwrap_or_default()
                                        }
                                        Some(Tok::Close) | None => break,
                                        Some(_) => continue,
                                    };
                                    if let (Some(c), Some((_, h))) = (code, range)
                                        && c <= h
                                        && cmap.uni.len() < MAX_CMAP_ENTRIES
                                    {
                                        cmap.uni.insert(c, dst.into_boxed_str());
                                        code = c.checked_add(1);
                                    }
                                }
                            }
                            _ => break,
                        }
                    }
                }
                Tok::Word(b"begincidchar") => {
                    while let Some(Tok::Hex(src)) = lx.next() {
                        let Some(Tok::Word(w)) = lx.next() else { break };
                        if let (Some(code), Some(cid)) = (code_of(&src), word_u32(w))
                            && cmap.cid.len() < MAX_CMAP_ENTRIES
                        {
                            cmap.cid.insert(code, cid);
                        }
                    }
                }
                Tok::Word(b"begincidrange") => {
                    while let Some(Tok::Hex(lo)) = lx.next() {
                        let Some(Tok::Hex(hi)) = lx.next() else { break };
                        let Some(Tok::Word(w)) = lx.next() else { break };
                        if let (Some(l), Some(h), Some(cid)) =
                            (code_of(&lo), code_of(&hi), word_u32(w))
                            && l <= h
                            && cmap.cid_ranges.len() < MAX_CMAP_RANGES
                        {
                            cmap.cid_ranges.push((l, h, cid));
                        }
                    }
                }
                Tok::Word(w) if last_name == b"WMode" => {
                    cmap.wmode = std::str::from_utf8(w).ok().and_then(|s| s.parse().ok());
                }
                _ => {}
            }
            last_name = b"";
        }
        cmap.codespace.sort_by_key(|c| c.len);
        cmap
    }
}

fn word_u32(w: &[u8]) -> Option<u32> {
    std::str::from_utf8(w).ok()?.parse().ok()
}

fn utf16_units(b: &[u8]) -> Vec<u16> {
    let mut units: Vec<u16> = b
        .chunks(2)
        .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
        .collect();
    if b.len() % 2 == 1 {
        // An odd byte count is not UTF-16: read the bytes as Latin-1.
        units = b.iter().map(|x| u16::from(*x)).collect();
    }
    units
}

fn utf16_string(b: &[u8]) -> String {
    String::from_utf16_lossy(&utf16_units(b))
}

#[derive(Debug, PartialEq)]
enum Tok<'a> {
    Hex(Vec<u8>),
    Str(Vec<u8>),
    Name(&'a [u8]),
    Word(&'a [u8]),
    Open,
    Close,
    Other,
}

/// PostScript-ish tokens of a CMap.
struct Lexer<'a> {
    s: &'a [u8],
    i: usize,
}

fn is_delim(c: u8) -> bool {
    matches!(
        c,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

fn is_space(c: u8) -> bool {
    matches!(c, 0 | 9 | 10 | 12 | 13 | 32)
}

impl<'a> Lexer<'a> {
    fn next(&mut self) -> Option<Tok<'a>> {
        let s = self.s;
        loop {
            while self.i < s.len() && is_space(s[self.i]) {
                self.i += 1;
            }
            let c = *s.get(self.i)?;
            self.i += 1;
            return Some(match c {
                b'%' => {
                    while self.i < s.len() && s[self.i] != b'\n' && s[self.i] != b'\r' {
                        self.i += 1;
                    }
                    continue;
                }
                b'<' if s.get(self.i) == Some(&b'<') => {
                    self.i += 1;
                    Tok::Other
                }
                b'<' => {
                    let mut digits = Vec::new();
                    while let Some(&d) = s.get(self.i) {
                        self.i += 1;
                        if d == b'>' {
                            break;
                        }
                        if let Some(v) = (d as char).to_digit(16) {
                            digits.push(v as u8);
                        }
                    }
                    if digits.len() % 2 == 1 {
                        digits.push(0);
                    }
                    Tok::Hex(digits.chunks(2).map(|p| (p[0] << 4) | p[1]).collect())
                }
                b'(' => Tok::Str(self.literal()),
                b'[' => Tok::Open,
                b']' => Tok::Close,
                b'/' => {
                    let start = self.i;
                    while self.i < s.len() && !is_space(s[self.i]) && !is_delim(s[self.i]) {
                        self.i += 1;
                    }
                    Tok::Name(&s[start..self.i])
                }
                c if is_delim(c) => Tok::Other,
                _ => {
                    let start = self.i - 1;
                    while self.i < s.len() && !is_space(s[self.i]) && !is_delim(s[self.i]) {
                        self.i += 1;
                    }
                    Tok::Word(&s[start..self.i])
                }
            });
        }
    }

    /// A literal string after its `(`.
    fn literal(&mut self) -> Vec<u8> {
        let s = self.s;
        let mut out = Vec::new();
        let mut depth = 0usize;
        while let Some(&c) = s.get(self.i) {
            self.i += 1;
            match c {
                b'(' => {
                    depth += 1;
                    out.push(c);
                }
                b')' if depth == 0 => break,
                b')' => {
                    depth -= 1;
                    out.push(c);
                }
                b'\\' => {
                    let Some(&e) = s.get(self.i) else { break };
                    self.i += 1;
                    match e {
                        b'n' => out.push(b'\n'),
                        b'r' => out.push(b'\r'),
                        b't' => out.push(b'\t'),
                        b'b' => out.push(8),
                        b'f' => out.push(12),
                        b'0'..=b'7' => {
                            let mut v = u32::from(e - b'0');
                            for _ in 0..2 {
                                match s.get(self.i) {
                                    Some(&d @ b'0'..=b'7') => {
                                        v = v * 8 + u32::from(d - b'0');
                                        self.i += 1;
                                    }
                                    _ => break,
                                }
                            }
                            out.push(v as u8);
                        }
                        b'\r' | b'\n' => {}
                        e => out.push(e),
                    }
                }
                c => out.push(c),
            }
        }
        out
    }
}

// ---------------------------------------------------------------------------------------
// Glyph names

/// The text of a glyph name: uniXXXX[YYYY…], uXXXX[XX], Adobe Glyph List names (through
/// lopdf's table), ligatures `a_b`, suffixes `.sc`, and pdf.js's heuristics for `Gxx`
/// (2 hex digits), `gxxxx` (4 hex digits) and `Cdd[d]` (decimal) names.
fn glyph_name_text(doc: &Document, name: &[u8]) -> Option<String> {
    let name = std::str::from_utf8(name).ok()?;
    let base = name.split('.').next().unwrap_or("");
    if base.is_empty() {
        return None;
    }
    if base.contains('_') {
        return base
            .split('_')
            .map(|part| glyph_component(doc, part))
            .collect();
    }
    glyph_component(doc, base)
}

fn glyph_component(doc: &Document, name: &str) -> Option<String> {
    let hex = |s: &str| {
        u32::from_str_radix(s, 16)
            .ok()
            .filter(|_| s.bytes().all(|b| b.is_ascii_hexdigit()))
    };
    if let Some(rest) = name.strip_prefix("uni")
        && !rest.is_empty()
        && rest.len() % 4 == 0
        && let Some(s) = rest
            .as_bytes()
            .chunks(4)
            .map(|c| {
                std::str::from_utf8(c)
                    .ok()
                    .and_then(hex)
                    .and_then(char::from_u32)
            })
            .collect::<Option<String>>()
    {
        return Some(s);
    }
    if let Some(rest) = name.strip_prefix('u')
        && (4..=6).contains(&rest.len())
        && let Some(c) = hex(rest).and_then(char::from_u32)
    {
        return Some(c.to_string());
    }
    if let Some(s) = agl(doc, name) {
        return Some(s);
    }
    let code = match name.as_bytes().first() {
        Some(b'G') if name.len() == 3 => hex(&name[1..]),
        Some(b'g') if name.len() == 5 => hex(&name[1..]),
        Some(b'C' | b'c')
            if (3..=4).contains(&name.len()) && name[1..].bytes().all(|b| b.is_ascii_digit()) =>
        {
            name[1..].parse().ok()
        }
        _ => None,
    };
    code.filter(|c| *c > 0)
        .and_then(char::from_u32)
        .map(String::from)
}

/// An Adobe Glyph List name through lopdf's table (reached via a one-entry /Differences).
fn agl(doc: &Document, name: &str) -> Option<String> {
    let mut enc = Dictionary::new();
    enc.set(
        "Differences",
        vec![Object::Integer(65), Object::Name(name.as_bytes().to_vec())],
    );
    let mut font = Dictionary::new();
    font.set("Type", Object::Name(b"Font".to_vec()));
    font.set("Encoding", enc);
    let e = font.get_font_encoding(doc).ok()?;
    if !matches!(e, lopdf::Encoding::Differences(_)) {
        return None; // lopdf does not know the name and fell back to StandardEncoding
    }
    e.bytes_to_string(&[65]).ok().filter(|s| !s.is_empty())
}

/// The 256 texts of a named base encoding (through lopdf's tables); StandardEncoding for
/// names lopdf does not know.
fn base_encoding(doc: &Document, name: &[u8]) -> Vec<Option<Box<str>>> {
    let name: &[u8] = match name {
        b"WinAnsiEncoding" | b"MacRomanEncoding" | b"MacExpertEncoding" | b"StandardEncoding" => {
            name
        }
        _ => b"StandardEncoding",
    };
    let mut font = Dictionary::new();
    font.set("Type", Object::Name(b"Font".to_vec()));
    font.set("Encoding", Object::Name(name.to_vec()));
    let enc = font.get_font_encoding(doc).ok();
    (0..=255u8)
        .map(|b| {
            enc.as_ref()
                .and_then(|e| e.bytes_to_string(&[b]).ok())
                .filter(|s| !s.is_empty())
                .map(String::into_boxed_str)
        })
        .collect()
}

// ---------------------------------------------------------------------------------------
// Fonts

/// Approximate metrics of the standard 14 fonts (ASCII widths from Adobe's AFM files, as
/// shipped with reportlab; ascent and descent as poppler uses them).
struct Std14 {
    widths: Option<&'static [u16; 95]>,
    /// Width of codes the table does not cover (Courier: every code).
    default: f64,
    ascent: f64,
    descent: f64,
}

const HELVETICA: [u16; 95] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556,
    556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667,
    611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667,
    667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500,
    222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
];
const HELVETICA_BOLD: [u16; 95] = [
    278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556,
    556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611, 975, 722, 722, 722, 722, 667,
    611, 778, 722, 278, 556, 722, 611, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667,
    667, 611, 333, 278, 333, 584, 556, 333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556,
    278, 889, 611, 611, 611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584,
];
const TIMES_ROMAN: [u16; 95] = [
    250, 333, 408, 500, 500, 833, 778, 180, 333, 333, 500, 564, 250, 333, 250, 278, 500, 500, 500,
    500, 500, 500, 500, 500, 500, 500, 278, 278, 564, 564, 564, 444, 921, 722, 667, 667, 722, 611,
    556, 722, 722, 333, 389, 722, 611, 889, 722, 722, 556, 722, 667, 556, 611, 722, 722, 944, 722,
    722, 611, 333, 278, 333, 469, 500, 333, 444, 500, 444, 500, 444, 333, 500, 500, 278, 278, 500,
    278, 778, 500, 500, 500, 500, 333, 389, 278, 500, 500, 722, 500, 500, 444, 480, 200, 480, 541,
];
const TIMES_BOLD: [u16; 95] = [
    250, 333, 555, 500, 500, 1000, 833, 278, 333, 333, 500, 570, 250, 333, 250, 278, 500, 500, 500,
    500, 500, 500, 500, 500, 500, 500, 333, 333, 570, 570, 570, 500, 930, 722, 667, 722, 722, 667,
    611, 778, 778, 389, 500, 778, 667, 944, 722, 778, 611, 778, 722, 556, 667, 722, 722, 1000, 722,
    722, 667, 333, 278, 333, 581, 500, 333, 500, 556, 444, 556, 444, 333, 500, 556, 278, 333, 556,
    278, 833, 556, 500, 556, 556, 444, 389, 333, 556, 500, 722, 500, 500, 444, 394, 220, 394, 520,
];
const TIMES_ITALIC: [u16; 95] = [
    250, 333, 420, 500, 500, 833, 778, 214, 333, 333, 500, 675, 250, 333, 250, 278, 500, 500, 500,
    500, 500, 500, 500, 500, 500, 500, 333, 333, 675, 675, 675, 500, 920, 611, 611, 667, 722, 611,
    611, 722, 722, 333, 444, 667, 556, 833, 667, 722, 611, 722, 611, 500, 556, 722, 611, 833, 611,
    556, 556, 389, 278, 389, 422, 500, 333, 500, 500, 444, 500, 444, 278, 500, 500, 278, 278, 444,
    278, 722, 500, 500, 500, 500, 389, 389, 278, 500, 444, 667, 444, 444, 389, 400, 275, 400, 541,
];
const TIMES_BOLD_ITALIC: [u16; 95] = [
    250, 389, 555, 500, 500, 833, 778, 278, 333, 333, 500, 570, 250, 333, 250, 278, 500, 500, 500,
    500, 500, 500, 500, 500, 500, 500, 333, 333, 570, 570, 570, 500, 832, 667, 667, 667, 722, 667,
    667, 722, 778, 389, 500, 667, 611, 889, 722, 722, 611, 722, 667, 556, 611, 722, 667, 889, 667,
    611, 611, 333, 278, 333, 570, 500, 333, 500, 500, 444, 500, 444, 333, 500, 556, 278, 278, 500,
    278, 778, 556, 500, 500, 500, 389, 389, 278, 556, 444, 667, 500, 444, 389, 348, 220, 348, 570,
];

/// The standard-14 family a BaseFont names (subset prefix and common aliases allowed).
fn std14(base_font: &[u8]) -> Option<Std14> {
    let name = String::from_utf8_lossy(base_font);
    let name = match name.split_once('+') {
        Some((prefix, rest)) if prefix.len() == 6 => rest,
        _ => &name,
    };
    let bold = name.contains("Bold");
    let italic = name.contains("Italic") || name.contains("Oblique");
    let m = |widths, ascent, descent| {
        Some(Std14 {
            widths,
            default: 500.0,
            ascent,
            descent,
        })
    };
    if name.starts_with("Courier") {
        Some(Std14 {
            widths: None,
            default: 600.0,
            ascent: 629.0,
            descent: -157.0,
        })
    } else if name.starts_with("Helvetica") || name.starts_with("Arial") {
        m(
            Some(if bold { &HELVETICA_BOLD } else { &HELVETICA }),
            718.0,
            -207.0,
        )
    } else if name.starts_with("Times") {
        let w = match (bold, italic) {
            (false, false) => &TIMES_ROMAN,
            (true, false) => &TIMES_BOLD,
            (false, true) => &TIMES_ITALIC,
            (true, true) => &TIMES_BOLD_ITALIC,
        };
        m(Some(w), 683.0, -217.0)
    } else if name.starts_with("Symbol") || name.starts_with("ZapfDingbats") {
        m(None, 800.0, -200.0)
    } else {
        None
    }
}

impl Std14 {
    fn width(&self, code: u8) -> f64 {
        match self.widths {
            Some(w) if (32..=126).contains(&code) => f64::from(w[usize::from(code) - 32]),
            _ => self.default,
        }
    }
}

/// How a Type0 font's codes read.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Scheme {
    /// Identity-H/V: code = CID, no text without /ToUnicode.
    Identity,
    /// Uni*-UCS2-*: code = UCS-2.
    Ucs2,
    /// Uni*-UTF16-*: code = UTF-16BE.
    Utf16,
    /// GBK-EUC, GB-EUC, GBK2K …: 1-byte ASCII or 2/4-byte codes that need a GBK table.
    Gbk,
    /// An embedded CMap stream (code → CID through it).
    Embedded,
    /// Another predefined CMap.
    Unknown,
}

fn scheme_of(name: &[u8]) -> Scheme {
    let n = String::from_utf8_lossy(name);
    let stem = n
        .strip_suffix("-H")
        .or_else(|| n.strip_suffix("-V"))
        .unwrap_or(&n);
    if stem == "Identity" {
        Scheme::Identity
    } else if n.starts_with("Uni") && n.contains("UCS2") {
        Scheme::Ucs2
    } else if n.starts_with("Uni") && n.contains("UTF16") {
        Scheme::Utf16
    } else if n.starts_with("GB") && (n.contains("EUC") || n.starts_with("GBK")) {
        // Not GB-H / GBT-H: those are 2-byte ISO-2022 codes, read as Unknown.
        Scheme::Gbk
    } else {
        Scheme::Unknown
    }
}

#[derive(Debug)]
struct Composite {
    codespace: Vec<Codespace>,
    scheme: Scheme,
    encoding: Option<CMap>,
    to_unicode: Option<CMap>,
    widths: HashMap<u32, f64>,
    width_ranges: Vec<(u32, u32, f64)>,
    /// /DW, in thousandths.
    dw: f64,
    vertical: bool,
    /// Vertical advance (DW2's second number), in thousandths (negative: downwards).
    w1y: f64,
}

impl Composite {
    fn cid(&self, code: u32, len: usize) -> Option<u32> {
        match self.scheme {
            Scheme::Identity => Some(code),
            // The Adobe CJK collections put printable ASCII at CIDs 1–95.
            Scheme::Ucs2 | Scheme::Utf16 if len == 2 && (0x20..=0x7E).contains(&code) => {
                Some(code - 0x1F)
            }
            Scheme::Embedded => self.encoding.as_ref().and_then(|c| c.cid(code)),
            _ => None,
        }
    }

    /// Width in thousandths.
    fn width(&self, code: u32, len: usize) -> f64 {
        match self.cid(code, len) {
            Some(cid) => self.widths.get(&cid).copied().unwrap_or_else(|| {
                self.width_ranges
                    .iter()
                    .find(|(lo, hi, _)| (*lo..=*hi).contains(&cid))
                    .map_or(self.dw, |r| r.2)
            }),
            None if len == 1 => 500.0,
            None => self.dw,
        }
    }

    fn decode(&self, code: u32, len: usize, out: &mut Vec<char>) -> bool {
        if let Some(tu) = &self.to_unicode
            && tu.unicode(code, out)
        {
            return true;
        }
        let c = match (self.scheme, len) {
            (Scheme::Ucs2 | Scheme::Utf16, 2) => char::from_u32(code),
            (Scheme::Utf16, 4) => char::decode_utf16([(code >> 16) as u16, code as u16])
                .next()
                .and_then(|r| r.ok()),
            (Scheme::Gbk, 1) if code < 0x80 => char::from_u32(code),
            _ => None,
        };
        c.map(|c| out.push(c)).is_some()
    }
}

#[derive(Debug)]
enum Kind {
    /// One-byte codes: text and width (thousandths, or glyph units × 1000 for Type3) of each.
    Simple {
        text: Vec<Option<Box<str>>>,
        widths: Vec<f64>,
    },
    Composite(Box<Composite>),
}

#[derive(Debug)]
struct Font {
    kind: Kind,
    /// Text space units per width unit: 0.001, or FontMatrix[0] for Type3.
    scale: f64,
    /// Glyph box top and bottom, in text space units per unit font size.
    ascent: f64,
    descent: f64,
}

impl Font {
    /// Stands in for a font that is missing or unreadable: 1-byte codes, no text.
    fn fallback() -> Font {
        Font {
            kind: Kind::Simple {
                text: vec![None; 256],
                widths: vec![500.0; 256],
            },
            scale: 0.001,
            ascent: 0.8,
            descent: -0.2,
        }
    }

    fn load(doc: &Document, fd: &Dictionary) -> Font {
        if get_name(doc, fd, b"Subtype") == Some(b"Type0") {
            Self::composite(doc, fd)
        } else {
            Self::simple(doc, fd)
        }
    }

    fn to_unicode(doc: &Document, fd: &Dictionary) -> Option<CMap> {
        match get(doc, fd, b"ToUnicode")? {
            Object::Stream(s) => s
                .get_plain_content_with_limit(MAX_STREAM_BYTES)
                .ok()
                .map(|b| CMap::parse(doc, &b)),
            _ => None,
        }
    }

    /// Ascent and descent from a FontDescriptor, in thousandths, if sane.
    fn descriptor_metrics(doc: &Document, fd: &Dictionary) -> (Option<f64>, Option<f64>) {
        let Some(desc) = get_dict(doc, fd, b"FontDescriptor") else {
            return (None, None);
        };
        let ascent = get_num(doc, desc, b"Ascent").filter(|a| *a > 0.0 && *a <= 2000.0);
        let descent = get_num(doc, desc, b"Descent")
            .map(|d| -d.abs())
            .filter(|d| *d < 0.0 && *d >= -1000.0);
        (ascent, descent)
    }

    fn simple(doc: &Document, fd: &Dictionary) -> Font {
        let std = get_name(doc, fd, b"BaseFont").and_then(std14);
        let mut text = match get(doc, fd, b"Encoding") {
            Some(Object::Name(n)) => base_encoding(doc, n),
            Some(Object::Dictionary(d)) => {
                let mut t = base_encoding(
                    doc,
                    get_name(doc, d, b"BaseEncoding").unwrap_or(b"StandardEncoding"),
                );
                let mut code: i64 = -1;
                for item in get_array(doc, d, b"Differences").unwrap_or(&[]) {
                    match deref(doc, item) {
                        Object::Integer(i) => code = *i,
                        Object::Name(n) => {
                            if let Some(slot) =
                                usize::try_from(code).ok().and_then(|c| t.get_mut(c))
                            {
                                *slot = glyph_name_text(doc, n).map(String::into_boxed_str);
                            }
                            code = code.saturating_add(1);
                        }
                        _ => {}
                    }
                }
                t
            }
            _ => base_encoding(doc, b"StandardEncoding"),
        };
        if let Some(tu) = Self::to_unicode(doc, fd) {
            let mut buf = Vec::new();
            for (code, slot) in text.iter_mut().enumerate() {
                buf.clear();
                if tu.unicode(code as u32, &mut buf) {
                    *slot = Some(buf.iter().collect::<String>().into_boxed_str());
                }
            }
        }

        let type3 = get_name(doc, fd, b"Subtype") == Some(b"Type3");
        let font_matrix: Option<Vec<f64>> = get_array(doc, fd, b"FontMatrix")
            .map(|a| a.iter().filter_map(|o| num_deref(doc, o)).collect())
            .filter(|m: &Vec<f64>| m.len() == 6);
        let scale = match (&font_matrix, type3) {
            (Some(m), true) if m[0] != 0.0 => m[0].abs(),
            _ => 0.001,
        };
        let first = get_num(doc, fd, b"FirstChar").unwrap_or(0.0) as i64;
        let table = get_array(doc, fd, b"Widths");
        let missing =
            get_dict(doc, fd, b"FontDescriptor").and_then(|d| get_num(doc, d, b"MissingWidth"));
        let widths = (0..256i64)
            .map(|code| {
                let given = table.and_then(|t| {
                    code.checked_sub(first)
                        .and_then(|i| usize::try_from(i).ok())
                        .and_then(|i| t.get(i))
                        .and_then(|o| num_deref(doc, o))
                });
                given
                    .or(if table.is_none() {
                        std.as_ref().map(|s| s.width(code as u8))
                    } else {
                        None
                    })
                    .or(missing)
                    .or(std.as_ref().map(|s| s.width(code as u8)))
                    .unwrap_or(500.0)
            })
            .collect();

        let (ascent, descent) = if type3 {
            let bbox: Option<Vec<f64>> = get_array(doc, fd, b"FontBBox")
                .map(|a| a.iter().filter_map(|o| num_deref(doc, o)).collect())
                .filter(|b: &Vec<f64>| b.len() == 4 && b[3] > b[1]);
            match (bbox, &font_matrix) {
                (Some(b), Some(m)) if m[3] != 0.0 => {
                    let (y0, y1) = (b[1] * m[3].abs(), b[3] * m[3].abs());
                    if y1 > y0 && y1 - y0 < 10.0 {
                        (y1, y0)
                    } else {
                        (0.8, -0.2)
                    }
                }
                _ => (0.8, -0.2),
            }
        } else {
            let (a, d) = Self::descriptor_metrics(doc, fd);
            (
                a.or(std.as_ref().map(|s| s.ascent)).unwrap_or(800.0) / 1000.0,
                d.or(std.as_ref().map(|s| s.descent)).unwrap_or(-200.0) / 1000.0,
            )
        };
        Font {
            kind: Kind::Simple { text, widths },
            scale,
            ascent,
            descent,
        }
    }

    fn composite(doc: &Document, fd: &Dictionary) -> Font {
        let desc = get_array(doc, fd, b"DescendantFonts")
            .and_then(|a| a.first())
            .and_then(|o| match deref(doc, o) {
                Object::Dictionary(d) => Some(d),
                _ => None,
            });
        let to_unicode = Self::to_unicode(doc, fd);
        let tu_codespace = || {
            to_unicode
                .as_ref()
                .map(|c| c.codespace.clone())
                .filter(|c| !c.is_empty())
        };
        let two_bytes = || vec![Codespace::fixed(2, 0, 0xFFFF)];
        let (scheme, codespace, encoding, vertical) = match get(doc, fd, b"Encoding") {
            Some(Object::Name(n)) => {
                let scheme = scheme_of(n);
                let codespace = match scheme {
                    Scheme::Identity | Scheme::Ucs2 => two_bytes(),
                    Scheme::Utf16 => vec![
                        Codespace::fixed(2, 0, 0xD7FF),
                        Codespace::fixed(2, 0xE000, 0xFFFF),
                        Codespace::fixed(4, 0xD800_DC00, 0xDBFF_DFFF),
                    ],
                    Scheme::Gbk => vec![
                        Codespace::fixed(1, 0, 0x80),
                        Codespace::fixed(2, 0x8140, 0xFEFE),
                        Codespace::fixed(4, 0x8130_8130, 0xFE39_FE39),
                    ],
                    _ => tu_codespace().unwrap_or_else(two_bytes),
                };
                (scheme, codespace, None, n.ends_with(b"-V"))
            }
            Some(Object::Stream(s)) => {
                let cmap = s
                    .get_plain_content_with_limit(MAX_STREAM_BYTES)
                    .ok()
                    .map(|b| CMap::parse(doc, &b));
                let codespace = cmap
                    .as_ref()
                    .map(|c| c.codespace.clone())
                    .filter(|c| !c.is_empty())
                    .or_else(tu_codespace)
                    .unwrap_or_else(two_bytes);
                let wmode = get_num(doc, &s.dict, b"WMode")
                    .map(|w| w as i64)
                    .or(cmap.as_ref().and_then(|c| c.wmode));
                (Scheme::Embedded, codespace, cmap, wmode == Some(1))
            }
            _ => (Scheme::Identity, two_bytes(), None, false),
        };

        let mut widths = HashMap::new();
        let mut width_ranges = Vec::new();
        let mut dw = 1000.0;
        let mut w1y = -1000.0;
        let (mut ascent, mut descent) = (None, None);
        if let Some(desc) = desc {
            dw = get_num(doc, desc, b"DW").unwrap_or(1000.0);
            if let Some(dw2) = get_array(doc, desc, b"DW2")
                && let Some(v) = dw2.get(1).and_then(|o| num_deref(doc, o))
            {
                w1y = v;
            }
            let w = get_array(doc, desc, b"W").unwrap_or(&[]);
            let mut i = 0;
            while i < w.len() {
                let Some(first) =
                    num_deref(doc, &w[i]).filter(|f| *f >= 0.0 && *f <= f64::from(u32::MAX))
                else {
                    break;
                };
                let first = first as u32;
                match w.get(i + 1).map(|o| deref(doc, o)) {
                    Some(Object::Array(list)) => {
                        for (k, o) in list.iter().enumerate() {
                            if let (Some(v), Some(cid)) =
                                (num_deref(doc, o), first.checked_add(k as u32))
                            {
                                widths.insert(cid, v);
                            }
                        }
                        i += 2;
                    }
                    Some(o) => {
                        let last = num(o)
                            .filter(|l| *l >= 0.0 && *l <= f64::from(u32::MAX))
                            .map(|l| l as u32);
                        if let (Some(last), Some(v)) =
                            (last, w.get(i + 2).and_then(|o| num_deref(doc, o)))
                        {
                            width_ranges.push((first, last, v));
                        }
                        i += 3;
                    }
                    None => break,
                }
            }
            (ascent, descent) = Self::descriptor_metrics(doc, desc);
        }
        Font {
            kind: Kind::Composite(Box::new(Composite {
                codespace,
                scheme,
                encoding,
                to_unicode,
                widths,
                width_ranges,
                dw,
                vertical,
                w1y,
            })),
            scale: 0.001,
            ascent: ascent.unwrap_or(880.0) / 1000.0,
            descent: descent.unwrap_or(-120.0) / 1000.0,
        }
    }

    /// The next code in `s` (non-empty) and its length.
    fn next_code(&self, s: &[u8]) -> (u32, usize) {
        match &self.kind {
            Kind::Simple { .. } => (u32::from(s[0]), 1),
            Kind::Composite(c) => {
                let len = c
                    .codespace
                    .iter()
                    .find(|cs| cs.matches(s))
                    .map(|cs| cs.len)
                    .unwrap_or_else(|| c.codespace.first().map_or(1, |cs| cs.len))
                    .clamp(1, s.len());
                (code_of(&s[..len]).unwrap_or(0), len)
            }
        }
    }

    /// Advance width in text space units per unit font size.
    fn width(&self, code: u32, len: usize) -> f64 {
        let w = match &self.kind {
            Kind::Simple { widths, .. } => widths.get(code as usize).copied().unwrap_or(500.0),
            Kind::Composite(c) => c.width(code, len),
        };
        w * self.scale
    }

    /// Appends the code's text to `out`; false when it cannot be decoded.
    fn decode(&self, code: u32, len: usize, out: &mut Vec<char>) -> bool {
        match &self.kind {
            Kind::Simple { text, .. } => match text.get(code as usize) {
                Some(Some(s)) => {
                    out.extend(s.chars());
                    true
                }
                _ => false,
            },
            Kind::Composite(c) => c.decode(code, len, out),
        }
    }

    /// Vertical writing: the vertical advance (text space units per unit font size).
    fn vertical(&self) -> Option<f64> {
        match &self.kind {
            Kind::Composite(c) if c.vertical => Some(c.w1y * self.scale),
            _ => None,
        }
    }
}

/// Fonts already read, by the address of their dictionary in the (unchanging) document.
struct FontCache {
    fonts: HashMap<usize, Rc<Font>>,
    fallback: Rc<Font>,
}

impl Default for FontCache {
    fn default() -> Self {
        FontCache {
            fonts: HashMap::new(),
            fallback: Rc::new(Font::fallback()),
        }
    }
}

// ---------------------------------------------------------------------------------------
// The interpreter

#[derive(Clone)]
struct GState {
    ctm: Mat,
    /// Character and word spacing, horizontal scaling (Tz / 100), leading, rise.
    tc: f64,
    tw: f64,
    th: f64,
    tl: f64,
    rise: f64,
    fs: f64,
    font: Rc<Font>,
}

/// The glyphs of one page in content order, and their characters.
struct PageText {
    glyphs: Vec<GlyphBox>,
    /// Each character with the index of the glyph it came from.
    chars: Vec<(char, u32)>,
}

struct Reader<'d, 'c> {
    doc: &'d Document,
    fonts: &'c mut FontCache,
    label: PageRef,
    ops: u64,
    bytes: u64,
    buf: Vec<char>,
    out: PageText,
}

impl PageText {
    fn read(
        doc: &Document,
        page_id: ObjectId,
        fonts: &mut FontCache,
        label: PageRef,
    ) -> Result<PageText> {
        let page = doc
            .get_dictionary(page_id)
            .map_err(|e| PdfError::DamagedPage {
                page: label,
                cause: Cause::new(e),
            })?;
        let content = match doc.get_page_content_with_limit(page_id, MAX_STREAM_BYTES) {
            Ok(c) => c,
            Err(lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded {
                ..
            })) => {
                return Err(too_large(label));
            }
            Err(_) => Vec::new(),
        };
        let resources = inherited(doc, page, b"Resources").and_then(|o| match o {
            Object::Dictionary(d) => Some(d),
            _ => None,
        });
        let mut gs = GState {
            ctm: Mat::ID,
            tc: 0.0,
            tw: 0.0,
            th: 1.0,
            tl: 0.0,
            rise: 0.0,
            fs: 0.0,
            font: fonts.fallback.clone(),
        };
        let mut reader = Reader {
            doc,
            fonts,
            label,
            ops: 0,
            bytes: 0,
            buf: Vec::new(),
            out: PageText {
                glyphs: Vec::new(),
                chars: Vec::new(),
            },
        };
        reader.run(&content, resources, 0, &mut gs)?;
        Ok(reader.out)
    }

    /// Appends the non-overlapping occurrences of `pattern` (folded, no ignorable chars).
    fn find(&self, pattern: &[char], page: u32, hits: &mut Vec<TextHit>) {
        let idx: Vec<usize> = (0..self.chars.len())
            .filter(|&i| !ignorable(self.chars[i].0))
            .collect();
        let folded: Vec<char> = idx.iter().map(|&i| fold(self.chars[i].0)).collect();
        let m = pattern.len();
        let mut k = 0;
        while k + m <= folded.len() {
            if folded[k..k + m] != *pattern {
                k += 1;
                continue;
            }
            let (first, last) = (idx[k], idx[k + m - 1]);
            let mut rect = [
                f64::INFINITY,
                f64::INFINITY,
                f64::NEG_INFINITY,
                f64::NEG_INFINITY,
            ];
            for &i in &idx[k..k + m] {
                if let Some(g) = self.glyphs.get(self.chars[i].1 as usize) {
                    union(&mut rect, &g.rect);
                }
            }
            let text = self.chars[first..=last]
                .iter()
                .map(|(c, _)| *c)
                .filter(|c| !c.is_control())
                .collect();
            hits.push(TextHit {
                page,
                rect: rect.map(|v| v as f32),
                text,
            });
            k += m;
        }
    }

    fn text(&self) -> String {
        let mut out = String::new();
        let mut prev: Option<u32> = None;
        for &(c, g) in &self.chars {
            if prev != Some(g) {
                if let Some(p) = prev
                    && let Some(sep) = self.separator(p, g)
                    && !out.ends_with([sep, '\n'])
                    && !(sep == ' ' && (out.ends_with(char::is_whitespace) || c.is_whitespace()))
                {
                    out.push(sep);
                }
                prev = Some(g);
            }
            if !c.is_control() || c == '\n' || c == '\t' {
                out.push(c);
            }
        }
        out
    }

    /// What to put between two glyphs: a line break, a space, or nothing.
    fn separator(&self, prev: u32, next: u32) -> Option<char> {
        let (p, n) = (
            self.glyphs.get(prev as usize)?,
            self.glyphs.get(next as usize)?,
        );
        let (dx, dy) = (n.start.0 - p.end.0, n.start.1 - p.end.1);
        let along = dx * p.dir.0 + dy * p.dir.1;
        let across = (dx * p.dir.1 - dy * p.dir.0).abs();
        let size = p.size.max(1e-6);
        if across > 0.5 * size || along < -size {
            Some('\n')
        } else if along > 0.25 * size {
            Some(' ')
        } else {
            None
        }
    }
}

impl<'d> Reader<'d, '_> {
    fn run(
        &mut self,
        content: &[u8],
        res: Option<&'d Dictionary>,
        depth: usize,
        gs: &mut GState,
    ) -> Result<()> {
        self.bytes += content.len() as u64;
        if self.bytes > MAX_CONTENT_BYTES {
            return Err(PdfError::ContentTooLarge {
                page: self.label,
                mib: (MAX_CONTENT_BYTES >> 20) as u32,
            }
            .into());
        }
        let mut stack: Vec<GState> = Vec::new();
        let mut overflow = 0usize;
        let (mut tm, mut tlm) = (Mat::ID, Mat::ID);
        for op in Content::decode_iter(content) {
            // A content stream that stops parsing is read up to that point.
            let Ok(op) = op else { break };
            self.ops += 1;
            if self.ops > MAX_OPERATORS {
                return Err(PdfError::TooManyOperators {
                    page: self.label,
                    max: MAX_OPERATORS as u32,
                }
                .into());
            }
            let o = op.operands.as_slice();
            match op.operator.as_str() {
                "q" => {
                    if stack.len() < MAX_GSTATE_DEPTH {
                        stack.push(gs.clone());
                    } else {
                        overflow += 1;
                    }
                }
                "Q" => {
                    if overflow > 0 {
                        overflow -= 1;
                    } else if let Some(g) = stack.pop() {
                        *gs = g;
                    }
                }
                "cm" => {
                    if let Some(m) = matrix(o) {
                        gs.ctm = m.then(&gs.ctm);
                    }
                }
                "BT" => (tm, tlm) = (Mat::ID, Mat::ID),
                "Tc" => gs.tc = nums::<1>(o).map_or(gs.tc, |[v]| v),
                "Tw" => gs.tw = nums::<1>(o).map_or(gs.tw, |[v]| v),
                "Tz" => gs.th = nums::<1>(o).map_or(gs.th, |[v]| v / 100.0),
                "TL" => gs.tl = nums::<1>(o).map_or(gs.tl, |[v]| v),
                "Ts" => gs.rise = nums::<1>(o).map_or(gs.rise, |[v]| v),
                "Tf" => {
                    if let (Some([size]), Some(name)) = (
                        nums::<1>(o),
                        o.len().checked_sub(2).and_then(|i| o[i].as_name().ok()),
                    ) {
                        gs.fs = size;
                        gs.font = self.font(res, name);
                    }
                }
                "Td" | "TD" => {
                    if let Some([x, y]) = nums::<2>(o) {
                        if op.operator == "TD" {
                            gs.tl = -y;
                        }
                        tlm = Mat::translate(x, y).then(&tlm);
                        tm = tlm;
                    }
                }
                "Tm" => {
                    if let Some(m) = matrix(o) {
                        (tm, tlm) = (m, m);
                    }
                }
                "T*" => {
                    tlm = Mat::translate(0.0, -gs.tl).then(&tlm);
                    tm = tlm;
                }
                "Tj" | "'" | "\"" => {
                    if op.operator == "\""
                        && let Some([aw, ac]) =
                            o.len().checked_sub(1).and_then(|n| nums::<2>(&o[..n]))
                    {
                        (gs.tw, gs.tc) = (aw, ac);
                    }
                    if op.operator != "Tj" {
                        tlm = Mat::translate(0.0, -gs.tl).then(&tlm);
                        tm = tlm;
                    }
                    if let Some(Object::String(s, _)) = o.last() {
                        self.show(s, gs, &mut tm)?;
                    }
                }
                "TJ" => {
                    if let Some(Object::Array(items)) = o.last() {
                        for item in items {
                            match item {
                                Object::String(s, _) => self.show(s, gs, &mut tm)?,
                                other => {
                                    if let Some(n) = num(other) {
                                        let d = -n / 1000.0 * gs.fs;
                                        tm = match gs.font.vertical() {
                                            Some(_) => Mat::translate(0.0, d),
                                            None => Mat::translate(d * gs.th, 0.0),
                                        }
                                        .then(&tm);
                                    }
                                }
                            }
                        }
                    }
                }
                "Do" => {
                    if depth < MAX_FORM_DEPTH
                        && let Some(name) = o.last().and_then(|n| n.as_name().ok())
                    {
                        self.form(res, name, depth, gs)?;
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }

    fn font(&mut self, res: Option<&'d Dictionary>, name: &[u8]) -> Rc<Font> {
        let doc = self.doc;
        let Some(fd) = res
            .and_then(|r| get_dict(doc, r, b"Font"))
            .and_then(|f| get_dict(doc, f, name))
        else {
            return self.fonts.fallback.clone();
        };
        let key = fd as *const Dictionary as usize;
        self.fonts
            .fonts
            .entry(key)
            .or_insert_with(|| Rc::new(Font::load(doc, fd)))
            .clone()
    }

    fn form(
        &mut self,
        res: Option<&'d Dictionary>,
        name: &[u8],
        depth: usize,
        gs: &GState,
    ) -> Result<()> {
        let doc = self.doc;
        let Some(xobjects) = res.and_then(|r| get_dict(doc, r, b"XObject")) else {
            return Ok(());
        };
        let Some(Object::Stream(form)) = get(doc, xobjects, name) else {
            return Ok(());
        };
        if get_name(doc, &form.dict, b"Subtype") != Some(b"Form") {
            return Ok(());
        }
        let m = get_array(doc, &form.dict, b"Matrix")
            .map(|a| {
                a.iter()
                    .filter_map(|o| num_deref(doc, o))
                    .collect::<Vec<_>>()
            })
            .and_then(|v| <[f64; 6]>::try_from(v).ok())
            .map_or(Mat::ID, Mat);
        let form_res = get_dict(doc, &form.dict, b"Resources").or(res);
        let Some(content) = stream_bytes(form, self.label)? else {
            return Ok(());
        };
        let mut inner = gs.clone();
        inner.ctm = m.then(&gs.ctm);
        self.run(&content, form_res, depth + 1, &mut inner)
    }

    fn show(&mut self, s: &[u8], gs: &GState, tm: &mut Mat) -> Result<()> {
        let font = gs.font.clone();
        let vertical = font.vertical();
        let scale = Mat([gs.fs * gs.th, 0.0, 0.0, gs.fs, 0.0, gs.rise]);
        let mut i = 0;
        while i < s.len() {
            let (code, len) = font.next_code(&s[i..]);
            i += len;
            let w = font.width(code, len);
            let word_space = if len == 1 && code == 32 { gs.tw } else { 0.0 };
            let trm = scale.then(tm).then(&gs.ctm);
            let (x0, x1, y0, y1) = match vertical {
                Some(w1y) => (-w / 2.0, w / 2.0, w1y.min(0.0), w1y.max(0.0)),
                None => (0.0, w, font.descent, font.ascent),
            };
            let corners = [
                trm.apply(x0, y0),
                trm.apply(x1, y0),
                trm.apply(x0, y1),
                trm.apply(x1, y1),
            ];
            let mut rect = [
                f64::INFINITY,
                f64::INFINITY,
                f64::NEG_INFINITY,
                f64::NEG_INFINITY,
            ];
            for (x, y) in corners {
                union(&mut rect, &[x, y, x, y]);
            }
            let start = trm.apply(0.0, 0.0);
            *tm = match vertical {
                Some(w1y) => Mat::translate(0.0, w1y * gs.fs + gs.tc + word_space),
                None => Mat::translate((w * gs.fs + gs.tc + word_space) * gs.th, 0.0),
            }
            .then(tm);
            let end = scale.then(tm).then(&gs.ctm).apply(0.0, 0.0);
            let [a, b, c, d, ..] = trm.0;
            let (dx, dy) = if vertical.is_some() { (-c, -d) } else { (a, b) };
            let len_dir = dx.hypot(dy);
            let glyph = GlyphBox {
                rect,
                start,
                end,
                dir: if len_dir > 0.0 {
                    (dx / len_dir, dy / len_dir)
                } else {
                    (1.0, 0.0)
                },
                size: c.hypot(d),
            };
            let finite = rect.iter().all(|v| v.is_finite())
                && [start.0, start.1, end.0, end.1, glyph.size]
                    .iter()
                    .all(|v| v.is_finite());
            if !finite {
                continue;
            }
            if self.out.glyphs.len() >= MAX_GLYPHS {
                return Err(PdfError::TooManyGlyphs {
                    page: self.label,
                    max: MAX_GLYPHS as u32,
                }
                .into());
            }
            let gi = self.out.glyphs.len() as u32;
            self.out.glyphs.push(glyph);
            self.buf.clear();
            if font.decode(code, len, &mut self.buf) {
                self.out.chars.extend(self.buf.iter().map(|c| (*c, gi)));
            } else {
                self.out.chars.push(('\u{FFFD}', gi));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> CMap {
        CMap::parse(&Document::new(), s.as_bytes())
    }

    fn text(cmap: &CMap, code: u32) -> Option<String> {
        let mut out = Vec::new();
        cmap.unicode(code, &mut out)
            .then(|| out.into_iter().collect())
    }

    #[test]
    fn a_to_unicode_cmap_reads_bfchar_bfrange_and_range_arrays() {
        let cmap = parse(
            "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n\
             /CMapName /Adobe-Identity-UCS def\n\
             2 begincodespacerange <00> <7F> <8000> <FFFF> endcodespacerange\n\
             2 beginbfchar <41> <0042> <8001> <76d6> endbfchar % a comment\n\
             2 beginbfrange <8010> <8012> <7ae0> <8020> <8021> [<5904> <D83DDE00>] endbfrange\n\
             endcmap CMapName currentdict /CMap defineresource pop end end",
        );
        assert_eq!(
            cmap.codespace.iter().map(|c| c.len).collect::<Vec<_>>(),
            vec![1, 2]
        );
        assert_eq!(text(&cmap, 0x41).as_deref(), Some("B"));
        assert_eq!(text(&cmap, 0x8001).as_deref(), Some("盖"));
        assert_eq!(text(&cmap, 0x8010).as_deref(), Some("章"));
        assert_eq!(text(&cmap, 0x8012).as_deref(), Some("\u{7ae2}"));
        assert_eq!(text(&cmap, 0x8020).as_deref(), Some("处"));
        assert_eq!(text(&cmap, 0x8021).as_deref(), Some("😀"));
        assert_eq!(text(&cmap, 0x8013), None);
    }

    #[test]
    fn a_huge_bfrange_stays_a_range() {
        let cmap = parse("1 beginbfrange <00000000> <00FFFFFF> <0041> endbfrange");
        assert!(cmap.uni.is_empty());
        assert_eq!(text(&cmap, 1).as_deref(), Some("B"));
    }

    #[test]
    fn an_embedded_encoding_cmap_reads_cid_ranges_and_wmode() {
        let cmap = parse(
            "/WMode 1 def 1 begincidrange <0020> <007e> 1 endcidrange 1 begincidchar <3000> 99 endcidchar",
        );
        assert_eq!(cmap.wmode, Some(1));
        assert_eq!(cmap.cid(0x21), Some(2));
        assert_eq!(cmap.cid(0x3000), Some(99));
        assert_eq!(cmap.cid(0x10), None);
    }

    #[test]
    fn glyph_names_read_as_unicode() {
        let doc = Document::new();
        let t = |n: &str| glyph_name_text(&doc, n.as_bytes());
        assert_eq!(t("A").as_deref(), Some("A"));
        assert_eq!(t("space").as_deref(), Some(" "));
        assert_eq!(t("uni76D67AE0").as_deref(), Some("盖章"));
        assert_eq!(t("u5904").as_deref(), Some("处"));
        assert_eq!(t("f_i").as_deref(), Some("fi"));
        assert_eq!(t("a.sc").as_deref(), Some("a"));
        assert_eq!(t("g0041").as_deref(), Some("A"));
        assert_eq!(t("G41").as_deref(), Some("A"));
        assert_eq!(t("C65").as_deref(), Some("A"));
        assert_eq!(t(".notdef"), None);
        assert_eq!(t("nosuchglyphname"), None);
    }

    #[test]
    fn predefined_cmap_names_choose_how_codes_read() {
        assert_eq!(scheme_of(b"Identity-H"), Scheme::Identity);
        assert_eq!(scheme_of(b"Identity-V"), Scheme::Identity);
        assert_eq!(scheme_of(b"UniGB-UCS2-H"), Scheme::Ucs2);
        assert_eq!(scheme_of(b"UniJIS-UCS2-HW-V"), Scheme::Ucs2);
        assert_eq!(scheme_of(b"UniGB-UTF16-V"), Scheme::Utf16);
        assert_eq!(scheme_of(b"GBK-EUC-H"), Scheme::Gbk);
        assert_eq!(scheme_of(b"GB-EUC-V"), Scheme::Gbk);
        assert_eq!(scheme_of(b"GBK2K-H"), Scheme::Gbk);
        assert_eq!(scheme_of(b"GBT-H"), Scheme::Unknown);
        assert_eq!(scheme_of(b"90ms-RKSJ-H"), Scheme::Unknown);
    }

    #[test]
    fn kangxi_radicals_and_full_width_forms_fold() {
        assert_eq!(fold('\u{2F47}'), '日');
        assert_eq!(fold('\u{2FD5}'), '龠');
        assert_eq!(fold('（'), '(');
        assert_eq!(fold('章'), '章');
    }

    #[test]
    fn codespaces_split_mixed_length_codes() {
        let font = Font {
            kind: Kind::Composite(Box::new(Composite {
                codespace: vec![
                    Codespace::fixed(1, 0, 0x80),
                    Codespace::fixed(2, 0x8140, 0xFEFE),
                ],
                scheme: Scheme::Gbk,
                encoding: None,
                to_unicode: None,
                widths: HashMap::new(),
                width_ranges: Vec::new(),
                dw: 1000.0,
                vertical: false,
                w1y: -1000.0,
            })),
            scale: 0.001,
            ascent: 0.8,
            descent: -0.2,
        };
        assert_eq!(font.next_code(b"A\xb8\xc7"), (0x41, 1));
        assert_eq!(font.next_code(b"\xb8\xc7"), (0xb8c7, 2));
        assert_eq!(font.next_code(b"\xb8"), (0xb8, 1));
        assert_eq!(font.width(0x41, 1), 0.5);
        assert_eq!(font.width(0xb8c7, 2), 1.0);
    }
}
