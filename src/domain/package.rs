//! Certificate packages (D3, 证书套餐/订单): an authorized enterprise buys one (D1); paying it
//! yields certificate slots (D4) of the configured kinds and counts.

use serde::Serialize;
use serde_json::json;

use super::history::{self, Draft};
use super::page::{Page, Paged};
use super::party_error::PartyError;
use super::{Act, Actor, clock, mutate, require_admin, require_operator, settings};
use crate::error::{Error, Result};
use crate::model::vocab::{CertKind, PackageStatus};
use crate::model::{Package, Slot};
use crate::registry::{Registry, Tx, orgs, packages};

/// What to buy. `None` takes the registry's configured default (`catool config`).
#[derive(Debug, Default)]
pub struct Order {
    pub years: Option<i64>,
    pub price_cny: Option<i64>,
    pub enterprise_slots: Option<i64>,
    pub personal_slots: Option<i64>,
}

#[derive(Debug, Serialize)]
pub struct PackageDetails {
    #[serde(flatten)]
    pub package: Package,
    pub slots: Vec<Slot>,
}

fn bounded(field: &str, value: i64, min: i64, max: i64) -> Result<i64> {
    if (min..=max).contains(&value) {
        Ok(value)
    } else {
        Err(PartyError::OutOfRange {
            field: field.to_string(),
            value,
            min,
            max,
        }
        .into())
    }
}

pub fn buy(reg: &mut Registry, actor: &Actor, org_ref: &str, order: Order) -> Result<Package> {
    mutate(reg, actor, "package.buy", |tx| {
        let org = orgs::resolve(tx, org_ref)?;
        buy_in(tx, actor, &org, &order)
    })
}

/// [`buy`] for `org` inside the caller's transaction.
pub(crate) fn buy_in(
    tx: &Tx,
    actor: &Actor,
    org: &crate::model::Org,
    order: &Order,
) -> Result<Package> {
    let years = bounded("--years", order.years.unwrap_or(1), 1, 10)?;
    {
        require_admin(tx, actor, org.id, Act::BuyPackages)?;
        // Price and contents are the platform's configuration (D3): an enterprise buys on
        // those terms; only the operator sells on others.
        let custom_terms = order.enterprise_slots.is_some()
            || order.personal_slots.is_some()
            || order.price_cny.is_some();
        if custom_terms {
            super::require_operator(actor, Act::SetPackageTerms)?;
        }
        if !org.is_authorized() {
            return Err(PartyError::OrgNotAuthorized {
                org: org.name.clone(),
            }
            .into());
        }
        let enterprise_slots = match order.enterprise_slots {
            Some(n) => n,
            None => settings::int(tx, "package.enterprise_slots")?,
        };
        let personal_slots = match order.personal_slots {
            Some(n) => n,
            None => settings::int(tx, "package.personal_slots")?,
        };
        let price_cny = match order.price_cny {
            Some(p) => p,
            None => settings::int(tx, "package.price_per_year")? * years,
        };
        let enterprise_slots = bounded("--enterprise-slots", enterprise_slots, 0, 1000)?;
        let personal_slots = bounded("--personal-slots", personal_slots, 0, 1000)?;
        let price_cny = bounded("--price", price_cny, 0, 10_000_000)?;
        if enterprise_slots + personal_slots == 0 {
            return Err(PartyError::EmptyPackage.into());
        }
        let at = clock::now_stamp()?;
        let id = packages::insert(
            tx,
            &packages::NewPackage {
                org_id: org.id,
                years,
                price_cny,
                enterprise_slots,
                personal_slots,
                at,
            },
        )?;
        history::record(
            tx,
            actor,
            Draft::new("package.buy", format!("package:{id}"))
                .org(org.id)
                .details(json!({
                    "years": years, "price_cny": price_cny,
                    "enterprise_slots": enterprise_slots, "personal_slots": personal_slots
                })),
        )?;
        packages::get(tx, id)?.ok_or_else(|| Error::Internal("new package vanished".into()))
    }
}

/// Records payment (D3: unpaid → paid; the payment itself happens outside catool, D22) and
/// creates the package's slots. Paying a paid package is no change: `true` says it was
/// already paid (nothing recorded).
pub fn pay(reg: &mut Registry, actor: &Actor, package_id: i64) -> Result<(PackageDetails, bool)> {
    mutate(reg, actor, "package.pay", |tx| {
        pay_in(tx, actor, package_id)
    })
}

/// [`pay`] inside the caller's transaction.
pub(crate) fn pay_in(tx: &Tx, actor: &Actor, package_id: i64) -> Result<(PackageDetails, bool)> {
    let package = packages::get(tx, package_id)?.ok_or_else(|| {
        Error::from(PartyError::NoSuchPackage {
            package: package_id,
        })
    })?;
    // A payment is a fact the operator enters (D22), not something an enterprise says of
    // itself: its administrator buys, the platform records that it was paid.
    require_operator(actor, Act::RecordPayment)?;
    let already = package.status == PackageStatus::Paid;
    if !already {
        let at = clock::now_stamp()?;
        packages::mark_paid(tx, package.id, at)?;
        packages::insert_slots(tx, &package, CertKind::Enterprise, package.enterprise_slots)?;
        packages::insert_slots(tx, &package, CertKind::Personal, package.personal_slots)?;
        history::record(
            tx,
            actor,
            Draft::new("package.pay", format!("package:{}", package.id))
                .org(package.org_id)
                .details(json!({
                    "price_cny": package.price_cny,
                    // The slots made, by kind: what a slot's kind is checked against (D4).
                    "slots": packages::slots_of_package(tx, package.id)?
                        .iter()
                        .map(|s| json!({ "id": s.id, "kind": s.kind }))
                        .collect::<Vec<_>>()
                })),
        )?;
    }
    let details = PackageDetails {
        package: packages::get(tx, package.id)?
            .ok_or_else(|| Error::Internal("package vanished".into()))?,
        slots: packages::slots_of_package(tx, package.id)?,
    };
    Ok((details, already))
}

/// One page of packages (of one enterprise, or all), in id order.
pub fn list(reg: &mut Registry, org_ref: Option<&str>, page: Page) -> Result<Paged<Package>> {
    let (limit, offset) = page.sql_window();
    reg.read(|tx| {
        let org_id = org_ref
            .map(|r| orgs::resolve(tx, r))
            .transpose()?
            .map(|o| o.id);
        Ok(page.of_window(packages::list(tx, org_id, limit, offset)?))
    })
}

pub fn show(reg: &mut Registry, package_id: i64) -> Result<PackageDetails> {
    reg.read(|tx| {
        let package = packages::get(tx, package_id)?.ok_or_else(|| {
            Error::from(PartyError::NoSuchPackage {
                package: package_id,
            })
        })?;
        Ok(PackageDetails {
            slots: packages::slots_of_package(tx, package.id)?,
            package,
        })
    })
}
