//! Queries for seals (D16–D18), their assignments to certificates and their grants.

use super::Tx;
use super::backend::{Row, Sql, SqlExt};
use super::error::RegistryError;
use crate::error::Result;
use crate::model::{
    GrantState, Id, PersonRef, Seal, SealAssignment, SealGrant, SealKind, SealSource, SealState,
    Stamp,
};

pub struct NewSeal<'a> {
    pub org_id: Option<Id>,
    pub person_id: Option<Id>,
    pub kind: SealKind,
    pub label: &'a str,
    pub source: SealSource,
    pub state: SealState,
    pub png: &'a [u8],
    pub width_mm: f64,
    pub height_mm: f64,
    pub at: Stamp,
}

const SELECT: &str = "SELECT s.id, s.org_id, s.person_id, coalesce(o.name, p.name, ''), s.kind,
        s.label, s.source, s.state, s.png, s.width_mm, s.height_mm, s.review_reason, s.created_at
    FROM seals s
    LEFT JOIN orgs o ON o.id = s.org_id
    LEFT JOIN persons p ON p.id = s.person_id";

fn from_row(r: &Row) -> Result<Seal> {
    Ok(Seal {
        id: r.get(0)?,
        org_id: r.get(1)?,
        person_id: r.get(2)?,
        owner_name: r.get(3)?,
        kind: r.get(4)?,
        label: r.get(5)?,
        source: r.get(6)?,
        state: r.get(7)?,
        png: r.get(8)?,
        width_mm: r.get(9)?,
        height_mm: r.get(10)?,
        review_reason: r.get(11)?,
        created_at: r.get(12)?,
    })
}

pub fn insert(tx: &Tx, s: &NewSeal) -> Result<Id> {
    tx.insert_id(
        "INSERT INTO seals (org_id, person_id, kind, label, source, state, png, width_mm,
                            height_mm, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        &[
            &s.org_id,
            &s.person_id,
            &s.kind,
            &s.label,
            &s.source,
            &s.state,
            &s.png,
            &s.width_mm,
            &s.height_mm,
            &s.at,
        ],
    )
}

pub fn require(tx: &Tx, id: Id) -> Result<Seal> {
    tx.row_opt(&format!("{SELECT} WHERE s.id = ?1"), &[&id], from_row)?
        .ok_or_else(|| RegistryError::SealNotFound { seal: id }.into())
}

pub fn list(tx: &Tx, org_id: Option<Id>, person_id: Option<Id>) -> Result<Vec<Seal>> {
    // `CAST(?1 AS bigint)`: PostgreSQL cannot tell a parameter's type from `?1 IS NULL`.
    tx.rows(
        &format!(
            "{SELECT} WHERE (CAST(?1 AS bigint) IS NULL OR s.org_id = ?1)
               AND (CAST(?2 AS bigint) IS NULL OR s.person_id = ?2)
             ORDER BY s.id"
        ),
        &[&org_id, &person_id],
        from_row,
    )
}

pub fn set_state(tx: &Tx, id: Id, state: SealState, reason: Option<&str>) -> Result<()> {
    tx.execute(
        "UPDATE seals SET state = ?2, review_reason = coalesce(?3, review_reason) WHERE id = ?1",
        &[&id, &state, &reason],
    )?;
    Ok(())
}

pub fn assign(tx: &Tx, seal_id: Id, cert_id: Id, at: Stamp) -> Result<bool> {
    Ok(tx.execute(
        "INSERT INTO seal_assignments (seal_id, cert_id, assigned_at) VALUES (?1, ?2, ?3)
         ON CONFLICT DO NOTHING",
        &[&seal_id, &cert_id, &at],
    )? == 1)
}

pub fn unassign(tx: &Tx, seal_id: Id, cert_id: Id) -> Result<bool> {
    Ok(tx.execute(
        "DELETE FROM seal_assignments WHERE seal_id = ?1 AND cert_id = ?2",
        &[&seal_id, &cert_id],
    )? == 1)
}

pub fn assignments(tx: &Tx, seal_id: Id) -> Result<Vec<SealAssignment>> {
    tx.rows(
        "SELECT seal_id, cert_id, assigned_at FROM seal_assignments WHERE seal_id = ?1
         ORDER BY cert_id",
        &[&seal_id],
        |r| {
            Ok(SealAssignment {
                seal_id: r.get(0)?,
                cert_id: r.get(1)?,
                assigned_at: r.get(2)?,
            })
        },
    )
}

const GRANT: &str = "SELECT g.id, g.seal_id, p.id, p.name, g.valid_from, g.valid_until, g.reason,
        g.state, g.created_at
    FROM seal_grants g JOIN persons p ON p.id = g.person_id";

fn grant_from_row(r: &Row) -> Result<SealGrant> {
    Ok(SealGrant {
        id: r.get(0)?,
        seal_id: r.get(1)?,
        person: PersonRef {
            id: r.get(2)?,
            name: r.get(3)?,
        },
        valid_from: r.get(4)?,
        valid_until: r.get(5)?,
        reason: r.get(6)?,
        state: r.get(7)?,
        created_at: r.get(8)?,
    })
}

pub struct NewGrant<'a> {
    pub seal_id: Id,
    pub person_id: Id,
    pub valid_from: Stamp,
    pub valid_until: Stamp,
    pub reason: &'a str,
    pub state: GrantState,
    pub at: Stamp,
}

pub fn insert_grant(tx: &Tx, g: &NewGrant) -> Result<Id> {
    tx.insert_id(
        "INSERT INTO seal_grants (seal_id, person_id, valid_from, valid_until, reason, state,
                                  created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        &[
            &g.seal_id,
            &g.person_id,
            &g.valid_from,
            &g.valid_until,
            &g.reason,
            &g.state,
            &g.at,
        ],
    )
}

pub fn grant(tx: &Tx, id: Id) -> Result<SealGrant> {
    tx.row_opt(&format!("{GRANT} WHERE g.id = ?1"), &[&id], grant_from_row)?
        .ok_or_else(|| RegistryError::GrantNotFound { grant: id }.into())
}

pub fn grants(tx: &Tx, seal_id: Id) -> Result<Vec<SealGrant>> {
    tx.rows(
        &format!("{GRANT} WHERE g.seal_id = ?1 ORDER BY g.id"),
        &[&seal_id],
        grant_from_row,
    )
}

pub fn set_grant_state(tx: &Tx, id: Id, state: GrantState) -> Result<()> {
    tx.execute(
        "UPDATE seal_grants SET state = ?2 WHERE id = ?1",
        &[&id, &state],
    )?;
    Ok(())
}

/// A person's seal grants (requested or approved first), with the seal's enterprise.
pub fn grants_of_person(tx: &Tx, person_id: Id) -> Result<Vec<(SealGrant, Option<Id>)>> {
    tx.rows(
        "SELECT g.id, g.seal_id, p.id, p.name, g.valid_from, g.valid_until, g.reason,
                g.state, g.created_at, s.org_id
         FROM seal_grants g JOIN persons p ON p.id = g.person_id JOIN seals s ON s.id = g.seal_id
         WHERE g.person_id = ?1 ORDER BY g.id",
        &[&person_id],
        |r| {
            let g = grant_from_row(r)?;
            let org: Option<Id> = r.get(9)?;
            Ok((g, org))
        },
    )
}
