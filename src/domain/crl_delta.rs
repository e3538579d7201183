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
//!   recorded: entries put back from an older CRL, or edited, do not match. The stored
//!   entries are the listed certificates' ids (which the DER does not carry), one a line in
//!   the DER's order; the DER's entries are copied into the next CRL as they are: a digest
//!   under the master key pins the exact bytes of both, which a CA signature every older CRL
//!   also carries would not;
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
use std::ops::Range;

use serde_json::Value;

use super::anchor_error::EventRef;
use super::ca::CrlEntry;
use super::cert_state::{self, KeyedState};
use super::history;
use crate::error::Result;
use crate::model::{Ca, Event, Id, Stamp};
use crate::registry::events::StoredEvent;
use crate::registry::{Tx, cas, certs, events};

/// What the next CRL starts from.
#[derive(Debug, Default)]
pub(super) struct Start {
    /// The entries kept from the last CRL.
    pub kept: Kept,
    /// Certificates left out: their bodies do not carry the CA's signature.
    pub not_signed: BTreeSet<Id>,
    /// Certificates left out: no keyed event made them.
    pub not_in_history: BTreeSet<Id>,
    /// The certificates to consider; `None`: every one a CRL may list.
    pub changed: Option<Vec<Id>>,
    /// Those of `changed` the keyed history leaves revoked or on hold, with that state: the
    /// last CRL's entry (what was true then) with the events since applied in order. Never
    /// what a row says (red team 7: a reissue unlinked in the rows left the replaced
    /// certificate off; a revoked certificate's row deleted left it off without a word).
    pub keyed: BTreeMap<Id, KeyedState>,
}

/// Entries of the last CRL that go on the next one as they are: their stored lines and their
/// DER are copied, not decoded and encoded again (at 40,000 entries that was most of an
/// unchanged CRL's time, issue 17).
#[derive(Debug, Default)]
pub(super) struct Kept {
    ids: Vec<u8>,
    der: Vec<u8>,
    /// By certificate id, ascending: where its stored line and its DER are.
    at: Vec<(Id, Range<usize>, Range<usize>)>,
}

impl Kept {
    pub fn contains(&self, id: Id) -> bool {
        self.at.binary_search_by_key(&id, |e| e.0).is_ok()
    }
}

/// The next CRL's entries, in certificate order: their DER (for `build_crl`) and their
/// certificates' ids, one a line (stored: what the CRL after starts from).
pub(super) struct Listing {
    pub der: Vec<u8>,
    pub stored: Vec<u8>,
    pub count: usize,
}

/// The entries `kept` and `fresh` (no certificate in both), merged in certificate order;
/// `encode_der` writes a fresh entry's DER.
pub(super) fn listing(
    kept: &Kept,
    fresh: &BTreeMap<Id, CrlEntry>,
    mut encode_der: impl FnMut(&CrlEntry, &mut Vec<u8>) -> Result<()>,
) -> Result<Listing> {
    let mut out = Listing {
        der: Vec::with_capacity(kept.der.len()),
        stored: Vec::with_capacity(kept.ids.len()),
        count: 0,
    };
    let mut old = kept.at.iter().peekable();
    let mut new = fresh.values().peekable();
    loop {
        let take_old = match (old.peek(), new.peek()) {
            // A certificate in both (not one the callers make) is listed once, as fresh.
            (Some(o), Some(n)) if o.0 == n.cert_id => {
                old.next();
                continue;
            }
            (Some(o), Some(n)) => o.0 < n.cert_id,
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (None, None) => break,
        };
        if take_old {
            if let Some((_, line, der)) = old.next() {
                out.stored.extend_from_slice(&kept.ids[line.clone()]);
                out.der.extend_from_slice(&kept.der[der.clone()]);
            }
        } else if let Some(e) = new.next() {
            encode_line(e, &mut out.stored);
            encode_der(e, &mut out.der)?;
        }
        out.count += 1;
    }
    Ok(out)
}

/// Where CA `ca`'s next CRL starts: its last CRL's entries when believed, else nothing.
pub(super) fn start(tx: &Tx, ca: &Ca) -> Result<Start> {
    Ok(from_last(tx, ca)?.unwrap_or_default())
}

/// The names of the digests the `ca.crl` event records: the CRL's DER, its stored entries.
pub(super) const DER_SHA256: &str = "sha256";
pub(super) const ENTRIES_SHA256: &str = "entries_sha256";

/// How the entries were encoded, as the `ca.crl` event records it: kept entries are copied,
/// so a CRL whose entries were encoded otherwise (an older catool, or a change to
/// `pki::crl::encode_entry` or `ca::revocation`: raise the number) is not started from; the
/// next is built from every certificate and encodes them all anew. 1: each stored line was
/// id, serial, reason and date; 2: the id alone (the rest is the DER's, which the report
/// reads), under half the bytes to read, hash and write again (issue 17).
pub(super) const ENTRIES_ENCODING: &str = "entries_encoding";
pub(super) const ENTRIES_ENCODING_NOW: i64 = 2;

/// The newest `ca.crl` event of a CA, read whatever its outcome and its MAC checked: what the
/// CRL to start from, the next CRL number and the CRL `crl show` serves all rest on.
enum NewestCrl {
    /// The CA has issued no CRL.
    None,
    /// It fails its MAC: it may have recorded anything (an outcome changed to hide it too).
    Altered(EventRef),
    /// Authentic, but refused or not readable: it vouches for no CRL.
    NotIssued,
    /// The CRL issued last: the event as stored and as read (boxed: the other variants are
    /// a few words).
    Issued(Box<(StoredEvent, Event)>),
}

fn newest_crl(tx: &Tx, ca: &Ca) -> Result<NewestCrl> {
    let Some(stored) = events::last_of(tx, &ca_object(ca), "ca.crl")? else {
        return Ok(NewestCrl::None);
    };
    if !history::authentic(tx, &stored)? {
        return Ok(NewestCrl::Altered(EventRef {
            seq: stored.seq,
            action: stored.action.clone(),
        }));
    }
    Ok(match stored.event() {
        Ok(event) if stored.succeeded() => NewestCrl::Issued(Box::new((stored, event))),
        _ => NewestCrl::NotIssued,
    })
}

/// The object a CA's events are about (`ca:2`).
fn ca_object(ca: &Ca) -> String {
    format!("ca:{}", ca.id)
}

/// The CA's last CRL as kept (its DER and stored entries), against the keyed `ca.crl` event
/// that pinned both by their SHA-256.
enum Pin<M = Box<(StoredEvent, Event, cas::LastKept)>> {
    /// Nothing pins the stored entries: the newest `ca.crl` event is altered or refused (not
    /// believed: a CRL built from every certificate walks the whole history first,
    /// `ca::crl`), or of an older entries encoding.
    None,
    /// The event pins them, and what is stored is not what it pinned (another CRL, entries
    /// edited or deleted).
    Differs,
    /// What is stored is what the event pinned (with it, what [`pinned_last`] read).
    Matches(M),
}

fn pinned_last(tx: &Tx, ca: &Ca) -> Result<Pin> {
    let NewestCrl::Issued(issued) = newest_crl(tx, ca)? else {
        return Ok(Pin::None);
    };
    let (anchor, event) = *issued;
    let Some(last) = cas::last_kept(tx, ca.id)? else {
        return Ok(match pin_of(&event, 0, &[], None) {
            Pin::None => Pin::None,
            _ => Pin::Differs,
        });
    };
    Ok(
        match pin_of(&event, last.number, &last.der, Some(&last.entries)) {
            Pin::Matches(()) => Pin::Matches(Box::new((anchor, event, last))),
            Pin::None => Pin::None,
            Pin::Differs => Pin::Differs,
        },
    )
}

/// Whether `ca.crl` event `event` pins a CRL's stored entries, and whether the CRL numbered
/// `number` with DER `der` and stored `entries` (none stored: `None`) is the one it pinned.
fn pin_of(event: &Event, number: i64, der: &[u8], entries: Option<&[u8]>) -> Pin<()> {
    let d = &event.details;
    let text = |k: &str| d.get(k).and_then(Value::as_str);
    if d.get(ENTRIES_ENCODING).and_then(Value::as_i64) != Some(ENTRIES_ENCODING_NOW) {
        return Pin::None;
    }
    let (Some(pinned), Some(der_sha256), Some(entries_sha256), Some(entries)) = (
        d.get("crl_number").and_then(Value::as_i64),
        text(DER_SHA256),
        text(ENTRIES_SHA256),
        entries,
    ) else {
        return Pin::Differs;
    };
    if pinned != number
        || certs::sha256_hex(entries) != entries_sha256
        || certs::sha256_hex(der) != der_sha256
    {
        return Pin::Differs;
    }
    Pin::Matches(())
}

/// Which certificates the CA's last CRL lists, as far as the keyed history says.
pub(super) enum ListedIds {
    /// Its `ca.crl` event pins no ids (an older entries encoding): a row's serial is all
    /// there is to go by.
    NotPinned,
    /// The ids it pinned, one per entry in the DER's order.
    Pinned(Vec<Id>),
    /// It pinned ids, and the stored ones are not them: nothing to go by.
    Unknown,
}

fn from_last(tx: &Tx, ca: &Ca) -> Result<Option<Start>> {
    let object = ca_object(ca);
    let Pin::Matches(pinned) = pinned_last(tx, ca)? else {
        return Ok(None);
    };
    let (anchor, event, last) = *pinned;
    let d = &event.details;
    let Some(kept) = kept_of(last.entries, last.der) else {
        return Ok(None);
    };
    let later = events::after(tx, anchor.seq)?;
    if !unbroken(tx, &anchor, &later)? {
        return Ok(None);
    }
    let mut changed = BTreeSet::new();
    for e in &later {
        if e.object == object && e.succeeded() {
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
        kept,
        not_signed: left_out("left_out_not_signed_by_ca"),
        not_in_history: left_out("left_out_not_in_history"),
        changed: None,
        keyed: BTreeMap::new(),
    };
    // A certificate the last CRL left out (its body or its making not anchored) is not known
    // to be unlisted by the history: it is decided with every other one, from the beginning.
    if changed
        .iter()
        .any(|id| start.not_signed.contains(id) || start.not_in_history.contains(id))
    {
        return Ok(None);
    }
    let Some(keyed) = states_now(&start.kept, &changed, &later) else {
        return Ok(None);
    };
    start.keyed = keyed;
    start.kept.at.retain(|(id, _, _)| !changed.contains(id));
    start.changed = Some(changed.into_iter().collect());
    Ok(Some(start))
}

/// The keyed state of each of `changed` now: as the last CRL listed it (`kept`: revoked with
/// its date and reason, or on hold since its date; not listed: neither), then each of `later`
/// (every event since, each authentic: [`unbroken`]) that succeeded applied in order. Only
/// those revoked or on hold; `None` when a kept entry or an event does not read.
fn states_now(
    kept: &Kept,
    changed: &BTreeSet<Id>,
    later: &[StoredEvent],
) -> Option<BTreeMap<Id, KeyedState>> {
    let mut states = BTreeMap::new();
    for (id, _, der) in kept.at.iter().filter(|(id, _, _)| changed.contains(id)) {
        let e = crate::pki::crl::read_entry(kept.der.get(der.clone())?).ok()?;
        let at = Stamp::new(chrono::DateTime::<chrono::Utc>::from(e.revoked_at));
        states.insert(*id, KeyedState::as_listed(e.reason, at));
    }
    for stored in later.iter().filter(|e| e.succeeded()) {
        cert_state::apply_to(&mut states, &stored.event().ok()?, |id| {
            changed.contains(&id)
        });
    }
    cert_state::keep_listed(&mut states);
    Some(states)
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
    // The keyed head names the newest; and no number was handed out after it (the counter
    // set ahead would make the next event's number wrap: red team 7, round 3).
    if !history::is_head(tx, prev.seq, &prev.hash)? || events::high_water(tx)? != prev.seq {
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

/// A CRL entry's stored form: its certificate's id, a line; a CRL's are in the DER's order
/// (certificate order).
fn encode_line(e: &CrlEntry, out: &mut Vec<u8>) {
    use std::io::Write;
    // Into one buffer (a `format!` each was a sixth of an unchanged CRL's time); a Vec
    // cannot refuse a write.
    let _ = writeln!(out, "{}", e.cert_id);
}

/// The stored lines' certificate ids, in order (lines that do not read are skipped: those of
/// a CRL were read when it was kept, [`kept_of`]).
pub(super) fn ids_of(stored: &[u8]) -> impl Iterator<Item = Id> + '_ {
    stored.split(|b| *b == b'\n').filter_map(id_of_line)
}

/// A line's certificate id: decimal digits only (what [`encode_line`] writes).
fn id_of_line(line: &[u8]) -> Option<Id> {
    if line.is_empty() || !line.iter().all(u8::is_ascii_digit) {
        return None;
    }
    std::str::from_utf8(line).ok()?.parse().ok()
}

/// The last CRL's entries as stored and its DER, matched up: `None` when anything does not
/// read (then nothing is believed), or they are not as many lines as the DER has entries.
fn kept_of(ids: Vec<u8>, der: Vec<u8>) -> Option<Kept> {
    let read = lines_of(&ids)?;
    let ders = crate::pki::crl::entry_ranges(&der).ok()?;
    if read.len() != ders.len() {
        return None;
    }
    let at = read
        .into_iter()
        .zip(ders)
        .map(|((id, line), der)| (id, line, der))
        .collect();
    Some(Kept { ids, der, at })
}

/// Each stored line's certificate id and where the line is (newline included); `None` when
/// one is not an id ending in a newline, or the ids do not ascend.
fn lines_of(ids: &[u8]) -> Option<Vec<(Id, Range<usize>)>> {
    let mut read: Vec<(Id, Range<usize>)> = Vec::new();
    let mut start = 0;
    while start < ids.len() {
        let end = start + ids[start..].iter().position(|b| *b == b'\n')?;
        let id = id_of_line(&ids[start..end])?;
        if read.last().is_some_and(|(last, _)| *last >= id) {
            return None;
        }
        read.push((id, start..end + 1));
        start = end + 1;
    }
    Some(read)
}

/// Refuses `number` as CA `ca`'s next CRL number unless it is the one after the number the
/// newest keyed `ca.crl` event recorded (above 0 without one): CRL numbers increase (RFC 5280
/// §5.2.3), and a
/// validator that holds a higher-numbered CRL keeps it, so one numbered below it would never
/// replace it, whatever it lists. The counter is a column anyone with the file can set back.
pub(super) fn require_next_number(tx: &Tx, ca: &Ca, number: i64) -> Result<()> {
    use super::anchor_error::{Anchored, RowDiff};
    let of = Anchored::Ca {
        id: ca.id,
        name: ca.name.clone(),
    };
    let last = match newest_crl(tx, ca)? {
        NewestCrl::None | NewestCrl::NotIssued => None,
        // Altered, it may have recorded a higher number: not known, not signed.
        NewestCrl::Altered(event) => {
            return Err(super::anchor::Problem::EventAltered { of, event }.into());
        }
        NewestCrl::Issued(issued) => {
            let (stored, event) = *issued;
            let n = event.details.get("crl_number").and_then(Value::as_i64);
            n.map(|n| {
                let by = EventRef {
                    seq: stored.seq,
                    action: stored.action,
                };
                (n, by)
            })
        }
    };
    // The next one exactly: the counter moves with the event, in one transaction, so a
    // counter ahead of it was set there (far ahead, it would end the CA's CRLs at i64::MAX).
    let fits = match &last {
        Some((n, _)) => Some(number) == n.checked_add(1),
        None => number >= 1,
    };
    if fits {
        return Ok(());
    }
    Err(RowDiff::problem(
        of,
        "next_crl_number",
        Some(number.to_string()),
        Some(match &last {
            Some((n, _)) => format!("{} (after CRL {n})", n.saturating_add(1)),
            None => "1 or above".to_string(),
        }),
        last.map(|(_, e)| e),
    )
    .into())
}

/// Refuses to serve `last` as CA `ca`'s current CRL (`crl show`) unless it is the one the
/// newest keyed `ca.crl` event recorded (its number and the SHA-256 of its DER): an older
/// genuine CRL put back into the row still carries the CA's signature and may still be
/// inside its next-update window, yet leaves out every revocation since (red team 6). Served,
/// which certificates its entries are, as that event pinned them (red team 7, F6).
pub(super) fn require_recorded(tx: &Tx, ca: &Ca, last: &cas::LastCrl) -> Result<ListedIds> {
    use super::anchor_error::{AnchorProblem, Anchored, RowDiff};
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
    let newest = newest_crl(tx, ca).map_err(|err| AnchorProblem::HistoryUnchecked {
        of: of.clone(),
        error: crate::pdf::error::Wrapped(err),
    })?;
    // None, altered, or refused (not a CRL issued): nothing vouches for the stored CRL.
    let NewestCrl::Issued(issued) = newest else {
        return Err(differs(None, None).into());
    };
    let (_, event) = *issued;
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
    let entries = cas::last_entries(tx, ca.id)?;
    Ok(
        match pin_of(&event, last.number, &last.der, entries.as_deref()) {
            Pin::None => ListedIds::NotPinned,
            Pin::Differs => ListedIds::Unknown,
            Pin::Matches(()) => {
                ListedIds::Pinned(ids_of(entries.as_deref().unwrap_or_default()).collect())
            }
        },
    )
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

    /// Stored lines and stand-in "DER" (one byte per entry: its id) of `entries`.
    fn listed(entries: &[CrlEntry]) -> Listing {
        let fresh = entries.iter().map(|e| (e.cert_id, e.clone())).collect();
        listing(&Kept::default(), &fresh, |e, out| {
            out.push(u8::try_from(e.cert_id).unwrap_or(0));
            Ok(())
        })
        .expect("lists")
    }

    #[test]
    fn stored_entries_are_their_certificates_ids_in_order() {
        let list = listed(&[entry(3, "key-compromise"), entry(7, "certificate-hold")]);
        assert_eq!(list.count, 2);
        assert_eq!(list.stored, b"3\n7\n");
        assert_eq!(ids_of(&list.stored).collect::<Vec<_>>(), vec![3, 7]);
        assert_eq!(ids_of(b"").count(), 0);
    }

    #[test]
    fn stored_lines_not_as_many_as_the_ders_entries_are_not_believed() {
        use crate::pki::crl::build_crl;
        use crate::pki::crl::tests::{ca, entries, revocation};
        use crate::pki::keys::{Algo, SM2_DEFAULT_DISTID};
        use std::time::{Duration, SystemTime};
        let (ca, key) = ca(Algo::Sm2);
        let one = entries(&ca, &[revocation(&[0x0A], None)]);
        let der = build_crl(
            &ca,
            &key,
            1,
            &one,
            SystemTime::now(),
            Duration::ZERO,
            SM2_DEFAULT_DISTID,
        )
        .expect("builds")
        .der;
        let line = b"3\n";
        assert!(kept_of(line.to_vec(), der.clone()).is_some());
        assert!(kept_of([&line[..], b"7\n"].concat(), der.clone()).is_none());
        assert!(kept_of(Vec::new(), der).is_none());
    }

    #[test]
    fn stored_entries_that_do_not_read_are_not_believed() {
        for stored in [
            &b"3"[..],
            b"x\n",
            b"+3\n",
            b" 3\n",
            b"3 \n",
            b"3\r\n",
            b"\n",
            b"3\t0A\tunspecified\t\n",
            b"3\n3\n",
            b"7\n3\n",
            b"99999999999999999999\n",
        ] {
            assert!(lines_of(stored).is_none(), "{stored:?}");
        }
        assert_eq!(lines_of(b"3\n17\n"), Some(vec![(3, 0..2), (17, 2..5)]));
    }
}
