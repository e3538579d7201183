//! The red team's third round: who may choose a certificate's PIN, what a certificate
//! proves, and a lost key that stayed usable. Each attack has its control, the same step by
//! someone entitled to it, which succeeds.
//!
//! - A certificate's PIN is chosen by its holder, or set by the operator (D6, D8). Nobody
//!   else, not even an enterprise's administrator, issues, imports or reissues a certificate
//!   for a person: whoever chose the PIN could act as that person (`--as`) and sign in their
//!   name. An administrator of another enterprise could otherwise add anyone as a member,
//!   issue them a certificate and take their enterprise over.
//! - A certificate proves who its holder is only while its PIN is one the holder chose (or
//!   the operator set): after a change of holder (D5) it proves nobody until reissued.
//! - Reissuing (a lost phone) and freezing a certificate act on its key: a certificate it
//!   replaced keeping that key (`cert extend --keep-key`) is revoked or held with it.
//! - A package's price and contents are configuration (D3): a person buys on those terms.

use crate::common;

use std::process::Command;

use common::*;

pub(crate) fn with_as(person: &str, pin: &str, args: &[&str]) -> Vec<String> {
    ["--as", person, "--as-pin-file", pin]
        .iter()
        .chain(args)
        .map(ToString::to_string)
        .collect()
}

/// A paid package of enterprise `org` and its first free personal slot assigned to
/// `owner`/`holder` (by the operator); the slot's id.
pub(crate) fn assigned_slot(env: &Env, org: &str, owner: &str, holder: &str) -> String {
    let package = env.json(&["package", "buy", "--org", org])["id"]
        .as_i64()
        .expect("package id")
        .to_string();
    let paid = env.json(&["package", "pay", "--package", &package]);
    let slot = paid["slots"]
        .as_array()
        .expect("slots")
        .iter()
        .find(|s| s["kind"] == "personal" && s["state"] == "unassigned")
        .and_then(|s| s["id"].as_i64())
        .expect("a free personal slot")
        .to_string();
    env.ok(&[
        "cert", "assign", "--slot", &slot, "--owner", owner, "--holder", holder,
    ]);
    slot
}

#[test]
fn an_administrator_cannot_issue_a_members_certificate_with_a_pin_he_chooses() {
    let env = Env::onboarded(true);
    let (_, zhang) = env.certify("张伟", "1");
    let slot = assigned_slot(&env, "1", "李娜", "李娜");
    write_secret(&env.path("evil.pin"), "111111\n");
    let issue = [
        "cert",
        "issue",
        "--slot",
        &slot,
        "--pin-file",
        &p(&env, "evil.pin"),
    ];
    let err = env.fails(4, &strs(&with_as("张伟", &zhang, &issue)));
    assert!(err.contains("holder"), "{err}");
    let rows = env.json(&["cert", "list", "--person", "李娜"]);
    let issued = rows
        .as_array()
        .into_iter()
        .flatten()
        .filter(|r| !r["cert_id"].is_null());
    assert_eq!(issued.count(), 0, "nothing issued: {rows:#}");
    // The control: the holder imports her own slot with her own PIN.
    write_secret(&env.path("lina.pin"), "246810\n");
    let (_, lina_proof) = env.certify("李娜", "1");
    let own = [
        "cert",
        "issue",
        "--slot",
        &slot,
        "--pin-file",
        &p(&env, "lina.pin"),
    ];
    env.ok(&strs(&with_as("李娜", &lina_proof, &own)));
}

#[test]
fn an_administrator_of_another_enterprise_cannot_mint_a_proof_for_its_administrator() {
    let env = Env::onboarded(true);
    let chen = env.outsider_with_certificate();
    // 陈明 administers enterprise 2; he adds 张伟 (enterprise 1's administrator) to it.
    env.ok(&strs(&with_as(
        "陈明",
        &chen,
        &["org", "member", "add", "--org", "2", "--person", "张伟"],
    )));
    let slot = {
        let buy = env.json(&strs(&with_as(
            "陈明",
            &chen,
            &["package", "buy", "--org", "2"],
        )));
        let id = buy["id"].as_i64().expect("package id").to_string();
        let paid = env.json(&["package", "pay", "--package", &id]);
        paid["slots"]
            .as_array()
            .expect("slots")
            .iter()
            .find(|s| s["kind"] == "personal")
            .and_then(|s| s["id"].as_i64())
            .expect("personal slot")
            .to_string()
    };
    env.ok(&strs(&with_as(
        "陈明",
        &chen,
        &[
            "cert", "assign", "--slot", &slot, "--owner", "张伟", "--holder", "张伟",
        ],
    )));
    write_secret(&env.path("evil.pin"), "111111\n");
    let issue = [
        "cert",
        "issue",
        "--slot",
        &slot,
        "--pin-file",
        &p(&env, "evil.pin"),
    ];
    env.fails(4, &strs(&with_as("陈明", &chen, &issue)));
    // Nothing proves 张伟 with 陈明's PIN: enterprise 1 keeps its administrator.
    let takeover = with_as(
        "张伟",
        &p(&env, "evil.pin"),
        &["org", "transfer-admin", "--org", "1", "--to", "陈明"],
    );
    let out = env.run(&strs(&takeover));
    assert_ne!(out.status.code(), Some(0));
    let org = env.json(&["org", "show", "1"]);
    assert_eq!(org["admin"]["name"], "张伟", "{org:#}");
}

#[test]
fn an_administrator_cannot_import_a_certificate_for_a_member_even_with_org() {
    let env = Env::onboarded(true);
    let (_, zhang) = env.certify("张伟", "1");
    let key = p(&env, "lina.key");
    let crt = p(&env, "lina.crt");
    let made = Command::new("openssl")
        .args([
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "60",
        ])
        .args(["-keyout", &key, "-out", &crt, "-subj", "/CN=lina"])
        .args(["-addext", "basicConstraints=critical,CA:FALSE"])
        .args(["-addext", "keyUsage=critical,digitalSignature"])
        .output()
        .expect("run openssl");
    assert!(made.status.success());
    write_secret(&env.path("new.pin"), "111111\n");
    let import = [
        "cert",
        "import",
        &crt,
        "--key",
        &key,
        "--pin-file",
        &p(&env, "new.pin"),
        "--holder",
        "李娜",
        "--org",
        "1",
    ];
    let err = env.fails(4, &strs(&with_as("张伟", &zhang, &import)));
    assert!(err.contains("operator"), "{err}");
    // The control: the operator imports it for her.
    env.ok(&import);
}

#[test]
fn reissue_is_the_operators_who_sets_the_new_pin() {
    let env = Env::with_lina_certificate("RSA CA", "rsa2048");
    let (_, zhang) = env.certify("张伟", "1");
    write_secret(&env.path("evil.pin"), "111111\n");
    let reissue = [
        "cert",
        "reissue",
        "--cert",
        "1",
        "--new-pin-file",
        &p(&env, "evil.pin"),
    ];
    let err = env.fails(4, &strs(&with_as("张伟", &zhang, &reissue)));
    assert!(err.contains("operator"), "{err}");
    assert_eq!(env.json(&["cert", "show", "1"])["status"], "active");
    // The control: the operator reissues.
    env.ok(&reissue);
    assert_eq!(env.json(&["cert", "show", "1"])["status"], "superseded");
}

#[test]
fn a_certificate_proves_its_new_holder_only_after_a_reissue() {
    let env = Env::onboarded(true);
    let (first, zhang) = env.certify("张伟", "1");
    let first = first.to_string();
    // 张伟 holds a slot owned by 李娜 and imports it with his PIN (he is its holder).
    let slot = assigned_slot(&env, "1", "李娜", "张伟");
    write_secret(&env.path("his.pin"), "111111\n");
    let issue = [
        "cert",
        "issue",
        "--slot",
        &slot,
        "--pin-file",
        &p(&env, "his.pin"),
    ];
    let issued = env.json(&strs(&with_as("张伟", &zhang, &issue)));
    let cert = issued["cert"]["id"]
        .as_i64()
        .or_else(|| issued["id"].as_i64())
        .expect("certificate id")
        .to_string();
    // As administrator he hands it to 李娜 (D5): owner and holder are now both 李娜, but the
    // PIN is still the one he chose.
    env.ok(&strs(&with_as(
        "张伟",
        &zhang,
        &[
            "--as-cert",
            &first,
            "cert",
            "holder",
            "--cert",
            &cert,
            "--holder",
            "李娜",
        ],
    )));
    // She (or he, who knows the PIN) cannot act as 李娜 with it.
    let attempt = with_as(
        "李娜",
        &p(&env, "his.pin"),
        &[
            "--as-cert",
            &cert,
            "seal",
            "make",
            "--kind",
            "name",
            "--person",
            "李娜",
        ],
    );
    let err = env.fails(4, &strs(&attempt));
    assert!(err.contains("reissue"), "{err}");
    // The control: after the operator's reissue (a PIN for her), it proves her.
    write_secret(&env.path("her.pin"), "246810\n");
    let reissued = env.json(&[
        "cert",
        "reissue",
        "--cert",
        &cert,
        "--new-pin-file",
        &p(&env, "her.pin"),
    ]);
    let new = reissued["cert"]["id"]
        .as_i64()
        .or_else(|| reissued["id"].as_i64())
        .expect("new certificate id")
        .to_string();
    env.ok(&strs(&with_as(
        "李娜",
        &p(&env, "her.pin"),
        &[
            "--as-cert",
            &new,
            "seal",
            "make",
            "--kind",
            "name",
            "--person",
            "李娜",
        ],
    )));
}

/// 李娜's certificate 1 extended keeping its key (certificate 2, 300 days on).
pub(crate) fn extended_keeping_the_key() -> Env {
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
    env
}

/// The CA's CRL `days` on, as OpenSSL prints it (upper case).
pub(crate) fn crl_text(env: &Env, days: i64) -> String {
    let crl = p(env, &format!("day{days}.crl"));
    days_later(env, days, &["crl", "issue", "--out", &crl]);
    let text = Command::new("openssl")
        .args(["crl", "-inform", "DER", "-noout", "-text", "-in", &crl])
        .output()
        .expect("run openssl");
    String::from_utf8_lossy(&text.stdout).to_uppercase()
}

pub(crate) fn serial(env: &Env, id: &str) -> String {
    let s = env.json(&["cert", "show", id])["serial"]
        .as_str()
        .unwrap_or_default()
        .to_uppercase();
    assert!(!s.is_empty());
    s
}

#[test]
fn reissuing_after_an_extension_that_kept_the_key_revokes_that_key_everywhere() {
    let env = extended_keeping_the_key();
    write_secret(&env.path("new.pin"), "246810\n");
    days_later(
        &env,
        301,
        &[
            "cert",
            "reissue",
            "--cert",
            "2",
            "--new-pin-file",
            &p(&env, "new.pin"),
        ],
    );
    let old = env.json(&["cert", "show", "1"]);
    assert!(
        !old["revoked_at"].is_null(),
        "the lost key's first certificate: {old:#}"
    );
    let text = crl_text(&env, 301);
    for id in ["1", "2"] {
        let s = serial(&env, id);
        assert!(text.contains(&s), "{s} on the CRL:\n{text}");
    }
    assert!(days_later(&env, 301, &["log", "verify"]).contains("intact"));
}

/// `org member remove --revoke` revokes the key as `cert revoke` does: the certificate it
/// replaced keeping that key is revoked with it (it stayed valid, off the CRL).
#[test]
fn removing_a_member_after_an_extension_that_kept_the_key_revokes_that_key_everywhere() {
    let env = extended_keeping_the_key();
    days_later(
        &env,
        301,
        &[
            "org", "member", "remove", "--org", "1", "--person", "李娜", "--revoke",
        ],
    );
    let old = env.json(&["cert", "show", "1"]);
    assert!(
        !old["revoked_at"].is_null(),
        "the removed member's first certificate of that key: {old:#}"
    );
    let text = crl_text(&env, 301);
    for id in ["1", "2"] {
        let s = serial(&env, id);
        assert!(text.contains(&s), "{s} on the CRL:\n{text}");
    }
    let verified = days_later(&env, 301, &["--json", "log", "verify"]);
    let v: serde_json::Value = serde_json::from_str(&verified).unwrap();
    assert_eq!(v["not_provable"], serde_json::json!([]), "{v:#}");
}

#[test]
fn freezing_after_an_extension_that_kept_the_key_holds_that_key_everywhere() {
    let env = extended_keeping_the_key();
    days_later(&env, 301, &["cert", "freeze", "--cert", "2"]);
    let text = crl_text(&env, 301);
    let first = serial(&env, "1");
    assert!(text.contains(&first), "{first} held:\n{text}");
    assert!(text.contains("CERTIFICATE HOLD"), "{text}");
    // Unfreezing lifts the hold from both.
    days_later(&env, 302, &["cert", "unfreeze", "--cert", "2"]);
    let text = crl_text(&env, 302);
    assert!(!text.contains(&first), "{first} released:\n{text}");
    assert!(days_later(&env, 302, &["log", "verify"]).contains("intact"));
}

#[test]
fn a_person_buys_a_package_on_the_configured_terms_only() {
    let env = Env::onboarded(true);
    let (_, zhang) = env.certify("张伟", "1");
    let cheap = [
        "package",
        "buy",
        "--org",
        "1",
        "--price",
        "0",
        "--personal-slots",
        "50",
    ];
    let err = env.fails(4, &strs(&with_as("张伟", &zhang, &cheap)));
    assert!(err.contains("operator"), "{err}");
    // The control: the configured terms, and the operator's own.
    env.ok(&strs(&with_as(
        "张伟",
        &zhang,
        &["package", "buy", "--org", "1"],
    )));
    env.ok(&cheap);
}
