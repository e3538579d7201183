//! Walking the history chain (`log verify`, the one-time re-key): numbering, links, MACs and
//! time order of every event, in sequence order, a batch at a time.

use super::GENESIS;
use crate::domain::history_finding::Finding;
use crate::error::{Error, Result};
use crate::model::{Event, Id, Stamp};
use crate::registry::Tx;
use crate::registry::events::{self, StoredEvent};

/// The first problem of a chain walk, with the event it is at.
pub(super) struct Break {
    pub(super) seq: Id,
    pub(super) what: Finding,
}

/// What a chain walk found: how many events, the newest (number and hash), the first break.
pub(super) struct Walked {
    pub(super) count: u64,
    pub(super) last: Option<(Id, String)>,
    pub(super) broken: Option<Break>,
}

/// Events read at a time: their MACs are computed and their details parsed on every core
/// while the next batch is read, and only the batch in hand is kept.
const BATCH: usize = 4096;

/// An event as read, after the cores checked it: typed when its stored hash is its `hash`
/// and its columns read (nearly always), else as stored, with whether the hash matched.
enum Read {
    Typed(Event),
    Raw(StoredEvent, bool),
}

impl Read {
    fn of(s: StoredEvent, hash: &(dyn Fn(&StoredEvent) -> String + Sync)) -> Read {
        if hash(&s) != s.hash {
            return Read::Raw(s, false);
        }
        match s.into_event() {
            Ok(e) => Read::Typed(e),
            Err(b) => Read::Raw(b.0, true),
        }
    }
}

/// Walks every event in order with `hash` as the hash function: numbering, links, hashes and
/// time order; then the high-water mark. `visit` sees each event that passed. One statement,
/// in sequence order, a batch at a time: memory does not grow with the history.
pub(super) fn walk(
    tx: &Tx,
    hash: &(dyn Fn(&StoredEvent) -> String + Sync),
    mut visit: impl FnMut(&Event),
) -> Result<Walked> {
    let mut w = Walker {
        expected_seq: 1,
        prev_hash: GENESIS.to_string(),
        prev_at: None,
        walked: Walked {
            count: 0,
            last: None,
            broken: None,
        },
    };
    let check = |batch: Vec<StoredEvent>| -> Vec<Read> {
        on_cores_owned(batch, &|s: StoredEvent| Read::of(s, hash))
    };
    let check = &check;
    std::thread::scope(|scope| {
        let mut computing: Option<std::thread::ScopedJoinHandle<Vec<Read>>> = None;
        let mut take = |done: Vec<Read>| {
            for read in done {
                if !w.take(read, &mut visit) {
                    return false;
                }
            }
            true
        };
        events::for_each_batch(tx, BATCH, |batch| {
            // The cores check this batch while the previous one is replayed here.
            let next = scope.spawn(move || check(batch));
            let going = match computing.replace(next) {
                Some(previous) => take(joined(previous)),
                None => true,
            };
            Ok(going)
        })?;
        if let Some(last) = computing.take() {
            take(joined(last));
        }
        Ok::<_, Error>(())
    })?;
    let mut walked = w.walked;
    if walked.broken.is_none() {
        let high = events::high_water(tx)?;
        if high >= w.expected_seq {
            walked.broken = Some(Break {
                seq: w.expected_seq,
                what: Finding::NewestMissing {
                    from: w.expected_seq,
                    to: high,
                },
            });
        }
    }
    Ok(walked)
}

pub(super) fn joined<T>(t: std::thread::ScopedJoinHandle<T>) -> T {
    t.join().unwrap_or_else(|p| std::panic::resume_unwind(p))
}

/// Where a chain walk is.
struct Walker {
    expected_seq: Id,
    prev_hash: String,
    prev_at: Option<(Id, Stamp)>,
    walked: Walked,
}

impl Walker {
    /// Takes the next event: false once the chain is broken (the walk stops there).
    fn take(&mut self, read: Read, visit: &mut impl FnMut(&Event)) -> bool {
        if self.walked.broken.is_some() {
            return false;
        }
        self.walked.count += 1;
        let (problem, e) = match read {
            Read::Typed(e) => {
                let seen = Seen {
                    seq: e.seq,
                    prev_hash: &e.prev_hash,
                    mac_ok: true,
                    at: Some(e.at),
                    at_text: &|| e.at.text(),
                    action: &e.action,
                    actor: &e.actor,
                };
                (self.problem(&seen), Some(e))
            }
            Read::Raw(s, mac_ok) => {
                let seen = Seen {
                    seq: s.seq,
                    prev_hash: &s.prev_hash,
                    mac_ok,
                    at: Stamp::parse(&s.at),
                    at_text: &|| s.at.clone(),
                    action: &s.action,
                    actor: &s.actor,
                };
                // Typed only once the stored text passed: the MAC covers the text, not its
                // reading.
                match self.problem(&seen) {
                    Some(p) => (Some(p), None),
                    None => match s.event() {
                        Ok(e) => (None, Some(e)),
                        Err(u) => (
                            Some((
                                s.seq,
                                Finding::EventUnreadable {
                                    seq: s.seq,
                                    value: u.value,
                                },
                            )),
                            None,
                        ),
                    },
                }
            }
        };
        let e = match (problem, e) {
            (None, Some(e)) => e,
            (Some((seq, what)), _) => {
                self.walked.broken = Some(Break { seq, what });
                return false;
            }
            (None, None) => return false,
        };
        visit(&e);
        self.expected_seq = e.seq + 1;
        self.prev_at = Some((e.seq, e.at));
        self.walked.last = Some((e.seq, e.hash.clone()));
        self.prev_hash = e.hash;
        true
    }

    /// What is wrong with the next event, in the order checked: its number, its link, its
    /// MAC, its time.
    fn problem(&self, s: &Seen) -> Option<(Id, Finding)> {
        let expected_seq = self.expected_seq;
        if s.seq != expected_seq {
            let missing = if s.seq == expected_seq + 1 {
                Finding::EventMissing { seq: expected_seq }
            } else {
                Finding::EventsMissing {
                    from: expected_seq,
                    to: s.seq - 1,
                }
            };
            return Some((expected_seq, missing));
        }
        if s.prev_hash != self.prev_hash {
            return Some((s.seq, Finding::EventUnlinked { seq: s.seq }));
        }
        if !s.mac_ok {
            let what = Finding::EventAltered {
                seq: s.seq,
                action: s.action.to_string(),
                actor: s.actor.to_string(),
                at: (s.at_text)(),
            };
            return Some((s.seq, what));
        }
        let Some(at) = s.at else {
            let at = (s.at_text)();
            return Some((s.seq, Finding::EventBadTime { seq: s.seq, at }));
        };
        match &self.prev_at {
            Some((p, before)) if at < *before => Some((
                s.seq,
                Finding::EventBackInTime {
                    seq: s.seq,
                    action: s.action.to_string(),
                    at: (s.at_text)(),
                    before: *p,
                    before_at: before.text(),
                },
            )),
            _ => None,
        }
    }
}

/// What the chain checks of an event, typed or as stored.
struct Seen<'a> {
    seq: Id,
    prev_hash: &'a str,
    mac_ok: bool,
    /// Its time, if its text is one catool writes.
    at: Option<Stamp>,
    at_text: &'a dyn Fn() -> String,
    action: &'a str,
    actor: &'a str,
}

/// [`super::on_cores`] taking the items.
fn on_cores_owned<T: Send, R: Send>(items: Vec<T>, f: &(dyn Fn(T) -> R + Sync)) -> Vec<R> {
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    if cores < 2 || items.len() < 256 {
        return items.into_iter().map(f).collect();
    }
    let part = items.len().div_ceil(cores);
    let mut items = items;
    let mut parts = Vec::with_capacity(cores);
    while items.len() > part {
        let rest = items.split_off(part);
        parts.push(std::mem::replace(&mut items, rest));
    }
    parts.push(items);
    std::thread::scope(|s| {
        let running: Vec<_> = parts
            .into_iter()
            .map(|chunk| s.spawn(move || chunk.into_iter().map(f).collect::<Vec<R>>()))
            .collect();
        running.into_iter().flat_map(joined).collect()
    })
}
