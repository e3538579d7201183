//! The CMS side of a PDF signature: a detached SignedData over the two signed byte ranges
//! (or a document timestamp's TSTInfo imprint), its signer found in the certificates it
//! carries, and the signature over the signed attributes checked with RSA PKCS#1 v1.5
//! (SHA-256/384/512) or SM2 with SM3 (ID 1234567812345678).

//!
//! The CMS checking itself (signer, signed attributes, RSA/SM2) is `pki::cms_verify`, shared
//! with timestamp tokens.

use cms::content_info::ContentInfo;
use cms::signed_data::{SignedData, SignerInfo};
use der::asn1::{ObjectIdentifier, OctetString};
use der::{Decode, Encode};
use spki::AlgorithmIdentifierOwned;
use x509_cert::Certificate;

use super::digests::Covered;
use super::{SignatureReport, rfc3339};
use crate::pdf::problem::SignatureProblem as P;
use crate::pdf::sign::{
    DigestAlg, OID_CONTENT_TYPE, OID_MESSAGE_DIGEST, OID_SIGNED_DATA, OID_SIGNING_TIME,
};
pub(super) use crate::pki::cms_verify::tlv;
use crate::pki::cms_verify::{
    children, content_of, key_algorithm, rsa_hash, signed_attributes_der, verify_with,
};
use crate::pki::tsp::OID_TST_INFO;

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
/// `signed` gives the ranges' digest (computed in one pass for all signatures where it
/// could be: `super::digests`) and, rarely needed, the bytes themselves.
pub(crate) fn check_cms(
    signed: &dyn Covered,
    cms: &[u8],
    r: &mut SignatureReport,
) -> std::result::Result<(), P> {
    let range_digest = |alg: DigestAlg| signed.digest(alg);
    let ci = ContentInfo::from_der(cms).map_err(|e| P::CmsUnreadable {
        detail: e.to_string(),
    })?;
    if ci.content_type != OID_SIGNED_DATA {
        return Err(P::NotSignedData {
            oid: ci.content_type.to_string(),
        });
    }
    let sd: SignedData =
        ci.content
            .decode_as()
            .map_err(|e: der::Error| P::SignedDataUnreadable {
                detail: e.to_string(),
            })?;
    let si: &SignerInfo = sd.signer_infos.0.iter().next().ok_or(P::NoSignerInfo)?;
    let certs: Vec<&Certificate> = crate::pki::cms_verify::certificates(&sd);
    let signer = crate::pki::cms_verify::find_signer(&certs, si).ok_or(P::SignerNotInCms)?;
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

    let digest_alg =
        DigestAlg::from_oid(&si.digest_alg.oid).ok_or_else(|| P::UnsupportedDigest {
            oid: si.digest_alg.oid.to_string(),
        })?;
    let key_name = key_algorithm(&si.signature_algorithm, signer).ok_or_else(|| {
        P::UnsupportedSignatureAlgorithm {
            oid: si.signature_algorithm.oid.to_string(),
        }
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
                .ok_or(P::NoMessageDigest)?;
            if let Some(ct) = attr(OID_CONTENT_TYPE)
                .and_then(|a| a.values.iter().next())
                .and_then(|v| v.decode_as::<ObjectIdentifier>().ok())
                && ct != sd.encap_content_info.econtent_type
            {
                return Err(P::ContentTypeMismatch);
            }
            match &sd.encap_content_info.econtent {
                None => {
                    if range_digest(digest_alg) != md.as_bytes() {
                        return Err(P::DigestMismatch);
                    }
                }
                Some(content) if sd.encap_content_info.econtent_type == OID_TST_INFO => {
                    // A document timestamp: the token's content is a TSTInfo whose imprint
                    // is the digest of the signed ranges.
                    let tst =
                        content
                            .decode_as::<OctetString>()
                            .map_err(|e| P::TokenUnreadable {
                                detail: e.to_string(),
                            })?;
                    if digest_alg.digest(&[tst.as_bytes()]) != md.as_bytes() {
                        return Err(P::TokenDigestMismatch);
                    }
                    let (alg, imprint) =
                        message_imprint(tst.as_bytes()).ok_or(P::TokenImprintUnreadable)?;
                    let alg = DigestAlg::from_oid(&alg).ok_or_else(|| P::UnsupportedImprint {
                        oid: alg.to_string(),
                    })?;
                    if range_digest(alg) != imprint {
                        return Err(P::ImprintMismatch);
                    }
                }
                Some(_) => return Err(P::Encapsulated),
            }
            signed_attributes_der(cms).ok_or(P::SignedAttributesMissing)?
        }
        None => {
            if sd.encap_content_info.econtent.is_some() {
                return Err(P::Encapsulated);
            }
            signed.bytes()
        }
    };
    verify_with(
        &si.signature_algorithm,
        digest_alg,
        &signed_message,
        si.signature.as_bytes(),
        signer,
    )
    .map_err(|failure| P::SignatureInvalid { failure })
}

/// The message imprint (hash algorithm, hashed message) of a DER TSTInfo.
fn message_imprint(tst: &[u8]) -> Option<(ObjectIdentifier, Vec<u8>)> {
    let fields = children(content_of(tst)?)?;
    let imprint = children(content_of(fields.get(2)?)?)?;
    let alg = AlgorithmIdentifierOwned::from_der(imprint.first()?).ok()?;
    let hashed = OctetString::from_der(imprint.get(1)?).ok()?;
    Some((alg.oid, hashed.as_bytes().to_vec()))
}
