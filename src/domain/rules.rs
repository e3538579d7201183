//! The numbers of the domain rules (DOMAIN.md, docs/rules.md), in one place: the domain
//! decides with them, messages quote them and the rule references name them.

use std::fmt;

/// A domain rule, D1…D22, as `catool-rules(7)` numbers it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule(pub u8);

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "D{}", self.0)
    }
}

pub const D1: Rule = Rule(1);
pub const D2: Rule = Rule(2);
pub const D3: Rule = Rule(3);
pub const D4: Rule = Rule(4);
pub const D5: Rule = Rule(5);
pub const D6: Rule = Rule(6);
pub const D8: Rule = Rule(8);
pub const D9: Rule = Rule(9);
pub const D10: Rule = Rule(10);
pub const D11: Rule = Rule(11);
pub const D12: Rule = Rule(12);
pub const D13: Rule = Rule(13);
pub const D14: Rule = Rule(14);
pub const D20: Rule = Rule(20);

/// D6: a new certificate is valid this many months from its import.
pub const VALIDITY_MONTHS: u32 = 12;
/// D9: an extension adds this many months to the old end.
pub const EXTENSION_MONTHS: u32 = 12;
/// D9, D12: a certificate may be extended, and shows as expiring soon, once fewer than
/// this many months of validity remain.
pub const EXTENSION_WINDOW_MONTHS: u32 = 3;
/// D11: consecutive wrong PINs before a credential locks.
pub const PIN_ATTEMPTS: i64 = 5;
/// D6: a PIN is exactly this many ASCII digits.
pub const PIN_DIGITS: usize = 6;
