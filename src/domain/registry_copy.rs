//! `catool registry copy`: moves a registry, with its whole history, between an SQLite file and
//! a PostgreSQL database (either way, issue 18). The copy holds the same rows, ids, events,
//! hashes and MACs, so `log verify` passes on it with the same master key; then, in the same
//! transaction, the copy records itself in the target's history (`registry.copy`: from where,
//! by whom, on which machine and OS account), linked to the copied head. So the copy needs the
//! source's master key, as every command that writes history does; the source is not changed
//! (beyond the one-time re-key of a v1 history that any command does on opening it).
//!
//! All or nothing: into PostgreSQL, one transaction (an interrupted copy leaves the schema a
//! new registry has, with no rows); into a file, a temporary file beside it, renamed to the
//! target once complete (an interrupted copy leaves no target). The target must be new: a file
//! that does not exist (or an empty registry file), or a database that is empty or holds an
//! empty registry; anything else is refused before a row is written.

use serde::Serialize;
use serde_json::json;

use super::history::{self, Draft};
use super::party_error::Act;
use super::{Actor, require_operator};
use crate::error::Result;
use crate::pki::vault::MasterKey;
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
    /// The sequence number of the `registry.copy` event the copy ends with, in the target.
    pub event: i64,
    /// Temporary files of earlier, killed copies into the same file, removed (their names).
    pub stale_removed: Vec<String>,
}

/// The action recording a copy, in the target's history.
const COPY_ACTION: &str = "registry.copy";

/// Copies the registry at `from` into the new registry `to`, for `actor` (`--as`; only the
/// operator administers registries). `master_key` finds the source registry's master key
/// (checked against it), which keys the event the copy records.
pub fn copy(
    from: &Location,
    to: &Location,
    actor: Option<&str>,
    master_key: impl FnOnce(&mut Registry) -> Result<MasterKey>,
) -> Result<CopyReport> {
    if same(from, to) {
        return Err(RegistryError::CopySame { path: to.shown() }.into());
    }
    if let Location::Sqlite(path) = from
        && !path.is_file()
    {
        return Err(RegistryError::CopySourceMissing { path: from.shown() }.into());
    }
    let mut source = Registry::open_at(from)?;
    let actor = Actor::resolve(&mut source, actor)?;
    require_operator(&actor, Act::CopyRegistry)?;
    let master = master_key(&mut source)?;
    history::start_chain(&mut source, &master)?;
    let job = Job {
        from,
        to,
        actor: &actor,
        master: &master,
    };
    let (
        Written {
            tables,
            rows,
            event,
        },
        stale_removed,
    ) = match to {
        Location::Sqlite(path) if !path.exists() => into_new_file(&mut source, path, &job)?,
        _ => {
            let mut target = Registry::open_at(to)?;
            (copy_between(&mut source, &mut target, &job)?, Vec::new())
        }
    };
    Ok(CopyReport {
        from: from.shown(),
        to: to.shown(),
        rows,
        tables,
        event,
        stale_removed,
    })
}

/// What copying into the target did: rows per table and in all, and the `registry.copy`
/// event's number.
struct Written {
    tables: Vec<Copied>,
    rows: u64,
    event: i64,
}

/// What one copy needs besides the two registries.
struct Job<'a> {
    from: &'a Location,
    to: &'a Location,
    actor: &'a Actor,
    master: &'a MasterKey,
}

/// Whether two locations name one registry (the same file, or the same server and database).
pub fn same(a: &Location, b: &Location) -> bool {
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

/// Every row of `source` into `target`, then the `registry.copy` event, in one write
/// transaction of the target (on one read snapshot of the source), once the target is found
/// empty.
fn copy_between(source: &mut Registry, target: &mut Registry, job: &Job) -> Result<Written> {
    // The copy's head is the source's, under the same key: the event links to it.
    history::start_chain(target, job.master)?;
    let to = job.to;
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
            let tables = copy::copy_all(from, into)?;
            let rows: u64 = tables.iter().map(|t| t.rows).sum();
            let event = history::record(
                into,
                job.actor,
                Draft::new(COPY_ACTION, "registry").details(json!({
                    "from": job.from.shown(),
                    "rows": rows,
                })),
            )?;
            Ok(Written {
                tables,
                rows,
                event: event.seq,
            })
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
    job: &Job,
) -> Result<(Written, Vec<String>)> {
    let to = job.to;
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
    let prefix = format!(".{name}.copy-");
    let temp = tempfile::Builder::new()
        .prefix(&prefix)
        .tempfile_in(&dir)
        .map_err(|e| crate::fsutil::cannot_write(path, &e))?;
    // Held until the copy is published or abandoned, so that a later copy into the same name
    // can tell a temporary file a killed copy left (nobody holds its lock) from one a running
    // copy is writing, and remove only the first kind.
    temp.as_file()
        .lock()
        .map_err(|e| crate::fsutil::cannot_write(temp.path(), &e))?;
    let stale = remove_stale(&dir, &prefix, temp.path());
    let copied = {
        let mut target = Registry::open_at(&Location::Sqlite(temp.path().to_path_buf()))?;
        copy_between(source, &mut target, job)?
        // Closed here: SQLite folds its write-ahead log into the file on the last close.
    };
    temp.persist_noclobber(path)
        .map_err(|e| crate::fsutil::cannot_write(path, &e.error))?;
    Ok((copied, stale))
}

/// Removes the temporary files (and their SQLite companions) that killed copies into the same
/// target left in `dir`: named `prefix` + a random part, and not locked by a running copy.
/// Each holds a whole registry (sealed keys, personal data), so none should linger. Best
/// effort: a file that cannot be opened or removed is left for the operator, as before.
fn remove_stale(dir: &std::path::Path, prefix: &str, ours: &std::path::Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut removed = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(random) = name.strip_prefix(prefix) else {
            continue;
        };
        // The companions (`-wal`, `-shm`, `-journal`) go with their database file.
        if random.is_empty() || random.contains('-') || entry.path() == ours {
            continue;
        }
        let Ok(file) = std::fs::File::open(entry.path()) else {
            continue;
        };
        if file.try_lock().is_err() {
            continue; // a copy running now
        }
        if std::fs::remove_file(entry.path()).is_ok() {
            for suffix in ["-wal", "-shm", "-journal"] {
                let _ = std::fs::remove_file(dir.join(format!("{name}{suffix}")));
            }
            removed.push(name);
        }
    }
    removed.sort();
    removed
}
