//! Makes a synthetic registry for the scale benchmark (issue 17): by default 10,000
//! enterprises, 100,000 persons, 200,000 certificates (40,000 revoked by one CA) and
//! 1,000,000 events, all written through catool's domain code, so `catool log verify`
//! accepts it. It refuses a path where a registry or its master key already exists.
//!
//!     cargo run --release --example gen_registry -- PATH [--divide N] [--json]
//!
//! The master key goes to PATH.key (catool's default for `--db PATH`). `--divide N` makes
//! the registry N times smaller (`--divide 1000`: 10 enterprises, 200 certificates, 1,000
//! events). Progress goes to stderr; a summary (JSON with `--json`) to stdout. The
//! certificates' PIN is 123456.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use catool::domain::synthetic::{self, Scale};

const USAGE: &str = "usage: gen_registry PATH [--divide N] [--json]";

fn main() -> ExitCode {
    let mut path: Option<PathBuf> = None;
    let mut divide = 1usize;
    let mut json = false;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--json" => json = true,
            "--divide" => match args.next().and_then(|n| n.parse().ok()) {
                Some(n) if n >= 1 => divide = n,
                _ => {
                    eprintln!("--divide needs a whole number of at least 1\n{USAGE}");
                    return ExitCode::from(2);
                }
            },
            "-h" | "--help" => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            p if path.is_none() && !p.starts_with('-') => path = Some(PathBuf::from(p)),
            other => {
                eprintln!("unexpected argument {other}\n{USAGE}");
                return ExitCode::from(2);
            }
        }
    }
    let Some(path) = path else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    let mut key = path.clone().into_os_string();
    key.push(".key");
    let scale = Scale::divided(divide);
    let start = Instant::now();
    let mut progress = |what: &str| {
        eprintln!(
            "[gen_registry {:7.1}s] {what}",
            start.elapsed().as_secs_f64()
        );
    };
    match synthetic::generate(&path, &PathBuf::from(key), &scale, &mut progress) {
        Ok(made) => {
            let secs = start.elapsed().as_secs_f64();
            if json {
                let v = serde_json::json!({ "made": made, "scale": scale, "seconds": secs });
                println!("{v}");
            } else {
                println!(
                    "{}: {} enterprises, {} persons, {} certificates ({} revoked by {}, {} by {}), {} events in {secs:.1} s",
                    made.path,
                    made.orgs,
                    made.persons,
                    made.certs,
                    made.revoked,
                    made.main_ca,
                    made.revoked_other,
                    made.other_ca,
                    made.events
                );
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("gen_registry: {e}");
            ExitCode::from(e.code())
        }
    }
}
