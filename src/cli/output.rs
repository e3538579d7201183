//! Output rules: results go to stdout (JSON with `--json`, text otherwise), progress and
//! diagnostics to stderr; `--quiet` silences the text result but never JSON or errors.
//!
//! Text that catool did not write itself — names, certificate subjects, seal labels, file
//! names, PDF field names, error messages quoting a value — goes to a terminal only through
//! [`term_safe`] (tables and `key: value` lists apply it to every cell), so it cannot move
//! the cursor, set the window title, forge a line or reorder what is shown. JSON is exact:
//! serde escapes control characters, and a program reading it wants the real value.

use std::path::Path;

use std::sync::atomic::{AtomicBool, AtomicI32, Ordering};

use chrono::{FixedOffset, Offset, Utc};
use serde::Serialize;
use serde_json::Value;
use unicode_width::UnicodeWidthStr;

use crate::domain::clock;
use crate::domain::ident::is_deceptive_format_char;
use crate::error::{Error, Result};

/// Untrusted text made safe to print: control characters (ESC, CR, LF, BEL, C1 …) and the
/// bidi, zero-width and separator characters of [`is_deceptive_format_char`] are shown as
/// `\u{1b}`, `\u{202e}` …; everything else, CJK included, is kept. Idempotent.
pub fn term_safe(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_control() || is_deceptive_format_char(c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    out
}

/// A path for a human line ([`term_safe`]: file names come from directories and users).
pub fn show_path(p: &Path) -> String {
    term_safe(&p.display().to_string())
}

// ---- times: the one place where stored UTC becomes the registry's time zone --------------

/// The time zone of what is printed, in seconds east of UTC: the registry's `timezone`
/// setting once the registry is open ([`set_zone`]), Beijing time before that.
static ZONE_SECS: AtomicI32 = AtomicI32::new(8 * 3600);

/// Prints times in `zone` from now on (called when the registry is opened).
pub fn set_zone(zone: FixedOffset) {
    ZONE_SECS.store(zone.local_minus_utc(), Ordering::Relaxed);
}

pub(crate) fn zone() -> FixedOffset {
    FixedOffset::east_opt(ZONE_SECS.load(Ordering::Relaxed)).unwrap_or_else(|| Utc.fix())
}

/// Every JSON string that is a stored timestamp (`2026-12-01T00:00:00Z`, the form catool
/// stores) rewritten in the registry's zone (`2026-12-01T08:00:00+08:00`), at any depth.
pub fn localize_json(v: &mut Value) {
    match v {
        Value::String(s) => {
            if let Some(l) = clock::localize_stamp(s, zone()) {
                *s = l;
            }
        }
        Value::Array(a) => a.iter_mut().for_each(localize_json),
        Value::Object(m) => m.values_mut().for_each(localize_json),
        _ => {}
    }
}

/// `text` with every stored timestamp in it shown in the registry's zone.
pub fn localize_text(text: &str) -> String {
    const LEN: usize = 20;
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len() + 16);
    let mut copied = 0;
    let mut i = 0;
    while i + LEN <= b.len() {
        if b[i].is_ascii_digit()
            && clock::is_stamp(&b[i..i + LEN])
            && let Some(l) = text
                .get(i..i + LEN)
                .and_then(|s| clock::localize_stamp(s, zone()))
        {
            out.push_str(&text[copied..i]);
            out.push_str(&l);
            i += LEN;
            copied = i;
        } else {
            i += 1;
        }
    }
    out.push_str(&text[copied..]);
    out
}

/// A result went to stdout: a failed check's report is then the answer (see [`Out::error`]).
static REPORTED: AtomicBool = AtomicBool::new(false);

/// A JSON value as one line (batch results), times in the registry's zone.
pub fn json_line(mut v: Value) {
    REPORTED.store(true, Ordering::Relaxed);
    localize_json(&mut v);
    stdout(&format!("{v}\n"));
}

/// The `{"error": {…}}` object of a failure clap found (no typed error: code, rule and hint
/// are null).
pub fn error_json(kind: &str, message: &str, code: u8) -> Value {
    serde_json::json!({
        "error": {
            "kind": kind, "message": localize_text(message), "exit_code": code,
            "code": null, "rule": null, "hint": null
        }
    })
}

/// The error object of `e` (the value of `"error"` in a failure or a failed batch row):
/// `kind`, `message` and `exit_code`, and for a typed error its stable `code`, the `rule` it
/// enforces and the `hint`, in the chosen language (null for errors not typed yet).
pub fn error_value(e: &Error) -> Value {
    let lang = crate::i18n::lang();
    let described = e.described();
    let d = described.as_ref();
    serde_json::json!({
        "kind": e.kind(),
        "message": localize_text(&e.to_string()),
        "exit_code": e.code(),
        "code": d.map(|d| d.code),
        "rule": d.and_then(|d| d.rule).map(|r| r.to_string()),
        "hint": d.and_then(|d| d.hint_in(lang)).map(|h| localize_text(&h)),
    })
}

/// The lines a failure prints on stderr: the error, then for a typed error its hint and the
/// rule it enforces, in the chosen language.
pub fn error_lines(e: &Error) -> Vec<String> {
    use crate::i18n::{Arg, text};
    let lang = crate::i18n::lang();
    let line = |id: &'static str, s: String| {
        text(
            lang,
            id,
            &[("message", Arg::Text(term_safe(&localize_text(&s))))],
        )
    };
    let mut lines = vec![line(crate::msg!("line-error"), e.to_string())];
    if let Some(h) = e.hint_in(lang) {
        lines.push(line(crate::msg!("line-hint"), h));
    }
    if let Some(r) = e.described().and_then(|d| d.rule_in(lang)) {
        lines.push(r);
    }
    lines
}

#[derive(Debug, Clone, Copy)]
pub struct Out {
    pub json: bool,
    pub quiet: bool,
}

impl Out {
    /// Prints a result: `value` as JSON, or the text `render` makes.
    pub fn emit<T: Serialize>(&self, value: &T, render: impl FnOnce(&T) -> String) -> Result<()> {
        REPORTED.store(true, Ordering::Relaxed);
        if self.json {
            let mut v = serde_json::to_value(value)?;
            localize_json(&mut v);
            let s = serde_json::to_string_pretty(&v)?;
            stdout(&format!("{s}\n"));
        } else if !self.quiet {
            let mut text = localize_text(&render(value));
            if !text.ends_with('\n') {
                text.push('\n');
            }
            stdout(&text);
        }
        Ok(())
    }

    /// A progress or informational line for humans (stderr), silenced by `--quiet`/`--json`;
    /// one line, whatever it quotes.
    pub fn note(&self, line: impl AsRef<str>) {
        if !self.quiet && !self.json {
            stderr(&term_safe(&localize_text(line.as_ref())));
        }
    }

    /// A note scripts need too (stderr, also with `--json`), silenced by `--quiet`.
    pub fn warn(&self, line: impl AsRef<str>) {
        if !self.quiet {
            eprintln!("{}", term_safe(&localize_text(line.as_ref())));
        }
    }

    /// Reports a failed command: one line on stderr; with `--json`, an error object on stdout
    /// (except for a failed check whose report is the answer and already went to stdout —
    /// `log verify`, `pdf verify`; a check that printed nothing, such as `tsa check`, gets
    /// the error object; a batch's rows are followed by the error line that sums them up).
    pub fn error(&self, e: &Error) {
        // Messages quote values and file names: escaped on the terminal, exact in JSON.
        for line in error_lines(e) {
            stderr(&line);
        }
        let answered =
            matches!(e.kind(), "check_failed" | "not_signed") && REPORTED.load(Ordering::Relaxed);
        if self.json && !answered {
            let obj = serde_json::json!({ "error": error_value(e) });
            stdout(&format!("{obj}\n"));
        }
    }
}

/// Writes one line to stderr. A reader that went away (`catool … 2>&1 | head -1`, a log
/// shipper that stopped) loses the line; the command goes on and exits with its own code
/// (eprintln! would panic on the closed pipe, and a panic while reporting aborts).
pub fn stderr(line: &str) {
    use std::io::Write;
    let mut err = std::io::stderr().lock();
    let _ = err
        .write_all(line.as_bytes())
        .and_then(|()| err.write_all(b"\n"));
}

/// Writes to stdout. A reader that went away (`catool … | head`) is not an error of the
/// command: the rest of the output is dropped and the command's exit code stands (print!
/// would panic on the closed pipe).
pub fn stdout(text: &str) {
    stdout_bytes(text.as_bytes());
}

/// Whether stdout's reader went away: nothing more is written (a long listing or batch
/// stops producing output at once instead of failing on each line).
static STDOUT_CLOSED: AtomicBool = AtomicBool::new(false);

/// Writes bytes (a PEM, a CRL, a completion script) to stdout, with [`stdout`]'s rules.
pub fn stdout_bytes(bytes: &[u8]) {
    use std::io::Write;
    if STDOUT_CLOSED.load(Ordering::Relaxed) {
        return;
    }
    let mut out = std::io::stdout().lock();
    if out.write_all(bytes).and_then(|()| out.flush()).is_err() {
        STDOUT_CLOSED.store(true, Ordering::Relaxed);
    }
}

/// A plain text table whose columns line up with CJK text (double-width characters).
pub struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    pub fn new(header: &[&str]) -> Table {
        Table {
            header: header.iter().map(|s| s.to_string()).collect(),
            rows: Vec::new(),
        }
    }

    /// One row; every cell is made [`term_safe`] (a name with a line break cannot add a row).
    pub fn row(&mut self, cells: Vec<String>) {
        self.rows
            .push(cells.iter().map(|c| term_safe(&localize_text(c))).collect());
    }

    pub fn render(&self) -> String {
        let cols = self.header.len();
        let mut widths: Vec<usize> = self.header.iter().map(|h| h.width()).collect();
        for r in &self.rows {
            for (i, c) in r.iter().enumerate().take(cols) {
                widths[i] = widths[i].max(c.width());
            }
        }
        let line = |cells: &[String]| {
            let mut s = String::new();
            for (i, c) in cells.iter().enumerate().take(cols) {
                s.push_str(c);
                if i + 1 < cols {
                    s.push_str(&" ".repeat(widths[i] - c.width() + 2));
                }
            }
            s.trim_end().to_string() + "\n"
        };
        let mut out = line(&self.header);
        for r in &self.rows {
            out.push_str(&line(r));
        }
        if self.rows.is_empty() {
            out.push_str(&crate::i18n::tr(crate::msg!("table-none")));
            out.push('\n');
        }
        out
    }
}

/// `key: value` lines with aligned values, each value made [`term_safe`].
pub fn fields(pairs: &[(&str, String)]) -> String {
    let w = pairs.iter().map(|(k, _)| k.width()).max().unwrap_or(0);
    // Chinese text takes the full-width colon (编号：), English the ASCII one.
    let colon = crate::i18n::tr(crate::msg!("field-colon"));
    pairs
        .iter()
        .map(|(k, v)| {
            let v = term_safe(&localize_text(v));
            format!("{k}{colon}{} {v}\n", " ".repeat(w - k.width()))
        })
        .collect()
}

/// An optional value; an absent one is the catalogue's word for none.
pub fn opt<T: std::fmt::Display>(v: &Option<T>) -> String {
    v.as_ref()
        .map_or_else(|| crate::i18n::tr(crate::msg!("value-none")), T::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_bidi_and_zero_width_characters_are_escaped_and_the_rest_kept() {
        assert_eq!(
            term_safe("\u{1b}]0;x\u{7}张伟\r\n\u{202e}a\u{200b}b\u{feff}\u{2066}"),
            "\\u{1b}]0;x\\u{7}张伟\\u{d}\\u{a}\\u{202e}a\\u{200b}b\\u{feff}\\u{2066}"
        );
        assert_eq!(
            term_safe("北京云签科技有限公司 CN=李娜"),
            "北京云签科技有限公司 CN=李娜"
        );
        let once = term_safe("\u{1b}[2J");
        assert_eq!(term_safe(&once), once);
    }

    #[test]
    fn a_cell_with_a_line_break_stays_in_its_row() {
        let mut t = Table::new(&["ID", "NAME"]);
        t.row(vec!["1".into(), "李娜\n2  FAKE".into()]);
        assert_eq!(t.render().lines().count(), 2);
        assert_eq!(fields(&[("name", "a\nb".into())]).lines().count(), 1);
    }
}
