//! `--limit` / `--offset` of the listings (`cert list`, `log`, `person list`, `org list`,
//! `package list`), and the note that says when a
//! page left rows out. See `domain::page` for what a page is.

use clap::Args;

use super::ca::say;
use super::output::Out;
use crate::domain::page::{Page, Paged};
use crate::i18n::Arg;
use crate::msg;

#[derive(Debug, Clone, Copy, Args)]
pub struct PageArgs {
    /// Show at most N rows (default 1000; 0: all of them). When rows were left out, a note
    /// on stderr says where the next page starts
    #[arg(long, value_name = "N", default_value_t = Page::DEFAULT_LIMIT)]
    limit: usize,
    /// Skip the first N rows of the listing (its order is fixed: the next page starts at
    /// offset + limit)
    #[arg(long, value_name = "N", default_value_t = 0)]
    offset: usize,
}

impl PageArgs {
    pub fn page(&self) -> Page {
        Page {
            limit: (self.limit > 0).then_some(self.limit),
            offset: self.offset,
        }
    }
}

/// Says on stderr (also with `--json`, whose stdout stays the rows alone) that rows follow
/// this page, and how to get them.
pub fn note_more<T>(out: &Out, paged: &Paged<T>) {
    if let Some(next) = paged.next_offset() {
        let n = |v: usize| Arg::Num(i64::try_from(v).unwrap_or(i64::MAX));
        out.warn(say(
            msg!("registry-page-more"),
            &[
                ("shown", n(paged.rows.len())),
                ("from", n(paged.page.offset + 1)),
                ("next", n(next)),
            ],
        ));
    }
}
