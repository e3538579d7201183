//! Seal images (D16, D17): drawing every seal kind (`render`) and cutting a seal out of a
//! photo or scan (`clean`). Pure image work: nothing here touches the registry.

pub mod clean;
pub mod render;
