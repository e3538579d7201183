//! Issue 12, items 4, 5 and 8, tried as an attacker with a shell on the operator's machine:
//! racing the PIN lockout, using a PIN oracle before authorization, and weak or silent
//! handling of secrets (PKCS#12 protection, KDF floor, exports of unusable keys, core dumps,
//! unbounded reads, readable secret files). Each test is one behaviour, against the real
//! binary.

use crate::common;

use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::*;
use serde_json::Value;

/// A secret file the way a careful operator writes it: owner-only.
fn secret(env: &Env, name: &str, content: &str) -> String {
    write_secret(&env.path(name), content);
    p(env, name)
}

/// Enterprise 1 with an RSA CA and a paid package; 李娜 (person 2) holds certificate 1
/// (PIN 123456) and has her name seal 1 assigned to it; 陈明 (person 4) is no member.
/// Files: `pin` (right), `bad` (wrong), `doc.pdf`.
fn setup() -> Env {
    let env = Env::with_lina_certificate("RSA CA", "rsa2048");
    secret(&env, "bad", "000000\n");
    env.ok(&["seal", "make", "--kind", "name", "--person", "李娜"]);
    env.ok(&["seal", "assign", "--seal", "1", "--cert", "1"]);
    // 陈明, outside enterprise 1, proves who he is with a certificate of his own elsewhere.
    let chen = env.outsider_with_certificate();
    std::fs::copy(chen, env.path("chen.pin")).unwrap();
    let contract = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/contract.pdf");
    std::fs::copy(contract, env.path("doc.pdf")).unwrap();
    env
}

fn cert(env: &Env) -> Value {
    env.json(&["cert", "show", "1"])
}

fn events(env: &Env) -> Vec<Value> {
    let mut all = env
        .json(&["log", "--cert", "1"])
        .as_array()
        .unwrap()
        .clone();
    all.sort_by_key(|e| e["seq"].as_i64().unwrap_or(0));
    all
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

// ---- item 4: a lockout that holds under a race ---------------------------------------------

/// What one racing process did.
struct Attempt {
    right: bool,
    out: PathBuf,
    output: Output,
}

/// Starts `n` processes that each read their PIN from stdin (so all are running, past
/// parsing, before any PIN arrives), then feeds the PINs in order: the right one at
/// `right_at`, wrong ones elsewhere.
fn race(env: &Env, n: usize, right_at: usize, args: impl Fn(&str) -> Vec<String>) -> Vec<Attempt> {
    let mut children: Vec<(bool, PathBuf, Child)> = (0..n)
        .map(|i| {
            let out = env.path(&format!("race-{i}.out"));
            let child = env
                .cmd()
                .args(args(&out.to_string_lossy()))
                .stdin(Stdio::piped())
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap();
            (i == right_at, out, child)
        })
        .collect();
    for (right, _, child) in &mut children {
        let pin = if *right { "123456\n" } else { "000000\n" };
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(pin.as_bytes()).unwrap();
    }
    children
        .into_iter()
        .map(|(right, out, child)| Attempt {
            right,
            out,
            output: child.wait_with_output().unwrap(),
        })
        .collect()
}

/// The lockout held: at most 5 wrong PINs were tried for the lock (up to 4 more only when
/// the right PIN came through before it and reset the count), the certificate is locked,
/// and the key was released only before the lock: after it, no file, no signature.
fn assert_lockout_held(env: &Env, attempts: &[Attempt], success_action: &str) {
    let tried_wrong = attempts
        .iter()
        // "wrong PIN (密码错误)": the PIN was tried; a refusal untried says "locked (已锁定)".
        .filter(|a| !a.right && stderr(&a.output).contains("密码错误"))
        .count();
    for a in attempts.iter().filter(|a| !a.right) {
        assert_eq!(a.output.status.code(), Some(4), "{}", stderr(&a.output));
        assert!(!a.out.exists(), "a wrong PIN wrote {}", a.out.display());
    }
    let right = attempts.iter().find(|a| a.right).unwrap();
    let released = right.output.status.success();
    eprintln!(
        "{} processes: {tried_wrong} wrong PINs tried, {} refused untried, the right PIN {}",
        attempts.len(),
        attempts.len() - 1 - tried_wrong,
        if released {
            "released the key before the lock"
        } else {
            "was refused"
        }
    );
    let c = cert(env);
    assert_eq!(c["state"], "locked", "{c}");
    assert!(c["wrong_pins"].as_i64().unwrap() <= 5, "{c}");
    let events = events(env);
    let lock_seq = events
        .iter()
        .find(|e| e["details"]["locked"] == true)
        .map(|e| e["seq"].as_i64().unwrap())
        .expect("an event records the lock");
    let successes: Vec<i64> = events
        .iter()
        .filter(|e| e["action"] == success_action && e["outcome"] == "ok")
        .map(|e| e["seq"].as_i64().unwrap())
        .collect();
    if released {
        assert!(right.out.exists());
        assert_eq!(successes.len(), 1);
        assert!(
            successes[0] < lock_seq,
            "the key was released (event {}) after the lock (event {lock_seq})",
            successes[0]
        );
        assert!(
            tried_wrong <= 9,
            "{tried_wrong} wrong PINs were tried around one right PIN and one lock"
        );
    } else {
        let err = stderr(&right.output);
        assert_eq!(right.output.status.code(), Some(4), "{err}");
        assert!(err.contains("已锁定"), "{err}");
        assert!(
            !right.out.exists(),
            "the right PIN wrote its file after the lock"
        );
        assert!(successes.is_empty(), "{successes:?}");
        assert!(
            tried_wrong <= 5,
            "{tried_wrong} wrong PINs were tried for one lock"
        );
    }
    env.ok(&["log", "verify"]);
}

fn export_args(out: &str) -> Vec<String> {
    [
        "cert",
        "export",
        "--cert",
        "1",
        "--format",
        "p12",
        "--pin-file",
        "-",
        "--out",
        out,
    ]
    .map(String::from)
    .to_vec()
}

/// A seed from the clock, printed so a failing order can be replayed.
fn random_position(n: usize) -> usize {
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos() as usize;
    let at = seed % n;
    eprintln!("the right PIN is attempt {at} of {n}");
    at
}

#[test]
fn forty_parallel_exports_with_the_right_pin_last_lock_after_five_and_release_no_key() {
    let env = setup();
    let attempts = race(&env, 40, 39, export_args);
    assert_lockout_held(&env, &attempts, "cert.export");
}

#[test]
fn two_hundred_parallel_exports_with_the_right_pin_last_count_at_most_five_wrong_pins() {
    let env = setup();
    let attempts = race(&env, 200, 199, export_args);
    assert_lockout_held(&env, &attempts, "cert.export");
}

#[test]
fn two_hundred_parallel_exports_with_the_right_pin_anywhere_count_at_most_five_wrong_pins() {
    let env = setup();
    let attempts = race(&env, 200, random_position(200), export_args);
    assert_lockout_held(&env, &attempts, "cert.export");
}

#[test]
fn two_hundred_parallel_signatures_with_the_right_pin_last_sign_nothing_after_the_lock() {
    let env = setup();
    let doc = p(&env, "doc.pdf");
    let attempts = race(&env, 200, 199, |out| {
        [
            "--as",
            "李娜",
            "pdf",
            "sign",
            &doc,
            "--out",
            out,
            "--cert",
            "1",
            "--pin-file",
            "-",
        ]
        .map(String::from)
        .to_vec()
    });
    assert_lockout_held(&env, &attempts, "pdf.sign");
}

#[test]
fn a_right_pin_after_four_wrong_ones_still_works_and_resets_the_count() {
    let env = setup();
    let verify = |pin: &str| {
        env.run(&[
            "cert",
            "verify-pin",
            "--cert",
            "1",
            "--pin-file",
            &p(&env, pin),
        ])
    };
    for _ in 0..4 {
        assert_eq!(verify("bad").status.code(), Some(4));
    }
    assert!(verify("pin").status.success());
    assert_eq!(cert(&env)["wrong_pins"], 0);
    assert_eq!(cert(&env)["state"], "active");
}

// ---- item 5: authorization before the PIN -------------------------------------------------

/// `args` (with `{PIN}` for the PIN file) is refused as "not allowed" with the wrong and
/// with the right PIN alike (no oracle), and no PIN was tried or counted.
/// [`assert_refused_before_the_pin`] for 陈明, who proves who he is (his own certificate in
/// another enterprise) and is no member of enterprise 1.
fn outsider_refused_before_the_pin(env: &Env, command: &[&str]) {
    let chen = p(env, "chen.pin");
    let mut args = vec!["--as", "陈明", "--as-pin-file", chen.as_str()];
    args.extend_from_slice(command);
    assert_refused_before_the_pin(env, &args);
}

fn assert_refused_before_the_pin(env: &Env, args: &[&str]) {
    let events_before = events(env).len();
    let mut messages = Vec::new();
    for pin in ["bad", "pin"] {
        let pin_path = p(env, pin);
        let args: Vec<&str> = args
            .iter()
            .map(|a| if *a == "{PIN}" { pin_path.as_str() } else { a })
            .collect();
        let err = env.fails(4, &args);
        assert!(
            err.contains("not allowed") || err.contains("无权限"),
            "{args:?}: {err}"
        );
        assert!(
            !err.contains("wrong PIN") && !err.contains("密码错误"),
            "{args:?} answers about the PIN: {err}"
        );
        messages.push(err);
    }
    assert_eq!(
        messages[0], messages[1],
        "the refusal tells right from wrong"
    );
    let c = cert(env);
    assert_eq!(c["wrong_pins"], 0, "{args:?} counted a PIN: {c}");
    let pin_events = events(env)[events_before..]
        .iter()
        .filter(|e| e["action"] == "cert.pin")
        .count();
    assert_eq!(pin_events, 0, "{args:?} tried the PIN");
}

#[test]
fn a_non_member_binding_someone_elses_certificate_is_refused_before_the_pin() {
    let env = setup();
    outsider_refused_before_the_pin(
        &env,
        &[
            "cert",
            "bind",
            "--cert",
            "1",
            "--to",
            "陈明",
            "--pin-file",
            "{PIN}",
        ],
    );
}

#[test]
fn a_member_binding_a_certificate_she_does_not_hold_is_refused_before_the_pin() {
    let env = setup();
    let (_, fang) = env.certify("王芳", "1");
    assert_refused_before_the_pin(
        &env,
        &[
            "--as",
            "王芳",
            "--as-pin-file",
            &fang,
            "cert",
            "bind",
            "--cert",
            "1",
            "--pin-file",
            "{PIN}",
        ],
    );
}

#[test]
fn a_non_member_exporting_the_key_is_refused_before_the_pin() {
    let env = setup();
    let out = p(&env, "stolen.p12");
    outsider_refused_before_the_pin(
        &env,
        &[
            "cert",
            "export",
            "--cert",
            "1",
            "--format",
            "p12",
            "--pin-file",
            "{PIN}",
            "--out",
            &out,
        ],
    );
    assert!(!env.path("stolen.p12").exists());
}

#[test]
fn a_non_member_checking_the_pin_is_refused_before_the_pin() {
    let env = setup();
    outsider_refused_before_the_pin(
        &env,
        &["cert", "verify-pin", "--cert", "1", "--pin-file", "{PIN}"],
    );
}

#[test]
fn a_non_member_signing_with_the_certificate_is_refused_before_the_pin() {
    let env = setup();
    let (doc, out) = (p(&env, "doc.pdf"), p(&env, "signed.pdf"));
    outsider_refused_before_the_pin(
        &env,
        &[
            "pdf",
            "sign",
            &doc,
            "--out",
            &out,
            "--cert",
            "1",
            "--pin-file",
            "{PIN}",
        ],
    );
}

#[test]
fn signing_with_a_seal_the_holder_may_not_use_is_refused_before_the_pin() {
    let env = setup();
    // The official seal is not assigned or granted to 李娜 (D18).
    env.ok(&["seal", "make", "--kind", "official", "--org", "1"]);
    let (doc, out) = (p(&env, "doc.pdf"), p(&env, "signed.pdf"));
    let before = events(&env).len();
    for pin in ["bad", "pin"] {
        env.fails(
            4,
            &[
                "--as",
                "李娜",
                "pdf",
                "sign",
                &doc,
                "--out",
                &out,
                "--cert",
                "1",
                "--pin-file",
                &p(&env, pin),
                "--seal",
                "2",
                "--at",
                "100,100",
            ],
        );
    }
    assert_eq!(cert(&env)["wrong_pins"], 0);
    assert!(
        !events(&env)[before..]
            .iter()
            .any(|e| e["action"] == "cert.pin")
    );
    assert!(!env.path("signed.pdf").exists());
}

#[test]
fn a_non_member_decrypting_is_refused_before_the_pin() {
    let env = setup();
    std::fs::write(env.path("bid.txt"), "报价 1,000,000 元").unwrap();
    env.ok(&[
        "encrypt",
        "--to",
        "1",
        &p(&env, "bid.txt"),
        &p(&env, "bid.p7m"),
    ]);
    let (input, out) = (p(&env, "bid.p7m"), p(&env, "bid.out"));
    outsider_refused_before_the_pin(
        &env,
        &[
            "decrypt",
            "--cert",
            "1",
            "--pin-file",
            "{PIN}",
            &input,
            &out,
        ],
    );
    assert!(!env.path("bid.out").exists());
}

#[test]
fn a_non_member_extending_the_certificate_is_refused_before_the_pin() {
    let env = setup();
    outsider_refused_before_the_pin(
        &env,
        &[
            "cert",
            "extend",
            "--cert",
            "1",
            "--pin-file",
            "{PIN}",
            "--keep-key",
        ],
    );
}

// ---- item 8: secrets -------------------------------------------------------------------

/// `openssl pkcs12 -info` of `file` opened with the password in `password_file`.
fn openssl_info(file: &str, password_file: &str) -> Output {
    require_tool("openssl", "apt-get install openssl");
    Command::new("openssl")
        .args(["pkcs12", "-info", "-noout", "-in", file, "-passin"])
        .arg(format!("file:{password_file}"))
        .output()
        .unwrap()
}

/// Every "Iteration N" openssl reports (MAC, certificate bag, key bag).
fn iterations(info: &str) -> Vec<u64> {
    info.split("Iteration ")
        .skip(1)
        .filter_map(|s| {
            s.chars()
                .take_while(char::is_ascii_digit)
                .collect::<String>()
                .parse()
                .ok()
        })
        .collect()
}

#[test]
fn an_exported_pkcs12_with_its_own_password_takes_600000_iterations_and_not_the_pin() {
    let env = setup();
    let pw = secret(&env, "p12pass", "correct horse battery\n");
    let out = p(&env, "x.p12");
    let run = env.run(&[
        "cert",
        "export",
        "--cert",
        "1",
        "--format",
        "p12",
        "--pin-file",
        &p(&env, "pin"),
        "--p12-password-file",
        &pw,
        "--out",
        &out,
    ]);
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(!stderr(&run).contains("WARNING"), "{}", stderr(&run));
    let info = openssl_info(&out, &pw);
    let text = format!("{}{}", stderr(&info), String::from_utf8_lossy(&info.stdout));
    assert!(info.status.success(), "{text}");
    let its = iterations(&text);
    assert!(its.len() >= 3, "MAC, certificates and key: {text}");
    assert!(its.iter().all(|&n| n >= 600_000), "{its:?}: {text}");
    assert!(text.contains("PBKDF2"), "{text}");
    // The PIN does not open it.
    assert!(!openssl_info(&out, &p(&env, "pin")).status.success());
}

#[test]
fn an_issued_pkcs12_with_its_own_password_takes_600000_iterations() {
    let env = setup();
    let pw = secret(&env, "p12pass", "correct horse battery\n");
    env.ok(&[
        "cert", "assign", "--slot", "3", "--owner", "王芳", "--holder", "王芳",
    ]);
    let out = p(&env, "w.p12");
    let run = env.run(&[
        "cert",
        "issue",
        "--slot",
        "3",
        "--pin-file",
        &p(&env, "pin"),
        "--p12",
        &out,
        "--p12-password-file",
        &pw,
    ]);
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(!stderr(&run).contains("WARNING"), "{}", stderr(&run));
    let info = openssl_info(&out, &pw);
    let text = format!("{}{}", stderr(&info), String::from_utf8_lossy(&info.stdout));
    assert!(info.status.success(), "{text}");
    assert!(iterations(&text).iter().all(|&n| n >= 600_000), "{text}");
}

#[test]
fn an_export_password_shorter_than_eight_characters_is_refused() {
    let env = setup();
    let pw = secret(&env, "short", "1234567\n");
    let err = env.fails(
        5,
        &[
            "cert",
            "export",
            "--cert",
            "1",
            "--format",
            "p12",
            "--pin-file",
            &p(&env, "pin"),
            "--p12-password-file",
            &pw,
            "--out",
            &p(&env, "x.p12"),
        ],
    );
    assert!(err.contains("at least 8 characters"), "{err}");
    assert!(common::is_one_error(&err), "{err}");
    assert!(!env.path("x.p12").exists());
    assert_eq!(cert(&env)["wrong_pins"], 0);
}

#[test]
fn a_pkcs12_protected_by_the_pin_only_warns_loudly_with_the_measured_cost() {
    let env = setup();
    let run = env.run(&[
        "cert",
        "export",
        "--cert",
        "1",
        "--format",
        "p12",
        "--pin-file",
        &p(&env, "pin"),
        "--out",
        &p(&env, "x.p12"),
    ]);
    let err = stderr(&run);
    assert!(run.status.success(), "{err}");
    for needle in [
        "WARNING",
        "PIN only",
        "1,000,000 PINs",
        "measured",
        "iterations",
        "--p12-password-file",
    ] {
        assert!(err.contains(needle), "no '{needle}' in: {err}");
    }
    // The file still opens with the PIN (what platforms hand out).
    assert!(
        openssl_info(&p(&env, "x.p12"), &p(&env, "pin"))
            .status
            .success()
    );
}

#[test]
fn a_kdf_memory_below_19_mib_is_refused() {
    let env = Env::new();
    let err = env.fails(5, &["config", "set", "kdf.memory_kib", "8"]);
    assert!(err.contains("19456"), "{err}");
    env.fails(5, &["config", "set", "kdf.memory_kib", "19455"]);
    env.ok(&["config", "set", "kdf.memory_kib", "19456"]);
}

#[test]
fn a_kdf_with_fewer_than_two_passes_is_refused() {
    let env = Env::new();
    let err = env.fails(5, &["config", "set", "kdf.iterations", "1"]);
    assert!(err.contains("at least 2"), "{err}");
    env.ok(&["config", "set", "kdf.iterations", "2"]);
}

#[test]
fn a_kdf_setting_lowered_behind_catools_back_seals_no_key() {
    let env = setup();
    env.sqlite3("UPDATE settings SET value = '8' WHERE key = 'kdf.memory_kib'");
    env.ok(&[
        "cert", "assign", "--slot", "3", "--owner", "王芳", "--holder", "王芳",
    ]);
    let err = env.fails(
        4,
        &[
            "cert",
            "issue",
            "--slot",
            "3",
            "--pin-file",
            &p(&env, "pin"),
        ],
    );
    assert!(
        err.contains("kdf.memory_kib") && err.contains("19456"),
        "{err}"
    );
}

fn export_p12(env: &Env, extra_env: Option<(&str, &str)>) -> (i32, String) {
    let mut cmd = env.cmd();
    if let Some((k, v)) = extra_env {
        cmd.env(k, v);
    }
    let out = cmd
        .args([
            "cert",
            "export",
            "--cert",
            "1",
            "--format",
            "p12",
            "--pin-file",
            &p(env, "pin"),
            "--out",
            &p(env, "x.p12"),
        ])
        .output()
        .unwrap();
    (out.status.code().unwrap_or(-1), stderr(&out))
}

#[test]
fn a_frozen_certificates_key_does_not_export() {
    let env = setup();
    env.ok(&["cert", "freeze", "--cert", "1"]);
    let (code, err) = export_p12(&env, None);
    assert_eq!(code, 4, "{err}");
    assert!(err.contains("frozen"), "{err}");
    assert!(!env.path("x.p12").exists());
}

#[test]
fn a_revoked_certificates_key_does_not_export() {
    let env = setup();
    env.ok(&[
        "cert",
        "revoke",
        "--cert",
        "1",
        "--reason",
        "key-compromise",
    ]);
    let (code, err) = export_p12(&env, None);
    assert_eq!(code, 4, "{err}");
    assert!(err.contains("revoked"), "{err}");
    assert!(!env.path("x.p12").exists());
}

#[test]
fn an_expired_certificates_key_does_not_export() {
    let env = setup();
    let later = (chrono::Utc::now() + chrono::Duration::days(400))
        .format("%Y-%m-%dT%H:%M:%SZ")
        .to_string();
    let (code, err) = export_p12(&env, Some(("CATOOL_NOW", &later)));
    assert_eq!(code, 4, "{err}");
    assert!(err.contains("expired"), "{err}");
    assert!(!env.path("x.p12").exists());
    assert_eq!(cert(&env)["wrong_pins"], 0);
}

#[test]
fn a_locked_certificates_key_does_not_export() {
    let env = setup();
    for _ in 0..5 {
        env.fails(
            4,
            &[
                "cert",
                "verify-pin",
                "--cert",
                "1",
                "--pin-file",
                &p(&env, "bad"),
            ],
        );
    }
    let (code, err) = export_p12(&env, None);
    assert_eq!(code, 4, "{err}");
    assert!(err.contains("已锁定"), "{err}");
    assert!(!env.path("x.p12").exists());
}

#[test]
fn a_running_catool_cannot_dump_core() {
    require_tool("setpriv", "apt-get install util-linux");
    let env = setup();
    // As an unprivileged user (root owns /proc/<pid> of every process anyway), so that the
    // owner of /proc/<pid> tells whether the process is dumpable.
    let mut cmd = Command::new("setpriv");
    cmd.args([
        "--reuid=65534",
        "--regid=65534",
        "--clear-groups",
        BIN,
        "cert",
        "verify-pin",
        "--cert",
        "1",
        "--pin-file",
        "-",
    ]);
    let mut child = cmd
        .env("CATOOL_DB", &env.db)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let pid = child.id();
    let deadline = Instant::now() + Duration::from_secs(10);
    let (mut limits, mut owner) = (String::new(), u32::MAX);
    while Instant::now() < deadline {
        use std::os::unix::fs::MetadataExt;
        limits = std::fs::read_to_string(format!("/proc/{pid}/limits")).unwrap_or_default();
        owner = std::fs::metadata(format!("/proc/{pid}/status"))
            .map(|m| m.uid())
            .unwrap_or(u32::MAX);
        let core_off = limits
            .lines()
            .find(|l| l.starts_with("Max core file size"))
            .is_some_and(|l| l.split_whitespace().skip(4).take(2).all(|v| v == "0"));
        if core_off && owner == 0 {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    drop(child.stdin.take());
    let _ = child.kill();
    let _ = child.wait();
    let line = limits
        .lines()
        .find(|l| l.starts_with("Max core file size"))
        .unwrap_or("")
        .to_string();
    assert_eq!(
        line.split_whitespace().skip(4).take(2).collect::<Vec<_>>(),
        ["0", "0"],
        "soft and hard core limits: {line}"
    );
    assert_eq!(
        owner, 0,
        "/proc/{pid} of a dumpable process belongs to its user"
    );
}

/// Runs catool, kills it after 20 s; returns (exit code, stderr, time taken).
fn timed(env: &Env, args: &[&str]) -> (i32, String, Duration) {
    let start = Instant::now();
    let mut child = env
        .cmd()
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if start.elapsed() > Duration::from_secs(20) {
            let _ = child.kill();
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        stderr(&out),
        start.elapsed(),
    )
}

fn assert_fast_clear_refusal(what: &str, (code, err, took): (i32, String, Duration), needle: &str) {
    assert!(took < Duration::from_secs(10), "{what} took {took:?}");
    assert_eq!(code, 5, "{what}: {err}");
    assert!(common::is_one_error(&err), "{what}: {err}");
    assert!(err.contains(needle), "{what}: no '{needle}' in {err}");
}

#[test]
fn a_pin_file_of_dev_zero_fails_fast_with_a_clear_message() {
    let env = setup();
    let outcome = timed(
        &env,
        &[
            "cert",
            "verify-pin",
            "--cert",
            "1",
            "--pin-file",
            "/dev/zero",
        ],
    );
    assert_fast_clear_refusal("--pin-file /dev/zero", outcome, "64 bytes");
}

#[test]
fn an_export_password_file_of_dev_zero_fails_fast_with_a_clear_message() {
    let env = setup();
    let outcome = timed(
        &env,
        &[
            "cert",
            "export",
            "--cert",
            "1",
            "--format",
            "p12",
            "--pin-file",
            &p(&env, "pin"),
            "--p12-password-file",
            "/dev/zero",
            "--out",
            &p(&env, "x.p12"),
        ],
    );
    assert_fast_clear_refusal("--p12-password-file /dev/zero", outcome, "/dev/zero");
}

#[test]
fn a_certificate_file_of_dev_zero_fails_fast_with_a_clear_message() {
    let env = setup();
    let outcome = timed(
        &env,
        &[
            "cert",
            "import",
            "/dev/zero",
            "--key",
            "/dev/zero",
            "--pin-file",
            &p(&env, "pin"),
        ],
    );
    assert_fast_clear_refusal("cert import /dev/zero", outcome, "64 KiB");
    let outcome = timed(
        &env,
        &[
            "encrypt",
            "--to",
            "/dev/zero",
            &p(&env, "doc.pdf"),
            &p(&env, "x"),
        ],
    );
    assert_fast_clear_refusal("encrypt --to /dev/zero", outcome, "64 KiB");
}

#[test]
fn a_batch_csv_of_dev_zero_fails_fast_with_a_clear_message() {
    let env = setup();
    let outcome = timed(&env, &["cert", "issue", "--batch", "/dev/zero"]);
    assert_fast_clear_refusal("--batch /dev/zero", outcome, "64 MiB");
}

#[test]
fn a_pdf_of_dev_zero_fails_fast_with_a_clear_message() {
    let env = setup();
    let outcome = timed(&env, &["pdf", "verify", "/dev/zero"]);
    assert_fast_clear_refusal("pdf verify /dev/zero", outcome, "MiB");
}

#[test]
fn a_registry_readable_by_others_draws_a_warning() {
    let env = setup();
    let quiet = env.run(&["cert", "list"]);
    assert!(stderr(&quiet).is_empty(), "{}", stderr(&quiet));
    std::fs::set_permissions(&env.db, std::fs::Permissions::from_mode(0o644)).unwrap();
    let loud = env.run(&["cert", "list"]);
    assert!(loud.status.success());
    let err = stderr(&loud);
    assert!(
        err.starts_with("warning: ")
            && err.contains(&env.db.to_string_lossy().into_owned())
            && err.contains("chmod 600"),
        "{err}"
    );
}

#[test]
fn a_pin_file_readable_by_others_draws_a_warning() {
    let env = setup();
    let quiet = env.run(&[
        "cert",
        "verify-pin",
        "--cert",
        "1",
        "--pin-file",
        &p(&env, "pin"),
    ]);
    assert!(quiet.status.success());
    assert!(stderr(&quiet).is_empty(), "{}", stderr(&quiet));
    std::fs::write(env.path("open.pin"), "123456\n").unwrap();
    std::fs::set_permissions(env.path("open.pin"), std::fs::Permissions::from_mode(0o644)).unwrap();
    let loud = env.run(&[
        "cert",
        "verify-pin",
        "--cert",
        "1",
        "--pin-file",
        &p(&env, "open.pin"),
    ]);
    assert!(loud.status.success());
    let err = stderr(&loud);
    assert!(
        err.starts_with("warning: ") && err.contains("open.pin") && err.contains("chmod 600"),
        "{err}"
    );
}
