//! Certificates (D4–D14): assign a slot's owner and holder, issue (导入证书) with a PIN,
//! import foreign certificates, reissue (补发), extend (延期), revoke, freeze, bind, list.
//!
//! Slow work (key generation, the PIN KDF, signing) happens outside transactions; the
//! registry write then re-checks the state it relied on, so two processes racing for one
//! slot never both win.

use chrono::{DateTime, Months, Utc};
use der::{Decode, Encode, EncodePem};
use serde::Serialize;
use serde_json::json;
use x509_cert::Certificate;

use super::ca::{fingerprint, parse_cert, system_time};
use super::cert_error::{CertError, CertState, Doing, ImportProblem};
use super::history::{self, Draft};
use super::rules;
use super::{Actor, clock, keystore, logged, mutate, require_admin, require_operator, text_field};
use crate::error::{Error, Result};
use crate::model::Stamp;
use crate::model::vocab::{CertKind, CertStatus, IdType, SlotState};
use crate::model::{Ca, Cert, Id, Org, Person};
use crate::pki::dn::{C, CN, DnBuilder, O, OU, SERIAL_NUMBER};
use crate::pki::keys::{Algo, PrivateKey, SM2_DEFAULT_DISTID, same_public_key};
use crate::pki::p12::{P12Profile, read_pfx, write_pfx};
use crate::pki::pin::Pin;
use crate::pki::vault::MasterKey;
use crate::pki::x509::{
    LeafRequest, OID_PASSPORT_NUMBER, OID_RESIDENT_ID_NUMBER, OID_USCC, issue_leaf, serial_hex,
};
use crate::registry::{Registry, Tx, cas, certs, orgs, persons};

/// The D12 state of a certificate now.
pub fn state(c: &Cert, now: DateTime<Utc>) -> CertState {
    let not_after = c.not_after.time();
    match c.status {
        CertStatus::Revoked => CertState::Revoked,
        CertStatus::Superseded => CertState::Superseded,
        _ if c.locked => CertState::Locked,
        CertStatus::Frozen => CertState::Frozen,
        _ if not_after <= now => CertState::Expired,
        _ if window_opens(not_after) <= now => CertState::Expiring,
        _ => CertState::Active,
    }
}

/// The D12 label an operator sees, in the chosen language.
pub fn label(c: &Cert, now: DateTime<Utc>) -> String {
    state(c, now).label()
}

/// When the extension window (D9) opens and a certificate shows as expiring (D12).
fn window_opens(t: DateTime<Utc>) -> DateTime<Utc> {
    t.checked_sub_months(Months::new(rules::EXTENSION_WINDOW_MONTHS))
        .unwrap_or(t)
}

/// A new certificate's end (D6), or an extension's (D9), counted from `from`.
fn year_after(from: DateTime<Utc>, months: u32) -> Result<DateTime<Utc>> {
    from.checked_add_months(Months::new(months))
        .ok_or_else(|| CertError::invariant("date overflow").into())
}

pub fn parse_time(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

fn cert_time(t: &x509_cert::time::Time) -> DateTime<Utc> {
    DateTime::<Utc>::from(t.to_system_time())
}

/// When a registry CA's certificate is valid, as signed in it (not a stored copy).
fn ca_validity(ca: &Ca) -> Result<(DateTime<Utc>, DateTime<Utc>)> {
    let v = *parse_cert(&ca.cert_der)?.tbs_certificate().validity();
    Ok((cert_time(&v.not_before), cert_time(&v.not_after)))
}

/// The end of a stored certificate's validity, as signed in it: a reissue keeps it and an
/// extension adds to it, so neither takes it from a column anyone with the file can edit.
fn signed_not_after(c: &Cert) -> Result<DateTime<Utc>> {
    Ok(cert_time(
        &parse_cert(&c.cert_der)?
            .tbs_certificate()
            .validity()
            .not_after,
    ))
}

/// Certificate times have whole seconds: compare what will be written.
fn whole_seconds(t: DateTime<Utc>) -> DateTime<Utc> {
    use chrono::SubsecRound;
    t.trunc_subsecs(0)
}

/// Refuses unless `cert` is one this registry issued into a slot, signed by the registry CA
/// it is recorded with: only those can be reissued (D8) or extended (D9). An imported
/// certificate (a foreign one, or one brought back in) has no slot; minting a registry
/// certificate from it would let anyone with a look-alike CA obtain a genuine one.
fn require_issued_here(tx: &Tx, cert: &Cert, doing: Doing) -> Result<Ca> {
    let not_here = || {
        Error::from(CertError::NotIssuedHere {
            doing,
            cert: cert.id,
        })
    };
    let (Some(_), Some(ca_id)) = (cert.slot_id, cert.ca_id) else {
        return Err(not_here());
    };
    let ca = cas::get(tx, ca_id)?.ok_or_else(not_here)?;
    let ca_cert = parse_cert(&ca.cert_der)?;
    let issued = parse_cert(&cert.cert_der)?;
    if crate::pki::x509::verify_signed_by(&issued, &ca_cert).is_err() {
        return Err(not_here());
    }
    Ok(ca)
}

/// PKCS#12 profiles (D6 export): modern (AES-256/PBKDF2-SHA256/SHA-256 MAC) or legacy
/// (3DES/SHA-1 MAC) for old Windows, macOS and Android.
pub fn p12_profile(legacy: bool) -> P12Profile {
    if legacy {
        P12Profile::legacy()
    } else {
        P12Profile::modern()
    }
}

#[derive(Debug, Serialize)]
pub struct Issued {
    #[serde(flatten)]
    pub cert: CertView,
    #[serde(skip)]
    pub p12: Option<Vec<u8>>,
}

/// A certificate as `cert show` and `--json` present it.
#[derive(Debug, Serialize)]
pub struct CertView {
    #[serde(flatten)]
    pub cert: Cert,
    /// D12 state, the machine value (`active`, `expiring`, `locked` …, as `cert list`).
    pub state: CertState,
    /// D12 label for people, e.g. `active (生效中)`.
    pub label: String,
    pub days_left: i64,
    pub sha256_fingerprint: String,
    /// The certificate this one replaced (as `replaces_cert_id`); `replaced_by` is its
    /// successor's.
    pub replaces: Option<Id>,
}

pub fn view(c: Cert, now: DateTime<Utc>) -> CertView {
    let days_left = (c.not_after.time() - now).num_days();
    let st = state(&c, now);
    CertView {
        state: st,
        label: st.label(),
        days_left,
        sha256_fingerprint: fingerprint(&c.cert_der),
        replaces: c.replaces_cert_id,
        cert: c,
    }
}

// ---- assignment (D5) --------------------------------------------------------------------

fn require_member(tx: &Tx, org: &Org, person: &Person) -> Result<()> {
    if orgs::membership(tx, org.id, person.id)?.is_none() {
        return Err(CertError::NotMember {
            person: person.name.clone(),
            org: org.name.clone(),
        }
        .into());
    }
    Ok(())
}

/// Sets a slot's owner (所属人, permanent) and holder (持有人) (D5).
pub fn assign(
    reg: &mut Registry,
    actor: &Actor,
    slot_id: Id,
    owner_ref: &str,
    holder_ref: &str,
) -> Result<crate::model::Slot> {
    mutate(reg, actor, "cert.assign", |tx| {
        assign_in(tx, actor, slot_id, owner_ref, holder_ref)
    })
}

/// [`assign`] inside the caller's transaction (`catool import`).
pub(crate) fn assign_in(
    tx: &Tx,
    actor: &Actor,
    slot_id: Id,
    owner_ref: &str,
    holder_ref: &str,
) -> Result<crate::model::Slot> {
    {
        let slot = certs::slot(tx, slot_id)?;
        require_admin(
            tx,
            actor,
            slot.org_id,
            "assign certificate slots (分配证书)",
        )?;
        if slot.state != SlotState::Unassigned {
            return Err(CertError::OwnerFixed { slot: slot_id }.into());
        }
        let org = orgs::get(tx, slot.org_id)?
            .ok_or_else(|| CertError::invariant("slot without enterprise"))?;
        let owner = persons::resolve(tx, owner_ref)?;
        let holder = persons::resolve(tx, holder_ref)?;
        require_member(tx, &org, &owner)?;
        require_member(tx, &org, &holder)?;
        let at = clock::now_stamp()?;
        certs::assign_slot(tx, slot_id, owner.id, holder.id, at)?;
        history::record(
            tx,
            actor,
            Draft::new("cert.assign", format!("slot:{slot_id}"))
                .org(org.id)
                .person(owner.id)
                .details(json!({
                    "slot": slot_id, "owner": owner.name, "holder": holder.name,
                    "holder_id": holder.id
                })),
        )?;
        crate::registry::packages::slots_of_org(tx, org.id)?
            .into_iter()
            .find(|s| s.id == slot_id)
            .ok_or_else(|| CertError::invariant("slot vanished").into())
    }
}

/// Changes a certificate's holder (修改持有人): the enterprise administrator only (D5).
pub fn change_holder(
    reg: &mut Registry,
    actor: &Actor,
    cert_id: Id,
    holder_ref: &str,
) -> Result<Cert> {
    mutate(reg, actor, "cert.holder", |tx| {
        let cert = certs::require(tx, cert_id)?;
        let org_id = cert
            .org_id
            .ok_or(CertError::HolderFixed { cert: cert.id })?;
        require_admin(
            tx,
            actor,
            org_id,
            "change a certificate's holder (修改持有人)",
        )?;
        let org = orgs::get(tx, org_id)?.ok_or_else(|| CertError::invariant("org vanished"))?;
        let holder = persons::resolve(tx, holder_ref)?;
        require_member(tx, &org, &holder)?;
        certs::set_holder(tx, cert_id, holder.id)?;
        history::record(
            tx,
            actor,
            Draft::new("cert.holder", format!("cert:{cert_id}"))
                .org(org_id)
                .cert(cert_id)
                .person(holder.id)
                .details(json!({ "holder": holder.name })),
        )?;
        certs::require(tx, cert_id)
    })
}

// ---- issuance (D6, D14) -------------------------------------------------------------------

/// Everything needed to build a certificate for a slot, read in one snapshot.
struct Subject {
    org: Org,
    owner: Person,
    kind: CertKind,
}

fn subject_name(s: &Subject) -> Result<x509_cert::name::Name> {
    let b = DnBuilder::new().printable(C, "CN")?.utf8(O, &s.org.name)?;
    let name = if s.kind == CertKind::Enterprise {
        b.utf8(OU, "ORGANIZATION")?
            .utf8(CN, &s.org.name)?
            .printable(SERIAL_NUMBER, &s.org.uscc)?
    } else {
        b.utf8(OU, "INDIVIDUAL")?
            .utf8(CN, &s.owner.name)?
            .printable(SERIAL_NUMBER, &s.owner.id_number)?
    };
    Ok(name.build()?)
}

fn identity_extension(s: &Subject) -> Option<(der::asn1::ObjectIdentifier, String)> {
    match (s.kind, s.owner.id_type) {
        (CertKind::Enterprise, _) => Some((OID_USCC, s.org.uscc.clone())),
        (_, IdType::Resident) => Some((OID_RESIDENT_ID_NUMBER, s.owner.id_number.clone())),
        (_, IdType::Passport) => Some((OID_PASSPORT_NUMBER, s.owner.id_number.clone())),
        (_, IdType::Other) => None,
    }
}

/// A signed certificate and its sealed key, ready to insert.
struct Minted {
    cert: Certificate,
    der: Vec<u8>,
    key: PrivateKey,
    sealed: Vec<u8>,
}

/// Signs a certificate for `subject` with `ca` (key pair made here unless `reuse` is given).
#[allow(clippy::too_many_arguments)]
fn mint(
    master: &MasterKey,
    ca: &crate::model::Ca,
    subject: &Subject,
    pin: &Pin,
    cost: crate::pki::vault::KdfCost,
    not_before: DateTime<Utc>,
    not_after: DateTime<Utc>,
    reuse: Option<(PrivateKey, Vec<u8>)>,
) -> Result<Minted> {
    // Every path that mints checks its own rule with its own message first; this is the
    // last word: nothing leaves here valid beyond its CA.
    let (ca_start, ca_end) = ca_validity(ca)?;
    if whole_seconds(not_before) < ca_start || whole_seconds(not_after) > ca_end {
        return Err(CertError::OutlivesCa {
            not_before: clock::stamp(not_before),
            not_after: clock::stamp(not_after),
            ca: ca.name.clone(),
            ca_start: clock::stamp(ca_start),
            ca_end: clock::stamp(ca_end),
        }
        .into());
    }
    let ca_cert = parse_cert(&ca.cert_der)?;
    let ca_key = keystore::open_ca_key(master, &ca.name, &ca.key_sealed)?;
    let algo = ca.algo;
    let (key, sealed) = match reuse {
        Some((key, sealed)) => (key, sealed),
        None => {
            let key = algo.generate()?;
            let sealed = keystore::seal_key(master, pin, cost, &key)?;
            (key, sealed)
        }
    };
    let req = LeafRequest {
        subject: subject_name(subject)?,
        public_key: key.public_key_spki()?,
        not_before: system_time(not_before),
        not_after: system_time(not_after),
        crl_uri: ca.crl_url.clone(),
        identity: identity_extension(subject),
    };
    let cert = issue_leaf(&ca_cert, &ca_key, &req, SM2_DEFAULT_DISTID)?;
    let der = cert.to_der().map_err(crate::pki::error::Error::from)?;
    Ok(Minted {
        cert,
        der,
        key,
        sealed,
    })
}

fn insert_minted(
    tx: &Tx,
    m: &Minted,
    ca: Option<&crate::model::Ca>,
    base: certs::NewCert,
) -> Result<Id> {
    let tbs = m.cert.tbs_certificate();
    let serial = serial_hex(&m.cert);
    let issuer = tbs.issuer().to_string();
    let subject = tbs.subject().to_string();
    let nb = Stamp::new(cert_time(&tbs.validity().not_before));
    let na = Stamp::new(cert_time(&tbs.validity().not_after));
    // An imported key of another size was refused before (ImportRsaSize).
    let algo = match ca {
        Some(ca) => ca.algo,
        None => m
            .key
            .algo()
            .ok_or_else(|| CertError::invariant("imported key of an unsupported size"))?,
    };
    let new = certs::NewCert {
        serial_hex: &serial,
        issuer_dn: &issuer,
        subject_dn: &subject,
        algo,
        not_before: nb,
        not_after: na,
        cert_der: &m.der,
        key_sealed: &m.sealed,
        ..base
    };
    certs::insert(tx, &new)?.ok_or_else(|| CertError::SerialTaken { serial, issuer }.into())
}

/// Whether the actor may use a certificate: the operator, the enterprise administrator, or
/// its holder.
fn require_user(tx: &Tx, actor: &Actor, cert: &Cert, doing: &str) -> Result<()> {
    if let Actor::Person(p, _) = actor
        && cert.holder.as_ref().map(|h| h.id) == Some(p.id)
    {
        return Ok(());
    }
    match cert.org_id {
        Some(org) => require_admin(tx, actor, org, doing),
        None => super::require_operator(actor, doing),
    }
}

/// The live certificate a slot was issued as, if it was.
pub fn issued_as(reg: &mut Registry, slot_id: Id) -> Result<Option<Id>> {
    reg.read(|tx| certs::live_for_slot(tx, slot_id))
}

/// A PKCS#12 to make with an issue: its profile, and where it goes. `stage` gets the
/// file's bytes inside the issuing transaction, before the commit (an `Err` issues nothing).
pub struct P12Request<'a> {
    pub profile: P12Profile,
    /// The file's own export password (see [`check_export_password`]); `None`: the PIN.
    pub password: Option<&'a str>,
    pub stage: &'a mut dyn FnMut(&[u8]) -> Result<()>,
}

/// Shortest PKCS#12 export password: with 600,000 PBKDF2 iterations, eight random
/// characters put a brute force out of reach, where six digits never are.
pub const MIN_EXPORT_PASSWORD_CHARS: usize = 8;

/// Refuses an export password too short to protect a key.
pub fn check_export_password(password: &str) -> Result<()> {
    let n = password.chars().count();
    if n < MIN_EXPORT_PASSWORD_CHARS {
        return Err(CertError::ExportPasswordShort {
            chars: i64::try_from(n).unwrap_or(i64::MAX),
        }
        .into());
    }
    Ok(())
}

/// What trying every PIN against a PKCS#12 protected by the PIN alone costs: one guess
/// (the cheapest check a file offers, measured here) and all 10^6 PINs on one core.
pub fn pin_only_p12_cost(profile: &P12Profile) -> Result<PinOnlyCost> {
    let per_guess = crate::pki::p12::guess_cost(profile)?;
    Ok(PinOnlyCost {
        iterations: i64::from(profile.mac_iterations),
        per_guess,
        all_pins: per_guess * 1_000_000,
    })
}

#[derive(Debug, Clone, Copy)]
pub struct PinOnlyCost {
    pub iterations: i64,
    pub per_guess: std::time::Duration,
    pub all_pins: std::time::Duration,
}

/// 导入证书 (D6): makes the key pair and certificate for an assigned slot now, valid one year
/// from now, the key sealed under `pin`; optionally a PKCS#12 file protected by the PIN.
pub fn issue(
    reg: &mut Registry,
    actor: &Actor,
    master: &MasterKey,
    slot_id: Id,
    ca_ref: Option<&str>,
    pin: &Pin,
    p12: Option<P12Request>,
) -> Result<Issued> {
    let now = clock::now()?;
    let (slot, ca, subject, holder, cost) = reg.read(|tx| {
        let slot = certs::slot(tx, slot_id)?;
        match slot.state {
            SlotState::Unassigned => {
                return Err(CertError::SlotUnassigned { slot: slot_id }.into());
            }
            SlotState::Used => return Err(CertError::SlotUsed { slot: slot_id }.into()),
            SlotState::Assigned => {}
        }
        let is_holder = actor.person_id().is_some() && actor.person_id() == slot.holder_person_id;
        if !is_holder {
            require_admin(tx, actor, slot.org_id, "import certificates (导入证书)")?;
        }
        let org = orgs::get(tx, slot.org_id)?
            .ok_or_else(|| CertError::invariant("slot without enterprise"))?;
        let owner_id = slot
            .owner_person_id
            .ok_or_else(|| CertError::invariant("assigned slot without owner"))?;
        let owner =
            persons::get(tx, owner_id)?.ok_or_else(|| CertError::invariant("owner vanished"))?;
        let ca = cas::resolve(tx, ca_ref)?;
        let cost = keystore::kdf_cost(tx)?;
        let holder = slot.holder_person_id;
        let kind = slot.kind;
        Ok((slot, ca, Subject { org, owner, kind }, holder, cost))
    })?;
    let not_after = year_after(now, rules::VALIDITY_MONTHS)?;
    let within = ca_covers_year(&ca, now, not_after);
    logged(reg, actor, "cert.issue", within)?;
    let minted = mint(master, &ca, &subject, pin, cost, now, not_after, None)?;
    let (profile, stage_p12, p12_password) = match p12 {
        Some(r) => (Some(r.profile), Some(r.stage), r.password),
        None => (None, None, None),
    };
    if let Some(pw) = p12_password {
        check_export_password(pw)?;
    }
    let p12_bytes = profile
        .map(|profile| {
            write_pfx(
                &minted.key,
                &minted.cert,
                &[parse_cert(&ca.cert_der)?],
                p12_password.unwrap_or(pin.as_str()),
                Some(&subject.owner.name),
                &profile,
            )
            .map_err(Error::from)
        })
        .transpose()?;
    let cert = mutate(reg, actor, "cert.issue", |tx| {
        if !certs::use_slot(tx, slot.id, SlotState::Assigned)? {
            return Err(CertError::SlotTaken { slot: slot.id }.into());
        }
        let id = insert_minted(
            tx,
            &minted,
            Some(&ca),
            certs::NewCert {
                slot_id: Some(slot.id),
                ca_id: Some(ca.id),
                org_id: Some(subject.org.id),
                kind: subject.kind,
                owner_person_id: Some(subject.owner.id),
                holder_person_id: holder,
                replaces_cert_id: None,
                bound_person_id: None,
                bound_at: None,
                at: Stamp::new(now),
                ..empty_cert()
            },
        )?;
        history::record(
            tx,
            actor,
            Draft::new("cert.issue", format!("cert:{id}"))
                .org(subject.org.id)
                .cert(id)
                .person(subject.owner.id)
                .details(json!({
                    "slot": slot.id, "ca": ca.name, "serial": serial_hex(&minted.cert),
                    "not_after": clock::stamp(not_after), "p12": p12_bytes.is_some(),
                    "holder_id": holder
                })),
        )?;
        // The caller writes the PKCS#12 (not yet under its name) while the issue is still
        // uncommitted: if that fails nothing is issued. Only a kill in the microseconds
        // between the commit and the caller's rename leaves the certificate without its
        // file (the re-run says so; `cert export` makes it again).
        if let (Some(bytes), Some(stage)) = (&p12_bytes, stage_p12) {
            stage(bytes)?;
        }
        certs::require(tx, id)
    })?;
    Ok(Issued {
        cert: view(cert, now),
        p12: p12_bytes,
    })
}

/// D6 gives a new certificate one year; a certificate never outlives its CA. A CA that
/// cannot cover the year does not issue (a shorter certificate would not be what the
/// enterprise paid for): the operator makes a new CA.
fn ca_covers_year(ca: &Ca, now: DateTime<Utc>, not_after: DateTime<Utc>) -> Result<()> {
    let (ca_start, ca_end) = ca_validity(ca)?;
    if whole_seconds(now) < ca_start {
        return Err(CertError::CaNotYetValid {
            ca: ca.name.clone(),
            from: clock::stamp(ca_start),
        }
        .into());
    }
    if whole_seconds(not_after) > ca_end {
        return Err(CertError::CaEndsBeforeYear {
            ca: ca.name.clone(),
            ca_end: clock::stamp(ca_end),
            not_after: clock::stamp(not_after),
        }
        .into());
    }
    Ok(())
}

/// Placeholder values for the fields `insert_minted` fills from the certificate itself.
fn empty_cert<'a>() -> certs::NewCert<'a> {
    certs::NewCert {
        slot_id: None,
        ca_id: None,
        org_id: None,
        kind: CertKind::Personal,
        owner_person_id: None,
        holder_person_id: None,
        serial_hex: "",
        issuer_dn: "",
        subject_dn: "",
        algo: Algo::Sm2,
        not_before: Stamp::new(DateTime::UNIX_EPOCH),
        not_after: Stamp::new(DateTime::UNIX_EPOCH),
        cert_der: &[],
        key_sealed: &[],
        replaces_cert_id: None,
        bound_person_id: None,
        bound_at: None,
        at: Stamp::new(DateTime::UNIX_EPOCH),
    }
}

fn subject_of(tx: &Tx, cert: &Cert) -> Result<Subject> {
    let (Some(org_id), Some(owner)) = (cert.org_id, cert.owner.as_ref()) else {
        return Err(CertError::ImportedElsewhere { cert: cert.id }.into());
    };
    Ok(Subject {
        org: orgs::get(tx, org_id)?.ok_or_else(|| CertError::invariant("org vanished"))?,
        owner: persons::get(tx, owner.id)?.ok_or_else(|| CertError::invariant("owner vanished"))?,
        kind: cert.kind,
    })
}

fn require_live(cert: &Cert, doing: Doing) -> Result<()> {
    match cert.status {
        CertStatus::Revoked => Err(CertError::Revoked {
            doing,
            cert: cert.id,
            since: cert.revoked_at.map_or_else(|| "?".into(), |t| t.text()),
        }
        .into()),
        CertStatus::Superseded => Err(CertError::Superseded {
            doing,
            cert: cert.id,
        }
        .into()),
        _ => Ok(()),
    }
}

/// Refuses a certificate that may not sign or decrypt now: revoked, superseded, frozen,
/// locked or expired (D11, D12).
pub fn require_usable(cert: &Cert, now: DateTime<Utc>, doing: Doing) -> Result<()> {
    require_live(cert, doing)?;
    if cert.status == CertStatus::Frozen {
        return Err(CertError::Frozen {
            doing,
            cert: cert.id,
        }
        .into());
    }
    if cert.locked {
        return Err(CertError::Locked { cert: cert.id }.into());
    }
    if cert.not_after.time() <= now {
        return Err(CertError::Expired {
            doing,
            cert: cert.id,
            on: cert.not_after.text(),
        }
        .into());
    }
    Ok(())
}

/// 补发证书 (D8): new key pair and certificate under a new PIN, same validity end; the old
/// certificate is revoked (superseded) and its seal assignments cleared. Unlocks (D11).
/// With `p12`, the new key and certificate also as a PKCS#12 (as [`issue`] makes it),
/// staged before the reissue commits.
pub fn reissue(
    reg: &mut Registry,
    actor: &Actor,
    master: &MasterKey,
    cert_id: Id,
    new_pin: &Pin,
    p12: Option<P12Request>,
) -> Result<Issued> {
    let now = clock::now()?;
    let read = reg.read(|tx| {
        let old = certs::require(tx, cert_id)?;
        require_live(&old, Doing::Reissue)?;
        if let Some(org) = old.org_id {
            require_admin(tx, actor, org, "reissue certificates (补发证书)")?;
        }
        let ca = require_issued_here(tx, &old, Doing::Reissue)?;
        let subject = subject_of(tx, &old)?;
        let signed_end = signed_not_after(&old)?;
        if signed_end <= now {
            return Err(CertError::ReissueExpired {
                cert: cert_id,
                on: clock::stamp(signed_end),
            }
            .into());
        }
        Ok((old, ca, subject, signed_end, keystore::kdf_cost(tx)?))
    });
    let (old, ca, subject, signed_end, cost) = logged(reg, actor, "cert.reissue", read)?;
    // Same end as the replaced certificate (D8), which was within its CA and one year of its
    // own issue; capped all the same, so that no stored state can stretch it.
    let (_, ca_end) = ca_validity(&ca)?;
    let year = year_after(now, rules::VALIDITY_MONTHS)?;
    let not_after = signed_end.min(ca_end).min(year);
    let minted = mint(master, &ca, &subject, new_pin, cost, now, not_after, None)?;
    let (stage_p12, p12_bytes) = match p12 {
        Some(r) => {
            if let Some(pw) = r.password {
                check_export_password(pw)?;
            }
            let bytes = write_pfx(
                &minted.key,
                &minted.cert,
                &[parse_cert(&ca.cert_der)?],
                r.password.unwrap_or(new_pin.as_str()),
                Some(&subject.owner.name),
                &r.profile,
            )?;
            (Some(r.stage), Some(bytes))
        }
        None => (None, None),
    };
    let cert = mutate(reg, actor, "cert.reissue", |tx| {
        let current = certs::require(tx, cert_id)?;
        require_live(&current, Doing::Reissue)?;
        let at = Stamp::new(now);
        certs::set_status(
            tx,
            cert_id,
            CertStatus::Superseded,
            Some(at),
            Some("superseded"),
        )?;
        let cleared = certs::clear_seal_assignments(tx, cert_id)?;
        let id = insert_minted(
            tx,
            &minted,
            Some(&ca),
            certs::NewCert {
                slot_id: current.slot_id,
                ca_id: Some(ca.id),
                org_id: current.org_id,
                kind: current.kind,
                owner_person_id: current.owner.as_ref().map(|p| p.id),
                holder_person_id: current.holder.as_ref().map(|p| p.id),
                replaces_cert_id: Some(cert_id),
                bound_person_id: None,
                bound_at: None,
                at,
                ..empty_cert()
            },
        )?;
        // The account binding (D13) follows the replacement; seal assignments do not (D8).
        if let Some(b) = &current.bound {
            certs::set_binding(tx, cert_id, None, None)?;
            certs::set_binding(tx, id, Some(b.id), current.bound_at)?;
        }
        history::record(
            tx,
            actor,
            Draft::new("cert.reissue", format!("cert:{id}"))
                .org(current.org_id.unwrap_or(0))
                .cert(id)
                .details(json!({
                    "replaces": cert_id, "old_serial": current.serial_hex,
                    "serial": serial_hex(&minted.cert), "seal_assignments_cleared": cleared,
                    "was_locked": current.locked, "p12": p12_bytes.is_some()
                })),
        )?;
        // As in `issue`: the PKCS#12 is written (not yet under its name) before the commit.
        if let (Some(bytes), Some(stage)) = (&p12_bytes, stage_p12) {
            stage(bytes)?;
        }
        certs::require(tx, id)
    })?;
    let _ = old;
    Ok(Issued {
        cert: view(cert, now),
        p12: p12_bytes,
    })
}

/// 证书延期 (D9, D10): only with less than three months left; consumes an unused slot of the
/// same kind; new end = old end + one year. A new key unless `keep_key`; a new key needs
/// `confirmed` because documents encrypted to the old key become undecryptable (D10).
pub fn extend(
    reg: &mut Registry,
    actor: &Actor,
    master: &MasterKey,
    cert_id: Id,
    pin: &Pin,
    keep_key: bool,
    confirmed: bool,
) -> Result<Issued> {
    let now = clock::now()?;
    let read = reg.read(|tx| {
        let cert = certs::require(tx, cert_id)?;
        require_user(tx, actor, &cert, "extend certificates (证书延期)")?;
        let ca = require_issued_here(tx, &cert, Doing::Extend)?;
        let subject = subject_of(tx, &cert)?;
        Ok((cert, ca, subject, keystore::kdf_cost(tx)?))
    });
    let (cert, ca, subject, cost) = logged(reg, actor, "cert.extend", read)?;
    require_usable(&cert, now, Doing::Extend)?;
    let not_after = signed_not_after(&cert)?;
    if window_opens(not_after) > now {
        return Err(CertError::ExtendTooEarly {
            cert: cert_id,
            days_left: (not_after - now).num_days(),
        }
        .into());
    }
    if !keep_key && !confirmed {
        return Err(CertError::ExtendNeedsConfirmation { cert: cert_id }.into());
    }
    // D9: old end plus one year, and (by the three-month rule above) never more than fifteen
    // months from now. Refused, not shortened, when the CA ends sooner: the extension
    // consumes a paid slot, which must buy the whole year. Decided before the PIN is asked.
    let new_end = year_after(not_after, rules::EXTENSION_MONTHS)?;
    let (_, ca_end) = ca_validity(&ca)?;
    if whole_seconds(new_end) > ca_end {
        let refused = Err(CertError::ExtendOutlivesCa {
            cert: cert_id,
            new_end: clock::stamp(new_end),
            ca: ca.name.clone(),
            ca_end: clock::stamp(ca_end),
        }
        .into());
        return logged(reg, actor, "cert.extend", refused);
    }
    // The PIN proves the holder's consent and, for a new key, protects it.
    let key = keystore::unlock(reg, actor, master, &cert, pin, "extend")?;
    let reuse = keep_key.then(|| (key, cert.key_sealed.clone()));
    let minted = mint(master, &ca, &subject, pin, cost, now, new_end, reuse)?;
    let issued = mutate(reg, actor, "cert.extend", |tx| {
        let current = certs::require(tx, cert_id)?;
        require_usable(&current, now, Doing::Extend)?;
        let org_id = current
            .org_id
            .ok_or_else(|| CertError::invariant("cert without org"))?;
        let owner = current.owner.as_ref().map(|p| p.id);
        let holder = current.holder.as_ref().map(|p| p.id);
        let Some(slot) = certs::unused_slot(tx, org_id, current.kind, owner)? else {
            return Err(CertError::NoUnusedSlot {
                org: subject.org.name.clone(),
                kind: current.kind,
            }
            .into());
        };
        let at = Stamp::new(now);
        certs::consume_slot(tx, slot.id, owner, holder, at)?;
        certs::set_status(tx, cert_id, CertStatus::Superseded, None, None)?;
        let id = insert_minted(
            tx,
            &minted,
            Some(&ca),
            certs::NewCert {
                slot_id: Some(slot.id),
                ca_id: Some(ca.id),
                org_id: Some(org_id),
                kind: current.kind,
                owner_person_id: owner,
                holder_person_id: holder,
                replaces_cert_id: Some(cert_id),
                bound_person_id: None,
                bound_at: None,
                at,
                ..empty_cert()
            },
        )?;
        if let Some(b) = &current.bound {
            certs::set_binding(tx, cert_id, None, None)?;
            certs::set_binding(tx, id, Some(b.id), current.bound_at)?;
        }
        certs::move_seal_assignments(tx, cert_id, id)?;
        history::record(
            tx,
            actor,
            Draft::new("cert.extend", format!("cert:{id}"))
                .org(org_id)
                .cert(id)
                .details(json!({
                    "replaces": cert_id, "slot": slot.id, "keep_key": keep_key,
                    "old_not_after": current.not_after, "not_after": clock::stamp(new_end)
                })),
        )?;
        certs::require(tx, id)
    })?;
    Ok(Issued {
        cert: view(issued, now),
        p12: None,
    })
}

/// Revocation reasons an operator may give (RFC 5280; hold is `freeze`).
pub const REVOKE_REASONS: &[&str] = &[
    "unspecified",
    "key-compromise",
    "affiliation-changed",
    "superseded",
    "cessation-of-operation",
];

/// Who may revoke or freeze `cert`: the operator; for an enterprise's certificate its
/// administrator; for a certificate of no enterprise (imported without --org) its holder or
/// owner only.
fn require_manager(tx: &Tx, actor: &Actor, cert: &Cert, doing: &str) -> Result<()> {
    if let Some(org) = cert.org_id {
        return require_admin(tx, actor, org, doing);
    }
    match actor {
        Actor::Operator => Ok(()),
        Actor::Person(p, _) => {
            let own = [&cert.holder, &cert.owner]
                .into_iter()
                .flatten()
                .any(|x| x.id == p.id);
            if own {
                Ok(())
            } else {
                Err(Error::Refused(format!(
                    "not allowed (无权限): certificate {} belongs to no enterprise and {} does not hold it; only its holder or the operator may {doing}",
                    cert.id, p.name
                )))
            }
        }
    }
}

/// Certificates `cert` replaced, directly or not, that are superseded without being revoked
/// and carry the same public key (extensions with --keep-key).
fn superseded_with_same_key(tx: &Tx, cert: &Cert) -> Result<Vec<Id>> {
    let key_of = |der: &[u8]| {
        parse_cert(der)
            .ok()
            .and_then(|c| c.tbs_certificate().subject_public_key_info().to_der().ok())
    };
    let Some(key) = key_of(&cert.cert_der) else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for id in certs::chain_ids(tx, cert.id)? {
        if id == cert.id {
            continue;
        }
        let c = certs::require(tx, id)?;
        if c.status == CertStatus::Superseded
            && c.revoked_at.is_none()
            && key_of(&c.cert_der) == Some(key.clone())
        {
            out.push(id);
        }
    }
    Ok(out)
}

pub fn revoke(reg: &mut Registry, actor: &Actor, cert_id: Id, reason: &str) -> Result<Cert> {
    if !REVOKE_REASONS.contains(&reason) {
        return Err(CertError::InvalidReason {
            reason: reason.to_string(),
        }
        .into());
    }
    mutate(reg, actor, "cert.revoke", |tx| {
        let cert = certs::require(tx, cert_id)?;
        require_live(&cert, Doing::Revoke)?;
        require_manager(tx, actor, &cert, "revoke certificates (吊销)")?;
        let at = clock::now_stamp()?;
        certs::set_status(tx, cert_id, CertStatus::Revoked, Some(at), Some(reason))?;
        certs::set_binding(tx, cert_id, None, None)?;
        // Revocation is of the key: a certificate this one replaced keeping the same key
        // (`cert extend --keep-key`) is superseded but still valid, and would otherwise keep
        // the revoked key usable until it expires. It goes on the CRL too.
        let same_key = superseded_with_same_key(tx, &cert)?;
        for id in &same_key {
            certs::set_status(tx, *id, CertStatus::Superseded, Some(at), Some(reason))?;
        }
        history::record(
            tx,
            actor,
            Draft::new("cert.revoke", format!("cert:{cert_id}"))
                .org(cert.org_id.unwrap_or(0))
                .cert(cert_id)
                .details(json!({
                    "reason": reason, "serial": cert.serial_hex, "also_revoked": same_key
                })),
        )?;
        certs::require(tx, cert_id)
    })
}

/// 冻结 / 解冻 (D11): a frozen certificate is on the CRL as certificateHold.
pub fn set_frozen(reg: &mut Registry, actor: &Actor, cert_id: Id, freeze: bool) -> Result<Cert> {
    let action = if freeze {
        "cert.freeze"
    } else {
        "cert.unfreeze"
    };
    mutate(reg, actor, action, |tx| {
        let cert = certs::require(tx, cert_id)?;
        require_live(
            &cert,
            if freeze {
                Doing::Freeze
            } else {
                Doing::Unfreeze
            },
        )?;
        if freeze {
            require_manager(tx, actor, &cert, "freeze certificates (冻结)")?;
        } else if cert.org_id.is_some() {
            require_manager(tx, actor, &cert, "unfreeze certificates (解冻)")?;
        } else {
            // A certificate of no enterprise: its holder may freeze it (a lost key), but
            // only the operator lifts a freeze (whoever has the key could otherwise).
            require_operator(actor, "unfreeze a certificate of no enterprise (解冻)")?;
        }
        match (freeze, cert.status) {
            (true, CertStatus::Frozen) => {
                return Err(CertError::AlreadyFrozen { cert: cert_id }.into());
            }
            (false, CertStatus::Active) => {
                return Err(CertError::NotFrozen { cert: cert_id }.into());
            }
            _ => {}
        }
        certs::set_status(
            tx,
            cert_id,
            if freeze {
                CertStatus::Frozen
            } else {
                CertStatus::Active
            },
            None,
            None,
        )?;
        let at = clock::now_stamp()?;
        certs::set_frozen_at(tx, cert_id, freeze.then_some(at))?;
        history::record(
            tx,
            actor,
            Draft::new(action, format!("cert:{cert_id}"))
                .org(cert.org_id.unwrap_or(0))
                .cert(cert_id),
        )?;
        certs::require(tx, cert_id)
    })
}

/// Checks a PIN (counts toward lockout, D11).
pub fn verify_pin(
    reg: &mut Registry,
    actor: &Actor,
    master: &MasterKey,
    cert_id: Id,
    pin: &Pin,
) -> Result<Cert> {
    // Who asks is checked before the PIN is tried: a stranger gets no right/wrong answer
    // and cannot spend the holder's attempts (issue 12).
    let cert = mutate(reg, actor, "cert.pin", |tx| {
        let cert = certs::require(tx, cert_id)?;
        require_user(tx, actor, &cert, "check this certificate's PIN")?;
        Ok(cert)
    })?;
    keystore::unlock(reg, actor, master, &cert, pin, "verify-pin")?;
    reg.write(|tx| {
        history::record(
            tx,
            actor,
            Draft::new("cert.pin", format!("cert:{cert_id}"))
                .cert(cert_id)
                .details(json!({ "purpose": "verify-pin" })),
        )?;
        certs::require(tx, cert_id)
    })
}

/// 绑定 (D13): the administrator binds to any member, a member only to themselves; the PIN
/// is asked. An account binds at most one certificate per enterprise.
pub fn bind(
    reg: &mut Registry,
    actor: &Actor,
    master: &MasterKey,
    cert_id: Id,
    to_ref: Option<&str>,
    pin: &Pin,
) -> Result<Cert> {
    let now = clock::now()?;
    let to = reg.read(|tx| match (to_ref, actor) {
        (Some(r), _) => persons::resolve(tx, r),
        (None, Actor::Person(p, _)) => Ok(p.clone()),
        (None, Actor::Operator) => Err(CertError::BindNeedsAccount.into()),
    })?;
    // Who asks is checked before the PIN is tried: a stranger gets no right/wrong answer
    // and cannot lock someone else's certificate (issue 12). Refusals are recorded.
    let cert = mutate(reg, actor, "cert.bind", |tx| {
        let cert = certs::require(tx, cert_id)?;
        require_binder(tx, actor, &cert, &to)?;
        Ok(cert)
    })?;
    require_usable(&cert, now, Doing::Bind)?;
    keystore::unlock_checked(reg, actor, master, &cert, pin, "bind", |c| {
        require_usable(c, now, Doing::Bind)
    })?;
    mutate(reg, actor, "cert.bind", |tx| {
        let cert = certs::require(tx, cert_id)?;
        let org_id = require_binder(tx, actor, &cert, &to)?;
        if let Some(b) = &cert.bound {
            return Err(CertError::AlreadyBound {
                cert: cert_id,
                account: b.name.clone(),
                since: cert.bound_at.map_or_else(|| "?".into(), |t| t.text()),
            }
            .into());
        }
        let at = Stamp::new(now);
        certs::set_binding(tx, cert_id, Some(to.id), Some(at))?;
        history::record(
            tx,
            actor,
            Draft::new("cert.bind", format!("cert:{cert_id}"))
                .org(org_id)
                .cert(cert_id)
                .person(to.id)
                .details(json!({ "account": to.name })),
        )?;
        certs::require(tx, cert_id)
    })
}

/// Who may bind `cert` to `to` (D13): the administrator binds to any member, a member only
/// a certificate they hold, only to themselves. Returns the enterprise.
fn require_binder(tx: &Tx, actor: &Actor, cert: &Cert, to: &Person) -> Result<Id> {
    let org_id = cert.org_id.ok_or(CertError::BindImported)?;
    let holder = cert.holder.as_ref().map(|h| h.id);
    let self_bind = actor.person_id() == Some(to.id) && holder == Some(to.id);
    if !self_bind {
        require_admin(
            tx,
            actor,
            org_id,
            "bind a certificate they do not hold, or to another member's account (D13)",
        )?;
    }
    let org = orgs::get(tx, org_id)?.ok_or_else(|| CertError::invariant("org vanished"))?;
    require_member(tx, &org, to)?;
    Ok(org_id)
}

/// 解绑 (D13): by the administrator or the bound account itself.
pub fn unbind(reg: &mut Registry, actor: &Actor, cert_id: Id) -> Result<Cert> {
    mutate(reg, actor, "cert.unbind", |tx| {
        let cert = certs::require(tx, cert_id)?;
        let Some(bound) = cert.bound.clone() else {
            return Err(CertError::NotBound { cert: cert_id }.into());
        };
        if actor.person_id() != Some(bound.id) {
            require_admin(
                tx,
                actor,
                cert.org_id.unwrap_or(0),
                "unbind another member's certificate (D13)",
            )?;
        }
        certs::set_binding(tx, cert_id, None, None)?;
        history::record(
            tx,
            actor,
            Draft::new("cert.unbind", format!("cert:{cert_id}"))
                .org(cert.org_id.unwrap_or(0))
                .cert(cert_id)
                .person(bound.id),
        )?;
        certs::require(tx, cert_id)
    })
}

// ---- listing and export -----------------------------------------------------------------

/// One row of `cert list`: a certificate, or an assigned slot waiting for import (待导入).
#[derive(Debug, Serialize)]
pub struct ListRow {
    pub cert_id: Option<Id>,
    pub slot_id: Option<Id>,
    pub org_id: Option<Id>,
    pub kind: CertKind,
    pub owner: Option<String>,
    pub holder: Option<String>,
    pub state: CertState,
    pub label: String,
    pub algo: Option<Algo>,
    pub not_after: Option<Stamp>,
    pub days_left: Option<i64>,
    pub serial: Option<String>,
    /// The certificate this one replaced (reissue D8, extension D9).
    pub replaces: Option<Id>,
    /// The certificate that replaced this one.
    pub replaced_by: Option<Id>,
}

impl ListRow {
    fn of(c: &Cert, now: DateTime<Utc>) -> ListRow {
        ListRow {
            cert_id: Some(c.id),
            slot_id: c.slot_id,
            org_id: c.org_id,
            kind: c.kind,
            owner: c.owner.as_ref().map(|p| p.name.clone()),
            holder: c.holder.as_ref().map(|p| p.name.clone()),
            state: state(c, now),
            label: label(c, now).to_string(),
            algo: Some(c.algo),
            not_after: Some(c.not_after),
            days_left: Some((c.not_after.time() - now).num_days()),
            serial: Some(c.serial_hex.clone()),
            replaces: c.replaces_cert_id,
            replaced_by: c.replaced_by,
        }
    }
}

#[derive(Debug, Default)]
pub struct ListFilter {
    /// An enterprise: id, USCC or exact name.
    pub org: Option<String>,
    /// A person (id, ID number or exact name): certificates they own, hold or have bound,
    /// and slots assigned to them.
    pub person: Option<String>,
    /// A serial in hex, any case, with or without colons.
    pub serial: Option<String>,
    pub state: Option<String>,
    pub expiring_within_days: Option<i64>,
}

/// A serial as typed (hex, any case, colons or spaces between bytes) in the form the
/// registry compares; refused when it is not hex.
fn serial_ref(flag: &str, s: &str) -> Result<String> {
    let norm = certs::normalize_serial(s.trim());
    let hex = norm.chars().all(|c| c.is_ascii_hexdigit());
    if s.trim().is_empty() || !hex || norm.len() > 64 {
        return Err(CertError::InvalidSerial {
            flag: flag.to_string(),
            value: s.to_string(),
        }
        .into());
    }
    Ok(norm)
}

pub fn list(reg: &mut Registry, f: &ListFilter) -> Result<Vec<ListRow>> {
    let wanted = match &f.state {
        Some(s) => match CertState::parse(s) {
            Some(st) => Some(st),
            None => return Err(CertError::InvalidState { value: s.clone() }.into()),
        },
        None => None,
    };
    let serial = f
        .serial
        .as_deref()
        .map(|s| serial_ref("--serial", s))
        .transpose()?;
    let now = clock::now()?;
    reg.read(|tx| {
        let org_id = f
            .org
            .as_deref()
            .map(|r| orgs::resolve(tx, r))
            .transpose()?
            .map(|o| o.id);
        let person_id = f
            .person
            .as_deref()
            .map(|r| persons::resolve(tx, r))
            .transpose()?
            .map(|p| p.id);
        let query = certs::Query {
            org_id,
            person_id,
            serial: serial.as_deref(),
        };
        let mut rows: Vec<ListRow> = certs::find(tx, &query)?
            .iter()
            .map(|c| ListRow::of(c, now))
            .collect();
        // Slots waiting for import have no serial yet.
        let orgs_to_scan: Vec<Id> = match (org_id, &serial) {
            (_, Some(_)) => Vec::new(),
            (Some(o), None) => vec![o],
            (None, None) => orgs::list(tx)?.iter().map(|o| o.id).collect(),
        };
        for o in orgs_to_scan {
            for s in crate::registry::packages::slots_of_org(tx, o)? {
                let theirs = person_id.is_none_or(|p| {
                    [s.owner.as_ref(), s.holder.as_ref()]
                        .iter()
                        .any(|r| r.is_some_and(|r| r.id == p))
                });
                if s.state == SlotState::Assigned && theirs {
                    rows.push(ListRow {
                        cert_id: None,
                        slot_id: Some(s.id),
                        org_id: Some(o),
                        kind: s.kind,
                        owner: s.owner.map(|p| p.name),
                        holder: s.holder.map(|p| p.name),
                        state: CertState::Pending,
                        label: CertState::Pending.label(),
                        algo: None,
                        not_after: None,
                        days_left: None,
                        serial: None,
                        replaces: None,
                        replaced_by: None,
                    });
                }
            }
        }
        rows.retain(|r| {
            wanted.is_none_or(|s| r.state == s)
                && f.expiring_within_days.is_none_or(|d| {
                    r.days_left.is_some_and(|left| left >= 0 && left <= d)
                        && matches!(r.state, CertState::Active | CertState::Expiring)
                })
        });
        Ok(rows)
    })
}

pub fn show(reg: &mut Registry, cert_id: Id) -> Result<CertView> {
    let now = clock::now()?;
    reg.read(|tx| Ok(view(certs::require(tx, cert_id)?, now)))
}

/// What `cert show REF` found: one certificate, or a person's certificates.
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum Shown {
    One(Box<CertView>),
    /// A person named by REF who has several certificates (or none).
    OfPerson {
        person: crate::model::PersonRef,
        certificates: Vec<ListRow>,
    },
}

/// How a reference to a certificate was read (see [`show_ref`]).
const HOW: [&str; 4] = ["id", "serial", "sha256", "person"];

/// `cert show REF`: REF is a certificate id, a serial (hex, any case, with or without
/// colons), a SHA-256 fingerprint of the certificate (hex, with or without colons), or a
/// person (ID number or exact name): their one certificate, or the list of theirs. A prefix
/// (`id:`, `serial:`, `sha256:`, `person:`) reads it one way only. A reference that fits
/// several certificates is refused, naming them.
pub fn show_ref(reg: &mut Registry, reference: &str) -> Result<Shown> {
    let now = clock::now()?;
    let r = reference.trim();
    let (only, r) = match r.split_once(':') {
        Some((how, rest)) if HOW.contains(&how.to_ascii_lowercase().as_str()) => {
            (Some(how.to_ascii_lowercase()), rest.trim())
        }
        _ => (None, r),
    };
    let reads = |how: &str| only.as_deref().is_none_or(|o| o == how);
    if r.is_empty() {
        return Err(CertError::ShowNeedsRef.into());
    }
    let bare = certs::normalize_serial(r);
    let hex = !bare.is_empty() && bare.chars().all(|c| c.is_ascii_hexdigit());
    let fingerprint_hex: String = r.chars().filter(|c| *c != ':').collect();
    reg.read(|tx| {
        // Every reading of REF, with the certificates it finds and why.
        let mut found: Vec<(String, Cert)> = Vec::new();
        let mut add = |why: String, c: Cert| {
            if !found.iter().any(|(_, f)| f.id == c.id) {
                found.push((why, c));
            }
        };
        if reads("id") && orgs::is_row_id(r) {
            if let Some(c) = certs::get(tx, r.parse().unwrap_or(0))? {
                add(format!("id {}", c.id), c);
            }
        } else if only.as_deref() == Some("id") {
            return Err(CertError::InvalidId {
                value: r.to_string(),
            }
            .into());
        }
        if reads("serial") && hex && bare.len() <= 64 {
            let query = certs::Query {
                serial: Some(&bare),
                ..Default::default()
            };
            for c in certs::find(tx, &query)? {
                add(format!("serial {}", c.serial_hex), c);
            }
        }
        if reads("sha256")
            && fingerprint_hex.len() == 64
            && fingerprint_hex.chars().all(|c| c.is_ascii_hexdigit())
        {
            for c in certs::find(tx, &certs::Query::default())? {
                if fingerprint(&c.cert_der).replace(':', "") == fingerprint_hex.to_uppercase() {
                    add("SHA-256 fingerprint".into(), c);
                }
            }
        }
        // A bare number is a certificate id, never a person's id (`person:N` is).
        let mut person = None;
        let mut person_error = None;
        if reads("person") && (only.is_some() || !orgs::is_row_id(r)) {
            match persons::resolve(tx, r) {
                Ok(p) => {
                    let query = certs::Query {
                        person_id: Some(p.id),
                        ..Default::default()
                    };
                    let theirs = certs::find(tx, &query)?;
                    for c in &theirs {
                        add(format!("certificate of {}", p.name), c.clone());
                    }
                    person = Some((p, theirs));
                }
                Err(Error::NotFound(_)) => {}
                Err(e) => person_error = Some(e),
            }
        }
        match (found.len(), person) {
            (1, _) => {
                let (_, c) = found.remove(0);
                Ok(Shown::One(Box::new(view(c, now))))
            }
            // Only the person matched, and they have several certificates (or none): theirs.
            (_, Some((p, theirs))) if found.len() == theirs.len() => Ok(Shown::OfPerson {
                person: crate::model::PersonRef {
                    id: p.id,
                    name: p.name.clone(),
                },
                certificates: theirs.iter().map(|c| ListRow::of(c, now)).collect(),
            }),
            (0, None) => Err(person_error.unwrap_or_else(|| {
                CertError::NoSuchCert {
                    reference: reference.to_string(),
                }
                .into()
            })),
            _ => Err(CertError::Ambiguous {
                reference: reference.to_string(),
                count: i64::try_from(found.len()).unwrap_or(i64::MAX),
                candidates: found
                    .iter()
                    .map(|(why, c)| {
                        format!(
                            "{} {} ({why}; {}, {})",
                            crate::i18n::tr(crate::msg!("word-certificate")),
                            c.id,
                            c.holder.as_ref().map_or("-", |h| h.name.as_str()),
                            label(c, now)
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("; "),
            }
            .into()),
        }
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Pem,
    Der,
    P12 { legacy: bool },
}

/// The certificate as PEM or DER; or a PKCS#12 with its key (PIN checked, D6, D11), the chain
/// included when the CA is in the registry. The PKCS#12 is protected by `p12_password`
/// (checked with [`check_export_password`]) or, without one, by the PIN.
pub fn export(
    reg: &mut Registry,
    actor: &Actor,
    master: Option<&MasterKey>,
    cert_id: Id,
    format: ExportFormat,
    pin: Option<&Pin>,
    p12_password: Option<&str>,
) -> Result<Vec<u8>> {
    let cert = reg.read(|tx| certs::require(tx, cert_id))?;
    let parsed = parse_cert(&cert.cert_der)?;
    match format {
        ExportFormat::Der => Ok(cert.cert_der),
        ExportFormat::Pem => Ok(parsed
            .to_pem(der::pem::LineEnding::LF)
            .map_err(crate::pki::error::Error::from)?
            .into_bytes()),
        ExportFormat::P12 { legacy } => {
            let (Some(master), Some(pin)) = (master, pin) else {
                return Err(CertError::P12NeedsPin.into());
            };
            if let Some(pw) = p12_password {
                check_export_password(pw)?;
            }
            // Who asks, then whether the key may leave at all, before the PIN is tried: a
            // stranger gets no right/wrong answer and spends no attempt (issue 12).
            mutate(reg, actor, "cert.export", |tx| {
                require_user(tx, actor, &cert, "export this certificate's key")
            })?;
            let now = clock::now()?;
            const DOING: Doing = Doing::Export;
            require_usable(&cert, now, DOING)?;
            let key = keystore::unlock_checked(reg, actor, master, &cert, pin, "export", |c| {
                require_usable(c, now, DOING)
            })?;
            let chain = ca_chain(reg, &cert)?;
            let name = cert.owner.as_ref().map(|p| p.name.clone());
            let bytes = write_pfx(
                &key,
                &parsed,
                &chain,
                p12_password.unwrap_or(pin.as_str()),
                name.as_deref(),
                &p12_profile(legacy),
            )?;
            reg.write(|tx| {
                history::record(
                    tx,
                    actor,
                    Draft::new("cert.export", format!("cert:{cert_id}"))
                        .cert(cert_id)
                        .details(json!({
                            "format": "p12", "legacy": legacy,
                            "protection": if p12_password.is_some() { "password" } else { "pin" }
                        })),
                )
            })?;
            Ok(bytes)
        }
    }
}

/// The CA certificate above `cert` when its CA is in the registry (embedded in PKCS#12
/// files and signatures).
pub fn ca_chain(reg: &mut Registry, cert: &Cert) -> Result<Vec<Certificate>> {
    let Some(ca) = cert.ca_id else {
        return Ok(Vec::new());
    };
    reg.read(|tx| cas::get(tx, ca))?
        .map(|c| parse_cert(&c.cert_der))
        .transpose()
        .map(|c| c.into_iter().collect())
}

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
                if e.0.contains("MAC verification failed") {
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
        // A person imports for themselves; for someone else only as the administrator of an
        // enterprise they are a member of (--org). Otherwise anyone proven could give another
        // person a certificate whose PIN they chose, and act as that person (--as).
        if let (Actor::Person(p, _), Some(h), None) = (actor, &holder, &org)
            && h.id != p.id
        {
            return Err(Error::Refused(format!(
                "not allowed (无权限): {} may import a certificate for themselves only; an enterprise's administrator imports one for a member with --org, the operator for anyone",
                p.name
            )));
        }
        if let Some(o) = &org {
            require_admin(tx, actor, o.id, "import certificates into this enterprise")?;
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
                    "same_issuer_and_serial_as": namesake,
                    "org": org.as_ref().map(|o| o.id), "holder_id": holder_id
                })),
        )?;
        certs::require(tx, id)
    })?;
    Ok(view(c, now))
}

pub fn validate_label(field: &str, v: &str) -> Result<String> {
    text_field(field, v, 64)
}
