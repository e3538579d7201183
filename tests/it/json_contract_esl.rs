//! The `--json` contract of docs/json.md (see tests/it/json_contract.rs) for the seals as
//! GB/T 38540 defines them: the seal-making authority, `seal export --format esl`, `seal
//! import`, `ses sign`, and the `esl` of `seal show`.

use crate::common::contract::*;
use crate::common::*;

#[test]
fn esl_commands_print_their_documented_fields() {
    let env = Env::with_lina_certificate("CA", "sm2");
    env.certify("张伟", "1");
    env.prove_actors_with("123456");
    let mut c = Checker::default();
    c.check(
        &env,
        "seal maker init",
        &["seal", "maker", "init", "--ca", "CA"],
    );
    c.check(&env, "seal maker list", &["seal", "maker", "list"]);
    c.check(&env, "seal maker show", &["seal", "maker", "show", "1"]);
    env.ok(&["seal", "make", "--kind", "contract", "--org", "1"]);
    env.ok(&[
        "--as", "张伟", "seal", "assign", "--seal", "1", "--cert", "1",
    ]);
    let shown = c.check(&env, "seal show", &["seal", "show", "1"]);
    assert!(shown["esl"].is_object(), "{shown}");
    let esl = s(&env.path("seal.esl"));
    c.check(
        &env,
        "seal export (esl)",
        &[
            "seal", "export", "--seal", "1", "--format", "esl", "--out", &esl,
        ],
    );
    let doc = env.path("doc.txt");
    std::fs::write(&doc, "合同").unwrap();
    c.check(
        &env,
        "ses sign",
        &[
            "--as",
            "李娜",
            "ses",
            "sign",
            &s(&doc),
            "--seal",
            "1",
            "--cert",
            "1",
            "--pin-file",
            &pin(&env),
        ],
    );
    let other = Env::with_lina_certificate("CA2", "sm2");
    c.check(
        &other,
        "seal import",
        &["seal", "import", &esl, "--org", "1"],
    );
    let mut family: Vec<&str> = ESLS.to_vec();
    family.push("seal show");
    c.checked_all(&family);
}
