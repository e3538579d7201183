//! Help texts: every option, positional argument and subcommand says what it is for
//! (`--help`, the man pages and the shell completions all show it).

use clap::CommandFactory;

/// Walks the whole command tree and collects `catool sub sub: what` for everything that
/// has no help text. Clap's own `--help`, `--version` and `help` subcommand are skipped:
/// clap writes their help.
fn undocumented(cmd: &clap::Command, path: &str, missing: &mut Vec<String>) {
    for arg in cmd.get_arguments() {
        let id = arg.get_id().as_str();
        if id == "help" || id == "version" {
            continue;
        }
        let has_help = |s: Option<&clap::builder::StyledStr>| {
            s.is_some_and(|h| !h.to_string().trim().is_empty())
        };
        if !has_help(arg.get_help()) && !has_help(arg.get_long_help()) {
            let name = match (arg.get_long(), arg.get_short()) {
                (Some(l), _) => format!("--{l}"),
                (None, Some(s)) => format!("-{s}"),
                (None, None) => format!("<{id}>"),
            };
            missing.push(format!("{path}: {name}"));
        }
    }
    for sub in cmd.get_subcommands() {
        if sub.get_name() == "help" {
            continue;
        }
        let sub_path = format!("{path} {}", sub.get_name());
        let has_about = sub
            .get_about()
            .is_some_and(|a| !a.to_string().trim().is_empty())
            || sub
                .get_long_about()
                .is_some_and(|a| !a.to_string().trim().is_empty());
        if !has_about {
            missing.push(format!("{sub_path}: the subcommand itself"));
        }
        undocumented(sub, &sub_path, missing);
    }
}

#[test]
fn every_argument_and_subcommand_has_help() {
    let mut cmd = catool::cli::Cli::command();
    cmd.build();
    let mut missing = Vec::new();
    undocumented(&cmd, "catool", &mut missing);
    assert!(
        missing.is_empty(),
        "{} arguments or subcommands without help:\n{}",
        missing.len(),
        missing.join("\n")
    );
}

/// The walk itself finds what it should: an undocumented option and subcommand are caught.
#[test]
fn the_walk_catches_an_undocumented_option_and_subcommand() {
    let mut cmd = clap::Command::new("t")
        .arg(
            clap::Arg::new("documented")
                .long("documented")
                .help("Says what"),
        )
        .arg(clap::Arg::new("bare").long("bare"))
        .subcommand(clap::Command::new("quiet").arg(clap::Arg::new("file")));
    cmd.build();
    let mut missing = Vec::new();
    undocumented(&cmd, "t", &mut missing);
    assert_eq!(
        missing,
        [
            "t: --bare",
            "t quiet: the subcommand itself",
            "t quiet: <file>"
        ]
    );
}

#[test]
fn expiring_help_names_its_units() {
    let mut cmd = catool::cli::Cli::command();
    cmd.build();
    let list = cmd
        .find_subcommand("cert")
        .and_then(|c| c.find_subcommand("list"))
        .expect("cert list");
    let expiring = list
        .get_arguments()
        .find(|a| a.get_long() == Some("expiring"))
        .expect("--expiring");
    let help = expiring
        .get_help()
        .map(ToString::to_string)
        .unwrap_or_default();
    // The help names every unit `--expiring` accepts (days, weeks, months, years).
    assert!(
        ["90d", "12w", "3m", "1y"].iter().all(|u| help.contains(u)),
        "--expiring help does not name its units: {help}"
    );
}
