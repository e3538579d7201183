//! The registry's vocabulary: every state, kind, role and outcome a record holds, as a type.
//! Each is stored as the text catool has always written (the schema's `CHECK` lists; no data
//! migration), printed the same in JSON (docs/json.md) and parsed back only from that text.
//! A stored text catool never writes (a hand-edited file) is an error naming the column's
//! meaning and the value ([`UnknownText`]), never a silent default.
//!
//! Enums that live with the code that decides with them (`pki::keys::Algo`,
//! `seal::render::SealKind`) get their stored form here; where the command line offers the
//! same choice, the same type is its `clap::ValueEnum` (one list of values, not two).

use std::fmt;

use crate::i18n::Lang;
use crate::msg;

pub use crate::pki::keys::Algo;
pub use crate::seal::render::SealKind;

use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};

/// A stored text that is none of a vocabulary's values: what it was read as, and the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownText {
    /// The catalogue entry naming the vocabulary (`vocab-certificate-status` …).
    pub what: &'static str,
    pub value: String,
}

impl fmt::Display for UnknownText {
    /// In English: `log verify` reports it in its (English) list of problems.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = crate::i18n::text(Lang::En, self.what, &[]);
        write!(f, "'{}' as a {what}", self.value)
    }
}

impl std::error::Error for UnknownText {}

/// Reads a vocabulary value from its stored text.
pub(crate) fn from_text<T>(
    v: ValueRef<'_>,
    what: &'static str,
    parse: impl Fn(&str) -> Option<T>,
) -> FromSqlResult<T> {
    let text = v.as_str()?;
    parse(text).ok_or_else(|| {
        FromSqlError::Other(Box::new(UnknownText {
            what,
            value: text.to_string(),
        }))
    })
}

/// `Display` as the text.
macro_rules! displayed_as_text {
    ($ty:ty) => {
        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

/// Serialized (JSON) as the text.
macro_rules! serialized_as_text {
    ($ty:ty) => {
        impl serde::Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }
    };
}

/// Stored (SQL) as the text of `as_str`, read back with `parse` (or the given parser);
/// `NAME` (a catalogue entry) names the vocabulary in errors.
macro_rules! stored_as_text {
    ($ty:ty) => {
        stored_as_text!($ty, <$ty>::parse);
    };
    ($ty:ty, $parse:expr) => {
        impl ToSql for $ty {
            fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
                Ok(ToSqlOutput::Borrowed(ValueRef::Text(
                    self.as_str().as_bytes(),
                )))
            }
        }
        impl FromSql for $ty {
            fn column_result(v: ValueRef<'_>) -> FromSqlResult<Self> {
                from_text(v, <$ty>::NAME, $parse)
            }
        }
    };
}

/// An enum of machine words: its variants with their text, `ALL`, `as_str`, `parse`,
/// `Display` and serde as the text.
macro_rules! text_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident { $( $(#[$vmeta:meta])* $var:ident = $text:literal ),+ $(,)? }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name { $( $(#[$vmeta])* $var ),+ }

        impl $name {
            pub const ALL: [$name; [$(stringify!($var)),+].len()] = [$($name::$var),+];

            /// The machine text (stored, JSON, command line).
            pub fn as_str(self) -> &'static str {
                match self { $($name::$var => $text),+ }
            }

            /// The value of a machine text.
            pub fn parse(s: &str) -> Option<$name> {
                match s { $($text => Some($name::$var),)+ _ => None }
            }
        }

        displayed_as_text!($name);
        serialized_as_text!($name);
    };
}

/// A [`text_enum`] the registry stores ([`stored_as_text`]); `$what` (a catalogue entry)
/// names it.
macro_rules! vocabulary {
    (
        $(#[$meta:meta])*
        name: $what:expr;
        pub enum $name:ident { $($body:tt)* }
    ) => {
        text_enum! { $(#[$meta])* pub enum $name { $($body)* } }
        impl $name {
            /// The catalogue entry naming this vocabulary (in errors about a stored value).
            pub const NAME: &'static str = $what;
        }
        stored_as_text!($name);
    };
}

vocabulary! {
    /// A certificate's stored lifecycle status (D12). What operators see is
    /// [`CertState`], derived from it, the lock and the dates.
    name: msg!("vocab-certificate-status");
    pub enum CertStatus {
        Active = "active",
        Revoked = "revoked",
        /// On hold (冻结): listed on the CRL until unfrozen.
        Frozen = "frozen",
        /// Replaced by a reissue (D8) or an extension (D9).
        Superseded = "superseded",
    }
}

text_enum! {
    /// The D12 state of a certificate (or a slot waiting for import), as operators see it:
    /// derived from its [`CertStatus`], its lock and its dates (`domain::cert::state`).
    pub enum CertState {
        Active = "active",
        /// 待导入: an assigned slot waiting for its certificate.
        Pending = "pending",
        Expiring = "expiring",
        Expired = "expired",
        Revoked = "revoked",
        Frozen = "frozen",
        Locked = "locked",
        Superseded = "superseded",
    }
}

impl CertState {
    /// The catalogue entry of its label.
    pub fn label_id(self) -> &'static str {
        match self {
            CertState::Active => msg!("state-active"),
            CertState::Pending => msg!("state-pending"),
            CertState::Expiring => msg!("state-expiring"),
            CertState::Expired => msg!("state-expired"),
            CertState::Revoked => msg!("state-revoked"),
            CertState::Frozen => msg!("state-frozen"),
            CertState::Locked => msg!("state-locked"),
            CertState::Superseded => msg!("state-superseded"),
        }
    }

    /// The label for people in `lang`, e.g. `active (生效中)` / `生效中`.
    pub fn label_in(self, lang: Lang) -> String {
        crate::i18n::text(lang, self.label_id(), &[])
    }

    /// The label in the chosen language.
    pub fn label(self) -> String {
        self.label_in(crate::i18n::lang())
    }
}

vocabulary! {
    /// What a slot is for and what its certificate names (D3, D4): the enterprise itself or a
    /// person of it.
    name: msg!("vocab-certificate-kind");
    pub enum CertKind {
        /// 企业证书
        Enterprise = "enterprise",
        /// 个人证书
        Personal = "personal",
    }
}

vocabulary! {
    /// Where a paid package's slot is (D4, D5): waiting for an owner, assigned and waiting
    /// for its certificate (待导入), or used by one.
    name: msg!("vocab-slot-state");
    pub enum SlotState {
        /// 暂未分配
        Unassigned = "unassigned",
        /// 待导入
        Assigned = "assigned",
        Used = "used",
    }
}

vocabulary! {
    /// Whether a package (证书套餐) was paid (D3, D22): only a paid package yields slots.
    name: msg!("vocab-package-status");
    pub enum PackageStatus {
        Unpaid = "unpaid",
        Paid = "paid",
    }
}

vocabulary! {
    /// A seal image's review state (D7, D18).
    name: msg!("vocab-seal-state");
    pub enum SealState {
        /// 待审核: uploaded, waiting for the platform's review.
        Pending = "pending",
        Effective = "effective",
        /// Refused at review (with a reason).
        Rejected = "rejected",
        /// 作废: never usable again.
        Void = "void",
    }
}

vocabulary! {
    /// Where a seal image came from (D7, D17): drawn by catool, or a picture uploaded as it
    /// was or after catool cleaned it.
    name: msg!("vocab-seal-source");
    pub enum SealSource {
        Generated = "generated",
        Uploaded = "uploaded",
        Cleaned = "cleaned",
    }
}

vocabulary! {
    /// A grant of an enterprise seal to a member (D18).
    name: msg!("vocab-grant-state");
    pub enum GrantState {
        /// 申请: asked for by the member, waiting for the administrator.
        Requested = "requested",
        Approved = "approved",
        Rejected = "rejected",
        /// 收回: taken back.
        Revoked = "revoked",
    }
}

vocabulary! {
    /// How an attempt ended, as the history records it (D21): done, or refused by a rule
    /// (the attempt itself rolled back).
    name: msg!("vocab-event-outcome");
    pub enum EventOutcome {
        Ok = "ok",
        Refused = "refused",
    }
}

vocabulary! {
    /// ID document types (D2). Resident ID numbers are checked (GB 11643-1999).
    name: msg!("vocab-id-type");
    pub enum IdType {
        /// 居民身份证
        Resident = "resident",
        /// 护照
        Passport = "passport",
        /// Any other document (港澳台通行证 …)
        Other = "other",
    }
}

vocabulary! {
    /// How the legal representative authorized the enterprise (D1).
    name: msg!("vocab-auth-method");
    pub enum AuthMethod {
        /// Legal-representative face verification (法人人脸识别), done on the platform.
        Face = "face",
        /// Authorization letter (授权委托书) signed by the legal representative and stamped.
        Letter = "letter",
    }
}

/// The `clap::ValueEnum` of a vocabulary type: the command line's values (in the order
/// given, which `--help` keeps) with their help text.
macro_rules! command_line_values {
    ($ty:ty { $($var:path = $name:literal: $help:literal),+ $(,)? }) => {
        impl clap::ValueEnum for $ty {
            fn value_variants<'a>() -> &'a [Self] {
                &[$($var),+]
            }
            fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
                Some(match self {
                    $($var => clap::builder::PossibleValue::new($name).help($help),)+
                })
            }
        }
    };
}

vocabulary! {
    /// A member's role in an enterprise (D2): exactly one administrator.
    name: msg!("vocab-role");
    pub enum Role {
        /// 管理员
        Admin = "admin",
        /// 成员
        Member = "member",
    }
}

command_line_values!(Role {
    Role::Member = "member": "成员",
    Role::Admin = "admin": "管理员",
});

impl Algo {
    pub const NAME: &'static str = msg!("vocab-key-algorithm");
}

stored_as_text!(Algo);
displayed_as_text!(Algo);
serialized_as_text!(Algo);

command_line_values!(Algo {
    Algo::Sm2 = "sm2": "SM2 with SM3 (GM/T 0003, GM/T 0004)",
    Algo::Rsa2048 = "rsa2048": "RSA 2048 bits with SHA-256",
    Algo::Rsa3072 = "rsa3072": "RSA 3072 bits with SHA-256",
    Algo::Rsa4096 = "rsa4096": "RSA 4096 bits with SHA-256",
});

impl SealKind {
    pub const NAME: &'static str = msg!("vocab-seal-kind");
}

// Read back only as written (`SealKind::parse` also takes `legal-rep` and spaces, as typed).
stored_as_text!(SealKind, |s: &str| SealKind::ALL
    .into_iter()
    .find(|k| k.as_str() == s));
serialized_as_text!(SealKind);

command_line_values!(SealKind {
    SealKind::Official = "official": "公章: round, star",
    SealKind::Contract = "contract": "合同专用章",
    SealKind::Finance = "finance": "财务专用章",
    SealKind::Invoice = "invoice": "发票专用章: oval",
    SealKind::LegalRep = "legal-rep": "法人章: square, the legal representative's name",
    SealKind::Name = "name": "人名章: square, the person's name",
    SealKind::Signature = "signature": "手写签名: upload a photo of it; generated, it is only a font fallback",
});

command_line_values!(IdType {
    IdType::Resident = "resident": "居民身份证 (checked: GB 11643-1999)",
    IdType::Passport = "passport": "护照",
    IdType::Other = "other": "Other documents (港澳台通行证 …)",
});

command_line_values!(AuthMethod {
    AuthMethod::Face = "face": "Legal-representative face verification (法人人脸识别), done on the platform",
    AuthMethod::Letter = "letter": "Authorization letter (授权委托书) signed and stamped",
});

#[cfg(test)]
mod tests {
    use super::*;

    /// Every value reads back from the text it writes, and that text is the one the schema's
    /// CHECK lists allow (what registries already hold).
    fn round_trips<T: ToSql + FromSql + PartialEq + fmt::Debug>(values: &[T], texts: &[&str]) {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        for (v, t) in values.iter().zip(texts) {
            let stored: String = conn.query_row("SELECT ?1", [v], |r| r.get(0)).unwrap();
            assert_eq!(stored, *t);
            let back: T = conn.query_row("SELECT ?1", [t], |r| r.get(0)).unwrap();
            assert_eq!(&back, v);
        }
        assert_eq!(values.len(), texts.len());
    }

    #[test]
    fn certificate_statuses_are_stored_as_before() {
        round_trips(
            &CertStatus::ALL,
            &["active", "revoked", "frozen", "superseded"],
        );
    }

    #[test]
    fn certificate_kinds_are_stored_as_before() {
        round_trips(&CertKind::ALL, &["enterprise", "personal"]);
    }

    #[test]
    fn slot_states_are_stored_as_before() {
        round_trips(&SlotState::ALL, &["unassigned", "assigned", "used"]);
    }

    #[test]
    fn package_statuses_are_stored_as_before() {
        round_trips(&PackageStatus::ALL, &["unpaid", "paid"]);
    }

    #[test]
    fn seal_states_are_stored_as_before() {
        round_trips(
            &SealState::ALL,
            &["pending", "effective", "rejected", "void"],
        );
    }

    #[test]
    fn seal_sources_are_stored_as_before() {
        round_trips(&SealSource::ALL, &["generated", "uploaded", "cleaned"]);
    }

    #[test]
    fn grant_states_are_stored_as_before() {
        round_trips(
            &GrantState::ALL,
            &["requested", "approved", "rejected", "revoked"],
        );
    }

    #[test]
    fn roles_are_stored_as_before() {
        round_trips(&Role::ALL, &["admin", "member"]);
    }

    #[test]
    fn event_outcomes_are_stored_as_before() {
        round_trips(&EventOutcome::ALL, &["ok", "refused"]);
    }

    #[test]
    fn key_algorithms_are_stored_as_before() {
        round_trips(
            &[Algo::Sm2, Algo::Rsa2048, Algo::Rsa3072, Algo::Rsa4096],
            &["sm2", "rsa2048", "rsa3072", "rsa4096"],
        );
    }

    #[test]
    fn seal_kinds_are_stored_as_before() {
        round_trips(
            &SealKind::ALL,
            &[
                "official",
                "contract",
                "finance",
                "invoice",
                "legal_rep",
                "name",
                "signature",
            ],
        );
    }

    #[test]
    fn id_types_are_stored_as_before() {
        round_trips(&IdType::ALL, &["resident", "passport", "other"]);
    }

    #[test]
    fn authorization_methods_are_stored_as_before() {
        round_trips(&AuthMethod::ALL, &["face", "letter"]);
    }

    #[test]
    fn a_text_catool_never_writes_is_an_error_naming_it() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        let e = conn
            .query_row("SELECT 'expired'", [], |r| r.get::<_, CertStatus>(0))
            .unwrap_err();
        let rusqlite::Error::FromSqlConversionFailure(_, _, inner) = e else {
            panic!("{e}")
        };
        assert_eq!(
            inner.downcast_ref::<UnknownText>(),
            Some(&UnknownText {
                what: CertStatus::NAME,
                value: "expired".into()
            })
        );
    }
}
