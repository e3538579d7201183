//! What the PDF layer's errors are made of: the lower error a PDF error keeps (its
//! `source()`), any catool error it names a file for, how a page is named, and the small
//! choices its messages make; and the English form a report's JSON carries.

use std::fmt;
use std::sync::Arc;

use crate::i18n::{Arg, Catalogued, Described, Lang};
use crate::msg;

/// A lower error (lopdf, der, io …) kept as the `source()` of the error that wraps it.
/// Two causes are equal when they read the same.
#[derive(Clone)]
pub struct Cause(pub(super) Arc<dyn std::error::Error + Send + Sync>);

impl Cause {
    pub fn new(e: impl std::error::Error + Send + Sync + 'static) -> Cause {
        Cause(Arc::new(e))
    }
}

impl fmt::Debug for Cause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Cause({:?})", self.0.to_string())
    }
}

impl fmt::Display for Cause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl PartialEq for Cause {
    fn eq(&self, other: &Cause) -> bool {
        self.0.to_string() == other.0.to_string()
    }
}

/// Any catool error kept inside a PDF error (an input file's name added to it, a revision
/// that did not load): its code, hint and rule stay its own. Equal when they read the same.
#[derive(Debug, Clone)]
pub struct Wrapped(pub crate::error::Error);

impl PartialEq for Wrapped {
    fn eq(&self, other: &Wrapped) -> bool {
        self.0.code() == other.0.code() && self.0.to_string() == other.0.to_string()
    }
}

impl Wrapped {
    /// `outer` with the wrapped error's message as its argument `name` (an entry with its
    /// own arguments when typed, else its text), and the wrapped error's hint and rule
    /// unless `outer` has its own.
    pub(crate) fn nest(&self, mut outer: Described, name: &'static str) -> Described {
        match self.0.described() {
            Some(inner) => {
                outer.hint = outer.hint.or(inner.hint);
                outer.rule = outer.rule.or(inner.rule);
                outer.args.extend(inner.args);
                outer.args.push((name, Arg::Msg(inner.message)));
            }
            None => outer.args.push((name, Arg::Text(self.0.to_string()))),
        }
        outer
    }
}

/// A page as a message names it: by number, or by its object when the number is unknown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageRef {
    Number(u32),
    Object(u32, u16),
}

impl PageRef {
    pub(super) fn add_to(self, d: Described) -> Described {
        match self {
            PageRef::Number(n) => d
                .arg("where", Arg::Msg(msg!("pdf-where-page")))
                .arg("where_page", i64::from(n)),
            PageRef::Object(n, g) => d
                .arg("where", Arg::Msg(msg!("pdf-where-object")))
                .arg("where_object", i64::from(n))
                .arg("where_generation", i64::from(g)),
        }
    }
}

/// What an update to an encrypted PDF would have added (`PdfError::Encrypted`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Appended {
    ValidationData,
    DocumentTimestamp,
}

/// Why `--pages` could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PagesProblem {
    /// A part is neither a number nor `last`.
    NotANumber(String),
    /// A range `a-b` with a > b.
    Backwards(u32, u32),
    /// Nothing was named.
    Nothing,
}

/// What would make a cross-page seal's strips wide enough (`PdfError::StripsTooThin`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StripFix {
    /// At most this many pages per seal.
    FewerPages(u32),
    /// A split ratio nearer 1/2 or a larger seal.
    RatioOrSize,
    /// A larger seal.
    Size,
}

/// What would bring a cross-page seal onto every page (`PdfError::PastPage`).
#[derive(Debug, Clone, PartialEq)]
pub enum AlongFix {
    /// The seal is longer than the page's edge: a smaller seal.
    SealTooLong { length_mm: String },
    /// A position along the edge in this range.
    Between { from_mm: String, to_mm: String },
}

/// Serializes a catalogued value as its English message (what a report's JSON carries,
/// whatever language people read).
pub(crate) fn english<S: serde::Serializer, T: Catalogued>(
    v: &Option<T>,
    s: S,
) -> std::result::Result<S::Ok, S::Error> {
    match v {
        Some(v) => s.serialize_str(&v.describe().message_in(Lang::En)),
        None => s.serialize_none(),
    }
}
