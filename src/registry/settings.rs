//! Registry settings: configuration that belongs to the registry, not to one command
//! (package price and contents, D3; later the PIN KDF cost). Written against the backend API
//! (`backend::Sql`): the same statements run on SQLite and PostgreSQL.

use super::backend::Sql;
use crate::error::Result;

pub fn get(tx: &(impl Sql + ?Sized), key: &str) -> Result<Option<String>> {
    tx.query_opt("SELECT value FROM settings WHERE key = ?1", &[&key])?
        .map(|r| r.get(0))
        .transpose()
}

pub fn set(tx: &(impl Sql + ?Sized), key: &str, value: &str) -> Result<()> {
    tx.execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        &[&key, &value],
    )?;
    Ok(())
}

pub fn remove(tx: &(impl Sql + ?Sized), key: &str) -> Result<()> {
    tx.execute("DELETE FROM settings WHERE key = ?1", &[&key])?;
    Ok(())
}

pub fn list(tx: &(impl Sql + ?Sized)) -> Result<Vec<(String, String)>> {
    tx.query("SELECT key, value FROM settings ORDER BY key", &[])?
        .iter()
        .map(|r| Ok((r.get(0)?, r.get(1)?)))
        .collect()
}
