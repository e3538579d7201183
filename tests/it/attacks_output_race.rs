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
use std::process::{Output, Stdio};

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

/// Runs catool with `args`; once it has opened `fifo` to read it (after checking its
/// outputs), points `dl` at the test's own directory (where the registry and its key are),
/// then writes `fed` into the FIFO.
fn run_retargeting_dl(env: &Env, args: &[&str], fifo: &Path, fed: &[u8]) -> Output {
    let child = env
        .cmd()
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Opening a FIFO's writing end waits for its reader: catool is past its output check.
    let mut writer = std::fs::OpenOptions::new().write(true).open(fifo).unwrap();
    let new_link = env.path("dl.new");
    symlink(env.path(""), &new_link).unwrap();
    std::fs::rename(&new_link, env.path("dl")).unwrap();
    writer.write_all(fed).unwrap();
    drop(writer);
    child.wait_with_output().unwrap()
}

/// What the attack must leave: the master key as it was, every key still usable, the output
/// in the directory that was checked.
fn assert_key_intact_and_output_in_safe(env: &Env, before: &[u8], out: &Output, magic: &[u8]) {
    assert!(
        std::fs::read(master_key(env)).unwrap() == before,
        "the master key was replaced; catool said: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let written = std::fs::read(env.path("safe/registry.db.key")).unwrap();
    assert!(written.starts_with(magic), "not the command's output");
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
    let out = run_retargeting_dl(
        &env,
        &[
            "--as",
            "李娜",
            "pdf",
            "sign",
            &p(&env, "doc.pdf"),
            "--out",
            &p(&env, "dl/registry.db.key"),
            "--cert",
            "1",
            "--pin-file",
            &p(&env, "pin.fifo"),
            "--force",
        ],
        &fifo,
        b"123456\n",
    );
    assert_key_intact_and_output_in_safe(&env, &before, &out, b"%PDF");
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
    assert_key_intact_and_output_in_safe(&env, &before, &out, b"%PDF");
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
    assert!(err.contains("not a regular file"), "{err}");
    assert!(std::fs::symlink_metadata(&link).unwrap().is_symlink());
}

#[test]
fn a_dangling_link_as_output_is_written_with_force() {
    let env = setup();
    symlink("nowhere.pem", env.path("dangling.pem")).unwrap();
    env.ok(&[
        "ca",
        "export",
        "1",
        "--out",
        &p(&env, "dangling.pem"),
        "--force",
    ]);
    let pem = std::fs::read_to_string(env.path("dangling.pem")).unwrap();
    assert!(pem.starts_with("-----BEGIN CERTIFICATE-----"), "{pem}");
}

/// `CATOOL_DB` a symbolic link to the registry in another directory: SQLite keeps the WAL
/// and shared memory beside the file the link leads to, so those are what is protected.
#[test]
fn the_wal_beside_a_registry_reached_through_a_link_is_refused_as_output() {
    let env = setup();
    std::fs::create_dir(env.path("real")).unwrap();
    std::fs::rename(&env.db, env.path("real/registry.db")).unwrap();
    symlink("real/registry.db", &env.db).unwrap();
    for name in ["real/registry.db-wal", "real/registry.db-shm"] {
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
