//! `catool package …`: certificate packages and their slots.

use clap::{Args, Subcommand};

use super::output::{opt, term_safe};
use super::{Context, labelled, say, table};
use crate::domain::package::{self, Order, PackageDetails};
use crate::error::Result;
use crate::i18n::{Arg, tr};
use crate::model::vocab::{PackageStatus, SlotState};
use crate::model::{Package, Slot};
use crate::msg;

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
    /// List packages (in id order, a page at a time)
    List {
        /// Only this enterprise's packages
        #[arg(long)]
        org: Option<String>,
        #[command(flatten)]
        page: super::page::PageArgs,
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
                say(
                    msg!("package-bought"),
                    &[
                        ("id", Arg::Num(p.id)),
                        ("org", Arg::Text(term_safe(&p.org_name))),
                        ("ent", Arg::Num(p.enterprise_slots)),
                        ("pers", Arg::Num(p.personal_slots)),
                        ("years", Arg::Num(p.years)),
                        ("cny", Arg::Num(p.price_cny)),
                    ],
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
                let args = [
                    ("id", Arg::Num(d.package.id)),
                    ("at", Arg::Text(opt(&d.package.paid_at))),
                ];
                let head = if already {
                    say(msg!("package-already-paid"), &args)
                } else {
                    say(msg!("package-paid"), &args)
                };
                format!("{head}\n{}", slots_table(&d.slots))
            })
        }
        PackageCmd::List { org, page } => {
            let mut reg = ctx.open()?;
            let listed = package::list(&mut reg, org.as_deref(), page.page())?;
            let shown = out.emit(&listed.rows, |ps| packages_table(ps));
            super::page::note_more(&out, &listed);
            shown
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
    let mut s = labelled(vec![
        (msg!("field-id"), p.id.to_string()),
        (
            msg!("field-enterprise"),
            say(
                msg!("org-ref"),
                &[("name", Arg::from(&p.org_name)), ("id", Arg::Num(p.org_id))],
            ),
        ),
        (
            msg!("field-contents"),
            say(
                msg!("package-contents"),
                &[
                    ("ent", Arg::Num(p.enterprise_slots)),
                    ("pers", Arg::Num(p.personal_slots)),
                ],
            ),
        ),
        (msg!("field-years"), p.years.to_string()),
        (
            msg!("field-price"),
            say(msg!("package-price"), &[("cny", Arg::Num(p.price_cny))]),
        ),
        (msg!("field-status"), status(p)),
        (msg!("field-bought"), p.bought_at.to_string()),
        (msg!("field-paid"), opt(&p.paid_at)),
    ]);
    s.push('\n');
    s.push_str(&tr(msg!("section-slots")));
    s.push('\n');
    s.push_str(&slots_table(&d.slots));
    s
}

fn status(p: &Package) -> String {
    match p.status {
        PackageStatus::Paid => tr(msg!("package-status-paid")),
        PackageStatus::Unpaid => tr(msg!("package-status-unpaid")),
    }
}

pub(super) fn packages_table(ps: &[Package]) -> String {
    let mut t = table(&[
        msg!("col-id"),
        msg!("col-enterprise"),
        msg!("col-ent"),
        msg!("col-pers"),
        msg!("col-years"),
        msg!("col-cny"),
        msg!("col-status"),
    ]);
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
    let mut t = table(&[
        msg!("col-slot"),
        msg!("col-kind"),
        msg!("col-state"),
        msg!("col-owner"),
        msg!("col-holder"),
    ]);
    for s in slots {
        let state = match s.state {
            SlotState::Unassigned => msg!("slot-unassigned"),
            SlotState::Assigned => msg!("slot-assigned"),
            SlotState::Used => msg!("slot-used"),
        };
        let kind = super::cert_render::kind_label(s.kind);
        let name = |p: &Option<crate::model::PersonRef>| opt(&p.as_ref().map(|p| p.name.clone()));
        t.row(vec![
            s.id.to_string(),
            kind,
            tr(state),
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
