//! Rows a reissue, an extension, a `--as` proof, a revocation and a hold rest on, taken from
//! what is anchored rather than from columns anyone with the registry file can edit (red
//! team 4; `anchor` anchors the certificate bodies themselves):
//!
//! * a replacement's subject (D5, D8, D9): the replaced certificate's signed subject and
//!   identity extension, its body anchored by fingerprint in its keyed event; a row (kind,
//!   owner, enterprise, ID number) that says otherwise refuses the reissue or extension;
//! * whom a certificate's PIN proves (D6): what the keyed events that set it say (issue or
//!   import by whom, reissue by the operator, an extension keeps it, a change of holder);
//! * which certificates share a key (D11): their anchored bodies' SubjectPublicKeyInfo;
//! * whether a certificate is on hold and since when (D11): its keyed freeze and unfreeze
//!   events, and those of certificates of the same key that held it with them.

use der::Encode;
use serde_json::Value;

use super::anchor;
use super::anchor_error::{Anchored, EventRef, RowDiff};
use super::ca::parse_cert;
use super::cert::{Subject, identity_extension, subject_name, subject_of};
use super::cert_error::{CertError, SubjectPart};
use crate::error::{Error, Result};
use crate::model::vocab::{CertKind, CertStatus};
use crate::model::{Cert, Event, Id, Stamp};
use crate::pki::dn::OU;
use crate::registry::{Tx, certs};

// ---- a replacement's subject ------------------------------------------------------------------

/// The subject a reissue or an extension of `cert` is made for: the one signed in `cert`
/// (whose body `anchor::require_cert` has checked against its keyed event). The rows it is
/// read from must say the same: otherwise someone changed them outside catool, and the CA
/// would sign another identity (D5: the owner never changes).
pub(crate) fn replacement_subject(tx: &Tx, cert: &Cert) -> Result<Subject> {
    let subject = subject_of(tx, cert)?;
    let signed = parse_cert(&cert.cert_der)?;
    let tbs = signed.tbs_certificate();
    let signed_kind = if tbs
        .subject()
        .iter()
        .any(|atv| atv.oid == OU && atv.value.value() == b"ORGANIZATION")
    {
        CertKind::Enterprise
    } else {
        CertKind::Personal
    };
    let differs = |part, row: String, signed: String| {
        Err(Error::from(CertError::SubjectDiffers {
            cert: cert.id,
            part,
            row,
            signed,
        }))
    };
    if signed_kind != subject.kind {
        return differs(
            SubjectPart::Kind,
            subject.kind.as_str().into(),
            signed_kind.as_str().into(),
        );
    }
    let row_name = subject_name(&subject)?;
    if row_name != *tbs.subject() {
        return differs(
            SubjectPart::Identity,
            row_name.to_string(),
            tbs.subject().to_string(),
        );
    }
    let wanted = identity_extension(&subject);
    let found = tbs.extensions().into_iter().flatten().find(|x| {
        [
            crate::pki::x509::OID_USCC,
            crate::pki::x509::OID_RESIDENT_ID_NUMBER,
            crate::pki::x509::OID_PASSPORT_NUMBER,
        ]
        .contains(&x.extn_id)
    });
    let same = match (&wanted, found) {
        (None, None) => true,
        (Some((oid, value)), Some(x)) => {
            let der = der::asn1::PrintableString::new(value)
                .ok()
                .and_then(|v| v.to_der().ok());
            *oid == x.extn_id && der.as_deref() == Some(x.extn_value.as_bytes())
        }
        _ => false,
    };
    if !same {
        let show = |o: Option<String>| o.unwrap_or_else(|| "-".into());
        return differs(
            SubjectPart::IdentityExtension,
            show(wanted.map(|(o, v)| format!("{o}={v}"))),
            show(found.map(|x| x.extn_id.to_string())),
        );
    }
    Ok(subject)
}

// ---- whom a PIN proves ------------------------------------------------------------------------

/// Whom a certificate's PIN proves, as its keyed history tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Proves {
    /// The person who chose it.
    Chooser(Id),
    /// The operator set it for the holder of the time (`holder`, when recorded).
    Holder(Option<Id>),
    /// The operator set it for a holder who has since been replaced (D5): nobody, until the
    /// operator reissues it.
    Nobody,
}

const PIN_EVENTS: &[&str] = &[
    "cert.issue",
    "cert.import",
    "cert.reissue",
    "cert.extend",
    "cert.holder",
];

/// A person the event's actor is (`person:N name`), or `None` for the operator.
fn actor_person(e: &Event) -> Option<Id> {
    e.actor
        .strip_prefix("person:")
        .and_then(|rest| rest.split(' ').next())
        .and_then(|n| n.parse().ok())
}

/// Whom a PIN proves, the holder and the owner (when recorded).
type PinState = (Proves, Option<Id>, Option<Id>);

/// Whom certificate `cert_id`'s PIN proves after its keyed events up to (not including)
/// `before`, its holder then and its owner (when recorded); `None` when its keyed history
/// does not say (no keyed event made it: added outside catool, or the history cannot be
/// checked).
fn pin_history(tx: &Tx, cert_id: Id, before: Option<Id>, depth: usize) -> Result<Option<PinState>> {
    let Ok(events) = anchor::keyed(
        tx,
        Anchored::Cert { id: cert_id },
        &format!("cert:{cert_id}"),
        PIN_EVENTS,
    )?
    else {
        return Ok(None);
    };
    let mut events = events
        .into_iter()
        .filter(|e| before.is_none_or(|b| e.seq < b));
    let Some(made) = events.next() else {
        return Ok(None);
    };
    let detail = |k: &str| made.details.get(k).and_then(Value::as_i64);
    let replaced = |tx: &Tx| match detail("replaces") {
        Some(old) if depth < 10_000 => pin_history(tx, old, Some(made.seq), depth + 1),
        _ => Ok(None),
    };
    let (mut proves, mut holder, owner) = match made.action.as_str() {
        "cert.issue" | "cert.import" => {
            // Recorded since red team 4; before, the actor who issued chose it.
            let chooser = match made.details.get("pin_set_by") {
                Some(v) => v.as_i64(),
                None => actor_person(&made),
            };
            let holder = detail("holder_id");
            // An issue names its owner; an import's holder is its owner.
            let owner = match made.action.as_str() {
                "cert.issue" => made.person_id,
                _ => holder,
            };
            match chooser {
                Some(p) => (Proves::Chooser(p), holder, owner),
                None => (Proves::Holder(holder), holder, owner),
            }
        }
        // The operator sets a reissue's PIN (D8), for the holder it carries.
        "cert.reissue" => match replaced(tx)? {
            Some((_, holder, owner)) => (Proves::Holder(holder), holder, owner),
            None => return Ok(None),
        },
        // An extension keeps the PIN.
        "cert.extend" => match replaced(tx)? {
            Some(state) => state,
            None => return Ok(None),
        },
        _ => return Ok(None),
    };
    for e in events.filter(|e| e.action == "cert.holder") {
        if e.person_id != holder {
            if let Proves::Holder(_) = proves {
                proves = Proves::Nobody;
            }
            holder = e.person_id;
        }
    }
    Ok(Some((proves, holder, owner)))
}

/// Refuses certificate `cert` when its owner or holder columns differ from what its keyed
/// events recorded (issue, import, the replaced certificate's for a reissue or extension, a
/// change of holder): a reissue, an extension or a change of holder would otherwise hand
/// the owner's identity to whoever the row names (D5). A fact older events did not record is
/// not compared.
pub(crate) fn require_parties(tx: &Tx, cert: &Cert) -> Result<()> {
    let Some((_, holder, owner)) = pin_history(tx, cert.id, None, 0)? else {
        // No keyed event made it: `anchor::require_cert` refuses it.
        return Ok(());
    };
    let stored = |p: &Option<crate::model::PersonRef>| p.as_ref().map(|p| p.id);
    for (column, row, history) in [
        ("owner_person_id", stored(&cert.owner), owner),
        ("holder_person_id", stored(&cert.holder), holder),
    ] {
        if history.is_some() && row != history {
            let show = |id: Option<Id>| id.map(|i| i.to_string());
            return Err(RowDiff::problem(
                Anchored::Cert { id: cert.id },
                column,
                show(row),
                show(history),
                None,
            )
            .into());
        }
    }
    Ok(())
}

/// Whether `cert`'s PIN proves `person_id` is who they say (`--as`): only a PIN they chose,
/// or one the operator set for them as its holder (migration 0007), as the keyed history
/// says. The `pin_set_by` column can only narrow that; one that says the operator set a PIN
/// a person chose was changed outside catool, and is refused.
pub(crate) fn pin_proves(tx: &Tx, cert: &Cert, person_id: Id) -> Result<bool> {
    // A row its keyed event did not make is refused as every use of a key refuses it.
    anchor::require_cert(tx, cert)?;
    let column = certs::pin_set_by(tx, cert.id)?;
    let Some((proves, ..)) = pin_history(tx, cert.id, None, 0)? else {
        return Err(CertError::PinHistoryMissing { cert: cert.id }.into());
    };
    if let (None, Proves::Chooser(_)) = (column, proves) {
        return Err(CertError::PinChooserDiffers { cert: cert.id }.into());
    }
    let history = match proves {
        Proves::Chooser(p) => p == person_id,
        Proves::Holder(h) => h.is_none_or(|h| h == person_id),
        Proves::Nobody => false,
    };
    Ok(history && column.is_none_or(|by| by == person_id))
}

// ---- the key ----------------------------------------------------------------------------------

/// A certificate body's public key (DER SubjectPublicKeyInfo).
fn key_of(der: &[u8]) -> Option<Vec<u8>> {
    parse_cert(der)
        .ok()
        .and_then(|c| c.tbs_certificate().subject_public_key_info().to_der().ok())
}

/// The other certificates whose anchored bodies carry `cert`'s public key (D11: revocation
/// and freezing are of the key), in id order. Which certificate replaced which is a column
/// anyone can edit; the key is in the body its keyed event anchors.
///
/// Found through the `key_sha256` index (migration 0011) and, as well, `cert`'s line of
/// replacements (where certificates of one key come from: extensions); neither column is
/// believed: each certificate found is kept only if its body carries the key and its row is
/// the one its keyed event made. A forged key column cannot add a certificate; hiding one
/// of the line needs its link columns forged too (which `log verify` reports).
pub(crate) fn same_key(tx: &Tx, cert: &Cert) -> Result<Vec<Cert>> {
    let Some(key) = key_of(&cert.cert_der) else {
        return Ok(Vec::new());
    };
    let mut found = certs::by_key(tx, &certs::sha256_hex(&key))?;
    for id in certs::chain_ids(tx, cert.id)? {
        if !found.iter().any(|c| c.id == id) {
            found.extend(certs::get(tx, id)?);
        }
    }
    found.sort_by_key(|c| c.id);
    let mut out = Vec::new();
    for c in found {
        if c.id != cert.id
            && key_of(&c.cert_der).as_ref() == Some(&key)
            && anchor::cert_problem(tx, &c)?.is_none()
        {
            out.push(c);
        }
    }
    Ok(out)
}

/// The certificates of `cert`'s key superseded without being revoked (extensions that kept
/// it): revoked and held with it.
pub(crate) fn superseded_with_same_key(tx: &Tx, cert: &Cert) -> Result<Vec<Id>> {
    Ok(same_key(tx, cert)?
        .into_iter()
        .filter(|c| c.status == CertStatus::Superseded && c.revoked_at.is_none())
        .map(|c| c.id)
        .collect())
}

/// A live certificate (not superseded, not revoked) that carries superseded `cert`'s key: a
/// revocation or hold of that key goes through it (it takes `cert` along).
pub(crate) fn live_successor(tx: &Tx, cert: &Cert) -> Result<Option<Id>> {
    Ok(same_key(tx, cert)?
        .into_iter()
        .find(|c| !matches!(c.status, CertStatus::Superseded | CertStatus::Revoked))
        .map(|c| c.id))
}

/// Since when `c` is on hold (D11), as the keyed history says: the latest keyed
/// `cert.freeze` or `cert.unfreeze` that concerns it (about it, or holding or releasing it
/// with a certificate of its key, `also_held`) is a freeze. `None`: not on hold, or its
/// history cannot be read (the row is then not believed: `anchor::cert_problem`).
pub(crate) fn held_since(tx: &Tx, c: &Cert) -> Result<Option<Stamp>> {
    let mut latest: Option<Event> = None;
    let mut objects = vec![c.id];
    if c.status == CertStatus::Superseded {
        objects.extend(same_key(tx, c)?.into_iter().map(|o| o.id));
    }
    for object in objects {
        let Ok(events) = anchor::keyed(
            tx,
            Anchored::Cert { id: object },
            &format!("cert:{object}"),
            &["cert.freeze", "cert.unfreeze"],
        )?
        else {
            return Ok(None);
        };
        for e in events {
            let concerns = object == c.id
                || e.details
                    .get("also_held")
                    .and_then(Value::as_array)
                    .is_some_and(|ids| ids.iter().any(|i| i.as_i64() == Some(c.id)));
            if concerns && latest.as_ref().is_none_or(|l| l.seq < e.seq) {
                latest = Some(e);
            }
        }
    }
    Ok(latest.filter(|e| e.action == "cert.freeze").map(|e| {
        e.details
            .get("frozen_at")
            .and_then(Value::as_str)
            .and_then(Stamp::parse)
            .unwrap_or(e.at)
    }))
}

// ---- consecutive wrong PINs -------------------------------------------------------------------

/// Refuses a wrong-PIN count lower than the keyed history says (D11: five wrong PINs in a row
/// lock a certificate): every wrong PIN and every reset by a right one is a `cert.pin` event,
/// so the newest one holds the count; a column set back with one UPDATE (red team 6) would
/// otherwise allow any number of guesses. Higher is allowed: attempts still being checked are
/// counted before their event is written. Runs inside the transaction that reserves an attempt.
pub(crate) fn require_wrong_pins(tx: &Tx, cert: &Cert) -> Result<()> {
    let Some(s) = crate::registry::events::last_pin_event(tx, &format!("cert:{}", cert.id))? else {
        return Ok(());
    };
    let of = Anchored::Cert { id: cert.id };
    let event = EventRef {
        seq: s.seq,
        action: s.action.clone(),
    };
    if !super::history::authentic(tx, &s)? {
        return Err(anchor::Problem::EventAltered { of, event }.into());
    }
    // A history re-keyed from schema v1 did not record every reset: its older counts prove
    // nothing.
    if super::history::rekeyed_at(tx)?.is_some_and(|at| s.seq < at) {
        return Ok(());
    }
    let keyed = s
        .event()
        .ok()
        .and_then(|e| e.details.get("wrong_pins").and_then(Value::as_i64))
        .unwrap_or(0);
    if cert.wrong_pins < keyed {
        return Err(RowDiff::problem(
            of,
            "wrong_pins",
            Some(cert.wrong_pins.to_string()),
            Some(keyed.to_string()),
            Some(event),
        )
        .into());
    }
    Ok(())
}
