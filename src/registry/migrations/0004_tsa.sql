-- catool registry, schema version 4: time-stamping authorities (RFC 3161). A TSA belongs to
-- a registry CA, which issued its certificate (extendedKeyUsage timeStamping, critical); its
-- key is sealed under the master key like a CA key. Serial numbers of its tokens are handed
-- out from next_serial, one per token, and never reused.
-- No ALTER TABLE here: the schema check on open compares every object's SQL text with a
-- fresh run of all migrations.

CREATE TABLE tsas (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    ca_id       INTEGER NOT NULL REFERENCES cas(id),
    algo        TEXT NOT NULL CHECK (algo IN ('sm2', 'rsa2048', 'rsa3072', 'rsa4096')),
    cert_der    BLOB NOT NULL,
    key_sealed  BLOB NOT NULL,          -- AEAD-sealed PKCS#8 under the master key
    policy_oid  TEXT NOT NULL,
    not_after   TEXT NOT NULL,
    next_serial INTEGER NOT NULL DEFAULT 1 CHECK (next_serial >= 1),
    created_at  TEXT NOT NULL
) STRICT;

-- Token serials are unique per TSA: the counter only goes up, one step at a time.
CREATE TRIGGER tsa_serial_forward BEFORE UPDATE OF next_serial ON tsas
WHEN NEW.next_serial <> OLD.next_serial + 1
BEGIN
    SELECT RAISE(ABORT, 'a TSA''s token serial numbers are never reused');
END;

-- A TSA's identity (its CA, certificate and key) never changes; a new one gets a new row.
CREATE TRIGGER tsa_identity_fixed BEFORE UPDATE OF name, ca_id, algo, cert_der, key_sealed, policy_oid ON tsas
BEGIN
    SELECT RAISE(ABORT, 'a TSA''s name, CA, certificate and key never change');
END;

-- D21: what the history speaks of is never deleted.
CREATE TRIGGER tsas_never_deleted BEFORE DELETE ON tsas
BEGIN
    SELECT RAISE(ABORT, 'D21: TSAs are never deleted');
END;
