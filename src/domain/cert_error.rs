//! The refusals and errors of the certificates area (D4–D14: slots, issue, import, reissue,
//! extension, revocation, freezing, binding, PINs and lockout), as data: each variant has a
//! stable code, a catalogue message, a hint and the rule it enforces (see `crate::i18n`).
//! The CLI renders them in the user's language; `crate::error::Error::Typed` carries them.

use std::fmt;

use super::party_error::Act;
use super::rules::{self, D2, D4, D5, D6, D8, D9, D10, D11, D12, D13, D14};
use crate::error::exit::{BAD_INPUT, CHECK_FAILED, INTERNAL, NOT_FOUND, REFUSED, REGISTRY, USAGE};
use crate::i18n::{Arg, Catalogued, Described, Lang};
use crate::model::Id;
use crate::model::vocab::CertKind;
pub use crate::model::vocab::CertState;
use crate::msg;

/// What was being done with a certificate when it was refused (quoted by the message).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Doing {
    Reissue,
    Extend,
    Revoke,
    Freeze,
    Unfreeze,
    Bind,
    Export,
    Sign,
    Encrypt,
    Decrypt,
    /// Prove who one is with it (`--as`).
    Prove,
}

impl Doing {
    pub fn id(self) -> &'static str {
        match self {
            Doing::Reissue => msg!("doing-reissue"),
            Doing::Extend => msg!("doing-extend"),
            Doing::Revoke => msg!("doing-revoke"),
            Doing::Freeze => msg!("doing-freeze"),
            Doing::Unfreeze => msg!("doing-unfreeze"),
            Doing::Bind => msg!("doing-bind"),
            Doing::Export => msg!("doing-export"),
            Doing::Sign => msg!("doing-sign"),
            Doing::Encrypt => msg!("doing-encrypt"),
            Doing::Decrypt => msg!("doing-decrypt"),
            Doing::Prove => msg!("doing-prove"),
        }
    }
}

/// What about an import's input could not be read (`CertError::ImportUnreadable`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportProblem {
    NotCertificate,
    PemCertCorrupt,
    NoPemCert,
    EncryptedKey,
    NoPemKey,
    NotKey,
    NotPkcs12,
    UnreadableConstraints,
    /// Neither a certificate (with or without its key) nor a PKCS#12 file.
    Unrecognised,
}

impl ImportProblem {
    fn id(self) -> &'static str {
        match self {
            ImportProblem::NotCertificate => msg!("import-problem-not-certificate"),
            ImportProblem::PemCertCorrupt => msg!("import-problem-pem-cert-corrupt"),
            ImportProblem::NoPemCert => msg!("import-problem-no-pem-cert"),
            ImportProblem::EncryptedKey => msg!("import-problem-encrypted-key"),
            ImportProblem::NoPemKey => msg!("import-problem-no-pem-key"),
            ImportProblem::NotKey => msg!("import-problem-not-key"),
            ImportProblem::NotPkcs12 => msg!("import-problem-not-pkcs12"),
            ImportProblem::UnreadableConstraints => msg!("import-problem-unreadable-constraints"),
            ImportProblem::Unrecognised => msg!("import-problem-unrecognised"),
        }
    }
}

/// What is wrong with a PIN (D6: exactly `rules::PIN_DIGITS` ASCII digits).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PinProblem {
    Empty,
    NotDigits,
    /// It has this many digits.
    Length(i64),
}

/// What shows that a registry was tampered with (`CertError::Tampered`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TamperSign {
    /// Its history has events but the master key check value is missing.
    CheckRemovedWithHistory,
    /// It holds CAs or certificates but the check value is missing.
    CheckRemovedWithKeys,
    /// The check value is the unkeyed (v1) form although the history is keyed.
    CheckRolledBack,
}

/// Every refusal and error of the certificates area, with the data its message quotes.
#[derive(Debug, Clone, PartialEq)]
pub enum CertError {
    // ---- slots and holders (D2, D4, D5)
    NotMember {
        person: String,
        org: String,
    },
    OwnerFixed {
        slot: Id,
    },
    HolderFixed {
        cert: Id,
    },
    SlotUnassigned {
        slot: Id,
    },
    SlotUsed {
        slot: Id,
    },
    SlotTaken {
        slot: Id,
    },
    // ---- issuing (D6, D14)
    CaNotYetValid {
        ca: String,
        from: String,
    },
    CaEndsBeforeYear {
        ca: String,
        ca_end: String,
        not_after: String,
    },
    OutlivesCa {
        not_before: String,
        not_after: String,
        ca: String,
        ca_start: String,
        ca_end: String,
    },
    CaUnknownAlgorithm {
        ca: String,
        algo: String,
    },
    SerialTaken {
        serial: String,
        issuer: String,
    },
    ExportPasswordShort {
        chars: i64,
    },
    // ---- state of a certificate (D8, D11, D12)
    NotIssuedHere {
        doing: Doing,
        cert: Id,
    },
    ImportedElsewhere {
        cert: Id,
    },
    Revoked {
        doing: Doing,
        cert: Id,
        since: String,
    },
    Superseded {
        doing: Doing,
        cert: Id,
    },
    Frozen {
        doing: Doing,
        cert: Id,
    },
    Expired {
        doing: Doing,
        cert: Id,
        on: String,
    },
    Locked {
        cert: Id,
    },
    // ---- reissue and extension (D8, D9, D10)
    ReissueExpired {
        cert: Id,
        on: String,
    },
    ExtendTooEarly {
        cert: Id,
        days_left: i64,
    },
    ExtendNeedsConfirmation {
        cert: Id,
    },
    ExtendOutlivesCa {
        cert: Id,
        new_end: String,
        ca: String,
        ca_end: String,
    },
    NoUnusedSlot {
        org: String,
        kind: CertKind,
    },
    // ---- revocation, freezing, binding (D11, D13)
    InvalidReason {
        reason: String,
    },
    AlreadyFrozen {
        cert: Id,
    },
    NotFrozen {
        cert: Id,
    },
    BindNeedsAccount,
    AlreadyBound {
        cert: Id,
        account: String,
        since: String,
    },
    BindImported,
    NotBound {
        cert: Id,
    },
    // ---- PINs and lockout (D6, D11)
    WrongPin {
        cert: Id,
        used: i64,
    },
    WrongPinLocked {
        cert: Id,
    },
    NotHoldersPin {
        cert: Id,
        person: String,
    },
    CannotProve {
        cert: Id,
    },
    /// Someone other than the holder (or the operator) would choose a certificate's PIN:
    /// they could then act as the holder (D6, D8).
    PinForAnother {
        actor: String,
        holder: String,
    },
    /// The certificate's PIN was chosen by someone else than its holder (the holder changed,
    /// D5): it proves who the holder is only after the operator reissues it (D8).
    PinNotChosenByHolder {
        cert: Id,
        person: String,
    },
    InvalidPin {
        source: String,
        problem: PinProblem,
    },
    PinFileTooLong {
        source: String,
        max: i64,
    },
    KeyDamaged {
        cert: Id,
    },
    KdfBelowFloor {
        key: String,
        value: i64,
        floor: i64,
        unit: String,
    },
    // ---- finding and listing
    InvalidSerial {
        flag: String,
        value: String,
    },
    InvalidState {
        value: String,
    },
    InvalidId {
        value: String,
    },
    ShowNeedsRef,
    NoSuchCert {
        reference: String,
    },
    Ambiguous {
        reference: String,
        count: i64,
        candidates: String,
    },
    // ---- export and import of files
    P12NeedsPin,
    P12NeedsOut,
    P12PasswordNeedsP12,
    P12PasswordNeedsFormat,
    IssueNeedsSlot,
    ImportNeedsKey,
    ImportNeedsPassword,
    ImportUnreadable {
        problem: ImportProblem,
        detail: Option<String>,
    },
    ImportPemNoEnd {
        label: String,
    },
    ImportPemCorrupt {
        label: String,
        detail: String,
    },
    ImportCriticalExtension {
        oid: String,
    },
    ImportWrongPassword,
    ImportTooManyCerts {
        max: i64,
    },
    ImportCertTooBig {
        bytes: i64,
        max_kib: i64,
    },
    ImportKeyMismatch,
    ImportRsaSize,
    ImportCaCertificate {
        subject: String,
        why: String,
    },
    ImportForgedRegistryCa {
        cas: String,
    },
    ImportUnverifiableAlgorithm {
        alg: String,
        issuer: String,
    },
    ImportBadSignature {
        issuer: String,
    },
    AlreadyImported {
        fingerprint: String,
        cert: Id,
    },
    ImportNotYetValid {
        from: String,
    },
    ImportExpired {
        on: String,
    },
    ImportOutlivesCa {
        ca: String,
        not_after: String,
        ca_end: String,
    },
    // ---- output files
    ParentDirMissing {
        flag: String,
        path: String,
        dir: String,
    },
    IssuedP12Missing {
        slot: Id,
        cert: Id,
        path: String,
    },
    IssuedButNotWritten {
        cert: Id,
        why: String,
    },
    ReissuedButNotWritten {
        cert: Id,
        new: Id,
        why: String,
    },
    // ---- batch CSV
    BatchCsv {
        line: i64,
        why: String,
    },
    BatchFields {
        line: i64,
        fields: i64,
    },
    BatchOutputReused {
        line: i64,
        path: String,
    },
    BatchRow {
        line: i64,
        row: String,
    },
    BatchPathOutside {
        line: i64,
        column: String,
        path: String,
        problem: crate::input::PathProblem,
    },
    BatchP12Exists {
        slot: Id,
        path: String,
    },
    // ---- who may manage or import (D11)
    NotHolderOrOperator {
        cert: Id,
        person: String,
        doing: Act,
    },
    // ---- the master key and sealed keys
    MasterKeyForeign {
        path: String,
    },
    MasterKeyMissing {
        path: String,
    },
    Tampered {
        registry: String,
        sign: TamperSign,
    },
    KdfOutOfRange {
        key: String,
        value: i64,
    },
    CaKeyUnopenable {
        ca: String,
    },
    TsaKeyUnopenable {
        tsa: String,
    },
    CertDamaged {
        cert: Id,
        detail: String,
    },
    /// An invariant of the registry broke (a bug or a hand-edited file).
    Invariant {
        what: String,
    },
    /// A reissue's or extension's subject rows differ from the replaced certificate's signed
    /// subject (changed outside catool).
    SubjectDiffers {
        cert: Id,
        part: SubjectPart,
        row: String,
        signed: String,
    },
    /// `pin_set_by` says the operator set a PIN the keyed history says a person chose.
    PinChooserDiffers {
        cert: Id,
    },
    /// The keyed history does not say who chose a certificate's PIN.
    PinHistoryMissing {
        cert: Id,
    },
    /// A superseded certificate whose key a live certificate carries: its key is revoked or
    /// held through that one (which takes it along).
    KeySharedWith {
        doing: Doing,
        cert: Id,
        successor: Id,
    },
    /// A personal certificate in `owner`'s name would be held by someone else without the
    /// owner's consent (D5): only the operator or the owner acting may.
    OwnerConsent {
        actor: String,
        owner: String,
        holder: String,
    },
}

/// What of a certificate's subject rows differs from its signed subject.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SubjectPart {
    Kind,
    Identity,
    IdentityExtension,
}

impl SubjectPart {
    fn id(self) -> &'static str {
        match self {
            SubjectPart::Kind => msg!("subject-part-kind"),
            SubjectPart::Identity => msg!("subject-part-identity"),
            SubjectPart::IdentityExtension => msg!("subject-part-identity-extension"),
        }
    }
}

fn d(exit: u8, code: &'static str, message: &'static str) -> Described {
    Described::new(exit, code, message)
}

impl Catalogued for CertError {
    fn describe(&self) -> Described {
        use CertError as E;
        match self {
            E::NotMember { person, org } => d(REFUSED, "cert.not_member", msg!("cert-not-member"))
                .hint(msg!("cert-not-member-hint"))
                .rule(D2)
                .arg("person", person)
                .arg("org", org),
            E::OwnerFixed { slot } => d(
                REFUSED,
                "cert.assign.owner_fixed",
                msg!("cert-assign-owner-fixed"),
            )
            .hint(msg!("cert-assign-owner-fixed-hint"))
            .rule(D5)
            .arg("slot", *slot),
            E::HolderFixed { cert } => d(REFUSED, "cert.holder.fixed", msg!("cert-holder-fixed"))
                .rule(D5)
                .arg("cert", *cert),
            E::SlotUnassigned { slot } => d(
                REFUSED,
                "cert.issue.unassigned",
                msg!("cert-issue-unassigned"),
            )
            .hint(msg!("cert-issue-unassigned-hint"))
            .rule(D5)
            .arg("slot", *slot),
            E::SlotUsed { slot } => d(REFUSED, "cert.issue.used", msg!("cert-issue-used"))
                .hint(msg!("cert-issue-used-hint"))
                .rule(D8)
                .arg("slot", *slot),
            E::SlotTaken { slot } => d(REFUSED, "cert.issue.taken", msg!("cert-issue-taken"))
                .rule(D4)
                .arg("slot", *slot),
            E::CaNotYetValid { ca, from } => d(
                REFUSED,
                "cert.issue.ca_not_yet_valid",
                msg!("cert-issue-ca-not-yet-valid"),
            )
            .hint(msg!("cert-issue-ca-not-yet-valid-hint"))
            .rule(D6)
            .arg("ca", ca)
            .arg("from", from),
            E::CaEndsBeforeYear {
                ca,
                ca_end,
                not_after,
            } => d(
                REFUSED,
                "cert.issue.ca_ends_too_soon",
                msg!("cert-issue-ca-ends-too-soon"),
            )
            .hint(msg!("cert-new-ca-hint"))
            .rule(D6)
            .arg("ca", ca)
            .arg("ca_end", ca_end)
            .arg("not_after", not_after),
            E::OutlivesCa {
                not_before,
                not_after,
                ca,
                ca_start,
                ca_end,
            } => d(REFUSED, "cert.outlives_ca", msg!("cert-outlives-ca"))
                .hint(msg!("cert-new-ca-hint"))
                .rule(D6)
                .arg("not_before", not_before)
                .arg("not_after", not_after)
                .arg("ca", ca)
                .arg("ca_start", ca_start)
                .arg("ca_end", ca_end),
            E::CaUnknownAlgorithm { ca, algo } => d(
                REGISTRY,
                "cert.ca.unknown_algorithm",
                msg!("cert-ca-unknown-algorithm"),
            )
            .arg("ca", ca)
            .arg("algo", algo),
            E::SerialTaken { serial, issuer } => d(
                REFUSED,
                "cert.issue.serial_taken",
                msg!("cert-issue-serial-taken"),
            )
            .hint(msg!("cert-run-again-hint"))
            .rule(D14)
            .arg("serial", serial)
            .arg("issuer", issuer),
            E::ExportPasswordShort { chars } => d(
                BAD_INPUT,
                "cert.p12.password_short",
                msg!("cert-p12-password-short"),
            )
            .hint(msg!("cert-p12-password-short-hint"))
            .arg("chars", *chars)
            .arg("min", to_i64(super::cert::MIN_EXPORT_PASSWORD_CHARS)),
            E::NotIssuedHere { doing, cert } => d(
                REFUSED,
                "cert.not_issued_here",
                msg!("cert-not-issued-here"),
            )
            .hint(msg!("cert-not-issued-here-hint"))
            .rule(if *doing == Doing::Reissue { D8 } else { D9 })
            .arg("doing", Arg::Msg(doing.id()))
            .arg("cert", *cert),
            E::ImportedElsewhere { cert } => d(
                REFUSED,
                "cert.imported_elsewhere",
                msg!("cert-imported-elsewhere"),
            )
            .hint(msg!("cert-imported-elsewhere-hint"))
            .arg("cert", *cert),
            E::Revoked { doing, cert, since } => d(REFUSED, "cert.revoked", msg!("cert-revoked"))
                .rule(D11)
                .arg("doing", Arg::Msg(doing.id()))
                .arg("cert", *cert)
                .arg("since", since),
            E::Superseded { doing, cert } => d(REFUSED, "cert.superseded", msg!("cert-superseded"))
                .hint(msg!("cert-superseded-hint"))
                .rule(D8)
                .arg("doing", Arg::Msg(doing.id()))
                .arg("cert", *cert),
            E::Frozen { doing, cert } => d(REFUSED, "cert.frozen", msg!("cert-frozen"))
                .hint(msg!("cert-frozen-hint"))
                .rule(D11)
                .arg("doing", Arg::Msg(doing.id()))
                .arg("cert", *cert),
            E::Expired { doing, cert, on } => d(REFUSED, "cert.expired", msg!("cert-expired"))
                .hint(msg!("cert-expired-hint"))
                .rule(D12)
                .arg("doing", Arg::Msg(doing.id()))
                .arg("cert", *cert)
                .arg("on", on),
            E::Locked { cert } => d(REFUSED, "cert.locked", msg!("cert-locked"))
                .hint(msg!("cert-locked-hint"))
                .rule(D11)
                .arg("cert", *cert)
                .arg("attempts", rules::PIN_ATTEMPTS),
            E::ReissueExpired { cert, on } => d(
                REFUSED,
                "cert.reissue.expired",
                msg!("cert-reissue-expired"),
            )
            .hint(msg!("cert-reissue-expired-hint"))
            .rule(D8)
            .arg("cert", *cert)
            .arg("on", on),
            E::ExtendTooEarly { cert, days_left } => d(
                REFUSED,
                "cert.extend.too_early",
                msg!("cert-extend-too-early"),
            )
            .hint(msg!("cert-extend-too-early-hint"))
            .rule(D9)
            .arg("cert", *cert)
            .arg("days", *days_left)
            .arg("window", i64::from(rules::EXTENSION_WINDOW_MONTHS)),
            E::ExtendNeedsConfirmation { cert } => d(
                REFUSED,
                "cert.extend.needs_confirmation",
                msg!("cert-extend-needs-confirmation"),
            )
            .hint(msg!("cert-extend-needs-confirmation-hint"))
            .rule(D10)
            .arg("cert", *cert),
            E::ExtendOutlivesCa {
                cert,
                new_end,
                ca,
                ca_end,
            } => d(
                REFUSED,
                "cert.extend.outlives_ca",
                msg!("cert-extend-outlives-ca"),
            )
            .hint(msg!("cert-extend-outlives-ca-hint"))
            .rule(D9)
            .arg("cert", *cert)
            .arg("new_end", new_end)
            .arg("ca", ca)
            .arg("ca_end", ca_end),
            E::NoUnusedSlot { org, kind } => d(
                REFUSED,
                "cert.extend.no_unused_slot",
                msg!("cert-extend-no-unused-slot"),
            )
            .hint(msg!("cert-extend-no-unused-slot-hint"))
            .rule(D9)
            .arg("org", org)
            .arg("kind", kind_label(*kind)),
            E::InvalidReason { reason } => d(
                BAD_INPUT,
                "cert.revoke.invalid_reason",
                msg!("cert-revoke-invalid-reason"),
            )
            .arg("reason", reason)
            .arg("expected", super::cert::REVOKE_REASONS.join(", ")),
            E::AlreadyFrozen { cert } => d(
                REFUSED,
                "cert.freeze.already_frozen",
                msg!("cert-freeze-already-frozen"),
            )
            .rule(D11)
            .arg("cert", *cert),
            E::NotFrozen { cert } => d(
                REFUSED,
                "cert.unfreeze.not_frozen",
                msg!("cert-unfreeze-not-frozen"),
            )
            .rule(D11)
            .arg("cert", *cert),
            E::BindNeedsAccount => d(
                USAGE,
                "cert.bind.needs_account",
                msg!("cert-bind-needs-account"),
            ),
            E::AlreadyBound {
                cert,
                account,
                since,
            } => d(
                REFUSED,
                "cert.bind.already_bound",
                msg!("cert-bind-already-bound"),
            )
            .hint(msg!("cert-bind-already-bound-hint"))
            .rule(D13)
            .arg("cert", *cert)
            .arg("account", account)
            .arg("since", since),
            E::BindImported => {
                d(REFUSED, "cert.bind.imported", msg!("cert-bind-imported")).rule(D13)
            }
            E::NotBound { cert } => d(
                REFUSED,
                "cert.unbind.not_bound",
                msg!("cert-unbind-not-bound"),
            )
            .rule(D13)
            .arg("cert", *cert),
            E::WrongPin { cert, used } => d(REFUSED, "cert.pin.wrong", msg!("cert-pin-wrong"))
                .hint(msg!("cert-pin-wrong-hint"))
                .rule(D11)
                .arg("cert", *cert)
                .arg("used", *used)
                .arg("attempts", rules::PIN_ATTEMPTS)
                .arg("left", rules::PIN_ATTEMPTS - *used),
            E::WrongPinLocked { cert } => {
                d(REFUSED, "cert.pin.locked_now", msg!("cert-pin-locked-now"))
                    .hint(msg!("cert-locked-hint"))
                    .rule(D11)
                    .arg("cert", *cert)
                    .arg("attempts", rules::PIN_ATTEMPTS)
            }
            E::NotHoldersPin { cert, person } => d(
                REFUSED,
                "cert.pin.not_holders",
                msg!("cert-pin-not-holders"),
            )
            .hint(msg!("cert-pin-not-holders-hint"))
            .arg("cert", *cert)
            .arg("person", person),
            E::PinForAnother { actor, holder } => d(
                REFUSED,
                "cert.pin.for_another",
                msg!("cert-pin-for-another"),
            )
            .hint(msg!("cert-pin-for-another-hint"))
            .rule(D6)
            .arg("actor", actor)
            .arg("holder", holder),
            E::PinNotChosenByHolder { cert, person } => d(
                REFUSED,
                "cert.pin.not_chosen_by_holder",
                msg!("cert-pin-not-chosen-by-holder"),
            )
            .hint(msg!("cert-pin-not-chosen-by-holder-hint"))
            .rule(D8)
            .arg("cert", *cert)
            .arg("person", person),
            E::CannotProve { cert } => d(
                REFUSED,
                "cert.pin.cannot_prove",
                msg!("cert-pin-cannot-prove"),
            )
            .hint(msg!("cert-pin-cannot-prove-hint"))
            .arg("cert", *cert),
            E::InvalidPin { source, problem } => {
                let (why, digits) = match problem {
                    PinProblem::Empty => (msg!("pin-problem-empty"), 0),
                    PinProblem::NotDigits => (msg!("pin-problem-not-digits"), 0),
                    PinProblem::Length(n) => (msg!("pin-problem-length"), *n),
                };
                d(BAD_INPUT, "cert.pin.invalid", msg!("cert-pin-invalid"))
                    .rule(D6)
                    .arg("source", source)
                    .arg("want", to_i64(rules::PIN_DIGITS))
                    .arg("digits", digits)
                    .arg("problem", Arg::Msg(why))
            }
            E::PinFileTooLong { source, max } => d(
                BAD_INPUT,
                "cert.pin.file_too_long",
                msg!("cert-pin-file-too-long"),
            )
            .hint(msg!("cert-pin-file-too-long-hint"))
            .arg("source", source)
            .arg("max", *max)
            .arg("want", to_i64(rules::PIN_DIGITS)),
            E::KeyDamaged { cert } => d(REGISTRY, "cert.key.damaged", msg!("cert-key-damaged"))
                .hint(msg!("cert-key-damaged-hint"))
                .arg("cert", *cert),
            E::KdfBelowFloor {
                key,
                value,
                floor,
                unit,
            } => d(
                REFUSED,
                "cert.kdf.below_floor",
                msg!("cert-kdf-below-floor"),
            )
            .hint(msg!("cert-kdf-below-floor-hint"))
            .arg("key", key)
            .arg("value", value.to_string())
            .arg("floor", floor.to_string())
            .arg("unit", unit),
            E::InvalidSerial { flag, value } => d(
                BAD_INPUT,
                "cert.invalid_serial",
                msg!("cert-invalid-serial"),
            )
            .hint(msg!("cert-invalid-serial-hint"))
            .arg("flag", flag)
            .arg("value", value),
            E::InvalidState { value } => d(
                BAD_INPUT,
                "cert.list.invalid_state",
                msg!("cert-list-invalid-state"),
            )
            .arg("value", value)
            .arg("expected", CertState::ALL.map(CertState::as_str).join(", ")),
            E::InvalidId { value } => d(BAD_INPUT, "cert.invalid_id", msg!("cert-invalid-id"))
                .hint(msg!("cert-list-hint"))
                .arg("value", value),
            E::ShowNeedsRef => d(USAGE, "cert.show.needs_ref", msg!("cert-show-needs-ref")),
            E::NoSuchCert { reference } => d(
                NOT_FOUND,
                "cert.show.not_found",
                msg!("cert-show-not-found"),
            )
            .hint(msg!("cert-show-not-found-hint"))
            .arg("reference", reference),
            E::Ambiguous {
                reference,
                count,
                candidates,
            } => d(USAGE, "cert.show.ambiguous", msg!("cert-show-ambiguous"))
                .hint(msg!("cert-show-ambiguous-hint"))
                .arg("reference", reference)
                .arg("count", *count)
                .arg("candidates", candidates),
            E::P12NeedsPin => d(
                USAGE,
                "cert.export.needs_pin",
                msg!("cert-export-needs-pin"),
            ),
            E::P12NeedsOut => d(
                USAGE,
                "cert.export.needs_out",
                msg!("cert-export-needs-out"),
            ),
            E::P12PasswordNeedsP12 => d(
                USAGE,
                "cert.p12.password_needs_p12",
                msg!("cert-p12-password-needs-p12"),
            ),
            E::P12PasswordNeedsFormat => d(
                USAGE,
                "cert.p12.password_needs_format",
                msg!("cert-p12-password-needs-format"),
            ),
            E::IssueNeedsSlot => d(
                USAGE,
                "cert.issue.needs_slot",
                msg!("cert-issue-needs-slot"),
            ),
            E::ImportNeedsKey => d(
                USAGE,
                "cert.import.needs_key",
                msg!("cert-import-needs-key"),
            ),
            E::ImportNeedsPassword => d(
                USAGE,
                "cert.import.needs_password",
                msg!("cert-import-needs-password"),
            ),
            E::ImportUnreadable {
                problem,
                detail: None,
            } => d(
                BAD_INPUT,
                "cert.import.unreadable",
                msg!("cert-import-unreadable"),
            )
            .arg("problem", Arg::Msg(problem.id())),
            E::ImportUnreadable {
                problem,
                detail: Some(detail),
            } => d(
                BAD_INPUT,
                "cert.import.unreadable",
                msg!("cert-import-unreadable-detail"),
            )
            .arg("problem", Arg::Msg(problem.id()))
            .arg("detail", detail),
            E::ImportPemNoEnd { label } => d(
                BAD_INPUT,
                "cert.import.pem_no_end",
                msg!("cert-import-pem-no-end"),
            )
            .arg("label", label),
            E::ImportPemCorrupt { label, detail } => d(
                BAD_INPUT,
                "cert.import.pem_corrupt",
                msg!("cert-import-pem-corrupt"),
            )
            .arg("label", label)
            .arg("detail", detail),
            E::ImportCriticalExtension { oid } => d(
                BAD_INPUT,
                "cert.import.critical_extension",
                msg!("cert-import-critical-extension"),
            )
            .arg("oid", oid),
            E::ImportWrongPassword => d(
                BAD_INPUT,
                "cert.import.wrong_password",
                msg!("cert-import-wrong-password"),
            ),
            E::ImportTooManyCerts { max } => d(
                BAD_INPUT,
                "cert.import.too_many_certificates",
                msg!("cert-import-too-many-certificates"),
            )
            .hint(msg!("cert-import-too-many-certificates-hint"))
            .arg("max", *max),
            E::ImportCertTooBig { bytes, max_kib } => d(
                BAD_INPUT,
                "cert.import.too_big",
                msg!("cert-import-too-big"),
            )
            .arg("bytes", *bytes)
            .arg("max_kib", *max_kib),
            E::ImportKeyMismatch => d(
                BAD_INPUT,
                "cert.import.key_mismatch",
                msg!("cert-import-key-mismatch"),
            ),
            E::ImportRsaSize => d(
                BAD_INPUT,
                "cert.import.rsa_size",
                msg!("cert-import-rsa-size"),
            ),
            E::ImportCaCertificate { subject, why } => d(
                REFUSED,
                "cert.import.ca_certificate",
                msg!("cert-import-ca-certificate"),
            )
            .hint(msg!("cert-import-ca-certificate-hint"))
            .arg("subject", subject)
            .arg("why", why),
            E::ImportForgedRegistryCa { cas } => d(
                REFUSED,
                "cert.import.forged_registry_ca",
                msg!("cert-import-forged-registry-ca"),
            )
            .arg("cas", cas),
            E::ImportUnverifiableAlgorithm { alg, issuer } => d(
                REFUSED,
                "cert.import.unverifiable_algorithm",
                msg!("cert-import-unverifiable-algorithm"),
            )
            .hint(msg!("cert-import-unverifiable-algorithm-hint"))
            .arg("alg", alg)
            .arg("issuer", issuer),
            E::ImportBadSignature { issuer } => d(
                REFUSED,
                "cert.import.bad_signature",
                msg!("cert-import-bad-signature"),
            )
            .arg("issuer", issuer),
            E::AlreadyImported { fingerprint, cert } => d(
                REFUSED,
                "cert.import.already_imported",
                msg!("cert-import-already-imported"),
            )
            .arg("fingerprint", fingerprint)
            .arg("cert", *cert),
            E::ImportNotYetValid { from } => d(
                REFUSED,
                "cert.import.not_yet_valid",
                msg!("cert-import-not-yet-valid"),
            )
            .hint(msg!("cert-import-not-yet-valid-hint"))
            .arg("from", from),
            E::ImportExpired { on } => {
                d(REFUSED, "cert.import.expired", msg!("cert-import-expired"))
                    .rule(D12)
                    .arg("on", on)
            }
            E::ImportOutlivesCa {
                ca,
                not_after,
                ca_end,
            } => d(
                REFUSED,
                "cert.import.outlives_ca",
                msg!("cert-import-outlives-ca"),
            )
            .hint(msg!("cert-import-outlives-ca-hint"))
            .arg("ca", ca)
            .arg("not_after", not_after)
            .arg("ca_end", ca_end),
            E::ParentDirMissing { flag, path, dir } => d(
                BAD_INPUT,
                "cert.output.no_directory",
                msg!("cert-output-no-directory"),
            )
            .arg("flag", flag)
            .arg("path", path)
            .arg("dir", dir),
            E::IssuedP12Missing { slot, cert, path } => d(
                REFUSED,
                "cert.issue.p12_missing",
                msg!("cert-issue-p12-missing"),
            )
            .hint(msg!("cert-issue-p12-missing-hint"))
            .rule(D4)
            .arg("slot", *slot)
            .arg("cert", *cert)
            .arg("path", path),
            E::IssuedButNotWritten { cert, why } => d(
                BAD_INPUT,
                "cert.issue.p12_not_written",
                msg!("cert-issue-p12-not-written"),
            )
            .hint(msg!("cert-export-again-hint"))
            .arg("cert", *cert)
            .arg("why", why),
            E::ReissuedButNotWritten { cert, new, why } => d(
                BAD_INPUT,
                "cert.reissue.p12_not_written",
                msg!("cert-reissue-p12-not-written"),
            )
            .hint(msg!("cert-export-again-hint"))
            .arg("old", *cert)
            .arg("cert", *new)
            .arg("why", why),
            E::BatchCsv { line, why } => d(BAD_INPUT, "cert.batch.csv", msg!("cert-batch-csv"))
                .arg("line", *line)
                .arg("why", why),
            E::BatchFields { line, fields } => {
                d(BAD_INPUT, "cert.batch.fields", msg!("cert-batch-fields"))
                    .hint(msg!("cert-batch-fields-hint"))
                    .arg("line", *line)
                    .arg("fields", *fields)
            }
            E::BatchOutputReused { line, path } => d(
                BAD_INPUT,
                "cert.batch.output_reused",
                msg!("cert-batch-output-reused"),
            )
            .arg("line", *line)
            .arg("path", path),
            E::BatchRow { line, row } => d(BAD_INPUT, "cert.batch.row", msg!("cert-batch-row"))
                .arg("line", *line)
                .arg("row", row),
            E::BatchPathOutside {
                line,
                column,
                path,
                problem,
            } => d(
                BAD_INPUT,
                "cert.batch.path_outside",
                msg!("cert-batch-path-outside"),
            )
            .hint(msg!("cert-batch-path-outside-hint"))
            .arg("line", *line)
            .arg("column", column)
            .arg("path", path)
            .arg("how", problem.key()),
            E::BatchP12Exists { slot, path } => d(
                BAD_INPUT,
                "cert.batch.p12_exists",
                msg!("cert-batch-p12-exists"),
            )
            .hint(msg!("cert-batch-p12-exists-hint"))
            .arg("slot", *slot)
            .arg("path", path),
            E::NotHolderOrOperator {
                cert,
                person,
                doing,
            } => d(REFUSED, "cert.not_holder", msg!("cert-not-holder"))
                .hint(msg!("cert-not-holder-hint"))
                .rule(D11)
                .arg("cert", *cert)
                .arg("person", person)
                .arg("doing", Arg::Msg(doing.id())),
            E::MasterKeyForeign { path } => d(
                REGISTRY,
                "keystore.master_key.foreign",
                msg!("keystore-master-key-foreign"),
            )
            .hint(msg!("keystore-master-key-foreign-hint"))
            .arg("path", path),
            E::MasterKeyMissing { path } => d(
                REGISTRY,
                "keystore.master_key.missing",
                msg!("keystore-master-key-missing"),
            )
            .hint(msg!("keystore-master-key-missing-hint"))
            .arg("path", path),
            E::Tampered { registry, sign } => {
                d(CHECK_FAILED, "keystore.tampered", msg!("keystore-tampered"))
                    .hint(msg!("keystore-tampered-hint"))
                    .arg("registry", registry)
                    .arg(
                        "sign",
                        Arg::Msg(match sign {
                            TamperSign::CheckRemovedWithHistory => {
                                msg!("tamper-check-removed-with-history")
                            }
                            TamperSign::CheckRemovedWithKeys => {
                                msg!("tamper-check-removed-with-keys")
                            }
                            TamperSign::CheckRolledBack => msg!("tamper-check-rolled-back"),
                        }),
                    )
            }
            E::KdfOutOfRange { key, value } => d(
                REGISTRY,
                "keystore.kdf.out_of_range",
                msg!("keystore-kdf-out-of-range"),
            )
            .hint(msg!("keystore-kdf-out-of-range-hint"))
            .arg("key", key)
            .arg("value", *value),
            E::CaKeyUnopenable { ca } => d(
                REGISTRY,
                "keystore.ca_key.unopenable",
                msg!("keystore-ca-key-unopenable"),
            )
            .hint(msg!("keystore-wrong-master-key-hint"))
            .arg("ca", ca),
            E::TsaKeyUnopenable { tsa } => d(
                REGISTRY,
                "keystore.tsa_key.unopenable",
                msg!("keystore-tsa-key-unopenable"),
            )
            .hint(msg!("keystore-wrong-master-key-hint"))
            .arg("tsa", tsa),
            E::CertDamaged { cert, detail } => d(REGISTRY, "cert.damaged", msg!("cert-damaged"))
                .hint(msg!("cert-damaged-hint"))
                .arg("cert", *cert)
                .arg("detail", detail),
            E::Invariant { what } => {
                d(INTERNAL, "cert.internal", msg!("cert-internal")).arg("what", what)
            }
            E::SubjectDiffers {
                cert,
                part,
                row,
                signed,
            } => d(
                REGISTRY,
                "cert.subject_differs",
                msg!("cert-subject-differs"),
            )
            .hint(msg!("cert-damaged-hint"))
            .rule(D5)
            .arg("cert", *cert)
            .arg("part", Arg::Msg(part.id()))
            .arg("row", row)
            .arg("signed", signed),
            E::PinChooserDiffers { cert } => d(
                REGISTRY,
                "cert.pin_chooser_differs",
                msg!("cert-pin-chooser-differs"),
            )
            .hint(msg!("cert-damaged-hint"))
            .rule(D6)
            .arg("cert", *cert),
            E::PinHistoryMissing { cert } => d(
                REGISTRY,
                "cert.pin_history_missing",
                msg!("cert-pin-history-missing"),
            )
            .hint(msg!("cert-damaged-hint"))
            .rule(D6)
            .arg("cert", *cert),
            E::KeySharedWith {
                doing,
                cert,
                successor,
            } => d(REFUSED, "cert.key_shared", msg!("cert-key-shared"))
                .hint(msg!("cert-key-shared-hint"))
                .rule(D11)
                .arg("doing", Arg::Msg(doing.id()))
                .arg("cert", *cert)
                .arg("successor", *successor),
            E::OwnerConsent {
                actor,
                owner,
                holder,
            } => d(
                REFUSED,
                "cert.owner_consent",
                if actor == holder {
                    msg!("cert-owner-consent-self")
                } else {
                    msg!("cert-owner-consent")
                },
            )
            .hint(msg!("cert-owner-consent-hint"))
            .rule(D5)
            .arg("actor", actor)
            .arg("owner", owner)
            .arg("holder", holder),
        }
    }
}

/// A slot or certificate kind as the catalogue names it.
fn kind_label(kind: CertKind) -> Arg {
    match kind {
        CertKind::Enterprise => Arg::Msg(msg!("kind-enterprise")),
        CertKind::Personal => Arg::Msg(msg!("kind-personal")),
    }
}

fn to_i64(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

impl CertError {
    /// The message in `lang` (what `Display` prints in the chosen language).
    pub fn message_in(&self, lang: Lang) -> String {
        self.describe().message_in(lang)
    }

    /// An invariant that broke: `what` names it (English, for the bug report).
    pub fn invariant(what: &str) -> CertError {
        CertError::Invariant {
            what: what.to_string(),
        }
    }
}

impl fmt::Display for CertError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message_in(crate::i18n::lang()))
    }
}

impl std::error::Error for CertError {}
