//! Seals in the registry (D7, D8, D16–D18, D21): generated seals are effective at once,
//! uploaded or cleaned ones wait for review; the administrator assigns seals to certificates
//! and grants members time-boxed use; every step and every use is a history event.

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::json;

use super::history::{self, Draft};
use super::{Actor, clock, ident, mutate, require_admin, require_operator, text_field};
use crate::error::{Error, Result};
use crate::model::Stamp;
use crate::model::vocab::{CertStatus, GrantState, SealSource, SealState};
use crate::model::{Id, Seal, SealAssignment, SealGrant};
use crate::registry::{Registry, Tx, certs, orgs, persons, seals};
use crate::seal::clean;
use crate::seal::handwriting::{self, HandwritingOptions, HandwritingReport};
use crate::seal::render::{self, SealKind, SealSpec};

/// Whose seal it is.
pub enum Owner<'a> {
    Org(&'a str),
    Person(&'a str),
}

#[derive(Debug, Serialize)]
pub struct SealDetails {
    #[serde(flatten)]
    pub seal: Seal,
    pub assignments: Vec<SealAssignment>,
    pub grants: Vec<SealGrant>,
}

fn is_enterprise_kind(kind: SealKind) -> bool {
    matches!(
        kind,
        SealKind::Official
            | SealKind::Contract
            | SealKind::Finance
            | SealKind::Invoice
            | SealKind::LegalRep
    )
}

/// The kinds an enterprise has at most one effective seal of (D16): 公章, 合同专用章,
/// 财务专用章, 发票专用章.
fn one_per_enterprise(kind: &str) -> bool {
    matches!(kind, "official" | "contract" | "finance" | "invoice")
}

/// Refuses a second effective seal of a one-per-enterprise kind, naming the first.
fn require_no_effective(tx: &Tx, org_id: Id, kind: SealKind) -> Result<()> {
    if !one_per_enterprise(kind.as_str()) {
        return Ok(());
    }
    if let Some(first) = seals::list(tx, Some(org_id), None)?
        .into_iter()
        .find(|s| s.kind == kind && s.state == SealState::Effective)
    {
        return Err(Error::Refused(format!(
            "{} already has an effective {} (seal {}); an enterprise has one at a time: void it first with `catool seal void --seal {} --reason …` (D16, D18)",
            first.owner_name,
            kind.chinese_name(),
            first.id,
            first.id
        )));
    }
    Ok(())
}

/// The code a seal carries (D16): round enterprise seals an optional 13-digit seal code
/// (印章编码) on the lower arc; the invoice seal the enterprise's taxpayer number, its USCC;
/// square seals and signatures none (the renderer refuses one).
fn check_code(kind: SealKind, code: Option<&str>, uscc: Option<&str>) -> Result<Option<String>> {
    let Some(code) = code.map(str::trim) else {
        return Ok(None);
    };
    match kind {
        SealKind::Official | SealKind::Contract | SealKind::Finance => {
            if code.len() == 13 && code.bytes().all(|b| b.is_ascii_digit()) {
                Ok(Some(code.to_string()))
            } else {
                Err(Error::BadInput(format!(
                    "invalid --code '{code}': a {} carries a 13-digit seal code (印章编码), digits only",
                    kind.chinese_name()
                )))
            }
        }
        SealKind::Invoice => {
            let given = code.to_ascii_uppercase();
            match uscc {
                Some(u) if u == given => Ok(Some(given)),
                Some(u) => Err(Error::BadInput(format!(
                    "invalid --code '{code}': an invoice seal (发票专用章) carries the enterprise's taxpayer number, its USCC {u}; give that or leave --code out"
                ))),
                None => Ok(Some(given)),
            }
        }
        _ => Ok(Some(code.to_string())),
    }
}

/// Who may manage a seal: the operator; the enterprise administrator for enterprise seals;
/// for a person's own seal, that person too.
fn require_manager(tx: &Tx, actor: &Actor, seal: &Seal, doing: &str) -> Result<()> {
    if let (Some(pid), Some(me)) = (seal.person_id, actor.person_id())
        && pid == me
    {
        return Ok(());
    }
    match seal.org_id {
        Some(org) => require_admin(tx, actor, org, doing),
        None => {
            // A person's seal: the administrator of any enterprise they belong to may manage it.
            let pid = seal.person_id.unwrap_or(0);
            for m in orgs::memberships_of(tx, pid)? {
                if require_admin(tx, actor, m.org_id, doing).is_ok() {
                    return Ok(());
                }
            }
            require_operator(actor, doing)
        }
    }
}

/// A seal `seal make` drew and stored.
#[derive(Debug, Serialize)]
pub struct Made {
    #[serde(flatten)]
    pub seal: Seal,
    /// `template` (drawn by the seal rules) or `font_fallback` (a generated signature: a
    /// font, not the person's handwriting).
    pub rendering: &'static str,
    /// The invoice seal's serial number (印章顺序编号), drawn as "(N)".
    pub serial: Option<u32>,
    /// Says what a font-fallback signature is and how to replace it.
    pub note: Option<&'static str>,
    #[serde(skip)]
    pub png: Vec<u8>,
}

/// The serial number of an enterprise's next invoice seal: one more than the invoice seals it
/// has had (pending, effective or void; rejected uploads were never used).
fn next_invoice_serial(tx: &Tx, org_id: Id) -> Result<u32> {
    let had = seals::list(tx, Some(org_id), None)?
        .iter()
        .filter(|s| s.kind == SealKind::Invoice && s.state != SealState::Rejected)
        .count();
    Ok(u32::try_from(had).unwrap_or(u32::MAX).saturating_add(1))
}

/// `seal make` as PNG and seal: see [`make_detailed`].
pub fn make(
    reg: &mut Registry,
    actor: &Actor,
    owner: Owner,
    spec: SealSpec,
) -> Result<(Seal, Vec<u8>)> {
    let m = make_detailed(reg, actor, owner, spec)?;
    Ok((m.seal, m.png))
}

/// `seal make`: draws the seal from the registry's data (enterprise name, legal
/// representative, person's name: D5, D16) and stores it, effective at once (D7).
/// `spec.text` and `spec.code` are filled here unless the caller set them, and so is the
/// invoice seal's serial number (the enterprise's invoice seals so far, plus one).
pub fn make_detailed(
    reg: &mut Registry,
    actor: &Actor,
    owner: Owner,
    mut spec: SealSpec,
) -> Result<Made> {
    let kind = spec.kind;
    // Text and label given instead of the registry's are names too (drawn, recorded, shown).
    if !spec.text.is_empty() {
        spec.text = ident::validate_name("--text", &spec.text, 100)?;
    }
    if let Some(label) = &spec.label {
        spec.label = Some(ident::validate_name("--label", label, 64)?);
    }
    let (org, person) = reg.read(|tx| match &owner {
        Owner::Org(r) => Ok((Some(orgs::resolve(tx, r)?), None)),
        Owner::Person(r) => Ok((None, Some(persons::resolve(tx, r)?))),
    })?;
    match (is_enterprise_kind(kind), &org, &person) {
        (true, Some(o), _) => {
            if spec.text.is_empty() {
                spec.text = if kind == SealKind::LegalRep {
                    o.legal_rep_name.clone()
                } else {
                    o.name.clone()
                };
            }
            spec.code = check_code(kind, spec.code.as_deref(), Some(&o.uscc))?;
            if kind == SealKind::Invoice && spec.code.is_none() {
                spec.code = Some(o.uscc.clone());
            }
            if kind == SealKind::Invoice && spec.serial.is_none() {
                spec.serial = Some(reg.read(|tx| next_invoice_serial(tx, o.id))?);
            }
        }
        (false, _, Some(p)) => {
            if spec.text.is_empty() {
                spec.text = p.name.clone();
            }
        }
        (true, None, _) => {
            return Err(Error::Usage(format!(
                "a {} seal belongs to an enterprise: give --org",
                kind.as_str()
            )));
        }
        (false, _, None) => {
            return Err(Error::Usage(format!(
                "a {} seal belongs to a person: give --person",
                kind.as_str()
            )));
        }
    }
    let rendered = render::render(&spec)?;
    let label = spec
        .label
        .clone()
        .or(kind.default_label().map(str::to_string))
        .unwrap_or_else(|| kind.chinese_name().to_string());
    let seal = mutate(reg, actor, "seal.make", |tx| {
        match (&org, &person) {
            (Some(o), _) => {
                require_admin(tx, actor, o.id, "make enterprise seals (印模制作)")?;
                require_no_effective(tx, o.id, kind)?;
            }
            (_, Some(p)) if actor.person_id() == Some(p.id) => {}
            (_, Some(p)) => {
                let admin_of_any = orgs::memberships_of(tx, p.id)?
                    .iter()
                    .any(|m| require_admin(tx, actor, m.org_id, "").is_ok());
                if !admin_of_any {
                    require_operator(actor, "make another person's seal")?;
                }
            }
            _ => {}
        }
        let at = clock::now_stamp()?;
        let id = seals::insert(
            tx,
            &seals::NewSeal {
                org_id: org.as_ref().map(|o| o.id),
                person_id: person.as_ref().map(|p| p.id),
                kind,
                label: &label,
                source: SealSource::Generated,
                state: SealState::Effective,
                png: &rendered.png,
                width_mm: f64::from(rendered.width_mm),
                height_mm: f64::from(rendered.height_mm),
                at,
            },
        )?;
        let mut d = Draft::new("seal.make", format!("seal:{id}")).details(json!({
            "kind": kind.as_str(), "text": spec.text, "label": label, "serial": spec.serial,
            "size_mm": [rendered.width_mm, rendered.height_mm], "dpi": spec.dpi
        }));
        if let Some(o) = &org {
            d = d.org(o.id);
        }
        if let Some(p) = &person {
            d = d.person(p.id);
        }
        history::record(tx, actor, d)?;
        seals::require(tx, id)
    })?;
    let fallback = kind == SealKind::Signature;
    Ok(Made {
        seal,
        rendering: if fallback {
            "font_fallback"
        } else {
            "template"
        },
        serial: spec.serial,
        note: fallback.then_some(render::FONT_FALLBACK_NOTE),
        png: rendered.png,
    })
}

/// A seal image `seal upload` stored.
#[derive(Debug, Serialize)]
pub struct Uploaded {
    #[serde(flatten)]
    pub seal: Seal,
    /// A signature: what cleaning the photo found.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub handwriting: Option<HandwritingReport>,
}

/// `seal upload`: a seal image made elsewhere (a scanned or cleaned seal, D7, D17); pending
/// until the platform reviews it. A signature is a photo of the person's handwriting: its ink
/// is cut out here (`seal::handwriting`) at the signature's size, and it is stored `cleaned`.
pub fn upload(
    reg: &mut Registry,
    actor: &Actor,
    owner: Owner,
    kind: SealKind,
    image: &[u8],
    source: SealSource,
    size_mm: Option<(f32, f32)>,
) -> Result<Uploaded> {
    let (w, h) = size_mm.unwrap_or_else(|| kind.default_size_mm());
    let (png, report, source) = if kind == SealKind::Signature {
        let opts = HandwritingOptions {
            width_mm: w,
            height_mm: h,
            ..HandwritingOptions::default()
        };
        let cut = handwriting::clean_handwriting(image, &opts)?;
        (cut.png, Some(cut.report), SealSource::Cleaned)
    } else {
        let img = clean::decode_limited(image, clean::CleanOptions::default().max_pixels)?;
        let mut png = Vec::new();
        img.to_rgba8()
            .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
            .map_err(|e| Error::Internal(format!("png encode: {e}")))?;
        (png, None, source)
    };
    let seal = mutate(reg, actor, "seal.upload", |tx| {
        let (org_id, person_id) = match &owner {
            Owner::Org(r) => {
                let o = orgs::resolve(tx, r)?;
                require_admin(tx, actor, o.id, "upload enterprise seals")?;
                (Some(o.id), None)
            }
            Owner::Person(r) => {
                let p = persons::resolve(tx, r)?;
                if actor.person_id() != Some(p.id) {
                    let admin_of_any = orgs::memberships_of(tx, p.id)?
                        .iter()
                        .any(|m| require_admin(tx, actor, m.org_id, "").is_ok());
                    if !admin_of_any {
                        require_operator(actor, "upload another person's seal")?;
                    }
                }
                (None, Some(p.id))
            }
        };
        if is_enterprise_kind(kind) != org_id.is_some() {
            return Err(Error::Usage(format!(
                "a {} seal belongs to {}",
                kind.as_str(),
                if is_enterprise_kind(kind) {
                    "an enterprise: give --org"
                } else {
                    "a person: give --person"
                }
            )));
        }
        let at = clock::now_stamp()?;
        let label = kind.default_label().unwrap_or(kind.chinese_name());
        let id = seals::insert(
            tx,
            &seals::NewSeal {
                org_id,
                person_id,
                kind,
                label,
                source,
                state: SealState::Pending,
                png: &png,
                width_mm: f64::from(w),
                height_mm: f64::from(h),
                at,
            },
        )?;
        let mut d = Draft::new("seal.upload", format!("seal:{id}"))
            .details(json!({ "kind": kind.as_str(), "source": source, "bytes": png.len() }));
        if let Some(o) = org_id {
            d = d.org(o);
        }
        if let Some(p) = person_id {
            d = d.person(p);
        }
        history::record(tx, actor, d)?;
        seals::require(tx, id)
    })?;
    Ok(Uploaded {
        seal,
        handwriting: report,
    })
}

/// `seal review`: the platform approves (effective) or rejects a pending seal (D7).
pub fn review(
    reg: &mut Registry,
    actor: &Actor,
    seal_id: Id,
    approve: bool,
    reason: Option<&str>,
) -> Result<Seal> {
    let reason = reason.map(|r| text_field("--reason", r, 200)).transpose()?;
    if !approve && reason.is_none() {
        return Err(Error::Usage("a rejection needs --reason".into()));
    }
    mutate(reg, actor, "seal.review", |tx| {
        require_operator(actor, "review seal images (审核)")?;
        let seal = seals::require(tx, seal_id)?;
        if seal.state != SealState::Pending {
            return Err(Error::Refused(format!(
                "seal {seal_id} is {}, not pending review (待审核)",
                seal.state
            )));
        }
        if approve && let Some(org) = seal.org_id {
            require_no_effective(tx, org, seal.kind)?;
        }
        let state = if approve {
            SealState::Effective
        } else {
            SealState::Rejected
        };
        seals::set_state(tx, seal_id, state, reason.as_deref())?;
        history::record(
            tx,
            actor,
            owner_draft(&seal, "seal.review")
                .details(json!({ "approved": approve, "reason": reason })),
        )?;
        seals::require(tx, seal_id)
    })
}

fn owner_draft(seal: &Seal, action: &str) -> Draft {
    let mut d = Draft::new(action, format!("seal:{}", seal.id));
    if let Some(o) = seal.org_id {
        d = d.org(o);
    }
    if let Some(p) = seal.person_id {
        d = d.person(p);
    }
    d
}

fn require_effective(seal: &Seal) -> Result<()> {
    match seal.state {
        SealState::Effective => Ok(()),
        SealState::Void => Err(Error::Refused(format!(
            "seal {} is void (已作废) and can no longer be used (D18)",
            seal.id
        ))),
        SealState::Pending => Err(Error::Refused(format!(
            "seal {} is pending review (待审核); the platform must approve it first (`catool seal review`, D7)",
            seal.id
        ))),
        SealState::Rejected => Err(Error::Refused(format!(
            "seal {} was rejected at review ({})",
            seal.id,
            seal.review_reason.as_deref().unwrap_or("no reason")
        ))),
    }
}

/// 分配印章 (D18): the enterprise administrator assigns an effective seal to a certificate
/// (its bound account then may use it). A personal seal goes only to its person's certificate.
pub fn assign(reg: &mut Registry, actor: &Actor, seal_id: Id, cert_id: Id) -> Result<SealDetails> {
    mutate(reg, actor, "seal.assign", |tx| {
        let seal = seals::require(tx, seal_id)?;
        let cert = certs::require(tx, cert_id)?;
        require_effective(&seal)?;
        let cert_org = cert.org_id.ok_or_else(|| {
            Error::Refused("seals are assigned to certificates of an enterprise".into())
        })?;
        require_admin(tx, actor, cert_org, "assign seals (分配印章, D18)")?;
        if cert.status != CertStatus::Active || cert.locked {
            return Err(Error::Refused(format!(
                "certificate {cert_id} is not active; seals go to active certificates"
            )));
        }
        match (seal.org_id, seal.person_id) {
            (Some(o), _) if o != cert_org => {
                return Err(Error::Refused(format!(
                    "seal {seal_id} belongs to another enterprise than certificate {cert_id}"
                )));
            }
            (None, Some(p))
                if cert.owner.as_ref().map(|o| o.id) != Some(p)
                    && cert.holder.as_ref().map(|h| h.id) != Some(p) =>
            {
                return Err(Error::Refused(format!(
                    "seal {seal_id} is {}'s; it can only go to their own certificate",
                    seal.owner_name
                )));
            }
            _ => {}
        }
        if !seals::assign(tx, seal_id, cert_id, clock::now_stamp()?)? {
            return Err(Error::Refused(format!(
                "seal {seal_id} is already assigned to certificate {cert_id}"
            )));
        }
        history::record(
            tx,
            actor,
            owner_draft(&seal, "seal.assign")
                .cert(cert_id)
                .details(json!({ "cert": cert_id })),
        )?;
        details(tx, seal_id)
    })
}

fn details(tx: &Tx, seal_id: Id) -> Result<SealDetails> {
    Ok(SealDetails {
        seal: seals::require(tx, seal_id)?,
        assignments: seals::assignments(tx, seal_id)?,
        grants: seals::grants(tx, seal_id)?,
    })
}

/// Parses a grant window bound in the registry's time zone: a date means that local day
/// (`--from`: from its first second; `--until`: through its last, the stored end being the
/// next local midnight, exclusive), or a local or RFC 3339 time.
fn window_bound(reg: &mut Registry, flag: &str, s: &str, end: bool) -> Result<Stamp> {
    let zone = reg.read(super::settings::zone)?;
    clock::parse_bound(flag, s, zone, end)
}

pub struct GrantWindow<'a> {
    pub from: &'a str,
    pub until: &'a str,
    pub reason: &'a str,
}

/// 申请印章授权 (a member asks) or, by the administrator, a grant given at once (D18).
pub fn grant(
    reg: &mut Registry,
    actor: &Actor,
    seal_id: Id,
    to_ref: Option<&str>,
    w: GrantWindow,
) -> Result<SealGrant> {
    let from = window_bound(reg, "--from", w.from, false)?;
    let until = window_bound(reg, "--until", w.until, true)?;
    if until <= from {
        return Err(Error::BadInput(format!(
            "--until {until} must be after --from {from}"
        )));
    }
    let reason = text_field("--reason", w.reason, 200)?;
    mutate(reg, actor, "seal.grant", |tx| {
        let seal = seals::require(tx, seal_id)?;
        require_effective(&seal)?;
        let org = seal.org_id.ok_or_else(|| Error::Refused("grants are for enterprise seals; a personal seal is assigned to its person's certificate".into()))?;
        let to = match (to_ref, actor) {
            (Some(r), _) => persons::resolve(tx, r)?,
            (None, Actor::Person(p, _)) => p.clone(),
            (None, Actor::Operator) => {
                return Err(Error::Usage("give the member with --to PERSON".into()));
            }
        };
        if orgs::membership(tx, org, to.id)?.is_none() {
            return Err(Error::Refused(format!(
                "{} is not a member of {}",
                to.name, seal.owner_name
            )));
        }
        let state = if require_admin(tx, actor, org, "grant seal use").is_ok() {
            GrantState::Approved
        } else if actor.person_id() == Some(to.id) {
            GrantState::Requested
        } else {
            return Err(Error::Refused("not allowed (无权限): a member may only request a grant for themselves (申请印章授权, D18)".into()));
        };
        let at = clock::now_stamp()?;
        let id = seals::insert_grant(
            tx,
            &seals::NewGrant {
                seal_id,
                person_id: to.id,
                valid_from: from,
                valid_until: until,
                reason: &reason,
                state,
                at,
            },
        )?;
        history::record(tx, actor, owner_draft(&seal, "seal.grant").person(to.id).details(json!({ "grant": id, "state": state, "from": from, "until": until, "reason": reason })))?;
        seals::grant(tx, id)
    })
}

/// The administrator decides a requested grant, or takes an approved one back (收回).
pub fn decide_grant(
    reg: &mut Registry,
    actor: &Actor,
    grant_id: Id,
    decision: GrantDecision,
) -> Result<SealGrant> {
    let action = match decision {
        GrantDecision::Approve => "seal.grant.approve",
        GrantDecision::Reject => "seal.grant.reject",
        GrantDecision::Revoke => "seal.grant.revoke",
    };
    mutate(reg, actor, action, |tx| {
        let g = seals::grant(tx, grant_id)?;
        let seal = seals::require(tx, g.seal_id)?;
        require_admin(
            tx,
            actor,
            seal.org_id.unwrap_or(0),
            "decide seal grants (D18)",
        )?;
        let new_state = match (decision, g.state) {
            (GrantDecision::Approve, GrantState::Requested) => GrantState::Approved,
            (GrantDecision::Reject, GrantState::Requested) => GrantState::Rejected,
            (GrantDecision::Revoke, GrantState::Approved | GrantState::Requested) => {
                GrantState::Revoked
            }
            (_, s) => {
                return Err(Error::Refused(format!(
                    "grant {grant_id} is {s}; nothing to {}",
                    action.rsplit('.').next().unwrap_or("do")
                )));
            }
        };
        seals::set_grant_state(tx, grant_id, new_state)?;
        history::record(
            tx,
            actor,
            owner_draft(&seal, action)
                .person(g.person.id)
                .details(json!({ "grant": grant_id })),
        )?;
        seals::grant(tx, grant_id)
    })
}

#[derive(Debug, Clone, Copy)]
pub enum GrantDecision {
    Approve,
    Reject,
    Revoke,
}

/// 作废 (D18): a void seal can never be used again.
pub fn void(reg: &mut Registry, actor: &Actor, seal_id: Id, reason: &str) -> Result<Seal> {
    let reason = text_field("--reason", reason, 200)?;
    mutate(reg, actor, "seal.void", |tx| {
        let seal = seals::require(tx, seal_id)?;
        require_manager(tx, actor, &seal, "void seals (作废)")?;
        if seal.state == SealState::Void {
            return Err(Error::Refused(format!(
                "seal {seal_id} is already void (已作废)"
            )));
        }
        seals::set_state(tx, seal_id, SealState::Void, Some(&reason))?;
        history::record(
            tx,
            actor,
            owner_draft(&seal, "seal.void").details(json!({ "reason": reason })),
        )?;
        seals::require(tx, seal_id)
    })
}

pub fn list(reg: &mut Registry, org: Option<&str>, person: Option<&str>) -> Result<Vec<Seal>> {
    reg.read(|tx| {
        let org_id = org.map(|r| orgs::resolve(tx, r)).transpose()?.map(|o| o.id);
        let person_id = person
            .map(|r| persons::resolve(tx, r))
            .transpose()?
            .map(|p| p.id);
        seals::list(tx, org_id, person_id)
    })
}

pub fn show(reg: &mut Registry, seal_id: Id) -> Result<SealDetails> {
    reg.read(|tx| details(tx, seal_id))
}

/// Why the actor may use a seal now (D18), or a refusal saying why not: the seal must be
/// effective, and the actor must hold or be bound to a live certificate it is assigned to,
/// or have an approved grant whose window contains `now`. The operator may use any
/// effective seal.
pub fn check_use(tx: &Tx, actor: &Actor, seal: &Seal, now: DateTime<Utc>) -> Result<String> {
    require_effective(seal)?;
    let Some(me) = actor.person_id() else {
        return Ok("platform operator".into());
    };
    for a in seals::assignments(tx, seal.id)? {
        let c = certs::require(tx, a.cert_id)?;
        let mine = c.holder.as_ref().map(|h| h.id) == Some(me)
            || c.bound.as_ref().map(|b| b.id) == Some(me);
        if mine && c.status == CertStatus::Active && !c.locked {
            return Ok(format!("assigned to certificate {}", c.id));
        }
    }
    let now_s = Stamp::new(now);
    let mut expired = None;
    for g in seals::grants(tx, seal.id)? {
        if g.person.id != me || g.state != GrantState::Approved {
            continue;
        }
        if g.valid_from <= now_s && now_s < g.valid_until {
            return Ok(format!("grant {} until {}", g.id, g.valid_until));
        }
        expired = Some(g);
    }
    Err(Error::Refused(match expired {
        Some(g) => format!(
            "not allowed to use seal {} (无权使用): grant {} is valid {} … {}, not now (D18)",
            seal.id, g.id, g.valid_from, g.valid_until
        ),
        None => format!(
            "not allowed to use seal {} (无权使用): it is not assigned to your certificate and you have no grant; ask the administrator (分配印章 / 申请印章授权, D18)",
            seal.id
        ),
    }))
}

/// `seal use-check`: whether the actor may use the seal now, recorded like a use would be.
pub fn can_use(reg: &mut Registry, actor: &Actor, seal_id: Id) -> Result<String> {
    let now = clock::now()?;
    mutate(reg, actor, "seal.check", |tx| {
        let seal = seals::require(tx, seal_id)?;
        let why = check_use(tx, actor, &seal, now)?;
        Ok(why)
    })
}
