-- PostgreSQL translation of ../0009_scale_indexes.sql (types and triggers as in 0001_initial.sql here).
-- catool registry, schema version 9: indexes for a registry at scale (issue 17: 200,000
-- certificates, 1,000,000 events). Add-only. Each index serves a query shape named beside
-- it; without them those queries read every row of their table. `EXPLAIN QUERY PLAN` of each
-- is checked by src/registry/plans.rs's tests.

-- Certificates: `cert list --org`, `--person` (owner, holder or bound account: one lookup
-- each, SQLite's OR optimisation), `--expiring` (live certificates by end of validity), the
-- certificate that replaced one (every certificate read names it), `cert show SERIAL` and
-- `cert list --serial` (the serial as typed, normalised), and the CRL's entries.
CREATE INDEX certs_by_org ON certs (org_id);
CREATE INDEX certs_by_owner ON certs (owner_person_id);
CREATE INDEX certs_by_holder ON certs (holder_person_id);
CREATE INDEX certs_by_bound ON certs (bound_person_id) WHERE bound_person_id IS NOT NULL;
CREATE INDEX certs_active_by_end ON certs (not_after) WHERE status = 'active';
CREATE INDEX certs_by_replaced ON certs (replaces_cert_id) WHERE replaces_cert_id IS NOT NULL;
CREATE INDEX certs_by_serial ON certs (ltrim(replace(upper(serial_hex), ':', ''), '0'));
CREATE INDEX certs_on_crl ON certs (id)
    WHERE revoked_at IS NOT NULL OR status = 'frozen'
       OR (status = 'superseded' AND frozen_at IS NOT NULL);

-- Slots: an enterprise's and a package's slots, a person's, and those waiting for import.
CREATE INDEX slots_by_org ON slots (org_id);
CREATE INDEX slots_by_package ON slots (package_id);
CREATE INDEX slots_by_owner ON slots (owner_person_id) WHERE owner_person_id IS NOT NULL;
CREATE INDEX slots_by_holder ON slots (holder_person_id) WHERE holder_person_id IS NOT NULL;
CREATE INDEX slots_assigned ON slots (id) WHERE state = 'assigned';

CREATE INDEX packages_by_org ON packages (org_id);
CREATE INDEX memberships_by_person ON memberships (person_id);

-- People and enterprises by what operators type: an ID number or a name (`--person`,
-- `--org`, `--owner`).
CREATE INDEX persons_by_id_number ON persons (id_number);
CREATE INDEX persons_by_name ON persons (name);
CREATE INDEX orgs_by_name ON orgs (name);
