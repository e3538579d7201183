//! `cert import`: a certificate made elsewhere, with its private key (PEM/DER or PKCS#12),
//! read and checked (one usable pair, a holder's certificate, valid now, signed by the issuer
//! it names) and its key sealed under a PIN. Reading is pure (fuzzed); judging runs on one
//! registry snapshot.

use chrono::{DateTime, Utc};
use der::{Decode, Encode};
use serde_json::json;
use x509_cert::Certificate;

use super::ca::{fingerprint, parse_cert};
use super::cert::{
    CertView, Minted, ca_validity, cert_time, empty_cert, insert_minted, require_member, view,
};
use super::cert_error::{CertError, ImportProblem};
use super::history::{self, Draft};
use super::{Act, Actor, clock, keystore, logged, mutate, require_admin};
use crate::error::{Error, Result};
use crate::model::Ca;
use crate::model::Stamp;
use crate::model::vocab::CertKind;
use crate::pki::keys::{PrivateKey, same_public_key};
use crate::pki::p12::read_pfx;
use crate::pki::pin::Pin;
use crate::pki::vault::MasterKey;
use crate::pki::x509::serial_hex;
use crate::registry::{Registry, Tx, cas, certs, orgs, persons};

// ---- import ------------------------------------------------------------------------------

/// What `cert import` was given: a PKCS#12 (with its password) or PEM/DER certificate + key.
pub enum ImportSource<'a> {
    Pkcs12 { bytes: &'a [u8], password: &'a str },
    Pair { cert: &'a [u8], key: &'a [u8] },
}

/// An import input that cannot be read: what about it, and the reader's own words.
fn bad(problem: ImportProblem, e: impl std::fmt::Display) -> Error {
    CertError::ImportUnreadable {
        problem,
        detail: Some(e.to_string()),
    }
    .into()
}

/// An import input that cannot be read, for a reason `problem` says in full.
fn unreadable(problem: ImportProblem) -> Error {
    CertError::ImportUnreadable {
        problem,
        detail: None,
    }
    .into()
}

fn too_many_certificates() -> Error {
    CertError::ImportTooManyCerts {
        max: i64::try_from(MAX_IMPORT_CHAIN).unwrap_or(i64::MAX),
    }
    .into()
}

pub(crate) fn parse_cert_input(bytes: &[u8]) -> Result<Certificate> {
    if let Ok(text) = std::str::from_utf8(bytes)
        && text.contains("-----BEGIN")
    {
        let block =
            pem_block(text, "CERTIFICATE")?.ok_or_else(|| unreadable(ImportProblem::NoPemCert))?;
        return Certificate::from_der(&block).map_err(|e| bad(ImportProblem::PemCertCorrupt, e));
    }
    Certificate::from_der(bytes).map_err(|e| bad(ImportProblem::NotCertificate, e))
}

/// Every certificate in `bytes`: the CERTIFICATE blocks of a PEM file (a certificate
/// followed by its issuers), or one DER certificate.
fn parse_certs_input(bytes: &[u8]) -> Result<Vec<Certificate>> {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return Ok(vec![parse_cert_input(bytes)?]);
    };
    if !text.contains("-----BEGIN") {
        return Ok(vec![parse_cert_input(bytes)?]);
    }
    let (begin, end) = ("-----BEGIN CERTIFICATE-----", "-----END CERTIFICATE-----");
    let mut certs = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find(begin) {
        let from_here = &rest[at..];
        let Some(block) = pem_block(from_here, "CERTIFICATE")? else {
            break;
        };
        if certs.len() == MAX_IMPORT_CHAIN {
            return Err(too_many_certificates());
        }
        certs.push(
            Certificate::from_der(&block).map_err(|e| bad(ImportProblem::PemCertCorrupt, e))?,
        );
        // pem_block found this block's END line (or failed): go on after it.
        let stop = from_here
            .find(end)
            .map_or(from_here.len(), |i| i + end.len());
        rest = &from_here[stop..];
    }
    if certs.is_empty() {
        return Err(unreadable(ImportProblem::NoPemCert));
    }
    Ok(certs)
}

pub(crate) fn parse_key_input(bytes: &[u8]) -> Result<PrivateKey> {
    // The decoded PKCS#8 is the key in clear: wiped when dropped.
    let der = zeroize::Zeroizing::new(match std::str::from_utf8(bytes) {
        Ok(text) if text.contains("-----BEGIN") => {
            if text.contains("ENCRYPTED PRIVATE KEY") {
                return Err(unreadable(ImportProblem::EncryptedKey));
            }
            pem_block(text, "PRIVATE KEY")?.ok_or_else(|| unreadable(ImportProblem::NoPemKey))?
        }
        _ => bytes.to_vec(),
    });
    PrivateKey::from_pkcs8_der(&der).map_err(|e| bad(ImportProblem::NotKey, e))
}

/// Decodes the first PEM block with this label (base64 between BEGIN/END lines):
/// `Ok(None)` when there is no such block, an error when it is there but corrupt.
fn pem_block(text: &str, label: &str) -> Result<Option<Vec<u8>>> {
    let begin = format!("-----BEGIN {label}-----");
    let end = format!("-----END {label}-----");
    let Some(start) = text.find(&begin).map(|i| i + begin.len()) else {
        return Ok(None);
    };
    let Some(stop) = text[start..].find(&end).map(|i| start + i) else {
        return Err(CertError::ImportPemNoEnd {
            label: label.to_string(),
        }
        .into());
    };
    // May be a private key: the re-wrapped copy is wiped too.
    let pem = zeroize::Zeroizing::new(format!("{begin}\n{}\n{end}\n", text[start..stop].trim()));
    der::pem::decode_vec(pem.as_bytes())
        .map(|(_, d)| Some(d))
        .map_err(|e| {
            CertError::ImportPemCorrupt {
                label: label.to_string(),
                detail: e.to_string(),
            }
            .into()
        })
}

/// Largest certificate `import` accepts (DER bytes): real ones are 1–3 KiB; the limit keeps
/// oversized names and extensions out of the registry and its listings.
const MAX_IMPORT_CERT_BYTES: usize = 64 * 1024;

/// Most certificates one import may bring (the holder's and its issuers): a real chain has
/// two to four; the limit bounds the signature checks a hostile file can ask for.
const MAX_IMPORT_CHAIN: usize = 16;

/// RFC 5280 §4.2: a certificate with a critical extension the reader does not know must not
/// be used. (A CA certificate is refused later, as a domain rule: see `refuse_ca_certificate`.)
fn refuse_unusable_extensions(cert: &Certificate) -> Result<()> {
    use const_oid::db::rfc5280;
    const KNOWN: &[der::asn1::ObjectIdentifier] = &[
        rfc5280::ID_CE_BASIC_CONSTRAINTS,
        rfc5280::ID_CE_KEY_USAGE,
        rfc5280::ID_CE_EXT_KEY_USAGE,
        rfc5280::ID_CE_SUBJECT_ALT_NAME,
        rfc5280::ID_CE_ISSUER_ALT_NAME,
        rfc5280::ID_CE_CERTIFICATE_POLICIES,
        rfc5280::ID_CE_POLICY_MAPPINGS,
        rfc5280::ID_CE_POLICY_CONSTRAINTS,
        rfc5280::ID_CE_NAME_CONSTRAINTS,
        rfc5280::ID_CE_INHIBIT_ANY_POLICY,
        rfc5280::ID_CE_SUBJECT_KEY_IDENTIFIER,
        rfc5280::ID_CE_AUTHORITY_KEY_IDENTIFIER,
        rfc5280::ID_CE_CRL_DISTRIBUTION_POINTS,
        rfc5280::ID_PE_AUTHORITY_INFO_ACCESS,
    ];
    for ext in cert.tbs_certificate().extensions().into_iter().flatten() {
        if ext.critical && !KNOWN.contains(&ext.extn_id) {
            return Err(CertError::ImportCriticalExtension {
                oid: ext.extn_id.to_string(),
            }
            .into());
        }
    }
    Ok(())
}

/// What an import brings in: the holder's certificate, its private key, and the other
/// certificates given with it (its issuers, from the PEM file or the PKCS#12).
pub struct ImportInput {
    pub cert: Certificate,
    pub key: PrivateKey,
    pub chain: Vec<Certificate>,
}

/// Reads what `import` brings in and checks it is one usable pair: the certificate, and a
/// private key (RSA 2048/3072/4096 or SM2) that matches it; with the other certificates
/// given alongside. Pure, no registry (fuzzed).
pub fn read_import_source(source: ImportSource) -> Result<ImportInput> {
    let (mut certs, key) = match source {
        ImportSource::Pkcs12 { bytes, password } => {
            let p = read_pfx(bytes, password).map_err(|e| {
                if matches!(e, crate::pki::error::PkiError::P12MacMismatch) {
                    CertError::ImportWrongPassword.into()
                } else {
                    bad(ImportProblem::NotPkcs12, e)
                }
            })?;
            let mut certs = vec![p.cert];
            certs.extend(p.others);
            (certs, p.key)
        }
        ImportSource::Pair { cert, key } => (parse_certs_input(cert)?, parse_key_input(key)?),
    };
    if certs.len() > MAX_IMPORT_CHAIN {
        return Err(too_many_certificates());
    }
    for cert in &certs {
        let size = cert.to_der().map_err(crate::pki::error::Error::from)?.len();
        if size > MAX_IMPORT_CERT_BYTES {
            return Err(CertError::ImportCertTooBig {
                bytes: i64::try_from(size).unwrap_or(i64::MAX),
                max_kib: i64::try_from(MAX_IMPORT_CERT_BYTES / 1024).unwrap_or(i64::MAX),
            }
            .into());
        }
    }
    let spki = key.public_key_spki()?;
    // The holder's certificate is the one of the key (a PKCS#12 puts it first already).
    let Some(at) = certs
        .iter()
        .position(|c| same_public_key(c.tbs_certificate().subject_public_key_info(), &spki))
    else {
        return Err(CertError::ImportKeyMismatch.into());
    };
    let cert = certs.remove(at);
    refuse_unusable_extensions(&cert)?;
    if key.algo().is_none() {
        return Err(CertError::ImportRsaSize.into());
    }
    Ok(ImportInput {
        cert,
        key,
        chain: certs,
    })
}

/// A CA's certificate is not a holder's (RFC 5280 §4.2.1.3, §4.2.1.9): its key signs
/// certificates, so keeping it as a person's signing certificate would hand that power on.
fn refuse_ca_certificate(cert: &Certificate) -> Result<()> {
    let (ca, cert_sign) = crate::pki::x509::ca_capabilities(cert)
        .map_err(|e| bad(ImportProblem::UnreadableConstraints, e))?;
    let what = match (ca, cert_sign) {
        (true, _) => "basicConstraints CA:TRUE",
        (false, true) => "keyUsage keyCertSign",
        (false, false) => return Ok(()),
    };
    Err(CertError::ImportCaCertificate {
        subject: cert.tbs_certificate().subject().to_string(),
        why: what.to_string(),
    }
    .into())
}

/// The registry CA that signed `cert`, if its issuer is one. A certificate naming a
/// registry CA must carry that CA's signature (a CA named like ours is not ours); one
/// naming another issuer must verify against that issuer when it came with the import.
fn issuing_ca(tx: &Tx, cert: &Certificate, chain: &[Certificate]) -> Result<Option<Ca>> {
    use crate::pki::x509::{names_issuer, verify_signed_by};
    let issuer = cert.tbs_certificate().issuer();
    let mut named = Vec::new();
    for ca in cas::list(tx)? {
        // A CA added or changed outside catool is nobody's issuer here.
        if super::anchor::ca_problem(tx, &ca)?.is_some() {
            continue;
        }
        let ca_cert = parse_cert(&ca.cert_der)?;
        if names_issuer(cert, &ca_cert) {
            if verify_signed_by(cert, &ca_cert).is_ok() {
                return Ok(Some(ca));
            }
            named.push(ca.name);
        }
    }
    if !named.is_empty() {
        return Err(CertError::ImportForgedRegistryCa {
            cas: named.join(", "),
        }
        .into());
    }
    let supplied: Vec<&Certificate> = chain.iter().filter(|c| names_issuer(cert, c)).collect();
    if supplied.is_empty() {
        // Nothing to check it against: it stays a foreign certificate, trusted by nobody here.
        return Ok(None);
    }
    let alg = cert.signature_algorithm();
    if !crate::pki::keys::can_verify(alg) {
        return Err(CertError::ImportUnverifiableAlgorithm {
            alg: alg.oid.to_string(),
            issuer: issuer.to_string(),
        }
        .into());
    }
    if supplied.iter().any(|i| verify_signed_by(cert, i).is_ok()) {
        return Ok(None);
    }
    Err(CertError::ImportBadSignature {
        issuer: issuer.to_string(),
    }
    .into())
}

/// Everything that can refuse an imported certificate, on one registry snapshot: not the
/// same bytes as a certificate already here, a holder's certificate, valid now, and signed
/// by the issuer it names when that issuer is known. Returns the registry CA that signed it.
fn judge_import(
    tx: &Tx,
    cert: &Certificate,
    der: &[u8],
    chain: &[Certificate],
    now: DateTime<Utc>,
) -> Result<Option<Ca>> {
    if let Some(existing) = certs::find_by_der(tx, der)? {
        return Err(CertError::AlreadyImported {
            fingerprint: fingerprint(der),
            cert: existing,
        }
        .into());
    }
    refuse_ca_certificate(cert)?;
    let validity = cert.tbs_certificate().validity();
    let not_before = cert_time(&validity.not_before);
    if not_before > now {
        return Err(CertError::ImportNotYetValid {
            from: clock::stamp(not_before),
        }
        .into());
    }
    let not_after = cert_time(&validity.not_after);
    if not_after <= now {
        return Err(CertError::ImportExpired {
            on: clock::stamp(not_after),
        }
        .into());
    }
    let ca = issuing_ca(tx, cert, chain)?;
    if let Some(ca) = &ca {
        // Signed by our CA yet outliving it: catool never issued that; its key may be out.
        let (_, ca_end) = ca_validity(ca)?;
        if not_after > ca_end {
            return Err(CertError::ImportOutlivesCa {
                ca: ca.name.clone(),
                not_after: clock::stamp(not_after),
                ca_end: clock::stamp(ca_end),
            }
            .into());
        }
    }
    Ok(ca)
}

/// Brings in a certificate made elsewhere: checks the key matches, the certificate is a
/// holder's, valid now and signed by the issuer it names (see `judge_import`), then seals the
/// key under a 6-digit PIN. Linked to a registry CA only when that CA's key signed it; even
/// then it has no slot, so it is never reissued or extended here.
pub fn import(
    reg: &mut Registry,
    actor: &Actor,
    master: &MasterKey,
    source: ImportSource,
    pin: &Pin,
    holder_ref: Option<&str>,
    org_ref: Option<&str>,
) -> Result<CertView> {
    let now = clock::now()?;
    let ImportInput { cert, key, chain } = read_import_source(source)?;
    let der = cert.to_der().map_err(crate::pki::error::Error::from)?;
    // Judged before the key is sealed (the slow part); judged again in the write, which
    // another catool may have preceded.
    let judged = reg.read(|tx| judge_import(tx, &cert, &der, &chain, now));
    logged(reg, actor, "cert.import", judged)?;
    let cost = reg.read(keystore::kdf_cost)?;
    let sealed = keystore::seal_key(master, pin, cost, &key)?;
    let minted = Minted {
        cert,
        der,
        key,
        sealed,
    };
    let c = mutate(reg, actor, "cert.import", |tx| {
        let ca = judge_import(tx, &minted.cert, &minted.der, &chain, now)?;
        let tbs = minted.cert.tbs_certificate();
        // Another certificate with this issuer and serial is here: one of the two is forged.
        // Both stay (the bytes tell them apart); the history says so.
        let namesake =
            certs::find_by_serial(tx, &tbs.issuer().to_string(), &serial_hex(&minted.cert))?;
        let holder = match (holder_ref, actor) {
            (Some(r), _) => Some(persons::resolve(tx, r)?),
            (None, Actor::Person(p, _)) => Some(p.clone()),
            (None, Actor::Operator) => None,
        };
        let org = org_ref.map(|r| orgs::resolve(tx, r)).transpose()?;
        // A person imports for themselves only (the operator for anyone): whoever chooses a
        // certificate's PIN can act and sign as its holder (--as), so not even an
        // enterprise's administrator imports one for a member.
        if let (Actor::Person(p, _), Some(h)) = (actor, &holder)
            && h.id != p.id
        {
            return Err(CertError::PinForAnother {
                actor: p.name.clone(),
                holder: h.name.clone(),
            }
            .into());
        }
        if let Some(o) = &org {
            require_admin(tx, actor, o.id, Act::ImportIntoOrg)?;
            if let Some(h) = &holder {
                require_member(tx, o, h)?;
            }
        }
        let at = Stamp::new(now);
        let holder_id = holder.as_ref().map(|p| p.id);
        let id = insert_minted(
            tx,
            &minted,
            None,
            certs::NewCert {
                ca_id: ca.as_ref().map(|c| c.id),
                org_id: org.as_ref().map(|o| o.id),
                kind: CertKind::Personal,
                owner_person_id: holder_id,
                holder_person_id: holder_id,
                at,
                ..empty_cert()
            },
        )?;
        certs::set_pin_set_by(tx, id, actor.person_id())?;
        history::record(
            tx,
            actor,
            Draft::new("cert.import", format!("cert:{id}"))
                .cert(id)
                .details(json!({
                    "subject": minted.cert.tbs_certificate().subject().to_string(),
                    "serial": serial_hex(&minted.cert),
                    "sha256": fingerprint(&minted.der),
                    "ca": ca.as_ref().map(|c| c.name.clone()),
                    "ca_id": ca.as_ref().map(|c| c.id),
                    "same_issuer_and_serial_as": namesake,
                    "org": org.as_ref().map(|o| o.id), "holder_id": holder_id,
                    "kind": CertKind::Personal, "pin_set_by": actor.person_id()
                })),
        )?;
        certs::require(tx, id)
    })?;
    Ok(view(c, now))
}
