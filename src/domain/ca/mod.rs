//! Certificate authorities (D15): self-signed roots, RSA or SM2, several side by side, and
//! where their CRLs are published; the CRLs themselves are `crl`.

mod crl;

pub use crl::{
    CrlEntries, CrlEntry, CrlReport, CrlView, CrlViewEntry, SignedCrl, crl, crl_reason_name,
    last_crl, publish_in_order,
};

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use chrono::{DateTime, Months, Utc};
use der::{Decode, Encode, EncodePem};
use serde::Serialize;
use serde_json::json;
use x509_cert::Certificate;
use x509_cert::ext::pkix::CrlReason;

use super::anchor::{self, Publication};
use super::authority_error::{AuthorityError as E, CrlUrlProblem};
use super::history::{self, Draft};
use super::{Actor, clock, keystore, mutate, require_operator};
use crate::error::{Error, Result};
use crate::model::Stamp;
use crate::model::{Ca, Id, default_crl_url};
use crate::pki::dn::{C, CN, DnBuilder, O};
use crate::pki::keys::{Algo, SM2_DEFAULT_DISTID};
use crate::pki::vault::MasterKey;
use crate::pki::x509::create_root_ca;
use crate::registry::{Registry, Tx, cas, certs};

/// What `ca show` reports beyond the registry row.
#[derive(Debug, Serialize)]
pub struct CaDetails {
    #[serde(flatten)]
    pub ca: Ca,
    pub subject: String,
    pub serial: String,
    pub not_before: String,
    pub sha256_fingerprint: String,
    pub certificates_issued: usize,
}

pub fn parse_cert(der: &[u8]) -> Result<Certificate> {
    Certificate::from_der(der).map_err(|e| {
        E::CaCertDamaged {
            detail: e.to_string(),
        }
        .into()
    })
}

/// When a certificate the CA `ca_cert` issues at `now` for at most `years` ends: never after
/// the CA itself (TSAs, seal makers); `Err(end)` when the CA ended at `end`.
pub fn issued_until(
    ca_cert: &Certificate,
    now: DateTime<Utc>,
    years: u32,
) -> std::result::Result<DateTime<Utc>, DateTime<Utc>> {
    let ca_end: DateTime<Utc> = ca_cert
        .tbs_certificate()
        .validity()
        .not_after
        .to_system_time()
        .into();
    if ca_end <= now {
        return Err(ca_end);
    }
    Ok(now
        .checked_add_months(Months::new(12 * years))
        .map_or(ca_end, |t| t.min(ca_end)))
}

pub fn system_time(t: DateTime<Utc>) -> SystemTime {
    SystemTime::from(t)
}

/// Refuses a CA name the registry already has. [`init`] needs no such check (the database's
/// constraint refuses a taken name), but only after the key is made: a caller that says it
/// is making one (an RSA key takes seconds) asks this first.
pub fn name_free(reg: &mut Registry, name: &str) -> Result<()> {
    let name = super::ident::validate_name("--name", name, 64)?;
    let taken = reg.read(|tx| Ok(cas::list(tx)?.into_iter().any(|c| c.name == name)))?;
    match taken {
        true => Err(crate::registry::error::RegistryError::CaNameTaken { name }.into()),
        false => Ok(()),
    }
}

pub fn init(
    reg: &mut Registry,
    actor: &Actor,
    master: &MasterKey,
    name: &str,
    algo: Algo,
    years: u32,
    distribution: &Distribution,
) -> Result<Ca> {
    require_operator(actor, super::Act::CreateCa)?;
    let name = super::ident::validate_name("--name", name, 64)?;
    let (crl_url, crl_dir) = distribution.validated()?;
    let crl_dir = crl_dir.flatten();
    let bad_years = || E::CaYears {
        years: i64::from(years),
    };
    if !(1..=30).contains(&years) {
        return Err(bad_years().into());
    }
    let now = clock::now()?;
    let not_after = now
        .checked_add_months(Months::new(12 * years))
        .ok_or_else(bad_years)?;
    let subject = DnBuilder::new()
        .printable(C, "CN")?
        .utf8(O, &name)?
        .utf8(CN, &name)?
        .build()?;
    let key = algo.generate()?;
    let cert = create_root_ca(
        &key,
        subject,
        system_time(now),
        system_time(not_after),
        SM2_DEFAULT_DISTID,
    )?;
    let cert_der = cert.to_der().map_err(crate::pki::error::PkiError::from)?;
    let sealed = keystore::seal_ca_key(master, &name, &key)?;
    mutate(reg, actor, "ca.init", |tx| {
        let at = Stamp::new(now);
        let id = cas::insert(
            tx,
            &cas::NewCa {
                name: &name,
                algo,
                cert_der: &cert_der,
                key_sealed: &sealed,
                not_after: Stamp::new(not_after),
                at,
            },
        )?;
        if let Some(url) = &crl_url {
            cas::add_crl_url(tx, id, url, at)?;
        }
        if let Some(dir) = &crl_dir {
            cas::set_crl_dir(tx, id, Some(dir))?;
        }
        history::record(
            tx,
            actor,
            Draft::new("ca.init", format!("ca:{id}")).details(json!({
                "name": name, "algo": algo.as_str(), "years": years,
                "crl_url": crl_url.clone().unwrap_or_else(|| default_crl_url(id)),
                // The URL rows added (the default URL has none): with `crl_dir`, what the
                // CRL publication is checked against (`anchor`).
                "crl_urls": crl_url.iter().collect::<Vec<_>>(),
                "crl_dir": crl_dir,
                // The certificate itself, under the history's key: `log verify` finds a
                // swapped trust anchor.
                "cert_der_hex": crate::hex::encode(&cert_der),
            })),
        )?;
        cas::get(tx, id)?.ok_or_else(|| E::invariant("new CA vanished").into())
    })
}

pub fn list(reg: &mut Registry) -> Result<Vec<Ca>> {
    reg.read(cas::list)
}

pub fn show(reg: &mut Registry, reference: &str) -> Result<CaDetails> {
    reg.read(|tx| {
        let ca = cas::resolve(tx, Some(reference))?;
        let cert = parse_cert(&ca.cert_der)?;
        let tbs = cert.tbs_certificate();
        let issued = certs::count_of_ca(tx, ca.id)?;
        Ok(CaDetails {
            subject: tbs.subject().to_string(),
            serial: crate::pki::x509::serial_hex(&cert),
            not_before: clock::stamp(DateTime::<Utc>::from(
                tbs.validity().not_before.to_system_time(),
            )),
            sha256_fingerprint: fingerprint(&ca.cert_der),
            certificates_issued: issued,
            ca,
        })
    })
}

pub use crate::hex::fingerprint;

/// The CA certificate, PEM or DER: only a trust anchor's (its keyed `ca.init` carries it),
/// since validators install what this exports.
pub fn export(reg: &mut Registry, reference: &str, pem: bool) -> Result<Vec<u8>> {
    let ca = reg.read(|tx| {
        let ca = cas::resolve(tx, Some(reference))?;
        anchor::require_ca(tx, &ca)?;
        Ok(ca)
    })?;
    if pem {
        let cert = parse_cert(&ca.cert_der)?;
        let text = cert
            .to_pem(der::pem::LineEnding::LF)
            .map_err(crate::pki::error::PkiError::from)?;
        Ok(text.into_bytes())
    } else {
        Ok(ca.cert_der)
    }
}

/// A CRL revocation reason (RFC 5280 CRLReason) an operator may give.
pub fn crl_reason(name: &str) -> Option<CrlReason> {
    Some(match name {
        "unspecified" => CrlReason::Unspecified,
        "key-compromise" => CrlReason::KeyCompromise,
        "affiliation-changed" => CrlReason::AffiliationChanged,
        "superseded" => CrlReason::Superseded,
        "cessation-of-operation" => CrlReason::CessationOfOperation,
        "certificate-hold" => CrlReason::CertificateHold,
        _ => return None,
    })
}

/// How a CA's CRL reaches validators: `crl_url` goes into the certificates it issues,
/// `crl_dir` is where `catool crl` publishes (`Some(None)`: stop publishing).
#[derive(Debug, Default)]
pub struct Distribution {
    pub crl_url: Option<String>,
    pub crl_dir: Option<Option<PathBuf>>,
}

impl Distribution {
    /// The URL and directory, each checked ([`validate_crl_url`], [`validate_crl_dir`]).
    fn validated(&self) -> Result<(Option<String>, Option<Option<String>>)> {
        let url = self.crl_url.as_deref().map(validate_crl_url).transpose()?;
        let dir = match &self.crl_dir {
            Some(Some(dir)) => Some(Some(validate_crl_dir(dir)?)),
            Some(None) => Some(None),
            None => None,
        };
        Ok((url, dir))
    }
}

/// A CRL URL a validator can fetch and a directory can serve: `http://` (or `https://`)
/// with a host, no query or fragment, ending in a file name (letters, digits, `.`, `_`,
/// `-`, `~`; not starting with a dot), which is the name the CRL is published under.
pub fn validate_crl_url(url: &str) -> Result<String> {
    let url = url.trim();
    let bad = |problem| -> Error {
        E::CrlUrlInvalid {
            url: url.to_string(),
            problem,
        }
        .into()
    };
    if url.len() > 512 {
        return Err(bad(CrlUrlProblem::TooLong));
    }
    if !url.is_ascii() || url.chars().any(|c| c.is_ascii_control() || c == ' ') {
        return Err(bad(CrlUrlProblem::NotAscii));
    }
    let lower = url.to_ascii_lowercase();
    let rest = ["http://", "https://"]
        .iter()
        .find_map(|scheme| lower.starts_with(scheme).then(|| &url[scheme.len()..]))
        .ok_or_else(|| bad(CrlUrlProblem::NotHttp))?;
    if url.contains(['?', '#']) {
        return Err(bad(CrlUrlProblem::QueryOrFragment));
    }
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    if host.is_empty() {
        return Err(bad(CrlUrlProblem::NoHost));
    }
    crl_file_name(path).ok_or_else(|| bad(CrlUrlProblem::NoFileName))?;
    Ok(url.to_string())
}

/// The file a URL's last path segment names, if it is a plain one.
fn crl_file_name(path: &str) -> Option<&str> {
    let name = path.rsplit('/').next()?;
    let plain = !name.is_empty()
        && !name.starts_with('.')
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-' | b'~'));
    plain.then_some(name)
}

/// The file name of a CRL URL (validated when stored).
fn url_file_name(url: &str) -> Option<&str> {
    let rest = url.split_once("://")?.1;
    crl_file_name(rest.split_once('/')?.1)
}

/// A publication directory: one that exists, kept as an absolute UTF-8 path.
pub fn validate_crl_dir(dir: &Path) -> Result<String> {
    let shown = || dir.display().to_string();
    let abs = std::path::absolute(dir).map_err(|e| E::CrlDirUnusable {
        dir: shown(),
        detail: e.to_string(),
    })?;
    if !abs.is_dir() {
        return Err(E::CrlDirNotDirectory { dir: shown() }.into());
    }
    abs.to_str()
        .map(str::to_string)
        .ok_or_else(|| E::CrlDirNotUtf8 { dir: shown() }.into())
}

/// The stable name a CA's CRL is always published under: the default URL's file name.
pub fn stable_crl_file(ca_id: Id) -> String {
    format!("ca-{ca_id}.crl")
}

/// Where the CA's CRL is published: in its directory, under the stable name and the file
/// name of every CRL URL it has had (certificates issued under an earlier URL keep
/// pointing there).
fn publication_paths(ca_id: Id, publication: &Publication) -> Vec<PathBuf> {
    let Some(dir) = &publication.dir else {
        return Vec::new();
    };
    let mut names = vec![stable_crl_file(ca_id)];
    for url in &publication.urls {
        if let Some(name) = url_file_name(url)
            && !names.iter().any(|n| n == name)
        {
            names.push(name.to_string());
        }
    }
    names.iter().map(|n| Path::new(dir).join(n)).collect()
}

/// Where the registry says the CA's CRL is published (what `ca set` and `crl show`
/// report; `crl` publishes only what the history configured, `anchor::require_publication`).
fn stored_paths(tx: &Tx, ca: &Ca) -> Result<Vec<String>> {
    let stored = Publication {
        dir: ca.crl_dir.clone(),
        urls: cas::crl_urls(tx, ca.id)?,
    };
    Ok(publication_paths(ca.id, &stored)
        .iter()
        .map(|p| p.display().to_string())
        .collect())
}

/// What `ca set` changed.
#[derive(Debug, Serialize)]
pub struct SetReport {
    #[serde(flatten)]
    pub ca: Ca,
    /// Where the CRL is published from now on (empty: not published).
    pub publishes_to: Vec<String>,
    pub changed: Vec<&'static str>,
}

/// Changes how a CA's CRL is distributed. A new URL goes into certificates issued from now
/// on; those issued before keep theirs (and their CRL keeps being published under its
/// file name). `publishable` checks each file the CRL would be published to from now on
/// (never the registry or its key): a refusal changes nothing.
pub fn set(
    reg: &mut Registry,
    actor: &Actor,
    reference: &str,
    distribution: &Distribution,
    publishable: impl Fn(&Path) -> Result<()>,
) -> Result<SetReport> {
    super::logged(
        reg,
        actor,
        "ca.set",
        require_operator(actor, super::Act::ChangeCa),
    )?;
    if distribution.crl_url.is_none() && distribution.crl_dir.is_none() {
        return Err(E::CaSetNothing.into());
    }
    let (crl_url, crl_dir) = distribution.validated()?;
    let now = clock::now_stamp()?;
    mutate(reg, actor, "ca.set", |tx| {
        let ca = cas::resolve(tx, Some(reference))?;
        let mut changed = Vec::new();
        let mut details = serde_json::Map::new();
        if let Some(url) = &crl_url
            && *url != ca.crl_url
        {
            cas::add_crl_url(tx, ca.id, url, now)?;
            details.insert("crl_url".into(), json!(url));
            details.insert("previous_crl_url".into(), json!(ca.crl_url));
            changed.push("crl_url");
        }
        if let Some(dir) = &crl_dir
            && *dir != ca.crl_dir
        {
            cas::set_crl_dir(tx, ca.id, dir.as_deref())?;
            details.insert("crl_dir".into(), json!(dir));
            details.insert("previous_crl_dir".into(), json!(ca.crl_dir));
            changed.push("crl_dir");
        }
        if !changed.is_empty() {
            history::record(
                tx,
                actor,
                Draft::new("ca.set", format!("ca:{}", ca.id)).details(details.into()),
            )?;
        }
        let ca = cas::get(tx, ca.id)?.ok_or_else(|| E::invariant("CA vanished"))?;
        let publishes_to = stored_paths(tx, &ca)?;
        if !changed.is_empty() {
            for path in &publishes_to {
                publishable(Path::new(path))?;
            }
        }
        Ok(SetReport {
            ca,
            publishes_to,
            changed,
        })
    })
}
