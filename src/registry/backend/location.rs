//! Where a registry is, from `--db` / `CATOOL_DB`: a `postgres://` (or `postgresql://`) URL
//! in libpq's form selects PostgreSQL; anything else is an SQLite file (`sqlite:` in front is
//! allowed and dropped). URL options as libpq: `sslmode` (disable, allow, prefer, require,
//! verify-ca, verify-full), `sslrootcert`, `host=/run/postgresql` for a Unix socket directory,
//! `connect_timeout`, `application_name`. A password belongs in `PGPASSWORD` (or the URL,
//! where other users of the machine can read it in the process list); messages never show it.

use std::ffi::OsStr;
use std::path::PathBuf;
use std::str::FromStr;
use std::time::Duration;

use postgres::config::Host;

use super::BackendError;
use crate::error::Result;

/// Where the registry is.
#[derive(Debug, Clone)]
pub enum Location {
    Sqlite(PathBuf),
    Postgres(Box<PgTarget>),
}

/// How much of the server's certificate `sslmode` checks (libpq's modes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TlsMode {
    Disable,
    /// `allow` and `prefer`: TLS if the server offers it, unchecked.
    Prefer,
    /// Encrypted, certificate unchecked.
    Require,
    /// Certificate signed by a trusted CA (`sslrootcert` or the system's), any host name.
    VerifyCa,
    /// …and issued for the host connected to.
    VerifyFull,
}

/// A PostgreSQL registry's connection settings.
#[derive(Debug, Clone)]
pub struct PgTarget {
    pub(super) config: postgres::Config,
    pub(super) tls: TlsMode,
    pub(super) root_cert: Option<PathBuf>,
    shown: String,
}

/// Where a Unix-socket connection goes when the URL names no host (Debian's and libpq's
/// packaged default).
const DEFAULT_SOCKET_DIR: &str = "/run/postgresql";

/// How long connecting may take when the URL does not say (`connect_timeout`).
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

impl Location {
    /// Reads `--db`'s value.
    pub fn parse(raw: &OsStr) -> Result<Location> {
        let Some(text) = raw.to_str() else {
            return Ok(Location::Sqlite(PathBuf::from(raw)));
        };
        if text.starts_with("postgres://") || text.starts_with("postgresql://") {
            return Ok(Location::Postgres(Box::new(PgTarget::parse(text)?)));
        }
        let path = text.strip_prefix("sqlite:").map_or(text, |rest| {
            // `sqlite:///abs/path` as well as `sqlite:rel/path`.
            rest.strip_prefix("//").unwrap_or(rest)
        });
        Ok(Location::Sqlite(PathBuf::from(path)))
    }

    /// As messages show it (never a password).
    pub fn shown(&self) -> String {
        match self {
            Location::Sqlite(p) => p.display().to_string(),
            Location::Postgres(t) => t.shown().to_string(),
        }
    }
}

impl PgTarget {
    fn parse(url: &str) -> Result<PgTarget> {
        let bad = |why: String| BackendError::BadUrl {
            url: without_password(url),
            why,
        };
        let (base, query) = url.split_once('?').unwrap_or((url, ""));
        let mut tls = TlsMode::Prefer;
        let mut root_cert = None;
        let mut kept = Vec::new();
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            let value = percent_encoding::percent_decode_str(value)
                .decode_utf8()
                .map_err(|e| bad(format!("{key}: {e}")))?;
            match key {
                "sslmode" => {
                    tls = match value.as_ref() {
                        "disable" => TlsMode::Disable,
                        "allow" | "prefer" => TlsMode::Prefer,
                        "require" => TlsMode::Require,
                        "verify-ca" => TlsMode::VerifyCa,
                        "verify-full" => TlsMode::VerifyFull,
                        other => return Err(bad(format!("sslmode={other}")).into()),
                    }
                }
                "sslrootcert" => root_cert = Some(PathBuf::from(value.as_ref())),
                _ => kept.push(pair),
            }
        }
        let rest = if kept.is_empty() {
            base.to_string()
        } else {
            format!("{base}?{}", kept.join("&"))
        };
        let mut config = postgres::Config::from_str(&rest).map_err(|e| bad(e.to_string()))?;
        config.ssl_mode(match tls {
            TlsMode::Disable => postgres::config::SslMode::Disable,
            TlsMode::Prefer => postgres::config::SslMode::Prefer,
            _ => postgres::config::SslMode::Require,
        });
        if config.get_hosts().is_empty() {
            match std::env::var("PGHOST") {
                Ok(h) if h.starts_with('/') => config.host_path(h),
                Ok(h) if !h.is_empty() => config.host(&h),
                _ => config.host_path(DEFAULT_SOCKET_DIR),
            };
        }
        if config.get_user().is_none()
            && let Ok(user) = std::env::var("PGUSER")
            && !user.is_empty()
        {
            config.user(&user);
        }
        if config.get_dbname().is_none() {
            return Err(bad("no database name (postgres://user@host/DBNAME)".into()).into());
        }
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(CONNECT_TIMEOUT);
        }
        let shown = shown(&config);
        Ok(PgTarget {
            config,
            tls,
            root_cert,
            shown,
        })
    }

    /// `postgres://user@host:port/dbname`, or `postgres://user@/dbname?host=/socket/dir`.
    pub fn shown(&self) -> &str {
        &self.shown
    }

    /// The role it logs in as (as the URL or `PGUSER` says; else the OS user's name, which
    /// is what the driver logs in as: `machine` reads it as the history records it).
    pub fn user(&self) -> String {
        self.config
            .get_user()
            .map_or_else(|| crate::machine::current().os_user.clone(), str::to_string)
    }

    pub fn dbname(&self) -> &str {
        self.config.get_dbname().unwrap_or("")
    }
}

fn shown(config: &postgres::Config) -> String {
    let user = config
        .get_user()
        .map(|u| format!("{u}@"))
        .unwrap_or_default();
    let db = config.get_dbname().unwrap_or("");
    let ports = config.get_ports();
    let mut tcp = Vec::new();
    let mut sockets = Vec::new();
    for (i, host) in config.get_hosts().iter().enumerate() {
        let port = ports.get(i).or(ports.first());
        match host {
            Host::Tcp(h) => tcp.push(match port {
                Some(p) => format!("{h}:{p}"),
                None => h.clone(),
            }),
            Host::Unix(dir) => sockets.push(dir.display().to_string()),
        }
    }
    let mut s = format!("postgres://{user}{}/{db}", tcp.join(","));
    if !sockets.is_empty() {
        s.push_str(&format!("?host={}", sockets.join(",")));
    }
    s
}

/// The URL as typed, minus a password in it (`user:secret@` → `user@`).
fn without_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    let authority = match authority.rsplit_once('@') {
        Some((userinfo, hosts)) => {
            let user = userinfo.split_once(':').map_or(userinfo, |(u, _)| u);
            format!("{user}@{hosts}")
        }
        None => authority.to_string(),
    };
    let tail = match tail.split_once('?') {
        Some((path, query)) => {
            let kept: Vec<&str> = query
                .split('&')
                .filter(|p| !p.starts_with("password="))
                .collect();
            format!("{path}?{}", kept.join("&"))
        }
        None => tail.to_string(),
    };
    format!("{scheme}://{authority}{tail}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pg(url: &str) -> PgTarget {
        match Location::parse(OsStr::new(url)).unwrap() {
            Location::Postgres(t) => *t,
            Location::Sqlite(p) => panic!("{url} read as the file {}", p.display()),
        }
    }

    #[test]
    fn a_path_or_sqlite_url_is_an_sqlite_file() {
        for (raw, path) in [
            ("registry.db", "registry.db"),
            ("/srv/catool/registry.db", "/srv/catool/registry.db"),
            ("sqlite:registry.db", "registry.db"),
            ("sqlite:///srv/r.db", "/srv/r.db"),
            ("postgres.db", "postgres.db"),
        ] {
            match Location::parse(OsStr::new(raw)).unwrap() {
                Location::Sqlite(p) => assert_eq!(p, PathBuf::from(path), "{raw}"),
                Location::Postgres(_) => panic!("{raw} read as PostgreSQL"),
            }
        }
    }

    #[test]
    fn a_postgres_url_names_server_and_database_without_the_password() {
        let t = pg("postgres://ops:s3cret@db.example:5433/catool?sslmode=verify-full");
        assert_eq!(t.shown(), "postgres://ops@db.example:5433/catool");
        assert_eq!(t.tls, TlsMode::VerifyFull);
        assert_eq!(t.config.get_password(), Some(&b"s3cret"[..]));
        assert_eq!(t.dbname(), "catool");
    }

    #[test]
    fn a_socket_directory_is_a_host_option() {
        let t = pg("postgresql://ops@/catool?host=/run/postgresql&sslmode=disable");
        assert_eq!(t.shown(), "postgres://ops@/catool?host=/run/postgresql");
        assert_eq!(t.tls, TlsMode::Disable);
        let t = pg("postgres://ops@/catool?host=%2Fvar%2Frun%2Fpostgresql");
        assert_eq!(t.shown(), "postgres://ops@/catool?host=/var/run/postgresql");
    }

    #[test]
    fn sslmode_takes_libpq_modes_and_sslrootcert_a_file() {
        for (mode, tls) in [
            ("disable", TlsMode::Disable),
            ("allow", TlsMode::Prefer),
            ("prefer", TlsMode::Prefer),
            ("require", TlsMode::Require),
            ("verify-ca", TlsMode::VerifyCa),
            ("verify-full", TlsMode::VerifyFull),
        ] {
            let t = pg(&format!(
                "postgres://u@h/d?sslmode={mode}&sslrootcert=/etc/ca.pem"
            ));
            assert_eq!(t.tls, tls, "{mode}");
            assert_eq!(t.root_cert, Some(PathBuf::from("/etc/ca.pem")));
        }
    }

    #[test]
    fn a_bad_url_is_refused_without_its_password() {
        for url in [
            "postgres://u:pw@h/d?sslmode=sometimes",
            "postgres://u:pw@h:notaport/d",
            "postgres://u:pw@h",
        ] {
            let e = Location::parse(OsStr::new(url)).unwrap_err();
            let Some(BackendError::BadUrl { url: shown, .. }) = e.typed::<BackendError>() else {
                panic!("{url}: {e:?}");
            };
            assert!(!shown.contains("pw"), "{shown}");
            assert!(shown.starts_with("postgres://u@h"), "{shown}");
        }
    }
}
