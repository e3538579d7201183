//! Snapshots of every listing's `--json` (docs/json.md is the contract; these show it whole):
//! one registry built the same way each run, with times, serial numbers, hashes and paths
//! redacted (they differ per run). A change to a listing's JSON shows here as a diff to
//! review, and `cargo insta review` (or INSTA_UPDATE=always) accepts it.

use crate::common;

use common::*;
use serde_json::Value;

/// The enterprise of [`Env::onboarded`] with 李娜's certificate, a seal assigned to it, and a
/// TSA: something in every listing. Built once; the tests only read it.
fn populated() -> &'static Env {
    static ENV: std::sync::OnceLock<Env> = std::sync::OnceLock::new();
    ENV.get_or_init(|| {
        let env = Env::with_lina_certificate("RSA CA", "rsa2048");
        env.ok(&["seal", "make", "--kind", "official", "--org", "1"]);
        env.ok(&["seal", "make", "--kind", "name", "--person", "李娜"]);
        env.ok(&["seal", "assign", "--seal", "2", "--cert", "1"]);
        env.ok(&["tsa", "init", "--ca", "RSA CA"]);
        env
    })
}

/// Whether `s` is a time as catool prints them (RFC 3339).
fn is_time(s: &str) -> bool {
    chrono::DateTime::parse_from_rfc3339(s).is_ok()
}

/// Whether `s` is hex of a serial, hash or fingerprint (16 or more hex digits, maybe
/// colon-separated as fingerprints are printed).
fn is_hex(s: &str) -> bool {
    s.len() >= 16 && s.chars().all(|c| c.is_ascii_hexdigit() || c == ':')
}

/// The value with what differs per run replaced by a placeholder.
fn redacted(v: &Value, env: &Env) -> Value {
    let dir = env.dir.path().to_string_lossy().into_owned();
    match v {
        Value::String(s) if is_time(s) => Value::String("<time>".into()),
        Value::String(s) if is_hex(s) => Value::String("<hex>".into()),
        Value::String(s) if s.contains(&dir) => Value::String(s.replace(&dir, "<dir>")),
        Value::Array(items) => Value::Array(items.iter().map(|i| redacted(i, env)).collect()),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| {
                    // Days left depend on the day the test runs.
                    let v = if k == "days_left" && v.is_number() {
                        Value::String("<days>".into())
                    } else if (k == "host" || k == "os_user") && v.is_string() {
                        // The machine and account the test runs on.
                        Value::String(format!("<{k}>"))
                    } else {
                        redacted(v, env)
                    };
                    (k.clone(), v)
                })
                .collect(),
        ),
        other => other.clone(),
    }
}

fn listing(env: &Env, args: &[&str]) -> String {
    let v = env.json(args);
    serde_json::to_string_pretty(&redacted(&v, env)).unwrap_or_default()
}

#[test]
fn org_list() {
    let env = populated();
    insta::assert_snapshot!(listing(env, &["org", "list"]));
}

#[test]
fn person_list() {
    let env = populated();
    insta::assert_snapshot!(listing(env, &["person", "list"]));
}

#[test]
fn package_list() {
    let env = populated();
    insta::assert_snapshot!(listing(env, &["package", "list"]));
}

#[test]
fn cert_list() {
    let env = populated();
    insta::assert_snapshot!(listing(env, &["cert", "list"]));
}

#[test]
fn seal_list() {
    let env = populated();
    insta::assert_snapshot!(listing(env, &["seal", "list"]));
}

#[test]
fn ca_list() {
    let env = populated();
    insta::assert_snapshot!(listing(env, &["ca", "list"]));
}

#[test]
fn tsa_list() {
    let env = populated();
    insta::assert_snapshot!(listing(env, &["tsa", "list"]));
}

#[test]
fn log() {
    let env = populated();
    insta::assert_snapshot!(listing(env, &["log"]));
}
