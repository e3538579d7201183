//! Registry settings an operator may change (`catool config`). Only known keys are accepted,
//! each with its own validation, so a typo never silently configures nothing.

use serde_json::json;

use super::history::{self, Draft};
use super::{Actor, clock, mutate, require_operator};
use crate::error::{Error, Result};
use crate::registry::{Registry, Tx, settings};

pub struct Setting {
    pub key: &'static str,
    pub help: &'static str,
    min: i64,
    max: i64,
    /// Why values below `min` are refused, when the minimum is a security floor.
    floor: Option<&'static str>,
}

/// The floor of the PIN KDF (Argon2id, OWASP's minimum: 19 MiB, 2 passes). With 10^6
/// PINs, the KDF cost is all that stands between someone holding the registry *and* the
/// master key and every key: at 8 KiB they would try all PINs in about a minute.
pub const KDF_MIN_MEMORY_KIB: i64 = 19_456;
pub const KDF_MIN_ITERATIONS: i64 = 2;
const KDF_FLOOR: &str = "OWASP's minimum for Argon2id; a cheaper KDF lets whoever holds the registry and the master key try all 10^6 PINs that much faster";

/// Every setting, with its meaning and allowed range.
pub const SETTINGS: &[Setting] = &[
    Setting {
        key: "package.price_per_year",
        help: "price of one package-year in CNY (D3; reference 300)",
        min: 0,
        max: 1_000_000,
        floor: None,
    },
    Setting {
        key: "package.enterprise_slots",
        help: "enterprise certificate slots in a package (D3; reference 1)",
        min: 0,
        max: 1000,
        floor: None,
    },
    Setting {
        key: "package.personal_slots",
        help: "personal certificate slots in a package (D3; reference 2)",
        min: 0,
        max: 1000,
        floor: None,
    },
    Setting {
        key: "kdf.memory_kib",
        help: "Argon2id memory for PIN-derived keys, KiB (default and minimum 19456; applies to keys sealed after the change)",
        min: KDF_MIN_MEMORY_KIB,
        max: 4_194_304,
        floor: Some(KDF_FLOOR),
    },
    Setting {
        key: TIMEZONE,
        help: "time zone of dates given and times shown: Asia/Shanghai (default, UTC+08:00), UTC or an offset like +08:00; times are stored in UTC",
        min: 0,
        max: 0,
        floor: None,
    },
    Setting {
        key: "kdf.iterations",
        help: "Argon2id passes for PIN-derived keys (default and minimum 2)",
        min: KDF_MIN_ITERATIONS,
        max: 100,
        floor: Some(KDF_FLOOR),
    },
];

/// The time zone setting: a zone name or a fixed offset, not a number.
pub const TIMEZONE: &str = "timezone";

/// The registry's time zone (`timezone`, default [`clock::DEFAULT_ZONE`]).
pub fn zone(tx: &Tx) -> Result<chrono::FixedOffset> {
    let raw = settings::get(tx, TIMEZONE)?;
    let raw = raw.as_deref().unwrap_or(clock::DEFAULT_ZONE);
    clock::parse_zone(raw)
        .map_err(|_| Error::Registry(format!("setting {TIMEZONE} holds '{raw}', not a time zone")))
}

fn known(key: &str) -> Result<&'static Setting> {
    SETTINGS.iter().find(|s| s.key == key).ok_or_else(|| {
        let keys: Vec<_> = SETTINGS.iter().map(|s| s.key).collect();
        Error::BadInput(format!(
            "unknown setting '{key}'; known settings: {}",
            keys.join(", ")
        ))
    })
}

/// Reads an integer setting (its default lives in the schema's initial rows).
pub(crate) fn int(tx: &Tx, key: &str) -> Result<i64> {
    let raw = settings::get(tx, key)?
        .ok_or_else(|| Error::Internal(format!("setting {key} missing from registry")))?;
    raw.parse()
        .map_err(|_| Error::Registry(format!("setting {key} holds '{raw}', not a number")))
}

/// The operator-facing settings (internal rows such as the master key check are left out).
pub fn list(reg: &mut Registry) -> Result<Vec<(String, String)>> {
    let mut all: Vec<(String, String)> = reg
        .read(settings::list)?
        .into_iter()
        .filter(|(k, _)| SETTINGS.iter().any(|s| s.key == k))
        .collect();
    if !all.iter().any(|(k, _)| k == TIMEZONE) {
        all.push((TIMEZONE.to_string(), clock::DEFAULT_ZONE.to_string()));
    }
    Ok(all)
}

pub fn set(reg: &mut Registry, actor: &Actor, key: &str, value: &str) -> Result<(String, String)> {
    let setting = known(key)?;
    if key == TIMEZONE {
        clock::parse_zone(value)?;
        let v = value.trim().to_string();
        return mutate(reg, actor, "config.set", |tx| {
            require_operator(actor, super::Act::ChangeSettings)?;
            let old = settings::get(tx, key)?;
            settings::set(tx, key, &v)?;
            history::record(
                tx,
                actor,
                Draft::new("config.set", format!("setting:{key}"))
                    .details(json!({ "key": key, "old": old, "new": v })),
            )?;
            Ok((key.to_string(), v.clone()))
        });
    }
    let n: i64 = value.trim().parse().map_err(|_| {
        Error::BadInput(format!(
            "invalid value '{value}' for {key}: expected a whole number"
        ))
    })?;
    if let (true, Some(why)) = (n < setting.min, setting.floor) {
        return Err(Error::BadInput(format!(
            "{key} {n} is below the floor of {} ({why}); use at least {}",
            setting.min, setting.min
        )));
    }
    if !(setting.min..=setting.max).contains(&n) {
        return Err(Error::BadInput(format!(
            "invalid value {n} for {key}: expected {} to {}",
            setting.min, setting.max
        )));
    }
    mutate(reg, actor, "config.set", |tx| {
        require_operator(actor, super::Act::ChangeSettings)?;
        let old = settings::get(tx, key)?;
        settings::set(tx, key, &n.to_string())?;
        history::record(
            tx,
            actor,
            Draft::new("config.set", format!("setting:{key}"))
                .details(json!({ "key": key, "old": old, "new": n.to_string() })),
        )?;
        Ok((key.to_string(), n.to_string()))
    })
}
