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

fn outcome(checks: &[Check], name: CheckName) -> &std::result::Result<(), SesError> {
    &checks.iter().find(|c| c.name == name).unwrap().outcome
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
