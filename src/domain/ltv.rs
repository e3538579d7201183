//! What long-term validation (PAdES B-LT, B-LTA) needs from the registry: for the
//! certificates of a signed PDF (signers, their chains, the TSAs of their timestamps), the
//! registry CAs that issued them and a current CRL of each, so a validator can check every
//! certificate offline, years later, from the document alone.

use std::collections::BTreeMap;

use der::{Decode, Encode};
use x509_cert::Certificate;
use x509_cert::crl::CertificateList;

use super::ca::parse_cert;
use serde_json::json;

use super::Actor;
use super::history::{self, Draft};
use super::signing_error::SigningError;
use crate::error::Result;
use crate::model::Id;
use crate::pdf::error::{Cause, Wrapped};
use crate::pdf::ltv::{PadesLevel, ValidationData};
use crate::pdf::verify::SignatureReport;
use crate::pki::keys::{SM2_DEFAULT_DISTID, verify_signature};
use crate::pki::x509::verify_signed_by;
use crate::registry::{Registry, cas};

/// Issues (and publishes) the next CRL of a registry CA: the caller's, since publishing
/// writes files.
pub type IssueCrl<'a> = dyn FnMut(&mut Registry, Id) -> Result<Vec<u8>> + 'a;

/// Collects validation data once per command: a batch signs many documents with the same
/// chain and TSA, and needs each CA's CRL once, not once per document. Each CA's CRL is
/// issued afresh for the command, so it lists every revocation up to that moment.
#[derive(Default)]
pub struct Collector {
    crls: BTreeMap<Id, Vec<u8>>,
    /// The registry's CAs, read once per command.
    cas: Option<Vec<RegistryCa>>,
}

/// A registry CA: id, name, certificate and its DER.
type RegistryCa = (Id, String, Certificate, Vec<u8>);

impl Collector {
    /// The certificates `certs` (DER), every registry CA certificate above them, and a
    /// current CRL of each registry CA that issued one of them. A certificate no registry CA
    /// issued (a foreign TSA's, say) is refused: catool cannot vouch for its revocation
    /// status, and a B-LT file without it would not validate offline.
    pub fn collect(
        &mut self,
        reg: &mut Registry,
        issue_crl: &mut IssueCrl,
        certs: &[Vec<u8>],
    ) -> Result<ValidationData> {
        if self.cas.is_none() {
            let parsed = reg
                .read(cas::list)?
                .into_iter()
                .filter_map(|c| {
                    let cert = parse_cert(&c.cert_der).ok()?;
                    Some((c.id, c.name, cert, c.cert_der))
                })
                .collect();
            self.cas = Some(parsed);
        }
        let registry_cas: &[_] = self.cas.as_deref().unwrap_or_default();
        let mut data = ValidationData::default();
        let push_cert = |der: &[u8], data: &mut ValidationData| {
            if !data.certs.iter().any(|c| c == der) {
                data.certs.push(der.to_vec());
            }
        };
        // Every certificate's registry CA is found before any CRL is issued: a refusal
        // (a foreign TSA's certificate, say) must leave no CRL issued and published behind.
        let mut issuers = Vec::new();
        for der in certs {
            let cert =
                Certificate::from_der(der).map_err(|e| SigningError::CertificateUnreadable {
                    cause: Cause::new(e),
                })?;
            let tbs = cert.tbs_certificate();
            if tbs.subject() == tbs.issuer() && verify_signed_by(&cert, &cert).is_ok() {
                // A root: validators trust it as it is; it has no issuer to ask.
                issuers.push((der, None));
                continue;
            }
            let Some(ca) = registry_cas.iter().find(|(_, _, ca, _)| {
                ca.tbs_certificate().subject() == tbs.issuer()
                    && verify_signed_by(&cert, ca).is_ok()
            }) else {
                return Err(SigningError::ForeignIssuer {
                    subject: tbs.subject().to_string(),
                    issuer: tbs.issuer().to_string(),
                }
                .into());
            };
            issuers.push((der, Some(ca)));
        }
        for (der, ca) in issuers {
            push_cert(der, &mut data);
            let Some((id, name, _, ca_der)) = ca else {
                continue;
            };
            push_cert(ca_der, &mut data);
            if !self.crls.contains_key(id) {
                let crl = issue_crl(reg, *id).map_err(|e| SigningError::CrlFailed {
                    ca: name.to_string(),
                    error: Wrapped(e),
                })?;
                self.crls.insert(*id, crl);
            }
            if let Some(crl) = self.crls.get(id)
                && !data.crls.iter().any(|c| c == crl)
            {
                data.crls.push(crl.clone());
            }
        }
        Ok(data)
    }
}

/// Every certificate the signatures of a document carry: signers, their chains, and the
/// TSAs (with chains) of their timestamps (already read by `pdf::verify`): what the
/// document's validation data must cover.
pub fn certificates_of(reports: &[SignatureReport]) -> Vec<Vec<u8>> {
    let mut certs = Vec::new();
    for r in reports {
        certs.push(r.signer_der.clone());
        certs.extend(r.chain_der.iter().cloned());
        if let Some(ts) = &r.timestamp {
            certs.push(ts.tsa_der.clone());
            certs.extend(ts.chain_der.iter().cloned());
        }
    }
    certs.retain(|c| !c.is_empty());
    certs
}

/// Records a document timestamp added by `catool pdf timestamp` (D21).
pub fn record_timestamp(
    reg: &mut Registry,
    actor: &Actor,
    input: &str,
    output: &str,
    field: &str,
    tsa: &str,
) -> Result<()> {
    reg.write(|tx| {
        let d = Draft::new("pdf.timestamp", format!("file:{output}")).details(json!({
            "input": input, "output": output, "field": field, "tsa": tsa
        }));
        history::record(tx, actor, d)?;
        Ok(())
    })
}

/// The PAdES level a signature reaches (ETSI EN 319 142-1): B-T when its own timestamp is
/// sound and trusted (`timestamp_trusted`); B-LT when the document (`dss`) also carries, for
/// the signer's certificate, its timestamp's TSA certificate and every CA certificate below a
/// root, the issuer's certificate and a CRL that issuer signed (what an offline validator
/// needs, years later); B-LTA when a sound later document timestamp covered such data when
/// it was made (`archived`: the validation data each later document timestamp covers).
pub fn pades_level(
    r: &SignatureReport,
    timestamp_trusted: bool,
    dss: &ValidationData,
    archived: &[&ValidationData],
) -> PadesLevel {
    if !timestamp_trusted {
        return PadesLevel::Bb;
    }
    if !validation_data_complete(r, dss) {
        return PadesLevel::Bt;
    }
    if archived.iter().any(|a| validation_data_complete(r, a)) {
        PadesLevel::Blta
    } else {
        PadesLevel::Blt
    }
}

/// `dss` holds what validating `r` offline needs: for every non-root certificate of the
/// signer's chain and of its timestamp's TSA, the issuer's certificate and a CRL it signed.
fn validation_data_complete(r: &SignatureReport, dss: &ValidationData) -> bool {
    let ts = r.timestamp.as_ref();
    let known: Vec<Certificate> = std::iter::once(&r.signer_der)
        .chain(&r.chain_der)
        .chain(ts.map(|t| &t.tsa_der))
        .chain(ts.into_iter().flat_map(|t| &t.chain_der))
        .chain(&dss.certs)
        .filter_map(|d| Certificate::from_der(d).ok())
        .collect();
    let crls: Vec<CertificateList> = dss
        .crls
        .iter()
        .filter_map(|d| CertificateList::from_der(d).ok())
        .collect();
    std::iter::once(&r.signer_der)
        .chain(&r.chain_der)
        .chain(ts.map(|t| &t.tsa_der))
        .chain(ts.into_iter().flat_map(|t| &t.chain_der))
        .filter_map(|d| Certificate::from_der(d).ok())
        .filter(|c| !is_root(c))
        .all(|c| has_crl(&c, &known, &crls))
}

fn is_root(c: &Certificate) -> bool {
    let tbs = c.tbs_certificate();
    tbs.subject() == tbs.issuer() && verify_signed_by(c, c).is_ok()
}

/// When a CRL in the document, signed by `cert`'s issuer (a certificate in the document or
/// the signature), says `cert` was revoked: the earliest such date. What a validator without
/// the registry would see, so catool sees it too.
pub fn revoked_per_document(
    cert: &Certificate,
    chain_der: &[Vec<u8>],
    dss: &ValidationData,
) -> Option<chrono::DateTime<chrono::Utc>> {
    let known: Vec<Certificate> = chain_der
        .iter()
        .chain(&dss.certs)
        .filter_map(|d| Certificate::from_der(d).ok())
        .collect();
    let crls: Vec<CertificateList> = dss
        .crls
        .iter()
        .filter_map(|d| CertificateList::from_der(d).ok())
        .filter(|crl| signed_by_issuer_of(cert, crl, &known))
        .collect();
    let serial = cert.tbs_certificate().serial_number();
    crls.iter()
        .flat_map(|crl| crl.tbs_cert_list.revoked_certificates.iter().flatten())
        .filter(|r| r.serial_number == *serial)
        .map(|r| chrono::DateTime::<chrono::Utc>::from(r.revocation_date.to_system_time()))
        .min()
}

/// `crl` was issued, and signed, by the CA that issued `c` (one of `known`).
fn signed_by_issuer_of(c: &Certificate, crl: &CertificateList, known: &[Certificate]) -> bool {
    let issuer_name = c.tbs_certificate().issuer();
    crl.tbs_cert_list.issuer == *issuer_name
        && known
            .iter()
            .filter(|k| {
                k.tbs_certificate().subject() == issuer_name && verify_signed_by(c, k).is_ok()
            })
            .any(|issuer| {
                crl.tbs_cert_list.to_der().is_ok_and(|tbs| {
                    verify_signature(
                        &tbs,
                        &crl.signature_algorithm,
                        &crl.signature,
                        issuer.tbs_certificate().subject_public_key_info(),
                        SM2_DEFAULT_DISTID,
                    )
                    .is_ok()
                })
            })
}

/// A CRL from `c`'s issuer (one of `known`, whose key signed `c` and the CRL) is at hand.
fn has_crl(c: &Certificate, known: &[Certificate], crls: &[CertificateList]) -> bool {
    crls.iter().any(|crl| signed_by_issuer_of(c, crl, known))
}
