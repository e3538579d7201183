//! A registry written by catool before its vocabulary and times were typed
//! (tests/fixtures/registry-v7, made by the make.sh beside it with commit 89a9259): today's
//! catool reads every record of it, verifies its history, and writes what it always wrote.

use std::path::Path;

use crate::common::*;

/// The fixture copied into a fresh directory (registry and master key, both 0600).
fn old_registry() -> Env {
    let env = Env::new();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/registry-v7");
    let key = env.path("registry.db.key");
    std::fs::copy(fixture.join("registry.db"), &env.db).unwrap();
    std::fs::copy(fixture.join("registry.db.key"), &key).unwrap();
    use std::os::unix::fs::PermissionsExt;
    for p in [&env.db, &key] {
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    env
}

/// Revokes the certificate of no enterprise (5), with today's catool.
const REVOKE_THE_UNAFFILIATED: &[&str] = &[
    "cert",
    "revoke",
    "--cert",
    "5",
    "--reason",
    "key-compromise",
];

/// `catool log verify` on `env` finds nothing wrong; its report.
fn verifies(env: &Env) -> serde_json::Value {
    let v = env.json(&["log", "verify"]);
    assert_eq!(v["problems"], serde_json::json!([]), "{v}");
    assert_eq!(v["state_compared"], true, "{v}");
    v
}

/// Every stored time of the registry, `table.column|rowid|text`, one per line.
fn stored_times(env: &Env) -> String {
    let columns = [
        ("orgs", "authorized_at"),
        ("orgs", "created_at"),
        ("persons", "created_at"),
        ("memberships", "joined_at"),
        ("packages", "bought_at"),
        ("packages", "paid_at"),
        ("slots", "assigned_at"),
        ("certs", "not_before"),
        ("certs", "not_after"),
        ("certs", "revoked_at"),
        ("certs", "frozen_at"),
        ("certs", "bound_at"),
        ("certs", "created_at"),
        ("cas", "not_after"),
        ("cas", "created_at"),
        ("tsas", "not_after"),
        ("tsas", "created_at"),
        ("seals", "created_at"),
        ("seal_grants", "valid_from"),
        ("seal_grants", "valid_until"),
        ("seal_grants", "created_at"),
        ("seal_assignments", "assigned_at"),
        ("ca_crl", "last_this_update"),
        ("ca_crl", "last_next_update"),
        ("events", "at"),
    ];
    let sql: Vec<String> = columns
        .iter()
        .map(|(t, c)| {
            format!("SELECT '{t}.{c}|' || rowid || '|' || {c} FROM {t} WHERE {c} IS NOT NULL")
        })
        .collect();
    env.sqlite3(&format!("{} ORDER BY 1;", sql.join(" UNION ALL ")))
}

#[test]
fn a_registry_written_before_the_typed_vocabulary_still_verifies() {
    let env = old_registry();
    assert_eq!(verifies(&env)["events"], 43);
}

#[test]
fn every_record_of_an_old_registry_reads_back() {
    let env = old_registry();
    for args in [
        &["org", "list"][..],
        &["org", "show", "1"],
        &["person", "list"],
        &["person", "show", "2"],
        &["package", "list"],
        &["cert", "list"],
        &["ca", "list"],
        &["tsa", "list"],
        &["seal", "list"],
        &["log"],
    ] {
        let v = env.json(args);
        assert!(!v.is_null(), "{args:?}");
    }
    for id in 1..=5 {
        let c = env.json(&["cert", "show", &id.to_string()]);
        assert_eq!(c["id"], id);
    }
    // The words and times as they were stored (times shown in the registry's zone).
    let c = env.json(&["cert", "show", "5"]);
    assert_eq!(c["status"], "active");
    assert_eq!(c["kind"], "personal");
    assert_eq!(c["algo"], "rsa2048");
    assert_eq!(c["org_id"], serde_json::Value::Null);
    let stored = env.sqlite3("SELECT not_after FROM certs WHERE id = 5;");
    let shown = c["not_after"].as_str().unwrap();
    let t = chrono::DateTime::parse_from_rfc3339(shown).unwrap();
    assert_eq!(
        t.with_timezone(&chrono::Utc)
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        stored.trim()
    );
}

#[test]
fn old_events_about_no_enterprise_read_as_none_and_new_ones_store_null() {
    let env = old_registry();
    // catool wrote 0 for "no enterprise" in the freeze and unfreeze of certificate 5.
    assert_eq!(
        env.sqlite3("SELECT seq, quote(org_id) FROM events WHERE cert_id = 5 ORDER BY seq;"),
        "40|NULL\n41|0\n42|0\n"
    );
    env.ok(REVOKE_THE_UNAFFILIATED);
    assert_eq!(
        env.sqlite3("SELECT quote(org_id) FROM events WHERE action = 'cert.revoke';"),
        "NULL\n"
    );
    let log = env.json(&["log", "--cert", "5"]);
    let orgs: Vec<_> = log
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["outcome"] == "ok")
        .map(|e| {
            (
                e["action"].as_str().unwrap().to_string(),
                e["org_id"].clone(),
            )
        })
        .collect();
    assert_eq!(
        orgs,
        [
            ("cert.import".to_string(), serde_json::Value::Null),
            ("cert.freeze".to_string(), serde_json::Value::Null),
            ("cert.unfreeze".to_string(), serde_json::Value::Null),
            ("cert.revoke".to_string(), serde_json::Value::Null),
        ]
    );
    // The stored 0s are covered by their MACs, the new NULL by its own: the chain holds.
    assert_eq!(verifies(&env)["events"], 44);
}

#[test]
fn times_are_written_as_they_were_stored_and_old_ones_are_left_alone() {
    let env = old_registry();
    let before = stored_times(&env);
    let shape = "[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]Z";
    env.ok(&["cert", "freeze", "--cert", "2"]);
    env.ok(&["cert", "unfreeze", "--cert", "2"]);
    env.ok(REVOKE_THE_UNAFFILIATED);
    let after = stored_times(&env);
    // What was there is still there, byte for byte; new times have the same form.
    let after_lines: std::collections::BTreeSet<&str> = after.lines().collect();
    for line in before.lines() {
        assert!(after_lines.contains(line), "changed or gone: {line}");
    }
    assert!(after.lines().count() > before.lines().count());
    for line in after.lines() {
        let text = line.rsplit('|').next().unwrap();
        assert_eq!(
            env.sqlite3(&format!("SELECT '{text}' GLOB '{shape}';"))
                .trim(),
            "1",
            "{line}"
        );
    }
    verifies(&env);
}

#[test]
fn an_old_registrys_certificates_are_found_by_fingerprint_once_it_is_opened() {
    let env = old_registry();
    let fp = env.json(&["cert", "show", "5"])["sha256_fingerprint"]
        .as_str()
        .expect("fingerprint")
        .replace(':', "");
    // Migration 0011 filled every row's lookup keys from its body, in its transaction.
    let unfilled =
        env.sqlite3("SELECT count(*) FROM certs WHERE sha256 IS NULL OR key_sha256 IS NULL");
    assert_eq!(unfilled.trim(), "0");
    let stored = env.sqlite3("SELECT sha256 FROM certs WHERE id = 5");
    assert_eq!(stored.trim(), fp);
    assert_eq!(
        env.json(&["cert", "show", &format!("sha256:{fp}")])["id"],
        5
    );
}

#[test]
fn events_written_before_the_machine_was_recorded_still_verify_beside_new_ones() {
    let env = old_registry();
    env.ok(REVOKE_THE_UNAFFILIATED);
    let v = verifies(&env);
    let log = env.json(&["log"]);
    let events = log.as_array().unwrap();
    assert_eq!(v["events"], events.len());
    let (old, new) = events.split_at(43);
    for e in old {
        assert!(e["host"].is_null() && e["os_user"].is_null(), "{e}");
    }
    assert!(!new.is_empty());
    for e in new {
        assert!(e["host"].is_string() && e["os_user"].is_string(), "{e}");
    }
    // An old event given a machine afterwards is altered (its MAC covers none).
    crate::common::tamper::behind_the_schema(
        &env,
        "events_no_update",
        "UPDATE events SET host = 'desk-1', os_user = 'ops' WHERE seq = 7",
    );
    let out = env.run(&["--json", "log", "verify"]);
    assert_eq!(out.status.code(), Some(1));
    let j: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(j["first_bad_seq"], 7, "{j}");
}
