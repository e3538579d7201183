//! The registry area in the user's language (issue 16): what the registry's schema refuses,
//! a file that is not a registry and a value catool never writes, through the real binary,
//! in Chinese with hint and rule, and as JSON errors carrying `code`, `rule` and `hint`.

use serde_json::Value;

use crate::common::*;
use crate::i18n_party::{in_chinese, json_error};

const SECOND_ADMIN: &[&str] = &[
    "org", "member", "add", "--org", "1", "--person", "4", "--role", "admin",
];

#[test]
fn a_second_administrator_is_refused_in_chinese_with_its_hint_and_rule() {
    let env = Env::onboarded(false);
    let (code, _, err) = in_chinese(&env, SECOND_ADMIN);
    assert_eq!(code, Some(4), "{err}");
    assert_eq!(
        err.lines().collect::<Vec<_>>(),
        [
            "错误：无法添加管理员：单位 1 已有管理员",
            "提示：请使用 `catool org transfer-admin` 转让管理员",
            "规则 D2，见 catool-rules(7)",
        ],
        "{err}"
    );
}

#[test]
fn a_second_administrator_as_a_json_error_carries_code_rule_and_hint() {
    let env = Env::onboarded(false);
    let e = json_error(&env, "en", 4, SECOND_ADMIN);
    assert_eq!(e["code"], "registry.org.second_admin", "{e}");
    assert_eq!(e["rule"], "D2", "{e}");
    assert_eq!(e["hint"], "use `catool org transfer-admin`", "{e}");
    assert_eq!(e["kind"], "refused", "{e}");
}

#[test]
fn a_file_that_is_not_a_registry_is_named_in_chinese_and_in_json() {
    let env = Env::new();
    std::fs::write(&env.db, "not a database, only text\n".repeat(200)).unwrap();
    let (code, _, err) = in_chinese(&env, &["org", "list"]);
    assert_eq!(code, Some(6), "{err}");
    assert!(
        err.starts_with(&format!(
            "错误：{} 不是 catool 登记库（不是 SQLite 数据库）\n",
            env.db.display()
        )),
        "{err}"
    );
    assert!(
        err.contains("提示：请用 --db 指向 catool 登记库或一个新文件"),
        "{err}"
    );
    let e = json_error(&env, "en", 6, &["org", "list"]);
    assert_eq!(e["code"], "registry.open.not_a_registry", "{e}");
    assert_eq!(e["rule"], Value::Null, "{e}");
}

#[test]
fn a_stored_value_catool_never_writes_is_a_registry_error_naming_it() {
    let env = Env::onboarded(false);
    env.sqlite3("UPDATE persons SET created_at = 'yesterday' WHERE id = 2;");
    let e = json_error(&env, "en", 6, &["person", "list"]);
    assert_eq!(e["code"], "registry.value.unknown", "{e}");
    assert_eq!(
        e["message"],
        "the registry holds 'yesterday' as a time, which catool never writes"
    );
    let (code, _, err) = in_chinese(&env, &["person", "show", "2"]);
    assert_eq!(code, Some(6), "{err}");
    assert!(
        err.starts_with("错误：登记库中的时间为“yesterday”，这不是 catool 会写入的值\n"),
        "{err}"
    );
}

#[test]
fn an_unknown_reference_is_not_found_in_chinese() {
    let env = Env::onboarded(false);
    let (code, _, err) = in_chinese(&env, &["org", "show", "北京某某科技有限公司"]);
    assert_eq!(code, Some(3), "{err}");
    assert_eq!(
        err.lines().collect::<Vec<_>>(),
        [
            "错误：登记库中没有单位“北京某某科技有限公司”",
            "提示：请填写单位编号、统一社会信用代码或完整名称，可用 catool org list 查看",
        ],
        "{err}"
    );
}
