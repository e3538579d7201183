//! Seals in the user's language (issue 16): refusals of the seal rules (D7, D16, D18) and of
//! seal pictures through the real binary in Chinese and English (message, hint, rule, exit
//! code; snapshot in tests/it/snapshots/), their JSON `code`, `rule` and `hint`, the seal
//! commands' own lines and tables, and the history keeping refusals in English.

use std::process::Output;

use crate::common::Env;

/// `args` run with the locale `LANG=locale`.
fn in_locale(env: &Env, locale: &str, args: &[&str]) -> Output {
    env.cmd()
        .env("LANG", locale)
        .args(args)
        .output()
        .expect("run catool")
}

/// The `"error"` object `--json args` printed in `lang`, after checking the exit code.
fn json_error(env: &Env, lang: &str, code: i32, args: &[&str]) -> serde_json::Value {
    let out = env.run(&[&["--json", "--lang", lang], args].concat());
    assert_eq!(out.status.code(), Some(code), "{out:?}");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON error");
    v["error"].clone()
}

const OFFICIAL: &[&str] = &["seal", "make", "--kind", "official", "--org", "1"];

#[test]
fn a_chinese_locale_prints_a_second_official_seal_refusal_in_chinese_with_hint_and_rule() {
    let env = Env::onboarded(true);
    env.ok(OFFICIAL);
    let out = in_locale(&env, "zh_CN.UTF-8", OFFICIAL);
    assert_eq!(out.status.code(), Some(4));
    let err = String::from_utf8_lossy(&out.stderr);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(
        lines,
        [
            "错误：北京云签科技有限公司 已有生效的公章（印章 1），同一单位同类印章只能有一枚生效",
            "提示：请先作废原印章：`catool seal void --seal 1 --reason …`",
            "规则 D16，见 catool-rules(7)",
        ],
        "{err}"
    );
}

#[test]
fn the_json_error_of_a_grant_on_a_personal_seal_carries_code_rule_and_hint() {
    let env = Env::onboarded(true);
    env.ok(&["seal", "make", "--kind", "name", "--person", "李娜"]);
    let grant = [
        "seal",
        "grant",
        "--seal",
        "1",
        "--to",
        "李娜",
        "--from",
        "2026-01-01",
        "--until",
        "2026-02-01",
        "--reason",
        "投标",
    ];
    for (lang, hint) in [
        (
            "en",
            "assign it to its person's certificate: `catool seal assign --seal 1 --cert …`",
        ),
        (
            "zh-CN",
            "请将其分配给本人的证书：`catool seal assign --seal 1 --cert …`",
        ),
    ] {
        let e = json_error(&env, lang, 4, &grant);
        assert_eq!(e["code"], "seal.grant.personal_seal", "{e}");
        assert_eq!(e["rule"], "D18", "{e}");
        assert_eq!(e["hint"], hint, "{e}");
        assert_eq!(e["kind"], "refused", "{e}");
    }
}

#[test]
fn a_picture_that_is_not_an_image_is_refused_in_chinese_with_the_image_code() {
    let env = Env::onboarded(true);
    std::fs::write(env.path("x.png"), b"%PDF-1.7 not a picture").expect("write");
    let file = env.path("x.png").to_str().expect("utf-8 path").to_string();
    let upload = ["seal", "upload", &file, "--kind", "official", "--org", "1"];
    let out = in_locale(&env, "zh_CN.UTF-8", &upload);
    assert_eq!(out.status.code(), Some(5));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        err.lines().collect::<Vec<_>>(),
        [
            "错误：文件不是图片，仅支持 PNG 或 JPEG 格式",
            "提示：请上传 PNG 或 JPEG 格式的图片"
        ],
        "{err}"
    );
    let e = json_error(&env, "en", 5, &upload);
    assert_eq!(e["code"], "seal.image.not_an_image", "{e}");
    assert_eq!(e["message"], "not an image (expected PNG or JPEG)", "{e}");
    assert!(e["rule"].is_null(), "{e}");
}

#[test]
fn a_refusal_read_in_chinese_is_recorded_in_english() {
    let env = Env::onboarded(true);
    env.ok(OFFICIAL);
    assert_eq!(
        in_locale(&env, "zh_CN.UTF-8", OFFICIAL).status.code(),
        Some(4)
    );
    let log = env.json(&["log", "--action", "seal.make"]);
    let refused: Vec<_> = log
        .as_array()
        .expect("events")
        .iter()
        .filter(|e| e["outcome"] == "refused")
        .collect();
    assert_eq!(refused.len(), 1, "{log}");
    assert_eq!(
        refused[0]["details"]["reason"],
        "北京云签科技有限公司 already has an effective official seal (公章), seal 1; an enterprise has one at a time"
    );
}

#[test]
fn the_seal_list_speaks_the_chosen_language_and_json_stays_machine_words() {
    let env = Env::onboarded(true);
    env.ok(OFFICIAL);
    let en = env.ok(&["seal", "list"]);
    assert!(en.starts_with("ID  KIND"), "{en}");
    assert!(en.contains("official") && en.contains("effective"), "{en}");
    let zh = env.ok(&["--lang", "zh-CN", "seal", "list"]);
    assert!(zh.starts_with("编号  类型"), "{zh}");
    assert!(zh.contains("系统生成") && zh.contains("已生效"), "{zh}");
    assert!(!zh.contains("effective"), "{zh}");
    let v = env.json(&["--lang", "zh-CN", "seal", "list"]);
    assert_eq!(v[0]["state"], "effective", "{v}");
    assert_eq!(v[0]["source"], "generated", "{v}");
}

#[test]
fn seal_refusals_in_both_languages() {
    let env = Env::onboarded(true);
    env.ok(OFFICIAL);
    env.ok(&["seal", "make", "--kind", "contract", "--org", "1"]);
    env.ok(&["seal", "void", "--seal", "2", "--reason", "印章遗失"]);
    env.ok(&["seal", "make", "--kind", "name", "--person", "李娜"]);
    env.ok(&[
        "person",
        "add",
        "--name",
        "李",
        "--id-number",
        crate::common::ID_LEGAL_REP,
    ]);
    image::RgbImage::from_pixel(300, 200, image::Rgb([240, 240, 235]))
        .save(env.path("blank.png"))
        .expect("write blank.png");
    let blank = env.path("blank.png").to_str().expect("utf-8").to_string();
    let cut = env.path("cut.png").to_str().expect("utf-8").to_string();
    let window = |from, until, to| {
        [
            "seal", "grant", "--seal", "1", "--to", to, "--from", from, "--until", until,
            "--reason", "投标",
        ]
    };
    let cases: &[(&str, &[&str])] = &[
        ("a second official seal", OFFICIAL),
        (
            "void a void seal",
            &["seal", "void", "--seal", "2", "--reason", "x"],
        ),
        (
            "review an effective seal",
            &["seal", "review", "--seal", "1", "--approve"],
        ),
        (
            "reject without a reason",
            &["seal", "review", "--seal", "1", "--reject"],
        ),
        ("use a void seal", &["seal", "check", "--seal", "2"]),
        (
            "a grant window that ends before it starts",
            &window("2026-03-01", "2026-02-01", "李娜"),
        ),
        (
            "a grant to an outsider",
            &window("2026-02-01", "2026-03-01", "陈明"),
        ),
        (
            "a name seal of one character",
            &["seal", "make", "--kind", "name", "--person", "李"],
        ),
        (
            "a name seal that reads another name",
            &[
                "seal", "make", "--kind", "name", "--person", "李娜", "--text", "王芳",
            ],
        ),
        (
            "a round seal with a wrong seal code",
            &[
                "seal", "make", "--kind", "contract", "--org", "1", "--code", "12345",
            ],
        ),
        (
            "an enterprise seal for a person",
            &["seal", "make", "--kind", "finance", "--person", "李娜"],
        ),
        (
            "an ink colour that is not hex",
            &[
                "seal", "make", "--kind", "name", "--person", "王芳", "--color", "red",
            ],
        ),
        (
            "a blank picture to clean",
            &["seal", "clean", &blank, "--out", &cut],
        ),
    ];
    let mut all = String::new();
    for (name, args) in cases {
        all.push_str(&format!("=== {name}\n"));
        for lang in ["en", "zh-CN"] {
            let out = env.run(&[&["--lang", lang], *args].concat());
            all.push_str(&format!(
                "--- {lang}: exit {}\n{}",
                out.status.code().unwrap_or(-1),
                String::from_utf8_lossy(&out.stderr)
            ));
        }
    }
    insta::assert_snapshot!(all);
}
