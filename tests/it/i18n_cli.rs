//! The human output of `catool cert …` in English and Chinese, from the catalogue: snapshots
//! of `cert show`, `cert list`, a revocation line and a batch summary (a registry made at a
//! fixed `CATOOL_NOW`, serial numbers, fingerprints and paths redacted), and the lines that
//! used to mix both languages.

use crate::common;

use common::*;
use std::process::Output;

/// When the certificate commands of these tests run (their times and days left are the
/// same each run; the people and the enterprise are registered before, at the real time).
const NOW: &str = "2046-03-02T02:00:00Z";

/// Runs catool at [`NOW`] in `lang` (`en`, `zh-CN`).
fn run(env: &Env, lang: &str, args: &[&str]) -> Output {
    env.cmd()
        .env("CATOOL_NOW", NOW)
        .args(["--lang", lang])
        .args(args)
        .output()
        .expect("run catool")
}

/// Runs catool at [`NOW`] in `lang`; must succeed; its stdout.
fn ok(env: &Env, lang: &str, args: &[&str]) -> String {
    let out = run(env, lang, args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// [`Env::onboarded`] with, at [`NOW`], certificate 1 of 李娜 (slot 2, PIN in `pin`) and slot
/// 3 assigned to 王芳, waiting for import; with `two`, slot 3 issued too (certificate 2).
fn registry(two: bool) -> Env {
    let env = Env::onboarded(true);
    let en = |args: &[&str]| ok(&env, "en", args);
    en(&["ca", "init", "--name", "SM2 CA", "--algo", "sm2"]);
    en(&["package", "buy", "--org", "1"]);
    en(&["package", "pay", "--package", "1"]);
    write_secret(&env.path("pin"), "123456\n");
    let pin = p(&env, "pin");
    for (slot, person) in [("2", "李娜"), ("3", "王芳")] {
        en(&[
            "cert", "assign", "--slot", slot, "--owner", person, "--holder", person,
        ]);
        if slot == "2" || two {
            en(&["cert", "issue", "--slot", slot, "--pin-file", &pin]);
        }
    }
    env
}

/// The registry of the show and list snapshots (only read): built once.
fn shared() -> &'static Env {
    static ENV: std::sync::OnceLock<Env> = std::sync::OnceLock::new();
    ENV.get_or_init(|| registry(false))
}

/// `text` with what differs per run redacted: the registry's directory, serial numbers and
/// fingerprints (runs of 16 or more hex digits and colons); column padding is collapsed
/// (a redacted cell is not as wide as the value was).
fn redacted(env: &Env, text: &str) -> String {
    let dir = env.dir.path().to_string_lossy().into_owned();
    let text = text.replace(&dir, "<dir>");
    let mut out = String::new();
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut String| {
        if run.chars().filter(char::is_ascii_hexdigit).count() >= 16 {
            out.push_str("<hex>");
        } else {
            out.push_str(run);
        }
        run.clear();
    };
    for c in text.chars() {
        if c.is_ascii_hexdigit() || c == ':' {
            run.push(c);
        } else {
            flush(&mut run, &mut out);
            out.push(c);
        }
    }
    flush(&mut run, &mut out);
    out.lines()
        .map(|l| {
            let mut l = l.to_string();
            while l.contains("   ") {
                l = l.replace("   ", "  ");
            }
            l + "\n"
        })
        .collect()
}

#[test]
fn cert_show_in_english() {
    let env = shared();
    insta::assert_snapshot!(redacted(env, &ok(env, "en", &["cert", "show", "1"])));
}

#[test]
fn cert_show_in_chinese() {
    let env = shared();
    insta::assert_snapshot!(redacted(env, &ok(env, "zh-CN", &["cert", "show", "1"])));
}

#[test]
fn cert_list_in_english() {
    let env = shared();
    insta::assert_snapshot!(redacted(env, &ok(env, "en", &["cert", "list"])));
}

#[test]
fn cert_list_in_chinese() {
    let env = shared();
    insta::assert_snapshot!(redacted(env, &ok(env, "zh-CN", &["cert", "list"])));
}

#[test]
fn a_revocation_line_in_english_and_chinese() {
    let env = registry(true);
    let revoke = |lang, cert| {
        let args = [
            "cert",
            "revoke",
            "--cert",
            cert,
            "--reason",
            "key-compromise",
        ];
        redacted(&env, &ok(&env, lang, &args))
    };
    insta::assert_snapshot!(format!("{}{}", revoke("en", "1"), revoke("zh-CN", "2")));
}

/// A batch CSV in the registry's directory: slot 3 (issued), a row that is not a slot, and
/// slot 2 (issued already).
fn batch_csv(env: &Env) -> String {
    std::fs::write(
        env.path("batch.csv"),
        "slot,pin_file\n3,pin\nthree,pin\n2,pin\n",
    )
    .expect("write CSV");
    p(env, "batch.csv")
}

#[test]
fn a_batch_summary_in_english_and_chinese() {
    let mut shown = String::new();
    for lang in ["en", "zh-CN"] {
        let env = registry(false);
        let csv = batch_csv(&env);
        let out = run(
            &env,
            lang,
            &["cert", "issue", "--batch", &csv, "--skip-existing"],
        );
        assert_eq!(out.status.code(), Some(5), "{out:?}");
        shown.push_str(&format!("--- {lang}\n"));
        shown.push_str(&redacted(&env, &String::from_utf8_lossy(&out.stderr)));
    }
    insta::assert_snapshot!(shown);
}

#[test]
fn a_chinese_batch_summary_has_no_english_word() {
    let env = registry(false);
    let csv = batch_csv(&env);
    let out = run(
        &env,
        "zh-CN",
        &["cert", "issue", "--batch", &csv, "--skip-existing"],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    let summary = stderr
        .lines()
        .find(|l| l.starts_with("批量处理"))
        .unwrap_or_else(|| panic!("no summary: {stderr}"));
    assert_eq!(
        summary,
        "批量处理：1 张已导入，1 个已跳过（已导入），1 个失败"
    );
}

#[test]
fn an_empty_listing_says_none_in_the_locales_language() {
    let env = Env::new();
    let listed = |lang: &str| {
        let out = env
            .cmd()
            .env("LANG", lang)
            .args(["person", "list"])
            .output();
        String::from_utf8_lossy(&out.expect("run catool").stdout).into_owned()
    };
    assert_eq!(listed("zh_CN.UTF-8").lines().last(), Some("（无）"));
    assert_eq!(listed("en_US.UTF-8").lines().last(), Some("(none)"));
}

#[test]
fn person_show_prints_labels_not_stored_values() {
    let env = shared();
    let shown = ok(env, "zh-CN", &["person", "show", "李娜"]);
    for stored in ["resident", "member", "active", "personal"] {
        assert!(!shown.contains(stored), "{stored}: {shown}");
    }
    assert!(
        shown.contains("居民身份证") && shown.contains("生效中"),
        "{shown}"
    );
}

#[test]
fn an_internal_error_says_what_to_do_in_the_chosen_language() {
    // An enterprise whose administrator was deleted behind catool's back (a bug's symptom).
    let env = Env::onboarded(false);
    env.sqlite3("DELETE FROM memberships WHERE role = 'admin';");
    let args = ["org", "transfer-admin", "--org", "1", "--to", "2"];
    let out = run(&env, "zh-CN", &args);
    assert_eq!(out.status.code(), Some(70));
    let err = String::from_utf8_lossy(&out.stderr);
    let lines: Vec<&str> = err.lines().collect();
    assert!(lines[0].starts_with("错误：内部错误："), "{err}");
    assert_eq!(
        lines.get(1).copied(),
        Some("提示：这是 catool 的程序缺陷，请将所执行的命令反馈给我们")
    );
    let out = run(&env, "en", &args);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.starts_with("error: internal error: "), "{err}");
    assert!(err.contains("hint: this is a bug in catool"), "{err}");
}
