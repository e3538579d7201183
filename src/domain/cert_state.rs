//! A certificate's state — revoked, on hold, superseded (D8, D9, D11, D12) — as its keyed
//! history says (red team 5). The `status`, `revoked_at` and `frozen_at` columns can be edited
//! by anyone with the registry file within the schema's rules (a hold cleared with one UPDATE,
//! a revocation added): a trust decision believes them only when the keyed revoke, reissue,
//! extend, freeze and unfreeze events say the same (`require_cert`, `pdf verify`), and a CRL
//! lists what those events say ([`crl_candidates`]), never what the columns say.

use std::collections::BTreeMap;

use serde_json::Value;

use super::anchor::{self, Problem};
use super::anchor_error::{Anchored, EventRef, RowDiff};
use super::history;
use crate::error::Result;
use crate::model::vocab::CertStatus;
use crate::model::{Cert, Event, Id, Stamp};
use crate::registry::{Tx, certs, events};
use x509_cert::ext::pkix::CrlReason;

/// The events that change a certificate's state.
const STATE_ACTIONS: &[&str] = &[
    "cert.revoke",
    "cert.reissue",
    "cert.extend",
    "cert.freeze",
    "cert.unfreeze",
];

/// A time an event recorded (`recorded`), or the event's own time for events written before
/// it was recorded (then only its presence is compared).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct When {
    pub at: Stamp,
    pub recorded: bool,
}

impl When {
    fn of(e: &Event, field: &str) -> When {
        match e
            .details
            .get(field)
            .and_then(Value::as_str)
            .and_then(Stamp::parse)
        {
            Some(at) => When { at, recorded: true },
            None => When {
                at: e.at,
                recorded: false,
            },
        }
    }

    /// Whether a column's value is this time (when it was recorded).
    fn matches(&self, column: Stamp) -> bool {
        !self.recorded || self.at == column
    }
}

/// A certificate's state after its keyed events.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KeyedState {
    /// Revoked: when, and why (`superseded` for a reissue).
    pub revoked: Option<(When, String)>,
    /// Replaced by a reissue or an extension.
    pub superseded: bool,
    /// On hold since (the latest freeze or unfreeze concerning it was a freeze).
    pub held: Option<When>,
    /// The last event that changed it.
    pub last: Option<EventRef>,
}

fn listed(e: &Event, field: &str, id: Id) -> bool {
    e.details
        .get(field)
        .and_then(Value::as_array)
        .is_some_and(|ids| ids.iter().any(|i| i.as_i64() == Some(id)))
}

fn object_id(e: &Event) -> Option<Id> {
    e.object.strip_prefix("cert:").and_then(|n| n.parse().ok())
}

/// The certificates an event changes the state of (as [`KeyedState::apply`] reads it).
fn concerned(e: &Event) -> Vec<Id> {
    let mut ids: Vec<Id> = object_id(e).into_iter().collect();
    ids.extend(e.details.get("replaces").and_then(Value::as_i64));
    for field in ["also_revoked", "also_held"] {
        ids.extend(
            e.details
                .get(field)
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_i64),
        );
    }
    ids
}

impl KeyedState {
    /// Applies keyed event `e` to certificate `id`'s state (the replay reads them alike).
    pub fn apply(&mut self, id: Id, e: &Event) {
        let object = object_id(e) == Some(id);
        let before = self.clone();
        match e.action.as_str() {
            "cert.revoke" if object || listed(e, "also_revoked", id) => {
                let reason = e.details.get("reason").and_then(Value::as_str);
                self.revoke(When::of(e, "revoked_at"), reason.unwrap_or("unspecified"));
            }
            "cert.reissue" | "cert.extend" => {
                let replaced = e.details.get("replaces").and_then(Value::as_i64) == Some(id);
                self.superseded |= replaced;
                // A reissue revokes the replaced key, and certificates that kept it.
                if (replaced && e.action == "cert.reissue") || listed(e, "also_revoked", id) {
                    self.revoke(When::of(e, "revoked_at"), "superseded");
                }
            }
            "cert.freeze" if object || listed(e, "also_held", id) => {
                self.held = Some(When::of(e, "frozen_at"));
            }
            "cert.unfreeze" if object || listed(e, "also_held", id) => self.held = None,
            _ => {}
        }
        if *self != before {
            self.last = Some(EventRef {
                seq: e.seq,
                action: e.action.clone(),
            });
        }
    }

    /// The state a CRL entry says (its reason and date): on hold since then, or revoked then
    /// (superseded for that reason). What the last CRL listed, as `crl` starts from it.
    pub fn as_listed(reason: Option<CrlReason>, at: Stamp) -> KeyedState {
        let when = When { at, recorded: true };
        match reason {
            Some(CrlReason::CertificateHold) => KeyedState {
                held: Some(when),
                ..KeyedState::default()
            },
            reason => {
                let reason = reason.unwrap_or(CrlReason::Unspecified);
                KeyedState {
                    revoked: Some((when, super::ca::crl_reason_name(reason).to_string())),
                    superseded: reason == CrlReason::Superseded,
                    ..KeyedState::default()
                }
            }
        }
    }

    fn revoke(&mut self, when: When, reason: &str) {
        // A revocation is final: the first one stands.
        if self.revoked.is_none() {
            self.revoked = Some((when, reason.to_string()));
        }
    }

    /// On hold (and not revoked): listed as certificateHold.
    pub fn hold(&self) -> Option<Stamp> {
        self.held.filter(|_| self.revoked.is_none()).map(|w| w.at)
    }

    /// Whether a row's columns say otherwise than this state about what a CRL lists: revoked,
    /// or (not revoked) on hold.
    pub fn listing_differs(
        &self,
        status: CertStatus,
        revoked_at: Option<Stamp>,
        frozen_at: Option<Stamp>,
    ) -> bool {
        if self.revoked.is_some() != revoked_at.is_some() {
            return true;
        }
        let row_held = match status {
            CertStatus::Frozen => true,
            CertStatus::Superseded => frozen_at.is_some(),
            _ => false,
        };
        self.revoked.is_none() && self.held.is_some() != row_held
    }

    /// The status the row must have.
    pub fn status(&self) -> CertStatus {
        if self.superseded {
            CertStatus::Superseded
        } else if self.revoked.is_some() {
            CertStatus::Revoked
        } else if self.held.is_some() {
            CertStatus::Frozen
        } else {
            CertStatus::Active
        }
    }

    /// The first of `c`'s state columns (with its `frozen_at`) that says otherwise:
    /// (column, stored, history).
    pub fn differs(
        &self,
        c: &Cert,
        frozen_at: Option<Stamp>,
    ) -> Option<(&'static str, Option<String>, Option<String>)> {
        let text = |s: Option<Stamp>| s.map(Stamp::text);
        let want = self.status();
        if c.status != want {
            return Some((
                "status",
                Some(c.status.as_str().into()),
                Some(want.as_str().into()),
            ));
        }
        let revoked = self.revoked.as_ref().map(|(w, _)| *w);
        if revoked.is_some() != c.revoked_at.is_some()
            || matches!((revoked, c.revoked_at), (Some(w), Some(at)) if !w.matches(at))
        {
            return Some((
                "revoked_at",
                text(c.revoked_at),
                text(revoked.map(|w| w.at)),
            ));
        }
        // A revoked certificate's hold no longer matters.
        if revoked.is_none()
            && (self.held.is_some() != frozen_at.is_some()
                || matches!((self.held, frozen_at), (Some(w), Some(at)) if !w.matches(at)))
        {
            return Some(("frozen_at", text(frozen_at), text(self.held.map(|w| w.at))));
        }
        None
    }
}

/// Certificate `cert`'s state as its keyed events say: those about it, about the
/// certificates that replaced it (their `replaces_cert_id` only leads to the event, which
/// must name it) and, for a superseded one, about the certificates of its key (D11: a
/// revocation or hold of the key names it in `also_revoked` / `also_held`).
pub fn of(tx: &Tx, cert: &Cert) -> Result<std::result::Result<KeyedState, Problem>> {
    let mut objects = vec![cert.id];
    objects.extend(certs::replaced_by(tx, cert.id)?);
    if cert.status == CertStatus::Superseded {
        for other in super::anchored::same_key(tx, cert)? {
            objects.push(other.id);
            objects.extend(certs::replaced_by(tx, other.id)?);
        }
    }
    objects.sort_unstable();
    objects.dedup();
    let mut found = Vec::new();
    for object in objects {
        match anchor::keyed(
            tx,
            Anchored::Cert { id: cert.id },
            &format!("cert:{object}"),
            STATE_ACTIONS,
        )? {
            Ok(events) => found.extend(events),
            Err(p) => return Ok(Err(p)),
        }
    }
    found.sort_by_key(|e| e.seq);
    found.dedup_by_key(|e| e.seq);
    let mut state = KeyedState::default();
    for e in &found {
        state.apply(cert.id, e);
    }
    Ok(Ok(state))
}

/// Why `cert`'s state columns are not believed: they differ from its keyed history (or that
/// history cannot be checked).
pub fn problem(tx: &Tx, cert: &Cert) -> Result<Option<Problem>> {
    let state = match of(tx, cert)? {
        Ok(s) => s,
        Err(p) => return Ok(Some(p)),
    };
    let frozen_at = certs::frozen_at(tx, cert.id)?;
    Ok(state
        .differs(cert, frozen_at)
        .map(|(column, stored, history)| {
            RowDiff::problem(
                Anchored::Cert { id: cert.id },
                column,
                stored,
                history,
                state.last.clone(),
            )
        }))
}

/// Events whose MACs are checked together by [`crl_candidates`].
const BATCH: usize = 4096;

/// The certificates a CRL must list, from keyed history alone: every certificate the keyed
/// revoke, reissue, freeze and unfreeze events leave revoked or on hold, with that state, in
/// id order (which CA lists one is then its identity event's business). Read through the
/// `events_cert_state` index, never the whole history; an event that is not authentic (altered
/// or forged without the master key) refuses the CRL, naming it (red team 6).
pub fn crl_candidates(tx: &Tx) -> Result<BTreeMap<Id, KeyedState>> {
    let mut states: BTreeMap<Id, KeyedState> = BTreeMap::new();
    events::each_cert_state_event(tx, BATCH, |batch| {
        let refs: Vec<&events::StoredEvent> = batch.iter().collect();
        let authentic = history::authentic_all(tx, &refs)?;
        for (stored, ok) in batch.iter().zip(authentic) {
            if !ok {
                // It may have been a revocation or a hold: no CRL is signed without knowing
                // (red team 6), the event is named instead.
                let id = stored
                    .object
                    .strip_prefix("cert:")
                    .and_then(|n| n.parse().ok());
                return Err(Problem::EventAltered {
                    of: Anchored::Cert {
                        id: id.unwrap_or(0),
                    },
                    event: EventRef {
                        seq: stored.seq,
                        action: stored.action.clone(),
                    },
                }
                .into());
            }
            // Authentic and refused (its outcome is under its MAC): it changed nothing.
            if !stored.succeeded() {
                continue;
            }
            let Some(e) = stored.event().ok() else {
                continue;
            };
            apply_to(&mut states, &e, |_| true);
        }
        Ok(())
    })?;
    keep_listed(&mut states);
    Ok(states)
}

/// Applies keyed event `e` to the state of each certificate it concerns that `tracked`
/// accepts (one not in `states` yet starts from nothing): how [`crl_candidates`] folds every
/// state event, and `crl` from the last CRL the events since.
pub(super) fn apply_to(
    states: &mut BTreeMap<Id, KeyedState>,
    e: &Event,
    tracked: impl Fn(Id) -> bool,
) {
    for id in concerned(e).into_iter().filter(|id| tracked(*id)) {
        states.entry(id).or_default().apply(id, e);
    }
}

/// Keeps the states a CRL lists: revoked, or on hold.
pub(super) fn keep_listed(states: &mut BTreeMap<Id, KeyedState>) {
    states.retain(|_, s| s.revoked.is_some() || s.held.is_some());
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn event(seq: Id, action: &str, object: &str, details: Value) -> Event {
        Event {
            object: object.into(),
            ..crate::domain::anchor::tests::event(seq, action, details)
        }
    }

    fn state(id: Id, events: &[Event]) -> KeyedState {
        let mut s = KeyedState::default();
        for e in events {
            s.apply(id, e);
        }
        s
    }

    #[test]
    fn a_freeze_then_an_unfreeze_leaves_no_hold_and_a_freeze_of_the_key_holds_its_predecessor() {
        let freeze = event(1, "cert.freeze", "cert:2", json!({"also_held": [1]}));
        let unfreeze = event(2, "cert.unfreeze", "cert:2", json!({"also_held": [1]}));
        assert!(state(2, std::slice::from_ref(&freeze)).hold().is_some());
        assert!(state(1, std::slice::from_ref(&freeze)).hold().is_some());
        assert_eq!(state(2, &[freeze, unfreeze]).status(), CertStatus::Active);
    }

    #[test]
    fn a_reissue_supersedes_and_revokes_the_replaced_certificate_an_extension_only_supersedes() {
        let reissue = event(1, "cert.reissue", "cert:2", json!({"replaces": 1}));
        let s = state(1, &[reissue]);
        assert_eq!(s.status(), CertStatus::Superseded);
        assert_eq!(s.revoked.map(|r| r.1).as_deref(), Some("superseded"));
        let extend = event(1, "cert.extend", "cert:2", json!({"replaces": 1}));
        let s = state(1, &[extend]);
        assert!(s.superseded && s.revoked.is_none());
        // The new certificate itself is untouched.
        let reissue = event(1, "cert.reissue", "cert:2", json!({"replaces": 1}));
        assert_eq!(state(2, &[reissue]), KeyedState::default());
    }

    #[test]
    fn a_revoked_certificate_is_not_listed_as_held() {
        let freeze = event(1, "cert.freeze", "cert:1", json!({}));
        let revoke = event(
            2,
            "cert.revoke",
            "cert:1",
            json!({"reason": "key-compromise"}),
        );
        let s = state(1, &[freeze, revoke]);
        assert_eq!(s.status(), CertStatus::Revoked);
        assert!(s.hold().is_none());
        assert_eq!(s.last.map(|l| l.seq), Some(2));
    }
}
