//! A real PostgreSQL server for the tests (issue 18): one throwaway cluster per test process,
//! started on first use by tests/pg/cluster.sh (initdb + pg_ctl in a temp dir, a Unix socket
//! only), and a fresh database per test. The script stops the cluster and removes its
//! directory when this process's end of a pipe closes, which the kernel does however the
//! process ends — a failed test, a panic, SIGKILL.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Mutex, OnceLock};

pub struct Cluster {
    socket_dir: PathBuf,
    /// Held, never written: closing it (at exit) stops the cluster.
    _keepalive: Mutex<(Child, ChildStdin)>,
}

/// The cluster of this test process, started on first use.
pub fn cluster() -> &'static Cluster {
    static CLUSTER: OnceLock<Cluster> = OnceLock::new();
    CLUSTER.get_or_init(start)
}

fn start() -> Cluster {
    let (socket_dir, child, stdin) = spawn_cluster();
    Cluster {
        socket_dir,
        _keepalive: Mutex::new((child, stdin)),
    }
}

/// Starts a cluster with tests/pg/cluster.sh: its directory (the socket's too), the script,
/// and the script's input, whose closing stops the cluster and removes the directory.
pub fn spawn_cluster() -> (PathBuf, Child, ChildStdin) {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/pg/cluster.sh");
    // Kept by the script (it removes the directory when it stops): not a TempDir.
    let dir = tempfile::Builder::new()
        .prefix("catool-pg-")
        .tempdir()
        .expect("temp dir for the PostgreSQL cluster")
        .keep();
    let mut child = Command::new("bash")
        .arg(&script)
        .arg(&dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("run tests/pg/cluster.sh");
    let stdin = child.stdin.take().expect("cluster stdin");
    let stdout = child.stdout.take().expect("cluster stdout");
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .expect("read the cluster's ready line");
    assert!(
        line.starts_with("ready "),
        "the PostgreSQL cluster did not start (is PostgreSQL installed? run .ci/deps): {line:?}"
    );
    (dir, child, stdin)
}

impl Cluster {
    pub fn socket_dir(&self) -> &Path {
        &self.socket_dir
    }

    /// `--db` for `user` (with `password`, if any) on database `db`, over the socket.
    pub fn url(&self, user: &str, password: Option<&str>, db: &str) -> String {
        let login = match password {
            Some(p) => format!("{user}:{p}"),
            None => user.to_string(),
        };
        format!(
            "postgres://{login}@/{db}?host={}&sslmode=disable",
            self.socket_dir.display()
        )
    }

    /// A connection as the superuser, for setting a test up.
    pub fn admin(&self, db: &str) -> postgres::Client {
        postgres::Config::new()
            .host_path(&self.socket_dir)
            .user("postgres")
            .dbname(db)
            .connect(postgres::NoTls)
            .expect("connect to the test cluster as postgres")
    }

    /// Runs `sql` (several statements allowed) as the superuser in `db`.
    pub fn run(&self, db: &str, sql: &str) {
        self.admin(db)
            .batch_execute(sql)
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
    }

    /// A new empty database, owned by `owner` (created as a login role if missing).
    pub fn database_for(&self, owner: &str) -> String {
        static N: AtomicU32 = AtomicU32::new(0);
        let name = format!(
            "t{}_{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        );
        self.run(
            "postgres",
            &format!(
                "DO $$ BEGIN
                     IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{owner}') THEN
                         CREATE ROLE {owner} LOGIN;
                     END IF;
                 END $$;"
            ),
        );
        self.run("postgres", &format!("CREATE DATABASE {name} OWNER {owner}"));
        name
    }

    /// A new empty database owned by the superuser, and its `--db` URL.
    pub fn database(&self) -> (String, String) {
        let name = self.database_for("postgres");
        let url = self.url("postgres", None, &name);
        (name, url)
    }
}
