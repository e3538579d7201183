//! The README walkthrough runs as written (issue 14), so the README cannot drift from catool.
//!
//! Every ```` ```sh ```` block of README.md is run, in order, as ONE bash script
//! (`set -euo pipefail`) the way a new user follows it: from the repository's root (a
//! temporary directory holding `examples/` and `assets/`, so nothing is written into the
//! repository and nothing else of it is needed), with `HOME` in a temporary directory (the
//! walkthrough works in `~/catool` on a fresh registry), the debug `catool` first on PATH, and
//! no `CATOOL_*` variable set (in particular no `CATOOL_NOW`: release builds ignore it). The
//! script keeps the README's line numbers, so a failure names the README line, the command,
//! its exit code and the output before it.
//!
//! The fence rule, so that no failing walkthrough block hides behind another fence: every
//! fenced block of README.md says what it is, and only these are allowed —
//! * `sh`: run;
//! * `console`: commands that build, test or install catool itself, not run here (the test
//!   would run itself): every command line must call `cargo`, `apt-get` or `pip`, or `bash
//!   .ci/deps`;
//! * `json`: must parse (and the onboarding document must be `examples/onboarding.json`);
//! * `text`: no line may start with `catool` or `$ `.
//!
//! Long-running commands (benchmarks, a TSA server without `--max-requests`) therefore have
//! no place in an `sh` block; the walkthrough shows the bounded form.

use crate::common;
use common::*;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const README: &str = include_str!("../../README.md");

/// The whole walkthrough must finish well within this (it takes about 20 s on the 2-core
/// build machine); past it, the run is killed and reported.
const TIME_LIMIT: Duration = Duration::from_secs(300);

struct Block {
    info: String,
    /// Line number (1-based) in README.md of the block's first content line.
    first_line: usize,
    lines: Vec<String>,
}

/// Every fenced block of README.md, in order.
fn blocks() -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut open: Option<Block> = None;
    for (i, line) in README.lines().enumerate() {
        match (&mut open, line.strip_prefix("```")) {
            (None, Some(info)) => {
                open = Some(Block {
                    info: info.trim().to_string(),
                    first_line: i + 2,
                    lines: Vec::new(),
                })
            }
            (Some(_), Some("")) => blocks.extend(open.take()),
            (Some(b), _) => b.lines.push(line.to_string()),
            (None, None) => {}
        }
    }
    assert!(open.is_none(), "README.md ends inside a fenced block");
    blocks
}

/// README.md as a bash script: the `sh` blocks' lines at their README line numbers, every
/// other line empty; line 1 (the title) becomes the preamble.
fn script() -> String {
    let total = README.lines().count();
    let mut lines = vec![String::new(); total];
    for b in blocks().iter().filter(|b| b.info == "sh") {
        for (k, l) in b.lines.iter().enumerate() {
            lines[b.first_line - 1 + k] = l.clone();
        }
    }
    lines[0] = concat!(
        "set -euo pipefail; ",
        "trap 'echo \"README.md line $LINENO: exit $?: $BASH_COMMAND\" > \"$README_FAILURE\"' ERR"
    )
    .to_string();
    lines.join("\n") + "\n"
}

/// A directory standing for the repository's root: `examples/` and `assets/` only.
fn repository_root(dir: &Path) -> PathBuf {
    let root = dir.join("repo");
    std::fs::create_dir(&root).unwrap();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    for d in ["examples", "assets"] {
        std::os::unix::fs::symlink(repo.join(d), root.join(d)).unwrap();
    }
    root
}

fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn every_sh_block_of_the_readme_runs_in_order_on_a_fresh_registry() {
    for tool in ["bash", "jq", "openssl", "tar"] {
        require_tool(tool, "run .ci/deps");
    }
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    std::fs::create_dir(&home).unwrap();
    let root = repository_root(dir.path());
    let script_file = dir.path().join("readme.sh");
    std::fs::write(&script_file, script()).unwrap();
    let failure = dir.path().join("failure.txt");
    let log = dir.path().join("output.txt");
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let examples_before = listing(&examples);

    let bin_dir = Path::new(BIN).parent().unwrap();
    let path = std::env::join_paths(std::iter::once(bin_dir.to_path_buf()).chain(
        std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()),
    ))
    .unwrap();
    // One file, one offset: stdout and stderr interleave as on a terminal.
    let out = std::fs::File::create(&log).unwrap();
    let err = out.try_clone().unwrap();
    let mut cmd = Command::new("bash");
    cmd.arg(&script_file)
        .current_dir(&root)
        .env("HOME", &home)
        .env("PATH", path)
        .env("README_FAILURE", &failure)
        .env_remove("XDG_DATA_HOME")
        .stdin(Stdio::null())
        .stdout(out)
        .stderr(err);
    for (key, _) in std::env::vars_os() {
        if key.to_string_lossy().starts_with("CATOOL") {
            cmd.env_remove(key);
        }
    }
    // Its own process group: whatever the walkthrough leaves running (a TSA server whose
    // client failed) is ended with it.
    std::os::unix::process::CommandExt::process_group(&mut cmd, 0);
    let started = Instant::now();
    let mut child = cmd.spawn().expect("run bash");
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break Some(status);
        }
        if started.elapsed() > TIME_LIMIT {
            break None;
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let _ = Command::new("kill")
        .args(["-KILL", "--", &format!("-{}", child.id())])
        .stderr(Stdio::null())
        .status();
    let _ = child.wait();
    let elapsed = started.elapsed();
    eprintln!("README walkthrough: {:.1} s", elapsed.as_secs_f64());

    let mut output = String::new();
    std::fs::File::open(&log)
        .unwrap()
        .read_to_string(&mut output)
        .unwrap();
    let tail: Vec<&str> = output.lines().rev().take(40).collect();
    let tail = tail.into_iter().rev().collect::<Vec<_>>().join("\n");
    match status {
        None => panic!(
            "the README walkthrough did not finish within {TIME_LIMIT:?}; its last output:\n{tail}"
        ),
        Some(s) if !s.success() => {
            let what = std::fs::read_to_string(&failure)
                .unwrap_or_else(|_| format!("bash exited with {s} before any command failed"));
            let line: Option<usize> = what
                .strip_prefix("README.md line ")
                .and_then(|r| r.split(':').next())
                .and_then(|n| n.parse().ok());
            let context = line
                .map(|n| {
                    README
                        .lines()
                        .enumerate()
                        .skip(n.saturating_sub(3))
                        .take(5)
                        .map(|(i, l)| {
                            format!("{:5}{} {l}", i + 1, if i + 1 == n { ">" } else { ":" })
                        })
                        .collect::<Vec<_>>()
                        .join("\n")
                })
                .unwrap_or_default();
            panic!(
                "a README command failed: {what}\n{context}\n--- its output (stdout and stderr, last 40 lines) ---\n{tail}"
            );
        }
        Some(_) => {}
    }
    assert_eq!(
        listing(&examples),
        examples_before,
        "the walkthrough wrote into the repository's examples/"
    );
    assert!(
        home.join("catool/registry.db").is_file(),
        "the walkthrough's registry is not where the README puts it (~/catool/registry.db)"
    );
}

/// A console block line that builds, tests or installs catool (see the module docs).
fn builds_or_installs(line: &str) -> bool {
    ["cargo ", "apt-get ", "pip ", "bash .ci/deps"]
        .iter()
        .any(|c| line.contains(c))
}

#[test]
fn only_commands_that_build_or_install_catool_are_left_out_of_the_run() {
    let mut run = 0;
    for b in blocks() {
        let at = format!("README.md block at line {}", b.first_line);
        match b.info.as_str() {
            "sh" => run += 1,
            "console" => {
                for l in b.lines.iter().map(|l| l.trim()) {
                    assert!(
                        l.is_empty() || l.starts_with('#') || builds_or_installs(l),
                        "{at}: `{l}` is not run by tests/it/readme.rs; put it in an ```sh block"
                    );
                }
            }
            "json" => {
                serde_json::from_str::<serde_json::Value>(&b.lines.join("\n"))
                    .unwrap_or_else(|e| panic!("{at}: not JSON: {e}"));
            }
            "text" => {
                for l in &b.lines {
                    assert!(
                        !l.starts_with("catool") && !l.starts_with("$ "),
                        "{at}: the command `{l}` is not run by tests/it/readme.rs; put it in an ```sh block"
                    );
                }
            }
            other => panic!(
                "{at}: fence info `{other}`; use sh (run by tests/it/readme.rs), console (cargo, apt-get, pip only), json or text"
            ),
        }
    }
    assert!(
        run >= 9,
        "only {run} sh blocks: the walkthrough lost its commands"
    );
}

#[test]
fn the_walkthrough_sets_no_test_clock_and_takes_no_pin_on_the_command_line() {
    for b in blocks().iter().filter(|b| b.info == "sh") {
        for l in &b.lines {
            assert!(
                !l.contains("CATOOL_NOW")
                    && !l.contains("CATOOL_PIN=")
                    && !l.contains("CATOOL_AS_PIN="),
                "README.md block at line {}: `{l}` (release builds ignore CATOOL_NOW; PINs go in files)",
                b.first_line
            );
        }
    }
}

#[test]
fn the_onboarding_document_shown_is_the_one_shipped_in_examples() {
    let shown: Vec<serde_json::Value> = blocks()
        .iter()
        .filter(|b| b.info == "json")
        .map(|b| serde_json::from_str(&b.lines.join("\n")).unwrap())
        .filter(|v: &serde_json::Value| v.get("persons").is_some())
        .collect();
    let shipped: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/onboarding.json"),
        )
        .unwrap(),
    )
    .unwrap();
    assert_eq!(shown, vec![shipped]);
}
