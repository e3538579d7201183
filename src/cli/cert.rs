//! `catool cert …`: the certificate lifecycle.

use std::path::{Path, PathBuf};

use clap::{Args, Subcommand, ValueEnum};
use serde_json::json;

use super::Context;
use super::ca::write_or_stdout;
use super::output::{Table, fields, opt, show_path, term_safe};
use crate::domain::cert::{self, ExportFormat, ImportSource, ListFilter};
use crate::domain::cert_error::{CertError, CertState};
use crate::error::{Error, Result};
use crate::fsutil::{Output, OutputRules, pending_bytes};
use crate::model::Id;
use crate::pki::pin::Pin;

#[derive(Debug, Subcommand)]
pub enum CertCmd {
    /// Set a slot's owner (所属人, permanent: D5) and holder (持有人)
    Assign {
        /// The slot to assign: an unassigned slot of a paid package (`package show` lists them)
        #[arg(long)]
        slot: Id,
        /// Whose identity goes into the certificate (never changeable afterwards)
        #[arg(long, value_name = "PERSON")]
        owner: String,
        /// Who uses it (changeable by the administrator: `cert holder`)
        #[arg(long, value_name = "PERSON")]
        holder: String,
    },
    /// Change a certificate's holder (修改持有人; administrator only, D5)
    Holder {
        /// Certificate id
        #[arg(long)]
        cert: Id,
        /// The member who uses it from now on: id, ID number or name
        #[arg(long, value_name = "PERSON")]
        holder: String,
    },
    /// Import (导入证书, D6): make the key pair and certificate of an assigned slot, PIN-protected
    Issue(IssueArgs),
    /// Bring in a holder's certificate made elsewhere (PEM/DER + PKCS#8 key, or PKCS#12): not a
    /// CA certificate, valid now, signed by its issuer when that is given or is a registry CA.
    /// It is held as it is: only certificates issued here are reissued or extended
    Import(ImportArgs),
    /// Reissue (补发证书, D8) after a lost PIN or device: new key, new PIN, same end date
    Reissue {
        /// Certificate to replace (it is superseded; its seal assignments are cleared, D8)
        #[arg(long)]
        cert: Id,
        /// File holding the new 6-digit PIN (- for stdin)
        #[arg(long, value_name = "FILE")]
        new_pin_file: Option<PathBuf>,
        /// Also write the new key and certificate as a PKCS#12 file (0600), protected by
        /// --p12-password-file or else by the new PIN
        #[arg(long, value_name = "OUT")]
        p12: Option<PathBuf>,
        /// Encryption of the PKCS#12: modern (AES-256, PBKDF2-SHA256) or legacy (3DES, SHA-1
        /// MAC: old Windows, macOS and Android)
        #[arg(long, value_enum, default_value = "modern")]
        p12_profile: ProfileArg,
        /// File holding the PKCS#12's own export password (at least 8 characters)
        #[arg(long, value_name = "FILE")]
        p12_password_file: Option<PathBuf>,
        #[arg(long, help = super::FORCE_HELP)]
        force: bool,
    },
    /// Extend (证书延期, D9/D10) when less than three months remain; uses an unused slot
    Extend {
        /// Certificate to extend
        #[arg(long)]
        cert: Id,
        /// File holding the PIN (- for stdin; default: $CATOOL_PIN)
        #[arg(long, value_name = "FILE")]
        pin_file: Option<PathBuf>,
        /// Keep the key pair, so documents encrypted to it stay decryptable (D10)
        #[arg(long)]
        keep_key: bool,
        /// Accept a new key pair although old encrypted documents become undecryptable (D10)
        #[arg(long)]
        yes: bool,
    },
    /// Revoke (吊销) a certificate
    Revoke {
        /// Certificate id
        #[arg(long)]
        cert: Id,
        /// Revocation reason, as written on the CRL (RFC 5280 reason codes)
        #[arg(long, value_parser = clap::builder::PossibleValuesParser::new(cert::REVOKE_REASONS))]
        reason: String,
    },
    /// Freeze (冻结): put on hold; listed on the CRL as certificateHold
    Freeze {
        /// Certificate id
        #[arg(long)]
        cert: Id,
    },
    /// Unfreeze (解冻)
    Unfreeze {
        /// Certificate id
        #[arg(long)]
        cert: Id,
    },
    /// Check a PIN (wrong PINs count: locked after 5 in a row, D11)
    VerifyPin {
        /// Certificate id
        #[arg(long)]
        cert: Id,
        /// File holding the PIN to check (- for stdin; default: $CATOOL_PIN, else asked)
        #[arg(long, value_name = "FILE")]
        pin_file: Option<PathBuf>,
    },
    /// Bind (绑定) a certificate to an account (D13; the PIN is asked)
    Bind {
        /// Certificate id
        #[arg(long)]
        cert: Id,
        /// The account [default: the acting person]
        #[arg(long, value_name = "PERSON")]
        to: Option<String>,
        /// File holding the certificate's PIN (- for stdin; default: $CATOOL_PIN, else asked)
        #[arg(long, value_name = "FILE")]
        pin_file: Option<PathBuf>,
    },
    /// Unbind (解绑) a certificate from its account (D13)
    Unbind {
        /// Certificate id
        #[arg(long)]
        cert: Id,
    },
    /// List certificates and slots waiting for import, with their state (D12)
    List {
        /// Only this enterprise's certificates and slots: id, USCC or exact name
        #[arg(long)]
        org: Option<String>,
        /// Only certificates this person owns, holds or has bound (id, ID number or exact name)
        #[arg(long, value_name = "PERSON")]
        person: Option<String>,
        /// Only the certificate with this serial (hex, any case, with or without colons)
        #[arg(long, value_name = "HEX")]
        serial: Option<String>,
        /// Only this state
        #[arg(long, value_parser = clap::builder::PossibleValuesParser::new(CertState::ALL.map(CertState::as_str)))]
        status: Option<String>,
        /// Only certificates ending within this period: 90 or 90d (days), 12w (weeks), 3m
        /// (calendar months) or 1y
        #[arg(long, value_name = "PERIOD")]
        expiring: Option<String>,
        #[command(flatten)]
        page: super::page::PageArgs,
    },
    /// Show a certificate: by id, serial or SHA-256 fingerprint (hex, with or without colons),
    /// or a person's (ID number or exact name; several are listed)
    Show {
        /// Certificate id, serial, SHA-256 fingerprint or person (prefix id:, serial:,
        /// sha256: or person: when a reference could be read two ways)
        #[arg(value_name = "REF")]
        cert: String,
    },
    /// Write a certificate as PEM or DER, or with its key as PKCS#12 (PIN asked)
    Export {
        /// Certificate id
        #[arg(long)]
        cert: Id,
        /// What to write: the certificate (PEM or DER), or it with its key (PKCS#12)
        #[arg(long, value_enum, default_value = "pem")]
        format: FormatArg,
        /// Encryption of the PKCS#12 (with --format p12)
        #[arg(long, value_enum, default_value = "modern")]
        p12_profile: ProfileArg,
        /// File holding the certificate's PIN, for --format p12 (- for stdin; default:
        /// $CATOOL_PIN, else asked)
        #[arg(long, value_name = "FILE")]
        pin_file: Option<PathBuf>,
        /// File holding the PKCS#12's own export password (at least 8 characters; 600,000
        /// PBKDF2 iterations). Without it the file is protected by the PIN only, and a
        /// warning says what trying every PIN costs
        #[arg(long, value_name = "FILE")]
        p12_password_file: Option<PathBuf>,
        /// Output file [default: stdout; required for p12]
        #[arg(long)]
        out: Option<PathBuf>,
        #[arg(long, help = super::FORCE_HELP)]
        force: bool,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum FormatArg {
    /// The certificate, PEM
    Pem,
    /// The certificate, DER
    Der,
    /// The certificate and its key, PKCS#12 (the PIN is asked)
    P12,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ProfileArg {
    /// AES-256-CBC, PBKDF2-SHA256, SHA-256 MAC
    Modern,
    /// 3DES, SHA-1 MAC: old Windows, macOS and Android
    Legacy,
}

#[derive(Debug, Args)]
pub struct IssueArgs {
    /// The assigned slot to import
    #[arg(long, required_unless_present = "batch", conflicts_with = "batch")]
    slot: Option<Id>,
    /// File holding the 6-digit PIN (- for stdin; default: $CATOOL_PIN)
    #[arg(long, value_name = "FILE")]
    pin_file: Option<PathBuf>,
    /// Issuing CA [default: the only CA]
    #[arg(long)]
    ca: Option<String>,
    /// Also write a PKCS#12 file (0600), protected by --p12-password-file or else by the PIN
    #[arg(long, value_name = "OUT")]
    p12: Option<PathBuf>,
    /// Encryption of the PKCS#12 files (--p12, or the p12 column of --batch)
    #[arg(long, value_enum, default_value = "modern")]
    p12_profile: ProfileArg,
    /// File holding the PKCS#12 files' own export password (at least 8 characters; 600,000
    /// PBKDF2 iterations). Without it they are protected by the PIN only, and a warning
    /// says what trying every PIN costs
    #[arg(long, value_name = "FILE")]
    p12_password_file: Option<PathBuf>,
    /// CSV with columns slot,pin_file[,p12] (header optional): one issue per row. Paths are
    /// relative to the CSV's directory and may not leave it (no `..`, no absolute paths)
    #[arg(long, value_name = "FILE.csv")]
    batch: Option<PathBuf>,
    /// Parallel rows for --batch [default: all cores]
    #[arg(long, requires = "batch")]
    jobs: Option<usize>,
    /// With --batch: a row whose slot is already issued reports "already issued" and
    /// counts as done (re-running a batch finishes the rest)
    #[arg(long, requires = "batch", conflicts_with = "force")]
    skip_existing: bool,
    #[arg(long, help = super::FORCE_HELP)]
    force: bool,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Certificate (PEM or DER; the PEM may hold the key and the certificate's issuers too) or
    /// PKCS#12 file
    file: PathBuf,
    /// PKCS#8 private key (PEM or DER) when FILE is a certificate
    #[arg(long)]
    key: Option<PathBuf>,
    /// Password of a PKCS#12 FILE
    #[arg(long, value_name = "FILE")]
    password_file: Option<PathBuf>,
    /// File holding the new 6-digit PIN that will protect the key
    #[arg(long, value_name = "FILE")]
    pin_file: Option<PathBuf>,
    /// Holder of the certificate [default: the acting person]
    #[arg(long, value_name = "PERSON")]
    holder: Option<String>,
    /// Enterprise it belongs to
    #[arg(long)]
    org: Option<String>,
}

fn pin(flag: &str, path: &Option<PathBuf>) -> Result<Pin> {
    super::read_pin(flag, path.as_deref())
}

/// The PIN that will protect a new key: typed twice when asked at a terminal.
fn new_pin(flag: &str, path: &Option<PathBuf>) -> Result<Pin> {
    super::read_new_pin(flag, path.as_deref())
}

/// Reads a `--p12-password-file` (checked: at least 8 characters), warning when others may
/// read it.
fn export_password(path: &Option<PathBuf>) -> Result<Option<zeroize::Zeroizing<String>>> {
    let Some(p) = path else { return Ok(None) };
    let password = super::read_secret_line("--p12-password-file", p)?;
    cert::check_export_password(&password)?;
    super::warn_if_exposed(crate::input::Secret::PasswordFile, p);
    Ok(Some(password))
}

/// The loud warning for a PKCS#12 protected by the PIN alone, with what trying all PINs
/// costs, measured now on this machine (printed even with --quiet: it is about a secret).
fn warn_pin_only(what: &str, profile: ProfileArg) {
    let profile = cert::p12_profile(profile == ProfileArg::Legacy);
    let cost = match cert::pin_only_p12_cost(&profile) {
        Ok(c) => format!(
            "about {} on one CPU core (measured here: {:.1} ms per PIN at {} iterations; a GPU or many cores are far faster)",
            human_duration(c.all_pins),
            c.per_guess.as_secs_f64() * 1000.0,
            thousands(c.iterations)
        ),
        Err(_) => "little time (the cost could not be measured here)".into(),
    };
    eprintln!(
        "WARNING (警告): {what} is protected by the 6-digit PIN only: whoever gets the file can try all 1,000,000 PINs in {cost}. Give it its own export password with --p12-password-file FILE (at least 8 characters)"
    );
}

/// `1234567` → `1,234,567`.
fn thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

/// A duration as people say it: seconds, minutes, hours or days.
fn human_duration(d: std::time::Duration) -> String {
    let s = d.as_secs_f64();
    if s < 120.0 {
        format!("{s:.0} seconds")
    } else if s < 2.0 * 3600.0 {
        format!("{:.0} minutes", s / 60.0)
    } else if s < 2.0 * 86_400.0 {
        format!("{:.1} hours", s / 3600.0)
    } else {
        format!("{:.1} days", s / 86_400.0)
    }
}

fn cert_line(v: &cert::CertView) -> String {
    format!(
        "certificate {} — {} — {} ({} days left), serial {}",
        v.cert.id,
        term_safe(&v.cert.subject_dn),
        v.state,
        v.days_left,
        v.cert.serial_hex
    )
}

/// A person's name for a human line, `-` for none.
fn person_name(p: &Option<crate::model::PersonRef>) -> String {
    p.as_ref()
        .map(|p| term_safe(&p.name))
        .unwrap_or_else(|| "-".into())
}

pub fn run(ctx: &Context, cmd: CertCmd) -> Result<()> {
    let out = ctx.out;
    match cmd {
        CertCmd::Assign {
            slot,
            owner,
            holder,
        } => {
            let (mut reg, actor) = ctx.open_as()?;
            let s = cert::assign(&mut reg, &actor, slot, &owner, &holder)?;
            out.emit(&s, |s| {
                format!(
                    "slot {} assigned (待导入): owner {}, holder {}; next: catool cert issue --slot {} --pin-file FILE",
                    s.id,
                    person_name(&s.owner),
                    person_name(&s.holder),
                    s.id
                )
            })
        }
        CertCmd::Holder { cert: c, holder } => {
            let (mut reg, actor) = ctx.open_as()?;
            let c = cert::change_holder(&mut reg, &actor, c, &holder)?;
            emit_cert(out, &mut reg, c.id, |c| {
                format!(
                    "certificate {} is now held by {}",
                    c.id,
                    person_name(&c.holder)
                )
            })
        }
        CertCmd::Issue(a) => match &a.batch {
            Some(csv) => batch_issue(ctx, &a, csv),
            None => {
                let mut rules = ctx.output_rules(super::existing(a.force));
                if let Some(p) = &a.pin_file {
                    rules.input("--pin-file", p);
                }
                if let Some(p) = &a.p12_password_file {
                    rules.input("--p12-password-file", p);
                }
                let p12 = a
                    .p12
                    .as_deref()
                    .map(|p| rules.check("--p12", p))
                    .transpose()?;
                let pin = new_pin("--pin-file", &a.pin_file)?;
                if a.p12_password_file.is_some() && a.p12.is_none() {
                    return Err(CertError::P12PasswordNeedsP12.into());
                }
                let password = export_password(&a.p12_password_file)?;
                let (mut reg, actor) = ctx.open_as()?;
                let master = ctx.master_key(&mut reg)?;
                let slot = a.slot.ok_or(CertError::IssueNeedsSlot)?;
                let issued = issue_one(
                    &mut reg,
                    &actor,
                    &master,
                    slot,
                    &a,
                    &pin,
                    p12.as_ref(),
                    password.as_deref().map(String::as_str),
                )?;
                if let (Some(p), None) = (&a.p12, &password) {
                    warn_pin_only(&p.display().to_string(), a.p12_profile);
                }
                out.emit(&issued, |i| {
                    let mut s = format!("imported (已导入) {}", cert_line(&i.cert));
                    if let Some(p) = &a.p12 {
                        s.push_str(&format!(
                            "\npkcs#12 ({}) written to {}",
                            format!("{:?}", a.p12_profile).to_lowercase(),
                            show_path(p)
                        ));
                    }
                    s
                })
            }
        },
        CertCmd::Import(a) => {
            let pin = new_pin("--pin-file", &a.pin_file)?;
            // FILE may be a PEM holding the private key in clear: wiped when dropped.
            let file = zeroize::Zeroizing::new(super::read_cert_file("FILE", &a.file)?);
            let (mut reg, actor) = ctx.open_as()?;
            let master = ctx.master_key(&mut reg)?;
            let password;
            let key_bytes;
            let source = if let Some(k) = &a.key {
                key_bytes = zeroize::Zeroizing::new(super::read_cert_file("--key", k)?);
                ImportSource::Pair {
                    cert: &file,
                    key: &key_bytes,
                }
            } else if looks_like_pem_with_key(&file) {
                ImportSource::Pair {
                    cert: &file,
                    key: &file,
                }
            } else if let Some(pw) = &a.password_file {
                password = super::read_password_file(pw)?;
                ImportSource::Pkcs12 {
                    bytes: &file,
                    password: &password,
                }
            } else if looks_like_certificate(&file) {
                return Err(CertError::ImportNeedsKey.into());
            } else {
                return Err(CertError::ImportNeedsPassword.into());
            };
            let v = cert::import(
                &mut reg,
                &actor,
                &master,
                source,
                &pin,
                a.holder.as_deref(),
                a.org.as_deref(),
            )?;
            out.emit(&v, |v| format!("imported {}", cert_line(v)))
        }
        CertCmd::Reissue {
            cert: c,
            new_pin_file,
            p12,
            p12_profile,
            p12_password_file,
            force,
        } => {
            if p12_password_file.is_some() && p12.is_none() {
                return Err(CertError::P12PasswordNeedsP12.into());
            }
            // The output is checked before the PIN is asked and anything is made.
            let target = planned_output(
                ctx,
                force,
                [
                    ("--new-pin-file", &new_pin_file),
                    ("--p12-password-file", &p12_password_file),
                ],
                ("--p12", &p12),
            )?;
            if let Some(t) = &target {
                require_parent_dir("--p12", t.path())?;
            }
            let pin = new_pin("--new-pin-file", &new_pin_file)?;
            let password = export_password(&p12_password_file)?;
            let (mut reg, actor) = ctx.open_as()?;
            let master = ctx.master_key(&mut reg)?;
            let mut pending = None;
            let mut stage = |bytes: &[u8]| -> Result<()> {
                if let Some(t) = &target {
                    pending = Some(pending_bytes(t, bytes, 0o600)?);
                }
                Ok(())
            };
            let request = target.as_ref().map(|_| cert::P12Request {
                profile: cert::p12_profile(p12_profile == ProfileArg::Legacy),
                password: password.as_deref().map(String::as_str),
                stage: &mut stage,
            });
            let i = cert::reissue(&mut reg, &actor, &master, c, &pin, request)?;
            if let Some(pending) = pending {
                let new = i.cert.cert.id;
                pending
                    .publish()
                    .map_err(|e| CertError::ReissuedButNotWritten {
                        cert: c,
                        new,
                        why: e.to_string(),
                    })?;
            }
            if let (Some(p), None) = (&p12, &password) {
                warn_pin_only(&p.display().to_string(), p12_profile);
            }
            out.emit(&i, |i| {
                let mut s = format!(
                    "reissued (补发) certificate {c} as {}; the old one is revoked (superseded). Seal images must be uploaded again (D8)",
                    cert_line(&i.cert)
                );
                if let Some(p) = &p12 {
                    s.push_str(&format!(
                        "\npkcs#12 ({}) written to {}",
                        format!("{p12_profile:?}").to_lowercase(),
                        show_path(p)
                    ));
                }
                s
            })
        }
        CertCmd::Extend {
            cert: c,
            pin_file,
            keep_key,
            yes,
        } => {
            let pin = pin("--pin-file", &pin_file)?;
            let (mut reg, actor) = ctx.open_as_signer()?;
            let master = ctx.master_key(&mut reg)?;
            let i = cert::extend(&mut reg, &actor, &master, c, &pin, keep_key, yes)?;
            out.emit(&i, |i| {
                format!(
                    "extended (已延期) certificate {c} as {}",
                    cert_line(&i.cert)
                )
            })
        }
        CertCmd::Revoke { cert: c, reason } => {
            let (mut reg, actor) = ctx.open_as()?;
            let c = cert::revoke(&mut reg, &actor, c, &reason)?;
            emit_cert(out, &mut reg, c.id, |c| {
                format!("certificate {} revoked (已吊销): {}", c.id, reason)
            })
        }
        CertCmd::Freeze { cert: c } => {
            let (mut reg, actor) = ctx.open_as()?;
            let c = cert::set_frozen(&mut reg, &actor, c, true)?;
            emit_cert(out, &mut reg, c.id, |c| {
                format!("certificate {} frozen (已冻结)", c.id)
            })
        }
        CertCmd::Unfreeze { cert: c } => {
            let (mut reg, actor) = ctx.open_as()?;
            let c = cert::set_frozen(&mut reg, &actor, c, false)?;
            emit_cert(out, &mut reg, c.id, |c| {
                format!("certificate {} unfrozen (已解冻)", c.id)
            })
        }
        CertCmd::VerifyPin { cert: c, pin_file } => {
            let pin = pin("--pin-file", &pin_file)?;
            let (mut reg, actor) = ctx.open_as_signer()?;
            let master = ctx.master_key(&mut reg)?;
            let c = cert::verify_pin(&mut reg, &actor, &master, c, &pin)?;
            out.emit(&json!({ "cert_id": c.id, "pin_ok": true }), |_| {
                format!("PIN correct for certificate {}", c.id)
            })
        }
        CertCmd::Bind {
            cert: c,
            to,
            pin_file,
        } => {
            let pin = pin("--pin-file", &pin_file)?;
            let (mut reg, actor) = ctx.open_as_signer()?;
            let master = ctx.master_key(&mut reg)?;
            let c = cert::bind(&mut reg, &actor, &master, c, to.as_deref(), &pin)?;
            emit_cert(out, &mut reg, c.id, |c| {
                format!(
                    "certificate {} bound (已绑定) to {} at {}; expires {}",
                    c.id,
                    person_name(&c.bound),
                    opt(&c.bound_at),
                    c.not_after
                )
            })
        }
        CertCmd::Unbind { cert: c } => {
            let (mut reg, actor) = ctx.open_as()?;
            let c = cert::unbind(&mut reg, &actor, c)?;
            emit_cert(out, &mut reg, c.id, |c| {
                format!("certificate {} unbound (已解绑)", c.id)
            })
        }
        CertCmd::List {
            org,
            person,
            serial,
            status,
            expiring,
            page,
        } => {
            let expiring_within_days = expiring
                .as_deref()
                .map(|s| {
                    crate::domain::clock::parse_days("--expiring", s, crate::domain::clock::now()?)
                })
                .transpose()?;
            let mut reg = ctx.open()?;
            let listed = cert::list(
                &mut reg,
                &ListFilter {
                    org,
                    person,
                    serial,
                    state: status,
                    expiring_within_days,
                },
                page.page(),
            )?;
            out.emit(&listed.rows, |rows| list_table(rows))?;
            super::page::note_more(&out, &listed);
            Ok(())
        }
        CertCmd::Show { cert: reference } => {
            let mut reg = ctx.open()?;
            let v = match cert::show_ref(&mut reg, &reference)? {
                cert::Shown::One(v) => v,
                shown @ cert::Shown::OfPerson { .. } => {
                    return out.emit(&shown, |shown| match shown {
                        cert::Shown::OfPerson {
                            person,
                            certificates,
                        } if certificates.is_empty() => format!(
                            "{} (person {}) has no certificates",
                            term_safe(&person.name),
                            person.id
                        ),
                        cert::Shown::OfPerson {
                            person,
                            certificates,
                        } => format!(
                            "{} (person {}) has {} certificates; `catool cert show ID` shows one:\n{}",
                            term_safe(&person.name),
                            person.id,
                            certificates.len(),
                            list_table(certificates)
                        ),
                        cert::Shown::One(_) => String::new(),
                    });
                }
            };
            out.emit(&v, |v| {
                let c = &v.cert;
                let name = |p: &Option<crate::model::PersonRef>| {
                    p.as_ref()
                        .map(|p| format!("{} (person {})", p.name, p.id))
                        .unwrap_or_else(|| "-".into())
                };
                fields(&[
                    ("id", c.id.to_string()),
                    ("state", v.label.clone()),
                    ("kind", c.kind.to_string()),
                    ("subject", c.subject_dn.clone()),
                    ("issuer", c.issuer_dn.clone()),
                    ("serial", c.serial_hex.clone()),
                    ("algorithm", c.algo.to_string()),
                    (
                        "valid",
                        format!(
                            "{} … {} ({} days left)",
                            c.not_before, c.not_after, v.days_left
                        ),
                    ),
                    ("owner (所属人)", name(&c.owner)),
                    ("holder (持有人)", name(&c.holder)),
                    (
                        "bound (绑定)",
                        c.bound
                            .as_ref()
                            .map(|p| format!("{} since {}", p.name, opt(&c.bound_at)))
                            .unwrap_or_else(|| "-".into()),
                    ),
                    (
                        "wrong PINs",
                        format!(
                            "{} of {}",
                            c.wrong_pins,
                            crate::domain::keystore::PIN_ATTEMPTS
                        ),
                    ),
                    (
                        "revoked",
                        c.revoked_at
                            .as_ref()
                            .map(|at| format!("{at} ({})", opt(&c.revoke_reason)))
                            .unwrap_or_else(|| "-".into()),
                    ),
                    (
                        "replaces",
                        c.replaces_cert_id
                            .map(|i| i.to_string())
                            .unwrap_or_else(|| "-".into()),
                    ),
                    (
                        "replaced by",
                        c.replaced_by
                            .map(|i| i.to_string())
                            .unwrap_or_else(|| "-".into()),
                    ),
                    ("SHA-256", v.sha256_fingerprint.clone()),
                ])
            })
        }
        CertCmd::Export {
            cert: c,
            format,
            p12_profile,
            pin_file,
            p12_password_file,
            out: path,
            force,
        } => {
            if p12_password_file.is_some() && !matches!(format, FormatArg::P12) {
                return Err(CertError::P12PasswordNeedsFormat.into());
            }
            let password = export_password(&p12_password_file)?;
            // Checked before the PIN: a refused output costs no PIN attempt.
            let target = planned_output(
                ctx,
                force,
                [
                    ("--pin-file", &pin_file),
                    ("--p12-password-file", &p12_password_file),
                ],
                ("--out", &path),
            )?;
            let (mut reg, actor) = ctx.open_as_signer()?;
            let (format, mode) = match format {
                FormatArg::Pem => (ExportFormat::Pem, 0o644),
                FormatArg::Der => (ExportFormat::Der, 0o644),
                FormatArg::P12 => (
                    ExportFormat::P12 {
                        legacy: p12_profile == ProfileArg::Legacy,
                    },
                    0o600,
                ),
            };
            let (master, pin) = if mode == 0o600 {
                if path.is_none() {
                    return Err(CertError::P12NeedsOut.into());
                }
                let pin = pin("--pin-file", &pin_file)?;
                (Some(ctx.master_key(&mut reg)?), Some(pin))
            } else {
                (None, None)
            };
            let bytes = cert::export(
                &mut reg,
                &actor,
                master.as_ref(),
                c,
                format,
                pin.as_ref(),
                password.as_deref().map(String::as_str),
            )?;
            write_or_stdout(target.as_ref(), &bytes, mode)?;
            if let (Some(p), ExportFormat::P12 { .. }, None) = (&path, format, &password) {
                warn_pin_only(&p.display().to_string(), p12_profile);
            }
            let name = match format {
                ExportFormat::Pem => "pem",
                ExportFormat::Der => "der",
                ExportFormat::P12 { .. } => "p12",
            };
            let what = || Ok(json!({ "cert_id": c }));
            super::ca::report_export(out, target.as_ref(), what, name)
        }
    }
}

/// Prints a certificate a command changed as `cert show` does (state and label included),
/// so every command that answers with a certificate gives the same fields.
fn emit_cert(
    out: super::Out,
    reg: &mut crate::registry::Registry,
    id: Id,
    text: impl FnOnce(&crate::model::Cert) -> String,
) -> Result<()> {
    let v = cert::show(reg, id)?;
    out.emit(&v, |v| text(&v.cert))
}

/// The `cert list` table (also `cert show PERSON` with several certificates).
fn list_table(rows: &[cert::ListRow]) -> String {
    let mut t = Table::new(&[
        "CERT",
        "SLOT",
        "KIND",
        "OWNER",
        "HOLDER",
        "STATE",
        "ALGO",
        "UNTIL",
        "DAYS",
        "SERIAL",
        "REPLACES",
        "REPLACED BY",
    ]);
    let id = |i: Option<Id>| i.map(|i| i.to_string()).unwrap_or_else(|| "-".into());
    for r in rows {
        t.row(vec![
            id(r.cert_id),
            id(r.slot_id),
            r.kind.to_string(),
            opt(&r.owner),
            opt(&r.holder),
            r.label.clone(),
            opt(&r.algo.map(|a| a.to_string())),
            opt(&r.not_after),
            id(r.days_left),
            opt(&r.serial),
            id(r.replaces),
            id(r.replaced_by),
        ]);
    }
    t.render()
}

/// Refuses an output whose directory does not exist, before anything is made for it.
fn require_parent_dir(flag: &str, p: &Path) -> Result<()> {
    let dir = p
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if !dir.is_dir() {
        return Err(CertError::ParentDirMissing {
            flag: flag.to_string(),
            path: p.display().to_string(),
            dir: dir.display().to_string(),
        }
        .into());
    }
    Ok(())
}

fn looks_like_pem_with_key(bytes: &[u8]) -> bool {
    std::str::from_utf8(bytes)
        .is_ok_and(|t| t.contains("-----BEGIN CERTIFICATE-----") && t.contains("PRIVATE KEY-----"))
}

fn looks_like_certificate(bytes: &[u8]) -> bool {
    use der::Decode;
    std::str::from_utf8(bytes).is_ok_and(|t| t.contains("-----BEGIN CERTIFICATE-----"))
        || x509_cert::Certificate::from_der(bytes).is_ok()
}

#[allow(clippy::too_many_arguments)]
fn issue_one(
    reg: &mut crate::registry::Registry,
    actor: &crate::domain::Actor,
    master: &crate::pki::vault::MasterKey,
    slot: Id,
    a: &IssueArgs,
    pin: &Pin,
    p12_out: Option<&Output>,
    p12_password: Option<&str>,
) -> Result<cert::Issued> {
    // Fail before issuing if the PKCS#12 cannot be written there.
    if let Some(p) = p12_out.map(Output::path) {
        require_parent_dir("--p12", p)?;
    }
    let profile = p12_out.map(|_| cert::p12_profile(a.p12_profile == ProfileArg::Legacy));
    // The PKCS#12 is written to its temporary file before the issue commits and renamed
    // after: a kill leaves no certificate, or the certificate and its file, except in the
    // microseconds between the commit and the rename.
    let mut pending = None;
    let mut stage = |bytes: &[u8]| -> Result<()> {
        if let Some(p) = p12_out {
            pending = Some(pending_bytes(p, bytes, 0o600)?);
        }
        Ok(())
    };
    let request = profile.map(|profile| cert::P12Request {
        profile,
        password: p12_password,
        stage: &mut stage,
    });
    let issued = match cert::issue(reg, actor, master, slot, a.ca.as_deref(), pin, request) {
        Ok(issued) => issued,
        Err(e) if matches!(e.typed::<CertError>(), Some(CertError::SlotUsed { .. })) => {
            // A re-run after an interruption: say how to get a PKCS#12 that is not there.
            let missing = p12_out.map(Output::path).filter(|p| !p.exists());
            return Err(match (missing, cert::issued_as(reg, slot)?) {
                (Some(p), Some(id)) => CertError::IssuedP12Missing {
                    slot,
                    cert: id,
                    path: p.display().to_string(),
                }
                .into(),
                _ => e,
            });
        }
        Err(e) => return Err(e),
    };
    if let Some(pending) = pending {
        pending
            .publish()
            .map_err(|e| CertError::IssuedButNotWritten {
                cert: issued.cert.cert.id,
                why: e.to_string(),
            })?;
    }
    Ok(issued)
}

/// A CSV line number as a message quotes it.
fn line_no(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// One row of a batch CSV.
pub(crate) struct BatchRow {
    pub(crate) line: usize,
    pub(crate) slot: Id,
    pub(crate) pin_file: PathBuf,
    pub(crate) p12: Option<PathBuf>,
}

type BatchRows = Vec<std::result::Result<BatchRow, (usize, Error)>>;

/// The rows of the batch CSV at `path`, their paths resolved against the CSV's directory.
fn read_batch(path: &Path) -> Result<BatchRows> {
    let bytes = super::read_input_file("--batch", path)?;
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let resolve = |mut r: BatchRow| -> std::result::Result<BatchRow, (usize, Error)> {
        let line = r.line;
        let inside =
            |column: &str, p: &Path| inside_csv_dir(dir, line, column, p).map_err(|e| (line, e));
        r.pin_file = inside("pin_file", &r.pin_file)?;
        r.p12 = r.p12.as_deref().map(|p| inside("p12", p)).transpose()?;
        Ok(r)
    };
    Ok(parse_batch(&bytes)
        .into_iter()
        .map(|row| row.and_then(resolve))
        .collect())
}

/// A path from line `line` of a batch CSV, taken relative to the CSV's directory `dir`: a
/// CSV (perhaps made by someone else) reads and writes nothing outside its own directory, so
/// an absolute path or a `..` component is refused.
fn inside_csv_dir(dir: &Path, line: usize, column: &str, p: &Path) -> Result<PathBuf> {
    use std::path::Component;
    let absolute = if p.has_root() {
        true
    } else if p.components().any(|c| c == Component::ParentDir) {
        false
    } else {
        return Ok(dir.join(p));
    };
    Err(CertError::BatchPathOutside {
        line: line_no(line),
        column: column.to_string(),
        path: p.display().to_string(),
        absolute,
    }
    .into())
}

/// The rows of a batch CSV (`slot,pin_file[,p12]`, optional header, `#` comments); a bad row
/// is an `Err` naming its line, the others go on. Fuzzed (src/fuzz.rs).
pub(crate) fn parse_batch(bytes: &[u8]) -> BatchRows {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(bytes);
    let mut rows = Vec::new();
    let mut seen_outputs = std::collections::HashSet::new();
    for (i, rec) in reader.records().enumerate() {
        let line = i + 1;
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                rows.push(Err((
                    line,
                    CertError::BatchCsv {
                        line: line_no(line),
                        why: e.to_string(),
                    }
                    .into(),
                )));
                continue;
            }
        };
        let first = rec.get(0).unwrap_or("");
        if line == 1 && first.eq_ignore_ascii_case("slot") {
            continue;
        }
        if rec.iter().all(str::is_empty) || first.starts_with('#') {
            continue;
        }
        if rec.len() > 3 {
            rows.push(Err((
                line,
                CertError::BatchFields {
                    line: line_no(line),
                    fields: line_no(rec.len()),
                }
                .into(),
            )));
            continue;
        }
        let p12 = rec.get(2).filter(|s| !s.is_empty()).map(PathBuf::from);
        if let Some(p) = &p12
            && !seen_outputs.insert(p.clone())
        {
            rows.push(Err((
                line,
                CertError::BatchOutputReused {
                    line: line_no(line),
                    path: p.display().to_string(),
                }
                .into(),
            )));
            continue;
        }
        let parsed = match (first.parse::<Id>(), rec.get(1).filter(|s| !s.is_empty())) {
            (Ok(slot), Some(pin)) => Ok(BatchRow {
                line,
                slot,
                pin_file: PathBuf::from(pin),
                p12,
            }),
            _ => Err((
                line,
                CertError::BatchRow {
                    line: line_no(line),
                    row: rec.iter().collect::<Vec<_>>().join(","),
                }
                .into(),
            )),
        };
        rows.push(parsed);
    }
    rows
}

/// Each row with its checked PKCS#12 output; a row whose output is refused is an error of
/// that row only.
fn checked_rows(rows: BatchRows, rules: &OutputRules) -> Vec<CheckedRow> {
    rows.into_iter()
        .map(|row| {
            let r = row?;
            let p12 = r
                .p12
                .as_deref()
                .map(|p| rules.check(&format!("--batch line {} p12", r.line), p))
                .transpose()
                .map_err(|e| (r.line, e))?;
            Ok((r, p12))
        })
        .collect()
}

type CheckedRow = std::result::Result<(BatchRow, Option<Output>), (usize, Error)>;

/// `cert issue --batch`: every row is issued on its own; a failed row is reported and the
/// others go on. Rows run on `--jobs` threads, each with its own registry connection (SQLite
/// serialises the commits); results stream as they finish, a progress bar on a terminal,
/// one JSON object per row with --json.
fn batch_issue(ctx: &Context, a: &IssueArgs, csv_path: &Path) -> Result<()> {
    let rows = read_batch(csv_path)?;
    let password = export_password(&a.p12_password_file)?;
    // Every row's output is checked before any row runs: against the registry and master key,
    // the CSV, and every row's PIN file (no row writes over another row's input).
    let mut rules = ctx.output_rules(if a.skip_existing {
        crate::fsutil::Existing::Skip
    } else {
        super::existing(a.force)
    });
    rules.input("--batch", csv_path);
    if let Some(p) = &a.p12_password_file {
        rules.input("--p12-password-file", p);
    }
    for r in rows.iter().flatten() {
        rules.input(&format!("pin_file of line {}", r.line), &r.pin_file);
    }
    let rows = checked_rows(rows, &rules);
    let (mut reg, _) = ctx.open_as()?;
    let master = ctx.master_key(&mut reg)?;
    drop(reg);
    let mut report = super::batch::Reporter::new(ctx.out, rows.len(), "certificates")
        .skip_reason("already issued");
    let threads = super::batch::workers(a.jobs).min(rows.len().max(1));
    // `Err(cert id)`: the slot was issued already (--skip-existing).
    type Done = std::result::Result<cert::Issued, Id>;
    type RowResult = (
        Option<usize>,
        std::result::Result<(usize, Id, Done), (usize, Option<Id>, Error)>,
    );
    let next = std::sync::atomic::AtomicUsize::new(0);
    let (tx, rx) = std::sync::mpsc::channel::<RowResult>();
    std::thread::scope(|scope| {
        for _ in 0..threads {
            let (tx, rows, next, master) = (tx.clone(), &rows, &next, &master);
            let password = password.as_deref().map(String::as_str);
            scope.spawn(move || {
                let mut conn = match ctx.open_as() {
                    Ok(c) => Some(c),
                    Err(e) => {
                        let _ = tx.send((None, Err((0, None, e))));
                        None
                    }
                };
                while let Some((reg, actor)) = conn.as_mut() {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some(row) = rows.get(i) else { break };
                    // --skip-existing: the certificate a row's slot was issued as.
                    let already = match row {
                        Ok((r, _)) if a.skip_existing => {
                            cert::issued_as(reg, r.slot).ok().flatten()
                        }
                        _ => None,
                    };
                    let result = match (row, already) {
                        (Err((line, e)), _) => Err((*line, None, e.clone())),
                        (Ok((r, _)), Some(id)) => Ok((r.line, r.slot, Err(id))),
                        (Ok((r, Some(p12))), None) if a.skip_existing && p12.path().exists() => {
                            Err((
                                r.line,
                                Some(r.slot),
                                CertError::BatchP12Exists {
                                    slot: r.slot,
                                    path: p12.path().display().to_string(),
                                }
                                .into(),
                            ))
                        }
                        (Ok((r, p12)), None) => super::read_pin("pin_file", Some(&r.pin_file))
                            .and_then(|pin| {
                                issue_one(
                                    reg,
                                    actor,
                                    master,
                                    r.slot,
                                    a,
                                    &pin,
                                    p12.as_ref(),
                                    password,
                                )
                            })
                            .map(|issued| (r.line, r.slot, Ok(issued)))
                            .map_err(|e| (r.line, Some(r.slot), e)),
                    };
                    if tx.send((Some(i), result)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        for (i, result) in rx {
            match (i, result) {
                (Some(i), Ok((line, slot, Ok(issued)))) => report.ok_at(
                    i,
                    json!({
                        "line": line, "slot": slot, "cert_id": issued.cert.cert.id,
                        "serial": issued.cert.cert.serial_hex
                    }),
                ),
                (Some(i), Ok((line, slot, Err(cert_id)))) => report.skipped_at(
                    i,
                    &format!("line {line}: slot {slot} already issued (certificate {cert_id})"),
                    json!({ "line": line, "slot": slot, "cert_id": cert_id, "outcome": "already_issued" }),
                ),
                (Some(i), Err((line, slot, e))) => report.failed_at(
                    i,
                    &format!("line {line}"),
                    json!({ "line": line, "slot": slot }),
                    e,
                ),
                (None, Err((line, slot, e))) => report.failed(
                    &format!("line {line}"),
                    json!({ "line": line, "slot": slot }),
                    e,
                ),
                (None, Ok(_)) => {}
            }
        }
    });
    let pin_only = password.is_none() && rows.iter().flatten().any(|r| r.1.is_some());
    if pin_only {
        warn_pin_only("every PKCS#12 file of this batch", a.p12_profile);
    }
    report.finish("issued")
}

/// The file a command will write (`out`: its flag and path, if given), checked before any PIN
/// is asked so that a refused output costs no attempt: never over the command's own input
/// files (`inputs`: flag and path), the registry or its master key.
fn planned_output(
    ctx: &Context,
    force: bool,
    inputs: [(&str, &Option<PathBuf>); 2],
    out: (&str, &Option<PathBuf>),
) -> Result<Option<Output>> {
    let mut rules = ctx.output_rules(super::existing(force));
    for (flag, path) in inputs {
        if let Some(p) = path {
            rules.input(flag, p);
        }
    }
    let (flag, path) = out;
    path.as_deref().map(|p| rules.check(flag, p)).transpose()
}
