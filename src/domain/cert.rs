//! Certificates (D4–D14): their D12 state, assigning a slot's owner and holder, and issuing
//! (导入证书) with a PIN. Changes to an issued certificate are in `cert_change`, listing and
//! export in `cert_list`, importing foreign certificates in `cert_import`; they are
//! re-exported here, so `domain::cert` stays the one path to all of them.
//!
//! Slow work (key generation, the PIN KDF, signing) happens outside transactions; the
//! registry write then re-checks the state it relied on, so two processes racing for one
//! slot never both win.

use chrono::{DateTime, Months, Utc};
use der::Encode;
use serde::Serialize;
use serde_json::json;
use x509_cert::Certificate;

use super::anchor;
use super::ca::{fingerprint, parse_cert, system_time};
use super::cert_error::{CertError, CertState, Doing};
use super::history::{self, Draft};
use super::keyed_identity;
use super::rules;
use super::{Act, Actor, clock, keystore, logged, mutate, require_admin, text_field};
use crate::error::{Error, Result};
use crate::model::Stamp;
use crate::model::vocab::{CertKind, CertStatus, IdType, SlotState};
use crate::model::{Ca, Cert, Id, Org, Person};
use crate::pki::dn::{C, CN, DnBuilder, O, OU, SERIAL_NUMBER};
use crate::pki::keys::{Algo, PrivateKey, SM2_DEFAULT_DISTID};
use crate::pki::p12::{P12Profile, write_pfx};
use crate::pki::pin::Pin;
use crate::pki::vault::MasterKey;
use crate::pki::x509::{
    LeafRequest, OID_PASSPORT_NUMBER, OID_RESIDENT_ID_NUMBER, OID_USCC, issue_leaf, serial_hex,
};
use crate::registry::{Registry, Tx, cas, certs, orgs, persons};

pub use super::cert_change::{
    REVOKE_REASONS, bind, extend, reissue, revoke, set_frozen, unbind, verify_pin,
};
pub use super::cert_import::{ImportInput, ImportSource, import, read_import_source};
pub(crate) use super::cert_import::{parse_cert_input, parse_key_input};
pub use super::cert_list::{
    ExportFormat, ListFilter, ListRow, Shown, ca_chain, export, list, show, show_ref,
};

/// The D12 state of a certificate now.
pub fn state(c: &Cert, now: DateTime<Utc>) -> CertState {
    state_of(c.status, c.locked, c.not_after, now)
}

/// The D12 state of a certificate with this status, lock and end of validity, now.
pub fn state_of(
    status: CertStatus,
    locked: bool,
    not_after: Stamp,
    now: DateTime<Utc>,
) -> CertState {
    let not_after = not_after.time();
    match status {
        CertStatus::Revoked => CertState::Revoked,
        CertStatus::Superseded => CertState::Superseded,
        _ if locked => CertState::Locked,
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
pub(crate) fn window_opens(t: DateTime<Utc>) -> DateTime<Utc> {
    t.checked_sub_months(Months::new(rules::EXTENSION_WINDOW_MONTHS))
        .unwrap_or(t)
}

/// A new certificate's end (D6), or an extension's (D9), counted from `from`.
pub(crate) fn year_after(from: DateTime<Utc>, months: u32) -> Result<DateTime<Utc>> {
    from.checked_add_months(Months::new(months))
        .ok_or_else(|| CertError::invariant("date overflow").into())
}

pub fn parse_time(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

pub(crate) fn cert_time(t: &x509_cert::time::Time) -> DateTime<Utc> {
    DateTime::<Utc>::from(t.to_system_time())
}

/// When a registry CA's certificate is valid, as signed in it (not a stored copy).
pub(crate) fn ca_validity(ca: &Ca) -> Result<(DateTime<Utc>, DateTime<Utc>)> {
    let v = *parse_cert(&ca.cert_der)?.tbs_certificate().validity();
    Ok((cert_time(&v.not_before), cert_time(&v.not_after)))
}

/// The end of a stored certificate's validity, as signed in it: a reissue keeps it and an
/// extension adds to it, so neither takes it from a column anyone with the file can edit.
pub(crate) fn signed_not_after(c: &Cert) -> Result<DateTime<Utc>> {
    Ok(cert_time(
        &parse_cert(&c.cert_der)?
            .tbs_certificate()
            .validity()
            .not_after,
    ))
}

/// Certificate times have whole seconds: compare what will be written.
pub(crate) fn whole_seconds(t: DateTime<Utc>) -> DateTime<Utc> {
    use chrono::SubsecRound;
    t.trunc_subsecs(0)
}

/// Refuses unless `cert` is one this registry issued into a slot, signed by the registry CA
/// it is recorded with: only those can be reissued (D8) or extended (D9). An imported
/// certificate (a foreign one, or one brought back in) has no slot; minting a registry
/// certificate from it would let anyone with a look-alike CA obtain a genuine one.
pub(crate) fn require_issued_here(tx: &Tx, cert: &Cert, doing: Doing) -> Result<Ca> {
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
    // The row and its CA are what their keyed events recorded (a body swapped in from
    // another certificate, a CA or CRL URL changed outside catool, are not reissued from).
    anchor::require_cert(tx, cert)?;
    super::anchored::require_parties(tx, cert)?;
    anchor::require_publication(tx, &ca)?;
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

pub(crate) fn require_member(tx: &Tx, org: &Org, person: &Person) -> Result<()> {
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
        require_admin(tx, actor, slot.org_id, Act::AssignSlots)?;
        if slot.state != SlotState::Unassigned {
            return Err(CertError::OwnerFixed { slot: slot_id }.into());
        }
        let org = orgs::get(tx, slot.org_id)?
            .ok_or_else(|| CertError::invariant("slot without enterprise"))?;
        let owner = persons::resolve(tx, owner_ref)?;
        let holder = persons::resolve(tx, holder_ref)?;
        require_member(tx, &org, &owner)?;
        require_member(tx, &org, &holder)?;
        require_owner_consent(actor, slot.kind, &owner, &holder)?;
        // The kind the package made the slot (an administrator could otherwise assign a
        // personal slot changed to enterprise to a member).
        keyed_identity::require_slot(tx, &slot)?;
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
                    "holder_id": holder.id, "kind": slot.kind
                })),
        )?;
        crate::registry::packages::slots_of_org(tx, org.id)?
            .into_iter()
            .find(|s| s.id == slot_id)
            .ok_or_else(|| CertError::invariant("slot vanished").into())
    }
}

/// D5: a personal certificate carries its owner's identity, and whoever holds it chooses
/// its PIN and signs as the owner. So it is held by someone else only with the owner's
/// consent: given by the owner acting (`--as OWNER`, proven) or by the operator, never by an
/// administrator alone. An enterprise certificate names the enterprise: the administrator
/// chooses its holder.
pub(crate) fn require_owner_consent(
    actor: &Actor,
    kind: CertKind,
    owner: &Person,
    holder: &Person,
) -> Result<()> {
    if kind == CertKind::Enterprise || owner.id == holder.id {
        return Ok(());
    }
    match actor {
        Actor::Operator => Ok(()),
        Actor::Person(p, _) if p.id == owner.id => Ok(()),
        Actor::Person(p, _) => Err(CertError::OwnerConsent {
            actor: p.name.clone(),
            owner: owner.name.clone(),
            holder: holder.name.clone(),
        }
        .into()),
    }
}

/// Changes a certificate's holder (修改持有人, D5): the enterprise administrator, to the
/// owner or (an enterprise certificate) any member; a personal certificate to someone other
/// than its owner only with the owner's consent ([`require_owner_consent`]): the owner acting
/// (who may also take it back) or the operator.
pub fn change_holder(
    reg: &mut Registry,
    actor: &Actor,
    cert_id: Id,
    holder_ref: &str,
) -> Result<Cert> {
    mutate(reg, actor, "cert.holder", |tx| {
        let cert = certs::require(tx, cert_id)?;
        // Owner and holder as the keyed history has them: an owner written into the row
        // outside catool does not act as the owner (D5).
        super::anchored::require_parties(tx, &cert)?;
        let org_id = super::enterprise::cert_org(tx, &cert)?
            .ok_or(CertError::HolderFixed { cert: cert.id })?;
        let owner_id = cert.owner.as_ref().map(|o| o.id);
        let owner_acting =
            cert.kind == CertKind::Personal && owner_id.is_some() && actor.person_id() == owner_id;
        if !owner_acting {
            require_admin(tx, actor, org_id, Act::ChangeHolder)?;
        }
        let org = orgs::get(tx, org_id)?.ok_or_else(|| CertError::invariant("org vanished"))?;
        let holder = persons::resolve(tx, holder_ref)?;
        require_member(tx, &org, &holder)?;
        let owner = owner_id
            .map(|id| persons::get(tx, id))
            .transpose()?
            .flatten()
            .ok_or_else(|| CertError::invariant("certificate without owner"))?;
        require_owner_consent(actor, cert.kind, &owner, &holder)?;
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
pub(crate) struct Subject {
    pub(crate) org: Org,
    pub(crate) owner: Person,
    pub(crate) kind: CertKind,
}

pub(crate) fn subject_name(s: &Subject) -> Result<x509_cert::name::Name> {
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

pub(crate) fn identity_extension(s: &Subject) -> Option<(der::asn1::ObjectIdentifier, String)> {
    match (s.kind, s.owner.id_type) {
        (CertKind::Enterprise, _) => Some((OID_USCC, s.org.uscc.clone())),
        (_, IdType::Resident) => Some((OID_RESIDENT_ID_NUMBER, s.owner.id_number.clone())),
        (_, IdType::Passport) => Some((OID_PASSPORT_NUMBER, s.owner.id_number.clone())),
        (_, IdType::Other) => None,
    }
}

/// A signed certificate and its sealed key, ready to insert.
pub(crate) struct Minted {
    pub(crate) cert: Certificate,
    pub(crate) der: Vec<u8>,
    pub(crate) key: PrivateKey,
    pub(crate) sealed: Vec<u8>,
}

/// Signs a certificate for `subject` with `ca` (key pair made here unless `reuse` is given).
#[allow(clippy::too_many_arguments)]
pub(crate) fn mint(
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

pub(crate) fn insert_minted(
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
pub(crate) fn require_user(tx: &Tx, actor: &Actor, cert: &Cert, doing: Act) -> Result<()> {
    if let Actor::Person(p, _) = actor
        && cert.holder.as_ref().map(|h| h.id) == Some(p.id)
    {
        return Ok(());
    }
    match super::enterprise::cert_org(tx, cert)? {
        Some(org) => require_admin(tx, actor, org, doing),
        None => super::require_operator(actor, doing),
    }
}

/// The live certificate a slot was issued as, if it was.
pub fn issued_as(reg: &mut Registry, slot_id: Id) -> Result<Option<(Id, String)>> {
    reg.read(|tx| {
        certs::live_for_slot(tx, slot_id)?
            .map(|id| certs::require(tx, id).map(|c| (c.id, c.serial_hex)))
            .transpose()
    })
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
        // The holder chooses the PIN (D6), or the operator sets it: whoever chooses it can
        // act and sign as the holder, so nobody else imports it, not even an administrator.
        if let Actor::Person(p, _) = actor
            && Some(p.id) != slot.holder_person_id
        {
            let holder = slot
                .holder_person_id
                .map(|h| persons::get(tx, h))
                .transpose()?
                .flatten()
                .map_or_else(String::new, |h| h.name);
            return Err(CertError::PinForAnother {
                actor: p.name.clone(),
                holder,
            }
            .into());
        }
        let org = orgs::get(tx, slot.org_id)?
            .ok_or_else(|| CertError::invariant("slot without enterprise"))?;
        let owner_id = slot
            .owner_person_id
            .ok_or_else(|| CertError::invariant("assigned slot without owner"))?;
        let owner =
            persons::get(tx, owner_id)?.ok_or_else(|| CertError::invariant("owner vanished"))?;
        // A slot in someone else's name that a person imports: its assignment must have had
        // the owner's consent (D5), as its keyed event says (an assignment made before the
        // rule, or slot columns edited outside catool, has none); the operator imports it.
        if let Actor::Person(p, _) = actor
            && slot.kind == CertKind::Personal
            && owner.id != p.id
            && !anchor::assigned_with_consent(tx, slot.id, owner.id, p.id)?
        {
            return Err(CertError::OwnerConsent {
                actor: p.name.clone(),
                owner: owner.name.clone(),
                holder: p.name.clone(),
            }
            .into());
        }
        // Owner and holder as the slot's keyed `cert.assign` event set them: a slot row
        // assigned or handed to another holder outside catool is not issued, by anyone.
        anchor::require_slot_assignment(tx, &slot)?;
        // The identity written into the certificate (D5, D14) as the keyed history recorded
        // it: a row renamed for one command does not name the certificate.
        keyed_identity::require_slot(tx, &slot)?;
        keyed_identity::require_subject(tx, &org, &owner)?;
        let ca = cas::resolve(tx, ca_ref)?;
        // Issued only by a trust anchor, with the CRL URL the operator configured.
        anchor::require_publication(tx, &ca)?;
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
        let id = insert_issued(
            tx,
            actor,
            &Issue {
                slot_id: slot.id,
                ca: &ca,
                subject: &subject,
                holder,
                minted: &minted,
                now,
                not_after,
                p12: p12_bytes.is_some(),
            },
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

/// A minted certificate for an assigned slot, as [`insert_issued`] records it.
pub(crate) struct Issue<'a> {
    pub(crate) slot_id: Id,
    pub(crate) ca: &'a Ca,
    pub(crate) subject: &'a Subject,
    pub(crate) holder: Option<Id>,
    pub(crate) minted: &'a Minted,
    pub(crate) now: DateTime<Utc>,
    pub(crate) not_after: DateTime<Utc>,
    /// A PKCS#12 file is made with it (recorded in the event).
    pub(crate) p12: bool,
}

/// Takes the slot, inserts the certificate and records its `cert.issue` event (the identity
/// anchors check: fingerprint, serial, CA) in the caller's transaction.
pub(crate) fn insert_issued(tx: &Tx, actor: &Actor, i: &Issue) -> Result<Id> {
    let (ca, subject, minted) = (i.ca, i.subject, i.minted);
    if !certs::use_slot(tx, i.slot_id, SlotState::Assigned)? {
        return Err(CertError::SlotTaken { slot: i.slot_id }.into());
    }
    let id = insert_minted(
        tx,
        minted,
        Some(ca),
        certs::NewCert {
            slot_id: Some(i.slot_id),
            ca_id: Some(ca.id),
            org_id: Some(subject.org.id),
            kind: subject.kind,
            owner_person_id: Some(subject.owner.id),
            holder_person_id: i.holder,
            replaces_cert_id: None,
            bound_person_id: None,
            bound_at: None,
            at: Stamp::new(i.now),
            ..empty_cert()
        },
    )?;
    certs::set_pin_set_by(tx, id, actor.person_id())?;
    history::record(
        tx,
        actor,
        Draft::new("cert.issue", format!("cert:{id}"))
            .org(subject.org.id)
            .cert(id)
            .person(subject.owner.id)
            .details(json!({
                "slot": i.slot_id, "ca": ca.name, "ca_id": ca.id,
                "serial": serial_hex(&minted.cert), "sha256": fingerprint(&minted.der),
                "not_after": clock::stamp(i.not_after), "p12": i.p12,
                "holder_id": i.holder, "kind": i.subject.kind, "pin_set_by": actor.person_id()
            })),
    )?;
    Ok(id)
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
pub(crate) fn empty_cert<'a>() -> certs::NewCert<'a> {
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

pub(crate) fn subject_of(tx: &Tx, cert: &Cert) -> Result<Subject> {
    let (Some(org_id), Some(owner)) = (cert.org_id, cert.owner.as_ref()) else {
        return Err(CertError::ImportedElsewhere { cert: cert.id }.into());
    };
    let org = orgs::get(tx, org_id)?.ok_or_else(|| CertError::invariant("org vanished"))?;
    let owner =
        persons::get(tx, owner.id)?.ok_or_else(|| CertError::invariant("owner vanished"))?;
    keyed_identity::require_subject(tx, &org, &owner)?;
    Ok(Subject {
        org,
        owner,
        kind: cert.kind,
    })
}

pub(crate) fn require_live(cert: &Cert, doing: Doing) -> Result<()> {
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

/// Whether `c` is on hold (certificateHold on CRLs, D11), given when it went on hold
/// (`certs::frozen_at`): frozen, or superseded keeping its key and held with its successor.
pub fn on_hold(c: &Cert, frozen_at: Option<Stamp>) -> bool {
    c.revoked_at.is_none()
        && (c.status == CertStatus::Frozen
            || (c.status == CertStatus::Superseded && frozen_at.is_some()))
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

pub fn validate_label(field: &str, v: &str) -> Result<String> {
    text_field(field, v, 64)
}
