//! Seals in the registry (D7, D8, D16–D18, D21) and stamping with them.

use crate::common;
use crate::common::pdf;

use common::*;

/// Onboarded enterprise with an SM2 CA, paid package, 李娜 holding certificate 1 (PIN 123456).
pub(crate) fn setup() -> Env {
    let env = Env::onboarded(true);
    env.ok(&["ca", "init", "--name", "CA", "--algo", "sm2"]);
    env.ok(&["package", "buy", "--org", "1"]);
    env.ok(&["package", "pay", "--package", "1"]);
    std::fs::write(env.path("pin"), "123456\n").unwrap();
    std::fs::write(env.path("new.pin"), "654321\n").unwrap();
    env.ok(&[
        "cert", "assign", "--slot", "2", "--owner", "李娜", "--holder", "李娜",
    ]);
    env.ok(&[
        "cert",
        "issue",
        "--slot",
        "2",
        "--pin-file",
        env.path("pin").to_str().unwrap(),
    ]);
    std::fs::write(env.path("doc.pdf"), pdf::make_pdf(&[pdf::a4(), pdf::a4()])).unwrap();
    // The people acting prove it (--as) with their certificates, all under PIN 123456.
    env.certify("张伟", "1");
    env.certify("王芳", "1");
    env.prove_actors_with("123456");
    env
}

fn s(env: &Env, name: &str) -> String {
    env.path(name).to_string_lossy().into_owned()
}

pub(crate) fn make(env: &Env, kind: &str) -> i64 {
    let owner = if matches!(kind, "name" | "signature") {
        ["--person", "李娜"]
    } else {
        ["--org", "1"]
    };
    let arg = kind.replace('_', "-");
    let v = env.json(&[
        "seal",
        "make",
        "--kind",
        &arg,
        owner[0],
        owner[1],
        "--out",
        &s(env, &format!("{kind}.png")),
    ]);
    assert_eq!(
        v["state"], "effective",
        "a generated seal is effective at once (D7)"
    );
    v["id"].as_i64().unwrap()
}

/// Every attempt writes the same scratch output: `--force` replaces the previous one.
pub(crate) fn stamp_as(env: &Env, who: &str, seal: i64) -> std::process::Output {
    env.run(&[
        "--as",
        who,
        "pdf",
        "stamp",
        &s(env, "doc.pdf"),
        "--out",
        &s(env, "out.pdf"),
        "--seal",
        &seal.to_string(),
        "--at",
        "100,100",
        "--force",
    ])
}

#[test]
fn every_seal_kind_is_made_from_registry_data_with_its_real_size() {
    let env = setup();
    for (kind, mm) in [
        ("official", 40.0),
        ("contract", 40.0),
        ("finance", 40.0),
        ("invoice", 40.0),
        ("legal_rep", 20.0),
        ("name", 20.0),
    ] {
        let id = make(&env, kind);
        let seal = env.json(&["seal", "show", &id.to_string()]);
        assert_eq!(seal["kind"], kind);
        assert_eq!(seal["width_mm"].as_f64().unwrap(), mm, "{kind}");
        let png = image::open(env.path(&format!("{kind}.png"))).unwrap();
        let expected_px = (mm / 25.4 * 300.0_f64).round() as i64;
        assert!(
            (png.width() as i64 - expected_px).abs() <= 2,
            "{kind}: {} px",
            png.width()
        );
    }
    make(&env, "signature");
    assert_eq!(
        env.json(&["seal", "list", "--org", "1"])
            .as_array()
            .unwrap()
            .len(),
        5
    );
    assert_eq!(
        env.json(&["seal", "list", "--person", "李娜"])
            .as_array()
            .unwrap()
            .len(),
        2
    );
}

#[test]
fn an_enterprise_seal_needs_an_enterprise_and_a_name_seal_a_person() {
    let env = setup();
    env.fails(
        2,
        &["seal", "make", "--kind", "official", "--person", "李娜"],
    );
    env.fails(2, &["seal", "make", "--kind", "name", "--org", "1"]);
}

#[test]
fn a_character_the_font_lacks_is_named() {
    let env = setup();
    env.ok(&[
        "person",
        "add",
        "--name",
        "李𠀀",
        "--id-number",
        ID_LEGAL_REP,
    ]);
    let err = env.fails(5, &["seal", "make", "--kind", "name", "--person", "李𠀀"]);
    assert!(err.contains("𠀀") && err.contains("--font"), "{err}");
}

#[test]
fn a_name_seal_cannot_read_another_persons_name() {
    let env = setup();
    // 李娜 for herself: a 人名章 "of 李娜" that reads 王芳 would be assigned in good faith.
    let err = env.fails(
        5,
        &[
            "--as", "李娜", "seal", "make", "--kind", "name", "--person", "李娜", "--text", "王芳",
        ],
    );
    assert!(
        err.contains("王芳") && err.contains("李娜") && err.contains("D5"),
        "{err}"
    );
    assert_eq!(
        env.json(&["seal", "list"]).as_array().map(Vec::len),
        Some(0)
    );
}

#[test]
fn an_enterprise_seal_cannot_read_another_name() {
    let env = setup();
    let err = env.fails(
        5,
        &[
            "seal",
            "make",
            "--kind",
            "official",
            "--org",
            "1",
            "--text",
            "上海某某有限公司",
        ],
    );
    assert!(
        err.contains("上海某某有限公司") && err.contains("D16"),
        "{err}"
    );
    assert_eq!(
        env.json(&["seal", "list"]).as_array().map(Vec::len),
        Some(0)
    );
}

#[test]
fn the_registered_name_may_be_given_as_text() {
    let env = setup();
    let v = env.json(&[
        "seal", "make", "--kind", "name", "--person", "李娜", "--text", "李娜",
    ]);
    assert_eq!(v["state"], "effective", "{v}");
}

#[test]
fn an_uploaded_seal_waits_for_review() {
    let env = setup();
    make(&env, "name");
    let v = env.json(&[
        "--as",
        "李娜",
        "seal",
        "upload",
        &s(&env, "name.png"),
        "--kind",
        "signature",
        "--person",
        "李娜",
    ]);
    assert_eq!(v["state"], "pending");
    let id = v["id"].as_i64().unwrap().to_string();
    // Pending seals cannot be used.
    let out = stamp_as(&env, "operator", id.parse().unwrap());
    assert_eq!(out.status.code(), Some(4));
    assert!(String::from_utf8_lossy(&out.stderr).contains("待审核"));
    // Only the platform reviews.
    env.fails(
        4,
        &["--as", "张伟", "seal", "review", "--seal", &id, "--approve"],
    );
    env.fails(2, &["seal", "review", "--seal", &id, "--reject"]);
    let v = env.json(&["seal", "review", "--seal", &id, "--approve"]);
    assert_eq!(v["state"], "effective");
}

#[test]
fn an_upload_that_is_not_an_image_is_refused() {
    let env = setup();
    std::fs::write(env.path("x.png"), b"not an image").unwrap();
    let err = env.fails(
        5,
        &[
            "seal",
            "upload",
            &s(&env, "x.png"),
            "--kind",
            "official",
            "--org",
            "1",
        ],
    );
    assert!(err.contains("not an image"), "{err}");
}

#[test]
fn only_the_administrator_assigns_seals_and_then_the_holder_may_stamp() {
    let env = setup();
    let seal = make(&env, "contract");
    // Not assigned yet: the holder may not use it.
    let out = stamp_as(&env, "李娜", seal);
    assert_eq!(out.status.code(), Some(4));
    assert!(String::from_utf8_lossy(&out.stderr).contains("无权使用"));
    let err = env.fails(
        4,
        &[
            "--as",
            "李娜",
            "seal",
            "assign",
            "--seal",
            &seal.to_string(),
            "--cert",
            "1",
        ],
    );
    assert!(err.contains("administrator"), "{err}");
    env.ok(&[
        "--as",
        "张伟",
        "seal",
        "assign",
        "--seal",
        &seal.to_string(),
        "--cert",
        "1",
    ]);
    let out = stamp_as(&env, "李娜", seal);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    pdf::qpdf_check(&env.path("out.pdf"));
    // Every use is recorded (使用记录, D21).
    let uses = env.json(&["log", "--action", "pdf.stamp"]);
    let ok: Vec<_> = uses
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["outcome"] == "ok")
        .collect();
    assert_eq!(ok.len(), 1);
    assert_eq!(ok[0]["actor"], "person:2 李娜");
    assert_eq!(
        uses.as_array()
            .unwrap()
            .iter()
            .filter(|e| e["outcome"] == "refused")
            .count(),
        1
    );
}

#[test]
fn a_grant_works_only_inside_its_window() {
    let env = setup();
    let seal = make(&env, "official").to_string();
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
        "2099-01-01",
        "--reason",
        "投标",
    ]);
    assert_eq!(g["state"], "approved");
    assert!(
        stamp_as(&env, "王芳", seal.parse().unwrap())
            .status
            .success()
    );
    // An expired grant is refused and says so.
    let old = env.json(&[
        "--as",
        "张伟",
        "seal",
        "grant",
        "--seal",
        &seal,
        "--to",
        "李娜",
        "--from",
        "2020-01-01",
        "--until",
        "2020-02-01",
        "--reason",
        "旧项目",
    ]);
    assert_eq!(old["state"], "approved");
    let out = stamp_as(&env, "李娜", seal.parse().unwrap());
    assert_eq!(out.status.code(), Some(4));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not now"));
}

#[test]
fn a_member_requests_a_grant_and_the_administrator_decides_or_takes_it_back() {
    let env = setup();
    let seal = make(&env, "official").to_string();
    let g = env.json(&[
        "--as",
        "王芳",
        "seal",
        "grant",
        "--seal",
        &seal,
        "--from",
        "2020-01-01",
        "--until",
        "2099-01-01",
        "--reason",
        "申请印章授权",
    ]);
    assert_eq!(g["state"], "requested");
    let id = g["id"].as_i64().unwrap().to_string();
    assert_eq!(
        stamp_as(&env, "王芳", seal.parse().unwrap()).status.code(),
        Some(4)
    );
    env.fails(
        4,
        &["--as", "王芳", "seal", "approve-grant", "--grant", &id],
    );
    env.ok(&["--as", "张伟", "seal", "approve-grant", "--grant", &id]);
    assert!(
        stamp_as(&env, "王芳", seal.parse().unwrap())
            .status
            .success()
    );
    env.ok(&["--as", "张伟", "seal", "revoke-grant", "--grant", &id]);
    assert_eq!(
        stamp_as(&env, "王芳", seal.parse().unwrap()).status.code(),
        Some(4)
    );
}

#[test]
fn a_void_seal_is_never_used_again() {
    let env = setup();
    let seal = make(&env, "official").to_string();
    env.ok(&[
        "--as",
        "张伟",
        "seal",
        "void",
        "--seal",
        &seal,
        "--reason",
        "印章遗失",
    ]);
    let out = stamp_as(&env, "operator", seal.parse().unwrap());
    assert_eq!(out.status.code(), Some(4));
    assert!(String::from_utf8_lossy(&out.stderr).contains("已作废"));
    env.fails(
        4,
        &[
            "--as", "张伟", "seal", "assign", "--seal", &seal, "--cert", "1",
        ],
    );
}

#[test]
fn a_reissue_clears_the_certificates_seal_assignments() {
    let env = setup();
    let seal = make(&env, "name").to_string();
    env.ok(&[
        "--as", "张伟", "seal", "assign", "--seal", &seal, "--cert", "1",
    ]);
    env.ok(&[
        "cert",
        "reissue",
        "--cert",
        "1",
        "--new-pin-file",
        &s(&env, "new.pin"),
    ]);
    assert!(
        env.json(&["seal", "show", &seal])["assignments"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        stamp_as(&env, "李娜", seal.parse().unwrap()).status.code(),
        Some(4)
    );
}

#[test]
fn a_seal_can_be_cleaned_out_of_a_photo_and_uploaded() {
    let env = setup();
    // A photo: the generated seal pasted on yellowish paper.
    make(&env, "official");
    let seal = image::open(env.path("official.png")).unwrap().to_rgba8();
    let mut photo = image::RgbImage::from_pixel(
        seal.width() + 200,
        seal.height() + 200,
        image::Rgb([236, 228, 200]),
    );
    for (x, y, p) in seal.enumerate_pixels() {
        let a = p.0[3] as f32 / 255.0;
        let bg = photo.get_pixel(x + 100, y + 100).0;
        let mix = |i: usize| (p.0[i] as f32 * a + bg[i] as f32 * (1.0 - a)) as u8;
        photo.put_pixel(x + 100, y + 100, image::Rgb([mix(0), mix(1), mix(2)]));
    }
    photo.save(env.path("photo.jpg")).unwrap();
    let report = env.json(&[
        "seal",
        "clean",
        &s(&env, "photo.jpg"),
        "--out",
        &s(&env, "cut.png"),
        "--report",
    ]);
    assert!(report["ink_pixels"].as_u64().unwrap() > 1000);
    let v = env.json(&[
        "seal",
        "upload",
        &s(&env, "cut.png"),
        "--cleaned",
        "--kind",
        "official",
        "--org",
        "1",
    ]);
    assert_eq!(
        (v["state"].as_str(), v["source"].as_str()),
        (Some("pending"), Some("cleaned"))
    );
}

#[test]
fn a_photo_without_a_seal_is_an_error_not_an_empty_png() {
    let env = setup();
    image::RgbImage::from_pixel(300, 300, image::Rgb([240, 240, 235]))
        .save(env.path("blank.png"))
        .unwrap();
    let err = env.fails(
        5,
        &[
            "seal",
            "clean",
            &s(&env, "blank.png"),
            "--out",
            &s(&env, "cut.png"),
        ],
    );
    assert!(err.contains("no seal"), "{err}");
    assert!(!env.path("cut.png").exists());
}

/// `seal make` says once that the new seal is effective (the state is part of the seal's line).
#[test]
fn seal_make_states_effective_once() {
    let env = Env::onboarded(true);
    let out = env.ok(&["seal", "make", "--kind", "name", "--person", "李娜"]);
    assert_eq!(out.matches("effective").count(), 1, "{out}");
    assert!(out.contains("已生效"), "{out}");
}

/// The invoice seal carries its serial number (印章顺序编号): one more than the enterprise's
/// invoice seals so far, or the one given.
#[test]
fn invoice_seals_are_numbered_in_the_order_they_were_made() {
    let env = Env::onboarded(true);
    let make = |extra: &[&str]| {
        let mut args = vec!["seal", "make", "--kind", "invoice", "--org", "1"];
        args.extend_from_slice(extra);
        env.json(&args)
    };
    let first = make(&[]);
    assert_eq!(first["serial"], 1, "{first}");
    let id = first["id"].as_i64().unwrap().to_string();
    env.ok(&["seal", "void", "--seal", &id, "--reason", "印章遗失"]);
    let second = make(&[]);
    assert_eq!(second["serial"], 2, "{second}");
    let id = second["id"].as_i64().unwrap().to_string();
    env.ok(&["seal", "void", "--seal", &id, "--reason", "换刻"]);
    assert_eq!(make(&["--serial", "7"])["serial"], 7);
    let err = env.fails(
        5,
        &[
            "seal", "make", "--kind", "official", "--org", "1", "--serial", "1",
        ],
    );
    assert!(err.contains("serial"), "{err}");
}

/// A colour with a multi-byte character in it is refused as bad input, never a panic.
#[test]
fn a_non_ascii_colour_is_refused_as_bad_input() {
    let env = Env::onboarded(true);
    let err = env.fails(
        5,
        &[
            "seal", "make", "--kind", "name", "--person", "李娜", "--color", "aé123",
        ],
    );
    assert!(err.contains("invalid colour 'aé123'"), "{err}");
}
