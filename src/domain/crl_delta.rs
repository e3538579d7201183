//! Where a CA's next CRL starts (issue 17): from the entries of its last CRL, when the keyed
//! history vouches for them, with only the certificates whose entries may have changed
//! since to consider; otherwise from nothing, with every certificate a CRL may list to
//! consider (the full build, as every CRL was built before). Both then go through the same
//! per-certificate check (`ca::crl`), so the cost follows what changed, not what is listed.
//!
//! The last CRL's entries are believed ("what was true at CRL n") only when
//!
//! * the newest keyed `ca.crl` event of the CA (its MAC checked) recorded the SHA-256 of its
//!   entries as stored (and of the CRL's DER), and the CRL number stored is the one it
//!   recorded: entries put back from an older CRL, or edited, do not match. The entries are
//!   what the next CRL is built from (with the report's certificate ids and dates, which the
//!   DER does not carry), so they, not the DER, are what is checked: a digest under the
//!   master key pins their exact bytes, which a CA signature every older CRL also carries
//!   would not; the DER is neither read nor needed;
//! * every event since is there, unbroken: each links to the one before (its `prev_hash`),
//!   each MAC verifies, and the keyed head names the newest (so none was deleted, newest
//!   included);
//! * nothing about the CA itself happened since (its certificate or settings).
//!
//! The certificates to consider again are every one an event since names: its object, its
//! `cert_id`, and the certificates it lists (`replaces`, `also_revoked`, `also_held`). A row
//! changed without an event (outside catool) changes nothing until one does; `log verify`
//! reports it.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::ca::CrlEntry;
use super::history;
use crate::error::Result;
use crate::model::{Ca, Id};
use crate::registry::events::StoredEvent;
use crate::registry::{Tx, cas, certs, events};

/// What the next CRL starts from.
#[derive(Debug, Default)]
pub(super) struct Start {
    /// The entries already known, by certificate.
    pub entries: BTreeMap<Id, CrlEntry>,
    /// Certificates left out: their bodies do not carry the CA's signature.
    pub not_signed: BTreeSet<Id>,
    /// Certificates left out: no keyed event made them.
    pub not_in_history: BTreeSet<Id>,
    /// The certificates to consider; `None`: every one a CRL may list.
    pub changed: Option<Vec<Id>>,
}

/// Where CA `ca`'s next CRL starts: its last CRL's entries when believed, else nothing.
pub(super) fn start(tx: &Tx, ca: &Ca) -> Result<Start> {
    Ok(from_last(tx, ca)?.unwrap_or_default())
}

/// The names of the digests the `ca.crl` event records: the CRL's DER, its stored entries.
pub(super) const DER_SHA256: &str = "sha256";
pub(super) const ENTRIES_SHA256: &str = "entries_sha256";

fn from_last(tx: &Tx, ca: &Ca) -> Result<Option<Start>> {
    let object = format!("ca:{}", ca.id);
    let Some(anchor) = events::last_of(tx, &object, "ca.crl")? else {
        return Ok(None);
    };
    if !history::authentic(tx, &anchor)? {
        return Ok(None);
    }
    let Ok(event) = anchor.event() else {
        return Ok(None);
    };
    let d = &event.details;
    let text = |k: &str| d.get(k).and_then(Value::as_str);
    let (Some(number), Some(_), Some(entries_sha256)) = (
        d.get("crl_number").and_then(Value::as_i64),
        text(DER_SHA256),
        text(ENTRIES_SHA256),
    ) else {
        return Ok(None);
    };
    let Some((stored_number, stored)) = cas::last_entries(tx, ca.id)? else {
        return Ok(None);
    };
    if stored_number != number || certs::sha256_hex(&stored) != entries_sha256 {
        return Ok(None);
    }
    let Some(entries) = decode(&stored) else {
        return Ok(None);
    };
    let later = events::after(tx, anchor.seq)?;
    if !unbroken(tx, &anchor, &later)? {
        return Ok(None);
    }
    let mut changed = BTreeSet::new();
    for e in &later {
        if e.object == object && e.outcome == "ok" {
            return Ok(None);
        }
        changed.extend(named_certs(e));
    }
    let left_out = |k: &str| -> BTreeSet<Id> {
        d.get(k)
            .and_then(Value::as_array)
            .map(|ids| ids.iter().filter_map(Value::as_i64).collect())
            .unwrap_or_default()
    };
    let mut start = Start {
        entries,
        not_signed: left_out("left_out_not_signed_by_ca"),
        not_in_history: left_out("left_out_not_in_history"),
        changed: None,
    };
    for id in &changed {
        start.entries.remove(id);
        start.not_signed.remove(id);
        start.not_in_history.remove(id);
    }
    start.changed = Some(changed.into_iter().collect());
    Ok(Some(start))
}

/// Whether `later` are every event after `anchor`: linked one to the next, each written
/// under the master key, the newest named by the keyed head.
fn unbroken(tx: &Tx, anchor: &StoredEvent, later: &[StoredEvent]) -> Result<bool> {
    let mut prev = anchor;
    for e in later {
        if e.prev_hash != prev.hash {
            return Ok(false);
        }
        prev = e;
    }
    if !history::is_head(tx, prev.seq, &prev.hash)? {
        return Ok(false);
    }
    let all: Vec<&StoredEvent> = later.iter().collect();
    Ok(history::authentic_all(tx, &all)?.into_iter().all(|ok| ok))
}

/// The certificates an event is about: its object, its `cert_id`, and those its details
/// list as replaced, revoked or held with it.
fn named_certs(e: &StoredEvent) -> Vec<Id> {
    let mut ids: Vec<Id> = e
        .object
        .strip_prefix("cert:")
        .and_then(|n| n.parse().ok())
        .into_iter()
        .chain(e.cert_id)
        .collect();
    if let Ok(details) = serde_json::from_str::<Value>(&e.details) {
        for key in ["replaces", "also_revoked", "also_held"] {
            match details.get(key) {
                Some(Value::Array(list)) => ids.extend(list.iter().filter_map(Value::as_i64)),
                Some(v) => ids.extend(v.as_i64()),
                None => {}
            }
        }
    }
    ids
}

/// The stored form of a CRL's entries: a line each, in certificate order: id, serial,
/// reason, date (tab-separated).
pub(super) fn encode<'a>(entries: impl IntoIterator<Item = &'a CrlEntry>) -> Vec<u8> {
    use std::io::Write;
    let mut out = Vec::new();
    for e in entries {
        // Into one buffer (a `format!` each was a sixth of an unchanged CRL's time); a Vec
        // cannot refuse a write.
        let _ = writeln!(
            out,
            "{}\t{}\t{}\t{}",
            e.cert_id, e.serial, e.reason, e.revoked_at
        );
    }
    out
}

/// [`encode`]'s inverse; `None` when anything does not read (then nothing is believed).
fn decode(stored: &[u8]) -> Option<BTreeMap<Id, CrlEntry>> {
    let text = std::str::from_utf8(stored).ok()?;
    let mut out = BTreeMap::new();
    for line in text.lines() {
        let mut parts = line.split('\t');
        let cert_id: Id = parts.next()?.parse().ok()?;
        let entry = CrlEntry {
            cert_id,
            serial: parts.next()?.to_string(),
            reason: parts.next()?.to_string(),
            revoked_at: parts.next()?.to_string(),
        };
        if parts.next().is_some() || out.insert(cert_id, entry).is_some() {
            return None;
        }
    }
    Some(out)
}

/// Refuses to serve `last` as CA `ca`'s current CRL (`crl show`) unless it is the one the
/// newest keyed `ca.crl` event recorded (its number and the SHA-256 of its DER): an older
/// genuine CRL put back into the row still carries the CA's signature and may still be
/// inside its next-update window, yet leaves out every revocation since (red team 6).
pub(super) fn require_recorded(tx: &Tx, ca: &Ca, last: &cas::LastCrl) -> Result<()> {
    use super::anchor_error::{AnchorProblem, Anchored, EventRef, RowDiff};
    let of = Anchored::Ca {
        id: ca.id,
        name: ca.name.clone(),
    };
    // A CRL as a finding names it: its number and the start of its DER's SHA-256.
    let shown = |n: i64, sha: &str| {
        Some(format!(
            "CRL {n} (SHA-256 {})",
            sha.get(..16).unwrap_or(sha)
        ))
    };
    let stored_sha = certs::sha256_hex(&last.der);
    let differs = |history: Option<String>, event: Option<EventRef>| {
        RowDiff::problem(
            of.clone(),
            "last_der",
            shown(last.number, &stored_sha),
            history,
            event,
        )
    };
    let Some(stored) = events::last_of(tx, &format!("ca:{}", ca.id), "ca.crl")? else {
        return Err(differs(None, None).into());
    };
    match history::authentic(tx, &stored) {
        Ok(true) => {}
        Ok(false) => return Err(differs(None, None).into()),
        Err(err) => {
            return Err(AnchorProblem::HistoryUnchecked {
                of,
                error: crate::pdf::error::Wrapped(err),
            }
            .into());
        }
    }
    let Ok(event) = stored.event() else {
        return Err(differs(None, None).into());
    };
    let d = &event.details;
    let number = d.get("crl_number").and_then(Value::as_i64);
    let recorded = EventRef {
        seq: event.seq,
        action: event.action.clone(),
    };
    let sha = d.get(DER_SHA256).and_then(Value::as_str);
    let same_der = sha.is_none_or(|sha| sha.eq_ignore_ascii_case(&stored_sha));
    if number != Some(last.number) || !same_der {
        let history = number.map(|n| match sha {
            Some(sha) => shown(n, sha).unwrap_or_default(),
            None => format!("CRL {n}"),
        });
        return Err(differs(history, Some(recorded)).into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(cert_id: Id, reason: &str) -> CrlEntry {
        CrlEntry {
            cert_id,
            serial: format!("0A{cert_id:02X}"),
            reason: reason.into(),
            revoked_at: "2026-01-02T03:04:05Z".into(),
        }
    }

    #[test]
    fn stored_entries_read_back_as_written() {
        let entries = [entry(3, "key-compromise"), entry(7, "certificate-hold")];
        let back = decode(&encode(&entries)).expect("reads back");
        assert_eq!(back.len(), 2);
        assert_eq!(back[&7].reason, "certificate-hold");
        assert_eq!(back[&3].serial, "0A03");
        assert_eq!(decode(b"").map(|m| m.len()), Some(0));
    }

    #[test]
    fn stored_entries_that_do_not_read_are_not_believed() {
        assert!(decode(b"3\t0A\tunspecified\n").is_none());
        assert!(decode(b"x\t0A\tunspecified\t\n").is_none());
        assert!(decode(b"3\t0A\tunspecified\t\t\n").is_none());
        assert!(decode(b"3\t0A\tunspecified\t\n3\t0B\tunspecified\t\n").is_none());
    }
}
