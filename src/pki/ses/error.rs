//! Errors of electronic seals and stamps (GB/T 38540 / GM/T 0031), as data: each has a stable
//! code (`ses.…`), a catalogue message (i18n/*/pki.ftl, ids `ses-…`) and exit code. A file
//! that cannot be read as a seal or stamp is bad input (exit 5); a check that runs and fails
//! (signature, validity, certList, data hash) is a failed check (exit 1); catool's own encoding
//! failures are internal (70). [`SesError::in_file`] names the file a message is about.

use std::fmt;

use crate::error::exit::{BAD_INPUT, CHECK_FAILED, INTERNAL};
use crate::i18n::{Catalogued, Described, Lang, nest};
use crate::msg;
use crate::pki::error::{PkiError, num};

/// Whose certificate or signature an error is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Party {
    /// The seal maker (制章者), who signs the seal.
    Maker,
    /// The signer (签章人), who signs the stamp.
    Signer,
}

impl Party {
    fn id(self) -> &'static str {
        match self {
            Party::Maker => msg!("ses-party-maker"),
            Party::Signer => msg!("ses-party-signer"),
        }
    }
}

/// How a signer's certificate was withdrawn: revoked, or frozen (certificateHold).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Withdrawal {
    Revoked,
    Frozen,
}

impl Withdrawal {
    fn id(self) -> &'static str {
        match self {
            Withdrawal::Revoked => msg!("ses-withdrawn-revoked"),
            Withdrawal::Frozen => msg!("ses-withdrawn-frozen"),
        }
    }
}

/// Every error of a seal or stamp, with the data its message quotes.
#[derive(Debug, Clone, PartialEq)]
pub enum SesError {
    /// Not DER at all, truncated, or trailing bytes.
    NotDer {
        detail: String,
    },
    WrongHeaderId {
        found: String,
    },
    UnknownVersion {
        version: i64,
    },
    /// GM/T 0031-2025 content catool does not read.
    UnsupportedV5 {
        detail: String,
    },
    /// The header names a known version, but the content is not that version's layout.
    Layout {
        version: i64,
        detail: String,
    },
    CertListType {
        declared: i64,
        found: i64,
    },
    CertUnreadable {
        party: Party,
        detail: String,
    },
    Algorithm {
        party: Party,
        oid: String,
    },
    SignatureFails {
        party: Party,
    },
    /// The maker's certificate does not chain to any of the trust anchors given.
    MakerNotTrusted {
        subject: String,
    },
    /// A trust anchor names the maker's issuer but did not sign the maker's certificate.
    MakerChainFails {
        subject: String,
        detail: String,
    },
    /// The signer's certificate does not chain to any of the trust anchors given.
    SignerNotTrusted {
        subject: String,
    },
    /// A trust anchor names the signer's issuer but did not sign the signer's certificate.
    SignerChainFails {
        subject: String,
        detail: String,
    },
    /// The maker's certificate had expired when the seal was made.
    MakerExpired {
        not_after: String,
        at: String,
    },
    /// The maker's certificate was not yet valid when the seal was made.
    MakerNotYetValid {
        not_before: String,
        at: String,
    },
    /// The signer's certificate had expired at the moment checked.
    SignerExpired {
        not_after: String,
        at: String,
    },
    /// The signer's certificate was not yet valid at the moment checked.
    SignerNotYetValid {
        not_before: String,
        at: String,
    },
    /// The signer's certificate is revoked or frozen: since `on` (when known), before or
    /// `after` the stamp's `time`. The stamp's time is the signer's own claim, so a
    /// withdrawal after it does not save the stamp either (nothing proves it was made
    /// before).
    SignerWithdrawn {
        how: Withdrawal,
        on: Option<String>,
        time: String,
        after: bool,
    },
    /// The revocation source's record of the signer's certificate cannot be believed
    /// (`detail` says why).
    SignerRecordUnreliable {
        detail: String,
    },
    Expired {
        valid_end: String,
        at: String,
    },
    NotYetValid {
        valid_start: String,
        at: String,
    },
    PictureKind {
        kind: String,
    },
    PictureUndecodable {
        kind: String,
        detail: String,
    },
    PictureTooLarge {
        width: i64,
        height: i64,
        max: i64,
    },
    SignerNotInCertList {
        subject: String,
    },
    DataHashMismatch {
        algorithm: String,
    },
    StampVersion {
        version: i64,
    },
    TimeUnreadable {
        detail: String,
    },
    /// catool could not encode a structure it built (a bug).
    Encode {
        detail: String,
    },
    /// The key given to sign a seal or stamp is not the key of the certificate given with it.
    KeyNotCertificate {
        party: Party,
    },
    /// A key or signature operation failed below (the crypto layer's own error).
    Pki(PkiError),
    /// An error about one file.
    InFile {
        file: String,
        error: Box<SesError>,
    },
}

pub type Result<T> = std::result::Result<T, SesError>;

impl SesError {
    /// This error, named as about `file`.
    pub fn in_file(self, file: impl Into<String>) -> SesError {
        SesError::InFile {
            file: file.into(),
            error: Box::new(self),
        }
    }

    /// The error under any [`SesError::InFile`] wrapping.
    pub fn inner(&self) -> &SesError {
        match self {
            SesError::InFile { error, .. } => error.inner(),
            e => e,
        }
    }

    /// The message in `lang`.
    pub fn message_in(&self, lang: Lang) -> String {
        self.describe().message_in(lang)
    }

    pub(crate) fn not_der(e: der::Error) -> SesError {
        SesError::NotDer {
            detail: e.to_string(),
        }
    }

    pub(crate) fn encode(e: der::Error) -> SesError {
        SesError::Encode {
            detail: e.to_string(),
        }
    }
}

fn d(exit: u8, code: &'static str, message: &'static str) -> Described {
    Described::new(exit, code, message)
}

impl Catalogued for SesError {
    fn describe(&self) -> Described {
        use SesError as E;
        match self {
            E::NotDer { detail } => {
                d(BAD_INPUT, "pki.ses.not_der", msg!("ses-not-der")).arg("detail", detail)
            }
            E::WrongHeaderId { found } => {
                d(BAD_INPUT, "pki.ses.header_id", msg!("ses-header-id")).arg("found", found)
            }
            E::UnknownVersion { version } => {
                d(BAD_INPUT, "pki.ses.version", msg!("ses-version")).arg("version", *version)
            }
            E::UnsupportedV5 { detail } => {
                d(BAD_INPUT, "pki.ses.v5", msg!("ses-v5")).arg("detail", detail)
            }
            E::Layout { version, detail } => d(BAD_INPUT, "pki.ses.layout", msg!("ses-layout"))
                .arg("version", *version)
                .arg("detail", detail),
            E::CertListType { declared, found } => d(
                BAD_INPUT,
                "pki.ses.cert_list_type",
                msg!("ses-cert-list-type"),
            )
            .arg("declared", *declared)
            .arg("found", *found),
            E::CertUnreadable { party, detail } => d(
                BAD_INPUT,
                "pki.ses.cert_unreadable",
                msg!("ses-cert-unreadable"),
            )
            .arg("party", crate::i18n::Arg::Msg(party.id()))
            .arg("detail", detail),
            E::Algorithm { party, oid } => d(BAD_INPUT, "pki.ses.algorithm", msg!("ses-algorithm"))
                .arg("party", crate::i18n::Arg::Msg(party.id()))
                .arg("oid", oid),
            E::SignatureFails { party } => {
                d(CHECK_FAILED, "pki.ses.signature", msg!("ses-signature"))
                    .arg("party", crate::i18n::Arg::Msg(party.id()))
            }
            E::MakerNotTrusted { subject } => d(
                CHECK_FAILED,
                "pki.ses.maker_not_trusted",
                msg!("ses-maker-not-trusted"),
            )
            .arg("subject", subject)
            .hint(msg!("ses-maker-not-trusted-hint")),
            E::MakerChainFails { subject, detail } => {
                d(CHECK_FAILED, "pki.ses.maker_chain", msg!("ses-maker-chain"))
                    .arg("subject", subject)
                    .arg("detail", detail)
            }
            E::SignerNotTrusted { subject } => d(
                CHECK_FAILED,
                "pki.ses.signer_not_trusted",
                msg!("ses-signer-not-trusted"),
            )
            .arg("subject", subject)
            .hint(msg!("ses-signer-not-trusted-hint")),
            E::SignerChainFails { subject, detail } => d(
                CHECK_FAILED,
                "pki.ses.signer_chain",
                msg!("ses-signer-chain"),
            )
            .arg("subject", subject)
            .arg("detail", detail),
            E::MakerExpired { not_after, at } => d(
                CHECK_FAILED,
                "pki.ses.maker_expired",
                msg!("ses-maker-expired"),
            )
            .arg("end", not_after)
            .arg("at", at),
            E::MakerNotYetValid { not_before, at } => d(
                CHECK_FAILED,
                "pki.ses.maker_not_yet_valid",
                msg!("ses-maker-not-yet-valid"),
            )
            .arg("start", not_before)
            .arg("at", at),
            E::SignerExpired { not_after, at } => d(
                CHECK_FAILED,
                "pki.ses.signer_expired",
                msg!("ses-signer-expired"),
            )
            .arg("end", not_after)
            .arg("at", at),
            E::SignerNotYetValid { not_before, at } => d(
                CHECK_FAILED,
                "pki.ses.signer_not_yet_valid",
                msg!("ses-signer-not-yet-valid"),
            )
            .arg("start", not_before)
            .arg("at", at),
            E::SignerWithdrawn {
                how,
                on,
                time,
                after,
            } => {
                let id = match (on, after) {
                    (None, _) => msg!("ses-signer-withdrawn"),
                    (Some(_), true) => msg!("ses-signer-withdrawn-after"),
                    (Some(_), false) => msg!("ses-signer-withdrawn-before"),
                };
                d(CHECK_FAILED, "pki.ses.signer_withdrawn", id)
                    .arg("how", crate::i18n::Arg::Msg(how.id()))
                    .arg("on", on.as_deref().unwrap_or_default())
                    .arg("time", time)
            }
            E::SignerRecordUnreliable { detail } => d(
                CHECK_FAILED,
                "pki.ses.signer_record",
                msg!("ses-signer-record"),
            )
            .arg("detail", detail),
            E::Expired { valid_end, at } => d(CHECK_FAILED, "pki.ses.expired", msg!("ses-expired"))
                .arg("end", valid_end)
                .arg("at", at),
            E::NotYetValid { valid_start, at } => d(
                CHECK_FAILED,
                "pki.ses.not_yet_valid",
                msg!("ses-not-yet-valid"),
            )
            .arg("start", valid_start)
            .arg("at", at),
            E::PictureKind { kind } => {
                d(BAD_INPUT, "pki.ses.picture_kind", msg!("ses-picture-kind")).arg("kind", kind)
            }
            E::PictureUndecodable { kind, detail } => {
                d(BAD_INPUT, "pki.ses.picture", msg!("ses-picture"))
                    .arg("kind", kind)
                    .arg("detail", detail)
            }
            E::PictureTooLarge { width, height, max } => d(
                BAD_INPUT,
                "pki.ses.picture_too_large",
                msg!("ses-picture-too-large"),
            )
            .arg("width", *width)
            .arg("height", *height)
            .arg("max", *max),
            E::SignerNotInCertList { subject } => d(
                CHECK_FAILED,
                "pki.ses.signer_not_listed",
                msg!("ses-signer-not-listed"),
            )
            .arg("subject", subject),
            E::DataHashMismatch { algorithm } => {
                d(CHECK_FAILED, "pki.ses.data_hash", msg!("ses-data-hash"))
                    .arg("algorithm", algorithm)
                    .hint(msg!("ses-data-hash-hint"))
            }
            E::StampVersion { version } => d(
                BAD_INPUT,
                "pki.ses.stamp_version",
                msg!("ses-stamp-version"),
            )
            .arg("version", *version),
            E::TimeUnreadable { detail } => {
                d(BAD_INPUT, "pki.ses.time", msg!("ses-time")).arg("detail", detail)
            }
            E::Encode { detail } => {
                d(INTERNAL, "pki.ses.encode", msg!("ses-encode")).arg("detail", detail)
            }
            E::KeyNotCertificate { party } => d(
                INTERNAL,
                "pki.ses.key_not_certificate",
                msg!("ses-key-not-certificate"),
            )
            .arg("party", crate::i18n::Arg::Msg(party.id())),
            E::Pki(e) => e.describe(),
            E::InFile { file, error } => {
                let inner = error.describe();
                let mut outer = nest(
                    d(inner.exit, inner.code, msg!("ses-in-file")),
                    "reason",
                    &**error,
                )
                .arg("file", file.as_str());
                outer.hint = inner.hint;
                outer.rule = inner.rule;
                outer
            }
        }
    }
}

impl fmt::Display for SesError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message_in(crate::i18n::lang()))
    }
}

impl std::error::Error for SesError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            SesError::Pki(e) => Some(e),
            SesError::InFile { error, .. } => Some(&**error),
            _ => None,
        }
    }
}

impl From<PkiError> for SesError {
    fn from(e: PkiError) -> Self {
        SesError::Pki(e)
    }
}

impl From<SesError> for crate::error::Error {
    fn from(e: SesError) -> Self {
        crate::error::Error::from_typed(e)
    }
}

/// A count as a message argument.
pub(crate) fn count(n: impl TryInto<i64>) -> i64 {
    num(n)
}

#[cfg(test)]
mod tests;
