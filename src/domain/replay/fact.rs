//! What the replay holds for every compared column of every row the history made ([`Want`],
//! [`Fact`], a row's [`Fields`]), and how a stored column is held against it
//! ([`Want::matches`]).
//!
//! The representation is chosen for size, since `log verify` of a large registry keeps one
//! fact per compared column of every row until its table is compared (a million events:
//! 200,000 certificates of 17 columns, 200,000 slots, 100,000 persons): a fact is 32 bytes
//! (a `serde_json::Value` alone is 32, plus a column name and a sequence number); numbers,
//! NULL and catool's own words ("active", "superseded") allocate nothing; a certificate's
//! fingerprint is its 32 bytes, not 95 characters; a row's facts sit at their column's
//! place in `TABLES` (no name kept per fact, no search by name to compare). JSON values are
//! kept as such only for what catool never records (a float, a list), to be reported as the
//! event recorded them.

use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::model::Id;
use crate::registry::audit::Column;

/// What a column must hold, and which event said so (0: the registry's default).
#[derive(Debug, Clone)]
pub(super) struct Fact {
    pub want: Want,
    pub seq: Id,
}

impl Fact {
    pub const ABSENT: Fact = Fact {
        want: Want::Absent,
        seq: 0,
    };
}

/// What a column must hold.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Want {
    /// No event spoke of it: not compared.
    Absent,
    Null,
    Int(i64),
    /// One of catool's own words (a status, a kind, a role): shared, not allocated per row.
    Word(&'static str),
    Text(Box<str>),
    /// A certificate fingerprint (`AB:CD:…`), as its digest.
    Digest(Box<[u8; 32]>),
    /// Anything else an event recorded (a float, a boolean, a list).
    Json(Box<Value>),
    /// Written before the history recorded it: not compared.
    Unknown,
    /// A wrong-PIN count from before resets were recorded: the count, or 0 after a correct
    /// PIN that left no event.
    ZeroOr(i64),
}

/// The words catool writes into the compared columns; any other text is kept as text.
pub(super) const WORDS: &[&str] = &[
    "active",
    "admin",
    "approved",
    "assigned",
    "effective",
    "enterprise",
    "frozen",
    "holder",
    "keyCompromise",
    "member",
    "operator",
    "owner",
    "paid",
    "pending",
    "personal",
    "rejected",
    "revoked",
    "superseded",
    "unassigned",
    "unpaid",
    "used",
    "void",
];

impl Want {
    /// A word of catool's (the literal the replay writes).
    pub fn word(w: &'static str) -> Want {
        Want::Word(w)
    }

    /// Text an event recorded.
    pub fn text(t: &str) -> Want {
        if let Some(w) = WORDS.iter().find(|w| **w == t) {
            return Want::Word(w);
        }
        match crate::hex::fingerprint_digest(t) {
            Some(d) => Want::Digest(Box::new(d)),
            None => Want::Text(t.into()),
        }
    }

    /// A value an event recorded (a detail).
    pub fn of(v: &Value) -> Want {
        match v {
            Value::Null => Want::Null,
            Value::String(s) => Want::text(s),
            Value::Number(n) => match n.as_i64() {
                Some(i) => Want::Int(i),
                None => Want::Json(Box::new(v.clone())),
            },
            _ => Want::Json(Box::new(v.clone())),
        }
    }

    pub fn opt(v: Option<Id>) -> Want {
        v.map_or(Want::Null, Want::Int)
    }

    /// The wanted value as JSON (a finding shows it); `None` for what is not one value.
    pub fn value(&self) -> Option<Value> {
        Some(match self {
            Want::Null => Value::Null,
            Want::Int(i) => Value::from(*i),
            Want::Word(w) => Value::from(*w),
            Want::Text(t) => Value::from(&**t),
            Want::Digest(d) => Value::from(crate::hex::fingerprint_text(d)),
            Want::Json(v) => (**v).clone(),
            Want::Absent | Want::Unknown | Want::ZeroOr(_) => return None,
        })
    }

    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Want::Int(i) => Some(*i),
            Want::Json(v) => v.as_i64(),
            _ => None,
        }
    }

    /// Whether it is the text `w`.
    pub fn is_text(&self, w: &str) -> bool {
        match self {
            Want::Word(t) => *t == w,
            Want::Text(t) => &**t == w,
            _ => false,
        }
    }

    /// Whether the stored `found` is the one value wanted (not for `Absent`, `Unknown`,
    /// `ZeroOr`: the comparison decides those). The same answer as comparing both as JSON
    /// values ([`same`]), without making them in the common cases.
    pub fn matches(&self, found: &Column) -> bool {
        match (self, found) {
            (Want::Null, Column::Null) => true,
            // As JSON numbers compare (`as_f64`), which this keeps.
            #[allow(clippy::cast_precision_loss)]
            (Want::Int(a), Column::Integer(b)) => *a as f64 == *b as f64,
            (Want::Word(a), Column::Text(b)) => a == b,
            (Want::Text(a), Column::Text(b)) => **a == **b,
            (Want::Digest(d), Column::Body(b)) => Sha256::digest(b).as_slice() == d.as_slice(),
            _ => self.value().is_some_and(|v| same(&v, &found.plain())),
        }
    }
}

/// Equal as stored: numbers as numbers (a count stored as text after `config set` is text).
pub(super) fn same(want: &Value, found: &Value) -> bool {
    match (want, found) {
        (Value::Number(a), Value::Number(b)) => a.as_f64() == b.as_f64(),
        (Value::String(a), Value::Number(b)) | (Value::Number(b), Value::String(a)) => {
            a == &b.to_string()
        }
        _ => want == found,
    }
}

/// A row's facts, one per compared column of its table, at the column's place in `TABLES`
/// (`Absent` where no event spoke of it).
#[derive(Debug, Clone)]
pub(super) struct Fields(Box<[Fact]>);

impl From<Vec<Fact>> for Fields {
    fn from(facts: Vec<Fact>) -> Fields {
        Fields(facts.into_boxed_slice())
    }
}

impl Fields {
    pub fn new(columns: usize) -> Fields {
        Fields(vec![Fact::ABSENT; columns].into_boxed_slice())
    }

    pub fn get(&self, column: usize) -> Option<&Fact> {
        self.0.get(column).filter(|f| f.want != Want::Absent)
    }

    pub fn set(&mut self, column: usize, fact: Fact) {
        if let Some(f) = self.0.get_mut(column) {
            *f = fact;
        }
    }

    /// Every column's fact, `Absent` included (to write the row down whole).
    pub fn all(&self) -> &[Fact] {
        &self.0
    }

    /// The facts set, with their columns.
    pub fn iter(&self) -> impl Iterator<Item = (usize, &Fact)> {
        self.0
            .iter()
            .enumerate()
            .filter(|(_, f)| f.want != Want::Absent)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_fact_stays_small() {
        assert!(std::mem::size_of::<Want>() <= 24);
        assert!(std::mem::size_of::<Fact>() <= 32);
    }

    /// Every kind of wanted value against every kind of stored one: the same answer as the
    /// comparison of JSON values it replaces.
    #[test]
    fn matching_agrees_with_comparing_json() {
        let body = b"certificate body";
        let fp = crate::hex::fingerprint(body);
        let wants = [
            json!(null),
            json!(5),
            json!(-3),
            json!(5.0),
            json!(5.5),
            json!(true),
            json!("active"),
            json!("5"),
            json!("text"),
            json!(fp),
            json!([1]),
            json!(u64::MAX),
        ];
        let found = [
            Column::Null,
            Column::Integer(5),
            Column::Integer(-3),
            Column::Real(5.0),
            Column::Real(f64::NAN),
            Column::Text("active"),
            Column::Text("5"),
            Column::Text("text"),
            Column::Text(&fp),
            Column::Body(body),
            Column::Body(b"other"),
            Column::Blob(b"xy"),
        ];
        for w in &wants {
            for f in &found {
                assert_eq!(
                    Want::of(w).matches(f),
                    same(w, &f.plain()),
                    "{w} against {f:?}"
                );
            }
        }
        assert!(matches!(Want::of(&json!(fp)), Want::Digest(_)));
        assert!(matches!(Want::of(&json!("active")), Want::Word(_)));
        assert_eq!(Want::of(&json!(fp)).value(), Some(json!(fp)));
    }
}
