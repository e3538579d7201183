-- catool registry, schema version 13: GB/T 38540 electronic seals (issue 19). A seal-making
-- authority (制章者) belongs to a registry CA, which issued its certificate; its key is sealed
-- under the master key like a CA key. Every SES_Seal structure (.esl) the registry holds is
-- one row of seal_structures, append-only: a seal's current structure is its newest row; an
-- assignment change, a void or a reissue adds a new row (new esID), never edits one.
-- Add-only. No ALTER TABLE here: the schema check on open compares every object's SQL text
-- with a fresh run of all migrations.

CREATE TABLE seal_makers (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    ca_id       INTEGER NOT NULL REFERENCES cas(id),
    algo        TEXT NOT NULL CHECK (algo IN ('sm2', 'rsa2048', 'rsa3072', 'rsa4096')),
    cert_der    BLOB NOT NULL,
    key_sealed  BLOB NOT NULL,          -- AEAD-sealed PKCS#8 under the master key
    not_after   TEXT NOT NULL,
    created_at  TEXT NOT NULL
) STRICT;

-- A maker's identity (its CA, certificate and key) never changes; a new one gets a new row.
CREATE TRIGGER seal_maker_fixed BEFORE UPDATE ON seal_makers
BEGIN
    SELECT RAISE(ABORT, 'a seal maker''s name, CA, certificate and key never change');
END;

-- D21: what the history speaks of is never deleted.
CREATE TRIGGER seal_makers_never_deleted BEFORE DELETE ON seal_makers
BEGIN
    SELECT RAISE(ABORT, 'D21: seal makers are never deleted');
END;

CREATE TABLE seal_structures (
    id          INTEGER PRIMARY KEY,
    seal_id     INTEGER NOT NULL REFERENCES seals(id),
    maker_id    INTEGER REFERENCES seal_makers(id),  -- NULL: imported, made elsewhere
    es_id       TEXT NOT NULL UNIQUE,
    version     INTEGER NOT NULL,
    cert_ids    TEXT NOT NULL,          -- the registry certificates in certList, JSON array
    valid_start TEXT NOT NULL,
    valid_end   TEXT NOT NULL,
    reason      TEXT NOT NULL,          -- why it was issued: effective, assign, void, reissue, import
    der         BLOB NOT NULL,          -- the SES_Seal, DER (the .esl file)
    created_at  TEXT NOT NULL
) STRICT;

CREATE INDEX seal_structures_by_seal ON seal_structures (seal_id, id);

-- D21: a structure once issued is history: append-only.
CREATE TRIGGER seal_structures_no_update BEFORE UPDATE ON seal_structures
BEGIN
    SELECT RAISE(ABORT, 'D21: seal structures are append-only');
END;

CREATE TRIGGER seal_structures_no_delete BEFORE DELETE ON seal_structures
BEGIN
    SELECT RAISE(ABORT, 'D21: seal structures are append-only');
END;
