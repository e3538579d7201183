//! Comparing the replayed state with the stored tables: each table streamed in key order
//! against the replayed rows, also read in key order (a merge: neither side is searched),
//! slots against what their packages paid for. The first differences, in table and row order,
//! and what could not be proven.

use std::collections::{BTreeMap, BTreeSet};

use super::fact::{Fact, Fields, Want};
use super::store::Sorted;
use super::{KEPT, Replay, Row, Table};
use crate::domain::history_finding::{EventRef, Finding, RowRef, Shown};
use crate::error::Result;
use crate::model::Id;
use crate::registry::audit::{Fields as StoredFields, Key};

/// The stored rows, table by table: `stored(table, visit)` calls `visit` with each row of
/// `table` in key order, its columns in `TABLES` order.
pub type Stored<'a> =
    dyn FnMut(&str, &mut dyn FnMut(Key, StoredFields<'_>) -> Result<()>) -> Result<()> + 'a;

/// A difference between the stored state and the replayed history.
#[derive(Debug, Clone)]
pub struct Difference {
    /// `table:id` (`certs:3`, `seal_assignments:1:2`, `settings:kdf.memory_kib`).
    pub row: String,
    pub finding: Finding,
}

/// What a comparison found so far: the first [`KEPT`] differences (`log verify` reports no
/// more), every fact not provable.
#[derive(Default)]
struct Found {
    diffs: Vec<Difference>,
    unknown: BTreeSet<String>,
}

impl Found {
    fn push(&mut self, d: Difference) {
        if self.diffs.len() < KEPT {
            self.diffs.push(d);
        }
    }

    /// A table's deleted rows, reported after its other differences.
    fn append(&mut self, deleted: Vec<Difference>) {
        let room = KEPT.saturating_sub(self.diffs.len());
        self.diffs.extend(deleted.into_iter().take(room));
    }
}

/// `deleted` with `d` added, while it is among the first [`KEPT`].
fn note(deleted: &mut Vec<Difference>, d: impl FnOnce() -> Difference) {
    if deleted.len() < KEPT {
        deleted.push(d());
    }
}

/// The event a fact comes from, by number: its action is looked up for the few findings
/// reported ([`Finding::event_mut`]), not kept for every event replayed, so the replay's
/// memory grows with the rows, not with the history.
fn event_ref(seq: Id) -> EventRef {
    EventRef { seq, action: None }
}

impl Replay {
    /// Compares the replayed state with the stored rows `stored` gives, table by table in
    /// key order (one row at a time on both sides: neither is held whole). Returns the first
    /// [`KEPT`] differences, in table and row order (for each table its differing rows, then
    /// the rows deleted), and what could not be proven (facts older events do not record), in
    /// English. Ends the replay: its rows are read as they are compared.
    pub fn compare(&mut self, stored: &mut Stored) -> Result<(Vec<Difference>, Vec<String>)> {
        let tables = self.tables.len();
        let memory = self.rows.finish(tables)?;
        let Some(spill) = self.rows.take_spill() else {
            let sorted = memory.into_iter().map(Sorted::memory).collect();
            return self.compare_sorted(stored, sorted);
        };
        // The spilled rows are read and decoded on a thread of their own (the replay's is
        // done) while this one reads the stored tables; a few pages wait at most.
        let (send, pages) = std::sync::mpsc::sync_channel(4);
        std::thread::scope(|scope| {
            scope.spawn(move || super::store::read(spill, tables, &send));
            let sorted = (0..tables).map(|_| Sorted::pages(&pages)).collect();
            let compared = self.compare_sorted(stored, sorted);
            // Hang up first: a reader still sending (the comparison failed) then stops.
            drop(pages);
            compared
        })
    }

    fn compare_sorted(
        &self,
        stored: &mut Stored,
        sorted: Vec<Sorted>,
    ) -> Result<(Vec<Difference>, Vec<String>)> {
        let mut found = Found::default();
        for (table, mut pending) in self.tables.iter().zip(sorted) {
            if table.name == "slots" {
                self.compare_slots(stored, table, &mut pending, &mut found)?;
                continue;
            }
            let name = table.name;
            let mut deleted = Vec::new();
            let deletion = |k: &Key, row: &Row| Difference {
                row: row_id(name, k),
                finding: Finding::RowDeleted {
                    row: row_ref(name, k),
                    by: event_ref(row.made_by),
                },
            };
            stored(name, &mut |k, fields| {
                // Replayed rows before this stored one are not stored: deleted.
                while let Some((gone, row)) = pending.next_if(&k, true)? {
                    note(&mut deleted, || deletion(&gone, &row));
                }
                match pending.next_if(&k, false)? {
                    Some((_, row)) => compare_fields(name, &k, &row.fields, &fields, &mut found),
                    None if name != "settings" => found.push(Difference {
                        row: row_id(name, &k),
                        finding: Finding::RowWithoutEvent {
                            row: row_ref(name, &k),
                        },
                    }),
                    None => {}
                }
                Ok(())
            })?;
            while let Some((gone, row)) = pending.next()? {
                note(&mut deleted, || deletion(&gone, &row));
            }
            found.append(deleted);
        }
        Ok((found.diffs, found.unknown.into_iter().collect()))
    }

    /// Slots are made by paying a package without their ids in the event: each package must
    /// have exactly the slots it was paid for, in its enterprise, and a slot no event touched
    /// must still be unassigned.
    fn compare_slots(
        &self,
        stored: &mut Stored,
        slots: &Table,
        pending: &mut Sorted,
        found: &mut Found,
    ) -> Result<()> {
        let mut counts: BTreeMap<Id, (i64, i64)> = BTreeMap::new();
        let mut deleted = Vec::new();
        let column = |name: &str| slots.column(name);
        let (state, owner, holder, org) = (
            column("state"),
            column("owner_person_id"),
            column("holder_person_id"),
            column("org_id"),
        );
        stored("slots", &mut |k, fields| {
            // Slots the history touched that are not stored (in key order, as stored).
            while let Some((gone, _)) = pending.next_if(&k, true)? {
                note(&mut deleted, || Difference {
                    row: row_id("slots", &gone),
                    finding: Finding::SlotDeleted { slot: gone.0 },
                });
            }
            let touched = pending.next_if(&k, false)?;
            let stored_column = |name: &str| fields.iter().find(|(c, _)| *c == name).map(|c| c.1);
            let package = stored_column("package_id")
                .and_then(|c| c.as_i64())
                .unwrap_or(0);
            let Some(&(_, _, paid_by)) = self.paid_slots.get(&package) else {
                found.push(Difference {
                    row: row_id("slots", &k),
                    finding: Finding::SlotUnpaid { slot: k.0, package },
                });
                return Ok(());
            };
            let c = counts.entry(package).or_default();
            match stored_column("kind").and_then(|c| c.as_str()) {
                Some("enterprise") => c.0 += 1,
                _ => c.1 += 1,
            }
            // What a slot no event touched holds: the defaults, then what events set.
            let mut row = Fields::new(slots.columns.len());
            let default = |want| Fact { want, seq: paid_by };
            let package_org = match self.package_org.get(&package) {
                None | Some(Want::Absent | Want::Unknown | Want::ZeroOr(_)) => Want::Null,
                Some(w) => w.clone(),
            };
            for (col, want) in [
                (state, Want::word("unassigned")),
                (owner, Want::Null),
                (holder, Want::Null),
                (org, package_org),
            ] {
                if let Some(col) = col {
                    row.set(col, default(want));
                }
            }
            if let Some((_, touched)) = &touched {
                for (col, fact) in touched.fields.iter() {
                    row.set(col, fact.clone());
                }
            }
            compare_fields("slots", &k, &row, &fields, found);
            Ok(())
        })?;
        for (package, &(ent, per, paid_by)) in &self.paid_slots {
            let (have_ent, have_per) = counts.get(package).copied().unwrap_or((0, 0));
            for (kind, want, have) in [("enterprise", ent, have_ent), ("personal", per, have_per)] {
                if want >= 0 && want != have {
                    found.push(Difference {
                        row: format!("packages:{package}"),
                        finding: Finding::SlotCount {
                            package: *package,
                            kind: kind.to_string(),
                            have,
                            want,
                            by: event_ref(paid_by),
                        },
                    });
                }
            }
        }
        while let Some((gone, _)) = pending.next()? {
            note(&mut deleted, || Difference {
                row: row_id("slots", &gone),
                finding: Finding::SlotDeleted { slot: gone.0 },
            });
        }
        found.append(deleted);
        Ok(())
    }
}

/// Compares a stored row's columns with the replayed row's facts, column by column (both in
/// the order of `TABLES`: what decides trust, status, before what follows from it).
fn compare_fields(table: &str, k: &Key, row: &Fields, stored: &StoredFields, found: &mut Found) {
    for (column, (field, value)) in stored.iter().enumerate() {
        let Some(fact) = row.get(column) else {
            continue;
        };
        let matches = match &fact.want {
            // A PIN attempt is counted before its outcome is known (D11: a process killed
            // during the key derivation keeps its attempt counted), without an event: the
            // recorded count is a floor. Only a lower count (more guesses) is tampering.
            want if *field == "wrong_pins" && want.value().is_some() => {
                value.as_i64().unwrap_or(-1) >= want.as_i64().unwrap_or(0)
            }
            // The operator set the PIN: migration 0007 recorded the holder instead for
            // certificates made before it, which only narrows whom it proves (`--as`).
            Want::Null if *field == "pin_set_by" => true,
            Want::ZeroOr(n) => value.as_i64() == Some(*n) || value.as_i64() == Some(0),
            Want::Unknown => {
                found.unknown.insert(
                    Finding::NotProvable {
                        row: row_ref(table, k),
                        field: field.to_string(),
                    }
                    .recorded(),
                );
                true
            }
            want => want.matches(value),
        };
        if !matches {
            let want = match &fact.want {
                Want::ZeroOr(n) => Shown::ZeroOr(*n),
                w => w.value().map_or(Shown::None, |v| Shown::of(&v)),
            };
            found.push(Difference {
                row: row_id(table, k),
                finding: Finding::FieldDiffers {
                    row: row_ref(table, k),
                    field: field.to_string(),
                    found: Shown::of(&value.plain()),
                    want,
                    by: event_ref(fact.seq),
                },
            });
        }
    }
}

fn row_id(table: &str, k: &Key) -> String {
    match table {
        "settings" => format!("settings:{}", k.2),
        "seal_assignments" | "memberships" => format!("{table}:{}:{}", k.0, k.1),
        _ => format!("{table}:{}", k.0),
    }
}

/// A row as a finding names it (the catalogue words it).
fn row_ref(table: &str, k: &Key) -> RowRef {
    RowRef {
        table: table.to_string(),
        id: k.0,
        other: k.1,
        key: k.2.clone(),
    }
}
