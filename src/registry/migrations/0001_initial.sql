-- catool registry, schema version 1: the whole mission's tables.
-- Rules enforced here where a constraint can do it (ids refer to ../shared/DOMAIN.md):
--   D1 unique USCC, authorization method; D2 one administrator per enterprise;
--   D3 package paid once; D4 slot kinds/states; D5 owner set once; D12 certificate states;
--   D21 history append-only.

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

INSERT INTO settings (key, value) VALUES
    ('package.price_per_year', '300'),
    ('package.enterprise_slots', '1'),
    ('package.personal_slots', '2'),
    ('kdf.memory_kib', '19456'),
    ('kdf.iterations', '2');

CREATE TABLE cas (
    id              INTEGER PRIMARY KEY,
    name            TEXT NOT NULL UNIQUE,
    algo            TEXT NOT NULL CHECK (algo IN ('sm2', 'rsa2048', 'rsa3072', 'rsa4096')),
    cert_der        BLOB NOT NULL,
    key_sealed      BLOB NOT NULL,          -- AEAD-sealed PKCS#8, never clear text
    not_after       TEXT NOT NULL,
    next_crl_number INTEGER NOT NULL DEFAULT 1,
    created_at      TEXT NOT NULL
) STRICT;

CREATE TABLE orgs (
    id                   INTEGER PRIMARY KEY,
    name                 TEXT NOT NULL,
    uscc                 TEXT NOT NULL UNIQUE,                 -- D1
    legal_rep_name       TEXT NOT NULL,
    legal_rep_id_number  TEXT NOT NULL,
    authorized_at        TEXT,
    auth_method          TEXT CHECK (auth_method IN ('face', 'letter')),
    auth_evidence        TEXT,
    created_at           TEXT NOT NULL,
    CHECK ((authorized_at IS NULL) = (auth_method IS NULL))
) STRICT;

CREATE TABLE persons (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    id_type     TEXT NOT NULL CHECK (id_type IN ('resident', 'passport', 'other')),
    id_number   TEXT NOT NULL,
    email       TEXT,
    phone       TEXT,
    created_at  TEXT NOT NULL,
    UNIQUE (id_type, id_number)
) STRICT;

CREATE TABLE memberships (
    org_id     INTEGER NOT NULL REFERENCES orgs(id),
    person_id  INTEGER NOT NULL REFERENCES persons(id),
    role       TEXT NOT NULL CHECK (role IN ('admin', 'member')),
    joined_at  TEXT NOT NULL,
    PRIMARY KEY (org_id, person_id)
) STRICT;

-- D2: exactly one administrator per enterprise (at most one here; the commands keep one).
CREATE UNIQUE INDEX one_admin_per_org ON memberships (org_id) WHERE role = 'admin';

CREATE TABLE packages (
    id                INTEGER PRIMARY KEY,
    org_id            INTEGER NOT NULL REFERENCES orgs(id),
    years             INTEGER NOT NULL CHECK (years > 0),
    price_cny         INTEGER NOT NULL CHECK (price_cny >= 0),
    enterprise_slots  INTEGER NOT NULL CHECK (enterprise_slots >= 0),
    personal_slots    INTEGER NOT NULL CHECK (personal_slots >= 0),
    status            TEXT NOT NULL CHECK (status IN ('unpaid', 'paid')),
    bought_at         TEXT NOT NULL,
    paid_at           TEXT,
    CHECK ((status = 'paid') = (paid_at IS NOT NULL))
) STRICT;

-- D3: a paid package stays paid.
CREATE TRIGGER package_paid_once BEFORE UPDATE OF status ON packages
WHEN OLD.status = 'paid'
BEGIN
    SELECT RAISE(ABORT, 'D3: package already paid');
END;

CREATE TABLE slots (
    id                INTEGER PRIMARY KEY,
    package_id        INTEGER NOT NULL REFERENCES packages(id),
    org_id            INTEGER NOT NULL REFERENCES orgs(id),
    kind              TEXT NOT NULL CHECK (kind IN ('enterprise', 'personal')),
    state             TEXT NOT NULL DEFAULT 'unassigned'
                      CHECK (state IN ('unassigned', 'assigned', 'used')),
    owner_person_id   INTEGER REFERENCES persons(id),
    holder_person_id  INTEGER REFERENCES persons(id),
    assigned_at       TEXT,
    CHECK ((state = 'unassigned') = (owner_person_id IS NULL))
) STRICT;

-- D5: once set, the owner can never be changed (一旦设置证书的所属人则无法修改).
CREATE TRIGGER slot_owner_set_once BEFORE UPDATE OF owner_person_id ON slots
WHEN OLD.owner_person_id IS NOT NULL
     AND NEW.owner_person_id IS NOT OLD.owner_person_id
BEGIN
    SELECT RAISE(ABORT, 'D5: slot owner already set');
END;

CREATE TABLE certs (
    id                 INTEGER PRIMARY KEY,
    slot_id            INTEGER REFERENCES slots(id),        -- NULL for imported certificates
    ca_id              INTEGER REFERENCES cas(id),          -- NULL when issued elsewhere
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
    created_at         TEXT NOT NULL,
    UNIQUE (issuer_dn, serial_hex)                           -- D14 unique serial per CA
) STRICT;

-- A slot yields at most one live certificate at a time (replaced ones are superseded).
CREATE UNIQUE INDEX one_live_cert_per_slot ON certs (slot_id)
    WHERE slot_id IS NOT NULL AND status <> 'superseded';

-- D13: an account binds at most one certificate per enterprise.
CREATE UNIQUE INDEX one_binding_per_account ON certs (org_id, bound_person_id)
    WHERE bound_person_id IS NOT NULL;

CREATE TABLE seals (
    id            INTEGER PRIMARY KEY,
    org_id        INTEGER REFERENCES orgs(id),
    person_id     INTEGER REFERENCES persons(id),
    kind          TEXT NOT NULL CHECK (kind IN ('official', 'contract', 'finance', 'invoice',
                                               'legal_rep', 'name', 'signature')),
    label         TEXT NOT NULL,
    source        TEXT NOT NULL CHECK (source IN ('generated', 'uploaded', 'cleaned')),
    state         TEXT NOT NULL CHECK (state IN ('pending', 'effective', 'rejected', 'void')),
    png           BLOB NOT NULL,
    width_mm      REAL NOT NULL,
    height_mm     REAL NOT NULL,
    review_reason TEXT,
    created_at    TEXT NOT NULL,
    CHECK (org_id IS NOT NULL OR person_id IS NOT NULL)
) STRICT;

-- D18: seals assigned to a certificate's bound account; cleared by reissue (D8).
CREATE TABLE seal_assignments (
    seal_id      INTEGER NOT NULL REFERENCES seals(id),
    cert_id      INTEGER NOT NULL REFERENCES certs(id),
    assigned_at  TEXT NOT NULL,
    PRIMARY KEY (seal_id, cert_id)
) STRICT;

-- D18: a member's time-boxed authorization to use an enterprise seal.
CREATE TABLE seal_grants (
    id           INTEGER PRIMARY KEY,
    seal_id      INTEGER NOT NULL REFERENCES seals(id),
    person_id    INTEGER NOT NULL REFERENCES persons(id),
    valid_from   TEXT NOT NULL,
    valid_until  TEXT NOT NULL,
    reason       TEXT NOT NULL,
    state        TEXT NOT NULL CHECK (state IN ('requested', 'approved', 'rejected', 'revoked')),
    created_at   TEXT NOT NULL,
    CHECK (valid_until > valid_from)
) STRICT;

-- D21: history. Each event hashes its content and its predecessor's hash (tamper evidence);
-- AUTOINCREMENT keeps sqlite_sequence, which reveals deleted trailing events.
CREATE TABLE events (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    at         TEXT NOT NULL,
    actor      TEXT NOT NULL,
    action     TEXT NOT NULL,
    object     TEXT NOT NULL,
    org_id     INTEGER,
    person_id  INTEGER,
    cert_id    INTEGER,
    outcome    TEXT NOT NULL CHECK (outcome IN ('ok', 'refused')),
    details    TEXT NOT NULL,
    prev_hash  TEXT NOT NULL,
    hash       TEXT NOT NULL
) STRICT;

CREATE INDEX events_org ON events (org_id);
CREATE INDEX events_person ON events (person_id);
CREATE INDEX events_cert ON events (cert_id);

CREATE TRIGGER events_no_update BEFORE UPDATE ON events
BEGIN
    SELECT RAISE(ABORT, 'D21: history is append-only');
END;

CREATE TRIGGER events_no_delete BEFORE DELETE ON events
BEGIN
    SELECT RAISE(ABORT, 'D21: history is append-only');
END;
