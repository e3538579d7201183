//! PostgreSQL's side of the backend API: connecting (TLS per `sslmode`), the schema (the same
//! numbered migrations, translated in `migrations/pg/`; its version in the `catool_schema`
//! table), transactions, and the conversions between `Value` and PostgreSQL's types. Every
//! server error becomes one line naming the server (`PgTarget::shown`) and what went wrong.

use std::cell::RefCell;
use std::collections::HashMap;

use bytes::BytesMut;
use postgres::error::SqlState;
use postgres::types::{IsNull, ToSql, Type, to_sql_checked};
use postgres::{Client, IsolationLevel, NoTls, Statement};

use super::location::TlsMode;
use super::value::{Row, Value, values};
use super::{BackendError, Dialect, Param, PgTarget, Sql, pg_placeholders};
use crate::error::{Error, Result};
use crate::registry::error::RegistryError;

/// Ordered migrations, numbered as SQLite's (`registry::MIGRATIONS`): schema version N means
/// the same tables, rules and data on both.
const MIGRATIONS: &[&str] = &[
    include_str!("../migrations/pg/0001_initial.sql"),
    include_str!("../migrations/pg/0002_serial_per_ca.sql"),
    include_str!("../migrations/pg/0003_keyed_history.sql"),
    include_str!("../migrations/pg/0004_tsa.sql"),
    include_str!("../migrations/pg/0005_crl_distribution.sql"),
    include_str!("../migrations/pg/0006_trust_anchors_fixed.sql"),
    include_str!("../migrations/pg/0007_pin_chosen_by.sql"),
    include_str!("../migrations/pg/0008_history_anchors.sql"),
    include_str!("../migrations/pg/0009_scale_indexes.sql"),
    include_str!("../migrations/pg/0010_crl_candidates.sql"),
    include_str!("../migrations/pg/0011_lookup_keys.sql"),
    include_str!("../migrations/pg/0012_cert_state_events.sql"),
    include_str!("../migrations/pg/0013_seal_makers.sql"),
    include_str!("../migrations/pg/0014_row_ids_fixed.sql"),
    include_str!("../migrations/pg/0015_event_machine.sql"),
    include_str!("../migrations/pg/0016_revoked_ids.sql"),
    include_str!("../migrations/pg/0017_revoked_by_ca.sql"),
    include_str!("../migrations/pg/0018_cert_state_any_outcome.sql"),
];

/// What SQLite's `PRAGMA application_id` and `user_version` say, as a table: which
/// application's schema this is, and its version. One row. It also keeps the history's
/// high-water mark, what SQLite's `sqlite_sequence` keeps for `events`: the largest event
/// number ever committed, updated in the appending transaction (a sequence would not do:
/// `setval` is not rolled back, so a refused command's rolled-back event would look deleted).
const SCHEMA_TABLE: &str = "CREATE TABLE catool_schema (
    application       TEXT NOT NULL CHECK (application = 'catool'),
    version           BIGINT NOT NULL CHECK (version >= 1),
    events_high_water BIGINT NOT NULL DEFAULT 0,
    one_row           BOOLEAN PRIMARY KEY DEFAULT true CHECK (one_row)
)";

/// The advisory lock migrations take (the registry's application id, "CAT0"), so that two
/// catools opening a new database at once migrate it once.
const MIGRATION_LOCK: i64 = 0x4341_5430;

/// The advisory lock every write transaction takes first: writers run one at a time, as on
/// SQLite (`BEGIN IMMEDIATE`), so whatever a transaction reads before it decides (a slot's
/// state, the next serial, the CRL number, the PIN attempts counted, a seal's grants, the
/// history's head) stays as read until it commits. Readers never wait for it (MVCC).
/// Waiting longer than `LOCK_TIMEOUT_SECS` for it is "registry busy". Why one lock and not
/// row locks: see `dialect`.
const WRITE_LOCK: i64 = 0x4341_5431;

/// How long a statement waits for a row another catool holds before the command gives up
/// (SQLite's busy timeout). Set in the connection's startup message (no round trip).
const LOCK_TIMEOUT_SECS: i64 = 30;

/// Whether this role may write the registry (and the server is not a read-only standby).
const WRITABLE: &str = "has_table_privilege('events', 'INSERT')
    AND has_table_privilege('settings', 'UPDATE')
    AND has_table_privilege('certs', 'UPDATE')
    AND current_setting('transaction_read_only') = 'off'";

/// A registry in a PostgreSQL database, connected and migrated.
pub struct PgRegistry {
    client: Client,
    target: PgTarget,
    /// Statements prepared on this connection, by text: a command runs the same few many
    /// times, and preparing costs a round trip.
    prepared: RefCell<HashMap<String, Statement>>,
}

impl PgRegistry {
    /// Connects, brings the schema up to date and checks that this role may write: a
    /// database of another application, a schema from a newer catool and a read-only role are
    /// refused before any command runs.
    pub fn open(target: &PgTarget) -> Result<PgRegistry> {
        let client = connect(target)?;
        let mut reg = PgRegistry {
            client,
            target: target.clone(),
            prepared: RefCell::new(HashMap::new()),
        };
        match reg.current()? {
            Some(true) => Ok(reg),
            Some(false) => Err(reg.read_only_role()),
            None => {
                reg.migrate()?;
                reg.check_writable()?;
                Ok(reg)
            }
        }
    }

    /// The common case in one round trip: a registry of this catool's schema version,
    /// and whether this role may write it (`None`: no schema, or another version — take the
    /// migration path, which says which).
    fn current(&mut self) -> Result<Option<bool>> {
        let known = super::super::SCHEMA_VERSION;
        let query = format!(
            "SELECT version = {known} AND application = 'catool', {WRITABLE} FROM catool_schema"
        );
        let rows = match self.client.simple_query(&query) {
            Ok(rows) => rows,
            Err(e) if e.code() == Some(&SqlState::UNDEFINED_TABLE) => return Ok(None),
            Err(e) => return Err(self.error(e)),
        };
        for message in rows {
            if let postgres::SimpleQueryMessage::Row(row) = message {
                return Ok(match (row.get(0), row.get(1)) {
                    (Some("t"), Some(writable)) => Some(writable == "t"),
                    _ => None,
                });
            }
        }
        Ok(None)
    }

    pub fn shown(&self) -> &str {
        self.target.shown()
    }

    /// A second connection to the same database (no migration: this one ran it).
    pub fn another_connection(&self) -> Result<PgRegistry> {
        Ok(PgRegistry {
            client: connect(&self.target)?,
            target: self.target.clone(),
            prepared: RefCell::new(HashMap::new()),
        })
    }

    fn error(&self, e: postgres::Error) -> Error {
        statement_error(&self.target, e)
    }

    fn migrate(&mut self) -> Result<()> {
        let target = self.target.clone();
        let err = |e| statement_error(&target, e);
        let mut tx = self.client.transaction().map_err(err)?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])
            .map_err(err)?;
        let has_schema: bool = tx
            .query_one("SELECT to_regclass('catool_schema') IS NOT NULL", &[])
            .map_err(err)?
            .get(0);
        let version: i64 = if has_schema {
            tx.query_one("SELECT version FROM catool_schema", &[])
                .map_err(err)?
                .get(0)
        } else {
            let tables: i64 = tx
                .query_one(
                    "SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = current_schema()",
                    &[],
                )
                .map_err(err)?
                .get(0);
            if tables > 0 {
                return Err(BackendError::OtherApplication {
                    server: target.shown().to_string(),
                }
                .into());
            }
            0
        };
        let known = super::super::SCHEMA_VERSION;
        if version > known {
            return Err(RegistryError::Newer {
                path: target.shown().to_string(),
                version,
                known,
            }
            .into());
        }
        if version == known {
            return Ok(());
        }
        let start = usize::try_from(version).unwrap_or(0);
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(start) {
            tx.batch_execute(sql).map_err(|e| match err(e) {
                e if e.typed::<BackendError>().is_some_and(read_only) => e,
                e => RegistryError::MigrationFailed {
                    path: target.shown().to_string(),
                    to: i64::try_from(i + 1).unwrap_or(i64::MAX),
                    why: e.to_string(),
                }
                .into(),
            })?;
        }
        if !has_schema {
            tx.batch_execute(SCHEMA_TABLE).map_err(err)?;
        }
        tx.execute(
            "INSERT INTO catool_schema (application, version) VALUES ('catool', $1)
             ON CONFLICT (one_row) DO UPDATE SET version = excluded.version",
            &[&known],
        )
        .map_err(err)?;
        tx.commit().map_err(err)
    }

    /// A role that may only read (or a read-only standby) is refused at once, as SQLite
    /// refuses a file it cannot write: every command may append to the history.
    fn check_writable(&mut self) -> Result<()> {
        let row = self
            .client
            .query_one(&format!("SELECT {WRITABLE}"), &[])
            .map_err(|e| self.error(e))?;
        if row.get::<_, bool>(0) {
            Ok(())
        } else {
            Err(self.read_only_role())
        }
    }

    fn read_only_role(&self) -> Error {
        BackendError::ReadOnlyRole {
            server: self.target.shown().to_string(),
            user: self.target.user(),
        }
        .into()
    }

    /// Runs `f` in a write transaction; commits on `Ok`, rolls back on `Err` (and when the
    /// connection breaks: the server never commits half a transaction).
    pub fn write<T>(&mut self, f: impl FnOnce(&dyn Sql) -> Result<T>) -> Result<T> {
        let pg = self.begin(false)?;
        pg.tx
            .borrow_mut()
            .execute("SELECT pg_advisory_xact_lock($1)", &[&WRITE_LOCK])
            .map_err(|e| statement_error(pg.target, e))?;
        let value = f(&pg)?;
        pg.tx
            .into_inner()
            .commit()
            .map_err(|e| statement_error(pg.target, e))?;
        Ok(value)
    }

    /// Runs `f` in a write transaction (under the write lock, as [`Self::write`]) that is
    /// always rolled back: a dry run.
    pub fn rehearse<T>(&mut self, f: impl FnOnce(&dyn Sql) -> Result<T>) -> Result<T> {
        let pg = self.begin(false)?;
        pg.tx
            .borrow_mut()
            .execute("SELECT pg_advisory_xact_lock($1)", &[&WRITE_LOCK])
            .map_err(|e| statement_error(pg.target, e))?;
        // Sequences are not transactional: the ids the rehearsal took would stay taken after
        // its rollback, and the real run would then show other ids than the dry run did (on
        // SQLite they are the same). Under the write lock no other catool takes an id, so
        // setting each sequence back to where it was (setval is not rolled back) is exact.
        let sequences = pg
            .tx
            .borrow_mut()
            .query(
                "SELECT format('%I.%I', schemaname, sequencename), last_value, start_value
                   FROM pg_sequences WHERE schemaname = current_schema()",
                &[],
            )
            .map_err(|e| statement_error(pg.target, e))?;
        let value = f(&pg);
        for seq in &sequences {
            let (name, last, start): (String, Option<i64>, i64) =
                (seq.get(0), seq.get(1), seq.get(2));
            pg.tx
                .borrow_mut()
                .execute(
                    "SELECT setval($1::text::regclass, $2, $3)",
                    &[&name, &last.unwrap_or(start), &last.is_some()],
                )
                .map_err(|e| statement_error(pg.target, e))?;
        }
        pg.tx
            .into_inner()
            .rollback()
            .map_err(|e| statement_error(pg.target, e))?;
        value
    }

    /// Runs `f` in a read-only transaction on one snapshot (REPEATABLE READ).
    pub fn read<T>(&mut self, f: impl FnOnce(&dyn Sql) -> Result<T>) -> Result<T> {
        f(&self.begin(true)?)
    }

    fn begin(&mut self, read_only: bool) -> Result<PgTx<'_>> {
        let target = &self.target;
        let mut builder = self.client.build_transaction();
        if read_only {
            builder = builder
                .isolation_level(IsolationLevel::RepeatableRead)
                .read_only(true);
        }
        let tx = builder.start().map_err(|e| statement_error(target, e))?;
        Ok(PgTx {
            tx: RefCell::new(tx),
            target,
            prepared: &self.prepared,
        })
    }
}

/// A transaction on a PostgreSQL registry.
struct PgTx<'a> {
    tx: RefCell<postgres::Transaction<'a>>,
    target: &'a PgTarget,
    prepared: &'a RefCell<HashMap<String, Statement>>,
}

impl PgTx<'_> {
    /// The statement for `sql` (SQLite's form), prepared once per connection.
    fn statement(&self, sql: &str) -> Result<Statement> {
        let text = pg_placeholders(sql);
        if let Some(s) = self.prepared.borrow().get(&text) {
            return Ok(s.clone());
        }
        let stmt = self
            .tx
            .borrow_mut()
            .prepare(&text)
            .map_err(|e| statement_error(self.target, e))?;
        self.prepared.borrow_mut().insert(text, stmt.clone());
        Ok(stmt)
    }
}

impl Sql for PgTx<'_> {
    fn dialect(&self) -> Dialect {
        Dialect::Postgres
    }

    fn execute(&self, sql: &str, params: &[&dyn Param]) -> Result<u64> {
        let stmt = self.statement(sql)?;
        let values = values(params)?;
        let refs: Vec<&(dyn ToSql + Sync)> = values.iter().map(|v| v as _).collect();
        self.tx
            .borrow_mut()
            .execute(&stmt, &refs)
            .map_err(|e| statement_error(self.target, e))
    }

    fn query(&self, sql: &str, params: &[&dyn Param]) -> Result<Vec<Row>> {
        let stmt = self.statement(sql)?;
        let values = values(params)?;
        let refs: Vec<&(dyn ToSql + Sync)> = values.iter().map(|v| v as _).collect();
        let rows = self
            .tx
            .borrow_mut()
            .query(&stmt, &refs)
            .map_err(|e| statement_error(self.target, e))?;
        rows.iter().map(row).collect()
    }
}

/// A row's columns as `Value`s. PostgreSQL's integer widths and booleans read as integers,
/// text types as text, `bytea` as bytes; any other type is a query that should cast.
fn row(r: &postgres::Row) -> Result<Row> {
    fn get<'a, T: postgres::types::FromSql<'a>>(r: &'a postgres::Row, i: usize) -> Result<T> {
        r.try_get(i)
            .map_err(|e| Error::Internal(format!("registry: column {i}: {e}")))
    }
    let mut out = Vec::with_capacity(r.len());
    for (i, col) in r.columns().iter().enumerate() {
        let ty = col.type_();
        let v = if *ty == Type::INT8 {
            get::<Option<i64>>(r, i)?.map(Value::Integer)
        } else if *ty == Type::INT4 {
            get::<Option<i32>>(r, i)?.map(|n| Value::Integer(n.into()))
        } else if *ty == Type::INT2 {
            get::<Option<i16>>(r, i)?.map(|n| Value::Integer(n.into()))
        } else if *ty == Type::BOOL {
            get::<Option<bool>>(r, i)?.map(|b| Value::Integer(b.into()))
        } else if *ty == Type::FLOAT8 {
            get::<Option<f64>>(r, i)?.map(Value::Real)
        } else if *ty == Type::FLOAT4 {
            get::<Option<f32>>(r, i)?.map(|f| Value::Real(f.into()))
        } else if *ty == Type::BYTEA {
            get::<Option<Vec<u8>>>(r, i)?.map(Value::Blob)
        } else if <String as postgres::types::FromSql>::accepts(ty) {
            get::<Option<String>>(r, i)?.map(Value::Text)
        } else {
            return Err(Error::Internal(format!(
                "registry: column {} is of type {ty}, which catool does not read (cast it)",
                col.name()
            )));
        };
        out.push(v.unwrap_or(Value::Null));
    }
    Ok(Row(out))
}

/// A parameter as the type PostgreSQL inferred for its place: an integer binds to every
/// integer width (checked), to `boolean` as SQLite's 0/1, and to `double precision`.
impl ToSql for Value {
    fn to_sql(
        &self,
        ty: &Type,
        out: &mut BytesMut,
    ) -> std::result::Result<IsNull, Box<dyn std::error::Error + Sync + Send>> {
        let mismatch = || format!("cannot bind {self:?} to a parameter of type {ty}").into();
        match self {
            Value::Null => Ok(IsNull::Yes),
            Value::Integer(i) if *ty == Type::INT8 => i.to_sql(ty, out),
            Value::Integer(i) if *ty == Type::INT4 => i32::try_from(*i)?.to_sql(ty, out),
            Value::Integer(i) if *ty == Type::INT2 => i16::try_from(*i)?.to_sql(ty, out),
            Value::Integer(i) if *ty == Type::BOOL => (*i != 0).to_sql(ty, out),
            Value::Integer(i) if *ty == Type::FLOAT8 => {
                let f = i32::try_from(*i).map(f64::from)?;
                f.to_sql(ty, out)
            }
            Value::Real(f) if *ty == Type::FLOAT8 => f.to_sql(ty, out),
            Value::Text(s) if <&str as ToSql>::accepts(ty) => s.as_str().to_sql(ty, out),
            Value::Blob(b) if <&[u8] as ToSql>::accepts(ty) => b.as_slice().to_sql(ty, out),
            _ => Err(mismatch()),
        }
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    to_sql_checked!();
}

/// Connects as the target says: TLS as `sslmode` asks, the password from the URL or
/// `PGPASSWORD`.
fn connect(target: &PgTarget) -> Result<Client> {
    let mut config = target.config.clone();
    let options = format!(
        "{} -c lock_timeout={LOCK_TIMEOUT_SECS}s",
        config.get_options().unwrap_or_default()
    );
    config.options(options.trim_start());
    if config.get_password().is_none()
        && let Ok(password) = std::env::var("PGPASSWORD")
    {
        config.password(password);
    }
    // libpq does not use TLS on a Unix socket whatever sslmode says; nor does catool, which
    // spares loading the system's CA certificates (some 100 ms) on every command.
    let sockets_only = config
        .get_hosts()
        .iter()
        .all(|h| matches!(h, postgres::config::Host::Unix(_)));
    let connected = match target.tls {
        _ if sockets_only => config.connect(NoTls),
        TlsMode::Disable => config.connect(NoTls),
        mode => {
            let tls = super::tls::config(mode, target.root_cert.as_deref()).map_err(|why| {
                BackendError::CannotConnect {
                    server: target.shown().to_string(),
                    why,
                }
            })?;
            config.connect(super::tls::MakeRustls::new(tls))
        }
    };
    connected.map_err(|e| connect_error(target, e))
}

/// Why connecting failed: the login refused (a wrong or missing password, no entry in
/// `pg_hba.conf`), or no server there (or no such database).
fn connect_error(target: &PgTarget, e: postgres::Error) -> Error {
    let server = target.shown().to_string();
    let why = error_text(&e);
    let login = match e.code() {
        Some(c) => {
            *c == SqlState::INVALID_PASSWORD || *c == SqlState::INVALID_AUTHORIZATION_SPECIFICATION
        }
        None => why.contains("password missing"),
    };
    if login {
        BackendError::LoginRefused {
            server,
            user: target.user(),
            why,
        }
        .into()
    } else {
        BackendError::CannotConnect { server, why }.into()
    }
}

/// A server's message alone (`password authentication failed for user "ops"`), or the
/// client's with its cause (`error connecting to server: No such file or directory`).
fn error_text(e: &postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => db.message().to_string(),
        None => {
            let mut text = e.to_string();
            let mut source = std::error::Error::source(e);
            while let Some(s) = source {
                let part = s.to_string();
                if !text.contains(&part) {
                    text = format!("{text}: {part}");
                }
                source = s.source();
            }
            text
        }
    }
}

fn read_only(e: &BackendError) -> bool {
    matches!(e, BackendError::ReadOnlyRole { .. })
}

/// A statement's error: a schema rule's refusal (class 23) as `Constraint`, waiting too long
/// for another catool's rows (or losing to it) as busy, a role or server that may not write
/// as read-only, a broken or ended connection as lost.
fn statement_error(target: &PgTarget, e: postgres::Error) -> Error {
    let server = target.shown().to_string();
    if let Some(db) = e.as_db_error() {
        let code = db.code();
        // The server ended the session (shut down, the backend terminated, a fatal error):
        // nothing uncommitted survives it.
        if code.code().starts_with("08")
            || code.code().starts_with("57P")
            || matches!(db.severity(), "FATAL" | "PANIC")
        {
            return BackendError::ConnectionLost {
                server,
                why: db.message().to_string(),
            }
            .into();
        }
        if code.code().starts_with("23") {
            return BackendError::Constraint {
                message: db.message().to_string(),
            }
            .into();
        }
        if *code == SqlState::T_R_SERIALIZATION_FAILURE
            || *code == SqlState::T_R_DEADLOCK_DETECTED
            || *code == SqlState::LOCK_NOT_AVAILABLE
        {
            return RegistryError::Busy {
                secs: LOCK_TIMEOUT_SECS,
            }
            .into();
        }
        if *code == SqlState::READ_ONLY_SQL_TRANSACTION || *code == SqlState::INSUFFICIENT_PRIVILEGE
        {
            return BackendError::ReadOnlyRole {
                server,
                user: target.user(),
            }
            .into();
        }
        return BackendError::Server {
            server,
            why: db.message().to_string(),
        }
        .into();
    }
    if e.is_closed() || std::error::Error::source(&e).is_some_and(|s| s.is::<std::io::Error>()) {
        return BackendError::ConnectionLost {
            server,
            why: error_text(&e),
        }
        .into();
    }
    BackendError::Server {
        server,
        why: error_text(&e),
    }
    .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_backends_have_the_same_numbered_migrations() {
        assert_eq!(MIGRATIONS.len(), super::super::super::MIGRATIONS.len());
    }
}
