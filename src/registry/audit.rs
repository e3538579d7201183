//! The registry's current state, read for `catool log verify` to compare with what replaying
//! the history gives (D21). Only the columns the history speaks of are read, as plain values,
//! so that the comparison in `domain::replay` is one loop for every table.

use std::collections::BTreeMap;

use serde_json::Value;

use super::Tx;
use super::backend::{Dialect, Sql, SqlExt, Value as Stored};
use crate::error::Result;

/// A row's identity: numeric parts (id, or both ids of a link table) and a text part
/// (a setting's key). Ordered, so differences come out by table and id.
pub type Key = (i64, i64, String);

/// One table: row key → column → value.
pub type Rows = BTreeMap<Key, BTreeMap<&'static str, Value>>;

/// Every compared table, by name.
pub type Snapshot = BTreeMap<&'static str, Rows>;

/// The tables and columns compared, in the order differences are reported: what decides
/// trust first (certificates, slots, packages), then seals, people and settings.
pub const TABLES: &[(&str, &str, &str, &[&str])] = &[
    (
        "certs",
        "id",
        "0",
        &[
            // What the certificate is (its body, by fingerprint, see `plain_column`), then
            // its state.
            "cert_der AS sha256",
            "serial_hex",
            "ca_id",
            "status",
            "revoke_reason",
            "locked",
            "wrong_pins",
            "slot_id",
            "org_id",
            "owner_person_id",
            "holder_person_id",
            "bound_person_id",
            // What else decides trust (red team 4): the subject a reissue keeps, whom the PIN
            // proves, the line of replacements, when it was revoked or went on hold.
            "kind",
            "pin_set_by",
            "replaces_cert_id",
            "revoked_at",
            "frozen_at",
        ],
    ),
    (
        "slots",
        "id",
        "0",
        &[
            "package_id",
            "org_id",
            "kind",
            "state",
            "owner_person_id",
            "holder_person_id",
        ],
    ),
    (
        "packages",
        "id",
        "0",
        &["org_id", "status", "enterprise_slots", "personal_slots"],
    ),
    ("seals", "id", "0", &["org_id", "person_id", "state"]),
    ("seal_assignments", "seal_id", "cert_id", &[]),
    (
        "seal_grants",
        "id",
        "0",
        &["seal_id", "person_id", "valid_from", "valid_until", "state"],
    ),
    ("memberships", "org_id", "person_id", &["role"]),
    ("orgs", "id", "0", &["name", "uscc", "auth_method"]),
    ("persons", "id", "0", &["name"]),
    (
        "cas",
        "id",
        "0",
        &[
            "name",
            "next_crl_number",
            "lower(hex(cert_der)) AS cert_der_hex",
            // Where its CRL is published: the directory and every URL (oldest first).
            "(SELECT d.publish_dir FROM ca_crl d WHERE d.ca_id = cas.id) AS crl_dir",
            "(SELECT group_concat(u.url, ' ' ORDER BY u.id) FROM ca_crl_urls u
              WHERE u.ca_id = cas.id) AS crl_urls",
        ],
    ),
    (
        "tsas",
        "id",
        "0",
        &[
            "name",
            "ca_id",
            "next_serial",
            "lower(hex(cert_der)) AS cert_der_hex",
        ],
    ),
];

/// The name a `TABLES` column compares under: "EXPRESSION AS name" under its name.
pub fn column_name(column: &'static str) -> &'static str {
    column.rsplit(" AS ").next().unwrap_or(column)
}

/// Reads every table of `TABLES`, and the settings (keyed by name).
pub fn snapshot(tx: &Tx) -> Result<Snapshot> {
    let mut snap = Snapshot::new();
    for (table, k1, k2, cols) in TABLES {
        let mut select = format!("SELECT {k1}, {k2}");
        for c in *cols {
            select.push_str(", ");
            select.push_str(&column_sql(tx.dialect(), c));
        }
        select.push_str(&format!(" FROM {table}"));
        let mut out = Rows::new();
        tx.each(&select, &[], &mut |r| {
            let key = (r.get::<i64>(0)?, r.get::<i64>(1)?, String::new());
            let mut fields = BTreeMap::new();
            for (i, c) in cols.iter().enumerate() {
                fields.insert(column_name(c), plain_column(c, r.value(i + 2)));
            }
            out.insert(key, fields);
            Ok(true)
        })?;
        snap.insert(table, out);
    }
    let mut settings = Rows::new();
    for (key, value) in tx.rows("SELECT key, value FROM settings", &[], |r| {
        Ok((r.get::<String>(0)?, r.get::<String>(1)?))
    })? {
        settings.insert(
            (0, 0, key),
            BTreeMap::from([("value", Value::String(value))]),
        );
    }
    snap.insert("settings", settings);
    Ok(snap)
}

/// A column of `TABLES` in the registry's dialect: `TABLES` is written in SQLite's, and
/// its two functions PostgreSQL names otherwise are translated (see `backend::dialect`).
fn column_sql(d: Dialect, column: &str) -> String {
    match d {
        Dialect::Sqlite => column.to_string(),
        Dialect::Postgres => column
            .replace("lower(hex(cert_der))", "encode(cert_der, 'hex')")
            .replace("group_concat(", "string_agg("),
    }
}

/// A column's value: a certificate body (`... AS sha256`) as its SHA-256 fingerprint, the
/// form the history records; everything else as it is.
fn plain_column(column: &'static str, v: &Stored) -> Value {
    match v {
        Stored::Blob(b) if column_name(column) == "sha256" => {
            Value::String(crate::hex::fingerprint(b))
        }
        v => plain(v),
    }
}

fn plain(v: &Stored) -> Value {
    match v {
        Stored::Null => Value::Null,
        Stored::Integer(n) => Value::from(*n),
        Stored::Real(f) => Value::from(*f),
        Stored::Text(t) => Value::String(t.clone()),
        Stored::Blob(b) => Value::String(format!("<{} bytes>", b.len())),
    }
}

/// Whether the registry holds anything the history should speak of.
pub fn holds_data(tx: &Tx) -> Result<bool> {
    tx.row(
        "SELECT EXISTS (SELECT 1 FROM persons) OR EXISTS (SELECT 1 FROM orgs)
             OR EXISTS (SELECT 1 FROM cas) OR EXISTS (SELECT 1 FROM certs)
             OR EXISTS (SELECT 1 FROM seals) OR EXISTS (SELECT 1 FROM packages)",
        &[],
        |r| r.get(0),
    )
}

/// Whether the registry holds CAs or certificates: catool before v2 registered its master
/// key with the first of them, so such a registry always has a master key check value.
pub fn holds_keys(tx: &Tx) -> Result<bool> {
    tx.row(
        "SELECT EXISTS (SELECT 1 FROM cas) OR EXISTS (SELECT 1 FROM certs)",
        &[],
        |r| r.get(0),
    )
}
