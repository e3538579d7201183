use std::time::{Duration, SystemTime};

use der::DecodePem;
use x509_cert::Certificate;

use super::*;

const FIX: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/eseal/");

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{FIX}{name}")).unwrap()
}

fn root() -> Certificate {
    Certificate::from_pem(fixture("ofdrw-root.pem")).unwrap()
}

fn at_2021() -> SystemTime {
    SystemTime::UNIX_EPOCH + Duration::from_secs(1_609_459_200)
}

fn outcome(checks: &[Check], name: CheckName) -> std::result::Result<(), SesError> {
    match &checks.iter().find(|c| c.name == name).unwrap().outcome {
        Outcome::Passed => Ok(()),
        Outcome::Failed(e) => Err(e.clone()),
        Outcome::NotChecked(why) => panic!("{name:?} not checked: {why:?}"),
    }
}

#[test]
fn ofdrw_seals_verify_against_ofdrw_root_in_2021() {
    let anchors = [root()];
    let opts = SealOptions {
        anchors: &anchors,
        at: at_2021(),
        max_pixels: crate::seal::clean::DEFAULT_MAX_PIXELS,
    };
    for f in ["UserV1.esl", "UserV4.esl"] {
        let r = verify_seal(&fixture(f), &opts).unwrap();
        assert!(r.failure().is_none(), "{f}: {:?}", r.checks);
        assert_eq!(r.pixels.map(|_| ()), Some(()));
    }
}

#[test]
fn ofdrw_v4_seal_is_expired_now_and_untrusted_without_anchors() {
    let opts = SealOptions {
        anchors: &[],
        at: SystemTime::now(),
        max_pixels: crate::seal::clean::DEFAULT_MAX_PIXELS,
    };
    let r = verify_seal(&fixture("UserV4.esl"), &opts).unwrap();
    assert!(outcome(&r.checks, CheckName::MakerSignature).is_ok());
    assert!(matches!(
        outcome(&r.checks, CheckName::Chain),
        Err(SesError::MakerNotTrusted { .. })
    ));
    assert!(matches!(
        outcome(&r.checks, CheckName::Validity),
        Err(SesError::Expired { .. })
    ));
    // Its maker's certificate, ended since, was valid when the seal was made (2020).
    assert!(outcome(&r.checks, CheckName::MakerValidity).is_ok());
}

#[test]
fn ofdrw_v4_stamp_signature_verifies_and_its_zero_hash_matches_no_file() {
    let anchors = [root()];
    let der = fixture("SignedValueV4.dat");
    let opts = SealOptions {
        anchors: &anchors,
        at: stamp_time(&der).unwrap(),
        max_pixels: crate::seal::clean::DEFAULT_MAX_PIXELS,
    };
    let r = verify_stamp(&der, b"any document", &opts).unwrap();
    assert!(
        outcome(&r.checks, CheckName::Signature).is_ok(),
        "{:?}",
        r.checks
    );
    assert!(matches!(
        outcome(&r.checks, CheckName::DataHash),
        Err(SesError::DataHashMismatch { .. })
    ));
    assert!(r.seal.failure().is_none(), "{:?}", r.seal.checks);
}

/// A V1 stamp (GM/T 0031-2014: the time as text in a BIT STRING, the signer's certificate
/// and algorithm inside TBS_Sign) over ofdrw's V1 seal is read and its signature checked;
/// its signer, not in that seal's list, is named as such.
#[test]
fn a_v1_stamp_is_read_and_its_signature_checked() {
    use crate::pki::keys::PrivateKey;
    use crate::pki::ses::v1;
    use der::asn1::{BitString, Ia5String, OctetString};
    use der::{Decode, Encode};

    let key = PrivateKey::generate_sm2().unwrap();
    let now = SystemTime::now();
    let name = crate::pki::dn::DnBuilder::new()
        .utf8(crate::pki::dn::CN, "签章人")
        .unwrap()
        .build()
        .unwrap();
    let cert = crate::pki::x509::create_root_ca(
        &key,
        name,
        now - Duration::from_secs(60),
        now + Duration::from_secs(86400),
        crate::pki::keys::SM2_DEFAULT_DISTID,
    )
    .unwrap();
    let data = b"document";
    let to_sign = v1::TbsSign {
        version: 1,
        eseal: v1::SesSeal::from_der(&fixture("UserV1.esl")).unwrap(),
        time_info: BitString::from_bytes(b"20210101000000Z").unwrap(),
        data_hash: BitString::from_bytes(&crate::pki::ses::HashAlg::Sm3.digest(data)).unwrap(),
        property_info: Ia5String::new("doc").unwrap(),
        cert: OctetString::new(cert.to_der().unwrap()).unwrap(),
        signature_algorithm: crate::pki::keys::OID_SM2_WITH_SM3,
    };
    use signature::Signer;
    use spki::SignatureBitStringEncoding;
    let signer = key.signer(crate::pki::keys::SM2_DEFAULT_DISTID).unwrap();
    let sig = signer.try_sign(&to_sign.to_der().unwrap()).unwrap();
    let stamp = v1::SesSignature {
        to_sign,
        signature: sig.to_bitstring().unwrap(),
    };
    let der = stamp.to_der().unwrap();
    let anchors = [root()];
    let at = stamp_time(&der).unwrap();
    assert_eq!(at, at_2021());
    let opts = SealOptions {
        anchors: &anchors,
        at,
        max_pixels: crate::seal::clean::DEFAULT_MAX_PIXELS,
    };
    let r = verify_stamp(&der, data, &opts).unwrap();
    assert_eq!(r.version, 1);
    assert!(
        outcome(&r.checks, CheckName::Signature).is_ok(),
        "{:?}",
        r.checks
    );
    assert!(outcome(&r.checks, CheckName::DataHash).is_ok());
    assert!(matches!(
        outcome(&r.checks, CheckName::SignerListed),
        Err(SesError::SignerNotInCertList { .. })
    ));
    // Its self-signed certificate, made today, was not valid at the stamp's 2021 time, and
    // chains to no anchor; nothing here knows its revocation.
    assert!(matches!(
        outcome(&r.checks, CheckName::SignerValidity),
        Err(SesError::SignerNotYetValid { .. })
    ));
    assert!(matches!(
        outcome(&r.checks, CheckName::SignerChain),
        Err(SesError::SignerNotTrusted { .. })
    ));
    let revocation = r
        .checks
        .iter()
        .find(|c| c.name == CheckName::SignerRevocation);
    assert_eq!(
        revocation.map(|c| &c.outcome),
        Some(&Outcome::NotChecked(NotChecked::NoRevocationSource))
    );
    assert!(r.seal.failure().is_none(), "{:?}", r.seal.checks);
}
