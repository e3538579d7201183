//! The one error type of catool and its stable process exit codes.
//!
//! Every failure a user can cause maps to one of a few kinds; each kind has an exit code that
//! scripts may rely on (documented in README.md, "Exit codes").

use std::process::ExitCode;

use crate::i18n::{Catalogued, Described};

/// Stable exit codes. Never renumber: operators' scripts test them.
pub mod exit {
    /// A check ran and found a problem (e.g. `catool log verify` found tampering).
    pub const CHECK_FAILED: u8 = 1;
    /// The command line was malformed (clap uses the same code).
    pub const USAGE: u8 = 2;
    /// A referenced enterprise, person, package, certificate … does not exist.
    pub const NOT_FOUND: u8 = 3;
    /// A domain rule (D1…D22, docs/rules.md) refused the operation.
    pub const REFUSED: u8 = 4;
    /// A value or input file is invalid (bad check character, corrupt PEM, unreadable file …).
    pub const BAD_INPUT: u8 = 5;
    /// The registry cannot be used (missing directory, not a catool registry, newer schema …).
    pub const REGISTRY: u8 = 6;
    /// A check found nothing to check: `catool pdf verify` on a PDF without signatures.
    pub const NOT_SIGNED: u8 = 7;
    /// A bug or an environment failure catool did not expect.
    pub const INTERNAL: u8 = 70;
}

#[derive(Debug, Clone, thiserror::Error)]
pub enum Error {
    #[error("{0}")]
    Usage(String),
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Refused(String),
    #[error("{0}")]
    BadInput(String),
    #[error("{0}")]
    Registry(String),
    #[error("check failed: {0}")]
    CheckFailed(String),
    #[error("{0}")]
    NotSigned(String),
    /// A bug: the line around the detail comes from the catalogue, the detail (for the
    /// developer) stays as written.
    #[error("{}", internal_line(.0))]
    Internal(String),
    /// A typed refusal or error of one area (certificates, seals, PDFs …): its message
    /// comes from the catalogue in the chosen language, with a hint and a rule
    /// (`crate::i18n`). Each area's error enum converts into it (`impl From<AreaError>`
    /// next to the enum); [`Error::typed`] gets the area's value back.
    #[error("{0}")]
    Typed(std::sync::Arc<dyn TypedError>),
    /// A batch where some items failed (each was reported already); exits with the code
    /// of the first failure.
    #[error("{message}")]
    Partial { message: String, code: u8 },
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn exit_code(&self) -> ExitCode {
        ExitCode::from(self.code())
    }

    pub fn code(&self) -> u8 {
        match self {
            Error::Usage(_) => exit::USAGE,
            Error::NotFound(_) => exit::NOT_FOUND,
            Error::Refused(_) => exit::REFUSED,
            Error::BadInput(_) => exit::BAD_INPUT,
            Error::Registry(_) => exit::REGISTRY,
            Error::CheckFailed(_) => exit::CHECK_FAILED,
            Error::NotSigned(_) => exit::NOT_SIGNED,
            Error::Internal(_) => exit::INTERNAL,
            Error::Partial { code, .. } => *code,
            Error::Typed(e) => e.describe().exit,
        }
    }

    /// Short machine-readable kind, used in `--json` error objects.
    pub fn kind(&self) -> &'static str {
        match self {
            Error::Usage(_) => "usage",
            Error::NotFound(_) => "not_found",
            Error::Refused(_) => "refused",
            Error::BadInput(_) => "bad_input",
            Error::Registry(_) => "registry",
            Error::CheckFailed(_) => "check_failed",
            Error::NotSigned(_) => "not_signed",
            Error::Internal(_) => "internal",
            Error::Partial { .. } => "partial",
            Error::Typed(e) => kind_of(e.describe().exit),
        }
    }

    /// Why a domain rule refused, as the history records it (English, whatever language the
    /// user reads); `None` when this is not a refusal.
    pub fn refusal(&self) -> Option<String> {
        match self {
            Error::Refused(reason) => Some(reason.clone()),
            Error::Typed(e) if e.describe().exit == exit::REFUSED => {
                Some(e.describe().message_in(crate::i18n::Lang::En))
            }
            _ => None,
        }
    }

    /// What the catalogue says of a typed error (code, hint, rule); `None` for the untyped
    /// ones not migrated yet.
    pub fn described(&self) -> Option<Described> {
        match self {
            Error::Typed(e) => Some(e.describe()),
            _ => None,
        }
    }
}

/// `internal error: DETAIL` in the chosen language.
fn internal_line(detail: &str) -> String {
    let args = [("detail", crate::i18n::Arg::from(detail))];
    crate::i18n::text(crate::i18n::lang(), crate::msg!("internal-error"), &args)
}

impl Error {
    /// What the user can do, in `lang`: a typed error's hint; for a bug, to report it.
    pub fn hint_in(&self, lang: crate::i18n::Lang) -> Option<String> {
        match self {
            Error::Internal(_) => Some(crate::i18n::text(
                lang,
                crate::msg!("internal-error-hint"),
                &[],
            )),
            e => e.described().and_then(|d| d.hint_in(lang)),
        }
    }
}

/// The `kind` of an exit code (the untyped variants' names).
fn kind_of(code: u8) -> &'static str {
    match code {
        exit::CHECK_FAILED => "check_failed",
        exit::USAGE => "usage",
        exit::NOT_FOUND => "not_found",
        exit::REFUSED => "refused",
        exit::BAD_INPUT => "bad_input",
        exit::REGISTRY => "registry",
        exit::NOT_SIGNED => "not_signed",
        _ => "internal",
    }
}

/// What a typed error of any area is: catalogued (code, message, hint, rule), printable in
/// the current language, and recoverable as its own type ([`Error::typed`]).
pub trait TypedError: Catalogued + std::fmt::Display + std::fmt::Debug + Send + Sync {
    fn as_any(&self) -> &dyn std::any::Any;
}

impl<T> TypedError for T
where
    T: Catalogued + std::fmt::Display + std::fmt::Debug + Send + Sync + 'static,
{
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

impl Error {
    /// Wraps an area's typed error (used by each area's `From` impl).
    pub fn from_typed(e: impl TypedError + 'static) -> Error {
        Error::Typed(std::sync::Arc::new(e))
    }

    /// The area error `T` this is, if it is one: `err.typed::<CertError>()`.
    pub fn typed<T: 'static>(&self) -> Option<&T> {
        match self {
            Error::Typed(e) => e.as_any().downcast_ref::<T>(),
            _ => None,
        }
    }
}

impl From<crate::domain::cert_error::CertError> for Error {
    fn from(e: crate::domain::cert_error::CertError) -> Self {
        Error::from_typed(e)
    }
}

/// SQLite errors that reach the user unclassified are internal: every expected failure
/// (constraint, missing row, busy) is translated where it happens.
impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        crate::registry::error::from_sqlite(e)
    }
}

impl From<serde_json::Error> for Error {
    fn from(e: serde_json::Error) -> Self {
        Error::Internal(format!("json: {e}"))
    }
}
