//! History (D21, 办理记录/使用记录): every mutation appends an event, and the events form a
//! chain keyed under the registry's master key. Each event stores an HMAC-SHA-256, under a key
//! derived from the master key, of its content and its predecessor's MAC; the newest event is
//! pinned by a separate MAC (the head) in the settings. So without the master key file nobody
//! can edit, insert, re-hash, delete the newest or delete all events unnoticed.
//!
//! `verify` checks the chain, that time never goes back, and then replays the events
//! (`replay`) and compares what they describe with the stored certificates (their bodies by
//! fingerprint, serials and CAs too), slots, packages, seals, grants, memberships, CAs and
//! TSAs (their certificates and CRL publication) and settings. Commands that decide trust
//! check the few rows they use against their events as they go (`anchor`).
//!
//! What it cannot catch: someone holding the registry *and* the master key rewrites
//! everything consistently; and a whole older copy of the registry (events, state and head
//! together) is consistent in itself — pin the head that `catool log verify` prints
//! elsewhere and give it back with `--head` to catch that.

use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use super::authority_error::AuthorityError as E;
use super::history_finding::{Finding, RekeyProblem};
use super::page::{Page, Paged};
use super::{Actor, clock};
use crate::error::{Error, Result};
use crate::model::Stamp;
use crate::model::vocab::EventOutcome;
use crate::model::{Event, Id};
use crate::pki::vault::MasterKey;
use crate::registry::events::{StoredEvent, StoredRef};
use crate::registry::{ChainKey, Registry, Tx, audit, events, settings};

const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Settings the chain keeps: the MAC of the newest event, and the mark a v1 registry gets
/// until it is re-keyed (migration 0003).
const HEAD: &str = "history.head";
pub(crate) const REKEY_PENDING: &str = "history.rekey_pending";

/// The action recording the one-time re-key of a v1 history, and its object.
const REKEY: &str = "history.rekey";
const REKEY_OBJECT: &str = "history";

/// Labels: one key for the chain, derived from the master key (never the master key itself);
/// distinct MAC inputs for events and for the head, so one can never stand for the other.
const KEY_LABEL: &[u8] = b"catool history chain key v1";
const EVENT_LABEL: &[u8] = b"catool history event v2\0";
const HEAD_LABEL: &[u8] = b"catool history head v2\0";

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
    /// The enterprise the event is about; `None` (a certificate of no enterprise) is stored
    /// as NULL. Events written before 2026-12 stored 0 there: see [`StoredEvent::event`].
    pub fn org(mut self, id: impl Into<Option<Id>>) -> Self {
        self.org_id = id.into();
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

/// The chain key of `master`.
fn chain_key(master: &MasterKey) -> Zeroizing<[u8; 32]> {
    master.derive(KEY_LABEL)
}

/// Makes `reg` ready to record history: re-keys a v1 history once (recorded as an event),
/// then hands the chain key to its transactions. On error the registry stays readable, and
/// writing history fails with that error.
pub fn start_chain(reg: &mut Registry, master: &MasterKey) -> Result<()> {
    let pending = reg.read(|tx| settings::get(tx, REKEY_PENDING))?;
    start_chain_knowing(reg, master, pending.is_some())
}

/// [`start_chain`] for a caller that has just read whether the re-key is pending (the
/// master key's check does): once pending is seen false it stays false (only the re-key
/// clears it), and a stale `true` is harmless, as `rekey` looks again in its transaction.
pub fn start_chain_knowing(
    reg: &mut Registry,
    master: &MasterKey,
    rekey_pending: bool,
) -> Result<()> {
    let key = chain_key(master);
    if rekey_pending {
        reg.set_chain_key(ChainKey::Loaded(key.clone()));
        if let Err(e) = reg.write(|tx| rekey(tx, master)) {
            reg.set_chain_key(ChainKey::Unavailable(e.clone()));
            return Err(e);
        }
    }
    reg.set_chain_key(ChainKey::Loaded(key));
    Ok(())
}

/// Appends a successful event in the caller's transaction. Nothing succeeds for a person
/// whose `--as` is not proven: the caller's transaction rolls back and the refusal is
/// recorded instead.
pub fn record(tx: &Tx, actor: &Actor, draft: Draft) -> Result<Event> {
    if let Some(p) = actor.unproven() {
        return Err(unproven_error(&p.name));
    }
    append(tx, actor, draft, EventOutcome::Ok)
}

/// Appends the outcome of a PIN attempt (the lockout's bookkeeping, D11), which is recorded
/// whoever tried, proven or not.
pub(crate) fn record_pin_attempt(tx: &Tx, actor: &Actor, draft: Draft) -> Result<Event> {
    append(tx, actor, draft, EventOutcome::Ok)
}

/// Appends a refused attempt (its own transaction: the attempt itself was rolled back).
pub fn record_refusal(tx: &Tx, actor: &Actor, draft: Draft) -> Result<Event> {
    append(tx, actor, draft, EventOutcome::Refused)
}

fn key_of<'a>(tx: &'a Tx) -> Result<&'a [u8; 32]> {
    match tx.chain_key() {
        ChainKey::Loaded(k) => Ok(k),
        ChainKey::Unavailable(e) => Err(e.clone()),
        ChainKey::NotLoaded => Err(E::HistoryKeyNotLoaded.into()),
    }
}

fn append(tx: &Tx, actor: &Actor, draft: Draft, outcome: EventOutcome) -> Result<Event> {
    let key = key_of(tx)?;
    let mut details = draft.details;
    // How the actor was authenticated (operator / certificate:N), with every event.
    match &mut details {
        Value::Object(map) => {
            map.insert("auth".into(), Value::String(actor.auth_label()));
        }
        other => {
            *other = json!({ "value": other.take(), "auth": actor.auth_label() });
        }
    }
    let (seq, prev) = events::head(tx)?;
    let machine = crate::machine::current();
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
        outcome,
        details,
        prev_hash: prev.unwrap_or_else(|| GENESIS.to_string()),
        hash: String::new(),
        // Which desk and OS account, besides the actor (issue 18): under the MAC.
        host: Some(machine.host.clone()),
        os_user: Some(machine.os_user.clone()),
    };
    let mut stored = StoredEvent::of(&event)?;
    stored.hash = event_mac(key, &stored.borrowed());
    events::insert(tx, &stored)?;
    event.hash = stored.hash;
    settings::set(tx, HEAD, &head_value(key, seq, &event.hash))?;
    Ok(event)
}

/// Whether `e` (as stored) was written by catool under this registry's master key: its MAC
/// verifies. One event, without walking the chain: enough to
/// believe what it says of the row it made (nobody without the key can write such an event,
/// and its sequence number, action and object are under the MAC). Errors when the chain key
/// is not loaded (no master key).
/// The event that re-keyed a schema v1 history (events before it did not record every
/// wrong-PIN reset), if it was one.
pub(crate) fn rekeyed_at(tx: &Tx) -> Result<Option<Id>> {
    events::first_with_action(tx, REKEY_OBJECT, REKEY)
}

pub(crate) fn authentic(tx: &Tx, e: &StoredEvent) -> Result<bool> {
    Ok(event_mac(key_of(tx)?, &e.borrowed()) == e.hash)
}

/// Whether the keyed head names event `seq` with MAC `hash` as the newest: no event after
/// it was deleted (see [`head_value`]). Errors when the chain key is not loaded.
pub(crate) fn is_head(tx: &Tx, seq: Id, hash: &str) -> Result<bool> {
    Ok(settings::get(tx, HEAD)?.as_deref() == Some(head_value(key_of(tx)?, seq, hash).as_str()))
}

/// The first thing wrong with the whole keyed history, if anything: an event missing,
/// unlinked or altered (its MAC), the newest ones deleted (the high-water mark, the keyed
/// head); not an event dated before the one before (red team 7, round 3: a clock stepped
/// back refused every later CRL; `log verify` still reports it). What `log verify` walks, without the replay: for a decision that
/// reads events through an index (which a deleted event, or one whose action was changed,
/// simply leaves) and must not be made on a history that lost one (red team 7: `crl` built
/// from every certificate). One pass over the events (about 1.5 s at a million).
pub(crate) fn first_break(tx: &Tx) -> Result<Option<Finding>> {
    let keyed = keyed_hmac(key_of(tx)?);
    let hash = |e: &StoredRef, buf: &mut Vec<u8>| event_mac_keyed(&keyed, e, buf);
    let check = ChainCheck {
        time_order: false,
        ..ChainCheck::default()
    };
    let walked = walk(tx, check, &hash)?;
    if let Some(b) = walked.broken {
        return Ok(Some(b.what));
    }
    Ok(match walked.last {
        Some((seq, hash)) if !is_head(tx, seq, &hash)? => Some(Finding::HeadMismatch { seq }),
        _ => None,
    })
}

/// [`authentic`] for many events at once, on every core: which of `events` catool wrote
/// under this registry's master key (a CRL checks one per entry, 40,000 at scale).
pub(crate) fn authentic_all(tx: &Tx, events: &[&StoredEvent]) -> Result<Vec<bool>> {
    let key = key_of(tx)?;
    let check = |part: &[&StoredEvent]| -> Vec<bool> {
        let mut buf = Vec::new();
        part.iter()
            .map(|e| crate::hex::encodes(&e.hash, &event_mac_in(key, &e.borrowed(), &mut buf)))
            .collect()
    };
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    if cores < 2 || events.len() < 256 {
        return Ok(check(events));
    }
    let part = events.len().div_ceil(cores);
    Ok(std::thread::scope(|s| {
        let running: Vec<_> = events
            .chunks(part)
            .map(|chunk| s.spawn(move || check(chunk)))
            .collect();
        running
            .into_iter()
            .flat_map(|t| t.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect()
    }))
}

/// The refusal of an action by a person whose `--as` was not proven with a certificate's PIN.
pub fn unproven_error(name: &str) -> Error {
    E::Unproven {
        person: name.to_string(),
    }
    .into()
}

/// Every stored column but the hash, exactly as stored, as a JSON array (compact, as
/// `json!([...]).to_string()` writes it; serialised straight from the columns).
///
/// The machine and OS account (schema 15) are appended only when the event has them: events
/// written before they were recorded have NULL in both and keep the eleven-column form their
/// MAC was computed over. An event that has either has both in its content, so setting them
/// on an old event, changing them, or clearing them on a new one changes what is MAC'd.
fn content_into(e: &StoredRef, out: &mut Vec<u8>) {
    use crate::json_text::{push_int, push_opt_int, push_opt_str, push_str};
    // Byte for byte what `serde_json::to_writer` writes for the tuple of the eleven columns
    // (`[seq,"at",…,"prev_hash"]`), or of thirteen with the machine and account: what every
    // stored MAC was computed over (`json_text` says why it is not serde_json itself).
    out.clear();
    out.push(b'[');
    push_int(out, e.seq);
    for text in [e.at, e.actor, e.action, e.object] {
        out.push(b',');
        push_str(out, text);
    }
    for id in [e.org_id, e.person_id, e.cert_id] {
        out.push(b',');
        push_opt_int(out, id);
    }
    for text in [e.outcome, e.details, e.prev_hash] {
        out.push(b',');
        push_str(out, text);
    }
    if e.host.is_some() || e.os_user.is_some() {
        for extra in [e.host, e.os_user] {
            out.push(b',');
            push_opt_str(out, extra);
        }
    }
    out.push(b']');
}

fn mac_bytes(key: &[u8; 32], parts: &[&[u8]]) -> [u8; 32] {
    use hmac::{KeyInit, Mac};
    let mut m = <hmac::Hmac<Sha256> as KeyInit>::new_from_slice(key)
        .unwrap_or_else(|_| unreachable!("HMAC accepts any key length"));
    for p in parts {
        m.update(p);
    }
    m.finalize().into_bytes().into()
}

fn mac(key: &[u8; 32], parts: &[&[u8]]) -> String {
    crate::hex::encode(&mac_bytes(key, parts))
}

/// Label of [`keyed_digest`]'s MAC input (distinct from events' and the head's).
const DIGEST_LABEL: &[u8] = b"catool keyed digest v1\0";

/// A keyed digest of `value` (as `field`) for an event to record instead of the value
/// itself: a later command with the master key can tell whether a row still holds that value;
/// nobody without it learns the value (an 18-character resident ID number is a few billion
/// guesses, so a plain hash would hide nothing), and the append-only history, which `log`
/// shows and exports, never holds it in clear.
pub(crate) fn keyed_digest(tx: &Tx, field: &str, value: &str) -> Result<String> {
    let key = key_of(tx)?;
    Ok(mac(
        key,
        &[DIGEST_LABEL, field.as_bytes(), b"\0", value.as_bytes()],
    ))
}

/// An event's MAC under the chain key.
fn event_mac(key: &[u8; 32], e: &StoredRef) -> String {
    crate::hex::encode(&event_mac_in(key, e, &mut Vec::new()))
}

/// [`event_mac`] as bytes, its content written in `buf` (a walk reuses one).
fn event_mac_in(key: &[u8; 32], e: &StoredRef, buf: &mut Vec<u8>) -> [u8; 32] {
    content_into(e, buf);
    mac_bytes(key, &[EVENT_LABEL, buf])
}

/// The chain key's HMAC with its key already absorbed (the inner and outer pads): a walk
/// clones it for each event rather than deriving the pads a million times.
fn keyed_hmac(key: &[u8; 32]) -> hmac::Hmac<Sha256> {
    use hmac::KeyInit;
    <hmac::Hmac<Sha256> as KeyInit>::new_from_slice(key)
        .unwrap_or_else(|_| unreachable!("HMAC accepts any key length"))
}

/// [`event_mac_in`] from a [`keyed_hmac`]: the same MAC.
fn event_mac_keyed(keyed: &hmac::Hmac<Sha256>, e: &StoredRef, buf: &mut Vec<u8>) -> [u8; 32] {
    use hmac::Mac;
    content_into(e, buf);
    let mut m = keyed.clone();
    m.update(EVENT_LABEL);
    m.update(buf);
    m.finalize().into_bytes().into()
}

/// The head: the newest event's number and MAC, MAC'd again under a label of its own, so
/// deleting the newest events and rewinding `sqlite_sequence` leaves a head that names an
/// event no longer there — and only the master key's holder could write another.
fn head_value(key: &[u8; 32], seq: Id, event_hash: &str) -> String {
    let m = mac(
        key,
        &[
            HEAD_LABEL,
            seq.to_string().as_bytes(),
            b":",
            event_hash.as_bytes(),
        ],
    );
    format!("{seq}:{m}")
}

/// The hash catool wrote before the chain was keyed (schema v1): plain SHA-256, which anyone
/// can recompute. Used once, to check a v1 history before re-keying it.
fn unkeyed_hash(e: &StoredRef, buf: &mut Vec<u8>) -> [u8; 32] {
    content_into(e, buf);
    Sha256::digest(buf).into()
}

/// What `catool log` is asked for, as the user named it.
#[derive(Debug, Default)]
pub struct LogQuery<'a> {
    /// An enterprise: id, USCC or exact name.
    pub org: Option<&'a str>,
    /// A person (id, ID number or exact name): events about or by them, and every event about
    /// a certificate they own, hold or have bound (issue, bind, reissue, revoke, signing …).
    pub person: Option<&'a str>,
    /// A certificate: its events and those of its whole line of replacements (the
    /// certificates it replaced and that replaced it, D8/D9).
    pub cert: Option<Id>,
    pub action: Option<String>,
    /// Lower bound (inclusive).
    pub since: Option<Stamp>,
    /// Upper bound (exclusive).
    pub until: Option<Stamp>,
}

/// One page of the events `q` selects, oldest first.
pub fn query(reg: &mut Registry, q: &LogQuery, page: Page) -> Result<Paged<Event>> {
    use crate::registry::{certs, orgs, persons};
    reg.read(|tx| {
        let org_id = q
            .org
            .map(|r| orgs::resolve(tx, r))
            .transpose()?
            .map(|o| o.id);
        let person_id = q
            .person
            .map(|r| persons::resolve(tx, r))
            .transpose()?
            .map(|p| p.id);
        let person_certs = match person_id {
            Some(p) => certs::ids_of_person(tx, p)?,
            None => Vec::new(),
        };
        let chain = match q.cert {
            Some(id) => {
                certs::require(tx, id)?;
                Some(certs::chain_ids(tx, id)?)
            }
            None => None,
        };
        let filter = events::Filter {
            org_id,
            person_id,
            person_certs,
            certs: chain,
            action: q.action.clone(),
            since: q.since,
            until: q.until,
        };
        // One row past the page says whether more follow.
        let mut rows = events::list(tx, &filter, page.limit.map(|l| l + 1), page.offset)?;
        let more = page.limit.is_some_and(|l| rows.len() > l);
        if let Some(l) = page.limit {
            rows.truncate(l);
        }
        Ok(Paged { rows, page, more })
    })
}

// ---- walking the chain ------------------------------------------------------------------------

/// The first problem of a chain walk, with the event it is at.
struct Break {
    seq: Id,
    what: Finding,
}

/// What a chain walk found: how many events, the newest (number and hash), the first break.
struct Walked {
    count: u64,
    last: Option<(Id, String)>,
    broken: Option<Break>,
}

/// Walks every event in order with `hash` as the hash function and `check`'s rules, then the
/// high-water mark; each event is checked as stored, never copied or parsed (`log verify`,
/// which also replays them, reads and checks them on threads of its own).
fn walk(
    tx: &Tx,
    mut check: ChainCheck,
    hash: &dyn Fn(&StoredRef, &mut Vec<u8>) -> [u8; 32],
) -> Result<Walked> {
    events::for_each_borrowed(tx, |s| {
        Ok(matches!(check.step(s, hash), Step::Passed { .. }))
    })?;
    check.finish(tx)
}

/// What [`ChainCheck::step`] found of an event.
enum Step {
    /// It passed: its time and outcome, read.
    Passed { at: Stamp, outcome: EventOutcome },
    /// The first problem is here (or before it): the walk stops.
    Broken,
}

/// A walk's checks, an event at a time in order: numbering, links, hashes, time order and
/// readable columns; the first problem stops it. Apart from reading the rows, so that `log
/// verify` can read them on one thread and check them on another.
struct ChainCheck {
    expected_seq: Id,
    prev_hash: String,
    prev_at: Option<(Id, Stamp)>,
    count: u64,
    last_seq: Option<Id>,
    broken: Option<Break>,
    buf: Vec<u8>,
    /// Whether an event dated before the one before breaks the walk: `log verify` reports
    /// it; [`first_break`] does not refuse on it (a clock stepped back on an honest desk
    /// dates an event so, and its MAC still holds).
    time_order: bool,
}

impl Default for ChainCheck {
    fn default() -> Self {
        ChainCheck {
            expected_seq: 1,
            prev_hash: GENESIS.to_string(),
            prev_at: None,
            count: 0,
            last_seq: None,
            broken: None,
            buf: Vec::new(),
            time_order: true,
        }
    }
}

impl ChainCheck {
    /// Checks the next event `s` (in order) with `hash` as the hash function.
    fn step(&mut self, s: &StoredRef, hash: &dyn Fn(&StoredRef, &mut Vec<u8>) -> [u8; 32]) -> Step {
        self.count += 1;
        let at = Stamp::parse(s.at);
        let problem = if s.seq != self.expected_seq {
            let missing = if s.seq == self.expected_seq + 1 {
                Finding::EventMissing {
                    seq: self.expected_seq,
                }
            } else {
                Finding::EventsMissing {
                    from: self.expected_seq,
                    to: s.seq - 1,
                }
            };
            Some((self.expected_seq, missing))
        } else if s.prev_hash != self.prev_hash {
            Some((s.seq, Finding::EventUnlinked { seq: s.seq }))
        } else if !crate::hex::encodes(s.hash, &hash(s, &mut self.buf)) {
            Some((
                s.seq,
                Finding::EventAltered {
                    seq: s.seq,
                    action: s.action.to_string(),
                    actor: s.actor.to_string(),
                    at: s.at.to_string(),
                },
            ))
        } else if at.is_none() {
            Some((
                s.seq,
                Finding::EventBadTime {
                    seq: s.seq,
                    at: s.at.to_string(),
                },
            ))
        } else if !self.time_order {
            None
        } else {
            match (&self.prev_at, at) {
                (Some((p, before)), Some(t)) if t < *before => Some((
                    s.seq,
                    Finding::EventBackInTime {
                        seq: s.seq,
                        action: s.action.to_string(),
                        at: s.at.to_string(),
                        before: *p,
                        before_at: before.text(),
                    },
                )),
                _ => None,
            }
        };
        // Typed only once the stored text passed: the MAC covers the text, not its reading.
        let (at, outcome) = match (problem, at) {
            (Some((seq, what)), _) => {
                self.broken = Some(Break { seq, what });
                return Step::Broken;
            }
            (None, Some(at)) => match EventOutcome::parse(s.outcome) {
                Some(outcome) => (at, outcome),
                None => {
                    self.unreadable(s.seq, s.outcome.to_string());
                    return Step::Broken;
                }
            },
            (None, None) => {
                self.unreadable(s.seq, s.at.to_string());
                return Step::Broken;
            }
        };
        self.expected_seq = s.seq + 1;
        self.prev_at = Some((s.seq, at));
        self.last_seq = Some(s.seq);
        self.prev_hash.clear();
        self.prev_hash.push_str(s.hash);
        Step::Passed { at, outcome }
    }

    /// Stops the walk at event `seq`: a column holds `value`, which catool never writes.
    fn unreadable(&mut self, seq: Id, value: String) {
        self.broken = Some(Break {
            seq,
            what: Finding::EventUnreadable { seq, value },
        });
    }

    /// What the walk found, once every event was stepped through (or it broke): with the
    /// high-water mark checked, so that deleting the newest events is found too.
    fn finish(self, tx: &Tx) -> Result<Walked> {
        let mut broken = self.broken;
        if broken.is_none() {
            let high = events::high_water(tx)?;
            if high >= self.expected_seq {
                broken = Some(Break {
                    seq: self.expected_seq,
                    what: Finding::NewestMissing {
                        from: self.expected_seq,
                        to: high,
                    },
                });
            }
        }
        Ok(Walked {
            count: self.count,
            last: self.last_seq.map(|seq| (seq, self.prev_hash)),
            broken,
        })
    }
}

// ---- the one-time re-key of a v1 history --------------------------------------------------

/// Why a registry that claims a v1 (unkeyed) history must not be re-keyed, if it must not: a
/// re-key would launder whatever the unkeyed chain holds, so it happens only for what a v1
/// registry really looks like. Its master key check value is the v1 one (which needs the
/// master key to compute), or absent only if it never held a CA or certificate (v1 registered
/// the key with the first of them); and it was never re-keyed before.
pub(crate) fn rekey_refusal(tx: &Tx, master: &MasterKey) -> Result<Option<RekeyProblem>> {
    if let Some(seq) = events::first_with_action(tx, REKEY_OBJECT, REKEY)? {
        return Ok(Some(RekeyProblem::RekeyedBefore(seq)));
    }
    let check = settings::get(tx, super::keystore::CHECK_KEY)?;
    Ok(match check {
        Some(c) if c == master.check_value() => None,
        Some(_) => Some(RekeyProblem::KeyedCheckValue),
        None if audit::holds_keys(tx)? => Some(RekeyProblem::CheckValueRemoved),
        None => None,
    })
}

/// Re-keys a v1 history in one transaction: checks the unkeyed chain as it stands, replaces
/// every hash with its MAC under the chain key, upgrades the master key check value and
/// records a `history.rekey` event saying what the unkeyed chain looked like. A broken
/// unkeyed chain is re-keyed too (refusing would leave the registry unusable) but the event
/// records where it was broken, and `verify` reports that for good.
fn rekey(tx: &Tx, master: &MasterKey) -> Result<()> {
    if settings::get(tx, REKEY_PENDING)?.is_none() {
        // Another catool re-keyed it since we looked.
        return Ok(());
    }
    if let Some(problem) = rekey_refusal(tx, master)? {
        return Err(E::RekeyRefused { problem }.into());
    }
    let key = key_of(tx)?;
    let Walked {
        count,
        last,
        broken,
    } = walk(tx, ChainCheck::default(), &unkeyed_hash)?;
    let unkeyed_head = last.map(|(_, h)| h).unwrap_or_else(|| GENESIS.to_string());
    // The MACs follow the stored content, the links the new MACs.
    let mut links = Vec::new();
    let mut prev = GENESIS.to_string();
    events::for_each_raw(tx, |mut e| {
        e.prev_hash = prev.clone();
        let m = event_mac(key, &e.borrowed());
        links.push((e.seq, prev.clone(), m.clone()));
        prev = m;
        Ok(())
    })?;
    events::rechain(tx, &links)?;
    if let Some((seq, hash)) = links.last().map(|(s, _, h)| (*s, h.clone())) {
        settings::set(tx, HEAD, &head_value(key, seq, &hash))?;
    }
    settings::set(
        tx,
        super::keystore::CHECK_KEY,
        &super::keystore::check_value(master),
    )?;
    settings::remove(tx, REKEY_PENDING)?;
    let (state, first_bad) = match broken {
        None => ("intact".to_string(), None),
        // Recorded in English, as every history event is.
        Some(b) => (b.what.recorded(), Some(b.seq)),
    };
    record(
        tx,
        &Actor::Operator,
        Draft::new(REKEY, REKEY_OBJECT).details(json!({
            "events": count,
            "unkeyed_head": unkeyed_head,
            "unkeyed_chain": state,
            "first_bad_seq": first_bad,
        })),
    )?;
    Ok(())
}

// ---- verification (verify.rs) ------------------------------------------------------------------

mod verify;
pub use verify::{Verification, ensure_intact, verify, verify_bounded};

#[cfg(test)]
mod tests {
    use super::*;

    fn stored(host: Option<&str>, os_user: Option<&str>) -> StoredEvent {
        StoredEvent {
            seq: 3,
            at: "2026-12-01T08:00:00Z".into(),
            actor: "operator".into(),
            action: "person.add".into(),
            object: "person:1".into(),
            org_id: None,
            person_id: Some(1),
            cert_id: None,
            outcome: "ok".into(),
            details: "{\"auth\":\"operator\"}".into(),
            prev_hash: GENESIS.into(),
            hash: String::new(),
            host: host.map(str::to_string),
            os_user: os_user.map(str::to_string),
        }
    }

    fn content(e: &StoredEvent) -> String {
        let mut buf = Vec::new();
        content_into(&e.borrowed(), &mut buf);
        String::from_utf8(buf).unwrap()
    }

    #[test]
    fn the_machine_is_in_the_content_only_when_recorded() {
        let base = json!([
            3,
            "2026-12-01T08:00:00Z",
            "operator",
            "person.add",
            "person:1",
            null,
            1,
            null,
            "ok",
            "{\"auth\":\"operator\"}",
            GENESIS
        ]);
        // Events from before schema 15: the eleven columns their MAC was made over.
        assert_eq!(content(&stored(None, None)), base.to_string());
        let mut with = base.as_array().unwrap().clone();
        with.extend([json!("desk-3"), json!("ops")]);
        assert_eq!(
            content(&stored(Some("desk-3"), Some("ops"))),
            Value::Array(with).to_string()
        );
        let key = [7u8; 32];
        let macs: std::collections::BTreeSet<String> = [
            stored(None, None),
            stored(Some("desk-3"), Some("ops")),
            stored(Some("desk-4"), Some("ops")),
            stored(Some("desk-3"), None),
            stored(None, Some("desk-3")),
        ]
        .iter()
        .map(|e| event_mac(&key, &e.borrowed()))
        .collect();
        assert_eq!(macs.len(), 5);
    }

    /// The content is what serde_json wrote for the columns' tuple when each stored MAC was
    /// made, whatever the columns hold (quotes, controls, Chinese, negative ids, nulls).
    #[test]
    fn the_content_is_serde_jsons_tuple_of_the_columns() {
        let odd = "\"引号\"\\ \u{0}\u{1f}\t\n\r\u{8}\u{c}\u{7f} é 🙂 {\"a\":[1,\"b\"]}";
        for (host, os_user) in [
            (None, None),
            (Some(odd), None),
            (None, Some("")),
            (Some("h"), Some(odd)),
        ] {
            let mut e = stored(host, os_user);
            e.seq = -7;
            e.actor = odd.into();
            e.details = format!("{{\"note\":\"{odd}\"}}");
            e.org_id = Some(i64::MIN);
            e.cert_id = Some(i64::MAX);
            let eleven = (
                e.seq,
                &e.at,
                &e.actor,
                &e.action,
                &e.object,
                e.org_id,
                e.person_id,
                e.cert_id,
                &e.outcome,
                &e.details,
                &e.prev_hash,
            );
            let mut expected = serde_json::to_string(&eleven).unwrap();
            if host.is_some() || os_user.is_some() {
                expected.pop();
                for extra in [host, os_user] {
                    expected.push(',');
                    expected.push_str(&serde_json::to_string(&extra).unwrap());
                }
                expected.push(']');
            }
            assert_eq!(content(&e), expected);
        }
    }

    /// The walk's MAC from the HMAC keyed once is the MAC each event was written with.
    #[test]
    fn the_walks_mac_is_the_recorded_one() {
        let key = [7u8; 32];
        let keyed = keyed_hmac(&key);
        let mut buf = Vec::new();
        for e in [stored(None, None), stored(Some("desk-3"), Some("ops"))] {
            let walked = event_mac_keyed(&keyed, &e.borrowed(), &mut buf);
            assert_eq!(crate::hex::encode(&walked), event_mac(&key, &e.borrowed()));
        }
    }
}
