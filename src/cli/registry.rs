//! `catool registry`: administering the registry itself; `registry copy` moves one between an
//! SQLite file and a PostgreSQL database (issue 18).

use std::ffi::OsString;

use clap::Subcommand;

use super::Context;
use super::ca::{say, table};
use crate::domain::registry_copy;
use crate::error::Result;
use crate::fsutil::Existing;
use crate::i18n::Arg;
use crate::msg;
use crate::registry::backend::Location;

#[derive(Debug, Subcommand)]
pub enum RegistryCmd {
    /// Copy a registry with its whole history into a new one: an SQLite file to a PostgreSQL database or back (operator only); the target must be a file that does not exist yet or an empty database, and is left empty or complete, never half; needs the source's master key, and records the copy in the new registry's history
    Copy {
        /// The registry to copy: a file (PATH or sqlite:PATH) or postgres://USER@HOST/DBNAME
        #[arg(long, value_name = "LOCATION")]
        from: OsString,
        /// The new registry: a file that does not exist yet, or an empty PostgreSQL database
        #[arg(long, value_name = "LOCATION")]
        to: OsString,
    },
}

pub fn run(ctx: &Context, cmd: RegistryCmd) -> Result<()> {
    let out = ctx.out;
    match cmd {
        RegistryCmd::Copy { from, to } => {
            // The source and its key resolved once too (their links followed now, not when
            // opened): the key beside the path as given, as for the command's own registry.
            let (from, source) = match Location::parse(&from)? {
                Location::Sqlite(path) => {
                    let pin = ctx.pin_sqlite(&path);
                    (Location::Sqlite(pin.file.clone()), Some((path, pin)))
                }
                server => (server, None),
            };
            // The target's directories resolved once: a link on its path retargeted while
            // the copy runs (the source's key read from a FIFO, say) cannot move the file
            // that was checked.
            let to = match Location::parse(&to)? {
                Location::Sqlite(path) => Location::Sqlite(crate::fsutil::resolve_dir(&path)),
                server => server,
            };
            // A target file is never the registry in use, the source, or a file of either
            // (an existing file is opened as a registry and written: a live WAL would be).
            // (One registry on both sides is refused as such, by the copy.)
            if let Location::Sqlite(path) = &to
                && !registry_copy::same(&from, &to)
            {
                let mut rules = ctx.output_rules(Existing::Replace);
                if let Some((given, pin)) = &source {
                    super::registry_paths::protect_sqlite_registry(&mut rules, given, pin);
                }
                rules.check("--to", path)?;
            }
            let report = registry_copy::copy(&from, &to, ctx.acting_as(), |reg| match &source {
                Some((_, pin)) => ctx.master_key_pinned(reg, pin),
                None => ctx.master_key(reg),
            })?;
            out.emit(&report, |r| {
                let mut t = table(&[
                    msg!("registry-copy-col-table"),
                    msg!("registry-copy-col-rows"),
                ]);
                for c in &r.tables {
                    t.row(vec![c.table.clone(), c.rows.to_string()]);
                }
                let mut text = t.render();
                if !text.ends_with('\n') {
                    text.push('\n');
                }
                text.push_str(&say(
                    msg!("registry-copy-done"),
                    &[
                        ("from", r.from.as_str().into()),
                        ("to", r.to.as_str().into()),
                        ("rows", Arg::Num(crate::pki::error::num(r.rows))),
                        ("event", Arg::Num(r.event)),
                    ],
                ));
                if !r.stale_removed.is_empty() {
                    if !text.ends_with('\n') {
                        text.push('\n');
                    }
                    text.push_str(&say(
                        msg!("registry-copy-stale-removed"),
                        &[("files", r.stale_removed.join(", ").into())],
                    ));
                }
                text
            })
        }
    }
}
