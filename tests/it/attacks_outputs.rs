//! Issue 12, items 3 and 10, attacked through the real binary: outputs that would clobber
//! the registry, its master key or the command's own inputs; batch CSV paths that leave the
//! CSV's directory; untrusted text (names, file names, PDF field names) that reaches the
//! terminal raw, and names that hide their order or their characters (bidi, zero-width).

use crate::common;
use crate::common::pdf;

use std::path::Path;

use common::*;

/// Onboarded, an SM2 CA, a paid package (slot 1 enterprise, 2 and 3 personal), PIN files
/// `pin` (123456) and `pin2` (654321); 李娜 holds certificate 1 (slot 2, PIN 123456); the
/// demo contract is `doc.pdf`, a red disc seal picture `s.png`.
fn setup() -> Env {
    let env = Env::with_lina_certificate("测试CA", "sm2");
    write_secret(&env.path("pin2"), "654321\n");
    let contract = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/contract.pdf");
    std::fs::copy(contract, env.path("doc.pdf")).unwrap();
    std::fs::write(env.path("s.png"), pdf::red_disc_png(200)).unwrap();
    env
}

fn master_key(env: &Env) -> std::path::PathBuf {
    env.path("registry.db.key")
}

/// The refusal is one error on stderr (with its hint) naming the output and what it would have replaced.
fn assert_one_line_naming(err: &str, output: &str, protected: &str) {
    assert!(common::is_one_error(err), "not one error: {err}");
    let lines: Vec<&str> = err.lines().collect();
    assert!(lines[0].starts_with("error: "), "{err}");
    assert!(lines[0].contains(output), "does not name {output}: {err}");
    assert!(
        lines[0].contains(protected),
        "does not name {protected}: {err}"
    );
}

fn events(env: &Env, action: &str) -> usize {
    env.json(&["log", "--action", action])
        .as_array()
        .unwrap()
        .len()
}

// ---- item 3: outputs ------------------------------------------------------------------

#[test]
fn cert_export_onto_the_master_key_is_refused_even_with_force() {
    let env = setup();
    let key = master_key(&env);
    let before = std::fs::read(&key).unwrap();
    let out = p(&env, "registry.db.key");
    for extra in [
        &["--format", "pem"][..],
        &["--format", "p12", "--pin-file", &p(&env, "pin")][..],
    ] {
        let mut args = vec!["cert", "export", "--cert", "1", "--out", &out, "--force"];
        args.extend_from_slice(extra);
        let err = env.fails(5, &args);
        assert_one_line_naming(&err, &out, "master key");
    }
    assert_eq!(
        std::fs::read(&key).unwrap(),
        before,
        "the master key changed"
    );
    // Every key is still usable.
    env.ok(&[
        "cert",
        "verify-pin",
        "--cert",
        "1",
        "--pin-file",
        &p(&env, "pin"),
    ]);
}

#[test]
fn ca_export_onto_the_registry_or_its_wal_and_shm_is_refused_even_with_force() {
    let env = setup();
    let before = std::fs::read(&env.db).unwrap();
    for name in ["registry.db", "registry.db-wal", "registry.db-shm"] {
        let out = p(&env, name);
        let err = env.fails(5, &["ca", "export", "1", "--out", &out, "--force"]);
        assert_one_line_naming(&err, &out, "registry");
    }
    assert_eq!(std::fs::read(&env.db).unwrap(), before);
    env.ok(&["log", "verify"]);
}

#[test]
fn a_custom_master_key_path_is_protected_too() {
    let env = setup();
    let custom = p(&env, "elsewhere.key");
    std::fs::rename(master_key(&env), &custom).unwrap();
    let before = std::fs::read(&custom).unwrap();
    let err = env.fails(
        5,
        &["--master-key", &custom, "crl", "--out", &custom, "--force"],
    );
    assert_one_line_naming(&err, &custom, "master key");
    assert_eq!(std::fs::read(&custom).unwrap(), before);
}

#[test]
fn a_symlink_to_the_registry_as_output_is_refused_even_with_force() {
    let env = setup();
    let link = env.path("ca.pem");
    std::os::unix::fs::symlink(&env.db, &link).unwrap();
    let before = std::fs::read(&env.db).unwrap();
    let out = p(&env, "ca.pem");
    let err = env.fails(5, &["ca", "export", "1", "--out", &out, "--force"]);
    assert_one_line_naming(&err, &out, &p(&env, "registry.db"));
    assert!(std::fs::symlink_metadata(&link).unwrap().is_symlink());
    assert_eq!(std::fs::read(&env.db).unwrap(), before);
}

#[test]
fn a_hard_link_to_the_registry_as_output_is_refused_even_with_force() {
    let env = setup();
    let link = env.path("copy.db");
    std::fs::hard_link(&env.db, &link).unwrap();
    let before = std::fs::read(&env.db).unwrap();
    let out = p(&env, "copy.db");
    let err = env.fails(5, &["ca", "export", "1", "--out", &out, "--force"]);
    assert_one_line_naming(&err, &out, &p(&env, "registry.db"));
    assert_eq!(std::fs::read(&env.db).unwrap(), before);
    assert_eq!(std::fs::read(&link).unwrap(), before);
}

#[test]
fn seal_clean_onto_its_own_photo_is_refused_even_with_force() {
    let env = setup();
    let photo = p(&env, "s.png");
    let before = std::fs::read(&photo).unwrap();
    let err = env.fails(5, &["seal", "clean", &photo, "--out", &photo, "--force"]);
    assert_one_line_naming(&err, &photo, "input");
    assert_eq!(std::fs::read(&photo).unwrap(), before);
    // Also when the registry is not opened at all, it stays protected.
    let db = p(&env, "registry.db");
    let err = env.fails(5, &["seal", "clean", &photo, "--out", &db, "--force"]);
    assert_one_line_naming(&err, &db, "registry");
}

#[test]
fn pdf_stamp_onto_its_seal_image_is_refused_even_with_force() {
    let env = setup();
    let image = p(&env, "s.png");
    let before = std::fs::read(&image).unwrap();
    let err = env.fails(
        5,
        &[
            "pdf",
            "stamp",
            &p(&env, "doc.pdf"),
            "--image",
            &image,
            "--out",
            &image,
            "--at",
            "50,50",
            "--force",
        ],
    );
    assert_one_line_naming(&err, &image, "--image");
    assert_eq!(std::fs::read(&image).unwrap(), before);
}

#[test]
fn pdf_sign_onto_its_pin_file_is_refused_even_with_force_and_nothing_is_recorded() {
    let env = setup();
    let pin = p(&env, "pin");
    let signs = events(&env, "pdf.sign");
    let err = env.fails(
        5,
        &[
            "--as",
            "李娜",
            "pdf",
            "sign",
            &p(&env, "doc.pdf"),
            "--out",
            &pin,
            "--cert",
            "1",
            "--pin-file",
            &pin,
            "--force",
        ],
    );
    assert_one_line_naming(&err, &pin, "--pin-file");
    assert_eq!(std::fs::read_to_string(&pin).unwrap(), "123456\n");
    assert_eq!(events(&env, "pdf.sign"), signs, "a signature was recorded");
}

#[test]
fn encrypt_and_decrypt_outputs_never_replace_their_inputs_or_the_master_key() {
    let env = setup();
    std::fs::write(env.path("bid.txt"), "报价 100 万元").unwrap();
    let (bid, key) = (p(&env, "bid.txt"), p(&env, "registry.db.key"));
    let err = env.fails(5, &["encrypt", "--to", "1", &bid, &key, "--force"]);
    assert_one_line_naming(&err, &key, "master key");
    env.ok(&["encrypt", "--to", "1", &bid, &p(&env, "bid.p7m")]);
    let pin = p(&env, "pin");
    let err = env.fails(
        5,
        &[
            "decrypt",
            "--cert",
            "1",
            "--pin-file",
            &pin,
            &p(&env, "bid.p7m"),
            &pin,
            "--force",
        ],
    );
    assert_one_line_naming(&err, &pin, "--pin-file");
    assert_eq!(std::fs::read_to_string(&pin).unwrap(), "123456\n");
}

#[test]
fn an_existing_output_is_refused_without_force_for_every_writing_command() {
    let env = setup();
    std::fs::write(env.path("bid.txt"), "报价").unwrap();
    env.ok(&[
        "encrypt",
        "--to",
        "1",
        &p(&env, "bid.txt"),
        &p(&env, "bid.p7m"),
    ]);
    env.ok(&["seal", "make", "--kind", "name", "--person", "李娜"]);
    env.ok(&["seal", "assign", "--seal", "1", "--cert", "1"]);
    env.ok(&[
        "cert", "assign", "--slot", "3", "--owner", "王芳", "--holder", "王芳",
    ]);
    let old = p(&env, "old");
    let (doc, png, pin) = (p(&env, "doc.pdf"), p(&env, "s.png"), p(&env, "pin"));
    let p7m = p(&env, "bid.p7m");
    let commands: Vec<Vec<&str>> = vec![
        vec!["ca", "export", "1", "--out", &old],
        vec!["crl", "--out", &old],
        vec!["cert", "export", "--cert", "1", "--out", &old],
        vec![
            "cert",
            "export",
            "--cert",
            "1",
            "--format",
            "p12",
            "--pin-file",
            &pin,
            "--out",
            &old,
        ],
        vec![
            "seal", "make", "--kind", "name", "--person", "王芳", "--out", &old,
        ],
        vec!["seal", "export", "--seal", "1", "--out", &old],
        vec!["seal", "clean", &png, "--out", &old],
        vec![
            "pdf", "stamp", &doc, "--image", &png, "--at", "50,50", "--out", &old,
        ],
        vec![
            "--as",
            "李娜",
            "pdf",
            "sign",
            &doc,
            "--cert",
            "1",
            "--pin-file",
            &pin,
            "--out",
            &old,
        ],
        vec!["encrypt", "--to", "1", &doc, &old],
        vec!["decrypt", "--cert", "1", "--pin-file", &pin, &p7m, &old],
        vec![
            "cert",
            "issue",
            "--slot",
            "3",
            "--pin-file",
            &pin,
            "--p12",
            &old,
        ],
    ];
    for args in &commands {
        std::fs::write(env.path("old"), "keep me").unwrap();
        let err = env.fails(5, args);
        assert!(err.contains("--force"), "{args:?}: {err}");
        assert_one_line_naming(&err, &old, "exists");
        assert_eq!(
            std::fs::read_to_string(env.path("old")).unwrap(),
            "keep me",
            "{args:?} replaced it"
        );
        // With --force the same command replaces it.
        let mut forced = args.clone();
        forced.push("--force");
        env.ok(&forced);
        assert_ne!(
            std::fs::read(env.path("old")).unwrap(),
            b"keep me",
            "{args:?} --force"
        );
    }
}

#[test]
fn a_refused_existing_p12_issues_nothing() {
    let env = setup();
    env.ok(&[
        "cert", "assign", "--slot", "3", "--owner", "王芳", "--holder", "王芳",
    ]);
    std::fs::write(env.path("w.p12"), "keep me").unwrap();
    let issues = events(&env, "cert.issue");
    env.fails(
        5,
        &[
            "cert",
            "issue",
            "--slot",
            "3",
            "--pin-file",
            &p(&env, "pin2"),
            "--p12",
            &p(&env, "w.p12"),
        ],
    );
    assert_eq!(events(&env, "cert.issue"), issues);
    assert_eq!(
        std::fs::read_to_string(env.path("w.p12")).unwrap(),
        "keep me"
    );
}

#[test]
fn a_pdf_batch_refuses_existing_outputs_unless_skip_existing_or_force() {
    let env = setup();
    std::fs::create_dir(env.path("in")).unwrap();
    std::fs::create_dir(env.path("out")).unwrap();
    for name in ["a.pdf", "b.pdf"] {
        std::fs::copy(env.path("doc.pdf"), env.path(&format!("in/{name}"))).unwrap();
    }
    std::fs::write(env.path("out/a.pdf"), "keep me").unwrap();
    let (input, out, png) = (p(&env, "in"), p(&env, "out"), p(&env, "s.png"));
    let stamp = |extra: &[&str]| {
        let mut args = vec![
            "pdf",
            "stamp",
            &input,
            "--out-dir",
            &out,
            "--image",
            &png,
            "--at",
            "50,50",
        ];
        args.extend_from_slice(extra);
        args.into_iter().map(String::from).collect::<Vec<_>>()
    };
    let run = |extra: &[&str]| {
        let args = stamp(extra);
        env.run(&args.iter().map(String::as_str).collect::<Vec<_>>())
    };
    // Without either flag nothing is written, not even the outputs that do not exist.
    let refused = run(&[]);
    assert_eq!(refused.status.code(), Some(5));
    let err = String::from_utf8_lossy(&refused.stderr);
    assert!(
        err.contains("--skip-existing") && err.contains("--force"),
        "{err}"
    );
    assert!(!env.path("out/b.pdf").exists());
    // Both flags at once make no sense.
    assert_eq!(run(&["--force", "--skip-existing"]).status.code(), Some(2));
    assert!(run(&["--skip-existing"]).status.success());
    assert_eq!(
        std::fs::read_to_string(env.path("out/a.pdf")).unwrap(),
        "keep me"
    );
    assert!(env.path("out/b.pdf").is_file());
    assert!(run(&["--force"]).status.success());
    assert!(
        std::fs::read(env.path("out/a.pdf"))
            .unwrap()
            .starts_with(b"%PDF")
    );
}

#[test]
fn batch_csv_paths_resolve_relative_to_the_csv_directory() {
    let env = setup();
    env.ok(&[
        "cert", "assign", "--slot", "3", "--owner", "王芳", "--holder", "王芳",
    ]);
    std::fs::create_dir_all(env.path("rows/p12")).unwrap();
    std::fs::write(env.path("rows/w.pin"), "654321\n").unwrap();
    std::fs::write(
        env.path("rows/rows.csv"),
        "slot,pin_file,p12\n3,w.pin,p12/3.p12\n",
    )
    .unwrap();
    // Run from another directory: the CSV's directory is what counts.
    let out = env
        .cmd()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["cert", "issue", "--batch", &p(&env, "rows/rows.csv")])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(env.path("rows/p12/3.p12").is_file());
}

#[test]
fn batch_csv_paths_that_leave_the_csv_directory_are_refused_per_row() {
    let env = setup();
    env.ok(&[
        "cert", "assign", "--slot", "3", "--owner", "王芳", "--holder", "王芳",
    ]);
    std::fs::create_dir(env.path("rows")).unwrap();
    std::fs::write(env.path("rows/w.pin"), "654321\n").unwrap();
    let outside = p(&env, "outside.p12");
    let abs_pin = p(&env, "pin2");
    let csv = format!(
        "slot,pin_file,p12\n\
         3,../pin2,\n\
         3,{abs_pin},\n\
         3,w.pin,../outside.p12\n\
         3,w.pin,{outside}\n\
         3,w.pin,sub/../../outside.p12\n\
         3,esc/pin2,\n\
         3,w.pin,esc/outside.p12\n\
         3,./w.pin,w.p12\n"
    );
    std::fs::write(env.path("rows/rows.csv"), csv).unwrap();
    std::fs::write(env.path("pin2"), "654321\n").unwrap();
    // A link inside the directory, as an archive unpacked with the CSV can carry.
    std::os::unix::fs::symlink(env.path(""), env.path("rows/esc")).unwrap();
    let out = env.run(&[
        "--json",
        "cert",
        "issue",
        "--batch",
        &p(&env, "rows/rows.csv"),
        "--jobs",
        "1",
    ]);
    assert_eq!(out.status.code(), Some(5));
    let mut lines: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    // The batch's closing line is the `partial` error (docs/json.md); the rows come before.
    let closing = lines.pop().unwrap();
    assert_eq!(closing["error"]["kind"], "partial", "{closing}");
    lines.sort_by_key(|l| l["line"].as_i64());
    let oks: Vec<bool> = lines.iter().map(|l| l["ok"] == true).collect();
    assert_eq!(
        oks,
        [false, false, false, false, false, false, false, true],
        "{lines:?}"
    );
    for l in &lines[..7] {
        let hint = l["error"]["hint"].as_str().unwrap();
        assert!(hint.contains("CSV's directory"), "{l}");
    }
    assert!(!env.path("outside.p12").exists());
    assert!(env.path("rows/w.p12").is_file());
}

#[test]
fn a_batch_row_whose_p12_is_an_input_of_the_batch_is_refused_even_with_force() {
    let env = setup();
    env.ok(&[
        "cert", "assign", "--slot", "3", "--owner", "王芳", "--holder", "王芳",
    ]);
    std::fs::create_dir(env.path("rows")).unwrap();
    std::fs::write(env.path("rows/w.pin"), "654321\n").unwrap();
    std::fs::write(env.path("rows/other.pin"), "654321\n").unwrap();
    std::fs::write(
        env.path("rows/rows.csv"),
        "3,w.pin,w.pin\n3,w.pin,other.pin\n3,other.pin,rows.csv\n",
    )
    .unwrap();
    let out = env.run(&[
        "cert",
        "issue",
        "--batch",
        &p(&env, "rows/rows.csv"),
        "--force",
    ]);
    assert_eq!(out.status.code(), Some(5));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("input"), "{err}");
    assert_eq!(
        std::fs::read_to_string(env.path("rows/w.pin")).unwrap(),
        "654321\n"
    );
    assert_eq!(
        std::fs::read_to_string(env.path("rows/other.pin")).unwrap(),
        "654321\n"
    );
    assert!(
        std::fs::read_to_string(env.path("rows/rows.csv"))
            .unwrap()
            .starts_with("3,w.pin")
    );
    assert_eq!(events(&env, "cert.issue"), 1);
}

// ---- item 10: untrusted text on the terminal ------------------------------------------

/// Nothing a terminal interprets: no control character but the line ends, no bidi or
/// zero-width format character.
fn assert_terminal_safe(what: &str, text: &str) {
    for c in text.chars() {
        let bad = (c.is_control() && c != '\n')
            || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}');
        assert!(!bad, "{what} prints {:?} raw: {text:?}", c);
    }
}

#[test]
fn person_names_with_bidi_overrides_are_refused() {
    let env = Env::new();
    for name in ["\u{202E}伟张", "张\u{2067}伟", "\u{202A}张伟\u{202C}"] {
        let err = env.fails(
            5,
            &["person", "add", "--name", name, "--id-number", ID_ADMIN],
        );
        assert!(err.contains("--name"), "{err}");
        assert!(err.contains("bidi") || err.contains("invisible"), "{err}");
        assert!(common::is_one_error(&err), "{err}");
        assert_terminal_safe("the refusal", &err);
    }
    assert_eq!(env.json(&["person", "list"]).as_array().unwrap().len(), 0);
}

#[test]
fn names_with_zero_width_characters_are_refused() {
    let env = Env::new();
    for name in [
        "张\u{200B}伟",
        "\u{FEFF}张伟",
        "张伟\u{200D}",
        "张\u{2060}伟",
    ] {
        let err = env.fails(
            5,
            &["person", "add", "--name", name, "--id-number", ID_ADMIN],
        );
        assert!(err.contains("--name"), "{err}");
        assert_terminal_safe("the refusal", &err);
    }
    assert_eq!(env.json(&["person", "list"]).as_array().unwrap().len(), 0);
}

#[test]
fn org_names_legal_rep_names_and_seal_labels_with_bidi_or_zero_width_are_refused() {
    let env = Env::onboarded(true);
    let org = |name: &str, rep: &str| {
        env.run(&[
            "org",
            "add",
            "--name",
            name,
            "--uscc",
            USCC_B,
            "--legal-rep",
            rep,
            "--legal-rep-id",
            ID_LEGAL_REP,
            "--admin",
            "4",
        ])
    };
    assert_eq!(org("上海\u{202E}有限公司", "赵建国").status.code(), Some(5));
    assert_eq!(
        org("上海某某有限公司", "赵\u{200B}建国").status.code(),
        Some(5)
    );
    assert_eq!(env.json(&["org", "list"]).as_array().unwrap().len(), 1);
    for (flag, value) in [
        ("--label", "合同\u{202E}专用章"),
        ("--text", "北京\u{FEFF}云签"),
    ] {
        env.fails(
            5,
            &[
                "seal", "make", "--kind", "contract", "--org", "1", flag, value,
            ],
        );
    }
    assert_eq!(env.json(&["seal", "list"]).as_array().unwrap().len(), 0);
}

#[test]
fn names_planted_in_the_registry_are_printed_escaped_and_json_stays_exact() {
    let env = setup();
    env.ok(&["seal", "make", "--kind", "contract", "--org", "1"]);
    // What an attacker with the registry file (or an older catool) could have stored.
    let evil = "\u{1b}]0;pwned\u{7}李娜\r\n3  FAKE ROW\u{202E}";
    let sql_evil =
        "char(27)||']0;pwned'||char(7)||'李娜'||char(13)||char(10)||'3  FAKE ROW'||char(8238)";
    env.sqlite3(&format!(
        "UPDATE persons SET name = {sql_evil} WHERE id = 2;
         UPDATE orgs SET name = {sql_evil} WHERE id = 1;
         UPDATE seals SET label = {sql_evil} WHERE id = 1;
         UPDATE certs SET subject_dn = {sql_evil} WHERE id = 1;"
    ));
    for args in [
        &["person", "list"][..],
        &["person", "show", "2"],
        &["org", "list"],
        &["org", "show", "1"],
        &["cert", "list"],
        &["cert", "show", "1"],
        &["seal", "list"],
        &["seal", "show", "1"],
        &["package", "show", "1"],
    ] {
        let out = env.ok(args);
        assert_terminal_safe(&args.join(" "), &out);
        assert!(out.contains("\\u{1b}"), "{args:?}: {out}");
        assert!(
            !out.lines().any(|l| l.starts_with("3  FAKE")),
            "{args:?} printed a forged row: {out}"
        );
    }
    assert_eq!(env.json(&["person", "show", "2"])["name"], evil);
    assert_eq!(env.json(&["cert", "show", "1"])["subject_dn"], evil);
}

#[test]
fn a_batch_file_name_with_an_osc_sequence_is_reported_escaped() {
    let env = setup();
    std::fs::create_dir(env.path("in")).unwrap();
    std::fs::copy(env.path("doc.pdf"), env.path("in/ok.pdf")).unwrap();
    // A broken PDF whose name sets the terminal title and forges a line.
    let evil = "\u{1b}]0;pwned\u{7}\nbatch: 2 stamped, 0 failed.pdf";
    std::fs::write(env.path("in").join(evil), "not a pdf").unwrap();
    let out = env.run(&[
        "pdf",
        "stamp",
        &p(&env, "in"),
        "--out-dir",
        &p(&env, "out"),
        "--image",
        &p(&env, "s.png"),
        "--at",
        "50,50",
    ]);
    assert_eq!(out.status.code(), Some(5));
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert_terminal_safe("the batch report", &stderr);
    assert_terminal_safe("the batch report", &stdout);
    assert!(stderr.contains("\\u{1b}]0;pwned"), "{stderr}");
    assert!(
        !stderr.lines().any(|l| l.starts_with("batch: 2 stamped")),
        "{stderr}"
    );
}

#[test]
fn a_signature_field_name_with_control_characters_is_printed_escaped() {
    let env = setup();
    env.ok(&[
        "--as",
        "李娜",
        "pdf",
        "sign",
        &p(&env, "doc.pdf"),
        "--out",
        &p(&env, "signed.pdf"),
        "--cert",
        "1",
        "--pin-file",
        &p(&env, "pin"),
    ]);
    let mut bytes = std::fs::read(env.path("signed.pdf")).unwrap();
    let at = bytes
        .windows(12)
        .position(|w| w == b"(Signature1)")
        .expect("field name");
    // Same length, so every offset stays right: ESC, CR, LF and a forged line.
    bytes[at + 1..at + 11].copy_from_slice(b"\x1b[2J\r\nOK: ");
    std::fs::write(env.path("forged.pdf"), &bytes).unwrap();
    let out = env.run(&["pdf", "verify", &p(&env, "forged.pdf")]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_terminal_safe("pdf verify", &stdout);
    assert!(stdout.contains("\\u{1b}[2J"), "{stdout}");
    assert!(!stdout.lines().any(|l| l.starts_with("OK: ")), "{stdout}");
}

#[test]
fn error_messages_print_untrusted_text_escaped() {
    let env = setup();
    let evil = "\u{1b}]0;pwned\u{7}\u{202E}李娜";
    let err = env.fails(3, &["person", "show", evil]);
    assert_terminal_safe("the error", &err);
    assert!(err.contains("\\u{1b}]0;pwned"), "{err}");
    // A missing input file whose name carries a line break and a forged error.
    let err = env.fails(
        5,
        &[
            "seal",
            "clean",
            "nope\nerror: forged",
            "--out",
            &p(&env, "x.png"),
        ],
    );
    assert!(common::is_one_error(&err), "{err}");
}
