//! Whether each genuine event's actor was entitled when it was written (red team 6): a person
//! who acted as an enterprise's administrator must have been its administrator by the replayed
//! memberships, and of the enterprise the replayed row belonged to. A role or a row's
//! enterprise changed outside catool for one command and put back leaves the stored state
//! matching the history; the event written meanwhile does not.

use super::{Replay, Want, detail_id, key, object_id};
use crate::domain::history_finding::Finding;
use crate::model::{Event, Id};

impl Replay {
    /// The enterprise whose administrator a person needs to be to do what `e` did, by the
    /// replayed rows (never the event's own `org_id`, which copied the row of the time); `None`:
    /// no administrator needed (or another rule decides: an owner handing over, a certificate
    /// of no enterprise).
    fn admin_needed(&mut self, e: &Event, person: Id) -> Option<Id> {
        let cert_org = |r: &mut Replay, cert: Option<Id>| {
            cert.and_then(|c| r.fact("certs", &key(c), "org_id").as_i64())
        };
        match e.action.as_str() {
            "org.member.add" | "org.member.remove" | "org.transfer-admin" => object_id(e, "org"),
            "package.buy" => e.org_id,
            "seal.assign" => cert_org(self, detail_id(e, "cert")),
            "cert.freeze" | "cert.unfreeze" | "cert.revoke" => cert_org(self, object_id(e, "cert")),
            "cert.holder" => {
                let cert = object_id(e, "cert");
                let owner = cert.map(|c| self.fact("certs", &key(c), "owner_person_id"));
                let owner_acting = owner.and_then(|w| w.as_i64()) == Some(person);
                if owner_acting {
                    None
                } else {
                    cert_org(self, cert)
                }
            }
            _ => None,
        }
    }

    /// Notes `e` when its actor (a person) was not, by the replayed memberships, the
    /// administrator its action needed: a genuine event written while a role or a row's
    /// enterprise was changed outside catool (red team 6), even if both were put back.
    pub(super) fn check_admin(&mut self, e: &Event) {
        let Some(person) = e
            .actor
            .strip_prefix("person:")
            .and_then(|r| r.split(' ').next())
            .and_then(|n| n.parse::<Id>().ok())
        else {
            return;
        };
        let Some(org) = self.admin_needed(e, person) else {
            return;
        };
        let membership = (org, person, String::new());
        let memberships = self.index("memberships");
        let member = self.rows.get(memberships, &membership).is_some();
        match self.fact("memberships", &membership, "role") {
            w if w.is_text("admin") => {}
            // A member whose role was written before roles were recorded: not provable.
            Want::Unknown | Want::ZeroOr(_) if member => {}
            _ if self.not_admin.len() >= super::KEPT => {}
            _ => self.not_admin.push(Finding::ActorNotAdmin {
                seq: e.seq,
                action: e.action.clone(),
                actor: e.actor.clone(),
                org,
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::anchor::tests::event;
    use serde_json::json;

    fn by(seq: Id, actor: &str, action: &str, object: &str, details: serde_json::Value) -> Event {
        Event {
            actor: actor.into(),
            object: object.into(),
            ..event(seq, action, details)
        }
    }

    /// Enterprise 1 (administrator 张伟, member 李娜) and its certificate 7, owned by 张伟.
    fn enterprise() -> Replay {
        let mut r = Replay::new(1);
        let mut add = by(1, "operator", "org.add", "org:1", json!({}));
        add.person_id = Some(1);
        r.apply(&add);
        let mut member = by(
            2,
            "person:1 张伟",
            "org.member.add",
            "org:1",
            json!({"role": "member"}),
        );
        member.person_id = Some(2);
        r.apply(&member);
        let mut issue = by(3, "operator", "cert.issue", "cert:7", json!({"slot": 1}));
        issue.org_id = Some(1);
        issue.person_id = Some(1);
        r.apply(&issue);
        r
    }

    #[test]
    fn an_unfreeze_by_a_member_who_was_not_the_administrator_is_named() {
        let mut r = enterprise();
        r.apply(&by(
            4,
            "person:2 李娜",
            "cert.unfreeze",
            "cert:7",
            json!({}),
        ));
        assert!(
            matches!(
                r.not_admin(),
                [Finding::ActorNotAdmin { seq: 4, org: 1, .. }]
            ),
            "{:?}",
            r.not_admin()
        );
    }

    #[test]
    fn the_administrator_and_after_a_transfer_the_new_one_are_entitled() {
        let mut r = enterprise();
        r.apply(&by(4, "person:1 张伟", "cert.freeze", "cert:7", json!({})));
        let mut transfer = by(5, "person:1 张伟", "org.transfer-admin", "org:1", json!({}));
        transfer.person_id = Some(2);
        r.apply(&transfer);
        r.apply(&by(
            6,
            "person:2 李娜",
            "cert.unfreeze",
            "cert:7",
            json!({}),
        ));
        assert!(r.not_admin().is_empty(), "{:?}", r.not_admin());
        r.apply(&by(7, "person:1 张伟", "cert.freeze", "cert:7", json!({})));
        assert_eq!(r.not_admin().len(), 1);
    }
}
