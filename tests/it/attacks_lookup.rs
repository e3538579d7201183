//! The certificates' lookup keys (migration 0011: the SHA-256 fingerprint of each body and of
//! its public key, in indexed columns) changed with sqlite3 by someone who has the registry
//! file but not the master key. The columns only find candidates: a forged one can neither
//! make another certificate match a fingerprint or share a key, nor hide the right one.

use crate::attacks_crl::revoke;
use crate::attacks_identity::{assigned_slot, extended_keeping_the_key};
use crate::attacks_round4::revoking_2_revokes_1_onto_the_crl;
use crate::common;
use common::*;

/// Issues a certificate to 张伟 (a key of its own) on a new slot; returns its id.
pub(crate) fn second_certificate(env: &Env) -> String {
    let slot = assigned_slot(env, "1", "张伟", "张伟");
    let pin = env.path("pin");
    let issued = env.json(&[
        "cert",
        "issue",
        "--slot",
        &slot,
        "--pin-file",
        pin.to_str().unwrap(),
    ]);
    issued["id"].as_i64().expect("certificate id").to_string()
}

fn fingerprint(env: &Env, id: &str) -> String {
    env.json(&["cert", "show", id])["sha256_fingerprint"]
        .as_str()
        .expect("fingerprint")
        .to_string()
}

#[test]
fn a_fingerprint_column_copied_onto_another_certificate_does_not_make_it_match() {
    let env = Env::with_lina_certificate("RSA CA", "rsa2048");
    let other = second_certificate(&env);
    let fp = fingerprint(&env, "1");
    env.sqlite3(&format!(
        "UPDATE certs SET sha256 = (SELECT sha256 FROM certs WHERE id = 1) WHERE id = {other}"
    ));
    let shown = env.json(&["cert", "show", &format!("sha256:{fp}")]);
    assert_eq!(shown["id"], 1, "{shown:#}");
}

#[test]
fn a_fingerprint_column_changed_outside_catool_does_not_hide_its_certificate() {
    let env = Env::with_lina_certificate("RSA CA", "rsa2048");
    let fp = fingerprint(&env, "1");
    env.sqlite3(&format!(
        "UPDATE certs SET sha256 = '{}' WHERE id = 1",
        "0".repeat(64)
    ));
    let shown = env.json(&["cert", "show", &format!("sha256:{fp}")]);
    assert_eq!(shown["id"], 1, "{shown:#}");
}

#[test]
fn a_key_column_copied_onto_another_certificate_does_not_revoke_it_with_the_key() {
    let env = Env::with_lina_certificate("RSA CA", "rsa2048");
    let other = second_certificate(&env);
    env.sqlite3(&format!(
        "UPDATE certs SET key_sha256 = (SELECT key_sha256 FROM certs WHERE id = 1) WHERE id = {other}"
    ));
    revoke(&env, "1");
    let shown = env.json(&["cert", "show", &other]);
    assert!(shown["revoked_at"].is_null(), "{shown:#}");
}

#[test]
fn revoking_a_successor_revokes_its_same_key_predecessor_whatever_the_key_column_says() {
    let env = extended_keeping_the_key();
    env.sqlite3(&format!(
        "UPDATE certs SET key_sha256 = '{}' WHERE id = 1",
        "0".repeat(64)
    ));
    revoking_2_revokes_1_onto_the_crl(&env);
}
