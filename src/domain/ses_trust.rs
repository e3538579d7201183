//! What only the registry knows about electronic seals and stamps. Whom a seal's maker or a
//! stamp's signer may chain to when the caller names no trust anchor: the registry's CAs that
//! are trust anchors (their certificate is the one their keyed history recorded); a CA
//! changed outside catool is left out, so a seal made under it reads as not trusted. And
//! the registry's view of a stamp's signer certificate (revoked, frozen), judged as `pdf
//! verify` judges a signature without a proven time (`signing::judge`): the stamp's time is
//! the signer's own claim, so a withdrawal, even one dated after it, leaves it not valid.

use der::Encode;
use x509_cert::Certificate;

use super::ca::parse_cert;
use super::signing_error::Withdrawn;
use crate::error::Result;
use crate::pki::ses::error::{Party, SesError, Withdrawal};
use crate::pki::ses::{CheckName, NotChecked, Outcome, SealOptions, StampReport};
use crate::registry::{Registry, Tx, cas};

/// The certificates of the registry's CAs that are trust anchors.
pub fn registry_anchors(reg: &mut Registry) -> Result<Vec<Certificate>> {
    reg.read(anchors_in)
}

fn anchors_in(tx: &Tx) -> Result<Vec<Certificate>> {
    let mut anchors = Vec::new();
    for ca in cas::list(tx)? {
        if super::anchor::ca_problem(tx, &ca)?.is_none() {
            anchors.push(parse_cert(&ca.cert_der)?);
        }
    }
    Ok(anchors)
}

/// Checks a stamp (`stamp`, named `name` in errors) over `data` as
/// [`crate::pki::ses::verify_stamp`] does, and, with a registry, adds its view of the signer's
/// certificate: revoked or frozen fails; a certificate it has no record of is not checked
/// (nor is any without a registry: the report says so).
pub fn verify_stamp(
    reg: Option<&mut Registry>,
    stamp: &[u8],
    name: &str,
    data: &[u8],
    opts: &SealOptions<'_>,
) -> Result<StampReport> {
    let mut report =
        crate::pki::ses::verify_stamp(stamp, data, opts).map_err(|e| e.in_file(name))?;
    let (Some(reg), Some(cert)) = (reg, report.signer_cert.clone()) else {
        return Ok(report);
    };
    let outcome = reg.read(|tx| signer_revocation(tx, &cert, &report))?;
    if let Some(c) = report
        .checks
        .iter_mut()
        .find(|c| c.name == CheckName::SignerRevocation)
    {
        c.outcome = outcome;
    }
    Ok(report)
}

/// The registry's view of the stamp's signer certificate `cert`. A certificate a registry CA
/// that is a trust anchor issued is always on record (as for `pdf verify`): none, or one
/// that differs from its keyed history, cannot be believed.
fn signer_revocation(tx: &Tx, cert: &Certificate, report: &StampReport) -> Result<Outcome> {
    let issued_here = crate::pki::ses::verify::chain(cert, &anchors_in(tx)?, Party::Signer).is_ok();
    let tbs = cert.tbs_certificate();
    let der = cert.to_der().map_err(SesError::encode)?;
    let (row, tampered) = super::signing::signer_record(
        tx,
        (
            &tbs.issuer().to_string(),
            &crate::pki::x509::serial_hex(cert),
        ),
        &der,
        issued_here,
    )?;
    if let Some(why) = tampered {
        return Ok(Outcome::Failed(SesError::SignerRecordUnreliable {
            detail: why.to_string(),
        }));
    }
    let Some(row) = row else {
        return Ok(Outcome::NotChecked(NotChecked::SignerUnknown));
    };
    let frozen_since = super::signing::frozen_since(tx, &row)?;
    let Some((how, since)) = super::signing::withdrawn(&row, frozen_since) else {
        return Ok(Outcome::Passed);
    };
    // Whenever the withdrawal, nothing proves the stamp was made before it (`judge`: a
    // withdrawal after the claimed time is "valid at the claimed time only", not valid).
    let claimed = chrono::DateTime::<chrono::Utc>::from(report.time.time);
    Ok(Outcome::Failed(SesError::SignerWithdrawn {
        how: match how {
            Withdrawn::Revoked => Withdrawal::Revoked,
            Withdrawn::Frozen => Withdrawal::Frozen,
        },
        on: since.map(super::clock::stamp),
        time: report.time.text.clone(),
        after: since.is_some_and(|s| s > claimed),
    }))
}
