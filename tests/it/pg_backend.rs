//! The registry's backend layer (issue 18) against a real PostgreSQL server and SQLite: the
//! converted settings module and the schema's rules on both, and every way of failing to open
//! a PostgreSQL registry, one clear error each.

use std::ffi::OsStr;

use catool::error::Error;
use catool::model::{Algo, AuthMethod, IdType, Role, Stamp};
use catool::registry::Registry as Db;
use catool::registry::backend::{BackendError, Location, Sql};
use catool::registry::error::RegistryError;
use catool::registry::{SCHEMA_VERSION, orgs, persons, settings, tsas};

use crate::common::pg::cluster;

fn open(url: &str) -> catool::error::Result<Db> {
    Db::open_at(&Location::parse(OsStr::new(url))?)
}

/// A new registry on each backend: an SQLite file and a PostgreSQL database.
fn both() -> Vec<(Db, tempfile::TempDir)> {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("registry.db");
    let sqlite = open(file.to_str().unwrap()).unwrap();
    let (_, url) = cluster().database();
    let pg = open(&url).unwrap();
    vec![(sqlite, dir), (pg, tempfile::tempdir().unwrap())]
}

fn backend_error(e: &Error) -> &BackendError {
    e.typed::<BackendError>()
        .unwrap_or_else(|| panic!("not a backend error: {e:?}"))
}

#[test]
fn settings_read_and_write_the_same_on_sqlite_and_postgres() {
    let mut listings = Vec::new();
    for (mut db, _dir) in both() {
        db.write(|tx| {
            settings::set(tx, "display.timezone", "Asia/Shanghai")?;
            settings::set(tx, "package.price_per_year", "360")?;
            settings::remove(tx, "kdf.iterations")
        })
        .unwrap();
        let (price, gone, list) = db
            .read(|tx| {
                Ok((
                    settings::get(tx, "package.price_per_year")?,
                    settings::get(tx, "kdf.iterations")?,
                    settings::list(tx)?,
                ))
            })
            .unwrap();
        assert_eq!(price.as_deref(), Some("360"), "{}", db.shown());
        assert_eq!(gone, None, "{}", db.shown());
        listings.push(list);
    }
    assert_eq!(listings[0], listings[1]);
    assert!(listings[0].contains(&("display.timezone".into(), "Asia/Shanghai".into())));
}

#[test]
fn a_new_postgres_database_gets_the_current_schema_version() {
    let (name, url) = cluster().database();
    open(&url).unwrap();
    open(&url).unwrap();
    let row = cluster()
        .admin(&name)
        .query_one("SELECT application, version FROM catool_schema", &[])
        .unwrap();
    assert_eq!(row.get::<_, String>(0), "catool");
    assert_eq!(row.get::<_, i64>(1), SCHEMA_VERSION);
}

#[test]
fn catools_opening_a_new_postgres_database_at_once_migrate_it_once() {
    let (_, url) = cluster().database();
    let opened: Vec<bool> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..6).map(|_| s.spawn(|| open(&url).is_ok())).collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert_eq!(opened, vec![true; 6]);
}

/// Runs `setup` then `sql` on both backends and returns each refusal's message. A statement
/// with `?1` gets one byte string there (blob literals differ: `x'00'` is a bit string in
/// PostgreSQL).
fn refused_on_both(setup: &str, sql: &str) -> Vec<String> {
    let bytes = vec![0_u8];
    let run = |tx: &dyn Sql, stmt: &str| {
        if stmt.contains("?1") {
            tx.execute(stmt, &[&bytes])
        } else {
            tx.execute(stmt, &[])
        }
    };
    both()
        .into_iter()
        .map(|(mut db, _dir)| {
            let shown = db.shown();
            let e = db
                .write(|tx| {
                    for stmt in setup.split(';').filter(|s| !s.trim().is_empty()) {
                        run(tx, stmt)?;
                    }
                    run(tx, sql)
                })
                .unwrap_err();
            match backend_error(&e) {
                BackendError::Constraint { message } => message.clone(),
                other => panic!("{shown}: {other:?}"),
            }
        })
        .collect()
}

/// An enterprise (id 1) and two persons (ids 1 and 2). Ids are left to the database: a row
/// inserted with an id of its own leaves PostgreSQL's identity counter behind.
const ORG: &str = "INSERT INTO orgs (name, uscc, legal_rep_name, legal_rep_id_number,
    created_at) VALUES ('A', '91110108MA01ABCD1E', 'L', '110108197506200055', 't');
    INSERT INTO persons (name, id_type, id_number, created_at)
    VALUES ('P', 'resident', '110108198503120011', 't'),
           ('Q', 'resident', '110108199007050020', 't')";

#[test]
fn history_is_append_only_on_both_backends() {
    let setup = "INSERT INTO events (at, actor, action, object, outcome, details, prev_hash, hash)
        VALUES ('t', 'a', 'x', 'o', 'ok', '{}', '', 'h')";
    for sql in ["UPDATE events SET actor = 'b'", "DELETE FROM events"] {
        let messages = refused_on_both(setup, sql);
        assert_eq!(messages, vec!["D21: history is append-only"; 2], "{sql}");
    }
}

#[test]
fn a_uscc_is_registered_once_on_both_backends() {
    let again = "INSERT INTO orgs (name, uscc, legal_rep_name, legal_rep_id_number, created_at)
        VALUES ('B', '91110108MA01ABCD1E', 'L', '110108197506200055', 't')";
    let messages = refused_on_both(ORG, again);
    assert!(messages[0].contains("orgs.uscc"), "{}", messages[0]);
    assert!(messages[1].contains("orgs_uscc_key"), "{}", messages[1]);
}

#[test]
fn an_enterprise_has_one_administrator_on_both_backends() {
    let setup = format!("{ORG}; INSERT INTO memberships VALUES (1, 1, 'admin', 't')");
    let messages = refused_on_both(
        &setup,
        "INSERT INTO memberships VALUES (1, 2, 'admin', 't')",
    );
    assert!(
        messages[0].contains("memberships.org_id"),
        "{}",
        messages[0]
    );
    assert!(messages[1].contains("one_admin_per_org"), "{}", messages[1]);
}

#[test]
fn a_paid_package_stays_paid_on_both_backends() {
    let setup = format!(
        "{ORG}; INSERT INTO packages (id, org_id, years, price_cny, enterprise_slots,
            personal_slots, status, bought_at, paid_at) VALUES (1, 1, 1, 300, 1, 2, 'paid', 't', 't')"
    );
    let messages = refused_on_both(&setup, "UPDATE packages SET status = 'paid' WHERE id = 1");
    assert_eq!(messages, vec!["D3: package already paid"; 2]);
}

#[test]
fn a_slot_owner_is_set_once_on_both_backends() {
    let setup = format!(
        "{ORG}; INSERT INTO packages (id, org_id, years, price_cny, enterprise_slots,
            personal_slots, status, bought_at) VALUES (1, 1, 1, 300, 1, 2, 'unpaid', 't');
         INSERT INTO slots (id, package_id, org_id, kind, state, owner_person_id)
            VALUES (1, 1, 1, 'personal', 'assigned', 1)"
    );
    let messages = refused_on_both(&setup, "UPDATE slots SET owner_person_id = 2 WHERE id = 1");
    assert_eq!(messages, vec!["D5: slot owner already set"; 2]);
}

#[test]
fn a_serial_is_unique_per_ca_on_both_backends() {
    let cert = |id: i64| {
        format!(
            "INSERT INTO certs (id, ca_id, kind, serial_hex, issuer_dn, subject_dn, algo,
                not_before, not_after, cert_der, key_sealed, created_at)
             VALUES ({id}, 1, 'personal', '0A', 'CN=CA', 'CN=P{id}', 'sm2', 't', 't', ?1, ?1, 't')"
        )
    };
    let setup = format!(
        "INSERT INTO cas (id, name, algo, cert_der, key_sealed, not_after, created_at)
            VALUES (1, 'ca', 'sm2', ?1, ?1, 't', 't'); {}",
        cert(1)
    );
    let messages = refused_on_both(&setup, &cert(2));
    assert!(
        messages[0].contains("certs.ca_id, certs.serial_hex"),
        "{}",
        messages[0]
    );
    assert!(messages[1].contains("one_serial_per_ca"), "{}", messages[1]);
}

#[test]
fn an_unreachable_server_is_one_line_naming_it() {
    let url = "postgres://ops:secret@/catool?host=/nonexistent/socket/dir";
    let e = open(url).map(|_| ()).unwrap_err();
    assert!(
        matches!(backend_error(&e), BackendError::CannotConnect { .. }),
        "{e:?}"
    );
    let text = e.to_string();
    assert!(
        text.contains("postgres://ops@/catool?host=/nonexistent/socket/dir"),
        "{text}"
    );
    assert!(!text.contains("secret") && !text.contains('\n'), "{text}");
    assert_eq!(e.code(), catool::error::exit::REGISTRY);
}

#[test]
fn a_wrong_password_is_a_refused_login_that_never_shows_it() {
    let c = cluster();
    c.run(
        "postgres",
        "CREATE ROLE pw_ops LOGIN PASSWORD 'right-one' IN ROLE password_login",
    );
    let db = c.database_for("pw_ops");
    let e = open(&c.url("pw_ops", Some("wrong-one"), &db))
        .map(|_| ())
        .unwrap_err();
    let BackendError::LoginRefused { server, user, .. } = backend_error(&e) else {
        panic!("{e:?}");
    };
    assert_eq!(user, "pw_ops");
    assert!(server.contains(&db), "{server}");
    assert!(!e.to_string().contains("wrong-one"), "{e}");
    open(&c.url("pw_ops", Some("right-one"), &db)).unwrap();
}

#[test]
fn a_database_of_another_application_is_refused() {
    let (name, url) = cluster().database();
    cluster().run(&name, "CREATE TABLE invoices (id bigint PRIMARY KEY)");
    let e = open(&url).map(|_| ()).unwrap_err();
    assert_eq!(
        backend_error(&e),
        &BackendError::OtherApplication {
            server: format!(
                "postgres://postgres@/{name}?host={}",
                cluster().socket_dir().display()
            )
        }
    );
}

#[test]
fn a_schema_written_by_a_newer_catool_is_refused() {
    let (name, url) = cluster().database();
    open(&url).unwrap();
    cluster().run(&name, "UPDATE catool_schema SET version = version + 1");
    let e = open(&url).map(|_| ()).unwrap_err();
    let Some(RegistryError::Newer { version, known, .. }) = e.typed::<RegistryError>() else {
        panic!("{e:?}");
    };
    assert_eq!((*version, *known), (SCHEMA_VERSION + 1, SCHEMA_VERSION));
}

#[test]
fn a_read_only_role_is_refused_at_open() {
    let c = cluster();
    let (name, url) = c.database();
    open(&url).unwrap();
    c.run(
        &name,
        "CREATE ROLE auditor LOGIN; GRANT SELECT ON ALL TABLES IN SCHEMA public TO auditor",
    );
    let e = open(&c.url("auditor", None, &name))
        .map(|_| ())
        .unwrap_err();
    assert_eq!(
        backend_error(&e),
        &BackendError::ReadOnlyRole {
            server: format!(
                "postgres://auditor@/{name}?host={}",
                c.socket_dir().display()
            ),
            user: "auditor".into()
        }
    );
}

#[test]
fn a_read_only_role_cannot_create_the_schema_either() {
    let c = cluster();
    let name = c.database_for("postgres");
    c.run(
        &name,
        "CREATE ROLE reader LOGIN; REVOKE CREATE ON SCHEMA public FROM PUBLIC",
    );
    let e = open(&c.url("reader", None, &name)).map(|_| ()).unwrap_err();
    assert!(
        matches!(backend_error(&e), BackendError::ReadOnlyRole { .. }),
        "{e:?}"
    );
}

/// A registry CA (id 1) for a TSA to belong to, in the transaction `tx`.
fn with_ca(tx: &dyn Sql) -> catool::error::Result<u64> {
    tx.execute(
        "INSERT INTO cas (name, algo, cert_der, key_sealed, not_after, created_at)
         VALUES ('ca', 'sm2', ?1, ?1, '2036-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
        &[&vec![0_u8]],
    )
}

fn new_tsa(name: &str) -> catool::registry::tsas::NewTsa<'_> {
    let at = Stamp::parse("2026-01-01T00:00:00Z").unwrap();
    catool::registry::tsas::NewTsa {
        name,
        ca_id: 1,
        algo: Algo::Sm2,
        cert_der: b"cert",
        key_sealed: b"sealed",
        policy_oid: "1.2.3.4",
        not_after: at,
        at,
    }
}

#[test]
fn tsa_token_serials_count_up_the_same_on_sqlite_and_postgres() {
    for (mut db, _dir) in both() {
        let (id, serials) = db
            .write(|tx| {
                with_ca(tx)?;
                let id = tsas::insert(tx, &new_tsa("平台时间戳"))?;
                Ok((id, [tsas::take_serial(tx, id)?, tsas::take_serial(tx, id)?]))
            })
            .unwrap();
        assert_eq!(serials, [1, 2], "{}", db.shown());
        let (tsa, listed) = db
            .read(|tx| Ok((tsas::resolve(tx, Some("平台时间戳"))?, tsas::list(tx)?)))
            .unwrap();
        assert_eq!((tsa.id, tsa.next_serial, tsa.algo), (id, 3, Algo::Sm2));
        assert_eq!(
            (tsa.cert_der.as_slice(), tsa.created_at),
            (&b"cert"[..], new_tsa("").at)
        );
        assert_eq!(listed.len(), 1);
    }
}

#[test]
fn a_second_tsa_of_the_same_name_is_refused_on_both_backends() {
    for (mut db, _dir) in both() {
        let e = db
            .write(|tx| {
                with_ca(tx)?;
                tsas::insert(tx, &new_tsa("tsa"))?;
                tsas::insert(tx, &new_tsa("tsa"))
            })
            .unwrap_err();
        assert_eq!(
            e.typed::<RegistryError>(),
            Some(&RegistryError::TsaNameTaken { name: "tsa".into() }),
            "{}",
            db.shown()
        );
    }
}

#[test]
fn a_tsa_serial_never_goes_back_on_both_backends() {
    let setup = "INSERT INTO cas (name, algo, cert_der, key_sealed, not_after, created_at)
            VALUES ('ca', 'sm2', ?1, ?1, 't', 't');
        INSERT INTO tsas (name, ca_id, algo, cert_der, key_sealed, policy_oid, not_after,
            created_at, next_serial) VALUES ('tsa', 1, 'sm2', ?1, ?1, '1.2', 't', 't', 5)";
    let messages = refused_on_both(setup, "UPDATE tsas SET next_serial = 1");
    assert_eq!(
        messages,
        vec!["a TSA's token serial numbers are never reused"; 2]
    );
}

#[test]
fn the_test_cluster_stops_and_is_removed_when_its_process_ends() {
    let (dir, mut script, input) = crate::common::pg::spawn_cluster();
    assert!(dir.join(".s.PGSQL.5432").exists());
    // What the kernel does to the pipe however the test process ends (even SIGKILL).
    drop(input);
    script.wait().unwrap();
    assert!(!dir.exists(), "{} left behind", dir.display());
}

#[test]
fn a_connection_dropped_mid_command_is_lost_and_commits_nothing() {
    let (name, url) = cluster().database();
    let mut db = open(&url).unwrap();
    let e = db
        .write(|tx| {
            settings::set(tx, "package.price_per_year", "999")?;
            let pid: i64 = tx.query_one("SELECT pg_backend_pid()", &[])?.get(0)?;
            cluster().run("postgres", &format!("SELECT pg_terminate_backend({pid})"));
            settings::set(tx, "package.personal_slots", "9")
        })
        .unwrap_err();
    let BackendError::ConnectionLost { server, .. } = backend_error(&e) else {
        panic!("{e:?}");
    };
    assert!(server.contains(&name), "{server}");
    assert!(!e.to_string().contains('\n'), "{e}");
    let mut again = open(&url).unwrap();
    let price = again
        .read(|tx| settings::get(tx, "package.price_per_year"))
        .unwrap();
    assert_eq!(price.as_deref(), Some("300"));
}

/// Names in a registry's schema as `kind name` lines (columns as `column table.name`), from
/// the catalogue `catalog` query of its backend.
fn schema_names(db: &mut Db, catalog: &[&str]) -> std::collections::BTreeSet<String> {
    db.read(|tx| {
        let mut names = std::collections::BTreeSet::new();
        for query in catalog {
            for row in tx.query(query, &[])? {
                names.insert(row.get::<String>(0)?);
            }
        }
        Ok(names)
    })
    .unwrap()
}

#[test]
fn the_postgres_schema_has_the_tables_columns_indexes_and_triggers_of_sqlite() {
    let mut dbs = both();
    let sqlite = schema_names(
        &mut dbs[0].0,
        &[
            "SELECT 'column ' || m.name || '.' || p.name
               FROM sqlite_schema m JOIN pragma_table_info(m.name) p
              WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'",
            "SELECT type || ' ' || name FROM sqlite_schema
              WHERE type IN ('index', 'trigger') AND name NOT LIKE 'sqlite_%'",
        ],
    );
    let mut pg = schema_names(
        &mut dbs[1].0,
        &[
            "SELECT 'column ' || table_name::text || '.' || column_name::text
               FROM information_schema.columns
              WHERE table_schema = current_schema() AND table_name <> 'catool_schema'",
            "SELECT 'index ' || indexname::text FROM pg_indexes
              WHERE schemaname = current_schema()
                AND indexname NOT IN (SELECT conname FROM pg_constraint)",
            "SELECT 'trigger ' || tgname::text FROM pg_trigger WHERE NOT tgisinternal",
        ],
    );
    // PostgreSQL's one addition: TRUNCATE fires no row trigger.
    assert!(pg.remove("trigger events_no_truncate"));
    assert_eq!(
        sqlite.symmetric_difference(&pg).collect::<Vec<_>>(),
        Vec::<&String>::new()
    );
    assert!(sqlite.len() > 150, "{}", sqlite.len());
}

fn at() -> Stamp {
    Stamp::parse("2026-03-01T08:00:00Z").unwrap()
}

fn new_person<'a>(name: &'a str, id_number: &'a str) -> persons::NewPerson<'a> {
    persons::NewPerson {
        name,
        id_type: IdType::Resident,
        id_number,
        email: Some("zw@example.cn"),
        phone: None,
        at: at(),
    }
}

fn new_org<'a>(name: &'a str, uscc: &'a str) -> orgs::NewOrg<'a> {
    orgs::NewOrg {
        name,
        uscc,
        legal_rep_name: "李娜",
        legal_rep_id_number: "11010519491231002X",
        at: at(),
    }
}

#[test]
fn persons_are_stored_paged_and_resolved_the_same_on_sqlite_and_postgres() {
    let mut seen = Vec::new();
    for (mut db, _dir) in both() {
        let found = db
            .write(|tx| {
                let a = persons::insert(tx, &new_person("张伟", "11010519491231002X"))?;
                persons::insert(tx, &new_person("王芳", "110105194912310037"))?;
                persons::insert(tx, &new_person("张伟", "110105194912310045"))?;
                let by_lower = persons::resolve(tx, "11010519491231002x")?;
                let by_id = persons::resolve(tx, &a.to_string())?;
                let ambiguous = persons::resolve(tx, "张伟").unwrap_err();
                let exact = persons::find(tx, IdType::Resident, "110105194912310037")?;
                Ok((
                    (by_lower.id, by_id.id, exact.map(|p| p.name)),
                    ambiguous.typed::<RegistryError>().cloned(),
                    persons::list(tx, -1, 0)?.len(),
                    persons::list(tx, 1, 1)?,
                ))
            })
            .unwrap();
        let (ids, ambiguous, all, page) = found;
        assert_eq!(ids.0, ids.1, "{}", db.shown());
        assert_eq!(ids.2.as_deref(), Some("王芳"), "{}", db.shown());
        let Some(RegistryError::PersonAmbiguous { candidates, .. }) = &ambiguous else {
            panic!("{ambiguous:?}");
        };
        assert_eq!(candidates.len(), 2);
        assert_eq!((all, page.len()), (3, 1), "{}", db.shown());
        assert_eq!(page[0].email.as_deref(), Some("zw@example.cn"));
        seen.push(format!("{page:?} {ambiguous:?}"));
    }
    assert_eq!(seen[0], seen[1]);
}

#[test]
fn a_person_is_registered_once_per_id_number_on_both_backends() {
    for (mut db, _dir) in both() {
        let e = db
            .write(|tx| {
                persons::insert(tx, &new_person("张伟", "11010519491231002X"))?;
                persons::insert(tx, &new_person("张伟", "11010519491231002X"))
            })
            .unwrap_err();
        assert_eq!(
            e.typed::<RegistryError>(),
            Some(&RegistryError::PersonTaken {
                id_type: IdType::Resident,
                id_number: "11010519491231002X".into()
            }),
            "{}",
            db.shown()
        );
    }
}

#[test]
fn enterprises_and_their_administrator_read_the_same_on_sqlite_and_postgres() {
    let mut seen = Vec::new();
    for (mut db, _dir) in both() {
        let (org, members, of_person, page) = db
            .write(|tx| {
                let zhang = persons::insert(tx, &new_person("张伟", "11010519491231002X"))?;
                let wang = persons::insert(tx, &new_person("王芳", "110105194912310037"))?;
                let org = orgs::insert(tx, &new_org("示例科技有限公司", "91110000MA01ABCD1X"))?;
                orgs::insert(tx, &new_org("另一公司", "91110000MA01ABCD2X"))?;
                orgs::add_member(tx, org, zhang, Role::Admin, at())?;
                orgs::add_member(tx, org, wang, Role::Member, at())?;
                orgs::move_admin(tx, org, zhang, wang)?;
                orgs::set_authorized(tx, org, AuthMethod::Letter, Some("letter.pdf"), at())?;
                let by_uscc = orgs::resolve(tx, "91110000ma01abcd1x")?;
                assert_eq!(orgs::resolve(tx, "示例科技有限公司")?.id, by_uscc.id);
                assert_eq!(
                    orgs::find_by_name(tx, "另一公司")?.map(|o| o.id),
                    Some(org + 1)
                );
                let found = orgs::find_by_uscc(tx, "91110000MA01ABCD1X")?;
                assert_eq!(found.map(|o| o.id), Some(org));
                assert!(orgs::membership(tx, org, zhang)?.is_some());
                Ok((
                    by_uscc,
                    orgs::members(tx, org)?,
                    orgs::memberships_of(tx, zhang)?,
                    (orgs::list(tx, -1, 0)?.len(), orgs::list(tx, 5, 1)?.len()),
                ))
            })
            .unwrap();
        let admin = org.admin.as_ref().map(|p| p.name.as_str());
        assert_eq!(admin, Some("王芳"), "{}", db.shown());
        assert_eq!(org.auth_method, Some(AuthMethod::Letter), "{}", db.shown());
        let roles: Vec<_> = members
            .iter()
            .map(|m| (m.person_name.as_str(), m.role))
            .collect();
        assert_eq!(roles, [("王芳", Role::Admin), ("张伟", Role::Member)]);
        assert_eq!(of_person.len(), 1);
        assert_eq!(page, (2, 1), "{}", db.shown());
        seen.push(format!("{org:?} {members:?}"));
    }
    assert_eq!(seen[0], seen[1]);
}

#[test]
fn an_enterprise_is_registered_once_per_uscc_and_removed_members_are_gone_on_both() {
    for (mut db, _dir) in both() {
        let (taken, left) = db
            .write(|tx| {
                let p = persons::insert(tx, &new_person("张伟", "11010519491231002X"))?;
                let org = orgs::insert(tx, &new_org("示例", "91110000MA01ABCD1X"))?;
                orgs::add_member(tx, org, p, Role::Member, at())?;
                orgs::remove_member(tx, org, p)?;
                let left = orgs::members(tx, org)?.len();
                let e = orgs::insert(tx, &new_org("又一个", "91110000MA01ABCD1X")).unwrap_err();
                Ok((e.typed::<RegistryError>().cloned(), left))
            })
            .unwrap();
        assert_eq!(left, 0, "{}", db.shown());
        assert_eq!(
            taken,
            Some(RegistryError::UsccTaken {
                uscc: "91110000MA01ABCD1X".into()
            }),
            "{}",
            db.shown()
        );
    }
}
