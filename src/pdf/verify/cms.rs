//! The CMS side of a PDF signature: a detached SignedData over the two signed byte ranges
//! (or a document timestamp's TSTInfo imprint), its signer found in the certificates it
//! carries, and the signature over the signed attributes checked with RSA PKCS#1 v1.5
//! (SHA-256/384/512) or SM2 with SM3 (ID 1234567812345678).

use cms::content_info::ContentInfo;
use cms::signed_data::{SignedData, SignerIdentifier, SignerInfo};
use der::asn1::{BitString, ObjectIdentifier, OctetString};
use der::{Decode, Encode};
use spki::AlgorithmIdentifierOwned;
use x509_cert::Certificate;
use x509_cert::ext::pkix::SubjectKeyIdentifier;

use super::{SignatureReport, rfc3339};
use crate::pdf::sign::{
    DigestAlg, OID_CONTENT_TYPE, OID_MESSAGE_DIGEST, OID_SIGNED_DATA, OID_SIGNING_TIME,
};
use crate::pki::keys::{OID_SM2_CURVE, OID_SM2_WITH_SM3, SM2_DEFAULT_DISTID, verify_signature};

const OID_RSA_ENCRYPTION: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");
const OID_SHA256_WITH_RSA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.11");
const OID_SHA384_WITH_RSA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.12");
const OID_SHA512_WITH_RSA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.13");
/// GM/T 0006 sm2sign (some producers name the SM2 signature so in SignerInfo).
const OID_SM2_SIGN: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.156.10197.1.301.1");
const OID_EC_PUBLIC_KEY: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.2.1");
const OID_TST_INFO: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.1.4");

/// The digest algorithm the (first) signer of a CMS SignedData used, if it can be read: what
/// the one-pass hashing of the signed ranges needs to know before the checks run.
pub(super) fn signer_digest_alg(cms: &[u8]) -> Option<DigestAlg> {
    let ci = ContentInfo::from_der(cms).ok()?;
    let sd: SignedData = ci.content.decode_as().ok()?;
    let si = sd.signer_infos.0.iter().next()?;
    DigestAlg::from_oid(&si.digest_alg.oid)
}

/// Checks a detached CMS SignedData over the two signed byte ranges and fills the signer's
/// details into `r`; Ok when the signature verifies.
/// `known` gives the digest of the ranges where it was computed already (one pass for all
/// signatures: `super::digests`); otherwise it is computed here.
pub(crate) fn check_cms(
    ranges: [&[u8]; 2],
    known: &dyn Fn(DigestAlg) -> Option<Vec<u8>>,
    cms: &[u8],
    r: &mut SignatureReport,
) -> std::result::Result<(), String> {
    let range_digest = |alg: DigestAlg| known(alg).unwrap_or_else(|| alg.digest(&ranges));
    let ci = ContentInfo::from_der(cms).map_err(|e| format!("cannot read the CMS: {e}"))?;
    if ci.content_type != OID_SIGNED_DATA {
        return Err(format!("the CMS is not SignedData ({})", ci.content_type));
    }
    let sd: SignedData = ci
        .content
        .decode_as()
        .map_err(|e| format!("cannot read the CMS SignedData: {e}"))?;
    let si: &SignerInfo = sd
        .signer_infos
        .0
        .iter()
        .next()
        .ok_or("the CMS has no SignerInfo")?;
    let certs: Vec<&Certificate> = sd
        .certificates
        .as_ref()
        .map(|s| {
            s.0.iter()
                .filter_map(|c| match c {
                    cms::cert::CertificateChoices::Certificate(c) => Some(c),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default();
    let signer = certs
        .iter()
        .copied()
        .find(|c| is_signer(c, &si.sid))
        .ok_or("the signer's certificate is not in the CMS")?;
    let tbs = signer.tbs_certificate();
    r.signer_subject = tbs.subject().to_string();
    r.issuer = tbs.issuer().to_string();
    r.signer_serial_hex = crate::pki::x509::serial_hex(signer);
    r.signer_der = signer.to_der().unwrap_or_default();
    r.chain_der = certs
        .iter()
        .filter(|c| !std::ptr::eq(**c, signer))
        .filter_map(|c| c.to_der().ok())
        .collect();

    let digest_alg = DigestAlg::from_oid(&si.digest_alg.oid)
        .ok_or_else(|| format!("unsupported digest algorithm {}", si.digest_alg.oid))?;
    let key_name = key_algorithm(&si.signature_algorithm, signer).ok_or_else(|| {
        format!(
            "unsupported signature algorithm {}",
            si.signature_algorithm.oid
        )
    })?;
    r.algorithm = format!(
        "{key_name}-{}",
        rsa_hash(&si.signature_algorithm.oid)
            .unwrap_or(digest_alg)
            .name()
    );

    // What was signed: the signed attributes (with the digest of the content), or the content.
    let signed_message: Vec<u8> = match &si.signed_attrs {
        Some(attrs) => {
            let attr = |oid: ObjectIdentifier| attrs.iter().find(|a| a.oid == oid);
            if let Some(t) = attr(OID_SIGNING_TIME)
                .and_then(|a| a.values.iter().next())
                .and_then(|v| v.decode_as::<x509_cert::time::Time>().ok())
            {
                r.signing_time = Some(rfc3339(t.to_system_time()));
            }
            let md = attr(OID_MESSAGE_DIGEST)
                .and_then(|a| a.values.iter().next())
                .and_then(|v| v.decode_as::<OctetString>().ok())
                .ok_or("the CMS has no messageDigest attribute")?;
            if let Some(ct) = attr(OID_CONTENT_TYPE)
                .and_then(|a| a.values.iter().next())
                .and_then(|v| v.decode_as::<ObjectIdentifier>().ok())
                && ct != sd.encap_content_info.econtent_type
            {
                return Err("the CMS contentType attribute does not match its content".into());
            }
            match &sd.encap_content_info.econtent {
                None => {
                    if range_digest(digest_alg) != md.as_bytes() {
                        return Err(
                            "the document was changed: the digest of the signed ranges does not match the signature's messageDigest".into(),
                        );
                    }
                }
                Some(content) if sd.encap_content_info.econtent_type == OID_TST_INFO => {
                    // A document timestamp: the token's content is a TSTInfo whose imprint
                    // is the digest of the signed ranges.
                    let tst = content
                        .decode_as::<OctetString>()
                        .map_err(|e| format!("cannot read the timestamp token: {e}"))?;
                    if digest_alg.digest(&[tst.as_bytes()]) != md.as_bytes() {
                        return Err(
                            "the timestamp token's messageDigest does not match its content".into(),
                        );
                    }
                    let (alg, imprint) = message_imprint(tst.as_bytes())
                        .ok_or("cannot read the timestamp token's message imprint")?;
                    let alg = DigestAlg::from_oid(&alg)
                        .ok_or_else(|| format!("unsupported timestamp imprint algorithm {alg}"))?;
                    if range_digest(alg) != imprint {
                        return Err(
                            "the document was changed: the digest of the signed ranges does not match the timestamp's imprint".into(),
                        );
                    }
                }
                Some(_) => {
                    return Err(
                        "the CMS encapsulates its content; a PDF signature must be detached".into(),
                    );
                }
            }
            signed_attributes_der(cms).ok_or("cannot locate the signed attributes in the CMS")?
        }
        None => {
            if sd.encap_content_info.econtent.is_some() {
                return Err(
                    "the CMS encapsulates its content; a PDF signature must be detached".into(),
                );
            }
            [ranges[0], ranges[1]].concat()
        }
    };
    verify_with(
        &si.signature_algorithm,
        digest_alg,
        &signed_message,
        si.signature.as_bytes(),
        signer,
    )
    .map_err(|e| format!("the signature does not verify with the signer's certificate: {e}"))
}

fn is_signer(c: &Certificate, sid: &SignerIdentifier) -> bool {
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
fn key_algorithm(alg: &AlgorithmIdentifierOwned, signer: &Certificate) -> Option<&'static str> {
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

fn rsa_hash(oid: &ObjectIdentifier) -> Option<DigestAlg> {
    match *oid {
        o if o == OID_SHA256_WITH_RSA => Some(DigestAlg::Sha256),
        o if o == OID_SHA384_WITH_RSA => Some(DigestAlg::Sha384),
        o if o == OID_SHA512_WITH_RSA => Some(DigestAlg::Sha512),
        _ => None,
    }
}

fn verify_with(
    alg: &AlgorithmIdentifierOwned,
    digest_alg: DigestAlg,
    msg: &[u8],
    sig: &[u8],
    signer: &Certificate,
) -> std::result::Result<(), String> {
    use signature::Verifier;
    let spki = signer.tbs_certificate().subject_public_key_info();
    match key_algorithm(alg, signer) {
        Some("RSA") => {
            let pk = rsa::PublicKey::try_from(der::referenced::OwnedToRef::owned_to_ref(spki))
                .map_err(|e| format!("bad RSA key: {e}"))?;
            let s = rsa::pkcs1v15::Signature::try_from(sig).map_err(|e| e.to_string())?;
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
                DigestAlg::Sm3 => return Err("RSA with SM3 is not supported".into()),
            };
            res.map_err(|e| e.to_string())
        }
        Some(_) => {
            let sm2 = AlgorithmIdentifierOwned {
                oid: OID_SM2_WITH_SM3,
                parameters: None,
            };
            let bits = BitString::from_bytes(sig).map_err(|e| e.to_string())?;
            verify_signature(msg, &sm2, &bits, spki, SM2_DEFAULT_DISTID).map_err(|e| e.to_string())
        }
        None => Err(format!("unsupported signature algorithm {}", alg.oid)),
    }
}

/// One DER element's tag, header length and content length (definite lengths only).
pub(super) fn tlv(b: &[u8]) -> Option<(u8, usize, usize)> {
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
fn children(content: &[u8]) -> Option<Vec<&[u8]>> {
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

fn content_of(element: &[u8]) -> Option<&[u8]> {
    let (_, h, l) = tlv(element)?;
    element.get(h..h.checked_add(l)?)
}

/// The signed attributes exactly as the signer encoded them, re-tagged as the SET OF that
/// the signature covers (RFC 5652, 5.4): re-encoding could reorder a non-DER set.
fn signed_attributes_der(cms: &[u8]) -> Option<Vec<u8>> {
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

/// The message imprint (hash algorithm, hashed message) of a DER TSTInfo.
fn message_imprint(tst: &[u8]) -> Option<(ObjectIdentifier, Vec<u8>)> {
    let fields = children(content_of(tst)?)?;
    let imprint = children(content_of(fields.get(2)?)?)?;
    let alg = AlgorithmIdentifierOwned::from_der(imprint.first()?).ok()?;
    let hashed = OctetString::from_der(imprint.get(1)?).ok()?;
    Some((alg.oid, hashed.as_bytes().to_vec()))
}
