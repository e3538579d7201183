//! Issue 14: operators re-run their onboarding scripts (idempotent adds, `import`),
//! offboard members, and get what they enter validated.

use crate::common;
use common::*;
use serde_json::Value;

fn events(env: &Env) -> usize {
    env.json(&["log"]).as_array().unwrap().len()
}

fn s(p: &std::path::Path) -> String {
    p.to_str().unwrap().to_string()
}

const ORG_A: &str = "北京云签科技有限公司";

fn org_add_args<'a>(name: &'a str, uscc: &'a str, admin: &'a str) -> Vec<&'a str> {
    vec![
        "org",
        "add",
        "--name",
        name,
        "--uscc",
        uscc,
        "--legal-rep",
        "赵建国",
        "--legal-rep-id",
        ID_LEGAL_REP,
        "--admin",
        admin,
    ]
}

// ---- 1. idempotent scripting ---------------------------------------------------------------

#[test]
fn adding_an_identical_person_again_reports_exists_and_records_nothing() {
    let env = Env::onboarded(false);
    let before = events(&env);
    let v = env.json(&["person", "add", "--name", "张伟", "--id-number", ID_ADMIN]);
    assert_eq!(v["outcome"], "exists");
    assert_eq!(v["id"], 1);
    let text = env.ok(&["person", "add", "--name", "张伟", "--id-number", ID_ADMIN]);
    assert!(text.contains("exists"), "{text}");
    assert_eq!(events(&env), before);
    assert_eq!(env.json(&["person", "list"]).as_array().unwrap().len(), 4);
}

#[test]
fn a_person_with_another_email_under_a_registered_id_number_is_refused() {
    let env = Env::new();
    let add = |email: &str| {
        env.run(&[
            "person",
            "add",
            "--name",
            "张伟",
            "--id-number",
            ID_ADMIN,
            "--email",
            email,
        ])
    };
    assert!(add("zw@example.com").status.success());
    let out = add("other@example.com");
    assert_eq!(out.status.code(), Some(4));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("e-mail") && err.contains("zw@example.com"),
        "{err}"
    );
}

#[test]
fn adding_an_identical_enterprise_again_reports_exists() {
    let env = Env::onboarded(false);
    let before = events(&env);
    let v = env.json(&org_add_args(ORG_A, USCC_A, "张伟"));
    assert_eq!(v["outcome"], "exists");
    assert_eq!(v["id"], 1);
    assert_eq!(events(&env), before);
}

#[test]
fn an_enterprise_with_other_data_under_a_registered_uscc_is_refused() {
    let env = Env::onboarded(false);
    let err = env.fails(4, &org_add_args("别的名字有限公司", USCC_A, "张伟"));
    assert!(err.contains("already registered"), "{err}");
}

#[test]
fn paying_a_paid_package_is_a_no_op_success_saying_so() {
    let env = Env::onboarded(true);
    env.ok(&["package", "buy", "--org", "1"]);
    assert_eq!(
        env.json(&["package", "pay", "--package", "1"])["outcome"],
        "paid"
    );
    let before = events(&env);
    let v = env.json(&["package", "pay", "--package", "1"]);
    assert_eq!(v["outcome"], "already_paid");
    assert_eq!(v["slots"].as_array().unwrap().len(), 3);
    assert_eq!(events(&env), before);
}

#[test]
fn a_batch_with_skip_existing_reports_already_issued_rows_and_exits_0() {
    let env = Env::with_lina_certificate("SM2 CA", "sm2");
    env.ok(&[
        "cert", "assign", "--slot", "3", "--owner", "王芳", "--holder", "王芳",
    ]);
    write_secret(&env.path("p.pin"), "654321\n");
    std::fs::write(env.path("rows.csv"), "slot,pin_file\n2,p.pin\n3,p.pin\n").unwrap();
    let csv = s(&env.path("rows.csv"));
    // Without the flag, the issued slot 2 fails the run (today's behaviour).
    env.fails(4, &["cert", "issue", "--batch", &csv]);
    // Slot 3 was issued by that run; now both are issued already.
    let out = env.run(&[
        "--json",
        "cert",
        "issue",
        "--batch",
        &csv,
        "--skip-existing",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines: Vec<Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert!(
        lines
            .iter()
            .all(|l| l["outcome"] == "already_issued" && l["ok"] == true)
    );
    // A skipped row carries the fields of an issued one (docs/json.md: line, slot,
    // cert_id, serial), the serial the certificate's.
    for l in &lines {
        let cert = env.json(&["cert", "show", &l["cert_id"].to_string()]);
        assert_eq!(l["serial"], cert["serial"], "{l}");
    }
}

// ---- 2. import ---------------------------------------------------------------------------

fn onboarding_doc(env: &Env) -> std::path::PathBuf {
    write_secret(&env.path("lina.pin"), "112233\n");
    std::fs::write(env.path("letter.pdf"), b"%PDF-1.4 letter").unwrap();
    let doc = serde_json::json!({
        "persons": [
            {"name": "张伟", "id_number": ID_ADMIN, "email": "zw@example.com"},
            {"name": "李娜", "id_number": ID_MEMBER1}
        ],
        "orgs": [{
            "name": ORG_A, "uscc": USCC_A, "legal_rep": "赵建国",
            "legal_rep_id": ID_LEGAL_REP, "admin": ID_ADMIN,
            "authorize": "letter", "letter": "letter.pdf"
        }],
        "memberships": [{"org": USCC_A, "person": ID_MEMBER1}],
        "packages": [{
            "org": USCC_A,
            "certificates": [
                {"kind": "personal", "owner": ID_MEMBER1, "pin_file": "lina.pin"}
            ]
        }]
    });
    let path = env.path("onboarding.json");
    std::fs::write(&path, serde_json::to_vec_pretty(&doc).unwrap()).unwrap();
    path
}

#[test]
fn import_onboards_everything_in_one_command() {
    let env = Env::new();
    env.ok(&["ca", "init", "--name", "SM2 CA", "--algo", "sm2"]);
    let doc = onboarding_doc(&env);
    let r = env.json(&["import", &s(&doc)]);
    assert_eq!(r["dry_run"], false);
    let org = env.json(&["org", "show", "1"]);
    assert_eq!(org["auth_method"], "letter");
    assert_eq!(org["members"].as_array().unwrap().len(), 2);
    let lina = env.json(&["person", "show", "李娜"]);
    assert_eq!(lina["certificates"].as_array().unwrap().len(), 1);
    assert_eq!(lina["certificates"][0]["state"], "active");
    assert_eq!(env.json(&["package", "show", "1"])["status"], "paid");
    env.ok(&["log", "verify"]);
}

#[test]
fn importing_the_same_file_again_changes_nothing_and_says_so() {
    let env = Env::new();
    env.ok(&["ca", "init", "--name", "SM2 CA", "--algo", "sm2"]);
    let doc = onboarding_doc(&env);
    env.ok(&["import", &s(&doc)]);
    let before = events(&env);
    let r = env.json(&["import", &s(&doc)]);
    assert_eq!(r["changed"], 0, "{r}");
    assert!(
        r["steps"]
            .as_array()
            .unwrap()
            .iter()
            .all(|st| st["outcome"] == "exists" || st["outcome"] == "already_issued"),
        "{r}"
    );
    assert_eq!(events(&env), before);
    let text = env.ok(&["import", &s(&doc)]);
    assert!(text.contains("nothing to do"), "{text}");
}

#[test]
fn an_import_dry_run_reports_what_it_would_do_and_writes_nothing() {
    let env = Env::new();
    env.ok(&["ca", "init", "--name", "SM2 CA", "--algo", "sm2"]);
    let doc = onboarding_doc(&env);
    let before = events(&env);
    let r = env.json(&["import", &s(&doc), "--dry-run"]);
    assert_eq!(r["dry_run"], true);
    assert!(r["changed"].as_u64().unwrap() >= 6, "{r}");
    assert!(
        r["steps"]
            .as_array()
            .unwrap()
            .iter()
            .any(|st| st["outcome"] == "would_issue")
    );
    assert_eq!(events(&env), before);
    assert!(env.json(&["person", "list"]).as_array().unwrap().is_empty());
    assert!(env.json(&["org", "list"]).as_array().unwrap().is_empty());
}

#[test]
fn a_bad_import_row_names_the_row_and_field_and_nothing_is_written() {
    let env = Env::new();
    let doc = serde_json::json!({
        "persons": [
            {"name": "张伟", "id_number": ID_ADMIN},
            {"name": "李娜", "id_number": "110108199007050021"}
        ]
    });
    let path = env.path("bad.json");
    std::fs::write(&path, doc.to_string()).unwrap();
    let err = env.fails(5, &["import", &s(&path)]);
    assert!(err.contains("import persons[1].id_number: "), "{err}");
    assert!(env.json(&["person", "list"]).as_array().unwrap().is_empty());
}

#[test]
fn an_import_pin_file_outside_the_document_directory_is_refused() {
    let env = Env::new();
    let doc = serde_json::json!({
        "packages": [{"org": "1", "certificates": [
            {"kind": "personal", "owner": "1", "pin_file": "../x.pin"}
        ]}]
    });
    let path = env.path("up.json");
    std::fs::write(&path, doc.to_string()).unwrap();
    let err = env.fails(5, &["import", &s(&path)]);
    assert!(
        err.contains("packages[0].certificates[0].pin_file"),
        "{err}"
    );
}

#[test]
fn an_import_pin_file_reached_through_a_symbolic_link_is_refused() {
    let env = Env::new();
    std::fs::create_dir(env.path("doc")).unwrap();
    std::fs::write(env.path("x.pin"), "654321\n").unwrap();
    std::os::unix::fs::symlink(env.path(""), env.path("doc/esc")).unwrap();
    let doc = serde_json::json!({
        "packages": [{"org": "1", "certificates": [
            {"kind": "personal", "owner": "1", "pin_file": "esc/x.pin"}
        ]}]
    });
    let path = env.path("doc/up.json");
    std::fs::write(&path, doc.to_string()).unwrap();
    let err = env.fails(5, &["import", &s(&path)]);
    assert!(err.contains("symbolic link"), "{err}");
}

// ---- 3. offboarding ----------------------------------------------------------------------

fn with_grant() -> Env {
    let env = Env::with_lina_certificate("SM2 CA", "sm2");
    env.ok(&["seal", "make", "--kind", "official", "--org", "1"]);
    env.ok(&[
        "seal",
        "grant",
        "--seal",
        "1",
        "--to",
        "李娜",
        "--from",
        "2020-01-01",
        "--until",
        "2099-01-01",
        "--reason",
        "投标",
    ]);
    env
}

#[test]
fn removing_a_member_with_certificates_or_grants_is_refused_naming_them() {
    let env = with_grant();
    let err = env.fails(
        4,
        &["org", "member", "remove", "--org", "1", "--person", "李娜"],
    );
    assert!(err.contains("certificate(s) 1"), "{err}");
    assert!(err.contains("seal grant(s) 1"), "{err}");
    assert!(err.contains("--revoke"), "{err}");
    assert_eq!(
        env.json(&["org", "show", "1"])["members"]
            .as_array()
            .unwrap()
            .len(),
        3
    );
}

#[test]
fn removing_a_member_with_revoke_revokes_their_certificates_and_ends_their_grants() {
    let env = with_grant();
    let r = env.json(&[
        "org", "member", "remove", "--org", "1", "--person", "李娜", "--revoke",
    ]);
    assert_eq!(r["revoked_certificates"], serde_json::json!([1]));
    assert_eq!(r["ended_grants"], serde_json::json!([1]));
    let c = env.json(&["cert", "show", "1"]);
    assert_eq!(c["status"], "revoked");
    assert_eq!(c["revoke_reason"], "affiliation-changed");
    assert_eq!(
        env.json(&["seal", "show", "1"])["grants"][0]["state"],
        "revoked"
    );
    assert_eq!(
        env.json(&["org", "show", "1"])["members"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    // The revocation is recorded as `cert revoke` records one: the history proves its time
    // (it once said the revocation was written before the history recorded it).
    let v = env.json(&["log", "verify"]);
    assert_eq!(v["not_provable"], serde_json::json!([]), "{v:#}");
    let event = env.json(&["log", "--action", "cert.revoke"]);
    let details = &event[0]["details"];
    assert!(details["revoked_at"].is_string(), "{event:#}");
    assert_eq!(details["member_removed"], "李娜", "{event:#}");
}

// ---- 4. validation -----------------------------------------------------------------------

#[test]
fn a_second_enterprise_with_a_registered_name_is_refused_naming_the_first() {
    let env = Env::onboarded(false);
    let err = env.fails(4, &org_add_args(ORG_A, USCC_B, "陈明"));
    assert!(
        err.contains("enterprise 1") && err.contains(USCC_A),
        "{err}"
    );
}

#[test]
fn a_second_effective_official_seal_is_refused_until_the_first_is_voided() {
    let env = Env::onboarded(true);
    env.ok(&["seal", "make", "--kind", "official", "--org", "1"]);
    let err = env.fails(4, &["seal", "make", "--kind", "official", "--org", "1"]);
    assert!(err.contains("seal 1") && err.contains("void"), "{err}");
    // Another kind is fine.
    env.ok(&["seal", "make", "--kind", "contract", "--org", "1"]);
    env.ok(&["seal", "void", "--seal", "1", "--reason", "换新章"]);
    env.ok(&["seal", "make", "--kind", "official", "--org", "1"]);
}

#[test]
fn an_official_seal_code_must_be_13_digits() {
    let env = Env::onboarded(true);
    let err = env.fails(
        5,
        &[
            "seal", "make", "--kind", "official", "--org", "1", "--code", "12345",
        ],
    );
    assert!(err.contains("13-digit"), "{err}");
    env.ok(&[
        "seal",
        "make",
        "--kind",
        "official",
        "--org",
        "1",
        "--code",
        "1101080012345",
    ]);
}

#[test]
fn an_invoice_seal_code_must_be_the_enterprises_uscc() {
    let env = Env::onboarded(true);
    let err = env.fails(
        5,
        &[
            "seal", "make", "--kind", "invoice", "--org", "1", "--code", USCC_B,
        ],
    );
    assert!(err.contains(USCC_A), "{err}");
}

#[test]
fn an_authorization_letter_must_be_a_pdf_or_an_image() {
    let env = Env::onboarded(false);
    let err = env.fails(2, &["org", "authorize", "--org", "1", "--method", "letter"]);
    assert!(err.contains("--letter"), "{err}");
    std::fs::write(env.path("letter.txt"), b"I authorize.").unwrap();
    let txt = s(&env.path("letter.txt"));
    let err = env.fails(
        5,
        &[
            "org",
            "authorize",
            "--org",
            "1",
            "--method",
            "letter",
            "--letter",
            &txt,
        ],
    );
    assert!(err.contains("neither a PDF nor an image"), "{err}");
    let missing = s(&env.path("missing.pdf"));
    env.fails(
        5,
        &[
            "org",
            "authorize",
            "--org",
            "1",
            "--method",
            "letter",
            "--letter",
            &missing,
        ],
    );
    image::RgbImage::from_pixel(20, 20, image::Rgb([255, 255, 255]))
        .save(env.path("scan.png"))
        .unwrap();
    let png = s(&env.path("scan.png"));
    env.ok(&[
        "org",
        "authorize",
        "--org",
        "1",
        "--method",
        "letter",
        "--letter",
        &png,
    ]);
}

// ---- 5. person show ----------------------------------------------------------------------

#[test]
fn person_show_lists_certificates_slots_and_seals() {
    let env = with_grant();
    env.ok(&["seal", "make", "--kind", "name", "--person", "李娜"]);
    let v = env.json(&["person", "show", "李娜"]);
    let c = &v["certificates"][0];
    assert_eq!(c["id"], 1);
    assert!(c["serial"].as_str().is_some_and(|x| !x.is_empty()));
    assert_eq!(c["state"], "active");
    assert_eq!(c["org_name"], ORG_A);
    assert_eq!(v["slots"][0]["id"], 2);
    assert_eq!(v["seals"][0]["kind"], "name");
    assert_eq!(v["seal_grants"][0]["seal_id"], 1);
    let text = env.ok(&["person", "show", "李娜"]);
    assert!(
        text.contains("certificates:") && text.contains(ORG_A),
        "{text}"
    );
    assert!(text.contains("slots:") && text.contains("seals:"), "{text}");
}
