//! Finding certificates and taking them out: `cert list` (with slots waiting for import),
//! `cert show` by id, serial, fingerprint or person, and `cert export` (PEM, DER, PKCS#12).

use chrono::{DateTime, Utc};
use der::EncodePem;
use serde::Serialize;
use serde_json::json;
use x509_cert::Certificate;

use super::ca::parse_cert;
use super::cert::{
    CertView, check_export_password, label, p12_profile, require_usable, require_user, state,
    state_of, view,
};
use super::cert_error::{CertError, CertState, Doing};
use super::history::{self, Draft};
use super::page::{Page, Paged, Pager, Take};
use super::{Act, Actor, clock, keystore, mutate};
use crate::error::Result;
use crate::model::vocab::{Algo, CertKind};
use crate::model::{Cert, Id, Stamp};
use crate::pki::p12::write_pfx;
use crate::pki::pin::Pin;
use crate::pki::vault::MasterKey;
use crate::registry::{Registry, Tx, cas, certs, orgs, packages, persons};

// ---- listing and export -----------------------------------------------------------------

/// One row of `cert list`: a certificate, or an assigned slot waiting for import (待导入).
#[derive(Debug, Serialize)]
pub struct ListRow {
    pub cert_id: Option<Id>,
    pub slot_id: Option<Id>,
    pub org_id: Option<Id>,
    pub kind: CertKind,
    pub owner: Option<String>,
    pub holder: Option<String>,
    pub state: CertState,
    pub label: String,
    pub algo: Option<Algo>,
    pub not_after: Option<Stamp>,
    pub days_left: Option<i64>,
    pub serial: Option<String>,
    /// The certificate this one replaced (reissue D8, extension D9).
    pub replaces: Option<Id>,
    /// The certificate that replaced this one.
    pub replaced_by: Option<Id>,
}

impl ListRow {
    fn of(c: &Cert, now: DateTime<Utc>) -> ListRow {
        ListRow {
            cert_id: Some(c.id),
            slot_id: c.slot_id,
            org_id: c.org_id,
            kind: c.kind,
            owner: c.owner.as_ref().map(|p| p.name.clone()),
            holder: c.holder.as_ref().map(|p| p.name.clone()),
            state: state(c, now),
            label: label(c, now).to_string(),
            algo: Some(c.algo),
            not_after: Some(c.not_after),
            days_left: Some((c.not_after.time() - now).num_days()),
            serial: Some(c.serial_hex.clone()),
            replaces: c.replaces_cert_id,
            replaced_by: c.replaced_by,
        }
    }
}

#[derive(Debug, Default)]
pub struct ListFilter {
    /// An enterprise: id, USCC or exact name.
    pub org: Option<String>,
    /// A person (id, ID number or exact name): certificates they own, hold or have bound,
    /// and slots assigned to them.
    pub person: Option<String>,
    /// A serial in hex, any case, with or without colons.
    pub serial: Option<String>,
    pub state: Option<String>,
    pub expiring_within_days: Option<i64>,
}

/// A serial as typed (hex, any case, colons or spaces between bytes) in the form the
/// registry compares; refused when it is not hex.
fn serial_ref(flag: &str, s: &str) -> Result<String> {
    let norm = certs::normalize_serial(s.trim());
    let hex = norm.chars().all(|c| c.is_ascii_hexdigit());
    if s.trim().is_empty() || !hex || norm.len() > 64 {
        return Err(CertError::InvalidSerial {
            flag: flag.to_string(),
            value: s.to_string(),
        }
        .into());
    }
    Ok(norm)
}

/// Where a page of `cert list` starts reading certificates.
enum Start {
    /// At the first one matching.
    First,
    /// At this certificate: the rows before it were counted in the database.
    At(Id),
    /// Fewer certificates match than the offset: the page begins among the slots.
    PastCertificates,
}

/// One page of `cert list`: certificates in id order, then the slots waiting for import (待导入)
/// in id order. Each filter is an index lookup; only the state columns of the rows before
/// the page are read (see [`Page`]).
pub fn list(reg: &mut Registry, f: &ListFilter, page: Page) -> Result<Paged<ListRow>> {
    let wanted = match &f.state {
        Some(s) => match CertState::parse(s) {
            Some(st) => Some(st),
            None => return Err(CertError::InvalidState { value: s.clone() }.into()),
        },
        None => None,
    };
    let serial = f
        .serial
        .as_deref()
        .map(|s| serial_ref("--serial", s))
        .transpose()?;
    let now = clock::now()?;
    // Live certificates ending within the period: a range of `certs_active_by_end`.
    let ending = f.expiring_within_days.map(|d| {
        let to = chrono::TimeDelta::try_days(d.saturating_add(1))
            .and_then(|span| now.checked_add_signed(span))
            .unwrap_or(DateTime::<Utc>::MAX_UTC);
        (Stamp::new(now), Stamp::new(to))
    });
    reg.read(|tx| {
        let org_id = f
            .org
            .as_deref()
            .map(|r| orgs::resolve(tx, r))
            .transpose()?
            .map(|o| o.id);
        let person_id = f
            .person
            .as_deref()
            .map(|r| persons::resolve(tx, r))
            .transpose()?
            .map(|p| p.id);
        let query = certs::Query {
            org_id,
            person_id,
            serial: serial.as_deref(),
            active_ending: ending,
        };
        let mut pager = Pager::new(page);
        let mut ids = Vec::new();
        // With no filter outside SQL every row the query yields is listed: the rows before
        // the page are stepped over in the database, not read here one by one.
        let sql_decides = wanted.is_none() && f.expiring_within_days.is_none();
        let start = if sql_decides && page.offset > 0 {
            match certs::nth_id(tx, &query, page.offset)? {
                Ok(id) => {
                    pager.skip(page.offset);
                    Start::At(id)
                }
                Err(fewer) => {
                    pager.skip(fewer);
                    Start::PastCertificates
                }
            }
        } else {
            Start::First
        };
        let mut visit = |c: certs::StateRow| {
            let st = state_of(c.status, c.locked, c.not_after, now);
            let days_left = (c.not_after.time() - now).num_days();
            let fits = wanted.is_none_or(|w| st == w)
                && f.expiring_within_days.is_none_or(|d| {
                    days_left >= 0
                        && days_left <= d
                        && matches!(st, CertState::Active | CertState::Expiring)
                });
            if fits {
                match pager.offer() {
                    Take::Skip => {}
                    Take::Keep => ids.push(c.id),
                    Take::Stop => return false,
                }
            }
            true
        };
        match start {
            Start::First => certs::each_state(tx, &query, &mut visit)?,
            Start::At(id) => certs::each_state_from(tx, &query, id, &mut visit)?,
            Start::PastCertificates => {}
        }
        let mut rows: Vec<ListRow> = certs::get_many(tx, &ids)?
            .iter()
            .map(|c| ListRow::of(c, now))
            .collect();
        // Slots waiting for import have no serial or validity yet.
        let slots_fit = serial.is_none()
            && f.expiring_within_days.is_none()
            && wanted.is_none_or(|w| w == CertState::Pending);
        if slots_fit && !pager.stopped() {
            for id in packages::pending_slot_ids(tx, org_id, person_id)? {
                match pager.offer() {
                    Take::Skip => continue,
                    Take::Keep => {}
                    Take::Stop => break,
                }
                let Some(s) = packages::slot_by_id(tx, id)? else {
                    continue;
                };
                rows.push(ListRow {
                    cert_id: None,
                    slot_id: Some(s.id),
                    org_id: Some(s.org_id),
                    kind: s.kind,
                    owner: s.owner.map(|p| p.name),
                    holder: s.holder.map(|p| p.name),
                    state: CertState::Pending,
                    label: CertState::Pending.label(),
                    algo: None,
                    not_after: None,
                    days_left: None,
                    serial: None,
                    replaces: None,
                    replaced_by: None,
                });
            }
        }
        Ok(pager.finish(rows))
    })
}

pub fn show(reg: &mut Registry, cert_id: Id) -> Result<CertView> {
    let now = clock::now()?;
    reg.read(|tx| Ok(view(certs::require(tx, cert_id)?, now)))
}

/// What `cert show REF` found: one certificate, or a person's certificates.
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum Shown {
    One(Box<CertView>),
    /// A person named by REF who has several certificates (or none).
    OfPerson {
        person: crate::model::PersonRef,
        certificates: Vec<ListRow>,
    },
}

/// How a reference to a certificate was read (see [`show_ref`]).
const HOW: [&str; 4] = ["id", "serial", "sha256", "person"];

/// The certificates whose body has SHA-256 fingerprint `wanted` (upper-case hex, no colons),
/// found through the `sha256` index (migration 0011). The column is not believed: a row is
/// kept only if its body hashes to `wanted`. When a row found does not (the column was
/// changed outside catool) or none is found (the right row's column may have been changed),
/// every body is hashed instead, as before the index: a forged column can neither add a
/// certificate nor hide one; only a fingerprint the registry does not have costs a scan.
fn by_fingerprint(tx: &Tx, wanted: &str) -> Result<Vec<Cert>> {
    let hashes_to = |c: &Cert| certs::sha256_hex(&c.cert_der) == wanted;
    let found = certs::by_sha256(tx, wanted)?;
    if !found.is_empty() && found.iter().all(hashes_to) {
        return Ok(found);
    }
    let mut all = certs::find(tx, &certs::Query::default())?;
    all.retain(hashes_to);
    Ok(all)
}

/// `cert show REF`: REF is a certificate id, a serial (hex, any case, with or without
/// colons), a SHA-256 fingerprint of the certificate (hex, with or without colons), or a
/// person (ID number or exact name): their one certificate, or the list of theirs. A prefix
/// (`id:`, `serial:`, `sha256:`, `person:`) reads it one way only. A reference that fits
/// several certificates is refused, naming them.
pub fn show_ref(reg: &mut Registry, reference: &str) -> Result<Shown> {
    let now = clock::now()?;
    let r = reference.trim();
    let (only, r) = match r.split_once(':') {
        Some((how, rest)) if HOW.contains(&how.to_ascii_lowercase().as_str()) => {
            (Some(how.to_ascii_lowercase()), rest.trim())
        }
        _ => (None, r),
    };
    let reads = |how: &str| only.as_deref().is_none_or(|o| o == how);
    if r.is_empty() {
        return Err(CertError::ShowNeedsRef.into());
    }
    let bare = certs::normalize_serial(r);
    let hex = !bare.is_empty() && bare.chars().all(|c| c.is_ascii_hexdigit());
    let fingerprint_hex: String = r.chars().filter(|c| *c != ':').collect();
    reg.read(|tx| {
        // Every reading of REF, with the certificates it finds and why.
        let mut found: Vec<(String, Cert)> = Vec::new();
        let mut add = |why: String, c: Cert| {
            if !found.iter().any(|(_, f)| f.id == c.id) {
                found.push((why, c));
            }
        };
        if reads("id") && orgs::is_row_id(r) {
            if let Some(c) = certs::get(tx, r.parse().unwrap_or(0))? {
                add(
                    matched(crate::msg!("cert-matched-id"), "id", c.id.to_string()),
                    c,
                );
            }
        } else if only.as_deref() == Some("id") {
            return Err(CertError::InvalidId {
                value: r.to_string(),
            }
            .into());
        }
        if reads("serial") && hex && bare.len() <= 64 {
            let query = certs::Query {
                serial: Some(&bare),
                ..Default::default()
            };
            for c in certs::find(tx, &query)? {
                let why = matched(
                    crate::msg!("cert-matched-serial"),
                    "serial",
                    c.serial_hex.clone(),
                );
                add(why, c);
            }
        }
        if reads("sha256")
            && fingerprint_hex.len() == 64
            && fingerprint_hex.chars().all(|c| c.is_ascii_hexdigit())
        {
            for c in by_fingerprint(tx, &fingerprint_hex.to_ascii_uppercase())? {
                add(crate::i18n::tr(crate::msg!("cert-matched-fingerprint")), c);
            }
        }
        // A bare number is a certificate id, never a person's id (`person:N` is).
        let mut person = None;
        let mut person_error = None;
        if reads("person") && (only.is_some() || !orgs::is_row_id(r)) {
            match persons::resolve(tx, r) {
                Ok(p) => {
                    let query = certs::Query {
                        person_id: Some(p.id),
                        ..Default::default()
                    };
                    let theirs = certs::find(tx, &query)?;
                    for c in &theirs {
                        let why =
                            matched(crate::msg!("cert-matched-person"), "person", p.name.clone());
                        add(why, c.clone());
                    }
                    person = Some((p, theirs));
                }
                Err(e) if e.code() == crate::error::exit::NOT_FOUND => {}
                Err(e) => person_error = Some(e),
            }
        }
        match (found.len(), person) {
            (1, _) => {
                let (_, c) = found.remove(0);
                Ok(Shown::One(Box::new(view(c, now))))
            }
            // Only the person matched, and they have several certificates (or none): theirs.
            (_, Some((p, theirs))) if found.len() == theirs.len() => Ok(Shown::OfPerson {
                person: crate::model::PersonRef {
                    id: p.id,
                    name: p.name.clone(),
                },
                certificates: theirs.iter().map(|c| ListRow::of(c, now)).collect(),
            }),
            (0, None) => Err(person_error.unwrap_or_else(|| {
                CertError::NoSuchCert {
                    reference: reference.to_string(),
                }
                .into()
            })),
            _ => Err(CertError::Ambiguous {
                reference: reference.to_string(),
                count: i64::try_from(found.len()).unwrap_or(i64::MAX),
                candidates: found
                    .iter()
                    .map(|(why, c)| {
                        format!(
                            "{} {} ({why}; {}, {})",
                            crate::i18n::tr(crate::msg!("word-certificate")),
                            c.id,
                            c.holder.as_ref().map_or("-", |h| h.name.as_str()),
                            label(c, now)
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("; "),
            }
            .into()),
        }
    })
}

/// How a certificate matched an ambiguous reference (quoted in the refusal, in the user's
/// language): the entry `id` quoting `value` as its argument `name`.
fn matched(id: &'static str, name: &'static str, value: String) -> String {
    crate::i18n::text(crate::i18n::lang(), id, &[(name, value.into())])
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Pem,
    Der,
    P12 { legacy: bool },
}

/// The certificate as PEM or DER; or a PKCS#12 with its key (PIN checked, D6, D11), the chain
/// included when the CA is in the registry. The PKCS#12 is protected by `p12_password`
/// (checked with [`check_export_password`]) or, without one, by the PIN.
pub fn export(
    reg: &mut Registry,
    actor: &Actor,
    master: Option<&MasterKey>,
    cert_id: Id,
    format: ExportFormat,
    pin: Option<&Pin>,
    p12_password: Option<&str>,
) -> Result<Vec<u8>> {
    // What leaves is the certificate its keyed event recorded, not a body swapped in.
    let cert = reg.read(|tx| {
        let cert = certs::require(tx, cert_id)?;
        super::anchor::require_cert(tx, &cert)?;
        Ok(cert)
    })?;
    let parsed = parse_cert(&cert.cert_der)?;
    match format {
        ExportFormat::Der => Ok(cert.cert_der),
        ExportFormat::Pem => Ok(parsed
            .to_pem(der::pem::LineEnding::LF)
            .map_err(crate::pki::error::Error::from)?
            .into_bytes()),
        ExportFormat::P12 { legacy } => {
            let (Some(master), Some(pin)) = (master, pin) else {
                return Err(CertError::P12NeedsPin.into());
            };
            if let Some(pw) = p12_password {
                check_export_password(pw)?;
            }
            // Who asks, then whether the key may leave at all, before the PIN is tried: a
            // stranger gets no right/wrong answer and spends no attempt (issue 12).
            mutate(reg, actor, "cert.export", |tx| {
                require_user(tx, actor, &cert, Act::ExportKey)
            })?;
            let now = clock::now()?;
            const DOING: Doing = Doing::Export;
            require_usable(&cert, now, DOING)?;
            let key = keystore::unlock_checked(reg, actor, master, &cert, pin, "export", |c| {
                require_usable(c, now, DOING)
            })?;
            let chain = ca_chain(reg, &cert)?;
            let name = cert.owner.as_ref().map(|p| p.name.clone());
            let bytes = write_pfx(
                &key,
                &parsed,
                &chain,
                p12_password.unwrap_or(pin.as_str()),
                name.as_deref(),
                &p12_profile(legacy),
            )?;
            reg.write(|tx| {
                history::record(
                    tx,
                    actor,
                    Draft::new("cert.export", format!("cert:{cert_id}"))
                        .cert(cert_id)
                        .details(json!({
                            "format": "p12", "legacy": legacy,
                            "protection": if p12_password.is_some() { "password" } else { "pin" }
                        })),
                )
            })?;
            Ok(bytes)
        }
    }
}

/// The CA certificate above `cert` when its CA is in the registry (embedded in PKCS#12
/// files and signatures).
pub fn ca_chain(reg: &mut Registry, cert: &Cert) -> Result<Vec<Certificate>> {
    let Some(ca) = cert.ca_id else {
        return Ok(Vec::new());
    };
    let ca = reg.read(|tx| {
        let ca = cas::get(tx, ca)?;
        if let Some(ca) = &ca {
            super::anchor::require_ca(tx, ca)?;
        }
        Ok(ca)
    })?;
    ca.map(|c| parse_cert(&c.cert_der))
        .transpose()
        .map(|c| c.into_iter().collect())
}
