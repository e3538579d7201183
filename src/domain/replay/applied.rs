//! Which stored events the replay needs typed: `log verify` walks every event, and copies and
//! parses only those [`Replay::apply`] can act on.

use super::Replay;
use crate::model::vocab::EventOutcome;
use crate::registry::events::StoredRef;

/// The actions [`Replay::apply`] handles, sorted (searched by halves): every arm of its `match` (an arm added there must
/// be added here, or its events are never replayed: `every_applied_action_is_wanted` checks
/// the list against the actions catool records).
const APPLIED: &[&str] = &[
    "ca.crl",
    "ca.init",
    "ca.set",
    "cert.assign",
    "cert.bind",
    "cert.extend",
    "cert.freeze",
    "cert.holder",
    "cert.import",
    "cert.issue",
    "cert.pin",
    "cert.reissue",
    "cert.revoke",
    "cert.unbind",
    "cert.unfreeze",
    "config.set",
    "org.add",
    "org.authorize",
    "org.member.add",
    "org.member.remove",
    "org.transfer-admin",
    "package.buy",
    "package.pay",
    "person.add",
    "seal.assign",
    "seal.grant",
    "seal.grant.approve",
    "seal.grant.reject",
    "seal.grant.revoke",
    "seal.import",
    "seal.make",
    "seal.review",
    "seal.upload",
    "seal.void",
    "tsa.init",
    "tsa.stamp",
];

impl Replay {
    /// Whether [`Replay::apply`] can change anything for the event stored as `s`. An event
    /// naming a certificate may carry a PIN count or lock in its details (searched as stored
    /// text; any escape is looked at closer), and a successful event of an action `apply`
    /// handles changes rows; a signature (a third of a busy registry's history) does neither.
    pub fn wants(s: &StoredRef) -> bool {
        let pins = s.cert_id.is_some()
            && ["wrong_pins", "locked", "\\"]
                .iter()
                .any(|w| s.details.contains(w));
        pins || (EventOutcome::parse(s.outcome) == Some(EventOutcome::Ok)
            && APPLIED.binary_search(&s.action).is_ok())
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    /// The quoted actions of `apply`'s `match` arms, read from its source.
    fn arms() -> BTreeSet<String> {
        let src = include_str!("../replay.rs");
        let start = src.find("pub fn apply(&mut self").unwrap_or(0);
        let body = &src[start..];
        let body = &body[..body.find("\n    fn ").unwrap_or(body.len())];
        let body = &body[body.find("match e.action.as_str()").unwrap_or(0)..];
        let mut found = BTreeSet::new();
        for line in body.lines() {
            let t = line.trim();
            if !t.starts_with('"') || !t.contains("=>") {
                continue;
            }
            let pattern = &t[..t.find("=>").unwrap_or(0)];
            found.extend(
                pattern
                    .split('|')
                    .map(|p| p.trim().trim_matches('"').to_string())
                    .filter(|p| !p.is_empty()),
            );
        }
        found
    }

    #[test]
    fn every_applied_action_is_wanted() {
        let listed: BTreeSet<String> = super::APPLIED.iter().map(|a| a.to_string()).collect();
        let arms = arms();
        assert!(arms.len() > 30, "apply's arms not found: {arms:?}");
        assert_eq!(listed, arms);
        assert!(super::APPLIED.is_sorted(), "APPLIED is searched by halves");
    }
}
