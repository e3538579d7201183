//! Red team 6: more columns a trust decision rested on, changed with sqlite3 for the length of
//! one command by someone who has the registry file but not the master key (no trigger
//! dropped), then put back:
//!
//! * a certificate's or a seal's enterprise (`certs.org_id`, `seals.org_id`,
//!   `org-id-unanchored`): "the administrator of the enterprise that owns it" takes the
//!   enterprise from the keyed event that made the row;
//! * who administers an enterprise (`memberships.role`, `admin-role-unanchored`): taken from
//!   the enterprise's keyed `org.add`, `org.member.add` and `org.transfer-admin` events;
//!
//! a row that says otherwise is refused (exit 6), and `log verify` names an event whose actor
//! was not entitled when it was written, even once the columns are put back.

use crate::attacks_owner::{assign, free_slot, issue, registry};
use crate::attacks_round4::{sign_with_certificate_1, signed_today};
use crate::common;
use common::*;

/// A refusal that points at the tampering (the anchoring error's hint).
fn points_at_log_verify(err: &str) {
    assert!(err.contains("log verify"), "{err}");
}

/// 李娜's certificate 2, frozen by the operator; 陈明 administers enterprise 2 (his
/// certificate 3).
fn held_with_outsider() -> Env {
    let env = registry();
    env.outsider_with_certificate();
    env.ok(&["cert", "freeze", "--cert", "2"]);
    env
}

/// Enterprise 1's enterprise certificate, held by its administrator 张伟; its id.
fn enterprise_certificate(env: &Env) -> String {
    let slot = free_slot(env, "1", "enterprise");
    env.ok(&strs(&assign(None, &slot, "张伟", "张伟")));
    issue(env, None, &slot, "ent.pin").0
}

fn status(env: &Env, cert: &str) -> String {
    env.json(&["cert", "show", cert])["status"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

// ---- a certificate's or a seal's enterprise -------------------------------------------------------

#[test]
fn a_certificate_moved_into_another_enterprise_is_not_unfrozen_by_its_administrator() {
    let env = held_with_outsider();
    env.sqlite3("UPDATE certs SET org_id = 2 WHERE id = 2");
    let err = env.fails(6, &["--as", "陈明", "cert", "unfreeze", "--cert", "2"]);
    points_at_log_verify(&err);
    env.sqlite3("UPDATE certs SET org_id = 1 WHERE id = 2");
    assert_eq!(status(&env, "2"), "frozen");
}

#[test]
fn a_certificate_moved_into_another_enterprise_is_not_handed_over_by_its_administrator() {
    let env = held_with_outsider();
    let ent = enterprise_certificate(&env);
    env.sqlite3(&format!("UPDATE certs SET org_id = 2 WHERE id = {ent}"));
    let err = env.fails(
        6,
        &[
            "--as", "陈明", "cert", "holder", "--cert", &ent, "--holder", "陈明",
        ],
    );
    points_at_log_verify(&err);
}

#[test]
fn a_seal_moved_into_another_enterprise_is_not_assigned_by_its_administrator() {
    let env = held_with_outsider();
    env.ok(&["seal", "make", "--kind", "official", "--org", "1"]);
    env.sqlite3("UPDATE seals SET org_id = 2 WHERE id = 1");
    let err = env.fails(
        6,
        &[
            "--as", "陈明", "seal", "assign", "--seal", "1", "--cert", "3",
        ],
    );
    points_at_log_verify(&err);
}

// ---- who administers an enterprise ------------------------------------------------------------

/// 李娜 made administrator of enterprise 1 in place of 张伟 with sqlite3.
const SWAP: &str = "UPDATE memberships SET role = 'member' WHERE org_id = 1 AND person_id = 1; \
     UPDATE memberships SET role = 'admin' WHERE org_id = 1 AND person_id = 2";
const BACK: &str = "UPDATE memberships SET role = 'member' WHERE org_id = 1 AND person_id = 2; \
     UPDATE memberships SET role = 'admin' WHERE org_id = 1 AND person_id = 1";

#[test]
fn a_member_made_administrator_outside_catool_does_not_unfreeze_a_certificate() {
    let env = registry();
    env.ok(&["cert", "freeze", "--cert", "1"]);
    env.sqlite3(SWAP);
    let err = env.fails(6, &["--as", "李娜", "cert", "unfreeze", "--cert", "1"]);
    points_at_log_verify(&err);
    env.sqlite3(BACK);
    assert_eq!(status(&env, "1"), "frozen");
}

#[test]
fn a_member_made_administrator_outside_catool_does_not_take_the_enterprise_certificate() {
    let env = registry();
    let ent = enterprise_certificate(&env);
    env.sqlite3(SWAP);
    let err = env.fails(
        6,
        &[
            "--as", "李娜", "cert", "holder", "--cert", &ent, "--holder", "李娜",
        ],
    );
    points_at_log_verify(&err);
}

#[test]
fn the_administrator_demoted_outside_catool_is_refused_as_tampering() {
    let env = registry();
    env.sqlite3("UPDATE memberships SET role = 'member' WHERE org_id = 1 AND person_id = 1");
    let err = env.fails(
        6,
        &[
            "--as", "张伟", "org", "member", "add", "--org", "1", "--person", "陈明",
        ],
    );
    points_at_log_verify(&err);
}

#[test]
fn an_administrator_transfer_moves_the_role_the_history_gives() {
    let env = registry();
    env.ok(&["org", "transfer-admin", "--org", "1", "--to", "李娜"]);
    env.ok(&["cert", "freeze", "--cert", "1"]);
    env.ok(&["--as", "李娜", "cert", "unfreeze", "--cert", "1"]);
    env.fails(4, &["--as", "张伟", "cert", "freeze", "--cert", "1"]);
}

// ---- a row's id -----------------------------------------------------------------------------

/// 李娜's certificate 1 revoked for key compromise, and a CRL issued.
fn revoked_and_listed() -> Env {
    let env = Env::with_lina_certificate("RSA CA", "rsa2048");
    env.ok(&[
        "cert",
        "revoke",
        "--cert",
        "1",
        "--reason",
        "key-compromise",
    ]);
    env.ok(&["crl", "issue", "--out", &p(&env, "first.crl")]);
    env
}

#[test]
fn a_certificates_id_cannot_be_changed_with_a_plain_sqlite3_update() {
    let env = revoked_and_listed();
    let out = std::process::Command::new("sqlite3")
        .arg(&env.db)
        .arg("UPDATE certs SET id = 4004 WHERE id = 1;")
        .output()
        .expect("run sqlite3");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("never changes"), "{err}");
    assert_eq!(env.json(&["cert", "show", "1"])["status"], "revoked");
}

#[test]
fn the_crl_is_not_signed_without_a_revoked_certificate_renumbered_behind_the_schema() {
    let env = revoked_and_listed();
    common::tamper::behind_the_schema(
        &env,
        "certs_id_fixed",
        "UPDATE certs SET id = 4004 WHERE id = 1; UPDATE ca_crl SET last_entries = NULL",
    );
    let err = env.fails(6, &["crl", "issue", "--out", &p(&env, "next.crl")]);
    assert!(err.contains("certificate 1"), "{err}");
    assert!(!env.path("next.crl").exists());
}

// ---- an event about a certificate that fails its MAC ------------------------------------------

/// 李娜's certificate 1 frozen; its freeze event altered by one byte behind the schema and the
/// hold cleared with a (legal) plain UPDATE.
fn freeze_event_altered() -> Env {
    let env = Env::with_lina_certificate("RSA CA", "rsa2048");
    signed_today(&env);
    env.ok(&["cert", "freeze", "--cert", "1"]);
    common::tamper::behind_the_schema(
        &env,
        "events_no_update",
        "UPDATE events SET details = replace(details, '\"auth\"', '\"auth \"') \
         WHERE action = 'cert.freeze'",
    );
    env.sqlite3("UPDATE certs SET status = 'active', frozen_at = NULL WHERE id = 1");
    env
}

#[test]
fn a_certificate_whose_freeze_event_was_altered_does_not_sign() {
    let env = freeze_event_altered();
    let out = sign_with_certificate_1(&env, "again.pdf");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(6), "{err}");
    assert!(err.contains("fails its check"), "{err}");
    assert!(!env.path("again.pdf").exists());
}

#[test]
fn no_crl_is_signed_while_an_event_about_a_certificate_is_altered() {
    let env = freeze_event_altered();
    env.sqlite3("UPDATE ca_crl SET last_entries = NULL");
    let err = env.fails(6, &["crl", "issue", "--out", &p(&env, "next.crl")]);
    // The whole history is walked first (red team 7): the altered event is named.
    assert!(
        err.contains("cert.freeze") && err.contains("altered"),
        "{err}"
    );
}

#[test]
fn a_signature_by_a_certificate_whose_freeze_event_was_altered_is_not_valid() {
    let env = freeze_event_altered();
    let out = env.run(&["--json", "pdf", "verify", &p(&env, "signed.pdf")]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_ne!(v["signatures"][0]["verdict"], "valid", "{v:#}");
}

// ---- consecutive wrong PINs -------------------------------------------------------------------

/// `cert export` of certificate 1 with PIN `pin`: the exit code and stderr.
fn export_with(env: &Env, pin: &str) -> (i32, String) {
    write_secret(&env.path("try.pin"), &format!("{pin}\n"));
    write_secret(&env.path("p12.pass"), "p12-pass-xyz\n");
    let out = env.run(&[
        "cert",
        "export",
        "--cert",
        "1",
        "--format",
        "p12",
        "--pin-file",
        &p(env, "try.pin"),
        "--p12-password-file",
        &p(env, "p12.pass"),
        "--out",
        &p(env, "o.p12"),
    ]);
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_wrong_pin_count_set_back_outside_catool_is_refused_before_the_next_attempt() {
    let env = Env::with_lina_certificate("RSA CA", "rsa2048");
    for _ in 0..4 {
        assert_eq!(export_with(&env, "999999").0, 4);
    }
    env.sqlite3("UPDATE certs SET wrong_pins = 0 WHERE id = 1");
    let (code, err) = export_with(&env, "123456");
    assert_eq!(code, 6, "{err}");
    points_at_log_verify(&err);
    assert!(!env.path("o.p12").exists());
}

// ---- a revocation only a row records ----------------------------------------------------------

#[test]
fn a_revocation_only_a_row_records_refuses_the_incremental_crl_as_the_full_one() {
    let env = Env::with_lina_certificate("RSA CA", "rsa2048");
    env.ok(&["crl", "issue", "--out", &p(&env, "first.crl")]);
    env.sqlite3(
        "UPDATE certs SET status = 'revoked', revoked_at = '2020-01-01T00:00:00Z', \
         revoke_reason = 'key-compromise' WHERE id = 1",
    );
    // From the last CRL (incremental), then from nothing (full).
    let incremental = env.fails(6, &["crl", "issue", "--out", &p(&env, "next.crl")]);
    assert!(incremental.contains("revoked_at"), "{incremental}");
    env.sqlite3("UPDATE ca_crl SET last_entries = NULL");
    let full = env.fails(6, &["crl", "issue", "--out", &p(&env, "next.crl")]);
    assert_eq!(full, incremental);
}

#[test]
fn a_revocation_only_a_row_records_refuses_its_own_cas_crl_not_another_cas() {
    let env = Env::with_lina_certificate("RSA CA", "rsa2048");
    env.ok(&["ca", "init", "--name", "另一CA", "--algo", "sm2"]);
    env.sqlite3(
        "UPDATE certs SET status = 'revoked', revoked_at = '2020-01-01T00:00:00Z', \
         revoke_reason = 'key-compromise' WHERE id = 1",
    );
    // The other CA's first CRL (from nothing) and its next (from the last one) are signed:
    // the edited row is not its certificate.
    for out in ["other1.crl", "other2.crl"] {
        let v = env.json(&["crl", "issue", "--ca", "另一CA", "--out", &p(&env, out)]);
        assert_eq!(v["entries"].as_array().map(Vec::len), Some(0), "{v}");
    }
    // Its own CA's is refused, naming the row.
    let err = env.fails(
        6,
        &[
            "crl",
            "issue",
            "--ca",
            "RSA CA",
            "--out",
            &p(&env, "own.crl"),
        ],
    );
    assert!(err.contains("revoked_at"), "{err}");
}
