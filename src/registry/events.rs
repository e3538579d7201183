//! Queries for the history (D21): an append-only, hash-chained table of events.
//! The chain itself (what is hashed, how it is checked) is `domain::history`'s business.

use rusqlite::{Row, params};

use super::Tx;
use crate::error::{Error, Result};
use crate::model::{Event, Id};

/// Which events `catool log` shows. Every field narrows the selection.
#[derive(Debug, Default)]
pub struct Filter {
    pub org_id: Option<Id>,
    pub person_id: Option<Id>,
    pub cert_id: Option<Id>,
    /// Matches the action itself or any action below it: `org` matches `org.add`.
    pub action: Option<String>,
    /// RFC 3339 UTC lower bound (inclusive).
    pub since: Option<String>,
}

const SELECT: &str = "SELECT seq, at, actor, action, object, org_id, person_id, cert_id,
        outcome, details, prev_hash, hash FROM events";

fn from_row(r: &Row) -> rusqlite::Result<Event> {
    let details: String = r.get(9)?;
    Ok(Event {
        seq: r.get(0)?,
        at: r.get(1)?,
        actor: r.get(2)?,
        action: r.get(3)?,
        object: r.get(4)?,
        org_id: r.get(5)?,
        person_id: r.get(6)?,
        cert_id: r.get(7)?,
        outcome: r.get(8)?,
        // An edited row may hold text that is not JSON; keep it visible as a string so
        // `log verify` can still hash exactly what is stored.
        details: serde_json::from_str(&details).unwrap_or(serde_json::Value::String(details)),
        prev_hash: r.get(10)?,
        hash: r.get(11)?,
    })
}

/// The sequence number the next event gets, and the hash it must link to.
pub fn head(tx: &Tx) -> Result<(Id, Option<String>)> {
    let high_water = high_water(tx)?;
    let last: Option<String> = tx
        .query_row(
            "SELECT hash FROM events ORDER BY seq DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .map(Some)
        .or_else(|e| match e {
            rusqlite::Error::QueryReturnedNoRows => Ok(None),
            e => Err(e),
        })?;
    Ok((high_water + 1, last))
}

/// The highest sequence number ever handed out (AUTOINCREMENT remembers it even if the
/// rows are deleted).
pub fn high_water(tx: &Tx) -> Result<Id> {
    let seq: Option<Id> = tx
        .query_row(
            "SELECT seq FROM sqlite_sequence WHERE name = 'events'",
            [],
            |r| r.get(0),
        )
        .map(Some)
        .or_else(|e| match e {
            rusqlite::Error::QueryReturnedNoRows => Ok(None),
            e => Err(e),
        })?;
    Ok(seq.unwrap_or(0))
}

pub fn insert(tx: &Tx, e: &Event) -> Result<()> {
    let details = serde_json::to_string(&e.details)?;
    tx.execute(
        "INSERT INTO events (seq, at, actor, action, object, org_id, person_id, cert_id,
                             outcome, details, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        params![
            e.seq,
            e.at,
            e.actor,
            e.action,
            e.object,
            e.org_id,
            e.person_id,
            e.cert_id,
            e.outcome,
            details,
            e.prev_hash,
            e.hash
        ],
    )
    .map_err(|err| Error::Internal(format!("cannot append history event: {err}")))?;
    Ok(())
}

pub fn list(tx: &Tx, f: &Filter) -> Result<Vec<Event>> {
    let mut stmt = tx.prepare(&format!(
        "{SELECT}
         WHERE (?1 IS NULL OR org_id = ?1)
           AND (?2 IS NULL OR person_id = ?2)
           AND (?3 IS NULL OR cert_id = ?3)
           AND (?4 IS NULL OR action = ?4 OR substr(action, 1, length(?4) + 1) = ?4 || '.')
           AND (?5 IS NULL OR at >= ?5)
         ORDER BY seq"
    ))?;
    let rows = stmt.query_map(
        params![f.org_id, f.person_id, f.cert_id, f.action, f.since],
        from_row,
    )?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Calls `visit` on every event in sequence order, reading the raw stored `details` text so
/// that a check hashes exactly what is on disk.
pub fn for_each_raw(tx: &Tx, mut visit: impl FnMut(Event, &str) -> Result<()>) -> Result<()> {
    let mut stmt = tx.prepare(&format!("{SELECT} ORDER BY seq"))?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        let raw: String = row.get(9)?;
        visit(from_row(row)?, &raw)?;
    }
    Ok(())
}
