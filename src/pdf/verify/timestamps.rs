//! The timestamps of a PDF's signatures: a signature's own timestamp (the unsigned attribute
//! signatureTimeStampToken over its signature value, PAdES B-T) and document timestamps
//! (/DocTimeStamp, over the signed ranges). Each token is checked as any RFC 3161 token is
//! (`pki::tsp::check_token`: its signature, its TSA certificate's purpose, its imprint);
//! whether its TSA is trusted, and what the proven time means for the signer's certificate,
//! is the caller's.

use serde::Serialize;

use super::rfc3339;
use crate::pdf::problem::TimestampProblem;
use crate::pki::error::TokenProblem;
use crate::pki::signed_data::{DigestAlg, first_signature_value, signature_timestamp_tokens};
use crate::pki::tsp::{TokenInfo, check_token};

/// A checked timestamp token.
#[derive(Debug, Clone, Serialize)]
pub struct TimestampReport {
    /// The time the TSA vouches for (genTime), RFC 3339 UTC.
    pub time: Option<String>,
    /// The TSA certificate's subject and issuer.
    pub tsa: String,
    pub tsa_issuer: String,
    /// The token's serial number (hex).
    pub serial: String,
    /// What is wrong with the token, if anything (in English in the JSON report).
    #[serde(serialize_with = "crate::pdf::error::english")]
    pub problem: Option<TimestampProblem>,
    #[serde(skip)]
    pub tsa_der: Vec<u8>,
    #[serde(skip)]
    pub chain_der: Vec<Vec<u8>>,
}

/// Digest algorithms a token's imprint may use, most common first.
const IMPRINT_ALGS: [DigestAlg; 4] = [
    DigestAlg::Sha256,
    DigestAlg::Sm3,
    DigestAlg::Sha384,
    DigestAlg::Sha512,
];

/// Checks `token` against the data it should stamp, whose digest `digest_of` computes for
/// each algorithm the token may have used.
pub(super) fn check(token: &[u8], digest_of: &dyn Fn(DigestAlg) -> Vec<u8>) -> TimestampReport {
    let mut first_error = None;
    for alg in IMPRINT_ALGS {
        match check_token(token, alg, &digest_of(alg)) {
            Ok(info) => return report(&info, None),
            // An imprint of another algorithm: try the next one. Anything else is the answer.
            Err(problem @ TokenProblem::WrongImprint { .. }) => {
                first_error.get_or_insert(problem);
            }
            Err(problem) => return failed(TimestampProblem::Token { problem }),
        }
    }
    failed(match first_error {
        Some(problem) => TimestampProblem::Token { problem },
        None => TimestampProblem::StampsAnotherDocument,
    })
}

/// The signature timestamp of a signature's CMS, checked, if it has one.
pub(super) fn of_signature(cms: &[u8]) -> Option<TimestampReport> {
    let tokens = signature_timestamp_tokens(cms);
    let token = tokens.first()?;
    let Some(value) = first_signature_value(cms) else {
        return Some(failed(TimestampProblem::SignatureValueUnreadable));
    };
    Some(check(token, &|alg| alg.digest(&[&value])))
}

fn report(info: &TokenInfo, problem: Option<TimestampProblem>) -> TimestampReport {
    let (tsa, tsa_issuer) = <x509_cert::Certificate as der::Decode>::from_der(&info.tsa_cert_der)
        .map(|c| {
            (
                c.tbs_certificate().subject().to_string(),
                c.tbs_certificate().issuer().to_string(),
            )
        })
        .unwrap_or_default();
    TimestampReport {
        time: Some(rfc3339(info.gen_time)),
        tsa,
        tsa_issuer,
        serial: info.serial_hex.clone(),
        problem,
        tsa_der: info.tsa_cert_der.clone(),
        chain_der: info.other_certs_der.clone(),
    }
}

fn failed(problem: TimestampProblem) -> TimestampReport {
    TimestampReport {
        time: None,
        tsa: String::new(),
        tsa_issuer: String::new(),
        serial: String::new(),
        problem: Some(problem),
        tsa_der: Vec::new(),
        chain_der: Vec::new(),
    }
}
