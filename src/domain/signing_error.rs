//! The refusals of signing (D20) and long-term validation, and the reasons a signature is
//! not valid, as data: each has a stable code (`pdf.…`), a catalogue message, a hint where
//! the user can do something and the rule it enforces (see `crate::i18n`). A reason goes into
//! `pdf verify`'s report: in the user's language for people, in English in the JSON.

use std::fmt;

use super::anchor_error::AnchorProblem;
use super::rules::D20;
use crate::error::exit::{BAD_INPUT, CHECK_FAILED, REFUSED, USAGE};
use crate::i18n::{Arg, Catalogued, Described, Lang};
use crate::model::Id;
use crate::msg;
use crate::pdf::error::{Cause, Wrapped};
use crate::pdf::problem::{SignatureProblem, TimestampProblem};

/// Every refusal and error of signing and adding validation data.
#[derive(Debug, Clone, PartialEq)]
pub enum SigningError {
    /// The actor does not hold the certificate (D20: a document is signed with the holder's
    /// own certificate).
    NotHolder { cert: Id, holder: Option<String> },
    /// B-LT or B-LTA with a TSA at a URL: its revocation status is not catool's to vouch for.
    ForeignTsaLevel { url: String },
    /// B-T and above without a time-stamping authority.
    NeedsTsa,
    /// Several registry TSAs and none chosen.
    ManyTsas { count: i64, names: String },
    /// A certificate of the document that no registry CA issued: its revocation status
    /// cannot be vouched for.
    ForeignIssuer { subject: String, issuer: String },
    /// The CRL of a registry CA could not be issued.
    CrlFailed { ca: String, error: Wrapped },
    /// A certificate the document carries cannot be read.
    CertificateUnreadable { cause: Cause },
}

fn d(exit: u8, code: &'static str, message: &'static str) -> Described {
    Described::new(exit, code, message)
}

impl Catalogued for SigningError {
    fn describe(&self) -> Described {
        use SigningError as E;
        match self {
            E::NotHolder { cert, holder } => {
                d(REFUSED, "pdf.sign.not_holder", msg!("pdf-sign-not-holder"))
                    .hint(msg!("pdf-sign-not-holder-hint"))
                    .rule(D20)
                    .arg("cert", *cert)
                    .arg(
                        "holder",
                        match holder {
                            Some(h) => Arg::Text(h.clone()),
                            None => Arg::Msg(msg!("pdf-sign-nobody")),
                        },
                    )
            }
            E::ForeignTsaLevel { url } => d(
                REFUSED,
                "pdf.sign.foreign_tsa_level",
                msg!("pdf-sign-foreign-tsa-level"),
            )
            .hint(msg!("pdf-sign-foreign-tsa-level-hint"))
            .arg("url", url),
            E::NeedsTsa => d(USAGE, "pdf.sign.needs_tsa", msg!("pdf-sign-needs-tsa"))
                .hint(msg!("pdf-sign-needs-tsa-hint")),
            E::ManyTsas { count, names } => {
                d(USAGE, "pdf.sign.many_tsas", msg!("pdf-sign-many-tsas"))
                    .hint(msg!("pdf-sign-many-tsas-hint"))
                    .arg("count", *count)
                    .arg("names", names)
            }
            E::ForeignIssuer { subject, issuer } => d(
                REFUSED,
                "pdf.ltv.foreign_issuer",
                msg!("pdf-ltv-foreign-issuer"),
            )
            .hint(msg!("pdf-ltv-foreign-issuer-hint"))
            .arg("subject", subject)
            .arg("issuer", issuer),
            E::CrlFailed { ca, error } => error.nest(
                d(REFUSED, "pdf.ltv.crl_failed", msg!("pdf-ltv-crl-failed")).arg("ca", ca),
                "crl_error",
            ),
            E::CertificateUnreadable { cause } => d(
                BAD_INPUT,
                "pdf.ltv.certificate_unreadable",
                msg!("pdf-ltv-certificate-unreadable"),
            )
            .arg("detail", cause.to_string()),
        }
    }
}

/// The time a signature is judged at: the one its timestamp proves, or the signer's claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeBasis {
    Timestamped,
    Claimed,
}

impl TimeBasis {
    fn id(self) -> &'static str {
        match self {
            TimeBasis::Timestamped => msg!("pdf-time-timestamped"),
            TimeBasis::Claimed => msg!("pdf-time-claimed"),
        }
    }
}

/// How a certificate was withdrawn: revoked, or frozen (certificateHold).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Withdrawn {
    Revoked,
    Frozen,
}

impl Withdrawn {
    fn id(self) -> &'static str {
        match self {
            Withdrawn::Revoked => msg!("pdf-withdrawn-revoked"),
            Withdrawn::Frozen => msg!("pdf-withdrawn-frozen"),
        }
    }
}

/// Why a signature's verdict is not `valid` (times are RFC 3339 UTC, as the report has them).
#[derive(Debug, Clone, PartialEq)]
pub enum VerifyReason {
    /// What the PDF and its CMS tell is wrong.
    Problem(SignatureProblem),
    IntegrityUnchecked,
    DocumentTsaNotCertified {
        tsa: String,
    },
    NotRegistryCa {
        issuer: String,
    },
    /// Only a registry CA that is not a trust anchor (added or changed outside catool; `why`
    /// says which and how, `domain::anchor`) issued the signer's certificate.
    UntrustedSigner {
        why: AnchorProblem,
    },
    /// The registry's record of the signer's certificate differs from its keyed history
    /// event, or is missing though a registry CA issued it (`domain::anchor`).
    RecordTampered {
        why: AnchorProblem,
    },
    CertificateUnreadable,
    ClaimedAfterTimestamp {
        claimed: String,
        timestamp: String,
    },
    NoSigningTime,
    InFuture {
        basis: TimeBasis,
        time: String,
    },
    OutsideValidity {
        basis: TimeBasis,
        time: String,
        from: String,
        to: String,
    },
    RevokedPerDocument {
        on: String,
        basis: TimeBasis,
        time: String,
    },
    /// Withdrawn after the claimed signing time, and no timestamp proves it was before
    /// (the verdict is "not proven").
    WithdrawnAfterClaim {
        how: Withdrawn,
        on: String,
        time: String,
    },
    WithdrawnBefore {
        how: Withdrawn,
        on: String,
        basis: TimeBasis,
        time: String,
    },
    Withdrawn {
        how: Withdrawn,
    },
    /// Expired since, and no timestamp proves the signature was made before (not proven).
    ExpiredUnproven {
        on: String,
        time: String,
    },
    // ---- the signature's own timestamp
    TimestampInvalid {
        problem: TimestampProblem,
    },
    TsaCertificateUnreadable {
        detail: String,
    },
    TimestampTsaNotCertified {
        tsa: String,
    },
    TimestampNoTime,
    TimestampOutsideTsaValidity {
        time: String,
        from: String,
        to: String,
    },
    TsaExpired {
        tsa: String,
        on: String,
    },
    TsaRevoked {
        tsa: String,
        on: String,
    },
}

/// `outer` quoting why the registry's record is not believed as its argument `why` (the
/// finding's own arguments and message, in the same language; its advice stays with it).
fn quoting(outer: Described, why: &AnchorProblem) -> Described {
    let inner = why.describe();
    let mut outer = outer.arg("why", Arg::Msg(inner.message));
    outer.args.extend(inner.args);
    outer
}

impl Catalogued for VerifyReason {
    fn describe(&self) -> Described {
        use VerifyReason as E;
        let r = |code, message| d(CHECK_FAILED, code, message);
        match self {
            E::Problem(p) => p.describe(),
            E::IntegrityUnchecked => r(
                "pdf.verify.integrity_unchecked",
                msg!("pdf-verify-integrity-unchecked"),
            ),
            E::DocumentTsaNotCertified { tsa } => r(
                "pdf.verify.document_tsa_not_certified",
                msg!("pdf-verify-document-tsa-not-certified"),
            )
            .arg("tsa", tsa),
            E::NotRegistryCa { issuer } => r(
                "pdf.verify.not_registry_ca",
                msg!("pdf-verify-not-registry-ca"),
            )
            .arg("issuer", issuer),
            E::UntrustedSigner { why } => quoting(
                r(
                    "pdf.verify.untrusted_signer",
                    msg!("pdf-verify-untrusted-signer"),
                ),
                why,
            ),
            E::RecordTampered { why } => quoting(
                r(
                    "pdf.verify.record_tampered",
                    msg!("pdf-verify-record-tampered"),
                ),
                why,
            ),
            E::CertificateUnreadable => r(
                "pdf.verify.certificate_unreadable",
                msg!("pdf-verify-certificate-unreadable"),
            ),
            E::ClaimedAfterTimestamp { claimed, timestamp } => r(
                "pdf.verify.claimed_after_timestamp",
                msg!("pdf-verify-claimed-after-timestamp"),
            )
            .arg("claimed", claimed)
            .arg("timestamp", timestamp),
            E::NoSigningTime => r(
                "pdf.verify.no_signing_time",
                msg!("pdf-verify-no-signing-time"),
            ),
            E::InFuture { basis, time } => r("pdf.verify.in_future", msg!("pdf-verify-in-future"))
                .arg("basis", Arg::Msg(basis.id()))
                .arg("time", time),
            E::OutsideValidity {
                basis,
                time,
                from,
                to,
            } => r(
                "pdf.verify.outside_validity",
                msg!("pdf-verify-outside-validity"),
            )
            .arg("basis", Arg::Msg(basis.id()))
            .arg("time", time)
            .arg("from", from)
            .arg("to", to),
            E::RevokedPerDocument { on, basis, time } => r(
                "pdf.verify.revoked_per_document",
                msg!("pdf-verify-revoked-per-document"),
            )
            .arg("on", on)
            .arg("basis", Arg::Msg(basis.id()))
            .arg("time", time),
            E::WithdrawnAfterClaim { how, on, time } => r(
                "pdf.verify.withdrawn_after_claim",
                msg!("pdf-verify-withdrawn-after-claim"),
            )
            .arg("how", Arg::Msg(how.id()))
            .arg("on", on)
            .arg("time", time),
            E::WithdrawnBefore {
                how,
                on,
                basis,
                time,
            } => r(
                "pdf.verify.withdrawn_before",
                msg!("pdf-verify-withdrawn-before"),
            )
            .arg("how", Arg::Msg(how.id()))
            .arg("on", on)
            .arg("basis", Arg::Msg(basis.id()))
            .arg("time", time),
            E::Withdrawn { how } => r("pdf.verify.withdrawn", msg!("pdf-verify-withdrawn"))
                .arg("how", Arg::Msg(how.id())),
            E::ExpiredUnproven { on, time } => r(
                "pdf.verify.expired_unproven",
                msg!("pdf-verify-expired-unproven"),
            )
            .arg("on", on)
            .arg("time", time),
            E::TimestampInvalid { problem } => {
                let inner = problem.describe();
                let mut outer = r(
                    "pdf.verify.timestamp_invalid",
                    msg!("pdf-verify-timestamp-invalid"),
                );
                outer.args = inner.args;
                outer.arg("problem", Arg::Msg(inner.message))
            }
            E::TsaCertificateUnreadable { detail } => r(
                "pdf.verify.tsa_certificate_unreadable",
                msg!("pdf-verify-tsa-certificate-unreadable"),
            )
            .arg("detail", detail),
            E::TimestampTsaNotCertified { tsa } => r(
                "pdf.verify.timestamp_tsa_not_certified",
                msg!("pdf-verify-timestamp-tsa-not-certified"),
            )
            .arg("tsa", tsa),
            E::TimestampNoTime => r(
                "pdf.verify.timestamp_no_time",
                msg!("pdf-verify-timestamp-no-time"),
            ),
            E::TimestampOutsideTsaValidity { time, from, to } => r(
                "pdf.verify.timestamp_outside_tsa_validity",
                msg!("pdf-verify-timestamp-outside-tsa-validity"),
            )
            .arg("time", time)
            .arg("from", from)
            .arg("to", to),
            E::TsaExpired { tsa, on } => {
                r("pdf.verify.tsa_expired", msg!("pdf-verify-tsa-expired"))
                    .arg("tsa", tsa)
                    .arg("on", on)
            }
            E::TsaRevoked { tsa, on } => {
                r("pdf.verify.tsa_revoked", msg!("pdf-verify-tsa-revoked"))
                    .arg("tsa", tsa)
                    .arg("on", on)
            }
        }
    }
}

impl fmt::Display for SigningError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.describe().message_in(crate::i18n::lang()))
    }
}

impl std::error::Error for SigningError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            SigningError::CrlFailed { error, .. } => Some(&error.0),
            _ => None,
        }
    }
}

impl From<SigningError> for crate::error::Error {
    fn from(e: SigningError) -> Self {
        crate::error::Error::from_typed(e)
    }
}

impl fmt::Display for VerifyReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message_in(crate::i18n::lang()))
    }
}

impl VerifyReason {
    pub fn message_in(&self, lang: Lang) -> String {
        self.describe().message_in(lang)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::testing::{all_rendered, assert_complete};

    fn signing_samples() -> Vec<SigningError> {
        use SigningError as E;
        let s = |v: &str| v.to_string();
        vec![
            E::NotHolder {
                cert: 3,
                holder: Some(s("王芳")),
            },
            E::NotHolder {
                cert: 3,
                holder: None,
            },
            E::ForeignTsaLevel {
                url: s("http://127.0.0.1:8080/"),
            },
            E::NeedsTsa,
            E::ManyTsas {
                count: 2,
                names: s("tsa1, tsa2"),
            },
            E::ForeignIssuer {
                subject: s("CN=Foreign Platform TSA"),
                issuer: s("CN=Foreign Platform CA"),
            },
            E::CrlFailed {
                ca: s("ca1"),
                error: Wrapped(crate::error::Error::Registry(s("the registry is locked"))),
            },
            E::CertificateUnreadable {
                cause: Cause::new(std::io::Error::other("unexpected ASN.1 DER tag")),
            },
        ]
    }

    fn reason_samples() -> Vec<VerifyReason> {
        use VerifyReason as E;
        let s = |v: &str| v.to_string();
        let t = || s("2026-03-01T08:00:00Z");
        vec![
            E::Problem(SignatureProblem::DigestMismatch),
            E::IntegrityUnchecked,
            E::DocumentTsaNotCertified {
                tsa: s("CN=Foreign Platform TSA"),
            },
            E::NotRegistryCa {
                issuer: s("CN=Other CA"),
            },
            E::UntrustedSigner {
                why: AnchorProblem::CaNoInit {
                    ca: 3,
                    name: s("Demo CA (backup)"),
                },
            },
            E::RecordTampered {
                why: AnchorProblem::CertDiffers {
                    cert: 4,
                    part: crate::domain::anchor_error::CertPart::Body,
                    event: crate::domain::anchor_error::EventRef {
                        seq: 23,
                        action: s("cert.reissue"),
                    },
                },
            },
            E::RecordTampered {
                why: AnchorProblem::SignerRecordMissing { serial: s("7F3A") },
            },
            E::CertificateUnreadable,
            E::ClaimedAfterTimestamp {
                claimed: t(),
                timestamp: t(),
            },
            E::NoSigningTime,
            E::InFuture {
                basis: TimeBasis::Claimed,
                time: t(),
            },
            E::OutsideValidity {
                basis: TimeBasis::Timestamped,
                time: t(),
                from: t(),
                to: t(),
            },
            E::RevokedPerDocument {
                on: t(),
                basis: TimeBasis::Claimed,
                time: t(),
            },
            E::WithdrawnAfterClaim {
                how: Withdrawn::Revoked,
                on: t(),
                time: t(),
            },
            E::WithdrawnBefore {
                how: Withdrawn::Frozen,
                on: t(),
                basis: TimeBasis::Timestamped,
                time: t(),
            },
            E::Withdrawn {
                how: Withdrawn::Frozen,
            },
            E::ExpiredUnproven { on: t(), time: t() },
            E::TimestampInvalid {
                problem: TimestampProblem::StampsAnotherDocument,
            },
            E::TsaCertificateUnreadable {
                detail: s("unexpected end"),
            },
            E::TimestampTsaNotCertified {
                tsa: s("CN=Foreign Platform TSA"),
            },
            E::TimestampNoTime,
            E::TimestampOutsideTsaValidity {
                time: t(),
                from: t(),
                to: t(),
            },
            E::TsaExpired {
                tsa: s("CN=Platform TSA"),
                on: t(),
            },
            E::TsaRevoked {
                tsa: s("CN=Platform TSA"),
                on: t(),
            },
        ]
    }

    #[test]
    fn every_signing_error_and_reason_renders_in_both_languages() {
        assert_complete(&signing_samples());
        assert_complete(&reason_samples());
    }

    #[test]
    fn every_signing_error_in_english() {
        insta::assert_snapshot!(all_rendered(&signing_samples(), Lang::En));
    }

    #[test]
    fn every_signing_error_in_chinese() {
        insta::assert_snapshot!(all_rendered(&signing_samples(), Lang::ZhCn));
    }

    #[test]
    fn every_verify_reason_in_english() {
        insta::assert_snapshot!(all_rendered(&reason_samples(), Lang::En));
    }

    #[test]
    fn every_verify_reason_in_chinese() {
        insta::assert_snapshot!(all_rendered(&reason_samples(), Lang::ZhCn));
    }
}
