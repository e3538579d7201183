//! Test harness: runs the real `catool` binary against a throwaway registry.
#![allow(dead_code)]

pub mod bc;
pub mod contract;
pub mod pdf;
pub mod pg;
pub mod tamper;
pub mod tsa;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

pub const BIN: &str = env!("CARGO_BIN_EXE_catool");

/// Whether registry-touching tests run against PostgreSQL (`CATOOL_TEST_BACKEND=postgres`):
/// each [`Env`] then gets a fresh database on the throwaway cluster (`pg::cluster`).
pub fn on_postgres() -> bool {
    std::env::var("CATOOL_TEST_BACKEND").is_ok_and(|v| v == "postgres")
}

/// Valid sample identifiers (check characters computed per GB 32100-2015 / GB 11643-1999).
pub const USCC_A: &str = "91110108MA01ABCD1E";
pub const USCC_B: &str = "91310115MA1K4XYW21";
pub const ID_ADMIN: &str = "110108198503120011";
pub const ID_MEMBER1: &str = "110108199007050020";
pub const ID_MEMBER2: &str = "310115199202180032";
pub const ID_OTHER: &str = "440305198801010046";
pub const ID_LEGAL_REP: &str = "110108197506200055";

pub struct Env {
    pub dir: tempfile::TempDir,
    /// The registry file; with `CATOOL_TEST_BACKEND=postgres`, where its master key's name
    /// comes from (`registry.db.key`, as for a file) while the registry is `pg`.
    pub db: PathBuf,
    /// `--db` of a fresh database on the test cluster, when the tests run against PostgreSQL
    /// (`CATOOL_TEST_BACKEND=postgres`, see [`on_postgres`]).
    pub pg: Option<String>,
    /// The database's name on the cluster, with `pg`.
    pub pg_name: Option<String>,
    /// `CATOOL_AS_PIN` for every command (see [`Env::prove_actors_with`]).
    as_pin: std::sync::Mutex<Option<String>>,
}

impl Env {
    /// A new registry on the backend the tests run against ([`on_postgres`]).
    pub fn new() -> Env {
        Env::with_backend(on_postgres())
    }

    /// Where this test's registry is, for opening it in process: the file, or the database.
    pub fn location(&self) -> catool::registry::backend::Location {
        let db = match &self.pg {
            Some(url) => std::ffi::OsString::from(url),
            None => self.db.clone().into_os_string(),
        };
        catool::registry::backend::Location::parse(&db).unwrap()
    }

    /// A new registry file, whatever the tests run against.
    pub fn sqlite() -> Env {
        Env::with_backend(false)
    }

    /// A new registry in a fresh PostgreSQL database, whatever the tests run against.
    pub fn postgres() -> Env {
        Env::with_backend(true)
    }

    fn with_backend(postgres: bool) -> Env {
        let dir = tempfile::tempdir().expect("tempdir");
        let db = dir.path().join("registry.db");
        let (pg_name, pg) = match postgres.then(|| pg::cluster().database()) {
            Some((name, url)) => (Some(name), Some(url)),
            None => (None, None),
        };
        Env {
            dir,
            db,
            pg,
            pg_name,
            as_pin: std::sync::Mutex::new(None),
        }
    }

    /// `--db` for this registry: the file, or the PostgreSQL URL.
    pub fn db_arg(&self) -> String {
        match &self.pg {
            Some(url) => url.clone(),
            None => self.db.display().to_string(),
        }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn cmd(&self) -> Command {
        let mut c = Command::new(BIN);
        match &self.pg {
            Some(url) => c
                .env("CATOOL_DB", url)
                .env("CATOOL_MASTER_KEY", self.path("registry.db.key")),
            None => c.env("CATOOL_DB", &self.db).env_remove("CATOOL_MASTER_KEY"),
        };
        c.env_remove("CATOOL_ACTOR")
            .env_remove("CATOOL_AS_PIN")
            .env_remove("CATOOL_NOW")
            // Messages in English unless a test asks for another language.
            .env_remove("CATOOL_LANG")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env_remove("LANG");
        if let Some(pin) = self
            .as_pin
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .as_deref()
        {
            c.env("CATOOL_AS_PIN", pin);
        }
        c
    }

    /// Runs catool with `args`; returns the output whatever the exit code.
    pub fn run(&self, args: &[&str]) -> Output {
        self.cmd().args(args).output().expect("run catool")
    }

    /// Runs catool and requires success.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "catool {args:?} failed ({:?}):\nstdout: {}\nstderr: {}",
            out.status.code(),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Runs catool with `--json` and requires success; returns parsed stdout.
    pub fn json(&self, args: &[&str]) -> Value {
        let mut all = vec!["--json"];
        all.extend_from_slice(args);
        let stdout = self.ok(&all);
        serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("bad JSON ({e}): {stdout}"))
    }

    /// Runs catool, requires exit code `code`; returns stderr.
    pub fn fails(&self, code: i32, args: &[&str]) -> String {
        let out = self.run(args);
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert_eq!(
            out.status.code(),
            Some(code),
            "catool {args:?}: expected exit {code}\nstdout: {}\nstderr: {stderr}",
            String::from_utf8_lossy(&out.stdout)
        );
        stderr
    }

    /// A registry with an administrator (person 1), two members (2, 3), an outsider (4),
    /// and enterprise 1 (authorized when `authorized`).
    pub fn onboarded(authorized: bool) -> Env {
        Env::new().onboard(authorized)
    }

    /// [`Env::onboarded`] on this registry.
    pub fn onboard(self, authorized: bool) -> Env {
        let env = self;
        for (name, id) in [
            ("张伟", ID_ADMIN),
            ("李娜", ID_MEMBER1),
            ("王芳", ID_MEMBER2),
            ("陈明", ID_OTHER),
        ] {
            env.ok(&["person", "add", "--name", name, "--id-number", id]);
        }
        env.ok(&[
            "org",
            "add",
            "--name",
            "北京云签科技有限公司",
            "--uscc",
            USCC_A,
            "--legal-rep",
            "赵建国",
            "--legal-rep-id",
            ID_LEGAL_REP,
            "--admin",
            "1",
        ]);
        env.ok(&["org", "member", "add", "--org", "1", "--person", "2"]);
        env.ok(&["org", "member", "add", "--org", "1", "--person", "3"]);
        if authorized {
            env.ok(&["org", "authorize", "--org", "1", "--method", "face"]);
        }
        env
    }

    /// An onboarded registry (see [`Env::onboarded`]) with CA `ca` (`algo`), a paid package
    /// (slot 1 enterprise, 2 and 3 personal) and certificate 1 issued on slot 2 to 李娜 (owner
    /// and holder) with PIN 123456 in the 0600 file `pin`.
    pub fn with_lina_certificate(ca: &str, algo: &str) -> Env {
        Env::onboarded(true).issue_lina_certificate(ca, algo)
    }

    /// [`Env::with_lina_certificate`] on this onboarded registry.
    pub fn issue_lina_certificate(self, ca: &str, algo: &str) -> Env {
        let env = self;
        env.ok(&["ca", "init", "--name", ca, "--algo", algo]);
        env.ok(&["package", "buy", "--org", "1"]);
        env.ok(&["package", "pay", "--package", "1"]);
        write_secret(&env.path("pin"), "123456\n");
        env.ok(&[
            "cert", "assign", "--slot", "2", "--owner", "李娜", "--holder", "李娜",
        ]);
        let pin = env.path("pin");
        env.ok(&[
            "cert",
            "issue",
            "--slot",
            "2",
            "--pin-file",
            pin.to_str().unwrap(),
        ]);
        env
    }

    /// Runs the sqlite3 shell on the registry (the tool an attacker or a curious admin uses).
    /// Runs `sql` on the registry (`sqlite3` on the file; on PostgreSQL as the superuser,
    /// rows printed as sqlite3 prints them: columns joined by `|`, one row a line).
    pub fn sqlite3(&self, sql: &str) -> String {
        if let Some(name) = &self.pg_name {
            let mut out = String::new();
            let messages = pg::cluster()
                .admin(name)
                .simple_query(sql)
                .unwrap_or_else(|e| panic!("{sql}: {e}"));
            for m in messages {
                if let postgres::SimpleQueryMessage::Row(r) = m {
                    let cols: Vec<&str> = (0..r.len()).map(|i| r.get(i).unwrap_or("")).collect();
                    out.push_str(&cols.join("|"));
                    out.push('\n');
                }
            }
            return out;
        }
        require_tool("sqlite3", "apt-get install sqlite3");
        let out = Command::new("sqlite3")
            .arg(&self.db)
            .arg(sql)
            .output()
            .expect("run sqlite3");
        assert!(
            out.status.success(),
            "sqlite3 failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }
}

/// Fails loudly (never skips) when an external tool the test needs is missing.
/// A failure's stderr is one error line, followed at most by its hint line and its rule
/// line (typed errors, issue 16): nothing a quoted value carries can add a line.
pub fn is_one_error(stderr: &str) -> bool {
    let mut lines = stderr.trim_end().lines();
    let first_ok = lines.next().is_some_and(|l| l.starts_with("error: "));
    let rest: Vec<&str> = lines.collect();
    first_ok
        && rest.len() <= 2
        && rest
            .iter()
            .all(|l| l.starts_with("hint: ") || l.starts_with("rule D"))
}

pub fn require_tool(name: &str, install_hint: &str) {
    let found = std::env::var_os("PATH")
        .map(|paths| std::env::split_paths(&paths).any(|d| d.join(name).is_file()))
        .unwrap_or(false);
    assert!(
        found,
        "this test needs `{name}` on PATH; install it ({install_hint}) or run .ci/deps"
    );
}

pub fn file_exists(p: &Path) -> bool {
    p.exists()
}

/// Writes a secret file (a PIN, a password) the way a careful operator does: 0600, so catool
/// does not warn that others may read it.
pub fn write_secret(path: &Path, contents: &str) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::write(path, contents).expect("write secret file");
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)).expect("chmod 600");
}

impl Env {
    /// Gives `person` (a member of enterprise `org`) a certificate of their own so they can
    /// prove `--as`: a CA if there is none, a new paid package of `org`, its first personal
    /// slot assigned to them and issued with PIN 123456 (the tests' usual PIN, so that one
    /// `CATOOL_AS_PIN` proves everyone: [`Env::prove_actors_with`]). Returns the certificate's id and
    /// the 0600 PIN file's path (for `--as-pin-file`).
    pub fn certify(&self, person: &str, org: &str) -> (i64, String) {
        if self
            .json(&["ca", "list"])
            .as_array()
            .is_none_or(|a| a.is_empty())
        {
            self.ok(&["ca", "init", "--name", "Actor CA", "--algo", "sm2"]);
        }
        let package = self.json(&["package", "buy", "--org", org])["id"]
            .as_i64()
            .expect("package id");
        let paid = self.json(&["package", "pay", "--package", &package.to_string()]);
        let slot = paid["slots"]
            .as_array()
            .expect("slots")
            .iter()
            .find(|s| s["kind"] == "personal" && s["state"] == "unassigned")
            .and_then(|s| s["id"].as_i64())
            .expect("a free personal slot");
        let slot = slot.to_string();
        self.ok(&[
            "cert", "assign", "--slot", &slot, "--owner", person, "--holder", person,
        ]);
        let pin = self.path(&format!("as-pin-{slot}"));
        write_secret(&pin, "123456\n");
        let pin = pin.to_str().expect("utf-8 path").to_string();
        let issued = self.json(&["cert", "issue", "--slot", &slot, "--pin-file", &pin]);
        let id = issued["cert"]["id"]
            .as_i64()
            .or_else(|| issued["id"].as_i64())
            .expect("certificate id");
        (id, pin)
    }
}

impl Env {
    /// Every later command gets `CATOOL_AS_PIN=pin`: each person acting with `--as` proves
    /// it with their one usable certificate (all issued with this PIN).
    pub fn prove_actors_with(&self, pin: &str) {
        *self.as_pin.lock().unwrap_or_else(|e| e.into_inner()) = Some(pin.to_string());
    }

    /// Makes 陈明 (person 4, outside enterprise 1) the administrator of enterprise 2 and
    /// gives him a certificate there, so he can prove `--as 陈明`; returns his PIN file.
    pub fn outsider_with_certificate(&self) -> String {
        self.ok(&[
            "org",
            "add",
            "--name",
            "上海测试贸易有限公司",
            "--uscc",
            USCC_B,
            "--legal-rep",
            "陈明",
            "--legal-rep-id",
            ID_OTHER,
            "--admin",
            "陈明",
        ]);
        self.ok(&["org", "authorize", "--org", "2", "--method", "face"]);
        self.certify("陈明", "2").1
    }
}

/// `env.path(name)` as a command-line argument.
pub fn p(env: &Env, name: &str) -> String {
    env.path(name).to_string_lossy().into_owned()
}

/// Borrowed views of owned arguments (for [`Env::ok`] and friends).
pub fn strs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

/// Runs `args` as if `days` days from now (the debug build's `CATOOL_NOW`); must succeed.
pub fn days_later(env: &Env, days: i64, args: &[&str]) -> String {
    let later = (chrono::Utc::now() + chrono::Duration::days(days)).to_rfc3339();
    let out = env
        .cmd()
        .env("CATOOL_NOW", later)
        .args(args)
        .output()
        .expect("run catool");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Assigns slots `slots` to `person` (owner and holder) and writes `rows.csv` for a batch
/// issuance: one row a slot, the PIN file `pin`, the PKCS#12 `SLOT.p12` (relative to the
/// CSV's directory, the test's).
pub fn batch_rows(env: &Env, slots: std::ops::RangeInclusive<u32>, person: &str) {
    let mut csv = String::from("slot,pin_file,p12\n");
    for slot in slots {
        let s = slot.to_string();
        env.ok(&[
            "cert", "assign", "--slot", &s, "--owner", person, "--holder", person,
        ]);
        csv.push_str(&format!("{slot},pin,{slot}.p12\n"));
    }
    std::fs::write(env.path("rows.csv"), csv).unwrap();
}

/// Runs `cert issue --batch rows.csv --jobs 2` `runs` times, killing it with SIGKILL after
/// a pseudo-random delay below `max_ms` each time (xorshift64 from a fixed seed: the same
/// kill points on every run; each run skips the rows done before, so the kills move through
/// the whole batch).
pub fn kill_batches(env: &Env, runs: usize, max_ms: u64) {
    let mut seed = 0x2545_f491_u64;
    for _ in 0..runs {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let mut child = env
            .cmd()
            .args([
                "cert",
                "issue",
                "--batch",
                &p(env, "rows.csv"),
                "--jobs",
                "2",
            ])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(seed % max_ms));
        let _ = child.kill();
        let _ = child.wait();
        eprintln!(
            "killed after {} ms: {} certificates",
            seed % max_ms,
            env.sqlite3("SELECT count(*) FROM certs;").trim()
        );
    }
}

/// How many used slots have not exactly one certificate with its body and sealed key.
pub fn half_issued_slots(env: &Env) -> String {
    env.sqlite3(
        "SELECT count(*) FROM slots s WHERE s.state = 'used' AND
           (SELECT count(*) FROM certs c WHERE c.slot_id = s.id AND length(c.key_sealed) > 0
              AND length(c.cert_der) > 0) <> 1;",
    )
    .trim()
    .to_string()
}
