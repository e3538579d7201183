//! catool: certificates and seals the way Chinese e-procurement and e-bidding platforms
//! administer them, against a local SQLite registry.
//!
//! Layers: `cli` (arguments and output) → `domain` (the rules of DOMAIN.md) → `registry`
//! (SQLite). `model` holds the plain records they pass around.

pub mod cli;
pub mod demo;
pub mod domain;
pub mod error;
pub mod fsutil;
#[doc(hidden)]
pub mod fuzz;
pub mod harden;
pub mod hex;
pub mod i18n;
pub mod input;
pub mod input_error;
pub mod model;
pub mod pdf;
pub mod pki;
pub mod registry;
pub mod seal;
pub mod tty;
