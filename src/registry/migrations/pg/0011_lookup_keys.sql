-- PostgreSQL translation of ../0011_lookup_keys.sql (types as in 0001_initial.sql here).
-- catool registry: each certificate's SHA-256 fingerprint and the SHA-256 of its public key,
-- indexed (lookup keys, NOT trusted: whoever finds a row by them checks its body), and the
-- entries of each CA's last CRL, which the next one starts from. Add-only. As on SQLite the
-- columns of rows written before this migration are filled by catool, not by SQL.
ALTER TABLE certs ADD COLUMN sha256 TEXT;
ALTER TABLE certs ADD COLUMN key_sha256 TEXT;
CREATE INDEX certs_by_sha256 ON certs (sha256);
CREATE INDEX certs_by_key ON certs (key_sha256);

ALTER TABLE ca_crl ADD COLUMN last_entries BYTEA;

CREATE INDEX certs_active_by_end_state ON certs (not_after, locked, status)
    WHERE status = 'active';
