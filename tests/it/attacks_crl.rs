//! The next CRL starts from the last one (issue 17): its entries, pinned by the SHA-256 its
//! keyed `ca.crl` event recorded, plus the certificates the keyed events since then are
//! about. Someone with the registry file but not the master key rolls that back — the stored
//! CRL replaced by an older, validly signed one, its entries edited, events deleted — and the
//! next CRL must still list every revocation (catool then builds it from every certificate).
//! Built either way, a CRL lists the same entries.

use std::process::Command;

use serde_json::Value;

use crate::attacks_identity::serial;
use crate::attacks_lookup::second_certificate;
use crate::common::tamper::behind_the_schema;
use crate::common::*;

/// 李娜's certificate 1 and 张伟's certificate 2, both of CA "RSA CA".
fn two_certificates() -> Env {
    let env = Env::with_lina_certificate("RSA CA", "rsa2048");
    assert_eq!(second_certificate(&env), "2");
    env
}

/// Issues the next CRL into `file`; its report.
fn crl(env: &Env, file: &str) -> Value {
    let out = env.path(file);
    env.json(&["crl", "--out", out.to_str().unwrap()])
}

/// The serials a CRL report lists.
fn listed(report: &Value) -> Vec<String> {
    report["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .map(|e| e["serial"].as_str().unwrap_or_default().to_uppercase())
        .collect()
}

pub(crate) fn revoke(env: &Env, id: &str) {
    env.ok(&["cert", "revoke", "--cert", id, "--reason", "key-compromise"]);
}

#[test]
fn a_stored_crl_rolled_back_to_an_older_one_does_not_take_a_revocation_off_the_next_crl() {
    let env = two_certificates();
    crl(&env, "1.crl");
    let put_back = env.sqlite3(
        "SELECT 'UPDATE ca_crl SET last_number = ' || last_number
             || ', last_this_update = ' || quote(last_this_update)
             || ', last_next_update = ' || quote(last_next_update)
             || ', last_der = ' || quote(last_der)
             || ', last_entries = ' || quote(last_entries) || ';'
         FROM ca_crl",
    );
    revoke(&env, "1");
    assert_eq!(listed(&crl(&env, "2.crl")), [serial(&env, "1")]);
    // The first CRL (validly signed by the CA, with its stored entries) put back.
    env.sqlite3(&put_back);
    assert_eq!(listed(&crl(&env, "3.crl")), [serial(&env, "1")]);
}

#[test]
fn stored_crl_entries_edited_outside_catool_do_not_reach_the_next_crl() {
    let env = two_certificates();
    revoke(&env, "1");
    assert_eq!(listed(&crl(&env, "1.crl")), [serial(&env, "1")]);
    env.sqlite3("UPDATE ca_crl SET last_entries = X''");
    assert_eq!(listed(&crl(&env, "2.crl")), [serial(&env, "1")]);
}

/// CRL 1 lists certificate 2 on hold, CRL 2 certificate 1 revoked (one entry each); then CRL
/// 1's `column` (its DER or its stored entries) is put in CRL 2's place, the rest of the row
/// left as it is. The next CRL must list certificate 1 revoked, and only it.
fn crl_column_swapped_for_the_one_before(column: &str) {
    let env = two_certificates();
    env.ok(&["cert", "freeze", "--cert", "2"]);
    assert_eq!(listed(&crl(&env, "1.crl")), [serial(&env, "2")]);
    let (hex, blob) = match on_postgres() {
        true => (format!("encode({column}, 'hex')"), "decode('{}', 'hex')"),
        false => (format!("hex({column})"), "X'{}'"),
    };
    let before = env.sqlite3(&format!("SELECT {hex} FROM ca_crl"));
    env.ok(&["cert", "unfreeze", "--cert", "2"]);
    revoke(&env, "1");
    assert_eq!(listed(&crl(&env, "2.crl")), [serial(&env, "1")]);
    let before = blob.replace("{}", before.trim());
    env.sqlite3(&format!("UPDATE ca_crl SET {column} = {before}"));
    let next = crl(&env, "3.crl");
    assert_eq!(
        entries(&next)
            .into_iter()
            .map(|(id, serial, reason, _)| (id, serial.to_uppercase(), reason))
            .collect::<Vec<_>>(),
        [(1, serial(&env, "1"), "key-compromise".to_string())]
    );
    let text = Command::new("openssl")
        .args(["crl", "-inform", "DER", "-noout", "-text", "-in"])
        .arg(env.path("3.crl"))
        .output()
        .expect("run openssl");
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains(&serial(&env, "1")), "{text}");
    assert!(!text.contains(&serial(&env, "2")), "{text}");
    assert!(
        text.contains("Key Compromise") && !text.contains("Hold"),
        "{text}"
    );
}

#[test]
fn a_stored_crl_swapped_for_another_signed_one_is_not_copied_into_the_next_crl() {
    crl_column_swapped_for_the_one_before("last_der");
}

#[test]
fn stored_crl_entries_swapped_for_an_older_crls_are_not_matched_with_its_der() {
    crl_column_swapped_for_the_one_before("last_entries");
}

/// Deletes the events `which` (an SQL condition), putting the trigger back.
fn delete_events(env: &Env, which: &str) {
    let sql = format!("DELETE FROM events WHERE {which}");
    behind_the_schema(env, "events_no_delete", &sql);
}

/// A CRL refused (exit 6) because an event is missing: no CRL is signed on a history that
/// lost one (red team 7; before, the revocation only the row still recorded refused it).
fn refused_for_a_missing_event(env: &Env) {
    refused_naming(env, &["history altered", "missing"]);
}

/// The next CRL refused (exit 6), naming each of `words`; no file written.
fn refused_naming(env: &Env, words: &[&str]) {
    let err = env.fails(6, &["crl", "issue", "--out", &p(env, "2.crl")]);
    assert!(words.iter().all(|w| err.contains(w)), "{err}");
    assert!(!env.path("2.crl").exists());
}

#[test]
fn a_revocation_event_deleted_since_the_last_crl_does_not_take_it_off_the_next_crl() {
    let env = two_certificates();
    crl(&env, "1.crl");
    revoke(&env, "1");
    revoke(&env, "2");
    delete_events(&env, "action = 'cert.revoke' AND object = 'cert:1'");
    refused_for_a_missing_event(&env);
}

#[test]
fn the_newest_event_deleted_does_not_take_its_revocation_off_the_next_crl() {
    let env = two_certificates();
    crl(&env, "1.crl");
    revoke(&env, "1");
    delete_events(&env, "seq = (SELECT max(seq) FROM events)");
    refused_for_a_missing_event(&env);
}

/// The entries of a CRL report: certificate, serial, reason, date.
fn entries(report: &Value) -> Vec<(i64, String, String, String)> {
    report["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .map(|e| {
            let text = |k: &str| e[k].as_str().unwrap_or_default().to_string();
            let id = e["cert_id"].as_i64().unwrap_or_default();
            (id, text("serial"), text("reason"), text("revoked_at"))
        })
        .collect()
}

/// What `openssl crl -verify` says of CRL `file` against the CA certificate.
fn openssl_verifies(env: &Env, file: &str) -> bool {
    let ca = env.path("ca.pem");
    env.ok(&[
        "ca",
        "export",
        "RSA CA",
        "--out",
        ca.to_str().unwrap(),
        "--force",
    ]);
    let out = Command::new("openssl")
        .args(["crl", "-inform", "DER", "-noout", "-verify", "-CAfile"])
        .arg(&ca)
        .arg("-in")
        .arg(env.path(file))
        .output()
        .expect("run openssl");
    String::from_utf8_lossy(&out.stderr).contains("verify OK")
}

#[test]
fn a_crl_built_from_the_last_one_lists_what_a_crl_built_from_every_certificate_lists() {
    let env = two_certificates();
    let third = second_certificate(&env);
    let fourth = second_certificate(&env);
    crl(&env, "1.crl");
    env.ok(&["cert", "freeze", "--cert", "1"]);
    env.ok(&["cert", "freeze", "--cert", &third]);
    crl(&env, "2.crl");
    revoke(&env, "2");
    env.ok(&["cert", "unfreeze", "--cert", &third]);
    crl(&env, "3.crl");
    reissue(&env, &fourth);
    revoke(&env, &third);
    let from_last = crl(&env, "4.crl");
    assert!(openssl_verifies(&env, "4.crl"));
    // Without the stored entries the next CRL is built from every certificate.
    env.sqlite3("UPDATE ca_crl SET last_entries = NULL");
    let from_all = crl(&env, "5.crl");
    assert!(openssl_verifies(&env, "5.crl"));
    let built = entries(&from_last);
    assert_eq!(built.len(), 4, "{from_last:#}");
    assert_eq!(built, entries(&from_all));
    // The DER entries (serial, date, reason) are the same too.
    let der_entries = |file: &str| {
        let out = Command::new("openssl")
            .args(["crl", "-inform", "DER", "-noout", "-text", "-in"])
            .arg(env.path(file))
            .output()
            .expect("run openssl");
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        text.split_once("Revoked Certificates:")
            .map(|(_, rest)| {
                rest.split("Signature Algorithm")
                    .next()
                    .unwrap_or("")
                    .to_string()
            })
            .unwrap_or_default()
    };
    assert_eq!(der_entries("4.crl"), der_entries("5.crl"));
}

// Red team 7 (issue 17's CRL from the last one): what a row says never decides a certificate
// the keyed events since the last CRL name.

/// Reissues certificate `id` with a new PIN (the old one is then superseded and revoked).
fn reissue(env: &Env, id: &str) {
    write_secret(&env.path("new.pin"), "246810\n");
    let new_pin = env.path("new.pin");
    env.ok(&[
        "cert",
        "reissue",
        "--cert",
        id,
        "--new-pin-file",
        new_pin.to_str().unwrap(),
    ]);
}

#[test]
fn a_certificate_revoked_since_the_last_crl_whose_row_is_deleted_refuses_the_next_crl() {
    let env = two_certificates();
    crl(&env, "1.crl");
    revoke(&env, "1");
    behind_the_schema(
        &env,
        "certs_never_deleted",
        "DELETE FROM certs WHERE id = 1",
    );
    refused_naming(&env, &["certificate 1"]);
}

#[test]
fn a_reissue_since_the_last_crl_unlinked_in_the_rows_still_lists_the_replaced_certificate() {
    let env = two_certificates();
    crl(&env, "1.crl");
    reissue(&env, "1");
    // The new certificate no longer says it replaces 1, and 1's row says it is not revoked.
    crate::common::tamper::behind_triggers(
        &env,
        &["cert_revocation_final"],
        "UPDATE certs SET replaces_cert_id = NULL WHERE replaces_cert_id = 1;
         UPDATE certs SET revoked_at = NULL, revoke_reason = NULL WHERE id = 1",
    );
    let report = crl(&env, "2.crl");
    assert_eq!(listed(&report), [serial(&env, "1")], "{report:#}");
    assert_eq!(report["entries"][0]["reason"], "superseded");
    assert_eq!(report["rows_differ_from_history"], serde_json::json!([1]));
}

/// Certificate 1 revoked, then its `cert.revoke` event's outcome changed to "refused" (the
/// event otherwise as catool wrote it) and its row cleared: what hides the revocation.
fn revocation_hidden_behind_its_outcome(env: &Env) {
    revoke(env, "1");
    crate::common::tamper::behind_triggers(
        env,
        &["events_no_update", "cert_revocation_final"],
        "UPDATE events SET outcome = 'refused' WHERE action = 'cert.revoke' AND object = 'cert:1';
         UPDATE certs SET status = 'active', revoked_at = NULL, revoke_reason = NULL WHERE id = 1",
    );
}

#[test]
fn a_revocation_whose_outcome_was_changed_to_refused_refuses_the_crl() {
    let env = two_certificates();
    revocation_hidden_behind_its_outcome(&env);
    refused_naming(&env, &["history altered", "cert.revoke"]);
}

#[test]
fn a_revocation_whose_outcome_was_changed_after_the_last_crl_refuses_the_next() {
    let env = two_certificates();
    crl(&env, "1.crl");
    revocation_hidden_behind_its_outcome(&env);
    refused_naming(&env, &["cert.revoke"]);
}

/// Certificate 1 revoked and listed, then its `cert.issue` event changed (`set`, behind the
/// schema) and the next CRL built from every certificate: refused, naming the event.
fn issue_event_changed_refuses_the_crl(set: &str) {
    let env = two_certificates();
    revoke(&env, "1");
    assert_eq!(listed(&crl(&env, "1.crl")), [serial(&env, "1")]);
    crate::common::tamper::behind_triggers(
        &env,
        &["events_no_update"],
        &format!("UPDATE events SET {set} WHERE action = 'cert.issue' AND object = 'cert:1'"),
    );
    env.sqlite3("UPDATE ca_crl SET last_entries = NULL");
    refused_naming(&env, &["history altered", "cert.issue"]);
}

#[test]
fn a_revoked_certificates_issue_event_hidden_behind_its_outcome_refuses_the_crl() {
    issue_event_changed_refuses_the_crl("outcome = 'refused'");
}

#[test]
fn a_crl_number_rolled_back_in_the_row_refuses_the_next_crl() {
    let env = two_certificates();
    for n in 1..=3 {
        crl(&env, &format!("c{n}.crl"));
    }
    revoke(&env, "1");
    // A CRL numbered below the last one would lose to it in every validator's cache (RFC
    // 5280: CRL numbers increase), revocation and all.
    for rolled_back in ["1", "3", "-5", "0"] {
        env.sqlite3(&format!("UPDATE cas SET next_crl_number = {rolled_back}"));
        refused_naming(&env, &["next_crl_number", "CRL 3"]);
    }
    env.sqlite3("UPDATE cas SET next_crl_number = 4");
    assert_eq!(crl(&env, "4.crl")["crl_number"], 4);
}

// Red team 7, second round: what the index does not show is not "nothing". A CRL built from
// every certificate walks the whole keyed history first; the newest `ca.crl` event is read
// whatever its outcome.

/// Certificate 1's revocation taken out of the history (`change`, behind the schema) and off
/// its row.
fn revocation_taken_out(env: &Env, change: &str) {
    crate::common::tamper::behind_triggers(
        env,
        &[
            "events_no_delete",
            "events_no_update",
            "cert_revocation_final",
        ],
        &format!(
            "{change};
             UPDATE certs SET status = 'active', revoked_at = NULL, revoke_reason = NULL
                 WHERE id = 1"
        ),
    );
}

#[test]
fn a_revocation_event_deleted_before_any_crl_refuses_the_crl() {
    let env = two_certificates();
    revoke(&env, "1");
    revocation_taken_out(
        &env,
        "DELETE FROM events WHERE action = 'cert.revoke' AND object = 'cert:1'",
    );
    refused_for_a_missing_event(&env);
}

#[test]
fn a_revocation_event_renamed_out_of_the_state_index_refuses_the_crl() {
    let env = two_certificates();
    crl(&env, "1.crl");
    revoke(&env, "1");
    revocation_taken_out(
        &env,
        "UPDATE events SET action = 'cert.note' WHERE action = 'cert.revoke'",
    );
    refused_naming(&env, &["history altered", "cert.note"]);
}

#[test]
fn an_issue_event_moved_to_another_object_refuses_the_crl_rather_than_leaving_it_off() {
    issue_event_changed_refuses_the_crl("object = 'cert:1x'");
}

/// The newest `ca.crl` events: an SQL condition on `seq` (both backends).
fn newest_crl_events(n: usize) -> String {
    format!(
        "seq IN (SELECT seq FROM (SELECT seq FROM events WHERE action = 'ca.crl'
                                  ORDER BY seq DESC LIMIT {n}) AS newest)"
    )
}

#[test]
fn crl_events_hidden_behind_their_outcome_do_not_let_the_crl_number_go_back() {
    let env = two_certificates();
    for n in 1..=3 {
        crl(&env, &format!("c{n}.crl"));
    }
    revoke(&env, "1");
    crate::common::tamper::behind_triggers(
        &env,
        &["events_no_update"],
        &format!(
            "UPDATE events SET outcome = 'refused' WHERE {}",
            newest_crl_events(2)
        ),
    );
    env.sqlite3("UPDATE cas SET next_crl_number = 2");
    refused_naming(&env, &["altered", "ca.crl"]);
}

#[test]
fn the_newest_crl_event_deleted_does_not_let_the_crl_number_go_back() {
    let env = two_certificates();
    crl(&env, "c1.crl");
    crl(&env, "c2.crl");
    revoke(&env, "1");
    crate::common::tamper::behind_triggers(
        &env,
        &["events_no_delete"],
        &format!("DELETE FROM events WHERE {}", newest_crl_events(1)),
    );
    env.sqlite3("UPDATE cas SET next_crl_number = 2");
    refused_for_a_missing_event(&env);
}

#[test]
fn a_crl_counter_moved_far_ahead_refuses_the_crl_instead_of_ending_the_cas_crls() {
    let env = two_certificates();
    crl(&env, "c1.crl");
    env.sqlite3("UPDATE cas SET next_crl_number = 9223372036854775806");
    refused_naming(&env, &["next_crl_number", "2 (after CRL 1)"]);
    env.sqlite3("UPDATE cas SET next_crl_number = 2");
    assert_eq!(crl(&env, "c2.crl")["crl_number"], 2);
}

#[test]
fn crl_show_refuses_an_older_crl_put_back_with_the_newer_crls_event_hidden() {
    let env = two_certificates();
    crl(&env, "c1.crl");
    let (hex, blob) = match on_postgres() {
        true => (
            "encode(last_der, 'hex') || '|' || encode(last_entries, 'hex') || '|' || last_number",
            "decode('{}', 'hex')",
        ),
        false => (
            "hex(last_der) || '|' || hex(last_entries) || '|' || last_number",
            "X'{}'",
        ),
    };
    let saved = env.sqlite3(&format!("SELECT {hex} FROM ca_crl"));
    let parts: Vec<&str> = saved.trim().split('|').collect();
    revoke(&env, "1");
    crl(&env, "c2.crl");
    crate::common::tamper::behind_triggers(
        &env,
        &["events_no_update"],
        &format!(
            "UPDATE events SET outcome = 'refused' WHERE {}",
            newest_crl_events(1)
        ),
    );
    env.sqlite3(&format!(
        "UPDATE ca_crl SET last_der = {}, last_entries = {}, last_number = {}",
        blob.replace("{}", parts[0]),
        blob.replace("{}", parts[1]),
        parts[2]
    ));
    let err = env.fails(6, &["crl", "show", "--out", &p(&env, "shown.crl")]);
    assert!(err.contains("last_der"), "{err}");
    assert!(!env.path("shown.crl").exists());
}

// Red team 7, third round.

#[test]
fn an_event_dated_before_the_one_before_does_not_stop_the_crls() {
    // A clock stepped back on an honest desk (NTP, or two desks with skewed clocks):
    // `log verify` reports the order, the CRL is still signed, from every certificate.
    let env = two_certificates();
    let out = env
        .cmd()
        .env("CATOOL_NOW", "2030-01-01T00:00:00Z")
        .args(["cert", "freeze", "--cert", "2"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    revoke(&env, "1");
    let mut want = vec![serial(&env, "1"), serial(&env, "2")];
    want.sort();
    let mut got = listed(&crl(&env, "1.crl"));
    got.sort();
    assert_eq!(got, want);
}

#[test]
fn a_sequence_counter_set_to_its_limit_refuses_the_crl_before_it_is_signed() {
    let env = two_certificates();
    crl(&env, "1.crl");
    env.sqlite3(match on_postgres() {
        true => "UPDATE catool_schema SET events_high_water = 9223372036854775807",
        false => "UPDATE sqlite_sequence SET seq = 9223372036854775807 WHERE name = 'events'",
    });
    refused_naming(&env, &["history altered"]);
}

// Red team 7, F6: the CRL `crl show` serves names each entry's certificate by the ids the
// keyed `ca.crl` event pinned with it, not by whichever row holds that serial now.

/// Certificate 1 revoked and listed by CRL 1; then the serials of certificates 1 and 2 swapped
/// in their rows behind the schema, and `entries` (SQL) done to the stored entries. The entry
/// `crl show` serves: certificate 1's serial, and the id it names.
fn crl_shown_after_a_serial_swap(entries: &str) -> (String, Value) {
    let env = two_certificates();
    revoke(&env, "1");
    let one = serial(&env, "1");
    crl(&env, "1.crl");
    let stored = |id: &str| {
        env.sqlite3(&format!("SELECT serial_hex FROM certs WHERE id = {id}"))
            .trim()
            .to_string()
    };
    let (s1, s2) = (stored("1"), stored("2"));
    behind_the_schema(
        &env,
        "cert_identity_fixed",
        &format!(
            "UPDATE certs SET serial_hex = 'swap' WHERE id = 1; \
             UPDATE certs SET serial_hex = '{s1}' WHERE id = 2; \
             UPDATE certs SET serial_hex = '{s2}' WHERE id = 1"
        ),
    );
    if !entries.is_empty() {
        env.sqlite3(entries);
    }
    let shown = env.json(&["crl", "show"]);
    let entries = shown["entries"].as_array().expect("entries");
    assert_eq!(entries.len(), 1, "{shown}");
    assert_eq!(entries[0]["serial"].as_str().unwrap().to_uppercase(), one);
    (one, entries[0]["cert_id"].clone())
}

#[test]
fn serials_swapped_between_certificate_rows_do_not_relabel_the_entries_crl_show_serves() {
    assert_eq!(crl_shown_after_a_serial_swap("").1, 1);
}

#[test]
fn stored_crl_entries_deleted_or_edited_leave_the_entries_crl_show_serves_unnamed() {
    // Not the pinned ids: the rows' serials are not believed either (red team review).
    for edit in [
        "UPDATE ca_crl SET last_entries = NULL",
        "UPDATE ca_crl SET last_entries = substr(last_entries, 2)",
    ] {
        assert_eq!(crl_shown_after_a_serial_swap(edit).1, Value::Null, "{edit}");
    }
}
