//! The party area in the user's language (issue 16): refusals of enterprises, persons,
//! packages, `--as`, the onboarding import and output paths through the real binary, in
//! Chinese with their hint and rule, and as JSON errors carrying `code`, `rule` and `hint`;
//! the human output of `org`, `person`, `package` and `import` in Chinese.

use crate::common;

use common::*;
use serde_json::Value;

/// `args` run under the locale `LANG=zh_CN.UTF-8`: exit code, stdout and stderr.
pub(crate) fn in_chinese(env: &Env, args: &[&str]) -> (Option<i32>, String, String) {
    let out = env
        .cmd()
        .env("LANG", "zh_CN.UTF-8")
        .args(args)
        .output()
        .expect("run catool");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// `args` with `--json` (in `lang`), requiring exit `code`: the error object.
pub(crate) fn json_error(env: &Env, lang: &str, code: i32, args: &[&str]) -> Value {
    let mut all = vec!["--json", "--lang", lang];
    all.extend_from_slice(args);
    let out = env.run(&all);
    assert_eq!(out.status.code(), Some(code), "{args:?}");
    let v: Value = serde_json::from_slice(&out.stdout).expect("a JSON error object");
    v["error"].clone()
}

#[test]
fn buying_for_an_unauthorized_enterprise_is_refused_in_chinese_with_its_hint_and_rule() {
    let env = Env::onboarded(false);
    let (code, _, err) = in_chinese(&env, &["package", "buy", "--org", "1"]);
    assert_eq!(code, Some(4), "{err}");
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(
        lines,
        [
            "错误：无法购买：北京云签科技有限公司 尚未完成CA授权",
            "提示：请先通过 `catool org authorize` 登记法定代表人授权",
            "规则 D1，见 catool-rules(7)",
        ],
        "{err}"
    );
}

#[test]
fn a_member_acting_as_the_administrator_is_refused_in_chinese() {
    let env = Env::onboarded(true);
    let (_, pin) = env.certify("李娜", "1");
    let (code, _, err) = in_chinese(
        &env,
        &[
            "--as",
            "李娜",
            "--as-pin-file",
            &pin,
            "package",
            "buy",
            "--org",
            "1",
        ],
    );
    assert_eq!(code, Some(4), "{err}");
    assert!(
        err.starts_with(
            "错误：无权限：仅单位管理员或平台运营方可以购买证书套餐，李娜 不是该单位的管理员\n"
        ),
        "{err}"
    );
    assert!(err.contains("\n提示：请联系单位管理员办理"), "{err}");
    assert!(err.contains("\n规则 D2，见 catool-rules(7)"), "{err}");
}

#[test]
fn removing_the_administrator_gives_a_json_error_with_code_rule_and_hint() {
    let env = Env::onboarded(true);
    for (lang, hint) in [
        (
            "en",
            "transfer the role first with `catool org transfer-admin`",
        ),
        (
            "zh-CN",
            "请先通过 `catool org transfer-admin` 转让单位管理员",
        ),
    ] {
        let e = json_error(
            &env,
            lang,
            4,
            &["org", "member", "remove", "--org", "1", "--person", "1"],
        );
        assert_eq!(e["code"], "org.member.remove_admin", "{e}");
        assert_eq!(e["rule"], "D2", "{e}");
        assert_eq!(e["hint"], hint, "{e}");
        assert_eq!(e["kind"], "refused", "{e}");
    }
}

#[test]
fn an_invalid_check_character_names_the_expected_one_in_chinese_with_its_code() {
    let env = Env::new();
    let e = json_error(
        &env,
        "zh-CN",
        5,
        &[
            "person",
            "add",
            "--name",
            "张三",
            "--id-number",
            "110108198503120012",
        ],
    );
    assert_eq!(e["code"], "person.resident_id.check", "{e}");
    assert_eq!(e["rule"], "D2", "{e}");
    assert_eq!(
        e["message"],
        "--id-number 填写的\"110108198503120012\"不是有效的居民身份证号码：校验位应为\"1\"（GB 11643-1999），实际为\"2\"",
        "{e}"
    );
}

#[test]
fn an_import_rows_error_keeps_the_single_commands_code_and_names_the_field() {
    let env = Env::new();
    let doc = env.path("doc.json");
    std::fs::write(
        &doc,
        r#"{"persons": [{"name": "张三", "id_number": "110108198503120012"}]}"#,
    )
    .unwrap();
    let doc = doc.to_str().unwrap();
    let e = json_error(&env, "en", 5, &["import", doc]);
    assert_eq!(e["code"], "person.resident_id.check", "{e}");
    assert!(
        e["message"]
            .as_str()
            .unwrap()
            .starts_with("import persons[0].id_number: invalid id_number '110108198503120012'"),
        "{e}"
    );
    let (code, _, err) = in_chinese(&env, &["import", doc]);
    assert_eq!(code, Some(5));
    assert!(
        err.starts_with("错误：导入文件 persons[0].id_number：id_number 填写的"),
        "{err}"
    );
}

#[test]
fn a_csv_sheets_error_names_its_line_and_column_in_chinese() {
    let env = Env::new();
    let csv = env.path("t.csv");
    std::fs::write(
        &csv,
        "name,id_number,uscc,role\n张三,1.10108E+17,91350100M000100Y43,admin\n",
    )
    .unwrap();
    let (code, _, err) = in_chinese(&env, &["import", csv.to_str().unwrap()]);
    assert_eq!(code, Some(5), "{err}");
    assert!(
        err.contains("t.csv 第 2 行 id_number 列：\"1.10108E+17\"已被表格软件转为科学计数法"),
        "{err}"
    );
    assert!(err.contains("\n提示：请将该列设置为文本格式"), "{err}");
    let e = json_error(&env, "en", 5, &["import", csv.to_str().unwrap()]);
    assert_eq!(e["code"], "import.csv.shortened_number", "{e}");
}

#[test]
fn an_output_over_the_registry_is_refused_with_its_code_in_both_languages() {
    let env = Env::new();
    env.ok(&["ca", "init", "--name", "ca1", "--algo", "sm2"]);
    let db = env.db.to_str().unwrap().to_string();
    let args = ["ca", "export", "1", "--out", &db, "--force"];
    let e = json_error(&env, "en", 5, &args);
    assert_eq!(e["code"], "output.guarded", "{e}");
    assert_eq!(e["hint"], "choose another path", "{e}");
    let (code, _, err) = in_chinese(&env, &args);
    assert_eq!(code, Some(5), "{err}");
    assert!(
        err.contains("是登记库") && err.contains("catool 不会覆盖该文件"),
        "{err}"
    );
}

#[test]
fn org_and_package_listings_read_in_chinese() {
    let env = Env::onboarded(true);
    env.ok(&["package", "buy", "--org", "1"]);
    let (code, out, err) = in_chinese(&env, &["package", "pay", "--package", "1"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.starts_with("套餐 1 已支付；证书：\n"), "{out}");
    assert!(out.contains("暂未分配") && out.contains("个人"), "{out}");
    let (_, out, _) = in_chinese(&env, &["org", "show", "1"]);
    assert!(
        out.contains("统一社会信用代码") && out.contains("成员："),
        "{out}"
    );
    assert!(out.contains("管理员"), "{out}");
    // JSON keeps its machine values whatever the language.
    let mut cmd = env.cmd();
    let out = cmd
        .env("LANG", "zh_CN.UTF-8")
        .args(["--json", "package", "show", "1"])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["status"], "paid");
    assert_eq!(v["slots"][0]["state"], "unassigned");
}

#[test]
fn an_import_report_reads_in_chinese_and_its_json_stays_english() {
    let env = Env::new();
    let doc = env.path("doc.json");
    std::fs::write(
        &doc,
        r#"{"persons": [{"name": "张伟", "id_number": "11010519491231002X"}]}"#,
    )
    .unwrap();
    let doc = doc.to_str().unwrap();
    let (code, out, err) = in_chinese(&env, &["import", doc, "--dry-run"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("persons[0]：人员"), "{out}");
    assert!(out.contains("将创建"), "{out}");
    assert!(out.contains("试运行：将有 1 项变更"), "{out}");
    let mut cmd = env.cmd();
    let out = cmd
        .env("LANG", "zh_CN.UTF-8")
        .args(["--json", "import", doc])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["steps"][0]["what"], "person 1 张伟", "{v}");
    assert_eq!(v["steps"][0]["outcome"], "created", "{v}");
}
