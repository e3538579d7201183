-- PostgreSQL translation of ../0003_keyed_history.sql (types and triggers as in 0001_initial.sql here).
-- catool registry, schema version 2: history keyed under the master key (D21), and the state
-- rules a trigger can hold, so a plain `sqlite3 registry.db "UPDATE …"` is refused.
-- No ALTER TABLE here: the schema check on open compares every object's SQL text with a
-- fresh run of all migrations, which ALTER would make differ.

-- A registry that already has events was chained with plain SHA-256 (schema v1). The first
-- catool run that holds the master key re-keys it once (domain::history) and records that.
INSERT INTO settings (key, value)
SELECT 'history.rekey_pending', 'v1' WHERE EXISTS (SELECT 1 FROM events);

-- D12: revoked and superseded are final; the date and reason of a revocation go on CRLs.
CREATE TRIGGER cert_revocation_final BEFORE UPDATE OF status, revoked_at, revoke_reason ON certs FOR EACH ROW
WHEN (OLD.status IN ('revoked', 'superseded'))
EXECUTE FUNCTION catool_refuse('D12: a revoked or superseded certificate stays so');

-- D11: only a reissue (a new certificate) ends a lock.
CREATE TRIGGER cert_lock_holds BEFORE UPDATE OF locked ON certs FOR EACH ROW
WHEN (OLD.locked = 1 AND NEW.locked IS DISTINCT FROM 1)
EXECUTE FUNCTION catool_refuse('D11: a locked certificate stays locked; reissue it');

-- D18: a void seal is never usable again.
CREATE TRIGGER seal_void_final BEFORE UPDATE OF state ON seals FOR EACH ROW
WHEN (OLD.state = 'void')
EXECUTE FUNCTION catool_refuse('D18: a void seal stays void');

-- D21: what the history speaks of is never deleted.
CREATE TRIGGER certs_never_deleted BEFORE DELETE ON certs FOR EACH ROW
EXECUTE FUNCTION catool_refuse('D21: certificates are never deleted');

CREATE TRIGGER seals_never_deleted BEFORE DELETE ON seals FOR EACH ROW
EXECUTE FUNCTION catool_refuse('D21: seals are never deleted');

CREATE TRIGGER grants_never_deleted BEFORE DELETE ON seal_grants FOR EACH ROW
EXECUTE FUNCTION catool_refuse('D21: seal grants are never deleted');
