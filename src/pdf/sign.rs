//! Digital signatures in PDFs (D20): a PAdES B-B signature (`/SubFilter
//! /ETSI.CAdES.detached`, a detached CMS SignedData) made with a holder's certificate, visible
//! (the seal image is the signature widget's appearance) or invisible, optionally certifying
//! (DocMDP, changes allowed: form filling and signing).
//!
//! Like every catool output, a signature is one incremental update appended to the input, so
//! earlier signatures (甲方's when 乙方 signs) keep validating. The update is written once with
//! placeholders; then `/ByteRange` and `/Contents` are patched in place, the two signed ranges
//! are hashed (SHA-256 for RSA keys, SM3 for SM2 keys) and the CMS goes into `/Contents`.
//!
//! Pure: bytes, key and certificates in, bytes out. PIN checks, certificate status and the
//! seal rules (D18) are the caller's; the key is asked for only once the document is laid
//! out and hashed ([`SigningKey`]), so the caller may still be unsealing it meanwhile.

use std::collections::{BTreeMap, BTreeSet};
use std::time::SystemTime;

use cms::cert::{CertificateChoices, IssuerAndSerialNumber};
use cms::content_info::{CmsVersion, ContentInfo};
use cms::signed_data::{
    CertificateSet, EncapsulatedContentInfo, SignedAttributes, SignedData, SignerIdentifier,
    SignerInfo, SignerInfos, UnsignedAttributes,
};
use der::asn1::{ObjectIdentifier, OctetString, SetOfVec};
use der::{Any, Decode, Encode};
use lopdf::{Dictionary, Document, Object, ObjectId, Stream, StringFormat};
use signature::Signer;
use spki::{AlgorithmIdentifierOwned, SignatureBitStringEncoding};
use x509_cert::Certificate;
use x509_cert::attr::Attribute;
use x509_cert::ext::pkix::name::GeneralName;

use super::Pdf;
use super::error::{Cause, PdfError};
use super::geometry::PageBox;
use super::resolve;
use super::stamp::{self, Mark, SealImage, fmt};
use super::verify::digests::Running;
use crate::error::{Error, Result};
use crate::pki::keys::{KeyKind, PrivateKey, SM2_DEFAULT_DISTID, same_public_key};
pub use crate::pki::signed_data::DigestAlg;
use crate::pki::signed_data::OID_SIGNATURE_TIMESTAMP_TOKEN;
pub(crate) use crate::pki::signed_data::{
    EssCertIdV2, IssuerSerial, OID_CONTENT_TYPE, OID_DATA, OID_MESSAGE_DIGEST, OID_SIGNED_DATA,
    OID_SIGNING_CERTIFICATE_V2, OID_SIGNING_TIME, SigningCertificateV2,
};
use crate::pki::timestamper::Timestamper;

/// The CMS signing-time attribute is added as asked by the product. Note: PAdES baseline
/// (ETSI EN 319 142-1) says it shall not be present (the claimed time is the signature
/// dictionary's /M, which is always written); pyHanko omits it for PAdES. Validators accept
/// it (pyHanko, poppler, OpenSSL, Adobe). Set to `false` for strict PAdES conformance.
const WRITE_SIGNING_TIME_ATTRIBUTE: bool = true;

/// Placeholder of each /ByteRange number: wide enough for any offset (the writer's offsets
/// are 32-bit), patched in place and padded with spaces.
const BYTE_RANGE_PLACEHOLDER: i64 = 9_999_999_999;

/// The private key of a signature, asked for once the document is laid out and hashed:
/// everything before that is read off the certificate, so a caller may still be unsealing
/// the key (the PIN's Argon2id, `signing::KeyInFlight`) while the input is copied.
pub trait SigningKey {
    /// The key, or why there is none (a wrong PIN): the signature fails with that error.
    fn key(&self) -> Result<&PrivateKey>;
}

impl SigningKey for PrivateKey {
    fn key(&self) -> Result<&PrivateKey> {
        Ok(self)
    }
}

/// What to sign with and how the signature looks.
pub struct SignRequest<'a> {
    /// The private half of `cert`'s key.
    pub key: &'a dyn SigningKey,
    pub cert: &'a Certificate,
    /// CA certificates to embed (issuer first), for validators that do not have them.
    pub chain: &'a [Certificate],
    pub reason: Option<&'a str>,
    pub location: Option<&'a str>,
    pub name: Option<&'a str>,
    pub signing_time: SystemTime,
    /// A certification signature (DocMDP, P=2: form filling and further signatures
    /// allowed). Only the first signature of a document can certify it.
    pub certify: bool,
    /// `None`: an invisible signature.
    pub appearance: Option<Appearance<'a>>,
    /// CRLs (DER) of the signer's chain, signed along with the document in the
    /// adbe-revocationInfoArchival attribute (empty: none), so a validator has the signer's
    /// revocation status as of signing without the network (Adobe and pyHanko read it).
    pub revocation_crls: &'a [Vec<u8>],
    /// The registry seal's GB/T 38540 identity (esID and maker) when the appearance is a seal
    /// with an .esl: written in the signature dictionary as `/CATOOL_ESID` and
    /// `/CATOOL_SealMaker` (second-class names, PDF 2.0 annex E), covered by the signature;
    /// standard PDF validators ignore them, `pdf verify` reports them.
    pub seal_mark: Option<SealMark<'a>>,
}

/// See [`SignRequest::seal_mark`].
#[derive(Debug, Clone, Copy)]
pub struct SealMark<'a> {
    pub es_id: &'a str,
    pub maker: &'a str,
}

/// The signature dictionary keys of [`SealMark`].
pub const ESID_KEY: &[u8] = b"CATOOL_ESID";
pub const SEAL_MAKER_KEY: &[u8] = b"CATOOL_SealMaker";

/// A visible signature: the seal image, drawn at `size_pt` (width, height in points) for each
/// mark. The first mark is the signature widget (its /Rect is the seal's box, its appearance
/// the seal); further marks (cross-page strips, other pages) are drawn as page content.
pub struct Appearance<'a> {
    /// The seal image, prepared once (`SealImage::from_png`).
    pub image: &'a SealImage,
    pub marks: Vec<Mark>,
    pub size_pt: (f32, f32),
}

#[derive(Debug)]
pub struct Signed {
    pub bytes: Vec<u8>,
    /// The new signature field's name (/T), e.g. "Signature2".
    pub field_name: String,
    /// The signed ranges: [0, before /Contents, after /Contents, to the end].
    pub byte_range: [usize; 4],
    /// The DER CMS in /Contents (for a document timestamp, its token).
    pub cms: Vec<u8>,
}

pub(super) fn internal(what: &'static str) -> impl Fn(der::Error) -> Error {
    move |e| Error::Internal(format!("{what}: {e}"))
}

pub(super) fn damaged(e: lopdf::Error) -> Error {
    PdfError::Damaged {
        cause: Cause::new(e),
    }
    .into()
}

/// Room in /Contents for a signature timestamp token when the TSA's size is not known yet:
/// a token with its TSA certificate and a CA certificate is 3–6 KiB.
pub(super) const TOKEN_RESERVE: usize = 12 * 1024;

/// Signs `input` (B-B), with a signature timestamp from `tsa` (B-T) when one is given.
pub fn sign(
    input: Vec<u8>,
    password: Option<&str>,
    req: &SignRequest,
    tsa: Option<&mut (dyn Timestamper + '_)>,
) -> Result<Signed> {
    let mut out = Vec::new();
    let open = || super::load(input.clone(), password);
    let sig = sign_opened(&open, req, tsa, &mut out)?;
    Ok(Signed {
        bytes: out,
        field_name: sig.field_name,
        byte_range: sig.byte_range,
        cms: sig.cms,
    })
}

/// What a signature written to a file is.
#[derive(Debug)]
pub struct Signature {
    /// The new signature field's name (/T).
    pub field_name: String,
    /// The signed ranges: [0, before /Contents, after /Contents, to the end].
    pub byte_range: [usize; 4],
    /// The DER CMS in /Contents.
    pub cms: Vec<u8>,
}

/// As [`sign`], for the PDF at `path` opened lazily (`pdf::open`), written to `out`: the
/// input is read once, hashed as it is copied, and never held in memory whole.
pub fn sign_file(
    path: &std::path::Path,
    password: Option<&str>,
    req: &SignRequest,
    tsa: Option<&mut (dyn Timestamper + '_)>,
    out: &mut std::fs::File,
) -> Result<Signature> {
    sign_opened(&|| super::open(path, password), req, tsa, out)
}

/// An output that can start over (the signature did not fit the room reserved for it).
pub(super) trait Restart: std::io::Write {
    fn restart(&mut self) -> std::io::Result<()>;

    /// The output as a file, when it is one (the input is then copied by the kernel).
    fn as_file(&mut self) -> Option<&mut std::fs::File> {
        None
    }
}

impl Restart for Vec<u8> {
    fn restart(&mut self) -> std::io::Result<()> {
        self.clear();
        Ok(())
    }
}

impl Restart for std::fs::File {
    fn restart(&mut self) -> std::io::Result<()> {
        use std::io::Seek;
        self.set_len(0)?;
        self.rewind()
    }

    fn as_file(&mut self) -> Option<&mut std::fs::File> {
        Some(self)
    }
}

fn sign_opened(
    open: &dyn Fn() -> Result<Pdf>,
    req: &SignRequest,
    mut tsa: Option<&mut (dyn Timestamper + '_)>,
    out: &mut dyn Restart,
) -> Result<Signature> {
    let extra = if tsa.is_some() { TOKEN_RESERVE } else { 0 };
    match sign_reserving(open, req, tsa.as_deref_mut(), extra, out)? {
        Fitted::Yes(signed) => Ok(signed),
        // A TSA whose tokens are larger than expected: once more with the room it needs.
        Fitted::NeedsRoom(needed) => {
            out.restart().map_err(super::write_failed)?;
            match sign_reserving(open, req, tsa, needed + TOKEN_RESERVE, out)? {
                Fitted::Yes(signed) => Ok(signed),
                Fitted::NeedsRoom(bytes) => Err(PdfError::NoRoom {
                    document_timestamp: false,
                    bytes,
                }
                .into()),
            }
        }
    }
}

/// A signed output, or how many bytes the CMS needed when it did not fit.
pub(super) enum Fitted<T> {
    Yes(T),
    NeedsRoom(usize),
}

fn sign_reserving<'t>(
    open: &dyn Fn() -> Result<Pdf>,
    req: &SignRequest,
    tsa: Option<&mut (dyn Timestamper + 't)>,
    extra: usize,
    out: &mut dyn Restart,
) -> Result<Fitted<Signature>> {
    // The signature's layout from the certificate: the key itself is needed only to sign.
    let cert_spki = req.cert.tbs_certificate().subject_public_key_info();
    let kind = KeyKind::of_spki(cert_spki)?;
    let digest_alg = match kind {
        KeyKind::Rsa { .. } => DigestAlg::Sha256,
        KeyKind::Sm2 => DigestAlg::Sm3,
    };
    let sig_alg = kind.signature_algorithm();
    let image = match &req.appearance {
        Some(a) => Some(check_appearance(a)?),
        None => None,
    };

    let mut pdf = open()?;
    let prev = pdf.doc.get_prev_documents();
    let root_id = prev
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(|_| PdfError::NoCatalog)?;
    check_certification(prev, pdf.signed, req.certify, req.appearance.is_some())?;
    let field_name = unique_field_name(prev);
    check_locks(prev, &field_name, req.appearance.is_some())?;

    // The space /Contents reserves: the CMS with a signature of the largest size this key
    // makes, plus room to spare.
    let dummy = assemble_cms(
        req,
        &sig_alg,
        digest_alg,
        signed_attributes(req, &digest_alg.digest(&[]))?,
        vec![0xff; kind.max_signature_len()],
        None,
    )?;
    let reserve = (dummy.len() + extra + 2048).div_ceil(1024) * 1024;
    let sig_id = pdf
        .doc
        .new_document
        .add_object(signature_dictionary(req, reserve));
    let field_id = add_field(
        &mut pdf,
        req.appearance.as_ref(),
        image,
        sig_id,
        &field_name,
    )?;
    update_catalog(&mut pdf, root_id, field_id, req.certify.then_some(sig_id))?;

    let prev_len = pdf.input_len();
    let mut update = pdf.update()?;
    let mut written = Vec::new();
    let byte_range = fill_update(&mut update, prev_len, sig_id, |update_ranges| {
        // The input's bytes are hashed as they are copied to the output: one pass (to a
        // file, the copy is the kernel's and the hash runs alongside it).
        let mut running = Running::new(digest_alg);
        let mut see = |chunk: &[u8]| running.update(chunk);
        match out.as_file() {
            Some(f) => pdf.write_input_file_seeing(f, &mut see)?,
            None => pdf.write_input_seeing(out, &mut see)?,
        }
        for r in update_ranges {
            running.update(r);
        }
        let digest = running.finish();
        let key = req.key.key()?;
        if !same_public_key(&key.public_key_spki()?, cert_spki) {
            return Err(PdfError::KeyMismatch.into());
        }
        let signer = key.signer(SM2_DEFAULT_DISTID)?;
        let attrs = signed_attributes(req, &digest)?;
        let to_sign = attrs.to_der().map_err(internal("signed attributes"))?;
        let sig = signer
            .try_sign(&to_sign)
            // No key a user holds fails here: a key is checked when read (an SM2 key on its
            // curve, an RSA key of at least 1024 bits whose parts agree; a damaged sealed key
            // does not unseal). What is left is the OS random generator RSA blinding draws on
            // (SM2 nonces are deterministic, RFC 6979): a system failure, `pki.crypto`, exit 70.
            .map_err(crate::pki::error::PkiError::from)?
            .to_bitstring()
            .map_err(internal("signature"))?;
        let value = sig.raw_bytes().to_vec();
        let unsigned = match tsa {
            // RFC 3161 appendix A / ETSI EN 319 122: the token's imprint is the digest of
            // the SignerInfo's signature value.
            Some(t) => Some(signature_timestamp(t, digest_alg, &value)?),
            None => None,
        };
        let cms = assemble_cms(req, &sig_alg, digest_alg, attrs, value, unsigned)?;
        written = cms.clone();
        Ok(cms)
    })?;
    Ok(match byte_range {
        Fitted::Yes(byte_range) => {
            out.write_all(&update).map_err(super::write_failed)?;
            out.flush().map_err(super::write_failed)?;
            Fitted::Yes(Signature {
                field_name,
                byte_range,
                cms: written,
            })
        }
        Fitted::NeedsRoom(n) => Fitted::NeedsRoom(n),
    })
}

/// Refuses what would break a certification: any change to a P=1 document, a visible
/// signature on a certified one (validators such as pyHanko judge a new visible signature
/// field an illegal modification of a certification, whatever its P), and a second
/// certification (only the first signature may certify).
fn check_certification(doc: &Document, signed: bool, certify: bool, visible: bool) -> Result<()> {
    if let Some(p) = docmdp_permission(doc) {
        if visible && p > 1 {
            return Err(PdfError::CertifiedVisible { permission: p }.into());
        }
        if p == 1 {
            return Err(PdfError::CertifiedNoChanges.into());
        }
        if certify {
            return Err(PdfError::AlreadyCertified.into());
        }
    }
    if certify && signed {
        return Err(PdfError::SignedCannotCertify.into());
    }
    Ok(())
}

/// Refuses a new signature in field `field` that an earlier signature's lock forbids, read
/// as `pdf verify` reads it (`diff::locks`; ISO 32000-2 12.8.2.4), so that signing never
/// makes an earlier signature invalid: a field lock covering the new field (a signature is
/// never what a lock allows), a lock's /P 1 (no changes), or its /P 2 or 3 with a visible
/// signature (only invisible new signatures, as after a certification).
fn check_locks(doc: &Document, field: &str, visible: bool) -> Result<()> {
    for s in super::verify::signature_locks(doc) {
        if s.lock_p == Some(1) {
            return Err(PdfError::LockedNoChanges { signature: s.field }.into());
        }
        if let Some(lock) = s.field_locks.iter().find(|l| l.locks(field)) {
            return Err(PdfError::LockedField {
                lock: lock.action_text(),
                signature: s.field,
                field: field.to_string(),
            }
            .into());
        }
        if let (Some(p), true) = (s.lock_p, visible) {
            return Err(PdfError::LockedVisible {
                signature: s.field,
                permission: i64::from(p),
            }
            .into());
        }
    }
    Ok(())
}

/// Adds the signature field `name` (value: the signature dictionary `sig_id`) and its
/// widgets, listed in their pages' /Annots; returns the field's id.
///
/// Invisible: one zero-size widget on page 1. Visible: the seal at the first mark is the
/// widget. Further marks are drawn as page content on an unsigned input; on a signed one
/// they become further widgets of the field, since validators (pyHanko) judge page content
/// added after a signature an illegal modification of that signature, but accept a new
/// signature field's widgets.
pub(super) fn add_field(
    pdf: &mut Pdf,
    appearance: Option<&Appearance>,
    image: Option<&SealImage>,
    sig_id: ObjectId,
    name: &str,
) -> Result<ObjectId> {
    let pages: BTreeMap<u32, ObjectId> = pdf.pages().into_iter().collect();
    let page_of = |n: u32| {
        pages.get(&n).copied().ok_or(PdfError::PageOutOfRange {
            page: n,
            count: pages.len() as u32,
        })
    };
    let mut widgets: Vec<(ObjectId, [f32; 4], Option<ObjectId>)> = Vec::new();
    match (appearance, image) {
        (Some(a), Some(image)) => {
            let image_id = stamp::image_objects(pdf, image);
            let as_widgets = if pdf.signed { a.marks.len() } else { 1 };
            for mark in &a.marks[..as_widgets] {
                let page_id = page_of(mark.page)?;
                let (rect, ap) = widget_appearance(pdf, page_id, image_id, a.size_pt, mark)?;
                widgets.push((page_id, rect, Some(ap)));
            }
            if a.marks.len() > as_widgets {
                stamp::draw(pdf, a.image, a.size_pt, 1.0, &a.marks[as_widgets..])?;
            }
        }
        _ => widgets.push((page_of(1)?, [0.0; 4], None)),
    }

    let mut field = Dictionary::new();
    field.set("FT", Object::Name(b"Sig".to_vec()));
    field.set(
        "T",
        Object::String(name.as_bytes().to_vec(), StringFormat::Literal),
    );
    field.set("V", Object::Reference(sig_id));
    let widget_dict = |page_id: ObjectId, rect: [f32; 4], ap: Option<ObjectId>| {
        let mut w = Dictionary::new();
        w.set("Type", Object::Name(b"Annot".to_vec()));
        w.set("Subtype", Object::Name(b"Widget".to_vec()));
        w.set("F", 4);
        w.set(
            "Rect",
            Object::Array(rect.iter().map(|v| Object::Real(*v)).collect()),
        );
        w.set("P", Object::Reference(page_id));
        if let Some(ap) = ap {
            let mut apd = Dictionary::new();
            apd.set("N", Object::Reference(ap));
            w.set("AP", Object::Dictionary(apd));
        }
        w
    };
    let field_id;
    let mut annots: Vec<(ObjectId, ObjectId)> = Vec::new();
    if let [(page_id, rect, ap)] = widgets[..] {
        // One widget: field and widget in one dictionary, the usual form.
        for (k, v) in widget_dict(page_id, rect, ap) {
            field.set(k, v);
        }
        field_id = pdf.doc.new_document.add_object(field);
        annots.push((page_id, field_id));
    } else {
        field_id = pdf.doc.new_document.new_object_id();
        let mut kids = Vec::new();
        for (page_id, rect, ap) in widgets {
            let mut w = widget_dict(page_id, rect, ap);
            w.set("Parent", Object::Reference(field_id));
            let id = pdf.doc.new_document.add_object(w);
            kids.push(Object::Reference(id));
            annots.push((page_id, id));
        }
        field.set("Kids", Object::Array(kids));
        pdf.doc
            .new_document
            .objects
            .insert(field_id, Object::Dictionary(field));
    }

    for (page_id, widget_id) in annots {
        pdf.doc
            .opt_clone_object_to_new_document(page_id)
            .map_err(damaged)?;
        let mut page = pdf
            .doc
            .new_document
            .get_dictionary(page_id)
            .map_err(damaged)?
            .clone();
        append_to_array(pdf, &mut page, b"Annots", Object::Reference(widget_id))?;
        *pdf.doc
            .new_document
            .get_dictionary_mut(page_id)
            .map_err(damaged)? = page;
    }
    Ok(field_id)
}

/// The catalog's form lists the field; a certification (`docmdp`: the signature
/// dictionary) goes into /Perms.
pub(super) fn update_catalog(
    pdf: &mut Pdf,
    root_id: ObjectId,
    field_id: ObjectId,
    docmdp: Option<ObjectId>,
) -> Result<()> {
    pdf.doc
        .opt_clone_object_to_new_document(root_id)
        .map_err(damaged)?;
    let mut catalog = pdf
        .doc
        .new_document
        .get_dictionary(root_id)
        .map_err(damaged)?
        .clone();
    update_acroform(pdf, &mut catalog, field_id)?;
    if let Some(sig_id) = docmdp {
        set_in_dict(
            pdf,
            &mut catalog,
            b"Perms",
            b"DocMDP",
            Object::Reference(sig_id),
        )?;
    }
    *pdf.doc
        .new_document
        .get_dictionary_mut(root_id)
        .map_err(damaged)? = catalog;
    Ok(())
}

/// Patches the written output: the /ByteRange numbers, then /Contents with the CMS that
/// `make_cms` builds from the two signed ranges. Returns the byte range.
pub(super) fn fill_placeholders(
    out: &mut [u8],
    prev_len: usize,
    sig_id: ObjectId,
    make_cms: impl FnOnce(&[&[u8]]) -> Result<Vec<u8>>,
) -> Result<Fitted<[usize; 4]>> {
    let (input, update) = out.split_at_mut(prev_len);
    let input: &[u8] = input;
    fill_update(update, prev_len, sig_id, |ranges| {
        let mut all = vec![input];
        all.extend_from_slice(ranges);
        make_cms(&all)
    })
}

/// Patches the appended revision `update` (written after `base` bytes of input): the
/// /ByteRange numbers, then /Contents with the CMS that `make_cms` builds from the signed
/// parts of the update (the input before it is signed too: `make_cms` adds it). Returns the
/// byte range.
pub(super) fn fill_update(
    update: &mut [u8],
    base: usize,
    sig_id: ObjectId,
    make_cms: impl FnOnce(&[&[u8]]) -> Result<Vec<u8>>,
) -> Result<Fitted<[usize; 4]>> {
    let (br_span, (a, b)) = placeholders(update, sig_id)?;
    let total = base + update.len();
    let byte_range = [0, base + a, base + b, total - base - b];
    let text = format!("0 {} {} {}", byte_range[1], byte_range[2], byte_range[3]);
    let width = br_span.1 - br_span.0;
    if text.len() > width {
        return Err(Error::Internal(
            "the /ByteRange placeholder is too small".into(),
        ));
    }
    update[br_span.0..br_span.1].copy_from_slice(format!("{text:<width$}").as_bytes());
    let cms = make_cms(&[&update[..a], &update[b..]])?;
    let capacity = (b - a - 2) / 2;
    if cms.len() > capacity {
        return Ok(Fitted::NeedsRoom(cms.len()));
    }
    let hex = &mut update[a + 1..b - 1];
    hex.fill(b'0');
    for (i, byte) in cms.iter().enumerate() {
        hex[2 * i] = HEX[(byte >> 4) as usize];
        hex[2 * i + 1] = HEX[(byte & 15) as usize];
    }
    Ok(Fitted::Yes(byte_range))
}

const HEX: &[u8; 16] = b"0123456789ABCDEF";

/// Checks the appearance and decodes its image.
fn check_appearance<'a>(a: &Appearance<'a>) -> Result<&'a SealImage> {
    let (w, h) = a.size_pt;
    if !(w.is_finite()
        && h.is_finite()
        && (1.0..=2000.0).contains(&w)
        && (1.0..=2000.0).contains(&h))
    {
        return Err(PdfError::SealSizePt {
            width: w.to_string(),
            height: h.to_string(),
        }
        .into());
    }
    if a.marks.is_empty() {
        return Err(PdfError::NoMark.into());
    }
    Ok(a.image)
}

/// The widget's /Rect (user space) and its appearance: a form XObject drawing the seal
/// upright on the displayed page (whatever the page's /Rotate), clipped like the mark.
fn widget_appearance(
    pdf: &mut Pdf,
    page_id: ObjectId,
    image_id: ObjectId,
    size_pt: (f32, f32),
    mark: &Mark,
) -> Result<([f32; 4], ObjectId)> {
    let geo = PageBox::of(pdf.doc.get_prev_documents(), page_id)?;
    let (ux, uy) = geo.to_user(mark.center.0, mark.center.1);
    let theta = geo.upright_angle().to_radians();
    let (w, h) = size_pt;
    let (a, b, c, d) = (
        w * theta.cos(),
        w * theta.sin(),
        -h * theta.sin(),
        h * theta.cos(),
    );
    let (e, f) = (ux - 0.5 * (a + c), uy - 0.5 * (b + d));
    let xs = [e, e + a, e + c, e + a + c];
    let ys = [f, f + b, f + d, f + b + d];
    let min = |v: &[f32]| v.iter().copied().fold(f32::INFINITY, f32::min);
    let max = |v: &[f32]| v.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let mut rect = [min(&xs), min(&ys), max(&xs), max(&ys)];
    let mut ops = String::from("q\n");
    if let Some([x0, y0, x1, y1]) = mark.clip {
        let corners = [
            geo.to_user(x0, y0),
            geo.to_user(x1, y0),
            geo.to_user(x1, y1),
            geo.to_user(x0, y1),
        ];
        // The widget covers only the visible part of the seal (a strip).
        let cx: Vec<f32> = corners.iter().map(|p| p.0).collect();
        let cy: Vec<f32> = corners.iter().map(|p| p.1).collect();
        rect = [
            rect[0].max(min(&cx)),
            rect[1].max(min(&cy)),
            rect[2].min(max(&cx)),
            rect[3].min(max(&cy)),
        ];
        if rect[2] <= rect[0] || rect[3] <= rect[1] {
            return Err(PdfError::ClipEmpty { page: mark.page }.into());
        }
        let (ox, oy) = (rect[0], rect[1]);
        ops.push_str(&format!(
            "{} {} m ",
            fmt(corners[0].0 - ox),
            fmt(corners[0].1 - oy)
        ));
        for p in &corners[1..] {
            ops.push_str(&format!("{} {} l ", fmt(p.0 - ox), fmt(p.1 - oy)));
        }
        ops.push_str("h W n\n");
    }
    let (ox, oy) = (rect[0], rect[1]);
    ops.push_str(&format!(
        "{} {} {} {} {} {} cm\n/CatoolSeal Do\nQ\n",
        fmt(a),
        fmt(b),
        fmt(c),
        fmt(d),
        fmt(e - ox),
        fmt(f - oy)
    ));
    let mut xobjects = Dictionary::new();
    xobjects.set("CatoolSeal", Object::Reference(image_id));
    let mut resources = Dictionary::new();
    resources.set("XObject", Object::Dictionary(xobjects));
    let mut form = Dictionary::new();
    form.set("Type", Object::Name(b"XObject".to_vec()));
    form.set("Subtype", Object::Name(b"Form".to_vec()));
    form.set(
        "BBox",
        Object::Array(vec![
            Object::Real(0.0),
            Object::Real(0.0),
            Object::Real(rect[2] - rect[0]),
            Object::Real(rect[3] - rect[1]),
        ]),
    );
    form.set("Resources", Object::Dictionary(resources));
    let ap = pdf
        .doc
        .new_document
        .add_object(Stream::new(form, ops.into_bytes()));
    Ok((rect, ap))
}

/// A PDF text string: PDFDocEncoding-compatible ASCII as is, anything else UTF-16BE with BOM.
fn text_string(s: &str) -> Object {
    if s.is_ascii() {
        Object::String(s.as_bytes().to_vec(), StringFormat::Literal)
    } else {
        let mut v = vec![0xFE, 0xFF];
        for unit in s.encode_utf16() {
            v.extend_from_slice(&unit.to_be_bytes());
        }
        Object::String(v, StringFormat::Hexadecimal)
    }
}

/// `D:YYYYMMDDHHmmSS+00'00'` (UTC).
fn pdf_date(t: SystemTime) -> String {
    let t = chrono::DateTime::<chrono::Utc>::from(t);
    t.format("D:%Y%m%d%H%M%S+00'00'").to_string()
}

fn signature_dictionary(req: &SignRequest, reserve: usize) -> Dictionary {
    let mut sig = Dictionary::new();
    sig.set("Type", Object::Name(b"Sig".to_vec()));
    sig.set("Filter", Object::Name(b"Adobe.PPKLite".to_vec()));
    sig.set("SubFilter", Object::Name(b"ETSI.CAdES.detached".to_vec()));
    set_placeholders(&mut sig, reserve);
    sig.set(
        "M",
        Object::String(
            pdf_date(req.signing_time).into_bytes(),
            StringFormat::Literal,
        ),
    );
    if let Some(r) = req.reason {
        sig.set("Reason", text_string(r));
    }
    if let Some(l) = req.location {
        sig.set("Location", text_string(l));
    }
    if let Some(n) = req.name {
        sig.set("Name", text_string(n));
    }
    if let Some(m) = req.seal_mark {
        sig.set(ESID_KEY, text_string(m.es_id));
        sig.set(SEAL_MAKER_KEY, text_string(m.maker));
    }
    let mut app = Dictionary::new();
    app.set("Name", Object::Name(b"catool".to_vec()));
    app.set(
        "REx",
        Object::String(
            env!("CARGO_PKG_VERSION").as_bytes().to_vec(),
            StringFormat::Literal,
        ),
    );
    let mut build = Dictionary::new();
    build.set("App", Object::Dictionary(app));
    sig.set("Prop_Build", Object::Dictionary(build));
    if req.certify {
        let mut params = Dictionary::new();
        params.set("Type", Object::Name(b"TransformParams".to_vec()));
        params.set("P", 2);
        params.set("V", Object::Name(b"1.2".to_vec()));
        let mut reference = Dictionary::new();
        reference.set("Type", Object::Name(b"SigRef".to_vec()));
        reference.set("TransformMethod", Object::Name(b"DocMDP".to_vec()));
        reference.set("TransformParams", Object::Dictionary(params));
        sig.set(
            "Reference",
            Object::Array(vec![Object::Dictionary(reference)]),
        );
    }
    sig
}

/// /ByteRange then /Contents (`reserve` zero bytes), in this order: `placeholders` finds
/// them so in the written file and patches them in place.
pub(super) fn set_placeholders(sig: &mut Dictionary, reserve: usize) {
    sig.set(
        "ByteRange",
        Object::Array(vec![
            Object::Integer(0),
            Object::Integer(BYTE_RANGE_PLACEHOLDER),
            Object::Integer(BYTE_RANGE_PLACEHOLDER),
            Object::Integer(BYTE_RANGE_PLACEHOLDER),
        ]),
    );
    sig.set(
        "Contents",
        Object::String(vec![0; reserve], StringFormat::Hexadecimal),
    );
}

/// The DocMDP permission (P) of a certified document, if it is certified.
pub(super) fn docmdp_permission(doc: &Document) -> Option<i64> {
    let perms = resolve(doc, doc.catalog().ok()?.get(b"Perms").ok()?)?
        .as_dict()
        .ok()?;
    let sig = resolve(doc, perms.get(b"DocMDP").ok()?)?.as_dict().ok()?;
    let refs = resolve(doc, sig.get(b"Reference").ok()?)
        .and_then(|o| o.as_array().ok())
        .cloned()
        .unwrap_or_default();
    for r in &refs {
        let Some(r) = resolve(doc, r).and_then(|o| o.as_dict().ok()) else {
            continue;
        };
        if r.get(b"TransformMethod")
            .and_then(Object::as_name)
            .is_ok_and(|n| n == b"DocMDP")
        {
            let p = r
                .get(b"TransformParams")
                .ok()
                .and_then(|o| resolve(doc, o))
                .and_then(|o| o.as_dict().ok())
                .and_then(|d| d.get(b"P").ok())
                .and_then(|o| resolve(doc, o))
                .and_then(|o| o.as_i64().ok())
                .unwrap_or(2);
            return Some(p);
        }
    }
    // Certified without a readable DocMDP reference: the default P is 2.
    Some(2)
}

/// "Signature1", "Signature2"…: the first not used by any field of the form.
pub(super) fn unique_field_name(doc: &Document) -> String {
    let mut used = BTreeSet::new();
    fn walk(doc: &Document, o: &Object, used: &mut BTreeSet<Vec<u8>>, depth: u32) {
        if depth > 32 {
            return;
        }
        let Some(d) = resolve(doc, o).and_then(|o| o.as_dict().ok()) else {
            return;
        };
        if let Ok(t) = d.get(b"T").and_then(Object::as_str) {
            used.insert(t.to_vec());
        }
        if let Some(kids) = d
            .get(b"Kids")
            .ok()
            .and_then(|k| resolve(doc, k))
            .and_then(|k| k.as_array().ok())
        {
            for k in kids {
                walk(doc, k, used, depth + 1);
            }
        }
    }
    let fields = super::form_fields(doc);
    for f in fields.into_iter().flatten() {
        walk(doc, f, &mut used, 0);
    }
    (1..)
        .map(|n| format!("Signature{n}"))
        .find(|n| !used.contains(n.as_bytes()))
        .unwrap_or_else(|| "Signature".into())
}

/// The object `id` as it will be in the update (already changed there, or as it was).
fn current(pdf: &Pdf, id: ObjectId) -> Option<&Object> {
    pdf.doc
        .new_document
        .get_object(id)
        .ok()
        .or_else(|| pdf.doc.get_prev_documents().get_object(id).ok())
}

/// Appends `item` to the array `dict[key]`: a direct array, an indirect one (changed in the
/// update), or a new one.
fn append_to_array(pdf: &mut Pdf, dict: &mut Dictionary, key: &[u8], item: Object) -> Result<()> {
    match dict.get(key).ok().cloned() {
        Some(Object::Reference(id)) if current(pdf, id).is_some_and(|o| o.as_array().is_ok()) => {
            pdf.doc
                .opt_clone_object_to_new_document(id)
                .map_err(damaged)?;
            if let Ok(Object::Array(items)) = pdf.doc.new_document.get_object_mut(id) {
                items.push(item);
            }
        }
        Some(Object::Array(mut items)) => {
            items.push(item);
            dict.set(key.to_vec(), Object::Array(items));
        }
        _ => dict.set(key.to_vec(), Object::Array(vec![item])),
    }
    Ok(())
}

/// Sets `dict[key][inner] = value` where `dict[key]` is a direct dictionary, an indirect one
/// (changed in the update), or missing (created direct).
fn set_in_dict(
    pdf: &mut Pdf,
    dict: &mut Dictionary,
    key: &[u8],
    inner: &[u8],
    value: Object,
) -> Result<()> {
    match dict.get(key).ok().cloned() {
        Some(Object::Reference(id)) if current(pdf, id).is_some_and(|o| o.as_dict().is_ok()) => {
            pdf.doc
                .opt_clone_object_to_new_document(id)
                .map_err(damaged)?;
            if let Ok(d) = pdf.doc.new_document.get_dictionary_mut(id) {
                d.set(inner.to_vec(), value);
            }
        }
        Some(Object::Dictionary(mut d)) => {
            d.set(inner.to_vec(), value);
            dict.set(key.to_vec(), Object::Dictionary(d));
        }
        _ => {
            let mut d = Dictionary::new();
            d.set(inner.to_vec(), value);
            dict.set(key.to_vec(), Object::Dictionary(d));
        }
    }
    Ok(())
}

/// Adds the field to the catalog's /AcroForm (kept or created) with /SigFlags 3
/// (SignaturesExist | AppendOnly).
/// SignaturesExist and AppendOnly (3) on a form being signed for the first time. A signed
/// document's /SigFlags stay as they are: changing them after a signature is a modification
/// validators (pyHanko) do not allow.
fn set_sig_flags(signed: bool, form: &mut Dictionary) {
    if !signed {
        let flags = form.get(b"SigFlags").and_then(Object::as_i64).unwrap_or(0) | 3;
        form.set("SigFlags", flags);
    }
}

fn update_acroform(pdf: &mut Pdf, catalog: &mut Dictionary, field: ObjectId) -> Result<()> {
    match catalog.get(b"AcroForm").ok().cloned() {
        Some(Object::Reference(id)) if current(pdf, id).is_some_and(|o| o.as_dict().is_ok()) => {
            pdf.doc
                .opt_clone_object_to_new_document(id)
                .map_err(damaged)?;
            let mut form = pdf
                .doc
                .new_document
                .get_dictionary(id)
                .map_err(damaged)?
                .clone();
            append_to_array(pdf, &mut form, b"Fields", Object::Reference(field))?;
            set_sig_flags(pdf.signed, &mut form);
            *pdf.doc
                .new_document
                .get_dictionary_mut(id)
                .map_err(damaged)? = form;
        }
        Some(Object::Dictionary(mut form)) => {
            append_to_array(pdf, &mut form, b"Fields", Object::Reference(field))?;
            set_sig_flags(pdf.signed, &mut form);
            catalog.set("AcroForm", Object::Dictionary(form));
        }
        _ => {
            let mut form = Dictionary::new();
            form.set("Fields", Object::Array(vec![Object::Reference(field)]));
            form.set("SigFlags", 3);
            let id = pdf.doc.new_document.add_object(form);
            catalog.set("AcroForm", Object::Reference(id));
        }
    }
    Ok(())
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    hay.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

/// In the appended revision: the span of the /ByteRange numbers (between the brackets) and
/// of the /Contents hex string (from '<' to just past '>') of object `sig_id`.
fn placeholders(update: &[u8], sig_id: ObjectId) -> Result<((usize, usize), (usize, usize))> {
    let missing = || Error::Internal("cannot find the signature placeholders in the output".into());
    let header = format!("{} {} obj\n", sig_id.0, sig_id.1);
    // The object starts a line (the revision's first object follows the input's last line).
    let mut from = 0;
    let obj = loop {
        let at = find(update, header.as_bytes(), from).ok_or_else(missing)?;
        if at == 0 || update[at - 1] == b'\n' {
            break at;
        }
        from = at + 1;
    };
    let out = update;
    let br = find(out, b"/ByteRange[", obj).ok_or_else(missing)? + b"/ByteRange[".len();
    let br_end = find(out, b"]", br).ok_or_else(missing)?;
    let contents = find(out, b"/Contents<", br_end).ok_or_else(missing)? + b"/Contents".len();
    let end = find(out, b">", contents).ok_or_else(missing)? + 1;
    let obj_end = find(out, b"endobj", obj).ok_or_else(missing)?;
    if end > obj_end || !out[contents + 1..end - 1].iter().all(u8::is_ascii_hexdigit) {
        return Err(missing());
    }
    Ok(((br, br_end), (contents, end)))
}

/// adbe-revocationInfoArchival (ISO 32000-1 §12.8.3.3.2, Adobe's OID).
const OID_ADBE_REVOCATION_INFO_ARCHIVAL: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113583.1.1.8");

/// RevocationInfoArchival ::= SEQUENCE { crl [0] EXPLICIT SEQUENCE OF CRLs OPTIONAL,
/// ocsp [1] …, otherRevInfo [2] … }: here the CRLs only.
#[derive(der::Sequence)]
struct RevocationInfoArchival {
    #[asn1(context_specific = "0", tag_mode = "EXPLICIT", optional = "true")]
    crl: Option<Vec<Any>>,
}

fn revocation_info_archival(crls: &[Vec<u8>]) -> Result<Any> {
    let e = internal("revocation info");
    let crl = crls
        .iter()
        .map(|c| Any::from_der(c))
        .collect::<std::result::Result<Vec<_>, _>>()
        .map_err(&e)?;
    Any::encode_from(&RevocationInfoArchival { crl: Some(crl) }).map_err(e)
}

/// The unsigned attribute id-aa-signatureTimeStampToken: a token from `tsa` over the
/// signature value.
fn signature_timestamp(
    tsa: &mut dyn Timestamper,
    alg: DigestAlg,
    signature_value: &[u8],
) -> Result<UnsignedAttributes> {
    let token = tsa.timestamp(alg, &alg.digest(&[signature_value]))?;
    let token = Any::from_der(&token).map_err(|e| PdfError::TimestampNotDer {
        tsa: tsa.describe(crate::i18n::lang()),
        cause: Cause::new(e),
    })?;
    SetOfVec::try_from(vec![attribute(OID_SIGNATURE_TIMESTAMP_TOKEN, token)?])
        .map_err(internal("unsigned attributes"))
}

fn attribute(oid: ObjectIdentifier, value: Any) -> Result<Attribute> {
    Ok(Attribute {
        oid,
        values: SetOfVec::try_from(vec![value]).map_err(internal("attribute"))?,
    })
}

/// contentType (id-data), signingTime, messageDigest, signing-certificate-v2.
fn signed_attributes(req: &SignRequest, digest: &[u8]) -> Result<SignedAttributes> {
    let e = internal("signed attributes");
    let tbs = req.cert.tbs_certificate();
    let cert_der = req.cert.to_der().map_err(internal("certificate"))?;
    let ess = SigningCertificateV2 {
        certs: vec![EssCertIdV2 {
            cert_hash: OctetString::new(DigestAlg::Sha256.digest(&[&cert_der])).map_err(&e)?,
            issuer_serial: IssuerSerial {
                issuer: vec![GeneralName::DirectoryName(tbs.issuer().clone())],
                serial_number: tbs.serial_number().clone(),
            },
        }],
    };
    let mut attrs = vec![
        attribute(OID_CONTENT_TYPE, Any::encode_from(&OID_DATA).map_err(&e)?)?,
        attribute(
            OID_MESSAGE_DIGEST,
            Any::encode_from(&OctetString::new(digest).map_err(&e)?).map_err(&e)?,
        )?,
        attribute(
            OID_SIGNING_CERTIFICATE_V2,
            Any::encode_from(&ess).map_err(&e)?,
        )?,
    ];
    if WRITE_SIGNING_TIME_ATTRIBUTE {
        let time = x509_cert::time::Time::try_from(req.signing_time).map_err(&e)?;
        attrs.push(attribute(
            OID_SIGNING_TIME,
            Any::encode_from(&time).map_err(&e)?,
        )?);
    }
    if !req.revocation_crls.is_empty() {
        attrs.push(attribute(
            OID_ADBE_REVOCATION_INFO_ARCHIVAL,
            revocation_info_archival(req.revocation_crls)?,
        )?);
    }
    SetOfVec::try_from(attrs).map_err(e)
}

/// The DER ContentInfo (SignedData, detached) carrying `signature` over `attrs`.
fn assemble_cms(
    req: &SignRequest,
    signature_algorithm: &AlgorithmIdentifierOwned,
    digest_alg: DigestAlg,
    attrs: SignedAttributes,
    signature: Vec<u8>,
    unsigned_attrs: Option<UnsignedAttributes>,
) -> Result<Vec<u8>> {
    let e = internal("CMS");
    let tbs = req.cert.tbs_certificate();
    let digest_algorithm = AlgorithmIdentifierOwned {
        oid: digest_alg.oid(),
        parameters: None,
    };
    let signer_info = SignerInfo {
        version: CmsVersion::V1,
        sid: SignerIdentifier::IssuerAndSerialNumber(IssuerAndSerialNumber {
            issuer: tbs.issuer().clone(),
            serial_number: tbs.serial_number().clone(),
        }),
        digest_alg: digest_algorithm.clone(),
        signed_attrs: Some(attrs),
        signature_algorithm: signature_algorithm.clone(),
        signature: OctetString::new(signature).map_err(&e)?,
        unsigned_attrs,
    };
    // The signer's certificate and the chain, each once.
    let mut seen = BTreeSet::new();
    let mut certs = Vec::new();
    for c in std::iter::once(req.cert).chain(req.chain.iter()) {
        if seen.insert(c.to_der().map_err(&e)?) {
            certs.push(CertificateChoices::Certificate(c.clone()));
        }
    }
    let signed_data = SignedData {
        version: CmsVersion::V1,
        digest_algorithms: SetOfVec::try_from(vec![digest_algorithm]).map_err(&e)?,
        encap_content_info: EncapsulatedContentInfo {
            econtent_type: OID_DATA,
            econtent: None,
        },
        certificates: Some(CertificateSet(SetOfVec::try_from(certs).map_err(&e)?)),
        crls: None,
        signer_infos: SignerInfos(SetOfVec::try_from(vec![signer_info]).map_err(&e)?),
    };
    ContentInfo {
        content_type: OID_SIGNED_DATA,
        content: Any::encode_from(&signed_data).map_err(&e)?,
    }
    .to_der()
    .map_err(e)
}
