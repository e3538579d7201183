//! Reporting for every batch (`cert issue --batch`, `pdf stamp DIR`, `pdf sign DIR`): a
//! progress bar with ETA on a terminal (never with --json or -q), one JSON object per item
//! with --json, each failure on stderr as it happens, a summary line, and the exit code of
//! the first failure when any item failed.

use std::io::IsTerminal;

use serde_json::{Value, json};

use super::Out;
use super::output::term_safe;
use crate::error::{Error, Result};

pub struct Reporter {
    out: Out,
    bar: Option<indicatif::ProgressBar>,
    ok: usize,
    skipped: usize,
    failed: usize,
    first_error: Option<Error>,
    skip_reason: &'static str,
}

impl Reporter {
    /// `unit` names the items in the bar: "certificates", "PDFs".
    pub fn new(out: Out, total: usize, unit: &str) -> Reporter {
        let bar = (std::io::stderr().is_terminal() && !out.quiet && !out.json).then(|| {
            let b = indicatif::ProgressBar::new(total as u64);
            let template = format!("{{bar:40}} {{pos}}/{{len}} {unit}, {{per_sec}}, ETA {{eta}}");
            b.set_style(
                indicatif::ProgressStyle::with_template(&template)
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
            b
        });
        Reporter {
            out,
            bar,
            ok: 0,
            skipped: 0,
            failed: 0,
            first_error: None,
            skip_reason: "output exists",
        }
    }

    /// Why items are skipped, for the summary line [default: "output exists"].
    pub fn skip_reason(mut self, why: &'static str) -> Reporter {
        self.skip_reason = why;
        self
    }

    /// One item succeeded; `result` (an object) is its JSON line, marked `"ok": true`.
    pub fn ok(&mut self, mut result: Value) {
        self.ok += 1;
        if self.out.json {
            if let Some(m) = result.as_object_mut() {
                m.insert("ok".into(), Value::Bool(true));
            }
            super::output::stdout(&format!("{result}\n"));
        }
        self.tick();
    }

    /// One item left alone (its output exists, --skip-existing): `what` says so on stderr,
    /// `id` is its JSON line, marked `"ok": true, "skipped": true`.
    pub fn skipped(&mut self, what: &str, mut id: Value) {
        self.skipped += 1;
        if self.out.json {
            if let Some(m) = id.as_object_mut() {
                m.insert("ok".into(), Value::Bool(true));
                m.insert("skipped".into(), Value::Bool(true));
            }
            super::output::stdout(&format!("{id}\n"));
        } else {
            self.out.note(format!("skipped {what}"));
        }
        self.tick();
    }

    /// One item failed: `what` names it for humans, `id` identifies it in the JSON line.
    pub fn failed(&mut self, what: &str, mut id: Value, e: Error) {
        self.failed += 1;
        if self.out.json {
            if let Some(m) = id.as_object_mut() {
                m.insert("ok".into(), Value::Bool(false));
                m.insert(
                    "error".into(),
                    json!({ "kind": e.kind(), "message": e.to_string() }),
                );
            }
            super::output::stdout(&format!("{id}\n"));
        } else {
            // File names come from directories, messages quote them: one safe line.
            let line = term_safe(&format!("{what}: error: {e}"));
            match &self.bar {
                Some(b) => b.println(line),
                None => eprintln!("{line}"),
            }
        }
        self.first_error.get_or_insert(e);
        self.tick();
    }

    fn tick(&self) {
        if let Some(b) = &self.bar {
            b.inc(1);
        }
    }

    /// Clears the bar, prints "batch: N <done>, M failed", and fails with the first
    /// failure's exit code if anything failed.
    pub fn finish(self, done: &str) -> Result<()> {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
        let total = self.ok + self.skipped + self.failed;
        let skipped = if self.skipped > 0 {
            format!(", {} skipped ({})", self.skipped, self.skip_reason)
        } else {
            String::new()
        };
        self.out.note(format!(
            "batch: {} {done}{skipped}, {} failed",
            self.ok, self.failed
        ));
        match self.first_error {
            Some(e) => Err(Error::Partial {
                message: format!("{} of {total} failed; first: {e}", self.failed),
                code: e.code(),
            }),
            None => Ok(()),
        }
    }
}
