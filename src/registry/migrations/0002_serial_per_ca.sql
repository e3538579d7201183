-- catool registry, schema version 2: a certificate serial is unique per registry CA (D14),
-- no longer per issuer *name*. Two imported certificates of another CA may carry the same
-- issuer name and serial (one of them forged, made under a borrowed name): under the old
-- UNIQUE (issuer_dn, serial_hex) the one imported first, forged or not, kept the genuine one
-- out. Imports are now told apart by their bytes (SHA-256 fingerprint), and only
-- certificates a registry CA signed (ca_id set) share that CA's serial space.
--
-- SQLite cannot drop a table constraint: the table is rebuilt (its 12-step procedure; the
-- registry runs migrations with foreign keys off and checks them before committing).

CREATE TABLE certs_v2 (
    id                 INTEGER PRIMARY KEY,
    slot_id            INTEGER REFERENCES slots(id),        -- NULL for imported certificates
    ca_id              INTEGER REFERENCES cas(id),          -- NULL unless a registry CA signed it
    org_id             INTEGER REFERENCES orgs(id),
    kind               TEXT NOT NULL CHECK (kind IN ('enterprise', 'personal')),
    owner_person_id    INTEGER REFERENCES persons(id),      -- D5: the identity certified
    serial_hex         TEXT NOT NULL,
    issuer_dn          TEXT NOT NULL,
    subject_dn         TEXT NOT NULL,
    algo               TEXT NOT NULL,
    not_before         TEXT NOT NULL,
    not_after          TEXT NOT NULL,
    cert_der           BLOB NOT NULL,
    key_sealed         BLOB NOT NULL,                        -- AEAD under PIN + master key
    status             TEXT NOT NULL DEFAULT 'active'
                       CHECK (status IN ('active', 'revoked', 'frozen', 'superseded')),
    revoked_at         TEXT,
    revoke_reason      TEXT,
    frozen_at          TEXT,                                 -- on hold since (CRL date)
    wrong_pins         INTEGER NOT NULL DEFAULT 0,
    locked             INTEGER NOT NULL DEFAULT 0 CHECK (locked IN (0, 1)),   -- D11
    holder_person_id   INTEGER REFERENCES persons(id),
    bound_person_id    INTEGER REFERENCES persons(id),       -- D13
    bound_at           TEXT,
    replaces_cert_id   INTEGER REFERENCES certs(id),         -- D8 reissue / D9 extension
    created_at         TEXT NOT NULL
) STRICT;

INSERT INTO certs_v2 (id, slot_id, ca_id, org_id, kind, owner_person_id, serial_hex, issuer_dn,
        subject_dn, algo, not_before, not_after, cert_der, key_sealed, status, revoked_at,
        revoke_reason, frozen_at, wrong_pins, locked, holder_person_id, bound_person_id,
        bound_at, replaces_cert_id, created_at)
    SELECT id, slot_id, ca_id, org_id, kind, owner_person_id, serial_hex, issuer_dn,
        subject_dn, algo, not_before, not_after, cert_der, key_sealed, status, revoked_at,
        revoke_reason, frozen_at, wrong_pins, locked, holder_person_id, bound_person_id,
        bound_at, replaces_cert_id, created_at
    FROM certs;

DROP TABLE certs;
ALTER TABLE certs_v2 RENAME TO certs;

-- D14: serials are unique per registry CA.
CREATE UNIQUE INDEX one_serial_per_ca ON certs (ca_id, serial_hex) WHERE ca_id IS NOT NULL;
CREATE INDEX certs_by_issuer_serial ON certs (issuer_dn, serial_hex);

-- As in v1: a slot yields at most one live certificate at a time.
CREATE UNIQUE INDEX one_live_cert_per_slot ON certs (slot_id)
    WHERE slot_id IS NOT NULL AND status <> 'superseded';

-- As in v1, D13: an account binds at most one certificate per enterprise.
CREATE UNIQUE INDEX one_binding_per_account ON certs (org_id, bound_person_id)
    WHERE bound_person_id IS NOT NULL;
