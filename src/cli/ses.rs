//! `catool seal verify FILE.esl` and `catool ses verify FILE FILE.ses`: electronic seals and
//! stamps as GB/T 38540 defines them, made by catool or anywhere else. Thin: reads the
//! files, picks the trust anchors (`--trust`, else the registry's CAs when there is a
//! registry), runs `crate::pki::ses::verify`, and reports every check; the first failed check
//! is the error (one line naming the file), with its exit code.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use clap::{Args, Subcommand};
use serde_json::{Value, json};
use x509_cert::Certificate;

use super::Context;
use super::output::{show_path, term_safe};
use crate::error::Result;
use crate::i18n::{Arg, Catalogued, lang, text, tr};
use crate::msg;
use crate::pki::ses::error::SesError;
use crate::pki::ses::{Check, CheckName, Outcome, SealOptions, SealReport, StampReport};

/// Electronic stamps (电子签章, GB/T 38540 SES_Signature)
#[derive(Subcommand, Debug)]
pub enum SesCmd {
    /// Check a stamp (.ses) over a file: data hash, embedded seal (as `seal verify`), signer in the seal's certificate list, signature, and the signer's certificate: valid at the stamp's time, chained to a trust anchor, neither revoked nor frozen in the registry
    Verify(SesVerifyArgs),
    /// Stamp a file with a seal (电子签章): an SES_Signature V4 over the file's SM3 (SM2) or SHA-256 (RSA) hash, with the seal's .esl and the signer's certificate, which must be in the seal's certList (D18); PIN and lockout as for `pdf sign` (D11)
    Sign(super::ses_sign::SesSignArgs),
}

/// `seal verify`.
#[derive(Args, Debug)]
pub struct SealVerifyArgs {
    /// The seal file (.esl, GB/T 38540 SES_Seal V4; GM/T 0031-2014 V1 and 2025 V5 are read too)
    pub file: PathBuf,
    /// Certificate (PEM or DER) trusted to make seals: the maker's CA, or the maker's own [default: the registry's CAs]
    #[arg(long, value_name = "CA.pem")]
    pub trust: Vec<PathBuf>,
    /// Check the seal's validity at this time instead of now (2021-01-01, 2021-01-01T08:00, or RFC 3339)
    #[arg(long, value_name = "TIME")]
    pub at: Option<String>,
}

/// `ses verify`.
#[derive(Args, Debug)]
pub struct SesVerifyArgs {
    /// The file the stamp was made over
    pub file: PathBuf,
    /// The stamp (.ses, GB/T 38540 SES_Signature V4; V1 and V5 are read too)
    pub stamp: PathBuf,
    /// Certificate (PEM or DER) trusted to make seals and certify signers: the maker's and the signer's CA, or their own [default: the registry's CAs]
    #[arg(long, value_name = "CA.pem")]
    pub trust: Vec<PathBuf>,
    /// Check the seal's and the signer certificate's validity at this time instead of when the stamp says it was made
    #[arg(long, value_name = "TIME")]
    pub at: Option<String>,
}

pub fn run(ctx: &Context, cmd: SesCmd) -> Result<()> {
    match cmd {
        SesCmd::Verify(a) => ses_verify(ctx, a),
        SesCmd::Sign(a) => super::ses_sign::run(ctx, a),
    }
}

/// The registry, when there is one.
fn registry(ctx: &Context) -> Result<Option<crate::registry::Registry>> {
    if ctx.registry_exists() {
        ctx.open().map(Some)
    } else {
        Ok(None)
    }
}

/// The trust anchors: `--trust`, else the registry's CAs that are trust anchors (none when
/// there is no registry).
fn anchors(
    reg: Option<&mut crate::registry::Registry>,
    trust: &[PathBuf],
) -> Result<Vec<Certificate>> {
    if !trust.is_empty() {
        return trust
            .iter()
            .map(|p| super::tsa::read_certificate("--trust", p))
            .collect();
    }
    match reg {
        Some(reg) => crate::domain::ses_trust::registry_anchors(reg),
        None => Ok(Vec::new()),
    }
}

fn at(flag_value: Option<&str>) -> Result<Option<SystemTime>> {
    flag_value
        .map(|s| {
            crate::domain::clock::parse_bound("--at", s, super::output::zone(), false)
                .map(|t| SystemTime::from(t.time()))
        })
        .transpose()
}

fn in_file(path: &Path) -> impl Fn(SesError) -> crate::error::Error + '_ {
    move |e| e.in_file(path.display().to_string()).into()
}

/// `catool seal verify`.
pub fn seal_verify(ctx: &Context, a: SealVerifyArgs) -> Result<()> {
    let bytes = super::read_input_file("FILE", &a.file)?;
    let mut reg = if a.trust.is_empty() {
        registry(ctx)?
    } else {
        None
    };
    let anchors = anchors(reg.as_mut(), &a.trust)?;
    let at = match at(a.at.as_deref())? {
        Some(t) => t,
        None => SystemTime::from(crate::domain::clock::now()?),
    };
    let opts = SealOptions {
        anchors: &anchors,
        at,
        max_pixels: crate::seal::clean::DEFAULT_MAX_PIXELS,
    };
    let report = crate::pki::ses::verify_seal(&bytes, &opts).map_err(in_file(&a.file))?;
    let mut value = seal_json(&report);
    value["file"] = json!(a.file);
    ctx.out.emit(&value, |_| {
        let mut out = say(
            msg!("ses-seal-heading"),
            vec![("file", show_path(&a.file).into())],
        );
        out.push('\n');
        out + &seal_text(&report)
    })?;
    match report.failure() {
        Some(e) => Err(in_file(&a.file)(e.clone())),
        None => Ok(()),
    }
}

/// `catool ses verify`.
fn ses_verify(ctx: &Context, a: SesVerifyArgs) -> Result<()> {
    let stamp = super::read_input_file("STAMP", &a.stamp)?;
    let data = super::read_input_file("FILE", &a.file)?;
    // The registry gives the anchors unless --trust does, and its view of the signer's
    // certificate either way.
    let mut reg = registry(ctx)?;
    let anchors = anchors(reg.as_mut(), &a.trust)?;
    let at = match at(a.at.as_deref())? {
        Some(t) => t,
        None => crate::pki::ses::stamp_time(&stamp).map_err(in_file(&a.stamp))?,
    };
    let opts = SealOptions {
        anchors: &anchors,
        at,
        max_pixels: crate::seal::clean::DEFAULT_MAX_PIXELS,
    };
    let report = crate::domain::ses_trust::verify_stamp(
        reg.as_mut(),
        &stamp,
        &a.stamp.display().to_string(),
        &data,
        &opts,
    )?;
    let value = json!({
        "file": a.file,
        "stamp": a.stamp,
        "verdict": verdict(report.failure().is_none()),
        "version": report.version,
        "time": report.time.text,
        "property_info": report.property_info,
        "signer": report.signer,
        "hash_algorithm": report.hash_algorithm,
        "checks": checks_json(&report.checks),
        "seal": seal_json(&report.seal),
    });
    ctx.out
        .emit(&value, |_| stamp_text(&a.stamp, &a.file, &report))?;
    match report.failure() {
        Some(e) => Err(in_file(&a.stamp)(e.clone())),
        None => Ok(()),
    }
}

fn verdict(ok: bool) -> &'static str {
    if ok { "valid" } else { "not_valid" }
}

fn seal_json(r: &SealReport) -> Value {
    json!({
        "verdict": verdict(r.failure().is_none()),
        "version": r.version,
        "vid": r.vid,
        "es_id": r.es_id,
        "name": r.name,
        "type": r.kind,
        "maker": r.maker,
        "created": r.created.text,
        "valid_start": r.valid_start.text,
        "valid_end": r.valid_end.text,
        "checked_at": r.at.text,
        "picture": {
            "type": r.picture_kind,
            "width_mm": r.width_mm,
            "height_mm": r.height_mm,
            "width_px": r.pixels.map(|p| p.0),
            "height_px": r.pixels.map(|p| p.1),
        },
        "cert_list_type": r.cert_list_type,
        "cert_list_count": r.cert_list_len,
        "checks": checks_json(&r.checks),
    })
}

/// How a check came out, for JSON: `passed`, `not_trusted` (the maker's or the signer's
/// chain reaches no trust anchor), `failed` or `not_checked` (the message says why).
fn result_of(c: &Check) -> &'static str {
    match &c.outcome {
        Outcome::Passed => "passed",
        Outcome::Failed(SesError::MakerNotTrusted { .. } | SesError::SignerNotTrusted { .. }) => {
            "not_trusted"
        }
        Outcome::Failed(_) => "failed",
        Outcome::NotChecked(_) => "not_checked",
    }
}

fn checks_json(checks: &[Check]) -> Value {
    checks
        .iter()
        .map(|c| {
            let (code, message) = match &c.outcome {
                Outcome::Passed => (Value::Null, Value::Null),
                Outcome::Failed(e) => (json!(e.describe().code), json!(e.to_string())),
                Outcome::NotChecked(why) => (json!(why.code()), json!(tr(why.message_id()))),
            };
            json!({
                "check": c.name.as_str(),
                "result": result_of(c),
                "code": code,
                "message": message,
            })
        })
        .collect()
}

fn say(id: &'static str, args: Vec<(&'static str, Arg)>) -> String {
    text(lang(), id, &args)
}

fn n(v: impl TryInto<i64>) -> Arg {
    Arg::Num(v.try_into().unwrap_or(i64::MAX))
}

fn check_label(name: CheckName) -> &'static str {
    match name {
        CheckName::Structure => msg!("ses-check-structure"),
        CheckName::Version => msg!("ses-check-version"),
        CheckName::MakerSignature => msg!("ses-check-maker-signature"),
        CheckName::Chain => msg!("ses-check-chain"),
        CheckName::MakerValidity => msg!("ses-check-maker-validity"),
        CheckName::Validity => msg!("ses-check-validity"),
        CheckName::Picture => msg!("ses-check-picture"),
        CheckName::CertList => msg!("ses-check-cert-list"),
        CheckName::DataHash => msg!("ses-check-data-hash"),
        CheckName::SignerListed => msg!("ses-check-signer-listed"),
        CheckName::Signature => msg!("ses-check-signature"),
        CheckName::SignerValidity => msg!("ses-check-signer-validity"),
        CheckName::SignerChain => msg!("ses-check-signer-chain"),
        CheckName::SignerRevocation => msg!("ses-check-signer-revocation"),
    }
}

fn checks_text(checks: &[Check]) -> String {
    let rows: Vec<(String, String)> = checks
        .iter()
        .map(|c| {
            let outcome = match &c.outcome {
                Outcome::Passed => tr(msg!("ses-outcome-passed")),
                Outcome::Failed(
                    e @ (SesError::MakerNotTrusted { .. } | SesError::SignerNotTrusted { .. }),
                ) => say(
                    msg!("ses-outcome-not-trusted"),
                    vec![("reason", term_safe(&e.to_string()).into())],
                ),
                Outcome::Failed(e) => say(
                    msg!("ses-outcome-failed"),
                    vec![("reason", term_safe(&e.to_string()).into())],
                ),
                Outcome::NotChecked(why) => say(
                    msg!("ses-outcome-not-checked"),
                    vec![("reason", tr(why.message_id()).into())],
                ),
            };
            (tr(check_label(c.name)), outcome)
        })
        .collect();
    let pairs: Vec<(&str, String)> = rows.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
    super::output::fields(&pairs)
}

fn seal_text(r: &SealReport) -> String {
    let version = match r.version {
        1 => tr(msg!("ses-version-1")),
        4 => tr(msg!("ses-version-4")),
        _ => tr(msg!("ses-version-5")),
    };
    let kind = match r.kind {
        1 => tr(msg!("ses-type-org")),
        2 => tr(msg!("ses-type-personal")),
        k => say(msg!("ses-type-other"), vec![("type", n(k))]),
    };
    let mut pic = vec![
        ("kind", term_safe(&r.picture_kind).into()),
        ("width", n(r.width_mm)),
        ("height", n(r.height_mm)),
    ];
    let picture = match r.pixels {
        Some((w, h)) => {
            pic.extend([("px_width", n(w)), ("px_height", n(h))]);
            say(msg!("ses-picture-value"), pic)
        }
        None => say(msg!("ses-picture-value-undecoded"), pic),
    };
    let list_id = if r.cert_list_type == crate::pki::ses::asn1::CERT_LIST_DIGESTS {
        msg!("ses-cert-list-digests")
    } else {
        msg!("ses-cert-list-certs")
    };
    let fields = super::labelled(vec![
        (
            msg!("ses-field-verdict"),
            verdict_text(r.failure().is_none()),
        ),
        (msg!("ses-field-version"), version),
        (msg!("ses-field-es-id"), term_safe(&r.es_id)),
        (msg!("ses-field-name"), term_safe(&r.name)),
        (msg!("ses-field-type"), kind),
        (msg!("ses-field-vid"), term_safe(&r.vid)),
        (msg!("ses-field-maker"), term_safe(&r.maker)),
        (
            msg!("ses-field-valid"),
            say(
                msg!("ses-valid-range"),
                vec![
                    ("start", r.valid_start.text.clone().into()),
                    ("end", r.valid_end.text.clone().into()),
                ],
            ),
        ),
        (msg!("ses-field-checked-at"), r.at.text.clone()),
        (msg!("ses-field-picture"), picture),
        (
            msg!("ses-field-cert-list"),
            say(list_id, vec![("count", n(r.cert_list_len))]),
        ),
    ]);
    format!(
        "{fields}\n{}\n{}",
        tr(msg!("ses-checks")),
        checks_text(&r.checks)
    )
}

fn verdict_text(ok: bool) -> String {
    tr(if ok {
        msg!("ses-verdict-valid")
    } else {
        msg!("ses-verdict-not-valid")
    })
}

fn stamp_text(stamp: &Path, file: &Path, r: &StampReport) -> String {
    let heading = say(
        msg!("ses-stamp-heading"),
        vec![
            ("stamp", show_path(stamp).into()),
            ("file", show_path(file).into()),
        ],
    );
    let fields = super::labelled(vec![
        (
            msg!("ses-field-verdict"),
            verdict_text(r.failure().is_none()),
        ),
        (msg!("ses-field-version"), r.version.to_string()),
        (msg!("ses-field-time"), r.time.text.clone()),
        (msg!("ses-field-signer"), term_safe(&r.signer)),
        (msg!("ses-field-property"), term_safe(&r.property_info)),
        (msg!("ses-field-hash"), r.hash_algorithm.to_string()),
    ]);
    format!(
        "{heading}\n{fields}\n{}\n{}\n\n{}\n{}",
        tr(msg!("ses-checks")),
        checks_text(&r.checks),
        tr(msg!("ses-embedded-seal")),
        seal_text(&r.seal)
    )
}
