//! SQLite's side of the backend API: statements on a registry file's connection (inside the
//! transaction `registry::Registry` began) through `Sql`. Opening, migrating and
//! transactions stay in `registry`.

use rusqlite::types::{ToSql, ToSqlOutput};

use super::value::{Row, Value, values};
use super::{BackendError, Dialect, Param, Sql};
use crate::error::{Error, Result};

impl ToSql for Value {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::Borrowed(self.as_ref()))
    }
}

/// A statement error: a schema rule's refusal as `BackendError::Constraint`, busy and
/// read-only as the registry says them, anything else as before.
fn error(e: rusqlite::Error) -> Error {
    match &e {
        rusqlite::Error::SqliteFailure(f, msg)
            if f.code == rusqlite::ErrorCode::ConstraintViolation =>
        {
            BackendError::Constraint {
                message: msg.clone().unwrap_or_default(),
            }
            .into()
        }
        _ => super::super::busy_error(e),
    }
}

/// Runs a query and calls `on_row` with each row and the number of columns, until it
/// returns `false`.
fn each_row(
    conn: &rusqlite::Connection,
    sql: &str,
    params: &[&dyn Param],
    mut on_row: impl FnMut(&rusqlite::Row<'_>, usize) -> Result<bool>,
) -> Result<()> {
    let params = values(params)?;
    let mut stmt = conn.prepare_cached(sql).map_err(error)?;
    let columns = stmt.column_count();
    let mut rows = stmt
        .query(rusqlite::params_from_iter(params.iter()))
        .map_err(error)?;
    while let Some(r) = rows.next().map_err(error)? {
        if !on_row(r, columns)? {
            break;
        }
    }
    Ok(())
}

fn each(
    conn: &rusqlite::Connection,
    sql: &str,
    params: &[&dyn Param],
    visit: &mut dyn FnMut(Row) -> Result<bool>,
) -> Result<()> {
    each_row(conn, sql, params, |r, columns| {
        let row = (0..columns)
            .map(|i| Value::from_ref(r.get_ref(i)?))
            .collect::<Result<Vec<_>>>()?;
        visit(Row(row))
    })
}

/// [`each`] into one row whose buffers every row reuses: text and blobs are copied into the
/// previous row's allocations (a column keeps its storage class row after row, so after the
/// first rows nothing is allocated).
fn each_ref(
    conn: &rusqlite::Connection,
    sql: &str,
    params: &[&dyn Param],
    visit: &mut dyn FnMut(&Row) -> Result<bool>,
) -> Result<()> {
    let mut row = Row(Vec::new());
    each_row(conn, sql, params, |r, columns| {
        row.0.resize(columns, Value::Null);
        for (i, v) in row.0.iter_mut().enumerate() {
            v.set_from_ref(r.get_ref(i)?)?;
        }
        visit(&row)
    })
}

impl Sql for rusqlite::Connection {
    fn dialect(&self) -> Dialect {
        Dialect::Sqlite
    }

    fn execute(&self, sql: &str, params: &[&dyn Param]) -> Result<u64> {
        let params = values(params)?;
        let n = self
            .prepare_cached(sql)
            .and_then(|mut s| s.execute(rusqlite::params_from_iter(params.iter())))
            .map_err(error)?;
        Ok(u64::try_from(n).unwrap_or(u64::MAX))
    }

    fn query(&self, sql: &str, params: &[&dyn Param]) -> Result<Vec<Row>> {
        let mut out = Vec::new();
        each(self, sql, params, &mut |r| {
            out.push(r);
            Ok(true)
        })?;
        Ok(out)
    }

    fn each(
        &self,
        sql: &str,
        params: &[&dyn Param],
        visit: &mut dyn FnMut(Row) -> Result<bool>,
    ) -> Result<()> {
        each(self, sql, params, visit)
    }

    fn each_ref(
        &self,
        sql: &str,
        params: &[&dyn Param],
        visit: &mut dyn FnMut(&Row) -> Result<bool>,
    ) -> Result<()> {
        each_ref(self, sql, params, visit)
    }
}
