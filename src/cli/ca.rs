//! `catool ca …` and `catool crl`.

use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};

use super::Context;
use super::output::{Table, fields, show_path, term_safe};
use crate::domain::ca;
use crate::error::Result;
use crate::fsutil::{Output, write_atomic};
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
        algo: AlgoArg,
        /// Validity in years
        #[arg(long, default_value_t = 10)]
        years: u32,
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

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum AlgoArg {
    Sm2,
    Rsa2048,
    Rsa3072,
    Rsa4096,
}

impl From<AlgoArg> for Algo {
    fn from(a: AlgoArg) -> Algo {
        match a {
            AlgoArg::Sm2 => Algo::Sm2,
            AlgoArg::Rsa2048 => Algo::Rsa2048,
            AlgoArg::Rsa3072 => Algo::Rsa3072,
            AlgoArg::Rsa4096 => Algo::Rsa4096,
        }
    }
}

#[derive(Debug, Args)]
pub struct CrlArgs {
    /// CA id or name [default: the only CA]
    #[arg(long)]
    ca: Option<String>,
    /// Output file [default: stdout, PEM]
    #[arg(long)]
    out: Option<PathBuf>,
    /// PEM instead of DER when writing to a file
    #[arg(long)]
    pem: bool,
    #[arg(long, help = super::FORCE_HELP)]
    force: bool,
}

pub fn run(ctx: &Context, cmd: CaCmd) -> Result<()> {
    let out = ctx.out;
    match cmd {
        CaCmd::Init { name, algo, years } => {
            let (mut reg, actor) = ctx.open_as()?;
            let master = ctx.master_key(&mut reg)?;
            out.note(format!(
                "generating the {} key of CA {} …",
                Algo::from(algo).as_str(),
                term_safe(&name)
            ));
            let ca = ca::init(&mut reg, &actor, &master, &name, algo.into(), years)?;
            out.emit(&ca, |c| {
                format!(
                    "created CA {} {} ({}), valid until {}",
                    c.id,
                    term_safe(&c.name),
                    c.algo,
                    c.not_after
                )
            })
        }
        CaCmd::List => {
            let mut reg = ctx.open()?;
            let cas = ca::list(&mut reg)?;
            out.emit(&cas, |cas| {
                let mut t = Table::new(&["ID", "NAME", "ALGO", "VALID UNTIL", "NEXT CRL"]);
                for c in cas {
                    t.row(vec![
                        c.id.to_string(),
                        c.name.clone(),
                        c.algo.clone(),
                        c.not_after.clone(),
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
                fields(&[
                    ("id", d.ca.id.to_string()),
                    ("name", d.ca.name.clone()),
                    ("algorithm", d.ca.algo.clone()),
                    ("subject", d.subject.clone()),
                    ("serial", d.serial.clone()),
                    ("valid", format!("{} … {}", d.not_before, d.ca.not_after)),
                    ("SHA-256", d.sha256_fingerprint.clone()),
                    ("issued", d.certificates_issued.to_string()),
                    ("next CRL number", d.ca.next_crl_number.to_string()),
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
            write_or_stdout(target.as_ref(), &bytes, 0o644)
        }
    }
}

pub fn crl(ctx: &Context, args: CrlArgs) -> Result<()> {
    // Checked before the CRL is issued: a refused output must not use up a CRL number.
    let rules = ctx.output_rules(super::existing(args.force));
    let target = args
        .out
        .as_deref()
        .map(|p| rules.check("--out", p))
        .transpose()?;
    let (mut reg, actor) = ctx.open_as()?;
    let master = ctx.master_key(&mut reg)?;
    let report = ca::crl(&mut reg, &actor, &master, args.ca.as_deref())?;
    let pem = || {
        der::pem::encode_string("X509 CRL", der::pem::LineEnding::LF, &report.der)
            .map_err(|e| crate::error::Error::Internal(format!("pem: {e}")))
    };
    match &target {
        Some(target) => {
            let bytes = if args.pem {
                pem()?.into_bytes()
            } else {
                report.der.clone()
            };
            write_atomic(target, &bytes, 0o644)?;
            ctx.out.emit(&report, |r| {
                format!(
                    "CRL #{} of {}: {} entr{} → {}",
                    r.crl_number,
                    term_safe(&r.ca),
                    r.entries.len(),
                    if r.entries.len() == 1 { "y" } else { "ies" },
                    show_path(target.path())
                )
            })
        }
        None if ctx.out.json => ctx.out.emit(&report, |_| String::new()),
        None => {
            super::output::stdout(&pem()?);
            Ok(())
        }
    }
}

/// Writes to the checked output atomically, or to stdout when none is given.
pub(super) fn write_or_stdout(target: Option<&Output>, bytes: &[u8], mode: u32) -> Result<()> {
    match target {
        Some(p) => write_atomic(p, bytes, mode),
        None => {
            use std::io::Write;
            std::io::stdout()
                .write_all(bytes)
                .map_err(|e| crate::error::Error::Internal(format!("stdout: {e}")))
        }
    }
}
