//! Field locks (FieldMDP) in `pdf verify`, judged alongside `pyhanko sign validate`.
//!
//! A signature field's /Lock dictionary (ISO 32000-1 12.7.5.5) and the FieldMDP transform in
//! its signature's /Reference (12.8.2.4) freeze form fields: /Action /All, /Include [names],
//! /Exclude [names]. `tests/attacks/make_fieldmdp.py` has pyHanko sign the attack corpus's base
//! document (text field `amount`) with such locks, with a certificate of this registry, and
//! appends the changes an attacker makes afterwards (amount := 900000, a new signature, the
//! value `amount` inherits …). Every verdict is compared with pyHanko's command; where the two
//! differ, the test says why and asserts pyHanko's verdict too, so that a change in pyHanko
//! shows here.
//!
//! The same cases judge signature fields added after a signature (a new field whose value is
//! an earlier signature, a "sneaky" unsigned one) and the form's default appearance (/DR,
//! /NeedAppearances) changed after a lock.

use crate::common::pdf;
use crate::common::*;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use serde_json::Value;

pub(crate) struct Cases {
    env: Env,
    pub(crate) dir: PathBuf,
}

fn s(p: &Path) -> String {
    p.to_string_lossy().into_owned()
}

/// 李娜's certificate (registry CA "Lock CA") as a PKCS#12, and every case file in `cases/`.
pub(crate) fn cases() -> &'static Cases {
    static CASES: OnceLock<Cases> = OnceLock::new();
    CASES.get_or_init(|| {
        require_tool("pyhanko", "pip install pyhanko-cli");
        let env = Env::with_lina_certificate("Lock CA", "rsa2048");
        write_secret(&env.path("p12-password"), "pass-word-12\n");
        let (pin, password, p12) = (
            s(&env.path("pin")),
            s(&env.path("p12-password")),
            s(&env.path("signer.p12")),
        );
        env.ok(&[
            "cert",
            "export",
            "--cert",
            "1",
            "--format",
            "p12",
            "--pin-file",
            &pin,
            "--p12-password-file",
            &password,
            "--out",
            &p12,
        ]);
        env.ok(&["ca", "export", "Lock CA", "--out", &s(&env.path("ca.pem"))]);
        let dir = env.path("cases");
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/attacks/make_fieldmdp.py");
        let out = Command::new("python3")
            .arg(&script)
            .args([&p12, &password, &s(&dir)])
            .output()
            .expect("run python3");
        assert!(
            out.status.success(),
            "make_fieldmdp.py failed (pip install pyhanko pypdf, or run .ci/deps):\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        Cases { env, dir }
    })
}

/// `pyhanko sign validate --executive-summary`: one `FIELD:DIGEST:VALID|INVALID` line per
/// signature, trusting only the registry's CA.
fn pyhanko_verdicts(file: &Path) -> BTreeMap<String, bool> {
    let out = Command::new("pyhanko")
        .args([
            "sign",
            "validate",
            "--executive-summary",
            "--no-revocation-check",
            "--trust-replace",
            "--trust",
        ])
        .arg(cases().env.path("ca.pem"))
        .arg(file)
        .output()
        .expect("run pyhanko");
    let verdicts: BTreeMap<String, bool> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| {
            let (field, verdict) = (l.split(':').next()?, l.rsplit(':').next()?);
            match verdict.trim() {
                "VALID" => Some((field.to_string(), true)),
                "INVALID" => Some((field.to_string(), false)),
                _ => None,
            }
        })
        .collect();
    assert!(
        !verdicts.is_empty(),
        "pyhanko gave no verdict on {}:\n{}",
        file.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    verdicts
}

fn verdicts(list: &[(&str, bool)]) -> BTreeMap<String, bool> {
    list.iter().map(|(f, v)| (f.to_string(), *v)).collect()
}

/// Judges case `name`: catool's verdicts are `catool`, pyHanko's `pyhanko`; the exit code
/// follows catool's. Returns catool's plain report.
fn judge(name: &str, catool: &[(&str, bool)], pyhanko: &[(&str, bool)]) -> String {
    let file = cases().dir.join(format!("{name}.pdf"));
    let (ours, report, code) = pdf::verify_verdicts(&cases().env, &file);
    let theirs = pyhanko_verdicts(&file);
    eprintln!("{name}: catool {ours:?}, pyHanko {theirs:?}\n{report}");
    assert_eq!(
        ours,
        verdicts(catool),
        "{name}: catool's verdicts\n{report}"
    );
    assert_eq!(theirs, verdicts(pyhanko), "{name}: pyHanko's verdicts");
    let all_valid = ours.values().all(|v| *v);
    assert_eq!(code, if all_valid { 0 } else { 1 }, "{name}: exit code");
    report
}

/// Judges a case both tools judge alike.
fn agree(name: &str, expected: &[(&str, bool)]) -> String {
    judge(name, expected, expected)
}

/// The report refuses the change to `field` and names the lock of `signature` that refused it.
fn assert_names_lock(report: &str, field: &str, signature: &str, lock: &str) {
    let line = report
        .lines()
        .filter(|l| l.trim_start().starts_with("change"))
        .find(|l| l.contains(&format!("field {field} is locked by signature {signature}")))
        .unwrap_or_else(|| panic!("no change names the lock on {field}:\n{report}"));
    assert!(line.contains(lock), "{line}");
    assert!(line.ends_with("[NOT ALLOWED]"), "{line}");
    assert!(report.contains("NOT VALID"), "{report}");
}

#[test]
fn a_signature_locking_all_fields_is_valid_while_nothing_changes() {
    agree("all_signed", &[("Lock1", true)]);
}

#[test]
fn filling_a_field_after_a_lock_of_all_fields_is_refused() {
    let report = agree("all_fill", &[("Lock1", false)]);
    assert_names_lock(&report, "amount", "Lock1", "/All");
}

#[test]
fn filling_a_field_the_lock_includes_is_refused() {
    let report = agree("include_fill", &[("Lock1", false)]);
    assert_names_lock(&report, "amount", "Lock1", "/Include [amount]");
}

/// The JSON report carries the same: the change is `other` and says which lock refused it.
#[test]
fn the_json_report_says_which_lock_refused_which_field() {
    cases();
    let file = cases().dir.join("include_fill.pdf");
    let out = cases().env.run(&["--json", "pdf", "verify", &s(&file)]);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let sig = &v["signatures"][0];
    assert_eq!(sig["field"], "Lock1");
    assert_eq!(sig["modification_level"], "other");
    let change = sig["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["what"].as_str().unwrap().contains("amount"))
        .unwrap_or_else(|| panic!("no change to amount: {sig}"));
    assert_eq!(change["level"], "other", "{change}");
    assert!(
        change["what"]
            .as_str()
            .unwrap()
            .contains("field amount is locked by signature Lock1: /Include [amount]"),
        "{change}"
    );
    assert!(sig["problem"].as_str().unwrap().contains("locked"), "{sig}");
}

#[test]
fn filling_a_field_the_exclude_list_leaves_out_is_refused() {
    let report = agree("exclude_other_fill", &[("Lock1", false)]);
    assert_names_lock(&report, "amount", "Lock1", "/Exclude [remark]");
}

#[test]
fn filling_a_field_outside_the_include_list_is_allowed() {
    agree("include_other_fill", &[("Lock1", true)]);
}

#[test]
fn filling_a_field_the_exclude_list_names_is_allowed() {
    agree("exclude_fill", &[("Lock1", true)]);
}

/// A lock written only in the signature field's /Lock: the field dictionary is part of the
/// signed revision, so the lock is the signer's. pyHanko reads field locks only from the
/// signature's /Reference (its `fieldmdp` property: "TODO as above, fall back to /Lock") and
/// accepts the change.
#[test]
fn a_lock_only_in_the_fields_lock_dictionary_counts() {
    let report = judge("lock_only_fill", &[("Lock1", false)], &[("Lock1", true)]);
    assert_names_lock(&report, "amount", "Lock1", "in its field's /Lock)");
}

#[test]
fn a_lock_only_in_the_signatures_reference_counts() {
    let report = agree("reference_only_fill", &[("Lock1", false)]);
    assert_names_lock(&report, "amount", "Lock1", "in its FieldMDP /Reference)");
}

/// Approval1 signs, amount is filled, then Lock2 signs locking amount: the fill happened
/// before Lock2, which covers it; Approval1 allows form filling.
#[test]
fn a_later_signatures_lock_does_not_reach_changes_made_before_it() {
    agree("later_lock_signed", &[("Approval1", true), ("Lock2", true)]);
}

/// The same, then amount filled again: Lock2's lock refuses it; Approval1, which locks
/// nothing, still allows it.
#[test]
fn a_later_signatures_lock_binds_only_that_signature() {
    let report = agree("later_lock_fill", &[("Approval1", true), ("Lock2", false)]);
    assert_names_lock(&report, "amount", "Lock2", "/Include [amount]");
    assert!(
        !report.contains("locked by signature Approval1"),
        "{report}"
    );
}

/// A locked field's read-only flag set later (what Acrobat does to the fields a signature
/// locks) changes nothing it shows. pyHanko refuses it, but for another reason: it counts the
/// locked field's unchanged appearance stream (object 11, last written before the signed
/// revision) as updated in place whenever a later revision touches the form
/// (`_allow_in_place_appearance_update` compares the stream's last change with the signed
/// revision, not with the new one); see also the next-but-one test.
#[test]
fn setting_the_read_only_flag_of_a_locked_field_is_allowed() {
    judge("readonly_flag", &[("Lock1", true)], &[("Lock1", false)]);
}

/// /All locks fields added later too (pyHanko's reading): a new signature — here an
/// invisible one — in a field the lock covers breaks the locking signature.
#[test]
fn a_new_signature_after_a_lock_of_all_fields_is_refused() {
    let report = agree("all_then_signed", &[("Lock1", false), ("Signature2", true)]);
    assert_names_lock(&report, "Signature2", "Lock1", "/All");
}

/// A lock of `amount` leaves a new signature in another field alone. pyHanko refuses it
/// only through the unchanged appearance of `amount` (see the read-only test above): its
/// message is "Update of Reference(idnum=11 …) is not allowed because the form field amount
/// is locked", although the update does not touch object 11.
#[test]
fn a_new_signature_after_a_lock_of_other_fields_is_allowed() {
    judge(
        "include_then_signed",
        &[("Lock1", true), ("Signature2", true)],
        &[("Lock1", false), ("Signature2", true)],
    );
}

/// bid.amount (locked) inherits its value from its parent field bid: setting bid's /V and
/// the form's /NeedAppearances makes a viewer redraw bid.amount as 900000 while bid.amount
/// itself is untouched. pyHanko judges locks on the field changed only (bid is not locked);
/// its INVALID here comes from the unchanged appearance of bid.amount (see above).
#[test]
fn changing_the_value_a_locked_field_inherits_is_refused() {
    let report = agree("inherited_fill", &[("Lock1", false)]);
    assert_names_lock(&report, "bid", "Lock1", "/Include [bid.amount]");
}

// ---- `pdf sign` over a lock (red team round 4, "sign-breaks-locked-signature") ----------
//
// `pdf sign` refuses, before writing anything, a signature an earlier signature's lock
// forbids (read by the code `pdf verify` uses), and what it still signs both tools judge valid.

/// Signs case `name` with 李娜's certificate (as the operator); `extra` adds arguments.
fn sign_case(name: &str, out: &str, extra: &[&str]) -> std::process::Output {
    let env = &cases().env;
    let input = s(&cases().dir.join(format!("{name}.pdf")));
    let (out, pin) = (s(&env.path(out)), s(&env.path("pin")));
    let mut args = vec!["pdf", "sign", &input, "--out", &out];
    args.extend(["--cert", "1", "--pin-file", &pin]);
    args.extend_from_slice(extra);
    env.run(&args)
}

/// The refusal: exit 4, one line naming the locking signature, no output file.
fn assert_refused(out: &std::process::Output, file: &str, says: &str) {
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(4), "{err}");
    assert!(is_one_error(&err), "{err}");
    assert!(err.contains("Lock1") && err.contains(says), "{err}");
    assert!(!cases().env.path(file).exists(), "{file} was written");
}

#[test]
fn signing_after_a_lock_of_all_fields_is_refused_and_writes_nothing() {
    let out = sign_case("all_signed", "all_then_catool.pdf", &[]);
    assert_refused(&out, "all_then_catool.pdf", "/All");
}

#[test]
fn signing_after_a_lock_allowing_no_changes_is_refused() {
    let out = sign_case("p1_signed", "p1_then_catool.pdf", &[]);
    assert_refused(&out, "p1_then_catool.pdf", "/P 1");
}

/// A lock with /P 2 (like a certification) takes only invisible new signatures.
#[test]
fn signing_visibly_after_a_lock_with_a_document_permission_is_refused() {
    let image = cases().env.path("disc.png");
    std::fs::write(&image, pdf::red_disc_png(120)).unwrap();
    let out = sign_case(
        "p2_signed",
        "p2_visible.pdf",
        &["--image", &s(&image), "--at", "100,100"],
    );
    assert_refused(&out, "p2_visible.pdf", "/P 2");
}

/// What catool still signs keeps the locking signature valid, in catool and in pyHanko.
fn signed_and_valid(name: &str, out: &str) {
    let result = sign_case(name, out, &[]);
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    let file = cases().env.path(out);
    let (ours, report, _) = pdf::verify_verdicts(&cases().env, &file);
    assert!(
        ours.len() == 2 && ours.values().all(|v| *v),
        "{ours:?}\n{report}"
    );
    let theirs = pyhanko_verdicts(&file);
    assert!(
        theirs.len() == 2 && theirs.values().all(|v| *v),
        "pyHanko: {theirs:?}"
    );
}

#[test]
fn signing_after_a_lock_of_other_fields_is_allowed_and_both_tools_judge_it_valid() {
    signed_and_valid("include_other_signed", "include_other_then_catool.pdf");
}

#[test]
fn signing_invisibly_after_a_lock_with_p2_is_allowed_and_both_tools_judge_it_valid() {
    signed_and_valid("p2_signed", "p2_then_catool.pdf");
}

// ---- signature fields added after a signature, the form's appearance entries (round 7) ----

/// The report refuses the update of the form's /`key` and names the lock of `signature`.
fn assert_restyle_refused(report: &str, key: &str, signature: &str, lock: &str) {
    let says = format!(
        "updates the form's /{key} (a viewer redraws with it the fields signature {signature} locks: {lock}"
    );
    let line = report
        .lines()
        .filter(|l| l.trim_start().starts_with("change"))
        .find(|l| l.contains(&says))
        .unwrap_or_else(|| panic!("no change says {says:?}:\n{report}"));
    assert!(line.ends_with("[NOT ALLOWED]"), "{line}");
    assert!(report.contains("NOT VALID"), "{report}");
}

/// After a lock of `amount`, an update changes only the form's /DR (its /Helv font now draws
/// "1" as "9") and sets /NeedAppearances: the locked field is untouched, yet a viewer redraws
/// it (poppler shows 900 for 100). The form's default appearance restyles every field drawn
/// with it, so any field lock refuses a change to it (/DR, /DA, /Q, /NeedAppearances).
#[test]
fn restyling_the_form_after_a_field_lock_is_refused() {
    let report = agree("include_dr", &[("Lock1", false)]);
    assert_restyle_refused(&report, "DR", "Lock1", "/Include [amount]");
    assert_restyle_refused(&report, "NeedAppearances", "Lock1", "/Include [amount]");
}

#[test]
fn restyling_the_form_after_a_lock_of_all_fields_is_refused() {
    let report = agree("all_dr", &[("Lock1", false)]);
    assert_restyle_refused(&report, "DR", "Lock1", "/All");
}

/// /NeedAppearances alone: a viewer regenerates the locked field's appearance from its value
/// and the form's defaults instead of showing the signed one.
#[test]
fn asking_viewers_to_redraw_locked_fields_is_refused() {
    let report = agree("include_need_app", &[("Lock1", false)]);
    assert_restyle_refused(&report, "NeedAppearances", "Lock1", "/Include [amount]");
}

/// Without a lock, the form's default appearance stays form filling (pyHanko's rule too:
/// Acrobat rewrites /DR when it fills a form).
#[test]
fn restyling_the_form_after_a_signature_without_a_lock_is_allowed() {
    let report = agree("approval_dr", &[("Signature1", true)]);
    assert!(
        report.contains("updates the form's /DR [allowed]"),
        "{report}"
    );
}
/// A new visible signature field Sig2 whose /V is the signature dictionary of Signature1 (an
/// object of the signed revision): Sig2 shows as signed, with Signature1's valid signature,
/// and its appearance paints over the signed page. A signature field added after a signature
/// may hold only a signature made in that update; and the signature dictionary, value of two
/// fields, is reported for each (pyHanko reports and refuses both too).
#[test]
fn a_new_signature_field_reusing_a_signed_signature_dictionary_is_refused() {
    let report = agree("reused_value", &[("Signature1", false), ("Sig2", false)]);
    let refused = "change     revision 3 adds signature field Sig2 whose value is an object of \
                   the signed revision (a signature made before, not one made in this update) \
                   [NOT ALLOWED]";
    assert_eq!(report.matches(refused).count(), 2, "{report}");
    assert!(report.contains("Sig2 (approval): NOT VALID"), "{report}");
}

/// The same with an invisible Sig2: the rule is the value's, not the field's look (a viewer
/// still lists Sig2 as signed by Signature1's signer).
#[test]
fn a_new_invisible_signature_field_reusing_a_signed_signature_dictionary_is_refused() {
    let report = agree(
        "reused_value_invisible",
        &[("Signature1", false), ("Sig2", false)],
    );
    assert!(
        report
            .contains("adds signature field Sig2 whose value is an object of the signed revision"),
        "{report}"
    );
}

/// "Sneaky Signature" (Mainka et al. 2021): a new, unsigned visible signature field Sig2
/// whose appearance paints a white box and "Contract total: 900000 CNY" over the signed text.
/// catool refuses it as it refuses any annotation added after an approval signature (one can
/// cover signed content): an unsigned field's appearance is not a signer's. pyHanko allows a
/// new signature field whatever it draws.
#[test]
fn an_unsigned_signature_field_painting_over_the_page_is_refused() {
    let report = judge(
        "sneaky_sig_field",
        &[("Signature1", false)],
        &[("Signature1", true)],
    );
    assert!(
        report.contains(
            "adds unsigned visible signature field Sig2 whose appearance draws over the page"
        ),
        "{report}"
    );
    assert!(report.contains("NOT VALID"), "{report}");
}

/// The same overlay with each number of its /Rect an indirect object (red team,
/// 2026-12-02): viewers resolve them and draw it; catool read the rectangle as empty and the
/// field as invisible, so it passed as an invisible field, also under a field lock.
#[test]
fn an_unsigned_signature_field_with_an_indirect_rect_painting_over_the_page_is_refused() {
    let report = judge(
        "sneaky_indirect_rect",
        &[("Signature1", false)],
        &[("Signature1", false)],
    );
    assert!(
        report.contains(
            "adds unsigned visible signature field Sig2 whose appearance draws over the page"
        ),
        "{report}"
    );
    let report = agree("sneaky_indirect_rect_locked", &[("Lock1", false)]);
    assert!(report.contains("NOT VALID"), "{report}");
}

/// An empty visible signature field prepared for a later signer draws nothing: allowed, and
/// signing it later too (both tools).
#[test]
fn an_empty_visible_signature_field_added_after_a_signature_is_allowed() {
    agree("empty_sig_field", &[("Signature1", true)]);
}

#[test]
fn an_empty_signature_field_added_then_signed_keeps_both_signatures_valid() {
    agree(
        "empty_sig_field_signed",
        &[("Signature1", true), ("Sig2", true)],
    );
}
