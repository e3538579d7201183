-- PostgreSQL translation of ../0017_revoked_by_ca.sql (the same statements).
-- catool registry: a CA's revoked certificates from an index alone (issue 17): `crl` of one
-- CA no longer reconsiders every other CA's revoked certificates.
DROP INDEX certs_revoked;
CREATE INDEX certs_revoked_by_ca ON certs (ca_id, id, revoked_at) WHERE revoked_at IS NOT NULL;
