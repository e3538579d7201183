//! The GM/T 0031-2014 ("V1") layout, read-only: the maker's certificate, algorithm and
//! signature sit in a nested `SES_SignInfo`, times may be UTCTime, and the certificate list
//! has no type. catool reads these seals and stamps to verify them and writes only V4.

use der::Sequence;
use der::asn1::{BitString, Ia5String, ObjectIdentifier, OctetString};
use x509_cert::time::Time;

use super::asn1::{ExtensionDatas, SesHeader, SesPictureInfo};

/// `SES_ESPropertyInfo ::= SEQUENCE { type INTEGER, name UTF8String, certList SEQUENCE OF
/// OCTET STRING, createDate, validStart, validEnd UTCTime }` (GeneralizedTime also read).
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
pub struct SesPropertyInfo {
    pub kind: u32,
    pub name: String,
    pub cert_list: Vec<OctetString>,
    pub create_date: Time,
    pub valid_start: Time,
    pub valid_end: Time,
}

/// `SES_SealInfo` of V1: as V4's, with the V1 property info.
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
pub struct SesSealInfo {
    pub header: SesHeader,
    pub es_id: Ia5String,
    pub property: SesPropertyInfo,
    pub picture: SesPictureInfo,
    #[asn1(optional = "true")]
    pub ext_datas: Option<ExtensionDatas>,
}

/// `SES_SignInfo ::= SEQUENCE { cert OCTET STRING, signatureAlgorithm OID, signData BIT
/// STRING }`; `signData` is the maker's signature over DER(SEQUENCE { esealInfo, cert,
/// signatureAlgorithm }).
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
pub struct SesSignInfo {
    pub cert: OctetString,
    pub signature_algorithm: ObjectIdentifier,
    pub sign_data: BitString,
}

/// `SESeal ::= SEQUENCE { esealInfo SES_SealInfo, signInfo SES_SignInfo }`.
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
pub struct SesSeal {
    pub seal_info: SesSealInfo,
    pub sign_info: SesSignInfo,
}

/// The bytes a V1 maker signs: DER(SEQUENCE { esealInfo, cert, signatureAlgorithm }), with
/// `esealInfo` as found in the file.
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
pub struct SealSignedPart<'a> {
    pub seal_info: der::asn1::AnyRef<'a>,
    pub cert: OctetString,
    pub signature_algorithm: ObjectIdentifier,
}

/// `TBS_Sign ::= SEQUENCE { version INTEGER (1), eseal SESeal, timeInfo BIT STRING (the
/// time as text), dataHash BIT STRING, propertyInfo IA5String, cert OCTET STRING,
/// signatureAlgorithm OID }`.
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
pub struct TbsSign {
    pub version: u32,
    pub eseal: SesSeal,
    pub time_info: BitString,
    pub data_hash: BitString,
    pub property_info: Ia5String,
    pub cert: OctetString,
    pub signature_algorithm: ObjectIdentifier,
}

/// `SES_Signature ::= SEQUENCE { toSign TBS_Sign, signature BIT STRING }`.
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
pub struct SesSignature {
    pub to_sign: TbsSign,
    pub signature: BitString,
}
