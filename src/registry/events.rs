//! Queries for the history (D21): an append-only, hash-chained table of events.
//! The chain itself (what is hashed, how it is checked) is `domain::history`'s business.

use super::Tx;
use super::backend::dialect::{json_ids, json_texts};
use super::backend::{Dialect, Param, Row, Sql, SqlExt, Value};
use super::error::RegistryError;
use crate::error::Result;
use crate::model::{Event, EventOutcome, Id, Stamp, UnknownText};

/// Which events `catool log` shows. Every field narrows the selection.
#[derive(Debug, Default)]
pub struct Filter {
    pub org_id: Option<Id>,
    /// Events about or by this person, and (with `person_certs`) about their certificates.
    pub person_id: Option<Id>,
    /// The person's certificates: an event about one of them is about the person.
    pub person_certs: Vec<Id>,
    /// Only events about one of these certificates.
    pub certs: Option<Vec<Id>>,
    /// Matches the action itself or any action below it: `org` matches `org.add`.
    pub action: Option<String>,
    /// Lower bound (inclusive).
    pub since: Option<Stamp>,
    /// Upper bound (exclusive).
    pub until: Option<Stamp>,
}

const SELECT: &str = "SELECT seq, at, actor, action, object, org_id, person_id, cert_id,
        outcome, details, prev_hash, hash, host, os_user FROM events";

/// An event's columns exactly as stored: what the chain's MACs cover (D21). `log verify`
/// hashes these, so a row edited outside catool is reported as altered whatever its columns
/// hold; [`StoredEvent::event`] reads them as the typed [`Event`].
#[derive(Debug, Clone)]
pub struct StoredEvent {
    pub seq: Id,
    pub at: String,
    pub actor: String,
    pub action: String,
    pub object: String,
    pub org_id: Option<Id>,
    pub person_id: Option<Id>,
    pub cert_id: Option<Id>,
    pub outcome: String,
    /// The details' JSON text.
    pub details: String,
    pub prev_hash: String,
    pub hash: String,
    /// The machine and OS account (schema 15; NULL in older events).
    pub host: Option<String>,
    pub os_user: Option<String>,
}

impl StoredEvent {
    /// What `e` is stored as.
    pub fn of(e: &Event) -> Result<StoredEvent> {
        Ok(StoredEvent {
            seq: e.seq,
            at: e.at.text(),
            actor: e.actor.clone(),
            action: e.action.clone(),
            object: e.object.clone(),
            org_id: e.org_id,
            person_id: e.person_id,
            cert_id: e.cert_id,
            outcome: e.outcome.as_str().to_string(),
            details: serde_json::to_string(&e.details)?,
            prev_hash: e.prev_hash.clone(),
            hash: e.hash.clone(),
            host: e.host.clone(),
            os_user: e.os_user.clone(),
        })
    }

    /// The event these columns hold; a column holding what catool never writes is an error
    /// naming it.
    ///
    /// "No enterprise" is NULL in `org_id`. Events written before 2026-12 stored 0 for it
    /// instead (no enterprise has id 0): they are read as none, and their MAC, which covers
    /// the stored 0 (the canonical form is the columns as stored, see `domain::history`),
    /// still verifies. No stored event is rewritten.
    pub fn event(&self) -> Result<Event, UnknownText> {
        // The outcome is read first, as it always was: an unknown outcome is what is named.
        EventOutcome::parse(&self.outcome).ok_or_else(|| UnknownText {
            what: EventOutcome::NAME,
            value: self.outcome.clone(),
        })?;
        let at = Stamp::parse(&self.at).ok_or_else(|| UnknownText {
            what: Stamp::NAME,
            value: self.at.clone(),
        })?;
        self.borrowed().event_at(at)
    }
}

/// An event's columns exactly as stored, borrowed from the row being read: what a walk over
/// the whole history hashes and checks, without a copy of any column.
#[derive(Debug, Clone, Copy)]
pub struct StoredRef<'r> {
    pub seq: Id,
    pub at: &'r str,
    pub actor: &'r str,
    pub action: &'r str,
    pub object: &'r str,
    pub org_id: Option<Id>,
    pub person_id: Option<Id>,
    pub cert_id: Option<Id>,
    pub outcome: &'r str,
    pub details: &'r str,
    pub prev_hash: &'r str,
    pub hash: &'r str,
    pub host: Option<&'r str>,
    pub os_user: Option<&'r str>,
}

impl StoredEvent {
    /// Whether its stored outcome is a success. Read only after its MAC is checked: the
    /// outcome is under it, and an event whose outcome was changed to hide it is altered, not
    /// refused (red team 7).
    pub fn succeeded(&self) -> bool {
        EventOutcome::parse(&self.outcome) == Some(EventOutcome::Ok)
    }

    /// The columns, borrowed.
    pub fn borrowed(&self) -> StoredRef<'_> {
        StoredRef {
            seq: self.seq,
            at: &self.at,
            actor: &self.actor,
            action: &self.action,
            object: &self.object,
            org_id: self.org_id,
            person_id: self.person_id,
            cert_id: self.cert_id,
            outcome: &self.outcome,
            details: &self.details,
            prev_hash: &self.prev_hash,
            hash: &self.hash,
            host: self.host.as_deref(),
            os_user: self.os_user.as_deref(),
        }
    }
}

impl StoredEvent {
    /// [`StoredRef::event_replayed`] of an event already copied out of its row: its columns
    /// moved into the event, not copied again (`log verify` reads every event this way).
    /// `outcome` is the stored outcome, already read (by the walk's check).
    pub fn into_replayed(self, at: Stamp, outcome: EventOutcome) -> Event {
        let texts = [self.actor, self.action, self.object, self.details];
        replayed(
            self.seq,
            at,
            outcome,
            texts,
            [self.org_id, self.person_id, self.cert_id],
        )
    }
}

/// The event the replay reads: `texts` are its actor, action, object and details (text), `ids`
/// its enterprise, person and certificate.
fn replayed(
    seq: Id,
    at: Stamp,
    outcome: EventOutcome,
    texts: [String; 4],
    [org_id, person_id, cert_id]: [Option<Id>; 3],
) -> Event {
    let [actor, action, object, details] = texts;
    Event {
        seq,
        at,
        actor,
        action,
        object,
        org_id: org_id.filter(|id| *id != 0),
        person_id,
        cert_id,
        outcome,
        details: serde_json::Value::String(details),
        prev_hash: String::new(),
        hash: String::new(),
        host: None,
        os_user: None,
    }
}

impl StoredRef<'_> {
    /// Every column copied out of the row (to hand the event to another thread).
    pub fn owned(&self) -> StoredEvent {
        StoredEvent {
            seq: self.seq,
            at: self.at.to_string(),
            actor: self.actor.to_string(),
            action: self.action.to_string(),
            object: self.object.to_string(),
            org_id: self.org_id,
            person_id: self.person_id,
            cert_id: self.cert_id,
            outcome: self.outcome.to_string(),
            details: self.details.to_string(),
            prev_hash: self.prev_hash.to_string(),
            hash: self.hash.to_string(),
            host: self.host.map(str::to_string),
            os_user: self.os_user.map(str::to_string),
        }
    }

    /// [`StoredEvent::event`], with the time already read from `at`.
    pub fn event_at(&self, at: Stamp) -> Result<Event, UnknownText> {
        let mut e = self.event_unparsed(at)?;
        parse_details(&mut e);
        Ok(e)
    }

    /// [`StoredRef::event_at`] with the details still their stored text (a JSON string):
    /// [`parse_details`] reads them, where it is cheaper.
    pub fn event_unparsed(&self, at: Stamp) -> Result<Event, UnknownText> {
        let mut e = self.event_replayed(at)?;
        e.prev_hash = self.prev_hash.to_string();
        e.hash = self.hash.to_string();
        e.host = self.host.map(str::to_string);
        e.os_user = self.os_user.map(str::to_string);
        Ok(e)
    }

    /// What replaying the history reads of the event: [`StoredRef::event_unparsed`] without
    /// the chain's links and the machine (`prev_hash`, `hash` empty, `host`, `os_user` none),
    /// which the walk checked on the stored row and the replay never reads. `log verify`
    /// copies it for a second thread (the details are parsed there), so half the copies.
    pub fn event_replayed(&self, at: Stamp) -> Result<Event, UnknownText> {
        let outcome = EventOutcome::parse(self.outcome).ok_or_else(|| UnknownText {
            what: EventOutcome::NAME,
            value: self.outcome.to_string(),
        })?;
        Ok(self.replayed_as(at, outcome))
    }

    /// [`StoredRef::event_replayed`] with the outcome already read.
    pub fn replayed_as(&self, at: Stamp, outcome: EventOutcome) -> Event {
        let texts = [self.actor, self.action, self.object, self.details].map(str::to_string);
        replayed(
            self.seq,
            at,
            outcome,
            texts,
            [self.org_id, self.person_id, self.cert_id],
        )
    }
}

/// Reads the details of an event from [`StoredRef::event_unparsed`] or
/// [`StoredRef::event_replayed`], which hold them as their stored text.
pub fn parse_details(e: &mut Event) {
    if let serde_json::Value::String(text) = &e.details {
        // An edited row may hold text that is not JSON; keep it visible as a string.
        if let Ok(v) = serde_json::from_str(text) {
            e.details = v;
        }
    }
}

fn stored_from_row(r: &Row) -> Result<StoredEvent> {
    stored_from_columns(r, 0)
}

/// The event in the fourteen columns of [`SELECT`] from column `at` on (a joined query).
pub(super) fn stored_from_columns(r: &Row, at: usize) -> Result<StoredEvent> {
    Ok(StoredEvent {
        seq: r.get(at)?,
        at: r.get(at + 1)?,
        actor: r.get(at + 2)?,
        action: r.get(at + 3)?,
        object: r.get(at + 4)?,
        org_id: r.get(at + 5)?,
        person_id: r.get(at + 6)?,
        cert_id: r.get(at + 7)?,
        outcome: r.get(at + 8)?,
        details: r.get(at + 9)?,
        prev_hash: r.get(at + 10)?,
        hash: r.get(at + 11)?,
        host: r.get(at + 12)?,
        os_user: r.get(at + 13)?,
    })
}

fn from_row(r: &Row) -> Result<Event> {
    stored_from_row(r)?.event().map_err(|u| {
        RegistryError::UnknownValue {
            what: u.what,
            value: u.value,
        }
        .into()
    })
}

/// The sequence number the next event gets, and the hash it must link to.
pub fn head(tx: &Tx) -> Result<(Id, Option<String>)> {
    let high_water = high_water(tx)?;
    let last: Option<String> = tx
        .query_opt("SELECT hash FROM events ORDER BY seq DESC LIMIT 1", &[])?
        .map(|r| r.get(0))
        .transpose()?;
    // At its end only when set there outside catool: no event is numbered by wrapping round.
    let next = high_water.checked_add(1).ok_or_else(|| {
        crate::error::Error::Internal(
            "the history's sequence counter is at its limit (set outside catool): \
             run `catool log verify`"
                .into(),
        )
    })?;
    Ok((next, last))
}

/// The highest sequence number ever handed out, remembered even if the rows are deleted:
/// SQLite's AUTOINCREMENT counter; on PostgreSQL the identity sequence of `seq`, which
/// [`insert`] advances to each event it appends.
pub fn high_water(tx: &Tx) -> Result<Id> {
    let sql = match tx.dialect() {
        Dialect::Sqlite => "SELECT seq FROM sqlite_sequence WHERE name = 'events'",
        Dialect::Postgres => "SELECT events_high_water FROM catool_schema",
    };
    let seq: Option<Id> = tx
        .query_opt(sql, &[])?
        .map(|r| r.get(0))
        .transpose()?
        .flatten();
    Ok(seq.unwrap_or(0))
}

pub fn insert(tx: &Tx, e: &StoredEvent) -> Result<()> {
    tx.execute(
        "INSERT INTO events (seq, at, actor, action, object, org_id, person_id, cert_id,
                             outcome, details, prev_hash, hash, host, os_user)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
        &[
            &e.seq,
            &e.at,
            &e.actor,
            &e.action,
            &e.object,
            &e.org_id,
            &e.person_id,
            &e.cert_id,
            &e.outcome,
            &e.details,
            &e.prev_hash,
            &e.hash,
            &e.host,
            &e.os_user,
        ],
    )
    .map_err(|err| RegistryError::AppendFailed {
        why: err.to_string(),
    })?;
    raise_high_water(tx, e.seq)
}

/// Raises the history's high-water mark to `seq` on PostgreSQL, in the transaction at hand:
/// what SQLite's AUTOINCREMENT does by itself (see [`high_water`]).
pub(super) fn raise_high_water(tx: &Tx, seq: Id) -> Result<()> {
    if tx.dialect() == Dialect::Postgres {
        tx.execute(
            "UPDATE catool_schema SET events_high_water = greatest(events_high_water, ?1)",
            &[&seq],
        )?;
    }
    Ok(())
}

/// The events about one of the certificates in the JSON array `?p`: by their certificate
/// column (`events_cert`) or their object, `cert:N` (`events_object`). An event that names a
/// certificate in its details (a seal assignment's `cert`) has it in its certificate column
/// too, as every such event catool has written.
fn about_certs(d: Dialect, p: usize) -> String {
    let ids = json_ids(d, p);
    format!(
        "SELECT seq FROM events WHERE cert_id IN ({ids})
         UNION SELECT seq FROM events WHERE object IN (SELECT 'cert:' || v.value FROM ({ids}) v)"
    )
}

/// One page of the events `f` selects, oldest first (see `domain::page`): only the filters
/// that are set go into the query, so each is an index lookup (a person's events: the union
/// of `events_person`, `events_cert` and `events_object` lookups).
pub fn list(tx: &Tx, f: &Filter, limit: Option<usize>, offset: usize) -> Result<Vec<Event>> {
    let (sql, args) = list_sql(tx.dialect(), f, limit, offset)?;
    let params: Vec<&dyn Param> = args.iter().map(|v| v as &dyn Param).collect();
    tx.query(&sql, &params)?.iter().map(from_row).collect()
}

/// [`list`]'s query and its parameters.
pub(super) fn list_sql(
    d: Dialect,
    f: &Filter,
    limit: Option<usize>,
    offset: usize,
) -> Result<(String, Vec<Value>)> {
    let mut cond = vec!["1 = 1".to_string()];
    let mut args: Vec<Value> = Vec::new();
    let mut arg = |v: Value| {
        args.push(v);
        args.len()
    };
    if let Some(o) = f.org_id {
        cond.push(format!("org_id = ?{}", arg(Value::Integer(o))));
    }
    if let Some(p) = f.person_id {
        let n = arg(Value::Integer(p));
        let certs = arg(Value::Text(serde_json::to_string(&f.person_certs)?));
        cond.push(format!(
            "seq IN (SELECT seq FROM events WHERE person_id = ?{n} UNION {})",
            about_certs(d, certs)
        ));
    }
    if let Some(ids) = &f.certs {
        let certs = arg(Value::Text(serde_json::to_string(ids)?));
        cond.push(format!("seq IN ({})", about_certs(d, certs)));
    }
    if let Some(a) = &f.action {
        let n = arg(Value::Text(a.clone()));
        cond.push(format!(
            "(action = ?{n} OR substr(action, 1, length(?{n}) + 1) = ?{n} || '.')"
        ));
    }
    if let Some(s) = f.since {
        cond.push(format!("at >= ?{}", arg(Value::Text(s.text()))));
    }
    if let Some(u) = f.until {
        cond.push(format!("at < ?{}", arg(Value::Text(u.text()))));
    }
    let limit = limit.map_or(i64::MAX, |l| i64::try_from(l).unwrap_or(i64::MAX));
    let l = arg(Value::Integer(limit));
    let o = arg(Value::Integer(i64::try_from(offset).unwrap_or(i64::MAX)));
    let sql = format!(
        "{SELECT} WHERE {} ORDER BY seq LIMIT ?{l} OFFSET ?{o}",
        cond.join(" AND ")
    );
    Ok((sql, args))
}

/// Calls `visit` on every event in sequence order, as stored (what a check hashes).
pub fn for_each_raw(tx: &Tx, mut visit: impl FnMut(StoredEvent) -> Result<()>) -> Result<()> {
    tx.each(&format!("{SELECT} ORDER BY seq"), &[], &mut |row| {
        visit(stored_from_row(&row)?)?;
        Ok(true)
    })
}

/// Calls `visit` on every event in sequence order, as stored, borrowed from the row: nothing
/// is copied or kept (`log verify` walks a million events so). `visit` says whether to go on.
///
/// An event with bytes where text belongs (an edit of the file: catool writes UTF-8 text) is
/// read with those bytes that are not UTF-8 replaced (U+FFFD) and one U+FFFD more after its
/// details: what is read is then never what its MAC covers (even where the bytes replaced
/// read back as the text they replaced: a U+FFFD of the original, or text marked a blob), and
/// the walk reports the event altered, as any other edit.
pub fn for_each_borrowed(tx: &Tx, mut visit: impl FnMut(&StoredRef) -> Result<bool>) -> Result<()> {
    tx.each_ref(
        &format!("{SELECT} ORDER BY seq"),
        &[],
        &mut |r| match borrowed_from_row(r) {
            Ok(e) => visit(&e),
            Err(e) => match lossy_from_row(r) {
                Some(owned) => visit(&owned.borrowed()),
                None => Err(e),
            },
        },
    )
}

/// The event in `r` ([`SELECT`]'s columns), borrowed.
fn borrowed_from_row(r: &Row) -> Result<StoredRef<'_>> {
    Ok(StoredRef {
        seq: r.get(0)?,
        at: r.text(1)?,
        actor: r.text(2)?,
        action: r.text(3)?,
        object: r.text(4)?,
        org_id: r.get(5)?,
        person_id: r.get(6)?,
        cert_id: r.get(7)?,
        outcome: r.text(8)?,
        details: r.text(9)?,
        prev_hash: r.text(10)?,
        hash: r.text(11)?,
        host: r.text_opt(12)?,
        os_user: r.text_opt(13)?,
    })
}

/// The event in `r` with the bytes of its text columns that are not UTF-8 replaced, marked
/// ([`for_each_borrowed`]); `None` when a column holds something else catool never writes.
fn lossy_from_row(r: &Row) -> Option<StoredEvent> {
    let text = |i: usize| match r.value(i) {
        Value::Text(t) => Some(t.clone()),
        Value::Blob(b) => Some(String::from_utf8_lossy(b).into_owned()),
        _ => None,
    };
    let text_opt = |i: usize| match r.value(i) {
        Value::Null => Some(None),
        _ => text(i).map(Some),
    };
    Some(StoredEvent {
        seq: r.get(0).ok()?,
        at: text(1)?,
        actor: text(2)?,
        action: text(3)?,
        object: text(4)?,
        org_id: r.get(5).ok()?,
        person_id: r.get(6).ok()?,
        cert_id: r.get(7).ok()?,
        outcome: text(8)?,
        details: text(9)? + "\u{fffd}",
        prev_hash: text(10)?,
        hash: text(11)?,
        host: text_opt(12)?,
        os_user: text_opt(13)?,
    })
}

/// The events about `object` (`ca:2`, `cert:7`) with one of `actions`, whatever their outcome
/// (which their MACs cover: the caller checks them, then skips the refused), oldest first, as
/// stored. A few rows through the `events_object` index: what a trust decision reads to
/// anchor a row in the history.
pub fn of_object(tx: &Tx, object: &str, actions: &[&str]) -> Result<Vec<StoredEvent>> {
    let actions = serde_json::to_string(actions)?;
    tx.query(&of_object_sql(tx.dialect()), &[&object, &actions])?
        .iter()
        .map(stored_from_row)
        .collect()
}

/// The newest `cert.pin` event about `object` (`cert:4`), whatever its outcome (a wrong PIN is
/// a refusal): the keyed wrong-PIN count (D11). One index lookup (`events_object`).
pub fn last_pin_event(tx: &Tx, object: &str) -> Result<Option<StoredEvent>> {
    tx.row_opt(
        &format!("{SELECT} WHERE object = ?1 AND action = 'cert.pin' ORDER BY seq DESC LIMIT 1"),
        &[&object],
        stored_from_row,
    )
}

/// [`of_object`]'s query (`?1` the object, `?2` the actions as a JSON array).
pub(super) fn of_object_sql(d: Dialect) -> String {
    format!(
        "{SELECT} WHERE object = ?1 AND action IN ({}) ORDER BY seq",
        json_texts(d, 2)
    )
}

/// [`each_cert_state_event`]'s query: the index `events_cert_state_any` holds exactly these
/// (its WHERE is repeated word for word, so SQLite uses it).
pub(super) const CERT_STATE_EVENTS: &str = "SELECT seq, at, actor, action, object, org_id,
        person_id, cert_id, outcome, details, prev_hash, hash, host, os_user FROM events
    WHERE action IN ('cert.revoke', 'cert.reissue', 'cert.freeze', 'cert.unfreeze')
    ORDER BY seq";

/// Calls `visit` with every revoke, reissue, freeze and unfreeze event whatever its outcome
/// (which its MAC covers: the caller checks it, then skips the refused), oldest first, as
/// stored, `batch` at a time: what decides which certificates are revoked or on hold (read
/// through `events_cert_state_any`, never the whole history).
pub fn each_cert_state_event(
    tx: &Tx,
    batch: usize,
    mut visit: impl FnMut(Vec<StoredEvent>) -> Result<()>,
) -> Result<()> {
    let mut out = Vec::with_capacity(batch);
    tx.each(CERT_STATE_EVENTS, &[], &mut |row| {
        out.push(stored_from_row(&row)?);
        if out.len() == batch {
            visit(std::mem::replace(&mut out, Vec::with_capacity(batch)))?;
        }
        Ok(true)
    })?;
    if !out.is_empty() {
        visit(out)?;
    }
    Ok(())
}

/// The newest event about `object` with `action`, whatever its outcome (which its MAC
/// covers: the caller checks it), as stored (through `events_object`).
pub fn last_of(tx: &Tx, object: &str, action: &str) -> Result<Option<StoredEvent>> {
    tx.query_opt(&last_of_sql(), &[&object, &action])?
        .map(|r| stored_from_row(&r))
        .transpose()
}

/// [`last_of`]'s query.
pub(super) fn last_of_sql() -> String {
    format!("{SELECT} WHERE object = ?1 AND action = ?2 ORDER BY seq DESC LIMIT 1")
}

/// Every event after `seq`, oldest first, as stored (a range of the primary key).
pub fn after(tx: &Tx, seq: Id) -> Result<Vec<StoredEvent>> {
    tx.query(&after_sql(), &[&seq])?
        .iter()
        .map(stored_from_row)
        .collect()
}

/// [`after`]'s query.
pub(super) fn after_sql() -> String {
    format!("{SELECT} WHERE seq > ?1 ORDER BY seq")
}

/// The stored hash of event `seq`, if that event exists.
pub fn hash_of(tx: &Tx, seq: Id) -> Result<Option<String>> {
    tx.query_opt("SELECT hash FROM events WHERE seq = ?1", &[&seq])?
        .map(|r| r.get(0))
        .transpose()
}

/// The action of event `seq`, if that event exists.
pub fn action_of(tx: &Tx, seq: Id) -> Result<Option<String>> {
    tx.query_opt("SELECT action FROM events WHERE seq = ?1", &[&seq])?
        .map(|r| r.get(0))
        .transpose()
}

/// Whether any event exists.
pub fn any(tx: &Tx) -> Result<bool> {
    tx.query_one("SELECT EXISTS (SELECT 1 FROM events)", &[])?
        .get(0)
}

/// The first event about `object` with `action`, if any (through `events_object`).
pub fn first_with_action(tx: &Tx, object: &str, action: &str) -> Result<Option<Id>> {
    tx.query_one(
        "SELECT min(seq) FROM events WHERE object = ?1 AND action = ?2",
        &[&object, &action],
    )?
    .get(0)
}

/// Replaces the links and hashes of existing events (the one-time re-key of a v1 history,
/// `domain::history`). The append-only trigger is lifted for this transaction only and put
/// back with its exact text, so the schema check still recognises it. Only a registry file
/// can hold a v1 history (PostgreSQL registries began keyed).
pub fn rechain(tx: &Tx, links: &[(Id, String, String)]) -> Result<()> {
    use rusqlite::params;
    let tx = tx.sqlite().ok_or_else(|| {
        crate::error::Error::Internal("registry: a v1 history on PostgreSQL".into())
    })?;
    let trigger: String = tx.query_row(
        "SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = 'events_no_update'",
        [],
        |r| r.get(0),
    )?;
    tx.execute_batch("DROP TRIGGER events_no_update")?;
    {
        let mut stmt = tx.prepare("UPDATE events SET prev_hash = ?2, hash = ?3 WHERE seq = ?1")?;
        for (seq, prev, hash) in links {
            stmt.execute(params![seq, prev, hash])?;
        }
    }
    tx.execute_batch(&trigger)?;
    Ok(())
}
