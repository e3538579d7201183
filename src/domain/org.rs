//! Enterprises (D1) and their members (D2): registration, CA authorization (CA授权),
//! membership, and the single administrator (管理员) and its transfer (转让单位管理员).

use serde::Serialize;
use serde_json::json;

use super::history::{self, Draft};
use super::{Actor, clock, ident, mutate, require_admin, require_operator};
use crate::error::{Error, Result};
use crate::model::{Membership, Org, Package};
use crate::registry::{Registry, orgs, packages, persons};

pub struct NewOrg<'a> {
    pub name: &'a str,
    pub uscc: &'a str,
    pub legal_rep_name: &'a str,
    pub legal_rep_id_number: &'a str,
    /// The person who becomes the enterprise's administrator (D2: exactly one).
    pub admin: &'a str,
}

/// How the legal representative authorized the enterprise (D1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthMethod {
    /// Legal-representative face verification (法人人脸识别), done on the platform.
    Face,
    /// Authorization letter (授权委托书) signed by the legal representative and stamped.
    Letter,
}

impl AuthMethod {
    pub fn as_str(self) -> &'static str {
        match self {
            AuthMethod::Face => "face",
            AuthMethod::Letter => "letter",
        }
    }
}

/// Everything `org show` displays.
#[derive(Debug, Serialize)]
pub struct OrgDetails {
    #[serde(flatten)]
    pub org: Org,
    pub members: Vec<Membership>,
    pub packages: Vec<Package>,
}

pub fn add(reg: &mut Registry, actor: &Actor, new: NewOrg) -> Result<Org> {
    let name = ident::validate_name("--name", new.name, 100)?;
    let uscc = ident::validate_uscc("--uscc", new.uscc)?;
    let rep = ident::validate_name("--legal-rep", new.legal_rep_name, 50)?;
    let rep_id = ident::validate_resident_id("--legal-rep-id", new.legal_rep_id_number)?;
    mutate(reg, actor, "org.add", |tx| {
        require_operator(actor, "register an enterprise")?;
        let admin = persons::resolve(tx, new.admin)?;
        let at = clock::now_stamp()?;
        let id = orgs::insert(
            tx,
            &orgs::NewOrg {
                name: &name,
                uscc: &uscc,
                legal_rep_name: &rep,
                legal_rep_id_number: &rep_id,
                at: &at,
            },
        )?;
        orgs::add_member(tx, id, admin.id, "admin", &at)?;
        history::record(
            tx,
            actor,
            Draft::new("org.add", format!("org:{id}"))
                .org(id)
                .person(admin.id)
                .details(json!({ "name": name, "uscc": uscc, "admin": admin.name })),
        )?;
        orgs::get(tx, id)?.ok_or_else(|| Error::Internal("new enterprise vanished".into()))
    })
}

pub fn list(reg: &mut Registry) -> Result<Vec<Org>> {
    reg.read(orgs::list)
}

pub fn show(reg: &mut Registry, reference: &str) -> Result<OrgDetails> {
    reg.read(|tx| {
        let org = orgs::resolve(tx, reference)?;
        Ok(OrgDetails {
            members: orgs::members(tx, org.id)?,
            packages: packages::list(tx, Some(org.id))?,
            org,
        })
    })
}

/// Records that the enterprise is authorized (CA授权, D1). The method is a fact the operator
/// enters; catool does no face recognition (D22). A letter's file is fingerprinted.
pub fn authorize(
    reg: &mut Registry,
    actor: &Actor,
    reference: &str,
    method: AuthMethod,
    letter: Option<&[u8]>,
) -> Result<Org> {
    if letter.is_some() && method != AuthMethod::Letter {
        return Err(Error::Usage(
            "--letter is only for --method letter (授权委托书)".into(),
        ));
    }
    let evidence = letter.map(|bytes| {
        use sha2::{Digest, Sha256};
        format!("sha256:{}", crate::hex::encode(&Sha256::digest(bytes)))
    });
    mutate(reg, actor, "org.authorize", |tx| {
        require_operator(actor, "record an enterprise authorization (CA授权)")?;
        let org = orgs::resolve(tx, reference)?;
        if let Some(at) = &org.authorized_at {
            return Err(Error::Refused(format!(
                "already authorized (已授权): {} was authorized by {} on {at}",
                org.name,
                org.auth_method.as_deref().unwrap_or("?")
            )));
        }
        let at = clock::now_stamp()?;
        orgs::set_authorized(tx, org.id, method.as_str(), evidence.as_deref(), &at)?;
        history::record(
            tx,
            actor,
            Draft::new("org.authorize", format!("org:{}", org.id))
                .org(org.id)
                .details(json!({ "method": method.as_str(), "evidence": evidence })),
        )?;
        orgs::get(tx, org.id)?.ok_or_else(|| Error::Internal("enterprise vanished".into()))
    })
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
        require_admin(tx, actor, org.id, "add members")?;
        let person = persons::resolve(tx, person_ref)?;
        if let Some(m) = orgs::membership(tx, org.id, person.id)? {
            return Err(Error::Refused(format!(
                "already a member (已是成员): {} is {} of {}",
                person.name, m.role, org.name
            )));
        }
        let at = clock::now_stamp()?;
        let role = if admin { "admin" } else { "member" };
        orgs::add_member(tx, org.id, person.id, role, &at)?;
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
    })
}

pub fn remove_member(
    reg: &mut Registry,
    actor: &Actor,
    org_ref: &str,
    person_ref: &str,
) -> Result<Membership> {
    mutate(reg, actor, "org.member.remove", |tx| {
        let org = orgs::resolve(tx, org_ref)?;
        require_admin(tx, actor, org.id, "remove members")?;
        let person = persons::resolve(tx, person_ref)?;
        let Some(m) = orgs::membership(tx, org.id, person.id)? else {
            return Err(Error::NotFound(format!(
                "{} is not a member of {}",
                person.name, org.name
            )));
        };
        if m.role == "admin" {
            return Err(Error::Refused(format!(
                "cannot remove the administrator (无法移除管理员): {} administers {}; transfer the role first with `catool org transfer-admin` (D2)",
                person.name, org.name
            )));
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
        Ok(m)
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
        require_admin(tx, actor, org.id, "transfer the administrator role")?;
        let to = persons::resolve(tx, to_ref)?;
        let from = org.admin.clone().ok_or_else(|| {
            Error::Internal(format!("enterprise {} has no administrator", org.id))
        })?;
        if from.id == to.id {
            return Err(Error::Refused(format!(
                "nothing to transfer: {} already administers {}",
                to.name, org.name
            )));
        }
        if orgs::membership(tx, org.id, to.id)?.is_none() {
            return Err(Error::Refused(format!(
                "cannot transfer (无法转让): {} is not a member of {}; add them with `catool org member add` first (D2)",
                to.name, org.name
            )));
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
