//! Every error of the authorities area and every `log verify` finding renders completely in
//! both languages (snapshots in src/domain/snapshots/).

use super::*;
use crate::domain::history_finding::{EventRef, RowRef, Shown};
use crate::i18n::testing::{all_rendered, assert_complete};

fn s(v: &str) -> String {
    v.to_string()
}

fn day() -> String {
    s("2026-03-01T00:00:00Z")
}

fn event(seq: Id, action: Option<&str>) -> EventRef {
    EventRef {
        seq,
        action: action.map(s),
    }
}

fn row(table: &str, id: Id, other: Id, key: &str) -> RowRef {
    RowRef {
        table: s(table),
        id,
        other,
        key: s(key),
    }
}

/// One of every finding, with plausible data.
fn findings() -> Vec<Finding> {
    use Finding as F;
    vec![
        F::Schema {
            problem: s("trigger cert_revocation_final is missing"),
        },
        F::EventMissing { seq: 4 },
        F::EventsMissing { from: 6, to: 7 },
        F::EventUnlinked { seq: 2 },
        F::EventAltered {
            seq: 8,
            action: s("org.authorize"),
            actor: s("operator"),
            at: day(),
        },
        F::EventBadTime {
            seq: 3,
            at: s("yesterday"),
        },
        F::EventBackInTime {
            seq: 8,
            action: s("cert.issue"),
            at: s("2020-01-01T00:00:00Z"),
            before: 7,
            before_at: day(),
        },
        F::NewestMissing { from: 9, to: 12 },
        F::HistoryDeleted,
        F::AllEventsDeleted { named: s("12") },
        F::HeadMissing,
        F::HeadNamesMissing { from: 9, to: 12 },
        F::HeadMismatch { seq: 12 },
        F::RekeyRecordedBroken {
            seq: 3,
            what: s("event #2 was altered after it was written"),
        },
        F::PinnedDiffers { seq: 5 },
        F::PinnedMissing { seq: 40 },
        F::MasterKeyCheck {
            problem: RekeyProblem::RekeyedBefore(3),
        },
        F::MasterKeyCheck {
            problem: RekeyProblem::KeyedCheckValue,
        },
        F::MasterKeyCheck {
            problem: RekeyProblem::CheckValueRemoved,
        },
        F::MasterKeyCheck {
            problem: RekeyProblem::NotRekeyed,
        },
        F::RowWithoutEvent {
            row: row("certs", 2, 0, ""),
        },
        F::RowDeleted {
            row: row("memberships", 1, 3, ""),
            by: event(5, Some("org.member.add")),
        },
        F::FieldDiffers {
            row: row("certs", 1, 0, ""),
            field: s("status"),
            found: Shown::Text(s("'active'")),
            want: Shown::Text(s("'revoked'")),
            by: event(9, Some("cert.revoke")),
        },
        F::FieldDiffers {
            row: row("certs", 1, 0, ""),
            field: s("wrong_pins"),
            found: Shown::Text(s("0")),
            want: Shown::ZeroOr(3),
            by: event(7, None),
        },
        F::FieldDiffers {
            row: row("settings", 0, 0, "kdf.memory_kib"),
            field: s("value"),
            found: Shown::Text(s("'8'")),
            want: Shown::Text(s("'19456'")),
            by: event(0, None),
        },
        F::FieldDiffers {
            row: row("seal_assignments", 1, 2, ""),
            field: s("holder_person_id"),
            found: Shown::None,
            want: Shown::Text(s("2")),
            by: event(11, Some("seal.assign")),
        },
        F::SlotUnpaid {
            slot: 7,
            package: 3,
        },
        F::SlotCount {
            package: 1,
            kind: s("personal"),
            have: 3,
            want: 2,
            by: event(6, Some("package.pay")),
        },
        F::SlotDeleted { slot: 3 },
        F::ActorNotAdmin {
            seq: 40,
            action: s("cert.unfreeze"),
            actor: s("person:3 王芳"),
            org: 1,
        },
        F::NotProvable {
            row: row("certs", 1, 0, ""),
            field: s("wrong_pins"),
        },
    ]
}

/// One of every error of the authorities area, with plausible data.
fn samples() -> Vec<AuthorityError> {
    use AuthorityError as E;
    let bad_padding = || PkiError::EnvBadPadding {
        cipher: s("sm4-cbc"),
    };
    let mut all = vec![
        E::CaCertDamaged {
            detail: s("bad tag"),
        },
        E::CaYears { years: 31 },
        E::CrlDirUnusable {
            dir: s(""),
            detail: s("empty path"),
        },
        E::CrlDirNotDirectory { dir: s("crl.txt") },
        E::CrlDirNotUtf8 {
            dir: s("/srv/\u{fffd}"),
        },
        E::CaSetNothing,
        E::CrlBadSerial { cert: 3 },
        E::CrlNone {
            ca: s("演示SM2根CA"),
            ca_id: 1,
        },
        E::CrlDamaged {
            number: 4,
            ca: s("演示SM2根CA"),
            ca_id: 1,
            detail: s("signature mismatch"),
        },
        E::CrlNewerPublished {
            number: 2,
            newer: 3,
            path: s("/srv/crl/ca-1.crl"),
        },
        E::CrlNotPublished {
            why: s("cannot write /srv/crl/ca-1.crl: disk full"),
            number: 4,
            ca_id: 1,
            path: s("/srv/crl/ca-1.crl"),
        },
        E::CrlJsonNeedsOut { show: false },
        E::CrlJsonNeedsOut { show: true },
        E::CrlPem {
            detail: s("length overflow"),
        },
        E::TsaPolicyInvalid { policy: s("abc") },
        E::TsaCaUnknownAlgorithm {
            ca: s("ca1"),
            algo: s("ed25519"),
        },
        E::TsaCaExpired {
            ca: s("ca1"),
            on: day(),
        },
        E::TsaCaMissing {
            tsa: s("演示时间戳服务"),
        },
        E::TsaPolicyDamaged {
            tsa: s("演示时间戳服务"),
        },
        E::TsaCertExpired {
            tsa: s("演示时间戳服务"),
            from: day(),
            until: day(),
        },
        E::TsaSerialCounter {
            tsa: s("演示时间戳服务"),
        },
        E::TsaIssueFailed {
            source: PkiError::TsaGenTime,
        },
        E::TsaDigestLength {
            alg: s("sha256"),
            want: 32,
            got: 20,
        },
        E::TsaListen {
            addr: s("127.0.0.1:80"),
            detail: s("permission denied"),
        },
        E::TsaTimeoutRange { timeout: 0 },
        E::CertFileUnreadable {
            flag: s("--trust"),
            path: s("ca.pem"),
            detail: s("bad base64"),
        },
        E::TokenInvalid {
            problem: crate::pki::error::TokenProblem::EkuNotCritical {
                subject: s("CN=演示TSA"),
            },
        },
        E::TokenInvalid {
            problem: crate::pki::error::TokenProblem::NotContentInfo {
                reason: s("unexpected ASN.1 DER tag"),
            },
        },
        E::TokenCertUnreadable {
            detail: s("bad tag"),
        },
        E::TokenIssuerNotAnchor {
            subject: s("CN=TSA"),
            why: crate::domain::anchor_error::AnchorProblem::CaNoInit {
                ca: 3,
                name: s("Demo CA (backup)"),
            },
        },
        E::TokenCertNotValidThen {
            subject: s("CN=TSA"),
            at: s("20270101000000Z"),
        },
        E::TokenCertExpired {
            subject: s("CN=TSA"),
            on: day(),
        },
        E::TokenUntrusted {
            subject: s("CN=TSA"),
            issuer: s("CN=Other CA"),
            registry: true,
        },
        E::TokenUntrusted {
            subject: s("CN=TSA"),
            issuer: s("CN=Other CA"),
            registry: false,
        },
        E::TokenReplyRejected,
        E::TokenReplyEmpty,
        E::TokenUnreadable {
            detail: s("bad tag"),
        },
        E::SettingDamaged {
            key: s("timezone"),
            raw: s("Mars/Olympus"),
            zone: true,
        },
        E::SettingDamaged {
            key: s("kdf.iterations"),
            raw: s("two"),
            zone: false,
        },
        E::SettingUnknown {
            key: s("kdf.memory"),
            known: s("package.price_per_year, kdf.memory_kib"),
        },
        E::SettingMissing {
            key: s("kdf.iterations"),
        },
        E::SettingNotNumber {
            key: s("kdf.iterations"),
            value: s("two"),
        },
        E::SettingBelowFloor {
            key: s("kdf.memory_kib"),
            value: 8,
            floor: 19456,
        },
        E::SettingOutOfRange {
            key: s("kdf.iterations"),
            value: 1000,
            min: 2,
            max: 100,
        },
        E::ClockInvalid {
            value: s("tomorrow"),
            detail: s("input contains invalid characters"),
        },
        E::TimeZoneInvalid {
            value: s("Europe/Paris"),
        },
        E::DateInvalid {
            flag: s("--since"),
            value: s("last week"),
        },
        E::DurationInvalid {
            flag: s("--expiring"),
            value: s("3x"),
        },
        E::HistoryKeyNotLoaded,
        E::Unproven {
            person: s("李娜")
        },
        E::RekeyRefused {
            problem: RekeyProblem::RekeyedBefore(3),
        },
        E::RekeyRefused {
            problem: RekeyProblem::KeyedCheckValue,
        },
        E::HeadInvalid { head: s("12") },
        E::HistoryAltered {
            first: Finding::EventAltered {
                seq: 8,
                action: s("org.authorize"),
                actor: s("operator"),
                at: day(),
            },
            total: 1,
        },
        E::HistoryAltered {
            first: Finding::FieldDiffers {
                row: row("certs", 1, 0, ""),
                field: s("locked"),
                found: Shown::Text(s("0")),
                want: Shown::Text(s("1")),
                by: event(9, Some("cert.pin.locked")),
            },
            total: 2,
        },
        E::EnvelopeCertDamaged {
            cert: 2,
            detail: s("bad tag"),
        },
        E::EncryptSuperseded {
            cert: 2,
            successor: Some(4),
        },
        E::EncryptSuperseded {
            cert: 2,
            successor: None,
        },
        E::EncryptFrozen { cert: 2 },
        E::EncryptLocked { cert: 2 },
        E::RecipientForged {
            name: s("cert.pem"),
            cert: 2,
        },
        E::EncryptExpired { on: day() },
        E::EncryptNotYetValid { from: day() },
        E::RecipientNotFound {
            to: s("42"),
            id: true,
        },
        E::RecipientNotFound {
            to: s("bidder.pem"),
            id: false,
        },
        E::DocumentUnreadable {
            path: s("bid.txt"),
            detail: s("permission denied"),
        },
        E::DocumentIsDirectory { path: s("bids") },
        E::DocumentTooLarge {
            path: s("bid.iso"),
            limit: s("2 GiB"),
        },
        E::DecryptUnreadable {
            file: s("bid.p7m"),
            source: PkiError::EnvNotCms,
        },
        E::DecryptNotForCert {
            cert: 2,
            first: RecipientRef::IssuerSerial {
                issuer: s("CN=演示SM2根CA"),
                serial: s("7F3A"),
                cert: Some(1),
            },
            others: 0,
        },
        E::DecryptNotForCert {
            cert: 2,
            first: RecipientRef::IssuerSerial {
                issuer: s("CN=Other CA"),
                serial: s("01"),
                cert: None,
            },
            others: 2,
        },
        E::DecryptNotForCert {
            cert: 2,
            first: RecipientRef::KeyId { hex: s("A1B2") },
            others: 0,
        },
        E::DecryptNotForCert {
            cert: 2,
            first: RecipientRef::Other {
                kind: s("password"),
            },
            others: 0,
        },
        E::DecryptKeyDoesNotOpen {
            cert: 2,
            source: PkiError::EnvSm2NoOpen,
        },
        E::DecryptContentDamaged {
            source: bad_padding(),
        },
        E::DecryptFailed {
            source: PkiError::EnvDetached,
        },
        E::DemoDirTaken {
            dir: s("/tmp/demo"),
        },
        E::DemoDirUnusable {
            detail: s("read-only file system"),
        },
        E::ManDirUnusable {
            dir: s("man"),
            detail: s("permission denied"),
        },
        E::Invariant {
            what: s("new CA vanished"),
        },
    ];
    for problem in [
        CrlUrlProblem::TooLong,
        CrlUrlProblem::NotAscii,
        CrlUrlProblem::NotHttp,
        CrlUrlProblem::QueryOrFragment,
        CrlUrlProblem::NoHost,
        CrlUrlProblem::NoFileName,
    ] {
        all.push(E::CrlUrlInvalid {
            url: s("ftp://crl.example.com/?x"),
            problem,
        });
    }
    for (problem, detail) in [
        (CertFileProblem::NoPemBlock, ""),
        (CertFileProblem::NoEndLine, ""),
        (CertFileProblem::PemCorrupt, "invalid base64"),
        (CertFileProblem::NotCertificate, "unexpected end"),
    ] {
        all.push(E::RecipientFile {
            name: s("bidder.pem"),
            problem,
            detail: s(detail),
        });
    }
    for how in [KeyChange::Extension, KeyChange::Reissue, KeyChange::Both] {
        all.push(E::DecryptKeyChanged {
            cert: 4,
            made_for: 2,
            serial: s("7F3A"),
            how,
        });
    }
    all
}

#[test]
fn every_authority_error_renders_completely_in_both_languages() {
    assert_complete(&samples());
}

#[test]
fn every_authority_error_in_english() {
    insta::assert_snapshot!(all_rendered(&samples(), Lang::En));
}

#[test]
fn every_authority_error_in_chinese() {
    insta::assert_snapshot!(all_rendered(&samples(), Lang::ZhCn));
}

#[test]
fn every_log_verify_finding_renders_completely_in_both_languages() {
    assert_complete(&findings());
}

#[test]
fn every_log_verify_finding_in_english() {
    insta::assert_snapshot!(all_rendered(&findings(), Lang::En));
}

#[test]
fn every_log_verify_finding_in_chinese() {
    insta::assert_snapshot!(all_rendered(&findings(), Lang::ZhCn));
}

#[test]
fn every_finding_nests_in_the_history_refusal() {
    for first in findings() {
        let e = AuthorityError::HistoryAltered {
            first: first.clone(),
            total: 1,
        };
        for lang in Lang::ALL {
            let outer = e.message_in(lang);
            assert!(outer.contains(&first.message_in(lang)), "{outer}");
        }
    }
}

#[test]
fn every_code_is_in_the_area_namespaces() {
    const PREFIXES: [&str; 9] = [
        "ca.",
        "crl.",
        "tsa.",
        "config.",
        "log.",
        "envelope.",
        "demo.",
        "man.",
        "authority.",
    ];
    for e in samples() {
        let code = e.describe().code;
        assert!(PREFIXES.iter().any(|p| code.starts_with(p)), "{code}");
    }
}

#[test]
fn a_crypto_error_stays_the_source_of_a_decryption_refusal() {
    use std::error::Error as _;
    let e = AuthorityError::DecryptContentDamaged {
        source: PkiError::EnvBadPadding {
            cipher: s("sm4-cbc"),
        },
    };
    assert!(e.source().is_some());
}
