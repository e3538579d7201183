//! The `--json` contract of docs/json.md: every command catool has is documented there (the
//! test walks the command tree), and every documented output is checked — its fields at the
//! top and in every object inside, machine values and times — by a family test here or in
//! tests/it/json_contract_files.rs.

use crate::common;
use crate::common::contract;

use std::collections::BTreeSet;

use common::*;
use contract::*;

#[test]
fn every_command_is_documented_in_docs_json_md() {
    let documented: BTreeSet<&str> = documented().keys().map(|k| command_of(k)).collect();
    let missing: Vec<String> = commands()
        .into_iter()
        .filter(|c| !documented.contains(c.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "commands docs/json.md does not document (give their fields, or list them under \"Without a JSON result\"): {missing:?}"
    );
}

#[test]
fn every_documented_output_is_checked_by_a_family_test() {
    let commands = commands();
    let checked: BTreeSet<&str> = FAMILIES.iter().flat_map(|f| f.iter().copied()).collect();
    let unchecked: Vec<&String> = documented()
        .iter()
        .filter(|(k, (shape, _))| {
            !k.contains('.')
                && shape != "none"
                && shape != "unchecked"
                && commands.contains(command_of(k))
        })
        .map(|(k, _)| k)
        .filter(|k| !checked.contains(k.as_str()))
        .collect();
    assert!(
        unchecked.is_empty(),
        "documented but not checked: {unchecked:?}"
    );
    for key in &checked {
        assert!(
            documented().contains_key(*key),
            "`{key}` is checked but not documented"
        );
        assert!(
            commands.contains(command_of(key)),
            "`{key}`: no such command"
        );
    }
}

#[test]
fn the_walk_finds_leaves_and_commands_that_run_alone() {
    let all = commands();
    for c in [
        "log",
        "log verify",
        "crl",
        "crl show",
        "org member add",
        "import",
    ] {
        assert!(all.contains(c), "{c}");
    }
    for c in ["org", "org member", "cert", "help"] {
        assert!(!all.contains(c), "{c}");
    }
}

#[test]
fn the_checker_catches_an_undocumented_field_a_nested_object_and_a_bad_time() {
    let mut problems = Vec::new();
    let v = serde_json::json!({"id": 1, "cert_id": 2, "pin_ok": true});
    conforms("cert verify-pin", "cert verify-pin", &v, &mut problems);
    assert!(problems[0].contains("\"id\""), "{problems:?}");
    let mut problems = Vec::new();
    let v = serde_json::json!({"cert_id": 2, "pin_ok": {"x": 1}});
    conforms("cert verify-pin", "cert verify-pin", &v, &mut problems);
    assert!(
        problems[0].contains("cert verify-pin.pin_ok"),
        "{problems:?}"
    );
    let mut problems = Vec::new();
    values_ok(
        "",
        &serde_json::json!({"at": "2026-12-01T00:00:00Z", "state": "Active"}),
        &mut problems,
    );
    assert_eq!(problems.len(), 2, "{problems:?}");
}

// ---- the families ------------------------------------------------------------------------

#[test]
fn registry_and_settings_commands_print_their_documented_fields() {
    let env = Env::new();
    let mut c = Checker::default();
    c.check(&env, "init", &["init"]);
    c.check(&env, "config list", &["config", "list"]);
    c.check(
        &env,
        "config set",
        &["config", "set", "package.personal_slots", "2"],
    );
    let copy = env.path("copy.db");
    c.check(
        &env,
        "registry copy",
        &[
            "registry",
            "copy",
            "--from",
            &env.db_arg(),
            "--to",
            copy.to_str().unwrap(),
        ],
    );
    c.checked_all(REGISTRY);
}

#[test]
fn person_and_enterprise_commands_print_their_documented_fields() {
    let env = Env::onboarded(false);
    let mut c = Checker::default();
    c.check(
        &env,
        "org authorize",
        &["org", "authorize", "--org", "1", "--method", "face"],
    );
    c.check(
        &env,
        "person add",
        &[
            "person",
            "add",
            "--name",
            "赵六",
            "--id-number",
            "110108197506200055",
        ],
    );
    c.check(&env, "person list", &["person", "list"]);
    let mut add = vec![
        "org",
        "add",
        "--name",
        "上海浦江有限公司",
        "--uscc",
        USCC_B,
        "--legal-rep",
        "赵六",
        "--legal-rep-id",
        "110108197506200055",
        "--admin",
        "陈明",
    ];
    c.check(&env, "org add", &add);
    add[3] = "上海浦江有限公司";
    c.check(&env, "org add", &add);
    c.check(&env, "org list", &["org", "list"]);
    c.check(
        &env,
        "org member add",
        &["org", "member", "add", "--org", "1", "--person", "4"],
    );
    c.check(
        &env,
        "org transfer-admin",
        &["org", "transfer-admin", "--org", "1", "--to", "李娜"],
    );
    c.check(
        &env,
        "org member remove",
        &["org", "member", "remove", "--org", "1", "--person", "4"],
    );
    c.check(&env, "org show", &["org", "show", "1"]);
    c.checked_all(PERSONS_AND_ORGS);
}

#[test]
fn package_and_slot_commands_print_their_documented_fields() {
    let env = Env::with_lina_certificate("CA", "sm2");
    let mut c = Checker::default();
    c.check(
        &env,
        "package buy",
        &["package", "buy", "--org", "1", "--years", "2"],
    );
    c.check(&env, "package pay", &["package", "pay", "--package", "2"]);
    c.check(&env, "package pay", &["package", "pay", "--package", "2"]);
    c.check(&env, "package list", &["package", "list"]);
    c.check(
        &env,
        "cert assign",
        &[
            "cert", "assign", "--slot", "3", "--owner", "王芳", "--holder", "王芳",
        ],
    );
    c.check(
        &env,
        "cert holder",
        &["cert", "holder", "--cert", "1", "--holder", "王芳"],
    );
    c.check(&env, "package show", &["package", "show", "1"]);
    c.checked_all(PACKAGES);
}

#[test]
fn certificate_commands_print_their_documented_fields() {
    let env = Env::with_lina_certificate("CA", "sm2");
    let pin = pin(&env);
    let mut c = Checker::default();
    env.ok(&[
        "cert", "assign", "--slot", "3", "--owner", "王芳", "--holder", "王芳",
    ]);
    c.check(
        &env,
        "cert issue",
        &["cert", "issue", "--slot", "3", "--pin-file", &pin],
    );
    env.ok(&[
        "cert", "assign", "--slot", "1", "--owner", "张伟", "--holder", "张伟",
    ]);
    std::fs::write(env.path("rows.csv"), "slot,pin_file\n1,pin\n").unwrap();
    let rows = s(&env.path("rows.csv"));
    c.check(
        &env,
        "cert issue (batch)",
        &["cert", "issue", "--batch", &rows],
    );
    c.check(&env, "cert list", &["cert", "list"]);
    c.check(&env, "cert show", &["cert", "show", "1"]);
    c.check(&env, "cert freeze", &["cert", "freeze", "--cert", "1"]);
    c.check(&env, "cert unfreeze", &["cert", "unfreeze", "--cert", "1"]);
    c.check(
        &env,
        "cert bind",
        &[
            "--as",
            "李娜",
            "cert",
            "bind",
            "--cert",
            "1",
            "--pin-file",
            &pin,
        ],
    );
    c.check(
        &env,
        "cert unbind",
        &[
            "--as",
            "李娜",
            "--as-pin-file",
            &pin,
            "cert",
            "unbind",
            "--cert",
            "1",
        ],
    );
    c.check(
        &env,
        "cert verify-pin",
        &["cert", "verify-pin", "--cert", "1", "--pin-file", &pin],
    );
    let pem = s(&env.path("c1.pem"));
    c.check(
        &env,
        "cert export",
        &["cert", "export", "--cert", "1", "--out", &pem],
    );
    c.check(
        &env,
        "cert reissue",
        &["cert", "reissue", "--cert", "1", "--new-pin-file", &pin],
    );
    c.check(
        &env,
        "cert revoke",
        &[
            "cert",
            "revoke",
            "--cert",
            "2",
            "--reason",
            "key-compromise",
        ],
    );
    // A PKCS#12 of another registry's CA, imported for 李娜.
    let other = Env::with_lina_certificate("Other CA", "sm2");
    write_secret(&other.path("pass"), "password1\n");
    let p12 = s(&env.path("other.p12"));
    other.ok(&[
        "cert",
        "export",
        "--cert",
        "1",
        "--format",
        "p12",
        "--pin-file",
        &s(&other.path("pin")),
        "--p12-password-file",
        &s(&other.path("pass")),
        "--out",
        &p12,
    ]);
    c.check(
        &env,
        "cert import",
        &[
            "cert",
            "import",
            &p12,
            "--password-file",
            &s(&other.path("pass")),
            "--pin-file",
            &pin,
            "--holder",
            "李娜",
            "--org",
            "1",
        ],
    );
    c.check(&env, "cert show (person)", &["cert", "show", "李娜"]);
    // Extension: less than three months left, and an unused slot.
    env.ok(&["package", "buy", "--org", "1"]);
    env.ok(&["package", "pay", "--package", "2"]);
    let later = (chrono::Utc::now() + chrono::Duration::days(300)).to_rfc3339();
    c.check_at(
        &env,
        &later,
        "cert extend",
        &[
            "cert",
            "extend",
            "--cert",
            "3",
            "--pin-file",
            &pin,
            "--keep-key",
        ],
    );
    c.checked_all(CERTIFICATES);
}

#[test]
fn ca_and_crl_commands_print_their_documented_fields() {
    let env = Env::with_lina_certificate("CA", "sm2");
    let mut c = Checker::default();
    c.check(
        &env,
        "ca init",
        &["ca", "init", "--name", "CA2", "--algo", "sm2"],
    );
    c.check(
        &env,
        "ca set",
        &[
            "ca",
            "set",
            "CA",
            "--crl-url",
            "http://pki.example.com/crl/ca.crl",
            "--crl-dir",
            &s(env.dir.path()),
        ],
    );
    env.ok(&["cert", "freeze", "--cert", "1"]);
    c.check(&env, "crl", &["crl", "--ca", "CA"]);
    c.check(&env, "crl issue", &["crl", "issue", "--ca", "CA"]);
    c.check(&env, "crl show", &["crl", "show", "--ca", "CA"]);
    c.check(&env, "ca list", &["ca", "list"]);
    c.check(&env, "ca show", &["ca", "show", "CA"]);
    let pem = s(&env.path("ca.pem"));
    c.check(&env, "ca export", &["ca", "export", "CA", "--out", &pem]);
    c.checked_all(CAS_AND_CRLS);
}

#[test]
fn history_commands_print_their_documented_fields() {
    let env = Env::onboarded(true);
    let mut c = Checker::default();
    c.check(&env, "log", &["log"]);
    c.check(&env, "log verify", &["log", "verify"]);
    c.checked_all(HISTORY);
}

#[test]
fn encrypt_and_decrypt_print_their_documented_fields() {
    let env = Env::with_lina_certificate("CA", "sm2");
    std::fs::write(env.path("bid.txt"), "bid").unwrap();
    let (plain, sealed, opened) = (
        s(&env.path("bid.txt")),
        s(&env.path("bid.p7m")),
        s(&env.path("bid.out")),
    );
    let mut c = Checker::default();
    c.check(&env, "encrypt", &["encrypt", "--to", "1", &plain, &sealed]);
    c.check(
        &env,
        "decrypt",
        &[
            "decrypt",
            "--cert",
            "1",
            "--pin-file",
            &pin(&env),
            &sealed,
            &opened,
        ],
    );
    c.checked_all(ENVELOPES);
}

#[test]
fn import_prints_its_documented_fields_with_and_without_dry_run() {
    let env = Env::new();
    env.ok(&["ca", "init", "--name", "CA", "--algo", "sm2"]);
    write_secret(&env.path("lina.pin"), "112233\n");
    let doc = serde_json::json!({
        "persons": [{"name": "张伟", "id_number": ID_ADMIN}, {"name": "李娜", "id_number": ID_MEMBER1}],
        "orgs": [{"name": "北京云签科技有限公司", "uscc": USCC_A, "legal_rep": "赵建国",
                  "legal_rep_id": ID_LEGAL_REP, "admin": ID_ADMIN, "authorize": "face"}],
        "memberships": [{"org": USCC_A, "person": ID_MEMBER1}],
        "packages": [{"org": USCC_A, "certificates": [{"kind": "personal", "owner": ID_MEMBER1, "pin_file": "lina.pin"}]}]
    });
    let path = s(&env.path("onboarding.json"));
    std::fs::write(&path, doc.to_string()).unwrap();
    let mut c = Checker::default();
    c.check(&env, "import", &["import", &path, "--dry-run"]);
    c.check(&env, "import", &["import", &path]);
    c.checked_all(IMPORT);
}
