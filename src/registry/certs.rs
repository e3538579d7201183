//! Queries for certificates and the slots they are issued into (D4–D13).

use super::Tx;
use super::backend::dialect::json_ids;
use super::backend::error::constraint;
use super::backend::{BackendError, Dialect, Param, Row, Sql, SqlExt, Value};
use super::error::RegistryError;
use crate::error::Result;
use crate::model::{Algo, Cert, CertKind, CertStatus, Id, PersonRef, SlotState, Stamp};

pub struct NewCert<'a> {
    pub slot_id: Option<Id>,
    pub ca_id: Option<Id>,
    pub org_id: Option<Id>,
    pub kind: CertKind,
    pub owner_person_id: Option<Id>,
    pub holder_person_id: Option<Id>,
    pub serial_hex: &'a str,
    pub issuer_dn: &'a str,
    pub subject_dn: &'a str,
    pub algo: Algo,
    pub not_before: Stamp,
    pub not_after: Stamp,
    pub cert_der: &'a [u8],
    pub key_sealed: &'a [u8],
    pub replaces_cert_id: Option<Id>,
    pub bound_person_id: Option<Id>,
    pub bound_at: Option<Stamp>,
    pub at: Stamp,
}

pub(super) const SELECT: &str = "SELECT c.id, c.slot_id, c.ca_id, c.org_id, c.kind, c.serial_hex,
        c.issuer_dn, c.subject_dn, c.algo, c.not_before, c.not_after, c.cert_der, c.key_sealed,
        c.status, c.revoked_at, c.revoke_reason, c.wrong_pins, c.locked,
        ow.id, ow.name, ho.id, ho.name, bo.id, bo.name, c.bound_at, c.replaces_cert_id,
        c.created_at,
        (SELECT min(nx.id) FROM certs nx
          WHERE nx.replaces_cert_id = c.id AND nx.replaces_cert_id IS NOT NULL)
    FROM certs c
    LEFT JOIN persons ow ON ow.id = c.owner_person_id
    LEFT JOIN persons ho ON ho.id = c.holder_person_id
    LEFT JOIN persons bo ON bo.id = c.bound_person_id";

fn from_row(r: &Row) -> Result<Cert> {
    let person = |i: usize| -> Result<Option<PersonRef>> {
        let id: Option<Id> = r.get(i)?;
        let name: Option<String> = r.get(i + 1)?;
        Ok(id.zip(name).map(|(id, name)| PersonRef { id, name }))
    };
    Ok(Cert {
        id: r.get(0)?,
        slot_id: r.get(1)?,
        ca_id: r.get(2)?,
        org_id: r.get(3)?,
        kind: r.get(4)?,
        serial_hex: r.get(5)?,
        issuer_dn: r.get(6)?,
        subject_dn: r.get(7)?,
        algo: r.get(8)?,
        not_before: r.get(9)?,
        not_after: r.get(10)?,
        cert_der: r.get(11)?,
        key_sealed: r.get(12)?,
        status: r.get(13)?,
        revoked_at: r.get(14)?,
        revoke_reason: r.get(15)?,
        wrong_pins: r.get(16)?,
        locked: r.get::<i64>(17)? != 0,
        owner: person(18)?,
        holder: person(20)?,
        bound: person(22)?,
        bound_at: r.get(24)?,
        replaces_cert_id: r.get(25)?,
        created_at: r.get(26)?,
        replaced_by: r.get(27)?,
    })
}

/// Inserts a certificate. `Ok(None)` means the serial is already taken at this issuer (the
/// caller draws a new one); every other constraint failure is an error.
pub fn insert(tx: &Tx, c: &NewCert) -> Result<Option<Id>> {
    // A taken serial skips the row (no id back) rather than failing the statement: on
    // PostgreSQL a failed statement aborts the whole transaction (see `dialect`).
    let res = tx.query_opt(
        "INSERT INTO certs (slot_id, ca_id, org_id, kind, owner_person_id, holder_person_id,
             serial_hex, issuer_dn, subject_dn, algo, not_before, not_after, cert_der,
             key_sealed, replaces_cert_id, bound_person_id, bound_at, created_at,
             sha256, key_sha256)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,
             ?19, ?20)
         ON CONFLICT (ca_id, serial_hex) WHERE ca_id IS NOT NULL DO NOTHING
         RETURNING id",
        &[
            &c.slot_id,
            &c.ca_id,
            &c.org_id,
            &c.kind,
            &c.owner_person_id,
            &c.holder_person_id,
            &c.serial_hex,
            &c.issuer_dn,
            &c.subject_dn,
            &c.algo,
            &c.not_before,
            &c.not_after,
            &c.cert_der,
            &c.key_sealed,
            &c.replaces_cert_id,
            &c.bound_person_id,
            &c.bound_at,
            &c.at,
            &sha256_hex(c.cert_der),
            &key_sha256(c.cert_der),
        ],
    );
    match res {
        Ok(Some(row)) => Ok(Some(row.get(0)?)),
        Ok(None) => Ok(None),
        // Only a certificate of a slot can collide on it (`one_live_cert_per_slot`).
        Err(e) => Err(match c.slot_id {
            Some(slot) => constraint(e, |m| {
                if m.contains("slot_id") || m.contains("one_live_cert_per_slot") {
                    RegistryError::SlotHasCertificate { slot }.into()
                } else {
                    BackendError::Constraint {
                        message: m.to_string(),
                    }
                    .into()
                }
            }),
            None => e,
        }),
    }
}

pub fn get(tx: &Tx, id: Id) -> Result<Option<Cert>> {
    // Prepared once: a listing reads a page of rows (1,000) one by one.
    tx.query_opt(&format!("{SELECT} WHERE c.id = ?1"), &[&id])?
        .map(|r| from_row(&r))
        .transpose()
}

pub fn require(tx: &Tx, id: Id) -> Result<Cert> {
    get(tx, id)?.ok_or_else(|| RegistryError::CertNotFound { cert: id }.into())
}

/// Certificates, newest first within each enterprise; `org_id` narrows.
pub fn list(tx: &Tx, org_id: Option<Id>) -> Result<Vec<Cert>> {
    let rows = match org_id {
        Some(o) => tx.query(
            &format!("{SELECT} WHERE c.org_id = ?1 ORDER BY c.id"),
            &[&o],
        )?,
        None => tx.query(&format!("{SELECT} ORDER BY c.id"), &[])?,
    };
    rows.iter().map(from_row).collect()
}

/// What `cert list` narrows to; every field that is set must hold.
#[derive(Debug, Default)]
pub struct Query<'a> {
    pub org_id: Option<Id>,
    /// Owner, holder or bound account.
    pub person_id: Option<Id>,
    /// A serial as [`normalize_serial`] makes it.
    pub serial: Option<&'a str>,
    /// Active certificates whose validity ends after the first time and before the second.
    pub active_ending: Option<(Stamp, Stamp)>,
}

/// The SQL form of a serial that `serial_matches` compares: upper-case hex without colons,
/// spaces or leading zeros.
pub fn normalize_serial(hex: &str) -> String {
    let digits: String = hex
        .chars()
        .filter(|c| !matches!(c, ':' | ' '))
        .collect::<String>()
        .to_uppercase();
    digits.trim_start_matches('0').to_string()
}

/// Certificates matching `q`, in id order.
pub fn find(tx: &Tx, q: &Query) -> Result<Vec<Cert>> {
    let (cond, args) = conditions(q);
    tx.query(
        &format!("{SELECT} WHERE {cond} ORDER BY c.id"),
        &params(&args),
    )?
    .iter()
    .map(from_row)
    .collect()
}

/// `q` as an SQL condition on `certs c` and its parameters: only the fields that are set, so
/// each is an index lookup (`certs_by_org`, `certs_by_owner` / `_holder` / `_bound`,
/// `certs_by_serial`, `certs_active_by_end`; migration 0009).
fn conditions(q: &Query) -> (String, Vec<Value>) {
    let mut cond = vec!["1 = 1".to_string()];
    let mut args: Vec<Value> = Vec::new();
    if let Some(o) = q.org_id {
        args.push(Value::Integer(o));
        cond.push(format!("c.org_id = ?{}", args.len()));
    }
    if let Some(p) = q.person_id {
        args.push(Value::Integer(p));
        let n = args.len();
        cond.push(format!(
            "(c.owner_person_id = ?{n} OR c.holder_person_id = ?{n} OR c.bound_person_id = ?{n})"
        ));
    }
    if let Some(s) = q.serial {
        args.push(Value::Text(s.to_string()));
        cond.push(format!(
            "ltrim(replace(upper(c.serial_hex), ':', ''), '0') = ?{}",
            args.len()
        ));
    }
    if let Some((from, to)) = q.active_ending {
        args.push(Value::Text(from.text()));
        args.push(Value::Text(to.text()));
        let n = args.len();
        cond.push(format!(
            "c.status = 'active' AND c.not_after > ?{} AND c.not_after < ?{n}",
            n - 1
        ));
    }
    (cond.join(" AND "), args)
}

/// What a listing needs to decide a certificate's D12 state without reading the rest.
#[derive(Debug, Clone)]
pub struct StateRow {
    pub id: Id,
    pub status: CertStatus,
    pub locked: bool,
    pub not_after: Stamp,
}

impl StateRow {
    /// From a row of `id, status, locked, not_after`.
    fn of(r: &Row) -> Result<StateRow> {
        Ok(StateRow {
            id: r.get(0)?,
            status: r.get(1)?,
            locked: r.get::<i64>(2)? != 0,
            not_after: r.get(3)?,
        })
    }
}

/// Calls `visit` on the state of every certificate matching `q`, in id order, until it
/// returns `false`. Only the few columns of [`StateRow`] are read: a page of a listing
/// skips the rows before it, and reads whole rows ([`get`]) only for those it shows.
pub fn each_state(tx: &Tx, q: &Query, mut visit: impl FnMut(StateRow) -> bool) -> Result<()> {
    let (sql, args) = state_sql(q, None);
    tx.each(&sql, &params(&args), &mut |r| Ok(visit(StateRow::of(&r)?)))
}

/// [`each_state`] from certificate `from` on (that id or greater), for the rest of a listing
/// whose start [`nth_id`] found.
pub fn each_state_from(
    tx: &Tx,
    q: &Query,
    from: Id,
    mut visit: impl FnMut(StateRow) -> bool,
) -> Result<()> {
    let (sql, args) = state_sql(q, Some(from));
    tx.each(&sql, &params(&args), &mut |r| Ok(visit(StateRow::of(&r)?)))
}

/// The id of the certificate `n` rows into those matching `q` in id order (`Ok`), or how
/// many match when `n` or fewer do (`Err`). Where a listing with no filter outside SQL
/// begins its page: the database steps over the rows before it (`OFFSET`), where reading
/// them one by one cost 1.5 µs each (225 ms for `cert list --offset 150000`).
pub fn nth_id(tx: &Tx, q: &Query, n: usize) -> Result<std::result::Result<Id, usize>> {
    let (cond, mut args) = conditions(q);
    args.push(Value::Integer(i64::try_from(n).unwrap_or(i64::MAX)));
    let found = tx.query_opt(
        &format!(
            "SELECT c.id FROM certs c WHERE {cond} ORDER BY c.id LIMIT 1 OFFSET ?{}",
            args.len()
        ),
        &params(&args),
    )?;
    if let Some(r) = found {
        return Ok(Ok(r.get(0)?));
    }
    args.pop();
    let count: i64 = tx
        .query_one(
            &format!("SELECT count(*) FROM certs c WHERE {cond}"),
            &params(&args),
        )?
        .get(0)?;
    Ok(Err(usize::try_from(count).unwrap_or(0)))
}

/// The certificates of `ids` (in id order, as a listing keeps them), read a few hundred at a
/// time rather than one statement each.
pub fn get_many(tx: &Tx, ids: &[Id]) -> Result<Vec<Cert>> {
    const AT_ONCE: usize = 250;
    let mut out = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(AT_ONCE) {
        let marks: Vec<String> = (1..=chunk.len()).map(|i| format!("?{i}")).collect();
        let args: Vec<Value> = chunk.iter().map(|&id| Value::Integer(id)).collect();
        let rows = tx.query(
            &format!(
                "{SELECT} WHERE c.id IN ({}) ORDER BY c.id",
                marks.join(", ")
            ),
            &params(&args),
        )?;
        // In id order (ORDER BY), each once: taken out as `ids` name them.
        let mut found: Vec<Option<Cert>> = rows
            .iter()
            .map(|r| from_row(r).map(Some))
            .collect::<Result<_>>()?;
        let found_ids: Vec<Id> = found.iter().flatten().map(|c| c.id).collect();
        for &id in chunk {
            let cert = found_ids
                .binary_search(&id)
                .ok()
                .and_then(|i| found.get_mut(i))
                .and_then(Option::take);
            match cert {
                Some(c) => out.push(c),
                None => return Err(RegistryError::CertNotFound { cert: id }.into()),
            }
        }
    }
    Ok(out)
}

/// [`each_state`]'s query and its parameters; from certificate `from` on when given
/// ([`each_state_from`]).
pub(super) fn state_sql(q: &Query, from: Option<Id>) -> (String, Vec<Value>) {
    let (mut cond, mut args) = conditions(q);
    if let Some(from) = from {
        args.push(Value::Integer(from));
        cond = format!("{cond} AND c.id >= ?{}", args.len());
    }
    let sql = format!(
        "SELECT c.id, c.status, c.locked, c.not_after FROM certs c WHERE {cond} ORDER BY c.id"
    );
    (sql, args)
}

/// The certificate that replaced `id` first (reissue or extension), if any.
/// The ids of the certificates whose `replaces_cert_id` is `id` (a column: only a lead to
/// the keyed event that replaced it), through `certs_by_replaced`.
pub fn replaced_by(tx: &Tx, id: Id) -> Result<Vec<Id>> {
    ids(
        tx,
        "SELECT id FROM certs WHERE replaces_cert_id = ?1 AND replaces_cert_id IS NOT NULL",
        &[&id],
    )
}

pub fn successor(tx: &Tx, id: Id) -> Result<Option<Cert>> {
    tx.query_opt(
        &format!(
            "{SELECT} WHERE c.replaces_cert_id = ?1 AND c.replaces_cert_id IS NOT NULL
             ORDER BY c.id LIMIT 1"
        ),
        &[&id],
    )?
    .map(|r| from_row(&r))
    .transpose()
}

/// How many certificates registry CA `ca_id` signed.
pub fn count_of_ca(tx: &Tx, ca_id: Id) -> Result<usize> {
    let n: i64 = tx
        .query_one(
            "SELECT count(*) FROM certs WHERE ca_id = ?1 AND ca_id IS NOT NULL",
            &[&ca_id],
        )?
        .get(0)?;
    Ok(usize::try_from(n).unwrap_or(0))
}

/// The ids of the certificates a person owns, holds or has bound.
pub fn ids_of_person(tx: &Tx, person_id: Id) -> Result<Vec<Id>> {
    ids(
        tx,
        "SELECT id FROM certs
         WHERE owner_person_id = ?1 OR holder_person_id = ?1 OR bound_person_id = ?1
         ORDER BY id",
        &[&person_id],
    )
}

/// Every certificate of `cert_id`'s line of replacements (reissue D8, extension D9): those
/// it replaced, those that replaced it, and itself; in id order.
pub fn chain_ids(tx: &Tx, cert_id: Id) -> Result<Vec<Id>> {
    let mut seen = std::collections::BTreeSet::from([cert_id]);
    let mut todo = vec![cert_id];
    while let Some(id) = todo.pop() {
        let before: Option<Id> = tx
            .query_opt("SELECT replaces_cert_id FROM certs WHERE id = ?1", &[&id])?
            .map(|r| r.get(0))
            .transpose()?
            .flatten();
        let after = ids(
            tx,
            "SELECT id FROM certs WHERE replaces_cert_id = ?1",
            &[&id],
        )?;
        for next in before.into_iter().chain(after) {
            if seen.insert(next) {
                todo.push(next);
            }
        }
    }
    Ok(seen.into_iter().collect())
}

/// A certificate some CA may have to list on its CRL (revoked or on hold as its keyed events
/// say, of every CA: which CA's CRL lists one is what its history event says, not its
/// `ca_id`); with the columns an entry needs and the events that made it: what `crl` reads,
/// in one query (the primary key, then `events_object` per certificate), never bodies or keys.
#[derive(Debug, Clone)]
pub struct OnCrl {
    pub id: Id,
    pub ca_id: Option<Id>,
    pub serial_hex: String,
    pub status: CertStatus,
    pub revoked_at: Option<Stamp>,
    pub revoke_reason: Option<String>,
    pub frozen_at: Option<Stamp>,
    pub created_at: Stamp,
    /// The events about `cert:<id>` with one of the actions asked for, whatever their outcome,
    /// oldest first, as stored (their MACs checked, then the refused skipped:
    /// `anchor::crl_identities`).
    pub made_by: Vec<super::events::StoredEvent>,
}

/// [`revoked_ids`]'s query (`?1`: the CA): from `certs_revoked_by_ca` alone (migration 0017).
pub(super) const REVOKED_IDS: &str =
    "SELECT id FROM certs WHERE revoked_at IS NOT NULL AND ca_id = ?1 ORDER BY id";

/// The certificates of CA `ca_id` whose row says revoked. `revoked_at` is set once (a trigger
/// refuses clearing or changing it): `crl` checks each against its keyed events, and one the
/// history does not revoke refuses the CA's CRL. A certificate's CA never changes (a trigger
/// refuses it either), so another CA's rows are not this CA's CRL's business.
pub fn revoked_ids(tx: &Tx, ca_id: Id) -> Result<Vec<Id>> {
    ids(tx, REVOKED_IDS, &[&ca_id])
}

/// [`each_on_crl`]'s query (`?1`: the actions, `?2`: the certificates' ids, JSON arrays).
pub(super) fn on_crl_sql(d: Dialect) -> String {
    format!(
        "SELECT c.id, c.ca_id, c.serial_hex, c.status, c.revoked_at,
            c.revoke_reason, c.frozen_at, c.created_at,
            e.seq, e.at, e.actor, e.action, e.object, e.org_id, e.person_id, e.cert_id,
            e.outcome, e.details, e.prev_hash, e.hash, e.host, e.os_user
        FROM certs c
        LEFT JOIN events e ON e.object = 'cert:' || c.id
             AND e.action IN ({})
        WHERE c.id IN ({})
        ORDER BY c.id",
        super::backend::dialect::json_texts(d, 1),
        json_ids(d, 2)
    )
}

/// Calls `visit` with certificates `ids` (those the keyed history says go on a CRL), in id
/// order, `batch` at a time (memory stays bounded by a batch whatever the number of
/// entries), each with its events among `made_by`.
pub fn each_on_crl(
    tx: &Tx,
    ids: &[Id],
    made_by: &[&str],
    batch: usize,
    mut visit: impl FnMut(Vec<OnCrl>) -> Result<()>,
) -> Result<()> {
    let actions = serde_json::to_string(made_by)?;
    let ids = serde_json::to_string(ids)?;
    let mut out: Vec<OnCrl> = Vec::with_capacity(batch);
    tx.each(&on_crl_sql(tx.dialect()), &[&actions, &ids], &mut |r| {
        let r = &r;
        let id: Id = r.get(0)?;
        let event = match r.get::<Option<Id>>(8)? {
            Some(_) => Some(super::events::stored_from_columns(r, 8)?),
            None => None,
        };
        if let Some(last) = out.last_mut().filter(|c| c.id == id) {
            last.made_by.extend(event);
            return Ok(true);
        }
        if out.len() == batch {
            visit(oldest_first(std::mem::replace(
                &mut out,
                Vec::with_capacity(batch),
            )))?;
        }
        out.push(OnCrl {
            id,
            ca_id: r.get(1)?,
            serial_hex: r.get(2)?,
            status: r.get(3)?,
            revoked_at: r.get(4)?,
            revoke_reason: r.get(5)?,
            frozen_at: r.get(6)?,
            created_at: r.get(7)?,
            made_by: event.into_iter().collect(),
        });
        Ok(true)
    })?;
    if !out.is_empty() {
        visit(oldest_first(out))?;
    }
    Ok(())
}

/// The index gives each certificate's events by action: in history order for the caller.
fn oldest_first(mut batch: Vec<OnCrl>) -> Vec<OnCrl> {
    for c in &mut batch {
        c.made_by.sort_by_key(|e| e.seq);
    }
    batch
}

pub fn set_status(
    tx: &Tx,
    id: Id,
    status: CertStatus,
    revoked_at: Option<Stamp>,
    reason: Option<&str>,
) -> Result<()> {
    tx.execute(
        "UPDATE certs SET status = ?2, revoked_at = coalesce(?3, revoked_at),
                          revoke_reason = coalesce(?4, revoke_reason)
         WHERE id = ?1",
        &[&id, &status, &revoked_at, &reason],
    )?;
    Ok(())
}

/// Counts one PIN attempt *before* it is checked (D11): `Some(count)` including this one,
/// or `None` when `limit` attempts are already counted (nothing changed then).
pub fn reserve_pin_attempt(tx: &Tx, id: Id, limit: i64) -> Result<Option<i64>> {
    tx.query_opt(
        "UPDATE certs SET wrong_pins = wrong_pins + 1
         WHERE id = ?1 AND wrong_pins < ?2 RETURNING wrong_pins",
        &[&id, &limit],
    )?
    .map(|r| r.get(0))
    .transpose()
}

/// Locks a certificate (D11): only a reissue makes it usable again.
pub fn lock(tx: &Tx, id: Id) -> Result<()> {
    tx.execute("UPDATE certs SET locked = 1 WHERE id = ?1", &[&id])?;
    Ok(())
}

/// A right PIN takes back the `counted` attempts its reservation saw (its own and those
/// before it); attempts counted after it stay.
pub fn settle_right_pin(tx: &Tx, id: Id, counted: i64) -> Result<()> {
    tx.execute(
        "UPDATE certs SET wrong_pins = CASE WHEN wrong_pins > ?2 THEN wrong_pins - ?2 ELSE 0 END
         WHERE id = ?1",
        &[&id, &counted],
    )?;
    Ok(())
}

/// A wrong PIN stays counted; the certificate locks once `limit` are. Returns (count, locked).
pub fn settle_wrong_pin(tx: &Tx, id: Id, limit: i64) -> Result<(i64, bool)> {
    let r = tx.query_one(
        "UPDATE certs SET locked = CASE WHEN wrong_pins >= ?2 THEN 1 ELSE locked END
         WHERE id = ?1 RETURNING wrong_pins, locked",
        &[&id, &limit],
    )?;
    Ok((r.get(0)?, r.get::<i64>(1)? != 0))
}

/// Records when a certificate went on hold (or, with `None`, clears it).
pub fn set_frozen_at(tx: &Tx, id: Id, at: Option<Stamp>) -> Result<()> {
    tx.execute("UPDATE certs SET frozen_at = ?2 WHERE id = ?1", &[&id, &at])?;
    Ok(())
}

/// When a certificate went on hold.
pub fn frozen_at(tx: &Tx, id: Id) -> Result<Option<Stamp>> {
    tx.query_one("SELECT frozen_at FROM certs WHERE id = ?1", &[&id])?
        .get(0)
}

// ---- lookup keys (migration 0011) -------------------------------------------------------------

/// A certificate body's SHA-256 fingerprint as the `sha256` column holds it: upper-case hex,
/// no colons.
pub fn sha256_hex(der: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    crate::hex::encode(&Sha256::digest(der)).to_ascii_uppercase()
}

/// The SHA-256 of a certificate body's public key (its DER SubjectPublicKeyInfo) as the
/// `key_sha256` column holds it; `None` when the body does not parse.
pub fn key_sha256(der: &[u8]) -> Option<String> {
    use der::{Decode, Encode};
    let cert = x509_cert::Certificate::from_der(der).ok()?;
    let spki = cert
        .tbs_certificate()
        .subject_public_key_info()
        .to_der()
        .ok()?;
    Some(sha256_hex(&spki))
}

/// Fills migration 0011's lookup keys of the rows that have none, from their bodies, in the
/// migration's transaction: SQLite has no SHA-256 function, and computing them at every open
/// would read every body each time.
pub(super) fn backfill_lookup_keys(conn: &rusqlite::Connection) -> Result<()> {
    let mut read = conn.prepare("SELECT id, cert_der FROM certs WHERE sha256 IS NULL")?;
    let mut write = conn.prepare("UPDATE certs SET sha256 = ?2, key_sha256 = ?3 WHERE id = ?1")?;
    let mut rows = read.query([])?;
    while let Some(r) = rows.next()? {
        let id: Id = r.get(0)?;
        let der: Vec<u8> = r.get(1)?;
        let der = der.as_slice();
        write.execute(rusqlite::params![id, sha256_hex(der), key_sha256(der)])?;
    }
    Ok(())
}

/// [`by_sha256`]'s condition, after [`SELECT`] (`certs_by_sha256`).
pub(super) const BY_SHA256: &str = " WHERE c.sha256 = ?1 ORDER BY c.id";

/// [`by_key`]'s condition, after [`SELECT`] (`certs_by_key`).
pub(super) const BY_KEY: &str = " WHERE c.key_sha256 = ?1 ORDER BY c.id";

/// The certificates whose `sha256` column is `fingerprint` (upper-case hex, no colons), in
/// id order: candidates only, the caller checks their bodies.
pub fn by_sha256(tx: &Tx, fingerprint: &str) -> Result<Vec<Cert>> {
    tx.query(&format!("{SELECT}{BY_SHA256}"), &[&fingerprint])?
        .iter()
        .map(from_row)
        .collect()
}

/// The certificates whose `key_sha256` column is `key` ([`key_sha256`]), in id order:
/// candidates only, the caller checks their bodies.
pub fn by_key(tx: &Tx, key: &str) -> Result<Vec<Cert>> {
    tx.query(&format!("{SELECT}{BY_KEY}"), &[&key])?
        .iter()
        .map(from_row)
        .collect()
}

/// The certificate with exactly these DER bytes (the same SHA-256 fingerprint), if the
/// registry has it: how an import recognises a certificate it already holds. Issuer and
/// serial are claims anyone can copy into a forgery; the bytes are the certificate.
pub fn find_by_der(tx: &Tx, der: &[u8]) -> Result<Option<Id>> {
    tx.query_opt(
        "SELECT id FROM certs WHERE cert_der = ?1 ORDER BY id LIMIT 1",
        &[&der],
    )?
    .map(|r| r.get(0))
    .transpose()
}

/// The certificate with this issuer and serial, if the registry has it. Two imported
/// certificates of another CA may share both (one of them forged): this one prefers a
/// certificate of a registry CA, whose serials are unique (D14), then the oldest.
pub fn find_by_serial(tx: &Tx, issuer_dn: &str, serial_hex: &str) -> Result<Option<Id>> {
    tx.query_opt(
        "SELECT id FROM certs WHERE issuer_dn = ?1 AND serial_hex = ?2
         ORDER BY ca_id IS NULL, id LIMIT 1",
        &[&issuer_dn, &serial_hex],
    )?
    .map(|r| r.get(0))
    .transpose()
}

pub fn set_holder(tx: &Tx, id: Id, person_id: Id) -> Result<()> {
    tx.execute(
        "UPDATE certs SET holder_person_id = ?2 WHERE id = ?1",
        &[&id, &person_id],
    )?;
    Ok(())
}

/// Binds to an account (D13) or, with `None`, unbinds.
pub fn set_binding(tx: &Tx, id: Id, person_id: Option<Id>, at: Option<Stamp>) -> Result<()> {
    tx.execute(
        "UPDATE certs SET bound_person_id = ?2, bound_at = ?3 WHERE id = ?1",
        &[&id, &person_id, &at],
    )
    .map_err(|e| match person_id {
        Some(person) => constraint(e, |_| {
            RegistryError::AccountAlreadyBound { cert: id, person }.into()
        }),
        None => e,
    })?;
    Ok(())
}

/// The certificate an account has bound in an enterprise, if any.
pub fn bound_to(tx: &Tx, org_id: Option<Id>, person_id: Id) -> Result<Option<Cert>> {
    tx.query_opt(
        &format!("{SELECT} WHERE c.org_id IS NOT DISTINCT FROM ?1 AND c.bound_person_id = ?2"),
        &[&org_id, &person_id],
    )?
    .map(|r| from_row(&r))
    .transpose()
}

// ---- slots ----------------------------------------------------------------------------

/// A slot with the ids the domain needs.
#[derive(Debug, Clone)]
pub struct SlotRow {
    pub id: Id,
    pub org_id: Id,
    pub kind: CertKind,
    pub state: SlotState,
    pub owner_person_id: Option<Id>,
    pub holder_person_id: Option<Id>,
}

const SLOT: &str = "SELECT id, org_id, kind, state, owner_person_id, holder_person_id FROM slots";

fn slot_from_row(r: &Row) -> Result<SlotRow> {
    Ok(SlotRow {
        id: r.get(0)?,
        org_id: r.get(1)?,
        kind: r.get(2)?,
        state: r.get(3)?,
        owner_person_id: r.get(4)?,
        holder_person_id: r.get(5)?,
    })
}

/// The certificate a slot was issued as (not a superseded one), if any.
pub fn live_for_slot(tx: &Tx, slot_id: Id) -> Result<Option<Id>> {
    tx.query_opt(
        "SELECT id FROM certs WHERE slot_id = ?1 AND status <> 'superseded'",
        &[&slot_id],
    )?
    .map(|r| r.get(0))
    .transpose()
}

pub fn slot(tx: &Tx, id: Id) -> Result<SlotRow> {
    tx.query_opt(&format!("{SLOT} WHERE id = ?1"), &[&id])?
        .map(|r| slot_from_row(&r))
        .transpose()?
        .ok_or_else(|| RegistryError::SlotNotFound { slot: id }.into())
}

pub fn assign_slot(tx: &Tx, id: Id, owner: Id, holder: Id, at: Stamp) -> Result<()> {
    tx.execute(
        "UPDATE slots SET state = 'assigned', owner_person_id = ?2, holder_person_id = ?3,
                          assigned_at = ?4
         WHERE id = ?1",
        &[&id, &owner, &holder, &at],
    )
    .map_err(|e| constraint(e, |_| RegistryError::OwnerPermanent { slot: id }.into()))?;
    Ok(())
}

/// Marks a slot used; `false` if it was not in `from_state` (another process took it).
pub fn use_slot(tx: &Tx, id: Id, from_state: SlotState) -> Result<bool> {
    Ok(tx.execute(
        "UPDATE slots SET state = 'used' WHERE id = ?1 AND state = ?2",
        &[&id, &from_state],
    )? == 1)
}

/// Sets a consumed slot's owner and holder (extension, D9) and marks it used.
pub fn consume_slot(
    tx: &Tx,
    id: Id,
    owner: Option<Id>,
    holder: Option<Id>,
    at: Stamp,
) -> Result<()> {
    tx.execute(
        "UPDATE slots SET state = 'used', owner_person_id = coalesce(owner_person_id, ?2),
                          holder_person_id = coalesce(holder_person_id, ?3),
                          assigned_at = coalesce(assigned_at, ?4)
         WHERE id = ?1",
        &[&id, &owner, &holder, &at],
    )?;
    Ok(())
}

/// An unused slot (D4: never imported) of `kind` in the enterprise's paid packages:
/// unassigned first, else one already assigned to `owner`.
pub fn unused_slot(
    tx: &Tx,
    org_id: Id,
    kind: CertKind,
    owner: Option<Id>,
) -> Result<Option<SlotRow>> {
    tx.query_opt(
        &format!(
            "{SLOT} WHERE org_id = ?1 AND kind = ?2
               AND (state = 'unassigned'
                    OR (state = 'assigned' AND owner_person_id IS NOT DISTINCT FROM ?3))
             ORDER BY state = 'assigned', id LIMIT 1"
        ),
        &[&org_id, &kind, &owner],
    )?
    .map(|r| slot_from_row(&r))
    .transpose()
}

/// Seal assignments of a certificate are cleared by reissue (D8).
pub fn clear_seal_assignments(tx: &Tx, cert_id: Id) -> Result<usize> {
    count(tx.execute(
        "DELETE FROM seal_assignments WHERE cert_id = ?1",
        &[&cert_id],
    )?)
}

/// Seal assignments follow a certificate through extension (D9: same holder, same seals).
pub fn move_seal_assignments(tx: &Tx, from: Id, to: Id) -> Result<usize> {
    count(tx.execute(
        "UPDATE seal_assignments SET cert_id = ?2 WHERE cert_id = ?1",
        &[&from, &to],
    )?)
}

/// Certificates a person owns or holds (`person show`, offboarding), oldest first.
pub fn of_person(tx: &Tx, person_id: Id) -> Result<Vec<Cert>> {
    tx.query(
        &format!("{SELECT} WHERE c.owner_person_id = ?1 OR c.holder_person_id = ?1 ORDER BY c.id"),
        &[&person_id],
    )?
    .iter()
    .map(from_row)
    .collect()
}

/// Records who chose certificate `id`'s PIN: a person, or the operator (`None`). See
/// migration 0007: the certificate proves who its holder is only with a PIN they chose.
pub fn set_pin_set_by(tx: &Tx, id: Id, person: Option<Id>) -> Result<()> {
    tx.execute(
        "UPDATE certs SET pin_set_by = ?2 WHERE id = ?1",
        &[&id, &person],
    )?;
    Ok(())
}

/// Who chose certificate `id`'s PIN: `Some(person)`, or `None` for the operator.
pub fn pin_set_by(tx: &Tx, id: Id) -> Result<Option<Id>> {
    tx.query_one("SELECT pin_set_by FROM certs WHERE id = ?1", &[&id])?
        .get(0)
}

/// Sets or clears the hold date of certificate `id` (see [`set_frozen_at`]) for a
/// certificate superseded keeping its key: held and released with its successor.
pub fn set_superseded_hold(tx: &Tx, id: Id, at: Option<Stamp>) -> Result<()> {
    tx.execute(
        "UPDATE certs SET frozen_at = ?2 WHERE id = ?1 AND status = 'superseded' AND revoked_at IS NULL",
        &[&id, &at],
    )?;
    Ok(())
}

/// Every certificate's id, enterprise and serial, in id order.
pub fn serials(tx: &Tx) -> Result<Vec<(Id, Option<Id>, String)>> {
    tx.rows(
        "SELECT id, org_id, serial_hex FROM certs ORDER BY id",
        &[],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )
}

/// The first column of every row, as ids.
fn ids(tx: &Tx, sql: &str, params: &[&dyn Param]) -> Result<Vec<Id>> {
    tx.query(sql, params)?.iter().map(|r| r.get(0)).collect()
}

/// Parameters as the backend takes them.
fn params(args: &[Value]) -> Vec<&dyn Param> {
    args.iter().map(|v| v as &dyn Param).collect()
}

/// A number of rows changed.
fn count(n: u64) -> Result<usize> {
    Ok(usize::try_from(n).unwrap_or(usize::MAX))
}
