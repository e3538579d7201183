//! Reliability and secrets hygiene (first pieces of the reliability issue): concurrent
//! writers never collide, and no PIN or key material reaches the registry, the history or
//! any message.

mod common;
#[path = "common/pdf.rs"]
mod pdf;

use std::process::{Command, Stdio};

use common::*;

fn p(env: &Env, name: &str) -> String {
    env.path(name).to_string_lossy().into_owned()
}

/// Enterprise with an SM2 CA and `personal` paid personal slots (ids 2..), PIN file `pin`.
fn setup(personal: usize) -> Env {
    let env = Env::onboarded(true);
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
    std::fs::write(env.path("pin"), "482915\n").unwrap();
    env
}

#[test]
fn eight_processes_issuing_reissuing_and_stamping_at_once_never_collide() {
    let env = setup(10);
    // Two certificates to reissue, a seal to stamp with, six slots to issue.
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
    env.ok(&[
        "cert",
        "issue",
        "--slot",
        "2",
        "--pin-file",
        &p(&env, "pin"),
    ]);
    env.ok(&[
        "cert",
        "issue",
        "--slot",
        "3",
        "--pin-file",
        &p(&env, "pin"),
    ]);
    env.ok(&["seal", "make", "--kind", "official", "--org", "1"]);
    std::fs::write(env.path("doc.pdf"), pdf::make_pdf(&[pdf::a4(), pdf::a4()])).unwrap();
    let before = env.json(&["log"]).as_array().unwrap().len();

    let pin = p(&env, "pin");
    let mut jobs: Vec<Vec<String>> = Vec::new();
    for slot in 4..=7 {
        jobs.push(vec![
            "cert".into(),
            "issue".into(),
            "--slot".into(),
            slot.to_string(),
            "--pin-file".into(),
            pin.clone(),
        ]);
    }
    for cert in 1..=2 {
        jobs.push(vec![
            "cert".into(),
            "reissue".into(),
            "--cert".into(),
            cert.to_string(),
            "--new-pin-file".into(),
            pin.clone(),
        ]);
    }
    for i in 0..2 {
        jobs.push(vec![
            "pdf".into(),
            "stamp".into(),
            p(&env, "doc.pdf"),
            "--out".into(),
            p(&env, &format!("out{i}.pdf")),
            "--seal".into(),
            "1".into(),
            "--all".into(),
            "--at".into(),
            "100,100".into(),
        ]);
    }
    assert_eq!(jobs.len(), 8);
    let children: Vec<_> = jobs
        .iter()
        .map(|args| {
            env.cmd()
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
        assert!(!err.contains("locked"), "{args:?}: {err}");
    }
    // No duplicate serials, no slot used twice, every event recorded, chain intact.
    let certs = env.json(&["cert", "list"]);
    let rows = certs.as_array().unwrap();
    let mut serials: Vec<&str> = rows.iter().filter_map(|r| r["serial"].as_str()).collect();
    let n = serials.len();
    serials.sort();
    serials.dedup();
    assert_eq!(serials.len(), n);
    assert_eq!(n, 8, "2 issued + 2 replaced + 4 new");
    let live_slots: Vec<i64> = rows
        .iter()
        .filter(|r| r["state"] != "superseded" && r["cert_id"].is_i64())
        .map(|r| r["slot_id"].as_i64().unwrap())
        .collect();
    let mut dedup = live_slots.clone();
    dedup.sort();
    dedup.dedup();
    assert_eq!(
        dedup.len(),
        live_slots.len(),
        "a slot has two live certificates"
    );
    assert_eq!(env.json(&["log"]).as_array().unwrap().len(), before + 8);
    env.ok(&["log", "verify"]);
    for i in 0..2 {
        pdf::qpdf_check(&env.path(&format!("out{i}.pdf")));
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn no_pin_or_private_key_reaches_the_registry_history_or_messages() {
    require_tool("openssl", "apt-get install openssl");
    let env = setup(2);
    let pin = p(&env, "pin");
    let mut transcript = Vec::new();
    let mut run = |args: &[&str]| {
        let out = env.run(args);
        transcript.extend_from_slice(&out.stdout);
        transcript.extend_from_slice(&out.stderr);
    };
    run(&[
        "cert", "assign", "--slot", "2", "--owner", "李娜", "--holder", "李娜",
    ]);
    run(&[
        "--json",
        "cert",
        "issue",
        "--slot",
        "2",
        "--pin-file",
        &pin,
        "--p12",
        &p(&env, "a.p12"),
    ]);
    std::fs::write(env.path("wrong"), "111111\n").unwrap();
    run(&[
        "cert",
        "verify-pin",
        "--cert",
        "1",
        "--pin-file",
        &p(&env, "wrong"),
    ]);
    run(&[
        "--json",
        "cert",
        "verify-pin",
        "--cert",
        "1",
        "--pin-file",
        &pin,
    ]);
    run(&[
        "cert",
        "issue",
        "--slot",
        "3",
        "--pin-file",
        &p(&env, "wrong"),
    ]);
    run(&["--json", "log"]);
    // The key, as OpenSSL reads it out of the PKCS#12 (PKCS#8 DER).
    let key = Command::new("openssl")
        .args([
            "pkcs12",
            "-in",
            &p(&env, "a.p12"),
            "-passin",
            &format!("file:{pin}"),
            "-nocerts",
            "-nodes",
        ])
        .output()
        .unwrap();
    assert!(key.status.success());
    std::fs::write(env.path("key.pem"), &key.stdout).unwrap();
    // The private scalar, from `openssl pkey -text` ("priv:" followed by hex lines).
    let text = Command::new("openssl")
        .args(["pkey", "-in", &p(&env, "key.pem"), "-text", "-noout"])
        .output()
        .unwrap();
    assert!(text.status.success());
    let text = String::from_utf8_lossy(&text.stdout).into_owned();
    let hex: String = text
        .split("priv:")
        .nth(1)
        .unwrap()
        .lines()
        .skip(1)
        .take_while(|l| l.starts_with(' '))
        .flat_map(|l| l.trim().split(':').map(str::to_string).collect::<Vec<_>>())
        .filter(|h| !h.is_empty())
        .collect();
    let scalar: Vec<u8> = (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
        .collect();
    assert!(scalar.len() >= 31, "private scalar: {hex}");
    let secret = &scalar[scalar.len() - 24..];
    let mut db = std::fs::read(&env.db).unwrap();
    for side in ["-wal", "-shm"] {
        if let Ok(extra) = std::fs::read(format!("{}{side}", env.db.display())) {
            db.extend(extra);
        }
    }
    for (name, bytes) in [("registry", &db), ("output", &transcript)] {
        assert!(!contains(bytes, b"482915"), "the PIN appears in the {name}");
        assert!(
            !contains(bytes, b"111111"),
            "a wrong PIN appears in the {name}"
        );
        assert!(
            !contains(bytes, secret),
            "private key bytes appear in the {name}"
        );
    }
    use std::os::unix::fs::PermissionsExt;
    for f in ["a.p12", "registry.db", "registry.db.key"] {
        assert_eq!(
            std::fs::metadata(env.path(f)).unwrap().permissions().mode() & 0o777,
            0o600,
            "{f}"
        );
    }
}

#[test]
fn no_command_takes_a_pin_or_password_on_the_command_line() {
    let env = Env::new();
    for cmd in [
        vec!["cert", "issue", "--help"],
        vec!["cert", "reissue", "--help"],
        vec!["cert", "export", "--help"],
        vec!["cert", "import", "--help"],
        vec!["pdf", "sign", "--help"],
        vec!["decrypt", "--help"],
    ] {
        let help = env.ok(&cmd);
        assert!(
            !help.contains("--pin ") && !help.contains("--pin <") && !help.contains("--password <"),
            "{cmd:?}: {help}"
        );
    }
}

/// Runs catool with a deadline; returns (exit code, stderr). A panic exits 101.
fn bounded(env: &Env, args: &[&str]) -> (i32, String) {
    let mut child = env
        .cmd()
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let mut err = String::new();
            std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut err).unwrap();
            return (status.code().unwrap_or(-1), err);
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            panic!("catool {args:?} hung for 30 s");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

#[test]
fn hostile_pdfs_end_in_a_clear_error_or_a_valid_output_never_a_panic_or_hang() {
    let env = Env::new();
    std::fs::write(env.path("seal.png"), pdf::red_disc_png(100)).unwrap();
    let seal = p(&env, "seal.png");
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hostile");
    for name in [
        "bomb.pdf",
        "cycle.pdf",
        "deep.pdf",
        "deepdict.pdf",
        "hugelen.pdf",
        "parentcycle.pdf",
    ] {
        let input = dir.join(name).to_string_lossy().into_owned();
        for mode in [
            &["--at", "50,50"][..],
            &["--keyword", "盖章处", "--allow-missing"][..],
        ] {
            let out = p(&env, "out.pdf");
            let _ = std::fs::remove_file(&out);
            let mut args = vec![
                "pdf",
                "stamp",
                input.as_str(),
                "--out",
                out.as_str(),
                "--image",
                seal.as_str(),
            ];
            args.extend_from_slice(mode);
            let (code, err) = bounded(&env, &args);
            assert!(matches!(code, 0 | 5), "{name} {mode:?}: exit {code}: {err}");
            if code == 5 {
                assert!(
                    err.starts_with("error: ") && err.lines().count() == 1,
                    "{name}: {err}"
                );
            } else {
                // The inputs are damaged on purpose: qpdf may warn about what it repaired
                // (exit 3), as it does on the input itself, but must not fail.
                let q = Command::new("qpdf")
                    .arg("--check")
                    .arg(env.path("out.pdf"))
                    .output()
                    .unwrap();
                assert!(
                    matches!(q.status.code(), Some(0 | 3)),
                    "{name}: qpdf fails on the output: {}",
                    String::from_utf8_lossy(&q.stdout)
                );
            }
        }
        let (code, err) = bounded(&env, &["pdf", "verify", &input]);
        assert!(matches!(code, 1 | 5), "{name} verify: exit {code}: {err}");
    }
}

#[test]
fn killing_a_batch_at_random_points_leaves_a_consistent_registry_and_complete_files() {
    require_tool("sqlite3", "apt-get install sqlite3");
    let env = setup(24);
    let pin = p(&env, "pin");
    let mut csv = String::from("slot,pin_file,p12\n");
    for slot in 2..=25 {
        env.ok(&[
            "cert",
            "assign",
            "--slot",
            &slot.to_string(),
            "--owner",
            "王芳",
            "--holder",
            "王芳",
        ]);
        csv.push_str(&format!(
            "{slot},{pin},{}\n",
            p(&env, &format!("{slot}.p12"))
        ));
    }
    std::fs::write(env.path("rows.csv"), csv).unwrap();
    // Kill the batch with SIGKILL after a pseudo-random delay, ten times.
    let mut seed = 0x2545_f491_u64;
    for _ in 0..10 {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let mut child = env
            .cmd()
            .args([
                "cert",
                "issue",
                "--batch",
                &p(&env, "rows.csv"),
                "--jobs",
                "2",
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(seed % 120));
        let _ = child.kill();
        let _ = child.wait();
    }
    // The registry is intact and consistent: every used slot has exactly one certificate
    // with its sealed key, the history chain verifies.
    assert_eq!(env.sqlite3("PRAGMA integrity_check;").trim(), "ok");
    env.ok(&["log", "verify"]);
    let half = env.sqlite3(
        "SELECT count(*) FROM slots s WHERE s.state = 'used' AND
           (SELECT count(*) FROM certs c WHERE c.slot_id = s.id AND length(c.key_sealed) > 0
              AND length(c.cert_der) > 0) <> 1;",
    );
    assert_eq!(half.trim(), "0", "a slot is half-imported");
    // Every p12 present under its real name is complete (OpenSSL opens it).
    require_tool("openssl", "apt-get install openssl");
    for slot in 2..=25 {
        let f = env.path(&format!("{slot}.p12"));
        if f.exists() {
            let out = Command::new("openssl")
                .args([
                    "pkcs12",
                    "-info",
                    "-noout",
                    "-passin",
                    &format!("file:{pin}"),
                    "-in",
                ])
                .arg(&f)
                .output()
                .unwrap();
            assert!(out.status.success(), "{} is damaged", f.display());
        }
    }
    // Re-running the batch completes the rest; rows already done are refused, not duplicated.
    let _ = env.run(&["cert", "issue", "--batch", &p(&env, "rows.csv")]);
    let certs = env.json(&["cert", "list", "--status", "active"]);
    assert_eq!(certs.as_array().unwrap().len(), 24);
    let used = env.sqlite3("SELECT count(*) FROM slots WHERE state = 'used';");
    assert_eq!(used.trim(), "24");
    let certs_total = env.sqlite3("SELECT count(*) FROM certs;");
    assert_eq!(certs_total.trim(), "24", "a slot was issued twice");
}
