//! Where domain rules meet key protection: the registry's master key (recognised by a check
//! value stored in the registry), sealing keys, and every PIN use with its lockout (D11).

use std::path::Path;

use der::Encode;
use serde_json::json;
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use super::cert_error::{CertError, Doing, TamperSign};
use super::history::{self, Draft};
use super::{Actor, settings as domain_settings};
use crate::error::{Error, Result};
use crate::model::Cert;
use crate::model::vocab::CertStatus;
use crate::pki::keys::PrivateKey;
use crate::pki::pin::Pin;
use crate::pki::vault::{self, KdfCost, MasterKey, OpenError};
use crate::registry::{Registry, Tx, audit, certs, events, settings};

pub use super::rules::PIN_ATTEMPTS;

pub(crate) const CHECK_KEY: &str = "vault.master_check";

/// The check value of a registry whose history is keyed (schema v3 and later). A v1 registry stored
/// `MasterKey::check_value`; the two differ so that a keyed registry cannot be passed off as a
/// v1 one (whose history would be re-keyed as it stands) without the master key.
pub(crate) fn check_value(master: &MasterKey) -> String {
    let v = master.derive(b"catool master key check v2");
    format!("v2:{}", crate::hex::encode(v.as_ref()))
}

fn foreign_key(path: &Path) -> Error {
    CertError::MasterKeyForeign {
        path: path.display().to_string(),
    }
    .into()
}

fn tampered(reg: &Registry, sign: TamperSign) -> Error {
    CertError::Tampered {
        registry: reg.shown(),
        sign,
    }
    .into()
}

/// Opens the master key at `path` for `reg`. The first use creates it (0600) and records
/// its check value; later, a missing or foreign key file is a clear error rather than a
/// silent new key that could open nothing. A check value removed or rolled back to the v1
/// form, where the registry shows it cannot be, is tampering (`Error::CheckFailed`).
pub fn master_key(reg: &mut Registry, path: &Path) -> Result<MasterKey> {
    Ok(open_master_key(reg, path)?.key)
}

/// The master key of [`master_key`], and whether the registry's v1 history still awaits its
/// re-key (read on the same snapshot), which [`history::start_chain_knowing`] takes so that
/// opening a registry reads it once.
pub struct OpenedKey {
    pub key: MasterKey,
    pub rekey_pending: bool,
}

/// [`master_key`], with what else its read learnt.
pub fn open_master_key(reg: &mut Registry, path: &Path) -> Result<OpenedKey> {
    let facts = reg.read(key_facts)?;
    open_master_key_with(reg, path, facts)
}

/// What the registry says about its master key, read on one snapshot: the check value, the
/// pending re-key, and — only when the check value is missing (first use, or removed) —
/// whether it has a history or holds keys (not on every command: two more tables a new
/// PostgreSQL connection would have to look up first).
pub struct KeyFacts {
    check: Check,
    v1_pending: bool,
}

/// The registry's check value, or what its absence must be weighed against.
enum Check {
    Recorded(String),
    Missing { has_history: bool, has_keys: bool },
}

/// Reads [`KeyFacts`] in the caller's transaction (opening a registry reads them with its
/// other settings, in one transaction).
pub fn key_facts(tx: &Tx) -> Result<KeyFacts> {
    let v1_pending = settings::get(tx, history::REKEY_PENDING)?.is_some();
    let check = match settings::get(tx, CHECK_KEY)? {
        Some(value) => Check::Recorded(value),
        None => Check::Missing {
            has_history: events::any(tx)?,
            has_keys: audit::holds_keys(tx)?,
        },
    };
    Ok(KeyFacts { check, v1_pending })
}

/// [`open_master_key`] from facts [`key_facts`] has just read.
pub fn open_master_key_with(reg: &mut Registry, path: &Path, facts: KeyFacts) -> Result<OpenedKey> {
    let KeyFacts { check, v1_pending } = facts;
    match check {
        Check::Missing {
            has_history,
            has_keys,
        } => {
            if has_history && !v1_pending {
                return Err(tampered(reg, TamperSign::CheckRemovedWithHistory));
            }
            if v1_pending && has_keys {
                return Err(tampered(reg, TamperSign::CheckRemovedWithKeys));
            }
            let key = MasterKey::load_or_create(path)?;
            // A v1 registry gets the v1 form, which its one-time re-key upgrades.
            let check = if v1_pending {
                key.check_value()
            } else {
                check_value(&key)
            };
            // Another process may have registered a key since the read: the first one wins.
            reg.write(|tx| match settings::get(tx, CHECK_KEY)? {
                None => settings::set(tx, CHECK_KEY, &check),
                Some(first) if first == check || first == check_value(&key) => Ok(()),
                Some(_) => Err(foreign_key(path)),
            })?;
            Ok(OpenedKey {
                key,
                rekey_pending: v1_pending,
            })
        }
        Check::Recorded(expected) => {
            if !path.exists() {
                return Err(CertError::MasterKeyMissing {
                    path: path.display().to_string(),
                }
                .into());
            }
            let key = MasterKey::load(path)?;
            if expected == check_value(&key) {
                return Ok(OpenedKey {
                    key,
                    rekey_pending: v1_pending,
                });
            }
            if expected != key.check_value() {
                return Err(foreign_key(path));
            }
            // The v1 form: right for a v1 registry awaiting its re-key, and for one without
            // events (upgraded here); a keyed history with it was rolled back.
            if v1_pending {
                return Ok(OpenedKey {
                    key,
                    rekey_pending: v1_pending,
                });
            }
            if reg.read(events::any)? {
                return Err(tampered(reg, TamperSign::CheckRolledBack));
            }
            reg.write(|tx| settings::set(tx, CHECK_KEY, &check_value(&key)))?;
            Ok(OpenedKey {
                key,
                rekey_pending: v1_pending,
            })
        }
    }
}

/// The KDF cost new keys are sealed with. A setting below the floor (written with the
/// sqlite3 shell, or by an older catool) seals nothing: refused, with the fix.
pub fn kdf_cost(tx: &Tx) -> Result<KdfCost> {
    let read = |key: &str, floor: i64, unit: &str| -> Result<u32> {
        let value = domain_settings::int(tx, key)?;
        if value < floor {
            return Err(CertError::KdfBelowFloor {
                key: key.to_string(),
                value,
                floor,
                unit: unit.to_string(),
            }
            .into());
        }
        u32::try_from(value).map_err(|_| {
            CertError::KdfOutOfRange {
                key: key.to_string(),
                value,
            }
            .into()
        })
    };
    Ok(KdfCost {
        memory_kib: read(
            "kdf.memory_kib",
            domain_settings::KDF_MIN_MEMORY_KIB,
            " KiB",
        )?,
        iterations: read("kdf.iterations", domain_settings::KDF_MIN_ITERATIONS, "")?,
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

/// A TSA key is sealed like a CA key, bound to its TSA's name.
pub fn seal_tsa_key(master: &MasterKey, tsa_name: &str, key: &PrivateKey) -> Result<Vec<u8>> {
    let pkcs8 = key.to_pkcs8_der()?;
    vault::seal_with_master(master, tsa_aad(tsa_name).as_bytes(), pkcs8.as_bytes())
}

pub fn open_tsa_key(master: &MasterKey, tsa_name: &str, blob: &[u8]) -> Result<PrivateKey> {
    match vault::open_with_master(master, tsa_aad(tsa_name).as_bytes(), blob)? {
        Ok(pkcs8) => Ok(PrivateKey::from_pkcs8_der(&pkcs8)?),
        Err(_) => Err(CertError::TsaKeyUnopenable {
            tsa: tsa_name.to_string(),
        }
        .into()),
    }
}

fn tsa_aad(name: &str) -> String {
    format!("catool-tsa-key-v1:{name}")
}

fn ca_aad(name: &str) -> String {
    format!("catool-ca-key-v1:{name}")
}

pub fn open_ca_key(master: &MasterKey, ca_name: &str, blob: &[u8]) -> Result<PrivateKey> {
    match vault::open_with_master(master, ca_aad(ca_name).as_bytes(), blob)? {
        Ok(pkcs8) => Ok(PrivateKey::from_pkcs8_der(&pkcs8)?),
        Err(_) => Err(CertError::CaKeyUnopenable {
            ca: ca_name.to_string(),
        }
        .into()),
    }
}

fn cert_spki_der(cert: &Cert) -> Result<Vec<u8>> {
    use der::Decode;
    let c =
        x509_cert::Certificate::from_der(&cert.cert_der).map_err(|e| CertError::CertDamaged {
            cert: cert.id,
            detail: e.to_string(),
        })?;
    Ok(c.tbs_certificate()
        .subject_public_key_info()
        .to_der()
        .map_err(crate::pki::error::Error::from)?)
}

/// Every use of a certificate's key goes through here (D6, D11); see [`unlock_checked`].
pub fn unlock(
    reg: &mut Registry,
    actor: &Actor,
    master: &MasterKey,
    cert: &Cert,
    pin: &Pin,
    purpose: &'static str,
) -> Result<PrivateKey> {
    unlock_checked(reg, actor, master, cert, pin, purpose, |_| Ok(()))
}

/// What the reservation of a PIN attempt found.
enum Reserved {
    /// The attempt is counted; the count including it.
    Counted(i64),
    Locked,
}

/// Unlocks a certificate's key with its PIN, holding the lockout (D11) against any number
/// of processes at once:
///
/// 1. In one IMMEDIATE transaction, the lock is checked and the attempt is *counted as
///    wrong* before the key derivation. Checking first and counting after the (slow)
///    derivation let every process that started before the lock try its PIN: 39 wrong
///    PINs were counted for one lock, and a right one still released the key. Counted
///    first, at most [`PIN_ATTEMPTS`] attempts are ever in the count; once that many are
///    counted and none proved right, the certificate locks. A process killed during the
///    derivation leaves its attempt counted, so killing it cannot buy a free guess.
/// 2. The derivation runs outside any transaction (it is the slow part).
/// 3. A right PIN re-checks the lock, and `still_allowed` on the current row (a freeze or
///    revocation in between), in one IMMEDIATE transaction before the key is released, and
///    takes back what it counted (the attempts counted up to and including its own: the
///    "consecutive" count restarts after it). A wrong PIN stays counted and locks the
///    certificate when the count has reached [`PIN_ATTEMPTS`].
///
/// Under a race an attempt still being checked counts as wrong: the lock may come one
/// right PIN early, never late.
pub fn unlock_checked(
    reg: &mut Registry,
    actor: &Actor,
    master: &MasterKey,
    cert: &Cert,
    pin: &Pin,
    purpose: &'static str,
    still_allowed: impl FnOnce(&Cert) -> Result<()>,
) -> Result<PrivateKey> {
    reserve_pin_attempt(reg, actor, cert, purpose)?.unseal(reg, actor, master, pin, still_allowed)
}

/// A PIN attempt counted (step 1 of [`unlock_checked`], committed) whose PIN is still to be
/// checked. [`PinAttempt::unseal`] (steps 2 and 3) needs no state of the caller's: it may run
/// on another thread, on a registry connection of its own, while the caller prepares what the
/// key is for (`pdf sign` copies and hashes the document meanwhile). Dropped unsealed, the
/// attempt stays counted as wrong, as a process killed during the derivation leaves it.
pub struct PinAttempt {
    cert: Cert,
    aad: Vec<u8>,
    counted: i64,
    purpose: &'static str,
}

/// Step 1 of [`unlock_checked`]: refuses a locked certificate, else counts the attempt.
pub fn reserve_pin_attempt(
    reg: &mut Registry,
    actor: &Actor,
    cert: &Cert,
    purpose: &'static str,
) -> Result<PinAttempt> {
    // A person whose `--as` is not proven yet proves it with this PIN, but only for a
    // certificate of theirs (holder or bound): someone else's PIN proves nothing.
    if let Some(p) = actor.unproven()
        && !held_by(cert, p.id)
    {
        return Err(CertError::NotHoldersPin {
            cert: cert.id,
            person: p.name.clone(),
        }
        .into());
    }
    let aad = spki_aad(&cert_spki_der(cert)?);
    let reserved = reg.write(|tx| {
        // The key is used with the certificate its keyed event recorded, never with a body
        // (and sealed key) swapped in from another row (a revoked one's, say): refused before
        // any attempt is counted.
        super::anchor::require_cert(tx, cert)?;
        let current = certs::require(tx, cert.id)?;
        if current.locked {
            return Ok(Reserved::Locked);
        }
        // The count as the keyed history has it, not as a column anyone can set back.
        super::anchored::require_wrong_pins(tx, &current)?;
        if let Some(count) = certs::reserve_pin_attempt(tx, cert.id, PIN_ATTEMPTS)? {
            return Ok(Reserved::Counted(count));
        }
        // PIN_ATTEMPTS attempts are counted and none has proved right (they are wrong,
        // still being checked, or were interrupted): that is the lock.
        certs::lock(tx, cert.id)?;
        history::record_refusal(
            tx,
            actor,
            Draft::new("cert.pin", format!("cert:{}", cert.id))
                .cert(cert.id)
                .details(json!({
                    "purpose": purpose, "wrong_pins": current.wrong_pins, "locked": true,
                    "reason": "attempts counted while others were still being checked"
                })),
        )?;
        Ok(Reserved::Locked)
    })?;
    let counted = match reserved {
        Reserved::Locked => return Err(CertError::Locked { cert: cert.id }.into()),
        Reserved::Counted(n) => n,
    };
    Ok(PinAttempt {
        cert: cert.clone(),
        aad,
        counted,
        purpose,
    })
}

impl PinAttempt {
    /// Steps 2 and 3 of [`unlock_checked`]: the derivation, then the verdict recorded (a
    /// right PIN takes its count back, a wrong one stays counted and may lock).
    pub fn unseal(
        self,
        reg: &mut Registry,
        actor: &Actor,
        master: &MasterKey,
        pin: &Pin,
        still_allowed: impl FnOnce(&Cert) -> Result<()>,
    ) -> Result<PrivateKey> {
        let PinAttempt {
            cert,
            aad,
            counted,
            purpose,
        } = self;
        let cert = &cert;
        match vault::open_with_pin(master, pin, &aad, &cert.key_sealed)? {
            Ok(pkcs8) => {
                let pkcs8: Zeroizing<Vec<u8>> = pkcs8;
                let verdict = reg.write(|tx| {
                    let current = certs::require(tx, cert.id)?;
                    if current.locked {
                        return Err(CertError::Locked { cert: cert.id }.into());
                    }
                    certs::settle_right_pin(tx, cert.id, counted)?;
                    // The right PIN of a usable certificate of theirs proves an unproven `--as`.
                    if let Actor::Person(p, proof) = actor
                        && !proof.is_proven()
                        && held_by(&current, p.id)
                        && pin_chosen_by(tx, &current, p.id)?
                        && super::cert::require_usable(&current, super::clock::now()?, Doing::Prove).is_ok()
                    {
                        proof.set_certificate(cert.id);
                    }
                    if cert.wrong_pins > 0 {
                        // Recorded, so that `log verify` can replay the count (D21): a count set
                        // lower without such an event is tampering.
                        let after = certs::require(tx, cert.id)?.wrong_pins;
                        history::record_pin_attempt(
                            tx,
                            actor,
                            Draft::new("cert.pin", format!("cert:{}", cert.id))
                                .cert(cert.id)
                                .details(json!({
                                    "purpose": purpose, "wrong_pins": after, "locked": false, "reset": true
                                })),
                        )?;
                    }
                    // The PIN was right, so the count restarts (committed) even when the
                    // certificate may not be used now.
                    Ok(still_allowed(&current))
                })?;
                verdict?;
                Ok(PrivateKey::from_pkcs8_der(&pkcs8)?)
            }
            Err(OpenError::Damaged) => {
                // Not a PIN attempt: the stored blob is broken; give the count back.
                reg.write(|tx| certs::settle_right_pin(tx, cert.id, 1))?;
                Err(CertError::KeyDamaged { cert: cert.id }.into())
            }
            Err(OpenError::WrongSecret) => {
                let (count, locked) = reg.write(|tx| {
                    let (count, locked) = certs::settle_wrong_pin(tx, cert.id, PIN_ATTEMPTS)?;
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
                    Err(CertError::WrongPinLocked { cert: cert.id }.into())
                } else {
                    Err(CertError::WrongPin {
                        cert: cert.id,
                        used: count,
                    }
                    .into())
                }
            }
        }
    }
}

/// Whether `person_id` holds `cert` or has it bound: whose PIN may prove who they are.
pub fn held_by(cert: &Cert, person_id: crate::model::Id) -> bool {
    cert.holder.as_ref().is_some_and(|h| h.id == person_id)
        || cert.bound.as_ref().is_some_and(|b| b.id == person_id)
}

/// Whether `person_id` chose the PIN of `cert`, or the operator set it for them (migration
/// 0007), as the keyed history says (`anchored::pin_proves`): only then does its PIN prove
/// who they are.
fn pin_chosen_by(
    tx: &crate::registry::Tx,
    cert: &Cert,
    person_id: crate::model::Id,
) -> Result<bool> {
    super::anchored::pin_proves(tx, cert, person_id)
}

/// The certificates `person_id` holds that are usable now (active, not frozen, revoked,
/// expired or locked), each with whether it proves who they are (`--as`): only a PIN they
/// chose or the operator set does. A certificate bound to them is someone else's PIN, and
/// one whose holder changed carries the previous holder's until the operator reissues it.
pub fn proof_candidates(
    reg: &mut Registry,
    person_id: crate::model::Id,
) -> Result<Vec<(Cert, bool)>> {
    let now = super::clock::now()?;
    reg.read(|tx| {
        let mut out = Vec::new();
        let theirs = certs::Query {
            person_id: Some(person_id),
            ..Default::default()
        };
        for c in certs::find(tx, &theirs)? {
            let held = c.holder.as_ref().is_some_and(|h| h.id == person_id);
            if held
                && c.status == CertStatus::Active
                && super::cert::require_usable(&c, now, Doing::Prove).is_ok()
            {
                let proves = pin_chosen_by(tx, &c, person_id)?;
                out.push((c, proves));
            }
        }
        Ok(out)
    })
}

/// Proves an unproven `--as` with `cert` (one of [`proof_candidates`] that proves) and its PIN, through the
/// PIN lockout (D11): a wrong PIN counts toward the certificate's lock and is recorded.
pub fn prove_actor(
    reg: &mut Registry,
    actor: &Actor,
    master: &MasterKey,
    cert: &Cert,
    pin: &Pin,
) -> Result<()> {
    let now = super::clock::now()?;
    unlock_checked(reg, actor, master, cert, pin, "act-as", |c| {
        super::cert::require_usable(c, now, Doing::Prove)
    })?;
    if actor.unproven().is_some() {
        return Err(CertError::CannotProve { cert: cert.id }.into());
    }
    Ok(())
}
