//! Enterprises (D1) and their members (D2): registration, CA authorization (CA授权),
//! membership, and the single administrator (管理员) and its transfer (转让单位管理员).

use serde::Serialize;
use serde_json::json;

use super::history::{self, Draft};
use super::page::{Page, Paged};
use super::party_error::{OrgField, PartyError};
use super::person::Outcome;
use super::{Act, Actor, clock, ident, mutate, require_admin, require_operator};
use crate::error::{Error, Result};
use crate::model::vocab::{CertStatus, GrantState, Role};
use crate::model::{Cert, Id, Membership, Org, Package, SealGrant};
use crate::registry::{Registry, Tx, certs, orgs, packages, persons, seals};

pub struct NewOrg<'a> {
    pub name: &'a str,
    pub uscc: &'a str,
    pub legal_rep_name: &'a str,
    pub legal_rep_id_number: &'a str,
    /// The person who becomes the enterprise's administrator (D2: exactly one).
    pub admin: &'a str,
}

pub use crate::model::vocab::AuthMethod;

/// Everything `org show` displays.
#[derive(Debug, Serialize)]
pub struct OrgDetails {
    #[serde(flatten)]
    pub org: Org,
    pub members: Vec<Membership>,
    pub packages: Vec<Package>,
}

/// A checked [`NewOrg`].
struct Valid {
    name: String,
    uscc: String,
    rep: String,
    rep_id: String,
}

fn validate(new: &NewOrg) -> Result<Valid> {
    Ok(Valid {
        name: ident::validate_name("--name", new.name, 100)?,
        uscc: ident::validate_uscc("--uscc", new.uscc)?,
        rep: ident::validate_name("--legal-rep", new.legal_rep_name, 50)?,
        rep_id: ident::validate_resident_id("--legal-rep-id", new.legal_rep_id_number)?,
    })
}

/// Registers an enterprise (D1) with its administrator (D2). The same enterprise again —
/// same USCC, name and legal representative, the `admin` given still one of its members
/// (the role may have been transferred since) — is no change (`Exists`, nothing recorded);
/// other data under a registered USCC, or a second enterprise with a registered name, is
/// refused.
pub fn add(reg: &mut Registry, actor: &Actor, new: NewOrg) -> Result<(Org, Outcome)> {
    let v = validate(&new)?;
    mutate(reg, actor, "org.add", |tx| add_in(tx, actor, &v, new.admin))
}

/// [`add`] inside the caller's transaction (`catool import`).
pub(crate) fn add_tx(tx: &Tx, actor: &Actor, new: &NewOrg) -> Result<(Org, Outcome)> {
    add_in(tx, actor, &validate(new)?, new.admin)
}

fn add_in(tx: &Tx, actor: &Actor, v: &Valid, admin_ref: &str) -> Result<(Org, Outcome)> {
    require_operator(actor, Act::RegisterOrg)?;
    let (name, uscc, rep, rep_id) = (&v.name, &v.uscc, &v.rep, &v.rep_id);
    let admin = persons::resolve(tx, admin_ref)?;
    if let Some(o) = orgs::find_by_uscc(tx, uscc)? {
        let differs = |field, stored: &str, given: &str| {
            Error::from(PartyError::OrgDiffers {
                uscc: uscc.clone(),
                org: o.id,
                field,
                stored: stored.to_string(),
                given: given.to_string(),
            })
        };
        if o.name != *name {
            return Err(differs(OrgField::Name, &o.name, name));
        }
        if o.legal_rep_name != *rep {
            return Err(differs(OrgField::LegalRep, &o.legal_rep_name, rep));
        }
        if o.legal_rep_id_number != *rep_id {
            return Err(differs(
                OrgField::LegalRepId,
                &o.legal_rep_id_number,
                rep_id,
            ));
        }
        if orgs::membership(tx, o.id, admin.id)?.is_none() {
            return Err(PartyError::OrgAdminNotMember {
                uscc: uscc.clone(),
                org: o.id,
                person: admin.name.clone(),
                admin: o
                    .admin
                    .as_ref()
                    .map_or("-", |a| a.name.as_str())
                    .to_string(),
            }
            .into());
        }
        return Ok((o, Outcome::Exists));
    }
    if let Some(o) = orgs::find_by_name(tx, name)? {
        return Err(PartyError::OrgNameTaken {
            name: name.clone(),
            org: o.id,
            uscc: o.uscc,
        }
        .into());
    }
    let at = clock::now_stamp()?;
    let id = orgs::insert(
        tx,
        &orgs::NewOrg {
            name,
            uscc,
            legal_rep_name: rep,
            legal_rep_id_number: rep_id,
            at,
        },
    )?;
    orgs::add_member(tx, id, admin.id, Role::Admin, at)?;
    history::record(
        tx,
        actor,
        Draft::new("org.add", format!("org:{id}"))
            .org(id)
            .person(admin.id)
            .details(json!({ "name": name, "uscc": uscc, "admin": admin.name })),
    )?;
    let o = orgs::get(tx, id)?.ok_or_else(|| Error::Internal("new enterprise vanished".into()))?;
    Ok((o, Outcome::Created))
}

/// One page of enterprises, in id order.
pub fn list(reg: &mut Registry, page: Page) -> Result<Paged<Org>> {
    let (limit, offset) = page.sql_window();
    reg.read(|tx| Ok(page.of_window(orgs::list(tx, limit, offset)?)))
}

pub fn show(reg: &mut Registry, reference: &str) -> Result<OrgDetails> {
    reg.read(|tx| {
        let org = orgs::resolve(tx, reference)?;
        Ok(OrgDetails {
            members: orgs::members(tx, org.id)?,
            packages: packages::of_org(tx, org.id)?,
            org,
        })
    })
}

/// Records that the enterprise is authorized (CA授权, D1). The method is a fact the operator
/// enters; catool does no face recognition (D22). A letter (授权委托书) is required with
/// `letter`, must be a PDF or an image that decodes, and is fingerprinted.
pub fn authorize(
    reg: &mut Registry,
    actor: &Actor,
    reference: &str,
    method: AuthMethod,
    letter: Option<&[u8]>,
) -> Result<Org> {
    let evidence = letter_evidence(method, letter)?;
    mutate(reg, actor, "org.authorize", |tx| {
        let org = orgs::resolve(tx, reference)?;
        authorize_in(tx, actor, &org, method, evidence.as_deref())
    })
}

/// The fingerprint of a checked authorization letter (none for face verification).
pub(crate) fn letter_evidence(method: AuthMethod, letter: Option<&[u8]>) -> Result<Option<String>> {
    match (method, letter) {
        (AuthMethod::Face, Some(_)) => Err(PartyError::LetterWithFace.into()),
        (AuthMethod::Face, None) => Ok(None),
        (AuthMethod::Letter, None) => Err(PartyError::LetterMissing.into()),
        (AuthMethod::Letter, Some(bytes)) => {
            check_letter(bytes)?;
            use sha2::{Digest, Sha256};
            Ok(Some(format!(
                "sha256:{}",
                crate::hex::encode(&Sha256::digest(bytes))
            )))
        }
    }
}

/// A letter is a PDF (its header within the first 1024 bytes, as readers accept it) or an
/// image that decodes (a scan or a photo).
fn check_letter(bytes: &[u8]) -> Result<()> {
    let head = &bytes[..bytes.len().min(1024)];
    if head.windows(5).any(|w| w == b"%PDF-") {
        return Ok(());
    }
    let max = crate::seal::clean::CleanOptions::default().max_pixels;
    crate::seal::clean::decode_limited(bytes, max)
        .map(|_| ())
        .map_err(|_| PartyError::LetterUnreadable.into())
}

/// [`authorize`] of `org` inside the caller's transaction, `evidence` from
/// [`letter_evidence`].
pub(crate) fn authorize_in(
    tx: &Tx,
    actor: &Actor,
    org: &Org,
    method: AuthMethod,
    evidence: Option<&str>,
) -> Result<Org> {
    require_operator(actor, Act::AuthorizeOrg)?;
    if let Some(at) = &org.authorized_at {
        return Err(PartyError::AlreadyAuthorized {
            org: org.name.clone(),
            method: org.auth_method.map_or("?", AuthMethod::as_str).to_string(),
            at: at.to_string(),
        }
        .into());
    }
    let at = clock::now_stamp()?;
    orgs::set_authorized(tx, org.id, method, evidence, at)?;
    history::record(
        tx,
        actor,
        Draft::new("org.authorize", format!("org:{}", org.id))
            .org(org.id)
            .details(json!({ "method": method.as_str(), "evidence": evidence })),
    )?;
    orgs::get(tx, org.id)?.ok_or_else(|| Error::Internal("enterprise vanished".into()))
}

/// Adds a member; `admin: true` asks for the administrator role, which the schema refuses
/// while the enterprise has one (D2: exactly one administrator).
pub fn add_member(
    reg: &mut Registry,
    actor: &Actor,
    org_ref: &str,
    person_ref: &str,
    admin: bool,
) -> Result<Membership> {
    mutate(reg, actor, "org.member.add", |tx| {
        let org = orgs::resolve(tx, org_ref)?;
        require_admin(tx, actor, org.id, Act::AddMembers)?;
        let person = persons::resolve(tx, person_ref)?;
        if let Some(m) = orgs::membership(tx, org.id, person.id)? {
            return Err(PartyError::AlreadyMember {
                person: person.name,
                admin: m.role == Role::Admin,
                org: org.name,
            }
            .into());
        }
        add_member_in(tx, actor, &org, &person, admin)
    })
}

/// Adds `person` to `org` inside the caller's transaction (not yet a member).
pub(crate) fn add_member_in(
    tx: &Tx,
    actor: &Actor,
    org: &Org,
    person: &crate::model::Person,
    admin: bool,
) -> Result<Membership> {
    {
        require_admin(tx, actor, org.id, Act::AddMembers)?;
        let at = clock::now_stamp()?;
        let role = if admin { Role::Admin } else { Role::Member };
        orgs::add_member(tx, org.id, person.id, role, at)?;
        history::record(
            tx,
            actor,
            Draft::new("org.member.add", format!("org:{}", org.id))
                .org(org.id)
                .person(person.id)
                .details(json!({ "person": person.name, "role": role })),
        )?;
        orgs::membership(tx, org.id, person.id)?
            .ok_or_else(|| Error::Internal("membership vanished".into()))
    }
}

/// What removing a member ended with it (`--revoke`).
#[derive(Debug, Serialize)]
pub struct Removed {
    #[serde(flatten)]
    pub membership: Membership,
    /// Certificates revoked (affiliationChanged).
    pub revoked_certificates: Vec<Id>,
    /// Seal grants ended (收回).
    pub ended_grants: Vec<Id>,
}

/// Removes a member (not the administrator: D2). While they own or hold live certificates
/// of the enterprise or have seal grants of it, it is refused, naming them; with `revoke`
/// those certificates are revoked (affiliationChanged) and the grants ended, all in the
/// same transaction and each recorded as `cert revoke` / `seal revoke-grant` would.
pub fn remove_member(
    reg: &mut Registry,
    actor: &Actor,
    org_ref: &str,
    person_ref: &str,
    revoke: bool,
) -> Result<Removed> {
    mutate(reg, actor, "org.member.remove", |tx| {
        let org = orgs::resolve(tx, org_ref)?;
        require_admin(tx, actor, org.id, Act::RemoveMembers)?;
        let person = persons::resolve(tx, person_ref)?;
        let Some(m) = orgs::membership(tx, org.id, person.id)? else {
            return Err(PartyError::NotMember {
                person: person.name,
                org: org.name,
            }
            .into());
        };
        if m.role == Role::Admin {
            return Err(PartyError::RemoveAdmin {
                person: person.name,
                org: org.name,
            }
            .into());
        }
        let live: Vec<Cert> = certs::of_person(tx, person.id)?
            .into_iter()
            .filter(|c| {
                c.org_id == Some(org.id)
                    && matches!(c.status, CertStatus::Active | CertStatus::Frozen)
            })
            .collect();
        let grants: Vec<SealGrant> = seals::grants_of_person(tx, person.id)?
            .into_iter()
            .filter(|(g, o)| {
                *o == Some(org.id)
                    && matches!(g.state, GrantState::Requested | GrantState::Approved)
            })
            .map(|(g, _)| g)
            .collect();
        if !revoke && (!live.is_empty() || !grants.is_empty()) {
            return Err(PartyError::MemberHasRights {
                person: person.name,
                org: org.name,
                certs: live.iter().map(|c| c.id).collect(),
                grants: grants.iter().map(|g| (g.id, g.seal_id)).collect(),
            }
            .into());
        }
        for c in &live {
            let mut removed = serde_json::Map::new();
            removed.insert("member_removed".into(), json!(person.name));
            super::cert_change::revoke_allowed(tx, actor, c, "affiliation-changed", removed)?;
        }
        for g in &grants {
            seals::set_grant_state(tx, g.id, GrantState::Revoked)?;
            history::record(
                tx,
                actor,
                Draft::new("seal.grant.revoke", format!("seal:{}", g.seal_id))
                    .org(org.id)
                    .person(person.id)
                    .details(json!({ "grant": g.id, "member_removed": person.name })),
            )?;
        }
        orgs::remove_member(tx, org.id, person.id)?;
        history::record(
            tx,
            actor,
            Draft::new("org.member.remove", format!("org:{}", org.id))
                .org(org.id)
                .person(person.id)
                .details(json!({ "person": person.name })),
        )?;
        Ok(Removed {
            membership: m,
            revoked_certificates: live.iter().map(|c| c.id).collect(),
            ended_grants: grants.iter().map(|g| g.id).collect(),
        })
    })
}

/// 转让单位管理员 (D2): the new administrator must already be a member; the old one stays a
/// member. Done by the current administrator or the operator.
pub fn transfer_admin(
    reg: &mut Registry,
    actor: &Actor,
    org_ref: &str,
    to_ref: &str,
) -> Result<Org> {
    mutate(reg, actor, "org.transfer-admin", |tx| {
        let org = orgs::resolve(tx, org_ref)?;
        require_admin(tx, actor, org.id, Act::TransferAdmin)?;
        let to = persons::resolve(tx, to_ref)?;
        let from = org.admin.clone().ok_or_else(|| {
            Error::Internal(format!("enterprise {} has no administrator", org.id))
        })?;
        if from.id == to.id {
            return Err(PartyError::AlreadyAdmin {
                person: to.name,
                org: org.name,
            }
            .into());
        }
        if orgs::membership(tx, org.id, to.id)?.is_none() {
            return Err(PartyError::TransferToNonMember {
                person: to.name,
                org: org.name,
            }
            .into());
        }
        orgs::move_admin(tx, org.id, from.id, to.id)?;
        history::record(
            tx,
            actor,
            Draft::new("org.transfer-admin", format!("org:{}", org.id))
                .org(org.id)
                .person(to.id)
                .details(json!({ "from": from.name, "to": to.name })),
        )?;
        orgs::get(tx, org.id)?.ok_or_else(|| Error::Internal("enterprise vanished".into()))
    })
}
