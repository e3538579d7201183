//! Domain logic: the rules of ../shared/DOMAIN.md (D1…D22) applied to registry records.
//! Nothing here prints or parses command lines; every public operation runs in one registry
//! transaction and records its history event (D21) in that same transaction.

pub mod anchor;
pub mod anchor_error;
pub mod anchored;
pub mod authority_error;
pub mod ca;
pub mod cert;
pub mod cert_change;
pub mod cert_error;
pub mod cert_import;
pub mod cert_list;
pub mod cert_state;
pub mod clock;
mod crl_delta;
pub mod enterprise;
pub mod envelope;
pub mod history;
pub mod history_finding;
pub mod ident;
pub mod import_error;
pub mod keyed_identity;
pub mod keystore;
pub mod ltv;
pub mod maker_error;
pub mod onboarding;
pub mod org;
pub mod package;
pub mod page;
pub mod party_error;
pub mod person;
pub mod registry_copy;
pub mod replay;
pub mod rules;
pub mod seal;
pub mod seal_error;
pub mod seal_esl;
pub mod seal_import;
mod seal_keyed;
pub mod seal_maker;
pub mod ses_sign;
pub mod ses_trust;
pub mod settings;
pub mod signing;
pub mod signing_error;
pub mod stamping;
pub mod synthetic;
pub mod tsa;

use crate::error::{Error, Result};
use crate::input_error::InputError;
use crate::model::{Id, Person};
use crate::registry::{Registry, Tx, persons};
use history::Draft;
pub use party_error::Act;
use party_error::PartyError;

/// Who performs an action (`--as`). The platform operator may do everything; a person acts
/// within the enterprises where they are administrator or member. Without `--as` the caller
/// is the operator, whose authority is file access to the registry and its master key; a
/// person must prove who they are with one of their certificates and its PIN ([`Proof`]).
#[derive(Debug, Clone)]
pub enum Actor {
    Operator,
    Person(Person, Proof),
}

/// How a person acting was authenticated: with a certificate and its PIN (its id), vouched
/// for by the operator in-process (the demo), or not yet. History records it with every
/// event ("auth"), and nothing succeeds for a person not yet proven.
#[derive(Debug, Default)]
pub struct Proof(std::sync::atomic::AtomicI64);

/// The proof value of a person vouched for by the operator (in-process, e.g. `catool demo`).
const VOUCHED: i64 = -1;

impl Clone for Proof {
    fn clone(&self) -> Self {
        Proof(std::sync::atomic::AtomicI64::new(self.get()))
    }
}

impl Proof {
    /// Not proven yet: the command's own PIN for one of the person's certificates proves it.
    pub fn pending() -> Proof {
        Proof::default()
    }
    /// Proven with certificate `cert_id` and its PIN.
    pub fn certificate(cert_id: Id) -> Proof {
        Proof(std::sync::atomic::AtomicI64::new(cert_id))
    }
    /// Vouched for by the operator in-process (`catool demo`): the operator's authority.
    pub fn vouched_by_operator() -> Proof {
        Proof(std::sync::atomic::AtomicI64::new(VOUCHED))
    }
    fn get(&self) -> i64 {
        self.0.load(std::sync::atomic::Ordering::SeqCst)
    }
    pub(crate) fn set_certificate(&self, cert_id: Id) {
        self.0.store(cert_id, std::sync::atomic::Ordering::SeqCst);
    }
    pub fn is_proven(&self) -> bool {
        self.get() != 0
    }
}

impl Actor {
    /// A person acting, proven by `proof`.
    pub fn person(p: Person, proof: Proof) -> Actor {
        Actor::Person(p, proof)
    }

    /// How the actor was authenticated, as history records it: "operator" (file access to
    /// the registry and master key), "certificate:N" (that certificate's PIN) or
    /// "unproven" (a refusal before any proof).
    pub fn auth_label(&self) -> String {
        match self {
            Actor::Operator => "operator".to_string(),
            Actor::Person(_, proof) => match proof.get() {
                0 => "unproven".to_string(),
                VOUCHED => "operator".to_string(),
                n => format!("certificate:{n}"),
            },
        }
    }

    /// The person acting whose `--as` is not proven yet.
    pub(crate) fn unproven(&self) -> Option<&Person> {
        match self {
            Actor::Person(p, proof) if !proof.is_proven() => Some(p),
            _ => None,
        }
    }

    /// Resolves `--as PERSON`, not yet proven; none means the platform operator.
    pub fn resolve(reg: &mut Registry, reference: Option<&str>) -> Result<Actor> {
        match reference {
            None => Ok(Actor::Operator),
            Some(r) if r.eq_ignore_ascii_case("operator") => Ok(Actor::Operator),
            Some(r) => reg.read(|tx| Ok(Actor::Person(persons::resolve(tx, r)?, Proof::pending()))),
        }
    }

    /// How the actor appears in history events.
    pub fn label(&self) -> String {
        match self {
            Actor::Operator => "operator".to_string(),
            Actor::Person(p, _) => format!("person:{} {}", p.id, p.name),
        }
    }

    pub fn person_id(&self) -> Option<Id> {
        match self {
            Actor::Operator => None,
            Actor::Person(p, _) => Some(p.id),
        }
    }
}

/// Refuses unless the actor is the platform operator.
pub(crate) fn require_operator(actor: &Actor, doing: Act) -> Result<()> {
    match actor {
        Actor::Operator => Ok(()),
        Actor::Person(p, _) => Err(PartyError::NotOperator {
            person: p.name.clone(),
            doing,
        }
        .into()),
    }
}

/// Refuses unless the actor is the operator or the enterprise's administrator (D2), as the
/// enterprise's keyed history says ([`enterprise::is_admin`]: a role column changed outside
/// catool is refused, exit 6).
pub(crate) fn require_admin(tx: &Tx, actor: &Actor, org_id: Id, doing: Act) -> Result<()> {
    let Actor::Person(p, _) = actor else {
        return Ok(());
    };
    if enterprise::is_admin(tx, org_id, p.id)? {
        Ok(())
    } else {
        Err(PartyError::NotAdmin {
            person: p.name.clone(),
            doing,
        }
        .into())
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
    if let Some(reason) = outcome.as_ref().err().and_then(Error::refusal) {
        let draft = Draft::new(action, "").details(serde_json::json!({ "reason": reason }));
        reg.write(|tx| history::record_refusal(tx, actor, draft))?;
    }
    outcome
}

/// A required text field: trimmed, non-empty, bounded, no control characters.
pub(crate) fn text_field(field: &str, value: &str, max_chars: usize) -> Result<String> {
    let field = || field.to_string();
    let v = value.trim();
    if v.is_empty() {
        return Err(InputError::TextEmpty { field: field() }.into());
    }
    let n = v.chars().count();
    if n > max_chars {
        let count = |n: usize| i64::try_from(n).unwrap_or(i64::MAX);
        return Err(InputError::TextTooLong {
            field: field(),
            chars: count(n),
            max: count(max_chars),
        }
        .into());
    }
    if v.chars().any(char::is_control) {
        return Err(InputError::TextControl { field: field() }.into());
    }
    Ok(v.to_string())
}
