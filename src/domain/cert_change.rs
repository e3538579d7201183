//! Changes to an issued certificate: reissue (补发, D8), extension (延期, D9, D10),
//! revocation, freezing and unfreezing (D11), PIN checks (D11) and binding to an account (D13).
//! Each runs in one registry transaction and records its history event (D21).

use serde_json::json;

use super::anchored::{self, superseded_with_same_key};
use super::ca::fingerprint;
use super::ca::parse_cert;
use super::cert::{
    Issued, P12Request, ca_validity, check_export_password, empty_cert, insert_minted, mint,
    require_issued_here, require_live, require_member, require_usable, require_user,
    signed_not_after, view, whole_seconds, window_opens, year_after,
};
use super::cert_error::{CertError, Doing};
use super::history::{self, Draft};
use super::rules;
use super::{Act, Actor, clock, keystore, logged, mutate, require_admin, require_operator};
use crate::error::Result;
use crate::model::Stamp;
use crate::model::vocab::CertStatus;
use crate::model::{Cert, Id, Person};
use crate::pki::p12::write_pfx;
use crate::pki::pin::Pin;
use crate::pki::vault::MasterKey;
use crate::pki::x509::serial_hex;
use crate::registry::{Registry, Tx, certs, orgs, persons};

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
        // The operator confirms a reissue and sets the new PIN (D8): whoever sets it can act
        // and sign as the holder.
        require_operator(actor, Act::ReissueCerts)?;
        let ca = require_issued_here(tx, &old, Doing::Reissue)?;
        // The replaced certificate's signed subject (D5, D8), not rows anyone can edit.
        let subject = anchored::replacement_subject(tx, &old)?;
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
        // A reissue replaces a lost or unusable key: a certificate the old one replaced
        // keeping that key (`extend --keep-key`) is revoked with it, as in `revoke`.
        let same_key = superseded_with_same_key(tx, &current)?;
        for id in &same_key {
            certs::set_status(
                tx,
                *id,
                CertStatus::Superseded,
                Some(at),
                Some("superseded"),
            )?;
        }
        let cleared = certs::clear_seal_assignments(tx, cert_id)?;
        let id = insert_minted(
            tx,
            &minted,
            Some(&ca),
            certs::NewCert {
                slot_id: current.slot_id,
                ca_id: Some(ca.id),
                org_id: current.org_id,
                kind: subject.kind,
                owner_person_id: current.owner.as_ref().map(|p| p.id),
                holder_person_id: current.holder.as_ref().map(|p| p.id),
                replaces_cert_id: Some(cert_id),
                bound_person_id: None,
                bound_at: None,
                at,
                ..empty_cert()
            },
        )?;
        // The operator set the new PIN.
        certs::set_pin_set_by(tx, id, None)?;
        // The account binding (D13) follows the replacement; seal assignments do not (D8).
        carry_binding(tx, &current, id)?;
        history::record(
            tx,
            actor,
            Draft::new("cert.reissue", format!("cert:{id}"))
                .org(current.org_id)
                .cert(id)
                .details(json!({
                    "replaces": cert_id, "old_serial": current.serial_hex,
                    "serial": serial_hex(&minted.cert), "sha256": fingerprint(&minted.der),
                    "ca_id": ca.id, "seal_assignments_cleared": cleared,
                    "was_locked": current.locked, "p12": p12_bytes.is_some(),
                    "also_revoked": same_key, "revoked_at": at, "kind": subject.kind,
                    "pin_set_by": null
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

/// Moves the account binding (D13) of `current` to `successor`, which replaces it.
fn carry_binding(tx: &Tx, current: &Cert, successor: Id) -> Result<()> {
    if let Some(b) = &current.bound {
        certs::set_binding(tx, current.id, None, None)?;
        certs::set_binding(tx, successor, Some(b.id), current.bound_at)?;
    }
    Ok(())
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
        require_user(tx, actor, &cert, Act::ExtendCerts)?;
        let ca = require_issued_here(tx, &cert, Doing::Extend)?;
        let subject = anchored::replacement_subject(tx, &cert)?;
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
        let Some(slot) = certs::unused_slot(tx, org_id, subject.kind, owner)? else {
            return Err(CertError::NoUnusedSlot {
                org: subject.org.name.clone(),
                kind: subject.kind,
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
                kind: subject.kind,
                owner_person_id: owner,
                holder_person_id: holder,
                replaces_cert_id: Some(cert_id),
                bound_person_id: None,
                bound_at: None,
                at,
                ..empty_cert()
            },
        )?;
        // Same PIN as before, so the same person chose it.
        let pin_set_by = certs::pin_set_by(tx, cert_id)?;
        certs::set_pin_set_by(tx, id, pin_set_by)?;
        carry_binding(tx, &current, id)?;
        certs::move_seal_assignments(tx, cert_id, id)?;
        history::record(
            tx,
            actor,
            Draft::new("cert.extend", format!("cert:{id}"))
                .org(org_id)
                .cert(id)
                .details(json!({
                    "replaces": cert_id, "slot": slot.id, "keep_key": keep_key,
                    "old_not_after": current.not_after, "not_after": clock::stamp(new_end),
                    "serial": serial_hex(&minted.cert), "sha256": fingerprint(&minted.der),
                    "ca_id": ca.id, "kind": subject.kind, "pin_set_by": pin_set_by
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
fn require_manager(tx: &Tx, actor: &Actor, cert: &Cert, doing: Act) -> Result<()> {
    if let Some(org) = super::enterprise::cert_org(tx, cert)? {
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
                Err(CertError::NotHolderOrOperator {
                    cert: cert.id,
                    person: p.name.clone(),
                    doing,
                }
                .into())
            }
        }
    }
}

/// Refuses to revoke or freeze `cert` unless it is live, or superseded with a key of its own
/// that is neither revoked nor expired (D11: revocation and freezing are of the key, and an
/// extension with a new key leaves the old one valid until it ends). A superseded
/// certificate whose key a live one carries goes through that one.
fn require_revocable(tx: &Tx, cert: &Cert, doing: Doing) -> Result<()> {
    if cert.status != CertStatus::Superseded {
        return require_live(cert, doing);
    }
    let superseded = || -> crate::error::Error {
        CertError::Superseded {
            doing,
            cert: cert.id,
        }
        .into()
    };
    if cert.revoked_at.is_some() || signed_not_after(cert)? <= clock::now()? {
        return Err(superseded());
    }
    if let Some(successor) = anchored::live_successor(tx, cert)? {
        return Err(CertError::KeySharedWith {
            doing,
            cert: cert.id,
            successor,
        }
        .into());
    }
    Ok(())
}

pub fn revoke(reg: &mut Registry, actor: &Actor, cert_id: Id, reason: &str) -> Result<Cert> {
    if !REVOKE_REASONS.contains(&reason) {
        return Err(CertError::InvalidReason {
            reason: reason.to_string(),
        }
        .into());
    }
    mutate(reg, actor, "cert.revoke", |tx| {
        revoke_in(tx, actor, cert_id, reason)?;
        certs::require(tx, cert_id)
    })
}

/// [`revoke`] inside the caller's transaction, `reason` one of [`REVOKE_REASONS`].
pub(crate) fn revoke_in(tx: &Tx, actor: &Actor, cert_id: Id, reason: &str) -> Result<()> {
    let cert = certs::require(tx, cert_id)?;
    require_revocable(tx, &cert, Doing::Revoke)?;
    require_manager(tx, actor, &cert, Act::RevokeCerts)?;
    revoke_allowed(tx, actor, &cert, reason, serde_json::Map::new())
}

/// Revokes `cert` (its key: with the certificates it replaced keeping that key) for
/// `reason`, and records it, `more` added to the event's details. For a revocation the
/// caller has already allowed: `cert revoke`, and `org member remove --revoke` (whose
/// member's certificates go with their affiliation). One record for every revocation, so
/// that `log verify` proves each the same way.
pub(crate) fn revoke_allowed(
    tx: &Tx,
    actor: &Actor,
    cert: &Cert,
    reason: &str,
    more: serde_json::Map<String, serde_json::Value>,
) -> Result<()> {
    let at = clock::now_stamp()?;
    // A superseded certificate stays superseded (D12), revoked (migration 0006).
    let superseded = cert.status == CertStatus::Superseded;
    let status = if superseded {
        CertStatus::Superseded
    } else {
        CertStatus::Revoked
    };
    certs::set_status(tx, cert.id, status, Some(at), Some(reason))?;
    certs::set_binding(tx, cert.id, None, None)?;
    // Revocation is of the key: a certificate this one replaced keeping the same key
    // (`cert extend --keep-key`) is superseded but still valid, and would otherwise keep
    // the revoked key usable until it expires. It goes on the CRL too.
    let same_key = superseded_with_same_key(tx, cert)?;
    for id in &same_key {
        certs::set_status(tx, *id, CertStatus::Superseded, Some(at), Some(reason))?;
    }
    let mut details = json!({
        "reason": reason, "serial": cert.serial_hex, "also_revoked": same_key,
        "revoked_at": at, "superseded": superseded
    });
    if let Some(d) = details.as_object_mut() {
        d.extend(more);
    }
    history::record(
        tx,
        actor,
        Draft::new("cert.revoke", format!("cert:{}", cert.id))
            .org(cert.org_id)
            .cert(cert.id)
            .details(details),
    )?;
    Ok(())
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
        let doing = if freeze {
            Doing::Freeze
        } else {
            Doing::Unfreeze
        };
        require_revocable(tx, &cert, doing)?;
        if freeze {
            require_manager(tx, actor, &cert, Act::FreezeCerts)?;
        } else if cert.org_id.is_some() {
            require_manager(tx, actor, &cert, Act::UnfreezeCerts)?;
        } else {
            // A certificate of no enterprise: its holder may freeze it (a lost key), but
            // only the operator lifts a freeze (whoever has the key could otherwise).
            require_operator(actor, Act::UnfreezeUnaffiliated)?;
        }
        // A superseded certificate (with a key of its own) is held without a status change.
        let superseded = cert.status == CertStatus::Superseded;
        let held = if superseded {
            anchored::held_since(tx, &cert)?.is_some()
        } else {
            cert.status == CertStatus::Frozen
        };
        match (freeze, held) {
            (true, true) => return Err(CertError::AlreadyFrozen { cert: cert_id }.into()),
            (false, false) => return Err(CertError::NotFrozen { cert: cert_id }.into()),
            _ => {}
        }
        let at = clock::now_stamp()?;
        if superseded {
            certs::set_superseded_hold(tx, cert_id, freeze.then_some(at))?;
        } else {
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
            certs::set_frozen_at(tx, cert_id, freeze.then_some(at))?;
        }
        // A hold is on the key: a certificate this one replaced keeping that key
        // (`extend --keep-key`) is held and released with it (on the CRL as certificateHold).
        let same_key = superseded_with_same_key(tx, &cert)?;
        for id in &same_key {
            certs::set_superseded_hold(tx, *id, freeze.then_some(at))?;
        }
        history::record(
            tx,
            actor,
            Draft::new(action, format!("cert:{cert_id}"))
                .org(cert.org_id)
                .cert(cert_id)
                .details(json!({
                    "also_held": same_key, "frozen_at": freeze.then_some(at),
                    "superseded": superseded
                })),
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
        require_user(tx, actor, &cert, Act::CheckPin)?;
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
    let org_id = super::enterprise::cert_org(tx, cert)?.ok_or(CertError::BindImported)?;
    let holder = cert.holder.as_ref().map(|h| h.id);
    let self_bind = actor.person_id() == Some(to.id) && holder == Some(to.id);
    if !self_bind {
        require_admin(tx, actor, org_id, Act::BindOthers)?;
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
            // A certificate of no enterprise has no administrator: the operator only.
            match super::enterprise::cert_org(tx, &cert)? {
                Some(org) => require_admin(tx, actor, org, Act::UnbindOthers)?,
                None => require_operator(actor, Act::UnbindOthers)?,
            }
        }
        certs::set_binding(tx, cert_id, None, None)?;
        history::record(
            tx,
            actor,
            Draft::new("cert.unbind", format!("cert:{cert_id}"))
                .org(cert.org_id)
                .cert(cert_id)
                .person(bound.id),
        )?;
        certs::require(tx, cert_id)
    })
}
