//! Queries for persons (自然人/员工).

use rusqlite::{OptionalExtension, Row, params};

use super::error::RegistryError;
use super::orgs::is_row_id;
use super::{Tx, constraint};
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

fn from_row(r: &Row) -> rusqlite::Result<Person> {
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

pub fn insert(tx: &Tx, new: &NewPerson) -> Result<Id> {
    tx.execute(
        "INSERT INTO persons (name, id_type, id_number, email, phone, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            new.name,
            new.id_type,
            new.id_number,
            new.email,
            new.phone,
            new.at
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
    })?;
    Ok(tx.last_insert_rowid())
}

pub fn get(tx: &Tx, id: Id) -> Result<Option<Person>> {
    Ok(tx
        .query_row(&format!("{SELECT} WHERE id = ?1"), [id], from_row)
        .optional()?)
}

/// Persons in id order: at most `limit` (`-1`: all) after the first `offset`.
pub fn list(tx: &Tx, limit: i64, offset: i64) -> Result<Vec<Person>> {
    let mut stmt = tx.prepare(&format!("{SELECT} ORDER BY id LIMIT ?1 OFFSET ?2"))?;
    let rows = stmt.query_map([limit, offset], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The persons an ID number (as typed or upper-cased) or exact name names
/// (`persons_by_id_number`, `persons_by_name`).
pub(super) const RESOLVE: &str =
    "SELECT id FROM persons WHERE id_number = upper(?1) OR id_number = ?1 OR name = ?1
     ORDER BY id";

/// Finds a person by row id (digits, up to 9), ID number, or exact name.
pub fn resolve(tx: &Tx, reference: &str) -> Result<Person> {
    let reference = reference.trim();
    let ids: Vec<Id> = if is_row_id(reference) {
        vec![reference.parse().unwrap_or(0)]
    } else {
        let mut stmt = tx.prepare(RESOLVE)?;
        let rows = stmt.query_map([reference], |r| r.get(0))?;
        rows.collect::<rusqlite::Result<_>>()?
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
pub fn find(tx: &Tx, id_type: IdType, id_number: &str) -> Result<Option<Person>> {
    Ok(tx
        .query_row(
            &format!("{SELECT} WHERE id_type = ?1 AND id_number = ?2"),
            params![id_type, id_number],
            from_row,
        )
        .optional()?)
}
