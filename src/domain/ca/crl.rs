//! A CA's CRLs (D11: revoked and frozen certificates): issuing the next one, its entries,
//! publishing it in order, and reading back the last one issued.

use std::path::PathBuf;
use std::time::{Duration, SystemTime};

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::json;
use x509_cert::Certificate;
use x509_cert::ext::pkix::CrlReason;

use super::{crl_reason, parse_cert, publication_paths, stored_paths, system_time};
use crate::domain::anchor::{self, CrlListing};
use crate::domain::authority_error::AuthorityError as E;
use crate::domain::history::{self, Draft};
use crate::domain::{Actor, clock, keystore, mutate};
use crate::error::Result;
use crate::model::{Id, Stamp};
use crate::pki::crl::{Revocation, build_crl, read_crl};
use crate::pki::keys::{PrivateKey, SM2_DEFAULT_DISTID};
use crate::pki::vault::MasterKey;
use crate::registry::{Registry, Tx, cas, certs};

#[derive(Debug, Serialize)]
pub struct CrlReport {
    pub ca: String,
    pub ca_id: Id,
    pub crl_number: i64,
    pub this_update: String,
    pub next_update: String,
    /// The URL certificates issued now carry.
    pub crl_url: String,
    /// The files the CRL was published as (DER), in the CA's publication directory.
    pub published: Vec<String>,
    /// Also the CRL itself ([`CrlReport::der`]).
    pub entries: CrlEntries,
    /// Certificates whose registry row says otherwise than their keyed history about being
    /// revoked or on hold (changed outside catool): listed as the history says.
    pub rows_differ_from_history: Vec<Id>,
}

/// A CRL's entries: its DER and the listed certificates' ids as stored (one a line, in the
/// DER's order), read only when listed: an operator who asks for a CRL without `--json` is
/// shown their number only. Each entry's serial, date and reason are read back from the DER
/// (what the CRL says, as `crl show` reads it).
#[derive(Debug)]
pub struct CrlEntries {
    ids: Vec<u8>,
    der: Vec<u8>,
}

impl CrlEntries {
    /// One a line (counted, not kept beside them: 40,000 lines take well under a millisecond).
    pub fn len(&self) -> usize {
        self.ids.iter().filter(|b| **b == b'\n').count()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// The entries in certificate order; an error if the DER's entries do not read (not one
    /// this command signed).
    pub fn iter(&self) -> Result<impl Iterator<Item = Result<CrlEntry>> + '_> {
        let ranges = crate::pki::crl::entry_ranges(&self.der)?;
        let ids = crate::domain::crl_delta::ids_of(&self.ids);
        Ok(ids.zip(ranges).map(|(cert_id, range)| {
            let e = crate::pki::crl::read_entry(self.der.get(range).unwrap_or_default())?;
            let EntryTexts {
                serial,
                reason,
                revoked_at,
            } = EntryTexts::of(&e);
            Ok(CrlEntry {
                cert_id,
                serial,
                reason,
                revoked_at,
            })
        }))
    }
}

/// A CRL entry read back from its DER, as catool shows it: serial in upper-case hex, reason
/// as `cert revoke --reason` names it, date as stored. `crl` (its report) and `crl show` alike.
struct EntryTexts {
    serial: String,
    reason: String,
    revoked_at: String,
}

impl EntryTexts {
    fn of(e: &crate::pki::crl::CrlContentsEntry) -> EntryTexts {
        EntryTexts {
            serial: crate::hex::encode(&e.serial).to_uppercase(),
            reason: e.reason.map_or("unspecified", crl_reason_name).to_string(),
            revoked_at: clock::stamp(DateTime::<Utc>::from(e.revoked_at)),
        }
    }
}

impl Serialize for CrlEntries {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::{Error as _, SerializeSeq};
        let entries = self.iter().map_err(S::Error::custom)?;
        let mut seq = s.serialize_seq(Some(self.len()))?;
        for e in entries {
            seq.serialize_element(&e.map_err(S::Error::custom)?)?;
        }
        seq.end()
    }
}

impl CrlReport {
    /// The CRL as signed (DER).
    pub fn der(&self) -> &[u8] {
        &self.entries.der
    }

    pub fn into_der(self) -> Vec<u8> {
        self.entries.der
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct CrlEntry {
    pub cert_id: i64,
    pub serial: String,
    pub reason: String,
    /// The entry's revocationDate: when it was revoked, or frozen (certificate-hold).
    pub revoked_at: String,
}

/// A CRL just signed, before the transaction that issues it commits: what to write where.
pub struct SignedCrl<'a> {
    pub der: &'a [u8],
    /// The publication files (empty when the CA has no publication directory).
    pub publish_to: &'a [PathBuf],
}

/// Entries read and checked at a time by `crl` (bounded memory, MACs checked together).
const CRL_BATCH: usize = 4096;

/// How long a CRL is current (nextUpdate - thisUpdate).
const CRL_VALIDITY: Duration = Duration::from_secs(7 * 24 * 3600);

/// Issues the next CRL of a CA: every revoked certificate with its reason, and every frozen
/// one as certificateHold. Each CRL gets the next number. A revoked certificate stays on
/// every later CRL, also after it expires (RFC 5280 §5.1.2.6 allows dropping it then;
/// keeping it lets a validator check an old signature against a current CRL); an
/// unfrozen one leaves the next CRL (a full CRL simply no longer lists it, RFC 5280 §5.3.1).
///
/// `prepare` runs once the CRL is signed, inside the transaction: it writes the CRL where
/// it goes (temporary files, published after the commit); its error rolls everything back,
/// so a refused or failed output uses up no CRL number.
pub fn crl<T>(
    reg: &mut Registry,
    actor: &Actor,
    master: &MasterKey,
    reference: Option<&str>,
    prepare: impl FnOnce(&SignedCrl) -> Result<T>,
) -> Result<(CrlReport, T)> {
    let now = clock::now()?;
    mutate(reg, actor, "ca.crl", |tx| {
        let ca = cas::resolve(tx, reference)?;
        // Signed only by a trust anchor, published only where the operator configured.
        let publication = anchor::require_publication(tx, &ca)?;
        let cert = parse_cert(&ca.cert_der)?;
        let key: PrivateKey = keystore::open_ca_key(master, &ca.name, &ca.key_sealed)?;
        // From the last CRL's entries and what changed since, or from every certificate:
        // either way each certificate considered goes through `consider`, which takes whether
        // and since when it is revoked or on hold from the keyed history, not from columns
        // anyone can clear; rows that say otherwise are named in the event (red team 5).
        let mut built = crate::domain::crl_delta::start(tx, &ca)?;
        // The certificates the keyed history leaves revoked or on hold, with that state: a
        // full build reads them from the keyed events at once (events_cert_state); one from
        // the last CRL knows them for the certificates the events since name (crl_delta).
        let (keyed, ids) = match built.changed.take() {
            None => {
                // The candidates come through an index: an event deleted, or one whose action
                // was changed, is simply not there. Not signed on a history that lost one
                // (red team 7); from the last CRL, the events since were checked alike.
                if let Some(first) = history::first_break(tx)? {
                    return Err(anchor::Problem::HistoryUnchecked {
                        of: crate::domain::anchor_error::Anchored::Ca {
                            id: ca.id,
                            name: ca.name.clone(),
                        },
                        error: crate::pdf::error::Wrapped(
                            E::HistoryAltered { first, total: 1 }.into(),
                        ),
                    }
                    .into());
                }
                let keyed = crate::domain::cert_state::crl_candidates(tx)?;
                let mut ids: std::collections::BTreeSet<Id> = keyed.keys().copied().collect();
                ids.extend(certs::revoked_ids(tx, ca.id)?);
                (keyed, ids)
            }
            // Also every row that records a revocation the last CRL does not list: the same
            // rule as a full build (a revocation only a row records refuses the CRL).
            Some(changed) => {
                let mut ids: std::collections::BTreeSet<Id> = changed.into_iter().collect();
                ids.extend(certs::revoked_ids(tx, ca.id)?.into_iter().filter(|id| {
                    !built.kept.contains(*id)
                        && !built.not_signed.contains(id)
                        && !built.not_in_history.contains(id)
                }));
                (std::mem::take(&mut built.keyed), ids)
            }
        };
        let ids: Vec<Id> = ids.into_iter().collect();
        let mut rows_differ = Vec::new();
        // The entries of the certificates considered (none of them kept from the last CRL).
        let mut fresh = std::collections::BTreeMap::new();
        let mut seen = std::collections::BTreeSet::new();
        let mut row_only: Option<anchor::Problem> = None;
        let mut consider = |batch: Vec<certs::OnCrl>| -> Result<()> {
            let identities = anchor::crl_identities(tx, &batch)?;
            for (c, identity) in batch.iter().zip(identities) {
                seen.insert(c.id);
                let state = keyed.get(&c.id).cloned().unwrap_or_default();
                // A revocation the row records (set once, under a trigger) with no keyed event
                // refuses the CRL on either path, naming the row (red team 6): listed, its
                // date and reason would be whatever was typed into the row (a backdated key
                // compromise); left off, a deleted revoke event would take a revocation off.
                if state.revoked.is_none()
                    && let Some(at) = c.revoked_at
                {
                    row_only.get_or_insert(crate::domain::anchor_error::RowDiff::problem(
                        crate::domain::anchor_error::Anchored::Cert { id: c.id },
                        "revoked_at",
                        Some(at.text()),
                        None,
                        state.last.clone(),
                    ));
                    continue;
                }
                if state.listing_differs(c.status, c.revoked_at, c.frozen_at) {
                    rows_differ.push(c.id);
                }
                match crl_entry(tx, c, identity, ca.id, &cert, &state)? {
                    Some(Ok(entry)) => {
                        fresh.insert(c.id, entry);
                    }
                    Some(Err(CrlListing::NotSigned)) => {
                        built.not_signed.insert(c.id);
                    }
                    Some(Err(CrlListing::NotInHistory)) => {
                        built.not_in_history.insert(c.id);
                    }
                    Some(Err(_)) | None => {}
                }
            }
            Ok(())
        };
        // A batch of entries at a time: their keyed events' MACs checked together.
        certs::each_on_crl(tx, &ids, anchor::CERT_MADE_BY, CRL_BATCH, &mut consider)?;
        // A certificate its keyed history leaves revoked or on hold has a row (its id never
        // changes, under a trigger): one renumbered or deleted behind the schema refuses the
        // CRL, naming it, rather than signing one without it (red team 6).
        if let Some((id, state)) = keyed.iter().find(|(id, _)| !seen.contains(*id)) {
            return Err(anchor::Problem::KeyedCertWithoutRow {
                cert: *id,
                event: state
                    .last
                    .clone()
                    .unwrap_or(crate::domain::anchor_error::EventRef {
                        seq: 0,
                        action: String::new(),
                    }),
            }
            .into());
        }
        if let Some(p) = row_only {
            return Err(p.into());
        }
        // The kept entries' DER copied, the fresh ones' encoded: one list in certificate order.
        let listed = crate::domain::crl_delta::listing(&built.kept, &fresh, |e, out| {
            Ok(crate::pki::crl::encode_entry(
                &cert,
                &revocation(e, now)?,
                out,
            )?)
        })?;
        let number = cas::take_crl_number(tx, ca.id)?;
        // Each CRL's number above the last one the keyed history recorded: a number rolled
        // back in the row would make validators keep the older CRL (red team 7).
        crate::domain::crl_delta::require_next_number(tx, &ca, number)?;
        let list = build_crl(
            &cert,
            &key,
            u64::try_from(number).unwrap_or(0),
            &listed.der,
            system_time(now),
            CRL_VALIDITY,
            SM2_DEFAULT_DISTID,
        )?;
        let der = list.der;
        let this_update = Stamp::new(DateTime::<Utc>::from(list.this_update));
        let next_update = Some(Stamp::new(DateTime::<Utc>::from(list.next_update)));
        let publish_to = publication_paths(ca.id, &publication);
        let published: Vec<String> = publish_to.iter().map(|p| p.display().to_string()).collect();
        // The next CRL starts from these entries, believed by these digests (crl_delta).
        let stored = listed.stored;
        cas::set_last_crl(
            tx,
            ca.id,
            &cas::LastCrl {
                number,
                this_update,
                next_update,
                der: der.clone(),
            },
            &stored,
        )?;
        history::record(
            tx,
            actor,
            Draft::new("ca.crl", format!("ca:{}", ca.id)).details(json!({
                "crl_number": number, "entries": listed.count,
                "left_out_not_signed_by_ca": built.not_signed,
                "left_out_not_in_history": built.not_in_history,
                "rows_differ_from_history": &rows_differ,
                "published": published,
                crate::domain::crl_delta::DER_SHA256: certs::sha256_hex(&der),
                crate::domain::crl_delta::ENTRIES_SHA256: certs::sha256_hex(&stored),
                crate::domain::crl_delta::ENTRIES_ENCODING: crate::domain::crl_delta::ENTRIES_ENCODING_NOW,
            })),
        )?;
        let written = prepare(&SignedCrl {
            der: &der,
            publish_to: &publish_to,
        })?;
        Ok((
            CrlReport {
                ca: ca.name,
                ca_id: ca.id,
                crl_number: number,
                this_update: this_update.text(),
                next_update: next_update.map(Stamp::text).unwrap_or_default(),
                crl_url: ca.crl_url,
                published,
                entries: CrlEntries { ids: stored, der },
                rows_differ_from_history: rows_differ,
            },
            written,
        ))
    })
}

/// Publishes CRL `number` of CA `ca_id` (`publish` renames its files into place, `paths`)
/// under the registry's write lock, unless one of `paths` already holds a later CRL of the CA
/// (its signature checked; anything else there is replaced): two `crl` runs then publish in
/// number order, where the one that committed first could rename its file over the later one
/// (red team 7, round 3); and a registry restored from an older copy does not put an older
/// CRL where validators fetch the newer.
pub fn publish_in_order(
    reg: &mut Registry,
    ca_id: Id,
    number: i64,
    paths: &[PathBuf],
    publish: impl FnOnce() -> Result<()>,
) -> Result<()> {
    reg.write(|tx| {
        let ca = cas::resolve(tx, Some(&ca_id.to_string()))?;
        let cert = parse_cert(&ca.cert_der)?;
        for path in paths {
            // Absent or unreadable: nothing there to keep.
            let Ok(der) = std::fs::read(path) else {
                continue;
            };
            let there = read_crl(&der, &cert, SM2_DEFAULT_DISTID)
                .ok()
                .and_then(|c| c.number)
                .and_then(|n| i64::try_from(n).ok());
            if let Some(newer) = there.filter(|n| *n > number) {
                return Err(E::CrlNewerPublished {
                    number,
                    newer,
                    path: path.display().to_string(),
                }
                .into());
            }
        }
        publish()
    })
}

/// Whether and how revoked or frozen `c` goes on the CRL of CA `ca_id` (certificate
/// `ca_cert`), given the identity its keyed event recorded: `None` when it is neither revoked
/// nor on hold (as its keyed freeze events say, not as a column anyone can clear), else its
/// entry or why it is left out.
fn crl_entry(
    tx: &Tx,
    c: &certs::OnCrl,
    identity: Option<anchor::Identity>,
    ca_id: Id,
    ca_cert: &Certificate,
    state: &crate::domain::cert_state::KeyedState,
) -> Result<Option<std::result::Result<CrlEntry, CrlListing>>> {
    let (reason, since) = match (&state.revoked, state.hold()) {
        // An event from before the time was recorded: the row's, if it has one.
        (Some((when, reason)), _) => (
            reason.clone(),
            if when.recorded {
                when.at
            } else {
                c.revoked_at.unwrap_or(when.at)
            },
        ),
        (None, Some(since)) => ("certificate-hold".to_string(), since),
        (None, None) => return Ok(None),
    };
    // Listed under the serial and CA its keyed event recorded.
    let serial = match anchor::crl_listing(tx, c, identity, ca_id, ca_cert)? {
        CrlListing::Listed(serial) => serial,
        other => return Ok(Some(Err(other))),
    };
    Ok(Some(Ok(CrlEntry {
        cert_id: c.id,
        serial,
        reason,
        revoked_at: since.text(),
    })))
}

/// The CRL entry of `e` (its date `now` if it has none).
fn revocation(e: &CrlEntry, now: DateTime<Utc>) -> Result<Revocation> {
    let reason = crl_reason(&e.reason).unwrap_or(CrlReason::Unspecified);
    let at = system_time(Stamp::parse(&e.revoked_at).map_or(now, Stamp::time));
    let serial = crate::hex::decode(&e.serial).ok_or(E::CrlBadSerial { cert: e.cert_id })?;
    Ok(Revocation {
        serial: x509_cert::serial_number::SerialNumber::new(&serial)
            .map_err(crate::pki::error::PkiError::from)?,
        revoked_at: at,
        reason: Some(reason),
    })
}

/// The last CRL a CA issued, as `crl show` reports it (read back from its DER).
#[derive(Debug, Serialize)]
pub struct CrlView {
    pub ca: String,
    pub ca_id: Id,
    pub crl_number: i64,
    pub this_update: String,
    pub next_update: String,
    /// nextUpdate has passed: validators refuse this CRL; issue a new one.
    pub overdue: bool,
    pub crl_url: String,
    pub publishes_to: Vec<String>,
    pub entries: Vec<CrlViewEntry>,
    #[serde(skip)]
    pub der: Vec<u8>,
}

#[derive(Debug, Serialize)]
pub struct CrlViewEntry {
    /// The registry's certificate with this serial from this CA, if it has it.
    pub cert_id: Option<Id>,
    pub serial: String,
    pub revoked_at: String,
    pub reason: String,
}

/// The operator's name of an RFC 5280 CRLReason (the names `cert revoke --reason` takes).
pub fn crl_reason_name(reason: CrlReason) -> &'static str {
    match reason {
        CrlReason::Unspecified => "unspecified",
        CrlReason::KeyCompromise => "key-compromise",
        CrlReason::CaCompromise => "ca-compromise",
        CrlReason::AffiliationChanged => "affiliation-changed",
        CrlReason::Superseded => "superseded",
        CrlReason::CessationOfOperation => "cessation-of-operation",
        CrlReason::CertificateHold => "certificate-hold",
        CrlReason::RemoveFromCRL => "remove-from-crl",
        CrlReason::PrivilegeWithdrawn => "privilege-withdrawn",
        CrlReason::AaCompromise => "aa-compromise",
    }
}

/// The CA's current CRL (the last one issued), without issuing a new one.
pub fn last_crl(reg: &mut Registry, reference: Option<&str>) -> Result<CrlView> {
    let now = clock::now()?;
    reg.read(|tx| {
        let ca = cas::resolve(tx, reference)?;
        let last = cas::last_crl(tx, ca.id)?.ok_or_else(|| E::CrlNone {
            ca: ca.name.clone(),
            ca_id: ca.id,
        })?;
        // The CRL the keyed history says was issued last, not an older one put back; and
        // each entry's certificate as that history pinned it (red team 7, F6): a row's
        // serial, which someone with the registry file can change, only for a CRL kept before
        // the ids were; none when the stored ids are not the pinned ones.
        use crate::domain::crl_delta::ListedIds;
        let listed = crate::domain::crl_delta::require_recorded(tx, &ca, &last)?;
        let cert = parse_cert(&ca.cert_der)?;
        let contents =
            read_crl(&last.der, &cert, SM2_DEFAULT_DISTID).map_err(|e| E::CrlDamaged {
                number: last.number,
                ca: ca.name.clone(),
                ca_id: ca.id,
                detail: e.to_string(),
            })?;
        let stamp_of = |t: SystemTime| clock::stamp(DateTime::<Utc>::from(t));
        let issuer = cert.tbs_certificate().subject().to_string();
        let listed = match listed {
            ListedIds::Pinned(ids) if ids.len() != contents.entries.len() => ListedIds::Unknown,
            listed => listed,
        };
        let mut entries = Vec::new();
        for (i, e) in contents.entries.iter().enumerate() {
            let EntryTexts {
                serial,
                reason,
                revoked_at,
            } = EntryTexts::of(e);
            let cert_id = match &listed {
                ListedIds::Pinned(ids) => ids.get(i).copied(),
                ListedIds::NotPinned => certs::find_by_serial(tx, &issuer, &serial)?,
                ListedIds::Unknown => None,
            };
            entries.push(CrlViewEntry {
                cert_id,
                serial,
                revoked_at,
                reason,
            });
        }
        let next_update = contents.next_update.map(stamp_of).unwrap_or_default();
        let overdue = contents
            .next_update
            .is_some_and(|t| DateTime::<Utc>::from(t) < now);
        let publishes_to = stored_paths(tx, &ca)?;
        Ok(CrlView {
            crl_number: contents
                .number
                .and_then(|n| i64::try_from(n).ok())
                .unwrap_or(last.number),
            this_update: stamp_of(contents.this_update),
            next_update,
            overdue,
            entries,
            ca: ca.name,
            ca_id: ca.id,
            crl_url: ca.crl_url,
            publishes_to,
            der: last.der,
        })
    })
}
