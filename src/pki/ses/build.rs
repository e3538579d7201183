//! Making V4 seals and stamps: the pieces of a `SES_SealInfo` from plain values, the maker's
//! signature over it (`SESeal`), and the signer's signature over a `TBS_Sign` (`SES_Signature`).
//! SM2 keys sign with SM3 and the GM/T 0009 default ID 1234567812345678; RSA keys sign with
//! SHA-256 (PKCS#1 v1.5). The data hash of a stamp is SM3 for an SM2 signer, SHA-256 for RSA.

use std::time::SystemTime;

use der::Encode;
use der::asn1::{BitString, GeneralizedTime, Ia5String, OctetString};
use sha2::Digest;
use signature::Signer;
use spki::{DynSignatureAlgorithmIdentifier, SignatureBitStringEncoding};
use x509_cert::Certificate;

use super::asn1::{
    CertDigest, CertList, ExtensionDatas, HEADER_ID, SesHeader, SesPictureInfo, SesPropertyInfo,
    SesSeal, SesSealInfo, SesSignature, TbsSign, VERSION_4,
};
use super::error::{Party, Result, SesError};
use crate::pki::keys::{PrivateKey, SM2_DEFAULT_DISTID};

/// The digest of a stamp's data hash (and of a certList entry by digest).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HashAlg {
    Sm3,
    Sha256,
}

impl HashAlg {
    /// The digest a key of this kind signs with: SM3 for SM2, SHA-256 for RSA.
    pub fn for_key(key: &PrivateKey) -> HashAlg {
        match key {
            PrivateKey::Sm2(_) => HashAlg::Sm3,
            PrivateKey::Rsa(_) => HashAlg::Sha256,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            HashAlg::Sm3 => "SM3",
            HashAlg::Sha256 => "SHA-256",
        }
    }

    /// The name a `CertDigestObj` gives this digest.
    pub fn digest_type(self) -> &'static str {
        match self {
            HashAlg::Sm3 => "sm3",
            HashAlg::Sha256 => "sha256",
        }
    }

    pub fn digest(self, data: &[u8]) -> Vec<u8> {
        match self {
            HashAlg::Sm3 => sm3::Sm3::digest(data).to_vec(),
            HashAlg::Sha256 => sha2::Sha256::digest(data).to_vec(),
        }
    }
}

/// What a seal says, as plain values; [`SealSpec::seal_info`] makes the V4 `SES_SealInfo`.
#[derive(Debug, Clone)]
pub struct SealSpec {
    /// The maker's vendor identifier (`SES_Header.Vid`).
    pub vid: String,
    /// The seal's identifier (`esID`), unique per maker.
    pub es_id: String,
    /// Seal type: [`super::asn1::SEAL_TYPE_ORG`], [`super::asn1::SEAL_TYPE_PERSONAL`] …
    pub kind: u32,
    pub name: String,
    pub cert_list: CertList,
    pub create_date: SystemTime,
    pub valid_start: SystemTime,
    pub valid_end: SystemTime,
    /// "PNG", "JPG" …
    pub picture_kind: String,
    pub picture: Vec<u8>,
    /// Printed size in millimetres.
    pub width_mm: u32,
    pub height_mm: u32,
    pub ext_datas: Option<ExtensionDatas>,
}

impl SealSpec {
    /// The V4 `SES_SealInfo` these values make.
    pub fn seal_info(&self) -> Result<SesSealInfo> {
        Ok(SesSealInfo {
            header: SesHeader {
                id: ia5(HEADER_ID)?,
                version: VERSION_4,
                vid: ia5(&self.vid)?,
            },
            es_id: ia5(&self.es_id)?,
            property: SesPropertyInfo {
                kind: self.kind,
                name: self.name.clone(),
                cert_list_type: self.cert_list.list_type(),
                cert_list: self.cert_list.clone(),
                create_date: gtime(self.create_date)?,
                valid_start: gtime(self.valid_start)?,
                valid_end: gtime(self.valid_end)?,
            },
            picture: SesPictureInfo {
                kind: ia5(&self.picture_kind)?,
                data: octets(self.picture.clone())?,
                width: self.width_mm,
                height: self.height_mm,
            },
            ext_datas: self.ext_datas.clone(),
        })
    }
}

/// An IA5String of `s` (ASCII only).
pub fn ia5(s: &str) -> Result<Ia5String> {
    Ia5String::new(s).map_err(SesError::encode)
}

/// A GeneralizedTime of `t`, to the second (the form ofdrw writes: `YYYYMMDDHHMMSSZ`).
pub fn gtime(t: SystemTime) -> Result<GeneralizedTime> {
    let secs = t
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_err(|e| SesError::Encode {
            detail: e.to_string(),
        })?
        .as_secs();
    GeneralizedTime::from_unix_duration(std::time::Duration::from_secs(secs))
        .map_err(SesError::encode)
}

fn octets(v: Vec<u8>) -> Result<OctetString> {
    OctetString::new(v).map_err(SesError::encode)
}

/// A certList of whole certificates (`certListType` 1).
pub fn cert_list_of(certs: &[Certificate]) -> Result<CertList> {
    let list = certs
        .iter()
        .map(|c| octets(c.to_der().map_err(SesError::encode)?))
        .collect::<Result<Vec<_>>>()?;
    Ok(CertList::Certs(list))
}

/// A certList of certificate digests (`certListType` 2).
pub fn cert_digest_list_of(certs: &[Certificate], alg: HashAlg) -> Result<CertList> {
    let list = certs
        .iter()
        .map(|c| {
            let der = c.to_der().map_err(SesError::encode)?;
            Ok(CertDigest {
                kind: der::asn1::PrintableString::new(alg.digest_type())
                    .map_err(SesError::encode)?,
                value: octets(alg.digest(&der))?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(CertList::Digests(list))
}

/// `key`'s signature over `msg` with the algorithm its kind uses, and that algorithm's OID;
/// refused when `key` is not the key of `cert` (the certificate embedded next to it).
fn sign(
    key: &PrivateKey,
    cert: &Certificate,
    party: Party,
    msg: &[u8],
) -> Result<(der::asn1::ObjectIdentifier, BitString)> {
    let spki = cert.tbs_certificate().subject_public_key_info();
    if !crate::pki::keys::same_public_key(&key.public_key_spki()?, spki) {
        return Err(SesError::KeyNotCertificate { party });
    }
    let signer = key.signer(SM2_DEFAULT_DISTID)?;
    let oid = signer
        .signature_algorithm_identifier()
        .map_err(|e| SesError::Encode {
            detail: e.to_string(),
        })?
        .oid;
    let sig = signer.try_sign(msg).map_err(|e| SesError::Encode {
        detail: e.to_string(),
    })?;
    Ok((oid, sig.to_bitstring().map_err(SesError::encode)?))
}

/// The maker's V4 seal: `info` signed by `maker_key`, with `maker_cert` (the certificate of
/// that key, else [`SesError::KeyNotCertificate`]) embedded.
pub fn sign_seal(
    info: SesSealInfo,
    maker_key: &PrivateKey,
    maker_cert: &Certificate,
) -> Result<SesSeal> {
    let tbs = info.to_der().map_err(SesError::encode)?;
    let (sign_alg_id, signed_value) = sign(maker_key, maker_cert, Party::Maker, &tbs)?;
    Ok(SesSeal {
        seal_info: info,
        cert: octets(maker_cert.to_der().map_err(SesError::encode)?)?,
        sign_alg_id,
        signed_value,
        time_stamp: None,
    })
}

/// A V4 stamp: `seal` applied at `time` to data whose digest is `data_hash`, signed by
/// `signer_key` (`signer_cert` embedded). `property_info` names what was signed (ofdrw
/// writes the signed file's path).
pub fn sign_stamp(
    seal: SesSeal,
    data_hash: &[u8],
    time: SystemTime,
    property_info: &str,
    signer_key: &PrivateKey,
    signer_cert: &Certificate,
) -> Result<SesSignature> {
    let to_sign = TbsSign {
        version: VERSION_4,
        eseal: seal,
        time_info: gtime(time)?,
        data_hash: BitString::from_bytes(data_hash).map_err(SesError::encode)?,
        property_info: ia5(property_info)?,
        ext_datas: None,
    };
    let tbs = to_sign.to_der().map_err(SesError::encode)?;
    let (signature_alg_id, signature) = sign(signer_key, signer_cert, Party::Signer, &tbs)?;
    Ok(SesSignature {
        to_sign,
        cert: octets(signer_cert.to_der().map_err(SesError::encode)?)?,
        signature_alg_id,
        signature,
        time_stamp: None,
    })
}

#[cfg(test)]
mod tests;
