//! Red team 5: two more rows a trust decision rested on, changed with sqlite3 by someone who
//! has the registry file but not the master key (no trigger dropped):
//!
//! * a slot's owner and holder (`slot-holder-swap-before-operator-issue`): issuance takes them
//!   from the slot's keyed `cert.assign` event, a reissue and a change of holder from the
//!   certificate's keyed events; a row that differs is refused (exit 6, nothing issued);
//! * a certificate's revoked / held / superseded state (`hold-cleared-by-plain-update`): the
//!   CRL lists what the keyed revoke, freeze, unfreeze and reissue events say; signing refuses
//!   and `pdf verify` does not believe a row whose status, `frozen_at` or `revoked_at` says
//!   otherwise, whichever way it was changed.

use crate::attacks_identity::{crl_text, serial};
use crate::attacks_owner::{assign, free_slot, issue, registry, slot_state};
use crate::attacks_round4::{sign_with_certificate_1, signed_today};
use crate::common;
use common::*;

use serde_json::Value;

/// A refusal that points at the tampering (the anchoring error's hint).
fn points_at_log_verify(err: &str) {
    assert!(err.contains("log verify"), "{err}");
}

/// A free personal slot of enterprise 1 assigned by the operator to 王芳 (owner and holder).
fn wangfangs_slot(env: &Env) -> String {
    let slot = free_slot(env, "1", "personal");
    env.ok(&strs(&assign(None, &slot, "王芳", "王芳")));
    slot
}

/// The operator's PIN file for an import.
fn operator_pin(env: &Env) -> String {
    write_secret(&env.path("op.pin"), "222222\n");
    p(env, "op.pin")
}

// ---- a slot's owner and holder ----------------------------------------------------------------

#[test]
fn the_operator_does_not_issue_a_slot_whose_holder_was_changed_outside_catool() {
    let env = registry();
    let slot = wangfangs_slot(&env);
    env.sqlite3(&format!(
        "UPDATE slots SET holder_person_id = 1 WHERE id = {slot}"
    ));
    let pin = operator_pin(&env);
    let err = env.fails(6, &["cert", "issue", "--slot", &slot, "--pin-file", &pin]);
    points_at_log_verify(&err);
    assert!(err.contains(&format!("slot {slot}")), "{err}");
    assert_eq!(slot_state(&env, "1", &slot)["state"], "assigned");
}

#[test]
fn a_batch_issue_does_not_issue_a_slot_whose_holder_was_changed_outside_catool() {
    let env = registry();
    let slot = wangfangs_slot(&env);
    env.sqlite3(&format!(
        "UPDATE slots SET holder_person_id = 1 WHERE id = {slot}"
    ));
    operator_pin(&env);
    std::fs::write(
        env.path("rows.csv"),
        format!("slot,pin_file,p12\n{slot},op.pin,\n"),
    )
    .expect("write csv");
    let out = env.run(&["--json", "cert", "issue", "--batch", &p(&env, "rows.csv")]);
    let text = String::from_utf8_lossy(&out.stdout);
    let first: Value = text
        .lines()
        .next()
        .and_then(|l| serde_json::from_str(l).ok())
        .unwrap_or_else(|| panic!("a JSON line: {text}"));
    assert_eq!(first["ok"], false, "{text}");
    points_at_log_verify(&text);
    assert_eq!(slot_state(&env, "1", &slot)["state"], "assigned");
}

#[test]
fn the_operator_does_not_issue_a_slot_assigned_outside_catool() {
    let env = registry();
    let slot = free_slot(&env, "1", "personal");
    // Owner 王芳, holder 张伟: never assigned by catool.
    env.sqlite3(&format!(
        "UPDATE slots SET state = 'assigned', owner_person_id = 3, holder_person_id = 1 \
         WHERE id = {slot}"
    ));
    let pin = operator_pin(&env);
    let err = env.fails(6, &["cert", "issue", "--slot", &slot, "--pin-file", &pin]);
    points_at_log_verify(&err);
    assert_eq!(slot_state(&env, "1", &slot)["state"], "assigned");
}

#[test]
fn a_reissue_does_not_hand_a_certificate_to_a_holder_changed_outside_catool() {
    let env = registry();
    let slot = wangfangs_slot(&env);
    let (cert, _) = issue(&env, None, &slot, "wf.pin");
    env.sqlite3(&format!(
        "UPDATE certs SET holder_person_id = 1 WHERE id = {cert}"
    ));
    let pin = operator_pin(&env);
    let err = env.fails(
        6,
        &["cert", "reissue", "--cert", &cert, "--new-pin-file", &pin],
    );
    points_at_log_verify(&err);
    let shown = env.json(&["cert", "show", &cert]);
    assert_eq!(shown["status"], "active", "{shown:#}");
}

#[test]
fn an_owner_changed_outside_catool_does_not_let_a_member_take_the_certificate() {
    let env = registry();
    let slot = wangfangs_slot(&env);
    let (cert, _) = issue(&env, None, &slot, "wf.pin");
    // 李娜 makes herself the owner of 王芳's certificate, then hands it to herself "as owner".
    env.sqlite3(&format!(
        "UPDATE certs SET owner_person_id = 2 WHERE id = {cert}"
    ));
    let err = env.fails(
        6,
        &[
            "--as", "李娜", "cert", "holder", "--cert", &cert, "--holder", "李娜",
        ],
    );
    points_at_log_verify(&err);
}

// ---- a certificate's state ----------------------------------------------------------------------

/// 李娜's certificate 1, frozen by the operator, then unfrozen with one plain UPDATE.
fn hold_cleared() -> Env {
    let env = Env::with_lina_certificate("RSA CA", "rsa2048");
    signed_today(&env);
    env.ok(&["cert", "freeze", "--cert", "1"]);
    env.sqlite3("UPDATE certs SET status = 'active', frozen_at = NULL WHERE id = 1");
    env
}

/// `pdf sign` with certificate 1 (operator) into `again.pdf`: exit code and stderr.
fn sign_again(env: &Env) -> (i32, String) {
    let out = sign_with_certificate_1(env, "again.pdf");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// `pdf verify --json` of `signed.pdf` (exit 1 when not valid): its first signature.
fn first_signature(env: &Env) -> Value {
    let out = env.run(&["--json", "pdf", "verify", &p(env, "signed.pdf")]);
    let text = String::from_utf8_lossy(&out.stdout);
    let v: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"));
    v["signatures"][0].clone()
}

#[test]
fn the_crl_lists_a_frozen_certificate_whose_status_was_cleared_outside_catool() {
    let env = hold_cleared();
    let text = crl_text(&env, 1);
    let s = serial(&env, "1");
    assert!(
        text.contains(&s) && text.contains("CERTIFICATE HOLD"),
        "{s} held:\n{text}"
    );
}

#[test]
fn crl_names_the_certificates_whose_rows_differ_from_their_history() {
    let env = hold_cleared();
    let out = env.run(&["--json", "crl", "issue", "--out", &p(&env, "x.crl")]);
    assert!(out.status.success());
    let report: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(report["rows_differ_from_history"], serde_json::json!([1]));
    points_at_log_verify(&String::from_utf8_lossy(&out.stderr));
}

#[test]
fn signing_with_a_frozen_certificate_whose_status_was_cleared_outside_catool_is_refused() {
    let env = hold_cleared();
    let (code, err) = sign_again(&env);
    assert_eq!(code, 6, "{err}");
    points_at_log_verify(&err);
    assert!(!env.path("again.pdf").exists());
}

#[test]
fn a_signature_by_a_frozen_certificate_whose_status_was_cleared_outside_catool_is_not_valid() {
    let env = hold_cleared();
    let sig = first_signature(&env);
    assert_ne!(sig["verdict"], "valid", "{sig:#}");
}

#[test]
fn a_certificate_marked_frozen_outside_catool_is_not_put_on_the_crl_nor_refused_as_frozen() {
    let env = Env::with_lina_certificate("RSA CA", "rsa2048");
    signed_today(&env);
    env.sqlite3(
        "UPDATE certs SET status = 'frozen', frozen_at = '2026-01-01T00:00:00Z' WHERE id = 1",
    );
    let text = crl_text(&env, 1);
    let s = serial(&env, "1");
    assert!(!text.contains(&s), "{s} never held:\n{text}");
    // Refused as a registry changed outside catool, not as a frozen certificate.
    let (code, err) = sign_again(&env);
    assert_eq!(code, 6, "{err}");
    points_at_log_verify(&err);
    let sig = first_signature(&env);
    assert_ne!(sig["verdict"], "valid", "{sig:#}");
    let reason = sig["reason"].as_str().unwrap_or_default();
    assert!(reason.contains("keyed history"), "{sig:#}");
}

#[test]
fn a_certificate_marked_revoked_outside_catool_refuses_the_crl() {
    // Neither listed with the row's (backdated) date nor silently left off: `revoked_at` is set
    // once under a trigger, and a deleted revoke event must not unlist a certificate
    // (attacks_crl). Red team 6: one rule for the full and the incremental build.
    let env = Env::with_lina_certificate("RSA CA", "rsa2048");
    env.sqlite3(
        "UPDATE certs SET status = 'revoked', revoked_at = '2020-01-01T00:00:00Z', \
         revoke_reason = 'key-compromise' WHERE id = 1",
    );
    let err = env.fails(6, &["crl", "issue", "--out", &p(&env, "c.crl")]);
    assert!(err.contains("revoked_at"), "{err}");
    points_at_log_verify(&err);
}

#[test]
fn a_hold_date_changed_outside_catool_does_not_move_the_crl_entry() {
    let env = Env::with_lina_certificate("RSA CA", "rsa2048");
    env.ok(&["cert", "freeze", "--cert", "1"]);
    let entry = |file: &str| {
        let crl = env.json(&["crl", "issue", "--out", &p(&env, file)]);
        crl["entries"]
            .as_array()
            .and_then(|e| e.iter().find(|e| e["cert_id"] == 1))
            .cloned()
            .unwrap_or_else(|| panic!("certificate 1 held: {crl:#}"))
    };
    let before = entry("before.crl");
    env.sqlite3("UPDATE certs SET frozen_at = '2030-01-01T00:00:00Z' WHERE id = 1");
    let after = entry("after.crl");
    assert_eq!(after["revoked_at"], before["revoked_at"], "{after:#}");
    assert_eq!(after["reason"], "certificate-hold", "{after:#}");
    let (code, err) = sign_again(&env);
    assert_eq!(code, 6, "{err}");
}
