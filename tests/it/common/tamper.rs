//! Editing a registry the way an attacker with `sqlite3` would, shared by the attack tests:
//! behind the schema's back, and back to what catool wrote before its history was keyed.
#![allow(dead_code)]

use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::common::Env;

/// Runs SQL behind the schema's back, the way a careful attacker does: drop the rule, edit,
/// put the rule back exactly as it was, so that nothing looks changed.
///
/// On PostgreSQL (`CATOOL_TEST_BACKEND=postgres`) the attacker is whoever holds the
/// registry's role or the server's superuser: the triggers are switched off for one
/// transaction (`session_replication_role = replica`) instead of dropped and recreated,
/// which leaves no more trace.
pub fn behind_the_schema(env: &Env, trigger: &str, sql: &str) {
    if env.pg.is_some() {
        return with_triggers_off(env, sql);
    }
    let text = env.sqlite3(&format!(
        "SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = '{trigger}';"
    ));
    assert!(!text.trim().is_empty(), "no trigger {trigger} to drop");
    env.sqlite3(&format!(
        "DROP TRIGGER {trigger}; {sql}; {};",
        text.trim_end()
    ));
}

/// As [`behind_the_schema`] for whichever of `triggers` the registry has: the attacker drops
/// every rule in the way and puts it back as it was (none there: the SQL runs as it is).
pub fn behind_triggers(env: &Env, triggers: &[&str], sql: &str) {
    if env.pg.is_some() {
        return with_triggers_off(env, sql);
    }
    let mut drop = String::new();
    let mut restore = String::new();
    for t in triggers {
        let text = env.sqlite3(&format!(
            "SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = '{t}';"
        ));
        if !text.trim().is_empty() {
            drop.push_str(&format!("DROP TRIGGER {t}; "));
            restore.push_str(&format!("{}; ", text.trim_end()));
        }
    }
    env.sqlite3(&format!("BEGIN; {drop}{sql}; {restore}COMMIT;"));
}

/// `sql` on PostgreSQL with every trigger off for its transaction (the superuser's way
/// around the rules; the registry's own role can `ALTER TABLE … DISABLE TRIGGER` the same).
fn with_triggers_off(env: &Env, sql: &str) {
    env.sqlite3(&format!(
        "BEGIN; SET LOCAL session_replication_role = replica; {sql}; COMMIT;"
    ));
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The event hash catool wrote before the chain was keyed: SHA-256 over the stored columns.
/// Anybody can compute it; that was the weakness.
pub fn unkeyed_hash(row: &[Value], details_raw: &str, prev: &str) -> String {
    let content = json!([
        row[0],
        row[1],
        row[2],
        row[3],
        row[4],
        row[5],
        row[6],
        row[7],
        row[8],
        details_raw,
        prev
    ]);
    hex(&Sha256::digest(content.to_string().as_bytes()))
}

/// Recomputes every event's `prev_hash` and `hash` with plain SHA-256, as an attacker without
/// the master key can.
pub fn rechain_without_the_key(env: &Env) {
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    let rows: Vec<(Vec<Value>, String)> = {
        let mut stmt = conn
            .prepare(
                "SELECT seq, at, actor, action, object, org_id, person_id, cert_id, outcome, details
                 FROM events ORDER BY seq",
            )
            .unwrap();
        stmt.query_map([], |r| {
            let v = |i: usize| -> rusqlite::Result<Value> {
                Ok(match r.get_ref(i)? {
                    rusqlite::types::ValueRef::Null => Value::Null,
                    rusqlite::types::ValueRef::Integer(n) => json!(n),
                    rusqlite::types::ValueRef::Text(t) => json!(String::from_utf8_lossy(t)),
                    _ => Value::Null,
                })
            };
            Ok((
                vec![
                    v(0)?,
                    v(1)?,
                    v(2)?,
                    v(3)?,
                    v(4)?,
                    v(5)?,
                    v(6)?,
                    v(7)?,
                    v(8)?,
                ],
                r.get::<_, String>(9)?,
            ))
        })
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
    };
    let trigger: String = conn
        .query_row(
            "SELECT sql FROM sqlite_schema WHERE name = 'events_no_update'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    conn.execute_batch("DROP TRIGGER events_no_update").unwrap();
    let mut prev = "0".repeat(64);
    for (row, details) in rows {
        let h = unkeyed_hash(&row, &details, &prev);
        conn.execute(
            "UPDATE events SET prev_hash = ?1, hash = ?2 WHERE seq = ?3",
            rusqlite::params![prev, h, row[0].as_i64().unwrap()],
        )
        .unwrap();
        prev = h;
    }
    conn.execute_batch(&trigger).unwrap();
}

/// Makes the registry look exactly like one written by catool before history was keyed
/// (schema v1): plain SHA-256 chain, the v1 master key check value, no history head, no v2
/// schema objects. `with_v1_check` false plays an attacker who cannot compute that check
/// value (it needs the master key) and deletes it instead.
pub fn as_v1_registry(env: &Env, with_v1_check: bool) {
    rechain_without_the_key(env);
    let v1 = rusqlite::Connection::open_in_memory().unwrap();
    v1.execute_batch(include_str!(
        "../../../src/registry/migrations/0001_initial.sql"
    ))
    .unwrap();
    let v1_names: Vec<String> = v1
        .prepare("SELECT name FROM sqlite_schema")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    let extra: Vec<(String, String)> = conn
        .prepare("SELECT type, name FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%'")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<rusqlite::Result<Vec<_>>>()
        .unwrap()
        .into_iter()
        .filter(|(_, n)| !v1_names.contains(n))
        .collect();
    // IF EXISTS: dropping a table drops its indexes and triggers with it.
    for (kind, name) in extra {
        conn.execute_batch(&format!("DROP {} IF EXISTS {name}", kind.to_uppercase()))
            .unwrap();
    }
    conn.execute_batch("DELETE FROM settings WHERE key LIKE 'history.%'")
        .unwrap();
    // Columns later migrations added to a table no migration rebuilds (schema 15's machine).
    conn.execute_batch(
        "ALTER TABLE events DROP COLUMN host; ALTER TABLE events DROP COLUMN os_user",
    )
    .unwrap();
    if with_v1_check {
        let key_hex = std::fs::read_to_string(env.path("registry.db.key")).unwrap();
        let key: Vec<u8> = (0..32)
            .map(|i| u8::from_str_radix(&key_hex.trim()[2 * i..2 * i + 2], 16).unwrap())
            .collect();
        use hmac::{KeyInit, Mac};
        let mut mac = hmac::Hmac::<Sha256>::new_from_slice(&key).unwrap();
        mac.update(b"catool master key check v1");
        let check = hex(&mac.finalize().into_bytes());
        conn.execute(
            "UPDATE settings SET value = ?1 WHERE key = 'vault.master_check'",
            [check],
        )
        .unwrap();
    } else {
        conn.execute_batch("DELETE FROM settings WHERE key = 'vault.master_check'")
            .unwrap();
    }
    conn.pragma_update(None, "user_version", 1).unwrap();
}
