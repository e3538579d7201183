use der::{Decode, Encode};

use super::*;
use crate::pki::ses::v1;

const USER_V1: &[u8] = include_bytes!("../../../../tests/fixtures/eseal/UserV1.esl");
const USER_V4: &[u8] = include_bytes!("../../../../tests/fixtures/eseal/UserV4.esl");
const USER_V5: &[u8] = include_bytes!("../../../../tests/fixtures/eseal/UserV5.esl");
const USER_V5_TS: &[u8] = include_bytes!("../../../../tests/fixtures/eseal/UserV5_ts.esl");
const SIGNED_V4: &[u8] = include_bytes!("../../../../tests/fixtures/eseal/SignedValueV4.dat");
const SIGNED_V5: &[u8] = include_bytes!("../../../../tests/fixtures/eseal/SignedValueV5.dat");

#[test]
fn ofdrw_v4_seal_reencodes_to_the_same_bytes() {
    let seal = SesSeal::from_der(USER_V4).unwrap();
    assert_eq!(seal.seal_info.header.version, VERSION_4);
    assert_eq!(seal.seal_info.header.id.to_string(), HEADER_ID);
    assert_eq!(seal.seal_info.property.name, "OFD R&W 测试用印章");
    assert_eq!(seal.seal_info.property.cert_list_type, CERT_LIST_CERTS);
    assert_eq!(seal.seal_info.property.cert_list.len(), 1);
    assert_eq!(seal.seal_info.picture.kind.to_string(), "PNG");
    assert_eq!(
        (seal.seal_info.picture.width, seal.seal_info.picture.height),
        (40, 40)
    );
    assert!(seal.time_stamp.is_none());
    assert_eq!(seal.to_der().unwrap(), USER_V4);
}

#[test]
fn ofdrw_v5_seals_reencode_to_the_same_bytes() {
    for bytes in [USER_V5, USER_V5_TS] {
        let seal = SesSeal::from_der(bytes).unwrap();
        assert_eq!(seal.seal_info.header.version, VERSION_5);
        assert_eq!(seal.to_der().unwrap(), bytes);
    }
    assert!(SesSeal::from_der(USER_V5_TS).unwrap().time_stamp.is_some());
}

#[test]
fn ofdrw_v1_seal_reencodes_to_the_same_bytes() {
    let seal = v1::SesSeal::from_der(USER_V1).unwrap();
    assert_eq!(seal.seal_info.header.version, VERSION_1);
    assert_eq!(seal.seal_info.property.cert_list.len(), 1);
    assert_eq!(seal.to_der().unwrap(), USER_V1);
}

#[test]
fn ofdrw_v4_and_v5_signatures_reencode_to_the_same_bytes() {
    for bytes in [SIGNED_V4, SIGNED_V5] {
        let sig = SesSignature::from_der(bytes).unwrap();
        assert_eq!(sig.to_der().unwrap(), bytes);
    }
}

#[test]
fn the_header_is_read_the_same_way_in_every_layout() {
    assert_eq!(peek_header(USER_V1).unwrap().version, VERSION_1);
    assert_eq!(peek_header(USER_V4).unwrap().version, VERSION_4);
    assert_eq!(peek_header(USER_V5).unwrap().version, VERSION_5);
}

#[test]
fn the_signed_part_is_the_seal_info_as_found() {
    let seal = SesSeal::from_der(USER_V4).unwrap();
    assert_eq!(
        first_element(USER_V4).unwrap(),
        seal.seal_info.to_der().unwrap()
    );
}

#[test]
fn a_digest_cert_list_round_trips() {
    let list = CertList::Digests(vec![CertDigest {
        kind: PrintableString::new("sm3").unwrap(),
        value: OctetString::new(vec![7u8; 32]).unwrap(),
    }]);
    let der = list.to_der().unwrap();
    assert_eq!(CertList::from_der(&der).unwrap(), list);
    assert_eq!(list.list_type(), CERT_LIST_DIGESTS);
}
