//! The errors of what the user gives and where catool writes: input files that cannot be
//! read or are too big, text fields, and output paths refused (over the registry, its master
//! key or an input) or that cannot be written — as data, each with a stable code (`input.…`,
//! `output.…`), a catalogue message and a hint (see `crate::i18n`).

use std::fmt;

use crate::error::Error;
use crate::error::exit::{BAD_INPUT, REGISTRY};
use crate::i18n::{Arg, Catalogued, Described};
use crate::msg;

/// What kind of file was too big (each kind has its limit, `crate::input`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    /// An image, a font, a letter, a batch CSV … (held in memory whole).
    InputFile,
    /// A certificate, private key or PKCS#12 file.
    CertFile,
    Pdf,
    /// A password file (one line).
    PasswordFile,
}

/// A file no output of a command may replace (`crate::fsutil::OutputRules`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Guarded {
    Registry,
    RegistryWal,
    RegistryShm,
    RegistryJournal,
    MasterKey,
    /// An input of the command, named by its flag (`--pin-file`, `PDF`).
    Input(String),
}

/// What kind of character made a name display as something else.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormatChar {
    Bidi,
    LineSeparator,
    Invisible,
}

/// Every error of reading inputs and writing outputs, with the data its message quotes.
#[derive(Debug, Clone, PartialEq)]
pub enum InputError {
    // ---- input files
    Unreadable {
        flag: String,
        path: String,
        detail: String,
    },
    TooBig {
        flag: String,
        path: String,
        limit: String,
        kind: InputKind,
    },
    NotUtf8 {
        flag: String,
        path: String,
    },
    PinsDiffer,
    InvalidSize {
        value: String,
    },
    // ---- text fields and names
    TextEmpty {
        field: String,
    },
    TextTooLong {
        field: String,
        chars: i64,
        max: i64,
    },
    TextControl {
        field: String,
    },
    TextFormatChar {
        field: String,
        code: String,
        kind: FormatChar,
    },
    // ---- output files
    OutputGuarded {
        flag: String,
        path: String,
        what: Guarded,
        guarded: String,
    },
    OutputIsDirectory {
        flag: String,
        path: String,
    },
    /// A device, FIFO or socket: never replaced by a file.
    OutputNotRegular {
        flag: String,
        path: String,
    },
    /// A symbolic link: never written through, never replaced.
    OutputIsLink {
        flag: String,
        path: String,
    },
    OutputExists {
        flag: String,
        path: String,
        skip_offered: bool,
    },
    CannotWrite {
        path: String,
        detail: String,
    },
    OutputAppeared {
        path: String,
    },
    /// The output's directory is another one than when it was checked.
    OutputDirChanged {
        path: String,
    },
    // ---- where the registry lives
    NoHome,
    CannotCreateDir {
        dir: String,
        detail: String,
    },
}

fn d(exit: u8, code: &'static str, message: &'static str) -> Described {
    Described::new(exit, code, message)
}

impl Catalogued for InputError {
    fn describe(&self) -> Described {
        use InputError as E;
        match self {
            E::Unreadable { flag, path, detail } => {
                d(BAD_INPUT, "input.unreadable", msg!("input-unreadable"))
                    .hint(msg!("input-unreadable-hint"))
                    .arg("flag", flag)
                    .arg("path", path)
                    .arg("detail", detail)
            }
            E::TooBig {
                flag,
                path,
                limit,
                kind,
            } => d(BAD_INPUT, "input.too_big", msg!("input-too-big"))
                .hint(msg!("input-too-big-hint"))
                .arg("flag", flag)
                .arg("path", path)
                .arg("limit", limit)
                .arg(
                    "kind",
                    Arg::Msg(match kind {
                        InputKind::InputFile => msg!("input-kind-input-file"),
                        InputKind::CertFile => msg!("input-kind-cert-file"),
                        InputKind::Pdf => msg!("input-kind-pdf"),
                        InputKind::PasswordFile => msg!("input-kind-password-file"),
                    }),
                ),
            E::NotUtf8 { flag, path } => d(BAD_INPUT, "input.not_utf8", msg!("input-not-utf8"))
                .arg("flag", flag)
                .arg("path", path),
            E::PinsDiffer => d(BAD_INPUT, "input.pin.mismatch", msg!("input-pins-differ"))
                .hint(msg!("input-pins-differ-hint")),
            E::InvalidSize { value } => {
                d(BAD_INPUT, "input.size.invalid", msg!("input-size-invalid")).arg("value", value)
            }
            E::TextEmpty { field } => {
                d(BAD_INPUT, "input.text.empty", msg!("input-text-empty")).arg("field", field)
            }
            E::TextTooLong { field, chars, max } => d(
                BAD_INPUT,
                "input.text.too_long",
                msg!("input-text-too-long"),
            )
            .arg("field", field)
            .arg("chars", *chars)
            .arg("max", *max),
            E::TextControl { field } => {
                d(BAD_INPUT, "input.text.control", msg!("input-text-control")).arg("field", field)
            }
            E::TextFormatChar { field, code, kind } => d(
                BAD_INPUT,
                "input.text.format_char",
                msg!("input-text-format-char"),
            )
            .hint(msg!("input-text-format-char-hint"))
            .arg("field", field)
            .arg("code", code)
            .arg(
                "kind",
                Arg::Msg(match kind {
                    FormatChar::Bidi => msg!("format-char-bidi"),
                    FormatChar::LineSeparator => msg!("format-char-line-separator"),
                    FormatChar::Invisible => msg!("format-char-invisible"),
                }),
            ),
            E::OutputGuarded {
                flag,
                path,
                what,
                guarded,
            } => {
                let d = d(BAD_INPUT, "output.guarded", msg!("output-guarded"))
                    .hint(msg!("output-choose-another-hint"))
                    .arg("flag", flag)
                    .arg("path", path)
                    .arg("guarded", guarded);
                let what_id = match what {
                    Guarded::Registry => msg!("guarded-registry"),
                    Guarded::RegistryWal => msg!("guarded-registry-wal"),
                    Guarded::RegistryShm => msg!("guarded-registry-shm"),
                    Guarded::RegistryJournal => msg!("guarded-registry-journal"),
                    Guarded::MasterKey => msg!("guarded-master-key"),
                    Guarded::Input(input) => {
                        return d
                            .arg("what", Arg::Msg(msg!("guarded-input")))
                            .arg("input", input);
                    }
                };
                d.arg("what", Arg::Msg(what_id))
            }
            E::OutputIsDirectory { flag, path } => d(
                BAD_INPUT,
                "output.is_directory",
                msg!("output-is-directory"),
            )
            .hint(msg!("output-is-directory-hint"))
            .arg("flag", flag)
            .arg("path", path),
            E::OutputNotRegular { flag, path } => {
                d(BAD_INPUT, "output.not_regular", msg!("output-not-regular"))
                    .hint(msg!("output-not-regular-hint"))
                    .arg("flag", flag)
                    .arg("path", path)
            }
            E::OutputIsLink { flag, path } => {
                d(BAD_INPUT, "output.is_link", msg!("output-is-link"))
                    .hint(msg!("output-is-link-hint"))
                    .arg("flag", flag)
                    .arg("path", path)
            }
            E::OutputExists {
                flag,
                path,
                skip_offered,
            } => d(BAD_INPUT, "output.exists", msg!("output-exists"))
                .hint(if *skip_offered {
                    msg!("output-exists-skip-hint")
                } else {
                    msg!("output-exists-hint")
                })
                .arg("flag", flag)
                .arg("path", path),
            E::CannotWrite { path, detail } => d(
                BAD_INPUT,
                "output.write_failed",
                msg!("output-write-failed"),
            )
            .hint(msg!("output-write-failed-hint"))
            .arg("path", path)
            .arg("detail", detail),
            E::OutputDirChanged { path } => d(
                BAD_INPUT,
                "output.directory_changed",
                msg!("output-directory-changed"),
            )
            .hint(msg!("output-directory-changed-hint"))
            .arg("path", path),
            E::OutputAppeared { path } => d(BAD_INPUT, "output.appeared", msg!("output-appeared"))
                .hint(msg!("output-appeared-hint"))
                .arg("path", path),
            E::NoHome => d(
                REGISTRY,
                "input.registry.no_home",
                msg!("input-registry-no-home"),
            )
            .hint(msg!("input-registry-no-home-hint")),
            E::CannotCreateDir { dir, detail } => d(
                REGISTRY,
                "output.directory.create_failed",
                msg!("output-directory-create-failed"),
            )
            .arg("dir", dir)
            .arg("detail", detail),
        }
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.describe().message_in(crate::i18n::lang()))
    }
}

impl std::error::Error for InputError {}

impl From<InputError> for Error {
    fn from(e: InputError) -> Self {
        Error::from_typed(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;
    use crate::i18n::testing::{all_rendered, assert_complete};

    /// One of every input and output error, with plausible data.
    fn samples() -> Vec<InputError> {
        use InputError as E;
        let s = |v: &str| v.to_string();
        let mut v = vec![
            E::Unreadable {
                flag: s("--letter"),
                path: s("letter.pdf"),
                detail: s("No such file or directory (os error 2)"),
            },
            E::NotUtf8 {
                flag: s("--password-file"),
                path: s("pw.txt"),
            },
            E::PinsDiffer,
            E::InvalidSize { value: s("4O") },
            E::TextEmpty { field: s("--name") },
            E::TextTooLong {
                field: s("--name"),
                chars: 120,
                max: 100,
            },
            E::TextControl { field: s("--text") },
            E::OutputIsDirectory {
                flag: s("--out"),
                path: s("out"),
            },
            E::OutputNotRegular {
                flag: s("--out"),
                path: s("/dev/null"),
            },
            E::OutputIsLink {
                flag: s("--out"),
                path: s("/dev/stdout"),
            },
            E::OutputExists {
                flag: s("--out"),
                path: s("a.pdf"),
                skip_offered: false,
            },
            E::OutputExists {
                flag: s("--out"),
                path: s("a.pdf"),
                skip_offered: true,
            },
            E::CannotWrite {
                path: s("a.pdf"),
                detail: s("No space left on device (os error 28)"),
            },
            E::OutputAppeared { path: s("a.pdf") },
            E::OutputDirChanged {
                path: s("out/a.pdf"),
            },
            E::NoHome,
            E::CannotCreateDir {
                dir: s("/data/catool"),
                detail: s("Permission denied (os error 13)"),
            },
        ];
        for kind in [
            InputKind::InputFile,
            InputKind::CertFile,
            InputKind::Pdf,
            InputKind::PasswordFile,
        ] {
            v.push(E::TooBig {
                flag: s("FILE"),
                path: s("big.bin"),
                limit: s("64 KiB"),
                kind,
            });
        }
        for kind in [
            FormatChar::Bidi,
            FormatChar::LineSeparator,
            FormatChar::Invisible,
        ] {
            v.push(E::TextFormatChar {
                field: s("--name"),
                code: s("U+202E"),
                kind,
            });
        }
        for what in [
            Guarded::Registry,
            Guarded::RegistryWal,
            Guarded::RegistryShm,
            Guarded::RegistryJournal,
            Guarded::MasterKey,
            Guarded::Input(s("--pin-file")),
        ] {
            v.push(E::OutputGuarded {
                flag: s("--out"),
                path: s("registry.db"),
                what,
                guarded: s("/home/op/.local/share/catool/registry.db"),
            });
        }
        v
    }

    #[test]
    fn every_input_error_renders_completely_in_both_languages() {
        assert_complete(&samples());
    }

    #[test]
    fn every_input_error_in_english() {
        insta::assert_snapshot!(all_rendered(&samples(), Lang::En));
    }

    #[test]
    fn every_input_error_in_chinese() {
        insta::assert_snapshot!(all_rendered(&samples(), Lang::ZhCn));
    }
}
