//! Long-term validation in PDFs (PAdES B-LT and B-LTA, ETSI EN 319 142-1): the document
//! security store (/DSS: the certificates, CRLs and OCSP responses a validator needs, so a
//! signature can be checked offline years later) and document timestamps (/DocTimeStamp,
//! /SubFilter /ETSI.RFC3161: an RFC 3161 token over every byte before it).
//!
//! Each is one incremental update appended to the input, the kind of change every signature's
//! difference analysis allows after signing (`super::diff`, level `LtaUpdates`).
//! Pure: bytes and tokens in, bytes out; what goes into the store is the caller's.

use std::collections::BTreeSet;

use lopdf::{Dictionary, Object, ObjectId, Stream};

use super::error::{Appended, PdfError};
use super::resolve;
use super::sign::{
    Fitted, Signed, TOKEN_RESERVE, add_field, damaged, fill_placeholders, set_placeholders,
    unique_field_name, update_catalog,
};
use crate::error::Result;
use crate::pki::signed_data::DigestAlg;
use crate::pki::timestamper::Timestamper;

/// The PAdES baseline levels (ETSI EN 319 142-1), each adding to the one before.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub enum PadesLevel {
    /// The signature alone: its time is only claimed.
    #[serde(rename = "B-B")]
    Bb,
    /// A signature timestamp proves the signature existed at the token's time.
    #[serde(rename = "B-T")]
    Bt,
    /// The certificates and revocation data to validate it travel in the document (/DSS).
    #[serde(rename = "B-LT")]
    Blt,
    /// A document timestamp protects all of it (renewed before its TSA certificate expires).
    #[serde(rename = "B-LTA")]
    Blta,
}

impl PadesLevel {
    pub fn name(self) -> &'static str {
        match self {
            PadesLevel::Bb => "B-B",
            PadesLevel::Bt => "B-T",
            PadesLevel::Blt => "B-LT",
            PadesLevel::Blta => "B-LTA",
        }
    }
}

/// What a validator needs besides the signatures: DER certificates, CRLs and OCSP responses.
#[derive(Debug, Default, Clone)]
pub struct ValidationData {
    pub certs: Vec<Vec<u8>>,
    pub crls: Vec<Vec<u8>>,
    pub ocsps: Vec<Vec<u8>>,
}

/// Appends an update that adds `data` to the document security store (created if the
/// document has none); what the store already holds is not added twice.
pub fn add_dss(input: Vec<u8>, password: Option<&str>, data: &ValidationData) -> Result<Vec<u8>> {
    let mut pdf = super::load(input, password)?;
    refuse_encrypted(&pdf, Appended::ValidationData)?;
    let prev = pdf.doc.get_prev_documents();
    let root_id = root(prev)?;
    let catalog = prev.get_dictionary(root_id).map_err(damaged)?.clone();
    let (dss_id, mut dss) = match catalog.get(b"DSS").ok() {
        Some(Object::Reference(id)) => (
            Some(*id),
            prev.get_dictionary(*id).map_err(damaged)?.clone(),
        ),
        Some(Object::Dictionary(d)) => (None, d.clone()),
        _ => (None, Dictionary::new()),
    };
    let kinds = [
        (&b"Certs"[..], &data.certs),
        (b"CRLs", &data.crls),
        (b"OCSPs", &data.ocsps),
    ];
    // What the store holds already, by content.
    let existing: Vec<(Vec<Object>, BTreeSet<Vec<u8>>)> = kinds
        .iter()
        .map(|(key, _)| {
            let entries: Vec<Object> = dss
                .get(key)
                .ok()
                .and_then(|o| resolve(prev, o))
                .and_then(|o| o.as_array().ok())
                .cloned()
                .unwrap_or_default();
            let held = entries
                .iter()
                .filter_map(|o| resolve(prev, o))
                .filter_map(|o| o.as_stream().ok())
                .map(|s| {
                    s.decompressed_content()
                        .unwrap_or_else(|_| s.content.clone())
                })
                .collect();
            (entries, held)
        })
        .collect();
    for ((key, items), (mut entries, mut held)) in kinds.into_iter().zip(existing) {
        for item in items {
            if held.insert(item.clone()) {
                let id = pdf
                    .doc
                    .new_document
                    .add_object(Stream::new(Dictionary::new(), item.clone()));
                entries.push(Object::Reference(id));
            }
        }
        if !entries.is_empty() {
            dss.set(key.to_vec(), Object::Array(entries));
        }
    }
    dss.set("Type", Object::Name(b"DSS".to_vec()));
    match dss_id {
        Some(id) => {
            pdf.doc
                .new_document
                .objects
                .insert(id, Object::Dictionary(dss));
        }
        None => {
            let id = pdf.doc.new_document.add_object(dss);
            let mut catalog = catalog;
            catalog.set("DSS", Object::Reference(id));
            pdf.doc
                .new_document
                .objects
                .insert(root_id, Object::Dictionary(catalog));
        }
    }
    pdf.finish()
}

/// Appends a document timestamp: an invisible signature field whose value is a
/// /DocTimeStamp dictionary holding `tsa`'s token over the signed ranges (digest `alg`).
pub fn add_document_timestamp(
    input: Vec<u8>,
    password: Option<&str>,
    tsa: &mut dyn Timestamper,
    alg: DigestAlg,
) -> Result<Signed> {
    match timestamp_reserving(input.clone(), password, tsa, alg, TOKEN_RESERVE)? {
        Fitted::Yes(s) => Ok(s),
        Fitted::NeedsRoom(n) => {
            match timestamp_reserving(input, password, tsa, alg, n + TOKEN_RESERVE / 4)? {
                Fitted::Yes(s) => Ok(s),
                Fitted::NeedsRoom(bytes) => Err(PdfError::NoRoom {
                    document_timestamp: true,
                    bytes,
                }
                .into()),
            }
        }
    }
}

fn timestamp_reserving(
    input: Vec<u8>,
    password: Option<&str>,
    tsa: &mut dyn Timestamper,
    alg: DigestAlg,
    reserve: usize,
) -> Result<Fitted<Signed>> {
    let mut pdf = super::load(input, password)?;
    refuse_encrypted(&pdf, Appended::DocumentTimestamp)?;
    let prev = pdf.doc.get_prev_documents();
    let root_id = root(prev)?;
    let field_name = unique_field_name(prev);
    let sig_id = pdf
        .doc
        .new_document
        .add_object(doc_timestamp_dictionary(reserve));
    let field_id = add_field(&mut pdf, None, None, sig_id, &field_name)?;
    update_catalog(&mut pdf, root_id, field_id, None)?;
    let prev_len = pdf.doc.get_prev_documents_bytes().len();
    let mut out = pdf.finish()?;
    let mut token = Vec::new();
    let fitted = fill_placeholders(&mut out, prev_len, sig_id, |ranges| {
        token = tsa.timestamp(alg, &alg.digest(ranges))?;
        Ok(token.clone())
    })?;
    Ok(match fitted {
        Fitted::Yes(byte_range) => Fitted::Yes(Signed {
            bytes: out,
            field_name,
            byte_range,
            cms: token,
        }),
        Fitted::NeedsRoom(n) => Fitted::NeedsRoom(n),
    })
}

fn doc_timestamp_dictionary(reserve: usize) -> Dictionary {
    let mut d = Dictionary::new();
    d.set("Type", Object::Name(b"DocTimeStamp".to_vec()));
    d.set("Filter", Object::Name(b"Adobe.PPKLite".to_vec()));
    d.set("SubFilter", Object::Name(b"ETSI.RFC3161".to_vec()));
    set_placeholders(&mut d, reserve);
    d
}

fn root(doc: &lopdf::Document) -> Result<ObjectId> {
    doc.trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(|_| PdfError::NoCatalog.into())
}

/// Objects appended to an encrypted PDF would have to be encrypted too; catool's writer
/// appends them in clear, which readers reject, so it refuses instead.
fn refuse_encrypted(pdf: &super::Pdf, what: Appended) -> Result<()> {
    if pdf.encrypted {
        return Err(PdfError::Encrypted { what }.into());
    }
    Ok(())
}

/// The document security store of `doc` (as loaded for structure, stream data dropped): its
/// certificates, CRLs and OCSP responses, read from `bytes` at their objects' offsets. An
/// entry that cannot be read is left out (the validation that needed it then says so).
pub fn read_dss(bytes: &[u8], doc: &lopdf::Document) -> ValidationData {
    let Some(dss) = doc
        .catalog()
        .ok()
        .and_then(|c| c.get(b"DSS").ok())
        .and_then(|o| resolve(doc, o))
        .and_then(|o| o.as_dict().ok())
    else {
        return ValidationData::default();
    };
    let list = |key: &[u8]| -> Vec<Vec<u8>> {
        dss.get(key)
            .ok()
            .and_then(|o| resolve(doc, o))
            .and_then(|o| o.as_array().ok())
            .map(|items| {
                items
                    .iter()
                    .filter_map(|o| o.as_reference().ok())
                    .filter_map(|id| stream_data(bytes, doc, id))
                    .collect()
            })
            .unwrap_or_default()
    };
    ValidationData {
        certs: list(b"Certs"),
        crls: list(b"CRLs"),
        ocsps: list(b"OCSPs"),
    }
}

/// At most this much of one DSS entry is read (a CRL of a large CA can be a few MiB).
const MAX_DSS_ENTRY: usize = 16 << 20;

/// The decoded data of stream object `id`, read from the file at the offset the
/// cross-reference data gives (streams are never inside object streams).
fn stream_data(bytes: &[u8], doc: &lopdf::Document, id: ObjectId) -> Option<Vec<u8>> {
    let lopdf::xref::XrefEntry::Normal { offset, .. } = doc.reference_table.get(id.0)? else {
        return None;
    };
    let dict = doc.get_object(id).ok()?.as_stream().ok()?.dict.clone();
    let length = match dict.get(b"Length").ok()? {
        Object::Reference(r) => doc.get_object(*r).ok()?.as_i64().ok()?,
        o => o.as_i64().ok()?,
    };
    let length = usize::try_from(length)
        .ok()
        .filter(|l| *l <= MAX_DSS_ENTRY)?;
    let start = *offset as usize;
    let head = bytes.get(start..)?;
    let keyword = head.windows(6).position(|w| w == b"stream")? + 6;
    // The keyword ends with CRLF or LF (ISO 32000-1 §7.3.8.1).
    let data_at = match head.get(keyword..keyword + 2)? {
        [b'\r', b'\n'] => keyword + 2,
        [b'\n', _] => keyword + 1,
        _ => return None,
    };
    let raw = head.get(data_at..data_at.checked_add(length)?)?.to_vec();
    let stream = Stream::new(dict, raw);
    if stream.dict.has(b"Filter") {
        stream.decompressed_content().ok()
    } else {
        Some(stream.content)
    }
}
