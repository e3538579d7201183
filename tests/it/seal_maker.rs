//! The seal-making authority and the seals' GB/T 38540 structures (issue 19 part 2): `seal
//! maker`, the .esl that follows every seal change (D7, D8, D18), `seal export --format esl`,
//! `seal show`, `seal import`, and the tables on both backends.

use std::ffi::OsStr;

use catool::model::{Algo, Stamp};
use catool::registry::Registry as Db;
use catool::registry::backend::{Location, Sql};
use catool::registry::makers;

use crate::common::pg::cluster;
use crate::common::*;

/// Onboarded enterprise with an SM2 CA "CA", 李娜 holding certificate 1 (PIN 123456 in
/// `pin`; `new.pin` and `wrong.pin` beside it); 张伟 and 王芳 prove who they are.
pub fn setup() -> Env {
    let env = Env::with_lina_certificate("CA", "sm2");
    write_secret(&env.path("new.pin"), "654321\n");
    write_secret(&env.path("wrong.pin"), "111111\n");
    env.certify("张伟", "1");
    env.certify("王芳", "1");
    env.prove_actors_with("123456");
    env
}

pub fn s(env: &Env, name: &str) -> String {
    env.path(name).to_string_lossy().into_owned()
}

/// A generated contract seal of enterprise 1 (effective at once); its id.
pub fn contract_seal(env: &Env) -> String {
    let v = env.json(&["seal", "make", "--kind", "contract", "--org", "1"]);
    v["id"].as_i64().unwrap().to_string()
}

pub fn maker(env: &Env) {
    env.ok(&[
        "seal",
        "maker",
        "init",
        "--ca",
        "CA",
        "--name",
        "印章制作中心",
    ]);
}

pub fn assign(env: &Env, seal: &str, cert: &str) {
    env.ok(&[
        "--as", "张伟", "seal", "assign", "--seal", seal, "--cert", cert,
    ]);
}

/// A registry with a maker and a contract seal, exported as `a.esl`; the seal's id.
pub fn exported() -> (Env, String) {
    let env = setup();
    maker(&env);
    let seal = contract_seal(&env);
    export_esl(&env, &seal, "a.esl");
    (env, seal)
}

pub fn export_esl(env: &Env, seal: &str, file: &str) -> serde_json::Value {
    env.json(&[
        "seal",
        "export",
        "--seal",
        seal,
        "--format",
        "esl",
        "--out",
        &s(env, file),
    ])
}

fn esl(env: &Env, seal: &str) -> serde_json::Value {
    env.json(&["seal", "show", seal])["esl"].clone()
}

#[test]
fn a_maker_is_certified_by_a_registry_ca_with_the_cas_algorithm() {
    let env = setup();
    let m = env.json(&[
        "seal",
        "maker",
        "init",
        "--ca",
        "CA",
        "--name",
        "印章制作中心",
    ]);
    assert_eq!(
        (m["algo"].as_str(), m["ca_id"].as_i64()),
        (Some("sm2"), Some(1))
    );
    let shown = env.json(&["seal", "maker", "show", "印章制作中心"]);
    assert!(
        shown["subject"].as_str().unwrap().contains("印章制作中心"),
        "{shown}"
    );
    assert_eq!(
        env.json(&["seal", "maker", "list"])
            .as_array()
            .unwrap()
            .len(),
        1
    );
    let events = env.json(&["log", "--action", "seal.maker.init"]);
    assert_eq!(events.as_array().unwrap().len(), 1);
}

#[test]
fn a_second_maker_of_the_same_name_is_refused_and_nothing_is_registered() {
    let env = setup();
    maker(&env);
    let err = env.fails(
        4,
        &[
            "seal",
            "maker",
            "init",
            "--ca",
            "CA",
            "--name",
            "印章制作中心",
        ],
    );
    assert!(err.contains("印章制作中心"), "{err}");
    assert_eq!(
        env.json(&["seal", "maker", "list"])
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn only_the_operator_makes_a_maker() {
    let env = setup();
    env.fails(4, &["--as", "张伟", "seal", "maker", "init", "--ca", "CA"]);
    assert!(
        env.json(&["seal", "maker", "list"])
            .as_array()
            .unwrap()
            .is_empty()
    );
}

#[test]
fn a_generated_seal_gets_a_v4_esl_signed_by_the_maker_when_it_takes_effect() {
    let env = setup();
    maker(&env);
    let seal = contract_seal(&env);
    let e = esl(&env, &seal);
    assert_eq!(e["version"], 4, "{e}");
    assert_eq!(e["maker"], "印章制作中心");
    assert_eq!(e["reason"], "effective");
    assert!(e["cert_list"].as_array().unwrap().is_empty());
    assert!(e["es_id"].as_str().unwrap().starts_with("CATOOL-S"));
    let text = env.ok(&["--lang", "en", "seal", "show", &seal]);
    assert!(
        text.contains("esID") && text.contains("印章制作中心"),
        "{text}"
    );
}

#[test]
fn without_a_maker_seals_work_as_before_and_an_esl_export_says_how_to_get_one() {
    let env = setup();
    let seal = contract_seal(&env);
    assert!(esl(&env, &seal).is_null());
    let out = s(&env, "seal.esl");
    let err = env.fails(
        4,
        &[
            "--lang", "en", "seal", "export", "--seal", &seal, "--format", "esl", "--out", &out,
        ],
    );
    assert!(err.contains("seal maker init"), "{err}");
    assert!(!env.path("seal.esl").exists());
    // The picture still exports as before.
    env.ok(&[
        "seal",
        "export",
        "--seal",
        &seal,
        "--out",
        &s(&env, "seal.png"),
    ]);
}

#[test]
fn a_seal_made_before_the_maker_gets_its_esl_when_exported() {
    let env = setup();
    let seal = contract_seal(&env);
    maker(&env);
    let v = export_esl(&env, &seal, "seal.esl");
    assert_eq!(v["format"], "esl");
    let der = std::fs::read(env.path("seal.esl")).unwrap();
    assert_eq!(der[0], 0x30, "a DER SEQUENCE");
    assert_eq!(esl(&env, &seal)["es_id"], v["esl"]["es_id"]);
}

#[test]
fn an_uploaded_seal_has_no_esl_until_approved() {
    let env = setup();
    maker(&env);
    let png = s(&env, "up.png");
    image::RgbaImage::from_pixel(200, 200, image::Rgba([200, 0, 0, 255]))
        .save(&png)
        .unwrap();
    let up = env.json(&["seal", "upload", &png, "--kind", "finance", "--org", "1"]);
    let seal = up["id"].as_i64().unwrap().to_string();
    assert!(esl(&env, &seal).is_null());
    let err = env.fails(
        4,
        &[
            "--lang",
            "en",
            "seal",
            "export",
            "--seal",
            &seal,
            "--format",
            "esl",
            "--out",
            &s(&env, "x.esl"),
        ],
    );
    assert!(err.contains(&format!("seal {seal}")), "{err}");
    env.ok(&["seal", "review", "--seal", &seal, "--approve"]);
    assert_eq!(esl(&env, &seal)["version"], 4);
}

#[test]
fn an_assignment_reissues_the_esl_with_the_certificate_in_its_cert_list() {
    let env = setup();
    maker(&env);
    let seal = contract_seal(&env);
    let before = esl(&env, &seal);
    assign(&env, &seal, "1");
    let after = esl(&env, &seal);
    assert_ne!(before["es_id"], after["es_id"], "a new esID");
    assert_eq!(after["cert_list"], serde_json::json!([1]));
    assert_eq!(after["reason"], "assign");
    let events = env.json(&["log", "--action", "seal.esl"]);
    assert_eq!(events.as_array().unwrap().len(), 2, "one keyed event each");
}

#[test]
fn voiding_a_seal_ends_its_esl_validity() {
    let env = setup();
    maker(&env);
    let seal = contract_seal(&env);
    let live = esl(&env, &seal);
    env.ok(&["seal", "void", "--seal", &seal, "--reason", "印章遗失"]);
    let ended = esl(&env, &seal);
    assert_eq!(ended["reason"], "void");
    assert!(
        ended["valid_end"].as_str().unwrap() < live["valid_end"].as_str().unwrap(),
        "{ended}"
    );
}

#[test]
fn a_certificate_reissue_drops_it_from_every_cert_list() {
    let env = setup();
    maker(&env);
    let seal = contract_seal(&env);
    assign(&env, &seal, "1");
    env.ok(&[
        "cert",
        "reissue",
        "--cert",
        "1",
        "--new-pin-file",
        &s(&env, "new.pin"),
    ]);
    let e = esl(&env, &seal);
    assert_eq!(e["cert_list"], serde_json::json!([]));
    assert_eq!(e["reason"], "reissue");
}

#[test]
fn an_esl_export_is_refused_over_the_registry_and_leaves_it_intact() {
    let env = setup();
    maker(&env);
    let seal = contract_seal(&env);
    let db = env.path("registry.db");
    let before = std::fs::read(&db).unwrap();
    let out = env.run(&[
        "seal",
        "export",
        "--seal",
        &seal,
        "--format",
        "esl",
        "--out",
        db.to_str().unwrap(),
        "--force",
    ]);
    assert!(!out.status.success());
    assert_eq!(std::fs::read(&db).unwrap().len(), before.len());
    env.ok(&["log", "verify"]);
}

#[test]
fn the_history_with_seal_structures_and_an_import_still_verifies() {
    let env = setup();
    maker(&env);
    let seal = contract_seal(&env);
    assign(&env, &seal, "1");
    export_esl(&env, &seal, "a.esl");
    let other = setup();
    other.ok(&[
        "seal",
        "import",
        &s(&env, "a.esl"),
        "--org",
        "1",
        "--kind",
        "finance",
    ]);
    env.ok(&["log", "verify"]);
    other.ok(&["log", "verify"]);
}

#[test]
fn a_seal_of_a_maker_the_registry_does_not_trust_imports_pending_review() {
    let (env, _) = exported();
    let other = setup();
    let v = other.json(&[
        "seal",
        "import",
        &s(&env, "a.esl"),
        "--org",
        "1",
        "--kind",
        "finance",
    ]);
    assert_eq!(v["seal"]["state"], "pending", "{v}");
    assert_eq!(v["trusted"], false);
    let id = v["seal"]["id"].as_i64().unwrap().to_string();
    assert_eq!(esl(&other, &id)["reason"], "import");
    // Kept as it came: exported, the same bytes.
    other.ok(&["seal", "review", "--seal", &id, "--approve"]);
    other.ok(&[
        "seal",
        "export",
        "--seal",
        &id,
        "--format",
        "esl",
        "--out",
        &s(&other, "b.esl"),
    ]);
    assert_eq!(
        std::fs::read(env.path("a.esl")).unwrap(),
        std::fs::read(other.path("b.esl")).unwrap()
    );
}

#[test]
fn a_seal_whose_maker_a_registry_ca_certified_imports_effective_once() {
    let (env, _) = exported();
    // The same registry already holds that esID: refused, nothing registered.
    let seals = env.json(&["seal", "list"]).as_array().unwrap().len();
    let err = env.fails(
        4,
        &[
            "--lang",
            "en",
            "seal",
            "import",
            &s(&env, "a.esl"),
            "--org",
            "1",
        ],
    );
    assert!(err.contains("a.esl") && err.contains("CATOOL-S"), "{err}");
    assert_eq!(env.json(&["seal", "list"]).as_array().unwrap().len(), seals);
}

#[test]
fn a_changed_byte_in_an_esl_fails_import_and_registers_nothing() {
    let (env, _) = exported();
    let mut der = std::fs::read(env.path("a.esl")).unwrap();
    let at = der.len() / 2;
    der[at] ^= 0x01;
    std::fs::write(env.path("bad.esl"), &der).unwrap();
    let other = setup();
    let out = other.run(&["seal", "import", &s(&env, "bad.esl"), "--org", "1"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("bad.esl"), "{err}");
    assert!(other.json(&["seal", "list"]).as_array().unwrap().is_empty());
}

#[test]
fn an_import_needs_the_enterprises_administrator() {
    let (env, _) = exported();
    let other = setup();
    other.fails(
        4,
        &[
            "--as",
            "李娜",
            "seal",
            "import",
            &s(&env, "a.esl"),
            "--org",
            "1",
        ],
    );
    assert!(other.json(&["seal", "list"]).as_array().unwrap().is_empty());
}

/// A new registry on each backend: an SQLite file and a PostgreSQL database.
fn both() -> Vec<(Db, tempfile::TempDir)> {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("registry.db");
    let sqlite =
        Db::open_at(&Location::parse(OsStr::new(file.to_str().unwrap())).unwrap()).unwrap();
    let (_, url) = cluster().database();
    let pg = Db::open_at(&Location::parse(OsStr::new(&url)).unwrap()).unwrap();
    vec![(sqlite, dir), (pg, tempfile::tempdir().unwrap())]
}

fn with_seal(tx: &dyn Sql) -> catool::error::Result<()> {
    tx.execute(
        "INSERT INTO cas (name, algo, cert_der, key_sealed, not_after, created_at)
         VALUES ('ca', 'sm2', ?1, ?1, '2036-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
        &[&vec![0_u8]],
    )?;
    tx.execute(
        "INSERT INTO persons (name, id_type, id_number, created_at)
         VALUES ('李娜', 'resident', '110108198503120011', '2026-01-01T00:00:00Z')",
        &[],
    )?;
    tx.execute(
        "INSERT INTO seals (person_id, kind, label, source, state, png, width_mm, height_mm,
             created_at)
         VALUES (1, 'name', '李娜', 'generated', 'effective', ?1, 20.0, 20.0,
                 '2026-01-01T00:00:00Z')",
        &[&vec![0_u8]],
    )?;
    Ok(())
}

#[test]
fn makers_and_seal_structures_are_stored_and_kept_the_same_on_sqlite_and_postgres() {
    let at = Stamp::parse("2026-01-01T00:00:00Z").unwrap();
    for (mut db, _dir) in both() {
        let current = db
            .write(|tx| {
                with_seal(tx)?;
                let m = makers::insert(
                    tx,
                    &makers::NewMaker {
                        name: "制章",
                        ca_id: 1,
                        algo: Algo::Sm2,
                        cert_der: b"cert",
                        key_sealed: b"sealed",
                        not_after: at,
                        at,
                    },
                )?;
                for (n, certs) in [("E-1", vec![]), ("E-2", vec![1_i64])] {
                    makers::insert_structure(
                        tx,
                        &makers::NewStructure {
                            seal_id: 1,
                            maker_id: Some(m),
                            es_id: n,
                            version: 4,
                            cert_ids: &certs,
                            valid_start: at,
                            valid_end: at,
                            reason: "assign",
                            der: b"der",
                            at,
                        },
                    )?;
                }
                makers::current(tx, 1)
            })
            .unwrap()
            .unwrap();
        assert_eq!(
            (current.es_id.as_str(), current.cert_ids.as_slice()),
            ("E-2", &[1][..])
        );
        for sql in [
            "UPDATE seal_structures SET valid_end = '2000-01-01T00:00:00Z'",
            "DELETE FROM seal_structures",
            "UPDATE seal_makers SET cert_der = ?1",
            "DELETE FROM seal_makers",
        ] {
            let params: &[&dyn catool::registry::backend::Param] = if sql.contains("?1") {
                &[&b"x".to_vec()]
            } else {
                &[]
            };
            let refused = db.write(|tx| tx.execute(sql, params));
            assert!(refused.is_err(), "{sql} on {}", db.shown());
        }
    }
}
