//! What a check of an RFC 3161 time-stamp token or reply finds wrong (`pki::tsp`), why a TSA
//! refuses a request, and why a CMS signature does not verify (`pki::cms_verify`), as data: the OIDs, algorithms and
//! values the checks compared. Each finding has a stable code (`pki.token.…`,
//! `pki.tsp_request.…`, `pki.cms_signature.…`) and a catalogue message (i18n/*/pki.ftl); the caller decides what
//! a finding means (a refused reply, an invalid timestamp in a report) and quotes it.
//!
//! Argument names: a caller nests these messages under its own argument (`detail`, `why`),
//! so none of them is named `detail`, `why` or `url`.

use std::fmt;

use crate::error::exit::{BAD_INPUT, CHECK_FAILED, INTERNAL};
use crate::i18n::{Catalogued, Described, Lang, nest};
use crate::msg;
use crate::pki::signed_data::DigestAlg;

/// Why a CMS signature does not verify with its signer's certificate.
#[derive(Debug, Clone, PartialEq)]
pub enum SignatureFailure {
    /// The signer's public key cannot be read as `key_algorithm` (RSA, SM2) needs it.
    KeyUnreadable {
        key_algorithm: &'static str,
        reason: String,
    },
    /// The signature value is not an encoded signature.
    Malformed {
        reason: String,
    },
    /// An RSA signature over SM3, which catool does not verify.
    RsaWithSm3,
    /// The signature is not the signer key's over the signed data.
    Mismatch,
    UnsupportedAlgorithm {
        oid: String,
    },
}

/// Why a time-stamp token (or the reply holding it) does not hold.
#[derive(Debug, Clone, PartialEq)]
pub enum TokenProblem {
    // ---- its CMS
    NotContentInfo {
        reason: String,
    },
    NotSignedData {
        oid: String,
    },
    SignedDataUnreadable {
        reason: String,
    },
    NotTstInfo {
        oid: String,
    },
    NoTstInfo,
    ContentUnreadable {
        reason: String,
    },
    TstInfoUnreadable {
        reason: String,
    },
    TstInfoVersion {
        version: i64,
    },
    NoSigner,
    SeveralSigners,
    /// The token does not carry its TSA certificate (only a request with certReq gets it).
    TsaCertificateMissing,
    UnsupportedDigest {
        oid: String,
    },
    NoSignedAttributes,
    ContentTypeNotTstInfo,
    NoMessageDigest,
    MessageDigestMismatch,
    SignedAttributesUnlocatable,
    SignatureInvalid {
        failure: SignatureFailure,
    },
    UnsupportedImprint {
        oid: String,
    },
    GenTimeUnreadable,
    /// A certificate or token read from the token does not encode again (cannot happen).
    Reencode {
        reason: String,
    },
    // ---- the ESS signingCertificate(V2) attribute
    NoSigningCertificate,
    SigningCertificateEmpty,
    SigningCertificateHash {
        oid: String,
    },
    SigningCertificateOther,
    SigningCertificateIssuerSerial,
    // ---- the TSA certificate's purpose (RFC 3161 2.3)
    EkuUnreadable {
        subject: String,
        reason: String,
    },
    EkuMissing {
        subject: String,
    },
    EkuNotTimeStampingOnly {
        subject: String,
    },
    EkuNotCritical {
        subject: String,
    },
    // ---- what it stamps
    /// The imprint is not the digest expected: another document, or another algorithm.
    WrongImprint {
        expected_alg: DigestAlg,
        expected: Vec<u8>,
        /// The token's algorithm: its name, or its OID when catool does not know it.
        token_alg: String,
        token: Vec<u8>,
    },
    // ---- the reply (TimeStampResp) to a request
    RequestUnreadable {
        reason: String,
    },
    RequestAlgorithm,
    ReplyUnreadable {
        reason: String,
    },
    /// The TSA did not grant: its status, the failInfo bits it set (their RFC 3161 names)
    /// and its statusString texts (control characters removed), as it sent them.
    NotGranted {
        status: i64,
        fail_info: Vec<String>,
        texts: Vec<String>,
    },
    NoToken,
    WrongNonce,
    UnexpectedNonce,
}

impl TokenProblem {
    /// Whether the bytes are no timestamp token at all (not a signed CMS message): bad
    /// input, where a token that is one but fails a check is a verdict.
    pub fn is_not_a_token(&self) -> bool {
        matches!(
            self,
            TokenProblem::NotContentInfo { .. } | TokenProblem::NotSignedData { .. }
        )
    }
}

/// Why a TSA refuses a request (`pki::tsp::read_request`): the reply's statusString in
/// English, and the server's log line in the operator's language.
#[derive(Debug, Clone, PartialEq)]
pub enum RejectReason {
    NotDer {
        reason: String,
    },
    Version {
        version: i64,
    },
    Algorithm {
        oid: String,
    },
    DigestLength {
        alg: String,
        want: i64,
        got: i64,
    },
    Policy {
        policy: String,
        requested: String,
    },
    Extensions,
    /// The TSA failed to issue the token (its own failure, logged apart).
    CouldNotIssue,
}

fn d(exit: u8, code: &'static str, message: &'static str) -> Described {
    Described::new(exit, code, message)
}

fn check(code: &'static str, message: &'static str) -> Described {
    d(CHECK_FAILED, code, message)
}

impl Catalogued for SignatureFailure {
    fn describe(&self) -> Described {
        use SignatureFailure as F;
        match self {
            F::KeyUnreadable {
                key_algorithm,
                reason,
            } => check(
                "pki.cms_signature.key_unreadable",
                msg!("pki-cms-signature-key-unreadable"),
            )
            .arg("key_algorithm", *key_algorithm)
            .arg("reason", reason),
            F::Malformed { reason } => check(
                "pki.cms_signature.malformed",
                msg!("pki-cms-signature-malformed"),
            )
            .arg("reason", reason),
            F::RsaWithSm3 => check(
                "pki.cms_signature.rsa_with_sm3",
                msg!("pki-cms-signature-rsa-with-sm3"),
            ),
            F::Mismatch => check(
                "pki.cms_signature.mismatch",
                msg!("pki-cms-signature-mismatch"),
            ),
            F::UnsupportedAlgorithm { oid } => check(
                "pki.cms_signature.unsupported_algorithm",
                msg!("pki-cms-signature-unsupported-algorithm"),
            )
            .arg("oid", oid),
        }
    }
}

impl Catalogued for RejectReason {
    fn describe(&self) -> Described {
        use RejectReason as R;
        match self {
            R::NotDer { reason } => d(
                BAD_INPUT,
                "pki.tsp_request.not_der",
                msg!("pki-tsp-request-not-der"),
            )
            .arg("reason", reason),
            R::Version { version } => d(
                BAD_INPUT,
                "pki.tsp_request.version",
                msg!("pki-tsp-request-version"),
            )
            .arg("version", *version),
            R::Algorithm { oid } => d(
                BAD_INPUT,
                "pki.tsp_request.algorithm",
                msg!("pki-tsp-request-algorithm"),
            )
            .arg("oid", oid),
            R::DigestLength { alg, want, got } => d(
                BAD_INPUT,
                "pki.tsp_request.digest_length",
                msg!("pki-tsp-request-digest-length"),
            )
            .arg("alg", alg)
            .arg("want", *want)
            .arg("got", *got),
            R::Policy { policy, requested } => d(
                BAD_INPUT,
                "pki.tsp_request.policy",
                msg!("pki-tsp-request-policy"),
            )
            .arg("policy", policy)
            .arg("requested", requested),
            R::Extensions => d(
                BAD_INPUT,
                "pki.tsp_request.extensions",
                msg!("pki-tsp-request-extensions"),
            ),
            R::CouldNotIssue => d(
                INTERNAL,
                "pki.tsp_request.could_not_issue",
                msg!("pki-tsp-request-could-not-issue"),
            ),
        }
    }
}

impl RejectReason {
    /// The reason in `lang` (English for the reply's statusString).
    pub fn message_in(&self, lang: Lang) -> String {
        self.describe().message_in(lang)
    }
}

impl Catalogued for TokenProblem {
    fn describe(&self) -> Described {
        use TokenProblem as T;
        match self {
            T::NotContentInfo { reason } => check(
                "pki.token.not_content_info",
                msg!("pki-token-not-content-info"),
            )
            .arg("reason", reason),
            T::NotSignedData { oid } => check(
                "pki.token.not_signed_data",
                msg!("pki-token-not-signed-data"),
            )
            .arg("oid", oid),
            T::SignedDataUnreadable { reason } => check(
                "pki.token.signed_data_unreadable",
                msg!("pki-token-signed-data-unreadable"),
            )
            .arg("reason", reason),
            T::NotTstInfo { oid } => {
                check("pki.token.not_tst_info", msg!("pki-token-not-tst-info")).arg("oid", oid)
            }
            T::NoTstInfo => check("pki.token.no_tst_info", msg!("pki-token-no-tst-info")),
            T::ContentUnreadable { reason } => check(
                "pki.token.content_unreadable",
                msg!("pki-token-content-unreadable"),
            )
            .arg("reason", reason),
            T::TstInfoUnreadable { reason } => check(
                "pki.token.tst_info_unreadable",
                msg!("pki-token-tst-info-unreadable"),
            )
            .arg("reason", reason),
            T::TstInfoVersion { version } => check(
                "pki.token.tst_info_version",
                msg!("pki-token-tst-info-version"),
            )
            .arg("version", *version),
            T::NoSigner => check("pki.token.no_signer", msg!("pki-token-no-signer")),
            T::SeveralSigners => check(
                "pki.token.several_signers",
                msg!("pki-token-several-signers"),
            ),
            T::TsaCertificateMissing => check(
                "pki.token.tsa_certificate_missing",
                msg!("pki-token-tsa-certificate-missing"),
            ),
            T::UnsupportedDigest { oid } => check(
                "pki.token.unsupported_digest",
                msg!("pki-token-unsupported-digest"),
            )
            .arg("oid", oid),
            T::NoSignedAttributes => check(
                "pki.token.no_signed_attributes",
                msg!("pki-token-no-signed-attributes"),
            ),
            T::ContentTypeNotTstInfo => {
                check("pki.token.content_type", msg!("pki-token-content-type"))
            }
            T::NoMessageDigest => check(
                "pki.token.no_message_digest",
                msg!("pki-token-no-message-digest"),
            ),
            T::MessageDigestMismatch => check(
                "pki.token.message_digest_mismatch",
                msg!("pki-token-message-digest-mismatch"),
            ),
            T::SignedAttributesUnlocatable => check(
                "pki.token.signed_attributes_unlocatable",
                msg!("pki-token-signed-attributes-unlocatable"),
            ),
            T::SignatureInvalid { failure } => nest(
                check(
                    "pki.token.signature_invalid",
                    msg!("pki-token-signature-invalid"),
                ),
                "failure",
                failure,
            ),
            T::UnsupportedImprint { oid } => check(
                "pki.token.unsupported_imprint",
                msg!("pki-token-unsupported-imprint"),
            )
            .arg("oid", oid),
            T::GenTimeUnreadable => check(
                "pki.token.gen_time_unreadable",
                msg!("pki-token-gen-time-unreadable"),
            ),
            T::Reencode { reason } => {
                d(INTERNAL, "pki.token.reencode", msg!("pki-token-reencode")).arg("reason", reason)
            }
            T::NoSigningCertificate => check(
                "pki.token.no_signing_certificate",
                msg!("pki-token-no-signing-certificate"),
            ),
            T::SigningCertificateEmpty => check(
                "pki.token.signing_certificate_empty",
                msg!("pki-token-signing-certificate-empty"),
            ),
            T::SigningCertificateHash { oid } => check(
                "pki.token.signing_certificate_hash",
                msg!("pki-token-signing-certificate-hash"),
            )
            .arg("oid", oid),
            T::SigningCertificateOther => check(
                "pki.token.signing_certificate_other",
                msg!("pki-token-signing-certificate-other"),
            ),
            T::SigningCertificateIssuerSerial => check(
                "pki.token.signing_certificate_issuer_serial",
                msg!("pki-token-signing-certificate-issuer-serial"),
            ),
            T::EkuUnreadable { subject, reason } => {
                check("pki.token.eku_unreadable", msg!("pki-token-eku-unreadable"))
                    .arg("subject", subject)
                    .arg("reason", reason)
            }
            T::EkuMissing { subject } => {
                check("pki.token.eku_missing", msg!("pki-token-eku-missing"))
                    .arg("subject", subject)
            }
            T::EkuNotTimeStampingOnly { subject } => check(
                "pki.token.eku_not_time_stamping_only",
                msg!("pki-token-eku-not-time-stamping-only"),
            )
            .arg("subject", subject),
            T::EkuNotCritical { subject } => check(
                "pki.token.eku_not_critical",
                msg!("pki-token-eku-not-critical"),
            )
            .arg("subject", subject),
            T::WrongImprint {
                expected_alg,
                expected,
                token_alg,
                token,
            } => check("pki.token.wrong_imprint", msg!("pki-token-wrong-imprint"))
                .arg("expected_alg", expected_alg.name())
                .arg("expected", crate::hex::encode(expected))
                .arg("token_alg", token_alg)
                .arg("token", crate::hex::encode(token)),
            T::RequestUnreadable { reason } => d(
                INTERNAL,
                "pki.token.request_unreadable",
                msg!("pki-token-request-unreadable"),
            )
            .arg("reason", reason),
            T::RequestAlgorithm => d(
                INTERNAL,
                "pki.token.request_algorithm",
                msg!("pki-token-request-algorithm"),
            ),
            T::ReplyUnreadable { reason } => check(
                "pki.token.reply_unreadable",
                msg!("pki-token-reply-unreadable"),
            )
            .arg("reason", reason),
            T::NotGranted {
                status,
                fail_info,
                texts,
            } => {
                let (code, message) = match status {
                    2 => ("pki.token.rejected", msg!("pki-token-rejected")),
                    3 => ("pki.token.waiting", msg!("pki-token-waiting")),
                    4 | 5 => ("pki.token.revocation", msg!("pki-token-revocation")),
                    _ => ("pki.token.status", msg!("pki-token-status")),
                };
                check(code, message)
                    .arg("status", *status)
                    .arg("fail_count", crate::pki::error::num(fail_info.len()))
                    .arg("fail_info", fail_info.join(", "))
                    .arg("text_count", crate::pki::error::num(texts.len()))
                    .arg("text", texts.join("; "))
            }
            T::NoToken => check("pki.token.no_token", msg!("pki-token-no-token")),
            T::WrongNonce => check("pki.token.wrong_nonce", msg!("pki-token-wrong-nonce")),
            T::UnexpectedNonce => check(
                "pki.token.unexpected_nonce",
                msg!("pki-token-unexpected-nonce"),
            ),
        }
    }
}

impl TokenProblem {
    /// The finding in `lang`.
    pub fn message_in(&self, lang: Lang) -> String {
        self.describe().message_in(lang)
    }
}

macro_rules! display_in_current_language {
    ($($t:ty),+) => {$(
        impl fmt::Display for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.describe().message_in(crate::i18n::lang()))
            }
        }
        impl From<$t> for crate::error::Error {
            fn from(e: $t) -> Self {
                crate::error::Error::from_typed(e)
            }
        }
    )+};
}

display_in_current_language!(SignatureFailure, TokenProblem, RejectReason);

impl std::error::Error for SignatureFailure {}
impl std::error::Error for RejectReason {}

impl std::error::Error for TokenProblem {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            TokenProblem::SignatureInvalid { failure } => Some(failure),
            _ => None,
        }
    }
}

#[cfg(test)]
#[path = "token_tests.rs"]
mod tests;
