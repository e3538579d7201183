//! Queries for seal-making authorities (制章者, GB/T 38540) and the SES_Seal structures they
//! signed (`seal_structures`, append-only: a seal's current structure is its newest row).
//! Written against the backend API (`backend::Sql`): the same statements run on SQLite and
//! PostgreSQL.

use super::backend::{Row, Sql};
use super::orgs::is_row_id;
use crate::error::Result;
use crate::model::{Algo, Id, SealMaker, SealStructure, Stamp};

pub struct NewMaker<'a> {
    pub name: &'a str,
    pub ca_id: Id,
    pub algo: Algo,
    pub cert_der: &'a [u8],
    pub key_sealed: &'a [u8],
    pub not_after: Stamp,
    pub at: Stamp,
}

const SELECT: &str =
    "SELECT id, name, ca_id, algo, cert_der, key_sealed, not_after, created_at FROM seal_makers";

fn from_row(r: &Row) -> Result<SealMaker> {
    Ok(SealMaker {
        id: r.get(0)?,
        name: r.get(1)?,
        ca_id: r.get(2)?,
        algo: r.get(3)?,
        cert_der: r.get(4)?,
        key_sealed: r.get(5)?,
        not_after: r.get(6)?,
        created_at: r.get(7)?,
    })
}

pub fn insert(tx: &(impl Sql + ?Sized), new: &NewMaker) -> Result<Id> {
    tx.insert_id(
        "INSERT INTO seal_makers (name, ca_id, algo, cert_der, key_sealed, not_after, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        &[
            &new.name,
            &new.ca_id,
            &new.algo,
            &new.cert_der,
            &new.key_sealed,
            &new.not_after,
            &new.at,
        ],
    )
}

pub fn get(tx: &(impl Sql + ?Sized), id: Id) -> Result<Option<SealMaker>> {
    tx.query_opt(&format!("{SELECT} WHERE id = ?1"), &[&id])?
        .map(|r| from_row(&r))
        .transpose()
}

pub fn list(tx: &(impl Sql + ?Sized)) -> Result<Vec<SealMaker>> {
    tx.query(&format!("{SELECT} ORDER BY id"), &[])?
        .iter()
        .map(from_row)
        .collect()
}

/// A maker by id or exact name; `None` when there is none.
pub fn find(tx: &(impl Sql + ?Sized), reference: &str) -> Result<Option<SealMaker>> {
    let r = reference.trim();
    if is_row_id(r) {
        return get(tx, r.parse().unwrap_or(0));
    }
    tx.query_opt(&format!("{SELECT} WHERE name = ?1"), &[&r])?
        .map(|row| from_row(&row))
        .transpose()
}

/// The newest maker: the one new structures are signed by.
pub fn newest(tx: &(impl Sql + ?Sized)) -> Result<Option<SealMaker>> {
    tx.query_opt(&format!("{SELECT} ORDER BY id DESC LIMIT 1"), &[])?
        .map(|r| from_row(&r))
        .transpose()
}

pub struct NewStructure<'a> {
    pub seal_id: Id,
    pub maker_id: Option<Id>,
    pub es_id: &'a str,
    pub version: i64,
    pub cert_ids: &'a [Id],
    pub valid_start: Stamp,
    pub valid_end: Stamp,
    pub reason: &'a str,
    pub der: &'a [u8],
    pub at: Stamp,
}

const STRUCTURE: &str = "SELECT id, seal_id, maker_id, es_id, version, cert_ids, valid_start,
        valid_end, reason, der, created_at FROM seal_structures";

fn structure_from_row(r: &Row) -> Result<SealStructure> {
    let ids: String = r.get(5)?;
    Ok(SealStructure {
        id: r.get(0)?,
        seal_id: r.get(1)?,
        maker_id: r.get(2)?,
        es_id: r.get(3)?,
        version: r.get(4)?,
        cert_ids: serde_json::from_str(&ids)?,
        valid_start: r.get(6)?,
        valid_end: r.get(7)?,
        reason: r.get(8)?,
        der: r.get(9)?,
        created_at: r.get(10)?,
    })
}

pub fn insert_structure(tx: &(impl Sql + ?Sized), s: &NewStructure) -> Result<Id> {
    let ids = serde_json::to_string(s.cert_ids)?;
    tx.insert_id(
        "INSERT INTO seal_structures (seal_id, maker_id, es_id, version, cert_ids, valid_start,
             valid_end, reason, der, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        &[
            &s.seal_id,
            &s.maker_id,
            &s.es_id,
            &s.version,
            &ids,
            &s.valid_start,
            &s.valid_end,
            &s.reason,
            &s.der,
            &s.at,
        ],
    )
}

/// A seal's current structure (its newest), if it has one.
pub fn current(tx: &(impl Sql + ?Sized), seal_id: Id) -> Result<Option<SealStructure>> {
    tx.query_opt(
        &format!("{STRUCTURE} WHERE seal_id = ?1 ORDER BY id DESC LIMIT 1"),
        &[&seal_id],
    )?
    .map(|r| structure_from_row(&r))
    .transpose()
}

/// The current structures of every seal, in seal order.
pub fn all_current(tx: &(impl Sql + ?Sized)) -> Result<Vec<SealStructure>> {
    tx.query(
        &format!(
            "{STRUCTURE} WHERE id IN (SELECT max(id) FROM seal_structures GROUP BY seal_id)
             ORDER BY seal_id"
        ),
        &[],
    )?
    .iter()
    .map(structure_from_row)
    .collect()
}

/// Whether an esID is taken (by any structure, current or not).
pub fn es_id_taken(tx: &(impl Sql + ?Sized), es_id: &str) -> Result<bool> {
    Ok(tx
        .query_opt("SELECT 1 FROM seal_structures WHERE es_id = ?1", &[&es_id])?
        .is_some())
}

/// The seal that has a structure with this esID, if any.
pub fn seal_of_es_id(tx: &(impl Sql + ?Sized), es_id: &str) -> Result<Option<Id>> {
    tx.query_opt(
        "SELECT seal_id FROM seal_structures WHERE es_id = ?1",
        &[&es_id],
    )?
    .map(|r| r.get(0))
    .transpose()
}

/// The DER of the structure with this esID, if any.
pub fn der_of_es_id(tx: &(impl Sql + ?Sized), es_id: &str) -> Result<Option<Vec<u8>>> {
    tx.query_opt(
        "SELECT der FROM seal_structures WHERE es_id = ?1",
        &[&es_id],
    )?
    .map(|r| r.get(0))
    .transpose()
}
