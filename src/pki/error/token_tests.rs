//! Every token finding, request rejection and signature failure renders completely in both
//! languages (snapshots in src/pki/error/snapshots/), with its own stable code.

use super::*;
use crate::i18n::testing::{all_rendered, assert_complete};
use crate::pki::error::PkiError;

fn s(v: &str) -> String {
    v.to_string()
}

/// One of every way a CMS signature fails.
fn failures() -> Vec<SignatureFailure> {
    use SignatureFailure as F;
    vec![
        F::KeyUnreadable {
            key_algorithm: "RSA",
            reason: s("invalid modulus"),
        },
        F::Malformed {
            reason: s("signature error"),
        },
        F::RsaWithSm3,
        F::Mismatch,
        F::UnsupportedAlgorithm {
            oid: s("1.2.840.10045.4.3.2"),
        },
    ]
}

/// One of every token finding, with plausible data.
fn samples() -> Vec<TokenProblem> {
    use TokenProblem as T;
    let subject = || s("CN=演示TSA,O=演示单位");
    let mut all = vec![
        T::NotContentInfo {
            reason: s("unexpected end of input"),
        },
        T::NotSignedData {
            oid: s("1.2.840.113549.1.7.1"),
        },
        T::SignedDataUnreadable {
            reason: s("bad tag"),
        },
        T::NotTstInfo {
            oid: s("1.2.840.113549.1.7.1"),
        },
        T::NoTstInfo,
        T::ContentUnreadable {
            reason: s("bad tag"),
        },
        T::TstInfoUnreadable {
            reason: s("bad length"),
        },
        T::TstInfoVersion { version: 2 },
        T::NoSigner,
        T::SeveralSigners,
        T::TsaCertificateMissing,
        T::UnsupportedDigest {
            oid: s("1.2.840.113549.2.5"),
        },
        T::NoSignedAttributes,
        T::ContentTypeNotTstInfo,
        T::NoMessageDigest,
        T::MessageDigestMismatch,
        T::SignedAttributesUnlocatable,
    ];
    all.extend(
        failures()
            .into_iter()
            .map(|failure| T::SignatureInvalid { failure }),
    );
    all.extend([
        T::UnsupportedImprint {
            oid: s("1.2.840.113549.2.5"),
        },
        T::GenTimeUnreadable,
        T::Reencode {
            reason: s("length overflow"),
        },
        T::NoSigningCertificate,
        T::SigningCertificateEmpty,
        T::SigningCertificateHash {
            oid: s("1.2.840.113549.2.5"),
        },
        T::SigningCertificateOther,
        T::SigningCertificateIssuerSerial,
        T::EkuUnreadable {
            subject: subject(),
            reason: s("bad tag"),
        },
        T::EkuMissing { subject: subject() },
        T::EkuNotTimeStampingOnly { subject: subject() },
        T::EkuNotCritical { subject: subject() },
        T::WrongImprint {
            expected_alg: DigestAlg::Sm3,
            expected: vec![0xab; 4],
            token_alg: s("SM3"),
            token: vec![0x01; 4],
        },
        T::RequestUnreadable {
            reason: s("bad tag"),
        },
        T::RequestAlgorithm,
        T::ReplyUnreadable {
            reason: s("unexpected end of input"),
        },
        T::NotGranted {
            status: 2,
            fail_info: vec![s("badAlg")],
            texts: vec![s("unsupported hash algorithm 1.2.840.113549.2.5")],
        },
        T::NotGranted {
            status: 2,
            fail_info: vec![],
            texts: vec![],
        },
        T::NotGranted {
            status: 3,
            fail_info: vec![],
            texts: vec![s("retry in 5 s")],
        },
        T::NotGranted {
            status: 4,
            fail_info: vec![s("badRequest"), s("systemFailure")],
            texts: vec![],
        },
        T::NotGranted {
            status: 9,
            fail_info: vec![],
            texts: vec![],
        },
        T::NoToken,
        T::WrongNonce,
        T::UnexpectedNonce,
    ]);
    all
}

/// One of every reason a TSA rejects a request.
fn rejections() -> Vec<RejectReason> {
    use RejectReason as R;
    vec![
        R::NotDer {
            reason: s("bad tag"),
        },
        R::Version { version: 2 },
        R::Algorithm {
            oid: s("1.2.840.113549.2.5"),
        },
        R::DigestLength {
            alg: s("SHA256"),
            want: 32,
            got: 3,
        },
        R::Policy {
            policy: s("1.2.3.4.1"),
            requested: s("1.2.3.4.2"),
        },
        R::Extensions,
        R::CouldNotIssue,
    ]
}

#[test]
fn every_token_finding_renders_completely_in_both_languages() {
    assert_complete(&samples());
    assert_complete(&rejections());
    assert_complete(&failures());
}

#[test]
fn every_token_finding_in_english() {
    insta::assert_snapshot!(all_rendered(&samples(), Lang::En));
}

#[test]
fn every_token_finding_in_chinese() {
    insta::assert_snapshot!(all_rendered(&samples(), Lang::ZhCn));
}

#[test]
fn every_request_rejection_in_english() {
    insta::assert_snapshot!(all_rendered(&rejections(), Lang::En));
}

#[test]
fn every_request_rejection_in_chinese() {
    insta::assert_snapshot!(all_rendered(&rejections(), Lang::ZhCn));
}

#[test]
fn every_token_finding_has_its_own_code() {
    let mut codes: Vec<&str> = samples()
        .iter()
        .filter(|p| !matches!(p, TokenProblem::SignatureInvalid { .. }))
        .filter(|p| !matches!(p, TokenProblem::NotGranted { .. }))
        .map(|p| p.describe().code)
        .chain(rejections().iter().map(|r| r.describe().code))
        .chain(failures().iter().map(|f| f.describe().code))
        .collect();
    let n = codes.len();
    codes.sort_unstable();
    codes.dedup();
    assert_eq!(codes.len(), n, "{codes:?}");
    assert!(codes.iter().all(|c| c.starts_with("pki.")), "{codes:?}");
}

#[test]
fn a_signature_failure_stays_the_source_of_its_token_finding() {
    use std::error::Error as _;
    let p = TokenProblem::SignatureInvalid {
        failure: SignatureFailure::Mismatch,
    };
    let source = p.source().map(ToString::to_string);
    assert_eq!(source, Some(SignatureFailure::Mismatch.to_string()));
}

#[test]
fn a_refused_reply_quotes_the_finding_in_the_same_language() {
    let e = PkiError::TsaReplyRefused {
        url: s("http://127.0.0.1:3161/tsa"),
        problem: TokenProblem::WrongNonce,
    };
    assert_eq!(e.describe().code, "pki.tsa_http.reply_refused");
    assert!(
        e.message_in(Lang::ZhCn)
            .ends_with("时间戳中的随机数与请求不一致（可能是重放或发错的应答）"),
        "{}",
        e.message_in(Lang::ZhCn)
    );
    assert!(
        e.message_in(Lang::En)
            .ends_with("(wrong nonce: a replayed or misdirected reply)"),
        "{}",
        e.message_in(Lang::En)
    );
}
