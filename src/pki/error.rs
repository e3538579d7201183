//! Errors of the crypto layer: foreign crate errors flattened into one message. The domain
//! layer decides whether a message means bad input (an import) or an internal failure.

use std::fmt;

#[derive(Debug)]
pub struct Error(pub String);

pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    pub fn msg(s: impl Into<String>) -> Self {
        Error(s.into())
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

macro_rules! from_err {
    ($($t:ty => $p:literal),* $(,)?) => {$(
        impl From<$t> for Error {
            fn from(e: $t) -> Self { Error(format!(concat!($p, ": {}"), e)) }
        }
    )*};
}

from_err! {
    der::Error => "der",
    spki::Error => "spki",
    pkcs8::Error => "pkcs8",
    pkcs5::Error => "pkcs5",
    x509_cert::builder::Error => "x509 builder",
    signature::Error => "signature",
    rsa::Error => "rsa",
    getrandom::Error => "rng",
    sm2::elliptic_curve::Error => "sm2",
    std::io::Error => "io",
}

impl From<Error> for crate::error::Error {
    /// Crypto failures on data catool made itself are internal; callers parsing user files
    /// map them to `BadInput` explicitly.
    fn from(e: Error) -> Self {
        crate::error::Error::Internal(e.0)
    }
}
