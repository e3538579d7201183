//! Man pages, one per (sub)command, generated from the clap definition so they never drift:
//! `tests/man_pages.rs` fails when `man/` differs from what this produces.

use std::path::Path;

use clap::CommandFactory;

use super::Cli;
use crate::error::{Error, Result};

/// Every page as (file name, roff bytes), e.g. `catool-org-member-add.1`.
pub fn pages() -> Result<Vec<(String, Vec<u8>)>> {
    let mut cmd = Cli::command();
    cmd.build();
    let mut pages = Vec::new();
    collect(&cmd, "catool", &mut pages)?;
    Ok(pages)
}

fn collect(cmd: &clap::Command, name: &str, pages: &mut Vec<(String, Vec<u8>)>) -> Result<()> {
    let page_cmd = cmd.clone().name(name.to_string());
    let mut buf = Vec::new();
    clap_mangen::Man::new(page_cmd)
        .render(&mut buf)
        .map_err(|e| Error::Internal(format!("man page {name}: {e}")))?;
    pages.push((format!("{name}.1"), buf));
    for sub in cmd.get_subcommands() {
        if sub.is_hide_set() || sub.get_name() == "help" {
            continue;
        }
        collect(sub, &format!("{name}-{}", sub.get_name()), pages)?;
    }
    Ok(())
}

pub fn write_all(dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir)
        .map_err(|e| Error::BadInput(format!("cannot create {}: {e}", dir.display())))?;
    for (name, bytes) in pages()? {
        // Generated pages replace the previous generation: that is what this command is for.
        let page = crate::fsutil::Output::internal(&dir.join(name));
        crate::fsutil::write_atomic(&page, &bytes, 0o644)?;
    }
    Ok(())
}
