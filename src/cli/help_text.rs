//! `--help` in the user's language. English help is the derive's doc comments (they also
//! make the man pages); Chinese help comes from the catalogue `i18n/zh-CN/help.ftl`, one
//! entry per command and argument, keyed by the command's path:
//!
//! - `help-cert-extend`: the about line of `catool cert extend` (`help-catool` for catool);
//! - `help-cert-extend-arg-cert`: its `--cert` argument (keyed by the argument's id);
//! - `help-global-db`: a global option (one entry, shown under every command);
//! - `help-cert-extend-after`: the text after the options, where the command has one.
//!
//! A test walks the command tree and fails when a command or argument has no Chinese entry,
//! or an entry names nothing. clap's own words that it does not let us replace (its error
//! messages, the `help` subcommand) stay English.

use clap::{Arg, ArgAction, Command};

use crate::i18n::{self, Lang};

/// Parses the command line with its help in `lang`.
pub fn parse(lang: Lang) -> Result<super::Cli, clap::Error> {
    use clap::{CommandFactory, FromArgMatches};
    let mut cmd = for_lang(super::Cli::command(), lang);
    let matches = cmd.try_get_matches_from_mut(std::env::args_os())?;
    super::Cli::from_arg_matches(&matches).map_err(|e| e.format(&mut cmd))
}

/// The command tree with its help in `lang`.
pub fn for_lang(cmd: Command, lang: Lang) -> Command {
    match lang {
        Lang::En => cmd,
        Lang::ZhCn => {
            let cmd = translate(cmd, &[]);
            // clap's generated --help/--version say "Print help": ours say it in Chinese.
            cmd.disable_help_flag(true)
                .disable_version_flag(true)
                .arg(
                    Arg::new("help")
                        .short('h')
                        .long("help")
                        .global(true)
                        .action(ArgAction::Help)
                        .help(zh_or_id(HELP_FLAG)),
                )
                .arg(
                    Arg::new("version")
                        .short('V')
                        .long("version")
                        .action(ArgAction::Version)
                        .help(zh_or_id(VERSION_FLAG)),
                )
        }
    }
}

/// The entries of the two flags clap generates. (Help entries are plain strings, not
/// `msg!`: the tree test below checks them against the commands, not the code.)
const HELP_FLAG: &str = "help-flag-help";
const VERSION_FLAG: &str = "help-flag-version";

/// The catalogue key of a command: `help-catool` for the root, else `help-` + its path.
pub fn command_key(path: &[String]) -> String {
    if path.is_empty() {
        "help-catool".to_string()
    } else {
        format!("help-{}", path.join("-"))
    }
}

/// The catalogue key of an argument of the command at `path`.
pub fn arg_key(path: &[String], arg: &Arg) -> String {
    if arg.is_global_set() {
        format!("help-global-{}", arg.get_id())
    } else {
        format!("{}-arg-{}", command_key(path), arg.get_id())
    }
}

/// The Chinese entry `key`, if the catalogue has it.
fn zh(key: &str) -> Option<String> {
    let text = i18n::text(Lang::ZhCn, key, &[]);
    (text != key).then_some(text)
}

fn zh_or_id(key: &str) -> String {
    i18n::text(Lang::ZhCn, key, &[])
}

fn translate(mut cmd: Command, path: &[String]) -> Command {
    let key = command_key(path);
    if let Some(about) = zh(&key) {
        cmd = cmd.about(about).long_about(None::<&str>);
    }
    if cmd.get_after_help().is_some()
        && let Some(after) = zh(&format!("{key}-after"))
    {
        cmd = cmd.after_help(after).after_long_help(None::<&str>);
    }
    let args: Vec<(String, String)> = cmd
        .get_arguments()
        .map(|a| (a.get_id().to_string(), arg_key(path, a)))
        .collect();
    for (id, key) in args {
        if let Some(help) = zh(&key) {
            cmd = cmd.mut_arg(id, |a| a.help(help).long_help(None::<&str>));
        }
    }
    let layout = template(&cmd);
    cmd = cmd.help_template(layout);
    let subs: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for name in subs {
        let mut sub_path = path.to_vec();
        sub_path.push(name.clone());
        cmd = cmd.mut_subcommand(name, |s| translate(s, &sub_path));
    }
    cmd
}

/// clap's help layout with Chinese headings (its `{all-args}` would print English ones).
fn template(cmd: &Command) -> String {
    let mut t = String::from("{before-help}{about-with-newline}\n");
    t.push_str(&zh_or_id("help-heading-usage"));
    t.push_str("{usage}\n");
    if cmd.get_subcommands().any(|s| !s.is_hide_set()) {
        t.push('\n');
        t.push_str(&zh_or_id("help-heading-commands"));
        t.push_str("\n{subcommands}\n");
    }
    if cmd.get_positionals().any(|a| !a.is_hide_set()) {
        t.push('\n');
        t.push_str(&zh_or_id("help-heading-arguments"));
        t.push_str("\n{positionals}\n");
    }
    t.push('\n');
    t.push_str(&zh_or_id("help-heading-options"));
    t.push_str("\n{options}{after-help}");
    t
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use clap::CommandFactory;

    use super::*;
    use crate::cli::Cli;

    /// Every key the command tree needs: visible commands, their visible arguments, their
    /// epilogues (as `(key, English text)`).
    fn needed(cmd: &Command, path: &mut Vec<String>, out: &mut Vec<(String, String)>) {
        let key = command_key(path);
        out.push((
            key.clone(),
            cmd.get_about().map(|s| s.to_string()).unwrap_or_default(),
        ));
        if let Some(after) = cmd.get_after_help() {
            out.push((format!("{key}-after"), after.to_string()));
        }
        for a in cmd.get_arguments().filter(|a| !a.is_hide_set()) {
            // Globals are keyed once, at the root.
            if a.is_global_set() && !path.is_empty() {
                continue;
            }
            let help = a.get_help().map(|s| s.to_string()).unwrap_or_default();
            out.push((arg_key(path, a), help));
        }
        for s in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
            path.push(s.get_name().to_string());
            needed(s, path, out);
            path.pop();
        }
    }

    fn all_needed() -> Vec<(String, String)> {
        let mut out = Vec::new();
        needed(&Cli::command(), &mut Vec::new(), &mut out);
        out
    }

    fn help_ids() -> BTreeSet<String> {
        let resource = match i18n::parse_help() {
            Ok(r) => r,
            Err((_, errors)) => panic!("help.ftl does not parse: {errors:?}"),
        };
        resource
            .entries()
            .filter_map(|e| match e {
                fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_string()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn every_command_and_argument_has_chinese_help_and_every_entry_names_one() {
        let mut needed: BTreeSet<String> = all_needed().into_iter().map(|(k, _)| k).collect();
        needed.extend([HELP_FLAG, VERSION_FLAG].map(String::from));
        needed.extend(
            [
                "help-heading-usage",
                "help-heading-commands",
                "help-heading-arguments",
                "help-heading-options",
            ]
            .map(String::from),
        );
        let have = help_ids();
        let missing: Vec<_> = needed.difference(&have).collect();
        let unused: Vec<_> = have.difference(&needed).collect();
        assert!(missing.is_empty(), "no Chinese help for: {missing:?}");
        assert!(unused.is_empty(), "help entries naming nothing: {unused:?}");
    }

    #[test]
    fn the_chinese_help_keeps_every_command_and_option_name() {
        let cmd = for_lang(Cli::command(), Lang::ZhCn);
        let mut out = Vec::new();
        needed(&cmd, &mut Vec::new(), &mut out);
        for (key, text) in out {
            assert!(!text.trim().is_empty(), "{key} is empty in Chinese");
        }
        let mut built = for_lang(Cli::command(), Lang::ZhCn);
        built.build();
        let help = built
            .find_subcommand_mut("cert")
            .and_then(|c| c.find_subcommand_mut("extend"))
            .map(|c| c.render_help().to_string())
            .unwrap_or_default();
        assert!(help.contains("--cert"), "{help}");
        assert!(help.contains("用法"), "{help}");
    }

    /// Writes the English source of every entry to `$CATOOL_HELP_SOURCE` (for translators):
    /// `CATOOL_HELP_SOURCE=/tmp/help-en.ftl cargo test --lib help_source -- --ignored`.
    #[test]
    #[ignore = "writes the translators' source file"]
    fn help_source() {
        let Some(path) = std::env::var_os("CATOOL_HELP_SOURCE") else {
            return;
        };
        let mut text = String::new();
        for (key, en) in all_needed() {
            let one_line = en.replace('\n', " ");
            text.push_str(&format!("{key} = {one_line}\n"));
        }
        std::fs::write(path, text).expect("write help source");
    }
}
