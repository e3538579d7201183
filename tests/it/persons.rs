//! Persons (D2) and identifier validation (GB 11643-1999).

use crate::common;
use common::*;

#[test]
fn a_person_is_registered_and_shown_with_their_enterprises() {
    let env = Env::onboarded(false);
    let p = env.json(&["person", "show", ID_MEMBER1]);
    assert_eq!(p["name"], "李娜");
    assert_eq!(p["id_type"], "resident");
    assert_eq!(p["memberships"][0]["org_name"], "北京云签科技有限公司");
    assert_eq!(p["memberships"][0]["role"], "member");
}

#[test]
fn a_wrong_resident_id_check_digit_names_the_expected_one() {
    let env = Env::new();
    let err = env.fails(
        5,
        &[
            "person",
            "add",
            "--name",
            "张三",
            "--id-number",
            "110108198503120012",
        ],
    );
    assert!(err.contains("--id-number"), "{err}");
    assert!(err.contains("110108198503120012"), "{err}");
    assert!(err.contains("should be '1'"), "{err}");
    assert!(env.json(&["person", "list"]).as_array().unwrap().is_empty());
}

#[test]
fn a_resident_id_of_the_wrong_length_is_refused() {
    let env = Env::new();
    let err = env.fails(
        5,
        &[
            "person",
            "add",
            "--name",
            "张三",
            "--id-number",
            "11010819850312",
        ],
    );
    assert!(err.contains("expected 18 characters"), "{err}");
}

#[test]
fn a_lower_case_x_check_digit_is_accepted_and_normalised() {
    let env = Env::new();
    let p = env.json(&[
        "person",
        "add",
        "--name",
        "测试",
        "--id-number",
        "11010519491231002x",
    ]);
    assert_eq!(p["id_number"], "11010519491231002X");
}

#[test]
fn a_passport_number_is_not_checked_as_a_resident_id() {
    let env = Env::new();
    let p = env.json(&[
        "person",
        "add",
        "--name",
        "John Smith",
        "--id-type",
        "passport",
        "--id-number",
        "E12345678",
    ]);
    assert_eq!(p["id_type"], "passport");
}

#[test]
fn a_duplicate_id_number_is_refused() {
    let env = Env::onboarded(false);
    let err = env.fails(
        4,
        &["person", "add", "--name", "另一个", "--id-number", ID_ADMIN],
    );
    assert!(err.contains("already registered"), "{err}");
    assert_eq!(env.json(&["person", "list"]).as_array().unwrap().len(), 4);
}

#[test]
fn an_invalid_email_is_refused() {
    let env = Env::new();
    let err = env.fails(
        5,
        &[
            "person",
            "add",
            "--name",
            "张三",
            "--id-number",
            ID_ADMIN,
            "--email",
            "nope",
        ],
    );
    assert!(err.contains("--email"), "{err}");
}

#[test]
fn an_empty_or_huge_name_is_refused() {
    let env = Env::new();
    env.fails(
        5,
        &["person", "add", "--name", "  ", "--id-number", ID_ADMIN],
    );
    let long = "张".repeat(51);
    let err = env.fails(
        5,
        &["person", "add", "--name", &long, "--id-number", ID_ADMIN],
    );
    assert!(err.contains("too long"), "{err}");
}

#[test]
fn an_unknown_actor_is_not_found() {
    let env = Env::onboarded(false);
    let err = env.fails(3, &["--as", "nobody", "org", "list"]);
    assert!(err.contains("no person 'nobody'"), "{err}");
}

#[test]
fn an_ambiguous_name_names_every_candidate_with_its_id() {
    let env = Env::new();
    env.ok(&["person", "add", "--name", "刘洋", "--id-number", ID_MEMBER1]);
    env.ok(&["person", "add", "--name", "刘洋", "--id-number", ID_OTHER]);
    let err = env.fails(2, &["person", "show", "刘洋"]);
    assert!(err.contains("ambiguous: 2 match"), "{err}");
    let tail = |id: &str| id[id.len() - 4..].to_string();
    assert!(err.contains(&format!("1 (…{})", tail(ID_MEMBER1))), "{err}");
    assert!(err.contains(&format!("2 (…{})", tail(ID_OTHER))), "{err}");
    // Either id then works.
    env.ok(&["person", "show", "2"]);
}
