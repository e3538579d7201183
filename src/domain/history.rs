//! History (D21, 办理记录/使用记录): every mutation appends an event, and the events form a hash
//! chain. Each event's hash covers its content and its predecessor's hash, so editing,
//! deleting or inserting a row with the sqlite3 shell breaks the chain at that row.
//!
//! What the chain cannot catch alone: someone who rewrites every hash after the edited row.
//! Keep `catool log verify --json`'s head hash somewhere else (a ticket, a backup) to pin it.

use serde::Serialize;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::{Actor, clock};
use crate::error::{Error, Result};
use crate::model::{Event, Id};
use crate::registry::{Registry, Tx, events};

const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// What a command wants recorded; `record` fills in time, actor, sequence and hashes.
#[derive(Debug, Clone)]
pub struct Draft {
    action: String,
    object: String,
    org_id: Option<Id>,
    person_id: Option<Id>,
    cert_id: Option<Id>,
    details: Value,
}

impl Draft {
    pub fn new(action: &str, object: impl Into<String>) -> Draft {
        Draft {
            action: action.to_string(),
            object: object.into(),
            org_id: None,
            person_id: None,
            cert_id: None,
            details: json!({}),
        }
    }
    pub fn org(mut self, id: Id) -> Self {
        self.org_id = Some(id);
        self
    }
    pub fn person(mut self, id: Id) -> Self {
        self.person_id = Some(id);
        self
    }
    pub fn cert(mut self, id: Id) -> Self {
        self.cert_id = Some(id);
        self
    }
    pub fn details(mut self, details: Value) -> Self {
        self.details = details;
        self
    }
}

/// Appends a successful event in the caller's transaction.
pub fn record(tx: &Tx, actor: &Actor, draft: Draft) -> Result<Event> {
    append(tx, actor, draft, "ok")
}

/// Appends a refused attempt (its own transaction: the attempt itself was rolled back).
pub fn record_refusal(tx: &Tx, actor: &Actor, draft: Draft) -> Result<Event> {
    append(tx, actor, draft, "refused")
}

fn append(tx: &Tx, actor: &Actor, draft: Draft, outcome: &str) -> Result<Event> {
    let (seq, prev) = events::head(tx)?;
    let mut event = Event {
        seq,
        at: clock::now_stamp()?,
        actor: actor.label(),
        action: draft.action,
        object: draft.object,
        // The actor is a person involved in the event too, unless the draft names one.
        person_id: draft.person_id.or(actor.person_id()),
        org_id: draft.org_id,
        cert_id: draft.cert_id,
        outcome: outcome.to_string(),
        details: draft.details,
        prev_hash: prev.unwrap_or_else(|| GENESIS.to_string()),
        hash: String::new(),
    };
    let raw = serde_json::to_string(&event.details)?;
    event.hash = event_hash(&event, &raw);
    events::insert(tx, &event)?;
    Ok(event)
}

/// SHA-256 over a JSON array of every stored column but the hash itself. `details_raw` is
/// the details text exactly as stored.
fn event_hash(e: &Event, details_raw: &str) -> String {
    let content = json!([
        e.seq,
        e.at,
        e.actor,
        e.action,
        e.object,
        e.org_id,
        e.person_id,
        e.cert_id,
        e.outcome,
        details_raw,
        e.prev_hash
    ]);
    let digest = Sha256::digest(content.to_string().as_bytes());
    crate::hex::encode(&digest)
}

pub fn list(reg: &mut Registry, filter: &events::Filter) -> Result<Vec<Event>> {
    reg.read(|tx| events::list(tx, filter))
}

/// Result of `catool log verify`.
#[derive(Debug, Serialize)]
pub struct Verification {
    pub events: u64,
    /// Hash of the newest event: pin it elsewhere to detect a rewritten tail.
    pub head_hash: String,
    /// The first problem found, if any.
    pub problem: Option<String>,
    /// Sequence number of the first altered or missing event.
    pub first_bad_seq: Option<Id>,
}

/// Walks the chain from the first event: each event must follow its predecessor's number,
/// link to its hash, and hash to what it stores; no event may be missing at the end.
pub fn verify(reg: &mut Registry) -> Result<Verification> {
    reg.read(|tx| {
        let mut expected_seq: Id = 1;
        let mut prev_hash = GENESIS.to_string();
        let mut count = 0u64;
        let mut problem: Option<(Id, String)> = None;
        events::for_each_raw(tx, |e, raw| {
            if problem.is_some() {
                return Ok(());
            }
            count += 1;
            if e.seq != expected_seq {
                let missing = if e.seq == expected_seq + 1 {
                    format!("event #{expected_seq} is missing")
                } else {
                    format!("events #{expected_seq}…#{} are missing", e.seq - 1)
                };
                problem = Some((expected_seq, format!("{missing} (deleted from the registry)")));
            } else if e.prev_hash != prev_hash {
                problem = Some((
                    e.seq,
                    format!(
                        "event #{} does not link to the event before it (an event was replaced or re-inserted)",
                        e.seq
                    ),
                ));
            } else if event_hash(&e, raw) != e.hash {
                problem = Some((
                    e.seq,
                    format!(
                        "event #{} was altered after it was written ({} by {} at {})",
                        e.seq, e.action, e.actor, e.at
                    ),
                ));
            }
            expected_seq = e.seq + 1;
            prev_hash = e.hash;
            Ok(())
        })?;
        if problem.is_none() {
            let high = events::high_water(tx)?;
            if high >= expected_seq {
                problem = Some((
                    expected_seq,
                    format!(
                        "events #{expected_seq}…#{high} are missing (the newest history was deleted)"
                    ),
                ));
            }
        }
        let (first_bad_seq, problem) = match problem {
            Some((seq, p)) => (Some(seq), Some(p)),
            None => (None, None),
        };
        Ok(Verification {
            events: count,
            head_hash: prev_hash,
            problem,
            first_bad_seq,
        })
    })
}

/// `verify` as an error for scripts: `Err(CheckFailed)` when the chain is broken.
pub fn ensure_intact(v: &Verification) -> Result<()> {
    match &v.problem {
        Some(p) => Err(Error::CheckFailed(format!(
            "history altered (历史记录被篡改): {p}"
        ))),
        None => Ok(()),
    }
}
