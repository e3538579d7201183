//! Issue 14: `catool import onboarding.csv` — the spreadsheet form of an onboarding
//! (docs/import.md), read into the same document and run by the same code as the JSON form.

use crate::common;
use std::path::{Path, PathBuf};

use common::*;
use serde_json::Value;

const HEADER: &str = "name,id_number,uscc";

fn events(env: &Env) -> usize {
    env.json(&["log"]).as_array().unwrap().len()
}

fn s(p: &Path) -> String {
    p.to_str().unwrap().to_string()
}

/// Writes `bytes` as `name` in the env's directory; returns its path.
fn sheet(env: &Env, name: &str, bytes: &[u8]) -> String {
    let path = env.path(name);
    std::fs::write(&path, bytes).unwrap();
    s(&path)
}

/// A registry with the CA the examples issue from.
fn with_ca() -> Env {
    let env = Env::new();
    env.ok(&["ca", "init", "--name", "测试SM2根CA", "--algo", "sm2"]);
    env
}

/// examples/NAME copied next to the files it names (the letter and the PIN file).
fn example(env: &Env, name: &str) -> String {
    std::fs::write(env.path("授权委托书.pdf"), b"%PDF-1.4 letter").unwrap();
    write_secret(&env.path("lina.pin"), "112233\n");
    let src: PathBuf = [env!("CARGO_MANIFEST_DIR"), "examples", name]
        .iter()
        .collect();
    sheet(env, name, &std::fs::read(src).unwrap())
}

/// `v` without what differs between two registries given the same data: times, serials,
/// fingerprints.
fn comparable(mut v: Value) -> Value {
    match &mut v {
        Value::Object(m) => {
            m.retain(|k, _| {
                !(k.ends_with("_at")
                    || k.starts_with("not_")
                    || k.starts_with("serial")
                    || k == "days_left")
            });
            for x in m.values_mut() {
                *x = comparable(x.take());
            }
        }
        Value::Array(a) => {
            for x in a.iter_mut() {
                *x = comparable(x.take());
            }
        }
        _ => {}
    }
    v
}

/// What an onboarding left in a registry: persons, enterprises, packages, certificates and
/// the actions of its history.
fn registry_state(env: &Env) -> Value {
    let actions: Vec<Value> = env
        .json(&["log"])
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].clone())
        .collect();
    comparable(serde_json::json!({
        "persons": env.json(&["person", "list"]),
        "org": env.json(&["org", "show", "1"]),
        "package": env.json(&["package", "show", "1"]),
        "certificates": env.json(&["cert", "list"]),
        "actions": actions,
    }))
}

#[test]
fn the_csv_example_gives_the_same_registry_as_the_json_example() {
    let from_json = with_ca();
    let json = example(&from_json, "onboarding.json");
    from_json.ok(&["import", &json]);
    let from_csv = with_ca();
    let csv = example(&from_csv, "onboarding.csv");
    let r = from_csv.json(&["import", &csv]);
    assert_eq!(r["changed"], 9, "{r}");
    let state = registry_state(&from_csv);
    assert_eq!(
        state["certificates"].as_array().unwrap().len(),
        1,
        "{state}"
    );
    assert_eq!(state, registry_state(&from_json));
    from_csv.ok(&["log", "verify"]);
}

#[test]
fn a_csv_report_has_the_json_reports_steps_and_names_lines() {
    // Two dry runs on one registry name the same ids (on PostgreSQL too: a dry run gives back
    // the ids it took, see `PgRegistry::rehearse`).
    let env = with_ca();
    let from_json = env.json(&["import", &example(&env, "onboarding.json"), "--dry-run"]);
    let from_csv = env.json(&["import", &example(&env, "onboarding.csv"), "--dry-run"]);
    let steps = |r: &Value| -> Vec<(Value, Value)> {
        r["steps"]
            .as_array()
            .unwrap()
            .iter()
            .map(|st| (st["what"].clone(), st["outcome"].clone()))
            .collect()
    };
    assert_eq!(steps(&from_csv), steps(&from_json));
    assert_eq!(from_csv["changed"], from_json["changed"]);
    assert_eq!(from_csv["steps"][0]["row"], "line 2");
    assert_eq!(from_json["steps"][0]["row"], "persons[0]");
}

#[test]
fn a_csv_dry_run_writes_nothing() {
    let env = with_ca();
    let csv = example(&env, "onboarding.csv");
    // On a file, not a byte changes; on either backend, nothing a listing shows.
    let bytes = || env.pg.is_none().then(|| std::fs::read(&env.db).unwrap());
    let listed = || ["person", "org", "package", "cert"].map(|what| env.json(&[what, "list"]));
    let before = (bytes(), listed());
    let events_before = events(&env);
    let r = env.json(&["import", &csv, "--dry-run"]);
    assert_eq!(r["dry_run"], true);
    assert_eq!(r["changed"], 9, "{r}");
    assert_eq!((bytes(), listed()), before, "registry");
    assert_eq!(events(&env), events_before);
    let text = env.ok(&["import", &csv, "--dry-run"]);
    assert!(text.contains("nothing was written"), "{text}");
}

#[test]
fn importing_a_csv_again_changes_nothing_and_says_so() {
    let env = with_ca();
    let csv = example(&env, "onboarding.csv");
    env.ok(&["import", &csv]);
    let before = events(&env);
    let r = env.json(&["import", &csv]);
    assert_eq!(r["changed"], 0, "{r}");
    assert_eq!(events(&env), before);
    let text = env.ok(&["import", &csv]);
    assert!(text.contains("nothing to do"), "{text}");
}

#[test]
fn a_csv_with_excels_byte_order_mark_is_read() {
    let env = Env::new();
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(format!("{HEADER}\n张伟,{ID_ADMIN},\n").as_bytes());
    env.ok(&["import", &sheet(&env, "bom.csv", &bytes)]);
    assert_eq!(env.json(&["person", "show", ID_ADMIN])["name"], "张伟");
}

#[test]
fn a_gbk_csv_is_refused_with_the_line_and_how_to_save_it_as_utf8() {
    let env = Env::new();
    // 张伟 in GBK, as Excel's plain "CSV (逗号分隔)" saves it on a Chinese Windows.
    let mut bytes = format!("{HEADER}\n").into_bytes();
    bytes.extend(b"\xD5\xC5\xCE\xB0,");
    bytes.extend(format!("{ID_ADMIN},\n").as_bytes());
    let err = env.fails(5, &["import", &sheet(&env, "gbk.csv", &bytes)]);
    assert!(err.contains("gbk.csv line 2: not UTF-8"), "{err}");
    assert!(err.contains("GBK") && err.contains("CSV UTF-8"), "{err}");
    assert!(env.json(&["person", "list"]).as_array().unwrap().is_empty());
}

#[test]
fn an_unknown_column_is_refused_naming_it() {
    let env = Env::new();
    let csv = sheet(&env, "t.csv", format!("{HEADER},fax\n").as_bytes());
    let err = env.fails(5, &["import", &csv]);
    assert!(
        err.contains("t.csv line 1, column fax: unknown column"),
        "{err}"
    );
}

#[test]
fn a_missing_required_column_is_refused_naming_it() {
    let env = Env::new();
    let csv = sheet(&env, "t.csv", "name,uscc\n张伟,\n".as_bytes());
    let err = env.fails(5, &["import", &csv]);
    assert!(err.contains("t.csv line 1: no column id_number"), "{err}");
}

#[test]
fn a_bad_value_names_its_line_and_column_and_nothing_is_written() {
    let env = Env::new();
    let bad_uscc = "91110108MA01ABCD1X";
    let text = format!(
        "{HEADER},org_name,legal_rep,legal_rep_id,role\n\
         张伟,{ID_ADMIN},,,,,\n\
         李娜,{ID_MEMBER1},{bad_uscc},北京云签科技有限公司,赵建国,{ID_LEGAL_REP},admin\n"
    );
    let err = env.fails(5, &["import", &sheet(&env, "t.csv", text.as_bytes())]);
    assert!(
        err.contains("t.csv line 3, column uscc: invalid uscc"),
        "{err}"
    );
    assert!(env.json(&["person", "list"]).as_array().unwrap().is_empty());
}

#[test]
fn quoted_values_hold_commas_and_line_numbers_count_the_lines_inside_quotes() {
    let env = Env::new();
    let text = format!(
        "name,id_type,id_number,uscc\n\
         \"Smith, John\",passport,E12345678,\n\
         \"Li\nNa\",resident,{ID_MEMBER1},\n"
    );
    let csv = sheet(&env, "t.csv", text.as_bytes());
    let err = env.fails(5, &["import", &csv]);
    assert!(err.contains("t.csv line 3, column name"), "{err}");
    let fixed = text.replace("Li\nNa", "李娜");
    std::fs::write(env.path("t.csv"), fixed).unwrap();
    env.ok(&["import", &csv]);
    assert_eq!(
        env.json(&["person", "show", "E12345678"])["name"],
        "Smith, John"
    );
}

#[test]
fn two_rows_giving_one_person_different_values_are_refused_naming_both_lines() {
    let env = Env::new();
    let text =
        format!("{HEADER},email\n张伟,{ID_ADMIN},,a@example.com\n张伟,{ID_ADMIN},,b@example.com\n");
    let err = env.fails(5, &["import", &sheet(&env, "t.csv", text.as_bytes())]);
    assert!(err.contains("t.csv line 3, column email"), "{err}");
    assert!(err.contains("on line 2"), "{err}");
}

#[test]
fn an_enterprise_the_sheet_registers_needs_an_administrator_row() {
    let env = Env::new();
    let text = format!(
        "{HEADER},org_name,legal_rep,legal_rep_id\n张伟,{ID_ADMIN},{USCC_A},北京云签科技有限公司,赵建国,{ID_LEGAL_REP}\n"
    );
    let err = env.fails(5, &["import", &sheet(&env, "t.csv", text.as_bytes())]);
    assert!(err.contains("t.csv line 2, column role"), "{err}");
    assert!(err.contains("role admin"), "{err}");
}

#[test]
fn rows_of_a_registered_enterprise_add_members_and_certificates() {
    let env = Env::onboarded(true);
    env.ok(&["ca", "init", "--name", "CA", "--algo", "sm2"]);
    write_secret(&env.path("chen.pin"), "135790\n");
    let text = format!("{HEADER},cert_kind,pin_file\n陈明,{ID_OTHER},{USCC_A},personal,chen.pin\n");
    let r = env.json(&["import", &sheet(&env, "t.csv", text.as_bytes())]);
    assert_eq!(r["steps"][0]["outcome"], "exists", "{r}");
    let chen = env.json(&["person", "show", "陈明"]);
    assert_eq!(chen["memberships"].as_array().unwrap().len(), 1, "{chen}");
    assert_eq!(chen["certificates"][0]["state"], "active", "{chen}");
}

#[test]
fn a_refused_certificate_row_names_its_own_line_and_column() {
    let env = Env::onboarded(true);
    let text = format!(
        "{HEADER},cert_kind\n李娜,{ID_MEMBER1},{USCC_A},personal\n王芳,{ID_MEMBER2},{USCC_A},personel\n"
    );
    let before = events(&env);
    let err = env.fails(5, &["import", &sheet(&env, "t.csv", text.as_bytes())]);
    assert!(
        err.contains("t.csv line 3, column cert_kind: 'personel'"),
        "{err}"
    );
    assert_eq!(
        events(&env),
        before,
        "nothing of the transaction is written"
    );
}

#[test]
fn a_spreadsheets_shortened_id_number_is_refused_with_a_hint() {
    let env = Env::new();
    let csv = sheet(
        &env,
        "t.csv",
        format!("{HEADER}\n张伟,1.10108E+17,\n").as_bytes(),
    );
    let err = env.fails(5, &["import", &csv]);
    assert!(err.contains("t.csv line 2, column id_number"), "{err}");
    assert!(err.contains("text"), "{err}");
}

#[test]
fn package_numbers_of_an_enterprise_start_at_1_without_gaps() {
    let env = Env::onboarded(true);
    let text = format!("{HEADER},package,years\n,,{USCC_A},2,1\n");
    let err = env.fails(5, &["import", &sheet(&env, "t.csv", text.as_bytes())]);
    assert!(err.contains("t.csv line 2, column package"), "{err}");
    assert!(err.contains("no row has package 1"), "{err}");
}
