//! Attacks on the registry's history and state (issue 12, item 7; `log verify` of item 2), tried
//! the way someone with a shell on the operator's machine would: the sqlite3 shell or a small
//! program on `registry.db`, but *without* the master key file. Each test is one attack and
//! the refusal or detection that answers it.

use crate::common;
use crate::common::tamper;
use common::*;
use tamper::*;

use std::process::Output;

use serde_json::Value;

// ---- helpers --------------------------------------------------------------------------------

/// An onboarded enterprise with an SM2 CA, a paid package (slot 1 enterprise, 2 and 3
/// personal) and certificate 1 issued on slot 2 to 李娜 with PIN 123456.
fn with_cert() -> Env {
    let env = Env::with_lina_certificate("测试CA", "sm2");
    write_secret(&env.path("pin2"), "654321\n");
    write_secret(&env.path("bad"), "000000\n");
    env
}

fn wrong_pin(env: &Env, cert: &str) {
    env.fails(
        4,
        &[
            "cert",
            "verify-pin",
            "--cert",
            cert,
            "--pin-file",
            &p(env, "bad"),
        ],
    );
}

/// `log verify` must find tampering: exit 1; returns stderr.
fn tampering(env: &Env) -> String {
    let out = env.run(&["log", "verify"]);
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(
        out.status.code(),
        Some(1),
        "log verify should report tampering\nstdout: {}\nstderr: {err}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(err.contains("历史记录被篡改"), "{err}");
    err
}

fn verify_json(env: &Env) -> (Option<i32>, Value) {
    let out = env.run(&["--json", "log", "verify"]);
    let v: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("bad JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)));
    (out.status.code(), v)
}

fn checkpoint(env: &Env) {
    env.sqlite3("PRAGMA wal_checkpoint(TRUNCATE);");
}

fn ten_months_later(env: &Env, args: &[&str]) -> Output {
    let later = (chrono::Utc::now() + chrono::Duration::days(300)).to_rfc3339();
    env.cmd()
        .env("CATOOL_NOW", later)
        .args(args)
        .output()
        .unwrap()
}

// ---- the chain ------------------------------------------------------------------------------

#[test]
fn an_edited_event_with_the_chain_recomputed_without_the_master_key_is_detected() {
    let env = Env::onboarded(true);
    behind_the_schema(
        &env,
        "events_no_update",
        "UPDATE events SET details = '{\"method\":\"letter\",\"evidence\":null}' WHERE seq = 8",
    );
    rechain_without_the_key(&env);
    let err = tampering(&env);
    // The first event the attacker re-hashed is the first one that fails: their hashes are
    // plain SHA-256, the chain is keyed.
    assert!(err.contains("event #1 "), "{err}");
    let (code, v) = verify_json(&env);
    assert_eq!(code, Some(1));
    assert_eq!(v["first_bad_seq"], 1);
}

/// Event 8's details replaced behind the schema by `value` (an SQLite expression).
fn details_made(env: &Env, value: &str) {
    behind_the_schema(
        env,
        "events_no_update",
        &format!("UPDATE events SET details = {value} WHERE seq = 8"),
    );
}

#[test]
fn an_event_whose_details_are_not_text_is_found_altered_and_refused_as_an_edit_not_a_bug() {
    // Text that is not UTF-8 (SQLite does not check it; a STRICT table refuses a blob in a
    // text column); catool writes UTF-8 text only.
    let env = Env::onboarded(true);
    details_made(&env, "CAST(X'7B2261223A22FF227D' AS TEXT)");
    // The verdict names the event: read with the bytes that are not UTF-8 replaced, it is
    // not what its MAC covers.
    let err = tampering(&env);
    assert!(err.contains("event #8 "), "{err}");
    let (code, v) = verify_json(&env);
    assert_eq!((code, &v["first_bad_seq"]), (Some(1), &Value::from(8)));
    // What reads the event as it is refuses it as an edit of the file, not as a bug.
    for args in [&["log"][..], &["--json", "log"]] {
        let err = env.fails(6, args);
        assert!(
            err.contains("catool never writes") && !err.contains("bug"),
            "{args:?}: {err}"
        );
    }
}

#[test]
fn a_replacement_character_swapped_for_a_byte_that_reads_back_as_one_is_found_altered() {
    // The event's text had U+FFFD (a name typed with it); its three bytes made one byte that
    // is not UTF-8, which a lossy read turns back into U+FFFD: the event must not verify.
    let env = Env::new();
    env.ok(&[
        "person",
        "add",
        "--name",
        "张\u{fffd}伟",
        "--id-number",
        "110108198503120011",
    ]);
    behind_the_schema(
        &env,
        "events_no_update",
        "UPDATE events SET details = replace(details, char(65533), CAST(X'FF' AS TEXT)) \
         WHERE action = 'person.add'",
    );
    let err = tampering(&env);
    assert!(err.contains("event #"), "{err}");
}

#[test]
fn deleting_the_newest_events_and_rewinding_sqlite_sequence_is_detected() {
    let env = Env::onboarded(true);
    behind_the_schema(
        &env,
        "events_no_delete",
        "DELETE FROM events WHERE seq >= 6; UPDATE sqlite_sequence SET seq = 5 WHERE name = 'events'",
    );
    let err = tampering(&env);
    assert!(err.contains("#6…#8"), "{err}");
    let (_, v) = verify_json(&env);
    assert_eq!(v["first_bad_seq"], 6);
}

#[test]
fn deleting_every_event_is_detected() {
    let env = Env::onboarded(true);
    behind_the_schema(
        &env,
        "events_no_delete",
        "DELETE FROM events; DELETE FROM sqlite_sequence WHERE name = 'events';
         DELETE FROM settings WHERE key LIKE 'history.%'",
    );
    let err = tampering(&env);
    assert!(err.contains("history is empty"), "{err}");
}

#[test]
fn an_event_written_with_the_clock_set_back_is_detected() {
    let env = Env::onboarded(false);
    // The debug build's test clock plays a system clock set back by an attacker.
    let out = env
        .cmd()
        .env("CATOOL_NOW", "2020-01-01T00:00:00Z")
        .args(["org", "authorize", "--org", "1", "--method", "face"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let err = tampering(&env);
    assert!(err.contains("event #8"), "{err}");
    assert!(err.contains("2020-01-01T08:00:00+08:00"), "{err}");
    assert!(err.contains("before event #7"), "{err}");
}

#[test]
fn log_verify_without_the_master_key_says_it_needs_it() {
    let env = Env::onboarded(false);
    std::fs::rename(env.path("registry.db.key"), env.path("elsewhere.key")).unwrap();
    let err = env.fails(6, &["log", "verify"]);
    assert!(err.contains("master key"), "{err}");
    env.ok(&["--master-key", &p(&env, "elsewhere.key"), "log", "verify"]);
}

#[test]
fn a_pinned_head_detects_a_restored_older_copy_of_the_registry() {
    let env = with_cert();
    checkpoint(&env);
    std::fs::copy(&env.db, env.path("before-lock.db")).unwrap();
    for _ in 0..5 {
        wrong_pin(&env, "1");
    }
    let (code, v) = verify_json(&env);
    assert_eq!(code, Some(0), "{v}");
    let pinned = v["head"].as_str().unwrap().to_string();
    // Restoring the copy clears the lock and is consistent in itself …
    std::fs::copy(env.path("before-lock.db"), &env.db).unwrap();
    for ext in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(env.path(&format!("registry.db{ext}")));
    }
    assert_eq!(env.json(&["cert", "show", "1"])["locked"], false);
    // … but not with the head pinned before it.
    let out = env.run(&["log", "verify", "--head", &pinned]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("older copy"), "{err}");
}

// ---- state against the history --------------------------------------------------------------

#[test]
fn a_revoked_certificate_cannot_be_revived_with_a_plain_sqlite3_update() {
    let env = with_cert();
    env.ok(&[
        "cert",
        "revoke",
        "--cert",
        "1",
        "--reason",
        "key-compromise",
    ]);
    let out = std::process::Command::new("sqlite3")
        .arg(&env.db)
        .arg("UPDATE certs SET status = 'active', revoked_at = NULL WHERE id = 1;")
        .output()
        .unwrap();
    assert!(!out.status.success(), "the schema must refuse it");
    assert!(String::from_utf8_lossy(&out.stderr).contains("D12"));
}

#[test]
fn a_revoked_certificate_revived_behind_the_schema_is_detected() {
    let env = with_cert();
    env.ok(&[
        "cert",
        "revoke",
        "--cert",
        "1",
        "--reason",
        "key-compromise",
    ]);
    behind_the_schema(
        &env,
        "cert_revocation_final",
        "UPDATE certs SET status = 'active', revoked_at = NULL, revoke_reason = NULL WHERE id = 1",
    );
    let err = tampering(&env);
    assert!(err.contains("certificate 1"), "{err}");
    assert!(err.contains("'active'"), "{err}");
    assert!(err.contains("'revoked'"), "{err}");
    let (_, v) = verify_json(&env);
    assert_eq!(v["first_bad_row"], "certs:1");
}

#[test]
fn a_changed_revocation_reason_is_detected() {
    let env = with_cert();
    env.ok(&[
        "cert",
        "revoke",
        "--cert",
        "1",
        "--reason",
        "key-compromise",
    ]);
    behind_the_schema(
        &env,
        "cert_revocation_final",
        "UPDATE certs SET revoke_reason = 'unspecified' WHERE id = 1",
    );
    let err = tampering(&env);
    assert!(err.contains("key-compromise"), "{err}");
}

#[test]
fn unlocking_a_locked_certificate_behind_the_schema_is_detected() {
    let env = with_cert();
    for _ in 0..5 {
        wrong_pin(&env, "1");
    }
    behind_the_schema(
        &env,
        "cert_lock_holds",
        "UPDATE certs SET locked = 0, wrong_pins = 0 WHERE id = 1",
    );
    let err = tampering(&env);
    assert!(err.contains("certificate 1"), "{err}");
    assert!(err.contains("locked"), "{err}");
}

#[test]
fn a_reset_wrong_pin_count_is_detected() {
    let env = with_cert();
    for _ in 0..4 {
        wrong_pin(&env, "1");
    }
    env.sqlite3("UPDATE certs SET wrong_pins = 0 WHERE id = 1;");
    let err = tampering(&env);
    assert!(err.contains("wrong PIN"), "{err}");
}

#[test]
fn a_right_pin_after_wrong_ones_leaves_a_consistent_history() {
    let env = with_cert();
    for _ in 0..3 {
        wrong_pin(&env, "1");
    }
    env.ok(&[
        "cert",
        "verify-pin",
        "--cert",
        "1",
        "--pin-file",
        &p(&env, "pin"),
    ]);
    wrong_pin(&env, "1");
    env.ok(&["log", "verify"]);
}

#[test]
fn a_certificate_row_inserted_with_sqlite3_is_detected() {
    let env = with_cert();
    env.sqlite3(
        "INSERT INTO certs (kind, owner_person_id, serial_hex, issuer_dn, subject_dn, algo,
                            not_before, not_after, cert_der, key_sealed, holder_person_id,
                            org_id, created_at)
         SELECT kind, 4, 'ff01', issuer_dn, subject_dn, algo, not_before, not_after, cert_der,
                key_sealed, 4, org_id, created_at FROM certs WHERE id = 1;",
    );
    let err = tampering(&env);
    assert!(err.contains("certificate 2"), "{err}");
    assert!(err.contains("no history"), "{err}");
}

#[test]
fn a_changed_certificate_holder_is_detected() {
    let env = with_cert();
    env.sqlite3("UPDATE certs SET holder_person_id = 4 WHERE id = 1;");
    let err = tampering(&env);
    assert!(err.contains("holder"), "{err}");
}

#[test]
fn a_slot_reassigned_with_sqlite3_is_detected() {
    let env = with_cert();
    env.ok(&[
        "cert", "assign", "--slot", "3", "--owner", "王芳", "--holder", "王芳",
    ]);
    env.sqlite3("UPDATE slots SET holder_person_id = 4 WHERE id = 3;");
    let err = tampering(&env);
    assert!(err.contains("slot 3"), "{err}");
}

#[test]
fn a_slot_added_to_a_package_with_sqlite3_is_detected() {
    let env = with_cert();
    env.sqlite3("INSERT INTO slots (package_id, org_id, kind) VALUES (1, 1, 'personal');");
    let err = tampering(&env);
    assert!(err.contains("package 1"), "{err}");
}

#[test]
fn a_package_marked_paid_with_sqlite3_is_detected() {
    let env = with_cert();
    env.ok(&["package", "buy", "--org", "1"]);
    env.sqlite3(
        "UPDATE packages SET status = 'paid', paid_at = '2026-01-01T00:00:00Z' WHERE id = 2;",
    );
    let err = tampering(&env);
    assert!(err.contains("package 2"), "{err}");
}

#[test]
fn a_member_made_administrator_with_sqlite3_is_detected() {
    let env = Env::onboarded(true);
    env.sqlite3(
        "UPDATE memberships SET role = 'member' WHERE person_id = 1;
         UPDATE memberships SET role = 'admin' WHERE person_id = 2;",
    );
    let err = tampering(&env);
    assert!(err.contains("membership"), "{err}");
}

#[test]
fn a_voided_seal_revived_behind_the_schema_is_detected() {
    let env = with_cert();
    env.ok(&[
        "seal",
        "make",
        "--kind",
        "official",
        "--org",
        "1",
        "--out",
        &p(&env, "s.png"),
    ]);
    env.ok(&["seal", "void", "--seal", "1", "--reason", "印章遗失"]);
    behind_the_schema(
        &env,
        "seal_void_final",
        "UPDATE seals SET state = 'effective' WHERE id = 1",
    );
    let err = tampering(&env);
    assert!(err.contains("seal 1"), "{err}");
    assert!(err.contains("'void'"), "{err}");
}

#[test]
fn a_widened_seal_grant_is_detected() {
    let env = with_cert();
    env.ok(&[
        "seal",
        "make",
        "--kind",
        "official",
        "--org",
        "1",
        "--out",
        &p(&env, "s.png"),
    ]);
    env.ok(&[
        "seal",
        "grant",
        "--seal",
        "1",
        "--to",
        "王芳",
        "--from",
        "2026-01-01",
        "--until",
        "2026-02-01",
        "--reason",
        "投标",
    ]);
    env.sqlite3("UPDATE seal_grants SET valid_until = '2099-01-01T00:00:00Z' WHERE id = 1;");
    let err = tampering(&env);
    assert!(err.contains("grant 1"), "{err}");
}

#[test]
fn a_seal_assignment_inserted_with_sqlite3_is_detected() {
    let env = with_cert();
    env.ok(&[
        "seal",
        "make",
        "--kind",
        "official",
        "--org",
        "1",
        "--out",
        &p(&env, "s.png"),
    ]);
    env.sqlite3("INSERT INTO seal_assignments VALUES (1, 1, '2026-01-01T00:00:00Z');");
    let err = tampering(&env);
    assert!(err.contains("seal 1"), "{err}");
    assert!(err.contains("certificate 1"), "{err}");
}

#[test]
fn a_lowered_kdf_cost_is_detected() {
    let env = Env::onboarded(false);
    env.sqlite3("UPDATE settings SET value = '8' WHERE key = 'kdf.memory_kib';");
    let err = tampering(&env);
    assert!(err.contains("kdf.memory_kib"), "{err}");
}

#[test]
fn a_whole_lifecycle_replays_to_the_stored_state() {
    let env = with_cert();
    // The operator acts (a person's rights are not what is replayed here).
    let run = |args: &[&str]| {
        env.ok(args);
    };
    run(&["cert", "holder", "--cert", "1", "--holder", "王芳"]);
    run(&["cert", "holder", "--cert", "1", "--holder", "李娜"]);
    run(&[
        "cert",
        "bind",
        "--cert",
        "1",
        "--to",
        "李娜",
        "--pin-file",
        &p(&env, "pin"),
    ]);
    run(&[
        "seal",
        "make",
        "--kind",
        "official",
        "--org",
        "1",
        "--out",
        &p(&env, "s.png"),
    ]);
    run(&["seal", "assign", "--seal", "1", "--cert", "1"]);
    run(&[
        "seal",
        "grant",
        "--seal",
        "1",
        "--to",
        "王芳",
        "--from",
        "2026-01-01",
        "--until",
        "2099-01-01",
        "--reason",
        "投标",
    ]);
    run(&["seal", "revoke-grant", "--grant", "1"]);
    wrong_pin(&env, "1");
    env.ok(&[
        "cert",
        "reissue",
        "--cert",
        "1",
        "--new-pin-file",
        &p(&env, "pin2"),
    ]);
    env.ok(&["cert", "freeze", "--cert", "2"]);
    env.ok(&["cert", "unfreeze", "--cert", "2"]);
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
    env.ok(&[
        "cert",
        "revoke",
        "--cert",
        "3",
        "--reason",
        "key-compromise",
    ]);
    env.ok(&["crl", "--out", &p(&env, "crl.der")]);
    env.ok(&["org", "transfer-admin", "--org", "1", "--to", "王芳"]);
    env.ok(&["org", "member", "remove", "--org", "1", "--person", "张伟"]);
    env.ok(&["config", "set", "package.price_per_year", "280"]);
    env.ok(&["package", "buy", "--org", "1"]);
    env.ok(&["package", "pay", "--package", "2"]);
    let out = ten_months_later(
        &env,
        &[
            "cert",
            "extend",
            "--cert",
            "2",
            "--pin-file",
            &p(&env, "pin2"),
            "--keep-key",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (code, v) = verify_json(&env);
    assert_eq!(code, Some(0), "{v}");
    assert!(v["problem"].is_null(), "{v}");
}

#[test]
fn a_ca_certificate_cannot_be_swapped_with_a_plain_sqlite3_update() {
    let env = with_cert();
    env.ok(&["ca", "init", "--name", "另一CA", "--algo", "sm2"]);
    let out = std::process::Command::new("sqlite3")
        .arg(&env.db)
        .arg("UPDATE cas SET cert_der = (SELECT cert_der FROM cas WHERE id = 2) WHERE id = 1;")
        .output()
        .unwrap();
    assert!(!out.status.success(), "the schema must refuse it");
    assert!(String::from_utf8_lossy(&out.stderr).contains("never change"));
}

#[test]
fn a_ca_certificate_swapped_behind_the_schema_is_detected() {
    // The red team's attack: a look-alike CA certificate in place of the registry's, so that
    // signatures by a forged certificate verify. Here the swap takes another registry CA's.
    let env = with_cert();
    env.ok(&["ca", "init", "--name", "另一CA", "--algo", "sm2"]);
    behind_the_schema(
        &env,
        "ca_identity_fixed",
        "UPDATE cas SET cert_der = (SELECT cert_der FROM cas WHERE id = 2) WHERE id = 1",
    );
    let err = tampering(&env);
    assert!(err.contains("CA 1"), "{err}");
    let (_, v) = verify_json(&env);
    assert_eq!(v["first_bad_row"], "cas:1", "{v:#}");
}

#[test]
fn a_tsa_certificate_swapped_behind_the_schema_is_detected() {
    let env = with_cert();
    env.ok(&["tsa", "init", "--ca", "测试CA", "--name", "TSA 1"]);
    env.ok(&["tsa", "init", "--ca", "测试CA", "--name", "TSA 2"]);
    behind_the_schema(
        &env,
        "tsa_identity_fixed",
        "UPDATE tsas SET cert_der = (SELECT cert_der FROM tsas WHERE id = 2) WHERE id = 1",
    );
    let err = tampering(&env);
    assert!(err.contains("TSA 1"), "{err}");
}

// ---- the schema -----------------------------------------------------------------------------

#[test]
fn a_dropped_append_only_trigger_is_refused_on_open() {
    let env = Env::onboarded(false);
    env.sqlite3("DROP TRIGGER events_no_delete;");
    let err = env.fails(6, &["org", "list"]);
    assert!(err.contains("events_no_delete"), "{err}");
    assert!(err.contains("log verify"), "{err}");
    let err = tampering(&env);
    assert!(err.contains("events_no_delete"), "{err}");
}

#[test]
fn an_added_trigger_is_refused_on_open() {
    let env = with_cert();
    env.sqlite3(
        "CREATE TRIGGER revive AFTER INSERT ON events BEGIN
             UPDATE certs SET wrong_pins = 0;
         END;",
    );
    let err = env.fails(6, &["cert", "list"]);
    assert!(err.contains("revive"), "{err}");
}

// ---- migration from the unkeyed chain ---------------------------------------------------------

#[test]
fn a_v1_registry_is_rekeyed_once_and_the_rekey_is_recorded() {
    let env = with_cert();
    as_v1_registry(&env, true);
    let v = env.json(&["log", "verify"]);
    assert!(v["problem"].is_null(), "{v}");
    let rekeys = env.json(&["log", "--action", "history.rekey"]);
    assert_eq!(rekeys.as_array().unwrap().len(), 1, "{rekeys}");
    assert_eq!(rekeys[0]["details"]["unkeyed_chain"], "intact");
    env.ok(&[
        "person",
        "add",
        "--name",
        "赵六",
        "--id-number",
        "110108200001010015",
    ]);
    env.ok(&["log", "verify"]);
    assert_eq!(
        env.json(&["log", "--action", "history.rekey"])
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        env.sqlite3("PRAGMA user_version;").trim(),
        catool::registry::SCHEMA_VERSION.to_string()
    );
}

#[test]
fn a_v1_history_broken_before_the_upgrade_stays_reported_after_the_rekey() {
    let env = Env::onboarded(true);
    as_v1_registry(&env, true);
    behind_the_schema(
        &env,
        "events_no_update",
        "UPDATE events SET actor = 'person:9 某人' WHERE seq = 3",
    );
    let err = tampering(&env);
    assert!(err.contains("before the upgrade"), "{err}");
    assert!(err.contains("#3"), "{err}");
}

#[test]
fn a_keyed_registry_disguised_as_v1_is_not_rekeyed() {
    let env = with_cert();
    env.ok(&[
        "cert",
        "revoke",
        "--cert",
        "1",
        "--reason",
        "key-compromise",
    ]);
    // The attacker edits state and history consistently, re-hashes the chain without the key
    // and makes the file look like a v1 registry; they cannot compute the v1 check value.
    behind_the_schema(
        &env,
        "cert_revocation_final",
        "UPDATE certs SET status = 'active', revoked_at = NULL, revoke_reason = NULL WHERE id = 1",
    );
    behind_the_schema(
        &env,
        "events_no_delete",
        "DELETE FROM events WHERE seq = (SELECT max(seq) FROM events);
         UPDATE sqlite_sequence SET seq = seq - 1 WHERE name = 'events'",
    );
    as_v1_registry(&env, false);
    let err = tampering(&env);
    assert!(err.contains("master key check"), "{err}");
    let err = env.fails(
        6,
        &[
            "person",
            "add",
            "--name",
            "赵六",
            "--id-number",
            "110108200001010015",
        ],
    );
    assert!(err.contains("master key check"), "{err}");
    assert!(
        env.json(&["log", "--action", "history.rekey"])
            .as_array()
            .unwrap()
            .is_empty()
    );
}

/// Issue 17: `log verify` holds a bounded number of replayed rows in memory, the others in a
/// temporary file. Made to hold two, nearly every row goes through the file (written and read
/// back many times); a revived certificate and a changed holder must be found exactly as when
/// every row fits in memory: the same findings in the same order, the same first bad row and
/// event, the same facts not provable.
#[test]
fn log_verify_in_bounded_memory_finds_what_it_finds_in_memory() {
    let env = with_cert();
    for slot in ["1", "3"] {
        let owner = if slot == "1" { "张伟" } else { "王芳" };
        env.ok(&[
            "cert", "assign", "--slot", slot, "--owner", owner, "--holder", owner,
        ]);
        env.ok(&[
            "cert",
            "issue",
            "--slot",
            slot,
            "--pin-file",
            &p(&env, "pin"),
        ]);
    }
    env.ok(&["cert", "freeze", "--cert", "2"]);
    env.ok(&[
        "cert",
        "revoke",
        "--cert",
        "1",
        "--reason",
        "key-compromise",
    ]);
    let verify = |rows: usize| {
        let mut reg = catool::registry::Registry::open_at(&env.location()).unwrap();
        let master =
            catool::domain::keystore::master_key(&mut reg, &env.path("registry.db.key")).unwrap();
        catool::domain::history::verify_bounded(&mut reg, &master, &[], None, rows).unwrap()
    };
    let honest = verify(2);
    assert!(
        honest.rows_spilled > 0,
        "two rows in memory: nothing spilled"
    );
    assert!(honest.findings.is_empty(), "{:?}", honest.problems);
    behind_the_schema(
        &env,
        "cert_revocation_final",
        "UPDATE certs SET status = 'active', revoked_at = NULL, revoke_reason = NULL WHERE id = 1",
    );
    env.sqlite3("UPDATE certs SET holder_person_id = 1 WHERE id = 3");
    let in_memory = verify(catool::domain::replay::ROWS_IN_MEMORY);
    assert_eq!(in_memory.rows_spilled, 0);
    assert_eq!(in_memory.first_bad_row.as_deref(), Some("certs:1"));
    assert!(in_memory.problems.len() >= 4, "{:?}", in_memory.problems);
    for rows in [2, 3, 5] {
        let bounded = verify(rows);
        assert!(
            bounded.rows_spilled > 0,
            "{rows} rows in memory: nothing spilled"
        );
        assert_eq!(
            bounded.problems, in_memory.problems,
            "{rows} rows in memory"
        );
        assert_eq!(bounded.first_bad_row, in_memory.first_bad_row);
        assert_eq!(bounded.first_bad_seq, in_memory.first_bad_seq);
        assert_eq!(bounded.not_provable, in_memory.not_provable);
        assert_eq!(bounded.state_compared, in_memory.state_compared);
    }
    // The command itself (its default bound) says the same.
    let (_, v) = verify_json(&env);
    assert_eq!(v["first_bad_row"], "certs:1");
    assert_eq!(
        v["problems"].as_array().map(Vec::len),
        Some(in_memory.problems.len())
    );
}
