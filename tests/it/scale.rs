//! Issue 17, the registry at scale: the synthetic registry generator (what the benchmark
//! `benches/scale.sh` measures on) and paging of the listings (`--limit`, `--offset`).
//! Timings are the benchmark's business; these are the behaviours.

use std::path::Path;

use catool::domain::synthetic::{self, Scale};
use serde_json::Value;

use crate::common::*;

/// A registry at 1/1000 of issue 17's scale: 10 enterprises, 100 persons, 200 certificates
/// (40 revoked by one CA), 1,000 events.
fn generated() -> Env {
    generated_at(1000)
}

/// A registry at 1/`divide` of issue 17's scale (1,000,000 / `divide` events).
fn generated_at(divide: usize) -> Env {
    let env = Env::new();
    let key = env.path("registry.db.key");
    synthetic::generate(&env.db, &key, &Scale::divided(divide), &mut |_| {})
        .unwrap_or_else(|e| panic!("generate: {e}"));
    env
}

fn ids(v: &Value, field: &str) -> Vec<i64> {
    v.as_array()
        .unwrap_or_else(|| panic!("not an array: {v}"))
        .iter()
        .map(|r| r[field].as_i64().unwrap_or(-1))
        .collect()
}

#[test]
fn a_small_generated_registry_passes_log_verify() {
    let env = generated();
    let v = env.json(&["log", "verify"]);
    assert_eq!(v["events"], 1000, "{v}");
    assert_eq!(v["problem"], Value::Null, "{v}");
    assert_eq!(v["state_compared"], true, "{v}");
    // Real certificates of the CA: its CRL lists the 40 revoked ones.
    let crl = env.json(&["crl", "--ca", "scale-main", "--out", &p(&env, "main.crl")]);
    assert_eq!(crl["entries"].as_array().map(Vec::len), Some(40), "{crl}");
}

#[test]
fn the_generator_refuses_an_existing_registry_and_leaves_it_alone() {
    let env = generated();
    let before = std::fs::read(&env.db).expect("registry");
    let key = env.path("registry.db.key");
    let err = synthetic::generate(&env.db, &key, &Scale::divided(1000), &mut |_| {})
        .expect_err("a second run must refuse");
    assert!(err.to_string().contains("already exists"), "{err}");
    assert_eq!(std::fs::read(&env.db).expect("registry"), before);
    // The master key alone is enough to refuse: it would be replaced.
    let other = env.path("other.db");
    let err = synthetic::generate(&other, &key, &Scale::divided(1000), &mut |_| {})
        .expect_err("an existing key must refuse");
    assert!(err.to_string().contains("registry.db.key"), "{err}");
    assert!(!Path::new(&other).exists());
}

#[test]
fn cert_list_pages_follow_each_other_in_id_order_without_overlap() {
    let env = generated();
    let all = env.json(&["cert", "list", "--limit", "0"]);
    let all_ids = ids(&all, "cert_id");
    assert_eq!(all_ids.len(), 200);
    assert!(all_ids.windows(2).all(|w| w[0] < w[1]), "id order");
    let mut paged = Vec::new();
    for offset in (0..200).step_by(64) {
        let page = env.json(&[
            "cert",
            "list",
            "--limit",
            "64",
            "--offset",
            &offset.to_string(),
        ]);
        paged.extend(ids(&page, "cert_id"));
    }
    assert_eq!(paged, all_ids);
    // The same page twice is the same rows.
    let a = env.json(&["cert", "list", "--limit", "10", "--offset", "30"]);
    let b = env.json(&["cert", "list", "--limit", "10", "--offset", "30"]);
    assert_eq!(a, b);
}

#[test]
fn a_page_that_leaves_rows_out_says_so_on_stderr_even_with_json() {
    let env = generated();
    let out = env.run(&["--json", "cert", "list", "--limit", "5", "--offset", "10"]);
    assert!(out.status.success());
    let rows: Value = serde_json::from_slice(&out.stdout).expect("stdout is the rows alone");
    assert_eq!(rows.as_array().map(Vec::len), Some(5));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("--offset 15"), "{stderr}");
    // The last page is silent.
    let out = env.run(&["--json", "cert", "list", "--limit", "5", "--offset", "195"]);
    assert!(String::from_utf8_lossy(&out.stderr).is_empty());
}

#[test]
fn listings_return_at_most_1000_rows_unless_told_otherwise() {
    let env = generated();
    let log = env.json(&["log"]);
    assert_eq!(log.as_array().map(Vec::len), Some(1000));
    let out = env.run(&["log"]);
    assert!(
        String::from_utf8_lossy(&out.stderr).is_empty(),
        "exactly 1000 events"
    );
    env.ok(&["person", "add", "--name", "新人", "--id-number", ID_OTHER]);
    let out = env.run(&["--json", "log"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("--offset 1000"), "{stderr}");
}

#[test]
fn log_pages_follow_each_other_in_sequence_order() {
    let env = generated();
    let first = ids(&env.json(&["log", "--limit", "300"]), "seq");
    let second = ids(
        &env.json(&["log", "--limit", "300", "--offset", "300"]),
        "seq",
    );
    assert_eq!(first, (1..=300).collect::<Vec<_>>());
    assert_eq!(second, (301..=600).collect::<Vec<_>>());
}

#[test]
fn cert_list_filters_page_over_the_matching_rows_only() {
    let env = generated();
    // Enterprise 3's 20 certificates, in two pages of 15 and 5.
    let all = ids(
        &env.json(&["cert", "list", "--org", "3", "--limit", "0"]),
        "cert_id",
    );
    assert_eq!(all.len(), 20);
    let p1 = ids(
        &env.json(&["cert", "list", "--org", "3", "--limit", "15"]),
        "cert_id",
    );
    let p2 = ids(
        &env.json(&[
            "cert", "list", "--org", "3", "--limit", "15", "--offset", "15",
        ]),
        "cert_id",
    );
    assert_eq!([p1, p2].concat(), all);
    let revoked = env.json(&["cert", "list", "--status", "revoked", "--limit", "0"]);
    assert_eq!(revoked.as_array().map(Vec::len), Some(40 + 1));
}

#[test]
fn person_org_and_package_lists_page_in_id_order_and_say_when_rows_follow() {
    let env = generated();
    for (what, field, total) in [
        ("person", "id", 100),
        ("org", "id", 10),
        ("package", "id", 10),
    ] {
        let all = ids(&env.json(&[what, "list", "--limit", "0"]), field);
        assert_eq!(all.len(), total, "{what}");
        assert!(all.windows(2).all(|w| w[0] < w[1]), "{what}: id order");
        let half = total / 2;
        let first = env.run(&["--json", what, "list", "--limit", &half.to_string()]);
        let stderr = String::from_utf8_lossy(&first.stderr);
        assert!(
            stderr.contains(&format!("--offset {half}")),
            "{what}: {stderr}"
        );
        let first: Value = serde_json::from_slice(&first.stdout).expect("stdout is the rows");
        let rest = env.run(&[
            "--json",
            what,
            "list",
            "--limit",
            &half.to_string(),
            "--offset",
            &half.to_string(),
        ]);
        assert!(rest.stderr.is_empty(), "{what}: the last page is silent");
        let rest: Value = serde_json::from_slice(&rest.stdout).expect("stdout is the rows");
        assert_eq!(
            [ids(&first, field), ids(&rest, field)].concat(),
            all,
            "{what}"
        );
    }
}

#[test]
fn package_list_of_one_enterprise_pages_over_its_packages_only() {
    let env = generated();
    let theirs = env.json(&["package", "list", "--org", "3", "--limit", "0"]);
    let rows = theirs.as_array().expect("array");
    assert!(!rows.is_empty());
    assert!(rows.iter().all(|p| p["org_id"] == 3), "{theirs}");
    let none = env.json(&["package", "list", "--org", "3", "--offset", "1000"]);
    assert_eq!(none.as_array().map(Vec::len), Some(0));
}

/// Four slots of enterprise 1 assigned to its first person and waiting for import (待导入):
/// `cert list` shows them after every certificate.
fn with_slots_waiting(env: &Env) {
    let person = env.json(&["person", "list", "--limit", "1"]);
    let id_number = person[0]["id_number"]
        .as_str()
        .expect("id_number")
        .to_string();
    let package = env.json(&[
        "package",
        "buy",
        "--org",
        "1",
        "--enterprise-slots",
        "0",
        "--personal-slots",
        "4",
    ]);
    let id = package["id"].as_i64().expect("package id").to_string();
    let paid = env.json(&["package", "pay", "--package", &id]);
    for slot in paid["slots"].as_array().expect("slots") {
        let slot = slot["id"].as_i64().expect("slot id").to_string();
        env.ok(&[
            "cert", "assign", "--slot", &slot, "--owner", &id_number, "--holder", &id_number,
        ]);
    }
}

/// Pages of `cert list` with these filters, `size` rows each, against the whole listing: at
/// its start, around one page in, halfway, around its end and past it.
fn assert_pages_make_the_listing(env: &Env, filters: &[&str], size: usize) {
    let whole = env.json(&[&["cert", "list", "--limit", "0"], filters].concat());
    let rows = whole.as_array().expect("rows").clone();
    assert!(rows.len() > size, "{filters:?}: {} rows", rows.len());
    let n = rows.len();
    let mut offsets = vec![
        0,
        1,
        size - 1,
        size,
        n / 2,
        n - size,
        n - 5,
        n - 1,
        n,
        n + 1,
    ];
    offsets.sort_unstable();
    offsets.dedup();
    let limit = size.to_string();
    for offset in offsets {
        let from = offset.to_string();
        let page = env.json(
            &[
                &[
                    "cert",
                    "list",
                    "--limit",
                    limit.as_str(),
                    "--offset",
                    from.as_str(),
                ],
                filters,
            ]
            .concat(),
        );
        let expected: Vec<Value> = rows.iter().skip(offset).take(size).cloned().collect();
        assert_eq!(
            page.as_array().expect("page"),
            &expected,
            "cert list {filters:?} --limit {size} --offset {offset}"
        );
    }
}

#[test]
fn a_page_past_the_certificates_continues_among_the_slots_waiting_for_import() {
    let env = generated();
    with_slots_waiting(&env);
    let whole = env.json(&["cert", "list", "--limit", "0"]);
    let waiting = whole
        .as_array()
        .expect("rows")
        .iter()
        .filter(|r| r["cert_id"].is_null())
        .count();
    assert_eq!(waiting, 4, "{whole}");
    // Offsets before, across and past the end of the certificates (200) and the slots.
    let page = env.json(&["cert", "list", "--limit", "3", "--offset", "199"]);
    assert_eq!(page.as_array().map(Vec::len), Some(3), "{page}");
    assert!(
        page[0]["cert_id"].is_i64() && page[1]["cert_id"].is_null(),
        "{page}"
    );
    let past = env.json(&["cert", "list", "--offset", "205"]);
    assert_eq!(past.as_array().map(Vec::len), Some(0), "{past}");
}

#[test]
fn every_page_of_a_listing_is_the_listing_cut_at_its_offset() {
    let env = generated();
    with_slots_waiting(&env);
    // Paged in the database (no filter outside SQL) and by catool (state and expiry filters).
    for filters in [
        &[][..],
        &["--org", "1"][..],
        &["--status", "revoked"][..],
        &["--expiring", "4000"][..],
    ] {
        assert_pages_make_the_listing(&env, filters, 7);
    }
}

// ---- `log verify` of a history longer than its batches ------------------------------------
//
// The walk reads the rows on one thread, checks them (links, MACs, time) on a second and
// replays them on a third, a few hundred events at a time: a break must stop all three at
// the first bad event, wherever it falls among the batches.

/// A registry of 2,000 events (1/500 of issue 17's scale).
fn generated_long() -> Env {
    generated_at(500)
}

fn verify_json(env: &Env) -> Value {
    let out = env.run(&["--json", "log", "verify"]);
    assert_eq!(out.status.code(), Some(1), "log verify should fail");
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("bad JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)))
}

#[test]
fn an_event_altered_deep_in_a_long_history_is_the_first_bad_one() {
    let env = generated_long();
    crate::common::tamper::behind_the_schema(
        &env,
        "events_no_update",
        "UPDATE events SET details = '{\"auth\":\"operator\"}' WHERE seq = 1700",
    );
    let v = verify_json(&env);
    assert_eq!(v["first_bad_seq"], 1700, "{v}");
    assert_eq!(v["events"], 1700, "the walk stops at the break: {v}");
    assert_eq!(v["state_compared"], false, "{v}");
    assert!(
        v["problem"].as_str().is_some_and(|p| p.contains("#1700")),
        "{v}"
    );
}

#[test]
fn of_two_altered_events_batches_apart_the_earlier_is_reported() {
    let env = generated_long();
    crate::common::tamper::behind_the_schema(
        &env,
        "events_no_update",
        "UPDATE events SET actor = 'mallory' WHERE seq IN (600, 1500)",
    );
    let v = verify_json(&env);
    assert_eq!(v["first_bad_seq"], 600, "{v}");
    assert_eq!(v["events"], 600, "{v}");
}

#[test]
fn an_event_deleted_deep_in_a_long_history_is_reported_missing() {
    let env = generated_long();
    crate::common::tamper::behind_the_schema(
        &env,
        "events_no_delete",
        "DELETE FROM events WHERE seq = 1300",
    );
    let v = verify_json(&env);
    assert_eq!(v["first_bad_seq"], 1300, "{v}");
    assert_eq!(
        v["events"], 1300,
        "1,299 passed, and the next one read: {v}"
    );
    assert_eq!(v["state_compared"], false, "{v}");
}

/// The reader reads ahead of the checker: a row it cannot read (text that is not UTF-8, only
/// possible behind the schema) after an altered event must not hide the altered one.
#[test]
fn an_unreadable_row_after_an_altered_event_leaves_the_altered_one_reported() {
    let env = Env::onboarded(true);
    crate::common::tamper::behind_the_schema(
        &env,
        "events_no_update",
        "UPDATE events SET actor = 'mallory' WHERE seq = 5; \
         UPDATE events SET details = CAST(x'ff' AS TEXT) WHERE seq = 6",
    );
    let v = verify_json(&env);
    assert_eq!(v["first_bad_seq"], 5, "{v}");
    assert!(
        v["problem"].as_str().is_some_and(|p| p.contains("#5")),
        "{v}"
    );
}

/// More events than the threads' queues hold (ten batches of 512): the checker stops at the
/// break and the reader, its batches refused, stops too.
#[test]
fn a_break_early_in_a_history_longer_than_the_queues_stops_the_walk_there() {
    let env = generated_at(150);
    crate::common::tamper::behind_the_schema(
        &env,
        "events_no_update",
        "UPDATE events SET actor = 'mallory' WHERE seq = 40",
    );
    let v = verify_json(&env);
    assert_eq!(v["first_bad_seq"], 40, "{v}");
    assert_eq!(v["events"], 40, "{v}");
    assert_eq!(v["state_compared"], false, "{v}");
}
