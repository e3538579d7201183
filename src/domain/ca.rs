//! Certificate authorities (D15): self-signed roots, RSA or SM2, several side by side; and
//! their CRLs (D11: revoked and frozen certificates).

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use chrono::{DateTime, Months, Utc};
use der::{Decode, Encode, EncodePem};
use serde::Serialize;
use serde_json::json;
use x509_cert::Certificate;
use x509_cert::ext::pkix::CrlReason;

use super::anchor::{self, CrlListing, Publication};
use super::authority_error::{AuthorityError as E, CrlUrlProblem};
use super::history::{self, Draft};
use super::{Actor, clock, keystore, mutate, require_operator};
use crate::error::{Error, Result};
use crate::model::Stamp;
use crate::model::{Ca, Id, default_crl_url};
use crate::pki::crl::{Revocation, build_crl, read_crl};
use crate::pki::dn::{C, CN, DnBuilder, O};
use crate::pki::keys::{Algo, PrivateKey, SM2_DEFAULT_DISTID};
use crate::pki::vault::MasterKey;
use crate::pki::x509::create_root_ca;
use crate::registry::{Registry, Tx, cas, certs};

/// What `ca show` reports beyond the registry row.
#[derive(Debug, Serialize)]
pub struct CaDetails {
    #[serde(flatten)]
    pub ca: Ca,
    pub subject: String,
    pub serial: String,
    pub not_before: String,
    pub sha256_fingerprint: String,
    pub certificates_issued: usize,
}

pub fn parse_cert(der: &[u8]) -> Result<Certificate> {
    Certificate::from_der(der).map_err(|e| {
        E::CaCertDamaged {
            detail: e.to_string(),
        }
        .into()
    })
}

/// When a certificate the CA `ca_cert` issues at `now` for at most `years` ends: never after
/// the CA itself (TSAs, seal makers); `Err(end)` when the CA ended at `end`.
pub fn issued_until(
    ca_cert: &Certificate,
    now: DateTime<Utc>,
    years: u32,
) -> std::result::Result<DateTime<Utc>, DateTime<Utc>> {
    let ca_end: DateTime<Utc> = ca_cert
        .tbs_certificate()
        .validity()
        .not_after
        .to_system_time()
        .into();
    if ca_end <= now {
        return Err(ca_end);
    }
    Ok(now
        .checked_add_months(Months::new(12 * years))
        .map_or(ca_end, |t| t.min(ca_end)))
}

pub fn system_time(t: DateTime<Utc>) -> SystemTime {
    SystemTime::from(t)
}

pub fn init(
    reg: &mut Registry,
    actor: &Actor,
    master: &MasterKey,
    name: &str,
    algo: Algo,
    years: u32,
    distribution: &Distribution,
) -> Result<Ca> {
    require_operator(actor, super::Act::CreateCa)?;
    let name = super::ident::validate_name("--name", name, 64)?;
    let crl_url = distribution
        .crl_url
        .as_deref()
        .map(validate_crl_url)
        .transpose()?;
    let crl_dir = match &distribution.crl_dir {
        Some(Some(dir)) => Some(validate_crl_dir(dir)?),
        _ => None,
    };
    let bad_years = || E::CaYears {
        years: i64::from(years),
    };
    if !(1..=30).contains(&years) {
        return Err(bad_years().into());
    }
    let now = clock::now()?;
    let not_after = now
        .checked_add_months(Months::new(12 * years))
        .ok_or_else(bad_years)?;
    let subject = DnBuilder::new()
        .printable(C, "CN")?
        .utf8(O, &name)?
        .utf8(CN, &name)?
        .build()?;
    let key = algo.generate()?;
    let cert = create_root_ca(
        &key,
        subject,
        system_time(now),
        system_time(not_after),
        SM2_DEFAULT_DISTID,
    )?;
    let cert_der = cert.to_der().map_err(crate::pki::error::PkiError::from)?;
    let sealed = keystore::seal_ca_key(master, &name, &key)?;
    mutate(reg, actor, "ca.init", |tx| {
        let at = Stamp::new(now);
        let id = cas::insert(
            tx,
            &cas::NewCa {
                name: &name,
                algo,
                cert_der: &cert_der,
                key_sealed: &sealed,
                not_after: Stamp::new(not_after),
                at,
            },
        )?;
        if let Some(url) = &crl_url {
            cas::add_crl_url(tx, id, url, at)?;
        }
        if let Some(dir) = &crl_dir {
            cas::set_crl_dir(tx, id, Some(dir))?;
        }
        history::record(
            tx,
            actor,
            Draft::new("ca.init", format!("ca:{id}")).details(json!({
                "name": name, "algo": algo.as_str(), "years": years,
                "crl_url": crl_url.clone().unwrap_or_else(|| default_crl_url(id)),
                // The URL rows added (the default URL has none): with `crl_dir`, what the
                // CRL publication is checked against (`anchor`).
                "crl_urls": crl_url.iter().collect::<Vec<_>>(),
                "crl_dir": crl_dir,
                // The certificate itself, under the history's key: `log verify` finds a
                // swapped trust anchor.
                "cert_der_hex": crate::hex::encode(&cert_der),
            })),
        )?;
        cas::get(tx, id)?.ok_or_else(|| E::invariant("new CA vanished").into())
    })
}

pub fn list(reg: &mut Registry) -> Result<Vec<Ca>> {
    reg.read(cas::list)
}

pub fn show(reg: &mut Registry, reference: &str) -> Result<CaDetails> {
    reg.read(|tx| {
        let ca = cas::resolve(tx, Some(reference))?;
        let cert = parse_cert(&ca.cert_der)?;
        let tbs = cert.tbs_certificate();
        let issued = certs::count_of_ca(tx, ca.id)?;
        Ok(CaDetails {
            subject: tbs.subject().to_string(),
            serial: crate::pki::x509::serial_hex(&cert),
            not_before: clock::stamp(DateTime::<Utc>::from(
                tbs.validity().not_before.to_system_time(),
            )),
            sha256_fingerprint: fingerprint(&ca.cert_der),
            certificates_issued: issued,
            ca,
        })
    })
}

pub use crate::hex::fingerprint;

/// The CA certificate, PEM or DER: only a trust anchor's (its keyed `ca.init` carries it),
/// since validators install what this exports.
pub fn export(reg: &mut Registry, reference: &str, pem: bool) -> Result<Vec<u8>> {
    let ca = reg.read(|tx| {
        let ca = cas::resolve(tx, Some(reference))?;
        anchor::require_ca(tx, &ca)?;
        Ok(ca)
    })?;
    if pem {
        let cert = parse_cert(&ca.cert_der)?;
        let text = cert
            .to_pem(der::pem::LineEnding::LF)
            .map_err(crate::pki::error::PkiError::from)?;
        Ok(text.into_bytes())
    } else {
        Ok(ca.cert_der)
    }
}

/// A CRL revocation reason (RFC 5280 CRLReason) an operator may give.
pub fn crl_reason(name: &str) -> Option<CrlReason> {
    Some(match name {
        "unspecified" => CrlReason::Unspecified,
        "key-compromise" => CrlReason::KeyCompromise,
        "affiliation-changed" => CrlReason::AffiliationChanged,
        "superseded" => CrlReason::Superseded,
        "cessation-of-operation" => CrlReason::CessationOfOperation,
        "certificate-hold" => CrlReason::CertificateHold,
        _ => return None,
    })
}

/// How a CA's CRL reaches validators: `crl_url` goes into the certificates it issues,
/// `crl_dir` is where `catool crl` publishes (`Some(None)`: stop publishing).
#[derive(Debug, Default)]
pub struct Distribution {
    pub crl_url: Option<String>,
    pub crl_dir: Option<Option<PathBuf>>,
}

/// A CRL URL a validator can fetch and a directory can serve: `http://` (or `https://`)
/// with a host, no query or fragment, ending in a file name (letters, digits, `.`, `_`,
/// `-`, `~`; not starting with a dot), which is the name the CRL is published under.
pub fn validate_crl_url(url: &str) -> Result<String> {
    let url = url.trim();
    let bad = |problem| -> Error {
        E::CrlUrlInvalid {
            url: url.to_string(),
            problem,
        }
        .into()
    };
    if url.len() > 512 {
        return Err(bad(CrlUrlProblem::TooLong));
    }
    if !url.is_ascii() || url.chars().any(|c| c.is_ascii_control() || c == ' ') {
        return Err(bad(CrlUrlProblem::NotAscii));
    }
    let lower = url.to_ascii_lowercase();
    let rest = ["http://", "https://"]
        .iter()
        .find_map(|scheme| lower.starts_with(scheme).then(|| &url[scheme.len()..]))
        .ok_or_else(|| bad(CrlUrlProblem::NotHttp))?;
    if url.contains(['?', '#']) {
        return Err(bad(CrlUrlProblem::QueryOrFragment));
    }
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    if host.is_empty() {
        return Err(bad(CrlUrlProblem::NoHost));
    }
    crl_file_name(path).ok_or_else(|| bad(CrlUrlProblem::NoFileName))?;
    Ok(url.to_string())
}

/// The file a URL's last path segment names, if it is a plain one.
fn crl_file_name(path: &str) -> Option<&str> {
    let name = path.rsplit('/').next()?;
    let plain = !name.is_empty()
        && !name.starts_with('.')
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-' | b'~'));
    plain.then_some(name)
}

/// The file name of a CRL URL (validated when stored).
fn url_file_name(url: &str) -> Option<&str> {
    let rest = url.split_once("://")?.1;
    crl_file_name(rest.split_once('/')?.1)
}

/// A publication directory: one that exists, kept as an absolute UTF-8 path.
pub fn validate_crl_dir(dir: &Path) -> Result<String> {
    let shown = || dir.display().to_string();
    let abs = std::path::absolute(dir).map_err(|e| E::CrlDirUnusable {
        dir: shown(),
        detail: e.to_string(),
    })?;
    if !abs.is_dir() {
        return Err(E::CrlDirNotDirectory { dir: shown() }.into());
    }
    abs.to_str()
        .map(str::to_string)
        .ok_or_else(|| E::CrlDirNotUtf8 { dir: shown() }.into())
}

/// The stable name a CA's CRL is always published under: the default URL's file name.
pub fn stable_crl_file(ca_id: Id) -> String {
    format!("ca-{ca_id}.crl")
}

/// Where the CA's CRL is published: in its directory, under the stable name and the file
/// name of every CRL URL it has had (certificates issued under an earlier URL keep
/// pointing there).
fn publication_paths(ca_id: Id, publication: &Publication) -> Vec<PathBuf> {
    let Some(dir) = &publication.dir else {
        return Vec::new();
    };
    let mut names = vec![stable_crl_file(ca_id)];
    for url in &publication.urls {
        if let Some(name) = url_file_name(url)
            && !names.iter().any(|n| n == name)
        {
            names.push(name.to_string());
        }
    }
    names.iter().map(|n| Path::new(dir).join(n)).collect()
}

/// Where the registry says the CA's CRL is published (what `ca set` and `crl show`
/// report; `crl` publishes only what the history configured, `anchor::require_publication`).
fn stored_paths(tx: &Tx, ca: &Ca) -> Result<Vec<String>> {
    let stored = Publication {
        dir: ca.crl_dir.clone(),
        urls: cas::crl_urls(tx, ca.id)?,
    };
    Ok(publication_paths(ca.id, &stored)
        .iter()
        .map(|p| p.display().to_string())
        .collect())
}

/// What `ca set` changed.
#[derive(Debug, Serialize)]
pub struct SetReport {
    #[serde(flatten)]
    pub ca: Ca,
    /// Where the CRL is published from now on (empty: not published).
    pub publishes_to: Vec<String>,
    pub changed: Vec<&'static str>,
}

/// Changes how a CA's CRL is distributed. A new URL goes into certificates issued from now
/// on; those issued before keep theirs (and their CRL keeps being published under its
/// file name). `publishable` checks each file the CRL would be published to from now on
/// (never the registry or its key): a refusal changes nothing.
pub fn set(
    reg: &mut Registry,
    actor: &Actor,
    reference: &str,
    distribution: &Distribution,
    publishable: impl Fn(&Path) -> Result<()>,
) -> Result<SetReport> {
    super::logged(
        reg,
        actor,
        "ca.set",
        require_operator(actor, super::Act::ChangeCa),
    )?;
    if distribution.crl_url.is_none() && distribution.crl_dir.is_none() {
        return Err(E::CaSetNothing.into());
    }
    let crl_url = distribution
        .crl_url
        .as_deref()
        .map(validate_crl_url)
        .transpose()?;
    let crl_dir = match &distribution.crl_dir {
        Some(Some(dir)) => Some(Some(validate_crl_dir(dir)?)),
        Some(None) => Some(None),
        None => None,
    };
    let now = clock::now_stamp()?;
    mutate(reg, actor, "ca.set", |tx| {
        let ca = cas::resolve(tx, Some(reference))?;
        let mut changed = Vec::new();
        let mut details = serde_json::Map::new();
        if let Some(url) = &crl_url
            && *url != ca.crl_url
        {
            cas::add_crl_url(tx, ca.id, url, now)?;
            details.insert("crl_url".into(), json!(url));
            details.insert("previous_crl_url".into(), json!(ca.crl_url));
            changed.push("crl_url");
        }
        if let Some(dir) = &crl_dir
            && *dir != ca.crl_dir
        {
            cas::set_crl_dir(tx, ca.id, dir.as_deref())?;
            details.insert("crl_dir".into(), json!(dir));
            details.insert("previous_crl_dir".into(), json!(ca.crl_dir));
            changed.push("crl_dir");
        }
        if !changed.is_empty() {
            history::record(
                tx,
                actor,
                Draft::new("ca.set", format!("ca:{}", ca.id)).details(details.into()),
            )?;
        }
        let ca = cas::get(tx, ca.id)?.ok_or_else(|| E::invariant("CA vanished"))?;
        let publishes_to = stored_paths(tx, &ca)?;
        if !changed.is_empty() {
            for path in &publishes_to {
                publishable(Path::new(path))?;
            }
        }
        Ok(SetReport {
            ca,
            publishes_to,
            changed,
        })
    })
}

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
        let ids = super::crl_delta::ids_of(&self.ids);
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
        let mut built = super::crl_delta::start(tx, &ca)?;
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
                        of: super::anchor_error::Anchored::Ca {
                            id: ca.id,
                            name: ca.name.clone(),
                        },
                        error: crate::pdf::error::Wrapped(
                            E::HistoryAltered { first, total: 1 }.into(),
                        ),
                    }
                    .into());
                }
                let keyed = super::cert_state::crl_candidates(tx)?;
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
                    row_only.get_or_insert(super::anchor_error::RowDiff::problem(
                        super::anchor_error::Anchored::Cert { id: c.id },
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
                event: state.last.clone().unwrap_or(super::anchor_error::EventRef {
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
        let listed = super::crl_delta::listing(&built.kept, &fresh, |e, out| {
            Ok(crate::pki::crl::encode_entry(
                &cert,
                &revocation(e, now)?,
                out,
            )?)
        })?;
        let number = cas::take_crl_number(tx, ca.id)?;
        // Each CRL's number above the last one the keyed history recorded: a number rolled
        // back in the row would make validators keep the older CRL (red team 7).
        super::crl_delta::require_next_number(tx, &ca, number)?;
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
                super::crl_delta::DER_SHA256: certs::sha256_hex(&der),
                super::crl_delta::ENTRIES_SHA256: certs::sha256_hex(&stored),
                super::crl_delta::ENTRIES_ENCODING: super::crl_delta::ENTRIES_ENCODING_NOW,
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
    state: &super::cert_state::KeyedState,
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
        use super::crl_delta::ListedIds;
        let listed = super::crl_delta::require_recorded(tx, &ca, &last)?;
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
