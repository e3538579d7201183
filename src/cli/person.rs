//! `catool person …`: natural persons.

use clap::{Args, Subcommand};

use super::Context;
use super::output::{Table, fields, opt, term_safe};
use crate::domain::person::{self, IdType, NewPerson, Outcome};
use crate::error::Result;

#[derive(Debug, Subcommand)]
pub enum PersonCmd {
    /// Register a person (D2)
    Add(AddArgs),
    /// List persons
    List,
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
            out.emit(&WithOutcome { item: &p, outcome }, |w| match w.outcome {
                Outcome::Created => {
                    format!("registered person {} {}", p.id, term_safe(&p.name))
                }
                Outcome::Exists => format!(
                    "exists (已注册): person {} {} is already registered with these data; nothing changed",
                    p.id,
                    term_safe(&p.name)
                ),
            })
        }
        PersonCmd::List => {
            let mut reg = ctx.open()?;
            let persons = person::list(&mut reg)?;
            out.emit(&persons, |ps| {
                let mut t = Table::new(&["ID", "NAME", "ID TYPE", "ID NUMBER", "EMAIL"]);
                for p in ps {
                    t.row(vec![
                        p.id.to_string(),
                        p.name.clone(),
                        p.id_type.to_string(),
                        p.id_number.clone(),
                        opt(&p.email),
                    ]);
                }
                t.render()
            })
        }
        PersonCmd::Show { person: r } => {
            let mut reg = ctx.open()?;
            let d = person::show(&mut reg, &r)?;
            out.emit(&d, |d| {
                let p = &d.person;
                let mut s = fields(&[
                    ("id", p.id.to_string()),
                    ("name", p.name.clone()),
                    ("ID", format!("{} {}", p.id_type, p.id_number)),
                    ("email", opt(&p.email)),
                    ("phone", opt(&p.phone)),
                    ("registered", p.created_at.to_string()),
                ]);
                s.push_str("\nenterprises:\n");
                let mut t = Table::new(&["ORG", "NAME", "ROLE"]);
                for m in &d.memberships {
                    t.row(vec![
                        m.org_id.to_string(),
                        m.org_name.clone(),
                        m.role.to_string(),
                    ]);
                }
                s.push_str(&t.render());
                s.push_str("\ncertificates:\n");
                let mut t = Table::new(&["CERT", "SERIAL", "STATE", "ENTERPRISE", "ROLE"]);
                for c in &d.certificates {
                    t.row(vec![
                        c.id.to_string(),
                        c.serial.clone(),
                        c.label.clone(),
                        match (&c.org_id, &c.org_name) {
                            (Some(id), Some(n)) => format!("{n} (org {id})"),
                            _ => "-".into(),
                        },
                        c.role.clone(),
                    ]);
                }
                s.push_str(&t.render());
                s.push_str("\nslots:\n");
                s.push_str(&super::package::slots_table(&d.slots));
                s.push_str("\nseals:\n");
                let mut t = Table::new(&["SEAL", "KIND", "STATE", "ENTERPRISE / GRANT"]);
                for seal in &d.seals {
                    t.row(vec![
                        seal.id.to_string(),
                        seal.kind.to_string(),
                        seal.state.to_string(),
                        "own seal".into(),
                    ]);
                }
                for g in &d.seal_grants {
                    t.row(vec![
                        g.seal_id.to_string(),
                        "grant".into(),
                        g.state.to_string(),
                        format!("grant {} {} … {}", g.id, g.valid_from, g.valid_until),
                    ]);
                }
                s.push_str(&t.render());
                s
            })
        }
    }
}

/// A record with what the command did to it: `"outcome": "created"` or `"exists"` (an
/// identical one was already registered: re-running a script changes nothing).
#[derive(serde::Serialize)]
pub(super) struct WithOutcome<'a, T: serde::Serialize> {
    #[serde(flatten)]
    pub item: &'a T,
    pub outcome: Outcome,
}
