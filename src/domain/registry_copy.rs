//! `catool registry copy`: moves a registry, with its whole history, between an SQLite file and
//! a PostgreSQL database (either way, issue 18). The copy holds the same rows, ids, events,
//! hashes and MACs, so `log verify` passes on it with the same master key (the copy needs
//! none: it changes nothing the MACs cover, and records no event of its own — the target's
//! history is the source's, exactly).
//!
//! All or nothing: into PostgreSQL, one transaction (an interrupted copy leaves the schema a
//! new registry has, with no rows); into a file, a temporary file beside it, renamed to the
//! target once complete (an interrupted copy leaves no target). The target must be new: a file
//! that does not exist (or an empty registry file), or a database that is empty or holds an
//! empty registry; anything else is refused before a row is written.

use serde::Serialize;

use super::party_error::Act;
use super::{Actor, require_operator};
use crate::error::Result;
use crate::registry::Registry;
use crate::registry::backend::Location;
use crate::registry::copy::{self, Copied};
use crate::registry::error::RegistryError;

/// What `registry copy` did.
#[derive(Debug, Serialize)]
pub struct CopyReport {
    pub from: String,
    pub to: String,
    /// Rows copied, per table, in copy order.
    pub tables: Vec<Copied>,
    /// Rows copied in all.
    pub rows: u64,
}

/// Copies the registry at `from` into the new registry `to`, for `actor` (`--as`; only the
/// operator administers registries).
pub fn copy(from: &Location, to: &Location, actor: Option<&str>) -> Result<CopyReport> {
    if same(from, to) {
        return Err(RegistryError::CopySame { path: to.shown() }.into());
    }
    if let Location::Sqlite(path) = from
        && !path.is_file()
    {
        return Err(RegistryError::CopySourceMissing { path: from.shown() }.into());
    }
    let mut source = Registry::open_at(from)?;
    require_operator(&Actor::resolve(&mut source, actor)?, Act::CopyRegistry)?;
    let tables = match to {
        Location::Sqlite(path) if !path.exists() => into_new_file(&mut source, path, to)?,
        _ => {
            let mut target = Registry::open_at(to)?;
            copy_between(&mut source, &mut target, to)?
        }
    };
    Ok(CopyReport {
        from: from.shown(),
        to: to.shown(),
        rows: tables.iter().map(|t| t.rows).sum(),
        tables,
    })
}

/// Whether two locations name one registry (the same file, or the same server and database).
fn same(a: &Location, b: &Location) -> bool {
    match (a, b) {
        (Location::Sqlite(x), Location::Sqlite(y)) => {
            x == y
                || matches!(
                    (std::fs::canonicalize(x), std::fs::canonicalize(y)),
                    (Ok(p), Ok(q)) if p == q
                )
        }
        (Location::Postgres(_), Location::Postgres(_)) => a.shown() == b.shown(),
        _ => false,
    }
}

/// Every row of `source` into `target`, in one write transaction of the target (on one read
/// snapshot of the source), once the target is found empty.
fn copy_between(
    source: &mut Registry,
    target: &mut Registry,
    to: &Location,
) -> Result<Vec<Copied>> {
    source.read(|from| {
        target.write(|into| {
            // A registry `catool init` made holds its master key's check value, and nothing
            // else: empty (the copy brings the source's settings, check value included).
            if let Some(table) = copy::first_not_empty(into, &[super::keystore::CHECK_KEY])? {
                return Err(RegistryError::CopyTargetNotEmpty {
                    target: to.shown(),
                    table,
                }
                .into());
            }
            copy::copy_all(from, into)
        })
    })
}

/// The copy into a file that does not exist yet: a new registry in a temporary file beside
/// it (owner-only, as every registry), renamed to `path` once complete and closed, never over
/// a file that appeared meanwhile. Until then nothing is at `path`; the temporary file is
/// removed on failure.
fn into_new_file(
    source: &mut Registry,
    path: &std::path::Path,
    to: &Location,
) -> Result<Vec<Copied>> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    if !dir.is_dir() {
        return Err(RegistryError::DirectoryMissing {
            path: to.shown(),
            dir: dir.display().to_string(),
        }
        .into());
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = tempfile::Builder::new()
        .prefix(&format!(".{name}.copy-"))
        .tempfile_in(&dir)
        .map_err(|e| crate::fsutil::cannot_write(path, &e))?
        .into_temp_path();
    let tables = {
        let mut target = Registry::open_at(&Location::Sqlite(temp.to_path_buf()))?;
        copy_between(source, &mut target, to)?
        // Closed here: SQLite folds its write-ahead log into the file on the last close.
    };
    temp.persist_noclobber(path)
        .map_err(|e| crate::fsutil::cannot_write(path, &e.error))?;
    Ok(tables)
}
