//! Usage errors clap finds (an unknown flag, a bad value, a missing argument), in the
//! catalogue's words: an operator who mistypes reads the same language as every other
//! message, and `--json` carries a stable `code` (`usage.*`) like every typed error.
//!
//! clap's own rendering is English only; its error keeps what went wrong as structured
//! context (the argument, the value, the valid values, a suggestion, the usage line), which
//! is all this module reads. Anything clap reports without such context keeps clap's line.

use clap::error::{ContextKind, ContextValue, ErrorKind};

use crate::error::{Error, exit};
use crate::i18n::{Arg, Catalogued, Described};
use crate::msg;

#[derive(Debug, Clone, PartialEq)]
pub enum UsageError {
    /// A flag or value the command does not take.
    UnknownArgument { arg: String, help: Help },
    /// A subcommand that does not exist.
    UnknownSubcommand { name: String, help: Help },
    /// A value outside a fixed list (`--lang xx`, `--state nonsense`).
    NotOneOf {
        arg: String,
        value: String,
        valid: Vec<String>,
        help: Help,
    },
    /// A value its parser refused (`--cert abc`).
    BadValue {
        arg: String,
        value: String,
        why: Why,
        help: Help,
    },
    /// Required arguments not given.
    Missing { args: Vec<String>, help: Help },
    /// Two arguments that exclude each other.
    Conflict {
        arg: String,
        other: String,
        help: Help,
    },
    /// What clap reports without structured context: its own line (English).
    Other { detail: String, help: Help },
}

/// Why a value was refused.
#[derive(Debug, Clone, PartialEq)]
pub enum Why {
    /// A whole number was expected.
    NotANumber,
    /// The parser's own words.
    Said(String),
}

/// What to point the user at: a suggestion clap found, else the command's usage line, else
/// the command's help.
#[derive(Debug, Clone, PartialEq)]
pub enum Help {
    DidYouMean(String),
    Usage(String),
    /// The command whose `--help` to read (`catool cert revoke`).
    ReadHelpOf(String),
}

impl UsageError {
    /// The usage error clap's `e` describes; `command` is the command line's subcommand path
    /// (`catool cert revoke`), for the hint when clap gives no usage line.
    pub fn from_clap(e: &clap::Error, command: String) -> UsageError {
        let text = |k: ContextKind| match e.get(k) {
            Some(ContextValue::String(s)) => Some(s.clone()),
            Some(ContextValue::StyledStr(s)) => Some(s.to_string()),
            Some(ContextValue::Strings(v)) => v.first().cloned(),
            _ => None,
        };
        let list = |k: ContextKind| match e.get(k) {
            Some(ContextValue::Strings(v)) => v.clone(),
            Some(ContextValue::String(s)) => vec![s.clone()],
            Some(ContextValue::StyledStrs(v)) => v.iter().map(ToString::to_string).collect(),
            Some(ContextValue::StyledStr(s)) => vec![s.to_string()],
            _ => Vec::new(),
        };
        let suggestion = text(ContextKind::SuggestedArg)
            .or_else(|| text(ContextKind::SuggestedSubcommand))
            .or_else(|| text(ContextKind::SuggestedValue));
        let help = match (suggestion, text(ContextKind::Usage)) {
            (Some(s), _) => Help::DidYouMean(s),
            (None, Some(u)) => Help::Usage(usage_line(&u)),
            (None, None) => Help::ReadHelpOf(command),
        };
        let arg = text(ContextKind::InvalidArg);
        let value = text(ContextKind::InvalidValue);
        match (e.kind(), arg, value) {
            (ErrorKind::UnknownArgument, Some(arg), _) => UsageError::UnknownArgument { arg, help },
            (ErrorKind::InvalidSubcommand, _, _) => match text(ContextKind::InvalidSubcommand) {
                Some(name) => UsageError::UnknownSubcommand { name, help },
                None => other(e, help),
            },
            (ErrorKind::InvalidValue, Some(arg), Some(value)) => {
                let valid = list(ContextKind::ValidValue);
                if valid.is_empty() {
                    // An empty value for a flag that needs one.
                    UsageError::BadValue {
                        arg,
                        value,
                        why: Why::Said(first_line(e)),
                        help,
                    }
                } else {
                    UsageError::NotOneOf {
                        arg,
                        value,
                        valid,
                        help,
                    }
                }
            }
            (ErrorKind::ValueValidation, Some(arg), Some(value)) => {
                let source = std::error::Error::source(e);
                let why = match source.and_then(|s| s.downcast_ref::<std::num::ParseIntError>()) {
                    Some(_) => Why::NotANumber,
                    None => Why::Said(source.map_or_else(|| first_line(e), ToString::to_string)),
                };
                UsageError::BadValue {
                    arg,
                    value,
                    why,
                    help,
                }
            }
            (ErrorKind::MissingRequiredArgument, _, _) => {
                let args = list(ContextKind::InvalidArg);
                if args.is_empty() {
                    other(e, help)
                } else {
                    UsageError::Missing { args, help }
                }
            }
            (ErrorKind::ArgumentConflict, Some(arg), _) => match text(ContextKind::PriorArg) {
                Some(other) => UsageError::Conflict { arg, other, help },
                None => self::other(e, help),
            },
            _ => other(e, help),
        }
    }

    fn help(&self) -> &Help {
        match self {
            UsageError::UnknownArgument { help, .. }
            | UsageError::UnknownSubcommand { help, .. }
            | UsageError::NotOneOf { help, .. }
            | UsageError::BadValue { help, .. }
            | UsageError::Missing { help, .. }
            | UsageError::Conflict { help, .. }
            | UsageError::Other { help, .. } => help,
        }
    }
}

fn other(e: &clap::Error, help: Help) -> UsageError {
    UsageError::Other {
        detail: first_line(e),
        help,
    }
}

/// clap's error as one line, without its `error: ` prefix, usage and help hint.
fn first_line(e: &clap::Error) -> String {
    let text = e.render().to_string();
    text.lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or_default()
        .trim()
        .trim_start_matches("error:")
        .trim()
        .to_string()
}

/// clap's usage context (`Usage: catool cert list [OPTIONS]`) without its heading, on one
/// line.
fn usage_line(u: &str) -> String {
    let u = u.trim();
    let u = u
        .strip_prefix("Usage:")
        .or_else(|| u.strip_prefix("用法："))
        .unwrap_or(u);
    u.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl Catalogued for UsageError {
    fn describe(&self) -> Described {
        let d = |code, id| Described::new(exit::USAGE, code, id);
        let d = match self {
            UsageError::UnknownArgument { arg, .. } => {
                d("usage.unknown_argument", msg!("usage-unknown-argument")).arg("arg", arg)
            }
            UsageError::UnknownSubcommand { name, .. } => {
                d("usage.unknown_subcommand", msg!("usage-unknown-subcommand")).arg("name", name)
            }
            UsageError::NotOneOf {
                arg, value, valid, ..
            } => d("usage.not_one_of", msg!("usage-not-one-of"))
                .arg("arg", arg)
                .arg("value", value)
                .arg("valid", valid.join(", ")),
            UsageError::BadValue {
                arg, value, why, ..
            } => {
                let d = d("usage.bad_value", msg!("usage-bad-value"))
                    .arg("arg", arg)
                    .arg("value", value);
                match why {
                    Why::NotANumber => d.arg("why", Arg::Msg(msg!("usage-why-not-a-number"))),
                    Why::Said(s) => d.arg("why", s),
                }
            }
            UsageError::Missing { args, .. } => {
                d("usage.missing", msg!("usage-missing")).arg("args", args.join(", "))
            }
            UsageError::Conflict { arg, other, .. } => d("usage.conflict", msg!("usage-conflict"))
                .arg("arg", arg)
                .arg("other", other),
            UsageError::Other { detail, .. } => {
                d("usage.other", msg!("usage-other")).arg("detail", detail)
            }
        };
        match self.help() {
            Help::DidYouMean(s) => d.hint(msg!("usage-hint-did-you-mean")).arg("suggestion", s),
            Help::Usage(u) => d.hint(msg!("usage-hint-usage")).arg("usage", u),
            Help::ReadHelpOf(c) => d.hint(msg!("usage-hint-help")).arg("command", c),
        }
    }
}

impl std::fmt::Display for UsageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.describe().message_in(crate::i18n::lang()))
    }
}

impl std::error::Error for UsageError {}

impl From<UsageError> for Error {
    fn from(e: UsageError) -> Self {
        Error::from_typed(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;
    use crate::i18n::testing::{all_rendered, assert_complete};

    fn samples() -> Vec<UsageError> {
        let usage = || Help::Usage("catool cert list [OPTIONS]".into());
        vec![
            UsageError::UnknownArgument {
                arg: "--crt".into(),
                help: Help::DidYouMean("--cert".into()),
            },
            UsageError::UnknownSubcommand {
                name: "isue".into(),
                help: Help::DidYouMean("issue".into()),
            },
            UsageError::NotOneOf {
                arg: "--lang <LANG>".into(),
                value: "xx".into(),
                valid: vec!["en".into(), "zh-CN".into()],
                help: usage(),
            },
            UsageError::BadValue {
                arg: "--cert <CERT>".into(),
                value: "abc".into(),
                why: Why::NotANumber,
                help: usage(),
            },
            UsageError::BadValue {
                arg: "--until <TIME>".into(),
                value: "tomorrow".into(),
                why: Why::Said("not a date".into()),
                help: Help::ReadHelpOf("catool seal grant".into()),
            },
            UsageError::Missing {
                args: vec!["--cert <CERT>".into()],
                help: usage(),
            },
            UsageError::Conflict {
                arg: "--all".into(),
                other: "--page <PAGE>".into(),
                help: usage(),
            },
            UsageError::Other {
                detail: "unexpected value".into(),
                help: Help::ReadHelpOf("catool".into()),
            },
        ]
    }

    #[test]
    fn every_usage_error_renders_in_both_languages() {
        assert_complete(&samples());
    }

    #[test]
    fn every_usage_error_in_english() {
        insta::assert_snapshot!(all_rendered(&samples(), Lang::En));
    }

    #[test]
    fn every_usage_error_in_chinese() {
        insta::assert_snapshot!(all_rendered(&samples(), Lang::ZhCn));
    }
}
