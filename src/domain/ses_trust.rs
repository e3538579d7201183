//! Whom a seal's maker may chain to when the caller names no trust anchor: the registry's
//! CAs that are trust anchors (their certificate is the one their keyed history recorded).
//! A CA changed outside catool is left out, so a seal made under it reads as not trusted.

use x509_cert::Certificate;

use super::ca::parse_cert;
use crate::error::Result;
use crate::registry::{Registry, cas};

/// The certificates of the registry's CAs that are trust anchors.
pub fn registry_anchors(reg: &mut Registry) -> Result<Vec<Certificate>> {
    reg.read(|tx| {
        let mut anchors = Vec::new();
        for ca in cas::list(tx)? {
            if super::anchor::ca_problem(tx, &ca)?.is_none() {
                anchors.push(parse_cert(&ca.cert_der)?);
            }
        }
        Ok(anchors)
    })
}
