//! `catool org …`: enterprises and their members.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::output::{Table, fields, term_safe};
use super::person::WithOutcome;
use super::{Context, read_input_file};
use crate::domain::org::{self, AuthMethod, NewOrg};
use crate::domain::person::Outcome;
use crate::error::Result;
use crate::model::vocab::Role;
use crate::model::{Membership, Org};

#[derive(Debug, Subcommand)]
pub enum OrgCmd {
    /// Register an enterprise (D1) with its administrator (D2)
    Add(AddArgs),
    /// List enterprises
    List,
    /// Show an enterprise, its members and packages
    Show {
        /// Enterprise id, USCC or exact name
        org: String,
    },
    /// Record the legal representative's authorization (CA授权), required before buying (D1)
    Authorize(AuthorizeArgs),
    /// Transfer the administrator role (转让单位管理员) to another member (D2)
    TransferAdmin {
        /// Enterprise id, USCC or exact name
        #[arg(long)]
        org: String,
        /// The member who becomes administrator
        #[arg(long, value_name = "PERSON")]
        to: String,
    },
    /// Members of an enterprise
    #[command(subcommand)]
    Member(MemberCmd),
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// Enterprise name as registered, e.g. 北京某某科技有限公司
    #[arg(long)]
    name: String,
    /// Unified social credit code (统一社会信用代码, 18 characters, GB 32100-2015)
    #[arg(long)]
    uscc: String,
    /// Legal representative's name (法定代表人)
    #[arg(long, value_name = "NAME")]
    legal_rep: String,
    /// Legal representative's resident ID number (GB 11643-1999)
    #[arg(long, value_name = "ID_NUMBER")]
    legal_rep_id: String,
    /// Registered person who becomes the administrator (管理员): id, ID number or name
    #[arg(long, value_name = "PERSON")]
    admin: String,
}

#[derive(Debug, Args)]
pub struct AuthorizeArgs {
    /// Enterprise id, USCC or exact name
    #[arg(long)]
    org: String,
    /// How the legal representative authorized
    #[arg(long, value_enum)]
    method: AuthMethod,
    /// The scanned authorization letter; its SHA-256 is recorded (with --method letter)
    #[arg(long, value_name = "FILE")]
    letter: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum MemberCmd {
    /// Add a registered person to an enterprise
    Add {
        /// Enterprise id, USCC or exact name
        #[arg(long)]
        org: String,
        /// The registered person to add: id, ID number or name
        #[arg(long, value_name = "PERSON")]
        person: String,
        /// Role in the enterprise; there is exactly one admin (D2), so `admin` is refused
        /// while one exists (use transfer-admin)
        #[arg(long, value_enum, default_value = "member")]
        role: Role,
    },
    /// Remove a member (not the administrator: transfer the role first); refused while they
    /// have certificates or seal grants of the enterprise, unless --revoke
    Remove {
        /// Enterprise id, USCC or exact name
        #[arg(long)]
        org: String,
        /// The member to remove: id, ID number or name
        #[arg(long, value_name = "PERSON")]
        person: String,
        /// Also revoke their live certificates of the enterprise (affiliationChanged) and end
        /// their seal grants of it (收回), in the same transaction
        #[arg(long)]
        revoke: bool,
    },
}

pub fn run(ctx: &Context, cmd: OrgCmd) -> Result<()> {
    let out = ctx.out;
    match cmd {
        OrgCmd::Add(a) => {
            let (mut reg, actor) = ctx.open_as()?;
            let org = org::add(
                &mut reg,
                &actor,
                NewOrg {
                    name: &a.name,
                    uscc: &a.uscc,
                    legal_rep_name: &a.legal_rep,
                    legal_rep_id_number: &a.legal_rep_id,
                    admin: &a.admin,
                },
            )?;
            let (o, outcome) = org;
            out.emit(&WithOutcome { item: &o, outcome }, |w| match w.outcome {
                Outcome::Created => format!(
                    "registered enterprise {} {} (USCC {}), administrator {}; next: catool org authorize --org {}",
                    o.id,
                    term_safe(&o.name),
                    o.uscc,
                    admin_name(&o),
                    o.id
                ),
                Outcome::Exists => format!(
                    "exists (已注册): enterprise {} {} (USCC {}) is already registered with these data; nothing changed",
                    o.id,
                    term_safe(&o.name),
                    o.uscc
                ),
            })
        }
        OrgCmd::List => {
            let mut reg = ctx.open()?;
            let orgs = org::list(&mut reg)?;
            out.emit(&orgs, |orgs| {
                let mut t = Table::new(&["ID", "NAME", "USCC", "AUTHORIZED", "ADMIN"]);
                for o in orgs {
                    t.row(vec![
                        o.id.to_string(),
                        o.name.clone(),
                        o.uscc.clone(),
                        authorized(o),
                        admin_name(o),
                    ]);
                }
                t.render()
            })
        }
        OrgCmd::Show { org: r } => {
            let mut reg = ctx.open()?;
            let d = org::show(&mut reg, &r)?;
            out.emit(&d, |d| {
                let o = &d.org;
                let mut s = fields(&[
                    ("id", o.id.to_string()),
                    ("name", o.name.clone()),
                    ("USCC", o.uscc.clone()),
                    ("legal representative", o.legal_rep_name.clone()),
                    ("authorized (CA授权)", authorized(o)),
                    ("administrator", admin_name(o)),
                    ("registered", o.created_at.to_string()),
                ]);
                s.push_str("\nmembers:\n");
                s.push_str(&members_table(&d.members));
                s.push_str("\npackages:\n");
                s.push_str(&super::package::packages_table(&d.packages));
                s
            })
        }
        OrgCmd::Authorize(a) => {
            let letter = a
                .letter
                .as_deref()
                .map(|p| read_input_file("--letter", p))
                .transpose()?;
            let method = a.method;
            let (mut reg, actor) = ctx.open_as()?;
            let org = org::authorize(&mut reg, &actor, &a.org, method, letter.as_deref())?;
            out.emit(&org, |o| {
                format!(
                    "authorized (已授权): {} — {}",
                    term_safe(&o.name),
                    authorized(o)
                )
            })
        }
        OrgCmd::TransferAdmin { org: o, to } => {
            let (mut reg, actor) = ctx.open_as()?;
            let org = org::transfer_admin(&mut reg, &actor, &o, &to)?;
            out.emit(&org, |o| {
                format!(
                    "administrator of {} is now {}",
                    term_safe(&o.name),
                    admin_name(o)
                )
            })
        }
        OrgCmd::Member(MemberCmd::Add {
            org: o,
            person,
            role,
        }) => {
            let (mut reg, actor) = ctx.open_as()?;
            let m = org::add_member(&mut reg, &actor, &o, &person, role == Role::Admin)?;
            out.emit(&m, |m| {
                format!(
                    "{} is now a member of {}",
                    term_safe(&m.person_name),
                    term_safe(&m.org_name)
                )
            })
        }
        OrgCmd::Member(MemberCmd::Remove {
            org: o,
            person,
            revoke,
        }) => {
            let (mut reg, actor) = ctx.open_as()?;
            let r = org::remove_member(&mut reg, &actor, &o, &person, revoke)?;
            out.emit(&r, |r| {
                let ids = |v: &[i64]| {
                    v.iter()
                        .map(|i| i.to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                let mut s = format!(
                    "{} is no longer a member of {}",
                    term_safe(&r.membership.person_name),
                    term_safe(&r.membership.org_name)
                );
                if !r.revoked_certificates.is_empty() {
                    s.push_str(&format!(
                        "; revoked certificate(s) {} (affiliationChanged)",
                        ids(&r.revoked_certificates)
                    ));
                }
                if !r.ended_grants.is_empty() {
                    s.push_str(&format!(
                        "; ended seal grant(s) {} (收回)",
                        ids(&r.ended_grants)
                    ));
                }
                s
            })
        }
    }
}

fn admin_name(o: &Org) -> String {
    o.admin
        .as_ref()
        .map(|p| format!("{} (person {})", term_safe(&p.name), p.id))
        .unwrap_or_else(|| "-".into())
}

fn authorized(o: &Org) -> String {
    match (&o.authorized_at, &o.auth_method) {
        (Some(at), Some(m)) => format!("{at} by {m}"),
        _ => "no (未授权)".into(),
    }
}

pub(super) fn members_table(members: &[Membership]) -> String {
    let mut t = Table::new(&["PERSON", "NAME", "ROLE", "JOINED"]);
    for m in members {
        t.row(vec![
            m.person_id.to_string(),
            m.person_name.clone(),
            match m.role {
                Role::Admin => "admin (管理员)".into(),
                Role::Member => m.role.to_string(),
            },
            m.joined_at.to_string(),
        ]);
    }
    t.render()
}
