//! Seals in the registry (D7, D8, D16–D18, D21): generated seals are effective at once,
//! uploaded or cleaned ones wait for review; the administrator assigns seals to certificates
//! and grants members time-boxed use; every step and every use is a history event.

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::json;

use super::history::{self, Draft};
use super::seal_error::SealError;
use super::{Act, Actor, clock, ident, mutate, require_admin, require_operator, text_field};
use crate::error::Result;
use crate::i18n::{Arg, Lang};
use crate::model::Stamp;
use crate::model::vocab::{CertStatus, GrantState, SealSource, SealState};
use crate::model::{Id, Seal, SealAssignment, SealGrant};
use crate::msg;
use crate::registry::{Registry, Tx, certs, orgs, persons, seals};
use crate::seal::clean;
use crate::seal::error::SealImageError;
use crate::seal::handwriting::{self, HandwritingOptions, HandwritingReport};
use crate::seal::render::{self, SealKind, SealSpec};

/// The catalogue entry saying what a generated (font-drawn) signature is and how to replace
/// it with a photo of the real one.
pub const FONT_FALLBACK_NOTE: &str = msg!("seal-font-fallback-note");

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
        return Err(SealError::OneEffective {
            owner: first.owner_name,
            kind,
            seal: first.id,
        }
        .into());
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
                Err(SealError::CodeDigits {
                    code: code.to_string(),
                    kind,
                }
                .into())
            }
        }
        SealKind::Invoice => {
            let given = code.to_ascii_uppercase();
            match uscc {
                Some(u) if u == given => Ok(Some(given)),
                Some(u) => Err(SealError::CodeNotUscc {
                    code: code.to_string(),
                    uscc: u.to_string(),
                }
                .into()),
                None => Ok(Some(given)),
            }
        }
        _ => Ok(Some(code.to_string())),
    }
}

/// Who may manage a seal: the operator; the enterprise administrator for enterprise seals;
/// for a person's own seal, that person too.
fn require_manager(tx: &Tx, actor: &Actor, seal: &Seal, doing: Act) -> Result<()> {
    if let (Some(pid), Some(me)) = (seal.person_id, actor.person_id())
        && pid == me
    {
        return Ok(());
    }
    match super::enterprise::seal_org(tx, seal)? {
        Some(org) => require_admin(tx, actor, org, doing),
        None => {
            // A person's seal: the administrator of any enterprise they belong to may manage it.
            let memberships = match seal.person_id {
                Some(pid) => orgs::memberships_of(tx, pid)?,
                None => Vec::new(),
            };
            for m in memberships {
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
    /// Says what a font-fallback signature is and how to replace it (English, like every
    /// JSON value).
    pub note: Option<String>,
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
    // A text given is checked like any name, then must be the name the registry holds for
    // the owner (below): a seal reads its owner's name (D5, D16), never one typed instead,
    // or a member could draw a colleague's name seal "of herself" and the administrator
    // assigning it would never see whose name it reads.
    let given = if spec.text.is_empty() {
        None
    } else {
        Some(ident::validate_name("--text", &spec.text, 100)?)
    };
    if let Some(label) = &spec.label {
        spec.label = Some(ident::validate_name("--label", label, 64)?);
    }
    let (org, person) = reg.read(|tx| match &owner {
        Owner::Org(r) => Ok((Some(orgs::resolve(tx, r)?), None)),
        Owner::Person(r) => Ok((None, Some(persons::resolve(tx, r)?))),
    })?;
    match (is_enterprise_kind(kind), &org, &person) {
        (true, Some(o), _) => {
            spec.text = if kind == SealKind::LegalRep {
                o.legal_rep_name.clone()
            } else {
                o.name.clone()
            };
            spec.code = check_code(kind, spec.code.as_deref(), Some(&o.uscc))?;
            if kind == SealKind::Invoice && spec.code.is_none() {
                spec.code = Some(o.uscc.clone());
            }
            if kind == SealKind::Invoice && spec.serial.is_none() {
                spec.serial = Some(reg.read(|tx| next_invoice_serial(tx, o.id))?);
            }
        }
        (false, _, Some(p)) => spec.text = p.name.clone(),
        (true, None, _) => return Err(SealError::NeedsOrg { kind }.into()),
        (false, _, None) => return Err(SealError::NeedsPerson { kind }.into()),
    }
    if let Some(given) = given
        && given != spec.text
    {
        return Err(SealError::TextNotTheName {
            kind,
            given,
            name: spec.text,
        }
        .into());
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
                require_admin(tx, actor, o.id, Act::MakeOrgSeals)?;
                require_no_effective(tx, o.id, kind)?;
            }
            (_, Some(p)) if actor.person_id() == Some(p.id) => {}
            (_, Some(p)) => {
                let admin_of_any = orgs::memberships_of(tx, p.id)?
                    .iter()
                    .any(|m| require_admin(tx, actor, m.org_id, Act::MakeOthersSeal).is_ok());
                if !admin_of_any {
                    require_operator(actor, Act::MakeOthersSeal)?;
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
        note: fallback.then(|| crate::i18n::text(Lang::En, FONT_FALLBACK_NOTE, &[])),
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
        let img = clean::decode(image, clean::CleanOptions::default().max_pixels)?;
        let mut png = Vec::new();
        img.to_rgba8()
            .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
            .map_err(SealImageError::encode)?;
        (png, None, source)
    };
    let seal = mutate(reg, actor, "seal.upload", |tx| {
        let (org_id, person_id) = match &owner {
            Owner::Org(r) => {
                let o = orgs::resolve(tx, r)?;
                require_admin(tx, actor, o.id, Act::UploadOrgSeals)?;
                (Some(o.id), None)
            }
            Owner::Person(r) => {
                let p = persons::resolve(tx, r)?;
                if actor.person_id() != Some(p.id) {
                    let admin_of_any = orgs::memberships_of(tx, p.id)?
                        .iter()
                        .any(|m| require_admin(tx, actor, m.org_id, Act::UploadOthersSeal).is_ok());
                    if !admin_of_any {
                        require_operator(actor, Act::UploadOthersSeal)?;
                    }
                }
                (None, Some(p.id))
            }
        };
        match (is_enterprise_kind(kind), org_id.is_some()) {
            (true, false) => return Err(SealError::NeedsOrg { kind }.into()),
            (false, true) => return Err(SealError::NeedsPerson { kind }.into()),
            _ => {}
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
        return Err(SealError::RejectNeedsReason.into());
    }
    mutate(reg, actor, "seal.review", |tx| {
        require_operator(actor, Act::ReviewSeals)?;
        let seal = seals::require(tx, seal_id)?;
        if seal.state != SealState::Pending {
            return Err(SealError::NotPending {
                seal: seal_id,
                state: seal.state,
            }
            .into());
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
    let id = seal.id;
    match seal.state {
        SealState::Effective => Ok(()),
        SealState::Void => Err(SealError::Void { seal: id }.into()),
        SealState::Pending => Err(SealError::Pending { seal: id }.into()),
        SealState::Rejected => Err(SealError::Rejected {
            seal: id,
            reason: seal.review_reason.clone(),
        }
        .into()),
    }
}

/// Whether a personal seal of `person` may go with `cert` (D18: a name seal or signature
/// follows its person): a certificate in their name (its owner) that they hold themselves,
/// so that it is never stamped under someone else's PIN.
fn follows_its_person(cert: &crate::model::Cert, person: Id) -> bool {
    cert.owner.as_ref().map(|o| o.id) == Some(person)
        && cert.holder.as_ref().map(|h| h.id) == Some(person)
}

/// 分配印章 (D18): the enterprise administrator assigns an effective seal to a certificate
/// (its bound account then may use it). A personal seal goes only to a certificate its
/// person owns and holds.
pub fn assign(reg: &mut Registry, actor: &Actor, seal_id: Id, cert_id: Id) -> Result<SealDetails> {
    mutate(reg, actor, "seal.assign", |tx| {
        let seal = seals::require(tx, seal_id)?;
        let cert = certs::require(tx, cert_id)?;
        require_effective(&seal)?;
        super::enterprise::seal_org(tx, &seal)?;
        let cert_org = super::enterprise::cert_org(tx, &cert)?
            .ok_or(SealError::CertWithoutEnterprise { cert: cert_id })?;
        require_admin(tx, actor, cert_org, Act::AssignSeals)?;
        if cert.status != CertStatus::Active || cert.locked {
            return Err(SealError::CertNotActive { cert: cert_id }.into());
        }
        match (seal.org_id, seal.person_id) {
            (Some(o), _) if o != cert_org => {
                return Err(SealError::OtherEnterprise {
                    seal: seal_id,
                    cert: cert_id,
                }
                .into());
            }
            (None, Some(p)) if !follows_its_person(&cert, p) => {
                return Err(SealError::NotOwnCertificate {
                    seal: seal_id,
                    owner: seal.owner_name,
                    cert: cert_id,
                }
                .into());
            }
            _ => {}
        }
        if !seals::assign(tx, seal_id, cert_id, clock::now_stamp()?)? {
            return Err(SealError::AlreadyAssigned {
                seal: seal_id,
                cert: cert_id,
            }
            .into());
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
        return Err(SealError::WindowEmpty {
            from: w.from.to_string(),
            until: w.until.to_string(),
        }
        .into());
    }
    let reason = text_field("--reason", w.reason, 200)?;
    mutate(reg, actor, "seal.grant", |tx| {
        let seal = seals::require(tx, seal_id)?;
        require_effective(&seal)?;
        let org = super::enterprise::seal_org(tx, &seal)?
            .ok_or(SealError::GrantPersonalSeal { seal: seal_id })?;
        let to = match (to_ref, actor) {
            (Some(r), _) => persons::resolve(tx, r)?,
            (None, Actor::Person(p, _)) => p.clone(),
            (None, Actor::Operator) => return Err(SealError::GrantNeedsMember.into()),
        };
        if orgs::membership(tx, org, to.id)?.is_none() {
            return Err(SealError::NotMember {
                person: to.name,
                org: seal.owner_name,
            }
            .into());
        }
        let state = if require_admin(tx, actor, org, Act::GrantSealUse).is_ok() {
            GrantState::Approved
        } else if actor.person_id() == Some(to.id) {
            GrantState::Requested
        } else {
            return Err(SealError::RequestOnlyForSelf {
                actor: actor_name(actor),
                to: to.name,
            }
            .into());
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
        // Grants are of enterprise seals; one without an enterprise has no administrator.
        match super::enterprise::seal_org(tx, &seal)? {
            Some(org) => require_admin(tx, actor, org, Act::DecideGrants)?,
            None => require_operator(actor, Act::DecideGrants)?,
        }
        let new_state = match (decision, g.state) {
            (GrantDecision::Approve, GrantState::Requested) => GrantState::Approved,
            (GrantDecision::Reject, GrantState::Requested) => GrantState::Rejected,
            (GrantDecision::Revoke, GrantState::Approved | GrantState::Requested) => {
                GrantState::Revoked
            }
            (_, _) => {
                return Err(SealError::GrantNotOpen {
                    grant: grant_id,
                    state: g.state,
                    decision,
                }
                .into());
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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
        require_manager(tx, actor, &seal, Act::VoidSeals)?;
        if seal.state == SealState::Void {
            return Err(SealError::AlreadyVoid { seal: seal_id }.into());
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

/// Why someone may use a seal (D18).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UseBasis {
    /// The platform operator may use any effective seal.
    Operator,
    /// It is assigned to a live certificate the person holds or is bound to.
    Assigned { cert: Id },
    /// An approved grant whose window contains now.
    Grant { grant: Id, until: String },
}

impl UseBasis {
    /// How it reads in `lang` (in English it is the history's and JSON's `because`).
    pub fn text_in(&self, lang: Lang) -> String {
        let (id, args) = match self {
            UseBasis::Operator => (msg!("seal-use-operator"), vec![]),
            UseBasis::Assigned { cert } => {
                (msg!("seal-use-assigned"), vec![("cert", Arg::from(*cert))])
            }
            UseBasis::Grant { grant, until } => (
                msg!("seal-use-grant"),
                vec![("grant", Arg::from(*grant)), ("until", Arg::from(until))],
            ),
        };
        crate::i18n::text(lang, id, &args)
    }
}

/// Why the actor may use a seal now (D18), or a refusal saying why not: the seal must be
/// effective, and the actor must hold or be bound to a live certificate it is assigned to,
/// or have an approved grant whose window contains `now`. The operator may use any
/// effective seal.
pub fn use_basis(tx: &Tx, actor: &Actor, seal: &Seal, now: DateTime<Utc>) -> Result<UseBasis> {
    require_effective(seal)?;
    let Some(me) = actor.person_id() else {
        return Ok(UseBasis::Operator);
    };
    // Assignments and grants as the keyed history says (a row made true for one command
    // and put back is refused, red team 6).
    let keyed = super::seal_keyed::of(tx, seal.id)?;
    for a in seals::assignments(tx, seal.id)? {
        let c = certs::require(tx, a.cert_id)?;
        let holds = c.holder.as_ref().map(|h| h.id) == Some(me);
        let mine = holds || c.bound.as_ref().map(|b| b.id) == Some(me);
        // A personal seal assigned before its certificate changed hands stays its person's.
        let follows = seal.person_id.is_none_or(|p| follows_its_person(&c, p));
        if mine && follows && c.status == CertStatus::Active && !c.locked {
            keyed.require_assignment(tx, &c)?;
            if !holds {
                keyed.require_binding(tx, &c, me)?;
            }
            return Ok(UseBasis::Assigned { cert: c.id });
        }
    }
    let now_s = Stamp::new(now);
    let mut expired = None;
    for g in seals::grants(tx, seal.id)? {
        if g.person.id != me {
            continue;
        }
        keyed.require_grant(&g)?;
        if g.state != GrantState::Approved {
            continue;
        }
        if g.valid_from <= now_s && now_s < g.valid_until {
            return Ok(UseBasis::Grant {
                grant: g.id,
                until: g.valid_until.to_string(),
            });
        }
        expired = Some(g);
    }
    Err(match expired {
        Some(g) => SealError::GrantNotNow {
            seal: seal.id,
            grant: g.id,
            from: g.valid_from.to_string(),
            until: g.valid_until.to_string(),
        },
        None => SealError::NotAllowedToUse { seal: seal.id },
    }
    .into())
}

/// [`use_basis`], said in English as the history records it.
pub fn check_use(tx: &Tx, actor: &Actor, seal: &Seal, now: DateTime<Utc>) -> Result<String> {
    Ok(use_basis(tx, actor, seal, now)?.text_in(Lang::En))
}

/// `seal check`: whether the actor may use the seal now, recorded like a use would be.
pub fn can_use(reg: &mut Registry, actor: &Actor, seal_id: Id) -> Result<UseBasis> {
    let now = clock::now()?;
    mutate(reg, actor, "seal.check", |tx| {
        let seal = seals::require(tx, seal_id)?;
        use_basis(tx, actor, &seal, now)
    })
}

/// The acting person's name (a refusal quotes it).
fn actor_name(actor: &Actor) -> String {
    match actor {
        Actor::Person(p, _) => p.name.clone(),
        Actor::Operator => crate::i18n::text(Lang::En, msg!("seal-use-operator"), &[]),
    }
}
