//! Issue 12 item 6: `--as PERSON` is proven with one of that person's certificates and its
//! PIN; without `--as` the caller is the platform operator. History records how each actor
//! was authenticated.

use crate::common;

use common::*;
use serde_json::Value;

/// The administrator of enterprise 1 (person 1), for the record.
fn admin_of_org1(env: &Env) -> String {
    env.json(&["org", "show", "1"])["admin"]["name"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

fn events(env: &Env) -> Vec<Value> {
    env.json(&["log"]).as_array().cloned().unwrap_or_default()
}

fn last_event(env: &Env, action: &str) -> Value {
    events(env)
        .into_iter()
        .rev()
        .find(|e| e["action"] == action)
        .unwrap_or_else(|| panic!("no {action} event"))
}

fn wrong_pins(env: &Env, cert: i64) -> i64 {
    env.json(&["cert", "show", &cert.to_string()])["wrong_pins"]
        .as_i64()
        .unwrap_or(-1)
}

/// `org transfer-admin` of enterprise 1 to 李娜, claimed as 张伟 and proven with `pin`.
fn transfer_as_zhang_wei(pin: &std::path::Path) -> Vec<&str> {
    vec![
        "--as",
        "张伟",
        "--as-pin-file",
        pin.to_str().unwrap(),
        "org",
        "transfer-admin",
        "--org",
        "1",
        "--to",
        "李娜",
    ]
}

#[test]
fn member_claiming_the_administrator_without_proof_is_refused_and_nothing_changes() {
    let env = Env::onboarded(true);
    env.certify("张伟", "1");
    let err = env.fails(
        2,
        &[
            "--as",
            "张伟",
            "org",
            "transfer-admin",
            "--org",
            "1",
            "--to",
            "李娜",
        ],
    );
    assert!(err.contains("--as-pin-file"), "{err}");
    assert!(common::is_one_error(&err), "{err}");
    assert_eq!(admin_of_org1(&env), "张伟");
    // The claim through the environment is no better.
    let out = env
        .cmd()
        .env("CATOOL_ACTOR", "张伟")
        .args(["org", "transfer-admin", "--org", "1", "--to", "李娜"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(admin_of_org1(&env), "张伟");
    assert!(
        events(&env)
            .iter()
            .all(|e| e["action"] != "org.transfer-admin")
    );
}

#[test]
fn a_wrong_pin_for_the_claimed_administrator_is_refused_and_counted() {
    let env = Env::onboarded(true);
    let (cert, _) = env.certify("张伟", "1");
    write_secret(&env.path("guess"), "111111\n");
    let guess = env.path("guess");
    let err = env.fails(4, &transfer_as_zhang_wei(&guess));
    assert!(err.contains("wrong PIN"), "{err}");
    assert_eq!(admin_of_org1(&env), "张伟");
    assert_eq!(wrong_pins(&env, cert), 1);
    let pin_event = last_event(&env, "cert.pin");
    assert_eq!(pin_event["outcome"], "refused");
    assert_eq!(pin_event["details"]["purpose"], "act-as");
    // Five wrong PINs lock the certificate, as for any use of it (D11).
    for _ in 0..4 {
        env.fails(4, &transfer_as_zhang_wei(&guess));
    }
    assert_eq!(
        env.json(&["cert", "show", &cert.to_string()])["locked"],
        true
    );
    env.ok(&["log", "verify"]);
}

/// A proof given to a command that only reads is checked all the same: a script that
/// tests a login with a listing must not be told yes for a wrong PIN (it was: exit 0).
#[test]
fn a_wrong_as_pin_is_refused_and_counted_by_a_command_that_only_reads() {
    let env = Env::onboarded(true);
    let (cert, pin) = env.certify("张伟", "1");
    write_secret(&env.path("guess"), "111111\n");
    let guess = env.path("guess");
    let guess = guess.to_str().unwrap();
    for read in [
        &["seal", "list"][..],
        &["person", "show", "李娜"],
        &["cert", "list"],
    ] {
        let mut args = vec!["--as", "张伟", "--as-pin-file", guess];
        args.extend_from_slice(read);
        let err = env.fails(4, &args);
        assert!(err.contains("wrong PIN"), "{read:?}: {err}");
    }
    assert_eq!(wrong_pins(&env, cert), 3);
    // The right PIN: the listing, and the count starts again.
    env.ok(&["--as", "张伟", "--as-pin-file", &pin, "seal", "list"]);
    assert_eq!(wrong_pins(&env, cert), 0);
    // A person with no usable certificate who offers a proof is told so, as for a change.
    let err = env.fails(4, &["--as", "李娜", "--as-pin-file", guess, "cert", "list"]);
    assert!(err.contains("no usable certificate"), "{err}");
    // Without a proof, a read names whoever it likes: it acts as nobody.
    env.ok(&["--as", "李娜", "cert", "list"]);
}

#[test]
fn the_right_pin_proves_the_administrator_and_the_event_says_which_certificate() {
    let env = Env::onboarded(true);
    let (cert, pin) = env.certify("张伟", "1");
    env.ok(&[
        "--as",
        "张伟",
        "--as-pin-file",
        &pin,
        "org",
        "transfer-admin",
        "--org",
        "1",
        "--to",
        "李娜",
    ]);
    assert_eq!(admin_of_org1(&env), "李娜");
    let e = last_event(&env, "org.transfer-admin");
    assert_eq!(e["actor"].as_str().unwrap_or_default(), "person:1 张伟");
    assert_eq!(e["details"]["auth"], format!("certificate:{cert}"));
    // CATOOL_AS_PIN holds the PIN itself.
    let (cert2, _) = env.certify("李娜", "1");
    let out = env
        .cmd()
        .env("CATOOL_AS_PIN", "123456")
        .args([
            "--as",
            "李娜",
            "org",
            "transfer-admin",
            "--org",
            "1",
            "--to",
            "张伟",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(admin_of_org1(&env), "张伟");
    assert_eq!(
        last_event(&env, "org.transfer-admin")["details"]["auth"],
        format!("certificate:{cert2}")
    );
    env.ok(&["log", "verify"]);
}

#[test]
fn several_usable_certificates_need_as_cert() {
    let env = Env::onboarded(true);
    let (c1, pin) = env.certify("张伟", "1");
    let (c2, _) = env.certify("张伟", "1");
    fn args<'a>(pin: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
        let mut a = vec!["--as", "张伟", "--as-pin-file", pin];
        a.extend_from_slice(extra);
        a.extend(["org", "transfer-admin", "--org", "1", "--to", "李娜"]);
        a
    }
    let err = env.fails(2, &args(&pin, &[]));
    assert!(err.contains(&format!("{c1}, {c2}")), "{err}");
    assert!(err.contains("--as-cert"), "{err}");
    let c2s = c2.to_string();
    env.ok(&args(&pin, &["--as-cert", &c2s]));
    assert_eq!(
        last_event(&env, "org.transfer-admin")["details"]["auth"],
        format!("certificate:{c2}")
    );
}

#[test]
fn a_person_without_a_usable_certificate_cannot_use_as() {
    let env = Env::onboarded(true);
    write_secret(&env.path("guess"), "123456\n");
    let err = env.fails(
        4,
        &[
            "--as",
            "李娜",
            "--as-pin-file",
            env.path("guess").to_str().unwrap(),
            "org",
            "transfer-admin",
            "--org",
            "1",
            "--to",
            "李娜",
        ],
    );
    assert!(common::is_one_error(&err), "{err}");
    assert!(err.contains("no usable certificate"), "{err}");
    assert!(err.contains("without --as"), "{err}");
    // A frozen certificate proves nothing either.
    let (cert, pin) = env.certify("王芳", "1");
    env.ok(&["cert", "freeze", "--cert", &cert.to_string()]);
    let err = env.fails(
        4,
        &[
            "--as",
            "王芳",
            "--as-pin-file",
            &pin,
            "org",
            "member",
            "remove",
            "--org",
            "1",
            "--person",
            "李娜",
        ],
    );
    assert!(err.contains("no usable certificate"), "{err}");
}

#[test]
fn the_command_own_certificate_pin_is_the_proof() {
    let env = Env::with_lina_certificate("SM2 CA", "sm2");
    let pin = env.path("pin");
    let pin = pin.to_str().unwrap();
    // 李娜 holds certificate 1: its PIN for verify-pin proves --as 李娜, asked once.
    env.ok(&[
        "--as",
        "李娜",
        "cert",
        "verify-pin",
        "--cert",
        "1",
        "--pin-file",
        pin,
    ]);
    let e = last_event(&env, "cert.pin");
    assert_eq!(e["details"]["purpose"], "verify-pin");
    assert_eq!(e["details"]["auth"], "certificate:1");
    assert_eq!(e["outcome"], "ok");
    // …and binding it too.
    env.ok(&[
        "--as",
        "李娜",
        "cert",
        "bind",
        "--cert",
        "1",
        "--pin-file",
        pin,
    ]);
    assert_eq!(
        last_event(&env, "cert.bind")["details"]["auth"],
        "certificate:1"
    );
    // A wrong PIN proves nothing and counts.
    write_secret(&env.path("bad"), "000000\n");
    env.fails(
        4,
        &[
            "--as",
            "李娜",
            "cert",
            "verify-pin",
            "--cert",
            "1",
            "--pin-file",
            env.path("bad").to_str().unwrap(),
        ],
    );
    assert_eq!(wrong_pins(&env, 1), 1);
    // 李娜's PIN does not prove the administrator, who may check her certificate's PIN
    // but must prove who he is with a certificate of his own.
    env.certify("张伟", "1");
    let err = env.fails(
        4,
        &[
            "--as",
            "张伟",
            "cert",
            "verify-pin",
            "--cert",
            "1",
            "--pin-file",
            pin,
        ],
    );
    assert!(err.contains("not proven"), "{err}");
    assert!(err.contains("--as-pin-file"), "{err}");
    assert_eq!(wrong_pins(&env, 1), 1, "not tried at all");
    env.ok(&["log", "verify"]);
}

#[test]
fn history_records_how_operator_and_person_were_authenticated() {
    let env = Env::onboarded(true);
    for e in events(&env) {
        assert_eq!(e["details"]["auth"], "operator", "{e}");
    }
    let (cert, pin) = env.certify("张伟", "1");
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
        "王芳",
    ]);
    let e = last_event(&env, "org.member.remove");
    assert_eq!(e["details"]["auth"], format!("certificate:{cert}"));
    env.ok(&["log", "verify"]);
}
