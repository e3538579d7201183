//! The replay in bounded memory against the replay in memory: however few rows it may hold
//! (most then go through its temporary file, written and read back many times), it must
//! build the same rows and find the same differences, in the same order.

use serde_json::{Value, json};

use super::Replay;
use super::fact::Want;
use super::store::Sorted;
use crate::domain::anchor::tests::event;
use crate::domain::history_finding::Finding;
use crate::model::{Event, EventOutcome, Id};
use crate::registry::audit::{Column, Fields as StoredFields, Key, TABLES, column_name};

/// An event with its object and the ids it names.
fn ev(seq: Id, action: &str, object: &str, ids: [Option<Id>; 3], details: Value) -> Event {
    let mut e = event(seq, action, details);
    e.object = object.into();
    [e.org_id, e.person_id, e.cert_id] = ids;
    e
}

/// A history of three enterprises touching every table the replay keeps: memberships added,
/// removed and an administrator transferred, packages paid, slots assigned, certificates
/// issued, revoked, frozen, re-held, bound, reissued and extended (a seal assignment moving
/// with it), wrong PINs counted, a setting changed, and an unfreeze by a member who is not
/// the administrator. The slots, each with its package and kind.
fn history() -> (Vec<Event>, Vec<(Id, Id, &'static str)>) {
    let mut events = Vec::new();
    let mut seq = 0;
    // An event by the operator, or by `actor` (`action!` written with a leading `person:N`).
    let mut add = |action: &str, object: &str, ids: [Option<Id>; 3], details: Value| {
        seq += 1;
        let mut e = ev(seq, action, object, ids, details);
        if let Some((actor, action)) = action.split_once('!') {
            e.actor = actor.into();
            e.action = action.into();
        }
        if e.action == "cert.pin" {
            e.outcome = EventOutcome::Refused;
        }
        events.push(e);
    };
    add(
        "ca.init",
        "ca:1",
        [None; 3],
        json!({"name": "CA", "cert_der_hex": "ab", "crl_dir": "/srv/crl"}),
    );
    for p in 1..=30 {
        add(
            "person.add",
            &format!("person:{p}"),
            [None, Some(p), None],
            json!({"name": format!("人{p}")}),
        );
    }
    let mut slots = Vec::new();
    let mut cert = 0;
    for o in 1..=3 {
        let admin = o * 10;
        add(
            "org.add",
            &format!("org:{o}"),
            [Some(o), Some(admin), None],
            json!({"name": format!("单位{o}"), "uscc": format!("U{o}")}),
        );
        add(
            "org.authorize",
            &format!("org:{o}"),
            [Some(o), None, None],
            json!({"method": "face"}),
        );
        for p in admin - 9..admin {
            add(
                "org.member.add",
                &format!("org:{o}"),
                [Some(o), Some(p), None],
                json!({"role": "member"}),
            );
        }
        add(
            "package.buy",
            &format!("package:{o}"),
            [Some(o), None, None],
            json!({"enterprise_slots": 1, "personal_slots": 6}),
        );
        add(
            "package.pay",
            &format!("package:{o}"),
            [Some(o), None, None],
            json!({}),
        );
        for i in 0..7 {
            let slot = (o - 1) * 7 + i + 1;
            slots.push((slot, o, if i == 0 { "enterprise" } else { "personal" }));
            let person = admin - 9 + i;
            add(
                "cert.assign",
                &format!("slot:{slot}"),
                [Some(o), Some(person), None],
                json!({"holder_id": person}),
            );
            if i < 5 {
                cert += 1;
                add(
                    "cert.issue",
                    &format!("cert:{cert}"),
                    [Some(o), Some(person), Some(cert)],
                    json!({"slot": slot, "kind": "personal", "serial": format!("0{cert}"),
                           "sha256": crate::hex::fingerprint(&[cert as u8]), "ca_id": 1,
                           "pin_set_by": "holder"}),
                );
            }
        }
    }
    add(
        "person:10 x!cert.revoke",
        "cert:2",
        [Some(1), None, Some(2)],
        json!({"reason": "keyCompromise", "revoked_at": "t1"}),
    );
    add(
        "person:10 x!cert.freeze",
        "cert:3",
        [Some(1), None, Some(3)],
        json!({"frozen_at": "t2"}),
    );
    // Person 2 is a member of enterprise 1, not its administrator.
    add(
        "person:2 y!cert.unfreeze",
        "cert:3",
        [Some(1), None, Some(3)],
        json!({}),
    );
    add(
        "cert.holder",
        "cert:4",
        [Some(1), Some(5), Some(4)],
        json!({}),
    );
    add(
        "cert.bind",
        "cert:5",
        [Some(1), Some(4), Some(5)],
        json!({}),
    );
    add(
        "cert.pin",
        "cert:6",
        [Some(2), None, Some(6)],
        json!({"wrong_pins": 3}),
    );
    add("seal.make", "seal:1", [Some(2), Some(20), None], json!({}));
    add(
        "seal.assign",
        "seal:1",
        [Some(2), None, None],
        json!({"cert": 7}),
    );
    add(
        "cert.extend",
        "cert:100",
        [Some(2), None, Some(100)],
        json!({"replaces": 7, "slot": 13, "serial": "64", "ca_id": 1}),
    );
    add(
        "cert.reissue",
        "cert:101",
        [Some(2), None, Some(101)],
        json!({"replaces": 8, "revoked_at": "t3", "pin_set_by": "operator"}),
    );
    add(
        "org.transfer-admin",
        "org:3",
        [Some(3), Some(25), None],
        json!({}),
    );
    add(
        "org.member.remove",
        "org:3",
        [Some(3), Some(26), None],
        json!({}),
    );
    add(
        "config.set",
        "config",
        [None; 3],
        json!({"key": "kdf.memory_kib", "new": "65536"}),
    );
    (events, slots)
}

/// A stored column, owned (the comparison borrows it).
enum Own {
    Null,
    Int(i64),
    Text(String),
}

impl Own {
    fn of(w: &Want) -> Own {
        match w {
            Want::Int(i) | Want::ZeroOr(i) => Own::Int(*i),
            w => match w.value() {
                Some(Value::String(s)) => Own::Text(s),
                _ => Own::Null,
            },
        }
    }

    fn column(&self) -> Column<'_> {
        match self {
            Own::Null => Column::Null,
            Own::Int(i) => Column::Integer(*i),
            Own::Text(t) => Column::Text(t),
        }
    }
}

type Table = Vec<(Key, Vec<(&'static str, Own)>)>;

/// Every table as the replay in memory says it must be (`rows_in_memory` large: nothing
/// spilled), the slots with their packages and kinds.
fn honest(events: &[Event], slots: &[(Id, Id, &'static str)]) -> Vec<(&'static str, Table)> {
    let mut r = Replay::new(1);
    for e in events {
        r.apply(e);
    }
    let names: Vec<&'static str> = r.tables.iter().map(|t| t.name).collect();
    let widths: Vec<usize> = r.tables.iter().map(|t| t.columns.len()).collect();
    let memory = r.rows.finish(names.len()).unwrap_or_default();
    assert_eq!(r.rows_spilled(), 0);
    let mut tables = Vec::new();
    for ((name, width), rows) in names.into_iter().zip(widths).zip(memory) {
        let columns: Vec<&'static str> = match TABLES.iter().find(|t| t.0 == name) {
            Some(t) => t.3.iter().map(|c| column_name(c)).collect(),
            None => vec!["value"],
        };
        assert_eq!(columns.len(), width);
        let mut table: Table = Vec::new();
        let mut add = |k: Key, facts: Option<&super::Row>| {
            let row = columns
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    let slot = slots.iter().find(|s| s.0 == k.0);
                    let own = match (*c, slot) {
                        ("package_id", Some(s)) => Own::Int(s.1),
                        ("kind", Some(s)) if name == "slots" => Own::Text(s.2.into()),
                        ("org_id", Some(s)) if name == "slots" => Own::Int(s.1),
                        ("state", Some(_)) if name == "slots" => facts
                            .and_then(|f| f.fields.get(i))
                            .map_or(Own::Text("unassigned".into()), |f| Own::of(&f.want)),
                        _ => facts
                            .and_then(|f| f.fields.get(i))
                            .map_or(Own::Null, |f| Own::of(&f.want)),
                    };
                    (*c, own)
                })
                .collect();
            table.push((k, row));
        };
        if name == "slots" {
            for s in slots {
                let k = (s.0, 0, String::new());
                let touched = rows.iter().find(|(rk, _)| *rk == k).map(|(_, r)| r);
                add(k, touched);
            }
        } else {
            for (k, row) in &rows {
                add(k.clone(), Some(row));
            }
        }
        tables.push((name, table));
    }
    tables
}

/// The replay holding at most `rows` rows, compared with `stored`: every difference (as
/// recorded), what is not provable, the actors who were not administrators, and how many rows
/// were spilled.
fn verify(
    events: &[Event],
    stored: &[(&'static str, Table)],
    rows: usize,
) -> (Vec<String>, Vec<String>, Vec<String>, u64) {
    let mut r = Replay::bounded(1, rows);
    for e in events {
        r.apply(e);
    }
    let not_admin = r.not_admin().iter().map(Finding::recorded).collect();
    let (diffs, unknown) = r
        .compare(&mut |table, visit| {
            let Some((_, rows)) = stored.iter().find(|(n, _)| *n == table) else {
                return Ok(());
            };
            for (k, row) in rows {
                let fields: StoredFields = row.iter().map(|(c, v)| (*c, v.column())).collect();
                visit(k.clone(), fields)?;
            }
            Ok(())
        })
        .unwrap_or_default();
    let diffs = diffs
        .iter()
        .map(|d| format!("{} {}", d.row, d.finding.recorded()))
        .collect();
    (diffs, unknown, not_admin, r.rows_spilled())
}

#[test]
fn bounded_memory_finds_exactly_what_memory_finds() {
    let (events, slots) = history();
    let mut stored = honest(&events, &slots);
    let big = usize::MAX / 2;
    let (diffs, _, not_admin, spilled) = verify(&events, &stored, big);
    assert_eq!(diffs, Vec::<String>::new(), "the honest tables differ");
    assert_eq!(spilled, 0);
    assert_eq!(not_admin.len(), 1, "{not_admin:?}");
    // Tampered: certificate 2 revived, a person deleted, a membership added without event,
    // a setting changed, and a slot's holder changed.
    for (name, table) in &mut stored {
        match *name {
            "certs" => {
                for (k, row) in table.iter_mut() {
                    if k.0 == 2 {
                        for (c, v) in row.iter_mut() {
                            if *c == "status" {
                                *v = Own::Text("active".into());
                            }
                        }
                    }
                }
            }
            "persons" => table.retain(|(k, _)| k.0 != 17),
            "memberships" => {
                table.push((
                    (1, 29, String::new()),
                    vec![("role", Own::Text("admin".into()))],
                ));
                table.sort_by(|a, b| a.0.cmp(&b.0));
            }
            "settings" => table.push(((0, 0, "zz".into()), vec![("value", Own::Text("1".into()))])),
            "slots" => {
                if let Some((_, row)) = table.get_mut(9) {
                    row[5].1 = Own::Int(1);
                }
            }
            _ => {}
        }
    }
    let in_memory = verify(&events, &stored, big);
    assert_eq!(in_memory.3, 0);
    assert!(
        in_memory.0.iter().any(|d| d.starts_with("certs:2 ")),
        "{:?}",
        in_memory.0
    );
    assert!(in_memory.0.iter().any(|d| d.starts_with("persons:17 ")));
    assert!(
        in_memory
            .0
            .iter()
            .any(|d| d.starts_with("memberships:1:29 "))
    );
    assert!(in_memory.0.iter().any(|d| d.starts_with("slots:10 ")));
    // From two rows in memory (nearly every row written to the file and read back, many
    // times) to more than the history has.
    for rows in [2, 3, 5, 8, 17, 64] {
        let bounded = verify(&events, &stored, rows);
        assert!(
            bounded.3 > 0 || rows >= 64,
            "{rows} rows in memory: nothing spilled"
        );
        assert_eq!(bounded.0, in_memory.0, "{rows} rows in memory");
        assert_eq!(bounded.1, in_memory.1, "{rows} rows in memory");
        assert_eq!(bounded.2, in_memory.2, "{rows} rows in memory");
    }
}

/// Every row the bounded replay builds is the row the replay in memory builds.
#[test]
fn bounded_memory_builds_the_same_rows() {
    let (events, _) = history();
    let dump = |rows: usize| {
        let mut r = Replay::bounded(1, rows);
        for e in &events {
            r.apply(e);
        }
        let spilled = r.rows_spilled();
        let tables = r.tables.len();
        let memory = r.rows.finish(tables).unwrap_or_default();
        let mut out = Vec::new();
        let mut list = |t: usize, mut sorted: Sorted| {
            while let Ok(Some((k, row))) = sorted.next() {
                out.push(format!("{t} {k:?} {row:?}"));
            }
        };
        match r.rows.take_spill() {
            None => {
                for (t, rows) in memory.into_iter().enumerate() {
                    list(t, Sorted::memory(rows));
                }
            }
            // As the comparison reads them: one page in the channel at a time.
            Some(spill) => {
                let (send, pages) = std::sync::mpsc::sync_channel(1);
                std::thread::scope(|scope| {
                    scope.spawn(move || super::store::read(spill, tables, &send));
                    for t in 0..tables {
                        list(t, Sorted::pages(&pages));
                    }
                });
            }
        }
        (out, spilled)
    };
    let (all, spilled) = dump(usize::MAX / 2);
    assert_eq!(spilled, 0);
    assert!(all.len() > 100, "{}", all.len());
    for rows in [2, 4, 7, 33] {
        let (bounded, spilled) = dump(rows);
        assert!(spilled > 0);
        assert_eq!(bounded, all, "{rows} rows in memory");
    }
}

/// A row's facts read back from the file as written: every kind of wanted value.
#[test]
fn facts_read_back_as_written() {
    use super::Row;
    use super::fact::{Fact, Fields};
    let wants = [
        Want::Absent,
        Want::Null,
        Want::Int(-7),
        Want::Word("superseded"),
        Want::Text("龙口市恒通".into()),
        Want::text(&crate::hex::fingerprint(b"body")),
        Want::Json(Box::new(json!([1, "a", {"b": null}]))),
        Want::Json(Box::new(json!(0.1))),
        Want::Json(Box::new(json!(u64::MAX))),
        Want::Unknown,
        Want::ZeroOr(4),
    ];
    let mut fields = Fields::new(wants.len());
    for (i, w) in wants.iter().enumerate() {
        fields.set(
            i,
            Fact {
                want: w.clone(),
                // Two facts set by the event that made the row; none for an absent one.
                seq: match i {
                    0 => 0,
                    _ if i % 5 == 2 => 42,
                    _ => i as Id * 1000 + 1,
                },
            },
        );
    }
    let row = Row {
        made_by: 42,
        fields,
    };
    let mut buf = Vec::new();
    super::store::encode(&row, &mut buf);
    let back = super::store::row(42, &buf);
    assert_eq!(
        format!("{:?}", back.as_ref().map(|r| &r.fields)),
        format!("{:?}", Ok::<_, ()>(&row.fields))
    );
    assert!(super::store::row(42, &buf[..buf.len() - 1]).is_err());
}
