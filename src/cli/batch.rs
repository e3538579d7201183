//! Reporting for every batch (`cert issue --batch`, `pdf stamp DIR`, `pdf sign DIR`): a
//! progress bar with ETA on a terminal (never with --json or -q), one JSON object per item
//! with --json, each failure on stderr, a summary line, and the exit code of the first
//! failure when any item failed. Items finished by worker threads are reported in input
//! order ([`Reporter::ok_at`], [`Reporter::failed_at`]), whatever order they finish in.

use std::collections::BTreeMap;

use std::io::IsTerminal;

use serde_json::Value;

use super::Out;
use super::output::term_safe;
use crate::error::{Error, Result};
use crate::i18n::{Arg, lang, text};
use crate::msg;

/// Worker threads for a batch: `--jobs N`, else every core; 1 to 64.
pub fn workers(jobs: Option<usize>) -> usize {
    jobs.unwrap_or_else(|| {
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
    })
    .clamp(1, 64)
}

/// One item's outcome, held until the items before it are reported.
enum Item {
    Ok(Value),
    Skipped(String, Value),
    Failed(String, Value, Error),
}

pub struct Reporter {
    out: Out,
    /// Position (in input order) of the next item [`Reporter::ok_at`] / `failed_at` report.
    next: usize,
    held: BTreeMap<usize, Item>,
    bar: Option<indicatif::ProgressBar>,
    ok: usize,
    skipped: usize,
    failed: usize,
    first_error: Option<Error>,
    skip_reason: Option<&'static str>,
}

impl Reporter {
    /// `unit` names the items in the bar: "certificates", "PDFs".
    pub fn new(out: Out, total: usize, unit: &str) -> Reporter {
        let bar = (std::io::stderr().is_terminal() && !out.quiet && !out.json).then(|| {
            let b = indicatif::ProgressBar::new(total as u64);
            let eta = crate::i18n::tr(msg!("pdf-batch-eta"));
            let template = format!("{{bar:40}} {{pos}}/{{len}} {unit}, {{rate}}, {eta} {{eta}}");
            b.set_style(
                indicatif::ProgressStyle::with_template(&template)
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
                    .with_key(
                        "rate",
                        |s: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
                            let _ = write!(w, "{}", rate(s.per_sec()));
                        },
                    ),
            );
            b
        });
        Reporter {
            out,
            next: 0,
            held: BTreeMap::new(),
            bar,
            ok: 0,
            skipped: 0,
            failed: 0,
            first_error: None,
            skip_reason: None,
        }
    }

    /// Why items are skipped (a catalogue entry), for the summary line [default: the output
    /// exists].
    pub fn skip_reason(mut self, why: &'static str) -> Reporter {
        self.skip_reason = Some(why);
        self
    }

    /// Item `i` (its position among the items given to the workers) finished: reported
    /// once every item before it is.
    fn put(&mut self, i: usize, item: Item) {
        self.tick();
        self.held.insert(i, item);
        while let Some(item) = self.held.remove(&self.next) {
            self.next += 1;
            match item {
                Item::Ok(v) => self.emit_ok(v),
                Item::Skipped(what, id) => self.emit_skipped(&what, id),
                Item::Failed(what, id, e) => self.emit_failed(&what, id, e),
            }
        }
    }

    /// Item `i` was skipped (see [`Reporter::skipped`]), reported in input order.
    pub fn skipped_at(&mut self, i: usize, what: &str, id: Value) {
        self.put(i, Item::Skipped(what.to_string(), id));
    }

    /// Item `i` succeeded (see [`Reporter::ok`]), reported in input order.
    pub fn ok_at(&mut self, i: usize, result: Value) {
        self.put(i, Item::Ok(result));
    }

    /// Item `i` failed (see [`Reporter::failed`]), reported in input order.
    pub fn failed_at(&mut self, i: usize, what: &str, id: Value, e: Error) {
        self.put(i, Item::Failed(what.to_string(), id, e));
    }

    /// One item succeeded; `result` (an object) is its JSON line, marked `"ok": true`.
    pub fn ok(&mut self, result: Value) {
        self.tick();
        self.emit_ok(result);
    }

    fn emit_ok(&mut self, mut result: Value) {
        self.ok += 1;
        if self.out.json {
            if let Some(m) = result.as_object_mut() {
                m.insert("ok".into(), Value::Bool(true));
            }
            super::output::json_line(result);
        }
    }

    /// One item left alone (its output exists, --skip-existing): `what` says so on stderr,
    /// `id` is its JSON line, marked `"ok": true, "skipped": true`.
    pub fn skipped(&mut self, what: &str, id: Value) {
        self.emit_skipped(what, id);
        self.tick();
    }

    fn emit_skipped(&mut self, what: &str, mut id: Value) {
        self.skipped += 1;
        if self.out.json {
            if let Some(m) = id.as_object_mut() {
                m.insert("ok".into(), Value::Bool(true));
                m.insert("skipped".into(), Value::Bool(true));
            }
            super::output::json_line(id);
        } else {
            self.out
                .note(say(msg!("pdf-batch-skipped"), vec![("item", what.into())]));
        }
    }

    /// One item failed: `what` names it for humans, `id` identifies it in the JSON line.
    pub fn failed(&mut self, what: &str, id: Value, e: Error) {
        self.tick();
        self.emit_failed(what, id, e);
    }

    fn emit_failed(&mut self, what: &str, mut id: Value, e: Error) {
        self.failed += 1;
        if self.out.json {
            if let Some(m) = id.as_object_mut() {
                m.insert("ok".into(), Value::Bool(false));
                m.insert("error".into(), super::output::error_value(&e));
            }
            super::output::json_line(id);
        } else {
            // File names come from directories, messages quote them: safe lines, the
            // failure's and, for a typed error, its hint.
            let hint = e.described().and_then(|d| d.hint_in(lang()));
            let hint = hint.map(|h| say(msg!("line-hint"), vec![("message", h.into())]));
            for line in std::iter::once(failure_line(what, &e)).chain(hint) {
                let line = term_safe(&super::output::localize_text(&line));
                match &self.bar {
                    Some(b) => b.println(line),
                    None => super::output::stderr(&line),
                }
            }
        }
        self.first_error.get_or_insert(e);
    }

    fn tick(&self) {
        if let Some(b) = &self.bar {
            b.inc(1);
        }
    }

    /// Clears the bar, prints "batch: N <done>, M failed", and fails with the first
    /// failure's exit code if anything failed.
    pub fn finish(mut self, done: &str) -> Result<()> {
        // Items that never came (a worker gone) do not hold back those after them.
        for (_, item) in std::mem::take(&mut self.held) {
            match item {
                Item::Ok(v) => self.emit_ok(v),
                Item::Skipped(what, id) => self.emit_skipped(&what, id),
                Item::Failed(what, id, e) => self.emit_failed(&what, id, e),
            }
        }
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
        let total = self.ok + self.skipped + self.failed;
        let count = |n: usize| Arg::Num(i64::try_from(n).unwrap_or(i64::MAX));
        let skipped = if self.skipped > 0 {
            let why = match self.skip_reason {
                Some(why) => Arg::Msg(why),
                None => Arg::Msg(msg!("pdf-batch-output-exists")),
            };
            say(
                msg!("pdf-batch-summary-skipped"),
                vec![("skipped", count(self.skipped)), ("why", why)],
            )
        } else {
            String::new()
        };
        self.out.note(say(
            msg!("pdf-batch-summary"),
            vec![
                ("ok", count(self.ok)),
                ("done", done.into()),
                ("skipped", skipped.into()),
                ("failed", count(self.failed)),
            ],
        ));
        match self.first_error {
            Some(e) => Err(Error::Partial {
                message: say(
                    msg!("pdf-batch-partial"),
                    vec![
                        ("failed", count(self.failed)),
                        ("total", count(total)),
                        ("first", e.to_string().into()),
                    ],
                ),
                code: e.code(),
            }),
            None => Ok(()),
        }
    }
}

/// The catalogue entry `id` with `args`, in the chosen language.
fn say(id: &'static str, args: Vec<(&'static str, Arg)>) -> String {
    text(lang(), id, &args)
}

/// A failed item's line: `what: error: message`, naming the item once (a message that
/// starts with the item's name, as file errors do, is not prefixed with it again).
fn failure_line(what: &str, e: &Error) -> String {
    let message = e.to_string();
    let item = |message: &str| {
        say(
            msg!("pdf-batch-failed"),
            vec![("item", what.into()), ("message", message.into())],
        )
    };
    match message.strip_prefix(what) {
        Some(rest) if rest.starts_with([':', ' ', '：']) => {
            item(rest.trim_start_matches([':', '：']).trim_start())
        }
        _ if message.contains(what) => say(msg!("line-error"), vec![("message", message.into())]),
        _ => item(&message),
    }
}

/// Items per second for the progress bar, rounded: `62.8/s`, `1250/s`.
fn rate(per_sec: f64) -> String {
    if per_sec >= 100.0 {
        format!("{per_sec:.0}/s")
    } else {
        format!("{per_sec:.1}/s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rate_is_rounded() {
        assert_eq!(rate(62.8247), "62.8/s");
        assert_eq!(rate(1250.4), "1250/s");
    }

    #[test]
    fn a_failure_names_its_file_once() {
        use crate::pdf::PdfError;
        use std::path::Path;
        let broken = Path::new("inbox/broken.pdf");
        let e = PdfError::in_file(
            broken,
            PdfError::Empty.into(),
            &[crate::error::exit::BAD_INPUT],
        );
        assert_eq!(
            failure_line("inbox/broken.pdf", &e),
            "inbox/broken.pdf: error: not a PDF: the file is empty"
        );
        let e = PdfError::CannotReadDir {
            dir: "inbox/broken.pdf".into(),
            cause: crate::pdf::error::Cause::new(std::io::Error::other("gone")),
        }
        .into();
        assert_eq!(
            failure_line("inbox/broken.pdf", &e),
            "error: cannot read directory inbox/broken.pdf: gone"
        );
        let e = PdfError::NoInputs.into();
        assert_eq!(
            failure_line("a.pdf", &e),
            "a.pdf: error: no PDF files to stamp"
        );
    }
}
