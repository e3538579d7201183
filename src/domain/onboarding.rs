//! `catool import`: a whole onboarding (enterprises, persons, memberships, packages, slot
//! assignments, issuance) from one document, re-runnable: what is already in the registry,
//! identical, is reported and left alone; what differs is refused, naming the row and field.
//!
//! Everything but issuance runs in one transaction through the same domain functions as the
//! single commands (and records the same history events). Issuance then runs slot by slot
//! through [`cert::issue`], which generates keys and runs the PIN KDF outside its own
//! transaction: so an issue that fails leaves the rest committed, and a re-run issues what
//! is missing. `--dry-run` runs the first part in a transaction that is rolled back.
//!
//! The document comes from JSON or from a CSV sheet (`cli::import_csv`): both give a
//! [`Document`], and a [`Places`] that names its rows in reports and messages (JSON paths
//! such as `packages[0].certificates[1].owner`, or a CSV file's line and column).

use serde::{Deserialize, Serialize};

use super::import_error::{ImportAt, ImportError, Spot, is_about_the_row};
use super::org::{AuthMethod, NewOrg};
use super::package::Order;
use super::person::{IdType, NewPerson, Outcome};
use super::{Actor, cert, mutate, org, package, person};
use crate::error::{Error, Result};
use crate::i18n::{Arg, Lang};
use crate::model::Id;
use crate::model::vocab::{CertKind, SlotState};
use crate::msg;
use crate::pki::pin::Pin;
use crate::pki::vault::MasterKey;
use crate::registry::{Registry, Tx, orgs, packages, persons};

/// The document (JSON). Every section is optional.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Document {
    #[serde(default)]
    pub persons: Vec<PersonRow>,
    #[serde(default)]
    pub orgs: Vec<OrgRow>,
    #[serde(default)]
    pub memberships: Vec<MembershipRow>,
    #[serde(default)]
    pub packages: Vec<PackageRow>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PersonRow {
    pub name: String,
    /// `resident` (default), `passport` or `other`.
    #[serde(default)]
    pub id_type: Option<String>,
    pub id_number: String,
    pub email: Option<String>,
    pub phone: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrgRow {
    pub name: String,
    pub uscc: String,
    pub legal_rep: String,
    pub legal_rep_id: String,
    /// Person (id, ID number or name) who becomes the administrator.
    pub admin: String,
    /// `face`, or `letter` with `letter`; absent: not authorized by this import.
    pub authorize: Option<String>,
    /// The authorization letter (PDF or image), relative to the document.
    pub letter: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MembershipRow {
    pub org: String,
    pub person: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackageRow {
    pub org: String,
    pub years: Option<i64>,
    pub price: Option<i64>,
    pub enterprise_slots: Option<i64>,
    pub personal_slots: Option<i64>,
    #[serde(default)]
    pub certificates: Vec<CertRow>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CertRow {
    /// `enterprise` or `personal`: the next slot of that kind in the package.
    pub kind: String,
    pub owner: String,
    /// [default: the owner]
    pub holder: Option<String>,
    /// Issue it (导入证书) with the PIN in this file (relative to the document).
    pub pin_file: Option<String>,
    /// Issuing CA [default: the only CA].
    pub ca: Option<String>,
}

/// The files a document refers to, read by the caller (paths relative to the document).
/// `at` is the field that names the file ([`Places::at`]).
pub trait Files {
    fn letter(&self, at: &Spot, path: &str) -> Result<Vec<u8>>;
    fn pin(&self, at: &Spot, path: &str) -> Result<Pin>;
}

/// A row of a [`Document`]: its section and index (a certificate: its package's index and
/// its own).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    Person(usize),
    Org(usize),
    Membership(usize),
    Package(usize),
    Certificate(usize, usize),
}

/// How reports and messages name the rows and fields of a document (fields by their JSON
/// names: `id_number`, `owner` …).
pub trait Places {
    /// The row in the report: `persons[0]`, `line 4`.
    fn row(&self, row: Row) -> String;
    /// The row's line, in a CSV sheet.
    fn line(&self, _row: Row) -> Option<i64> {
        None
    }
    /// Where a message points: `import persons[0].id_number`, `onboarding.csv line 4,
    /// column id_number`; the row alone when `field` is `None`.
    fn at(&self, row: Row, field: Option<&str>) -> Spot;
    /// What a message calls `field` of `row` (`org_name` for an enterprise's `name` in CSV).
    fn column(&self, _row: Row, field: &str) -> String {
        field.to_string()
    }
}

/// A JSON document's rows: their paths.
pub struct JsonPaths;

impl Places for JsonPaths {
    fn row(&self, row: Row) -> String {
        match row {
            Row::Person(i) => format!("persons[{i}]"),
            Row::Org(i) => format!("orgs[{i}]"),
            Row::Membership(i) => format!("memberships[{i}]"),
            Row::Package(i) => format!("packages[{i}]"),
            Row::Certificate(i, j) => format!("packages[{i}].certificates[{j}]"),
        }
    }
    fn at(&self, row: Row, field: Option<&str>) -> Spot {
        let path = match field {
            Some(f) => format!("{}.{f}", self.row(row)),
            None => self.row(row),
        };
        Spot::Json { path }
    }
}

/// One thing the import did (or would do) to one row.
#[derive(Debug, Serialize)]
pub struct Step {
    /// `persons[0]`, `packages[1].certificates[0]` …
    pub row: String,
    /// The row's line in a CSV sheet (for people: "line 4" in their language).
    #[serde(skip)]
    pub line: Option<i64>,
    /// What it is about, in English (the JSON report's `what`).
    pub what: String,
    /// The same, as data (for people, in their language).
    #[serde(skip)]
    pub subject: Subject,
    /// `created`, `exists`, `authorized`, `paid`, `assigned`, `issued`, `already_issued`,
    /// or with --dry-run `would_issue`.
    pub outcome: &'static str,
}

/// What a [`Step`] is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    Person {
        id: Id,
        name: String,
    },
    Org {
        id: Id,
        name: String,
    },
    /// An enterprise's authorization; the method when this import records it.
    Authorization {
        org: String,
        method: Option<AuthMethod>,
    },
    Membership {
        person: String,
        org: String,
    },
    Package {
        id: Id,
        org: String,
    },
    Payment {
        package: Id,
    },
    Assigned {
        slot: Id,
        owner: String,
        holder: String,
    },
    Owned {
        slot: Id,
        owner: String,
    },
    Slot {
        slot: Id,
    },
    Issued {
        slot: Id,
        cert: Id,
        serial: String,
    },
}

impl Subject {
    /// The subject in `lang`: `person 1 张伟`, `slot 3: owner 王芳, holder 王芳` …
    pub fn said(&self, lang: Lang) -> String {
        let text = |id, args: &[(&'static str, Arg)]| crate::i18n::text(lang, id, args);
        match self {
            Subject::Person { id, name } => text(
                msg!("import-subject-person"),
                &[("id", Arg::Num(*id)), ("name", Arg::from(name))],
            ),
            Subject::Org { id, name } => text(
                msg!("import-subject-org"),
                &[("id", Arg::Num(*id)), ("name", Arg::from(name))],
            ),
            Subject::Authorization { org, method: None } => text(
                msg!("import-subject-authorization"),
                &[("org", Arg::from(org))],
            ),
            Subject::Authorization {
                org,
                method: Some(m),
            } => text(
                msg!("import-subject-authorization-by"),
                &[("org", Arg::from(org)), ("method", Arg::from(m.as_str()))],
            ),
            Subject::Membership { person, org } => text(
                msg!("import-subject-membership"),
                &[("person", Arg::from(person)), ("org", Arg::from(org))],
            ),
            Subject::Package { id, org } => text(
                msg!("import-subject-package"),
                &[("id", Arg::Num(*id)), ("org", Arg::from(org))],
            ),
            Subject::Payment { package } => text(
                msg!("import-subject-payment"),
                &[("package", Arg::Num(*package))],
            ),
            Subject::Assigned {
                slot,
                owner,
                holder,
            } => text(
                msg!("import-subject-assigned"),
                &[
                    ("slot", Arg::Num(*slot)),
                    ("owner", Arg::from(owner)),
                    ("holder", Arg::from(holder)),
                ],
            ),
            Subject::Owned { slot, owner } => text(
                msg!("import-subject-owned"),
                &[("slot", Arg::Num(*slot)), ("owner", Arg::from(owner))],
            ),
            Subject::Slot { slot } => {
                text(msg!("import-subject-slot"), &[("slot", Arg::Num(*slot))])
            }
            Subject::Issued { slot, cert, serial } => text(
                msg!("import-subject-issued"),
                &[
                    ("slot", Arg::Num(*slot)),
                    ("cert", Arg::Num(*cert)),
                    ("serial", Arg::from(serial)),
                ],
            ),
        }
    }
}

impl Step {
    fn new(places: &dyn Places, row: Row, subject: Subject, outcome: &'static str) -> Step {
        Step {
            row: places.row(row),
            line: places.line(row),
            what: subject.said(Lang::En),
            subject,
            outcome,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct Report {
    pub dry_run: bool,
    /// How many steps changed the registry (or would).
    pub changed: usize,
    pub steps: Vec<Step>,
}

/// The command-line flags the single commands' messages use, and the document fields they
/// stand for (longest first where one is a prefix of another).
fn flags(row: Row) -> &'static [(&'static str, &'static str)] {
    match row {
        Row::Person(_) => &[
            ("--id-number", "id_number"),
            ("--name", "name"),
            ("--email", "email"),
            ("--phone", "phone"),
        ],
        Row::Org(_) => &[
            ("--legal-rep-id", "legal_rep_id"),
            ("--legal-rep", "legal_rep"),
            ("--uscc", "uscc"),
            ("--name", "name"),
            ("--admin", "admin"),
            ("--letter", "letter"),
            ("--method", "authorize"),
        ],
        Row::Membership(_) => &[("--org", "org"), ("--person", "person")],
        Row::Package(_) => &[
            ("--enterprise-slots", "enterprise_slots"),
            ("--personal-slots", "personal_slots"),
            ("--years", "years"),
            ("--price", "price"),
            ("--org", "org"),
        ],
        Row::Certificate(..) => &[
            ("--owner", "owner"),
            ("--holder", "holder"),
            ("--pin-file", "pin_file"),
            ("--ca", "ca"),
        ],
    }
}

/// Names the row (and field) an error of a single command's domain function comes from,
/// keeping its kind, code, hint and rule. Without `field`, the field is the one whose flag
/// the error names in its argument `field` (`invalid --id-number …` is about `id_number`),
/// and the message then calls it by its name in the document. Failures not about the row
/// (registry, internal) are left as they are; every error about a row is typed.
fn at(places: &dyn Places, row: Row, field: Option<&str>, e: Error) -> Error {
    if !is_about_the_row(&e) {
        return e;
    }
    let named = e.described().and_then(|d| {
        d.args.iter().find_map(|(name, value)| match value {
            crate::i18n::Arg::Text(v) if *name == "field" => {
                flags(row).iter().copied().find(|(flag, _)| flag == v)
            }
            _ => None,
        })
    });
    let (field, field_as) = match (field, named) {
        (Some(f), _) => (Some(f), None),
        (None, Some((_, f))) => (Some(f), Some(places.column(row, f))),
        (None, None) => (None, None),
    };
    ImportAt {
        at: places.at(row, field),
        field_as,
        inner: e,
    }
    .into()
}

fn created(o: Outcome) -> &'static str {
    match o {
        Outcome::Created => "created",
        Outcome::Exists => "exists",
    }
}

/// A planned issue, made after the transaction.
struct Issue {
    row: Row,
    slot: Id,
    pin: Pin,
    ca: Option<String>,
}

/// Imports `doc`, naming its rows by `places`. Files (letters, PINs) are all read and
/// checked before anything is written.
pub fn import(
    reg: &mut Registry,
    actor: &Actor,
    master: &MasterKey,
    doc: &Document,
    files: &dyn Files,
    places: &dyn Places,
    dry_run: bool,
) -> Result<Report> {
    // Read every file first: a bad PIN or letter fails the import before any change.
    let mut letters = Vec::new();
    for (i, o) in doc.orgs.iter().enumerate() {
        let row = Row::Org(i);
        let method = match o.authorize.as_deref() {
            None => None,
            Some(m) => match AuthMethod::parse(m) {
                Some(method) => Some(method),
                None => {
                    return Err(ImportError::ImportBadAuthorize {
                        at: places.at(row, Some("authorize")),
                        value: m.to_string(),
                    }
                    .into());
                }
            },
        };
        let letter = match (&o.letter, method) {
            (Some(p), Some(AuthMethod::Letter)) => {
                Some(files.letter(&places.at(row, Some("letter")), p)?)
            }
            (Some(_), _) => {
                return Err(ImportError::ImportLetterWithoutMethod {
                    at: places.at(row, Some("letter")),
                    column: places.column(row, "authorize"),
                }
                .into());
            }
            (None, _) => None,
        };
        let evidence = match method {
            Some(m) => Some((
                m,
                org::letter_evidence(m, letter.as_deref()).map_err(|e| at(places, row, None, e))?,
            )),
            None => None,
        };
        letters.push(evidence);
    }
    let mut pins = Vec::new();
    for (i, p) in doc.packages.iter().enumerate() {
        for (j, c) in p.certificates.iter().enumerate() {
            let at = places.at(Row::Certificate(i, j), Some("pin_file"));
            pins.push(match &c.pin_file {
                Some(path) => Some(files.pin(&at, path)?),
                None => None,
            });
        }
    }
    let body = |tx: &Tx| apply(tx, actor, doc, places, &letters, pins);
    let (mut steps, issues) = if dry_run {
        reg.rehearse(body)?
    } else {
        mutate(reg, actor, "import", body)?
    };
    for i in issues {
        if dry_run {
            steps.push(Step::new(
                places,
                i.row,
                Subject::Slot { slot: i.slot },
                "would_issue",
            ));
            continue;
        }
        let issued = cert::issue(reg, actor, master, i.slot, i.ca.as_deref(), &i.pin, None)
            .map_err(|e| at(places, i.row, None, e))?;
        steps.push(Step::new(
            places,
            i.row,
            Subject::Issued {
                slot: i.slot,
                cert: issued.cert.cert.id,
                serial: issued.cert.cert.serial_hex.clone(),
            },
            "issued",
        ));
    }
    let changed = steps
        .iter()
        .filter(|s| !matches!(s.outcome, "exists" | "already_issued"))
        .count();
    Ok(Report {
        dry_run,
        changed,
        steps,
    })
}

type Letter = Option<(AuthMethod, Option<String>)>;

/// Everything but issuance, inside `tx`: the steps, and the issues to make afterwards.
fn apply(
    tx: &Tx,
    actor: &Actor,
    doc: &Document,
    places: &dyn Places,
    letters: &[Letter],
    mut pins: Vec<Option<Pin>>,
) -> Result<(Vec<Step>, Vec<Issue>)> {
    let mut steps = Vec::new();
    let mut step = |row: Row, subject: Subject, outcome: &'static str| {
        steps.push(Step::new(places, row, subject, outcome))
    };
    let here = |row: Row, field: Option<&'static str>| move |e: Error| at(places, row, field, e);
    for (i, p) in doc.persons.iter().enumerate() {
        let row = Row::Person(i);
        let t = p.id_type.as_deref().unwrap_or("resident");
        let Some(id_type) = IdType::parse(t) else {
            return Err(ImportError::ImportBadIdType {
                at: places.at(row, Some("id_type")),
                value: t.to_string(),
            }
            .into());
        };
        let new = NewPerson {
            name: &p.name,
            id_type,
            id_number: &p.id_number,
            email: p.email.as_deref(),
            phone: p.phone.as_deref(),
        };
        let (added, o) = person::add_tx(tx, actor, &new).map_err(here(row, None))?;
        step(
            row,
            Subject::Person {
                id: added.id,
                name: added.name.clone(),
            },
            created(o),
        );
    }
    for (i, o) in doc.orgs.iter().enumerate() {
        let row = Row::Org(i);
        let new = NewOrg {
            name: &o.name,
            uscc: &o.uscc,
            legal_rep_name: &o.legal_rep,
            legal_rep_id_number: &o.legal_rep_id,
            admin: &o.admin,
        };
        let (added, outcome) = org::add_tx(tx, actor, &new).map_err(here(row, None))?;
        step(
            row,
            Subject::Org {
                id: added.id,
                name: added.name.clone(),
            },
            created(outcome),
        );
        if let Some(Some((method, evidence))) = letters.get(i) {
            if added.is_authorized() {
                step(
                    row,
                    Subject::Authorization {
                        org: added.name.clone(),
                        method: None,
                    },
                    "exists",
                );
            } else {
                org::authorize_in(tx, actor, &added, *method, evidence.as_deref())
                    .map_err(here(row, Some("authorize")))?;
                step(
                    row,
                    Subject::Authorization {
                        org: added.name.clone(),
                        method: Some(*method),
                    },
                    "authorized",
                );
            }
        }
    }
    for (i, m) in doc.memberships.iter().enumerate() {
        let row = Row::Membership(i);
        let o = orgs::resolve(tx, &m.org).map_err(here(row, Some("org")))?;
        let p = persons::resolve(tx, &m.person).map_err(here(row, Some("person")))?;
        let what = Subject::Membership {
            person: p.name.clone(),
            org: o.name.clone(),
        };
        if orgs::membership(tx, o.id, p.id)?.is_some() {
            step(row, what, "exists");
        } else {
            org::add_member_in(tx, actor, &o, &p, false).map_err(here(row, None))?;
            step(row, what, "created");
        }
    }
    // The n-th package listed for an enterprise is its n-th package in the registry.
    let mut seen: std::collections::HashMap<Id, usize> = std::collections::HashMap::new();
    let mut issues = Vec::new();
    let mut pin_at = 0;
    for (i, p) in doc.packages.iter().enumerate() {
        let row = Row::Package(i);
        let o = orgs::resolve(tx, &p.org).map_err(here(row, Some("org")))?;
        let nth = seen.entry(o.id).or_insert(0);
        let existing = packages::of_org(tx, o.id)?.into_iter().nth(*nth);
        *nth += 1;
        let package = match existing {
            Some(pk) => {
                for (field, want, have) in [
                    ("years", p.years, pk.years),
                    ("enterprise_slots", p.enterprise_slots, pk.enterprise_slots),
                    ("personal_slots", p.personal_slots, pk.personal_slots),
                    ("price", p.price, pk.price_cny),
                ] {
                    if let Some(want) = want.filter(|w| *w != have) {
                        return Err(ImportError::ImportPackageDiffers {
                            at: places.at(row, Some(field)),
                            package: pk.id,
                            org: o.name.clone(),
                            nth: i64::try_from(*nth).unwrap_or(i64::MAX),
                            field: places.column(row, field),
                            have,
                            want,
                        }
                        .into());
                    }
                }
                step(
                    row,
                    Subject::Package {
                        id: pk.id,
                        org: o.name.clone(),
                    },
                    "exists",
                );
                pk
            }
            None => {
                let order = Order {
                    years: p.years,
                    price_cny: p.price,
                    enterprise_slots: p.enterprise_slots,
                    personal_slots: p.personal_slots,
                };
                let pk = package::buy_in(tx, actor, &o, &order).map_err(here(row, None))?;
                step(
                    row,
                    Subject::Package {
                        id: pk.id,
                        org: o.name.clone(),
                    },
                    "created",
                );
                pk
            }
        };
        let (details, already) = package::pay_in(tx, actor, package.id).map_err(here(row, None))?;
        if !already {
            step(
                row,
                Subject::Payment {
                    package: package.id,
                },
                "paid",
            );
        }
        let mut used: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
        for (j, c) in p.certificates.iter().enumerate() {
            let crow = Row::Certificate(i, j);
            let pin = pins.get_mut(pin_at).and_then(Option::take);
            pin_at += 1;
            let Some(kind) = CertKind::parse(&c.kind) else {
                return Err(ImportError::ImportBadKind {
                    at: places.at(crow, Some("kind")),
                    value: c.kind.clone(),
                }
                .into());
            };
            let k = used.entry(c.kind.clone()).or_insert(0);
            let slot = details
                .slots
                .iter()
                .filter(|s| s.kind == kind)
                .nth(*k)
                .ok_or_else(|| ImportError::ImportTooFewSlots {
                    at: places.at(crow, Some("kind")),
                    package: package.id,
                    have: i64::try_from(*k).unwrap_or(i64::MAX),
                    kind: c.kind.clone(),
                })?;
            *k += 1;
            let owner = persons::resolve(tx, &c.owner).map_err(here(crow, Some("owner")))?;
            let (holder_ref, holder_field) = match c.holder.as_deref() {
                Some(h) => (h, "holder"),
                None => (c.owner.as_str(), "owner"),
            };
            let holder =
                persons::resolve(tx, holder_ref).map_err(here(crow, Some(holder_field)))?;
            if slot.state == SlotState::Unassigned {
                cert::assign_in(
                    tx,
                    actor,
                    slot.id,
                    &owner.id.to_string(),
                    &holder.id.to_string(),
                )
                .map_err(here(crow, None))?;
                step(
                    crow,
                    Subject::Assigned {
                        slot: slot.id,
                        owner: owner.name.clone(),
                        holder: holder.name.clone(),
                    },
                    "assigned",
                );
            } else {
                let same_owner = slot.owner.as_ref().map(|p| p.id) == Some(owner.id);
                let same_holder = slot.holder.as_ref().map(|p| p.id) == Some(holder.id);
                if !same_owner {
                    return Err(ImportError::ImportOwnerDiffers {
                        at: places.at(crow, Some("owner")),
                        slot: slot.id,
                        owner: slot
                            .owner
                            .as_ref()
                            .map_or("-", |p| p.name.as_str())
                            .to_string(),
                        given: owner.name,
                    }
                    .into());
                }
                if !same_holder {
                    return Err(ImportError::ImportHolderDiffers {
                        at: places.at(crow, Some(holder_field)),
                        slot: slot.id,
                        holder: slot
                            .holder
                            .as_ref()
                            .map_or("-", |p| p.name.as_str())
                            .to_string(),
                        given: holder.name,
                    }
                    .into());
                }
                step(
                    crow,
                    Subject::Owned {
                        slot: slot.id,
                        owner: owner.name.clone(),
                    },
                    "exists",
                );
            }
            if let Some(pin) = pin {
                if slot.state == SlotState::Used {
                    step(crow, Subject::Slot { slot: slot.id }, "already_issued");
                } else {
                    issues.push(Issue {
                        row: crow,
                        slot: slot.id,
                        pin,
                        ca: c.ca.clone(),
                    });
                }
            }
        }
    }
    Ok((steps, issues))
}
