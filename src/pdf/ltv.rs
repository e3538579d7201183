//! Long-term validation in PDFs (PAdES B-LT and B-LTA, ETSI EN 319 142-1): the document
//! security store (/DSS: the certificates, CRLs and OCSP responses a validator needs, so a
//! signature can be checked offline years later) and document timestamps (/DocTimeStamp,
//! /SubFilter /ETSI.RFC3161: an RFC 3161 token over every byte before it).
//!
//! Each is one incremental update appended to the input, the kind of change every signature's
//! difference analysis allows after signing (`super::diff`, level `LtaUpdates`).
//! Pure: bytes and tokens in, bytes out; what goes into the store is the caller's.

use std::collections::BTreeSet;
use std::path::Path;

use lopdf::{Dictionary, Object, ObjectId, Stream};

use super::error::{Appended, PdfError};
use super::sign::{
    Fitted, Signed, TOKEN_RESERVE, add_field, damaged, fill_placeholders, set_placeholders,
    unique_field_name, update_catalog,
};
use super::{resolve, write_failed};
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
    dss_update(&mut pdf, data)?;
    pdf.finish()
}

/// As [`add_dss`], appended to the PDF `file` (read lazily, `path` names it in errors).
pub fn append_dss(
    file: &mut std::fs::File,
    path: &Path,
    password: Option<&str>,
    data: &ValidationData,
) -> Result<()> {
    let mut pdf = super::lazy::open_file(file.try_clone().map_err(write_failed)?, path, password)?;
    dss_update(&mut pdf, data)?;
    let update = pdf.update()?;
    append(file, &update)
}

/// Writes `update` at the end of `file`.
fn append(file: &mut std::fs::File, update: &[u8]) -> Result<()> {
    use std::io::{Seek, SeekFrom, Write};
    file.seek(SeekFrom::End(0))
        .and_then(|_| file.write_all(update))
        .map_err(|e| write_failed(e).into())
}

/// The update [`add_dss`] appends, made in `pdf`.
fn dss_update(pdf: &mut super::Pdf, data: &ValidationData) -> Result<()> {
    refuse_encrypted(pdf, Appended::ValidationData)?;
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
    Ok(())
}

/// Appends a document timestamp: an invisible signature field whose value is a
/// /DocTimeStamp dictionary holding `tsa`'s token over the signed ranges (digest `alg`).
pub fn add_document_timestamp(
    input: Vec<u8>,
    password: Option<&str>,
    tsa: &mut dyn Timestamper,
    alg: DigestAlg,
) -> Result<Signed> {
    reserving(&mut |reserve| timestamp_reserving(input.clone(), password, tsa, alg, reserve))
}

/// As [`add_document_timestamp`], appended to the PDF `file` (read lazily, its bytes
/// hashed streaming; `path` names it in errors). Returns the timestamp's field name.
pub fn append_document_timestamp(
    file: &mut std::fs::File,
    path: &Path,
    password: Option<&str>,
    tsa: &mut dyn Timestamper,
    alg: DigestAlg,
) -> Result<String> {
    reserving(&mut |reserve| {
        let mut pdf =
            super::lazy::open_file(file.try_clone().map_err(write_failed)?, path, password)?;
        let (sig_id, field_name) = timestamp_update(&mut pdf, reserve)?;
        let prev_len = pdf.input_len();
        let mut update = pdf.update()?;
        let fitted = super::sign::fill_update(&mut update, prev_len, sig_id, |ranges| {
            let mut running = crate::pdf::verify::digests::Running::new(alg);
            pdf.write_input_seeing(&mut std::io::sink(), &mut |chunk| running.update(chunk))?;
            for r in ranges {
                running.update(r);
            }
            tsa.timestamp(alg, &running.finish())
        })?;
        Ok(match fitted {
            Fitted::Yes(_) => {
                append(file, &update)?;
                Fitted::Yes(field_name)
            }
            Fitted::NeedsRoom(n) => Fitted::NeedsRoom(n),
        })
    })
}

/// `attempt` with the usual room for a token, then once more with the room it needed.
fn reserving<T>(attempt: &mut dyn FnMut(usize) -> Result<Fitted<T>>) -> Result<T> {
    match attempt(TOKEN_RESERVE)? {
        Fitted::Yes(s) => Ok(s),
        Fitted::NeedsRoom(n) => match attempt(n + TOKEN_RESERVE / 4)? {
            Fitted::Yes(s) => Ok(s),
            Fitted::NeedsRoom(bytes) => Err(PdfError::NoRoom {
                document_timestamp: true,
                bytes,
            }
            .into()),
        },
    }
}

/// The update a document timestamp appends, made in `pdf` with `reserve` bytes for the
/// token: its signature dictionary and field name.
fn timestamp_update(pdf: &mut super::Pdf, reserve: usize) -> Result<(ObjectId, String)> {
    refuse_encrypted(pdf, Appended::DocumentTimestamp)?;
    let prev = pdf.doc.get_prev_documents();
    let root_id = root(prev)?;
    let field_name = unique_field_name(prev);
    let sig_id = pdf
        .doc
        .new_document
        .add_object(doc_timestamp_dictionary(reserve));
    let field_id = add_field(pdf, None, None, sig_id, &field_name)?;
    update_catalog(pdf, root_id, field_id, None)?;
    Ok((sig_id, field_name))
}

fn timestamp_reserving(
    input: Vec<u8>,
    password: Option<&str>,
    tsa: &mut dyn Timestamper,
    alg: DigestAlg,
    reserve: usize,
) -> Result<Fitted<Signed>> {
    let mut pdf = super::load(input, password)?;
    let (sig_id, field_name) = timestamp_update(&mut pdf, reserve)?;
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
/// certificates, CRLs and OCSP responses, read by `raw` (the raw data of the stream defined
/// at an offset, of a length) at their objects' offsets. An entry that cannot be read is
/// left out (the validation that needed it then says so).
pub fn read_dss(raw: &StreamData, doc: &lopdf::Document) -> ValidationData {
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
                    .filter_map(|id| stream_data(raw, doc, id))
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
/// The raw data of the stream object defined at an offset (its first `stream` keyword, then
/// CRLF or LF), of a length.
pub type StreamData<'a> = dyn Fn(usize, usize) -> Option<Vec<u8>> + 'a;

fn stream_data(raw: &StreamData, doc: &lopdf::Document, id: ObjectId) -> Option<Vec<u8>> {
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
    let raw = raw(*offset as usize, length)?;
    let stream = Stream::new(dict, raw);
    if stream.dict.has(b"Filter") {
        stream.decompressed_content().ok()
    } else {
        Some(stream.content)
    }
}
