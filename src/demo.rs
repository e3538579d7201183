//! `catool demo`: the whole product end to end on a fresh throwaway registry, with the data
//! an operator would enter. Returns what it made; the CLI prints it. Each later feature adds
//! its steps here so the demo always shows everything working.

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::domain::Actor;
use crate::domain::history::{self, Verification};
use crate::domain::org::{self, AuthMethod, NewOrg};
use crate::domain::package::{self, Order, PackageDetails};
use crate::domain::person::{self, IdType, NewPerson};
use crate::error::{Error, Result};
use crate::model::{Org, Person};
use crate::registry::Registry;

#[derive(Debug, Serialize)]
pub struct DemoReport {
    pub dir: PathBuf,
    pub registry: PathBuf,
    /// What happened, in order, one line per step.
    pub steps: Vec<String>,
    pub orgs: Vec<Org>,
    pub persons: Vec<Person>,
    pub packages: Vec<PackageDetails>,
    pub history: Verification,
}

struct Demo {
    reg: Registry,
    operator: Actor,
    steps: Vec<String>,
}

impl Demo {
    fn step(&mut self, line: String) {
        self.steps.push(line);
    }

    fn person(&mut self, name: &str, id_number: &str, email: &str) -> Result<Person> {
        let p = person::add(
            &mut self.reg,
            &self.operator,
            NewPerson {
                name,
                id_type: IdType::Resident,
                id_number,
                email: Some(email),
                phone: None,
            },
        )?;
        self.step(format!("registered person {} {}", p.id, p.name));
        Ok(p)
    }
}

/// Runs the demo in `dir`, which must not already hold a registry.
pub fn run(dir: &Path) -> Result<DemoReport> {
    let registry = dir.join("registry.db");
    if registry.exists() {
        return Err(Error::Refused(format!(
            "{} already holds a demo registry; give an empty --dir",
            dir.display()
        )));
    }
    let mut d = Demo {
        reg: Registry::open(&registry)?,
        operator: Actor::Operator,
        steps: Vec::new(),
    };

    let admin = d.person("张伟", "110108198503120011", "zhangwei@example.com")?;
    let member1 = d.person("李娜", "110108199007050020", "lina@example.com")?;
    let member2 = d.person("王芳", "310115199202180032", "wangfang@example.com")?;

    let org = org::add(
        &mut d.reg,
        &d.operator,
        NewOrg {
            name: "北京云签科技有限公司",
            uscc: "91110108MA01ABCD1E",
            legal_rep_name: "赵建国",
            legal_rep_id_number: "110108197506200055",
            admin: &admin.id.to_string(),
        },
    )?;
    d.step(format!(
        "registered enterprise {} {} (USCC {}), administrator {}",
        org.id, org.name, org.uscc, admin.name
    ));
    let admin_actor = Actor::Person(admin.clone());
    for m in [&member1, &member2] {
        org::add_member(
            &mut d.reg,
            &admin_actor,
            &org.id.to_string(),
            &m.id.to_string(),
            false,
        )?;
        d.step(format!("{} added {} as a member", admin.name, m.name));
    }

    match package::buy(
        &mut d.reg,
        &admin_actor,
        &org.id.to_string(),
        Order::default(),
    ) {
        Err(Error::Refused(why)) => {
            d.step(format!("buying before authorization was refused: {why}"))
        }
        Ok(_) => {
            return Err(Error::Internal(
                "demo: D1 did not refuse an unauthorized buy".into(),
            ));
        }
        Err(e) => return Err(e),
    }
    org::authorize(
        &mut d.reg,
        &d.operator,
        &org.id.to_string(),
        AuthMethod::Face,
        None,
    )?;
    d.step(format!(
        "recorded CA authorization (CA授权) of {} by face verification",
        org.name
    ));

    let bought = package::buy(
        &mut d.reg,
        &admin_actor,
        &org.id.to_string(),
        Order::default(),
    )?;
    d.step(format!(
        "{} bought package {}: {} enterprise + {} personal certificate(s), {} CNY",
        admin.name, bought.id, bought.enterprise_slots, bought.personal_slots, bought.price_cny
    ));
    let paid = package::pay(&mut d.reg, &d.operator, bought.id)?;
    d.step(format!(
        "recorded payment of package {}: {} slot(s) ready",
        paid.package.id,
        paid.slots.len()
    ));

    let history = history::verify(&mut d.reg)?;
    d.step(format!(
        "history: {} events, hash chain intact: {}",
        history.events,
        history.problem.is_none()
    ));

    Ok(DemoReport {
        dir: dir.to_path_buf(),
        registry,
        steps: d.steps,
        orgs: org::list(&mut d.reg)?,
        persons: person::list(&mut d.reg)?,
        packages: vec![paid],
        history,
    })
}
