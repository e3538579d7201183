//! Registry settings an operator may change (`catool config`). Only known keys are accepted,
//! each with its own validation, so a typo never silently configures nothing.

use serde_json::json;

use super::authority_error::AuthorityError as E;
use super::history::{self, Draft};
use super::{Actor, clock, mutate, require_operator};
use crate::error::Result;
use crate::msg;
use crate::pki::vault::KdfCost;
use crate::registry::{Registry, Tx, settings};

pub struct Setting {
    pub key: &'static str,
    /// The catalogue entry saying what it means (`catool config list`).
    pub help: &'static str,
    min: i64,
    max: i64,
    /// Values below `min` are refused as below a security floor (else as out of range).
    floor: bool,
}

/// The floor of the PIN KDF (Argon2id, OWASP's minimum: 19 MiB, 2 passes). With 10^6
/// PINs, the KDF cost is all that stands between someone holding the registry *and* the
/// master key and every key: at 8 KiB they would try all PINs in about a minute.
pub const KDF_MIN_MEMORY_KIB: i64 = 19_456;
pub const KDF_MIN_ITERATIONS: i64 = 2;

/// Every setting, with its meaning and allowed range.
pub const SETTINGS: &[Setting] = &[
    Setting {
        key: "package.price_per_year",
        help: msg!("config-help-price"),
        min: 0,
        max: 1_000_000,
        floor: false,
    },
    Setting {
        key: "package.enterprise_slots",
        help: msg!("config-help-enterprise-slots"),
        min: 0,
        max: 1000,
        floor: false,
    },
    Setting {
        key: "package.personal_slots",
        help: msg!("config-help-personal-slots"),
        min: 0,
        max: 1000,
        floor: false,
    },
    Setting {
        key: "kdf.memory_kib",
        help: msg!("config-help-kdf-memory"),
        min: KDF_MIN_MEMORY_KIB,
        max: KdfCost::MAX.memory_kib as i64,
        floor: true,
    },
    Setting {
        key: TIMEZONE,
        help: msg!("config-help-timezone"),
        min: 0,
        max: 0,
        floor: false,
    },
    Setting {
        key: "kdf.iterations",
        help: msg!("config-help-kdf-iterations"),
        min: KDF_MIN_ITERATIONS,
        max: KdfCost::MAX.iterations as i64,
        floor: true,
    },
];

/// The time zone setting: a zone name or a fixed offset, not a number.
pub const TIMEZONE: &str = "timezone";

/// The registry's time zone (`timezone`, default [`clock::DEFAULT_ZONE`]).
pub fn zone(tx: &Tx) -> Result<chrono::FixedOffset> {
    let raw = settings::get(tx, TIMEZONE)?;
    let raw = raw.as_deref().unwrap_or(clock::DEFAULT_ZONE);
    clock::parse_zone(raw).map_err(|_| {
        E::SettingDamaged {
            key: TIMEZONE.to_string(),
            raw: raw.to_string(),
            zone: true,
        }
        .into()
    })
}

fn known(key: &str) -> Result<&'static Setting> {
    SETTINGS.iter().find(|s| s.key == key).ok_or_else(|| {
        let keys: Vec<_> = SETTINGS.iter().map(|s| s.key).collect();
        E::SettingUnknown {
            key: key.to_string(),
            known: keys.join(", "),
        }
        .into()
    })
}

/// Reads an integer setting (its default lives in the schema's initial rows).
pub(crate) fn int(tx: &Tx, key: &str) -> Result<i64> {
    let raw = settings::get(tx, key)?.ok_or_else(|| E::SettingMissing {
        key: key.to_string(),
    })?;
    Ok(raw.parse().map_err(|_| E::SettingDamaged {
        key: key.to_string(),
        raw: raw.clone(),
        zone: false,
    })?)
}

/// The operator-facing settings (internal rows such as the master key check are left out).
pub fn list(reg: &mut Registry) -> Result<Vec<(String, String)>> {
    let mut all: Vec<(String, String)> = reg
        .read(|tx| settings::list(tx))?
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
    let n: i64 = value.trim().parse().map_err(|_| E::SettingNotNumber {
        key: key.to_string(),
        value: value.to_string(),
    })?;
    if n < setting.min && setting.floor {
        return Err(E::SettingBelowFloor {
            key: key.to_string(),
            value: n,
            floor: setting.min,
        }
        .into());
    }
    if !(setting.min..=setting.max).contains(&n) {
        return Err(E::SettingOutOfRange {
            key: key.to_string(),
            value: n,
            min: setting.min,
            max: setting.max,
        }
        .into());
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
