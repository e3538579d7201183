//! Signing and verifying PDFs with registry certificates (D8, D11, D18–D21): before a
//! signature, everything a platform checks — the certificate is usable (not revoked, frozen,
//! expired, locked), the PIN is right (lockout), the seal may be used — and every signature
//! is recorded. Verification adds what only the registry knows: the chain to a registry CA
//! and the certificate's revocation state. The PIN attempt may be checked on a thread of its
//! own ([`KeyInFlight`]) while the document is prepared: only the signature needs the key.

use std::cell::{OnceCell, RefCell};
use std::thread::ScopedJoinHandle;

use chrono::{DateTime, Utc};
use der::{Decode, Encode};
use serde::Serialize;
use serde_json::json;
use x509_cert::Certificate;

use super::anchor_error::AnchorProblem;
use super::ca::parse_cert;
use super::history::{self, Draft};
use super::signing_error::{SigningError, TimeBasis, VerifyReason, Withdrawn};
use super::stamping::{self, UsableSeal};
use super::{Actor, clock, keystore};
use crate::error::{Error, Result};
use crate::model::Stamp;
use crate::model::vocab::CertStatus;
use crate::model::{Cert, Id, PersonRef};
use crate::pdf::ltv::{PadesLevel, ValidationData};
use crate::pdf::verify::{SignatureKind, SignatureReport, TimestampReport};
use crate::pki::keys::{PrivateKey, SM2_DEFAULT_DISTID, verify_signature};
use crate::pki::pin::Pin;
use crate::pki::vault::MasterKey;
use crate::registry::{Registry, cas, certs};

/// A certificate unlocked for signing, its chain, and the seal cleared for its appearance.
/// `K` is the key: unsealed ([`PrivateKey`]), still being unsealed ([`KeyInFlight`]), or
/// not yet (`()`, the signer [`reserve`] returns).
pub struct Signer<K = PrivateKey> {
    pub cert_row: Cert,
    pub key: K,
    pub cert: Certificate,
    pub chain: Vec<Certificate>,
    pub seal: Option<UsableSeal>,
    pub name: String,
}

impl Signer<()> {
    /// The same signer with its key.
    pub fn with_key<K>(self, key: K) -> Signer<K> {
        Signer {
            cert_row: self.cert_row,
            key,
            cert: self.cert,
            chain: self.chain,
            seal: self.seal,
            name: self.name,
        }
    }
}

/// Checks the certificate, the actor, the PIN (D11) and the seal (D18); unlocks the key.
pub fn signer(
    reg: &mut Registry,
    actor: &Actor,
    master: &MasterKey,
    cert_id: Id,
    pin: &Pin,
    seal_id: Option<Id>,
) -> Result<Signer> {
    let (signer, attempt) = reserve(reg, actor, cert_id, seal_id)?;
    let key = attempt.unseal(reg, actor, master, pin)?;
    Ok(signer.with_key(key))
}

/// The PIN attempt of a signature, counted and not yet checked (see [`reserve`]).
pub struct SignAttempt {
    attempt: keystore::PinAttempt,
    now: DateTime<Utc>,
}

impl SignAttempt {
    /// Checks the PIN (Argon2id, the slow part) and records the verdict: the key, or the
    /// refusal (a wrong PIN stays counted). The certificate must still be usable then.
    pub fn unseal(
        self,
        reg: &mut Registry,
        actor: &Actor,
        master: &MasterKey,
        pin: &Pin,
    ) -> Result<PrivateKey> {
        let now = self.now;
        self.attempt.unseal(reg, actor, master, pin, |c| {
            super::cert::require_usable(c, now, DOING)
        })
    }
}

const DOING: super::cert_error::Doing = super::cert_error::Doing::Sign;

/// [`signer`]'s checks, all before the PIN is tried, then the PIN attempt counted (the
/// lockout's reservation, committed): what is left is [`SignAttempt::unseal`].
pub fn reserve(
    reg: &mut Registry,
    actor: &Actor,
    cert_id: Id,
    seal_id: Option<Id>,
) -> Result<(Signer<()>, SignAttempt)> {
    let now = clock::now()?;
    // A row whose identity or state (a hold cleared, a revocation added outside catool)
    // differs from its keyed history signs nothing (exit 6), before any other check.
    let cert_row = reg.read(|tx| {
        let row = certs::require(tx, cert_id)?;
        super::anchor::require_cert(tx, &row)?;
        Ok(row)
    })?;
    if let Actor::Person(p, _) = actor {
        let holds = cert_row.holder.as_ref().map(|h| h.id) == Some(p.id)
            || cert_row.bound.as_ref().map(|b| b.id) == Some(p.id);
        if !holds {
            return Err(SigningError::NotHolder {
                cert: cert_id,
                holder: cert_row.holder.as_ref().map(|h| h.name.clone()),
            }
            .into());
        }
    }
    super::cert::require_usable(&cert_row, now, DOING)?;
    // The seal is part of who may do what (D18): checked before the PIN is tried, so a
    // refusal spends no attempt and says nothing about the PIN (issue 12).
    let seal = seal_id
        .map(|id| stamping::usable_seal(reg, actor, id))
        .transpose()?;
    // Read before the attempt is counted: a damaged row costs no attempt.
    let cert = parse_cert(&cert_row.cert_der)?;
    let chain = super::cert::ca_chain(reg, &cert_row)?;
    let attempt = keystore::reserve_pin_attempt(reg, actor, &cert_row, "sign")?;
    let name = cert_row
        .owner
        .as_ref()
        .map(|o| o.name.clone())
        .unwrap_or_else(|| cert_row.subject_dn.clone());
    let signer = Signer {
        cert_row,
        key: (),
        cert,
        chain,
        seal,
        name,
    };
    Ok((signer, SignAttempt { attempt, now }))
}

/// A signer's key being unsealed on a thread of its own ([`KeyInFlight::start`]) while the
/// caller prepares the document: the Argon2id derivation (tens of milliseconds, fixed) and
/// the copy and hash of the input (growing with the file) need nothing of each other; only
/// the signature itself needs the key.
pub struct KeyInFlight<'scope> {
    thread: RefCell<Option<ScopedJoinHandle<'scope, Result<PrivateKey>>>>,
    key: OnceCell<Result<PrivateKey>>,
}

impl<'scope> KeyInFlight<'scope> {
    /// Starts checking the PIN of `attempt` on a thread of `scope`, which records the
    /// verdict on `conn` (a registry connection of its own: the caller keeps using its
    /// own meanwhile) as soon as it is known, whether or not anyone waits for it.
    pub fn start<'env>(
        scope: &'scope std::thread::Scope<'scope, 'env>,
        attempt: SignAttempt,
        mut conn: Registry,
        actor: &'env Actor,
        master: &'env MasterKey,
        pin: &'env Pin,
    ) -> KeyInFlight<'scope> {
        let thread = scope.spawn(move || {
            // Needed only at the end; the copy and the hash are the critical path.
            crate::sched::yield_to_critical_path();
            attempt.unseal(&mut conn, actor, master, pin)
        });
        KeyInFlight {
            thread: RefCell::new(Some(thread)),
            key: OnceCell::new(),
        }
    }

    /// The key, or the PIN's refusal, once the thread is done (waited for once).
    pub fn wait(&self) -> Result<&PrivateKey> {
        self.key
            .get_or_init(|| match self.thread.borrow_mut().take() {
                Some(t) => t
                    .join()
                    .unwrap_or_else(|_| Err(Error::Internal("the PIN check failed".into()))),
                None => Err(Error::Internal("the PIN check was not started".into())),
            })
            .as_ref()
            .map_err(Clone::clone)
    }
}

impl crate::pdf::sign::SigningKey for KeyInFlight<'_> {
    fn key(&self) -> Result<&PrivateKey> {
        self.wait()
    }
}

/// Records one signed file (D21).
pub fn record<K>(
    reg: &mut Registry,
    actor: &Actor,
    s: &Signer<K>,
    input: &str,
    output: &str,
    field: &str,
) -> Result<()> {
    let seal = s.seal.as_ref().map(|x| x.id);
    let c = &s.cert_row;
    let d = signed_draft((c.id, c.org_id, &c.serial_hex), seal, input, output, field);
    reg.write(|tx| {
        history::record(tx, actor, d)?;
        Ok(())
    })
}

/// The `pdf.sign` event of one file signed with certificate `(id, enterprise, serial)`
/// (and `seal`).
pub(crate) fn signed_draft(
    (cert_id, org_id, serial): (Id, Option<Id>, &str),
    seal: Option<Id>,
    input: &str,
    output: &str,
    field: &str,
) -> Draft {
    let d = Draft::new("pdf.sign", format!("cert:{cert_id}"))
        .cert(cert_id)
        .details(json!({
            "input": input, "output": output, "field": field,
            "seal": seal, "serial": serial
        }));
    match org_id {
        Some(o) => d.org(o),
        None => d,
    }
}

/// The verdict on one signature.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Intact, covering the document or allowed changes only, made with a certificate of a
    /// registry CA that is valid now and was valid at the signing time.
    Valid,
    /// Everything holds at the signer's claimed signing time, but the certificate has since
    /// expired, been revoked or frozen, and no timestamp proves when the signature was made.
    ValidAtClaimedTimeOnly,
    /// Something failed: the reason says what.
    Invalid,
}

impl Verdict {
    /// The catalogue entry of the verdict for people.
    pub fn label_id(self) -> &'static str {
        match self {
            Verdict::Valid => crate::msg!("pdf-verdict-valid"),
            Verdict::ValidAtClaimedTimeOnly => crate::msg!("pdf-verdict-not-proven"),
            Verdict::Invalid => crate::msg!("pdf-verdict-not-valid"),
        }
    }
}

/// One signature as `catool pdf verify` reports it.
#[derive(Debug, Serialize)]
pub struct Checked {
    #[serde(flatten)]
    pub report: SignatureReport,
    /// The registry CA whose key signed the signer's certificate, if any.
    pub chain_ca: Option<String>,
    /// The certificate's state in the registry (D12: `active`, `revoked` …), if the
    /// registry knows it.
    pub registry_state: Option<String>,
    /// That state for people: `active (生效中)` …
    pub registry_label: Option<String>,
    pub registry_cert_id: Option<Id>,
    /// The certificate's holder in the registry (who signs with it) when that is not its
    /// owner, whose identity the certificate's subject carries (D5); null otherwise.
    pub registry_holder: Option<PersonRef>,
    /// The signer certificate's validity period (RFC 3339 UTC).
    pub cert_not_before: Option<String>,
    pub cert_not_after: Option<String>,
    pub verdict: Verdict,
    /// Why the verdict is not `valid` (in English in the JSON report).
    #[serde(serialize_with = "crate::pdf::error::english")]
    pub reason: Option<VerifyReason>,
    /// The verdict is `valid`.
    pub valid: bool,
    /// The PAdES level the signature reaches (not for document timestamps).
    pub pades_level: Option<PadesLevel>,
    /// The document carries what validating it offline needs (level B-LT or above).
    pub long_term_validation: bool,
    /// Its signature timestamp is sound and from a TSA a registry CA certified.
    pub timestamp_trusted: bool,
    /// The seal the signature names (`seal`): its .esl is in the registry and verifies (maker
    /// signature, maker certified by a registry CA, valid at the signing time); `null`
    /// without a seal.
    pub seal_verified: Option<bool>,
}

/// A certificate's holder when someone other than its owner holds it.
fn holder_not_owner(c: &Cert) -> Option<PersonRef> {
    match (&c.owner, &c.holder) {
        (Some(o), Some(h)) if o.id != h.id => Some(h.clone()),
        _ => None,
    }
}

/// Adds registry knowledge and time to the PDF-level reports: a signature is valid when its
/// bytes are intact and cover the document (or allowed changes only), it chains to a registry
/// CA, and its certificate was valid at the claimed signing time and still is (not expired,
/// revoked or frozen). Valid only at the claimed time is not valid: nothing proves the time.
pub fn check(
    reg: &mut Registry,
    reports: Vec<SignatureReport>,
    dss: &ValidationData,
    tsa_trust: &[Certificate],
) -> Result<Vec<Checked>> {
    let now = clock::now()?;
    reg.read(|tx| {
        // Every CA with why it is not a trust anchor, if it is not (one event lookup each).
        let mut cas = Vec::new();
        for ca in cas::list(tx)? {
            let Ok(cert) = parse_cert(&ca.cert_der) else {
                continue;
            };
            let problem = super::anchor::ca_problem(tx, &ca)?;
            cas.push((ca.name, cert, problem));
        }
        let mut out: Vec<(usize, Checked)> = Vec::new();
        // Document timestamps first: a sound one is trusted time for the validation of the
        // signature timestamps it covers.
        let mut indexed: Vec<(usize, SignatureReport)> = reports.into_iter().enumerate().collect();
        indexed.sort_by_key(|(_, r)| r.kind != SignatureKind::DocumentTimestamp);
        let mut document_timestamps: Vec<(usize, DateTime<Utc>)> = Vec::new();
        for (index, report) in indexed {
            let signer = Certificate::from_der(&report.signer_der).ok();
            // The registry CA that issued `c`: a trust anchor (its name), or only CAs that
            // are not (why not); `None` when no registry CA did.
            let issuer_of = |c: &Certificate| {
                let tbs = c.tbs_certificate();
                let tbs_der = tbs.to_der().ok()?;
                let mut issued_by = cas.iter().filter(|(_, ca_cert, _)| {
                    ca_cert.tbs_certificate().subject() == tbs.issuer()
                        && verify_signature(
                            &tbs_der,
                            c.signature_algorithm(),
                            c.signature(),
                            ca_cert.tbs_certificate().subject_public_key_info(),
                            SM2_DEFAULT_DISTID,
                        )
                        .is_ok()
                });
                let first = issued_by.next()?;
                let anchor = std::iter::once(first)
                    .chain(issued_by)
                    .find(|(_, _, problem)| problem.is_none());
                Some(match (anchor, &first.2) {
                    (Some((name, ..)), _) => Ok(name.clone()),
                    (None, Some(problem)) => Err(problem.clone()),
                    // Unreachable: `first` itself would have been found.
                    (None, None) => Ok(first.0.clone()),
                })
            };
            let chain_ca_of = |c: &Certificate| issuer_of(c).and_then(|r| r.ok());
            // A TSA is trusted when a registry CA or a --trust certificate issued it.
            let tsa_trusted = |c: &Certificate| {
                chain_ca_of(c).or_else(|| {
                    tsa_trust
                        .iter()
                        .find(|t| {
                            *t == c
                                || (t.tbs_certificate().subject() == c.tbs_certificate().issuer()
                                    && crate::pki::x509::verify_signed_by(c, t).is_ok())
                        })
                        .map(|t| t.tbs_certificate().subject().to_string())
                })
            };
            // A document timestamp's signer is a TSA.
            let issuer = match report.kind {
                SignatureKind::DocumentTimestamp => signer.as_ref().and_then(tsa_trusted).map(Ok),
                _ => signer.as_ref().and_then(issuer_of),
            };
            let chain_ca = issuer.clone().and_then(|r| r.ok());
            let issued_here = report.kind != SignatureKind::DocumentTimestamp && chain_ca.is_some();
            let (row, tampered) = signer_record(
                tx,
                (&report.issuer, &report.signer_serial_hex),
                &report.signer_der,
                issued_here,
            )?;
            let validity = signer.as_ref().map(|c| {
                let v = c.tbs_certificate().validity();
                (
                    DateTime::<Utc>::from(v.not_before.to_system_time()),
                    DateTime::<Utc>::from(v.not_after.to_system_time()),
                )
            });
            let frozen_since = match &row {
                Some(c) => frozen_since(tx, c)?,
                None => None,
            };
            // A signature timestamp's TSA certificate must still be good at the validation
            // time: now, or the time of the earliest sound document timestamp over it.
            let protected_until = document_timestamps
                .iter()
                .filter(|(revision, _)| *revision > report.revision)
                .map(|(_, t)| *t)
                .min()
                .unwrap_or(now);
            let proven = report
                .timestamp
                .as_ref()
                .filter(|_| report.kind != SignatureKind::DocumentTimestamp)
                .map(|ts| proven_time(ts, &tsa_trusted, protected_until, dss));
            let timestamp_trusted = matches!(proven, Some(Ok(_)));
            let revoked_per_document = signer
                .as_ref()
                .and_then(|c| super::ltv::revoked_per_document(c, &report.chain_der, dss));
            let (verdict, reason) = judge(
                &report,
                issuer.as_ref(),
                validity,
                Revocation {
                    row: row.as_ref(),
                    tampered,
                    frozen_since,
                    per_document: revoked_per_document,
                },
                proven,
                now,
            );
            if report.kind == SignatureKind::DocumentTimestamp
                && verdict == Verdict::Valid
                && let Some(t) = report
                    .signing_time
                    .as_deref()
                    .and_then(super::cert::parse_time)
            {
                document_timestamps.push((report.revision, t));
            }
            let seal_verified = match &report.seal {
                Some(s) => {
                    let at = report
                        .signing_time
                        .as_deref()
                        .and_then(super::cert::parse_time)
                        .unwrap_or(now);
                    let anchors: Vec<Certificate> = cas.iter().map(|c| c.1.clone()).collect();
                    Some(super::seal_esl::verified(tx, &s.es_id, &anchors, at)?)
                }
                None => None,
            };
            out.push((
                index,
                Checked {
                    seal_verified,
                    registry_cert_id: row.as_ref().map(|c| c.id),
                    registry_holder: row.as_ref().and_then(holder_not_owner),
                    registry_state: row.as_ref().map(|c| super::cert::state(c, now).to_string()),
                    registry_label: row.as_ref().map(|c| super::cert::label(c, now).to_string()),
                    cert_not_before: validity.map(|v| clock::stamp(v.0)),
                    cert_not_after: validity.map(|v| clock::stamp(v.1)),
                    report,
                    chain_ca,
                    valid: verdict == Verdict::Valid,
                    verdict,
                    reason,
                    pades_level: None,
                    long_term_validation: false,
                    timestamp_trusted,
                },
            ));
        }
        out.sort_by_key(|(index, _)| *index);
        let mut out: Vec<Checked> = out.into_iter().map(|(_, c)| c).collect();
        // The level each signature reaches: a later sound document timestamp protects the
        // validation data the document held when it was made (not what was added after it).
        let archives: Vec<(usize, ValidationData)> = out
            .iter()
            .filter(|c| c.report.kind == SignatureKind::DocumentTimestamp && c.valid)
            .filter_map(|c| {
                let covered = c.report.covered_validation_data.clone()?;
                Some((c.report.revision, covered))
            })
            .collect();
        for c in &mut out {
            if c.report.kind == SignatureKind::DocumentTimestamp {
                continue;
            }
            let later: Vec<&ValidationData> = archives
                .iter()
                .filter(|(revision, _)| *revision > c.report.revision)
                .map(|(_, covered)| covered)
                .collect();
            let level = super::ltv::pades_level(&c.report, c.timestamp_trusted, dss, &later);
            c.long_term_validation = level >= PadesLevel::Blt;
            c.pades_level = Some(level);
        }
        Ok(out)
    })
}

/// The registry's record of a signer certificate (`der`, named by its `(issuer, serial)`,
/// hex), found by its bytes (issuer and serial are claims a forgery copies) and believed only
/// when it matches its keyed history event; else why the registry's record cannot be
/// believed. A certificate a registry CA issued (`issued_here`) is always on record: none
/// with its bytes means its record was changed. Used by `pdf verify` and `ses verify`.
pub(crate) fn signer_record(
    tx: &crate::registry::Tx,
    (issuer, serial_hex): (&str, &str),
    der: &[u8],
    issued_here: bool,
) -> Result<(Option<Cert>, Option<AnchorProblem>)> {
    let get = |id: Option<Id>| id.map(|id| certs::require(tx, id)).transpose();
    // Issuer and serial first (indexed), then the bytes (a body moved to another row).
    let by_serial = get(certs::find_by_serial(tx, issuer, serial_hex)?)?;
    let row = match &by_serial {
        Some(c) if c.cert_der == der => by_serial.clone(),
        _ => get(certs::find_by_der(tx, der)?)?,
    };
    if let Some(c) = row {
        return Ok(match super::anchor::row_problem(tx, &c)? {
            None => (Some(c), None),
            Some(p) => (None, Some(p)),
        });
    }
    if !issued_here {
        return Ok((None, None));
    }
    let problem = match &by_serial {
        Some(c) => super::anchor::cert_problem(tx, c)?,
        None => None,
    };
    Ok((
        None,
        Some(
            problem.unwrap_or_else(|| AnchorProblem::SignerRecordMissing {
                serial: serial_hex.to_string(),
            }),
        ),
    ))
}

/// The time a signature timestamp proves: its token is sound, its TSA certificate was
/// issued by a registry CA (or a --trust certificate), was valid at the token's time, and is
/// still good at `validate_at` (now, or the time of a sound document timestamp that covers
/// it: an expired or revoked TSA proves nothing afterwards, as RFC 3161 and pyHanko have it);
/// a CRL in the document (`dss`) that revokes the TSA certificate counts.
fn proven_time(
    ts: &TimestampReport,
    chain_ca_of: &dyn Fn(&Certificate) -> Option<String>,
    validate_at: DateTime<Utc>,
    dss: &ValidationData,
) -> std::result::Result<DateTime<Utc>, VerifyReason> {
    if let Some(problem) = &ts.problem {
        return Err(VerifyReason::TimestampInvalid {
            problem: problem.clone(),
        });
    }
    let tsa =
        Certificate::from_der(&ts.tsa_der).map_err(|e| VerifyReason::TsaCertificateUnreadable {
            detail: e.to_string(),
        })?;
    if chain_ca_of(&tsa).is_none() {
        return Err(VerifyReason::TimestampTsaNotCertified {
            tsa: ts.tsa.clone(),
        });
    }
    let t = ts
        .time
        .as_deref()
        .and_then(super::cert::parse_time)
        .ok_or(VerifyReason::TimestampNoTime)?;
    let v = tsa.tbs_certificate().validity();
    let (from, to) = (
        DateTime::<Utc>::from(v.not_before.to_system_time()),
        DateTime::<Utc>::from(v.not_after.to_system_time()),
    );
    if t < from || t > to {
        return Err(VerifyReason::TimestampOutsideTsaValidity {
            time: clock::stamp(t),
            from: clock::stamp(from),
            to: clock::stamp(to),
        });
    }
    if validate_at > to {
        return Err(VerifyReason::TsaExpired {
            tsa: ts.tsa.clone(),
            on: clock::stamp(to),
        });
    }
    if let Some(revoked) = super::ltv::revoked_per_document(&tsa, &ts.chain_der, dss)
        && revoked <= validate_at
    {
        return Err(VerifyReason::TsaRevoked {
            tsa: ts.tsa.clone(),
            on: clock::stamp(revoked),
        });
    }
    Ok(t)
}

/// When a registry certificate went on hold: frozen, or superseded and held (with a
/// successor of its key, or itself), as the keyed freeze events say; `None` otherwise.
pub(crate) fn frozen_since(tx: &crate::registry::Tx, c: &Cert) -> Result<Option<Stamp>> {
    if c.status == CertStatus::Frozen
        || (c.status == CertStatus::Superseded && c.revoked_at.is_none())
    {
        super::anchored::held_since(tx, c)
    } else {
        Ok(None)
    }
}

/// Whether the registry has withdrawn `c` (given [`frozen_since`]): revoked, or frozen
/// (certificateHold), and since when if known; `None` when neither.
pub(crate) fn withdrawn(
    c: &Cert,
    frozen_since: Option<Stamp>,
) -> Option<(Withdrawn, Option<DateTime<Utc>>)> {
    let held = super::cert::on_hold(c, frozen_since);
    let revoked = c.status == CertStatus::Revoked
        || (c.status == CertStatus::Superseded && c.revoked_at.is_some());
    if !(revoked || held) {
        return None;
    }
    let since = if held { frozen_since } else { c.revoked_at }.map(Stamp::time);
    let how = if held {
        Withdrawn::Frozen
    } else {
        Withdrawn::Revoked
    };
    Some((how, since))
}

/// The verdict on one signature and, unless valid, why. With a trusted signature timestamp
/// (`proven`), the certificate is judged at the timestamp's time: expired or revoked after
/// it, the signature stays valid; without one, only the signer's claim dates it.
/// What is known of a signer certificate's revocation: the registry's record, and what a
/// CRL inside the document says.
struct Revocation<'a> {
    row: Option<&'a Cert>,
    /// Why the registry's record of the certificate cannot be believed.
    tampered: Option<AnchorProblem>,
    frozen_since: Option<Stamp>,
    per_document: Option<DateTime<Utc>>,
}

fn judge(
    r: &SignatureReport,
    issuer: Option<&std::result::Result<String, AnchorProblem>>,
    validity: Option<(DateTime<Utc>, DateTime<Utc>)>,
    revocation: Revocation,
    proven: Option<std::result::Result<DateTime<Utc>, VerifyReason>>,
    now: DateTime<Utc>,
) -> (Verdict, Option<VerifyReason>) {
    use VerifyReason as R;
    let Revocation {
        row,
        tampered,
        frozen_since,
        per_document,
    } = revocation;
    let invalid = |why: VerifyReason| (Verdict::Invalid, Some(why));
    if let Some(p) = &r.problem {
        return invalid(R::Problem(p.clone()));
    }
    if !r.integrity_ok {
        return invalid(R::IntegrityUnchecked);
    }
    if let Some(Err(why)) = issuer {
        return invalid(R::UntrustedSigner { why: why.clone() });
    }
    if issuer.is_none() {
        return invalid(match r.kind {
            SignatureKind::DocumentTimestamp => R::DocumentTsaNotCertified {
                tsa: r.signer_subject.clone(),
            },
            _ => R::NotRegistryCa {
                issuer: r.issuer.clone(),
            },
        });
    }
    if let Some(why) = tampered {
        return invalid(R::RecordTampered { why });
    }
    let Some((not_before, not_after)) = validity else {
        return invalid(R::CertificateUnreadable);
    };
    let claimed = r.signing_time.as_deref().and_then(super::cert::parse_time);
    let skew = chrono::Duration::minutes(5);
    let (claimed, when) = match proven {
        Some(Err(why)) => return invalid(why),
        Some(Ok(t)) => {
            // The signature existed at the token's time; a signer claiming a later time
            // contradicts it.
            if claimed.is_some_and(|c| c > t + skew) {
                return invalid(R::ClaimedAfterTimestamp {
                    claimed: claimed.map(clock::stamp).unwrap_or_default(),
                    timestamp: clock::stamp(t),
                });
            }
            (t, TimeBasis::Timestamped)
        }
        None => match claimed {
            Some(c) => (c, TimeBasis::Claimed),
            None => return invalid(R::NoSigningTime),
        },
    };
    let proven = when == TimeBasis::Timestamped;
    let t = clock::stamp(claimed);
    // A few minutes of clock skew between signer and verifier.
    if claimed > now + skew {
        return invalid(R::InFuture {
            basis: when,
            time: t,
        });
    }
    if claimed < not_before || claimed > not_after {
        return invalid(R::OutsideValidity {
            basis: when,
            time: t,
            from: clock::stamp(not_before),
            to: clock::stamp(not_after),
        });
    }
    // A CRL the document carries (B-LT) speaks too: what an offline validator would see.
    if let Some(s) = per_document
        && s <= claimed
    {
        return invalid(R::RevokedPerDocument {
            on: clock::stamp(s),
            basis: when,
            time: t,
        });
    }
    // Revocation and freezing (certificateHold) as the registry knows them.
    if let Some(c) = row
        && let Some((how, since)) = withdrawn(c, frozen_since)
    {
        return match since {
            // Revoked after a time a timestamp proves: the signature was made while the
            // certificate was good, and stays valid.
            Some(s) if s > claimed && proven => (Verdict::Valid, None),
            Some(s) if s > claimed => (
                Verdict::ValidAtClaimedTimeOnly,
                Some(R::WithdrawnAfterClaim {
                    how,
                    on: clock::stamp(s),
                    time: t,
                }),
            ),
            Some(s) => invalid(R::WithdrawnBefore {
                how,
                on: clock::stamp(s),
                basis: when,
                time: t,
            }),
            None => invalid(R::Withdrawn { how }),
        };
    }
    if now > not_after && !proven {
        return (
            Verdict::ValidAtClaimedTimeOnly,
            Some(R::ExpiredUnproven {
                on: clock::stamp(not_after),
                time: t,
            }),
        );
    }
    (Verdict::Valid, None)
}
