//! Man pages, one per (sub)command, generated from the clap definition so they never drift:
//! `tests/man_pages.rs` fails when `man/` differs from what this produces.

use std::path::Path;

use clap::CommandFactory;

use super::Cli;
use crate::error::{Error, Result};

/// The variables catool reads, for the main page (options name theirs too). Only debug
/// builds read the test variables: a release build's clock and checks are not configurable.
const ENVIRONMENT: &str = r#".SH ENVIRONMENT
.TP
\fBCATOOL_DB\fR
Registry file (as \fB\-\-db\fR).
.TP
\fBCATOOL_MASTER_KEY\fR
Master key file (as \fB\-\-master\-key\fR); default: the registry path + ".key".
.TP
\fBCATOOL_ACTOR\fR
The person who acts (as \fB\-\-as\fR); must be proven with \fBCATOOL_AS_PIN\fR or \fB\-\-as\-pin\-file\fR.
.TP
\fBCATOOL_AS_PIN\fR
The PIN of the acting person's certificate (as \fB\-\-as\-pin\-file\fR).
.TP
\fBCATOOL_PIN\fR
A certificate's PIN, for commands that take \fB\-\-pin\-file\fR. With neither, and stdin a terminal, catool asks for the PIN there without echo (a new PIN twice); the \fB\-\-as\fR PIN likewise.
.TP
\fBXDG_DATA_HOME\fR, \fBHOME\fR
Where the default registry lives: $XDG_DATA_HOME/catool/registry.db (else ~/.local/share).
.TP
\fBCATOOL_DEBUG\fR
1: an internal error also prints its message.
.TP
\fBCATOOL_NOW\fR, \fBCATOOL_PANIC_FOR_TEST\fR
Debug (test) builds only: a test clock and a test panic. Release builds ignore them.
"#;

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
    if name == "catool" {
        buf.extend_from_slice(ENVIRONMENT.as_bytes());
    }
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
