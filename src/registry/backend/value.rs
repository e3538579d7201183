//! Values crossing the backend API: parameters in, row columns out, in SQLite's five storage
//! classes (what the registry has always stored). A parameter is anything with an SQL form
//! for SQLite (`rusqlite::ToSql`: integers, text, bytes, `Option`, `bool` as 0/1, `Stamp`, the
//! vocabulary enums as their text); a column is read back as anything with `rusqlite::FromSql`
//! — the same conversions, so a vocabulary text catool never writes is the same
//! `UnknownValue` error on both backends. PostgreSQL's side of each conversion is in `pg`.

use rusqlite::types::{ToSqlOutput, ValueRef};

use crate::error::{Error, Result};
use crate::registry::RegistryError;

/// One value as stored.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Integer(i64),
    Real(f64),
    Text(String),
    Blob(Vec<u8>),
}

impl Value {
    pub(super) fn as_ref(&self) -> ValueRef<'_> {
        match self {
            Value::Null => ValueRef::Null,
            Value::Integer(i) => ValueRef::Integer(*i),
            Value::Real(f) => ValueRef::Real(*f),
            Value::Text(s) => ValueRef::Text(s.as_bytes()),
            Value::Blob(b) => ValueRef::Blob(b),
        }
    }

    pub(super) fn from_ref(v: ValueRef<'_>) -> Result<Value> {
        Ok(match v {
            ValueRef::Null => Value::Null,
            ValueRef::Integer(i) => Value::Integer(i),
            ValueRef::Real(f) => Value::Real(f),
            // Text that is not UTF-8 (an edit of the file) is kept as the bytes it is: a reader
            // of text is refused it (`RegistryError::WrongKind`), `log verify` reads it lossily
            // and finds the event altered.
            ValueRef::Text(t) => match String::from_utf8(t.to_vec()) {
                Ok(s) => Value::Text(s),
                Err(e) => Value::Blob(e.into_bytes()),
            },
            ValueRef::Blob(b) => Value::Blob(b.to_vec()),
        })
    }

    /// Becomes `v`, in the allocation it holds when it has `v`'s storage class.
    pub(super) fn set_from_ref(&mut self, v: ValueRef<'_>) -> Result<()> {
        match (&mut *self, v) {
            (Value::Text(s), ValueRef::Text(t)) if let Ok(t) = std::str::from_utf8(t) => {
                s.clear();
                s.push_str(t);
            }
            (Value::Blob(b), ValueRef::Blob(n)) => {
                b.clear();
                b.extend_from_slice(n);
            }
            (this, v) => *this = Value::from_ref(v)?,
        }
        Ok(())
    }
}

/// A statement parameter.
pub trait Param {
    fn value(&self) -> Result<Value>;
}

impl<T: rusqlite::ToSql + ?Sized> Param for T {
    fn value(&self) -> Result<Value> {
        match self.to_sql()? {
            ToSqlOutput::Borrowed(v) => Value::from_ref(v),
            ToSqlOutput::Owned(v) => Value::from_ref(ValueRef::from(&v)),
            other => Err(Error::Internal(format!(
                "registry: parameter of no stored form: {other:?}"
            ))),
        }
    }
}

/// The values of `params`, in order.
pub(super) fn values(params: &[&dyn Param]) -> Result<Vec<Value>> {
    params.iter().map(|p| p.value()).collect()
}

/// A column value read back.
pub trait FromValue: Sized {
    fn from_value(v: &Value) -> Result<Self>;
}

impl<T: rusqlite::types::FromSql> FromValue for T {
    fn from_value(v: &Value) -> Result<Self> {
        T::column_result(v.as_ref()).map_err(|e| {
            // A value of another kind than its column keeps: the file was edited.
            if let rusqlite::types::FromSqlError::InvalidType = e {
                return RegistryError::wrong_kind(v).into();
            }
            // rusqlite's own wrapping, so `from_sqlite` names an unknown vocabulary text.
            let e = match e {
                rusqlite::types::FromSqlError::Other(inner) => {
                    rusqlite::Error::FromSqlConversionFailure(0, v.as_ref().data_type(), inner)
                }
                other => rusqlite::Error::FromSqlConversionFailure(
                    0,
                    v.as_ref().data_type(),
                    Box::new(other),
                ),
            };
            Error::from(e)
        })
    }
}

/// One row of a result, its columns in the query's order.
#[derive(Debug, Clone, PartialEq)]
pub struct Row(pub(super) Vec<Value>);

impl Row {
    /// Column `i` as a `T` (`i64`, `String`, `Vec<u8>`, `bool`, `Option<…>`, `Stamp`, a
    /// vocabulary enum …).
    pub fn get<T: FromValue>(&self, i: usize) -> Result<T> {
        let v = self.0.get(i).ok_or_else(|| {
            Error::Internal(format!(
                "registry: no column {i} in a row of {}",
                self.0.len()
            ))
        })?;
        T::from_value(v)
    }

    /// Column `i` as text, borrowed from the row (what `log verify` reads a million times).
    pub fn text(&self, i: usize) -> Result<&str> {
        match self.0.get(i) {
            Some(Value::Text(t)) => Ok(t),
            // Another kind of value than catool keeps there: the file was edited.
            Some(v) => Err(RegistryError::wrong_kind(v).into()),
            // A column the query does not have: catool's own mistake.
            None => Err(Error::Internal(format!(
                "registry: no column {i} in a row of {}",
                self.0.len()
            ))),
        }
    }

    /// [`Row::text`] for a column that may be NULL, borrowed.
    pub fn text_opt(&self, i: usize) -> Result<Option<&str>> {
        match self.0.get(i) {
            Some(Value::Null) => Ok(None),
            _ => self.text(i).map(Some),
        }
    }

    /// Column `i` as stored (`Null` past the last column).
    pub fn value(&self, i: usize) -> &Value {
        self.0.get(i).unwrap_or(&Value::Null)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CertStatus, Stamp};
    use crate::registry::error::RegistryError;

    #[test]
    fn parameters_take_their_stored_form() {
        let at = Stamp::parse("2026-12-01T00:00:00Z").unwrap();
        let none: Option<i64> = None;
        let got = values(&[
            &7_i64,
            &"k",
            &vec![1_u8, 2],
            &true,
            &none,
            &at,
            &CertStatus::Frozen,
        ])
        .unwrap();
        assert_eq!(
            got,
            vec![
                Value::Integer(7),
                Value::Text("k".into()),
                Value::Blob(vec![1, 2]),
                Value::Integer(1),
                Value::Null,
                Value::Text("2026-12-01T00:00:00Z".into()),
                Value::Text("frozen".into()),
            ]
        );
    }

    #[test]
    fn columns_read_back_as_typed_values() {
        let row = Row(vec![
            Value::Integer(0),
            Value::Text("revoked".into()),
            Value::Null,
            Value::Blob(vec![9]),
        ]);
        assert!(!row.get::<bool>(0).unwrap());
        assert_eq!(row.get::<CertStatus>(1).unwrap(), CertStatus::Revoked);
        assert_eq!(row.get::<Option<String>>(2).unwrap(), None);
        assert_eq!(row.get::<Vec<u8>>(3).unwrap(), vec![9]);
    }

    #[test]
    fn a_vocabulary_text_catool_never_writes_is_an_unknown_value() {
        let row = Row(vec![Value::Text("expired".into())]);
        let e = row.get::<CertStatus>(0).unwrap_err();
        assert_eq!(
            e.typed::<RegistryError>(),
            Some(&RegistryError::UnknownValue {
                what: CertStatus::NAME,
                value: "expired".into()
            })
        );
    }
}
