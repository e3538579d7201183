//! Errors of the crypto layer, as data (issue 16): keys and signatures, PKCS#12 and PBE, the
//! master key and sealed keys, PINs, encrypted documents (CMS EnvelopedData) and timestamps
//! over HTTP. Each variant has a stable code (`pki.…`), a catalogue message (i18n/*/pki.ftl),
//! a hint where the user can do something, and keeps the lower library's error as its
//! `source()`. Failures on data catool made itself are internal (exit 70); callers reading a
//! user's file map them to their own errors.

use std::fmt;
use std::sync::Arc;

use crate::error::exit::{BAD_INPUT, CHECK_FAILED, INTERNAL, REGISTRY, USAGE};
use crate::i18n::{Arg, Catalogued, Described, Lang};
use crate::msg;

/// A lower library's error, kept as the source; its text is the detail a message quotes.
#[derive(Clone)]
pub struct Cause(Arc<dyn std::error::Error + Send + Sync + 'static>);

impl Cause {
    pub fn new(e: impl std::error::Error + Send + Sync + 'static) -> Cause {
        Cause(Arc::new(e))
    }
}

impl fmt::Debug for Cause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

impl fmt::Display for Cause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

/// Two causes are the same when they say the same (the libraries' errors are not `Eq`).
impl PartialEq for Cause {
    fn eq(&self, other: &Cause) -> bool {
        self.to_string() == other.to_string()
    }
}

/// The library a [`PkiError::Crypto`] came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layer {
    Der,
    Spki,
    Pkcs8,
    Pkcs5,
    X509Builder,
    Signature,
    Rsa,
    Rng,
    Sm2,
    Io,
}

impl Layer {
    fn name(self) -> &'static str {
        match self {
            Layer::Der => "der",
            Layer::Spki => "spki",
            Layer::Pkcs8 => "pkcs8",
            Layer::Pkcs5 => "pkcs5",
            Layer::X509Builder => "x509 builder",
            Layer::Signature => "signature",
            Layer::Rsa => "rsa",
            Layer::Rng => "rng",
            Layer::Sm2 => "sm2",
            Layer::Io => "io",
        }
    }
}

/// What is wrong with a `--tsa-url` / `--fetch-from` URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UrlProblem {
    /// Not `http://host[:port][/path]`.
    Shape,
    UserName,
    UnclosedBracket,
    PortNotNumber,
    NoHost,
}

impl UrlProblem {
    fn id(self) -> &'static str {
        match self {
            UrlProblem::Shape => msg!("pki-url-problem-shape"),
            UrlProblem::UserName => msg!("pki-url-problem-user-name"),
            UrlProblem::UnclosedBracket => msg!("pki-url-problem-unclosed-bracket"),
            UrlProblem::PortNotNumber => msg!("pki-url-problem-port"),
            UrlProblem::NoHost => msg!("pki-url-problem-no-host"),
        }
    }
}

/// Why an HTTP reply's body could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyProblem {
    ChunkLineCut,
    BadChunkSize,
    ChunkCutOrTooLarge,
    BadContentLength,
    ShorterThanLength,
}

impl BodyProblem {
    fn id(self) -> &'static str {
        match self {
            BodyProblem::ChunkLineCut => msg!("pki-body-problem-chunk-line-cut"),
            BodyProblem::BadChunkSize => msg!("pki-body-problem-bad-chunk-size"),
            BodyProblem::ChunkCutOrTooLarge => msg!("pki-body-problem-chunk-cut"),
            BodyProblem::BadContentLength => msg!("pki-body-problem-bad-length"),
            BodyProblem::ShorterThanLength => msg!("pki-body-problem-short"),
        }
    }
}

/// What a CMS file that is not an encrypted document is instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CmsKind {
    SignedData,
    Data,
    EncryptedData,
    AuthEnvelopedData,
    Other { oid: String },
}

impl CmsKind {
    fn id(&self) -> &'static str {
        match self {
            CmsKind::SignedData => msg!("pki-cms-kind-signed"),
            CmsKind::Data => msg!("pki-cms-kind-data"),
            CmsKind::EncryptedData => msg!("pki-cms-kind-encrypted"),
            CmsKind::AuthEnvelopedData => msg!("pki-cms-kind-auth-enveloped"),
            CmsKind::Other { .. } => msg!("pki-cms-kind-other"),
        }
    }
}

/// Every error of the crypto layer, with the data its message quotes.
#[derive(Debug, Clone, PartialEq)]
pub enum PkiError {
    /// A lower library failed (encoding, a key operation, the OS random generator …).
    Crypto {
        layer: Layer,
        source: Cause,
    },
    // ---- keys and signatures
    UnsupportedCurve {
        curve: String,
    },
    UnsupportedKeyAlgorithm {
        oid: String,
    },
    SignatureUnusedBits,
    BadSm2PublicKey,
    UnsupportedSignatureAlgorithm {
        oid: String,
    },
    // ---- PKCS#12 and password-based encryption
    P12NotPasswordIntegrity,
    /// The MAC does not match: a wrong password, or a damaged file.
    P12MacMismatch,
    P12EncryptedDataEmpty,
    P12NoPrivateKey,
    P12NoMatchingCertificate,
    P12NestedTooDeep,
    PbeIterationsOutOfRange {
        iterations: i64,
        max: i64,
    },
    PbeUnsupportedKdf,
    PbeParametersMissing,
    PbeUnsupportedAlgorithm {
        oid: String,
    },
    PbeBadIv,
    /// The padding is wrong after decryption: a wrong password, or a damaged file.
    PbeDecryptFailed,
    PbeCipherKey,
    MacUnsupportedDigest {
        oid: String,
    },
    // ---- the master key and sealed keys
    MasterKeyCreate {
        path: String,
        why: String,
    },
    MasterKeyUnreadable {
        path: String,
        source: Cause,
    },
    MasterKeyTooLong {
        path: String,
    },
    MasterKeyDamaged {
        path: String,
    },
    MasterKeyExposed {
        path: String,
        mode: String,
    },
    KdfCostInvalid {
        detail: String,
    },
    Argon2 {
        detail: String,
    },
    SealingFailed,
    // ---- PINs (D6)
    PinStdinUnreadable {
        source: Cause,
    },
    PinFileUnreadable {
        what: String,
        source: Cause,
    },
    PinNeeded {
        flag: String,
    },
    // ---- timestamps over HTTP (RFC 3161 §3.4): one line each, no hint (`pdf sign` and
    // `tsa check` report a network failure as one clear line)
    TsaUrlInvalid {
        url: String,
        problem: UrlProblem,
    },
    TsaUrlHttps {
        url: String,
    },
    TsaUnresolved {
        url: String,
        host: String,
        detail: String,
    },
    TsaConnectTimeout {
        url: String,
        secs: i64,
    },
    TsaConnectFailed {
        url: String,
        detail: String,
    },
    TsaNoAddress {
        url: String,
    },
    TsaTimeout {
        url: String,
        secs: i64,
    },
    TsaConnectionFailed {
        url: String,
        detail: String,
    },
    TsaReplyTooLarge {
        url: String,
        kib: i64,
    },
    TsaNotHttp {
        url: String,
    },
    TsaHttpStatus {
        url: String,
        status: i64,
    },
    TsaBadBody {
        url: String,
        problem: BodyProblem,
    },
    TsaContentType {
        url: String,
        media: String,
    },
    /// A token's time cannot be written (before 1970).
    TsaGenTime,
    /// The reply's checks failed (status, nonce, imprint, signature …): `why` is the check's
    /// finding (`pki::tsp`).
    TsaReplyRefused {
        url: String,
        why: String,
    },
    TsaCertUnreadable {
        url: String,
        detail: String,
    },
    TsaCertNotValid {
        url: String,
        subject: String,
        at: String,
        from: String,
        to: String,
    },
    // ---- encrypted documents (D20): not readable
    EnvEmpty,
    EnvNotCms,
    EnvOtherContent {
        kind: CmsKind,
    },
    EnvDamaged {
        detail: String,
    },
    EnvPemNotText,
    EnvPemCorrupt {
        detail: String,
    },
    EnvPemLabel {
        label: String,
    },
    EnvOaepParamsCorrupt {
        detail: String,
    },
    EnvMgf1NoDigest,
    EnvMgf1ParamsCorrupt {
        detail: String,
    },
    EnvOaepLabelCorrupt {
        detail: String,
    },
    EnvNoIv {
        cipher: String,
    },
    EnvIvCorrupt {
        detail: String,
    },
    EnvIvLength {
        cipher: String,
        got: i64,
        want: i64,
    },
    EnvSm2KeyForm,
    // ---- encrypted documents: made in a way catool does not implement
    EnvOaepDigest {
        oid: String,
    },
    EnvKeyEncryption {
        oid: String,
    },
    EnvMaskGeneration {
        oid: String,
    },
    EnvLabelSource {
        oid: String,
    },
    EnvRecipientKind,
    EnvContentNotData {
        oid: String,
    },
    EnvContentCipher {
        oid: String,
    },
    EnvDetached,
    // ---- encrypted documents: the recipient certificate cannot receive them
    EnvRecipientRsaKey {
        detail: String,
    },
    EnvRecipientSm2Unreadable,
    EnvRecipientSm2Invalid {
        detail: String,
    },
    EnvRecipientAlgorithm {
        oid: String,
        curve: Option<String>,
    },
    EnvOaepWrap {
        detail: String,
    },
    // ---- encrypted documents: the key does not open it
    EnvRsaOaepNoOpen,
    EnvRsaPkcs1NoOpen,
    EnvSm2NoOpen,
    EnvKeyMismatch {
        transport: String,
        key: String,
    },
    EnvContentKeyLength {
        got: i64,
        cipher: String,
        want: i64,
    },
    // ---- encrypted documents: the content is damaged
    EnvNotWholeBlocks {
        bytes: i64,
        block: i64,
    },
    EnvBadPadding {
        cipher: String,
    },
    // ---- encrypted documents: catool's own failures
    EnvEncode {
        what: String,
        detail: String,
    },
    EnvSm2Encrypt {
        detail: String,
    },
    EnvCipherInit,
}

pub type Result<T> = std::result::Result<T, PkiError>;

/// The name other modules knew this error by.
pub type Error = PkiError;

/// A number as a message argument.
pub(crate) fn num(n: impl TryInto<i64>) -> i64 {
    n.try_into().unwrap_or(i64::MAX)
}

/// How an encrypted-document error reads to whoever decides what it means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnvelopeClass {
    /// Not a readable document, or made in a way catool does not implement.
    Unreadable,
    /// The recipient certificate cannot receive documents.
    BadRecipient,
    /// The private key does not open the content-encryption key.
    KeyDoesNotOpen,
    /// The content-encryption key came out, but the content does not decrypt.
    ContentDamaged,
    /// catool's own failure (or not an envelope error at all).
    Internal,
}

impl PkiError {
    /// A lower library's error from `layer`.
    pub fn crypto(layer: Layer, e: impl std::error::Error + Send + Sync + 'static) -> PkiError {
        PkiError::Crypto {
            layer,
            source: Cause::new(e),
        }
    }

    /// What an encrypted-document error means (see [`EnvelopeClass`]).
    pub fn envelope_class(&self) -> EnvelopeClass {
        use PkiError as E;
        match self {
            E::EnvRecipientRsaKey { .. }
            | E::EnvRecipientSm2Unreadable
            | E::EnvRecipientSm2Invalid { .. }
            | E::EnvRecipientAlgorithm { .. }
            | E::EnvOaepWrap { .. } => EnvelopeClass::BadRecipient,
            E::EnvRsaOaepNoOpen
            | E::EnvRsaPkcs1NoOpen
            | E::EnvSm2NoOpen
            | E::EnvKeyMismatch { .. }
            | E::EnvContentKeyLength { .. } => EnvelopeClass::KeyDoesNotOpen,
            E::EnvNotWholeBlocks { .. } | E::EnvBadPadding { .. } => EnvelopeClass::ContentDamaged,
            e if e.describe().exit == INTERNAL => EnvelopeClass::Internal,
            _ => EnvelopeClass::Unreadable,
        }
    }

    /// The message in `lang` (what `Display` prints in the chosen language).
    pub fn message_in(&self, lang: Lang) -> String {
        self.describe().message_in(lang)
    }
}

fn d(exit: u8, code: &'static str, message: &'static str) -> Described {
    Described::new(exit, code, message)
}

impl Catalogued for PkiError {
    fn describe(&self) -> Described {
        use PkiError as E;
        match self {
            E::Crypto { layer, source } => d(INTERNAL, "pki.crypto", msg!("pki-crypto"))
                .arg("layer", layer.name())
                .arg("detail", source.to_string()),
            E::UnsupportedCurve { curve } => d(
                INTERNAL,
                "pki.key.unsupported_curve",
                msg!("pki-key-unsupported-curve"),
            )
            .arg("curve", curve),
            E::UnsupportedKeyAlgorithm { oid } => d(
                INTERNAL,
                "pki.key.unsupported_algorithm",
                msg!("pki-key-unsupported-algorithm"),
            )
            .arg("oid", oid),
            E::SignatureUnusedBits => d(
                INTERNAL,
                "pki.signature.unused_bits",
                msg!("pki-signature-unused-bits"),
            ),
            E::BadSm2PublicKey => d(
                INTERNAL,
                "pki.key.bad_sm2_public_key",
                msg!("pki-key-bad-sm2-public-key"),
            ),
            E::UnsupportedSignatureAlgorithm { oid } => d(
                INTERNAL,
                "pki.signature.unsupported_algorithm",
                msg!("pki-signature-unsupported-algorithm"),
            )
            .arg("oid", oid),
            E::P12NotPasswordIntegrity => d(
                INTERNAL,
                "pki.p12.not_password_integrity",
                msg!("pki-p12-not-password-integrity"),
            ),
            E::P12MacMismatch => d(
                INTERNAL,
                "pki.p12.mac_mismatch",
                msg!("pki-p12-mac-mismatch"),
            ),
            E::P12EncryptedDataEmpty => d(
                INTERNAL,
                "pki.p12.encrypted_data_empty",
                msg!("pki-p12-encrypted-data-empty"),
            ),
            E::P12NoPrivateKey => d(
                INTERNAL,
                "pki.p12.no_private_key",
                msg!("pki-p12-no-private-key"),
            ),
            E::P12NoMatchingCertificate => d(
                INTERNAL,
                "pki.p12.no_matching_certificate",
                msg!("pki-p12-no-matching-certificate"),
            ),
            E::P12NestedTooDeep => d(
                INTERNAL,
                "pki.p12.nested_too_deep",
                msg!("pki-p12-nested-too-deep"),
            ),
            E::PbeIterationsOutOfRange { iterations, max } => {
                d(INTERNAL, "pki.pbe.iterations", msg!("pki-pbe-iterations"))
                    .arg("iterations", *iterations)
                    .arg("max", *max)
            }
            E::PbeUnsupportedKdf => d(
                INTERNAL,
                "pki.pbe.unsupported_kdf",
                msg!("pki-pbe-unsupported-kdf"),
            ),
            E::PbeParametersMissing => d(
                INTERNAL,
                "pki.pbe.parameters_missing",
                msg!("pki-pbe-parameters-missing"),
            ),
            E::PbeUnsupportedAlgorithm { oid } => d(
                INTERNAL,
                "pki.pbe.unsupported_algorithm",
                msg!("pki-pbe-unsupported-algorithm"),
            )
            .arg("oid", oid),
            E::PbeBadIv => d(INTERNAL, "pki.pbe.bad_iv", msg!("pki-pbe-bad-iv")),
            E::PbeDecryptFailed => d(
                INTERNAL,
                "pki.pbe.decrypt_failed",
                msg!("pki-pbe-decrypt-failed"),
            ),
            E::PbeCipherKey => d(INTERNAL, "pki.pbe.cipher_key", msg!("pki-pbe-cipher-key")),
            E::MacUnsupportedDigest { oid } => d(
                INTERNAL,
                "pki.p12.unsupported_mac_digest",
                msg!("pki-p12-unsupported-mac-digest"),
            )
            .arg("oid", oid),
            E::MasterKeyCreate { path, why } => d(
                REGISTRY,
                "pki.master_key.create",
                msg!("pki-master-key-create"),
            )
            .arg("path", path)
            .arg("why", why),
            E::MasterKeyUnreadable { path, source } => d(
                REGISTRY,
                "pki.master_key.unreadable",
                msg!("pki-master-key-unreadable"),
            )
            .hint(msg!("pki-master-key-unreadable-hint"))
            .arg("path", path)
            .arg("detail", source.to_string()),
            E::MasterKeyTooLong { path } => d(
                REGISTRY,
                "pki.master_key.too_long",
                msg!("pki-master-key-too-long"),
            )
            .hint(msg!("pki-master-key-damaged-hint"))
            .arg("path", path),
            E::MasterKeyDamaged { path } => d(
                REGISTRY,
                "pki.master_key.damaged",
                msg!("pki-master-key-damaged"),
            )
            .hint(msg!("pki-master-key-damaged-hint"))
            .arg("path", path),
            E::MasterKeyExposed { path, mode } => d(
                REGISTRY,
                "pki.master_key.exposed",
                msg!("pki-master-key-exposed"),
            )
            .hint(msg!("pki-master-key-exposed-hint"))
            .arg("path", path)
            .arg("mode", mode),
            E::KdfCostInvalid { detail } => d(
                BAD_INPUT,
                "pki.kdf.invalid_cost",
                msg!("pki-kdf-invalid-cost"),
            )
            .hint(msg!("pki-kdf-invalid-cost-hint"))
            .arg("detail", detail),
            E::Argon2 { detail } => {
                d(INTERNAL, "pki.kdf.failed", msg!("pki-kdf-failed")).arg("detail", detail)
            }
            E::SealingFailed => d(INTERNAL, "pki.seal.failed", msg!("pki-seal-failed")),
            E::PinStdinUnreadable { source } => d(
                BAD_INPUT,
                "pki.pin.stdin_unreadable",
                msg!("pki-pin-stdin-unreadable"),
            )
            .arg("detail", source.to_string()),
            E::PinFileUnreadable { what, source } => d(
                BAD_INPUT,
                "pki.pin.file_unreadable",
                msg!("pki-pin-file-unreadable"),
            )
            .arg("what", what)
            .arg("detail", source.to_string()),
            E::PinNeeded { flag } => d(USAGE, "pki.pin.needed", msg!("pki-pin-needed"))
                .hint(msg!("pki-pin-needed-hint"))
                .arg("flag", flag),
            E::TsaUrlInvalid { url, problem } => {
                d(USAGE, "pki.tsa_url.invalid", msg!("pki-tsa-url-invalid"))
                    .hint(msg!("pki-tsa-url-hint"))
                    .arg("url", url)
                    .arg("problem", Arg::Msg(problem.id()))
            }
            E::TsaUrlHttps { url } => d(USAGE, "pki.tsa_url.https", msg!("pki-tsa-url-https"))
                .hint(msg!("pki-tsa-url-https-hint"))
                .arg("url", url),
            E::TsaUnresolved { url, host, detail } => d(
                BAD_INPUT,
                "pki.tsa_http.unresolved",
                msg!("pki-tsa-http-unresolved"),
            )
            .arg("url", url)
            .arg("host", host)
            .arg("detail", detail),
            E::TsaConnectTimeout { url, secs } => d(
                BAD_INPUT,
                "pki.tsa_http.connect_timeout",
                msg!("pki-tsa-http-connect-timeout"),
            )
            .arg("url", url)
            .arg("secs", *secs),
            E::TsaConnectFailed { url, detail } => d(
                BAD_INPUT,
                "pki.tsa_http.connect_failed",
                msg!("pki-tsa-http-connect-failed"),
            )
            .arg("url", url)
            .arg("detail", detail),
            E::TsaNoAddress { url } => d(
                BAD_INPUT,
                "pki.tsa_http.no_address",
                msg!("pki-tsa-http-no-address"),
            )
            .arg("url", url),
            E::TsaTimeout { url, secs } => d(
                BAD_INPUT,
                "pki.tsa_http.timeout",
                msg!("pki-tsa-http-timeout"),
            )
            .arg("url", url)
            .arg("secs", *secs),
            E::TsaConnectionFailed { url, detail } => d(
                BAD_INPUT,
                "pki.tsa_http.connection_failed",
                msg!("pki-tsa-http-connection-failed"),
            )
            .arg("url", url)
            .arg("detail", detail),
            E::TsaReplyTooLarge { url, kib } => d(
                BAD_INPUT,
                "pki.tsa_http.too_large",
                msg!("pki-tsa-http-too-large"),
            )
            .arg("url", url)
            .arg("kib", *kib),
            E::TsaNotHttp { url } => d(
                BAD_INPUT,
                "pki.tsa_http.not_http",
                msg!("pki-tsa-http-not-http"),
            )
            .arg("url", url),
            E::TsaHttpStatus { url, status } => d(
                BAD_INPUT,
                "pki.tsa_http.status",
                msg!("pki-tsa-http-status"),
            )
            .arg("url", url)
            .arg("status", *status),
            E::TsaBadBody { url, problem } => d(
                BAD_INPUT,
                "pki.tsa_http.bad_body",
                msg!("pki-tsa-http-bad-body"),
            )
            .arg("url", url)
            .arg("problem", Arg::Msg(problem.id())),
            E::TsaContentType { url, media } => d(
                BAD_INPUT,
                "pki.tsa_http.content_type",
                msg!("pki-tsa-http-content-type"),
            )
            .arg("url", url)
            .arg("media", media),
            E::TsaGenTime => d(INTERNAL, "pki.tsp.gen_time", msg!("pki-tsp-gen-time")),
            E::TsaReplyRefused { url, why } => d(
                CHECK_FAILED,
                "pki.tsa_http.reply_refused",
                msg!("pki-tsa-http-reply-refused"),
            )
            .arg("url", url)
            .arg("why", why),
            E::TsaCertUnreadable { url, detail } => d(
                CHECK_FAILED,
                "pki.tsa_http.cert_unreadable",
                msg!("pki-tsa-http-cert-unreadable"),
            )
            .arg("url", url)
            .arg("detail", detail),
            E::TsaCertNotValid {
                url,
                subject,
                at,
                from,
                to,
            } => d(
                CHECK_FAILED,
                "pki.tsa_http.cert_not_valid",
                msg!("pki-tsa-http-cert-not-valid"),
            )
            .arg("url", url)
            .arg("subject", subject)
            .arg("at", at)
            .arg("from", from)
            .arg("to", to),
            E::EnvEmpty => d(BAD_INPUT, "pki.envelope.empty", msg!("pki-envelope-empty")),
            E::EnvNotCms => d(
                BAD_INPUT,
                "pki.envelope.not_cms",
                msg!("pki-envelope-not-cms"),
            )
            .hint(msg!("pki-envelope-not-cms-hint")),
            E::EnvOtherContent { kind } => {
                let described = d(
                    BAD_INPUT,
                    "pki.envelope.other_content",
                    msg!("pki-envelope-other-content"),
                )
                .arg("kind", Arg::Msg(kind.id()));
                match kind {
                    CmsKind::Other { oid } => described.arg("oid", oid),
                    _ => described,
                }
            }
            E::EnvDamaged { detail } => d(
                BAD_INPUT,
                "pki.envelope.damaged",
                msg!("pki-envelope-damaged"),
            )
            .arg("detail", detail),
            E::EnvPemNotText => d(
                BAD_INPUT,
                "pki.envelope.pem_not_text",
                msg!("pki-envelope-pem-not-text"),
            ),
            E::EnvPemCorrupt { detail } => d(
                BAD_INPUT,
                "pki.envelope.pem_corrupt",
                msg!("pki-envelope-pem-corrupt"),
            )
            .arg("detail", detail),
            E::EnvPemLabel { label } => d(
                BAD_INPUT,
                "pki.envelope.pem_label",
                msg!("pki-envelope-pem-label"),
            )
            .arg("label", label),
            E::EnvOaepParamsCorrupt { detail } => d(
                BAD_INPUT,
                "pki.envelope.oaep_params_corrupt",
                msg!("pki-envelope-oaep-params-corrupt"),
            )
            .arg("detail", detail),
            E::EnvMgf1NoDigest => d(
                BAD_INPUT,
                "pki.envelope.mgf1_no_digest",
                msg!("pki-envelope-mgf1-no-digest"),
            ),
            E::EnvMgf1ParamsCorrupt { detail } => d(
                BAD_INPUT,
                "pki.envelope.mgf1_params_corrupt",
                msg!("pki-envelope-mgf1-params-corrupt"),
            )
            .arg("detail", detail),
            E::EnvOaepLabelCorrupt { detail } => d(
                BAD_INPUT,
                "pki.envelope.oaep_label_corrupt",
                msg!("pki-envelope-oaep-label-corrupt"),
            )
            .arg("detail", detail),
            E::EnvNoIv { cipher } => {
                d(BAD_INPUT, "pki.envelope.no_iv", msg!("pki-envelope-no-iv")).arg("cipher", cipher)
            }
            E::EnvIvCorrupt { detail } => d(
                BAD_INPUT,
                "pki.envelope.iv_corrupt",
                msg!("pki-envelope-iv-corrupt"),
            )
            .arg("detail", detail),
            E::EnvIvLength { cipher, got, want } => d(
                BAD_INPUT,
                "pki.envelope.iv_length",
                msg!("pki-envelope-iv-length"),
            )
            .arg("cipher", cipher)
            .arg("got", *got)
            .arg("want", *want),
            E::EnvSm2KeyForm => d(
                BAD_INPUT,
                "pki.envelope.sm2_key_form",
                msg!("pki-envelope-sm2-key-form"),
            ),
            E::EnvOaepDigest { oid } => d(
                BAD_INPUT,
                "pki.envelope.unsupported_oaep_digest",
                msg!("pki-envelope-unsupported-oaep-digest"),
            )
            .arg("oid", oid),
            E::EnvKeyEncryption { oid } => d(
                BAD_INPUT,
                "pki.envelope.unsupported_key_encryption",
                msg!("pki-envelope-unsupported-key-encryption"),
            )
            .arg("oid", oid),
            E::EnvMaskGeneration { oid } => d(
                BAD_INPUT,
                "pki.envelope.unsupported_mgf",
                msg!("pki-envelope-unsupported-mgf"),
            )
            .arg("oid", oid),
            E::EnvLabelSource { oid } => d(
                BAD_INPUT,
                "pki.envelope.unsupported_label_source",
                msg!("pki-envelope-unsupported-label-source"),
            )
            .arg("oid", oid),
            E::EnvRecipientKind => d(
                BAD_INPUT,
                "pki.envelope.unsupported_recipient",
                msg!("pki-envelope-unsupported-recipient"),
            ),
            E::EnvContentNotData { oid } => d(
                BAD_INPUT,
                "pki.envelope.content_not_data",
                msg!("pki-envelope-content-not-data"),
            )
            .arg("oid", oid),
            E::EnvContentCipher { oid } => d(
                BAD_INPUT,
                "pki.envelope.unsupported_cipher",
                msg!("pki-envelope-unsupported-cipher"),
            )
            .arg("oid", oid),
            E::EnvDetached => d(
                BAD_INPUT,
                "pki.envelope.detached",
                msg!("pki-envelope-detached"),
            ),
            E::EnvRecipientRsaKey { detail } => d(
                BAD_INPUT,
                "pki.envelope.recipient_rsa_key",
                msg!("pki-envelope-recipient-rsa-key"),
            )
            .arg("detail", detail),
            E::EnvRecipientSm2Unreadable => d(
                BAD_INPUT,
                "pki.envelope.recipient_sm2_unreadable",
                msg!("pki-envelope-recipient-sm2-unreadable"),
            ),
            E::EnvRecipientSm2Invalid { detail } => d(
                BAD_INPUT,
                "pki.envelope.recipient_sm2_invalid",
                msg!("pki-envelope-recipient-sm2-invalid"),
            )
            .arg("detail", detail),
            E::EnvRecipientAlgorithm { oid, curve } => d(
                BAD_INPUT,
                "pki.envelope.recipient_algorithm",
                match curve {
                    Some(_) => msg!("pki-envelope-recipient-algorithm-curve"),
                    None => msg!("pki-envelope-recipient-algorithm"),
                },
            )
            .hint(msg!("pki-envelope-recipient-algorithm-hint"))
            .arg("oid", oid)
            .arg("curve", curve.clone().unwrap_or_default()),
            E::EnvOaepWrap { detail } => d(
                BAD_INPUT,
                "pki.envelope.oaep_wrap",
                msg!("pki-envelope-oaep-wrap"),
            )
            .arg("detail", detail),
            E::EnvRsaOaepNoOpen => d(
                BAD_INPUT,
                "pki.envelope.rsa_oaep_no_open",
                msg!("pki-envelope-rsa-oaep-no-open"),
            ),
            E::EnvRsaPkcs1NoOpen => d(
                BAD_INPUT,
                "pki.envelope.rsa_pkcs1_no_open",
                msg!("pki-envelope-rsa-pkcs1-no-open"),
            ),
            E::EnvSm2NoOpen => d(
                BAD_INPUT,
                "pki.envelope.sm2_no_open",
                msg!("pki-envelope-sm2-no-open"),
            ),
            E::EnvKeyMismatch { transport, key } => d(
                BAD_INPUT,
                "pki.envelope.key_mismatch",
                msg!("pki-envelope-key-mismatch"),
            )
            .arg("transport", transport)
            .arg("key", key),
            E::EnvContentKeyLength { got, cipher, want } => d(
                BAD_INPUT,
                "pki.envelope.content_key_length",
                msg!("pki-envelope-content-key-length"),
            )
            .arg("got", *got)
            .arg("cipher", cipher)
            .arg("want", *want),
            E::EnvNotWholeBlocks { bytes, block } => d(
                BAD_INPUT,
                "pki.envelope.not_whole_blocks",
                msg!("pki-envelope-not-whole-blocks"),
            )
            .arg("bytes", *bytes)
            .arg("block", *block),
            E::EnvBadPadding { cipher } => d(
                BAD_INPUT,
                "pki.envelope.bad_padding",
                msg!("pki-envelope-bad-padding"),
            )
            .arg("cipher", cipher),
            E::EnvEncode { what, detail } => {
                d(INTERNAL, "pki.envelope.encode", msg!("pki-envelope-encode"))
                    .arg("what", what)
                    .arg("detail", detail)
            }
            E::EnvSm2Encrypt { detail } => d(
                INTERNAL,
                "pki.envelope.sm2_encrypt",
                msg!("pki-envelope-sm2-encrypt"),
            )
            .arg("detail", detail),
            E::EnvCipherInit => d(
                INTERNAL,
                "pki.envelope.cipher_init",
                msg!("pki-envelope-cipher-init"),
            ),
        }
    }
}

impl fmt::Display for PkiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message_in(crate::i18n::lang()))
    }
}

impl std::error::Error for PkiError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            PkiError::Crypto { source, .. }
            | PkiError::MasterKeyUnreadable { source, .. }
            | PkiError::PinStdinUnreadable { source }
            | PkiError::PinFileUnreadable { source, .. } => Some(&*source.0),
            _ => None,
        }
    }
}

macro_rules! from_err {
    ($($t:ty => $layer:ident),* $(,)?) => {$(
        impl From<$t> for PkiError {
            fn from(e: $t) -> Self {
                PkiError::crypto(Layer::$layer, e)
            }
        }
    )*};
}

from_err! {
    der::Error => Der,
    spki::Error => Spki,
    pkcs8::Error => Pkcs8,
    pkcs5::Error => Pkcs5,
    x509_cert::builder::Error => X509Builder,
    signature::Error => Signature,
    rsa::Error => Rsa,
    getrandom::Error => Rng,
    sm2::elliptic_curve::Error => Sm2,
    std::io::Error => Io,
}

impl From<PkiError> for crate::error::Error {
    fn from(e: PkiError) -> Self {
        crate::error::Error::from_typed(e)
    }
}

#[cfg(test)]
#[path = "error_tests.rs"]
mod tests;
