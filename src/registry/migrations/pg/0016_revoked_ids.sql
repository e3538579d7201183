-- PostgreSQL translation of ../0016_revoked_ids.sql (the same statement).
-- catool registry: the ids of the revoked certificates from an index alone (issue 17). Add-only.
-- `crl` collects every certificate whose row says revoked (a revocation only a row records is
-- listed, never dropped): an index-only scan instead of reading each candidate's whole row.
CREATE INDEX certs_revoked ON certs (id, revoked_at) WHERE revoked_at IS NOT NULL;
