//! The message catalogue: every typed message, hint and label in English (`en`) and
//! Chinese (`zh-CN`), from the Fluent files under `i18n/` (embedded at build time), and the
//! choice of language (`--lang`, then `CATOOL_LANG`, then `LC_ALL`/`LC_MESSAGES`/`LANG`).
//!
//! Code names a catalogue entry with [`msg!`] so that a test can check that every entry is
//! used and exists in both languages. A catalogue that does not parse fails that test; at
//! run time its readable entries are used and a missing one prints its id, never a panic.

use std::borrow::Cow;
use std::sync::{LazyLock, OnceLock};

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

use crate::domain::rules::Rule;

/// Names a catalogue entry: expands to the id itself. Every id the code uses is written
/// this way (the catalogue test collects them from the sources).
#[macro_export]
macro_rules! msg {
    ($id:literal) => {
        $id
    };
}

/// The languages catool speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Lang {
    // Aliases: the spellings of locales and tags operators type (`zh_CN.UTF-8`, `zh`).
    #[value(
        name = "en",
        alias = "en_US",
        alias = "en-US",
        alias = "en_US.UTF-8",
        alias = "C",
        alias = "C.UTF-8",
        alias = "POSIX"
    )]
    En,
    #[value(
        name = "zh-CN",
        alias = "zh",
        alias = "zh_CN",
        alias = "zh-Hans",
        alias = "zh_CN.UTF-8",
        alias = "zh_CN.utf8"
    )]
    ZhCn,
}

/// One language's catalogue files, by area (one file per area so that areas can change
/// their text independently): `(file name, text)`.
macro_rules! catalogue {
    ($lang:literal: $($area:literal),+) => {
        &[$(($area, include_str!(concat!("../../i18n/", $lang, "/", $area)))),+]
    };
}

/// The English catalogue's files.
pub const EN_FTL: &[(&str, &str)] =
    catalogue!("en": "catool.ftl", "seal.ftl", "pdf.ftl", "party.ftl", "pki.ftl", "registry.ftl");
/// The Chinese `--help` text (`crate::cli::help_text`; English help is the doc comments).
pub const ZH_CN_HELP: &str = include_str!("../../i18n/zh-CN/help.ftl");

/// The Chinese catalogue's files (the same names).
pub const ZH_CN_FTL: &[(&str, &str)] = catalogue!("zh-CN": "catool.ftl", "seal.ftl", "pdf.ftl", "party.ftl", "pki.ftl", "registry.ftl");

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::ZhCn];

    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::ZhCn => "zh-CN",
        }
    }

    /// The catalogue's files: `(file name, text)`.
    pub fn sources(self) -> &'static [(&'static str, &'static str)] {
        match self {
            Lang::En => EN_FTL,
            Lang::ZhCn => ZH_CN_FTL,
        }
    }

    /// The language a POSIX locale name asks for (`zh_CN.UTF-8`, `zh_TW`, `zh` → zh-CN;
    /// anything else → en).
    pub fn from_locale(locale: &str) -> Lang {
        if locale.starts_with("zh") {
            Lang::ZhCn
        } else {
            Lang::En
        }
    }

    /// The language the environment's locale asks for: the first set of `LC_ALL`,
    /// `LC_MESSAGES`, `LANG` (as POSIX orders them); en without one.
    pub fn from_env() -> Lang {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|v| std::env::var(v).ok())
            .find(|v| !v.is_empty())
            .map_or(Lang::En, |v| Lang::from_locale(&v))
    }

    fn bundle(self) -> &'static Bundle {
        static EN: LazyLock<Bundle> = LazyLock::new(|| Bundle::new(Lang::En));
        static ZH_CN: LazyLock<Bundle> = LazyLock::new(|| Bundle::new(Lang::ZhCn));
        match self {
            Lang::En => &EN,
            Lang::ZhCn => &ZH_CN,
        }
    }
}

static CURRENT: OnceLock<Lang> = OnceLock::new();

/// Chooses the language of this process's messages (once, at start).
pub fn set_lang(lang: Lang) {
    let _ = CURRENT.set(lang);
}

/// The language messages are written in: the one chosen at start, en until then.
pub fn lang() -> Lang {
    CURRENT.get().copied().unwrap_or(Lang::En)
}

/// The parsed catalogue of one language. Entries of a catalogue with syntax errors that
/// still parse are kept (the catalogue test fails on any error).
struct Bundle(FluentBundle<FluentResource>);

impl Bundle {
    fn new(lang: Lang) -> Bundle {
        let id: unic_langid::LanguageIdentifier = lang.tag().parse().unwrap_or_default();
        let mut bundle = FluentBundle::new_concurrent(vec![id]);
        bundle.set_use_isolating(false);
        let resources = parse(lang).unwrap_or_else(|(partial, _)| partial);
        let help = match lang {
            Lang::ZhCn => Some(parse_help().unwrap_or_else(|(partial, _)| partial)),
            Lang::En => None,
        };
        for resource in resources.into_iter().chain(help) {
            // Duplicate ids are the only error here (a test refuses them); the first
            // definition stays.
            let _ = bundle.add_resource(resource);
        }
        Bundle(bundle)
    }
}

/// Parses a language's catalogue: its resources (one per file), or what parsed and the
/// errors (each naming its file).
#[allow(clippy::type_complexity)]
pub fn parse(
    lang: Lang,
) -> std::result::Result<Vec<FluentResource>, (Vec<FluentResource>, Vec<String>)> {
    let mut resources = Vec::new();
    let mut errors = Vec::new();
    for (file, source) in lang.sources() {
        match FluentResource::try_new(source.to_string()) {
            Ok(r) => resources.push(r),
            Err((partial, errs)) => {
                resources.push(partial);
                errors.extend(errs.iter().map(|e| format!("{}/{file}: {e:?}", lang.tag())));
            }
        }
    }
    if errors.is_empty() {
        Ok(resources)
    } else {
        Err((resources, errors))
    }
}

/// Parses the Chinese `--help` catalogue.
pub fn parse_help() -> std::result::Result<FluentResource, (FluentResource, Vec<String>)> {
    FluentResource::try_new(ZH_CN_HELP.to_string()).map_err(|(partial, errors)| {
        let errors = errors.iter().map(|e| format!("zh-CN/help.ftl: {e:?}"));
        (partial, errors.collect())
    })
}

/// One argument of a message: text, a number (for plural forms) or another entry.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    Text(String),
    Num(i64),
    /// Another catalogue entry, rendered in the same language with the same arguments.
    Msg(&'static str),
}

impl From<&str> for Arg {
    fn from(s: &str) -> Arg {
        Arg::Text(s.to_string())
    }
}
impl From<String> for Arg {
    fn from(s: String) -> Arg {
        Arg::Text(s)
    }
}
impl From<&String> for Arg {
    fn from(s: &String) -> Arg {
        Arg::Text(s.clone())
    }
}
impl From<i64> for Arg {
    fn from(n: i64) -> Arg {
        Arg::Num(n)
    }
}

pub type Args = Vec<(&'static str, Arg)>;

/// The entry `id` in `lang` with `args`; the id itself when the entry is missing.
pub fn text(lang: Lang, id: &str, args: &[(&'static str, Arg)]) -> String {
    let bundle = &lang.bundle().0;
    let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) else {
        return id.to_string();
    };
    let mut fargs = FluentArgs::new();
    for (name, value) in args {
        match value {
            Arg::Text(s) => fargs.set(*name, FluentValue::from(s.as_str())),
            Arg::Num(n) => fargs.set(*name, FluentValue::from(*n)),
            // A nested entry sees the same arguments but itself: two entries naming each
            // other do not render in a loop.
            Arg::Msg(m) if *m != id => {
                let rest: Args = args.iter().filter(|(n, _)| n != name).cloned().collect();
                fargs.set(*name, FluentValue::from(text(lang, m, &rest)))
            }
            Arg::Msg(m) => fargs.set(*name, FluentValue::from(*m)),
        }
    }
    let mut errors = Vec::new();
    let s: Cow<str> = bundle.format_pattern(pattern, Some(&fargs), &mut errors);
    s.into_owned()
}

/// The entry `id` in the current language, without arguments.
pub fn tr(id: &str) -> String {
    text(lang(), id, &[])
}

/// A typed error as the catalogue describes it: its exit code, stable code, the entries of
/// its message and hint, the rule it enforces, and the data they quote.
#[derive(Debug, Clone)]
pub struct Described {
    pub exit: u8,
    /// Stable machine code, e.g. `cert.extend.too_early` (JSON `"code"`).
    pub code: &'static str,
    pub message: &'static str,
    pub hint: Option<&'static str>,
    pub rule: Option<Rule>,
    pub args: Args,
}

impl Described {
    pub fn new(exit: u8, code: &'static str, message: &'static str) -> Described {
        Described {
            exit,
            code,
            message,
            hint: None,
            rule: None,
            args: Vec::new(),
        }
    }
    pub fn hint(mut self, id: &'static str) -> Described {
        self.hint = Some(id);
        self
    }
    pub fn rule(mut self, rule: Rule) -> Described {
        self.rule = Some(rule);
        self
    }
    pub fn arg(mut self, name: &'static str, value: impl Into<Arg>) -> Described {
        self.args.push((name, value.into()));
        self
    }

    pub fn message_in(&self, lang: Lang) -> String {
        text(lang, self.message, &self.args)
    }
    pub fn hint_in(&self, lang: Lang) -> Option<String> {
        self.hint.map(|h| text(lang, h, &self.args))
    }
    /// "rule D9, see catool-rules(7)" in `lang`.
    pub fn rule_in(&self, lang: Lang) -> Option<String> {
        self.rule.map(|r| {
            text(
                lang,
                msg!("rule-reference"),
                &[("rule", Arg::Text(r.to_string()))],
            )
        })
    }
}

/// What every catalogued (typed) error gives: its description.
pub trait Catalogued {
    fn describe(&self) -> Described;
}

/// `outer` with a lower typed error's message as its argument `name`, rendered in the same
/// language with that error's own arguments (one area's error quoting another's).
pub fn nest(mut outer: Described, name: &'static str, inner: &dyn Catalogued) -> Described {
    let inner = inner.describe();
    outer = outer.arg(name, Arg::Msg(inner.message));
    outer.args.extend(inner.args);
    outer
}

/// What every area's refusal tests share: how a failure reads on stderr, and the check
/// that it renders completely in both languages.
#[cfg(test)]
pub(crate) mod testing {
    use super::{Arg, Catalogued, Lang, text};

    /// How a failure reads on stderr (the CLI's lines, without terminal escaping), headed
    /// by its stable code and exit code.
    pub fn rendered(e: &dyn Catalogued, lang: Lang) -> String {
        let d = e.describe();
        let mut out = format!(
            "[{}] exit {}\n{}\n",
            d.code,
            d.exit,
            text(
                lang,
                msg!("line-error"),
                &[("message", Arg::Text(d.message_in(lang)))]
            )
        );
        if let Some(h) = d.hint_in(lang) {
            out.push_str(&text(lang, msg!("line-hint"), &[("message", Arg::Text(h))]));
            out.push('\n');
        }
        if let Some(r) = d.rule_in(lang) {
            out.push_str(&r);
            out.push('\n');
        }
        out
    }

    /// Every error of `samples` renders in both languages with every placeholder filled,
    /// no isolation marks, and its message and hint present in each catalogue.
    pub fn assert_complete<E: Catalogued>(samples: &[E]) {
        for lang in Lang::ALL {
            for e in samples {
                let out = rendered(e, lang);
                assert!(!out.contains("{$") && !out.contains("{ $"), "{out}");
                assert!(
                    !out.contains(['\u{2068}', '\u{2069}']),
                    "isolation marks: {out}"
                );
                let d = e.describe();
                for id in [Some(d.message), d.hint].into_iter().flatten() {
                    assert_ne!(
                        text(lang, id, &d.args),
                        id,
                        "{id} missing in {}",
                        lang.tag()
                    );
                }
            }
        }
    }

    /// Every error of `samples` as the user reads it in `lang` (for one insta snapshot).
    pub fn all_rendered<E: Catalogued>(samples: &[E], lang: Lang) -> String {
        samples.iter().map(|e| rendered(e, lang) + "\n").collect()
    }
}

#[cfg(test)]
mod tests;
