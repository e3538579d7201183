//! The registry's seals as GB/T 38540 SES_Seal V4 structures (.esl, issue 19): when a seal
//! takes effect (generated, or approved after review, D7) the newest seal-making authority
//! signs one whose certList holds the certificates the seal is assigned to (D18); an
//! assignment change, a reissue or an extension of one of them (D8, D9) re-issues it (a new
//! esID), voiding the seal (D18) re-issues it with its validity ended (validEnd = the void
//! time). Each structure is a row of `seal_structures` (append-only) and a keyed `seal.esl`
//! event (D21). A registry with no maker keeps working as before: its seals just have no
//! .esl, and asking for one says so.
//!
//! [`follow`] compares what a seal's current structure says with what the registry says and
//! issues a new one only when they differ, so the commands call it after every change
//! (and `seal export --format esl` before writing), in its own transaction.

use der::{Decode, Encode};
use serde::Serialize;
use serde_json::json;
use sha2::{Digest, Sha256};

use super::ca::parse_cert;
use super::history::{self, Draft};
use super::maker_error::MakerError;
use super::seal_maker::open_key;
use super::{Actor, clock, mutate};
use crate::error::Result;
use crate::model::vocab::SealState;
use crate::model::{Id, Seal, SealMaker, SealStructure, Stamp};
use crate::pki::keys::PrivateKey;
use crate::pki::ses::build::{self, SealSpec};
use crate::pki::ses::{self, SesSeal};
use crate::pki::vault::MasterKey;
use crate::registry::{Registry, Tx, certs, makers, seals};

/// The vendor identifier (`Vid`) catool writes in every header.
pub const VID: &str = "catool";

/// Why a structure was issued, as stored and shown.
pub const EFFECTIVE: &str = "effective";
pub const ASSIGN: &str = "assign";
pub const VOID: &str = "void";
pub const REISSUE: &str = "reissue";
pub const EXTEND: &str = "extend";
pub const IMPORT: &str = "import";

/// What `seal show` and `seal export` report of a seal's current structure.
#[derive(Debug, Clone, Serialize)]
pub struct EslView {
    pub es_id: String,
    pub version: i64,
    /// The maker's name (the registry's maker, or the subject of a foreign maker's certificate).
    pub maker: String,
    pub maker_id: Option<Id>,
    pub valid_start: Stamp,
    pub valid_end: Stamp,
    /// Registry certificates in certList.
    pub cert_list: Vec<Id>,
    /// Entries of certList (registry or not).
    pub cert_list_len: usize,
    pub reason: String,
    pub issued_at: Stamp,
    pub sha256: String,
}

/// The maker key, opened once for a command.
pub struct MakerKey {
    pub maker: SealMaker,
    key: PrivateKey,
}

/// The newest maker with its key, or `None` when the registry has none.
pub fn maker_key(reg: &mut Registry, master: &MasterKey) -> Result<Option<MakerKey>> {
    match reg.read(|tx| makers::newest(tx))? {
        Some(maker) => {
            let key = open_key(master, &maker)?;
            Ok(Some(MakerKey { maker, key }))
        }
        None => Ok(None),
    }
}

/// Brings seal `seal_id`'s structure up to date (see the module doc); `None` when nothing was
/// issued (no maker, not effective, or already current).
pub fn follow(
    reg: &mut Registry,
    actor: &Actor,
    master: &MasterKey,
    seal_id: Id,
    why: &str,
) -> Result<Option<SealStructure>> {
    let Some(mk) = maker_key(reg, master)? else {
        return Ok(None);
    };
    Ok(follow_all(reg, actor, &mk, &[seal_id], why)?.pop())
}

/// [`follow`] for many seals in one transaction (after a reissue: every seal that listed
/// the old certificate); the structures issued.
pub fn follow_all(
    reg: &mut Registry,
    actor: &Actor,
    mk: &MakerKey,
    seal_ids: &[Id],
    why: &str,
) -> Result<Vec<SealStructure>> {
    if seal_ids.is_empty() {
        return Ok(Vec::new());
    }
    mutate(reg, actor, "seal.esl", |tx| {
        let mut issued = Vec::new();
        for &id in seal_ids {
            if let Some(s) = issue_if_stale(tx, actor, mk, id, why)? {
                issued.push(s);
            }
        }
        Ok(issued)
    })
}

/// After a certificate's seals changed outside `seal assign` (a reissue cleared them, an
/// extension moved them): re-issues every structure that lists `cert_id`.
pub fn follow_cert(
    reg: &mut Registry,
    actor: &Actor,
    master: &MasterKey,
    cert_id: Id,
    why: &str,
) -> Result<Vec<SealStructure>> {
    let Some(mk) = maker_key(reg, master)? else {
        return Ok(Vec::new());
    };
    let ids: Vec<Id> = reg.read(|tx| {
        Ok(makers::all_current(tx)?
            .into_iter()
            .filter(|s| s.cert_ids.contains(&cert_id))
            .map(|s| s.seal_id)
            .collect())
    })?;
    follow_all(reg, actor, &mk, &ids, why)
}

/// What the registry says a seal's structure should be: its certificates and whether its
/// validity has ended; `None`: it should have none (pending, rejected, or void without one).
fn wanted(
    tx: &Tx,
    seal: &Seal,
    current: Option<&SealStructure>,
) -> Result<Option<(Vec<Id>, bool)>> {
    let ids: Vec<Id> = seals::assignments(tx, seal.id)?
        .into_iter()
        .map(|a| a.cert_id)
        .collect();
    Ok(match seal.state {
        SealState::Effective => Some((ids, false)),
        SealState::Void => current.map(|c| (c.cert_ids.clone(), true)),
        SealState::Pending | SealState::Rejected => None,
    })
}

fn issue_if_stale(
    tx: &Tx,
    actor: &Actor,
    mk: &MakerKey,
    seal_id: Id,
    why: &str,
) -> Result<Option<SealStructure>> {
    let seal = seals::require(tx, seal_id)?;
    let current = makers::current(tx, seal_id)?;
    let Some((cert_ids, ended)) = wanted(tx, &seal, current.as_ref())? else {
        return Ok(None);
    };
    if let Some(c) = &current {
        let was_ended = c.reason == VOID;
        if c.cert_ids == cert_ids && was_ended == ended {
            return Ok(None);
        }
    }
    let why = if ended { VOID } else { why };
    issue(
        tx,
        actor,
        mk,
        &seal,
        current.as_ref(),
        &cert_ids,
        ended,
        why,
    )
    .map(Some)
}

/// A new esID for the seal: `CATOOL-S<seal>-<n>`, n counting its structures.
fn next_es_id(tx: &Tx, seal_id: Id) -> Result<String> {
    let mut n: i64 = 1;
    loop {
        let id = format!("CATOOL-S{seal_id}-{n}");
        if !makers::es_id_taken(tx, &id)? {
            return Ok(id);
        }
        n += 1;
    }
}

fn pki<E: Into<crate::pki::error::PkiError>>(e: E) -> crate::error::Error {
    e.into().into()
}

#[allow(clippy::too_many_arguments)]
fn issue(
    tx: &Tx,
    actor: &Actor,
    mk: &MakerKey,
    seal: &Seal,
    current: Option<&SealStructure>,
    cert_ids: &[Id],
    ended: bool,
    why: &str,
) -> Result<SealStructure> {
    let now = clock::now()?;
    // The validity runs from when the seal first had a structure of this registry to the
    // maker certificate's end, or to now when the seal is void.
    let start = match current {
        Some(c) if c.maker_id.is_some() => c.valid_start,
        _ => Stamp::new(now),
    };
    let end = if ended {
        Stamp::new(now)
    } else {
        mk.maker.not_after
    };
    let mut certs_in_list = Vec::new();
    for id in cert_ids {
        certs_in_list.push(parse_cert(&certs::require(tx, *id)?.cert_der)?);
    }
    let es_id = next_es_id(tx, seal.id)?;
    let spec = SealSpec {
        vid: VID.to_string(),
        es_id: es_id.clone(),
        kind: if seal.org_id.is_some() {
            ses::asn1::SEAL_TYPE_ORG
        } else {
            ses::asn1::SEAL_TYPE_PERSONAL
        },
        name: seal_name(seal),
        cert_list: build::cert_list_of(&certs_in_list)?,
        create_date: now.into(),
        valid_start: start.time().into(),
        valid_end: end.time().into(),
        picture_kind: "PNG".to_string(),
        picture: seal.png.clone(),
        width_mm: mm(seal.width_mm),
        height_mm: mm(seal.height_mm),
        ext_datas: None,
    };
    let maker_cert = parse_cert(&mk.maker.cert_der)?;
    let der = build::sign_seal(spec.seal_info()?, &mk.key, &maker_cert)?
        .to_der()
        .map_err(pki)?;
    let version = i64::from(ses::asn1::VERSION_4);
    let id = makers::insert_structure(
        tx,
        &makers::NewStructure {
            seal_id: seal.id,
            maker_id: Some(mk.maker.id),
            es_id: &es_id,
            version,
            cert_ids,
            valid_start: start,
            valid_end: end,
            reason: why,
            der: &der,
            at: Stamp::new(now),
        },
    )?;
    let mut d = Draft::new("seal.esl", format!("seal:{}", seal.id)).details(json!({
        "es_id": es_id, "structure": id, "maker": mk.maker.id, "reason": why,
        "cert_list": cert_ids, "valid_start": start, "valid_end": end,
        "sha256": crate::hex::encode(&Sha256::digest(&der)),
    }));
    if let Some(o) = seal.org_id {
        d = d.org(o);
    }
    if let Some(p) = seal.person_id {
        d = d.person(p);
    }
    history::record(tx, actor, d)?;
    makers::current(tx, seal.id)?.ok_or_else(|| MakerError::NoStructure { seal: seal.id }.into())
}

/// The seal's name in the structure: owner and label (北京云签科技有限公司合同专用章).
fn seal_name(seal: &Seal) -> String {
    if seal.label.is_empty() || seal.owner_name.ends_with(&seal.label) {
        seal.owner_name.clone()
    } else {
        format!("{}{}", seal.owner_name, seal.label)
    }
}

/// A size in whole millimetres, as the structure stores it.
fn mm(v: f64) -> u32 {
    let r = v.round();
    if r.is_finite() && r >= 1.0 && r <= f64::from(u32::MAX) {
        r as u32
    } else {
        1
    }
}

/// The current structure of a seal as people read it; `None` when it has none.
pub fn view(reg: &mut Registry, seal_id: Id) -> Result<Option<EslView>> {
    reg.read(|tx| {
        let Some(s) = makers::current(tx, seal_id)? else {
            return Ok(None);
        };
        let maker = match s.maker_id {
            Some(id) => makers::get(tx, id)?.map(|m| m.name),
            None => None,
        };
        let decoded = SesSeal::from_der(&s.der).ok();
        let maker = maker.unwrap_or_else(|| {
            decoded
                .as_ref()
                .and_then(|d| x509_cert::Certificate::from_der(d.cert.as_bytes()).ok())
                .map(|c| c.tbs_certificate().subject().to_string())
                .unwrap_or_default()
        });
        Ok(Some(EslView {
            cert_list_len: decoded.map_or(0, |d| d.seal_info.property.cert_list.len()),
            es_id: s.es_id,
            version: s.version,
            maker,
            maker_id: s.maker_id,
            valid_start: s.valid_start,
            valid_end: s.valid_end,
            cert_list: s.cert_ids,
            reason: s.reason,
            issued_at: s.created_at,
            sha256: crate::hex::encode(&Sha256::digest(&s.der)),
        }))
    })
}

/// The .esl of a seal: brought up to date first (a seal made before the registry had a
/// maker gets its structure now), then its current structure's DER.
pub fn export(
    reg: &mut Registry,
    actor: &Actor,
    master: &MasterKey,
    seal_id: Id,
) -> Result<(Vec<u8>, EslView)> {
    let seal = reg.read(|tx| seals::require(tx, seal_id))?;
    let mk = maker_key(reg, master)?;
    if let Some(mk) = &mk {
        follow_all(reg, actor, mk, &[seal_id], EFFECTIVE)?;
    }
    let current = reg.read(|tx| makers::current(tx, seal_id))?;
    match (current, mk) {
        (Some(s), _) => {
            let v = view(reg, seal_id)?.ok_or(MakerError::NoStructure { seal: seal_id })?;
            Ok((s.der, v))
        }
        (None, None) if seal.state == SealState::Effective => Err(MakerError::NoMaker.into()),
        (None, _) => Err(MakerError::NoStructure { seal: seal_id }.into()),
    }
}

/// Whether the registry holds the .esl `es_id` and it verifies at `at`: the maker's signature,
/// the maker certified by one of `anchors`, the validity, the picture.
pub fn verified(
    tx: &Tx,
    es_id: &str,
    anchors: &[x509_cert::Certificate],
    at: chrono::DateTime<chrono::Utc>,
) -> Result<bool> {
    let Some(der) = makers::der_of_es_id(tx, es_id)? else {
        return Ok(false);
    };
    let opts = ses::verify::SealOptions {
        anchors,
        at: at.into(),
        max_pixels: crate::seal::clean::DEFAULT_MAX_PIXELS,
    };
    Ok(ses::verify::verify_seal(&der, &opts).is_ok_and(|r| r.failure().is_none()))
}
