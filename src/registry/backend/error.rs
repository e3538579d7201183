//! The errors of reaching a registry on a database server, as data: an address catool cannot
//! read, a server it cannot reach or that refuses the login, a database of another
//! application, a role that may only read; and, on either backend, a rule of the schema that
//! refused a statement (`Constraint`, turned into a refusal by the query that knows which rule
//! it was). Each names the server as `Location::shown` does, never a password. Messages are in
//! i18n/*/registry.ftl; a schema written by a newer catool is `RegistryError::Newer`.

use std::fmt;

use crate::error::Error;
use crate::error::exit::{INTERNAL, REGISTRY, USAGE};
use crate::i18n::{Catalogued, Described, Lang};
use crate::msg;

#[derive(Debug, Clone, PartialEq)]
pub enum BackendError {
    /// `--db` looks like a PostgreSQL URL but is not one catool can use.
    BadUrl { url: String, why: String },
    /// No connection: the server is down, the host or socket wrong, the database missing, TLS
    /// refused.
    CannotConnect { server: String, why: String },
    /// The server refused the login (wrong or missing password, no `pg_hba.conf` entry).
    LoginRefused {
        server: String,
        user: String,
        why: String,
    },
    /// The database holds tables and no catool schema.
    OtherApplication { server: String },
    /// The role may read the registry but not write it (or the server is a read-only standby).
    ReadOnlyRole { server: String, user: String },
    /// The connection broke in the middle of a command; its transaction did not commit.
    ConnectionLost { server: String, why: String },
    /// A rule of the schema refused a statement (a trigger's message or a constraint's):
    /// what the query that ran it did not expect.
    Constraint { message: String },
    /// The server refused a statement for another reason.
    Server { server: String, why: String },
}

fn d(exit: u8, code: &'static str, message: &'static str) -> Described {
    Described::new(exit, code, message)
}

impl Catalogued for BackendError {
    fn describe(&self) -> Described {
        use BackendError as E;
        match self {
            E::BadUrl { url, why } => d(USAGE, "registry.url.invalid", msg!("registry-pg-bad-url"))
                .hint(msg!("registry-pg-bad-url-hint"))
                .arg("url", url)
                .arg("why", why),
            E::CannotConnect { server, why } => d(
                REGISTRY,
                "registry.server.unreachable",
                msg!("registry-pg-cannot-connect"),
            )
            .hint(msg!("registry-pg-cannot-connect-hint"))
            .arg("server", server)
            .arg("why", why),
            E::LoginRefused { server, user, why } => d(
                REGISTRY,
                "registry.server.login_refused",
                msg!("registry-pg-login-refused"),
            )
            .hint(msg!("registry-pg-login-refused-hint"))
            .arg("server", server)
            .arg("user", user)
            .arg("why", why),
            E::OtherApplication { server } => d(
                REGISTRY,
                "registry.open.not_a_registry",
                msg!("registry-pg-other-application"),
            )
            .hint(msg!("registry-pg-other-application-hint"))
            .arg("server", server),
            E::ReadOnlyRole { server, user } => d(
                REGISTRY,
                "registry.read_only",
                msg!("registry-pg-read-only"),
            )
            .hint(msg!("registry-pg-read-only-hint"))
            .arg("server", server)
            .arg("user", user),
            E::ConnectionLost { server, why } => d(
                REGISTRY,
                "registry.server.connection_lost",
                msg!("registry-pg-connection-lost"),
            )
            .hint(msg!("registry-pg-connection-lost-hint"))
            .arg("server", server)
            .arg("why", why),
            E::Constraint { message } => {
                d(INTERNAL, "registry.constraint", msg!("registry-constraint")).arg("why", message)
            }
            E::Server { server, why } => d(
                INTERNAL,
                "registry.server.error",
                msg!("registry-pg-server-error"),
            )
            .arg("server", server)
            .arg("why", why),
        }
    }
}

impl BackendError {
    pub fn message_in(&self, lang: Lang) -> String {
        self.describe().message_in(lang)
    }
}

impl fmt::Display for BackendError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message_in(crate::i18n::lang()))
    }
}

impl std::error::Error for BackendError {}

impl From<BackendError> for Error {
    fn from(e: BackendError) -> Self {
        Error::from_typed(e)
    }
}

/// Turns a refusal by a rule of the schema into the error the caller gives it (`refusal`
/// gets the rule's message: a trigger's text, or the constraint's); other errors pass.
pub fn constraint(e: Error, refusal: impl FnOnce(&str) -> Error) -> Error {
    match e.typed::<BackendError>() {
        Some(BackendError::Constraint { message }) => refusal(message),
        _ => e,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::testing::{all_rendered, assert_complete};

    fn samples() -> Vec<BackendError> {
        use BackendError as E;
        let server = || "postgres://ops@db.example:5432/catool".to_string();
        vec![
            E::BadUrl {
                url: "postgres://ops@db.example/catool?sslmode=sometimes".into(),
                why: "sslmode=sometimes".into(),
            },
            E::CannotConnect {
                server: server(),
                why: "error connecting to server: Connection refused (os error 111)".into(),
            },
            E::LoginRefused {
                server: server(),
                user: "ops".into(),
                why: "password authentication failed for user \"ops\"".into(),
            },
            E::OtherApplication { server: server() },
            E::ReadOnlyRole {
                server: server(),
                user: "auditor".into(),
            },
            E::ConnectionLost {
                server: server(),
                why: "connection closed".into(),
            },
            E::Constraint {
                message: "D21: history is append-only".into(),
            },
            E::Server {
                server: server(),
                why: "out of shared memory".into(),
            },
        ]
    }

    #[test]
    fn every_backend_error_renders_completely_in_both_languages() {
        assert_complete(&samples());
    }

    #[test]
    fn every_backend_error_in_english() {
        insta::assert_snapshot!(all_rendered(&samples(), Lang::En));
    }

    #[test]
    fn every_backend_error_in_chinese() {
        insta::assert_snapshot!(all_rendered(&samples(), Lang::ZhCn));
    }
}
