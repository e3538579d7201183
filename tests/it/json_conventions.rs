//! JSON conventions (docs/json.md): errors have one shape on stdout with their exit code,
//! machine fields hold machine values and labels say it for people, times carry the
//! registry's offset, and a reader that stops early ends catool quietly.

use crate::common;
use crate::common::contract;

use std::io::Read;
use std::process::Stdio;

use common::*;
use contract::{documented, keys, s};
use serde_json::Value;

/// `{"error": {kind, message, exit_code}}` on stdout, the exit code unchanged.
fn error_of(env: &Env, code: i32, args: &[&str]) -> Value {
    let out = env.run(args);
    assert_eq!(out.status.code(), Some(code), "{args:?}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let v: Value = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("{args:?}: bad JSON {e}: {stdout}"));
    let doc = documented();
    assert_eq!(keys(&v), doc["error"].1, "{v}");
    assert_eq!(keys(&v["error"]), doc["error.error"].1, "{v}");
    assert_eq!(v["error"]["exit_code"], code, "{v}");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("error"),
        "the human line stays on stderr"
    );
    v
}

#[test]
fn a_usage_error_found_by_clap_prints_the_error_object() {
    let env = Env::new();
    let v = error_of(&env, 2, &["--json", "cert", "list", "--bogus"]);
    assert_eq!(v["error"]["kind"], "usage");
    assert!(
        v["error"]["message"].as_str().unwrap().contains("--bogus"),
        "{v}"
    );
}

#[test]
fn a_missing_argument_prints_the_error_object() {
    let env = Env::new();
    let v = error_of(&env, 2, &["org", "add", "--json", "--name", "x"]);
    assert_eq!(v["error"]["kind"], "usage");
}

#[test]
fn not_found_refused_and_bad_input_print_the_error_object() {
    let env = Env::onboarded(false);
    assert_eq!(
        error_of(&env, 3, &["--json", "person", "show", "99"])["error"]["kind"],
        "not_found"
    );
    assert_eq!(
        error_of(&env, 4, &["--json", "package", "buy", "--org", "1"])["error"]["kind"],
        "refused"
    );
    assert_eq!(
        error_of(
            &env,
            5,
            &["--json", "config", "set", "timezone", "Mars/Olympus"]
        )["error"]["kind"],
        "bad_input"
    );
}

#[test]
fn a_failed_check_without_a_report_prints_the_error_object() {
    let env = Env::new();
    env.ok(&["ca", "init", "--name", "CA", "--algo", "sm2"]);
    env.ok(&["tsa", "init", "--ca", "CA"]);
    std::fs::write(env.path("bid.txt"), "bid").unwrap();
    std::fs::write(env.path("other.txt"), "other").unwrap();
    let token = s(&env.path("bid.tst"));
    env.ok(&["tsa", "stamp", &s(&env.path("bid.txt")), "--out", &token]);
    let other = s(&env.path("other.txt"));
    let v = error_of(
        &env,
        1,
        &["--json", "tsa", "check", &token, "--data", &other],
    );
    assert_eq!(v["error"]["kind"], "check_failed");
}

#[test]
fn a_damaged_pdf_prints_the_error_object() {
    let env = Env::new();
    std::fs::write(env.path("x.pdf"), "not a pdf").unwrap();
    let v = error_of(
        &env,
        5,
        &["--json", "pdf", "verify", &s(&env.path("x.pdf"))],
    );
    assert_eq!(v["error"]["kind"], "bad_input");
}

#[test]
fn a_failed_batch_row_carries_its_exit_code_and_rows_come_in_input_order() {
    let env = Env::with_lina_certificate("CA", "sm2");
    env.ok(&[
        "cert", "assign", "--slot", "3", "--owner", "王芳", "--holder", "王芳",
    ]);
    std::fs::write(
        env.path("rows.csv"),
        "slot,pin_file,p12\n99,pin,\n3,pin,\n98,pin,\n",
    )
    .unwrap();
    let out = env.run(&[
        "--json",
        "cert",
        "issue",
        "--batch",
        env.path("rows.csv").to_str().unwrap(),
        "--jobs",
        "2",
    ]);
    assert_eq!(out.status.code(), Some(3), "{out:?}");
    let lines: Vec<Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 4, "{lines:?}");
    let slots: Vec<&Value> = lines[..3].iter().map(|l| &l["slot"]).collect();
    assert_eq!(slots, [&Value::from(99), &Value::from(3), &Value::from(98)]);
    assert_eq!(lines[0]["ok"], false);
    assert_eq!(keys(&lines[0]["error"]), documented()["error.error"].1);
    assert_eq!(lines[0]["error"]["exit_code"], 3);
    assert_eq!(lines[1]["ok"], true);
    assert_eq!(lines[3]["error"]["kind"], "partial");
    assert_eq!(lines[3]["error"]["exit_code"], 3);
}

#[test]
fn cert_list_and_cert_show_give_the_same_machine_state_and_label() {
    let env = Env::with_lina_certificate("CA", "sm2");
    let listed = env.json(&["cert", "list"]);
    let shown = env.json(&["cert", "show", "1"]);
    assert_eq!(listed[0]["state"], "active");
    assert_eq!(shown["state"], "active");
    assert_eq!(listed[0]["label"], shown["label"]);
    assert_eq!(shown["label"], "active (生效中)");
}

#[test]
fn a_locked_certificate_says_locked_in_state_and_status() {
    let env = Env::with_lina_certificate("CA", "sm2");
    write_secret(&env.path("wrong"), "654321\n");
    let wrong = env.path("wrong");
    for _ in 0..5 {
        env.run(&[
            "cert",
            "verify-pin",
            "--cert",
            "1",
            "--pin-file",
            wrong.to_str().unwrap(),
        ]);
    }
    let shown = env.json(&["cert", "show", "1"]);
    assert_eq!(shown["locked"], true);
    assert_eq!(shown["state"], "locked");
    assert_eq!(shown["status"], "locked");
    assert_eq!(env.json(&["cert", "list"])[0]["state"], "locked");
}

fn grant_window(env: &Env) -> Value {
    env.ok(&["seal", "make", "--kind", "official", "--org", "1"]);
    env.json(&[
        "seal",
        "grant",
        "--seal",
        "1",
        "--to",
        "李娜",
        "--from",
        "2026-12-01",
        "--until",
        "2026-12-31",
        "--reason",
        "投标",
    ])
}

#[test]
fn a_grant_by_dates_covers_those_whole_days_in_beijing_time() {
    let env = Env::onboarded(true);
    let g = grant_window(&env);
    assert_eq!(g["valid_from"], "2026-12-01T00:00:00+08:00");
    assert_eq!(
        g["valid_until"], "2027-01-01T00:00:00+08:00",
        "exclusive end"
    );
    let stored = env.sqlite3("SELECT valid_from || ' ' || valid_until FROM seal_grants");
    assert_eq!(stored.trim(), "2026-11-30T16:00:00Z 2026-12-31T16:00:00Z");
}

#[test]
fn printed_times_carry_the_beijing_offset_in_json_and_text() {
    let env = Env::with_lina_certificate("CA", "sm2");
    let shown = env.json(&["cert", "show", "1"]);
    for field in ["not_before", "not_after", "created_at"] {
        assert!(
            shown[field].as_str().unwrap().ends_with("+08:00"),
            "{shown}"
        );
    }
    assert!(
        env.json(&["log"])[0]["at"]
            .as_str()
            .unwrap()
            .ends_with("+08:00")
    );
    let text = env.ok(&["cert", "show", "1"]);
    assert!(text.contains("+08:00") && !text.contains(":00Z"), "{text}");
}

#[test]
fn with_timezone_utc_times_end_in_z() {
    let env = Env::onboarded(true);
    env.ok(&["config", "set", "timezone", "UTC"]);
    let g = grant_window(&env);
    assert_eq!(g["valid_from"], "2026-12-01T00:00:00Z");
    assert_eq!(g["valid_until"], "2027-01-01T00:00:00Z");
    let text = env.ok(&["seal", "show", "1"]);
    assert!(
        text.contains("2026-12-01T00:00:00Z") && !text.contains("+08:00"),
        "{text}"
    );
}

#[test]
fn log_since_and_until_dates_are_local_days() {
    let env = Env::new();
    let at = |now: &str, name: &str, id: &str| {
        let out = env
            .cmd()
            .env("CATOOL_NOW", now)
            .args(["person", "add", "--name", name, "--id-number", id])
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
    };
    // 23:30 on 30 November in Beijing, then 00:30 on 1 December in Beijing.
    at("2026-11-30T15:30:00Z", "张伟", ID_ADMIN);
    at("2026-11-30T16:30:00Z", "李娜", ID_MEMBER1);
    let names = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["log", "--action", "person.add"];
        all.extend_from_slice(args);
        env.json(&all)
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["details"]["name"].as_str().unwrap_or("?").to_string())
            .collect()
    };
    assert_eq!(names(&["--since", "2026-12-01"]), ["李娜"]);
    assert_eq!(names(&["--until", "2026-11-30"]), ["张伟"]);
}

#[test]
fn expiring_takes_weeks_and_months() {
    let env = Env::with_lina_certificate("CA", "sm2");
    assert!(
        env.json(&["cert", "list", "--expiring", "12w"])
            .as_array()
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        env.json(&["cert", "list", "--expiring", "13m"])
            .as_array()
            .unwrap()
            .len(),
        1
    );
    env.fails(5, &["cert", "list", "--expiring", "3x"]);
}

/// Runs catool with stdout piped, reads one byte, closes the pipe: catool must end with
/// exit 0 and say nothing about it.
fn stops_quietly(env: &Env, args: &[&str]) {
    let mut child = env
        .cmd()
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut one = [0u8; 1];
    stdout.read_exact(&mut one).unwrap();
    drop(stdout);
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0), "{args:?}: {err}");
    assert!(err.is_empty(), "{args:?} said: {err}");
}

#[test]
fn a_large_json_listing_stops_quietly_when_the_reader_goes_away() {
    let env = Env::new();
    for i in 0..200 {
        env.ok(&["config", "set", "package.price_per_year", &i.to_string()]);
    }
    assert!(
        env.ok(&["--json", "log"]).len() > 64 * 1024,
        "bigger than a pipe"
    );
    stops_quietly(&env, &["--json", "log"]);
}

#[test]
fn a_large_text_output_stops_quietly_when_the_reader_goes_away() {
    let env = Env::new();
    stops_quietly(&env, &["completions", "bash"]);
    env.ok(&["init"]);
    stops_quietly(&env, &["log"]);
}

#[test]
fn a_pem_on_stdout_stops_quietly_when_the_reader_goes_away() {
    let env = Env::new();
    env.ok(&["ca", "init", "--name", "CA", "--algo", "sm2"]);
    stops_quietly(&env, &["ca", "export", "CA"]);
}
