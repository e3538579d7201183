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

use crate::error::{Error, Result};

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
        Error::BadInput(format!(
            "cannot read from the terminal: {e}; give the PIN in a file instead"
        ))
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
        Line::Cancelled => Err(Error::Usage(
            "cancelled at the PIN prompt; nothing was changed".to_string(),
        )),
        Line::TooLong => Err(Error::BadInput(format!(
            "more than {max} characters were typed at the PIN prompt; a PIN is 6 digits"
        ))),
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
}
