//! The registry: one SQLite file holding every enterprise, person, package, certificate, seal and
//! history event. This module owns opening it (WAL, busy timeout, foreign keys), schema
//! migrations, and transactions. Submodules hold the queries, one per table family; nothing
//! outside `registry` writes SQL. `backend` holds the API the submodules move to, which runs
//! the same statements on SQLite or PostgreSQL (issue 18).

pub mod audit;
pub mod backend;
pub mod cas;
pub mod certs;
pub mod copy;
pub mod error;
pub mod events;
pub mod makers;
pub mod orgs;
pub mod packages;
pub mod persons;
#[cfg(test)]
mod plans;
pub mod seals;
pub mod settings;
pub mod tsas;

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::config::DbConfig;
use rusqlite::{Connection, OpenFlags, TransactionBehavior};

use backend::{Dialect, Location, Param, PgRegistry, Sql};

use crate::error::{Error, Result};
use error::{NotRegistry, RegistryError, SchemaChange, SchemaProblem};

/// Why SQLite could not open the registry file at `path`: a symbolic link found there (SQLite
/// refuses one, `SQLITE_OPEN_NOFOLLOW`) is said as such, not as a permission problem.
fn open_failed(path: &Path, e: rusqlite::Error) -> RegistryError {
    match e.sqlite_error() {
        Some(f) if f.extended_code == rusqlite::ffi::SQLITE_CANTOPEN_SYMLINK => {
            RegistryError::LinkFound { path: shown(path) }
        }
        _ => RegistryError::CannotOpen {
            path: shown(path),
            why: e.to_string(),
        },
    }
}

/// A path as messages quote it.
fn shown(path: &Path) -> String {
    path.display().to_string()
}

/// `PRAGMA application_id` of a catool registry ("CAT0"): tells our files from other SQLite files.
const APPLICATION_ID: i64 = 0x4341_5430;

/// Ordered migrations; index + 1 is the schema version it produces.
const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_initial.sql"),
    include_str!("migrations/0002_serial_per_ca.sql"),
    include_str!("migrations/0003_keyed_history.sql"),
    include_str!("migrations/0004_tsa.sql"),
    include_str!("migrations/0005_crl_distribution.sql"),
    include_str!("migrations/0006_trust_anchors_fixed.sql"),
    include_str!("migrations/0007_pin_chosen_by.sql"),
    include_str!("migrations/0008_history_anchors.sql"),
    include_str!("migrations/0009_scale_indexes.sql"),
    include_str!("migrations/0010_crl_candidates.sql"),
    include_str!("migrations/0011_lookup_keys.sql"),
    include_str!("migrations/0012_cert_state_events.sql"),
    include_str!("migrations/0013_seal_makers.sql"),
    include_str!("migrations/0014_row_ids_fixed.sql"),
    include_str!("migrations/0015_event_machine.sql"),
    include_str!("migrations/0016_revoked_ids.sql"),
    include_str!("migrations/0017_revoked_by_ca.sql"),
    include_str!("migrations/0018_cert_state_any_outcome.sql"),
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// The schema version that added the certificates' lookup keys (sha256, key_sha256).
const FINGERPRINTS_VERSION: i64 = 11;

/// How long a command waits for another process's write transaction before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

/// A registry on either backend, opened and migrated, with the key its history is MAC'd
/// with. Commands and the domain work through it alone: one code path per job, whichever
/// database holds the registry (`--db` a file or `postgres://…`, issue 18).
pub struct Registry {
    store: Store,
    chain_key: ChainKey,
}

/// Where the registry's rows are.
enum Store {
    Sqlite(SqliteFile),
    Postgres(Box<PgRegistry>),
}

/// A registry file: SQLite's side of opening, migrating and checking the schema.
struct SqliteFile {
    conn: Connection,
    path: PathBuf,
}

/// The key history events are MAC'd with (D21). The registry only carries it to the
/// transactions: the domain derives it from the master key and decides what it covers.
pub enum ChainKey {
    /// Nobody tried to load it (a registry opened without a master key in mind).
    NotLoaded,
    Loaded(zeroize::Zeroizing<[u8; 32]>),
    /// Loading the master key failed: writing history fails with this error, while reading
    /// the registry still works.
    Unavailable(Error),
}

impl ChainKey {
    fn copy(&self) -> ChainKey {
        match self {
            ChainKey::NotLoaded => ChainKey::NotLoaded,
            ChainKey::Loaded(k) => ChainKey::Loaded(k.clone()),
            ChainKey::Unavailable(e) => ChainKey::Unavailable(e.clone()),
        }
    }
}

/// A transaction on the registry, on either backend: its statements (`backend::Sql`) and
/// the history key. Query functions in the submodules take `&Tx` or `&dyn Sql`.
pub struct Tx<'a> {
    sql: &'a dyn Sql,
    sqlite: Option<&'a Connection>,
    chain_key: &'a ChainKey,
}

impl Tx<'_> {
    pub fn chain_key(&self) -> &ChainKey {
        self.chain_key
    }

    /// The SQLite connection under this transaction, for the few jobs only a file has (the
    /// one-time re-key of a v1 history, query-plan checks); `None` on PostgreSQL.
    pub(crate) fn sqlite(&self) -> Option<&Connection> {
        self.sqlite
    }
}

impl Sql for Tx<'_> {
    fn dialect(&self) -> Dialect {
        self.sql.dialect()
    }
    fn execute(&self, sql: &str, params: &[&dyn Param]) -> Result<u64> {
        self.sql.execute(sql, params)
    }
    fn query(&self, sql: &str, params: &[&dyn Param]) -> Result<Vec<backend::Row>> {
        self.sql.query(sql, params)
    }
    fn each(
        &self,
        sql: &str,
        params: &[&dyn Param],
        visit: &mut dyn FnMut(backend::Row) -> Result<bool>,
    ) -> Result<()> {
        self.sql.each(sql, params, visit)
    }
    fn each_ref(
        &self,
        sql: &str,
        params: &[&dyn Param],
        visit: &mut dyn FnMut(&backend::Row) -> Result<bool>,
    ) -> Result<()> {
        self.sql.each_ref(sql, params, visit)
    }
}

impl Registry {
    /// Opens (creating if needed) the registry file at `path`; see [`Registry::open_at`].
    pub fn open(path: &Path) -> Result<Registry> {
        Registry::open_at(&Location::Sqlite(path.to_path_buf()))
    }

    /// Opens the registry at `location`, brings its schema up to date and checks it: a file
    /// whose schema was altered outside catool (a dropped append-only trigger, an added one,
    /// a table rebuilt without its checks) is refused, since every rule it held is void. A
    /// PostgreSQL database must exist (an empty one becomes a registry).
    pub fn open_at(location: &Location) -> Result<Registry> {
        let store = match location {
            Location::Sqlite(path) => {
                let (file, mut problems) = SqliteFile::open_checked(path)?;
                if !problems.is_empty() {
                    let more = i64::try_from(problems.len() - 1).unwrap_or(i64::MAX);
                    return Err(RegistryError::Altered {
                        path: shown(path),
                        first: problems.swap_remove(0),
                        more,
                    }
                    .into());
                }
                Store::Sqlite(file)
            }
            Location::Postgres(target) => Store::Postgres(Box::new(PgRegistry::open(target)?)),
        };
        Ok(Registry::with(store))
    }

    fn with(store: Store) -> Registry {
        Registry {
            store,
            chain_key: ChainKey::NotLoaded,
        }
    }

    /// `open_at` for `catool log verify`: the schema's differences from what this catool
    /// writes are returned for the report (in English) instead of refusing the registry.
    /// PostgreSQL's schema is not compared yet (docs/postgres.md): none are returned.
    pub fn open_for_audit(location: &Location) -> Result<(Registry, Vec<String>)> {
        match location {
            Location::Sqlite(path) => {
                let (file, problems) = SqliteFile::open_checked(path)?;
                Ok((
                    Registry::with(Store::Sqlite(file)),
                    problems.iter().map(ToString::to_string).collect(),
                ))
            }
            Location::Postgres(_) => Ok((Registry::open_at(location)?, Vec::new())),
        }
    }

    /// A second connection to the same registry, with the same history key: for work that
    /// writes on its own while this connection is busy (the registry TSA stamping tokens
    /// during a PDF signing). No migration runs: this one did it.
    pub fn another_connection(&self) -> Result<Registry> {
        let store = match &self.store {
            Store::Sqlite(file) => Store::Sqlite(file.another_connection()?),
            Store::Postgres(pg) => Store::Postgres(Box::new(pg.another_connection()?)),
        };
        Ok(Registry {
            store,
            chain_key: self.chain_key.copy(),
        })
    }

    /// Hands the history key to every later transaction (see `ChainKey`).
    pub fn set_chain_key(&mut self, key: ChainKey) {
        self.chain_key = key;
    }

    /// The registry file, if the registry is one (`None` on PostgreSQL).
    pub fn path(&self) -> Option<&Path> {
        match &self.store {
            Store::Sqlite(file) => Some(&file.path),
            Store::Postgres(_) => None,
        }
    }

    /// Where the registry is, as messages show it: the file, or the server and database
    /// (never a password).
    pub fn shown(&self) -> String {
        match &self.store {
            Store::Sqlite(file) => shown(&file.path),
            Store::Postgres(pg) => pg.shown().to_string(),
        }
    }

    /// Which backend holds the registry.
    pub fn dialect(&self) -> Dialect {
        match &self.store {
            Store::Sqlite(_) => Dialect::Sqlite,
            Store::Postgres(_) => Dialect::Postgres,
        }
    }

    /// Runs `f` in a write transaction; commits on `Ok`, rolls back on `Err`. Writers run
    /// one at a time on both backends (SQLite: `BEGIN IMMEDIATE`; PostgreSQL: the registry's
    /// write lock, see `backend::dialect`), so every decision a transaction reads holds
    /// until it commits; waiting longer than the busy timeout is "registry busy".
    pub fn write<T>(&mut self, f: impl FnOnce(&Tx) -> Result<T>) -> Result<T> {
        let chain_key = &self.chain_key;
        match &mut self.store {
            Store::Sqlite(file) => {
                let inner = file
                    .conn
                    .transaction_with_behavior(TransactionBehavior::Immediate)
                    .map_err(busy_error)?;
                let value = f(&Tx {
                    sql: &*inner,
                    sqlite: Some(&inner),
                    chain_key,
                })?;
                inner.commit().map_err(busy_error)?;
                Ok(value)
            }
            Store::Postgres(pg) => pg.write(|sql| {
                f(&Tx {
                    sql,
                    sqlite: None,
                    chain_key,
                })
            }),
        }
    }

    /// Runs `f` in a write transaction that is always rolled back: a dry run that goes
    /// through the same writes as the real command (and the same refusals) and keeps none.
    pub fn rehearse<T>(&mut self, f: impl FnOnce(&Tx) -> Result<T>) -> Result<T> {
        let chain_key = &self.chain_key;
        match &mut self.store {
            Store::Sqlite(file) => {
                let inner = file
                    .conn
                    .transaction_with_behavior(TransactionBehavior::Immediate)
                    .map_err(busy_error)?;
                // Dropped without commit: rolled back.
                f(&Tx {
                    sql: &*inner,
                    sqlite: Some(&inner),
                    chain_key,
                })
            }
            Store::Postgres(pg) => pg.rehearse(|sql| {
                f(&Tx {
                    sql,
                    sqlite: None,
                    chain_key,
                })
            }),
        }
    }

    /// Runs `f` in a read transaction: one consistent snapshot for a whole listing.
    pub fn read<T>(&mut self, f: impl FnOnce(&Tx) -> Result<T>) -> Result<T> {
        let chain_key = &self.chain_key;
        match &mut self.store {
            Store::Sqlite(file) => {
                let inner = file
                    .conn
                    .transaction_with_behavior(TransactionBehavior::Deferred)?;
                f(&Tx {
                    sql: &*inner,
                    sqlite: Some(&inner),
                    chain_key,
                })
            }
            Store::Postgres(pg) => pg.read(|sql| {
                f(&Tx {
                    sql,
                    sqlite: None,
                    chain_key,
                })
            }),
        }
    }
}

impl SqliteFile {
    /// Opens the file, migrates it and lists how its schema differs from catool's.
    /// The parent directory must exist: callers create the default XDG directory themselves,
    /// but a path the user typed in a missing directory is an error, not a surprise mkdir.
    fn open_checked(path: &Path) -> Result<(SqliteFile, Vec<SchemaProblem>)> {
        let parent = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        if !parent.is_dir() {
            return Err(RegistryError::DirectoryMissing {
                path: shown(path),
                dir: shown(&parent),
            }
            .into());
        }
        if path.is_dir() {
            return Err(RegistryError::IsDirectory { path: shown(path) }.into());
        }
        let is_new = !path.exists();
        // No symbolic link anywhere on the path (SQLite refuses one): callers open a path
        // resolved once (the command's registry, `registry copy`'s files), and a link found
        // there later was planted after that, to send the registry somewhere else.
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
            | OpenFlags::SQLITE_OPEN_NOFOLLOW;
        let conn = Connection::open_with_flags(path, flags).map_err(|e| open_failed(path, e))?;
        let mut reg = SqliteFile {
            conn,
            path: path.to_path_buf(),
        };
        if is_new {
            // The registry holds sealed keys and personal data: owner-only from the start.
            use std::os::unix::fs::PermissionsExt;
            let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600));
        }
        reg.configure()?;
        reg.migrate()?;
        let problems = reg.schema_differences()?;
        Ok((reg, problems))
    }

    /// A second connection to the same file (no migration: the first one ran it).
    fn another_connection(&self) -> Result<SqliteFile> {
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
            | OpenFlags::SQLITE_OPEN_NOFOLLOW;
        let conn = Connection::open_with_flags(&self.path, flags)
            .map_err(|e| open_failed(&self.path, e))?;
        let mut file = SqliteFile {
            conn,
            path: self.path.clone(),
        };
        file.configure()?;
        Ok(file)
    }

    /// How this file's schema differs from the one this catool's migrations make: every
    /// table, index and trigger by name and SQL text. SQLite keeps each object's CREATE
    /// statement verbatim, so the same migrations give the same text.
    fn schema_differences(&self) -> Result<Vec<SchemaProblem>> {
        let actual = schema_of(&self.conn)?;
        // The common case, a schema exactly as the migrations make it, without making it:
        // running every migration in memory cost a few ms on every command.
        if schema_digest(&actual) == EXPECTED_SCHEMA_SHA256 {
            return Ok(Vec::new());
        }
        let expected = expected_schema()?;
        let mut problems = Vec::new();
        let problem = |kind: &str, name: &str, change| SchemaProblem {
            kind: kind.to_string(),
            name: name.to_string(),
            change,
        };
        for (name, (kind, sql)) in expected {
            match actual.get(name) {
                None => problems.push(problem(kind, name, SchemaChange::Dropped)),
                Some((k, s)) if k != kind || s != sql => {
                    problems.push(problem(kind, name, SchemaChange::Redefined));
                }
                Some(_) => {}
            }
        }
        for (name, (kind, _)) in &actual {
            if !expected.contains_key(name) {
                problems.push(problem(kind, name, SchemaChange::Added));
            }
        }
        Ok(problems)
    }

    fn not_a_registry(&self, why: NotRegistry) -> Error {
        RegistryError::NotARegistry {
            path: shown(&self.path),
            why,
        }
        .into()
    }

    fn configure(&mut self) -> Result<()> {
        self.conn
            .busy_timeout(BUSY_TIMEOUT)
            .map_err(|e| self.not_a_registry(NotRegistry::Sqlite(e.to_string())))?;
        // The first real read is where SQLite notices a file that is not a database.
        let mode: String = self
            .journal_mode_wal()
            .map_err(|e| match e.sqlite_error_code() {
                Some(rusqlite::ErrorCode::NotADatabase) => {
                    self.not_a_registry(NotRegistry::NotSqlite)
                }
                Some(rusqlite::ErrorCode::ReadOnly | rusqlite::ErrorCode::CannotOpen) => {
                    RegistryError::CannotWrite {
                        path: shown(&self.path),
                        why: e.to_string(),
                    }
                    .into()
                }
                _ => RegistryError::CannotOpen {
                    path: shown(&self.path),
                    why: e.to_string(),
                }
                .into(),
            })?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(RegistryError::NotWal {
                path: shown(&self.path),
                mode,
            }
            .into());
        }
        self.conn.pragma_update(None, "foreign_keys", true)?;
        self.conn.pragma_update(None, "synchronous", "NORMAL")?;
        // Query plans that do not depend on the values bound. Without this, SQLite's planner
        // compares a bound parameter with the partial indexes' conditions when the query has
        // a LEFT JOIN (every certificate read joins its persons), marks the statement as
        // depending on that value, and recompiles the cached statement each time it is run
        // with another: 300 µs instead of 30 µs per certificate read, 90 % of `cert list`'s
        // page of 1,000 (issue 17). catool's queries name the partial indexes' conditions
        // with literals, which this does not affect.
        self.conn
            .set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG, true)?;
        Ok(())
    }

    /// Switches a new registry to WAL. Several processes opening a brand-new file at once
    /// contend for the exclusive lock this needs, and SQLite answers "locked" at once instead
    /// of calling the busy handler (it would deadlock): so retry, with jitter, up to the
    /// busy timeout. Once the file is in WAL mode this returns at the first try.
    fn journal_mode_wal(&self) -> rusqlite::Result<String> {
        let start = std::time::Instant::now();
        let mut attempt: u64 = 0;
        loop {
            match self
                .conn
                .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
            {
                Err(e)
                    if matches!(
                        e.sqlite_error_code(),
                        Some(
                            rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked
                        )
                    ) && start.elapsed() < BUSY_TIMEOUT =>
                {
                    attempt += 1;
                    let jitter = (u64::from(std::process::id()) * 7 + attempt * 13) % 20;
                    std::thread::sleep(std::time::Duration::from_millis(5 + jitter));
                }
                other => return other,
            }
        }
    }

    /// Brings the schema up to date. Foreign keys are off meanwhile: a migration that
    /// changes a constraint rebuilds its table (SQLite's procedure), which they would stop,
    /// and the pragma cannot change inside a transaction. They are checked before the commit.
    fn migrate(&mut self) -> Result<()> {
        self.conn.pragma_update(None, "foreign_keys", false)?;
        let migrated = self.migrate_schema();
        self.conn.pragma_update(None, "foreign_keys", true)?;
        migrated
    }

    fn migrate_schema(&mut self) -> Result<()> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| RegistryError::CannotLock { why: e.to_string() })?;
        let app_id: i64 = tx.query_row("PRAGMA application_id", [], |r| r.get(0))?;
        let version: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        let tables: i64 = tx.query_row(
            "SELECT count(*) FROM sqlite_schema WHERE type = 'table'",
            [],
            |r| r.get(0),
        )?;
        if app_id != APPLICATION_ID && (app_id != 0 || tables > 0) {
            drop(tx);
            return Err(self.not_a_registry(NotRegistry::OtherApplication));
        }
        if version > SCHEMA_VERSION {
            drop(tx);
            return Err(RegistryError::Newer {
                path: shown(&self.path),
                version,
                known: SCHEMA_VERSION,
            }
            .into());
        }
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
            tx.execute_batch(sql)
                .map_err(|e| RegistryError::MigrationFailed {
                    path: shown(&self.path),
                    to: i64::try_from(i + 1).unwrap_or(i64::MAX),
                    why: e.to_string(),
                })?;
        }
        if version < FINGERPRINTS_VERSION {
            // Migration 0011's columns, computed from each body (SQLite has no SHA-256).
            certs::backfill_lookup_keys(&tx)?;
        }
        if version < SCHEMA_VERSION {
            let dangling = tx.prepare("PRAGMA foreign_key_check")?.exists([])?;
            if dangling {
                return Err(RegistryError::MigrationDangling { to: SCHEMA_VERSION }.into());
            }
            tx.pragma_update(None, "application_id", APPLICATION_ID)?;
            tx.pragma_update(None, "user_version", SCHEMA_VERSION)?;
        }
        tx.commit()?;
        Ok(())
    }
}

/// Schema objects by name: (type, CREATE statement). SQLite's own (`sqlite_sequence`,
/// automatic indexes) are left out: SQLite makes them, not catool.
type Schema = std::collections::BTreeMap<String, (String, String)>;

fn schema_of(conn: &Connection) -> Result<Schema> {
    let mut stmt = conn.prepare(
        "SELECT name, type, coalesce(sql, '') FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%'",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// SHA-256 of the schema the migrations make ([`schema_digest`] of a fresh one), so that
/// opening a registry whose schema is intact needs no run of the migrations to tell;
/// `the_expected_schema_digest_is_the_migrations` checks it (and prints the new value when a
/// migration is added).
const EXPECTED_SCHEMA_SHA256: &str =
    "9cae52fd54c748cadc24c3fd1a71f091f615ec2451b9d5c5b8375e0e8882526a";

/// A digest of `schema`: every object's name, kind and SQL text, in name order.
fn schema_digest(schema: &Schema) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    for (name, (kind, sql)) in schema {
        for part in [name, kind, sql] {
            h.update(u64::try_from(part.len()).unwrap_or(u64::MAX).to_be_bytes());
            h.update(part.as_bytes());
        }
    }
    crate::hex::encode(&h.finalize())
}

/// What the migrations make on an empty database: its schema and default settings, made
/// once per process in memory.
struct Fresh {
    schema: Schema,
    settings: Vec<(String, String)>,
}

fn fresh() -> Result<&'static Fresh> {
    static FRESH: std::sync::OnceLock<Fresh> = std::sync::OnceLock::new();
    if let Some(f) = FRESH.get() {
        return Ok(f);
    }
    let conn = Connection::open_in_memory()?;
    for sql in MIGRATIONS {
        conn.execute_batch(sql)?;
    }
    let schema = schema_of(&conn)?;
    let mut stmt = conn.prepare("SELECT key, value FROM settings ORDER BY key")?;
    let settings = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(FRESH.get_or_init(|| Fresh { schema, settings }))
}

fn expected_schema() -> Result<&'static Schema> {
    Ok(&fresh()?.schema)
}

/// The settings a new registry starts with (before any `config set`).
pub fn default_settings() -> Result<&'static [(String, String)]> {
    Ok(&fresh()?.settings)
}

fn busy_error(e: rusqlite::Error) -> Error {
    match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => {
            RegistryError::Busy {
                secs: i64::try_from(BUSY_TIMEOUT.as_secs()).unwrap_or(i64::MAX),
            }
            .into()
        }
        Some(rusqlite::ErrorCode::ReadOnly) => {
            RegistryError::ReadOnly { why: e.to_string() }.into()
        }
        _ => Error::from(e),
    }
}

#[cfg(test)]
mod schema_digest_tests {
    use super::*;

    #[test]
    fn the_expected_schema_digest_is_the_migrations() {
        let made = schema_digest(&fresh().unwrap().schema);
        assert_eq!(
            made, EXPECTED_SCHEMA_SHA256,
            "the migrations changed the schema: set EXPECTED_SCHEMA_SHA256 to \"{made}\""
        );
    }

    #[test]
    fn any_change_to_the_schema_changes_its_digest() {
        let mut schema = fresh().unwrap().schema.clone();
        let intact = schema_digest(&schema);
        if let Some((_, sql)) = schema.values_mut().next() {
            sql.push(' ');
        }
        assert_ne!(schema_digest(&schema), intact);
        let mut fewer = fresh().unwrap().schema.clone();
        fewer.pop_first();
        assert_ne!(schema_digest(&fewer), intact);
    }
}
