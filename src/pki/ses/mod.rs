//! Electronic seals and stamps as GB/T 38540-2020 / GM/T 0031 define them, with no
//! knowledge of the registry: the DER structures (`asn1` for V4 and V5, `v1` for the 2014
//! layout), making and signing a V4 seal or stamp (`build`), and checking a seal or stamp made
//! anywhere (`verify`). Errors are [`error::SesError`].

pub mod asn1;
pub mod build;
pub mod decode;
pub mod error;
pub mod v1;
pub mod verify;

pub use asn1::{
    CertDigest, CertList, ExtData, ExtensionDatas, SesHeader, SesPictureInfo, SesPropertyInfo,
    SesSeal, SesSealInfo, SesSignature, TbsSign,
};
pub use build::{HashAlg, SealSpec, sign_seal, sign_stamp};
pub use decode::{DecodedSeal, DecodedStamp, When, decode_seal, decode_stamp};
pub use error::SesError;
pub use verify::{
    Check, CheckName, NotChecked, Outcome, SealOptions, SealReport, StampReport, stamp_time,
    verify_seal, verify_stamp,
};
