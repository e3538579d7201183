//! What signing needs from a time-stamping authority (RFC 3161): a TimeStampToken for a
//! digest. Implemented by the registry's own TSA (in process) and by any TSA reached over
//! HTTP (`--tsa-url`); the PDF code that embeds tokens (signature timestamps, document
//! timestamps) knows only this trait.

use super::signed_data::DigestAlg;
use crate::error::Result;
use crate::i18n::Lang;

pub trait Timestamper {
    /// The DER TimeStampToken (a CMS ContentInfo holding SignedData over a TSTInfo) whose
    /// message imprint is `digest`, computed with `alg`. The token has been checked: status
    /// granted, imprint and nonce as asked, signed by a certificate for time stamping.
    fn timestamp(&mut self, alg: DigestAlg, digest: &[u8]) -> Result<Vec<u8>>;

    /// Names the TSA in `lang` ("the registry TSA 测试TSA", "http://127.0.0.1:8080/"): the
    /// user's language in messages, English in JSON and in the history.
    fn describe(&self, lang: Lang) -> String;
}
