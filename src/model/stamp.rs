//! Times as the registry holds them: a `chrono::DateTime<Utc>` to decide with, stored as the
//! text catool has always written — RFC 3339 in UTC with whole seconds and a `Z`
//! (`2026-12-01T00:00:00Z`), so that text order is time order and every row written before
//! this type existed reads back unchanged. The history's MACs cover that text (D21): a
//! `Stamp` writes exactly what it read.

use std::fmt;

use chrono::{DateTime, SecondsFormat, SubsecRound, Utc};
use rusqlite::types::{FromSql, FromSqlResult, ToSql, ToSqlOutput};

use super::vocab::from_text;

/// A point in time, to the second, in UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Stamp(DateTime<Utc>);

impl Stamp {
    /// The catalogue entry naming stored times (in errors about a stored value).
    pub const NAME: &'static str = crate::msg!("vocab-time");

    /// `t` to the second (what the stored text can say).
    pub fn new(t: DateTime<Utc>) -> Stamp {
        Stamp(t.trunc_subsecs(0))
    }

    pub fn time(self) -> DateTime<Utc> {
        self.0
    }

    /// The stored text: `2026-12-01T00:00:00Z`.
    pub fn text(self) -> String {
        self.0.to_rfc3339_opts(SecondsFormat::Secs, true)
    }

    /// The time a stored text says, if it is exactly what [`Stamp::text`] writes (an RFC 3339
    /// time in another form, e.g. with an offset or fractions, is not: it would not be
    /// written back as it was read).
    pub fn parse(s: &str) -> Option<Stamp> {
        let t = DateTime::parse_from_rfc3339(s).ok()?.with_timezone(&Utc);
        let stamp = Stamp::new(t);
        (stamp.text() == s).then_some(stamp)
    }
}

impl From<DateTime<Utc>> for Stamp {
    fn from(t: DateTime<Utc>) -> Stamp {
        Stamp::new(t)
    }
}

impl From<Stamp> for DateTime<Utc> {
    fn from(s: Stamp) -> DateTime<Utc> {
        s.0
    }
}

impl fmt::Display for Stamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text())
    }
}

impl serde::Serialize for Stamp {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.text())
    }
}

impl ToSql for Stamp {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.text()))
    }
}

impl FromSql for Stamp {
    fn column_result(v: rusqlite::types::ValueRef<'_>) -> FromSqlResult<Self> {
        from_text(v, Stamp::NAME, Stamp::parse)
    }
}

/// A time quoted by a message: its stored text (the CLI shows it in the registry's zone).
impl From<Stamp> for crate::i18n::Arg {
    fn from(s: Stamp) -> crate::i18n::Arg {
        crate::i18n::Arg::Text(s.text())
    }
}

impl From<&Stamp> for crate::i18n::Arg {
    fn from(s: &Stamp) -> crate::i18n::Arg {
        crate::i18n::Arg::Text(s.text())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stored(s: Stamp) -> String {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        conn.query_row("SELECT ?1", [s], |r| r.get(0)).unwrap()
    }

    fn read(text: &str) -> rusqlite::Result<Stamp> {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        conn.query_row("SELECT ?1", [text], |r| r.get(0))
    }

    #[test]
    fn a_stored_time_reads_and_writes_back_the_same_text() {
        for text in [
            "2026-12-01T00:00:00Z",
            "2027-02-28T23:59:59Z",
            "1950-01-01T00:00:00Z",
            "9999-12-31T23:59:59Z",
        ] {
            let s = read(text).unwrap();
            assert_eq!(stored(s), text);
            assert_eq!(serde_json::to_value(s).unwrap(), text);
            assert_eq!(s.to_string(), text);
        }
    }

    #[test]
    fn a_new_time_is_kept_to_the_second() {
        let t = DateTime::parse_from_rfc3339("2026-12-01T08:00:00.75+08:00")
            .unwrap()
            .with_timezone(&Utc);
        let s = Stamp::new(t);
        assert_eq!(stored(s), "2026-12-01T00:00:00Z");
        assert_eq!(read(&stored(s)).unwrap(), s);
    }

    #[test]
    fn a_time_in_another_form_is_not_read_as_one() {
        for text in [
            "2026-12-01T08:00:00+08:00",
            "2026-12-01T00:00:00.5Z",
            "2026-12-01 00:00:00",
            "yesterday",
        ] {
            assert!(read(text).is_err(), "{text}");
        }
    }

    #[test]
    fn times_order_as_their_texts_do() {
        let a = read("2026-01-31T23:59:59Z").unwrap();
        let b = read("2026-02-01T00:00:00Z").unwrap();
        assert!(a < b && a.text() < b.text());
    }
}
