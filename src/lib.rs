//! catool: certificates and seals the way Chinese e-procurement and e-bidding platforms
//! administer them, against a local SQLite registry.
//!
//! Layers: `cli` (arguments and output) → `domain` (the rules of DOMAIN.md) → `registry`
//! (SQLite). `model` holds the plain records they pass around.

// No `unwrap()`/`expect()` outside tests: a user or a file must never be able to panic catool.
// Where a value cannot fail by construction, the code says why with `#[allow]` at the site.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]
// No `unsafe` but the one, audited, in `pki::kdf_memory`, which says why.
#![deny(unsafe_code)]

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
pub mod json_text;
pub mod machine;
pub mod model;
pub mod pdf;
pub mod pki;
pub mod registry;
pub mod sched;
pub mod seal;
pub mod tty;
