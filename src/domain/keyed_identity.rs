//! The identity a certificate is made for (D5, D14) as the keyed history recorded it (red
//! team 6). A subject is built from the owner's `persons` row, the enterprise's `orgs` row and
//! the slot's kind, which anyone with the registry file can change for one command and put
//! back; so each is believed only when its keyed event says the same:
//!
//! * a person's name, ID type and ID number: their `person.add` event (the ID number as a
//!   keyed digest, [`history::keyed_digest`]; events written before it was recorded prove the
//!   name and ID type only);
//! * an enterprise's name and unified social credit code: its `org.add` event;
//! * a slot's kind and enterprise: its package's `package.pay` event (which lists the slots it
//!   made, by kind) and the slot's last `cert.assign` event (kind recorded with it; its
//!   enterprise is the event's keyed `org_id`). Events written before either recorded the kind
//!   prove nothing of it.
//!
//! A row that says otherwise is refused with a registry-integrity finding naming the row and
//! column (exit 6); the ID number itself is never quoted.

use serde_json::Value;

use super::anchor::{self, Problem};
use super::anchor_error::{Anchored, EventRef, RowDiff};
use super::history;
use crate::error::Result;
use crate::model::{Event, Id, Org, Person};
use crate::registry::{Tx, certs, packages};

/// The field name an ID number's keyed digest is made under (`person.add`'s `id_digest`).
pub(crate) const ID_DIGEST: &str = "id_number";

/// What a finding shows in place of an ID number (never quoted).
const WITHHELD: &str = "(withheld)";

fn event_ref(e: &Event) -> EventRef {
    EventRef {
        seq: e.seq,
        action: e.action.clone(),
    }
}

fn text<'a>(e: &'a Event, field: &str) -> Option<&'a str> {
    e.details.get(field).and_then(Value::as_str)
}

/// The first keyed event about `object` with `action`, or the finding that it is missing.
fn made_by(tx: &Tx, of: &Anchored, object: &str, action: &str) -> Result<Event> {
    let events: std::result::Result<Vec<Event>, Problem> =
        anchor::keyed(tx, of.clone(), object, &[action])?;
    match events?.into_iter().next() {
        Some(e) => Ok(e),
        None => {
            let id = object.rsplit(':').next().map(str::to_string);
            Err(RowDiff::problem(of.clone(), "id", id, None, None).into())
        }
    }
}

/// Refuses `person`'s row unless their keyed `person.add` event recorded its name, ID type
/// and (when recorded) ID number.
pub(crate) fn require_person(tx: &Tx, person: &Person) -> Result<()> {
    let of = Anchored::Person { id: person.id };
    let e = made_by(tx, &of, &format!("person:{}", person.id), "person.add")?;
    let differs = |column, stored: &str, history: Option<&str>| {
        RowDiff::problem(
            of.clone(),
            column,
            Some(stored.to_string()),
            history.map(str::to_string),
            Some(event_ref(&e)),
        )
    };
    if text(&e, "name") != Some(person.name.as_str()) {
        return Err(differs("name", &person.name, text(&e, "name")).into());
    }
    if let Some(t) = text(&e, "id_type")
        && t != person.id_type.as_str()
    {
        return Err(differs("id_type", person.id_type.as_str(), Some(t)).into());
    }
    if let Some(recorded) = text(&e, "id_digest")
        && *recorded != history::keyed_digest(tx, ID_DIGEST, &person.id_number)?
    {
        return Err(differs("id_number", WITHHELD, Some(WITHHELD)).into());
    }
    Ok(())
}

/// Refuses `org`'s row unless its keyed `org.add` event recorded its name and USCC.
pub(crate) fn require_org(tx: &Tx, org: &Org) -> Result<()> {
    let of = Anchored::Org { id: org.id };
    let e = made_by(tx, &of, &format!("org:{}", org.id), "org.add")?;
    for (column, stored) in [("name", &org.name), ("uscc", &org.uscc)] {
        if text(&e, column) != Some(stored.as_str()) {
            return Err(RowDiff::problem(
                of,
                column,
                Some(stored.clone()),
                text(&e, column).map(str::to_string),
                Some(event_ref(&e)),
            )
            .into());
        }
    }
    Ok(())
}

/// The slots a `package.pay` event recorded making (id → kind), if it recorded them.
fn paid_slots(e: &Event) -> Option<Vec<(Id, String)>> {
    let list = e.details.get("slots")?.as_array()?;
    Some(
        list.iter()
            .filter_map(|s| Some((s.get("id")?.as_i64()?, s.get("kind")?.as_str()?.to_string())))
            .collect(),
    )
}

/// Refuses `slot`'s kind (and, once assigned, its enterprise) unless its keyed events say the
/// same: the `package.pay` event that made it and its last `cert.assign` event.
pub(crate) fn require_slot(tx: &Tx, slot: &certs::SlotRow) -> Result<()> {
    let of = Anchored::Slot { id: slot.id };
    let stored = slot.kind.as_str();
    let differs = |column, stored: String, history: Option<String>, e: Option<&Event>| {
        RowDiff::problem(of.clone(), column, Some(stored), history, e.map(event_ref))
    };
    if let Some(package) = packages::package_of_slot(tx, slot.id)? {
        let paid = anchor::keyed(
            tx,
            of.clone(),
            &format!("package:{package}"),
            &["package.pay"],
        )??;
        if let Some(e) = paid.first()
            && let Some(made) = paid_slots(e)
        {
            let kind = made.iter().find(|(id, _)| *id == slot.id).map(|(_, k)| k);
            if kind.map(String::as_str) != Some(stored) {
                return Err(differs("kind", stored.into(), kind.cloned(), Some(e)).into());
            }
        }
    }
    let assigned = anchor::keyed(
        tx,
        of.clone(),
        &format!("slot:{}", slot.id),
        &["cert.assign"],
    )??;
    if let Some(e) = assigned.last() {
        if let Some(kind) = text(e, "kind")
            && kind != stored
        {
            return Err(differs("kind", stored.into(), Some(kind.into()), Some(e)).into());
        }
        if e.org_id.is_some() && e.org_id != Some(slot.org_id) {
            return Err(differs(
                "org_id",
                slot.org_id.to_string(),
                e.org_id.map(|o| o.to_string()),
                Some(e),
            )
            .into());
        }
    }
    Ok(())
}

/// Refuses a subject (enterprise, owner, kind) whose rows differ from their keyed events.
pub(crate) fn require_subject(tx: &Tx, org: &Org, owner: &Person) -> Result<()> {
    require_org(tx, org)?;
    require_person(tx, owner)
}
