//! Root CA and leaf certificate issuance on top of
//! `x509_cert::builder::CertificateBuilder`.
//!
//! The builder's stock profiles (`profile::cabf::*`) enforce CA/B-Forum
//! naming rules (they reject OU / serialNumber in a root, etc.), so we use a
//! trivial profile that only supplies subject/issuer and add every extension
//! explicitly with `add_extension`.

use std::time::SystemTime;

use der::{
    Encode,
    asn1::{Ia5String, ObjectIdentifier, OctetString, PrintableString},
    referenced::OwnedToRef,
};
use spki::SubjectPublicKeyInfoOwned;
use x509_cert::{
    Certificate,
    builder::{Builder, CertificateBuilder, profile::BuilderProfile},
    certificate::TbsCertificate,
    ext::{
        Extension,
        pkix::{
            AuthorityKeyIdentifier, BasicConstraints, CrlDistributionPoints, ExtendedKeyUsage,
            KeyUsage, KeyUsages, SubjectKeyIdentifier,
            crl::dp::DistributionPoint,
            name::{DistributionPointName, GeneralName},
        },
    },
    name::Name,
    serial_number::SerialNumber,
    time::Validity,
};

use super::error::{Error, Result};
use super::keys::{CertSigner, PrivateKey, SignatureBits};

/// GM/T 0015-2023 identity extensions (non-critical, PrintableString values): resident
/// identity card number, passport number, unified social credit code. (GM/T 0015-2012 and
/// many deployed readers use the older IdentifyCode 1.2.156.10260.4.1.1 instead.)
pub const OID_RESIDENT_ID_NUMBER: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.156.10260.4.1.1.1");
pub const OID_PASSPORT_NUMBER: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.156.10260.4.1.1.2");
pub const OID_USCC: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.156.10260.4.4");

fn validity(not_before: SystemTime, not_after: SystemTime) -> Result<Validity> {
    Ok(Validity::new(
        x509_cert::time::Time::try_from(not_before)?,
        x509_cert::time::Time::try_from(not_after)?,
    ))
}

/// Profile that only fixes subject and issuer; extensions are added by the caller.
struct PlainProfile {
    subject: Name,
    issuer: Name,
}

impl BuilderProfile for PlainProfile {
    fn get_issuer(&self, _subject: &Name) -> Name {
        self.issuer.clone()
    }
    fn get_subject(&self) -> Name {
        self.subject.clone()
    }
    fn build_extensions(
        &self,
        _spk: spki::SubjectPublicKeyInfoRef<'_>,
        _issuer_spk: spki::SubjectPublicKeyInfoRef<'_>,
        _tbs: &TbsCertificate,
    ) -> x509_cert::builder::Result<Vec<Extension>> {
        Ok(Vec::new())
    }
}

/// Random positive serial: 16 bytes (128 bits) from the OS RNG, MSB cleared
/// so the DER INTEGER never needs a leading 0x00 (stays <= 16 octets; RFC 5280 max 20).
pub fn random_serial() -> Result<SerialNumber> {
    let mut buf = [0u8; 16];
    loop {
        getrandom::fill(&mut buf)?;
        buf[0] &= 0x7f;
        if buf[0] != 0 {
            break;
        }
    }
    Ok(SerialNumber::new(&buf)?)
}

/// SKI per RFC 5280 4.2.1.2 method (1): SHA-1 of the subjectPublicKey bits.
pub fn key_identifier(spki: &SubjectPublicKeyInfoOwned) -> Result<SubjectKeyIdentifier> {
    Ok(SubjectKeyIdentifier::try_from(spki.owned_to_ref())?)
}

/// Self-signed root: basicConstraints CA:TRUE (critical), keyUsage
/// keyCertSign|cRLSign (critical), SKI, AKI(keyid = SKI).
pub fn create_root_ca(
    key: &PrivateKey,
    subject: Name,
    not_before: SystemTime,
    not_after: SystemTime,
    sm2_distid: &str,
) -> Result<Certificate> {
    let signer = key.signer(sm2_distid)?;
    let spki = key.public_key_spki()?;
    let ski = key_identifier(&spki)?;

    let profile = PlainProfile {
        subject: subject.clone(),
        issuer: subject,
    };
    let mut b = CertificateBuilder::new(
        profile,
        random_serial()?,
        validity(not_before, not_after)?,
        spki,
    )?;
    b.add_extension(&BasicConstraints {
        ca: true,
        path_len_constraint: None,
    })?; // BasicConstraints::criticality() is always true
    b.add_extension((true, &KeyUsage(KeyUsages::KeyCertSign | KeyUsages::CRLSign)))?;
    b.add_extension(&ski)?;
    b.add_extension(&AuthorityKeyIdentifier {
        key_identifier: Some(ski.0.clone()),
        ..Default::default()
    })?;
    sign(b, &signer)
}

pub struct LeafRequest {
    pub subject: Name,
    pub public_key: SubjectPublicKeyInfoOwned,
    pub not_before: SystemTime,
    pub not_after: SystemTime,
    pub crl_uri: String,
    /// An identity extension (OID, PrintableString value), e.g. the resident ID number.
    pub identity: Option<(ObjectIdentifier, String)>,
}

/// Issue an end-entity signing certificate: keyUsage digitalSignature|nonRepudiation
/// (critical), SKI, AKI (copied from the CA's SKI), CRL DP (URI), optional identity
/// extension (non-critical, PrintableString).
pub fn issue_leaf(
    ca_cert: &Certificate,
    ca_key: &PrivateKey,
    req: &LeafRequest,
    sm2_distid: &str,
) -> Result<Certificate> {
    issue_leaf_with(ca_cert, ca_key, req, sm2_distid, None)
}

/// id-kp-timeStamping (RFC 3161 2.3).
pub const OID_KP_TIME_STAMPING: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.3.6.1.5.5.7.3.8");

/// Issue a time-stamping authority's certificate (RFC 3161 2.3): the leaf profile above
/// with extendedKeyUsage id-kp-timeStamping only, critical.
pub fn issue_tsa(
    ca_cert: &Certificate,
    ca_key: &PrivateKey,
    req: &LeafRequest,
    sm2_distid: &str,
) -> Result<Certificate> {
    issue_leaf_with(
        ca_cert,
        ca_key,
        req,
        sm2_distid,
        Some((true, vec![OID_KP_TIME_STAMPING])),
    )
}

/// [`issue_leaf`] with an extendedKeyUsage extension `(critical, purposes)` when given
/// (tests make TSA certificates without it, or with it non-critical, through here).
pub fn issue_leaf_with(
    ca_cert: &Certificate,
    ca_key: &PrivateKey,
    req: &LeafRequest,
    sm2_distid: &str,
    eku: Option<(bool, Vec<ObjectIdentifier>)>,
) -> Result<Certificate> {
    let signer = ca_key.signer(sm2_distid)?;
    let ca_tbs = ca_cert.tbs_certificate();

    // AKI must equal the issuer's *actual* SKI (it may have been produced by
    // another method); only fall back to recomputing it.
    let aki_id: OctetString = match ca_tbs.get_extension::<SubjectKeyIdentifier>()? {
        Some((_, ski)) => ski.0,
        None => key_identifier(ca_tbs.subject_public_key_info())?.0,
    };

    let profile = PlainProfile {
        subject: req.subject.clone(),
        issuer: ca_tbs.subject().clone(),
    };
    let mut b = CertificateBuilder::new(
        profile,
        random_serial()?,
        validity(req.not_before, req.not_after)?,
        req.public_key.clone(),
    )?;
    b.add_extension((
        true,
        &KeyUsage(KeyUsages::DigitalSignature | KeyUsages::NonRepudiation),
    ))?;
    b.add_extension(&key_identifier(&req.public_key)?)?;
    b.add_extension(&AuthorityKeyIdentifier {
        key_identifier: Some(aki_id),
        ..Default::default()
    })?;
    b.add_extension(&CrlDistributionPoints(vec![DistributionPoint {
        distribution_point: Some(DistributionPointName::FullName(vec![
            GeneralName::UniformResourceIdentifier(Ia5String::new(&req.crl_uri)?),
        ])),
        reasons: None,
        crl_issuer: None,
    }]))?;
    if let Some((oid, value)) = &req.identity {
        let v = PrintableString::new(value)?;
        b.add_extension((*oid, false, &v))?;
    }
    if let Some((critical, purposes)) = eku {
        b.add_extension((critical, &ExtendedKeyUsage(purposes)))?;
    }
    sign(b, &signer)
}

fn sign(b: CertificateBuilder<PlainProfile>, signer: &CertSigner) -> Result<Certificate> {
    let cert = b.build::<_, SignatureBits>(signer)?;
    // sanity: make sure it round-trips
    cert.to_der().map_err(Error::from)?;
    Ok(cert)
}

/// A certificate's serial number as upper-case hex (how the registry stores and shows it).
pub fn serial_hex(cert: &Certificate) -> String {
    crate::hex::encode(cert.tbs_certificate().serial_number().as_bytes()).to_uppercase()
}

/// Whether `cert` names `issuer` as its issuer: the same encoded name, or the same name as
/// text (so a name re-encoded with other string types, which reads the same to a person,
/// still counts as claiming that issuer).
pub fn names_issuer(cert: &Certificate, issuer: &Certificate) -> bool {
    let (claimed, name) = (
        cert.tbs_certificate().issuer(),
        issuer.tbs_certificate().subject(),
    );
    claimed == name || claimed.to_string() == name.to_string()
}

/// Checks that `issuer`'s key signed `cert` (RSA with SHA-256/384/512, or SM2 with the
/// GM/T default ID).
pub fn verify_signed_by(cert: &Certificate, issuer: &Certificate) -> Result<()> {
    let tbs = cert.tbs_certificate().to_der()?;
    super::keys::verify_signature(
        &tbs,
        cert.signature_algorithm(),
        cert.signature(),
        issuer.tbs_certificate().subject_public_key_info(),
        super::keys::SM2_DEFAULT_DISTID,
    )
}

/// What makes a certificate a CA's rather than a holder's (RFC 5280 §4.2.1.3, §4.2.1.9):
/// `(basicConstraints cA, keyUsage keyCertSign)`.
pub fn ca_capabilities(cert: &Certificate) -> Result<(bool, bool)> {
    let tbs = cert.tbs_certificate();
    let ca = tbs
        .get_extension::<BasicConstraints>()?
        .is_some_and(|(_, bc)| bc.ca);
    let cert_sign = tbs
        .get_extension::<KeyUsage>()?
        .is_some_and(|(_, ku)| ku.key_cert_sign());
    Ok((ca, cert_sign))
}
