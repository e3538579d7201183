//! The red team's second round (stop 12): permissions a proven person should not have, and
//! a revoked key that stayed usable. Each attack has its control, the same step by someone
//! entitled to it, which succeeds.
//!
//! - A person imports a certificate for themselves only (for anyone else, the operator; see
//!   attacks_identity.rs): otherwise they could choose a PIN for another person's certificate
//!   and then act as that person (`--as`).
//! - A certificate of no enterprise (imported without `--org`) is revoked or frozen by its
//!   holder or the operator only, and unfrozen by the operator only.
//! - A package payment is a fact the operator enters (D22), not the enterprise's claim.
//! - Revoking a certificate revokes its key: a certificate it replaced by an extension that
//!   kept the key goes on the CRL with it.

use crate::common;

use std::process::Command;

use common::*;

fn p(env: &Env, name: &str) -> String {
    env.path(name).to_string_lossy().into_owned()
}

/// A self-signed end-entity certificate and its key, made with OpenSSL: `NAME.crt`, `NAME.key`.
fn foreign_certificate(env: &Env, name: &str) {
    let out = Command::new("openssl")
        .args([
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "60",
        ])
        .args(["-keyout", &p(env, &format!("{name}.key"))])
        .args(["-out", &p(env, &format!("{name}.crt"))])
        .args(["-subj", &format!("/CN={name}")])
        .args(["-addext", "basicConstraints=critical,CA:FALSE"])
        .args(["-addext", "keyUsage=critical,digitalSignature"])
        .output()
        .expect("run openssl");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// `cert import NAME.crt --key NAME.key` with a new PIN 111111, then `extra`.
fn import_args(env: &Env, name: &str, extra: &[&str]) -> Vec<String> {
    write_secret(&env.path("new.pin"), "111111\n");
    let mut args: Vec<String> = [
        "cert",
        "import",
        &p(env, &format!("{name}.crt")),
        "--key",
        &p(env, &format!("{name}.key")),
        "--pin-file",
        &p(env, "new.pin"),
    ]
    .iter()
    .map(ToString::to_string)
    .collect();
    args.extend(extra.iter().map(ToString::to_string));
    args
}

fn as_person(person: &str, pin: &str, args: &[String]) -> Vec<String> {
    let mut all: Vec<String> = ["--as", person, "--as-pin-file", pin]
        .iter()
        .map(ToString::to_string)
        .collect();
    all.extend_from_slice(args);
    all
}

fn strs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

#[test]
fn a_member_cannot_import_a_certificate_for_another_person() {
    let env = Env::onboarded(true);
    let (_, wang) = env.certify("王芳", "1");
    env.certify("张伟", "1");
    foreign_certificate(&env, "evil");
    let attack = as_person(
        "王芳",
        &wang,
        &import_args(&env, "evil", &["--holder", "张伟"]),
    );
    let err = env.fails(4, &strs(&attack));
    assert!(err.contains("cannot choose the PIN"), "{err}");
    // Nothing was imported: 张伟 holds his one certificate.
    let his = env.json(&["cert", "list", "--person", "张伟"]);
    assert_eq!(his.as_array().map(Vec::len), Some(1), "{his:#}");
    // The control: 王芳 imports one for herself.
    let own = as_person("王芳", &wang, &import_args(&env, "evil", &[]));
    env.ok(&strs(&own));
}

/// 李娜 and 王芳 proven; two certificates of no enterprise imported by the operator for 李娜.
struct Orgless {
    env: Env,
    /// `--as 李娜` proven with her registry certificate (she holds three usable ones then).
    lina: Vec<String>,
    wang: String,
    a: String,
    b: String,
}

fn orgless() -> Orgless {
    let env = Env::onboarded(true);
    let (lina_cert, lina_pin) = env.certify("李娜", "1");
    let (_, wang) = env.certify("王芳", "1");
    let mut ids = Vec::new();
    for name in ["a", "b"] {
        foreign_certificate(&env, name);
        let v = env.json(&strs(&import_args(&env, name, &["--holder", "李娜"])));
        ids.push(v["id"].as_i64().expect("certificate id").to_string());
    }
    let lina = [
        "--as",
        "李娜",
        "--as-pin-file",
        &lina_pin,
        "--as-cert",
        &lina_cert.to_string(),
    ]
    .map(String::from)
    .to_vec();
    let (a, b) = (ids[0].clone(), ids[1].clone());
    Orgless {
        env,
        lina,
        wang,
        a,
        b,
    }
}

fn as_lina(o: &Orgless, args: &[&str]) -> Vec<String> {
    o.lina
        .iter()
        .cloned()
        .chain(args.iter().map(ToString::to_string))
        .collect()
}

#[test]
fn a_stranger_cannot_unfreeze_or_revoke_a_certificate_of_no_enterprise() {
    let o = orgless();
    let (env, a, b) = (&o.env, o.a.as_str(), o.b.as_str());
    env.ok(&["cert", "freeze", "--cert", a]);
    let unfreeze = ["cert", "unfreeze", "--cert", a].map(String::from);
    let err = env.fails(4, &strs(&as_person("王芳", &o.wang, &unfreeze)));
    assert!(err.contains("not allowed"), "{err}");
    let revoke = ["cert", "revoke", "--cert", b, "--reason", "key-compromise"].map(String::from);
    env.fails(4, &strs(&as_person("王芳", &o.wang, &revoke)));
    assert_eq!(env.json(&["cert", "show", a])["status"], "frozen");
    assert_eq!(env.json(&["cert", "show", b])["status"], "active");
}

#[test]
fn the_holder_freezes_and_revokes_a_certificate_of_no_enterprise_but_only_the_operator_unfreezes() {
    let o = orgless();
    let (env, a, b) = (&o.env, o.a.as_str(), o.b.as_str());
    env.ok(&strs(&as_lina(&o, &["cert", "freeze", "--cert", a])));
    env.fails(4, &strs(&as_lina(&o, &["cert", "unfreeze", "--cert", a])));
    env.ok(&["cert", "unfreeze", "--cert", a]);
    let revoke = ["cert", "revoke", "--cert", b, "--reason", "key-compromise"];
    env.ok(&strs(&as_lina(&o, &revoke)));
}

#[test]
fn an_administrator_cannot_record_the_payment_of_their_own_package() {
    let env = Env::onboarded(true);
    let (_, zhang) = env.certify("张伟", "1");
    let buy = ["package", "buy", "--org", "1"].map(String::from);
    let bought = env.json(&strs(&as_person("张伟", &zhang, &buy)));
    let id = bought["id"].as_i64().expect("package id").to_string();
    let pay = ["package", "pay", "--package", &id].map(String::from);
    let err = env.fails(4, &strs(&as_person("张伟", &zhang, &pay)));
    assert!(err.contains("operator"), "{err}");
    assert_eq!(env.json(&["package", "show", &id])["status"], "unpaid");
    // The control: the operator records it.
    env.ok(&["package", "pay", "--package", &id]);
}

fn days_later(env: &Env, days: i64, args: &[&str]) -> String {
    let later = (chrono::Utc::now() + chrono::Duration::days(days)).to_rfc3339();
    let out = env
        .cmd()
        .env("CATOOL_NOW", later)
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn revoking_an_extended_certificate_for_key_compromise_revokes_the_one_it_replaced_with_that_key() {
    let env = Env::with_lina_certificate("RSA CA", "rsa2048");
    let pin = p(&env, "pin");
    days_later(
        &env,
        300,
        &[
            "cert",
            "extend",
            "--cert",
            "1",
            "--pin-file",
            &pin,
            "--keep-key",
        ],
    );
    let old = env.json(&["cert", "show", "1"]);
    assert_eq!(old["status"], "superseded", "{old:#}");
    assert!(
        old["revoked_at"].is_null(),
        "kept its key, not revoked: {old:#}"
    );
    days_later(
        &env,
        301,
        &[
            "cert",
            "revoke",
            "--cert",
            "2",
            "--reason",
            "key-compromise",
        ],
    );
    let old = env.json(&["cert", "show", "1"]);
    assert!(!old["revoked_at"].is_null(), "{old:#}");
    assert_eq!(old["revoke_reason"], "key-compromise", "{old:#}");
    // The CA's next CRL lists both serials: what any other verifier sees (OpenSSL).
    let crl = p(&env, "now.crl");
    days_later(&env, 301, &["crl", "issue", "--out", &crl]);
    let text = Command::new("openssl")
        .args(["crl", "-inform", "DER", "-noout", "-text", "-in", &crl])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&text.stdout).to_uppercase();
    for id in ["1", "2"] {
        let shown = env.json(&["cert", "show", id]);
        let serial = shown["serial"].as_str().unwrap_or_default().to_uppercase();
        assert!(
            !serial.is_empty() && text.contains(&serial),
            "{serial} in:\n{text}"
        );
    }
    assert!(days_later(&env, 301, &["log", "verify"]).contains("intact"));
}

#[test]
fn revoking_after_an_extension_with_a_new_key_leaves_the_old_certificate_alone() {
    let env = Env::with_lina_certificate("RSA CA", "rsa2048");
    let pin = p(&env, "pin");
    days_later(
        &env,
        300,
        &["cert", "extend", "--cert", "1", "--pin-file", &pin, "--yes"],
    );
    days_later(
        &env,
        301,
        &[
            "cert",
            "revoke",
            "--cert",
            "2",
            "--reason",
            "key-compromise",
        ],
    );
    // Another key: the compromise of the new one says nothing of the old.
    assert!(env.json(&["cert", "show", "1"])["revoked_at"].is_null());
}
