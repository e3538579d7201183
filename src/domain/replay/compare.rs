//! Comparing the replayed state with the stored tables: each table streamed in key order
//! against the replayed rows (a merge: neither side is searched), slots against what their
//! packages paid for. The differences, in table and row order, and what could not be proven.

use std::collections::{BTreeMap, BTreeSet};

use super::fact::{Fact, Fields, Want};
use super::{Replay, Row, Table, key};
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

/// What a comparison found so far.
#[derive(Default)]
struct Found {
    diffs: Vec<Difference>,
    unknown: BTreeSet<String>,
}

/// The event a fact comes from, by number: its action is looked up for the few findings
/// reported ([`Finding::event_mut`]), not kept for every event replayed, so the replay's
/// memory grows with the rows, not with the history.
fn event_ref(seq: Id) -> EventRef {
    EventRef { seq, action: None }
}

impl Replay {
    /// Compares the replayed state with the stored rows `stored` gives, table by table in
    /// key order (one row at a time: the stored tables are never held). Returns the
    /// differences, in table and row order (for each table its differing rows, then the rows
    /// deleted), and what could not be proven (facts older events do not record), in English.
    pub fn compare(&self, stored: &mut Stored) -> Result<(Vec<Difference>, Vec<String>)> {
        let mut found = Found::default();
        for table in &self.tables {
            if table.name == "slots" {
                self.compare_slots(stored, table, &mut found)?;
                continue;
            }
            let name = table.name;
            let mut pending = table.rows.iter().peekable();
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
                while let Some((gone, row)) = pending.next_if(|(e, _)| **e < k) {
                    deleted.push(deletion(gone, row));
                }
                match pending.next_if(|(e, _)| **e == k) {
                    Some((_, row)) => compare_fields(name, &k, &row.fields, &fields, &mut found),
                    None if name != "settings" => found.diffs.push(Difference {
                        row: row_id(name, &k),
                        finding: Finding::RowWithoutEvent {
                            row: row_ref(name, &k),
                        },
                    }),
                    None => {}
                }
                Ok(())
            })?;
            deleted.extend(pending.map(|(gone, row)| deletion(gone, row)));
            found.diffs.append(&mut deleted);
        }
        Ok((found.diffs, found.unknown.into_iter().collect()))
    }

    /// Slots are made by paying a package without their ids in the event: each package must
    /// have exactly the slots it was paid for, in its enterprise, and a slot no event touched
    /// must still be unassigned.
    fn compare_slots(&self, stored: &mut Stored, slots: &Table, found: &mut Found) -> Result<()> {
        let mut counts: BTreeMap<Id, (i64, i64)> = BTreeMap::new();
        let mut pending = slots.rows.keys().peekable();
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
            while let Some(gone) = pending.next_if(|e| **e < k) {
                deleted.push(Difference {
                    row: row_id("slots", gone),
                    finding: Finding::SlotDeleted { slot: gone.0 },
                });
            }
            pending.next_if(|e| **e == k);
            let stored_column = |name: &str| fields.iter().find(|(c, _)| *c == name).map(|c| c.1);
            let package = stored_column("package_id")
                .and_then(|c| c.as_i64())
                .unwrap_or(0);
            let Some(&(_, _, paid_by)) = self.paid_slots.get(&package) else {
                found.diffs.push(Difference {
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
            let package_org = match self.fact("packages", &key(package), "org_id") {
                Want::Absent | Want::Unknown | Want::ZeroOr(_) => Want::Null,
                w => w,
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
            if let Some(touched) = slots.rows.get(&k) {
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
                    found.diffs.push(Difference {
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
        deleted.extend(pending.map(|gone| Difference {
            row: row_id("slots", gone),
            finding: Finding::SlotDeleted { slot: gone.0 },
        }));
        found.diffs.append(&mut deleted);
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
            found.diffs.push(Difference {
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
