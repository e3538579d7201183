//! PDF documents (lopdf): loading (encrypted, damaged, signed inputs), page geometry,
//! stamping seals, finding text. One writer: every output is an incremental update appended
//! to the input's bytes, so earlier signatures keep validating and nothing is rewritten.

pub mod ambiguity;
pub mod cross_page;
pub mod diff;
pub mod error;
pub mod geometry;
pub mod job;
pub mod ltv;
pub mod problem;
pub mod revisions;
pub mod sign;
pub mod stamp;
pub mod text;
pub mod verify;

use lopdf::{Document, IncrementalDocument, LoadOptions};

pub use error::PdfError;

use crate::error::Result;
use error::Cause;

/// Streams are never inflated past this (decompression bombs).
pub const MAX_STREAM_BYTES: usize = 256 * 1024 * 1024;

/// A loaded PDF: its bytes and the parsed (decrypted) document.
pub struct Pdf {
    pub doc: IncrementalDocument,
    /// The input was encrypted (owner-password or user-password).
    pub encrypted: bool,
    /// The input carries at least one signature field with a value.
    pub signed: bool,
    /// The input's cross-reference data was unreadable and the parser rebuilt it by scanning:
    /// a revision appended to such a file points back at the broken data and would not open,
    /// so the writer refuses (found by fuzzing).
    pub xref_rebuilt: bool,
}

/// Parses `bytes`. An owner-password-only file opens as is; a user-password file needs
/// `password`. Errors say what is wrong with the file, never a parser's internals alone.
pub fn load(bytes: Vec<u8>, password: Option<&str>) -> Result<Pdf> {
    let doc = parse(&bytes, password, None)?;
    let encrypted = doc.was_encrypted();
    let signed = has_signatures(&doc);
    let xref_rebuilt = doc.xref_recovery == Some(lopdf::xref::XrefRecovery::Reconstructed);
    Ok(Pdf {
        doc: IncrementalDocument::create_from(bytes, doc),
        encrypted,
        signed,
        xref_rebuilt,
    })
}

/// Parses `bytes` for their structure only: every dictionary, no stream data (object and
/// cross-reference streams are still read). What signature checking needs, at a cost that
/// does not grow with the size of images.
pub fn load_structure(bytes: &[u8], password: Option<&str>) -> Result<Document> {
    parse(bytes, password, Some(revisions::drop_stream_data))
}

fn parse(
    bytes: &[u8],
    password: Option<&str>,
    filter: Option<lopdf::FilterFunc>,
) -> Result<Document> {
    if bytes.is_empty() {
        return Err(PdfError::Empty.into());
    }
    let head = &bytes[..bytes.len().min(1024)];
    if !head.windows(5).any(|w| w == b"%PDF-") {
        return Err(PdfError::NoHeader.into());
    }
    let options = LoadOptions {
        password: password.map(str::to_string),
        max_decompressed_size: Some(MAX_STREAM_BYTES),
        filter,
        ..LoadOptions::default()
    };
    let doc = Document::load_mem_with_options(bytes, options).map_err(|e| match e {
        lopdf::Error::Decryption(_) | lopdf::Error::InvalidPassword => {
            password_error(password.is_some())
        }
        e => PdfError::Unreadable {
            cause: Cause::new(e),
        },
    })?;
    if doc.is_encrypted() {
        return Err(password_error(password.is_some()).into());
    }
    if doc.get_pages().is_empty() {
        return Err(PdfError::NoPages.into());
    }
    Ok(doc)
}

/// Follows a reference (one level is all PDF allows for form entries).
pub(crate) fn resolve<'a>(doc: &'a Document, o: &'a lopdf::Object) -> Option<&'a lopdf::Object> {
    match o {
        lopdf::Object::Reference(id) => doc.get_object(*id).ok(),
        o => Some(o),
    }
}

/// The catalog's /AcroForm /Fields array, if the document has a form.
pub(crate) fn form_fields(doc: &Document) -> Option<&Vec<lopdf::Object>> {
    doc.catalog()
        .ok()
        .and_then(|c| c.get(b"AcroForm").ok())
        .and_then(|a| resolve(doc, a))
        .and_then(|a| a.as_dict().ok())
        .and_then(|a| a.get(b"Fields").ok())
        .and_then(|f| resolve(doc, f))
        .and_then(|f| f.as_array().ok())
}

/// The output could not be written (a full disk, a closed pipe …).
pub(crate) fn write_failed(e: impl std::error::Error + Send + Sync + 'static) -> PdfError {
    PdfError::WriteFailed {
        cause: Cause::new(e),
    }
}

fn password_error(given: bool) -> PdfError {
    if given {
        PdfError::WrongPassword
    } else {
        PdfError::NeedsPassword
    }
}

/// Whether the document carries a signature: a signature field with a value, or any
/// signature dictionary (whether or not a field still points to it).
fn has_signatures(doc: &Document) -> bool {
    doc.objects.values().any(|o| {
        o.as_dict().is_ok_and(|d| {
            verify::is_signature_dictionary(d)
                || (d
                    .get(b"FT")
                    .and_then(|t| t.as_name())
                    .is_ok_and(|n| n == b"Sig")
                    && d.has(b"V"))
        })
    })
}

impl Pdf {
    /// The (1-based) page numbers and object ids of every page.
    pub fn pages(&self) -> Vec<(u32, lopdf::ObjectId)> {
        self.doc
            .get_prev_documents()
            .get_pages()
            .into_iter()
            .collect()
    }

    pub fn page_count(&self) -> u32 {
        self.doc.get_prev_documents().get_pages().len() as u32
    }

    /// Refuses to append to a file whose cross-reference data had to be rebuilt.
    fn check_appendable(&self) -> Result<()> {
        if self.xref_rebuilt {
            return Err(PdfError::XrefRebuilt.into());
        }
        Ok(())
    }

    /// Writes the output: the input's bytes plus one appended revision.
    pub fn write_to(&mut self, w: &mut dyn std::io::Write) -> Result<()> {
        self.check_appendable()?;
        let mut w = std::io::BufWriter::with_capacity(1 << 20, w);
        self.doc.save_to(&mut w).map_err(write_failed)?;
        std::io::Write::flush(&mut w).map_err(write_failed)?;
        Ok(())
    }

    /// The output: the input's bytes plus one appended revision.
    pub fn finish(mut self) -> Result<Vec<u8>> {
        self.check_appendable()?;
        let mut out = Vec::with_capacity(self.doc.get_prev_documents_bytes().len() + 64 * 1024);
        self.doc
            .save_to(&mut out)
            .map_err(|e| crate::error::Error::Internal(format!("cannot write the PDF: {e}")))?;
        Ok(out)
    }
}
