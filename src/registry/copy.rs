//! Copying a registry's rows into another, empty one (`catool registry copy`, issue 18): every
//! table of the schema, every row with every column as stored, in an order the foreign keys
//! accept, and each table's high-water id, so that the copy holds the same ids, events, hashes
//! and MACs and `log verify` passes on it with the same master key. Works between any two
//! backends: values go through the backend API's `Value` (both schemas hold the same columns,
//! `tests/it/pg_backend.rs`). What to copy into, and when, is `domain::registry_copy`'s
//! business; this runs in the caller's two transactions.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use rusqlite::Connection;
use serde::Serialize;

use super::backend::{Dialect, Param, Sql, SqlExt};
use super::{MIGRATIONS, Tx};
use crate::error::{Error, Result};

/// One table of the schema, as the copy needs it.
#[derive(Debug)]
struct Table {
    name: String,
    columns: Vec<String>,
    /// The primary key's columns (rows are copied in their order: a row that refers to an
    /// older row of its own table, a reissued certificate to the one it replaced, comes after).
    key: Vec<String>,
    /// The one integer key column whose high water travels with the rows (`None`: a table
    /// keyed otherwise, by a text or by several columns).
    id: Option<String>,
}

/// How many rows of one table were copied.
#[derive(Debug, Clone, Serialize)]
pub struct Copied {
    pub table: String,
    pub rows: u64,
}

/// The schema's tables, parents before the tables whose foreign keys refer to them, read
/// once from a fresh run of the migrations (the same tables and columns on both backends).
fn tables() -> Result<&'static [Table]> {
    static TABLES: OnceLock<Vec<Table>> = OnceLock::new();
    if let Some(t) = TABLES.get() {
        return Ok(t);
    }
    let conn = Connection::open_in_memory()?;
    for sql in MIGRATIONS {
        conn.execute_batch(sql)?;
    }
    let names: Vec<String> = conn
        .prepare(
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
             ORDER BY name",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut parents: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut found = BTreeMap::new();
    for name in &names {
        let mut columns: Vec<(i64, String, i64, String)> = conn
            .prepare("SELECT cid, name, pk, upper(type) FROM pragma_table_info(?1)")?
            .query_map([name], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
            .collect::<rusqlite::Result<_>>()?;
        columns.sort();
        let mut key: Vec<(i64, String, String)> = columns
            .iter()
            .filter(|(_, _, pk, _)| *pk > 0)
            .map(|(_, c, pk, ty)| (*pk, c.clone(), ty.clone()))
            .collect();
        key.sort();
        let id = match key.as_slice() {
            [(_, c, ty)] if ty == "INTEGER" => Some(c.clone()),
            _ => None,
        };
        let refers: BTreeSet<String> = conn
            .prepare("SELECT \"table\" FROM pragma_foreign_key_list(?1)")?
            .query_map([name], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        parents.insert(
            name.clone(),
            refers.into_iter().filter(|p| p != name).collect(),
        );
        found.insert(
            name.clone(),
            Table {
                name: name.clone(),
                columns: columns.into_iter().map(|(_, c, _, _)| c).collect(),
                key: key.into_iter().map(|(_, c, _)| c).collect(),
                id,
            },
        );
    }
    // Parents first (Kahn's algorithm, by name among the ready ones: a stable order).
    let mut ordered = Vec::with_capacity(found.len());
    while !parents.is_empty() {
        let ready: Vec<String> = parents
            .iter()
            .filter(|(_, p)| p.is_empty())
            .map(|(n, _)| n.clone())
            .collect();
        if ready.is_empty() {
            return Err(Error::Internal(
                "registry: the schema's foreign keys form a cycle".into(),
            ));
        }
        for name in ready {
            parents.remove(&name);
            for p in parents.values_mut() {
                p.remove(&name);
            }
            if let Some(t) = found.remove(&name) {
                ordered.push(t);
            }
        }
    }
    Ok(TABLES.get_or_init(|| ordered))
}

/// The first table of `tx`'s registry that holds anything a new registry does not: a row
/// (settings other than the defaults a new registry starts with and the keys `set_on_open`,
/// which opening it may write before any command runs), or events once written and deleted.
/// `None`: the registry is as new, and a copy may go into it.
pub fn first_not_empty(tx: &Tx, set_on_open: &[&str]) -> Result<Option<String>> {
    let defaults: BTreeSet<(String, String)> = super::default_settings()?.iter().cloned().collect();
    for t in tables()? {
        if t.name == "settings" {
            let held: BTreeSet<(String, String)> = tx
                .rows("SELECT key, value FROM settings", &[], |r| {
                    Ok((r.get::<String>(0)?, r.get::<String>(1)?))
                })?
                .into_iter()
                .filter(|(k, _)| !set_on_open.contains(&k.as_str()))
                .collect();
            if !held.is_subset(&defaults) {
                return Ok(Some(t.name.clone()));
            }
            continue;
        }
        let any: bool = tx
            .query_one(&format!("SELECT EXISTS (SELECT 1 FROM {})", t.name), &[])?
            .get(0)?;
        if any {
            return Ok(Some(t.name.clone()));
        }
    }
    if super::events::high_water(tx)? > 0 {
        return Ok(Some("events".into()));
    }
    Ok(None)
}

/// Copies every row of every table from `from` into `to` (which [`first_not_empty`] found
/// empty), then each table's high-water id; the rows per table, in copy order. The new
/// registry's default settings are replaced by the source's.
pub fn copy_all(from: &Tx, to: &Tx) -> Result<Vec<Copied>> {
    to.execute("DELETE FROM settings", &[])?;
    let mut copied = Vec::new();
    for t in tables()? {
        let columns = t.columns.join(", ");
        let select = format!(
            "SELECT {columns} FROM {} ORDER BY {}",
            t.name,
            t.key.join(", ")
        );
        let placeholders: Vec<String> = (1..=t.columns.len()).map(|i| format!("?{i}")).collect();
        let insert = format!(
            "INSERT INTO {} ({columns}) VALUES ({})",
            t.name,
            placeholders.join(", ")
        );
        let mut rows = 0u64;
        from.each(&select, &[], &mut |row| {
            let values: Vec<&dyn Param> = (0..t.columns.len())
                .map(|i| row.value(i) as &dyn Param)
                .collect();
            to.execute(&insert, &values)?;
            rows += 1;
            Ok(true)
        })?;
        if let Some(key) = &t.id {
            let mut high = high_water(from, &t.name, key)?;
            if t.name == "events" {
                // The history's own mark, which on PostgreSQL is no sequence.
                high = high.max(super::events::high_water(from)?);
                super::events::raise_high_water(to, high)?;
            }
            set_high_water(to, &t.name, key, high)?;
        }
        copied.push(Copied {
            table: t.name.clone(),
            rows,
        });
    }
    Ok(copied)
}

/// The highest id `table` ever handed out in column `key`: its rows' highest, or more if the
/// newest rows were deleted and the database remembers (SQLite's AUTOINCREMENT counter,
/// PostgreSQL's sequence). The history's own (`events::high_water`) is how `log verify`
/// notices deleted newest events, so it must travel with the rows.
fn high_water(tx: &Tx, table: &str, key: &str) -> Result<i64> {
    let max: Option<i64> = tx
        .query_one(&format!("SELECT max({key}) FROM {table}"), &[])?
        .get(0)?;
    let counter: Option<i64> = match tx.dialect() {
        Dialect::Sqlite => tx
            .query_opt("SELECT seq FROM sqlite_sequence WHERE name = ?1", &[&table])?
            .map(|r| r.get(0))
            .transpose()?,
        Dialect::Postgres => tx
            .query_one(
                "SELECT pg_sequence_last_value(pg_get_serial_sequence(?1, ?2)::regclass)",
                &[&table, &key],
            )?
            .get(0)?,
    };
    Ok(max.unwrap_or(0).max(counter.unwrap_or(0)))
}

/// Makes `table`'s next id on `tx` come after `high` (nothing for a table with no counter).
fn set_high_water(tx: &Tx, table: &str, key: &str, high: i64) -> Result<()> {
    if high <= 0 {
        return Ok(());
    }
    match tx.dialect() {
        Dialect::Sqlite => {
            let counted: bool = tx
                .query_one(
                    "SELECT EXISTS (SELECT 1 FROM sqlite_schema
                      WHERE type = 'table' AND name = ?1 AND sql LIKE '%AUTOINCREMENT%')",
                    &[&table],
                )?
                .get(0)?;
            if counted
                && tx.execute(
                    "UPDATE sqlite_sequence SET seq = ?2 WHERE name = ?1",
                    &[&table, &high],
                )? == 0
            {
                tx.execute(
                    "INSERT INTO sqlite_sequence (name, seq) VALUES (?1, ?2)",
                    &[&table, &high],
                )?;
            }
        }
        Dialect::Postgres => {
            // No sequence (a key the database does not count): nothing to set.
            tx.query(
                "SELECT setval(pg_get_serial_sequence(?1, ?2), ?3)
                  WHERE pg_get_serial_sequence(?1, ?2) IS NOT NULL",
                &[&table, &key, &high],
            )?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_comes_after_the_tables_it_refers_to() {
        let tables = tables().unwrap();
        let names: Vec<&str> = tables.iter().map(|t| t.name.as_str()).collect();
        assert!(names.contains(&"events") && names.contains(&"settings"));
        let pos = |n: &str| names.iter().position(|x| *x == n).unwrap();
        assert!(pos("orgs") < pos("packages"));
        assert!(pos("cas") < pos("certs"));
        assert!(tables.iter().all(|t| !t.key.is_empty()), "{tables:?}");
    }
}
