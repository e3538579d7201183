//! The registry's seal-making authorities (制章者 / 印章制作机构, GB/T 38540, issue 19): a key
//! and a certificate a registry CA issues (keyUsage digitalSignature and nonRepudiation, the
//! CA's CRL distribution point, valid at most five years and never beyond the CA), the key
//! sealed under the master key like a CA key. The newest maker signs the SES_Seal structures
//! of the registry's seals (`seal_esl`).

use chrono::{DateTime, Utc};
use der::Encode;
use serde::Serialize;
use serde_json::json;

use super::ca::{fingerprint, issued_until, parse_cert, system_time};
use super::history::{self, Draft};
use super::maker_error::MakerError;
use super::{Actor, clock, mutate, require_operator};
use crate::error::Result;
use crate::model::{SealMaker, Stamp};
use crate::pki::dn::{C, CN, DnBuilder, O, OU};
use crate::pki::keys::{PrivateKey, SM2_DEFAULT_DISTID};
use crate::pki::vault::{self, MasterKey};
use crate::pki::x509::{LeafRequest, issue_leaf, serial_hex};
use crate::registry::{Registry, cas, makers};

/// A maker certificate is valid for at most this long (and never beyond its CA).
const MAKER_YEARS: u32 = 5;

/// What `seal maker show` reports beyond the registry row.
#[derive(Debug, Serialize)]
pub struct MakerDetails {
    #[serde(flatten)]
    pub maker: SealMaker,
    pub ca: String,
    pub subject: String,
    pub serial: String,
    pub not_before: String,
    pub sha256_fingerprint: String,
}

fn maker_aad(name: &str) -> String {
    format!("catool-seal-maker-key-v1:{name}")
}

/// The maker's key, opened with the master key (bound to the maker's name).
pub fn open_key(master: &MasterKey, maker: &SealMaker) -> Result<PrivateKey> {
    match vault::open_with_master(master, maker_aad(&maker.name).as_bytes(), &maker.key_sealed)? {
        Ok(pkcs8) => Ok(PrivateKey::from_pkcs8_der(&pkcs8)?),
        Err(_) => Err(MakerError::KeyUnopenable {
            maker: maker.name.clone(),
        }
        .into()),
    }
}

/// `seal maker init`: a seal-making authority of CA `ca_ref` (the operator only). Its key
/// takes the CA's algorithm (SM2 or RSA, D15).
pub fn init(
    reg: &mut Registry,
    actor: &Actor,
    master: &MasterKey,
    ca_ref: Option<&str>,
    name: Option<&str>,
) -> Result<SealMaker> {
    require_operator(actor, super::Act::CreateCa)?;
    let ca = reg.read(|tx| cas::resolve(tx, ca_ref))?;
    let name = match name {
        Some(n) => super::ident::validate_name("--name", n, 64)?,
        None => format!("{} 印章制作中心", ca.name),
    };
    let now = clock::now()?;
    let ca_cert = parse_cert(&ca.cert_der)?;
    let not_after =
        issued_until(&ca_cert, now, MAKER_YEARS).map_err(|end| MakerError::CaExpired {
            ca: ca.name.clone(),
            on: clock::stamp(end),
        })?;
    let subject = DnBuilder::new()
        .printable(C, "CN")?
        .utf8(O, &ca.name)?
        .utf8(OU, "Seal Maker")?
        .utf8(CN, &name)?
        .build()?;
    let ca_key = super::keystore::open_ca_key(master, &ca.name, &ca.key_sealed)?;
    let algo = ca.algo;
    let key = algo.generate()?;
    let cert = issue_leaf(
        &ca_cert,
        &ca_key,
        &LeafRequest {
            subject,
            public_key: key.public_key_spki()?,
            not_before: system_time(now),
            not_after: system_time(not_after),
            crl_uri: ca.crl_url.clone(),
            identity: None,
        },
        SM2_DEFAULT_DISTID,
    )?;
    let cert_der = cert.to_der().map_err(crate::pki::error::PkiError::from)?;
    let pkcs8 = key.to_pkcs8_der()?;
    let sealed = vault::seal_with_master(master, maker_aad(&name).as_bytes(), pkcs8.as_bytes())?;
    mutate(reg, actor, "seal.maker.init", |tx| {
        if makers::find(tx, &name)?.is_some() {
            return Err(MakerError::MakerNameTaken { name: name.clone() }.into());
        }
        let id = makers::insert(
            tx,
            &makers::NewMaker {
                name: &name,
                ca_id: ca.id,
                algo,
                cert_der: &cert_der,
                key_sealed: &sealed,
                not_after: Stamp::new(not_after),
                at: Stamp::new(now),
            },
        )?;
        history::record(
            tx,
            actor,
            Draft::new("seal.maker.init", format!("seal_maker:{id}")).details(json!({
                "name": name, "ca_id": ca.id, "algo": algo.as_str(),
                "certificate_serial": serial_hex(&cert),
                "cert_der_hex": crate::hex::encode(&cert_der),
            })),
        )?;
        makers::get(tx, id)?.ok_or_else(|| {
            MakerError::MakerNotFound {
                reference: id.to_string(),
            }
            .into()
        })
    })
}

pub fn list(reg: &mut Registry) -> Result<Vec<SealMaker>> {
    reg.read(|tx| makers::list(tx))
}

pub fn show(reg: &mut Registry, reference: &str) -> Result<MakerDetails> {
    reg.read(|tx| {
        let maker = makers::find(tx, reference)?.ok_or_else(|| MakerError::MakerNotFound {
            reference: reference.to_string(),
        })?;
        let ca = cas::get(tx, maker.ca_id)?
            .map(|c| c.name)
            .unwrap_or_else(|| format!("CA {}", maker.ca_id));
        let cert = parse_cert(&maker.cert_der)?;
        let tbs = cert.tbs_certificate();
        Ok(MakerDetails {
            ca,
            subject: tbs.subject().to_string(),
            serial: serial_hex(&cert),
            not_before: clock::stamp(DateTime::<Utc>::from(
                tbs.validity().not_before.to_system_time(),
            )),
            sha256_fingerprint: fingerprint(&maker.cert_der),
            maker,
        })
    })
}

/// The maker certificate, PEM.
pub fn export(reg: &mut Registry, reference: &str) -> Result<Vec<u8>> {
    use der::EncodePem;
    let d = show(reg, reference)?;
    let text = parse_cert(&d.maker.cert_der)?
        .to_pem(der::pem::LineEnding::LF)
        .map_err(crate::pki::error::PkiError::from)?;
    Ok(text.into_bytes())
}
