//! What `catool log verify` finds (D21), as data: a broken chain, a head that does not match,
//! a stored row the replayed history does not describe. Each finding has a stable code and a
//! catalogue message (i18n/*/pki.ftl); `verify` lists them in English in its JSON report
//! (`problems`, unchanged for scripts) and the refusal shows the first in the user's language
//! ([`super::authority_error::AuthorityError::HistoryAltered`]).
//!
//! A finding's message never nests another entry: it is itself nested in the refusal's line.
//! Row, field and event names are chosen inside the catalogue (`-row`, `-field`, `-event`).

use std::fmt;

use serde_json::Value;

use crate::i18n::{Catalogued, Described, Lang};
use crate::model::Id;
use crate::msg;

/// Why a registry that claims an unkeyed (v1) history must not be re-keyed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RekeyProblem {
    /// It was re-keyed at this event before.
    RekeyedBefore(Id),
    /// Its master key check value is the keyed (v2) one.
    KeyedCheckValue,
    /// Its check value is missing although it holds keys.
    CheckValueRemoved,
    /// `start_chain` did not re-key it (no reason on record).
    NotRekeyed,
}

impl RekeyProblem {
    fn tag(self) -> &'static str {
        match self {
            RekeyProblem::RekeyedBefore(_) => "rekeyed",
            RekeyProblem::KeyedCheckValue => "keyed-check",
            RekeyProblem::CheckValueRemoved => "check-removed",
            RekeyProblem::NotRekeyed => "not-rekeyed",
        }
    }

    /// Its message's arguments: `rekey` (which problem) and `rekey_seq`.
    pub(crate) fn args(self, d: Described) -> Described {
        let seq = match self {
            RekeyProblem::RekeyedBefore(s) => s,
            _ => 0,
        };
        d.arg("rekey", self.tag()).arg("rekey_seq", seq)
    }
}

/// A stored row, as `log verify` names it: its table and key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowRef {
    pub table: String,
    pub id: Id,
    /// The second key of a pair (seal assignments, memberships).
    pub other: Id,
    /// The key of a setting.
    pub key: String,
}

/// The event a fact comes from: a number and its action, or the registry's defaults (0).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventRef {
    pub seq: Id,
    pub action: Option<String>,
}

/// A value stored or expected, as a finding quotes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shown {
    /// No value (SQL NULL).
    None,
    /// A value as text (strings quoted: `'revoked'`).
    Text(String),
    /// A count the history only bounds: this, or 0.
    ZeroOr(i64),
}

impl Shown {
    /// A stored JSON value as shown: strings quoted, null as none.
    pub fn of(v: &Value) -> Shown {
        match v {
            Value::Null => Shown::None,
            Value::String(s) => Shown::Text(format!("'{s}'")),
            other => Shown::Text(other.to_string()),
        }
    }

    /// Its arguments: `kind` says which form (`none`, `text`, `zero-or`), `text` the value.
    fn args(&self, d: Described, kind: &'static str, text: &'static str) -> Described {
        let (form, value) = match self {
            Shown::None => ("none", String::new()),
            Shown::Text(t) => ("text", t.clone()),
            Shown::ZeroOr(n) => ("zero-or", n.to_string()),
        };
        d.arg(kind, form).arg(text, value)
    }
}

/// One thing `log verify` found.
#[derive(Debug, Clone, PartialEq)]
pub enum Finding {
    /// From opening the registry (its schema), quoted as the registry reports it.
    Schema {
        problem: String,
    },
    EventMissing {
        seq: Id,
    },
    EventsMissing {
        from: Id,
        to: Id,
    },
    EventUnlinked {
        seq: Id,
    },
    EventAltered {
        seq: Id,
        action: String,
        actor: String,
        at: String,
    },
    EventBadTime {
        seq: Id,
        at: String,
    },
    EventBackInTime {
        seq: Id,
        action: String,
        at: String,
        before: Id,
        before_at: String,
    },
    /// A column holds what catool never writes (its MAC, which covers the text, passed: only
    /// the master key's holder could have written it).
    EventUnreadable {
        seq: Id,
        value: String,
    },
    NewestMissing {
        from: Id,
        to: Id,
    },
    HistoryDeleted,
    AllEventsDeleted {
        named: String,
    },
    HeadMissing,
    HeadNamesMissing {
        from: Id,
        to: Id,
    },
    HeadMismatch {
        seq: Id,
    },
    /// The re-key event says the unkeyed history was already broken: `what` as it recorded.
    RekeyRecordedBroken {
        seq: Id,
        what: String,
    },
    PinnedDiffers {
        seq: Id,
    },
    PinnedMissing {
        seq: Id,
    },
    MasterKeyCheck {
        problem: RekeyProblem,
    },
    RowWithoutEvent {
        row: RowRef,
    },
    RowDeleted {
        row: RowRef,
        by: EventRef,
    },
    FieldDiffers {
        row: RowRef,
        field: String,
        found: Shown,
        want: Shown,
        by: EventRef,
    },
    SlotUnpaid {
        slot: Id,
        package: Id,
    },
    SlotCount {
        package: Id,
        kind: String,
        have: i64,
        want: i64,
        by: EventRef,
    },
    SlotDeleted {
        slot: Id,
    },
    /// A genuine event whose actor was not the administrator its action needs when it was
    /// written (the role or the row's enterprise changed outside catool for one command).
    ActorNotAdmin {
        seq: Id,
        action: String,
        actor: String,
        org: Id,
    },
    /// Not a problem: a fact the history cannot prove (set before events recorded it).
    NotProvable {
        row: RowRef,
        field: String,
    },
}

impl Finding {
    /// The event a finding names as the source of what the row should hold, if it names one.
    pub fn event_mut(&mut self) -> Option<&mut EventRef> {
        match self {
            Finding::RowDeleted { by, .. }
            | Finding::FieldDiffers { by, .. }
            | Finding::SlotCount { by, .. } => Some(by),
            _ => None,
        }
    }
}

fn d(code: &'static str, message: &'static str) -> Described {
    Described::new(crate::error::exit::CHECK_FAILED, code, message)
}

fn row(d: Described, r: &RowRef) -> Described {
    d.arg("table", r.table.as_str())
        .arg("row_id", r.id)
        .arg("row_other", r.other)
        .arg("row_key", r.key.as_str())
}

fn event(d: Described, e: &EventRef) -> Described {
    let kind = match (&e.action, e.seq) {
        (Some(_), _) => "action",
        (None, 0) => "default",
        (None, _) => "seq",
    };
    d.arg("event_kind", kind)
        .arg("event_seq", e.seq)
        .arg("event_action", e.action.clone().unwrap_or_default())
}

impl Catalogued for Finding {
    fn describe(&self) -> Described {
        use Finding as F;
        match self {
            F::Schema { problem } => {
                d("log.verify.schema", msg!("finding-schema")).arg("problem", problem)
            }
            F::EventMissing { seq } => {
                d("log.verify.event_missing", msg!("finding-event-missing")).arg("seq", *seq)
            }
            F::EventsMissing { from, to } => {
                d("log.verify.events_missing", msg!("finding-events-missing"))
                    .arg("from", *from)
                    .arg("to", *to)
            }
            F::EventUnlinked { seq } => {
                d("log.verify.event_unlinked", msg!("finding-event-unlinked")).arg("seq", *seq)
            }
            F::EventAltered {
                seq,
                action,
                actor,
                at,
            } => d("log.verify.event_altered", msg!("finding-event-altered"))
                .arg("seq", *seq)
                .arg("action", action)
                .arg("actor", actor)
                .arg("at", at),
            F::EventBadTime { seq, at } => {
                d("log.verify.event_bad_time", msg!("finding-event-bad-time"))
                    .arg("seq", *seq)
                    .arg("at", at)
            }
            F::EventBackInTime {
                seq,
                action,
                at,
                before,
                before_at,
            } => d("log.verify.back_in_time", msg!("finding-back-in-time"))
                .arg("seq", *seq)
                .arg("action", action)
                .arg("at", at)
                .arg("before", *before)
                .arg("before_at", before_at),
            F::EventUnreadable { seq, value } => d(
                "log.verify.event_unreadable",
                msg!("finding-event-unreadable"),
            )
            .arg("seq", *seq)
            .arg("value", value),
            F::NewestMissing { from, to } => {
                d("log.verify.newest_missing", msg!("finding-newest-missing"))
                    .arg("from", *from)
                    .arg("to", *to)
            }
            F::HistoryDeleted => d(
                "log.verify.history_deleted",
                msg!("finding-history-deleted"),
            ),
            F::AllEventsDeleted { named } => d(
                "log.verify.all_events_deleted",
                msg!("finding-all-events-deleted"),
            )
            .arg("named", named),
            F::HeadMissing => d("log.verify.head_missing", msg!("finding-head-missing")),
            F::HeadNamesMissing { from, to } => d(
                "log.verify.head_names_missing",
                msg!("finding-head-names-missing"),
            )
            .arg("from", *from)
            .arg("to", *to),
            F::HeadMismatch { seq } => {
                d("log.verify.head_mismatch", msg!("finding-head-mismatch")).arg("seq", *seq)
            }
            F::RekeyRecordedBroken { seq, what } => d(
                "log.verify.rekey_recorded_broken",
                msg!("finding-rekey-recorded-broken"),
            )
            .arg("seq", *seq)
            .arg("what", what),
            F::PinnedDiffers { seq } => {
                d("log.verify.pinned_differs", msg!("finding-pinned-differs")).arg("seq", *seq)
            }
            F::PinnedMissing { seq } => {
                d("log.verify.pinned_missing", msg!("finding-pinned-missing")).arg("seq", *seq)
            }
            F::MasterKeyCheck { problem } => problem.args(d(
                "log.verify.master_key_check",
                msg!("finding-master-key-check"),
            )),
            F::RowWithoutEvent { row: r } => row(
                d(
                    "log.verify.row_without_event",
                    msg!("finding-row-without-event"),
                ),
                r,
            ),
            F::RowDeleted { row: r, by } => event(
                row(d("log.verify.row_deleted", msg!("finding-row-deleted")), r),
                by,
            ),
            F::FieldDiffers {
                row: r,
                field,
                found,
                want,
                by,
            } => {
                let described = row(
                    d("log.verify.field_differs", msg!("finding-field-differs")),
                    r,
                )
                .arg("field", field);
                let described = found.args(described, "found_kind", "found");
                event(want.args(described, "want_kind", "want"), by)
            }
            F::SlotUnpaid { slot, package } => {
                d("log.verify.slot_unpaid", msg!("finding-slot-unpaid"))
                    .arg("slot", *slot)
                    .arg("package", *package)
            }
            F::SlotCount {
                package,
                kind,
                have,
                want,
                by,
            } => event(
                d("log.verify.slot_count", msg!("finding-slot-count"))
                    .arg("package", *package)
                    .arg("kind", kind)
                    .arg("have", *have)
                    .arg("want", *want),
                by,
            ),
            F::SlotDeleted { slot } => {
                d("log.verify.slot_deleted", msg!("finding-slot-deleted")).arg("slot", *slot)
            }
            F::ActorNotAdmin {
                seq,
                action,
                actor,
                org,
            } => d(
                "log.verify.actor_not_admin",
                msg!("finding-actor-not-admin"),
            )
            .arg("seq", *seq)
            .arg("action", action)
            .arg("actor", actor)
            .arg("org", *org),
            F::NotProvable { row: r, field } => row(
                d("log.verify.not_provable", msg!("finding-not-provable")),
                r,
            )
            .arg("field", field),
        }
    }
}

impl Finding {
    /// The finding in `lang`.
    pub fn message_in(&self, lang: Lang) -> String {
        self.describe().message_in(lang)
    }

    /// As the JSON report and the history record it: English, whatever the user reads.
    pub fn recorded(&self) -> String {
        self.message_in(Lang::En)
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message_in(crate::i18n::lang()))
    }
}
