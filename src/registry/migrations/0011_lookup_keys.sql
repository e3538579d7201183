-- catool registry: each certificate's SHA-256 fingerprint and the SHA-256 of its public key
-- (DER SubjectPublicKeyInfo), indexed, so that `cert show SHA256` and "the certificates of
-- this key" (D11: revoke, freeze, crl, pdf verify) are index lookups instead of hashing every
-- body (issue 17); and the entries of each CA's last CRL, which the next one starts from
-- (below). Add-only.
-- SQLite has no SHA-256 function, so the columns of existing rows are filled by catool right
-- after this migration, in the same transaction (registry::certs::backfill_lookup_keys), and
-- every new row's by certs::insert. They are lookup keys, NOT trusted: whoever finds a row by
-- them checks its body (and the body's keyed event) before believing it.
ALTER TABLE certs ADD COLUMN sha256 TEXT;
ALTER TABLE certs ADD COLUMN key_sha256 TEXT;
CREATE INDEX certs_by_sha256 ON certs (sha256);
CREATE INDEX certs_by_key ON certs (key_sha256);

-- The entries of each CA's last CRL (one line each: certificate id, serial, reason, date),
-- which the next CRL starts from: believed only when their SHA-256 is the one the keyed
-- `ca.crl` event of that CRL recorded (domain::crl_delta); otherwise the next CRL is built
-- from every certificate, as before.
ALTER TABLE ca_crl ADD COLUMN last_entries BLOB;

-- `cert list --expiring N`: the state a listing decides with (id, status, locked, end), from
-- the index alone; 0009's certs_active_by_end made it read each certificate's row (16,000
-- scattered pages at scale) before it could sort them by id.
CREATE INDEX certs_active_by_end_state ON certs (not_after, locked, status)
    WHERE status = 'active';
