//! A person at a terminal types PINs at a hidden prompt: never echoed, never on the command
//! line, a new PIN typed twice; a script without a terminal is told which flag to give
//! instead of hanging on a prompt. Driven through a real pseudo-terminal (tests/tty/type_at.py).

use crate::common;

use std::process::{Command, Output, Stdio};

use common::{Env, write_secret};

/// Runs catool on a pseudo-terminal, typing `answers` at its prompts; returns what the
/// terminal showed and the exit code.
fn at_terminal(env: &Env, answers: &[&str], args: &[&str]) -> (String, Option<i32>) {
    common::require_tool("python3", "apt-get install python3");
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/tty/type_at.py");
    let cmd = env.cmd();
    let program = cmd.get_program().to_owned();
    let out: Output = Command::new("python3")
        .arg(script)
        .args(answers)
        .arg("--")
        .arg(program)
        .args(args)
        .envs(cmd.get_envs().filter_map(|(k, v)| v.map(|v| (k, v))))
        .env_remove("CATOOL_PIN")
        .env_remove("CATOOL_AS_PIN")
        .env_remove("CATOOL_NOW")
        .stdin(Stdio::null())
        .output()
        .expect("run type_at.py");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        out.status.code(),
    )
}

/// An authorized enterprise with a CA, a paid package and slot 2 assigned to 李娜.
fn slot_ready() -> Env {
    let env = Env::onboarded(true);
    env.ok(&["ca", "init", "--name", "Prompt CA", "--algo", "sm2"]);
    env.ok(&["package", "buy", "--org", "1"]);
    env.ok(&["package", "pay", "--package", "1"]);
    env.ok(&[
        "cert", "assign", "--slot", "2", "--owner", "李娜", "--holder", "李娜",
    ]);
    env
}

fn pin_file(env: &Env, pin: &str) -> String {
    let p = env.path(&format!("pin-{pin}"));
    write_secret(&p, &format!("{pin}\n"));
    p.to_str().expect("utf-8 path").to_string()
}

fn issued_certificates(env: &Env) -> usize {
    env.json(&["cert", "list"])
        .as_array()
        .map_or(0, |a| a.iter().filter(|c| !c["cert_id"].is_null()).count())
}

#[test]
fn a_new_pin_typed_twice_issues_the_certificate_and_is_never_shown() {
    let env = slot_ready();
    let (shown, code) = at_terminal(
        &env,
        &["135790", "135790"],
        &["cert", "issue", "--slot", "2"],
    );
    assert_eq!(code, Some(0), "terminal showed:\n{shown}");
    assert!(shown.contains("New PIN"), "no prompt: {shown}");
    assert!(shown.contains("again"), "not asked twice: {shown}");
    assert!(!shown.contains("135790"), "PIN echoed:\n{shown}");
    env.ok(&[
        "cert",
        "verify-pin",
        "--cert",
        "1",
        "--pin-file",
        &pin_file(&env, "135790"),
    ]);
}

#[test]
fn two_different_new_pins_issue_nothing() {
    let env = slot_ready();
    let (shown, code) = at_terminal(
        &env,
        &["135790", "135791"],
        &["cert", "issue", "--slot", "2"],
    );
    assert_eq!(code, Some(5), "terminal showed:\n{shown}");
    assert!(shown.contains("differ"), "{shown}");
    assert_eq!(issued_certificates(&env), 0);
}

#[test]
fn ctrl_c_at_the_prompt_cancels_and_issues_nothing() {
    let env = slot_ready();
    let (shown, code) = at_terminal(&env, &["^C"], &["cert", "issue", "--slot", "2"]);
    assert_eq!(code, Some(2), "terminal showed:\n{shown}");
    assert!(shown.contains("cancelled"), "{shown}");
    assert_eq!(issued_certificates(&env), 0);
}

#[test]
fn a_pin_typed_at_the_terminal_unlocks_and_a_wrong_one_counts_as_wrong() {
    let env = Env::with_lina_certificate("Prompt CA", "sm2");
    let (shown, code) = at_terminal(&env, &["123456"], &["cert", "verify-pin", "--cert", "1"]);
    assert_eq!(code, Some(0), "terminal showed:\n{shown}");
    assert!(!shown.contains("123456"), "PIN echoed:\n{shown}");
    let (shown, code) = at_terminal(&env, &["654321"], &["cert", "verify-pin", "--cert", "1"]);
    assert_ne!(code, Some(0), "a wrong PIN unlocked:\n{shown}");
    assert!(!shown.contains("654321"), "PIN echoed:\n{shown}");
}

#[test]
fn the_as_pin_typed_at_the_terminal_proves_the_actor() {
    let env = Env::onboarded(true);
    env.certify("张伟", "1");
    let transfer = [
        "--as",
        "张伟",
        "org",
        "transfer-admin",
        "--org",
        "1",
        "--to",
        "李娜",
    ];
    let admin = || env.json(&["org", "show", "1"])["admin"]["name"].clone();
    assert_eq!(admin(), "张伟");
    let (shown, code) = at_terminal(&env, &["000000"], &transfer);
    assert_ne!(code, Some(0), "a wrong --as PIN proved the actor:\n{shown}");
    assert!(shown.contains("proves --as"), "no --as prompt: {shown}");
    assert_eq!(admin(), "张伟", "refused, yet the enterprise changed hands");
    let (shown, code) = at_terminal(&env, &["123456"], &transfer);
    assert_eq!(code, Some(0), "terminal showed:\n{shown}");
    assert!(!shown.contains("123456"), "PIN echoed:\n{shown}");
    assert_eq!(admin(), "李娜");
}

#[test]
fn without_a_terminal_the_flag_is_named_at_once_instead_of_a_prompt() {
    let env = slot_ready();
    let err = env.fails(2, &["cert", "issue", "--slot", "2"]);
    assert!(err.contains("--pin-file"), "{err}");
    assert_eq!(issued_certificates(&env), 0);
}
