-- catool registry, schema version 2 (PostgreSQL translation of ../0002_serial_per_ca.sql): a
-- certificate serial is unique per registry CA (D14), no longer per issuer *name*; imports are
-- told apart by their bytes. PostgreSQL drops the constraint in place where SQLite rebuilds
-- the table; the indexes on certs made by 0001 stay as they are.

ALTER TABLE certs DROP CONSTRAINT certs_issuer_serial;

-- D14: serials are unique per registry CA.
CREATE UNIQUE INDEX one_serial_per_ca ON certs (ca_id, serial_hex) WHERE ca_id IS NOT NULL;
CREATE INDEX certs_by_issuer_serial ON certs (issuer_dn, serial_hex);
