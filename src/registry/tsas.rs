//! Queries for time-stamping authorities (RFC 3161): one row per TSA, with the counter its
//! token serial numbers come from. Written against the backend API (`backend::Sql`): the
//! same statements run on SQLite and PostgreSQL.

use super::backend::error::constraint;
use super::backend::{Row, Sql};
use super::error::RegistryError;
use super::orgs::is_row_id;
use crate::error::{Error, Result};
use crate::model::{Algo, Id, Stamp, Tsa};

pub struct NewTsa<'a> {
    pub name: &'a str,
    pub ca_id: Id,
    pub algo: Algo,
    pub cert_der: &'a [u8],
    pub key_sealed: &'a [u8],
    pub policy_oid: &'a str,
    pub not_after: Stamp,
    pub at: Stamp,
}

const SELECT: &str = "SELECT id, name, ca_id, algo, cert_der, key_sealed, policy_oid, not_after,
     next_serial, created_at FROM tsas";

fn from_row(r: &Row) -> Result<Tsa> {
    Ok(Tsa {
        id: r.get(0)?,
        name: r.get(1)?,
        ca_id: r.get(2)?,
        algo: r.get(3)?,
        cert_der: r.get(4)?,
        key_sealed: r.get(5)?,
        policy_oid: r.get(6)?,
        not_after: r.get(7)?,
        next_serial: r.get(8)?,
        created_at: r.get(9)?,
    })
}

pub fn insert(tx: &(impl Sql + ?Sized), new: &NewTsa) -> Result<Id> {
    tx.insert_id(
        "INSERT INTO tsas (name, ca_id, algo, cert_der, key_sealed, policy_oid, not_after,
             created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        &[
            &new.name,
            &new.ca_id,
            &new.algo,
            &new.cert_der,
            &new.key_sealed,
            &new.policy_oid,
            &new.not_after,
            &new.at,
        ],
    )
    .map_err(|e| {
        constraint(e, |_| {
            RegistryError::TsaNameTaken {
                name: new.name.to_string(),
            }
            .into()
        })
    })
}

pub fn get(tx: &(impl Sql + ?Sized), id: Id) -> Result<Option<Tsa>> {
    tx.query_opt(&format!("{SELECT} WHERE id = ?1"), &[&id])?
        .map(|r| from_row(&r))
        .transpose()
}

pub fn list(tx: &(impl Sql + ?Sized)) -> Result<Vec<Tsa>> {
    tx.query(&format!("{SELECT} ORDER BY id"), &[])?
        .iter()
        .map(from_row)
        .collect()
}

/// Finds a TSA by id or name; with no reference, the only TSA (an error if there are several).
pub fn resolve(tx: &(impl Sql + ?Sized), reference: Option<&str>) -> Result<Tsa> {
    match reference {
        Some(r) if is_row_id(r.trim()) => {
            get(tx, r.trim().parse().unwrap_or(0))?.ok_or_else(|| not_found(r))
        }
        Some(r) => tx
            .query_opt(&format!("{SELECT} WHERE name = ?1"), &[&r.trim()])?
            .map(|row| from_row(&row))
            .transpose()?
            .ok_or_else(|| not_found(r)),
        None => {
            let mut all = list(tx)?;
            match all.len() {
                1 => Ok(all.remove(0)),
                0 => Err(RegistryError::NoTsa.into()),
                n => Err(RegistryError::SeveralTsas {
                    count: i64::try_from(n).unwrap_or(i64::MAX),
                }
                .into()),
            }
        }
    }
}

fn not_found(r: &str) -> Error {
    RegistryError::TsaNotFound {
        reference: r.to_string(),
    }
    .into()
}

/// Hands out the next token serial number of a TSA (unique per TSA, never reused).
pub fn take_serial(tx: &(impl Sql + ?Sized), id: Id) -> Result<i64> {
    tx.query_one(
        "UPDATE tsas SET next_serial = next_serial + 1 WHERE id = ?1
         RETURNING next_serial - 1",
        &[&id],
    )?
    .get(0)
}
