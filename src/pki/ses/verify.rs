//! Checking a seal or stamp made anywhere, check by check: structure and version (a file
//! that cannot be read is refused at once), the maker's signature, the maker's chain to the
//! trust anchors given, the maker certificate's validity when it made the seal, the seal's
//! validity at a moment, the picture (decodes, within the pixel limit
//! catool uses for seal pictures) and the certificate list; for a stamp also the data hash
//! against the file, the signer's presence in the seal's certificate list, the signer's
//! signature, the signer certificate's validity at the moment checked and its chain to the
//! trust anchors given; its revocation is left to a caller that knows a revocation source
//! (`crate::domain::ses_trust`), and reported as not checked otherwise. Every check runs even
//! when an earlier one fails, so a report says everything.

use std::time::SystemTime;

use der::Decode;
use der::asn1::BitString;
use spki::AlgorithmIdentifierOwned;
use x509_cert::Certificate;

use super::asn1::CertList;
use super::build::HashAlg;
use super::decode::{DecodedSeal, DecodedStamp, When, decode_seal, decode_stamp};
use super::error::{Party, Result, SesError, count};
use crate::pki::keys::{OID_SHA256_WITH_RSA, OID_SM2_WITH_SM3, SM2_DEFAULT_DISTID};

/// What is checked, in the order reports list it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckName {
    Structure,
    Version,
    MakerSignature,
    Chain,
    /// The maker certificate's validity period covers the seal's creation (when the maker
    /// signed it).
    MakerValidity,
    Validity,
    Picture,
    CertList,
    DataHash,
    SignerListed,
    Signature,
    /// The signer certificate's validity period covers the moment checked.
    SignerValidity,
    /// The signer certificate is a trust anchor, or was signed by one.
    SignerChain,
    /// The signer certificate is neither revoked nor frozen, as far as the caller knows.
    SignerRevocation,
}

impl CheckName {
    /// The stable name in JSON reports.
    pub fn as_str(self) -> &'static str {
        match self {
            CheckName::Structure => "structure",
            CheckName::Version => "version",
            CheckName::MakerSignature => "maker_signature",
            CheckName::Chain => "chain",
            CheckName::MakerValidity => "maker_validity",
            CheckName::Validity => "validity",
            CheckName::Picture => "picture",
            CheckName::CertList => "cert_list",
            CheckName::DataHash => "data_hash",
            CheckName::SignerListed => "signer_listed",
            CheckName::Signature => "signature",
            CheckName::SignerValidity => "signer_validity",
            CheckName::SignerChain => "signer_chain",
            CheckName::SignerRevocation => "signer_revocation",
        }
    }
}

/// One check and how it came out.
#[derive(Debug, Clone)]
pub struct Check {
    pub name: CheckName,
    pub outcome: Outcome,
}

/// How a check came out: passed, failed (and why), or not made (and why: a report says
/// exactly what was checked).
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Passed,
    Failed(SesError),
    NotChecked(NotChecked),
}

impl Outcome {
    /// The failure, if the check failed.
    pub fn failure(&self) -> Option<&SesError> {
        match self {
            Outcome::Failed(e) => Some(e),
            _ => None,
        }
    }

    pub fn passed(&self) -> bool {
        *self == Outcome::Passed
    }
}

impl From<Result<()>> for Outcome {
    fn from(r: Result<()>) -> Outcome {
        match r {
            Ok(()) => Outcome::Passed,
            Err(e) => Outcome::Failed(e),
        }
    }
}

/// Why a check was not made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotChecked {
    /// Nothing to check the signer's revocation against (trust anchors given, no registry).
    NoRevocationSource,
    /// The registry checked against has no record of the signer's certificate (not issued
    /// by one of its CAs).
    SignerUnknown,
}

impl NotChecked {
    /// The stable code in JSON reports.
    pub fn code(self) -> &'static str {
        match self {
            NotChecked::NoRevocationSource => "pki.ses.no_revocation_source",
            NotChecked::SignerUnknown => "pki.ses.signer_unknown",
        }
    }

    /// The catalogue entry saying why, for people.
    pub fn message_id(self) -> &'static str {
        match self {
            NotChecked::NoRevocationSource => crate::msg!("ses-not-checked-no-source"),
            NotChecked::SignerUnknown => crate::msg!("ses-not-checked-signer-unknown"),
        }
    }
}

/// How to check a seal.
#[derive(Debug, Clone)]
pub struct SealOptions<'a> {
    /// Certificates trusted to make seals (the maker's own, or its issuer's).
    pub anchors: &'a [Certificate],
    /// The moment validity is checked at.
    pub at: SystemTime,
    /// The pixel limit for the picture (catool's seal pictures:
    /// [`crate::seal::clean::DEFAULT_MAX_PIXELS`]).
    pub max_pixels: u64,
}

/// What a seal is and how its checks came out.
#[derive(Debug, Clone)]
pub struct SealReport {
    pub version: u32,
    pub vid: String,
    pub es_id: String,
    pub name: String,
    pub kind: u32,
    /// The maker certificate's subject (empty when it cannot be read).
    pub maker: String,
    pub created: When,
    pub valid_start: When,
    pub valid_end: When,
    pub at: When,
    pub picture_kind: String,
    pub width_mm: u32,
    pub height_mm: u32,
    /// The picture's size in pixels, when it decodes.
    pub pixels: Option<(u32, u32)>,
    pub cert_list_type: u32,
    pub cert_list_len: usize,
    pub checks: Vec<Check>,
}

/// Whether every check passed, else the failure to report: the first that says the file
/// is damaged (bad input), else the first that failed.
fn first_failure(checks: &[Check]) -> Option<&SesError> {
    use crate::i18n::Catalogued;
    checks
        .iter()
        .filter_map(|c| c.outcome.failure())
        .min_by_key(|e| e.describe().exit != crate::error::exit::BAD_INPUT)
}

impl SealReport {
    pub fn failure(&self) -> Option<&SesError> {
        first_failure(&self.checks)
    }
}

/// Reads and checks an `.esl`. A file that is not a seal of a known version is an error;
/// everything else is in the report.
pub fn verify_seal(der_bytes: &[u8], opts: &SealOptions<'_>) -> Result<SealReport> {
    let seal = decode_seal(der_bytes)?;
    Ok(check_seal(&seal, opts))
}

fn check_seal(seal: &DecodedSeal, opts: &SealOptions<'_>) -> SealReport {
    let (cert_der, alg, sig) = seal.maker();
    let maker = Certificate::from_der(cert_der.as_bytes()).map_err(|e| SesError::CertUnreadable {
        party: Party::Maker,
        detail: e.to_string(),
    });
    let signature = maker
        .clone()
        .and_then(|c| verify_by(&c, alg, sig, &seal.signed, Party::Maker));
    let chain = maker
        .clone()
        .and_then(|c| chain(&c, opts.anchors, Party::Maker));
    let (created, valid_start, valid_end) = seal.dates();
    let at = When::of(opts.at);
    // The maker's certificate when the maker signed the seal (its createDate), as the
    // signer's is checked when the signer signed the stamp.
    let maker_validity = maker
        .as_ref()
        .map_err(Clone::clone)
        .and_then(|c| cert_validity(c, &created, Party::Maker));
    let validity = validity(&valid_start, &valid_end, &at);
    let pic = seal.picture();
    let picture = picture(pic.kind.as_ref(), pic.data.as_bytes(), opts.max_pixels);
    let (cert_list_type, list) = seal.cert_list();
    let header = seal.header();
    SealReport {
        version: header.version,
        vid: header.vid.to_string(),
        es_id: seal.es_id(),
        name: seal.name().to_string(),
        kind: seal.kind(),
        maker: maker
            .as_ref()
            .map(|c| c.tbs_certificate().subject().to_string())
            .unwrap_or_default(),
        created,
        valid_start,
        valid_end,
        at,
        picture_kind: pic.kind.to_string(),
        width_mm: pic.width,
        height_mm: pic.height,
        pixels: picture.as_ref().ok().copied(),
        cert_list_type,
        cert_list_len: list.len(),
        checks: vec![
            Check {
                name: CheckName::Structure,
                outcome: Outcome::Passed,
            },
            Check {
                name: CheckName::Version,
                outcome: Outcome::Passed,
            },
            Check {
                name: CheckName::MakerSignature,
                outcome: signature.into(),
            },
            Check {
                name: CheckName::Chain,
                outcome: chain.into(),
            },
            Check {
                name: CheckName::MakerValidity,
                outcome: maker_validity.into(),
            },
            Check {
                name: CheckName::Validity,
                outcome: validity.into(),
            },
            Check {
                name: CheckName::Picture,
                outcome: picture.map(|_| ()).into(),
            },
            Check {
                name: CheckName::CertList,
                outcome: cert_list(cert_list_type, &list).into(),
            },
        ],
    }
}

/// Checks `sig` over `msg` with `cert`'s key: SM2 with SM3 and the default ID (the DER
/// `SEQUENCE { r, s }` form, or the raw 64-byte r‖s some makers write), or RSA with SHA-256.
fn verify_by(
    cert: &Certificate,
    alg: &der::asn1::ObjectIdentifier,
    sig: &BitString,
    msg: &[u8],
    party: Party,
) -> Result<()> {
    if *alg != OID_SM2_WITH_SM3 && *alg != OID_SHA256_WITH_RSA {
        return Err(SesError::Algorithm {
            party,
            oid: alg.to_string(),
        });
    }
    let spki = cert.tbs_certificate().subject_public_key_info();
    let alg_id = AlgorithmIdentifierOwned {
        oid: *alg,
        parameters: None,
    };
    let check = |sig: &BitString| {
        crate::pki::keys::verify_signature(msg, &alg_id, sig, spki, SM2_DEFAULT_DISTID).is_ok()
    };
    if check(sig) {
        return Ok(());
    }
    // Some makers write an SM2 signature as the raw 64 bytes r‖s instead of DER.
    let raw = sig.raw_bytes();
    let as_der = (*alg == OID_SM2_WITH_SM3 && raw.len() == 64)
        .then(|| sm2::dsa::Signature::from_slice(raw).ok())
        .flatten()
        .and_then(|s| BitString::from_bytes(&s.to_der().to_vec()).ok());
    match as_der {
        Some(der_sig) if check(&der_sig) => Ok(()),
        _ => Err(SesError::SignatureFails { party }),
    }
}

/// Whether `cert` (the maker's or the signer's) is an anchor, or was signed by one.
pub fn chain(cert: &Certificate, anchors: &[Certificate], party: Party) -> Result<()> {
    let subject = cert.tbs_certificate().subject().to_string();
    if anchors.iter().any(|a| a == cert) {
        return Ok(());
    }
    let mut failure = None;
    for anchor in anchors
        .iter()
        .filter(|a| crate::pki::x509::names_issuer(cert, a))
    {
        match crate::pki::x509::verify_signed_by(cert, anchor) {
            Ok(()) => return Ok(()),
            Err(e) => failure = Some(e.to_string()),
        }
    }
    Err(match (failure, party) {
        (Some(detail), Party::Maker) => SesError::MakerChainFails { subject, detail },
        (None, Party::Maker) => SesError::MakerNotTrusted { subject },
        (Some(detail), Party::Signer) => SesError::SignerChainFails { subject, detail },
        (None, Party::Signer) => SesError::SignerNotTrusted { subject },
    })
}

/// The validity period of `cert` (the maker's or the signer's) covers `at`.
fn cert_validity(cert: &Certificate, at: &When, party: Party) -> Result<()> {
    let v = cert.tbs_certificate().validity();
    let (from, to) = (When::x509(&v.not_before), When::x509(&v.not_after));
    let when = at.text.clone();
    if at.time < from.time {
        Err(match party {
            Party::Maker => SesError::MakerNotYetValid {
                not_before: from.text,
                at: when,
            },
            Party::Signer => SesError::SignerNotYetValid {
                not_before: from.text,
                at: when,
            },
        })
    } else if at.time > to.time {
        Err(match party {
            Party::Maker => SesError::MakerExpired {
                not_after: to.text,
                at: when,
            },
            Party::Signer => SesError::SignerExpired {
                not_after: to.text,
                at: when,
            },
        })
    } else {
        Ok(())
    }
}

fn validity(start: &When, end: &When, at: &When) -> Result<()> {
    if at.time < start.time {
        Err(SesError::NotYetValid {
            valid_start: start.text.clone(),
            at: at.text.clone(),
        })
    } else if at.time > end.time {
        Err(SesError::Expired {
            valid_end: end.text.clone(),
            at: at.text.clone(),
        })
    } else {
        Ok(())
    }
}

/// The picture decodes (PNG or JPEG) within `max_pixels`; its size in pixels.
fn picture(kind: &str, data: &[u8], max_pixels: u64) -> Result<(u32, u32)> {
    use crate::seal::error::SealImageError;
    if !["PNG", "JPG", "JPEG"].contains(&kind.to_ascii_uppercase().as_str()) {
        return Err(SesError::PictureKind { kind: kind.into() });
    }
    match crate::seal::clean::decode(data, max_pixels) {
        Ok(img) => Ok((img.width(), img.height())),
        Err(SealImageError::TooLarge {
            width,
            height,
            max_pixels,
        }) => Err(SesError::PictureTooLarge {
            width: count(width),
            height: count(height),
            max: count(max_pixels),
        }),
        Err(e) => Err(SesError::PictureUndecodable {
            kind: kind.into(),
            detail: e.to_string(),
        }),
    }
}

/// The list's entries are of the type it declares, and listed certificates read.
fn cert_list(declared: u32, list: &CertList) -> Result<()> {
    if !list.is_empty() && declared != list.list_type() {
        return Err(SesError::CertListType {
            declared: i64::from(declared),
            found: i64::from(list.list_type()),
        });
    }
    if let CertList::Certs(certs) = list {
        for c in certs {
            Certificate::from_der(c.as_bytes()).map_err(|e| SesError::CertUnreadable {
                party: Party::Signer,
                detail: e.to_string(),
            })?;
        }
    }
    Ok(())
}

/// What a stamp is and how its checks came out; `seal` is its embedded seal's report.
#[derive(Debug, Clone)]
pub struct StampReport {
    pub version: u32,
    pub time: When,
    pub property_info: String,
    /// The signer certificate's subject (empty when it cannot be read).
    pub signer: String,
    pub hash_algorithm: &'static str,
    /// The signer's certificate, when it reads (for a caller's own checks of it).
    pub signer_cert: Option<Certificate>,
    pub seal: SealReport,
    pub checks: Vec<Check>,
}

impl StampReport {
    /// The failure to report, of the stamp or its seal (bad input first, as for a seal).
    pub fn failure(&self) -> Option<&SesError> {
        use crate::i18n::Catalogued;
        let bad = |e: &&SesError| e.describe().exit == crate::error::exit::BAD_INPUT;
        let (stamp, seal) = (first_failure(&self.checks), self.seal.failure());
        stamp.filter(bad).or(seal.filter(bad)).or(stamp).or(seal)
    }
}

/// Reads an `.ses` and checks it against `data` (the file it claims to sign). The embedded
/// seal is checked as [`verify_seal`] does, its validity and the signer certificate's at
/// `opts.at` (callers pass the stamp's own time unless asked otherwise, [`stamp_time`]), the
/// signer certificate's chain to `opts.anchors`. The signer's revocation is reported as not
/// checked: a caller that knows a revocation source replaces that check.
pub fn verify_stamp(der_bytes: &[u8], data: &[u8], opts: &SealOptions<'_>) -> Result<StampReport> {
    let stamp = decode_stamp(der_bytes)?;
    Ok(check_stamp(&stamp, data, opts))
}

/// When a stamp says it was made (to check its seal's validity then).
pub fn stamp_time(der_bytes: &[u8]) -> Result<SystemTime> {
    Ok(decode_stamp(der_bytes)?.time()?.time)
}

fn check_stamp(stamp: &DecodedStamp, data: &[u8], opts: &SealOptions<'_>) -> StampReport {
    let (cert_der, alg, sig) = stamp.signer();
    let signer = Certificate::from_der(cert_der.as_bytes()).map_err(|e| SesError::CertUnreadable {
        party: Party::Signer,
        detail: e.to_string(),
    });
    let hash_alg = if *alg == OID_SHA256_WITH_RSA {
        HashAlg::Sha256
    } else {
        HashAlg::Sm3
    };
    let data_hash = if stamp.data_hash().raw_bytes() == hash_alg.digest(data).as_slice() {
        Ok(())
    } else {
        Err(SesError::DataHashMismatch {
            algorithm: hash_alg.name().into(),
        })
    };
    let (_, list) = stamp.seal.cert_list();
    let listed = signer
        .as_ref()
        .map_err(Clone::clone)
        .and_then(|_| listed(cert_der.as_bytes(), &list, signer_subject(&signer)));
    let signature = signer
        .clone()
        .and_then(|c| verify_by(&c, alg, sig, &stamp.signed, Party::Signer));
    let at = When::of(opts.at);
    let signer_validity = signer
        .as_ref()
        .map_err(Clone::clone)
        .and_then(|c| cert_validity(c, &at, Party::Signer));
    let signer_chain = signer
        .as_ref()
        .map_err(Clone::clone)
        .and_then(|c| chain(c, opts.anchors, Party::Signer));
    let time = stamp.time();
    StampReport {
        version: stamp.version(),
        time: time
            .clone()
            .unwrap_or_else(|_| When::of(SystemTime::UNIX_EPOCH)),
        property_info: stamp.property_info(),
        signer: signer_subject(&signer),
        hash_algorithm: hash_alg.name(),
        signer_cert: signer.as_ref().ok().cloned(),
        seal: check_seal(&stamp.seal, opts),
        checks: vec![
            Check {
                name: CheckName::Structure,
                outcome: time.map(|_| ()).into(),
            },
            Check {
                name: CheckName::DataHash,
                outcome: data_hash.into(),
            },
            Check {
                name: CheckName::SignerListed,
                outcome: listed.into(),
            },
            Check {
                name: CheckName::Signature,
                outcome: signature.into(),
            },
            Check {
                name: CheckName::SignerValidity,
                outcome: signer_validity.into(),
            },
            Check {
                name: CheckName::SignerChain,
                outcome: signer_chain.into(),
            },
            Check {
                name: CheckName::SignerRevocation,
                outcome: Outcome::NotChecked(NotChecked::NoRevocationSource),
            },
        ],
    }
}

fn signer_subject(signer: &Result<Certificate>) -> String {
    signer
        .as_ref()
        .map(|c| c.tbs_certificate().subject().to_string())
        .unwrap_or_default()
}

/// Whether the signer's certificate is in the seal's list, whole or by digest (the digest
/// named by the entry: SM3 or SHA-256; an entry naming neither is compared with both).
fn listed(cert_der: &[u8], list: &CertList, subject: String) -> Result<()> {
    let found = match list {
        CertList::Certs(certs) => certs.iter().any(|c| c.as_bytes() == cert_der),
        CertList::Digests(digests) => digests.iter().any(|d| {
            let kind = d.kind.to_string().to_ascii_lowercase().replace('-', "");
            let algs: &[HashAlg] = match kind.as_str() {
                "sm3" => &[HashAlg::Sm3],
                "sha256" => &[HashAlg::Sha256],
                _ => &[HashAlg::Sm3, HashAlg::Sha256],
            };
            algs.iter()
                .any(|a| a.digest(cert_der).as_slice() == d.value.as_bytes())
        }),
    };
    if found {
        Ok(())
    } else {
        Err(SesError::SignerNotInCertList { subject })
    }
}

#[cfg(test)]
mod tests;
