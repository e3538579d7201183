//! Attacks on trusted time and long-term validation (the red team's findings of stop 12),
//! each written as the attacker would do it with tools catool did not write: a foreign
//! platform's TSA (pyHanko's DummyTimeStamper behind a fake HTTP TSA, its PKI made by
//! tests/ltv/forge.py), its CRLs, and pyHanko's writer adding a /DSS or a document timestamp.
//!
//! - A signature timestamp is trusted time only while its TSA certificate is valid, now or
//!   at a later document timestamp that protects it: an expired TSA proves nothing.
//! - A CRL in the document that revokes the TSA's certificate takes the trusted time away.
//! - B-LTA needs a document timestamp *over* the validation data: a /DSS appended after the
//!   last document timestamp is B-LT.
//!
//! Each attack has its control: the same file, one step earlier or without the fault, gets
//! the better verdict, so the refusal is the fault's doing.

use crate::common;
use crate::common::tsa;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use common::*;
use serde_json::Value;
use tsa::{dummy_reply, fake_tsa};

/// Runs tests/ltv/forge.py with `args` (see its usage).
fn forge(args: &[&str]) {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/ltv/forge.py");
    let out = Command::new("python3")
        .arg(script)
        .args(args)
        .output()
        .expect("run python3 tests/ltv/forge.py");
    assert!(
        out.status.success(),
        "forge.py {args:?} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// 李娜's RSA certificate (1) and the contract, and a foreign platform's CA and TSA whose
/// certificate is valid for `tsa_seconds` more seconds.
fn foreign_tsa(tsa_seconds: u64) -> (Env, Instant) {
    require_tool("python3", "apt-get install python3");
    let env = Env::with_lina_certificate("RSA CA", "rsa2048");
    let contract = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/contract.pdf");
    std::fs::copy(contract, env.path("doc.pdf")).unwrap();
    let made = Instant::now();
    forge(&[
        "pki",
        &p(&env, ""),
        "--tsa-seconds",
        &tsa_seconds.to_string(),
    ]);
    (env, made)
}

/// The foreign TSA, answering one request over HTTP.
fn tsa_url(env: &Env) -> String {
    let dir = env.dir.path().to_path_buf();
    fake_tsa(
        move |req| dummy_reply(&dir, "tsa", "none", req),
        Duration::ZERO,
    )
}

/// 李娜 signs doc.pdf at B-T with the foreign TSA's timestamp.
fn sign_b_t(env: &Env, out: &str) {
    let url = tsa_url(env);
    env.ok(&[
        "pdf",
        "sign",
        &p(env, "doc.pdf"),
        "--out",
        &p(env, out),
        "--cert",
        "1",
        "--pin-file",
        &p(env, "pin"),
        "--level",
        "B-T",
        "--tsa-url",
        &url,
    ]);
}

/// `pdf verify --json FILE --trust ca.pem` (the foreign CA trusted for time stamping).
fn verify(env: &Env, file: &str) -> Value {
    let out = env.run(&[
        "--json",
        "pdf",
        "verify",
        &p(env, file),
        "--trust",
        &p(env, "ca.pem"),
    ]);
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "pdf verify printed no JSON ({e}):\n{}",
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

fn wait_until_expired(made: Instant, tsa_seconds: u64) {
    let expiry = made + Duration::from_secs(tsa_seconds + 2);
    if let Some(left) = expiry.checked_duration_since(Instant::now()) {
        std::thread::sleep(left);
    }
}

#[test]
fn a_signature_timestamp_is_not_trusted_time_once_its_tsa_certificate_has_expired() {
    let seconds = 8;
    let (env, made) = foreign_tsa(seconds);
    sign_b_t(&env, "bt.pdf");
    // The control: while the TSA certificate is valid, the time is trusted.
    let v = verify(&env, "bt.pdf");
    assert_eq!(v["signatures"][0]["timestamp_trusted"], true, "{v:#}");
    assert_eq!(v["signatures"][0]["pades_level"], "B-T", "{v:#}");
    wait_until_expired(made, seconds);
    let v = verify(&env, "bt.pdf");
    let s = &v["signatures"][0];
    assert_eq!(s["timestamp_trusted"], false, "{v:#}");
    assert_eq!(s["pades_level"], "B-B", "{v:#}");
    assert_ne!(s["verdict"], "valid", "{v:#}");
    let why = s["reason"].as_str().unwrap_or_default();
    assert!(why.contains("expired"), "{v:#}");
    // The independent verdicts differ: OpenSSL (`ts -verify`, see the test below) and ETSI
    // EN 319 102-1 (no proof of existence before the TSA certificate expired: indeterminate)
    // refuse such a token; pyHanko 0.2x (`sign validate` and `adesverify` without revocation
    // checking) judges the TSA certificate at the token's own time and accepts it. catool
    // takes the stricter reading: an expired TSA key may since have leaked.
}

#[test]
fn tsa_check_refuses_a_token_whose_tsa_certificate_has_expired() {
    // Long enough for the first check to run before expiry on a loaded CI machine.
    let seconds = 25;
    let (env, made) = foreign_tsa(seconds);
    std::fs::write(env.path("bid.txt"), "投标文件\n").unwrap();
    let query = Command::new("openssl")
        .args([
            "ts",
            "-query",
            "-data",
            &p(&env, "bid.txt"),
            "-sha256",
            "-cert",
        ])
        .output()
        .unwrap()
        .stdout;
    std::fs::write(
        env.path("r.tsr"),
        dummy_reply(env.dir.path(), "tsa", "none", &query),
    )
    .unwrap();
    let check = [
        "tsa",
        "check",
        &p(&env, "r.tsr"),
        "--data",
        &p(&env, "bid.txt"),
        "--trust",
        &p(&env, "ca.pem"),
    ];
    env.ok(&check);
    wait_until_expired(made, seconds);
    let err = env.fails(1, &check);
    assert!(err.contains("expired"), "{err}");
    // OpenSSL says the same of the same token.
    let openssl = Command::new("openssl")
        .args(["ts", "-verify", "-in", &p(&env, "r.tsr"), "-data"])
        .arg(p(&env, "bid.txt"))
        .args(["-CAfile", &p(&env, "ca.pem")])
        .output()
        .unwrap();
    assert!(!openssl.status.success());
    assert!(
        String::from_utf8_lossy(&openssl.stderr).contains("expired"),
        "{}",
        String::from_utf8_lossy(&openssl.stderr)
    );
}

#[test]
fn a_crl_in_the_document_revoking_the_tsa_takes_the_trusted_time_away() {
    let (env, _) = foreign_tsa(30 * 86400);
    sign_b_t(&env, "bt.pdf");
    let dir = p(&env, "");
    // The control: the foreign CA's CRL in the /DSS lists nothing.
    forge(&["crl", &dir, &p(&env, "empty.crl")]);
    forge(&[
        "add-dss",
        &p(&env, "bt.pdf"),
        &p(&env, "control.pdf"),
        "--cert",
        &p(&env, "ca.pem"),
        "--crl",
        &p(&env, "empty.crl"),
    ]);
    // The attack's document: the same CRL, but listing the TSA certificate as revoked a day
    // before the token's time.
    forge(&[
        "crl",
        &dir,
        &p(&env, "revoked.crl"),
        "--revoke",
        &p(&env, "tsa.pem"),
    ]);
    forge(&[
        "add-dss",
        &p(&env, "bt.pdf"),
        &p(&env, "attack.pdf"),
        "--cert",
        &p(&env, "ca.pem"),
        "--crl",
        &p(&env, "revoked.crl"),
    ]);
    // 李娜's certificate is revoked after signing: only trusted time keeps the signature.
    std::thread::sleep(Duration::from_millis(1100));
    env.ok(&[
        "cert",
        "revoke",
        "--cert",
        "1",
        "--reason",
        "key-compromise",
    ]);
    let v = verify(&env, "control.pdf");
    assert_eq!(v["signatures"][0]["timestamp_trusted"], true, "{v:#}");
    assert_eq!(v["signatures"][0]["verdict"], "valid", "{v:#}");
    let v = verify(&env, "attack.pdf");
    let s = &v["signatures"][0];
    assert_eq!(s["timestamp_trusted"], false, "{v:#}");
    assert_ne!(s["verdict"], "valid", "{v:#}");
    let why = s["reason"].as_str().unwrap_or_default();
    assert!(why.contains("TSA") && why.contains("revoked"), "{v:#}");
}

#[test]
fn validation_data_added_after_the_last_document_timestamp_is_b_lt_not_b_lta() {
    let (env, _) = foreign_tsa(30 * 86400);
    sign_b_t(&env, "bt.pdf");
    let dir = p(&env, "");
    forge(&["crl", &dir, &p(&env, "tsa.crl")]);
    env.ok(&["ca", "export", "1", "--out", &p(&env, "registry-ca.pem")]);
    env.ok(&["crl", "issue", "--out", &p(&env, "registry.crl")]);
    let dss = |input: &str, output: &str| {
        forge(&[
            "add-dss",
            &p(&env, input),
            &p(&env, output),
            "--cert",
            &p(&env, "ca.pem"),
            "--cert",
            &p(&env, "registry-ca.pem"),
            "--crl",
            &p(&env, "tsa.crl"),
            "--crl",
            &p(&env, "registry.crl"),
        ])
    };
    let doc_timestamp = |input: &str, output: &str| {
        forge(&[
            "doc-timestamp",
            &p(&env, input),
            &p(&env, output),
            &tsa_url(&env),
        ])
    };
    // The control: validation data first, then a document timestamp over it: B-LTA.
    dss("bt.pdf", "blt.pdf");
    doc_timestamp("blt.pdf", "blta.pdf");
    let v = verify(&env, "blta.pdf");
    assert_eq!(v["signatures"][0]["pades_level"], "B-LTA", "{v:#}");
    // The attack: the document timestamp first, then the validation data after it.
    doc_timestamp("bt.pdf", "ts.pdf");
    dss("ts.pdf", "attack.pdf");
    let v = verify(&env, "attack.pdf");
    assert_eq!(v["signatures"][0]["pades_level"], "B-LT", "{v:#}");
    assert_eq!(v["signatures"][0]["long_term_validation"], true, "{v:#}");
}

#[test]
fn the_text_report_shows_the_timestamp_and_the_level_a_verdict_rests_on() {
    let (env, _) = foreign_tsa(30 * 86400);
    sign_b_t(&env, "bt.pdf");
    std::thread::sleep(Duration::from_millis(1100));
    env.ok(&[
        "cert",
        "revoke",
        "--cert",
        "1",
        "--reason",
        "key-compromise",
    ]);
    // Valid only because the timestamp proves the signature came before the revocation: the
    // reader must see that timestamp, not "no timestamp".
    let text = env.ok(&[
        "pdf",
        "verify",
        &p(&env, "bt.pdf"),
        "--trust",
        &p(&env, "ca.pem"),
    ]);
    assert!(text.contains("VALID"), "{text}");
    assert!(!text.contains("no timestamp"), "{text}");
    assert!(
        text.contains("timestamp") && text.contains("by CN=Foreign Platform TSA (trusted time"),
        "{text}"
    );
    assert!(text.contains("level      PAdES B-T"), "{text}");
}
