//! Which enterprise a certificate or a seal belongs to, and who administers an enterprise, as
//! the keyed history says (red team 6). `certs.org_id`, `seals.org_id` and `memberships.role`
//! can be edited by anyone with the registry file, for the length of one command and put back
//! after it: every "the administrator of the enterprise that owns it" decision (D2, D11, D13,
//! D18) takes the enterprise from the event that made the row (its `org_id` is under the MAC)
//! and the administrator from the enterprise's `org.add`, `org.member.add --admin` and
//! `org.transfer-admin` events, and refuses a row that says otherwise (exit 6).

use serde_json::Value;

use super::anchor::{self, CERT_MADE_BY, Problem};
use super::anchor_error::{Anchored, EventRef, RowDiff};
use crate::error::Result;
use crate::model::vocab::Role;
use crate::model::{Cert, Event, Id, Seal};
use crate::registry::{Tx, orgs};

/// The events that set an enterprise's administrator.
pub(crate) const ADMIN_EVENTS: &[&str] = &["org.add", "org.member.add", "org.transfer-admin"];

fn event_ref(e: &Event) -> EventRef {
    EventRef {
        seq: e.seq,
        action: e.action.clone(),
    }
}

fn show(id: Option<Id>) -> Option<String> {
    id.map(|i| i.to_string())
}

/// The administrator event `e` makes of its enterprise, if it makes one: the registering
/// event's administrator, a member added as administrator, the new administrator of a
/// transfer (the replay reads them alike).
pub(crate) fn admin_set_by(e: &Event) -> Option<Id> {
    match e.action.as_str() {
        "org.add" | "org.transfer-admin" => e.person_id,
        "org.member.add" if e.details.get("role").and_then(Value::as_str) == Some("admin") => {
            e.person_id
        }
        _ => None,
    }
}

/// Enterprise `org_id`'s administrator as its keyed events say, with the event that made them
/// (`None`: no event recorded one — believed as stored).
fn keyed_admin(tx: &Tx, org_id: Id) -> Result<std::result::Result<Option<(Id, Event)>, Problem>> {
    let events = match anchor::keyed(
        tx,
        Anchored::Org { id: org_id },
        &format!("org:{org_id}"),
        ADMIN_EVENTS,
    )? {
        Ok(events) => events,
        Err(p) => return Ok(Err(p)),
    };
    Ok(Ok(events
        .into_iter()
        .rev()
        .find_map(|e| admin_set_by(&e).map(|a| (a, e)))))
}

/// Whether `person` administers enterprise `org_id`: what its keyed events say, the stored role
/// agreeing. A role column that says otherwise than the history (a member made administrator,
/// or the administrator demoted, outside catool) is refused (exit 6), whoever asks.
pub(crate) fn is_admin(tx: &Tx, org_id: Id, person: Id) -> Result<bool> {
    let stored = orgs::membership(tx, org_id, person)?.is_some_and(|m| m.role == Role::Admin);
    let Some((admin, event)) = keyed_admin(tx, org_id)?? else {
        return Ok(stored);
    };
    let keyed = admin == person;
    if keyed != stored {
        let role = |admin: bool| Some(if admin { "admin" } else { "member" }.to_string());
        return Err(RowDiff::problem(
            Anchored::Membership {
                org: org_id,
                person,
            },
            "role",
            role(stored),
            role(keyed),
            Some(event_ref(&event)),
        )
        .into());
    }
    Ok(keyed)
}

/// The enterprise `event` (one that made a certificate) recorded; `None`: not recorded (an
/// import by an older catool).
fn recorded_cert_org(event: &Event) -> Option<Option<Id>> {
    if event.action == "cert.import" {
        event.details.get("org").map(Value::as_i64)
    } else {
        Some(event.org_id)
    }
}

/// Certificate `cert`'s enterprise as the keyed event that made it recorded: refuses (exit 6)
/// a row whose `org_id` says otherwise, so that no one becomes "the administrator of the
/// enterprise that owns it" by moving it into an enterprise they administer.
pub(crate) fn cert_org(tx: &Tx, cert: &Cert) -> Result<Option<Id>> {
    let of = Anchored::Cert { id: cert.id };
    let made = anchor::keyed(tx, of.clone(), &format!("cert:{}", cert.id), CERT_MADE_BY)??;
    let Some(first) = made.first() else {
        return Err(Problem::CertNotInHistory { cert: cert.id }.into());
    };
    match recorded_cert_org(first) {
        Some(org) if org != cert.org_id => Err(RowDiff::problem(
            of,
            "org_id",
            show(cert.org_id),
            show(org),
            Some(event_ref(first)),
        )
        .into()),
        _ => Ok(cert.org_id),
    }
}

/// Seal `seal`'s enterprise as its keyed `seal.make` / `seal.upload` event recorded: refuses
/// (exit 6) a row whose `org_id` says otherwise (D18: only the enterprise's administrator
/// assigns and grants its seals).
pub(crate) fn seal_org(tx: &Tx, seal: &Seal) -> Result<Option<Id>> {
    let of = Anchored::Seal { id: seal.id };
    let made = anchor::keyed(
        tx,
        of.clone(),
        &format!("seal:{}", seal.id),
        &["seal.make", "seal.upload"],
    )??;
    let Some(first) = made.first() else {
        return Err(RowDiff::problem(of, "org_id", show(seal.org_id), None, None).into());
    };
    if first.org_id != seal.org_id {
        return Err(RowDiff::problem(
            of,
            "org_id",
            show(seal.org_id),
            show(first.org_id),
            Some(event_ref(first)),
        )
        .into());
    }
    Ok(seal.org_id)
}
