//! `catool demo [--dir DIR]`: runs `crate::demo` and prints what it made.

use std::path::PathBuf;

use clap::Args;

use super::output::show_path;
use super::{Context, create_private_dir};
use crate::error::{Error, Result};

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Directory for the demo registry and files [default: a new directory under $TMPDIR]
    #[arg(long)]
    dir: Option<PathBuf>,
}

pub fn run(ctx: &Context, args: DemoArgs) -> Result<()> {
    let dir = match args.dir {
        Some(d) => {
            create_private_dir(&d)?;
            d
        }
        None => tempfile::Builder::new()
            .prefix("catool-demo-")
            .tempdir()
            .map_err(|e| Error::Internal(format!("cannot create a demo directory: {e}")))?
            .keep(),
    };
    ctx.out.note(format!("catool demo in {}", dir.display()));
    let report = crate::demo::run(&dir)?;
    ctx.out.emit(&report, |r| {
        let mut s = String::new();
        for (i, step) in r.steps.iter().enumerate() {
            s.push_str(&format!("{:>2}. {step}\n", i + 1));
        }
        s.push_str(&format!(
            "\nregistry: {}\nlook around: catool --db {} org show {}\n             catool --db {} log\n",
            show_path(&r.registry),
            show_path(&r.registry),
            r.orgs.first().map(|o| o.id).unwrap_or(1),
            show_path(&r.registry)
        ));
        s
    })
}
