//! The certificate lifecycle rules (D4–D13), driven through the real binary.

use crate::common;
use common::*;

/// An onboarded registry with an SM2 CA and a paid reference package (slot 1 enterprise,
/// slots 2 and 3 personal), and PIN files `pin` (123456) and `pin2` (654321).
fn with_ca(algo: &str) -> Env {
    let env = Env::onboarded(true);
    env.ok(&["ca", "init", "--name", "测试CA", "--algo", algo]);
    env.ok(&["package", "buy", "--org", "1"]);
    env.ok(&["package", "pay", "--package", "1"]);
    std::fs::write(env.path("pin"), "123456\n").unwrap();
    std::fs::write(env.path("pin2"), "654321\n").unwrap();
    std::fs::write(env.path("bad"), "000000\n").unwrap();
    env
}

/// Assigns slot 2 to 李娜 and issues it with PIN 123456; returns the certificate id.
fn issued(env: &Env) -> i64 {
    env.ok(&[
        "cert", "assign", "--slot", "2", "--owner", "李娜", "--holder", "李娜",
    ]);
    let c = env.json(&["cert", "issue", "--slot", "2", "--pin-file", &p(env, "pin")]);
    c["id"].as_i64().unwrap()
}

fn cert(env: &Env, id: i64) -> serde_json::Value {
    env.json(&["cert", "show", &id.to_string()])
}

#[test]
fn issuing_makes_an_active_certificate_valid_one_year_from_now() {
    let env = with_ca("sm2");
    let id = issued(&env);
    let c = cert(&env, id);
    assert_eq!(c["state"], "active");
    assert_eq!(c["owner"]["name"], "李娜");
    assert!((364..=365).contains(&c["days_left"].as_i64().unwrap()));
    assert!(c["subject_dn"].as_str().unwrap().contains("CN=李娜"));
    let slots = env.json(&["package", "show", "1"])["slots"].clone();
    assert_eq!(
        slots
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["id"] == 2)
            .unwrap()["state"],
        "used"
    );
}

#[test]
fn malformed_pins_are_refused_and_nothing_is_issued() {
    let env = with_ca("sm2");
    env.ok(&[
        "cert", "assign", "--slot", "2", "--owner", "2", "--holder", "2",
    ]);
    for bad in ["12345\n", "1234567\n", "12a456\n", "", "123 456\n"] {
        std::fs::write(env.path("badpin"), bad).unwrap();
        let err = env.fails(
            5,
            &[
                "cert",
                "issue",
                "--slot",
                "2",
                "--pin-file",
                &p(&env, "badpin"),
            ],
        );
        assert!(err.contains("exactly 6 digits"), "{bad:?}: {err}");
    }
    assert!(
        env.json(&["cert", "list", "--status", "active"])
            .as_array()
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        env.json(&["cert", "list", "--status", "pending"])
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn a_pin_is_never_taken_from_the_command_line() {
    let env = with_ca("sm2");
    env.fails(2, &["cert", "issue", "--slot", "2", "--pin", "123456"]);
}

#[test]
fn a_pin_can_come_from_stdin_or_the_environment() {
    let env = with_ca("sm2");
    env.ok(&[
        "cert", "assign", "--slot", "2", "--owner", "2", "--holder", "2",
    ]);
    env.ok(&[
        "cert", "assign", "--slot", "3", "--owner", "3", "--holder", "3",
    ]);
    use std::io::Write;
    let mut child = env
        .cmd()
        .args(["cert", "issue", "--slot", "2", "--pin-file", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(b"123456\n").unwrap();
    assert!(child.wait_with_output().unwrap().status.success());
    let out = env
        .cmd()
        .env("CATOOL_PIN", "123456")
        .args(["cert", "issue", "--slot", "3"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A CA name already taken is refused before a key is made: nothing says it is being
/// generated (it was, then refused).
#[test]
fn a_taken_ca_name_is_refused_before_its_key_is_generated() {
    let env = with_ca("rsa2048");
    let name = env.json(&["ca", "list"])[0]["name"]
        .as_str()
        .unwrap()
        .to_string();
    let out = env
        .cmd()
        .args(["ca", "init", "--name", &name, "--algo", "rsa2048"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(4), "{err}");
    assert!(!err.contains("generating"), "{err}");
    assert!(err.contains(&name), "{err}");
    assert_eq!(env.json(&["ca", "list"]).as_array().unwrap().len(), 1);
}

/// An export to a file says where it went, as every command that writes one does (it
/// printed nothing); to stdout, the bytes alone are printed.
#[test]
fn an_export_to_a_file_names_it_and_one_to_stdout_prints_only_the_certificate() {
    let env = with_ca("rsa2048");
    let id = issued(&env).to_string();
    let file = p(&env, "c.pem");
    let said = env.ok(&["cert", "export", "--cert", &id, "--out", &file]);
    assert!(
        said.contains("PEM written to") && said.contains("c.pem"),
        "{said}"
    );
    let pem = env.ok(&["cert", "export", "--cert", &id]);
    assert!(pem.starts_with("-----BEGIN CERTIFICATE-----"), "{pem}");
    assert_eq!(pem, std::fs::read_to_string(&file).unwrap());
}

/// The next step an assignment suggests runs as given: with one CA it needs no --ca,
/// with several `cert issue` refuses to guess, so the suggestion names --ca.
#[test]
fn the_next_step_after_an_assignment_names_the_ca_when_there_are_several() {
    let env = with_ca("rsa2048");
    let said = env.ok(&[
        "cert", "assign", "--slot", "2", "--owner", "李娜", "--holder", "李娜",
    ]);
    assert!(
        said.contains("cert issue --slot 2 --pin-file FILE"),
        "{said}"
    );
    env.ok(&["ca", "init", "--name", "第二CA", "--algo", "sm2"]);
    let said = env.ok(&[
        "cert", "assign", "--slot", "3", "--owner", "王芳", "--holder", "王芳",
    ]);
    assert!(
        said.contains("cert issue --slot 3 --ca CA --pin-file FILE"),
        "{said}"
    );
}

#[test]
fn an_unassigned_slot_cannot_be_issued() {
    let env = with_ca("sm2");
    let err = env.fails(
        4,
        &[
            "cert",
            "issue",
            "--slot",
            "2",
            "--pin-file",
            &p(&env, "pin"),
        ],
    );
    assert!(err.contains("暂未分配"), "{err}");
}

#[test]
fn an_issued_slot_cannot_be_issued_again() {
    let env = with_ca("sm2");
    issued(&env);
    let err = env.fails(
        4,
        &[
            "cert",
            "issue",
            "--slot",
            "2",
            "--pin-file",
            &p(&env, "pin"),
        ],
    );
    assert!(err.contains("already imported"), "{err}");
}

#[test]
fn an_owner_can_be_set_only_once() {
    let env = with_ca("sm2");
    env.ok(&[
        "cert", "assign", "--slot", "2", "--owner", "李娜", "--holder", "李娜",
    ]);
    let err = env.fails(
        4,
        &[
            "cert", "assign", "--slot", "2", "--owner", "王芳", "--holder", "王芳",
        ],
    );
    assert!(err.contains("无法修改所属人"), "{err}");
    // The schema refuses it too, whatever tool writes.
    let out = std::process::Command::new("sqlite3")
        .arg(&env.db)
        .arg("UPDATE slots SET owner_person_id = 3 WHERE id = 2;")
        .output()
        .unwrap();
    assert!(!out.status.success());
}

#[test]
fn only_members_can_own_or_hold_a_certificate() {
    let env = with_ca("sm2");
    let err = env.fails(
        4,
        &[
            "cert", "assign", "--slot", "2", "--owner", "陈明", "--holder", "陈明",
        ],
    );
    assert!(err.contains("not a member"), "{err}");
}

/// D5: the administrator changes a holder, but a personal certificate goes to someone other
/// than its owner only with the owner's consent (the owner acting, or the operator).
#[test]
fn the_holder_is_changed_by_the_administrator_or_with_the_owners_consent() {
    let env = with_ca("sm2");
    let id = issued(&env).to_string();
    let (_, admin_pin) = env.certify("张伟", "1");
    let pin = p(&env, "pin");
    let holder = |who: &str, pin: &str, to: &str| {
        vec![
            "--as".to_string(),
            who.to_string(),
            "--as-pin-file".to_string(),
            pin.to_string(),
            "cert".to_string(),
            "holder".to_string(),
            "--cert".to_string(),
            id.clone(),
            "--holder".to_string(),
            to.to_string(),
        ]
    };
    env.fails(4, &strs(&holder("张伟", &admin_pin, "王芳")));
    let c = env.json(&strs(&holder("李娜", &pin, "王芳")));
    assert_eq!(c["holder"]["name"], "王芳");
    assert_eq!(c["owner"]["name"], "李娜");
    let c = env.json(&strs(&holder("张伟", &admin_pin, "李娜")));
    assert_eq!(c["holder"]["name"], "李娜");
}

#[test]
fn five_wrong_pins_in_a_row_lock_the_certificate() {
    let env = with_ca("sm2");
    let id = issued(&env).to_string();
    for n in 1..=4 {
        let err = env.fails(
            4,
            &[
                "cert",
                "verify-pin",
                "--cert",
                &id,
                "--pin-file",
                &p(&env, "bad"),
            ],
        );
        assert!(err.contains(&format!("{n} of 5")), "{err}");
    }
    let err = env.fails(
        4,
        &[
            "cert",
            "verify-pin",
            "--cert",
            &id,
            "--pin-file",
            &p(&env, "bad"),
        ],
    );
    assert!(err.contains("now locked"), "{err}");
    // Even the right PIN is refused now.
    let err = env.fails(
        4,
        &[
            "cert",
            "verify-pin",
            "--cert",
            &id,
            "--pin-file",
            &p(&env, "pin"),
        ],
    );
    assert!(err.contains("已锁定"), "{err}");
    assert_eq!(cert(&env, id.parse().unwrap())["state"], "locked");
    // Every wrong PIN is in the history.
    assert_eq!(
        env.json(&["log", "--cert", &id, "--action", "cert.pin"])
            .as_array()
            .unwrap()
            .len(),
        5
    );
}

#[test]
fn a_correct_pin_resets_the_wrong_pin_count() {
    let env = with_ca("sm2");
    let id = issued(&env).to_string();
    for _ in 0..4 {
        env.fails(
            4,
            &[
                "cert",
                "verify-pin",
                "--cert",
                &id,
                "--pin-file",
                &p(&env, "bad"),
            ],
        );
    }
    env.ok(&[
        "cert",
        "verify-pin",
        "--cert",
        &id,
        "--pin-file",
        &p(&env, "pin"),
    ]);
    assert_eq!(cert(&env, id.parse().unwrap())["wrong_pins"], 0);
    let err = env.fails(
        4,
        &[
            "cert",
            "verify-pin",
            "--cert",
            &id,
            "--pin-file",
            &p(&env, "bad"),
        ],
    );
    assert!(err.contains("1 of 5"), "{err}");
}

#[test]
fn reissue_replaces_key_and_pin_keeps_the_end_date_and_unlocks() {
    let env = with_ca("rsa2048");
    let old = issued(&env);
    for _ in 0..5 {
        env.fails(
            4,
            &[
                "cert",
                "verify-pin",
                "--cert",
                &old.to_string(),
                "--pin-file",
                &p(&env, "bad"),
            ],
        );
    }
    let new = env.json(&[
        "cert",
        "reissue",
        "--cert",
        &old.to_string(),
        "--new-pin-file",
        &p(&env, "pin2"),
    ]);
    let new_id = new["id"].as_i64().unwrap();
    let old_cert = cert(&env, old);
    assert_eq!(old_cert["status"], "superseded");
    assert_eq!(old_cert["revoke_reason"], "superseded");
    assert_eq!(new["not_after"], old_cert["not_after"]);
    assert_ne!(new["serial"], old_cert["serial"]);
    assert_eq!(new["replaces_cert_id"], old);
    assert_eq!(new["state"], "active");
    env.ok(&[
        "cert",
        "verify-pin",
        "--cert",
        &new_id.to_string(),
        "--pin-file",
        &p(&env, "pin2"),
    ]);
    env.fails(
        4,
        &[
            "cert",
            "verify-pin",
            "--cert",
            &new_id.to_string(),
            "--pin-file",
            &p(&env, "pin"),
        ],
    );
}

/// Support staff type the locked certificate's hint as it is, and `--pin-file` as every
/// other command names its PIN file: both reissue (the hint once left out the new PIN's
/// flag, and `--pin-file` was answered with "did you mean --as-pin-file?").
#[test]
fn a_locked_certificate_is_reissued_as_its_hint_says_or_with_pin_file() {
    let env = with_ca("rsa2048");
    let old = issued(&env);
    let mut err = String::new();
    for _ in 0..5 {
        err = env.fails(
            4,
            &[
                "cert",
                "verify-pin",
                "--cert",
                &old.to_string(),
                "--pin-file",
                &p(&env, "bad"),
            ],
        );
    }
    let hint = format!("catool cert reissue --cert {old} --new-pin-file FILE");
    assert!(err.contains(&hint), "{err}");
    let new = env.json(&[
        "cert",
        "reissue",
        "--cert",
        &old.to_string(),
        "--pin-file",
        &p(&env, "pin2"),
    ]);
    let new_id = new["id"].as_i64().unwrap().to_string();
    env.ok(&[
        "cert",
        "verify-pin",
        "--cert",
        &new_id,
        "--pin-file",
        &p(&env, "pin2"),
    ]);
}

#[test]
fn a_superseded_certificate_cannot_be_reissued_again() {
    let env = with_ca("sm2");
    let old = issued(&env).to_string();
    env.ok(&[
        "cert",
        "reissue",
        "--cert",
        &old,
        "--new-pin-file",
        &p(&env, "pin2"),
    ]);
    let err = env.fails(
        4,
        &[
            "cert",
            "reissue",
            "--cert",
            &old,
            "--new-pin-file",
            &p(&env, "pin2"),
        ],
    );
    assert!(err.contains("已替换"), "{err}");
}

#[test]
fn extension_is_refused_with_more_than_three_months_left() {
    let env = with_ca("sm2");
    let id = issued(&env).to_string();
    let err = env.fails(
        4,
        &[
            "cert",
            "extend",
            "--cert",
            &id,
            "--pin-file",
            &p(&env, "pin"),
            "--yes",
        ],
    );
    assert!(err.contains("无法延期"), "{err}");
    assert!(
        err.contains("364 days") || err.contains("365 days"),
        "{err}"
    );
}

fn ten_months_later(env: &Env, args: &[&str]) -> std::process::Output {
    let later = (chrono::Utc::now() + chrono::Duration::days(300)).to_rfc3339();
    env.cmd()
        .env("CATOOL_NOW", later)
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn extension_without_an_unused_slot_says_to_buy_a_package_and_then_works() {
    let env = with_ca("sm2");
    let id = issued(&env).to_string();
    env.ok(&[
        "cert", "assign", "--slot", "3", "--owner", "王芳", "--holder", "王芳",
    ]);
    env.ok(&[
        "cert",
        "issue",
        "--slot",
        "3",
        "--pin-file",
        &p(&env, "pin"),
    ]);
    let args = [
        "cert",
        "extend",
        "--cert",
        &id,
        "--pin-file",
        &p(&env, "pin"),
        "--keep-key",
    ];
    let out = ten_months_later(&env, &args);
    assert_eq!(out.status.code(), Some(4));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("没有未激活使用的证书"), "{err}");
    assert!(err.contains("package"), "{err}");
    env.ok(&["package", "buy", "--org", "1"]);
    env.ok(&["package", "pay", "--package", "2"]);
    let out = ten_months_later(
        &env,
        &[
            "--json",
            "cert",
            "extend",
            "--cert",
            &id,
            "--pin-file",
            &p(&env, "pin"),
            "--keep-key",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let new: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let old = cert(&env, id.parse().unwrap());
    let old_end = chrono::DateTime::parse_from_rfc3339(old["not_after"].as_str().unwrap()).unwrap();
    let new_end = chrono::DateTime::parse_from_rfc3339(new["not_after"].as_str().unwrap()).unwrap();
    assert!(
        (365..=366).contains(&(new_end - old_end).num_days()),
        "{old_end} -> {new_end}"
    );
    assert_eq!(old["status"], "superseded");
}

#[test]
fn extension_with_a_new_key_needs_confirmation() {
    let env = with_ca("sm2");
    let id = issued(&env).to_string();
    let out = ten_months_later(
        &env,
        &[
            "cert",
            "extend",
            "--cert",
            &id,
            "--pin-file",
            &p(&env, "pin"),
        ],
    );
    assert_eq!(out.status.code(), Some(4));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("延期后将无法对已经制作的加密标书进行解密"),
        "{err}"
    );
    assert!(err.contains("--keep-key"), "{err}");
    let out = ten_months_later(
        &env,
        &[
            "cert",
            "extend",
            "--cert",
            &id,
            "--pin-file",
            &p(&env, "pin"),
            "--yes",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_revoked_certificate_cannot_be_used() {
    let env = with_ca("sm2");
    let id = issued(&env).to_string();
    env.ok(&[
        "cert",
        "revoke",
        "--cert",
        &id,
        "--reason",
        "key-compromise",
    ]);
    assert_eq!(cert(&env, id.parse().unwrap())["state"], "revoked");
    let err = env.fails(
        4,
        &[
            "cert",
            "bind",
            "--cert",
            &id,
            "--to",
            "李娜",
            "--pin-file",
            &p(&env, "pin"),
        ],
    );
    assert!(err.contains("revoked"), "{err}");
    env.fails(
        4,
        &["cert", "revoke", "--cert", &id, "--reason", "unspecified"],
    );
}

#[test]
fn a_frozen_certificate_is_refused_until_unfrozen() {
    let env = with_ca("sm2");
    let id = issued(&env).to_string();
    env.ok(&["cert", "freeze", "--cert", &id]);
    // Her only certificate frozen, 李娜 cannot prove who she is: the operator tries.
    let err = env.fails(
        4,
        &[
            "cert",
            "bind",
            "--cert",
            &id,
            "--to",
            "李娜",
            "--pin-file",
            &p(&env, "pin"),
        ],
    );
    assert!(err.contains("已冻结"), "{err}");
    env.ok(&["cert", "unfreeze", "--cert", &id]);
    env.ok(&[
        "--as",
        "李娜",
        "cert",
        "bind",
        "--cert",
        &id,
        "--pin-file",
        &p(&env, "pin"),
    ]);
}

#[test]
fn a_member_binds_only_to_themselves_and_the_administrator_to_anyone() {
    let env = with_ca("sm2");
    let id = issued(&env).to_string();
    let (fang_cert, fang_pin) = env.certify("王芳", "1");
    let fang_cert = fang_cert.to_string();
    let (_, admin_pin) = env.certify("张伟", "1");
    let err = env.fails(
        4,
        &[
            "--as",
            "王芳",
            "--as-pin-file",
            &fang_pin,
            "cert",
            "bind",
            "--cert",
            &id,
            "--to",
            "王芳",
            "--pin-file",
            &p(&env, "pin"),
        ],
    );
    assert!(err.contains("administrator"), "{err}");
    let c = env.json(&[
        "--as",
        "张伟",
        "--as-pin-file",
        &admin_pin,
        "cert",
        "bind",
        "--cert",
        &id,
        "--to",
        "王芳",
        "--pin-file",
        &p(&env, "pin"),
    ]);
    assert_eq!(c["bound"]["name"], "王芳");
    env.fails(
        4,
        &[
            "--as",
            "李娜",
            "cert",
            "bind",
            "--cert",
            &id,
            "--pin-file",
            &p(&env, "pin"),
        ],
    );
    // The bound account may unbind, which frees the certificate for its holder.
    // She now has two usable certificates (hers, and the one bound to her): she names one.
    env.ok(&[
        "--as",
        "王芳",
        "--as-pin-file",
        &fang_pin,
        "--as-cert",
        &fang_cert,
        "cert",
        "unbind",
        "--cert",
        &id,
    ]);
    let c = env.json(&[
        "--as",
        "李娜",
        "cert",
        "bind",
        "--cert",
        &id,
        "--pin-file",
        &p(&env, "pin"),
    ]);
    assert_eq!(c["bound"]["name"], "李娜");
}

#[test]
fn binding_asks_for_the_pin_and_counts_wrong_ones() {
    let env = with_ca("sm2");
    let id = issued(&env).to_string();
    env.fails(
        4,
        &[
            "--as",
            "李娜",
            "cert",
            "bind",
            "--cert",
            &id,
            "--pin-file",
            &p(&env, "bad"),
        ],
    );
    assert_eq!(cert(&env, id.parse().unwrap())["wrong_pins"], 1);
}

#[test]
fn listing_filters_by_state_and_expiry() {
    let env = with_ca("sm2");
    issued(&env);
    env.ok(&[
        "cert", "assign", "--slot", "3", "--owner", "王芳", "--holder", "王芳",
    ]);
    let all = env.json(&["cert", "list"]);
    assert_eq!(all.as_array().unwrap().len(), 2);
    assert_eq!(
        env.json(&["cert", "list", "--status", "pending"])[0]["label"],
        "pending (待导入)"
    );
    assert!(
        env.json(&["cert", "list", "--expiring", "90d"])
            .as_array()
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        env.json(&["cert", "list", "--expiring", "400d"])
            .as_array()
            .unwrap()
            .len(),
        1
    );
    env.fails(5, &["cert", "list", "--expiring", "soon"]);
}

#[test]
fn a_pkcs12_and_the_master_key_are_private_files() {
    use std::os::unix::fs::PermissionsExt;
    let env = with_ca("sm2");
    env.ok(&[
        "cert", "assign", "--slot", "2", "--owner", "2", "--holder", "2",
    ]);
    env.ok(&[
        "cert",
        "issue",
        "--slot",
        "2",
        "--pin-file",
        &p(&env, "pin"),
        "--p12",
        &p(&env, "a.p12"),
    ]);
    // On PostgreSQL there is no registry file; the master key file is still beside its name.
    let files: &[&str] = if crate::common::on_postgres() {
        &["a.p12", "registry.db.key"]
    } else {
        &["a.p12", "registry.db.key", "registry.db"]
    };
    for f in files {
        let mode = std::fs::metadata(env.path(f)).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{f}");
    }
}

#[test]
fn a_missing_or_foreign_master_key_is_a_clear_error() {
    let env = with_ca("sm2");
    let id = issued(&env).to_string();
    std::fs::rename(env.path("registry.db.key"), env.path("moved.key")).unwrap();
    let err = env.fails(
        6,
        &[
            "cert",
            "verify-pin",
            "--cert",
            &id,
            "--pin-file",
            &p(&env, "pin"),
        ],
    );
    assert!(
        err.contains("master key file") && err.contains("missing"),
        "{err}"
    );
    let other = Env::new();
    other.ok(&["ca", "init", "--name", "x", "--algo", "sm2"]);
    let err = env.fails(
        6,
        &[
            "--master-key",
            &other.path("registry.db.key").to_string_lossy(),
            "cert",
            "verify-pin",
            "--cert",
            &id,
            "--pin-file",
            &p(&env, "pin"),
        ],
    );
    assert!(err.contains("does not belong"), "{err}");
    env.ok(&[
        "--master-key",
        &p(&env, "moved.key"),
        "cert",
        "verify-pin",
        "--cert",
        &id,
        "--pin-file",
        &p(&env, "pin"),
    ]);
}

#[test]
fn batch_issue_reports_each_row_and_continues_after_a_failure() {
    let env = with_ca("sm2");
    env.ok(&[
        "package",
        "buy",
        "--org",
        "1",
        "--enterprise-slots",
        "0",
        "--personal-slots",
        "3",
    ]);
    env.ok(&["package", "pay", "--package", "2"]);
    for slot in ["4", "5", "6"] {
        env.ok(&[
            "cert", "assign", "--slot", slot, "--owner", "李娜", "--holder", "李娜",
        ]);
    }
    // Paths are relative to the CSV's directory (here the test's directory).
    let csv = "slot,pin_file,p12\n4,pin,4.p12\n5,nonexistent-pin,\n99,pin,\n6,pin,6.p12\n";
    std::fs::write(env.path("rows.csv"), csv).unwrap();
    let out = env.run(&["--json", "cert", "issue", "--batch", &p(&env, "rows.csv")]);
    assert_ne!(out.status.code(), Some(0));
    // Rows run in parallel but are reported in CSV order, then the batch's error line.
    let mut lines: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let summary = lines.pop().unwrap();
    assert_eq!(summary["error"]["kind"], "partial", "{summary}");
    let order: Vec<Option<i64>> = lines.iter().map(|l| l["line"].as_i64()).collect();
    assert!(order.is_sorted(), "{order:?}");
    let oks: Vec<bool> = lines.iter().map(|l| l["ok"].as_bool().unwrap()).collect();
    assert_eq!(oks, [true, false, false, true]);
    assert_eq!(lines[2]["error"]["kind"], "not_found");
    assert!(env.path("4.p12").is_file() && env.path("6.p12").is_file());
}

/// A row refused for its output (a PKCS#12 already there) names its slot, as docs/json.md
/// says a failed row does (it said `"slot": null`, the CSV's slot read but dropped).
#[test]
fn a_batch_row_refused_for_its_output_names_its_slot() {
    let env = with_ca("sm2");
    env.ok(&[
        "cert", "assign", "--slot", "2", "--owner", "李娜", "--holder", "李娜",
    ]);
    std::fs::write(env.path("2.p12"), b"an earlier export").unwrap();
    std::fs::write(
        env.path("rows.csv"),
        "slot,pin_file,p12
2,pin,2.p12
",
    )
    .unwrap();
    let out = env.run(&["--json", "cert", "issue", "--batch", &p(&env, "rows.csv")]);
    assert_ne!(out.status.code(), Some(0));
    let row: serde_json::Value =
        serde_json::from_str(String::from_utf8_lossy(&out.stdout).lines().next().unwrap()).unwrap();
    assert_eq!(
        (row["ok"].as_bool(), row["slot"].as_i64()),
        (Some(false), Some(2)),
        "{row}"
    );
    assert_eq!(
        std::fs::read(env.path("2.p12")).unwrap(),
        b"an earlier export"
    );
}

#[test]
fn batch_rows_with_extra_fields_or_a_repeated_output_are_refused() {
    let env = with_ca("sm2");
    env.ok(&[
        "cert", "assign", "--slot", "2", "--owner", "李娜", "--holder", "李娜",
    ]);
    env.ok(&[
        "cert", "assign", "--slot", "3", "--owner", "王芳", "--holder", "王芳",
    ]);
    let csv = "2,pin,a.p12\n3,pin,a.p12\n3,pin,b,c.p12\n";
    std::fs::write(env.path("rows.csv"), csv).unwrap();
    let out = env.run(&[
        "--json",
        "cert",
        "issue",
        "--batch",
        &p(&env, "rows.csv"),
        "--jobs",
        "1",
    ]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("already used by an earlier row"), "{text}");
    assert!(text.contains("4 fields"), "{text}");
    assert_eq!(
        env.json(&["cert", "list", "--status", "active"])
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn two_processes_issuing_one_slot_never_both_succeed() {
    let env = with_ca("sm2");
    env.ok(&[
        "cert", "assign", "--slot", "2", "--owner", "李娜", "--holder", "李娜",
    ]);
    let spawn = || {
        env.cmd()
            .args([
                "cert",
                "issue",
                "--slot",
                "2",
                "--pin-file",
                &p(&env, "pin"),
            ])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    let (a, b) = (spawn(), spawn());
    let (a, b) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
    assert_eq!(
        [a.status.success(), b.status.success()]
            .iter()
            .filter(|s| **s)
            .count(),
        1
    );
    assert_eq!(
        env.json(&["cert", "list", "--status", "active"])
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn concurrent_issuance_never_shares_a_serial() {
    let env = with_ca("sm2");
    env.ok(&[
        "package",
        "buy",
        "--org",
        "1",
        "--enterprise-slots",
        "0",
        "--personal-slots",
        "8",
    ]);
    env.ok(&["package", "pay", "--package", "2"]);
    let slots: Vec<String> = (4..12).map(|s| s.to_string()).collect();
    for s in &slots {
        env.ok(&[
            "cert", "assign", "--slot", s, "--owner", "王芳", "--holder", "王芳",
        ]);
    }
    let children: Vec<_> = slots
        .iter()
        .map(|s| {
            env.cmd()
                .args(["cert", "issue", "--slot", s, "--pin-file", &p(&env, "pin")])
                .stdout(std::process::Stdio::null())
                .spawn()
                .unwrap()
        })
        .collect();
    for mut c in children {
        assert!(c.wait().unwrap().success());
    }
    let list = env.json(&["cert", "list"]);
    let mut serials: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["serial"].as_str().unwrap())
        .collect();
    assert_eq!(serials.len(), 8);
    serials.sort();
    serials.dedup();
    assert_eq!(serials.len(), 8);
    env.ok(&["log", "verify"]);
}

#[test]
fn a_frozen_certificate_is_on_the_crl_from_the_time_it_was_frozen() {
    let env = with_ca("sm2");
    let id = issued(&env).to_string();
    let out = env
        .cmd()
        .env("CATOOL_NOW", "2027-03-15T09:30:00Z")
        .args(["cert", "freeze", "--cert", &id])
        .output()
        .unwrap();
    assert!(out.status.success());
    let crl = env.json(&["crl"]);
    assert_eq!(crl["entries"][0]["reason"], "certificate-hold");
    assert_eq!(crl["entries"][0]["revoked_at"], "2027-03-15T17:30:00+08:00");
}

#[test]
fn importing_a_certificate_already_in_the_registry_names_it() {
    let env = with_ca("rsa2048");
    let id = issued(&env).to_string();
    env.ok(&[
        "cert",
        "export",
        "--cert",
        &id,
        "--format",
        "p12",
        "--pin-file",
        &p(&env, "pin"),
        "--out",
        &p(&env, "x.p12"),
    ]);
    let err = env.fails(
        4,
        &[
            "cert",
            "import",
            &p(&env, "x.p12"),
            "--password-file",
            &p(&env, "pin"),
            "--pin-file",
            &p(&env, "pin2"),
        ],
    );
    assert!(err.contains(&format!("certificate {id}")), "{err}");
}

#[test]
fn a_pkcs12_that_cannot_be_written_leaves_the_slot_unissued() {
    let env = with_ca("sm2");
    env.ok(&[
        "cert", "assign", "--slot", "2", "--owner", "2", "--holder", "2",
    ]);
    let pin = p(&env, "pin");
    fn issue_to<'a>(pin: &'a str, p12: &'a str) -> [&'a str; 8] {
        [
            "cert",
            "issue",
            "--slot",
            "2",
            "--pin-file",
            pin,
            "--p12",
            p12,
        ]
    }
    // /proc exists but takes no files, even for root: the write fails after the key and
    // certificate are made, before the issue commits.
    let err = env.fails(5, &issue_to(&pin, "/proc/catool-test.p12"));
    assert!(err.contains("cannot write /proc/catool-test.p12"), "{err}");
    let active = env.json(&["cert", "list", "--status", "active"]);
    assert!(active.as_array().unwrap().is_empty(), "{active}");
    // The slot is still there to issue, this time with a writable path.
    let a_p12 = p(&env, "a.p12");
    env.ok(&issue_to(&pin, &a_p12));
    assert!(env.path("a.p12").exists());
    // Had a kill lost the file after the issue, the re-run says how to make it again.
    std::fs::remove_file(env.path("a.p12")).unwrap();
    let err = env.fails(4, &issue_to(&pin, &a_p12));
    // The certificate's id: 1 on SQLite; on PostgreSQL the failed first issue used up an id
    // of the sequence (sequences are not rolled back).
    let issued = env.json(&["cert", "list", "--status", "active"]);
    let id = issued[0]["cert_id"].as_i64().unwrap();
    assert!(
        err.contains("已使用") && err.contains(&format!("cert export --cert {id} --format p12")),
        "{err}"
    );
}
