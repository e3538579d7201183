//! Output rules: results go to stdout (JSON with `--json`, text otherwise), progress and
//! diagnostics to stderr; `--quiet` silences the text result but never JSON or errors.

use serde::Serialize;
use unicode_width::UnicodeWidthStr;

use crate::error::{Error, Result};

#[derive(Debug, Clone, Copy)]
pub struct Out {
    pub json: bool,
    pub quiet: bool,
}

impl Out {
    /// Prints a result: `value` as JSON, or the text `render` makes.
    pub fn emit<T: Serialize>(&self, value: &T, render: impl FnOnce(&T) -> String) -> Result<()> {
        if self.json {
            let s = serde_json::to_string_pretty(value)?;
            stdout(&format!("{s}\n"));
        } else if !self.quiet {
            let mut text = render(value);
            if !text.ends_with('\n') {
                text.push('\n');
            }
            stdout(&text);
        }
        Ok(())
    }

    /// A progress or informational line for humans (stderr), silenced by `--quiet`/`--json`.
    pub fn note(&self, line: impl AsRef<str>) {
        if !self.quiet && !self.json {
            eprintln!("{}", line.as_ref());
        }
    }

    /// Reports a failed command: one line on stderr; with `--json`, an error object on stdout
    /// (except for a failed check, whose report already went to stdout).
    pub fn error(&self, e: &Error) {
        eprintln!("error: {e}");
        if self.json
            && !matches!(
                e,
                Error::CheckFailed(_) | Error::NotSigned(_) | Error::Partial { .. }
            )
        {
            let obj = serde_json::json!({
                "error": { "kind": e.kind(), "message": e.to_string(), "exit_code": e.code() }
            });
            stdout(&format!("{obj}\n"));
        }
    }
}

/// Writes to stdout. A reader that went away (`catool … | head`) is not an error of the
/// command: the rest of the output is dropped and the command's exit code stands (print!
/// would panic on the closed pipe).
pub fn stdout(text: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
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

    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
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
            out.push_str("(none)\n");
        }
        out
    }
}

/// `key: value` lines with aligned values.
pub fn fields(pairs: &[(&str, String)]) -> String {
    let w = pairs.iter().map(|(k, _)| k.width()).max().unwrap_or(0);
    pairs
        .iter()
        .map(|(k, v)| format!("{k}:{} {v}\n", " ".repeat(w - k.width())))
        .collect()
}

pub fn opt(v: &Option<String>) -> String {
    v.clone().unwrap_or_else(|| "-".to_string())
}
