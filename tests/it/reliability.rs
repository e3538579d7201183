//! Reliability and secrets hygiene (first pieces of the reliability issue): concurrent
//! writers never collide, and no PIN or key material reaches the registry, the history or
//! any message.

use crate::common;
use crate::common::pdf;

use std::process::{Command, Stdio};

use common::*;

/// Writes a secret file owner-only, as an operator should (others' access draws a warning).
fn private_file(env: &Env, name: &str, content: &str) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::write(env.path(name), content).unwrap();
    std::fs::set_permissions(env.path(name), std::fs::Permissions::from_mode(0o600)).unwrap();
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
    private_file(&env, "pin", "482915\n");
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

#[test]
fn eight_processes_starting_on_a_brand_new_registry_all_succeed_with_one_master_key() {
    // Found while writing this test: switching a new file to WAL answered "database is
    // locked" to the processes that lost the race (about one round in fifteen), and two
    // processes could each create a master key. 40 rounds of 8 processes: first the lightest
    // command (the tightest race on the file), then CA creation (the master key).
    for round in 0..40 {
        let env = Env::new();
        let children: Vec<_> = (1..=8)
            .map(|i| {
                let name = format!("CA{i}");
                let args = if round < 30 {
                    vec!["init"]
                } else {
                    vec!["ca", "init", "--name", &name, "--algo", "sm2"]
                };
                env.cmd()
                    .args(args)
                    .stdout(Stdio::null())
                    .stderr(Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for child in children {
            let out = child.wait_with_output().unwrap();
            let err = String::from_utf8_lossy(&out.stderr);
            assert!(out.status.success(), "round {round}: {err}");
        }
        if round < 30 {
            continue;
        }
        let cas = env.json(&["ca", "list"]);
        assert_eq!(cas.as_array().unwrap().len(), 8, "round {round}");
        // Every CA's key opens under the one master key: each signs a CRL.
        for i in 1..=8 {
            let crl = p(&env, "crl.der");
            env.ok(&["crl", "--ca", &i.to_string(), "--out", &crl, "--force"]);
        }
        env.ok(&["log", "verify"]);
    }
}

/// The registry file with its WAL and shared-memory files, as one byte string.
fn registry_bytes(env: &Env) -> Vec<u8> {
    let mut db = std::fs::read(&env.db).unwrap();
    for side in ["-wal", "-shm"] {
        if let Ok(extra) = std::fs::read(format!("{}{side}", env.db.display())) {
            db.extend(extra);
        }
    }
    db
}

/// The names in a directory (none if it does not exist yet).
fn file_names(dir: &std::path::Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect()
}

/// catool's temporary files (`.catool-<pid>-*.tmp`).
fn is_temporary(name: &str) -> bool {
    name.starts_with(".catool-")
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
    let db = registry_bytes(&env);
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
fn no_passphrase_reaches_the_registry_history_or_messages() {
    require_tool("openssl", "apt-get install openssl");
    require_tool("qpdf", "apt-get install qpdf");
    let env = setup(1);
    let secrets = [
        "Gl4ss-Passphrase-7731", // the PKCS#12 password
        "Wr0ng-Passphrase-0042", // a wrong PKCS#12 password
        "user-Secret-5512",      // the PDF's user password
        "owner-Secret-9981",     // its owner password
        "Wr0ng-Pdf-Pass-3319",   // a wrong PDF password
    ];
    for (file, secret) in ["p12pass", "p12wrong", "pdfpass", "", "pdfwrong"]
        .iter()
        .zip(secrets)
    {
        if !file.is_empty() {
            std::fs::write(env.path(file), format!("{secret}\n")).unwrap();
        }
    }
    let openssl = |args: &[&str]| {
        let out = Command::new("openssl").args(args).output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    // A holder's certificate (CA:FALSE): OpenSSL's default for `req -x509` is a CA
    // certificate, which import refuses.
    std::fs::write(
        env.path("leaf.cnf"),
        "[req]\ndistinguished_name = dn\nstring_mask = utf8only\n[dn]\n[leaf]\nbasicConstraints = critical, CA:FALSE\n",
    )
    .unwrap();
    openssl(&[
        "req",
        "-x509",
        "-config",
        &p(&env, "leaf.cnf"),
        "-extensions",
        "leaf",
        "-utf8",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        &p(&env, "k.pem"),
        "-subj",
        "/CN=外部证书",
        "-days",
        "30",
        "-out",
        &p(&env, "c.pem"),
    ]);
    openssl(&[
        "pkcs12",
        "-export",
        "-in",
        &p(&env, "c.pem"),
        "-inkey",
        &p(&env, "k.pem"),
        "-passout",
        &format!("pass:{}", secrets[0]),
        "-out",
        &p(&env, "ext.p12"),
    ]);
    let contract = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/contract.pdf");
    pdf::qpdf(&[
        "--encrypt",
        secrets[2],
        secrets[3],
        "256",
        "--",
        &contract.to_string_lossy(),
        &p(&env, "enc.pdf"),
    ]);
    std::fs::write(env.path("seal.png"), pdf::red_disc_png(100)).unwrap();

    let mut transcript = Vec::new();
    let mut run = |args: &[&str]| {
        let out = env.run(args);
        transcript.extend_from_slice(&out.stdout);
        transcript.extend_from_slice(&out.stderr);
        out.status.success()
    };
    let pin = p(&env, "pin");
    let import = |pw: &str| {
        vec![
            "--json".to_string(),
            "cert".into(),
            "import".into(),
            p(&env, "ext.p12"),
            "--password-file".into(),
            p(&env, pw),
            "--pin-file".into(),
            pin.clone(),
        ]
    };
    let stamp = |pw: &str| {
        vec![
            "--json".to_string(),
            "pdf".into(),
            "stamp".into(),
            p(&env, "enc.pdf"),
            "--out".into(),
            p(&env, "out.pdf"),
            "--image".into(),
            p(&env, "seal.png"),
            "--at".into(),
            "50,50".into(),
            "--password-file".into(),
            p(&env, pw),
        ]
    };
    for (args, ok) in [
        (import("p12wrong"), false),
        (import("p12pass"), true),
        (stamp("pdfwrong"), false),
        (stamp("pdfpass"), true),
    ] {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        assert_eq!(run(&args), ok, "{args:?}");
    }
    assert!(run(&["--json", "log"]));
    assert!(run(&["log"]));
    let db = registry_bytes(&env);
    for (name, bytes) in [("registry", &db), ("output", &transcript)] {
        for secret in secrets {
            assert!(
                !contains(bytes, secret.as_bytes()),
                "{secret} appears in the {name}"
            );
        }
    }
}

#[test]
fn a_panic_is_one_line_exit_70_and_shows_none_of_its_data() {
    let env = Env::new();
    let out = env
        .cmd()
        .args(["person", "list"])
        .env("CATOOL_PANIC_FOR_TEST", "1")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(70));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("error: internal error (内部错误)"), "{err}");
    assert!(!err.contains("482915"), "the panic's data leaked: {err}");
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
    // Read stderr as it comes: a long message must not block the child on a full pipe.
    let mut stderr = child.stderr.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut err = String::new();
        let _ = std::io::Read::read_to_string(&mut stderr, &mut err);
        err
    });
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return (status.code().unwrap_or(-1), reader.join().unwrap());
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
        assert!(
            matches!(code, 1 | 5 | 7),
            "{name} verify: exit {code}: {err}"
        );
    }
}

#[test]
fn killing_a_batch_at_random_points_leaves_a_consistent_registry_and_complete_files() {
    require_tool("sqlite3", "apt-get install sqlite3");
    let env = setup(24);
    let pin = p(&env, "pin");
    batch_rows(&env, 2..=25, "王芳");
    // Kill the batch with SIGKILL after a pseudo-random delay, 25 times.
    kill_batches(&env, 25, 120);
    // The registry is intact and consistent: every used slot has exactly one certificate
    // with its sealed key, the history chain verifies.
    assert_eq!(env.sqlite3("PRAGMA integrity_check;").trim(), "ok");
    env.ok(&["log", "verify"]);
    assert_eq!(half_issued_slots(&env), "0", "a slot is half-imported");
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
    // Every row ends with its PKCS#12 file, also the rows killed between the issue and the file.
    let missing: Vec<u32> = (2..=25)
        .filter(|slot| !env.path(&format!("{slot}.p12")).exists())
        .collect();
    assert!(missing.is_empty(), "no PKCS#12 for slots {missing:?}");
}

/// xorshift64: the kill points are pseudo-random but the same on every run.
fn next_random(seed: &mut u64) -> u64 {
    *seed ^= *seed << 13;
    *seed ^= *seed >> 7;
    *seed ^= *seed << 17;
    *seed
}

fn count(haystack: &[u8], needle: &[u8]) -> usize {
    haystack
        .windows(needle.len())
        .filter(|w| *w == needle)
        .count()
}

#[test]
fn killing_a_batch_stamping_at_random_points_leaves_only_complete_outputs_and_their_history() {
    require_tool("sqlite3", "apt-get install sqlite3");
    require_tool("qpdf", "apt-get install qpdf");
    let env = Env::onboarded(true);
    env.ok(&["seal", "make", "--kind", "official", "--org", "1"]);
    std::fs::create_dir(env.path("in")).unwrap();
    let files = 48;
    for i in 0..files {
        let pages: Vec<_> = (0..12 + i % 5).map(|_| pdf::a4()).collect();
        std::fs::write(env.path(&format!("in/{i:02}.pdf")), pdf::make_pdf(&pages)).unwrap();
    }
    let (input_dir, out_dir) = (p(&env, "in"), p(&env, "out"));
    let batch = |extra: &[&str]| {
        let mut args = vec![
            "pdf",
            "stamp",
            input_dir.as_str(),
            "--out-dir",
            out_dir.as_str(),
            "--seal",
            "1",
            "--all",
            "--at",
            "100,150",
            "--jobs",
            "2",
        ];
        args.extend_from_slice(extra);
        env.cmd()
            .args(args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap()
    };
    // How long a whole batch takes here, so the kills land all through it.
    let start = std::time::Instant::now();
    assert!(batch(&[]).wait().unwrap().success());
    let whole = start.elapsed().as_millis().max(20) as u64;
    eprintln!("a whole batch takes {whole} ms");
    std::fs::remove_dir_all(env.path("out")).unwrap();
    let events_before = env.json(&["log"]).as_array().unwrap().len();

    // Twenty kills: most runs restamp everything (each kill lands mid-batch, often while a
    // finished output replaces an earlier one), every third run only finishes the rest.
    let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
    let mut last_events = events_before;
    for run in 0..20 {
        let mut child = batch(if run % 3 == 2 {
            &["--skip-existing"]
        } else {
            &["--force"]
        });
        std::thread::sleep(std::time::Duration::from_millis(
            next_random(&mut seed) % whole,
        ));
        let _ = child.kill();
        let _ = child.wait();
        let listing = file_names(&env.path("out"));
        let temps = listing.iter().filter(|n| is_temporary(n)).count();
        let events = env.json(&["log"]).as_array().unwrap().len();
        eprintln!(
            "run {run} killed: {} outputs, {temps} temporary files, {} stamped (recorded) in this run",
            listing.len() - temps,
            events - last_events
        );
        last_events = events;
        // Whatever is under an output name is complete: the input plus one stamp revision.
        for name in listing.iter().filter(|n| !is_temporary(n)) {
            let path = env.path(&format!("out/{name}"));
            let input = std::fs::read(env.path(&format!("in/{name}"))).unwrap();
            let output = std::fs::read(&path).unwrap();
            assert!(
                output.starts_with(&input),
                "{name} does not extend its input"
            );
            assert_eq!(
                count(&output, b"%%EOF"),
                count(&input, b"%%EOF") + 1,
                "{name}"
            );
            pdf::qpdf_check(&path);
        }
    }
    assert_eq!(env.sqlite3("PRAGMA integrity_check;").trim(), "ok");
    env.ok(&["log", "verify"]);
    // Every output that was published is in the history (recorded before it was renamed).
    let stamp_events = |env: &Env| -> Vec<String> {
        env.json(&["log"])
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| {
                e["action"] == "pdf.stamp" && e["seq"].as_u64() > Some(events_before as u64)
            })
            .map(|e| e["details"]["output"].as_str().unwrap_or("").to_string())
            .collect()
    };
    let recorded = stamp_events(&env);
    for name in file_names(&env.path("out"))
        .iter()
        .filter(|n| !is_temporary(n))
    {
        let name = p(&env, &format!("out/{name}"));
        assert!(recorded.contains(&name), "{name} was published unrecorded");
    }

    // The re-run finishes the rest, leaves the finished files alone and clears the temporary
    // files the killed runs left.
    let before_rerun = stamp_events(&env).len();
    let lines = env.ok(&[
        "--json",
        "pdf",
        "stamp",
        &input_dir,
        "--out-dir",
        &out_dir,
        "--seal",
        "1",
        "--all",
        "--at",
        "100,150",
        "--skip-existing",
    ]);
    let stamped_now = lines
        .lines()
        .filter(|l| l.contains("\"ok\":true") && !l.contains("\"skipped\":true"))
        .count();
    assert_eq!(lines.lines().count(), files);
    assert_eq!(stamp_events(&env).len(), before_rerun + stamped_now);
    let names = file_names(&env.path("out"));
    assert_eq!(names.len(), files, "left over: {names:?}");
    for name in &names {
        let input = std::fs::read(env.path(&format!("in/{name}"))).unwrap();
        let output = std::fs::read(env.path(&format!("out/{name}"))).unwrap();
        assert_eq!(
            count(&output, b"%%EOF"),
            count(&input, b"%%EOF") + 1,
            "{name} stamped twice"
        );
        pdf::qpdf_check(&env.path(&format!("out/{name}")));
    }
    env.ok(&["log", "verify"]);
}

/// One short `error: …` on stderr (with its hint, if any) with exit 5 (bad input).
fn assert_clear_refusal(what: &str, (code, err): (i32, String)) {
    assert_eq!(code, 5, "{what}: exit {code}: {err}");
    assert!(
        common::is_one_error(&err) && err.len() < 400,
        "{what}: {err}"
    );
}

#[test]
fn hostile_certificates_end_in_a_clear_refusal_or_a_sound_import() {
    require_tool("openssl", "apt-get install openssl");
    let env = Env::new();
    private_file(&env, "pin", "482915\n");
    std::fs::create_dir(env.path("certs")).unwrap();
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/hostile/make_hostile_certs.py");
    let made = Command::new("python3")
        .arg(script)
        .arg(env.path("certs"))
        .output()
        .expect("python3 (run .ci/deps)");
    assert!(
        made.status.success(),
        "making the certificates needs python3 with cryptography (run .ci/deps): {}",
        String::from_utf8_lossy(&made.stderr)
    );
    let pin = p(&env, "pin");
    let import = |name: &str| {
        let (cert, key) = (
            p(&env, &format!("certs/{name}.pem")),
            p(&env, &format!("certs/{name}.key")),
        );
        bounded(
            &env,
            &["cert", "import", &cert, "--key", &key, "--pin-file", &pin],
        )
    };
    for name in [
        "huge-name",
        "many-extensions",
        "huge-extension",
        "deep-extension",
    ] {
        let outcome = import(name);
        assert!(outcome.1.contains("64 KiB limit"), "{name}: {}", outcome.1);
        assert_clear_refusal(name, outcome);
    }
    let outcome = import("absurd-extensions");
    assert!(outcome.1.contains("critical extension"), "{}", outcome.1);
    assert_clear_refusal("absurd-extensions", outcome);
    // A PKCS#12 asking for 2.5 million key-derivation iterations (a hostile one asks for
    // billions): refused before any derivation.
    std::fs::write(env.path("p12pass"), "123456\n").unwrap();
    let hostile_p12 = p(&env, "iterations.p12");
    let made = Command::new("openssl")
        .args([
            "pkcs12",
            "-export",
            "-passout",
            "pass:123456",
            "-iter",
            "2500000",
            "-in",
        ])
        .arg(env.path("certs/year-9999.pem"))
        .arg("-inkey")
        .arg(env.path("certs/year-9999.key"))
        .arg("-out")
        .arg(&hostile_p12)
        .output()
        .unwrap();
    assert!(made.status.success());
    let outcome = bounded(
        &env,
        &[
            "cert",
            "import",
            &hostile_p12,
            "--password-file",
            &p(&env, "p12pass"),
            "--pin-file",
            &pin,
        ],
    );
    assert!(outcome.1.contains("iterations"), "{}", outcome.1);
    assert_clear_refusal("iterations.p12", outcome);
    // Valid to 9999-12-31: imports, lists and exports like any other.
    let (code, err) = import("year-9999");
    assert_eq!(code, 0, "{err}");
    let list = env.json(&["cert", "list"]);
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert!(
        list[0]["not_after"]
            .as_str()
            .unwrap()
            .starts_with("9999-12-31")
    );
    env.ok(&["log", "verify"]);
}

#[test]
fn hostile_pictures_end_in_a_clear_refusal() {
    let env = Env::onboarded(true);
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hostile");
    let contract = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/contract.pdf");
    let contract = contract.to_string_lossy();
    let out_png = p(&env, "out.png");
    let out_pdf = p(&env, "out.pdf");
    for name in ["png-bomb.png", "png-liar.png", "jpeg-liar.jpg"] {
        let picture = dir.join(name).to_string_lossy().into_owned();
        for args in [
            vec!["seal", "clean", &picture, "--out", &out_png],
            vec![
                "seal", "upload", &picture, "--kind", "official", "--org", "1",
            ],
            vec![
                "pdf", "stamp", &contract, "--out", &out_pdf, "--image", &picture, "--at", "50,50",
            ],
        ] {
            assert_clear_refusal(&format!("{name} {args:?}"), bounded(&env, &args));
        }
        assert!(!env.path("out.png").exists() && !env.path("out.pdf").exists());
    }
    assert!(env.json(&["seal", "list"]).as_array().unwrap().is_empty());
}

#[test]
fn names_of_100_kib_are_refused_with_a_clear_error() {
    // 100 KiB: a single command-line argument cannot exceed 128 KiB on Linux.
    let huge = "企".repeat(34_000);
    let env = Env::onboarded(true);
    for args in [
        vec![
            "person",
            "add",
            "--name",
            &huge,
            "--id-number",
            ID_LEGAL_REP,
        ],
        vec![
            "org",
            "add",
            "--name",
            &huge,
            "--uscc",
            USCC_B,
            "--legal-rep",
            "赵建国",
            "--legal-rep-id",
            ID_LEGAL_REP,
            "--admin",
            "1",
        ],
        vec![
            "seal", "make", "--kind", "contract", "--org", "1", "--text", &huge,
        ],
    ] {
        let what = format!("{} {}", args[0], args[1]);
        assert_clear_refusal(&what, bounded(&env, &args));
    }
    // A 100 KiB keyword is simply not found in a contract.
    let contract = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/contract.pdf");
    std::fs::write(env.path("seal.png"), pdf::red_disc_png(100)).unwrap();
    let (code, err) = bounded(
        &env,
        &[
            "pdf",
            "stamp",
            &contract.to_string_lossy(),
            "--out",
            &p(&env, "out.pdf"),
            "--image",
            &p(&env, "seal.png"),
            "--keyword",
            &huge,
        ],
    );
    assert!(matches!(code, 3 | 5), "exit {code}: {err}");
    assert!(is_one_error(&err) && err.len() < 400, "{err}");
}

#[test]
fn killing_a_batch_signing_leaves_only_valid_signed_outputs_and_their_history() {
    require_tool("sqlite3", "apt-get install sqlite3");
    let env = setup(1);
    env.ok(&[
        "cert", "assign", "--slot", "2", "--owner", "李娜", "--holder", "李娜",
    ]);
    let pin = p(&env, "pin");
    env.ok(&["cert", "issue", "--slot", "2", "--pin-file", &pin]);
    std::fs::create_dir(env.path("in")).unwrap();
    let files = 48;
    for i in 0..files {
        let pages: Vec<_> = (0..4 + i % 3).map(|_| pdf::a4()).collect();
        std::fs::write(env.path(&format!("in/{i:02}.pdf")), pdf::make_pdf(&pages)).unwrap();
    }
    let (input_dir, out_dir) = (p(&env, "in"), p(&env, "out"));
    let args = [
        "--as",
        "李娜",
        "pdf",
        "sign",
        &input_dir,
        "--out-dir",
        &out_dir,
        "--cert",
        "1",
        "--pin-file",
        &pin,
        "--skip-existing",
    ];
    // Twelve kills: most runs sign everything again (--force: replacing earlier outputs),
    // every third only finishes the rest (--skip-existing).
    let mut seed = 0x51ed_270b_u64;
    let mut last = 0;
    for run in 0..12 {
        let last_flag = if run % 3 == 2 {
            "--skip-existing"
        } else {
            "--force"
        };
        let mut child = env
            .cmd()
            .args(&args[..args.len() - 1])
            .arg(last_flag)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(
            next_random(&mut seed) % 150,
        ));
        let _ = child.kill();
        let _ = child.wait();
        // A run killed while its PIN was being checked counts as a wrong attempt (D11: an
        // interrupted check is not a free guess). The right PIN settles it, so that twelve
        // kills on a slow machine do not add up to the lockout this test is not about.
        env.ok(&["cert", "verify-pin", "--cert", "1", "--pin-file", &pin]);
        let events = env
            .json(&["log", "--action", "pdf.sign"])
            .as_array()
            .unwrap()
            .len();
        eprintln!("run {run} killed after signing {}", events - last);
        last = events;
    }
    assert_eq!(env.sqlite3("PRAGMA integrity_check;").trim(), "ok");
    env.ok(&["log", "verify"]);
    let published: Vec<String> = file_names(&env.path("out"))
        .iter()
        .filter(|n| !is_temporary(n))
        .map(|n| p(&env, &format!("out/{n}")))
        .collect();
    let recorded: Vec<String> = env
        .json(&["log", "--action", "pdf.sign"])
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["details"]["output"].as_str().unwrap_or("").to_string())
        .collect();
    eprintln!(
        "after the kills: {} of {files} signed, {} recorded",
        published.len(),
        recorded.len()
    );
    for name in &published {
        assert!(recorded.contains(name), "{name} was published unrecorded");
    }
    // The re-run finishes; every output verifies, none is signed twice, no temp file is left.
    env.ok(&args);
    let names = file_names(&env.path("out"));
    assert_eq!(names.len(), files, "left over: {names:?}");
    for name in &names {
        let out = p(&env, &format!("out/{name}"));
        env.ok(&["pdf", "verify", &out]);
        let n = env.json(&["pdf", "verify", &out])["signatures"]
            .as_array()
            .unwrap()
            .len();
        assert_eq!(n, 1, "{name} carries {n} signatures");
    }
    env.ok(&["log", "verify"]);
}

#[test]
fn an_error_written_to_a_closed_stderr_keeps_its_exit_code() {
    // `catool … 2>&1 | head -1`: the reader of stderr is gone before the error is written.
    let env = Env::new();
    for args in [
        &["cert", "show", "99"][..],
        &["cert", "lst"][..],
        &["--lang", "zh-CN", "cert", "show", "99"][..],
    ] {
        let (reader, writer) = std::io::pipe().expect("pipe");
        drop(reader);
        let status = env.cmd().args(args).stderr(writer).status().expect("run");
        let want = if args.contains(&"lst") { 2 } else { 3 };
        assert_eq!(status.code(), Some(want), "{args:?}: {status:?}");
    }
}
