//! Outputs attacked *while* a command runs: the path that was checked is changed before the
//! output is put under its name. A directory of the output's path that is a symbolic link
//! is retargeted at the registry's directory after the check; a FIFO the command reads
//! (its PIN file, its seal image) makes the moment certain: the test writes it only after
//! the switch. Also: outputs that are not files at all (a FIFO, a device), and the SQLite
//! files beside a registry reached through a symbolic link.

use crate::common;

use std::io::Write;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use common::*;

/// As `attacks_outputs`: 李娜 holds certificate 1 (PIN 123456), a contract `doc.pdf`, a
/// red disc seal picture; `safe/` an empty directory and `dl` a symbolic link to it.
fn setup() -> Env {
    let env = Env::with_lina_certificate("测试CA", "sm2");
    let contract = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/contract.pdf");
    std::fs::copy(contract, env.path("doc.pdf")).unwrap();
    std::fs::create_dir(env.path("safe")).unwrap();
    symlink("safe", env.path("dl")).unwrap();
    env
}

fn mkfifo(path: &Path) {
    let made = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .unwrap();
    assert!(made.success(), "mkfifo {}", path.display());
}

/// The master key file: the one secret both backends keep beside the test's files.
fn master_key(env: &Env) -> PathBuf {
    env.path("registry.db.key")
}

/// Runs `cmd`; once it has opened `fifo` to read it (after checking its outputs), points
/// the link `link` at `target` (atomically, as an attacker would), then writes `fed` into
/// the FIFO.
fn run_retargeting(
    env: &Env,
    mut cmd: Command,
    fifo: &Path,
    link: &str,
    target: &Path,
    fed: &[u8],
) -> Output {
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // A FIFO's writing end opens (without waiting) once its reader has opened it: catool is
    // past its output check then. A command that stopped first never reads it.
    let writer = loop {
        use std::os::unix::fs::OpenOptionsExt;
        let opened = std::fs::OpenOptions::new()
            .write(true)
            .custom_flags(O_NONBLOCK)
            .open(fifo);
        match opened {
            Ok(w) => break Some(w),
            Err(_) if child.try_wait().unwrap().is_some() => break None,
            Err(_) => std::thread::sleep(std::time::Duration::from_millis(1)),
        }
    };
    let new_link = env.path(&format!("{link}.new"));
    symlink(target, &new_link).unwrap();
    std::fs::rename(&new_link, env.path(link)).unwrap();
    if let Some(mut w) = writer {
        let _ = w.write_all(fed);
    }
    child.wait_with_output().unwrap()
}

/// [`run_retargeting`] of catool with `args`, pointing `dl` at the test's own directory
/// (where the registry and its key are).
fn run_retargeting_dl(env: &Env, args: &[&str], fifo: &Path, fed: &[u8]) -> Output {
    let mut cmd = env.cmd();
    cmd.args(args);
    run_retargeting(env, cmd, fifo, "dl", &env.path(""), fed)
}

/// `O_NONBLOCK` (Linux): a FIFO's writing end then opens only if a reader is there.
const O_NONBLOCK: i32 = 0o4000;

/// `--as 李娜 [before…] pdf sign doc.pdf --cert 1 --pin-file PIN --out OUT --force`.
fn lina_signs(env: &Env, before: &[&str], pin_file: &str, out: &str) -> Vec<String> {
    let mut args: Vec<String> = ["--as", "李娜"].iter().map(|a| a.to_string()).collect();
    args.extend(before.iter().map(|a| a.to_string()));
    let doc = p(env, "doc.pdf");
    let pin = p(env, pin_file);
    let out = p(env, out);
    let sign = ["pdf", "sign", &doc, "--cert", "1", "--pin-file", &pin];
    args.extend(sign.iter().map(|a| a.to_string()));
    args.extend([String::from("--out"), out, String::from("--force")]);
    args
}

/// What the attack must leave: the master key as it was, every key still usable, and
/// nothing written anywhere: the directory is not the one checked any more, which catool
/// says (exit 5), and no temporary file is left in either directory.
fn assert_key_intact_and_nothing_written(env: &Env, before: &[u8], out: &Output) {
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        std::fs::read(master_key(env)).unwrap() == before,
        "the master key was replaced; catool said: {err}"
    );
    assert_eq!(out.status.code(), Some(5), "{err}");
    assert!(common::is_one_error(&err), "{err}");
    assert!(err.contains("not the one checked"), "{err}");
    assert_eq!(std::fs::read_dir(env.path("safe")).unwrap().count(), 0);
    let leftovers: Vec<_> = std::fs::read_dir(env.path(""))
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(".catool-"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
    env.ok(&["log", "verify"]);
}

#[test]
fn pdf_sign_force_through_a_directory_link_retargeted_mid_command_never_replaces_the_master_key() {
    let env = setup();
    let before = std::fs::read(master_key(&env)).unwrap();
    let fifo = env.path("pin.fifo");
    mkfifo(&fifo);
    let args = lina_signs(&env, &[], "pin.fifo", "dl/registry.db.key");
    let out = run_retargeting_dl(&env, &strs(&args), &fifo, b"123456\n");
    assert_key_intact_and_nothing_written(&env, &before, &out);
}

#[test]
fn pdf_stamp_force_through_a_directory_link_retargeted_mid_command_never_replaces_the_master_key() {
    let env = setup();
    let before = std::fs::read(master_key(&env)).unwrap();
    let fifo = env.path("seal.fifo");
    mkfifo(&fifo);
    let out = run_retargeting_dl(
        &env,
        &[
            "pdf",
            "stamp",
            &p(&env, "doc.pdf"),
            "--image",
            &p(&env, "seal.fifo"),
            "--out",
            &p(&env, "dl/registry.db.key"),
            "--at",
            "50,50",
            "--force",
        ],
        &fifo,
        &common::pdf::red_disc_png(200),
    );
    assert_key_intact_and_nothing_written(&env, &before, &out);
}

#[test]
fn a_fifo_as_output_is_refused_even_with_force() {
    let env = setup();
    let fifo = env.path("out.pem");
    mkfifo(&fifo);
    let out = p(&env, "out.pem");
    let err = env.fails(5, &["ca", "export", "1", "--out", &out, "--force"]);
    assert!(common::is_one_error(&err), "{err}");
    assert!(
        err.contains(&out) && err.contains("not a regular file"),
        "{err}"
    );
    let kind = std::fs::symlink_metadata(&fifo).unwrap().file_type();
    assert!(std::os::unix::fs::FileTypeExt::is_fifo(&kind));
}

#[test]
fn a_link_to_a_device_as_output_is_refused_even_with_force() {
    let env = setup();
    // Never the device itself: a test run as root must not replace /dev/null if this fails.
    let link = env.path("null.pem");
    symlink("/dev/null", &link).unwrap();
    let out = p(&env, "null.pem");
    let err = env.fails(5, &["ca", "export", "1", "--out", &out, "--force"]);
    assert!(err.contains("symbolic link"), "{err}");
    assert!(std::fs::symlink_metadata(&link).unwrap().is_symlink());
}

/// `--out /dev/stdout --force` with stdout redirected to a file: the link leads to a regular
/// file, and replacing the link (what a rename does) would replace /dev/stdout itself when
/// run as root. Any link, dangling or not, is refused and left as it is.
#[test]
fn a_link_as_output_is_refused_even_with_force_and_left_alone() {
    let env = setup();
    std::fs::write(env.path("mine.pem"), "mine").unwrap();
    symlink("mine.pem", env.path("to-file.pem")).unwrap();
    symlink("nowhere.pem", env.path("dangling.pem")).unwrap();
    for name in ["to-file.pem", "dangling.pem"] {
        let out = p(&env, name);
        let err = env.fails(5, &["ca", "export", "1", "--out", &out, "--force"]);
        assert!(common::is_one_error(&err), "{err}");
        assert!(err.contains(&out) && err.contains("symbolic link"), "{err}");
        assert!(
            std::fs::symlink_metadata(env.path(name))
                .unwrap()
                .is_symlink()
        );
    }
    assert_eq!(
        std::fs::read_to_string(env.path("mine.pem")).unwrap(),
        "mine"
    );
    assert!(!env.path("nowhere.pem").exists());
}

#[test]
fn the_as_pin_file_is_an_input_never_an_output() {
    let env = setup();
    let as_pin = env.path("aspin");
    write_secret(&as_pin, "123456\n");
    let aspin = p(&env, "aspin");
    let args = lina_signs(&env, &["--as-pin-file", &aspin], "pin", "aspin");
    let err = env.fails(5, &strs(&args));
    assert!(err.contains("--as-pin-file"), "{err}");
    assert_eq!(std::fs::read_to_string(&as_pin).unwrap(), "123456\n");
}

/// The registry and its key moved into `B/<sub>` (their key at `B/<sub>/<key>`), an empty
/// directory `A`, and a link `cur` to `A`: what an attacker who controls `cur` retargets at
/// `B` while the command waits for its PIN. Returns the key's bytes.
fn registry_in_b_behind_cur(env: &Env, sub: &str, key: &str) -> Vec<u8> {
    let dir = env.path("B").join(sub);
    std::fs::create_dir(env.path("A")).unwrap();
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::rename(env.path("registry.db"), dir.join("registry.db")).unwrap();
    std::fs::rename(env.path("registry.db.key"), dir.join(key)).unwrap();
    symlink("A", env.path("cur")).unwrap();
    std::fs::read(dir.join(key)).unwrap()
}

/// Runs 李娜's `pdf sign … --out B/<sub>/<key> --force` with `CATOOL_DB=db` and `more`
/// global arguments, retargeting `cur` at `B` mid-command; then the key must be intact, the
/// command failed (what it resolved first, in `A`, holds no registry or key), and the
/// registry in `B` verify.
fn sign_over_the_key_while_cur_moves(env: &Env, db: &str, more: &[&str], key_at: &str, key: &[u8]) {
    let fifo = env.path("pin.fifo");
    mkfifo(&fifo);
    let mut cmd = env.cmd();
    cmd.env("CATOOL_DB", env.path(db))
        .env_remove("CATOOL_MASTER_KEY")
        .args(lina_signs(env, more, "pin.fifo", key_at));
    let out = run_retargeting(env, cmd, &fifo, "cur", Path::new("B"), b"123456\n");
    assert!(
        std::fs::read(env.path(key_at)).unwrap() == key,
        "the key of the registry opened was replaced: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!out.status.success());
    let mut verify = env.cmd();
    verify
        .env(
            "CATOOL_DB",
            env.path(db).to_str().unwrap().replace("cur/", "B/"),
        )
        .env_remove("CATOOL_MASTER_KEY");
    if let Some(i) = more.iter().position(|a| *a == "--master-key") {
        verify.args(["--master-key", &more[i + 1].replace("cur/", "B/")]);
    }
    let verified = verify.args(["log", "verify"]).output().unwrap();
    assert!(verified.status.success(), "{verified:?}");
}

/// The registry reached through a directory link (`CATOOL_DB=cur/registry.db`) that is
/// retargeted while the command waits for its PIN: the registry and key opened are the ones
/// the outputs were checked against, so another directory's key is never "just an output".
#[test]
fn a_registry_directory_link_retargeted_mid_command_never_exposes_the_registry_opened() {
    let env = setup();
    let key = registry_in_b_behind_cur(&env, "", "registry.db.key");
    sign_over_the_key_while_cur_moves(&env, "cur/registry.db", &[], "B/registry.db.key", &key);
}

/// As above, the registry's directory not existing yet where the link first points (a
/// directory that does not resolve is no reason to leave the links above it unresolved).
#[test]
fn a_registry_link_above_a_missing_directory_retargeted_mid_command_exposes_nothing() {
    let env = setup();
    let key = registry_in_b_behind_cur(&env, "sub", "registry.db.key");
    let (db, key_at) = ("cur/sub/registry.db", "B/sub/registry.db.key");
    sign_over_the_key_while_cur_moves(&env, db, &[], key_at, &key);
}

/// `--master-key` through a directory link retargeted mid-command: the key read is the one
/// resolved (and protected) first.
#[test]
fn a_master_key_directory_link_retargeted_mid_command_exposes_nothing() {
    let env = setup();
    let key = registry_in_b_behind_cur(&env, "", "registry.db.key");
    let master = p(&env, "cur/registry.db.key");
    let more = ["--master-key", master.as_str()];
    sign_over_the_key_while_cur_moves(&env, "B/registry.db", &more, "B/registry.db.key", &key);
}

/// The key beside the registry a symbolic link through a directory link retargeted
/// mid-command: the key's own link is followed when it is pinned, not when it is read.
#[test]
fn a_master_key_that_is_a_link_through_a_retargeted_directory_exposes_nothing() {
    let env = setup();
    let key = registry_in_b_behind_cur(&env, "", "key");
    std::fs::rename(env.path("B/registry.db"), env.path("registry.db")).unwrap();
    symlink("cur/key", env.path("registry.db.key")).unwrap();
    let fifo = env.path("pin.fifo");
    mkfifo(&fifo);
    let mut cmd = env.cmd();
    cmd.env("CATOOL_DB", env.path("registry.db"))
        .env_remove("CATOOL_MASTER_KEY")
        .args(lina_signs(&env, &[], "pin.fifo", "B/key"));
    let out = run_retargeting(&env, cmd, &fifo, "cur", Path::new("B"), b"123456\n");
    assert!(
        std::fs::read(env.path("B/key")).unwrap() == key,
        "the key read was replaced: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!out.status.success());
    env.ok(&["log", "verify"]);
}

#[test]
fn registry_copy_never_writes_into_the_registry_files() {
    let env = setup();
    for name in ["registry.db-wal", "registry.db-shm", "registry.db.key"] {
        let err = env.fails(
            5,
            &[
                "registry",
                "copy",
                "--from",
                &env.db_arg(),
                "--to",
                &p(&env, name),
            ],
        );
        assert!(err.contains(&p(&env, name)), "{err}");
    }
    env.ok(&["log", "verify"]);
}

#[test]
fn the_demo_refuses_a_directory_that_is_not_empty() {
    let env = setup();
    std::fs::create_dir(env.path("work")).unwrap();
    std::fs::write(env.path("work/contract.pdf"), "MY CONTRACT").unwrap();
    let err = env.fails(4, &["demo", "--dir", &p(&env, "work")]);
    assert!(err.contains("not empty"), "{err}");
    assert_eq!(
        std::fs::read_to_string(env.path("work/contract.pdf")).unwrap(),
        "MY CONTRACT"
    );
}

/// `CATOOL_DB` a symbolic link to the registry in another directory: SQLite keeps the WAL
/// and shared memory beside the file the link leads to, so those are what is protected.
#[test]
fn the_wal_beside_a_registry_reached_through_a_link_is_refused_as_output() {
    let env = setup();
    std::fs::create_dir(env.path("real")).unwrap();
    std::fs::rename(&env.db, env.path("real/registry.db")).unwrap();
    symlink("real/registry.db", &env.db).unwrap();
    // The key beside the file too: another command naming the file directly uses it.
    for name in [
        "real/registry.db-wal",
        "real/registry.db-shm",
        "real/registry.db.key",
    ] {
        let out = p(&env, name);
        let o = env
            .cmd()
            .args(["ca", "export", "1", "--out", &out, "--force"])
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(5), "{err}");
        assert!(err.contains(&out) && err.contains("registry"), "{err}");
    }
    env.ok(&["log", "verify"]);
}

/// A CRL URL whose file name is the registry's WAL, published into the registry's own
/// directory: refused when it is set (every later `crl` would be refused, and the CA's
/// revocations never published), and nothing about the CA changes.
#[test]
fn a_crl_publication_onto_the_registry_files_is_refused_when_it_is_set() {
    let env = setup();
    let before = env.json(&["ca", "show", "1"]);
    for url in [
        "http://crl.example.cn/registry.db-wal",
        "http://crl.example.cn/registry.db.key",
    ] {
        let err = env.fails(
            5,
            &[
                "ca",
                "set",
                "1",
                "--crl-url",
                url,
                "--crl-dir",
                &p(&env, ""),
            ],
        );
        assert!(err.contains("--crl-dir"), "{err}");
    }
    assert_eq!(env.json(&["ca", "show", "1"]), before);
    env.ok(&["crl"]);
    env.ok(&["log", "verify"]);
}

/// An output that cannot be written (here: over the file size limit, as on a full disk)
/// names the output, not the input, and leaves no temporary file.
#[test]
fn a_failed_write_names_the_output_and_leaves_nothing() {
    let env = setup();
    std::fs::write(env.path("s.png"), common::pdf::red_disc_png(200)).unwrap();
    let out = p(&env, "safe/out.pdf");
    let stamp = [
        "pdf",
        "stamp",
        &p(&env, "doc.pdf"),
        "--image",
        &p(&env, "s.png"),
        "--at",
        "50,50",
        "--out",
        &out,
    ];
    // Ignoring SIGXFSZ makes a write past the limit fail with EFBIG instead of killing.
    let limited = std::process::Command::new("bash")
        .arg("-c")
        .arg("trap '' XFSZ; ulimit -f 2; exec \"$0\" \"$@\"")
        .arg(env!("CARGO_BIN_EXE_catool"))
        .args(stamp)
        .env("CATOOL_DB", env.db_arg())
        .env_remove("CATOOL_LANG")
        .env_remove("LANG")
        .env_remove("LC_ALL")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&limited.stderr);
    assert_eq!(limited.status.code(), Some(5), "{err}");
    assert!(common::is_one_error(&err), "{err}");
    assert!(
        err.starts_with(&format!("error: cannot write {out}")),
        "{err}"
    );
    assert_eq!(std::fs::read_dir(env.path("safe")).unwrap().count(), 0);
}

/// `registry copy` of the test's registry `--to <to>`, its master key read from a FIFO
/// (0600, as catool requires): the command, the FIFO, and the key's bytes to feed it.
fn registry_copy_reading_the_key_from_a_fifo(env: &Env, to: &str) -> (Command, PathBuf, Vec<u8>) {
    let key = std::fs::read(master_key(env)).unwrap();
    let fifo = env.path("key.fifo");
    mkfifo(&fifo);
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&fifo, std::fs::Permissions::from_mode(0o600)).unwrap();
    let mut cmd = env.cmd();
    cmd.env_remove("CATOOL_MASTER_KEY").args([
        "--master-key",
        &p(env, "key.fifo"),
        "registry",
        "copy",
        "--from",
        &env.db_arg(),
        "--to",
        &p(env, to),
    ]);
    (cmd, fifo, key)
}

/// `registry copy --to dl/registry.db-wal`, `dl` retargeted at the registry's directory
/// while the copy reads the source's master key from a FIFO: the copy goes where the check
/// looked, never into the live WAL of the registry being copied.
#[test]
fn registry_copy_through_a_directory_link_retargeted_mid_command_writes_where_checked() {
    let env = setup();
    let (cmd, fifo, key) = registry_copy_reading_the_key_from_a_fifo(&env, "dl/registry.db-wal");
    let out = run_retargeting(&env, cmd, &fifo, "dl", &env.path(""), &key);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    let copy = std::fs::read(env.path("safe/registry.db-wal")).unwrap();
    assert!(
        copy.starts_with(b"SQLite format 3\0"),
        "no copy where it was checked"
    );
    env.ok(&["log", "verify"]);
}

/// `registry copy --to safe/new.db`, a link to the live WAL of the registry being copied
/// planted at that name while the copy reads the source's key from a FIFO: never followed
/// (the copy into the WAL would be exit 0 and a full copy of the registry sitting in it).
#[test]
fn registry_copy_never_follows_a_link_planted_at_the_target_mid_command() {
    let env = setup();
    let (cmd, fifo, key) = registry_copy_reading_the_key_from_a_fifo(&env, "safe/new.db");
    let wal = Path::new("../registry.db-wal");
    let out = run_retargeting(&env, cmd, &fifo, "safe/new.db", wal, &key);
    assert!(
        !out.status.success(),
        "the copy followed the planted link: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    // Said as what it is, not as a directory that is not writable (from a PostgreSQL
    // registry the new file is created first, and that creation finds the link there).
    let err = String::from_utf8_lossy(&out.stderr);
    let said = if common::on_postgres() {
        "File exists"
    } else {
        "is now a symbolic link"
    };
    assert!(err.contains(said), "{err}");
    assert!(
        std::fs::symlink_metadata(env.path("safe/new.db"))
            .unwrap()
            .is_symlink()
    );
    env.ok(&["log", "verify"]);
}
