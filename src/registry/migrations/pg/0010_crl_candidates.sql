-- PostgreSQL translation of ../0010_crl_candidates.sql (types and triggers as in 0001_initial.sql here).
-- catool registry: the certificates a CRL may list, by index (issue 17). Add-only.
-- `crl` reads every certificate that is revoked, frozen or superseded (which of the last two
-- are on hold the keyed history says, not `frozen_at`): migration 0009's `certs_on_crl`
-- covers only superseded ones with `frozen_at` set, so that query read the whole table.
-- Its plan is checked by src/registry/plans.rs's tests.
CREATE INDEX certs_crl_candidates ON certs (id)
    WHERE revoked_at IS NOT NULL OR status IN ('frozen', 'superseded');
