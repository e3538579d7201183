//! Time stamping proven by tools catool did not write. BouncyCastle validates the SM2
//! signature timestamp of a B-T file (tests/bc/VerifyTimestamp.java); poppler's pdfsig lists
//! the document timestamp of a B-LTA file; certomancer (pyHanko's test PKI, run as an HTTP
//! service) is a TSA catool signs with and whose tokens `tsa check` accepts; pyHanko's
//! in-process DummyTimeStamper makes tokens `tsa check` accepts; and a fake TSA behind
//! `pdf sign --tsa-url` answers wrongly in every way a TSA can (another imprint, another
//! nonce, a certificate not for time stamping, garbage, too slowly): each is refused in one
//! line naming the URL, with no output and no signature in the history.

use crate::common;
use crate::common::bc;
use crate::common::tsa;

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use common::*;
use tsa::{dummy_reply, fake_tsa};

fn p(env: &Env, name: &str) -> String {
    env.path(name).to_string_lossy().into_owned()
}

fn contract(env: &Env) {
    let contract = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/contract.pdf");
    std::fs::copy(contract, env.path("doc.pdf")).unwrap();
}

fn openssl_ok(args: &[&str]) -> Vec<u8> {
    require_tool("openssl", "apt-get install openssl");
    let out = Command::new("openssl")
        .args(args)
        .output()
        .expect("run openssl");
    assert!(
        out.status.success(),
        "openssl {args:?} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// `catool pdf sign doc.pdf --out OUT --cert 1 --pin-file pin EXTRA…`, whatever its outcome.
fn sign(env: &Env, out: &str, extra: &[&str]) -> std::process::Output {
    let (doc, out, pin) = (p(env, "doc.pdf"), p(env, out), p(env, "pin"));
    let mut args = vec![
        "pdf",
        "sign",
        doc.as_str(),
        "--out",
        out.as_str(),
        "--cert",
        "1",
        "--pin-file",
        pin.as_str(),
    ];
    args.extend_from_slice(extra);
    env.run(&args)
}

fn sign_ok(env: &Env, out: &str, extra: &[&str]) {
    let o = sign(env, out, extra);
    assert!(
        o.status.success(),
        "pdf sign {extra:?} failed:\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

/// `pdf verify --json FILE`, whatever its exit code.
fn verify_json(env: &Env, file: &str) -> (Option<i32>, serde_json::Value) {
    let out = env.run(&["--json", "pdf", "verify", &p(env, file)]);
    let v = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "pdf verify --json: bad JSON ({e}):\n{}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out.status.code(), v)
}

/// How many signatures the history records (`pdf.sign` events).
fn signatures_in_history(env: &Env) -> usize {
    env.json(&["log"]).as_array().map_or(0, |a| {
        a.iter().filter(|e| e["action"] == "pdf.sign").count()
    })
}

// ---- 1. SM2 with BouncyCastle --------------------------------------------------------------

/// VerifyCms and VerifyTimestamp, compiled together (VerifyTimestamp reuses VerifyCms's PDF
/// and SM2 code).
fn bouncycastle() -> &'static str {
    static CP: OnceLock<String> = OnceLock::new();
    CP.get_or_init(|| bc::compile(&["VerifyTimestamp.java", "VerifyCms.java"]))
}

fn bc_run(class: &str, pdf: &Path, extra: &[&str]) -> (Option<i32>, String) {
    let mut args = vec![pdf.as_os_str()];
    args.extend(extra.iter().map(std::ffi::OsStr::new));
    bc::run(bouncycastle(), class, &args)
}

/// An SM2 CA with an SM2 registry TSA ("SM2 TSA"); 李娜's SM2 certificate 1 signs the
/// contract at B-T into `bt.pdf`; `ca.pem` and `tsa.pem` are the CA and TSA certificates.
fn sm2_b_t() -> Env {
    let env = Env::with_lina_certificate("SM2 CA", "sm2");
    env.ok(&["tsa", "init", "--ca", "SM2 CA", "--name", "SM2 TSA"]);
    let tsa = env.json(&["tsa", "show", "SM2 TSA"]);
    assert!(
        tsa.to_string().to_lowercase().contains("sm2"),
        "the TSA of an SM2 CA should have an SM2 key: {tsa}"
    );
    contract(&env);
    sign_ok(&env, "bt.pdf", &["--level", "B-T", "--tsa", "SM2 TSA"]);
    std::fs::write(env.path("ca.pem"), env.ok(&["ca", "export", "SM2 CA"])).unwrap();
    env.ok(&["tsa", "export", "SM2 TSA", "--out", &p(&env, "tsa.pem")]);
    env
}

#[test]
fn bouncycastle_verifies_the_sm2_signature_of_a_b_t_file_with_the_sm2_id() {
    let env = sm2_b_t();
    let (code, text) = bc_run("VerifyCms", &env.path("bt.pdf"), &[]);
    assert_eq!(code, Some(0), "BouncyCastle rejects the B-T file:\n{text}");
    let oks: Vec<&str> = text.lines().filter(|l| l.starts_with("OK ")).collect();
    assert_eq!(oks.len(), 1, "{text}");
    assert!(
        oks[0].contains(" SM3withSM2 ") && oks[0].contains("CN=李娜") && oks[0].contains("ess-v2("),
        "{text}"
    );
}

#[test]
fn bouncycastle_validates_the_sm2_signature_timestamp_over_the_signature_value() {
    let env = sm2_b_t();
    let (tsa, ca) = (p(&env, "tsa.pem"), p(&env, "ca.pem"));
    let (code, text) = bc_run(
        "VerifyTimestamp",
        &env.path("bt.pdf"),
        &["--tsa-cert", &tsa, "--ca", &ca],
    );
    assert_eq!(
        code,
        Some(0),
        "BouncyCastle rejects the signature timestamp:\n{text}"
    );
    let ok = text
        .lines()
        .find(|l| l.starts_with("OK "))
        .unwrap_or_else(|| panic!("no OK line:\n{text}"));
    // TimeStampToken.validate with JcaSimpleSignerInfoVerifierBuilder (its SM3withSM2 uses
    // the default ID 1234567812345678, the one catool signs with), an SM3 imprint of the
    // SM2 signature value, and the TSA certificate issued by the SM2 CA.
    for want in [
        "CN=李娜",
        "CN=SM2 TSA",
        "token-alg=SM3withSM2",
        "imprint=SM3(signature value)",
        "validate(JcaSimpleSignerInfoVerifierBuilder)",
        "tsa-issuer-verified(",
    ] {
        assert!(ok.contains(want), "expected `{want}` in: {ok}");
    }
}

#[test]
fn bouncycastle_validates_the_sm2_timestamp_with_the_default_id_given_explicitly() {
    let env = sm2_b_t();
    let (code, text) = bc_run(
        "VerifyTimestamp",
        &env.path("bt.pdf"),
        &[
            "--tsa-cert",
            &p(&env, "tsa.pem"),
            "--distid",
            "1234567812345678",
        ],
    );
    assert_eq!(code, Some(0), "{text}");
    assert!(text.contains("validate(SM2 ID 1234567812345678)"), "{text}");
}

#[test]
fn bouncycastle_refuses_the_sm2_timestamp_checked_with_another_sm2_id() {
    let env = sm2_b_t();
    let (code, text) = bc_run(
        "VerifyTimestamp",
        &env.path("bt.pdf"),
        &[
            "--tsa-cert",
            &p(&env, "tsa.pem"),
            "--distid",
            "1234567812345679",
        ],
    );
    assert_eq!(code, Some(1), "another SM2 ID must not validate:\n{text}");
    assert!(
        text.lines()
            .any(|l| l.starts_with("FAIL ") && l.contains("does not validate")),
        "{text}"
    );
}

/// Offset of the first signature's /Contents hex string (after `<`) and its DER CMS.
fn first_signature_contents(pdf: &[u8]) -> (usize, Vec<u8>) {
    let at = pdf
        .windows(10)
        .position(|w| w == b"/ByteRange")
        .expect("a /ByteRange");
    let text = String::from_utf8_lossy(&pdf[at..at + 120]);
    let nums: Vec<usize> = text
        .split(['[', ']'])
        .nth(1)
        .expect("[a b c d]")
        .split_whitespace()
        .map(|n| n.parse().unwrap())
        .collect();
    let (start, end) = (nums[0] + nums[1] + 1, nums[2] - 1);
    let hex = &pdf[start..end];
    let der: Vec<u8> = hex
        .chunks(2)
        .map(|c| u8::from_str_radix(std::str::from_utf8(c).unwrap(), 16).unwrap())
        .collect();
    let len = match der[1] {
        n if n < 0x80 => 2 + n as usize,
        n => {
            let k = (n & 0x7f) as usize;
            2 + k
                + der[2..2 + k]
                    .iter()
                    .fold(0usize, |a, b| a << 8 | *b as usize)
        }
    };
    (start, der[..len].to_vec())
}

#[test]
fn bouncycastle_refuses_a_signature_timestamp_with_one_byte_changed() {
    let env = sm2_b_t();
    let mut pdf = std::fs::read(env.path("bt.pdf")).unwrap();
    // The CMS ends with the signer's unsigned attributes, whose last value is the timestamp
    // token, which ends with the TSA's signature: its last byte is the CMS's last byte. It
    // lies in the /Contents gap, outside the signed ranges.
    let (start, der) = first_signature_contents(&pdf);
    let last = start + 2 * (der.len() - 1) + 1;
    pdf[last] = if pdf[last] == b'0' { b'1' } else { b'0' };
    std::fs::write(env.path("tst-flipped.pdf"), &pdf).unwrap();
    let (code, text) = bc_run(
        "VerifyTimestamp",
        &env.path("tst-flipped.pdf"),
        &["--tsa-cert", &p(&env, "tsa.pem")],
    );
    assert_eq!(code, Some(1), "a changed token must not validate:\n{text}");
    assert!(
        text.lines()
            .any(|l| l.starts_with("FAIL ") && l.contains("does not validate")),
        "{text}"
    );
    // The signer's own signature is untouched: BouncyCastle still accepts it, so the
    // refusal above is the timestamp's.
    let (code, text) = bc_run("VerifyCms", &env.path("tst-flipped.pdf"), &[]);
    assert_eq!(code, Some(0), "{text}");
    // catool agrees: the timestamp is not valid, so neither is the signature.
    let (code, v) = verify_json(&env, "tst-flipped.pdf");
    assert_eq!(code, Some(1), "{v:#}");
    let s = &v["signatures"][0];
    assert_eq!(s["timestamp_trusted"], false, "{v:#}");
    assert!(
        s["reason"]
            .as_str()
            .unwrap_or("")
            .contains("its signature timestamp is not valid"),
        "{v:#}"
    );
}

#[test]
fn bouncycastle_refuses_a_b_t_file_with_one_signed_byte_changed() {
    let env = sm2_b_t();
    let mut pdf = std::fs::read(env.path("bt.pdf")).unwrap();
    let pos = pdf
        .windows(6)
        .position(|w| w == b"stream")
        .expect("the contract has a stream")
        + 20;
    pdf[pos] ^= 0x01;
    std::fs::write(env.path("flipped.pdf"), &pdf).unwrap();
    let (code, text) = bc_run("VerifyCms", &env.path("flipped.pdf"), &[]);
    assert_eq!(code, Some(1), "{text}");
    assert!(
        text.contains("message-digest attribute value does not match calculated value"),
        "{text}"
    );
}

// ---- 2. pdfsig and the document timestamp --------------------------------------------------

#[test]
fn pdfsig_lists_the_document_timestamp_of_a_b_lta_file_as_a_second_signature_by_the_tsa() {
    require_tool("pdfsig", "apt-get install poppler-utils");
    let env = Env::with_lina_certificate("RSA CA", "rsa2048");
    env.ok(&["tsa", "init", "--ca", "RSA CA", "--name", "Interop TSA"]);
    contract(&env);
    sign_ok(&env, "blta.pdf", &["--level", "B-LTA"]);
    let (code, v) = verify_json(&env, "blta.pdf");
    assert_eq!(code, Some(0), "{v:#}");
    let sigs = v["signatures"].as_array().unwrap();
    assert_eq!(sigs[1]["kind"], "document_timestamp", "{v:#}");
    let fields: Vec<&str> = sigs.iter().map(|s| s["field"].as_str().unwrap()).collect();

    let out = Command::new("pdfsig")
        .arg("-nocert")
        .arg(env.path("blta.pdf"))
        .output()
        .expect("run pdfsig");
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "pdfsig fails:\n{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let blocks: Vec<&str> = text.split("Signature #").skip(1).collect();
    assert_eq!(
        blocks.len(),
        2,
        "pdfsig should list two signatures:\n{text}"
    );
    assert!(
        blocks[0].contains(&format!("Signature Field Name: {}", fields[0]))
            && blocks[0].contains("Signer Certificate Common Name: 李娜"),
        "the first is 李娜's signature:\n{text}"
    );
    assert!(
        blocks[1].contains(&format!("Signature Field Name: {}", fields[1]))
            && blocks[1].contains("Signer Certificate Common Name: Interop TSA"),
        "the second is the document timestamp, signed by the TSA:\n{text}"
    );
}

// ---- 3. certomancer, a TSA catool did not write --------------------------------------------

/// A running `certomancer animate`; killed when dropped.
struct Certomancer {
    child: Child,
    dir: PathBuf,
    tsa_url: String,
}

impl Drop for Certomancer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A certomancer PKI (root CA + TSA with a critical timeStamping EKU, RSA keys made here with
/// openssl under the config dir, as certomancer requires) served on a free port.
fn certomancer(env: &Env) -> Certomancer {
    require_tool(
        "certomancer",
        "pip install 'certomancer[web-api]' (bash .ci/deps)",
    );
    let dir = env.path("certomancer");
    std::fs::create_dir_all(dir.join("keys")).unwrap();
    for k in ["root", "tsa"] {
        let key = dir.join(format!("keys/{k}.key"));
        openssl_ok(&[
            "genpkey",
            "-algorithm",
            "RSA",
            "-pkeyopt",
            "rsa_keygen_bits:2048",
            "-out",
            key.to_str().unwrap(),
        ]);
    }
    let port = free_port();
    std::fs::write(
        dir.join("certomancer.yml"),
        format!(
            r#"external-url-prefix: "http://127.0.0.1:{port}"
keysets:
  interop:
    path-prefix: keys
    keys:
      root: {{path: root.key}}
      tsa: {{path: tsa.key}}
pki-architectures:
  interop:
    keyset: interop
    entity-defaults: {{organization-name: catool interop}}
    entities:
      root: {{common-name: Certomancer Root CA}}
      tsa: {{common-name: Certomancer TSA}}
    certs:
      root:
        subject: root
        subject-key: root
        issuer: root
        authority-key: root
        validity: {{valid-from: "2020-01-01T00:00:00+0000", valid-to: "2100-01-01T00:00:00+0000"}}
        extensions:
          - {{id: basic_constraints, critical: true, value: {{ca: true}}}}
          - id: key_usage
            critical: true
            smart-value: {{schema: key-usage, params: [digital_signature, key_cert_sign, crl_sign]}}
      tsa:
        issuer: root
        validity: {{valid-from: "2020-01-01T00:00:00+0000", valid-to: "2090-01-01T00:00:00+0000"}}
        extensions:
          - id: key_usage
            critical: true
            smart-value: {{schema: key-usage, params: [digital_signature]}}
          - {{id: extended_key_usage, critical: true, value: [time_stamping]}}
    services:
      time-stamping:
        tsa: {{signing-key: tsa, signing-cert: tsa}}
"#
        ),
    )
    .unwrap();
    let log = std::fs::File::create(dir.join("animate.log")).unwrap();
    let child = Command::new("certomancer")
        .args(["--config", "certomancer.yml", "animate", "--port"])
        .arg(port.to_string())
        .arg("--no-web-ui")
        .current_dir(&dir)
        .stdin(Stdio::null())
        .stdout(log.try_clone().unwrap())
        .stderr(log)
        .spawn()
        .expect("start certomancer animate");
    let mut server = Certomancer {
        child,
        tsa_url: format!("http://127.0.0.1:{port}/interop/tsa/tsa"),
        dir,
    };
    let deadline = Instant::now() + Duration::from_secs(30);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        let exited = server.child.try_wait().ok().flatten();
        if exited.is_some() || Instant::now() > deadline {
            panic!(
                "certomancer did not start listening on port {port} ({exited:?}):\n{}",
                std::fs::read_to_string(server.dir.join("animate.log")).unwrap_or_default()
            );
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    server
}

impl Certomancer {
    /// The PKI's root certificate (PEM), written to `path`.
    fn root_pem(&self, path: &Path) {
        let out = Command::new("certomancer")
            .args(["--config", "certomancer.yml", "summon", "interop", "root"])
            .current_dir(&self.dir)
            .output()
            .expect("certomancer summon");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        std::fs::write(path, &out.stdout).unwrap();
    }
}

#[test]
fn a_b_t_signature_stamped_by_certomancer_carries_its_token_but_an_untrusted_tsa_is_not_believed() {
    let env = Env::with_lina_certificate("RSA CA", "rsa2048");
    contract(&env);
    let server = certomancer(&env);
    sign_ok(
        &env,
        "bt.pdf",
        &["--level", "B-T", "--tsa-url", &server.tsa_url],
    );
    let (code, v) = verify_json(&env, "bt.pdf");
    let s = &v["signatures"][0];
    assert!(
        s["timestamp"]["tsa"]
            .as_str()
            .unwrap_or("")
            .contains("CN=Certomancer TSA"),
        "the token should be read, naming certomancer's TSA: {v:#}"
    );
    assert!(s["timestamp"]["time"].is_string(), "{v:#}");
    // Its TSA chains to no registry CA: the time it states proves nothing here, and a
    // signature whose timestamp cannot be trusted is not valid.
    assert_eq!(s["timestamp_trusted"], false, "{v:#}");
    assert_eq!(s["verdict"], "invalid", "{v:#}");
    assert_eq!(
        s["reason"],
        format!(
            "its signature timestamp's TSA ({}) was not certified by a CA of this registry (trust another platform's TSA CA with --trust CA.pem)",
            s["timestamp"]["tsa"].as_str().unwrap()
        ),
        "{v:#}"
    );
    assert_eq!(code, Some(1), "{v:#}");
    // The same signature without a timestamp is valid: the TSA is the only reason.
    sign_ok(&env, "bb.pdf", &["--level", "B-B"]);
    let (code, v) = verify_json(&env, "bb.pdf");
    assert_eq!(code, Some(0), "{v:#}");
    assert_eq!(v["signatures"][0]["verdict"], "valid", "{v:#}");
}

/// POSTs `body` as an application/timestamp-query to `url` (http://127.0.0.1:PORT/path);
/// returns the reply body.
fn post_query(url: &str, body: &[u8]) -> Vec<u8> {
    let rest = url.strip_prefix("http://").unwrap();
    let (authority, path) = rest.split_at(rest.find('/').unwrap());
    let mut s = TcpStream::connect(authority).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    write!(
        s,
        "POST {path} HTTP/1.1\r\nHost: {authority}\r\nContent-Type: application/timestamp-query\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )
    .unwrap();
    s.write_all(body).unwrap();
    let mut reply = Vec::new();
    s.read_to_end(&mut reply).unwrap();
    let end = reply
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("an HTTP reply")
        + 4;
    let head = String::from_utf8_lossy(&reply[..end]);
    assert!(
        head.starts_with("HTTP/1.1 200") || head.starts_with("HTTP/1.0 200"),
        "{head}"
    );
    reply[end..].to_vec()
}

#[test]
fn a_token_fetched_from_certomancer_passes_tsa_check() {
    let env = Env::new();
    let server = certomancer(&env);
    std::fs::write(env.path("bid.txt"), "投标文件 第一册\n").unwrap();
    let query = openssl_ok(&[
        "ts",
        "-query",
        "-data",
        &p(&env, "bid.txt"),
        "-sha256",
        "-cert",
    ]);
    std::fs::write(env.path("r.tsr"), post_query(&server.tsa_url, &query)).unwrap();
    server.root_pem(&env.path("root.pem"));
    let v = env.json(&[
        "tsa",
        "check",
        &p(&env, "r.tsr"),
        "--data",
        &p(&env, "bid.txt"),
        "--trust",
        &p(&env, "root.pem"),
    ]);
    assert!(
        v["tsa_subject"]
            .as_str()
            .unwrap_or("")
            .contains("CN=Certomancer TSA"),
        "{v:#}"
    );
    assert!(
        v["tsa_issuer"]
            .as_str()
            .unwrap_or("")
            .contains("CN=Certomancer Root CA"),
        "{v:#}"
    );
}

#[test]
fn b_lt_with_a_certomancer_tsa_is_refused_in_one_error_and_writes_nothing() {
    let env = Env::with_lina_certificate("RSA CA", "rsa2048");
    contract(&env);
    let server = certomancer(&env);
    let before = env.json(&["log"]);
    let out = sign(
        &env,
        "blt.pdf",
        &["--level", "B-LT", "--tsa-url", &server.tsa_url],
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(4), "{err}");
    assert!(is_one_error(&err), "{err}");
    assert!(
        err.contains("catool cannot vouch for it") && err.contains(&server.tsa_url),
        "{err}"
    );
    assert!(!env.path("blt.pdf").exists());
    // Nothing happened in the registry either: no signature, and no CRL issued for it.
    assert_eq!(env.json(&["log"]), before);
}

// ---- 4. pyHanko's DummyTimeStamper ---------------------------------------------------------

/// An OpenSSL RSA CA (`ca.pem`) and two certificates it issued: `tsa.pem` for time stamping
/// (extendedKeyUsage critical,timeStamping) and `noeku.pem` without any extendedKeyUsage.
fn openssl_pki(env: &Env) {
    let d = |n: &str| p(env, n);
    std::fs::write(
        env.path("ext.cnf"),
        "[tsa]\nbasicConstraints = critical,CA:FALSE\nkeyUsage = critical,digitalSignature,nonRepudiation\nextendedKeyUsage = critical,timeStamping\n\
         [noeku]\nbasicConstraints = critical,CA:FALSE\nkeyUsage = critical,digitalSignature,nonRepudiation\n",
    )
    .unwrap();
    openssl_ok(&[
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        &d("ca.key"),
        "-out",
        &d("ca.pem"),
        "-subj",
        "/CN=Interop Test CA",
        "-days",
        "30",
    ]);
    for (name, cn) in [("tsa", "/CN=Interop Dummy TSA"), ("noeku", "/CN=Not A TSA")] {
        openssl_ok(&[
            "req",
            "-new",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            &d(&format!("{name}.key")),
            "-out",
            &d(&format!("{name}.csr")),
            "-subj",
            cn,
        ]);
        openssl_ok(&[
            "x509",
            "-req",
            "-in",
            &d(&format!("{name}.csr")),
            "-CA",
            &d("ca.pem"),
            "-CAkey",
            &d("ca.key"),
            "-set_serial",
            if name == "tsa" { "2" } else { "3" },
            "-out",
            &d(&format!("{name}.pem")),
            "-days",
            "30",
            "-extfile",
            &d("ext.cnf"),
            "-extensions",
            name,
        ]);
    }
}

#[test]
fn a_token_from_pyhankos_dummy_timestamper_passes_tsa_check() {
    require_tool("python3", "apt-get install python3");
    let env = Env::new();
    openssl_pki(&env);
    std::fs::write(env.path("bid.txt"), "投标文件 第二册\n").unwrap();
    let query = openssl_ok(&[
        "ts",
        "-query",
        "-data",
        &p(&env, "bid.txt"),
        "-sha256",
        "-cert",
    ]);
    let reply = dummy_reply(env.dir.path(), "tsa", "none", &query);
    std::fs::write(env.path("r.tsr"), reply).unwrap();
    let v = env.json(&[
        "tsa",
        "check",
        &p(&env, "r.tsr"),
        "--data",
        &p(&env, "bid.txt"),
        "--trust",
        &p(&env, "ca.pem"),
    ]);
    assert_eq!(v["tsa_subject"], "CN=Interop Dummy TSA", "{v:#}");
    // DummyTimeStamper's own policy OID: the token is pyHanko's, not catool's.
    assert_eq!(v["policy"], "1.3.6.1.4.1.4146.2.2", "{v:#}");
}

// ---- 5. wrong things from a TSA, through pdf sign ------------------------------------------

/// 李娜 (RSA certificate 1) and the contract; an OpenSSL CA with a TSA certificate and one
/// without the timeStamping EKU ([`openssl_pki`]).
fn tsa_faults() -> Env {
    require_tool("python3", "apt-get install python3");
    let env = Env::with_lina_certificate("RSA CA", "rsa2048");
    contract(&env);
    openssl_pki(&env);
    env
}

/// A fake TSA whose answers DummyTimeStamper makes with `cert` and `fault`.
fn dummy_tsa(env: &Env, cert: &'static str, fault: &'static str) -> String {
    let dir = env.dir.path().to_path_buf();
    fake_tsa(
        move |req| dummy_reply(&dir, cert, fault, req),
        Duration::ZERO,
    )
}

/// `pdf sign --level B-T --tsa-url URL` is refused with exit `code` and one line naming the
/// URL and containing `why`; no output file, no signature in the history.
fn refused(env: &Env, url: &str, code: i32, why: &str) {
    let before = signatures_in_history(env);
    let out = sign(env, "x.pdf", &["--level", "B-T", "--tsa-url", url]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(code), "{err}");
    assert_eq!(err.trim().lines().count(), 1, "one line: {err}");
    assert!(
        err.contains(&format!("TSA {url}")),
        "the URL is named: {err}"
    );
    assert!(err.contains(why), "expected `{why}`: {err}");
    assert!(!env.path("x.pdf").exists(), "no output may be written");
    assert_eq!(signatures_in_history(env), before, "no pdf.sign event");
}

#[test]
fn the_fake_tsa_answering_rightly_is_accepted_by_pdf_sign() {
    // The control: the same fake TSA, without a fault, gives a B-T file. Each refusal below
    // is its one fault's doing.
    let env = tsa_faults();
    let url = dummy_tsa(&env, "tsa", "none");
    sign_ok(&env, "bt.pdf", &["--level", "B-T", "--tsa-url", &url]);
    let (_, v) = verify_json(&env, "bt.pdf");
    assert_eq!(
        v["signatures"][0]["timestamp"]["tsa"], "CN=Interop Dummy TSA",
        "{v:#}"
    );
}

#[test]
fn a_tsa_reply_stamping_another_imprint_is_refused_by_pdf_sign() {
    let env = tsa_faults();
    let url = dummy_tsa(&env, "tsa", "imprint");
    refused(&env, &url, 1, "wrong imprint");
}

#[test]
fn a_tsa_reply_with_another_nonce_is_refused_by_pdf_sign() {
    let env = tsa_faults();
    let url = dummy_tsa(&env, "tsa", "nonce");
    refused(&env, &url, 1, "wrong nonce");
}

#[test]
fn a_tsa_reply_signed_by_a_certificate_without_the_time_stamping_eku_is_refused_by_pdf_sign() {
    let env = tsa_faults();
    let url = dummy_tsa(&env, "noeku", "none");
    refused(
        &env,
        &url,
        1,
        "has no extendedKeyUsage timeStamping (RFC 3161 2.3)",
    );
}

#[test]
fn a_tsa_reply_signed_by_an_expired_certificate_is_refused_by_pdf_sign() {
    let env = tsa_faults();
    // A TSA certificate that expired last year, issued by the same OpenSSL CA (the Python
    // `cryptography` package pyHanko depends on sets any dates; the openssl command cannot).
    let script = r#"
import datetime, sys
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID, ExtendedKeyUsageOID
d = sys.argv[1]
ca = x509.load_pem_x509_certificate(open(d + "/ca.pem", "rb").read())
ca_key = serialization.load_pem_private_key(open(d + "/ca.key", "rb").read(), None)
key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
now = datetime.datetime.now(datetime.timezone.utc)
cert = (x509.CertificateBuilder()
    .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Expired TSA")]))
    .issuer_name(ca.subject).public_key(key.public_key()).serial_number(4)
    .not_valid_before(now - datetime.timedelta(days=800))
    .not_valid_after(now - datetime.timedelta(days=400))
    .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
    .sign(ca_key, hashes.SHA256()))
open(d + "/expired.pem", "wb").write(cert.public_bytes(serialization.Encoding.PEM))
open(d + "/expired.key", "wb").write(key.private_bytes(serialization.Encoding.PEM,
    serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
"#;
    let out = Command::new("python3")
        .args(["-c", script])
        .arg(env.dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let url = dummy_tsa(&env, "expired", "none");
    refused(&env, &url, 1, "was not valid at the token's time");
}

#[test]
fn a_garbage_tsa_reply_is_refused_by_pdf_sign() {
    let env = tsa_faults();
    let url = fake_tsa(|_| b"<html>it works</html>".to_vec(), Duration::ZERO);
    refused(&env, &url, 1, "not a DER TimeStampResp");
}

#[test]
fn a_tsa_slower_than_the_ten_second_time_out_is_refused_by_pdf_sign() {
    // pdf sign has no time-out option: the client's 10 s (tsp_http::DEFAULT_TIMEOUT) applies.
    let env = tsa_faults();
    let url = fake_tsa(|_| Vec::new(), Duration::from_secs(15));
    let start = Instant::now();
    refused(&env, &url, 5, "time-out");
    let took = start.elapsed();
    assert!(
        took >= Duration::from_secs(9) && took < Duration::from_secs(13),
        "the refusal should come at the 10 s time-out, not {took:?}"
    );
}
