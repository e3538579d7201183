//! `catool demo [--dir DIR]`: runs `crate::demo` and prints what it made.

use std::path::PathBuf;

use clap::Args;

use super::ca::say;
use super::output::show_path;
use super::{Context, create_private_dir};
use crate::domain::authority_error::AuthorityError as E;
use crate::error::Result;
use crate::i18n::Arg;
use crate::msg;

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Directory for the demo registry and files, new or empty [default: a new directory under $TMPDIR]
    #[arg(long)]
    dir: Option<PathBuf>,
}

pub fn run(ctx: &Context, args: DemoArgs) -> Result<()> {
    let dir = match args.dir {
        Some(d) => {
            create_private_dir(&d)?;
            // Resolved once: the emptiness check, the registry, its key and every file
            // written go to this directory, whatever a link on its path points at later.
            crate::fsutil::resolve(&d)
        }
        None => tempfile::Builder::new()
            .prefix("catool-demo-")
            .tempdir()
            .map_err(|e| E::DemoDirUnusable {
                detail: e.to_string(),
            })?
            .keep(),
    };
    ctx.out.note(say(
        msg!("demo-starting"),
        &[("dir", show_path(&dir).into())],
    ));
    let report = crate::demo::run(&dir)?;
    ctx.out.emit(&report, |r| {
        let mut s = String::new();
        for (i, step) in r.steps.iter().enumerate() {
            s.push_str(&format!("{:>2}. {step}\n", i + 1));
        }
        s.push('\n');
        s.push_str(&say(
            msg!("demo-look-around"),
            &[
                ("registry", show_path(&r.registry).into()),
                ("org", Arg::Num(r.orgs.first().map(|o| o.id).unwrap_or(1))),
            ],
        ));
        s.push('\n');
        s
    })
}
