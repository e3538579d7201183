//! How long opening the registry takes, per backend (issue 18: goal ≤ 10 ms per command for
//! PostgreSQL over a Unix socket). Each round does what a command does before its work:
//! connect (or open the file), check and migrate the schema, check it may write, and read
//! the settings in one transaction. Not part of the catool binary.
//!
//!     cargo run --release --example registry_open -- LOCATION [ROUNDS]
//!
//! LOCATION is what `--db` takes: a file path or `postgres://user@/db?host=/socket/dir`.
//! Prints the median, 90th percentile and fastest round in milliseconds.

use std::ffi::OsStr;
use std::process::ExitCode;
use std::time::Instant;

use catool::registry::Registry;
use catool::registry::backend::Location;
use catool::registry::settings;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(raw) = args.next() else {
        eprintln!("usage: registry_open LOCATION [ROUNDS]");
        return ExitCode::from(2);
    };
    let rounds: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(100);
    let location = match Location::parse(OsStr::new(&raw)) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let mut times = Vec::with_capacity(rounds);
    for _ in 0..rounds {
        let start = Instant::now();
        let opened =
            Registry::open_at(&location).and_then(|mut db| db.read(|tx| settings::list(tx)));
        if let Err(e) = opened {
            eprintln!("{e}");
            return ExitCode::from(1);
        }
        times.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    let at = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
    println!(
        "{}: {rounds} opens, median {:.2} ms, p90 {:.2} ms, fastest {:.2} ms",
        location.shown(),
        at(0.5),
        at(0.9),
        at(0.0)
    );
    ExitCode::SUCCESS
}
