//! TLS to a PostgreSQL registry over TCP, per `sslmode` (rustls, issue 18): a server on
//! 127.0.0.1 that answers PostgreSQL's SSLRequest (refusing TLS, or completing a rustls
//! handshake with a certificate `openssl req` made, then refusing the login), so each mode's
//! outcome is seen without a TLS-enabled cluster: a refused login proves the TLS connection
//! was accepted; `CannotConnect` says why it was not.

use std::ffi::OsStr;
use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

use catool::registry::Registry as Db;
use catool::registry::backend::{BackendError, Location};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};

/// What the server does after the SSLRequest.
enum Answer {
    NoTls,
    Tls(Arc<rustls::ServerConfig>),
}

/// Serves one connection on a free port of 127.0.0.1 and returns the port.
fn server(answer: Answer) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        let Ok((mut tcp, _)) = listener.accept() else {
            return;
        };
        let mut ssl_request = [0u8; 8];
        if tcp.read_exact(&mut ssl_request).is_err() {
            return;
        }
        match answer {
            Answer::NoTls => {
                let _ = tcp.write_all(b"N");
            }
            Answer::Tls(config) => {
                if tcp.write_all(b"S").is_err() {
                    return;
                }
                let Ok(conn) = rustls::ServerConnection::new(config) else {
                    return;
                };
                let mut tls = rustls::StreamOwned::new(conn, tcp);
                let mut len = [0u8; 4];
                if tls.read_exact(&mut len).is_err() {
                    return;
                }
                let mut startup = vec![0u8; u32::from_be_bytes(len) as usize - 4];
                if tls.read_exact(&mut startup).is_err() {
                    return;
                }
                let _ = tls.write_all(&login_refused());
                let _ = tls.flush();
            }
        }
    });
    port
}

/// A PostgreSQL ErrorResponse: FATAL 28P01, a refused password.
fn login_refused() -> Vec<u8> {
    let mut fields = Vec::new();
    for (code, text) in [
        (b'S', "FATAL"),
        (b'V', "FATAL"),
        (b'C', "28P01"),
        (b'M', "password authentication failed for user \"ops\""),
    ] {
        fields.push(code);
        fields.extend_from_slice(text.as_bytes());
        fields.push(0);
    }
    fields.push(0);
    let mut message = vec![b'E'];
    message.extend_from_slice(&(fields.len() as u32 + 4).to_be_bytes());
    message.extend_from_slice(&fields);
    message
}

fn openssl(dir: &Path, args: &[&str]) {
    let out = Command::new("openssl")
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A CA (`ca.pem`), a server certificate for `localhost` it issued (`server.pem`, key
/// `server.key`), and an unrelated CA (`other-ca.pem`).
fn pki() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let ec = [
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-nodes",
    ];
    for ca in ["ca", "other-ca"] {
        let (key, pem, subj) = (
            format!("{ca}.key"),
            format!("{ca}.pem"),
            format!("/CN={ca}"),
        );
        let mut args = vec!["req", "-x509", "-days", "2", "-subj", &subj];
        args.extend(ec);
        args.extend(["-keyout", &key, "-out", &pem]);
        openssl(dir.path(), &args);
    }
    let mut args = vec!["req", "-subj", "/CN=localhost", "-keyout", "server.key"];
    args.extend(ec);
    args.extend(["-out", "server.csr"]);
    openssl(dir.path(), &args);
    std::fs::write(dir.path().join("ext"), "subjectAltName=DNS:localhost\n").unwrap();
    openssl(
        dir.path(),
        &[
            "x509",
            "-req",
            "-in",
            "server.csr",
            "-CA",
            "ca.pem",
            "-CAkey",
            "ca.key",
            "-days",
            "2",
            "-extfile",
            "ext",
            "-out",
            "server.pem",
        ],
    );
    dir
}

fn tls_server(pki: &Path) -> u16 {
    let certs = CertificateDer::pem_file_iter(pki.join("server.pem"))
        .unwrap()
        .collect::<Result<Vec<_>, _>>()
        .unwrap();
    let key = PrivateKeyDer::from_pem_file(pki.join("server.key")).unwrap();
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .unwrap();
    server(Answer::Tls(Arc::new(config)))
}

fn open(host: &str, port: u16, options: &str) -> BackendError {
    let url = format!("postgres://ops@{host}:{port}/catool?{options}");
    let e = Location::parse(OsStr::new(&url))
        .and_then(|l| Db::open_at(&l))
        .map(|_| ())
        .unwrap_err();
    e.typed::<BackendError>()
        .unwrap_or_else(|| panic!("not a backend error: {e:?}"))
        .clone()
}

fn root(pki: &Path, ca: &str) -> PathBuf {
    pki.join(format!("{ca}.pem"))
}

fn is_login_refused(e: &BackendError) -> bool {
    matches!(e, BackendError::LoginRefused { .. })
}

#[test]
fn sslmode_require_against_a_server_without_tls_says_so() {
    let port = server(Answer::NoTls);
    let e = open("127.0.0.1", port, "sslmode=require");
    let BackendError::CannotConnect { server, why } = &e else {
        panic!("{e:?}");
    };
    assert!(server.contains(&format!("127.0.0.1:{port}")), "{server}");
    assert!(why.contains("does not support TLS"), "{why}");
}

#[test]
fn sslmode_require_encrypts_without_checking_the_certificate() {
    let pki = pki();
    let e = open("127.0.0.1", tls_server(pki.path()), "sslmode=require");
    assert!(is_login_refused(&e), "{e:?}");
}

#[test]
fn sslmode_verify_full_accepts_a_certificate_from_sslrootcert_naming_the_host() {
    let pki = pki();
    let ca = root(pki.path(), "ca");
    let options = format!("sslmode=verify-full&sslrootcert={}", ca.display());
    let e = open("localhost", tls_server(pki.path()), &options);
    assert!(is_login_refused(&e), "{e:?}");
}

#[test]
fn sslmode_verify_full_refuses_a_certificate_for_another_host() {
    let pki = pki();
    let ca = root(pki.path(), "ca");
    let options = format!("sslmode=verify-full&sslrootcert={}", ca.display());
    let e = open("127.0.0.1", tls_server(pki.path()), &options);
    let BackendError::CannotConnect { why, .. } = &e else {
        panic!("{e:?}");
    };
    assert!(why.contains("not valid for name"), "{why}");
}

#[test]
fn sslmode_verify_ca_accepts_a_trusted_certificate_for_another_host() {
    let pki = pki();
    let ca = root(pki.path(), "ca");
    let options = format!("sslmode=verify-ca&sslrootcert={}", ca.display());
    let e = open("127.0.0.1", tls_server(pki.path()), &options);
    assert!(is_login_refused(&e), "{e:?}");
}

#[test]
fn sslmode_verify_ca_refuses_a_certificate_of_an_untrusted_ca() {
    let pki = pki();
    let other = root(pki.path(), "other-ca");
    let options = format!("sslmode=verify-ca&sslrootcert={}", other.display());
    let e = open("127.0.0.1", tls_server(pki.path()), &options);
    let BackendError::CannotConnect { why, .. } = &e else {
        panic!("{e:?}");
    };
    assert!(why.contains("UnknownIssuer"), "{why}");
}

#[test]
fn an_unreadable_sslrootcert_is_named() {
    let e = open(
        "127.0.0.1",
        1,
        "sslmode=verify-ca&sslrootcert=/nonexistent/ca.pem",
    );
    let BackendError::CannotConnect { why, .. } = &e else {
        panic!("{e:?}");
    };
    assert!(why.contains("sslrootcert /nonexistent/ca.pem"), "{why}");
}
