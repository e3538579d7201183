//! `catool person …`: natural persons.

use clap::{Args, Subcommand};

use super::output::{opt, term_safe};
use super::seal::{kind_word, word};
use super::{Context, labelled, say, table};
use crate::domain::person::{self, IdType, NewPerson, Outcome};
use crate::domain::seal_error::{grant_state_label, seal_state_label};
use crate::error::Result;
use crate::i18n::{Arg, tr};
use crate::msg;

#[derive(Debug, Subcommand)]
pub enum PersonCmd {
    /// Register a person (D2)
    Add(AddArgs),
    /// List persons (in id order, a page at a time)
    List {
        #[command(flatten)]
        page: super::page::PageArgs,
    },
    /// Show a person and their enterprises
    Show {
        /// Person id, ID number or exact name
        person: String,
    },
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// Full name, e.g. 张伟
    #[arg(long)]
    name: String,
    /// ID document type
    #[arg(long, value_enum, default_value = "resident")]
    id_type: IdType,
    /// ID number (resident IDs: 18 characters with the check digit)
    #[arg(long)]
    id_number: String,
    /// E-mail address (written into the person's certificates)
    #[arg(long)]
    email: Option<String>,
    /// Phone number
    #[arg(long)]
    phone: Option<String>,
}

pub fn run(ctx: &Context, cmd: PersonCmd) -> Result<()> {
    let out = ctx.out;
    match cmd {
        PersonCmd::Add(a) => {
            let id_type = a.id_type;
            let (mut reg, actor) = ctx.open_as()?;
            let p = person::add(
                &mut reg,
                &actor,
                NewPerson {
                    name: &a.name,
                    id_type,
                    id_number: &a.id_number,
                    email: a.email.as_deref(),
                    phone: a.phone.as_deref(),
                },
            )?;
            let (p, outcome) = p;
            out.emit(&WithOutcome { item: &p, outcome }, |w| {
                let args = [
                    ("id", Arg::Num(p.id)),
                    ("name", Arg::Text(term_safe(&p.name))),
                ];
                match w.outcome {
                    Outcome::Created => say(msg!("person-registered"), &args),
                    Outcome::Exists => say(msg!("person-exists"), &args),
                }
            })
        }
        PersonCmd::List { page } => {
            let mut reg = ctx.open()?;
            let listed = person::list(&mut reg, page.page())?;
            let shown = out.emit(&listed.rows, |ps| {
                let mut t = table(&[
                    msg!("col-id"),
                    msg!("col-name"),
                    msg!("col-id-type"),
                    msg!("col-id-number"),
                    msg!("col-email"),
                ]);
                for p in ps {
                    t.row(vec![
                        p.id.to_string(),
                        p.name.clone(),
                        id_type_label(p.id_type),
                        p.id_number.clone(),
                        opt(&p.email),
                    ]);
                }
                t.render()
            });
            super::page::note_more(&out, &listed);
            shown
        }
        PersonCmd::Show { person: r } => {
            let mut reg = ctx.open()?;
            let d = person::show(&mut reg, &r)?;
            out.emit(&d, show_text)
        }
    }
}

/// `person show` for people.
fn show_text(d: &person::PersonDetails) -> String {
    let p = &d.person;
    let section = |s: &mut String, id: &'static str, body: String| {
        s.push('\n');
        s.push_str(&tr(id));
        s.push('\n');
        s.push_str(&body);
    };
    let mut s = labelled(vec![
        (msg!("field-id"), p.id.to_string()),
        (msg!("field-name"), p.name.clone()),
        (
            msg!("field-id-document"),
            format!("{} {}", id_type_label(p.id_type), p.id_number),
        ),
        (msg!("field-email"), opt(&p.email)),
        (msg!("field-phone"), opt(&p.phone)),
        (msg!("field-registered"), p.created_at.to_string()),
    ]);
    let mut t = table(&[msg!("col-org"), msg!("col-name"), msg!("col-role")]);
    for m in &d.memberships {
        t.row(vec![
            m.org_id.to_string(),
            m.org_name.clone(),
            super::org::role_label(m.role),
        ]);
    }
    section(&mut s, msg!("section-enterprises"), t.render());
    let mut t = table(&[
        msg!("col-cert"),
        msg!("col-serial"),
        msg!("col-state"),
        msg!("col-enterprise"),
        msg!("col-role"),
    ]);
    for c in &d.certificates {
        t.row(vec![
            c.id.to_string(),
            c.serial.clone(),
            c.label.clone(),
            opt(&match (&c.org_id, &c.org_name) {
                (Some(id), Some(n)) => Some(say(
                    msg!("org-ref"),
                    &[("name", Arg::from(n)), ("id", Arg::Num(*id))],
                )),
                _ => None,
            }),
            tr(match c.role.as_str() {
                "owner" => msg!("cert-role-owner"),
                "holder" => msg!("cert-role-holder"),
                _ => msg!("cert-role-owner-holder"),
            }),
        ]);
    }
    section(&mut s, msg!("section-certificates"), t.render());
    section(
        &mut s,
        msg!("section-slots"),
        super::package::slots_table(&d.slots),
    );
    let mut t = table(&[
        msg!("col-seal"),
        msg!("col-kind"),
        msg!("col-state"),
        msg!("col-seal-use"),
    ]);
    for seal in &d.seals {
        t.row(vec![
            seal.id.to_string(),
            word(kind_word(seal.kind)),
            word(seal_state_label(seal.state)),
            tr(msg!("seal-own")),
        ]);
    }
    for g in &d.seal_grants {
        t.row(vec![
            g.seal_id.to_string(),
            tr(msg!("seal-grant")),
            word(grant_state_label(g.state)),
            say(
                msg!("seal-grant-period"),
                &[
                    ("id", Arg::Num(g.id)),
                    ("from", Arg::from(&g.valid_from)),
                    ("until", Arg::from(&g.valid_until)),
                ],
            ),
        ]);
    }
    section(&mut s, msg!("section-seals"), t.render());
    s
}

/// An ID document type in the chosen language.
fn id_type_label(id_type: IdType) -> String {
    tr(crate::domain::party_error::id_type_msg(id_type))
}

/// A record with what the command did to it: `"outcome": "created"` or `"exists"` (an
/// identical one was already registered: re-running a script changes nothing).
#[derive(serde::Serialize)]
pub(super) struct WithOutcome<'a, T: serde::Serialize> {
    #[serde(flatten)]
    pub item: &'a T,
    pub outcome: Outcome,
}
