//! The commands against a PostgreSQL registry shared by several machines (issue 18): two
//! home directories stand for two operator machines, each with its own copy of the team's
//! master key in catool's data directory (the default on PostgreSQL), working on one
//! database of the throwaway cluster (`common::pg`).

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::common::*;

/// An operator machine: its home and data directory.
struct Machine {
    home: PathBuf,
}

impl Machine {
    /// A machine holding a copy of `key` as its master key (`$XDG_DATA_HOME/catool/master.key`).
    fn with_key(env: &Env, name: &str, key: &Path) -> Machine {
        let home = env.path(name);
        let data = home.join("data/catool");
        std::fs::create_dir_all(&data).unwrap();
        std::fs::copy(key, data.join("master.key")).unwrap();
        std::fs::set_permissions(
            data.join("master.key"),
            std::fs::Permissions::from_mode(0o600),
        )
        .unwrap();
        Machine { home }
    }

    /// catool on this machine: the shared registry, the machine's own master key.
    fn cmd(&self, env: &Env) -> Command {
        let mut c = env.cmd();
        c.env("HOME", &self.home)
            .env("XDG_DATA_HOME", self.home.join("data"))
            .env_remove("CATOOL_MASTER_KEY");
        c
    }

    fn ok(&self, env: &Env, args: &[&str]) -> String {
        let out = self.cmd(env).args(args).output().unwrap();
        assert!(
            out.status.success(),
            "catool {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }
}

fn private(env: &Env, name: &str, content: &str) -> String {
    std::fs::write(env.path(name), content).unwrap();
    std::fs::set_permissions(env.path(name), std::fs::Permissions::from_mode(0o600)).unwrap();
    p(env, name)
}

/// A PostgreSQL registry with enterprise 1, an SM2 CA, `personal` paid personal slots
/// (ids 2..) and the PIN file `pin`; its master key is `registry.db.key` in the test's
/// directory (the harness's `CATOOL_MASTER_KEY`).
fn shared_registry(personal: usize) -> Env {
    let env = Env::postgres().onboard(true);
    env.ok(&["ca", "init", "--name", "CA", "--algo", "sm2"]);
    let n = personal.to_string();
    env.ok(&[
        "package",
        "buy",
        "--org",
        "1",
        "--enterprise-slots",
        "1",
        "--personal-slots",
        &n,
    ]);
    env.ok(&["package", "pay", "--package", "1"]);
    private(&env, "pin", "482915\n");
    private(&env, "bad", "000000\n");
    env
}

#[test]
fn eight_processes_on_two_machines_share_one_postgres_registry_without_collisions() {
    let env = shared_registry(10);
    for slot in 2..=9 {
        env.ok(&[
            "cert",
            "assign",
            "--slot",
            &slot.to_string(),
            "--owner",
            "李娜",
            "--holder",
            "李娜",
        ]);
    }
    let pin = p(&env, "pin");
    for slot in ["2", "3"] {
        env.ok(&["cert", "issue", "--slot", slot, "--pin-file", &pin]);
    }
    env.ok(&["seal", "make", "--kind", "official", "--org", "1"]);
    std::fs::write(env.path("doc.pdf"), pdf::make_pdf(&[pdf::a4(), pdf::a4()])).unwrap();
    let key = env.path("registry.db.key");
    let machines = [
        Machine::with_key(&env, "desk-a", &key),
        Machine::with_key(&env, "desk-b", &key),
    ];
    let before = env.json(&["log"]).as_array().unwrap().len();

    let mut jobs: Vec<Vec<String>> = Vec::new();
    for slot in 4..=7 {
        jobs.push(
            [
                "cert",
                "issue",
                "--slot",
                &slot.to_string(),
                "--pin-file",
                &pin,
            ]
            .map(String::from)
            .to_vec(),
        );
    }
    for cert in 1..=2 {
        jobs.push(
            [
                "cert",
                "reissue",
                "--cert",
                &cert.to_string(),
                "--new-pin-file",
                &pin,
            ]
            .map(String::from)
            .to_vec(),
        );
    }
    for i in 0..2 {
        let out = p(&env, &format!("out{i}.pdf"));
        jobs.push(
            [
                "pdf",
                "stamp",
                &p(&env, "doc.pdf"),
                "--out",
                &out,
                "--seal",
                "1",
                "--all",
                "--at",
                "100,100",
            ]
            .map(String::from)
            .to_vec(),
        );
    }
    let children: Vec<_> = jobs
        .iter()
        .enumerate()
        .map(|(i, args)| {
            machines[i % 2]
                .cmd(&env)
                .args(args)
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for (args, child) in jobs.iter().zip(children) {
        let out = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{args:?} failed: {err}");
    }
    let certs = env.json(&["cert", "list"]);
    let rows = certs.as_array().unwrap();
    let mut serials: Vec<&str> = rows.iter().filter_map(|r| r["serial"].as_str()).collect();
    let n = serials.len();
    serials.sort();
    serials.dedup();
    assert_eq!(serials.len(), n, "a serial was handed out twice");
    assert_eq!(n, 8, "2 issued + 2 replaced + 4 new");
    let used_twice = env.sqlite3(
        "SELECT count(*) FROM (SELECT slot_id FROM certs WHERE status <> 'superseded'
           AND slot_id IS NOT NULL GROUP BY slot_id HAVING count(*) > 1) t",
    );
    assert_eq!(used_twice.trim(), "0", "a slot has two live certificates");
    assert_eq!(env.json(&["log"]).as_array().unwrap().len(), before + 8);
    // Either machine verifies the whole history with its copy of the key.
    machines[1].ok(&env, &["log", "verify"]);
    for i in 0..2 {
        pdf::qpdf_check(&env.path(&format!("out{i}.pdf")));
    }
}

#[test]
fn two_hundred_parallel_wrong_pins_from_two_machines_count_at_most_five_and_lock() {
    let env = shared_registry(1);
    env.ok(&[
        "cert", "assign", "--slot", "2", "--owner", "李娜", "--holder", "李娜",
    ]);
    env.ok(&[
        "cert",
        "issue",
        "--slot",
        "2",
        "--pin-file",
        &p(&env, "pin"),
    ]);
    let key = env.path("registry.db.key");
    let machines = [
        Machine::with_key(&env, "desk-a", &key),
        Machine::with_key(&env, "desk-b", &key),
    ];
    let bad = p(&env, "bad");
    // In waves of 25 (the cluster's connection limit is 100).
    let mut refused = 0;
    let mut tried = 0;
    for wave in 0..8 {
        let children: Vec<_> = (0..25)
            .map(|i| {
                machines[(wave + i) % 2]
                    .cmd(&env)
                    .args(["cert", "verify-pin", "--cert", "1", "--pin-file", &bad])
                    .stdout(Stdio::null())
                    .stderr(Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for child in children {
            let out = child.wait_with_output().unwrap();
            assert!(!out.status.success());
            refused += 1;
            // "wrong PIN (密码错误)": the PIN was tried; a refusal untried says "locked".
            if String::from_utf8_lossy(&out.stderr).contains("密码错误") {
                tried += 1;
            }
        }
    }
    assert_eq!(refused, 200);
    let cert = env.json(&["cert", "show", "1"]);
    assert_eq!(cert["locked"], true, "{cert}");
    let counted: i64 = env
        .sqlite3("SELECT wrong_pins FROM certs WHERE id = 1")
        .trim()
        .parse()
        .unwrap();
    assert!(counted <= 5, "{counted} wrong PINs were counted");
    assert!(tried <= 5, "{tried} wrong PINs were tried");
    // The right PIN no longer opens it.
    let out = machines[0]
        .cmd(&env)
        .args([
            "cert",
            "verify-pin",
            "--cert",
            "1",
            "--pin-file",
            &p(&env, "pin"),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4));
    machines[0].ok(&env, &["log", "verify"]);
}

#[test]
fn a_machine_whose_master_key_is_not_the_registrys_is_refused_on_postgres() {
    let env = shared_registry(1);
    // Another registry's key (a file registry made on this "machine").
    let other = Env::new();
    other.ok(&["ca", "init", "--name", "Other", "--algo", "sm2"]);
    let intruder = Machine::with_key(&env, "desk-c", &other.path("registry.db.key"));
    let out = intruder
        .cmd(&env)
        .args(["person", "add", "--name", "周强", "--id-number", ID_OTHER])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(6), "{err}");
    assert!(err.contains("does not belong to this registry"), "{err}");
    let persons = env.json(&["person", "list"]);
    assert_eq!(
        persons.as_array().unwrap().len(),
        4,
        "the refused command wrote"
    );
}

#[test]
fn killing_a_batch_on_postgres_at_random_points_leaves_a_consistent_registry() {
    let env = shared_registry(12);
    batch_rows(&env, 2..=13, "王芳");
    kill_batches(&env, 12, 300);
    env.ok(&["log", "verify"]);
    assert_eq!(half_issued_slots(&env), "0", "a slot is half-issued");
    let _ = env.run(&["cert", "issue", "--batch", &p(&env, "rows.csv")]);
    let certs = env.json(&["cert", "list", "--status", "active"]);
    assert_eq!(certs.as_array().unwrap().len(), 12);
    assert_eq!(env.sqlite3("SELECT count(*) FROM certs").trim(), "12");
    let missing: Vec<u32> = (2..=13)
        .filter(|slot| !env.path(&format!("{slot}.p12")).exists())
        .collect();
    assert!(missing.is_empty(), "no PKCS#12 for slots {missing:?}");
    env.ok(&["log", "verify"]);
}

/// A connection the server drops while a command waits for the registry's write lock (a
/// server restart, an administrator's `pg_terminate_backend`): one line naming the server
/// and saying nothing was committed, no CRL file published, no event recorded.
#[test]
fn a_connection_dropped_mid_command_publishes_no_file_and_records_nothing() {
    let env = Env::postgres();
    env.ok(&["ca", "init", "--name", "Drop CA", "--algo", "sm2"]);
    let name = env.pg_name.clone().unwrap();
    let events = |env: &Env| env.json(&["log", "--limit", "0"]).as_array().unwrap().len();
    let before = events(&env);
    // The registry's write lock (`backend::pg::WRITE_LOCK`), held by "another catool".
    let mut holder = crate::common::pg::cluster().admin(&name);
    holder
        .batch_execute("SELECT pg_advisory_lock(1128354865)")
        .unwrap();
    let out = env.path("drop.crl");
    let mut child = env
        .cmd()
        .args(["crl", "--ca", "Drop CA", "--out"])
        .arg(&out)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut watcher = crate::common::pg::cluster().admin(&name);
    let start = std::time::Instant::now();
    let waiting: i32 = loop {
        let row = watcher
            .query_opt(
                "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND NOT granted
                   AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
                &[],
            )
            .unwrap();
        if let Some(row) = row {
            break row.get(0);
        }
        assert!(child.try_wait().unwrap().is_none(), "crl ended unblocked");
        assert!(
            start.elapsed().as_secs() < 30,
            "crl never waited for the lock"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    watcher
        .execute("SELECT pg_terminate_backend($1)", &[&waiting])
        .unwrap();
    let done = child.wait_with_output().unwrap();
    holder
        .batch_execute("SELECT pg_advisory_unlock(1128354865)")
        .unwrap();
    let err = String::from_utf8_lossy(&done.stderr);
    assert_eq!(done.status.code(), Some(6), "{err}");
    assert_eq!(
        err.lines().filter(|l| l.starts_with("error")).count(),
        1,
        "{err}"
    );
    assert!(
        err.contains("lost the connection") && err.contains(&name),
        "{err}"
    );
    assert!(!out.exists(), "a CRL was published");
    let left: Vec<String> = std::fs::read_dir(env.path(""))
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("drop.crl"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
    assert_eq!(events(&env), before, "an event was recorded");
}
