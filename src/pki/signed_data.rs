//! Pieces of CMS SignedData shared by PDF signatures and RFC 3161 timestamp tokens: the
//! digest algorithms (SHA-2 and SM3), the OIDs of the attributes both use, and the ESS
//! signing-certificate-v2 attribute that binds a signer's certificate to its signature.

use der::asn1::{ObjectIdentifier, OctetString};
use x509_cert::ext::pkix::name::GeneralName;
use x509_cert::serial_number::SerialNumber;

pub const OID_DATA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.1");
pub const OID_SIGNED_DATA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.2");
pub const OID_CONTENT_TYPE: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.3");
pub const OID_MESSAGE_DIGEST: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.4");
pub const OID_SIGNING_TIME: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.5");
/// ESS signing-certificate-v2 (RFC 5035).
pub const OID_SIGNING_CERTIFICATE_V2: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.2.47");
/// id-aa-signatureTimeStampToken (RFC 3161 appendix A): an unsigned attribute holding a
/// timestamp over the signature value (PAdES B-T).
pub const OID_SIGNATURE_TIMESTAMP_TOKEN: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.2.14");
/// id-ct-TSTInfo: the content type of a timestamp token.
pub const OID_TST_INFO: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.1.4");
pub const OID_SHA256: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.1");
pub const OID_SHA384: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.2");
pub const OID_SHA512: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.3");
pub const OID_SM3: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.156.10197.1.401");

/// Digest algorithms of signatures (signing uses SHA-256 for RSA and SM3 for SM2; checking
/// accepts all four).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum DigestAlg {
    Sha256,
    Sha384,
    Sha512,
    Sm3,
}

impl DigestAlg {
    pub fn oid(self) -> ObjectIdentifier {
        match self {
            DigestAlg::Sha256 => OID_SHA256,
            DigestAlg::Sha384 => OID_SHA384,
            DigestAlg::Sha512 => OID_SHA512,
            DigestAlg::Sm3 => OID_SM3,
        }
    }

    pub fn from_oid(oid: &ObjectIdentifier) -> Option<DigestAlg> {
        [
            DigestAlg::Sha256,
            DigestAlg::Sha384,
            DigestAlg::Sha512,
            DigestAlg::Sm3,
        ]
        .into_iter()
        .find(|d| d.oid() == *oid)
    }

    pub fn name(self) -> &'static str {
        match self {
            DigestAlg::Sha256 => "SHA256",
            DigestAlg::Sha384 => "SHA384",
            DigestAlg::Sha512 => "SHA512",
            DigestAlg::Sm3 => "SM3",
        }
    }

    /// The digest of the concatenation of `parts`.
    pub fn digest(self, parts: &[&[u8]]) -> Vec<u8> {
        fn run<D: digest::Digest>(parts: &[&[u8]]) -> Vec<u8> {
            let mut d = D::new();
            for p in parts {
                d.update(p);
            }
            d.finalize().to_vec()
        }
        match self {
            DigestAlg::Sha256 => run::<sha2::Sha256>(parts),
            DigestAlg::Sha384 => run::<sha2::Sha384>(parts),
            DigestAlg::Sha512 => run::<sha2::Sha512>(parts),
            DigestAlg::Sm3 => run::<sm3::Sm3>(parts),
        }
    }
}

/// ESS signing-certificate-v2 (RFC 5035): the signer certificate's SHA-256 hash (the default
/// hash algorithm, so omitted) and its issuer and serial number.
#[derive(der::Sequence)]
pub struct SigningCertificateV2 {
    pub certs: Vec<EssCertIdV2>,
}

#[derive(der::Sequence)]
pub struct EssCertIdV2 {
    pub cert_hash: OctetString,
    pub issuer_serial: IssuerSerial,
}

#[derive(der::Sequence)]
pub struct IssuerSerial {
    pub issuer: Vec<GeneralName>,
    pub serial_number: SerialNumber,
}

/// The certificates a CMS SignedData (a signature, a timestamp token) carries, DER.
pub fn carried_certificates(content_info_der: &[u8]) -> Vec<Vec<u8>> {
    use der::{Decode, Encode};
    let Ok(ci) = cms::content_info::ContentInfo::from_der(content_info_der) else {
        return Vec::new();
    };
    let Ok(sd) = ci.content.decode_as::<cms::signed_data::SignedData>() else {
        return Vec::new();
    };
    sd.certificates
        .iter()
        .flat_map(|set| set.0.iter())
        .filter_map(|c| match c {
            cms::cert::CertificateChoices::Certificate(c) => c.to_der().ok(),
            _ => None,
        })
        .collect()
}

/// The signature timestamp tokens (DER) in the unsigned attributes of a CMS SignedData's
/// first signer.
pub fn signature_timestamp_tokens(content_info_der: &[u8]) -> Vec<Vec<u8>> {
    use der::{Decode, Encode};
    let Ok(ci) = cms::content_info::ContentInfo::from_der(content_info_der) else {
        return Vec::new();
    };
    let Ok(sd) = ci.content.decode_as::<cms::signed_data::SignedData>() else {
        return Vec::new();
    };
    sd.signer_infos
        .0
        .iter()
        .next()
        .and_then(|si| si.unsigned_attrs.as_ref())
        .map(|attrs| {
            attrs
                .iter()
                .filter(|a| a.oid == OID_SIGNATURE_TIMESTAMP_TOKEN)
                .flat_map(|a| a.values.iter())
                .filter_map(|v| v.to_der().ok())
                .collect()
        })
        .unwrap_or_default()
}

/// The signature value of a CMS SignedData's first signer (what a signature timestamp
/// stamps).
pub fn first_signature_value(content_info_der: &[u8]) -> Option<Vec<u8>> {
    use der::Decode;
    let ci = cms::content_info::ContentInfo::from_der(content_info_der).ok()?;
    let sd = ci.content.decode_as::<cms::signed_data::SignedData>().ok()?;
    let si = sd.signer_infos.0.iter().next()?;
    Some(si.signature.as_bytes().to_vec())
}
