//! The 6-digit PIN (D6) that protects an issued key. Read from a file, stdin or the
//! `CATOOL_PIN` environment variable (or typed at a terminal, see `crate::tty`) — never
//! from the command line — and zeroized on drop.

use std::path::Path;

use zeroize::Zeroizing;

use super::error::{Cause, PkiError};
use crate::domain::cert_error::{CertError, PinProblem};
use crate::domain::rules::PIN_DIGITS;
use crate::error::{Error, Result};
use crate::input::{MAX_PIN_FILE, read_secret};

pub struct Pin(Zeroizing<String>);

impl Pin {
    /// Parses a PIN file's bytes: exactly six ASCII digits, optionally followed by one
    /// newline (`\n` or `\r\n`). Errors never echo the PIN.
    pub fn parse(what: &str, bytes: &[u8]) -> Result<Pin> {
        let body = bytes
            .strip_suffix(b"\r\n")
            .or_else(|| bytes.strip_suffix(b"\n"))
            .unwrap_or(bytes);
        let problem = if body.is_empty() {
            Some(PinProblem::Empty)
        } else if !body.iter().all(u8::is_ascii_digit) {
            Some(PinProblem::NotDigits)
        } else if body.len() != PIN_DIGITS {
            Some(PinProblem::Length(
                i64::try_from(body.len()).unwrap_or(i64::MAX),
            ))
        } else {
            None
        };
        let invalid = |problem| CertError::InvalidPin {
            source: what.to_string(),
            problem,
        };
        if let Some(p) = problem {
            return Err(invalid(p).into());
        }
        let s = String::from_utf8(body.to_vec()).map_err(|_| invalid(PinProblem::NotDigits))?;
        Ok(Pin(Zeroizing::new(s)))
    }

    /// Reads a PIN from `path` (`-` is stdin) or, with no path, from `CATOOL_PIN`. At most
    /// 64 bytes are read: `--pin-file /dev/zero` is refused at once.
    pub fn read(flag: &str, path: Option<&Path>) -> Result<Pin> {
        let too_long = |what: &str| {
            Error::from(CertError::PinFileTooLong {
                source: what.to_string(),
                max: i64::try_from(MAX_PIN_FILE).unwrap_or(i64::MAX),
            })
        };
        match path {
            Some(p) if p.as_os_str() == "-" => {
                let buf = read_secret(std::io::stdin(), MAX_PIN_FILE)
                    .map_err(|e| PkiError::PinStdinUnreadable {
                        source: Cause::new(e),
                    })?
                    .ok_or_else(|| too_long("stdin"))?;
                Pin::parse("stdin", &buf)
            }
            Some(p) => {
                let what = format!("{flag} {}", p.display());
                let cannot = |e: std::io::Error| PkiError::PinFileUnreadable {
                    what: what.clone(),
                    source: Cause::new(e),
                };
                let file = std::fs::File::open(p).map_err(cannot)?;
                let buf = read_secret(file, MAX_PIN_FILE)
                    .map_err(cannot)?
                    .ok_or_else(|| too_long(&what))?;
                Pin::parse(&what, &buf)
            }
            None => match std::env::var("CATOOL_PIN") {
                Ok(v) => Pin::parse("CATOOL_PIN", Zeroizing::new(v).as_bytes()),
                Err(_) => Err(PkiError::PinNeeded {
                    flag: flag.to_string(),
                }
                .into()),
            },
        }
    }

    pub fn as_bytes(&self) -> &[u8] {
        self.0.as_bytes()
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Pin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Pin(******)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn six_digits_with_a_trailing_newline_are_a_pin() {
        assert_eq!(Pin::parse("t", b"012345\n").unwrap().as_str(), "012345");
        assert_eq!(Pin::parse("t", b"012345\r\n").unwrap().as_str(), "012345");
    }

    #[test]
    fn anything_else_is_refused_without_echoing_it() {
        for bad in [
            &b"12345"[..],
            b"1234567",
            b"12a456",
            b"",
            b"\n",
            b"123456\n\n",
            b" 123456",
        ] {
            let err = Pin::parse("t", bad).unwrap_err().to_string();
            assert!(err.contains("exactly 6 digits"), "{err}");
            assert!(!err.contains("12345"), "PIN echoed: {err}");
        }
    }
}
