//! Every seal and stamp error renders completely in both languages (snapshots in
//! src/pki/ses/snapshots/), its code in the `pki.ses` namespace.

use super::*;
use crate::i18n::testing::{all_rendered, assert_complete};

/// One of every error of seals and stamps, with plausible data.
fn samples() -> Vec<SesError> {
    use SesError as E;
    let s = |v: &str| v.to_string();
    let maker = || s("CN=Test Certificate,O=OFD R&W,C=CN");
    vec![
        E::NotDer {
            detail: s("ASN.1 DER message is incomplete"),
        },
        E::WrongHeaderId { found: s("XS") },
        E::UnknownVersion { version: 7 },
        E::UnsupportedV5 {
            detail: s("unexpected tag"),
        },
        E::Layout {
            version: 4,
            detail: s("unexpected tag"),
        },
        E::CertListType {
            declared: 2,
            found: 1,
        },
        E::CertUnreadable {
            party: Party::Maker,
            detail: s("bad tag"),
        },
        E::Algorithm {
            party: Party::Signer,
            oid: s("1.2.840.10045.4.3.2"),
        },
        E::SignatureFails {
            party: Party::Maker,
        },
        E::SignatureFails {
            party: Party::Signer,
        },
        E::MakerNotTrusted { subject: maker() },
        E::MakerChainFails {
            subject: maker(),
            detail: s("signature error"),
        },
        E::Expired {
            valid_end: s("2022-04-22T02:09:00Z"),
            at: s("2026-12-01T00:00:00Z"),
        },
        E::NotYetValid {
            valid_start: s("2020-04-22T02:09:00Z"),
            at: s("2020-01-01T00:00:00Z"),
        },
        E::PictureKind { kind: s("OFD") },
        E::PictureUndecodable {
            kind: s("PNG"),
            detail: s("truncated"),
        },
        E::PictureTooLarge {
            width: 10_000,
            height: 10_000,
            max: 50_000_000,
        },
        E::SignerNotInCertList { subject: maker() },
        E::DataHashMismatch {
            algorithm: s("SM3"),
        },
        E::StampVersion { version: 9 },
        E::TimeUnreadable {
            detail: s("'20x': bad"),
        },
        E::Encode {
            detail: s("length overflow"),
        },
        E::KeyNotCertificate {
            party: Party::Maker,
        },
        E::Pki(PkiError::BadSm2PublicKey),
        E::DataHashMismatch {
            algorithm: s("SHA-256"),
        }
        .in_file("contract.ses"),
    ]
}

#[test]
fn every_seal_error_renders_completely_in_both_languages() {
    assert_complete(&samples());
}

#[test]
fn every_seal_error_in_english() {
    insta::assert_snapshot!(all_rendered(&samples(), Lang::En));
}

#[test]
fn every_seal_error_in_chinese() {
    insta::assert_snapshot!(all_rendered(&samples(), Lang::ZhCn));
}

#[test]
fn every_code_is_in_the_pki_namespace() {
    for e in samples() {
        assert!(e.describe().code.starts_with("pki."), "{e:?}");
    }
}

#[test]
fn a_file_named_keeps_the_code_exit_and_hint_of_its_error() {
    let inner = SesError::DataHashMismatch {
        algorithm: "SM3".into(),
    };
    let named = inner.clone().in_file("a.ses");
    let (a, b) = (inner.describe(), named.describe());
    assert_eq!((a.code, a.exit, a.hint), (b.code, b.exit, b.hint));
    assert_eq!(named.inner(), &inner);
    assert!(named.to_string().starts_with("a.ses: "), "{named}");
}
