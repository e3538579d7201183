//! Persons (D2, 自然人/员工): identity, contact, and the enterprises they belong to.

use serde::Serialize;
use serde_json::json;

use super::history::{self, Draft};
use super::{Actor, clock, ident, mutate};
use crate::error::{Error, Result};
use crate::model::{Membership, Person};
use crate::registry::{Registry, orgs, persons};

/// ID document types (D2). Resident ID numbers are checked (GB 11643-1999).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdType {
    /// 居民身份证
    Resident,
    /// 护照
    Passport,
    /// Any other document (港澳台通行证 …)
    Other,
}

impl IdType {
    pub fn as_str(self) -> &'static str {
        match self {
            IdType::Resident => "resident",
            IdType::Passport => "passport",
            IdType::Other => "other",
        }
    }
}

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
                Err(Error::BadInput(format!(
                    "invalid --id-number '{value}' ({}): expected 5 to 30 letters and digits",
                    id_type.as_str()
                )))
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
        _ => Err(Error::BadInput(format!(
            "invalid --email '{value}': expected an address like name@example.com"
        ))),
    }
}

fn validate_phone(value: &str) -> Result<String> {
    let v = value.trim();
    let digits = v.bytes().filter(u8::is_ascii_digit).count();
    if (5..=20).contains(&digits) && v.bytes().all(|b| b.is_ascii_digit() || b"+- ".contains(&b)) {
        Ok(v.to_string())
    } else {
        Err(Error::BadInput(format!(
            "invalid --phone '{value}': expected digits, optionally with +, - or spaces"
        )))
    }
}

pub fn add(reg: &mut Registry, actor: &Actor, new: NewPerson) -> Result<Person> {
    let name = ident::validate_name("--name", new.name, 50)?;
    let id_number = validate_id_number(new.id_type, new.id_number)?;
    let email = new.email.map(validate_email).transpose()?;
    let phone = new.phone.map(validate_phone).transpose()?;
    mutate(reg, actor, "person.add", |tx| {
        let at = clock::now_stamp()?;
        let id = persons::insert(
            tx,
            &persons::NewPerson {
                name: &name,
                id_type: new.id_type.as_str(),
                id_number: &id_number,
                email: email.as_deref(),
                phone: phone.as_deref(),
                at: &at,
            },
        )?;
        history::record(
            tx,
            actor,
            Draft::new("person.add", format!("person:{id}"))
                .person(id)
                .details(json!({ "name": name, "id_type": new.id_type.as_str() })),
        )?;
        persons::get(tx, id)?.ok_or_else(|| Error::Internal("new person vanished".into()))
    })
}

pub fn list(reg: &mut Registry) -> Result<Vec<Person>> {
    reg.read(persons::list)
}

pub fn show(reg: &mut Registry, reference: &str) -> Result<PersonDetails> {
    reg.read(|tx| {
        let person = persons::resolve(tx, reference)?;
        Ok(PersonDetails {
            memberships: orgs::memberships_of(tx, person.id)?,
            person,
        })
    })
}
