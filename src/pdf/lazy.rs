//! Opening a large PDF without holding it (issue 17): the stream data that stamping and
//! signing never use (the images of a scanned bid) stays in the file.
//!
//! How: one pass over the file's bytes with a small PDF lexer finds every stream whose data
//! is bounded by a /Length that the bytes confirm (`endstream` right after it), seeking past
//! that data instead of reading it. A stand-in of the file's size is then filled with the
//! file's bytes except those streams, whose keyword is replaced by `endobj`: lopdf parses the
//! stand-in exactly as it parses the file (same cross-reference chain, same recovery, same
//! refusals), and sees a dictionary where the file has a stream. Those dictionaries become
//! streams again with their /Length, and their data is read from the file only when asked
//! for (a page searched for a keyword, an object the update copies). The stand-in is
//! allocated zeroed and the hollowed parts are never written or read, so the kernel never
//! backs them with memory.
//!
//! lopdf's own machinery (`Reader`, `load_filtered`) cannot do this: it copies every stream's
//! data before a filter sees it, and its parser is not public, so an own lazy reader would
//! have to re-implement it (and its damage handling) to give the same objects. A memory map
//! (memmap2) is not used either: positioned reads keep the code free of `unsafe`, and the
//! pages a map touches count in the resident set.
//!
//! Anything the lexer and lopdf do not agree on — damaged cross-reference data, an object
//! the table places inside hollowed bytes, an encrypted file — is read the eager way (the
//! whole file), so the lazy path never skips a check the eager one makes.
//!
//! Copying the input to an output (by the kernel, flushed behind, or hashed as it goes) is
//! `copy`.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom};
use std::os::unix::fs::FileExt;
use std::path::Path;

use lopdf::xref::XrefEntry;
use lopdf::{Document, Object, ObjectId, Stream};

use super::Pdf;
use crate::error::Result;

mod copy;
pub use copy::InputShrank;

/// Streams whose data stayed in the file: their data's offset and length.
pub(crate) type Hollow = BTreeMap<ObjectId, (u64, usize)>;

/// Where the input's bytes are when they were not read into memory.
pub struct Source {
    file: File,
    len: u64,
    hollow: Hollow,
}

impl Source {
    pub fn len(&self) -> u64 {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Whether `id` is a stream whose data is still in the file.
    pub fn is_hollow(&self, id: ObjectId) -> bool {
        self.hollow.contains_key(&id)
    }

    /// The data of the hollowed stream `id`, read from the file.
    pub fn data(&self, id: ObjectId) -> std::io::Result<Option<Vec<u8>>> {
        let Some(&(at, len)) = self.hollow.get(&id) else {
            return Ok(None);
        };
        let mut data = vec![0; len];
        self.file.read_exact_at(&mut data, at)?;
        Ok(Some(data))
    }

    /// Puts the file's data back into every hollowed stream of `doc` reachable from `root`
    /// that a text search reads (content streams, forms, font maps), not images or font
    /// programs. Returns the streams filled, to empty again afterwards.
    pub fn fill_reachable(&self, doc: &mut Document, root: ObjectId) -> Result<Vec<ObjectId>> {
        let mut todo = vec![Object::Reference(root)];
        let mut seen = std::collections::BTreeSet::new();
        let mut filled = Vec::new();
        while let Some(o) = todo.pop() {
            if seen.len() > 100_000 {
                break;
            }
            let id = match o {
                Object::Reference(id) => id,
                Object::Array(items) => {
                    todo.extend(items);
                    continue;
                }
                Object::Dictionary(d) => {
                    todo.extend(reachable_values(&d));
                    continue;
                }
                _ => continue,
            };
            if !seen.insert(id) {
                continue;
            }
            let Ok(object) = doc.get_object(id) else {
                continue;
            };
            match object {
                Object::Stream(s) => {
                    if is_image(&s.dict) {
                        continue;
                    }
                    todo.extend(reachable_values(&s.dict));
                    if let Some(data) = self.data(id).map_err(super::write_failed)?
                        && let Ok(Object::Stream(s)) = doc.get_object_mut(id)
                    {
                        s.set_content(data);
                        filled.push(id);
                    }
                }
                other => todo.push(other.clone()),
            }
        }
        Ok(filled)
    }
}

/// The values of a dictionary a text search may follow (not back to the page tree, not to
/// font programs or annotations).
fn reachable_values(d: &lopdf::Dictionary) -> Vec<Object> {
    d.iter()
        .filter(|(k, _)| {
            !matches!(
                k.as_slice(),
                b"Parent" | b"P" | b"Annots" | b"FontFile" | b"FontFile2" | b"FontFile3" | b"SMask"
            )
        })
        .map(|(_, v)| v.clone())
        .collect()
}

fn is_image(d: &lopdf::Dictionary) -> bool {
    d.get(b"Subtype")
        .and_then(Object::as_name)
        .is_ok_and(|n| n == b"Image")
}

/// Opens the PDF at `path` (at most 512 MiB, as `read_pdf_file`) for an incremental update:
/// lazily when the lexer and lopdf agree on it, else the eager way.
pub fn open(path: &Path, password: Option<&str>) -> Result<Pdf> {
    let file = File::open(path).map_err(|e| crate::input::unreadable("PDF", path, &e))?;
    open_file(file, path, password)
}

/// As [`open`], for the file `file` (opened for reading; `path` names it in errors). The
/// file's offset is left where it was: the input is read at positions.
pub fn open_file(file: File, path: &Path, password: Option<&str>) -> Result<Pdf> {
    let cannot = |e: std::io::Error| crate::input::unreadable("PDF", path, &e);
    let Some(len) = regular_size(&file, path)? else {
        return super::load(read_whole(path)?, password);
    };
    let scan = scan(&file, len).map_err(cannot)?;
    if scan.encrypted || scan.regions.is_empty() || usize::try_from(len).is_err() {
        return eager(&file, len, password, cannot);
    }
    let stand_in = stand_in(&file, len as usize, &scan.regions).map_err(cannot)?;
    let doc = match super::parse(&stand_in, password, None) {
        Ok(doc) => doc,
        // The eager reader says why (and the same way).
        Err(_) => return eager(&file, len, password, cannot),
    };
    let mut doc = doc;
    let Some(hollow) = agree(&mut doc, &scan.regions) else {
        return eager(&file, len, password, cannot);
    };
    let mut pdf = super::loaded(stand_in, doc)?;
    pdf.source = Some(Source { file, len, hollow });
    Ok(pdf)
}

/// The PDF at `path` read whole (at most 512 MiB, the refusals of `read_pdf_file`).
pub(crate) fn read_whole(path: &Path) -> Result<Vec<u8>> {
    use crate::input::{MAX_PDF, read_file};
    read_file("PDF", path, MAX_PDF, crate::input_error::InputKind::Pdf)
}

/// The size of `file` (`path`) if it is a regular file of at most 512 MiB; `None` for a
/// device or pipe, which has no size to trust (read it whole, within the limit).
pub(crate) fn regular_size(file: &File, path: &Path) -> Result<Option<u64>> {
    use crate::input::{MAX_PDF, too_big};
    let meta = file
        .metadata()
        .map_err(|e| crate::input::unreadable("PDF", path, &e))?;
    if !meta.is_file() {
        return Ok(None);
    }
    if meta.len() > MAX_PDF {
        return Err(too_big(
            "PDF",
            path,
            MAX_PDF,
            crate::input_error::InputKind::Pdf,
        ));
    }
    Ok(Some(meta.len()))
}

fn eager(
    file: &File,
    len: u64,
    password: Option<&str>,
    cannot: impl Fn(std::io::Error) -> crate::error::Error,
) -> Result<Pdf> {
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    let mut f = file;
    f.seek(SeekFrom::Start(0)).map_err(&cannot)?;
    f.read_to_end(&mut bytes).map_err(&cannot)?;
    super::load(bytes, password)
}

/// The file's bytes with every region's stream keyword, data and `endstream` left out (zero)
/// and `endobj` where the keyword was.
pub(crate) fn stand_in(file: &File, len: usize, regions: &[Region]) -> std::io::Result<Vec<u8>> {
    // Zeroed memory comes from the kernel untouched: the parts never written cost nothing.
    let mut out = vec![0u8; len];
    let mut at = 0usize;
    for r in regions {
        let (kw, end) = (r.kw as usize, r.end as usize);
        file.read_exact_at(&mut out[at..kw], at as u64)?;
        // `\0` is white space to the parser: a non-blank stops it at once.
        out[kw..kw + STOP.len()].copy_from_slice(STOP);
        at = end;
    }
    file.read_exact_at(&mut out[at..], at as u64)?;
    Ok(out)
}

const STOP: &[u8] = b"endobj\nX";

/// The hollowed objects as streams again, if lopdf's reading of the stand-in agrees with
/// the lexer's: no repaired cross-reference data, no object the table places inside a
/// hollowed region, and each hollowed object a dictionary whose /Length is the one checked.
/// (On disagreement `doc` is left part-converted: the caller reads the file the eager way.)
pub(crate) fn agree(doc: &mut Document, regions: &[Region]) -> Option<Hollow> {
    if doc.xref_recovery.is_some() || doc.was_encrypted() {
        return None;
    }
    let placed: std::collections::BTreeSet<u64> = doc
        .reference_table
        .entries
        .values()
        .filter_map(|e| match e {
            XrefEntry::Normal { offset, .. } => Some(u64::from(*offset)),
            _ => None,
        })
        .collect();
    let mut offsets: Vec<u64> = placed.iter().copied().collect();
    offsets.sort_unstable();
    let mut hollow = BTreeMap::new();
    for r in regions {
        let first = offsets.partition_point(|&o| o < r.kw);
        if offsets.get(first).is_some_and(|&o| o < r.end) {
            return None;
        }
        let Some((id, start)) = r.object else {
            continue;
        };
        match doc.reference_table.get(id.0) {
            Some(XrefEntry::Normal { offset, generation }) if *generation == id.1 => {
                if u64::from(*offset) != start {
                    return None;
                }
            }
            // An object a later revision replaced or freed: lopdf did not read it, unless
            // the table places another object at this very header (the lexer read its
            // number otherwise than lopdf): then the two readings differ.
            _ if placed.contains(&start) => return None,
            _ => continue,
        }
        let length = match doc.objects.get(&id)? {
            Object::Dictionary(d) => match d.get(b"Length").ok()? {
                Object::Integer(n) => *n,
                Object::Reference(l) => doc.objects.get(l)?.as_i64().ok()?,
                _ => return None,
            },
            _ => return None,
        };
        if u64::try_from(length).ok()? != r.len {
            return None;
        }
        let Some(Object::Dictionary(dict)) = doc.objects.remove(&id) else {
            return None;
        };
        let mut stream = Stream::new(dict, Vec::new());
        stream.dict.set("Length", length);
        doc.objects.insert(id, Object::Stream(stream));
        hollow.insert(id, (r.data, usize::try_from(r.len).ok()?));
    }
    // A hollowed stream the parser takes for an object or cross-reference stream (a /Type
    // the lexer read otherwise), or that the table names as the container of compressed
    // objects: the stand-in lost objects the file has.
    let plumbing = hollow.keys().any(|id| {
        doc.objects
            .get(id)
            .and_then(|o| o.as_stream().ok())
            .is_some_and(|s| s.dict.has_type(b"ObjStm") || s.dict.has_type(b"XRef"))
    });
    let container_hollowed = doc.reference_table.entries.values().any(|e| match e {
        XrefEntry::Compressed { container, .. } => hollow
            .range((*container, 0)..=(*container, u16::MAX))
            .next()
            .is_some(),
        _ => false,
    });
    if plumbing || container_hollowed {
        return None;
    }
    Some(hollow)
}

/// A stream left in the file: its object (id and offset of its header), the offset of the
/// `stream` keyword, of its data, the data's length, and the offset just past `endstream`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Region {
    object: Option<(ObjectId, u64)>,
    pub(crate) kw: u64,
    pub(crate) data: u64,
    pub(crate) len: u64,
    pub(crate) end: u64,
}

pub(crate) struct Scan {
    pub(crate) regions: Vec<Region>,
    pub(crate) encrypted: bool,
}

/// A lexical token, as far as finding streams needs.
#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Int(i64),
    Name(Vec<u8>),
    Word(Vec<u8>),
    Open(u8),
    Close(u8),
    Other,
}

/// A stream's /Length as its dictionary gives it.
enum Length {
    Direct(i64),
    Indirect(ObjectId),
    Unknown,
}

struct Lexer<'f> {
    r: BufReader<&'f File>,
    pos: u64,
}

fn is_white(c: u8) -> bool {
    b" \t\n\r\0\x0C".contains(&c)
}

fn is_delimiter(c: u8) -> bool {
    b"()<>[]{}/%".contains(&c)
}

impl Lexer<'_> {
    fn peek(&mut self) -> std::io::Result<Option<u8>> {
        Ok(self.r.fill_buf()?.first().copied())
    }

    fn bump(&mut self) {
        self.r.consume(1);
        self.pos += 1;
    }

    fn seek_to(&mut self, to: u64) -> std::io::Result<()> {
        let by = i64::try_from(to).unwrap_or(i64::MAX) - i64::try_from(self.pos).unwrap_or(0);
        self.r.seek_relative(by)?;
        self.pos = to;
        Ok(())
    }

    /// White space and comments.
    fn blanks(&mut self) -> std::io::Result<()> {
        while let Some(c) = self.peek()? {
            if is_white(c) {
                self.bump();
            } else if c == b'%' {
                while let Some(c) = self.peek()? {
                    if c == b'\r' || c == b'\n' {
                        break;
                    }
                    self.bump();
                }
            } else {
                break;
            }
        }
        Ok(())
    }

    /// The next token and where it starts; `None` at the end of the file.
    fn token(&mut self) -> std::io::Result<Option<(u64, Tok)>> {
        self.blanks()?;
        let start = self.pos;
        let Some(c) = self.peek()? else {
            return Ok(None);
        };
        self.bump();
        let tok = match c {
            b'(' => {
                let mut depth = 1u32;
                while let Some(c) = self.peek()? {
                    self.bump();
                    match c {
                        b'\\' if self.peek()?.is_some() => self.bump(),
                        b'(' => depth += 1,
                        b')' => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                }
                Tok::Other
            }
            b'<' if self.peek()? == Some(b'<') => {
                self.bump();
                Tok::Open(b'<')
            }
            b'<' => {
                while let Some(c) = self.peek()? {
                    self.bump();
                    if c == b'>' {
                        break;
                    }
                }
                Tok::Other
            }
            b'>' if self.peek()? == Some(b'>') => {
                self.bump();
                Tok::Close(b'<')
            }
            b'[' => Tok::Open(b'['),
            b']' => Tok::Close(b'['),
            b'/' => Tok::Name(decode_name(&self.regular(Vec::new())?)),
            c if is_delimiter(c) => Tok::Other,
            c => {
                let word = self.regular_from(c)?;
                match std::str::from_utf8(&word).ok().and_then(|s| s.parse().ok()) {
                    Some(n) if word.iter().all(u8::is_ascii_digit) => Tok::Int(n),
                    _ => Tok::Word(word),
                }
            }
        };
        Ok(Some((start, tok)))
    }

    /// A regular word starting with `first`; a number's leading zeros are dropped as they
    /// are read (`000…0004` is 4 to every parser, however many zeros: red team 6), so only
    /// its digits that count are kept.
    fn regular_from(&mut self, first: u8) -> std::io::Result<Vec<u8>> {
        let mut word = vec![first];
        while let Some(c) = self.peek()? {
            if is_white(c) || is_delimiter(c) {
                break;
            }
            if word == b"0" && c.is_ascii_digit() {
                word.clear();
            }
            if word.len() < 64 {
                word.push(c);
            }
            self.bump();
        }
        Ok(word)
    }

    fn regular(&mut self, mut word: Vec<u8>) -> std::io::Result<Vec<u8>> {
        while let Some(c) = self.peek()? {
            if is_white(c) || is_delimiter(c) {
                break;
            }
            if word.len() < 64 {
                word.push(c);
            }
            self.bump();
        }
        Ok(word)
    }

    /// The end of line after `stream` (spaces or tabs, then CR LF, LF or CR, as the parser
    /// takes it); false when there is none.
    fn stream_eol(&mut self) -> std::io::Result<bool> {
        while let Some(b' ' | b'\t') = self.peek()? {
            self.bump();
        }
        match self.peek()? {
            Some(b'\r') => {
                self.bump();
                if self.peek()? == Some(b'\n') {
                    self.bump();
                }
                Ok(true)
            }
            Some(b'\n') => {
                self.bump();
                Ok(true)
            }
            _ => Ok(false),
        }
    }

    /// Moves past the next `endstream` (data whose length is not known).
    fn past_endstream(&mut self) -> std::io::Result<()> {
        const END: &[u8] = b"endstream";
        let mut matched = 0;
        loop {
            let buf = self.r.fill_buf()?;
            if buf.is_empty() {
                return Ok(());
            }
            let mut used = buf.len();
            for (i, &c) in buf.iter().enumerate() {
                matched = if c == END[matched] {
                    matched + 1
                } else {
                    usize::from(c == END[0])
                };
                if matched == END.len() {
                    used = i + 1;
                    break;
                }
            }
            self.r.consume(used);
            self.pos += used as u64;
            if matched == END.len() {
                return Ok(());
            }
        }
    }
}

/// A name's bytes with its `#xx` escapes decoded (ISO 32000-1 §7.3.5), as the parser reads
/// them: `/Obj#53tm` is `/ObjStm`, `/Encr#79pt` is `/Encrypt`. An undecodable `#` stays.
fn decode_name(raw: &[u8]) -> Vec<u8> {
    let hex = |c: u8| (c as char).to_digit(16).map(|d| d as u8);
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        match (
            raw[i],
            raw.get(i + 1).and_then(|c| hex(*c)),
            raw.get(i + 2).and_then(|c| hex(*c)),
        ) {
            (b'#', Some(h), Some(l)) => {
                out.push(h << 4 | l);
                i += 3;
            }
            (c, _, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

/// The /Length and /Type of a dictionary given as its top-level items.
fn length_and_type(items: &[Tok]) -> (Length, Option<Vec<u8>>) {
    let (mut length, mut kind) = (Length::Unknown, None);
    let mut i = 0;
    while i < items.len() {
        let key = &items[i];
        let value = &items[i + 1..items.len().min(i + 4)];
        let reference = match value {
            [Tok::Int(n), Tok::Int(g), Tok::Word(r), ..] if r == b"R" => {
                Some((u32::try_from(*n).ok(), u16::try_from(*g).ok()))
            }
            _ => None,
        };
        match (key, reference, value.first()) {
            (Tok::Name(k), Some((Some(n), Some(g))), _) if k == b"Length" => {
                length = Length::Indirect((n, g));
            }
            (Tok::Name(k), None, Some(Tok::Int(n))) if k == b"Length" => {
                length = Length::Direct(*n);
            }
            (Tok::Name(k), None, Some(Tok::Name(t))) if k == b"Type" => kind = Some(t.clone()),
            _ => {}
        }
        i += if reference.is_some() { 4 } else { 2 };
    }
    (length, kind)
}

/// Whether the file has an end of line (optional) and `endstream` right after `len` bytes
/// of data at `data`: what the parser checks before it believes a /Length.
fn ends_at(file: &File, file_len: u64, data: u64, len: u64) -> Option<u64> {
    let at = data.checked_add(len)?;
    let mut tail = [0u8; 11];
    let n = (file_len.checked_sub(at)?).min(11) as usize;
    file.read_exact_at(&mut tail[..n], at).ok()?;
    let tail = &tail[..n];
    [&b""[..], b"\r\n", b"\n", b"\r"].iter().find_map(|eol| {
        tail.strip_prefix(*eol)
            .filter(|rest| rest.starts_with(b"endstream"))
            .map(|_| at + eol.len() as u64 + 9)
    })
}

/// One pass over the file: the streams whose data can stay in it.
pub(crate) fn scan(file: &File, len: u64) -> std::io::Result<Scan> {
    let mut lx = Lexer {
        r: BufReader::with_capacity(64 * 1024, file),
        pos: 0,
    };
    let mut encrypted = false;
    let mut regions = Vec::new();
    // Streams whose /Length is another object: checked once every object is known.
    let mut pending: Vec<(Region, ObjectId)> = Vec::new();
    // `N G obj V endobj` objects with an integer value.
    let mut ints: BTreeMap<ObjectId, i64> = BTreeMap::new();
    // The last top-level tokens (a closed dictionary is one `Tok::Close`).
    let mut recent: Vec<(u64, Tok)> = Vec::new();
    let mut object: Option<(ObjectId, u64)> = None;
    let mut stack: Vec<u8> = Vec::new();
    let mut items: Vec<Tok> = Vec::new();
    let mut dict: Option<Vec<Tok>> = None;
    while let Some((start, tok)) = lx.token()? {
        if !stack.is_empty() {
            match &tok {
                Tok::Open(k) => {
                    if stack.len() == 1 {
                        items.push(Tok::Other);
                    }
                    stack.push(*k);
                }
                Tok::Close(_) => {
                    stack.pop();
                    if stack.is_empty() {
                        if items.iter().any(|t| *t == Tok::Name(b"Encrypt".to_vec())) {
                            encrypted = true;
                        }
                        dict = Some(std::mem::take(&mut items));
                        recent.push((start, Tok::Close(b'<')));
                    }
                }
                t if stack.len() == 1 => items.push(t.clone()),
                _ => {}
            }
            continue;
        }
        match &tok {
            Tok::Open(k) => {
                stack.push(*k);
                items.clear();
                dict = None;
                continue;
            }
            Tok::Word(w) if w == b"stream" && dict.is_some() => {
                let fields = dict.take().unwrap_or_default();
                recent.clear();
                if !lx.stream_eol()? {
                    continue;
                }
                let data = lx.pos;
                let (length, kind) = length_and_type(&fields);
                let keep = matches!(kind.as_deref(), Some(b"ObjStm" | b"XRef"));
                let region = |len: u64, end: u64| Region {
                    object,
                    kw: start,
                    data,
                    len,
                    end,
                };
                match length {
                    Length::Direct(n) if n >= 0 => {
                        let n = n as u64;
                        if let Some(end) = ends_at(file, len, data, n) {
                            if !keep && object.is_some() {
                                regions.push(region(n, end));
                            }
                            lx.seek_to(data + n)?;
                            continue;
                        }
                    }
                    Length::Indirect(id) if !keep && object.is_some() => {
                        pending.push((region(0, 0), id));
                    }
                    _ => {}
                }
                lx.past_endstream()?;
                continue;
            }
            Tok::Word(w) if w == b"obj" => {
                if let [.., (s, Tok::Int(n)), (_, Tok::Int(g))] = recent.as_slice() {
                    object = u32::try_from(*n)
                        .ok()
                        .zip(u16::try_from(*g).ok())
                        .map(|id| (id, *s));
                }
            }
            Tok::Word(w) if w == b"endobj" => {
                if let [
                    ..,
                    (_, Tok::Int(n)),
                    (_, Tok::Int(g)),
                    (_, Tok::Word(o)),
                    (_, Tok::Int(v)),
                ] = recent.as_slice()
                    && o == b"obj"
                    && let (Ok(n), Ok(g)) = (u32::try_from(*n), u16::try_from(*g))
                {
                    ints.insert((n, g), *v);
                }
                object = None;
            }
            _ => {}
        }
        dict = None;
        recent.push((start, tok));
        if recent.len() > 8 {
            recent.drain(..recent.len() - 4);
        }
    }
    for (mut r, id) in pending {
        let Some(n) = ints.get(&id).and_then(|n| u64::try_from(*n).ok()) else {
            continue;
        };
        if let Some(end) = ends_at(file, len, r.data, n) {
            r.len = n;
            r.end = end;
            regions.push(r);
        }
    }
    regions.sort_by_key(|r| r.kw);
    // Overlapping regions (a confused lexer): keep none of them rather than guess.
    let overlapping = regions.windows(2).any(|w| w[1].kw < w[0].end);
    if overlapping {
        regions.clear();
    }
    Ok(Scan { regions, encrypted })
}
