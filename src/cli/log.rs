//! `catool log`: list and filter the history (D21); `catool log verify`: check its hash chain.

use clap::{Args, Subcommand};

use super::Context;
use super::ca::{say, table};
use crate::domain::{clock, history, settings};
use crate::error::Result;
use crate::i18n::{Arg, tr};
use crate::msg;

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct LogArgs {
    #[command(subcommand)]
    sub: Option<LogSub>,
    /// Only events about this enterprise (id, USCC or name)
    #[arg(long)]
    org: Option<String>,
    /// Only events about or by this person (id, ID number or name), with every event about
    /// their certificates
    #[arg(long)]
    person: Option<String>,
    /// Only events about this certificate id and the certificates it replaced or that
    /// replaced it (reissue, extension)
    #[arg(long)]
    cert: Option<i64>,
    /// Only this action or actions below it (`org` matches `org.add`, `org.member.add` …)
    #[arg(long)]
    action: Option<String>,
    /// Only events at or after this date (2026-11-01, from its local midnight) or time
    #[arg(long)]
    since: Option<String>,
    /// Only events up to this date (2026-11-30, the whole local day) or before this time
    #[arg(long)]
    until: Option<String>,
    #[command(flatten)]
    page: super::page::PageArgs,
}

#[derive(Debug, Subcommand)]
enum LogSub {
    /// Check the keyed chain, time order and the schema, and replay the history against the
    /// stored certificates (body, serial, CA, status …), slots, packages, seals, grants,
    /// memberships, CAs and TSAs (certificate, CRL publication) and settings; report the first
    /// altered or missing event and the first row that differs (exit 1 if any)
    Verify {
        /// A head printed by an earlier `log verify` (SEQ:HASH): fails if that event is no
        /// longer in the history (an older copy of the registry restored, or a rewrite)
        #[arg(long, value_name = "SEQ:HASH")]
        head: Option<String>,
    },
}

/// How many findings of a failed `log verify` the text output names.
const SHOWN: usize = 3;

pub fn run(ctx: &Context, args: LogArgs) -> Result<()> {
    let out = ctx.out;
    if let Some(LogSub::Verify { head }) = args.sub {
        let (mut reg, schema_problems) = ctx.open_for_verify()?;
        let master = ctx.master_key(&mut reg)?;
        // A v1 history is re-keyed here as on any command; if that is refused, `verify`
        // reports why, so the error itself adds nothing.
        let _ = history::start_chain(&mut reg, &master);
        let v = history::verify(&mut reg, &master, &schema_problems, head.as_deref())?;
        out.emit(&v, |v| match &v.problem {
            None => {
                let count = |n: usize| Arg::Num(crate::pki::error::num(n));
                let none = tr(msg!("value-none"));
                let head = if v.head.is_empty() { &none } else { &v.head };
                let mut text = say(
                    msg!("log-verify-intact"),
                    &[
                        ("events", Arg::Num(crate::pki::error::num(v.events))),
                        ("head", head.into()),
                    ],
                );
                if !v.not_provable.is_empty() {
                    text.push('\n');
                    text.push_str(&say(
                        msg!("log-verify-not-provable"),
                        &[("facts", count(v.not_provable.len()))],
                    ));
                }
                text
            }
            Some(_) => String::new(),
        })?;
        // The refusal names the first finding; the next ones go before it (all with --json).
        for finding in v.findings.iter().skip(1).take(SHOWN - 1) {
            out.note(say(
                msg!("log-verify-also"),
                &[("finding", finding.to_string().into())],
            ));
        }
        return history::ensure_intact(&v);
    }
    let mut reg = ctx.open()?;
    let (since, until) = reg.read(|tx| {
        let zone = settings::zone(tx)?;
        let bound = |flag: &str, v: &Option<String>, end: bool| {
            v.as_deref()
                .map(|s| clock::parse_bound(flag, s, zone, end))
                .transpose()
        };
        Ok((
            bound("--since", &args.since, false)?,
            bound("--until", &args.until, true)?,
        ))
    })?;
    let listed = history::query(
        &mut reg,
        &history::LogQuery {
            org: args.org.as_deref(),
            person: args.person.as_deref(),
            cert: args.cert,
            action: args.action.clone(),
            since,
            until,
        },
        args.page.page(),
    )?;
    out.emit(&listed.rows, |events| {
        let mut t = table(&[
            msg!("log-col-seq"),
            msg!("log-col-at"),
            msg!("log-col-actor"),
            msg!("log-col-machine"),
            msg!("log-col-action"),
            msg!("log-col-object"),
            msg!("log-col-outcome"),
            msg!("log-col-details"),
        ]);
        for e in events {
            t.row(vec![
                e.seq.to_string(),
                e.at.to_string(),
                e.actor.clone(),
                machine(e),
                e.action.clone(),
                e.object.clone(),
                e.outcome.to_string(),
                e.details.to_string(),
            ]);
        }
        t.render()
    })?;
    super::page::note_more(&out, &listed);
    Ok(())
}

/// Where an event's command ran, `os_user@host` (none for events from before it was
/// recorded).
fn machine(e: &crate::model::Event) -> String {
    match (&e.os_user, &e.host) {
        (None, None) => tr(msg!("value-none")),
        (u, h) => format!(
            "{}@{}",
            u.as_deref().unwrap_or("?"),
            h.as_deref().unwrap_or("?")
        ),
    }
}
