//! Documents for bids encrypted to a certificate and decrypted with its key and PIN (D20,
//! 扫码加密/解密): the registry's rules around `pki::envelope`.
//!
//! * Encrypting needs no PIN (it uses the public certificate) and no role, but only to a
//!   certificate that can still decrypt: not revoked, replaced, frozen, locked or expired.
//! * Decrypting unlocks the key with the PIN (wrong PINs count, D11), by the holder, the
//!   enterprise administrator or the operator, with a usable certificate. A document made for
//!   an earlier certificate of the same line (before a reissue or an extension) opens when the
//!   key was kept (`cert extend --keep-key`); when the key changed it cannot, and the error
//!   says why (D10) without spending a PIN attempt.
//! * Both are recorded in the history (`cert.encrypt`, `cert.decrypt`), refusals too (D21).

use chrono::{DateTime, Utc};
use der::{Decode, Encode};
use serde::Serialize;
use serde_json::json;
use x509_cert::Certificate;

use super::authority_error::{AuthorityError as E, CertFileProblem, KeyChange, RecipientRef};
use super::cert::require_usable;
use super::history::{self, Draft};
use super::{Act, Actor, clock, keystore, require_admin, require_operator};
use crate::error::{Error, Result};
use crate::model::vocab::CertStatus;
use crate::model::{Cert, Id};
use crate::pki::envelope::{self, Envelope, RecipientId};
use crate::pki::error::EnvelopeClass;
use crate::pki::keys::same_public_key;
use crate::pki::pin::Pin;
use crate::pki::vault::MasterKey;
use crate::registry::{Registry, Tx, certs};

/// The certificate a document is (or was) encrypted to, as results show it.
#[derive(Debug, Clone, Serialize)]
pub struct RecipientView {
    /// The registry certificate, when it is one.
    pub cert_id: Option<Id>,
    pub serial: String,
    pub subject: String,
    pub issuer: String,
}

impl RecipientView {
    fn of(cert: &Certificate, cert_id: Option<Id>) -> RecipientView {
        let tbs = cert.tbs_certificate();
        RecipientView {
            cert_id,
            serial: crate::pki::x509::serial_hex(cert),
            subject: tbs.subject().to_string(),
            issuer: tbs.issuer().to_string(),
        }
    }
}

/// Where `encrypt --to` points.
pub enum Recipient<'a> {
    /// A certificate in the registry.
    Registry(Id),
    /// A PEM or DER certificate file's bytes (`name` is for messages and history).
    File { bytes: &'a [u8], name: &'a str },
}

#[derive(Debug, Serialize)]
pub struct Encrypted {
    pub recipient: RecipientView,
    pub key_encryption: String,
    pub content_encryption: String,
    /// Plaintext size.
    pub input_bytes: usize,
    /// Things the operator should know (e.g. D10 before an extension).
    pub warnings: Vec<Warning>,
    /// The DER `ContentInfo`.
    #[serde(skip)]
    pub document: Vec<u8>,
}

#[derive(Debug, Serialize)]
pub struct Decrypted {
    pub recipient: RecipientView,
    /// When the document was made for an earlier certificate of this one (kept key).
    pub encrypted_to: Option<RecipientView>,
    pub key_encryption: String,
    pub content_encryption: String,
    #[serde(skip)]
    pub plaintext: Vec<u8>,
}

/// Whether `id` is a certificate in the registry (`encrypt --to` tries the registry first).
pub fn registry_has(reg: &mut Registry, id: Id) -> Result<bool> {
    reg.read(|tx| Ok(certs::get(tx, id)?.is_some()))
}

fn parse_registry_cert(c: &Cert) -> Result<Certificate> {
    Certificate::from_der(&c.cert_der).map_err(|e| {
        E::EnvelopeCertDamaged {
            cert: c.id,
            detail: e.to_string(),
        }
        .into()
    })
}

/// Something the operator should know about an encryption, in the chosen language (JSON
/// `warnings` holds the same text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Warning {
    /// D10: the certificate expires within three months; an extension without `--keep-key`
    /// would leave documents encrypted to it now undecryptable.
    ExpiresSoon { cert: Id, on: String },
    /// The certificate is not in this registry: its revocation is not known here.
    NotInRegistry,
}

impl Warning {
    pub fn message_in(&self, lang: crate::i18n::Lang) -> String {
        use crate::i18n::{Arg, text};
        match self {
            Warning::ExpiresSoon { cert, on } => text(
                lang,
                crate::msg!("envelope-warning-expires-soon"),
                &[("cert", Arg::Num(*cert)), ("on", Arg::Text(on.clone()))],
            ),
            Warning::NotInRegistry => {
                text(lang, crate::msg!("envelope-warning-not-in-registry"), &[])
            }
        }
    }
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message_in(crate::i18n::lang()))
    }
}

impl Serialize for Warning {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// Runs `f`; a refusal is recorded in the history (its own transaction) before it is returned.
fn recorded<T>(
    reg: &mut Registry,
    actor: &Actor,
    action: &str,
    cert_id: Option<Id>,
    r: Result<T>,
) -> Result<T> {
    if let Some(reason) = r.as_ref().err().and_then(Error::refusal) {
        let mut draft = Draft::new(
            action,
            cert_id.map(|i| format!("cert:{i}")).unwrap_or_default(),
        )
        .details(json!({ "reason": reason }));
        if let Some(id) = cert_id {
            draft = draft.cert(id);
        }
        reg.write(|tx| history::record_refusal(tx, actor, draft))?;
    }
    r
}

// ---- encrypt -------------------------------------------------------------------------------

/// The certificate that replaced `id` (reissue or extension), if any.
fn successor(tx: &Tx, id: Id) -> Result<Option<Cert>> {
    certs::successor(tx, id)
}

/// Refuses a registry certificate that must not receive documents: whoever encrypts to it
/// expects its holder to decrypt later, which a revoked, replaced, frozen, locked or expired
/// certificate cannot; nor one whose row is not what its keyed event recorded (a body swapped
/// in from another certificate would send the document to that one's key).
fn require_receivable(tx: &Tx, c: &Cert, now: DateTime<Utc>) -> Result<()> {
    super::anchor::require_cert(tx, c)?;
    if c.status == CertStatus::Superseded {
        let next = successor(tx, c.id)?;
        return Err(E::EncryptSuperseded {
            cert: c.id,
            successor: next.map(|n| n.id),
        }
        .into());
    }
    if c.status == CertStatus::Frozen && !c.locked {
        return Err(E::EncryptFrozen { cert: c.id }.into());
    }
    if c.locked {
        return Err(E::EncryptLocked { cert: c.id }.into());
    }
    require_usable(c, now, super::cert_error::Doing::Encrypt)
}

/// D10 warning for a certificate that is close to its extension.
fn expiry_warning(c: &Cert, now: DateTime<Utc>) -> Option<Warning> {
    let end = c.not_after.time();
    let window = chrono::Months::new(super::rules::EXTENSION_WINDOW_MONTHS);
    let window_opens = end.checked_sub_months(window)?;
    (window_opens <= now).then(|| Warning::ExpiresSoon {
        cert: c.id,
        on: c.not_after.to_string(),
    })
}

/// The first CERTIFICATE of a PEM file, or the DER bytes.
fn parse_cert_file(bytes: &[u8], name: &str) -> Result<Certificate> {
    let bad = |problem, detail: String| -> Error {
        E::RecipientFile {
            name: name.to_string(),
            problem,
            detail,
        }
        .into()
    };
    if let Ok(text) = std::str::from_utf8(bytes)
        && text.contains("-----BEGIN")
    {
        let begin = "-----BEGIN CERTIFICATE-----";
        let end = "-----END CERTIFICATE-----";
        let start = text
            .find(begin)
            .map(|i| i + begin.len())
            .ok_or_else(|| bad(CertFileProblem::NoPemBlock, String::new()))?;
        let stop = text[start..]
            .find(end)
            .map(|i| start + i)
            .ok_or_else(|| bad(CertFileProblem::NoEndLine, String::new()))?;
        // Re-wrapped so that CRLF line ends and stray blanks around the base64 do not matter.
        let body: String = text[start..stop]
            .split_whitespace()
            .collect::<Vec<_>>()
            .join("\n");
        let pem = format!("{begin}\n{body}\n{end}\n");
        let (_, der) = der::pem::decode_vec(pem.as_bytes())
            .map_err(|e| bad(CertFileProblem::PemCorrupt, e.to_string()))?;
        return Certificate::from_der(&der)
            .map_err(|e| bad(CertFileProblem::PemCorrupt, e.to_string()));
    }
    Certificate::from_der(bytes).map_err(|e| bad(CertFileProblem::NotCertificate, e.to_string()))
}

/// Encrypts `plaintext` to a registry certificate or a certificate file (D20).
pub fn encrypt(
    reg: &mut Registry,
    actor: &Actor,
    to: Recipient,
    plaintext: &[u8],
    files: (&str, &str),
) -> Result<Encrypted> {
    let now = clock::now()?;
    // A file holding a registry certificate is that certificate, with its rules.
    let (cert, registry): (Certificate, Option<Cert>) = match to {
        Recipient::Registry(id) => {
            let c = reg.read(|tx| certs::require(tx, id))?;
            (parse_registry_cert(&c)?, Some(c))
        }
        Recipient::File { bytes, name } => {
            let parsed = parse_cert_file(bytes, name)?;
            let tbs = parsed.tbs_certificate();
            let issuer = tbs.issuer().to_string();
            let serial = crate::pki::x509::serial_hex(&parsed);
            // The same bytes are that certificate; the same issuer and serial alone may be a
            // forgery (or, among imported certificates, its namesake).
            let der = parsed.to_der().unwrap_or_default();
            let known = reg.read(|tx| {
                certs::find_by_der(tx, &der)?
                    .or(certs::find_by_serial(tx, &issuer, &serial)?)
                    .map(|id| certs::require(tx, id))
                    .transpose()
            })?;
            match known {
                Some(c) if c.cert_der == der => (parsed, Some(c)),
                Some(c) => {
                    return Err(E::RecipientForged {
                        name: name.to_string(),
                        cert: c.id,
                    }
                    .into());
                }
                None => (parsed, None),
            }
        }
    };
    let mut warnings = Vec::new();
    match &registry {
        Some(c) => {
            let checked = reg.read(|tx| require_receivable(tx, c, now));
            recorded(reg, actor, "cert.encrypt", Some(c.id), checked)?;
            warnings.extend(expiry_warning(c, now));
        }
        None => {
            let v = cert.tbs_certificate().validity();
            let nb = DateTime::<Utc>::from(v.not_before.to_system_time());
            let na = DateTime::<Utc>::from(v.not_after.to_system_time());
            if na <= now {
                return Err(E::EncryptExpired {
                    on: clock::stamp(na),
                }
                .into());
            }
            if nb > now {
                return Err(E::EncryptNotYetValid {
                    from: clock::stamp(nb),
                }
                .into());
            }
            warnings.push(Warning::NotInRegistry);
        }
    }
    let sealed = envelope::seal(&cert, plaintext)?;
    let recipient = RecipientView::of(&cert, registry.as_ref().map(|c| c.id));
    let cert_id = recipient.cert_id;
    reg.write(|tx| {
        let mut draft = Draft::new(
            "cert.encrypt",
            match cert_id {
                Some(id) => format!("cert:{id}"),
                None => format!("serial:{}", recipient.serial),
            },
        )
        .details(json!({
            "bytes": plaintext.len(),
            "recipient_serial": recipient.serial,
            "recipient_subject": recipient.subject,
            "key_encryption": sealed.key_encryption,
            "content_encryption": sealed.content_encryption,
            "input": files.0,
            "output": files.1,
        }));
        if let Some(id) = cert_id {
            draft = draft.cert(id);
        }
        if let Some(org) = registry.as_ref().and_then(|c| c.org_id) {
            draft = draft.org(org);
        }
        history::record(tx, actor, draft)
    })?;
    Ok(Encrypted {
        recipient,
        key_encryption: sealed.key_encryption,
        content_encryption: sealed.content_encryption.to_string(),
        input_bytes: plaintext.len(),
        warnings,
        document: sealed.der,
    })
}

// ---- decrypt -------------------------------------------------------------------------------

/// Who may decrypt with a certificate: its holder, the enterprise administrator, or the
/// operator (the PIN is asked all the same).
fn require_decrypter(tx: &Tx, actor: &Actor, cert: &Cert) -> Result<()> {
    const DOING: Act = Act::Decrypt;
    if let Actor::Person(p, _) = actor
        && cert.holder.as_ref().map(|h| h.id) == Some(p.id)
    {
        return Ok(());
    }
    match super::enterprise::cert_org(tx, cert)? {
        Some(org) => require_admin(tx, actor, org, DOING),
        None => require_operator(actor, DOING),
    }
}

/// `cert` and the certificates it replaced, newest first (reissues and extensions).
fn lineage(tx: &Tx, cert: &Cert) -> Result<Vec<Cert>> {
    let mut line = vec![cert.clone()];
    let mut next = cert.replaces_cert_id;
    while let Some(id) = next {
        if line.len() > 1000 || line.iter().any(|c| c.id == id) {
            break;
        }
        let Some(c) = certs::get(tx, id)? else { break };
        next = c.replaces_cert_id;
        line.push(c);
    }
    Ok(line)
}

/// How a recipient of the document reads, with its registry certificate when known.
fn recipient_ref(tx: &Tx, r: &RecipientId) -> Result<RecipientRef> {
    Ok(match r {
        RecipientId::IssuerSerial { issuer, serial } => {
            let issuer = issuer.to_string();
            let serial = crate::hex::encode(serial.as_bytes()).to_uppercase();
            let cert = certs::find_by_serial(tx, &issuer, &serial)?;
            RecipientRef::IssuerSerial {
                issuer,
                serial,
                cert,
            }
        }
        RecipientId::KeyId(k) => RecipientRef::KeyId {
            hex: crate::hex::encode(k).to_uppercase(),
        },
        RecipientId::Other(kind) => RecipientRef::Other {
            kind: kind.to_string(),
        },
    })
}

/// Which certificate of `line` the document names, as (index in `line`, recipient index).
fn match_recipient(env: &Envelope, line: &[(Cert, Certificate)]) -> Option<(usize, usize)> {
    line.iter()
        .enumerate()
        .find_map(|(i, (_, parsed))| env.find(parsed).map(|r| (i, r)))
}

/// Decrypts `document` with the key of certificate `cert_id`, unlocked by `pin` (D20).
pub fn decrypt(
    reg: &mut Registry,
    actor: &Actor,
    master: &MasterKey,
    cert_id: Id,
    pin: &Pin,
    document: &[u8],
    files: (&str, &str),
) -> Result<Decrypted> {
    const ACTION: &str = "cert.decrypt";
    let now = clock::now()?;
    let (cert, line) = reg.read(|tx| {
        let cert = certs::require(tx, cert_id)?;
        let line = lineage(tx, &cert)?;
        Ok((cert, line))
    })?;
    let allowed = reg.read(|tx| require_decrypter(tx, actor, &cert));
    recorded(reg, actor, ACTION, Some(cert_id), allowed)?;
    recorded(
        reg,
        actor,
        ACTION,
        Some(cert_id),
        require_usable(&cert, now, super::cert_error::Doing::Decrypt),
    )?;
    let env = envelope::parse(document).map_err(|source| E::DecryptUnreadable {
        file: files.0.to_string(),
        source,
    })?;
    let line: Vec<(Cert, Certificate)> = line
        .into_iter()
        .map(|c| parse_registry_cert(&c).map(|p| (c, p)))
        .collect::<Result<_>>()?;
    let Some((which, index)) = match_recipient(&env, &line) else {
        let recipients = env.recipients();
        let first = match recipients.first() {
            Some(r) => reg.read(|tx| recipient_ref(tx, r))?,
            None => RecipientRef::Other {
                kind: "-".to_string(),
            },
        };
        let refused = Err(E::DecryptNotForCert {
            cert: cert_id,
            first,
            others: crate::pki::error::num(recipients.len().saturating_sub(1)),
        }
        .into());
        return recorded(reg, actor, ACTION, Some(cert_id), refused);
    };
    let (made_for, made_for_parsed) = &line[which];
    let current_spki = line[0].1.tbs_certificate().subject_public_key_info();
    let made_for_spki = made_for_parsed.tbs_certificate().subject_public_key_info();
    if which > 0 && !same_public_key(current_spki, made_for_spki) {
        // The key changed between the certificate the document names and this one: no PIN
        // can help, so none is spent.
        let replaced = &line[1..=which];
        let reissued = replaced
            .iter()
            .filter(|(c, _)| c.revoked_at.is_some())
            .count();
        let how = match (reissued, replaced.len() - reissued) {
            (0, _) => KeyChange::Extension,
            (_, 0) => KeyChange::Reissue,
            _ => KeyChange::Both,
        };
        let refused = Err(E::DecryptKeyChanged {
            cert: cert_id,
            made_for: made_for.id,
            serial: made_for.serial_hex.clone(),
            how,
        }
        .into());
        return recorded(reg, actor, ACTION, Some(cert_id), refused);
    }
    let key = keystore::unlock_checked(reg, actor, master, &cert, pin, "decrypt", |c| {
        require_usable(c, now, super::cert_error::Doing::Decrypt)
    })?;
    let plaintext = env.open(index, &key).map_err(|source| -> Error {
        match source.envelope_class() {
            EnvelopeClass::KeyDoesNotOpen => E::DecryptKeyDoesNotOpen {
                cert: cert_id,
                source,
            }
            .into(),
            EnvelopeClass::ContentDamaged => E::DecryptContentDamaged { source }.into(),
            EnvelopeClass::Internal => source.into(),
            EnvelopeClass::Unreadable | EnvelopeClass::BadRecipient => {
                E::DecryptFailed { source }.into()
            }
        }
    })?;
    let recipient = RecipientView::of(&line[0].1, Some(cert_id));
    let encrypted_to = (which > 0).then(|| RecipientView::of(made_for_parsed, Some(made_for.id)));
    let key_encryption = env.key_encryption(index);
    let content_encryption = env.content_encryption();
    reg.write(|tx| {
        let mut draft = Draft::new(ACTION, format!("cert:{cert_id}"))
            .cert(cert_id)
            .details(json!({
                "bytes": plaintext.len(),
                "recipient_serial": made_for.serial_hex,
                "encrypted_to_cert": made_for.id,
                "key_encryption": key_encryption,
                "content_encryption": content_encryption,
                "input": files.0,
                "output": files.1,
            }));
        if let Some(org) = cert.org_id {
            draft = draft.org(org);
        }
        history::record(tx, actor, draft)
    })?;
    Ok(Decrypted {
        recipient,
        encrypted_to,
        key_encryption,
        content_encryption,
        plaintext,
    })
}
