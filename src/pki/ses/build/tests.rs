//! Seals and stamps catool makes verify with catool's own checks: SM2 and RSA makers, a
//! certificate list by digest, and a stamp by a signer the list names.

use std::time::{Duration, SystemTime};

use der::Encode;
use x509_cert::Certificate;

use super::*;
use crate::pki::dn::{CN, DnBuilder};
use crate::pki::ses::verify::{CheckName, Outcome, SealOptions, verify_seal, verify_stamp};

fn self_signed(key: &PrivateKey, cn: &str) -> Certificate {
    let now = SystemTime::now();
    let name = DnBuilder::new().utf8(CN, cn).unwrap().build().unwrap();
    crate::pki::x509::create_root_ca(
        key,
        name,
        now - Duration::from_secs(60),
        now + Duration::from_secs(86400),
        SM2_DEFAULT_DISTID,
    )
    .unwrap()
}

fn spec(cert_list: CertList) -> SealSpec {
    let now = SystemTime::now();
    SealSpec {
        vid: "catool".into(),
        es_id: "1".into(),
        kind: crate::pki::ses::asn1::SEAL_TYPE_PERSONAL,
        name: "王芳".into(),
        cert_list,
        create_date: now,
        valid_start: now - Duration::from_secs(60),
        valid_end: now + Duration::from_secs(3600),
        picture_kind: "PNG".into(),
        picture: png(),
        width_mm: 20,
        height_mm: 10,
        ext_datas: None,
    }
}

fn png() -> Vec<u8> {
    let img = image::RgbImage::from_pixel(8, 4, image::Rgb([200, 0, 0]));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

fn opts(anchors: &[Certificate]) -> SealOptions<'_> {
    SealOptions {
        anchors,
        at: SystemTime::now(),
        max_pixels: 1_000_000,
    }
}

#[test]
fn an_rsa_makers_seal_verifies() {
    let key = PrivateKey::generate_rsa(2048).unwrap();
    let cert = self_signed(&key, "制章者");
    let seal = sign_seal(
        spec(CertList::Certs(vec![])).seal_info().unwrap(),
        &key,
        &cert,
    )
    .unwrap();
    assert_eq!(seal.sign_alg_id, crate::pki::keys::OID_SHA256_WITH_RSA);
    let anchors = [cert];
    let r = verify_seal(&seal.to_der().unwrap(), &opts(&anchors)).unwrap();
    assert!(r.failure().is_none(), "{:?}", r.checks);
    assert_eq!(r.pixels, Some((8, 4)));
}

#[test]
fn a_signer_named_by_digest_in_the_cert_list_is_found() {
    let key = PrivateKey::generate_sm2().unwrap();
    let cert = self_signed(&key, "王芳");
    let list = cert_digest_list_of(std::slice::from_ref(&cert), HashAlg::Sm3).unwrap();
    let seal = sign_seal(spec(list).seal_info().unwrap(), &key, &cert).unwrap();
    let data = b"contract";
    let stamp = sign_stamp(
        seal,
        &HashAlg::Sm3.digest(data),
        SystemTime::now(),
        "contract.pdf",
        &key,
        &cert,
    )
    .unwrap();
    let anchors = [cert];
    let r = verify_stamp(&stamp.to_der().unwrap(), data, &opts(&anchors)).unwrap();
    assert!(r.failure().is_none(), "{:?} {:?}", r.checks, r.seal.checks);
    assert_eq!(
        r.seal.cert_list_type,
        crate::pki::ses::asn1::CERT_LIST_DIGESTS
    );
    let listed = r.checks.iter().find(|c| c.name == CheckName::SignerListed);
    assert!(listed.is_some_and(|c| c.outcome.passed()));
}

#[test]
fn a_key_that_is_not_the_certificates_is_refused() {
    let key = PrivateKey::generate_sm2().unwrap();
    let other = PrivateKey::generate_sm2().unwrap();
    let cert = self_signed(&key, "制章者");
    let info = spec(CertList::Certs(vec![])).seal_info().unwrap();
    assert_eq!(
        sign_seal(info, &other, &cert).unwrap_err(),
        SesError::KeyNotCertificate {
            party: Party::Maker
        }
    );
}

#[test]
fn a_seal_whose_certificate_is_not_the_signing_keys_fails_its_maker_signature() {
    let key = PrivateKey::generate_sm2().unwrap();
    let other = PrivateKey::generate_sm2().unwrap();
    let (cert, other_cert) = (self_signed(&key, "制章者"), self_signed(&other, "他人"));
    let info = spec(CertList::Certs(vec![])).seal_info().unwrap();
    let mut seal = sign_seal(info, &other, &other_cert).unwrap();
    seal.cert = der::asn1::OctetString::new(cert.to_der().unwrap()).unwrap();
    let anchors = [cert];
    let r = verify_seal(&seal.to_der().unwrap(), &opts(&anchors)).unwrap();
    let sig = r
        .checks
        .iter()
        .find(|c| c.name == CheckName::MakerSignature);
    assert!(matches!(
        sig.map(|c| &c.outcome),
        Some(Outcome::Failed(SesError::SignatureFails { .. }))
    ));
}

/// Some makers write the SM2 signature as the raw 64 bytes r‖s: read as well as DER.
#[test]
fn a_raw_r_s_sm2_signature_verifies_too() {
    let key = PrivateKey::generate_sm2().unwrap();
    let cert = self_signed(&key, "制章者");
    let info = spec(CertList::Certs(vec![])).seal_info().unwrap();
    let mut seal = sign_seal(info, &key, &cert).unwrap();
    let der_sig = seal.signed_value.raw_bytes().to_vec();
    let raw = sm2::dsa::Signature::from_der(&der_sig).unwrap().to_bytes();
    seal.signed_value = BitString::from_bytes(&raw).unwrap();
    let anchors = [cert];
    let r = verify_seal(&seal.to_der().unwrap(), &opts(&anchors)).unwrap();
    assert!(r.failure().is_none(), "{:?}", r.checks);
}
