//! `catool registry copy` (issue 18): an SQLite registry to PostgreSQL and back, with its
//! history unchanged but for the one `registry.copy` event each copy records (`log verify`
//! passes on each copy with the same master key); a target
//! that is not empty refused, touching nothing; an interrupted copy leaving the target empty;
//! a server that cannot be reached named in one line. Every test takes explicit locations (a
//! real PostgreSQL cluster from `common::pg`), whatever `CATOOL_TEST_BACKEND` says.

use std::path::Path;
use std::process::{Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::common::pg::cluster;
use crate::common::*;

/// A registry file with enterprises, persons, a CA, a paid package, an issued SM2
/// certificate and a seal: rows in most tables, and their events.
fn populated() -> Env {
    let env = Env::sqlite()
        .onboard(true)
        .issue_lina_certificate("Copy CA", "sm2");
    crate::seals::make(&env, "official");
    env
}

/// catool on the registry at `db` with `env`'s master key.
fn at(env: &Env, db: &str, args: &[&str]) -> Output {
    env.cmd()
        .env("CATOOL_DB", db)
        .env("CATOOL_MASTER_KEY", env.path("registry.db.key"))
        .args(args)
        .output()
        .unwrap()
}

fn json_at(env: &Env, db: &str, args: &[&str]) -> Value {
    let mut all = vec!["--json"];
    all.extend_from_slice(args);
    let out = at(env, db, &all);
    assert!(
        out.status.success(),
        "catool {args:?} on {db}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// What the copies must show alike: certificates, seals and enterprises.
fn listings(env: &Env, db: &str) -> Vec<Value> {
    [&["cert", "list"][..], &["seal", "list"], &["org", "list"]]
        .iter()
        .map(|args| json_at(env, db, args))
        .collect()
}

/// The history of the registry at `db`, oldest first (every event).
fn history(env: &Env, db: &str) -> Vec<Value> {
    let v = json_at(env, db, &["log", "--limit", "0"]);
    let mut events = v.as_array().cloned().unwrap_or_default();
    events.sort_by_key(|e| e["seq"].as_i64());
    events
}

/// The history at `copy` is the one at `source` and one `registry.copy` event after it,
/// saying where from, by whom and from which machine; returns that event.
fn copied_history(env: &Env, source: &str, copy: &str) -> Value {
    let before = history(env, source);
    let mut after = history(env, copy);
    let event = after.pop().unwrap();
    assert_eq!(after, before, "{copy}");
    assert_eq!(event["action"], "registry.copy", "{event}");
    assert_eq!(event["actor"], "operator", "{event}");
    assert!(event["seq"].as_i64() > before.last().unwrap()["seq"].as_i64());
    assert!(!event["host"].as_str().unwrap_or("").is_empty(), "{event}");
    assert!(
        !event["os_user"].as_str().unwrap_or("").is_empty(),
        "{event}"
    );
    event
}

fn verifies(env: &Env, db: &str) {
    let v = json_at(env, db, &["log", "verify"]);
    assert_eq!(v["problems"], serde_json::json!([]), "{db}: {v}");
    assert_eq!(v["state_compared"], true, "{db}: {v}");
}

fn copy(env: &Env, from: &str, to: &str) -> Output {
    env.cmd()
        .env("CATOOL_MASTER_KEY", env.path("registry.db.key"))
        .args(["--json", "registry", "copy", "--from", from, "--to", to])
        .output()
        .unwrap()
}

#[test]
fn sqlite_to_postgres_and_back_keeps_every_row_and_the_history_verifiable() {
    let env = populated();
    let file = env.db.display().to_string();
    let before = listings(&env, &file);
    verifies(&env, &file);
    let (_, url) = cluster().database();
    let out = copy(&env, &file, &url);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let events = report["tables"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["table"] == "events")
        .unwrap();
    assert_eq!(events["rows"], history(&env, &file).len());
    assert!(report["rows"].as_u64().unwrap() > 20, "{report}");
    assert_eq!(listings(&env, &url), before);
    let event = copied_history(&env, &file, &url);
    assert_eq!(report["event"], event["seq"]);
    verifies(&env, &url);
    // And back, into a file that does not exist yet.
    let back = env.path("back.db").display().to_string();
    let out = copy(&env, &url, &back);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(listings(&env, &back), before);
    copied_history(&env, &url, &back);
    verifies(&env, &back);
    // The copy is a working registry: the next event links to the copied head.
    let out = at(
        &env,
        &url,
        &["org", "member", "add", "--org", "1", "--person", "4"],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    verifies(&env, &url);
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(&back).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
}

#[test]
fn a_target_that_is_not_empty_is_refused_and_left_as_it_was() {
    let env = populated();
    let file = env.db.display().to_string();
    let (_, url) = cluster().database();
    assert!(copy(&env, &file, &url).status.success());
    let pg_before = listings(&env, &url);
    // A database that holds a registry already.
    let out = copy(&env, &file, &url);
    assert_eq!(out.status.code(), Some(4));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("is not empty"), "{err}");
    assert_eq!(
        err.lines().filter(|l| l.starts_with("error")).count(),
        1,
        "{err}"
    );
    let j: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(j["error"]["code"], "registry.copy.target_not_empty");
    assert_eq!(listings(&env, &url), pg_before);
    // An existing registry file.
    let other = Env::sqlite().onboard(false);
    let bytes = std::fs::read(&other.db).unwrap();
    let out = copy(&env, &url, &other.db.display().to_string());
    assert_eq!(
        out.status.code(),
        Some(4),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(std::fs::read(&other.db).unwrap(), bytes);
    // A registry `catool init` made (its master key's check value, nothing else) is empty.
    let fresh = env.path("fresh.db");
    let out = at(&env, fresh.to_str().unwrap(), &["init"]);
    assert!(out.status.success());
    let out = copy(&env, &file, fresh.to_str().unwrap());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    verifies(&env, fresh.to_str().unwrap());
    // The same registry on both sides.
    let out = copy(&env, &file, &file);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn only_the_operator_copies_a_registry() {
    let env = populated();
    let target = env.path("copy.db");
    let out = env
        .cmd()
        .args(["--as", "李娜", "registry", "copy", "--from"])
        .arg(&env.db)
        .arg("--to")
        .arg(&target)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(4),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("copy the registry"));
    assert!(!target.exists());
}

#[test]
fn an_unreachable_server_or_a_bad_url_is_one_line_naming_it() {
    let env = populated();
    let file = env.db.display().to_string();
    for (to, named) in [
        (
            "postgres://ops:secret@/catool?host=/nonexistent/socket/dir",
            "postgres://ops@/catool?host=/nonexistent/socket/dir",
        ),
        (
            "postgres://ops@127.0.0.1:1/catool?connect_timeout=2",
            "127.0.0.1:1",
        ),
        (
            "postgres://ops@/catool?sslmode=sometimes",
            "sslmode=sometimes",
        ),
    ] {
        let out = env
            .cmd()
            .args(["registry", "copy", "--from", &file, "--to", to])
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{to}");
        let first = err.lines().next().unwrap_or("");
        assert!(first.contains(named), "{to}: {err}");
        assert!(!err.contains("secret"), "{err}");
        assert_eq!(
            err.lines().filter(|l| l.starts_with("error")).count(),
            1,
            "{err}"
        );
    }
    let out = copy(
        &env,
        &env.path("missing.db").display().to_string(),
        &env.path("x.db").display().to_string(),
    );
    assert_eq!(out.status.code(), Some(3));
    assert!(!env.path("missing.db").exists() && !env.path("x.db").exists());
}

/// Starts `catool registry copy` and kills it (SIGKILL) once it waits on a lock the test
/// holds on `locked` (a table late in the copy) in database `db`.
fn kill_while_blocked(env: &Env, from: &str, to: &str, db: &str, locked: &str) {
    let mut admin = cluster().admin(db);
    let mut lock = admin.transaction().unwrap();
    lock.batch_execute(&format!("LOCK TABLE {locked} IN ACCESS EXCLUSIVE MODE"))
        .unwrap();
    let mut child = env
        .cmd()
        .env("CATOOL_MASTER_KEY", env.path("registry.db.key"))
        .args(["registry", "copy", "--from", from, "--to", to])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut watcher = cluster().admin(db);
    let start = Instant::now();
    loop {
        let waiting: i64 = watcher
            .query_one("SELECT count(*) FROM pg_locks
                  WHERE NOT granted
                    AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
                &[],)
            .unwrap()
            .get(0);
        if waiting > 0 {
            break;
        }
        assert!(
            child.try_wait().unwrap().is_none(),
            "the copy ended before it was blocked"
        );
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "the copy never blocked"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    lock.rollback().unwrap();
}

/// The table the copy writes last (from an earlier copy's report).
fn last_table(env: &Env) -> String {
    let out = copy(
        env,
        &env.db.display().to_string(),
        &env.path("order.db").display().to_string(),
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    report["tables"].as_array().unwrap().last().unwrap()["table"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn a_copy_into_postgres_killed_midway_leaves_the_database_empty() {
    let env = populated();
    let last = last_table(&env);
    let (name, url) = cluster().database();
    // The target's schema, as the copy would make it, so that the test can lock a table.
    catool::registry::Registry::open_at(
        &catool::registry::backend::Location::parse(std::ffi::OsStr::new(&url)).unwrap(),
    )
    .unwrap();
    kill_while_blocked(&env, &env.db.display().to_string(), &url, &name, &last);
    let mut admin = cluster().admin(&name);
    for table in ["events", "orgs", "persons", "certs", "cas", "seals"] {
        let n: i64 = admin
            .query_one(&format!("SELECT count(*) FROM {table}"), &[])
            .unwrap()
            .get(0);
        assert_eq!(n, 0, "{table}");
    }
    // Empty: a copy goes in now.
    assert!(
        copy(&env, &env.db.display().to_string(), &url)
            .status
            .success()
    );
    verifies(&env, &url);
}

#[test]
fn a_copy_into_a_file_killed_midway_leaves_no_file() {
    let env = populated();
    let last = last_table(&env);
    let (name, url) = cluster().database();
    assert!(
        copy(&env, &env.db.display().to_string(), &url)
            .status
            .success()
    );
    let target = env.path("killed.db");
    kill_while_blocked(&env, &url, &target.display().to_string(), &name, &last);
    assert!(!target.exists());
    assert!(!Path::new(&format!("{}-wal", target.display())).exists());
    // The kill left its temporary file (a whole registry): the next copy removes it.
    let left = temporaries(&env, "killed.db");
    assert!(!left.is_empty(), "the killed copy left nothing to clean up");
    let out = copy(&env, &url, &target.display().to_string());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let removed: Vec<&str> = report["stale_removed"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(
        left.iter().any(|f| removed.contains(&f.as_str())),
        "{report}"
    );
    assert_eq!(temporaries(&env, "killed.db"), Vec::<String>::new());
    verifies(&env, &target.display().to_string());
}

/// The temporary files (and companions) of copies into `name` in `env`'s directory.
fn temporaries(env: &Env, name: &str) -> Vec<String> {
    let prefix = format!(".{name}.copy-");
    let mut found: Vec<String> = std::fs::read_dir(env.path(""))
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(&prefix))
        .collect();
    found.sort();
    found
}

#[test]
fn a_running_copy_s_temporary_file_is_not_removed_by_another_copy() {
    let env = populated();
    let file = env.db.display().to_string();
    // A temporary file a running copy holds (its lock taken, as the copy takes it).
    let held = env.path(".busy.db.copy-AbC123");
    std::fs::write(&held, b"").unwrap();
    let lock = std::fs::File::open(&held).unwrap();
    lock.lock().unwrap();
    // One a killed copy left (nobody holds it), with its write-ahead log.
    let stale = env.path(".busy.db.copy-XyZ789");
    std::fs::write(&stale, b"").unwrap();
    std::fs::write(env.path(".busy.db.copy-XyZ789-wal"), b"").unwrap();
    // A file of another name is never touched.
    let other = env.path(".other.db.copy-XyZ789");
    std::fs::write(&other, b"").unwrap();
    let out = copy(&env, &file, &env.path("busy.db").display().to_string());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        report["stale_removed"],
        serde_json::json!([".busy.db.copy-XyZ789"])
    );
    assert_eq!(temporaries(&env, "busy.db"), vec![".busy.db.copy-AbC123"]);
    assert!(held.exists() && other.exists());
    drop(lock);
}

#[test]
fn a_copy_without_the_source_s_master_key_is_refused_and_writes_nothing() {
    let env = populated();
    let target = env.path("keyless.db");
    for key in [env.path("no-such.key"), env.path("other.key")] {
        if key.ends_with("other.key") {
            // A master key of another registry.
            let other = Env::sqlite().onboard(false);
            std::fs::copy(other.path("registry.db.key"), &key).unwrap();
        }
        let out = env
            .cmd()
            .env("CATOOL_MASTER_KEY", &key)
            .args(["registry", "copy", "--from"])
            .arg(&env.db)
            .arg("--to")
            .arg(&target)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{key:?}: {err}");
        assert_eq!(
            err.lines().filter(|l| l.starts_with("error")).count(),
            1,
            "{err}"
        );
        assert!(!target.exists(), "{key:?}");
        assert_eq!(temporaries(&env, "keyless.db"), Vec::<String>::new());
    }
}

#[test]
fn newest_events_deleted_from_the_source_stay_reported_on_both_copies() {
    let env = populated();
    let file = env.db.display().to_string();
    // Behind the schema: the append-only trigger dropped, the events deleted, the trigger
    // put back (a registry whose schema was altered is refused on open, by copy too).
    let trigger = env.sqlite3("SELECT sql FROM sqlite_schema WHERE name = 'events_no_delete';");
    env.sqlite3(&format!(
        "DROP TRIGGER events_no_delete; DELETE FROM events WHERE seq >= 6; {};",
        trigger.trim()
    ));
    let missing = |db: &str| {
        let out = at(&env, db, &["--json", "log", "verify"]);
        assert_eq!(out.status.code(), Some(1), "{db}");
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(v["first_bad_seq"], 6, "{db}: {v}");
    };
    missing(&file);
    let (_, url) = cluster().database();
    let out = copy(&env, &file, &url);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    missing(&url);
    let back = env.path("back.db").display().to_string();
    assert!(copy(&env, &url, &back).status.success());
    missing(&back);
}

/// A source reached through a symbolic link to a file elsewhere, its key beside the link (as
/// every command finds it): copied, its key found there.
#[test]
fn a_source_reached_through_a_link_is_copied_with_the_key_beside_the_link() {
    let env = populated();
    std::fs::create_dir(env.path("real")).unwrap();
    std::fs::rename(&env.db, env.path("real/registry.db")).unwrap();
    std::os::unix::fs::symlink("real/registry.db", &env.db).unwrap();
    let file = env.db.display().to_string();
    let copy_path = env.path("copy.db").display().to_string();
    let out = env
        .cmd()
        .env_remove("CATOOL_MASTER_KEY")
        // Not the command's own registry: its key is found for it alone.
        .env("CATOOL_DB", env.path("elsewhere.db"))
        .args(["registry", "copy", "--from", &file, "--to", &copy_path])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    verifies(&env, &copy_path);
}
