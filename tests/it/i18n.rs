//! The user's language (issue 16): certificate refusals through the real binary in English
//! and Chinese (message, hint, rule, exit code; snapshots in tests/it/snapshots/), the choice
//! of language (`--lang`, `CATOOL_LANG`, the locale) and the JSON error's code, rule, hint.

use crate::common;

use common::{Env, write_secret};

/// `args` run in `lang` (as `--lang`), ten months on when `later`: "exit N" and stderr,
/// long numbers (days left, dates) replaced by `<n>`.
fn refusal(env: &Env, lang: &str, later: bool, args: &[&str]) -> String {
    let mut cmd = env.cmd();
    if later {
        let t = chrono::Utc::now() + chrono::Duration::days(300);
        cmd.env("CATOOL_NOW", t.to_rfc3339());
    }
    let out = cmd
        .arg("--lang")
        .arg(lang)
        .args(args)
        .output()
        .expect("run catool");
    let mut text = format!("exit {}\n", out.status.code().unwrap_or(-1));
    text.push_str(&String::from_utf8_lossy(&out.stderr));
    redact_numbers(&text)
}

fn redact_numbers(s: &str) -> String {
    let s = &redact_times(s);
    let mut out = String::new();
    let mut digits = String::new();
    for c in s.chars().chain(std::iter::once('\0')) {
        if c.is_ascii_digit() {
            digits.push(c);
            continue;
        }
        if digits.len() >= 3 {
            out.push_str("<n>");
        } else {
            out.push_str(&digits);
        }
        digits.clear();
        if c != '\0' {
            out.push(c);
        }
    }
    out
}

/// RFC 3339 times (`2026-12-01T01:05:25+08:00`) replaced by `<time>`.
fn redact_times(s: &str) -> String {
    let shape = "dddd-dd-ddTdd:dd:dd+dd:dd";
    let chars: Vec<char> = s.chars().collect();
    let fits = |at: usize| {
        shape.chars().enumerate().all(|(i, want)| {
            chars.get(at + i).is_some_and(|&c| match want {
                'd' => c.is_ascii_digit(),
                '+' => c == '+' || c == '-',
                other => c == other,
            })
        })
    };
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        if fits(i) {
            out.push_str("<time>");
            i += shape.len();
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

/// The refusal in English, then in Chinese.
fn both(env: &Env, later: bool, args: &[&str]) -> String {
    format!(
        "--- en\n{}--- zh-CN\n{}",
        refusal(env, "en", later, args),
        refusal(env, "zh-CN", later, args)
    )
}

fn lina() -> (Env, String) {
    let env = Env::with_lina_certificate("ca1", "sm2");
    let pin = env.path("pin").to_str().expect("utf-8 path").to_string();
    (env, pin)
}

/// `catool [flags] cert extend --cert 1` on 李娜's new certificate, with `vars` set: the
/// exit code and stderr.
fn extend_now(vars: &[(&str, &str)], flags: &[&str]) -> (Option<i32>, String) {
    let (env, pin) = lina();
    let mut cmd = env.cmd();
    cmd.envs(vars.iter().copied()).args(flags);
    let out = cmd
        .args(["cert", "extend", "--cert", "1", "--pin-file", &pin])
        .output()
        .expect("run catool");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_chinese_locale_prints_the_extension_refusal_in_chinese_with_its_hint_and_rule() {
    let (code, err) = extend_now(&[("LANG", "zh_CN.UTF-8")], &[]);
    assert_eq!(code, Some(4));
    let lines: Vec<&str> = err.lines().collect();
    assert!(
        lines[0].starts_with("错误：无法延期：证书 1 的有效期还剩"),
        "{err}"
    );
    assert_eq!(lines[1], "提示：请在有效期不足 3 个月时再办理延期", "{err}");
    assert_eq!(lines[2], "规则 D9，见 catool-rules(7)", "{err}");
}

#[test]
fn lang_en_overrides_a_chinese_locale() {
    let (_, err) = extend_now(&[("LC_ALL", "zh_CN.UTF-8")], &["--lang", "en"]);
    assert!(
        err.starts_with("error: cannot extend (无法延期): certificate 1 has"),
        "{err}"
    );
    assert!(
        err.contains("\nhint: extend it again once fewer than 3 months"),
        "{err}"
    );
    assert!(err.contains("\nrule D9, see catool-rules(7)"), "{err}");
}

#[test]
fn catool_lang_comes_before_the_locale() {
    let (_, err) = extend_now(&[("LANG", "en_US.UTF-8"), ("CATOOL_LANG", "zh-CN")], &[]);
    assert!(err.starts_with("错误：无法延期"), "{err}");
}

#[test]
fn the_json_error_carries_the_stable_code_the_rule_and_the_hint() {
    let (env, pin) = lina();
    for (lang, hint) in [
        (
            "en",
            "extend it again once fewer than 3 months of validity remain",
        ),
        ("zh-CN", "请在有效期不足 3 个月时再办理延期"),
    ] {
        let out = env.run(&[
            "--json",
            "--lang",
            lang,
            "cert",
            "extend",
            "--cert",
            "1",
            "--pin-file",
            &pin,
        ]);
        assert_eq!(out.status.code(), Some(4));
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON error");
        let e = &v["error"];
        assert_eq!(e["code"], "cert.extend.too_early", "{v}");
        assert_eq!(e["rule"], "D9", "{v}");
        assert_eq!(e["hint"], hint, "{v}");
        assert_eq!(e["kind"], "refused", "{v}");
        assert_eq!(e["exit_code"], 4, "{v}");
    }
}

#[test]
fn an_untyped_error_has_a_null_code_rule_and_hint() {
    // An enterprise whose administrator was deleted behind catool's back: an internal error
    // (nearly every error a user can cause is typed now).
    let env = Env::onboarded(false);
    env.sqlite3("DELETE FROM memberships WHERE role = 'admin';");
    let out = env.run(&["--json", "org", "transfer-admin", "--org", "1", "--to", "2"]);
    assert_eq!(out.status.code(), Some(70));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON error");
    assert!(
        v["error"]["code"].is_null() && v["error"]["rule"].is_null(),
        "{v}"
    );
    assert!(v["error"]["hint"].is_null(), "{v}");
}

#[test]
fn an_unknown_language_is_a_usage_error_listing_the_languages() {
    let env = Env::new();
    let err = env.fails(2, &["--lang", "xx", "cert", "list"]);
    assert!(err.contains("'xx'") && err.contains("en, zh-CN"), "{err}");
    let out = env
        .cmd()
        .env("CATOOL_LANG", "fr")
        .args(["cert", "list"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("en, zh-CN"));
}

#[test]
fn certificate_refusals_in_both_languages() {
    let (env, pin) = lina();
    write_secret(&env.path("wrong"), "654321\n");
    let wrong = env.path("wrong").to_str().expect("utf-8").to_string();
    let mut all = Vec::new();
    let mut case = |name: &str, later: bool, args: &[&str]| {
        all.push(format!("=== {name}\n{}", both(&env, later, args)));
    };
    let extend = |cert: &'static str| ["cert", "extend", "--cert", cert, "--pin-file", &pin];
    let wrong_pin = ["cert", "verify-pin", "--cert", "1", "--pin-file", &wrong];
    let right_pin = ["cert", "verify-pin", "--cert", "1", "--pin-file", &pin];
    let assign = |slot, who| {
        [
            "cert", "assign", "--slot", slot, "--owner", who, "--holder", who,
        ]
    };
    case("extend too early", false, &extend("1"));
    case("extend without --keep-key or --yes", true, &extend("1"));
    case(
        "issue on an unassigned slot",
        false,
        &["cert", "issue", "--slot", "3", "--pin-file", &pin],
    );
    case(
        "issue on a used slot",
        false,
        &["cert", "issue", "--slot", "2", "--pin-file", &pin],
    );
    case("assign an owner twice", false, &assign("2", "李娜"));
    case("assign to an outsider", false, &assign("3", "陈明"));
    case(
        "unbind an unbound certificate",
        false,
        &["cert", "unbind", "--cert", "1"],
    );
    case(
        "unfreeze an active certificate",
        false,
        &["cert", "unfreeze", "--cert", "1"],
    );
    case(
        "show an unknown certificate",
        false,
        &["cert", "show", "nobody"],
    );
    case("wrong PIN", false, &wrong_pin);
    env.ok(&["cert", "freeze", "--cert", "1"]);
    case("freeze twice", false, &["cert", "freeze", "--cert", "1"]);
    case("extend a frozen certificate", false, &extend("1"));
    env.ok(&["cert", "unfreeze", "--cert", "1"]);
    env.ok(&assign("3", "王芳"));
    env.ok(&["cert", "issue", "--slot", "3", "--pin-file", &pin]);
    let mut keep_key = extend("1").to_vec();
    keep_key.push("--keep-key");
    case("extend with no unused slot", true, &keep_key);
    for _ in 0..3 {
        env.fails(4, &wrong_pin);
    }
    case(
        "fourth wrong PIN (en), then the fifth locks (zh-CN)",
        false,
        &wrong_pin,
    );
    case("a locked certificate", false, &right_pin);
    env.ok(&["cert", "revoke", "--cert", "2", "--reason", "unspecified"]);
    case("extend a revoked certificate", false, &extend("2"));
    insta::assert_snapshot!(all.join("\n"));
}

#[test]
fn a_usage_error_speaks_the_chosen_language_with_a_hint() {
    let env = Env::new();
    let out = env
        .cmd()
        .env("LANG", "zh_CN.UTF-8")
        .args(["cert", "lst"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("错误：没有 lst 这个命令") && err.contains("提示：您是否要输入 list？"),
        "{err}"
    );
    let err = env.fails(2, &["--lang", "zh-CN", "cert", "revoke", "--cert", "abc"]);
    assert!(
        err.contains("应为整数") && err.contains("catool cert revoke --help"),
        "{err}"
    );
}

#[test]
fn a_usage_error_in_json_carries_its_code_and_hint() {
    let env = Env::new();
    let out = env.run(&["--json", "cert", "list", "--status", "nonsense"]);
    assert_eq!(out.status.code(), Some(2));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON error");
    assert_eq!(v["error"]["code"], "usage.not_one_of", "{v}");
    assert_eq!(v["error"]["kind"], "usage", "{v}");
    assert!(v["error"]["hint"].is_string(), "{v}");
    assert!(
        v["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("nonsense")),
        "{v}"
    );
    let out = env.run(&["--json", "pdf", "stamp"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON error");
    assert_eq!(v["error"]["code"], "usage.missing", "{v}");
}

#[test]
fn an_empty_catool_lang_counts_as_unset() {
    let env = Env::new();
    let out = env
        .cmd()
        .env("CATOOL_LANG", "")
        .env("LANG", "zh_CN.UTF-8")
        .args(["cert", "show", "99"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(3), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("错误："));
}

#[test]
fn locale_spellings_name_a_language() {
    let env = Env::new();
    for spelling in ["zh_CN", "zh", "zh_CN.UTF-8", "ZH-cn"] {
        let out = env
            .cmd()
            .env("CATOOL_LANG", spelling)
            .args(["cert", "show", "99"])
            .output()
            .expect("run");
        assert_eq!(out.status.code(), Some(3), "{spelling}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.starts_with("错误："), "{spelling}: {err}");
    }
    let err = env.fails(3, &["--lang", "en_US.UTF-8", "cert", "show", "99"]);
    assert!(err.starts_with("error: "), "{err}");
}
