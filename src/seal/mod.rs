//! Seal images (D16, D17): drawing every seal kind (`render`), cutting a seal out of a photo
//! or scan (`clean`) and a handwritten signature out of a photo of ink on paper
//! (`handwriting`). Pure image work: nothing here touches the registry. Its failures are
//! [`error::SealImageError`].

pub mod clean;
pub mod error;
pub mod handwriting;
pub mod render;
