//! The current time: the system clock. Debug builds (the test binary) also read
//! `CATOOL_NOW` (RFC 3339) so tests can move the clock (e.g. to three months before a
//! certificate expires); release builds ignore it, since a clock the caller sets would let
//! anyone backdate certificates, history events and CRLs, or sign with an expired certificate.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, SecondsFormat, Utc};

use super::authority_error::AuthorityError as E;
use crate::error::Result;
use crate::model::Stamp;

#[cfg(debug_assertions)]
pub fn now() -> Result<DateTime<Utc>> {
    match std::env::var("CATOOL_NOW") {
        Ok(s) => DateTime::parse_from_rfc3339(&s)
            .map(|t| t.with_timezone(&Utc))
            .map_err(|e| {
                E::ClockInvalid {
                    value: s.clone(),
                    detail: e.to_string(),
                }
                .into()
            }),
        Err(_) => Ok(Utc::now()),
    }
}

#[cfg(not(debug_assertions))]
pub fn now() -> Result<DateTime<Utc>> {
    Ok(Utc::now())
}

/// Timestamps are stored as RFC 3339 UTC with a `Z`, so text order is time order
/// ([`Stamp`]); this is that text, for messages.
pub fn stamp(t: DateTime<Utc>) -> String {
    Stamp::new(t).text()
}

/// Now, to the second, as the registry stores it.
pub fn now_stamp() -> Result<Stamp> {
    Ok(Stamp::new(now()?))
}

// ---- time zone (registry setting `timezone`) ---------------------------------------------

/// The zone a registry uses when none is set: Beijing time. China has had no daylight saving
/// time since 1991, so a fixed offset is the whole zone.
pub const DEFAULT_ZONE: &str = "Asia/Shanghai";

/// The zone names catool knows, each a fixed offset (no tz database: the zones that matter
/// here have no DST). Anything else is given as an offset: `+08:00`, `-05:00`, `Z`.
const ZONE_NAMES: &[(&str, i32)] = &[
    ("Asia/Shanghai", 8 * 3600),
    ("Asia/Chongqing", 8 * 3600),
    ("Asia/Harbin", 8 * 3600),
    ("PRC", 8 * 3600),
    ("Asia/Hong_Kong", 8 * 3600),
    ("Asia/Macau", 8 * 3600),
    ("Asia/Taipei", 8 * 3600),
    ("UTC", 0),
    ("Etc/UTC", 0),
    ("Z", 0),
];

/// Parses a `timezone` value: a name of [`ZONE_NAMES`] or a fixed offset `±HH:MM` (`±HHMM`,
/// `±HH`), at most ±14:00.
pub fn parse_zone(s: &str) -> Result<FixedOffset> {
    let bad = || E::TimeZoneInvalid {
        value: s.to_string(),
    };
    let t = s.trim();
    if let Some((_, secs)) = ZONE_NAMES.iter().find(|(n, _)| n.eq_ignore_ascii_case(t)) {
        return Ok(FixedOffset::east_opt(*secs).ok_or_else(bad)?);
    }
    let (sign, rest) = match t.as_bytes().first() {
        Some(b'+') => (1, &t[1..]),
        Some(b'-') => (-1, &t[1..]),
        _ => return Err(bad().into()),
    };
    let digits: String = rest.chars().filter(|c| *c != ':').collect();
    if !digits.chars().all(|c| c.is_ascii_digit()) || !matches!(digits.len(), 2 | 4) {
        return Err(bad().into());
    }
    let hours: i32 = digits[..2].parse().map_err(|_| bad())?;
    let minutes: i32 = if digits.len() == 4 {
        digits[2..].parse().map_err(|_| bad())?
    } else {
        0
    };
    if minutes >= 60 || hours * 60 + minutes > 14 * 60 {
        return Err(bad().into());
    }
    Ok(FixedOffset::east_opt(sign * (hours * 3600 + minutes * 60)).ok_or_else(bad)?)
}

/// `t` in zone `zone`, RFC 3339 with the offset (`2026-12-01T08:00:00+08:00`; `Z` at UTC).
pub fn local(t: DateTime<Utc>, zone: FixedOffset) -> String {
    t.with_timezone(&zone)
        .to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// A stored timestamp (exactly the form [`stamp`] writes: `2026-12-01T00:00:00Z`) shown in
/// `zone`; `None` for any other string.
pub fn localize_stamp(s: &str, zone: FixedOffset) -> Option<String> {
    if !is_stamp(s.as_bytes()) {
        return None;
    }
    let t = DateTime::parse_from_rfc3339(s).ok()?.with_timezone(&Utc);
    // A time the zone would carry past year 9999 (a certificate "valid until 9999-12-31",
    // RFC 5280's "no end") has no RFC 3339 form there: it stays in UTC.
    let shown = local(t, zone);
    is_stamp_like(&shown).then_some(shown)
}

/// Four-digit years only: what RFC 3339 can write.
fn is_stamp_like(s: &str) -> bool {
    s.as_bytes().get(4) == Some(&b'-') && s.as_bytes()[..4].iter().all(u8::is_ascii_digit)
}

/// Whether `b` has the shape of a stored timestamp, `dddd-dd-ddTdd:dd:ddZ`.
pub fn is_stamp(b: &[u8]) -> bool {
    const SHAPE: &[u8; 20] = b"0000-00-00T00:00:00Z";
    b.len() == SHAPE.len()
        && b.iter().zip(SHAPE).all(|(c, s)| match s {
            b'0' => c.is_ascii_digit(),
            _ => c == s,
        })
}

/// A date or time given on the command line, `flag` naming it in errors: a date
/// (`2026-12-01`: midnight starting that day in `zone`; with `end_of_day`, the midnight
/// ending it, i.e. the start of the next day, an exclusive bound), a local time without an
/// offset (`2026-12-01T08:00:00`, `2026-12-01 08:00`: in `zone`) or an RFC 3339 time.
pub fn parse_bound(flag: &str, s: &str, zone: FixedOffset, end_of_day: bool) -> Result<Stamp> {
    let t = s.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(t) {
        return Ok(Stamp::new(t.with_timezone(&Utc)));
    }
    let in_zone = |n: NaiveDateTime| n.and_local_timezone(zone).single().map(|t| t.to_utc());
    if let Ok(d) = NaiveDate::parse_from_str(t, "%Y-%m-%d") {
        let day = if end_of_day { d.succ_opt() } else { Some(d) };
        if let Some(t) = day.and_then(|d| d.and_hms_opt(0, 0, 0)).and_then(in_zone) {
            return Ok(Stamp::new(t));
        }
    }
    for f in [
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
    ] {
        if let Some(t) = NaiveDateTime::parse_from_str(t, f).ok().and_then(in_zone) {
            return Ok(Stamp::new(t));
        }
    }
    Err(E::DateInvalid {
        flag: flag.to_string(),
        value: s.to_string(),
    }
    .into())
}

/// A duration from `now` in whole days: `90d` (or `90`), `12w`, `3m` (calendar months from
/// now), `1y`.
pub fn parse_days(flag: &str, s: &str, now: DateTime<Utc>) -> Result<i64> {
    let bad = || E::DurationInvalid {
        flag: flag.to_string(),
        value: s.to_string(),
    };
    let t = s.trim();
    let (digits, unit) = match t.char_indices().last() {
        Some((i, c)) if c.is_ascii_alphabetic() => (&t[..i], c.to_ascii_lowercase()),
        _ => (t, 'd'),
    };
    let n: u32 = digits
        .parse()
        .ok()
        .filter(|n| *n <= 36_500)
        .ok_or_else(bad)?;
    let days = match unit {
        'd' => i64::from(n),
        'w' => i64::from(n) * 7,
        'm' | 'y' => {
            let months = if unit == 'y' {
                n.checked_mul(12)
            } else {
                Some(n)
            };
            let then = months
                .and_then(|m| now.checked_add_months(chrono::Months::new(m)))
                .ok_or_else(bad)?;
            (then - now).num_days()
        }
        _ => return Err(bad().into()),
    };
    if days > 36_500 {
        return Err(bad().into());
    }
    Ok(days)
}

#[cfg(test)]
mod tests {

    #[test]
    fn the_end_of_time_stays_in_utc_rather_than_pass_year_9999() {
        let beijing = parse_zone("Asia/Shanghai").unwrap();
        assert_eq!(
            localize_stamp("9999-12-31T23:59:59Z", beijing).as_deref(),
            None
        );
        assert_eq!(
            localize_stamp("2026-12-01T00:00:00Z", beijing).as_deref(),
            Some("2026-12-01T08:00:00+08:00")
        );
    }

    use super::*;

    fn beijing() -> FixedOffset {
        parse_zone("Asia/Shanghai").unwrap_or_else(|_| unreachable!())
    }

    #[test]
    fn zones_are_names_or_fixed_offsets() {
        assert_eq!(beijing().local_minus_utc(), 8 * 3600);
        assert_eq!(parse_zone("UTC").map(|z| z.local_minus_utc()).ok(), Some(0));
        assert_eq!(
            parse_zone("-05:30").map(|z| z.local_minus_utc()).ok(),
            Some(-(5 * 3600 + 1800))
        );
        assert!(parse_zone("Europe/Paris").is_err());
        assert!(parse_zone("+15:00").is_err());
    }

    #[test]
    fn a_date_is_a_local_day_and_an_end_date_includes_the_whole_day() {
        let z = beijing();
        assert_eq!(
            parse_bound("--from", "2026-12-01", z, false)
                .ok()
                .map(Stamp::text)
                .as_deref(),
            Some("2026-11-30T16:00:00Z")
        );
        assert_eq!(
            parse_bound("--until", "2026-12-31", z, true)
                .ok()
                .map(Stamp::text)
                .as_deref(),
            Some("2026-12-31T16:00:00Z")
        );
        assert_eq!(
            parse_bound("--since", "2026-12-01T08:00", z, false)
                .ok()
                .map(Stamp::text)
                .as_deref(),
            Some("2026-12-01T00:00:00Z")
        );
    }

    #[test]
    fn durations_take_days_weeks_and_months() {
        let now = DateTime::parse_from_rfc3339("2026-01-31T00:00:00Z")
            .map(|t| t.to_utc())
            .unwrap_or_else(|_| unreachable!());
        assert_eq!(parse_days("--expiring", "90d", now).ok(), Some(90));
        assert_eq!(parse_days("--expiring", "12w", now).ok(), Some(84));
        assert_eq!(parse_days("--expiring", "3m", now).ok(), Some(89));
        assert!(parse_days("--expiring", "3x", now).is_err());
    }

    #[test]
    fn stored_stamps_are_shown_with_the_offset() {
        assert_eq!(
            localize_stamp("2026-12-01T00:00:00Z", beijing()).as_deref(),
            Some("2026-12-01T08:00:00+08:00")
        );
        assert_eq!(localize_stamp("not a time", beijing()), None);
    }
}
