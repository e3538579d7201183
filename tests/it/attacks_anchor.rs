//! Red team 3: registry rows that decide trust, changed with sqlite3 by someone who has the
//! registry file but not the master key (README, "Tampering with the registry file"). The
//! history is keyed, so catool believes a row only when its keyed event says the same: a
//! certificate's body, serial and CA (`cert.issue` … events), a CA's or TSA's certificate
//! (`ca.init`, `tsa.init`), where a CA's CRL is published (`ca.init`, `ca.set`). Each test is
//! one attack and the answer to it, checked against openssl where one applies.

use crate::common;
use crate::common::pdf;
use crate::common::tamper::*;
use common::*;

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

fn p(env: &Env, name: &str) -> String {
    env.path(name).to_string_lossy().into_owned()
}

fn s(path: &Path) -> &str {
    path.to_str().expect("UTF-8 path")
}

fn openssl(args: &[&str]) -> Output {
    require_tool("openssl", "apt-get install openssl");
    Command::new("openssl")
        .args(args)
        .output()
        .expect("run openssl")
}

/// What `openssl verify` says of `cert` against `ca` (and `crl`, with -crl_check).
fn openssl_verify(ca: &Path, crl: Option<&Path>, cert: &Path) -> (bool, String) {
    let mut args = vec!["verify", "-CAfile", s(ca)];
    if let Some(crl) = crl {
        args.extend(["-crl_check", "-CRLfile", s(crl)]);
    }
    args.push(s(cert));
    let out = openssl(&args);
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

/// `pdf verify --json` of `file`: the first signature's report and the exit code.
fn verify(env: &Env, file: &str) -> (Value, i32) {
    let out = env.run(&["--json", "pdf", "verify", &p(env, file)]);
    let v: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&out.stderr)));
    (v["signatures"][0].clone(), out.status.code().unwrap_or(-1))
}

fn sign(env: &Env, cert: &str, input: &str, output: &str) -> Output {
    env.cmd()
        .args(["pdf", "sign", &p(env, input), "--out", &p(env, output)])
        .args(["--cert", cert, "--pin-file", &p(env, "pin")])
        .output()
        .expect("run catool")
}

/// `log verify` must report tampering (exit 1); returns its stderr.
fn tampering(env: &Env) -> String {
    let out = env.run(&["log", "verify"]);
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(
        out.status.code(),
        Some(1),
        "log verify must report it: {err}"
    );
    assert!(err.contains("历史记录被篡改"), "{err}");
    err
}

/// Assigns `slot` to person `person` (owner and holder) and issues it from the only CA with
/// the PIN in `pin`.
fn issue(env: &Env, slot: &str, person: &str) {
    env.ok(&[
        "cert", "assign", "--slot", slot, "--owner", person, "--holder", person,
    ]);
    env.ok(&[
        "cert",
        "issue",
        "--slot",
        slot,
        "--pin-file",
        &p(env, "pin"),
    ]);
}

fn export_cert(env: &Env, id: &str, out: &str) {
    env.ok(&[
        "cert",
        "export",
        "--cert",
        id,
        "--format",
        "pem",
        "--out",
        &p(env, out),
    ]);
}

// ---- a certificate's body ------------------------------------------------------------------------

/// The red team's swap: the bodies and serials of certificates 1 and 2 exchanged (`keys`: their
/// sealed keys too, so that row 2 becomes certificate 1, key and all).
fn swap(keys: bool) -> String {
    let key = if keys {
        ", key_sealed = (SELECT key_sealed FROM t WHERE t.id = 3 - certs.id)"
    } else {
        ""
    };
    format!(
        "CREATE TEMP TABLE t AS SELECT id, serial_hex, cert_der, key_sealed FROM certs
          WHERE id IN (1, 2);
         UPDATE certs SET serial_hex = 'X' || serial_hex WHERE id IN (1, 2);
         UPDATE certs SET serial_hex = (SELECT serial_hex FROM t WHERE t.id = 3 - certs.id),
                          cert_der = (SELECT cert_der FROM t WHERE t.id = 3 - certs.id){key}
          WHERE id IN (1, 2)"
    )
}

/// RSA CA `RSA CA` (exported to `ca.pem`); 李娜's certificate 1 signed `signed.pdf`, then was
/// revoked (key compromise); 王芳's certificate 2 is active. Both have PIN 123456 (`pin`);
/// their PEMs are `cert-1.pem` and `cert-2.pem`.
fn revoked_and_active() -> Env {
    let env = Env::with_lina_certificate("RSA CA", "rsa2048");
    env.ok(&["ca", "export", "RSA CA", "--out", &p(&env, "ca.pem")]);
    std::fs::write(env.path("doc.pdf"), pdf::make_pdf(&[pdf::a4()])).unwrap();
    let out = sign(&env, "1", "doc.pdf", "signed.pdf");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    issue(&env, "3", "王芳");
    export_cert(&env, "1", "cert-1.pem");
    export_cert(&env, "2", "cert-2.pem");
    env.ok(&[
        "cert",
        "revoke",
        "--cert",
        "1",
        "--reason",
        "key-compromise",
    ]);
    env
}

#[test]
fn a_plain_sqlite3_update_of_a_certificates_body_is_refused_by_the_schema() {
    let env = revoked_and_active();
    let out = Command::new("sqlite3")
        .arg(&env.db)
        .arg(format!("BEGIN; {}; COMMIT;", swap(false)))
        .output()
        .unwrap();
    assert!(!out.status.success(), "the schema must refuse it");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("never change"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_signature_by_a_revoked_certificate_whose_body_was_swapped_with_an_active_one_is_not_valid() {
    let env = revoked_and_active();
    let (before, _) = verify(&env, "signed.pdf");
    assert_eq!(before["registry_state"], "revoked", "{before}");
    behind_triggers(&env, &["cert_identity_fixed"], &swap(false));
    let (sig, code) = verify(&env, "signed.pdf");
    assert_eq!(code, 1, "{sig}");
    assert_eq!(sig["verdict"], "invalid", "{sig}");
    let reason = sig["reason"].as_str().unwrap();
    assert!(
        reason.contains("certificate 2's body") && reason.contains("keyed history"),
        "{reason}"
    );
    // The row holding the revoked certificate's body is not reported as its registry state.
    assert_eq!(sig["registry_cert_id"], Value::Null, "{sig}");
    assert_eq!(sig["registry_state"], Value::Null, "{sig}");
}

#[test]
fn a_signers_certificate_overwritten_outside_catool_makes_its_signatures_not_valid() {
    let env = revoked_and_active();
    behind_triggers(
        &env,
        &["cert_identity_fixed"],
        "UPDATE certs SET cert_der = zeroblob(16), serial_hex = 'DEAD' WHERE id = 1",
    );
    let (sig, code) = verify(&env, "signed.pdf");
    assert_eq!(code, 1, "{sig}");
    assert_eq!(sig["verdict"], "invalid", "{sig}");
    let reason = sig["reason"].as_str().unwrap();
    assert!(
        reason.contains("no certificate in the registry has its bytes"),
        "{reason}"
    );
}

#[test]
fn log_verify_names_the_certificates_whose_bodies_were_swapped() {
    let env = revoked_and_active();
    behind_triggers(&env, &["cert_identity_fixed"], &swap(false));
    let err = tampering(&env);
    assert!(
        err.contains("certificate 1: body (SHA-256 fingerprint)"),
        "{err}"
    );
    let v = env.run(&["--json", "log", "verify"]);
    let v: Value = serde_json::from_slice(&v.stdout).unwrap();
    assert_eq!(v["first_bad_row"], "certs:1", "{v}");
    let all = v["problems"].to_string();
    assert!(all.contains("certificate 2: body"), "{all}");
}

#[test]
fn the_next_crl_still_revokes_the_revoked_certificate_after_a_body_swap() {
    let env = revoked_and_active();
    behind_triggers(&env, &["cert_identity_fixed"], &swap(false));
    env.ok(&[
        "crl",
        "--ca",
        "RSA CA",
        "--out",
        &p(&env, "now.crl"),
        "--pem",
    ]);
    let (ok, said) = openssl_verify(
        &env.path("ca.pem"),
        Some(&env.path("now.crl")),
        &env.path("cert-1.pem"),
    );
    assert!(!ok && said.contains("certificate revoked"), "{said}");
    let (ok, said) = openssl_verify(
        &env.path("ca.pem"),
        Some(&env.path("now.crl")),
        &env.path("cert-2.pem"),
    );
    assert!(ok, "the active certificate stays off the CRL: {said}");
}

#[test]
fn exporting_a_certificate_whose_body_was_swapped_is_refused() {
    let env = revoked_and_active();
    behind_triggers(&env, &["cert_identity_fixed"], &swap(false));
    let out = env.path("2.pem");
    let err = env.fails(
        6,
        &[
            "cert",
            "export",
            "--cert",
            "2",
            "--format",
            "pem",
            "--out",
            s(&out),
        ],
    );
    assert!(err.contains("certificate 2's body"), "{err}");
    assert!(!file_exists(&out));
}

#[test]
fn signing_with_a_revoked_certificates_body_and_key_swapped_into_an_active_row_is_refused() {
    let env = revoked_and_active();
    behind_triggers(&env, &["cert_identity_fixed"], &swap(true));
    let out = sign(&env, "2", "doc.pdf", "again.pdf");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(6), "{err}");
    assert!(err.contains("certificate 2's body"), "{err}");
    assert!(!file_exists(&env.path("again.pdf")));
}

// ---- where a CRL is published ---------------------------------------------------------------------

/// RSA CA `rsa` (id 1) publishing into `www` (a web root with the operator's `index.html`),
/// with the paid package's slots ready; and the operator's `victim/notes.txt`.
fn publishing() -> Env {
    let env = Env::onboarded(true);
    env.ok(&["package", "buy", "--org", "1"]);
    env.ok(&["package", "pay", "--package", "1"]);
    write_secret(&env.path("pin"), "123456\n");
    for d in ["www", "victim"] {
        std::fs::create_dir(env.path(d)).unwrap();
    }
    std::fs::write(env.path("www/index.html"), "<h1>operator's site</h1>\n").unwrap();
    std::fs::write(env.path("victim/notes.txt"), "precious operator data\n").unwrap();
    env.ok(&[
        "ca",
        "init",
        "--name",
        "rsa",
        "--algo",
        "rsa2048",
        "--crl-dir",
        &p(&env, "www"),
    ]);
    env
}

fn unchanged(env: &Env, file: &str, text: &str) {
    assert_eq!(
        std::fs::read_to_string(env.path(file)).unwrap(),
        text,
        "{file}"
    );
}

#[test]
fn crl_refuses_to_publish_into_a_directory_its_history_never_configured() {
    let env = publishing();
    let victim = p(&env, "victim");
    env.sqlite3(&format!(
        "UPDATE ca_crl SET publish_dir = '{victim}' WHERE ca_id = 1;
         INSERT INTO ca_crl_urls (ca_id, url, since)
         VALUES (1, 'http://x.example/notes.txt', '2026-01-01T00:00:00Z');"
    ));
    let err = env.fails(6, &["crl", "--ca", "rsa"]);
    assert!(
        err.contains("publication directory") && err.contains(&victim),
        "{err}"
    );
    unchanged(&env, "victim/notes.txt", "precious operator data\n");
    assert!(std::fs::read_dir(env.path("victim")).unwrap().count() == 1);
}

#[test]
fn crl_refuses_to_publish_under_a_crl_url_its_history_never_added() {
    let env = publishing();
    env.sqlite3(
        "INSERT INTO ca_crl_urls (ca_id, url, since)
         VALUES (1, 'http://x.example/index.html', '2026-01-01T00:00:00Z');",
    );
    let err = env.fails(6, &["crl", "--ca", "rsa"]);
    assert!(
        err.contains("CRL URLs") && err.contains("http://x.example/index.html"),
        "{err}"
    );
    unchanged(&env, "www/index.html", "<h1>operator's site</h1>\n");
    assert!(!file_exists(&env.path("www/ca-1.crl")), "nothing published");
}

#[test]
fn a_certificate_is_not_issued_with_a_crl_url_its_history_never_added() {
    let env = publishing();
    env.sqlite3(
        "INSERT INTO ca_crl_urls (ca_id, url, since)
         VALUES (1, 'http://attacker.example/stale.crl', '2026-01-01T00:00:00Z');",
    );
    env.ok(&[
        "cert", "assign", "--slot", "2", "--owner", "李娜", "--holder", "李娜",
    ]);
    let err = env.fails(
        6,
        &[
            "cert",
            "issue",
            "--slot",
            "2",
            "--pin-file",
            &p(&env, "pin"),
        ],
    );
    assert!(err.contains("http://attacker.example/stale.crl"), "{err}");
    let listed = env.json(&["cert", "list"]);
    assert!(
        listed
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["cert_id"].is_null()),
        "no certificate issued: {listed}"
    );
}

#[test]
fn log_verify_reports_a_crl_publication_changed_outside_catool() {
    let env = publishing();
    env.sqlite3(&format!(
        "UPDATE ca_crl SET publish_dir = '{}' WHERE ca_id = 1;
         INSERT INTO ca_crl_urls (ca_id, url, since)
         VALUES (1, 'http://x.example/notes.txt', '2026-01-01T00:00:00Z');",
        p(&env, "victim")
    ));
    let err = tampering(&env);
    assert!(err.contains("CA 1: CRL publication directory"), "{err}");
    let v = env.run(&["--json", "log", "verify"]);
    let v: Value = serde_json::from_slice(&v.stdout).unwrap();
    let all = v["problems"].to_string();
    assert!(all.contains("CA 1: CRL URLs"), "{all}");
}

#[test]
fn a_crl_publication_set_by_ca_set_is_published_and_verifies() {
    let env = publishing();
    let moved = env.path("moved");
    std::fs::create_dir(&moved).unwrap();
    env.ok(&[
        "ca",
        "set",
        "rsa",
        "--crl-url",
        "http://pki.example.com/root.crl",
        "--crl-dir",
        s(&moved),
    ]);
    env.ok(&["crl", "--ca", "rsa"]);
    assert!(file_exists(&moved.join("ca-1.crl")));
    assert!(file_exists(&moved.join("root.crl")));
    env.ok(&["log", "verify"]);
}

// ---- trust anchors --------------------------------------------------------------------------------

/// The attacker's own catool: a registry `evil.db` beside the victim's, with a CA named like
/// the victim's (the same subject) that issued 李娜 a certificate of its own and signed
/// `forged.pdf` with it; and a TSA of that CA that stamped `data.txt` (`token.tsr`).
fn attackers_registry(victim: &Env) -> Env {
    let evil = Env::with_lina_certificate("RSA CA", "rsa2048");
    evil.ok(&["ca", "export", "RSA CA", "--out", &p(&evil, "evil-ca.pem")]);
    export_cert(&evil, "1", "evil-leaf.pem");
    std::fs::copy(victim.path("doc.pdf"), evil.path("doc.pdf")).unwrap();
    let out = evil
        .cmd()
        .args(["--as", "李娜", "pdf", "sign", &p(&evil, "doc.pdf")])
        .args(["--out", &p(victim, "forged.pdf")])
        .args(["--cert", "1", "--pin-file", &p(&evil, "pin")])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    evil.ok(&["tsa", "init", "--ca", "RSA CA"]);
    std::fs::write(victim.path("data.txt"), "投标文件\n").unwrap();
    evil.ok(&[
        "tsa",
        "stamp",
        &p(victim, "data.txt"),
        "--out",
        &p(victim, "token.tsr"),
        "--reply",
    ]);
    evil
}

/// The victim: RSA CA `RSA CA` (its certificate in `ca.pem`) and 李娜's certificate 1; and
/// the attacker's registry beside it (see [`attackers_registry`]).
fn victim_and_attacker() -> (Env, Env) {
    let env = Env::with_lina_certificate("RSA CA", "rsa2048");
    env.ok(&["ca", "export", "RSA CA", "--out", &p(&env, "ca.pem")]);
    std::fs::write(env.path("doc.pdf"), pdf::make_pdf(&[pdf::a4()])).unwrap();
    let evil = attackers_registry(&env);
    (env, evil)
}

/// One INSERT: the attacker's CA as a new row of the victim's registry (its sealed key
/// copied along: never needed).
fn insert_attackers_ca(env: &Env, evil: &Env) {
    env.sqlite3(&format!(
        "ATTACH '{}' AS evil;
         INSERT INTO cas (name, algo, cert_der, key_sealed, not_after, created_at)
         SELECT 'RSA CA (backup)', algo, cert_der, key_sealed, not_after, created_at
           FROM evil.cas WHERE id = 1;",
        s(&evil.db)
    ));
}

#[test]
fn a_signature_chaining_to_a_ca_inserted_outside_catool_is_not_valid() {
    let (env, evil) = victim_and_attacker();
    insert_attackers_ca(&env, &evil);
    let (sig, code) = verify(&env, "forged.pdf");
    assert_eq!(code, 1, "{sig}");
    assert_eq!(sig["verdict"], "invalid", "{sig}");
    let reason = sig["reason"].as_str().unwrap();
    assert!(
        reason.contains("not a trust anchor") && reason.contains("no keyed ca.init event"),
        "{reason}"
    );
    assert_eq!(sig["registry_cert_id"], Value::Null, "{sig}");
    // openssl agrees: the forged certificate does not chain to the victim's CA.
    let (ok, said) = openssl_verify(&env.path("ca.pem"), None, &evil.path("evil-leaf.pem"));
    assert!(!ok, "{said}");
}

#[test]
fn a_ca_certificate_swapped_behind_the_schema_is_not_a_trust_anchor() {
    let (env, evil) = victim_and_attacker();
    behind_triggers(
        &env,
        &["ca_identity_fixed"],
        &format!(
            "ATTACH '{}' AS evil;
             UPDATE cas SET cert_der = (SELECT cert_der FROM evil.cas WHERE id = 1) WHERE id = 1",
            s(&evil.db)
        ),
    );
    let (sig, code) = verify(&env, "forged.pdf");
    assert_eq!(code, 1, "{sig}");
    let reason = sig["reason"].as_str().unwrap();
    assert!(
        reason.contains("not a trust anchor")
            && reason.contains("differs from the one its keyed history"),
        "{reason}"
    );
}

#[test]
fn tsa_check_does_not_trust_a_tsa_of_a_ca_inserted_outside_catool() {
    let (env, evil) = victim_and_attacker();
    insert_attackers_ca(&env, &evil);
    let err = env.fails(
        1,
        &[
            "tsa",
            "check",
            &p(&env, "token.tsr"),
            "--data",
            &p(&env, "data.txt"),
        ],
    );
    assert!(
        err.contains("not a trust anchor") && err.contains("RSA CA (backup)"),
        "{err}"
    );
}

#[test]
fn a_ca_inserted_outside_catool_is_not_exported_as_a_trust_anchor() {
    let (env, evil) = victim_and_attacker();
    insert_attackers_ca(&env, &evil);
    let out = env.path("backup.pem");
    let err = env.fails(6, &["ca", "export", "RSA CA (backup)", "--out", s(&out)]);
    assert!(err.contains("no keyed ca.init event"), "{err}");
    assert!(!file_exists(&out));
}

#[test]
fn a_ca_inserted_outside_catool_signs_no_crl() {
    let (env, evil) = victim_and_attacker();
    insert_attackers_ca(&env, &evil);
    let err = env.fails(6, &["crl", "--ca", "RSA CA (backup)"]);
    assert!(err.contains("not a trust anchor"), "{err}");
}

#[test]
fn a_ca_inserted_outside_catool_issues_no_certificate() {
    let (env, evil) = victim_and_attacker();
    insert_attackers_ca(&env, &evil);
    env.ok(&[
        "cert", "assign", "--slot", "3", "--owner", "王芳", "--holder", "王芳",
    ]);
    let err = env.fails(
        6,
        &[
            "cert",
            "issue",
            "--slot",
            "3",
            "--ca",
            "RSA CA (backup)",
            "--pin-file",
            &p(&env, "pin"),
        ],
    );
    assert!(err.contains("not a trust anchor"), "{err}");
}

#[test]
fn log_verify_reports_a_ca_inserted_outside_catool() {
    let (env, evil) = victim_and_attacker();
    insert_attackers_ca(&env, &evil);
    let err = tampering(&env);
    assert!(err.contains("CA 2 has no history event"), "{err}");
}
