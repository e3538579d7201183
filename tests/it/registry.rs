//! The registry file: creation, location, and refusal of files catool must not touch.

use crate::common;
use common::*;

#[test]
fn init_creates_the_registry_under_xdg_data_home_with_its_directory() {
    let env = Env::new();
    let xdg = env.path("xdg");
    let out = std::process::Command::new(BIN)
        .env_remove("CATOOL_DB")
        .env("XDG_DATA_HOME", &xdg)
        .args(["--json", "init"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let expected = xdg.join("catool/registry.db");
    assert_eq!(v["registry"], expected.to_str().unwrap());
    assert!(expected.is_file());
    assert_eq!(v["schema_version"], catool::registry::SCHEMA_VERSION);
}

#[test]
fn init_twice_keeps_the_data() {
    let env = Env::onboarded(false);
    env.ok(&["init"]);
    assert_eq!(env.json(&["org", "list"]).as_array().unwrap().len(), 1);
}

#[test]
fn registry_in_a_missing_directory_is_refused_without_creating_it() {
    let env = Env::new();
    let db = env.path("no/such/dir/registry.db");
    let err = env.fails(6, &["--db", db.to_str().unwrap(), "init"]);
    assert!(err.contains("does not exist"), "{err}");
    assert!(!env.path("no").exists());
}

#[test]
fn registry_in_an_unwritable_directory_is_refused() {
    // /proc refuses file creation even to root, so this holds wherever the tests run.
    let env = Env::new();
    let err = env.fails(6, &["--db", "/proc/catool-registry.db", "init"]);
    assert!(err.contains("cannot"), "{err}");
}

#[test]
fn a_file_that_is_not_sqlite_is_refused_and_left_untouched() {
    let env = Env::new();
    let junk: Vec<u8> = (0..8192u32).map(|i| (i * 7919 % 251) as u8).collect();
    std::fs::write(&env.db, &junk).unwrap();
    let err = env.fails(6, &["org", "list"]);
    assert!(err.contains("not a catool registry"), "{err}");
    assert_eq!(std::fs::read(&env.db).unwrap(), junk);
}

#[test]
fn another_applications_sqlite_database_is_refused() {
    let env = Env::new();
    env.sqlite3("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT);");
    let err = env.fails(6, &["org", "list"]);
    assert!(err.contains("another application"), "{err}");
    // Nothing of ours was added to it.
    let tables = env.sqlite3("SELECT name FROM sqlite_schema WHERE type='table';");
    assert_eq!(tables.trim(), "customers");
}

#[test]
fn a_registry_from_a_newer_catool_is_refused_with_an_upgrade_hint() {
    let env = Env::onboarded(false);
    env.sqlite3("PRAGMA user_version = 99;");
    let err = env.fails(6, &["org", "list"]);
    assert!(err.contains("newer catool"), "{err}");
    assert!(err.contains("v99"), "{err}");
    assert_eq!(env.sqlite3("PRAGMA user_version;").trim(), "99");
}

#[test]
fn the_registry_uses_wal_and_foreign_keys() {
    let env = Env::onboarded(false);
    assert_eq!(env.sqlite3("PRAGMA journal_mode;").trim(), "wal");
    // A membership pointing at a missing person is rejected by the schema.
    let out = std::process::Command::new("sqlite3")
        .arg(&env.db)
        .arg("PRAGMA foreign_keys=ON; INSERT INTO memberships VALUES (1, 999, 'member', 'x');")
        .output()
        .unwrap();
    assert!(!out.status.success());
}

#[test]
fn the_schema_refuses_a_second_administrator_even_from_sql() {
    let env = Env::onboarded(false);
    let out = std::process::Command::new("sqlite3")
        .arg(&env.db)
        .arg("UPDATE memberships SET role = 'admin' WHERE person_id = 2;")
        .output()
        .unwrap();
    assert!(!out.status.success(), "D2 index must refuse a second admin");
}
