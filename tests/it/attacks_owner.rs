//! Red team round 4, "owner-minted-for-victim": a personal certificate carries its OWNER's
//! identity (name, ID number: D5, D14), so putting a person's identity into a certificate
//! someone else holds (and so chooses the PIN of) needs that person's consent: the operator,
//! or the owner acting (`--as OWNER`, proven). An administrator alone cannot, neither by
//! assigning a slot (`cert assign`) nor by changing a holder (`cert holder`). Enterprise
//! certificates (the subject is the enterprise) keep the administrator's choice. A name seal
//! follows its person (D18), and `pdf verify` names the holder when it is not the owner.

use crate::common;

use common::*;
use serde_json::Value;

/// An onboarded registry where every person acting proves it with PIN 123456; enterprise 1
/// (administrator 张伟) has a paid package: slot 1 enterprise, slots 2 and 3 personal, plus
/// the slots of the administrator's own certificate.
pub(crate) fn registry() -> Env {
    let env = Env::onboarded(true);
    env.certify("张伟", "1");
    env.certify("李娜", "1");
    env.prove_actors_with("123456");
    env
}

/// Every slot of enterprise `org`'s packages.
fn slots(env: &Env, org: &str) -> Vec<Value> {
    let packages = env.json(&["org", "show", org])["packages"].clone();
    let mut out = Vec::new();
    for id in packages
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|p| p["id"].as_i64())
    {
        let package = env.json(&["package", "show", &id.to_string()]);
        out.extend(package["slots"].as_array().cloned().unwrap_or_default());
    }
    out
}

/// An unassigned slot of `kind` in enterprise `org` (buying and paying a package if needed).
pub(crate) fn free_slot(env: &Env, org: &str, kind: &str) -> String {
    let find = |env: &Env| {
        slots(env, org)
            .into_iter()
            .find(|s| s["kind"] == kind && s["state"] == "unassigned")
            .and_then(|s| s["id"].as_i64())
    };
    if let Some(id) = find(env) {
        return id.to_string();
    }
    let package = env.json(&["package", "buy", "--org", org])["id"]
        .as_i64()
        .expect("package id");
    env.ok(&["package", "pay", "--package", &package.to_string()]);
    find(env).expect("a free slot").to_string()
}

pub(crate) fn slot_state(env: &Env, org: &str, slot: &str) -> Value {
    slots(env, org)
        .into_iter()
        .find(|s| s["id"].as_i64().map(|i| i.to_string()).as_deref() == Some(slot))
        .unwrap_or_else(|| panic!("no slot {slot}"))
}

/// `cert assign` of `slot` to `owner` and `holder`, by `actor` (`None`: the operator).
pub(crate) fn assign(actor: Option<&str>, slot: &str, owner: &str, holder: &str) -> Vec<String> {
    let mut args: Vec<String> = actor
        .map(|a| vec!["--as".to_string(), a.to_string()])
        .unwrap_or_default();
    for a in [
        "cert", "assign", "--slot", slot, "--owner", owner, "--holder", holder,
    ] {
        args.push(a.to_string());
    }
    args
}

/// A free slot of `kind` assigned by `actor`; the slot as `package show` lists it.
fn assigned(env: &Env, actor: Option<&str>, kind: &str, owner: &str, holder: &str) -> Value {
    let slot = free_slot(env, "1", kind);
    env.ok(&strs(&assign(actor, &slot, owner, holder)));
    slot_state(env, "1", &slot)
}

fn holder_of(env: &Env, cert: i64) -> String {
    env.json(&["cert", "show", &cert.to_string()])["holder"]["name"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

/// The attack itself: the administrator of another enterprise adds a stranger as a member
/// (no consent asked) and assigns a personal slot with the stranger as owner and herself
/// as holder, to issue it with her own PIN. Refused; the slot stays unassigned.
#[test]
fn an_administrator_cannot_assign_a_strangers_identity_to_a_slot_she_holds() {
    let env = registry();
    env.outsider_with_certificate();
    env.ok(&[
        "--as", "陈明", "org", "member", "add", "--org", "2", "--person", "张伟",
    ]);
    let slot = free_slot(&env, "2", "personal");
    let err = env.fails(4, &strs(&assign(Some("陈明"), &slot, "张伟", "陈明")));
    assert!(err.contains("张伟"), "{err}");
    assert!(
        err.contains("consent") || err.contains("--as 张伟"),
        "{err}"
    );
    assert!(is_one_error(&err), "{err}");
    assert_eq!(slot_state(&env, "2", &slot)["state"], "unassigned");
}

/// The same inside one enterprise: the administrator cannot have a member's identity put into
/// a certificate he holds.
#[test]
fn an_administrator_cannot_assign_a_members_identity_to_a_slot_he_holds() {
    let env = registry();
    let slot = free_slot(&env, "1", "personal");
    env.fails(4, &strs(&assign(Some("张伟"), &slot, "王芳", "张伟")));
    // Nor for another member to hold.
    env.fails(4, &strs(&assign(Some("张伟"), &slot, "王芳", "李娜")));
    assert_eq!(slot_state(&env, "1", &slot)["state"], "unassigned");
}

/// The variant: the administrator moves a member's certificate to himself (the routine
/// reissue would then hand him a PIN for a certificate in the member's name). Refused.
#[test]
fn an_administrator_cannot_make_himself_the_holder_of_a_members_certificate() {
    let env = registry();
    let (lina_cert, _) = env.certify("李娜", "1");
    let err = env.fails(
        4,
        &[
            "--as",
            "张伟",
            "cert",
            "holder",
            "--cert",
            &lina_cert.to_string(),
            "--holder",
            "张伟",
        ],
    );
    assert!(err.contains("李娜"), "{err}");
    assert_eq!(holder_of(&env, lina_cert), "李娜");
}

/// With the owner's consent it works: the owner acting lends her certificate to a member,
/// and the administrator may give it back to her.
#[test]
fn the_owner_acting_may_let_another_member_hold_her_certificate() {
    let env = registry();
    let (lina_cert, _) = env.certify("李娜", "1");
    let cert = lina_cert.to_string();
    env.ok(&[
        "--as",
        "李娜",
        "--as-cert",
        &cert,
        "cert",
        "holder",
        "--cert",
        &cert,
        "--holder",
        "王芳",
    ]);
    assert_eq!(holder_of(&env, lina_cert), "王芳");
    env.ok(&[
        "--as", "张伟", "cert", "holder", "--cert", &cert, "--holder", "李娜",
    ]);
    assert_eq!(holder_of(&env, lina_cert), "李娜");
}

/// The operator, who answers for the registry, may assign an owner and another holder.
#[test]
fn the_operator_may_assign_a_personal_slot_to_another_holder() {
    let s = assigned(&registry(), None, "personal", "王芳", "李娜");
    assert_eq!(s["owner"]["name"], "王芳");
    assert_eq!(s["holder"]["name"], "李娜");
}

/// The administrator acting as the owner consents for himself.
#[test]
fn an_administrator_may_let_a_member_hold_a_certificate_in_his_own_name() {
    let s = assigned(&registry(), Some("张伟"), "personal", "张伟", "李娜");
    assert_eq!(s["holder"]["name"], "李娜");
}

/// An enterprise certificate names the enterprise: the administrator still chooses who holds
/// it, with any member as its responsible owner.
#[test]
fn an_administrator_still_chooses_the_holder_of_an_enterprise_certificate() {
    let s = assigned(&registry(), Some("张伟"), "enterprise", "王芳", "李娜");
    assert_eq!(s["holder"]["name"], "李娜");
}

/// A certificate in 王芳's name held by 李娜 (the operator assigned and issued it), for the
/// name seal and `pdf verify` tests: its id and PIN file.
fn lent_certificate(env: &Env) -> (String, String) {
    let slot = free_slot(env, "1", "personal");
    env.ok(&strs(&assign(None, &slot, "王芳", "李娜")));
    issue(env, None, &slot, "lent.pin")
}

/// `cert issue` of `slot` by `actor` (`None`: the operator) with a new PIN in the 0600 file
/// `pin_name`; the certificate's id and the PIN file.
pub(crate) fn issue(
    env: &Env,
    actor: Option<&str>,
    slot: &str,
    pin_name: &str,
) -> (String, String) {
    let pin = p(env, pin_name);
    write_secret(&env.path(pin_name), "654321\n");
    let mut args: Vec<&str> = actor.map(|a| vec!["--as", a]).unwrap_or_default();
    args.extend(["cert", "issue", "--slot", slot, "--pin-file", &pin]);
    let issued = env.json(&args);
    let id = issued["cert"]["id"]
        .as_i64()
        .or_else(|| issued["id"].as_i64())
        .expect("certificate id");
    (id.to_string(), pin)
}

/// `seal make` of `person`'s name seal (人名章) as the operator; its id.
fn name_seal(env: &Env, person: &str, png: &str) -> String {
    let made = env.json(&[
        "seal",
        "make",
        "--kind",
        "name",
        "--person",
        person,
        "--out",
        &p(env, png),
    ]);
    made["id"].as_i64().expect("seal id").to_string()
}

/// A name seal (人名章) follows its person (D18): 王芳's goes only to a certificate she owns
/// and holds, not to one in her name that 李娜 holds.
#[test]
fn a_name_seal_goes_only_to_a_certificate_its_person_owns_and_holds() {
    let env = registry();
    let (cert, _) = lent_certificate(&env);
    let seal = name_seal(&env, "王芳", "name.png");
    let err = env.fails(4, &["seal", "assign", "--seal", &seal, "--cert", &cert]);
    assert!(err.contains(&format!("certificate {cert}")), "{err}");
}

/// `pdf verify` names the holder who signed when the certificate's subject (its owner) is
/// someone else, in the report and in the JSON.
#[test]
fn pdf_verify_names_the_holder_when_it_is_not_the_owner() {
    let env = registry();
    let (cert, pin) = lent_certificate(&env);
    std::fs::write(
        env.path("in.pdf"),
        common::pdf::make_pdf(&[common::pdf::a4()]),
    )
    .unwrap();
    env.ok(&[
        "pdf",
        "sign",
        &p(&env, "in.pdf"),
        "--out",
        &p(&env, "out.pdf"),
        "--cert",
        &cert,
        "--pin-file",
        &pin,
    ]);
    let report = env.ok(&["pdf", "verify", &p(&env, "out.pdf")]);
    let line = report
        .lines()
        .find(|l| l.trim_start().starts_with("holder"))
        .unwrap_or_else(|| panic!("no holder line:\n{report}"));
    assert!(line.contains("李娜"), "{line}");
    let signer = report
        .lines()
        .find(|l| l.trim_start().starts_with("signer"))
        .unwrap_or_else(|| panic!("no signer line:\n{report}"));
    assert!(signer.contains("王芳"), "{signer}");
    let v = env.json(&["pdf", "verify", &p(&env, "out.pdf")]);
    let sig = &v["signatures"][0];
    assert_eq!(sig["registry_holder"]["name"], "李娜", "{sig}");
    // A certificate its owner holds: no holder line, registry_holder null.
    let (own, own_pin) = env.certify("王芳", "1");
    env.ok(&[
        "pdf",
        "sign",
        &p(&env, "in.pdf"),
        "--out",
        &p(&env, "own.pdf"),
        "--cert",
        &own.to_string(),
        "--pin-file",
        &own_pin,
    ]);
    let report = env.ok(&["pdf", "verify", &p(&env, "own.pdf")]);
    assert!(
        !report.lines().any(|l| l.trim_start().starts_with("holder")),
        "{report}"
    );
    let v = env.json(&["pdf", "verify", &p(&env, "own.pdf")]);
    assert!(v["signatures"][0]["registry_holder"].is_null());
}

/// A slot already assigned in someone else's name without the owner's consent (before this
/// rule, or its holder column edited outside catool) is not imported by that holder with a
/// PIN of his own: the consent is read from the keyed history, not from the slot's columns.
/// The operator may still import it.
#[test]
fn a_holder_without_the_owners_recorded_consent_cannot_import_a_slot_in_the_owners_name() {
    let env = registry();
    let slot = free_slot(&env, "1", "personal");
    env.ok(&strs(&assign(None, &slot, "王芳", "王芳")));
    env.sqlite3(&format!(
        "UPDATE slots SET holder_person_id = 1 WHERE id = {slot};"
    ));
    write_secret(&env.path("evil.pin"), "111111\n");
    let evil = p(&env, "evil.pin");
    let err = env.fails(
        4,
        &[
            "--as",
            "张伟",
            "cert",
            "issue",
            "--slot",
            &slot,
            "--pin-file",
            &evil,
        ],
    );
    assert!(err.contains("王芳") && err.contains("consent"), "{err}");
    assert_eq!(slot_state(&env, "1", &slot)["state"], "assigned");
}

/// With the owner's consent recorded (the operator's assignment), the holder imports it.
#[test]
fn a_holder_with_the_owners_recorded_consent_imports_the_slot() {
    let env = registry();
    let slot = free_slot(&env, "1", "personal");
    env.ok(&strs(&assign(None, &slot, "王芳", "张伟")));
    issue(&env, Some("张伟"), &slot, "his.pin");
    assert_eq!(slot_state(&env, "1", &slot)["state"], "used");
}

/// A name seal assigned while its person held the certificate is not usable by a later
/// holder: it stays its person's (D18), even when the owner lends the certificate.
#[test]
fn a_name_seal_is_not_usable_by_someone_its_certificate_was_lent_to() {
    let env = registry();
    let (fang, _) = env.certify("王芳", "1");
    let fang = fang.to_string();
    let seal = name_seal(&env, "王芳", "fang.png");
    env.ok(&["seal", "assign", "--seal", &seal, "--cert", &fang]);
    env.ok(&[
        "--as",
        "王芳",
        "--as-cert",
        &fang,
        "seal",
        "check",
        "--seal",
        &seal,
    ]);
    env.ok(&[
        "--as",
        "王芳",
        "--as-cert",
        &fang,
        "cert",
        "holder",
        "--cert",
        &fang,
        "--holder",
        "李娜",
    ]);
    let lina = env.certify("李娜", "1").0.to_string();
    env.fails(
        4,
        &[
            "--as",
            "李娜",
            "--as-cert",
            &lina,
            "seal",
            "check",
            "--seal",
            &seal,
        ],
    );
}
