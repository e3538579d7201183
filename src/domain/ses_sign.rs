//! `ses sign` (issue 19): a stamp as GB/T 38540 defines it, an SES_Signature V4 over the SM3
//! (SM2 signer) or SHA-256 (RSA signer) of a file, with the seal's current SES_Seal and the
//! signer's certificate. Before the PIN is tried: the seal has a structure whose validity has
//! not ended, and the certificate is in its certList (D18); then the checks and the PIN with
//! its lockout exactly as `pdf sign` (`signing::signer`: usable certificate, holder, seal use,
//! D11). Every stamp is a keyed `ses.sign` event (D21).

use chrono::{DateTime, Utc};
use der::{Decode, Encode};
use serde::Serialize;
use serde_json::json;
use sha2::{Digest, Sha256};

use super::history::{self, Draft};
use super::maker_error::MakerError;
use super::{Actor, clock, logged, signing};
use crate::error::Result;
use crate::model::Id;
use crate::model::vocab::SealState;
use crate::pki::pin::Pin;
use crate::pki::ses::SesSeal;
use crate::pki::ses::asn1::CertList;
use crate::pki::ses::build::{self, HashAlg};
use crate::pki::vault::MasterKey;
use crate::registry::{Registry, certs, makers, seals};

/// One stamp `ses sign` made.
#[derive(Debug, Serialize)]
pub struct Stamped {
    pub seal_id: Id,
    pub es_id: String,
    pub cert_id: Id,
    pub hash: &'static str,
    pub data_hash: String,
    pub time: String,
    #[serde(skip)]
    pub der: Vec<u8>,
}

/// Whether `cert_der` is in `list` (whole, or by its SM3 / SHA-256 digest).
pub fn in_cert_list(list: &CertList, cert_der: &[u8]) -> bool {
    match list {
        CertList::Certs(certs) => certs.iter().any(|c| c.as_bytes() == cert_der),
        CertList::Digests(digests) => digests.iter().any(|d| {
            let alg = match d.kind.as_str().to_ascii_lowercase().as_str() {
                "sm3" => HashAlg::Sm3,
                "sha256" | "sha-256" => HashAlg::Sha256,
                _ => return false,
            };
            alg.digest(cert_der) == d.value.as_bytes()
        }),
    }
}

/// The seal's current structure, checked for a stamp by `cert_id` now: it exists, its
/// validity has not ended, and the certificate is in its certList.
fn seal_for(
    reg: &mut Registry,
    seal_id: Id,
    cert_id: Id,
    now: DateTime<Utc>,
) -> Result<(SesSeal, String)> {
    reg.read(|tx| {
        let seal = seals::require(tx, seal_id)?;
        let Some(s) = makers::current(tx, seal_id)? else {
            if seal.state == SealState::Effective && makers::newest(tx)?.is_none() {
                return Err(MakerError::NoMaker.into());
            }
            return Err(MakerError::NoStructure { seal: seal_id }.into());
        };
        if s.valid_end.time() <= now || seal.state == SealState::Void {
            return Err(MakerError::Ended {
                seal: seal_id,
                es_id: s.es_id,
                end: s.valid_end.to_string(),
            }
            .into());
        }
        let decoded =
            SesSeal::from_der(&s.der).map_err(crate::pki::ses::error::SesError::not_der)?;
        let cert = certs::require(tx, cert_id)?;
        if !in_cert_list(&decoded.seal_info.property.cert_list, &cert.cert_der) {
            return Err(MakerError::NotInCertList {
                seal: seal_id,
                es_id: s.es_id,
                cert: cert_id,
            }
            .into());
        }
        Ok((decoded, s.es_id))
    })
}

/// `ses sign FILE --seal S --cert C`: the SES_Signature's DER and what it says.
#[allow(clippy::too_many_arguments)]
pub fn sign(
    reg: &mut Registry,
    actor: &Actor,
    master: &MasterKey,
    input: &str,
    data: &[u8],
    output: &str,
    seal_id: Id,
    cert_id: Id,
    pin: &Pin,
) -> Result<Stamped> {
    let now = clock::now()?;
    let checked = seal_for(reg, seal_id, cert_id, now);
    let (eseal, es_id) = logged(reg, actor, "ses.sign", checked)?;
    let signer = signing::signer(reg, actor, master, cert_id, pin, Some(seal_id))?;
    let alg = HashAlg::for_key(&signer.key);
    let data_hash = alg.digest(data);
    // propertyInfo names what was signed (IA5String: the file name, non-ASCII escaped).
    let property: String = input
        .chars()
        .flat_map(|c| {
            if c.is_ascii() && !c.is_ascii_control() {
                vec![c]
            } else {
                c.escape_unicode().collect()
            }
        })
        .collect();
    let stamp = build::sign_stamp(
        eseal,
        &data_hash,
        now.into(),
        &property,
        &signer.key,
        &signer.cert,
    )?;
    let der = stamp
        .to_der()
        .map_err(crate::pki::ses::error::SesError::encode)?;
    let c = &signer.cert_row;
    let data_hex = crate::hex::encode(&data_hash);
    reg.write(|tx| {
        let mut d = Draft::new("ses.sign", format!("cert:{}", c.id))
            .cert(c.id)
            .details(json!({
                "input": input, "output": output, "seal": seal_id, "es_id": es_id,
                "serial": c.serial_hex, "hash": alg.digest_type(), "data_hash": data_hex,
                "sha256": crate::hex::encode(&Sha256::digest(&der)),
            }));
        if let Some(o) = c.org_id {
            d = d.org(o);
        }
        history::record(tx, actor, d)?;
        Ok(())
    })?;
    Ok(Stamped {
        seal_id,
        es_id,
        cert_id,
        hash: alg.digest_type(),
        data_hash: data_hex,
        time: clock::stamp(now),
        der,
    })
}
