//! `catool ca …` and `catool crl`.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::Context;
use super::output::{Table, fields, show_path, term_safe};
use crate::domain::authority_error::AuthorityError as E;
use crate::domain::ca;
use crate::error::Result;
use crate::fsutil::{Output, pending_bytes, write_atomic};
use crate::i18n::{Arg, lang, text, tr};
use crate::msg;
use crate::pki::keys::Algo;

#[derive(Debug, Subcommand)]
pub enum CaCmd {
    /// Create a self-signed root CA (several may coexist)
    Init {
        /// CA name, used in its subject (O, CN) and to refer to it
        #[arg(long)]
        name: String,
        /// Key algorithm: SM2 with SM3 (GM/T) or RSA with SHA-256 (D15)
        #[arg(long, value_enum)]
        algo: Algo,
        /// Validity in years
        #[arg(long, default_value_t = 10)]
        years: u32,
        #[command(flatten)]
        distribution: DistributionArgs,
    },
    /// Change how a CA's CRL is distributed (URL in later certificates, publication directory)
    Set {
        /// CA id or name
        ca: String,
        #[command(flatten)]
        distribution: DistributionArgs,
        /// Stop publishing the CRL into a directory
        #[arg(long, conflicts_with = "crl_dir")]
        no_crl_dir: bool,
    },
    /// List CAs
    List,
    /// Show a CA certificate's details
    Show {
        /// CA id or name
        ca: String,
    },
    /// Write the CA certificate (PEM by default) to a file or stdout
    Export {
        /// CA id or name
        ca: String,
        /// DER instead of PEM
        #[arg(long)]
        der: bool,
        /// Output file [default: stdout]
        #[arg(long)]
        out: Option<PathBuf>,
        #[arg(long, help = super::FORCE_HELP)]
        force: bool,
    },
}

#[derive(Debug, Args)]
pub struct DistributionArgs {
    /// CRL distribution point written into the certificates issued from now on (earlier ones keep theirs); its file name is what the CRL is published as [default: http://crl.catool.invalid/ca-<id>.crl, a placeholder]
    #[arg(long, value_name = "URL")]
    crl_url: Option<String>,
    /// Directory `catool crl` publishes the CRL into (DER, as ca-<id>.crl and as the file name of each CRL URL): the one a web server serves the URL from
    #[arg(long, value_name = "DIR")]
    crl_dir: Option<PathBuf>,
}

/// `catool crl`: alone (or `crl issue`) issues the next CRL, as it always did; `crl show`
/// prints the last one.
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct CrlCmd {
    #[command(subcommand)]
    sub: Option<CrlSub>,
    #[command(flatten)]
    issue: CrlIssueArgs,
}

#[derive(Debug, Subcommand)]
enum CrlSub {
    /// Sign the next CRL (a new CRL number) and publish it; what `catool crl` alone does
    Issue(CrlIssueArgs),
    /// Print the CA's current CRL (the last one issued), or write it with --out; issues nothing
    Show(CrlShowArgs),
}

const CRL_FORMAT_HELP: &str = "A file gets DER unless --pem; stdout gets PEM unless --der. The publication directory always gets DER";

#[derive(Debug, Args)]
#[command(after_help = CRL_FORMAT_HELP)]
pub struct CrlIssueArgs {
    /// CA id or name [default: the only CA]
    #[arg(long)]
    ca: Option<String>,
    /// Write the new CRL to FILE instead of stdout (a CA with a --crl-dir publishes it there either way) [default: stdout, unless --json]
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    #[command(flatten)]
    format: CrlFormat,
    #[arg(long, help = super::FORCE_HELP)]
    force: bool,
}

#[derive(Debug, Args)]
#[command(after_help = CRL_FORMAT_HELP)]
pub struct CrlShowArgs {
    /// CA id or name [default: the only CA]
    #[arg(long)]
    ca: Option<String>,
    /// Write the CRL itself to FILE instead of describing it
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    #[command(flatten)]
    format: CrlFormat,
    #[arg(long, help = super::FORCE_HELP)]
    force: bool,
}

/// `--pem` / `--der`: the same meaning for a file and for stdout.
#[derive(Debug, Args, Clone, Copy)]
struct CrlFormat {
    /// Write the CRL as PEM (the default on stdout)
    #[arg(long, conflicts_with = "der")]
    pem: bool,
    /// Write the CRL as DER (the default in a file)
    #[arg(long)]
    der: bool,
}

impl CrlFormat {
    /// Whether the CRL goes out as PEM: as asked, else PEM on stdout and DER in a file.
    fn pem(self, to_file: bool) -> bool {
        self.pem || (!self.der && !to_file)
    }

    fn asked(self) -> bool {
        self.pem || self.der
    }
}

fn crl_pem(der: &[u8]) -> Result<Vec<u8>> {
    der::pem::encode_string("X509 CRL", der::pem::LineEnding::LF, der)
        .map(String::into_bytes)
        .map_err(|e| {
            E::CrlPem {
                detail: e.to_string(),
            }
            .into()
        })
}

/// The catalogue entry `id` in the chosen language, with `args`.
pub(super) fn say(id: &str, args: &[(&'static str, Arg)]) -> String {
    text(lang(), id, args)
}

/// A table whose column headers are catalogue entries.
pub(super) fn table(ids: &[&str]) -> Table {
    let headers: Vec<String> = ids.iter().map(|id| tr(id)).collect();
    Table::new(&headers.iter().map(String::as_str).collect::<Vec<_>>())
}

/// `label: value` lines whose labels are catalogue entries.
pub(super) fn labelled(pairs: &[(&str, String)]) -> String {
    let labels: Vec<String> = pairs.iter().map(|(id, _)| tr(id)).collect();
    let lines: Vec<(&str, String)> = labels
        .iter()
        .zip(pairs)
        .map(|(label, (_, value))| (label.as_str(), value.clone()))
        .collect();
    fields(&lines)
}

/// "CRL #N of CA: n entries" as the summaries of `crl` and `crl show` begin.
fn crl_entries(number: i64, ca: &str, entries: usize) -> [(&'static str, Arg); 3] {
    [
        ("number", Arg::Num(number)),
        ("ca", term_safe(ca).into()),
        ("entries", Arg::Num(crate::pki::error::num(entries))),
    ]
}

/// How a refused CRL publication file is named: its directory is `--crl-dir`, its name the
/// last segment of a `--crl-url` (either may be the one to change). Flags, so the same in
/// every language.
const CRL_PUBLICATION: &str = "--crl-dir/--crl-url";

impl From<DistributionArgs> for ca::Distribution {
    fn from(d: DistributionArgs) -> ca::Distribution {
        ca::Distribution {
            crl_url: d.crl_url,
            crl_dir: d.crl_dir.map(Some),
        }
    }
}

pub fn run(ctx: &Context, cmd: CaCmd) -> Result<()> {
    let out = ctx.out;
    match cmd {
        CaCmd::Init {
            name,
            algo,
            years,
            distribution,
        } => {
            let (mut reg, actor) = ctx.open_as()?;
            let master = ctx.master_key(&mut reg)?;
            // A taken name is refused before the key is made and said to be.
            ca::name_free(&mut reg, &name)?;
            out.note(say(
                msg!("ca-init-generating"),
                &[
                    ("algo", algo.as_str().into()),
                    ("name", term_safe(&name).into()),
                ],
            ));
            let ca = ca::init(
                &mut reg,
                &actor,
                &master,
                &name,
                algo,
                years,
                &distribution.into(),
            )?;
            out.emit(&ca, |c| {
                say(
                    msg!("ca-init-done"),
                    &[
                        ("id", Arg::Num(c.id)),
                        ("name", term_safe(&c.name).into()),
                        ("algo", c.algo.as_str().into()),
                        ("until", c.not_after.into()),
                        ("url", term_safe(&c.crl_url).into()),
                    ],
                )
            })
        }
        CaCmd::Set {
            ca: r,
            distribution,
            no_crl_dir,
        } => {
            let (mut reg, actor) = ctx.open_as()?;
            let mut distribution = ca::Distribution::from(distribution);
            if no_crl_dir {
                distribution.crl_dir = Some(None);
            }
            // Every file the CRL would be published to passes the output rules now, not
            // only at the next `crl` (which would refuse it, every time).
            let rules = ctx.output_rules(crate::fsutil::Existing::Replace);
            let publishable = |p: &std::path::Path| rules.check(CRL_PUBLICATION, p).map(|_| ());
            let report = ca::set(&mut reg, &actor, &r, &distribution, publishable)?;
            out.emit(&report, |r| {
                let ca = |id: &str, more: Option<(&'static str, String)>| {
                    let mut args = vec![
                        ("id", Arg::Num(r.ca.id)),
                        ("name", term_safe(&r.ca.name).into()),
                    ];
                    args.extend(more.map(|(k, v)| (k, Arg::Text(v))));
                    say(id, &args)
                };
                let mut lines = Vec::new();
                if r.changed.is_empty() {
                    lines.push(ca(msg!("ca-set-unchanged"), None));
                }
                if r.changed.contains(&"crl_url") {
                    let url = term_safe(&r.ca.crl_url);
                    lines.push(ca(msg!("ca-set-url"), Some(("url", url))));
                }
                if r.changed.contains(&"crl_dir") {
                    lines.push(match r.publishes_to.is_empty() {
                        true => ca(msg!("ca-set-unpublished"), None),
                        false => {
                            let files: Vec<String> =
                                r.publishes_to.iter().map(|p| term_safe(p)).collect();
                            ca(msg!("ca-set-published"), Some(("files", files.join(", "))))
                        }
                    });
                }
                lines.join("\n")
            })
        }
        CaCmd::List => {
            let mut reg = ctx.open()?;
            let cas = ca::list(&mut reg)?;
            out.emit(&cas, |cas| {
                let mut t = table(&[
                    msg!("ca-col-id"),
                    msg!("ca-col-name"),
                    msg!("ca-col-algo"),
                    msg!("ca-col-valid-until"),
                    msg!("ca-col-next-crl"),
                ]);
                for c in cas {
                    t.row(vec![
                        c.id.to_string(),
                        c.name.clone(),
                        c.algo.to_string(),
                        c.not_after.to_string(),
                        c.next_crl_number.to_string(),
                    ]);
                }
                t.render()
            })
        }
        CaCmd::Show { ca: r } => {
            let mut reg = ctx.open()?;
            let d = ca::show(&mut reg, &r)?;
            out.emit(&d, |d| {
                labelled(&[
                    (msg!("ca-field-id"), d.ca.id.to_string()),
                    (msg!("ca-field-name"), d.ca.name.clone()),
                    (msg!("ca-field-algorithm"), d.ca.algo.to_string()),
                    (msg!("ca-field-subject"), d.subject.clone()),
                    (msg!("ca-field-serial"), d.serial.clone()),
                    (
                        msg!("ca-field-valid"),
                        format!("{} … {}", d.not_before, d.ca.not_after),
                    ),
                    (msg!("ca-field-sha256"), d.sha256_fingerprint.clone()),
                    (msg!("ca-field-issued"), d.certificates_issued.to_string()),
                    (msg!("ca-field-next-crl"), d.ca.next_crl_number.to_string()),
                    (msg!("ca-field-crl-url"), d.ca.crl_url.clone()),
                    (
                        msg!("ca-field-crl-dir"),
                        d.ca.crl_dir
                            .clone()
                            .unwrap_or_else(|| tr(msg!("ca-not-published"))),
                    ),
                ])
            })
        }
        CaCmd::Export {
            ca: r,
            der,
            out: path,
            force,
        } => {
            let rules = ctx.output_rules(super::existing(force));
            let target = path.map(|p| rules.check("--out", &p)).transpose()?;
            let mut reg = ctx.open()?;
            let bytes = ca::export(&mut reg, &r, !der)?;
            write_or_stdout(target.as_ref(), &bytes, 0o644)?;
            let what = || {
                let d = ca::show(&mut reg, &r)?;
                Ok(serde_json::json!({ "ca": d.ca.name, "ca_id": d.ca.id }))
            };
            report_export(out, target.as_ref(), what, if der { "der" } else { "pem" })
        }
    }
}

pub fn crl(ctx: &Context, cmd: CrlCmd) -> Result<()> {
    match cmd.sub {
        None => crl_issue(ctx, cmd.issue),
        Some(CrlSub::Issue(args)) => crl_issue(ctx, args),
        Some(CrlSub::Show(args)) => crl_show(ctx, args),
    }
}

/// Issues the next CRL of a CA, publishes it to the CA's publication directory and writes it
/// to `target` (DER, or PEM when asked). Written (and synced) to temporary files inside the
/// transaction, renamed into place once it commits: a failed write issues nothing, and no
/// file appears that the history does not know about. The published files replace the CRL
/// before them, never the registry or its key. `pdf sign --level B-LT` issues its CRLs here
/// too, so the published CRL is never older than one inside a document.
pub(super) fn issue_crl(
    ctx: &Context,
    reg: &mut crate::registry::Registry,
    actor: &crate::domain::Actor,
    master: &crate::pki::vault::MasterKey,
    ca_ref: Option<&str>,
    target: Option<(crate::fsutil::Output, bool)>,
) -> Result<ca::CrlReport> {
    let publish_rules = ctx.output_rules(crate::fsutil::Existing::Replace);
    let (report, (to_publish, pending)) = ca::crl(reg, actor, master, ca_ref, |signed| {
        let mut to_publish = Vec::new();
        for path in signed.publish_to {
            let out = publish_rules.check(CRL_PUBLICATION, path)?;
            to_publish.push(pending_bytes(&out, signed.der, 0o644)?);
        }
        let mut pending = Vec::new();
        if let Some((target, pem)) = &target {
            let bytes = if *pem {
                crl_pem(signed.der)?
            } else {
                signed.der.to_vec()
            };
            pending.push(pending_bytes(target, &bytes, 0o644)?);
        }
        Ok((to_publish, pending))
    })?;
    if !report.rows_differ_from_history.is_empty() {
        let ids: Vec<String> = report
            .rows_differ_from_history
            .iter()
            .map(ToString::to_string)
            .collect();
        ctx.out.warn(say(
            msg!("crl-rows-differ"),
            &[("certs", ids.join(", ").into())],
        ));
    }
    let published = |p: crate::fsutil::Pending| -> Result<()> {
        let path = p.path().to_path_buf();
        p.publish().map_err(|e| {
            E::CrlNotPublished {
                why: e.to_string(),
                number: report.crl_number,
                ca_id: report.ca_id,
                path: path.display().to_string(),
            }
            .into()
        })
    };
    // The --out file first: it is the operator's copy, whatever the directory holds.
    for p in pending {
        published(p)?;
    }
    let paths: Vec<std::path::PathBuf> =
        to_publish.iter().map(|p| p.path().to_path_buf()).collect();
    ca::publish_in_order(reg, report.ca_id, report.crl_number, &paths, || {
        to_publish.into_iter().try_for_each(published)
    })?;
    Ok(report)
}

fn crl_issue(ctx: &Context, args: CrlIssueArgs) -> Result<()> {
    if ctx.out.json && args.out.is_none() && args.format.asked() {
        return Err(E::CrlJsonNeedsOut { show: false }.into());
    }
    // Checked before the CRL is issued: a refused output must not use up a CRL number.
    let rules = ctx.output_rules(super::existing(args.force));
    let target = args
        .out
        .as_deref()
        .map(|p| rules.check("--out", p))
        .transpose()?;
    let (mut reg, actor) = ctx.open_as()?;
    let master = ctx.master_key(&mut reg)?;
    let pem = args.format.pem(target.is_some());
    let report = issue_crl(
        ctx,
        &mut reg,
        &actor,
        &master,
        args.ca.as_deref(),
        target.clone().map(|t| (t, pem)),
    )?;
    let summary = |r: &ca::CrlReport| {
        let mut places: Vec<String> = r.published.iter().map(|p| term_safe(p)).collect();
        if let Some(t) = &target {
            places.push(show_path(t.path()));
        }
        let mut args = crl_entries(r.crl_number, &r.ca, r.entries.len()).to_vec();
        args.push(("next", r.next_update.as_str().into()));
        args.push(("places", places.join(", ").into()));
        let id = match places.is_empty() {
            true => msg!("crl-issue-done"),
            false => msg!("crl-issue-done-written"),
        };
        say(id, &args)
    };
    match &target {
        Some(_) => ctx.out.emit(&report, summary),
        None if ctx.out.json => ctx.out.emit(&report, |_| String::new()),
        None => {
            ctx.out.note(summary(&report));
            let bytes = if pem {
                crl_pem(report.der())?
            } else {
                report.der().to_vec()
            };
            write_or_stdout(None, &bytes, 0o644)
        }
    }
}

fn crl_show(ctx: &Context, args: CrlShowArgs) -> Result<()> {
    if ctx.out.json && args.out.is_none() && args.format.asked() {
        return Err(E::CrlJsonNeedsOut { show: true }.into());
    }
    let rules = ctx.output_rules(super::existing(args.force));
    let target = args
        .out
        .as_deref()
        .map(|p| rules.check("--out", p))
        .transpose()?;
    let mut reg = ctx.open()?;
    let view = ca::last_crl(&mut reg, args.ca.as_deref())?;
    if target.is_some() || args.format.asked() {
        let bytes = if args.format.pem(target.is_some()) {
            crl_pem(&view.der)?
        } else {
            view.der.clone()
        };
        write_or_stdout(target.as_ref(), &bytes, 0o644)?;
        if let Some(t) = &target {
            return ctx.out.emit(&view, |v| {
                let mut args = crl_entries(v.crl_number, &v.ca, v.entries.len()).to_vec();
                args.push(("out", show_path(t.path()).into()));
                say(msg!("crl-show-written"), &args)
            });
        }
        return Ok(());
    }
    ctx.out.emit(&view, |v| {
        let next = if v.overdue {
            say(
                msg!("crl-show-overdue"),
                &[
                    ("next", v.next_update.as_str().into()),
                    ("ca_id", Arg::Num(v.ca_id)),
                ],
            )
        } else {
            v.next_update.clone()
        };
        let mut text = labelled(&[
            (msg!("crl-field-ca"), format!("{} {}", v.ca_id, v.ca)),
            (msg!("crl-field-number"), v.crl_number.to_string()),
            (msg!("crl-field-this-update"), v.this_update.clone()),
            (msg!("crl-field-next-update"), next),
            (msg!("ca-field-crl-url"), v.crl_url.clone()),
            (
                msg!("crl-field-published-as"),
                if v.publishes_to.is_empty() {
                    tr(msg!("ca-not-published"))
                } else {
                    v.publishes_to.join(", ")
                },
            ),
            (msg!("crl-field-entries"), v.entries.len().to_string()),
        ]);
        if !v.entries.is_empty() {
            let mut t = table(&[
                msg!("crl-col-serial"),
                msg!("crl-col-revoked-at"),
                msg!("crl-col-reason"),
            ]);
            for e in &v.entries {
                t.row(vec![
                    e.serial.clone(),
                    e.revoked_at.clone(),
                    e.reason.clone(),
                ]);
            }
            if !text.ends_with('\n') {
                text.push('\n');
            }
            text.push_str(&t.render());
        }
        text
    })
}

/// Writes to the checked output atomically, or to stdout when none is given.
/// Under `--json`, reports a file an export wrote to `--out`: `what` (an object naming what
/// was exported) with `format` and `output`. Without `--out` the exported bytes are the
/// output, and text mode says nothing.
pub(super) fn report_export(
    out: super::Out,
    target: Option<&Output>,
    what: impl FnOnce() -> Result<serde_json::Value>,
    format: &str,
) -> Result<()> {
    // Written to stdout, the bytes are the result; to a file, the file is named, as every
    // other command that writes one does (it said nothing).
    let Some(t) = target else {
        return Ok(());
    };
    let mut v = what()?;
    if let Some(m) = v.as_object_mut() {
        m.insert("format".into(), format.into());
        m.insert("output".into(), serde_json::json!(t.path()));
    }
    out.emit(&v, |_| {
        say(
            msg!("export-written"),
            &[
                ("format", format.to_uppercase().into()),
                ("path", show_path(t.path()).into()),
            ],
        )
    })
}

pub(super) fn write_or_stdout(target: Option<&Output>, bytes: &[u8], mode: u32) -> Result<()> {
    match target {
        Some(p) => write_atomic(p, bytes, mode),
        None => {
            super::output::stdout_bytes(bytes);
            Ok(())
        }
    }
}
