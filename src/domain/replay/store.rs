//! Where the replay keeps the rows the history made, in memory that does not grow with the
//! registry (issue 17: `log verify` of a million events at constant memory).
//!
//! At most `capacity` rows are held, in two generations (the rows touched since the last
//! turn, and those of the turn before): when the young one is full, the old one's changed
//! rows go to a spill file and the young becomes the old. A row touched again is found in
//! memory if it was touched lately (an event about a certificate mostly follows the one that
//! made it), else read back from the file. The comparison then reads each table in key order:
//! from memory if nothing was spilled, else from the file (its primary key is that order).
//!
//! The file is a temporary SQLite database (`open("")`): SQLite creates it 0600 in the
//! system temp dir and unlinks it at once, so it is removed however the process ends, even
//! killed; its page cache is capped (`SPILL_CACHE_KIB`). SQLite rather than sorted runs of
//! our own because the replay must also *read* rows in event order (a reissue copies the old
//! certificate's owner, an administrator check reads a certificate's enterprise): a B-tree
//! answers those point reads, sorted runs would not. A fixed-size Bloom filter spares the
//! file a lookup for every row seen for the first time.

use std::collections::{BTreeSet, VecDeque};
use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher};
use std::sync::mpsc::{Receiver, SyncSender};

use rusqlite::{Connection, OptionalExtension, params};
// FxHash rather than SipHash for the generations: a lookup per fact the replay sets, keyed by
// ids the registry chose (no attacker picks them to collide: the chain's MAC vouches for them
// before the replay reads them); SipHash was 4 % of `log verify` (issue 17).
use rustc_hash::FxHashMap as HashMap;
use serde_json::Value;

use super::Row;
use super::fact::{Fact, Fields, WORDS, Want};
use crate::error::{Error, Result};
use crate::registry::audit::Key;

/// Rows held in memory by default: about 700 bytes each for a certificate (17 facts), so
/// some 12 MiB, whatever the registry's size.
pub const ROWS_IN_MEMORY: usize = 16_384;

/// The spill file's page cache, KiB.
const SPILL_CACHE_KIB: i64 = 8_192;

/// The spill file's page size: rows are some hundreds of bytes, written in key order.
const SPILL_PAGE_BYTES: i64 = 16_384;

/// Rows read from the file and handed to the comparison at a time.
const PAGE: usize = 1_024;

/// Bits of the Bloom filter of spilled keys (2 MiB; a million keys: about 1 in 200 first
/// touches looks for a row that is not there, which costs one lookup, never a wrong answer).
const BLOOM_BITS: usize = 1 << 24;

/// Rows of one table in key order, as the spill reader sends them (empty: the table's end).
pub(super) type Page = Result<Vec<(Key, Row)>>;

/// A row of a table (its index in the replay's tables) by key.
type Slot = (u8, Key);

struct Entry {
    row: Row,
    /// Changed since read from the file (or never written to it).
    dirty: bool,
}

/// The replayed rows of every table, at most `capacity` in memory.
pub(super) struct Rows {
    young: HashMap<Slot, Entry>,
    old: HashMap<Slot, Entry>,
    capacity: usize,
    spill: Option<Spill>,
    bloom: Vec<u64>,
    /// Rows written to the file (a row written twice counts twice).
    spilled: u64,
    /// The first error of the file: the replay's `apply` cannot fail, `compare` reports it.
    failure: Option<Error>,
}

impl Rows {
    pub fn new(capacity: usize) -> Rows {
        Rows {
            young: HashMap::default(),
            old: HashMap::default(),
            // Two generations of at least one row each.
            capacity: capacity.max(2),
            spill: None,
            bloom: Vec::new(),
            spilled: 0,
            failure: None,
        }
    }

    pub fn spilled(&self) -> u64 {
        self.spilled
    }

    /// The file's first error, if any (taken: reported once).
    pub fn failure(&mut self) -> Result<()> {
        match self.failure.take() {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    fn note<T>(&mut self, r: Result<T>) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(e) => {
                self.failure.get_or_insert(e);
                None
            }
        }
    }

    fn bloom_bits(slot: &Slot) -> (usize, usize) {
        let h = BuildHasherDefault::<DefaultHasher>::default().hash_one(slot);
        let mask = BLOOM_BITS as u64 - 1;
        // Two bits from the two halves of one hash.
        ((h & mask) as usize, ((h >> 32) & mask) as usize)
    }

    fn maybe_spilled(&self, slot: &Slot) -> bool {
        if self.spill.is_none() || self.bloom.is_empty() {
            return false;
        }
        let (a, b) = Self::bloom_bits(slot);
        let bit = |i: usize| self.bloom[i / 64] & (1 << (i % 64)) != 0;
        bit(a) && bit(b)
    }

    /// Writes the old generation's changed rows to the file; the young one becomes the old.
    fn turn(&mut self) {
        let mut old = std::mem::replace(&mut self.old, std::mem::take(&mut self.young));
        self.write(old.drain());
        // The emptied map, its room kept, is the next young generation.
        self.young = old;
    }

    fn write(&mut self, rows: impl Iterator<Item = (Slot, Entry)>) {
        let mut dirty: Vec<(Slot, Entry)> = rows.filter(|(_, e)| e.dirty).collect();
        if dirty.is_empty() {
            return;
        }
        // In key order: SQLite then appends to, or fills, the same few B-tree pages instead
        // of splitting pages all over the file (the hash maps hand rows out in any order).
        dirty.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        if self.spill.is_none() {
            let opened = Spill::open();
            self.spill = self.note(opened);
            self.bloom = vec![0; BLOOM_BITS / 64];
        }
        let Some(spill) = &self.spill else { return };
        let mut written = 0;
        let mut bits = Vec::new();
        let saved = spill.save(&mut dirty.into_iter().inspect(|(slot, _)| {
            written += 1;
            bits.push(Self::bloom_bits(slot));
        }));
        for (a, b) in bits {
            self.bloom[a / 64] |= 1 << (a % 64);
            self.bloom[b / 64] |= 1 << (b % 64);
        }
        self.spilled += written;
        self.note(saved);
    }

    /// Brings a row into the young generation (from the old one or the file); whether it is
    /// there.
    fn touch(&mut self, slot: &Slot) -> bool {
        if self.young.contains_key(slot) {
            return true;
        }
        let entry = match self.old.remove(slot) {
            Some(e) => e,
            None if self.maybe_spilled(slot) => {
                let loaded = match &self.spill {
                    Some(s) => s.load(slot),
                    None => Ok(None),
                };
                match self.note(loaded).flatten() {
                    Some(row) => Entry { row, dirty: false },
                    None => return false,
                }
            }
            None => return false,
        };
        self.put(slot.clone(), entry);
        true
    }

    fn put(&mut self, slot: Slot, entry: Entry) {
        if self.young.len() >= self.capacity / 2 {
            self.turn();
        }
        self.young.insert(slot, entry);
    }

    /// Row `k` of table `t`, if the history made it.
    pub fn get(&mut self, t: u8, k: &Key) -> Option<&Row> {
        let slot = (t, k.clone());
        if !self.touch(&slot) {
            return None;
        }
        self.young.get(&slot).map(|e| &e.row)
    }

    /// Row `k` of table `t`, made by `make` if the history had not made it.
    pub fn get_or_insert_with(&mut self, t: u8, k: Key, make: impl FnOnce() -> Row) -> &mut Row {
        let slot = (t, k);
        if !self.touch(&slot) {
            self.put(
                slot.clone(),
                Entry {
                    row: make(),
                    dirty: true,
                },
            );
        }
        let entry = self.young.entry(slot).or_insert_with(unreachable_entry);
        entry.dirty = true;
        &mut entry.row
    }

    /// Makes row `k` of table `t`, replacing one of that key.
    pub fn insert(&mut self, t: u8, k: Key, row: Row) {
        let slot = (t, k);
        self.old.remove(&slot);
        // A spilled row of that key is replaced in the file when this one is written.
        self.put(slot, Entry { row, dirty: true });
    }

    pub fn remove(&mut self, t: u8, k: &Key) {
        let slot = (t, k.clone());
        self.young.remove(&slot);
        self.old.remove(&slot);
        if self.maybe_spilled(&slot) {
            let deleted = match &self.spill {
                Some(s) => s.delete(&slot),
                None => Ok(()),
            };
            self.note(deleted);
        }
    }

    /// The keys of table `t` whose first part is `a` (`Some`) or whose second is `b`, in
    /// key order.
    pub fn keys_where(&mut self, t: u8, a: Option<i64>, b: Option<i64>) -> Vec<Key> {
        let wanted = |k: &Key| a.is_none_or(|a| k.0 == a) && b.is_none_or(|b| k.1 == b);
        let mut keys: BTreeSet<Key> = self
            .young
            .keys()
            .chain(self.old.keys())
            .filter(|(table, k)| *table == t && wanted(k))
            .map(|(_, k)| k.clone())
            .collect();
        if let Some(s) = &self.spill {
            let found = s.keys(t, a, b);
            if let Some(found) = self.note(found) {
                keys.extend(found);
            }
        }
        keys.into_iter().collect()
    }

    /// Ends the replay: if nothing was spilled, the rows in memory, table by table in key
    /// order; else every changed row goes to the file (and none are returned: [`read`] streams
    /// each table from the file).
    pub fn finish(&mut self, tables: usize) -> Result<Vec<Vec<(Key, Row)>>> {
        self.failure()?;
        let old = std::mem::take(&mut self.old);
        let young = std::mem::take(&mut self.young);
        let mut each: Vec<Vec<(Key, Row)>> = (0..tables).map(|_| Vec::new()).collect();
        if self.spill.is_none() {
            for ((t, k), e) in old.into_iter().chain(young) {
                if let Some(rows) = each.get_mut(usize::from(t)) {
                    rows.push((k, e.row));
                }
            }
            for rows in &mut each {
                rows.sort_by(|a, b| a.0.cmp(&b.0));
            }
            return Ok(each);
        }
        // The old generation first: a row in both was touched again, the young one is newer.
        self.write(old.into_iter());
        self.write(young.into_iter());
        self.failure()?;
        Ok(each)
    }

    /// The spill file, if rows went to it: [`read`] streams its tables from it.
    pub fn take_spill(&mut self) -> Option<Spill> {
        self.spill.take()
    }
}

/// Each table's rows, in table and key order, in pages of at most `PAGE` rows (an empty page
/// ends a table), until the receiver hangs up. Runs on a thread of its own while the
/// comparison reads the stored tables: reading and decoding the file overlaps with them.
pub(super) fn read(spill: Spill, tables: usize, pages: &SyncSender<Page>) {
    for t in 0..tables {
        let Ok(t) = u8::try_from(t) else { return };
        let send = |page| pages.send(page).is_ok();
        let sent = spill.each(t, &mut |rows| send(Ok(rows)));
        match sent {
            Ok(true) => {}
            // The comparison stopped (it failed): nothing more to send.
            Ok(false) => return,
            Err(e) => {
                let _ = pages.send(Err(e));
                return;
            }
        }
    }
}

/// Never called: `get_or_insert_with` has just put the row in the young generation.
fn unreachable_entry() -> Entry {
    unreachable!("the row was just put in the young generation")
}

/// One table's replayed rows in key order, read as the comparison goes: from memory, or as
/// [`read`] sends them.
pub(super) struct Sorted<'a> {
    buffered: VecDeque<(Key, Row)>,
    pages: Option<&'a Receiver<Page>>,
}

impl<'a> Sorted<'a> {
    pub fn memory(rows: Vec<(Key, Row)>) -> Sorted<'a> {
        Sorted {
            buffered: rows.into(),
            pages: None,
        }
    }

    pub fn pages(pages: &'a Receiver<Page>) -> Sorted<'a> {
        Sorted {
            buffered: VecDeque::new(),
            pages: Some(pages),
        }
    }

    fn fill(&mut self) -> Result<()> {
        if !self.buffered.is_empty() {
            return Ok(());
        }
        let Some(pages) = self.pages else {
            return Ok(());
        };
        match pages.recv() {
            Ok(Ok(page)) if !page.is_empty() => self.buffered = page.into(),
            // The table's end.
            Ok(Ok(_)) => self.pages = None,
            Ok(Err(e)) => return Err(e),
            Err(_) => {
                return Err(Error::Internal(
                    "the replay's spill reader stopped early".into(),
                ));
            }
        }
        Ok(())
    }

    /// The next row, if its key is before `k` (`less`) or is `k`.
    pub fn next_if(&mut self, k: &Key, less: bool) -> Result<Option<(Key, Row)>> {
        self.fill()?;
        let take = self
            .buffered
            .front()
            .is_some_and(|(e, _)| if less { e < k } else { e == k });
        Ok(if take {
            self.buffered.pop_front()
        } else {
            None
        })
    }

    /// The next row (`None` once the table's end is read: the next table's pages follow).
    pub fn next(&mut self) -> Result<Option<(Key, Row)>> {
        self.fill()?;
        Ok(self.buffered.pop_front())
    }
}

/// The spill file: one table of rows by (table, key), each row's facts encoded as a blob.
pub(super) struct Spill {
    db: Connection,
}

/// A plain row's key (`(id, 0, "")` of table `t`, `0 <= id < 2^56`) as one integer: most rows
/// are kept under it, where SQLite inserts and finds them by number (cheaper than a key of
/// four columns); the others (memberships, seal assignments, settings) are kept by their key.
fn plain_id(t: u8, (a, b, s): &Key) -> Option<i64> {
    (*b == 0 && s.is_empty() && (0..1 << 56).contains(a)).then(|| (i64::from(t) << 56) | a)
}

/// The id range of table `t`'s plain rows.
fn plain_range(t: u8) -> (i64, i64) {
    let first = i64::from(t) << 56;
    (first, first + ((1 << 56) - 1))
}

impl Spill {
    fn open() -> Result<Spill> {
        // "": a private temporary database, deleted when closed (unlinked at once on Unix).
        let db = Connection::open("")?;
        db.pragma_update(None, "page_size", SPILL_PAGE_BYTES)?;
        db.execute_batch(
            "PRAGMA locking_mode = EXCLUSIVE;
             PRAGMA journal_mode = OFF;
             PRAGMA synchronous = OFF;
             CREATE TABLE n (id INTEGER PRIMARY KEY, made_by INTEGER NOT NULL,
                             facts BLOB NOT NULL);
             CREATE TABLE r (t INTEGER NOT NULL, a INTEGER NOT NULL, b INTEGER NOT NULL,
                             s TEXT NOT NULL, made_by INTEGER NOT NULL, facts BLOB NOT NULL,
                             PRIMARY KEY (t, a, b, s)) WITHOUT ROWID;",
        )?;
        // A number of pages, not of KiB: SQLite turns KiB into pages at the page size of the
        // moment, and set before the page size the cap was 2,048 pages of 16 KiB, 32 MiB
        // rather than 8 (`log verify`'s memory grew with the registry until the file was
        // that large: 91 MiB peak at a million events, 59 with the cap kept).
        db.pragma_update(
            None,
            "cache_size",
            SPILL_CACHE_KIB * 1024 / SPILL_PAGE_BYTES,
        )?;
        Ok(Spill { db })
    }

    fn save(&self, rows: &mut dyn Iterator<Item = (Slot, Entry)>) -> Result<()> {
        let tx = self.db.unchecked_transaction()?;
        {
            let mut plain = tx.prepare_cached("INSERT OR REPLACE INTO n VALUES (?, ?, ?)")?;
            let mut keyed =
                tx.prepare_cached("INSERT OR REPLACE INTO r VALUES (?, ?, ?, ?, ?, ?)")?;
            let mut buf = Vec::new();
            for ((t, k), e) in rows {
                buf.clear();
                encode(&e.row, &mut buf);
                match plain_id(t, &k) {
                    Some(id) => plain.execute(params![id, e.row.made_by, buf])?,
                    None => keyed.execute(params![t, k.0, k.1, k.2, e.row.made_by, buf])?,
                };
            }
        }
        tx.commit()?;
        Ok(())
    }

    fn load(&self, (t, k): &Slot) -> Result<Option<Row>> {
        let read = |r: &rusqlite::Row| Ok((r.get::<_, i64>(0)?, r.get::<_, Vec<u8>>(1)?));
        let found = match plain_id(*t, k) {
            Some(id) => self
                .db
                .prepare_cached("SELECT made_by, facts FROM n WHERE id = ?")?
                .query_row(params![id], read),
            None => self
                .db
                .prepare_cached(
                    "SELECT made_by, facts FROM r WHERE t = ? AND a = ? AND b = ? AND s = ?",
                )?
                .query_row(params![t, k.0, k.1, k.2], read),
        }
        .optional()?;
        found
            .map(|(made_by, facts)| row(made_by, &facts))
            .transpose()
    }

    fn delete(&self, (t, k): &Slot) -> Result<()> {
        match plain_id(*t, k) {
            Some(id) => self
                .db
                .prepare_cached("DELETE FROM n WHERE id = ?")?
                .execute(params![id])?,
            None => self
                .db
                .prepare_cached("DELETE FROM r WHERE t = ? AND a = ? AND b = ? AND s = ?")?
                .execute(params![t, k.0, k.1, k.2])?,
        };
        Ok(())
    }

    fn keys(&self, t: u8, a: Option<i64>, b: Option<i64>) -> Result<Vec<Key>> {
        let mut keys = Vec::new();
        if b.is_none_or(|b| b == 0) {
            let (mut first, mut last) = plain_range(t);
            if let Some(a) = a {
                match plain_id(t, &(a, 0, String::new())) {
                    Some(id) => (first, last) = (id, id),
                    None => (first, last) = (1, 0),
                }
            }
            let mut select = self
                .db
                .prepare_cached("SELECT id FROM n WHERE id BETWEEN ? AND ? ORDER BY id")?;
            let found = select
                .query_map(params![first, last], |r| r.get::<_, i64>(0))?
                .collect::<rusqlite::Result<Vec<i64>>>()?;
            keys.extend(
                found
                    .into_iter()
                    .map(|id| (id - first_of(t), 0, String::new())),
            );
        }
        let mut select = self.db.prepare_cached(
            "SELECT a, b, s FROM r WHERE t = ?1 AND (?2 IS NULL OR a = ?2)
                                      AND (?3 IS NULL OR b = ?3) ORDER BY a, b, s",
        )?;
        let found = select
            .query_map(params![t, a, b], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<Vec<Key>>>()?;
        keys.extend(found);
        keys.sort();
        Ok(keys)
    }

    /// Table `t`'s rows in key order (text in bytes' order, as `String`'s `Ord`), given to
    /// `send` a page at a time, then an empty page; `Ok(false)` when `send` refused one. The
    /// plain rows and the others are merged as read, both in key order.
    fn each(&self, t: u8, send: &mut dyn FnMut(Vec<(Key, Row)>) -> bool) -> Result<bool> {
        let (first, last) = plain_range(t);
        let mut plain = self.db.prepare_cached(
            "SELECT id, made_by, facts FROM n WHERE id BETWEEN ? AND ? ORDER BY id",
        )?;
        let mut plain = plain.query(params![first, last])?;
        let mut keyed = self
            .db
            .prepare_cached("SELECT a, b, s, made_by, facts FROM r WHERE t = ? ORDER BY a, b, s")?;
        let mut keyed = keyed.query(params![t])?;
        let mut next_plain = || -> Result<Option<(Key, Row)>> {
            let Some(r) = plain.next()? else {
                return Ok(None);
            };
            let facts = r.get_ref(2)?.as_blob().map_err(rusqlite::Error::from)?;
            let id: i64 = r.get(0)?;
            Ok(Some((
                (id - first, 0, String::new()),
                row(r.get(1)?, facts)?,
            )))
        };
        let mut next_keyed = || -> Result<Option<(Key, Row)>> {
            let Some(r) = keyed.next()? else {
                return Ok(None);
            };
            let facts = r.get_ref(4)?.as_blob().map_err(rusqlite::Error::from)?;
            let k = (r.get(0)?, r.get(1)?, r.get(2)?);
            Ok(Some((k, row(r.get(3)?, facts)?)))
        };
        let (mut p, mut q) = (next_plain()?, next_keyed()?);
        let mut page = Vec::with_capacity(PAGE);
        loop {
            let plain_first = match (&p, &q) {
                (None, None) => break,
                (Some(_), None) => true,
                (None, Some(_)) => false,
                (Some((a, _)), Some((b, _))) => a < b,
            };
            let taken = if plain_first {
                std::mem::replace(&mut p, next_plain()?)
            } else {
                std::mem::replace(&mut q, next_keyed()?)
            };
            page.extend(taken);
            if page.len() == PAGE && !send(std::mem::replace(&mut page, Vec::with_capacity(PAGE))) {
                return Ok(false);
            }
        }
        if !page.is_empty() && !send(page) {
            return Ok(false);
        }
        Ok(send(Vec::new()))
    }
}

fn first_of(t: u8) -> i64 {
    plain_range(t).0
}

// A row's facts in the file: per column a tag, then what the tag needs, then the event's
// sequence number (8 bytes, little-endian) unless it is the row's `made_by` (`SAME_SEQ` in
// the tag: most facts were set by the event that made the row). Only this process reads what
// it wrote.
const ABSENT: u8 = 0;
const NULL: u8 = 1;
const INT: u8 = 2;
const WORD: u8 = 3;
const TEXT: u8 = 4;
const DIGEST: u8 = 5;
const JSON: u8 = 6;
const UNKNOWN: u8 = 7;
const ZERO_OR: u8 = 8;
const FLOAT: u8 = 9;
const SAME_SEQ: u8 = 0x80;

pub(super) fn encode(row: &Row, out: &mut Vec<u8>) {
    for f in row.fields.all() {
        let tag_at = out.len();
        let bytes = |out: &mut Vec<u8>, b: &[u8]| {
            out.extend_from_slice(&(b.len() as u64).to_le_bytes());
            out.extend_from_slice(b);
        };
        match &f.want {
            Want::Absent => {
                out.push(ABSENT);
                continue;
            }
            Want::Null => out.push(NULL),
            Want::Int(i) => {
                out.push(INT);
                out.extend_from_slice(&i.to_le_bytes());
            }
            Want::Word(w) => match WORDS.iter().position(|x| x == w) {
                Some(i) => {
                    out.push(WORD);
                    out.push(i as u8);
                }
                None => {
                    out.push(TEXT);
                    bytes(out, w.as_bytes());
                }
            },
            Want::Text(t) => {
                out.push(TEXT);
                bytes(out, t.as_bytes());
            }
            Want::Digest(d) => {
                out.push(DIGEST);
                out.extend_from_slice(&d[..]);
            }
            // A float as its bits: JSON text might not read back as the same number.
            Want::Json(v) if v.is_f64() => {
                out.push(FLOAT);
                out.extend_from_slice(&v.as_f64().unwrap_or(0.0).to_bits().to_le_bytes());
            }
            Want::Json(v) => {
                out.push(JSON);
                bytes(out, v.to_string().as_bytes());
            }
            Want::Unknown => out.push(UNKNOWN),
            Want::ZeroOr(n) => {
                out.push(ZERO_OR);
                out.extend_from_slice(&n.to_le_bytes());
            }
        }
        if f.seq == row.made_by {
            out[tag_at] |= SAME_SEQ;
        } else {
            out.extend_from_slice(&f.seq.to_le_bytes());
        }
    }
}

fn corrupt() -> Error {
    Error::Internal("the replay's spill file holds a row it did not write".into())
}

pub(super) fn row(made_by: i64, mut b: &[u8]) -> Result<Row> {
    fn take<'a>(b: &mut &'a [u8], n: usize) -> Result<&'a [u8]> {
        if b.len() < n {
            return Err(corrupt());
        }
        let (head, rest) = b.split_at(n);
        *b = rest;
        Ok(head)
    }
    fn int(b: &mut &[u8]) -> Result<i64> {
        let mut a = [0; 8];
        a.copy_from_slice(take(b, 8)?);
        Ok(i64::from_le_bytes(a))
    }
    fn text(b: &mut &[u8]) -> Result<String> {
        let n = usize::try_from(int(b)?).map_err(|_| corrupt())?;
        String::from_utf8(take(b, n)?.to_vec()).map_err(|_| corrupt())
    }
    let mut facts = Vec::new();
    while let Some((&tagged, rest)) = b.split_first() {
        b = rest;
        let want = match tagged & !SAME_SEQ {
            ABSENT => {
                facts.push(Fact::ABSENT);
                continue;
            }
            NULL => Want::Null,
            INT => Want::Int(int(&mut b)?),
            WORD => {
                let i = take(&mut b, 1)?[0];
                Want::Word(WORDS.get(usize::from(i)).ok_or_else(corrupt)?)
            }
            TEXT => Want::Text(text(&mut b)?.into()),
            DIGEST => {
                let mut d = [0; 32];
                d.copy_from_slice(take(&mut b, 32)?);
                Want::Digest(Box::new(d))
            }
            JSON => {
                let v: Value = serde_json::from_str(&text(&mut b)?).map_err(|_| corrupt())?;
                Want::Json(Box::new(v))
            }
            FLOAT => {
                let bits = u64::from_le_bytes(int(&mut b)?.to_le_bytes());
                let n = serde_json::Number::from_f64(f64::from_bits(bits)).ok_or_else(corrupt)?;
                Want::Json(Box::new(Value::Number(n)))
            }
            UNKNOWN => Want::Unknown,
            ZERO_OR => Want::ZeroOr(int(&mut b)?),
            _ => return Err(corrupt()),
        };
        let seq = match tagged & SAME_SEQ {
            0 => int(&mut b)?,
            _ => made_by,
        };
        facts.push(Fact { want, seq });
    }
    Ok(Row {
        made_by,
        fields: Fields::from(facts),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_spill_files_page_cache_holds_at_most_its_cap() {
        let spill = Spill::open().expect("a temporary database opens");
        let pragma = |name: &str| -> i64 {
            spill
                .db
                .query_row(&format!("PRAGMA {name}"), [], |r| r.get(0))
                .expect("the pragma reads")
        };
        let (pages, page_bytes) = (pragma("cache_size"), pragma("page_size"));
        assert_eq!(page_bytes, SPILL_PAGE_BYTES);
        assert!(pages > 0, "a number of pages, not of KiB: {pages}");
        assert_eq!(pages * page_bytes, SPILL_CACHE_KIB * 1024);
    }
}
