-- PostgreSQL translation of ../0006_trust_anchors_fixed.sql (types and triggers as in 0001_initial.sql here).
-- Stop 12 (red team): what a CA is, and what revoking a key covers.

-- A CA's identity (its certificate, the trust anchor every verdict starts from) never changes
-- once made; nor is a CA ever deleted. Like tsa_identity_fixed (0004). An attacker who drops
-- these triggers is still caught by `log verify`: ca.init events carry the certificate.
CREATE TRIGGER ca_identity_fixed BEFORE UPDATE OF name, algo, cert_der, key_sealed ON cas FOR EACH ROW
EXECUTE FUNCTION catool_refuse('a CA''s certificate and key never change');

CREATE TRIGGER cas_never_deleted BEFORE DELETE ON cas FOR EACH ROW
EXECUTE FUNCTION catool_refuse('a CA is never deleted');

-- D12 as before (revoked and superseded are final), with one addition: a certificate
-- superseded by an extension that kept its key (not revoked then) is revoked with that key
-- when its successor is; its status stays superseded, and only once.
DROP TRIGGER cert_revocation_final ON certs;
CREATE TRIGGER cert_revocation_final BEFORE UPDATE OF status, revoked_at, revoke_reason ON certs FOR EACH ROW
WHEN (OLD.status = 'revoked'
  OR (OLD.status = 'superseded'
      AND NOT (OLD.revoked_at IS NULL AND NEW.status = 'superseded' AND NEW.revoked_at IS NOT NULL)))
EXECUTE FUNCTION catool_refuse('D12: a revoked or superseded certificate stays so');
