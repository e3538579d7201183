//! BouncyCastle programs under tests/bc/, compiled with javac at test time against Debian's
//! jars (libbcprov-java, libbcpkix-java, libbcutil-java 1.72; `bash .ci/deps`).
#![allow(dead_code)]

use std::path::Path;
use std::process::Command;

use super::require_tool;

/// Debian's BouncyCastle jars (bcpkix 1.72 needs bcutil at run time).
pub const BC_JARS: [&str; 3] = [
    "/usr/share/java/bcprov.jar",
    "/usr/share/java/bcpkix.jar",
    "/usr/share/java/bcutil.jar",
];

/// Compiles `sources` (file names under tests/bc/, compiled together so they may share
/// code) into the cargo test temp dir, content-addressed so that concurrent runs and stale
/// classes cannot mix; returns the classpath to run them with.
pub fn compile(sources: &[&str]) -> String {
    require_tool("javac", "apt-get install default-jdk-headless");
    require_tool("java", "apt-get install default-jdk-headless");
    for jar in BC_JARS {
        assert!(
            Path::new(jar).is_file(),
            "this test needs {jar}; install default-jdk-headless libbcprov-java libbcpkix-java \
             libbcutil-java (bash .ci/deps)"
        );
    }
    let bc = BC_JARS.join(":");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bc");
    let paths: Vec<_> = sources.iter().map(|s| dir.join(s)).collect();
    let key = {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        for p in &paths {
            std::fs::read(p)
                .unwrap_or_else(|e| panic!("read {}: {e}", p.display()))
                .hash(&mut h);
        }
        h.finish()
    };
    let root = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let classes = root.join(format!("bc-classes-{key:016x}"));
    let first = sources[0].trim_end_matches(".java");
    let marker = classes.join(format!("{first}.class"));
    if !marker.is_file() {
        let staging = tempfile::Builder::new()
            .prefix("bc-build-")
            .tempdir_in(root)
            .expect("staging dir for javac");
        let out = Command::new("javac")
            .arg("-cp")
            .arg(&bc)
            .arg("-d")
            .arg(staging.path())
            .args(&paths)
            .output()
            .expect("run javac");
        assert!(
            out.status.success(),
            "javac {sources:?} failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        // First one wins; a concurrent run that lost the rename uses the winner's classes.
        let _ = std::fs::rename(staging.path(), &classes);
        assert!(marker.is_file(), "{} missing after javac", marker.display());
    }
    format!("{bc}:{}", classes.display())
}

/// Runs `class` from `classpath` with `args`; returns (exit code, stdout + stderr).
pub fn run(classpath: &str, class: &str, args: &[&std::ffi::OsStr]) -> (Option<i32>, String) {
    let out = Command::new("java")
        .arg("-cp")
        .arg(classpath)
        .arg(class)
        .args(args)
        .output()
        .expect("run java");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code(), text)
}
