//! `catool import FILE.json|FILE.csv [--dry-run]`: a whole onboarding in one command (see
//! `domain::onboarding`, `import_csv` for the CSV form, and docs/import.md).

use std::path::{Path, PathBuf};

use clap::Args;

use super::Context;
use super::import_csv;
use super::output::term_safe;
use crate::domain::import_error::{ImportError, Spot};
use crate::domain::onboarding::{self, Document, Files, JsonPaths, Places, Report};
use crate::error::Result;
use crate::msg;
use crate::pki::pin::Pin;

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The onboarding document: JSON ({"persons": […], "orgs": […], "memberships": […],
    /// "packages": […]}), or a .csv sheet with one row per person in an enterprise (see
    /// docs/import.md); PIN and letter files are relative to its directory
    file: PathBuf,
    /// Report what would be done; write nothing
    #[arg(long)]
    dry_run: bool,
}

/// Reads the files a document names, relative to its directory and never outside it.
struct DocFiles {
    dir: PathBuf,
}

impl DocFiles {
    fn resolve(&self, at: &Spot, p: &str) -> Result<PathBuf> {
        crate::input::inside_dir(&self.dir, Path::new(p)).map_err(|problem| {
            ImportError::ImportPathOutside {
                at: at.clone(),
                path: p.to_string(),
                problem,
            }
            .into()
        })
    }
}

impl Files for DocFiles {
    fn letter(&self, at: &Spot, p: &str) -> Result<Vec<u8>> {
        super::read_input_file(&at.render(), &self.resolve(at, p)?)
    }
    fn pin(&self, at: &Spot, p: &str) -> Result<Pin> {
        super::read_pin(&at.render(), Some(&self.resolve(at, p)?))
    }
}

pub fn run(ctx: &Context, a: ImportArgs) -> Result<()> {
    let bytes = super::read_input_file("FILE", &a.file)?;
    let is_csv = a
        .file
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    let (doc, places): (Document, Box<dyn Places>) = if is_csv {
        let (doc, places) = import_csv::read(&a.file.display().to_string(), &bytes)?;
        (doc, Box::new(places))
    } else {
        let doc = serde_json::from_slice(&bytes).map_err(|e| ImportError::ImportNotDocument {
            file: a.file.display().to_string(),
            detail: e.to_string(),
        })?;
        (doc, Box::new(JsonPaths))
    };
    let dir = a
        .file
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .to_path_buf();
    let (mut reg, actor) = ctx.open_as()?;
    let master = ctx.master_key(&mut reg)?;
    let report = onboarding::import(
        &mut reg,
        &actor,
        &master,
        &doc,
        &DocFiles { dir },
        places.as_ref(),
        a.dry_run,
    )?;
    ctx.out.emit(&report, render)
}

fn render(r: &Report) -> String {
    use crate::i18n::{Arg, lang, text};
    let mut s = String::new();
    for step in &r.steps {
        let outcome = match (r.dry_run, step.outcome) {
            (true, "created") => msg!("import-outcome-would-create"),
            (true, "authorized") => msg!("import-outcome-would-authorize"),
            (true, "paid") => msg!("import-outcome-would-pay"),
            (true, "assigned") => msg!("import-outcome-would-assign"),
            (_, "would_issue") => msg!("import-outcome-would-issue"),
            (_, "exists") => msg!("import-outcome-exists"),
            (_, "already_issued") => msg!("import-outcome-already-issued"),
            (_, "created") => msg!("import-outcome-created"),
            (_, "authorized") => msg!("import-outcome-authorized"),
            (_, "paid") => msg!("import-outcome-paid"),
            (_, "assigned") => msg!("import-outcome-assigned"),
            (_, _) => msg!("import-outcome-issued"),
        };
        let row = match step.line {
            Some(line) => text(lang(), msg!("import-row-line"), &[("line", Arg::Num(line))]),
            None => step.row.clone(),
        };
        s.push_str(&text(
            lang(),
            msg!("import-step"),
            &[
                ("row", Arg::Text(row)),
                ("what", Arg::Text(term_safe(&step.subject.said(lang())))),
                ("outcome", Arg::Msg(outcome)),
            ],
        ));
        s.push('\n');
    }
    let changes = [(
        "changes",
        Arg::Num(i64::try_from(r.changed).unwrap_or(i64::MAX)),
    )];
    let tail = match (r.dry_run, r.changed) {
        (true, 0) => msg!("import-dry-run-nothing"),
        (true, _) => msg!("import-dry-run-changes"),
        (false, 0) => msg!("import-nothing-to-do"),
        (false, _) => msg!("import-done"),
    };
    s.push_str(&text(lang(), tail, &changes));
    s
}
