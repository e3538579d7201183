//! The command line: argument parsing (clap derive), dispatch to the domain, and output.
//! No SQL and no domain rules live here.

mod batch;
mod ca;
pub(crate) mod cert;
mod cert_batch;
mod cert_render;
mod config;
mod demo;
mod envelope;
pub mod help_text;
mod import;
mod import_csv;
mod log;
pub mod man;
mod org;
mod output;
mod package;
mod page;
mod pdf;
mod pdf_sign;
mod pdf_stamp;
mod person;
mod registry;
mod registry_paths;

use registry_paths::Pinned;
mod seal;
mod seal_esl;
mod ses;
mod ses_sign;
mod tsa;
mod usage_error;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand};

use crate::domain::Actor;
use crate::domain::party_error::PartyError;
use crate::error::{Error, Result, exit};
use crate::fsutil::Existing;
use crate::i18n::{Arg, lang, text, tr};
use crate::input::Secret;
use crate::input_error::{InputError, InputKind};
use crate::msg;
use crate::registry::Registry;
use crate::registry::backend::Location;
pub use output::Out;

const ABOUT: &str = "Certificates and seals for Chinese e-procurement and e-bidding platforms, \
administered against a local SQLite registry.";

const AFTER_HELP: &str = "\
Exit codes: 0 ok, 1 a check found a problem, 2 usage error, 3 not found, \
4 refused by a domain rule (D1…D22: `man 7 catool-rules` or docs/rules.md), \
5 bad input value or file, 6 registry unusable, 7 nothing to check (no signature), \
70 internal error.

Start with `catool demo`; see `man catool` or README.md for the walkthrough.";

#[derive(Debug, Parser)]
#[command(name = "catool", version, about = ABOUT, after_help = AFTER_HELP)]
pub struct Cli {
    /// Registry: a file (PATH or sqlite:PATH) or a PostgreSQL database (postgres://USER@HOST/DBNAME, PGHOST/PGUSER/PGPASSWORD as libpq) [default: $XDG_DATA_HOME/catool/registry.db, created on first use]
    #[arg(long, global = true, env = "CATOOL_DB", value_name = "LOCATION")]
    pub db: Option<PathBuf>,

    /// Print results as JSON on stdout (errors too, as {"error": …})
    #[arg(long, global = true)]
    pub json: bool,

    /// Who performs the action: a person's id, ID number or name [default: the platform operator]
    #[arg(
        long = "as",
        global = true,
        env = "CATOOL_ACTOR",
        value_name = "PERSON"
    )]
    pub actor: Option<String>,

    /// File holding the PIN of the --as person's certificate, proving who they are [or env CATOOL_AS_PIN; commands that take that certificate's own PIN reuse it]
    #[arg(long, global = true, value_name = "FILE")]
    pub as_pin_file: Option<PathBuf>,

    /// Which of the --as person's usable certificates proves who they are [default: their only one]
    #[arg(long, global = true, value_name = "N")]
    pub as_cert: Option<i64>,

    /// Master key file that seals every private key [default: the registry path + ".key"; on PostgreSQL $XDG_DATA_HOME/catool/master.key]
    #[arg(long, global = true, env = "CATOOL_MASTER_KEY", value_name = "PATH")]
    pub master_key: Option<PathBuf>,

    /// Language of messages, hints and labels: en or zh-CN (zh, zh_CN.UTF-8 … also), or CATOOL_LANG [default: the locale, LC_ALL, LC_MESSAGES or LANG: zh_* is zh-CN, others en]
    // CATOOL_LANG is read by hand (`chosen_lang`): clap would refuse an empty variable, and an
    // `export CATOOL_LANG=$X` with X unset must not stop every command.
    #[arg(
        long,
        global = true,
        value_name = "LANG",
        value_enum,
        ignore_case = true
    )]
    pub lang: Option<crate::i18n::Lang>,

    /// Print nothing but errors (and JSON, when asked for)
    #[arg(short, long, global = true)]
    pub quiet: bool,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create the registry (or check an existing one) and print where it is
    Init,
    /// Run the whole product end to end on a fresh throwaway registry
    Demo(demo::DemoArgs),
    /// Enterprises (单位/企业): register, authorize (CA授权), members, administrator
    #[command(subcommand)]
    Org(org::OrgCmd),
    /// Persons (自然人/员工)
    #[command(subcommand)]
    Person(person::PersonCmd),
    /// Certificate packages (证书套餐): buy, record payment, list
    #[command(subcommand)]
    Package(package::PackageCmd),
    /// Onboard from a file: enterprises, persons, memberships, packages, slots, issuance; re-runnable
    Import(import::ImportArgs),
    /// History (办理记录/使用记录): list events, verify the hash chain
    Log(log::LogArgs),
    /// Certificate authorities: create (RSA or SM2), set CRL distribution, list, show, export
    #[command(subcommand)]
    Ca(ca::CaCmd),
    /// Certificates: assign, issue (导入证书), import, reissue (补发), extend (延期), revoke …
    #[command(subcommand)]
    Cert(cert::CertCmd),
    /// Seal images (印章): make, upload, clean a photo, review, assign, grant, void
    #[command(subcommand)]
    Seal(seal::SealCmd),
    /// Electronic stamps (电子签章) as GB/T 38540 SES_Signature: sign a file with a seal, verify
    #[command(subcommand)]
    Ses(ses::SesCmd),
    /// PDFs: stamp seals (page, pages, all, cross-page 骑缝章, keyword 关键字)
    #[command(subcommand)]
    Pdf(pdf::PdfCmd),
    /// Time-stamping authorities (RFC 3161, 时间戳): create, stamp, serve over HTTP, check tokens
    #[command(subcommand)]
    Tsa(tsa::TsaCmd),
    /// CRLs (吊销列表): `crl` alone, like `crl issue`, signs the next CRL of a CA (revoked and frozen certificates) and publishes it; `crl show` prints the current one and issues nothing
    Crl(ca::CrlCmd),
    /// Encrypt a document to a certificate (扫码加密, D20): CMS EnvelopedData
    Encrypt(envelope::EncryptArgs),
    /// Decrypt a document with a certificate's key and PIN (扫码解密, D20)
    Decrypt(envelope::DecryptArgs),
    /// Registry settings (package price and contents, PIN KDF cost …)
    #[command(subcommand)]
    Config(config::ConfigCmd),
    /// The registry itself: copy it between an SQLite file and PostgreSQL (either way)
    #[command(subcommand)]
    Registry(registry::RegistryCmd),
    /// Print a shell completion script, e.g. `catool completions bash > /etc/bash_completion.d/catool`
    Completions {
        /// The shell to complete for
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Write the man pages (one per subcommand, and catool-rules.7) into DIR
    #[command(hide = true)]
    GenerateMan {
        /// Directory to write the pages into (created if missing; pages there are replaced)
        dir: PathBuf,
    },
}

/// Entry point used by `main`: parse, run, report, exit.
pub fn main() -> ExitCode {
    // First, before anything secret is read (CATOOL_PIN in the environment is the only
    // secret in memory yet).
    if let Err(e) = crate::harden::no_core_dumps() {
        // Before the command line is read: in the locale's language.
        crate::i18n::set_lang(crate::i18n::Lang::from_env());
        for line in output::error_lines(&e) {
            output::stderr(&line);
        }
        return e.exit_code();
    }
    crate::harden::no_huge_pages();
    let cli = match help_text::parse(early_lang()) {
        Ok(cli) => cli,
        Err(e) => return usage_failure(&e),
    };
    let lang = match chosen_lang(cli.lang) {
        Ok(lang) => lang,
        Err(e) => {
            crate::i18n::set_lang(crate::i18n::Lang::from_env());
            let out = Out {
                json: cli.json,
                quiet: false,
            };
            out.error(&e);
            return e.exit_code();
        }
    };
    crate::i18n::set_lang(lang);
    let out = Out {
        json: cli.json,
        quiet: cli.quiet,
    };
    install_panic_hook();
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| run(cli, out))) {
        Ok(Ok(())) => ExitCode::SUCCESS,
        Ok(Err(e)) => {
            out.error(&e);
            e.exit_code()
        }
        Err(_) => ExitCode::from(crate::error::exit::INTERNAL),
    }
}

/// The language asked for before clap has parsed anything (so that `--help` speaks it):
/// `--lang X`/`--lang=X`, then `CATOOL_LANG`, then the locale. A value clap will refuse
/// counts as none here.
fn early_lang() -> crate::i18n::Lang {
    use clap::ValueEnum;
    let args: Vec<String> = std::env::args_os()
        .skip(1)
        .take_while(|a| a != "--")
        .filter_map(|a| a.into_string().ok())
        .collect();
    let from_args = args
        .iter()
        .enumerate()
        .find_map(|(i, a)| match a.strip_prefix("--lang") {
            Some("") => args.get(i + 1).cloned(),
            Some(rest) => rest.strip_prefix('=').map(str::to_string),
            None => None,
        });
    from_args
        .or_else(catool_lang)
        .and_then(|v| crate::i18n::Lang::from_str(v.trim(), true).ok())
        .unwrap_or_else(crate::i18n::Lang::from_env)
}

/// Whether the command line asks for `--json` (looked at by hand when clap refused it).
fn json_asked() -> bool {
    std::env::args_os()
        .skip(1)
        .take_while(|a| a != "--")
        .any(|a| a == "--json")
}

/// What clap found instead of a command to run: help and version (exit 0), help for a
/// missing subcommand (exit 2), or a usage error, said in the catalogue's words (exit 2).
fn usage_failure(e: &clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = e.print();
            ExitCode::SUCCESS
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = e.print();
            if json_asked() {
                let message = tr(msg!("usage-subcommand-missing"));
                let obj = output::error_json("usage", &message, exit::USAGE);
                output::stdout(&format!("{obj}\n"));
            }
            ExitCode::from(exit::USAGE)
        }
        _ => {
            crate::i18n::set_lang(early_lang());
            let err = Error::from(usage_error::UsageError::from_clap(e, command_path()));
            let out = Out {
                json: json_asked(),
                quiet: false,
            };
            out.error(&err);
            err.exit_code()
        }
    }
}

/// `CATOOL_LANG` when set and not blank (an empty variable counts as unset).
fn catool_lang() -> Option<String> {
    let value = std::env::var_os("CATOOL_LANG")?;
    let value = value.to_string_lossy();
    (!value.trim().is_empty()).then(|| value.into_owned())
}

/// The subcommands the command line names (`catool cert revoke`), read by hand when clap
/// refused it: words that name a subcommand of the one before, in order.
fn command_path() -> String {
    let mut cmd = Cli::command();
    let mut path = vec![cmd.get_name().to_string()];
    for arg in std::env::args_os().skip(1).take_while(|a| a != "--") {
        let Some(arg) = arg.to_str() else { continue };
        let Some(sub) = cmd.find_subcommand(arg).cloned() else {
            continue;
        };
        path.push(sub.get_name().to_string());
        cmd = sub;
    }
    path.join(" ")
}

/// The language: `--lang`, else `CATOOL_LANG` when set and not empty (a value catool does
/// not speak is a usage error naming the languages), else the locale's.
fn chosen_lang(flag: Option<crate::i18n::Lang>) -> Result<crate::i18n::Lang> {
    use clap::ValueEnum;
    if let Some(lang) = flag {
        return Ok(lang);
    }
    let Some(value) = catool_lang() else {
        return Ok(crate::i18n::Lang::from_env());
    };
    let value = value.trim();
    crate::i18n::Lang::from_str(value, true).map_err(|_| {
        usage_error::UsageError::NotOneOf {
            arg: "CATOOL_LANG".into(),
            value: value.to_string(),
            valid: crate::i18n::Lang::ALL.map(|l| l.tag().to_string()).to_vec(),
            help: usage_error::Help::ReadHelpOf("catool".into()),
        }
        .into()
    })
}

/// A panic is a bug: one line on stderr with where it happened, exit 70. The panic's own
/// message is shown only with CATOOL_DEBUG=1, since it could carry data from an input or
/// a secret; the registry is left as the last committed transaction left it.
fn install_panic_hook() {
    static REPORTED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
    std::panic::set_hook(Box::new(|info| {
        // A worker thread's panic is re-raised by its scope: report the first one only.
        if REPORTED.swap(true, std::sync::atomic::Ordering::SeqCst) {
            return;
        }
        let at = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()))
            .unwrap_or_else(|| tr(msg!("panic-unknown-place")));
        let mut args = vec![("at", Arg::Text(at))];
        let id = if std::env::var_os("CATOOL_DEBUG").is_some_and(|v| v == "1") {
            args.push(("panic", Arg::Text(info.to_string())));
            msg!("panic-debug")
        } else {
            msg!("panic-bug")
        };
        let message = text(lang(), id, &args);
        output::stderr(&text(
            lang(),
            msg!("line-error"),
            &[("message", Arg::Text(message))],
        ));
    }));
}

fn run(cli: Cli, out: Out) -> Result<()> {
    #[cfg(debug_assertions)]
    if std::env::var_os("CATOOL_PANIC_FOR_TEST").is_some() {
        // Lets the tests prove what a panic prints (and that it leaks nothing); debug
        // builds only (the tests' build), never in a release binary.
        panic!("test panic carrying a secret: 482915");
    }
    let ctx = Context {
        db: cli.db,
        actor: cli.actor,
        as_pin_file: cli.as_pin_file,
        as_cert: cli.as_cert,
        master_key: cli.master_key,
        out,
        pinned: std::sync::OnceLock::new(),
    };
    match cli.command {
        Command::Init => init(&ctx),
        Command::Demo(args) => demo::run(&ctx, args),
        Command::Org(cmd) => org::run(&ctx, cmd),
        Command::Person(cmd) => person::run(&ctx, cmd),
        Command::Package(cmd) => package::run(&ctx, cmd),
        Command::Import(args) => import::run(&ctx, args),
        Command::Log(args) => log::run(&ctx, args),
        Command::Config(cmd) => config::run(&ctx, cmd),
        Command::Registry(cmd) => registry::run(&ctx, cmd),
        Command::Ca(cmd) => ca::run(&ctx, cmd),
        Command::Cert(cmd) => cert::run(&ctx, cmd),
        Command::Crl(args) => ca::crl(&ctx, args),
        Command::Tsa(cmd) => tsa::run(&ctx, cmd),
        Command::Encrypt(args) => envelope::encrypt(&ctx, args),
        Command::Decrypt(args) => envelope::decrypt(&ctx, args),
        Command::Seal(cmd) => seal::run(&ctx, cmd),
        Command::Pdf(cmd) => pdf::run(&ctx, cmd),
        Command::Ses(cmd) => ses::run(&ctx, cmd),
        Command::Completions { shell } => {
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut completion_command(), "catool", &mut script);
            output::stdout_bytes(&script);
            Ok(())
        }
        Command::GenerateMan { dir } => {
            man::write_all(&dir, &ctx.output_rules(crate::fsutil::Existing::Replace))
        }
    }
}

/// The command tree the shell completions describe: [`Cli`] without its hidden subcommands
/// (`generate-man`, a build step, not for users). clap_complete lists hidden subcommands and
/// clap cannot remove one, so the top level is rebuilt from its parts: name, version, about,
/// options (global ones still propagate) and the visible subcommands, whole.
pub fn completion_command() -> clap::Command {
    let full = Cli::command();
    let mut shown = clap::Command::new(full.get_name().to_string())
        .subcommand_required(full.is_subcommand_required_set())
        .arg_required_else_help(full.is_arg_required_else_help_set())
        .args(full.get_arguments().cloned())
        .subcommands(full.get_subcommands().filter(|s| !s.is_hide_set()).cloned());
    if let Some(version) = full.get_version() {
        shown = shown.version(version.to_string());
    }
    if let Some(about) = full.get_about() {
        shown = shown.about(about.clone());
    }
    shown
}

/// What every command needs: where the registry is, who acts, how to print.
pub(crate) struct Context {
    db: Option<PathBuf>,
    actor: Option<String>,
    as_pin_file: Option<PathBuf>,
    as_cert: Option<i64>,
    master_key: Option<PathBuf>,
    pub out: Out,
    /// The SQLite registry's file and master key, resolved once (see [`Pinned`]).
    pinned: std::sync::OnceLock<Option<Pinned>>,
}

impl Context {
    /// Whether there is a registry to open (commands that can work without one, e.g.
    /// checking a seal made elsewhere, open it only then): a file that exists, or a
    /// PostgreSQL server (whether it answers is the opening's business).
    pub fn registry_exists(&self) -> bool {
        match self.location() {
            Ok(Location::Sqlite(p)) => p.exists(),
            Ok(Location::Postgres(_)) => true,
            Err(_) => false,
        }
    }

    /// `--as` as given (none: the operator), for a command that resolves it itself.
    pub fn acting_as(&self) -> Option<&str> {
        self.actor.as_deref()
    }

    /// Opens the registry for a command that does not act as anyone in particular; an
    /// unknown `--as` is still an error, so a typo never goes unnoticed. A proof offered
    /// for `--as` (`--as-pin-file`, `CATOOL_AS_PIN`) is checked all the same: a wrong PIN is
    /// refused and counted, as for a change — a script testing a login with a listing is
    /// never told yes for it.
    pub fn open(&self) -> Result<Registry> {
        let (reg, _) = match self.proof_offered() {
            true => self.open_proven(false)?,
            false => self.open_registry()?,
        };
        Ok(reg)
    }

    /// Whether a proof for `--as` was given: `--as-pin-file`, or `CATOOL_AS_PIN`.
    fn proof_offered(&self) -> bool {
        self.as_pin_file.is_some() || std::env::var_os("CATOOL_AS_PIN").is_some()
    }

    /// Opens the registry, readies its keyed history and resolves `--as` (not proven).
    fn open_registry(&self) -> Result<(Registry, Actor)> {
        let location = self.location()?;
        let mut reg = Registry::open_at(&location)?;
        if let Location::Sqlite(path) = &location {
            // The registry holds sealed keys and personal data (catool creates it 0600).
            warn_if_exposed(Secret::Registry, path);
        }
        // The time zone and the master key's facts in one read (one transaction: on
        // PostgreSQL each costs round trips to the server on every command).
        let (zone, facts) = match reg.read(|tx| {
            Ok((
                crate::domain::settings::zone(tx),
                crate::domain::keystore::key_facts(tx),
            ))
        }) {
            Ok((zone, facts)) => (zone, facts),
            Err(e) => (Err(e.clone()), Err(e)),
        };
        if let Ok(zone) = zone {
            output::set_zone(zone);
        }
        self.start_history_with(&mut reg, facts);
        let actor = Actor::resolve(&mut reg, self.actor.as_deref())?;
        Ok((reg, actor))
    }

    /// Opens the registry and resolves `--as`, proven with the person's certificate and
    /// its PIN (`--as-pin-file` / `CATOOL_AS_PIN`); without `--as`, the operator.
    pub fn open_as(&self) -> Result<(Registry, Actor)> {
        self.open_proven(false)
    }

    /// As [`Context::open_as`], for a command that takes the PIN of a certificate of its
    /// own: without `--as-pin-file` / `CATOOL_AS_PIN`, that PIN is the proof (the actor
    /// stays unproven until the command's certificate, held or bound by them, unlocks with
    /// it, and nothing succeeds before).
    pub fn open_as_signer(&self) -> Result<(Registry, Actor)> {
        self.open_proven(true)
    }

    fn open_proven(&self, own_pin_proves: bool) -> Result<(Registry, Actor)> {
        let (mut reg, actor) = self.open_registry()?;
        let Some(person) = actor.unproven().cloned() else {
            return Ok((reg, actor));
        };
        let env_pin = std::env::var("CATOOL_AS_PIN")
            .ok()
            .map(zeroize::Zeroizing::new);
        if !self.proof_offered() && own_pin_proves {
            // The command's own certificate and PIN prove it, or its own refusal (a locked
            // or frozen certificate, not theirs …) stands; nothing succeeds unproven.
            return Ok((reg, actor));
        }
        let candidates = crate::domain::keystore::proof_candidates(&mut reg, person.id)?;
        let (usable, not_theirs): (Vec<_>, Vec<_>) =
            candidates.into_iter().partition(|(_, proves)| *proves);
        let usable: Vec<_> = usable.into_iter().map(|(c, _)| c).collect();
        let wanted_unusable = self.as_cert.filter(|n| !usable.iter().any(|c| c.id == *n));
        if usable.is_empty() || wanted_unusable.is_some() {
            // Held, but its PIN was chosen by someone else (the holder changed, D5).
            let not_theirs = not_theirs
                .iter()
                .map(|(c, _)| c.id)
                .find(|id| wanted_unusable.is_none_or(|w| w == *id));
            if let Some(cert) = not_theirs {
                let refusal = Err(crate::domain::cert_error::CertError::PinNotChosenByHolder {
                    cert,
                    person: person.name.clone(),
                }
                .into());
                return crate::domain::logged(&mut reg, &actor, "actor.prove", refusal);
            }
        }
        if usable.is_empty() {
            let refusal = Err(PartyError::NoProofCertificate {
                person: person.name.clone(),
            }
            .into());
            return crate::domain::logged(&mut reg, &actor, "actor.prove", refusal);
        }
        let ids = || {
            usable
                .iter()
                .map(|c| c.id.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        };
        let cert =
            match self.as_cert {
                Some(n) => usable.iter().find(|c| c.id == n).ok_or_else(|| {
                    PartyError::ProofCertNotUsable {
                        cert: n,
                        person: person.name.clone(),
                        usable: ids(),
                    }
                })?,
                None if usable.len() == 1 => &usable[0],
                None => {
                    return Err(PartyError::ProofCertAmbiguous {
                        person: person.name.clone(),
                        usable: ids(),
                    }
                    .into());
                }
            };
        let pin = match &self.as_pin_file {
            Some(path) => read_pin("--as-pin-file", Some(path))?,
            None => match &env_pin {
                Some(v) => crate::pki::pin::Pin::parse("CATOOL_AS_PIN", v.as_bytes())?,
                None => {
                    let prompt = text(
                        lang(),
                        msg!("prompt-as-pin"),
                        &[
                            ("person", Arg::from(&person.name)),
                            ("cert", Arg::Num(cert.id)),
                        ],
                    );
                    match crate::tty::read_hidden(&prompt, crate::input::MAX_PIN_FILE as usize)? {
                        Some(typed) => {
                            crate::pki::pin::Pin::parse(&tr(msg!("pin-source-typed")), &typed)?
                        }
                        None => {
                            return Err(PartyError::ProofPinNeeded {
                                person: person.name.clone(),
                                cert: cert.id,
                            }
                            .into());
                        }
                    }
                }
            },
        };
        let master = self.master_key(&mut reg)?;
        crate::domain::keystore::prove_actor(&mut reg, &actor, &master, cert, &pin)?;
        Ok((reg, actor))
    }

    /// Opens the registry for `catool log verify`: a schema altered outside catool is
    /// returned for the report rather than refused.
    pub fn open_for_verify(&self) -> Result<(Registry, Vec<String>)> {
        let (mut reg, problems) = Registry::open_for_audit(&self.location()?)?;
        use_zone_of(&mut reg);
        Ok((reg, problems))
    }

    /// Every event is MAC'd under a key derived from the master key, so the key is loaded
    /// with the registry. Commands that only read must still work when it cannot be (a
    /// missing key file, a tampered registry): the error is kept and returned by the first
    /// attempt to record history, as "registry unusable".
    fn start_history_with(
        &self,
        reg: &mut Registry,
        facts: Result<crate::domain::keystore::KeyFacts>,
    ) {
        let started = facts
            .and_then(|facts| self.open_master_key_with(reg, facts))
            .and_then(|opened| {
                crate::domain::history::start_chain_knowing(reg, &opened.key, opened.rekey_pending)
            });
        if let Err(e) = started {
            // Tampering found (a failed check) makes the registry unusable for the command.
            let e = if e.code() == exit::CHECK_FAILED {
                Error::from_typed(Unusable(e))
            } else {
                e
            };
            reg.set_chain_key(crate::registry::ChainKey::Unavailable(e));
        }
    }
}

/// A failed check that makes the registry unusable for the command at hand (tampering found
/// while opening it): the check's own message, code, hint and rule, as "registry unusable".
#[derive(Debug)]
struct Unusable(Error);

impl crate::i18n::Catalogued for Unusable {
    fn describe(&self) -> crate::i18n::Described {
        let mut d = self.0.described().unwrap_or_else(|| {
            crate::i18n::Described::new(exit::REGISTRY, "registry.unusable", "")
        });
        d.exit = exit::REGISTRY;
        d
    }
}

impl std::fmt::Display for Unusable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// Prints times in the registry's time zone (setting `timezone`); a registry whose setting
/// cannot be read keeps the default (Beijing time), and the command says what is wrong
/// when it needs the setting.
fn use_zone_of(reg: &mut Registry) {
    if let Ok(zone) = reg.read(crate::domain::settings::zone) {
        output::set_zone(zone);
    }
}

/// `path` with `suffix` appended to its file name: `registry.db` → `registry.db-wal`.
fn with_suffix(path: &std::path::Path, suffix: &str) -> PathBuf {
    let mut p = path.as_os_str().to_owned();
    p.push(suffix);
    PathBuf::from(p)
}

/// What to do with existing outputs, from a command's `--force`.
pub(crate) fn existing(force: bool) -> Existing {
    if force {
        Existing::Replace
    } else {
        Existing::Refuse
    }
}

/// The help of every command's `--force`.
pub(crate) const FORCE_HELP: &str = "Replace an output file that already exists (never the registry, its master key or an input of this command)";

/// `$XDG_DATA_HOME/catool/registry.db`, else `~/.local/share/catool/registry.db`; the
/// directory is created on first use (0700: the registry holds sealed keys).
/// Written here rather than with a crate: it is the XDG rule in five lines.
fn default_db_path() -> Result<PathBuf> {
    let dir = default_db_dir()?;
    create_private_dir(&dir)?;
    Ok(dir.join("registry.db"))
}

/// The directory of the default registry (not created).
fn default_db_dir() -> Result<PathBuf> {
    let base = match std::env::var_os("XDG_DATA_HOME").filter(|v| !v.is_empty()) {
        Some(d) => PathBuf::from(d),
        None => match std::env::var_os("HOME").filter(|v| !v.is_empty()) {
            Some(h) => PathBuf::from(h).join(".local/share"),
            None => return Err(InputError::NoHome.into()),
        },
    };
    Ok(base.join("catool"))
}

pub(crate) fn create_private_dir(dir: &std::path::Path) -> Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
        .map_err(|e| {
            InputError::CannotCreateDir {
                dir: dir.display().to_string(),
                detail: e.to_string(),
            }
            .into()
        })
}

fn init(ctx: &Context) -> Result<()> {
    let reg = ctx.open()?;
    let info = serde_json::json!({
        "registry": reg.shown(),
        "schema_version": crate::registry::SCHEMA_VERSION,
    });
    ctx.out.emit(&info, |_| {
        text(
            lang(),
            msg!("init-ready"),
            &[
                (
                    "path",
                    Arg::Text(match reg.path() {
                        Some(p) => output::show_path(p),
                        None => reg.shown(),
                    }),
                ),
                ("schema", Arg::Num(crate::registry::SCHEMA_VERSION)),
            ],
        )
    })
}

/// Reads an input file the user named (an image, a font, a letter, a batch CSV …): at most
/// 64 MiB, with an error that names it.
pub(crate) fn read_input_file(flag: &str, path: &std::path::Path) -> Result<Vec<u8>> {
    crate::input::read_file(flag, path, crate::input::MAX_INPUT, InputKind::InputFile)
}

/// Reads a certificate, private key or PKCS#12 file: at most 64 KiB.
pub(crate) fn read_cert_file(flag: &str, path: &std::path::Path) -> Result<Vec<u8>> {
    crate::input::read_file(flag, path, crate::input::MAX_CERT_FILE, InputKind::CertFile)
}

/// Reads a PDF to stamp, sign or verify: at most 512 MiB.
pub(crate) fn read_pdf_file(flag: &str, path: &std::path::Path) -> Result<Vec<u8>> {
    crate::input::read_file(flag, path, crate::input::MAX_PDF, InputKind::Pdf)
}

/// Checks that the PDF `flag` names can be read and is at most 512 MiB, without reading it
/// (`pdf::open` reads only what it needs): the same refusals as [`read_pdf_file`].
pub(crate) fn check_pdf_file(flag: &str, path: &std::path::Path) -> Result<()> {
    use std::io::Read;
    let cannot = |e: std::io::Error| crate::input::unreadable(flag, path, &e);
    let mut file = std::fs::File::open(path).map_err(cannot)?;
    let meta = file.metadata().map_err(cannot)?;
    // A directory opens; reading it fails as `read_pdf_file` does. Nothing else is read
    // here: a byte read from a pipe would be gone for the reader that follows.
    if meta.is_dir() {
        file.read(&mut [0u8; 1]).map_err(cannot)?;
    }
    if meta.len() > crate::input::MAX_PDF {
        return Err(crate::input::too_big(
            flag,
            path,
            crate::input::MAX_PDF,
            InputKind::Pdf,
        ));
    }
    Ok(())
}

/// Reads a `--password-file`: its first line, UTF-8. The password and the file's bytes are
/// wiped from memory when dropped.
pub(crate) fn read_password_file(path: &std::path::Path) -> Result<zeroize::Zeroizing<String>> {
    read_secret_line("--password-file", path)
}

/// Reads a one-line secret file (at most 1 KiB, UTF-8, the line end dropped), wiped from
/// memory when dropped.
pub(crate) fn read_secret_line(
    flag: &str,
    path: &std::path::Path,
) -> Result<zeroize::Zeroizing<String>> {
    use crate::input::{MAX_PASSWORD_FILE, read_secret, too_big, unreadable};
    let cannot = |e: std::io::Error| unreadable(flag, path, &e);
    let file = std::fs::File::open(path).map_err(cannot)?;
    let raw = read_secret(file, MAX_PASSWORD_FILE)
        .map_err(cannot)?
        .ok_or_else(|| too_big(flag, path, MAX_PASSWORD_FILE, InputKind::PasswordFile))?;
    let line = std::str::from_utf8(&raw).map_err(|_| InputError::NotUtf8 {
        flag: flag.to_string(),
        path: path.display().to_string(),
    })?;
    Ok(zeroize::Zeroizing::new(
        line.trim_end_matches(['\r', '\n']).to_string(),
    ))
}

/// Reads a PIN (D6) from the file `flag` names, `-` (stdin) or `$CATOOL_PIN`, and warns when
/// others may read the file; with none of them and a person at a terminal, asks for it
/// there without echo.
pub(crate) fn read_pin(flag: &str, path: Option<&std::path::Path>) -> Result<crate::pki::pin::Pin> {
    if let Some(pin) = ask_pin(path, &tr(msg!("prompt-pin")))? {
        return Ok(pin);
    }
    let pin = crate::pki::pin::Pin::read(flag, path)?;
    if let Some(p) = path.filter(|p| p.as_os_str() != "-") {
        warn_if_exposed(Secret::PinFile, p);
    }
    Ok(pin)
}

/// Reads the PIN that will protect a new key (issue, import, reissue): from a file like
/// [`read_pin`], or typed twice at the terminal so a typo does not lock the holder out.
pub(crate) fn read_new_pin(
    flag: &str,
    path: Option<&std::path::Path>,
) -> Result<crate::pki::pin::Pin> {
    let Some(first) = ask_pin(path, &tr(msg!("prompt-new-pin")))? else {
        return read_pin(flag, path);
    };
    let again = ask_pin(path, &tr(msg!("prompt-new-pin-again")))?;
    match again {
        Some(second) if second.as_bytes() == first.as_bytes() => Ok(first),
        _ => Err(InputError::PinsDiffer.into()),
    }
}

/// The PIN typed at the terminal, when neither a file nor `$CATOOL_PIN` gives it and a
/// person is there to ask; `None` otherwise.
fn ask_pin(path: Option<&std::path::Path>, prompt: &str) -> Result<Option<crate::pki::pin::Pin>> {
    if path.is_some() || std::env::var_os("CATOOL_PIN").is_some() {
        return Ok(None);
    }
    let typed = crate::tty::read_hidden(prompt, crate::input::MAX_PIN_FILE as usize)?;
    typed
        .map(|bytes| crate::pki::pin::Pin::parse(&tr(msg!("pin-source-typed")), &bytes))
        .transpose()
}

/// A warning on stderr when a secret file is open to others. Printed even with --quiet:
/// it is about the safety of a secret, not the command's result.
pub(crate) fn warn_if_exposed(what: Secret, path: &std::path::Path) {
    if let Some(w) = crate::input::exposure_warning(what, path) {
        output::stderr(&w);
    }
}

/// The catalogue entry `id` with `args`, in the chosen language (human output).
pub(crate) fn say(id: &'static str, args: &[(&'static str, Arg)]) -> String {
    text(lang(), id, args)
}

/// A table whose column headers are catalogue entries.
pub(crate) fn table(headers: &[&'static str]) -> output::Table {
    let names: Vec<String> = headers.iter().map(|h| tr(h)).collect();
    output::Table::new(&names.iter().map(String::as_str).collect::<Vec<_>>())
}

/// `label: value` lines whose labels are catalogue entries.
pub(crate) fn labelled(pairs: Vec<(&'static str, String)>) -> String {
    let named: Vec<(String, String)> = pairs.into_iter().map(|(k, v)| (tr(k), v)).collect();
    let pairs: Vec<(&str, String)> = named.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
    output::fields(&pairs)
}

/// `--size`: millimetres as `40` (square or round) or `40x30` (width x height).
pub(crate) fn parse_size(s: &str) -> Result<(f32, f32)> {
    let bad = || {
        Error::from(InputError::InvalidSize {
            value: s.to_string(),
        })
    };
    let (w, h) = match s.split_once(['x', 'X', '*']) {
        Some((w, h)) => (
            w.trim().parse().map_err(|_| bad())?,
            h.trim().parse().map_err(|_| bad())?,
        ),
        None => {
            let d: f32 = s.trim().parse().map_err(|_| bad())?;
            (d, d)
        }
    };
    Ok((w, h))
}
