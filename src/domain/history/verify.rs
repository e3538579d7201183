//! `catool log verify`: the chain walked and checked, the events it passed replayed (reading,
//! checking and replaying on three threads) and the replayed state compared with the stored
//! tables; every finding in the order reported, with the first bad event and row.

use serde::Serialize;
use serde_json::Value;

use super::{
    ChainCheck, E, GENESIS, HEAD, REKEY, REKEY_OBJECT, REKEY_PENDING, Step, Walked, chain_key,
    event_mac_keyed, head_value, keyed_hmac, rekey_refusal,
};
use crate::domain::history_finding::{Finding, RekeyProblem};
use crate::domain::replay::Replay;
use crate::error::Result;
use crate::model::{Event, Id};
use crate::pki::vault::MasterKey;
use crate::registry::events::{StoredEvent, StoredRef};
use crate::registry::{Registry, Tx, audit, events, settings};

/// Result of `catool log verify`.
#[derive(Debug, Serialize)]
pub struct Verification {
    pub events: u64,
    /// The newest event as `SEQ:HASH`: pin it elsewhere and give it back with `--head` to
    /// detect an older copy of the registry or a history rewritten by the master key's holder.
    pub head: String,
    /// Hash (MAC) of the newest event.
    pub head_hash: String,
    /// The first event written under the master key: 1, or the re-key event of a registry
    /// that began before history was keyed (the events before it were checked unkeyed, once).
    pub keyed_since: Option<Id>,
    /// The first problem found, if any.
    pub problem: Option<String>,
    /// Every problem found: schema, chain, then state (capped at 100), in English.
    pub problems: Vec<String>,
    /// The same, as data (the CLI words them in the chosen language).
    #[serde(skip)]
    pub findings: Vec<Finding>,
    /// Sequence number of the first altered or missing event.
    pub first_bad_seq: Option<Id>,
    /// The first stored row that differs from the replayed history (`certs:3`).
    pub first_bad_row: Option<String>,
    /// Whether the stored state was compared with the replay (not when the chain is broken:
    /// a broken chain says nothing reliable about the state).
    pub state_compared: bool,
    /// Facts the replay cannot prove: set by events written before they were recorded.
    pub not_provable: Vec<String>,
    /// Rows the replay wrote to its temporary file to stay in bounded memory (0: none).
    #[serde(skip)]
    pub rows_spilled: u64,
}

const MAX_PROBLEMS: usize = crate::domain::replay::KEPT;

/// Events handed to the replay thread at a time, and batches waiting at most: the memory of
/// a few thousand events, whatever the history's length.
const REPLAY_BATCH: usize = 512;
const REPLAY_QUEUE: usize = 8;

/// The replay's side of `verify`'s walk: every event the walk passed, in order, its details
/// already read (by the checker, which has the spare time); and the first re-key event (what
/// it recorded of the unkeyed chain).
fn replay_all(
    mut replay: Replay,
    batches: std::sync::mpsc::Receiver<Vec<Event>>,
) -> (Replay, Option<Event>) {
    let mut rekey_record = None;
    for batch in batches {
        for e in batch {
            if e.action == REKEY && rekey_record.is_none() {
                rekey_record = Some(e.clone());
            }
            replay.apply(&e);
        }
    }
    (replay, rekey_record)
}

/// Checks everything the history can prove: the schema (`schema_problems`, from opening the
/// registry), the keyed chain, the head, time order, the re-key record, a `pinned` head
/// (`SEQ:HASH`) if given, and the stored state against the replayed events.
pub fn verify(
    reg: &mut Registry,
    master: &MasterKey,
    schema_problems: &[String],
    pinned: Option<&str>,
) -> Result<Verification> {
    verify_bounded(
        reg,
        master,
        schema_problems,
        pinned,
        crate::domain::replay::ROWS_IN_MEMORY,
    )
}

/// [`verify`] with the replay holding at most `rows_in_memory` rows in memory (the others in
/// a temporary file, removed when it ends): a test makes it small so that most rows go
/// through the file.
pub fn verify_bounded(
    reg: &mut Registry,
    master: &MasterKey,
    schema_problems: &[String],
    pinned: Option<&str>,
    rows_in_memory: usize,
) -> Result<Verification> {
    let key = chain_key(master);
    let defaults = crate::registry::default_settings()?;
    reg.read(|tx| {
        let mut problems: Vec<Finding> = schema_problems
            .iter()
            .map(|p| Finding::Schema { problem: p.clone() })
            .collect();
        let mut first_bad_seq = None;
        let mut first_bad_row = None;
        let mut not_provable = Vec::new();
        let mut state_compared = false;
        let mut v = Verification {
            events: 0,
            head: String::new(),
            head_hash: GENESIS.to_string(),
            keyed_since: None,
            problem: None,
            problems: Vec::new(),
            findings: Vec::new(),
            first_bad_seq: None,
            first_bad_row: None,
            state_compared: false,
            not_provable: Vec::new(),
            rows_spilled: 0,
        };
        if settings::get(tx, REKEY_PENDING)?.is_some() {
            // `start_chain` refused to re-key: the chain is still unkeyed, nothing to walk.
            let problem = rekey_refusal(tx, master)?.unwrap_or(RekeyProblem::NotRekeyed);
            problems.push(Finding::MasterKeyCheck { problem });
            return Ok(finish(v, problems, None, None, Vec::new(), false));
        }
        let rekey_seq = events::first_with_action(tx, REKEY_OBJECT, REKEY)?;
        let replay =
            Replay::bounded(rekey_seq.unwrap_or(1), rows_in_memory).with_defaults(defaults);
        let keyed = keyed_hmac(&key);
        let (walked, replayed) = walk_and_replay(tx, &keyed, replay);
        let Walked {
            count,
            last,
            broken,
        } = walked?;
        let (mut replay, rekey_record) = replayed;
        v.events = count;
        if let Some((seq, hash)) = &last {
            v.head = format!("{seq}:{hash}");
            v.head_hash = hash.clone();
            v.keyed_since = Some(rekey_seq.unwrap_or(1));
        }
        let mut chain_ok = broken.is_none();
        if let Some(b) = broken {
            first_bad_seq = Some(b.seq);
            problems.push(b.what);
        }
        // The head pins the newest event: deleting the newest events (even with
        // sqlite_sequence rewound) or all of them leaves it naming a missing event.
        if chain_ok {
            let stored = settings::get(tx, HEAD)?;
            match (&last, stored) {
                (None, None) => {
                    if audit::holds_data(tx)? {
                        chain_ok = false;
                        first_bad_seq = Some(1);
                        problems.push(Finding::HistoryDeleted);
                    }
                }
                (None, Some(h)) => {
                    chain_ok = false;
                    first_bad_seq = Some(1);
                    problems.push(Finding::AllEventsDeleted {
                        named: h.split(':').next().unwrap_or("?").to_string(),
                    });
                }
                (Some((seq, _)), None) => {
                    chain_ok = false;
                    first_bad_seq = Some(*seq);
                    problems.push(Finding::HeadMissing);
                }
                (Some((seq, hash)), Some(h)) => {
                    let named: Option<Id> = h.split(':').next().and_then(|s| s.parse().ok());
                    match named {
                        Some(n) if n > *seq => {
                            chain_ok = false;
                            first_bad_seq = Some(seq + 1);
                            problems.push(Finding::HeadNamesMissing {
                                from: seq + 1,
                                to: n,
                            });
                        }
                        _ if h != head_value(&key, *seq, hash) => {
                            chain_ok = false;
                            first_bad_seq = Some(*seq);
                            problems.push(Finding::HeadMismatch { seq: *seq });
                        }
                        _ => {}
                    }
                }
            }
        }
        if let Some(r) = &rekey_record
            && r.details.get("unkeyed_chain").and_then(Value::as_str) != Some("intact")
        {
            let what = r
                .details
                .get("unkeyed_chain")
                .and_then(Value::as_str)
                .unwrap_or("not recorded");
            if first_bad_seq.is_none() {
                first_bad_seq = r.details.get("first_bad_seq").and_then(Value::as_i64);
            }
            problems.push(Finding::RekeyRecordedBroken {
                seq: r.seq,
                what: what.to_string(),
            });
        }
        if let Some(pin) = pinned
            && let Some(p) = pinned_problem(tx, pin)?
        {
            problems.push(p);
        }
        if chain_ok {
            state_compared = true;
            let (diffs, unknown) =
                replay.compare(&mut |table, visit| audit::for_each_row(tx, table, visit))?;
            not_provable = unknown;
            v.rows_spilled = replay.rows_spilled();
            if let Some(d) = diffs.first() {
                first_bad_row = Some(d.row.clone());
            }
            for f in replay.not_admin().iter().take(MAX_PROBLEMS) {
                if let Finding::ActorNotAdmin { seq, .. } = f {
                    first_bad_seq = Some(first_bad_seq.map_or(*seq, |s: Id| s.min(*seq)));
                }
                problems.push(f.clone());
            }
            for d in diffs.into_iter().take(MAX_PROBLEMS) {
                let mut finding = d.finding;
                if let Some(by) = finding.event_mut()
                    && by.seq > 0
                {
                    by.action = events::action_of(tx, by.seq)?;
                }
                problems.push(finding);
            }
        }
        Ok(finish(
            v,
            problems,
            first_bad_seq,
            first_bad_row,
            not_provable,
            state_compared,
        ))
    })
}

/// The walk and the replay, on three threads: this one reads the rows (SQLite), a second
/// checks them in order ([`ChainCheck`]: numbering, links, MACs, time) and parses the details
/// of those that passed, a third replays them (building the state). They share nothing but
/// the events, handed on in batches; on two cores the three keep both busy, where one
/// reading and checking thread was the slower half (issue 17: `log verify` of a million
/// events). A break stops the checker, which stops the reader.
fn walk_and_replay(
    tx: &Tx,
    keyed: &hmac::Hmac<sha2::Sha256>,
    replay: Replay,
) -> (Result<Walked>, (Replay, Option<Event>)) {
    std::thread::scope(|scope| {
        let (to_replay, for_replay) = std::sync::mpsc::sync_channel::<Vec<Event>>(REPLAY_QUEUE);
        let replaying = scope.spawn(move || replay_all(replay, for_replay));
        let (to_check, for_check) = std::sync::mpsc::sync_channel::<Vec<StoredEvent>>(REPLAY_QUEUE);
        let checking = scope.spawn(move || {
            let mut check = ChainCheck::default();
            let hash = |e: &StoredRef, buf: &mut Vec<u8>| event_mac_keyed(keyed, e, buf);
            let mut batch = Vec::with_capacity(REPLAY_BATCH);
            'events: for rows in for_check {
                for row in rows {
                    let s = row.borrowed();
                    let (at, outcome) = match check.step(&s, &hash) {
                        Step::Passed { at, outcome } => (at, outcome),
                        Step::Broken => break 'events,
                    };
                    if !(s.action == REKEY || Replay::wants(&s)) {
                        continue;
                    }
                    let mut e = row.into_replayed(at, outcome);
                    events::parse_details(&mut e);
                    batch.push(e);
                    if batch.len() == REPLAY_BATCH {
                        let full = std::mem::replace(&mut batch, Vec::with_capacity(REPLAY_BATCH));
                        // Refused only when the replay thread is gone (it panicked): `join`
                        // below says so.
                        let _ = to_replay.send(full);
                    }
                }
            }
            if !batch.is_empty() {
                let _ = to_replay.send(batch);
            }
            check
        });
        let mut rows = Vec::with_capacity(REPLAY_BATCH);
        let read = events::for_each_borrowed(tx, |s| {
            rows.push(s.owned());
            if rows.len() < REPLAY_BATCH {
                return Ok(true);
            }
            let full = std::mem::replace(&mut rows, Vec::with_capacity(REPLAY_BATCH));
            // Refused once the checker stopped (at a break, or it panicked): no more to read.
            Ok(to_check.send(full).is_ok())
        });
        if !rows.is_empty() {
            let _ = to_check.send(rows);
        }
        drop(to_check);
        let check = checking
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        let replayed = replaying
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        // The rows the reader could read went to the checker, even when a later one could not
        // be read: a break among them is before that row, and is what the walk reports (as
        // when one thread read and checked, and stopped at the break).
        let walked = match read {
            Err(_) if check.broken.is_some() => check.finish(tx),
            read => read.and_then(|()| check.finish(tx)),
        };
        (walked, replayed)
    })
}

fn finish(
    mut v: Verification,
    mut problems: Vec<Finding>,
    first_bad_seq: Option<Id>,
    first_bad_row: Option<String>,
    not_provable: Vec<String>,
    state_compared: bool,
) -> Verification {
    problems.truncate(MAX_PROBLEMS);
    v.problems = problems.iter().map(Finding::recorded).collect();
    v.problem = v.problems.first().cloned();
    v.findings = problems;
    v.first_bad_seq = first_bad_seq;
    v.first_bad_row = first_bad_row;
    v.not_provable = not_provable;
    v.state_compared = state_compared;
    v
}

/// A head pinned earlier (`SEQ:HASH`) must still be in the chain with the same hash.
fn pinned_problem(tx: &Tx, pin: &str) -> Result<Option<Finding>> {
    let parsed = pin
        .split_once(':')
        .and_then(|(s, h)| Some((s.parse::<Id>().ok()?, h)));
    let Some((seq, hash)) = parsed else {
        return Err(E::HeadInvalid {
            head: pin.to_string(),
        }
        .into());
    };
    Ok(match events::hash_of(tx, seq)? {
        Some(h) if h == hash => None,
        Some(_) => Some(Finding::PinnedDiffers { seq }),
        None => Some(Finding::PinnedMissing { seq }),
    })
}

/// `verify` as an error for scripts: `Err` (exit 1) when anything was found, naming the
/// first finding and how many there are (the CLI lists the next ones, `--json` all).
pub fn ensure_intact(v: &Verification) -> Result<()> {
    match v.findings.first() {
        None => Ok(()),
        Some(first) => Err(E::HistoryAltered {
            first: first.clone(),
            total: crate::pki::error::num(v.findings.len()),
        }
        .into()),
    }
}
