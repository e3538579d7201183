//! Persons (D2, 自然人/员工): identity, contact, and the enterprises they belong to.

use serde::Serialize;
use serde_json::json;

use super::history::{self, Draft};
use super::keyed_identity::ID_DIGEST;
use super::page::{Page, Paged};
use super::party_error::{PartyError, PersonField};
use super::{Actor, clock, ident, mutate};
use crate::error::{Error, Result};
use crate::model::Stamp;
use crate::model::vocab::{CertKind, CertState};
use crate::model::{Id, Membership, Person, Seal, SealGrant, Slot};
use crate::registry::{Registry, Tx, certs, orgs, packages, persons, seals};

pub use crate::model::vocab::IdType;

pub struct NewPerson<'a> {
    pub name: &'a str,
    pub id_type: IdType,
    pub id_number: &'a str,
    pub email: Option<&'a str>,
    pub phone: Option<&'a str>,
}

#[derive(Debug, Serialize)]
pub struct PersonDetails {
    #[serde(flatten)]
    pub person: Person,
    pub memberships: Vec<Membership>,
    /// Certificates they own or hold.
    pub certificates: Vec<PersonCert>,
    /// Slots they own or hold (assigned, or used by one of the certificates).
    pub slots: Vec<Slot>,
    /// Their own seals (name seal, signature).
    pub seals: Vec<Seal>,
    /// Their grants of enterprise seals (D18).
    pub seal_grants: Vec<SealGrant>,
}

/// A certificate as `person show` lists it.
#[derive(Debug, Serialize)]
pub struct PersonCert {
    pub id: Id,
    pub serial: String,
    /// The D12 state (`active`, `expiring`, `expired`, `revoked`, `frozen`, `locked`, `superseded`).
    pub state: CertState,
    pub label: String,
    pub kind: CertKind,
    pub org_id: Option<Id>,
    pub org_name: Option<String>,
    /// `owner`, `holder` or `owner+holder`.
    pub role: String,
    pub not_after: Stamp,
}

fn validate_id_number(id_type: IdType, value: &str) -> Result<String> {
    match id_type {
        IdType::Resident => ident::validate_resident_id("--id-number", value),
        IdType::Passport | IdType::Other => {
            let v = value.trim().to_ascii_uppercase();
            let ok = (5..=30).contains(&v.len()) && v.bytes().all(|b| b.is_ascii_alphanumeric());
            if ok {
                Ok(v)
            } else {
                Err(PartyError::InvalidIdNumber {
                    field: "--id-number".into(),
                    value: value.to_string(),
                    id_type,
                }
                .into())
            }
        }
    }
}

fn validate_email(value: &str) -> Result<String> {
    let v = value.trim();
    match v.split_once('@') {
        Some((user, domain))
            if !user.is_empty() && domain.contains('.') && !v.contains(char::is_whitespace) =>
        {
            Ok(v.to_string())
        }
        _ => Err(PartyError::InvalidEmail {
            field: "--email".into(),
            value: value.to_string(),
        }
        .into()),
    }
}

fn validate_phone(value: &str) -> Result<String> {
    let v = value.trim();
    let digits = v.bytes().filter(u8::is_ascii_digit).count();
    if (5..=20).contains(&digits) && v.bytes().all(|b| b.is_ascii_digit() || b"+- ".contains(&b)) {
        Ok(v.to_string())
    } else {
        Err(PartyError::InvalidPhone {
            field: "--phone".into(),
            value: value.to_string(),
        }
        .into())
    }
}

/// What an `add` did: registered something new, or found it already there, identical to
/// what was asked (an operator's script run again), and changed nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    Created,
    Exists,
}

/// A checked [`NewPerson`].
struct Valid {
    name: String,
    id_type: IdType,
    id_number: String,
    email: Option<String>,
    phone: Option<String>,
}

fn validate(new: &NewPerson) -> Result<Valid> {
    Ok(Valid {
        name: ident::validate_name("--name", new.name, 50)?,
        id_type: new.id_type,
        id_number: validate_id_number(new.id_type, new.id_number)?,
        email: new.email.map(validate_email).transpose()?,
        phone: new.phone.map(validate_phone).transpose()?,
    })
}

/// Registers a person (D2). The same person registered again — same ID type and number,
/// same name, and the same e-mail and phone where given — is no change (`Exists`, nothing
/// recorded); other data under a registered ID number is refused.
pub fn add(reg: &mut Registry, actor: &Actor, new: NewPerson) -> Result<(Person, Outcome)> {
    let v = validate(&new)?;
    mutate(reg, actor, "person.add", |tx| add_in(tx, actor, &v))
}

/// [`add`] inside the caller's transaction (`catool import`).
pub(crate) fn add_tx(tx: &Tx, actor: &Actor, new: &NewPerson) -> Result<(Person, Outcome)> {
    add_in(tx, actor, &validate(new)?)
}

fn add_in(tx: &Tx, actor: &Actor, v: &Valid) -> Result<(Person, Outcome)> {
    let (name, id_number, email, phone) = (&v.name, &v.id_number, &v.email, &v.phone);
    if let Some(p) = persons::find(tx, v.id_type, id_number)? {
        let differs = |field, given: &str, stored: Option<&str>| {
            Error::from(PartyError::PersonDiffers {
                id_type: p.id_type,
                id_number: p.id_number.clone(),
                person: p.id,
                field,
                stored: stored.map(str::to_string),
                given: given.to_string(),
            })
        };
        if p.name != *name {
            return Err(differs(PersonField::Name, name, Some(&p.name)));
        }
        if let Some(e) = email
            && p.email.as_deref() != Some(e.as_str())
        {
            return Err(differs(PersonField::Email, e, p.email.as_deref()));
        }
        if let Some(ph) = phone
            && p.phone.as_deref() != Some(ph.as_str())
        {
            return Err(differs(PersonField::Phone, ph, p.phone.as_deref()));
        }
        return Ok((p, Outcome::Exists));
    }
    {
        let at = clock::now_stamp()?;
        let id = persons::insert(
            tx,
            &persons::NewPerson {
                name,
                id_type: v.id_type,
                id_number,
                email: email.as_deref(),
                phone: phone.as_deref(),
                at,
            },
        )?;
        history::record(
            tx,
            actor,
            Draft::new("person.add", format!("person:{id}"))
                .person(id)
                .details(json!({
                    "name": name, "id_type": v.id_type.as_str(),
                    // What a certificate's subject is checked against (D14), keyed: the
                    // history never holds the ID number in clear (red team 6).
                    "id_digest": history::keyed_digest(tx, ID_DIGEST, id_number)?
                })),
        )?;
        let p =
            persons::get(tx, id)?.ok_or_else(|| Error::Internal("new person vanished".into()))?;
        Ok((p, Outcome::Created))
    }
}

/// One page of persons, in id order.
pub fn list(reg: &mut Registry, page: Page) -> Result<Paged<Person>> {
    let (limit, offset) = page.sql_window();
    reg.read(|tx| Ok(page.of_window(persons::list(tx, limit, offset)?)))
}

pub fn show(reg: &mut Registry, reference: &str) -> Result<PersonDetails> {
    let now = clock::now()?;
    reg.read(|tx| {
        let person = persons::resolve(tx, reference)?;
        let mut certificates = Vec::new();
        for c in certs::of_person(tx, person.id)? {
            let org_name = match c.org_id {
                Some(o) => orgs::get(tx, o)?.map(|o| o.name),
                None => None,
            };
            let owner = c.owner.as_ref().map(|p| p.id) == Some(person.id);
            let holder = c.holder.as_ref().map(|p| p.id) == Some(person.id);
            let role = match (owner, holder) {
                (true, true) => "owner+holder",
                (true, false) => "owner",
                _ => "holder",
            };
            certificates.push(PersonCert {
                id: c.id,
                serial: c.serial_hex.clone(),
                state: super::cert::state(&c, now),
                label: super::cert::label(&c, now).to_string(),
                kind: c.kind,
                org_id: c.org_id,
                org_name,
                role: role.to_string(),
                not_after: c.not_after,
            });
        }
        Ok(PersonDetails {
            memberships: orgs::memberships_of(tx, person.id)?,
            certificates,
            slots: packages::slots_of_person(tx, person.id)?,
            seals: seals::list(tx, None, Some(person.id))?,
            seal_grants: seals::grants_of_person(tx, person.id)?
                .into_iter()
                .map(|(g, _)| g)
                .collect(),
            person,
        })
    })
}
