//! CRL (v2) construction.
//!
//! `x509_cert::builder::CrlBuilder` exists, but it copies the *issuer
//! certificate's own AKI* into the CRL when present, which is only correct for
//! self-signed roots (for a sub-CA it would point at the root's key). We
//! therefore assemble `TbsCertList` directly and sign it with the same
//! `CertSigner` used for certificates.

use std::time::{Duration, SystemTime};

use der::{Encode, asn1::BitString};
use signature::Signer;
use spki::{DynSignatureAlgorithmIdentifier, SignatureBitStringEncoding};
use x509_cert::{
    Certificate,
    certificate::Version,
    crl::{CertificateList, RevokedCert, TbsCertList},
    ext::{
        Extension, ToExtension,
        pkix::{AuthorityKeyIdentifier, CrlNumber, CrlReason, SubjectKeyIdentifier},
    },
    serial_number::SerialNumber,
    time::Time,
};

use super::error::Result;
use super::keys::PrivateKey;
use super::x509::key_identifier;

pub struct Revocation {
    pub serial: SerialNumber,
    pub revoked_at: SystemTime,
    pub reason: Option<CrlReason>,
}

pub fn build_crl(
    ca_cert: &Certificate,
    ca_key: &PrivateKey,
    crl_number: u64,
    revoked: &[Revocation],
    this_update: SystemTime,
    next_update_in: Duration,
    sm2_distid: &str,
) -> Result<CertificateList> {
    let signer = ca_key.signer(sm2_distid)?;
    let ca_tbs = ca_cert.tbs_certificate();
    let issuer = ca_tbs.subject().clone();

    let key_id = match ca_tbs.get_extension::<SubjectKeyIdentifier>()? {
        Some((_, ski)) => ski.0,
        None => key_identifier(ca_tbs.subject_public_key_info())?.0,
    };
    let mut exts: Vec<Extension> = Vec::new();
    let aki = AuthorityKeyIdentifier {
        key_identifier: Some(key_id),
        ..Default::default()
    };
    exts.push((&aki).to_extension(&issuer, &exts)?);
    let num = CrlNumber::try_from(crl_number)?;
    exts.push((&num).to_extension(&issuer, &exts)?);

    let mut entries = Vec::with_capacity(revoked.len());
    for r in revoked {
        let crl_entry_extensions = match &r.reason {
            Some(reason) => Some(vec![reason.to_extension(&issuer, &[])?]),
            None => None,
        };
        entries.push(RevokedCert {
            serial_number: r.serial.clone(),
            revocation_date: Time::try_from(r.revoked_at)?,
            crl_entry_extensions,
        });
    }

    let now = this_update;
    let tbs = TbsCertList {
        version: Version::V2,
        signature: signer.signature_algorithm_identifier()?,
        issuer,
        this_update: Time::try_from(now)?,
        next_update: Some(Time::try_from(now + next_update_in)?),
        revoked_certificates: if entries.is_empty() {
            None
        } else {
            Some(entries)
        },
        crl_extensions: Some(exts),
    };
    let sig = signer.try_sign(&tbs.to_der()?)?;
    let signature: BitString = sig.to_bitstring()?;
    Ok(CertificateList {
        signature_algorithm: tbs.signature.clone(),
        tbs_cert_list: tbs,
        signature,
    })
}

/// What a CRL says, read back from its DER.
pub struct CrlContents {
    /// `None` when the CRL has no CRL number extension (or one too large for 64 bits).
    pub number: Option<u64>,
    pub this_update: SystemTime,
    pub next_update: Option<SystemTime>,
    pub entries: Vec<CrlContentsEntry>,
}

pub struct CrlContentsEntry {
    /// Big-endian serial number bytes.
    pub serial: Vec<u8>,
    pub revoked_at: SystemTime,
    pub reason: Option<CrlReason>,
}

/// Parses a DER CRL and checks it is signed by `issuer`'s key.
pub fn read_crl(der: &[u8], issuer: &Certificate, sm2_distid: &str) -> Result<CrlContents> {
    use der::Decode;
    let crl: CertificateList = CertificateList::from_der(der)?;
    let tbs_der = crl.tbs_cert_list.to_der()?;
    super::keys::verify_signature(
        &tbs_der,
        &crl.signature_algorithm,
        &crl.signature,
        issuer.tbs_certificate().subject_public_key_info(),
        sm2_distid,
    )?;
    let tbs = &crl.tbs_cert_list;
    let mut number = None;
    for ext in tbs.crl_extensions.iter().flatten() {
        if ext.extn_id == <CrlNumber as const_oid::AssociatedOid>::OID {
            let n = CrlNumber::from_der(ext.extn_value.as_bytes())?;
            let bytes = n.0.as_bytes();
            if bytes.len() <= 8 {
                number = Some(bytes.iter().fold(0u64, |acc, b| (acc << 8) | u64::from(*b)));
            }
        }
    }
    let mut entries = Vec::new();
    for r in tbs.revoked_certificates.iter().flatten() {
        let mut reason = None;
        for ext in r.crl_entry_extensions.iter().flatten() {
            if ext.extn_id == <CrlReason as const_oid::AssociatedOid>::OID {
                reason = Some(CrlReason::from_der(ext.extn_value.as_bytes())?);
            }
        }
        entries.push(CrlContentsEntry {
            serial: r.serial_number.as_bytes().to_vec(),
            revoked_at: r.revocation_date.to_system_time(),
            reason,
        });
    }
    Ok(CrlContents {
        number,
        this_update: tbs.this_update.to_system_time(),
        next_update: tbs.next_update.map(|t| t.to_system_time()),
        entries,
    })
}
