//! `catool cert …`: the certificate lifecycle: its arguments, and each command read, handed
//! to `domain::cert` and answered (the human lines in `cert_render`, `issue --batch` in
//! `cert_batch`).

use std::path::{Path, PathBuf};

use clap::{Args, Subcommand, ValueEnum};
use serde_json::json;

use super::Context;
use super::ca::write_or_stdout;
use super::cert_render::{self as render, PinOnly};
use crate::domain::cert::{self, ExportFormat, ImportSource, ListFilter};
use crate::domain::cert_error::{CertError, CertState, ImportProblem};
use crate::error::Result;
use crate::fsutil::{Output, pending_bytes};
use crate::model::Id;
use crate::msg;
use crate::pki::pin::Pin;

/// The batch CSV parser (fuzzed by src/fuzz.rs).
pub(crate) use super::cert_batch::parse_batch;

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
        /// Who uses it (changeable: `cert holder`); of a personal slot, someone other than the
        /// owner only when the owner assigns it (--as OWNER) or the operator does
        #[arg(long, value_name = "PERSON")]
        holder: String,
    },
    /// Change a certificate's holder (修改持有人, D5): the administrator; a personal certificate
    /// to someone other than its owner only by the owner (--as OWNER) or the operator
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
        /// File holding the new 6-digit PIN (- for stdin); also `--pin-file`, the name every
        /// other command gives its PIN file (a reissue has no other PIN: the old one is lost)
        #[arg(long, value_name = "FILE", alias = "pin-file")]
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

impl ProfileArg {
    /// The value as given on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            ProfileArg::Modern => "modern",
            ProfileArg::Legacy => "legacy",
        }
    }
}

#[derive(Debug, Args)]
pub struct IssueArgs {
    /// The assigned slot to import
    #[arg(long, required_unless_present = "batch", conflicts_with = "batch")]
    pub(super) slot: Option<Id>,
    /// File holding the 6-digit PIN (- for stdin; default: $CATOOL_PIN)
    #[arg(long, value_name = "FILE")]
    pub(super) pin_file: Option<PathBuf>,
    /// Issuing CA [default: the only CA]
    #[arg(long)]
    pub(super) ca: Option<String>,
    /// Also write a PKCS#12 file (0600), protected by --p12-password-file or else by the PIN
    #[arg(long, value_name = "OUT")]
    pub(super) p12: Option<PathBuf>,
    /// Encryption of the PKCS#12 files (--p12, or the p12 column of --batch)
    #[arg(long, value_enum, default_value = "modern")]
    pub(super) p12_profile: ProfileArg,
    /// File holding the PKCS#12 files' own export password (at least 8 characters; 600,000
    /// PBKDF2 iterations). Without it they are protected by the PIN only, and a warning
    /// says what trying every PIN costs
    #[arg(long, value_name = "FILE")]
    pub(super) p12_password_file: Option<PathBuf>,
    /// CSV with columns slot,pin_file[,p12] (header optional): one issue per row. Paths are
    /// relative to the CSV's directory and may not leave it (no `..`, no absolute paths)
    #[arg(long, value_name = "FILE.csv")]
    pub(super) batch: Option<PathBuf>,
    /// Parallel rows for --batch [default: all cores]
    #[arg(long, requires = "batch")]
    pub(super) jobs: Option<usize>,
    /// With --batch: a row whose slot is already issued reports "already issued" and
    /// counts as done (re-running a batch finishes the rest)
    #[arg(long, requires = "batch", conflicts_with = "force")]
    pub(super) skip_existing: bool,
    #[arg(long, help = super::FORCE_HELP)]
    pub(super) force: bool,
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
pub(super) fn export_password(
    path: &Option<PathBuf>,
) -> Result<Option<zeroize::Zeroizing<String>>> {
    let Some(p) = path else { return Ok(None) };
    let password = super::read_secret_line("--p12-password-file", p)?;
    cert::check_export_password(&password)?;
    super::warn_if_exposed(crate::input::Secret::PasswordFile, p);
    Ok(Some(password))
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
            // The next step's command names --ca where `cert issue` will need it.
            let cas = crate::domain::ca::list(&mut reg)?.len();
            out.emit(&s, |s| render::assigned(s, cas))
        }
        CertCmd::Holder { cert: c, holder } => {
            let (mut reg, actor) = ctx.open_as()?;
            let c = cert::change_holder(&mut reg, &actor, c, &holder)?;
            emit_cert(out, &mut reg, c.id, |c| {
                render::changed(msg!("cert-holder-changed"), c)
            })
        }
        CertCmd::Issue(a) => match &a.batch {
            Some(csv) => super::cert_batch::batch_issue(ctx, &a, csv),
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
                    render::warn_pin_only(PinOnly::File(p), a.p12_profile);
                }
                out.emit(&issued, |i| {
                    let p12 = a.p12.as_deref().map(|p| (p, a.p12_profile));
                    render::made(msg!("cert-issued-line"), &i.cert, p12)
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
            } else if looks_like_pkcs12(&file) {
                return Err(CertError::ImportNeedsPassword.into());
            } else {
                return Err(CertError::ImportUnreadable {
                    problem: ImportProblem::Unrecognised,
                    detail: None,
                }
                .into());
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
            out.emit(&v, |v| render::made(msg!("cert-imported-line"), v, None))
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
            let why = crate::domain::seal_esl::REISSUE;
            crate::domain::seal_esl::follow_cert(&mut reg, &actor, &master, c, why)?;
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
                render::warn_pin_only(PinOnly::File(p), p12_profile);
            }
            out.emit(&i, |i| {
                let p12 = p12.as_deref().map(|p| (p, p12_profile));
                render::replaced(msg!("cert-reissued-line"), c, &i.cert, p12)
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
            let why = crate::domain::seal_esl::EXTEND;
            crate::domain::seal_esl::follow_cert(&mut reg, &actor, &master, c, why)?;
            out.emit(&i, |i| {
                render::replaced(msg!("cert-extended-line"), c, &i.cert, None)
            })
        }
        CertCmd::Revoke { cert: c, reason } => {
            let (mut reg, actor) = ctx.open_as()?;
            let c = cert::revoke(&mut reg, &actor, c, &reason)?;
            emit_cert(out, &mut reg, c.id, |c| render::revoked(c, &reason))
        }
        CertCmd::Freeze { cert: c } => {
            let (mut reg, actor) = ctx.open_as()?;
            let c = cert::set_frozen(&mut reg, &actor, c, true)?;
            emit_cert(out, &mut reg, c.id, |c| {
                render::changed(msg!("cert-frozen-line"), c)
            })
        }
        CertCmd::Unfreeze { cert: c } => {
            let (mut reg, actor) = ctx.open_as()?;
            let c = cert::set_frozen(&mut reg, &actor, c, false)?;
            emit_cert(out, &mut reg, c.id, |c| {
                render::changed(msg!("cert-unfrozen-line"), c)
            })
        }
        CertCmd::VerifyPin { cert: c, pin_file } => {
            let pin = pin("--pin-file", &pin_file)?;
            let (mut reg, actor) = ctx.open_as_signer()?;
            let master = ctx.master_key(&mut reg)?;
            let c = cert::verify_pin(&mut reg, &actor, &master, c, &pin)?;
            out.emit(&json!({ "cert_id": c.id, "pin_ok": true }), |_| {
                render::changed(msg!("cert-pin-correct"), &c)
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
                render::changed(msg!("cert-bound-line"), c)
            })
        }
        CertCmd::Unbind { cert: c } => {
            let (mut reg, actor) = ctx.open_as()?;
            let c = cert::unbind(&mut reg, &actor, c)?;
            emit_cert(out, &mut reg, c.id, |c| {
                render::changed(msg!("cert-unbound-line"), c)
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
            out.emit(&listed.rows, |rows| render::list_table(rows))?;
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
                        } => render::of_person(person, certificates),
                        cert::Shown::One(_) => String::new(),
                    });
                }
            };
            out.emit(&v, |v| render::show(v))
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
                render::warn_pin_only(PinOnly::File(p), p12_profile);
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

/// Whether `bytes` are a PKCS#12 file (RFC 7292's PFX, version 3; read by the decoder
/// `cert import` itself uses), to tell one that needs its password from an image or a CSV
/// given by mistake.
fn looks_like_pkcs12(bytes: &[u8]) -> bool {
    use der::Decode;
    crate::pki::p12_asn1::Pfx::from_der(bytes).is_ok_and(|pfx| pfx.version == 3)
}

fn looks_like_certificate(bytes: &[u8]) -> bool {
    use der::Decode;
    std::str::from_utf8(bytes).is_ok_and(|t| t.contains("-----BEGIN CERTIFICATE-----"))
        || x509_cert::Certificate::from_der(bytes).is_ok()
}

#[allow(clippy::too_many_arguments)]
pub(super) fn issue_one(
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
            return Err(
                match (missing, cert::issued_as(reg, slot)?.map(|(id, _)| id)) {
                    (Some(p), Some(id)) => CertError::IssuedP12Missing {
                        slot,
                        cert: id,
                        path: p.display().to_string(),
                    }
                    .into(),
                    _ => e,
                },
            );
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
