//! The pdf area in the user's language (issue 16), through the real binary: a refusal in
//! Chinese with its hint, a `--json` error with its code, rule and hint, and `pdf verify`'s
//! report in Chinese while its JSON keeps its English keys and values.

use crate::common;
use crate::common::pdf;

use common::*;

/// 李娜 holds certificate 1 (PIN 123456 in `pin`), 王芳 has a certificate of her own (so
/// she can prove `--as`); the contract is `doc.pdf`, a seal picture `seal.png`.
fn setup() -> Env {
    let env = Env::with_lina_certificate("RSA CA", "rsa2048");
    env.certify("王芳", "1");
    env.prove_actors_with("123456");
    let contract = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/contract.pdf");
    std::fs::copy(contract, env.path("doc.pdf")).unwrap();
    std::fs::write(env.path("seal.png"), pdf::red_disc_png(100)).unwrap();
    env
}

/// Runs catool with `LANG=zh_CN.UTF-8`.
fn in_chinese(env: &Env, args: &[&str]) -> std::process::Output {
    env.cmd()
        .env("LANG", "zh_CN.UTF-8")
        .args(args)
        .output()
        .expect("run catool")
}

/// `who` signs `doc.pdf` into `signed.pdf` with certificate 1 (李娜's; invisibly, PAdES
/// B-B), `--json` first when asked.
fn sign_as(env: &Env, who: &str, json: bool) -> std::process::Output {
    let (doc, out, pin) = (p(env, "doc.pdf"), p(env, "signed.pdf"), p(env, "pin"));
    let mut args = if json { vec!["--json"] } else { vec![] };
    args.extend([
        "--as",
        who,
        "pdf",
        "sign",
        &doc,
        "--out",
        &out,
        "--cert",
        "1",
        "--pin-file",
        &pin,
    ]);
    env.run(&args)
}

/// 李娜 signs `doc.pdf` into `signed.pdf`.
fn signed(env: &Env) {
    let out = sign_as(env, "李娜", false);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_missing_keyword_is_refused_in_chinese_with_its_hint() {
    let env = setup();
    let (doc, out, seal) = (p(&env, "doc.pdf"), p(&env, "x.pdf"), p(&env, "seal.png"));
    let o = in_chinese(
        &env,
        &[
            "pdf",
            "stamp",
            &doc,
            "--out",
            &out,
            "--image",
            &seal,
            "--keyword",
            "不存在的关键字",
        ],
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(3), "{err}");
    let lines: Vec<&str> = err.trim_end().lines().collect();
    assert_eq!(lines.len(), 2, "{err}");
    assert!(
        lines[0].starts_with("错误：")
            && lines[0].contains("doc.pdf")
            && lines[0].contains("未在 PDF 中找到关键字“不存在的关键字”"),
        "{err}"
    );
    assert!(
        lines[1].starts_with("提示：") && lines[1].contains("--allow-missing"),
        "{err}"
    );
    assert!(!env.path("x.pdf").exists());
}

#[test]
fn signing_with_anothers_certificate_fails_in_json_with_code_rule_and_hint() {
    let env = setup();
    let o = sign_as(&env, "王芳", true);
    assert_eq!(o.status.code(), Some(4));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("a JSON error");
    let e = &v["error"];
    assert_eq!(e["code"], "pdf.sign.not_holder", "{v}");
    assert_eq!(e["rule"], "D20", "{v}");
    assert_eq!(e["kind"], "refused", "{v}");
    assert_eq!(e["exit_code"], 4, "{v}");
    assert!(
        e["hint"]
            .as_str()
            .is_some_and(|h| h.contains("certificate you hold")),
        "{v}"
    );
    assert!(!env.path("signed.pdf").exists());
}

#[test]
fn the_verify_report_reads_in_chinese_and_its_json_stays_english() {
    let env = setup();
    signed(&env);
    let o = in_chinese(&env, &["pdf", "verify", &p(&env, "signed.pdf")]);
    assert_eq!(o.status.code(), Some(0));
    let text = String::from_utf8_lossy(&o.stdout);
    for words in [
        "共 1 个签名",
        "普通签名）：有效",
        "签名人",
        "完整：签名字节与签名一致",
        "整个文件（第 2 版，共 2 版）",
        "（签名人声称；无时间戳）",
    ] {
        assert!(text.contains(words), "{words}: {text}");
    }
    assert!(!text.contains("signer"), "{text}");
    let o = in_chinese(&env, &["--json", "pdf", "verify", &p(&env, "signed.pdf")]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    assert_eq!(v["verdict"], "valid");
    assert_eq!(v["signatures"][0]["verdict"], "valid");
    assert_eq!(v["signatures"][0]["coverage"], "whole_file");
}

#[test]
fn a_changed_file_is_not_valid_in_chinese_and_its_json_reason_stays_english() {
    let env = setup();
    signed(&env);
    let mut bytes = std::fs::read(env.path("signed.pdf")).unwrap();
    bytes.extend_from_slice(b"\n1 0 obj\n<< /Junk true >>\nendobj\n");
    std::fs::write(env.path("changed.pdf"), &bytes).unwrap();
    let o = in_chinese(&env, &["pdf", "verify", &p(&env, "changed.pdf")]);
    let (out, err) = (
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr),
    );
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(out.contains("：无效"), "{out}");
    assert!(
        out.contains("原因") && out.contains("文档在签署后被修改"),
        "{out}"
    );
    assert!(
        err.starts_with("错误：") && err.contains("有 1 个签名无效"),
        "{err}"
    );
    let o = in_chinese(&env, &["--json", "pdf", "verify", &p(&env, "changed.pdf")]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    assert_eq!(v["verdict"], "not_valid");
    let reason = v["signatures"][0]["reason"].as_str().unwrap_or_default();
    assert!(
        reason.starts_with("the document was modified after signing"),
        "{reason}"
    );
}

/// `signed.pdf` with one more revision that redefines the content stream of page 1 (what a
/// forger who rewrites the signed text appends).
fn with_page_content_replaced(env: &Env) -> String {
    let mut bytes = std::fs::read(env.path("signed.pdf")).unwrap();
    let doc = lopdf::Document::load_mem(&bytes).unwrap();
    let page = doc.get_pages()[&1];
    let content = match doc.get_dictionary(page).unwrap().get(b"Contents").unwrap() {
        lopdf::Object::Reference(id) => *id,
        lopdf::Object::Array(parts) => parts[0].as_reference().unwrap(),
        other => panic!("page 1 has no content reference: {other:?}"),
    };
    let size = doc.trailer.get(b"Size").unwrap().as_i64().unwrap();
    let root = doc.trailer.get(b"Root").unwrap().as_reference().unwrap();
    let prev = pdf::last_startxref(&bytes);
    if !bytes.ends_with(b"\n") {
        bytes.push(b'\n');
    }
    let forged = b"BT /F1 14 Tf 60 730 Td (Price: 1 CNY) Tj ET";
    let at = bytes.len();
    let (num, generation) = content;
    bytes.extend_from_slice(
        format!(
            "{num} {generation} obj\n<< /Length {} >>\nstream\n",
            forged.len()
        )
        .as_bytes(),
    );
    bytes.extend_from_slice(forged);
    bytes.extend_from_slice(b"\nendstream\nendobj\n");
    let xref = bytes.len();
    bytes.extend_from_slice(
        format!(
            "xref\n{num} 1\n{at:010} {generation:05} n \ntrailer\n<< /Size {size} /Root {} {} R /Prev {prev} >>\nstartxref\n{xref}\n%%EOF\n",
            root.0, root.1
        )
        .as_bytes(),
    );
    std::fs::write(env.path("forged.pdf"), &bytes).unwrap();
    p(env, "forged.pdf")
}

#[test]
fn a_page_rewritten_after_signing_is_named_in_chinese_in_the_report() {
    let env = setup();
    signed(&env);
    let forged = with_page_content_replaced(&env);
    let o = in_chinese(&env, &["pdf", "verify", &forged]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(1), "{out}");
    let change = out
        .lines()
        .filter(|l| l.trim_start().starts_with("修改"))
        .find(|l| l.contains("替换了第 1 页的内容"))
        .unwrap_or_else(|| panic!("no change line names page 1: {out}"));
    assert!(
        change.ends_with("版 替换了第 1 页的内容 [不允许]"),
        "{change}"
    );
    let reason = out
        .lines()
        .find(|l| l.trim_start().starts_with("原因"))
        .unwrap_or_default();
    assert!(
        reason.contains("文档在签署后被修改：第 3 版替换了第 1 页的内容"),
        "{reason}\n{out}"
    );
    assert!(!out.contains("replaces"), "{out}");
}

#[test]
fn a_page_rewritten_after_signing_keeps_its_english_words_and_gains_a_code_in_json() {
    let env = setup();
    signed(&env);
    let forged = with_page_content_replaced(&env);
    let o = in_chinese(&env, &["--json", "pdf", "verify", &forged]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    let sig = &v["signatures"][0];
    assert_eq!(sig["modification_level"], "other", "{v}");
    let change = sig["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["code"] == "pdf.change.page_content_replaced")
        .unwrap_or_else(|| panic!("no change of page 1's content: {v}"));
    assert_eq!(change["what"], "replaces the content of page 1", "{v}");
    assert_eq!(change["level"], "other", "{v}");
    assert_eq!(
        sig["reason"],
        "the document was modified after signing: revision 3 replaces the content of page 1",
        "{v}"
    );
}
