//! Trust anchored in the keyed history (D21). Someone with write access to the registry file
//! but not the master key can change any row, yet cannot write an event catool would accept.
//! So a row a trust decision rests on is believed only when the keyed event that made it says
//! the same:
//!
//! * a CA is a trust anchor (for `pdf verify`, `tsa check`, CRL signing, issuing, export) only
//!   when its `ca.init` event carries its certificate; a TSA likewise with `tsa.init`;
//! * a certificate's identity (SHA-256 fingerprint of its body, serial, CA) is the one its
//!   `cert.issue` / `cert.import` / `cert.reissue` / `cert.extend` event recorded: a body
//!   swapped between rows is not believed (its registry status would be another
//!   certificate's), and a CRL lists revoked certificates by the serials their events recorded;
//! * where a CA's CRL is published (directory, URL file names) is what its `ca.init` and
//!   `ca.set` events configured.
//!
//! Each check reads the few events about one object (an index lookup) and checks their MACs.
//! Events written before a fact was recorded leave it unproven: it is believed as stored (as
//! before), and `log verify` lists it as not provable.

use serde_json::Value;

use super::anchor_error::{Anchored, CertPart, EventRef, RowDiff};
use super::history;
use crate::error::Result;
use crate::model::{Ca, Cert, Event, Id, Tsa, default_crl_url};
use crate::pdf::error::Wrapped;
use crate::registry::{Tx, cas, certs, events};

/// Why a row is not believed (for a verdict's reason or an error).
pub use super::anchor_error::AnchorProblem as Problem;

/// The actions that make a certificate row.
pub const CERT_MADE_BY: &[&str] = &["cert.issue", "cert.import", "cert.reissue", "cert.extend"];

/// The events about `object` (the row `of`) with one of `actions` that catool wrote under
/// this registry's master key (others are forgeries, which `log verify` reports), or why they
/// cannot be checked (no master key).
pub(crate) fn keyed(
    tx: &Tx,
    of: Anchored,
    object: &str,
    actions: &[&str],
) -> Result<std::result::Result<Vec<Event>, Problem>> {
    let mut out = Vec::new();
    for s in events::of_object(tx, object, actions)? {
        match history::authentic(tx, &s) {
            // An authentic event catool cannot read (only the master key's holder could write
            // one) anchors nothing; nor does one it refused (its outcome is under its MAC).
            Ok(true) if s.succeeded() => out.extend(s.event().ok()),
            Ok(true) => {}
            // An event about the row that fails its MAC is not "nothing": it may have been a
            // freeze or a revocation (red team 6). The row is not believed either way.
            Ok(false) => {
                return Ok(Err(Problem::EventAltered {
                    of,
                    event: EventRef {
                        seq: s.seq,
                        action: s.action.clone(),
                    },
                }));
            }
            Err(err) => {
                return Ok(Err(Problem::HistoryUnchecked {
                    of,
                    error: Wrapped(err),
                }));
            }
        }
    }
    Ok(Ok(out))
}

fn event_ref(e: &Event) -> EventRef {
    EventRef {
        seq: e.seq,
        action: e.action.clone(),
    }
}

/// Fingerprints compare whatever their case and colons.
fn same_fingerprint(a: &str, b: &str) -> bool {
    let norm = |s: &str| s.replace(':', "").to_ascii_uppercase();
    norm(a) == norm(b)
}

// ---- slots -----------------------------------------------------------------------------------

/// Whether slot `slot_id`'s assignment to owner `owner_id` and holder `holder_id` was made
/// with the owner's consent (D5): its last keyed `cert.assign` event names that holder and
/// was made by the operator or by the owner. The slot's columns alone are not believed.
pub fn assigned_with_consent(tx: &Tx, slot_id: Id, owner_id: Id, holder_id: Id) -> Result<bool> {
    let Ok(events) = keyed(
        tx,
        Anchored::Slot { id: slot_id },
        &format!("slot:{slot_id}"),
        &["cert.assign"],
    )?
    else {
        return Ok(false);
    };
    let Some(last) = events.last() else {
        return Ok(false);
    };
    let by_owner = last
        .actor
        .strip_prefix(&format!("person:{owner_id} "))
        .is_some();
    Ok(
        last.details.get("holder_id").and_then(Value::as_i64) == Some(holder_id)
            && last.person_id == Some(owner_id)
            && (last.actor == "operator" || by_owner),
    )
}

/// Refuses slot `slot`'s owner and holder unless its last keyed `cert.assign` event set them
/// (a slot assigned or handed to another holder outside catool is not issued: D5, D6). An
/// event from before the holder was recorded proves the owner only.
pub fn require_slot_assignment(tx: &Tx, slot: &certs::SlotRow) -> Result<()> {
    let of = Anchored::Slot { id: slot.id };
    let events = keyed(
        tx,
        of.clone(),
        &format!("slot:{}", slot.id),
        &["cert.assign"],
    )??;
    let last = events.last();
    let show = |id: Option<Id>| id.map(|i| i.to_string());
    let recorded_holder = last.and_then(|e| e.details.get("holder_id").map(Value::as_i64));
    let differs = |column, stored, history| {
        RowDiff::problem(of.clone(), column, stored, history, last.map(event_ref))
    };
    let owner = last.and_then(|e| e.person_id);
    if last.is_none() || owner != slot.owner_person_id {
        return Err(differs("owner_person_id", show(slot.owner_person_id), show(owner)).into());
    }
    // The enterprise whose administrator assigned it (red team 6: a slot moved into another
    // enterprise for its assignment and put back before the operator's issue).
    if let Some(org) = last.and_then(|e| e.org_id)
        && org != slot.org_id
    {
        return Err(differs("org_id", show(Some(slot.org_id)), show(Some(org))).into());
    }
    if let Some(holder) = recorded_holder
        && holder != slot.holder_person_id
    {
        return Err(differs(
            "holder_person_id",
            show(slot.holder_person_id),
            show(holder),
        )
        .into());
    }
    Ok(())
}

// ---- certificates -----------------------------------------------------------------------------

/// What a certificate's keyed event recorded of its identity; `None`: not recorded (written
/// by an older catool).
#[derive(Debug, Clone)]
pub struct Identity {
    pub event: Event,
    pub sha256: Option<String>,
    pub serial: Option<String>,
    /// The CA that issued it (`Some(None)`: none of this registry's).
    pub ca_id: Option<Option<Id>>,
}

impl Identity {
    fn of(event: Event) -> Identity {
        let d = &event.details;
        let text = |k: &str| d.get(k).and_then(Value::as_str).map(str::to_string);
        Identity {
            sha256: text("sha256"),
            serial: text("serial"),
            ca_id: d.get("ca_id").map(Value::as_i64),
            event,
        }
    }

    /// What of `cert`'s row differs from this record (body, serial, CA), if anything.
    fn differs(&self, cert: &Cert) -> Option<CertPart> {
        if let Some(f) = &self.sha256
            && !same_fingerprint(f, &crate::hex::fingerprint(&cert.cert_der))
        {
            return Some(CertPart::Body);
        }
        if let Some(s) = &self.serial
            && !s.eq_ignore_ascii_case(&cert.serial_hex)
        {
            return Some(CertPart::Serial);
        }
        if let Some(ca) = self.ca_id
            && ca != cert.ca_id
        {
            return Some(CertPart::Ca);
        }
        None
    }

    /// The row's body is the one the event recorded (or the event recorded none).
    pub fn body_matches(&self, cert: &Cert) -> bool {
        self.differs(cert).is_none()
    }
}

/// The identity certificate `cert_id`'s keyed event recorded, or why there is none.
pub fn cert_identity(tx: &Tx, cert_id: Id) -> Result<std::result::Result<Identity, Problem>> {
    let of = Anchored::Cert { id: cert_id };
    let made = match keyed(tx, of, &format!("cert:{cert_id}"), CERT_MADE_BY)? {
        Ok(events) => events.into_iter().next(),
        Err(p) => return Ok(Err(p)),
    };
    Ok(made
        .map(Identity::of)
        .ok_or(Problem::CertNotInHistory { cert: cert_id }))
}

/// Why `cert`'s row is not to be believed (it differs from its keyed event, or has none).
pub fn cert_problem(tx: &Tx, cert: &Cert) -> Result<Option<Problem>> {
    let identity = match cert_identity(tx, cert.id)? {
        Ok(i) => i,
        Err(p) => return Ok(Some(p)),
    };
    Ok(identity.differs(cert).map(|part| Problem::CertDiffers {
        cert: cert.id,
        part,
        event: event_ref(&identity.event),
    }))
}

/// Why `cert`'s row is not to be believed: its identity ([`cert_problem`]) or its state
/// (revoked, held, superseded: `cert_state`) differs from its keyed history.
pub fn row_problem(tx: &Tx, cert: &Cert) -> Result<Option<Problem>> {
    match cert_problem(tx, cert)? {
        Some(p) => Ok(Some(p)),
        None => super::cert_state::problem(tx, cert),
    }
}

/// Refuses a certificate whose row (identity or state) is not to be believed.
pub fn require_cert(tx: &Tx, cert: &Cert) -> Result<()> {
    refuse(row_problem(tx, cert)?)
}

fn refuse(problem: Option<Problem>) -> Result<()> {
    match problem {
        Some(p) => Err(p.into()),
        None => Ok(()),
    }
}

/// Whether and how a revoked or frozen certificate goes on a CA's CRL.
#[derive(Debug, PartialEq, Eq)]
pub enum CrlListing {
    /// Under this serial.
    Listed(String),
    /// Another CA's certificate.
    OtherCa,
    /// Linked to the CA by an older catool without its signature on the body.
    NotSigned,
    /// No keyed event made the row: left out (`log verify` reports it).
    NotInHistory,
}

/// The identity each certificate of `batch` had recorded by the first of its keyed events
/// (as [`cert_identity`]), their MACs checked together on every core; `None`: no keyed event
/// made the row, or the history cannot be checked (no master key).
pub fn crl_identities(tx: &Tx, batch: &[certs::OnCrl]) -> Result<Vec<Option<Identity>>> {
    let made: Vec<&events::StoredEvent> = batch.iter().flat_map(|c| &c.made_by).collect();
    let mut verdicts = history::authentic_all(tx, &made)?.into_iter();
    let mut identities = Vec::with_capacity(batch.len());
    for c in batch {
        let mut first = None;
        for e in &c.made_by {
            // An event that made the certificate and fails its MAC may have been its issue
            // with its outcome changed to hide it (red team 7): no CRL is signed that leaves
            // it out for want of one, the event is named instead.
            if !verdicts.next().unwrap_or(false) {
                return Err(Problem::EventAltered {
                    of: Anchored::Cert { id: c.id },
                    event: EventRef {
                        seq: e.seq,
                        action: e.action.clone(),
                    },
                }
                .into());
            }
            // An authentic event catool cannot read anchors nothing; nor does a refused one.
            if first.is_none() && e.succeeded() {
                first = e.event().ok();
            }
        }
        identities.push(first.map(Identity::of));
    }
    Ok(identities)
}

/// How revoked or frozen `c` goes on the CRL of CA `ca_id` (certificate `ca_cert`), given
/// the identity its keyed event recorded ([`crl_identities`]): under the serial and CA that
/// event recorded, so a row whose body, serial or CA was changed can neither take a
/// revocation off the CRL nor put it on another certificate. Events that predate recording
/// the CA fall back to the row's CA; an import among them is listed only if its body carries
/// the CA's signature (imports were once linked to a CA by issuer name alone: a forgery under
/// a borrowed name could otherwise put its serial on the CRL). Only then is the body read.
pub fn crl_listing(
    tx: &Tx,
    c: &certs::OnCrl,
    identity: Option<Identity>,
    ca_id: Id,
    ca_cert: &x509_cert::Certificate,
) -> Result<CrlListing> {
    let Some(identity) = identity else {
        return Ok(CrlListing::NotInHistory);
    };
    if identity.ca_id.unwrap_or(c.ca_id) != Some(ca_id) {
        return Ok(CrlListing::OtherCa);
    }
    if identity.ca_id.is_none() && identity.event.action == "cert.import" {
        use der::Decode;
        let body = certs::require(tx, c.id)?;
        let signed = identity.body_matches(&body)
            && x509_cert::Certificate::from_der(&body.cert_der)
                .ok()
                .is_some_and(|leaf| crate::pki::x509::verify_signed_by(&leaf, ca_cert).is_ok());
        if !signed {
            return Ok(CrlListing::NotSigned);
        }
    }
    Ok(CrlListing::Listed(
        identity.serial.unwrap_or_else(|| c.serial_hex.clone()),
    ))
}

// ---- CAs and TSAs -----------------------------------------------------------------------------

/// Where a CA's CRL is published, as configured: the directory, and every CRL URL it has had
/// (oldest first; the stable `ca-<id>.crl` is always published too).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Publication {
    pub dir: Option<String>,
    pub urls: Vec<String>,
}

impl Publication {
    /// Applies what a `ca.init` or `ca.set` event configured (the replay does the same).
    pub fn apply(&mut self, ca_id: Id, e: &Event) {
        let d = &e.details;
        let text = |k: &str| d.get(k).and_then(Value::as_str).map(str::to_string);
        match e.action.as_str() {
            "ca.init" => {
                // Before schema v5 nothing was configured: neither key is there.
                self.dir = text("crl_dir");
                self.urls = match d.get("crl_urls").and_then(Value::as_array) {
                    Some(urls) => urls
                        .iter()
                        .filter_map(Value::as_str)
                        .map(str::to_string)
                        .collect(),
                    // Until `crl_urls` was recorded: `crl_url` is the default unless given.
                    None => text("crl_url")
                        .filter(|u| *u != default_crl_url(ca_id))
                        .into_iter()
                        .collect(),
                };
            }
            "ca.set" => {
                if let Some(dir) = d.get("crl_dir") {
                    self.dir = dir.as_str().map(str::to_string);
                }
                if let Some(url) = text("crl_url") {
                    self.urls.push(url);
                }
            }
            _ => {}
        }
    }
}

/// A CA's keyed `ca.init` and `ca.set` events.
pub struct CaHistory {
    ca_id: Id,
    events: std::result::Result<Vec<Event>, Problem>,
}

impl CaHistory {
    pub fn load(tx: &Tx, ca: &Ca) -> Result<CaHistory> {
        let of = Anchored::Ca {
            id: ca.id,
            name: ca.name.clone(),
        };
        Ok(CaHistory {
            ca_id: ca.id,
            events: keyed(tx, of, &format!("ca:{}", ca.id), &["ca.init", "ca.set"])?,
        })
    }

    fn init(&self, name: &str) -> std::result::Result<&Event, Problem> {
        let events = self.events.as_ref().map_err(Clone::clone)?;
        events
            .iter()
            .find(|e| e.action == "ca.init")
            .ok_or_else(|| Problem::CaNoInit {
                ca: self.ca_id,
                name: name.to_string(),
            })
    }

    /// Why `ca` is not a trust anchor: no keyed `ca.init`, or one that recorded another
    /// certificate.
    pub fn certificate_problem(&self, ca: &Ca) -> Option<Problem> {
        let init = match self.init(&ca.name) {
            Ok(e) => e,
            Err(p) => return Some(p),
        };
        let of = Anchored::Ca {
            id: ca.id,
            name: ca.name.clone(),
        };
        differs_from_init(init, of, &ca.cert_der)
    }

    /// Where the history says `ca`'s CRL is published.
    pub fn publication(&self) -> Publication {
        let mut p = Publication::default();
        for e in self.events.iter().flatten() {
            p.apply(self.ca_id, e);
        }
        p
    }
}

/// Why the certificate an init event recorded (`cert_der_hex`; older events lack it) is not
/// `der`.
fn differs_from_init(init: &Event, of: Anchored, der: &[u8]) -> Option<Problem> {
    let recorded = init.details.get("cert_der_hex").and_then(Value::as_str)?;
    (!recorded.eq_ignore_ascii_case(&crate::hex::encode(der))).then(|| {
        Problem::CertificateDiffers {
            of,
            event: event_ref(init),
        }
    })
}

/// Why `ca` is not a trust anchor, if it is not.
pub fn ca_problem(tx: &Tx, ca: &Ca) -> Result<Option<Problem>> {
    Ok(CaHistory::load(tx, ca)?.certificate_problem(ca))
}

/// Refuses a CA that is not a trust anchor.
pub fn require_ca(tx: &Tx, ca: &Ca) -> Result<()> {
    refuse(ca_problem(tx, ca)?)
}

/// Refuses a CA that is not a trust anchor or whose CRL distribution (publication directory,
/// CRL URLs) differs from what its keyed events configured; returns that configuration.
/// Nothing is written, and no certificate carries a URL, that the operator did not set.
pub fn require_publication(tx: &Tx, ca: &Ca) -> Result<Publication> {
    let history = CaHistory::load(tx, ca)?;
    refuse(history.certificate_problem(ca))?;
    let configured = history.publication();
    let stored = Publication {
        dir: ca.crl_dir.clone(),
        urls: cas::crl_urls(tx, ca.id)?,
    };
    if stored.dir != configured.dir {
        return Err(Problem::CrlDirDiffers {
            ca: ca.id,
            name: ca.name.clone(),
            stored: stored.dir,
            configured: configured.dir,
        }
        .into());
    }
    if stored.urls != configured.urls {
        let added: Vec<String> = stored
            .urls
            .iter()
            .filter(|u| !configured.urls.contains(u))
            .cloned()
            .collect();
        return Err(Problem::CrlUrlsDiffer {
            ca: ca.id,
            name: ca.name.clone(),
            stored: stored.urls,
            configured: configured.urls,
            added,
        }
        .into());
    }
    Ok(configured)
}

/// Why `tsa` is not to be trusted: its `tsa.init` event is missing or recorded another
/// certificate, or its CA is not a trust anchor.
pub fn tsa_problem(tx: &Tx, tsa: &Tsa, ca: &Ca) -> Result<Option<Problem>> {
    let of = || Anchored::Tsa {
        id: tsa.id,
        name: tsa.name.clone(),
    };
    let init = match keyed(tx, of(), &format!("tsa:{}", tsa.id), &["tsa.init"])? {
        Ok(events) => events.into_iter().next(),
        Err(p) => return Ok(Some(p)),
    };
    let Some(init) = init else {
        return Ok(Some(Problem::TsaNoInit {
            tsa: tsa.id,
            name: tsa.name.clone(),
        }));
    };
    if init
        .details
        .get("ca_id")
        .and_then(Value::as_i64)
        .is_some_and(|c| c != tsa.ca_id)
    {
        return Ok(Some(Problem::TsaCaDiffers {
            tsa: tsa.id,
            name: tsa.name.clone(),
            event: event_ref(&init),
        }));
    }
    if let Some(p) = differs_from_init(&init, of(), &tsa.cert_der) {
        return Ok(Some(p));
    }
    ca_problem(tx, ca)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use serde_json::json;

    /// An event of the operator about `ca:3` (tests give it another object as they need).
    pub(crate) fn event(seq: Id, action: &str, details: Value) -> Event {
        Event {
            seq,
            at: crate::model::Stamp::new(chrono::DateTime::UNIX_EPOCH),
            actor: "operator".into(),
            action: action.into(),
            object: "ca:3".into(),
            org_id: None,
            person_id: None,
            cert_id: None,
            outcome: crate::model::EventOutcome::Ok,
            details,
            prev_hash: String::new(),
            hash: String::new(),
            host: None,
            os_user: None,
        }
    }

    fn replayed(events: &[Event]) -> Publication {
        let mut p = Publication::default();
        for e in events {
            p.apply(3, e);
        }
        p
    }

    #[test]
    fn publication_is_what_ca_init_and_ca_set_configured_in_order() {
        let p = replayed(&[
            event(
                1,
                "ca.init",
                json!({"crl_url": "http://a.example/a.crl", "crl_urls": ["http://a.example/a.crl"], "crl_dir": "/srv/crl"}),
            ),
            event(2, "ca.set", json!({"crl_url": "http://b.example/b.crl"})),
            event(3, "ca.set", json!({"crl_dir": null})),
        ]);
        assert_eq!(p.dir, None);
        assert_eq!(p.urls, ["http://a.example/a.crl", "http://b.example/b.crl"]);
    }

    #[test]
    fn an_init_event_from_before_crl_urls_were_recorded_has_a_url_row_unless_it_is_the_default() {
        let given = replayed(&[event(
            1,
            "ca.init",
            json!({"crl_url": "http://a.example/a.crl", "crl_dir": null}),
        )]);
        assert_eq!(given.urls, ["http://a.example/a.crl"]);
        let default = replayed(&[event(1, "ca.init", json!({"crl_url": default_crl_url(3)}))]);
        assert!(default.urls.is_empty());
        // Before schema v5 nothing was configured.
        assert_eq!(
            replayed(&[event(1, "ca.init", json!({"name": "x"}))]),
            Publication::default()
        );
    }
}
