//! Time stamping (RFC 3161, 时间戳): registry TSAs whose replies OpenSSL verifies, tokens of
//! OpenSSL's TSA that catool checks, the HTTP server, and the HTTP client's failures, each
//! one line naming the TSA.

use crate::common;
use common::*;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn openssl(args: &[&str]) -> std::process::Output {
    require_tool("openssl", "apt-get install openssl");
    Command::new("openssl")
        .args(args)
        .output()
        .expect("run openssl")
}

fn openssl_ok(args: &[&str]) -> String {
    let out = openssl(args);
    assert!(
        out.status.success(),
        "openssl {args:?} failed:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// A registry with an RSA CA "RCA" and its TSA "RCA TSA", the CA certificate in ca.pem and a
/// file data.txt.
fn rsa_tsa() -> Env {
    let env = Env::new();
    env.ok(&["ca", "init", "--name", "RCA", "--algo", "rsa2048"]);
    env.ok(&["tsa", "init", "--ca", "RCA"]);
    env.ok(&["ca", "export", "RCA", "--out", &p(&env, "ca.pem")]);
    std::fs::write(env.path("data.txt"), "投标文件 v1\n").unwrap();
    env
}

#[test]
fn openssl_ts_verify_accepts_a_reply_from_an_rsa_tsa() {
    let env = rsa_tsa();
    env.ok(&[
        "tsa",
        "stamp",
        &p(&env, "data.txt"),
        "--out",
        &p(&env, "r.tsr"),
        "--reply",
    ]);
    let out = openssl_ok(&[
        "ts",
        "-verify",
        "-in",
        &p(&env, "r.tsr"),
        "-data",
        &p(&env, "data.txt"),
        "-CAfile",
        &p(&env, "ca.pem"),
    ]);
    assert!(out.contains("Verification: OK"), "{out}");
}

#[test]
fn openssl_ts_verify_accepts_a_token_from_an_rsa_tsa() {
    let env = rsa_tsa();
    env.ok(&[
        "tsa",
        "stamp",
        &p(&env, "data.txt"),
        "--out",
        &p(&env, "r.tst"),
    ]);
    let out = openssl_ok(&[
        "ts",
        "-verify",
        "-token_in",
        "-in",
        &p(&env, "r.tst"),
        "-data",
        &p(&env, "data.txt"),
        "-CAfile",
        &p(&env, "ca.pem"),
    ]);
    assert!(out.contains("Verification: OK"), "{out}");
}

#[test]
fn openssl_reads_an_sm2_tsa_reply() {
    // OpenSSL 3.0 cannot verify SM2 signatures in CMS (no way to give the SM2 ID); it parses
    // the reply, and catool checks the signature.
    let env = Env::new();
    env.ok(&["ca", "init", "--name", "测试SM2根CA", "--algo", "sm2"]);
    env.ok(&["tsa", "init", "--name", "测试TSA"]);
    std::fs::write(env.path("data.txt"), "合同\n").unwrap();
    env.ok(&[
        "tsa",
        "stamp",
        &p(&env, "data.txt"),
        "--out",
        &p(&env, "s.tsr"),
        "--reply",
    ]);
    let text = openssl_ok(&["ts", "-reply", "-in", &p(&env, "s.tsr"), "-text"]);
    assert!(text.contains("Status: Granted."), "{text}");
    assert!(text.contains("Hash Algorithm: sm3"), "{text}");
    let v = env.json(&[
        "tsa",
        "check",
        &p(&env, "s.tsr"),
        "--data",
        &p(&env, "data.txt"),
    ]);
    assert_eq!(v["signature_algorithm"], "SM2-SM3");
    assert_eq!(v["trusted_by"], "registry CA 测试SM2根CA");
}

/// An OpenSSL CA and TSA (extendedKeyUsage critical,timeStamping) in `dir`, and its
/// openssl.cnf for `openssl ts -reply`.
fn openssl_tsa(dir: &Path) {
    let d = |n: &str| dir.join(n).to_str().unwrap().to_string();
    std::fs::write(
        dir.join("ext.cnf"),
        "[tsa_ext]\nbasicConstraints = critical,CA:FALSE\nkeyUsage = critical,digitalSignature,nonRepudiation\nextendedKeyUsage = critical,timeStamping\nsubjectKeyIdentifier = hash\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("tsa.cnf"),
        format!(
            "[tsa]\ndefault_tsa = tsa_config1\n[tsa_config1]\nserial = {}\nsigner_cert = {}\nsigner_key = {}\ncerts = {}\nsigner_digest = sha256\ndefault_policy = 1.2.3.4.1\ndigests = sha256, sha384, sha512\naccuracy = secs:1\ness_cert_id_chain = no\ness_cert_id_alg = sha256\n",
            d("serial"),
            d("tsa.pem"),
            d("tsa.key"),
            d("ca.pem")
        ),
    )
    .unwrap();
    std::fs::write(dir.join("serial"), "01\n").unwrap();
    openssl_ok(&[
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        &d("ca.key"),
        "-out",
        &d("ca.pem"),
        "-subj",
        "/CN=OpenSSL Test CA",
        "-days",
        "30",
    ]);
    openssl_ok(&[
        "req",
        "-new",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        &d("tsa.key"),
        "-out",
        &d("tsa.csr"),
        "-subj",
        "/CN=OpenSSL TSA",
    ]);
    openssl_ok(&[
        "x509",
        "-req",
        "-in",
        &d("tsa.csr"),
        "-CA",
        &d("ca.pem"),
        "-CAkey",
        &d("ca.key"),
        "-CAcreateserial",
        "-out",
        &d("tsa.pem"),
        "-days",
        "30",
        "-extfile",
        &d("ext.cnf"),
        "-extensions",
        "tsa_ext",
    ]);
}

#[test]
fn a_token_made_by_openssl_ts_reply_checks_with_its_ca() {
    let env = Env::new();
    openssl_tsa(env.dir.path());
    std::fs::write(env.path("data.txt"), "bid\n").unwrap();
    openssl_ok(&[
        "ts",
        "-query",
        "-data",
        &p(&env, "data.txt"),
        "-sha256",
        "-cert",
        "-out",
        &p(&env, "q.tsq"),
    ]);
    openssl_ok(&[
        "ts",
        "-reply",
        "-config",
        &p(&env, "tsa.cnf"),
        "-queryfile",
        &p(&env, "q.tsq"),
        "-out",
        &p(&env, "r.tsr"),
    ]);
    let v = env.json(&[
        "tsa",
        "check",
        &p(&env, "r.tsr"),
        "--data",
        &p(&env, "data.txt"),
        "--trust",
        &p(&env, "ca.pem"),
    ]);
    assert!(!v["serial"].as_str().unwrap().is_empty(), "{v}");
    assert_eq!(v["tsa_subject"], "CN=OpenSSL TSA");
    assert_eq!(v["policy"], "1.2.3.4.1");
}

#[test]
fn a_token_over_other_data_fails_the_check() {
    let env = rsa_tsa();
    env.ok(&[
        "tsa",
        "stamp",
        &p(&env, "data.txt"),
        "--out",
        &p(&env, "r.tst"),
    ]);
    std::fs::write(env.path("other.txt"), "投标文件 v2\n").unwrap();
    let err = env.fails(
        1,
        &[
            "tsa",
            "check",
            &p(&env, "r.tst"),
            "--data",
            &p(&env, "other.txt"),
        ],
    );
    assert!(err.contains("wrong imprint"), "{err}");
}

/// A file that is no token at all (the data given twice, an image) is bad input, exit 5,
/// said so; a token that fails a check stays a verdict (exit 1, above).
#[test]
fn a_file_that_is_not_a_timestamp_token_is_bad_input() {
    let env = rsa_tsa();
    let data = p(&env, "data.txt");
    let err = env.fails(5, &["tsa", "check", &data, "--data", &data]);
    assert!(err.contains("not a timestamp token"), "{err}");
    assert!(err.contains("--data"), "{err}");
}

#[test]
fn a_token_of_a_tsa_no_registry_ca_signed_is_not_trusted() {
    let env = Env::new();
    openssl_tsa(env.dir.path());
    std::fs::write(env.path("data.txt"), "bid\n").unwrap();
    openssl_ok(&[
        "ts",
        "-query",
        "-data",
        &p(&env, "data.txt"),
        "-sha256",
        "-cert",
        "-out",
        &p(&env, "q.tsq"),
    ]);
    openssl_ok(&[
        "ts",
        "-reply",
        "-config",
        &p(&env, "tsa.cnf"),
        "-queryfile",
        &p(&env, "q.tsq"),
        "-out",
        &p(&env, "r.tsr"),
    ]);
    env.ok(&["ca", "init", "--name", "RCA", "--algo", "sm2"]);
    let err = env.fails(
        1,
        &[
            "tsa",
            "check",
            &p(&env, "r.tsr"),
            "--data",
            &p(&env, "data.txt"),
        ],
    );
    assert!(err.contains("not signed by any registry CA"), "{err}");
}

#[test]
fn every_token_is_in_the_history_with_its_serial() {
    let env = rsa_tsa();
    for n in 1..=3 {
        env.ok(&[
            "tsa",
            "stamp",
            &p(&env, "data.txt"),
            "--out",
            &p(&env, &format!("{n}.tst")),
        ]);
    }
    let events = env.json(&["log", "--action", "tsa.stamp"]);
    let serials: Vec<i64> = events
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["details"]["serial"].as_i64().unwrap())
        .collect();
    assert_eq!(serials, [1, 2, 3]);
    assert_eq!(env.json(&["tsa", "show", "1"])["tokens_issued"], 3);
    env.ok(&["log", "verify"]);
}

#[test]
fn a_serial_counter_set_back_outside_catool_is_refused() {
    let env = rsa_tsa();
    env.ok(&[
        "tsa",
        "stamp",
        &p(&env, "data.txt"),
        "--out",
        &p(&env, "1.tst"),
    ]);
    require_tool("sqlite3", "apt-get install sqlite3");
    let out = Command::new("sqlite3")
        .arg(&env.db)
        .arg("UPDATE tsas SET next_serial = 1;")
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("never reused"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

// ---- the server ---------------------------------------------------------------------------

/// `catool tsa serve` on a free port; returns the child and its address once it printed
/// `listening on ADDR`.
fn serve(env: &Env, max_requests: u32) -> (Child, String) {
    let mut child = env
        .cmd()
        .args([
            "tsa",
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--max-requests",
            &max_requests.to_string(),
        ])
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("start tsa serve");
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let first = lines.next().expect("a line from tsa serve").unwrap();
    let addr = first
        .strip_prefix("listening on ")
        .and_then(|rest| rest.split(' ').next())
        .unwrap_or_else(|| panic!("unexpected first line: {first}"))
        .to_string();
    // Keep draining the log so the server never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    (child, addr)
}

/// POSTs `body` with `content_type`; returns (status, body).
fn post(addr: &str, content_type: &str, body: &[u8]) -> (u16, Vec<u8>) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    let head = format!(
        "POST / HTTP/1.1\r\nHost: {addr}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    s.write_all(head.as_bytes()).unwrap();
    // The server may answer (413) before reading the body, and close.
    let _ = s.write_all(body);
    let mut reply = Vec::new();
    let _ = s.read_to_end(&mut reply);
    let end = reply
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("an HTTP reply")
        + 4;
    let status = String::from_utf8_lossy(&reply[9..12]).parse().unwrap();
    (status, reply[end..].to_vec())
}

#[test]
fn the_server_answers_openssl_queries_and_refuses_an_oversized_one() {
    let env = rsa_tsa();
    let (mut child, addr) = serve(&env, 3);
    openssl_ok(&[
        "ts",
        "-query",
        "-data",
        &p(&env, "data.txt"),
        "-sha256",
        "-cert",
        "-out",
        &p(&env, "q.tsq"),
    ]);
    let query = std::fs::read(env.path("q.tsq")).unwrap();

    let (status, _) = post(&addr, "application/timestamp-query", &vec![0u8; 100 * 1024]);
    assert_eq!(status, 413);

    let (status, reply) = post(&addr, "application/timestamp-query", &query);
    assert_eq!(status, 200);
    std::fs::write(env.path("r.tsr"), &reply).unwrap();
    let out = openssl_ok(&[
        "ts",
        "-verify",
        "-in",
        &p(&env, "r.tsr"),
        "-queryfile",
        &p(&env, "q.tsq"),
        "-CAfile",
        &p(&env, "ca.pem"),
    ]);
    assert!(out.contains("Verification: OK"), "{out}");

    // Garbage gets a rejection TimeStampResp (badDataFormat), not a dropped connection.
    let (status, reply) = post(&addr, "application/timestamp-query", b"garbage");
    assert_eq!(status, 200);
    std::fs::write(env.path("bad.tsr"), &reply).unwrap();
    let text = openssl_ok(&["ts", "-reply", "-in", &p(&env, "bad.tsr"), "-text"]);
    assert!(text.contains("Status: Rejected"), "{text}");
    assert!(
        text.contains("the data submitted has the wrong format"),
        "{text}"
    );
    assert!(child.wait().unwrap().success());
}

#[test]
fn the_server_refuses_other_methods_and_content_types() {
    let env = rsa_tsa();
    let (mut child, addr) = serve(&env, 2);
    let mut s = TcpStream::connect(&addr).unwrap();
    s.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
    let mut reply = String::new();
    s.read_to_string(&mut reply).unwrap();
    assert!(reply.starts_with("HTTP/1.1 405"), "{reply}");
    assert_eq!(post(&addr, "text/plain", b"hello").0, 415);
    assert!(child.wait().unwrap().success());
}

// ---- the client (--fetch-from) --------------------------------------------------------------

#[test]
fn a_token_fetched_from_the_server_is_checked_and_written() {
    let env = rsa_tsa();
    let (mut child, addr) = serve(&env, 1);
    let url = format!("http://{addr}/tsa");
    env.ok(&[
        "tsa",
        "check",
        &p(&env, "t.tst"),
        "--data",
        &p(&env, "data.txt"),
        "--fetch-from",
        &url,
    ]);
    let v = env.json(&[
        "tsa",
        "check",
        &p(&env, "t.tst"),
        "--data",
        &p(&env, "data.txt"),
    ]);
    assert_eq!(v["serial"], "01");
    assert!(child.wait().unwrap().success());
}

#[test]
fn an_unreachable_tsa_url_is_one_clear_line() {
    let env = rsa_tsa();
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port(); // closed again: nobody listens there
    let url = format!("http://127.0.0.1:{port}/");
    let err = env.fails(
        5,
        &[
            "tsa",
            "check",
            &p(&env, "t.tst"),
            "--data",
            &p(&env, "data.txt"),
            "--fetch-from",
            &url,
        ],
    );
    assert!(err.contains(&format!("TSA {url}: unreachable")), "{err}");
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(!env.path("t.tst").exists());
}

#[test]
fn an_https_tsa_url_is_refused_with_what_to_do() {
    let env = rsa_tsa();
    let err = env.fails(
        2,
        &[
            "tsa",
            "check",
            &p(&env, "t.tst"),
            "--data",
            &p(&env, "data.txt"),
            "--fetch-from",
            "https://tsa.example/",
        ],
    );
    assert!(err.contains("use the TSA's http:// URL"), "{err}");
}

/// A fake TSA answering one connection with `reply` (raw HTTP) after `delay`.
fn fake_tsa(reply: Vec<u8>, delay: Duration) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    std::thread::spawn(move || {
        if let Ok((mut s, _)) = listener.accept() {
            let mut buf = [0u8; 4096];
            let _ = s.set_read_timeout(Some(Duration::from_millis(500)));
            let _ = s.read(&mut buf);
            std::thread::sleep(delay);
            let _ = s.write_all(&reply);
        }
    });
    format!("http://{addr}/")
}

fn http_reply(status: &str, content_type: &str, body: &[u8]) -> Vec<u8> {
    let mut r = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )
    .into_bytes();
    r.extend_from_slice(body);
    r
}

fn fetch_fails(env: &Env, url: &str, code: i32, extra: &[&str]) -> String {
    let mut args = vec![
        "tsa".to_string(),
        "check".into(),
        p(env, "t.tst"),
        "--data".into(),
        p(env, "data.txt"),
        "--fetch-from".into(),
        url.into(),
    ];
    args.extend(extra.iter().map(|s| s.to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let err = env.fails(code, &args);
    assert!(err.contains(&format!("TSA {url}")), "{err}");
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    err
}

#[test]
fn a_garbage_reply_is_named_as_such() {
    let env = rsa_tsa();
    let url = fake_tsa(
        http_reply("200 OK", "application/timestamp-reply", b"<html>hi</html>"),
        Duration::ZERO,
    );
    let err = fetch_fails(&env, &url, 1, &[]);
    assert!(err.contains("not a DER TimeStampResp"), "{err}");
}

#[test]
fn an_http_error_status_is_reported() {
    let env = rsa_tsa();
    let url = fake_tsa(
        http_reply("500 Internal Server Error", "text/plain", b"down"),
        Duration::ZERO,
    );
    let err = fetch_fails(&env, &url, 5, &[]);
    assert!(err.contains("HTTP status 500"), "{err}");
}

#[test]
fn a_reply_for_another_request_is_a_wrong_nonce() {
    // A genuine reply of the registry TSA, for a request without this request's nonce:
    // what a replayed or misdirected reply looks like.
    let env = rsa_tsa();
    env.ok(&[
        "tsa",
        "stamp",
        &p(&env, "data.txt"),
        "--out",
        &p(&env, "old.tsr"),
        "--reply",
    ]);
    let old = std::fs::read(env.path("old.tsr")).unwrap();
    let url = fake_tsa(
        http_reply("200 OK", "application/timestamp-reply", &old),
        Duration::ZERO,
    );
    let err = fetch_fails(&env, &url, 1, &[]);
    assert!(err.contains("wrong nonce"), "{err}");
}

#[test]
fn a_slow_tsa_times_out() {
    let env = rsa_tsa();
    let url = fake_tsa(
        http_reply("200 OK", "application/timestamp-reply", b""),
        Duration::from_secs(5),
    );
    let start = Instant::now();
    let err = fetch_fails(&env, &url, 5, &["--timeout", "1"]);
    assert!(err.contains("time-out"), "{err}");
    assert!(start.elapsed() < Duration::from_secs(4));
}

#[test]
fn an_oversized_reply_is_refused_unread() {
    let env = rsa_tsa();
    let mut reply = b"HTTP/1.1 200 OK\r\nContent-Type: application/timestamp-reply\r\nContent-Length: 10000000\r\n\r\n".to_vec();
    reply.extend(vec![0u8; 100 * 1024]);
    let url = fake_tsa(reply, Duration::ZERO);
    let err = fetch_fails(&env, &url, 5, &[]);
    assert!(err.contains("too large"), "{err}");
}

// ---- in process ---------------------------------------------------------------------------

#[test]
fn the_registry_tsa_issues_tokens_in_process_with_consecutive_serials() {
    use catool::domain::tsa::RegistryTsa;
    use catool::pki::signed_data::DigestAlg;
    use catool::pki::timestamper::Timestamper;
    use catool::pki::tsp::check_token;

    for algo in ["rsa2048", "sm2"] {
        let env = Env::new();
        env.ok(&["ca", "init", "--name", "CA", "--algo", algo]);
        env.ok(&["tsa", "init"]);
        let mut reg = catool::registry::Registry::open_at(&env.location()).unwrap();
        let key_path = env.path("registry.db.key");
        let master = catool::domain::keystore::master_key(&mut reg, &key_path).unwrap();
        catool::domain::history::start_chain(&mut reg, &master).unwrap();
        let mut tsa = RegistryTsa::open(
            reg.another_connection().unwrap(),
            catool::domain::Actor::Operator,
            &master,
            None,
            "pdf",
        )
        .unwrap();
        let alg = if algo == "sm2" {
            DigestAlg::Sm3
        } else {
            DigestAlg::Sha256
        };
        let n = 20;
        let start = Instant::now();
        let mut serials = Vec::new();
        for i in 0..n {
            let digest = alg.digest(&[format!("document {i}").as_bytes()]);
            let token = tsa.timestamp(alg, &digest).unwrap();
            serials.push(check_token(&token, alg, &digest).unwrap().serial_hex);
        }
        eprintln!(
            "{algo}: {:.1} ms per in-process token (sign + record + check)",
            start.elapsed().as_secs_f64() * 1000.0 / n as f64
        );
        let expected: Vec<String> = (1..=n).map(|i| format!("{i:02X}")).collect();
        assert_eq!(serials, expected);
        drop(tsa);
        env.ok(&["log", "verify"]);
    }
}
