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

use std::collections::BTreeMap;

use serde_json::Value;

mod applied;
#[cfg(test)]
mod bounded_tests;
mod compare;
mod entitled;
mod fact;
mod store;

pub use compare::{Difference, Stored};
use fact::{Fact, Fields, Want};
pub use store::ROWS_IN_MEMORY;
use store::Rows;

use super::anchor::Publication;
use super::history_finding::Finding;
use crate::model::vocab::EventOutcome;
use crate::model::{Event, Id};
use crate::registry::audit::{Key, TABLES, column_name};

/// A row the history made: the event that made it, and what its compared columns must hold.
#[derive(Debug, Clone)]
struct Row {
    made_by: Id,
    fields: Fields,
}

/// One compared table: its rows are kept in [`Rows`] under the table's index.
struct Table {
    name: &'static str,
    /// The compared columns, in `TABLES` order: a row's facts sit at these places.
    columns: Vec<&'static str>,
}

impl Table {
    fn column(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| *c == name)
    }
}

/// The findings of one kind kept: `log verify` reports 100 in all, the first ones, so more
/// would be memory growing with the history for nothing.
pub const KEPT: usize = 100;

/// The state the history describes, built one event at a time. Its rows are held in bounded
/// memory ([`Rows`]); what it keeps besides grows with the packages and CAs only.
pub struct Replay {
    /// `TABLES` in order, then the settings.
    tables: Vec<Table>,
    /// Every table's rows, by table index and key.
    rows: Rows,
    /// Events before this one were written before the chain was keyed (schema v1), when
    /// wrong-PIN resets were not recorded.
    keyed_since: Id,
    /// Package → (enterprise, personal) slots it must have, and the event that paid it.
    paid_slots: BTreeMap<Id, (i64, i64, Id)>,
    /// Package → its enterprise, as bought (what a slot no event touched must hold): kept
    /// here so that comparing the slots, in slot order, does not look packages up.
    package_org: BTreeMap<Id, Want>,
    /// CA → where its CRL is published, as its events configured.
    publications: BTreeMap<Id, Publication>,
    /// Events whose actor was not the administrator their action needs (red team 6): the
    /// first [`KEPT`].
    not_admin: Vec<Finding>,
}

fn key(id: Id) -> Key {
    (id, 0, String::new())
}

fn is(v: i64) -> Want {
    Want::Int(v)
}

fn word(w: &'static str) -> Want {
    Want::word(w)
}

fn opt(v: Option<Id>) -> Want {
    Want::opt(v)
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
        Some(v) => Want::of(v),
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

/// Sets `fields` of `row` (of table `name`, whose compared columns are `columns`) as said by
/// event `seq`.
fn fill(name: &str, columns: &[&str], row: &mut Row, seq: Id, fields: &[(&'static str, Want)]) {
    for (f, w) in fields {
        let column = columns.iter().position(|c| c == f);
        debug_assert!(column.is_some(), "{name} has no compared column {f}");
        if let Some(c) = column {
            row.fields.set(
                c,
                Fact {
                    want: w.clone(),
                    seq,
                },
            );
        }
    }
}

impl Replay {
    /// A replay holding at most [`ROWS_IN_MEMORY`] rows in memory.
    pub fn new(keyed_since: Id) -> Replay {
        Replay::bounded(keyed_since, ROWS_IN_MEMORY)
    }

    /// A replay holding at most `rows_in_memory` rows in memory (the others in a temporary
    /// file): a test makes it small to have most rows go through the file.
    pub fn bounded(keyed_since: Id, rows_in_memory: usize) -> Replay {
        let mut tables: Vec<Table> = TABLES
            .iter()
            .map(|(name, _, _, columns)| Table {
                name,
                columns: columns.iter().map(|c| column_name(c)).collect(),
            })
            .collect();
        tables.push(Table {
            name: "settings",
            columns: vec!["value"],
        });
        Replay {
            tables,
            rows: Rows::new(rows_in_memory),
            keyed_since,
            paid_slots: BTreeMap::new(),
            package_org: BTreeMap::new(),
            publications: BTreeMap::new(),
            not_admin: Vec::new(),
        }
    }

    /// How many rows went to the temporary file (0: the replay fitted in memory).
    pub fn rows_spilled(&self) -> u64 {
        self.rows.spilled()
    }

    /// The settings a new registry starts with, as if made by event 0.
    pub fn with_defaults(mut self, defaults: &[(String, String)]) -> Replay {
        for (k, v) in defaults {
            self.create(
                "settings",
                (0, 0, k.clone()),
                0,
                &[("value", Want::text(v))],
            );
        }
        self
    }

    /// The index of `table` among the replay's tables (its rows' place in [`Rows`]).
    fn index(&self, table: &str) -> u8 {
        match self.tables.iter().position(|t| t.name == table) {
            // `TABLES` has a dozen tables.
            Some(i) => u8::try_from(i).unwrap_or(u8::MAX),
            None => unreachable!("the replay keeps every compared table, not {table}"),
        }
    }

    /// Makes row `k` of `table` with `fields` (each a column of the table: a fact of no
    /// compared column would never be compared), replacing a row of that key.
    fn create(&mut self, table: &str, k: Key, seq: Id, fields: &[(&'static str, Want)]) {
        let i = self.index(table);
        let t = &self.tables[usize::from(i)];
        let mut row = Row {
            made_by: seq,
            fields: Fields::new(t.columns.len()),
        };
        fill(t.name, &t.columns, &mut row, seq, fields);
        self.rows.insert(i, k, row);
    }

    /// Sets fields of an existing row; a row the history never made is made here, so the
    /// comparison still reports the fields (an event about a row catool never created is
    /// itself a sign of a forged history, but the chain check speaks to that).
    fn set(&mut self, table: &str, k: Key, seq: Id, fields: &[(&'static str, Want)]) {
        let i = self.index(table);
        let Table { name, columns } = &self.tables[usize::from(i)];
        let row = self.rows.get_or_insert_with(i, k, || Row {
            made_by: seq,
            fields: Fields::new(columns.len()),
        });
        fill(name, columns, row, seq, fields);
    }

    /// What column `field` of row `k` must hold, as replayed so far (`Unknown`: nothing).
    fn fact(&mut self, table: &str, k: &Key, field: &str) -> Want {
        let i = self.index(table);
        let column = self.tables[usize::from(i)].column(field);
        column
            .and_then(|c| self.rows.get(i, k)?.fields.get(c))
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
                            ("auth_method", Want::Null),
                        ],
                    );
                    if let Some(admin) = e.person_id {
                        self.create(
                            "memberships",
                            (id, admin, String::new()),
                            seq,
                            &[("role", word("admin"))],
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
                    let memberships = self.index("memberships");
                    self.rows.remove(memberships, &(org, p, String::new()));
                }
            }
            "org.transfer-admin" => {
                if let (Some(org), Some(to)) = (object_id(e, "org"), e.person_id) {
                    let memberships = self.index("memberships");
                    let admins: Vec<Key> = self
                        .rows
                        .keys_where(memberships, Some(org), None)
                        .into_iter()
                        .filter(|k| self.fact("memberships", k, "role").is_text("admin"))
                        .collect();
                    for k in admins {
                        self.set("memberships", k, seq, &[("role", word("member"))]);
                    }
                    self.set(
                        "memberships",
                        (org, to, String::new()),
                        seq,
                        &[("role", word("admin"))],
                    );
                }
            }
            "package.buy" => {
                if let Some(id) = object_id(e, "package") {
                    self.package_org.insert(id, opt(e.org_id));
                    self.create(
                        "packages",
                        key(id),
                        seq,
                        &[
                            ("org_id", opt(e.org_id)),
                            ("status", word("unpaid")),
                            ("enterprise_slots", detail_or_unknown(e, "enterprise_slots")),
                            ("personal_slots", detail_or_unknown(e, "personal_slots")),
                        ],
                    );
                }
            }
            "package.pay" => {
                if let Some(id) = object_id(e, "package") {
                    self.set("packages", key(id), seq, &[("status", word("paid"))]);
                    let mut count =
                        |f: &str| self.fact("packages", &key(id), f).as_i64().unwrap_or(-1);
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
                            ("state", word("assigned")),
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
                            ("status", word("active")),
                            ("revoke_reason", Want::Null),
                            ("locked", is(0)),
                            ("wrong_pins", is(0)),
                            ("slot_id", Want::Null),
                            ("org_id", detail_or_unknown(e, "org")),
                            ("owner_person_id", holder.clone()),
                            ("holder_person_id", holder),
                            ("bound_person_id", Want::Null),
                            ("kind", detail_or_unknown(e, "kind")),
                            ("pin_set_by", detail_or_unknown(e, "pin_set_by")),
                            ("replaces_cert_id", Want::Null),
                            ("revoked_at", Want::Null),
                            ("frozen_at", Want::Null),
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
                            ("status", word(status)),
                            ("revoke_reason", detail_or_unknown(e, "reason")),
                            ("bound_person_id", Want::Null),
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
                    Want::Null
                };
                if let Some(id) = object_id(e, "cert") {
                    let mut fields = vec![("frozen_at", since.clone())];
                    // A superseded certificate is held without a status change.
                    if !superseded(e) {
                        fields.push(("status", word(if freeze { "frozen" } else { "active" })));
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
                        Want::Null
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
                            ("state", word(state)),
                        ],
                    );
                }
            }
            "seal.review" => {
                if let Some(id) = object_id(e, "seal") {
                    let state = match e.details.get("approved").and_then(Value::as_bool) {
                        Some(true) => word("effective"),
                        Some(false) => word("rejected"),
                        None => Want::Unknown,
                    };
                    self.set("seals", key(id), seq, &[("state", state)]);
                }
            }
            "seal.void" => {
                if let Some(id) = object_id(e, "seal") {
                    self.set("seals", key(id), seq, &[("state", word("void"))]);
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
                    self.set("seal_grants", key(g), seq, &[("state", word(state))]);
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
            Some(v) => Want::of(v),
            None => self.fact("slots", &key(slot), "holder_person_id"),
        };
        self.set("slots", key(slot), e.seq, &[("state", word("used"))]);
        let [body, serial, ca] = identity(e);
        self.create(
            "certs",
            key(id),
            e.seq,
            &[
                body,
                serial,
                ca,
                ("status", word("active")),
                ("revoke_reason", Want::Null),
                ("locked", is(0)),
                ("wrong_pins", is(0)),
                ("slot_id", is(slot)),
                ("org_id", opt(e.org_id)),
                ("owner_person_id", opt(e.person_id)),
                ("holder_person_id", holder),
                ("bound_person_id", Want::Null),
                ("kind", detail_or_unknown(e, "kind")),
                ("pin_set_by", detail_or_unknown(e, "pin_set_by")),
                ("replaces_cert_id", Want::Null),
                ("revoked_at", Want::Null),
                ("frozen_at", Want::Null),
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
        let carried = |r: &mut Replay, f: &str| r.fact("certs", &key(old), f);
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
                    let mut fields = vec![("state", word("used"))];
                    for (f, v) in [("owner_person_id", &owner), ("holder_person_id", &holder)] {
                        match self.fact("slots", &key(s), f) {
                            Want::Null | Want::Unknown => fields.push((f, v.clone())),
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
            ("status", word("superseded")),
            ("bound_person_id", Want::Null),
        ];
        if !extend {
            old_fields.push(("revoke_reason", word("superseded")));
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
                    ("revoke_reason", word("superseded")),
                    ("revoked_at", detail_or_unknown(e, "revoked_at")),
                ],
            );
        }
        // An extension keeps the PIN (and who chose it); the operator sets a reissue's.
        let pin_set_by = match e.details.get("pin_set_by") {
            Some(v) => Want::of(v),
            None if extend => carried(self, "pin_set_by"),
            None => Want::Unknown,
        };
        let kind = match e.details.get("kind") {
            Some(v) => Want::of(v),
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
                ("status", word("active")),
                ("revoke_reason", Want::Null),
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
                ("revoked_at", Want::Null),
                ("frozen_at", Want::Null),
            ],
        );
        let assignments = self.index("seal_assignments");
        for k in self.rows.keys_where(assignments, None, Some(old)) {
            let row = self.rows.get(assignments, &k).cloned();
            self.rows.remove(assignments, &k);
            if let Some(row) = row
                && extend
            {
                self.rows
                    .insert(assignments, (k.0, new, String::new()), row);
            }
        }
    }

    /// A `ca.init` or `ca.set` event: where CA `id` publishes its CRL from now on.
    fn publish(&mut self, id: Id, e: &Event) {
        let p = self.publications.entry(id).or_default();
        p.apply(id, e);
        let dir = p.dir.as_deref().map_or(Want::Null, Want::text);
        let urls = match p.urls.is_empty() {
            true => Want::Null,
            false => Want::text(&p.urls.join(" ")),
        };
        self.set(
            "cas",
            key(id),
            e.seq,
            &[("crl_dir", dir), ("crl_urls", urls)],
        );
    }
}
