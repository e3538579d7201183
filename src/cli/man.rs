//! Man pages, one per (sub)command, generated from the clap definition so they never drift,
//! and `catool-rules(7)`, generated from `docs/rules.md`: `tests/it/cli.rs` fails when `man/`
//! differs from what this produces.

use std::path::Path;

use clap::CommandFactory;

use super::Cli;
use crate::error::{Error, Result, exit};

/// The domain rules (D1…D22), one source for the README (which links the file) and the
/// `catool-rules(7)` page.
const RULES_MD: &str = include_str!("../../docs/rules.md");

/// The variables catool reads, for the main page (options name theirs too). Only debug
/// builds read the test variables: a release build's clock and checks are not configurable.
const ENVIRONMENT: &str = r#".SH ENVIRONMENT
.TP
\fBCATOOL_DB\fR
The registry (as \fB\-\-db\fR): a file (\fIPATH\fR or \fBsqlite:\fR\fIPATH\fR), or a PostgreSQL database shared by a team, \fBpostgres://\fR\fIUSER\fR[\fB:\fR\fIPASSWORD\fR]\fB@\fR\fIHOST\fR[\fB:\fR\fIPORT\fR]\fB/\fR\fIDBNAME\fR[\fB?sslmode=\fR...\fB&sslrootcert=\fR...] or \fBpostgres://\fR\fIUSER\fR\fB@/\fR\fIDBNAME\fR\fB?host=/run/postgresql\fR (a Unix socket). The database must exist; an empty one becomes a registry.
.TP
\fBPGHOST\fR, \fBPGUSER\fR, \fBPGPASSWORD\fR
For a \fBpostgres://\fR registry, as libpq reads them: the server when the URL names no host (else \fI/run/postgresql\fR), the role when it names no user (else the OS user), the password when it gives none. Messages name the server without the password.
.TP
\fBCATOOL_MASTER_KEY\fR
Master key file (as \fB\-\-master\-key\fR); default: the registry path + ".key", or for a PostgreSQL registry \fI$XDG_DATA_HOME/catool/master.key\fR (each operator machine holds a copy of the team's key).
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
\fBCATOOL_LANG\fR
Language of messages, hints and labels (as \fB\-\-lang\fR): \fBen\fR or \fBzh\-CN\fR; locale spellings (\fBzh_CN.UTF\-8\fR, \fBzh\fR, \fBen_US\fR, \fBC\fR) too. Empty counts as unset; another value is a usage error naming the languages.
.TP
\fBLC_ALL\fR, \fBLC_MESSAGES\fR, \fBLANG\fR
Without \fB\-\-lang\fR or \fBCATOOL_LANG\fR, the first of them that is set chooses the language: any zh_* locale is Chinese (zh\-CN), anything else English. The language never changes JSON machine values or a verdict.
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

/// What files catool reads and writes, for the main page.
const FILES: &str = r#".SH FILES
.TP
\fI$XDG_DATA_HOME/catool/registry.db\fR (else \fI~/.local/share/catool/registry.db\fR)
The default registry (\fB\-\-db\fR, \fBCATOOL_DB\fR): one SQLite file with enterprises, persons, packages, certificates, sealed keys, seals and the history. Created 0600 on first use, in a directory created 0700. SQLite keeps \fIregistry.db\-wal\fR and \fIregistry.db\-shm\fR beside it while it is in use.
.TP
\fIregistry.db.key\fR
The master key: the registry path + ".key" unless \fB\-\-master\-key\fR or \fBCATOOL_MASTER_KEY\fR names another file. 32 random bytes, 0600, created on first use. Every private key is sealed under it (with the PIN for issued keys) and the history is MAC\(aqd under a key derived from it: without it no key can be used and nothing can be recorded. Keep it on another volume than the registry and its backups; a key file others may read is refused.
.TP
\fI.catool\-PID\-*.tmp\fR
Outputs being written, beside their final name; renamed into place when complete. Left-overs of a killed catool are removed the next time catool writes to that directory.
.PP
No command writes over the registry, its \fI\-wal\fR, \fI\-shm\fR and \fI\-journal\fR files or the master key, not even with \fB\-\-force\fR.
"#;

/// Worked examples for the main page (the README's walkthrough has the whole flow).
const EXAMPLES: &str = r#".SH EXAMPLES
Run the whole product on a throwaway registry:
.PP
.RS
catool demo
.RE
.PP
Register an enterprise with its administrator, authorize it and buy a package:
.PP
.RS
.nf
export CATOOL_DB=~/catool/registry.db
catool person add \-\-name 张伟 \-\-id\-number 110108198503120011
catool org add \-\-name 北京云签科技有限公司 \-\-uscc 91110108MA01ABCD1E \e
    \-\-legal\-rep 赵建国 \-\-legal\-rep\-id 110108197506200055 \-\-admin 张伟
catool org authorize \-\-org 1 \-\-method face
catool package buy \-\-org 1
catool package pay \-\-package 1
.fi
.RE
.PP
Create an SM2 CA, assign a slot and issue its certificate under a PIN read from a file:
.PP
.RS
.nf
catool ca init \-\-name 测试SM2根CA \-\-algo sm2
catool cert assign \-\-slot 2 \-\-owner 张伟 \-\-holder 张伟
catool cert issue \-\-slot 2 \-\-ca 测试SM2根CA \-\-pin\-file zhang.pin
catool cert list \-\-expiring 90d
.fi
.RE
.PP
Make the enterprise's official seal, stamp it across the pages of a contract and sign it:
.PP
.RS
.nf
catool seal make \-\-kind official \-\-org 1 \-\-out official.png
catool pdf stamp contract.pdf \-\-out stamped.pdf \-\-seal 1 \-\-cross\-page
catool \-\-as 张伟 pdf sign stamped.pdf \-\-out signed.pdf \-\-cert 1 \-\-pin\-file zhang.pin
catool pdf verify signed.pdf
.fi
.RE
.PP
Check that the history was not tampered with, in a script:
.PP
.RS
.nf
catool \-\-json log verify || echo "history check failed: exit $?"
.fi
.RE
"#;

/// The exit codes, from `crate::error::exit` so the page cannot disagree with the code.
fn exit_status() -> String {
    let codes = [
        (0, "Success."),
        (
            exit::CHECK_FAILED,
            "A check ran and found a problem (\\fBcatool log verify\\fR found tampering, \\fBcatool pdf verify\\fR a signature that is not valid).",
        ),
        (
            exit::USAGE,
            "Usage error: unknown option, missing argument, ambiguous name.",
        ),
        (
            exit::NOT_FOUND,
            "Not found: no such enterprise, person, package, certificate …",
        ),
        (
            exit::REFUSED,
            "Refused by a domain rule (D1…D22, see \\fBcatool\\-rules\\fR(7)): for example buying before authorization, a second administrator. Nothing was changed; the refusal is in the history.",
        ),
        (
            exit::BAD_INPUT,
            "Bad input value or file: wrong check character, unreadable or malformed file, an output that exists without \\fB\\-\\-force\\fR.",
        ),
        (
            exit::REGISTRY,
            "Registry unusable: missing directory, not a catool registry, written by a newer catool, busy, master key missing or wrong.",
        ),
        (
            exit::NOT_SIGNED,
            "Nothing to check: \\fBcatool pdf verify\\fR on a PDF without signatures.",
        ),
        (
            exit::INTERNAL,
            "Internal error: a bug, please report it (\\fBCATOOL_DEBUG=1\\fR shows details).",
        ),
    ];
    let mut s = String::from(".SH \"EXIT STATUS\"\n");
    for (code, meaning) in codes {
        s.push_str(&format!(".TP\n\\fB{code}\\fR\n{meaning}\n"));
    }
    s.push_str(
        ".PP\nA batch (\\fBcert issue \\-\\-batch\\fR, \\fBpdf stamp\\fR DIR, \\fBpdf sign\\fR DIR) reports every item and exits with the code of the first item that failed. With \\fB\\-\\-json\\fR a failed command also prints {\"error\": {\"kind\", \"message\", \"exit_code\", \"code\", \"rule\", \"hint\"}} on stdout.\n",
    );
    s
}

const SEE_ALSO: &str = r#".SH "SEE ALSO"
\fBcatool\-rules\fR(7) for the rules catool enforces; \fBcatool\-demo\fR(1) to try everything on a throwaway registry; README.md for the walkthrough and the threat models.
"#;

/// Every page as (file name, roff bytes), e.g. `catool-org-member-add.1`, and
/// `catool-rules.7`.
pub fn pages() -> Result<Vec<(String, Vec<u8>)>> {
    // clap's `help` subcommand is not a page of its own: without this, every page with
    // subcommands would list a `catool-…-help(1)` that does not exist.
    let mut cmd = without_help_subcommand(Cli::command());
    cmd.build();
    let mut pages = Vec::new();
    collect(&cmd, "catool", &mut pages)?;
    pages.push(("catool-rules.7".to_string(), rules_page().into_bytes()));
    Ok(pages)
}

fn without_help_subcommand(cmd: clap::Command) -> clap::Command {
    cmd.disable_help_subcommand(true)
        .mut_subcommands(without_help_subcommand)
}

fn collect(cmd: &clap::Command, name: &str, pages: &mut Vec<(String, Vec<u8>)>) -> Result<()> {
    let mut page_cmd = cmd.clone().name(name.to_string());
    if name == "catool" {
        // The `--help` epilogue (exit codes, "see man catool") becomes EXIT STATUS below.
        page_cmd = page_cmd
            .after_help(None::<&str>)
            .after_long_help(None::<&str>);
    }
    let mut buf = Vec::new();
    clap_mangen::Man::new(page_cmd)
        .render(&mut buf)
        .map_err(|e| Error::Internal(format!("man page {name}: {e}")))?;
    if name == "catool" {
        buf = main_page(buf)?;
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

/// The main page with EXIT STATUS, ENVIRONMENT, FILES, EXAMPLES and SEE ALSO, in the usual
/// order: before the VERSION section clap ends it with.
fn main_page(rendered: Vec<u8>) -> Result<Vec<u8>> {
    let text = String::from_utf8(rendered)
        .map_err(|e| Error::Internal(format!("man page catool: not UTF-8: {e}")))?;
    let (head, tail) = match text.find(".SH VERSION\n") {
        Some(i) => text.split_at(i),
        None => (text.as_str(), ""),
    };
    let mut page = String::with_capacity(text.len() + 8192);
    page.push_str(head);
    page.push_str(&exit_status());
    page.push_str(ENVIRONMENT);
    page.push_str(FILES);
    page.push_str(EXAMPLES);
    page.push_str(SEE_ALSO);
    page.push_str(tail);
    Ok(page.into_bytes())
}

/// `catool-rules(7)` from `docs/rules.md`. The file is kept to what this reads: a `# `
/// title, `<!-- comments -->`, paragraphs, and a list whose items start `- **Dn Name**`
/// (continued on indented lines), with `**bold**` and `` `code` `` inline.
fn rules_page() -> String {
    let version = env!("CARGO_PKG_VERSION");
    let mut out = format!(
        ".TH catool-rules 7 \"\" \"catool {version}\"\n.SH NAME\ncatool\\-rules \\- the rules catool enforces (D1…D22)\n.SH DESCRIPTION\n"
    );
    let mut block: Vec<&str> = Vec::new();
    let flush = |block: &mut Vec<&str>, out: &mut String| {
        if block.is_empty() {
            return;
        }
        let text = block.iter().map(|l| l.trim()).collect::<Vec<_>>().join(" ");
        block.clear();
        if let Some(item) = text.strip_prefix("- ") {
            // `**D9 Extension** (延期): text` → a tagged paragraph: `D9 Extension (延期)` as
            // its tag, the text after the colon as its body.
            match item.strip_prefix("**").and_then(|t| t.split_once("**")) {
                Some((name, rest)) => {
                    let (extra, body) = rest.split_once(':').unwrap_or(("", rest));
                    let extra = extra.trim();
                    let sep = if extra.is_empty() { "" } else { " " };
                    out.push_str(&format!(
                        ".TP\n\\fB{}\\fR{sep}{}\n{}\n",
                        roff_escape(name),
                        inline(extra),
                        inline(&capitalized(body.trim_start()))
                    ));
                }
                None => out.push_str(&format!(".IP \\(bu 2\n{}\n", inline(item))),
            }
        } else {
            out.push_str(&format!(".PP\n{}\n", inline(&text)));
        }
    };
    let mut in_comment = false;
    for line in RULES_MD.lines() {
        if line.starts_with("<!--") {
            in_comment = true;
        }
        if in_comment {
            in_comment = !line.contains("-->");
            continue;
        }
        if line.starts_with("# ") {
            continue; // the title is the NAME section
        }
        if line.trim().is_empty() {
            flush(&mut block, &mut out);
        } else if line.starts_with("- ") {
            flush(&mut block, &mut out);
            block.push(line);
        } else {
            block.push(line);
        }
    }
    flush(&mut block, &mut out);
    out.push_str(".SH \"SEE ALSO\"\n\\fBcatool\\fR(1)\n");
    out
}

/// `text` with its first letter upper case: the body of a tagged paragraph starts a sentence.
fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Markdown `**bold**` and `` `code` `` to roff bold; everything else escaped.
fn inline(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(i) = rest.find(['*', '`']) {
        let (marker, close) = if rest[i..].starts_with("**") {
            ("**", "**")
        } else if rest[i..].starts_with('`') {
            ("`", "`")
        } else {
            out.push_str(&roff_escape(&rest[..=i]));
            rest = &rest[i + 1..];
            continue;
        };
        let after = &rest[i + marker.len()..];
        match after.find(close) {
            Some(j) => {
                out.push_str(&roff_escape(&rest[..i]));
                out.push_str(&format!("\\fB{}\\fR", roff_escape(&after[..j])));
                rest = &after[j + close.len()..];
            }
            None => {
                out.push_str(&roff_escape(&rest[..i + marker.len()]));
                rest = after;
            }
        }
    }
    out.push_str(&roff_escape(rest));
    out
}

/// Text for roff: backslashes and hyphens escaped, apostrophes as \(aq; a line never starts
/// with a control character (the callers put text after a tag or on its own line).
fn roff_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\e"),
            '-' => out.push_str("\\-"),
            '\'' => out.push_str("\\(aq"),
            c => out.push(c),
        }
    }
    if out.starts_with('.') {
        out.insert_str(0, "\\&");
    }
    out
}

/// Writes every page into `dir`, each through `rules` (never over the registry or its key).
pub fn write_all(dir: &Path, rules: &crate::fsutil::OutputRules) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|e| {
        crate::domain::authority_error::AuthorityError::ManDirUnusable {
            dir: dir.display().to_string(),
            detail: e.to_string(),
        }
    })?;
    // Generated pages replace the previous generation: that is what this command is for.
    // Every page is checked before the first is written: a refused one writes none.
    let pages = pages()?
        .into_iter()
        .map(|(name, bytes)| Ok((rules.check("DIR", &dir.join(name))?, bytes)))
        .collect::<Result<Vec<_>>>()?;
    for (page, bytes) in pages {
        crate::fsutil::write_atomic(&page, &bytes, 0o644)?;
    }
    Ok(())
}
