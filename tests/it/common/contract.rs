//! The `--json` contract of docs/json.md as tests read it: the documented shapes, the
//! command tree, the checks an output must pass, and the documented keys each family test
//! checks (tests/it/json_contract.rs, tests/it/json_contract_files.rs).
#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet};

use clap::CommandFactory;
use serde_json::Value;

use crate::common::Env;

pub type Spec = (String, BTreeSet<String>);

/// docs/json.md's `- `KEY` — SHAPE: `field`, `field` …` lines: key → (shape, fields). A
/// KEY is a command (`cert show`), a variant of one (`pdf stamp (batch)`), an object inside
/// a command's output (`pdf verify.signatures`), or an object under that field name in any
/// output (`.owner`). `— same as `KEY`` repeats another line; `— SHAPE: the fields of
/// `KEY`` takes another line's fields.
pub fn documented() -> &'static BTreeMap<String, Spec> {
    static DOC: std::sync::OnceLock<BTreeMap<String, Spec>> = std::sync::OnceLock::new();
    DOC.get_or_init(|| {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/json.md");
        let doc = std::fs::read_to_string(path).expect("docs/json.md");
        // (key, shape or None for `same as`, referenced key or None, fields)
        let mut raw = Vec::new();
        for line in doc.lines() {
            let Some(rest) = line.strip_prefix("- `") else {
                continue;
            };
            let Some((key, rest)) = rest.split_once("` — ") else {
                continue;
            };
            let quoted = |s: &str| s.split('`').nth(1).unwrap_or_default().to_string();
            if let Some(other) = rest.strip_prefix("same as `") {
                raw.push((
                    key.to_string(),
                    None,
                    Some(quoted(&format!("`{other}"))),
                    BTreeSet::new(),
                ));
                continue;
            }
            let Some((shape, fields)) = rest.split_once(": ") else {
                continue;
            };
            if fields.starts_with("the fields of `") {
                raw.push((
                    key.to_string(),
                    Some(shape.to_string()),
                    Some(quoted(fields)),
                    BTreeSet::new(),
                ));
                continue;
            }
            // The list ends where an explanation in parentheses begins.
            let fields = fields.split(" (").next().unwrap_or_default();
            let fields = fields
                .split('`')
                .skip(1)
                .step_by(2)
                .map(str::to_string)
                .collect();
            raw.push((key.to_string(), Some(shape.to_string()), None, fields));
        }
        let mut shapes: BTreeMap<String, Spec> = BTreeMap::new();
        while !raw.is_empty() {
            let before = raw.len();
            raw.retain(|(key, shape, other, fields)| {
                let spec = match (shape, other) {
                    (Some(shape), None) => (shape.clone(), fields.clone()),
                    (shape, Some(other)) => match shapes.get(other) {
                        Some((s, f)) => (shape.clone().unwrap_or_else(|| s.clone()), f.clone()),
                        None => return true,
                    },
                    (None, None) => unreachable!(),
                };
                assert!(
                    shapes.insert(key.clone(), spec).is_none(),
                    "docs/json.md lists `{key}` twice"
                );
                false
            });
            assert!(
                raw.len() < before,
                "docs/json.md refers to keys it does not list: {raw:?}"
            );
        }
        shapes
    })
}

pub fn keys(v: &Value) -> BTreeSet<String> {
    v.as_object()
        .unwrap_or_else(|| panic!("not an object: {v}"))
        .keys()
        .cloned()
        .collect()
}

/// The command a documented key is about: `pdf stamp` for `pdf stamp (batch)` and
/// `pdf stamp.result`.
pub fn command_of(key: &str) -> &str {
    let key = key.split('.').next().unwrap_or(key);
    key.split(" (").next().unwrap_or(key)
}

/// Every command catool runs: the leaves of the clap tree, and the commands that also run
/// without a subcommand (`log`, `crl`).
pub fn commands() -> BTreeSet<String> {
    fn walk(cmd: &clap::Command, path: &str, out: &mut BTreeSet<String>) {
        let subs: Vec<&clap::Command> = cmd
            .get_subcommands()
            .filter(|s| s.get_name() != "help")
            .collect();
        if !path.is_empty() && (subs.is_empty() || !cmd.is_subcommand_required_set()) {
            out.insert(path.to_string());
        }
        for s in subs {
            let sub = format!("{path} {}", s.get_name());
            walk(s, sub.trim_start(), out);
        }
    }
    let mut cmd = catool::cli::Cli::command();
    cmd.build();
    let mut out = BTreeSet::new();
    walk(&cmd, "", &mut out);
    out
}

/// Fields whose values are machine values: short, lower-case, from a fixed set.
pub const MACHINE: [&str; 17] = [
    "state",
    "status",
    "kind",
    "source",
    "role",
    "algo",
    "outcome",
    "action",
    "id_type",
    "auth_method",
    "verdict",
    "coverage",
    "rendering",
    "registry_state",
    "signing_time_source",
    "modification_level",
    "allowed_level",
];

/// Checks `v` (printed for `key`, at `path` in the output) against the documented shape of
/// `spec_key`, and every object inside it against its own documented shape.
pub fn conforms(spec_key: &str, path: &str, v: &Value, problems: &mut Vec<String>) {
    let Some((shape, fields)) = documented().get(spec_key) else {
        problems.push(format!("`{path}` is not documented"));
        return;
    };
    let objects: Vec<&serde_json::Map<String, Value>> = match (shape.as_str(), v) {
        ("any", _) => return,
        ("object", Value::Object(m)) => vec![m],
        ("array of objects" | "JSON lines", Value::Array(items)) => {
            if items.is_empty() && !path.contains('.') {
                problems.push(format!("`{path}` printed no element to check"));
            }
            items.iter().filter_map(Value::as_object).collect()
        }
        (shape, v) => {
            problems.push(format!("`{path}`: documented as {shape}, got {v}"));
            return;
        }
    };
    for m in objects {
        let got: BTreeSet<String> = m.keys().cloned().collect();
        let extra: Vec<_> = got.difference(fields).collect();
        let missing: Vec<_> = fields.difference(&got).collect();
        if !extra.is_empty() || !missing.is_empty() {
            problems.push(format!(
                "`{path}`: undocumented fields {extra:?}, documented but missing {missing:?} (prints {got:?})"
            ));
        }
        for (field, x) in m {
            let holds_objects = match x {
                Value::Object(_) => true,
                Value::Array(a) => a.iter().any(Value::is_object),
                _ => false,
            };
            if !holds_objects {
                continue;
            }
            let sub = format!("{path}.{field}");
            let generic = format!(".{field}");
            let spec = if documented().contains_key(&sub) {
                sub.clone()
            } else if documented().contains_key(&generic) {
                generic
            } else {
                sub.clone()
            };
            conforms(&spec, &sub, x, problems);
        }
    }
}

/// Times carry the registry's offset (+08:00 by default); machine fields hold machine
/// values; serials are upper-case hex.
pub fn values_ok(field: &str, v: &Value, problems: &mut Vec<String>) {
    match v {
        Value::String(s) => {
            let b = s.as_bytes();
            let date_time = b.len() >= 16
                && b[..4].iter().all(u8::is_ascii_digit)
                && b[4] == b'-'
                && b[7] == b'-'
                && (b[10] == b'T' || b[10] == b' ')
                && b[13] == b':';
            if date_time && !(b.len() == 25 && b[10] == b'T' && s.ends_with("+08:00")) {
                problems.push(format!(
                    "`{field}`: time '{s}' is not RFC 3339 with the registry's offset"
                ));
            }
            let machine =
                |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || "_-.+".contains(c);
            if MACHINE.contains(&field) && (s.is_empty() || !s.chars().all(machine)) {
                problems.push(format!("`{field}`: '{s}' is not a machine value"));
            }
            let hex = |c: char| c.is_ascii_digit() || ('A'..='F').contains(&c);
            if ["serial", "serial_hex", "signer_serial_hex"].contains(&field)
                && (s.is_empty() || !s.chars().all(hex))
            {
                problems.push(format!("`{field}`: '{s}' is not upper-case hex"));
            }
        }
        Value::Array(a) => a.iter().for_each(|x| values_ok(field, x, problems)),
        Value::Object(m) => m.iter().for_each(|(f, x)| values_ok(f, x, problems)),
        _ => {}
    }
}

/// Runs commands with `--json` and checks each output against docs/json.md; remembers
/// which documented keys it checked, so a family test can say it checked all of its own.
#[derive(Default)]
pub struct Checker {
    pub checked: BTreeSet<String>,
}

impl Checker {
    /// `catool --json ARGS` must exit 0 and print what docs/json.md documents for `key`.
    pub fn check(&mut self, env: &Env, key: &str, args: &[&str]) -> Value {
        self.check_exit(env, 0, key, args)
    }

    /// [`Checker::check`] for a command that exits `code` (a check that found a problem).
    pub fn check_exit(&mut self, env: &Env, code: i32, key: &str, args: &[&str]) -> Value {
        let mut cmd = env.cmd();
        cmd.arg("--json").args(args);
        self.check_command(key, code, cmd)
    }

    /// [`Checker::check`] with the clock at `now` (`CATOOL_NOW`, debug builds).
    pub fn check_at(&mut self, env: &Env, now: &str, key: &str, args: &[&str]) -> Value {
        let mut cmd = env.cmd();
        cmd.env("CATOOL_NOW", now).arg("--json").args(args);
        self.check_command(key, 0, cmd)
    }

    pub fn check_command(&mut self, key: &str, code: i32, mut cmd: std::process::Command) -> Value {
        let out = cmd.output().expect("run catool");
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert_eq!(
            out.status.code(),
            Some(code),
            "`{key}`: {cmd:?}\nstdout: {stdout}\nstderr: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let lines = documented()
            .get(key)
            .is_some_and(|(s, _)| s == "JSON lines");
        let v: Value = if lines {
            stdout
                .lines()
                .map(|l| {
                    serde_json::from_str::<Value>(l).unwrap_or_else(|e| panic!("`{key}`: {e}: {l}"))
                })
                .collect()
        } else {
            serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("`{key}`: {e}: {stdout}"))
        };
        let mut problems = Vec::new();
        conforms(key, key, &v, &mut problems);
        values_ok("", &v, &mut problems);
        assert!(
            problems.is_empty(),
            "`{key}` ({cmd:?}) differs from docs/json.md:\n{}\n{stdout}",
            problems.join("\n")
        );
        self.checked.insert(key.to_string());
        v
    }

    /// The family test checked exactly the keys of `family`.
    pub fn checked_all(self, family: &[&str]) {
        let family: BTreeSet<String> = family.iter().map(|k| k.to_string()).collect();
        assert_eq!(self.checked, family, "keys checked vs the family's list");
    }
}

pub fn pin(env: &Env) -> String {
    env.path("pin").to_str().unwrap().to_string()
}

pub fn s(p: &std::path::Path) -> String {
    p.to_str().unwrap().to_string()
}

// The documented keys each family test checks. A command with no JSON result of its own
// is listed in docs/json.md under "Without a JSON result" instead.
pub const REGISTRY: &[&str] = &["init", "config list", "config set", "registry copy"];
pub const PERSONS_AND_ORGS: &[&str] = &[
    "person list",
    "person add",
    "org add",
    "org list",
    "org show",
    "org authorize",
    "org transfer-admin",
    "org member add",
    "org member remove",
];
pub const PACKAGES: &[&str] = &[
    "package list",
    "package show",
    "package buy",
    "package pay",
    "cert assign",
    "cert holder",
];
pub const CERTIFICATES: &[&str] = &[
    "cert issue",
    "cert issue (batch)",
    "cert list",
    "cert show",
    "cert show (person)",
    "cert freeze",
    "cert unfreeze",
    "cert bind",
    "cert unbind",
    "cert verify-pin",
    "cert export",
    "cert reissue",
    "cert revoke",
    "cert import",
    "cert extend",
];
pub const CAS_AND_CRLS: &[&str] = &[
    "ca init",
    "ca set",
    "ca list",
    "ca show",
    "ca export",
    "crl",
    "crl issue",
    "crl show",
];
pub const SEALS: &[&str] = &[
    "seal make",
    "seal clean",
    "seal upload",
    "seal review",
    "seal assign",
    "seal grant",
    "seal approve-grant",
    "seal check",
    "seal revoke-grant",
    "seal reject-grant",
    "seal void",
    "seal export",
    "seal list",
    "seal show",
    "person show",
];
pub const HISTORY: &[&str] = &["log", "log verify"];
pub const PDFS: &[&str] = &[
    "pdf stamp",
    "pdf stamp (skipped)",
    "pdf stamp (--dry-run)",
    "pdf stamp (batch)",
    "pdf sign",
    "pdf sign (batch)",
    "pdf timestamp",
    "pdf verify",
];
pub const TSAS: &[&str] = &[
    "tsa init",
    "tsa list",
    "tsa show",
    "tsa export",
    "tsa stamp",
    "tsa check",
    "tsa check (--fetch-from)",
    "tsa serve",
];
pub const ENVELOPES: &[&str] = &["encrypt", "decrypt"];
pub const ESEALS: &[&str] = &["seal verify", "ses verify"];
pub const IMPORT: &[&str] = &["import"];
/// The seals as GB/T 38540 defines them (issue 19): the maker, .esl, import, `ses sign`.
pub const ESLS: &[&str] = &[
    "seal maker init",
    "seal maker list",
    "seal maker show",
    "seal export (esl)",
    "seal import",
    "ses sign",
];

pub const FAMILIES: [&[&str]; 13] = [
    REGISTRY,
    PERSONS_AND_ORGS,
    PACKAGES,
    CERTIFICATES,
    CAS_AND_CRLS,
    SEALS,
    HISTORY,
    PDFS,
    TSAS,
    ENVELOPES,
    IMPORT,
    ESLS,
    ESEALS,
];
