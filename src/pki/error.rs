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
    /// The reply's checks failed (status, nonce, imprint, signature …), as `pki::tsp` found.
    TsaReplyRefused {
        url: String,
        problem: TokenProblem,
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
            PkiError::TsaReplyRefused { problem, .. } => Some(problem),
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

mod catalogue;
mod token;

pub(crate) use token::nest;
pub use token::{RejectReason, SignatureFailure, TokenProblem};

#[cfg(test)]
mod tests;
