//! The current time: the system clock. Debug builds (the test binary) also read
//! `CATOOL_NOW` (RFC 3339) so tests can move the clock (e.g. to three months before a
//! certificate expires); release builds ignore it, since a clock the caller sets would let
//! anyone backdate certificates, history events and CRLs, or sign with an expired certificate.

use chrono::{DateTime, SecondsFormat, Utc};

use crate::error::{Error, Result};

#[cfg(debug_assertions)]
pub fn now() -> Result<DateTime<Utc>> {
    match std::env::var("CATOOL_NOW") {
        Ok(s) => DateTime::parse_from_rfc3339(&s)
            .map(|t| t.with_timezone(&Utc))
            .map_err(|e| Error::Usage(format!("CATOOL_NOW='{s}' is not RFC 3339: {e}"))),
        Err(_) => Ok(Utc::now()),
    }
}

#[cfg(not(debug_assertions))]
pub fn now() -> Result<DateTime<Utc>> {
    Ok(Utc::now())
}

/// Timestamps are stored as RFC 3339 UTC with a `Z`, so text order is time order.
pub fn stamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

pub fn now_stamp() -> Result<String> {
    Ok(stamp(now()?))
}

/// Parses `--since`: a date (`2026-11-01`, midnight UTC) or an RFC 3339 time.
pub fn parse_since(s: &str) -> Result<String> {
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Ok(stamp(t.with_timezone(&Utc)));
    }
    if let Ok(d) = chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        let t = d.and_hms_opt(0, 0, 0).map(|t| t.and_utc());
        if let Some(t) = t {
            return Ok(stamp(t));
        }
    }
    Err(Error::BadInput(format!(
        "invalid --since '{s}': expected a date like 2026-11-01 or a time like 2026-11-01T08:00:00Z"
    )))
}
