-- catool registry: a CA's revoked certificates from an index alone (issue 17).
-- `crl` of one CA reconsiders every certificate whose row says revoked and its last CRL does
-- not list. With `certs_revoked` (0016, every CA's) that included every other CA's revoked
-- certificates, each checked against its keyed events on every CRL: 1,000 of scale-other's
-- made half of an unchanged scale-main CRL's time. This index answers one CA's (`revoked_at`
-- in it too, so SQLite reads the index alone). Its plan is checked by src/registry/plans.rs.
DROP INDEX certs_revoked;
CREATE INDEX certs_revoked_by_ca ON certs (ca_id, id, revoked_at) WHERE revoked_at IS NOT NULL;
