//! History (D21): every mutation is an event; the hash chain reveals edits and deletions.

use crate::common;
use common::*;

#[test]
fn every_mutation_appends_an_event_with_actor_and_outcome() {
    let env = Env::onboarded(true);
    let log = env.json(&["log"]);
    let actions: Vec<&str> = log
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        [
            "person.add",
            "person.add",
            "person.add",
            "person.add",
            "org.add",
            "org.member.add",
            "org.member.add",
            "org.authorize"
        ]
    );
    let first = &log[0];
    assert_eq!(first["actor"], "operator");
    assert_eq!(first["outcome"], "ok");
    assert!(first["at"].as_str().unwrap().ends_with("+08:00"));
    assert_eq!(first["hash"].as_str().unwrap().len(), 64);
    assert_eq!(log[1]["prev_hash"], first["hash"]);
}

#[test]
fn a_refused_attempt_is_recorded_with_its_reason() {
    let env = Env::onboarded(true);
    let (_, pin) = env.certify("李娜", "1");
    env.fails(
        4,
        &[
            "--as",
            "李娜",
            "--as-pin-file",
            &pin,
            "package",
            "buy",
            "--org",
            "1",
        ],
    );
    let log: Vec<_> = env
        .json(&["log", "--action", "package"])
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["outcome"] == "refused")
        .cloned()
        .collect();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0]["outcome"], "refused");
    assert_eq!(log[0]["actor"], "person:2 李娜");
    assert!(
        log[0]["details"]["reason"]
            .as_str()
            .unwrap()
            .contains("无权限")
    );
}

#[test]
fn log_filters_by_enterprise_person_action_and_time() {
    let env = Env::onboarded(true);
    let org_events = env.json(&["log", "--org", USCC_A]);
    assert_eq!(org_events.as_array().unwrap().len(), 4);
    let person_events = env.json(&["log", "--person", "李娜"]);
    // Registered, then added as a member.
    assert_eq!(person_events.as_array().unwrap().len(), 2);
    let member_adds = env.json(&["log", "--action", "org.member"]);
    assert_eq!(member_adds.as_array().unwrap().len(), 2);
    assert!(
        env.json(&["log", "--since", "2999-01-01"])
            .as_array()
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        env.json(&["log", "--since", "2000-01-01"])
            .as_array()
            .unwrap()
            .len(),
        8
    );
    // An action name prefix does not match a longer word.
    assert!(
        env.json(&["log", "--action", "org.mem"])
            .as_array()
            .unwrap()
            .is_empty()
    );
}

#[test]
fn log_refuses_a_malformed_since() {
    let env = Env::onboarded(false);
    let err = env.fails(5, &["log", "--since", "yesterday"]);
    assert!(err.contains("--since"), "{err}");
}

#[test]
fn log_verify_passes_on_an_untouched_history() {
    let env = Env::onboarded(true);
    let v = env.json(&["log", "verify"]);
    assert_eq!(v["events"], 8);
    assert!(v["problem"].is_null());
}

#[test]
fn history_rows_cannot_be_updated_or_deleted_through_the_schema() {
    let env = Env::onboarded(false);
    for sql in [
        "UPDATE events SET actor = 'x' WHERE seq = 1;",
        "DELETE FROM events WHERE seq = 1;",
    ] {
        let out = std::process::Command::new("sqlite3")
            .arg(&env.db)
            .arg(sql)
            .output()
            .unwrap();
        assert!(!out.status.success(), "{sql} should be refused");
    }
}

#[test]
fn log_verify_catches_an_event_edited_with_the_sqlite3_shell() {
    let env = Env::onboarded(true);
    env.sqlite3(
        "DROP TRIGGER events_no_update;
         UPDATE events SET details = '{\"method\":\"letter\",\"evidence\":null}' WHERE seq = 8;",
    );
    let out = env.run(&["log", "verify"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("event #8 was altered"), "{err}");
    assert!(err.contains("org.authorize"), "{err}");
}

#[test]
fn log_verify_catches_an_edited_actor_even_with_the_hash_kept() {
    let env = Env::onboarded(false);
    env.sqlite3(
        "DROP TRIGGER events_no_update; UPDATE events SET actor = 'person:9 某人' WHERE seq = 3;",
    );
    let v = env.run(&["--json", "log", "verify"]);
    assert_eq!(v.status.code(), Some(1));
    let j: serde_json::Value = serde_json::from_slice(&v.stdout).unwrap();
    assert_eq!(j["first_bad_seq"], 3);
}

#[test]
fn log_verify_catches_a_deleted_event() {
    let env = Env::onboarded(false);
    env.sqlite3("DROP TRIGGER events_no_delete; DELETE FROM events WHERE seq = 4;");
    let err = env.fails(1, &["log", "verify"]);
    assert!(err.contains("event #4 is missing"), "{err}");
}

#[test]
fn log_verify_catches_deleted_newest_events() {
    let env = Env::onboarded(false);
    env.sqlite3("DROP TRIGGER events_no_delete; DELETE FROM events WHERE seq >= 6;");
    let err = env.fails(1, &["log", "verify"]);
    assert!(err.contains("#6…#7 are missing"), "{err}");
}

#[test]
fn log_verify_catches_a_rehashed_event_by_its_broken_link() {
    let env = Env::onboarded(false);
    // An attacker who recomputes one row's own hash still breaks the next row's link.
    env.sqlite3(
        "DROP TRIGGER events_no_update; UPDATE events SET hash = printf('%064d', 0) WHERE seq = 2;",
    );
    let err = env.fails(1, &["log", "verify"]);
    assert!(err.contains("event #2"), "{err}");
}

/// The machine's host name as its kernel says, and the account name of this process's user
/// (what catool, run by this test, records).
fn this_machine() -> (String, String) {
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname").unwrap();
    let user = std::process::Command::new("id")
        .arg("-un")
        .output()
        .unwrap();
    (
        host.trim().to_string(),
        String::from_utf8_lossy(&user.stdout).trim().to_string(),
    )
}

#[test]
fn every_event_records_the_machine_and_os_user_besides_the_actor() {
    let env = Env::onboarded(true);
    let (host, user) = this_machine();
    // Not from the environment: a caller's USER or HOSTNAME changes nothing.
    env.cmd()
        .env("USER", "mallory")
        .env("LOGNAME", "mallory")
        .env("HOSTNAME", "elsewhere")
        .args([
            "person",
            "add",
            "--name",
            "周杰",
            "--id-number",
            "110108198001010015",
        ])
        .status()
        .unwrap()
        .success()
        .then_some(())
        .unwrap();
    let log = env.json(&["log"]);
    let events = log.as_array().unwrap();
    assert_eq!(events.len(), 9);
    for e in events {
        assert_eq!(e["host"], host.as_str(), "{e}");
        assert_eq!(e["os_user"], user.as_str(), "{e}");
        assert_eq!(e["actor"], "operator");
    }
    let table = env.ok(&["log"]);
    assert!(table.contains("MACHINE"), "{table}");
    assert!(table.contains(&format!("{user}@{host}")), "{table}");
    env.ok(&["log", "verify"]);
}

/// Runs `sql` on the events behind the append-only trigger's back, on either backend.
fn edit_events_behind_the_trigger(env: &Env, sql: &str) {
    if env.pg.is_some() {
        env.sqlite3(&format!(
            "ALTER TABLE events DISABLE TRIGGER events_no_update; {sql};
             ALTER TABLE events ENABLE TRIGGER events_no_update;"
        ));
    } else {
        common::tamper::behind_the_schema(env, "events_no_update", sql);
    }
}

#[test]
fn log_verify_catches_an_edited_host_or_os_user() {
    for sql in [
        "UPDATE events SET host = 'desk-9' WHERE seq = 3",
        "UPDATE events SET os_user = 'intruder' WHERE seq = 5",
        // Back to what an event written before schema 15 looks like: its MAC form changes.
        "UPDATE events SET host = NULL, os_user = NULL WHERE seq = 6",
    ] {
        let env = Env::onboarded(true);
        env.ok(&["log", "verify"]);
        edit_events_behind_the_trigger(&env, sql);
        let v = env.run(&["--json", "log", "verify"]);
        assert_eq!(v.status.code(), Some(1), "{sql}");
        let j: serde_json::Value = serde_json::from_slice(&v.stdout).unwrap();
        let seq: i64 = sql.rsplit(' ').next().unwrap().parse().unwrap();
        assert_eq!(j["first_bad_seq"], seq, "{sql}: {j}");
        assert!(
            j["problem"]
                .as_str()
                .unwrap()
                .contains(&format!("event #{seq} was altered")),
            "{sql}: {j}"
        );
    }
}
