//! `catool package …`: certificate packages and their slots.

use clap::{Args, Subcommand};

use super::Context;
use super::output::{Table, fields, opt, term_safe};
use crate::domain::package::{self, Order, PackageDetails};
use crate::error::Result;
use crate::model::vocab::{PackageStatus, SlotState};
use crate::model::{Package, Slot};

#[derive(Debug, Subcommand)]
pub enum PackageCmd {
    /// Buy a package for an authorized enterprise (D1, D3); it starts unpaid
    Buy(BuyArgs),
    /// Record that a package was paid (D3); its certificate slots appear
    Pay {
        /// Package id
        #[arg(long)]
        package: i64,
    },
    /// List packages
    List {
        /// Only this enterprise's packages
        #[arg(long)]
        org: Option<String>,
    },
    /// Show a package and its slots
    Show {
        /// Package id
        package: i64,
    },
}

#[derive(Debug, Args)]
pub struct BuyArgs {
    /// Enterprise id, USCC or exact name
    #[arg(long)]
    org: String,
    /// Years of service
    #[arg(long, default_value_t = 1)]
    years: i64,
    /// Price in CNY [default: package.price_per_year × years]
    #[arg(long)]
    price: Option<i64>,
    /// Enterprise certificate slots [default: setting package.enterprise_slots, 1]
    #[arg(long)]
    enterprise_slots: Option<i64>,
    /// Personal certificate slots [default: setting package.personal_slots, 2]
    #[arg(long)]
    personal_slots: Option<i64>,
}

pub fn run(ctx: &Context, cmd: PackageCmd) -> Result<()> {
    let out = ctx.out;
    match cmd {
        PackageCmd::Buy(a) => {
            let (mut reg, actor) = ctx.open_as()?;
            let order = Order {
                years: Some(a.years),
                price_cny: a.price,
                enterprise_slots: a.enterprise_slots,
                personal_slots: a.personal_slots,
            };
            let p = package::buy(&mut reg, &actor, &a.org, order)?;
            out.emit(&p, |p| {
                format!(
                    "package {} for {}: {} enterprise + {} personal certificate(s), {} year(s), {} CNY, unpaid; next: catool package pay --package {}",
                    p.id,
                    term_safe(&p.org_name),
                    p.enterprise_slots,
                    p.personal_slots,
                    p.years,
                    p.price_cny,
                    p.id
                )
            })
        }
        PackageCmd::Pay { package: id } => {
            let (mut reg, actor) = ctx.open_as()?;
            let (d, already) = package::pay(&mut reg, &actor, id)?;
            let shown = Paid {
                details: &d,
                outcome: if already { "already_paid" } else { "paid" },
            };
            out.emit(&shown, |_| {
                if already {
                    format!(
                        "already paid (已支付): package {} was paid on {}; nothing changed; slots:\n{}",
                        d.package.id,
                        opt(&d.package.paid_at),
                        slots_table(&d.slots)
                    )
                } else {
                    format!(
                        "package {} paid (已支付); slots:\n{}",
                        d.package.id,
                        slots_table(&d.slots)
                    )
                }
            })
        }
        PackageCmd::List { org } => {
            let mut reg = ctx.open()?;
            let ps = package::list(&mut reg, org.as_deref())?;
            out.emit(&ps, |ps| packages_table(ps))
        }
        PackageCmd::Show { package: id } => {
            let mut reg = ctx.open()?;
            let d = package::show(&mut reg, id)?;
            out.emit(&d, show_text)
        }
    }
}

fn show_text(d: &PackageDetails) -> String {
    let p = &d.package;
    let mut s = fields(&[
        ("id", p.id.to_string()),
        ("enterprise", format!("{} (org {})", p.org_name, p.org_id)),
        (
            "contents",
            format!(
                "{} enterprise + {} personal certificate(s)",
                p.enterprise_slots, p.personal_slots
            ),
        ),
        ("years", p.years.to_string()),
        ("price", format!("{} CNY", p.price_cny)),
        ("status", status(p)),
        ("bought", p.bought_at.to_string()),
        ("paid", opt(&p.paid_at)),
    ]);
    s.push_str("\nslots:\n");
    s.push_str(&slots_table(&d.slots));
    s
}

fn status(p: &Package) -> String {
    match p.status {
        PackageStatus::Paid => "paid (已支付)".into(),
        PackageStatus::Unpaid => "unpaid (未支付)".into(),
    }
}

pub(super) fn packages_table(ps: &[Package]) -> String {
    let mut t = Table::new(&["ID", "ENTERPRISE", "ENT", "PERS", "YEARS", "CNY", "STATUS"]);
    for p in ps {
        t.row(vec![
            p.id.to_string(),
            p.org_name.clone(),
            p.enterprise_slots.to_string(),
            p.personal_slots.to_string(),
            p.years.to_string(),
            p.price_cny.to_string(),
            status(p),
        ]);
    }
    t.render()
}

pub(super) fn slots_table(slots: &[Slot]) -> String {
    let mut t = Table::new(&["SLOT", "KIND", "STATE", "OWNER", "HOLDER"]);
    for s in slots {
        let state = match s.state {
            SlotState::Unassigned => "unassigned (暂未分配)",
            SlotState::Assigned => "assigned (待导入)",
            SlotState::Used => "used (已使用)",
        };
        let name = |p: &Option<crate::model::PersonRef>| {
            p.as_ref()
                .map(|p| p.name.clone())
                .unwrap_or_else(|| "-".into())
        };
        t.row(vec![
            s.id.to_string(),
            s.kind.to_string(),
            state.into(),
            name(&s.owner),
            name(&s.holder),
        ]);
    }
    t.render()
}

/// `package pay --json`: the package, its slots and `"outcome": "paid"` or `"already_paid"`.
#[derive(serde::Serialize)]
struct Paid<'a> {
    #[serde(flatten)]
    details: &'a PackageDetails,
    outcome: &'static str,
}
