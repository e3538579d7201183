//! `catool import FILE.json|FILE.csv [--dry-run]`: a whole onboarding in one command (see
//! `domain::onboarding`, `import_csv` for the CSV form, and docs/import.md).

use std::path::{Component, Path, PathBuf};

use clap::Args;

use super::Context;
use super::import_csv;
use super::output::term_safe;
use crate::domain::onboarding::{self, Document, Files, JsonPaths, Places, Report};
use crate::error::{Error, Result};
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
    fn resolve(&self, at: &str, p: &str) -> Result<PathBuf> {
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
            "{at}: {p} {why}; paths in an import document are relative to its directory and stay inside it"
        )))
    }
}

impl Files for DocFiles {
    fn letter(&self, at: &str, p: &str) -> Result<Vec<u8>> {
        super::read_input_file(at, &self.resolve(at, p)?)
    }
    fn pin(&self, at: &str, p: &str) -> Result<Pin> {
        super::read_pin(at, Some(&self.resolve(at, p)?))
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
        let doc = serde_json::from_slice(&bytes).map_err(|e| {
            Error::BadInput(format!(
                "{}: not an onboarding document: {e} (expected JSON {{\"persons\": […], \"orgs\": […], \"memberships\": […], \"packages\": […]}}, or a .csv sheet: see docs/import.md)",
                a.file.display()
            ))
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
