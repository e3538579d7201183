//! Queries for time-stamping authorities (RFC 3161): one row per TSA, with the counter its
//! token serial numbers come from.

use rusqlite::{OptionalExtension, Row, params};

use super::error::RegistryError;
use super::orgs::is_row_id;
use super::{Tx, constraint};
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

fn from_row(r: &Row) -> rusqlite::Result<Tsa> {
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

pub fn insert(tx: &Tx, new: &NewTsa) -> Result<Id> {
    tx.execute(
        "INSERT INTO tsas (name, ca_id, algo, cert_der, key_sealed, policy_oid, not_after,
             created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            new.name,
            new.ca_id,
            new.algo,
            new.cert_der,
            new.key_sealed,
            new.policy_oid,
            new.not_after,
            new.at
        ],
    )
    .map_err(|e| {
        constraint(e, |_| {
            RegistryError::TsaNameTaken {
                name: new.name.to_string(),
            }
            .into()
        })
    })?;
    Ok(tx.last_insert_rowid())
}

pub fn get(tx: &Tx, id: Id) -> Result<Option<Tsa>> {
    Ok(tx
        .query_row(&format!("{SELECT} WHERE id = ?1"), [id], from_row)
        .optional()?)
}

pub fn list(tx: &Tx) -> Result<Vec<Tsa>> {
    let mut stmt = tx.prepare(&format!("{SELECT} ORDER BY id"))?;
    let rows = stmt.query_map([], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Finds a TSA by id or name; with no reference, the only TSA (an error if there are several).
pub fn resolve(tx: &Tx, reference: Option<&str>) -> Result<Tsa> {
    match reference {
        Some(r) if is_row_id(r.trim()) => {
            get(tx, r.trim().parse().unwrap_or(0))?.ok_or_else(|| not_found(r))
        }
        Some(r) => tx
            .query_row(&format!("{SELECT} WHERE name = ?1"), [r.trim()], from_row)
            .optional()?
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
pub fn take_serial(tx: &Tx, id: Id) -> Result<i64> {
    let n: i64 = tx.query_row(
        "UPDATE tsas SET next_serial = next_serial + 1 WHERE id = ?1
         RETURNING next_serial - 1",
        [id],
        |r| r.get(0),
    )?;
    Ok(n)
}
