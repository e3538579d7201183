//! Checking the signatures of a PDF (D20): every signature dictionary (from the form's
//! signature fields, and any other /Type /Sig or /DocTimeStamp object), whoever made it
//! (catool, pyHanko, Adobe …). For each: the coverage is exact (the signed ranges start at 0,
//! the gap is exactly this dictionary's own /Contents hex string, and they end exactly at the
//! end of a revision); the CMS is intact (`cms`); and every revision appended after the signed
//! one is compared with it and classified (`super::diff`), against what the signature's
//! DocMDP permission allows. Trust in the certificate (chain, status, time) is the caller's.

use std::collections::{BTreeMap, BTreeSet};

use lopdf::{Dictionary, Document, Object, ObjectId};
use serde::Serialize;

use super::diff::{self, Change, Level, Refusal, What, locks::FieldLock};
use super::error::PdfError;
use super::problem::{MAX_LATER_REVISIONS, MAX_OBJECT_PARSES, SignatureProblem};
use super::resolve;
use super::revisions;
use super::sign::DigestAlg;
use crate::error::Result;

mod cms;
pub(crate) mod digests;
mod input;
mod timestamps;

pub use timestamps::TimestampReport;

pub(crate) use cms::check_cms;
use cms::tlv;
use digests::Covered;
use input::Input;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Coverage {
    /// The signed ranges are the whole file except the signature's own /Contents.
    WholeFile,
    /// The signed ranges are a whole earlier revision; later revisions were appended (the
    /// difference analysis says what they changed).
    EarlierRevision,
    /// The signed ranges are not a whole revision (or could not be read): bytes of the
    /// signed revision itself are unsigned.
    Incomplete,
}

/// What kind of signature a signature dictionary is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SignatureKind {
    /// An approval signature (签署).
    Approval,
    /// A certification signature (DocMDP): it says which later changes are allowed.
    Certification,
    /// A document timestamp (/DocTimeStamp).
    DocumentTimestamp,
}

/// Where the signing time comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TimeSource {
    /// The signer's own claim (CMS signingTime or the dictionary's /M): nothing proves it.
    Claimed,
    /// A timestamp token (a document timestamp's own time).
    Timestamp,
}

#[derive(Debug, Clone, Serialize)]
pub struct SignatureReport {
    /// The signature field's full name, or "(object N G)" for a signature dictionary no
    /// field points to.
    pub field: String,
    pub kind: SignatureKind,
    /// For a certification signature: its DocMDP permission (1 no changes, 2 form filling
    /// and signing, 3 also annotations).
    pub docmdp_permission: Option<u8>,
    pub signer_subject: String,
    pub signer_serial_hex: String,
    pub issuer: String,
    /// RFC 3339, UTC: the CMS signingTime, else the signature dictionary's /M.
    pub signing_time: Option<String>,
    pub signing_time_source: TimeSource,
    /// e.g. "RSA-SHA256", "SM2-SM3".
    pub algorithm: String,
    /// The digest of the signed ranges equals the CMS messageDigest and the signature over
    /// the signed attributes verifies with the signer's certificate.
    pub integrity_ok: bool,
    pub coverage: Coverage,
    /// The signed ranges reach the end of the file.
    pub covers_whole_file: bool,
    /// Later revisions were appended after this signature.
    pub modified_after: bool,
    /// The revision this signature signed (1 = the original file), and how many the file has.
    pub revision: usize,
    pub revisions: usize,
    /// What the later revisions changed, at most: `none` when the signature covers the whole
    /// file.
    pub modification_level: Level,
    /// The most this signature allows (the document's DocMDP permission; annotations when
    /// the document is not certified).
    pub allowed_level: Level,
    /// The DocMDP permission of the signature field's /Lock, if any.
    pub lock_permission: Option<u8>,
    /// The form fields this signature locks (its field's /Lock, its FieldMDP /Reference).
    #[serde(skip)]
    pub field_locks: Vec<FieldLock>,
    /// Every change a later revision made, in order.
    pub changes: Vec<Change>,
    pub byte_range: [usize; 4],
    /// The signature's own timestamp (PAdES B-T), or for a document timestamp its token.
    pub timestamp: Option<TimestampReport>,
    /// The GB/T 38540 seal catool recorded in the signature dictionary (`/CATOOL_ESID`,
    /// `/CATOOL_SealMaker`: see `SignRequest::seal_mark`), if any.
    pub seal: Option<SealFound>,
    /// What is wrong (or could not be checked), if anything (in English in the JSON report).
    #[serde(serialize_with = "super::error::english")]
    pub problem: Option<SignatureProblem>,
    #[serde(skip)]
    pub signer_der: Vec<u8>,
    #[serde(skip)]
    pub chain_der: Vec<Vec<u8>>,
    /// For a document timestamp: the document security store as of the revision it signed,
    /// the validation data it protects (what a /DSS added after it holds is not).
    #[serde(skip)]
    pub covered_validation_data: Option<super::ltv::ValidationData>,
}

/// The seal a signature dictionary names (see [`SignatureReport::seal`]).
#[derive(Debug, Clone, Serialize)]
pub struct SealFound {
    pub es_id: String,
    pub maker: String,
}

/// A signature dictionary found in the document: the field it is the value of, the object
/// that holds it (the dictionary itself, or the field when the value is inline), and its kind.
struct Found {
    field: String,
    holder: Option<ObjectId>,
    dict: Dictionary,
    /// The /P of the field's /Lock dictionary (a field lock can carry a DocMDP permission).
    lock_p: Option<u8>,
    field_locks: Vec<FieldLock>,
}

/// The locks of a signature in a document's form: what it allows of the revisions after it.
#[derive(Debug)]
pub(crate) struct Locks {
    /// Its field's full name.
    pub field: String,
    /// The DocMDP permission of its field's /Lock (/P), if any.
    pub lock_p: Option<u8>,
    /// Its field locks (FieldMDP).
    pub field_locks: Vec<FieldLock>,
}

/// The locks of every signature in `doc`'s form, read as [`verify`] reads them (what
/// `pdf sign` checks before it adds a signature).
pub(crate) fn signature_locks(doc: &Document) -> Vec<Locks> {
    form_signatures(doc)
        .0
        .into_iter()
        .map(|f| Locks {
            field: f.field,
            lock_p: f.lock_p,
            field_locks: f.field_locks,
        })
        .collect()
}

/// The signatures that are values of `doc`'s form fields, and the signature dictionaries
/// among them that are objects of their own. A signature dictionary that is the value of two
/// fields is reported for each (a field added later to show an earlier signature again is
/// judged, not hidden behind the first).
fn form_signatures(doc: &Document) -> (Vec<Found>, BTreeSet<ObjectId>) {
    let mut walk = Walk::default();
    for f in super::form_fields(doc).into_iter().flatten() {
        walk_field(doc, f, "", None, &mut walk, 0);
    }
    let seen = walk.pairs.iter().map(|(sig, _)| *sig).collect();
    (walk.found, seen)
}

/// What the walk of the form's fields found so far.
#[derive(Default)]
struct Walk {
    found: Vec<Found>,
    /// Each signature dictionary that is an object of its own, with the field (object) whose
    /// value it is: a field listed twice is reported once.
    pairs: BTreeSet<(ObjectId, Option<ObjectId>)>,
}

/// Every signature of `bytes`, in signing order (by where its signed range ends), each with
/// its coverage and the difference analysis of the revisions after it.
pub fn verify(bytes: &[u8], password: Option<&str>) -> Result<Vec<SignatureReport>> {
    verify_with_dss(bytes, password).map(|(reports, _)| reports)
}

/// As [`verify_with_dss`], for the PDF at `path` (at most 512 MiB): its large streams'
/// data is left in the file ([`verify_lazily`]), so memory does not grow with their size;
/// when that is not possible, the file is read whole. The reports are the same either way.
pub fn verify_file(
    path: &std::path::Path,
    password: Option<&str>,
) -> Result<(Vec<SignatureReport>, super::ltv::ValidationData)> {
    if let Some(done) = verify_lazily(path, password)? {
        return Ok(done);
    }
    verify_with_dss(&super::lazy::read_whole(path)?, password)
}

/// [`verify_file`]'s reports with the file's large streams left in it, or `None` when the
/// file cannot be read that way, or that reading could differ from the file's in any check
/// (`input`), or it fails (the file read whole then says why).
pub fn verify_lazily(
    path: &std::path::Path,
    password: Option<&str>,
) -> Result<Option<(Vec<SignatureReport>, super::ltv::ValidationData)>> {
    let Some(hollowed) = input::open(path)? else {
        return Ok(None);
    };
    let lazily = verify_input(hollowed.input(), password);
    Ok(lazily.ok().filter(|_| !hollowed.disagreed()))
}

/// As [`verify`], with the document security store's contents (certificates, CRLs, OCSP
/// responses: what long-term validation needs).
pub fn verify_with_dss(
    bytes: &[u8],
    password: Option<&str>,
) -> Result<(Vec<SignatureReport>, super::ltv::ValidationData)> {
    verify_input(Input::whole(bytes), password)
}

fn verify_input(
    input: Input,
    password: Option<&str>,
) -> Result<(Vec<SignatureReport>, super::ltv::ValidationData)> {
    let bytes = input.bytes;
    let doc = input.structure(bytes.len(), password)?;
    let dss = super::ltv::read_dss(&|at, len| input.stream_data(at, len), &doc);
    let encrypted = doc.was_encrypted();
    let (mut found, seen) = form_signatures(&doc);
    for (id, obj) in &doc.objects {
        if let Object::Dictionary(d) = obj
            && is_signature_dictionary(d)
            && !seen.contains(id)
        {
            found.push(Found {
                field: format!("(object {} {})", id.0, id.1),
                holder: Some(*id),
                dict: d.clone(),
                lock_p: None,
                field_locks: diff::locks::read(&doc, None, d),
            });
        }
    }
    input.touch_revisions(
        &found
            .iter()
            .filter_map(|f| {
                let br = byte_range_of(&f.dict)?;
                let own = f.holder.and_then(|id| revisions::object_offset(&doc, id));
                Some((br, own))
            })
            .collect::<Vec<_>>(),
    );
    let last = revisions::last_revision(bytes).map_err(PdfError::from)?;
    let total = revisions::number_of(bytes, &last);
    let planned: Vec<(DigestAlg, [usize; 4])> = found
        .iter()
        .filter_map(|f| planned_digest(bytes, &f.dict))
        .collect();
    let digests = input.range_digests(&planned);
    let mut reports: Vec<SignatureReport> = found
        .into_iter()
        .map(|f| {
            let mut r = check(input, &doc, &f, encrypted, &digests);
            r.revisions = total;
            r
        })
        .collect();
    reports.sort_by_key(|r| (r.byte_range[2] + r.byte_range[3], r.byte_range[1]));
    for r in &mut reports {
        if r.kind == SignatureKind::DocumentTimestamp {
            let end = r.byte_range[2] + r.byte_range[3];
            r.covered_validation_data = input
                .state(end, password)
                .ok()
                .map(|at| super::ltv::read_dss(&|at, len| input.stream_data(at, len), &at));
        }
    }
    let objects = doc.objects.len();
    drop(doc);
    // Oldest signature first, so each revision step is analysed once, with two states in
    // memory at a time, and shared by the signatures made before it.
    let mut steps = Steps {
        input,
        bytes,
        password,
        objects,
        done: BTreeMap::new(),
        last: None,
    };
    for r in &mut reports {
        if r.coverage == Coverage::EarlierRevision
            && let Err(p) = analyse_later(&mut steps, r)
        {
            r.problem.get_or_insert(p);
            r.modification_level = Level::Other;
        }
    }
    Ok((reports, dss))
}

// Most later revisions analysed for one signature, and most object parses (revisions ×
// objects) the analysis may cost (`MAX_LATER_REVISIONS`, `MAX_OBJECT_PARSES`); beyond
// either, the file is refused as suspicious rather than analysed (each revision's state is
// parsed in full, so an attacker's thousands of tiny updates on a large document would cost
// minutes, not meaning).

/// What each revision step (a revision against the one before it) changed, computed once
/// for all signatures, keyed by where the older revision ends.
struct Steps<'a> {
    input: Input<'a>,
    bytes: &'a [u8],
    password: Option<&'a str>,
    /// Objects in the final state (what one revision's parse costs, about).
    objects: usize,
    done: BTreeMap<usize, Vec<Change>>,
    /// The newest state loaded, by where its revision ends.
    last: Option<(usize, Document)>,
}

impl Steps<'_> {
    /// The changes revision `new` (number `number`) made to revision `old`.
    fn step(
        &mut self,
        old: &revisions::Revision,
        new: &revisions::Revision,
        number: usize,
    ) -> std::result::Result<&[Change], SignatureProblem> {
        if !self.done.contains_key(&old.end) {
            let before = match self.last.take() {
                Some((end, doc)) if end == old.end => doc,
                _ => self.input.state(old.end, self.password)?,
            };
            let after = self.input.state(new.end, self.password)?;
            let mut changes: Vec<Change> = revisions::ambiguities(self.bytes, new, &before, &after)
                .into_iter()
                .map(|a| Change::new(number, Level::Other, What::AmbiguousXref(a)))
                .collect();
            changes.extend(diff::compare(&before, &after, number));
            self.done.insert(old.end, changes);
            self.last = Some((new.end, after));
        }
        Ok(self.done.get(&old.end).map(Vec::as_slice).unwrap_or(&[]))
    }
}

/// The difference analysis of the revisions after the one `r` signed.
fn analyse_later(
    steps: &mut Steps,
    r: &mut SignatureReport,
) -> std::result::Result<(), SignatureProblem> {
    let end = r.byte_range[2] + r.byte_range[3];
    let base = revisions::revision_ending_at(steps.bytes, end)?;
    let later = revisions::later_revisions(steps.bytes, &base)?;
    if later.len() > MAX_LATER_REVISIONS
        || later.len().saturating_mul(steps.objects) > MAX_OBJECT_PARSES
    {
        return Err(SignatureProblem::TooManyRevisions {
            revisions: later.len(),
            objects: steps.objects,
        });
    }
    // What this signature allows: its own DocMDP permission (a certification), or the /P of
    // its field's /Lock; otherwise everything the analysis accepts. A certification's
    // permission binds the certification signature; later approval signatures are judged on
    // their own (as pyHanko does), and the certification's verdict covers what follows them.
    // Its field locks, likewise, bind the revisions after it, not those before.
    let permission = r.docmdp_permission.or(r.lock_permission);
    r.allowed_level = permission.map_or(Level::FormFilling, Level::allowed_by_docmdp);
    let mut older = &base;
    for (i, rev) in later.iter().enumerate() {
        let step = steps.step(older, rev, r.revision + i + 1)?;
        r.changes.extend(step.iter().cloned().map(|mut c| {
            diff::locks::apply(&r.field_locks, &r.field, &mut c);
            // After a certification, no new visible signature field (pyHanko's rule).
            if c.visible_signature_field && permission.is_some() {
                c.level = Level::Other;
                c.refused.push(Refusal::CertifiedTakesInvisibleOnly);
            }
            c
        }));
        older = rev;
    }
    let garbage = revisions::trailing_garbage(steps.bytes, older);
    if garbage > 0 {
        r.changes.push(Change::new(
            r.revision + later.len(),
            Level::Other,
            What::TrailingBytes { bytes: garbage },
        ));
    }
    r.modification_level = r
        .changes
        .iter()
        .map(|c| c.level)
        .max()
        .unwrap_or(Level::None);
    let beyond: Vec<Change> = r
        .changes
        .iter()
        .filter(|c| c.level > r.allowed_level)
        .cloned()
        .collect();
    if !beyond.is_empty() {
        return Err(SignatureProblem::ModifiedAfterSigning {
            certification_allows_none: r.allowed_level == Level::LtaUpdates,
            changes: beyond,
        });
    }
    Ok(())
}

/// The P of a signature dictionary's DocMDP transform, if it has one.
fn docmdp_p(doc: &Document, sig: &Dictionary) -> Option<u8> {
    diff::locks::transforms(doc, sig, b"DocMDP")
        .next()
        .map(|params| {
            params
                .and_then(|t| t.get(b"P").and_then(Object::as_i64).ok())
                .filter(|p| (1..=3).contains(p))
                .unwrap_or(2) as u8
        })
}

pub(crate) fn is_signature_dictionary(d: &Dictionary) -> bool {
    let typed = d
        .get(b"Type")
        .and_then(Object::as_name)
        .is_ok_and(|n| n == b"Sig" || n == b"DocTimeStamp");
    let shaped = d.has(b"ByteRange") && d.has(b"Contents") && d.has(b"Filter");
    (typed && d.has(b"ByteRange")) || shaped
}

/// A PDF text string as Rust text (UTF-16BE with BOM, UTF-8 with BOM, else PDFDocEncoding
/// read as Latin-1).
pub(crate) fn decode_text(b: &[u8]) -> String {
    if let Some(rest) = b.strip_prefix(&[0xFE, 0xFF]) {
        let units: Vec<u16> = rest
            .chunks_exact(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16_lossy(&units)
    } else if let Some(rest) = b.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        String::from_utf8_lossy(rest).into_owned()
    } else {
        b.iter().map(|&c| c as char).collect()
    }
}

fn walk_field(
    doc: &Document,
    o: &Object,
    parent: &str,
    parent_ft: Option<&[u8]>,
    walk: &mut Walk,
    depth: u32,
) {
    if depth > 32 {
        return;
    }
    let Some(d) = resolve(doc, o).and_then(|o| o.as_dict().ok()) else {
        return;
    };
    let field_id = o.as_reference().ok();
    let name = match d.get(b"T").and_then(Object::as_str) {
        Ok(t) if parent.is_empty() => decode_text(t),
        Ok(t) => format!("{parent}.{}", decode_text(t)),
        Err(_) => parent.to_string(),
    };
    let ft = d.get(b"FT").and_then(Object::as_name).ok().or(parent_ft);
    if ft == Some(b"Sig")
        && let Ok(v) = d.get(b"V")
    {
        let id = v.as_reference().ok();
        if let Some(sig) = resolve(doc, v).and_then(|s| s.as_dict().ok())
            && id.is_none_or(|id| walk.pairs.insert((id, field_id)))
        {
            walk.found.push(Found {
                field: name.clone(),
                holder: id.or(field_id),
                dict: sig.clone(),
                lock_p: d
                    .get(b"Lock")
                    .ok()
                    .and_then(|l| resolve(doc, l))
                    .and_then(|l| l.as_dict().ok())
                    .and_then(|l| l.get(b"P").and_then(Object::as_i64).ok())
                    .filter(|p| (1..=3).contains(p))
                    .map(|p| p as u8),
                field_locks: diff::locks::read(doc, Some(d), sig),
            });
        }
    }
    if let Some(kids) = d
        .get(b"Kids")
        .ok()
        .and_then(|k| resolve(doc, k))
        .and_then(|k| k.as_array().ok())
    {
        for k in kids {
            walk_field(doc, k, &name, ft, walk, depth + 1);
        }
    }
}

impl SignatureReport {
    /// A report on `field` with nothing checked yet.
    pub(crate) fn empty(field: String) -> SignatureReport {
        SignatureReport {
            field,
            kind: SignatureKind::Approval,
            docmdp_permission: None,
            signer_subject: String::new(),
            signer_serial_hex: String::new(),
            issuer: String::new(),
            signing_time: None,
            signing_time_source: TimeSource::Claimed,
            algorithm: String::new(),
            integrity_ok: false,
            coverage: Coverage::Incomplete,
            covers_whole_file: false,
            modified_after: false,
            revision: 0,
            revisions: 0,
            modification_level: Level::None,
            allowed_level: Level::FormFilling,
            lock_permission: None,
            field_locks: Vec::new(),
            changes: Vec::new(),
            byte_range: [0; 4],
            timestamp: None,
            seal: None,
            problem: None,
            signer_der: Vec::new(),
            chain_der: Vec::new(),
            covered_validation_data: None,
        }
    }
}

fn check(
    input: Input,
    doc: &Document,
    f: &Found,
    encrypted: bool,
    digests: &digests::RangeDigests,
) -> SignatureReport {
    let mut r = SignatureReport::empty(f.field.clone());
    r.lock_permission = f.lock_p;
    r.field_locks = f.field_locks.clone();
    let dict = &f.dict;
    r.kind = if dict
        .get(b"Type")
        .and_then(Object::as_name)
        .is_ok_and(|t| t == b"DocTimeStamp")
    {
        SignatureKind::DocumentTimestamp
    } else if let Some(p) = docmdp_p(doc, dict) {
        r.docmdp_permission = Some(p);
        SignatureKind::Certification
    } else {
        SignatureKind::Approval
    };
    match check_into(input, doc, f, encrypted, digests, &mut r) {
        Ok(()) => r.integrity_ok = true,
        Err(p) => r.problem = Some(p),
    }
    let text = |key: &[u8]| dict.get(key).and_then(Object::as_str).ok().map(decode_text);
    if let Some(es_id) = text(super::sign::ESID_KEY) {
        r.seal = Some(SealFound {
            es_id,
            maker: text(super::sign::SEAL_MAKER_KEY).unwrap_or_default(),
        });
    }
    if r.signing_time.is_none() {
        r.signing_time = dict
            .get(b"M")
            .and_then(Object::as_str)
            .ok()
            .and_then(|m| parse_pdf_date(&decode_text(m)));
    }
    r
}

/// Fills `r`; Ok when the signature's integrity is proven, else what is wrong.
fn check_into(
    input: Input,
    doc: &Document,
    f: &Found,
    encrypted: bool,
    digests: &digests::RangeDigests,
    r: &mut SignatureReport,
) -> std::result::Result<(), SignatureProblem> {
    use SignatureProblem as P;
    let bytes = input.bytes;
    let dict = &f.dict;
    // The byte range.
    let br: Vec<i64> = dict
        .get(b"ByteRange")
        .and_then(Object::as_array)
        .map_err(|_| P::NoByteRange)?
        .iter()
        .map(|o| o.as_i64().ok().filter(|v| *v >= 0))
        .collect::<Option<Vec<i64>>>()
        .ok_or(P::ByteRangeNotIntegers)?;
    let br: [usize; 4] = match br.as_slice() {
        [a, b, c, d] => [*a as usize, *b as usize, *c as usize, *d as usize],
        _ => return Err(P::ByteRangeCount { count: br.len() }),
    };
    r.byte_range = br;
    let end = br[2]
        .checked_add(br[3])
        .filter(|e| *e <= bytes.len())
        .ok_or(P::ByteRangePastEnd)?;
    if br[0] != 0 {
        return Err(P::ByteRangeNotAtStart);
    }
    if br[1] > br[2] || br[2] > end {
        return Err(P::ByteRangeBackwards);
    }
    // Exactly a whole revision: the signed bytes end with that revision's %%EOF.
    let revision = revisions::revision_ending_at(bytes, end)?;
    r.revision = revisions::number_of(bytes, &revision);
    let last = revisions::last_revision(bytes)?;
    r.covers_whole_file = last.xref_offset == revision.xref_offset
        && last.ends_at(end)
        && revisions::trailing_garbage(bytes, &last) == 0;
    r.modified_after = !r.covers_whole_file;
    r.coverage = if r.covers_whole_file {
        Coverage::WholeFile
    } else {
        Coverage::EarlierRevision
    };
    // The gap lies inside this signature dictionary's own definition in the file (a copy of
    // another signature's /Contents elsewhere does not count: signature wrapping).
    let own = f
        .holder
        .and_then(|id| revisions::object_offset(doc, id))
        .filter(|o| *o < br[1] && find(&bytes[*o..br[1]], b"endobj").is_none())
        .is_some();
    if !own {
        r.coverage = Coverage::Incomplete;
        return Err(P::GapNotOwn);
    }
    let gap = &bytes[br[1]..br[2]];
    let hex = match gap {
        [b'<', inner @ .., b'>']
            if inner.iter().all(u8::is_ascii_hexdigit) && inner.len() % 2 == 0 =>
        {
            inner
        }
        _ => {
            r.coverage = Coverage::Incomplete;
            return Err(P::GapNotHex);
        }
    };
    let before = &bytes[..br[1]];
    let before = &before[..before.len()
        - before
            .iter()
            .rev()
            .take_while(|b| b.is_ascii_whitespace())
            .count()];
    if !before.ends_with(b"/Contents") {
        return Err(P::GapNotContentsEntry);
    }
    let raw: Vec<u8> = hex
        .chunks_exact(2)
        .map(|p| (hex_val(p[0]) << 4) | hex_val(p[1]))
        .collect();
    // The gap is this dictionary's /Contents (in an encrypted file the parser decrypted the
    // parsed value, which the spec leaves unencrypted: compare only in clear files).
    if !encrypted
        && dict
            .get(b"Contents")
            .and_then(Object::as_str)
            .is_ok_and(|c| c != raw.as_slice())
    {
        return Err(P::GapNotThisContents);
    }
    let cms_len = tlv(&raw)
        .map(|(_, h, l)| h + l)
        .filter(|n| *n <= raw.len())
        .ok_or(P::ContentsNotDer)?;
    let cms = &raw[..cms_len];

    let sub_filter = dict
        .get(b"SubFilter")
        .and_then(Object::as_name)
        .map(|n| String::from_utf8_lossy(n).into_owned())
        .unwrap_or_default();
    if sub_filter == "adbe.pkcs7.sha1" || sub_filter == "adbe.x509.rsa_sha1" {
        return Err(P::UnsupportedSubFilter { sub_filter });
    }

    let covered = Signed { input, br, digests };
    check_cms(&covered, cms, r)?;
    if r.kind == SignatureKind::DocumentTimestamp {
        let ts = timestamps::check(cms, &|alg| covered.digest(alg));
        if let Some(problem) = &ts.problem {
            return Err(P::DocumentTimestampInvalid {
                problem: problem.clone(),
            });
        }
        r.signing_time = ts.time.clone();
        r.signing_time_source = TimeSource::Timestamp;
        r.timestamp = Some(ts);
    } else {
        r.timestamp = timestamps::of_signature(cms);
    }
    Ok(())
}

/// The signed ranges of one signature: digests from the one pass, else computed.
struct Signed<'a> {
    input: Input<'a>,
    br: [usize; 4],
    digests: &'a digests::RangeDigests,
}

impl Covered for Signed<'_> {
    fn digest(&self, alg: DigestAlg) -> Vec<u8> {
        match self.digests.get(&(alg, self.br)) {
            Some(d) => d.clone(),
            None => self.input.digest(alg, self.br),
        }
    }

    fn bytes(&self) -> Vec<u8> {
        self.input.covered(self.br)
    }
}

/// A signature dictionary's /ByteRange as four offsets, read without any check.
fn byte_range_of(dict: &Dictionary) -> Option<[usize; 4]> {
    let br: Vec<usize> = dict
        .get(b"ByteRange")
        .and_then(Object::as_array)
        .ok()?
        .iter()
        .map(|o| o.as_i64().ok().and_then(|v| usize::try_from(v).ok()))
        .collect::<Option<Vec<usize>>>()?;
    br.try_into().ok()
}

/// What one signature's signed ranges will be hashed with, read without any check (the
/// checks come after, on the same bytes): its /ByteRange and its signer's digest algorithm.
fn planned_digest(bytes: &[u8], dict: &Dictionary) -> Option<(DigestAlg, [usize; 4])> {
    let br = byte_range_of(dict)?;
    let gap = bytes.get(br[1]..br[2])?;
    let hex = gap.strip_prefix(b"<")?.strip_suffix(b">")?;
    let raw: Vec<u8> = hex
        .chunks_exact(2)
        .map(|p| (hex_val(p[0]) << 4) | hex_val(p[1]))
        .collect();
    let (_, h, l) = tlv(&raw)?;
    let alg = cms::signer_digest_alg(raw.get(..h.checked_add(l)?)?)?;
    Some((alg, br))
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn hex_val(c: u8) -> u8 {
    match c {
        b'0'..=b'9' => c - b'0',
        b'a'..=b'f' => c - b'a' + 10,
        b'A'..=b'F' => c - b'A' + 10,
        _ => 0,
    }
}

pub(super) fn rfc3339(t: std::time::SystemTime) -> String {
    chrono::DateTime::<chrono::Utc>::from(t).to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// A PDF date (`D:YYYYMMDDHHmmSSOHH'mm'`, trailing parts optional) as RFC 3339 UTC.
fn parse_pdf_date(s: &str) -> Option<String> {
    use chrono::{FixedOffset, NaiveDate, TimeZone};
    let s = s.strip_prefix("D:").unwrap_or(s);
    let digits: String = s.chars().take_while(char::is_ascii_digit).collect();
    if digits.len() < 4 {
        return None;
    }
    let part = |from: usize, len: usize, default: u32| -> Option<u32> {
        match digits.get(from..from + len) {
            Some(p) => p.parse().ok(),
            None => Some(default),
        }
    };
    let year = digits.get(..4)?.parse().ok()?;
    let date = NaiveDate::from_ymd_opt(year, part(4, 2, 1)?, part(6, 2, 1)?)?;
    let time = date.and_hms_opt(part(8, 2, 0)?, part(10, 2, 0)?, part(12, 2, 0)?)?;
    let rest: Vec<char> = s[digits.len()..].chars().collect();
    let offset = match rest.first() {
        Some(sign @ ('+' | '-')) => {
            let tail: String = rest[1..].iter().filter(|c| c.is_ascii_digit()).collect();
            let h: i32 = tail.get(..2).and_then(|v| v.parse().ok()).unwrap_or(0);
            let m: i32 = tail.get(2..4).and_then(|v| v.parse().ok()).unwrap_or(0);
            let secs = (h * 3600 + m * 60) * if *sign == '-' { -1 } else { 1 };
            FixedOffset::east_opt(secs)?
        }
        _ => FixedOffset::east_opt(0)?,
    };
    let t = offset.from_local_datetime(&time).single()?;
    Some(rfc3339(t.into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pdf_dates_read_as_utc() {
        assert_eq!(
            parse_pdf_date("D:20260102030405+08'00'").as_deref(),
            Some("2026-01-01T19:04:05Z")
        );
        assert_eq!(
            parse_pdf_date("D:20260102030405Z").as_deref(),
            Some("2026-01-02T03:04:05Z")
        );
        assert_eq!(
            parse_pdf_date("D:2026").as_deref(),
            Some("2026-01-01T00:00:00Z")
        );
        assert_eq!(parse_pdf_date("garbage"), None);
    }

    #[test]
    fn text_strings_decode_utf16_and_latin1() {
        assert_eq!(decode_text(&[0xFE, 0xFF, 0x75, 0x32, 0x65, 0xB9]), "甲方");
        assert_eq!(decode_text(b"Signature1"), "Signature1");
    }
}
