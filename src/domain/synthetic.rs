//! A synthetic registry at a chosen scale, for the benchmarks of issue 17 (`benches/scale.sh`):
//! enterprises, persons, paid packages, certificates signed by two registry CAs, revocations
//! and signing events. Everything goes through the domain code the commands use, in large
//! transactions, so every row has the event that made it and every event is MAC'd in the
//! keyed chain: `catool log verify` accepts the result. No command reaches this module: the
//! `gen_registry` example (`benches/scale/gen_registry.rs`) and the tests call it.
//!
//! Shortcuts, each for time alone: each certificate has its own key pair (the same-key
//! rules of D11 find a key's certificates by public key, so shared keys would make every
//! revocation walk tens of thousands), but they share a few sealed private keys: the sealed
//! key stored with a synthetic certificate is not its own (sealing 200,000 keys under
//! Argon2id would take hours, and no benchmark unseals them; every certificate is still
//! really signed by its CA, with its own serial, subject and public key), and their validity ends are spread over the coming year (one to 365
//! days from now) so that `cert list --expiring` finds some, where real certificates would
//! have been issued over the past year.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

use super::cert::{Issue, Minted, Subject, insert_issued, mint};
use super::org::NewOrg;
use super::package::Order;
use super::person::NewPerson;
use super::{Actor, ca, cert_change, clock, history, ident, keystore, org, package, person};
use crate::error::{Error, Result};
use crate::model::vocab::{AuthMethod, CertKind, IdType};
use crate::model::{Ca, Id, Org, Person};
use crate::pki::keys::{Algo, PrivateKey};
use crate::pki::pin::Pin;
use crate::pki::vault::MasterKey;
use crate::registry::Registry;
use crate::registry::error::RegistryError;

/// How big a registry to make.
#[derive(Debug, Clone, Serialize)]
pub struct Scale {
    pub orgs: usize,
    /// Persons, spread evenly over the enterprises (the first of each administers it).
    pub persons: usize,
    /// Certificates, spread evenly over the enterprises; every fourth is the second CA's.
    pub certs: usize,
    /// Certificates of the main CA revoked.
    pub revoked: usize,
    /// Certificates of the second CA revoked.
    pub revoked_other: usize,
    /// Events in all: what the registry's making records, and `pdf.sign` events (a
    /// certificate used to sign a file) up to this number.
    pub events: usize,
}

impl Scale {
    /// Issue 17's registry: 10,000 enterprises, 100,000 persons, 200,000 certificates (20 %
    /// revoked: 40,000 by the main CA, 1,000 by the second), 1,000,000 events.
    pub const FULL: Scale = Scale {
        orgs: 10_000,
        persons: 100_000,
        certs: 200_000,
        revoked: 40_000,
        revoked_other: 1_000,
        events: 1_000_000,
    };

    /// [`Scale::FULL`] divided by `by` (at least one enterprise, one person and one
    /// certificate per enterprise).
    pub fn divided(by: usize) -> Scale {
        let by = by.max(1);
        let f = Scale::FULL;
        let orgs = (f.orgs / by).max(1);
        Scale {
            orgs,
            persons: (f.persons / by).max(orgs),
            certs: (f.certs / by).max(orgs),
            revoked: f.revoked / by,
            revoked_other: f.revoked_other / by,
            events: f.events / by,
        }
    }
}

/// What was made.
#[derive(Debug, Serialize)]
pub struct Made {
    pub path: String,
    pub master_key: String,
    pub orgs: usize,
    pub persons: usize,
    pub certs: usize,
    /// The CA with most revocations, and how many.
    pub main_ca: String,
    pub revoked: usize,
    pub other_ca: String,
    pub revoked_other: usize,
    pub events: i64,
}

/// The PIN of the few sealed keys the generated certificates share (see the module).
pub const PIN: &str = "123456";

/// Rows per transaction.
const CHUNK: usize = 10_000;

/// Key pairs the certificates share.
const SHARED_KEYS: usize = 4;

/// Makes a registry at `path` (its master key at `key_path`) of `scale`. Refuses when either
/// file, or the registry's WAL files, exist: it writes only new registries. `progress` hears
/// what it is doing (the caller prints it).
pub fn generate(
    path: &Path,
    key_path: &Path,
    scale: &Scale,
    progress: &mut dyn FnMut(&str),
) -> Result<Made> {
    refuse_existing(path, key_path)?;
    let mut reg = Registry::open(path)?;
    let master = keystore::master_key(&mut reg, key_path)?;
    history::start_chain(&mut reg, &master)?;
    let actor = Actor::Operator;
    let per_org = scale.persons / scale.orgs.max(1);
    let certs_per_org = scale.certs / scale.orgs.max(1);
    if per_org == 0 || certs_per_org == 0 {
        return Err(Error::Internal(
            "a synthetic registry needs a person and a certificate per enterprise".into(),
        ));
    }

    progress("CAs");
    let main = ca::init(
        &mut reg,
        &actor,
        &master,
        "scale-main",
        Algo::Sm2,
        10,
        &ca::Distribution::default(),
    )?;
    let other = ca::init(
        &mut reg,
        &actor,
        &master,
        "scale-other",
        Algo::Sm2,
        10,
        &ca::Distribution::default(),
    )?;

    progress("persons");
    let mut persons: Vec<Person> = Vec::with_capacity(per_org * scale.orgs);
    let total_persons = per_org * scale.orgs;
    for start in (0..total_persons).step_by(CHUNK) {
        let end = (start + CHUNK).min(total_persons);
        reg.write(|tx| {
            for i in start..end {
                let (name, number) = (format!("用户{i:06}"), resident_id(i));
                let new = NewPerson {
                    name: &name,
                    id_type: IdType::Resident,
                    id_number: &number,
                    email: None,
                    phone: None,
                };
                persons.push(person::add_tx(tx, &actor, &new)?.0);
            }
            Ok(())
        })?;
    }

    progress("enterprises, members, packages, slots");
    let mut slots: Vec<(Id, usize, usize, CertKind)> = Vec::with_capacity(scale.certs);
    let mut orgs: Vec<Org> = Vec::with_capacity(scale.orgs);
    let orgs_per_tx = (CHUNK / (per_org + certs_per_org)).max(1);
    for start in (0..scale.orgs).step_by(orgs_per_tx) {
        let end = (start + orgs_per_tx).min(scale.orgs);
        reg.write(|tx| {
            for o in start..end {
                let members = &persons[o * per_org..(o + 1) * per_org];
                let (name, uscc) = (format!("示例科技{o:05}有限公司"), uscc(o));
                let rep_id = resident_id(total_persons + o);
                let admin = members[0].id.to_string();
                let new = NewOrg {
                    name: &name,
                    uscc: &uscc,
                    legal_rep_name: "赵建国",
                    legal_rep_id_number: &rep_id,
                    admin: &admin,
                };
                let made = org::add_tx(tx, &actor, &new)?.0;
                for p in &members[1..] {
                    org::add_member_in(tx, &actor, &made, p, false)?;
                }
                let made = org::authorize_in(tx, &actor, &made, AuthMethod::Face, None)?;
                let enterprise = certs_per_org.min(2);
                let order = Order {
                    years: Some(1),
                    price_cny: None,
                    enterprise_slots: Some(i64::try_from(enterprise).unwrap_or(0)),
                    personal_slots: Some(i64::try_from(certs_per_org - enterprise).unwrap_or(0)),
                };
                let bought = package::buy_in(tx, &actor, &made, &order)?;
                let (paid, _) = package::pay_in(tx, &actor, bought.id)?;
                for (k, slot) in paid.slots.iter().enumerate() {
                    let owner = o * per_org + k % per_org;
                    let who = persons[owner].id.to_string();
                    super::cert::assign_in(tx, &actor, slot.id, &who, &who)?;
                    slots.push((slot.id, orgs.len(), owner, slot.kind));
                }
                orgs.push(made);
            }
            Ok(())
        })?;
    }

    progress("certificates");
    let pin = Pin::parse("PIN", PIN.as_bytes())?;
    let cost = reg.read(keystore::kdf_cost)?;
    let mut keys = Vec::with_capacity(SHARED_KEYS);
    for _ in 0..SHARED_KEYS {
        let key = main.algo.generate()?;
        let sealed = keystore::seal_key(&master, &pin, cost, &key)?;
        keys.push((key, sealed));
    }
    let now = clock::now()?;
    let mut issued: Vec<(Id, usize, bool)> = Vec::with_capacity(slots.len());
    for (n, chunk) in slots.chunks(CHUNK).enumerate() {
        let base = n * CHUNK;
        let jobs: Vec<Job> = chunk
            .iter()
            .enumerate()
            .map(|(i, &(slot_id, o, p, kind))| {
                let j = base + i;
                Job {
                    slot_id,
                    org: o,
                    subject: Subject {
                        org: orgs[o].clone(),
                        owner: persons[p].clone(),
                        kind,
                    },
                    // Every fourth certificate is the second CA's.
                    main: j % 4 != 3,
                    not_after: now + Duration::days(1 + (j as i64 * 7919) % 365),
                }
            })
            .collect();
        let minted = mint_all(&master, (&main, &other), &pin, cost, now, &keys, &jobs)?;
        reg.write(|tx| {
            for (job, m) in jobs.iter().zip(&minted) {
                let ca = if job.main { &main } else { &other };
                let id = insert_issued(
                    tx,
                    &actor,
                    &Issue {
                        slot_id: job.slot_id,
                        ca,
                        subject: &job.subject,
                        holder: Some(job.subject.owner.id),
                        minted: m,
                        now,
                        not_after: job.not_after,
                        p12: false,
                    },
                )?;
                issued.push((id, job.org, job.main));
            }
            Ok(())
        })?;
        progress(&format!("certificates: {}", base + chunk.len()));
    }

    progress("revocations");
    let pick = |main_ca: bool, n: usize| -> Vec<Id> {
        let of_ca: Vec<Id> = issued
            .iter()
            .filter(|c| c.2 == main_ca)
            .map(|c| c.0)
            .collect();
        // Spread over the CA's certificates (every k-th), not the first n.
        let step = (of_ca.len() / n.max(1)).max(1);
        of_ca.into_iter().step_by(step).take(n).collect()
    };
    let revoke: Vec<Id> = [pick(true, scale.revoked), pick(false, scale.revoked_other)].concat();
    for chunk in revoke.chunks(CHUNK) {
        reg.write(|tx| {
            for id in chunk {
                cert_change::revoke_in(tx, &actor, *id, "keyCompromise")?;
            }
            Ok(())
        })?;
    }

    progress("signing events");
    let made_events = reg.read(crate::registry::events::high_water)?;
    let filler = usize::try_from(
        i64::try_from(scale.events)
            .unwrap_or(i64::MAX)
            .saturating_sub(made_events),
    )
    .unwrap_or(0);
    let serials: Vec<(Id, Option<Id>, String)> = reg.read(crate::registry::certs::serials)?;
    for start in (0..filler).step_by(CHUNK * 5) {
        let end = (start + CHUNK * 5).min(filler);
        reg.write(|tx| {
            for n in start..end {
                let (id, org_id, serial) = &serials[n % serials.len()];
                let (input, output) = (
                    format!("contract-{n}.pdf"),
                    format!("contract-{n}-signed.pdf"),
                );
                let draft = super::signing::signed_draft(
                    (*id, *org_id, serial),
                    None,
                    &input,
                    &output,
                    "Signature1",
                );
                history::record(tx, &actor, draft)?;
            }
            Ok(())
        })?;
        progress(&format!("signing events: {end}"));
    }
    let events = reg.read(crate::registry::events::high_water)?;
    Ok(Made {
        path: path.display().to_string(),
        master_key: key_path.display().to_string(),
        orgs: orgs.len(),
        persons: persons.len(),
        certs: issued.len(),
        main_ca: main.name,
        revoked: scale.revoked.min(issued.iter().filter(|c| c.2).count()),
        other_ca: other.name,
        revoked_other: scale
            .revoked_other
            .min(issued.iter().filter(|c| !c.2).count()),
        events,
    })
}

/// The registry, its WAL files and its master key must all be new.
fn refuse_existing(path: &Path, key_path: &Path) -> Result<()> {
    let with = |suffix: &str| {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        PathBuf::from(p)
    };
    for p in [
        path.to_path_buf(),
        with("-wal"),
        with("-shm"),
        key_path.to_path_buf(),
    ] {
        if std::fs::symlink_metadata(&p).is_ok() {
            return Err(RegistryError::SyntheticTargetExists {
                path: p.display().to_string(),
            }
            .into());
        }
    }
    Ok(())
}

/// One certificate to mint.
struct Job {
    slot_id: Id,
    org: usize,
    subject: Subject,
    main: bool,
    not_after: DateTime<Utc>,
}

/// Mints `jobs` on every core, in order.
fn mint_all(
    master: &MasterKey,
    (main, other): (&Ca, &Ca),
    pin: &Pin,
    cost: crate::pki::vault::KdfCost,
    now: DateTime<Utc>,
    keys: &[(PrivateKey, Vec<u8>)],
    jobs: &[Job],
) -> Result<Vec<Minted>> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let per = jobs.len().div_ceil(threads).max(1);
    std::thread::scope(|s| {
        let handles: Vec<_> = jobs
            .chunks(per)
            .enumerate()
            .map(|(t, part)| {
                s.spawn(move || {
                    part.iter()
                        .enumerate()
                        .map(|(i, job)| {
                            let ca = if job.main { main } else { other };
                            // A key pair of its own (the same-key rules of D11 look
                            // certificates up by public key), with a shared sealed key.
                            let sealed = keys[(t * per + i) % keys.len()].1.clone();
                            let key = (main.algo.generate()?, sealed);
                            mint(
                                master,
                                ca,
                                &job.subject,
                                pin,
                                cost,
                                now,
                                job.not_after,
                                Some(key),
                            )
                        })
                        .collect::<Result<Vec<Minted>>>()
                })
            })
            .collect();
        let mut out = Vec::with_capacity(jobs.len());
        for h in handles {
            let part = h
                .join()
                .map_err(|_| Error::Internal("a minting thread panicked".into()))??;
            out.extend(part);
        }
        Ok(out)
    })
}

/// A valid resident ID number (GB 11643-1999), distinct for each `i` below 300,000.
fn resident_id(i: usize) -> String {
    let d = i / 999;
    let first17 = format!(
        "110108{:04}{:02}{:02}{:03}",
        1950 + d / 336,
        1 + (d % 336) / 28,
        1 + d % 28,
        i % 999 + 1
    );
    let check = ident::resident_id_check_char(&first17).unwrap_or('0');
    format!("{first17}{check}")
}

/// A valid unified social credit code (GB 32100-2015), distinct for each `i`.
fn uscc(i: usize) -> String {
    let first17 = format!("91110108MA{i:07}");
    let check = ident::uscc_check_char(&first17).unwrap_or('0');
    format!("{first17}{check}")
}
