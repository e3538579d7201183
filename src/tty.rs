//! Hidden prompts on the controlling terminal: a PIN typed by a person, never echoed, never
//! on the command line. Used only when stdin is a terminal, so scripts (stdin a pipe, a file
//! or /dev/null) get the "give --pin-file" error at once instead of hanging on a prompt.
//!
//! Written here rather than taken from `rpassword`: rustix (already a dependency, without
//! unsafe code) gives termios, and reading byte by byte with canonical mode and signals off
//! lets Ctrl-C cancel *and* restore the terminal's echo, which a killed process cannot do.

use std::fs::{File, OpenOptions};
use std::io::{Read, Write};

use rustix::termios::{self, LocalModes, OptionalActions, SpecialCodeIndex, Termios};
use zeroize::Zeroizing;

use crate::error::{Error, Result, exit};
use crate::i18n::{Arg, Catalogued, Described};
use crate::msg;

/// Why the PIN prompt gave no PIN.
#[derive(Debug, Clone, PartialEq)]
pub enum PromptError {
    /// The terminal could not be set up, written or read.
    Terminal { detail: String },
    /// Ctrl-C, or Ctrl-D on an empty line.
    Cancelled,
    /// More than `max` bytes were typed.
    TooLong { max: i64 },
}

impl Catalogued for PromptError {
    fn describe(&self) -> Described {
        match self {
            PromptError::Terminal { detail } => Described::new(
                exit::BAD_INPUT,
                "input.prompt.terminal",
                msg!("prompt-terminal"),
            )
            .hint(msg!("prompt-terminal-hint"))
            .arg("detail", detail),
            PromptError::Cancelled => Described::new(
                exit::USAGE,
                "input.prompt.cancelled",
                msg!("prompt-cancelled"),
            ),
            PromptError::TooLong { max } => Described::new(
                exit::BAD_INPUT,
                "input.prompt.too_long",
                msg!("prompt-too-long"),
            )
            .hint(msg!("prompt-too-long-hint"))
            .arg("max", *max)
            .arg("digits", Arg::Num(crate::domain::rules::PIN_DIGITS as i64)),
        }
    }
}

impl std::fmt::Display for PromptError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.describe().message_in(crate::i18n::lang()))
    }
}

impl std::error::Error for PromptError {}

impl From<PromptError> for Error {
    fn from(e: PromptError) -> Self {
        Error::from_typed(e)
    }
}

/// True when a person can be asked: stdin is a terminal and the controlling terminal opens.
pub fn interactive() -> bool {
    termios::isatty(std::io::stdin()) && open_tty().is_ok()
}

fn open_tty() -> std::io::Result<File> {
    OpenOptions::new().read(true).write(true).open("/dev/tty")
}

/// Puts the terminal's settings back however the prompt ends (Enter, Ctrl-C, an error).
struct Restore<'a> {
    tty: &'a File,
    saved: Termios,
}

impl Drop for Restore<'_> {
    fn drop(&mut self) {
        // Nothing more can be done if the terminal refuses; the prompt already ended.
        let _ = termios::tcsetattr(self.tty, OptionalActions::Now, &self.saved);
    }
}

/// Asks `prompt` on the terminal and reads one line with echo off: at most `max` bytes,
/// Backspace erases, Ctrl-C or Ctrl-D cancels. Returns `None` when there is no terminal.
pub fn read_hidden(prompt: &str, max: usize) -> Result<Option<Zeroizing<Vec<u8>>>> {
    if !termios::isatty(std::io::stdin()) {
        return Ok(None);
    }
    let Ok(tty) = open_tty() else {
        return Ok(None);
    };
    let failed = |e: std::io::Error| {
        Error::from(PromptError::Terminal {
            detail: e.to_string(),
        })
    };
    let saved = termios::tcgetattr(&tty).map_err(|e| failed(e.into()))?;
    let mut quiet = saved.clone();
    quiet
        .local_modes
        .remove(LocalModes::ECHO | LocalModes::ICANON | LocalModes::ISIG);
    quiet.special_codes[SpecialCodeIndex::VMIN] = 1;
    quiet.special_codes[SpecialCodeIndex::VTIME] = 0;
    let line = {
        let _restore = Restore {
            tty: &tty,
            saved: saved.clone(),
        };
        // Echo goes off before the prompt shows, so nothing typed after it is ever echoed;
        // what was typed before the prompt is discarded (it was not meant as the PIN).
        termios::tcsetattr(&tty, OptionalActions::Flush, &quiet).map_err(|e| failed(e.into()))?;
        (&tty).write_all(prompt.as_bytes()).map_err(failed)?;
        (&tty).flush().map_err(failed)?;
        read_line(&mut &tty, max)
    };
    // The Enter the person typed was not echoed either.
    let _ = (&tty).write_all(b"\n");
    match line.map_err(failed)? {
        Line::Typed(bytes) => Ok(Some(bytes)),
        Line::Cancelled => Err(PromptError::Cancelled.into()),
        Line::TooLong => Err(PromptError::TooLong {
            max: i64::try_from(max).unwrap_or(i64::MAX),
        }
        .into()),
    }
}

enum Line {
    Typed(Zeroizing<Vec<u8>>),
    Cancelled,
    TooLong,
}

/// One line from a terminal in non-canonical mode, byte by byte.
fn read_line(tty: &mut impl Read, max: usize) -> std::io::Result<Line> {
    const CTRL_C: u8 = 0x03;
    const CTRL_D: u8 = 0x04;
    const BACKSPACE: u8 = 0x08;
    const DELETE: u8 = 0x7f;
    let mut line = Zeroizing::new(Vec::with_capacity(max));
    let mut byte = [0u8; 1];
    loop {
        if tty.read(&mut byte)? == 0 {
            return Ok(Line::Cancelled);
        }
        match byte[0] {
            b'\r' | b'\n' => return Ok(Line::Typed(line)),
            CTRL_C => return Ok(Line::Cancelled),
            CTRL_D if line.is_empty() => return Ok(Line::Cancelled),
            BACKSPACE | DELETE => {
                line.pop();
            }
            _ if line.len() >= max => return Ok(Line::TooLong),
            b => line.push(b),
        }
        byte[0] = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(input: &[u8]) -> Line {
        read_line(&mut &input[..], 8).unwrap()
    }

    #[test]
    fn a_line_ends_at_enter_and_backspace_erases() {
        let Line::Typed(l) = typed(b"12x\x7f3456\r") else {
            panic!("not typed")
        };
        assert_eq!(&l[..], b"123456");
    }

    #[test]
    fn ctrl_c_ctrl_d_and_end_of_input_cancel() {
        assert!(matches!(typed(b"12\x03"), Line::Cancelled));
        assert!(matches!(typed(b"\x04"), Line::Cancelled));
        assert!(matches!(typed(b"123"), Line::Cancelled));
    }

    #[test]
    fn typing_past_the_limit_is_refused() {
        assert!(matches!(typed(b"123456789\n"), Line::TooLong));
    }

    fn samples() -> Vec<PromptError> {
        vec![
            PromptError::Terminal {
                detail: "Input/output error (os error 5)".into(),
            },
            PromptError::Cancelled,
            PromptError::TooLong { max: 64 },
        ]
    }

    #[test]
    fn every_prompt_error_renders_completely_in_both_languages() {
        crate::i18n::testing::assert_complete(&samples());
    }

    #[test]
    fn every_prompt_error_in_english() {
        let all = crate::i18n::testing::all_rendered(&samples(), crate::i18n::Lang::En);
        insta::assert_snapshot!(all);
    }

    #[test]
    fn every_prompt_error_in_chinese() {
        let all = crate::i18n::testing::all_rendered(&samples(), crate::i18n::Lang::ZhCn);
        insta::assert_snapshot!(all);
    }
}
