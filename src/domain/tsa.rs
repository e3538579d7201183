//! Time-stamping authorities (RFC 3161) of registry CAs: creating one (a key and a
//! certificate for time stamping only, issued by the CA), issuing tokens with serial numbers
//! unique per TSA ([`RegistryTsa`], also the in-process [`Timestamper`] of `pdf sign`),
//! answering requests over HTTP (`tsa serve`) and checking tokens from any TSA against the
//! registry's CAs.
//!
//! Every token is a history event (`tsa.stamp`: serial, imprint, genTime): the history is the
//! TSA's log of what it stamped (RFC 3628 asks a TSA to keep one), and `log verify` checks the
//! serial counter against it. A token costs one small write transaction.

use std::net::TcpListener;
use std::time::SystemTime;

use chrono::{DateTime, Utc};
use der::asn1::Int;
use der::{Decode, Encode, EncodePem};
use serde::Serialize;
use serde_json::json;
use x509_cert::Certificate;

use super::authority_error::AuthorityError as E;
use super::ca::{fingerprint, issued_until, parse_cert, system_time};
use super::history::{self, Draft};
use super::{Actor, clock, keystore, mutate, require_operator};
use crate::error::Result;
use crate::i18n::Lang;
use crate::model::Stamp;
use crate::model::Tsa;
use crate::msg;
use crate::pki::dn::{C, CN, DnBuilder, O};
use crate::pki::keys::{Algo, PrivateKey, SM2_DEFAULT_DISTID};
use crate::pki::signed_data::DigestAlg;
use crate::pki::timestamper::Timestamper;
use crate::pki::tsp::{self, MessageImprint, Refusal, TokenInfo, TsaKey};
use crate::pki::tsp_http::{self, Outcome, ServeOptions, Served};
use crate::pki::vault::MasterKey;
use crate::pki::x509::{LeafRequest, issue_tsa, serial_hex};
use crate::registry::{Registry, cas, tsas};

/// A TSA certificate is valid for at most this long (and never beyond its CA).
const TSA_YEARS: u32 = 5;

/// What `tsa show` reports beyond the registry row.
#[derive(Debug, Serialize)]
pub struct TsaDetails {
    #[serde(flatten)]
    pub tsa: Tsa,
    pub ca: String,
    pub subject: String,
    pub serial: String,
    pub not_before: String,
    pub sha256_fingerprint: String,
    pub tokens_issued: i64,
}

/// Creates a TSA of CA `ca_ref`: a key (`algo`, default the CA's algorithm), a certificate
/// the CA issues (extendedKeyUsage timeStamping critical, keyUsage digitalSignature and
/// nonRepudiation critical, the CA's CRL distribution point, valid at most five years and
/// never beyond the CA), the key sealed under the master key.
pub fn init(
    reg: &mut Registry,
    actor: &Actor,
    master: &MasterKey,
    ca_ref: Option<&str>,
    name: Option<&str>,
    algo: Option<Algo>,
    policy: Option<&str>,
) -> Result<Tsa> {
    require_operator(actor, super::Act::CreateTsa)?;
    let ca = reg.read(|tx| cas::resolve(tx, ca_ref))?;
    let name = match name {
        Some(n) => super::ident::validate_name("--name", n, 64)?,
        None => format!("{} TSA", ca.name),
    };
    let policy = match policy {
        Some(p) => der::asn1::ObjectIdentifier::new(p.trim()).map_err(|_| E::TsaPolicyInvalid {
            policy: p.to_string(),
        })?,
        None => tsp::DEFAULT_POLICY,
    };
    let algo = match algo {
        Some(a) => a,
        None => ca.algo,
    };
    let now = clock::now()?;
    let ca_cert = parse_cert(&ca.cert_der)?;
    let not_after = issued_until(&ca_cert, now, TSA_YEARS).map_err(|end| E::TsaCaExpired {
        ca: ca.name.clone(),
        on: clock::stamp(end),
    })?;
    let subject = DnBuilder::new()
        .printable(C, "CN")?
        .utf8(O, &ca.name)?
        .utf8(CN, &name)?
        .build()?;
    let ca_key = keystore::open_ca_key(master, &ca.name, &ca.key_sealed)?;
    let key = algo.generate()?;
    let cert = issue_tsa(
        &ca_cert,
        &ca_key,
        &LeafRequest {
            subject,
            public_key: key.public_key_spki()?,
            not_before: system_time(now),
            not_after: system_time(not_after),
            crl_uri: ca.crl_url.clone(),
            identity: None,
        },
        SM2_DEFAULT_DISTID,
    )?;
    let cert_der = cert.to_der().map_err(crate::pki::error::PkiError::from)?;
    let sealed = keystore::seal_tsa_key(master, &name, &key)?;
    let policy_text = policy.to_string();
    mutate(reg, actor, "tsa.init", |tx| {
        let id = tsas::insert(
            tx,
            &tsas::NewTsa {
                name: &name,
                ca_id: ca.id,
                algo,
                cert_der: &cert_der,
                key_sealed: &sealed,
                policy_oid: &policy_text,
                not_after: Stamp::new(not_after),
                at: Stamp::new(now),
            },
        )?;
        history::record(
            tx,
            actor,
            Draft::new("tsa.init", format!("tsa:{id}")).details(json!({
                "name": name, "ca_id": ca.id, "algo": algo.as_str(),
                "policy": policy_text, "certificate_serial": serial_hex(&cert),
                "cert_der_hex": crate::hex::encode(&cert_der),
            })),
        )?;
        tsas::get(tx, id)?.ok_or_else(|| E::invariant("new TSA vanished").into())
    })
}

pub fn list(reg: &mut Registry) -> Result<Vec<Tsa>> {
    reg.read(|tx| tsas::list(tx))
}

pub fn show(reg: &mut Registry, reference: &str) -> Result<TsaDetails> {
    reg.read(|tx| {
        let tsa = tsas::resolve(tx, Some(reference))?;
        let ca = cas::get(tx, tsa.ca_id)?
            .map(|c| c.name)
            .unwrap_or_else(|| format!("CA {}", tsa.ca_id));
        let cert = parse_cert(&tsa.cert_der)?;
        let tbs = cert.tbs_certificate();
        Ok(TsaDetails {
            ca,
            subject: tbs.subject().to_string(),
            serial: serial_hex(&cert),
            not_before: clock::stamp(DateTime::<Utc>::from(
                tbs.validity().not_before.to_system_time(),
            )),
            sha256_fingerprint: fingerprint(&tsa.cert_der),
            tokens_issued: tsa.next_serial - 1,
            tsa,
        })
    })
}

/// The TSA certificate, PEM: only one its keyed `tsa.init` carries, of a trust anchor.
pub fn export(reg: &mut Registry, reference: &str) -> Result<Vec<u8>> {
    let tsa = reg.read(|tx| {
        let tsa = tsas::resolve(tx, Some(reference))?;
        require_anchored(tx, &tsa)?;
        Ok(tsa)
    })?;
    let text = parse_cert(&tsa.cert_der)?
        .to_pem(der::pem::LineEnding::LF)
        .map_err(crate::pki::error::PkiError::from)?;
    Ok(text.into_bytes())
}

/// One issued token.
#[derive(Debug, Clone, Serialize)]
pub struct Stamped {
    pub tsa: String,
    pub serial: i64,
    pub gen_time: String,
    pub imprint_alg: &'static str,
    pub imprint: String,
    #[serde(skip)]
    pub token: Vec<u8>,
}

/// A registry TSA unlocked for issuing tokens: the key is unsealed once, each token then
/// costs a signature and one write transaction (its serial and its history event).
///
/// It owns its registry connection, so a caller that keeps its own (`pdf sign`) gives it
/// [`Registry::another_connection`]. Build it after the actor is proven (a person's `--as`
/// proof is copied with the actor): tokens are recorded in the actor's name.
pub struct RegistryTsa {
    reg: Registry,
    actor: Actor,
    tsa: Tsa,
    key: PrivateKey,
    cert: Certificate,
    chain: Vec<Certificate>,
    policy: der::asn1::ObjectIdentifier,
    /// Recorded with each token: "cli", "http", "pdf" …
    via: String,
}

impl RegistryTsa {
    /// Unlocks TSA `reference` (by id or name; none: the only one). `via` says in the
    /// history where the tokens went ("pdf", "http", "cli").
    pub fn open(
        mut reg: Registry,
        actor: Actor,
        master: &MasterKey,
        reference: Option<&str>,
        via: &str,
    ) -> Result<RegistryTsa> {
        let (tsa, ca) = reg.read(|tx| {
            let tsa = tsas::resolve(tx, reference)?;
            let ca = require_anchored(tx, &tsa)?;
            Ok((tsa, ca))
        })?;
        let key = keystore::open_tsa_key(master, &tsa.name, &tsa.key_sealed)?;
        let cert = parse_cert(&tsa.cert_der)?;
        let chain = vec![parse_cert(&ca.cert_der)?];
        let policy =
            der::asn1::ObjectIdentifier::new(&tsa.policy_oid).map_err(|_| E::TsaPolicyDamaged {
                tsa: tsa.name.clone(),
            })?;
        Ok(RegistryTsa {
            reg,
            actor,
            tsa,
            key,
            cert,
            chain,
            policy,
            via: via.to_string(),
        })
    }

    pub fn tsa(&self) -> &Tsa {
        &self.tsa
    }

    pub fn certificate(&self) -> &Certificate {
        &self.cert
    }

    /// The TSA's CA certificate(s), issuer first.
    pub fn chain(&self) -> &[Certificate] {
        &self.chain
    }

    /// Issues a token for `imprint`: the next serial, genTime now; refused once the TSA
    /// certificate has expired (or before it is valid).
    pub fn issue(&mut self, imprint: &MessageImprint, nonce: Option<&Int>) -> Result<Stamped> {
        let now = clock::now()?;
        let validity = self.cert.tbs_certificate().validity();
        let (from, until): (DateTime<Utc>, DateTime<Utc>) = (
            validity.not_before.to_system_time().into(),
            validity.not_after.to_system_time().into(),
        );
        if now < from || now >= until {
            return Err(E::TsaCertExpired {
                tsa: self.tsa.name.clone(),
                from: clock::stamp(from),
                until: clock::stamp(until),
            }
            .into());
        }
        let alg = DigestAlg::from_oid(&imprint.hash_algorithm.oid).map_or("?", |a| a.name());
        let imprint_hex = crate::hex::encode(imprint.hashed_message.as_bytes());
        let tsa_key = TsaKey {
            key: &self.key,
            cert: &self.cert,
            chain: &self.chain,
            policy: self.policy,
        };
        let (id, name, via) = (self.tsa.id, self.tsa.name.clone(), self.via.clone());
        mutate(&mut self.reg, &self.actor, "tsa.stamp", |tx| {
            let serial = tsas::take_serial(tx, id)?;
            let serial_bytes = u64::try_from(serial)
                .map_err(|_| E::TsaSerialCounter { tsa: name.clone() })?
                .to_be_bytes();
            let token = tsp::issue_token(
                &tsa_key,
                &serial_bytes,
                SystemTime::from(now),
                imprint,
                nonce,
            )
            .map_err(|source| E::TsaIssueFailed { source })?;
            let gen_time = clock::stamp(now);
            history::record(
                tx,
                &self.actor,
                Draft::new("tsa.stamp", format!("tsa:{id}")).details(json!({
                    "serial": serial, "imprint_alg": alg, "imprint": imprint_hex,
                    "gen_time": gen_time, "via": via,
                })),
            )?;
            Ok(Stamped {
                tsa: name.clone(),
                serial,
                gen_time,
                imprint_alg: alg,
                imprint: imprint_hex.clone(),
                token,
            })
        })
    }

    /// Answers a DER TimeStampReq: the TimeStampResp and what happened, for the server's log.
    pub fn respond(&mut self, request_der: &[u8]) -> (Vec<u8>, Outcome) {
        let mut issued = None;
        let (resp, outcome) = tsp::respond(request_der, self.policy, |req| {
            let s = self.issue(&req.imprint, req.nonce.as_ref())?;
            let token = s.token.clone();
            issued = Some(s);
            Ok::<_, crate::error::Error>(token)
        });
        let outcome = match (outcome, issued) {
            (Ok(_), Some(s)) => Outcome::Granted {
                serial: s.serial,
                alg: s.imprint_alg.to_string(),
                imprint: s.imprint,
            },
            (Ok(_), None) => Outcome::GrantedUnrecorded,
            (Err(Refusal::Request(reason)), _) => Outcome::Rejected {
                why: reason.to_string(),
            },
            (Err(Refusal::Issue(e)), _) => Outcome::Rejected { why: e.to_string() },
            (Err(Refusal::Encode(e)), _) => Outcome::Rejected { why: e.to_string() },
        };
        (resp, outcome)
    }
}

impl Timestamper for RegistryTsa {
    fn timestamp(&mut self, alg: DigestAlg, digest: &[u8]) -> Result<Vec<u8>> {
        if digest.len() != alg.digest(&[]).len() {
            return Err(E::TsaDigestLength {
                alg: alg.name().to_string(),
                want: crate::pki::error::num(alg.digest(&[]).len()),
                got: crate::pki::error::num(digest.len()),
            }
            .into());
        }
        let imprint = MessageImprint {
            hash_algorithm: spki::AlgorithmIdentifierOwned {
                oid: alg.oid(),
                parameters: None,
            },
            hashed_message: der::asn1::OctetString::new(digest)
                .map_err(crate::pki::error::PkiError::from)?,
        };
        Ok(self.issue(&imprint, None)?.token)
    }

    fn describe(&self, lang: Lang) -> String {
        crate::i18n::text(
            lang,
            msg!("tsa-registry-label"),
            &[("name", self.tsa.name.as_str().into())],
        )
    }
}

/// Answers RFC 3161 requests over HTTP on `listener` until stopped (or `max_requests`).
pub fn serve(
    tsa: &mut RegistryTsa,
    listener: &TcpListener,
    max_requests: Option<u64>,
    log: &mut dyn FnMut(&Served),
) -> Result<()> {
    let opts = ServeOptions {
        max_requests,
        timeout: tsp_http::DEFAULT_TIMEOUT,
    };
    tsp_http::serve(listener, &opts, &mut |body| tsa.respond(body), log)
}

/// The TSA's CA, when the TSA and its CA are what their keyed `tsa.init` and `ca.init`
/// events recorded (a certificate swapped in outside catool stamps and exports nothing).
fn require_anchored(tx: &crate::registry::Tx, tsa: &Tsa) -> Result<crate::model::Ca> {
    let ca = cas::get(tx, tsa.ca_id)?.ok_or_else(|| E::TsaCaMissing {
        tsa: tsa.name.clone(),
    })?;
    match super::anchor::tsa_problem(tx, tsa, &ca)? {
        Some(p) => Err(p.into()),
        None => Ok(ca),
    }
}

/// A checked token, as `tsa check` reports it.
#[derive(Debug, Serialize)]
pub struct CheckReport {
    pub gen_time: String,
    pub serial: String,
    pub policy: String,
    pub imprint_alg: &'static str,
    pub signature_algorithm: String,
    pub tsa_subject: String,
    pub tsa_issuer: String,
    /// The registry CA or the `--trust` certificate the TSA certificate chains to.
    pub trusted_by: Option<TrustAnchor>,
}

/// What a TSA certificate chains to: a registry CA (by name) or a `--trust` certificate (by
/// subject). JSON gives its English label ("registry CA 测试SM2根CA").
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TrustAnchor {
    RegistryCa(String),
    Given(String),
}

impl TrustAnchor {
    /// How the anchor reads in `lang`.
    pub fn label(&self, lang: Lang) -> String {
        match self {
            TrustAnchor::RegistryCa(name) => crate::i18n::text(
                lang,
                msg!("tsa-anchor-registry-ca"),
                &[("name", name.as_str().into())],
            ),
            TrustAnchor::Given(subject) => subject.clone(),
        }
    }
}

impl Serialize for TrustAnchor {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(&self.label(Lang::En))
    }
}

/// Checks a token over `data` (or a TimeStampResp holding one): everything
/// [`tsp::check_token`] checks, then trust: the TSA certificate is signed by one of
/// `trust` (the `--trust` certificates) or, without them, by a registry CA, was valid at
/// genTime and has not expired since.
pub fn check(
    reg: Option<&mut Registry>,
    token_or_reply: &[u8],
    data: &[u8],
    trust: &[Certificate],
) -> Result<CheckReport> {
    let token = token_from(token_or_reply)?;
    let alg = token_imprint_alg(&token).unwrap_or(DigestAlg::Sha256);
    let info: TokenInfo = tsp::check_token(&token, alg, &alg.digest(&[data]))
        .map_err(|problem| E::TokenInvalid { problem })?;
    let tsa_cert =
        Certificate::from_der(&info.tsa_cert_der).map_err(|e| E::TokenCertUnreadable {
            detail: e.to_string(),
        })?;
    let tbs = tsa_cert.tbs_certificate();
    let validity = tbs.validity();
    if info.gen_time < validity.not_before.to_system_time()
        || info.gen_time > validity.not_after.to_system_time()
    {
        return Err(E::TokenCertNotValidThen {
            subject: tbs.subject().to_string(),
            at: info.gen_time_text,
        }
        .into());
    }
    // Like OpenSSL's `ts -verify`: a TSA whose certificate has expired (its key may since
    // have leaked) no longer proves the time of a token on its own.
    let not_after = validity.not_after.to_system_time();
    if clock::now()? > DateTime::<Utc>::from(not_after) {
        return Err(E::TokenCertExpired {
            subject: tbs.subject().to_string(),
            on: clock::stamp(DateTime::<Utc>::from(not_after)),
        }
        .into());
    }
    let mut anchors: Vec<(TrustAnchor, Certificate)> = trust
        .iter()
        .map(|c| {
            let subject = c.tbs_certificate().subject().to_string();
            (TrustAnchor::Given(subject), c.clone())
        })
        .collect();
    let from_registry = trust.is_empty();
    // Registry CAs that are not trust anchors (added or changed outside catool), with why.
    let mut not_anchors: Vec<(super::anchor::Problem, Certificate)> = Vec::new();
    if from_registry && let Some(reg) = reg {
        reg.read(|tx| {
            for ca in cas::list(tx)? {
                let cert = parse_cert(&ca.cert_der)?;
                match super::anchor::ca_problem(tx, &ca)? {
                    None => anchors.push((TrustAnchor::RegistryCa(ca.name), cert)),
                    Some(why) => not_anchors.push((why, cert)),
                }
            }
            Ok(())
        })?;
    }
    let signed = |ca: &Certificate| crate::pki::x509::verify_signed_by(&tsa_cert, ca).is_ok();
    let trusted_by = anchors
        .iter()
        .find(|(_, ca)| signed(ca))
        .map(|(name, _)| name.clone());
    if trusted_by.is_none()
        && let Some((why, _)) = not_anchors.iter().find(|(_, ca)| signed(ca))
    {
        return Err(E::TokenIssuerNotAnchor {
            subject: tbs.subject().to_string(),
            why: why.clone(),
        }
        .into());
    }
    if trusted_by.is_none() {
        return Err(E::TokenUntrusted {
            subject: tbs.subject().to_string(),
            issuer: tbs.issuer().to_string(),
            registry: from_registry,
        }
        .into());
    }
    Ok(CheckReport {
        gen_time: clock::stamp(DateTime::<Utc>::from(info.gen_time)),
        serial: info.serial_hex,
        policy: info.policy.to_string(),
        imprint_alg: info.imprint_alg.name(),
        signature_algorithm: info.signature_algorithm,
        tsa_subject: tbs.subject().to_string(),
        tsa_issuer: tbs.issuer().to_string(),
        trusted_by,
    })
}

/// The token itself, from a token or a TimeStampResp.
fn token_from(bytes: &[u8]) -> Result<Vec<u8>> {
    if let Ok(resp) = tsp::TimeStampResp::from_der(bytes) {
        if resp.status.status > tsp::STATUS_GRANTED_WITH_MODS {
            return Err(E::TokenReplyRejected.into());
        }
        return resp
            .time_stamp_token
            .ok_or(E::TokenReplyEmpty)?
            .to_der()
            .map_err(|e| {
                E::TokenUnreadable {
                    detail: e.to_string(),
                }
                .into()
            });
    }
    Ok(bytes.to_vec())
}

/// The imprint algorithm a token says it used (the data is hashed with it before checking).
fn token_imprint_alg(token: &[u8]) -> Option<DigestAlg> {
    let ci = cms::content_info::ContentInfo::from_der(token).ok()?;
    let sd: cms::signed_data::SignedData = ci.content.decode_as().ok()?;
    let tst = sd
        .encap_content_info
        .econtent?
        .decode_as::<der::asn1::OctetString>()
        .ok()?;
    let tst = tsp::TstInfo::from_der(tst.as_bytes()).ok()?;
    DigestAlg::from_oid(&tst.message_imprint.hash_algorithm.oid)
}
