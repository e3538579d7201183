//! Signing and verifying PDFs with registry certificates (D8, D11, D18–D21): before a
//! signature, everything a platform checks — the certificate is usable (not revoked, frozen,
//! expired, locked), the PIN is right (lockout), the seal may be used — and every signature
//! is recorded. Verification adds what only the registry knows: the chain to a registry CA
//! and the certificate's revocation state.

use der::{Decode, Encode};
use serde::Serialize;
use serde_json::json;
use x509_cert::Certificate;

use super::ca::parse_cert;
use super::history::{self, Draft};
use super::stamping::{self, UsableSeal};
use super::{Actor, clock, keystore};
use crate::error::{Error, Result};
use crate::model::{Cert, Id};
use crate::pdf::verify::SignatureReport;
use crate::pki::keys::{PrivateKey, SM2_DEFAULT_DISTID, verify_signature};
use crate::pki::pin::Pin;
use crate::pki::vault::MasterKey;
use crate::registry::{Registry, cas, certs};

/// A certificate unlocked for signing, its chain, and the seal cleared for its appearance.
pub struct Signer {
    pub cert_row: Cert,
    pub key: PrivateKey,
    pub cert: Certificate,
    pub chain: Vec<Certificate>,
    pub seal: Option<UsableSeal>,
    pub name: String,
}

/// Checks the certificate, the actor, the PIN (D11) and the seal (D18); unlocks the key.
pub fn signer(
    reg: &mut Registry,
    actor: &Actor,
    master: &MasterKey,
    cert_id: Id,
    pin: &Pin,
    seal_id: Option<Id>,
) -> Result<Signer> {
    let now = clock::now()?;
    let cert_row = reg.read(|tx| certs::require(tx, cert_id))?;
    if let Actor::Person(p) = actor {
        let holds = cert_row.holder.as_ref().map(|h| h.id) == Some(p.id)
            || cert_row.bound.as_ref().map(|b| b.id) == Some(p.id);
        if !holds {
            return Err(Error::Refused(format!(
                "not allowed (无权限): certificate {cert_id} is held by {}; a document is signed with the holder's own certificate (D20)",
                cert_row
                    .holder
                    .as_ref()
                    .map(|h| h.name.as_str())
                    .unwrap_or("nobody")
            )));
        }
    }
    super::cert::require_usable(&cert_row, now, "sign (无法签署)")?;
    let key = keystore::unlock(reg, actor, master, &cert_row, pin, "sign")?;
    let seal = seal_id
        .map(|id| stamping::usable_seal(reg, actor, id))
        .transpose()?;
    let cert = parse_cert(&cert_row.cert_der)?;
    let chain = super::cert::ca_chain(reg, &cert_row)?;
    let name = cert_row
        .owner
        .as_ref()
        .map(|o| o.name.clone())
        .unwrap_or_else(|| cert_row.subject_dn.clone());
    Ok(Signer {
        cert_row,
        key,
        cert,
        chain,
        seal,
        name,
    })
}

/// Records one signed file (D21).
pub fn record(
    reg: &mut Registry,
    actor: &Actor,
    s: &Signer,
    input: &str,
    output: &str,
    field: &str,
) -> Result<()> {
    reg.write(|tx| {
        let mut d = Draft::new("pdf.sign", format!("cert:{}", s.cert_row.id))
            .cert(s.cert_row.id)
            .details(json!({
                "input": input, "output": output, "field": field,
                "seal": s.seal.as_ref().map(|x| x.id), "serial": s.cert_row.serial_hex
            }));
        if let Some(o) = s.cert_row.org_id {
            d = d.org(o);
        }
        history::record(tx, actor, d)?;
        Ok(())
    })
}

/// One signature as `catool pdf verify` reports it.
#[derive(Debug, Serialize)]
pub struct Checked {
    #[serde(flatten)]
    pub report: SignatureReport,
    /// The registry CA whose key signed the signer's certificate, if any.
    pub chain_ca: Option<String>,
    /// The certificate's state in the registry (D12), if the registry knows it.
    pub registry_state: Option<String>,
    pub registry_cert_id: Option<Id>,
    /// All checks passed.
    pub valid: bool,
}

/// Adds registry knowledge to the PDF-level reports: a signature is valid when its bytes
/// are intact, it chains to a registry CA, and that CA has not revoked it.
pub fn check(reg: &mut Registry, reports: Vec<SignatureReport>) -> Result<Vec<Checked>> {
    let now = clock::now()?;
    reg.read(|tx| {
        let cas = cas::list(tx)?;
        let mut out = Vec::new();
        for report in reports {
            let signer = Certificate::from_der(&report.signer_der).ok();
            let chain_ca = signer.as_ref().and_then(|c| {
                let tbs = c.tbs_certificate();
                let tbs_der = tbs.to_der().ok()?;
                cas.iter().find_map(|ca| {
                    let ca_cert = parse_cert(&ca.cert_der).ok()?;
                    let ok = ca_cert.tbs_certificate().subject() == tbs.issuer()
                        && verify_signature(
                            &tbs_der,
                            c.signature_algorithm(),
                            c.signature(),
                            ca_cert.tbs_certificate().subject_public_key_info(),
                            SM2_DEFAULT_DISTID,
                        )
                        .is_ok();
                    ok.then(|| ca.name.clone())
                })
            });
            let row = certs::find_by_serial(tx, &report.issuer, &report.signer_serial_hex)?
                .map(|id| certs::require(tx, id))
                .transpose()?;
            let registry_state = row.as_ref().map(|c| super::cert::label(c, now).to_string());
            let revoked = row.as_ref().is_some_and(|c| {
                c.status == "revoked"
                    || (c.status == "superseded" && c.revoked_at.is_some())
                    || c.status == "frozen"
            });
            let valid =
                report.integrity_ok && report.problem.is_none() && chain_ca.is_some() && !revoked;
            out.push(Checked {
                registry_cert_id: row.as_ref().map(|c| c.id),
                report,
                chain_ca,
                registry_state,
                valid,
            });
        }
        Ok(out)
    })
}
