-- catool registry: the ids of the revoked certificates from an index alone (issue 17). Add-only.
-- `crl` collects every certificate whose row says revoked (a revocation only a row records is
-- listed, never dropped). Through `certs_crl_candidates` (0010) SQLite read each candidate's
-- whole row (its body and sealed key) to test `revoked_at`: 41,000 rows, about 100 ms of a
-- 40,000-entry CRL. This index holds both columns the query needs. Its plan is checked by
-- src/registry/plans.rs's tests.
CREATE INDEX certs_revoked ON certs (id, revoked_at) WHERE revoked_at IS NOT NULL;
