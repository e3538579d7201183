//! `catool log`: list and filter the history (D21); `catool log verify`: check its hash chain.

use clap::{Args, Subcommand};

use super::Context;
use super::output::Table;
use crate::domain::{clock, history};
use crate::error::Result;
use crate::registry::{events::Filter, orgs, persons};

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct LogArgs {
    #[command(subcommand)]
    sub: Option<LogSub>,
    /// Only events about this enterprise (id, USCC or name)
    #[arg(long)]
    org: Option<String>,
    /// Only events about or by this person (id, ID number or name)
    #[arg(long)]
    person: Option<String>,
    /// Only events about this certificate id
    #[arg(long)]
    cert: Option<i64>,
    /// Only this action or actions below it (`org` matches `org.add`, `org.member.add` …)
    #[arg(long)]
    action: Option<String>,
    /// Only events at or after this date (2026-11-01) or time (RFC 3339)
    #[arg(long)]
    since: Option<String>,
}

#[derive(Debug, Subcommand)]
enum LogSub {
    /// Check the hash chain; report the first altered or missing event (exit 1 if any)
    Verify,
}

pub fn run(ctx: &Context, args: LogArgs) -> Result<()> {
    let out = ctx.out;
    let mut reg = ctx.open()?;
    if let Some(LogSub::Verify) = args.sub {
        let v = history::verify(&mut reg)?;
        out.emit(&v, |v| match &v.problem {
            None => format!(
                "history intact (历史记录完整): {} events, head {}",
                v.events, v.head_hash
            ),
            Some(_) => String::new(),
        })?;
        return history::ensure_intact(&v);
    }
    let since = args.since.as_deref().map(clock::parse_since).transpose()?;
    let filter = reg.read(|tx| {
        Ok(Filter {
            org_id: args
                .org
                .as_deref()
                .map(|r| orgs::resolve(tx, r))
                .transpose()?
                .map(|o| o.id),
            person_id: args
                .person
                .as_deref()
                .map(|r| persons::resolve(tx, r))
                .transpose()?
                .map(|p| p.id),
            cert_id: args.cert,
            action: args.action.clone(),
            since,
        })
    })?;
    let events = history::list(&mut reg, &filter)?;
    out.emit(&events, |events| {
        let mut t = Table::new(&[
            "SEQ", "AT", "ACTOR", "ACTION", "OBJECT", "OUTCOME", "DETAILS",
        ]);
        for e in events {
            t.row(vec![
                e.seq.to_string(),
                e.at.clone(),
                e.actor.clone(),
                e.action.clone(),
                e.object.clone(),
                e.outcome.clone(),
                e.details.to_string(),
            ]);
        }
        t.render()
    })
}
