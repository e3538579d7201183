//! Paging of listings (`cert list`, `log`, `person list`, `org list`, `package list`):
//! `--limit N` rows from `--offset N` on, in the listing's fixed order (certificates by id,
//! then slots by id; events by sequence number; persons, enterprises, packages by id), so
//! consecutive pages neither repeat nor skip a row of an unchanged registry. A page is
//! filled by reading rows up to one past its end, never by counting them all: that row says
//! whether more follow.

/// Which rows of a listing to return.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    /// At most this many rows; `None`: all.
    pub limit: Option<usize>,
    /// Rows of the listing to skip first.
    pub offset: usize,
}

impl Page {
    /// Rows a listing returns unless told otherwise: a page that reads and prints quickly
    /// whatever the registry holds (issue 17: 1,000 rows within 100 ms at 200,000
    /// certificates and 1,000,000 events).
    pub const DEFAULT_LIMIT: usize = 1000;

    /// Every row.
    pub const ALL: Page = Page {
        limit: None,
        offset: 0,
    };
}

/// One page of a listing.
#[derive(Debug)]
pub struct Paged<T> {
    pub rows: Vec<T>,
    pub page: Page,
    /// Rows follow this page (the next starts at `page.offset + rows.len()`).
    pub more: bool,
}

impl Page {
    /// `LIMIT` and `OFFSET` for a listing SQL pages by itself (no filter decided outside
    /// SQL): one row past the page (`-1`: no limit), which says whether more follow.
    pub fn sql_window(&self) -> (i64, i64) {
        let limit = self.limit.map_or(-1, |l| {
            i64::try_from(l.saturating_add(1)).unwrap_or(i64::MAX)
        });
        (limit, i64::try_from(self.offset).unwrap_or(i64::MAX))
    }

    /// The page of the rows read with [`Page::sql_window`].
    pub fn of_window<T>(self, mut rows: Vec<T>) -> Paged<T> {
        let more = self.limit.is_some_and(|l| rows.len() > l);
        if let Some(l) = self.limit {
            rows.truncate(l);
        }
        Paged {
            rows,
            page: self,
            more,
        }
    }
}

impl<T> Paged<T> {
    /// Where the next page starts, if there is one.
    pub fn next_offset(&self) -> Option<usize> {
        self.more.then(|| self.page.offset + self.rows.len())
    }
}

/// What to do with the next row that matches a listing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Take {
    /// Before the page: skip it.
    Skip,
    /// On the page: keep it.
    Keep,
    /// Past the page: stop reading (more rows follow).
    Stop,
}

/// Fills a page from matching rows offered in listing order.
#[derive(Debug)]
pub struct Pager {
    page: Page,
    skipped: usize,
    kept: usize,
    more: bool,
}

impl Pager {
    pub fn new(page: Page) -> Pager {
        Pager {
            page,
            skipped: 0,
            kept: 0,
            more: false,
        }
    }

    /// The next matching row's fate.
    pub fn offer(&mut self) -> Take {
        if self.skipped < self.page.offset {
            self.skipped += 1;
            Take::Skip
        } else if self.page.limit.is_none_or(|l| self.kept < l) {
            self.kept += 1;
            Take::Keep
        } else {
            self.more = true;
            Take::Stop
        }
    }

    /// `n` matching rows before the page were skipped without being offered (counted where
    /// they are stored); at most the offset.
    pub fn skip(&mut self, n: usize) {
        self.skipped = self.skipped.saturating_add(n).min(self.page.offset);
    }

    /// The page is full and a row past it was seen.
    pub fn stopped(&self) -> bool {
        self.more
    }

    /// The page of `rows` (those kept, in order).
    pub fn finish<T>(self, rows: Vec<T>) -> Paged<T> {
        Paged {
            rows,
            page: self.page,
            more: self.more,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(page: Page, n: usize) -> (Vec<usize>, bool) {
        let mut pager = Pager::new(page);
        let mut kept = Vec::new();
        for i in 0..n {
            match pager.offer() {
                Take::Skip => {}
                Take::Keep => kept.push(i),
                Take::Stop => break,
            }
        }
        let paged = pager.finish(kept);
        (paged.rows, paged.more)
    }

    #[test]
    fn a_page_keeps_limit_rows_after_offset_and_says_more_follow() {
        let page = Page {
            limit: Some(3),
            offset: 2,
        };
        assert_eq!(run(page, 10), (vec![2, 3, 4], true));
    }

    #[test]
    fn the_last_page_says_nothing_follows() {
        let page = Page {
            limit: Some(3),
            offset: 7,
        };
        assert_eq!(run(page, 10), (vec![7, 8, 9], false));
        assert_eq!(run(Page::ALL, 4), (vec![0, 1, 2, 3], false));
    }
}
