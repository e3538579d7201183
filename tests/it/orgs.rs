//! Enterprises (D1) and memberships (D2).

use crate::common;
use common::*;

fn add_org(env: &Env, uscc: &str) -> std::process::Output {
    env.run(&[
        "org",
        "add",
        "--name",
        "上海恒通贸易有限公司",
        "--uscc",
        uscc,
        "--legal-rep",
        "钱立",
        "--legal-rep-id",
        ID_LEGAL_REP,
        "--admin",
        "4",
    ])
}

#[test]
fn registering_an_enterprise_makes_its_administrator() {
    let env = Env::onboarded(false);
    let org = env.json(&["org", "show", "1"]);
    assert_eq!(org["name"], "北京云签科技有限公司");
    assert_eq!(org["uscc"], USCC_A);
    assert_eq!(org["admin"]["name"], "张伟");
    assert_eq!(org["members"].as_array().unwrap().len(), 3);
    assert!(org["authorized_at"].is_null());
}

#[test]
fn an_enterprise_is_found_by_uscc_or_name() {
    let env = Env::onboarded(false);
    assert_eq!(env.json(&["org", "show", USCC_A])["id"], 1);
    assert_eq!(env.json(&["org", "show", "北京云签科技有限公司"])["id"], 1);
}

#[test]
fn a_wrong_uscc_check_character_names_the_expected_one() {
    let env = Env::onboarded(false);
    let out = add_org(&env, "91310115MA1K4XYW22");
    assert_eq!(out.status.code(), Some(5));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--uscc"), "{err}");
    assert!(err.contains("91310115MA1K4XYW22"), "{err}");
    assert!(err.contains("should be '1'"), "{err}");
}

#[test]
fn a_uscc_with_forbidden_letters_is_refused() {
    let env = Env::onboarded(false);
    let out = add_org(&env, "91310115MA1K4XYZ21");
    assert_eq!(out.status.code(), Some(5));
    assert!(String::from_utf8_lossy(&out.stderr).contains("'Z' is not allowed"));
}

#[test]
fn a_duplicate_uscc_is_refused_and_nothing_changes() {
    let env = Env::onboarded(false);
    let before = env.json(&["log"]).as_array().unwrap().len();
    let out = add_org(&env, USCC_A);
    assert_eq!(out.status.code(), Some(4));
    assert!(String::from_utf8_lossy(&out.stderr).contains("already registered"));
    assert_eq!(env.json(&["org", "list"]).as_array().unwrap().len(), 1);
    // Person 4 did not become an administrator of anything.
    assert!(
        env.json(&["person", "show", "4"])["memberships"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    // Only the refusal itself was recorded.
    let log = env.json(&["log"]);
    assert_eq!(log.as_array().unwrap().len(), before + 1);
    assert_eq!(log[before]["outcome"], "refused");
}

#[test]
fn an_unknown_enterprise_is_not_found() {
    let env = Env::onboarded(false);
    let err = env.fails(3, &["org", "show", "42"]);
    assert!(err.contains("no enterprise '42'"), "{err}");
    env.fails(3, &["org", "show", "不存在的公司"]);
}

#[test]
fn an_unknown_administrator_is_not_found() {
    let env = Env::new();
    let err = env.fails(
        3,
        &[
            "org",
            "add",
            "--name",
            "某公司",
            "--uscc",
            USCC_A,
            "--legal-rep",
            "赵建国",
            "--legal-rep-id",
            ID_LEGAL_REP,
            "--admin",
            "99",
        ],
    );
    assert!(err.contains("no person '99'"), "{err}");
    assert!(env.json(&["org", "list"]).as_array().unwrap().is_empty());
}

#[test]
fn a_second_administrator_is_refused() {
    let env = Env::onboarded(false);
    let err = env.fails(
        4,
        &[
            "org", "member", "add", "--org", "1", "--person", "4", "--role", "admin",
        ],
    );
    assert!(err.contains("second administrator"), "{err}");
    assert!(err.contains("transfer-admin"), "{err}");
    assert_eq!(
        env.json(&["org", "show", "1"])["members"]
            .as_array()
            .unwrap()
            .len(),
        3
    );
}

#[test]
fn transferring_the_administrator_role_keeps_exactly_one_admin() {
    let env = Env::onboarded(false);
    let org = env.json(&["org", "transfer-admin", "--org", "1", "--to", "李娜"]);
    assert_eq!(org["admin"]["name"], "李娜");
    let members = env.json(&["org", "show", "1"])["members"].clone();
    let admins: Vec<_> = members
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["role"] == "admin")
        .collect();
    assert_eq!(admins.len(), 1);
    // The former administrator stays a member.
    assert!(
        members
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["person_name"] == "张伟" && m["role"] == "member")
    );
}

#[test]
fn transferring_to_a_non_member_is_refused() {
    let env = Env::onboarded(false);
    let err = env.fails(4, &["org", "transfer-admin", "--org", "1", "--to", "4"]);
    assert!(err.contains("not a member"), "{err}");
}

#[test]
fn the_administrator_cannot_be_removed() {
    let env = Env::onboarded(false);
    let err = env.fails(
        4,
        &["org", "member", "remove", "--org", "1", "--person", "1"],
    );
    assert!(err.contains("transfer the role first"), "{err}");
}

#[test]
fn a_member_can_be_removed_by_the_administrator() {
    let env = Env::onboarded(true);
    let (_, pin) = env.certify("张伟", "1");
    env.ok(&[
        "--as",
        "张伟",
        "--as-pin-file",
        &pin,
        "org",
        "member",
        "remove",
        "--org",
        "1",
        "--person",
        "3",
    ]);
    assert_eq!(
        env.json(&["org", "show", "1"])["members"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
}

#[test]
fn a_plain_member_cannot_manage_members() {
    let env = Env::onboarded(true);
    let (_, pin) = env.certify("2", "1");
    let err = env.fails(
        4,
        &[
            "--as",
            "2",
            "--as-pin-file",
            &pin,
            "org",
            "member",
            "add",
            "--org",
            "1",
            "--person",
            "4",
        ],
    );
    assert!(err.contains("无权限"), "{err}");
}

#[test]
fn only_the_operator_records_an_authorization() {
    // 张伟 proves who he is with his certificate in enterprise 1 (a certificate needs an
    // authorized enterprise) and administers a second, unauthorized one: refused all the same.
    let env = Env::onboarded(true);
    let (_, pin) = env.certify("1", "1");
    env.ok(&[
        "org",
        "add",
        "--name",
        "上海测试贸易有限公司",
        "--uscc",
        USCC_B,
        "--legal-rep",
        "陈明",
        "--legal-rep-id",
        ID_OTHER,
        "--admin",
        "1",
    ]);
    let err = env.fails(
        4,
        &[
            "--as",
            "1",
            "--as-pin-file",
            &pin,
            "org",
            "authorize",
            "--org",
            "2",
            "--method",
            "face",
        ],
    );
    assert!(err.contains("无权限"), "{err}");
    let org = env.json(&["org", "authorize", "--org", "2", "--method", "face"]);
    assert_eq!(org["auth_method"], "face");
    assert!(org["authorized_at"].is_string());
}

#[test]
fn an_authorization_letter_is_fingerprinted() {
    let env = Env::onboarded(false);
    let letter = env.path("授权委托书.pdf");
    std::fs::write(&letter, b"%PDF-1.4 letter").unwrap();
    let org = env.json(&[
        "org",
        "authorize",
        "--org",
        "1",
        "--method",
        "letter",
        "--letter",
        letter.to_str().unwrap(),
    ]);
    assert_eq!(org["auth_method"], "letter");
    assert!(
        org["auth_evidence"]
            .as_str()
            .unwrap()
            .starts_with("sha256:")
    );
}

#[test]
fn authorizing_twice_is_refused() {
    let env = Env::onboarded(true);
    let err = env.fails(4, &["org", "authorize", "--org", "1", "--method", "face"]);
    assert!(err.contains("already authorized"), "{err}");
}

#[test]
fn json_errors_carry_kind_and_exit_code() {
    let env = Env::onboarded(false);
    let out = env.run(&["--json", "org", "show", "77"]);
    assert_eq!(out.status.code(), Some(3));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["error"]["kind"], "not_found");
    assert_eq!(v["error"]["exit_code"], 3);
}
