//! The GB/T 38540-2020 (GM/T 0031 "V4") structures of an electronic seal (`SESeal`, the
//! `.esl` file) and a stamp (`SES_Signature`), as typed DER values: field order, string types
//! and GeneralizedTime exactly as the public reader ofdrw writes them, so a seal decoded here
//! re-encodes to the same bytes. GM/T 0031-2025 ("V5") has the same layout with header
//! version 5 and an optional `[0] EXPLICIT` timestamp after the seal's signature; both read
//! into these types. The 2014 layout (V1) is in [`super::v1`].

use der::asn1::PrintableString;
use der::asn1::{BitString, GeneralizedTime, Ia5String, ObjectIdentifier, OctetString};
use der::{
    Decode, DecodeValue, Encode, EncodeValue, FixedTag, Header, Length, Reader, Sequence, Tag,
    Tagged, Writer,
};

/// `SES_Header ::= SEQUENCE { ID IA5String ("ES"), version INTEGER, Vid IA5String }`.
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
pub struct SesHeader {
    pub id: Ia5String,
    pub version: u32,
    /// The maker's vendor identifier.
    pub vid: Ia5String,
}

/// The header ID every seal carries.
pub const HEADER_ID: &str = "ES";
/// GB/T 38540-2020 / GM/T 0031 V4.
pub const VERSION_4: u32 = 4;
/// GM/T 0031-2025.
pub const VERSION_5: u32 = 5;
/// GM/T 0031-2014.
pub const VERSION_1: u32 = 1;

/// `ExtData ::= SEQUENCE { extnID OID, critical BOOLEAN DEFAULT FALSE, extnValue OCTET
/// STRING }`; `critical` kept as found (ofdrw writes FALSE explicitly).
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
pub struct ExtData {
    pub extn_id: ObjectIdentifier,
    #[asn1(optional = "true")]
    pub critical: Option<bool>,
    pub extn_value: OctetString,
}

/// `ExtensionDatas ::= SEQUENCE OF ExtData`.
pub type ExtensionDatas = Vec<ExtData>;

/// `CertDigestObj ::= SEQUENCE { type PrintableString, value OCTET STRING }`: a certificate
/// named by its digest (`type` is the digest algorithm's name, e.g. "sm3").
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
pub struct CertDigest {
    pub kind: PrintableString,
    pub value: OctetString,
}

/// `SES_CertList ::= CHOICE { certs CertInfoList, certDigestList CertDigestList }`: the
/// certificates allowed to use the seal, whole (`certListType` 1, `SEQUENCE OF OCTET
/// STRING`) or by digest (`certListType` 2, `SEQUENCE OF CertDigestObj`). Both are
/// untagged SEQUENCEs; the elements tell them apart (an empty list reads as `Certs`).
#[derive(Clone, Debug, Eq, PartialEq)]
pub enum CertList {
    Certs(Vec<OctetString>),
    Digests(Vec<CertDigest>),
}

/// `certListType` of a list of whole certificates.
pub const CERT_LIST_CERTS: u32 = 1;
/// `certListType` of a list of certificate digests.
pub const CERT_LIST_DIGESTS: u32 = 2;

impl CertList {
    /// The `certListType` this list is written with.
    pub fn list_type(&self) -> u32 {
        match self {
            CertList::Certs(_) => CERT_LIST_CERTS,
            CertList::Digests(_) => CERT_LIST_DIGESTS,
        }
    }

    pub fn len(&self) -> usize {
        match self {
            CertList::Certs(c) => c.len(),
            CertList::Digests(d) => d.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl FixedTag for CertList {
    const TAG: Tag = Tag::Sequence;
}

impl<'a> DecodeValue<'a> for CertList {
    type Error = der::Error;

    fn decode_value<R: Reader<'a>>(reader: &mut R, _header: Header) -> der::Result<Self> {
        if reader.is_finished() || Tag::peek(reader)? == Tag::OctetString {
            let mut certs = Vec::new();
            while !reader.is_finished() {
                certs.push(OctetString::decode(reader)?);
            }
            Ok(CertList::Certs(certs))
        } else {
            let mut digests = Vec::new();
            while !reader.is_finished() {
                digests.push(CertDigest::decode(reader)?);
            }
            Ok(CertList::Digests(digests))
        }
    }
}

impl EncodeValue for CertList {
    fn value_len(&self) -> der::Result<Length> {
        match self {
            CertList::Certs(c) => c.value_len(),
            CertList::Digests(d) => d.value_len(),
        }
    }

    fn encode_value(&self, writer: &mut impl Writer) -> der::Result<()> {
        match self {
            CertList::Certs(c) => c.encode_value(writer),
            CertList::Digests(d) => d.encode_value(writer),
        }
    }
}

/// `SES_ESPropertyInfo ::= SEQUENCE { type INTEGER, name UTF8String, certListType INTEGER,
/// certList SES_CertList, createDate, validStart, validEnd GeneralizedTime }`.
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
pub struct SesPropertyInfo {
    /// Seal type: 1 organisation (单位印章), 2 personal (个人印章); other values as found.
    pub kind: u32,
    pub name: String,
    pub cert_list_type: u32,
    pub cert_list: CertList,
    pub create_date: GeneralizedTime,
    pub valid_start: GeneralizedTime,
    pub valid_end: GeneralizedTime,
}

/// Seal type: organisation.
pub const SEAL_TYPE_ORG: u32 = 1;
/// Seal type: personal.
pub const SEAL_TYPE_PERSONAL: u32 = 2;

/// `SES_ESPictrueInfo ::= SEQUENCE { type IA5String ("PNG", "JPG", "GIF", "SVG", "OFD" …),
/// data OCTET STRING, width INTEGER, height INTEGER }` (the size in millimetres).
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
pub struct SesPictureInfo {
    pub kind: Ia5String,
    pub data: OctetString,
    pub width: u32,
    pub height: u32,
}

/// `SES_SealInfo ::= SEQUENCE { header, esID IA5String, property, picture, extDatas
/// ExtensionDatas OPTIONAL }`: what the maker signs.
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
pub struct SesSealInfo {
    pub header: SesHeader,
    pub es_id: Ia5String,
    pub property: SesPropertyInfo,
    pub picture: SesPictureInfo,
    #[asn1(optional = "true")]
    pub ext_datas: Option<ExtensionDatas>,
}

/// `SESeal ::= SEQUENCE { eSealInfo SES_SealInfo, cert OCTET STRING (the maker's
/// certificate, DER), signAlgID OID, signedValue BIT STRING, timeStamp [0] EXPLICIT BIT
/// STRING OPTIONAL (V5 only) }`; `signedValue` is the maker's signature over
/// DER(eSealInfo).
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
pub struct SesSeal {
    pub seal_info: SesSealInfo,
    pub cert: OctetString,
    pub sign_alg_id: ObjectIdentifier,
    pub signed_value: BitString,
    #[asn1(context_specific = "0", tag_mode = "EXPLICIT", optional = "true")]
    pub time_stamp: Option<BitString>,
}

/// `TBS_Sign ::= SEQUENCE { version INTEGER (4), eseal SESeal, timeInfo GeneralizedTime,
/// dataHash BIT STRING, propertyInfo IA5String, extDatas [0] EXPLICIT ExtensionDatas
/// OPTIONAL }`: what the signer signs.
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
pub struct TbsSign {
    pub version: u32,
    pub eseal: SesSeal,
    pub time_info: GeneralizedTime,
    pub data_hash: BitString,
    pub property_info: Ia5String,
    #[asn1(context_specific = "0", tag_mode = "EXPLICIT", optional = "true")]
    pub ext_datas: Option<ExtensionDatas>,
}

/// `SES_Signature ::= SEQUENCE { toSign TBS_Sign, cert OCTET STRING (the signer's
/// certificate), signatureAlgID OID, signature BIT STRING, timeStamp [0] EXPLICIT BIT
/// STRING OPTIONAL }`; `signature` is the signer's signature over DER(toSign).
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
pub struct SesSignature {
    pub to_sign: TbsSign,
    pub cert: OctetString,
    pub signature_alg_id: ObjectIdentifier,
    pub signature: BitString,
    #[asn1(context_specific = "0", tag_mode = "EXPLICIT", optional = "true")]
    pub time_stamp: Option<BitString>,
}

/// The first element of a SEQUENCE, as its raw DER bytes (tag and length included): the
/// bytes a signature covers, taken from the file as found rather than re-encoded.
pub fn first_element(der: &[u8]) -> der::Result<&[u8]> {
    let outer = der::asn1::AnyRef::from_der(der)?;
    if outer.tag() != Tag::Sequence {
        return Err(der::Error::from(der::ErrorKind::TagUnexpected {
            expected: Some(Tag::Sequence),
            actual: outer.tag(),
        }));
    }
    let mut reader = der::SliceReader::new(outer.value())?;
    let first = der::asn1::AnyRef::decode(&mut reader)?;
    let len = usize::try_from(first.encoded_len()?)?;
    let start = der.len() - outer.value().len();
    der.get(start..start + len).ok_or_else(|| {
        der::Error::from(der::ErrorKind::Incomplete {
            expected_len: first.encoded_len().unwrap_or_default(),
            actual_len: Length::ZERO,
        })
    })
}

/// The seal header of an `.esl` (`SESeal { SES_SealInfo { SES_Header … } … }`), read
/// before the rest to know which layout follows; the same path holds in V1, V4 and V5.
pub fn peek_header(der: &[u8]) -> der::Result<SesHeader> {
    let info = first_element(der)?;
    SesHeader::from_der(first_element(info)?)
}

#[cfg(test)]
mod tests;
