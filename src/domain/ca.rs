//! Certificate authorities (D15): self-signed roots, RSA or SM2, several side by side; and
//! their CRLs (D11: revoked and frozen certificates).

use std::time::{Duration, SystemTime};

use chrono::{DateTime, Months, Utc};
use der::{Decode, Encode, EncodePem};
use serde::Serialize;
use serde_json::json;
use x509_cert::Certificate;
use x509_cert::ext::pkix::CrlReason;

use super::history::{self, Draft};
use super::{Actor, clock, keystore, mutate, require_operator};
use crate::error::{Error, Result};
use crate::model::Ca;
use crate::pki::crl::{Revocation, build_crl};
use crate::pki::dn::{C, CN, DnBuilder, O};
use crate::pki::keys::{Algo, PrivateKey, SM2_DEFAULT_DISTID};
use crate::pki::vault::MasterKey;
use crate::pki::x509::create_root_ca;
use crate::registry::{Registry, cas, certs};

/// What `ca show` reports beyond the registry row.
#[derive(Debug, Serialize)]
pub struct CaDetails {
    #[serde(flatten)]
    pub ca: Ca,
    pub subject: String,
    pub serial: String,
    pub not_before: String,
    pub sha256_fingerprint: String,
    pub certificates_issued: usize,
}

pub fn parse_cert(der: &[u8]) -> Result<Certificate> {
    Certificate::from_der(der)
        .map_err(|e| Error::Registry(format!("stored certificate is damaged: {e}")))
}

pub fn system_time(t: DateTime<Utc>) -> SystemTime {
    SystemTime::from(t)
}

pub fn init(
    reg: &mut Registry,
    actor: &Actor,
    master: &MasterKey,
    name: &str,
    algo: Algo,
    years: u32,
) -> Result<Ca> {
    require_operator(actor, "create a CA")?;
    let name = super::ident::validate_name("--name", name, 64)?;
    if !(1..=30).contains(&years) {
        return Err(Error::BadInput(format!(
            "invalid --years {years}: expected 1 to 30"
        )));
    }
    let now = clock::now()?;
    let not_after = now
        .checked_add_months(Months::new(12 * years))
        .ok_or_else(|| Error::BadInput("--years too large".into()))?;
    let subject = DnBuilder::new()
        .printable(C, "CN")?
        .utf8(O, &name)?
        .utf8(CN, &name)?
        .build()?;
    let key = algo.generate()?;
    let cert = create_root_ca(
        &key,
        subject,
        system_time(now),
        system_time(not_after),
        SM2_DEFAULT_DISTID,
    )?;
    let cert_der = cert.to_der().map_err(crate::pki::error::Error::from)?;
    let sealed = keystore::seal_ca_key(master, &name, &key)?;
    mutate(reg, actor, "ca.init", |tx| {
        let at = clock::stamp(now);
        let id = cas::insert(
            tx,
            &cas::NewCa {
                name: &name,
                algo: algo.as_str(),
                cert_der: &cert_der,
                key_sealed: &sealed,
                not_after: &clock::stamp(not_after),
                at: &at,
            },
        )?;
        history::record(
            tx,
            actor,
            Draft::new("ca.init", format!("ca:{id}"))
                .details(json!({ "name": name, "algo": algo.as_str(), "years": years })),
        )?;
        cas::get(tx, id)?.ok_or_else(|| Error::Internal("new CA vanished".into()))
    })
}

pub fn list(reg: &mut Registry) -> Result<Vec<Ca>> {
    reg.read(cas::list)
}

pub fn show(reg: &mut Registry, reference: &str) -> Result<CaDetails> {
    reg.read(|tx| {
        let ca = cas::resolve(tx, Some(reference))?;
        let cert = parse_cert(&ca.cert_der)?;
        let tbs = cert.tbs_certificate();
        let issued = certs::list(tx, None)?
            .iter()
            .filter(|c| c.ca_id == Some(ca.id))
            .count();
        Ok(CaDetails {
            subject: tbs.subject().to_string(),
            serial: crate::pki::x509::serial_hex(&cert),
            not_before: clock::stamp(DateTime::<Utc>::from(
                tbs.validity().not_before.to_system_time(),
            )),
            sha256_fingerprint: fingerprint(&ca.cert_der),
            certificates_issued: issued,
            ca,
        })
    })
}

pub fn fingerprint(der: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    let d = Sha256::digest(der);
    d.iter()
        .map(|b| format!("{b:02X}"))
        .collect::<Vec<_>>()
        .join(":")
}

/// The CA certificate, PEM or DER.
pub fn export(reg: &mut Registry, reference: &str, pem: bool) -> Result<Vec<u8>> {
    let ca = reg.read(|tx| cas::resolve(tx, Some(reference)))?;
    if pem {
        let cert = parse_cert(&ca.cert_der)?;
        let text = cert
            .to_pem(der::pem::LineEnding::LF)
            .map_err(crate::pki::error::Error::from)?;
        Ok(text.into_bytes())
    } else {
        Ok(ca.cert_der)
    }
}

/// A CRL revocation reason (RFC 5280 CRLReason) an operator may give.
pub fn crl_reason(name: &str) -> Option<CrlReason> {
    Some(match name {
        "unspecified" => CrlReason::Unspecified,
        "key-compromise" => CrlReason::KeyCompromise,
        "affiliation-changed" => CrlReason::AffiliationChanged,
        "superseded" => CrlReason::Superseded,
        "cessation-of-operation" => CrlReason::CessationOfOperation,
        "certificate-hold" => CrlReason::CertificateHold,
        _ => return None,
    })
}

#[derive(Debug, Serialize)]
pub struct CrlReport {
    pub ca: String,
    pub crl_number: i64,
    pub entries: Vec<CrlEntry>,
    #[serde(skip)]
    pub der: Vec<u8>,
}

#[derive(Debug, Serialize)]
pub struct CrlEntry {
    pub cert_id: i64,
    pub serial: String,
    pub reason: String,
    pub since: String,
}

/// Issues the next CRL of a CA: every revoked certificate with its reason, and every frozen
/// one as certificateHold. Each CRL gets the next number.
pub fn crl(
    reg: &mut Registry,
    actor: &Actor,
    master: &MasterKey,
    reference: Option<&str>,
) -> Result<CrlReport> {
    let now = clock::now()?;
    mutate(reg, actor, "ca.crl", |tx| {
        let ca = cas::resolve(tx, reference)?;
        let cert = parse_cert(&ca.cert_der)?;
        let key: PrivateKey = keystore::open_ca_key(master, &ca.name, &ca.key_sealed)?;
        let mut entries = Vec::new();
        let mut revocations = Vec::new();
        let mut not_signed = Vec::new();
        for c in certs::for_crl(tx, ca.id)? {
            // A CRL speaks for the certificates its CA signed, nothing else. Imports used to be
            // linked to a CA by issuer name alone: in a registry from then, a forgery under a
            // borrowed name could otherwise put its serial on the CA's CRL.
            let signed = Certificate::from_der(&c.cert_der)
                .ok()
                .is_some_and(|leaf| crate::pki::x509::verify_signed_by(&leaf, &cert).is_ok());
            if !signed {
                not_signed.push(c.id);
                continue;
            }
            let (reason_name, since) = if c.status == "frozen" && c.revoked_at.is_none() {
                let since = certs::frozen_at(tx, c.id)?.unwrap_or_else(|| c.created_at.clone());
                ("certificate-hold".to_string(), since)
            } else {
                (
                    c.revoke_reason
                        .clone()
                        .unwrap_or_else(|| "unspecified".into()),
                    c.revoked_at.clone().unwrap_or_default(),
                )
            };
            let reason = crl_reason(&reason_name).unwrap_or(CrlReason::Unspecified);
            let at = DateTime::parse_from_rfc3339(&since)
                .map(|t| system_time(t.with_timezone(&Utc)))
                .unwrap_or_else(|_| system_time(now));
            let serial_bytes = crate::hex::decode(&c.serial_hex)
                .ok_or_else(|| Error::Registry(format!("certificate {} has a bad serial", c.id)))?;
            revocations.push(Revocation {
                serial: x509_cert::serial_number::SerialNumber::new(&serial_bytes)
                    .map_err(crate::pki::error::Error::from)?,
                revoked_at: at,
                reason: Some(reason),
            });
            entries.push(CrlEntry {
                cert_id: c.id,
                serial: c.serial_hex.clone(),
                reason: reason_name,
                since,
            });
        }
        let number = cas::take_crl_number(tx, ca.id)?;
        let list = build_crl(
            &cert,
            &key,
            u64::try_from(number).unwrap_or(0),
            &revocations,
            system_time(now),
            Duration::from_secs(7 * 24 * 3600),
            SM2_DEFAULT_DISTID,
        )?;
        let der = list.to_der().map_err(crate::pki::error::Error::from)?;
        history::record(
            tx,
            actor,
            Draft::new("ca.crl", format!("ca:{}", ca.id)).details(json!({
                "crl_number": number, "entries": entries.len(),
                "left_out_not_signed_by_ca": not_signed,
            })),
        )?;
        Ok(CrlReport {
            ca: ca.name,
            crl_number: number,
            entries,
            der,
        })
    })
}
