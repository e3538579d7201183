//! What a signature check finds wrong, as data: a signature's byte range, its place in the
//! file's revisions, its CMS, its timestamps, and the changes made after it. A finding is not
//! an error of the command (the report carries it, the verdict follows from it); each has a
//! stable code and a catalogue message, in the user's language for people and in English in
//! the JSON report (`super::error::english`).

use std::fmt;

use super::diff::Change;
use super::error::{PdfError, Wrapped};
use crate::error::exit::{BAD_INPUT, CHECK_FAILED};
use crate::i18n::{Arg, Catalogued, Described, Lang};
use crate::msg;
use crate::pki::error::{SignatureFailure, TokenProblem, nest};

/// Why the revisions of a file cannot be told apart where a signature needs them.
#[derive(Debug, Clone, PartialEq)]
pub enum RevisionError {
    RangePastEnd,
    NoEof,
    PastEof,
    NoStartxref,
    StartxrefNotSection {
        offset: usize,
    },
    ChainTooLong,
    NoPrev {
        at: usize,
    },
    PrevNotEarlier {
        at: usize,
        prev: usize,
    },
    SkipsSigned {
        at: usize,
        prev: usize,
    },
    InsideEarlier {
        at: usize,
    },
    FileNoEof,
    FileNoStartxref,
    LastStartxrefNotSection {
        offset: usize,
    },
    SectionNoEnding {
        offset: usize,
    },
    /// The state as of the revision ending at `end` does not load.
    StateUnreadable {
        end: usize,
        error: Wrapped,
    },
    StateXrefDamaged {
        end: usize,
    },
}

/// A byte offset or a count as a message argument.
fn num(v: usize) -> Arg {
    Arg::Num(i64::try_from(v).unwrap_or(i64::MAX))
}

fn d(code: &'static str, message: &'static str) -> Described {
    Described::new(CHECK_FAILED, code, message)
}

impl Catalogued for RevisionError {
    fn describe(&self) -> Described {
        use RevisionError as E;
        let r = |code, message| Described::new(BAD_INPUT, code, message);
        match self {
            E::RangePastEnd => r(
                "pdf.revision.range_past_end",
                msg!("pdf-revision-range-past-end"),
            ),
            E::NoEof => r("pdf.revision.no_eof", msg!("pdf-revision-no-eof")),
            E::PastEof => r("pdf.revision.past_eof", msg!("pdf-revision-past-eof")),
            E::NoStartxref => r(
                "pdf.revision.no_startxref",
                msg!("pdf-revision-no-startxref"),
            ),
            E::StartxrefNotSection { offset } => r(
                "pdf.revision.startxref_not_section",
                msg!("pdf-revision-startxref-not-section"),
            )
            .arg("offset", num(*offset)),
            E::ChainTooLong => r(
                "pdf.revision.chain_too_long",
                msg!("pdf-revision-chain-too-long"),
            ),
            E::NoPrev { at } => {
                r("pdf.revision.no_prev", msg!("pdf-revision-no-prev")).arg("at", num(*at))
            }
            E::PrevNotEarlier { at, prev } => r(
                "pdf.revision.prev_not_earlier",
                msg!("pdf-revision-prev-not-earlier"),
            )
            .arg("at", num(*at))
            .arg("prev", num(*prev)),
            E::SkipsSigned { at, prev } => r(
                "pdf.revision.skips_signed",
                msg!("pdf-revision-skips-signed"),
            )
            .arg("at", num(*at))
            .arg("prev", num(*prev)),
            E::InsideEarlier { at } => r(
                "pdf.revision.inside_earlier",
                msg!("pdf-revision-inside-earlier"),
            )
            .arg("at", num(*at)),
            E::FileNoEof => r("pdf.revision.file_no_eof", msg!("pdf-revision-file-no-eof")),
            E::FileNoStartxref => r(
                "pdf.revision.file_no_startxref",
                msg!("pdf-revision-file-no-startxref"),
            ),
            E::LastStartxrefNotSection { offset } => r(
                "pdf.revision.last_startxref_not_section",
                msg!("pdf-revision-last-startxref-not-section"),
            )
            .arg("offset", num(*offset)),
            E::SectionNoEnding { offset } => r(
                "pdf.revision.section_no_ending",
                msg!("pdf-revision-section-no-ending"),
            )
            .arg("offset", num(*offset)),
            E::StateUnreadable { end, error } => {
                let outer = r(
                    "pdf.revision.state_unreadable",
                    msg!("pdf-revision-state-unreadable"),
                )
                .arg("revision_end", num(*end));
                let mut nested = error.nest(outer, "revision_error");
                // A finding carries no advice of its own.
                nested.hint = None;
                nested
            }
            E::StateXrefDamaged { end } => r(
                "pdf.revision.state_xref_damaged",
                msg!("pdf-revision-state-xref-damaged"),
            )
            .arg("end", num(*end)),
        }
    }
}

/// What is wrong with a timestamp token (a signature's own, or a document timestamp).
#[derive(Debug, Clone, PartialEq)]
pub enum TimestampProblem {
    /// The token itself does not hold (as `pki::tsp::check_token` found).
    Token { problem: TokenProblem },
    /// Its imprint matches the data under none of the digest algorithms tried.
    StampsAnotherDocument,
    /// The signature value it should stamp cannot be read.
    SignatureValueUnreadable,
}

impl Catalogued for TimestampProblem {
    fn describe(&self) -> Described {
        match self {
            TimestampProblem::Token { problem } => nest(
                d(
                    "pdf.timestamp.invalid_token",
                    msg!("pdf-timestamp-invalid-token"),
                ),
                "detail",
                problem,
            ),
            TimestampProblem::StampsAnotherDocument => d(
                "pdf.timestamp.another_document",
                msg!("pdf-timestamp-another-document"),
            ),
            TimestampProblem::SignatureValueUnreadable => d(
                "pdf.timestamp.signature_value_unreadable",
                msg!("pdf-timestamp-signature-value-unreadable"),
            ),
        }
    }
}

/// What is wrong with one signature, as far as the PDF and its CMS tell.
#[derive(Debug, Clone, PartialEq)]
pub enum SignatureProblem {
    // ---- the signed byte range
    NoByteRange,
    ByteRangeNotIntegers,
    ByteRangeCount {
        count: usize,
    },
    ByteRangePastEnd,
    ByteRangeNotAtStart,
    ByteRangeBackwards,
    Revision(RevisionError),
    GapNotOwn,
    GapNotHex,
    GapNotContentsEntry,
    GapNotThisContents,
    ContentsNotDer,
    UnsupportedSubFilter {
        sub_filter: String,
    },
    // ---- the CMS
    CmsUnreadable {
        detail: String,
    },
    NotSignedData {
        oid: String,
    },
    SignedDataUnreadable {
        detail: String,
    },
    NoSignerInfo,
    SignerNotInCms,
    UnsupportedDigest {
        oid: String,
    },
    UnsupportedSignatureAlgorithm {
        oid: String,
    },
    NoMessageDigest,
    ContentTypeMismatch,
    DigestMismatch,
    TokenUnreadable {
        detail: String,
    },
    TokenDigestMismatch,
    TokenImprintUnreadable,
    UnsupportedImprint {
        oid: String,
    },
    ImprintMismatch,
    Encapsulated,
    SignedAttributesMissing,
    SignatureInvalid {
        failure: SignatureFailure,
    },
    DocumentTimestampInvalid {
        problem: TimestampProblem,
    },
    // ---- the revisions after it
    TooManyRevisions {
        revisions: usize,
        objects: usize,
    },
    /// Later revisions made changes beyond what the signature allows (as the difference
    /// analysis found them).
    ModifiedAfterSigning {
        certification_allows_none: bool,
        changes: Vec<Change>,
    },
}

impl From<RevisionError> for SignatureProblem {
    fn from(e: RevisionError) -> SignatureProblem {
        SignatureProblem::Revision(e)
    }
}

/// Most later revisions analysed for one signature, and most object parses (revisions ×
/// objects) the analysis may cost (`verify::analyse_later`).
pub const MAX_LATER_REVISIONS: usize = 1_000;
pub const MAX_OBJECT_PARSES: usize = 20_000_000;

impl Catalogued for SignatureProblem {
    fn describe(&self) -> Described {
        use SignatureProblem as E;
        match self {
            E::NoByteRange => d("pdf.verify.no_byte_range", msg!("pdf-verify-no-byte-range")),
            E::ByteRangeNotIntegers => d(
                "pdf.verify.byte_range_not_integers",
                msg!("pdf-verify-byte-range-not-integers"),
            ),
            E::ByteRangeCount { count } => d(
                "pdf.verify.byte_range_count",
                msg!("pdf-verify-byte-range-count"),
            )
            .arg("count", num(*count)),
            E::ByteRangePastEnd => d(
                "pdf.verify.byte_range_past_end",
                msg!("pdf-verify-byte-range-past-end"),
            ),
            E::ByteRangeNotAtStart => d(
                "pdf.verify.byte_range_not_at_start",
                msg!("pdf-verify-byte-range-not-at-start"),
            ),
            E::ByteRangeBackwards => d(
                "pdf.verify.byte_range_backwards",
                msg!("pdf-verify-byte-range-backwards"),
            ),
            E::Revision(e) => {
                let mut inner = e.describe();
                inner.exit = CHECK_FAILED;
                inner
            }
            E::GapNotOwn => d("pdf.verify.gap_not_own", msg!("pdf-verify-gap-not-own")),
            E::GapNotHex => d("pdf.verify.gap_not_hex", msg!("pdf-verify-gap-not-hex")),
            E::GapNotContentsEntry => d(
                "pdf.verify.gap_not_contents_entry",
                msg!("pdf-verify-gap-not-contents-entry"),
            ),
            E::GapNotThisContents => d(
                "pdf.verify.gap_not_this_contents",
                msg!("pdf-verify-gap-not-this-contents"),
            ),
            E::ContentsNotDer => d(
                "pdf.verify.contents_not_der",
                msg!("pdf-verify-contents-not-der"),
            ),
            E::UnsupportedSubFilter { sub_filter } => d(
                "pdf.verify.unsupported_sub_filter",
                msg!("pdf-verify-unsupported-sub-filter"),
            )
            .arg("sub_filter", sub_filter),
            E::CmsUnreadable { detail } => d(
                "pdf.verify.cms_unreadable",
                msg!("pdf-verify-cms-unreadable"),
            )
            .arg("detail", detail),
            E::NotSignedData { oid } => d(
                "pdf.verify.not_signed_data",
                msg!("pdf-verify-not-signed-data"),
            )
            .arg("oid", oid),
            E::SignedDataUnreadable { detail } => d(
                "pdf.verify.signed_data_unreadable",
                msg!("pdf-verify-signed-data-unreadable"),
            )
            .arg("detail", detail),
            E::NoSignerInfo => d(
                "pdf.verify.no_signer_info",
                msg!("pdf-verify-no-signer-info"),
            ),
            E::SignerNotInCms => d(
                "pdf.verify.signer_not_in_cms",
                msg!("pdf-verify-signer-not-in-cms"),
            ),
            E::UnsupportedDigest { oid } => d(
                "pdf.verify.unsupported_digest",
                msg!("pdf-verify-unsupported-digest"),
            )
            .arg("oid", oid),
            E::UnsupportedSignatureAlgorithm { oid } => d(
                "pdf.verify.unsupported_signature_algorithm",
                msg!("pdf-verify-unsupported-signature-algorithm"),
            )
            .arg("oid", oid),
            E::NoMessageDigest => d(
                "pdf.verify.no_message_digest",
                msg!("pdf-verify-no-message-digest"),
            ),
            E::ContentTypeMismatch => d(
                "pdf.verify.content_type_mismatch",
                msg!("pdf-verify-content-type-mismatch"),
            ),
            E::DigestMismatch => d(
                "pdf.verify.digest_mismatch",
                msg!("pdf-verify-digest-mismatch"),
            ),
            E::TokenUnreadable { detail } => d(
                "pdf.verify.token_unreadable",
                msg!("pdf-verify-token-unreadable"),
            )
            .arg("detail", detail),
            E::TokenDigestMismatch => d(
                "pdf.verify.token_digest_mismatch",
                msg!("pdf-verify-token-digest-mismatch"),
            ),
            E::TokenImprintUnreadable => d(
                "pdf.verify.token_imprint_unreadable",
                msg!("pdf-verify-token-imprint-unreadable"),
            ),
            E::UnsupportedImprint { oid } => d(
                "pdf.verify.unsupported_imprint",
                msg!("pdf-verify-unsupported-imprint"),
            )
            .arg("oid", oid),
            E::ImprintMismatch => d(
                "pdf.verify.imprint_mismatch",
                msg!("pdf-verify-imprint-mismatch"),
            ),
            E::Encapsulated => d("pdf.verify.encapsulated", msg!("pdf-verify-encapsulated")),
            E::SignedAttributesMissing => d(
                "pdf.verify.signed_attributes_missing",
                msg!("pdf-verify-signed-attributes-missing"),
            ),
            E::SignatureInvalid { failure } => nest(
                d(
                    "pdf.verify.signature_invalid",
                    msg!("pdf-verify-signature-invalid"),
                ),
                "detail",
                failure,
            ),
            E::DocumentTimestampInvalid { problem } => {
                let inner = problem.describe();
                let mut outer = d(
                    "pdf.verify.document_timestamp_invalid",
                    msg!("pdf-verify-document-timestamp-invalid"),
                );
                outer.args = inner.args;
                outer.arg("problem", Arg::Msg(inner.message))
            }
            E::TooManyRevisions { revisions, objects } => d(
                "pdf.verify.too_many_revisions",
                msg!("pdf-verify-too-many-revisions"),
            )
            .arg("revisions", num(*revisions))
            .arg("objects", num(*objects))
            .arg("max_revisions", num(MAX_LATER_REVISIONS))
            .arg("max_parses", num(MAX_OBJECT_PARSES)),
            E::ModifiedAfterSigning {
                certification_allows_none,
                changes,
            } => {
                let d = d(
                    "pdf.verify.modified_after_signing",
                    if *certification_allows_none {
                        msg!("pdf-verify-modified-certified")
                    } else {
                        msg!("pdf-verify-modified")
                    },
                );
                // A list of changes is no one entry: each language's entry quotes the list
                // as rendered in that language.
                Lang::ALL.into_iter().fold(d, |d, lang| {
                    d.arg(changes_arg(lang), Change::list(changes, lang))
                })
            }
        }
    }
}

/// The argument the entries of `ModifiedAfterSigning` in `lang` quote the changes as.
fn changes_arg(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "changes_en",
        Lang::ZhCn => "changes_zh",
    }
}

macro_rules! display_in_current_language {
    ($($t:ty),+) => {$(
        impl fmt::Display for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.describe().message_in(crate::i18n::lang()))
            }
        }
        impl std::error::Error for $t {}
    )+};
}

display_in_current_language!(RevisionError, TimestampProblem, SignatureProblem);

impl SignatureProblem {
    pub fn message_in(&self, lang: Lang) -> String {
        self.describe().message_in(lang)
    }
}

impl From<RevisionError> for PdfError {
    fn from(problem: RevisionError) -> PdfError {
        PdfError::Revisions { problem }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::testing::{all_rendered, assert_complete};
    use crate::pdf::diff::{Level, What};

    fn revision_samples() -> Vec<RevisionError> {
        use RevisionError as E;
        vec![
            E::RangePastEnd,
            E::NoEof,
            E::PastEof,
            E::NoStartxref,
            E::StartxrefNotSection { offset: 9 },
            E::ChainTooLong,
            E::NoPrev { at: 12_345 },
            E::PrevNotEarlier {
                at: 12_345,
                prev: 20_000,
            },
            E::SkipsSigned {
                at: 12_345,
                prev: 15,
            },
            E::InsideEarlier { at: 700 },
            E::FileNoEof,
            E::FileNoStartxref,
            E::LastStartxrefNotSection { offset: 99 },
            E::SectionNoEnding { offset: 4_321 },
            E::StateUnreadable {
                end: 8_000,
                error: Wrapped(PdfError::NoPages.into()),
            },
            E::StateXrefDamaged { end: 8_000 },
        ]
    }

    /// One of every finding (revisions, timestamps, signatures), with plausible data.
    fn samples() -> Vec<SignatureProblem> {
        use SignatureProblem as E;
        let s = |v: &str| v.to_string();
        let mut all: Vec<SignatureProblem> = revision_samples()
            .into_iter()
            .map(SignatureProblem::Revision)
            .collect();
        all.extend([
            E::NoByteRange,
            E::ByteRangeNotIntegers,
            E::ByteRangeCount { count: 3 },
            E::ByteRangePastEnd,
            E::ByteRangeNotAtStart,
            E::ByteRangeBackwards,
            E::GapNotOwn,
            E::GapNotHex,
            E::GapNotContentsEntry,
            E::GapNotThisContents,
            E::ContentsNotDer,
            E::UnsupportedSubFilter {
                sub_filter: s("adbe.pkcs7.sha1"),
            },
            E::CmsUnreadable {
                detail: s("ASN.1 DER message is incomplete"),
            },
            E::NotSignedData {
                oid: s("1.2.840.113549.1.7.1"),
            },
            E::SignedDataUnreadable {
                detail: s("unexpected ASN.1 DER tag"),
            },
            E::NoSignerInfo,
            E::SignerNotInCms,
            E::UnsupportedDigest {
                oid: s("2.16.840.1.101.3.4.2.99"),
            },
            E::UnsupportedSignatureAlgorithm {
                oid: s("1.2.840.10045.4.3.2"),
            },
            E::NoMessageDigest,
            E::ContentTypeMismatch,
            E::DigestMismatch,
            E::TokenUnreadable {
                detail: s("unexpected end"),
            },
            E::TokenDigestMismatch,
            E::TokenImprintUnreadable,
            E::UnsupportedImprint { oid: s("1.2.3.4") },
            E::ImprintMismatch,
            E::Encapsulated,
            E::SignedAttributesMissing,
            E::SignatureInvalid {
                failure: SignatureFailure::Mismatch,
            },
            E::SignatureInvalid {
                failure: SignatureFailure::UnsupportedAlgorithm {
                    oid: s("1.2.840.10045.4.3.2"),
                },
            },
            E::DocumentTimestampInvalid {
                problem: TimestampProblem::Token {
                    problem: TokenProblem::EkuNotTimeStampingOnly {
                        subject: s("CN=演示TSA"),
                    },
                },
            },
            E::DocumentTimestampInvalid {
                problem: TimestampProblem::StampsAnotherDocument,
            },
            E::DocumentTimestampInvalid {
                problem: TimestampProblem::SignatureValueUnreadable,
            },
            E::TooManyRevisions {
                revisions: 1_001,
                objects: 40_000,
            },
            E::ModifiedAfterSigning {
                certification_allows_none: false,
                changes: vec![
                    Change::new(3, Level::Other, What::PageContentReplaced { page: 1 }),
                    Change::new(3, Level::Other, What::AnnotationAdded { page: 2 }),
                ],
            },
            E::ModifiedAfterSigning {
                certification_allows_none: true,
                changes: vec![Change::new(
                    3,
                    Level::FormFilling,
                    What::FieldFilled { field: s("金额") },
                )],
            },
        ]);
        all
    }

    #[test]
    fn every_finding_renders_in_both_languages() {
        assert_complete(&samples());
        assert_complete(&revision_samples());
    }

    #[test]
    fn every_finding_in_english() {
        insta::assert_snapshot!(all_rendered(&samples(), Lang::En));
    }

    #[test]
    fn every_finding_in_chinese() {
        insta::assert_snapshot!(all_rendered(&samples(), Lang::ZhCn));
    }
}
