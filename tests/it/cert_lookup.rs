//! Issue 14: support staff find anyone's certificate (`cert list --person/--serial`,
//! `cert show` by id, serial, fingerprint or person), follow a reissue chain both ways (and in
//! `log`), and reissue straight into a PKCS#12 (`cert reissue --p12`).

use crate::common;

use std::path::Path;
use std::process::Command;

use common::{Env, ID_MEMBER1, p, require_tool, write_secret};
use serde_json::Value;

/// 李娜's certificate 1 (slot 2, SM2), reissued twice: 1 → 2 → 3 (new PINs 222222, 333333).
fn reissued_twice() -> Env {
    let env = Env::with_lina_certificate("测试CA", "sm2");
    write_secret(&env.path("pin2"), "222222\n");
    write_secret(&env.path("pin3"), "333333\n");
    env.ok(&[
        "cert",
        "reissue",
        "--cert",
        "1",
        "--new-pin-file",
        &p(&env, "pin2"),
    ]);
    env.ok(&[
        "cert",
        "reissue",
        "--cert",
        "2",
        "--new-pin-file",
        &p(&env, "pin3"),
    ]);
    env
}

fn ids(rows: &Value) -> Vec<i64> {
    rows.as_array()
        .expect("a JSON array")
        .iter()
        .filter_map(|r| r["cert_id"].as_i64())
        .collect()
}

fn show(env: &Env, reference: &str) -> Value {
    env.json(&["cert", "show", reference])
}

/// `hex` as `aa:bb:cc…`, lower case.
fn colon_lower(hex: &str) -> String {
    hex.to_lowercase()
        .as_bytes()
        .chunks(2)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(":")
}

/// A certificate made by OpenSSL with serial 01 (an end-entity, RSA), imported for 王芳: its
/// serial `01` reads like certificate id 1.
fn import_serial_one(env: &Env) -> i64 {
    require_tool("openssl", "apt-get install openssl");
    let cnf = env.path("ee.cnf");
    std::fs::write(
        &cnf,
        "[req]\ndistinguished_name=dn\nprompt=no\n[dn]\nCN=Imported One\n\
         [ext]\nbasicConstraints=critical,CA:FALSE\nkeyUsage=digitalSignature\n",
    )
    .expect("write openssl config");
    let out = Command::new("openssl")
        .args(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout"])
        .arg(env.path("ee.key"))
        .arg("-out")
        .arg(env.path("ee.pem"))
        .arg("-config")
        .arg(&cnf)
        .args(["-extensions", "ext", "-set_serial", "1", "-days", "200"])
        .output()
        .expect("run openssl");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = env.json(&[
        "cert",
        "import",
        &p(env, "ee.pem"),
        "--key",
        &p(env, "ee.key"),
        "--pin-file",
        &p(env, "pin"),
        "--holder",
        "王芳",
    ]);
    v["id"].as_i64().expect("imported certificate id")
}

// ---- cert list --------------------------------------------------------------------------

#[test]
fn cert_list_person_finds_the_certificates_of_a_person_by_name_or_id_number() {
    let env = reissued_twice();
    assert_eq!(
        ids(&env.json(&["cert", "list", "--person", "李娜"])),
        [1, 2, 3]
    );
    assert_eq!(
        ids(&env.json(&["cert", "list", "--person", ID_MEMBER1])),
        [1, 2, 3]
    );
    assert!(ids(&env.json(&["cert", "list", "--person", "王芳"])).is_empty());
}

#[test]
fn cert_list_person_combines_with_org_and_status() {
    let env = reissued_twice();
    let rows = env.json(&[
        "cert", "list", "--person", "李娜", "--org", "1", "--status", "active",
    ]);
    assert_eq!(ids(&rows), [3]);
    let rows = env.json(&["cert", "list", "--person", "李娜", "--status", "superseded"]);
    assert_eq!(ids(&rows), [1, 2]);
}

#[test]
fn cert_list_person_includes_a_slot_assigned_to_them_and_waiting_for_import() {
    let env = Env::with_lina_certificate("测试CA", "sm2");
    env.ok(&[
        "cert", "assign", "--slot", "3", "--owner", "王芳", "--holder", "王芳",
    ]);
    let rows = env.json(&["cert", "list", "--person", "王芳"]);
    let rows = rows.as_array().expect("array");
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0]["slot_id"], 3);
    assert_eq!(rows[0]["state"], "pending");
}

#[test]
fn cert_list_serial_matches_in_any_case_with_or_without_colons() {
    let env = reissued_twice();
    let serial = show(&env, "2")["serial"]
        .as_str()
        .expect("serial")
        .to_string();
    for typed in [serial.clone(), serial.to_lowercase(), colon_lower(&serial)] {
        assert_eq!(
            ids(&env.json(&["cert", "list", "--serial", &typed])),
            [2],
            "{typed}"
        );
    }
}

#[test]
fn cert_list_refuses_a_serial_that_is_not_hex() {
    let env = reissued_twice();
    let err = env.fails(5, &["cert", "list", "--serial", "12G4"]);
    assert!(err.contains("--serial") && err.contains("hex"), "{err}");
}

#[test]
fn cert_list_json_shows_the_reissue_chain_both_ways() {
    let env = reissued_twice();
    let rows = env.json(&["cert", "list"]);
    let by_id = |id: i64| {
        rows.as_array()
            .expect("array")
            .iter()
            .find(|r| r["cert_id"] == id)
            .cloned()
            .expect("row")
    };
    assert_eq!(by_id(1)["replaces"], Value::Null);
    assert_eq!(by_id(1)["replaced_by"], 2);
    assert_eq!(by_id(2)["replaces"], 1);
    assert_eq!(by_id(2)["replaced_by"], 3);
    assert_eq!(by_id(3)["replaces"], 2);
    assert_eq!(by_id(3)["replaced_by"], Value::Null);
}

// ---- cert show --------------------------------------------------------------------------

#[test]
fn cert_show_shows_the_reissue_chain_both_ways_in_json() {
    let env = reissued_twice();
    let (one, two, three) = (show(&env, "1"), show(&env, "2"), show(&env, "3"));
    assert_eq!(one["replaces"], Value::Null);
    assert_eq!(one["replaced_by"], 2);
    assert_eq!(two["replaces"], 1);
    assert_eq!(two["replaced_by"], 3);
    assert_eq!(three["replaces"], 2);
    assert_eq!(three["replaced_by"], Value::Null);
}

#[test]
fn cert_show_shows_the_reissue_chain_both_ways_in_text() {
    let env = reissued_twice();
    let text = env.ok(&["cert", "show", "2"]);
    let line = |field: &str| {
        text.lines()
            .find(|l| l.starts_with(&format!("{field}:")))
            .unwrap_or_else(|| panic!("no {field} line in:\n{text}"))
            .split_once(':')
            .map(|(_, v)| v.trim().to_string())
            .unwrap_or_default()
    };
    assert_eq!(line("replaces"), "1");
    assert_eq!(line("replaced by"), "3");
}

#[test]
fn cert_show_accepts_a_serial_in_any_case_with_or_without_colons() {
    let env = reissued_twice();
    let serial = show(&env, "2")["serial"]
        .as_str()
        .expect("serial")
        .to_string();
    for typed in [serial.clone(), serial.to_lowercase(), colon_lower(&serial)] {
        assert_eq!(show(&env, &typed)["id"], 2, "{typed}");
    }
}

#[test]
fn cert_show_accepts_a_sha256_fingerprint_with_or_without_colons() {
    let env = reissued_twice();
    let fp = show(&env, "3")["sha256_fingerprint"]
        .as_str()
        .expect("fingerprint")
        .to_string();
    assert_eq!(show(&env, &fp)["id"], 3);
    assert_eq!(show(&env, &fp.replace(':', "").to_lowercase())["id"], 3);
}

#[test]
fn cert_show_of_a_person_with_one_certificate_shows_it() {
    let env = Env::with_lina_certificate("测试CA", "sm2");
    assert_eq!(show(&env, "李娜")["id"], 1);
    assert_eq!(show(&env, ID_MEMBER1)["id"], 1);
}

#[test]
fn cert_show_of_a_person_with_several_certificates_lists_them() {
    let env = reissued_twice();
    let listed = show(&env, "李娜");
    assert_eq!(listed["person"]["name"], "李娜");
    assert_eq!(ids(&listed["certificates"]), [1, 2, 3]);
    let text = env.ok(&["cert", "show", "李娜"]);
    assert!(text.contains("3 certificates"), "{text}");
    assert!(text.contains("active (生效中)"), "{text}");
}

#[test]
fn cert_show_of_an_unknown_name_says_what_a_reference_can_be() {
    let env = reissued_twice();
    let err = env.fails(3, &["cert", "show", "刘洋"]);
    assert!(!err.contains("invalid digit"), "{err}");
    assert!(err.contains("刘洋") && err.contains("serial"), "{err}");
}

#[test]
fn cert_show_of_an_ambiguous_reference_names_the_candidates_with_holder_and_state() {
    let env = Env::with_lina_certificate("测试CA", "sm2");
    let imported = import_serial_one(&env);
    // "1" is certificate 1 and also the serial 01 of the imported one.
    let err = env.fails(2, &["cert", "show", "1"]);
    assert!(err.contains("ambiguous"), "{err}");
    assert!(
        err.contains("certificate 1 ") && err.contains("李娜"),
        "{err}"
    );
    assert!(
        err.contains(&format!("certificate {imported} ")) && err.contains("王芳"),
        "{err}"
    );
    assert!(err.contains("生效中") || err.contains("即将过期"), "{err}");
    assert!(err.contains("id:"), "{err}");
}

#[test]
fn cert_show_prefix_reads_a_reference_one_way_only() {
    let env = Env::with_lina_certificate("测试CA", "sm2");
    let imported = import_serial_one(&env);
    assert_eq!(show(&env, "id:1")["id"], 1);
    assert_eq!(show(&env, "serial:01")["id"], imported);
}

// ---- log --------------------------------------------------------------------------------

fn actions(events: &Value) -> Vec<(String, Option<i64>)> {
    events
        .as_array()
        .expect("array")
        .iter()
        .map(|e| {
            (
                e["action"].as_str().unwrap_or_default().to_string(),
                e["cert_id"].as_i64(),
            )
        })
        .collect()
}

#[test]
fn log_cert_includes_the_whole_reissue_chain() {
    let env = reissued_twice();
    let expected = vec![
        ("cert.issue".to_string(), Some(1)),
        ("cert.reissue".to_string(), Some(2)),
        ("cert.reissue".to_string(), Some(3)),
    ];
    for cert in ["1", "2", "3"] {
        assert_eq!(
            actions(&env.json(&["log", "--cert", cert])),
            expected,
            "log --cert {cert}"
        );
    }
}

#[test]
fn log_cert_of_an_unknown_certificate_is_not_found() {
    let env = reissued_twice();
    env.fails(3, &["log", "--cert", "99"]);
}

#[test]
fn log_person_includes_every_event_about_their_certificates() {
    let env = reissued_twice();
    env.ok(&[
        "cert",
        "revoke",
        "--cert",
        "3",
        "--reason",
        "key-compromise",
    ]);
    // Issue, reissues and revocation were done by the operator and name no person.
    let events = actions(&env.json(&["log", "--person", "李娜"]));
    for wanted in [
        ("cert.assign", None),
        ("cert.issue", Some(1)),
        ("cert.reissue", Some(2)),
        ("cert.reissue", Some(3)),
        ("cert.revoke", Some(3)),
    ] {
        assert!(
            events.contains(&(wanted.0.to_string(), wanted.1)),
            "{wanted:?} missing from {events:?}"
        );
    }
    // 王芳's history has none of it.
    let others = actions(&env.json(&["log", "--person", "王芳"]));
    assert!(
        others.iter().all(|(a, _)| !a.starts_with("cert.")),
        "{others:?}"
    );
}

// ---- cert reissue --p12 -----------------------------------------------------------------

/// `openssl pkcs12 -info -nokeys` of `file` with the password in `password_file`; stdout and
/// stderr (openssl reports there).
fn p12_info(file: &Path, password_file: &Path) -> String {
    require_tool("openssl", "apt-get install openssl");
    let out = Command::new("openssl")
        .args(["pkcs12", "-info", "-nokeys", "-in"])
        .arg(file)
        .arg("-passin")
        .arg(format!("file:{}", password_file.display()))
        .output()
        .expect("run openssl");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "openssl pkcs12 failed:\n{text}");
    text
}

#[test]
fn cert_reissue_p12_writes_the_new_certificate_with_its_own_password() {
    let env = Env::with_lina_certificate("测试CA", "sm2");
    write_secret(&env.path("pin2"), "222222\n");
    write_secret(&env.path("p12.pass"), "correct horse battery\n");
    let out = env.path("new.p12");
    let v = env.json(&[
        "cert",
        "reissue",
        "--cert",
        "1",
        "--new-pin-file",
        &p(&env, "pin2"),
        "--p12",
        &p(&env, "new.p12"),
        "--p12-password-file",
        &p(&env, "p12.pass"),
    ]);
    assert_eq!(v["id"], 2);
    let info = p12_info(&out, &env.path("p12.pass"));
    assert!(info.contains("MAC: sha256"), "{info}");
    assert!(info.contains("AES-256-CBC"), "{info}");
    // The PKCS#12 holds the new certificate, not the old one.
    let body = |pem: &str| -> String {
        pem.lines()
            .filter(|l| !l.starts_with("-----"))
            .collect::<String>()
    };
    let new_pem = env.ok(&["cert", "export", "--cert", "2"]);
    let old_pem = env.ok(&["cert", "export", "--cert", "1"]);
    let in_p12 = info.lines().map(str::trim).collect::<String>();
    assert!(in_p12.contains(&body(&new_pem)), "{info}");
    assert!(!in_p12.contains(&body(&old_pem)), "{info}");
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(&out).expect("p12").permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
}

#[test]
fn cert_reissue_p12_legacy_protected_by_the_new_pin_opens_and_warns() {
    let env = Env::with_lina_certificate("测试CA", "sm2");
    write_secret(&env.path("pin2"), "222222\n");
    let out = env.run(&[
        "cert",
        "reissue",
        "--cert",
        "1",
        "--new-pin-file",
        &p(&env, "pin2"),
        "--p12",
        &p(&env, "legacy.p12"),
        "--p12-profile",
        "legacy",
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("WARNING") && stderr.contains("PIN only"),
        "{stderr}"
    );
    let info = p12_info(&env.path("legacy.p12"), &env.path("pin2"));
    assert!(info.contains("MAC: sha1"), "{info}");
}

#[test]
fn cert_reissue_p12_refuses_an_existing_output_and_reissues_nothing() {
    let env = Env::with_lina_certificate("测试CA", "sm2");
    write_secret(&env.path("pin2"), "222222\n");
    std::fs::write(env.path("taken.p12"), b"keep me").expect("write");
    let args = [
        "cert",
        "reissue",
        "--cert",
        "1",
        "--new-pin-file",
        &p(&env, "pin2"),
        "--p12",
        &p(&env, "taken.p12"),
    ];
    let err = env.fails(5, &args);
    assert!(err.contains("--force"), "{err}");
    assert_eq!(
        std::fs::read(env.path("taken.p12")).expect("read"),
        b"keep me"
    );
    assert_eq!(show(&env, "1")["replaced_by"], Value::Null);
    // With --force it is replaced.
    let mut forced = args.to_vec();
    forced.push("--force");
    env.ok(&forced);
    p12_info(&env.path("taken.p12"), &env.path("pin2"));
    assert_eq!(show(&env, "1")["replaced_by"], 2);
}

#[test]
fn cert_reissue_p12_never_writes_over_the_new_pin_file_even_with_force() {
    let env = Env::with_lina_certificate("测试CA", "sm2");
    write_secret(&env.path("pin2"), "222222\n");
    let err = env.fails(
        5,
        &[
            "cert",
            "reissue",
            "--cert",
            "1",
            "--new-pin-file",
            &p(&env, "pin2"),
            "--p12",
            &p(&env, "pin2"),
            "--force",
        ],
    );
    assert!(err.contains("--new-pin-file"), "{err}");
    assert_eq!(
        std::fs::read_to_string(env.path("pin2")).expect("read"),
        "222222\n"
    );
    assert_eq!(show(&env, "1")["replaced_by"], Value::Null);
}

#[test]
fn cert_reissue_p12_password_file_without_p12_is_a_usage_error() {
    let env = Env::with_lina_certificate("测试CA", "sm2");
    write_secret(&env.path("pin2"), "222222\n");
    write_secret(&env.path("p12.pass"), "correct horse battery\n");
    let err = env.fails(
        2,
        &[
            "cert",
            "reissue",
            "--cert",
            "1",
            "--new-pin-file",
            &p(&env, "pin2"),
            "--p12-password-file",
            &p(&env, "p12.pass"),
        ],
    );
    assert!(err.contains("--p12"), "{err}");
}
