//! Field locks (FieldMDP): the form fields a signature freezes, read from its signature
//! field's /Lock dictionary (ISO 32000-1 12.7.5.5) and from the FieldMDP transform of its
//! signature dictionary's /Reference (12.8.2.4), and applied to what the revisions after it
//! changed. /Action /All locks every field, /Include the fields named in /Fields, /Exclude
//! all but those; a name stands for the field and every field below it (`bid` covers
//! `bid.amount`).
//!
//! Both places are part of the signed revision, so both are the signer's word and either
//! lock counts (pyHanko reads only the /Reference). A change to a field above a locked one
//! counts too, since the locked field inherits its value from there (pyHanko judges only the
//! field itself). A lock that names an action catool does not know, or /Include or /Exclude
//! without a /Fields array, locks every field; a /Lock without /Action carries only a DocMDP
//! permission (/P), which the verifier reads on its own.

use lopdf::{Dictionary, Document, Object};

use super::{Change, Level, Refusal, resolve};
use crate::pdf::verify::decode_text;

/// A change to one form field, as a field lock (FieldMDP) sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldChange {
    /// The field's full name (`bid.amount`).
    pub name: String,
    /// What a lock still allows: the read-only flag set (what Acrobat does to the fields a
    /// signature locks), an invisible new signature field, or an invisible document
    /// timestamp in one; a value, an appearance or a signature is refused.
    pub allowed_when_locked: bool,
}

/// Whether the only change to a field is its read-only flag set (/Ff gains bit 1 and nothing
/// else; other flags change how a viewer draws the value: password, comb …). /Type may be
/// added as well: it changes nothing a reader shows.
pub(super) fn only_made_read_only(a: &Dictionary, b: &Dictionary, keys: &[Vec<u8>]) -> bool {
    let flags = |d: &Dictionary| d.get(b"Ff").and_then(Object::as_i64).unwrap_or(0);
    let (before, after) = (flags(a), flags(b));
    keys.iter().all(|k| k == b"Ff" || k == b"Type") && (after == before || after == before | 1)
}

/// Which fields a lock covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LockAction {
    All,
    Include(Vec<String>),
    Exclude(Vec<String>),
}

/// Where a lock is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Source {
    Field,
    Reference,
    Both,
}

/// One field lock of a signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldLock {
    pub action: LockAction,
    source: Source,
}

impl FieldLock {
    /// Whether a change to field `name` (its full name) changes a locked field: `name` is
    /// locked, or (under /Include) a locked field lies below it and inherits from it.
    pub fn locks(&self, name: &str) -> bool {
        let covers = |listed: &str| name == listed || is_below(name, listed);
        match &self.action {
            LockAction::All => true,
            LockAction::Include(fields) => fields
                .iter()
                .any(|listed| covers(listed) || is_below(listed, name)),
            LockAction::Exclude(fields) => !fields.iter().any(|listed| covers(listed)),
        }
    }

    /// The lock as the PDF writes it: `/All`, `/Include [amount, bid]`, `/Exclude [remark]`.
    pub fn action_text(&self) -> String {
        let list =
            |action: &str, fields: &[String]| [action, " [", &fields.join(", "), "]"].concat();
        match &self.action {
            LockAction::All => "/All".to_string(),
            LockAction::Include(f) => list("/Include", f),
            LockAction::Exclude(f) => list("/Exclude", f),
        }
    }

    /// The catalogue entry saying where the lock is written.
    pub fn source_id(&self) -> &'static str {
        match self.source {
            Source::Field => crate::msg!("pdf-lock-in-field"),
            Source::Reference => crate::msg!("pdf-lock-in-reference"),
            Source::Both => crate::msg!("pdf-lock-in-field-and-reference"),
        }
    }
}

/// Whether field `name` lies below field `parent` (`bid.amount` below `bid`).
fn is_below(name: &str, parent: &str) -> bool {
    name.strip_prefix(parent)
        .is_some_and(|rest| rest.starts_with('.'))
}

/// The field locks of a signature: from `field` (its signature field, when it has one) and
/// `sig` (its signature dictionary).
pub fn read(doc: &Document, field: Option<&Dictionary>, sig: &Dictionary) -> Vec<FieldLock> {
    let in_field = field
        .and_then(|f| f.get(b"Lock").ok())
        .and_then(|l| resolve(doc, l))
        .and_then(|l| l.as_dict().ok())
        .and_then(|l| action(doc, l));
    // A FieldMDP reference without readable parameters locks everything.
    let in_reference = transforms(doc, sig, b"FieldMDP").map(|params| {
        params
            .and_then(|t| action(doc, t))
            .unwrap_or(LockAction::All)
    });
    let mut locks: Vec<FieldLock> = Vec::new();
    for action in in_reference {
        if !locks.iter().any(|l| l.action == action) {
            locks.push(FieldLock {
                action,
                source: Source::Reference,
            });
        }
    }
    if let Some(action) = in_field {
        match locks.iter_mut().find(|l| l.action == action) {
            Some(same) => same.source = Source::Both,
            None => locks.push(FieldLock {
                action,
                source: Source::Field,
            }),
        }
    }
    locks
}

/// The signature references (/Reference) of signature dictionary `sig` whose
/// /TransformMethod is `method` (DocMDP, FieldMDP), each with its /TransformParams (None when
/// missing or not a dictionary).
pub(crate) fn transforms<'a>(
    doc: &'a Document,
    sig: &'a Dictionary,
    method: &'a [u8],
) -> impl Iterator<Item = Option<&'a Dictionary>> + 'a {
    sig.get(b"Reference")
        .ok()
        .and_then(|r| resolve(doc, r))
        .and_then(|r| r.as_array().ok())
        .into_iter()
        .flatten()
        .filter_map(|r| resolve(doc, r)?.as_dict().ok())
        .filter(move |r| {
            r.get(b"TransformMethod")
                .and_then(Object::as_name)
                .is_ok_and(|m| m == method)
        })
        .map(|r| {
            r.get(b"TransformParams")
                .ok()
                .and_then(|t| resolve(doc, t))
                .and_then(|t| t.as_dict().ok())
        })
}

/// The /Action and /Fields of a /Lock dictionary or FieldMDP parameters; None without
/// /Action.
fn action(doc: &Document, d: &Dictionary) -> Option<LockAction> {
    let name = d.get(b"Action").ok().and_then(|a| resolve(doc, a))?;
    let fields: Option<Vec<String>> = d
        .get(b"Fields")
        .ok()
        .and_then(|f| resolve(doc, f))
        .and_then(|f| f.as_array().ok())
        .map(|list| {
            list.iter()
                .filter_map(|n| resolve(doc, n)?.as_str().ok())
                .map(decode_text)
                .collect()
        });
    Some(match (name.as_name().ok(), fields) {
        (Some(b"Include"), Some(f)) => LockAction::Include(f),
        (Some(b"Exclude"), Some(f)) => LockAction::Exclude(f),
        _ => LockAction::All,
    })
}

/// Applies the locks of signature `signature` to a change made after it: a change to a
/// locked field that a lock does not allow becomes a modification, and says which lock
/// refused which field.
pub fn apply(locks: &[FieldLock], signature: &str, change: &mut Change) {
    if change.restyles_fields && change.level < Level::Other {
        // The form's default appearance restyles every field drawn with it: whatever a lock
        // covers, a viewer may redraw it (pyHanko refuses it too).
        if let Some(lock) = locks.first() {
            change.level = Level::Other;
            change.refused.push(Refusal::RestylesLockedFields {
                signature: signature.to_string(),
                lock: lock.clone(),
            });
        }
        return;
    }
    let Some(field) = &change.field else {
        return;
    };
    if field.allowed_when_locked || change.level >= Level::Other {
        return;
    }
    if let Some(lock) = locks.iter().find(|l| l.locks(&field.name)) {
        change.level = Level::Other;
        change.refused.push(Refusal::Locked {
            field: field.name.clone(),
            signature: signature.to_string(),
            lock: lock.clone(),
        });
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::super::What;
    use super::*;
    use crate::i18n::Lang;
    use lopdf::dictionary;

    fn lock(action: LockAction) -> FieldLock {
        FieldLock {
            action,
            source: Source::Both,
        }
    }

    /// A lock of `fields` written in both places.
    pub(in crate::pdf::diff) fn include(fields: &[&str]) -> FieldLock {
        lock(LockAction::Include(names(fields)))
    }

    /// A lock of every field in its field's /Lock.
    pub(in crate::pdf::diff) fn all_in_field() -> FieldLock {
        FieldLock {
            action: LockAction::All,
            source: Source::Field,
        }
    }

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn all_locks_every_field() {
        assert!(lock(LockAction::All).locks("amount"));
        assert!(lock(LockAction::All).locks("bid.amount"));
    }

    #[test]
    fn include_locks_the_listed_fields_those_below_and_those_above() {
        let l = lock(LockAction::Include(names(&["bid.amount", "Signature1"])));
        assert!(l.locks("bid.amount"));
        assert!(l.locks("bid.amount.cents"));
        assert!(l.locks("bid"), "bid.amount inherits from bid");
        assert!(!l.locks("bid.remark"));
        assert!(!l.locks("Signature10"), "a name is not a prefix of another");
        assert!(!l.locks("bi"));
    }

    #[test]
    fn exclude_locks_all_but_the_listed_fields_and_those_below() {
        let l = lock(LockAction::Exclude(names(&["remark"])));
        assert!(!l.locks("remark"));
        assert!(!l.locks("remark.line1"));
        assert!(l.locks("amount"));
        assert!(l.locks("remarks"));
    }

    fn field_change(name: &str, allowed_when_locked: bool) -> Change {
        let mut c = Change::new(
            3,
            Level::FormFilling,
            What::FieldFilled { field: name.into() },
        );
        c.field = Some(FieldChange {
            name: name.into(),
            allowed_when_locked,
        });
        c
    }

    #[test]
    fn a_locked_field_changed_becomes_a_modification_naming_the_lock() {
        let mut c = field_change("amount", false);
        apply(
            &[lock(LockAction::Include(names(&["amount"])))],
            "Lock1",
            &mut c,
        );
        assert_eq!(c.level, Level::Other);
        let what = c.what_in(Lang::En);
        assert!(
            what.ends_with(
                "(field amount is locked by signature Lock1: /Include [amount], in its field's /Lock and its FieldMDP /Reference)"
            ),
            "{what}"
        );
    }

    #[test]
    fn what_a_lock_allows_or_does_not_cover_stays_allowed() {
        let locks = [lock(LockAction::Include(names(&["amount"])))];
        for mut c in [field_change("amount", true), field_change("remark", false)] {
            apply(&locks, "Lock1", &mut c);
            assert_eq!(c.level, Level::FormFilling, "{:?}", c.what);
        }
    }

    fn restyling(key: &str) -> Change {
        let mut c = Change::new(
            3,
            Level::FormFilling,
            What::FormEntryUpdated { key: key.into() },
        );
        c.restyles_fields = true;
        c
    }

    #[test]
    fn the_forms_default_appearance_changed_is_refused_by_any_lock() {
        for locks in [
            vec![lock(LockAction::Include(names(&["amount"])))],
            vec![lock(LockAction::Exclude(names(&["remark"])))],
            vec![all_in_field()],
        ] {
            let mut c = restyling("DR");
            apply(&locks, "Lock1", &mut c);
            assert_eq!(c.level, Level::Other);
            let what = c.what_in(Lang::En);
            assert!(
                what.starts_with("updates the form's /DR (a viewer redraws with it the fields signature Lock1 locks: "),
                "{what}"
            );
        }
    }

    #[test]
    fn the_forms_default_appearance_changed_without_a_lock_stays_allowed() {
        let mut c = restyling("NeedAppearances");
        apply(&[], "Signature1", &mut c);
        assert_eq!(c.level, Level::FormFilling);
        assert!(c.refused.is_empty());
    }

    #[test]
    fn only_the_read_only_flag_set_is_what_a_lock_allows_of_a_field_change() {
        let multiline = dictionary! { "Ff" => 4096 };
        let read_only = dictionary! { "Ff" => 4097 };
        let password = dictionary! { "Ff" => 4096 | 8192 };
        let ff = [b"Ff".to_vec()];
        assert!(only_made_read_only(&multiline, &read_only, &ff));
        assert!(!only_made_read_only(&multiline, &password, &ff));
        let value = [b"Ff".to_vec(), b"V".to_vec()];
        assert!(!only_made_read_only(&multiline, &read_only, &value));
    }

    #[test]
    fn locks_are_read_from_the_field_and_the_reference_and_merged_when_equal() {
        let doc = Document::with_version("1.7");
        let include = || {
            dictionary! {
                "Action" => "Include",
                "Fields" => vec![Object::string_literal("amount")],
            }
        };
        let field = dictionary! { "Lock" => include() };
        let fieldmdp = |params: Dictionary| {
            dictionary! { "TransformMethod" => "FieldMDP", "TransformParams" => params }
        };
        let sig = dictionary! { "Reference" => vec![fieldmdp(include()).into()] };
        let both = read(&doc, Some(&field), &sig);
        assert_eq!(both.len(), 1);
        assert_eq!(both[0].source, Source::Both);
        assert_eq!(
            read(&doc, Some(&field), &Dictionary::new())[0].source,
            Source::Field
        );
        assert_eq!(read(&doc, None, &sig)[0].source, Source::Reference);
        let all =
            dictionary! { "Reference" => vec![fieldmdp(dictionary! { "Action" => "All" }).into()] };
        assert_eq!(read(&doc, Some(&field), &all).len(), 2);
    }

    #[test]
    fn an_unreadable_lock_locks_everything_and_a_bare_docmdp_lock_nothing() {
        let doc = Document::with_version("1.7");
        let field = |lock: Dictionary| dictionary! { "Lock" => lock };
        let odd = field(dictionary! { "Action" => "Some" });
        assert_eq!(
            read(&doc, Some(&odd), &Dictionary::new())[0].action,
            LockAction::All
        );
        let no_list = field(dictionary! { "Action" => "Include" });
        assert_eq!(
            read(&doc, Some(&no_list), &Dictionary::new())[0].action,
            LockAction::All
        );
        let p_only = field(dictionary! { "P" => 2 });
        assert!(read(&doc, Some(&p_only), &Dictionary::new()).is_empty());
    }
}
