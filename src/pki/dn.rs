//! Distinguished-name construction with explicit string types.
//!
//! `Name::from_str("CN=测试CA,...")` also works (x509-cert encodes every
//! attribute except C / serialNumber / DC / emailAddress as UTF8String), but
//! it is RFC 4514 parsing with escaping rules; building attribute-by-attribute
//! avoids escaping bugs with user-supplied values (',', '+', '=' ...).

use const_oid::db::rfc4519;
use der::{
    Any, Decode, Encode, Tag,
    asn1::{ObjectIdentifier, PrintableStringRef},
};
use x509_cert::{
    attr::AttributeTypeAndValue,
    name::{Name, RdnSequence, RelativeDistinguishedName},
};

use super::error::Result;

pub use rfc4519::{
    COMMON_NAME as CN, COUNTRY_NAME as C, ORGANIZATION_NAME as O, ORGANIZATIONAL_UNIT_NAME as OU,
    SERIAL_NUMBER,
};

#[derive(Default)]
pub struct DnBuilder {
    rdns: RdnSequence,
}

impl DnBuilder {
    pub fn new() -> Self {
        Self::default()
    }

    fn push(mut self, oid: ObjectIdentifier, value: Any) -> Result<Self> {
        let rdn = RelativeDistinguishedName::try_from(vec![AttributeTypeAndValue { oid, value }])?;
        self.rdns.push(rdn);
        Ok(self)
    }

    /// Attribute encoded as UTF8String (use for anything with CJK text).
    pub fn utf8(self, oid: ObjectIdentifier, value: &str) -> Result<Self> {
        let any = Any::new(Tag::Utf8String, value.as_bytes())?;
        self.push(oid, any)
    }

    /// Attribute encoded as PrintableString (RFC 5280 requires it for C and
    /// serialNumber). Fails if the value has non-printable characters.
    pub fn printable(self, oid: ObjectIdentifier, value: &str) -> Result<Self> {
        let any = Any::encode_from(&PrintableStringRef::new(value)?)?;
        self.push(oid, any)
    }

    /// RDNs are encoded in the order they were added (add C first, CN last).
    pub fn build(self) -> Result<Name> {
        // `Name` has no public constructor from RdnSequence without the
        // `hazmat` feature; a DER round-trip is the supported path.
        Ok(Name::from_der(&self.rdns.to_der()?)?)
    }
}
