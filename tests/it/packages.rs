//! Certificate packages (D1, D3) and the slots they yield (D4).

use crate::common;
use common::*;

#[test]
fn an_unauthorized_enterprise_cannot_buy() {
    let env = Env::onboarded(false);
    let err = env.fails(4, &["package", "buy", "--org", "1"]);
    assert!(err.contains("无法购买"), "{err}");
    assert!(err.contains("D1"), "{err}");
    assert!(
        env.json(&["package", "list"])
            .as_array()
            .unwrap()
            .is_empty()
    );
}

#[test]
fn a_paid_reference_package_yields_one_enterprise_and_two_personal_slots() {
    let env = Env::onboarded(true);
    let p = env.json(&["package", "buy", "--org", "1"]);
    assert_eq!(p["status"], "unpaid");
    assert_eq!(p["price_cny"], 300);
    // Unpaid: no slots yet.
    assert!(
        env.json(&["package", "show", "1"])["slots"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    let paid = env.json(&["package", "pay", "--package", "1"]);
    assert_eq!(paid["status"], "paid");
    let kinds: Vec<&str> = paid["slots"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["enterprise", "personal", "personal"]);
    assert!(
        paid["slots"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["state"] == "unassigned")
    );
}

#[test]
fn package_contents_and_price_are_configurable() {
    let env = Env::onboarded(true);
    env.ok(&["config", "set", "package.personal_slots", "5"]);
    env.ok(&["config", "set", "package.price_per_year", "450"]);
    let p = env.json(&["package", "buy", "--org", "1", "--years", "2"]);
    assert_eq!(p["personal_slots"], 5);
    assert_eq!(p["price_cny"], 900);
    let q = env.json(&[
        "package",
        "buy",
        "--org",
        "1",
        "--enterprise-slots",
        "0",
        "--personal-slots",
        "1",
        "--price",
        "99",
    ]);
    assert_eq!(q["enterprise_slots"], 0);
    assert_eq!(q["price_cny"], 99);
}

#[test]
fn an_unknown_setting_is_refused_with_the_known_ones() {
    let env = Env::new();
    let err = env.fails(5, &["config", "set", "package.colour", "red"]);
    assert!(err.contains("package.price_per_year"), "{err}");
}

#[test]
fn paying_twice_changes_nothing() {
    let env = Env::onboarded(true);
    env.ok(&["package", "buy", "--org", "1"]);
    env.ok(&["package", "pay", "--package", "1"]);
    let out = env.ok(&["package", "pay", "--package", "1"]);
    assert!(out.contains("already paid"), "{out}");
    assert_eq!(
        env.json(&["package", "show", "1"])["slots"]
            .as_array()
            .unwrap()
            .len(),
        3
    );
}

#[test]
fn paying_an_unknown_package_is_not_found() {
    let env = Env::onboarded(true);
    env.fails(3, &["package", "pay", "--package", "9"]);
}

#[test]
fn the_administrator_may_buy_but_a_member_may_not() {
    let env = Env::onboarded(true);
    let (_, admin_pin) = env.certify("张伟", "1");
    let (_, member_pin) = env.certify("李娜", "1");
    env.ok(&[
        "--as",
        "张伟",
        "--as-pin-file",
        &admin_pin,
        "package",
        "buy",
        "--org",
        "1",
    ]);
    let err = env.fails(
        4,
        &[
            "--as",
            "李娜",
            "--as-pin-file",
            &member_pin,
            "package",
            "buy",
            "--org",
            "1",
        ],
    );
    assert!(err.contains("administrator"), "{err}");
}

#[test]
fn a_package_without_slots_is_refused() {
    let env = Env::onboarded(true);
    env.fails(
        5,
        &[
            "package",
            "buy",
            "--org",
            "1",
            "--enterprise-slots",
            "0",
            "--personal-slots",
            "0",
        ],
    );
}

#[test]
fn packages_are_listed_per_enterprise() {
    let env = Env::onboarded(true);
    env.ok(&["package", "buy", "--org", "1"]);
    assert_eq!(
        env.json(&["package", "list", "--org", USCC_A])
            .as_array()
            .unwrap()
            .len(),
        1
    );
}
