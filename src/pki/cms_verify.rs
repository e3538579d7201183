//! Checking a CMS SignedData signature, for every caller that has one (PDF signatures,
//! RFC 3161 timestamp tokens): finding the signer among the certificates the CMS carries
//! (by issuer and serial number or by subject key identifier), reading the signed attributes
//! exactly as they were signed, and verifying RSA PKCS#1 v1.5 (SHA-256/384/512) or SM2 with
//! SM3 (ID 1234567812345678) over them. What the signature is *about* (a PDF's byte ranges,
//! a TSTInfo) is the caller's.

use cms::signed_data::{SignedData, SignerIdentifier, SignerInfo};
use der::asn1::{ObjectIdentifier, OctetString};
use spki::AlgorithmIdentifierOwned;
use x509_cert::Certificate;
use x509_cert::ext::pkix::SubjectKeyIdentifier;

use super::error::SignatureFailure;
use super::keys::{
    OID_EC_PUBLIC_KEY, OID_RSA_ENCRYPTION, OID_SHA256_WITH_RSA, OID_SHA384_WITH_RSA,
    OID_SHA512_WITH_RSA, OID_SM2_CURVE, OID_SM2_WITH_SM3, SM2_DEFAULT_DISTID,
};
use super::signed_data::DigestAlg;

/// GM/T 0006 sm2sign (some producers name the SM2 signature so in SignerInfo).
const OID_SM2_SIGN: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.156.10197.1.301.1");

/// The certificates a SignedData carries (other certificate formats are skipped).
pub fn certificates(sd: &SignedData) -> Vec<&Certificate> {
    sd.certificates
        .as_ref()
        .map(|s| {
            s.0.iter()
                .filter_map(|c| match c {
                    cms::cert::CertificateChoices::Certificate(c) => Some(c),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The first SignerInfo's certificate among `certs`, when it is there.
pub fn find_signer<'a>(certs: &[&'a Certificate], si: &SignerInfo) -> Option<&'a Certificate> {
    certs.iter().copied().find(|c| is_signer(c, &si.sid))
}

/// Whether `c` is the certificate `sid` names.
pub fn is_signer(c: &Certificate, sid: &SignerIdentifier) -> bool {
    let tbs = c.tbs_certificate();
    match sid {
        SignerIdentifier::IssuerAndSerialNumber(ias) => {
            ias.issuer == *tbs.issuer() && ias.serial_number == *tbs.serial_number()
        }
        SignerIdentifier::SubjectKeyIdentifier(ski) => tbs
            .get_extension::<SubjectKeyIdentifier>()
            .ok()
            .flatten()
            .is_some_and(|(_, k)| k == *ski),
    }
}

fn is_sm2_key(c: &Certificate) -> bool {
    let spki = c.tbs_certificate().subject_public_key_info();
    spki.algorithm.oid == OID_EC_PUBLIC_KEY
        && spki
            .algorithm
            .parameters
            .as_ref()
            .and_then(|p| p.decode_as::<ObjectIdentifier>().ok())
            == Some(OID_SM2_CURVE)
}

/// "RSA" or "SM2" for the SignerInfo's signature algorithm with this certificate.
pub fn key_algorithm(alg: &AlgorithmIdentifierOwned, signer: &Certificate) -> Option<&'static str> {
    let o = alg.oid;
    if o == OID_RSA_ENCRYPTION || rsa_hash(&o).is_some() {
        Some("RSA")
    } else if (o == OID_SM2_WITH_SM3
        || o == OID_SM2_SIGN
        || o == OID_SM2_CURVE
        || o == OID_EC_PUBLIC_KEY)
        && is_sm2_key(signer)
    {
        Some("SM2")
    } else {
        None
    }
}

/// The hash of an RSA signature algorithm that names one (sha256WithRSAEncryption …).
pub fn rsa_hash(oid: &ObjectIdentifier) -> Option<DigestAlg> {
    match *oid {
        o if o == OID_SHA256_WITH_RSA => Some(DigestAlg::Sha256),
        o if o == OID_SHA384_WITH_RSA => Some(DigestAlg::Sha384),
        o if o == OID_SHA512_WITH_RSA => Some(DigestAlg::Sha512),
        _ => None,
    }
}

/// Verifies `sig` over `msg` with `signer`'s key: RSA PKCS#1 v1.5 with the hash the
/// algorithm names (else `digest_alg`), or SM2 with SM3 and the GM/T default ID.
pub fn verify_with(
    alg: &AlgorithmIdentifierOwned,
    digest_alg: DigestAlg,
    msg: &[u8],
    sig: &[u8],
    signer: &Certificate,
) -> std::result::Result<(), SignatureFailure> {
    use signature::Verifier;
    let spki = signer.tbs_certificate().subject_public_key_info();
    let malformed = |e: signature::Error| SignatureFailure::Malformed {
        reason: e.to_string(),
    };
    match key_algorithm(alg, signer) {
        Some("RSA") => {
            let pk = rsa::PublicKey::try_from(der::referenced::OwnedToRef::owned_to_ref(spki))
                .map_err(|e| SignatureFailure::KeyUnreadable {
                    key_algorithm: "RSA",
                    reason: e.to_string(),
                })?;
            let s = rsa::pkcs1v15::Signature::try_from(sig).map_err(malformed)?;
            let res = match rsa_hash(&alg.oid).unwrap_or(digest_alg) {
                DigestAlg::Sha256 => {
                    rsa::pkcs1v15::VerifyingKey::<sha2::Sha256>::new(pk).verify(msg, &s)
                }
                DigestAlg::Sha384 => {
                    rsa::pkcs1v15::VerifyingKey::<sha2::Sha384>::new(pk).verify(msg, &s)
                }
                DigestAlg::Sha512 => {
                    rsa::pkcs1v15::VerifyingKey::<sha2::Sha512>::new(pk).verify(msg, &s)
                }
                DigestAlg::Sm3 => return Err(SignatureFailure::RsaWithSm3),
            };
            res.map_err(|_| SignatureFailure::Mismatch)
        }
        Some(_) => {
            let key_unreadable = |reason: String| SignatureFailure::KeyUnreadable {
                key_algorithm: "SM2",
                reason,
            };
            let point = spki
                .subject_public_key
                .as_bytes()
                .ok_or_else(|| key_unreadable("the key's bit string has unused bits".into()))?;
            let vk = sm2::dsa::VerifyingKey::from_sec1_bytes(SM2_DEFAULT_DISTID, point)
                .map_err(|e| key_unreadable(e.to_string()))?;
            let s = sm2::dsa::Signature::from_der(sig).map_err(malformed)?;
            vk.verify(msg, &s).map_err(|_| SignatureFailure::Mismatch)
        }
        None => Err(SignatureFailure::UnsupportedAlgorithm {
            oid: alg.oid.to_string(),
        }),
    }
}

/// The value of the signed attribute `oid` (its first value), decoded as `T`.
pub fn signed_attribute<'a, T: der::Choice<'a> + der::DecodeValue<'a>>(
    si: &'a SignerInfo,
    oid: ObjectIdentifier,
) -> Option<T> {
    si.signed_attrs
        .as_ref()?
        .iter()
        .find(|a| a.oid == oid)?
        .values
        .iter()
        .next()?
        .decode_as::<T>()
        .ok()
}

/// The messageDigest signed attribute.
pub fn message_digest(si: &SignerInfo) -> Option<Vec<u8>> {
    signed_attribute::<OctetString>(si, super::signed_data::OID_MESSAGE_DIGEST)
        .map(|o| o.as_bytes().to_vec())
}

/// One DER element's tag, header length and content length (definite lengths only).
pub fn tlv(b: &[u8]) -> Option<(u8, usize, usize)> {
    let tag = *b.first()?;
    let l0 = *b.get(1)?;
    if l0 < 0x80 {
        return Some((tag, 2, l0 as usize));
    }
    let n = (l0 & 0x7f) as usize;
    if n == 0 || n > 4 {
        return None;
    }
    let mut len = 0usize;
    for i in 0..n {
        len = (len << 8) | *b.get(2 + i)? as usize;
    }
    Some((tag, 2 + n, len))
}

/// The elements inside a constructed element's content.
pub fn children(content: &[u8]) -> Option<Vec<&[u8]>> {
    let mut out = Vec::new();
    let mut rest = content;
    while !rest.is_empty() {
        let (_, h, l) = tlv(rest)?;
        let n = h.checked_add(l)?;
        out.push(rest.get(..n)?);
        rest = &rest[n..];
    }
    Some(out)
}

/// The content octets of one DER element.
pub fn content_of(element: &[u8]) -> Option<&[u8]> {
    let (_, h, l) = tlv(element)?;
    element.get(h..h.checked_add(l)?)
}

/// The (first signer's) signed attributes exactly as the signer encoded them, re-tagged as
/// the SET OF that the signature covers (RFC 5652, 5.4): re-encoding could reorder a non-DER
/// set. `cms` is the DER ContentInfo.
pub fn signed_attributes_der(cms: &[u8]) -> Option<Vec<u8>> {
    let ci = children(content_of(cms)?)?;
    let explicit = ci.get(1)?;
    let sd = children(content_of(explicit)?)?;
    let sd = children(content_of(sd.first()?)?)?;
    let signer_infos = sd.last()?;
    let si = children(content_of(signer_infos)?)?;
    let si = children(content_of(si.first()?)?)?;
    let attrs = si.get(3).filter(|a| a.first() == Some(&0xA0))?;
    let mut out = attrs.to_vec();
    out[0] = 0x31;
    Some(out)
}
