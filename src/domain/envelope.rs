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

use super::cert::require_usable;
use super::history::{self, Draft};
use super::{Act, Actor, clock, keystore, require_admin, require_operator};
use crate::error::{Error, Result};
use crate::model::vocab::CertStatus;
use crate::model::{Cert, Id};
use crate::pki::envelope::{self, Envelope, EnvelopeError, RecipientId};
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
    pub warnings: Vec<String>,
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
    Certificate::from_der(&c.cert_der)
        .map_err(|e| Error::Registry(format!("certificate {} is damaged: {e}", c.id)))
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
    Ok(certs::list(tx, None)?
        .into_iter()
        .find(|c| c.replaces_cert_id == Some(id)))
}

/// Refuses a registry certificate that must not receive documents: whoever encrypts to it
/// expects its holder to decrypt later, which a revoked, replaced, frozen, locked or expired
/// certificate cannot.
fn require_receivable(tx: &Tx, c: &Cert, now: DateTime<Utc>) -> Result<()> {
    const DOING: &str = "encrypt to this certificate (无法加密)";
    if c.status == CertStatus::Superseded {
        let next = successor(tx, c.id)?;
        return Err(Error::Refused(match next {
            Some(n) => format!(
                "cannot {DOING}: certificate {} was replaced (已替换) by certificate {}; encrypt to certificate {} instead",
                c.id, n.id, n.id
            ),
            None => format!(
                "cannot {DOING}: certificate {} was replaced (已替换); encrypt to its successor (catool cert list)",
                c.id
            ),
        }));
    }
    if c.status == CertStatus::Frozen && !c.locked {
        return Err(Error::Refused(format!(
            "cannot {DOING}: certificate {} is frozen (已冻结): it is on hold on the CRL, so no one may rely on it, and its holder cannot decrypt until it is unfrozen (解冻)",
            c.id
        )));
    }
    if c.locked {
        return Err(Error::Refused(format!(
            "cannot {DOING}: certificate {} is locked (已锁定) after {} wrong PINs; only a reissue unlocks it, and a reissue replaces the key, so nothing encrypted to it now could be decrypted (D8, D11)",
            c.id,
            keystore::PIN_ATTEMPTS
        )));
    }
    require_usable(c, now, super::cert_error::Doing::Encrypt)
}

/// D10 warning for a certificate that is close to its extension.
fn expiry_warning(c: &Cert, now: DateTime<Utc>) -> Option<String> {
    let end = c.not_after.time();
    let three_months = end.checked_sub_months(chrono::Months::new(3))?;
    (three_months <= now).then(|| {
        format!(
            "certificate {} expires on {} (即将过期): extend it with `catool cert extend --keep-key`, or documents encrypted to it now cannot be decrypted after the extension (延期后将无法对已经制作的加密标书进行解密, D10)",
            c.id, c.not_after
        )
    })
}

/// The first CERTIFICATE of a PEM file, or the DER bytes.
fn parse_cert_file(bytes: &[u8], name: &str) -> Result<Certificate> {
    let bad = |what: String| Error::BadInput(format!("--to {name}: {what}"));
    if let Ok(text) = std::str::from_utf8(bytes)
        && text.contains("-----BEGIN")
    {
        let begin = "-----BEGIN CERTIFICATE-----";
        let end = "-----END CERTIFICATE-----";
        let start = text
            .find(begin)
            .map(|i| i + begin.len())
            .ok_or_else(|| bad("no CERTIFICATE block in the PEM file".into()))?;
        let stop = text[start..]
            .find(end)
            .map(|i| start + i)
            .ok_or_else(|| bad("the PEM CERTIFICATE block has no END line (truncated?)".into()))?;
        // Re-wrapped so that CRLF line ends and stray blanks around the base64 do not matter.
        let body: String = text[start..stop]
            .split_whitespace()
            .collect::<Vec<_>>()
            .join("\n");
        let pem = format!("{begin}\n{body}\n{end}\n");
        let (_, der) = der::pem::decode_vec(pem.as_bytes())
            .map_err(|e| bad(format!("the PEM certificate is corrupt: {e}")))?;
        return Certificate::from_der(&der)
            .map_err(|e| bad(format!("the PEM certificate is corrupt: {e}")));
    }
    Certificate::from_der(bytes).map_err(|e| {
        bad(format!(
            "not a DER or PEM certificate (truncated or corrupt?): {e}"
        ))
    })
}

fn envelope_error(e: EnvelopeError) -> Error {
    match e {
        EnvelopeError::Internal(m) => Error::Internal(m),
        other => Error::BadInput(other.to_string()),
    }
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
                    return Err(Error::BadInput(format!(
                        "--to {name}: the file has the issuer and serial of certificate {} but not its content; it is not a certificate of this registry's CA (forged or damaged?)",
                        c.id
                    )));
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
                return Err(Error::Refused(format!(
                    "cannot encrypt to this certificate (无法加密): it expired (已失效) on {}",
                    clock::stamp(na)
                )));
            }
            if nb > now {
                return Err(Error::Refused(format!(
                    "cannot encrypt to this certificate (无法加密): it is not valid before {}",
                    clock::stamp(nb)
                )));
            }
            warnings.push(
                "the certificate is not in this registry: catool cannot tell whether it was revoked; check its CRL".into(),
            );
        }
    }
    let sealed = envelope::seal(&cert, plaintext).map_err(envelope_error)?;
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
    match cert.org_id {
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

/// How the document's recipients read, each with its registry certificate when known.
fn describe_recipients(tx: &Tx, ids: &[RecipientId]) -> Result<String> {
    let mut parts = Vec::new();
    for r in ids {
        let mut s = r.describe();
        if let (RecipientId::IssuerSerial { issuer, .. }, Some(serial)) = (r, r.serial_hex())
            && let Some(id) = certs::find_by_serial(tx, &issuer.to_string(), &serial)?
        {
            s.push_str(&format!(" = certificate {id}"));
        }
        parts.push(s);
    }
    Ok(parts.join("; "))
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
    let env = envelope::parse(document).map_err(|e| {
        Error::BadInput(format!(
            "cannot decrypt (无法解密): {} is not a readable encrypted document: {e}",
            files.0
        ))
    })?;
    let line: Vec<(Cert, Certificate)> = line
        .into_iter()
        .map(|c| parse_registry_cert(&c).map(|p| (c, p)))
        .collect::<Result<_>>()?;
    let Some((which, index)) = match_recipient(&env, &line) else {
        let list = reg.read(|tx| describe_recipients(tx, &env.recipients()))?;
        let refused = Err(Error::Refused(format!(
            "cannot decrypt (无法解密): this document was not encrypted to certificate {cert_id} (it is for {list})"
        )));
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
            (0, _) => "at an extension (延期) without --keep-key",
            (_, 0) => "at a reissue (补发, which always makes a new key pair: D8)",
            _ => "through reissues (补发) and extensions (延期)",
        };
        let refused = Err(Error::Refused(format!(
            "cannot decrypt (无法解密): this document was encrypted to certificate {} (serial {}), which certificate {cert_id} replaced with a new key pair {how}; the key of certificate {cert_id} does not open this document; documents encrypted before an extension without --keep-key cannot be decrypted with the new key (D10)",
            made_for.id, made_for.serial_hex
        )));
        return recorded(reg, actor, ACTION, Some(cert_id), refused);
    }
    let key = keystore::unlock_checked(reg, actor, master, &cert, pin, "decrypt", |c| {
        require_usable(c, now, super::cert_error::Doing::Decrypt)
    })?;
    let plaintext = env.open(index, &key).map_err(|e| match e {
        EnvelopeError::KeyDoesNotOpen(m) => Error::BadInput(format!(
            "cannot decrypt (无法解密): the key of certificate {cert_id} does not open this document ({m}); its encrypted key is damaged, or it was made for another key of this certificate; documents encrypted before an extension without --keep-key cannot be decrypted with the new key (D10)"
        )),
        EnvelopeError::ContentDamaged(m) => Error::BadInput(format!(
            "cannot decrypt (无法解密): {m}"
        )),
        EnvelopeError::Internal(m) => Error::Internal(m),
        other => Error::BadInput(format!("cannot decrypt (无法解密): {other}")),
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
