//! Red team 4: rows that decide trust, changed with sqlite3 by someone who has the registry
//! file but not the master key, and what catool does with them now. Each row is taken from
//! (or checked against) what is anchored: a reissue's or extension's subject from the
//! replaced certificate's signed body (D5, D8), whom a PIN proves from the keyed events that
//! set it (D6), which certificates share a key from their bodies' public keys and whether
//! one is on hold from the keyed freeze events (D11). A superseded certificate with a key of
//! its own can be revoked and frozen (D11: revocation is of the key). `log verify` reports
//! each edit; OpenSSL checks the CRLs.

use crate::attacks_identity::{assigned_slot, crl_text, extended_keeping_the_key, serial, with_as};
use crate::common;
use common::*;

use std::process::Command;

use serde_json::Value;

/// Runs `args` `days` on, whatever the exit code.
fn at(env: &Env, days: i64, args: &[&str]) -> std::process::Output {
    let later = (chrono::Utc::now() + chrono::Duration::days(days)).to_rfc3339();
    env.cmd()
        .env("CATOOL_NOW", later)
        .args(args)
        .output()
        .expect("run catool")
}

/// `log verify` `days` on must report tampering (exit 1) naming `field`.
fn reported(env: &Env, days: i64, field: &str) {
    let out = at(env, days, &["log", "verify"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(1),
        "log verify must report it: {err}"
    );
    assert!(err.contains(field), "{field} named: {err}");
}

/// Runs `args` `days` on; returns the exit code and stderr.
fn at_day(env: &Env, days: i64, args: &[&str]) -> (i32, String) {
    let out = at(env, days, args);
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Revokes certificate `id` for key compromise on day 301.
fn revoke_for_key_compromise(env: &Env, id: &str) {
    let args = ["cert", "revoke", "--cert", id, "--reason", "key-compromise"];
    days_later(env, 301, &args);
}

fn count_certs(env: &Env) -> usize {
    env.json(&["cert", "list"]).as_array().map_or(0, Vec::len)
}

/// Certificate `id` exported as PEM to `file`, once: a row changed outside catool afterwards
/// is no longer exported (exit 6), so a test exports it before the change.
fn export_pem(env: &Env, id: &str, file: &str) -> String {
    let out = p(env, file);
    if env.path(file).is_file() {
        return out;
    }
    env.ok(&[
        "cert", "export", "--cert", id, "--format", "pem", "--out", &out,
    ]);
    out
}

/// What `openssl verify -crl_check` says of certificate `id` against the CA and its CRL
/// issued `days` on: (accepted, output).
fn openssl_with_crl(env: &Env, id: &str, days: i64) -> (bool, String) {
    require_tool("openssl", "apt-get install openssl");
    let cert = export_pem(env, id, &format!("c{id}.pem"));
    let ca = p(env, "ca.pem");
    let pem = env.ok(&["ca", "export", "RSA CA"]);
    std::fs::write(&ca, pem).expect("write CA");
    let crl = p(env, &format!("crl{days}.pem"));
    days_later(env, days, &["crl", "issue", "--out", &crl, "--pem"]);
    let out = Command::new("openssl")
        .args([
            "verify",
            "-crl_check",
            "-CAfile",
            &ca,
            "-CRLfile",
            &crl,
            &cert,
        ])
        .env("FAKETIME", "")
        .output()
        .expect("run openssl");
    (
        out.status.success(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

/// `pdf verify --json` of `file` `days` on: the first signature's verdict.
fn verdict(env: &Env, days: i64, file: &str) -> Value {
    let out = at(env, days, &["--json", "pdf", "verify", &p(env, file)]);
    let out = String::from_utf8_lossy(&out.stdout);
    let v: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("not JSON ({e}): {out}"));
    v["signatures"][0]["verdict"].clone()
}

/// `pdf sign` of `doc.pdf` into `out` with 李娜's certificate 1 (PIN file `pin`), as the
/// operator, whatever the exit code.
pub(crate) fn sign_with_certificate_1(env: &Env, out: &str) -> std::process::Output {
    let args = [
        "--out",
        &p(env, out),
        "--cert",
        "1",
        "--pin-file",
        &p(env, "pin"),
    ];
    let doc = p(env, "doc.pdf");
    env.run(&[&["pdf", "sign", &doc][..], &args[..]].concat())
}

/// 李娜's certificate 1 signs `signed.pdf` today (before anything happens to its key).
pub(crate) fn signed_today(env: &Env) {
    std::fs::write(env.path("doc.pdf"), pdf::make_pdf(&[pdf::a4()])).expect("write pdf");
    let out = sign_with_certificate_1(env, "signed.pdf");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

use crate::common::pdf;

// ---- finding 2: a replacement's subject is the replaced certificate's -----------------------

#[test]
fn a_reissue_of_a_certificate_whose_kind_was_flipped_outside_catool_is_refused() {
    let env = Env::with_lina_certificate("RSA CA", "rsa2048");
    env.sqlite3("UPDATE certs SET kind = 'enterprise' WHERE id = 1");
    write_secret(&env.path("new.pin"), "333333\n");
    let err = env.fails(
        6,
        &[
            "cert",
            "reissue",
            "--cert",
            "1",
            "--new-pin-file",
            &p(&env, "new.pin"),
        ],
    );
    assert!(err.contains("certificate 1"), "{err}");
    assert!(is_one_error(&err), "{err}");
    assert_eq!(count_certs(&env), 1, "nothing minted");
}

#[test]
fn an_extension_after_the_owners_id_number_was_changed_outside_catool_is_refused() {
    let env = Env::with_lina_certificate("RSA CA", "rsa2048");
    env.sqlite3(&format!(
        "UPDATE persons SET id_number = '{ID_LEGAL_REP}' WHERE id = 2"
    ));
    let (code, err) = at_day(
        &env,
        300,
        &[
            "cert",
            "extend",
            "--cert",
            "1",
            "--pin-file",
            &p(&env, "pin"),
            "--yes",
        ],
    );
    assert_eq!(code, 6, "{err}");
    assert_eq!(count_certs(&env), 1, "nothing minted");
}

#[test]
fn a_reissue_keeps_the_replaced_certificates_subject() {
    let env = Env::with_lina_certificate("RSA CA", "rsa2048");
    write_secret(&env.path("new.pin"), "333333\n");
    env.ok(&[
        "cert",
        "reissue",
        "--cert",
        "1",
        "--new-pin-file",
        &p(&env, "new.pin"),
    ]);
    let old = env.json(&["cert", "show", "1"]);
    let new = env.json(&["cert", "show", "2"]);
    assert_eq!(old["subject_dn"], new["subject_dn"]);
    assert_eq!(new["kind"], "personal");
}

#[test]
fn log_verify_reports_a_certificates_kind_changed_outside_catool() {
    let env = Env::with_lina_certificate("RSA CA", "rsa2048");
    env.sqlite3("UPDATE certs SET kind = 'enterprise' WHERE id = 1");
    reported(&env, 0, "kind");
}

// ---- finding 3: whom a PIN proves comes from the keyed history ------------------------------

/// 张伟 issues a certificate (2) with his own PIN and hands it to 李娜 (D5); returns the PIN
/// file of his proving certificate 1 and of certificate 2.
fn handed_over() -> (Env, String, String) {
    let env = Env::onboarded(true);
    let (first, zhang) = env.certify("张伟", "1");
    let slot = assigned_slot(&env, "1", "张伟", "张伟");
    write_secret(&env.path("his.pin"), "111111\n");
    let first = first.to_string();
    let issue = [
        "--as-cert",
        &first,
        "cert",
        "issue",
        "--slot",
        &slot,
        "--pin-file",
        &p(&env, "his.pin"),
    ];
    env.ok(&strs(&with_as("张伟", &zhang, &issue)));
    let hand = [
        "--as-cert",
        &first,
        "cert",
        "holder",
        "--cert",
        "2",
        "--holder",
        "李娜",
    ];
    env.ok(&strs(&with_as("张伟", &zhang, &hand)));
    let his = p(&env, "his.pin");
    (env, zhang, his)
}

fn as_lina_with_certificate_2(pin: &str) -> Vec<String> {
    with_as(
        "李娜",
        pin,
        &[
            "--as-cert",
            "2",
            "seal",
            "make",
            "--kind",
            "name",
            "--person",
            "李娜",
        ],
    )
}

#[test]
fn a_pin_chooser_cleared_outside_catool_does_not_make_a_certificate_prove_its_new_holder() {
    let (env, _, his) = handed_over();
    env.fails(4, &strs(&as_lina_with_certificate_2(&his)));
    env.sqlite3("UPDATE certs SET pin_set_by = NULL WHERE id = 2");
    let err = env.fails(6, &strs(&as_lina_with_certificate_2(&his)));
    assert!(err.contains("certificate 2"), "{err}");
    assert_eq!(
        env.json(&["seal", "list"]).as_array().map_or(0, Vec::len),
        0
    );
}

#[test]
fn log_verify_reports_a_pin_chooser_changed_outside_catool() {
    let (env, _, _) = handed_over();
    env.sqlite3("UPDATE certs SET pin_set_by = NULL WHERE id = 2");
    reported(&env, 0, "pin_set_by");
}

#[test]
fn a_pin_the_operator_set_does_not_prove_a_holder_it_was_not_set_for() {
    let env = Env::with_lina_certificate("RSA CA", "rsa2048");
    // The operator issued certificate 1 for 李娜; then it is handed to 王芳 (D5). 李娜 knows
    // the PIN: it does not prove 王芳 until the operator reissues it for her.
    env.ok(&["cert", "holder", "--cert", "1", "--holder", "王芳"]);
    let attempt = with_as(
        "王芳",
        &p(&env, "pin"),
        &[
            "--as-cert",
            "1",
            "seal",
            "make",
            "--kind",
            "name",
            "--person",
            "王芳",
        ],
    );
    let err = env.fails(4, &strs(&attempt));
    assert!(err.contains("reissue"), "{err}");
}

// ---- finding 4: the key's cascade and hold come from anchored data ---------------------------

#[test]
fn revoking_a_successor_revokes_its_same_key_predecessor_whatever_the_link_column_says() {
    let env = extended_keeping_the_key();
    env.sqlite3("UPDATE certs SET replaces_cert_id = NULL WHERE id = 2");
    revoking_2_revokes_1_onto_the_crl(&env);
    let (accepted, out) = openssl_with_crl(&env, "1", 302);
    assert!(!accepted, "OpenSSL: {out}");
}

/// Revokes certificate 2 (of [`extended_keeping_the_key`]) on day 301: its predecessor 1 is
/// revoked too, and on the CRL of day 302.
pub(crate) fn revoking_2_revokes_1_onto_the_crl(env: &Env) {
    revoke_for_key_compromise(env, "2");
    let old = env.json(&["cert", "show", "1"]);
    assert!(!old["revoked_at"].is_null(), "{old:#}");
    let text = crl_text(env, 302);
    let first = serial(env, "1");
    assert!(text.contains(&first), "{first} on the CRL:\n{text}");
}

#[test]
fn log_verify_reports_a_replacement_link_changed_outside_catool() {
    let env = extended_keeping_the_key();
    env.sqlite3("UPDATE certs SET replaces_cert_id = NULL WHERE id = 2");
    reported(&env, 301, "replaces_cert_id");
}

#[test]
fn a_hold_taken_off_a_same_key_predecessor_outside_catool_stays_in_force() {
    let env = Env::with_lina_certificate("RSA CA", "rsa2048");
    signed_today(&env);
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
    days_later(&env, 301, &["cert", "freeze", "--cert", "2"]);
    export_pem(&env, "1", "c1.pem");
    env.sqlite3("UPDATE certs SET frozen_at = NULL WHERE id = 1");
    let text = crl_text(&env, 302);
    let first = serial(&env, "1");
    assert!(text.contains(&first), "{first} held:\n{text}");
    let (accepted, out) = openssl_with_crl(&env, "1", 302);
    assert!(!accepted, "OpenSSL: {out}");
    // Signed before the hold, without a timestamp: valid only if the claimed time is true.
    assert_ne!(verdict(&env, 302, "signed.pdf"), "valid");
    reported(&env, 302, "frozen_at");
}

// ---- finding 5: a superseded certificate with a key of its own is revocable -----------------

/// 李娜's certificate 1 extended with a new key (certificate 2) 300 days on.
fn extended_with_a_new_key() -> Env {
    let env = Env::with_lina_certificate("RSA CA", "rsa2048");
    signed_today(&env);
    let pin = p(&env, "pin");
    days_later(
        &env,
        300,
        &["cert", "extend", "--cert", "1", "--pin-file", &pin, "--yes"],
    );
    env
}

#[test]
fn a_superseded_certificate_with_a_key_of_its_own_can_be_revoked_onto_the_crl() {
    let env = extended_with_a_new_key();
    revoke_for_key_compromise(&env, "1");
    let old = env.json(&["cert", "show", "1"]);
    assert!(!old["revoked_at"].is_null(), "{old:#}");
    assert_eq!(old["revoke_reason"], "key-compromise");
    let (accepted, out) = openssl_with_crl(&env, "1", 302);
    assert!(!accepted && out.contains("revoked"), "OpenSSL: {out}");
    assert_ne!(verdict(&env, 302, "signed.pdf"), "valid");
    // Its successor has a key of its own: untouched.
    assert!(env.json(&["cert", "show", "2"])["revoked_at"].is_null());
    assert!(days_later(&env, 302, &["log", "verify"]).contains("intact"));
}

#[test]
fn a_superseded_certificate_with_a_key_of_its_own_can_be_frozen_and_unfrozen() {
    let env = extended_with_a_new_key();
    days_later(&env, 301, &["cert", "freeze", "--cert", "1"]);
    let first = serial(&env, "1");
    let text = crl_text(&env, 301);
    assert!(
        text.contains(&first) && text.contains("CERTIFICATE HOLD"),
        "{text}"
    );
    assert_ne!(verdict(&env, 302, "signed.pdf"), "valid");
    days_later(&env, 302, &["cert", "unfreeze", "--cert", "1"]);
    let text = crl_text(&env, 302);
    assert!(!text.contains(&first), "{first} released:\n{text}");
    assert!(days_later(&env, 302, &["log", "verify"]).contains("intact"));
}

#[test]
fn a_superseded_certificate_sharing_its_key_is_revoked_through_its_successor() {
    let env = extended_keeping_the_key();
    let (code, err) = at_day(
        &env,
        301,
        &[
            "cert",
            "revoke",
            "--cert",
            "1",
            "--reason",
            "key-compromise",
        ],
    );
    assert_eq!(code, 4, "{err}");
    assert!(err.contains("certificate 2"), "{err}");
}
