//! Queries for certificate packages (证书套餐/订单) and the slots a paid package yields.

use super::Tx;
use super::backend::{Row, Sql, SqlExt};
use super::orgs::all_rows;
use crate::error::Result;
use crate::model::{CertKind, Id, Package, PersonRef, Slot, Stamp};

pub struct NewPackage {
    pub org_id: Id,
    pub years: i64,
    pub price_cny: i64,
    pub enterprise_slots: i64,
    pub personal_slots: i64,
    pub at: Stamp,
}

const SELECT: &str = "SELECT k.id, k.org_id, o.name, k.years, k.price_cny, k.enterprise_slots,
        k.personal_slots, k.status, k.bought_at, k.paid_at
    FROM packages k JOIN orgs o ON o.id = k.org_id";

fn from_row(r: &Row) -> Result<Package> {
    Ok(Package {
        id: r.get(0)?,
        org_id: r.get(1)?,
        org_name: r.get(2)?,
        years: r.get(3)?,
        price_cny: r.get(4)?,
        enterprise_slots: r.get(5)?,
        personal_slots: r.get(6)?,
        status: r.get(7)?,
        bought_at: r.get(8)?,
        paid_at: r.get(9)?,
    })
}

pub fn insert(tx: &Tx, new: &NewPackage) -> Result<Id> {
    tx.insert_id(
        "INSERT INTO packages (org_id, years, price_cny, enterprise_slots, personal_slots,
                               status, bought_at)
         VALUES (?1, ?2, ?3, ?4, ?5, 'unpaid', ?6)",
        &[
            &new.org_id,
            &new.years,
            &new.price_cny,
            &new.enterprise_slots,
            &new.personal_slots,
            &new.at,
        ],
    )
}

pub fn get(tx: &Tx, id: Id) -> Result<Option<Package>> {
    tx.row_opt(&format!("{SELECT} WHERE k.id = ?1"), &[&id], from_row)
}

/// Packages in id order, of one enterprise (`packages_by_org`) or of all: at most `limit`
/// (`-1`: all) after the first `offset`.
pub fn list(tx: &Tx, org_id: Option<Id>, limit: i64, offset: i64) -> Result<Vec<Package>> {
    let limit = all_rows(limit);
    match org_id {
        Some(org) => tx.rows(&of_org_sql(), &[&org, &limit, &offset], from_row),
        None => tx.rows(
            &format!("{SELECT} ORDER BY k.id LIMIT ?1 OFFSET ?2"),
            &[&limit, &offset],
            from_row,
        ),
    }
}

/// [`list`]'s query for one enterprise (`?1`; `?2` limit, `?3` offset).
pub(super) fn of_org_sql() -> String {
    format!("{SELECT} WHERE k.org_id = ?1 ORDER BY k.id LIMIT ?2 OFFSET ?3")
}

/// Every package of an enterprise, in id order.
pub fn of_org(tx: &Tx, org_id: Id) -> Result<Vec<Package>> {
    list(tx, Some(org_id), -1, 0)
}

pub fn mark_paid(tx: &Tx, id: Id, at: Stamp) -> Result<()> {
    tx.execute(
        "UPDATE packages SET status = 'paid', paid_at = ?2 WHERE id = ?1",
        &[&id, &at],
    )?;
    Ok(())
}

pub fn insert_slots(tx: &Tx, package: &Package, kind: CertKind, count: i64) -> Result<()> {
    for _ in 0..count {
        tx.execute(
            "INSERT INTO slots (package_id, org_id, kind) VALUES (?1, ?2, ?3)",
            &[&package.id, &package.org_id, &kind],
        )?;
    }
    Ok(())
}

const SLOTS: &str = "SELECT s.id, s.package_id, s.org_id, s.kind, s.state, s.assigned_at,
        ow.id, ow.name, ho.id, ho.name
    FROM slots s
    LEFT JOIN persons ow ON ow.id = s.owner_person_id
    LEFT JOIN persons ho ON ho.id = s.holder_person_id";

fn slot_from_row(r: &Row) -> Result<Slot> {
    let person = |i: usize| -> Result<Option<PersonRef>> {
        let id: Option<Id> = r.get(i)?;
        let name: Option<String> = r.get(i + 1)?;
        Ok(id.zip(name).map(|(id, name)| PersonRef { id, name }))
    };
    Ok(Slot {
        id: r.get(0)?,
        package_id: r.get(1)?,
        org_id: r.get(2)?,
        kind: r.get(3)?,
        state: r.get(4)?,
        assigned_at: r.get(5)?,
        owner: person(6)?,
        holder: person(8)?,
    })
}

pub fn slots_of_package(tx: &Tx, package_id: Id) -> Result<Vec<Slot>> {
    tx.rows(
        &format!("{SLOTS} WHERE s.package_id = ?1 ORDER BY s.kind, s.id"),
        &[&package_id],
        slot_from_row,
    )
}

pub fn slots_of_org(tx: &Tx, org_id: Id) -> Result<Vec<Slot>> {
    tx.rows(
        &format!("{SLOTS} WHERE s.org_id = ?1 ORDER BY s.id"),
        &[&org_id],
        slot_from_row,
    )
}

/// The slots waiting for import (assigned, no certificate yet), in id order; `org_id` and
/// `person_id` (owner or holder) narrow. Through the `slots_assigned` index (0009): there
/// are few at any time, however many slots were used.
pub fn pending_slot_ids(tx: &Tx, org_id: Option<Id>, person_id: Option<Id>) -> Result<Vec<Id>> {
    // `CAST(?1 AS bigint)`: PostgreSQL cannot tell a parameter's type from `?1 IS NULL`.
    tx.rows(
        "SELECT s.id FROM slots s WHERE s.state = 'assigned'
           AND (CAST(?1 AS bigint) IS NULL OR s.org_id = ?1)
           AND (CAST(?2 AS bigint) IS NULL OR s.owner_person_id = ?2 OR s.holder_person_id = ?2)
         ORDER BY s.id",
        &[&org_id, &person_id],
        |r| r.get(0),
    )
}

/// One slot, if it exists.
pub fn slot_by_id(tx: &Tx, id: Id) -> Result<Option<Slot>> {
    tx.row_opt(&format!("{SLOTS} WHERE s.id = ?1"), &[&id], slot_from_row)
}

/// Slots a person owns or holds (`person show`).
pub fn slots_of_person(tx: &Tx, person_id: Id) -> Result<Vec<Slot>> {
    tx.rows(
        &format!("{SLOTS} WHERE s.owner_person_id = ?1 OR s.holder_person_id = ?1 ORDER BY s.id"),
        &[&person_id],
        slot_from_row,
    )
}

/// The package slot `slot_id` belongs to (`None`: no such slot).
/// (Written against the backend API; this file's older queries are not yet.)
pub fn package_of_slot(
    tx: &(impl super::backend::Sql + ?Sized),
    slot_id: Id,
) -> Result<Option<Id>> {
    super::backend::Sql::query_opt(
        tx,
        "SELECT package_id FROM slots WHERE id = ?1",
        &[&slot_id],
    )?
    .map(|r| r.get(0))
    .transpose()
}
