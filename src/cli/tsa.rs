//! `catool tsa …`: time-stamping authorities (RFC 3161, 时间戳) of registry CAs — create,
//! list, show, export the certificate, stamp a file, serve over HTTP, check a token.

use std::path::PathBuf;

use clap::{Subcommand, ValueEnum};

use super::Context;
use super::ca::{labelled, say, table, write_or_stdout};
use super::output::{show_path, term_safe};
use crate::domain::authority_error::AuthorityError as E;
use crate::domain::tsa::{self, RegistryTsa};
use crate::error::Result;
use crate::fsutil::write_atomic;
use crate::i18n::Arg;
use crate::msg;
use crate::pki::keys::Algo;
use crate::pki::signed_data::DigestAlg;
use crate::pki::tsp_http::Outcome;

#[derive(Debug, Subcommand)]
pub enum TsaCmd {
    /// Create a TSA of a registry CA: a key and a time-stamping certificate the CA issues
    Init {
        /// CA id or name [default: the only CA]
        #[arg(long)]
        ca: Option<String>,
        /// TSA name, its certificate's CN [default: "<CA name> TSA"]
        #[arg(long)]
        name: Option<String>,
        /// Key algorithm [default: the CA's]
        #[arg(long, value_enum)]
        algo: Option<Algo>,
        /// TSA policy OID written in every token [default: 1.2.3.4.1, OpenSSL's sample policy]
        #[arg(long, value_name = "OID")]
        policy: Option<String>,
    },
    /// List TSAs
    List,
    /// Show a TSA: certificate, policy, tokens issued
    Show {
        /// TSA id or name
        tsa: String,
    },
    /// Write the TSA certificate (PEM) to a file or stdout
    Export {
        /// TSA id or name
        tsa: String,
        /// Output file [default: stdout]
        #[arg(long)]
        out: Option<PathBuf>,
        #[arg(long, help = super::FORCE_HELP)]
        force: bool,
    },
    /// Timestamp a file: write the TimeStampToken (or with --reply the whole TimeStampResp)
    Stamp {
        /// The file to timestamp (hashed, never stored)
        file: PathBuf,
        /// TSA id or name [default: the only TSA]
        #[arg(long)]
        tsa: Option<String>,
        /// Hash of the file [default: sm3 for an SM2 TSA, sha256 for an RSA one]
        #[arg(long, value_enum)]
        hash: Option<HashArg>,
        /// Output file (DER)
        #[arg(long)]
        out: PathBuf,
        /// Write a TimeStampResp (what `openssl ts -verify -in` reads) instead of the token
        #[arg(long)]
        reply: bool,
        #[arg(long, help = super::FORCE_HELP)]
        force: bool,
    },
    /// Answer RFC 3161 requests over HTTP (POST application/timestamp-query); Ctrl-C stops it
    Serve {
        /// TSA id or name [default: the only TSA]
        #[arg(long)]
        tsa: Option<String>,
        /// Address to listen on, e.g. 127.0.0.1:3161 (port 0: any free port)
        #[arg(long, value_name = "ADDR")]
        listen: String,
        /// Stop after this many requests [default: run until stopped]
        #[arg(long, value_name = "N")]
        max_requests: Option<u64>,
    },
    /// Check a timestamp token (or reply) over a file: signature, TSA certificate, imprint, trust
    Check {
        /// The token (or TimeStampResp), DER
        token: PathBuf,
        /// The file the token should stamp
        #[arg(long)]
        data: PathBuf,
        /// CA certificate(s) the TSA certificate must chain to [default: the registry's CAs]
        #[arg(long, value_name = "CA.pem")]
        trust: Vec<PathBuf>,
        /// Instead of checking a token, fetch one for --data from this TSA and write it to TOKEN
        #[arg(long, value_name = "URL")]
        fetch_from: Option<String>,
        /// Seconds to wait for --fetch-from
        #[arg(long, default_value_t = 10)]
        timeout: u64,
        #[arg(long, help = super::FORCE_HELP)]
        force: bool,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum HashArg {
    Sha256,
    Sha384,
    Sha512,
    Sm3,
}

impl From<HashArg> for DigestAlg {
    fn from(h: HashArg) -> DigestAlg {
        match h {
            HashArg::Sha256 => DigestAlg::Sha256,
            HashArg::Sha384 => DigestAlg::Sha384,
            HashArg::Sha512 => DigestAlg::Sha512,
            HashArg::Sm3 => DigestAlg::Sm3,
        }
    }
}

pub fn run(ctx: &Context, cmd: TsaCmd) -> Result<()> {
    let out = ctx.out;
    match cmd {
        TsaCmd::Init {
            ca,
            name,
            algo,
            policy,
        } => {
            let (mut reg, actor) = ctx.open_as()?;
            let master = ctx.master_key(&mut reg)?;
            let t = tsa::init(
                &mut reg,
                &actor,
                &master,
                ca.as_deref(),
                name.as_deref(),
                algo,
                policy.as_deref(),
            )?;
            out.emit(&t, |t| {
                say(
                    msg!("tsa-init-done"),
                    &[
                        ("id", Arg::Num(t.id)),
                        ("name", term_safe(&t.name).into()),
                        ("algo", t.algo.as_str().into()),
                        ("policy", t.policy_oid.as_str().into()),
                        ("until", t.not_after.into()),
                    ],
                )
            })
        }
        TsaCmd::List => {
            let mut reg = ctx.open()?;
            let all = tsa::list(&mut reg)?;
            out.emit(&all, |all| {
                let mut t = table(&[
                    msg!("ca-col-id"),
                    msg!("ca-col-name"),
                    msg!("tsa-col-ca"),
                    msg!("ca-col-algo"),
                    msg!("tsa-col-policy"),
                    msg!("ca-col-valid-until"),
                    msg!("tsa-col-tokens"),
                ]);
                for x in all {
                    t.row(vec![
                        x.id.to_string(),
                        x.name.clone(),
                        x.ca_id.to_string(),
                        x.algo.to_string(),
                        x.policy_oid.clone(),
                        x.not_after.to_string(),
                        (x.next_serial - 1).to_string(),
                    ]);
                }
                t.render()
            })
        }
        TsaCmd::Show { tsa: r } => {
            let mut reg = ctx.open()?;
            let d = tsa::show(&mut reg, &r)?;
            out.emit(&d, |d| {
                labelled(&[
                    (msg!("ca-field-id"), d.tsa.id.to_string()),
                    (msg!("ca-field-name"), d.tsa.name.clone()),
                    (msg!("tsa-field-ca"), d.ca.clone()),
                    (msg!("ca-field-algorithm"), d.tsa.algo.to_string()),
                    (msg!("tsa-field-policy"), d.tsa.policy_oid.clone()),
                    (msg!("ca-field-subject"), d.subject.clone()),
                    (msg!("ca-field-serial"), d.serial.clone()),
                    (
                        msg!("ca-field-valid"),
                        format!("{} … {}", d.not_before, d.tsa.not_after),
                    ),
                    (msg!("ca-field-sha256"), d.sha256_fingerprint.clone()),
                    (msg!("tsa-field-tokens"), d.tokens_issued.to_string()),
                ])
            })
        }
        TsaCmd::Export {
            tsa: r,
            out: path,
            force,
        } => {
            let rules = ctx.output_rules(super::existing(force));
            let target = path.map(|p| rules.check("--out", &p)).transpose()?;
            let mut reg = ctx.open()?;
            let bytes = tsa::export(&mut reg, &r)?;
            write_or_stdout(target.as_ref(), &bytes, 0o644)?;
            let what = || {
                let d = tsa::show(&mut reg, &r)?;
                Ok(serde_json::json!({ "tsa": d.tsa.name, "tsa_id": d.tsa.id }))
            };
            super::ca::report_export(out, target.as_ref(), what, "pem")
        }
        TsaCmd::Stamp {
            file,
            tsa: r,
            hash,
            out: path,
            reply,
            force,
        } => {
            let mut rules = ctx.output_rules(super::existing(force));
            rules.input("FILE", &file);
            let target = rules.check("--out", &path)?;
            let data = super::read_input_file("FILE", &file)?;
            let (mut reg, actor) = ctx.open_as()?;
            let master = ctx.master_key(&mut reg)?;
            let mut t = RegistryTsa::open(reg, actor, &master, r.as_deref(), "cli")?;
            let alg = hash.map(DigestAlg::from).unwrap_or(match t.tsa().algo {
                Algo::Sm2 => DigestAlg::Sm3,
                _ => DigestAlg::Sha256,
            });
            let digest = alg.digest(&[&data]);
            let imprint = crate::pki::tsp::message_imprint(alg, &digest)?;
            let stamped = t.issue(&imprint, None)?;
            let serial = stamped.serial;
            // As `tsa check` shows a token's serial: hex, without leading zero bytes.
            let be = serial.to_be_bytes();
            let first = be.iter().position(|b| *b != 0).unwrap_or(be.len() - 1);
            let serial_hex = crate::hex::encode(&be[first..]).to_uppercase();
            let bytes = if reply {
                crate::pki::tsp::granted(&stamped.token)?
            } else {
                stamped.token
            };
            write_atomic(&target, &bytes, 0o644)?;
            let report = serde_json::json!({
                "tsa": t.tsa().name, "tsa_id": t.tsa().id, "serial": serial_hex,
                "imprint_alg": alg.name(), "imprint": crate::hex::encode(&digest),
                "output": target.path(),
                "kind": if reply { "reply" } else { "token" },
            });
            out.emit(&report, |_| {
                say(
                    msg!("tsa-stamp-done"),
                    &[
                        ("file", show_path(&file).into()),
                        ("alg", alg.name().into()),
                        ("digest", crate::hex::encode(&digest).into()),
                        ("tsa", term_safe(&t.tsa().name).into()),
                        ("serial", Arg::Num(serial)),
                        ("out", show_path(target.path()).into()),
                    ],
                )
            })
        }
        TsaCmd::Serve {
            tsa: r,
            listen,
            max_requests,
        } => {
            let (mut reg, actor) = ctx.open_as()?;
            let master = ctx.master_key(&mut reg)?;
            let mut t = RegistryTsa::open(reg, actor, &master, r.as_deref(), "http")?;
            let listener = std::net::TcpListener::bind(&listen).map_err(|e| E::TsaListen {
                addr: listen.clone(),
                detail: e.to_string(),
            })?;
            let addr = listener
                .local_addr()
                .map(|a| a.to_string())
                .unwrap_or(listen);
            // Always on stderr, even with --quiet: scripts and tests wait for this line.
            // It starts with `listening on ADDR` in every language.
            super::output::stderr(&say(
                msg!("tsa-serve-listening"),
                &[
                    ("addr", addr.as_str().into()),
                    ("tsa", term_safe(&t.tsa().name).into()),
                ],
            ));
            let quiet = out.quiet;
            tsa::serve(&mut t, &listener, max_requests, &mut |s| {
                if !quiet {
                    super::output::stderr(&format!(
                        "{} {} {}",
                        s.peer,
                        s.status,
                        term_safe(&outcome_line(&s.outcome))
                    ));
                }
            })
        }
        TsaCmd::Check {
            token,
            data,
            trust,
            fetch_from,
            timeout,
            force,
        } => {
            let bytes = super::read_input_file("--data", &data)?;
            if let Some(url) = fetch_from {
                return fetch(ctx, &url, timeout, &token, &data, &bytes, force);
            }
            let raw = super::read_cert_file("TOKEN", &token)?;
            let anchors = trust
                .iter()
                .map(|p| read_certificate("--trust", p))
                .collect::<Result<Vec<_>>>()?;
            let report = if anchors.is_empty() {
                let mut reg = ctx.open()?;
                tsa::check(Some(&mut reg), &raw, &bytes, &anchors)?
            } else {
                tsa::check(None, &raw, &bytes, &anchors)?
            };
            out.emit(&report, |r| {
                labelled(&[
                    (
                        msg!("tsa-field-verdict"),
                        say(msg!("tsa-verdict-valid"), &[]),
                    ),
                    (msg!("tsa-field-time"), r.gen_time.clone()),
                    (msg!("ca-field-serial"), r.serial.clone()),
                    (msg!("tsa-field-tsa"), term_safe(&r.tsa_subject)),
                    (msg!("tsa-field-tsa-issuer"), term_safe(&r.tsa_issuer)),
                    (
                        msg!("tsa-field-trusted-by"),
                        r.trusted_by
                            .as_ref()
                            .map(|a| term_safe(&a.label(crate::i18n::lang())))
                            .unwrap_or_default(),
                    ),
                    (msg!("tsa-field-policy"), r.policy.clone()),
                    (msg!("tsa-field-imprint"), r.imprint_alg.to_string()),
                    (msg!("tsa-field-signature"), r.signature_algorithm.clone()),
                ])
            })
        }
    }
}

/// `tsa check --fetch-from URL`: asks that TSA for a token over --data, checks the reply
/// (status, nonce, imprint, signature, time-stamping certificate) and writes the token.
fn fetch(
    ctx: &Context,
    url: &str,
    timeout: u64,
    token_path: &std::path::Path,
    data_path: &std::path::Path,
    data: &[u8],
    force: bool,
) -> Result<()> {
    use crate::pki::timestamper::Timestamper;
    let mut rules = ctx.output_rules(super::existing(force));
    rules.input("--data", data_path);
    let target = rules.check("TOKEN", token_path)?;
    if !(1..=600).contains(&timeout) {
        return Err(E::TsaTimeoutRange {
            timeout: crate::pki::error::num(timeout),
        }
        .into());
    }
    let mut http =
        crate::pki::tsp_http::HttpTsa::new(url, std::time::Duration::from_secs(timeout))?;
    let alg = DigestAlg::Sha256;
    let token = http.timestamp(alg, &alg.digest(&[data]))?;
    write_atomic(&target, &token, 0o644)?;
    let report = serde_json::json!({ "tsa_url": url, "output": target.path() });
    ctx.out.emit(&report, |_| {
        say(
            msg!("tsa-fetch-done"),
            &[
                ("url", term_safe(url).into()),
                ("out", show_path(target.path()).into()),
            ],
        )
    })
}

/// A served request's outcome as the server's log line says it.
fn outcome_line(o: &Outcome) -> String {
    match o {
        Outcome::Granted {
            serial,
            alg,
            imprint,
        } => say(
            msg!("tsa-serve-granted"),
            &[
                ("serial", Arg::Num(*serial)),
                ("alg", alg.as_str().into()),
                ("imprint", imprint.as_str().into()),
            ],
        ),
        Outcome::GrantedUnrecorded => say(msg!("tsa-serve-granted-unrecorded"), &[]),
        Outcome::Rejected { why } => say(msg!("tsa-serve-rejected"), &[("why", why.into())]),
        Outcome::HeadTooLarge => say(msg!("tsa-serve-head-too-large"), &[]),
        Outcome::TimedOut => say(msg!("tsa-serve-timed-out"), &[]),
        Outcome::MethodNotAllowed => say(msg!("tsa-serve-method"), &[]),
        Outcome::NoLength => say(msg!("tsa-serve-no-length"), &[]),
        Outcome::TooLarge => say(msg!("tsa-serve-too-large"), &[]),
        Outcome::WrongContentType => say(msg!("tsa-serve-content-type"), &[]),
        Outcome::ClosedBeforeRequest => say(msg!("tsa-serve-closed-early"), &[]),
        Outcome::ClosedMidRequest => say(msg!("tsa-serve-closed-mid"), &[]),
        Outcome::ReadFailed { detail } => {
            say(msg!("tsa-serve-read-failed"), &[("detail", detail.into())])
        }
    }
}

/// A certificate file, PEM or DER.
pub(super) fn read_certificate(
    flag: &str,
    path: &std::path::Path,
) -> Result<x509_cert::Certificate> {
    use der::{Decode, DecodePem};
    let raw = super::read_cert_file(flag, path)?;
    let parsed = if raw.starts_with(b"-----") {
        x509_cert::Certificate::from_pem(&raw).map_err(|e| e.to_string())
    } else {
        x509_cert::Certificate::from_der(&raw).map_err(|e| e.to_string())
    };
    parsed.map_err(|detail| {
        E::CertFileUnreadable {
            flag: flag.to_string(),
            path: path.display().to_string(),
            detail,
        }
        .into()
    })
}
