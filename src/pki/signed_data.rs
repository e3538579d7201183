//! Pieces of CMS SignedData shared by PDF signatures and RFC 3161 timestamp tokens: the
//! digest algorithms (SHA-2 and SM3), the OIDs of the attributes both use, and the ESS
//! signing-certificate-v2 attribute that binds a signer's certificate to its signature; and
//! building a SignedData ContentInfo from signed attributes and a signature
//! ([`signed_attributes`], [`sign_attributes`], [`assemble`]).

use std::collections::BTreeSet;
use std::time::SystemTime;

use cms::cert::{CertificateChoices, IssuerAndSerialNumber};
use cms::content_info::{CmsVersion, ContentInfo};
use cms::signed_data::{
    CertificateSet, EncapsulatedContentInfo, SignedAttributes, SignedData, SignerIdentifier,
    SignerInfo, SignerInfos,
};
use der::asn1::{ObjectIdentifier, OctetString, SetOfVec};
use der::{Any, Encode};
use signature::Signer;
use spki::{AlgorithmIdentifierOwned, DynSignatureAlgorithmIdentifier, SignatureBitStringEncoding};
use x509_cert::Certificate;
use x509_cert::attr::Attribute;
use x509_cert::ext::pkix::name::GeneralName;
use x509_cert::serial_number::SerialNumber;

use super::error::Result;
use super::keys::CertSigner;

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
    let sd = ci
        .content
        .decode_as::<cms::signed_data::SignedData>()
        .ok()?;
    let si = sd.signer_infos.0.iter().next()?;
    Some(si.signature.as_bytes().to_vec())
}

/// One attribute with one value.
pub fn attribute(oid: ObjectIdentifier, value: Any) -> Result<Attribute> {
    Ok(Attribute {
        oid,
        values: SetOfVec::try_from(vec![value])?,
    })
}

/// The ESS signing-certificate-v2 value for `cert` (SHA-256 hash, issuer and serial).
pub fn signing_certificate_v2(cert: &Certificate) -> Result<SigningCertificateV2> {
    let tbs = cert.tbs_certificate();
    let cert_der = cert.to_der()?;
    Ok(SigningCertificateV2 {
        certs: vec![EssCertIdV2 {
            cert_hash: OctetString::new(DigestAlg::Sha256.digest(&[&cert_der]))?,
            issuer_serial: IssuerSerial {
                issuer: vec![GeneralName::DirectoryName(tbs.issuer().clone())],
                serial_number: tbs.serial_number().clone(),
            },
        }],
    })
}

/// contentType, messageDigest (of the content, `digest`), signing-certificate-v2 of `cert`,
/// and signingTime when given.
pub fn signed_attributes(
    content_type: ObjectIdentifier,
    digest: &[u8],
    cert: &Certificate,
    signing_time: Option<SystemTime>,
) -> Result<SignedAttributes> {
    let mut attrs = vec![
        attribute(OID_CONTENT_TYPE, Any::encode_from(&content_type)?)?,
        attribute(
            OID_MESSAGE_DIGEST,
            Any::encode_from(&OctetString::new(digest)?)?,
        )?,
        attribute(
            OID_SIGNING_CERTIFICATE_V2,
            Any::encode_from(&signing_certificate_v2(cert)?)?,
        )?,
    ];
    if let Some(t) = signing_time {
        let time = x509_cert::time::Time::try_from(t)?;
        attrs.push(attribute(OID_SIGNING_TIME, Any::encode_from(&time)?)?);
    }
    Ok(SetOfVec::try_from(attrs)?)
}

/// The signature over the DER of the signed attributes (as a SET OF, RFC 5652 5.4): RSA
/// PKCS#1 v1.5 with SHA-256, or SM2 with SM3, as `signer` was made.
pub fn sign_attributes(signer: &CertSigner, attrs: &SignedAttributes) -> Result<Vec<u8>> {
    let to_sign = attrs.to_der()?;
    let sig = signer.try_sign(&to_sign)?.to_bitstring()?;
    Ok(sig.raw_bytes().to_vec())
}

/// What goes into a SignedData besides the attributes and the signature.
pub struct Content<'a> {
    pub econtent_type: ObjectIdentifier,
    /// The encapsulated content (a TSTInfo's DER), or `None` for a detached signature.
    pub econtent: Option<&'a [u8]>,
    pub digest_alg: DigestAlg,
    /// The signer's certificate, then CA certificates (each embedded once).
    pub cert: &'a Certificate,
    pub chain: &'a [Certificate],
}

/// The DER ContentInfo (SignedData, one signer identified by issuer and serial number)
/// carrying `signature` over `attrs`.
pub fn assemble(
    content: &Content,
    signer: &CertSigner,
    attrs: SignedAttributes,
    signature: Vec<u8>,
) -> Result<Vec<u8>> {
    let tbs = content.cert.tbs_certificate();
    let digest_algorithm = AlgorithmIdentifierOwned {
        oid: content.digest_alg.oid(),
        parameters: None,
    };
    let signer_info = SignerInfo {
        version: CmsVersion::V1,
        sid: SignerIdentifier::IssuerAndSerialNumber(IssuerAndSerialNumber {
            issuer: tbs.issuer().clone(),
            serial_number: tbs.serial_number().clone(),
        }),
        digest_alg: digest_algorithm.clone(),
        signed_attrs: Some(attrs),
        signature_algorithm: signer.signature_algorithm_identifier()?,
        signature: OctetString::new(signature)?,
        unsigned_attrs: None,
    };
    let mut seen = BTreeSet::new();
    let mut certs = Vec::new();
    for c in std::iter::once(content.cert).chain(content.chain.iter()) {
        if seen.insert(c.to_der()?) {
            certs.push(CertificateChoices::Certificate(c.clone()));
        }
    }
    let econtent = content
        .econtent
        .map(|bytes| Any::encode_from(&OctetString::new(bytes)?))
        .transpose()?;
    // RFC 5652 5.1: version 3 when the content is not id-data.
    let version = if content.econtent_type == OID_DATA {
        CmsVersion::V1
    } else {
        CmsVersion::V3
    };
    let signed_data = SignedData {
        version,
        digest_algorithms: SetOfVec::try_from(vec![digest_algorithm])?,
        encap_content_info: EncapsulatedContentInfo {
            econtent_type: content.econtent_type,
            econtent,
        },
        certificates: Some(CertificateSet(SetOfVec::try_from(certs)?)),
        crls: None,
        signer_infos: SignerInfos(SetOfVec::try_from(vec![signer_info])?),
    };
    Ok(ContentInfo {
        content_type: OID_SIGNED_DATA,
        content: Any::encode_from(&signed_data)?,
    }
    .to_der()?)
}
