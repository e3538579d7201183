//! The registry's current state, read for `catool log verify` to compare with what replaying
//! the history gives (D21). Only the columns the history speaks of are read, as plain values,
//! so that the comparison in `domain::replay` is one loop for every table.

use serde_json::Value;

use super::Tx;
use super::backend::{Dialect, Sql, SqlExt, Value as Stored};
use crate::error::Result;

/// A row's identity: numeric parts (id, or both ids of a link table) and a text part
/// (a setting's key). Ordered, so differences come out by table and id.
pub type Key = (i64, i64, String);

/// One stored row's compared columns, in `TABLES` order (a setting: its `value`), borrowed
/// from the row being read.
pub type Fields<'r> = Vec<(&'static str, Column<'r>)>;

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

/// Calls `visit` with every row of `table` (one of `TABLES`, or `settings`: keyed by name)
/// in key order, one at a time, its columns borrowed from the row being read: nothing of the
/// table is kept or copied, so a large registry is compared in the memory of one row (each
/// key is the table's primary key, so the order costs no sort).
pub fn for_each_row(
    tx: &Tx,
    table: &str,
    visit: &mut dyn FnMut(Key, Fields<'_>) -> Result<()>,
) -> Result<()> {
    let Some((table, k1, k2, cols)) = TABLES.iter().find(|t| t.0 == table) else {
        return tx.each_ref(
            "SELECT key, value FROM settings ORDER BY key",
            &[],
            &mut |r| {
                let key: String = r.get(0)?;
                visit((0, 0, key), vec![("value", Column::Text(r.text(1)?))])?;
                Ok(true)
            },
        );
    };
    let mut select = format!("SELECT {k1}, {k2}");
    for c in *cols {
        select.push_str(", ");
        select.push_str(&column_sql(tx.dialect(), c));
    }
    let order = match *k2 {
        "0" => k1.to_string(),
        _ => format!("{k1}, {k2}"),
    };
    select.push_str(&format!(" FROM {table} ORDER BY {order}"));
    let names: Vec<&'static str> = cols.iter().map(|c| column_name(c)).collect();
    tx.each_ref(&select, &[], &mut |r| {
        let key = (r.get::<i64>(0)?, r.get::<i64>(1)?, String::new());
        let fields = names
            .iter()
            .enumerate()
            .map(|(i, name)| (*name, Column::of(name, r.value(i + 2))))
            .collect();
        visit(key, fields)?;
        Ok(true)
    })
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

/// A stored column as read, borrowed from its row.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Column<'r> {
    Null,
    Integer(i64),
    Real(f64),
    Text(&'r str),
    Blob(&'r [u8]),
    /// A certificate body (`cert_der AS sha256`): compared by its SHA-256 fingerprint, the
    /// form the history records (hashed only when compared).
    Body(&'r [u8]),
}

impl<'r> Column<'r> {
    fn of(name: &str, v: &'r Stored) -> Column<'r> {
        match v {
            Stored::Blob(b) if name == "sha256" => Column::Body(b),
            Stored::Null => Column::Null,
            Stored::Integer(n) => Column::Integer(*n),
            Stored::Real(f) => Column::Real(*f),
            Stored::Text(t) => Column::Text(t),
            Stored::Blob(b) => Column::Blob(b),
        }
    }

    /// The value as JSON, as findings show it: a body as its fingerprint, other bytes by
    /// their length.
    pub fn plain(&self) -> Value {
        match self {
            Column::Null => Value::Null,
            Column::Integer(n) => Value::from(*n),
            Column::Real(f) => Value::from(*f),
            Column::Text(t) => Value::String(t.to_string()),
            Column::Body(b) => Value::String(crate::hex::fingerprint(b)),
            Column::Blob(b) => Value::String(format!("<{} bytes>", b.len())),
        }
    }

    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Column::Integer(n) => Some(*n),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&'r str> {
        match self {
            Column::Text(t) => Some(t),
            _ => None,
        }
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
