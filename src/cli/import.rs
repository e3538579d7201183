//! `catool import FILE.json [--dry-run]`: a whole onboarding in one command (see
//! `domain::onboarding` and README "Onboarding from a file").

use std::path::{Component, Path, PathBuf};

use clap::Args;

use super::Context;
use super::output::term_safe;
use crate::domain::onboarding::{self, Document, Files, Report};
use crate::error::{Error, Result};
use crate::pki::pin::Pin;

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The onboarding document (JSON: {"persons": […], "orgs": […], "memberships": […],
    /// "packages": […]}); PIN and letter files are relative to its directory
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
    fn resolve(&self, row: &str, field: &str, p: &str) -> Result<PathBuf> {
        let path = Path::new(p);
        let why = if path.has_root() {
            "is absolute"
        } else if path.components().any(|c| c == Component::ParentDir) {
            "goes up with '..'"
        } else if p.is_empty() {
            "is empty"
        } else {
            return Ok(self.dir.join(path));
        };
        Err(Error::BadInput(format!(
            "import {row}.{field}: {p} {why}; paths in an import document are relative to its directory and stay inside it"
        )))
    }
}

impl Files for DocFiles {
    fn letter(&self, row: &str, p: &str) -> Result<Vec<u8>> {
        let path = self.resolve(row, "letter", p)?;
        super::read_input_file(&format!("import {row}.letter"), &path)
    }
    fn pin(&self, row: &str, p: &str) -> Result<Pin> {
        let path = self.resolve(row, "pin_file", p)?;
        super::read_pin(&format!("import {row}.pin_file"), Some(&path))
    }
}

pub fn run(ctx: &Context, a: ImportArgs) -> Result<()> {
    let bytes = super::read_input_file("FILE", &a.file)?;
    let is_csv = a
        .file
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    if is_csv {
        return Err(Error::Usage(format!(
            "{}: CSV onboarding files are not supported yet; write the onboarding as JSON (see README, \"Onboarding from a file\")",
            a.file.display()
        )));
    }
    let doc: Document = serde_json::from_slice(&bytes).map_err(|e| {
        Error::BadInput(format!(
            "{}: not an onboarding document: {e} (expected JSON {{\"persons\": […], \"orgs\": […], \"memberships\": […], \"packages\": […]}})",
            a.file.display()
        ))
    })?;
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
        a.dry_run,
    )?;
    ctx.out.emit(&report, render)
}

fn render(r: &Report) -> String {
    let mut s = String::new();
    for step in &r.steps {
        let outcome = match (r.dry_run, step.outcome) {
            (true, "created") => "would create",
            (true, "authorized") => "would authorize",
            (true, "paid") => "would pay",
            (true, "assigned") => "would assign",
            (true, "would_issue") => "would issue",
            (_, "exists") => "exists",
            (_, "already_issued") => "already issued",
            (_, o) => o,
        };
        s.push_str(&format!(
            "{}: {} — {outcome}\n",
            step.row,
            term_safe(&step.what)
        ));
    }
    let tail = match (r.dry_run, r.changed) {
        (true, 0) => "dry run: nothing to do; everything is already in the registry".to_string(),
        (true, n) => format!("dry run: {n} change(s) would be made; nothing was written"),
        (false, 0) => {
            "nothing to do: everything is already in the registry; nothing changed".to_string()
        }
        (false, n) => format!("imported: {n} change(s)"),
    };
    s.push_str(&tail);
    s
}
