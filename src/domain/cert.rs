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
use super::history::{self, Draft};
use super::{Actor, clock, keystore, mutate, require_admin, text_field};
use crate::error::{Error, Result};
use crate::model::{Cert, Id, Org, Person};
use crate::pki::dn::{C, CN, DnBuilder, O, OU, SERIAL_NUMBER};
use crate::pki::keys::{Algo, PrivateKey, SM2_DEFAULT_DISTID, same_public_key};
use crate::pki::p12::{P12Profile, read_pfx, write_pfx};
use crate::pki::pin::Pin;
use crate::pki::vault::MasterKey;
use crate::pki::x509::{
    LeafRequest, OID_PASSPORT_NUMBER, OID_RESIDENT_ID_NUMBER, OID_USCC, issue_leaf, serial_hex,
};
use crate::registry::{Registry, Tx, cas, certs, orgs, persons};

/// The D12 label an operator sees.
pub fn label(c: &Cert, now: DateTime<Utc>) -> &'static str {
    let not_after = parse_time(&c.not_after).unwrap_or(now);
    match c.status.as_str() {
        "revoked" => "revoked (已吊销)",
        "superseded" => "superseded (已替换)",
        _ if c.locked => "locked (已锁定)",
        "frozen" => "frozen (已冻结)",
        _ if not_after <= now => "expired (已失效)",
        _ if three_months_before(not_after) <= now => "expiring soon (即将过期)",
        _ => "active (生效中)",
    }
}

/// The short state name used by `cert list --status`.
pub fn state(c: &Cert, now: DateTime<Utc>) -> &'static str {
    label(c, now).split(' ').next().unwrap_or("active")
}

fn three_months_before(t: DateTime<Utc>) -> DateTime<Utc> {
    t.checked_sub_months(Months::new(3)).unwrap_or(t)
}

pub fn parse_time(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

fn cert_time(t: &x509_cert::time::Time) -> DateTime<Utc> {
    DateTime::<Utc>::from(t.to_system_time())
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
    /// D12 label, e.g. `active (生效中)`.
    pub state: String,
    pub days_left: i64,
    pub sha256_fingerprint: String,
}

pub fn view(c: Cert, now: DateTime<Utc>) -> CertView {
    let days_left = parse_time(&c.not_after)
        .map(|t| (t - now).num_days())
        .unwrap_or(0);
    CertView {
        state: label(&c, now).to_string(),
        days_left,
        sha256_fingerprint: fingerprint(&c.cert_der),
        cert: c,
    }
}

// ---- assignment (D5) --------------------------------------------------------------------

fn require_member(tx: &Tx, org: &Org, person: &Person) -> Result<()> {
    if orgs::membership(tx, org.id, person.id)?.is_none() {
        return Err(Error::Refused(format!(
            "{} is not a member of {}; add them with `catool org member add` first (D2)",
            person.name, org.name
        )));
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
        let slot = certs::slot(tx, slot_id)?;
        require_admin(
            tx,
            actor,
            slot.org_id,
            "assign certificate slots (分配证书)",
        )?;
        if slot.state != "unassigned" {
            return Err(Error::Refused(format!(
                "cannot change the owner (无法修改所属人): slot {slot_id} already has its owner; once set it can never be changed (D5). To change who uses it, run `catool cert holder`"
            )));
        }
        let org = orgs::get(tx, slot.org_id)?
            .ok_or_else(|| Error::Internal("slot without enterprise".into()))?;
        let owner = persons::resolve(tx, owner_ref)?;
        let holder = persons::resolve(tx, holder_ref)?;
        require_member(tx, &org, &owner)?;
        require_member(tx, &org, &holder)?;
        let at = clock::now_stamp()?;
        certs::assign_slot(tx, slot_id, owner.id, holder.id, &at)?;
        history::record(
            tx,
            actor,
            Draft::new("cert.assign", format!("slot:{slot_id}"))
                .org(org.id)
                .person(owner.id)
                .details(json!({ "slot": slot_id, "owner": owner.name, "holder": holder.name })),
        )?;
        crate::registry::packages::slots_of_org(tx, org.id)?
            .into_iter()
            .find(|s| s.id == slot_id)
            .ok_or_else(|| Error::Internal("slot vanished".into()))
    })
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
        let org_id = cert.org_id.ok_or_else(|| {
            Error::Refused("an imported certificate without an enterprise has no administrator; its holder is fixed".into())
        })?;
        require_admin(
            tx,
            actor,
            org_id,
            "change a certificate's holder (修改持有人)",
        )?;
        let org = orgs::get(tx, org_id)?.ok_or_else(|| Error::Internal("org vanished".into()))?;
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
    kind: String,
}

fn subject_name(s: &Subject) -> Result<x509_cert::name::Name> {
    let b = DnBuilder::new().printable(C, "CN")?.utf8(O, &s.org.name)?;
    let name = if s.kind == "enterprise" {
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
    match (s.kind.as_str(), s.owner.id_type.as_str()) {
        ("enterprise", _) => Some((OID_USCC, s.org.uscc.clone())),
        (_, "resident") => Some((OID_RESIDENT_ID_NUMBER, s.owner.id_number.clone())),
        (_, "passport") => Some((OID_PASSPORT_NUMBER, s.owner.id_number.clone())),
        _ => None,
    }
}

/// A signed certificate and its sealed key, ready to insert.
struct Minted {
    cert: Certificate,
    der: Vec<u8>,
    key: PrivateKey,
    sealed: Vec<u8>,
}

fn crl_uri(ca_id: Id) -> String {
    format!("http://crl.catool.invalid/ca-{ca_id}.crl")
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
    let ca_cert = parse_cert(&ca.cert_der)?;
    let ca_key = keystore::open_ca_key(master, &ca.name, &ca.key_sealed)?;
    let algo = Algo::parse(&ca.algo).ok_or_else(|| {
        Error::Registry(format!("CA {} has unknown algorithm {}", ca.name, ca.algo))
    })?;
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
        crl_uri: crl_uri(ca.id),
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
    let nb = clock::stamp(cert_time(&tbs.validity().not_before));
    let na = clock::stamp(cert_time(&tbs.validity().not_after));
    let algo = match ca {
        Some(ca) => ca.algo.clone(),
        None => m
            .key
            .algo()
            .map(|a| a.as_str().to_string())
            .unwrap_or_else(|| m.key.algorithm_name().to_lowercase()),
    };
    let new = certs::NewCert {
        serial_hex: &serial,
        issuer_dn: &issuer,
        subject_dn: &subject,
        algo: &algo,
        not_before: &nb,
        not_after: &na,
        cert_der: &m.der,
        key_sealed: &m.sealed,
        ..base
    };
    certs::insert(tx, &new)?.ok_or_else(|| {
        Error::Refused(format!(
            "serial {serial} is already used at {issuer}; nothing was issued, run the command again (D14)"
        ))
    })
}

/// Whether the actor may use a certificate: the operator, the enterprise administrator, or
/// its holder.
fn require_user(tx: &Tx, actor: &Actor, cert: &Cert, doing: &str) -> Result<()> {
    if let Actor::Person(p) = actor
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
        return Err(Error::BadInput(format!(
            "the PKCS#12 export password has {n} characters; it needs at least {MIN_EXPORT_PASSWORD_CHARS} characters (write a longer one into the --p12-password-file)"
        )));
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
        match slot.state.as_str() {
            "unassigned" => return Err(Error::Refused(format!(
                "cannot import (无法导入): slot {slot_id} has no owner yet (暂未分配); assign it first with `catool cert assign` (D4, D5)"
            ))),
            "used" => return Err(Error::Refused(format!(
                "cannot import (无法导入): slot {slot_id} was already imported (已使用); a lost PIN is a reissue (`catool cert reissue`, D8)"
            ))),
            _ => {}
        }
        let is_holder = actor.person_id().is_some() && actor.person_id() == slot.holder_person_id;
        if !is_holder {
            require_admin(tx, actor, slot.org_id, "import certificates (导入证书)")?;
        }
        let org = orgs::get(tx, slot.org_id)?.ok_or_else(|| Error::Internal("slot without enterprise".into()))?;
        let owner_id = slot.owner_person_id.ok_or_else(|| Error::Internal("assigned slot without owner".into()))?;
        let owner = persons::get(tx, owner_id)?.ok_or_else(|| Error::Internal("owner vanished".into()))?;
        let ca = cas::resolve(tx, ca_ref)?;
        let cost = keystore::kdf_cost(tx)?;
        let holder = slot.holder_person_id;
        let kind = slot.kind.clone();
        Ok((slot, ca, Subject { org, owner, kind }, holder, cost))
    })?;
    let not_after = now
        .checked_add_months(Months::new(12))
        .ok_or_else(|| Error::Internal("date overflow".into()))?;
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
        if !certs::use_slot(tx, slot.id, "assigned")? {
            return Err(Error::Refused(format!(
                "cannot import (无法导入): slot {} was imported by another catool just now (D4)",
                slot.id
            )));
        }
        let id = insert_minted(
            tx,
            &minted,
            Some(&ca),
            certs::NewCert {
                slot_id: Some(slot.id),
                ca_id: Some(ca.id),
                org_id: Some(subject.org.id),
                kind: &subject.kind,
                owner_person_id: Some(subject.owner.id),
                holder_person_id: holder,
                replaces_cert_id: None,
                bound_person_id: None,
                bound_at: None,
                at: &clock::stamp(now),
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
                    "not_after": clock::stamp(not_after), "p12": p12_bytes.is_some()
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

/// Placeholder values for the fields `insert_minted` fills from the certificate itself.
fn empty_cert<'a>() -> certs::NewCert<'a> {
    certs::NewCert {
        slot_id: None,
        ca_id: None,
        org_id: None,
        kind: "personal",
        owner_person_id: None,
        holder_person_id: None,
        serial_hex: "",
        issuer_dn: "",
        subject_dn: "",
        algo: "",
        not_before: "",
        not_after: "",
        cert_der: &[],
        key_sealed: &[],
        replaces_cert_id: None,
        bound_person_id: None,
        bound_at: None,
        at: "",
    }
}

fn subject_of(tx: &Tx, cert: &Cert) -> Result<Subject> {
    let (Some(org_id), Some(owner)) = (cert.org_id, cert.owner.as_ref()) else {
        return Err(Error::Refused(format!(
            "certificate {} was imported from another CA; reissue or extend it there",
            cert.id
        )));
    };
    Ok(Subject {
        org: orgs::get(tx, org_id)?.ok_or_else(|| Error::Internal("org vanished".into()))?,
        owner: persons::get(tx, owner.id)?
            .ok_or_else(|| Error::Internal("owner vanished".into()))?,
        kind: cert.kind.clone(),
    })
}

fn require_live(cert: &Cert, doing: &str) -> Result<()> {
    match cert.status.as_str() {
        "revoked" => Err(Error::Refused(format!(
            "cannot {doing}: certificate {} is revoked (已吊销) since {}",
            cert.id,
            cert.revoked_at.as_deref().unwrap_or("?")
        ))),
        "superseded" => Err(Error::Refused(format!(
            "cannot {doing}: certificate {} was replaced (已替换); use its successor (catool cert list)",
            cert.id
        ))),
        _ => Ok(()),
    }
}

/// Refuses a certificate that may not sign or decrypt now: revoked, superseded, frozen,
/// locked or expired (D11, D12).
pub fn require_usable(cert: &Cert, now: DateTime<Utc>, doing: &str) -> Result<()> {
    require_live(cert, doing)?;
    if cert.status == "frozen" {
        return Err(Error::Refused(format!(
            "cannot {doing}: certificate {} is frozen (已冻结); unfreeze it first (解冻)",
            cert.id
        )));
    }
    if cert.locked {
        return Err(keystore::locked_error(cert.id));
    }
    if parse_time(&cert.not_after).is_none_or(|t| t <= now) {
        return Err(Error::Refused(format!(
            "cannot {doing}: certificate {} expired (已失效) on {}",
            cert.id, cert.not_after
        )));
    }
    Ok(())
}

/// 补发证书 (D8): new key pair and certificate under a new PIN, same validity end; the old
/// certificate is revoked (superseded) and its seal assignments cleared. Unlocks (D11).
pub fn reissue(
    reg: &mut Registry,
    actor: &Actor,
    master: &MasterKey,
    cert_id: Id,
    new_pin: &Pin,
) -> Result<Issued> {
    let now = clock::now()?;
    let (old, ca, subject, cost) = reg.read(|tx| {
        let old = certs::require(tx, cert_id)?;
        require_live(&old, "reissue (无法补发)")?;
        if let Some(org) = old.org_id {
            require_admin(tx, actor, org, "reissue certificates (补发证书)")?;
        }
        let subject = subject_of(tx, &old)?;
        let ca = cas::get(tx, old.ca_id.unwrap_or(0))?.ok_or_else(|| Error::Refused(format!(
            "certificate {cert_id} was not issued by a CA in this registry; reissue it where it was issued"
        )))?;
        Ok((old, ca, subject, keystore::kdf_cost(tx)?))
    })?;
    let not_after =
        parse_time(&old.not_after).ok_or_else(|| Error::Registry("bad stored time".into()))?;
    if not_after <= now {
        return Err(Error::Refused(format!(
            "cannot reissue (无法补发): certificate {cert_id} expired (已失效) on {}; reissue is not a renewal (D8)",
            old.not_after
        )));
    }
    let minted = mint(master, &ca, &subject, new_pin, cost, now, not_after, None)?;
    let cert = mutate(reg, actor, "cert.reissue", |tx| {
        let current = certs::require(tx, cert_id)?;
        require_live(&current, "reissue (无法补发)")?;
        let at = clock::stamp(now);
        certs::set_status(tx, cert_id, "superseded", Some(&at), Some("superseded"))?;
        let cleared = certs::clear_seal_assignments(tx, cert_id)?;
        let id = insert_minted(
            tx,
            &minted,
            Some(&ca),
            certs::NewCert {
                slot_id: current.slot_id,
                ca_id: Some(ca.id),
                org_id: current.org_id,
                kind: &current.kind,
                owner_person_id: current.owner.as_ref().map(|p| p.id),
                holder_person_id: current.holder.as_ref().map(|p| p.id),
                replaces_cert_id: Some(cert_id),
                bound_person_id: None,
                bound_at: None,
                at: &at,
                ..empty_cert()
            },
        )?;
        // The account binding (D13) follows the replacement; seal assignments do not (D8).
        if let Some(b) = &current.bound {
            certs::set_binding(tx, cert_id, None, None)?;
            certs::set_binding(tx, id, Some(b.id), current.bound_at.as_deref())?;
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
                    "was_locked": current.locked
                })),
        )?;
        certs::require(tx, id)
    })?;
    let _ = old;
    Ok(Issued {
        cert: view(cert, now),
        p12: None,
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
    let (cert, ca, subject, cost) = reg.read(|tx| {
        let cert = certs::require(tx, cert_id)?;
        require_user(tx, actor, &cert, "extend certificates (证书延期)")?;
        let subject = subject_of(tx, &cert)?;
        let ca = cas::get(tx, cert.ca_id.unwrap_or(0))?.ok_or_else(|| Error::Refused(format!(
            "certificate {cert_id} was not issued by a CA in this registry; extend it where it was issued"
        )))?;
        Ok((cert, ca, subject, keystore::kdf_cost(tx)?))
    })?;
    require_usable(&cert, now, "extend (无法延期)")?;
    let not_after =
        parse_time(&cert.not_after).ok_or_else(|| Error::Registry("bad stored time".into()))?;
    if three_months_before(not_after) > now {
        let days = (not_after - now).num_days();
        return Err(Error::Refused(format!(
            "cannot extend (无法延期): certificate {cert_id} has {days} days of validity left; extension is possible only when less than three months remain (有效期不足三个月, D9)"
        )));
    }
    if !keep_key && !confirmed {
        return Err(Error::Refused(format!(
            "extension replaces the key of certificate {cert_id}: bid documents already encrypted to it cannot be decrypted afterwards (延期后将无法对已经制作的加密标书进行解密, D10). Re-run with --keep-key to keep the key, or --yes to accept"
        )));
    }
    // The PIN proves the holder's consent and, for a new key, protects it.
    let key = keystore::unlock(reg, actor, master, &cert, pin, "extend")?;
    let new_end = not_after
        .checked_add_months(Months::new(12))
        .ok_or_else(|| Error::Internal("date overflow".into()))?;
    let reuse = keep_key.then(|| (key, cert.key_sealed.clone()));
    let minted = mint(master, &ca, &subject, pin, cost, now, new_end, reuse)?;
    let issued = mutate(reg, actor, "cert.extend", |tx| {
        let current = certs::require(tx, cert_id)?;
        require_usable(&current, now, "extend (无法延期)")?;
        let org_id = current
            .org_id
            .ok_or_else(|| Error::Internal("cert without org".into()))?;
        let owner = current.owner.as_ref().map(|p| p.id);
        let holder = current.holder.as_ref().map(|p| p.id);
        let Some(slot) = certs::unused_slot(tx, org_id, &current.kind, owner)? else {
            return Err(Error::Refused(format!(
                "cannot extend (无法延期): {} has no unused {} certificate (没有未激活使用的证书); the enterprise administrator must buy and pay a new package (`catool package buy`) (D9)",
                subject.org.name, current.kind
            )));
        };
        let at = clock::stamp(now);
        certs::consume_slot(tx, slot.id, owner, holder, &at)?;
        certs::set_status(tx, cert_id, "superseded", None, None)?;
        let id = insert_minted(
            tx,
            &minted,
            Some(&ca),
            certs::NewCert {
                slot_id: Some(slot.id),
                ca_id: Some(ca.id),
                org_id: Some(org_id),
                kind: &current.kind,
                owner_person_id: owner,
                holder_person_id: holder,
                replaces_cert_id: Some(cert_id),
                bound_person_id: None,
                bound_at: None,
                at: &at,
                ..empty_cert()
            },
        )?;
        if let Some(b) = &current.bound {
            certs::set_binding(tx, cert_id, None, None)?;
            certs::set_binding(tx, id, Some(b.id), current.bound_at.as_deref())?;
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

pub fn revoke(reg: &mut Registry, actor: &Actor, cert_id: Id, reason: &str) -> Result<Cert> {
    if !REVOKE_REASONS.contains(&reason) {
        return Err(Error::BadInput(format!(
            "invalid --reason '{reason}': expected one of {}",
            REVOKE_REASONS.join(", ")
        )));
    }
    mutate(reg, actor, "cert.revoke", |tx| {
        let cert = certs::require(tx, cert_id)?;
        require_live(&cert, "revoke (无法吊销)")?;
        if let Some(org) = cert.org_id {
            require_admin(tx, actor, org, "revoke certificates (吊销)")?;
        }
        let at = clock::now_stamp()?;
        certs::set_status(tx, cert_id, "revoked", Some(&at), Some(reason))?;
        certs::set_binding(tx, cert_id, None, None)?;
        history::record(
            tx,
            actor,
            Draft::new("cert.revoke", format!("cert:{cert_id}"))
                .org(cert.org_id.unwrap_or(0))
                .cert(cert_id)
                .details(json!({ "reason": reason, "serial": cert.serial_hex })),
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
                "freeze (无法冻结)"
            } else {
                "unfreeze (无法解冻)"
            },
        )?;
        if let Some(org) = cert.org_id {
            require_admin(
                tx,
                actor,
                org,
                "freeze or unfreeze certificates (冻结/解冻)",
            )?;
        }
        match (freeze, cert.status.as_str()) {
            (true, "frozen") => {
                return Err(Error::Refused(format!(
                    "certificate {cert_id} is already frozen (已冻结)"
                )));
            }
            (false, "active") => {
                return Err(Error::Refused(format!(
                    "certificate {cert_id} is not frozen"
                )));
            }
            _ => {}
        }
        certs::set_status(
            tx,
            cert_id,
            if freeze { "frozen" } else { "active" },
            None,
            None,
        )?;
        let at = clock::now_stamp()?;
        certs::set_frozen_at(tx, cert_id, freeze.then_some(at.as_str()))?;
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
        (None, Actor::Person(p)) => Ok(p.clone()),
        (None, Actor::Operator) => Err(Error::Usage(
            "give the account to bind to with --to PERSON".into(),
        )),
    })?;
    // Who asks is checked before the PIN is tried: a stranger gets no right/wrong answer
    // and cannot lock someone else's certificate (issue 12). Refusals are recorded.
    let cert = mutate(reg, actor, "cert.bind", |tx| {
        let cert = certs::require(tx, cert_id)?;
        require_binder(tx, actor, &cert, &to)?;
        Ok(cert)
    })?;
    require_usable(&cert, now, "bind (无法绑定)")?;
    keystore::unlock_checked(reg, actor, master, &cert, pin, "bind", |c| {
        require_usable(c, now, "bind (无法绑定)")
    })?;
    mutate(reg, actor, "cert.bind", |tx| {
        let cert = certs::require(tx, cert_id)?;
        let org_id = require_binder(tx, actor, &cert, &to)?;
        if let Some(b) = &cert.bound {
            return Err(Error::Refused(format!(
                "cannot bind (无法绑定): certificate {cert_id} is bound to {} since {}; unbind it first (解绑, D13)",
                b.name,
                cert.bound_at.as_deref().unwrap_or("?")
            )));
        }
        let at = clock::stamp(now);
        certs::set_binding(tx, cert_id, Some(to.id), Some(&at))?;
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
    let org_id = cert.org_id.ok_or_else(|| {
        Error::Refused(
            "an imported certificate without an enterprise cannot be bound to an account".into(),
        )
    })?;
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
    let org = orgs::get(tx, org_id)?.ok_or_else(|| Error::Internal("org vanished".into()))?;
    require_member(tx, &org, to)?;
    Ok(org_id)
}

/// 解绑 (D13): by the administrator or the bound account itself.
pub fn unbind(reg: &mut Registry, actor: &Actor, cert_id: Id) -> Result<Cert> {
    mutate(reg, actor, "cert.unbind", |tx| {
        let cert = certs::require(tx, cert_id)?;
        let Some(bound) = cert.bound.clone() else {
            return Err(Error::Refused(format!(
                "certificate {cert_id} is not bound to any account"
            )));
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
    pub kind: String,
    pub owner: Option<String>,
    pub holder: Option<String>,
    pub state: String,
    pub label: String,
    pub algo: Option<String>,
    pub not_after: Option<String>,
    pub days_left: Option<i64>,
    pub serial: Option<String>,
}

pub struct ListFilter {
    pub org: Option<String>,
    pub state: Option<String>,
    pub expiring_within_days: Option<i64>,
}

pub const STATES: &[&str] = &[
    "active",
    "pending",
    "expiring",
    "expired",
    "revoked",
    "frozen",
    "locked",
    "superseded",
];

pub fn list(reg: &mut Registry, f: &ListFilter) -> Result<Vec<ListRow>> {
    if let Some(s) = &f.state
        && !STATES.contains(&s.as_str())
    {
        return Err(Error::BadInput(format!(
            "invalid --status '{s}': expected one of {}",
            STATES.join(", ")
        )));
    }
    let now = clock::now()?;
    reg.read(|tx| {
        let org_id = f
            .org
            .as_deref()
            .map(|r| orgs::resolve(tx, r))
            .transpose()?
            .map(|o| o.id);
        let mut rows = Vec::new();
        for c in certs::list(tx, org_id)? {
            let days = parse_time(&c.not_after).map(|t| (t - now).num_days());
            rows.push(ListRow {
                cert_id: Some(c.id),
                slot_id: c.slot_id,
                org_id: c.org_id,
                kind: c.kind.clone(),
                owner: c.owner.as_ref().map(|p| p.name.clone()),
                holder: c.holder.as_ref().map(|p| p.name.clone()),
                state: state(&c, now).to_string(),
                label: label(&c, now).to_string(),
                algo: Some(c.algo.clone()),
                not_after: Some(c.not_after.clone()),
                days_left: days,
                serial: Some(c.serial_hex.clone()),
            });
        }
        let orgs_to_scan: Vec<Id> = match org_id {
            Some(o) => vec![o],
            None => orgs::list(tx)?.iter().map(|o| o.id).collect(),
        };
        for o in orgs_to_scan {
            for s in crate::registry::packages::slots_of_org(tx, o)? {
                if s.state == "assigned" {
                    rows.push(ListRow {
                        cert_id: None,
                        slot_id: Some(s.id),
                        org_id: Some(o),
                        kind: s.kind.clone(),
                        owner: s.owner.map(|p| p.name),
                        holder: s.holder.map(|p| p.name),
                        state: "pending".into(),
                        label: "pending (待导入)".into(),
                        algo: None,
                        not_after: None,
                        days_left: None,
                        serial: None,
                    });
                }
            }
        }
        rows.retain(|r| {
            f.state.as_deref().is_none_or(|s| r.state == s)
                && f.expiring_within_days.is_none_or(|d| {
                    r.days_left.is_some_and(|left| left >= 0 && left <= d)
                        && matches!(r.state.as_str(), "active" | "expiring")
                })
        });
        Ok(rows)
    })
}

pub fn show(reg: &mut Registry, cert_id: Id) -> Result<CertView> {
    let now = clock::now()?;
    reg.read(|tx| Ok(view(certs::require(tx, cert_id)?, now)))
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
                return Err(Error::Usage(
                    "a PKCS#12 export needs the PIN (--pin-file)".into(),
                ));
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
            const DOING: &str = "export the key (无法导出)";
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

fn bad(what: &str, e: impl std::fmt::Display) -> Error {
    Error::BadInput(format!("{what}: {e}"))
}

pub(crate) fn parse_cert_input(bytes: &[u8]) -> Result<Certificate> {
    if let Ok(text) = std::str::from_utf8(bytes)
        && text.contains("-----BEGIN")
    {
        let block = pem_block(text, "CERTIFICATE")?
            .ok_or_else(|| bad("cannot import", "no CERTIFICATE block in the PEM input"))?;
        return Certificate::from_der(&block)
            .map_err(|e| bad("cannot import: the PEM certificate is corrupt", e));
    }
    Certificate::from_der(bytes).map_err(|e| {
        bad(
            "cannot import: not a DER or PEM certificate (truncated or corrupt?)",
            e,
        )
    })
}

pub(crate) fn parse_key_input(bytes: &[u8]) -> Result<PrivateKey> {
    // The decoded PKCS#8 is the key in clear: wiped when dropped.
    let der = zeroize::Zeroizing::new(match std::str::from_utf8(bytes) {
        Ok(text) if text.contains("-----BEGIN") => {
            if text.contains("ENCRYPTED PRIVATE KEY") {
                return Err(bad(
                    "cannot import",
                    "the key is an encrypted PKCS#8; decrypt it first or import a PKCS#12",
                ));
            }
            pem_block(text, "PRIVATE KEY")?.ok_or_else(|| {
                bad(
                    "cannot import",
                    "no PRIVATE KEY (PKCS#8) block in the PEM input",
                )
            })?
        }
        _ => bytes.to_vec(),
    });
    PrivateKey::from_pkcs8_der(&der)
        .map_err(|e| bad("cannot import: the key is not an RSA or SM2 PKCS#8 key", e))
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
        return Err(bad(
            "cannot import",
            format!("the PEM {label} block has no END line (truncated?)"),
        ));
    };
    // May be a private key: the re-wrapped copy is wiped too.
    let pem = zeroize::Zeroizing::new(format!("{begin}\n{}\n{end}\n", text[start..stop].trim()));
    der::pem::decode_vec(pem.as_bytes())
        .map(|(_, d)| Some(d))
        .map_err(|e| {
            bad(
                &format!("cannot import: the PEM {label} block is corrupt"),
                e,
            )
        })
}

/// Largest certificate `import` accepts (DER bytes): real ones are 1–3 KiB; the limit keeps
/// oversized names and extensions out of the registry and its listings.
const MAX_IMPORT_CERT_BYTES: usize = 64 * 1024;

/// RFC 5280 §4.2: a certificate with a critical extension the reader does not know must not
/// be used. (A CA flag is not refused: `openssl req -x509` sets it on every self-signed test
/// certificate people import.)
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
            return Err(bad(
                "cannot import",
                format!(
                    "the certificate has a critical extension catool does not know ({}); RFC 5280 forbids using it",
                    ext.extn_id
                ),
            ));
        }
    }
    Ok(())
}

/// Reads what `import` brings in and checks it is one usable pair: the certificate, and a
/// private key (RSA 2048/3072/4096 or SM2) that matches it. Pure, no registry (fuzzed).
pub fn read_import_source(source: ImportSource) -> Result<(Certificate, PrivateKey)> {
    let (cert, key) = match source {
        ImportSource::Pkcs12 { bytes, password } => {
            let p = read_pfx(bytes, password).map_err(|e| {
                if e.0.contains("MAC verification failed") {
                    Error::BadInput(
                        "cannot import: wrong PKCS#12 password (MAC check failed)".into(),
                    )
                } else {
                    bad("cannot import: not a readable PKCS#12 file", e)
                }
            })?;
            (p.cert, p.key)
        }
        ImportSource::Pair { cert, key } => (parse_cert_input(cert)?, parse_key_input(key)?),
    };
    let size = cert.to_der().map_err(crate::pki::error::Error::from)?.len();
    if size > MAX_IMPORT_CERT_BYTES {
        return Err(Error::BadInput(format!(
            "cannot import: the certificate is {size} bytes, over the {} KiB limit (an enterprise or personal certificate is a few KiB; this one carries oversized names or extensions)",
            MAX_IMPORT_CERT_BYTES / 1024
        )));
    }
    refuse_unusable_extensions(&cert)?;
    let spki = key.public_key_spki()?;
    if !same_public_key(cert.tbs_certificate().subject_public_key_info(), &spki) {
        return Err(Error::BadInput(
            "cannot import: the private key does not match the certificate".into(),
        ));
    }
    if key.algo().is_none() {
        return Err(Error::BadInput(
            "cannot import: RSA keys must be 2048, 3072 or 4096 bits".into(),
        ));
    }
    Ok((cert, key))
}

/// Brings in a certificate made elsewhere: checks the key matches and it has not expired,
/// then seals the key under a 6-digit PIN. Chained to a registry CA when its issuer is one.
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
    let (cert, key) = read_import_source(source)?;
    let not_after = cert_time(&cert.tbs_certificate().validity().not_after);
    if not_after <= now {
        return Err(Error::Refused(format!(
            "cannot import: the certificate expired (已失效) on {}",
            clock::stamp(not_after)
        )));
    }
    let der = cert.to_der().map_err(crate::pki::error::Error::from)?;
    let cost = reg.read(keystore::kdf_cost)?;
    let sealed = keystore::seal_key(master, pin, cost, &key)?;
    let minted = Minted {
        cert,
        der,
        key,
        sealed,
    };
    let c = mutate(reg, actor, "cert.import", |tx| {
        let tbs = minted.cert.tbs_certificate();
        if let Some(existing) =
            certs::find_by_serial(tx, &tbs.issuer().to_string(), &serial_hex(&minted.cert))?
        {
            return Err(Error::Refused(format!(
                "already imported (已导入): this certificate is certificate {existing} in the registry"
            )));
        }
        let holder = match (holder_ref, actor) {
            (Some(r), _) => Some(persons::resolve(tx, r)?),
            (None, Actor::Person(p)) => Some(p.clone()),
            (None, Actor::Operator) => None,
        };
        let org = org_ref.map(|r| orgs::resolve(tx, r)).transpose()?;
        if let Some(o) = &org {
            require_admin(tx, actor, o.id, "import certificates into this enterprise")?;
            if let Some(h) = &holder {
                require_member(tx, o, h)?;
            }
        }
        let issuer = minted
            .cert
            .tbs_certificate()
            .issuer()
            .to_der()
            .map_err(crate::pki::error::Error::from)?;
        let ca_id = cas::list(tx)?.into_iter().find(|ca| {
            parse_cert(&ca.cert_der)
                .ok()
                .and_then(|c| c.tbs_certificate().subject().to_der().ok())
                .as_deref()
                == Some(issuer.as_slice())
        });
        let at = clock::stamp(now);
        let holder_id = holder.as_ref().map(|p| p.id);
        let id = insert_minted(
            tx,
            &minted,
            None,
            certs::NewCert {
                ca_id: ca_id.map(|c| c.id),
                org_id: org.as_ref().map(|o| o.id),
                kind: "personal",
                owner_person_id: holder_id,
                holder_person_id: holder_id,
                at: &at,
                ..empty_cert()
            },
        )?;
        history::record(
            tx,
            actor,
            Draft::new("cert.import", format!("cert:{id}"))
                .cert(id)
                .details(json!({ "subject": minted.cert.tbs_certificate().subject().to_string(), "serial": serial_hex(&minted.cert) })),
        )?;
        certs::require(tx, id)
    })?;
    Ok(view(c, now))
}

pub fn validate_label(field: &str, v: &str) -> Result<String> {
    text_field(field, v, 64)
}
