//! The revisions of a PDF file. A file is its first revision plus one incremental update per
//! later revision, each ending with `startxref N %%EOF` where N is that revision's
//! cross-reference section; a section's /Prev names the section before it. Signature checking
//! needs exactly where each revision ends (a signature must cover a whole revision) and what
//! each later revision redefined (the difference analysis).
//!
//! Parsing is lopdf's, on the prefix of the file that ends with a revision; stream data is
//! dropped while loading (only dictionaries decide a revision's meaning here), so a state costs
//! the size of the document's structure, not of its images.

use std::collections::{BTreeMap, BTreeSet};

use lopdf::xref::{XrefEntry, XrefRecovery};
use lopdf::{Document, Object, ObjectId};

use super::ambiguity::Ambiguity;
use super::error::Wrapped;
use super::problem::RevisionError;

/// Where one revision's cross-reference section is and where the revision ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Revision {
    /// The `startxref` value: the offset of this revision's cross-reference section.
    pub xref_offset: usize,
    /// Just past `%%EOF`.
    pub eof_end: usize,
    /// Just past `%%EOF` and its end-of-line marker, if any (signers differ on whether the
    /// marker belongs to the signed bytes; both ends close the revision).
    pub end: usize,
}

impl Revision {
    /// Whether a signed range ending at `end` ends exactly with this revision.
    pub fn ends_at(&self, end: usize) -> bool {
        end == self.eof_end || end == self.end
    }
}

/// The revision whose `%%EOF` (with or without its end-of-line marker) ends exactly at `end`,
/// or why there is none.
pub fn revision_ending_at(bytes: &[u8], end: usize) -> Result<Revision, RevisionError> {
    let head = bytes.get(..end).ok_or(RevisionError::RangePastEnd)?;
    let trimmed = trim_eol(head);
    let Some(before_eof) = trimmed.strip_suffix(b"%%EOF") else {
        return Err(RevisionError::NoEof);
    };
    // At most one end-of-line marker may follow %%EOF inside the signed range.
    if head.len() - trimmed.len() > 2
        || (head.len() - trimmed.len() == 2 && !head.ends_with(b"\r\n"))
    {
        return Err(RevisionError::PastEof);
    }
    let xref_offset = startxref_before(before_eof).ok_or(RevisionError::NoStartxref)?;
    if !opens_xref_section(bytes, xref_offset) || xref_offset >= before_eof.len() {
        return Err(RevisionError::StartxrefNotSection {
            offset: xref_offset,
        });
    }
    let eof_end = trimmed.len();
    let end = eof_end + eol_len(&bytes[eof_end..]);
    Ok(Revision {
        xref_offset,
        eof_end,
        end,
    })
}

/// The revisions appended after `base` (which must be a revision of `bytes`), oldest first,
/// found by following the /Prev chain back from the file's last `startxref`. Fails when the
/// chain does not lead back to `base` (a later section that skips or replaces earlier ones
/// could hide signed objects) or when the file does not end with a revision.
pub fn later_revisions(bytes: &[u8], base: &Revision) -> Result<Vec<Revision>, RevisionError> {
    let last = last_revision(bytes)?;
    let mut chain = Vec::new();
    let mut current = last;
    let mut guard = 0;
    while current.xref_offset != base.xref_offset {
        guard += 1;
        if guard > 10_000 {
            return Err(RevisionError::ChainTooLong);
        }
        let at = current.xref_offset;
        let prev = prev_of(bytes, at).ok_or(RevisionError::NoPrev { at })?;
        if prev >= at {
            return Err(RevisionError::PrevNotEarlier { at, prev });
        }
        if prev < base.xref_offset {
            return Err(RevisionError::SkipsSigned { at, prev });
        }
        chain.push(current);
        current = if prev == base.xref_offset {
            base.clone()
        } else {
            revision_of_section(
                bytes,
                prev,
                chain.last().map_or(bytes.len(), |r| r.xref_offset),
            )?
        };
    }
    chain.reverse();
    // Each later revision starts after the one before it ends.
    let mut previous_end = base.eof_end;
    for r in &chain {
        if r.xref_offset < previous_end {
            return Err(RevisionError::InsideEarlier { at: r.xref_offset });
        }
        previous_end = r.eof_end;
    }
    Ok(chain)
}

/// How far back from the end of the file the last `%%EOF` is looked for: bytes after it that
/// belong to no revision are tolerated up to this (as pyHanko does), beyond it the file is
/// taken to be truncated or damaged.
const EOF_SEARCH: usize = 1024;

/// The file's last revision (its final `startxref … %%EOF`, at most [`EOF_SEARCH`] bytes
/// before the end of the file).
pub fn last_revision(bytes: &[u8]) -> Result<Revision, RevisionError> {
    let trimmed = trim_trailing(bytes);
    let from = trimmed.len().saturating_sub(EOF_SEARCH);
    let eof = trimmed[from..]
        .windows(5)
        .rposition(|w| w == b"%%EOF")
        .map(|p| from + p)
        .ok_or(RevisionError::FileNoEof)?;
    let xref_offset = startxref_before(&trimmed[..eof]).ok_or(RevisionError::FileNoStartxref)?;
    if !opens_xref_section(bytes, xref_offset) {
        return Err(RevisionError::LastStartxrefNotSection {
            offset: xref_offset,
        });
    }
    let eof_end = eof + 5;
    Ok(Revision {
        xref_offset,
        eof_end,
        end: eof_end + eol_len(&bytes[eof_end..]),
    })
}

/// The bytes after the last revision that belong to none (whitespace does not count).
pub fn trailing_garbage(bytes: &[u8], last: &Revision) -> usize {
    trim_trailing(bytes).len().saturating_sub(last.end)
}

/// The revision whose section is at `offset`: the first `startxref offset %%EOF` after it
/// and before `limit`.
fn revision_of_section(
    bytes: &[u8],
    offset: usize,
    limit: usize,
) -> Result<Revision, RevisionError> {
    let region = &bytes[offset..limit.min(bytes.len())];
    let mut from = 0;
    while let Some(p) = find(&region[from..], b"startxref") {
        let at = from + p + b"startxref".len();
        let rest = &region[at..];
        let ws = rest.iter().take_while(|b| is_ws(**b)).count();
        let digits = rest[ws..].iter().take_while(|b| b.is_ascii_digit()).count();
        let value = std::str::from_utf8(&rest[ws..ws + digits])
            .ok()
            .and_then(|s| s.parse::<usize>().ok());
        let after = &rest[ws + digits..];
        let ws2 = after.iter().take_while(|b| is_ws(**b)).count();
        if value == Some(offset) && after[ws2..].starts_with(b"%%EOF") {
            let eof_end = offset + at + ws + digits + ws2 + 5;
            return Ok(Revision {
                xref_offset: offset,
                eof_end,
                end: eof_end + eol_len(&bytes[eof_end..]),
            });
        }
        from = at;
    }
    Err(RevisionError::SectionNoEnding { offset })
}

fn trim_eol(b: &[u8]) -> &[u8] {
    let n = b
        .iter()
        .rev()
        .take_while(|c| **c == b'\n' || **c == b'\r')
        .count();
    &b[..b.len() - n]
}

fn trim_trailing(b: &[u8]) -> &[u8] {
    let n = b
        .iter()
        .rev()
        .take_while(|c| is_ws(**c) || **c == 0)
        .count();
    &b[..b.len() - n]
}

fn eol_len(b: &[u8]) -> usize {
    if b.starts_with(b"\r\n") {
        2
    } else if b.starts_with(b"\n") || b.starts_with(b"\r") {
        1
    } else {
        0
    }
}

fn is_ws(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | 0)
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// The number in `startxref N` that `b` ends with (whitespace allowed around it).
fn startxref_before(b: &[u8]) -> Option<usize> {
    let b = trim_trailing(b);
    let digits = b.iter().rev().take_while(|c| c.is_ascii_digit()).count();
    if digits == 0 || digits > 12 {
        return None;
    }
    let value = std::str::from_utf8(&b[b.len() - digits..])
        .ok()?
        .parse()
        .ok()?;
    let before = trim_trailing(&b[..b.len() - digits]);
    before.ends_with(b"startxref").then_some(value)
}

/// Whether a cross-reference section starts at `offset`: the `xref` keyword, or an indirect
/// object (`N G obj`, a cross-reference stream).
fn opens_xref_section(bytes: &[u8], offset: usize) -> bool {
    let Some(at) = bytes.get(offset..) else {
        return false;
    };
    if at.starts_with(b"xref") {
        return true;
    }
    object_header_len(at).is_some()
}

/// The length of `N G obj` at the start of `b`.
fn object_header_len(b: &[u8]) -> Option<usize> {
    let mut i = 0;
    for _ in 0..2 {
        let d = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
        if d == 0 {
            return None;
        }
        i += d;
        let w = b[i..].iter().take_while(|c| is_ws(**c)).count();
        if w == 0 {
            return None;
        }
        i += w;
    }
    b[i..].starts_with(b"obj").then_some(i + 3)
}

/// The /Prev of the section at `offset`: from the trailer after a classic table, or from the
/// dictionary of a cross-reference stream. Only the top level of the dictionary counts.
pub(crate) fn prev_of(bytes: &[u8], offset: usize) -> Option<usize> {
    let at = bytes.get(offset..)?;
    let dict_start = if at.starts_with(b"xref") {
        let t = find(at, b"trailer")?;
        t + find(&at[t..], b"<<")?
    } else {
        let h = object_header_len(at)?;
        h + at[h..].iter().take_while(|c| is_ws(**c)).count()
    };
    top_level_int(&at[dict_start..], b"Prev")
}

/// The integer value of `/key` at the top level of the dictionary `<< … >>` at the start of
/// `b`: nested dictionaries, arrays, strings and comments are skipped, so a /Prev inside a
/// nested value cannot pose as the section's.
fn top_level_int(b: &[u8], key: &[u8]) -> Option<usize> {
    if !b.starts_with(b"<<") {
        return None;
    }
    let mut depth = 0i32;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'<' if b.get(i + 1) == Some(&b'<') => {
                depth += 1;
                i += 2;
            }
            b'>' if b.get(i + 1) == Some(&b'>') => {
                depth -= 1;
                i += 2;
                if depth == 0 {
                    return None;
                }
            }
            b'<' => i += b[i..].iter().position(|c| *c == b'>')? + 1,
            b'[' => {
                depth += 1;
                i += 1;
            }
            b']' => {
                depth -= 1;
                i += 1;
            }
            b'(' => {
                let mut nest = 0;
                while i < b.len() {
                    match b[i] {
                        b'\\' => i += 1,
                        b'(' => nest += 1,
                        b')' => {
                            nest -= 1;
                            if nest == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                    i += 1;
                }
                i += 1;
            }
            b'%' => i += b[i..].iter().position(|c| *c == b'\n' || *c == b'\r')?,
            b'/' => {
                let name_len = b[i + 1..]
                    .iter()
                    .take_while(|c| !is_ws(**c) && !b"/<>[]()%{}".contains(c))
                    .count();
                let name = &b[i + 1..i + 1 + name_len];
                i += 1 + name_len;
                if depth == 1 && name == key {
                    let ws = b[i..].iter().take_while(|c| is_ws(**c)).count();
                    let d = b[i + ws..]
                        .iter()
                        .take_while(|c| c.is_ascii_digit())
                        .count();
                    return std::str::from_utf8(&b[i + ws..i + ws + d])
                        .ok()?
                        .parse()
                        .ok();
                }
            }
            _ => i += 1,
        }
    }
    None
}

/// Keeps a stream's dictionary and drops its data (object and cross-reference streams, which
/// the loader itself decodes, keep theirs). Streams are never compared by content: a stream
/// object that a later revision redefines counts as changed.
pub(crate) fn drop_stream_data(id: ObjectId, o: &mut Object) -> Option<(ObjectId, Object)> {
    if let Object::Stream(s) = o
        && !s.dict.has_type(b"ObjStm")
        && !s.dict.has_type(b"XRef")
    {
        s.content = Vec::new();
    }
    // lopdf keeps the object in place for top-level objects and takes the returned copy for
    // objects inside object streams.
    Some((id, o.clone()))
}

/// The document as of the revision ending at `end`, for structure only (stream data dropped).
pub fn load_state(
    bytes: &[u8],
    end: usize,
    password: Option<&str>,
) -> Result<Document, RevisionError> {
    let doc = super::load_structure(&bytes[..end.min(bytes.len())], password).map_err(|e| {
        RevisionError::StateUnreadable {
            end,
            error: Wrapped(e),
        }
    })?;
    if doc.xref_recovery == Some(XrefRecovery::Reconstructed) {
        return Err(RevisionError::StateXrefDamaged { end });
    }
    Ok(doc)
}

/// How many revisions the file has up to and including `base` (1 = the original file).
pub fn number_of(bytes: &[u8], base: &Revision) -> usize {
    let mut n = 1;
    let mut at = base.xref_offset;
    while let Some(prev) = prev_of(bytes, at).filter(|p| *p < at) {
        n += 1;
        at = prev;
        if n > 100_000 {
            break;
        }
    }
    n
}

/// A comparable form of a cross-reference entry.
fn entry_key(e: &XrefEntry) -> (u8, u64) {
    match e {
        XrefEntry::Free | XrefEntry::UnusableFree => (0, 0),
        XrefEntry::Normal { offset, generation } => {
            (1, ((*offset as u64) << 16) | *generation as u64)
        }
        XrefEntry::Compressed { container, index } => {
            (2, ((*container as u64) << 16) | *index as u64)
        }
    }
}

/// The object numbers a revision (re)defined or freed: their cross-reference entries differ
/// between `before` and `after`. A redefined object stream changes every object stored in it.
pub fn changed_objects(before: &Document, after: &Document) -> BTreeSet<u32> {
    let old = &before.reference_table.entries;
    let new = &after.reference_table.entries;
    let mut changed: BTreeSet<u32> = BTreeSet::new();
    for (id, e) in new {
        if old.get(id).map(entry_key) != Some(entry_key(e)) {
            changed.insert(*id);
        }
    }
    for id in old.keys() {
        if !new.contains_key(id) {
            changed.insert(*id);
        }
    }
    let containers: BTreeMap<u32, Vec<u32>> = new.iter().fold(
        BTreeMap::new(),
        |mut m: BTreeMap<u32, Vec<u32>>, (id, e)| {
            if let XrefEntry::Compressed { container, .. } = e {
                m.entry(*container).or_default().push(*id);
            }
            m
        },
    );
    let redefined_containers: Vec<u32> = changed
        .iter()
        .filter(|c| containers.contains_key(c))
        .copied()
        .collect();
    for c in redefined_containers {
        changed.extend(containers[&c].iter().copied());
    }
    changed
}

/// Where a later revision's cross-reference data can be read two ways — viewers and this
/// parser could then see different documents: an object number listed
/// twice in the section, an entry whose offset holds another object's text, an entry into an
/// object stream whose slot holds another object (or the number twice). `after` is the state
/// the revision `rev` produced from `before`.
pub fn ambiguities(
    bytes: &[u8],
    rev: &Revision,
    before: &Document,
    after: &Document,
) -> Vec<Ambiguity> {
    let mut found = Vec::new();
    match section_numbers(bytes, rev.xref_offset, after) {
        Ok(numbers) => {
            let mut seen = BTreeSet::new();
            if let Some(num) = numbers.into_iter().find(|n| !seen.insert(*n)) {
                found.push(Ambiguity::ListedTwice { num });
            }
        }
        Err(e) => found.push(e),
    }
    found.extend(unlisted_definitions(bytes, rev, before, after));
    // An object the older revision lists in an object stream this parser did not load (a
    // container without /Type /ObjStm, which other readers may read anyway): what that
    // revision shows, and so what a later change to it means, is not known here.
    found.extend(
        unloaded_compressed(before)
            .map(|(num, container)| Ambiguity::StreamNotLoaded { num, container }),
    );
    for num in changed_objects(before, after) {
        match after.reference_table.entries.get(&num) {
            Some(XrefEntry::Normal { offset, generation }) => {
                let at = bytes.get(*offset as usize..).unwrap_or_default();
                match object_header(at) {
                    Some((n, g)) if n == num && g == *generation => {
                        if let Some(key) =
                            object_header_len(at).and_then(|h| duplicate_key(&at[h..]))
                        {
                            found.push(Ambiguity::DuplicateKey { num, key });
                        }
                    }
                    Some((other, generation)) => found.push(Ambiguity::PointsAtOther {
                        num,
                        other,
                        generation,
                    }),
                    None => found.push(Ambiguity::PointsAtNothing {
                        num,
                        offset: *offset,
                    }),
                }
            }
            Some(XrefEntry::Compressed { container, index }) => {
                if let Err(e) = check_compressed(after, num, *container, *index) {
                    found.push(e);
                }
            }
            _ => {}
        }
    }
    found
}

/// Object definitions in the bytes of revision `rev` that its cross-reference section does
/// not list at their place: a reader that rebuilds a broken table by scanning (poppler does)
/// would use them. Also a /XRefStm that does not lead to a cross-reference stream (which
/// makes such readers rebuild).
fn unlisted_definitions(
    bytes: &[u8],
    rev: &Revision,
    before: &Document,
    after: &Document,
) -> Vec<Ambiguity> {
    let mut found = Vec::new();
    // Where the revision's own bytes begin: after the previous revision's %%EOF.
    let start = before.xref_start.min(rev.xref_offset);
    let start = bytes[start..rev.xref_offset]
        .windows(5)
        .rposition(|w| w == b"%%EOF")
        .map_or(start, |p| start + p + 5);
    let listed: BTreeMap<usize, u32> = after
        .reference_table
        .entries
        .iter()
        .filter_map(|(n, e)| match e {
            XrefEntry::Normal { offset, .. } => Some((*offset as usize, *n)),
            _ => None,
        })
        .collect();
    // A hybrid file's cross-reference stream is named by the trailer's /XRefStm instead.
    let xref_stm = prev_like(bytes, rev.xref_offset, b"XRefStm");
    let region = &bytes[start..rev.xref_offset];
    let mut i = 0;
    while i < region.len() {
        let line_start = i == 0 || matches!(region[i - 1], b'\n' | b'\r');
        if line_start
            && region[i].is_ascii_digit()
            && let Some((num, _)) = object_header(&region[i..])
        {
            let at = start + i;
            if !listed.contains_key(&at) && xref_stm != Some(at) {
                found.push(Ambiguity::Unlisted { num, at });
            }
            // Skip the object's body (a stream may hold anything).
            match find(&region[i..], b"endobj") {
                Some(p) => i += p + 6,
                None => break,
            }
            continue;
        }
        i += 1;
    }
    // (The stream need not be in any table, so its dictionary is read from the bytes.)
    let is_xref_stream = |at: usize| {
        let Some(obj) = bytes.get(at..) else {
            return false;
        };
        let head = &obj[..obj.len().min(4096)];
        object_header(head).is_some()
            && find(head, b"stream")
                .and_then(|end| find(&head[..end], b"/XRef"))
                .is_some()
    };
    if let Some(stm) = xref_stm
        && !is_xref_stream(stm)
    {
        found.push(Ambiguity::BadXRefStm { stm });
    }
    found
}

/// An integer entry `key` of the trailer (or cross-reference stream dictionary) of the
/// section at `offset`.
pub(crate) fn prev_like(bytes: &[u8], offset: usize, key: &[u8]) -> Option<usize> {
    let at = bytes.get(offset..)?;
    let dict_start = if at.starts_with(b"xref") {
        let t = find(at, b"trailer")?;
        t + find(&at[t..], b"<<")?
    } else {
        let h = object_header_len(at)?;
        h + at[h..].iter().take_while(|c| is_ws(**c)).count()
    };
    top_level_int(&at[dict_start..], key)
}

/// The first name that appears twice as a key of one dictionary in the object text `b`
/// (nested dictionaries included; up to the object's end or its stream data). lopdf keeps the
/// last of two equal keys, other readers the first: such an object reads two ways.
fn duplicate_key(b: &[u8]) -> Option<String> {
    let mut p = Parser {
        b,
        i: 0,
        dup: None,
        depth: 0,
    };
    p.value();
    p.dup
}

/// A minimal reader of PDF object syntax, only to find duplicate dictionary keys.
struct Parser<'a> {
    b: &'a [u8],
    i: usize,
    dup: Option<String>,
    depth: usize,
}

impl Parser<'_> {
    fn ws(&mut self) {
        while self.i < self.b.len() {
            match self.b[self.i] {
                c if is_ws(c) => self.i += 1,
                b'%' => {
                    while self.i < self.b.len() && !matches!(self.b[self.i], b'\n' | b'\r') {
                        self.i += 1;
                    }
                }
                _ => break,
            }
        }
    }

    fn name(&mut self) -> Vec<u8> {
        self.i += 1; // the slash
        let s = self.i;
        while self.i < self.b.len()
            && !is_ws(self.b[self.i])
            && !b"/<>[]()%{}".contains(&self.b[self.i])
        {
            self.i += 1;
        }
        self.b[s..self.i].to_vec()
    }

    fn value(&mut self) {
        self.ws();
        if self.i >= self.b.len() || self.dup.is_some() || self.depth > 64 {
            return;
        }
        match self.b[self.i] {
            b'<' if self.b.get(self.i + 1) == Some(&b'<') => {
                self.i += 2;
                self.depth += 1;
                let mut keys = BTreeSet::new();
                loop {
                    self.ws();
                    if self.i >= self.b.len() || self.dup.is_some() {
                        return;
                    }
                    if self.b[self.i..].starts_with(b">>") {
                        self.i += 2;
                        break;
                    }
                    if self.b[self.i] != b'/' {
                        return; // not a key: malformed, others will say so
                    }
                    let key = self.name();
                    if !keys.insert(key.clone()) {
                        self.dup = Some(String::from_utf8_lossy(&key).into_owned());
                        return;
                    }
                    self.value();
                }
                self.depth -= 1;
            }
            b'<' => {
                while self.i < self.b.len() && self.b[self.i] != b'>' {
                    self.i += 1;
                }
                self.i += 1;
            }
            b'[' => {
                self.i += 1;
                self.depth += 1;
                loop {
                    self.ws();
                    if self.i >= self.b.len() || self.dup.is_some() {
                        return;
                    }
                    if self.b[self.i] == b']' {
                        self.i += 1;
                        break;
                    }
                    let before = self.i;
                    self.value();
                    if self.i == before {
                        self.i += 1;
                    }
                }
                self.depth -= 1;
            }
            b'(' => {
                let mut nest = 0;
                while self.i < self.b.len() {
                    match self.b[self.i] {
                        b'\\' => self.i += 1,
                        b'(' => nest += 1,
                        b')' => {
                            nest -= 1;
                            if nest == 0 {
                                self.i += 1;
                                return;
                            }
                        }
                        _ => {}
                    }
                    self.i += 1;
                }
            }
            b'/' => {
                self.name();
            }
            _ => {
                // A number, a reference (N G R), true/false/null: one token; an "N G R"
                // reads as three, which is harmless in a key/value walk only if consumed
                // whole, so take a following "G R" too.
                self.token();
                let save = self.i;
                self.ws();
                if self.i < self.b.len() && self.b[self.i].is_ascii_digit() {
                    self.token();
                    self.ws();
                    if self.b.get(self.i) == Some(&b'R') {
                        self.i += 1;
                        return;
                    }
                }
                self.i = save;
            }
        }
    }

    fn token(&mut self) {
        while self.i < self.b.len()
            && !is_ws(self.b[self.i])
            && !b"/<>[]()%".contains(&self.b[self.i])
        {
            self.i += 1;
        }
    }
}

/// The object numbers one cross-reference section lists (a classic table, or a
/// cross-reference stream's /Index ranges).
fn section_numbers(bytes: &[u8], offset: usize, after: &Document) -> Result<Vec<u32>, Ambiguity> {
    let at = bytes.get(offset..).ok_or(Ambiguity::SectionOutside)?;
    let mut numbers = Vec::new();
    if let Some(mut rest) = at.strip_prefix(b"xref") {
        loop {
            rest = &rest[rest.iter().take_while(|c| is_ws(**c)).count()..];
            if rest.starts_with(b"trailer") || rest.is_empty() {
                return Ok(numbers);
            }
            let (start, r) = read_uint(rest).ok_or(Ambiguity::SubsectionHeader)?;
            let (count, r) = read_uint(r).ok_or(Ambiguity::SubsectionHeader)?;
            if count > 10_000_000 || start > u64::from(u32::MAX) {
                return Err(Ambiguity::ImpossibleSubsection);
            }
            rest = r;
            for i in 0..count {
                let (_, r) = read_uint(rest).ok_or(Ambiguity::UnreadableEntry)?;
                let (_, r) = read_uint(r).ok_or(Ambiguity::UnreadableEntry)?;
                let r = &r[r.iter().take_while(|c| is_ws(**c)).count()..];
                if !matches!(r.first(), Some(b'n' | b'f')) {
                    return Err(Ambiguity::EntryNeitherUsedNorFree);
                }
                rest = &r[1..];
                numbers.push((start + i) as u32);
            }
        }
    }
    let (num, generation) = object_header(at).ok_or(Ambiguity::NoSection)?;
    // A cross-reference stream that does not list itself is not loaded as an object: its
    // ranges cannot be read here (the entries lopdf merged are still checked one by one).
    let Some(stream) = after
        .objects
        .get(&(num, generation))
        .and_then(|o| o.as_stream().ok())
    else {
        return Ok(numbers);
    };
    let size = stream
        .dict
        .get(b"Size")
        .and_then(Object::as_i64)
        .unwrap_or(0);
    let index: Vec<i64> = match stream.dict.get(b"Index").and_then(Object::as_array) {
        Ok(a) => a.iter().filter_map(|v| v.as_i64().ok()).collect(),
        Err(_) => vec![0, size],
    };
    for pair in index.chunks(2) {
        if let [start, count] = pair {
            if *start < 0 || *count < 0 || *count > 10_000_000 {
                return Err(Ambiguity::ImpossibleIndex);
            }
            numbers.extend((*start..start + count).map(|n| n as u32));
        }
    }
    Ok(numbers)
}

fn read_uint(b: &[u8]) -> Option<(u64, &[u8])> {
    let b = &b[b.iter().take_while(|c| is_ws(**c)).count()..];
    let d = b.iter().take_while(|c| c.is_ascii_digit()).count();
    if d == 0 || d > 12 {
        return None;
    }
    Some((std::str::from_utf8(&b[..d]).ok()?.parse().ok()?, &b[d..]))
}

/// `N G obj` at the start of `b`: the object number and generation.
fn object_header(b: &[u8]) -> Option<(u32, u16)> {
    object_header_len(b)?;
    let (n, r) = read_uint(b)?;
    let (g, _) = read_uint(r)?;
    Some((u32::try_from(n).ok()?, u16::try_from(g).ok()?))
}

/// The first object `doc`'s table places in an object stream that `doc` has not loaded:
/// the object's number and its container's.
pub(crate) fn unloaded_compressed(doc: &Document) -> Option<(u32, u32)> {
    doc.reference_table
        .entries
        .iter()
        .find_map(|(num, e)| match e {
            XrefEntry::Compressed { container, .. }
                if doc
                    .objects
                    .range((*num, 0)..=(*num, u16::MAX))
                    .next()
                    .is_none() =>
            {
                Some((*num, *container))
            }
            _ => None,
        })
}

/// The object stream `container` holds object `num` in slot `index`, and only there.
fn check_compressed(doc: &Document, num: u32, container: u32, index: u16) -> Result<(), Ambiguity> {
    let stream = doc
        .objects
        .range((container, 0)..=(container, u16::MAX))
        .next()
        .and_then(|(_, o)| o.as_stream().ok())
        .ok_or(Ambiguity::StreamNotLoaded { num, container })?;
    let n = stream
        .dict
        .get(b"N")
        .and_then(Object::as_i64)
        .unwrap_or(0)
        .max(0) as usize;
    let data = stream
        .decompressed_content_with_limit(super::MAX_STREAM_BYTES)
        .or_else(|_| Ok::<_, lopdf::Error>(stream.content.clone()))
        .map_err(|_| Ambiguity::StreamUnreadable { container })?;
    let mut rest: &[u8] = &data;
    let mut slots = Vec::new();
    for _ in 0..n.min(1_000_000) {
        let Some((obj, r)) = read_uint(rest) else {
            break;
        };
        let Some((_, r)) = read_uint(r) else {
            break;
        };
        slots.push(obj);
        rest = r;
    }
    if slots.get(index as usize) != Some(&u64::from(num)) {
        return Err(Ambiguity::WrongSlot {
            num,
            index,
            container,
        });
    }
    if slots.iter().filter(|s| **s == u64::from(num)).count() > 1 {
        return Err(Ambiguity::TwiceInStream { num, container });
    }
    Ok(())
}

/// The byte offset at which `id` is defined in the file, if it is stored uncompressed.
pub fn object_offset(doc: &Document, id: ObjectId) -> Option<usize> {
    match doc.reference_table.entries.get(&id.0)? {
        XrefEntry::Normal { offset, generation } if *generation == id.1 => Some(*offset as usize),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duplicate_keys_are_found_at_any_depth() {
        assert_eq!(
            duplicate_key(b" << /A 1 /B << /C 2 0 R /C 3 >> >>").as_deref(),
            Some("C")
        );
        assert_eq!(
            duplicate_key(b" << /Type /Catalog /Type /Catalog >>").as_deref(),
            Some("Type")
        );
        assert_eq!(
            duplicate_key(b" << /A [1 2 0 R (x)] /B (a\\)b) /C <00> >>"),
            None
        );
        assert_eq!(duplicate_key(b" << /A 1 >> stream\n<< /A 1 /A 2 >>"), None);
    }

    #[test]
    fn prev_is_read_from_the_top_level_only() {
        let d = b"<< /Size 5 /Info << /Prev 1 >> /Arr [ /Prev 2 ] /S (/Prev 3) /Prev 77 >>";
        assert_eq!(top_level_int(d, b"Prev"), Some(77));
        assert_eq!(top_level_int(b"<< /Size 5 >>", b"Prev"), None);
    }

    #[test]
    fn a_revision_end_needs_startxref_and_eof() {
        let f = b"%PDF-1.7\nxref\n0 1\n0000000000 65535 f \ntrailer\n<< /Size 1 >>\nstartxref\n9\n%%EOF\n";
        let r = revision_ending_at(f, f.len()).unwrap();
        assert_eq!(r.xref_offset, 9);
        assert!(r.ends_at(f.len()) && r.ends_at(f.len() - 1));
        assert!(revision_ending_at(f, f.len() - 10).is_err());
    }
}
