//! Queries for certificate authorities (several may coexist: a platform works with several
//! CA providers).

use super::Tx;
use super::backend::error::constraint;
use super::backend::{Row, Sql, SqlExt};
use super::error::RegistryError;
use super::orgs::is_row_id;
use crate::error::{Error, Result};
use crate::model::{Algo, Ca, Id, Stamp, default_crl_url};

pub struct NewCa<'a> {
    pub name: &'a str,
    pub algo: Algo,
    pub cert_der: &'a [u8],
    pub key_sealed: &'a [u8],
    pub not_after: Stamp,
    pub at: Stamp,
}

const SELECT: &str = "SELECT id, name, algo, cert_der, key_sealed, not_after, next_crl_number,
        created_at,
        (SELECT u.url FROM ca_crl_urls u WHERE u.ca_id = cas.id ORDER BY u.id DESC LIMIT 1),
        (SELECT d.publish_dir FROM ca_crl d WHERE d.ca_id = cas.id)
     FROM cas";

fn from_row(r: &Row) -> Result<Ca> {
    let id = r.get(0)?;
    let url: Option<String> = r.get(8)?;
    Ok(Ca {
        id,
        name: r.get(1)?,
        algo: r.get(2)?,
        cert_der: r.get(3)?,
        key_sealed: r.get(4)?,
        not_after: r.get(5)?,
        next_crl_number: r.get(6)?,
        created_at: r.get(7)?,
        crl_url: url.unwrap_or_else(|| default_crl_url(id)),
        crl_dir: r.get(9)?,
    })
}

pub fn insert(tx: &Tx, new: &NewCa) -> Result<Id> {
    tx.insert_id(
        "INSERT INTO cas (name, algo, cert_der, key_sealed, not_after, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        &[
            &new.name,
            &new.algo,
            &new.cert_der,
            &new.key_sealed,
            &new.not_after,
            &new.at,
        ],
    )
    .map_err(|e| {
        constraint(e, |_| {
            RegistryError::CaNameTaken {
                name: new.name.to_string(),
            }
            .into()
        })
    })
}

pub fn get(tx: &Tx, id: Id) -> Result<Option<Ca>> {
    tx.row_opt(&format!("{SELECT} WHERE id = ?1"), &[&id], from_row)
}

pub fn list(tx: &Tx) -> Result<Vec<Ca>> {
    tx.rows(&format!("{SELECT} ORDER BY id"), &[], from_row)
}

/// Finds a CA by id or name; with no reference, the only CA (an error if there are several).
pub fn resolve(tx: &Tx, reference: Option<&str>) -> Result<Ca> {
    match reference {
        Some(r) if is_row_id(r.trim()) => {
            get(tx, r.trim().parse().unwrap_or(0))?.ok_or_else(|| not_found(r))
        }
        Some(r) => tx
            .row_opt(&format!("{SELECT} WHERE name = ?1"), &[&r.trim()], from_row)?
            .ok_or_else(|| not_found(r)),
        None => {
            let mut all = list(tx)?;
            match all.len() {
                1 => Ok(all.remove(0)),
                0 => Err(RegistryError::NoCa.into()),
                n => Err(RegistryError::SeveralCas {
                    count: i64::try_from(n).unwrap_or(i64::MAX),
                }
                .into()),
            }
        }
    }
}

fn not_found(r: &str) -> Error {
    RegistryError::CaNotFound {
        reference: r.to_string(),
    }
    .into()
}

/// Hands out the next CRL number (monotonic per CA).
pub fn take_crl_number(tx: &Tx, id: Id) -> Result<i64> {
    tx.row(
        "UPDATE cas SET next_crl_number = next_crl_number + 1 WHERE id = ?1
         RETURNING next_crl_number - 1",
        &[&id],
        |r| r.get(0),
    )
}

/// Every CRL URL the CA has had, oldest first (none: it always had the default).
pub fn crl_urls(tx: &Tx, ca_id: Id) -> Result<Vec<String>> {
    tx.rows(
        "SELECT url FROM ca_crl_urls WHERE ca_id = ?1 ORDER BY id",
        &[&ca_id],
        |r| r.get(0),
    )
}

/// Makes `url` the CA's CRL URL from now on (earlier ones stay listed).
pub fn add_crl_url(tx: &Tx, ca_id: Id, url: &str, at: Stamp) -> Result<()> {
    tx.execute(
        "INSERT INTO ca_crl_urls (ca_id, url, since) VALUES (?1, ?2, ?3)",
        &[&ca_id, &url, &at],
    )?;
    Ok(())
}

/// Sets (or, with `None`, clears) the directory the CA's CRL is published in.
pub fn set_crl_dir(tx: &Tx, ca_id: Id, dir: Option<&str>) -> Result<()> {
    tx.execute(
        "INSERT INTO ca_crl (ca_id, publish_dir) VALUES (?1, ?2)
         ON CONFLICT (ca_id) DO UPDATE SET publish_dir = excluded.publish_dir",
        &[&ca_id, &dir],
    )?;
    Ok(())
}

/// The last CRL a CA issued, as signed.
pub struct LastCrl {
    pub number: i64,
    pub this_update: Stamp,
    /// `None`: the CRL names no next update (catool's always do).
    pub next_update: Option<Stamp>,
    pub der: Vec<u8>,
}

/// Keeps `crl` as the CA's last CRL (replacing the one before), with its entries as the
/// next CRL starts from them (migration 0011), in one write of the row.
pub fn set_last_crl(tx: &Tx, ca_id: Id, crl: &LastCrl, entries: &[u8]) -> Result<()> {
    tx.execute(
        "INSERT INTO ca_crl (ca_id, last_number, last_this_update, last_next_update, last_der,
             last_entries)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (ca_id) DO UPDATE SET last_number = excluded.last_number,
             last_this_update = excluded.last_this_update,
             last_next_update = excluded.last_next_update, last_der = excluded.last_der,
             last_entries = excluded.last_entries",
        &[
            &ca_id,
            &crl.number,
            &crl.this_update,
            &crl.next_update,
            &crl.der,
            &entries,
        ],
    )?;
    Ok(())
}

/// The CA's last CRL as the next one starts from it: its number, DER and stored entries, if
/// kept ([`set_last_crl`]).
pub struct LastKept {
    pub number: i64,
    pub der: Vec<u8>,
    pub entries: Vec<u8>,
}

/// The CA's last CRL with its stored entries, if kept ([`set_last_crl`]).
pub fn last_kept(tx: &Tx, ca_id: Id) -> Result<Option<LastKept>> {
    tx.row_opt(
        "SELECT last_number, last_der, last_entries FROM ca_crl
         WHERE ca_id = ?1 AND last_der IS NOT NULL AND last_entries IS NOT NULL",
        &[&ca_id],
        |r| {
            Ok(LastKept {
                number: r.get(0)?,
                der: r.get(1)?,
                entries: r.get(2)?,
            })
        },
    )
}

/// The stored entries of the CA's last CRL ([`set_last_crl`]), if any.
pub fn last_entries(tx: &Tx, ca_id: Id) -> Result<Option<Vec<u8>>> {
    Ok(tx
        .row_opt(
            "SELECT last_entries FROM ca_crl WHERE ca_id = ?1",
            &[&ca_id],
            |r| r.get::<Option<Vec<u8>>>(0),
        )?
        .flatten())
}

/// The CA's last CRL, if it issued one since the registry keeps them (schema v5).
pub fn last_crl(tx: &Tx, ca_id: Id) -> Result<Option<LastCrl>> {
    tx.row_opt(
        "SELECT last_number, last_this_update, last_next_update, last_der FROM ca_crl
         WHERE ca_id = ?1 AND last_der IS NOT NULL",
        &[&ca_id],
        |r| {
            Ok(LastCrl {
                number: r.get(0)?,
                this_update: r.get(1)?,
                next_update: r.get(2)?,
                der: r.get(3)?,
            })
        },
    )
}
