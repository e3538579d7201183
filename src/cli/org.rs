//! `catool org …`: enterprises and their members.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::output::{opt, term_safe};
use super::person::WithOutcome;
use super::{Context, labelled, read_input_file, say, table};
use crate::domain::org::{self, AuthMethod, NewOrg};
use crate::domain::party_error::role_id;
use crate::domain::person::Outcome;
use crate::error::Result;
use crate::i18n::{Arg, tr};
use crate::model::vocab::Role;
use crate::model::{Membership, Org};
use crate::msg;

#[derive(Debug, Subcommand)]
pub enum OrgCmd {
    /// Register an enterprise (D1) with its administrator (D2)
    Add(AddArgs),
    /// List enterprises (in id order, a page at a time)
    List {
        #[command(flatten)]
        page: super::page::PageArgs,
    },
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
            out.emit(&WithOutcome { item: &o, outcome }, |w| {
                let args = [
                    ("id", Arg::Num(o.id)),
                    ("name", Arg::Text(term_safe(&o.name))),
                    ("uscc", Arg::from(&o.uscc)),
                    ("admin", Arg::Text(admin_name(&o))),
                ];
                match w.outcome {
                    Outcome::Created => say(msg!("org-registered"), &args),
                    Outcome::Exists => say(msg!("org-exists"), &args),
                }
            })
        }
        OrgCmd::List { page } => {
            let mut reg = ctx.open()?;
            let listed = org::list(&mut reg, page.page())?;
            let shown = out.emit(&listed.rows, |orgs| {
                let mut t = table(&[
                    msg!("col-id"),
                    msg!("col-name"),
                    msg!("col-uscc"),
                    msg!("col-authorized"),
                    msg!("col-admin"),
                ]);
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
            });
            super::page::note_more(&out, &listed);
            shown
        }
        OrgCmd::Show { org: r } => {
            let mut reg = ctx.open()?;
            let d = org::show(&mut reg, &r)?;
            out.emit(&d, |d| {
                let o = &d.org;
                let mut s = labelled(vec![
                    (msg!("field-id"), o.id.to_string()),
                    (msg!("field-name"), o.name.clone()),
                    (msg!("field-uscc"), o.uscc.clone()),
                    (msg!("field-legal-rep"), o.legal_rep_name.clone()),
                    (msg!("field-authorized"), authorized(o)),
                    (msg!("field-administrator"), admin_name(o)),
                    (msg!("field-registered"), o.created_at.to_string()),
                ]);
                s.push('\n');
                s.push_str(&tr(msg!("section-members")));
                s.push('\n');
                s.push_str(&members_table(&d.members));
                s.push('\n');
                s.push_str(&tr(msg!("section-packages")));
                s.push('\n');
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
                say(
                    msg!("org-authorized"),
                    &[
                        ("name", Arg::Text(term_safe(&o.name))),
                        ("authorized", Arg::Text(authorized(o))),
                    ],
                )
            })
        }
        OrgCmd::TransferAdmin { org: o, to } => {
            let (mut reg, actor) = ctx.open_as()?;
            let org = org::transfer_admin(&mut reg, &actor, &o, &to)?;
            out.emit(&org, |o| {
                say(
                    msg!("org-admin-now"),
                    &[
                        ("org", Arg::Text(term_safe(&o.name))),
                        ("admin", Arg::Text(admin_name(o))),
                    ],
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
                say(
                    msg!("org-member-added"),
                    &[
                        ("person", Arg::Text(term_safe(&m.person_name))),
                        ("org", Arg::Text(term_safe(&m.org_name))),
                    ],
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
                    Arg::Text(
                        v.iter()
                            .map(|i| i.to_string())
                            .collect::<Vec<_>>()
                            .join(", "),
                    )
                };
                let mut s = say(
                    msg!("org-member-removed"),
                    &[
                        ("person", Arg::Text(term_safe(&r.membership.person_name))),
                        ("org", Arg::Text(term_safe(&r.membership.org_name))),
                    ],
                );
                if !r.revoked_certificates.is_empty() {
                    s.push_str(&say(
                        msg!("org-member-removed-certs"),
                        &[("ids", ids(&r.revoked_certificates))],
                    ));
                }
                if !r.ended_grants.is_empty() {
                    s.push_str(&say(
                        msg!("org-member-removed-grants"),
                        &[("ids", ids(&r.ended_grants))],
                    ));
                }
                s
            })
        }
    }
}

fn admin_name(o: &Org) -> String {
    opt(&o.admin.as_ref().map(|p| person_ref(&p.name, p.id)))
}

/// `王芳 (person 3)`.
pub(super) fn person_ref(name: &str, id: i64) -> String {
    say(
        msg!("person-ref"),
        &[("name", Arg::Text(term_safe(name))), ("id", Arg::Num(id))],
    )
}

fn authorized(o: &Org) -> String {
    match (&o.authorized_at, &o.auth_method) {
        (Some(at), Some(m)) => say(
            msg!("org-authorized-by"),
            &[
                ("at", Arg::from(at)),
                (
                    "method",
                    match m.as_str() {
                        "face" => Arg::Msg(msg!("auth-method-face")),
                        "letter" => Arg::Msg(msg!("auth-method-letter")),
                        other => Arg::from(other),
                    },
                ),
            ],
        ),
        _ => tr(msg!("org-not-authorized")),
    }
}

pub(super) fn members_table(members: &[Membership]) -> String {
    let mut t = table(&[
        msg!("col-person"),
        msg!("col-name"),
        msg!("col-role"),
        msg!("col-joined"),
    ]);
    for m in members {
        t.row(vec![
            m.person_id.to_string(),
            m.person_name.clone(),
            role_label(m.role),
            m.joined_at.to_string(),
        ]);
    }
    t.render()
}

/// A member's role in the chosen language.
pub(super) fn role_label(role: Role) -> String {
    tr(role_id(role == Role::Admin))
}
