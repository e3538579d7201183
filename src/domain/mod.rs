//! Domain logic: the rules of ../shared/DOMAIN.md (D1…D22) applied to registry records.
//! Nothing here prints or parses command lines; every public operation runs in one registry
//! transaction and records its history event (D21) in that same transaction.

pub mod ca;
pub mod cert;
pub mod clock;
pub mod envelope;
pub mod history;
pub mod ident;
pub mod keystore;
pub mod org;
pub mod package;
pub mod person;
pub mod replay;
pub mod seal;
pub mod settings;
pub mod signing;
pub mod stamping;

use crate::error::{Error, Result};
use crate::model::{Id, Person};
use crate::registry::{Registry, Tx, orgs, persons};
use history::Draft;

/// Who performs an action (`--as`). The platform operator may do everything; a person acts
/// within the enterprises where they are administrator or member.
#[derive(Debug, Clone)]
pub enum Actor {
    Operator,
    Person(Person),
}

impl Actor {
    /// Resolves `--as PERSON`; none means the platform operator.
    pub fn resolve(reg: &mut Registry, reference: Option<&str>) -> Result<Actor> {
        match reference {
            None => Ok(Actor::Operator),
            Some(r) if r.eq_ignore_ascii_case("operator") => Ok(Actor::Operator),
            Some(r) => reg.read(|tx| Ok(Actor::Person(persons::resolve(tx, r)?))),
        }
    }

    /// How the actor appears in history events.
    pub fn label(&self) -> String {
        match self {
            Actor::Operator => "operator".to_string(),
            Actor::Person(p) => format!("person:{} {}", p.id, p.name),
        }
    }

    pub fn person_id(&self) -> Option<Id> {
        match self {
            Actor::Operator => None,
            Actor::Person(p) => Some(p.id),
        }
    }
}

/// Refuses unless the actor is the platform operator.
pub(crate) fn require_operator(actor: &Actor, doing: &str) -> Result<()> {
    match actor {
        Actor::Operator => Ok(()),
        Actor::Person(p) => Err(Error::Refused(format!(
            "not allowed (无权限): only the platform operator may {doing}; {} is a person (drop --as)",
            p.name
        ))),
    }
}

/// Refuses unless the actor is the operator or the enterprise's administrator (D2).
pub(crate) fn require_admin(tx: &Tx, actor: &Actor, org_id: Id, doing: &str) -> Result<()> {
    let Actor::Person(p) = actor else {
        return Ok(());
    };
    match orgs::membership(tx, org_id, p.id)? {
        Some(m) if m.role == "admin" => Ok(()),
        _ => Err(Error::Refused(format!(
            "not allowed (无权限): only the enterprise administrator (管理员) or the platform operator may {doing}; {} is not the administrator (D2)",
            p.name
        ))),
    }
}

/// Runs one mutating command: `f` in a single write transaction. If a domain rule refuses
/// it, the transaction is rolled back and the refusal itself is recorded (D21: outcomes are
/// traceable), then the refusal is returned.
pub fn mutate<T>(
    reg: &mut Registry,
    actor: &Actor,
    action: &str,
    f: impl FnOnce(&Tx) -> Result<T>,
) -> Result<T> {
    let outcome = reg.write(f);
    logged(reg, actor, action, outcome)
}

/// Records a refusal the way `mutate` does, for one decided before the write: checks that
/// run on a snapshot ahead of slow work (key generation, the PIN KDF, signing) so that a
/// refused command does none of it.
pub fn logged<T>(reg: &mut Registry, actor: &Actor, action: &str, outcome: Result<T>) -> Result<T> {
    match outcome {
        Err(Error::Refused(reason)) => {
            let draft = Draft::new(action, "").details(serde_json::json!({ "reason": reason }));
            reg.write(|tx| history::record_refusal(tx, actor, draft))?;
            Err(Error::Refused(reason))
        }
        other => other,
    }
}

/// A required text field: trimmed, non-empty, bounded, no control characters.
pub(crate) fn text_field(field: &str, value: &str, max_chars: usize) -> Result<String> {
    let v = value.trim();
    if v.is_empty() {
        return Err(Error::BadInput(format!("{field} must not be empty")));
    }
    let n = v.chars().count();
    if n > max_chars {
        return Err(Error::BadInput(format!(
            "{field} is too long: {n} characters, at most {max_chars}"
        )));
    }
    if v.chars().any(char::is_control) {
        return Err(Error::BadInput(format!(
            "{field} contains a control character"
        )));
    }
    Ok(v.to_string())
}
