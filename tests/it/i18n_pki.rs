//! The user's language in the authorities area (issue 16): CRLs, encrypted bids and `log
//! verify` refuse in Chinese with their hint and rule, `--json` errors carry code, rule and
//! hint, the JSON report of `log verify` stays English, and labels and the demo's narration
//! come from the catalogue.

use crate::common;

use common::{Env, p};
use serde_json::Value;

/// `args` run with the locale `LANG=zh_CN.UTF-8` (no `--lang`): exit code and stderr.
fn in_chinese(env: &Env, args: &[&str]) -> (Option<i32>, String) {
    let out = env
        .cmd()
        .env("LANG", "zh_CN.UTF-8")
        .args(args)
        .output()
        .expect("run catool");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A failure's stderr in Chinese: one error line, then at most its hint and its rule.
fn one_chinese_error(stderr: &str) -> bool {
    let mut lines = stderr.trim_end().lines();
    let first_ok = lines.next().is_some_and(|l| l.starts_with("错误："));
    let rest: Vec<&str> = lines.collect();
    first_ok
        && rest.len() <= 2
        && rest
            .iter()
            .all(|l| l.starts_with("提示：") || l.starts_with("规则 D"))
}

/// `--json args`: exit code and the `error` object on stdout.
fn json_error(env: &Env, args: &[&str]) -> (Option<i32>, Value) {
    let out = env.cmd().arg("--json").args(args).output().expect("run");
    let v: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("bad JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)));
    (out.status.code(), v["error"].clone())
}

#[test]
fn a_crl_never_issued_is_refused_in_chinese_with_the_command_that_issues_one() {
    let env = Env::new();
    env.ok(&["ca", "init", "--name", "测试CA", "--algo", "sm2"]);
    let (code, err) = in_chinese(&env, &["crl", "show"]);
    assert_eq!(code, Some(3), "{err}");
    assert!(one_chinese_error(&err), "{err}");
    assert!(err.starts_with("错误：CA 测试CA 没有 CRL 记录"), "{err}");
    assert!(
        err.contains("提示：请签发 CRL：`catool crl --ca 1`"),
        "{err}"
    );
}

/// Certificate 1 frozen, and the command that encrypts a bid to it.
fn frozen(env: &Env) -> Vec<String> {
    env.ok(&["cert", "freeze", "--cert", "1"]);
    std::fs::write(env.path("bid.txt"), "标书").unwrap();
    ["encrypt", "--to", "1"]
        .map(String::from)
        .into_iter()
        .chain([p(env, "bid.txt"), p(env, "bid.p7m")])
        .collect()
}

#[test]
fn encrypting_to_a_frozen_certificate_gives_code_rule_and_hint_in_json() {
    let env = Env::with_lina_certificate("测试CA", "sm2");
    let args = frozen(&env);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let (code, e) = json_error(&env, &args);
    assert_eq!(code, Some(4), "{e}");
    assert_eq!(e["code"], "envelope.encrypt.frozen", "{e}");
    assert_eq!(e["rule"], "D11", "{e}");
    assert_eq!(e["kind"], "refused", "{e}");
    assert!(
        e["hint"]
            .as_str()
            .is_some_and(|h| h.contains("catool cert unfreeze --cert 1")),
        "{e}"
    );
    assert!(!env.path("bid.p7m").exists());
}

#[test]
fn encrypting_to_a_frozen_certificate_is_refused_in_chinese_with_its_rule() {
    let env = Env::with_lina_certificate("测试CA", "sm2");
    let args = frozen(&env);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let (code, err) = in_chinese(&env, &args);
    assert_eq!(code, Some(4), "{err}");
    assert!(one_chinese_error(&err), "{err}");
    assert!(err.starts_with("错误：无法加密：证书 1 已冻结"), "{err}");
    assert!(err.contains("提示：请先解冻证书"), "{err}");
    assert!(err.contains("规则 D11，见 catool-rules(7)"), "{err}");
}

/// A revoked certificate revived behind the schema's back, as tests/it/attacks_history.rs
/// does it.
fn tampered() -> Env {
    let env = Env::with_lina_certificate("测试CA", "sm2");
    let revoke = "cert revoke --cert 1 --reason key-compromise";
    env.ok(&revoke.split(' ').collect::<Vec<_>>());
    common::tamper::behind_the_schema(
        &env,
        "cert_revocation_final",
        "UPDATE certs SET status = 'active', revoked_at = NULL, revoke_reason = NULL WHERE id = 1",
    );
    env
}

#[test]
fn log_verify_names_the_tampering_in_chinese_and_its_rule() {
    let env = tampered();
    let (code, err) = in_chinese(&env, &["log", "verify"]);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("错误：历史记录被篡改：证书 1：状态为 'active'"),
        "{err}"
    );
    assert!(err.contains("而办理记录中为 'revoked'"), "{err}");
    assert!(err.contains("规则 D21，见 catool-rules(7)"), "{err}");
}

#[test]
fn the_json_report_of_log_verify_stays_english_whatever_the_language() {
    let env = tampered();
    let out = env
        .cmd()
        .args(["--lang", "zh-CN", "--json", "log", "verify"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).expect("the report, alone");
    let first = v["problem"].as_str().unwrap_or_default();
    assert!(
        first.starts_with("certificate 1: status is 'active' but the history says 'revoked'"),
        "{v}"
    );
    assert_eq!(v["first_bad_row"], "certs:1");
}

#[test]
fn ca_listing_headers_are_in_the_chosen_language() {
    let env = Env::new();
    env.ok(&["ca", "init", "--name", "测试CA", "--algo", "sm2"]);
    let zh = env
        .cmd()
        .args(["--lang", "zh-CN", "ca", "list"])
        .output()
        .expect("run");
    let text = String::from_utf8_lossy(&zh.stdout);
    assert!(text.starts_with("编号"), "{text}");
    assert!(text.contains("有效期至"), "{text}");
    let en = env.ok(&["ca", "list"]);
    assert!(en.starts_with("ID"), "{en}");
    assert!(en.contains("VALID UNTIL"), "{en}");
}

#[test]
fn the_demo_narrates_in_chinese() {
    let env = Env::new();
    let dir = env.path("demo");
    let out = env
        .cmd()
        .args(["--lang", "zh-CN", "--json", "demo", "--dir"])
        .arg(&dir)
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let steps: Vec<&str> = v["steps"]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    assert!(
        steps
            .first()
            .is_some_and(|s| s.starts_with("已登记人员 1 张伟")),
        "{steps:?}"
    );
    assert!(
        steps.iter().any(|s| s.starts_with("已创建 CA 演示SM2根CA")),
        "{steps:?}"
    );
    assert!(steps.iter().any(|s| s.contains("骑缝章")), "{steps:?}");
}

/// A registry with an RSA CA and its TSA, a token over data.txt in r.tst (and the reply
/// holding it in r.tsr), and other.txt, which the token does not stamp.
fn stamped() -> Env {
    let env = Env::new();
    env.ok(&["ca", "init", "--name", "RCA", "--algo", "rsa2048"]);
    env.ok(&["tsa", "init", "--ca", "RCA"]);
    std::fs::write(env.path("data.txt"), "投标文件 v1\n").unwrap();
    std::fs::write(env.path("other.txt"), "投标文件 v2\n").unwrap();
    for (out, reply) in [("r.tst", false), ("r.tsr", true)] {
        let mut args = vec!["tsa".to_string(), "stamp".into(), p(&env, "data.txt")];
        args.extend(["--out".into(), p(&env, out)]);
        if reply {
            args.push("--reply".into());
        }
        env.ok(&args.iter().map(String::as_str).collect::<Vec<_>>());
    }
    env
}

#[test]
fn a_token_over_other_data_is_refused_in_chinese_naming_both_digests() {
    let env = stamped();
    let check = [
        "tsa",
        "check",
        &p(&env, "r.tst"),
        "--data",
        &p(&env, "other.txt"),
    ];
    let (code, err) = in_chinese(&env, &check);
    assert_eq!(code, Some(1), "{err}");
    assert!(one_chinese_error(&err), "{err}");
    assert!(
        err.starts_with("错误：时间戳无效：时间戳对应的不是该文件（摘要不符）：应为 SHA256 "),
        "{err}"
    );
    assert!(err.contains("，时间戳中为 SHA256 "), "{err}");
}

#[test]
fn a_token_over_other_data_gives_the_check_code_and_its_finding_in_json() {
    let env = stamped();
    let check = [
        "tsa",
        "check",
        &p(&env, "r.tst"),
        "--data",
        &p(&env, "other.txt"),
    ];
    let (code, e) = json_error(&env, &check);
    assert_eq!(code, Some(1), "{e}");
    assert_eq!(e["code"], "tsa.check.invalid", "{e}");
    assert_eq!(e["kind"], "check_failed", "{e}");
    assert!(
        e["message"]
            .as_str()
            .is_some_and(|m| m.contains("the token stamps another digest (wrong imprint)")),
        "{e}"
    );
}

#[test]
fn a_replayed_tsa_reply_is_refused_in_chinese_as_a_wrong_nonce() {
    // A genuine reply of the registry TSA to an earlier request (which sent no nonce), served
    // again by a fake TSA to the request `tsa check --fetch-from` makes.
    let env = stamped();
    let old = std::fs::read(env.path("r.tsr")).unwrap();
    let url = common::tsa::fake_tsa(move |_| old.clone(), std::time::Duration::ZERO);
    let fetch = [
        "tsa",
        "check",
        &p(&env, "t.tst"),
        "--data",
        &p(&env, "data.txt"),
        "--fetch-from",
        &url,
    ];
    let (code, err) = in_chinese(&env, &fetch);
    assert_eq!(code, Some(1), "{err}");
    assert!(one_chinese_error(&err), "{err}");
    assert!(
        err.starts_with(&format!(
            "错误：时间戳服务 {url}：时间戳中的随机数与请求不一致"
        )),
        "{err}"
    );
}

#[test]
fn the_registry_ca_a_token_chains_to_is_named_in_chinese_and_stays_english_in_json() {
    let env = stamped();
    let check = [
        "tsa",
        "check",
        &p(&env, "r.tst"),
        "--data",
        &p(&env, "data.txt"),
    ];
    let zh = env
        .cmd()
        .args(["--lang", "zh-CN"])
        .args(check)
        .output()
        .expect("run");
    let text = String::from_utf8_lossy(&zh.stdout);
    assert!(text.contains("登记库 CA RCA"), "{text}");
    let json = env
        .cmd()
        .args(["--lang", "zh-CN", "--json"])
        .args(check)
        .output()
        .expect("run");
    let v: Value = serde_json::from_slice(&json.stdout).expect("the report");
    assert_eq!(v["trusted_by"], "registry CA RCA", "{v}");
}
