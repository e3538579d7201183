//! Reading a seal (`.esl`) or stamp (`.ses`) of any known version into one view: the header
//! first (to know the layout), then the whole structure under strict DER, and the exact bytes
//! each signature covers as found in the file.

use std::time::SystemTime;

use der::asn1::{BitString, ObjectIdentifier, OctetString};
use der::{Decode, Encode};

use super::asn1::{
    self, CertList, HEADER_ID, SesHeader, SesPictureInfo, SesSeal, SesSignature, VERSION_1,
    VERSION_4, VERSION_5,
};
use super::error::{Result, SesError};
use super::v1;

/// A time of a seal or stamp, as a moment and as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct When {
    pub time: SystemTime,
    /// RFC 3339, UTC (`2022-04-22T02:09:00Z`).
    pub text: String,
}

impl When {
    fn generalized(t: &der::asn1::GeneralizedTime) -> When {
        When {
            time: t.to_system_time(),
            text: t.to_date_time().to_string(),
        }
    }

    pub(crate) fn x509(t: &x509_cert::time::Time) -> When {
        When {
            time: t.to_system_time(),
            text: t.to_date_time().to_string(),
        }
    }

    /// `t` written the same way.
    pub fn of(t: SystemTime) -> When {
        let text = der::DateTime::from_system_time(t)
            .map(|d| d.to_string())
            .unwrap_or_else(|_| format!("{t:?}"));
        When { time: t, text }
    }
}

/// A seal of any known version, with what its checks need.
#[derive(Debug, Clone)]
pub enum AnySeal {
    /// GM/T 0031-2014.
    V1(Box<v1::SesSeal>),
    /// GB/T 38540-2020 (V4) or GM/T 0031-2025 (V5, header version 5).
    V4(Box<SesSeal>),
}

/// A decoded seal and the bytes its maker signed.
#[derive(Debug, Clone)]
pub struct DecodedSeal {
    pub seal: AnySeal,
    /// The bytes the maker's signature covers.
    pub signed: Vec<u8>,
}

impl DecodedSeal {
    pub fn header(&self) -> &SesHeader {
        match &self.seal {
            AnySeal::V1(s) => &s.seal_info.header,
            AnySeal::V4(s) => &s.seal_info.header,
        }
    }

    pub fn version(&self) -> u32 {
        self.header().version
    }

    pub fn es_id(&self) -> String {
        match &self.seal {
            AnySeal::V1(s) => s.seal_info.es_id.to_string(),
            AnySeal::V4(s) => s.seal_info.es_id.to_string(),
        }
    }

    pub fn name(&self) -> &str {
        match &self.seal {
            AnySeal::V1(s) => &s.seal_info.property.name,
            AnySeal::V4(s) => &s.seal_info.property.name,
        }
    }

    /// Seal type (1 organisation, 2 personal …).
    pub fn kind(&self) -> u32 {
        match &self.seal {
            AnySeal::V1(s) => s.seal_info.property.kind,
            AnySeal::V4(s) => s.seal_info.property.kind,
        }
    }

    pub fn picture(&self) -> &SesPictureInfo {
        match &self.seal {
            AnySeal::V1(s) => &s.seal_info.picture,
            AnySeal::V4(s) => &s.seal_info.picture,
        }
    }

    /// `(createDate, validStart, validEnd)`.
    pub fn dates(&self) -> (When, When, When) {
        match &self.seal {
            AnySeal::V1(s) => {
                let p = &s.seal_info.property;
                let w = When::x509;
                (w(&p.create_date), w(&p.valid_start), w(&p.valid_end))
            }
            AnySeal::V4(s) => {
                let p = &s.seal_info.property;
                let w = When::generalized;
                (w(&p.create_date), w(&p.valid_start), w(&p.valid_end))
            }
        }
    }

    /// `(declared certListType, the list)`; V1 lists whole certificates.
    pub fn cert_list(&self) -> (u32, CertList) {
        match &self.seal {
            AnySeal::V1(s) => (
                asn1::CERT_LIST_CERTS,
                CertList::Certs(s.seal_info.property.cert_list.clone()),
            ),
            AnySeal::V4(s) => (
                s.seal_info.property.cert_list_type,
                s.seal_info.property.cert_list.clone(),
            ),
        }
    }

    /// `(maker certificate DER, signature algorithm, signature)`.
    pub fn maker(&self) -> (&OctetString, &ObjectIdentifier, &BitString) {
        match &self.seal {
            AnySeal::V1(s) => (
                &s.sign_info.cert,
                &s.sign_info.signature_algorithm,
                &s.sign_info.sign_data,
            ),
            AnySeal::V4(s) => (&s.cert, &s.sign_alg_id, &s.signed_value),
        }
    }
}

fn header_of(der_bytes: &[u8]) -> Result<SesHeader> {
    let header = asn1::peek_header(der_bytes).map_err(SesError::not_der)?;
    if header.id.to_string() != HEADER_ID {
        return Err(SesError::WrongHeaderId {
            found: header.id.to_string(),
        });
    }
    Ok(header)
}

fn layout(version: u32) -> impl Fn(der::Error) -> SesError {
    move |e| {
        if version == VERSION_5 {
            SesError::UnsupportedV5 {
                detail: e.to_string(),
            }
        } else {
            SesError::Layout {
                version: i64::from(version),
                detail: e.to_string(),
            }
        }
    }
}

/// Reads an `.esl`: V1, V4 or V5.
pub fn decode_seal(der_bytes: &[u8]) -> Result<DecodedSeal> {
    let header = header_of(der_bytes)?;
    match header.version {
        VERSION_1 => {
            let seal = v1::SesSeal::from_der(der_bytes).map_err(layout(VERSION_1))?;
            let info = asn1::first_element(der_bytes).map_err(SesError::not_der)?;
            let signed = v1::SealSignedPart {
                seal_info: der::asn1::AnyRef::from_der(info).map_err(SesError::not_der)?,
                cert: seal.sign_info.cert.clone(),
                signature_algorithm: seal.sign_info.signature_algorithm,
            }
            .to_der()
            .map_err(SesError::not_der)?;
            Ok(DecodedSeal {
                seal: AnySeal::V1(Box::new(seal)),
                signed,
            })
        }
        VERSION_4 | VERSION_5 => {
            let seal = SesSeal::from_der(der_bytes).map_err(layout(header.version))?;
            if header.version == VERSION_4 && seal.time_stamp.is_some() {
                return Err(SesError::Layout {
                    version: i64::from(VERSION_4),
                    detail: "a V4 seal has no timeStamp".into(),
                });
            }
            let signed = asn1::first_element(der_bytes)
                .map_err(SesError::not_der)?
                .to_vec();
            Ok(DecodedSeal {
                seal: AnySeal::V4(Box::new(seal)),
                signed,
            })
        }
        v => Err(SesError::UnknownVersion {
            version: i64::from(v),
        }),
    }
}

/// A stamp of any known version.
#[derive(Debug, Clone)]
pub enum AnyStamp {
    V1(Box<v1::SesSignature>),
    V4(Box<SesSignature>),
}

/// A decoded stamp, its embedded seal, and the bytes the signer signed.
#[derive(Debug, Clone)]
pub struct DecodedStamp {
    pub stamp: AnyStamp,
    pub seal: DecodedSeal,
    /// The bytes the signer's signature covers (DER of `TBS_Sign` as found).
    pub signed: Vec<u8>,
}

impl DecodedStamp {
    pub fn version(&self) -> u32 {
        match &self.stamp {
            AnyStamp::V1(s) => s.to_sign.version,
            AnyStamp::V4(s) => s.to_sign.version,
        }
    }

    /// `(signer certificate DER, signature algorithm, signature)`.
    pub fn signer(&self) -> (&OctetString, &ObjectIdentifier, &BitString) {
        match &self.stamp {
            AnyStamp::V1(s) => (
                &s.to_sign.cert,
                &s.to_sign.signature_algorithm,
                &s.signature,
            ),
            AnyStamp::V4(s) => (&s.cert, &s.signature_alg_id, &s.signature),
        }
    }

    pub fn data_hash(&self) -> &BitString {
        match &self.stamp {
            AnyStamp::V1(s) => &s.to_sign.data_hash,
            AnyStamp::V4(s) => &s.to_sign.data_hash,
        }
    }

    pub fn property_info(&self) -> String {
        match &self.stamp {
            AnyStamp::V1(s) => s.to_sign.property_info.to_string(),
            AnyStamp::V4(s) => s.to_sign.property_info.to_string(),
        }
    }

    /// When the stamp says it was made (V1 writes the time as text in a BIT STRING).
    pub fn time(&self) -> Result<When> {
        match &self.stamp {
            AnyStamp::V4(s) => Ok(When::generalized(&s.to_sign.time_info)),
            AnyStamp::V1(s) => v1_time(&s.to_sign.time_info),
        }
    }
}

/// A V1 `timeInfo`: the UTCTime or GeneralizedTime text ("yyMMddHHmmssZ", or
/// "yyyyMMddHHmmssZ") in a BIT STRING.
fn v1_time(bits: &BitString) -> Result<When> {
    let bad = |detail: String| SesError::TimeUnreadable { detail };
    let raw = bits.raw_bytes();
    let text = std::str::from_utf8(raw).map_err(|e| bad(e.to_string()))?;
    let mut tlv = vec![if text.len() == 13 { 0x17 } else { 0x18 }];
    tlv.push(u8::try_from(raw.len()).map_err(|e| bad(e.to_string()))?);
    tlv.extend_from_slice(raw);
    let t = x509_cert::time::Time::from_der(&tlv).map_err(|e| bad(format!("'{text}': {e}")))?;
    Ok(When::x509(&t))
}

/// The version in a stamp's `TBS_Sign`, read before the rest.
fn stamp_version(der_bytes: &[u8]) -> Result<u32> {
    let tbs = asn1::first_element(der_bytes).map_err(SesError::not_der)?;
    let version = asn1::first_element(tbs).map_err(SesError::not_der)?;
    u32::from_der(version).map_err(SesError::not_der)
}

/// Reads an `.ses` (an `SES_Signature`): V1, V4 or V5.
pub fn decode_stamp(der_bytes: &[u8]) -> Result<DecodedStamp> {
    let version = stamp_version(der_bytes)?;
    let signed = asn1::first_element(der_bytes)
        .map_err(SesError::not_der)?
        .to_vec();
    let (stamp, seal_der) = match version {
        VERSION_1 => {
            let s = v1::SesSignature::from_der(der_bytes).map_err(layout(VERSION_1))?;
            let seal = s.to_sign.eseal.to_der().map_err(SesError::not_der)?;
            (AnyStamp::V1(Box::new(s)), seal)
        }
        VERSION_4 | VERSION_5 => {
            let s = SesSignature::from_der(der_bytes).map_err(layout(version))?;
            let seal = s.to_sign.eseal.to_der().map_err(SesError::not_der)?;
            (AnyStamp::V4(Box::new(s)), seal)
        }
        v => {
            return Err(SesError::StampVersion {
                version: i64::from(v),
            });
        }
    };
    Ok(DecodedStamp {
        stamp,
        seal: decode_seal(&seal_der)?,
        signed,
    })
}
