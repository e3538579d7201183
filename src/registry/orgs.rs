//! Queries for enterprises (单位/企业) and their memberships. Written against the backend API
//! (`backend::Sql`): the same statements run on SQLite and PostgreSQL.

use super::backend::error::constraint;
use super::backend::{Row, Sql};
use super::error::RegistryError;
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

fn from_row(r: &Row) -> Result<Org> {
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

pub fn insert(tx: &(impl Sql + ?Sized), new: &NewOrg) -> Result<Id> {
    tx.insert_id(
        "INSERT INTO orgs (name, uscc, legal_rep_name, legal_rep_id_number, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        &[
            &new.name,
            &new.uscc,
            &new.legal_rep_name,
            &new.legal_rep_id_number,
            &new.at,
        ],
    )
    .map_err(|e| {
        constraint(e, |_| {
            RegistryError::UsccTaken {
                uscc: new.uscc.to_string(),
            }
            .into()
        })
    })
}

pub fn get(tx: &(impl Sql + ?Sized), id: Id) -> Result<Option<Org>> {
    tx.query_opt(&format!("{SELECT} WHERE o.id = ?1"), &[&id])?
        .map(|r| from_row(&r))
        .transpose()
}

/// Enterprises in id order: at most `limit` (`-1`: all) after the first `offset` (one row
/// each: at most one administrator, `one_admin_per_org`).
pub fn list(tx: &(impl Sql + ?Sized), limit: i64, offset: i64) -> Result<Vec<Org>> {
    let limit = all_rows(limit);
    tx.query(
        &format!("{SELECT} ORDER BY o.id LIMIT ?1 OFFSET ?2"),
        &[&limit, &offset],
    )?
    .iter()
    .map(from_row)
    .collect()
}

/// Finds an enterprise by row id (digits, up to 9), USCC, or exact name.
pub fn resolve(tx: &(impl Sql + ?Sized), reference: &str) -> Result<Org> {
    let reference = reference.trim();
    let ids: Vec<Id> = if is_row_id(reference) {
        vec![reference.parse().unwrap_or(0)]
    } else {
        ids(
            tx,
            "SELECT id FROM orgs WHERE uscc = upper(?1) OR name = ?1 ORDER BY id",
            reference,
        )?
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

/// The ids a one-parameter query returns.
pub(crate) fn ids(tx: &(impl Sql + ?Sized), sql: &str, param: &str) -> Result<Vec<Id>> {
    tx.query(sql, &[&param])?.iter().map(|r| r.get(0)).collect()
}

/// A page size for `LIMIT`: `-1` (any negative) is every row, which SQLite writes `LIMIT -1`
/// and PostgreSQL refuses (its `LIMIT NULL` SQLite refuses): the largest count is both's.
pub(crate) fn all_rows(limit: i64) -> i64 {
    if limit < 0 { i64::MAX } else { limit }
}

/// Row ids are short digit strings; ID numbers and USCCs are 18 characters.
pub(crate) fn is_row_id(s: &str) -> bool {
    !s.is_empty() && s.len() <= 9 && s.bytes().all(|b| b.is_ascii_digit())
}

pub fn set_authorized(
    tx: &(impl Sql + ?Sized),
    id: Id,
    method: AuthMethod,
    evidence: Option<&str>,
    at: Stamp,
) -> Result<()> {
    tx.execute(
        "UPDATE orgs SET authorized_at = ?2, auth_method = ?3, auth_evidence = ?4 WHERE id = ?1",
        &[&id, &at, &method, &evidence],
    )?;
    Ok(())
}

const MEMBERS: &str = "SELECT m.org_id, o.name, m.person_id, p.name, m.role, m.joined_at
    FROM memberships m JOIN orgs o ON o.id = m.org_id JOIN persons p ON p.id = m.person_id";

fn membership_from_row(r: &Row) -> Result<Membership> {
    Ok(Membership {
        org_id: r.get(0)?,
        org_name: r.get(1)?,
        person_id: r.get(2)?,
        person_name: r.get(3)?,
        role: r.get(4)?,
        joined_at: r.get(5)?,
    })
}

pub fn members(tx: &(impl Sql + ?Sized), org_id: Id) -> Result<Vec<Membership>> {
    tx.query(
        &format!("{MEMBERS} WHERE m.org_id = ?1 ORDER BY m.role = 'member', m.person_id"),
        &[&org_id],
    )?
    .iter()
    .map(membership_from_row)
    .collect()
}

pub fn memberships_of(tx: &(impl Sql + ?Sized), person_id: Id) -> Result<Vec<Membership>> {
    tx.query(
        &format!("{MEMBERS} WHERE m.person_id = ?1 ORDER BY m.org_id"),
        &[&person_id],
    )?
    .iter()
    .map(membership_from_row)
    .collect()
}

pub fn membership(
    tx: &(impl Sql + ?Sized),
    org_id: Id,
    person_id: Id,
) -> Result<Option<Membership>> {
    tx.query_opt(
        &format!("{MEMBERS} WHERE m.org_id = ?1 AND m.person_id = ?2"),
        &[&org_id, &person_id],
    )?
    .map(|r| membership_from_row(&r))
    .transpose()
}

pub fn add_member(
    tx: &(impl Sql + ?Sized),
    org_id: Id,
    person_id: Id,
    role: Role,
    at: Stamp,
) -> Result<()> {
    tx.execute(
        "INSERT INTO memberships (org_id, person_id, role, joined_at) VALUES (?1, ?2, ?3, ?4)",
        &[&org_id, &person_id, &role, &at],
    )
    .map_err(|e| constraint(e, |_| RegistryError::SecondAdmin { org: org_id }.into()))?;
    Ok(())
}

pub fn remove_member(tx: &(impl Sql + ?Sized), org_id: Id, person_id: Id) -> Result<()> {
    tx.execute(
        "DELETE FROM memberships WHERE org_id = ?1 AND person_id = ?2",
        &[&org_id, &person_id],
    )?;
    Ok(())
}

/// Moves the administrator role (D2) in one statement pair; the partial unique index
/// `one_admin_per_org` guarantees no moment with two administrators is ever committed.
pub fn move_admin(tx: &(impl Sql + ?Sized), org_id: Id, from: Id, to: Id) -> Result<()> {
    tx.execute(
        "UPDATE memberships SET role = 'member' WHERE org_id = ?1 AND person_id = ?2",
        &[&org_id, &from],
    )?;
    tx.execute(
        "UPDATE memberships SET role = 'admin' WHERE org_id = ?1 AND person_id = ?2",
        &[&org_id, &to],
    )?;
    Ok(())
}

/// The enterprise registered with this USCC, if any.
pub fn find_by_uscc(tx: &(impl Sql + ?Sized), uscc: &str) -> Result<Option<Org>> {
    tx.query_opt(&format!("{SELECT} WHERE o.uscc = ?1"), &[&uscc])?
        .map(|r| from_row(&r))
        .transpose()
}

/// The first enterprise registered under exactly this name, if any.
pub fn find_by_name(tx: &(impl Sql + ?Sized), name: &str) -> Result<Option<Org>> {
    tx.query_opt(
        &format!("{SELECT} WHERE o.name = ?1 ORDER BY o.id LIMIT 1"),
        &[&name],
    )?
    .map(|r| from_row(&r))
    .transpose()
}
