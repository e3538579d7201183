//! The query plans the registry relies on at scale (issue 17; indexes of migration 0009):
//! `EXPLAIN QUERY PLAN` of each listing and lookup query, as the code builds it, on a
//! registry the migrations made, must name the index that query is meant to use. So a later
//! change to a query or an index cannot silently fall back to reading a whole table.

use super::backend::{Dialect, Value};
use rusqlite::Connection;

use super::{MIGRATIONS, certs, events, persons};
use crate::model::Stamp;

fn registry() -> Connection {
    let conn = Connection::open_in_memory().expect("in-memory database");
    // Plans that do not depend on bound values, as `SqliteFile::configure` sets them.
    conn.set_db_config(
        rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG,
        true,
    )
    .expect("QPSG");
    for sql in MIGRATIONS {
        conn.execute_batch(sql).expect("migration");
    }
    conn
}

/// The plan's lines, one per step.
fn plan(sql: &str, args: &[Value]) -> String {
    let conn = registry();
    let mut stmt = conn
        .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
        .unwrap_or_else(|e| panic!("{e}: {sql}"));
    let lines = stmt
        .query_map(rusqlite::params_from_iter(args), |r| r.get::<_, String>(3))
        .expect("plan");
    lines
        .map(|l| l.expect("plan line"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn assert_uses(plan: &str, indexes: &[&str]) {
    for index in indexes {
        let named = format!("INDEX {index}");
        let used = plan.lines().any(|line| {
            line.split_once(named.as_str())
                .is_some_and(|(_, rest)| rest.is_empty() || rest.starts_with(' '))
        });
        assert!(used, "{index} is not used:\n{plan}");
    }
}

fn cert_list(q: &certs::Query) -> String {
    let (sql, args) = certs::state_sql(q, None);
    plan(&sql, &args)
}

#[test]
fn cert_list_by_enterprise_reads_certs_by_org() {
    let p = cert_list(&certs::Query {
        org_id: Some(3),
        ..Default::default()
    });
    assert_uses(&p, &["certs_by_org"]);
}

#[test]
fn the_rest_of_a_cert_list_by_enterprise_reads_certs_by_org_from_its_first_id() {
    let q = certs::Query {
        org_id: Some(3),
        ..Default::default()
    };
    let (sql, args) = certs::state_sql(&q, Some(1_000));
    assert!(sql.contains("c.id >= ?"), "{sql}");
    assert_uses(&plan(&sql, &args), &["certs_by_org"]);
}

#[test]
fn cert_list_by_person_reads_the_owner_holder_and_bound_indexes() {
    let p = cert_list(&certs::Query {
        person_id: Some(7),
        ..Default::default()
    });
    assert_uses(&p, &["certs_by_owner", "certs_by_holder", "certs_by_bound"]);
}

#[test]
fn cert_list_by_serial_reads_certs_by_serial() {
    let p = cert_list(&certs::Query {
        serial: Some("1A2B"),
        ..Default::default()
    });
    assert_uses(&p, &["certs_by_serial"]);
}

#[test]
fn cert_list_expiring_reads_a_range_of_certs_active_by_end_state_alone() {
    let from = Stamp::parse("2027-01-01T00:00:00Z").expect("stamp");
    let to = Stamp::parse("2027-02-01T00:00:00Z").expect("stamp");
    let p = cert_list(&certs::Query {
        active_ending: Some((from, to)),
        ..Default::default()
    });
    assert!(
        p.contains("COVERING INDEX certs_active_by_end_state"),
        "{p}"
    );
}

#[test]
fn a_certificate_read_finds_its_successor_through_certs_by_replaced() {
    let p = plan(
        &format!("{} WHERE c.id = ?1", certs::SELECT),
        &[Value::Integer(1)],
    );
    assert_uses(&p, &["certs_by_replaced"]);
}

#[test]
fn crl_entries_read_their_certificates_by_id_and_their_events_through_events_object() {
    let p = plan(
        &certs::on_crl_sql(Dialect::Sqlite),
        &[
            Value::Text(r#"["cert.issue"]"#.into()),
            Value::Text("[1, 2]".into()),
        ],
    );
    assert_uses(&p, &["events_object"]);
    assert!(
        p.contains("SEARCH c USING INTEGER PRIMARY KEY"),
        "certificates by id:\n{p}"
    );
}

#[test]
fn a_cas_certificates_a_row_says_revoked_are_read_from_certs_revoked_by_ca_alone() {
    let p = plan(certs::REVOKED_IDS, &[Value::Integer(1)]);
    assert!(p.contains("COVERING INDEX certs_revoked_by_ca"), "{p}");
}

#[test]
fn the_events_that_decide_certificate_states_are_read_through_events_cert_state_any() {
    let p = plan(events::CERT_STATE_EVENTS, &[]);
    assert_uses(&p, &["events_cert_state_any"]);
    assert!(
        !p.contains("SCAN events\n") && !p.ends_with("SCAN events"),
        "{p}"
    );
}

#[test]
fn a_certificate_found_by_fingerprint_is_read_through_certs_by_sha256() {
    let p = plan(
        &format!("{}{}", certs::SELECT, certs::BY_SHA256),
        &[Value::Text("AB".repeat(32))],
    );
    assert_uses(&p, &["certs_by_sha256"]);
}

#[test]
fn the_certificates_of_a_key_are_read_through_certs_by_key() {
    let p = plan(
        &format!("{}{}", certs::SELECT, certs::BY_KEY),
        &[Value::Text("AB".repeat(32))],
    );
    assert_uses(&p, &["certs_by_key"]);
}

#[test]
fn a_cas_last_crl_event_is_read_through_events_object() {
    let p = plan(
        &events::last_of_sql(),
        &[Value::Text("ca:1".into()), Value::Text("ca.crl".into())],
    );
    assert_uses(&p, &["events_object"]);
}

#[test]
fn the_events_since_a_crl_are_a_range_of_the_primary_key() {
    let p = plan(&events::after_sql(), &[Value::Integer(7)]);
    assert!(p.contains("USING INTEGER PRIMARY KEY (rowid>?)"), "{p}");
}

#[test]
fn the_events_about_one_object_are_read_through_events_object() {
    let p = plan(
        &events::of_object_sql(Dialect::Sqlite),
        &[
            Value::Text("cert:1".into()),
            Value::Text(r#"["cert.issue"]"#.into()),
        ],
    );
    assert_uses(&p, &["events_object"]);
}

#[test]
fn log_by_person_reads_the_person_certificate_and_object_indexes() {
    let f = events::Filter {
        person_id: Some(7),
        person_certs: vec![1, 2],
        ..Default::default()
    };
    let (sql, args) = events::list_sql(Dialect::Sqlite, &f, Some(1000), 0).expect("sql");
    assert_uses(
        &plan(&sql, &args),
        &["events_person", "events_cert", "events_object"],
    );
}

#[test]
fn log_by_enterprise_reads_events_org() {
    let f = events::Filter {
        org_id: Some(3),
        ..Default::default()
    };
    let (sql, args) = events::list_sql(Dialect::Sqlite, &f, Some(1000), 0).expect("sql");
    assert_uses(&plan(&sql, &args), &["events_org"]);
}

#[test]
fn a_person_named_by_id_number_or_name_is_found_through_their_indexes() {
    let p = plan(persons::RESOLVE, &[Value::Text("张伟".into())]);
    assert_uses(&p, &["persons_by_id_number", "persons_by_name"]);
}

#[test]
fn package_list_of_one_enterprise_reads_packages_by_org() {
    let p = plan(
        &super::packages::of_org_sql(),
        &[Value::Integer(3), Value::Integer(1001), Value::Integer(0)],
    );
    assert_uses(&p, &["packages_by_org"]);
}
