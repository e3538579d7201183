//! The lint of issue 16's proof: no user-facing text is written with `format!` (or printed,
//! or appended) outside the catalogue. It reads the code (before the first `#[cfg(test)]`)
//! of `src/cli/**`, `src/tty.rs` and `src/domain/**` and finds every string literal given
//! to `format!`, `print!`, `println!`, `eprint!`, `eprintln!`, `write!`, `writeln!` or
//! `push_str` that holds a word: three Latin letters in a row, or a Chinese character,
//! outside its `{…}` placeholders. Such text belongs in `i18n/*/…ftl`, named with `msg!`.

use super::sources;

/// The macros whose format string is checked, and the method whose literal argument is.
const MACROS: &[&str] = &[
    "format", "print", "println", "eprint", "eprintln", "write", "writeln",
];

/// Files whose words are not for operators, each with why.
const ALLOWED_FILES: &[(&str, &str)] = &[
    (
        "src/cli/man.rs",
        "generates the English man pages (troff markup; the Chinese help is in help.ftl)",
    ),
    (
        "src/cli/help_text.rs",
        "assembles --help from clap's doc comments and help.ftl; its literals are clap markup",
    ),
    (
        "src/domain/synthetic.rs",
        "the benchmark's registry generator (cargo example, not in the binary): sample names and developer progress",
    ),
];

/// What is given to `Error::Internal` (a bug's detail, for the developer: the catalogue
/// gives the line around it) is not checked.
const DEVELOPER_DETAIL: &str = "Internal";

/// Literals that are not words for people though they hold letters: each with why.
const ALLOWED_LITERALS: &[(&str, &str)] = &[
    (
        "CRL {n} (SHA-256 {})",
        "a CRL as a registry-integrity finding shows a stored or recorded value: its number and digest (data; the finding's sentence is in the catalogue)",
    ),
    (
        "CRL {n}",
        "a CRL as a registry-integrity finding shows a recorded value: its number (data)",
    ),
    (
        ".{name}.copy-",
        "the temporary file a registry copy is written to beside its target (a file name)",
    ),
    (
        "line {}",
        "the `row` of an import step in JSON (docs/json.md), English like its `what`",
    ),
    (
        "{} TSA",
        "a TSA's default name, stored in the registry (data, like the names users give)",
    ),
    (
        "{} 印章制作中心",
        "a seal maker's default name, stored in the registry and its certificate (data)",
    ),
    (
        "CATOOL-S{seal_id}-{n}",
        "an esID, the identifier written in a seal's .esl (GB/T 38540), never translated",
    ),
];

/// Files of areas whose text is not in the catalogue yet, with how many literals each still
/// formats: the count may only go down (lower it when a file is converted further). None
/// is left.
const TEXT_LEFT: &[(&str, usize)] = &[];

/// Whether a literal is a machine word, whatever letters it holds:
/// - a key `kind:{…}` (history subjects and actors such as `cert:12`, `person:3 李娜`,
///   `sha256:…`, key-derivation labels `catool-ca-key-v1:{name}`): recorded in the
///   hash-chained history or derived from, so never translated;
/// - a path into an import document (`persons[{i}]`, `packages[{i}].certificates[{j}]`):
///   the document's own names;
/// - a file name (`ca-{id}.crl`).
fn is_machine_word(literal: &str) -> bool {
    let bare = without_placeholders(literal);
    // `kind:` directly followed by a placeholder, and nothing but placeholders after it.
    let key = literal.split_once(':').is_some_and(|(kind, rest)| {
        !kind.is_empty()
            && kind
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
            && rest.starts_with('{')
            && without_placeholders(rest).trim().is_empty()
    });
    let path = bare.contains('[')
        && bare
            .chars()
            .all(|c| c.is_ascii_alphabetic() || "_.[]".contains(c));
    let file = !bare.contains(char::is_whitespace)
        && bare.rsplit_once('.').is_some_and(|(_, ext)| {
            (2..=4).contains(&ext.len()) && ext.chars().all(|c| c.is_ascii_lowercase())
        });
    key || path || file
}

/// The literal without its `{…}` placeholders.
fn without_placeholders(literal: &str) -> String {
    let mut out = String::new();
    let mut depth = 0;
    for c in literal.chars() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            c if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// A token of Rust code, as much as the lint needs.
#[derive(Debug, PartialEq)]
enum Tok {
    Ident(String),
    Punct(char),
    /// A string literal's contents (escapes kept as written) and its line.
    Str(String, usize),
}

/// The tokens of `code`: identifiers, punctuation and string literals; comments, char
/// literals, lifetimes and numbers are skipped.
fn tokens(code: &str) -> Vec<Tok> {
    let chars: Vec<char> = code.chars().collect();
    let mut toks = Vec::new();
    let mut line = 1;
    let mut i = 0;
    let at = |i: usize| chars.get(i).copied().unwrap_or('\0');
    while i < chars.len() {
        let c = chars[i];
        if c == '\n' {
            line += 1;
            i += 1;
        } else if c == '/' && at(i + 1) == '/' {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && at(i + 1) == '*' {
            let mut depth = 0;
            loop {
                if i >= chars.len() {
                    break;
                }
                if chars[i] == '/' && at(i + 1) == '*' {
                    depth += 1;
                    i += 2;
                } else if chars[i] == '*' && at(i + 1) == '/' {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    if chars[i] == '\n' {
                        line += 1;
                    }
                    i += 1;
                }
            }
        } else if c == '"' || ((c == 'r' || c == 'b') && starts_string(&chars, i)) {
            let start_line = line;
            let (body, next) = string_literal(&chars, i);
            line += body.matches('\n').count();
            toks.push(Tok::Str(body, start_line));
            i = next;
        } else if c == '\'' {
            // A char literal ('x', '\n', '"') or a lifetime ('a).
            if at(i + 1) == '\\' {
                i += 2;
                while i < chars.len() && chars[i] != '\'' {
                    i += 1;
                }
                i += 1;
            } else if at(i + 2) == '\'' {
                i += 3;
            } else {
                i += 1;
            }
        } else if c.is_alphabetic() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            toks.push(Tok::Ident(chars[start..i].iter().collect()));
        } else if c.is_ascii_digit() {
            while i < chars.len() && (chars[i].is_ascii_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
        } else {
            if !c.is_whitespace() {
                toks.push(Tok::Punct(c));
            }
            i += 1;
        }
    }
    toks
}

/// Whether a string literal (`r"…"`, `r#"…"#`, `b"…"`, `br"…"`) starts at `i`.
fn starts_string(chars: &[char], i: usize) -> bool {
    let rest: String = chars[i..chars.len().min(i + 3)].iter().collect();
    let prev_is_ident = i > 0 && (chars[i - 1].is_alphanumeric() || chars[i - 1] == '_');
    !prev_is_ident
        && (rest.starts_with("r\"")
            || rest.starts_with("r#")
            || rest.starts_with("b\"")
            || rest.starts_with("br"))
}

/// The string literal starting at `i`: its contents and the index after it.
fn string_literal(chars: &[char], mut i: usize) -> (String, usize) {
    if chars[i] == 'b' {
        i += 1;
    }
    let mut hashes = None;
    if chars[i] == 'r' {
        i += 1;
        let mut n = 0;
        while chars.get(i) == Some(&'#') {
            n += 1;
            i += 1;
        }
        hashes = Some(n);
    }
    i += 1; // the opening quote
    let mut body = String::new();
    while i < chars.len() {
        let c = chars[i];
        match hashes {
            None if c == '\\' => {
                body.push(c);
                if let Some(&n) = chars.get(i + 1) {
                    body.push(n);
                }
                i += 2;
                continue;
            }
            None if c == '"' => return (body, i + 1),
            Some(n)
                if c == '"'
                    && chars[i + 1..].iter().take(n).filter(|&&h| h == '#').count() == n =>
            {
                return (body, i + 1 + n);
            }
            _ => body.push(c),
        }
        i += 1;
    }
    (body, i)
}

/// The literal with its `{…}` placeholders and `\…` escapes taken out.
fn words_of(literal: &str) -> String {
    let mut out = String::new();
    let mut chars = literal.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            // `{{…}}` is a placeholder of a template the string becomes (indicatif's).
            '{' => {
                for c in chars.by_ref() {
                    if c == '}' {
                        break;
                    }
                }
                out.push(' ');
            }
            '\\' => {
                if chars.next() == Some('u') {
                    for c in chars.by_ref() {
                        if c == '}' {
                            break;
                        }
                    }
                }
                out.push(' ');
            }
            c => out.push(c),
        }
    }
    out
}

/// Whether text holds a word: three Latin letters in a row or a Chinese character.
fn has_word(text: &str) -> bool {
    let mut run = 0;
    for c in text.chars() {
        if ('\u{4e00}'..='\u{9fff}').contains(&c) {
            return true;
        }
        run = if c.is_ascii_alphabetic() { run + 1 } else { 0 };
        if run >= 3 {
            return true;
        }
    }
    false
}

/// The literals given to a checked macro or to `push_str` in `code`, with their lines;
/// a format string given to `Error::Internal(…)` is left out.
fn checked_literals(code: &str) -> Vec<(usize, String)> {
    let toks = tokens(code);
    let mut found = Vec::new();
    for (k, tok) in toks.iter().enumerate() {
        let Tok::Ident(name) = tok else { continue };
        let next = |n: usize| toks.get(k + n);
        let literal = if MACROS.contains(&name.as_str())
            && next(1) == Some(&Tok::Punct('!'))
            && matches!(next(2), Some(Tok::Punct('(' | '[' | '{')))
        {
            let internal = k >= 2
                && toks[k - 1] == Tok::Punct('(')
                && toks[k - 2] == Tok::Ident(DEVELOPER_DETAIL.into());
            if internal {
                continue;
            }
            // The first literal directly inside the call (write!'s is after the writer).
            let mut depth = 0;
            toks[k + 2..].iter().find_map(|t| {
                match t {
                    Tok::Punct('(' | '[' | '{') => depth += 1,
                    Tok::Punct(')' | ']' | '}') => depth -= 1,
                    Tok::Str(s, line) if depth == 1 => return Some(Some((*line, s.clone()))),
                    _ => {}
                }
                (depth == 0).then_some(None)
            })
        } else if name == "push_str" && next(1) == Some(&Tok::Punct('(')) {
            match next(2) {
                Some(Tok::Str(s, line)) => Some(Some((*line, s.clone()))),
                _ => None,
            }
        } else {
            None
        };
        if let Some(Some(found_literal)) = literal {
            found.push(found_literal);
        }
    }
    found
}

/// Every checked literal holding a word, outside the allowed files and literals and not a
/// machine word, as `file:line: "literal"`.
fn findings() -> Vec<String> {
    let mut out = Vec::new();
    for (rel, text) in sources() {
        let scanned =
            rel.starts_with("src/cli/") || rel.starts_with("src/domain/") || rel == "src/tty.rs";
        let is_test =
            rel.ends_with("/tests.rs") || rel.ends_with("_tests.rs") || rel.contains("/tests/");
        if !scanned || is_test || ALLOWED_FILES.iter().any(|(f, _)| *f == rel) {
            continue;
        }
        let code = text.split("#[cfg(test)]").next().unwrap_or(&text);
        for (line, literal) in checked_literals(code) {
            let allowed = ALLOWED_LITERALS.iter().any(|(l, _)| *l == literal);
            if has_word(&words_of(&literal)) && !allowed && !is_machine_word(&literal) {
                out.push(format!("{rel}:{line}: \"{literal}\""));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn no_user_facing_text_is_formatted_outside_the_catalogue() {
    let left: std::collections::BTreeMap<&str, usize> = TEXT_LEFT.iter().copied().collect();
    let mut per_file = std::collections::BTreeMap::<String, Vec<String>>::new();
    for f in findings() {
        let file = f.split(':').next().unwrap_or_default().to_string();
        per_file.entry(file).or_default().push(f);
    }
    let mut new = Vec::new();
    for (file, found) in &per_file {
        if found.len() > left.get(file.as_str()).copied().unwrap_or(0) {
            new.extend(found.iter().cloned());
        }
    }
    assert!(
        new.is_empty(),
        "text written in the code instead of the catalogue (i18n/*/…ftl, named with msg!): {} \
         literal(s):\n{}",
        new.len(),
        new.join("\n")
    );
    // The ratchet only goes down: a file converted further lowers its count here.
    for (file, allowed) in &left {
        let n = per_file.get(*file).map_or(0, Vec::len);
        assert!(
            n >= *allowed,
            "{file} formats {n} literal(s) with words now: lower TEXT_LEFT to {n}"
        );
    }
}

#[test]
fn the_lint_finds_words_in_format_strings_and_ignores_placeholders_and_comments() {
    let code = r##"
        // println!("a comment");
        let a = format!("{id}: {name:>5}");
        let b = format!(
            "certificate {} revoked", id);
        writeln!(f, "{}", x)?;
        s.push_str("已吊销");
        let c = Error::Internal(format!("row vanished: {id}"));
        let d = '"'; eprintln!(r#"raw "quoted" text"#);
    "##;
    let found: Vec<_> = checked_literals(code)
        .into_iter()
        .filter(|(_, l)| has_word(&words_of(l)))
        .collect();
    assert_eq!(
        found,
        vec![
            (5, "certificate {} revoked".to_string()),
            (7, "已吊销".to_string()),
            (9, "raw \"quoted\" text".to_string()),
        ]
    );
}

#[test]
fn history_keys_document_paths_and_file_names_are_machine_words() {
    for word in [
        "cert:{cert_id}",
        "person:{} {}",
        "catool-ca-key-v1:{name}",
        "packages[{i}].certificates[{j}]",
        "ca-{ca_id}.crl",
    ] {
        assert!(is_machine_word(word), "{word}");
    }
    for text in ["certificate {} revoked", "line {}: slot {}", "note: {}"] {
        assert!(!is_machine_word(text), "{text}");
    }
}
