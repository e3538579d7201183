//! The bytes `verify` reads: the whole file in memory, or (issue 17) a stand-in of it whose
//! large streams stay in the file (`pdf::lazy`), with the signed ranges hashed streaming
//! from the file and the few stream data verification needs (the DSS entries) read there.
//!
//! Verification reads the file two ways: lopdf parses revisions (the stand-in parses as the
//! file does, `lazy::agree` checks each state), and the revision and signature checks read
//! bytes at offsets or search for keywords. Those give the file's answers on the stand-in
//! when none of the positions they read lies in a hollowed stream (`touch`) and no hollowed
//! stream's data holds a keyword they search for (checked as the data is hashed). Anything
//! else marks the stand-in as disagreeing, and the caller verifies the file read whole: the
//! lazy path never gives another verdict, only the same one with less memory.

use std::borrow::Cow;
use std::cell::Cell;
use std::fs::File;
use std::os::unix::fs::FileExt;
use std::path::Path;

use lopdf::Document;
use memchr::memmem::Finder;

use super::digests::{self, RangeDigests, Running};
use crate::error::Result;
use crate::pdf::lazy::{self, Region};
use crate::pdf::problem::RevisionError;
use crate::pdf::revisions;
use crate::pdf::sign::DigestAlg;

/// A PDF whose large streams' data stayed in the file.
pub(crate) struct Hollowed {
    file: File,
    regions: Vec<Region>,
    stand_in: Vec<u8>,
    disagreed: Cell<bool>,
}

/// Keywords the byte-level checks search for (`revisions`, the signature's own object):
/// hollowed data must not hold them, or the stand-in could answer differently.
const KEYWORDS: [&[u8]; 4] = [b"endobj", b"%%EOF", b"startxref", b"trailer"];

/// Read buffer of the streaming pass.
const CHUNK: usize = 1 << 20;

/// Opens `path` (at most 512 MiB, the refusals of `read_pdf_file`) with its large streams
/// left in the file; `None` when it has none or cannot be read so.
pub(crate) fn open(path: &Path) -> Result<Option<Hollowed>> {
    let cannot = |e: std::io::Error| crate::input::unreadable("PDF", path, &e);
    let file = File::open(path).map_err(cannot)?;
    let Some(len) = lazy::regular_size(&file, path)? else {
        return Ok(None);
    };
    let scan = lazy::scan(&file, len).map_err(cannot)?;
    let Some(size) = usize::try_from(len).ok() else {
        return Ok(None);
    };
    if scan.encrypted || scan.regions.is_empty() {
        return Ok(None);
    }
    let stand_in = lazy::stand_in(&file, size, &scan.regions).map_err(cannot)?;
    // What follows the last hollowed stream must not be white space only: trimming the
    // file's end would run into the stand-in's zeros.
    let last_end = scan.regions.last().map_or(0, |r| r.end as usize);
    if !stand_in[last_end..].iter().any(|c| !is_ws(*c)) {
        return Ok(None);
    }
    Ok(Some(Hollowed {
        file,
        regions: scan.regions,
        stand_in,
        disagreed: Cell::new(false),
    }))
}

fn is_ws(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | 0)
}

impl Hollowed {
    pub(crate) fn input(&self) -> Input<'_> {
        Input {
            bytes: &self.stand_in,
            hollow: Some(self),
        }
    }

    /// Whether anything read on the stand-in could differ from the file.
    pub(crate) fn disagreed(&self) -> bool {
        self.disagreed.get()
    }

    fn disagree(&self) {
        self.disagreed.set(true);
    }

    /// Whether `[from, to)` overlaps bytes the stand-in does not hold as the file does.
    fn overlaps(&self, from: usize, to: usize) -> bool {
        let first = self.regions.partition_point(|r| r.end as usize <= from);
        self.regions
            .get(first)
            .is_some_and(|r| (r.kw as usize) < to.max(from + 1))
    }

    fn read_at(&self, at: usize, len: usize) -> Option<Vec<u8>> {
        let mut buf = vec![0; len];
        match self.file.read_exact_at(&mut buf, at as u64) {
            Ok(()) => Some(buf),
            Err(_) => {
                self.disagree();
                None
            }
        }
    }

    /// Reads `[0, len)` of the file in chunks, showing each to `see`, and checks that no
    /// hollowed data holds a [`KEYWORDS`] keyword.
    fn stream(&self, len: usize, see: &mut dyn FnMut(usize, &[u8])) {
        let finders: Vec<Finder> = KEYWORDS.iter().map(Finder::new).collect();
        let found = |at: usize, b: &[u8]| -> bool {
            // Only the parts of `b` (at offset `at`) inside hollowed data.
            let first = self
                .regions
                .partition_point(|r| ((r.data + r.len) as usize) <= at);
            self.regions[first..]
                .iter()
                .take_while(|r| (r.data as usize) < at + b.len())
                .any(|r| {
                    let from = (r.data as usize).max(at) - at;
                    let to = ((r.data + r.len) as usize).min(at + b.len()) - at;
                    finders.iter().any(|f| f.find(&b[from..to]).is_some())
                })
        };
        let mut buf = vec![0; CHUNK];
        let mut tail: Vec<u8> = Vec::new();
        let mut at = 0;
        while at < len {
            let n = (len - at).min(CHUNK);
            if self.file.read_exact_at(&mut buf[..n], at as u64).is_err() {
                self.disagree();
                return;
            }
            let chunk = &buf[..n];
            // A keyword across the chunk boundary.
            let head = &chunk[..n.min(16)];
            let joint = [tail.as_slice(), head].concat();
            if found(at - tail.len(), &joint) || found(at, chunk) {
                self.disagree();
            }
            see(at, chunk);
            tail = chunk[n.saturating_sub(16)..].to_vec();
            at += n;
        }
    }
}

/// What verification reads: `bytes` (the file, or the stand-in) and, for a stand-in, the
/// file behind it.
#[derive(Clone, Copy)]
pub(crate) struct Input<'a> {
    pub(crate) bytes: &'a [u8],
    hollow: Option<&'a Hollowed>,
}

impl<'a> Input<'a> {
    /// The file read whole.
    pub(crate) fn whole(bytes: &'a [u8]) -> Input<'a> {
        Input {
            bytes,
            hollow: None,
        }
    }

    /// Notes that the checks read `[from, to)`: on a stand-in, those bytes must be the file's.
    pub(crate) fn touch(&self, from: usize, to: usize) {
        if let Some(h) = self.hollow
            && h.overlaps(from, to)
        {
            h.disagree();
        }
    }

    /// The document as of `end` (the whole file: `bytes.len()`), for structure only.
    pub(crate) fn structure(
        &self,
        end: usize,
        password: Option<&str>,
    ) -> Result<Document, crate::error::Error> {
        let mut doc =
            crate::pdf::load_structure(&self.bytes[..end.min(self.bytes.len())], password)
                .inspect_err(|_| self.disagree())?;
        self.agree(&mut doc);
        Ok(doc)
    }

    /// The state as of the revision ending at `end` (`revisions::load_state`).
    pub(crate) fn state(
        &self,
        end: usize,
        password: Option<&str>,
    ) -> std::result::Result<Document, RevisionError> {
        let mut doc =
            revisions::load_state(self.bytes, end, password).inspect_err(|_| self.disagree())?;
        self.agree(&mut doc);
        Ok(doc)
    }

    /// The hollowed streams of `doc` (parsed from the stand-in) as streams again.
    fn agree(&self, doc: &mut Document) {
        if let Some(h) = self.hollow
            && lazy::agree(doc, &h.regions).is_none()
        {
            h.disagree();
        }
    }

    /// Notes the bytes the revision checks read at fixed places: each signature's gap, its
    /// own object up to the gap and the end of its range, and every cross-reference section
    /// the checks start from (the file's last, each signed revision's, and their /Prev
    /// chains; a /XRefStm's object).
    pub(crate) fn touch_revisions(&self, signatures: &[([usize; 4], Option<usize>)]) {
        if self.hollow.is_none() {
            return;
        }
        let mut starts = Vec::new();
        starts.extend(
            revisions::last_revision(self.bytes)
                .ok()
                .map(|r| r.xref_offset),
        );
        for (br, own) in signatures {
            let end = br[2].saturating_add(br[3]).min(self.bytes.len());
            self.touch(own.unwrap_or(br[1]).min(br[1]), br[2].max(br[1]));
            self.touch(end.saturating_sub(16), end);
            starts.extend(
                revisions::revision_ending_at(self.bytes, end)
                    .ok()
                    .map(|r| r.xref_offset),
            );
        }
        for start in starts {
            let mut at = start;
            for _ in 0..100_000 {
                self.touch(at, at + 1);
                if let Some(stm) = revisions::prev_like(self.bytes, at, b"XRefStm") {
                    self.touch(stm, stm + 4096);
                }
                match revisions::prev_of(self.bytes, at).filter(|p| *p < at) {
                    Some(prev) => at = prev,
                    None => break,
                }
            }
        }
    }

    fn disagree(&self) {
        if let Some(h) = self.hollow {
            h.disagree();
        }
    }

    /// The digests `wanted` asks for (see `digests::range_digests`), and for a stand-in the
    /// check of the hollowed data, in one pass over the file.
    pub(crate) fn range_digests(&self, wanted: &[(DigestAlg, [usize; 4])]) -> RangeDigests {
        let Some(h) = self.hollow else {
            return digests::range_digests(self.bytes, wanted);
        };
        let mut hashing = digests::Streaming::new(self.bytes.len(), wanted);
        h.stream(self.bytes.len(), &mut |at, chunk| hashing.update(at, chunk));
        hashing.finish()
    }

    /// The digest of the signed ranges `br` (checked to lie within the file).
    pub(crate) fn digest(&self, alg: DigestAlg, br: [usize; 4]) -> Vec<u8> {
        let end = br[2] + br[3];
        let Some(h) = self.hollow else {
            return alg.digest(&[&self.bytes[..br[1]], &self.bytes[br[2]..end]]);
        };
        let mut running = Running::new(alg);
        let mut buf = vec![0; CHUNK];
        for (from, to) in [(0, br[1]), (br[2], end)] {
            let mut at = from;
            while at < to {
                let n = (to - at).min(CHUNK);
                if h.file.read_exact_at(&mut buf[..n], at as u64).is_err() {
                    h.disagree();
                }
                running.update(&buf[..n]);
                at += n;
            }
        }
        running.finish()
    }

    /// The signed ranges' bytes themselves (what a signature without signed attributes
    /// signs).
    pub(crate) fn covered(&self, br: [usize; 4]) -> Vec<u8> {
        let end = br[2] + br[3];
        match self.hollow {
            None => [&self.bytes[..br[1]], &self.bytes[br[2]..end]].concat(),
            Some(h) => {
                let mut out = h.read_at(0, br[1]).unwrap_or_default();
                out.extend(h.read_at(br[2], br[3]).unwrap_or_default());
                out
            }
        }
    }

    /// The raw data (`length` bytes) of the stream object defined at `offset`: after the
    /// first `stream` keyword and its end of line.
    pub(crate) fn stream_data(&self, offset: usize, length: usize) -> Option<Vec<u8>> {
        // On a stand-in, the object's text is read from the file: up to this much of it.
        const HEAD: usize = 64 * 1024;
        let head: Cow<[u8]> = match self.hollow {
            None => Cow::Borrowed(self.bytes.get(offset..)?),
            Some(h) => {
                let n = self.bytes.len().checked_sub(offset)?.min(HEAD);
                Cow::Owned(h.read_at(offset, n)?)
            }
        };
        let Some(keyword) = head.windows(6).position(|w| w == b"stream") else {
            if head.len() == HEAD {
                self.disagree();
            }
            return None;
        };
        let keyword = keyword + 6;
        if head.len() == HEAD && keyword + 2 > HEAD {
            self.disagree();
        }
        // The keyword ends with CRLF or LF (ISO 32000-1 §7.3.8.1).
        let data_at = match head.get(keyword..keyword + 2)? {
            [b'\r', b'\n'] => keyword + 2,
            [b'\n', _] => keyword + 1,
            _ => return None,
        };
        let data_end = data_at.checked_add(length)?;
        match self.hollow {
            None => head.get(data_at..data_end).map(<[u8]>::to_vec),
            Some(h) => {
                let at = offset.checked_add(data_at)?;
                (at.checked_add(length)? <= self.bytes.len())
                    .then(|| h.read_at(at, length))
                    .flatten()
            }
        }
    }
}
