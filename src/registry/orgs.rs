//! Queries for enterprises (单位/企业) and their memberships.

use rusqlite::{OptionalExtension, Row, params};

use super::error::RegistryError;
use super::{Tx, constraint};
use crate::error::{Error, Result};
use crate::model::{AuthMethod, Id, Membership, Org, PersonRef, Role, Stamp};

pub struct NewOrg<'a> {
    pub name: &'a str,
    pub uscc: &'a str,
    pub legal_rep_name: &'a str,
    pub legal_rep_id_number: &'a str,
    pub at: Stamp,
}

const SELECT: &str = "SELECT o.id, o.name, o.uscc, o.legal_rep_name, o.legal_rep_id_number,
        o.authorized_at, o.auth_method, o.auth_evidence, o.created_at, p.id, p.name
    FROM orgs o
    LEFT JOIN memberships m ON m.org_id = o.id AND m.role = 'admin'
    LEFT JOIN persons p ON p.id = m.person_id";

fn from_row(r: &Row) -> rusqlite::Result<Org> {
    let admin_id: Option<Id> = r.get(9)?;
    let admin_name: Option<String> = r.get(10)?;
    Ok(Org {
        id: r.get(0)?,
        name: r.get(1)?,
        uscc: r.get(2)?,
        legal_rep_name: r.get(3)?,
        legal_rep_id_number: r.get(4)?,
        authorized_at: r.get(5)?,
        auth_method: r.get(6)?,
        auth_evidence: r.get(7)?,
        created_at: r.get(8)?,
        admin: admin_id
            .zip(admin_name)
            .map(|(id, name)| PersonRef { id, name }),
    })
}

pub fn insert(tx: &Tx, new: &NewOrg) -> Result<Id> {
    tx.execute(
        "INSERT INTO orgs (name, uscc, legal_rep_name, legal_rep_id_number, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            new.name,
            new.uscc,
            new.legal_rep_name,
            new.legal_rep_id_number,
            new.at
        ],
    )
    .map_err(|e| {
        constraint(e, |_| {
            RegistryError::UsccTaken {
                uscc: new.uscc.to_string(),
            }
            .into()
        })
    })?;
    Ok(tx.last_insert_rowid())
}

pub fn get(tx: &Tx, id: Id) -> Result<Option<Org>> {
    Ok(tx
        .query_row(&format!("{SELECT} WHERE o.id = ?1"), [id], from_row)
        .optional()?)
}

/// Enterprises in id order: at most `limit` (`-1`: all) after the first `offset` (one row
/// each: at most one administrator, `one_admin_per_org`).
pub fn list(tx: &Tx, limit: i64, offset: i64) -> Result<Vec<Org>> {
    let mut stmt = tx.prepare(&format!("{SELECT} ORDER BY o.id LIMIT ?1 OFFSET ?2"))?;
    let rows = stmt.query_map([limit, offset], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Finds an enterprise by row id (digits, up to 9), USCC, or exact name.
pub fn resolve(tx: &Tx, reference: &str) -> Result<Org> {
    let reference = reference.trim();
    let ids: Vec<Id> = if is_row_id(reference) {
        vec![reference.parse().unwrap_or(0)]
    } else {
        let mut stmt =
            tx.prepare("SELECT id FROM orgs WHERE uscc = upper(?1) OR name = ?1 ORDER BY id")?;
        let rows = stmt.query_map([reference], |r| r.get(0))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    match ids.as_slice() {
        [id] => get(tx, *id)?.ok_or_else(|| org_not_found(reference)),
        [] => Err(org_not_found(reference)),
        _ => {
            let mut candidates = Vec::new();
            for id in &ids {
                if let Some(o) = get(tx, *id)? {
                    candidates.push((o.id, o.uscc));
                }
            }
            Err(RegistryError::OrgAmbiguous {
                reference: reference.to_string(),
                candidates,
            }
            .into())
        }
    }
}

fn org_not_found(reference: &str) -> Error {
    RegistryError::OrgNotFound {
        reference: reference.to_string(),
    }
    .into()
}

/// Row ids are short digit strings; ID numbers and USCCs are 18 characters.
pub(crate) fn is_row_id(s: &str) -> bool {
    !s.is_empty() && s.len() <= 9 && s.bytes().all(|b| b.is_ascii_digit())
}

pub fn set_authorized(
    tx: &Tx,
    id: Id,
    method: AuthMethod,
    evidence: Option<&str>,
    at: Stamp,
) -> Result<()> {
    tx.execute(
        "UPDATE orgs SET authorized_at = ?2, auth_method = ?3, auth_evidence = ?4 WHERE id = ?1",
        params![id, at, method, evidence],
    )?;
    Ok(())
}

const MEMBERS: &str = "SELECT m.org_id, o.name, m.person_id, p.name, m.role, m.joined_at
    FROM memberships m JOIN orgs o ON o.id = m.org_id JOIN persons p ON p.id = m.person_id";

fn membership_from_row(r: &Row) -> rusqlite::Result<Membership> {
    Ok(Membership {
        org_id: r.get(0)?,
        org_name: r.get(1)?,
        person_id: r.get(2)?,
        person_name: r.get(3)?,
        role: r.get(4)?,
        joined_at: r.get(5)?,
    })
}

pub fn members(tx: &Tx, org_id: Id) -> Result<Vec<Membership>> {
    let mut stmt = tx.prepare(&format!(
        "{MEMBERS} WHERE m.org_id = ?1 ORDER BY m.role = 'member', m.person_id"
    ))?;
    let rows = stmt.query_map([org_id], membership_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn memberships_of(tx: &Tx, person_id: Id) -> Result<Vec<Membership>> {
    let mut stmt = tx.prepare(&format!(
        "{MEMBERS} WHERE m.person_id = ?1 ORDER BY m.org_id"
    ))?;
    let rows = stmt.query_map([person_id], membership_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn membership(tx: &Tx, org_id: Id, person_id: Id) -> Result<Option<Membership>> {
    Ok(tx
        .query_row(
            &format!("{MEMBERS} WHERE m.org_id = ?1 AND m.person_id = ?2"),
            [org_id, person_id],
            membership_from_row,
        )
        .optional()?)
}

pub fn add_member(tx: &Tx, org_id: Id, person_id: Id, role: Role, at: Stamp) -> Result<()> {
    tx.execute(
        "INSERT INTO memberships (org_id, person_id, role, joined_at) VALUES (?1, ?2, ?3, ?4)",
        params![org_id, person_id, role, at],
    )
    .map_err(|e| constraint(e, |_| RegistryError::SecondAdmin { org: org_id }.into()))?;
    Ok(())
}

pub fn remove_member(tx: &Tx, org_id: Id, person_id: Id) -> Result<()> {
    tx.execute(
        "DELETE FROM memberships WHERE org_id = ?1 AND person_id = ?2",
        [org_id, person_id],
    )?;
    Ok(())
}

/// Moves the administrator role (D2) in one statement pair; the partial unique index
/// `one_admin_per_org` guarantees no moment with two administrators is ever committed.
pub fn move_admin(tx: &Tx, org_id: Id, from: Id, to: Id) -> Result<()> {
    tx.execute(
        "UPDATE memberships SET role = 'member' WHERE org_id = ?1 AND person_id = ?2",
        [org_id, from],
    )?;
    tx.execute(
        "UPDATE memberships SET role = 'admin' WHERE org_id = ?1 AND person_id = ?2",
        [org_id, to],
    )?;
    Ok(())
}

/// The enterprise registered with this USCC, if any.
pub fn find_by_uscc(tx: &Tx, uscc: &str) -> Result<Option<Org>> {
    Ok(tx
        .query_row(&format!("{SELECT} WHERE o.uscc = ?1"), [uscc], from_row)
        .optional()?)
}

/// The first enterprise registered under exactly this name, if any.
pub fn find_by_name(tx: &Tx, name: &str) -> Result<Option<Org>> {
    Ok(tx
        .query_row(
            &format!("{SELECT} WHERE o.name = ?1 ORDER BY o.id LIMIT 1"),
            [name],
            from_row,
        )
        .optional()?)
}
