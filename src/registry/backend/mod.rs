//! The registry's two database backends behind one small API: SQLite (the embedded default,
//! one file) and PostgreSQL (one registry for a whole support team, issue 18). This module
//! owns where a registry is (`Location`: a path or a `postgres://` URL), the statements' common
//! form (`Sql`: execute, query one / optional row / rows, insert returning the new id; typed
//! parameters; `Row` getters), and the few places where the two dialects differ (`dialect`).
//! Every registry module runs its statements through it (`registry::Tx` implements `Sql` on
//! either backend).
//!
//! Crate choice: the synchronous `postgres` crate (rust-postgres; it drives `tokio-postgres`
//! on an internal current-thread runtime), because catool is a synchronous CLI that runs one
//! transaction at a time, and the rules live in explicit transactions (row locks, isolation,
//! retries) that an ORM (diesel, sea-orm) or a pool would hide. TLS for `sslmode` is rustls
//! with the `ring` provider (`tls`): it builds with a C compiler alone (no system OpenSSL, no
//! pkg-config) and brings no second major of `der`, `sha2` or `hmac` (`cargo tree -d`:
//! postgres-protocol 0.6.12 uses sha2 0.11 and hmac 0.13, as catool does).
//!
//! One SQL text per statement: written once in SQLite's form with numbered placeholders
//! (`?1`, `?2`), which PostgreSQL gets as `$1`, `$2` (`pg_placeholders`). Both dialects take
//! `INSERT … ON CONFLICT … DO NOTHING/UPDATE` and `… RETURNING`, so neither `INSERT OR IGNORE`
//! nor `last_insert_rowid` is needed.

pub mod dialect;
pub mod error;
mod location;
mod pg;
mod sqlite;
mod tls;
mod value;

pub use error::BackendError;
pub use location::{Location, PgTarget};
pub use pg::PgRegistry;
pub use value::{FromValue, Param, Row, Value};

use crate::error::Result;

/// The SQL dialect a statement goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Sqlite,
    Postgres,
}

/// What the registry modules run their statements through: a transaction on either backend.
/// Parameters are numbered in the text (`?1`…) and given in order; rows come back owned.
pub trait Sql {
    fn dialect(&self) -> Dialect;

    /// Runs a statement that returns no rows; the number of rows it changed.
    fn execute(&self, sql: &str, params: &[&dyn Param]) -> Result<u64>;

    /// Every row a query returns.
    fn query(&self, sql: &str, params: &[&dyn Param]) -> Result<Vec<Row>>;

    /// The row a query returns, or `None`; more than one row is a bug in the query.
    fn query_opt(&self, sql: &str, params: &[&dyn Param]) -> Result<Option<Row>> {
        let mut rows = self.query(sql, params)?;
        match rows.len() {
            0 => Ok(None),
            1 => Ok(rows.pop()),
            n => Err(crate::error::Error::Internal(format!(
                "registry: {n} rows where one was expected: {sql}"
            ))),
        }
    }

    /// The one row a query returns; none is a bug in the caller (it knew the row was there).
    fn query_one(&self, sql: &str, params: &[&dyn Param]) -> Result<Row> {
        self.query_opt(sql, params)?.ok_or_else(|| {
            crate::error::Error::Internal(format!("registry: no row where one was expected: {sql}"))
        })
    }

    /// Calls `visit` with each row a query returns, in order, until it returns `false`: a
    /// long result (every event, every certificate's state) read without holding it all.
    fn each(
        &self,
        sql: &str,
        params: &[&dyn Param],
        visit: &mut dyn FnMut(Row) -> Result<bool>,
    ) -> Result<()> {
        for row in self.query(sql, params)? {
            if !visit(row)? {
                break;
            }
        }
        Ok(())
    }

    /// [`Sql::each`] lending each row instead of giving it: a backend may then read every row
    /// into the same buffers (SQLite does: a million events read without a million times
    /// fourteen allocations). `visit` must not keep the row.
    fn each_ref(
        &self,
        sql: &str,
        params: &[&dyn Param],
        visit: &mut dyn FnMut(&Row) -> Result<bool>,
    ) -> Result<()> {
        self.each(sql, params, &mut |r| visit(&r))
    }

    /// Runs an `INSERT` and returns the id the database gave the new row (`RETURNING id`,
    /// which both dialects take; on SQLite the same as `last_insert_rowid`).
    fn insert_id(&self, sql: &str, params: &[&dyn Param]) -> Result<i64> {
        self.query_one(&format!("{sql} RETURNING id"), params)?
            .get(0)
    }
}

/// Rows read into values with a function, as the registry modules read them: every row, the
/// optional one, the one.
pub trait SqlExt: Sql {
    fn rows<T>(
        &self,
        sql: &str,
        params: &[&dyn Param],
        mut f: impl FnMut(&Row) -> Result<T>,
    ) -> Result<Vec<T>> {
        self.query(sql, params)?.iter().map(&mut f).collect()
    }

    fn row_opt<T>(
        &self,
        sql: &str,
        params: &[&dyn Param],
        f: impl FnOnce(&Row) -> Result<T>,
    ) -> Result<Option<T>> {
        self.query_opt(sql, params)?.as_ref().map(f).transpose()
    }

    fn row<T>(
        &self,
        sql: &str,
        params: &[&dyn Param],
        f: impl FnOnce(&Row) -> Result<T>,
    ) -> Result<T> {
        f(&self.query_one(sql, params)?)
    }
}

impl<S: Sql + ?Sized> SqlExt for S {}

/// `?1`, `?2` … as PostgreSQL's `$1`, `$2` …, outside quoted text and identifiers. The
/// registry writes every placeholder numbered (rusqlite's `?NNN`), never a bare `?`.
pub fn pg_placeholders(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut quote: Option<char> = None;
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        match quote {
            Some(q) => {
                out.push(c);
                if c == q {
                    quote = None;
                }
            }
            None if c == '\'' || c == '"' => {
                quote = Some(c);
                out.push(c);
            }
            None if c == '?' && chars.peek().is_some_and(char::is_ascii_digit) => out.push('$'),
            None => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbered_placeholders_become_dollar_ones_outside_quotes() {
        assert_eq!(
            pg_placeholders("SELECT value FROM settings WHERE key = ?1 AND x IN (?2, ?10)"),
            "SELECT value FROM settings WHERE key = $1 AND x IN ($2, $10)"
        );
        assert_eq!(
            pg_placeholders("SELECT '?1', \"a?2\" FROM t WHERE a = ?3 AND b = 'it''s ?4'"),
            "SELECT '?1', \"a?2\" FROM t WHERE a = $3 AND b = 'it''s ?4'"
        );
    }
}
