//! Where domain rules meet key protection: the registry's master key (recognised by a check
//! value stored in the registry), sealing keys, and every PIN use with its lockout (D11).

use std::path::Path;

use der::Encode;
use serde_json::json;
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use super::history::{self, Draft};
use super::{Actor, settings as domain_settings};
use crate::error::{Error, Result};
use crate::model::Cert;
use crate::pki::keys::PrivateKey;
use crate::pki::pin::Pin;
use crate::pki::vault::{self, KdfCost, MasterKey, OpenError};
use crate::registry::{Registry, Tx, certs, settings};

/// D11: consecutive wrong PINs before a credential locks.
pub const PIN_ATTEMPTS: i64 = 5;

const CHECK_KEY: &str = "vault.master_check";

/// Opens the master key at `path` for `reg`. The first use creates it (0600) and records
/// its check value; later, a missing or foreign key file is a clear error rather than a
/// silent new key that could open nothing.
pub fn master_key(reg: &mut Registry, path: &Path) -> Result<MasterKey> {
    let expected = reg.read(|tx| settings::get(tx, CHECK_KEY))?;
    match expected {
        None => {
            let key = MasterKey::load_or_create(path)?;
            let check = key.check_value();
            // Another process may have registered a key since the read: the first one wins.
            reg.write(|tx| match settings::get(tx, CHECK_KEY)? {
                None => settings::set(tx, CHECK_KEY, &check),
                Some(first) if first == check => Ok(()),
                Some(_) => Err(Error::Registry(format!(
                    "master key file {} does not belong to this registry (point --master-key at the right one)",
                    path.display()
                ))),
            })?;
            Ok(key)
        }
        Some(expected) => {
            if !path.exists() {
                return Err(Error::Registry(format!(
                    "master key file {} is missing; the registry's keys cannot be opened without it (restore it, or point --master-key at it)",
                    path.display()
                )));
            }
            let key = MasterKey::load(path)?;
            if key.check_value() != expected {
                return Err(Error::Registry(format!(
                    "master key file {} does not belong to this registry (point --master-key at the right one)",
                    path.display()
                )));
            }
            Ok(key)
        }
    }
}

pub fn kdf_cost(tx: &Tx) -> Result<KdfCost> {
    let memory = domain_settings::int(tx, "kdf.memory_kib")?;
    let iterations = domain_settings::int(tx, "kdf.iterations")?;
    Ok(KdfCost {
        memory_kib: u32::try_from(memory).unwrap_or(KdfCost::DEFAULT.memory_kib),
        iterations: u32::try_from(iterations).unwrap_or(KdfCost::DEFAULT.iterations),
    })
}

/// Associated data binding a sealed key to its public key, so a blob cannot be swapped onto
/// another certificate, yet stays valid when the same key is re-certified (extension
/// with --keep-key).
pub fn key_aad(key: &PrivateKey) -> Result<Vec<u8>> {
    let spki = key
        .public_key_spki()?
        .to_der()
        .map_err(crate::pki::error::Error::from)?;
    Ok(spki_aad(&spki))
}

pub fn spki_aad(spki_der: &[u8]) -> Vec<u8> {
    let mut aad = b"catool-key-v1:".to_vec();
    aad.extend_from_slice(&Sha256::digest(spki_der));
    aad
}

pub fn seal_key(master: &MasterKey, pin: &Pin, cost: KdfCost, key: &PrivateKey) -> Result<Vec<u8>> {
    let pkcs8 = key.to_pkcs8_der()?;
    vault::seal_with_pin(master, pin, cost, &key_aad(key)?, pkcs8.as_bytes())
}

pub fn seal_ca_key(master: &MasterKey, ca_name: &str, key: &PrivateKey) -> Result<Vec<u8>> {
    let pkcs8 = key.to_pkcs8_der()?;
    vault::seal_with_master(master, ca_aad(ca_name).as_bytes(), pkcs8.as_bytes())
}

fn ca_aad(name: &str) -> String {
    format!("catool-ca-key-v1:{name}")
}

pub fn open_ca_key(master: &MasterKey, ca_name: &str, blob: &[u8]) -> Result<PrivateKey> {
    match vault::open_with_master(master, ca_aad(ca_name).as_bytes(), blob)? {
        Ok(pkcs8) => Ok(PrivateKey::from_pkcs8_der(&pkcs8)?),
        Err(_) => Err(Error::Registry(format!(
            "the key of CA '{ca_name}' cannot be opened with this master key"
        ))),
    }
}

fn cert_spki_der(cert: &Cert) -> Result<Vec<u8>> {
    use der::Decode;
    let c = x509_cert::Certificate::from_der(&cert.cert_der)
        .map_err(|e| Error::Registry(format!("certificate {} is damaged: {e}", cert.id)))?;
    Ok(c.tbs_certificate()
        .subject_public_key_info()
        .to_der()
        .map_err(crate::pki::error::Error::from)?)
}

/// Every use of a certificate's key goes through here (D6, D11): a locked credential is
/// refused; a wrong PIN is counted (and locks at the fifth in a row) in its own committed
/// transaction, so the count survives the failed command; a right PIN resets the count.
pub fn unlock(
    reg: &mut Registry,
    actor: &Actor,
    master: &MasterKey,
    cert: &Cert,
    pin: &Pin,
    purpose: &str,
) -> Result<PrivateKey> {
    if cert.locked {
        return Err(locked_error(cert.id));
    }
    let aad = spki_aad(&cert_spki_der(cert)?);
    // The KDF runs outside any transaction: it is the slow part, and holds no lock.
    match vault::open_with_pin(master, pin, &aad, &cert.key_sealed)? {
        Ok(pkcs8) => {
            if cert.wrong_pins > 0 {
                reg.write(|tx| certs::reset_wrong_pins(tx, cert.id))?;
            }
            let pkcs8: Zeroizing<Vec<u8>> = pkcs8;
            Ok(PrivateKey::from_pkcs8_der(&pkcs8)?)
        }
        Err(OpenError::Damaged) => Err(Error::Registry(format!(
            "the sealed key of certificate {} is damaged",
            cert.id
        ))),
        Err(OpenError::WrongSecret) => {
            let (count, locked) = reg.write(|tx| {
                let (count, locked) = certs::count_wrong_pin(tx, cert.id, PIN_ATTEMPTS)?;
                history::record_refusal(
                    tx,
                    actor,
                    Draft::new("cert.pin", format!("cert:{}", cert.id))
                        .cert(cert.id)
                        .details(json!({
                            "purpose": purpose, "wrong_pins": count, "locked": locked
                        })),
                )?;
                Ok((count, locked))
            })?;
            if locked {
                Err(Error::Refused(format!(
                    "wrong PIN (密码错误): certificate {} is now locked (已锁定) after {PIN_ATTEMPTS} wrong PINs in a row; only a reissue (补发证书) with a new PIN unlocks it (D11)",
                    cert.id
                )))
            } else {
                Err(Error::Refused(format!(
                    "wrong PIN (密码错误) for certificate {}: {count} of {PIN_ATTEMPTS} attempts used; it locks at {PIN_ATTEMPTS} (D11)",
                    cert.id
                )))
            }
        }
    }
}

pub fn locked_error(cert_id: i64) -> Error {
    Error::Refused(format!(
        "certificate {cert_id} is locked (已锁定) after {PIN_ATTEMPTS} wrong PINs; only a reissue (补发证书) with a new PIN unlocks it (D11)"
    ))
}
