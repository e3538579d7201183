//! Who may use a seal (D18) as the keyed history says (red team 6). `seal_assignments` rows
//! can be inserted and deleted, and a grant's `state` set to approved, by anyone with the
//! registry file, for one command and back; so at every use (`pdf stamp`, `pdf sign --seal`,
//! `seal check`) the rows the permission rests on are believed only when keyed events say
//! the same:
//!
//! * an assignment of seal S to certificate C: a keyed `seal.assign` event of S naming C, or
//!   C made by a keyed `cert.extend` of a certificate S was so assigned to (D9: seals follow
//!   an extension); C's state and parties as its own keyed events say
//!   (`cert_state`, `anchored::require_parties`);
//! * a grant: its keyed `seal.grant` event (person, window, first state) and the keyed
//!   `seal.grant.approve` / `.reject` / `.revoke` events about it since.
//!
//! A row that says otherwise is refused with a registry-integrity finding naming it (exit 6).

use serde_json::Value;

use super::anchor::{self, Problem};
use super::anchor_error::{Anchored, EventRef, RowDiff};
use crate::error::Result;
use crate::model::vocab::GrantState;
use crate::model::{Cert, Event, Id, SealGrant, Stamp};
use crate::registry::Tx;

const SEAL_ACTIONS: &[&str] = &[
    "seal.assign",
    "seal.grant",
    "seal.grant.approve",
    "seal.grant.reject",
    "seal.grant.revoke",
];

/// How many extensions back an assignment is followed (a certificate is extended about once a
/// year; this only bounds a loop in forged link columns).
const EXTENSIONS: usize = 64;

/// A seal's keyed assignments and grants.
pub(crate) struct KeyedUse {
    seal: Id,
    events: Vec<Event>,
}

fn event_ref(e: &Event) -> EventRef {
    EventRef {
        seq: e.seq,
        action: e.action.clone(),
    }
}

fn id_in(e: &Event, field: &str) -> Option<Id> {
    e.details.get(field).and_then(Value::as_i64)
}

/// Seal `seal`'s keyed events about its assignments and grants.
pub(crate) fn of(tx: &Tx, seal: Id) -> Result<KeyedUse> {
    let events: std::result::Result<Vec<Event>, Problem> = anchor::keyed(
        tx,
        Anchored::Seal { id: seal },
        &format!("seal:{seal}"),
        SEAL_ACTIONS,
    )?;
    Ok(KeyedUse {
        seal,
        events: events?,
    })
}

impl KeyedUse {
    /// Refuses the assignment row of this seal to `cert` unless a keyed event made it, and
    /// `cert`'s own state and parties unless its keyed events say the same.
    pub(crate) fn require_assignment(&self, tx: &Tx, cert: &Cert) -> Result<()> {
        if let Some(p) = super::cert_state::problem(tx, cert)? {
            return Err(p.into());
        }
        super::anchored::require_parties(tx, cert)?;
        let assigned = |c: Id| {
            self.events
                .iter()
                .any(|e| e.action == "seal.assign" && id_in(e, "cert") == Some(c))
        };
        let mut c = cert.id;
        for _ in 0..EXTENSIONS {
            if assigned(c) {
                return Ok(());
            }
            // Seals follow an extension (D9): the certificate it replaced, as its keyed
            // `cert.extend` event names it.
            let made = match anchor::cert_identity(tx, c)? {
                Ok(identity) => identity.event,
                Err(p) => return Err(p.into()),
            };
            match (made.action.as_str(), id_in(&made, "replaces")) {
                ("cert.extend", Some(replaced)) => c = replaced,
                _ => break,
            }
        }
        Err(RowDiff::problem(
            Anchored::Seal { id: self.seal },
            "assignment",
            Some(format!("certificate {}", cert.id)),
            None,
            None,
        )
        .into())
    }

    /// Refuses `cert`'s binding to account `person` (D13) unless its keyed `cert.bind` /
    /// `cert.unbind` events leave it bound to them (a binding moves with a reissue or an
    /// extension: then the replaced certificate's events say).
    pub(crate) fn require_binding(&self, tx: &Tx, cert: &Cert, person: Id) -> Result<()> {
        let mut c = cert.id;
        let mut bound = None;
        for _ in 0..EXTENSIONS {
            let events = anchor::keyed(
                tx,
                Anchored::Cert { id: cert.id },
                &format!("cert:{c}"),
                &["cert.bind", "cert.unbind"],
            )??;
            if let Some(last) = events.last() {
                bound = (last.action == "cert.bind")
                    .then_some(last.person_id)
                    .flatten();
                break;
            }
            let made = match anchor::cert_identity(tx, c)? {
                Ok(identity) => identity.event,
                Err(p) => return Err(p.into()),
            };
            match id_in(&made, "replaces") {
                Some(replaced) => c = replaced,
                None => break,
            }
        }
        if bound == Some(person) {
            return Ok(());
        }
        Err(RowDiff::problem(
            Anchored::Cert { id: cert.id },
            "bound_person_id",
            Some(person.to_string()),
            bound.map(|b| b.to_string()),
            None,
        )
        .into())
    }

    /// Refuses grant row `g` unless its keyed events made it for the same person and window
    /// and leave it in the same state.
    pub(crate) fn require_grant(&self, g: &SealGrant) -> Result<()> {
        let of = Anchored::Grant { id: g.id };
        let about: Vec<&Event> = self
            .events
            .iter()
            .filter(|e| e.action.starts_with("seal.grant") && id_in(e, "grant") == Some(g.id))
            .collect();
        let Some(made) = about.iter().find(|e| e.action == "seal.grant") else {
            return Err(RowDiff::problem(of, "id", Some(g.id.to_string()), None, None).into());
        };
        let stamp = |f: &str| {
            made.details
                .get(f)
                .and_then(Value::as_str)
                .and_then(Stamp::parse)
        };
        let mut state = made
            .details
            .get("state")
            .and_then(Value::as_str)
            .and_then(GrantState::parse);
        let mut last = *made;
        for e in &about {
            let next = match e.action.as_str() {
                "seal.grant.approve" => GrantState::Approved,
                "seal.grant.reject" => GrantState::Rejected,
                "seal.grant.revoke" => GrantState::Revoked,
                _ => continue,
            };
            state = Some(next);
            last = e;
        }
        let checks: [(&'static str, Option<String>, Option<String>, &Event); 4] = [
            (
                "person_id",
                Some(g.person.id.to_string()),
                made.person_id.map(|p| p.to_string()),
                made,
            ),
            (
                "valid_from",
                Some(g.valid_from.to_string()),
                stamp("from").map(|s| s.to_string()),
                made,
            ),
            (
                "valid_until",
                Some(g.valid_until.to_string()),
                stamp("until").map(|s| s.to_string()),
                made,
            ),
            (
                "state",
                Some(g.state.as_str().to_string()),
                state.map(|s| s.as_str().to_string()),
                last,
            ),
        ];
        for (column, stored, history, e) in checks {
            if stored != history {
                return Err(
                    RowDiff::problem(of, column, stored, history, Some(event_ref(e))).into(),
                );
            }
        }
        Ok(())
    }
}
