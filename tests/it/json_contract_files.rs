//! The `--json` contract of docs/json.md (see tests/it/json_contract.rs) for the commands that
//! make and read files: seals, PDFs, time stamping.

use crate::common;
use crate::common::contract;

use std::process::Stdio;

use common::*;
use contract::*;

// ---- the families ------------------------------------------------------------------------

/// 李娜 (certificate 1) and the administrator 张伟 (certificate 2) prove who they are with
/// PIN 123456; seal 1 is the official seal, its picture in `official.png`.
fn with_seals() -> Env {
    let env = Env::with_lina_certificate("CA", "sm2");
    env.certify("张伟", "1");
    env.prove_actors_with("123456");
    let png = s(&env.path("official.png"));
    env.ok(&[
        "seal", "make", "--kind", "official", "--org", "1", "--out", &png,
    ]);
    env
}

#[test]
fn seal_commands_print_their_documented_fields() {
    let env = with_seals();
    let mut c = Checker::default();
    c.check(
        &env,
        "seal make",
        &["seal", "make", "--kind", "contract", "--org", "1"],
    );
    c.check(
        &env,
        "seal make",
        &["seal", "make", "--kind", "name", "--person", "李娜"],
    );
    let cut = s(&env.path("cut.png"));
    c.check(
        &env,
        "seal clean",
        &[
            "seal",
            "clean",
            &s(&env.path("official.png")),
            "--out",
            &cut,
        ],
    );
    c.check(
        &env,
        "seal upload",
        &[
            "seal",
            "upload",
            &cut,
            "--cleaned",
            "--kind",
            "finance",
            "--org",
            "1",
        ],
    );
    c.check(
        &env,
        "seal review",
        &["seal", "review", "--seal", "4", "--approve"],
    );
    c.check(
        &env,
        "seal assign",
        &[
            "--as", "张伟", "seal", "assign", "--seal", "2", "--cert", "2",
        ],
    );
    let grant = [
        "--as",
        "李娜",
        "seal",
        "grant",
        "--seal",
        "1",
        "--from",
        "2026-12-01",
        "--until",
        "2099-12-31",
        "--reason",
        "投标",
    ];
    c.check(&env, "seal grant", &grant);
    c.check(
        &env,
        "seal approve-grant",
        &["--as", "张伟", "seal", "approve-grant", "--grant", "1"],
    );
    c.check(
        &env,
        "seal check",
        &["--as", "李娜", "seal", "check", "--seal", "1"],
    );
    c.check(&env, "person show", &["person", "show", "李娜"]);
    c.check(&env, "seal show", &["seal", "show", "1"]);
    c.check(&env, "seal show", &["seal", "show", "2"]);
    c.check(
        &env,
        "seal revoke-grant",
        &["--as", "张伟", "seal", "revoke-grant", "--grant", "1"],
    );
    c.check(&env, "seal grant", &grant);
    c.check(
        &env,
        "seal reject-grant",
        &["--as", "张伟", "seal", "reject-grant", "--grant", "2"],
    );
    c.check(
        &env,
        "seal void",
        &["seal", "void", "--seal", "4", "--reason", "遗失"],
    );
    let out = s(&env.path("export.png"));
    c.check(
        &env,
        "seal export",
        &["seal", "export", "--seal", "1", "--out", &out],
    );
    c.check(&env, "seal list", &["seal", "list"]);
    c.checked_all(SEALS);
}

#[test]
fn pdf_commands_print_their_documented_fields() {
    let env = with_seals();
    env.ok(&["tsa", "init", "--ca", "CA"]);
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/reportlab_stsong.pdf");
    let input = s(&env.path("in.pdf"));
    std::fs::copy(&fixture, &input).unwrap();
    let (stamped, signed, archived) = (
        s(&env.path("st.pdf")),
        s(&env.path("sg.pdf")),
        s(&env.path("ts.pdf")),
    );
    let pin = pin(&env);
    let mut c = Checker::default();
    // `pdf stamp in.pdf --out OUT --seal 1 --page 1 --at 60,150 [FLAG]`
    let mut stamp = |key: &str, out: &str, flag: Option<&str>| {
        let mut a = vec![
            "pdf", "stamp", &input, "--out", out, "--seal", "1", "--page", "1", "--at", "60,150",
        ];
        a.extend(flag);
        c.check(&env, key, &a);
    };
    stamp("pdf stamp", &stamped, None);
    stamp("pdf stamp (skipped)", &stamped, Some("--skip-existing"));
    stamp(
        "pdf stamp (--dry-run)",
        &s(&env.path("dry.pdf")),
        Some("--dry-run"),
    );
    let (inbox, outbox, signed_dir) = (env.path("inbox"), env.path("outbox"), env.path("signed"));
    std::fs::create_dir(&inbox).unwrap();
    for name in ["a.pdf", "b.pdf"] {
        std::fs::copy(&fixture, inbox.join(name)).unwrap();
    }
    c.check(
        &env,
        "pdf stamp (batch)",
        &[
            "pdf",
            "stamp",
            &s(&inbox),
            "--out-dir",
            &s(&outbox),
            "--seal",
            "1",
            "--all",
            "--at",
            "60,150",
        ],
    );
    c.check(
        &env,
        "pdf sign",
        &[
            "pdf",
            "sign",
            &stamped,
            "--out",
            &signed,
            "--cert",
            "1",
            "--pin-file",
            &pin,
            "--level",
            "B-T",
        ],
    );
    c.check(
        &env,
        "pdf sign (batch)",
        &[
            "pdf",
            "sign",
            &s(&outbox),
            "--out-dir",
            &s(&signed_dir),
            "--cert",
            "1",
            "--pin-file",
            &pin,
        ],
    );
    c.check(
        &env,
        "pdf timestamp",
        &["pdf", "timestamp", &signed, "--out", &archived],
    );
    c.check(&env, "pdf verify", &["pdf", "verify", &archived]);
    let v = c.check_exit(&env, 7, "pdf verify", &["pdf", "verify", &input]);
    assert_eq!(v["verdict"], "no_signatures");
    c.checked_all(PDFS);
}

#[test]
fn tsa_commands_print_their_documented_fields() {
    use std::io::BufRead;
    let env = Env::new();
    env.ok(&["ca", "init", "--name", "CA", "--algo", "sm2"]);
    let mut c = Checker::default();
    c.check(&env, "tsa init", &["tsa", "init", "--ca", "CA"]);
    c.check(&env, "tsa list", &["tsa", "list"]);
    c.check(&env, "tsa show", &["tsa", "show", "1"]);
    c.check(
        &env,
        "tsa export",
        &["tsa", "export", "1", "--out", &s(&env.path("tsa.pem"))],
    );
    std::fs::write(env.path("bid.txt"), "bid").unwrap();
    let (data, token) = (s(&env.path("bid.txt")), s(&env.path("bid.tst")));
    let v = c.check(
        &env,
        "tsa stamp",
        &["tsa", "stamp", &data, "--tsa", "1", "--out", &token],
    );
    assert_eq!(v["kind"], "token");
    let v = c.check(
        &env,
        "tsa stamp",
        &[
            "tsa",
            "stamp",
            &data,
            "--tsa",
            "1",
            "--out",
            &s(&env.path("bid.tsr")),
            "--reply",
        ],
    );
    assert_eq!(v["kind"], "reply");
    c.check(
        &env,
        "tsa check",
        &["tsa", "check", &token, "--data", &data],
    );
    // The server: nothing on stdout; `tsa check --fetch-from` asks it for a token.
    let mut server = env
        .cmd()
        .args([
            "--json",
            "tsa",
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--max-requests",
            "1",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = std::io::BufReader::new(server.stderr.take().unwrap()).lines();
    let first = lines.next().unwrap().unwrap();
    let addr = first["listening on ".len()..]
        .split(' ')
        .next()
        .unwrap()
        .to_string();
    std::thread::spawn(move || for _ in lines {});
    let fetched = s(&env.path("fetched.tst"));
    let url = format!("http://{addr}/");
    c.check(
        &env,
        "tsa check (--fetch-from)",
        &[
            "tsa",
            "check",
            &fetched,
            "--data",
            &data,
            "--fetch-from",
            &url,
        ],
    );
    let out = server.wait_with_output().unwrap();
    assert!(out.status.success(), "{out:?}");
    assert!(
        out.stdout.is_empty(),
        "tsa serve printed on stdout: {out:?}"
    );
    assert_eq!(documented()["tsa serve"].0, "none");
    c.checked.insert("tsa serve".into());
    c.checked_all(TSAS);
}

#[test]
fn electronic_seal_commands_print_their_documented_fields() {
    let env = Env::new();
    let fix = |f: &str| format!("{}/tests/fixtures/eseal/{f}", env!("CARGO_MANIFEST_DIR"));
    let root = fix("ofdrw-root.pem");
    let mut c = Checker::default();
    let v = c.check(
        &env,
        "seal verify",
        &[
            "seal",
            "verify",
            &fix("UserV4.esl"),
            "--trust",
            &root,
            "--at",
            "2021-01-01",
        ],
    );
    assert_eq!(v["verdict"], "valid");
    // ofdrw's stamp: its data hash is zeros, so no file matches (exit 1 after the report).
    std::fs::write(env.path("doc.pdf"), "doc").unwrap();
    let doc = s(&env.path("doc.pdf"));
    let v = c.check_exit(
        &env,
        1,
        "ses verify",
        &[
            "ses",
            "verify",
            &doc,
            &fix("SignedValueV4.dat"),
            "--trust",
            &root,
        ],
    );
    assert_eq!(v["verdict"], "not_valid");
    c.checked_all(ESEALS);
}
