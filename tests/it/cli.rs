//! Command-line conventions: demo, completions, usage errors, man pages in sync.

use crate::common;
use common::*;

#[test]
fn demo_onboards_an_enterprise_on_a_fresh_registry() {
    let env = Env::new();
    let dir = env.path("demo");
    let v = env.json(&["demo", "--dir", dir.to_str().unwrap()]);
    assert!(dir.join("registry.db").is_file());
    assert_eq!(v["orgs"][0]["name"], "北京云签科技有限公司");
    assert!(v["orgs"][0]["authorized_at"].is_string());
    assert_eq!(v["packages"][0]["slots"].as_array().unwrap().len(), 3);
    assert!(v["history"]["problem"].is_null());
    let steps = v["steps"].as_array().unwrap();
    assert!(
        steps
            .iter()
            .any(|s| s.as_str().unwrap().contains("refused"))
    );
    // The demo never touches the user's own registry.
    assert!(!env.db.exists());
}

#[test]
fn demo_issues_sm2_and_rsa_certificates_reissues_one_and_writes_crls() {
    let env = Env::new();
    let dir = env.path("demo");
    let v = env.json(&["demo", "--dir", dir.to_str().unwrap()]);
    let certs = v["certificates"].as_array().unwrap();
    assert_eq!(certs.len(), 3);
    assert!(certs.iter().all(|c| c["state"] == "active"));
    let algos: Vec<&str> = certs.iter().map(|c| c["algo"].as_str().unwrap()).collect();
    assert_eq!(algos, ["sm2", "sm2", "rsa2048"]);
    assert!(
        certs[2]["replaces_cert_id"].is_i64(),
        "the RSA certificate was reissued"
    );
    for f in [
        "ca-sm2.pem",
        "ca-rsa2048.pem",
        "crl-sm2.pem",
        "crl-rsa2048.pem",
        "lina.p12",
    ] {
        assert!(dir.join(f).is_file(), "{f}");
    }
}

#[test]
fn demo_refuses_a_directory_that_already_holds_a_demo() {
    let env = Env::new();
    let dir = env.path("demo");
    env.ok(&["demo", "--dir", dir.to_str().unwrap()]);
    env.fails(4, &["demo", "--dir", dir.to_str().unwrap()]);
}

#[test]
fn demo_without_a_directory_prints_where_it_worked() {
    let env = Env::new();
    let out = env
        .cmd()
        .env("TMPDIR", env.dir.path())
        .arg("demo")
        .output()
        .unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("registry.db"), "{stdout}");
}

#[test]
fn completions_are_printed_for_each_shell() {
    let env = Env::new();
    for shell in ["bash", "zsh", "fish"] {
        let s = env.ok(&["completions", shell]);
        assert!(
            s.contains("transfer-admin"),
            "{shell} completion lacks subcommands"
        );
    }
}

#[test]
fn a_usage_error_exits_2() {
    let env = Env::new();
    env.fails(2, &["org", "add", "--name", "x"]);
    env.fails(2, &["frobnicate"]);
}

/// `generate-man` is a build step: hidden from help, man pages and shell completions.
#[test]
fn completions_do_not_offer_the_hidden_generate_man() {
    let env = Env::new();
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let s = env.ok(&["completions", shell]);
        assert!(
            !s.contains("generate-man"),
            "{shell} completion offers generate-man"
        );
        // Global options and clap's own flags are still offered (fish spells them `-l db`).
        for offered in ["transfer-admin", "master-key", "as-pin-file", "version"] {
            assert!(s.contains(offered), "{shell} completion lacks {offered}");
        }
    }
    assert!(!env.ok(&["--help"]).contains("generate-man"));
}

#[test]
fn help_exits_0_and_lists_exit_codes() {
    let env = Env::new();
    let s = env.ok(&["--help"]);
    assert!(s.contains("Exit codes"), "{s}");
}

#[test]
fn man_pages_in_the_repository_match_the_cli() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("man");
    let pages = catool::cli::man::pages().unwrap();
    let mut expected: Vec<String> = pages.iter().map(|(n, _)| n.clone()).collect();
    expected.sort();
    let mut present: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".1") || n.ends_with(".7"))
        .collect();
    present.sort();
    assert_eq!(
        present, expected,
        "man/ is out of date: run `cargo run -- generate-man man`"
    );
    for (name, bytes) in pages {
        let on_disk = std::fs::read(dir.join(&name)).unwrap();
        assert!(
            on_disk == bytes,
            "man/{name} is out of date: run `cargo run -- generate-man man`"
        );
    }
}

#[test]
fn every_subcommand_has_a_man_page() {
    let pages = catool::cli::man::pages().unwrap();
    let names: Vec<&str> = pages.iter().map(|(n, _)| n.as_str()).collect();
    for n in [
        "catool.1",
        "catool-org-member-add.1",
        "catool-log.1",
        "catool-package-pay.1",
    ] {
        assert!(names.contains(&n), "missing {n}");
    }
}

/// Every `name(section)` a page refers to, e.g. `catool\-org\-add(1)` → `catool-org-add.1`.
fn page_references(roff: &str) -> Vec<String> {
    let text = roff
        .replace("\\-", "-")
        .replace("\\fB", "")
        .replace("\\fR", "");
    let mut refs = Vec::new();
    for (i, _) in text.match_indices("catool") {
        let rest = &text[i..];
        let name_len = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
            .unwrap_or(rest.len());
        let after = &rest[name_len..];
        for section in ["(1)", "(7)"] {
            if after.starts_with(section) {
                refs.push(format!("{}.{}", &rest[..name_len], &section[1..2]));
            }
        }
    }
    refs
}

#[test]
fn man_pages_refer_only_to_pages_that_exist() {
    let pages = catool::cli::man::pages().unwrap();
    let names: Vec<&str> = pages.iter().map(|(n, _)| n.as_str()).collect();
    let mut seen = 0;
    for (name, bytes) in &pages {
        let text = String::from_utf8_lossy(bytes);
        for r in page_references(&text) {
            assert!(
                names.contains(&r.as_str()),
                "{name} refers to {r}, which does not exist"
            );
            seen += 1;
        }
        assert!(
            !text.contains("generate\\-man") && !text.contains("generate-man"),
            "{name} mentions the hidden generate-man"
        );
    }
    assert!(
        seen > 80,
        "only {seen} references found: the scan is broken"
    );
    assert!(
        !names
            .iter()
            .any(|n| n.contains("help") || n.contains("generate"))
    );
}

#[test]
fn the_main_man_page_has_exit_status_environment_files_and_examples() {
    let pages = catool::cli::man::pages().unwrap();
    let main = pages
        .iter()
        .find(|(n, _)| n == "catool.1")
        .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
        .unwrap();
    let sections: Vec<&str> = main.lines().filter(|l| l.starts_with(".SH")).collect();
    for s in [
        ".SH NAME",
        ".SH OPTIONS",
        ".SH \"EXIT STATUS\"",
        ".SH ENVIRONMENT",
        ".SH FILES",
        ".SH EXAMPLES",
        ".SH \"SEE ALSO\"",
    ] {
        assert!(sections.contains(&s), "catool.1 lacks {s}: {sections:?}");
    }
    // Every exit code catool uses is explained, each in its own tagged paragraph.
    use catool::error::exit;
    for code in [
        0,
        exit::CHECK_FAILED,
        exit::USAGE,
        exit::NOT_FOUND,
        exit::REFUSED,
        exit::BAD_INPUT,
        exit::REGISTRY,
        exit::NOT_SIGNED,
        exit::INTERNAL,
    ] {
        assert!(
            main.contains(&format!(".TP\n\\fB{code}\\fR\n")),
            "EXIT STATUS lacks {code}"
        );
    }
    for file in [
        "registry.db",
        "registry.db.key",
        "XDG_DATA_HOME",
        "CATOOL_MASTER_KEY",
    ] {
        assert!(main.contains(file), "catool.1 does not mention {file}");
    }
    assert!(main.contains("catool\\-rules\\fR(7)"));
}

/// The rules have one source, docs/rules.md: the man page is made from it and the README
/// points to it instead of carrying a copy.
#[test]
fn the_rules_page_is_made_from_docs_rules_md() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let rules = std::fs::read_to_string(root.join("docs/rules.md")).unwrap();
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let pages = catool::cli::man::pages().unwrap();
    let page = pages
        .iter()
        .find(|(n, _)| n == "catool-rules.7")
        .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
        .expect("catool-rules.7");
    assert!(page.starts_with(".TH catool-rules 7 "));
    for n in 1..=22 {
        let bullet = format!("- **D{n} ");
        let line = rules
            .lines()
            .find(|l| l.starts_with(&bullet))
            .unwrap_or_else(|| panic!("docs/rules.md lacks D{n}"));
        let name = line[4..].split("**").next().unwrap();
        assert!(
            page.contains(&format!(".TP\n\\fB{name}\\fR")),
            "catool-rules.7 lacks {name}"
        );
        assert!(!readme.contains(&bullet), "README.md still copies D{n}");
    }
    // A phrase from inside a rule reaches the page (escaped for roff).
    assert!(page.contains("five wrong PINs in a row lock a certificate until it is reissued"));
    assert!(readme.contains("(docs/rules.md)") && readme.contains("catool-rules(7)"));
}

/// A reader that stops early (`catool … | head`) is not a bug: no internal error, and the
/// command's own exit code stands.
#[test]
fn a_closed_stdout_is_not_an_internal_error() {
    use std::io::Read;
    let env = Env::new();
    env.ok(&["init"]);
    env.ok(&["person", "add", "--name", "张伟", "--id-number", ID_ADMIN]);
    let mut child = env
        .cmd()
        .args(["--json", "log"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take()); // the reader goes away before catool writes
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    let status = child.wait().unwrap();
    assert!(!err.contains("internal error"), "{err}");
    assert_eq!(status.code(), Some(0), "{err}");
}
