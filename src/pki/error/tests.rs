//! Every crypto-layer error renders completely in both languages (snapshots in
//! src/pki/snapshots/), and keeps its lower library's error as its source.

use super::*;
use crate::i18n::testing::{all_rendered, assert_complete};

/// One of every error of the crypto layer, with plausible data.
fn samples() -> Vec<PkiError> {
    use PkiError as E;
    let s = |v: &str| v.to_string();
    let url = || s("http://127.0.0.1:3161/tsa");
    let io = || Cause::new(std::io::Error::from(std::io::ErrorKind::PermissionDenied));
    vec![
        E::crypto(
            Layer::Der,
            der::Error::from(der::ErrorKind::Length {
                tag: der::Tag::Sequence,
            }),
        ),
        E::UnsupportedCurve {
            curve: s("1.2.840.10045.3.1.7"),
        },
        E::UnsupportedKeyAlgorithm {
            oid: s("1.3.101.112"),
        },
        E::SignatureUnusedBits,
        E::BadSm2PublicKey,
        E::UnsupportedSignatureAlgorithm {
            oid: s("1.2.840.10045.4.3.2"),
        },
        E::P12NotPasswordIntegrity,
        E::P12MacMismatch,
        E::P12EncryptedDataEmpty,
        E::P12NoPrivateKey,
        E::P12NoMatchingCertificate,
        E::P12NestedTooDeep,
        E::PbeIterationsOutOfRange {
            iterations: 3_000_000_000,
            max: 2_000_000,
        },
        E::PbeUnsupportedKdf,
        E::PbeParametersMissing,
        E::PbeUnsupportedAlgorithm {
            oid: s("1.2.840.113549.1.12.1.1"),
        },
        E::PbeBadIv,
        E::PbeDecryptFailed,
        E::PbeCipherKey,
        E::MacUnsupportedDigest {
            oid: s("1.2.840.113549.2.5"),
        },
        E::MasterKeyCreate {
            path: s("/srv/ca/registry.db.key"),
            why: s("disk full"),
        },
        E::MasterKeyUnreadable {
            path: s("/srv/ca/registry.db.key"),
            source: io(),
        },
        E::MasterKeyTooLong {
            path: s("/srv/ca/registry.db.key"),
        },
        E::MasterKeyDamaged {
            path: s("/srv/ca/registry.db.key"),
        },
        E::MasterKeyExposed {
            path: s("/srv/ca/registry.db.key"),
            mode: s("44"),
        },
        E::KdfCostInvalid {
            detail: s("memory cost is too small"),
        },
        E::Argon2 {
            detail: s("out of memory"),
        },
        E::SealingFailed,
        E::PinStdinUnreadable { source: io() },
        E::PinFileUnreadable {
            what: s("--pin-file pin.txt"),
            source: io(),
        },
        E::PinNeeded {
            flag: s("--pin-file"),
        },
        E::TsaUrlInvalid {
            url: s("ftp://x/"),
            problem: UrlProblem::Shape,
        },
        E::TsaUrlInvalid {
            url: s("http://u@x/"),
            problem: UrlProblem::UserName,
        },
        E::TsaUrlInvalid {
            url: s("http://[::1/"),
            problem: UrlProblem::UnclosedBracket,
        },
        E::TsaUrlInvalid {
            url: s("http://x:y/"),
            problem: UrlProblem::PortNotNumber,
        },
        E::TsaUrlInvalid {
            url: s("http:///"),
            problem: UrlProblem::NoHost,
        },
        E::TsaUrlHttps {
            url: s("https://tsa.example/"),
        },
        E::TsaUnresolved {
            url: url(),
            host: s("tsa.invalid"),
            detail: s("no such host"),
        },
        E::TsaConnectTimeout {
            url: url(),
            secs: 10,
        },
        E::TsaConnectFailed {
            url: url(),
            detail: s("connection refused"),
        },
        E::TsaNoAddress { url: url() },
        E::TsaTimeout {
            url: url(),
            secs: 10,
        },
        E::TsaConnectionFailed {
            url: url(),
            detail: s("connection reset"),
        },
        E::TsaReplyTooLarge {
            url: url(),
            kib: 64,
        },
        E::TsaNotHttp { url: url() },
        E::TsaHttpStatus {
            url: url(),
            status: 500,
        },
        E::TsaBadBody {
            url: url(),
            problem: BodyProblem::ChunkLineCut,
        },
        E::TsaBadBody {
            url: url(),
            problem: BodyProblem::BadChunkSize,
        },
        E::TsaBadBody {
            url: url(),
            problem: BodyProblem::ChunkCutOrTooLarge,
        },
        E::TsaBadBody {
            url: url(),
            problem: BodyProblem::BadContentLength,
        },
        E::TsaBadBody {
            url: url(),
            problem: BodyProblem::ShorterThanLength,
        },
        E::TsaContentType {
            url: url(),
            media: s("text/html"),
        },
        E::TsaGenTime,
        E::TsaReplyRefused {
            url: url(),
            problem: TokenProblem::WrongNonce,
        },
        E::TsaCertUnreadable {
            url: url(),
            detail: s("bad tag"),
        },
        E::TsaCertNotValid {
            url: url(),
            subject: s("CN=TSA"),
            at: s("2027-01-01T00:00:00Z"),
            from: s("2026-01-01T00:00:00Z"),
            to: s("2026-12-31T00:00:00Z"),
        },
        E::EnvEmpty,
        E::EnvNotCms,
        E::EnvOtherContent {
            kind: CmsKind::SignedData,
        },
        E::EnvOtherContent {
            kind: CmsKind::Data,
        },
        E::EnvOtherContent {
            kind: CmsKind::EncryptedData,
        },
        E::EnvOtherContent {
            kind: CmsKind::AuthEnvelopedData,
        },
        E::EnvOtherContent {
            kind: CmsKind::Other { oid: s("1.2.3.4") },
        },
        E::EnvDamaged {
            detail: s("unexpected end"),
        },
        E::EnvPemNotText,
        E::EnvPemCorrupt {
            detail: s("invalid base64"),
        },
        E::EnvPemLabel {
            label: s("CERTIFICATE"),
        },
        E::EnvOaepParamsCorrupt {
            detail: s("bad tag"),
        },
        E::EnvMgf1NoDigest,
        E::EnvMgf1ParamsCorrupt {
            detail: s("bad tag"),
        },
        E::EnvOaepLabelCorrupt {
            detail: s("bad tag"),
        },
        E::EnvNoIv {
            cipher: s("aes-256-cbc"),
        },
        E::EnvIvCorrupt {
            detail: s("bad tag"),
        },
        E::EnvIvLength {
            cipher: s("sm4-cbc"),
            got: 8,
            want: 16,
        },
        E::EnvSm2KeyForm,
        E::EnvOaepDigest {
            oid: s("1.2.840.113549.2.5"),
        },
        E::EnvKeyEncryption {
            oid: s("1.2.840.10045.2.1"),
        },
        E::EnvMaskGeneration { oid: s("1.2.3") },
        E::EnvLabelSource { oid: s("1.2.3") },
        E::EnvRecipientKind,
        E::EnvContentNotData {
            oid: s("1.2.840.113549.1.7.2"),
        },
        E::EnvContentCipher {
            oid: s("2.16.840.1.101.3.4.1.46"),
        },
        E::EnvDetached,
        E::EnvRecipientRsaKey {
            detail: s("bad modulus"),
        },
        E::EnvRecipientSm2Unreadable,
        E::EnvRecipientSm2Invalid {
            detail: s("not on the curve"),
        },
        E::EnvRecipientAlgorithm {
            oid: s("1.3.101.112"),
            curve: None,
        },
        E::EnvRecipientAlgorithm {
            oid: s("1.2.840.10045.2.1"),
            curve: Some(s("1.2.840.10045.3.1.7")),
        },
        E::EnvOaepWrap {
            detail: s("message too long"),
        },
        E::EnvRsaOaepNoOpen,
        E::EnvRsaPkcs1NoOpen,
        E::EnvSm2NoOpen,
        E::EnvKeyMismatch {
            transport: s("sm2encrypt"),
            key: s("RSA"),
        },
        E::EnvContentKeyLength {
            got: 16,
            cipher: s("aes-256-cbc"),
            want: 32,
        },
        E::EnvNotWholeBlocks {
            bytes: 33,
            block: 16,
        },
        E::EnvBadPadding {
            cipher: s("sm4-cbc"),
        },
        E::EnvEncode {
            what: s("content"),
            detail: s("length overflow"),
        },
        E::EnvSm2Encrypt { detail: s("rng") },
        E::EnvCipherInit,
    ]
}

#[test]
fn every_pki_error_renders_completely_in_both_languages() {
    assert_complete(&samples());
}

#[test]
fn every_pki_error_in_english() {
    insta::assert_snapshot!(all_rendered(&samples(), Lang::En));
}

#[test]
fn every_pki_error_in_chinese() {
    insta::assert_snapshot!(all_rendered(&samples(), Lang::ZhCn));
}

#[test]
fn every_code_is_in_the_pki_namespace() {
    for e in samples() {
        assert!(e.describe().code.starts_with("pki."), "{e:?}");
    }
}

#[test]
fn a_library_error_stays_the_source() {
    use std::error::Error as _;
    let e = PkiError::from(std::io::Error::from(std::io::ErrorKind::NotFound));
    assert!(e.source().is_some());
    assert_eq!(e.describe().exit, INTERNAL);
}

#[test]
fn envelope_errors_say_what_they_mean_to_the_decrypter() {
    assert_eq!(
        PkiError::EnvSm2NoOpen.envelope_class(),
        EnvelopeClass::KeyDoesNotOpen
    );
    assert_eq!(
        PkiError::EnvBadPadding {
            cipher: "sm4-cbc".into()
        }
        .envelope_class(),
        EnvelopeClass::ContentDamaged
    );
    assert_eq!(
        PkiError::EnvCipherInit.envelope_class(),
        EnvelopeClass::Internal
    );
    assert_eq!(
        PkiError::EnvNotCms.envelope_class(),
        EnvelopeClass::Unreadable
    );
}
