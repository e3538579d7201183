//! `pdf verify` against attacks on signed PDFs, judged alongside pyHanko.
//!
//! The corpus is made at test time by `tests/attacks/make_corpus.py` (raw PDF bytes, pyHanko
//! and python `cryptography`; no hand-edited binaries): a base document signed by catool
//! (approval, and certification with DocMDP P=2) and by pyHanko (certification P=1, 2, 3),
//! then one incremental update per attack — page content replaced, a signature covering less
//! than its revision, shadow hide / replace / hide-and-replace, an xref that redefines or
//! frees a signed object, signature wrapping, catalog JavaScript, annotations, form filling,
//! second signatures. For every file catool's verdict equals the expected one and pyHanko's
//! (`pyhanko sign validate`: valid ⇔ INTACT, TRUSTED, no ILLEGAL modification), and an
//! invalid file's report names what changed.

use crate::common;
use crate::common::pdf;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use common::*;
use serde_json::Value;

/// The prepared bases of the second red team's attacks (`make_corpus.py base-prepared V`).
const PREPARED: [&str; 10] = [
    "ia_oc",
    "ia_js",
    "ia_hidden_field",
    "pkey_metadata",
    "pkey_parent_metadata",
    "pkey_fieldap",
    "pkey_info_gs",
    "pt_meta",
    "pt_ap",
    "zorder",
];

pub(crate) struct Corpus {
    env: Env,
    pub(crate) dir: PathBuf,
    manifest: Vec<Value>,
}

fn s(p: &Path) -> String {
    p.to_string_lossy().into_owned()
}

fn script(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/attacks")
        .join(name)
}

fn python(args: &[&str]) -> String {
    let out = Command::new("python3")
        .args(args)
        .output()
        .expect("run python3");
    assert!(
        out.status.success(),
        "python3 {args:?} failed (pip install pyhanko pyhanko-cli, or run .ci/deps):\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A registry with an RSA CA and 李娜's certificate 1 (PIN in `pin`, PKCS#12 `signer.p12`),
/// the base document signed by catool twice, and the attacks made from them.
pub(crate) fn corpus() -> &'static Corpus {
    static CORPUS: OnceLock<Corpus> = OnceLock::new();
    CORPUS.get_or_init(|| {
        require_tool("pyhanko", "pip install pyhanko-cli");
        require_tool("qpdf", "apt-get install qpdf");
        let env = Env::onboarded(true);
        env.ok(&["ca", "init", "--name", "Corpus RSA CA", "--algo", "rsa2048"]);
        env.ok(&["package", "buy", "--org", "1"]);
        env.ok(&["package", "pay", "--package", "1"]);
        std::fs::write(env.path("pin"), "123456\n").unwrap();
        env.ok(&[
            "cert", "assign", "--slot", "2", "--owner", "李娜", "--holder", "李娜",
        ]);
        let (pin, p12) = (s(&env.path("pin")), s(&env.path("signer.p12")));
        env.ok(&[
            "cert",
            "issue",
            "--slot",
            "2",
            "--ca",
            "Corpus RSA CA",
            "--pin-file",
            &pin,
            "--p12",
            &p12,
        ]);
        let ca = s(&env.path("ca.pem"));
        env.ok(&["ca", "export", "Corpus RSA CA", "--out", &ca]);
        let base = s(&env.path("base.pdf"));
        python(&[&s(&script("make_corpus.py")), "base", &base]);
        pdf::qpdf_check(&env.path("base.pdf"));
        for (out, extra) in [("A.pdf", None), ("C.pdf", Some("--certify"))] {
            let out = s(&env.path(out));
            let mut args = vec![
                "--as",
                "李娜",
                "pdf",
                "sign",
                &base,
                "--out",
                &out,
                "--cert",
                "1",
                "--pin-file",
                &pin,
            ];
            args.extend(extra);
            env.ok(&args);
        }
        let inherited = s(&env.path("base-inherited.pdf"));
        python(&[&s(&script("make_corpus.py")), "base-inherited", &inherited]);
        for (out, extra) in [("A2.pdf", None), ("C2.pdf", Some("--certify"))] {
            let out = s(&env.path(out));
            let mut args = vec![
                "--as",
                "李娜",
                "pdf",
                "sign",
                &inherited,
                "--out",
                &out,
                "--cert",
                "1",
                "--pin-file",
                &pin,
            ];
            args.extend(extra);
            env.ok(&args);
        }
        // Prepared bases (the second red team's): each signed by catool, approval and certified.
        std::fs::create_dir_all(env.path("prepared")).unwrap();
        for v in PREPARED {
            let base = s(&env.path(&format!("prepared/base_{v}.pdf")));
            python(&[&s(&script("make_corpus.py")), "base-prepared", v, &base]);
            for (tag, extra) in [("A", None), ("C", Some("--certify"))] {
                let out = s(&env.path(&format!("prepared/prepared_{v}_{tag}.pdf")));
                let mut args = vec![
                    "--as",
                    "李娜",
                    "pdf",
                    "sign",
                    &base,
                    "--out",
                    &out,
                    "--cert",
                    "1",
                    "--pin-file",
                    &pin,
                ];
                args.extend(extra);
                env.ok(&args);
            }
        }
        let dir = env.path("corpus");
        python(&[
            &s(&script("make_corpus.py")),
            "attacks",
            "--approval",
            &s(&env.path("A.pdf")),
            "--certified",
            &s(&env.path("C.pdf")),
            "--p12",
            &p12,
            "--p12-password-file",
            &pin,
            "--ca",
            &ca,
            "--inherited-approval",
            &s(&env.path("A2.pdf")),
            "--inherited-certified",
            &s(&env.path("C2.pdf")),
            "--prepared-dir",
            &s(&env.path("prepared")),
            "--out",
            &s(&dir),
        ]);
        let manifest: Vec<Value> =
            serde_json::from_slice(&std::fs::read(dir.join("manifest.json")).unwrap()).unwrap();
        Corpus { env, dir, manifest }
    })
}

/// pyHanko's bottom line per signature field, as its Python API computed it when the corpus
/// was made (`make_corpus.py` calls `pyhanko_verdict.py` in process); a file pyHanko cannot
/// open has no fields and counts as invalid.
fn pyhanko_verdicts(case: &Value) -> BTreeMap<String, bool> {
    case["pyhanko"]
        .as_array()
        .map(|lines| {
            lines
                .iter()
                .filter_map(|l| {
                    Some((
                        l["field"].as_str()?.to_string(),
                        l["bottom_line"].as_bool()?,
                    ))
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Whether `pyhanko sign validate` (the command) accepts every signature of `file`.
fn pyhanko_cli_accepts(file: &Path, ca: &Path) -> bool {
    Command::new("pyhanko")
        .args([
            "sign",
            "validate",
            "--no-revocation-check",
            "--trust-replace",
            "--trust",
        ])
        .arg(ca)
        .arg(file)
        .output()
        .expect("run pyhanko")
        .status
        .success()
}

/// Judges the corpus file made by attack `name`: catool == expected for the signatures the
/// attack targets, and == pyHanko (its API, and the exit code of `pyhanko sign validate`) for
/// every signature — except where the manifest records that pyHanko is fooled (it says valid
/// although what a reader shows changed: catool must still say invalid) or that its command
/// refuses the file kind outright. The exit code follows the verdict, and an invalid file's
/// report names the change.
fn judge(name: &str) {
    let c = corpus();
    let case = c
        .manifest
        .iter()
        .find(|e| e["attack"] == name)
        .unwrap_or_else(|| panic!("no attack {name} in the manifest"));
    let file = c.dir.join(case["file"].as_str().unwrap());
    let expect_valid = case["expect"] == "valid";
    let fooled = case["pyhanko_fooled"] == true;
    let (catool, report, code) = pdf::verify_verdicts(&c.env, &file);
    let pyhanko = pyhanko_verdicts(case);
    eprintln!("{name}: catool {catool:?}, pyHanko {pyhanko:?}\n{report}");
    let targets: Vec<String> = case["signatures"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|f| f.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default();
    assert!(
        !targets.is_empty(),
        "{name}: the manifest names no signature"
    );
    for field in &targets {
        assert_eq!(
            catool.get(field),
            Some(&expect_valid),
            "{name}: catool's verdict on {field} is not the expected one:\n{report}"
        );
        let theirs = pyhanko.get(field).copied().unwrap_or(false);
        if fooled {
            assert!(
                theirs,
                "{name}: pyHanko is no longer fooled; update the manifest"
            );
        } else {
            assert_eq!(theirs, expect_valid, "{name}: pyHanko's verdict on {field}");
        }
    }
    if !fooled {
        for (field, ok) in &pyhanko {
            assert_eq!(
                catool.get(field),
                Some(ok),
                "{name}: catool and pyHanko disagree on {field}:\n{report}"
            );
        }
    }
    // `pyhanko sign validate`'s exit code, from the corpus run (its entry point in process:
    // `make_corpus.py`); `the_pyhanko_command_in_process_agrees_with_the_executable` shows
    // the executable says the same.
    let cli = case["pyhanko_cli_exit"].as_i64() == Some(0);
    if case
        .get("pyhanko_cli_refuses")
        .is_some_and(|v| !v.is_null())
    {
        assert!(
            !cli,
            "{name}: pyHanko's command accepts a file kind it is recorded to refuse"
        );
    } else {
        assert_eq!(
            cli,
            !pyhanko.is_empty() && pyhanko.values().all(|v| *v),
            "{name}: pyHanko's command and its API disagree"
        );
    }
    let all_valid = catool.values().all(|v| *v);
    assert_eq!(code, if all_valid { 0 } else { 1 }, "{name}: exit code");
    if !expect_valid {
        let names = case["names"].as_str().unwrap_or("");
        assert!(
            report.to_lowercase().contains(&names.to_lowercase()),
            "{name}: the report does not name {names:?}:\n{report}"
        );
        assert!(report.contains("NOT VALID"), "{name}:\n{report}");
    }
}

macro_rules! attack {
    ($test:ident, $name:literal) => {
        #[test]
        fn $test() {
            judge($name);
        }
    };
    // The red team's cases: the attack's name is the test's (see the manifest notes).
    ($($name:ident),+ $(,)?) => {
        $(
            #[test]
            fn $name() {
                judge(stringify!($name));
            }
        )+
    };
}

attack!(an_approval_signed_document_is_valid, "approval");
attack!(a_certified_document_is_valid, "certified");
attack!(
    replacing_page_content_after_an_approval_signature_is_caught,
    "page_content_replaced_approval"
);
attack!(
    pointing_a_page_at_new_content_after_signing_is_caught,
    "page_contents_swapped_approval"
);
attack!(
    replacing_page_content_after_certification_is_caught,
    "page_content_replaced_certified"
);
attack!(
    a_signature_covering_less_than_its_revision_is_not_valid,
    "short_coverage"
);
attack!(shadow_hide_is_caught, "shadow_hide");
attack!(shadow_replace_of_a_shared_font_is_caught, "shadow_replace");
attack!(shadow_hide_and_replace_is_caught, "shadow_hide_and_replace");
attack!(
    an_xref_that_redefines_a_signed_object_is_caught,
    "xref_redefines_signed_object"
);
attack!(
    an_xref_that_frees_a_signed_object_is_caught,
    "xref_frees_signed_object"
);
attack!(signature_wrapping_is_caught, "signature_wrapping");
attack!(
    javascript_added_to_the_catalog_is_caught,
    "catalog_openaction_js"
);
attack!(
    an_annotation_added_after_an_approval_signature_is_caught,
    "annotation_added_approval"
);
attack!(
    form_filling_after_an_approval_signature_is_allowed,
    "form_fill_approval"
);
attack!(
    certification_with_no_changes_allowed_is_valid,
    "certified_pyhanko_p1"
);
attack!(
    certification_allowing_form_filling_is_valid,
    "certified_pyhanko_p2"
);
attack!(
    certification_allowing_annotations_is_valid,
    "certified_pyhanko_p3"
);
attack!(
    form_filling_breaks_a_no_changes_certification,
    "form_fill_p1"
);
attack!(
    form_filling_keeps_a_form_filling_certification,
    "form_fill_p2"
);
attack!(
    an_annotation_breaks_a_form_filling_certification,
    "annotation_p2"
);
attack!(
    an_annotation_after_a_p3_certification_is_not_accepted_as_pyhanko_judges,
    "annotation_p3"
);
attack!(
    a_second_signature_breaks_a_no_changes_certification,
    "second_signature_p1"
);
attack!(
    a_second_signature_keeps_a_form_filling_certification,
    "second_signature_p2"
);
attack!(
    a_second_signature_keeps_an_approval_signature,
    "second_signature_approval"
);

// Found by a red-team pass on the first version (tests/attacks/README.md): an allowed role
// laundering a change (/Metadata, /Info or a new signature field pointed at signed objects),
// updates without %%EOF, ambiguous cross-reference data, xref and object streams, hybrid
// files, generation tricks, orphan widgets, inherited resources; and legitimate workflows
// (pypdf form filling and metadata, form filling in an object stream) that stay valid.
attack!(
    metadata_alias_content_approval,
    metadata_alias_content_certified,
    metadata_alias_catalog_approval,
    metadata_alias_catalog_certified,
    metadata_alias_page_approval,
    metadata_alias_page_certified,
    info_alias_font_approval,
    info_alias_font_certified,
    info_alias_resources_approval,
    info_alias_resources_certified,
    info_alias_overlay_ap_approval,
    info_alias_overlay_ap_certified,
    info_alias_annotation_approval,
    info_alias_annotation_certified,
    tail_no_eof_approval,
    tail_no_eof_certified,
    tail_truncated_eof_approval,
    tail_truncated_eof_certified,
    tail_eof_junk_approval,
    tail_eof_junk_certified,
    xref_alias_entry_approval,
    xref_alias_entry_certified,
    xref_dup_entry_new_first_approval,
    xref_dup_entry_new_first_certified,
    xref_dup_entry_old_first_approval,
    xref_dup_entry_old_first_certified,
    xref_stream_content_approval,
    xref_stream_content_certified,
    objstm_page_approval,
    objstm_page_certified,
    objstm_font_approval,
    objstm_font_certified,
    objstm_form_fill_approval,
    objstm_form_fill_certified,
    objstm_alias_approval,
    objstm_alias_certified,
    hybrid_table_old_approval,
    hybrid_table_old_certified,
    hybrid_table_free_approval,
    hybrid_table_free_certified,
    hybrid_stream_only_approval,
    hybrid_stream_only_certified,
    prev_into_signed_xref_approval,
    prev_into_signed_xref_certified,
    page_generation_1_approval,
    page_generation_1_certified,
    content_generation_1_approval,
    content_generation_1_certified,
    xref_malformed_approval,
    xref_malformed_certified,
    eof_inside_stream_approval,
    eof_inside_stream_certified,
    object_after_trailer_approval,
    object_after_trailer_certified,
    orphan_widget_approval,
    orphan_widget_certified,
    orphan_widget_p1,
    orphan_widget_p2,
    kid_hijack_approval,
    kid_hijack_certified,
    pypdf_form_fill_approval,
    pypdf_form_fill_certified,
    pypdf_metadata_approval,
    pypdf_metadata_certified,
    metadata_alias_p1,
    info_alias_font_p1,
    tail_no_eof_p1,
    inherited_approval,
    inherited_font_replaced_approval,
    inherited_certified,
    inherited_font_replaced_certified
);

// Found by a second red-team pass (tests/attacks/README.md): duplicate dictionary keys,
// definitions an update does not list, a dictionary turned into a stream, and objects that a
// prepared document gives two roles (optional content, actions, resources named /P, z-order);
// the `_signed` files are the prepared documents, signed and untouched, which stay valid.
attack!(
    rt2_dupkey_few_bigfirst_approval,
    rt2_dupkey_few_bigfirst_certified,
    rt2_dupkey_few_biglast_approval,
    rt2_dupkey_few_biglast_certified,
    rt2_dupkey_many_bigfirst_approval,
    rt2_dupkey_many_bigfirst_certified,
    rt2_dupkey_many_biglast_approval,
    rt2_dupkey_many_biglast_certified,
    rt2_dupkey_v35_approval,
    rt2_dupkey_v35_certified,
    rt2_dupkey_catalog_approval,
    rt2_dupkey_catalog_certified,
    rt2_dupkey_catalog_p1,
    rt2_dupkey_catalog_nochange_approval,
    rt2_dupkey_catalog_nochange_certified,
    rt2_dupkey_catalog_nochange_p1,
    rt2_dupkey_page_approval,
    rt2_dupkey_page_certified,
    rt2_dupkey_page_p1,
    rt2_reconstruct_noxrefstm_approval,
    rt2_reconstruct_noxrefstm_certified,
    rt2_reconstruct_noxrefstm_p1,
    rt2_reconstruct_xrefstm9_approval,
    rt2_reconstruct_xrefstm9_certified,
    rt2_reconstruct_xrefstm9_p1,
    rt2_dict_as_stream_page2_approval,
    rt2_dict_as_stream_page2_certified,
    rt2_dict_as_stream_overlay_approval,
    rt2_dict_as_stream_overlay_certified,
    rt2_ia_oc_approval_signed,
    rt2_ia_oc_approval,
    rt2_ia_oc_certified_signed,
    rt2_ia_oc_certified,
    rt2_ia_oc_p1,
    rt2_ia_js_approval_signed,
    rt2_ia_js_approval,
    rt2_ia_js_certified_signed,
    rt2_ia_js_certified,
    rt2_ia_js_p1,
    rt2_ia_hidden_field_approval_signed,
    rt2_ia_hidden_field_approval,
    rt2_ia_hidden_field_certified_signed,
    rt2_ia_hidden_field_certified,
    rt2_pkey_metadata_approval_signed,
    rt2_pkey_metadata_approval,
    rt2_pkey_metadata_certified_signed,
    rt2_pkey_metadata_certified,
    rt2_pkey_parent_metadata_approval_signed,
    rt2_pkey_parent_metadata_approval,
    rt2_pkey_parent_metadata_certified_signed,
    rt2_pkey_parent_metadata_certified,
    rt2_pkey_fieldap_approval_signed,
    rt2_pkey_fieldap_approval,
    rt2_pkey_fieldap_certified_signed,
    rt2_pkey_fieldap_certified,
    rt2_pkey_info_gs_approval_signed,
    rt2_pkey_info_gs_approval,
    rt2_pkey_info_gs_certified_signed,
    rt2_pkey_info_gs_certified,
    rt2_pkey_info_gs_p1,
    rt2_pt_meta_approval_signed,
    rt2_pt_meta_approval,
    rt2_pt_meta_certified_signed,
    rt2_pt_meta_certified,
    rt2_pt_ap_approval_signed,
    rt2_pt_ap_approval,
    rt2_pt_ap_certified_signed,
    rt2_pt_ap_certified,
    rt2_zorder_approval_signed,
    rt2_zorder_approval,
    rt2_zorder_certified_signed,
    rt2_zorder_certified,
    rt2_zorder_p1
);

#[test]
fn every_attack_in_the_corpus_has_a_test() {
    let tested = include_str!("pdf_attacks.rs");
    for case in &corpus().manifest {
        let attack = case["attack"].as_str().unwrap();
        assert!(
            tested.contains(&format!("\"{attack}\""))
                || tested
                    .lines()
                    .any(|l| l.trim().trim_end_matches(',') == attack),
            "attack {attack} of the corpus has no test here"
        );
    }
}

/// `pdf stamp` on a signed document would add page content no signature backs: refused,
/// naming the way to seal a signed document; nothing is written.
#[test]
fn stamping_a_signed_pdf_is_refused_and_says_how_to_seal_it() {
    let c = corpus();
    let env = &c.env;
    std::fs::write(env.path("seal.png"), pdf::red_disc_png(200)).unwrap();
    let out = env.path("stamped.pdf");
    for signed in ["A.pdf", "C.pdf"] {
        let err = env.fails(
            4,
            &[
                "pdf",
                "stamp",
                &s(&env.path(signed)),
                "--image",
                &s(&env.path("seal.png")),
                "--at",
                "100,100",
                "--out",
                &s(&out),
            ],
        );
        assert!(err.contains("pdf sign") && err.contains("--seal"), "{err}");
        assert!(!out.exists(), "a refused stamp wrote {}", out.display());
    }
}

/// 李娜 signs `input` visibly (a red disc at 120,200 mm) into `output`.
fn sign_visibly(env: &Env, input: &str, output: &Path) -> std::process::Output {
    let png = env.path(&format!("{input}.seal.png"));
    std::fs::write(&png, pdf::red_disc_png(200)).unwrap();
    env.run(&[
        "--as",
        "李娜",
        "pdf",
        "sign",
        &s(&env.path(input)),
        "--out",
        &s(output),
        "--cert",
        "1",
        "--pin-file",
        &s(&env.path("pin")),
        "--image",
        &s(&png),
        "--at",
        "120,200",
    ])
}

/// The corpus records `pyhanko sign validate`'s exit code from its entry point called in
/// process (one Python start for 170 files); the `pyhanko` executable, run as a user runs
/// it, says the same — for a file it accepts, one whose signature an attack broke, and one
/// its strict reader refuses outright.
#[test]
fn the_pyhanko_command_in_process_agrees_with_the_executable() {
    let c = corpus();
    let ca = c.env.path("ca.pem");
    let pick = |wanted: &dyn Fn(&Value) -> bool| {
        c.manifest
            .iter()
            .find(|e| wanted(e))
            .unwrap_or_else(|| panic!("no such case in the manifest"))
    };
    let accepted = pick(&|e| e["pyhanko_cli_exit"] == 0);
    let broken = pick(&|e| {
        e["pyhanko_cli_exit"] != 0 && e["expect"] == "invalid" && e["pyhanko_cli_refuses"].is_null()
    });
    let refused = pick(&|e| !e["pyhanko_cli_refuses"].is_null());
    for case in [accepted, broken, refused] {
        let file = c.dir.join(case["file"].as_str().unwrap());
        assert_eq!(
            pyhanko_cli_accepts(&file, &ca),
            case["pyhanko_cli_exit"] == 0,
            "{}: the executable and the in-process command disagree",
            case["file"]
        );
    }
}

/// The way to seal a signed document: a visible signature whose appearance is the seal.
/// catool and pyHanko both accept it, for the earlier signature and the new one.
#[test]
fn sealing_a_signed_pdf_with_a_visible_signature_keeps_both_valid() {
    let env = &corpus().env;
    let out = env.path("A-sealed.pdf");
    let signed = sign_visibly(env, "A.pdf", &out);
    assert!(
        signed.status.success(),
        "{}",
        String::from_utf8_lossy(&signed.stderr)
    );
    let (catool, report, code) = pdf::verify_verdicts(env, &out);
    assert_eq!(code, 0, "{report}");
    assert_eq!(catool.len(), 2, "{report}");
    assert!(catool.values().all(|v| *v), "{report}");
    assert!(
        pyhanko_cli_accepts(&out, &env.path("ca.pem")),
        "pyHanko rejects {}",
        out.display()
    );
}

/// A visible signature on a certified document would break the certification (pyHanko, and
/// catool's analysis): refused before anything is written.
#[test]
fn a_visible_signature_on_a_certified_pdf_is_refused() {
    let env = &corpus().env;
    let out = env.path("C-sealed.pdf");
    let refused = sign_visibly(env, "C.pdf", &out);
    let err = String::from_utf8_lossy(&refused.stderr);
    assert_eq!(refused.status.code(), Some(4), "{err}");
    assert!(
        err.contains("certified") && err.contains("invisibly"),
        "{err}"
    );
    assert!(!out.exists());
}
