//! Long-term validation in PDFs (PAdES B-LT and B-LTA, ETSI EN 319 142-1): the document
//! security store (/DSS: the certificates, CRLs and OCSP responses a validator needs, so a
//! signature can be checked offline years later) and document timestamps (/DocTimeStamp,
//! /SubFilter /ETSI.RFC3161: an RFC 3161 token over every byte before it).
//!
//! Each is one incremental update appended to the input, the kind of change every signature's
//! difference analysis allows after signing (`super::diff`, level `LtaUpdates`).
//! Pure: bytes and tokens in, bytes out; what goes into the store is the caller's.

use std::collections::BTreeSet;

use lopdf::{Dictionary, Object, ObjectId, Stream, StringFormat};

use super::resolve;
use super::sign::{
    BYTE_RANGE_PLACEHOLDER, Fitted, Signed, TOKEN_RESERVE, add_field, damaged, fill_placeholders,
    unique_field_name, update_catalog,
};
use crate::error::{Error, Result};
use crate::pki::signed_data::DigestAlg;
use crate::pki::timestamper::Timestamper;

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
    refuse_encrypted(&pdf, "validation data")?;
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
                Fitted::NeedsRoom(n) => Err(Error::Internal(format!(
                    "the document timestamp ({n} bytes) does not fit the room reserved for it"
                ))),
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
    refuse_encrypted(&pdf, "a document timestamp")?;
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
    let fitted = fill_placeholders(&mut out, prev_len, sig_id, |ranges| {
        tsa.timestamp(alg, &alg.digest(ranges))
    })?;
    Ok(match fitted {
        Fitted::Yes(byte_range) => Fitted::Yes(Signed {
            bytes: out,
            field_name,
            byte_range,
        }),
        Fitted::NeedsRoom(n) => Fitted::NeedsRoom(n),
    })
}

fn doc_timestamp_dictionary(reserve: usize) -> Dictionary {
    let mut d = Dictionary::new();
    d.set("Type", Object::Name(b"DocTimeStamp".to_vec()));
    d.set("Filter", Object::Name(b"Adobe.PPKLite".to_vec()));
    d.set("SubFilter", Object::Name(b"ETSI.RFC3161".to_vec()));
    d.set(
        "ByteRange",
        Object::Array(vec![
            Object::Integer(0),
            Object::Integer(BYTE_RANGE_PLACEHOLDER),
            Object::Integer(BYTE_RANGE_PLACEHOLDER),
            Object::Integer(BYTE_RANGE_PLACEHOLDER),
        ]),
    );
    d.set(
        "Contents",
        Object::String(vec![0; reserve], StringFormat::Hexadecimal),
    );
    d
}

fn root(doc: &lopdf::Document) -> Result<ObjectId> {
    doc.trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(|_| Error::BadInput("damaged PDF: the trailer has no /Root catalog".into()))
}

/// Objects appended to an encrypted PDF would have to be encrypted too; catool's writer
/// appends them in clear, which readers reject, so it refuses instead.
fn refuse_encrypted(pdf: &super::Pdf, what: &str) -> Result<()> {
    if pdf.encrypted {
        return Err(Error::BadInput(format!(
            "cannot add {what} to an encrypted PDF; sign at level B-T, or decrypt it first (qpdf --decrypt)"
        )));
    }
    Ok(())
}
