//! `catool seal maker …`, `seal import`, and the .esl side of `seal export` and `seal show`:
//! the registry's seals as GB/T 38540 SES_Seal structures (issue 19). The structures follow
//! every seal change: the seal commands call [`follow`] after theirs.

use std::path::Path;

use clap::{Subcommand, ValueEnum};

use super::Context;
use super::ca::{labelled, say, table};
use super::output::{show_path, term_safe};
use crate::domain::seal_esl::{self, EslView};
use crate::domain::seal_maker;
use crate::domain::{Actor, seal_import};
use crate::error::Result;
use crate::fsutil::write_atomic;
use crate::i18n::Arg;
use crate::model::Id;
use crate::msg;
use crate::registry::Registry;
use crate::seal::render::SealKind;

#[derive(Debug, Subcommand)]
pub enum MakerCmd {
    /// Create the seal-making authority (制章者) of a registry CA: a key and a certificate the CA issues, which signs every seal's .esl (SES_Seal)
    Init {
        /// CA id or name [default: the only CA]; the maker's key takes its algorithm (SM2 or RSA)
        #[arg(long)]
        ca: Option<String>,
        /// The maker's name, its certificate's CN [default: "<CA name> 印章制作中心"]
        #[arg(long)]
        name: Option<String>,
    },
    /// List seal-making authorities (the newest signs new .esl files)
    List,
    /// Show a seal-making authority: its CA, certificate subject, serial and validity
    Show {
        /// Maker id or name
        maker: String,
    },
}

/// What `seal export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// The seal's picture
    Png,
    /// The seal as GB/T 38540 defines it: SES_Seal V4, DER, signed by the seal-making authority
    Esl,
}

pub fn maker(ctx: &Context, cmd: MakerCmd) -> Result<()> {
    let out = ctx.out;
    match cmd {
        MakerCmd::Init { ca, name } => {
            let (mut reg, actor) = ctx.open_as()?;
            let master = ctx.master_key(&mut reg)?;
            let m = seal_maker::init(&mut reg, &actor, &master, ca.as_deref(), name.as_deref())?;
            out.emit(&m, |m| {
                say(
                    msg!("seal-maker-made"),
                    &[
                        ("id", Arg::Num(m.id)),
                        ("name", term_safe(&m.name).into()),
                        ("algo", m.algo.as_str().into()),
                        ("until", m.not_after.into()),
                    ],
                )
            })
        }
        MakerCmd::List => {
            let mut reg = ctx.open()?;
            let all = seal_maker::list(&mut reg)?;
            out.emit(&all, |all| {
                let mut t = table(&[
                    msg!("seal-maker-col-id"),
                    msg!("seal-maker-col-name"),
                    msg!("seal-maker-col-ca"),
                    msg!("seal-maker-col-algo"),
                    msg!("seal-maker-col-until"),
                ]);
                for m in all {
                    t.row(vec![
                        m.id.to_string(),
                        m.name.clone(),
                        m.ca_id.to_string(),
                        m.algo.to_string(),
                        m.not_after.to_string(),
                    ]);
                }
                t.render()
            })
        }
        MakerCmd::Show { maker: r } => {
            let mut reg = ctx.open()?;
            let d = seal_maker::show(&mut reg, &r)?;
            out.emit(&d, |d| {
                labelled(&[
                    (msg!("seal-maker-col-id"), d.maker.id.to_string()),
                    (msg!("seal-maker-col-name"), d.maker.name.clone()),
                    (msg!("seal-maker-col-ca"), d.ca.clone()),
                    (msg!("seal-maker-col-algo"), d.maker.algo.to_string()),
                    (msg!("seal-maker-field-subject"), d.subject.clone()),
                    (msg!("seal-maker-field-serial"), d.serial.clone()),
                    (
                        msg!("seal-maker-field-valid"),
                        format!("{} … {}", d.not_before, d.maker.not_after),
                    ),
                    (
                        msg!("seal-maker-field-sha256"),
                        d.sha256_fingerprint.clone(),
                    ),
                ])
            })
        }
    }
}

/// After a seal command changed seal `seal_id`: its .esl follows (a no-op without a maker).
pub fn follow(
    ctx: &Context,
    reg: &mut Registry,
    actor: &Actor,
    seal_id: Id,
    why: &str,
) -> Result<()> {
    let master = ctx.master_key(reg)?;
    seal_esl::follow(reg, actor, &master, seal_id, why)?;
    Ok(())
}

/// What `seal show --json` prints: the seal, its assignments and grants, and its .esl.
#[derive(serde::Serialize)]
pub struct Shown<'a> {
    #[serde(flatten)]
    pub details: &'a crate::domain::seal::SealDetails,
    pub esl: Option<&'a EslView>,
}

/// `seal export --format esl`.
pub fn export_esl(ctx: &Context, seal: Id, path: &Path, force: bool) -> Result<()> {
    let target = ctx
        .output_rules(super::existing(force))
        .check("--out", path)?;
    let (mut reg, actor) = ctx.open_as()?;
    let master = ctx.master_key(&mut reg)?;
    let (der, view) = seal_esl::export(&mut reg, &actor, &master, seal)?;
    write_atomic(&target, &der, 0o644)?;
    ctx.out.emit(
        &serde_json::json!({ "seal_id": seal, "format": "esl", "output": path, "esl": view }),
        |_| {
            say(
                msg!("seal-esl-exported"),
                &[
                    ("seal", Arg::from(seal)),
                    ("esid", Arg::from(view.es_id.as_str())),
                    ("path", Arg::Text(show_path(path))),
                ],
            )
        },
    )
}

/// The lines `seal show` adds for a seal's .esl.
pub fn esl_lines(view: Option<&EslView>) -> String {
    let Some(v) = view else {
        return say(msg!("seal-show-no-esl"), &[]);
    };
    let certs = if v.cert_list.is_empty() && v.cert_list_len > 0 {
        say(
            msg!("seal-show-esl-foreign-certs"),
            &[(
                "count",
                Arg::Num(i64::try_from(v.cert_list_len).unwrap_or(i64::MAX)),
            )],
        )
    } else if v.cert_list.is_empty() {
        say(msg!("seal-show-esl-no-certs"), &[])
    } else {
        v.cert_list
            .iter()
            .map(Id::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    };
    labelled(&[
        (msg!("seal-show-esl-esid"), v.es_id.clone()),
        (msg!("seal-show-esl-version"), v.version.to_string()),
        (msg!("seal-show-esl-maker"), term_safe(&v.maker)),
        (
            msg!("seal-show-esl-valid"),
            format!("{} … {}", v.valid_start, v.valid_end),
        ),
        (msg!("seal-show-esl-certs"), certs),
    ])
}

/// `seal import FILE.esl --org O`.
pub fn import(ctx: &Context, file: &Path, org: &str, kind: SealKind) -> Result<()> {
    let bytes = super::read_input_file("FILE", file)?;
    let (mut reg, actor) = ctx.open_as()?;
    let shown = show_path(file);
    let imported = seal_import::import(&mut reg, &actor, &shown, &bytes, org, kind)?;
    ctx.out.emit(&imported, |i| {
        say(
            if i.trusted {
                msg!("seal-imported-effective")
            } else {
                msg!("seal-imported-pending")
            },
            &[
                ("seal", Arg::from(i.seal.id)),
                ("esid", Arg::from(i.es_id.as_str())),
                ("maker", term_safe(&i.maker).into()),
                ("path", Arg::Text(shown.clone())),
            ],
        )
    })
}
