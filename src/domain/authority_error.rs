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
use crate::pki::error::PkiError;

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
    /// The token's own checks failed: `why` is what `pki::tsp` found.
    TokenInvalid {
        why: String,
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

fn d(exit: u8, code: &'static str, message: &'static str) -> Described {
    Described::new(exit, code, message)
}

/// `outer` quoting `inner` as its argument `name`: the inner message is rendered in the same
/// language as the outer one, with its own arguments. The catalogue nests one level only, so
/// an inner message that nests an entry itself is quoted as text in the chosen language.
fn nest(mut outer: Described, name: &'static str, inner: &dyn Catalogued) -> Described {
    let inner = inner.describe();
    if inner.args.iter().any(|(_, a)| matches!(a, Arg::Msg(_))) {
        let quoted = crate::i18n::text(crate::i18n::lang(), inner.message, &inner.args);
        return outer.arg(name, quoted);
    }
    outer = outer.arg(name, Arg::Msg(inner.message));
    outer.args.extend(inner.args);
    outer
}

impl Catalogued for AuthorityError {
    fn describe(&self) -> Described {
        use AuthorityError as E;
        match self {
            E::CaCertDamaged { detail } => {
                d(REGISTRY, "ca.cert_damaged", msg!("ca-cert-damaged")).arg("detail", detail)
            }
            E::CaYears { years } => d(BAD_INPUT, "ca.init.years", msg!("ca-init-years"))
                .arg("years", *years)
                .arg("max", 30),
            E::CrlUrlInvalid { url, problem } => {
                d(BAD_INPUT, "crl.url.invalid", msg!("crl-url-invalid"))
                    .hint(msg!("crl-url-invalid-hint"))
                    .arg("url", url)
                    .arg("problem", Arg::Msg(problem.id()))
            }
            E::CrlDirUnusable { dir, detail } => {
                d(BAD_INPUT, "crl.dir.unusable", msg!("crl-dir-unusable"))
                    .arg("dir", dir)
                    .arg("detail", detail)
            }
            E::CrlDirNotDirectory { dir } => d(
                BAD_INPUT,
                "crl.dir.not_directory",
                msg!("crl-dir-not-directory"),
            )
            .hint(msg!("crl-dir-not-directory-hint"))
            .arg("dir", dir),
            E::CrlDirNotUtf8 { dir } => d(BAD_INPUT, "crl.dir.not_utf8", msg!("crl-dir-not-utf8"))
                .hint(msg!("crl-dir-not-utf8-hint"))
                .arg("dir", dir),
            E::CaSetNothing => {
                d(USAGE, "ca.set.nothing", msg!("ca-set-nothing")).hint(msg!("ca-set-nothing-hint"))
            }
            E::CrlBadSerial { cert } => d(
                REGISTRY,
                "crl.issue.bad_serial",
                msg!("crl-issue-bad-serial"),
            )
            .rule(D11)
            .arg("cert", *cert),
            E::CrlNone { ca, ca_id } => d(NOT_FOUND, "crl.show.none", msg!("crl-show-none"))
                .hint(msg!("crl-issue-hint"))
                .arg("ca", ca)
                .arg("ca_id", *ca_id),
            E::CrlDamaged {
                number,
                ca,
                ca_id,
                detail,
            } => d(REGISTRY, "crl.show.damaged", msg!("crl-show-damaged"))
                .hint(msg!("crl-issue-hint"))
                .arg("number", *number)
                .arg("ca", ca)
                .arg("ca_id", *ca_id)
                .arg("detail", detail),
            E::CrlNotPublished {
                why,
                number,
                ca_id,
                path,
            } => d(
                BAD_INPUT,
                "crl.publish.not_written",
                msg!("crl-publish-not-written"),
            )
            .hint(msg!("crl-publish-not-written-hint"))
            .arg("why", why)
            .arg("number", *number)
            .arg("ca_id", *ca_id)
            .arg("path", path),
            E::CrlJsonNeedsOut { show: false } => d(
                USAGE,
                "crl.issue.json_needs_out",
                msg!("crl-issue-json-needs-out"),
            ),
            E::CrlJsonNeedsOut { show: true } => d(
                USAGE,
                "crl.show.json_needs_out",
                msg!("crl-show-json-needs-out"),
            ),
            E::CrlPem { detail } => d(INTERNAL, "crl.pem", msg!("crl-pem")).arg("detail", detail),
            E::TsaPolicyInvalid { policy } => {
                d(BAD_INPUT, "tsa.init.policy", msg!("tsa-init-policy")).arg("policy", policy)
            }
            E::TsaCaUnknownAlgorithm { ca, algo } => d(
                REGISTRY,
                "tsa.init.ca_algorithm",
                msg!("tsa-init-ca-algorithm"),
            )
            .arg("ca", ca)
            .arg("algo", algo),
            E::TsaCaExpired { ca, on } => {
                d(REFUSED, "tsa.init.ca_expired", msg!("tsa-init-ca-expired"))
                    .hint(msg!("tsa-init-ca-expired-hint"))
                    .arg("ca", ca)
                    .arg("on", on)
            }
            E::TsaCaMissing { tsa } => {
                d(REGISTRY, "tsa.ca_missing", msg!("tsa-ca-missing")).arg("tsa", tsa)
            }
            E::TsaPolicyDamaged { tsa } => {
                d(REGISTRY, "tsa.policy_damaged", msg!("tsa-policy-damaged")).arg("tsa", tsa)
            }
            E::TsaCertExpired { tsa, from, until } => {
                d(REFUSED, "tsa.stamp.not_valid", msg!("tsa-stamp-not-valid"))
                    .hint(msg!("tsa-stamp-not-valid-hint"))
                    .arg("tsa", tsa)
                    .arg("from", from)
                    .arg("until", until)
            }
            E::TsaSerialCounter { tsa } => d(
                REGISTRY,
                "tsa.stamp.serial_counter",
                msg!("tsa-stamp-serial-counter"),
            )
            .arg("tsa", tsa),
            E::TsaIssueFailed { source } => nest(
                d(INTERNAL, "tsa.stamp.failed", msg!("tsa-stamp-failed")),
                "reason",
                source,
            ),
            E::TsaDigestLength { alg, want, got } => d(
                INTERNAL,
                "tsa.stamp.digest_length",
                msg!("tsa-stamp-digest-length"),
            )
            .arg("alg", alg)
            .arg("want", *want)
            .arg("got", *got),
            E::TsaListen { addr, detail } => d(USAGE, "tsa.serve.listen", msg!("tsa-serve-listen"))
                .hint(msg!("tsa-serve-listen-hint"))
                .arg("addr", addr)
                .arg("detail", detail),
            E::TsaTimeoutRange { timeout } => {
                d(USAGE, "tsa.check.timeout", msg!("tsa-check-timeout"))
                    .arg("timeout", *timeout)
                    .arg("max", 600)
            }
            E::CertFileUnreadable { flag, path, detail } => d(
                BAD_INPUT,
                "tsa.check.not_certificate",
                msg!("tsa-check-not-certificate"),
            )
            .arg("flag", flag)
            .arg("path", path)
            .arg("detail", detail),
            E::TokenInvalid { why } => {
                d(CHECK_FAILED, "tsa.check.invalid", msg!("tsa-check-invalid")).arg("why", why)
            }
            E::TokenCertUnreadable { detail } => d(
                BAD_INPUT,
                "tsa.check.cert_unreadable",
                msg!("tsa-check-cert-unreadable"),
            )
            .arg("detail", detail),
            E::TokenCertNotValidThen { subject, at } => d(
                CHECK_FAILED,
                "tsa.check.cert_not_valid_then",
                msg!("tsa-check-cert-not-valid-then"),
            )
            .arg("subject", subject)
            .arg("at", at),
            E::TokenCertExpired { subject, on } => d(
                CHECK_FAILED,
                "tsa.check.cert_expired",
                msg!("tsa-check-cert-expired"),
            )
            .hint(msg!("tsa-check-cert-expired-hint"))
            .arg("subject", subject)
            .arg("on", on),
            E::TokenUntrusted {
                subject,
                issuer,
                registry: true,
            } => d(
                CHECK_FAILED,
                "tsa.check.untrusted",
                msg!("tsa-check-untrusted-registry"),
            )
            .hint(msg!("tsa-check-untrusted-registry-hint"))
            .arg("subject", subject)
            .arg("issuer", issuer),
            E::TokenUntrusted {
                subject,
                issuer,
                registry: false,
            } => d(
                CHECK_FAILED,
                "tsa.check.untrusted",
                msg!("tsa-check-untrusted-trust"),
            )
            .arg("subject", subject)
            .arg("issuer", issuer),
            E::TokenReplyRejected => d(
                CHECK_FAILED,
                "tsa.check.reply_rejected",
                msg!("tsa-check-reply-rejected"),
            ),
            E::TokenReplyEmpty => d(
                BAD_INPUT,
                "tsa.check.reply_empty",
                msg!("tsa-check-reply-empty"),
            ),
            E::TokenUnreadable { detail } => d(
                BAD_INPUT,
                "tsa.check.token_unreadable",
                msg!("tsa-check-token-unreadable"),
            )
            .arg("detail", detail),
            E::SettingDamaged { key, raw, zone } => {
                d(REGISTRY, "config.damaged", msg!("config-damaged"))
                    .arg("key", key)
                    .arg("raw", raw)
                    .arg("want", if *zone { "zone" } else { "number" })
            }
            E::SettingUnknown { key, known } => {
                d(BAD_INPUT, "config.unknown", msg!("config-unknown"))
                    .hint(msg!("config-list-hint"))
                    .arg("key", key)
                    .arg("known", known)
            }
            E::SettingMissing { key } => {
                d(INTERNAL, "config.missing", msg!("config-missing")).arg("key", key)
            }
            E::SettingNotNumber { key, value } => {
                d(BAD_INPUT, "config.not_number", msg!("config-not-number"))
                    .arg("key", key)
                    .arg("value", value)
            }
            E::SettingBelowFloor { key, value, floor } => {
                d(BAD_INPUT, "config.below_floor", msg!("config-below-floor"))
                    .hint(msg!("config-below-floor-hint"))
                    .arg("key", key)
                    .arg("value", *value)
                    .arg("floor", *floor)
            }
            E::SettingOutOfRange {
                key,
                value,
                min,
                max,
            } => d(
                BAD_INPUT,
                "config.out_of_range",
                msg!("config-out-of-range"),
            )
            .arg("key", key)
            .arg("value", *value)
            .arg("min", *min)
            .arg("max", *max),
            E::ClockInvalid { value, detail } => d(
                USAGE,
                "config.time.invalid_now",
                msg!("config-time-invalid-now"),
            )
            .arg("value", value)
            .arg("detail", detail),
            E::TimeZoneInvalid { value } => d(
                BAD_INPUT,
                "config.time.invalid_zone",
                msg!("config-time-invalid-zone"),
            )
            .arg("value", value),
            E::DateInvalid { flag, value } => d(
                BAD_INPUT,
                "config.time.invalid_date",
                msg!("config-time-invalid-date"),
            )
            .arg("flag", flag)
            .arg("value", value),
            E::DurationInvalid { flag, value } => d(
                BAD_INPUT,
                "config.time.invalid_duration",
                msg!("config-time-invalid-duration"),
            )
            .arg("flag", flag)
            .arg("value", value),
            E::HistoryKeyNotLoaded => d(INTERNAL, "log.key_not_loaded", msg!("log-key-not-loaded")),
            E::Unproven { person } => d(REFUSED, "log.unproven", msg!("log-unproven"))
                .hint(msg!("log-unproven-hint"))
                .rule(D21)
                .arg("person", person),
            E::RekeyRefused { problem } => problem
                .args(d(REGISTRY, "log.rekey.refused", msg!("log-rekey-refused")))
                .hint(msg!("log-restore-hint"))
                .rule(D21),
            E::HeadInvalid { head } => d(
                USAGE,
                "log.verify.head_invalid",
                msg!("log-verify-head-invalid"),
            )
            .arg("head", head),
            E::HistoryAltered { first, total } => {
                let mut described = d(
                    CHECK_FAILED,
                    "log.verify.altered",
                    msg!("log-verify-altered"),
                )
                .rule(D21)
                .arg("total", *total);
                if *total > 1 {
                    described = described.hint(msg!("log-verify-altered-more-hint"));
                }
                nest(described, "finding", first)
            }
            E::EnvelopeCertDamaged { cert, detail } => d(
                REGISTRY,
                "envelope.cert_damaged",
                msg!("envelope-cert-damaged"),
            )
            .arg("cert", *cert)
            .arg("detail", detail),
            E::EncryptSuperseded {
                cert,
                successor: Some(next),
            } => d(
                REFUSED,
                "envelope.encrypt.superseded",
                msg!("envelope-encrypt-superseded"),
            )
            .hint(msg!("envelope-encrypt-superseded-hint"))
            .rule(D8)
            .arg("cert", *cert)
            .arg("next", *next),
            E::EncryptSuperseded {
                cert,
                successor: None,
            } => d(
                REFUSED,
                "envelope.encrypt.superseded",
                msg!("envelope-encrypt-superseded-unknown"),
            )
            .hint(msg!("envelope-encrypt-superseded-unknown-hint"))
            .rule(D8)
            .arg("cert", *cert),
            E::EncryptFrozen { cert } => d(
                REFUSED,
                "envelope.encrypt.frozen",
                msg!("envelope-encrypt-frozen"),
            )
            .hint(msg!("envelope-encrypt-frozen-hint"))
            .rule(D11)
            .arg("cert", *cert),
            E::EncryptLocked { cert } => d(
                REFUSED,
                "envelope.encrypt.locked",
                msg!("envelope-encrypt-locked"),
            )
            .hint(msg!("envelope-encrypt-locked-hint"))
            .rule(D11)
            .arg("cert", *cert)
            .arg("attempts", super::rules::PIN_ATTEMPTS),
            E::RecipientFile {
                name,
                problem,
                detail,
            } => d(
                BAD_INPUT,
                "envelope.encrypt.recipient_file",
                msg!("envelope-encrypt-recipient-file"),
            )
            .arg("name", name)
            .arg("problem", Arg::Msg(problem.id()))
            .arg("detail", detail),
            E::RecipientForged { name, cert } => d(
                BAD_INPUT,
                "envelope.encrypt.forged",
                msg!("envelope-encrypt-forged"),
            )
            .arg("name", name)
            .arg("cert", *cert),
            E::EncryptExpired { on } => d(
                REFUSED,
                "envelope.encrypt.expired",
                msg!("envelope-encrypt-expired"),
            )
            .rule(D12)
            .arg("on", on),
            E::EncryptNotYetValid { from } => d(
                REFUSED,
                "envelope.encrypt.not_yet_valid",
                msg!("envelope-encrypt-not-yet-valid"),
            )
            .arg("from", from),
            E::RecipientNotFound { to, id: true } => d(
                NOT_FOUND,
                "envelope.encrypt.no_recipient",
                msg!("envelope-encrypt-no-recipient-id"),
            )
            .hint(msg!("envelope-encrypt-no-recipient-hint"))
            .arg("to", to),
            E::RecipientNotFound { to, id: false } => d(
                NOT_FOUND,
                "envelope.encrypt.no_recipient",
                msg!("envelope-encrypt-no-recipient-file"),
            )
            .arg("to", to),
            E::DocumentUnreadable { path, detail } => d(
                BAD_INPUT,
                "envelope.document.unreadable",
                msg!("envelope-document-unreadable"),
            )
            .arg("path", path)
            .arg("detail", detail),
            E::DocumentIsDirectory { path } => d(
                BAD_INPUT,
                "envelope.document.directory",
                msg!("envelope-document-directory"),
            )
            .arg("path", path),
            E::DocumentTooLarge { path, limit } => d(
                BAD_INPUT,
                "envelope.document.too_large",
                msg!("envelope-document-too-large"),
            )
            .arg("path", path)
            .arg("limit", limit),
            E::DecryptUnreadable { file, source } => nest(
                d(
                    BAD_INPUT,
                    "envelope.decrypt.unreadable",
                    msg!("envelope-decrypt-unreadable"),
                )
                .arg("file", file),
                "reason",
                source,
            ),
            E::DecryptNotForCert {
                cert,
                first,
                others,
            } => first.args(
                d(
                    REFUSED,
                    "envelope.decrypt.not_for_cert",
                    msg!("envelope-decrypt-not-for-cert"),
                )
                .rule(D20)
                .arg("cert", *cert)
                .arg("others", *others),
            ),
            E::DecryptKeyChanged {
                cert,
                made_for,
                serial,
                how,
            } => d(
                REFUSED,
                "envelope.decrypt.key_changed",
                msg!("envelope-decrypt-key-changed"),
            )
            .hint(msg!("envelope-decrypt-key-changed-hint"))
            .rule(D10)
            .arg("cert", *cert)
            .arg("made_for", *made_for)
            .arg("serial", serial)
            .arg("how", Arg::Msg(how.id())),
            E::DecryptKeyDoesNotOpen { cert, source } => nest(
                d(
                    BAD_INPUT,
                    "envelope.decrypt.key_does_not_open",
                    msg!("envelope-decrypt-key-does-not-open"),
                )
                .rule(D10)
                .arg("cert", *cert),
                "reason",
                source,
            ),
            E::DecryptContentDamaged { source } => nest(
                d(
                    BAD_INPUT,
                    "envelope.decrypt.damaged",
                    msg!("envelope-decrypt-damaged"),
                ),
                "reason",
                source,
            ),
            E::DecryptFailed { source } => nest(
                d(
                    BAD_INPUT,
                    "envelope.decrypt.failed",
                    msg!("envelope-decrypt-failed"),
                ),
                "reason",
                source,
            ),
            E::DemoDirTaken { dir } => d(REFUSED, "demo.dir_taken", msg!("demo-dir-taken"))
                .hint(msg!("demo-dir-taken-hint"))
                .arg("dir", dir),
            E::DemoDirUnusable { detail } => {
                d(INTERNAL, "demo.dir", msg!("demo-dir-unusable")).arg("detail", detail)
            }
            E::ManDirUnusable { dir, detail } => d(BAD_INPUT, "man.dir", msg!("man-dir-unusable"))
                .arg("dir", dir)
                .arg("detail", detail),
            E::Invariant { what } => {
                d(INTERNAL, "authority.internal", msg!("authority-internal")).arg("what", what)
            }
        }
    }
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
            _ => None,
        }
    }
}

impl From<AuthorityError> for crate::error::Error {
    fn from(e: AuthorityError) -> Self {
        crate::error::Error::from_typed(e)
    }
}

#[cfg(test)]
#[path = "authority_error_tests.rs"]
mod tests;
