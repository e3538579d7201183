//! The refusals and errors of the authorities area, as data (issue 16): CAs (D15) and their
//! CRLs (D11), time-stamping authorities, registry settings and the clock, the history and
//! `log verify` (D21), and documents encrypted to a certificate (D20). Each variant has a
//! stable code (`ca.`, `crl.`, `tsa.`, `config.`, `log.`, `envelope.`), a catalogue message
//! (i18n/*/pki.ftl), a hint where the user can do something and the rule it enforces; a
//! wrapped crypto error stays its `source()`.

use std::fmt;

use super::history_finding::{Finding, RekeyProblem};
use super::rules::{D8, D10, D11, D12, Rule};
use crate::error::exit::{BAD_INPUT, CHECK_FAILED, INTERNAL, NOT_FOUND, REFUSED, REGISTRY, USAGE};
use crate::i18n::{Arg, Catalogued, Described, Lang};
use crate::model::Id;
use crate::msg;
use crate::pki::error::{PkiError, TokenProblem};

/// D20: signing and encryption with the holder's certificate.
const D20: Rule = Rule(20);
/// D21: the history.
const D21: Rule = Rule(21);

/// What is wrong with a `--crl-url`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CrlUrlProblem {
    TooLong,
    NotAscii,
    NotHttp,
    QueryOrFragment,
    NoHost,
    NoFileName,
}

impl CrlUrlProblem {
    fn id(self) -> &'static str {
        match self {
            CrlUrlProblem::TooLong => msg!("crl-url-problem-too-long"),
            CrlUrlProblem::NotAscii => msg!("crl-url-problem-not-ascii"),
            CrlUrlProblem::NotHttp => msg!("crl-url-problem-not-http"),
            CrlUrlProblem::QueryOrFragment => msg!("crl-url-problem-query"),
            CrlUrlProblem::NoHost => msg!("crl-url-problem-no-host"),
            CrlUrlProblem::NoFileName => msg!("crl-url-problem-no-file-name"),
        }
    }
}

/// What is wrong with an `encrypt --to` certificate file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CertFileProblem {
    NoPemBlock,
    NoEndLine,
    PemCorrupt,
    NotCertificate,
}

impl CertFileProblem {
    fn id(self) -> &'static str {
        match self {
            CertFileProblem::NoPemBlock => msg!("envelope-file-problem-no-block"),
            CertFileProblem::NoEndLine => msg!("envelope-file-problem-no-end"),
            CertFileProblem::PemCorrupt => msg!("envelope-file-problem-pem-corrupt"),
            CertFileProblem::NotCertificate => msg!("envelope-file-problem-not-certificate"),
        }
    }
}

/// How the key changed between the certificate a document names and the one decrypting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyChange {
    /// An extension without `--keep-key`.
    Extension,
    /// A reissue (always a new key pair, D8).
    Reissue,
    /// Reissues and extensions.
    Both,
}

impl KeyChange {
    fn id(self) -> &'static str {
        match self {
            KeyChange::Extension => msg!("envelope-key-change-extension"),
            KeyChange::Reissue => msg!("envelope-key-change-reissue"),
            KeyChange::Both => msg!("envelope-key-change-both"),
        }
    }
}

/// A recipient a document names, as a refusal quotes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecipientRef {
    /// By issuer and serial; `cert` when the registry has that certificate.
    IssuerSerial {
        issuer: String,
        serial: String,
        cert: Option<Id>,
    },
    /// By subject key identifier (hex).
    KeyId { hex: String },
    /// A recipient type catool does not open.
    Other { kind: String },
}

impl RecipientRef {
    fn args(&self, d: Described) -> Described {
        match self {
            RecipientRef::IssuerSerial {
                issuer,
                serial,
                cert: None,
            } => d
                .arg(
                    "recipient",
                    Arg::Msg(msg!("envelope-recipient-issuer-serial")),
                )
                .arg("issuer", issuer)
                .arg("serial", serial),
            RecipientRef::IssuerSerial {
                issuer,
                serial,
                cert: Some(c),
            } => d
                .arg(
                    "recipient",
                    Arg::Msg(msg!("envelope-recipient-issuer-serial-known")),
                )
                .arg("issuer", issuer)
                .arg("serial", serial)
                .arg("known", *c),
            RecipientRef::KeyId { hex } => d
                .arg("recipient", Arg::Msg(msg!("envelope-recipient-key-id")))
                .arg("key_id", hex),
            RecipientRef::Other { kind } => d
                .arg("recipient", Arg::Msg(msg!("envelope-recipient-other")))
                .arg("kind", kind),
        }
    }
}

/// Every refusal and error of the authorities area, with the data its message quotes.
#[derive(Debug, Clone, PartialEq)]
pub enum AuthorityError {
    // ---- CAs (D15) and how their CRLs are distributed
    CaCertDamaged {
        detail: String,
    },
    CaYears {
        years: i64,
    },
    CrlUrlInvalid {
        url: String,
        problem: CrlUrlProblem,
    },
    CrlDirUnusable {
        dir: String,
        detail: String,
    },
    CrlDirNotDirectory {
        dir: String,
    },
    CrlDirNotUtf8 {
        dir: String,
    },
    CaSetNothing,
    // ---- CRLs (D11)
    CrlBadSerial {
        cert: Id,
    },
    CrlNone {
        ca: String,
        ca_id: Id,
    },
    CrlDamaged {
        number: i64,
        ca: String,
        ca_id: Id,
        detail: String,
    },
    /// The publication directory already holds a later CRL of the CA (its signature checked):
    /// another `crl` published it meanwhile, or this registry is an older copy.
    CrlNewerPublished {
        number: i64,
        newer: i64,
        path: String,
    },
    CrlNotPublished {
        why: String,
        number: i64,
        ca_id: Id,
        path: String,
    },
    /// `--json` without `--out` with `--pem`/`--der`: `show` for `crl show`.
    CrlJsonNeedsOut {
        show: bool,
    },
    CrlPem {
        detail: String,
    },
    // ---- time-stamping authorities
    TsaPolicyInvalid {
        policy: String,
    },
    TsaCaUnknownAlgorithm {
        ca: String,
        algo: String,
    },
    TsaCaExpired {
        ca: String,
        on: String,
    },
    TsaCaMissing {
        tsa: String,
    },
    TsaPolicyDamaged {
        tsa: String,
    },
    TsaCertExpired {
        tsa: String,
        from: String,
        until: String,
    },
    TsaSerialCounter {
        tsa: String,
    },
    /// Issuing a token failed: `why` is what `pki::tsp` said.
    /// Issuing a token failed (signing or encoding it).
    TsaIssueFailed {
        source: PkiError,
    },
    TsaDigestLength {
        alg: String,
        want: i64,
        got: i64,
    },
    TsaListen {
        addr: String,
        detail: String,
    },
    TsaTimeoutRange {
        timeout: i64,
    },
    CertFileUnreadable {
        flag: String,
        path: String,
        detail: String,
    },
    /// The token's own checks failed, as `pki::tsp` found.
    TokenInvalid {
        problem: TokenProblem,
    },
    TokenCertUnreadable {
        detail: String,
    },
    TokenCertNotValidThen {
        subject: String,
        at: String,
    },
    TokenCertExpired {
        subject: String,
        on: String,
    },
    TokenUntrusted {
        subject: String,
        issuer: String,
        /// Checked against the registry's CAs (no `--trust`).
        registry: bool,
    },
    /// The token is intact, but only a registry CA that is not a trust anchor issued its
    /// TSA certificate.
    TokenIssuerNotAnchor {
        subject: String,
        why: super::anchor_error::AnchorProblem,
    },
    TokenReplyRejected,
    TokenReplyEmpty,
    TokenUnreadable {
        detail: String,
    },
    // ---- settings and the clock
    SettingDamaged {
        key: String,
        raw: String,
        /// It should be a time zone (else a number).
        zone: bool,
    },
    SettingUnknown {
        key: String,
        known: String,
    },
    SettingMissing {
        key: String,
    },
    SettingNotNumber {
        key: String,
        value: String,
    },
    SettingBelowFloor {
        key: String,
        value: i64,
        floor: i64,
    },
    SettingOutOfRange {
        key: String,
        value: i64,
        min: i64,
        max: i64,
    },
    ClockInvalid {
        value: String,
        detail: String,
    },
    TimeZoneInvalid {
        value: String,
    },
    DateInvalid {
        flag: String,
        value: String,
    },
    DurationInvalid {
        flag: String,
        value: String,
    },
    // ---- the history (D21)
    HistoryKeyNotLoaded,
    Unproven {
        person: String,
    },
    RekeyRefused {
        problem: RekeyProblem,
    },
    HeadInvalid {
        head: String,
    },
    /// `log verify` found something: the first finding, and how many there are.
    HistoryAltered {
        first: Finding,
        total: i64,
    },
    // ---- documents encrypted to a certificate (D20)
    EnvelopeCertDamaged {
        cert: Id,
        detail: String,
    },
    EncryptSuperseded {
        cert: Id,
        successor: Option<Id>,
    },
    EncryptFrozen {
        cert: Id,
    },
    EncryptLocked {
        cert: Id,
    },
    RecipientFile {
        name: String,
        problem: CertFileProblem,
        detail: String,
    },
    RecipientForged {
        name: String,
        cert: Id,
    },
    EncryptExpired {
        on: String,
    },
    EncryptNotYetValid {
        from: String,
    },
    /// `--to` names neither a registry certificate nor a file; `id` when it is a number.
    RecipientNotFound {
        to: String,
        id: bool,
    },
    DocumentUnreadable {
        path: String,
        detail: String,
    },
    DocumentIsDirectory {
        path: String,
    },
    DocumentTooLarge {
        path: String,
        limit: String,
    },
    DecryptUnreadable {
        file: String,
        source: PkiError,
    },
    DecryptNotForCert {
        cert: Id,
        first: RecipientRef,
        others: i64,
    },
    DecryptKeyChanged {
        cert: Id,
        made_for: Id,
        serial: String,
        how: KeyChange,
    },
    DecryptKeyDoesNotOpen {
        cert: Id,
        source: PkiError,
    },
    DecryptContentDamaged {
        source: PkiError,
    },
    DecryptFailed {
        source: PkiError,
    },
    // ---- the demo and the man pages
    DemoDirTaken {
        dir: String,
    },
    DemoDirUnusable {
        detail: String,
    },
    ManDirUnusable {
        dir: String,
        detail: String,
    },
    /// An invariant broke (a bug or a hand-edited registry): `what` names it, in English.
    Invariant {
        what: String,
    },
}

impl AuthorityError {
    /// The message in `lang` (what `Display` prints in the chosen language).
    pub fn message_in(&self, lang: Lang) -> String {
        self.describe().message_in(lang)
    }

    /// An invariant that broke: `what` names it (English, for the bug report).
    pub fn invariant(what: &str) -> AuthorityError {
        AuthorityError::Invariant {
            what: what.to_string(),
        }
    }
}

impl fmt::Display for AuthorityError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message_in(crate::i18n::lang()))
    }
}

impl std::error::Error for AuthorityError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            AuthorityError::DecryptUnreadable { source, .. }
            | AuthorityError::DecryptKeyDoesNotOpen { source, .. }
            | AuthorityError::DecryptContentDamaged { source }
            | AuthorityError::DecryptFailed { source }
            | AuthorityError::TsaIssueFailed { source } => Some(source),
            AuthorityError::TokenInvalid { problem } => Some(problem),
            _ => None,
        }
    }
}

impl From<AuthorityError> for crate::error::Error {
    fn from(e: AuthorityError) -> Self {
        crate::error::Error::from_typed(e)
    }
}

mod catalogue;

#[cfg(test)]
mod tests;
