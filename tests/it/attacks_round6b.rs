//! Red team 6 (findings 12, 10, 11, 09): rows a trust decision rested on, made true for one
//! command with sqlite3 by someone who has the registry file but not the master key, and put
//! back afterwards (no trigger dropped):
//!
//! * a certificate's identity (finding 12): a first issue takes the owner's name and ID number,
//!   the enterprise's name and USCC and the slot's kind from their keyed events (`person.add`,
//!   `org.add`, `package.pay` / `cert.assign`); a row that says otherwise is refused (exit 6,
//!   naming the row), nothing issued;
//! * seal permissions (finding 10): an assignment or a grant's state is believed at use only
//!   as its keyed `seal.assign` / `seal.grant…` events say;
//! * the CA's current CRL (finding 11): `crl show` serves the CRL the last keyed `ca.crl`
//!   event recorded (number and SHA-256), never an older genuine one put back;
//! * a padded object number (finding 09): the lazy PDF reader reads what the eager one reads.

use crate::attacks_owner::{assign, free_slot, issue, registry, slot_state};
use crate::common;
use common::*;

/// A refusal that points at the tampering (the anchoring error's hint).
fn points_at_log_verify(err: &str) {
    assert!(err.contains("log verify"), "{err}");
}

/// The operator's PIN file for an issue.
fn operator_pin(env: &Env) -> String {
    write_secret(&env.path("op.pin"), "222222\n");
    p(env, "op.pin")
}

/// A free slot of `kind` of enterprise 1 assigned by the operator to 王芳 (owner and holder).
fn wangfangs(env: &Env, kind: &str) -> String {
    let slot = free_slot(env, "1", kind);
    env.ok(&strs(&assign(None, &slot, "王芳", "王芳")));
    slot
}

/// `cert issue` of `slot` by the operator, which must refuse (exit 6) and issue nothing.
fn issue_refused(env: &Env, slot: &str) -> String {
    let pin = operator_pin(env);
    let err = env.fails(6, &["cert", "issue", "--slot", slot, "--pin-file", &pin]);
    points_at_log_verify(&err);
    assert_eq!(slot_state(env, "1", slot)["state"], "assigned");
    err
}

// ---- finding 12: a certificate's identity -----------------------------------------------------

#[test]
fn a_first_issue_refuses_an_owner_row_renamed_to_another_persons_identity() {
    let env = registry();
    let slot = wangfangs(&env, "personal");
    // 王芳 (person 3) takes 张伟's name and ID number for one command (张伟's moved aside).
    env.sqlite3(&format!(
        "UPDATE persons SET id_number = '110108198503120XXX' WHERE id = 1; \
         UPDATE persons SET name = '张伟', id_number = '{ID_ADMIN}' WHERE id = 3;"
    ));
    let err = issue_refused(&env, &slot);
    assert!(err.contains("person 3"), "{err}");
}

#[test]
fn a_first_issue_refuses_an_owner_row_whose_id_number_alone_was_changed() {
    let env = registry();
    let slot = wangfangs(&env, "personal");
    env.sqlite3(&format!(
        "UPDATE persons SET id_number = '110108198503120XXX' WHERE id = 1; \
         UPDATE persons SET id_number = '{ID_ADMIN}' WHERE id = 3;"
    ));
    let err = issue_refused(&env, &slot);
    assert!(
        err.contains("person 3") && err.contains("id_number"),
        "{err}"
    );
    assert!(!err.contains(ID_MEMBER2), "no ID number quoted: {err}");
}

#[test]
fn a_first_issue_refuses_an_enterprise_row_renamed_to_another_enterprise() {
    let env = registry();
    let slot = wangfangs(&env, "enterprise");
    env.sqlite3(&format!(
        "UPDATE orgs SET name = '上海测试贸易有限公司', uscc = '{USCC_B}' WHERE id = 1"
    ));
    let err = issue_refused(&env, &slot);
    assert!(err.contains("enterprise 1"), "{err}");
}

#[test]
fn a_first_issue_refuses_a_slot_whose_kind_was_changed_after_assignment() {
    let env = registry();
    let slot = wangfangs(&env, "personal");
    env.sqlite3(&format!(
        "UPDATE slots SET kind = 'enterprise' WHERE id = {slot}"
    ));
    let err = issue_refused(&env, &slot);
    assert!(
        err.contains(&format!("slot {slot}")) && err.contains("kind"),
        "{err}"
    );
}

#[test]
fn a_slot_whose_kind_was_changed_before_assignment_is_not_assigned() {
    let env = registry();
    let slot = free_slot(&env, "1", "personal");
    env.sqlite3(&format!(
        "UPDATE slots SET kind = 'enterprise' WHERE id = {slot}"
    ));
    let err = env.fails(6, &strs(&assign(None, &slot, "王芳", "王芳")));
    points_at_log_verify(&err);
    assert!(err.contains(&format!("slot {slot}")), "{err}");
}

#[test]
fn a_first_issue_of_rows_as_registered_names_the_owner() {
    let env = registry();
    let slot = wangfangs(&env, "personal");
    let (cert, _) = issue(&env, None, &slot, "wf.pin");
    let shown = env.json(&["cert", "show", &cert]);
    let subject = shown["subject_dn"].as_str().unwrap_or_default().to_string();
    assert!(
        subject.contains("王芳") && subject.contains(ID_MEMBER2),
        "{shown:#}"
    );
}

#[test]
fn the_person_add_event_records_no_id_number_in_clear() {
    let env = registry();
    let log = env.ok(&["--json", "log", "--action", "person.add"]);
    assert!(log.contains("id_digest"), "{log}");
    for id in [ID_ADMIN, ID_MEMBER1, ID_MEMBER2, ID_OTHER] {
        assert!(!log.contains(id), "{log}");
    }
}

#[test]
fn a_reissue_refuses_an_owner_row_renamed_outside_catool() {
    let env = registry();
    let slot = wangfangs(&env, "personal");
    let (cert, _) = issue(&env, None, &slot, "wf.pin");
    env.sqlite3("UPDATE persons SET name = '王某' WHERE id = 3");
    let pin = operator_pin(&env);
    let err = env.fails(
        6,
        &["cert", "reissue", "--cert", &cert, "--new-pin-file", &pin],
    );
    points_at_log_verify(&err);
    assert!(err.contains("person 3"), "{err}");
}

// ---- finding 10: seal permissions ---------------------------------------------------------------

/// 王芳's grant request of enterprise 1's official seal (never approved): the seal and grant.
fn requested_grant(env: &Env) -> (i64, String) {
    let seal = crate::seals::make(env, "official");
    let g = env.json(&[
        "--as",
        "王芳",
        "seal",
        "grant",
        "--seal",
        &seal.to_string(),
        "--from",
        "2020-01-01",
        "--until",
        "2099-01-01",
        "--reason",
        "投标",
    ]);
    assert_eq!(g["state"], "requested");
    (seal, g["id"].as_i64().unwrap_or_default().to_string())
}

#[test]
fn a_grant_approved_outside_catool_does_not_let_its_requester_stamp() {
    let env = crate::seals::setup();
    let (seal, grant) = requested_grant(&env);
    env.sqlite3(&format!(
        "UPDATE seal_grants SET state = 'approved' WHERE id = {grant}"
    ));
    let out = crate::seals::stamp_as(&env, "王芳", seal);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(6), "{err}");
    points_at_log_verify(&err);
    assert!(err.contains(&format!("seal grant {grant}")), "{err}");
    assert!(!env.path("out.pdf").exists());
}

#[test]
fn seal_check_refuses_a_grant_approved_outside_catool() {
    let env = crate::seals::setup();
    let (seal, grant) = requested_grant(&env);
    env.sqlite3(&format!(
        "UPDATE seal_grants SET state = 'approved' WHERE id = {grant}"
    ));
    let err = env.fails(
        6,
        &["--as", "王芳", "seal", "check", "--seal", &seal.to_string()],
    );
    assert!(err.contains(&format!("seal grant {grant}")), "{err}");
}

#[test]
fn a_grant_window_widened_outside_catool_is_refused() {
    let env = crate::seals::setup();
    let seal = crate::seals::make(&env, "official").to_string();
    let g = env.json(&[
        "--as",
        "张伟",
        "seal",
        "grant",
        "--seal",
        &seal,
        "--to",
        "王芳",
        "--from",
        "2020-01-01",
        "--until",
        "2020-02-01",
        "--reason",
        "旧项目",
    ]);
    let grant = g["id"].as_i64().unwrap_or_default();
    env.sqlite3(&format!(
        "UPDATE seal_grants SET valid_until = '2099-01-01T00:00:00Z' WHERE id = {grant}"
    ));
    let out = crate::seals::stamp_as(&env, "王芳", seal.parse().unwrap_or_default());
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(6), "{err}");
    assert!(err.contains("valid_until"), "{err}");
}

#[test]
fn a_seal_assignment_inserted_outside_catool_does_not_let_its_holder_stamp() {
    let env = crate::seals::setup();
    let seal = crate::seals::make(&env, "contract");
    // Certificate 3 is 王芳's (setup: 李娜 1, 张伟 2, 王芳 3).
    env.sqlite3(&format!(
        "INSERT INTO seal_assignments (seal_id, cert_id, assigned_at) \
         VALUES ({seal}, 3, '2026-01-01T00:00:00Z')"
    ));
    let out = crate::seals::stamp_as(&env, "王芳", seal);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(6), "{err}");
    points_at_log_verify(&err);
    assert!(err.contains(&format!("seal {seal}")), "{err}");
}

#[test]
fn a_seal_assigned_by_the_administrator_is_stamped_by_its_holder() {
    let env = crate::seals::setup();
    let seal = crate::seals::make(&env, "contract");
    env.ok(&[
        "--as",
        "张伟",
        "seal",
        "assign",
        "--seal",
        &seal.to_string(),
        "--cert",
        "3",
    ]);
    let out = crate::seals::stamp_as(&env, "王芳", seal);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

// ---- finding 11: the CA's current CRL ---------------------------------------------------------

#[test]
fn crl_show_refuses_an_older_crl_put_back() {
    let env = Env::with_lina_certificate("RSA CA", "rsa2048");
    env.ok(&["crl", "--ca", "RSA CA", "--out", &p(&env, "n.crl")]);
    let old = env.sqlite3("SELECT hex(last_der) FROM ca_crl");
    env.ok(&[
        "cert",
        "revoke",
        "--cert",
        "1",
        "--reason",
        "key-compromise",
    ]);
    env.ok(&["crl", "--ca", "RSA CA", "--out", &p(&env, "n1.crl")]);
    env.sqlite3(&format!("UPDATE ca_crl SET last_der = X'{}'", old.trim()));
    let err = env.fails(
        6,
        &[
            "crl",
            "show",
            "--ca",
            "RSA CA",
            "--out",
            &p(&env, "shown.crl"),
        ],
    );
    points_at_log_verify(&err);
    assert!(err.contains("RSA CA") && err.contains("last_der"), "{err}");
    assert!(!env.path("shown.crl").exists());
}

#[test]
fn crl_show_serves_the_last_crl_issued() {
    let env = Env::with_lina_certificate("RSA CA", "rsa2048");
    env.ok(&["crl", "--ca", "RSA CA", "--out", &p(&env, "n.crl")]);
    env.ok(&[
        "cert",
        "revoke",
        "--cert",
        "1",
        "--reason",
        "key-compromise",
    ]);
    env.ok(&["crl", "--ca", "RSA CA", "--out", &p(&env, "n1.crl")]);
    env.ok(&[
        "crl",
        "show",
        "--ca",
        "RSA CA",
        "--out",
        &p(&env, "shown.crl"),
    ]);
    let shown = std::fs::read(env.path("shown.crl")).unwrap_or_default();
    let issued = std::fs::read(env.path("n1.crl")).unwrap_or_default();
    assert!(!shown.is_empty() && shown == issued);
}

// ---- finding 09: a padded object number --------------------------------------------------------

/// A one-page PDF whose content stream (object 4, text "HELLO PADDED CONTENT") has its header
/// written with `zeros` leading zeros (`000…0004 0 obj`: legal, object 4 to every parser).
fn padded_header_pdf(zeros: usize) -> Vec<u8> {
    let content: &[u8] = b"BT /F1 24 Tf 72 700 Td (HELLO PADDED CONTENT) Tj ET\n";
    let objects: [(usize, Vec<u8>); 5] = [
        (1, b"<< /Type /Catalog /Pages 2 0 R >>".to_vec()),
        (2, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec()),
        (
            3,
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] \
              /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>"
                .to_vec(),
        ),
        (
            4,
            [
                format!("<< /Length {} >>\nstream\n", content.len()).as_bytes(),
                content,
                b"\nendstream",
            ]
            .concat(),
        ),
        (
            5,
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec(),
        ),
    ];
    let mut out = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let mut offsets = Vec::new();
    for (n, body) in &objects {
        offsets.push(out.len());
        let number = if *n == 4 {
            format!("{}{n}", "0".repeat(zeros))
        } else {
            n.to_string()
        };
        out.extend(format!("{number} 0 obj\n").as_bytes());
        out.extend(body);
        out.extend(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend(b"xref\n0 6\n0000000000 65535 f \n");
    for o in offsets {
        out.extend(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend(
        format!("trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n").as_bytes(),
    );
    out
}

/// `pdf` stamped at its keyword eagerly and lazily (`pdf_lazy::stamp_both`).
fn stamp_keyword_both_ways(pdf: &[u8]) -> (Result<Vec<u8>, String>, Result<Vec<u8>, String>) {
    use catool::pdf::job::{Occurrence, Placement, Seal};
    use catool::pdf::stamp::SealImage;
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    let path = dir.path().join("padded.pdf");
    std::fs::write(&path, pdf).unwrap_or_else(|e| panic!("write: {e}"));
    let image = SealImage::from_png(&common::pdf::red_disc_png(64))
        .unwrap_or_else(|e| panic!("seal image: {e}"));
    let seal = Seal {
        image: &image,
        width_mm: 40.0,
        height_mm: 40.0,
        opacity: 0.9,
    };
    let at = Placement::Keyword {
        text: "PADDED".into(),
        occurrence: Occurrence::First,
        offset_mm: (0.0, 0.0),
        allow_missing: false,
        clamp: true,
    };
    crate::pdf_lazy::stamp_both(&path, &seal, &at)
}

#[test]
fn an_object_number_with_many_leading_zeros_is_stamped_lazily_as_eagerly() {
    let (eager, lazy) = stamp_keyword_both_ways(&padded_header_pdf(70));
    assert!(eager.is_ok(), "{eager:?}");
    assert!(lazy == eager, "lazy: {:?}", lazy.err());
}

#[test]
fn an_object_number_with_a_few_leading_zeros_is_stamped_lazily_as_eagerly() {
    let (eager, lazy) = stamp_keyword_both_ways(&padded_header_pdf(3));
    assert!(eager.is_ok(), "{eager:?}");
    assert!(lazy == eager, "lazy: {:?}", lazy.err());
}
