//! Queries for persons (自然人/员工). Written against the backend API (`backend::Sql`): the
//! same statements run on SQLite and PostgreSQL.

use super::backend::error::constraint;
use super::backend::{Row, Sql};
use super::error::RegistryError;
use super::orgs::{all_rows, ids, is_row_id};
use crate::error::{Error, Result};
use crate::model::{Id, IdType, Person, Stamp};

pub struct NewPerson<'a> {
    pub name: &'a str,
    pub id_type: IdType,
    pub id_number: &'a str,
    pub email: Option<&'a str>,
    pub phone: Option<&'a str>,
    pub at: Stamp,
}

const SELECT: &str = "SELECT id, name, id_type, id_number, email, phone, created_at FROM persons";

fn from_row(r: &Row) -> Result<Person> {
    Ok(Person {
        id: r.get(0)?,
        name: r.get(1)?,
        id_type: r.get(2)?,
        id_number: r.get(3)?,
        email: r.get(4)?,
        phone: r.get(5)?,
        created_at: r.get(6)?,
    })
}

pub fn insert(tx: &(impl Sql + ?Sized), new: &NewPerson) -> Result<Id> {
    tx.insert_id(
        "INSERT INTO persons (name, id_type, id_number, email, phone, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        &[
            &new.name,
            &new.id_type,
            &new.id_number,
            &new.email,
            &new.phone,
            &new.at,
        ],
    )
    .map_err(|e| {
        constraint(e, |_| {
            RegistryError::PersonTaken {
                id_type: new.id_type,
                id_number: new.id_number.to_string(),
            }
            .into()
        })
    })
}

pub fn get(tx: &(impl Sql + ?Sized), id: Id) -> Result<Option<Person>> {
    tx.query_opt(&format!("{SELECT} WHERE id = ?1"), &[&id])?
        .map(|r| from_row(&r))
        .transpose()
}

/// Persons in id order: at most `limit` (`-1`: all) after the first `offset`.
pub fn list(tx: &(impl Sql + ?Sized), limit: i64, offset: i64) -> Result<Vec<Person>> {
    let limit = all_rows(limit);
    tx.query(
        &format!("{SELECT} ORDER BY id LIMIT ?1 OFFSET ?2"),
        &[&limit, &offset],
    )?
    .iter()
    .map(from_row)
    .collect()
}

/// The persons an ID number (as typed or upper-cased) or exact name names
/// (`persons_by_id_number`, `persons_by_name`).
pub(super) const RESOLVE: &str =
    "SELECT id FROM persons WHERE id_number = upper(?1) OR id_number = ?1 OR name = ?1
     ORDER BY id";

/// Finds a person by row id (digits, up to 9), ID number, or exact name.
pub fn resolve(tx: &(impl Sql + ?Sized), reference: &str) -> Result<Person> {
    let reference = reference.trim();
    let ids: Vec<Id> = if is_row_id(reference) {
        vec![reference.parse().unwrap_or(0)]
    } else {
        ids(tx, RESOLVE, reference)?
    };
    match ids.as_slice() {
        [id] => get(tx, *id)?.ok_or_else(|| person_not_found(reference)),
        [] => Err(person_not_found(reference)),
        _ => {
            // Name the candidates, so the caller can pick one without a second lookup; the ID
            // number only by its last four characters (enough to tell people apart).
            let mut candidates = Vec::new();
            for id in &ids {
                if let Some(p) = get(tx, *id)? {
                    let n = &p.id_number;
                    let start = n.char_indices().rev().nth(3).map_or(0, |(i, _)| i);
                    candidates.push((p.id, format!("…{}", &n[start..])));
                }
            }
            Err(RegistryError::PersonAmbiguous {
                reference: reference.to_string(),
                candidates,
            }
            .into())
        }
    }
}

fn person_not_found(reference: &str) -> Error {
    RegistryError::PersonNotFound {
        reference: reference.to_string(),
    }
    .into()
}

/// The person registered with this ID type and number, if any.
pub fn find(tx: &(impl Sql + ?Sized), id_type: IdType, id_number: &str) -> Result<Option<Person>> {
    tx.query_opt(
        &format!("{SELECT} WHERE id_type = ?1 AND id_number = ?2"),
        &[&id_type, &id_number],
    )?
    .map(|r| from_row(&r))
    .transpose()
}
