//! Plain records shared by the registry (which loads them), the domain (which decides with
//! them) and the CLI (which prints them). No behaviour lives here.

use serde::Serialize;

pub mod stamp;
pub mod vocab;

pub use stamp::Stamp;
pub use vocab::*;

pub type Id = i64;

/// A short reference to a person, as shown inside other records.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PersonRef {
    pub id: Id,
    pub name: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Org {
    pub id: Id,
    pub name: String,
    pub uscc: String,
    pub legal_rep_name: String,
    pub legal_rep_id_number: String,
    pub authorized_at: Option<Stamp>,
    pub auth_method: Option<AuthMethod>,
    pub auth_evidence: Option<String>,
    pub admin: Option<PersonRef>,
    pub created_at: Stamp,
}

impl Org {
    pub fn is_authorized(&self) -> bool {
        self.authorized_at.is_some()
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Person {
    pub id: Id,
    pub name: String,
    pub id_type: IdType,
    pub id_number: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub created_at: Stamp,
}

#[derive(Debug, Clone, Serialize)]
pub struct Membership {
    pub org_id: Id,
    pub org_name: String,
    pub person_id: Id,
    pub person_name: String,
    pub role: Role,
    pub joined_at: Stamp,
}

#[derive(Debug, Clone, Serialize)]
pub struct Package {
    pub id: Id,
    pub org_id: Id,
    pub org_name: String,
    pub years: i64,
    pub price_cny: i64,
    pub enterprise_slots: i64,
    pub personal_slots: i64,
    pub status: PackageStatus,
    pub bought_at: Stamp,
    pub paid_at: Option<Stamp>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Slot {
    pub id: Id,
    pub package_id: Id,
    pub org_id: Id,
    pub kind: CertKind,
    pub state: SlotState,
    pub owner: Option<PersonRef>,
    pub holder: Option<PersonRef>,
    pub assigned_at: Option<Stamp>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Event {
    pub seq: Id,
    pub at: Stamp,
    pub actor: String,
    pub action: String,
    pub object: String,
    pub org_id: Option<Id>,
    pub person_id: Option<Id>,
    pub cert_id: Option<Id>,
    pub outcome: EventOutcome,
    pub details: serde_json::Value,
    pub prev_hash: String,
    pub hash: String,
    /// The machine (host name) and the OS account that ran the command, besides the actor
    /// (issue 18); `None` in events written before they were recorded (schema 15).
    pub host: Option<String>,
    pub os_user: Option<String>,
}

/// A time-stamping authority (RFC 3161) of a registry CA.
#[derive(Debug, Clone, Serialize)]
pub struct Tsa {
    pub id: Id,
    pub name: String,
    pub ca_id: Id,
    pub algo: Algo,
    #[serde(skip)]
    pub cert_der: Vec<u8>,
    #[serde(skip)]
    pub key_sealed: Vec<u8>,
    pub policy_oid: String,
    pub not_after: Stamp,
    /// The serial number of the next token.
    pub next_serial: i64,
    pub created_at: Stamp,
}

/// A seal-making authority (制章者, GB/T 38540) of a registry CA: it signs the SES_Seal
/// structures of the registry's seals.
#[derive(Debug, Clone, Serialize)]
pub struct SealMaker {
    pub id: Id,
    pub name: String,
    pub ca_id: Id,
    pub algo: Algo,
    #[serde(skip)]
    pub cert_der: Vec<u8>,
    #[serde(skip)]
    pub key_sealed: Vec<u8>,
    pub not_after: Stamp,
    pub created_at: Stamp,
}

/// One SES_Seal structure (.esl) of a registry seal; the newest of a seal is its current one.
#[derive(Debug, Clone, Serialize)]
pub struct SealStructure {
    pub id: Id,
    pub seal_id: Id,
    /// The registry's maker that signed it; `None`: imported, made elsewhere.
    pub maker_id: Option<Id>,
    pub es_id: String,
    pub version: i64,
    /// The registry certificates its certList holds.
    pub cert_ids: Vec<Id>,
    pub valid_start: Stamp,
    pub valid_end: Stamp,
    /// Why it was issued: effective, assign, void, reissue, import.
    pub reason: String,
    #[serde(skip)]
    pub der: Vec<u8>,
    pub created_at: Stamp,
}

#[derive(Debug, Clone, Serialize)]
pub struct Ca {
    pub id: Id,
    pub name: String,
    pub algo: Algo,
    #[serde(skip)]
    pub cert_der: Vec<u8>,
    #[serde(skip)]
    pub key_sealed: Vec<u8>,
    pub not_after: Stamp,
    pub next_crl_number: i64,
    pub created_at: Stamp,
    /// The CRL distribution point written into the certificates it issues from now on.
    pub crl_url: String,
    /// Where `catool crl` publishes its CRL (`None`: not published).
    pub crl_dir: Option<String>,
}

/// The CRL URL of a CA that was never given one: a placeholder no validator can reach
/// (`.invalid`, RFC 2606), the one certificates carried before URLs were configurable.
pub fn default_crl_url(ca_id: Id) -> String {
    format!("http://crl.catool.invalid/ca-{ca_id}.crl")
}

/// A certificate as stored: the status column plus what D12 labels derive from.
/// In JSON, `status` is [`Cert::shown_status`]: a locked certificate says `locked`.
#[derive(Debug, Clone)]
pub struct Cert {
    pub id: Id,
    pub slot_id: Option<Id>,
    pub ca_id: Option<Id>,
    pub org_id: Option<Id>,
    pub kind: CertKind,
    pub serial_hex: String,
    pub issuer_dn: String,
    pub subject_dn: String,
    pub algo: Algo,
    pub not_before: Stamp,
    pub not_after: Stamp,
    /// Not in JSON.
    pub cert_der: Vec<u8>,
    /// Not in JSON.
    pub key_sealed: Vec<u8>,
    pub status: CertStatus,
    pub revoked_at: Option<Stamp>,
    pub revoke_reason: Option<String>,
    pub wrong_pins: i64,
    pub locked: bool,
    pub owner: Option<PersonRef>,
    pub holder: Option<PersonRef>,
    pub bound: Option<PersonRef>,
    pub bound_at: Option<Stamp>,
    pub replaces_cert_id: Option<Id>,
    /// The certificate that replaced this one (reissue D8, extension D9), if any.
    pub replaced_by: Option<Id>,
    pub created_at: Stamp,
}

impl Cert {
    /// The lifecycle status a reader may rely on: the stored status, except that a locked
    /// certificate (five wrong PINs, D11) that is neither revoked nor superseded is `locked`
    /// (no longer usable until reissued), never `active` or `frozen`.
    pub fn shown_status(&self) -> &'static str {
        match self.status {
            CertStatus::Active | CertStatus::Frozen if self.locked => "locked",
            s => s.as_str(),
        }
    }
}

impl Serialize for Cert {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut m = s.serialize_struct("Cert", 22)?;
        m.serialize_field("id", &self.id)?;
        m.serialize_field("slot_id", &self.slot_id)?;
        m.serialize_field("ca_id", &self.ca_id)?;
        m.serialize_field("org_id", &self.org_id)?;
        m.serialize_field("kind", &self.kind)?;
        m.serialize_field("serial", &self.serial_hex)?;
        m.serialize_field("issuer_dn", &self.issuer_dn)?;
        m.serialize_field("subject_dn", &self.subject_dn)?;
        m.serialize_field("algo", &self.algo)?;
        m.serialize_field("not_before", &self.not_before)?;
        m.serialize_field("not_after", &self.not_after)?;
        m.serialize_field("status", self.shown_status())?;
        m.serialize_field("revoked_at", &self.revoked_at)?;
        m.serialize_field("revoke_reason", &self.revoke_reason)?;
        m.serialize_field("wrong_pins", &self.wrong_pins)?;
        m.serialize_field("locked", &self.locked)?;
        m.serialize_field("owner", &self.owner)?;
        m.serialize_field("holder", &self.holder)?;
        m.serialize_field("bound", &self.bound)?;
        m.serialize_field("bound_at", &self.bound_at)?;
        m.serialize_field("replaces_cert_id", &self.replaces_cert_id)?;
        m.serialize_field("replaced_by", &self.replaced_by)?;
        m.serialize_field("created_at", &self.created_at)?;
        m.end()
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Seal {
    pub id: Id,
    pub org_id: Option<Id>,
    pub person_id: Option<Id>,
    /// Owner shown to operators: the enterprise or the person's name.
    pub owner_name: String,
    /// D16.
    pub kind: SealKind,
    pub label: String,
    pub source: SealSource,
    pub state: SealState,
    #[serde(skip)]
    pub png: Vec<u8>,
    pub width_mm: f64,
    pub height_mm: f64,
    pub review_reason: Option<String>,
    pub created_at: Stamp,
}

#[derive(Debug, Clone, Serialize)]
pub struct SealGrant {
    pub id: Id,
    pub seal_id: Id,
    pub person: PersonRef,
    pub valid_from: Stamp,
    pub valid_until: Stamp,
    pub reason: String,
    pub state: GrantState,
    pub created_at: Stamp,
}

#[derive(Debug, Clone, Serialize)]
pub struct SealAssignment {
    pub seal_id: Id,
    pub cert_id: Id,
    pub assigned_at: Stamp,
}
