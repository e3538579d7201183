//! Replaying the history (D21): what the registry's state must be if every change went through
//! catool, computed from the events alone and compared with the tables. A keyed chain proves the
//! events were written by catool; the replay proves the state was too — a revoked certificate
//! set back to active, a lock cleared, a grant widened with the sqlite3 shell all differ from
//! what the events say.
//!
//! Every action that changes a compared column must be handled in `Replay::apply`, and every
//! event that sets a column must carry what it sets (ids, not names): otherwise `log verify`
//! reports the honest change as tampering. Events written before a field was recorded leave it
//! unknown: it is not compared, and `not_provable` says so.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

mod applied;
mod entitled;

use super::anchor::Publication;
use super::history_finding::{EventRef, Finding, RowRef, Shown};
use crate::error::Result;
use crate::model::vocab::EventOutcome;
use crate::model::{Event, Id};
use crate::registry::audit::{Fields as StoredFields, Key, TABLES};

/// What a column must hold, and which event said so (0: the registry's default).
#[derive(Debug, Clone)]
struct Fact {
    want: Want,
    seq: Id,
}

#[derive(Debug, Clone)]
enum Want {
    Is(Value),
    /// Written before the history recorded it: not compared.
    Unknown,
    /// A wrong-PIN count from before resets were recorded: the count, or 0 after a correct
    /// PIN that left no event.
    ZeroOr(i64),
}

#[derive(Debug, Clone, Default)]
struct Row {
    /// The event that made the row.
    made_by: Id,
    fields: Fields,
}

/// A row's facts by column: a short list (a certificate has 17), searched in order — a
/// fraction of a map's memory, for every row of a large registry.
#[derive(Debug, Clone, Default)]
struct Fields(Vec<(&'static str, Fact)>);

impl Fields {
    fn get(&self, field: &str) -> Option<&Fact> {
        self.0
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, fact)| fact)
    }

    /// Sets `field`, replacing what it held.
    fn insert(&mut self, field: &'static str, fact: Fact) {
        match self.0.iter_mut().find(|(f, _)| *f == field) {
            Some((_, old)) => *old = fact,
            None => self.0.push((field, fact)),
        }
    }

    fn iter(&self) -> impl Iterator<Item = &(&'static str, Fact)> {
        self.0.iter()
    }
}

impl Extend<(&'static str, Fact)> for Fields {
    fn extend<I: IntoIterator<Item = (&'static str, Fact)>>(&mut self, facts: I) {
        for (f, fact) in facts {
            self.insert(f, fact);
        }
    }
}

impl FromIterator<(&'static str, Fact)> for Fields {
    /// The facts as given: each column named once.
    fn from_iter<I: IntoIterator<Item = (&'static str, Fact)>>(facts: I) -> Fields {
        let out: Vec<_> = facts.into_iter().collect();
        debug_assert!(
            out.iter()
                .enumerate()
                .all(|(i, (f, _))| out[..i].iter().all(|(g, _)| g != f)),
            "a column named twice"
        );
        Fields(out)
    }
}

/// The stored rows, table by table: `stored(table, visit)` calls `visit` with each row of
/// `table` in key order.
pub type Stored<'a> =
    dyn FnMut(&str, &mut dyn FnMut(Key, StoredFields) -> Result<()>) -> Result<()> + 'a;

/// A difference between the stored state and the replayed history.
#[derive(Debug, Clone)]
pub struct Difference {
    /// `table:id` (`certs:3`, `seal_assignments:1:2`, `settings:kdf.memory_kib`).
    pub row: String,
    pub finding: Finding,
}

/// The state the history describes, built one event at a time.
pub struct Replay {
    tables: BTreeMap<&'static str, BTreeMap<Key, Row>>,
    /// Events before this one were written before the chain was keyed (schema v1), when
    /// wrong-PIN resets were not recorded.
    keyed_since: Id,
    /// Package → (enterprise, personal) slots it must have, and the event that paid it.
    paid_slots: BTreeMap<Id, (i64, i64, Id)>,
    /// CA → where its CRL is published, as its events configured.
    publications: BTreeMap<Id, Publication>,
    /// Events whose actor was not the administrator their action needs (red team 6).
    not_admin: Vec<Finding>,
}

fn key(id: Id) -> Key {
    (id, 0, String::new())
}

fn is(v: impl Into<Value>) -> Want {
    Want::Is(v.into())
}

fn opt(v: Option<Id>) -> Want {
    Want::Is(v.map_or(Value::Null, Value::from))
}

/// The id in an event's object (`cert:12` → 12).
fn object_id(e: &Event, kind: &str) -> Option<Id> {
    e.object
        .strip_prefix(kind)
        .and_then(|rest| rest.strip_prefix(':'))
        .and_then(|n| n.parse().ok())
}

fn detail_id(e: &Event, field: &str) -> Option<Id> {
    e.details.get(field).and_then(Value::as_i64)
}

/// The ids in an event's list (`also_revoked`, `also_held`).
fn ids(e: &Event, field: &str) -> Vec<Id> {
    e.details
        .get(field)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_i64)
        .collect()
}

/// Whether a revocation or hold was of a superseded certificate (its status stays).
fn superseded(e: &Event) -> bool {
    e.details.get("superseded") == Some(&Value::Bool(true))
}

/// A detail the event may lack (older events): unknown rather than wrong.
fn detail_or_unknown(e: &Event, field: &str) -> Want {
    match e.details.get(field) {
        Some(v) => Want::Is(v.clone()),
        None => Want::Unknown,
    }
}

/// What a certificate is, as the event that made it recorded (events before these were
/// recorded leave them unknown): its body's fingerprint, serial and CA.
fn identity(e: &Event) -> [(&'static str, Want); 3] {
    [
        ("sha256", detail_or_unknown(e, "sha256")),
        ("serial_hex", detail_or_unknown(e, "serial")),
        ("ca_id", detail_or_unknown(e, "ca_id")),
    ]
}

impl Replay {
    pub fn new(keyed_since: Id) -> Replay {
        let mut tables = BTreeMap::new();
        for (table, ..) in TABLES {
            tables.insert(*table, BTreeMap::new());
        }
        tables.insert("settings", BTreeMap::new());
        Replay {
            tables,
            keyed_since,
            paid_slots: BTreeMap::new(),
            publications: BTreeMap::new(),
            not_admin: Vec::new(),
        }
    }

    /// The settings a new registry starts with, as if made by event 0.
    pub fn with_defaults(mut self, defaults: &[(String, String)]) -> Replay {
        for (k, v) in defaults {
            self.create(
                "settings",
                (0, 0, k.clone()),
                0,
                &[("value", is(v.as_str()))],
            );
        }
        self
    }

    fn table(&mut self, table: &'static str) -> &mut BTreeMap<Key, Row> {
        self.tables.entry(table).or_default()
    }

    fn create(&mut self, table: &'static str, k: Key, seq: Id, fields: &[(&'static str, Want)]) {
        // Each column once (as every caller names them): collected as given.
        let row = Row {
            made_by: seq,
            fields: fields
                .iter()
                .map(|(f, w)| {
                    (
                        *f,
                        Fact {
                            want: w.clone(),
                            seq,
                        },
                    )
                })
                .collect(),
        };
        self.table(table).insert(k, row);
    }

    /// Sets fields of an existing row; a row the history never made is made here, so the
    /// comparison still reports the fields (an event about a row catool never created is
    /// itself a sign of a forged history, but the chain check speaks to that).
    fn set(&mut self, table: &'static str, k: Key, seq: Id, fields: &[(&'static str, Want)]) {
        let row = self.table(table).entry(k).or_insert_with(|| Row {
            made_by: seq,
            fields: Fields::default(),
        });
        for (f, w) in fields {
            row.fields.insert(
                f,
                Fact {
                    want: w.clone(),
                    seq,
                },
            );
        }
    }

    fn fact(&self, table: &'static str, k: &Key, field: &str) -> Want {
        self.tables
            .get(table)
            .and_then(|t| t.get(k))
            .and_then(|r| r.fields.get(field))
            .map_or(Want::Unknown, |f| f.want.clone())
    }

    /// Applies one event (in sequence order).
    pub fn apply(&mut self, e: &Event) {
        let seq = e.seq;
        // D11: every change of a wrong-PIN count or lock is recorded with the count, refused
        // attempts included.
        if let Some(c) = e.cert_id {
            if let Some(n) = e.details.get("wrong_pins").and_then(Value::as_i64) {
                let want = if seq < self.keyed_since && n > 0 {
                    Want::ZeroOr(n)
                } else {
                    is(n)
                };
                self.set("certs", key(c), seq, &[("wrong_pins", want)]);
            }
            if e.details.get("locked") == Some(&Value::Bool(true)) {
                self.set("certs", key(c), seq, &[("locked", is(1))]);
            }
        }
        if e.outcome != EventOutcome::Ok {
            return;
        }
        self.check_admin(e);
        match e.action.as_str() {
            "person.add" => {
                if let Some(id) = object_id(e, "person") {
                    self.create(
                        "persons",
                        key(id),
                        seq,
                        &[("name", detail_or_unknown(e, "name"))],
                    );
                }
            }
            "org.add" => {
                if let Some(id) = object_id(e, "org") {
                    self.create(
                        "orgs",
                        key(id),
                        seq,
                        &[
                            ("name", detail_or_unknown(e, "name")),
                            ("uscc", detail_or_unknown(e, "uscc")),
                            ("auth_method", Want::Is(Value::Null)),
                        ],
                    );
                    if let Some(admin) = e.person_id {
                        self.create(
                            "memberships",
                            (id, admin, String::new()),
                            seq,
                            &[("role", is("admin"))],
                        );
                    }
                }
            }
            "org.authorize" => {
                if let Some(id) = object_id(e, "org") {
                    self.set(
                        "orgs",
                        key(id),
                        seq,
                        &[("auth_method", detail_or_unknown(e, "method"))],
                    );
                }
            }
            "org.member.add" => {
                if let (Some(org), Some(p)) = (object_id(e, "org"), e.person_id) {
                    self.create(
                        "memberships",
                        (org, p, String::new()),
                        seq,
                        &[("role", detail_or_unknown(e, "role"))],
                    );
                }
            }
            "org.member.remove" => {
                if let (Some(org), Some(p)) = (object_id(e, "org"), e.person_id) {
                    self.table("memberships").remove(&(org, p, String::new()));
                }
            }
            "org.transfer-admin" => {
                if let (Some(org), Some(to)) = (object_id(e, "org"), e.person_id) {
                    let admins: Vec<Key> = self
                        .table("memberships")
                        .iter()
                        .filter(|(k, r)| {
                            k.0 == org
                                && matches!(r.fields.get("role"),
                                    Some(Fact { want: Want::Is(v), .. }) if v == "admin")
                        })
                        .map(|(k, _)| k.clone())
                        .collect();
                    for k in admins {
                        self.set("memberships", k, seq, &[("role", is("member"))]);
                    }
                    self.set(
                        "memberships",
                        (org, to, String::new()),
                        seq,
                        &[("role", is("admin"))],
                    );
                }
            }
            "package.buy" => {
                if let Some(id) = object_id(e, "package") {
                    self.create(
                        "packages",
                        key(id),
                        seq,
                        &[
                            ("org_id", opt(e.org_id)),
                            ("status", is("unpaid")),
                            ("enterprise_slots", detail_or_unknown(e, "enterprise_slots")),
                            ("personal_slots", detail_or_unknown(e, "personal_slots")),
                        ],
                    );
                }
            }
            "package.pay" => {
                if let Some(id) = object_id(e, "package") {
                    self.set("packages", key(id), seq, &[("status", is("paid"))]);
                    let count = |f: &str| match self.fact("packages", &key(id), f) {
                        Want::Is(v) => v.as_i64().unwrap_or(-1),
                        _ => -1,
                    };
                    let (ent, per) = (count("enterprise_slots"), count("personal_slots"));
                    self.paid_slots.insert(id, (ent, per, seq));
                }
            }
            "ca.init" => {
                if let Some(id) = object_id(e, "ca") {
                    self.create(
                        "cas",
                        key(id),
                        seq,
                        &[
                            ("name", detail_or_unknown(e, "name")),
                            ("next_crl_number", is(1)),
                            // The trust anchor itself (events before stop 12 lack it).
                            ("cert_der_hex", detail_or_unknown(e, "cert_der_hex")),
                        ],
                    );
                    self.publish(id, e);
                }
            }
            "ca.set" => {
                if let Some(id) = object_id(e, "ca") {
                    self.publish(id, e);
                }
            }
            "ca.crl" => {
                if let (Some(id), Some(n)) = (object_id(e, "ca"), detail_id(e, "crl_number")) {
                    self.set("cas", key(id), seq, &[("next_crl_number", is(n + 1))]);
                }
            }
            "tsa.init" => {
                if let Some(id) = object_id(e, "tsa") {
                    self.create(
                        "tsas",
                        key(id),
                        seq,
                        &[
                            ("name", detail_or_unknown(e, "name")),
                            ("ca_id", detail_or_unknown(e, "ca_id")),
                            ("next_serial", is(1)),
                            ("cert_der_hex", detail_or_unknown(e, "cert_der_hex")),
                        ],
                    );
                }
            }
            "tsa.stamp" => {
                if let (Some(id), Some(n)) = (object_id(e, "tsa"), detail_id(e, "serial")) {
                    self.set("tsas", key(id), seq, &[("next_serial", is(n + 1))]);
                }
            }
            "config.set" => {
                if let Some(k) = e.details.get("key").and_then(Value::as_str) {
                    self.set(
                        "settings",
                        (0, 0, k.to_string()),
                        seq,
                        &[("value", detail_or_unknown(e, "new"))],
                    );
                }
            }
            "cert.assign" => {
                if let Some(slot) = object_id(e, "slot") {
                    self.set(
                        "slots",
                        key(slot),
                        seq,
                        &[
                            ("state", is("assigned")),
                            ("owner_person_id", opt(e.person_id)),
                            ("holder_person_id", detail_or_unknown(e, "holder_id")),
                        ],
                    );
                }
            }
            "cert.issue" => self.issue(e),
            "cert.import" => {
                if let Some(id) = object_id(e, "cert") {
                    let holder = detail_or_unknown(e, "holder_id");
                    let [body, serial, ca] = identity(e);
                    self.create(
                        "certs",
                        key(id),
                        seq,
                        &[
                            body,
                            serial,
                            ca,
                            ("status", is("active")),
                            ("revoke_reason", Want::Is(Value::Null)),
                            ("locked", is(0)),
                            ("wrong_pins", is(0)),
                            ("slot_id", Want::Is(Value::Null)),
                            ("org_id", detail_or_unknown(e, "org")),
                            ("owner_person_id", holder.clone()),
                            ("holder_person_id", holder),
                            ("bound_person_id", Want::Is(Value::Null)),
                            ("kind", detail_or_unknown(e, "kind")),
                            ("pin_set_by", detail_or_unknown(e, "pin_set_by")),
                            ("replaces_cert_id", Want::Is(Value::Null)),
                            ("revoked_at", Want::Is(Value::Null)),
                            ("frozen_at", Want::Is(Value::Null)),
                        ],
                    );
                }
            }
            "cert.reissue" | "cert.extend" => self.replace(e),
            "cert.revoke" => {
                // A superseded certificate with a key of its own stays superseded (D12).
                let status = if superseded(e) {
                    "superseded"
                } else {
                    "revoked"
                };
                if let Some(id) = object_id(e, "cert") {
                    self.set(
                        "certs",
                        key(id),
                        seq,
                        &[
                            ("status", is(status)),
                            ("revoke_reason", detail_or_unknown(e, "reason")),
                            ("bound_person_id", Want::Is(Value::Null)),
                            ("revoked_at", detail_or_unknown(e, "revoked_at")),
                        ],
                    );
                }
                // Superseded certificates with the same key, revoked with it.
                for id in ids(e, "also_revoked") {
                    self.set(
                        "certs",
                        key(id),
                        seq,
                        &[
                            ("revoke_reason", detail_or_unknown(e, "reason")),
                            ("revoked_at", detail_or_unknown(e, "revoked_at")),
                        ],
                    );
                }
            }
            "cert.freeze" | "cert.unfreeze" => {
                let freeze = e.action == "cert.freeze";
                let since = if freeze {
                    detail_or_unknown(e, "frozen_at")
                } else {
                    Want::Is(Value::Null)
                };
                if let Some(id) = object_id(e, "cert") {
                    let mut fields = vec![("frozen_at", since.clone())];
                    // A superseded certificate is held without a status change.
                    if !superseded(e) {
                        fields.push(("status", is(if freeze { "frozen" } else { "active" })));
                    }
                    self.set("certs", key(id), seq, &fields);
                }
                // Superseded certificates of the same key, held and released with it.
                for id in ids(e, "also_held") {
                    self.set("certs", key(id), seq, &[("frozen_at", since.clone())]);
                }
            }
            "cert.holder" => {
                if let Some(id) = object_id(e, "cert") {
                    self.set(
                        "certs",
                        key(id),
                        seq,
                        &[("holder_person_id", opt(e.person_id))],
                    );
                }
            }
            "cert.bind" | "cert.unbind" => {
                if let Some(id) = object_id(e, "cert") {
                    let bound = if e.action == "cert.bind" {
                        opt(e.person_id)
                    } else {
                        Want::Is(Value::Null)
                    };
                    self.set("certs", key(id), seq, &[("bound_person_id", bound)]);
                }
            }
            // A correct PIN (verify-pin, or the reset a correct PIN makes) ends the count.
            "cert.pin" => {
                if let Some(id) = e.cert_id {
                    self.set("certs", key(id), seq, &[("wrong_pins", is(0))]);
                }
            }
            "seal.make" | "seal.upload" | "seal.import" => {
                if let Some(id) = object_id(e, "seal") {
                    // An enterprise seal has no person; the event's person is then its maker.
                    let person = if e.org_id.is_some() {
                        None
                    } else {
                        e.person_id
                    };
                    let state = match (e.action.as_str(), e.details.get("state")) {
                        ("seal.make", _) => "effective",
                        // An imported seal of a trusted maker is effective at once.
                        ("seal.import", Some(Value::String(s))) if s == "effective" => "effective",
                        _ => "pending",
                    };
                    self.create(
                        "seals",
                        key(id),
                        seq,
                        &[
                            ("org_id", opt(e.org_id)),
                            ("person_id", opt(person)),
                            ("state", is(state)),
                        ],
                    );
                }
            }
            "seal.review" => {
                if let Some(id) = object_id(e, "seal") {
                    let state = match e.details.get("approved").and_then(Value::as_bool) {
                        Some(true) => is("effective"),
                        Some(false) => is("rejected"),
                        None => Want::Unknown,
                    };
                    self.set("seals", key(id), seq, &[("state", state)]);
                }
            }
            "seal.void" => {
                if let Some(id) = object_id(e, "seal") {
                    self.set("seals", key(id), seq, &[("state", is("void"))]);
                }
            }
            "seal.assign" => {
                if let (Some(s), Some(c)) = (object_id(e, "seal"), detail_id(e, "cert")) {
                    self.create("seal_assignments", (s, c, String::new()), seq, &[]);
                }
            }
            "seal.grant" => {
                if let (Some(s), Some(g)) = (object_id(e, "seal"), detail_id(e, "grant")) {
                    self.create(
                        "seal_grants",
                        key(g),
                        seq,
                        &[
                            ("seal_id", is(s)),
                            ("person_id", opt(e.person_id)),
                            ("valid_from", detail_or_unknown(e, "from")),
                            ("valid_until", detail_or_unknown(e, "until")),
                            ("state", detail_or_unknown(e, "state")),
                        ],
                    );
                }
            }
            "seal.grant.approve" | "seal.grant.reject" | "seal.grant.revoke" => {
                if let Some(g) = detail_id(e, "grant") {
                    let state = match e.action.as_str() {
                        "seal.grant.approve" => "approved",
                        "seal.grant.reject" => "rejected",
                        _ => "revoked",
                    };
                    self.set("seal_grants", key(g), seq, &[("state", is(state))]);
                }
            }
            _ => {}
        }
    }

    /// `cert.issue`: a new active certificate in its slot, which becomes used (D4, D6).
    /// The events whose actor was not the administrator their action needed.
    pub fn not_admin(&self) -> &[Finding] {
        &self.not_admin
    }

    fn issue(&mut self, e: &Event) {
        let (Some(id), Some(slot)) = (object_id(e, "cert"), detail_id(e, "slot")) else {
            return;
        };
        let holder = match e.details.get("holder_id") {
            Some(v) => Want::Is(v.clone()),
            None => self.fact("slots", &key(slot), "holder_person_id"),
        };
        self.set("slots", key(slot), e.seq, &[("state", is("used"))]);
        let [body, serial, ca] = identity(e);
        self.create(
            "certs",
            key(id),
            e.seq,
            &[
                body,
                serial,
                ca,
                ("status", is("active")),
                ("revoke_reason", Want::Is(Value::Null)),
                ("locked", is(0)),
                ("wrong_pins", is(0)),
                ("slot_id", is(slot)),
                ("org_id", opt(e.org_id)),
                ("owner_person_id", opt(e.person_id)),
                ("holder_person_id", holder),
                ("bound_person_id", Want::Is(Value::Null)),
                ("kind", detail_or_unknown(e, "kind")),
                ("pin_set_by", detail_or_unknown(e, "pin_set_by")),
                ("replaces_cert_id", Want::Is(Value::Null)),
                ("revoked_at", Want::Is(Value::Null)),
                ("frozen_at", Want::Is(Value::Null)),
            ],
        );
    }

    /// `cert.reissue` (D8) and `cert.extend` (D9): a new certificate replaces the old one,
    /// which is superseded; the owner, holder and account binding move to the new one. A
    /// reissue keeps the slot and drops seal assignments; an extension consumes another
    /// slot and takes the assignments along.
    fn replace(&mut self, e: &Event) {
        let (Some(new), Some(old)) = (object_id(e, "cert"), detail_id(e, "replaces")) else {
            return;
        };
        let seq = e.seq;
        let carried = |r: &Replay, f: &str| r.fact("certs", &key(old), f);
        let (owner, holder, bound, org) = (
            carried(self, "owner_person_id"),
            carried(self, "holder_person_id"),
            carried(self, "bound_person_id"),
            carried(self, "org_id"),
        );
        let extend = e.action == "cert.extend";
        let slot = if extend {
            match detail_id(e, "slot") {
                Some(s) => {
                    // The consumed slot keeps an owner and holder it had, else takes the
                    // certificate's (registry::certs::consume_slot).
                    let mut fields = vec![("state", is("used"))];
                    for (f, v) in [("owner_person_id", &owner), ("holder_person_id", &holder)] {
                        match self.fact("slots", &key(s), f) {
                            Want::Is(Value::Null) | Want::Unknown => fields.push((f, v.clone())),
                            _ => {}
                        }
                    }
                    self.set("slots", key(s), seq, &fields);
                    is(s)
                }
                None => Want::Unknown,
            }
        } else {
            carried(self, "slot_id")
        };
        let mut old_fields = vec![
            ("status", is("superseded")),
            ("bound_person_id", Want::Is(Value::Null)),
        ];
        if !extend {
            old_fields.push(("revoke_reason", is("superseded")));
            old_fields.push(("revoked_at", detail_or_unknown(e, "revoked_at")));
        }
        self.set("certs", key(old), seq, &old_fields);
        // A reissue revokes the key: certificates superseded keeping it go with it.
        for id in ids(e, "also_revoked") {
            self.set(
                "certs",
                key(id),
                seq,
                &[
                    ("revoke_reason", is("superseded")),
                    ("revoked_at", detail_or_unknown(e, "revoked_at")),
                ],
            );
        }
        // An extension keeps the PIN (and who chose it); the operator sets a reissue's.
        let pin_set_by = match e.details.get("pin_set_by") {
            Some(v) => Want::Is(v.clone()),
            None if extend => carried(self, "pin_set_by"),
            None => Want::Unknown,
        };
        let kind = match e.details.get("kind") {
            Some(v) => Want::Is(v.clone()),
            None => carried(self, "kind"),
        };
        let [body, serial, ca] = identity(e);
        self.create(
            "certs",
            key(new),
            seq,
            &[
                body,
                serial,
                ca,
                ("status", is("active")),
                ("revoke_reason", Want::Is(Value::Null)),
                ("locked", is(0)),
                ("wrong_pins", is(0)),
                ("slot_id", slot),
                ("org_id", org),
                ("owner_person_id", owner),
                ("holder_person_id", holder),
                ("bound_person_id", bound),
                ("kind", kind),
                ("pin_set_by", pin_set_by),
                ("replaces_cert_id", is(old)),
                ("revoked_at", Want::Is(Value::Null)),
                ("frozen_at", Want::Is(Value::Null)),
            ],
        );
        let assignments = self.table("seal_assignments");
        let moved: Vec<Key> = assignments.keys().filter(|k| k.1 == old).cloned().collect();
        for k in moved {
            if let Some(row) = assignments.remove(&k)
                && extend
            {
                assignments.insert((k.0, new, String::new()), row);
            }
        }
    }

    /// A `ca.init` or `ca.set` event: where CA `id` publishes its CRL from now on.
    fn publish(&mut self, id: Id, e: &Event) {
        let p = self.publications.entry(id).or_default();
        p.apply(id, e);
        let dir = p.dir.clone().map_or(Value::Null, Value::from);
        let urls = match p.urls.is_empty() {
            true => Value::Null,
            false => Value::from(p.urls.join(" ")),
        };
        self.set(
            "cas",
            key(id),
            e.seq,
            &[("crl_dir", Want::Is(dir)), ("crl_urls", Want::Is(urls))],
        );
    }

    /// The event a fact comes from, by number: its action is looked up for the few
    /// findings reported ([`Finding::event_mut`]), not kept for every event replayed, so the
    /// replay's memory grows with the rows, not with the history.
    fn event_ref(&self, seq: Id) -> EventRef {
        EventRef { seq, action: None }
    }

    /// Compares the replayed state with the stored rows `stored` gives, table by table in
    /// key order (one row at a time: the stored tables are never held). Returns the
    /// differences, in table and row order (for each table its differing rows, then the rows
    /// deleted), and what could not be proven (facts older events do not record), in English.
    pub fn compare(&self, stored: &mut Stored) -> Result<(Vec<Difference>, Vec<String>)> {
        let mut diffs = Vec::new();
        let mut unknown = BTreeSet::new();
        let empty_expected = BTreeMap::new();
        let tables = TABLES.iter().map(|t| t.0).chain(["settings"]);
        for table in tables {
            let expected = self.tables.get(table).unwrap_or(&empty_expected);
            if table == "slots" {
                self.compare_slots(stored, expected, &mut diffs, &mut unknown)?;
                continue;
            }
            let mut pending = expected.iter().peekable();
            let mut deleted = Vec::new();
            let deletion = |k: &Key, row: &Row| Difference {
                row: row_id(table, k),
                finding: Finding::RowDeleted {
                    row: row_ref(table, k),
                    by: self.event_ref(row.made_by),
                },
            };
            stored(table, &mut |k, fields| {
                // Replayed rows before this stored one are not stored: deleted.
                while let Some((gone, row)) = pending.next_if(|(e, _)| **e < k) {
                    deleted.push(deletion(gone, row));
                }
                match pending.next_if(|(e, _)| **e == k) {
                    Some((_, row)) => {
                        self.compare_fields(table, &k, row, &fields, &mut diffs, &mut unknown)
                    }
                    None if table != "settings" => diffs.push(Difference {
                        row: row_id(table, &k),
                        finding: Finding::RowWithoutEvent {
                            row: row_ref(table, &k),
                        },
                    }),
                    None => {}
                }
                Ok(())
            })?;
            deleted.extend(pending.map(|(gone, row)| deletion(gone, row)));
            diffs.append(&mut deleted);
        }
        Ok((diffs, unknown.into_iter().collect()))
    }

    fn compare_fields(
        &self,
        table: &str,
        k: &Key,
        row: &Row,
        fields: &StoredFields,
        diffs: &mut Vec<Difference>,
        unknown: &mut BTreeSet<String>,
    ) {
        // In the order of `TABLES` (the stored row's): what decides trust (status) before
        // what follows from it.
        for &(field, ref found) in fields {
            let Some(fact) = row.fields.get(field) else {
                continue;
            };
            let matches = match &fact.want {
                // A PIN attempt is counted before its outcome is known (D11: a process killed
                // during the key derivation keeps its attempt counted), without an event: the
                // recorded count is a floor. Only a lower count (more guesses) is tampering.
                Want::Is(v) if field == "wrong_pins" => {
                    found.as_i64().unwrap_or(-1) >= v.as_i64().unwrap_or(0)
                }
                // The operator set the PIN: migration 0007 recorded the holder instead for
                // certificates made before it, which only narrows whom it proves (`--as`).
                Want::Is(Value::Null) if field == "pin_set_by" => true,
                Want::Is(v) => same(v, found),
                Want::ZeroOr(n) => found.as_i64() == Some(*n) || found.as_i64() == Some(0),
                Want::Unknown => {
                    unknown.insert(
                        Finding::NotProvable {
                            row: row_ref(table, k),
                            field: field.to_string(),
                        }
                        .recorded(),
                    );
                    true
                }
            };
            if !matches {
                let want = match &fact.want {
                    Want::Is(v) => Shown::of(v),
                    Want::ZeroOr(n) => Shown::ZeroOr(*n),
                    Want::Unknown => Shown::None,
                };
                diffs.push(Difference {
                    row: row_id(table, k),
                    finding: Finding::FieldDiffers {
                        row: row_ref(table, k),
                        field: field.to_string(),
                        found: Shown::of(found),
                        want,
                        by: self.event_ref(fact.seq),
                    },
                });
            }
        }
    }

    /// Slots are made by paying a package without their ids in the event: each package must
    /// have exactly the slots it was paid for, in its enterprise, and a slot no event touched
    /// must still be unassigned.
    fn compare_slots(
        &self,
        stored: &mut Stored,
        expected: &BTreeMap<Key, Row>,
        diffs: &mut Vec<Difference>,
        unknown: &mut BTreeSet<String>,
    ) -> Result<()> {
        let mut counts: BTreeMap<Id, (i64, i64)> = BTreeMap::new();
        let mut pending = expected.keys().peekable();
        let mut deleted = Vec::new();
        stored("slots", &mut |k, fields| {
            // Slots the history touched that are not stored (in key order, as stored).
            while let Some(gone) = pending.next_if(|e| **e < k) {
                deleted.push(Difference {
                    row: row_id("slots", gone),
                    finding: Finding::SlotDeleted { slot: gone.0 },
                });
            }
            pending.next_if(|e| **e == k);
            let k = &k;
            let fields = &fields;
            let package = column(fields, "package_id")
                .and_then(Value::as_i64)
                .unwrap_or(0);
            let Some(&(_, _, paid_by)) = self.paid_slots.get(&package) else {
                diffs.push(Difference {
                    row: row_id("slots", k),
                    finding: Finding::SlotUnpaid { slot: k.0, package },
                });
                return Ok(());
            };
            let c = counts.entry(package).or_default();
            match column(fields, "kind").and_then(Value::as_str) {
                Some("enterprise") => c.0 += 1,
                _ => c.1 += 1,
            }
            let mut row = Row {
                made_by: paid_by,
                fields: Fields::default(),
            };
            let mut default = |f: &'static str, v: Value| {
                row.fields.insert(
                    f,
                    Fact {
                        want: Want::Is(v),
                        seq: paid_by,
                    },
                );
            };
            default("state", Value::from("unassigned"));
            default("owner_person_id", Value::Null);
            default("holder_person_id", Value::Null);
            default(
                "org_id",
                match self.fact("packages", &key(package), "org_id") {
                    Want::Is(v) => v,
                    _ => Value::Null,
                },
            );
            if let Some(touched) = expected.get(k) {
                row.fields
                    .extend(touched.fields.iter().map(|(f, v)| (*f, v.clone())));
            }
            self.compare_fields("slots", k, &row, fields, diffs, unknown);
            Ok(())
        })?;
        for (package, &(ent, per, paid_by)) in &self.paid_slots {
            let (have_ent, have_per) = counts.get(package).copied().unwrap_or((0, 0));
            for (kind, want, have) in [("enterprise", ent, have_ent), ("personal", per, have_per)] {
                if want >= 0 && want != have {
                    diffs.push(Difference {
                        row: format!("packages:{package}"),
                        finding: Finding::SlotCount {
                            package: *package,
                            kind: kind.to_string(),
                            have,
                            want,
                            by: self.event_ref(paid_by),
                        },
                    });
                }
            }
        }
        deleted.extend(pending.map(|gone| Difference {
            row: row_id("slots", gone),
            finding: Finding::SlotDeleted { slot: gone.0 },
        }));
        diffs.append(&mut deleted);
        Ok(())
    }
}

/// A stored row's column.
fn column<'a>(fields: &'a StoredFields, name: &str) -> Option<&'a Value> {
    fields.iter().find(|(c, _)| *c == name).map(|(_, v)| v)
}

/// Equal as stored: numbers as numbers (a count stored as text after `config set` is text).
fn same(want: &Value, found: &Value) -> bool {
    match (want, found) {
        (Value::Number(a), Value::Number(b)) => a.as_f64() == b.as_f64(),
        (Value::String(a), Value::Number(b)) | (Value::Number(b), Value::String(a)) => {
            a == &b.to_string()
        }
        _ => want == found,
    }
}

fn row_id(table: &str, k: &Key) -> String {
    match table {
        "settings" => format!("settings:{}", k.2),
        "seal_assignments" | "memberships" => format!("{table}:{}:{}", k.0, k.1),
        _ => format!("{table}:{}", k.0),
    }
}

/// A row as a finding names it (the catalogue words it).
fn row_ref(table: &str, k: &Key) -> RowRef {
    RowRef {
        table: table.to_string(),
        id: k.0,
        other: k.1,
        key: k.2.clone(),
    }
}
